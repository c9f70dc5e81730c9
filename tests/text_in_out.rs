//! Text into and out of the real program in a pseudo-terminal: amounts and dates typed as people
//! write them.
//!
//! Each test works on its own copy of the sample workspace. Waits are generous (a loaded machine
//! is slow) and nothing asserts on timing.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::Path;

use journeymap::model::Date;
use pty::{Pty, Spawn, expect, expect_exit, expect_that, sample_copy, saved_json, temp_dir};
use serde_json::Value;

const CTRL_S: &str = "\x13";
const CTRL_O: &str = "\x0f";
const TAB: &str = "\t";

/// The program on `path` at 80×24, once it shows the sample.
fn start(dir: &Path, path: &Path) -> Pty {
    let pty = Spawn::new(dir).arg(path).start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    pty
}

#[test]
fn an_item_takes_a_date_in_words_and_a_euro_amount_written_the_european_way() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    assert_eq!(saved_json(&path)["currency"], "EUR");
    let mut pty = start(dir.path(), &path);
    // A new item in the content map's first cell.
    pty.send(&TAB.repeat(3));
    pty.send("a");
    expect(&pty, "New item");
    pty.send("Christmas mailing");
    // Title → content type → steps → channel → status → owner → date.
    pty.send(&TAB.repeat(6));
    expect(&pty, "▶ Date");
    pty.send("dec 24");
    let christmas = Date::read("dec 24", Date::today()).expect("dec 24 is a date");
    expect(&pty, &format!("→ {}", christmas.spoken()));
    pty.send(TAB);
    expect(&pty, "▶ Cost");
    pty.send("1.200,50");
    expect(&pty, "→ 1200.5 EUR");
    pty.send(CTRL_S);
    expect_that(&pty, "the form was not saved", |s| !s.contains("New item"));
    pty.send("q");
    expect_exit(&mut pty);

    let saved = saved_json(&path);
    let item = saved["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Christmas mailing")
        .expect("the new item is saved");
    assert_eq!(item["cost"], 1200.5);
    assert_eq!(item["available_on"], christmas.to_string());
}

#[test]
fn a_file_with_a_dangling_reference_opens_read_only_on_its_problems() {
    let dir = temp_dir();
    let mut ws: Value = serde_json::from_str(journeymap::storage::location::SAMPLE).unwrap();
    ws["journeys"][0]["persona_ids"]
        .as_array_mut()
        .unwrap()
        .push("00000000-0000-4000-8000-0000000000ff".into());
    let path = dir.path().join("plan.json");
    fs::write(&path, serde_json::to_vec_pretty(&ws).unwrap()).unwrap();
    let before = fs::read(&path).unwrap();

    let mut pty = Spawn::new(dir.path()).arg(&path).start();
    expect(&pty, "Problems of plan.json · 1 · read-only");
    // The entry, the field and what is wrong with it; and how to repair it.
    expect(&pty, "journeys[0] First commuter");
    expect(&pty, "persona_ids[1]");
    expect(&pty, "no persona has id");
    expect(&pty, "journeymap repair");
    // Esc shows the workspace, read-only: an edit is refused, and nothing is written.
    pty.esc();
    expect(&pty, "Commuter Clara");
    expect(&pty, "READ-ONLY");
    pty.send("a");
    expect(&pty, "nothing changed: read-only");
    pty.send("q");
    expect_exit(&mut pty);
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("plan.json"))
            .count(),
        1,
        "nothing beside the file: no backup, no lock"
    );
}

/// Base64 (RFC 4648) back to bytes; `None` for anything that is not.
fn unbase64(text: &str) -> Option<Vec<u8>> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .chars()
        .map(|c| DIGITS.find(c).map(|at| at as u32))
        .collect::<Option<_>>()?;
    let mut bytes = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (at, d)| n | d << (18 - 6 * at));
        for at in 0..chunk.len().saturating_sub(1) {
            bytes.push((n >> (16 - 8 * at)) as u8);
        }
    }
    Some(bytes)
}

/// The text of the last OSC 52 sequence the program wrote.
fn last_copied(pty: &Pty) -> String {
    let output = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    let start = output.rfind("\x1b]52;c;").expect("an OSC 52 sequence") + "\x1b]52;c;".len();
    let end = output[start..].find("\x1b\\").expect("the sequence ends") + start;
    String::from_utf8(unbase64(&output[start..end]).expect("base64")).expect("UTF-8")
}

#[test]
fn y_on_a_persona_puts_its_markdown_on_the_clipboard_through_osc_52() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path);
    pty.send("y");
    expect(&pty, "copied persona \"Commuter Clara\" as Markdown");
    let markdown = last_copied(&pty);
    assert!(markdown.starts_with("### Commuter Clara\n"), "{markdown}");
    assert!(markdown.contains("| **Challenges** |"), "{markdown}");
    assert!(
        !markdown.chars().any(|c| c.is_control() && c != '\n'),
        "{markdown:?}"
    );
    // The status says how long it is.
    expect(&pty, &format!("{} characters", markdown.chars().count()));
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn y_in_the_gap_list_puts_the_list_on_the_clipboard() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path);
    pty.send("x");
    expect(&pty, "Gaps ·");
    pty.send("y");
    expect(&pty, "copied the gap list");
    let markdown = last_copied(&pty);
    assert!(markdown.starts_with("### Gaps: "), "{markdown}");
    assert!(
        markdown.contains("| Persona | Journey | Step | Content type | In work |"),
        "{markdown}"
    );
    assert!(
        !markdown.chars().any(|c| c.is_control() && c != '\n'),
        "{markdown:?}"
    );
    // `q` closes the view, then quits.
    pty.send("q");
    expect(&pty, "Personas (");
    pty.send("q");
    expect_exit(&mut pty);
}

/// An editor script in `dir`: it notes where its file is and the file's mode, says it is
/// ready on the terminal, reads a word typed there (so no key reaches journeymap meanwhile),
/// appends the word to its file, and exits with `status`.
fn editor_script(dir: &Path, status: u8) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join(format!("editor-{status}.sh"));
    let log = dir.join("editor.log");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\n\
             printf '%s %s\\n' \"$1\" \"$(stat -c %a \"$1\") $(stat -c %a \"$(dirname \"$1\")\")\" > '{}'\n\
             printf 'EDITOR READY\\n'\n\
             read -r word\n\
             printf '%s\\n' \"$word\" >> \"$1\"\n\
             exit {status}\n",
            log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The file the editor script was given, and its mode and its directory's.
fn editor_log(dir: &Path) -> (std::path::PathBuf, String) {
    let log = fs::read_to_string(dir.join("editor.log")).expect("the editor ran");
    let (path, modes) = log.trim_end().split_once(' ').expect("path and modes");
    (path.into(), modes.to_string())
}

/// Opens the first persona's form at its Challenges field and hands it to the editor, which
/// reads `word` from the terminal.
fn challenges_to_the_editor(pty: &mut Pty, word: &str) {
    pty.send("e");
    expect(pty, "Edit persona");
    pty.send(&TAB.repeat(5));
    expect(pty, "▶ Challenges");
    expect(pty, "Ctrl-o editor");
    pty.send(CTRL_O);
    // The editor has the terminal: journeymap's screen is gone, and the keys are the editor's.
    expect(pty, "EDITOR READY");
    expect_that(pty, "journeymap left the screen to the editor", |s| {
        !s.contains("Edit persona")
    });
    assert!(
        pty.in_line_mode(),
        "the editor gets the terminal in line mode"
    );
    pty.send(&format!("{word}\r"));
    expect(pty, "Edit persona");
}

#[test]
fn ctrl_o_edits_a_persona_field_in_the_users_editor_and_ctrl_s_saves_it() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let challenges = saved_json(&path)["personas"][0]["challenges"]
        .as_str()
        .unwrap()
        .to_string();
    let editor = editor_script(dir.path(), 0);
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .env("EDITOR", &editor.to_string_lossy())
        .start();
    expect(&pty, " saved");
    challenges_to_the_editor(&mut pty, "Steephills");
    // Back in the form, raw again, with the word in the field.
    expect(&pty, "Steephills");
    expect(&pty, "Challenges: ");
    assert!(!pty.in_line_mode(), "journeymap reads keys raw again");
    let (file, modes) = editor_log(dir.path());
    assert!(
        file.ends_with("persona-challenges.md"),
        "{}",
        file.display()
    );
    assert_eq!(modes, "600 700", "a private file in a private folder");
    assert!(!file.exists(), "the file is removed afterwards");
    assert!(!file.parent().unwrap().exists(), "and its folder");
    pty.send(CTRL_S);
    expect_that(&pty, "the form was not saved", |s| {
        !s.contains("Edit persona")
    });
    pty.send("q");
    expect_exit(&mut pty);
    assert_eq!(
        saved_json(&path)["personas"][0]["challenges"],
        format!("{challenges}\nSteephills")
    );
}

#[test]
fn an_editor_that_exits_1_leaves_the_field_and_the_file_unchanged() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let editor = editor_script(dir.path(), 1);
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .env("VISUAL", &editor.to_string_lossy())
        .env("EDITOR", "false")
        .start();
    expect(&pty, " saved");
    challenges_to_the_editor(&mut pty, "Steephills");
    // The status says why (the message wraps below the status line).
    expect(&pty, "exited with status 1;");
    expect(&pty, "nothing changed");
    assert!(!pty.screen().contains("Steephills"), "{}", pty.screen());
    let (file, _) = editor_log(dir.path());
    assert!(!file.parent().unwrap().exists(), "the folder is removed");
    // The form is unchanged: Esc closes it without asking.
    pty.esc();
    expect_that(&pty, "the form did not close", |s| {
        !s.contains("Edit persona")
    });
    pty.send("q");
    expect_exit(&mut pty);
    assert_eq!(fs::read(&path).unwrap(), before);
}
