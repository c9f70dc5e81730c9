//! Reading everything at 80×24, from outside: the real program on a pseudo-terminal, read back
//! through a terminal emulator.

#[path = "support/pty.rs"]
mod pty;

use journeymap::storage::location::SAMPLE;
use pty::{Spawn, WAIT, expect, expect_exit, sample_copy, temp_dir};
use serde_json::Value;

const TAB: &str = "\t";

/// The sample's first journey's first step.
fn first_step() -> Value {
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    sample["journeys"][0]["steps"][0].clone()
}

/// The text of a column band of the screen, its rows joined by spaces: what a card there says.
fn band(screen: &str, from: usize, width: usize) -> String {
    let rows: Vec<String> = screen
        .lines()
        .map(|row| row.chars().skip(from).take(width).collect::<String>())
        .collect();
    rows.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn zoomed_at_80x24_the_board_shows_the_first_steps_whole_pain_point() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).size(80, 24).arg(&path).start();
    let step = first_step();
    let pain = step["pain_points"].as_str().unwrap();
    expect(&pty, "Commuter Clara");
    pty.send(TAB);
    pty.send(TAB);
    pty.send("z");
    // The first step's card is the left half of the board, inside its border.
    let whole = format!("Pain: {pain}");
    assert!(
        pty.wait_until(WAIT, |screen| band(screen, 1, 38).contains(&whole)),
        "the pain point is not whole on screen:\n{}",
        pty.screen()
    );
    pty.send("z");
    expect(&pty, "Personas (4)");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn at_120x40_the_board_shows_a_steps_own_field_as_a_lane() {
    let dir = temp_dir();
    let path = dir.path().join("fields.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/sample-fields.json"
        ),
        &path,
    )
    .unwrap();
    let mut pty = Spawn::new(dir.path()).size(120, 40).arg(&path).start();
    expect(&pty, "Commuter Clara");
    // Test-rides, the third card, has a value of the workspace's step field "Backstage".
    expect(&pty, "Backstage: Mechanic");
    pty.send("q");
    expect_exit(&mut pty);
}
