//! The calendar under a filter, its items found on the screen's thread or by jobs landed late
//! or in any order, against the whole computation: every day and agenda row read afresh.

use std::sync::atomic::AtomicBool;

use super::agenda::tests::every_row;
use super::*;
use crate::app::keymap::Keymap;
use crate::app::views::testing::{
    given, land, land_all, on_and_off_the_screens_thread, sample, today,
};
use crate::model::Status;
use crate::model::filter::MapFilter;

/// What a user (or the loop) does to the calendar.
#[derive(Clone, Debug)]
enum Step {
    /// Turns one of a few facets on or off.
    Toggle(usize),
    /// A key that moves the day or changes the mode.
    Key(Action),
    /// Changes the status of the item at this place (modulo the table's length).
    SetStatus(usize, Status),
    /// Moves the date of the item at this place by so many days.
    Shift(usize, i64),
    /// Deletes the item at this place.
    Delete(usize),
    /// The loop lands the job at this place among those started (modulo how many), late or
    /// not.
    Land(usize),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let status = proptest::sample::select(Status::ALL.to_vec());
    let keys = vec![
        Action::PageDown,
        Action::PageUp,
        Action::Left,
        Action::Right,
        Action::CalendarMode,
        Action::Today,
    ];
    prop_oneof![
        3 => (0..4usize).prop_map(Step::Toggle),
        5 => proptest::sample::select(keys).prop_map(Step::Key),
        1 => (0..100usize, status).prop_map(|(at, s)| Step::SetStatus(at, s)),
        1 => (0..100usize, -40..40i64).prop_map(|(at, days)| Step::Shift(at, days)),
        1 => (0..100usize).prop_map(Step::Delete),
        3 => (0..8usize).prop_map(Step::Land),
    ]
}

/// What the calendar must show: for the grid and the week, every day's items the filter keeps,
/// read from the items of that day; for the agenda, its rows built whole.
fn assert_whole_computation(ws: &Workspace, state: &CalendarState, steps: &[Step]) {
    let matcher = state.filter.matcher(ws, today());
    match state.mode {
        Mode::Month | Mode::Week => {
            let first = match state.mode {
                Mode::Week => state.day.start_of_week(),
                _ => state.day.first_of_month().start_of_week(),
            };
            assert_eq!(state.days.first(), Some(first), "{steps:?}");
            for (date, shown) in state.days.iter() {
                let kept: Vec<Id> = ws
                    .items_between(date, date)
                    .filter(|(_, item)| matcher.matches(item))
                    .map(|(_, item)| item.id)
                    .collect();
                assert_eq!(shown, kept.as_slice(), "{date}: {steps:?}");
            }
        }
        Mode::Agenda => {
            let rows: Vec<AgendaRow> = (0..state.rows.len())
                .map(|at| state.rows.row(ws, at).expect("a row"))
                .collect();
            assert_eq!(
                rows,
                every_row(ws, state.day, today(), &matcher),
                "{steps:?}"
            );
        }
    }
}

/// Runs the steps on the sample with the items kept found on the screen's thread
/// (`background` false) or as jobs the test lands when the steps say, in any order, stale ones
/// included; at rest, with every job landed, what is shown is the whole computation's.
fn shown_at_rest_is_the_whole_computation(steps: &[Step], background: bool) {
    let mut ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let lena = ws
        .items()
        .iter()
        .find(|i| i.owner == "Lena")
        .expect("the sample has items of Lena's")
        .owner
        .clone();
    let facets = [
        Facet::Status(Status::ToCreate),
        Facet::Status(Status::InProgress),
        Facet::Owner(lena),
        Facet::Channel(None),
    ];
    let mut state = CalendarState::open(today(), &given(&ws, &keymap, &map));
    if background {
        state.in_background_from(0);
    }
    let mut jobs: Vec<KeptJob> = Vec::new();
    let nth = |ws: &Workspace, at: usize| ws.items().at(at % ws.items().len().max(1)).map(|i| i.id);
    for step in steps {
        match step {
            Step::Toggle(at) => state.toggle(facets[*at].clone(), &given(&ws, &keymap, &map)),
            Step::Key(action) => {
                state.handle(*action, &given(&ws, &keymap, &map));
            }
            Step::SetStatus(at, status) => {
                if let Some(id) = nth(&ws, *at) {
                    edit::set_status(&mut ws, id, *status).expect("a status");
                    state.refresh(&given(&ws, &keymap, &map));
                }
            }
            Step::Shift(at, days) => {
                if let Some(id) = nth(&ws, *at)
                    && edit::shift_date(&mut ws, id, *days, today()).is_ok()
                {
                    state.refresh(&given(&ws, &keymap, &map));
                }
            }
            Step::Delete(at) => {
                if let Some(id) = nth(&ws, *at) {
                    edit::delete_items(&mut ws, &[id]).expect("deleted");
                    state.refresh(&given(&ws, &keymap, &map));
                }
            }
            Step::Land(at) => {
                if let Some(done) = land(&mut jobs, *at) {
                    state.adopt(done, &given(&ws, &keymap, &map));
                }
            }
        }
        jobs.extend(state.take_job());
        if !background {
            assert!(
                jobs.is_empty(),
                "a small workspace's items are found at once"
            );
            assert!(!state.is_filtering());
            assert_whole_computation(&ws, &state, steps);
        }
    }
    for done in land_all(&mut jobs) {
        state.adopt(done, &given(&ws, &keymap, &map));
    }
    assert!(!state.is_filtering(), "{steps:?}");
    assert_whole_computation(&ws, &state, steps);
}

on_and_off_the_screens_thread! {
    shown_at_rest_is_the_whole_computation,
    steps: step(),
    on: filtered_days_and_agenda_are_the_whole_computation,
    off: items_kept_found_off_the_screens_thread_are_the_whole_computation_once_landed,
}

/// A month move or a mode change under a filter whose items are known starts no job and reads
/// no item: it is a range of the items kept.
#[test]
fn moves_under_a_filter_found_once_start_no_job() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = CalendarState::open(today(), &given);
    state.in_background_from(0);
    state.toggle(Facet::Status(Status::ToCreate), &given);
    let job = state.take_job().expect("the filter's items are a job");
    assert!(state.is_filtering());
    let done = job.run(&AtomicBool::new(false)).expect("not stopped");
    state.adopt(done, &given);
    assert!(!state.is_filtering());
    for action in [
        Action::PageDown,
        Action::PageDown,
        Action::CalendarMode,
        Action::PageUp,
        Action::CalendarMode,
        Action::PageDown,
        Action::Right,
    ] {
        state.handle(action, &given);
        assert_eq!(state.take_job(), None, "{action:?}");
        assert!(!state.is_filtering());
    }
}
