//! Tests of the model as a whole: every edit (its effect, its refusals, its exact undo), deletions
//! that never leave an id dangling, the derived views, and a property test that random sequences
//! of edits keep the workspace valid and its incrementally kept indexes true.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index as Pick;

use super::edit::{self, EditError, ItemsOfType, OwnId, Record};
use super::rules::check_workspace;
use super::*;
use crate::storage::location::SAMPLE;
use crate::storage::{decode, encode};

type EditResult = Result<Edit, EditError>;

// ---------------------------------------------------------------------------------------------
// A small hand-made workspace
// ---------------------------------------------------------------------------------------------

const O1: u128 = 0x100;
const O2: u128 = 0x101;
const C1: u128 = 0x200;
const C2: u128 = 0x201;
const P1: u128 = 0x300;
const P2: u128 = 0x301;
const T1: u128 = 0x400;
const T2: u128 = 0x401;
const T3: u128 = 0x402;
const J1: u128 = 0x500;
const J2: u128 = 0x501;
const S11: u128 = 0x510;
const S12: u128 = 0x511;
const S13: u128 = 0x512;
const S21: u128 = 0x520;
const S22: u128 = 0x521;
const S23: u128 = 0x522;
const I1: u128 = 0x600;
const I2: u128 = 0x601;
const I3: u128 = 0x602;
const I4: u128 = 0x603;
const I5: u128 = 0x604;
const I6: u128 = 0x605;
const I7: u128 = 0x606;
const I8: u128 = 0x607;
const M1: u128 = 0x700;
const M2: u128 = 0x701;
const M3: u128 = 0x702;
const M4: u128 = 0x703;
const M5: u128 = 0x704;
const M6: u128 = 0x705;
const M7: u128 = 0x706;
/// An id no entry has.
const NOBODY: u128 = 0xdead;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn ids(ns: &[u128]) -> Vec<Id> {
    ns.iter().map(|n| id(*n)).collect()
}

fn date(text: &str) -> Date {
    text.parse().expect("a test date")
}

fn step(n: u128, name: &str, emotion: Option<u8>) -> Step {
    Step {
        id: id(n),
        name: name.into(),
        emotion,
        ..Step::default()
    }
}

fn mapping(step: u128, content_type: u128) -> Mapping {
    Mapping {
        step_id: id(step),
        content_type_id: id(content_type),
        ..Mapping::default()
    }
}

fn objective(n: u128, title: &str) -> Objective {
    Objective {
        id: id(n),
        title: title.into(),
        ..Objective::default()
    }
}

fn content_type(n: u128, name: &str, kind: Kind) -> ContentType {
    ContentType {
        id: id(n),
        name: name.into(),
        kind,
        ..ContentType::default()
    }
}

fn metric(n: u128, name: &str, level: Level, to: Attachment) -> Metric {
    let mut metric = Metric {
        id: id(n),
        name: name.into(),
        level,
        target: Some(10.0),
        ..Metric::default()
    };
    metric.attach(to);
    metric
}

/// An item: `(id, title, type, steps, channel, status, date, cost)`.
type ItemSpec<'a> = (
    u128,
    &'a str,
    u128,
    &'a [u128],
    Option<u128>,
    Status,
    Option<&'a str>,
    f64,
);

fn item(spec: ItemSpec) -> Item {
    let (n, title, content_type, steps, channel, status, on, cost) = spec;
    Item {
        id: id(n),
        title: title.into(),
        content_type_id: id(content_type),
        step_ids: ids(steps),
        channel_id: channel.map(id),
        status,
        available_on: on.map(date),
        cost,
        ..Item::default()
    }
}

/// The items of the small workspace, one a line.
#[rustfmt::skip]
fn small_items() -> Vec<Item> {
    use Status::*;
    [
        (I1, "Promo", T1, &[S11][..], Some(C1), Available, Some("2027-01-31"), 40.0),
        (I2, "Buyer guide", T2, &[S12, S21], Some(C1), InProgress, Some("2027-02-28"), 60.5),
        (I3, "Chat bot", T3, &[S13], Some(C2), ToCreate, None, 0.2),
        (I4, "Repair video", T1, &[S22], None, ToCreate, Some("2028-02-29"), 0.0),
        (I5, "Newsletter", T2, &[], Some(C2), ToCreate, Some("2027-03-01"), 0.1),
        (I6, "FAQ", T2, &[S21], None, Available, Some("2027-02-01"), 0.0),
        (I7, "Draft post", T3, &[], None, Available, None, 0.0),
        (I8, "Workshop page", T2, &[S23], None, InProgress, None, 0.0),
    ]
    .into_iter()
    .map(item)
    .collect()
}

/// Two personas, two journeys of three steps (the second shared by both personas), three content
/// types, items in every status, two channels with budgets and metrics at every level.
///
/// Cells: (S11,T1) available; (S12,T1) mapped, empty; (S12,T2) in progress; (S13,T3) to create;
/// (S21,T2) in progress + available; (S22,T3) mapped, empty; (S22,T1) and (S23,T2) mapped only
/// by an item. Six gaps.
pub(super) fn small() -> Workspace {
    let contents = Contents {
        name: "Small".into(),
        objectives: Table::from_rows(vec![objective(O1, "Grow"), objective(O2, "Keep")]),
        channels: Table::from_rows(vec![
            Channel {
                id: id(C1),
                name: "Search".into(),
                media: Media::Paid,
                budget: 100.0,
                ..Channel::default()
            },
            Channel {
                id: id(C2),
                name: "Email".into(),
                media: Media::Owned,
                budget: 0.3,
                ..Channel::default()
            },
        ]),
        personas: Table::from_rows(vec![
            Persona {
                id: id(P1),
                name: "Chris".into(),
                channel_ids: ids(&[C1]),
                ..Persona::default()
            },
            Persona {
                id: id(P2),
                name: "Dana".into(),
                channel_ids: ids(&[C1, C2]),
                ..Persona::default()
            },
        ]),
        content_types: Table::from_rows(vec![
            content_type(T1, "Video", Kind::Content),
            content_type(T2, "Guide", Kind::Content),
            content_type(T3, "Chat", Kind::Service),
        ]),
        journeys: Table::from_rows(vec![
            Journey {
                id: id(J1),
                name: "Buy".into(),
                persona_ids: ids(&[P1]),
                objective_id: Some(id(O1)),
                steps: vec![
                    step(S11, "Look", Some(3)),
                    step(S12, "Compare", None),
                    step(S13, "Pay", Some(5)),
                ],
                mappings: vec![
                    mapping(S11, T1),
                    mapping(S12, T1),
                    mapping(S12, T2),
                    mapping(S13, T3),
                ],
                ..Journey::default()
            },
            Journey {
                id: id(J2),
                name: "Repair".into(),
                persona_ids: ids(&[P1, P2]),
                objective_id: None,
                steps: vec![
                    step(S21, "Notice", Some(1)),
                    step(S22, "Book", Some(2)),
                    step(S23, "Collect", None),
                ],
                mappings: vec![mapping(S21, T2), mapping(S22, T3)],
                ..Journey::default()
            },
        ]),
        items: Table::from_rows(small_items()),
        metrics: Table::from_rows(vec![
            metric(M1, "Revenue", Level::Strategic, Attachment::Workspace),
            metric(
                M2,
                "Conversion",
                Level::Marketing,
                Attachment::Journey(id(J1)),
            ),
            metric(
                M3,
                "Click rate",
                Level::Integrated,
                Attachment::Step(id(S12)),
            ),
            metric(M4, "Views", Level::Integrated, Attachment::Item(id(I1))),
            metric(M5, "Bookings", Level::Marketing, Attachment::Step(id(S22))),
            metric(M6, "Returns", Level::Strategic, Attachment::Journey(id(J2))),
            metric(M7, "Downloads", Level::Integrated, Attachment::Item(id(I2))),
        ]),
        ..Contents::default()
    };
    let ws = Workspace::from_contents(contents);
    assert_sound(&ws);
    ws
}

fn sample() -> Workspace {
    /// Decoded once: the property test starts every case from it.
    static SAMPLE_WORKSPACE: LazyLock<Workspace> =
        LazyLock::new(|| decode(SAMPLE.as_bytes()).expect("the sample decodes"));
    SAMPLE_WORKSPACE.clone()
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the tests
// ---------------------------------------------------------------------------------------------

/// The workspace breaks no rule and its indexes say what a freshly built workspace says.
#[track_caller]
fn assert_sound(ws: &Workspace) {
    let problems = check_workspace(ws);
    assert!(
        problems.is_empty(),
        "the workspace has problems: {problems:#?}"
    );
    assert_index_agrees(ws);
}

fn dated_ids<'a>(rows: impl Iterator<Item = (Date, &'a Item)>) -> Vec<(Date, Id)> {
    rows.map(|(date, item)| (date, item.id)).collect()
}

fn item_ids<'a>(rows: impl IntoIterator<Item = &'a Item>) -> Vec<Id> {
    rows.into_iter().map(|item| item.id).collect()
}

/// Every comment of the workspace and the entry it is on, in the order the review lists them,
/// read from every entry: what the index of the entries with open comments must agree with.
/// Each as the entry, the comment's id and whether it is resolved.
fn comments_read_whole(ws: &Workspace) -> Vec<(search::Target, Id, bool)> {
    use search::Target as Entry;
    let mut all = Vec::new();
    let mut add = |on: Entry, comments: &[Comment]| {
        all.extend(comments.iter().map(|c| (on, c.id, c.resolved)));
    };
    for persona in ws.personas() {
        add(Entry::Persona(persona.id), &persona.comments);
    }
    for journey in ws.journeys() {
        add(Entry::Journey(journey.id), &journey.comments);
        for step in &journey.steps {
            add(Entry::Step(step.id), &step.comments);
        }
    }
    for content_type in ws.content_types() {
        add(Entry::ContentType(content_type.id), &content_type.comments);
    }
    for item in ws.items() {
        add(Entry::Item(item.id), &item.comments);
    }
    for metric in ws.metrics() {
        add(Entry::Metric(metric.id), &metric.comments);
    }
    all
}

/// The metrics by level, then in the workspace's order, each level read from every metric:
/// what the metrics view's index must agree with.
fn metrics_by_level_read_whole(ws: &Workspace) -> Vec<Id> {
    Level::ALL
        .iter()
        .flat_map(|level| ws.metrics().iter().filter(move |m| m.level == *level))
        .map(|m| m.id)
        .collect()
}

/// Compares every view (and the raw index, normalised) with those of a workspace built afresh
/// from the same contents.
#[track_caller]
fn assert_index_agrees(ws: &Workspace) {
    let fresh = Workspace::from_contents(ws.contents().clone());
    let gaps = ws.gaps();
    assert_eq!(ws.gap_count(), fresh.gap_count(), "gap count");
    assert_eq!(ws.gap_count(), gaps.len(), "gap count against the gap list");
    assert_eq!(ws.budgets(), fresh.budgets(), "budgets");
    assert_eq!(
        dated_ids(ws.pending_items()),
        dated_ids(fresh.pending_items()),
        "pending"
    );
    for today in ["2026-01-01", "2027-03-01", "2027-06-15", "2028-03-01"] {
        assert_eq!(
            dated_ids(ws.overdue_items(date(today))),
            dated_ids(fresh.overdue_items(date(today))),
            "overdue on {today}"
        );
        // The count kept by every edit since the day last asked about, against every item's own
        // word and against a count made afresh.
        let by_rule = ws
            .items()
            .iter()
            .filter(|i| i.is_overdue(date(today)))
            .count();
        assert_eq!(
            ws.overdue_count(date(today)),
            by_rule,
            "overdue count on {today}"
        );
        assert_eq!(
            fresh.overdue_count(date(today)),
            by_rule,
            "fresh overdue count"
        );
    }
    assert_eq!(
        item_ids(ws.unscheduled_items()),
        item_ids(fresh.unscheduled_items()),
        "unscheduled"
    );
    let (first, last) = (date("0001-01-01"), date("9999-12-31"));
    assert_eq!(
        dated_ids(ws.items_between(first, last)),
        dated_ids(fresh.items_between(first, last)),
        "calendar"
    );
    assert_eq!(
        ws.pending_between(first, last),
        fresh.pending_between(first, last)
    );
    assert_eq!(ws.status_counts(), fresh.status_counts(), "status counts");
    assert_eq!(ws.step_count(), fresh.step_count(), "step count");
    // The gaps the fresh workspace's cells show, in `gaps()` order: journey, step, type.
    let mut fresh_gaps = Vec::new();
    for journey in ws.journeys() {
        for step in &journey.steps {
            assert_eq!(
                ws.journey_of_step(step.id).map(|j| j.id),
                Some(journey.id),
                "journey of step {:?}",
                step.name
            );
            for content_type in ws.content_types() {
                let (s, t) = (step.id, content_type.id);
                let cell = fresh.cell(s, t);
                assert_eq!(ws.cell(s, t), cell, "cell {s} × {t}");
                if cell.gap {
                    fresh_gaps.push(Gap {
                        journey_id: journey.id,
                        step_id: s,
                        content_type_id: t,
                    });
                }
            }
        }
    }
    assert_eq!(gaps, fresh_gaps, "gaps");
    // The metrics view's order, by position and by id, and the review's open comments: as
    // reading every entry finds them.
    let by_level = metrics_by_level_read_whole(ws);
    let listed: Vec<Id> = (0..=by_level.len())
        .map_while(|at| ws.metric_by_level(at).map(|m| m.id))
        .collect();
    assert_eq!(listed, by_level, "metrics by level");
    for (at, id) in by_level.iter().enumerate() {
        assert_eq!(
            ws.metric_place_by_level(*id),
            Some(at),
            "place of metric {at}"
        );
    }
    let open: Vec<(search::Target, Id)> = comments_read_whole(ws)
        .into_iter()
        .filter(|(_, _, resolved)| !resolved)
        .map(|(on, id, _)| (on, id))
        .collect();
    let reviewed: Vec<(search::Target, Id)> = crate::model::comments::open_comments(ws)
        .into_iter()
        .map(|row| (row.target, row.comment.id))
        .collect();
    assert_eq!(reviewed, open, "open comments");
    // The raw index, so that no stale entry hides where no view looks (and the items of each
    // cell, which `cell_items` lists in workspace order).
    let (a, b) = (&ws.index, &fresh.index);
    assert_eq!(a.mapped, b.mapped, "index: mapped");
    assert_eq!(a.step_journey, b.step_journey, "index: step_journey");
    assert_eq!(
        a.lists_in_order(),
        b.lists_in_order(),
        "index: metrics per step, journeys per persona and per objective"
    );
    assert_eq!(a.dated, b.dated, "index: dated");
    assert_eq!(a.pending, b.pending, "index: pending");
    assert_eq!(
        a.pending_per_day, b.pending_per_day,
        "index: pending per day"
    );
    assert_eq!(a.unscheduled, b.unscheduled, "index: unscheduled");
    assert_eq!(a.gaps, b.gaps, "index: gaps");
    assert_eq!(a.step_gaps, b.step_gaps, "index: gaps per step");
    assert_eq!(a.metric_levels, b.metric_levels, "index: metrics by level");
    assert_eq!(
        a.open_comments, b.open_comments,
        "index: entries with open comments"
    );
    for journey in ws.journeys() {
        assert_eq!(
            ws.journey_gap_count(journey),
            ws.journey_gaps(journey).len(),
            "gap count of journey {:?}",
            journey.name
        );
    }
    // The search's text: the first check prepares it, every edit after that keeps it up to date.
    assert!(
        ws.search_texts().same_text_as(fresh.search_texts()),
        "the search's prepared text"
    );
    let cells = |index: &workspace::Index| {
        let mut cells = index.cells.clone();
        for cell in cells.values_mut() {
            cell.items.sort();
        }
        cells
    };
    assert_eq!(cells(a), cells(b), "index: cells");
    assert_eq!(a.costs, b.costs, "index: costs");
    assert_eq!(a.monthly, b.monthly, "index: monthly");
}

/// Runs an edit that must apply: the result is sound, undo gives back the very bytes of before,
/// redo the very bytes of after. Returns the edit that undoes it.
#[track_caller]
fn apply_ok(ws: &mut Workspace, edit: impl FnOnce(&mut Workspace) -> EditResult) -> Edit {
    let before = encode(ws);
    let undo = match edit(ws) {
        Ok(undo) => undo,
        Err(error) => panic!("the edit was refused: {error}"),
    };
    assert_sound(ws);
    let after = encode(ws);
    let mut history = History::default();
    history.record(undo.clone());
    assert_eq!(history.undo(ws).as_deref(), Some(undo.label.as_str()));
    assert!(encode(ws) == before, "undo did not restore the bytes");
    assert_sound(ws);
    assert_eq!(history.redo(ws).as_deref(), Some(undo.label.as_str()));
    assert!(encode(ws) == after, "redo did not re-apply the edit");
    assert_sound(ws);
    undo
}

/// Runs an edit that must be refused, and checks it changed nothing.
#[track_caller]
fn refused(ws: &mut Workspace, edit: impl FnOnce(&mut Workspace) -> EditResult) -> EditError {
    let before = encode(ws);
    let revision = ws.revision();
    let error = match edit(ws) {
        Ok(undo) => panic!("the edit {:?} was not refused", undo.label),
        Err(error) => error,
    };
    assert_eq!(ws.revision(), revision, "a refused edit applied a change");
    assert!(encode(ws) == before, "a refused edit changed the workspace");
    error
}

/// The fields named by an `EditError::Invalid`.
#[track_caller]
fn invalid_fields(error: EditError) -> Vec<String> {
    match error {
        EditError::Invalid(problems) => problems.into_iter().map(|p| p.field).collect(),
        other => panic!("expected an invalid entry, got {other:?}"),
    }
}

#[track_caller]
fn assert_taken(error: EditError) {
    match error {
        EditError::Refused(message) => assert!(message.contains("is taken"), "{message}"),
        other => panic!("expected a taken id, got {other:?}"),
    }
}

fn journey(ws: &Workspace, n: u128) -> Journey {
    ws.journeys().get(id(n)).expect("journey").clone()
}

fn item_of(ws: &Workspace, n: u128) -> Item {
    ws.items().get(id(n)).expect("item").clone()
}

fn metric_of(ws: &Workspace, n: u128) -> Metric {
    ws.metrics().get(id(n)).expect("metric").clone()
}

fn order<T: Entity>(table: &Table<T>) -> Vec<Id> {
    table.iter().map(|row| row.id()).collect()
}

fn step_order(ws: &Workspace, journey_id: u128) -> Vec<Id> {
    journey(ws, journey_id).steps.iter().map(|s| s.id).collect()
}

fn mapping_pairs(ws: &Workspace, journey_id: u128) -> Vec<(Id, Id)> {
    journey(ws, journey_id)
        .mappings
        .iter()
        .map(|m| (m.step_id, m.content_type_id))
        .collect()
}

fn gap_cells(ws: &Workspace) -> Vec<(Id, Id)> {
    ws.gaps()
        .iter()
        .map(|g| (g.step_id, g.content_type_id))
        .collect()
}

fn cells(pairs: &[(u128, u128)]) -> Vec<(Id, Id)> {
    pairs.iter().map(|(s, t)| (id(*s), id(*t))).collect()
}

// ---------------------------------------------------------------------------------------------
// The fixture itself
// ---------------------------------------------------------------------------------------------

#[test]
fn the_small_workspace_is_what_the_tests_assume() {
    let ws = small();
    assert_eq!(ws.gap_count(), 6);
    assert_eq!(
        gap_cells(&ws),
        cells(&[
            (S12, T1),
            (S12, T2),
            (S13, T3),
            (S22, T1),
            (S22, T3),
            (S23, T2)
        ])
    );
    assert_eq!(ws.status_counts(), [3, 2, 3]);
    assert_eq!(ws.step_count(), 6);
    assert_eq!(ws.step(id(S22)).map(|s| s.name.as_str()), Some("Book"));
    assert!(ws.knows_id(id(S23)) && ws.knows_id(id(M7)) && !ws.knows_id(id(NOBODY)));
}

// ---------------------------------------------------------------------------------------------
// insert / add / update / relocate / shift, for every kind
// ---------------------------------------------------------------------------------------------

#[test]
fn add_appends_and_insert_places_at_a_clamped_position() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| edit::add(ws, objective(0x110, "Last")));
    apply_ok(&mut ws, |ws| edit::insert(ws, 0, objective(0x111, "First")));
    apply_ok(&mut ws, |ws| {
        edit::insert(ws, 99, objective(0x112, "Clamped"))
    });
    assert_eq!(order(ws.objectives()), ids(&[0x111, O1, O2, 0x110, 0x112]));
    let undo = apply_ok(&mut ws, |ws| {
        edit::insert(ws, 1, content_type(0x410, "Podcast", Kind::Content))
    });
    assert_eq!(undo.label, "add content type \"Podcast\"");
    assert_eq!(order(ws.content_types()), ids(&[T1, 0x410, T2, T3]));
}

#[test]
fn every_kind_can_be_added_and_undone() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| {
        edit::add(
            ws,
            Channel {
                id: id(0x210),
                name: "Radio".into(),
                media: Media::Earned,
                budget: 5.5,
                ..Channel::default()
            },
        )
    });
    apply_ok(&mut ws, |ws| {
        edit::add(
            ws,
            Persona {
                id: id(0x310),
                name: "Eli".into(),
                channel_ids: ids(&[C2, 0x210]),
                ..Persona::default()
            },
        )
    });
    apply_ok(&mut ws, |ws| {
        edit::add(
            ws,
            Journey {
                id: id(0x530),
                name: "Return".into(),
                persona_ids: ids(&[0x310]),
                objective_id: Some(id(O2)),
                steps: vec![step(0x531, "Pack", Some(2)), step(0x532, "Ship", None)],
                mappings: vec![mapping(0x531, T3)],
                ..Journey::default()
            },
        )
    });
    // The new journey's steps and mapping are indexed at once.
    assert_eq!(ws.journey_of_step(id(0x532)).map(|j| j.id), Some(id(0x530)));
    assert!(ws.cell(id(0x531), id(T3)).gap);
    assert_eq!(ws.gap_count(), 7);
    apply_ok(&mut ws, |ws| {
        edit::add(
            ws,
            item((
                0x610,
                "Label",
                T3,
                &[0x531],
                Some(0x210),
                Status::Available,
                Some("2027-05-05"),
                1.25,
            )),
        )
    });
    assert_eq!(ws.gap_count(), 6);
    apply_ok(&mut ws, |ws| {
        edit::add(
            ws,
            metric(
                0x710,
                "Returns",
                Level::Marketing,
                Attachment::Step(id(0x532)),
            ),
        )
    });
    assert_eq!(ws.budgets().channels[2].spending.cost(), 1.25);
}

#[test]
fn adding_refuses_blank_names_and_missing_or_taken_ids() {
    let mut ws = small();
    for title in ["", "   "] {
        let error = refused(&mut ws, |ws| edit::add(ws, objective(0x110, title)));
        assert_eq!(invalid_fields(error), ["title"]);
    }
    let error = refused(&mut ws, |ws| edit::add(ws, objective(0, "Nil")));
    assert_eq!(invalid_fields(error), ["id"]);
    // Ids are unique across kinds: a step's, a metric's, a channel's id are all taken.
    for taken in [S21, M7, C1, J2] {
        assert_taken(refused(&mut ws, |ws| {
            edit::add(ws, content_type(taken, "Copy", Kind::Content))
        }));
    }
    // A new journey may not bring a step whose id is taken, nor repeat a step id.
    let mut copy = journey(&ws, J2);
    copy.id = id(0x530);
    assert_taken(refused(&mut ws, |ws| edit::add(ws, copy.clone())));
    let twice = Journey {
        id: id(0x530),
        name: "Twice".into(),
        steps: vec![step(0x531, "A", None), step(0x531, "B", None)],
        ..Journey::default()
    };
    let error = refused(&mut ws, |ws| edit::add(ws, twice));
    assert_eq!(invalid_fields(error), ["id"]);
}

/// An import checks its new items where it drafts them and adds them together at the end of
/// their table. An own id the caller knows is free is not looked up again; the ids of the
/// entry's parts still are. The entries added keep their order and are found by their ids.
#[test]
fn entries_checked_apart_are_added_together_in_order() {
    let mut ws = small();
    let copy = |n| content_type(n, "Copy", Kind::Content);
    let taken = edit::check_add(&ws, copy(C1), OwnId::Brought).err();
    assert_taken(taken.expect("a channel's id is taken"));
    assert!(edit::check_add(&ws, copy(C1), OwnId::Free).is_ok());
    let mut journey_copy = journey(&ws, J2);
    journey_copy.id = id(0x5a0);
    let taken = edit::check_add(&ws, journey_copy, OwnId::Free).err();
    assert_taken(taken.expect("its steps' ids are taken"));

    let before = ws.content_types().len();
    let revision = ws.revision();
    let checked: Vec<_> = (0..3)
        .map(|n| edit::check_add(&ws, copy(0x5b0 + n), OwnId::Free).expect("free"))
        .collect();
    edit::add_checked_without_undo(&mut ws, checked);
    for n in 0..3 {
        assert_eq!(
            ws.content_types().position(id(0x5b0 + n)),
            Some(before + n as usize)
        );
    }
    assert_eq!(ws.content_types().len(), before + 3);
    assert!(ws.revision() > revision);
    assert!(
        check_workspace(&ws).is_empty(),
        "{:?}",
        check_workspace(&ws)
    );
}

#[test]
fn adding_refuses_dangling_references_and_bad_values() {
    let mut ws = small();
    let persona = Persona {
        id: id(0x310),
        name: "Eli".into(),
        channel_ids: ids(&[C1, NOBODY]),
        ..Persona::default()
    };
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, persona))),
        ["channel_ids[1]"]
    );
    let journey = Journey {
        id: id(0x530),
        name: "Return".into(),
        persona_ids: ids(&[NOBODY]),
        objective_id: Some(id(NOBODY)),
        steps: vec![step(0x531, "Pack", Some(7))],
        mappings: vec![mapping(S11, T1), mapping(0x531, NOBODY)],
        ..Journey::default()
    };
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, journey))),
        [
            "persona_ids[0]",
            "objective_id",
            "emotion",
            "mappings[0].step_id",
            "mappings[1].content_type_id"
        ]
    );
    let bad_item = item((
        0x610,
        "",
        NOBODY,
        &[S11, NOBODY, S11],
        Some(NOBODY),
        Status::ToCreate,
        None,
        -1.0,
    ));
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, bad_item))),
        [
            "title",
            "content_type_id",
            "step_ids[1]",
            "step_ids[2]",
            "channel_id",
            "cost"
        ]
    );
    let mut costly = item_of(&ws, I1);
    costly.id = id(0x611);
    costly.cost = f64::NAN;
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, costly))),
        ["cost"]
    );
    let channel = Channel {
        id: id(0x210),
        name: "Radio".into(),
        budget: -0.01,
        ..Channel::default()
    };
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, channel))),
        ["budget"]
    );
    let mut two_places = metric(0x710, "Both", Level::Marketing, Attachment::Journey(id(J1)));
    two_places.step_id = Some(id(S11));
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, two_places))),
        ["journey_id"]
    );
    for attach in [
        Attachment::Journey(id(NOBODY)),
        Attachment::Step(id(J1)),
        Attachment::Item(id(NOBODY)),
    ] {
        let dangling = metric(0x710, "Lost", Level::Marketing, attach);
        assert_eq!(
            invalid_fields(refused(&mut ws, |ws| edit::add(ws, dangling))).len(),
            1
        );
    }
    let mut not_a_number = metric(0x710, "NaN", Level::Marketing, Attachment::Workspace);
    not_a_number.actual = Some(f64::INFINITY);
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::add(ws, not_a_number))),
        ["actual"]
    );
}

#[test]
fn update_replaces_in_place_and_keeps_the_indexes() {
    let mut ws = small();
    let mut channel = ws.channels().get(id(C1)).unwrap().clone();
    channel.name = "Search ads".into();
    channel.budget = 200.0;
    let undo = apply_ok(&mut ws, |ws| edit::update(ws, channel));
    assert_eq!(undo.label, "edit channel \"Search ads\"");
    assert_eq!(ws.channels().position(id(C1)), Some(0));
    assert_eq!(ws.budgets().channels[0].spending.left(), Some(99.5));

    // Renaming a journey keeps its steps and mappings known (the index must not lose them).
    let mut buy = journey(&ws, J1);
    buy.name = "Buy a bike".into();
    apply_ok(&mut ws, |ws| edit::update(ws, buy));
    assert_eq!(ws.journey_of_step(id(S12)).map(|j| j.id), Some(id(J1)));
    assert!(ws.cell(id(S12), id(T1)).explicit);
    assert_eq!(ws.gap_count(), 6);

    // Renaming a dated, pending item keeps it on the calendar.
    let mut guide = item_of(&ws, I2);
    guide.title = "Buyer's guide".into();
    apply_ok(&mut ws, |ws| edit::update(ws, guide));
    assert_eq!(
        dated_ids(ws.pending_items()),
        vec![
            (date("2027-02-28"), id(I2)),
            (date("2027-03-01"), id(I5)),
            (date("2028-02-29"), id(I4))
        ]
    );
    // And an undated one stays unscheduled.
    let mut chat = item_of(&ws, I3);
    chat.owner = "Sam".into();
    apply_ok(&mut ws, |ws| edit::update(ws, chat));
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I3, I8]));
}

#[test]
fn update_refuses_unknown_ids_and_invalid_versions() {
    let mut ws = small();
    let stranger = objective(NOBODY, "Stranger");
    assert_eq!(
        refused(&mut ws, |ws| edit::update(ws, stranger)),
        EditError::Missing("objective")
    );
    let mut persona = ws.personas().get(id(P1)).unwrap().clone();
    persona.name = " ".into();
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::update(ws, persona))),
        ["name"]
    );
    let mut persona = ws.personas().get(id(P1)).unwrap().clone();
    persona.channel_ids.push(id(C1));
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::update(ws, persona))),
        ["channel_ids[1]"]
    );
    // A journey may not take another journey's step.
    let mut buy = journey(&ws, J1);
    buy.steps.push(step(S21, "Stolen", None));
    assert_taken(refused(&mut ws, |ws| edit::update(ws, buy)));
    // Nor keep mappings onto a step it dropped.
    let mut buy = journey(&ws, J1);
    buy.steps.remove(1);
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::update(ws, buy))),
        ["mappings[1].step_id", "mappings[2].step_id"]
    );
}

/// An update checked first (where a caller prepares it, on another thread say) and applied
/// later without undo changes the workspace as the update does, with another entry changed in
/// between; an entry moved since its check is found where it went; and the check refuses
/// what the update refuses.
#[test]
fn a_checked_update_applies_as_the_update_does() {
    let mut guide = item_of(&small(), I2);
    guide.title = "Buyer's guide".into();
    guide.step_ids = ids(&[S21]);
    guide.available_on = Some(date("2027-03-05"));
    let mut chat = item_of(&small(), I3);
    chat.owner = "Sam".into();
    let mut updated = small();
    for item in [&chat, &guide] {
        apply_ok(&mut updated, |ws| edit::update(ws, item.clone()));
    }

    let mut ws = small();
    let checked = edit::check_update(&ws, guide.clone(), 1).unwrap();
    edit::update_without_undo(&mut ws, chat).unwrap();
    edit::update_checked_without_undo(&mut ws, checked).unwrap();
    assert_sound(&ws);
    assert!(encode(&ws) == encode(&updated));

    // Looked for at a wrong place first, then moved since the check.
    let mut ws = small();
    let checked = edit::check_update(&ws, guide.clone(), 5).unwrap();
    edit::relocate::<Item>(&mut ws, id(I2), 0).unwrap();
    edit::update_checked_without_undo(&mut ws, checked).unwrap();
    assert_sound(&ws);
    assert_eq!(ws.items().position(id(I2)), Some(0));
    assert_eq!(item_of(&ws, I2), guide);

    let ws = small();
    let mut blank = guide;
    blank.title = " ".into();
    assert_eq!(
        invalid_fields(edit::check_update(&ws, blank, 1).err().unwrap()),
        ["title"]
    );
    let stranger = objective(NOBODY, "Stranger");
    assert_eq!(
        edit::check_update(&ws, stranger, 0).err(),
        Some(EditError::Missing("objective"))
    );
}

/// A workspace indexed for lookups by id only keeps none of the items' cells, dates and costs
/// as items come, change and go (no one reads them), and holds what a workspace indexed in
/// full holds after the same edits, those that take steps off items included.
#[test]
fn a_workspace_for_lookups_keeps_no_cells_dates_or_costs_of_items() {
    let mut full = small();
    let mut lookups = Workspace::for_lookups(small().into_contents());
    let mut guide = item_of(&full, I2);
    guide.step_ids = ids(&[S11]);
    guide.available_on = Some(date("2027-05-01"));
    guide.cost = 99.0;
    guide.owner = "Kim".into();
    let mut fresh = item_of(&full, I3);
    fresh.id = id(0x6ff);
    let mut buy = journey(&full, J1);
    buy.steps.retain(|s| s.id != id(S12));
    buy.mappings.retain(|m| m.step_id != id(S12));
    for ws in [&mut full, &mut lookups] {
        edit::update(ws, guide.clone()).unwrap();
        edit::add(ws, fresh.clone()).unwrap();
        edit::delete_items(ws, &[id(I1)]).unwrap();
        // Steps taken off the items on them, which a workspace for lookups finds without cells.
        edit::update(ws, buy.clone()).unwrap();
        edit::delete_step(ws, id(S11)).unwrap();
    }
    assert!(item_of(&lookups, I2).step_ids.is_empty());
    assert!(encode(&lookups) == encode(&full));
    let index = &lookups.index;
    assert!(index.cells.is_empty() && index.costs.is_empty() && index.monthly.is_empty());
    assert!(index.dated.is_empty() && index.pending.is_empty() && index.unscheduled.is_empty());
}

#[test]
fn a_journey_that_drops_a_step_detaches_its_items_and_metrics() {
    let mut ws = small();
    let mut buy = journey(&ws, J1);
    buy.steps.retain(|s| s.id != id(S12));
    buy.mappings.retain(|m| m.step_id != id(S12));
    apply_ok(&mut ws, |ws| edit::update(ws, buy));
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S21]));
    assert_eq!(metric_of(&ws, M3).attachment(), Attachment::Journey(id(J1)));
    assert_eq!(ws.journey_of_step(id(S12)).map(|j| j.id), None);
    assert_eq!(ws.gap_count(), 4);
}

#[test]
fn relocate_and_shift_reorder_every_kind() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| edit::relocate::<ContentType>(ws, id(T3), 0));
    assert_eq!(undo.label, "move content type \"Chat\"");
    assert_eq!(order(ws.content_types()), ids(&[T3, T1, T2]));
    apply_ok(&mut ws, |ws| edit::shift::<ContentType>(ws, id(T3), 1));
    assert_eq!(order(ws.content_types()), ids(&[T1, T3, T2]));
    apply_ok(&mut ws, |ws| edit::relocate::<Item>(ws, id(I1), 99));
    assert_eq!(ws.items().position(id(I1)), Some(7));
    apply_ok(&mut ws, |ws| edit::shift::<Item>(ws, id(I1), -1));
    assert_eq!(ws.items().position(id(I1)), Some(6));
    // The first entry cannot go further up: nothing moves, and that is not an error.
    let undo = apply_ok(&mut ws, |ws| edit::shift::<Objective>(ws, id(O1), -1));
    assert!(undo.changes.is_empty());
    apply_ok(&mut ws, |ws| edit::relocate::<Journey>(ws, id(J2), 0));
    apply_ok(&mut ws, |ws| edit::shift::<Channel>(ws, id(C1), 1));
    apply_ok(&mut ws, |ws| edit::shift::<Persona>(ws, id(P2), -1));
    apply_ok(&mut ws, |ws| edit::relocate::<Metric>(ws, id(M7), 0));
    assert_eq!(order(ws.journeys()), ids(&[J2, J1]));
    assert_eq!(order(ws.channels()), ids(&[C2, C1]));
    assert_eq!(order(ws.personas()), ids(&[P2, P1]));
    assert_eq!(ws.metrics().position(id(M7)), Some(0));
    // Gaps follow the journeys' order.
    assert_eq!(ws.gaps()[0].journey_id, id(J2));
    assert_eq!(
        refused(&mut ws, |ws| edit::relocate::<Item>(ws, id(NOBODY), 0)),
        EditError::Missing("item")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::shift::<Metric>(ws, id(I1), 1)),
        EditError::Missing("metric")
    );
}

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

#[test]
fn insert_step_places_and_indexes_the_new_step() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| {
        edit::insert_step(ws, id(J1), 1, step(0x513, "Ask", Some(4)))
    });
    assert_eq!(undo.label, "add step \"Ask\"");
    assert_eq!(step_order(&ws, J1), ids(&[S11, 0x513, S12, S13]));
    assert_eq!(ws.journey_of_step(id(0x513)).map(|j| j.id), Some(id(J1)));
    apply_ok(&mut ws, |ws| {
        edit::insert_step(ws, id(J2), 99, step(0x523, "Ride", None))
    });
    assert_eq!(step_order(&ws, J2), ids(&[S21, S22, S23, 0x523]));
    assert_eq!(ws.step_count(), 8);
    // The new step can be mapped at once.
    apply_ok(&mut ws, |ws| edit::map(ws, id(0x523), id(T1)));
    assert!(ws.cell(id(0x523), id(T1)).gap);
}

#[test]
fn insert_step_refuses_bad_steps() {
    let mut ws = small();
    assert_eq!(
        refused(&mut ws, |ws| {
            edit::insert_step(ws, id(NOBODY), 0, step(0x513, "Ask", None))
        }),
        EditError::Missing("journey")
    );
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| {
            edit::insert_step(ws, id(J1), 0, step(0x513, "", None))
        })),
        ["name"]
    );
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| {
            edit::insert_step(ws, id(J1), 0, step(0x513, "Ask", Some(7)))
        })),
        ["emotion"]
    );
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| {
            edit::insert_step(ws, id(J1), 0, step(S12, "Again", None))
        })),
        ["id"]
    );
    assert_taken(refused(&mut ws, |ws| {
        edit::insert_step(ws, id(J1), 0, step(S21, "Theirs", None))
    }));
    assert_taken(refused(&mut ws, |ws| {
        edit::insert_step(ws, id(J1), 0, step(I1, "An item's id", None))
    }));
}

#[test]
fn update_step_and_set_emotion() {
    let mut ws = small();
    let mut compare = ws.step(id(S12)).unwrap().clone();
    compare.name = "Compare bikes".into();
    compare.pain_points = "Too many models".into();
    let undo = apply_ok(&mut ws, |ws| edit::update_step(ws, compare));
    assert_eq!(undo.label, "edit step \"Compare bikes\"");
    assert_eq!(ws.step(id(S12)).unwrap().pain_points, "Too many models");
    assert_eq!(step_order(&ws, J1), ids(&[S11, S12, S13]));

    let undo = apply_ok(&mut ws, |ws| edit::set_emotion(ws, id(S12), Some(5)));
    assert_eq!(undo.label, "set emotion of \"Compare bikes\" to 5");
    assert_eq!(ws.step(id(S12)).unwrap().emotion, Some(5));
    apply_ok(&mut ws, |ws| edit::set_emotion(ws, id(S11), Some(1)));
    apply_ok(&mut ws, |ws| edit::set_emotion(ws, id(S13), None));
    assert_eq!(ws.step(id(S13)).unwrap().emotion, None);

    for score in [0, 6, 7, 255] {
        assert_eq!(
            invalid_fields(refused(&mut ws, |ws| {
                edit::set_emotion(ws, id(S11), Some(score))
            })),
            ["emotion"]
        );
    }
    assert_eq!(
        refused(&mut ws, |ws| edit::set_emotion(ws, id(NOBODY), Some(3))),
        EditError::Missing("step")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::update_step(
            ws,
            step(J1, "Not a step", None)
        )),
        EditError::Missing("step")
    );
    let blank = step(S11, "", None);
    assert_eq!(
        invalid_fields(refused(&mut ws, |ws| edit::update_step(ws, blank))),
        ["name"]
    );
}

#[test]
fn relocate_and_shift_steps() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| edit::relocate_step(ws, id(S13), 0));
    assert_eq!(undo.label, "move step \"Pay\"");
    assert_eq!(step_order(&ws, J1), ids(&[S13, S11, S12]));
    // The gap list follows the step order.
    assert_eq!(
        gap_cells(&ws)[..3],
        cells(&[(S13, T3), (S12, T1), (S12, T2)])
    );
    apply_ok(&mut ws, |ws| edit::shift_step(ws, id(S13), 1));
    assert_eq!(step_order(&ws, J1), ids(&[S11, S13, S12]));
    apply_ok(&mut ws, |ws| edit::relocate_step(ws, id(S21), 99));
    assert_eq!(step_order(&ws, J2), ids(&[S22, S23, S21]));
    apply_ok(&mut ws, |ws| edit::shift_step(ws, id(S22), -1));
    assert_eq!(step_order(&ws, J2), ids(&[S22, S23, S21]));
    // Mappings and items are untouched by moves.
    assert_eq!(
        mapping_pairs(&ws, J1),
        cells(&[(S11, T1), (S12, T1), (S12, T2), (S13, T3)])
    );
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S12, S21]));
    assert_eq!(
        refused(&mut ws, |ws| edit::relocate_step(ws, id(NOBODY), 0)),
        EditError::Missing("step")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::shift_step(ws, id(J1), 1)),
        EditError::Missing("step")
    );
}

#[test]
fn delete_step_removes_mappings_detaches_items_and_moves_metrics_to_the_journey() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| edit::delete_step(ws, id(S12)));
    assert_eq!(undo.label, "delete step \"Compare\"");
    assert_eq!(step_order(&ws, J1), ids(&[S11, S13]));
    assert_eq!(mapping_pairs(&ws, J1), cells(&[(S11, T1), (S13, T3)]));
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S21]));
    assert_eq!(metric_of(&ws, M3).attachment(), Attachment::Journey(id(J1)));
    assert!(!ws.knows_id(id(S12)));
    assert_eq!(ws.gap_count(), 4);

    // A step whose only cell is mapped by an item: the cell disappears with the step.
    apply_ok(&mut ws, |ws| edit::delete_step(ws, id(S22)));
    assert_eq!(item_of(&ws, I4).step_ids, Vec::<Id>::new());
    assert_eq!(mapping_pairs(&ws, J2), cells(&[(S21, T2)]));
    assert_eq!(metric_of(&ws, M5).attachment(), Attachment::Journey(id(J2)));
    assert_eq!(gap_cells(&ws), cells(&[(S13, T3), (S23, T2)]));
    assert_eq!(
        refused(&mut ws, |ws| edit::delete_step(ws, id(S12))),
        EditError::Missing("step")
    );
}

// ---------------------------------------------------------------------------------------------
// Map and unmap
// ---------------------------------------------------------------------------------------------

#[test]
fn map_writes_a_mapping_and_makes_an_empty_cell_a_gap() {
    let mut ws = small();
    assert!(!ws.cell(id(S11), id(T2)).mapped);
    let undo = apply_ok(&mut ws, |ws| edit::map(ws, id(S11), id(T2)));
    assert_eq!(undo.label, "map \"Guide\" onto \"Look\"");
    let cell = ws.cell(id(S11), id(T2));
    assert!(cell.mapped && cell.explicit && cell.gap);
    assert_eq!(ws.gap_count(), 7);
    assert_eq!(mapping_pairs(&ws, J1).last(), Some(&(id(S11), id(T2))));
    // A cell mapped only by an item can be mapped explicitly; it was a gap already.
    apply_ok(&mut ws, |ws| edit::map(ws, id(S22), id(T1)));
    assert!(ws.cell(id(S22), id(T1)).explicit);
    assert_eq!(ws.gap_count(), 7);
}

#[test]
fn map_refuses_mapped_cells_and_unknown_ids() {
    let mut ws = small();
    assert!(matches!(
        refused(&mut ws, |ws| edit::map(ws, id(S11), id(T1))),
        EditError::Refused(_)
    ));
    assert_eq!(
        refused(&mut ws, |ws| edit::map(ws, id(NOBODY), id(T1))),
        EditError::Missing("step")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::map(ws, id(S11), id(NOBODY))),
        EditError::Missing("content type")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::map(ws, id(S11), id(I1))),
        EditError::Missing("content type")
    );
}

#[test]
fn unmap_removes_the_mapping_and_detaches_the_items_of_the_cell() {
    let mut ws = small();
    // Explicit, empty.
    let undo = apply_ok(&mut ws, |ws| edit::unmap(ws, id(S12), id(T1)));
    assert_eq!(undo.label, "unmap \"Video\" from \"Compare\"");
    assert!(!ws.cell(id(S12), id(T1)).mapped);
    assert_eq!(ws.gap_count(), 5);
    // Explicit, with an item on it that is also on another step.
    apply_ok(&mut ws, |ws| edit::unmap(ws, id(S12), id(T2)));
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S21]));
    assert_eq!(ws.cell(id(S12), id(T2)), CellView::default());
    assert_eq!(ws.gap_count(), 4);
    // Mapped only by an item.
    apply_ok(&mut ws, |ws| edit::unmap(ws, id(S22), id(T1)));
    assert_eq!(item_of(&ws, I4).step_ids, Vec::<Id>::new());
    assert!(!ws.cell(id(S22), id(T1)).mapped);
    assert_eq!(ws.gap_count(), 3);
    assert_eq!(mapping_pairs(&ws, J1), cells(&[(S11, T1), (S13, T3)]));

    assert!(matches!(
        refused(&mut ws, |ws| edit::unmap(ws, id(S11), id(T3))),
        EditError::Refused(_)
    ));
    assert_eq!(
        refused(&mut ws, |ws| edit::unmap(ws, id(NOBODY), id(T1))),
        EditError::Missing("step")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::unmap(ws, id(S11), id(NOBODY))),
        EditError::Missing("content type")
    );
}

// ---------------------------------------------------------------------------------------------
// Status, dates, settings
// ---------------------------------------------------------------------------------------------

#[test]
fn set_status_moves_items_between_gaps_and_lists() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I3), Status::Available)
    });
    assert_eq!(undo.label, "mark available of \"Chat bot\"");
    assert!(!ws.cell(id(S13), id(T3)).gap);
    assert_eq!(ws.gap_count(), 5);
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I8]));
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I1), Status::InProgress)
    });
    assert!(ws.cell(id(S11), id(T1)).gap);
    assert_eq!(ws.gap_count(), 6);
    assert_eq!(ws.status_counts(), [3, 3, 2]);
    assert_eq!(
        dated_ids(ws.pending_items()).first(),
        Some(&(date("2027-01-31"), id(I1)))
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::set_status(
            ws,
            id(NOBODY),
            Status::Available
        )),
        EditError::Missing("item")
    );
}

#[test]
fn set_date_and_shift_date() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| {
        edit::set_date(ws, id(I3), Some(date("2027-04-30")))
    });
    assert_eq!(undo.label, "set date of \"Chat bot\"");
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I8]));
    assert!(dated_ids(ws.pending_items()).contains(&(date("2027-04-30"), id(I3))));
    apply_ok(&mut ws, |ws| edit::set_date(ws, id(I2), None));
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I2, I8]));

    let today = date("2027-06-15");
    // Across a month end, and across a leap day.
    apply_ok(&mut ws, |ws| edit::shift_date(ws, id(I1), 1, today));
    assert_eq!(item_of(&ws, I1).available_on, Some(date("2027-02-01")));
    apply_ok(&mut ws, |ws| edit::shift_date(ws, id(I4), 1, today));
    assert_eq!(item_of(&ws, I4).available_on, Some(date("2028-03-01")));
    apply_ok(&mut ws, |ws| edit::shift_date(ws, id(I4), -2, today));
    assert_eq!(item_of(&ws, I4).available_on, Some(date("2028-02-28")));
    // An undated item is dated from today.
    apply_ok(&mut ws, |ws| edit::shift_date(ws, id(I8), 3, today));
    assert_eq!(item_of(&ws, I8).available_on, Some(date("2027-06-18")));
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I2]));

    assert!(matches!(
        refused(&mut ws, |ws| edit::shift_date(ws, id(I1), 3_000_000, today)),
        EditError::Refused(_)
    ));
    assert_eq!(
        refused(&mut ws, |ws| edit::shift_date(ws, id(NOBODY), 1, today)),
        EditError::Missing("item")
    );
    assert_eq!(
        refused(&mut ws, |ws| edit::set_date(ws, id(M1), None)),
        EditError::Missing("item")
    );
}

#[test]
fn set_settings_renames_and_refuses_a_blank_name() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| edit::set_settings(ws, "Renamed", "USD"));
    assert_eq!((ws.name(), ws.currency()), ("Renamed", "USD"));
    assert!(matches!(
        refused(&mut ws, |ws| edit::set_settings(ws, "  ", "EUR")),
        EditError::Refused(_)
    ));
}

// ---------------------------------------------------------------------------------------------
// Deletions never leave an id dangling
// ---------------------------------------------------------------------------------------------

#[test]
fn delete_persona_takes_only_the_journeys_it_owns() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| edit::delete_persona(ws, id(P1)));
    assert_eq!(undo.label, "delete persona \"Chris\"");
    assert_eq!(order(ws.personas()), ids(&[P2]));
    // J1 was Chris's alone; J2 is shared and keeps Dana.
    assert_eq!(order(ws.journeys()), ids(&[J2]));
    assert_eq!(journey(&ws, J2).persona_ids, ids(&[P2]));
    // Items on J1's steps stay, detached; metrics on J1 and its steps go to the workspace.
    assert_eq!(item_of(&ws, I1).step_ids, Vec::<Id>::new());
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S21]));
    assert_eq!(item_of(&ws, I3).step_ids, Vec::<Id>::new());
    assert_eq!(metric_of(&ws, M2).attachment(), Attachment::Workspace);
    assert_eq!(metric_of(&ws, M3).attachment(), Attachment::Workspace);
    assert_eq!(metric_of(&ws, M5).attachment(), Attachment::Step(id(S22)));
    assert_eq!(ws.step_count(), 3);
    assert_eq!(gap_cells(&ws), cells(&[(S22, T1), (S22, T3), (S23, T2)]));

    let mut ws = small();
    apply_ok(&mut ws, |ws| edit::delete_persona(ws, id(P2)));
    assert_eq!(order(ws.journeys()), ids(&[J1, J2]));
    assert_eq!(journey(&ws, J2).persona_ids, ids(&[P1]));
    assert_eq!(
        refused(&mut ws, |ws| edit::delete_persona(ws, id(P2))),
        EditError::Missing("persona")
    );
}

#[test]
fn delete_journey_detaches_items_and_moves_metrics_to_the_workspace() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| edit::delete_journey(ws, id(J2)));
    assert_eq!(undo.label, "delete journey \"Repair\"");
    assert_eq!(order(ws.journeys()), ids(&[J1]));
    assert_eq!(item_of(&ws, I2).step_ids, ids(&[S12]));
    for n in [I4, I6, I8] {
        assert_eq!(item_of(&ws, n).step_ids, Vec::<Id>::new());
    }
    assert_eq!(metric_of(&ws, M5).attachment(), Attachment::Workspace);
    assert_eq!(metric_of(&ws, M6).attachment(), Attachment::Workspace);
    assert_eq!(ws.step_count(), 3);
    assert!(!ws.knows_id(id(S22)));
    assert_eq!(ws.gap_count(), 3);
    assert_eq!(
        refused(&mut ws, |ws| edit::delete_journey(ws, id(J2))),
        EditError::Missing("journey")
    );
}

#[test]
fn delete_content_type_with_its_items() {
    let mut ws = small();
    let undo = apply_ok(&mut ws, |ws| {
        edit::delete_content_type(ws, id(T2), ItemsOfType::Delete)
    });
    assert_eq!(undo.label, "delete content type \"Guide\"");
    assert_eq!(order(ws.content_types()), ids(&[T1, T3]));
    assert_eq!(order(ws.items()), ids(&[I1, I3, I4, I7]));
    assert_eq!(
        mapping_pairs(&ws, J1),
        cells(&[(S11, T1), (S12, T1), (S13, T3)])
    );
    assert_eq!(mapping_pairs(&ws, J2), cells(&[(S22, T3)]));
    assert_eq!(metric_of(&ws, M7).attachment(), Attachment::Workspace);
    assert_eq!(
        gap_cells(&ws),
        cells(&[(S12, T1), (S13, T3), (S22, T1), (S22, T3)])
    );
    assert_eq!(ws.budgets().channels[0].spending.cost(), 40.0);
    assert_eq!(ws.budgets().channels[1].spending.cost(), 0.2);
}

#[test]
fn delete_content_type_moving_items_and_mappings_to_another() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| {
        edit::delete_content_type(ws, id(T2), ItemsOfType::MoveTo(id(T1)))
    });
    assert_eq!(order(ws.content_types()), ids(&[T1, T3]));
    assert_eq!(ws.items().len(), 8);
    for n in [I2, I5, I6, I8] {
        assert_eq!(item_of(&ws, n).content_type_id, id(T1));
    }
    // (S12, T2) became (S12, T1), which J1 maps already: no duplicate.
    assert_eq!(
        mapping_pairs(&ws, J1),
        cells(&[(S11, T1), (S12, T1), (S13, T3)])
    );
    assert_eq!(mapping_pairs(&ws, J2), cells(&[(S21, T1), (S22, T3)]));
    assert_eq!(
        gap_cells(&ws),
        cells(&[(S12, T1), (S13, T3), (S22, T1), (S22, T3), (S23, T1)])
    );
    assert_eq!(ws.cell(id(S21), id(T1)).items(), 2);

    let mut ws = small();
    assert!(matches!(
        refused(&mut ws, |ws| {
            edit::delete_content_type(ws, id(T2), ItemsOfType::MoveTo(id(T2)))
        }),
        EditError::Refused(_)
    ));
    assert_eq!(
        refused(&mut ws, |ws| {
            edit::delete_content_type(ws, id(T2), ItemsOfType::MoveTo(id(NOBODY)))
        }),
        EditError::Missing("content type")
    );
    assert_eq!(
        refused(&mut ws, |ws| {
            edit::delete_content_type(ws, id(NOBODY), ItemsOfType::Delete)
        }),
        EditError::Missing("content type")
    );
}

#[test]
fn delete_channel_objective_item_and_metric() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| edit::delete_channel(ws, id(C1)));
    assert_eq!(item_of(&ws, I1).channel_id, None);
    assert_eq!(item_of(&ws, I2).channel_id, None);
    assert_eq!(
        ws.personas().get(id(P1)).unwrap().channel_ids,
        Vec::<Id>::new()
    );
    assert_eq!(ws.personas().get(id(P2)).unwrap().channel_ids, ids(&[C2]));
    assert_eq!(ws.budgets().channels.len(), 1);

    apply_ok(&mut ws, |ws| edit::delete_objective(ws, id(O1)));
    assert_eq!(journey(&ws, J1).objective_id, None);
    assert_eq!(order(ws.objectives()), ids(&[O2]));

    apply_ok(&mut ws, |ws| edit::delete_item(ws, id(I1)));
    assert_eq!(metric_of(&ws, M4).attachment(), Attachment::Workspace);
    // The item was the cell's only one: the explicitly mapped cell is a gap now.
    assert!(ws.cell(id(S11), id(T1)).gap);
    assert_eq!(ws.gap_count(), 7);

    apply_ok(&mut ws, |ws| edit::delete_metric(ws, id(M1)));
    assert!(!ws.metrics().contains(id(M1)));

    for (noun, error) in [
        ("channel", edit::delete_channel(&mut ws, id(C1))),
        ("objective", edit::delete_objective(&mut ws, id(NOBODY))),
        ("item", edit::delete_item(&mut ws, id(I1))),
        ("metric", edit::delete_metric(&mut ws, id(I2))),
    ] {
        assert_eq!(error, Err(EditError::Missing(noun)));
    }
    assert_sound(&ws);
}

#[test]
fn every_delete_on_the_sample_leaves_no_dangling_id_and_undoes_exactly() {
    let start = sample();
    let bytes = encode(&start);
    let check = |edit: &dyn Fn(&mut Workspace) -> EditResult| {
        let mut ws = start.clone();
        let undo = edit(&mut ws).expect("the deletion applies");
        assert_sound(&ws);
        ws.apply_edit(undo);
        assert!(encode(&ws) == bytes, "undo did not restore the sample");
        assert_index_agrees(&ws);
    };
    let c = start.contents();
    for row in &c.objectives {
        check(&|ws| edit::delete_objective(ws, row.id));
    }
    for row in &c.channels {
        check(&|ws| edit::delete_channel(ws, row.id));
    }
    for row in &c.personas {
        check(&|ws| edit::delete_persona(ws, row.id));
    }
    let types = &c.content_types;
    for (at, row) in types.iter().enumerate() {
        check(&|ws| edit::delete_content_type(ws, row.id, ItemsOfType::Delete));
        let other = types.at((at + 1) % types.len()).unwrap().id;
        check(&|ws| edit::delete_content_type(ws, row.id, ItemsOfType::MoveTo(other)));
    }
    for row in &c.journeys {
        check(&|ws| edit::delete_journey(ws, row.id));
        for step in &row.steps {
            check(&|ws| edit::delete_step(ws, step.id));
        }
    }
    for row in &c.items {
        check(&|ws| edit::delete_item(ws, row.id));
    }
    for row in &c.metrics {
        check(&|ws| edit::delete_metric(ws, row.id));
    }
}

#[test]
fn every_entry_of_the_sample_can_be_saved_unchanged() {
    let mut ws = sample();
    let bytes = encode(&ws);
    let c = ws.contents().clone();
    for row in c.objectives.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.channels.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.personas.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.content_types.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.journeys.iter().cloned() {
        for step in row.steps.iter().cloned() {
            edit::update_step(&mut ws, step).unwrap();
        }
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.items.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    for row in c.metrics.iter().cloned() {
        edit::update(&mut ws, row).unwrap();
    }
    assert!(encode(&ws) == bytes);
    assert_sound(&ws);
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

#[test]
fn a_cell_is_a_gap_when_mapped_and_nothing_there_is_available() {
    let ws = small();
    let cell = |s, t| ws.cell(id(s), id(t));
    // Mapped, one item available.
    let look = cell(S11, T1);
    assert!(look.mapped && look.explicit && !look.gap);
    assert_eq!((look.available, look.items()), (1, 1));
    // Mapped, empty.
    let empty = cell(S12, T1);
    assert!(empty.mapped && empty.gap && empty.items() == 0);
    // Mapped, an item in progress.
    let progress = cell(S12, T2);
    assert!(progress.gap && progress.in_progress == 1);
    // Mapped, one in progress and one available.
    let mixed = cell(S21, T2);
    assert!(!mixed.gap);
    assert_eq!((mixed.available, mixed.in_progress), (1, 1));
    // Not mapped, nothing there.
    assert_eq!(cell(S11, T2), CellView::default());
    // Mapped only by an item to create.
    let implied = cell(S22, T1);
    assert!(implied.mapped && !implied.explicit && implied.gap);
    assert_eq!(implied.to_create, 1);
    assert_eq!(item_ids(ws.cell_items(id(S21), id(T2))), ids(&[I2, I6]));
    assert_eq!(ws.cell_items(id(S11), id(T3)), Vec::<&Item>::new());
}

#[test]
fn an_item_on_an_unmapped_cell_maps_it_and_marking_it_available_closes_the_gap() {
    let mut ws = small();
    let new = item((
        0x610,
        "Chat widget",
        T3,
        &[S11],
        None,
        Status::ToCreate,
        None,
        0.0,
    ));
    apply_ok(&mut ws, |ws| edit::add(ws, new));
    let cell = ws.cell(id(S11), id(T3));
    assert!(cell.mapped && !cell.explicit && cell.gap);
    assert_eq!(ws.gap_count(), 7);
    assert_eq!(item_ids(ws.cell_items(id(S11), id(T3))), ids(&[0x610]));
    assert!(gap_cells(&ws).contains(&(id(S11), id(T3))));

    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(0x610), Status::Available)
    });
    assert!(!ws.cell(id(S11), id(T3)).gap);
    assert_eq!(ws.gap_count(), 6);
    // Marking the only item of an explicitly mapped cell available closes that gap too.
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I3), Status::Available)
    });
    assert!(!ws.cell(id(S13), id(T3)).gap);
    assert_eq!(ws.gap_count(), 5);
    assert!(
        !ws.journey_gaps(&journey(&ws, J1))
            .iter()
            .any(|g| g.step_id == id(S13))
    );
    // And back.
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I3), Status::InProgress)
    });
    assert_eq!(ws.gap_count(), 6);
}

#[test]
fn gaps_come_journey_by_journey_in_step_then_type_order() {
    let ws = small();
    let gaps = ws.journey_gaps(&journey(&ws, J2));
    assert_eq!(
        gaps,
        vec![
            Gap {
                journey_id: id(J2),
                step_id: id(S22),
                content_type_id: id(T1)
            },
            Gap {
                journey_id: id(J2),
                step_id: id(S22),
                content_type_id: id(T3)
            },
            Gap {
                journey_id: id(J2),
                step_id: id(S23),
                content_type_id: id(T2)
            },
        ]
    );
    assert_eq!(ws.gaps()[3..], gaps[..]);
}

/// The days of the month that `day` falls in.
fn month_of(day: &str) -> (Date, Date) {
    let first = date(day).first_of_month();
    let last = first
        .add_days(i64::from(first.days_in_month()) - 1)
        .unwrap();
    (first, last)
}

#[test]
fn calendar_months_include_their_first_and_last_days() {
    let ws = small();
    let month = |day| {
        let (first, last) = month_of(day);
        dated_ids(ws.items_between(first, last))
    };
    assert_eq!(month("2027-01-15"), vec![(date("2027-01-31"), id(I1))]);
    assert_eq!(
        month("2027-02-15"),
        vec![(date("2027-02-01"), id(I6)), (date("2027-02-28"), id(I2))]
    );
    assert_eq!(month("2027-03-31"), vec![(date("2027-03-01"), id(I5))]);
    assert_eq!(month("2028-02-01"), vec![(date("2028-02-29"), id(I4))]);
    assert_eq!(month_of("2028-02-01").1, date("2028-02-29"));
    // Without the leap day, February 2028 is empty.
    assert!(
        ws.items_between(date("2028-02-01"), date("2028-02-28"))
            .next()
            .is_none()
    );
    let pending = |from, to| ws.pending_between(date(from), date(to));
    assert_eq!(pending("2027-02-01", "2027-02-28"), 1);
    assert_eq!(pending("2027-02-01", "2027-02-27"), 0);
    assert_eq!(pending("2027-03-01", "2027-03-31"), 1);
    assert_eq!(pending("2027-01-01", "2027-12-31"), 2);
    assert_eq!(pending("2028-02-29", "2028-02-29"), 1);
    assert_eq!(pending("2027-03-02", "2028-02-28"), 0);
}

#[test]
fn overdue_means_dated_before_today_and_not_available() {
    let mut ws = small();
    let overdue = |ws: &Workspace, today| {
        ws.overdue_items(date(today))
            .map(|(_, item)| item.id)
            .collect::<Vec<_>>()
    };
    // I1 (31 January) is available, so never overdue; I2 is due on 28 February.
    assert_eq!(overdue(&ws, "2027-02-28"), Vec::<Id>::new());
    assert_eq!(overdue(&ws, "2027-03-01"), ids(&[I2]));
    assert_eq!(overdue(&ws, "2027-03-02"), ids(&[I2, I5]));
    assert_eq!(overdue(&ws, "2028-02-29"), ids(&[I2, I5]));
    assert_eq!(overdue(&ws, "2028-03-01"), ids(&[I2, I5, I4]));
    assert_eq!(
        dated_ids(ws.pending_items()),
        vec![
            (date("2027-02-28"), id(I2)),
            (date("2027-03-01"), id(I5)),
            (date("2028-02-29"), id(I4))
        ]
    );
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I2), Status::Available)
    });
    assert_eq!(overdue(&ws, "2027-03-02"), ids(&[I5]));
    apply_ok(&mut ws, |ws| edit::set_status(ws, id(I1), Status::ToCreate));
    assert_eq!(overdue(&ws, "2027-03-02"), ids(&[I1, I5]));
}

#[test]
fn overdue_items_are_still_due_in_the_month_they_are_dated_in() {
    let ws = sample();
    for today in ["2026-11-29", "2026-12-01", "2027-03-02", "2030-01-01"] {
        let today = date(today);
        // The index and the rule agree.
        let mut by_rule: Vec<(Date, Id)> = ws
            .items()
            .iter()
            .filter(|item| item.is_overdue(today))
            .map(|item| (item.available_on.unwrap(), item.id))
            .collect();
        by_rule.sort();
        assert_eq!(dated_ids(ws.overdue_items(today)), by_rule, "on {today}");
        assert_eq!(ws.overdue_count(today), by_rule.len(), "on {today}");
    }
    // On 29 November 2026 the sample has items overdue, all dated in November: they are due
    // this month, not "0 due".
    let today = date("2026-11-29");
    let overdue = ws.overdue_count(today);
    assert!(overdue > 0);
    let (first, _) = today.month_bounds();
    let overdue_in_november = ws
        .overdue_items(today)
        .filter(|(day, _)| *day >= first)
        .count();
    assert_eq!(overdue_in_november, overdue);
    let later_in_november = ws.pending_between(today, today.month_bounds().1);
    assert_eq!(ws.due_in_month(today), overdue + later_in_november);

    let small = small();
    // I5 (1 March 2027) is overdue on 2 March and still due in March; I2 (28 February) in
    // February.
    assert_eq!(small.due_in_month(date("2027-03-02")), 1);
    assert_eq!(small.due_in_month(date("2027-02-01")), 1);
    assert_eq!(
        date("2028-02-10").month_bounds(),
        (date("2028-02-01"), date("2028-02-29"))
    );
}

#[test]
fn unscheduled_means_undated_and_not_available() {
    let mut ws = small();
    // I7 has no date but is available.
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I3, I8]));
    apply_ok(&mut ws, |ws| edit::set_status(ws, id(I7), Status::ToCreate));
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I3, I7, I8]));
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I8), Status::Available)
    });
    apply_ok(&mut ws, |ws| {
        edit::set_date(ws, id(I3), Some(date("2027-07-01")))
    });
    assert_eq!(item_ids(ws.unscheduled_items()), ids(&[I7]));
}

#[test]
fn budgets_sum_item_costs_exactly_and_flag_overspending() {
    let mut ws = small();
    // (channel, budget, planned, spent, left, over budget)
    type Row = (Id, f64, f64, f64, f64, bool);
    let budgets = |ws: &Workspace| -> Vec<Row> {
        ws.budgets()
            .channels
            .iter()
            .map(|b| {
                let s = b.spending;
                (
                    b.channel.id,
                    s.budget().unwrap(),
                    s.planned(),
                    s.spent(),
                    s.left().unwrap(),
                    s.over_budget(),
                )
            })
            .collect()
    };
    // Search: 40 available (spent) and 60.5 in progress (planned) against 100. Email: 0.2 +
    // 0.1 to create against 0.3, exactly on budget.
    assert_eq!(
        budgets(&ws),
        vec![
            (id(C1), 100.0, 60.5, 40.0, -0.5, true),
            (id(C2), 0.3, 0.3, 0.0, 0.0, false)
        ]
    );
    let mut newsletter = item_of(&ws, I5);
    newsletter.cost = 0.11;
    apply_ok(&mut ws, |ws| edit::update(ws, newsletter));
    assert_eq!(budgets(&ws)[1], (id(C2), 0.3, 0.31, 0.0, -0.01, true));
    apply_ok(&mut ws, |ws| edit::delete_item(ws, id(I3)));
    assert_eq!(budgets(&ws)[1], (id(C2), 0.3, 0.11, 0.0, 0.19, false));
    // Made available, a planned cost is spent.
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I5), Status::Available)
    });
    assert_eq!(budgets(&ws)[1], (id(C2), 0.3, 0.0, 0.11, 0.19, false));
    let mut promo = item_of(&ws, I1);
    promo.channel_id = Some(id(C2));
    apply_ok(&mut ws, |ws| edit::update(ws, promo));
    assert_eq!(
        budgets(&ws),
        vec![
            (id(C1), 100.0, 60.5, 0.0, 39.5, false),
            (id(C2), 0.3, 0.0, 40.11, -39.81, true)
        ]
    );
    assert_eq!(
        ws.budgets().unassigned,
        None,
        "no item without a channel costs anything"
    );
}

#[test]
fn costs_without_a_channel_have_their_own_row_and_totals_add_up() {
    let mut ws = small();
    let mut repair = item_of(&ws, I4);
    repair.cost = 250.0;
    apply_ok(&mut ws, |ws| edit::update(ws, repair));
    let mut faq = item_of(&ws, I6);
    faq.cost = 12.5;
    apply_ok(&mut ws, |ws| edit::update(ws, faq));
    let budgets = ws.budgets();
    let unassigned = budgets
        .unassigned
        .expect("a row for items without a channel");
    assert_eq!(
        (
            unassigned.budget(),
            unassigned.planned(),
            unassigned.spent()
        ),
        (None, 250.0, 12.5)
    );
    assert_eq!((unassigned.left(), unassigned.over_budget()), (None, false));
    // The total: every budget, and every item's cost, planned or spent.
    let total = budgets.total;
    let costs: f64 = ws.items().iter().map(|item| item.cost).sum();
    assert_eq!(total.budget(), Some(100.3));
    assert_eq!(total.cost(), costs);
    assert_eq!(
        (total.planned(), total.spent()),
        (60.5 + 0.2 + 0.1 + 250.0, 40.0 + 12.5)
    );
    assert_eq!(total.left(), Some(100.3 - costs));
    assert!(total.over_budget());
    // Huge amounts add up without wrapping: a thousand items at the largest amount allowed.
    let mut huge = small();
    for n in 0..1000u128 {
        let item = Item {
            id: id(0x9000 + n),
            title: format!("Campaign {n}"),
            content_type_id: id(T1),
            channel_id: Some(id(C1)),
            cost: 1e13,
            ..Item::default()
        };
        edit::add(&mut huge, item).expect("a valid item");
    }
    let search = huge.budgets().channels[0].spending;
    assert_eq!(search.planned(), 1e16 + 60.5);
    assert!(search.over_budget());
    assert_index_agrees(&huge);
}

#[test]
fn progress_is_drawn_the_right_way_round() {
    let progress = |actual, target, better| {
        let p = Progress::of(actual, target, better).expect("finite numbers");
        (p.met, p.missed_by.map(|m| (m * 100.0).round()), p.words())
    };
    // Lower is better: 68 against a target of 55 misses it by 24 %; 40 meets it.
    assert_eq!(
        progress(68.0, 55.0, Better::Lower),
        (false, Some(24.0), "24% short".to_string())
    );
    assert_eq!(
        progress(40.0, 55.0, Better::Lower),
        (true, Some(0.0), "met".to_string())
    );
    let cost = Progress::of(68.0, 55.0, Better::Lower).unwrap();
    assert!((cost.fill - (1.0 - 13.0 / 55.0)).abs() < 1e-9, "{cost:?}");
    assert_eq!(Progress::of(40.0, 55.0, Better::Lower).unwrap().fill, 1.0);
    // Higher is better: 27.7 against 35 is 79 % of the way; 52.3 against 45 is met.
    assert_eq!(
        progress(27.7, 35.0, Better::Higher),
        (false, Some(21.0), "21% short".to_string())
    );
    assert_eq!(progress(52.3, 45.0, Better::Higher).2, "met");
    assert_eq!(progress(55.0, 55.0, Better::Lower).2, "met");
    // No share of a target of 0; a bar never runs past its ends.
    assert_eq!(
        progress(3.0, 0.0, Better::Lower),
        (false, None, "short".to_string())
    );
    assert_eq!(Progress::of(300.0, 55.0, Better::Lower).unwrap().fill, 0.0);
    assert_eq!(Progress::of(f64::NAN, 55.0, Better::Lower), None);
    // A metric without a direction is higher-is-better; without both numbers, no progress.
    let mut metric = Metric {
        target: Some(55.0),
        actual: Some(68.0),
        ..Metric::default()
    };
    assert!(metric.progress().unwrap().met);
    metric.better = Some(Better::Lower);
    assert!(!metric.progress().unwrap().met);
    metric.actual = None;
    assert_eq!(metric.progress(), None);
}

#[test]
fn budget_totals_of_the_largest_allowed_costs_do_not_wrap() {
    // 10,000 items at the largest cost the rules allow: 10^17 in all, past what 64-bit cents hold.
    let mut contents = small().contents().clone();
    let template = item_of(&small(), I1);
    let extra: Vec<Item> = (0..10_000u128)
        .map(|n| Item {
            id: id(0x1_0000 + n),
            cost: 1e13,
            ..template.clone()
        })
        .collect();
    contents.items = Table::from_rows(contents.items.iter().cloned().chain(extra));
    let ws = Workspace::from_contents(contents);
    assert!(
        check_workspace(&ws).is_empty(),
        "{:?}",
        check_workspace(&ws)
    );
    let budgets = ws.budgets();
    let search = budgets.channels[0].spending;
    assert_eq!(search.cost(), 1e17 + 100.5);
    assert!(search.left().unwrap() < 0.0 && search.over_budget());
    assert!(budgets.total.cost() > 1e17);
}

#[test]
fn an_absurd_cost_or_budget_is_refused_naming_entry_and_field() {
    let mut contents = small().contents().clone();
    let mut items: Vec<Item> = contents.items.iter().cloned().collect();
    items[1].cost = 1e300;
    contents.items = Table::from_rows(items);
    let mut channels: Vec<Channel> = contents.channels.iter().cloned().collect();
    channels[0].budget = 2e13;
    contents.channels = Table::from_rows(channels);
    let said: Vec<String> = check_workspace(&Workspace::from_contents(contents))
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(said.len(), 2, "{said:#?}");
    assert!(
        said.iter()
            .any(|p| p.contains("items[1]") && p.contains("cost") && p.contains("larger than any")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|p| p.contains("channels[0]") && p.contains("budget")),
        "{said:#?}"
    );
}

#[test]
fn status_counts_follow_edits() {
    let mut ws = small();
    assert_eq!(ws.status_counts(), [3, 2, 3]);
    apply_ok(&mut ws, |ws| {
        edit::set_status(ws, id(I5), Status::Available)
    });
    assert_eq!(ws.status_counts(), [4, 2, 2]);
    apply_ok(&mut ws, |ws| edit::delete_item(ws, id(I2)));
    assert_eq!(ws.status_counts(), [4, 1, 2]);
}

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

#[test]
fn history_undoes_and_redoes_a_sequence_exactly() {
    let mut ws = small();
    let start = encode(&ws);
    let mut history = History::default();
    assert!(!history.can_undo() && !history.can_redo());
    assert_eq!(history.undo(&mut ws), None);
    let edits: [&dyn Fn(&mut Workspace) -> EditResult; 5] = [
        &|ws| edit::set_settings(ws, "Renamed", "EUR"),
        &|ws| edit::add(ws, objective(0x110, "New")),
        &|ws| edit::delete_persona(ws, id(P1)),
        &|ws| edit::set_status(ws, id(I8), Status::Available),
        &|ws| edit::delete_content_type(ws, id(T2), ItemsOfType::MoveTo(id(T3))),
    ];
    let mut states = vec![start.clone()];
    for edit in edits {
        history.record(edit(&mut ws).unwrap());
        states.push(encode(&ws));
    }
    assert_sound(&ws);
    for at in (0..5).rev() {
        assert!(history.undo(&mut ws).is_some());
        assert!(encode(&ws) == states[at], "undo to state {at}");
        assert_index_agrees(&ws);
    }
    assert!(!history.can_undo() && history.can_redo());
    assert_eq!(
        history.redo(&mut ws).as_deref(),
        Some("edit workspace settings")
    );
    assert_eq!(
        history.redo(&mut ws).as_deref(),
        Some("add objective \"New\"")
    );
    assert!(encode(&ws) == states[2]);
    // A new edit ends the redo line.
    history.record(edit::set_settings(&mut ws, "Other", "EUR").unwrap());
    assert!(!history.can_redo());
    assert_eq!(history.redo(&mut ws), None);
    while history.undo(&mut ws).is_some() {}
    assert!(encode(&ws) == start);
}

// ---------------------------------------------------------------------------------------------
// Property: random edit sequences on the sample
// ---------------------------------------------------------------------------------------------

/// An entry chosen among the existing ones of its kind, or an id nobody has.
#[derive(Clone, Debug)]
enum Target {
    Existing(Pick),
    Dangling,
}

/// The id of a new entry: fresh, one already used, or missing.
#[derive(Clone, Debug)]
enum NewId {
    Fresh,
    Taken(Pick),
    Nil,
}

/// The kinds of entry that `relocate` and `shift` move within their table.
#[derive(Clone, Copy, Debug)]
enum Collection {
    Objective,
    Channel,
    Persona,
    ContentType,
    Journey,
    Item,
    Metric,
}

#[derive(Clone, Debug)]
struct NewItem {
    title: String,
    id: NewId,
    content_type: Target,
    steps: Vec<Target>,
    channel: Option<Target>,
    status: Status,
    date: Option<Date>,
    cost: f64,
}

#[derive(Clone, Debug)]
enum Op {
    AddObjective(String, NewId, usize),
    UpdateObjective(Pick, String),
    DeleteObjective(Target),
    AddChannel(String, NewId, f64),
    UpdateChannel(Pick, String, f64, usize),
    DeleteChannel(Target),
    AddPersona(String, NewId, Vec<Target>),
    UpdatePersona(Pick, String, Vec<Target>),
    DeletePersona(Target),
    AddContentType(String, NewId, bool),
    UpdateContentType(Pick, String, bool),
    DeleteContentType(Target, Option<Target>),
    AddJourney {
        name: String,
        id: NewId,
        personas: Vec<Target>,
        objective: Option<Target>,
        steps: Vec<(String, NewId, Option<u8>)>,
        mappings: Vec<(Pick, Target)>,
    },
    /// Renames a journey, changes its objective and keeps only some of its steps.
    UpdateJourney(Pick, String, Option<Target>, Vec<bool>),
    DeleteJourney(Target),
    InsertStep(Target, usize, String, NewId, Option<u8>),
    UpdateStep(Target, String),
    SetEmotion(Target, Option<u8>),
    RelocateStep(Target, usize),
    ShiftStep(Target, bool),
    DeleteStep(Target),
    Map(Target, Target),
    Unmap(Target, Target),
    /// Unmaps one of the cells that are mapped (explicitly or by an item).
    UnmapMapped(Pick),
    AddItem(Box<NewItem>),
    UpdateItem(Pick, Box<NewItem>),
    DeleteItem(Target),
    SetStatus(Target, Status),
    SetDate(Target, Option<Date>),
    ShiftDate(Target, i64),
    /// A metric at a level (of [`Level::ALL`]) attached to a kind of entry.
    AddMetric(String, NewId, usize, u8, Target, Option<f64>),
    UpdateMetric(Pick, String, usize, u8, Target),
    DeleteMetric(Target),
    /// A comment, open or resolved, on an entry of a kind that takes them (persona, journey,
    /// step, content type, item, metric).
    Comment(u8, Pick, bool),
    /// A comment of the workspace marked resolved or open again.
    ResolveComment(Pick, bool),
    DeleteComment(Pick),
    Relocate(Collection, Target, usize),
    Shift(Collection, Target, bool),
    Settings(String, String),
    Undo,
    Redo,
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        12 => any::<Pick>().prop_map(Target::Existing),
        1 => Just(Target::Dangling),
    ]
}

fn new_id() -> impl Strategy<Value = NewId> {
    prop_oneof![
        16 => Just(NewId::Fresh),
        1 => any::<Pick>().prop_map(NewId::Taken),
        1 => Just(NewId::Nil),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => "[A-Z][a-z]{0,6}",
        1 => Just(String::new()),
        1 => Just("  ".to_string()),
    ]
}

fn money() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (0u32..2_000_000).prop_map(|cents| f64::from(cents) / 100.0),
        2 => prop::sample::select(vec![0.1, 0.2, 0.3]),
        1 => Just(-1.0),
        1 => Just(f64::NAN),
    ]
}

fn emotion() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![
        8 => (1u8..=5).prop_map(Some),
        2 => Just(None),
        1 => prop::sample::select(vec![Some(0), Some(6), Some(7), Some(9)]),
    ]
}

fn a_date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        1 => Just(None),
        4 => (2026i32..=2028, 1u8..=12, 1u8..=31)
            .prop_map(|(y, m, d)| Date::from_ymd(y, m, d).or(Date::from_ymd(y, m, 28))),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn collection() -> impl Strategy<Value = Collection> {
    prop::sample::select(vec![
        Collection::Objective,
        Collection::Channel,
        Collection::Persona,
        Collection::ContentType,
        Collection::Journey,
        Collection::Item,
        Collection::Metric,
    ])
}

fn new_item() -> impl Strategy<Value = Box<NewItem>> {
    (
        name(),
        new_id(),
        target(),
        prop::collection::vec(target(), 0..3),
        prop::option::of(target()),
        status(),
        a_date(),
        money(),
    )
        .prop_map(
            |(title, id, content_type, steps, channel, status, date, cost)| {
                Box::new(NewItem {
                    title,
                    id,
                    content_type,
                    steps,
                    channel,
                    status,
                    date,
                    cost,
                })
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    let targets = || prop::collection::vec(target(), 0..3);
    prop_oneof![
        1 => (name(), new_id(), 0usize..20).prop_map(|(n, i, at)| Op::AddObjective(n, i, at)),
        1 => (any::<Pick>(), name()).prop_map(|(p, n)| Op::UpdateObjective(p, n)),
        1 => target().prop_map(Op::DeleteObjective),
        1 => (name(), new_id(), money()).prop_map(|(n, i, m)| Op::AddChannel(n, i, m)),
        1 => (any::<Pick>(), name(), money(), 0usize..3)
            .prop_map(|(p, n, m, media)| Op::UpdateChannel(p, n, m, media)),
        1 => target().prop_map(Op::DeleteChannel),
        1 => (name(), new_id(), targets()).prop_map(|(n, i, c)| Op::AddPersona(n, i, c)),
        1 => (any::<Pick>(), name(), targets()).prop_map(|(p, n, c)| Op::UpdatePersona(p, n, c)),
        1 => target().prop_map(Op::DeletePersona),
        1 => (name(), new_id(), any::<bool>()).prop_map(|(n, i, s)| Op::AddContentType(n, i, s)),
        1 => (any::<Pick>(), name(), any::<bool>())
            .prop_map(|(p, n, s)| Op::UpdateContentType(p, n, s)),
        1 => (target(), prop::option::of(target())).prop_map(|(t, to)| Op::DeleteContentType(t, to)),
        2 => (
            name(),
            new_id(),
            targets(),
            prop::option::of(target()),
            prop::collection::vec((name(), new_id(), emotion()), 0..4),
            prop::collection::vec((any::<Pick>(), target()), 0..4),
        )
            .prop_map(|(name, id, personas, objective, steps, mappings)| {
                Op::AddJourney {
                    name,
                    id,
                    personas,
                    objective,
                    steps,
                    mappings,
                }
            }),
        1 => (
            any::<Pick>(),
            name(),
            prop::option::of(target()),
            prop::collection::vec(prop::bool::weighted(0.8), 1..8),
        )
            .prop_map(|(p, n, o, keep)| Op::UpdateJourney(p, n, o, keep)),
        1 => target().prop_map(Op::DeleteJourney),
        1 => (target(), 0usize..10, name(), new_id(), emotion())
            .prop_map(|(j, at, n, i, e)| Op::InsertStep(j, at, n, i, e)),
        1 => (target(), name()).prop_map(|(s, n)| Op::UpdateStep(s, n)),
        1 => (target(), emotion()).prop_map(|(s, e)| Op::SetEmotion(s, e)),
        1 => (target(), 0usize..10).prop_map(|(s, to)| Op::RelocateStep(s, to)),
        1 => (target(), any::<bool>()).prop_map(|(s, right)| Op::ShiftStep(s, right)),
        1 => target().prop_map(Op::DeleteStep),
        3 => (target(), target()).prop_map(|(s, t)| Op::Map(s, t)),
        2 => (target(), target()).prop_map(|(s, t)| Op::Unmap(s, t)),
        2 => any::<Pick>().prop_map(Op::UnmapMapped),
        2 => new_item().prop_map(Op::AddItem),
        1 => (any::<Pick>(), new_item()).prop_map(|(p, i)| Op::UpdateItem(p, i)),
        1 => target().prop_map(Op::DeleteItem),
        3 => (target(), status()).prop_map(|(i, s)| Op::SetStatus(i, s)),
        2 => (target(), a_date()).prop_map(|(i, d)| Op::SetDate(i, d)),
        1 => (target(), -400i64..400).prop_map(|(i, d)| Op::ShiftDate(i, d)),
        1 => (
            name(),
            new_id(),
            0..Level::ALL.len(),
            0u8..5,
            target(),
            prop::option::of(prop_oneof![Just(3.5), Just(f64::NAN)])
        )
            .prop_map(|(n, i, l, k, t, v)| Op::AddMetric(n, i, l, k, t, v)),
        1 => (any::<Pick>(), name(), 0..Level::ALL.len(), 0u8..5, target())
            .prop_map(|(p, n, l, k, t)| Op::UpdateMetric(p, n, l, k, t)),
        1 => target().prop_map(Op::DeleteMetric),
        2 => (0u8..6, any::<Pick>(), any::<bool>()).prop_map(|(k, p, open)| Op::Comment(k, p, open)),
        1 => (any::<Pick>(), any::<bool>()).prop_map(|(p, r)| Op::ResolveComment(p, r)),
        1 => any::<Pick>().prop_map(Op::DeleteComment),
        1 => (collection(), target(), 0usize..50).prop_map(|(k, t, to)| Op::Relocate(k, t, to)),
        1 => (collection(), target(), any::<bool>()).prop_map(|(k, t, down)| Op::Shift(k, t, down)),
        1 => (name(), "[A-Z]{3}").prop_map(|(n, c)| Op::Settings(n, c)),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

/// Runs random operations against a workspace, choosing their targets among its entries.
struct Runner {
    ws: Workspace,
    /// Numbers the fresh ids, so that runs repeat exactly.
    fresh: u128,
}

fn table_ids<T: Entity>(table: &Table<T>) -> Vec<Id> {
    table.iter().map(|row| row.id()).collect()
}

impl Runner {
    fn step_ids(&self) -> Vec<Id> {
        self.ws
            .journeys()
            .iter()
            .flat_map(|j| j.steps.iter().map(|s| s.id))
            .collect()
    }

    fn all_ids(&self) -> Vec<Id> {
        let c = self.ws.contents();
        let mut all = table_ids(&c.objectives);
        all.extend(table_ids(&c.channels));
        all.extend(table_ids(&c.personas));
        all.extend(table_ids(&c.content_types));
        all.extend(table_ids(&c.journeys));
        all.extend(self.step_ids());
        all.extend(table_ids(&c.items));
        all.extend(table_ids(&c.metrics));
        all
    }

    fn resolve(target: &Target, among: &[Id]) -> Id {
        match target {
            Target::Existing(pick) if !among.is_empty() => among[pick.index(among.len())],
            _ => Id::from_u128(NOBODY),
        }
    }

    /// The id for a new entry, and whether it must be refused.
    fn new_id(&mut self, new: &NewId) -> (Id, bool) {
        match new {
            NewId::Taken(pick) if !self.all_ids().is_empty() => {
                let all = self.all_ids();
                (all[pick.index(all.len())], true)
            }
            NewId::Nil => (Id::nil(), true),
            NewId::Fresh | NewId::Taken(_) => {
                self.fresh += 1;
                (Id::from_u128(0x5eed_0000_0000 + self.fresh), false)
            }
        }
    }

    fn picked<T: Entity>(table: &Table<T>, pick: &Pick) -> Option<T> {
        (!table.is_empty()).then(|| table.at(pick.index(table.len())).unwrap().clone())
    }

    fn objective_ids(&self) -> Vec<Id> {
        table_ids(self.ws.objectives())
    }
    fn channel_ids(&self) -> Vec<Id> {
        table_ids(self.ws.channels())
    }
    fn persona_ids(&self) -> Vec<Id> {
        table_ids(self.ws.personas())
    }
    fn type_ids(&self) -> Vec<Id> {
        table_ids(self.ws.content_types())
    }
    fn journey_ids(&self) -> Vec<Id> {
        table_ids(self.ws.journeys())
    }
    fn item_ids(&self) -> Vec<Id> {
        table_ids(self.ws.items())
    }
    fn metric_ids(&self) -> Vec<Id> {
        table_ids(self.ws.metrics())
    }

    fn attachment(&self, kind: u8, target: &Target) -> (Option<Id>, Option<Id>, Option<Id>) {
        let journey = || Self::resolve(target, &self.journey_ids());
        match kind {
            0 => (None, None, None),
            1 => (Some(journey()), None, None),
            2 => (None, Some(Self::resolve(target, &self.step_ids())), None),
            3 => (None, None, Some(Self::resolve(target, &self.item_ids()))),
            // Two at once: never valid.
            _ => (
                Some(journey()),
                Some(Self::resolve(target, &self.step_ids())),
                None,
            ),
        }
    }

    fn item(&mut self, new: &NewItem, existing: Option<Item>) -> (Item, bool) {
        let (id, mut must_fail) = match &existing {
            Some(item) => (item.id, false),
            None => self.new_id(&new.id),
        };
        let steps = self.step_ids();
        let item = Item {
            id,
            title: new.title.clone(),
            content_type_id: Self::resolve(&new.content_type, &self.type_ids()),
            step_ids: new.steps.iter().map(|t| Self::resolve(t, &steps)).collect(),
            channel_id: new
                .channel
                .as_ref()
                .map(|t| Self::resolve(t, &self.channel_ids())),
            status: new.status,
            available_on: new.date,
            cost: new.cost,
            ..existing.unwrap_or_default()
        };
        must_fail |= new.title.trim().is_empty() || !new.cost.is_finite() || new.cost < 0.0;
        (item, must_fail)
    }

    /// Runs one operation: `None` when there was nothing to run it on, otherwise the result
    /// and whether the operation had to be refused.
    fn run(&mut self, op: &Op) -> Option<(EditResult, bool)> {
        let blank = |name: &str| name.trim().is_empty();
        let bad_emotion = |e: &Option<u8>| e.is_some_and(|e| !(1..=5).contains(&e));
        let dangling = |t: &Target| matches!(t, Target::Dangling);
        let today = date("2027-06-15");
        let result = match op {
            Op::AddObjective(title, new, at) => {
                let (id, taken) = self.new_id(new);
                let value = Objective {
                    id,
                    title: title.clone(),
                    ..Objective::default()
                };
                (
                    edit::insert(&mut self.ws, *at, value),
                    taken || blank(title),
                )
            }
            Op::UpdateObjective(pick, title) => {
                let mut value = Self::picked(self.ws.objectives(), pick)?;
                value.title = title.clone();
                (edit::update(&mut self.ws, value), blank(title))
            }
            Op::DeleteObjective(t) => {
                let id = Self::resolve(t, &self.objective_ids());
                (edit::delete_objective(&mut self.ws, id), dangling(t))
            }
            Op::AddChannel(name, new, budget) => {
                let (id, taken) = self.new_id(new);
                let value = Channel {
                    id,
                    name: name.clone(),
                    budget: *budget,
                    ..Channel::default()
                };
                let bad = blank(name) || !budget.is_finite() || *budget < 0.0;
                (edit::add(&mut self.ws, value), taken || bad)
            }
            Op::UpdateChannel(pick, name, budget, media) => {
                let mut value = Self::picked(self.ws.channels(), pick)?;
                value.name = name.clone();
                value.budget = *budget;
                value.media = Media::ALL[*media];
                let bad = blank(name) || !budget.is_finite() || *budget < 0.0;
                (edit::update(&mut self.ws, value), bad)
            }
            Op::DeleteChannel(t) => {
                let id = Self::resolve(t, &self.channel_ids());
                (edit::delete_channel(&mut self.ws, id), dangling(t))
            }
            Op::AddPersona(name, new, channels) => {
                let (id, taken) = self.new_id(new);
                let all = self.channel_ids();
                let value = Persona {
                    id,
                    name: name.clone(),
                    channel_ids: channels.iter().map(|t| Self::resolve(t, &all)).collect(),
                    ..Persona::default()
                };
                let bad = blank(name) || channels.iter().any(dangling);
                (edit::add(&mut self.ws, value), taken || bad)
            }
            Op::UpdatePersona(pick, name, channels) => {
                let mut value = Self::picked(self.ws.personas(), pick)?;
                let all = self.channel_ids();
                value.name = name.clone();
                value.channel_ids = channels.iter().map(|t| Self::resolve(t, &all)).collect();
                let bad = blank(name) || channels.iter().any(dangling);
                (edit::update(&mut self.ws, value), bad)
            }
            Op::DeletePersona(t) => {
                let id = Self::resolve(t, &self.persona_ids());
                (edit::delete_persona(&mut self.ws, id), dangling(t))
            }
            Op::AddContentType(name, new, service) => {
                let (id, taken) = self.new_id(new);
                let value = ContentType {
                    id,
                    name: name.clone(),
                    kind: if *service {
                        Kind::Service
                    } else {
                        Kind::Content
                    },
                    ..ContentType::default()
                };
                (edit::add(&mut self.ws, value), taken || blank(name))
            }
            Op::UpdateContentType(pick, name, service) => {
                let mut value = Self::picked(self.ws.content_types(), pick)?;
                value.name = name.clone();
                value.kind = if *service {
                    Kind::Service
                } else {
                    Kind::Content
                };
                (edit::update(&mut self.ws, value), blank(name))
            }
            Op::DeleteContentType(t, to) => {
                let all = self.type_ids();
                let id = Self::resolve(t, &all);
                let items_go = match to {
                    None => ItemsOfType::Delete,
                    Some(to) => ItemsOfType::MoveTo(Self::resolve(to, &all)),
                };
                let bad = dangling(t) || to.as_ref().is_some_and(dangling);
                (
                    edit::delete_content_type(&mut self.ws, id, items_go),
                    bad || items_go == ItemsOfType::MoveTo(id),
                )
            }
            Op::AddJourney {
                name,
                id: new,
                personas,
                objective,
                steps,
                mappings,
            } => {
                let (id, mut bad) = self.new_id(new);
                let mut journey_steps = Vec::new();
                for (name, new, emotion) in steps {
                    let (id, taken) = self.new_id(new);
                    bad |= taken || blank(name) || bad_emotion(emotion);
                    journey_steps.push(Step {
                        id,
                        name: name.clone(),
                        emotion: *emotion,
                        ..Step::default()
                    });
                }
                let types = self.type_ids();
                let journey_mappings = mappings
                    .iter()
                    .filter(|_| !journey_steps.is_empty())
                    .map(|(step, ty)| Mapping {
                        step_id: journey_steps[step.index(journey_steps.len())].id,
                        content_type_id: Self::resolve(ty, &types),
                        ..Mapping::default()
                    })
                    .collect();
                let all = self.persona_ids();
                let value = Journey {
                    id,
                    name: name.clone(),
                    persona_ids: personas.iter().map(|t| Self::resolve(t, &all)).collect(),
                    objective_id: objective
                        .as_ref()
                        .map(|t| Self::resolve(t, &self.objective_ids())),
                    steps: journey_steps,
                    mappings: journey_mappings,
                    ..Journey::default()
                };
                bad |= blank(name)
                    || personas.iter().any(dangling)
                    || objective.as_ref().is_some_and(dangling);
                (edit::add(&mut self.ws, value), bad)
            }
            Op::UpdateJourney(pick, name, objective, keep) => {
                let mut value = Self::picked(self.ws.journeys(), pick)?;
                value.name = name.clone();
                value.objective_id = objective
                    .as_ref()
                    .map(|t| Self::resolve(t, &self.objective_ids()));
                let mut at = 0;
                value.steps.retain(|_| {
                    at += 1;
                    keep[(at - 1) % keep.len()]
                });
                let kept: Vec<Id> = value.steps.iter().map(|s| s.id).collect();
                value.mappings.retain(|m| kept.contains(&m.step_id));
                let bad = blank(name) || objective.as_ref().is_some_and(dangling);
                (edit::update(&mut self.ws, value), bad)
            }
            Op::DeleteJourney(t) => {
                let id = Self::resolve(t, &self.journey_ids());
                (edit::delete_journey(&mut self.ws, id), dangling(t))
            }
            Op::InsertStep(t, at, name, new, emotion) => {
                let journey = Self::resolve(t, &self.journey_ids());
                let (id, taken) = self.new_id(new);
                let step = Step {
                    id,
                    name: name.clone(),
                    emotion: *emotion,
                    ..Step::default()
                };
                let bad = taken || dangling(t) || blank(name) || bad_emotion(emotion);
                (edit::insert_step(&mut self.ws, journey, *at, step), bad)
            }
            Op::UpdateStep(t, name) => {
                let id = Self::resolve(t, &self.step_ids());
                let mut step = self.ws.step(id).cloned().unwrap_or_default();
                step.id = id;
                step.name = name.clone();
                (
                    edit::update_step(&mut self.ws, step),
                    dangling(t) || blank(name),
                )
            }
            Op::SetEmotion(t, emotion) => {
                let id = Self::resolve(t, &self.step_ids());
                (
                    edit::set_emotion(&mut self.ws, id, *emotion),
                    dangling(t) || bad_emotion(emotion),
                )
            }
            Op::RelocateStep(t, to) => {
                let id = Self::resolve(t, &self.step_ids());
                (edit::relocate_step(&mut self.ws, id, *to), dangling(t))
            }
            Op::ShiftStep(t, right) => {
                let id = Self::resolve(t, &self.step_ids());
                let by = if *right { 1 } else { -1 };
                (edit::shift_step(&mut self.ws, id, by), dangling(t))
            }
            Op::DeleteStep(t) => {
                let id = Self::resolve(t, &self.step_ids());
                (edit::delete_step(&mut self.ws, id), dangling(t))
            }
            Op::Map(s, t) => {
                let (step, ty) = (
                    Self::resolve(s, &self.step_ids()),
                    Self::resolve(t, &self.type_ids()),
                );
                let mapped = self
                    .ws
                    .journey_of_step(step)
                    .is_some_and(|j| j.is_mapped(step, ty));
                (
                    edit::map(&mut self.ws, step, ty),
                    dangling(s) || dangling(t) || mapped,
                )
            }
            Op::Unmap(s, t) => {
                let (step, ty) = (
                    Self::resolve(s, &self.step_ids()),
                    Self::resolve(t, &self.type_ids()),
                );
                let unmapped = !self.ws.cell(step, ty).mapped;
                (
                    edit::unmap(&mut self.ws, step, ty),
                    dangling(s) || dangling(t) || unmapped,
                )
            }
            Op::UnmapMapped(pick) => {
                let ws = &self.ws;
                let mut mapped: Vec<(Id, Id)> = ws
                    .journeys()
                    .iter()
                    .flat_map(|j| j.mappings.iter().map(|m| (m.step_id, m.content_type_id)))
                    .collect();
                for item in ws.items() {
                    mapped.extend(item.step_ids.iter().map(|s| (*s, item.content_type_id)));
                }
                let (step, ty) = *mapped.get(pick.index(mapped.len().max(1)))?;
                let result = edit::unmap(&mut self.ws, step, ty);
                assert!(result.is_ok(), "unmapping a mapped cell: {result:?}");
                (result, false)
            }
            Op::AddItem(new) => {
                let (item, mut bad) = self.item(new, None);
                bad |= dangling(&new.content_type)
                    || new.steps.iter().any(dangling)
                    || new.channel.as_ref().is_some_and(dangling);
                (edit::add(&mut self.ws, item), bad)
            }
            Op::UpdateItem(pick, new) => {
                let existing = Self::picked(self.ws.items(), pick)?;
                let (item, mut bad) = self.item(new, Some(existing));
                bad |= dangling(&new.content_type)
                    || new.steps.iter().any(dangling)
                    || new.channel.as_ref().is_some_and(dangling);
                (edit::update(&mut self.ws, item), bad)
            }
            Op::DeleteItem(t) => {
                let id = Self::resolve(t, &self.item_ids());
                (edit::delete_item(&mut self.ws, id), dangling(t))
            }
            Op::SetStatus(t, status) => {
                let id = Self::resolve(t, &self.item_ids());
                (edit::set_status(&mut self.ws, id, *status), dangling(t))
            }
            Op::SetDate(t, on) => {
                let id = Self::resolve(t, &self.item_ids());
                (edit::set_date(&mut self.ws, id, *on), dangling(t))
            }
            Op::ShiftDate(t, days) => {
                let id = Self::resolve(t, &self.item_ids());
                (
                    edit::shift_date(&mut self.ws, id, *days, today),
                    dangling(t),
                )
            }
            Op::AddMetric(name, new, level, kind, t, target) => {
                let (id, taken) = self.new_id(new);
                let (journey_id, step_id, item_id) = self.attachment(*kind, t);
                let value = Metric {
                    id,
                    name: name.clone(),
                    level: Level::ALL[*level],
                    target: *target,
                    journey_id,
                    step_id,
                    item_id,
                    ..Metric::default()
                };
                let bad = taken
                    || blank(name)
                    || (*kind != 0 && dangling(t))
                    || *kind == 4
                    || target.is_some_and(f64::is_nan);
                (edit::add(&mut self.ws, value), bad)
            }
            Op::UpdateMetric(pick, name, level, kind, t) => {
                let mut value = Self::picked(self.ws.metrics(), pick)?;
                value.name = name.clone();
                value.level = Level::ALL[*level];
                (value.journey_id, value.step_id, value.item_id) = self.attachment(*kind, t);
                let bad = blank(name) || (*kind != 0 && dangling(t)) || *kind == 4;
                (edit::update(&mut self.ws, value), bad)
            }
            Op::DeleteMetric(t) => {
                let id = Self::resolve(t, &self.metric_ids());
                (edit::delete_metric(&mut self.ws, id), dangling(t))
            }
            Op::Comment(kind, pick, open) => {
                use super::search::Target as Entry;
                let ids = match kind {
                    0 => self.persona_ids(),
                    1 => self.journey_ids(),
                    2 => self.step_ids(),
                    3 => self.type_ids(),
                    4 => self.item_ids(),
                    _ => self.metric_ids(),
                };
                let on = *ids.get(pick.index(ids.len().max(1)))?;
                let on = [
                    Entry::Persona,
                    Entry::Journey,
                    Entry::Step,
                    Entry::ContentType,
                    Entry::Item,
                    Entry::Metric,
                ][usize::from(*kind)](on);
                self.fresh += 1;
                let comment = Comment {
                    id: Id::from_u128(0xc0_0000_0000 + self.fresh),
                    author: "reviewer".into(),
                    at: "2027-06-15T10:00:00Z".into(),
                    text: "Look again".into(),
                    resolved: !open,
                    extra: Extra::new(),
                };
                (edit::add_comment(&mut self.ws, on, comment), false)
            }
            Op::ResolveComment(pick, resolved) => {
                let all = comments_read_whole(&self.ws);
                let (on, comment, _) = *all.get(pick.index(all.len().max(1)))?;
                let result = edit::resolve_comment(&mut self.ws, on, comment, *resolved);
                (result, false)
            }
            Op::DeleteComment(pick) => {
                let all = comments_read_whole(&self.ws);
                let (on, comment, _) = *all.get(pick.index(all.len().max(1)))?;
                (edit::delete_comment(&mut self.ws, on, comment), false)
            }
            Op::Relocate(kind, t, to) => (self.relocate(*kind, t, Some(*to), false), dangling(t)),
            Op::Shift(kind, t, down) => (self.relocate(*kind, t, None, *down), dangling(t)),
            Op::Settings(name, currency) => (
                edit::set_settings(&mut self.ws, name, currency),
                blank(name),
            ),
            Op::Undo | Op::Redo => unreachable!("history is run by the caller"),
        };
        Some(result)
    }

    /// Relocates (`to`) or shifts (`down` or up) an entry of any kind.
    fn relocate(
        &mut self,
        kind: Collection,
        t: &Target,
        to: Option<usize>,
        down: bool,
    ) -> EditResult {
        fn go<T: Record>(
            ws: &mut Workspace,
            t: &Target,
            to: Option<usize>,
            down: bool,
        ) -> EditResult {
            let id = Runner::resolve(t, &table_ids(T::rows(ws)));
            match to {
                Some(to) => edit::relocate::<T>(ws, id, to),
                None => edit::shift::<T>(ws, id, if down { 1 } else { -1 }),
            }
        }
        let ws = &mut self.ws;
        match kind {
            Collection::Objective => go::<Objective>(ws, t, to, down),
            Collection::Channel => go::<Channel>(ws, t, to, down),
            Collection::Persona => go::<Persona>(ws, t, to, down),
            Collection::ContentType => go::<ContentType>(ws, t, to, down),
            Collection::Journey => go::<Journey>(ws, t, to, down),
            Collection::Item => go::<Item>(ws, t, to, down),
            Collection::Metric => go::<Metric>(ws, t, to, down),
        }
    }
}

/// Runs a sequence of operations on the sample, checking the workspace after each one, then
/// undoes and redoes everything.
fn run_sequence(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut runner = Runner {
        ws: sample(),
        fresh: 0,
    };
    let start = encode(&runner.ws);
    let mut history = History::default();
    // The revision last checked: an operation that applied no change (refused, or nothing to
    // undo) leaves the very workspace that was checked already.
    let mut checked = None;
    for (at, op) in ops.iter().enumerate() {
        match op {
            Op::Undo => {
                history.undo(&mut runner.ws);
            }
            Op::Redo => {
                history.redo(&mut runner.ws);
            }
            op => {
                // Every change goes through `Workspace::apply`, which counts it: an unchanged
                // revision proves a refused edit left the workspace alone (the unit tests also
                // compare bytes, which costs too much to do here after every operation).
                let revision = runner.ws.revision();
                let Some((result, must_fail)) = runner.run(op) else {
                    continue;
                };
                match result {
                    Ok(undo) => {
                        prop_assert!(!must_fail, "op {at} {op:?} should have been refused");
                        history.record(undo);
                    }
                    Err(_) => {
                        prop_assert_eq!(
                            runner.ws.revision(),
                            revision,
                            "op {} refused but changed",
                            at
                        );
                    }
                }
            }
        }
        if checked != Some(runner.ws.revision()) {
            assert_sound(&runner.ws);
            checked = Some(runner.ws.revision());
        }
    }
    let end = encode(&runner.ws);
    let mut undone = 0;
    while history.undo(&mut runner.ws).is_some() {
        undone += 1;
    }
    prop_assert!(encode(&runner.ws) == start, "undoing everything");
    assert_index_agrees(&runner.ws);
    for _ in 0..undone {
        prop_assert!(history.redo(&mut runner.ws).is_some());
    }
    prop_assert!(encode(&runner.ws) == end, "redoing everything");
    assert_sound(&runner.ws);
    Ok(())
}

fn property_config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        // Failures are reported with their shrunk sequence; no regression file is written.
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(property_config())]

    #[test]
    fn random_edits_keep_the_workspace_valid_and_its_indexes_true(
        ops in prop::collection::vec(op(), 0..40)
    ) {
        run_sequence(&ops)?;
    }
}

// ---------------------------------------------------------------------------------------------
// What a removal would do, counted before it is made
// ---------------------------------------------------------------------------------------------

/// The impact of a removal on the small workspace, checked to leave it untouched.
fn previewed(removal: edit::Removal) -> Impact {
    let ws = small();
    let bytes = encode(&ws);
    let impact = removal.preview(&ws).expect("the removal is possible");
    assert_eq!(ws.revision(), 0, "a preview changed the workspace");
    assert!(encode(&ws) == bytes);
    impact
}

#[test]
fn a_removal_previewed_says_what_goes_and_what_is_kept() {
    use edit::Removal;
    assert_eq!(
        previewed(Removal::Persona(id(P1))),
        Impact {
            removed: vec![
                (1, "journey"),
                (3, "step"),
                (4, "cell mapping"),
                (1, "persona")
            ],
            journeys_unshared: 1,
            items_on_other_steps: 1,
            items_on_no_step: 2,
            metrics_to_workspace: 2,
            ..Impact::default()
        }
    );
    // A step's journey is changed, not detached: what goes is the step and its mappings.
    assert_eq!(
        previewed(Removal::Step(id(S12))),
        Impact {
            removed: vec![(1, "step"), (2, "cell mapping")],
            items_on_other_steps: 1,
            metrics_to_journey: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::Unmap {
            step: id(S12),
            content_type: id(T2)
        }),
        Impact {
            removed: vec![(1, "cell mapping")],
            items_on_other_steps: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::Unmap {
            step: id(S22),
            content_type: id(T1)
        }),
        Impact {
            items_on_no_step: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::Channel(id(C1))),
        Impact {
            removed: vec![(1, "channel")],
            items_unchanneled: 2,
            personas_unchanneled: 2,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::Objective(id(O1))),
        Impact {
            removed: vec![(1, "objective")],
            journeys_unlinked: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::ContentType(id(T2), ItemsOfType::Delete)),
        Impact {
            removed: vec![(2, "cell mapping"), (4, "item"), (1, "content type")],
            metrics_to_workspace: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        previewed(Removal::Item(id(I1))),
        Impact {
            removed: vec![(1, "item")],
            metrics_to_workspace: 1,
            ..Impact::default()
        }
    );
    assert_eq!(
        small().revision(),
        0,
        "the revision starts at 0, so the checks above mean something"
    );
    assert_eq!(
        Removal::Step(id(NOBODY)).preview(&small()),
        Err(EditError::Missing("step"))
    );
}

#[test]
fn every_removal_on_the_sample_previews_what_it_then_does() {
    use edit::Removal;
    let start = sample();
    let c = start.contents();
    let mut removals: Vec<Removal> = Vec::new();
    removals.extend(c.objectives.iter().map(|r| Removal::Objective(r.id)));
    removals.extend(c.channels.iter().map(|r| Removal::Channel(r.id)));
    removals.extend(c.personas.iter().map(|r| Removal::Persona(r.id)));
    removals.extend(
        c.content_types
            .iter()
            .map(|r| Removal::ContentType(r.id, ItemsOfType::Delete)),
    );
    for journey in c.journeys.iter() {
        removals.push(Removal::Journey(journey.id));
        removals.extend(journey.steps.iter().map(|s| Removal::Step(s.id)));
        removals.extend(journey.mappings.iter().map(|m| Removal::Unmap {
            step: m.step_id,
            content_type: m.content_type_id,
        }));
    }
    removals.extend(c.items.iter().map(|r| Removal::Item(r.id)));
    removals.extend(c.metrics.iter().map(|r| Removal::Metric(r.id)));
    for removal in removals {
        let mut ws = start.clone();
        let revision = ws.revision();
        let impact = removal.preview(&ws).expect("possible");
        assert_eq!(ws.revision(), revision, "{removal:?} changed the workspace");
        let undo = removal.apply(&mut ws).expect("possible");
        // The entries the undo puts back are the ones the preview said would go.
        let mut restored = undo.restores().0;
        restored.sort();
        let mut entries: Vec<(usize, &str)> = impact
            .removed
            .iter()
            .filter(|(_, noun)| !matches!(*noun, "step" | "cell mapping"))
            .copied()
            .collect();
        entries.sort();
        assert_eq!(entries, restored, "{removal:?}");
        let detached = impact.items_on_other_steps
            + impact.items_on_no_step
            + impact.items_unchanneled
            + impact.metrics_to_journey
            + impact.metrics_to_workspace
            + impact.personas_unchanneled;
        let replaced: usize = undo
            .restores()
            .1
            .iter()
            .filter(|(_, noun)| *noun != "journey")
            .map(|(n, _)| n)
            .sum();
        assert_eq!(detached, replaced, "{removal:?}: each entry changed once");
    }
}

#[test]
fn a_step_cannot_take_its_journeys_id() {
    let mut ws = small();
    let step = Step {
        id: id(J1),
        name: "Twin".into(),
        ..Step::default()
    };
    assert!(matches!(
        refused(&mut ws, |ws| edit::insert_step(ws, id(J1), 0, step.clone())),
        EditError::Refused(_)
    ));
    let mut journey = Journey {
        id: Id::from_u128(0x5_0000),
        name: "New".into(),
        ..Journey::default()
    };
    journey.steps.push(Step {
        id: journey.id,
        ..step
    });
    assert!(matches!(
        refused(&mut ws, |ws| edit::add(ws, journey.clone())),
        EditError::Refused(_)
    ));
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

use super::duplicate;

/// The entry right after `original` in its table, which a duplicate must be.
fn next_after<T: Entity>(table: &Table<T>, original: u128) -> T {
    let at = table.position(id(original)).expect("original") + 1;
    table.at(at).expect("a copy after the original").clone()
}

#[test]
fn duplicating_a_persona_places_a_renamed_copy_right_after_it() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| duplicate::duplicate_persona(ws, id(P1)));
    let copy = next_after(ws.personas(), P1);
    assert_ne!(copy.id, id(P1));
    assert_eq!(copy.name, "Chris (copy)");
    assert_eq!(copy.channel_ids, ids(&[C1]));
    assert_eq!(ws.personas().len(), 3);
}

#[test]
fn duplicating_a_journey_copies_steps_and_mappings_under_new_ids_but_no_item() {
    let mut ws = small();
    let items_before = ws.items().len();
    let edit = apply_ok(&mut ws, |ws| duplicate::duplicate_journey(ws, id(J1)));
    assert_eq!(edit.label, "duplicate journey \"Buy\"");
    let original = journey(&ws, J1);
    let copy = next_after(ws.journeys(), J1);
    assert_eq!(copy.name, "Buy (copy)");
    assert_eq!(copy.persona_ids, original.persona_ids);
    let names = |j: &Journey| j.steps.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&copy), names(&original));
    for (a, b) in copy.steps.iter().zip(&original.steps) {
        assert_ne!(a.id, b.id);
        assert!(ws.items().iter().all(|item| !item.step_ids.contains(&a.id)));
    }
    // The same mappings, position for position.
    let by_position = |j: &Journey| {
        j.mappings
            .iter()
            .map(|m| (j.step_position(m.step_id).unwrap(), m.content_type_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(by_position(&copy), by_position(&original));
    assert_eq!(ws.items().len(), items_before);
}

#[test]
fn duplicating_a_step_places_it_after_the_original_with_its_mappings() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| duplicate::duplicate_step(ws, id(S12)));
    let journey = journey(&ws, J1);
    assert_eq!(journey.steps.len(), 4);
    let copy = &journey.steps[2];
    assert_eq!(copy.name, "Compare (copy)");
    assert!(!ws.items().iter().any(|i| i.step_ids.contains(&copy.id)));
    assert!(journey.is_mapped(copy.id, id(T1)));
    assert!(journey.is_mapped(copy.id, id(T2)));
    assert!(!journey.is_mapped(copy.id, id(T3)));
}

#[test]
fn duplicating_a_content_type_maps_the_copy_where_the_original_is_mapped() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| duplicate::duplicate_content_type(ws, id(T2)));
    let copy = next_after(ws.content_types(), T2);
    assert_eq!(copy.name, "Guide (copy)");
    assert_eq!(copy.kind, Kind::Content);
    assert!(journey(&ws, J1).is_mapped(id(S12), copy.id));
    assert!(journey(&ws, J2).is_mapped(id(S21), copy.id));
    assert!(!journey(&ws, J1).is_mapped(id(S11), copy.id));
    assert!(ws.items().iter().all(|i| i.content_type_id != copy.id));
}

#[test]
fn duplicating_an_item_keeps_its_cells_but_not_its_metrics() {
    let mut ws = small();
    let metrics = ws.metrics().len();
    apply_ok(&mut ws, |ws| duplicate::duplicate_item(ws, id(I1)));
    let original = item_of(&ws, I1);
    let copy = next_after(ws.items(), I1);
    assert_ne!(copy.id, original.id);
    assert_eq!(copy.title, format!("{} (copy)", original.title));
    assert_eq!(copy.step_ids, original.step_ids);
    assert_eq!(copy.cost, original.cost);
    assert_eq!(ws.metrics().len(), metrics);
}

#[test]
fn duplicating_what_is_not_there_is_refused() {
    let mut ws = small();
    refused(&mut ws, |ws| duplicate::duplicate_persona(ws, id(NOBODY)));
    refused(&mut ws, |ws| duplicate::duplicate_journey(ws, id(NOBODY)));
    refused(&mut ws, |ws| duplicate::duplicate_step(ws, id(NOBODY)));
    refused(&mut ws, |ws| {
        duplicate::duplicate_content_type(ws, id(NOBODY))
    });
    refused(&mut ws, |ws| duplicate::duplicate_item(ws, id(NOBODY)));
}

#[test]
fn every_journey_of_the_sample_duplicates_soundly() {
    let mut ws = sample();
    let journeys: Vec<Id> = ws.journeys().iter().map(|j| j.id).collect();
    for journey in journeys {
        apply_ok(&mut ws, |ws| duplicate::duplicate_journey(ws, journey));
    }
}

// ---------------------------------------------------------------------------------------------
// Budgets by media
// ---------------------------------------------------------------------------------------------

/// Hundredths, for exact comparisons of amounts.
fn hundredths(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

#[test]
fn media_subtotals_add_up_to_the_total_which_is_the_sum_over_items() {
    for ws in [small(), sample()] {
        let budgets = ws.budgets();
        let figures = |s: &Spending| {
            [
                hundredths(s.budget().unwrap_or(0.0)),
                hundredths(s.planned()),
                hundredths(s.spent()),
            ]
        };
        let mut sum = [0i64; 3];
        for spending in budgets.media.iter().chain(budgets.unassigned.as_ref()) {
            for (total, figure) in sum.iter_mut().zip(figures(spending)) {
                *total += figure;
            }
        }
        assert_eq!(sum, figures(&budgets.total));
        // Straight from the entries, not the index.
        let budget: i64 = ws.channels().iter().map(|c| hundredths(c.budget)).sum();
        let cost = |available: bool| -> i64 {
            ws.items()
                .iter()
                .filter(|i| (i.status == Status::Available) == available)
                .map(|i| hundredths(i.cost))
                .sum()
        };
        assert_eq!(sum, [budget, cost(false), cost(true)]);
        for (media, spending) in Media::ALL.iter().zip(&budgets.media) {
            let budget: i64 = ws
                .channels()
                .iter()
                .filter(|c| c.media == *media)
                .map(|c| hundredths(c.budget))
                .sum();
            assert_eq!(figures(spending)[0], budget, "{media:?}");
        }
        let left = budgets.total.left().unwrap();
        assert_eq!(hundredths(left), sum[0] - sum[1] - sum[2]);
    }
}

#[test]
fn spend_by_month_is_the_cost_of_the_items_dated_in_each_month() {
    let mut ws = sample();
    let (first, last) = {
        let mut dates = ws.items().iter().filter_map(|i| i.available_on);
        let first = dates.next().unwrap();
        dates.fold((first, first), |(a, b), d| (a.min(d), b.max(d)))
    };
    let months =
        (last.year() - first.year()) * 12 + i32::from(last.month()) - i32::from(first.month()) + 1;
    let by_month = |ws: &Workspace| -> Vec<(Date, i64)> {
        ws.spend_by_month(first, months as usize)
            .into_iter()
            .map(|(month, s)| (month, hundredths(s.cost())))
            .collect()
    };
    let direct = |ws: &Workspace, month: Date| -> i64 {
        ws.items()
            .iter()
            .filter(|i| i.available_on.is_some_and(|d| d.first_of_month() == month))
            .map(|i| hundredths(i.cost))
            .sum()
    };
    for (month, cost) in by_month(&ws) {
        assert_eq!(cost, direct(&ws, month), "{month}");
    }
    let dated: i64 = ws
        .items()
        .iter()
        .filter(|i| i.available_on.is_some())
        .map(|i| hundredths(i.cost))
        .sum();
    assert_eq!(by_month(&ws).iter().map(|(_, c)| c).sum::<i64>(), dated);

    // An edit that moves an item a month on moves its cost with it.
    let item = ws
        .items()
        .iter()
        .find(|i| i.available_on.is_some() && i.cost > 0.0)
        .unwrap()
        .clone();
    let date = item.available_on.unwrap();
    apply_ok(&mut ws, |ws| {
        edit::set_date(ws, item.id, date.add_months(1))
    });
    let moved = date.add_months(1).unwrap().first_of_month();
    assert_eq!(
        hundredths(ws.spend_by_month(moved, 1)[0].1.cost()),
        direct(&ws, moved)
    );
}

mod measurements;

mod comments;
mod compare;
mod fields;
mod lanes;
mod schema;
mod schema_diff_merge;
