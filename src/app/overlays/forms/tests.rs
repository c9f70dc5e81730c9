//! Schema-driven tests of the entry forms: every kind with every field (the example workspace
//! of `model::schema::examples`), so that a field added to the schema is checked here at once.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::overlays::Overlay;
use crate::app::{App, Msg};
use crate::model::schema::examples::{self, every_field, marker, other_input};
use crate::model::{amount_text, read_number};
use crate::storage::encode;

fn today() -> Date {
    "2026-11-01".parse().unwrap()
}

/// The form subject of the example entry of a kind.
fn subject(ws: &Workspace, kind: EntityKind) -> Subject {
    let at = Some(examples::id(kind));
    match kind {
        EntityKind::Objective => Subject::Objective(at),
        EntityKind::Channel => Subject::Channel(at),
        EntityKind::Persona => Subject::Persona(at),
        EntityKind::ContentType => Subject::ContentType(at),
        EntityKind::Journey => Subject::Journey {
            id: at,
            persona: None,
        },
        EntityKind::Step => Subject::Step {
            journey: examples::id(EntityKind::Journey),
            id: at,
            at: 0,
        },
        EntityKind::Item => Subject::of_item(ws, examples::id(kind)).unwrap(),
        EntityKind::Metric => Subject::Metric(at),
    }
}

fn form_of(ws: &Workspace, kind: EntityKind) -> Form {
    build(ws, subject(ws, kind), today()).expect("the example entry has a form")
}

/// What a form field shows: its text, the option chosen, the options ticked.
fn shown(field: &Field) -> String {
    match &field.value {
        Value::Text { area, .. } => area.lines().join("\n"),
        Value::Choice {
            labels, selected, ..
        } => labels[*selected].clone(),
        Value::Set { labels, chosen, .. } => (labels.iter().zip(chosen))
            .filter(|(_, ticked)| **ticked)
            .map(|(label, _)| label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Puts a value into a form field as a user would: typing it, choosing it, ticking it.
fn put(field: &mut Field, value: &FieldInput) {
    let typed = match value {
        FieldInput::Text(text) => Some(text.clone()),
        FieldInput::Tags(tags) => Some(tags.join(", ")),
        FieldInput::Date(date) => Some(date.map(|d| d.to_string()).unwrap_or_default()),
        FieldInput::Number(number) => Some(number.map(amount_text).unwrap_or_default()),
        _ => None,
    };
    match (&mut field.value, value) {
        (Value::Text { multiline, .. }, _) => {
            let text = typed.expect("a value typed into a text field");
            field.value = Field::text("", "", &text, *multiline).value;
        }
        (Value::Choice { selected, .. }, FieldInput::Score(score)) => {
            *selected = score.map_or(0, usize::from);
        }
        (
            Value::Choice {
                labels, selected, ..
            },
            FieldInput::Word(word),
        ) => {
            let word = choice_word(word.as_deref().unwrap_or_default());
            *selected = labels.iter().position(|label| *label == word).unwrap();
        }
        (Value::Choice { ids, selected, .. }, FieldInput::Ref(id)) => {
            *selected = ids.iter().position(|option| option == id).unwrap();
        }
        (Value::Choice { ids, selected, .. }, FieldInput::Attachment(to)) => {
            *selected = ids.iter().position(|id| *id == attached_id(*to)).unwrap();
        }
        (Value::Set { ids, chosen, .. }, FieldInput::Refs(wanted)) => {
            *chosen = ids.iter().map(|id| wanted.contains(id)).collect();
        }
        (value, input) => panic!("cannot put {input:?} into {value:?}"),
    }
}

#[test]
fn every_entry_form_has_a_field_per_schema_field_in_order_labelled_and_showing_its_value() {
    let ws = every_field();
    for kind in EntityKind::ALL {
        let form = form_of(&ws, kind);
        let fields: Vec<AnyField> = all_fields(&ws.contents().fields, kind).collect();
        let names: Vec<&str> = form.fields.iter().map(|f| f.name.as_ref()).collect();
        let expected: Vec<String> = (fields.iter())
            .map(|field| match field {
                AnyField::BuiltIn(field) => field.key.to_string(),
                AnyField::Own(own) => custom_name(own),
            })
            .collect();
        assert_eq!(names, expected, "the fields of the {} form", kind.noun());
        for (shows, field) in form.fields.iter().zip(&fields) {
            let what = format!("{} of the {} form", shows.name, kind.noun());
            assert!(
                shows.label.starts_with(field.label()),
                "{what}: {}",
                shows.label
            );
            let text = shown(shows);
            let AnyField::BuiltIn(field) = field else {
                assert_eq!(text, marker(kind, "own_value"), "{what}");
                continue;
            };
            match examples::value(&ws, kind, field.key).unwrap() {
                FieldValue::Number(number) => {
                    assert_eq!(read_number(&text, ws.currency()).ok(), number, "{what}")
                }
                FieldValue::Score(Some(score)) => {
                    assert!(text.starts_with(&format!("{score} ●")), "{what}: {text}")
                }
                value => assert_eq!(text, value.shown(&ws, field), "{what}"),
            }
        }
    }
}

#[test]
fn an_entry_form_saved_unchanged_leaves_the_entry_as_it_was() {
    for kind in EntityKind::ALL {
        // Saved as the keys save it: no edit at all.
        let mut app = App::new(every_field(), "every.json".into(), today(), None);
        let revision = app.ws.revision();
        app.open_form(subject(&app.ws, kind));
        assert!(matches!(app.overlays.last(), Some(Overlay::Form(_))));
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        app.update(Msg::Key(save));
        assert!(app.overlays.is_empty(), "the {} form closed", kind.noun());
        assert_eq!(app.ws.revision(), revision, "{}", kind.noun());
        // Submitted all the same: every field read back, none written.
        let mut ws = every_field();
        submit(&form_of(&ws, kind), &mut ws, today()).unwrap_or_else(|refusal| {
            panic!("the {} form refused: {}", kind.noun(), refusal.message)
        });
        assert_eq!(encode(&ws), encode(&every_field()), "{}", kind.noun());
    }
}

#[test]
fn changing_one_field_of_an_entry_form_changes_that_field_only() {
    let was = every_field();
    for kind in EntityKind::ALL {
        for field in all_fields(&was.contents().fields, kind) {
            let mut ws = every_field();
            let mut form = form_of(&ws, kind);
            let (name, expected) = match field {
                AnyField::BuiltIn(field) => {
                    let value = other_input(kind, field);
                    let at = form.focus_named(field.key).unwrap();
                    put(&mut form.fields[at], &value);
                    // Back to higher, a KPI's direction leaves the file as it was before.
                    let stored = match (&value, field.kind) {
                        (FieldInput::Word(Some(word)), FieldKind::Choice(words))
                            if field.key == "better" && word == words[0] =>
                        {
                            FieldInput::Word(None)
                        }
                        _ => value,
                    };
                    let expected = encode(&examples::with(&was, kind, field.key, stored));
                    (field.key.to_string(), expected)
                }
                AnyField::Own(own) => {
                    let name = custom_name(own);
                    let text = format!("{}-changed", marker(kind, "own_value"));
                    let at = form.focus_named(&name).unwrap();
                    put(&mut form.fields[at], &FieldInput::Text(text.clone()));
                    let file = String::from_utf8(encode(&was)).unwrap();
                    let quoted = |text: &str| format!("{text:?}");
                    let expected =
                        file.replace(&quoted(&marker(kind, "own_value")), &quoted(&text));
                    (name, expected.into_bytes())
                }
            };
            assert!(form.changed_field(&name), "{name} of {}", kind.noun());
            submit(&form, &mut ws, today())
                .unwrap_or_else(|refusal| panic!("{name} of {}: {}", kind.noun(), refusal.message));
            assert_eq!(
                String::from_utf8(encode(&ws)).unwrap(),
                String::from_utf8(expected).unwrap(),
                "{name} of {}",
                kind.noun()
            );
        }
    }
}

#[test]
fn an_entry_form_refuses_what_does_not_read_at_its_field() {
    let ws = every_field();
    for kind in EntityKind::ALL {
        for field in kind.fields() {
            let refused = match field.kind {
                FieldKind::Name => "",
                FieldKind::Date => "someday",
                FieldKind::Amount | FieldKind::Number => "lots",
                _ => continue,
            };
            let mut form = form_of(&ws, kind);
            let at = form.focus_named(field.key).unwrap();
            put(&mut form.fields[at], &FieldInput::Text(refused.into()));
            let mut edited = ws.clone();
            let Err(refusal) = submit(&form, &mut edited, today()) else {
                panic!(
                    "{:?} for {} of {} was taken",
                    refused,
                    field.key,
                    kind.noun()
                );
            };
            assert_eq!(refusal.field, field.key, "{}", kind.noun());
            if field.kind == FieldKind::Name {
                let noun = kind.noun();
                assert_eq!(
                    refusal.message,
                    format!("{}'s {} cannot be empty", a(noun), field.word())
                );
            }
            assert_eq!(encode(&edited), encode(&ws), "nothing changed");
        }
    }
}
