//! Several people on one workspace file, each with the real program in a pseudo-terminal: the
//! second is read-only and names the first, sees the first's edits within two seconds, and takes
//! over editing when the first dies; an edit made outside (a script, `git pull`) shows at once
//! in an open journeymap that has nothing unsaved, with the selection where it was.
//!
//! The time limits are the ones users are promised (an edit shows within two seconds, the lock
//! is free within a second or two of its holder's death), with room for a loaded machine.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use journeymap::storage::location::SAMPLE;
use pty::{Pty, Spawn, quit, sample_copy, saved_json, temp_dir};
use serde_json::Value;

/// The longest start-up or a local key may take.
const WAIT: Duration = Duration::from_secs(15);
/// An edit saved by one process shows in another within two seconds; this leaves room.
const RELOAD: Duration = Duration::from_secs(5);
/// The lock of a killed holder is taken within a second or two; this leaves room.
const TAKEOVER: Duration = Duration::from_secs(4);

const TAB: &str = "\t";

#[track_caller]
fn expect(pty: &Pty, text: &str) {
    expect_within(pty, text, WAIT);
}

#[track_caller]
fn expect_within(pty: &Pty, text: &str, limit: Duration) {
    assert!(
        pty.wait_for(text, limit),
        "{text:?} did not appear within {limit:?}; the screen:\n{}",
        pty.screen()
    );
}

/// The last row of the screen: the status line.
fn status_line(pty: &Pty) -> String {
    pty.screen().lines().last().unwrap_or_default().to_string()
}

/// Waits until the file on disk satisfies `test`; says whether it did within `limit`.
fn file_becomes(path: &Path, limit: Duration, test: impl Fn(&Value) -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .is_some_and(|value| test(&value))
        {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn first_emotion(workspace: &Value) -> &Value {
    &workspace["journeys"][0]["steps"][0]["emotion"]
}

/// The emotion of the first step as its card shows it: `●●●○○ 3`.
fn emotion_card(score: usize) -> String {
    format!("{}{} {score}", "●".repeat(score), "○".repeat(5 - score))
}

#[test]
fn a_second_process_follows_the_first_and_takes_over_when_it_dies() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(first_emotion(&sample), 3, "the sample's first step is at 3");
    // No other step of the first journey is at 5 or 1, so a card showing it is the first one.
    let others: Vec<&Value> = sample["journeys"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|s| &s["emotion"])
        .collect();
    assert!(!others.contains(&&Value::from(5)) && !others.contains(&&Value::from(1)));

    let mut first = Spawn::new(dir.path()).arg(&path).size(160, 30).start();
    expect(&first, "Commuter Clara");
    expect(&first, " saved");
    let mut second = Spawn::new(dir.path()).arg(&path).size(160, 30).start();
    expect(&second, "READ-ONLY: being edited by tester@");
    expect(&second, &emotion_card(3));

    // The first sets the first step's emotion to 5 on the board; it is saved, and the second
    // shows it.
    first.send(TAB);
    first.send(TAB);
    first.send("5");
    expect(&first, &emotion_card(5));
    assert!(
        file_becomes(&path, WAIT, |w| first_emotion(w) == 5),
        "the first did not save the edit"
    );
    expect_within(&second, &emotion_card(5), RELOAD);
    assert!(status_line(&second).contains("READ-ONLY"));

    // The first dies without quitting: no save at exit, no lock released by hand.
    let pid = first.process_id().expect("the first is running") as libc::pid_t;
    // SAFETY: kill(2) with the id of a child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    let status = first.wait_exit(WAIT).expect("the first is dead");
    assert!(!status.success());

    // The second may edit now, on its own.
    assert!(
        second.wait_until(TAKEOVER, |s| {
            !s.lines().last().unwrap_or_default().contains("READ-ONLY")
        }),
        "the second is still read-only after {TAKEOVER:?}; the screen:\n{}",
        second.screen()
    );
    expect(&second, "you can edit now");
    second.send(TAB);
    second.send(TAB);
    second.send("1");
    expect(&second, &emotion_card(1));
    assert!(
        file_becomes(&path, WAIT, |w| first_emotion(w) == 1),
        "the second's edit was not saved; the screen:\n{}",
        second.screen()
    );
    assert!(!second.screen().contains("SAVE FAILED"));
    quit(&mut second);
    assert_eq!(first_emotion(&saved_json(&path)), 1);
    assert!(
        !dir.path().join("sample.json.lock").exists(),
        "the lock file is gone when the last editor quits"
    );
}

/// The mode bits of a file.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).expect("stat").mode() & 0o7777
}

/// A shared server: users in one group, a `2770` folder, a `0660` workspace. The first editor
/// dies; the second, another user of the group, must be able to take over the lock file the
/// first left behind, and the holder's name must be readable to it meanwhile.
///
/// As root the two editors are two real users (`setpriv`); otherwise both are this user, and
/// the lock file is made unwritable to the second by its mode, as another user's would be.
#[test]
fn a_teammate_takes_over_from_a_holder_who_died_on_a_shared_server() {
    use std::os::unix::fs::{PermissionsExt, chown};
    let dir = temp_dir();
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let (alice, bob, team) = (4101, 4102, 4100);
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    let path = sample_copy(&shared);
    if root {
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        chown(&shared, None, Some(team)).unwrap();
        chown(&path, Some(alice), Some(team)).unwrap();
    }
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o2770)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o660)).unwrap();
    let spawn = |uid: u32, name: &str| {
        let spawn = Spawn::new(dir.path()).arg(&path).env("USER", name);
        if root { spawn.run_as(uid, team) } else { spawn }
    };

    let mut first = spawn(alice, "alice").start();
    expect(&first, "Commuter Clara");
    let lock = shared.join("sample.json.lock");
    assert_eq!(mode(&lock), 0o660, "the lock file has the workspace's mode");
    if !root {
        // What a lock file of another user is to us: readable (group), not writable.
        fs::set_permissions(&lock, fs::Permissions::from_mode(0o440)).unwrap();
    }
    let mut second = spawn(bob, "bob").start();
    expect(&second, "READ-ONLY: being edited by alice@");

    let pid = first.process_id().expect("the first is running") as libc::pid_t;
    // SAFETY: kill(2) with the id of a child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0);
    first.wait_exit(WAIT).expect("the first is dead");

    assert!(
        second.wait_until(TAKEOVER, |s| {
            !s.lines().last().unwrap_or_default().contains("READ-ONLY")
        }),
        "the second is still read-only after {TAKEOVER:?}; the screen:\n{}",
        second.screen()
    );
    second.send(TAB);
    second.send(TAB);
    second.send("1");
    assert!(
        file_becomes(&path, WAIT, |w| first_emotion(w) == 1),
        "the second's edit was not saved; the screen:\n{}",
        second.screen()
    );
    assert_eq!(mode(&path), 0o660, "the workspace keeps its mode");
    assert!(
        fs::read_to_string(&lock).unwrap().starts_with("bob@"),
        "the new holder's name is in the lock file"
    );
    quit(&mut second);
    assert!(
        !lock.exists(),
        "the lock file is gone when the last editor quits"
    );
}

#[test]
fn an_edit_from_outside_shows_at_once_and_the_selection_stays() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).size(120, 30).start();
    expect(&pty, "Weekend family Jonas");
    expect(&pty, " saved");
    // Select the second persona.
    pty.send("\x1b[B");
    expect(&pty, "▶ Weekend family Jonas");
    expect(&pty, "Journeys · Weekend family");

    // Someone else renames that persona and replaces the file, as a save does: a temporary
    // file in the same folder, renamed over it.
    // Short enough for the journey list's title.
    let new_name = "Jonas & twins";
    let mut workspace = saved_json(&path);
    assert_eq!(workspace["personas"][1]["name"], "Weekend family Jonas");
    workspace["personas"][1]["name"] = new_name.into();
    let temp = dir.path().join(".sample.json.outside");
    let mut bytes = serde_json::to_vec_pretty(&workspace).unwrap();
    bytes.push(b'\n');
    fs::write(&temp, &bytes).unwrap();
    fs::rename(&temp, &path).unwrap();

    expect_within(&pty, &format!("▶ {new_name}"), Duration::from_secs(4));
    expect(&pty, &format!("Journeys · {new_name}"));
    let screen = pty.screen();
    assert!(!screen.contains("Weekend family Jonas"), "{screen}");
    assert!(screen.contains("reloaded"), "the user is told: {screen}");
    assert!(!screen.contains("READ-ONLY") && !screen.contains("SAVE FAILED"));
    quit(&mut pty);
    // Nothing was written over the other person's edit.
    assert_eq!(saved_json(&path)["personas"][1]["name"], new_name);
    assert_eq!(saved_json(&path), workspace);
}
