//! Sorting, filtering and narrowing the inventory's rows.

use std::cmp::Ordering;

use super::rows::{Order, prefix, texts_in_order};
use super::*;
use crate::app::keymap::Keymap;
use crate::app::views::testing::{
    given, land, land_all, on_and_off_the_screens_thread, sample, today,
};
use crate::model::edit;
use crate::model::filter::MapFilter;
use crate::model::search::Target;
use crate::model::{Date, FieldDef, Status};

/// The items of the rows, in the order shown.
fn shown<'a>(state: &InventoryState, ws: &'a Workspace) -> Vec<&'a Item> {
    (0..state.len())
        .map(|at| state.row(ws, at).expect("a row"))
        .collect()
}

fn titles(state: &InventoryState, ws: &Workspace) -> Vec<String> {
    shown(state, ws).iter().map(|i| i.title.clone()).collect()
}

/// Sorts by `column` with the sort key.
fn sort_by(state: &mut InventoryState, column: Column, given: &Given) {
    while state.sort.as_ref() != Some(&column) {
        state.handle(Action::Sort, given);
    }
}

#[test]
fn unsorted_and_unfiltered_it_lists_every_item_in_file_order_and_sums_every_cost() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let state = InventoryState::open(&given(&ws, &keymap, &map));
    let file: Vec<String> = ws.items().iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles(&state, &ws), file);
    let sum: i128 = ws.items().iter().map(|i| cents(i.cost)).sum();
    assert_eq!(cents(state.cost()), sum);
    assert!(sum > 0);
}

#[test]
fn sorting_by_date_puts_the_earliest_first_and_undated_items_last() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    sort_by(&mut state, Column::Date, &given);
    let dates: Vec<Option<Date>> = shown(&state, &ws).iter().map(|i| i.available_on).collect();
    let dated: Vec<Date> = dates.iter().flatten().copied().collect();
    assert!(dated.windows(2).all(|pair| pair[0] <= pair[1]), "{dates:?}");
    let first_undated = dates
        .iter()
        .position(Option::is_none)
        .expect("undated items");
    assert!(dates[first_undated..].iter().all(Option::is_none));
    assert_eq!(
        dates[0],
        ws.items().iter().filter_map(|i| i.available_on).min()
    );

    // Reversed: the latest first; the same rows, the other way round.
    let before = titles(&state, &ws);
    state.handle(Action::SortReverse, &given);
    let mut reversed = titles(&state, &ws);
    reversed.reverse();
    assert_eq!(reversed, before);
}

/// The sample with an item field "Campaign" whose values are, by item, `values` (the first
/// items of the file; an empty one is no value).
fn with_campaigns(values: &[&str]) -> Workspace {
    let mut ws = sample();
    let field = FieldDef {
        id: "campaign".into(),
        ..FieldDef::new("Campaign", "item")
    };
    edit::add_field(&mut ws, field).expect("a field");
    let items: Vec<Id> = ws.items().iter().map(|i| i.id).collect();
    for (item, value) in items.into_iter().zip(values) {
        edit::set_custom(&mut ws, Target::Item(item), "campaign", value).expect("a value");
    }
    ws
}

fn campaign() -> Column {
    Column::Field("campaign".into())
}

#[test]
fn every_column_sorts_and_the_last_goes_back_to_the_file_order() {
    let ws = with_campaigns(&["", "beta", "", "Alpha", "gamma"]);
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    let order = Order::new(&ws);
    let columns = Column::all(&ws);
    assert_eq!(columns.last(), Some(&campaign()));
    for column in columns {
        state.handle(Action::Sort, &given);
        assert_eq!(state.sort.as_ref(), Some(&column));
        let column = &column;
        let items = shown(&state, &ws);
        assert_eq!(items.len(), ws.items().len());
        let place = |item: &Item| ws.items().position(item.id);
        assert!(
            items
                .windows(2)
                .all(|p| match order.compare(column, p[0], p[1]) {
                    Ordering::Less => true,
                    // Equal rows keep the file's order.
                    Ordering::Equal => place(p[0]) < place(p[1]),
                    Ordering::Greater => false,
                }),
            "{column:?}"
        );
    }
    let owners: Vec<&str> = {
        sort_by(&mut state, Column::Owner, &given);
        shown(&state, &ws)
            .iter()
            .map(|i| i.owner.as_str())
            .collect()
    };
    assert!(
        owners
            .windows(2)
            .all(|p| p[0].to_lowercase() <= p[1].to_lowercase())
    );
    while state.sort.is_some() {
        state.handle(Action::Sort, &given);
    }
    let file: Vec<String> = ws.items().iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles(&state, &ws), file);
}

#[test]
fn filters_keep_what_they_say_on_no_step_included_and_the_totals_follow() {
    let mut ws = sample();
    // Two items taken off every step: lost from the map, found here.
    let lost: Vec<Id> = ws
        .items()
        .iter()
        .skip(3)
        .step_by(7)
        .take(2)
        .map(|i| i.id)
        .collect();
    for id in &lost {
        let mut item = ws.items().get(*id).expect("an item").clone();
        item.step_ids.clear();
        edit::update(&mut ws, item).expect("an item may be on no step");
    }
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    state.toggle(Facet::OnNoStep, &given);
    assert_eq!(
        shown(&state, &ws).iter().map(|i| i.id).collect::<Vec<_>>(),
        lost
    );
    let cost: i128 = lost
        .iter()
        .map(|id| cents(ws.items().get(*id).expect("an item").cost))
        .sum();
    assert_eq!(cents(state.cost()), cost);
    state.toggle(Facet::OnNoStep, &given);

    // Overdue: the items' own rule, as many as the status line counts.
    state.toggle(Facet::Overdue, &given);
    assert!(shown(&state, &ws).iter().all(|i| i.is_overdue(today())));
    assert_eq!(state.len(), ws.overdue_count(today()));

    // Combined with a status and sorted: still only what both keep.
    state.toggle(Facet::Status(Status::InProgress), &given);
    sort_by(&mut state, Column::Title, &given);
    let kept = shown(&state, &ws);
    assert!(!kept.is_empty());
    assert!(
        kept.iter()
            .all(|i| i.is_overdue(today()) && i.status == Status::InProgress)
    );
}

#[test]
fn text_typed_letter_by_letter_keeps_what_a_fresh_filter_keeps() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    sort_by(&mut state, Column::Date, &given);
    state.handle(Action::Show(View::Search), &given);
    assert!(state.typing);
    for c in "e-bike".chars() {
        let key = KeyEvent::from(ratatui::crossterm::event::KeyCode::Char(c));
        state.typed(key, &given);
        let mut fresh = InventoryState::open(&given);
        sort_by(&mut fresh, Column::Date, &given);
        fresh.filter.set_query(state.line.text());
        fresh.refresh(&given);
        assert_eq!(
            titles(&state, &ws),
            titles(&fresh, &ws),
            "{}",
            state.line.text()
        );
    }
    assert!(!state.is_empty() && state.len() < ws.items().len());
    // Esc clears the text and gives the keys back to the table.
    state.handle(Action::Close, &given);
    assert!(!state.typing);
    assert_eq!(state.len(), ws.items().len());
}

#[test]
fn marks_stay_on_their_items_through_sorting_and_filtering() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    state.handle(Action::Mark, &given);
    state.handle(Action::Mark, &given);
    let marked: Vec<Id> = ws.items().iter().take(2).map(|i| i.id).collect();
    assert_eq!(state.chosen(&ws), marked);
    sort_by(&mut state, Column::Cost, &given);
    state.toggle(Facet::Status(Status::ToCreate), &given);
    assert_eq!(state.chosen(&ws), marked, "marks outlive the rows shown");
}

#[test]
fn the_selection_stays_on_its_item_through_sorts_and_reversals() {
    let ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    for _ in 0..5 {
        state.handle(Action::Down, &given);
    }
    let id = state.row(&ws, state.selected).expect("a row").id;
    for action in [
        Action::Sort,
        Action::SortReverse,
        Action::Sort,
        Action::SortReverse,
    ] {
        state.handle(action, &given);
        assert_eq!(
            state.row(&ws, state.selected).map(|i| i.id),
            Some(id),
            "{action:?}"
        );
    }
    while state.sort.is_some() {
        state.handle(Action::Sort, &given);
        assert_eq!(state.row(&ws, state.selected).map(|i| i.id), Some(id));
    }
}

#[test]
fn the_first_letters_of_a_text_sort_it_as_the_whole_text_does() {
    let texts = [
        "",
        "a",
        "A",
        "ab",
        "ab\u{0}",
        "ab\u{0}c",
        "Abc",
        "item 1000000: promo video piece",
        "Item 1000000: promo video piece, longer",
        "item 999: x",
        "Éclair",
        "éclair",
        "eclair",
        "Zebra",
        "zürich",
        "Zürich 2",
        "ﬃ ligature",
        "0",
    ];
    for a in texts {
        for b in texts {
            let whole = texts_in_order(a, b);
            let first = prefix(a).cmp(&prefix(b));
            assert!(
                first == whole || first == Ordering::Equal,
                "{a:?} {b:?}: prefix says {first:?}, the text {whole:?}"
            );
        }
    }
}

#[test]
fn sorting_by_an_item_field_puts_its_values_in_text_order_and_the_items_without_one_last() {
    let ws = with_campaigns(&["", "beta", "", "Alpha", "gamma"]);
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let given = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given);
    sort_by(&mut state, campaign(), &given);
    let values: Vec<&str> = shown(&state, &ws)
        .iter()
        .map(|i| i.custom.get("campaign").unwrap_or_default())
        .collect();
    assert_eq!(values[..3], ["Alpha", "beta", "gamma"]);
    assert!(values[3..].iter().all(|v| v.is_empty()), "{values:?}");
    // The items without a value keep the file's order.
    let file: Vec<String> = ws
        .items()
        .iter()
        .filter(|i| i.custom.get("campaign").is_none())
        .map(|i| i.title.clone())
        .collect();
    assert_eq!(titles(&state, &ws)[3..], file);
    // Reversed, the last value comes first after the items without one.
    state.handle(Action::SortReverse, &given);
    let last = shown(&state, &ws)[ws.items().len() - 3];
    assert_eq!(last.custom.get("campaign"), Some("gamma"));
}

#[test]
fn the_text_line_narrows_by_an_item_fields_value_and_a_deleted_field_takes_its_sort_along() {
    let mut ws = with_campaigns(&["", "SPR-26 launch"]);
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let second = ws.items().at(1).expect("an item").title.clone();
    {
        let given = given(&ws, &keymap, &map);
        let mut state = InventoryState::open(&given);
        state.filter.set_query("spr-26");
        state.refresh(&given);
        assert_eq!(titles(&state, &ws), [second]);
    }
    let given_before = given(&ws, &keymap, &map);
    let mut state = InventoryState::open(&given_before);
    sort_by(&mut state, campaign(), &given_before);
    edit::delete_field(&mut ws, "campaign").expect("deleted");
    state.refresh(&given(&ws, &keymap, &map));
    assert_eq!(state.sort, None);
    let file: Vec<String> = ws.items().iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles(&state, &ws), file);
}

/// What the rows must be: every item the filter keeps, read one by one from the table, in the
/// column's order with equal items in the file's order, reversed when asked.
fn whole_computation(ws: &Workspace, state: &InventoryState) -> Vec<Id> {
    let matcher = state.filter.matcher(ws, today());
    let mut kept: Vec<(usize, &Item)> = ws
        .items()
        .iter()
        .enumerate()
        .filter(|(_, item)| matcher.matches(item))
        .collect();
    if let Some(column) = &state.sort {
        let order = Order::new(ws);
        kept.sort_by(|a, b| order.compare(column, a.1, b.1).then(a.0.cmp(&b.0)));
    }
    let mut ids: Vec<Id> = kept.into_iter().map(|(_, item)| item.id).collect();
    if state.reversed {
        ids.reverse();
    }
    ids
}

/// What a user (or the loop) does to the inventory.
#[derive(Clone, Debug)]
enum Step {
    Sort,
    Reverse,
    /// Turns one of a few facets on or off.
    Toggle(usize),
    /// Types a letter into the text line, or takes the last one back.
    Type(char),
    Backspace,
    /// Changes the status of the item at this place (modulo the table's length).
    SetStatus(usize, Status),
    /// Deletes the item at this place.
    Delete(usize),
    /// The loop lands the job at this place among those started (modulo how many), late or
    /// not.
    Land(usize),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let status = proptest::sample::select(Status::ALL.to_vec());
    prop_oneof![
        3 => Just(Step::Sort),
        1 => Just(Step::Reverse),
        2 => (0..4usize).prop_map(Step::Toggle),
        3 => proptest::sample::select(vec!['e', 'o', 'a', ' ', 'g', 'x']).prop_map(Step::Type),
        1 => Just(Step::Backspace),
        1 => (0..100usize, status).prop_map(|(at, s)| Step::SetStatus(at, s)),
        1 => (0..100usize).prop_map(Step::Delete),
        3 => (0..8usize).prop_map(Step::Land),
    ]
}

/// Runs the steps on the sample with the rows worked out on the screen's thread
/// (`background` false) or as jobs the test lands when the steps say, in any order, stale ones
/// included; at rest, with every job landed, the rows are the whole computation's.
fn rows_at_rest_are_the_whole_computation(steps: &[Step], background: bool) {
    use ratatui::crossterm::event::KeyCode;
    let mut ws = sample();
    let (keymap, map) = (Keymap::default(), MapFilter::default());
    let facets = {
        let journey = ws.journeys().iter().next().expect("a journey").id;
        [
            Facet::Status(Status::ToCreate),
            Facet::Status(Status::InProgress),
            Facet::Journey(journey),
            Facet::OnNoStep,
        ]
    };
    let mut state = InventoryState::open(&given(&ws, &keymap, &map));
    if background {
        state.in_background_from = 0;
    }
    state.handle(Action::Show(View::Search), &given(&ws, &keymap, &map));
    let mut jobs: Vec<RowsJob> = Vec::new();
    for step in steps {
        match step {
            Step::Sort | Step::Reverse => {
                let action = match step {
                    Step::Sort => Action::Sort,
                    _ => Action::SortReverse,
                };
                // The sort keys are the table's, not the text line's.
                state.typing = false;
                state.handle(action, &given(&ws, &keymap, &map));
                state.typing = true;
            }
            Step::Toggle(at) => state.toggle(facets[*at].clone(), &given(&ws, &keymap, &map)),
            Step::Type(c) => state.typed(KeyCode::Char(*c).into(), &given(&ws, &keymap, &map)),
            Step::Backspace => state.typed(KeyCode::Backspace.into(), &given(&ws, &keymap, &map)),
            Step::SetStatus(at, status) => {
                if let Some(item) = ws.items().at(at % ws.items().len().max(1)) {
                    let id = item.id;
                    edit::set_status(&mut ws, id, *status).expect("a status");
                    state.refresh(&given(&ws, &keymap, &map));
                }
            }
            Step::Delete(at) => {
                if let Some(item) = ws.items().at(at % ws.items().len().max(1)) {
                    let id = item.id;
                    edit::delete_items(&mut ws, &[id]).expect("deleted");
                    state.refresh(&given(&ws, &keymap, &map));
                }
            }
            Step::Land(at) => {
                if let Some(done) = land(&mut jobs, *at) {
                    state.adopt(done, &ws);
                }
            }
        }
        jobs.extend(state.take_job());
        if !background {
            assert!(
                jobs.is_empty(),
                "a small workspace's rows are found at once"
            );
        }
        // Whatever is shown meanwhile, the selection is on a row.
        assert!(state.selected < state.len().max(1));
    }
    for done in land_all(&mut jobs) {
        state.adopt(done, &ws);
    }
    assert_eq!(state.working(), None, "{steps:?}");
    let shown: Vec<Id> = (0..state.len())
        .map(|at| state.row(&ws, at).expect("a row").id)
        .collect();
    assert_eq!(shown, whole_computation(&ws, &state), "{steps:?}");
    let cost: i128 = shown
        .iter()
        .map(|id| cents(ws.items().get(*id).expect("an item").cost))
        .sum();
    assert_eq!(cents(state.cost()), cost);
}

on_and_off_the_screens_thread! {
    rows_at_rest_are_the_whole_computation,
    steps: step(),
    on: sorted_filtered_and_narrowed_rows_are_the_whole_computation,
    off: rows_found_off_the_screens_thread_are_the_whole_computation_once_landed,
}

/// A job whose place a newer one took gives up before it keeps anything; one still wanted
/// hands over every item the filter keeps, in the file's order.
#[test]
fn a_job_stopped_keeps_nothing_and_one_still_wanted_keeps_what_the_filter_keeps() {
    use std::sync::atomic::AtomicBool;
    let ws = sample();
    let filter = ItemFilter::default();
    let wanted = Wanted::of(&ws, &filter, None, today());
    let matcher = filter.matcher(&ws, today());
    let mut kept = Vec::new();
    let stopped = wanted.each_kept(&matcher, &AtomicBool::new(true), |item| kept.push(item.id));
    assert_eq!((stopped, kept.len()), (None, 0));
    let done = wanted.each_kept(&matcher, &AtomicBool::new(false), |item| kept.push(item.id));
    let every: Vec<Id> = ws.items().iter().map(|item| item.id).collect();
    assert_eq!((done, kept), (Some(()), every));
}
