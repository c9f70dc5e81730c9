//! The workspace's own fields in the real program, in a pseudo-terminal: `:fields` opens their
//! list, a field "Backstage" on steps is added through its form, listed and saved; a built-in
//! lane hidden there leaves the board and is saved.

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;

use pty::{expect, expect_that, sample_copy, saved_list, start, temp_dir};
use serde_json::Value;

const ENTER: &str = "\r";

/// The saved list of fields, once it passes `test`.
fn saved_fields(path: &Path, test: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    saved_list(path, |json| &json["fields"], test)
}

#[test]
fn a_field_on_steps_is_added_from_the_fields_view_listed_and_saved() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 80, 24);
    pty.send(":");
    expect(&pty, "Commands");
    pty.send("fields");
    pty.send(ENTER);
    expect(&pty, "Fields · 0");
    pty.send("a");
    expect(&pty, "New field");
    pty.send("Backstage");
    pty.send(ENTER);
    expect(&pty, "Fields · 1");
    expect(&pty, "Backstage");
    expect(&pty, "steps");
    let fields = saved_fields(&path, |list| list.len() == 1);
    assert_eq!(fields.len(), 1, "{fields:#?}");
    assert_eq!(fields[0]["name"], "Backstage");
    assert_eq!(fields[0]["on"], "step");
    assert_eq!(fields[0].get("long"), None);
}

#[test]
fn notes_hidden_in_the_fields_view_leave_the_board_and_are_saved() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 120, 40);
    // The board, zoomed: the second step's card shows its notes.
    pty.send("\t\tz");
    expect(&pty, "Notes: Analytics");
    pty.send("F");
    expect(&pty, "Fields · 0");
    pty.send("G");
    expect(&pty, "v hide the lane");
    pty.send("v");
    expect(&pty, "Fields · 0 · 1 lane hidden");
    pty.esc();
    expect_that(&pty, "the board's cards without their notes", |screen| {
        screen.contains("Journey · First commuter bike")
            && screen.contains("Does: Browses")
            && !screen.contains("Notes")
    });
    let hidden = saved_list(&path, |json| &json["hidden_lanes"], |list| !list.is_empty());
    assert_eq!(hidden, ["notes"]);
}
