//! The search's text prepared on a thread of its own, from a snapshot of the workspace, so the
//! first search of a session does not wait for it (at a million items it takes a good part of
//! a second; see `model::search`).

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use super::give_way;
use super::input::Wake;
use crate::app::{App, Msg};
use crate::model::search::PreparedSearch;

/// Whether a text is wanted, and the one being prepared.
pub struct Preparing {
    /// At the start, and whenever the workspace lost the text it had (a reload put another
    /// workspace in its place); not after a thread could not be started.
    wanted: bool,
    had: bool,
    done: Option<Receiver<PreparedSearch>>,
    wake: Sender<Wake>,
}

impl Preparing {
    pub fn new(wake: Sender<Wake>) -> Preparing {
        Preparing {
            wanted: true,
            had: false,
            done: None,
            wake,
        }
    }

    /// Hands a finished text to the workspace, and starts preparing one when it is wanted and
    /// the workspace has none. A text the workspace cannot take (it was edited meanwhile) is
    /// prepared again from a new snapshot; one at a time. Returns what the App must hear
    /// ([`Msg::SearchText`]): that the text arrived, or that none will come (no thread).
    pub fn step(&mut self, app: &mut App) -> Option<Msg> {
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
        self.wanted |= self.had && !has;
        self.had = has;
        if has || !self.wanted {
            self.wanted &= !has;
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
}
