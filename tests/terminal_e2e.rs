//! The real program on a pseudo-terminal that misbehaves the way terminals on a shared server
//! do: it goes away without a hang-up signal, and input arrives in bursts.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::time::{Duration, Instant};

use journeymap::storage::location::SAMPLE;
use pty::{Spawn, WAIT, expect, sample_copy, start, temp_dir};
use serde_json::Value;

const TAB: &str = "\t";

/// The emotion of the first step as its card shows it: `●●●●● 5`.
fn emotion_card(score: usize) -> String {
    format!("{}{} {score}", "●".repeat(score), "○".repeat(5 - score))
}

fn first_emotion(bytes: &[u8]) -> Option<Value> {
    let workspace: Value = serde_json::from_slice(bytes).ok()?;
    Some(workspace["journeys"][0]["steps"][0]["emotion"].clone())
}

/// CPU time (user + system) the process used so far, from `/proc/PID/stat`.
fn cpu_time(pid: u32) -> Duration {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).expect("the process runs");
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // SAFETY: sysconf only reads a configuration value.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Duration::from_millis(ticks * 1000 / per_second)
}

#[test]
fn closing_the_terminal_right_after_an_edit_keeps_the_edit() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    assert_eq!(first_emotion(SAMPLE.as_bytes()), Some(3.into()));
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .size(160, 30)
        .hang_up_ignored()
        .start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    // The first step's emotion to 5 on the board, then the window closes well before the
    // autosave, with no hang-up signal.
    pty.send(TAB);
    pty.send(TAB);
    pty.send("5");
    expect(&pty, &emotion_card(5));
    std::thread::sleep(Duration::from_millis(150));
    pty.hang_up();

    let status = pty
        .wait_exit(WAIT)
        .expect("journeymap noticed the terminal went away");
    assert_ne!(
        status.exit_code(),
        134,
        "journeymap aborted instead of keeping the edit: {status:?}"
    );
    let kept = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("sample.json")
        })
        .filter_map(|entry| fs::read(entry.path()).ok())
        .any(|bytes| first_emotion(&bytes) == Some(5.into()));
    assert!(
        kept,
        "the edit is neither in the file nor in a recovery copy"
    );
    assert_eq!(first_emotion(&fs::read(&path).unwrap()), Some(5.into()));
}

#[test]
fn a_burst_of_3000_keys_is_read_to_the_end_without_spinning() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    let pid = pty.process_id().expect("journeymap runs");
    let before = cpu_time(pid);

    // 3000 moves in one write, as a paste into a pane or `tmux send-keys` does.
    pty.send(&"j".repeat(3000));
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_time(pid) - before;
    assert!(
        used < Duration::from_millis(400),
        "3000 keys and two idle seconds took {used:?} of CPU: the loop spins"
    );

    // Every key was read, so the one after them is read at once.
    let sent = Instant::now();
    pty.send("q");
    let status = pty.wait_exit(Duration::from_secs(3));
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "`q` after the burst did not quit within 3 s ({status:?}); the screen:\n{}",
        pty.screen()
    );
    assert!(sent.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_huge_terminal_size_is_drawn_capped_and_the_program_goes_on() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Commuter Clara");
    pty.claim_size(30000, 30000);
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        pty.wait_exit(Duration::ZERO).is_none(),
        "journeymap died on a 30000×30000 terminal"
    );
    pty.resize(80, 24);
    expect(&pty, "Commuter Clara");
    pty.send("q");
    let status = pty.wait_exit(WAIT);
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "journeymap did not quit cleanly: {status:?}"
    );
}

#[test]
fn a_deleted_workspace_file_is_said_at_once_and_kept_in_a_recovery_copy() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 160, 30);
    fs::remove_file(&path).unwrap();
    assert!(
        pty.wait_for(
            "sample.json was deleted or moved on disk",
            Duration::from_secs(3)
        ),
        "the deletion is not on the status line; the screen:\n{}",
        pty.screen()
    );
    // What is shown is nowhere else now: quitting asks, then keeps it.
    pty.send("q");
    expect(&pty, "anyway?");
    pty.send("y");
    pty.wait_exit(WAIT).expect("journeymap quit");
    assert!(!path.exists(), "the deleted file is not written back");
    let recovered: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("sample.json.recovered-")
        })
        .collect();
    assert_eq!(
        recovered.len(),
        1,
        "one recovery copy beside where the file was"
    );
    let bytes = fs::read(recovered[0].path()).unwrap();
    assert_eq!(first_emotion(&bytes), first_emotion(SAMPLE.as_bytes()));
}
