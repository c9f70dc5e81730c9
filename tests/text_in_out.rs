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
use pty::{Pty, Spawn, WAIT, expect, expect_exit, sample_copy, temp_dir};
use serde_json::Value;

const CTRL_S: &str = "\x13";
const TAB: &str = "\t";

fn saved_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read the saved file")).expect("saved JSON")
}

/// The program on `path` at 80×24, once it shows the sample.
fn start(dir: &Path, path: &Path) -> Pty {
    let pty = Spawn::new(dir).arg(path).start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    pty
}

/// Waits until the screen satisfies `test`, failing with `what` and the screen if it never does.
#[track_caller]
fn expect_that(pty: &Pty, what: &str, test: impl Fn(&str) -> bool) {
    assert!(
        pty.wait_until(WAIT, test),
        "{what}; the screen:\n{}",
        pty.screen()
    );
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
