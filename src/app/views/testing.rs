//! What the tests of the views whose work may be a job for the loop (the inventory, the
//! calendar) share: the sample, the day they run on, what a view is given, and the loop landing
//! jobs late or in any order.

use std::sync::atomic::AtomicBool;

use super::job::{Job, Work};
use crate::app::keymap::Keymap;
use crate::app::outcome::Given;
use crate::model::filter::MapFilter;
use crate::model::{Date, Workspace};
use crate::storage::{self, location::SAMPLE};

pub(super) fn sample() -> Workspace {
    storage::decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

/// The day the tests run on: the sample has items before, on and after it.
pub(super) fn today() -> Date {
    "2026-11-23".parse().expect("a date")
}

/// What a view is given on [`today`], with nothing recent and no messages or problems.
pub(super) fn given<'a>(
    ws: &'a Workspace,
    keymap: &'a Keymap,
    map_filter: &'a MapFilter,
) -> Given<'a> {
    Given {
        ws,
        keymap,
        today: today(),
        recent: &[],
        messages: 0,
        problems: 0,
        map_filter,
        search_waits: false,
    }
}

/// The loop lands the job at `at` among those started (modulo how many), late or not: what it
/// found, if there is a job.
pub(super) fn land<W: Work>(jobs: &mut Vec<Job<W>>, at: usize) -> Option<W::Done> {
    if jobs.is_empty() {
        return None;
    }
    let job = jobs.remove(at % jobs.len());
    Some(job.run(&AtomicBool::new(false)).expect("not stopped"))
}

/// At rest: the loop lands what is still running, the newest last.
pub(super) fn land_all<W: Work>(jobs: &mut Vec<Job<W>>) -> Vec<W::Done> {
    jobs.drain(..)
        .map(|job| job.run(&AtomicBool::new(false)).expect("not stopped"))
        .collect()
}

/// The two property tests of a view whose work may be a job: `$check(&steps, background)` runs
/// random steps with the work done on the screen's thread (test `$on`), then as jobs the steps
/// land late or in any order (test `$off`).
macro_rules! on_and_off_the_screens_thread {
    ($check:ident, steps: $step:expr, on: $on:ident, off: $off:ident $(,)?) => {
        proptest::proptest! {
            #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

            #[test]
            fn $on(steps in proptest::collection::vec($step, 0..24)) {
                $check(&steps, false);
            }

            #[test]
            fn $off(steps in proptest::collection::vec($step, 0..24)) {
                $check(&steps, true);
            }
        }
    };
}

pub(super) use on_and_off_the_screens_thread;
