//! The schema against the entries themselves: every field of every kind is listed, reads back
//! what is written, and is spelled as the file spells it; the example workspace the tests across
//! the project walk is valid and holds every field.

use serde::Serialize;

use crate::model::rules::check_workspace;
use crate::model::schema::examples::{self, every_field};
use crate::model::schema::{ATTACHMENT, ATTACHMENT_FIELDS};
use crate::model::schema::{EntityKind, FieldKind, Schema};
use crate::model::{Channel, ContentType, Item, Journey, Metric, Objective, Persona, Step};

/// Keys of an entry's JSON that are structure, not fields (see the schema's module doc).
const STRUCTURE: [&str; 6] = [
    "id",
    "comments",
    "custom",
    "steps",
    "mappings",
    "measurements",
];

/// The keys a filled entry of a kind writes, structure left out.
fn written_keys<T: Schema + Serialize>(entry: &T) -> Vec<String> {
    let serde_json::Value::Object(map) = serde_json::to_value(entry).unwrap() else {
        panic!("an entry is an object");
    };
    let mut keys: Vec<String> = map
        .keys()
        .filter(|key| !STRUCTURE.contains(&key.as_str()))
        .cloned()
        .collect();
    // A KPI's attachment is one field of three keys.
    if keys
        .iter()
        .any(|key| ATTACHMENT_FIELDS.contains(&key.as_str()))
    {
        keys.retain(|key| !ATTACHMENT_FIELDS.contains(&key.as_str()));
        keys.push(ATTACHMENT.to_string());
    }
    keys
}

fn check_kind<T: Schema + Serialize>() {
    let mut entry = T::default();
    for field in T::FIELDS {
        let value = examples::input(T::KIND, field);
        entry.write(field.key, value.clone()).unwrap();
        let read = entry.read(field.key).unwrap();
        assert!(!read.is_empty(), "{} {} reads empty", T::NOUN, field.key);
    }
    let mut listed: Vec<String> = T::FIELDS.iter().map(|f| f.key.to_string()).collect();
    let mut written = written_keys(&entry);
    listed.sort();
    written.sort();
    assert_eq!(
        listed,
        written,
        "the schema of {} lists other fields than the file has",
        T::NOUN
    );
    assert!(entry.read("no such field").is_none());
    assert!(
        entry
            .write("no such field", examples::input(T::KIND, &T::FIELDS[0]))
            .is_err()
    );
}

#[test]
fn every_field_of_every_kind_is_listed_and_reads_back() {
    check_kind::<Objective>();
    check_kind::<Channel>();
    check_kind::<Persona>();
    check_kind::<ContentType>();
    check_kind::<Journey>();
    check_kind::<Step>();
    check_kind::<Item>();
    check_kind::<Metric>();
}

#[test]
fn kinds_name_their_collections_and_own_fields() {
    for kind in EntityKind::ALL {
        assert_eq!(EntityKind::of_collection(kind.collection()), Some(kind));
        assert_eq!(
            kind.fields()[0].kind,
            FieldKind::Name,
            "{kind:?} starts with its name"
        );
        let keys: std::collections::HashSet<_> = kind.fields().iter().map(|f| f.key).collect();
        assert_eq!(keys.len(), kind.fields().len(), "{kind:?} repeats a key");
    }
    let carrying: Vec<_> = EntityKind::ALL.iter().filter_map(|k| k.on()).collect();
    assert_eq!(carrying.len(), crate::model::fields::FIELD_KINDS.len());
}

#[test]
fn choices_are_the_words_the_file_accepts() {
    let mut entry = crate::model::Item::default();
    assert!(
        entry
            .write(
                "status",
                crate::model::schema::FieldInput::Word(Some("done".into()))
            )
            .is_err()
    );
    for word in crate::model::Status::WORDS {
        let input = crate::model::schema::FieldInput::Word(Some(word.to_string()));
        entry.write("status", input).unwrap();
        assert_eq!(entry.status.as_str(), *word);
    }
}

#[test]
fn the_example_is_valid_and_holds_every_field() {
    let ws = every_field();
    assert_eq!(check_workspace(&ws), Vec::new());
    for kind in EntityKind::ALL {
        for field in kind.fields() {
            let value = examples::value(&ws, kind, field.key).unwrap();
            assert!(!value.is_empty(), "{kind:?} {} is empty", field.key);
        }
    }
    // Every text is its own, so a place that shows one field for another is caught.
    let texts: Vec<String> = EntityKind::ALL
        .iter()
        .flat_map(|kind| kind.fields().iter().map(move |f| (*kind, f)))
        .filter(|(_, f)| f.kind.is_text())
        .map(|(kind, f)| examples::marker(kind, f.key))
        .chain(
            EntityKind::ALL
                .iter()
                .filter(|kind| kind.on().is_some())
                .map(|kind| {
                    let ws = &ws;
                    let field = examples::own_field(*kind).unwrap();
                    let own = examples::marker(*kind, "own_value");
                    assert!(
                        ws.contents().fields.contains(&field),
                        "{kind:?} has its own field"
                    );
                    own
                }),
        )
        .collect();
    for text in &texts {
        assert_eq!(
            texts.iter().filter(|t| t.contains(text.as_str())).count(),
            1,
            "{text}"
        );
    }
}

#[test]
fn a_changed_example_differs_in_that_field_only() {
    let ws = every_field();
    for kind in EntityKind::ALL {
        for field in kind.fields() {
            let changed = examples::with(&ws, kind, field.key, examples::other_input(kind, field));
            assert_ne!(
                examples::value(&ws, kind, field.key),
                examples::value(&changed, kind, field.key),
                "{kind:?} {}",
                field.key
            );
        }
    }
}

#[test]
fn the_step_lanes_a_workspace_may_hide_are_the_steps_long_text_fields() {
    let long: Vec<&str> = (EntityKind::Step.fields().iter())
        .filter(|field| field.kind == FieldKind::Long)
        .map(|field| field.key)
        .collect();
    assert_eq!(long, crate::model::fields::STEP_LANES);
}
