//! Diff and merge walked over the schema: every field of every kind is named in a diff by its
//! word, merged per field (each side's change to another field kept, the same field changed two
//! ways a conflict holding ours, a set merged as a set), and the workspace's own fields' random
//! values are merged and said by their names — so a field added to the schema is checked here
//! without a line of this file changing.

use proptest::prelude::*;

use crate::model::diff::{diff, outline};
use crate::model::edit;
use crate::model::merge::{Merged, merge};
use crate::model::schema::examples::{
    every_field, id, input, marker, other_input, own_field, value, with, with_second,
};
use crate::model::schema::{EntityKind, Field, FieldInput, FieldKind, FieldValue};
use crate::model::search::Target;
use crate::model::{Attachment, Better, Date, Workspace};

/// How the example entry of a kind is named in a diff line: `step 'ex-step-name'`.
fn named(kind: EntityKind) -> String {
    let name = kind.fields()[0];
    assert_eq!(
        name.kind,
        FieldKind::Name,
        "a kind's first field is its name"
    );
    format!("{} '{}'", kind.noun(), marker(kind, name.key))
}

fn merged(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Merged {
    merge(Some(base), ours, theirs).unwrap_or_else(|error| panic!("{error}"))
}

/// Ours and theirs, each setting one field of the example entry of a kind its way, and their
/// merge.
fn both_change(
    base: &Workspace,
    kind: EntityKind,
    key: &str,
    [mine, yours]: [FieldInput; 2],
) -> (Workspace, Workspace, Merged) {
    let ours = with(base, kind, key, mine);
    let theirs = with(base, kind, key, yours);
    let result = merged(base, &ours, &theirs);
    (ours, theirs, result)
}

/// Whether one value came out of a three-way merge as it must: a change only one side made (or
/// both made alike) taken, different changes a conflict (`conflicted`) holding ours.
pub(super) fn merged_per_value<T: PartialEq + std::fmt::Debug>(
    [base, ours, theirs]: [&T; 3],
    merged: &T,
    conflicted: bool,
) -> Result<(), TestCaseError> {
    if ours == theirs || base == theirs {
        prop_assert_eq!(merged, ours);
        prop_assert!(!conflicted);
    } else if base == ours {
        prop_assert_eq!(merged, theirs);
        prop_assert!(!conflicted);
    } else {
        prop_assert_eq!(merged, ours);
        prop_assert!(conflicted);
    }
    Ok(())
}

#[test]
fn a_changed_field_of_any_kind_is_one_line_naming_the_entry_and_the_field() {
    let base = every_field();
    for kind in EntityKind::ALL {
        for field in kind.fields() {
            let changed = with(&base, kind, field.key, other_input(kind, field));
            let lines = diff(&base, &changed);
            assert_eq!(lines.len(), 1, "{} {}: {lines:#?}", kind.noun(), field.key);
            let line = &lines[0];
            assert!(line.contains(&named(kind)), "{line}");
            let said = match field.kind {
                FieldKind::Name => "renamed to".to_string(),
                _ => field.word(),
            };
            assert!(
                line.contains(&said),
                "{} {}: {line}",
                kind.noun(),
                field.key
            );
        }
    }
}

#[test]
fn the_outline_shows_every_field_and_own_value_under_its_name() {
    let base = every_field();
    let text = outline(&base);
    for kind in EntityKind::ALL {
        // A name heads its entry's block; every other field is a line of its own.
        for field in kind.fields().iter().filter(|f| f.kind != FieldKind::Name) {
            let changed = outline(&with(&base, kind, field.key, other_input(kind, field)));
            let gone: Vec<&str> = (text.lines())
                .filter(|line| !changed.lines().any(|now| now == *line))
                .collect();
            let said = format!("  {}: ", field.word());
            assert!(
                gone.len() == 1 && gone[0].starts_with(&said),
                "{} {}: {gone:#?}",
                kind.noun(),
                field.key
            );
        }
        if let Some(own) = own_field(kind) {
            let line = format!("  {}: {}\n", own.name, marker(kind, "own_value"));
            assert!(text.contains(&line), "{line}");
        }
    }
}

#[test]
fn each_sides_change_to_another_field_of_one_entry_is_kept() {
    let base = every_field();
    for kind in EntityKind::ALL {
        for a in kind.fields() {
            let ours = with(&base, kind, a.key, other_input(kind, a));
            for b in kind.fields().iter().filter(|b| *b != a) {
                let theirs = with(&base, kind, b.key, other_input(kind, b));
                let result = merged(&base, &ours, &theirs);
                let place = format!("{} {} and {}", kind.noun(), a.key, b.key);
                assert!(
                    result.conflicts.is_empty(),
                    "{place}: {:#?}",
                    result.conflicts
                );
                let ws = &result.workspace;
                assert_eq!(value(ws, kind, a.key), value(&ours, kind, a.key), "{place}");
                assert_eq!(
                    value(ws, kind, b.key),
                    value(&theirs, kind, b.key),
                    "{place}"
                );
            }
        }
    }
}

/// A value for a field other than the example's and [`other_input`]'s, in `ws` (which holds a
/// second entry of the kind a reference points at); `None` for a choice of two words that is
/// always set, which two sides cannot change in two ways.
fn third_input(ws: &Workspace, kind: EntityKind, field: &Field) -> Option<FieldInput> {
    Some(match (field.kind, input(kind, field)) {
        (_, FieldInput::Text(text)) => FieldInput::Text(format!("{text}-theirs")),
        (_, FieldInput::Date(_)) => FieldInput::Date(Some(Date::from_ymd(2028, 5, 6).unwrap())),
        (_, FieldInput::Number(n)) => FieldInput::Number(n.map(|n| n + 2000.0)),
        (_, FieldInput::Score(_)) => FieldInput::Score(Some(1)),
        (FieldKind::Choice(words), FieldInput::Word(_)) if words.len() > 2 => {
            FieldInput::Word(Some(words[1].to_string()))
        }
        // A KPI's direction may be left out (read as higher): a third value.
        (FieldKind::Choice(words), FieldInput::Word(_)) if words == Better::WORDS => {
            FieldInput::Word(None)
        }
        (FieldKind::Ref(to), FieldInput::Ref(_)) => FieldInput::Ref(Some(second_id(ws, to))),
        (_, FieldInput::Attachment(_)) => {
            FieldInput::Attachment(Attachment::Journey(id(EntityKind::Journey)))
        }
        _ => return None,
    })
}

/// The id [`with_second`] gives the second entry of a kind.
fn second_id(ws: &Workspace, kind: EntityKind) -> crate::model::Id {
    with_second(ws, kind).1
}

#[test]
fn one_field_changed_two_ways_is_one_conflict_that_keeps_ours() {
    for kind in EntityKind::ALL {
        for field in kind.fields().iter().filter(|f| !f.kind.is_set()) {
            let base = match field.kind {
                FieldKind::Ref(to) => with_second(&every_field(), to).0,
                _ => every_field(),
            };
            let Some(third) = third_input(&base, kind, field) else {
                continue;
            };
            let (ours, _, result) =
                both_change(&base, kind, field.key, [other_input(kind, field), third]);
            let place = format!("{} {}", kind.noun(), field.key);
            assert_eq!(
                result.conflicts.len(),
                1,
                "{place}: {:#?}",
                result.conflicts
            );
            let conflict = &result.conflicts[0];
            assert_eq!(
                (conflict.id, conflict.kind.entity(), conflict.field.as_str()),
                (id(kind), Some(kind), field.key),
                "{place}"
            );
            let ws = &result.workspace;
            assert_eq!(
                value(ws, kind, field.key),
                value(&ours, kind, field.key),
                "{place}"
            );
            // The conflict is said naming the field and what the base held (every field of
            // the example is set).
            let said = conflict.describe(ws);
            assert!(said.contains(&field.word()), "{place}: {said}");
            assert!(said.contains(" (was "), "{place}: {said}");
        }
    }
}

#[test]
fn a_set_field_both_sides_added_to_holds_both_additions() {
    for kind in EntityKind::ALL {
        for field in kind.fields().iter().filter(|f| f.kind.is_set()) {
            let (start, [mine, yours]) = match field.kind {
                FieldKind::Refs(to) => {
                    let (ws, second) = with_second(&every_field(), to);
                    let ids = [id(to), second];
                    (ws, ids.map(|one| FieldInput::Refs(vec![one])))
                }
                _ => (
                    every_field(),
                    ["ours", "theirs"].map(|t| FieldInput::Tags(vec![t.into()])),
                ),
            };
            let empty = match field.kind {
                FieldKind::Refs(_) => FieldInput::Refs(Vec::new()),
                _ => FieldInput::Tags(Vec::new()),
            };
            let base = with(&start, kind, field.key, empty);
            let (ours, theirs, result) = both_change(&base, kind, field.key, [mine, yours]);
            let place = format!("{} {}", kind.noun(), field.key);
            assert!(
                result.conflicts.is_empty(),
                "{place}: {:#?}",
                result.conflicts
            );
            let both = |ws: &Workspace| -> Vec<String> {
                match value(ws, kind, field.key) {
                    Some(FieldValue::Refs(ids)) => ids.iter().map(|id| id.to_string()).collect(),
                    Some(FieldValue::Tags(tags)) => tags.to_vec(),
                    other => panic!("{place}: {other:?}"),
                }
            };
            let expected: Vec<String> = [&ours, &theirs].into_iter().flat_map(both).collect();
            assert_eq!(both(&result.workspace), expected, "{place}");
        }
    }
}

/// The example's entries that carry an own field, as search names them.
fn own_targets() -> Vec<(EntityKind, Target)> {
    EntityKind::ALL
        .into_iter()
        .filter(|kind| kind.on().is_some())
        .map(|kind| {
            let at = id(kind);
            let target = match kind {
                EntityKind::Persona => Target::Persona(at),
                EntityKind::ContentType => Target::ContentType(at),
                EntityKind::Journey => Target::Journey(at),
                EntityKind::Step => Target::Step(at),
                EntityKind::Item => Target::Item(at),
                other => panic!("{} carries no own fields", other.noun()),
            };
            (kind, target)
        })
        .collect()
}

/// The value of the example entry's own field of a kind.
fn own_value(ws: &Workspace, target: Target, field: &str) -> Option<String> {
    let custom = match target {
        Target::Persona(at) => &ws.personas().get(at)?.custom,
        Target::ContentType(at) => &ws.content_types().get(at)?.custom,
        Target::Journey(at) => &ws.journeys().get(at)?.custom,
        Target::Step(at) => &ws.step(at)?.custom,
        Target::Item(at) => &ws.items().get(at)?.custom,
        _ => return None,
    };
    custom.get(field).map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each side sets or clears random values of the own fields of the example's entries (every
    /// kind that carries them): the merge keeps each change only one side made, a value both
    /// changed differently is one conflict holding ours, and the diff from the base names each
    /// own field whose value changed, by its name, with its entry.
    #[test]
    fn random_own_values_merge_per_field_and_are_named_in_the_diff(
        ours_values in proptest::collection::vec((0usize..5, 0usize..4), 0..6),
        theirs_values in proptest::collection::vec((0usize..5, 0usize..4), 0..6),
    ) {
        let targets = own_targets();
        let texts = ["", "one", "two", "three"];
        let base = every_field();
        let set = |values: &[(usize, usize)]| {
            let mut ws = base.clone();
            for &(at, text) in values {
                let (kind, target) = targets[at % targets.len()];
                let field = own_field(kind).unwrap();
                edit::set_custom(&mut ws, target, &field.id, texts[text]).unwrap();
            }
            ws
        };
        let (ours, theirs) = (set(&ours_values), set(&theirs_values));
        let result = merged(&base, &ours, &theirs);
        let ws = &result.workspace;
        let lines = diff(&base, ws);
        for &(kind, target) in &targets {
            let field = own_field(kind).unwrap();
            let [b, o, t, m] = [&base, &ours, &theirs, ws].map(|w| own_value(w, target, &field.id));
            let conflicted = result.conflicts.iter().any(|c| {
                c.id == id(kind) && c.field == format!("custom.{}", field.id)
            });
            merged_per_value([&b, &o, &t], &m, conflicted)?;
            let said = format!("{} of {}", field.name, named(kind));
            prop_assert_eq!(lines.iter().any(|line| line.contains(&said)), b != m, "{:#?}", lines);
        }
    }
}
