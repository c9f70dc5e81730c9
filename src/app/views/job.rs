//! A view's work for the loop, done on a thread of its own for a large workspace (see
//! [`crate::app::Effect::Rows`]): what the view wants worked out, and what the job made ready
//! to work it out. Two jobs are the same when they want the same thing, whatever they made
//! ready: a view that already waits for it starts no second one.

use std::fmt;
use std::sync::atomic::AtomicBool;

/// What a job does with what it made ready: the inventory's rows, the items the calendar's
/// filter keeps.
pub trait Work {
    /// What the work is worked out from: two jobs that want equal things find the same.
    type Wanted: PartialEq + Eq + fmt::Debug;
    /// What it finds.
    type Done;

    /// Does the work for `wanted`; gives up (`None`) when `stop` is set: a newer job took its
    /// place.
    fn run(self, wanted: Self::Wanted, stop: &AtomicBool) -> Option<Self::Done>;
}

/// A job: what it wants, and its work made ready.
pub struct Job<W: Work> {
    pub(super) wanted: W::Wanted,
    pub(super) work: W,
}

impl<W: Work> Job<W> {
    /// Does the work; gives up (`None`) when `stop` is set: a newer job took its place.
    pub(super) fn run(self, stop: &AtomicBool) -> Option<W::Done> {
        self.work.run(self.wanted, stop)
    }
}

/// Two jobs are the same when they want the same thing.
impl<W: Work> PartialEq for Job<W> {
    fn eq(&self, other: &Job<W>) -> bool {
        self.wanted == other.wanted
    }
}

impl<W: Work> Eq for Job<W> {}

impl<W: Work> fmt::Debug for Job<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Job").field(&self.wanted).finish()
    }
}
