//! Manners on the user's terminal: colours it can show, mouse reporting that does not flood an
//! SSH link, a window title that is given back, `Ctrl-z` to the shell and `fg` back, and a
//! config file that never stops the program.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::Path;
use std::time::Duration;

use pty::{Pty, Spawn, WAIT, expect, expect_exit, sample_copy, temp_dir};
use serde_json::Value;

const TAB: &str = "\t";
const CTRL_Z: &str = "\x1a";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Every parameter of every select-graphic-rendition escape (`CSI … m`) in `raw`.
fn sgr_codes(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut codes = Vec::new();
    for piece in text.split("\x1b[").skip(1) {
        let params: String = piece
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        if piece[params.len()..].starts_with('m') {
            codes.extend(params.split(';').map(str::to_string));
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

fn first_emotion(path: &Path) -> Option<Value> {
    let workspace: Value = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    Some(workspace["journeys"][0]["steps"][0]["emotion"].clone())
}

/// The process whose parent is `parent` (the program under its shell).
fn child_of(parent: u32) -> Option<u32> {
    fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = fs::read_to_string(entry.path().join("stat")).ok()?;
        let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
        (fields.get(1)?.parse::<u32>().ok()? == parent).then_some(pid)
    })
}

/// The state letter of a process (`T`: stopped).
fn state(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 2..].chars().next()
}

#[test]
fn ctrl_z_gives_the_terminal_to_the_shell_and_fg_redraws_and_goes_on() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).job_control().start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    let program = child_of(pty.process_id().expect("the shell runs")).expect("journeymap runs");

    // An edit, then Ctrl-z at once, well before the autosave.
    pty.send(TAB);
    pty.send(TAB);
    pty.send("5");
    expect(&pty, "●●●●● 5");
    pty.send(CTRL_Z);
    expect(&pty, "stopped (148)");
    assert!(
        !pty.screen().contains("Personas ("),
        "the shell's screen is back:\n{}",
        pty.screen()
    );
    assert_eq!(state(program), Some('T'), "journeymap is stopped");
    assert_eq!(
        first_emotion(&path),
        Some(5.into()),
        "the edit is on disk before the shell gets the terminal"
    );
    assert!(contains(&pty.raw_output(), "\x1b[?1049l"));

    // Enter: the shell runs `fg`; the whole screen is drawn again.
    pty.send("\r");
    expect(&pty, "Personas (4)");
    expect(&pty, "●●●●● 5");
    expect(&pty, " saved");
    // Keys are read and saves land after the stop, as before it.
    pty.send("2");
    expect(&pty, "●●○○○ 2");
    assert!(
        pty.wait_until(WAIT, |_| first_emotion(&path) == Some(2.into())),
        "the edit after fg was never saved"
    );
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_stop_signal_from_outside_gives_the_terminal_back_and_fg_redraws() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).job_control().start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    let program = child_of(pty.process_id().expect("the shell runs")).expect("journeymap runs");
    assert!(!pty.in_line_mode(), "journeymap reads keys raw");

    pty.send(TAB);
    pty.send(TAB);
    pty.send("5");
    expect(&pty, "●●●●● 5");
    // `kill -TSTP PID` from another terminal, as a job control tool or a user would.
    // SAFETY: kill(2) has no memory effects.
    assert_eq!(unsafe { libc::kill(program as i32, libc::SIGTSTP) }, 0);
    expect(&pty, "stopped (148)");
    assert_eq!(state(program), Some('T'), "journeymap is stopped");
    assert!(
        pty.in_line_mode(),
        "the shell got a raw terminal back:\n{}",
        pty.screen()
    );
    assert!(contains(&pty.raw_output(), "\x1b[?1049l"));
    assert!(
        !pty.screen().contains("Personas ("),
        "the shell's screen is back:\n{}",
        pty.screen()
    );
    assert_eq!(
        first_emotion(&path),
        Some(5.into()),
        "the edit is on disk before the shell gets the terminal"
    );

    // Enter: the shell runs `fg` (SIGCONT); the whole screen is drawn again, keys work.
    pty.send("\r");
    expect(&pty, "Personas (4)");
    expect(&pty, "●●●●● 5");
    assert!(!pty.in_line_mode(), "journeymap reads keys raw again");
    pty.send("2");
    expect(&pty, "●●○○○ 2");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn on_a_16_colour_terminal_no_256_colour_escape_is_ever_written() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    // Colours a 16-colour terminal lacks, from the config file: brought down, not sent.
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .config(dir.path(), "[theme]\naccent = \"#ff8000\"\ngap = 196\n")
        .env("TERM", "xterm")
        .start();
    expect(&pty, "Commuter Clara");
    // The main screen, the content map, and the views with the most colour.
    for keys in [TAB, TAB, TAB, "x", "q", "c", "q", "M", "q", "$", "q"] {
        pty.send(keys);
        std::thread::sleep(Duration::from_millis(100));
    }
    expect(&pty, " saved");
    pty.send("q");
    expect_exit(&mut pty);
    let raw = pty.raw_output();
    for escape in ["38;5;", "48;5;", "38;2;", "48;2;"] {
        assert!(!contains(&raw, escape), "{escape:?} was written");
    }
    // Colours were drawn, in the codes every terminal knows: the accent as yellow, the
    // nearest of the 16 to orange, and the gap colour 196 as bright red.
    let codes = sgr_codes(&raw);
    for (code, what) in [("33", "accent"), ("91", "gap"), ("32", "green")] {
        assert!(
            codes.iter().any(|c| c == code),
            "no {what} colour was drawn: {codes:?}"
        );
    }
}

#[test]
fn on_a_256_colour_terminal_an_rgb_colour_is_its_nearest_of_256() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .config(dir.path(), "[theme]\naccent = \"#ff8000\"\n")
        .start();
    expect(&pty, "Commuter Clara");
    pty.send("q");
    expect_exit(&mut pty);
    let raw = pty.raw_output();
    assert!(contains(&raw, "38;5;208"), "the accent is not orange 208");
    assert!(!contains(&raw, "38;2;"), "an RGB escape was written");
}

#[test]
fn mouse_reporting_asks_for_clicks_drags_and_wheel_and_the_title_is_given_back() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Commuter Clara");
    pty.send("q");
    expect_exit(&mut pty);
    let raw = pty.raw_output();
    for mode in ["\x1b[?1000h", "\x1b[?1002h", "\x1b[?1006h"] {
        assert!(contains(&raw, mode), "{mode:?} was not asked for");
    }
    assert!(
        !contains(&raw, "?1003h"),
        "any-motion tracking was asked for"
    );
    let text = String::from_utf8_lossy(&raw);
    let pushed = text.find("\x1b[22;0t").expect("the title is saved first");
    let set = text
        .find("\x1b]0;journeymap — Spoke & Chain Cycles — digital strategy 2027\x1b\\")
        .expect("the title names the workspace");
    let popped = text.rfind("\x1b[23;0t").expect("the title is given back");
    assert!(pushed < set && set < popped, "{pushed} {set} {popped}");
    assert!(!contains(&raw, "\x07"), "a bell was written");
}

/// How many bytes the program has written once it has written nothing for a while.
fn bytes_once_quiet(pty: &Pty) -> usize {
    let mut written = pty.raw_output().len();
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(300));
        let now = pty.raw_output().len();
        if now == written {
            return now;
        }
        written = now;
    }
    panic!("the program kept writing");
}

/// A key that changes nothing on the screen sends nothing (over SSH, not a packet): ratatui's
/// colour resets and cursor escapes of a frame that drew no cell stay home.
#[test]
fn a_key_that_changes_nothing_on_the_screen_sends_nothing() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Commuter Clara");
    let before = bytes_once_quiet(&pty);
    // The first persona is selected: selecting the previous one changes nothing.
    pty.send("k");
    assert_eq!(
        bytes_once_quiet(&pty),
        before,
        "a frame that changes nothing was written"
    );
    pty.send("j");
    assert!(
        bytes_once_quiet(&pty) > before,
        "the selection's move was not drawn"
    );
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn with_no_color_the_focused_pane_title_is_reversed() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .env("NO_COLOR", "1")
        .start();
    expect(&pty, "Commuter Clara");
    // `┌ Personas (4) ─…┐┌ Journey · …` on the first row, `┌ Journeys · …` under the
    // personas: their titles start at (0, 2), (0, 24) and (12, 2).
    let reversed = |pty: &Pty, row: u16, col: u16| {
        pty.with_screen(|screen| screen.cell(row, col).unwrap().inverse())
    };
    assert!(reversed(&pty, 0, 2), "{}", pty.screen());
    assert!(!reversed(&pty, 0, 24) && !reversed(&pty, 12, 2));
    pty.send(TAB);
    assert!(
        pty.wait_until(WAIT, |_| reversed(&pty, 12, 2) && !reversed(&pty, 0, 2)),
        "the focus did not move with Tab; the screen:\n{}",
        pty.screen()
    );
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_config_with_a_problem_starts_on_the_defaults_and_says_so() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .config(dir.path(), "[theme]\nname = \"x\"\n")
        .start();
    expect(&pty, "Commuter Clara");
    expect(&pty, "config.toml:2: unknown theme \"x\"");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn the_config_file_in_the_config_folder_is_read() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let folder = dir.path().join("config").join("journeymap");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("config.toml"), "[autosave]\ndelay_ms = 99999\n").unwrap();
    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Commuter Clara");
    // Too long for the status line at 80 columns: how many, and that defaults are used.
    expect(&pty, "config: 1 problem, default used");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn a_key_the_config_binds_does_its_action() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .config(dir.path(), "[keys.global]\n\"Q\" = \"quit\"\n")
        .start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    pty.send("Q");
    expect_exit(&mut pty);
}
