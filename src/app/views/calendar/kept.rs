//! Under a filter, the items it keeps, found once per filter, workspace and day by reading every
//! item (on a thread of the loop's for a large workspace, see [`crate::app::Effect::Rows`]),
//! and kept by date: then a month, a week, a day or the agenda is a range of them, and costs
//! what the screen shows however many items the workspace holds.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::app::views::inventory::rows::Wanted;
use crate::app::views::job::{Job, Work};
use crate::model::filter::{ItemFilter, Matcher};
use crate::model::{Date, Id, Workspace};

/// The work of finding the items a filter keeps.
pub type KeptJob = Job<KeptWork>;

/// What a [`KeptJob`] made ready: the filter.
pub struct KeptWork {
    matcher: Matcher,
}

/// The items a filter keeps, as the index lists them: the dated ones by date then id (every
/// one, and the overdue ones apart), the unscheduled ones by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptDone {
    pub(super) wanted: Wanted,
    pub(super) dated: Arc<[(Date, Id)]>,
    pub(super) overdue: Arc<[(Date, Id)]>,
    pub(super) unscheduled: Arc<[Id]>,
}

impl KeptJob {
    pub(super) fn new(ws: &Workspace, filter: &ItemFilter, today: Date) -> KeptJob {
        Job {
            wanted: Wanted::of(ws, filter, None, today),
            work: KeptWork {
                matcher: filter.matcher(ws, today),
            },
        }
    }
}

impl Work for KeptWork {
    type Wanted = Wanted;
    type Done = KeptDone;

    /// Reads every item once and keeps those the filter keeps, in the index's orders.
    fn run(self, wanted: Wanted, stop: &AtomicBool) -> Option<KeptDone> {
        let today = wanted.today();
        let (mut dated, mut overdue, mut unscheduled) = (Vec::new(), Vec::new(), Vec::new());
        wanted.each_kept(&self.matcher, stop, |item| match item.available_on {
            Some(date) => {
                dated.push((date, item.id));
                if item.is_overdue(today) {
                    overdue.push((date, item.id));
                }
            }
            None if item.status.is_pending() => unscheduled.push(item.id),
            None => {}
        })?;
        dated.sort_unstable();
        overdue.sort_unstable();
        unscheduled.sort_unstable();
        Some(KeptDone {
            wanted,
            dated: dated.into(),
            overdue: overdue.into(),
            unscheduled: unscheduled.into(),
        })
    }
}

impl KeptDone {
    /// The items kept dated from `first` to `last`, by date.
    pub(super) fn dated_between(&self, first: Date, last: Date) -> &[(Date, Id)] {
        let from = self.dated.partition_point(|(date, _)| *date < first);
        let to = self.dated.partition_point(|(date, _)| *date <= last);
        &self.dated[from..to.max(from)]
    }
}
