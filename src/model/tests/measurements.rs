//! A KPI over time: measurements kept in date order with `actual` following the latest, the
//! rules that say so, and measurements in merges and diffs.

use super::*;
use crate::model::diff::diff;
use crate::model::merge::merge;
use crate::model::rules::{Place, check_entry};

fn at(on: &str, value: f64) -> Measurement {
    Measurement::new(date(on), value, "")
}

fn measured(ws: &Workspace, n: u128) -> Vec<(String, f64)> {
    metric_of(ws, n)
        .measurements
        .iter()
        .map(|m| (m.on.to_string(), m.value))
        .collect()
}

#[test]
fn actual_follows_the_latest_measurement_through_adds_edits_and_deletes() {
    let mut ws = small();
    assert_eq!(metric_of(&ws, M1).actual, None);
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-10-01", 2.1))
    });
    assert_eq!(metric_of(&ws, M1).actual, Some(2.1));
    // An older one goes before it and leaves actual alone.
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-09-01", 1.5))
    });
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-11-01", 2.3))
    });
    assert_eq!(
        measured(&ws, M1),
        [
            ("2026-09-01".into(), 1.5),
            ("2026-10-01".into(), 2.1),
            ("2026-11-01".into(), 2.3)
        ]
    );
    assert_eq!(metric_of(&ws, M1).actual, Some(2.3));
    // The same date replaces; a moved date moves the measurement.
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-11-01", 2.4))
    });
    assert_eq!(metric_of(&ws, M1).actual, Some(2.4));
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), Some(date("2026-09-01")), at("2026-12-01", 3.0))
    });
    assert_eq!(
        measured(&ws, M1),
        [
            ("2026-10-01".into(), 2.1),
            ("2026-11-01".into(), 2.4),
            ("2026-12-01".into(), 3.0)
        ]
    );
    assert_eq!(metric_of(&ws, M1).actual, Some(3.0));
    // Moving onto a date that has one is refused, changing nothing.
    let error = refused(&mut ws, |ws| {
        edit::measure(ws, id(M1), Some(date("2026-10-01")), at("2026-11-01", 9.0))
    });
    assert!(
        error
            .to_string()
            .contains("already has a measurement on 2026-11-01"),
        "{error}"
    );
    // Deleting the latest: actual follows the one before.
    let undo = apply_ok(&mut ws, |ws| {
        edit::unmeasure(ws, id(M1), date("2026-12-01"))
    });
    assert_eq!(metric_of(&ws, M1).actual, Some(2.4));
    assert!(
        undo.label.contains("delete the measurement"),
        "{}",
        undo.label
    );
    refused(&mut ws, |ws| {
        edit::unmeasure(ws, id(M1), date("2020-01-01"))
    });
}

#[test]
fn an_edit_of_actual_against_the_latest_measurement_is_refused() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-11-01", 2.3))
    });
    let mut changed = metric_of(&ws, M1);
    changed.actual = Some(5.0);
    let error = refused(&mut ws, |ws| edit::update(ws, changed));
    assert_eq!(invalid_fields(error), ["actual"]);
}

#[test]
fn check_names_the_metric_and_field_of_a_mismatch_an_unordered_list_and_a_repeated_date() {
    let ws = small();
    let mut metric = metric_of(&ws, M1);
    metric.measurements = vec![
        at("2026-11-01", 2.3),
        at("2026-10-01", 2.1),
        at("2026-10-01", 2.2),
    ];
    metric.actual = Some(2.1);
    let problems: Vec<String> = check_entry(&ws, Place::row::<Metric>(0), &metric)
        .iter()
        .map(ToString::to_string)
        .collect();
    let name = &metric.name;
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with(&format!(
            "metrics[0] {name:?}: measurements[1].on: 2026-10-01 comes after 2026-11-01"
        )),
        "{problems:#?}"
    );
    assert!(
        problems[1].starts_with(&format!(
            "metrics[0] {name:?}: measurements[2].on: 2026-10-01 is measured twice"
        )),
        "{problems:#?}"
    );
    assert!(
        problems[2].starts_with(&format!(
            "metrics[0] {name:?}: actual: is 2.1, but the latest measurement (2026-10-01) is 2.2"
        )),
        "{problems:#?}"
    );
    // A metric without actual but with measurements is a mismatch too; one that follows is fine.
    metric.measurements = vec![at("2026-10-01", 2.1)];
    metric.actual = None;
    assert_eq!(check_entry(&ws, Place::row::<Metric>(0), &metric).len(), 1);
    metric.actual = Some(2.1);
    assert!(check_entry(&ws, Place::row::<Metric>(0), &metric).is_empty());
}

#[test]
fn measurements_load_and_save_bit_for_bit_and_a_file_without_them_keeps_its_bytes() {
    let mut ws = small();
    let value = 0.212_986_176_727_150_17;
    edit::measure(
        &mut ws,
        id(M1),
        None,
        Measurement::new(date("2026-11-01"), value, "after the sale"),
    )
    .unwrap();
    let bytes = encode(&ws);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains("\"measurements\": [\n        {\n          \"on\": \"2026-11-01\",\n          \"value\": 0.21298617672715017,\n          \"note\": \"after the sale\"\n        }\n      ]"),
        "{text}"
    );
    let again = decode(&bytes).unwrap();
    assert_eq!(
        metric_of(&again, M1).measurements[0].value.to_bits(),
        value.to_bits()
    );
    assert_eq!(encode(&again), bytes);
    // Metrics without measurements write no "measurements" at all.
    assert_eq!(text.matches("\"measurements\"").count(), 1);
    assert_eq!(
        encode(&decode(SAMPLE.as_bytes()).unwrap()),
        SAMPLE.as_bytes()
    );
}

fn with_measurements(list: &[(&str, f64)]) -> Workspace {
    let mut ws = small();
    for (on, value) in list {
        edit::measure(&mut ws, id(M1), None, at(on, *value)).unwrap();
    }
    ws
}

#[test]
fn a_merge_keeps_the_measurements_both_sides_added_and_actual_follows_the_merged_latest() {
    let base = with_measurements(&[("2026-09-01", 1.0)]);
    let mut ours = base.clone();
    edit::measure(&mut ours, id(M1), None, at("2026-11-01", 3.0)).unwrap();
    // Theirs adds one and renames the metric: both sides changed it.
    let mut theirs = base.clone();
    edit::measure(&mut theirs, id(M1), None, at("2026-10-01", 2.0)).unwrap();
    let mut renamed = metric_of(&theirs, M1);
    renamed.name = "Renamed".into();
    edit::update(&mut theirs, renamed).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    let ws = &merged.workspace;
    assert_eq!(
        measured(ws, M1),
        [
            ("2026-09-01".into(), 1.0),
            ("2026-10-01".into(), 2.0),
            ("2026-11-01".into(), 3.0)
        ]
    );
    assert_eq!(metric_of(ws, M1).actual, Some(3.0));
    assert_eq!(metric_of(ws, M1).name, "Renamed");
    assert_sound(ws);

    // One side deletes a measurement the other left alone: it goes.
    let mut ours = base.clone();
    edit::unmeasure(&mut ours, id(M1), date("2026-09-01")).unwrap();
    let mut theirs = base.clone();
    edit::measure(&mut theirs, id(M1), None, at("2026-10-01", 2.0)).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    assert_eq!(
        measured(&merged.workspace, M1),
        [("2026-10-01".into(), 2.0)]
    );
}

#[test]
fn the_same_date_edited_on_both_sides_is_a_conflict_that_a_pick_settles() {
    let base = with_measurements(&[("2026-10-01", 2.0)]);
    let mut ours = base.clone();
    edit::measure(&mut ours, id(M1), None, at("2026-10-01", 2.5)).unwrap();
    let mut theirs = base.clone();
    edit::measure(&mut theirs, id(M1), None, at("2026-10-01", 2.7)).unwrap();
    edit::measure(&mut theirs, id(M1), None, at("2026-09-01", 1.0)).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:#?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.field, "measurements.2026-10-01");
    let mut ws = merged.workspace;
    assert_sound(&ws);
    // Ours stays until a person picks; theirs' other addition is in.
    assert_eq!(
        measured(&ws, M1),
        [("2026-09-01".into(), 1.0), ("2026-10-01".into(), 2.5)]
    );
    let name = metric_of(&ws, M1).name;
    assert_eq!(
        conflict.describe(&ws),
        format!("metric '{name}' measurement on 2026-10-01: ours 2.5, theirs 2.7 (was 2)")
    );
    apply_ok(&mut ws, |ws| {
        edit::resolve_conflict(ws, 0, crate::model::Pick::Theirs)
    });
    assert_eq!(
        measured(&ws, M1),
        [("2026-09-01".into(), 1.0), ("2026-10-01".into(), 2.7)]
    );
    assert_eq!(metric_of(&ws, M1).actual, Some(2.7));
    assert!(ws.conflicts().is_empty());
}

#[test]
fn a_diff_names_each_measurement_by_metric_and_date() {
    let old = with_measurements(&[("2026-09-01", 1.0), ("2026-10-01", 2.1)]);
    let mut new = old.clone();
    edit::measure(&mut new, id(M1), None, at("2026-10-01", 2.3)).unwrap();
    edit::measure(
        &mut new,
        id(M1),
        None,
        Measurement::new(date("2026-11-01"), 2.5, "spring"),
    )
    .unwrap();
    edit::unmeasure(&mut new, id(M1), date("2026-09-01")).unwrap();
    let name = metric_of(&old, M1).name;
    assert_eq!(
        diff(&old, &new),
        [
            format!("metric '{name}' actual 2.1 → 2.5"),
            format!("measurement of metric '{name}' on 2026-09-01 deleted (was 1)"),
            format!("measurement of metric '{name}' on 2026-10-01: 2.1 → 2.3"),
            format!("measurement of metric '{name}' on 2026-11-01 added: 2.5 ('spring')"),
        ]
    );
    let outline = crate::model::diff::outline(&new);
    assert!(
        outline.contains("  measured 2026-11-01: 2.5 ('spring')\n"),
        "{outline}"
    );
}

#[test]
fn a_measurement_on_a_date_that_has_one_replaces_it_and_its_label_says_what_it_was() {
    let mut ws = small();
    apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-11-01", 2.3))
    });
    let undo = apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), None, at("2026-11-01", 2.5))
    });
    assert!(
        undo.label.starts_with("replace the measurement of")
            && undo.label.ends_with("on 2026-11-01 (it was 2.3)"),
        "{}",
        undo.label
    );
    assert_eq!(measured(&ws, M1), [("2026-11-01".into(), 2.5)]);
    assert_eq!(metric_of(&ws, M1).actual, Some(2.5));
    // An edit that keeps its date says it edited it, not that it replaced one.
    let undo = apply_ok(&mut ws, |ws| {
        edit::measure(ws, id(M1), Some(date("2026-11-01")), at("2026-11-01", 2.6))
    });
    assert!(
        undo.label.starts_with("edit the measurement"),
        "{}",
        undo.label
    );
}

#[test]
fn deleting_a_measurement_or_its_kpi_counts_the_measurements_that_go() {
    use edit::Removal;
    let mut ws = small();
    for (on, value) in [
        ("2026-09-01", 1.5),
        ("2026-10-01", 2.1),
        ("2026-11-01", 2.3),
    ] {
        apply_ok(&mut ws, |ws| edit::measure(ws, id(M1), None, at(on, value)));
    }
    let one = Removal::Measurement {
        metric: id(M1),
        on: date("2026-11-01"),
    };
    let bytes = encode(&ws);
    assert_eq!(one.preview(&ws).unwrap().removed, vec![(1, "measurement")]);
    assert_eq!(
        Removal::Metric(id(M1)).preview(&ws).unwrap().removed,
        vec![(1, "metric"), (3, "measurement")]
    );
    assert!(encode(&ws) == bytes, "a preview changed the workspace");
    apply_ok(&mut ws, |ws| one.apply(ws));
    assert_eq!(metric_of(&ws, M1).actual, Some(2.1));
    let gone = refused(&mut ws, |ws| one.apply(ws));
    assert_eq!(gone, EditError::Missing("measurement"));
}
