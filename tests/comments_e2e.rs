//! Comments in the real program, in a pseudo-terminal: a reviewer adds a comment to a step, sees
//! it marked on the board and listed with every open comment, resolves it, and the file keeps
//! both the comment and its resolution, by the login that wrote it.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::Path;

use pty::{Spawn, WAIT, expect, expect_that, sample_copy, saved_json, saved_list, start, temp_dir};
use serde_json::Value;

const TAB: &str = "\t";
const ENTER: &str = "\r";

/// The first step's comments as saved, once they pass `test`.
fn saved_comments(path: &Path, test: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    saved_list(
        path,
        |json| &json["journeys"][0]["steps"][0]["comments"],
        test,
    )
}

#[test]
fn a_comment_is_added_to_a_step_listed_resolved_and_saved_with_its_author() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 80, 24);
    // The board, its first step: the comment key opens a one-field form.
    pty.send(&TAB.repeat(2));
    expect(&pty, "▶1 Notices the need");
    pty.send("R");
    expect(&pty, "Comment on step");
    pty.send("Which ads exactly?");
    pty.send(ENTER);
    expect_that(&pty, "the step is marked with its open comment", |screen| {
        screen.contains("💬1 Notices the need") && screen.contains(" saved")
    });
    let comments = saved_comments(&path, |list| list.len() == 1);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!(comments[0]["text"], "Which ads exactly?");
    assert_eq!(comments[0]["author"], "tester");
    assert_eq!(comments[0]["resolved"], false);
    let at = comments[0]["at"].as_str().unwrap_or_default();
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");

    // Every open comment, then `r` resolves the selected one.
    pty.send("V");
    expect(&pty, "Open comments · 1");
    expect(&pty, "Which ads exactly?");
    pty.send("r");
    expect(&pty, "Open comments · 0");
    let comments = saved_comments(&path, |list| list[0]["resolved"] == true);
    assert_eq!(comments[0]["resolved"], true, "{comments:#?}");
    pty.esc();
    expect_that(&pty, "the resolved comment is no longer marked", |screen| {
        screen.contains("Notices the need") && !screen.contains("💬")
    });
    pty.send("q");
    let status = pty.wait_exit(WAIT);
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "journeymap did not quit cleanly: {status:?}; the screen:\n{}",
        pty.screen()
    );
    let comments = saved_comments(&path, |_| true);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!(comments[0]["resolved"], true);
}

#[test]
fn a_presentation_writes_a_comment_only_after_asking_and_leaves_no_lock_or_backup() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let mut pty = Spawn::new(dir.path())
        .arg("present")
        .arg(&path)
        .size(80, 24)
        .start();
    expect(&pty, "overview · journey 1 of");
    pty.send("\x1b[C");
    expect(&pty, "step 1 of");
    // Asked, and "no" writes nothing.
    pty.send("R");
    expect(&pty, "add a comment to the file?");
    pty.send("n");
    expect(&pty, "no comment added");
    assert_eq!(fs::read(&path).unwrap(), before);
    pty.send("R");
    expect(&pty, "add a comment to the file?");
    pty.send("y");
    expect(&pty, "comment:");
    pty.send("Quote the source");
    pty.send(ENTER);
    expect(&pty, "comment added by tester");
    let comments = saved_comments(&path, |list| list.len() == 1);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!(comments[0]["text"], "Quote the source");
    assert_eq!(comments[0]["author"], "tester");
    pty.send("q");
    let status = pty.wait_exit(WAIT);
    assert!(status.as_ref().is_some_and(|s| s.success()), "{status:?}");
    let mut names: Vec<String> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(path.file_stem().unwrap().to_str().unwrap()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [path.file_name().unwrap().to_string_lossy().into_owned()]
    );
}

/// The sample with a comment on its first journey's first step.
fn commented(base: &[u8], id: u128, author: &str, text: &str) -> Vec<u8> {
    use journeymap::model::search::Target;
    use journeymap::model::{Comment, Id, edit};
    let mut ws = journeymap::storage::decode(base).unwrap();
    let step = ws.journeys().at(0).unwrap().steps[0].id;
    let comment = Comment {
        id: Id::from_u128(id),
        ..Comment::new(author, std::time::SystemTime::UNIX_EPOCH, text)
    };
    edit::add_comment(&mut ws, Target::Step(step), comment).unwrap();
    journeymap::storage::encode(&ws)
}

#[test]
fn merge_keeps_both_sides_comments_on_one_step_diff_names_them_and_check_flags_a_bad_one() {
    let dir = temp_dir();
    let base = journeymap::storage::location::SAMPLE.as_bytes();
    let [base_path, ours, theirs] =
        ["base.json", "ours.json", "theirs.json"].map(|n| dir.path().join(n));
    fs::write(&base_path, base).unwrap();
    fs::write(&ours, commented(base, 1, "ines", "Ours")).unwrap();
    fs::write(&theirs, commented(base, 2, "lena", "Theirs")).unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_journeymap"))
            .args(args)
            .env("HOME", dir.path())
            .output()
            .unwrap()
    };
    let merged = run(&[
        "merge".as_ref(),
        base_path.as_os_str(),
        ours.as_os_str(),
        theirs.as_os_str(),
    ]);
    assert!(merged.status.success(), "{merged:?}");
    let comments = saved_json(&ours)["journeys"][0]["steps"][0]["comments"].clone();
    let texts: Vec<&str> = comments
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Ours", "Theirs"]);

    let diff = run(&["diff".as_ref(), base_path.as_os_str(), ours.as_os_str()]);
    let said = String::from_utf8_lossy(&diff.stdout);
    assert!(
        said.contains("ines commented on step 'Notices the need': 'Ours'"),
        "{said}"
    );
    assert!(
        said.contains("lena commented on step 'Notices the need': 'Theirs'"),
        "{said}"
    );

    // A comment without text or with a time in another shape: check names both, exit 1.
    let mut bad = saved_json(&ours);
    bad["journeys"][0]["steps"][0]["comments"][1]["text"] = "".into();
    bad["journeys"][0]["steps"][0]["comments"][1]["at"] = "yesterday".into();
    fs::write(&theirs, serde_json::to_vec_pretty(&bad).unwrap()).unwrap();
    let check = run(&["check".as_ref(), theirs.as_os_str()]);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let errors = String::from_utf8_lossy(&check.stderr);
    assert!(
        errors.contains("journeys[0].steps[0] \"Notices the need\": comments[1].text: is empty"),
        "{errors}"
    );
    assert!(
        errors.contains("comments[1].at: \"yesterday\" is not a time in UTC"),
        "{errors}"
    );
}
