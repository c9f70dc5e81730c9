//! The inventory's rows, or the items the calendar's filter keeps, worked out on a thread of
//! their own (see [`crate::app::Effect::Rows`]), so no key waits for a million items to be
//! filtered and sorted. One job at a time: a newer
//! one tells the one still running to stop, and its rows, if they still come, are not the ones
//! the view waits for.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::give_way;
use super::input::Wake;
use crate::app::Msg;
use crate::app::views::{ViewDone, ViewJob};

/// The job running, if any.
pub struct Rows {
    /// Set to stop the job running.
    stop: Arc<AtomicBool>,
    done: Option<Receiver<ViewDone>>,
    wake: Sender<Wake>,
}

impl Rows {
    pub fn new(wake: Sender<Wake>) -> Rows {
        Rows {
            stop: Arc::new(AtomicBool::new(false)),
            done: None,
            wake,
        }
    }

    /// Starts a job, stopping the one running. Where no thread can be started, the job runs
    /// here and its rows are returned at once.
    pub fn start(&mut self, job: ViewJob) -> Option<Msg> {
        self.stop.store(true, Ordering::Relaxed);
        let stop = Arc::new(AtomicBool::new(false));
        self.stop = Arc::clone(&stop);
        let (send, done) = channel();
        // The job is handed to the thread through a slot, so it is still here if none starts.
        let slot = Arc::new(std::sync::Mutex::new(Some(job)));
        let given = Arc::clone(&slot);
        let started = give_way::spawn("view rows", send, self.wake.clone(), move || {
            let job = given.lock().ok().and_then(|mut job| job.take())?;
            job.run(&stop)
        });
        match started {
            Ok(_) => {
                self.done = Some(done);
                None
            }
            Err(_) => {
                self.done = None;
                let job = slot.lock().ok()?.take()?;
                job.run(&AtomicBool::new(false)).map(Msg::Rows)
            }
        }
    }

    /// The rows of the job, once it is done.
    pub fn try_done(&mut self) -> Option<Msg> {
        let found = self.done.as_ref()?.try_recv().ok()?;
        self.done = None;
        Some(Msg::Rows(found))
    }
}
