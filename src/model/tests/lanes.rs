//! The built-in step lanes a workspace hides (`"hidden_lanes"`): written only when some are,
//! checked, hidden and shown by undoable edits, merged as a set and said in a diff.

use super::*;
use crate::model::diff::diff;
use crate::model::merge::merge;

fn hidden(ws: &Workspace) -> Vec<String> {
    ws.contents().hidden_lanes.clone()
}

#[test]
fn a_workspace_hiding_no_lane_keeps_its_bytes_and_hidden_lanes_read_back_byte_exact() {
    let ws = small();
    let bytes = encode(&ws);
    assert!(!String::from_utf8_lossy(&bytes).contains("hidden_lanes"));
    let mut ws = decode(&bytes).unwrap();
    edit::set_lane_hidden(&mut ws, "notes", true).unwrap();
    edit::set_lane_hidden(&mut ws, "actions", true).unwrap();
    let text = String::from_utf8(encode(&ws)).unwrap();
    assert!(
        text.contains("  \"hidden_lanes\": [\n    \"actions\",\n    \"notes\"\n  ],\n"),
        "{text}"
    );
    let again = decode(text.as_bytes()).unwrap();
    assert_eq!(hidden(&again), ["actions", "notes"]);
    assert_eq!(encode(&again), text.as_bytes());
}

#[test]
fn hiding_and_showing_a_lane_are_undoable_and_an_unknown_lane_is_refused() {
    let mut ws = small();
    let revision = ws.revision();
    let undo = edit::set_lane_hidden(&mut ws, "touchpoints", true).unwrap();
    assert_eq!(undo.label, "hide lane touchpoints");
    assert_eq!(hidden(&ws), ["touchpoints"]);
    ws.apply_edit(undo);
    assert!(hidden(&ws).is_empty());
    assert_ne!(ws.revision(), revision);
    edit::set_lane_hidden(&mut ws, "notes", true).unwrap();
    let undo = edit::set_lane_hidden(&mut ws, "notes", false).unwrap();
    assert_eq!(undo.label, "show lane notes");
    assert!(hidden(&ws).is_empty());
    assert!(edit::set_lane_hidden(&mut ws, "backstage", true).is_err());
    assert!(hidden(&ws).is_empty());
}

#[test]
fn check_names_a_hidden_lane_that_is_not_a_step_lane() {
    let mut ws = small();
    ws.contents_mut().0.hidden_lanes = vec!["notes".into(), "backstage".into()];
    let problems: Vec<String> = check_workspace(&ws).iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "hidden_lanes[1] \"backstage\": \"backstage\" is not a step lane (one of actions, touchpoints, pain_points, opportunities, notes)"
        ]
    );
}

#[test]
fn a_merge_takes_each_sides_hides_and_shows_as_a_set() {
    let mut base = small();
    edit::set_lane_hidden(&mut base, "notes", true).unwrap();
    edit::set_lane_hidden(&mut base, "touchpoints", true).unwrap();
    let mut ours = base.clone();
    edit::set_lane_hidden(&mut ours, "actions", true).unwrap();
    edit::set_lane_hidden(&mut ours, "notes", false).unwrap();
    let mut theirs = base.clone();
    edit::set_lane_hidden(&mut theirs, "opportunities", true).unwrap();
    let merged = merge(Some(&base), &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    assert_eq!(
        hidden(&merged.workspace),
        ["actions", "touchpoints", "opportunities"]
    );
    // Without a base, whatever either side hides stays hidden.
    let merged = merge(None, &ours, &theirs).unwrap();
    assert_eq!(
        hidden(&merged.workspace),
        ["actions", "touchpoints", "opportunities", "notes"]
    );
}

#[test]
fn a_diff_says_which_lanes_were_hidden_and_shown() {
    let mut old = small();
    edit::set_lane_hidden(&mut old, "notes", true).unwrap();
    let mut new = old.clone();
    edit::set_lane_hidden(&mut new, "notes", false).unwrap();
    edit::set_lane_hidden(&mut new, "pain_points", true).unwrap();
    assert_eq!(
        diff(&old, &new),
        ["lane pain_points hidden", "lane notes shown"]
    );
}
