//! Planning helpers of the real program in a pseudo-terminal: duplicating a journey, the
//! budget by media, the month calendar and adding an item on one of its days, and the inventory.
//!
//! The test works on its own copy of the sample workspace and compares what was saved with the
//! sample's JSON.

#[path = "support/pty.rs"]
mod pty;

use std::collections::{HashMap, HashSet};
use std::fs;

use journeymap::model::Date;
use journeymap::storage::location::SAMPLE;
use pty::{Spawn, WAIT, assert_checks, expect, expect_exit, sample_copy, start, temp_dir};
use serde_json::Value;

const TAB: &str = "\t";

fn journeys(workspace: &Value) -> &Vec<Value> {
    workspace["journeys"].as_array().expect("journeys")
}

fn step_ids(journey: &Value) -> Vec<&str> {
    journey["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["id"].as_str().expect("a step id"))
        .collect()
}

#[test]
fn d_on_a_journey_then_q_saves_a_copy_with_its_steps_and_mappings_under_new_ids() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 120, 40);
    pty.send(TAB);
    pty.send("D");
    expect(&pty, "duplicate journey");
    pty.send("q");
    expect_exit(&mut pty);

    let before: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    let after: Value = serde_json::from_slice(&fs::read(&path).expect("saved")).expect("JSON");
    assert_eq!(journeys(&after).len(), journeys(&before).len() + 1);
    let at = journeys(&after)
        .iter()
        .position(|j| j["name"].as_str().is_some_and(|n| n.ends_with(" (copy)")))
        .expect("a journey named … (copy)");
    let (original, copy) = (&journeys(&after)[at - 1], &journeys(&after)[at]);
    assert_eq!(
        copy["name"].as_str().unwrap(),
        format!("{} (copy)", original["name"].as_str().unwrap())
    );
    assert_ne!(copy["id"], original["id"]);

    // The same steps but for their ids, which are new: unknown to the file before, and each
    // used by one step.
    let renamed: HashMap<&str, &str> = step_ids(original).into_iter().zip(step_ids(copy)).collect();
    let new_ids: HashSet<&str> = renamed.values().copied().collect();
    assert_eq!(new_ids.len(), renamed.len());
    for new in new_ids.iter().chain([&copy["id"].as_str().unwrap()]) {
        assert!(!SAMPLE.contains(new), "{new} was taken");
    }
    let without_id = |step: &Value| {
        let mut step = step.clone();
        step.as_object_mut().unwrap().remove("id");
        step
    };
    let steps = |j: &Value| -> Vec<Value> {
        j["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(without_id)
            .collect()
    };
    assert_eq!(steps(copy), steps(original));
    let mappings = |j: &Value, rename: &dyn Fn(&str) -> String| -> HashSet<(String, String)> {
        j["mappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    rename(m["step_id"].as_str().unwrap()),
                    m["content_type_id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert!(!mappings(original, &|s| s.to_string()).is_empty());
    assert_eq!(
        mappings(copy, &|s| s.to_string()),
        mappings(original, &|s| renamed[s].to_string())
    );

    assert_checks(&path);
}

#[test]
fn the_channels_view_shows_paid_owned_and_earned_media_with_planned_and_spent() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).size(120, 40).start();
    expect(&pty, "Commuter Clara");
    pty.send("$");
    // The table may still be drawing when its heading shows: wait for the whole of it.
    let media = ["paid media", "owned media", "earned media"];
    let figures = |screen: &str, media: &str| {
        let row = screen.lines().find(|line| line.contains(media))?;
        Some(row.split_whitespace().filter(|w| w.contains('.')).count())
    };
    pty.wait_until(WAIT, |screen| {
        screen.contains("SPENT") && media.iter().all(|m| figures(screen, m) == Some(4))
    });
    let screen = pty.screen();
    assert!(screen.contains("SPENT"), "{screen}");
    for media in media {
        // Budget, planned, spent and left on each media's row.
        assert_eq!(figures(&screen, media), Some(4), "{media} in:\n{screen}");
    }
    pty.send("q");
    expect(&pty, "Personas (");
    pty.send("q");
    expect_exit(&mut pty);
}

#[test]
fn the_calendar_opens_on_todays_month_with_monday_first_and_a_on_a_day_adds_an_item_there() {
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = start(dir.path(), &path, 120, 40);
    // "Today" is the machine's; the calendar opens on its month.
    let today = Date::today();
    pty.send("c");
    expect(
        &pty,
        &format!("Calendar · {} {} · month", today.month_name(), today.year()),
    );
    expect(&pty, "Mo Tu We Th Fr Sa Su");
    pty.send("w");
    expect(&pty, " · week of ");
    pty.send("w");
    expect(&pty, " · agenda ");
    pty.send("w");
    expect(&pty, " · month ");

    // The next day: a new item there, on the first journey's first step.
    let day = today.add_days(1).expect("a day after today");
    pty.send("l");
    expect(&pty, &format!("{} · ", day.spoken()));
    pty.send("a");
    expect(&pty, "New item");
    pty.send("Spring commute stickers");
    pty.send(TAB);
    pty.send(TAB);
    expect(&pty, "▶ Journey › step");
    pty.send("\x1b[C");
    pty.send("\x13");
    // Listed under the grid as the day's item, the one the keys act on.
    assert!(
        pty.wait_until(WAIT, |screen| screen.lines().any(|line| line
            .contains("▶ ○ ")
            && line.contains("Spring commute stickers"))),
        "the new item is not listed on its day:\n{}",
        pty.screen()
    );
    pty.send("q");
    expect(&pty, "Personas (");
    pty.send("q");
    expect_exit(&mut pty);

    let before: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    let after: Value = serde_json::from_slice(&fs::read(&path).expect("saved")).expect("JSON");
    let item = after["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["title"] == "Spring commute stickers")
        .expect("the item was saved");
    assert_eq!(item["available_on"], day.to_string());
    assert_eq!(item["step_ids"][0], journeys(&before)[0]["steps"][0]["id"]);
    assert_eq!(item["content_type_id"], before["content_types"][0]["id"]);
    assert_checks(&path);
}

/// The first `YYYY-MM-DD` in a line of the screen.
fn date_in(line: &str) -> Option<&str> {
    line.as_bytes().windows(10).enumerate().find_map(|(at, w)| {
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10))
            .then(|| &line[at..at + 10])
    })
}

#[test]
fn the_inventory_from_the_palette_lists_every_item_and_sorts_the_earliest_date_first() {
    let sample: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    let items = sample["items"].as_array().expect("items");
    let earliest = items
        .iter()
        .filter_map(|i| i["available_on"].as_str())
        .min()
        .expect("dated items");
    let dir = temp_dir();
    let path = sample_copy(dir.path());
    let mut pty = Spawn::new(dir.path()).arg(&path).size(120, 40).start();
    expect(&pty, "Commuter Clara");
    pty.send(":");
    expect(&pty, "Commands");
    pty.send("inventory");
    expect(&pty, "inventory: every item");
    pty.send("\r");
    expect(&pty, &format!("Inventory · {} items ", items.len()));
    // Sort by the next column until the title says the date.
    for _ in 0..9 {
        if pty.screen().contains("by date ↑") {
            break;
        }
        let before = pty.screen();
        pty.send("s");
        let changed = pty.wait_until(std::time::Duration::from_secs(5), |s| s != before);
        assert!(changed, "the sort did not change:\n{}", pty.screen());
    }
    expect(&pty, "by date ↑");
    // The title is drawn before the rows below it: wait for the rows too, not only the title.
    let first_date = |screen: &str| {
        screen
            .lines()
            .skip_while(|line| !line.contains("TITLE"))
            .nth(1)
            .and_then(date_in)
            .map(str::to_owned)
    };
    let sorted = pty.wait_until(std::time::Duration::from_secs(5), |screen| {
        first_date(screen).as_deref() == Some(earliest)
    });
    assert!(sorted, "the earliest date is not first:\n{}", pty.screen());
    pty.send("q");
    expect(&pty, "Personas (");
    pty.send("q");
    expect_exit(&mut pty);
}
