//! The inventory of a large workspace in the real program, as a user drives it: its sorts are
//! worked out off the screen's thread (the title says `sorting…` meanwhile), and the sorted rows
//! show once they land. Nothing asserts on timing.

#[path = "support/generate.rs"]
mod generate;
#[path = "support/pty.rs"]
mod pty;

use std::fs;

use journeymap::storage::encode;
use pty::{Spawn, WAIT, expect, temp_dir};

/// The number a generated title starts with (`item 12: blog post piece`, lowercased).
fn number(title: &str) -> &str {
    title
        .strip_prefix("item ")
        .and_then(|rest| rest.split(':').next())
        .expect("a generated title")
}

#[test]
fn a_large_inventory_sorted_by_title_shows_its_rows_in_the_titles_order() {
    // Large enough for the rows to be worked out on a thread of the loop's.
    let workspace = generate::generate(30_000);
    let items = workspace.items().len();
    assert!(items >= 20_000, "{items} items");
    let mut titles: Vec<String> = workspace
        .items()
        .iter()
        .map(|item| item.title.to_lowercase())
        .collect();
    titles.sort();
    let dir = temp_dir();
    let path = dir.path().join("large.json");
    fs::write(&path, encode(&workspace)).expect("the workspace is written");

    let pty = Spawn::new(dir.path()).arg(&path).size(120, 40).start();
    expect(&pty, " gaps");
    let mut pty = pty;
    pty.send("i");
    expect(&pty, &format!("Inventory · {items} items "));
    pty.send("s");
    // The first rows, once sorted: the smallest titles, one under the other.
    let first: Vec<String> = titles[..5]
        .iter()
        .map(|title| format!("│▶ Item {}:", number(title)))
        .collect();
    let sorted = pty.wait_until(WAIT, |screen| {
        let lines: Vec<&str> = screen.lines().collect();
        screen.contains("by title ↑")
            && !screen.contains("sorting…")
            && first.iter().enumerate().all(|(at, row)| {
                let row = if at == 0 {
                    row.clone()
                } else {
                    row.replace('▶', " ")
                };
                lines.get(3 + at).is_some_and(|line| line.starts_with(&row))
            })
    });
    assert!(sorted, "{}", pty.screen());
}
