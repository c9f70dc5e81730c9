//! The strategy views of the real program in a pseudo-terminal, as a user drives them: a date
//! set in the item form shows in the calendar, an item made available closes its gap, a search
//! lands on the step it names, an over-spent channel is flagged.
//!
//! Each test works on its own copy of the sample workspace and reads what it expects from the
//! sample's JSON, so the tests say where their numbers come from. Waits are generous (a loaded
//! machine is slow) and nothing asserts on timing.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use journeymap::storage::location::SAMPLE;
use pty::{Pty, close, expect, expect_that, quit, sample_copy, saved_json, start, temp_dir};
use serde_json::Value;

const CTRL_S: &str = "\x13";
const TAB: &str = "\t";
const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const RIGHT: &str = "\x1b[C";
const PAGE_UP: &str = "\x1b[5~";
const PAGE_DOWN: &str = "\x1b[6~";
const BACKSPACE: &str = "\x7f";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn sample_json() -> Value {
    serde_json::from_str(SAMPLE).expect("the sample is JSON")
}

fn repeat(key: &str, times: usize) -> String {
    key.repeat(times)
}

/// The status line's gap count (` saved · 17 gaps · …`).
fn status_gaps(screen: &str) -> Option<usize> {
    let status = screen.lines().last()?;
    let (before, _) = status.split_once(" gap")?;
    before.rsplit(' ').next()?.parse().ok()
}

/// The month the calendar shows, from its title (`Calendar · February 2027`).
fn calendar_month(screen: &str) -> Option<(i32, usize)> {
    let (_, rest) = screen.split_once("Calendar · ")?;
    let mut words = rest.split_whitespace();
    let name = words.next()?;
    let month = MONTHS.iter().position(|m| *m == name)? + 1;
    let year = words.next()?.parse().ok()?;
    Some((year, month))
}

/// Pages the open calendar to a month, one month at a time, waiting for each.
fn calendar_to(pty: &mut Pty, year: i32, month: usize) {
    let target = format!("Calendar · {} {year}", MONTHS[month - 1]);
    for _ in 0..48 {
        // The title, whole (not half drawn).
        expect_that(pty, "the calendar shows no month", |s| {
            calendar_month(s).is_some()
        });
        let screen = pty.screen();
        if screen.contains(&target) {
            return;
        }
        let (y, m) = calendar_month(&screen).expect("the calendar shows a month");
        let (from, to) = (y * 12 + m as i32, year * 12 + month as i32);
        pty.send(if to > from { PAGE_DOWN } else { PAGE_UP });
        let next = from + if to > from { 1 } else { -1 };
        let next = format!(
            "Calendar · {} {}",
            MONTHS[((next - 1) % 12) as usize],
            (next - 1) / 12
        );
        expect(pty, &next);
    }
    panic!("the calendar never reached {target}:\n{}", pty.screen());
}

/// The ids and names the tests look things up by.
fn by_id<'a>(rows: &'a Value, id: &Value) -> &'a Value {
    rows.as_array()
        .expect("a table")
        .iter()
        .find(|row| &row["id"] == id)
        .expect("a reference resolves")
}

fn position_of(rows: &Value, id: &Value) -> usize {
    rows.as_array()
        .expect("a table")
        .iter()
        .position(|row| &row["id"] == id)
        .expect("a reference resolves")
}

/// The first `len` characters of a name, as a narrow column still shows it.
fn prefix(name: &str, len: usize) -> String {
    name.chars().take(len).collect()
}

fn gaps_json(path: &Path) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("gaps")
        .arg(path)
        .arg("--json")
        .output()
        .expect("run journeymap gaps");
    assert!(
        output.status.success(),
        "journeymap gaps failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let gaps: Value = serde_json::from_slice(&output.stdout).expect("gaps as JSON");
    gaps.as_array().expect("a list of gaps").clone()
}

fn same_cell(gap: &Value, step_id: &Value, content_type_id: &Value) -> bool {
    &gap["step_id"] == step_id && &gap["content_type_id"] == content_type_id
}

// ---------------------------------------------------------------------------------------------
// Date → calendar

#[test]
fn a_date_set_in_the_item_form_shows_in_the_calendar_on_that_day() {
    // The first item of the cell Comparison guide × Compares bikes (first journey, step 2).
    let sample = sample_json();
    let journey = &sample["journeys"][0];
    let step = &journey["steps"][1];
    let content_types = &sample["content_types"];
    let guide = content_types
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Comparison guide")
        .expect("the sample has comparison guides");
    let item = sample["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["content_type_id"] == guide["id"] && i["step_ids"][0] == step["id"])
        .expect("the cell has an item");
    let title = item["title"].as_str().unwrap();
    assert_ne!(item["available_on"], "2027-02-14");
    let (row, column) = (position_of(content_types, &guide["id"]), 1);

    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 120, 40);
    // To the grid, on the cell, open it, edit its first item.
    pty.send(&repeat(TAB, 3));
    pty.send(&repeat(DOWN, row));
    pty.send(&repeat(RIGHT, column));
    pty.send(ENTER);
    expect(
        &pty,
        &format!("Comparison guide × {}", step["name"].as_str().unwrap()),
    );
    // Enter reads the item's card; e edits it.
    pty.send("e");
    expect(&pty, "Edit item");
    expect(&pty, title);

    // The date field: clear it, type the new date, save.
    pty.send(&repeat(TAB, 6));
    expect(&pty, "▶ Date");
    pty.send(&repeat(BACKSPACE, 16));
    pty.send("2027-02-14");
    pty.send(CTRL_S);
    expect_that(&pty, "the form was not saved", |s| {
        !s.contains("Edit item") && s.contains("2027-02-14")
    });
    close(&mut pty, "Comparison guide ×");

    // The calendar's agenda (its third mode), paged to February 2027: the item is there on
    // the 14th.
    pty.send("c");
    expect(&pty, " · month ");
    pty.send("w");
    expect(&pty, " · week of ");
    pty.send("w");
    expect(&pty, " · agenda ");
    calendar_to(&mut pty, 2027, 2);
    expect_that(
        &pty,
        &format!("{title:?} is not in the agenda on 2027-02-14"),
        |screen| {
            screen
                .lines()
                .any(|line| line.contains("2027-02-14 Sun") && line.contains(title))
        },
    );
    // In the month beside the agenda, the 14th is marked as a day with items (bold and
    // underlined, so it reads without colour).
    let marked = pty.with_screen(|screen| {
        (2..10).find_map(|row| {
            (1..26).find_map(|col| {
                let cell = |c| screen.cell(row, c).map(|cell| cell.contents());
                (cell(col) == Some("1") && cell(col + 1) == Some("4"))
                    .then(|| screen.cell(row, col + 1).unwrap())
                    .map(|cell| cell.bold() && cell.underline())
            })
        })
    });
    assert_eq!(marked, Some(true), "the 14th:\n{}", pty.screen());
    close(&mut pty, "Calendar · ");
    quit(&mut pty);

    let saved = saved_json(&path);
    let saved_item = by_id(&saved["items"], &item["id"]);
    assert_eq!(saved_item["available_on"], "2027-02-14");
    assert_eq!(saved_item["title"], title);
}

// ---------------------------------------------------------------------------------------------
// Available → the gap vanishes

#[test]
fn an_item_made_available_takes_its_gap_off_the_list() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let before = gaps_json(&path);
    let first = before.first().expect("the sample has gaps").clone();
    let step = first["step"].as_str().unwrap().to_string();
    let content_type = first["content_type"].as_str().unwrap().to_string();
    let (step_id, type_id) = (&first["step_id"], &first["content_type_id"]);
    let lists_the_gap = |screen: &str| {
        screen
            .lines()
            .any(|line| line.contains(&prefix(&step, 16)) && line.contains(&content_type))
    };

    let mut pty = start(dir.path(), &path, 120, 40);
    assert_eq!(status_gaps(&pty.screen()), Some(before.len()));
    pty.send("x");
    expect(&pty, &format!("Gaps · {0} of {0}", before.len()));
    // The first row of the list is the first gap `journeymap gaps` lists.
    let screen = pty.screen();
    let selected = screen
        .lines()
        .find(|line| line.contains("│▶"))
        .expect("a selected gap");
    assert!(
        selected.contains(&prefix(&step, 16)) && selected.contains(&content_type),
        "the first gap is {step} × {content_type}:\n{screen}"
    );

    // Enter: to its cell in the grid; Enter again: the cell's items.
    pty.send(ENTER);
    expect_that(&pty, "the gap list did not close", |s| {
        !s.contains("Gaps · ")
    });
    pty.send(ENTER);
    let cell_title = format!("{content_type} × {step}");
    expect(&pty, &cell_title);
    expect(&pty, "GAP: nothing available");
    if pty.screen().contains("No items here yet") {
        // Nothing in the works: add an item that is available.
        pty.send("a");
        expect(&pty, "New item");
        pty.send("Made for the gap");
        pty.send(&repeat(TAB, 4));
        expect(&pty, "▶ Status");
        for _ in 0..3 {
            if pty.screen().contains("◀ available ▶") {
                break;
            }
            pty.send(RIGHT);
            pty.wait_for("◀ available ▶", Duration::from_secs(2));
        }
        pty.send(CTRL_S);
    } else {
        // Its item, a status at a time: to create → in progress → available.
        for _ in 0..3 {
            let shown = pty.screen();
            if shown.contains("· covered") {
                break;
            }
            pty.send(" ");
            expect_that(&pty, "the status did not change", |s| s != shown);
        }
    }
    expect(&pty, &format!("{content_type} × {step} · covered"));
    expect(&pty, "✓ available");
    close(&mut pty, &cell_title);

    // The gap list again: one fewer, and not that one.
    pty.send("x");
    let after = before.len() - 1;
    expect(&pty, &format!("Gaps · {after} of {after}"));
    let screen = pty.screen();
    assert!(
        !lists_the_gap(&screen),
        "the gap is still listed:\n{screen}"
    );
    assert_eq!(status_gaps(&screen), Some(after), "{screen}");
    close(&mut pty, "Gaps · ");
    quit(&mut pty);

    // The command line agrees: the same gaps less that one.
    let now = gaps_json(&path);
    assert_eq!(now.len(), after);
    assert!(!now.iter().any(|g| same_cell(g, step_id, type_id)));
    let expected: Vec<&Value> = before
        .iter()
        .filter(|g| !same_cell(g, step_id, type_id))
        .collect();
    assert_eq!(now.iter().collect::<Vec<_>>(), expected);
    // And the file says why: an available item of that type on that step.
    let saved = saved_json(&path);
    assert!(
        saved["items"].as_array().unwrap().iter().any(|i| {
            &i["content_type_id"] == type_id
                && i["step_ids"].as_array().unwrap().contains(step_id)
                && i["status"] == "available"
        }),
        "no available item on the cell"
    );
}

// ---------------------------------------------------------------------------------------------
// Search lands on the step

/// Every string of a JSON value, with the key it is under.
fn strings<'a>(value: &'a Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        Value::String(text) => out.push((key, text)),
        Value::Array(values) => values.iter().for_each(|v| strings(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

/// A word of a step's pain points that no other text of the sample contains (ignoring case), on
/// a step that is neither in the journey shown at start nor first in its own (so landing there
/// moves every selection): (journey, step position, step name, word).
fn word_only_in_pain_points(sample: &Value) -> (String, usize, String, String) {
    let mut all = Vec::new();
    strings(sample, "", &mut all);
    let elsewhere = |word: &str, own: &str| {
        all.iter().any(|(key, text)| {
            !(*key == "pain_points" && *text == own) && text.to_lowercase().contains(word)
        })
    };
    for journey in sample["journeys"].as_array().unwrap().iter().skip(1) {
        for (at, step) in journey["steps"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .skip(1)
        {
            let pain = step["pain_points"].as_str().unwrap();
            let words = pain
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 6)
                .map(str::to_lowercase);
            for word in words {
                if !elsewhere(&word, pain) {
                    return (
                        journey["name"].as_str().unwrap().to_string(),
                        at,
                        step["name"].as_str().unwrap().to_string(),
                        word,
                    );
                }
            }
        }
    }
    panic!("no word of the sample is only in one step's pain points");
}

#[test]
fn searching_a_word_of_a_steps_pain_points_lands_on_that_step() {
    let (journey, at, step, word) = word_only_in_pain_points(&sample_json());
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 160, 40);
    assert!(!pty.screen().contains(&format!("Journey · {journey}")));

    pty.send("/");
    expect(&pty, "Search everything");
    pty.send(&word);
    expect(&pty, &format!("/ {word}"));
    expect_that(&pty, "the search finds more or less than one entry", |s| {
        s.lines()
            .any(|line| line.trim_matches(['│', ' ']) == "1 match")
    });
    expect(&pty, "pain points:");
    pty.send(ENTER);
    expect_that(&pty, "the search did not close", |s| {
        !s.contains("Search everything")
    });

    // The board shows the step's journey with the step selected: `▶N Name`.
    expect(&pty, &format!("Journey · {journey}"));
    let marker = format!("▶{} {}", at + 1, prefix(&step, 12));
    expect(&pty, &marker);
    // The marker is on the board's row of step names, not in a list.
    let screen = pty.screen();
    let board_row = screen.lines().nth(1).unwrap_or_default();
    assert!(board_row.contains(&marker), "{screen}");
    quit(&mut pty);
}

// ---------------------------------------------------------------------------------------------
// Over budget

/// Each channel's budget and the summed cost of its items, from the JSON.
fn spending(workspace: &Value) -> Vec<(String, f64, f64)> {
    let items = workspace["items"].as_array().unwrap();
    workspace["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let spent: f64 = items
                .iter()
                .filter(|i| i["channel_id"] == c["id"])
                .map(|i| i["cost"].as_f64().unwrap())
                .sum();
            (
                c["name"].as_str().unwrap().to_string(),
                c["budget"].as_f64().unwrap(),
                spent,
            )
        })
        .collect()
}

#[track_caller]
fn channel_row(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains(name))
        .unwrap_or_else(|| panic!("no row for {name}:\n{screen}"))
        .to_string()
}

#[test]
fn an_over_spent_channel_is_flagged_and_spending_more_flags_another() {
    let sample = sample_json();
    let budgets = spending(&sample);
    let over: Vec<&str> = budgets
        .iter()
        .filter(|(_, budget, spent)| spent > budget)
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert_eq!(over.len(), 1, "the sample over-spends one channel");

    // An item of another channel on the first journey (the one shown at start), first of its
    // cell: more cost on it puts that channel over budget.
    let journey = &sample["journeys"][0];
    let items = sample["items"].as_array().unwrap();
    let item = items
        .iter()
        .find(|i| {
            let Some(channel) = i["channel_id"].as_str() else {
                return false;
            };
            let name = by_id(&sample["channels"], &Value::from(channel))["name"]
                .as_str()
                .unwrap();
            let on_journey = journey["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == i["step_ids"][0]);
            let first_of_cell = items.iter().find(|j| {
                j["content_type_id"] == i["content_type_id"]
                    && j["step_ids"]
                        .as_array()
                        .unwrap()
                        .contains(&i["step_ids"][0])
            }) == Some(*i);
            !over.contains(&name) && on_journey && first_of_cell
        })
        .expect("an item to spend more on");
    let channel = by_id(&sample["channels"], &item["channel_id"]);
    let channel_name = channel["name"].as_str().unwrap();
    let (_, budget, spent) = budgets
        .iter()
        .find(|(name, _, _)| name == channel_name)
        .unwrap();
    let cost = (budget - (spent - item["cost"].as_f64().unwrap()) + 150.0).round();
    let row = position_of(&sample["content_types"], &item["content_type_id"]);
    let column = journey["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == item["step_ids"][0])
        .unwrap();

    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 120, 40);
    pty.send("$");
    expect(&pty, "Channels & budget (EUR) · ");
    expect(&pty, "1 over budget");
    // The whole table is drawn: its last line is the total.
    expect(&pty, "Total");
    let screen = pty.screen();
    for (name, _, _) in &budgets {
        let flagged = channel_row(&screen, name).contains("✗ OVER");
        assert_eq!(flagged, over.contains(&name.as_str()), "{name}:\n{screen}");
    }
    close(&mut pty, "Channels & budget (EUR) · ");

    // The item's cell, its form, the cost field.
    pty.send(&repeat(TAB, 3));
    pty.send(&repeat(DOWN, row));
    pty.send(&repeat(RIGHT, column));
    pty.send(ENTER);
    expect(&pty, " × ");
    // Enter reads the item's card; e edits it.
    pty.send("e");
    expect(&pty, "Edit item");
    expect(&pty, &prefix(item["title"].as_str().unwrap(), 30));
    pty.send(&repeat(TAB, 7));
    expect(&pty, "▶ Cost");
    pty.send(&repeat(BACKSPACE, 20));
    pty.send(&format!("{cost}"));
    pty.send(CTRL_S);
    expect_that(&pty, "the form was not saved", |s| !s.contains("Edit item"));
    close(&mut pty, " × ");

    pty.send("$");
    expect(&pty, "2 over budget");
    expect(&pty, "Total");
    let screen = pty.screen();
    assert!(
        channel_row(&screen, channel_name).contains("✗ OVER"),
        "{channel_name} is not flagged:\n{screen}"
    );
    assert!(channel_row(&screen, over[0]).contains("✗ OVER"));
    close(&mut pty, "Channels & budget (EUR) · ");
    quit(&mut pty);

    let saved = saved_json(&path);
    assert_eq!(by_id(&saved["items"], &item["id"])["cost"], cost);
    let (_, budget, spent) = spending(&saved)
        .into_iter()
        .find(|(name, _, _)| name == channel_name)
        .unwrap();
    assert!(spent > budget, "{channel_name}: {spent} of {budget}");
}

#[test]
fn the_palette_opened_from_the_content_map_adds_a_persona() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let personas = sample_json()["personas"].as_array().unwrap().len();
    let mut pty = start(dir.path(), &path, 80, 24);
    pty.send(&repeat(TAB, 3));
    expect(&pty, "┌ Content map");
    pty.send(":");
    expect(&pty, "Commands");
    pty.send("add persona");
    expect_that(
        &pty,
        "the palette finds \"add a persona\" first",
        |screen| {
            screen
                .lines()
                .any(|l| l.contains("▶ add a persona") && l.contains("personas"))
        },
    );
    pty.send(ENTER);
    expect(&pty, "New persona");
    pty.send("Weekend Wanda");
    pty.send(CTRL_S);
    expect(&pty, "Weekend Wanda");
    expect_that(&pty, "the new persona is saved", |_| {
        saved_json(&path)["personas"]
            .as_array()
            .is_some_and(|p| p.len() == personas + 1)
    });
    quit(&mut pty);
}

/// The first KPI the metrics view lists: the workspace's first strategic one.
fn first_listed_kpi(workspace: &Value) -> usize {
    let metrics = workspace["metrics"].as_array().unwrap();
    metrics
        .iter()
        .position(|m| m["level"] == "strategic")
        .expect("the sample has a strategic KPI")
}

#[test]
fn a_measurement_added_in_a_kpis_history_shows_in_its_list_and_its_sparkline() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    // The first KPI measured twice, its actual the latest.
    let mut workspace = sample_json();
    let kpi = first_listed_kpi(&workspace);
    workspace["metrics"][kpi]["actual"] = 1100.0.into();
    workspace["metrics"][kpi]["measurements"] = serde_json::json!([
        { "on": "2026-06-01", "value": 900.0, "note": "" },
        { "on": "2026-07-01", "value": 1100.0, "note": "" }
    ]);
    fs::write(&path, serde_json::to_string_pretty(&workspace).unwrap()).unwrap();
    let name = workspace["metrics"][kpi]["name"]
        .as_str()
        .unwrap()
        .to_string();

    let mut pty = start(dir.path(), &path, 80, 24);
    pty.send("M");
    expect(&pty, "Metrics (KPIs)");
    expect(&pty, "▁█ ▲+200");
    pty.send(ENTER);
    expect(&pty, &format!("History · {name}"));
    expect(&pty, "2026-07-01  1,100  ▲+200");
    pty.send("a");
    expect(&pty, "New measurement");
    // The date field comes first, offering today: this test names its own day.
    pty.send("\x15");
    pty.send("2026-08-01");
    pty.send(TAB);
    pty.send("1000");
    pty.send(TAB);
    pty.send("dip after the price change");
    pty.send(ENTER);
    expect(
        &pty,
        "2026-08-01  1,000  ▼-100   dip after the price change",
    );
    expect(&pty, "3 measurements");
    close(&mut pty, "History ·");
    // The metrics view's row: a third bar, the move since the one before.
    expect(&pty, "▁█▅ ▼-100");
    expect_that(
        &pty,
        "the measurement is saved with actual following it",
        |_| {
            let saved = saved_json(&path);
            let metric = &saved["metrics"][kpi];
            metric["measurements"]
                .as_array()
                .is_some_and(|m| m.len() == 3)
                && metric["actual"] == 1000.0
        },
    );
    pty.esc();
    expect(&pty, "Commuter Clara");
    quit(&mut pty);
}
