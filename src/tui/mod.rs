//! The terminal: setting it up and restoring it, the event loop, autosave.
//!
//! The loop blocks on one channel (terminal events, signals, changes on disk; see [`input`])
//! with a time-out that is the next autosave, so an idle journeymap uses no CPU. It takes
//! everything waiting before it draws, draws only after something happened, and saves within a
//! second of an edit (by default; the config file may set another autosave delay). Suspending
//! saves, then gives the terminal back to the shell until `fg`.

mod error;
mod input;
mod save;
mod sgr;
mod terminal;
mod watch;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use crate::storage::session::{self, Opened, Reload, Session};
pub use error::Error;
use input::Wake;

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
    /// What is wrong in the config file, for the status line.
    pub config_notice: Option<String>,
}

/// Opens the workspace at `path` on the terminal until the user quits.
pub fn run(path: &Path, options: Options) -> Result<(), Error> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::Terminal(
            "journeymap needs a terminal to show a workspace; for scripts use `journeymap check` or `journeymap gaps`".into(),
        ));
    }
    let Opened {
        mut session,
        workspace,
        read_only,
    } = Session::open(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Made before any thread starts, so it knows the local time zone (see `Clock`).
    let clock = Clock::local();
    let mut app = App::new(workspace, file_name, clock.today(), read_only)
        .with_keymap(options.config.keymap.clone());

    let depth = crate::ui::theme::Depth::from_env();
    crate::ui::theme::install(options.config.theme.clone().for_depth(depth));
    let mut screen = terminal::Screen::enter(options.mouse, depth).map_err(|e| {
        Error::Terminal(format!(
            "cannot set up the terminal: {}",
            crate::storage::disk::io_words(&e)
        ))
    })?;
    let (wake, inbox) = match input::start() {
        Ok(channel) => channel,
        Err(e) => {
            drop(screen);
            return Err(Error::Terminal(format!(
                "cannot watch the terminal: {}",
                crate::storage::disk::io_words(&e)
            )));
        }
    };
    let saver = match save::Saver::start(wake.clone()) {
        Ok(saver) => saver,
        Err(e) => {
            drop(screen);
            return Err(Error::Terminal(format!(
                "cannot start saving: {}",
                crate::storage::disk::io_words(&e)
            )));
        }
    };
    let _watch = watch::start(&session.path, wake);
    let mut saving = Saving {
        saver,
        schedule: save::Schedule::new(options.config.autosave),
    };
    if let Some(notice) = options.config_notice {
        // A notice asks nothing of the loop.
        let _ = app.update(Msg::Done(notice));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut screen,
            &inbox,
            &mut app,
            &mut session,
            &mut saving,
            clock,
        )
    }));

    // Whatever happened, no accepted edit is lost: save, or write a recovery copy — before
    // anything touches the terminal, which may be gone.
    let kept = keep_edits(&app, &mut session, &saving);
    drop(screen);
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

/// Saves unsaved edits at exit, after the save that is running, if one is; if that fails (or
/// this session lost the lock), writes them to a recovery file.
fn keep_edits(app: &App, session: &mut Session, saving: &Saving) -> Result<(), String> {
    if saving.schedule.running()
        && let Some(landed) = saving.saver.wait_landed()
    {
        let _ = session.land(landed);
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

/// The save worker and when it runs next.
struct Saving {
    saver: save::Saver,
    schedule: save::Schedule,
}

impl Saving {
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

    /// Saves now what is unsaved, waiting for it to land (and for a save already running);
    /// returns what to tell the app.
    fn flush(&mut self, app: &App, session: &mut Session) -> Vec<Msg> {
        let mut told = Vec::new();
        if self.schedule.running()
            && let Some(landed) = self.saver.wait_landed()
        {
            told.extend(self.landed(landed, app, session));
        }
        if app.read_only().is_none() && session.unsaved(&app.ws) {
            self.schedule.started();
            let job = session.save_job(session::Encoded::of(&app.ws));
            let landed = match self.saver.start_save(job) {
                Some(landed) => Some(landed),
                None => self.saver.wait_landed(),
            };
            if let Some(landed) = landed {
                told.extend(self.landed(landed, app, session));
            }
        }
        told
    }
}

/// Hands `msg` to the app and carries out the effects it returns; each outcome goes back to the
/// app as a message, whose own effects are carried out in turn. Returns whether the user quit.
fn handle(
    msg: Msg,
    app: &mut App,
    session: &mut Session,
    saving: &mut Saving,
    screen: &mut terminal::Screen,
) -> Result<bool, String> {
    let mut effects = std::collections::VecDeque::from(app.update(msg));
    let mut quit = false;
    while let Some(effect) = effects.pop_front() {
        match effect {
            Effect::Quit => quit = true,
            Effect::Save => {
                if session.unsaved(&app.ws) {
                    saving.schedule.unsaved(Instant::now());
                }
            }
            Effect::Export(format) => {
                let done = export(format, app, session);
                effects.extend(app.update(Msg::Done(done)));
            }
            Effect::Suspend => {
                // While stopped nothing runs, the save worker neither: what was edited is on
                // disk before the shell gets the terminal.
                for told in saving.flush(app, session) {
                    effects.extend(app.update(told));
                }
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
    saving: &mut Saving,
    clock: Clock,
) -> Result<(), String> {
    let mut draw = true;
    let mut quit = false;
    loop {
        let now = Instant::now();
        // Before drawing: a save that is due (one that waited for the last to land) goes first.
        if saving.schedule.should_start(now) {
            saving.schedule.started();
            // Encoded here, so edits made while the worker writes are not in these bytes.
            let encoded = session::Encoded::of(&app.ws);
            if let Some(landed) = saving.saver.start_save(session.save_job(encoded)) {
                if let Some(msg) = saving.landed(landed, app, session) {
                    quit |= handle(msg, app, session, saving, screen)?;
                }
                draw = true;
            }
        }
        if draw {
            let mut layout = None;
            screen
                .draw(|frame| layout = Some(crate::ui::render(app, frame)))
                .map_err(|e| format!("the terminal went away ({e})"))?;
            if let Some(layout) = layout {
                quit |= handle(Msg::Drawn(layout), app, session, saving, screen)?;
            }
            screen
                .set_title(app.ws.name())
                .map_err(|e| format!("the terminal went away ({e})"))?;
            draw = false;
        }
        if quit {
            return Ok(());
        }
        let timeout = saving
            .schedule
            .wait(now)
            .map_or(IDLE, |wait| wait.min(IDLE));
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
                    if let Some(msg) = message(event) {
                        quit |= handle(msg, app, session, saving, screen)?;
                    }
                    draw = true;
                }
                Wake::HungUp => return Err("the terminal went away".into()),
                Wake::Stop => return Ok(()),
                Wake::Suspend => {
                    quit |= handle(Msg::Suspend, app, session, saving, screen)?;
                    draw = true;
                }
                // Looked at below, once for all that came.
                Wake::Disk | Wake::Saved => {}
            }
            if quit {
                break;
            }
        }
        if let Some(landed) = saving.saver.try_landed() {
            if let Some(msg) = saving.landed(landed, app, session) {
                quit |= handle(msg, app, session, saving, screen)?;
            }
            draw = true;
        }
        // The loop wakes at least every `IDLE`, so a new day shows within a second of midnight.
        let today = clock.today();
        if today != app.today {
            quit |= handle(Msg::Today(today), app, session, saving, screen)?;
            draw = true;
        }
        if session.try_take_lock() {
            quit |= handle(Msg::LockTaken, app, session, saving, screen)?;
            draw = true;
        }
        if let session::LockCheck::Lost(reason) = session.keep_lock() {
            quit |= handle(Msg::LockLost(reason), app, session, saving, screen)?;
            draw = true;
        }
        // Not while a save runs: the file is then ours in the middle of changing.
        if !saving.schedule.running()
            && let Some(reload) = session.poll_disk(&app.ws)
        {
            let reloaded = |workspace, notice, unsaved| Msg::Reloaded {
                workspace: Box::new(workspace),
                notice,
                unsaved,
            };
            let msg = match reload {
                Reload::Replaced(workspace) => reloaded(
                    workspace,
                    "reloaded: the file was changed on disk; undo starts afresh".into(),
                    false,
                ),
                Reload::Merged {
                    workspace,
                    conflicts: 0,
                } => reloaded(
                    workspace,
                    "the file changed on disk: your edits were merged into it".into(),
                    true,
                ),
                Reload::Merged {
                    workspace,
                    conflicts,
                } => reloaded(
                    workspace,
                    format!(
                        "the file changed on disk: merged, {conflicts} conflict(s) to settle (! lists them)"
                    ),
                    true,
                ),
                Reload::Refused(reason) => Msg::Saved(Err(reason)),
            };
            // What was due is moot; a merge asks for its own save.
            saving.schedule.clear();
            quit |= handle(msg, app, session, saving, screen)?;
            draw = true;
        }
    }
}

/// Writes an export next to the workspace file; returns what happened, in words.
fn export(format: crate::export::Format, app: &App, session: &Session) -> String {
    match crate::export::export_next_to(&session.path, &app.ws, format, None, app.today) {
        Ok(exported) => exported.to_string(),
        Err(error) => format!(
            "could not export {}: {}",
            format.name(),
            crate::storage::disk::io_words(&error)
        ),
    }
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

    fn set_first_emotion(app: &mut App, emotion: u8) {
        let step = app.ws.journeys().at(0).unwrap().steps[0].id;
        edit::set_emotion(&mut app.ws, step, Some(emotion)).unwrap();
    }

    #[test]
    fn quitting_while_a_save_runs_waits_for_it_then_saves_what_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, SAMPLE).unwrap();
        let Opened {
            mut session,
            workspace,
            ..
        } = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let mut app = App::new(workspace, "plan.json".into(), Clock::local().today(), None);
        let (wake, _inbox) = std::sync::mpsc::channel();
        let mut saving = Saving {
            saver: save::Saver::start(wake).unwrap(),
            schedule: save::Schedule::new(crate::config::AUTOSAVE),
        };

        set_first_emotion(&mut app, 1);
        saving.schedule.unsaved(Instant::now());
        saving.schedule.started();
        let job = session.save_job(session::Encoded::of(&app.ws));
        assert!(saving.saver.start_save(job).is_none(), "on the worker");
        // Edited while that save runs, then quit at once.
        set_first_emotion(&mut app, 2);
        keep_edits(&app, &mut session, &saving).unwrap();

        assert!(!session.unsaved(&app.ws));
        let on_disk = crate::storage::decode(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(on_disk.journeys().at(0).unwrap().steps[0].emotion, Some(2));
    }
}
