//! Saving and reading the file without freezing the screen: a snapshot of one revision is
//! encoded and written on a worker thread while the user goes on editing, a change on disk is
//! read, decoded and merged there too, and [`Schedule`] decides when the next save starts.
//!
//! The worker also opens the file at start ([`Worker::open`]): the workspace is then allocated by
//! the thread that frees it when a reload replaces it. glibc's allocator hands what one thread
//! frees back to the arena of the thread that allocated it, and that thread's next allocations
//! sort it into place: a workspace read on the screen's thread and freed on the worker made the
//! screen's thread sort a whole workspace's worth of freed memory, frame after frame (6–17 ms
//! of a frame at 100k items).
//!
//! The promise is that an edit is on disk within a second. An edit waits the autosave delay
//! ([`AUTOSAVE`] unless the config file sets another), so a burst of edits is one save, or, when
//! it was made while a save was running, only for that save to land: then the next save starts
//! at once, not after another delay.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use super::give_way::GiveWay;
use super::input::Wake;
#[cfg(test)]
use crate::config::AUTOSAVE;
use crate::storage::disk::OpenError;
use crate::storage::session::{Landed, Opened, ReadBack, ReadJob, SaveJob, Session};
/// How long to wait before trying a failed save again.
pub const RETRY: Duration = Duration::from_secs(3);

/// When the next save starts. Pure bookkeeping, so the timing rules are tested without a disk.
#[derive(Debug)]
pub struct Schedule {
    /// How long after an edit it is saved.
    delay: Duration,
    /// When the next save is due; `None` when nothing waits to be saved.
    due: Option<Instant>,
    /// A save is running on the worker.
    running: bool,
}

impl Schedule {
    /// A schedule that saves `delay` after an edit.
    pub fn new(delay: Duration) -> Schedule {
        Schedule {
            delay,
            due: None,
            running: false,
        }
    }

    /// There are unsaved edits at `now`: a save becomes due the delay after the first of them.
    pub fn unsaved(&mut self, now: Instant) {
        self.due.get_or_insert(now + self.delay);
    }

    /// Whether a save should start at `now`: one is due and none is running.
    pub fn should_start(&self, now: Instant) -> bool {
        !self.running && self.due.is_some_and(|due| now >= due)
    }

    /// A save started.
    pub fn started(&mut self) {
        self.running = true;
        self.due = None;
    }

    pub fn running(&self) -> bool {
        self.running
    }

    /// The running save landed at `now`. A failed one is tried again after [`RETRY`]; edits
    /// made while it ran (`unsaved`) are saved at once.
    pub fn landed(&mut self, now: Instant, saved: bool, unsaved: bool) {
        self.running = false;
        self.due = if !saved {
            Some(now + RETRY)
        } else if unsaved {
            Some(now)
        } else {
            None
        };
    }

    /// Nothing is left to save (the file was reloaded from disk).
    pub fn clear(&mut self) {
        self.due = None;
    }

    /// How long the loop may sleep at `now` before the next save is due (`None`: no limit from
    /// saving). While a save runs the loop is woken when it lands.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        match self.due {
            Some(due) if !self.running => Some(due.saturating_duration_since(now)),
            _ => None,
        }
    }
}

/// Work for the worker thread.
pub enum Job {
    Save(Box<SaveJob>),
    Read(Box<ReadJob>),
    /// Something to free: a large workspace freed entry by entry takes longer than a key may
    /// wait.
    Free(Box<dyn Send>),
    /// Opening the file at start, which the loop waits for (see [`Worker::open`]).
    Open(Box<dyn FnOnce() + Send>),
}

/// What the worker thread did.
pub enum Done {
    Saved(Box<Landed>),
    Read(ReadBack),
}

impl Job {
    fn run(self) -> Option<Done> {
        match self {
            Job::Save(job) => Some(Done::Saved(Box::new(job.run()))),
            Job::Read(job) => Some(Done::Read(job.run())),
            Job::Free(freed) => {
                drop(freed);
                None
            }
            Job::Open(open) => {
                open();
                None
            }
        }
    }
}

/// The worker thread that runs saves and reads of the file, one at a time, and wakes the loop
/// when one is done.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl Worker {
    pub fn start(wake: Sender<Wake>) -> std::io::Result<Worker> {
        let (jobs, to_run) = channel::<Job>();
        let (finished, done) = channel();
        thread::Builder::new().name("save".into()).spawn(move || {
            // The jobs take hundreds of milliseconds of CPU; keys are answered meanwhile.
            let give_way = GiveWay::for_this_thread();
            // Nothing runs beside the opening of the file: it need not give way.
            let run = |job: Job| match job {
                Job::Open(_) => job.run(),
                job => give_way.during(|| job.run()),
            };
            for done in to_run.into_iter().filter_map(run) {
                if finished.send(done).is_err() {
                    return;
                }
                let _ = wake.send(Wake::Worked);
            }
        })?;
        Ok(Worker { jobs, done })
    }

    /// Hands a job to the worker; if the worker is gone, runs it here.
    pub fn start_job(&self, job: Job) -> Option<Done> {
        match self.jobs.send(job) {
            Ok(()) => None,
            Err(returned) => returned.0.run(),
        }
    }

    /// Opens the workspace at `path` on the worker, waiting for it (here if the worker is
    /// gone), so the memory of the workspace shown is the worker's: it frees it (see the
    /// module's comment).
    pub fn open(&self, path: &Path) -> Result<Opened, OpenError> {
        let (send, opened) = channel();
        let at = path.to_path_buf();
        let job = Job::Open(Box::new(move || {
            let _ = send.send(Session::open(&at));
        }));
        match self.jobs.send(job) {
            Ok(()) => opened.recv().unwrap_or_else(|_| Session::open(path)),
            Err(_) => Session::open(path),
        }
    }

    /// Frees `freed` on the worker (here if the worker is gone).
    pub fn free(&self, freed: Box<dyn Send>) {
        let _ = self.start_job(Job::Free(freed));
    }

    /// The job that is done, if one is.
    pub fn try_done(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }

    /// Waits for the running job to be done (at exit, before what is left is saved).
    pub fn wait_done(&self) -> Option<Done> {
        self.done.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The screen's workspace is read by the thread that frees it when a reload replaces it,
    /// so freeing it leaves the screen's thread no freed memory to sort (see the module's
    /// comment).
    #[test]
    fn the_file_is_opened_on_the_worker_that_frees_what_a_reload_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, crate::storage::location::SAMPLE).unwrap();
        let (wake, _inbox) = channel();
        let worker = Worker::start(wake).unwrap();
        let parsed_here = crate::storage::codec::parses_on_this_thread();
        let opened = worker.open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            crate::storage::codec::parses_on_this_thread(),
            parsed_here,
            "the file was parsed on the screen's thread"
        );
        assert!(!opened.workspace.items().is_empty(), "the sample, opened");

        /// Says on which thread it is dropped.
        struct Freed(Sender<thread::ThreadId>);
        impl Drop for Freed {
            fn drop(&mut self) {
                let _ = self.0.send(thread::current().id());
            }
        }
        let (send, dropped_on) = channel();
        let (opened_send, opened_on) = channel();
        let _ = worker.start_job(Job::Open(Box::new(move || {
            let _ = opened_send.send(thread::current().id());
        })));
        worker.free(Box::new(Freed(send)));
        let opened_on = opened_on.recv().unwrap();
        assert_ne!(opened_on, thread::current().id());
        assert_eq!(dropped_on.recv().unwrap(), opened_on);
    }

    #[test]
    fn an_edit_is_saved_after_the_autosave_delay_and_a_burst_is_one_save() {
        let start = Instant::now();
        let mut schedule = Schedule::new(AUTOSAVE);
        schedule.unsaved(start);
        schedule.unsaved(start + Duration::from_millis(300));
        assert!(!schedule.should_start(start + Duration::from_millis(499)));
        assert_eq!(
            schedule.wait(start),
            Some(AUTOSAVE),
            "the first edit sets the time"
        );
        assert!(schedule.should_start(start + AUTOSAVE));
        schedule.started();
        assert!(schedule.running());
        assert_eq!(schedule.wait(start + AUTOSAVE), None);
        schedule.landed(start + Duration::from_millis(600), true, false);
        assert!(!schedule.should_start(start + Duration::from_secs(10)));
    }

    #[test]
    fn an_edit_made_during_a_save_is_saved_as_soon_as_it_lands() {
        let start = Instant::now();
        let mut schedule = Schedule::new(AUTOSAVE);
        schedule.unsaved(start);
        schedule.started();
        // Edited while the save runs: no second save while one runs ...
        let during = start + Duration::from_millis(100);
        schedule.unsaved(during);
        assert!(!schedule.should_start(during + AUTOSAVE));
        // ... and when it lands, the next starts at once, not after another delay.
        let landed = start + Duration::from_millis(400);
        schedule.landed(landed, true, true);
        assert!(schedule.should_start(landed));
        assert_eq!(schedule.wait(landed), Some(Duration::ZERO));
    }

    #[test]
    fn the_delay_is_the_one_configured() {
        let start = Instant::now();
        let mut schedule = Schedule::new(Duration::from_millis(2000));
        schedule.unsaved(start);
        assert!(!schedule.should_start(start + Duration::from_millis(1999)));
        assert!(schedule.should_start(start + Duration::from_millis(2000)));
        let mut at_once = Schedule::new(Duration::ZERO);
        at_once.unsaved(start);
        assert!(at_once.should_start(start));
    }

    #[test]
    fn a_failed_save_is_tried_again_later_without_waiting_for_an_edit() {
        let start = Instant::now();
        let mut schedule = Schedule::new(AUTOSAVE);
        schedule.unsaved(start);
        schedule.started();
        schedule.landed(start, false, true);
        assert!(!schedule.should_start(start + RETRY - Duration::from_millis(1)));
        // More edits do not bring the retry forward onto a disk that just failed.
        schedule.unsaved(start + Duration::from_millis(10));
        assert!(!schedule.should_start(start + AUTOSAVE));
        assert!(schedule.should_start(start + RETRY));
    }

    #[test]
    fn a_reload_leaves_nothing_to_save() {
        let start = Instant::now();
        let mut schedule = Schedule::new(AUTOSAVE);
        schedule.unsaved(start);
        schedule.clear();
        assert!(!schedule.should_start(start + RETRY));
        assert_eq!(schedule.wait(start), None);
    }
}
