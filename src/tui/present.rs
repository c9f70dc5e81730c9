//! The loop of `journeymap present`: the terminal as the editor sets it up (raw mode, the
//! alternate screen, restored on exit and on a panic), keys to the presentation, and the file
//! followed as a read-only editor follows someone else's saves — noticed by the same watch,
//! read and decoded on the same worker, so a large file never holds up a key, and shown when
//! the keys pause, as the editor shows it (see `news`).
//!
//! It never takes the lock and never writes: no save, no `.bak`, no recovery copy, no lock
//! file. What it shows is only ever what is on disk.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

use ratatui::crossterm::event::Event;

use super::input::{self, Wake};
use super::news;
use super::save::{Done, Job, Worker};
use super::{Error, IDLE, terminal, watch};
use crate::app::present::{Present, PresentEffect, PresentMsg};
use crate::model::search::Target;
use crate::model::{Comment, Workspace, edit};
use crate::storage::one_edit::edit_file;
use crate::storage::session::{Look, Opened, Refusal, Reload, Session, TakenIn};

/// What to present and how.
#[derive(Clone, Debug)]
pub struct PresentOptions {
    /// The config file's settings (theme and keys).
    pub config: crate::config::Config,
    /// Only this journey, by name (any case) or id.
    pub journey: Option<String>,
    /// Words for the footer at start: what is wrong in the config file.
    pub notice: Option<String>,
}

/// Presents the workspace at `path` until the user leaves.
pub fn present(path: &Path, options: PresentOptions) -> Result<(), Error> {
    let Opened {
        mut session,
        workspace,
        problems,
        ..
    } = Session::follow(path)?;
    let only = match &options.journey {
        Some(name) => Some(
            crate::export::find_journey(&workspace, name)
                .map_err(|words| Error::Refused(format!("{}: {words}", path.display())))?,
        ),
        None => None,
    };
    // Told after the file's own problems: those are worth knowing from a script too.
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::Terminal(
            "journeymap present needs a terminal to show the journeys; for a document use `journeymap export`".into(),
        ));
    }
    let mut present = Present::new(workspace, options.config.keymap.clone(), only);
    if let Some(notice) = options.notice {
        let _ = present.update(PresentMsg::Notice(notice));
    }
    if !problems.is_empty() {
        let _ = present.update(PresentMsg::Notice(format!(
            "the file breaks {} rule(s); `journeymap check` lists them",
            problems.len()
        )));
    }

    let depth = crate::ui::theme::Depth::from_env();
    crate::ui::theme::install(options.config.theme.clone().for_depth(depth));
    // No mouse: the presenter's terminal keeps its own text selection.
    let mut screen = terminal::Screen::enter(false, depth).map_err(|e| {
        Error::Terminal(format!(
            "cannot set up the terminal: {}",
            crate::storage::disk::io_words(&e)
        ))
    })?;
    let started = input::start().and_then(|(wake, inbox)| {
        let worker = Worker::start(wake.clone())?;
        Ok((wake, inbox, worker))
    });
    let (wake, inbox, worker) = match started {
        Ok(started) => started,
        Err(e) => {
            drop(screen);
            return Err(Error::Terminal(format!(
                "cannot watch the terminal: {}",
                crate::storage::disk::io_words(&e)
            )));
        }
    };
    let _watch = watch::start(&session.path, wake);
    let mut follow = Follow {
        session: &mut session,
        worker,
        reading: false,
        held: news::Held::default(),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut screen, &inbox, &mut present, &mut follow)
    }));
    drop(screen);
    // Freed with the process, as the editor's workspace is (see `tui::run`).
    std::mem::forget(present);
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(words)) => Err(Error::Ended(words)),
        Err(_) => Err(Error::Ended(
            "journeymap stopped on an internal error; nothing was written".into(),
        )),
    }
}

/// The file followed: the session that knows what was read, and the worker that reads it.
struct Follow<'a> {
    session: &'a mut Session,
    worker: Worker,
    /// A read of the file is running on the worker, or is done and held.
    reading: bool,
    /// A read of the file that is done, kept back until the keys pause.
    held: news::Held,
}

impl Follow<'_> {
    /// Looks whether the file changed on disk (one `stat`) and, if it did, has it read on the
    /// worker. Returns what to tell the presentation.
    fn look(&mut self, shown: &Workspace) -> Vec<PresentMsg> {
        if self.reading {
            return Vec::new();
        }
        match self.session.look_at_disk(shown) {
            Look::Nothing => Vec::new(),
            Look::Gone(words) => vec![PresentMsg::Notice(Refusal::Gone(words).for_presentation())],
            Look::Read(job) => self.read(Job::Read(job), shown),
        }
    }

    fn read(&mut self, job: Job, shown: &Workspace) -> Vec<PresentMsg> {
        self.reading = true;
        match self.worker.start_job(job) {
            Some(done) => self.done(done, shown),
            None => Vec::new(),
        }
    }

    /// Takes in what the worker read.
    fn done(&mut self, done: Done, shown: &Workspace) -> Vec<PresentMsg> {
        let Done::Read(found) = done else {
            return Vec::new();
        };
        self.reading = false;
        match self.session.take_in(found, shown) {
            TakenIn::Nothing => Vec::new(),
            TakenIn::Again(job) => self.read(Job::Read(job), shown),
            TakenIn::Reload(reload) => vec![match *reload {
                Reload::Replaced(workspace) => PresentMsg::Reloaded(Box::new(workspace)),
                // Nothing is ever edited here, so there is nothing to merge; should it come,
                // what is on disk is still what is shown.
                Reload::Merged { read, .. } => PresentMsg::Reloaded(read),
                Reload::Refused(refusal) => PresentMsg::Notice(refusal.for_presentation()),
            }],
        }
    }
}

fn event_loop(
    screen: &mut terminal::Screen,
    inbox: &Receiver<Wake>,
    present: &mut Present,
    follow: &mut Follow,
) -> Result<(), String> {
    let gone = |e: std::io::Error| format!("the terminal went away ({e})");
    let mut draw = true;
    let mut typing = news::Typing::default();
    loop {
        if draw {
            let mut drawn = None;
            screen
                .draw(|frame| drawn = Some(crate::ui::present::render(present, frame)))
                .map_err(gone)?;
            if let Some(drawn) = drawn {
                present.update(PresentMsg::Drawn(drawn));
            }
            screen.set_title(present.ws.name()).map_err(gone)?;
            draw = false;
        }
        let timeout = follow
            .held
            .wait(&typing, Instant::now())
            .map_or(IDLE, |held| held.min(IDLE));
        let first = match inbox.recv_timeout(timeout) {
            Ok(wake) => Some(wake),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Err("the terminal went away".into()),
        };
        let mut told = Vec::new();
        for wake in first
            .into_iter()
            .chain(std::iter::from_fn(|| inbox.try_recv().ok()))
        {
            match wake {
                Wake::Input(event) => {
                    typing.came(Instant::now());
                    match event {
                        Event::Key(key) => told.push(PresentMsg::Key(key)),
                        // A resize (and anything else the terminal says) is a redraw.
                        _ => draw = true,
                    }
                }
                Wake::HungUp => return Err("the terminal went away".into()),
                Wake::Stop => return Ok(()),
                Wake::Suspend => {
                    screen.suspend().map_err(gone)?;
                    draw = true;
                }
                // Looked at below, once for all that came.
                Wake::Disk | Wake::Worked => {}
            }
        }
        if let Some(done) = follow.held.next(&follow.worker, &typing, Instant::now()) {
            told.extend(follow.done(done, &present.ws));
        }
        draw |= !told.is_empty();
        if apply(told, present, screen, follow)? {
            return Ok(());
        }
        // Looked at after what was read is shown, so the file is compared with what is shown.
        let found = follow.look(&present.ws);
        draw |= !found.is_empty();
        if apply(found, present, screen, follow)? {
            return Ok(());
        }
    }
}

/// Hands `msgs` to the presentation and carries out what it asks; returns whether it quit.
fn apply(
    msgs: Vec<PresentMsg>,
    present: &mut Present,
    screen: &mut terminal::Screen,
    follow: &mut Follow,
) -> Result<bool, String> {
    let mut msgs = std::collections::VecDeque::from(msgs);
    while let Some(msg) = msgs.pop_front() {
        for effect in present.update(msg) {
            match effect {
                PresentEffect::Quit => return Ok(true),
                PresentEffect::Suspend => screen
                    .suspend()
                    .map_err(|e| format!("the terminal went away ({e})"))?,
                PresentEffect::Free(workspace) => follow.worker.free(workspace),
                PresentEffect::Comment { on, text } => msgs.extend(comment(follow, on, &text)),
            }
        }
    }
    Ok(false)
}

/// Writes a comment to the file under its lock, as the login that runs the presentation, now;
/// then shows the file as written, or says why nothing was.
fn comment(follow: &mut Follow, on: Target, text: &str) -> Vec<PresentMsg> {
    let author = crate::storage::lock::user_name();
    let comment = Comment::new(&author, std::time::SystemTime::now(), text);
    match edit_file(&follow.session.path, |ws| {
        edit::add_comment(ws, on, comment)
    }) {
        Ok((workspace, state)) => {
            follow.session.wrote(&workspace, state);
            vec![
                PresentMsg::Reloaded(Box::new(workspace)),
                PresentMsg::Notice(format!("comment added by {author}")),
            ]
        }
        Err(words) => vec![PresentMsg::Notice(format!("no comment added: {words}"))],
    }
}
