//! `journeymap present` in a pseudo-terminal, as a presenter drives it: the first journey's
//! title, its first step in full, editing keys that do nothing, a clean exit that leaves the
//! file and its folder exactly as they were, and a change on disk shown on the same step.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use journeymap::storage::location::SAMPLE;
use pty::{Pty, Spawn, WAIT, expect, expect_exit, temp_dir};
use serde_json::Value;

const RIGHT: &str = "\x1b[C";
const ENTER: &str = "\r";

fn sample_json() -> Value {
    serde_json::from_str(SAMPLE).expect("the sample is JSON")
}

/// The sample in a folder of its own under `home` (the program's home is elsewhere in it, so
/// the folder holds only what the presentation could leave).
fn sample_in_own_folder(home: &Path) -> PathBuf {
    let folder = home.join("strategy");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("plan.json");
    fs::write(&path, SAMPLE).unwrap();
    path
}

/// Every entry of a folder with its size, mode and modification time, sorted by name.
fn listing(folder: &Path) -> Vec<(String, u64, u32, i64, i64)> {
    let mut entries: Vec<_> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                meta.len(),
                meta.mode(),
                meta.mtime(),
                meta.mtime_nsec(),
            )
        })
        .collect();
    entries.sort();
    entries
}

fn start(home: &Path, path: &Path, cols: u16, rows: u16) -> Pty {
    Spawn::new(home)
        .arg("present")
        .arg(path)
        .size(cols, rows)
        .start()
}

/// The first journey's name and its first step's pain points, from the sample.
fn first_journey_and_pain() -> (String, String) {
    let sample = sample_json();
    let journey = &sample["journeys"][0];
    (
        journey["name"].as_str().unwrap().to_string(),
        journey["steps"][0]["pain_points"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

#[test]
fn present_walks_the_first_journey_ignores_editing_keys_and_leaves_everything_as_it_was() {
    let home = temp_dir();
    let path = sample_in_own_folder(home.path());
    let folder = path.parent().unwrap().to_path_buf();
    let before = listing(&folder);
    let (journey, pain) = first_journey_and_pain();

    let mut pty = start(home.path(), &path, 80, 24);
    expect(&pty, &journey);
    expect(&pty, "overview · journey 1 of 4");
    assert_eq!(
        listing(&folder),
        before,
        "no lock or anything else while it runs"
    );

    pty.send(RIGHT);
    expect(&pty, "step 1 of 6");
    // Every word of the pain points, in one line at 80 columns.
    expect(&pty, &pain);

    pty.send("d");
    pty.send("a");
    pty.send("e");
    pty.send(RIGHT);
    expect(&pty, "step 2 of 6");
    let screen = pty.screen();
    assert!(
        !screen.contains("Delete") && !screen.contains("delete") && !screen.contains("Ctrl-s"),
        "no question and no form: {screen}"
    );

    pty.send("q");
    expect_exit(&mut pty);
    assert!(pty.in_line_mode(), "the terminal is given back");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
    assert_eq!(listing(&folder), before, "no .lock, no .bak, nothing new");
    assert!(
        !home.path().join("data").exists(),
        "no default workspace is created when a file is named"
    );
}

#[test]
fn present_follows_a_change_on_disk_and_stays_on_the_same_step() {
    let home = temp_dir();
    let path = sample_in_own_folder(home.path());
    let mut pty = start(home.path(), &path, 120, 40);
    expect(&pty, "overview · journey 1 of 4");
    pty.send("g2");
    expect(&pty, "go to step: 2");
    pty.send(ENTER);
    expect(&pty, "step 2 of 6");

    // A colleague renames that step and puts a step in before the first, saving as editors
    // do (a new file renamed over the old one).
    let mut changed = sample_json();
    let steps = changed["journeys"][0]["steps"].as_array_mut().unwrap();
    steps[1]["name"] = "Compares bikes, renamed meanwhile".into();
    let mut first = steps[0].clone();
    first["id"] = "6f1d7c1e-3a5b-4c2d-9e8f-0a1b2c3d4e5f".into();
    first["name"] = "Put in by a colleague".into();
    steps.insert(0, first);
    let temp = path.with_extension("tmp");
    fs::write(
        &temp,
        serde_json::to_string_pretty(&changed).unwrap() + "\n",
    )
    .unwrap();
    fs::rename(&temp, &path).unwrap();

    expect(&pty, "Compares bikes, renamed meanwhile");
    expect(&pty, "step 3 of 7");

    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_change_on_disk_that_cannot_be_read_keeps_the_version_shown_and_says_so() {
    let home = temp_dir();
    let path = sample_in_own_folder(home.path());
    let (journey, _) = first_journey_and_pain();
    let mut pty = start(home.path(), &path, 120, 40);
    expect(&pty, "overview · journey 1 of 4");

    let temp = path.with_extension("tmp");
    fs::write(&temp, "{ \"format\": \"journeymap\", ").unwrap();
    fs::rename(&temp, &path).unwrap();

    expect(&pty, "still showing the last version read");
    let screen = pty.screen();
    assert!(screen.contains("cannot be read"), "{screen}");
    assert!(
        !screen.contains("your copy"),
        "a presentation has no copy of its own: {screen}"
    );
    assert!(screen.contains(&journey), "{screen}");

    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_file_deleted_while_presenting_is_said_and_the_version_shown_stays() {
    let home = temp_dir();
    let path = sample_in_own_folder(home.path());
    let (journey, _) = first_journey_and_pain();
    let mut pty = start(home.path(), &path, 120, 40);
    expect(&pty, "overview · journey 1 of 4");

    fs::remove_file(&path).unwrap();

    expect(
        &pty,
        "was deleted or moved on disk; still showing the last version read",
    );
    assert!(pty.screen().contains(&journey), "{}", pty.screen());
    pty.send("q");
    expect_exit(&mut pty);
    assert!(!path.exists(), "a presentation writes nothing back");
}

#[test]
fn present_refuses_a_file_that_does_not_parse_with_a_clear_error() {
    let home = temp_dir();
    let path = home.path().join("broken.json");
    fs::write(&path, "{ \"format\": \"journeymap\", ").unwrap();
    let mut pty = start(home.path(), &path, 80, 24);
    let status = pty.wait_exit(WAIT).expect("it exits at once");
    assert_eq!(status.exit_code(), 1, "{}", pty.screen());
    expect(&pty, "broken.json");
    assert!(pty.in_line_mode(), "the terminal is as it was");
    assert_eq!(
        fs::read(&path).unwrap(),
        b"{ \"format\": \"journeymap\", ",
        "never written"
    );
}
