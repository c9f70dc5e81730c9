//! The three-way merge, its conflicts and the diff's words, on the sample workspace.
//!
//! Property tests edit clones of the sample with the model's own edit functions, as a person
//! would, then merge: an unchanged side gives the other side back byte for byte; edits on
//! different entries are all kept (the merge equals making both sides' edits one after the
//! other); no entry either side kept or changed is ever lost, nor any comment either side
//! wrote; the same inputs always give the same bytes; every conflict can be resolved and undone
//! exactly. The edits include reviewers' comments: added, resolved, reworded and deleted.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use journeymap::model::comments::comments_of;
use journeymap::model::conflict::{self, ConflictKind};
use journeymap::model::edit::{self, EditError, ItemsOfType, Record};
use journeymap::model::merge::{self, Merged};
use journeymap::model::rules::check_workspace;
use journeymap::model::schema::EntityKind;
use journeymap::model::search::Target;
use journeymap::model::{
    Better, Comment, Conflict, Date, Entity, Id, Item, Journey, Metric, Persona, Pick, Status,
    Step, Workspace, diff,
};
use journeymap::storage::location::SAMPLE;
use journeymap::storage::{decode, encode};
use proptest::prelude::*;
use serde_json::{Value, json};

fn sample() -> Workspace {
    decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn merged(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    merge::merge(Some(base), ours, theirs).expect("the sides merge")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts two workspaces have the same bytes, showing the difference in words if not.
fn assert_same(actual: &Workspace, expected: &Workspace) {
    let (a, e) = (encode(actual), encode(expected));
    if a != e {
        panic!(
            "the workspaces differ:\n{}\n--- actual conflicts: {:#?}",
            diff::diff(expected, actual).join("\n"),
            actual.conflicts()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Edits a person makes, drawn at random

/// One edit, with the entries it is about as positions (taken modulo the current count).
#[derive(Clone, Debug)]
enum Op {
    PersonaName(usize, u8),
    PersonaSummary(usize, u8),
    AddPersona,
    DeletePersona(usize),
    MovePersona(usize, usize),
    Emotion(usize, usize, u8),
    StepName(usize, usize, u8),
    InsertStep(usize, usize),
    DeleteStep(usize, usize),
    MoveStep(usize, usize, usize),
    Status(usize, u8),
    Date(usize, u8),
    AddItem(usize, usize, usize),
    DeleteItem(usize),
    ToggleMap(usize, usize, usize),
    Budget(usize, u8),
    DeleteChannel(usize),
    Target(usize, u8),
    DeleteMetric(usize),
    DeleteJourney(usize),
    DeleteContentType(usize),
    Rename(u8),
    /// On the entry `commentable(kind, n)`: a new comment, or the comment at a position
    /// resolved (or reopened), reworded or deleted.
    AddComment(usize, usize, u8),
    ResolveComment(usize, usize, usize),
    EditComment(usize, usize, usize, u8),
    DeleteComment(usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let n = || 0usize..64;
    let v = || 0u8..3;
    prop_oneof![
        (n(), v()).prop_map(|(a, b)| Op::PersonaName(a, b)),
        (n(), v()).prop_map(|(a, b)| Op::PersonaSummary(a, b)),
        Just(Op::AddPersona),
        n().prop_map(Op::DeletePersona),
        (n(), n()).prop_map(|(a, b)| Op::MovePersona(a, b)),
        (n(), n(), 1u8..=5).prop_map(|(a, b, c)| Op::Emotion(a, b, c)),
        (n(), n(), v()).prop_map(|(a, b, c)| Op::StepName(a, b, c)),
        (n(), n()).prop_map(|(a, b)| Op::InsertStep(a, b)),
        (n(), n()).prop_map(|(a, b)| Op::DeleteStep(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::MoveStep(a, b, c)),
        (n(), v()).prop_map(|(a, b)| Op::Status(a, b)),
        (n(), v()).prop_map(|(a, b)| Op::Date(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::AddItem(a, b, c)),
        n().prop_map(Op::DeleteItem),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::ToggleMap(a, b, c)),
        (n(), v()).prop_map(|(a, b)| Op::Budget(a, b)),
        n().prop_map(Op::DeleteChannel),
        (n(), v()).prop_map(|(a, b)| Op::Target(a, b)),
        n().prop_map(Op::DeleteMetric),
        n().prop_map(Op::DeleteJourney),
        n().prop_map(Op::DeleteContentType),
        v().prop_map(Op::Rename),
        (n(), n(), v()).prop_map(|(a, b, c)| Op::AddComment(a, b, c)),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::ResolveComment(a, b, c)),
        (n(), n(), n(), v()).prop_map(|(a, b, c, d)| Op::EditComment(a, b, c, d)),
        (n(), n(), n()).prop_map(|(a, b, c)| Op::DeleteComment(a, b, c)),
    ]
}

/// Fresh ids for one side: the side's number in the high bits, so sides never collide.
struct Fresh(u128);

impl Fresh {
    fn side(side: u128) -> Self {
        Fresh(side << 64)
    }
    fn next(&mut self) -> Id {
        self.0 += 1;
        Id::from_u128(self.0)
    }
}

fn at<'a, T: 'a>(
    rows: impl IntoIterator<Item = &'a T, IntoIter: ExactSizeIterator>,
    n: usize,
) -> Option<&'a T> {
    let mut rows = rows.into_iter();
    let len = rows.len();
    (len > 0).then(|| rows.nth(n % len)).flatten()
}

fn step_at(ws: &Workspace, j: usize, s: usize) -> Option<(Id, Id)> {
    let journey = at(ws.journeys(), j)?;
    let step = at(&journey.steps, s)?;
    Some((journey.id, step.id))
}

/// An entry that carries comments: a persona, journey, step, content type, item or metric
/// (`kind` picks which sort, `n` which one).
fn commentable(ws: &Workspace, kind: usize, n: usize) -> Option<Target> {
    Some(match kind % 6 {
        0 => Target::Persona(at(ws.personas(), n)?.id),
        1 => Target::Journey(at(ws.journeys(), n)?.id),
        2 => {
            let (_, step) = step_at(ws, n, n / 7)?;
            Target::Step(step)
        }
        3 => Target::ContentType(at(ws.content_types(), n)?.id),
        4 => Target::Item(at(ws.items(), n)?.id),
        _ => Target::Metric(at(ws.metrics(), n)?.id),
    })
}

/// The id of the comment at position `k` on an entry.
fn comment_at(ws: &Workspace, on: Target, k: usize) -> Option<Id> {
    let (_, _, comments) = comments_of(ws, on)?;
    at(comments, k).map(|c| c.id)
}

/// A new comment with a fresh id, by one of three reviewers at a fixed time.
fn new_comment(fresh: &mut Fresh, v: u8) -> Comment {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_947_300 + u64::from(v));
    Comment {
        id: fresh.next(),
        ..Comment::new(
            ["ines", "lena", "marco"][v as usize % 3],
            at,
            &format!("remark {v}"),
        )
    }
}

fn date(v: u8) -> Option<Date> {
    (v > 0).then(|| Date::from_ymd(2027, 3, v).expect("a day of March"))
}

/// Makes the edit if it applies (an edit the rules refuse changes nothing).
fn apply(ws: &mut Workspace, op: &Op, fresh: &mut Fresh) {
    let _ = try_apply(ws, op, fresh);
}

fn try_apply(ws: &mut Workspace, op: &Op, fresh: &mut Fresh) -> Option<()> {
    let persona = |ws: &Workspace, n| at(ws.personas(), n).cloned();
    let item = |ws: &Workspace, n| at(ws.items(), n).map(|i| i.id);
    match *op {
        Op::PersonaName(n, v) => {
            let mut p = persona(ws, n)?;
            p.name = format!("{} v{v}", p.name);
            edit::update(ws, p).ok()?;
        }
        Op::PersonaSummary(n, v) => {
            let mut p = persona(ws, n)?;
            p.summary = format!("summary {v}");
            edit::update(ws, p).ok()?;
        }
        Op::AddPersona => {
            let id = fresh.next();
            let persona = Persona {
                id,
                name: format!("Persona {}", id.to_string().get(..8).unwrap_or("")),
                ..Persona::default()
            };
            edit::add(ws, persona).ok()?;
        }
        Op::DeletePersona(n) => {
            edit::delete_persona(ws, persona(ws, n)?.id).ok()?;
        }
        Op::MovePersona(n, to) => {
            let id = persona(ws, n)?.id;
            edit::relocate::<Persona>(ws, id, to % ws.personas().len()).ok()?;
        }
        Op::Emotion(j, s, v) => {
            let (_, step) = step_at(ws, j, s)?;
            edit::set_emotion(ws, step, Some(v)).ok()?;
        }
        Op::StepName(j, s, v) => {
            let (_, step) = step_at(ws, j, s)?;
            let mut step = ws.step(step)?.clone();
            step.name = format!("{} v{v}", step.name);
            edit::update_step(ws, step).ok()?;
        }
        Op::InsertStep(j, to) => {
            let journey = at(ws.journeys(), j)?.id;
            let step = Step {
                id: fresh.next(),
                name: "New step".into(),
                emotion: Some(3),
                ..Step::default()
            };
            edit::insert_step(ws, journey, to % 8, step).ok()?;
        }
        Op::DeleteStep(j, s) => {
            let (_, step) = step_at(ws, j, s)?;
            edit::delete_step(ws, step).ok()?;
        }
        Op::MoveStep(j, s, to) => {
            let (_, step) = step_at(ws, j, s)?;
            edit::relocate_step(ws, step, to % 8).ok()?;
        }
        Op::Status(n, v) => {
            edit::set_status(ws, item(ws, n)?, Status::ALL[v as usize % 3]).ok()?;
        }
        Op::Date(n, v) => {
            edit::set_date(ws, item(ws, n)?, date(v)).ok()?;
        }
        Op::AddItem(j, s, t) => {
            let (_, step) = step_at(ws, j, s)?;
            let content_type = at(ws.content_types(), t)?.id;
            let item = Item {
                id: fresh.next(),
                title: "New item".into(),
                content_type_id: content_type,
                step_ids: vec![step],
                ..Item::default()
            };
            edit::add(ws, item).ok()?;
        }
        Op::DeleteItem(n) => {
            edit::delete_item(ws, item(ws, n)?).ok()?;
        }
        Op::ToggleMap(j, s, t) => {
            let (journey, step) = step_at(ws, j, s)?;
            let content_type = at(ws.content_types(), t)?.id;
            if ws.journeys().get(journey)?.is_mapped(step, content_type) {
                edit::unmap(ws, step, content_type).ok()?;
            } else {
                edit::map(ws, step, content_type).ok()?;
            }
        }
        Op::Budget(n, v) => {
            let mut channel = at(ws.channels(), n)?.clone();
            channel.budget = 1000.0 * f64::from(v) + 0.5;
            edit::update(ws, channel).ok()?;
        }
        Op::DeleteChannel(n) => {
            edit::delete_channel(ws, at(ws.channels(), n)?.id).ok()?;
        }
        Op::Target(n, v) => {
            let mut metric = at(ws.metrics(), n)?.clone();
            metric.target = (v > 0).then(|| f64::from(v) * 1.5);
            edit::update(ws, metric).ok()?;
        }
        Op::DeleteMetric(n) => {
            edit::delete_metric(ws, at(ws.metrics(), n)?.id).ok()?;
        }
        Op::DeleteJourney(n) => {
            edit::delete_journey(ws, at(ws.journeys(), n)?.id).ok()?;
        }
        Op::DeleteContentType(n) => {
            let id = at(ws.content_types(), n)?.id;
            edit::delete_content_type(ws, id, ItemsOfType::Delete).ok()?;
        }
        Op::Rename(v) => {
            let currency = ws.currency().to_string();
            edit::set_settings(ws, &format!("Strategy v{v}"), &currency).ok()?;
        }
        Op::AddComment(kind, n, v) => {
            let on = commentable(ws, kind, n)?;
            edit::add_comment(ws, on, new_comment(fresh, v)).ok()?;
        }
        Op::ResolveComment(kind, n, k) => {
            let on = commentable(ws, kind, n)?;
            let id = comment_at(ws, on, k)?;
            let resolved = comments_of(ws, on)?
                .2
                .iter()
                .any(|c| c.id == id && c.resolved);
            edit::resolve_comment(ws, on, id, !resolved).ok()?;
        }
        Op::EditComment(kind, n, k, v) => {
            let on = commentable(ws, kind, n)?;
            let id = comment_at(ws, on, k)?;
            edit::edit_comment(ws, on, id, &format!("reworded {v}")).ok()?;
        }
        Op::DeleteComment(kind, n, k) => {
            let on = commentable(ws, kind, n)?;
            edit::delete_comment(ws, on, comment_at(ws, on, k)?).ok()?;
        }
    }
    Some(())
}

fn edited(base: &Workspace, ops: &[Op], side: u128) -> Workspace {
    let mut ws = base.clone();
    let mut fresh = Fresh::side(side);
    for op in ops {
        apply(&mut ws, op, &mut fresh);
    }
    ws
}

/// Every entry with an id (steps too), as its JSON.
fn entries(ws: &Workspace) -> HashMap<Id, Value> {
    fn add<'a, T: Entity + 'a>(
        out: &mut HashMap<Id, Value>,
        rows: impl IntoIterator<Item = &'a T>,
    ) {
        for row in rows {
            out.insert(row.id(), serde_json::to_value(row).unwrap());
        }
    }
    let mut out = HashMap::new();
    add(&mut out, ws.objectives());
    add(&mut out, ws.channels());
    add(&mut out, ws.personas());
    add(&mut out, ws.content_types());
    add(&mut out, ws.journeys());
    for journey in ws.journeys() {
        add(&mut out, &journey.steps);
    }
    add(&mut out, ws.items());
    add(&mut out, ws.metrics());
    out
}

/// Nothing a side has is missing from the result unless the other side deleted it and this
/// side left it as the base had it.
fn assert_nothing_lost(base: &Workspace, ours: &Workspace, theirs: &Workspace, result: &Workspace) {
    let (base, ours, theirs, result) = (
        entries(base),
        entries(ours),
        entries(theirs),
        entries(result),
    );
    for (this, other, name) in [(&ours, &theirs, "ours"), (&theirs, &ours, "theirs")] {
        for (id, value) in this {
            if result.contains_key(id) {
                continue;
            }
            let deleted_unchanged = !other.contains_key(id) && base.get(id) == Some(value);
            assert!(deleted_unchanged, "{name}'s entry {id} is lost: {value}");
        }
    }
}

/// The ids of the comments on each entry (steps too).
fn comment_ids(ws: &Workspace) -> HashMap<Id, Vec<String>> {
    entries(ws)
        .into_iter()
        .map(|(id, value)| {
            let comments = value["comments"].as_array().cloned().unwrap_or_default();
            let ids = comments.iter().map(|c| c["id"].to_string()).collect();
            (id, ids)
        })
        .collect()
}

/// A comment a side wrote is on its entry in the result, wherever the entry is kept (which
/// [`assert_nothing_lost`] sees to), whatever the other side did to the entry meanwhile.
fn assert_no_comment_lost(
    base: &Workspace,
    ours: &Workspace,
    theirs: &Workspace,
    result: &Workspace,
) {
    let (base, result) = (comment_ids(base), comment_ids(result));
    for (side, name) in [(ours, "ours"), (theirs, "theirs")] {
        for (entry, ids) in comment_ids(side) {
            let Some(kept) = result.get(&entry) else {
                continue;
            };
            let before = base.get(&entry).cloned().unwrap_or_default();
            for id in ids.iter().filter(|id| !before.contains(id)) {
                assert!(
                    kept.contains(id),
                    "{name}'s comment {id} on {entry} is lost"
                );
            }
        }
    }
}

/// The sample as a review left it: open and resolved comments on entries of every sort, for
/// the sides' edits to resolve, reword and delete.
fn reviewed() -> Workspace {
    let mut ws = sample();
    let mut fresh = Fresh::side(7);
    for kind in 0..6 {
        for n in [0, 1, 9] {
            let on = commentable(&ws, kind, n).expect("the sample has entries of every sort");
            let comment = Comment {
                resolved: n == 9,
                ..new_comment(&mut fresh, n as u8)
            };
            edit::add_comment(&mut ws, on, comment).expect("a comment is added");
        }
    }
    ws
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A side that changed nothing gives the other side back, byte for byte; two identical sides
    /// give themselves back.
    #[test]
    fn an_unchanged_side_gives_the_other_side(ops in ops()) {
        let base = reviewed();
        let edited = edited(&base, &ops, 1);
        let bytes = encode(&edited);
        let result = merged(&base, &base, &edited);
        prop_assert_eq!(text(&encode(&result.workspace)), text(&bytes));
        prop_assert!(result.conflicts.is_empty());
        let result = merged(&base, &edited, &base);
        prop_assert_eq!(text(&encode(&result.workspace)), text(&bytes));
        let result = merged(&base, &edited, &edited);
        prop_assert_eq!(text(&encode(&result.workspace)), text(&bytes));
        // Without a common ancestor, identical sides still merge to themselves.
        let result = merge::merge(None, &edited, &edited).unwrap();
        prop_assert_eq!(text(&encode(&result.workspace)), text(&bytes));
    }

    /// Whatever both sides do, the merge succeeds with a valid workspace that reads back from
    /// its own bytes, loses nothing, and is the same every time.
    #[test]
    fn nothing_is_ever_lost(ours_ops in ops(), theirs_ops in ops()) {
        let base = reviewed();
        let ours = edited(&base, &ours_ops, 1);
        let theirs = edited(&base, &theirs_ops, 2);
        let result = merged(&base, &ours, &theirs);
        let bytes = encode(&result.workspace);
        prop_assert!(check_workspace(&result.workspace).is_empty());
        let reread = decode(&bytes).expect("the merged bytes read back");
        prop_assert_eq!(text(&encode(&reread)), text(&bytes));
        assert_nothing_lost(&base, &ours, &theirs, &result.workspace);
        assert_no_comment_lost(&base, &ours, &theirs, &result.workspace);
        // Deterministic: again, and from the sides' bytes.
        let again = merged(
            &decode(&encode(&base)).unwrap(),
            &decode(&encode(&ours)).unwrap(),
            &decode(&encode(&theirs)).unwrap(),
        );
        prop_assert_eq!(text(&encode(&again.workspace)), text(&bytes));
        prop_assert_eq!(again.conflicts, result.conflicts);
    }

    /// Every conflict can be resolved either way (or is refused in words), each resolution
    /// leaves a valid workspace, and undoing it gives back the exact bytes.
    #[test]
    fn every_conflict_resolves_and_undoes(
        ours_ops in ops(),
        theirs_ops in ops(),
        picks in prop::collection::vec(any::<bool>(), 16),
    ) {
        let base = reviewed();
        let ours = edited(&base, &ours_ops, 1);
        let theirs = edited(&base, &theirs_ops, 2);
        let mut ws = merged(&base, &ours, &theirs).workspace;
        let mut turn = 0;
        while !ws.conflicts().is_empty() && turn < 64 {
            let pick = if picks[turn % picks.len()] { Pick::Theirs } else { Pick::Ours };
            turn += 1;
            let before = encode(&ws);
            let count = ws.conflicts().len();
            match edit::resolve_conflict(&mut ws, 0, pick) {
                Ok(undo) => {
                    prop_assert!(ws.conflicts().len() < count);
                    prop_assert!(check_workspace(&ws).is_empty(), "{:?}", check_workspace(&ws));
                    let after = encode(&ws);
                    let redo = ws.apply_edit(undo);
                    prop_assert_eq!(text(&encode(&ws)), text(&before));
                    ws.apply_edit(redo);
                    prop_assert_eq!(text(&encode(&ws)), text(&after));
                }
                Err(EditError::Refused(_) | EditError::Invalid(_)) => {
                    // Refused (a content type that still has items), or invalid (the side's
                    // value points at an entry an earlier resolution deleted): nothing changed,
                    // and keeping the entry as it is always works.
                    prop_assert_eq!(text(&encode(&ws)), text(&before));
                    let undo = edit::resolve_conflict(&mut ws, 0, Pick::Current)
                        .expect("keeping the entry as it is works");
                    prop_assert_eq!(ws.conflicts().len(), count - 1);
                    prop_assert!(check_workspace(&ws).is_empty());
                    ws.apply_edit(undo);
                    prop_assert_eq!(text(&encode(&ws)), text(&before));
                    edit::resolve_conflict(&mut ws, 0, Pick::Current).unwrap();
                }
                Err(error) => prop_assert!(false, "resolving failed: {error}"),
            }
        }
        prop_assert!(ws.conflicts().is_empty());
    }
}

/// The comment edits drawn above do something on the reviewed sample: a property over edits
/// that never apply would hold for nothing.
#[test]
fn every_sort_of_comment_edit_changes_the_reviewed_sample() {
    let base = reviewed();
    for kind in 0..6 {
        for op in [
            Op::AddComment(kind, 1, 2),
            Op::ResolveComment(kind, 1, 0),
            Op::ResolveComment(kind, 9, 2),
            Op::EditComment(kind, 0, 1, 2),
            Op::DeleteComment(kind, 9, 2),
        ] {
            let after = edited(&base, std::slice::from_ref(&op), 1);
            assert_ne!(text(&encode(&after)), text(&encode(&base)), "{op:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edits on different entries: all kept

/// The sample split between two people: `ours` works on journeys 0 and 2 and personas 0 and 2,
/// `theirs` on journeys 1 and 3 and personas 1 and 3; items and metrics and channels by even or
/// odd position. Positions are those of the base, so both sides mean the same entries.
#[derive(Clone, Debug)]
enum Own {
    PersonaText(usize, u8),
    AddPersona,
    Emotion(usize, usize, u8),
    StepName(usize, usize, u8),
    InsertStep(usize, usize),
    DeleteStep(usize, usize),
    MoveStep(usize, usize, usize),
    ToggleMap(usize, usize, usize),
    Status(usize, u8),
    Date(usize, u8),
    AddItem(usize, usize, usize),
    DeleteItem(usize),
    Target(usize, u8),
    Budget(usize, u8),
    Settings(u8),
    /// A comment on one of this side's steps (`v` even) or personas.
    Comment(usize, usize, u8),
}

fn own() -> impl Strategy<Value = Own> {
    let n = || 0usize..64;
    let v = || 0u8..4;
    prop_oneof![
        (n(), v()).prop_map(|(a, b)| Own::PersonaText(a, b)),
        Just(Own::AddPersona),
        (n(), n(), 1u8..=5).prop_map(|(a, b, c)| Own::Emotion(a, b, c)),
        (n(), n(), v()).prop_map(|(a, b, c)| Own::StepName(a, b, c)),
        (n(), n()).prop_map(|(a, b)| Own::InsertStep(a, b)),
        (n(), n()).prop_map(|(a, b)| Own::DeleteStep(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Own::MoveStep(a, b, c)),
        (n(), n(), n()).prop_map(|(a, b, c)| Own::ToggleMap(a, b, c)),
        (n(), v()).prop_map(|(a, b)| Own::Status(a, b)),
        (n(), v()).prop_map(|(a, b)| Own::Date(a, b)),
        (n(), n(), n()).prop_map(|(a, b, c)| Own::AddItem(a, b, c)),
        n().prop_map(Own::DeleteItem),
        (n(), v()).prop_map(|(a, b)| Own::Target(a, b)),
        (n(), v()).prop_map(|(a, b)| Own::Budget(a, b)),
        v().prop_map(Own::Settings),
        (n(), n(), v()).prop_map(|(a, b, c)| Own::Comment(a, b, c)),
    ]
}

/// The entries of one side's share, by id, taken from the base.
struct Share {
    side: usize,
    personas: Vec<Id>,
    journeys: Vec<Id>,
    /// Items this side may change (even or odd position).
    items: Vec<Id>,
    /// Items this side may delete: its own, all of whose steps are in its journeys (so the
    /// other side's step deletions never touch them).
    deletable: Vec<Id>,
    metrics: Vec<Id>,
    channels: Vec<Id>,
}

impl Share {
    fn of(base: &Workspace, side: usize) -> Self {
        let mine = |at: usize| at % 2 == side;
        let ids = |rows: Vec<Id>| -> Vec<Id> {
            rows.into_iter()
                .enumerate()
                .filter(|(at, _)| mine(*at))
                .map(|(_, id)| id)
                .collect()
        };
        let journeys = ids(base.journeys().iter().map(|j| j.id).collect());
        let in_mine = |step: &Id| {
            base.journey_of_step(*step)
                .is_some_and(|j| journeys.contains(&j.id))
        };
        let items = ids(base.items().iter().map(|i| i.id).collect());
        Share {
            side,
            personas: ids(base.personas().iter().map(|p| p.id).collect()),
            deletable: items
                .iter()
                .copied()
                .filter(|id| {
                    let item = base.items().get(*id).expect("an item of the base");
                    !item.step_ids.is_empty() && item.step_ids.iter().all(in_mine)
                })
                .collect(),
            items,
            metrics: ids(base.metrics().iter().map(|m| m.id).collect()),
            channels: ids(base.channels().iter().map(|c| c.id).collect()),
            journeys,
        }
    }
}

fn pick<T: Copy>(list: &[T], n: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[n % list.len()])
}

fn own_step(ws: &Workspace, share: &Share, j: usize, s: usize) -> Option<Id> {
    let journey = ws.journeys().get(pick(&share.journeys, j)?)?;
    at(&journey.steps, s).map(|step| step.id)
}

fn apply_own(ws: &mut Workspace, share: &Share, op: &Own, fresh: &mut Fresh) {
    let _ = try_apply_own(ws, share, op, fresh);
}

fn try_apply_own(ws: &mut Workspace, share: &Share, op: &Own, fresh: &mut Fresh) -> Option<()> {
    match *op {
        Own::PersonaText(n, v) => {
            let mut persona = ws.personas().get(pick(&share.personas, n)?)?.clone();
            match v % 3 {
                0 => persona.name = format!("{} ({})", persona.name, share.side),
                1 => persona.needs = format!("needs {v}"),
                _ => persona.tags.push(format!("tag{}", share.side)),
            }
            edit::update(ws, persona).ok()?;
        }
        Own::AddPersona => {
            let persona = Persona {
                id: fresh.next(),
                name: format!("Added by side {}", share.side),
                ..Persona::default()
            };
            edit::add(ws, persona).ok()?;
        }
        Own::Emotion(j, s, v) => {
            edit::set_emotion(ws, own_step(ws, share, j, s)?, Some(v)).ok()?;
        }
        Own::StepName(j, s, v) => {
            let mut step = ws.step(own_step(ws, share, j, s)?)?.clone();
            step.name = format!("{} v{v}", step.name);
            edit::update_step(ws, step).ok()?;
        }
        Own::InsertStep(j, to) => {
            let journey = pick(&share.journeys, j)?;
            let step = Step {
                id: fresh.next(),
                name: format!("Step by side {}", share.side),
                ..Step::default()
            };
            edit::insert_step(ws, journey, to % 8, step).ok()?;
        }
        Own::DeleteStep(j, s) => {
            edit::delete_step(ws, own_step(ws, share, j, s)?).ok()?;
        }
        Own::MoveStep(j, s, to) => {
            edit::relocate_step(ws, own_step(ws, share, j, s)?, to % 8).ok()?;
        }
        Own::ToggleMap(j, s, t) => {
            let step = own_step(ws, share, j, s)?;
            let content_type = at(ws.content_types(), t)?.id;
            if ws.journey_of_step(step)?.is_mapped(step, content_type) {
                edit::unmap(ws, step, content_type).ok()?;
            } else {
                edit::map(ws, step, content_type).ok()?;
            }
        }
        Own::Status(n, v) => {
            edit::set_status(ws, pick(&share.items, n)?, Status::ALL[v as usize % 3]).ok()?;
        }
        Own::Date(n, v) => {
            edit::set_date(ws, pick(&share.items, n)?, date(v)).ok()?;
        }
        Own::AddItem(j, s, t) => {
            let item = Item {
                id: fresh.next(),
                title: format!("Item by side {}", share.side),
                content_type_id: at(ws.content_types(), t)?.id,
                step_ids: vec![own_step(ws, share, j, s)?],
                ..Item::default()
            };
            edit::add(ws, item).ok()?;
        }
        Own::DeleteItem(n) => {
            edit::delete_item(ws, pick(&share.deletable, n)?).ok()?;
        }
        Own::Target(n, v) => {
            let mut metric: Metric = ws.metrics().get(pick(&share.metrics, n)?)?.clone();
            metric.actual = Some(f64::from(v) + 0.25);
            edit::update(ws, metric).ok()?;
        }
        Own::Budget(n, v) => {
            let mut channel = ws.channels().get(pick(&share.channels, n)?)?.clone();
            channel.budget = f64::from(v) * 250.0;
            edit::update(ws, channel).ok()?;
        }
        Own::Settings(v) => {
            // One side names the workspace, the other sets its currency.
            let (name, currency) = if share.side == 0 {
                (format!("Plan {v}"), ws.currency().to_string())
            } else {
                (
                    ws.name().to_string(),
                    ["EUR", "USD", "GBP", "CHF"][v as usize].into(),
                )
            };
            edit::set_settings(ws, &name, &currency).ok()?;
        }
        Own::Comment(j, s, v) => {
            let on = match v % 2 {
                0 => Target::Step(own_step(ws, share, j, s)?),
                _ => Target::Persona(pick(&share.personas, j)?),
            };
            edit::add_comment(ws, on, new_comment(fresh, v)).ok()?;
        }
    }
    Some(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Edits on different entries are all kept: merging equals making ours' edits, then
    /// theirs', one after the other — and there is no conflict.
    #[test]
    fn edits_on_different_entries_are_all_kept(
        ours_ops in prop::collection::vec(own(), 0..10),
        theirs_ops in prop::collection::vec(own(), 0..10),
    ) {
        let base = sample();
        let (ours_share, theirs_share) = (Share::of(&base, 0), Share::of(&base, 1));
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let (mut ours_fresh, mut theirs_fresh) = (Fresh::side(1), Fresh::side(2));
        for op in &ours_ops {
            apply_own(&mut ours, &ours_share, op, &mut ours_fresh);
        }
        for op in &theirs_ops {
            apply_own(&mut theirs, &theirs_share, op, &mut theirs_fresh);
        }
        let mut both = ours.clone();
        let mut fresh = Fresh::side(2);
        for op in &theirs_ops {
            apply_own(&mut both, &theirs_share, op, &mut fresh);
        }
        let result = merged(&base, &ours, &theirs);
        prop_assert!(result.conflicts.is_empty(), "{:#?}", result.conflicts);
        assert_same(&result.workspace, &both);
    }
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/// A copy of `ws` with `entry` in place of the one with its id.
fn updated<T: Record>(ws: &Workspace, entry: T) -> Workspace {
    let mut ws = ws.clone();
    edit::update(&mut ws, entry).unwrap();
    ws
}

/// OURS and THEIRS: `base` with `persona` changed by `set` to the first word on one side and to
/// the second on the other.
fn both_changed(
    base: &Workspace,
    persona: &Persona,
    set: impl Fn(&mut Persona, &str),
    words: [&str; 2],
) -> (Workspace, Workspace) {
    let [ours, theirs] = words.map(|word| {
        let mut changed = persona.clone();
        set(&mut changed, word);
        updated(base, changed)
    });
    (ours, theirs)
}

fn persona_named(ws: &Workspace, name: &str) -> Persona {
    ws.personas()
        .iter()
        .find(|p| p.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no persona {name:?}"))
}

fn step_named(ws: &Workspace, name: &str) -> Step {
    ws.journeys()
        .iter()
        .flat_map(|j| &j.steps)
        .find(|s| s.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no step {name:?}"))
}

fn item_titled(ws: &Workspace, title: &str) -> Item {
    ws.items()
        .iter()
        .find(|i| i.title == title)
        .cloned()
        .unwrap_or_else(|| panic!("no item {title:?}"))
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_holding_both_values() {
    let base = sample();
    let clara = persona_named(&base, "Commuter Clara");
    let (ours, theirs) = both_changed(
        &base,
        &clara,
        |p, to| p.name = to.into(),
        ["Clara (ours)", "Clara (theirs)"],
    );

    let result = merged(&base, &ours, &theirs);
    assert_eq!(
        result.conflicts,
        [Conflict {
            id: clara.id,
            kind: ConflictKind::Entry(EntityKind::Persona),
            field: "name".into(),
            ours: json!("Clara (ours)"),
            theirs: json!("Clara (theirs)"),
            base: json!("Commuter Clara"),
            ..Conflict::default()
        }]
    );
    let ws = &result.workspace;
    assert_eq!(ws.conflicts(), result.conflicts);
    assert_eq!(ws.personas().get(clara.id).unwrap().name, "Clara (ours)");
    assert_eq!(
        result.conflicts[0].describe(ws),
        "persona 'Clara (ours)' name: ours 'Clara (ours)', theirs 'Clara (theirs)' (was 'Commuter Clara')"
    );
    // The record is in the file, after the metrics, and reads back.
    let bytes = text(&encode(ws));
    let conflicts_at = bytes.find("\"conflicts\": [").expect("written");
    assert!(bytes.find("\"metrics\": [").unwrap() < conflicts_at);
    assert!(bytes.contains("\"theirs\": \"Clara (theirs)\""));
    assert_eq!(
        decode(bytes.as_bytes()).unwrap().conflicts(),
        ws.conflicts()
    );

    // Theirs: the field takes their value; undo puts the conflict back.
    let mut resolved = ws.clone();
    let undo = edit::resolve_conflict(&mut resolved, 0, Pick::Theirs).unwrap();
    assert_eq!(
        resolved.personas().get(clara.id).unwrap().name,
        "Clara (theirs)"
    );
    assert!(resolved.conflicts().is_empty());
    assert!(!text(&encode(&resolved)).contains("\"conflicts\""));
    resolved.apply_edit(undo);
    assert_eq!(text(&encode(&resolved)), bytes);

    // Ours: nothing but the record changes.
    let mut resolved = ws.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Ours).unwrap();
    assert_eq!(
        resolved.personas().get(clara.id).unwrap().name,
        "Clara (ours)"
    );
    assert!(resolved.conflicts().is_empty());
    assert_eq!(
        edit::resolve_conflict(&mut resolved, 0, Pick::Ours),
        Err(EditError::Missing("conflict"))
    );
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let base = sample();
    let step = step_named(&base, "Buys");
    let mut ours = base.clone();
    edit::set_emotion(&mut ours, step.id, Some(1)).unwrap();
    let mut theirs = ours.clone();
    let other = persona_named(&base, "Retired Margit");
    edit::update(
        &mut theirs,
        Persona {
            needs: "shade".into(),
            ..other
        },
    )
    .unwrap();
    let result = merged(&base, &ours, &theirs);
    assert!(result.conflicts.is_empty());
    assert_same(&result.workspace, &theirs);
}

#[test]
fn an_entry_deleted_on_one_side_and_changed_on_the_other_is_kept_as_a_conflict() {
    let base = sample();
    let step = step_named(&base, "Compares bikes");
    let mut ours = base.clone();
    edit::delete_step(&mut ours, step.id).unwrap();
    let mut theirs = base.clone();
    edit::set_emotion(&mut theirs, step.id, Some(5)).unwrap();

    let result = merged(&base, &ours, &theirs);
    let ws = &result.workspace;
    assert_eq!(
        ws.step(step.id).unwrap().emotion,
        Some(5),
        "their change kept"
    );
    assert_eq!(result.conflicts.len(), 1);
    let conflict = &result.conflicts[0];
    assert_eq!(
        (conflict.kind.as_str(), conflict.field.as_str()),
        ("steps", "")
    );
    assert!(conflict.is_whole_entry());
    assert_eq!(conflict.ours, Value::Null);
    assert_eq!(conflict.theirs["emotion"], json!(5));
    assert_eq!(
        conflict.describe(ws),
        "step 'Compares bikes' ('First commuter bike'): deleted on our side, changed on theirs"
    );
    assert!(check_workspace(ws).is_empty());

    // Ours: the step goes, as our side's deletion did.
    let mut resolved = ws.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Ours).unwrap();
    assert!(resolved.step(step.id).is_none());
    assert!(check_workspace(&resolved).is_empty());
    // Theirs: kept.
    let mut resolved = ws.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Theirs).unwrap();
    assert_eq!(resolved.step(step.id).unwrap().emotion, Some(5));
}

#[test]
fn an_entry_deleted_on_one_side_but_used_by_the_other_is_kept() {
    let base = sample();
    let channel = base
        .channels()
        .iter()
        .find(|c| c.name == "YouTube")
        .unwrap()
        .clone();
    let mut ours = base.clone();
    edit::delete_channel(&mut ours, channel.id).unwrap();
    // Theirs adds an item on the channel (the channel itself unchanged).
    let mut theirs = base.clone();
    let step = step_named(&base, "Buys");
    let item = Item {
        id: Id::new(),
        title: "Unboxing video".into(),
        content_type_id: base.content_types().at(0).unwrap().id,
        step_ids: vec![step.id],
        channel_id: Some(channel.id),
        ..Item::default()
    };
    edit::add(&mut theirs, item.clone()).unwrap();

    let result = merged(&base, &ours, &theirs);
    let ws = &result.workspace;
    assert!(ws.channels().contains(channel.id), "the channel stays");
    assert_eq!(
        ws.items().get(item.id).unwrap().channel_id,
        Some(channel.id)
    );
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(
        result.conflicts[0].describe(ws),
        "channel 'YouTube': deleted on our side, still used on theirs"
    );
    // Agreeing with the deletion detaches their item, as deleting a channel does.
    let mut resolved = ws.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Ours).unwrap();
    assert!(!resolved.channels().contains(channel.id));
    assert_eq!(resolved.items().get(item.id).unwrap().channel_id, None);
}

#[test]
fn unknown_fields_merge_key_by_key() {
    let base = sample();
    let clara = persona_named(&base, "Commuter Clara");
    let with = |pairs: &[(&str, Value)]| {
        let mut persona = clara.clone();
        for (key, value) in pairs {
            persona.extra.insert(key.to_string(), value.clone());
        }
        let mut ws = base.clone();
        edit::update(&mut ws, persona).unwrap();
        ws
    };
    let base_ws = with(&[("mood", json!("calm")), ("shared", json!(1))]);
    let ours = {
        let mut ws = base_ws.clone();
        let mut p = persona_named(&ws, "Commuter Clara");
        p.extra.insert("mood".into(), json!("busy"));
        p.extra.insert("ours_only".into(), json!(true));
        p.extra.insert("shared".into(), json!(2));
        edit::update(&mut ws, p).unwrap();
        ws
    };
    let theirs = {
        let mut ws = base_ws.clone();
        let mut p = persona_named(&ws, "Commuter Clara");
        p.extra.remove("mood");
        p.extra.insert("shared".into(), json!(3));
        edit::update(&mut ws, p).unwrap();
        ws
    };
    let result = merged(&base_ws, &ours, &theirs);
    let persona = result.workspace.personas().get(clara.id).unwrap().clone();
    assert_eq!(persona.extra.get("ours_only"), Some(&json!(true)));
    // mood: changed by ours, removed by theirs; shared: 2 vs 3. Both conflict, ours stays.
    assert_eq!(persona.extra.get("mood"), Some(&json!("busy")));
    assert_eq!(persona.extra.get("shared"), Some(&json!(2)));
    let fields: Vec<&str> = result.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["mood", "shared"]);
    assert_eq!(result.conflicts[0].theirs, Value::Null);

    // Picking theirs removes the field theirs removed.
    let mut ws = result.workspace.clone();
    edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    assert!(
        !ws.personas()
            .get(clara.id)
            .unwrap()
            .extra
            .contains_key("mood")
    );
    edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    assert_eq!(
        ws.personas().get(clara.id).unwrap().extra.get("shared"),
        Some(&json!(3))
    );
}

#[test]
fn list_fields_merge_as_sets_and_metric_attachments_as_one() {
    let base = sample();
    let clara = persona_named(&base, "Commuter Clara");
    let channels: Vec<Id> = base.channels().iter().map(|c| c.id).collect();
    let fresh: Vec<Id> = channels
        .iter()
        .copied()
        .filter(|c| !clara.channel_ids.contains(c))
        .collect();
    let mut ours = base.clone();
    let mut p = clara.clone();
    p.channel_ids.push(fresh[0]);
    p.tags.push("ours".into());
    edit::update(&mut ours, p).unwrap();
    let mut theirs = base.clone();
    let mut p = clara.clone();
    p.channel_ids.remove(0);
    p.channel_ids.push(fresh[1]);
    p.tags.push("theirs".into());
    edit::update(&mut theirs, p).unwrap();

    // A metric attached to a step by ours, to an item by theirs: one conflict, never both.
    let metric = base.metrics().at(0).unwrap().clone();
    let step = step_named(&base, "Buys");
    let item = base.items().at(0).unwrap().id;
    let mut m = metric.clone();
    m.attach(journeymap::model::Attachment::Step(step.id));
    edit::update(&mut ours, m).unwrap();
    let mut m = metric.clone();
    m.attach(journeymap::model::Attachment::Item(item));
    edit::update(&mut theirs, m).unwrap();

    let result = merged(&base, &ours, &theirs);
    let merged_clara = result.workspace.personas().get(clara.id).unwrap();
    let mut expected = clara.channel_ids[1..].to_vec();
    expected.extend([fresh[0], fresh[1]]);
    assert_eq!(merged_clara.channel_ids, expected);
    let mut tags = clara.tags.clone();
    tags.extend(["ours".to_string(), "theirs".to_string()]);
    assert_eq!(merged_clara.tags, tags);

    assert_eq!(result.conflicts.len(), 1, "{:#?}", result.conflicts);
    assert_eq!(
        result.conflicts[0].field,
        journeymap::model::schema::ATTACHMENT
    );
    let merged_metric = result.workspace.metrics().get(metric.id).unwrap();
    assert_eq!(merged_metric.step_id, Some(step.id));
    assert_eq!(merged_metric.item_id, None);
    let mut ws = result.workspace.clone();
    edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    let resolved = ws.metrics().get(metric.id).unwrap();
    assert_eq!((resolved.step_id, resolved.item_id), (None, Some(item)));
}

fn step_names(ws: &Workspace, journey: Id) -> Vec<String> {
    ws.journeys()
        .get(journey)
        .unwrap()
        .steps
        .iter()
        .map(|s| s.name.clone())
        .collect()
}

#[test]
fn both_sides_reordering_one_journeys_steps_differently_is_a_conflict() {
    let base = sample();
    let journey = base.journeys().at(0).unwrap().clone();
    assert!(journey.steps.len() >= 3);
    let [first, second] = [0, 1].map(|at| journey.steps[at].id);
    let mut ours = base.clone();
    edit::relocate_step(&mut ours, first, 99).unwrap();
    let mut theirs = base.clone();
    edit::relocate_step(&mut theirs, second, 0).unwrap();
    let result = merged(&base, &ours, &theirs);

    // Ours' order stays; theirs' is listed, not dropped.
    assert_eq!(
        step_names(&result.workspace, journey.id),
        step_names(&ours, journey.id)
    );
    assert_eq!(result.conflicts.len(), 1, "{:#?}", result.conflicts);
    let conflict = &result.conflicts[0];
    assert_eq!(
        (conflict.kind.as_str(), conflict.field.as_str(), conflict.id),
        ("journeys", conflict::STEP_ORDER, journey.id)
    );
    let said = conflict.describe(&result.workspace);
    assert!(said.contains("step order"), "{said}");
    let theirs_names = step_names(&theirs, journey.id);
    assert!(
        said.contains(&format!(
            "theirs '{}', '{}'",
            theirs_names[0], theirs_names[1]
        )),
        "{said}"
    );

    // Written, it reads back; keeping theirs gives theirs' order, and undoes exactly.
    let bytes = encode(&result.workspace);
    assert_eq!(
        decode(&bytes).unwrap().conflicts(),
        result.workspace.conflicts()
    );
    let mut ws = result.workspace.clone();
    let undo = edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    assert_eq!(step_names(&ws, journey.id), theirs_names);
    assert!(ws.conflicts().is_empty());
    ws.apply_edit(undo);
    assert_eq!(encode(&ws), bytes);

    // One side reordering, or both the same way, is no conflict.
    assert!(merged(&base, &ours, &base).conflicts.is_empty());
    assert!(merged(&base, &ours, &ours).conflicts.is_empty());
    // Nor is adding or deleting steps while the other side reorders.
    let mut added = base.clone();
    let new_step = Step {
        id: Id::from_u128(77),
        name: "New".into(),
        ..Step::default()
    };
    edit::insert_step(&mut added, journey.id, 0, new_step).unwrap();
    edit::delete_step(&mut added, journey.steps[2].id).unwrap();
    assert!(merged(&base, &ours, &added).conflicts.is_empty());
}

/// `{"a": {"a": … 1 …}}`, `levels` objects deep.
fn nested(levels: usize, leaf: Value) -> Value {
    (0..levels).fold(leaf, |inner, _| json!({ "a": inner }))
}

/// The sample with an unknown field `deep` on the workspace, the first item or the first step,
/// as read from a file; `None` when such a file is too deep to read.
fn with_deep_field(place: usize, value: Value) -> Option<Workspace> {
    let mut raw: Value = serde_json::from_str(SAMPLE).unwrap();
    let target = match place {
        0 => &mut raw,
        1 => &mut raw["items"][0],
        _ => &mut raw["journeys"][0]["steps"][0],
    };
    target["deep"] = value;
    decode(&serde_json::to_vec(&raw).unwrap()).ok()
}

#[test]
fn a_conflict_too_deep_to_write_is_refused_in_words_not_written() {
    // The case: valid sides that disagree on a workspace field nested 125 levels deep.
    let [base, ours, theirs] = ["base", "ours", "theirs"]
        .map(|leaf| with_deep_field(0, nested(125, json!(leaf))).expect("a readable side"));
    let error = merge::merge(Some(&base), &ours, &theirs)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "workspace field 'deep': the sides disagree on a value nested so deep that, recorded as a conflict, it would pass the 127 levels of lists and objects a workspace file may have"
    );
    // Two levels less fit, and are recorded.
    let [base, ours, theirs] = ["base", "ours", "theirs"]
        .map(|leaf| with_deep_field(0, nested(123, json!(leaf))).expect("a readable side"));
    let result = merge::merge(Some(&base), &ours, &theirs).unwrap();
    assert!(decode(&encode(&result.workspace)).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever `merge` writes, `check` accepts: sides that read back merge into bytes that read
    /// back, even when they disagree on an unknown field nested as deep as a file allows; a
    /// merge that cannot be written is refused, and never for a shallow field.
    #[test]
    fn whatever_merge_writes_reads_back(levels in 1usize..130, place in 0usize..3) {
        let sides = ["base", "ours", "theirs"].map(|leaf| with_deep_field(place, nested(levels, json!(leaf))));
        let [Some(base), Some(ours), Some(theirs)] = sides else {
            return Ok(());
        };
        match merge::merge(Some(&base), &ours, &theirs) {
            Ok(result) => {
                prop_assert_eq!(result.conflicts.len(), 1);
                let bytes = encode(&result.workspace);
                let reread = decode(&bytes);
                prop_assert!(reread.is_ok(), "{levels} levels at {place}: {}", reread.unwrap_err());
            }
            Err(error) => {
                let said = error.to_string();
                prop_assert!(levels > 100, "a shallow field ({levels} levels) was refused: {said}");
                prop_assert!(said.contains("deep"), "{said}");
            }
        }
    }
}

#[test]
fn numbers_survive_a_merge_digit_for_digit() {
    let number = |text: &str| serde_json::from_str::<Value>(text).unwrap();
    let mut raw: Value = serde_json::from_str(SAMPLE).unwrap();
    raw["big"] = number("123456789012345678901234567890");
    raw["items"][0]["precise"] = number("1.00000000000000000001");
    raw["items"][0]["cost"] = number("0.21298617672715017");
    raw["items"][1]["mine"] = number("1");
    let base = decode(&serde_json::to_vec(&raw).unwrap()).unwrap();
    // Ours renames an item, theirs changes the same unknown number another way: one conflict,
    // every number still as written, in the entries and in the conflict.
    let mut ours = base.clone();
    let mut item = ours.items().at(0).unwrap().clone();
    item.title = "Renamed".into();
    item.extra
        .insert("mine".into(), number("2.50000000000000000001"));
    edit::update(&mut ours, item).unwrap();
    let mut theirs = base.clone();
    let mut item = theirs.items().at(0).unwrap().clone();
    item.extra
        .insert("mine".into(), number("98765432109876543210"));
    edit::update(&mut theirs, item).unwrap();
    let result = merged(&base, &ours, &theirs);
    assert_eq!(result.conflicts.len(), 1, "{:#?}", result.conflicts);
    let bytes = encode(&result.workspace);
    let said = text(&bytes);
    for spelled in [
        "\"big\": 123456789012345678901234567890",
        "\"precise\": 1.00000000000000000001",
        "\"cost\": 0.21298617672715017",
        "\"mine\": 2.50000000000000000001",
        "\"theirs\": 98765432109876543210",
    ] {
        assert!(said.contains(spelled), "{spelled} is lost");
    }
    assert_eq!(encode(&decode(&bytes).unwrap()), bytes);
    // Keeping theirs writes their number as they wrote it.
    let mut ws = result.workspace.clone();
    edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    assert!(text(&encode(&ws)).contains("\"mine\": 98765432109876543210"));
}

#[test]
fn both_sides_adding_steps_at_one_place_keeps_both_in_a_stable_order() {
    let base = sample();
    let journey = base.journeys().at(0).unwrap().clone();
    let step = |name: &str, n: u128| Step {
        id: Id::from_u128(n),
        name: name.into(),
        ..Step::default()
    };
    let mut ours = base.clone();
    edit::insert_step(&mut ours, journey.id, 1, step("Ours", 1)).unwrap();
    let mut theirs = base.clone();
    edit::insert_step(&mut theirs, journey.id, 1, step("Theirs", 2)).unwrap();
    edit::insert_step(&mut theirs, journey.id, 99, step("Theirs last", 3)).unwrap();
    let result = merged(&base, &ours, &theirs);
    let names: Vec<&str> = result
        .workspace
        .journeys()
        .get(journey.id)
        .unwrap()
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut expected: Vec<&str> = journey.steps.iter().map(|s| s.name.as_str()).collect();
    expected.insert(1, "Theirs");
    expected.insert(1, "Ours");
    expected.push("Theirs last");
    assert_eq!(names, expected);
    // The other way round, theirs' additions still come after ours'.
    let swapped = merged(&base, &theirs, &ours);
    let names: Vec<&str> = swapped
        .workspace
        .journeys()
        .get(journey.id)
        .unwrap()
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(&names[1..3], ["Theirs", "Ours"]);
}

#[test]
fn conflicts_already_in_a_side_are_carried_and_a_resolution_on_one_side_sticks() {
    let base = sample();
    let clara = persona_named(&base, "Commuter Clara");
    let (ours, theirs) = both_changed(&base, &clara, |p, to| p.summary = to.into(), ["A", "B"]);
    let conflicted = merged(&base, &ours, &theirs).workspace;
    assert_eq!(conflicted.conflicts().len(), 1);

    // One person resolves it; another meanwhile edits something else on the conflicted file.
    let mut resolved = conflicted.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Theirs).unwrap();
    let mut other = conflicted.clone();
    let step = step_named(&base, "Buys");
    edit::set_emotion(&mut other, step.id, Some(5)).unwrap();
    let result = merged(&conflicted, &other, &resolved);
    assert!(result.conflicts.is_empty());
    assert!(
        result.workspace.conflicts().is_empty(),
        "the resolution sticks"
    );
    assert_eq!(
        result.workspace.personas().get(clara.id).unwrap().summary,
        "B"
    );
    assert_eq!(result.workspace.step(step.id).unwrap().emotion, Some(5));
}

#[test]
fn a_conflict_about_a_missing_entry_is_a_problem() {
    let base = sample();
    let mut contents = base.contents().clone();
    contents.conflicts.push(Conflict {
        id: Id::from_u128(42),
        kind: ConflictKind::Entry(EntityKind::Persona),
        field: "name".into(),
        ours: json!("a"),
        theirs: json!("b"),
        ..Conflict::default()
    });
    let clara = persona_named(&base, "Commuter Clara");
    contents.conflicts.push(Conflict {
        id: clara.id,
        kind: ConflictKind::Entry(EntityKind::Persona),
        field: "name".into(),
        ..Conflict::default()
    });
    contents.conflicts.push(Conflict {
        id: clara.id,
        kind: "gadgets".into(),
        ..Conflict::default()
    });
    let ws = Workspace::from_contents(contents);
    let problems: Vec<String> = check_workspace(&ws).iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "conflicts[0]: id: no persona has id 00000000-0000-0000-0000-00000000002a (the entry this conflict is about is gone)",
            "conflicts[2]: kind: \"gadgets\" is not a kind of entry",
        ]
    );
    assert!(decode(&encode(&ws)).is_err(), "such a file does not load");
}

#[test]
fn a_merge_without_common_ancestor_merges_entries_both_added() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let clara = persona_named(&base, "Commuter Clara");
    edit::update(
        &mut ours,
        Persona {
            needs: "speed".into(),
            ..clara.clone()
        },
    )
    .unwrap();
    edit::update(
        &mut theirs,
        Persona {
            needs: "comfort".into(),
            ..clara.clone()
        },
    )
    .unwrap();
    let result = merge::merge(None, &ours, &theirs).unwrap();
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(result.conflicts[0].base, Value::Null);
    assert_eq!(result.conflicts[0].field, "needs");
}

#[test]
fn a_mapping_conflict_names_step_and_content_type() {
    let base = sample();
    let journey = base.journeys().at(0).unwrap().clone();
    let mapping = journey.mappings[0].clone();
    let with_note = |note: &str| {
        let mut ws = base.clone();
        let mut j = journey.clone();
        j.mappings[0].extra.insert("note".into(), json!(note));
        edit::update(&mut ws, j).unwrap();
        ws
    };
    let result = merged(&base, &with_note("a"), &with_note("b"));
    assert_eq!(result.conflicts.len(), 1);
    let conflict = &result.conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Mappings);
    assert_eq!(conflict.id, mapping.step_id);
    assert_eq!(conflict.field, format!("{}.note", mapping.content_type_id));
    let mut ws = result.workspace.clone();
    edit::resolve_conflict(&mut ws, 0, Pick::Theirs).unwrap();
    assert_eq!(
        ws.journeys().get(journey.id).unwrap().mappings[0].extra["note"],
        json!("b")
    );
}

// ---------------------------------------------------------------------------------------------
// The diff's words

fn diff_of(change: impl FnOnce(&mut Workspace)) -> Vec<String> {
    let old = sample();
    let mut new = old.clone();
    change(&mut new);
    diff::diff(&old, &new)
}

#[test]
fn no_change_is_no_line() {
    assert!(diff_of(|_| {}).is_empty());
}

#[test]
fn diff_names_entries_and_fields_in_domain_words() {
    let lines = diff_of(|ws| {
        edit::add(
            ws,
            Persona {
                id: Id::from_u128(7),
                name: "Commuter Chris".into(),
                ..Persona::default()
            },
        )
        .unwrap();
        let step = step_named(ws, "Buys");
        edit::set_emotion(ws, step.id, Some(2)).unwrap();
        let item = item_titled(ws, "Spring commuter promo video, 30 s");
        edit::set_status(ws, item.id, Status::Available).unwrap();
        edit::set_date(ws, item.id, Date::from_ymd(2027, 3, 1)).unwrap();
    });
    assert_eq!(
        lines,
        [
            "persona 'Commuter Chris' added",
            "journey 'First commuter bike': step 'Buys' emotion 3 → 2",
            "item 'Spring commuter promo video, 30 s' status to create → available, date 2027-02-15 → 2027-03-01",
        ]
    );
}

fn metric_named(ws: &Workspace, name: &str) -> Metric {
    ws.metrics()
        .iter()
        .find(|m| m.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no metric {name:?}"))
}

#[test]
fn a_metrics_direction_merges_as_its_own_field_and_the_diff_names_it() {
    const RATE: &str = "Email open rate";
    let base = sample();
    let metric = metric_named(&base, RATE);
    assert_eq!(metric.better, None);
    // Ours turns the metric round, theirs raises its target: both changes are kept.
    let mut ours = base.clone();
    let turned = Metric {
        better: Some(Better::Lower),
        ..metric.clone()
    };
    edit::update(&mut ours, turned).unwrap();
    let mut theirs = base.clone();
    let raised = Metric {
        target: Some(50.0),
        ..metric.clone()
    };
    edit::update(&mut theirs, raised).unwrap();
    let result = merged(&base, &ours, &theirs);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    let both = metric_named(&result.workspace, RATE);
    assert_eq!(
        (both.better, both.target),
        (Some(Better::Lower), Some(50.0))
    );
    // Turned back to higher on one side, untouched on the other: the field leaves the file.
    let mut back = ours.clone();
    let higher = Metric {
        better: None,
        ..metric_named(&ours, RATE)
    };
    edit::update(&mut back, higher).unwrap();
    let mut untouched = ours.clone();
    edit::update(
        &mut untouched,
        Metric {
            unit: "% of sends".into(),
            ..metric_named(&ours, RATE)
        },
    )
    .unwrap();
    let result = merged(&ours, &untouched, &back);
    assert!(result.conflicts.is_empty(), "{:?}", result.conflicts);
    let both = metric_named(&result.workspace, RATE);
    assert_eq!((both.better, both.unit.as_str()), (None, "% of sends"));

    assert_eq!(
        diff::diff(&base, &ours),
        [format!("metric '{RATE}' direction higher → lower")]
    );
    assert_eq!(
        diff::diff(&ours, &back),
        [format!("metric '{RATE}' direction lower → higher")]
    );
}

#[test]
fn diff_words_for_renames_moves_deletions_and_mappings() {
    let lines = diff_of(|ws| {
        let clara = persona_named(ws, "Commuter Clara");
        edit::update(
            ws,
            Persona {
                name: "Commuter Clara B.".into(),
                ..clara.clone()
            },
        )
        .unwrap();
        edit::relocate::<Persona>(ws, clara.id, 3).unwrap();
        let margit = persona_named(ws, "Retired Margit");
        let mut tags = margit.tags.clone();
        tags.push("senior".into());
        edit::update(ws, Persona { tags, ..margit }).unwrap();
        let step = step_named(ws, "Test-rides");
        edit::delete_step(ws, step.id).unwrap();
        let recommends = step_named(ws, "Recommends us");
        edit::relocate_step(ws, recommends.id, 0).unwrap();
        let item = item_titled(ws, "Online test-ride booking");
        edit::delete_item(ws, item.id).unwrap();
        let journey = ws.journeys().at(1).unwrap().clone();
        let step = journey.steps[0].id;
        let unmapped = ws
            .content_types()
            .iter()
            .find(|t| !journey.is_mapped(step, t.id))
            .unwrap()
            .clone();
        edit::map(ws, step, unmapped.id).unwrap();
    });
    assert_eq!(
        lines,
        [
            "persona 'Retired Margit' tags +'senior'",
            "persona 'Commuter Clara' renamed to 'Commuter Clara B.', moved after 'Fleet manager Priya'",
            "journey 'First commuter bike': step 'Test-rides' deleted",
            "journey 'First commuter bike': step 'Recommends us' moved to the start",
            "journey 'First commuter bike': 'Test-ride booking' unmapped from step 'Test-rides'",
            "journey 'First commuter bike': 'Bike-fit appointment' unmapped from step 'Test-rides'",
            "journey 'Switching to an e-bike': 'Product pages' mapped onto step 'Hears about e-bikes'",
            "item 'Online test-ride booking' deleted",
            "item 'Quick fit check at the test ride (15 min)' steps −'Test-rides' ('First commuter bike')",
            "metric 'Test rides booked online per month' attached to journey 'First commuter bike'",
        ]
    );
}

#[test]
fn diff_reports_conflicts_recorded_and_resolved() {
    let base = sample();
    let clara = persona_named(&base, "Commuter Clara");
    let (ours, theirs) = both_changed(&base, &clara, |p, to| p.needs = to.into(), ["A", "B"]);
    let conflicted = merged(&base, &ours, &theirs).workspace;
    assert_eq!(
        diff::diff(&ours, &conflicted),
        [
            "conflict recorded: persona 'Commuter Clara' digital needs: ours 'A', theirs 'B' (was 'A reliable bike that starts every morning: lights, mudguards…')"
        ]
    );
    let mut resolved = conflicted.clone();
    edit::resolve_conflict(&mut resolved, 0, Pick::Theirs).unwrap();
    assert_eq!(
        diff::diff(&conflicted, &resolved),
        [
            "persona 'Commuter Clara' digital needs 'A' → 'B'",
            "conflict resolved: persona 'Commuter Clara' digital needs",
        ]
    );
}

#[test]
fn the_outline_is_stable_text_with_one_field_per_line() {
    let ws = sample();
    let text = diff::outline(&ws);
    assert_eq!(text, diff::outline(&decode(&encode(&ws)).unwrap()));
    assert!(text.starts_with(
        "workspace 'Spoke & Chain Cycles — digital strategy 2027'\n  currency: EUR\n"
    ));
    assert!(text.contains("\npersona 'Commuter Clara'\n"));
    assert!(text.contains("\nstep 'Buys' (journey 'First commuter bike')\n"));
    assert!(text.contains("  emotion: 3\n"));
    assert!(
        !text.contains(&ws.personas().at(0).unwrap().id.to_string()),
        "no ids"
    );
    // One changed field, one changed line.
    let mut changed = ws.clone();
    let step = step_named(&ws, "Buys");
    edit::set_emotion(&mut changed, step.id, Some(1)).unwrap();
    let before: Vec<&str> = text.lines().collect();
    let changed_text = diff::outline(&changed);
    let after: Vec<&str> = changed_text.lines().collect();
    assert_eq!(before.len(), after.len());
    let differing: Vec<(&&str, &&str)> =
        before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(differing, [(&"  emotion: 3", &"  emotion: 1")]);
    // Journeys keep their steps in the outline.
    let journey: &Journey = ws.journeys().at(0).unwrap();
    for step in &journey.steps {
        assert!(text.contains(&format!(
            "step '{}' (journey '{}')",
            step.name, journey.name
        )));
    }
}

#[test]
fn a_merge_that_would_break_the_rules_fails_in_words() {
    // Ours moves a step to another journey; theirs changes it where it was. Keeping their change
    // would put one step in two journeys: the merge refuses rather than guess.
    let base = sample();
    let step = step_named(&base, "Buys");
    let other = base.journeys().at(1).unwrap().id;
    let mut ours = base.clone();
    edit::delete_step(&mut ours, step.id).unwrap();
    edit::insert_step(&mut ours, other, 0, step.clone()).unwrap();
    let mut theirs = base.clone();
    edit::set_emotion(&mut theirs, step.id, Some(1)).unwrap();
    let error = merge::merge(Some(&base), &ours, &theirs).unwrap_err();
    assert!(
        error.to_string().contains("is already the id of"),
        "{error}"
    );
}
