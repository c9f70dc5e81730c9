//! A workspace's own fields: defined in the file, valued on personas, steps, items, journeys
//! and content types, written in the fields' order, checked, edited (each edit undoable),
//! merged per field and said in a diff.

use super::*;
use crate::model::diff::diff;
use crate::model::fields::Custom;
use crate::model::merge::merge;
use crate::model::schema::EntityKind;
use crate::model::search::Target;
use crate::model::tests::schema_diff_merge::merged_per_value;

const BACKSTAGE: &str = "f-backstage";
const SYSTEMS: &str = "f-systems";
const CAMPAIGN: &str = "f-campaign";

fn field(id: &str, name: &str, on: &str) -> FieldDef {
    FieldDef {
        id: id.into(),
        ..FieldDef::new(name, on)
    }
}

/// The small workspace with two step fields (Backstage, Systems) and an item field (Campaign).
fn with_fields() -> Workspace {
    let mut ws = small();
    for def in [
        field(BACKSTAGE, "Backstage", "step"),
        field(SYSTEMS, "Systems", "step"),
        field(CAMPAIGN, "Campaign", "item"),
    ] {
        edit::add_field(&mut ws, def).unwrap();
    }
    ws
}

fn step_value(ws: &Workspace, n: u128, field: &str) -> Option<String> {
    ws.step(id(n))?.custom.get(field).map(str::to_string)
}

/// The workspace written and read back, as a file would be.
fn reread(ws: &Workspace) -> Workspace {
    decode(&encode(ws)).expect("reads back")
}

#[test]
fn a_workspace_without_fields_writes_neither_fields_nor_values() {
    let ws = small();
    let text = String::from_utf8(encode(&ws)).unwrap();
    assert!(!text.contains("\"fields\""), "{text}");
    assert!(!text.contains("\"custom\""), "{text}");
    // A field without `long` does not write it either.
    let ws = with_fields();
    let text = String::from_utf8(encode(&ws)).unwrap();
    assert!(text.contains("\"fields\""));
    assert!(!text.contains("\"long\""), "{text}");
}

#[test]
fn values_are_written_in_the_order_of_the_fields_with_unknown_ones_after_them_as_they_were() {
    let ws = with_fields();
    let mut json: serde_json::Value = serde_json::from_slice(&encode(&ws)).unwrap();
    // Written by hand: an unknown field's value first, Systems before Backstage.
    json["journeys"][0]["steps"][0]["custom"] = serde_json::json!({});
    let text = serde_json::to_string(&json).unwrap().replace(
        "\"custom\":{}",
        &format!("\"custom\":{{\"zz-gone\":\"old\",\"{SYSTEMS}\":\"CRM\",\"aa-gone\":\"older\",\"{BACKSTAGE}\":\"Mechanic\"}}"),
    );
    // Read as `check` and `fmt` read it: the values of unknown fields are its problems.
    let flawed = crate::storage::decode_flawed(text.as_bytes()).expect("reads");
    assert_eq!(flawed.problems.len(), 2, "{:#?}", flawed.problems);
    let read = flawed.workspace;
    let values: Vec<(&str, &str)> = read.step(id(S11)).unwrap().custom.iter().collect();
    assert_eq!(
        values,
        [
            (BACKSTAGE, "Mechanic"),
            (SYSTEMS, "CRM"),
            ("zz-gone", "old"),
            ("aa-gone", "older")
        ]
    );
    // Written so, it is read back the same, byte for byte.
    let written = encode(&read);
    let again = crate::storage::decode_flawed(&written)
        .expect("reads")
        .workspace;
    assert_eq!(encode(&again), written);
    let text = String::from_utf8(written).unwrap();
    let at = |key: &str| text.find(key).unwrap();
    assert!(at(BACKSTAGE) < at("\"f-systems\": \"CRM\"") && at("zz-gone") < at("aa-gone"));
}

#[test]
fn check_names_the_entry_and_the_field_of_a_value_whose_field_is_unknown_or_elsewhere() {
    let mut ws = with_fields();
    let (contents, _) = ws.contents_mut();
    let mut journey = contents.journeys.at(0).unwrap().clone();
    journey.steps[0].custom = [("nope".to_string(), "x".to_string())]
        .into_iter()
        .collect();
    contents.journeys.replace(0, journey);
    let mut item = contents.items.at(0).unwrap().clone();
    item.custom = [(BACKSTAGE.to_string(), "x".to_string())]
        .into_iter()
        .collect();
    contents.items.replace(0, item);
    let problems: Vec<String> = check_workspace(&ws).iter().map(|p| p.to_string()).collect();
    let step = ws.step(id(S11)).unwrap().name.clone();
    let item = ws.items().at(0).unwrap().title.clone();
    assert_eq!(
        problems,
        [
            format!("journeys[0].steps[0] {step:?}: custom.nope: no field has id \"nope\""),
            format!(
                "items[0] {item:?}: custom.{BACKSTAGE}: the field \"Backstage\" is on steps, not on items"
            ),
        ]
    );
}

#[test]
fn check_names_a_field_without_a_name_an_id_used_twice_and_an_unknown_kind() {
    let mut ws = small();
    ws.contents_mut().0.fields = vec![
        field("a", "Backstage", "step"),
        field("a", " ", "step"),
        field("b", "Age", "customer"),
    ];
    let problems: Vec<String> = check_workspace(&ws).iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "fields[1] \" \": id: \"a\" is already the id of fields[0]",
            "fields[1] \" \": name: is empty",
            "fields[2] \"Age\": on: \"customer\" is not a kind of entry (one of persona, step, item, journey, content_type)",
        ]
    );
}

#[test]
fn a_value_is_set_and_cleared_on_every_kind_of_entry_and_each_edit_undoes_exactly() {
    let mut ws = small();
    let targets = [
        (Target::Persona(id(P1)), "persona"),
        (Target::Journey(id(J1)), "journey"),
        (Target::Step(id(S12)), "step"),
        (Target::ContentType(id(T2)), "content_type"),
        (Target::Item(id(I1)), "item"),
    ];
    for (n, (target, on)) in targets.into_iter().enumerate() {
        let def = field(&format!("f{n}"), &format!("Field {n}"), on);
        apply_ok(&mut ws, |ws| edit::add_field(ws, def.clone()));
        let undo = apply_ok(&mut ws, |ws| {
            edit::set_custom(ws, target, &def.id, "a value")
        });
        assert!(
            undo.label.starts_with(&format!("set Field {n} of ")),
            "{}",
            undo.label
        );
        let undo = apply_ok(&mut ws, |ws| edit::set_custom(ws, target, &def.id, ""));
        assert!(undo.label.starts_with("clear "), "{}", undo.label);
    }
    assert_sound(&ws);
    // A field that is not there, or is on another kind of entry, takes no value.
    let missing = edit::set_custom(&mut ws, Target::Step(id(S12)), "nope", "x");
    assert_eq!(missing, Err(EditError::Missing("field")));
    let elsewhere = edit::set_custom(&mut ws, Target::Step(id(S12)), "f4", "x").unwrap_err();
    assert_eq!(
        elsewhere.to_string(),
        "the field \"Field 4\" is not on steps"
    );
    let metric = edit::set_custom(&mut ws, Target::Metric(id(M1)), "f0", "x");
    assert!(matches!(metric, Err(EditError::Refused(_))));
}

#[test]
fn fields_are_added_renamed_moved_and_refused_when_they_break_a_rule() {
    let mut ws = with_fields();
    edit::set_custom(&mut ws, Target::Step(id(S11)), BACKSTAGE, "Mechanic").unwrap();
    edit::set_custom(&mut ws, Target::Step(id(S11)), SYSTEMS, "CRM").unwrap();
    apply_ok(&mut ws, |ws| {
        edit::rename_field(ws, BACKSTAGE, "Behind the scenes")
    });
    assert_eq!(ws.contents().fields[0].name, "Behind the scenes");
    // Moved, the field's values move with it in every entry (the file's order).
    let undo = apply_ok(&mut ws, |ws| edit::relocate_field(ws, SYSTEMS, 0));
    assert_eq!(undo.label, "move field \"Systems\"");
    let order: Vec<&str> = ws
        .step(id(S11))
        .unwrap()
        .custom
        .iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(order, [SYSTEMS, BACKSTAGE]);
    assert_sound(&ws);
    // A name is needed, an id is the field's own, the kind is one of the five.
    let refused = [
        edit::rename_field(&mut ws, BACKSTAGE, "  "),
        edit::add_field(&mut ws, field(SYSTEMS, "Again", "step")),
        edit::add_field(&mut ws, field("new", "Age", "customer")),
    ];
    for result in refused {
        assert!(matches!(result, Err(EditError::Invalid(_))), "{result:?}");
    }
    assert_eq!(
        edit::rename_field(&mut ws, "nope", "X"),
        Err(EditError::Missing("field"))
    );
}

#[test]
fn deleting_a_field_takes_its_values_from_every_entry_and_undo_puts_them_back() {
    let mut ws = with_fields();
    for step in [S11, S12, S21] {
        edit::set_custom(&mut ws, Target::Step(id(step)), BACKSTAGE, "Mechanic").unwrap();
    }
    edit::set_custom(&mut ws, Target::Step(id(S11)), SYSTEMS, "CRM").unwrap();
    edit::set_custom(&mut ws, Target::Item(id(I1)), CAMPAIGN, "SPRING").unwrap();
    assert_eq!(edit::field_values(&ws, BACKSTAGE), 3);
    // `apply_ok` undoes and redoes it, comparing the bytes.
    let undo = apply_ok(&mut ws, |ws| edit::delete_field(ws, BACKSTAGE));
    assert_eq!(undo.label, "delete field \"Backstage\" and its 3 values");
    assert!(ws.contents().fields.iter().all(|f| f.id != BACKSTAGE));
    for step in [S11, S12, S21] {
        assert_eq!(step_value(&ws, step, BACKSTAGE), None);
    }
    assert_eq!(step_value(&ws, S11, SYSTEMS).as_deref(), Some("CRM"));
    assert_eq!(item_of(&ws, I1).custom.get(CAMPAIGN), Some("SPRING"));
    assert_sound(&ws);
}

#[test]
fn a_diff_names_each_value_by_its_field_and_says_what_became_of_the_fields() {
    let old = small();
    let mut new = with_fields();
    edit::set_custom(&mut new, Target::Step(id(S11)), BACKSTAGE, "Mechanic").unwrap();
    let lines = diff(&old, &new);
    let step = old.step(id(S11)).unwrap().name.clone();
    let journey = old.journey_of_step(id(S11)).unwrap().name.clone();
    assert!(
        lines.contains(&"field 'Backstage' on steps added".to_string()),
        "{lines:#?}"
    );
    let set = format!("journey '{journey}': Backstage of step '{step}': 'Mechanic'");
    assert!(lines.contains(&set), "{lines:#?}");

    let old = new.clone();
    edit::set_custom(&mut new, Target::Step(id(S11)), BACKSTAGE, "Two mechanics").unwrap();
    edit::rename_field(&mut new, CAMPAIGN, "Code").unwrap();
    edit::delete_field(&mut new, SYSTEMS).unwrap();
    assert_eq!(
        diff(&old, &new),
        [
            "field 'Systems' on steps removed".to_string(),
            "field 'Campaign' on items renamed to 'Code'".to_string(),
            format!(
                "journey '{journey}': Backstage of step '{step}': 'Mechanic' → 'Two mechanics'"
            ),
        ]
    );
    let old = new.clone();
    edit::set_custom(&mut new, Target::Step(id(S11)), BACKSTAGE, "").unwrap();
    assert_eq!(
        diff(&old, &new),
        [format!(
            "journey '{journey}': Backstage of step '{step}': cleared"
        )]
    );
}

#[test]
fn a_merge_keeps_both_sides_values_of_different_fields_of_the_same_step() {
    let base = with_fields();
    let mut ours = base.clone();
    edit::set_custom(&mut ours, Target::Step(id(S12)), BACKSTAGE, "Mechanic").unwrap();
    let mut theirs = base.clone();
    edit::set_custom(&mut theirs, Target::Step(id(S12)), SYSTEMS, "CRM").unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    let ws = merged.workspace;
    let values: Vec<(&str, &str)> = ws.step(id(S12)).unwrap().custom.iter().collect();
    assert_eq!(values, [(BACKSTAGE, "Mechanic"), (SYSTEMS, "CRM")]);
    assert_sound(&ws);
    // Written and read back, it is the same.
    assert_eq!(encode(&reread(&ws)), encode(&ws));
}

#[test]
fn both_sides_giving_one_field_different_values_is_a_conflict_settled_by_picking_a_side() {
    let mut base = with_fields();
    edit::set_custom(&mut base, Target::Step(id(S12)), BACKSTAGE, "Mechanic").unwrap();
    let mut ours = base.clone();
    edit::set_custom(&mut ours, Target::Step(id(S12)), BACKSTAGE, "Ours").unwrap();
    let mut theirs = base.clone();
    edit::set_custom(&mut theirs, Target::Step(id(S12)), BACKSTAGE, "Theirs").unwrap();
    edit::set_custom(&mut theirs, Target::Step(id(S12)), SYSTEMS, "CRM").unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Entry(EntityKind::Step));
    assert_eq!(conflict.field, format!("custom.{BACKSTAGE}"));
    let mut ws = merged.workspace;
    let step = ws.step(id(S12)).unwrap().name.clone();
    let journey = ws.journey_of_step(id(S12)).unwrap().name.clone();
    assert_eq!(
        conflict.describe(&ws),
        format!(
            "Backstage of step '{step}' ('{journey}'): ours 'Ours', theirs 'Theirs' (was 'Mechanic')"
        )
    );
    assert_eq!(step_value(&ws, S12, BACKSTAGE).as_deref(), Some("Ours"));
    assert_eq!(step_value(&ws, S12, SYSTEMS).as_deref(), Some("CRM"));
    // Applied (after an undo and a redo, each compared byte for byte).
    apply_ok(&mut ws, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Theirs)
    });
    assert!(ws.conflicts().is_empty());
    assert_eq!(step_value(&ws, S12, BACKSTAGE).as_deref(), Some("Theirs"));
    assert_sound(&ws);
}

#[test]
fn a_merge_merges_the_field_list_by_id() {
    let base = with_fields();
    let mut ours = base.clone();
    edit::rename_field(&mut ours, BACKSTAGE, "Behind").unwrap();
    edit::add_field(&mut ours, field("f-quote", "Quote", "step")).unwrap();
    let mut theirs = base.clone();
    edit::delete_field(&mut theirs, CAMPAIGN).unwrap();
    edit::add_field(&mut theirs, field("f-age", "Age", "persona")).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    let names: Vec<&str> = merged
        .workspace
        .contents()
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    // Theirs' addition follows Systems, ours' the Campaign theirs deleted.
    assert_eq!(names, ["Behind", "Systems", "Age", "Quote"]);

    // Both renaming one field differently: a workspace conflict, settled by picking a side.
    let mut theirs = base.clone();
    edit::rename_field(&mut theirs, BACKSTAGE, "Backroom").unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let mut ws = merged.workspace;
    assert_eq!(
        ws.conflicts()[0].describe(&ws),
        "workspace field 'Behind': ours field 'Behind' on steps, theirs field 'Backroom' on steps (was field 'Backstage' on steps)"
    );
    // Applied (after an undo and a redo, each compared byte for byte).
    apply_ok(&mut ws, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Theirs)
    });
    assert_eq!(ws.contents().fields[0].name, "Backroom");
    assert_sound(&ws);
}

#[test]
fn a_field_one_side_deleted_and_the_other_gave_a_value_stays_as_a_conflict() {
    let base = with_fields();
    let mut ours = base.clone();
    edit::delete_field(&mut ours, BACKSTAGE).unwrap();
    let mut theirs = base.clone();
    edit::set_custom(&mut theirs, Target::Step(id(S12)), BACKSTAGE, "Mechanic").unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.field, format!("fields.{BACKSTAGE}"));
    assert!(conflict.ours.is_null());
    let ws = merged.workspace;
    assert_sound(&ws);
    assert_eq!(step_value(&ws, S12, BACKSTAGE).as_deref(), Some("Mechanic"));
    assert!(ws.contents().fields.iter().any(|f| f.id == BACKSTAGE));
    assert_eq!(
        conflict.describe(&ws),
        "workspace field 'Backstage': ours deleted, theirs field 'Backstage' on steps (was field 'Backstage' on steps)"
    );
    // Keeping the deletion deletes the field as a deletion does, with its values.
    let mut deleted = ws.clone();
    apply_ok(&mut deleted, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Ours)
    });
    assert!(deleted.contents().fields.iter().all(|f| f.id != BACKSTAGE));
    assert_eq!(step_value(&deleted, S12, BACKSTAGE), None);
    assert_sound(&deleted);
    // Keeping theirs keeps both.
    let mut kept = ws.clone();
    apply_ok(&mut kept, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Theirs)
    });
    assert_eq!(
        step_value(&kept, S12, BACKSTAGE).as_deref(),
        Some("Mechanic")
    );
    assert!(kept.conflicts().is_empty());
    assert_sound(&kept);
}

#[test]
fn a_custom_value_reads_as_an_object_of_texts_only() {
    let custom: Custom = serde_json::from_str(r#"{"b":"2","a":"1"}"#).unwrap();
    assert_eq!(custom.iter().collect::<Vec<_>>(), [("b", "2"), ("a", "1")]);
    assert!(serde_json::from_str::<Custom>(r#"{"a":1}"#).is_err());
    assert!(serde_json::from_str::<Custom>(r#"["a"]"#).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Each side sets or clears random values of two step fields on random steps: the merge
    /// keeps every value only one side changed, records a conflict for each value both changed
    /// differently (holding ours), and a diff from the base names every field that changed.
    #[test]
    fn merging_random_values_keeps_each_sides_changes_per_field(
        base_values in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3), 0..6),
        ours_values in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3), 0..6),
        theirs_values in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3), 0..6),
    ) {
        let steps = [S11, S12, S21];
        let fields = [BACKSTAGE, SYSTEMS];
        let texts = ["", "one", "two"];
        let set = |ws: &mut Workspace, values: &[(usize, usize, usize)]| {
            for &(step, field, text) in values {
                edit::set_custom(ws, Target::Step(id(steps[step])), fields[field], texts[text]).unwrap();
            }
        };
        let mut base = with_fields();
        set(&mut base, &base_values);
        let mut ours = base.clone();
        set(&mut ours, &ours_values);
        let mut theirs = base.clone();
        set(&mut theirs, &theirs_values);
        let merged = merge(Some(&base), &ours, &theirs).unwrap();
        let ws = &merged.workspace;
        for step in steps {
            for field in fields {
                let [b, o, t, m] = [&base, &ours, &theirs, ws].map(|w| step_value(w, step, field));
                let conflicted = merged.conflicts.iter().any(|c| {
                    c.id == id(step) && c.field == format!("custom.{field}")
                });
                merged_per_value([&b, &o, &t], &m, conflicted)?;
                let name = if field == BACKSTAGE { "Backstage of step" } else { "Systems of step" };
                let changed = diff(&base, ws).iter().any(|line| {
                    line.contains(name) && line.contains(&format!("'{}'", ws.step(id(step)).unwrap().name))
                });
                prop_assert_eq!(changed, b != m);
            }
        }
        // The values stay in the fields' order, and the file reads back as written.
        prop_assert_eq!(encode(&reread(ws)), encode(ws));
        prop_assert!(check_workspace(ws).is_empty());
    }
}
