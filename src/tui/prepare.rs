//! The search's text prepared on a thread of its own, from a snapshot of the workspace, so the
//! first search of a session does not wait for it (at a million items it takes a good part of
//! a second; see `model::search`).
//!
//! A reload puts another workspace in place, without the text. It is prepared again once the
//! file has been still for [`STILL`], or at once when the search (or a picker of owners) waits
//! for it. A session following another that saves every second would otherwise prepare a text
//! for each version it reads, most of them replaced before anyone searched, on a CPU the keys
//! and the terminal share: measured at 100k items with another process saving every 0.4 s,
//! that preparing was half of what slowed keys during the reloads.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::give_way;
use super::input::Wake;
use crate::app::{App, Msg};
use crate::model::search::PreparedSearch;

/// How long the file stays unread by a reload before the text lost to the reload is prepared
/// again, unless something waits for it.
pub const STILL: Duration = Duration::from_secs(2);

/// Whether a text is wanted, and the one being prepared.
pub struct Preparing {
    /// At the start, and whenever the workspace lost the text it had (a reload put another
    /// workspace in its place); not after a thread could not be started.
    wanted: bool,
    had: bool,
    /// When a reload was last seen (reading the file, or having put a workspace without the
    /// text in place); `None` before the first.
    reloaded_at: Option<Instant>,
    done: Option<Receiver<PreparedSearch>>,
    wake: Sender<Wake>,
}

impl Preparing {
    pub fn new(wake: Sender<Wake>) -> Preparing {
        Preparing {
            wanted: true,
            had: false,
            reloaded_at: None,
            done: None,
            wake,
        }
    }

    /// Hands a finished text to the workspace, and starts preparing one when it is wanted, the
    /// workspace has none, and the file has been still for [`STILL`] since a reload (or the
    /// app waits for the text). A text the workspace cannot take (it was edited meanwhile) is
    /// prepared again from a new snapshot; one at a time. Returns what the App must hear
    /// ([`Msg::SearchText`]): that the text arrived, or that none will come (no thread).
    pub fn step(&mut self, app: &mut App, now: Instant) -> Option<Msg> {
        let mut news = None;
        if let Some(done) = &self.done {
            match done.try_recv() {
                Ok(prepared) => {
                    app.ws.adopt_search(prepared);
                    self.done = None;
                    news = app.ws.search_prepared().then_some(Msg::SearchText(true));
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    self.done = None;
                    self.wanted = false;
                    return Some(Msg::SearchText(false));
                }
            }
        }
        let has = app.ws.search_prepared();
        let lost = self.had && !has;
        self.wanted |= lost;
        self.had = has;
        if lost || app.reloading {
            self.reloaded_at = Some(now);
        }
        if has || !self.wanted {
            self.wanted &= !has;
            return news;
        }
        if self.wait(now).is_some() && !app.waits_for_search_text() {
            return news;
        }
        let snapshot = app.ws.snapshot();
        let (send, done) = channel();
        let started = give_way::spawn("search text", send, self.wake.clone(), move || {
            let prepared = snapshot.prepare_search();
            // The text was built in buffers freed on this thread.
            crate::memory::give_back();
            Some(prepared)
        });
        match started {
            Ok(_) => {
                self.done = Some(done);
                news
            }
            Err(_) => {
                self.wanted = false;
                Some(Msg::SearchText(false))
            }
        }
    }

    /// How long from `now` until a wanted text may be prepared, while the file settles after a
    /// reload: the loop wakes then. `None` when nothing waits for that.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        let ready_at = self.reloaded_at? + STILL;
        (self.wanted && self.done.is_none() && now < ready_at).then(|| ready_at - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Msg;
    use crate::model::{Clock, Workspace};
    use crate::storage::location::SAMPLE;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn sample() -> Workspace {
        crate::storage::decode(SAMPLE.as_bytes()).expect("the sample is valid")
    }

    /// The screen's app once its first text arrived, and the loop's preparing.
    fn with_text() -> (App, Preparing) {
        let (wake, _) = channel();
        let mut app = App::new(sample(), "plan.json".into(), Clock::local().today(), None)
            .with_search_text_coming();
        let mut preparing = Preparing::new(wake);
        let start = Instant::now();
        while !app.ws.search_prepared() {
            assert!(start.elapsed() < Duration::from_secs(60), "no text came");
            preparing.step(&mut app, Instant::now());
            std::thread::sleep(Duration::from_millis(1));
        }
        preparing.step(&mut app, Instant::now());
        (app, preparing)
    }

    /// Another session's save, read: a workspace without the text takes the app's place.
    fn reload(app: &mut App) {
        app.update(Msg::Reloaded {
            workspace: Box::new(sample()),
            notice: "reloaded".into(),
            unsaved: false,
        });
        assert!(!app.ws.search_prepared());
    }

    #[test]
    fn after_a_reload_the_text_is_prepared_again_once_the_file_was_still() {
        let (mut app, mut preparing) = with_text();
        reload(&mut app);
        let reloaded = Instant::now();
        preparing.step(&mut app, reloaded);
        assert!(
            preparing.done.is_none(),
            "prepared while the file may change again"
        );
        assert_eq!(preparing.wait(reloaded), Some(STILL));

        // Another reload starts the wait again.
        let again = reloaded + STILL / 2;
        app.update(Msg::Reloading(true));
        preparing.step(&mut app, again);
        app.update(Msg::Reloading(false));
        reload(&mut app);
        preparing.step(&mut app, again + STILL / 2);
        assert!(
            preparing.done.is_none(),
            "prepared before the file was still"
        );
        assert_eq!(preparing.wait(again + STILL / 2), Some(STILL / 2));

        preparing.step(&mut app, again + STILL);
        assert!(
            preparing.done.is_some(),
            "not prepared once the file was still"
        );
        assert_eq!(preparing.wait(again + STILL), None);
    }

    #[test]
    fn a_search_opened_after_a_reload_has_its_text_prepared_at_once() {
        let (mut app, mut preparing) = with_text();
        reload(&mut app);
        let reloaded = Instant::now();
        preparing.step(&mut app, reloaded);
        assert!(preparing.done.is_none());

        // The search's key in the default keymap.
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('/'),
            KeyModifiers::NONE,
        )));
        assert!(app.waits_for_search_text());
        preparing.step(&mut app, reloaded);
        assert!(
            preparing.done.is_some(),
            "the search waits for a text not prepared"
        );
    }
}
