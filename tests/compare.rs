//! Two journeys compared: `:compare` in the real program in a pseudo-terminal, and
//! `export --format markdown --compare A B` (a golden file of the sample and the command line).
//!
//! Rewrite the golden file after a deliberate change with
//! `UPDATE_GOLDEN=1 cargo test --test compare`, then read the diff as a user would.

#[path = "support/pty.rs"]
mod pty;
#[allow(unused_imports)]
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use journeymap::export;
use journeymap::model::{Date, Id, Workspace};
use journeymap::storage::decode;
use journeymap::storage::location::SAMPLE;
use pty::{Spawn, WAIT, expect, expect_exit, sample_copy};
use support::{names_in, run, temp_dir, write_file};

const ENTER: &str = "\r";

fn sample() -> Workspace {
    decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn journey(ws: &Workspace, name: &str) -> Id {
    export::find_journey(ws, name).expect("the sample has the journey")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn the_palettes_compare_shows_both_journeys_and_two_distinct_curve_marks() {
    let dir = pty::temp_dir();
    let path = sample_copy(dir.path());
    let before = fs::read(&path).unwrap();
    // Without colour, as NO_COLOR asks: the curves must still tell apart.
    let mut pty = Spawn::new(dir.path())
        .arg(&path)
        .env("NO_COLOR", "1")
        .size(80, 24)
        .start();
    expect(&pty, "Commuter Clara");
    pty.send(":");
    expect(&pty, "Commands");
    pty.send("compare");
    expect(&pty, "compare the journey with another");
    pty.send(ENTER);
    // The list to choose B from names A, the selected journey.
    expect(&pty, "Compare \"First commuter bike\" with");
    expect(&pty, "Switching to an e-bike · Retired Margit");
    pty.send(ENTER);
    expect(&pty, "Compare journeys");
    assert!(
        pty.wait_until(WAIT, |screen| {
            let chart: String = screen.lines().skip(4).take(5).collect();
            screen.contains("● A First commuter bike")
                && screen.contains("◆ B Switching to an e-bike")
                && chart.contains('●')
                && chart.contains('◆')
                && screen.lines().any(|line| {
                    // The shorter journey's seventh step is empty: B's name follows the number.
                    let words: Vec<&str> = line.split_whitespace().collect();
                    words.get(1..3) == Some(&["7", "Rides"][..])
                })
        }),
        "the compare view; the screen:\n{}",
        pty.screen()
    );
    pty.esc();
    assert!(
        pty.wait_until(WAIT, |screen| !screen.contains("Compare journeys")),
        "Esc closes the view; the screen:\n{}",
        pty.screen()
    );
    pty.send("q");
    expect_exit(&mut pty);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "comparing changes nothing"
    );
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn the_markdown_comparison_of_the_sample_matches_its_golden_file() {
    let ws = sample();
    let (a, b) = (
        journey(&ws, "First commuter bike"),
        journey(&ws, "Switching to an e-bike"),
    );
    let today = Date::from_ymd(2026, 11, 23).unwrap();
    let bytes = export::render_comparison(&ws, a, b, today)
        .expect("both journeys exist")
        .into_bytes();
    let path = golden_dir().join("sample-compare.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, &bytes).expect("write the golden file");
    }
    let golden =
        fs::read(&path).expect("tests/golden/sample-compare.md (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&golden),
        "rewrite with UPDATE_GOLDEN=1 if the change is meant"
    );
}

#[test]
fn export_compare_writes_the_comparison_and_names_a_journey_it_does_not_know() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let ws = sample();
    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "markdown",
        "--compare",
        "first commuter bike",
        &journey(&ws, "Keeping the bike on the road").to_string(),
    ]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let expected = export::render_comparison(
        &ws,
        journey(&ws, "First commuter bike"),
        journey(&ws, "Keeping the bike on the road"),
        Date::today(),
    )
    .unwrap()
    .into_bytes();
    assert_eq!(
        out.stdout.as_bytes(),
        expected,
        "by name in any case and by id"
    );
    assert!(out.stdout.contains(
        "| # | Step A | Emotion A | Step B | Emotion B | Difference | Gaps A | Gaps B |"
    ));

    let refused = |args: &[&str], words: &str| {
        let mut all = vec!["export", path_arg(&workspace)];
        all.extend(args);
        let out = run(&all);
        out.assert_no_panic();
        assert_eq!(out.code, Some(1), "{out:#?}");
        assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");
        assert!(out.stderr.contains(words), "{words:?} in {out:#?}");
        assert!(out.stdout.is_empty());
    };
    let markdown = ["--format", "markdown", "--compare"];
    refused(
        &[&markdown[..], &["First commuter bike", "Unicycles"]].concat(),
        "no journey is named \"Unicycles\"",
    );
    refused(
        &[&markdown[..], &["Tandems", "First commuter bike"]].concat(),
        "no journey is named \"Tandems\"",
    );
    refused(
        &[&markdown[..], &["Buys", "buys"]].concat(),
        "no journey is named \"Buys\"",
    );
    refused(
        &[
            "--format",
            "html",
            "--compare",
            "Fleet for the team",
            "Buys",
        ],
        "--compare writes Markdown",
    );
    refused(
        &[&markdown[..], &["Fleet for the team", "fleet for the team"]].concat(),
        "the same journey twice",
    );
    assert_eq!(names_in(dir.path()), ["ws.json"]);
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}
