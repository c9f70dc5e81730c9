//! `journeymap repair`, run as a user would on a workspace with problems: it makes the safe
//! fixes and says each one, keeps the file as it was, and leaves alone what it cannot fix.

#[allow(unused_imports)]
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use journeymap::storage::location::SAMPLE;
use journeymap::storage::lock::acquire;
use journeymap::storage::{LockState, decode};
use serde_json::Value;
use support::{names_in, run, temp_dir, write_file};

const GONE: &str = "00000000-0000-4000-8000-0000000000ff";

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// The sample with a persona reference that resolves to nothing, the first mapping made twice
/// and an emotion of 7: three problems, each with a safe fix.
fn broken_sample() -> Vec<u8> {
    let mut ws: Value = serde_json::from_str(SAMPLE).unwrap();
    let journey = &mut ws["journeys"][0];
    journey["persona_ids"]
        .as_array_mut()
        .unwrap()
        .push(GONE.into());
    journey["steps"][1]["emotion"] = 7.into();
    let first = journey["mappings"][0].clone();
    journey["mappings"].as_array_mut().unwrap().push(first);
    serde_json::to_vec_pretty(&ws).unwrap()
}

fn broken_copy(dir: &Path) -> PathBuf {
    write_file(dir, "plan.json", broken_sample())
}

#[test]
fn repair_makes_check_pass_says_each_change_and_keeps_the_file_as_it_was() {
    let dir = temp_dir();
    let path = broken_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let check = run(&["check", arg(&path)]);
    assert_eq!(check.code, Some(1), "{check:#?}");

    let out = run(&["repair", arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let said: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(said.len(), 4, "{out:#?}");
    assert!(
        said.iter().all(|line| line.starts_with(arg(&path))),
        "{out:#?}"
    );
    assert!(
        said[0].contains(&format!("persona_ids[1]: dropped {GONE}")),
        "{out:#?}"
    );
    assert!(said[1].contains("mappings[12]: dropped"), "{out:#?}");
    assert!(
        said[2].contains("steps[1] \"Compares bikes\": emotion: cleared"),
        "{out:#?}"
    );
    assert!(
        said[3].ends_with("repaired (3 changes); the file as it was is in plan.json.bak"),
        "{out:#?}"
    );

    let check = run(&["check", arg(&path)]);
    assert_eq!(check.code, Some(0), "{check:#?}");
    assert_eq!(fs::read(dir.path().join("plan.json.bak")).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["plan.json", "plan.json.bak"]);
    // Only what was wrong changed.
    let repaired = decode(&fs::read(&path).unwrap()).unwrap();
    let sample = decode(SAMPLE.as_bytes()).unwrap();
    let journey = repaired.journeys().at(0).unwrap();
    assert_eq!(
        journey.persona_ids,
        sample.journeys().at(0).unwrap().persona_ids
    );
    assert_eq!(
        journey.mappings.len(),
        sample.journeys().at(0).unwrap().mappings.len()
    );
    assert_eq!(journey.steps[1].emotion, None);
}

#[test]
fn a_dry_run_says_what_would_change_and_leaves_the_file_byte_for_byte() {
    let dir = temp_dir();
    let path = broken_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let out = run(&["repair", arg(&path), "--dry-run"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(
        out.stdout
            .ends_with("plan.json: --dry-run: nothing changed (3 changes to make)\n"),
        "{out:#?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["plan.json"]);
}

#[test]
fn a_valid_file_is_left_alone() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "plan.json", SAMPLE);
    let out = run(&["repair", arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("valid, nothing to repair"), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(dir.path()), ["plan.json"]);
}

#[test]
fn what_only_a_person_can_fix_leaves_the_whole_file_unchanged() {
    let dir = temp_dir();
    let mut ws: Value = serde_json::from_slice(&broken_sample()).unwrap();
    // An item's content type cannot be guessed; a cost of "a lot" is the file's own text.
    ws["items"][0]["content_type_id"] = GONE.into();
    ws["items"][1]["cost"] = "a lot".into();
    let path = write_file(
        dir.path(),
        "plan.json",
        serde_json::to_vec_pretty(&ws).unwrap(),
    );
    let before = fs::read(&path).unwrap();
    let out = run(&["repair", arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("items[0]"), "{out:#?}");
    assert!(out.stderr.contains("content_type_id"), "{out:#?}");
    assert!(out.stderr.contains("items[1]"), "{out:#?}");
    assert!(
        out.stderr.contains(
            "plan.json: nothing changed: 2 problems no repair can fix safely; edit the file by hand"
        ),
        "{out:#?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["plan.json"]);
}

#[test]
fn a_persons_own_bak_file_is_never_replaced() {
    let dir = temp_dir();
    let path = broken_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let own = write_file(dir.path(), "plan.json.bak", "my own notes");
    let out = run(&["repair", arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr
            .contains("is there and is not a backup journeymap made; move it away first"),
        "{out:#?}"
    );
    assert_eq!(fs::read_to_string(&own).unwrap(), "my own notes");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["plan.json", "plan.json.bak"]);
}

#[test]
fn a_file_open_in_an_editor_is_not_repaired_under_it() {
    let dir = temp_dir();
    let path = broken_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let real = fs::canonicalize(&path).unwrap();
    let LockState::Held(_lock) = acquire(&real).unwrap() else {
        panic!("the lock is free");
    };
    let out = run(&["repair", arg(&path)]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("is being edited by"), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), before);
}
