//! The real program on a pseudo-terminal, driven by the bytes a terminal sends and read back
//! through a terminal emulator: what a user at an SSH prompt would see and get.
//!
//! Waits are generous (a loaded machine is slow) and nothing asserts on timing.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use journeymap::storage::location::SAMPLE;
use pty::{Pty, Spawn, WAIT, assert_checks, close, expect, expect_exit, sample_copy, temp_dir};
use serde_json::Value;

const CTRL_S: &str = "\x13";
const TAB: &str = "\t";
const ENTER: &str = "\r";

/// The steps of the journey the tests add, in order (none of these words is in the sample).
const STEPS: [&str; 3] = ["Route planning", "Campus ride", "Bike parking"];

/// Adds a persona, a journey for it with three steps, a mapping and an item, with keys alone.
fn add_everything(pty: &mut Pty) {
    expect(pty, "Personas (4)");
    pty.send("a");
    expect(pty, "New persona");
    pty.send("Student Sam");
    pty.send(CTRL_S);
    expect(pty, "Personas (5)");

    pty.send(TAB);
    pty.send("a");
    expect(pty, "New journey");
    pty.send("Campus commute");
    pty.send(CTRL_S);
    expect(pty, "Journey · Campus commute · Student Sam");

    pty.send(TAB);
    for (at, step) in STEPS.iter().enumerate() {
        pty.send("a");
        pty.send(step);
        pty.send(CTRL_S);
        expect(pty, &format!("{} {step}", at + 1));
    }

    // The grid: map the first content type on the selected (last added) step, then open the
    // cell and add an item to it.
    pty.send(TAB);
    pty.send("m");
    expect(pty, "Content map · 1 gap");
    pty.send(ENTER);
    expect(pty, "No items here yet");
    pty.send("a");
    expect(pty, "New item");
    pty.send("Route map");
    pty.send(CTRL_S);
    assert!(
        pty.wait_until(WAIT, |s| s.contains("Route map") && !s.contains("New item")),
        "the item was not added; the screen:\n{}",
        pty.screen()
    );
    close(pty, "Route map");
    expect(pty, "○1");
}

fn named<'a>(rows: &'a Value, key: &str, name: &str) -> Option<&'a Value> {
    rows.as_array()?.iter().find(|row| row[key] == name)
}

#[test]
fn a_journey_built_with_keys_alone_is_saved_and_valid() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    add_everything(&mut pty);
    pty.send("q");
    expect_exit(&mut pty);

    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).expect("saved JSON");
    let sam = named(&saved["personas"], "name", "Student Sam").expect("the persona is saved");
    let journey =
        named(&saved["journeys"], "name", "Campus commute").expect("the journey is saved");
    assert_eq!(journey["persona_ids"], serde_json::json!([sam["id"]]));
    let steps: Vec<&str> = journey["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(steps, STEPS);
    let parking = &journey["steps"][2]["id"];
    let first_type = &saved["content_types"][0]["id"];
    assert_eq!(
        journey["mappings"],
        serde_json::json!([{ "step_id": parking, "content_type_id": first_type }])
    );
    let item = named(&saved["items"], "title", "Route map").expect("the item is saved");
    assert_eq!(item["step_ids"], serde_json::json!([parking]));
    assert_eq!(&item["content_type_id"], first_type);
    assert_eq!(item["status"], "to_create");

    assert_checks(&path);
}

#[test]
fn undoing_every_add_saves_the_file_as_it_was() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    add_everything(&mut pty);
    // Seven edits: persona, journey, three steps, mapping, item. One more says there is none.
    for _ in 0..7 {
        pty.send("u");
    }
    expect(&pty, "Personas (4)");
    pty.send("u");
    expect(&pty, "nothing to undo");
    pty.send("q");
    expect_exit(&mut pty);

    let saved = fs::read_to_string(&path).unwrap();
    for name in ["Student Sam", "Campus commute", "Route map"]
        .iter()
        .chain(&STEPS)
    {
        assert!(!saved.contains(name), "{name} is still in the file");
    }
    assert_eq!(saved, SAMPLE, "the file is the sample again, byte for byte");
}

#[test]
fn without_colour_the_screen_still_reads_and_shows_the_selection() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .start();
    for persona in [
        "Commuter Clara",
        "Weekend family Jo",
        "Retired Margit",
        "Fleet manager Pri",
    ] {
        expect(&pty, persona);
    }
    // The first frame may come in pieces: the status line is its last row.
    let status_says_saved = |screen: &str| {
        screen
            .lines()
            .last()
            .is_some_and(|line| line.contains("saved"))
    };
    assert!(
        pty.wait_until(WAIT, status_says_saved),
        "the status line: {:?}",
        pty.screen().lines().last().unwrap_or_default()
    );
    pty.with_screen(|screen| {
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            for col in 0..cols.get() {
                let cell = screen.cell(row, col).expect("a cell on the screen");
                assert_eq!(
                    (cell.fgcolor(), cell.bgcolor()),
                    (vt100::Color::Default, vt100::Color::Default),
                    "a colour at row {row}, column {col}"
                );
            }
        }
        // The selected persona is marked, reversed and bold; so is the status line.
        let marker = screen.cell(1, 1).unwrap();
        assert_eq!(marker.contents(), "▶");
        assert!(marker.inverse() && marker.bold(), "the selection is plain");
        let name = screen.cell(1, 5).unwrap();
        assert!(name.inverse(), "the selected name is plain");
        assert!(screen.cell(rows.get() - 1, 1).unwrap().inverse());
    });
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn the_screen_follows_the_terminal_size() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    // The top row is borders from edge to edge: as wide as the terminal.
    let drawn = |pty: &Pty, columns: usize, rows: usize| {
        pty.wait_until(WAIT, |s| {
            s.lines().count() == rows
                && s.lines()
                    .next()
                    .is_some_and(|top| top.chars().count() == columns)
        })
    };
    expect(&pty, "Weekend family Jonas");
    assert!(drawn(&pty, 80, 24), "80×24:\n{}", pty.screen());

    let last_row = |pty: &Pty| pty.screen().lines().last().unwrap_or_default().to_string();
    pty.resize(120, 40);
    assert!(drawn(&pty, 120, 40), "120×40:\n{}", pty.screen());
    assert!(last_row(&pty).contains("q quit"), "{}", pty.screen());

    pty.resize(40, 10);
    expect(&pty, "Enlarge the terminal");
    assert!(!pty.screen().contains("Personas"), "{}", pty.screen());

    pty.resize(80, 24);
    assert!(drawn(&pty, 80, 24), "80×24 again:\n{}", pty.screen());
    let screen = pty.screen();
    assert!(!screen.contains("Enlarge"), "{screen}");
    assert!(screen.contains("Personas (4)"), "{screen}");
    assert!(last_row(&pty).contains("q quit"), "{screen}");
    // Still working after all that.
    pty.send("\x1b[B");
    expect(&pty, "Journeys · Weekend");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn escape_sequences_in_a_workspace_never_reach_the_terminal() {
    let dir = temp_dir();
    let mut workspace: Value = serde_json::from_str(SAMPLE).unwrap();
    workspace["personas"][0]["name"] = "\u{1b}]0;PWNED\u{7}Clara".into();
    workspace["personas"][0]["summary"] = "\u{1b}[31mRED\u{9b}2J".into();
    workspace["journeys"][0]["name"] = "Trip\u{9b}31m\u{202e}desrever\u{2066}".into();
    workspace["journeys"][0]["steps"][0]["name"] = "\u{1b}[31mStep\u{7}".into();
    workspace["journeys"][0]["steps"][0]["actions"] = "\u{1b}[?1049l\u{1b}[31mOut".into();
    workspace["content_types"][0]["name"] = "Pages\u{1b}]52;c;SGVsbG8=\u{7}".into();
    let path = dir.path().join("hostile.json");
    fs::write(&path, serde_json::to_vec_pretty(&workspace).unwrap()).unwrap();

    let mut pty = Spawn::new(dir.path()).arg(&path).size(120, 40).start();
    // Shown as visible escapes instead.
    expect(&pty, "\\u{1b}]0;PWNED");
    expect(&pty, "Trip\\u{9b}31m\\u{202e}desrever");
    // The persona's form, the cell's items and an item form over them.
    pty.send("e");
    expect(&pty, "Edit persona");
    close(&mut pty, "Edit persona");
    pty.send("\x1b[Z");
    pty.send(ENTER);
    expect(&pty, "No items here yet");
    pty.send("a");
    expect(&pty, "New item");
    close(&mut pty, "New item");
    close(&mut pty, "No items here yet");
    pty.send("q");
    expect_exit(&mut pty);

    let raw = pty.raw_output();
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    for (needle, what) in [
        (&b"\x1b]0;PWNED"[..], "a title change"),
        (b"\x1b]52;", "a clipboard write"),
        (b"\x07", "a bell"),
        ("\u{9b}".as_bytes(), "a C1 control sequence introducer"),
        ("\u{202e}".as_bytes(), "a right-to-left override"),
        ("\u{2066}".as_bytes(), "a bidi isolate"),
        (b"\x1b[31mRED", "a colour from the file"),
        (b"\x1b[31mStep", "a colour from the file"),
        (b"\x1b[?1049l\x1b[31mOut", "leaving the alternate screen"),
    ] {
        assert!(!contains(needle), "{what} reached the terminal");
    }
}

#[test]
fn a_second_editor_is_read_only_and_names_the_first() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let lock = dir.path().join("sample.json.lock");
    let mut first = Spawn::new(dir.path()).arg(&path).start();
    expect(&first, "Commuter Clara");
    expect(&first, " saved");
    assert!(lock.exists(), "the first editor holds the lock");

    // Wide enough for the holder's name and the notice after it on the status line.
    let mut second = Spawn::new(dir.path()).arg(&path).size(160, 24).start();
    expect(&second, "READ-ONLY: being edited by tester@");
    second.send("a");
    expect(&second, "nothing changed: read-only");
    assert!(!second.screen().contains("New persona"));

    // The first editor lets go of the lock as it quits; the second, told by the folder's
    // watch, takes it at once (so whether the file is there in between is a race) and says so.
    first.send("q");
    expect_exit(&mut first);
    expect(&second, "the other editor has quit: you can edit now");
    assert!(lock.exists(), "the second editor holds the lock now");
    second.send("q");
    expect_exit(&mut second);
    assert!(
        !lock.exists(),
        "the lock file is gone when the last editor quits"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), SAMPLE);
}

#[test]
fn with_no_path_the_default_workspace_is_created_from_the_sample() {
    let dir = temp_dir();
    fs::create_dir(dir.path().join("data")).unwrap();
    let mut pty = Spawn::new(dir.path()).start();
    expect(&pty, "Commuter Clara");
    expect(&pty, "Journey · First commuter bike");
    // The first run says where the sample went.
    expect(&pty, "first run: created");
    expect(&pty, "journeymap/workspace.json");
    expect(&pty, "from the sample");

    let folder = dir.path().join("data").join("journeymap");
    let file = folder.join("workspace.json");
    assert_eq!(fs::read_to_string(&file).unwrap(), SAMPLE);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600, "readable by its owner only");
    assert_eq!(mode(&folder), 0o700);
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_path_that_names_nothing_opens_a_new_blank_workspace_created_by_its_first_edit() {
    let dir = temp_dir();
    let file = dir.path().join("launch plan.json");
    // Opened and left without an edit: nothing is created, as in vim.
    let mut pty = Spawn::new(dir.path()).arg(&file).start();
    expect(&pty, "Personas (0)");
    expect(&pty, "(none yet: a adds)");
    pty.send("q");
    expect_exit(&mut pty);
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        !left
            .iter()
            .any(|name| name.to_string_lossy().starts_with("launch plan")),
        "quitting without an edit left {left:?}"
    );

    // The first edit creates it.
    let mut pty = Spawn::new(dir.path()).arg(&file).start();
    expect(&pty, "Personas (0)");
    pty.send("a");
    expect(&pty, "New persona");
    pty.send("Student Sam");
    pty.send(CTRL_S);
    expect(&pty, "Personas (1)");
    expect(&pty, " saved");
    pty.send("q");
    expect_exit(&mut pty);

    let saved: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["format"], "journeymap");
    assert_eq!(saved["name"], "launch plan");
    assert_eq!(saved["personas"][0]["name"], "Student Sam");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600,
        "readable by its owner only"
    );
}

#[test]
fn a_cancelled_delete_leaves_the_file_alone() {
    use std::os::unix::fs::MetadataExt;
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let before = fs::metadata(&path).unwrap();
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Personas (4)");
    // No, then Esc: each question goes and nothing is to save.
    for no in ["n", "\x1b"] {
        pty.send("d");
        expect(&pty, "Delete persona");
        if no == "\x1b" {
            close(&mut pty, "Delete persona");
        } else {
            pty.send(no);
            assert!(pty.wait_until(WAIT, |s| !s.contains("Delete persona")));
        }
    }
    // Longer than the autosave delay: a save now would be of an unchanged workspace.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !pty.screen().contains("saving"),
        "a cancelled delete left edits to save:\n{}",
        pty.screen()
    );
    pty.send("q");
    expect_exit(&mut pty);
    let after = fs::metadata(&path).unwrap();
    assert_eq!(after.ino(), before.ino(), "the file was replaced");
    assert_eq!(after.mtime_nsec(), before.mtime_nsec());
    assert!(
        !dir.path().join("sample.json.bak").exists(),
        "a save ran (it keeps a backup on the session's first save)"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), SAMPLE);
}
