//! The terminal: setting it up and restoring it, the event loop, autosave.
//!
//! The loop blocks on one channel (terminal events, signals, changes on disk; see [`input`])
//! with a time-out that is the next autosave, so an idle journeymap uses no CPU. It takes
//! everything waiting before it draws, draws only after something happened (what background
//! work brought, once the keys pause; see [`news`]), and saves within a second of an edit (by
//! default; the config file may set another autosave delay). Suspending saves, then gives the
//! terminal back to the shell until `fg`.

mod editor;
mod error;
mod exporting;
mod frames;
pub mod give_way;
mod input;
mod news;
mod prepare;
mod present;
mod rows;
mod save;
mod sgr;
mod terminal;
mod watch;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use crate::storage::session::{self, Look, Opened, ReadBack, Reload, Session, TakenIn};
pub use error::Error;
use input::Wake;
pub use present::{PresentOptions, present};

use crate::app::{App, Effect, Msg};
use crate::model::Clock;

/// The longest the loop sleeps: once a second it looks at the file (where inotify does not
/// work) and whether a lock it waits for was freed.
const IDLE: Duration = Duration::from_secs(1);

/// Options of the screen.
#[derive(Clone, Debug)]
pub struct Options {
    /// Take mouse clicks and the wheel (off: the terminal's own text selection works).
    pub mouse: bool,
    /// The config file's settings (theme, autosave delay, keys).
    pub config: crate::config::Config,
    /// Words for the status line at start: where a first run put the sample, or what is
    /// wrong in the config file.
    pub notice: Option<String>,
}

/// Opens the workspace at `path` on the terminal until the user quits.
pub fn run(path: &Path, options: Options) -> Result<(), Error> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::Terminal(
            "journeymap needs a terminal to show a workspace; for scripts use `journeymap check` or `journeymap gaps`".into(),
        ));
    }
    let (wake, inbox) = std::sync::mpsc::channel();
    let worker = save::Worker::start(wake.clone()).map_err(|e| {
        Error::Terminal(format!(
            "cannot start saving: {}",
            crate::storage::disk::io_words(&e)
        ))
    })?;
    let Opened {
        mut session,
        workspace,
        read_only,
        problems,
    } = worker.open(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Made before any thread starts, so it knows the local time zone (see `Clock`).
    let clock = Clock::local();
    let mut app = App::new(workspace, file_name, clock.today(), read_only)
        .with_search_text_coming()
        .with_keymap(options.config.keymap.clone())
        .with_problems(crate::app::views::FileProblems {
            list: problems,
            path: path.display().to_string(),
        });

    let depth = crate::ui::theme::Depth::from_env();
    crate::ui::theme::install(options.config.theme.clone().for_depth(depth));
    let mut screen = terminal::Screen::enter(options.mouse, depth).map_err(|e| {
        Error::Terminal(format!(
            "cannot set up the terminal: {}",
            crate::storage::disk::io_words(&e)
        ))
    })?;
    if let Err(e) = input::feed(&wake) {
        drop(screen);
        return Err(Error::Terminal(format!(
            "cannot watch the terminal: {}",
            crate::storage::disk::io_words(&e)
        )));
    }
    let mut preparing = prepare::Preparing::new(wake.clone());
    let exports = exporting::Exporting::new(wake.clone());
    let rows = rows::Rows::new(wake.clone());
    let _watch = watch::start(&session.path, wake);
    let mut background = Background {
        worker,
        schedule: save::Schedule::new(options.config.autosave),
        reading: false,
        held: news::Held::default(),
        exports,
        rows,
    };
    if let Some(notice) = options.notice {
        // A notice asks nothing of the loop.
        let _ = app.update(Msg::Done(notice));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut screen,
            &inbox,
            &mut app,
            &mut session,
            &mut background,
            &mut preparing,
            clock,
        )
    }));

    // Whatever happened, no accepted edit is lost: save, or write a recovery copy — before
    // anything touches the terminal, which may be gone.
    let kept = keep_edits(&app, &mut session, &mut background);
    // An export being written is finished, not cut off with its temporary file left behind.
    background.exports.wait();
    drop(screen);
    // Every edit is saved or in a recovery copy by now, and the terminal is back: freeing a
    // workspace of a million entries piece by piece would keep the process alive most of a
    // second longer, so it is left to the end of the process. The lock goes with `session`.
    std::mem::forget(app);
    match (outcome, kept) {
        (Ok(Ok(())), Ok(())) => Ok(()),
        (Ok(Ok(())), Err(message)) => Err(Error::Ended(message)),
        (Ok(Err(message)), kept) => Err(Error::Ended(join(message, kept))),
        (Err(_), kept) => Err(Error::Ended(join(
            "journeymap stopped on an internal error".into(),
            kept,
        ))),
    }
}

fn join(first: String, kept: Result<(), String>) -> String {
    match kept {
        Ok(()) => format!("{first}; every edit was saved"),
        Err(message) => format!("{first}; {message}"),
    }
}

/// Saves unsaved edits at exit, after the job that is running, if one is; if that fails (or
/// this session lost the lock), writes them to a recovery file.
fn keep_edits(app: &App, session: &mut Session, background: &mut Background) -> Result<(), String> {
    if background.must_finish_before_quitting(session.unsaved(&app.ws))
        && let Some(done) = background.wait_done()
    {
        match done {
            save::Done::Saved(landed) => {
                let _ = session.land(*landed);
            }
            // A change on disk that the workspace shown has not taken in is left alone: the
            // save below is then refused and the edits go to a recovery copy, never over it.
            save::Done::Read(found @ (ReadBack::Unchanged(_) | ReadBack::Gone)) => {
                let _ = session.take_in(found, &app.ws);
            }
            save::Done::Read(_) => {}
        }
    }
    if !session.unsaved(&app.ws) {
        return Ok(());
    }
    let saved = match app.read_only() {
        Some(reason) => Err(reason.to_string()),
        None => session.save(&app.ws),
    };
    match saved {
        Ok(()) => Ok(()),
        Err(reason) => match session.write_recovery(&app.ws) {
            Ok(path) => Err(format!(
                "could not save {} ({reason}); your edits are in {}",
                session.path.display(),
                path.display()
            )),
            Err(second) => Err(format!(
                "could not save {} ({reason}) nor write a recovery copy ({second})",
                session.path.display()
            )),
        },
    }
}

/// Everything that runs behind the screen while the loop answers keys: the save worker, what it
/// is doing and when the next save runs; the exports being written; and the views' jobs (the
/// inventory's rows, the items the calendar's filter keeps). The search's text, prepared once
/// after opening, is [`prepare::Preparing`]'s.
struct Background {
    /// Saves the workspace and reads the file when it changed on disk, one at a time.
    worker: save::Worker,
    schedule: save::Schedule,
    /// A read of the file (changed on disk) is running on the worker, or is done and held.
    reading: bool,
    /// What the worker did, when it is a read of the file kept from the app until the keys
    /// pause (see [`news`]).
    held: news::Held,
    exports: exporting::Exporting,
    rows: rows::Rows,
}

impl Background {
    /// What the worker did, if it is done, unless it is a read of the file that `typing` holds
    /// back (see [`news`]).
    fn next_done(&mut self, typing: &news::Typing, now: Instant) -> Option<save::Done> {
        self.held.next(&self.worker, typing, now)
    }

    /// Waits for what the worker did (at once when it is done and held back).
    fn wait_done(&mut self) -> Option<save::Done> {
        self.held.wait_done(&self.worker)
    }

    /// Whether the worker is saving or reading.
    fn busy(&self) -> bool {
        self.schedule.running() || self.reading
    }

    /// Whether quitting waits for the worker: for a save, always (it holds the file's next
    /// bytes); for a read of another user's change, only when there are edits it must be
    /// merged with. Without edits nothing of the read is needed, and reading a large file
    /// takes seconds the user should not wait to quit.
    fn must_finish_before_quitting(&self, unsaved: bool) -> bool {
        self.schedule.running() || (self.reading && unsaved)
    }

    /// Starts a save of the workspace as it is now. Only a snapshot is taken here (O(1)); the
    /// worker encodes and writes it.
    fn start_save(&mut self, app: &App, session: &Session) -> Option<save::Done> {
        self.schedule.started();
        let job = session.save_job(app.ws.snapshot());
        self.worker.start_job(save::Job::Save(Box::new(job)))
    }

    /// Starts reading the file that changed on disk.
    fn start_read(&mut self, job: Box<session::ReadJob>) -> Option<save::Done> {
        self.reading = true;
        self.worker.start_job(save::Job::Read(job))
    }

    /// Looks whether the file changed on disk (one `stat`); if it did, starts reading it on the
    /// worker. Not while a save runs (the file is then ours in the middle of changing), nor while
    /// the last change is still being read. Returns what to tell the app.
    fn look(&mut self, app: &App, session: &mut Session) -> Vec<Msg> {
        if self.busy() {
            return Vec::new();
        }
        match session.look_at_disk(&app.ws) {
            Look::Nothing => Vec::new(),
            Look::Gone(words) => {
                self.schedule.clear();
                vec![Msg::Saved(Err(words))]
            }
            Look::Read(job) => {
                let mut told = vec![Msg::Reloading(true)];
                if let Some(done) = self.start_read(job) {
                    told.extend(self.done(done, app, session));
                }
                told
            }
        }
    }

    /// Takes in what the worker did; returns what to tell the app.
    fn done(&mut self, done: save::Done, app: &App, session: &mut Session) -> Vec<Msg> {
        match done {
            save::Done::Saved(landed) => self.landed(*landed, app, session).into_iter().collect(),
            save::Done::Read(found) => {
                self.reading = false;
                match session.take_in(found, &app.ws) {
                    TakenIn::Nothing => vec![Msg::Reloading(false)],
                    TakenIn::Again(job) => match self.start_read(job) {
                        Some(done) => self.done(done, app, session),
                        None => Vec::new(),
                    },
                    TakenIn::Reload(reload) => {
                        // What was due is moot; a merge asks for its own save.
                        self.schedule.clear();
                        vec![Msg::Reloading(false), reloaded(*reload, &self.worker)]
                    }
                }
            }
        }
    }

    /// Takes in a save that landed; returns what to tell the app: the status says `saved` only
    /// when nothing is left to save.
    fn landed(&mut self, landed: session::Landed, app: &App, session: &mut Session) -> Option<Msg> {
        let result = session.land(landed);
        let unsaved = session.unsaved(&app.ws);
        self.schedule
            .landed(Instant::now(), result.is_ok(), unsaved);
        match result {
            Ok(()) if unsaved => None,
            result => Some(Msg::Saved(result)),
        }
    }

    /// Saves now what is unsaved, waiting for it to land (and for the job already running,
    /// whose outcome the app takes in first); returns the effects the app asked for meanwhile.
    fn flush(&mut self, app: &mut App, session: &mut Session) -> Vec<Effect> {
        let mut effects = Vec::new();
        while self.busy() {
            let Some(done) = self.wait_done() else {
                break;
            };
            for msg in self.done(done, app, session) {
                effects.extend(app.update(msg));
            }
        }
        if app.read_only().is_none() && session.unsaved(&app.ws) {
            let done = match self.start_save(app, session) {
                Some(done) => Some(done),
                None => self.wait_done(),
            };
            for msg in done
                .map(|done| self.done(done, app, session))
                .unwrap_or_default()
            {
                effects.extend(app.update(msg));
            }
        }
        effects
    }
}

/// What to tell the app about a change on disk; what is no longer needed goes to `worker` to
/// be freed.
fn reloaded(reload: Reload, worker: &save::Worker) -> Msg {
    let reloaded = |workspace, notice, unsaved| Msg::Reloaded {
        workspace: Box::new(workspace),
        notice,
        unsaved,
    };
    match reload {
        Reload::Replaced(workspace) => reloaded(
            workspace,
            "reloaded: the file was changed on disk; undo starts afresh".into(),
            false,
        ),
        Reload::Merged {
            workspace,
            conflicts,
            read,
        } => {
            worker.free(read);
            let notice = match conflicts {
                0 => "the file changed on disk: your edits were merged into it".into(),
                conflicts => format!(
                    "the file changed on disk: merged, {conflicts} conflict(s) to settle (! lists them)"
                ),
            };
            reloaded(workspace, notice, true)
        }
        Reload::Refused(refusal) => Msg::Saved(Err(refusal.for_editor())),
    }
}

/// Hands `msg` to the app and carries out the effects it returns; each outcome goes back to the
/// app as a message, whose own effects are carried out in turn. Returns whether the user quit.
fn handle(
    msg: Msg,
    app: &mut App,
    session: &mut Session,
    background: &mut Background,
    screen: &mut terminal::Screen,
) -> Result<bool, String> {
    let mut effects = std::collections::VecDeque::from(app.update(msg));
    let mut quit = false;
    while let Some(effect) = effects.pop_front() {
        match effect {
            Effect::Quit => quit = true,
            Effect::Save => {
                if session.unsaved(&app.ws) {
                    background.schedule.unsaved(Instant::now());
                }
            }
            Effect::Export(format) => {
                let msg = match background.exports.start(
                    session.path.clone(),
                    app.ws.snapshot(),
                    format,
                    app.today,
                ) {
                    None => Msg::Exporting(format),
                    Some(done_here) => Msg::Exported(format, done_here),
                };
                effects.extend(app.update(msg));
            }
            Effect::Copy { what, markdown } => {
                // Markdown keeps its line breaks; no other control character reaches the
                // clipboard (a tab is a space).
                let text: String = crate::export::clean(&markdown.replace('\t', " ")).into_owned();
                let words = match screen.copy(&text) {
                    Ok(()) => format!(
                        "copied {} as Markdown: {} characters, {} lines",
                        crate::text::printable(&what),
                        text.chars().count(),
                        text.lines().count()
                    ),
                    Err(error) => {
                        format!("could not copy: {}", crate::storage::disk::io_words(&error))
                    }
                };
                effects.extend(app.update(Msg::Done(words)));
            }
            Effect::EditText { file_name, text } => {
                // Saved first, as for a suspension: the editor may stay open for long.
                effects.extend(background.flush(app, session));
                let edited = edit_text(&file_name, &text, screen)?;
                effects.extend(app.update(Msg::Edited(edited)));
            }
            Effect::Free(retired) => background.worker.free(Box::new(retired)),
            Effect::Rows(job) => {
                if let Some(found) = background.rows.start(*job) {
                    effects.extend(app.update(found));
                }
            }
            Effect::Suspend => {
                // While stopped nothing runs, the save worker neither: what was edited is on
                // disk before the shell gets the terminal.
                effects.extend(background.flush(app, session));
                screen
                    .suspend()
                    .map_err(|e| format!("the terminal went away ({e})"))?;
            }
        }
    }
    Ok(quit)
}

fn event_loop(
    screen: &mut terminal::Screen,
    inbox: &Receiver<Wake>,
    app: &mut App,
    session: &mut Session,
    background: &mut Background,
    preparing: &mut prepare::Preparing,
    clock: Clock,
) -> Result<(), String> {
    // What the user did (and the first frame) is drawn at once, as is what answers it late (the
    // search's text, the inventory's rows) and what changes what a key acts on (a workspace
    // read from the file, the day, the lock); a change of the status only once the keys paused,
    // or with the next key's frame (see [`news`]).
    let mut draw = true;
    let mut news = false;
    let mut typing = news::Typing::default();
    let mut quit = false;
    loop {
        let now = Instant::now();
        // Before drawing: a save that is due (one that waited for the last to land) goes first,
        // unless the file is being read: what it holds may change what there is to save.
        if background.schedule.should_start(now) && !background.reading {
            if let Some(done) = background.start_save(app, session) {
                for msg in background.done(done, app, session) {
                    quit |= handle(msg, app, session, background, screen)?;
                }
            }
            news = true;
        }
        if draw || (news && typing.paused(now)) {
            let mut layout = None;
            screen
                .draw(|frame| layout = Some(crate::ui::render(app, frame)))
                .map_err(|e| format!("the terminal went away ({e})"))?;
            if let Some(layout) = layout {
                quit |= handle(Msg::Drawn(layout), app, session, background, screen)?;
            }
            screen
                .set_title(app.ws.name())
                .map_err(|e| format!("the terminal went away ({e})"))?;
            (draw, news) = (false, false);
        }
        if quit {
            return Ok(());
        }
        // After the frame: the first one is not kept waiting by a thread starting. A search that
        // waited for the text shows its hits at once.
        if let Some(msg) = preparing.step(app, now) {
            quit |= handle(msg, app, session, background, screen)?;
            draw = true;
            continue;
        }
        let found = look_around(app, session, background, screen, clock)?;
        if found.quit || found.draw || found.news {
            quit |= found.quit;
            draw |= found.draw;
            news |= found.news;
            continue;
        }
        let held = background.held.wait(&typing, now);
        let timeout = [
            background.schedule.wait(now),
            preparing.wait(now),
            news.then(|| typing.until_paused(now)),
            held,
        ]
        .into_iter()
        .flatten()
        .fold(IDLE, Duration::min);
        // Everything that is already waiting is taken before the next draw: a burst of 3000 keys
        // is one redraw, not 3000.
        let first = match inbox.recv_timeout(timeout) {
            Ok(wake) => Some(wake),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Err("the terminal went away".into()),
        };
        for wake in first
            .into_iter()
            .chain(std::iter::from_fn(|| inbox.try_recv().ok()))
        {
            match wake {
                Wake::Input(event) => {
                    typing.came(Instant::now());
                    if let Some(msg) = message(event) {
                        quit |= handle(msg, app, session, background, screen)?;
                    }
                    draw = true;
                }
                Wake::HungUp => return Err("the terminal went away".into()),
                Wake::Stop => return Ok(()),
                Wake::Suspend => {
                    quit |= handle(Msg::Suspend, app, session, background, screen)?;
                    draw = true;
                }
                // Looked at below, once for all that came.
                Wake::Disk | Wake::Worked => {}
            }
            if quit {
                break;
            }
        }
        if let Some(found) = background.rows.try_done() {
            quit |= handle(found, app, session, background, screen)?;
            draw = true;
        }
        if let Some(done) = background.next_done(&typing, Instant::now()) {
            // A workspace read from the file is shown before a key acts on it: it comes when the
            // keys paused, or after the longest hold between two of them.
            let read = matches!(done, save::Done::Read(_));
            for msg in background.done(done, app, session) {
                quit |= handle(msg, app, session, background, screen)?;
            }
            (draw, news) = (draw || read, news || !read);
        }
        for (format, words) in background.exports.finished() {
            quit |= handle(
                Msg::Exported(format, words),
                app,
                session,
                background,
                screen,
            )?;
            news = true;
        }
    }
}

/// What [`look_around`] found: whether the user quit, and what the screen must show.
#[derive(Default)]
struct Found {
    quit: bool,
    /// What a key acts on changed (the day, whether edits are allowed): drawn at once.
    draw: bool,
    /// Only the status changed: drawn when the keys pause (see [`news`]).
    news: bool,
}

/// What the loop looks at besides its inbox: the day, the lock, the file on disk. Done after the
/// frame, so the answer to a key is not kept waiting by the file system.
fn look_around(
    app: &mut App,
    session: &mut Session,
    background: &mut Background,
    screen: &mut terminal::Screen,
    clock: Clock,
) -> Result<Found, String> {
    let mut found = Found::default();
    // The loop wakes at least every `IDLE`, so a new day shows within a second of midnight.
    let today = clock.today();
    if today != app.today {
        found.quit |= handle(Msg::Today(today), app, session, background, screen)?;
        found.draw = true;
    }
    if session.try_take_lock() {
        found.quit |= handle(Msg::LockTaken, app, session, background, screen)?;
        found.draw = true;
    }
    if let session::LockCheck::Lost(reason) = session.keep_lock() {
        found.quit |= handle(Msg::LockLost(reason), app, session, background, screen)?;
        found.draw = true;
    }
    // That the file changed and is being read, or is gone.
    for msg in background.look(app, session) {
        found.quit |= handle(msg, app, session, background, screen)?;
        found.news = true;
    }
    Ok(found)
}

/// Runs the user's editor on `text` with the terminal handed over; returns what it saved, or
/// why nothing came back. Only losing the terminal is an error of the loop.
fn edit_text(
    file_name: &str,
    text: &str,
    screen: &mut terminal::Screen,
) -> Result<Result<String, String>, String> {
    let draft = match editor::Draft::write(file_name, text) {
        Ok(draft) => draft,
        Err(e) => {
            return Ok(Err(format!(
                "cannot write a file for the editor: {}; nothing changed",
                crate::storage::disk::io_words(&e)
            )));
        }
    };
    let visual = std::env::var("VISUAL").ok();
    let editor = editor::chosen(visual.as_deref(), std::env::var("EDITOR").ok().as_deref());
    // The terminal reader keeps off the terminal while the editor has it.
    let _paused = input::pause_reader();
    screen
        .hand_over(|| draft.edit(&editor, editor::run_in_foreground))
        .map_err(|e| format!("the terminal went away ({e})"))
}

fn message(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        // The next draw takes the new size.
        Event::Resize(..) => None,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit;
    use crate::storage::location::SAMPLE;

    fn set_emotion(app: &mut App, step: usize, emotion: u8) {
        let step = app.ws.journeys().at(0).unwrap().steps[step].id;
        edit::set_emotion(&mut app.ws, step, Some(emotion)).unwrap();
    }

    fn first_step_emotion(path: &Path) -> Option<u8> {
        let on_disk = crate::storage::decode(&std::fs::read(path).unwrap()).unwrap();
        on_disk.journeys().at(0).unwrap().steps[0].emotion
    }

    /// The sample opened as the screen opens it, with a running worker.
    fn opened(dir: &Path) -> (std::path::PathBuf, App, Session, Background) {
        let path = dir.join("plan.json");
        std::fs::write(&path, SAMPLE).unwrap();
        let Opened {
            session, workspace, ..
        } = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let app = App::new(workspace, "plan.json".into(), Clock::local().today(), None);
        let (wake, _inbox) = std::sync::mpsc::channel();
        let background = Background {
            worker: save::Worker::start(wake.clone()).unwrap(),
            schedule: save::Schedule::new(crate::config::AUTOSAVE),
            reading: false,
            held: news::Held::default(),
            exports: exporting::Exporting::new(wake.clone()),
            rows: rows::Rows::new(wake),
        };
        (path, app, session, background)
    }

    /// Another program renames the first persona, saving the way editors do.
    fn rename_first_persona_from_outside(path: &Path, name: &str) {
        let mut theirs = crate::storage::decode(&std::fs::read(path).unwrap()).unwrap();
        let mut persona = theirs.personas().at(0).unwrap().clone();
        persona.name = name.into();
        edit::update(&mut theirs, persona).unwrap();
        let temp = path.with_extension("outside");
        std::fs::write(&temp, crate::storage::encode(&theirs)).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }

    /// Waits for the worker and hands what it did to the app, as the loop does.
    fn take_in_what_the_worker_did(
        app: &mut App,
        session: &mut Session,
        background: &mut Background,
    ) {
        let done = background.worker.wait_done().expect("the worker is alive");
        for msg in background.done(done, app, session) {
            app.update(msg);
        }
    }

    #[test]
    fn quitting_while_a_save_runs_waits_for_it_then_saves_what_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background) = opened(dir.path());

        set_emotion(&mut app, 0, 1);
        background.schedule.unsaved(Instant::now());
        assert!(
            background.start_save(&app, &session).is_none(),
            "on the worker"
        );
        // Edited while that save runs, then quit at once.
        set_emotion(&mut app, 0, 2);
        keep_edits(&app, &mut session, &mut background).unwrap();

        assert!(!session.unsaved(&app.ws));
        assert_eq!(first_step_emotion(&path), Some(2));
    }

    #[test]
    fn quitting_while_a_change_on_disk_is_read_waits_for_it_only_with_edits_to_merge() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background) = opened(dir.path());
        rename_first_persona_from_outside(&path, "Clara from outside");
        for msg in background.look(&app, &mut session) {
            app.update(msg);
        }
        assert!(background.reading);
        assert!(
            !background.must_finish_before_quitting(false),
            "nothing to merge"
        );
        assert!(
            background.must_finish_before_quitting(true),
            "edits to merge"
        );
        let theirs = std::fs::read(&path).unwrap();
        keep_edits(&app, &mut session, &mut background).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), theirs, "their change stands");
    }

    #[test]
    fn starting_a_save_takes_a_snapshot_and_leaves_the_encoding_to_the_worker() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background) = opened(dir.path());
        set_emotion(&mut app, 0, 1);
        let before = crate::storage::codec::encodes_on_this_thread();
        assert!(
            background.start_save(&app, &session).is_none(),
            "on the worker"
        );
        assert_eq!(
            crate::storage::codec::encodes_on_this_thread(),
            before,
            "the screen's thread encoded the workspace"
        );
        take_in_what_the_worker_did(&mut app, &mut session, &mut background);
        assert!(!session.unsaved(&app.ws));
        assert_eq!(first_step_emotion(&path), Some(1));
    }

    #[test]
    fn a_change_on_disk_is_read_on_the_worker_and_shown_when_it_arrives() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background) = opened(dir.path());
        rename_first_persona_from_outside(&path, "Clara from outside");

        let told = background.look(&app, &mut session);
        assert!(
            matches!(told.as_slice(), [Msg::Reloading(true)]),
            "only a stat on this thread; the read is the worker's: {told:?}"
        );
        for msg in told {
            app.update(msg);
        }
        assert!(app.reloading);
        assert!(background.busy(), "no save or second read meanwhile");
        assert!(background.look(&app, &mut session).is_empty());

        take_in_what_the_worker_did(&mut app, &mut session, &mut background);
        assert!(!app.reloading);
        assert!(!background.busy());
        assert_eq!(app.ws.personas().at(0).unwrap().name, "Clara from outside");
        assert!(!session.unsaved(&app.ws));
        assert!(background.look(&app, &mut session).is_empty(), "seen once");
    }

    #[test]
    fn an_edit_made_while_a_change_on_disk_is_merged_is_merged_too() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background) = opened(dir.path());
        set_emotion(&mut app, 0, 1);
        rename_first_persona_from_outside(&path, "Clara from outside");
        for msg in background.look(&app, &mut session) {
            app.update(msg);
        }
        // A key while the worker merges: answered at once, and not lost by the merge.
        set_emotion(&mut app, 1, 2);
        take_in_what_the_worker_did(&mut app, &mut session, &mut background);
        assert!(app.reloading, "merged again with the second edit");
        take_in_what_the_worker_did(&mut app, &mut session, &mut background);
        assert!(!app.reloading);
        let steps = &app.ws.journeys().at(0).unwrap().steps;
        assert_eq!((steps[0].emotion, steps[1].emotion), (Some(1), Some(2)));
        assert_eq!(app.ws.personas().at(0).unwrap().name, "Clara from outside");
        assert!(session.unsaved(&app.ws), "the merge is still to be saved");
        session.save(&app.ws).unwrap();
        assert_eq!(first_step_emotion(&path), Some(1));
    }

    /// Asks for what the worker did until it is done, as the loop does with `typing` at `now`;
    /// returns what it gave (`None`: done, but held back).
    fn when_the_worker_is_done(
        background: &mut Background,
        typing: &news::Typing,
        now: Instant,
    ) -> Option<save::Done> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let given = background.next_done(typing, now);
            if given.is_some() || background.held.is_held() {
                return given;
            }
            assert!(Instant::now() < deadline, "the worker did not finish");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// The sample opened as the screen opens it, then changed on disk by another program while
    /// the user types (a key came at the instant returned); the worker has read the change.
    fn changed_on_disk_while_typing(
        dir: &Path,
    ) -> (
        std::path::PathBuf,
        App,
        Session,
        Background,
        news::Typing,
        Instant,
    ) {
        let (path, mut app, mut session, mut background) = opened(dir);
        let mut typing = news::Typing::default();
        let start = Instant::now();
        typing.came(start);
        rename_first_persona_from_outside(&path, "Clara from outside");
        for msg in background.look(&app, &mut session) {
            app.update(msg);
        }
        assert!(
            when_the_worker_is_done(&mut background, &typing, start).is_none(),
            "read, and held while the keys come"
        );
        (path, app, session, background, typing, start)
    }

    #[test]
    fn a_change_on_disk_waits_for_the_keys_to_pause_and_a_save_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut app, mut session, mut background, typing, start) =
            changed_on_disk_while_typing(dir.path());
        assert!(background.busy(), "no save or second read meanwhile");
        assert!(
            background
                .next_done(&typing, start + news::PAUSE / 2)
                .is_none()
        );
        assert_eq!(
            background.held.wait(&typing, start + news::PAUSE / 2),
            Some(news::PAUSE / 2)
        );
        let done = background
            .next_done(&typing, start + news::PAUSE)
            .expect("given once the keys paused");
        assert!(matches!(done, save::Done::Read(_)));
        assert_eq!(background.held.wait(&typing, start + news::PAUSE), None);
        for msg in background.done(done, &app, &mut session) {
            app.update(msg);
        }
        assert_eq!(app.ws.personas().at(0).unwrap().name, "Clara from outside");

        set_emotion(&mut app, 0, 1);
        assert!(background.start_save(&app, &session).is_none());
        assert!(
            matches!(
                when_the_worker_is_done(&mut background, &typing, start),
                Some(save::Done::Saved(_))
            ),
            "a save's outcome is given while keys come"
        );
    }

    #[test]
    fn quitting_with_a_change_on_disk_held_back_takes_it_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut app, mut session, mut background, ..) =
            changed_on_disk_while_typing(dir.path());
        set_emotion(&mut app, 0, 1);
        assert!(background.must_finish_before_quitting(session.unsaved(&app.ws)));

        // As when the read ends as the user quits: the worker is not waited for (it has nothing
        // more to give), their change stands and the edit goes to a recovery copy.
        let theirs = std::fs::read(&path).unwrap();
        let kept = keep_edits(&app, &mut session, &mut background);
        assert!(!background.held.is_held());
        let words = kept.unwrap_err();
        assert!(words.contains("your edits are in"), "{words}");
        assert_eq!(std::fs::read(&path).unwrap(), theirs, "their change stands");
    }
}
