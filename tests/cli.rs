//! The real binary, run as a user or a script would: `new`, `check`, `gaps`, `fmt`.

mod support;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use journeymap::storage::location::SAMPLE;
use journeymap::storage::lock::{acquire, lock_path};
use journeymap::storage::{LockState, decode, encode};
use serde_json::{Value, json};
use support::{Run, compact, generate, inode, mode, names_in, run, set_mode, temp_dir, write_file};

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_creates_the_sample_readable_by_its_owner_only() {
    let dir = temp_dir();
    let path = dir.path().join("acme.json");
    let out = run(&["new", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("acme.json"), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
    assert_eq!(mode(&path), 0o600);
    assert_eq!(names_in(dir.path()), ["acme.json"]);
}

#[test]
fn new_blank_creates_an_empty_valid_workspace_named_after_the_file() {
    let dir = temp_dir();
    let path = dir.path().join("Q3 plan.json");
    let out = run(&["new", path_arg(&path), "--template", "blank"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(mode(&path), 0o600);
    let bytes = fs::read(&path).unwrap();
    let workspace = decode(&bytes).unwrap();
    assert_eq!(workspace.name(), "Q3 plan");
    assert_eq!(workspace.items().len(), 0);
    assert_eq!(workspace.journeys().len(), 0);
    assert_eq!(encode(&workspace), bytes, "a new file is canonical");

    let named = dir.path().join("named.json");
    let out = run(&[
        "new",
        path_arg(&named),
        "--template",
        "blank",
        "--name",
        "Acme",
    ]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(decode(&fs::read(&named).unwrap()).unwrap().name(), "Acme");
}

#[test]
fn new_refuses_to_overwrite_and_leaves_the_file_intact() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "mine.json", "my precious notes\n");
    set_mode(&path, 0o644);
    let before = inode(&path);
    for template in ["sample", "blank"] {
        let out = run(&["new", path_arg(&path), "--template", template]);
        out.assert_no_panic();
        assert_eq!(out.code, Some(1), "{out:#?}");
        assert!(out.stderr.contains("mine.json"), "{out:#?}");
        assert!(out.stderr.contains("already exists"), "{out:#?}");
        assert_eq!(fs::read(&path).unwrap(), b"my precious notes\n");
        assert_eq!(inode(&path), before);
        assert_eq!(mode(&path), 0o644);
    }
    assert_eq!(names_in(dir.path()), ["mine.json"]);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_of_the_sample_prints_its_counts() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "sample.json", SAMPLE);
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_summary(&out, SAMPLE.as_bytes());
}

/// The summary's lines state the workspace's counts.
fn assert_summary(out: &Run, file: &[u8]) {
    assert!(out.stdout.contains(": valid"), "{out:#?}");
    let raw: Value = serde_json::from_slice(file).unwrap();
    let steps: usize = raw["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["steps"].as_array().unwrap().len())
        .sum();
    let count = |key: &str| raw[key].as_array().unwrap().len();
    for (label, n) in [
        ("personas", count("personas")),
        ("journeys", count("journeys")),
        ("steps", steps),
        ("content types", count("content_types")),
        ("items", count("items")),
        ("metrics", count("metrics")),
        ("channels", count("channels")),
        ("objectives", count("objectives")),
        ("gaps", independent_gaps(&raw).len()),
    ] {
        let found = out
            .stdout
            .lines()
            .find(|line| line.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in {out:#?}"));
        let number = found.trim_start()[label.len()..]
            .split_whitespace()
            .next()
            .unwrap();
        assert_eq!(number, n.to_string(), "{label} in {found:?}");
    }
}

/// The sample as JSON, changed by `change`, written to `dir/name`.
fn broken_sample(dir: &Path, name: &str, change: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    change(&mut value);
    write_file(dir, name, serde_json::to_vec_pretty(&value).unwrap())
}

/// Runs `check` on a broken file: exit 1, and stderr names the file and every given word.
fn assert_check_refuses(path: &Path, words: &[&str]) -> Run {
    let before = fs::read(path).unwrap();
    let out = run(&["check", path_arg(path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains(path_arg(path)),
        "stderr names the file: {out:#?}"
    );
    for word in words {
        assert!(out.stderr.contains(word), "{word:?} missing in {out:#?}");
    }
    assert!(!out.stdout.contains(": valid"), "{out:#?}");
    assert_eq!(fs::read(path).unwrap(), before, "check never writes");
    out
}

#[test]
fn check_refuses_a_truncated_file() {
    let dir = temp_dir();
    let path = write_file(
        dir.path(),
        "cut.json",
        &SAMPLE.as_bytes()[..SAMPLE.len() * 2 / 3],
    );
    assert_check_refuses(&path, &["line", "column", "cut short"]);
}

#[test]
fn check_refuses_a_dangling_id_and_names_the_entry_and_field() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "dangling.json", |v| {
        v["items"][3]["content_type_id"] = json!("00000000-0000-4000-8000-00000000dead");
    });
    assert_check_refuses(
        &path,
        &[
            "items[3]",
            "content_type_id",
            "00000000-0000-4000-8000-00000000dead",
        ],
    );
}

#[test]
fn check_refuses_a_duplicate_id_and_names_the_entry_and_field() {
    let dir = temp_dir();
    let mut first = String::new();
    let path = broken_sample(dir.path(), "duplicate.json", |v| {
        first = v["personas"][0]["id"].as_str().unwrap().to_string();
        v["personas"][1]["id"] = json!(first);
    });
    let out = assert_check_refuses(&path, &["personas[1]", ": id", &first]);
    assert!(
        out.stderr.contains("personas[0]"),
        "says which entry had it first: {out:#?}"
    );
}

#[test]
fn check_refuses_a_metric_better_neither_higher_nor_lower_and_names_the_metric_and_field() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "better.json", |v| {
        v["metrics"][4]["better"] = json!("smaller");
    });
    assert_check_refuses(
        &path,
        &[
            "metrics[4] \"Blended acquisition cost per new customer\": better",
            "`smaller`",
            "`higher` or `lower`",
        ],
    );
}

#[test]
fn check_refuses_an_emotion_out_of_range_and_names_the_step_and_field() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "emotion.json", |v| {
        v["journeys"][1]["steps"][2]["emotion"] = json!(9);
    });
    assert_check_refuses(&path, &["journeys[1].steps[2]", "emotion", "9"]);
}

#[test]
fn check_reports_every_problem_of_a_file_not_just_the_first() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "many.json", |v| {
        v["journeys"][0]["steps"][0]["emotion"] = json!(0);
        v["items"][0]["status"] = json!("finished");
        v["channels"][0]["media"] = json!("\u{1b}[31mred");
    });
    let out = assert_check_refuses(
        &path,
        &[
            "journeys[0].steps[0]",
            "emotion",
            "items[0]",
            "status",
            "channels[0]",
            "media",
            "3 problems",
        ],
    );
    assert!(
        !out.stderr.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
}

#[test]
fn check_refuses_a_newer_version() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "future.json", |v| v["version"] = json!(2));
    assert_check_refuses(&path, &["version 2", "newer"]);
}

#[test]
fn check_refuses_what_is_not_json_at_all() {
    let dir = temp_dir();
    for (name, bytes) in [
        ("words.json", &b"this is not JSON\n"[..]),
        ("empty.json", b""),
        ("binary.json", b"\x00\xff\xfe garbage"),
        ("array.json", b"[1, 2, 3]\n"),
        (
            "other.json",
            b"{\"format\": \"something-else\", \"version\": 1}\n",
        ),
    ] {
        let path = write_file(dir.path(), name, bytes);
        let out = run(&["check", path_arg(&path)]);
        out.assert_no_panic();
        assert_eq!(out.code, Some(1), "{name}: {out:#?}");
        assert!(out.stderr.contains(name), "{name}: {out:#?}");
        assert_eq!(
            out.stderr.trim().lines().count(),
            1,
            "one sentence: {out:#?}"
        );
    }
}

#[test]
fn check_of_a_missing_file_exits_2() {
    let dir = temp_dir();
    let path = dir.path().join("nowhere.json");
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(out.stderr.contains("nowhere.json"), "{out:#?}");
    assert!(!out.stderr.contains("os error"), "{out:#?}");
    assert!(!path.exists());
}

#[test]
fn check_passes_a_generated_workspace_of_100_000_items() {
    let dir = temp_dir();
    let bytes = encode(&generate(100_000));
    let path = write_file(dir.path(), "big.json", &bytes);
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_summary(&out, &bytes);
}

// ---------------------------------------------------------------------------------------------
// gaps

/// A gap as (journey id, step id, content type id, journey, step, content type).
type GapKey = (String, String, String, String, String, String);

/// The gaps, computed from the raw JSON without the library: a cell (content type × step) is a
/// gap when the type is mapped to the step, explicitly or by an item of that type on the step,
/// and no item of that type on that step is available. Journey by journey, step by step, in the
/// content types' order.
fn independent_gaps(raw: &Value) -> Vec<GapKey> {
    let text = |v: &Value| v.as_str().unwrap().to_string();
    // (step id, content type id) → whether an item is there, and whether one is available.
    let mut cells: HashMap<(String, String), (bool, bool)> = HashMap::new();
    for item in raw["items"].as_array().unwrap() {
        for step in item["step_ids"].as_array().unwrap() {
            let cell = cells
                .entry((text(step), text(&item["content_type_id"])))
                .or_default();
            cell.0 = true;
            cell.1 |= item["status"] == "available";
        }
    }
    let mut gaps = Vec::new();
    for journey in raw["journeys"].as_array().unwrap() {
        let explicit: HashSet<(String, String)> = journey["mappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (text(&m["step_id"]), text(&m["content_type_id"])))
            .collect();
        for step in journey["steps"].as_array().unwrap() {
            for kind in raw["content_types"].as_array().unwrap() {
                let key = (text(&step["id"]), text(&kind["id"]));
                let (has_items, available) = cells.get(&key).copied().unwrap_or_default();
                if (explicit.contains(&key) || has_items) && !available {
                    gaps.push((
                        text(&journey["id"]),
                        text(&step["id"]),
                        text(&kind["id"]),
                        text(&journey["name"]),
                        text(&step["name"]),
                        text(&kind["name"]),
                    ));
                }
            }
        }
    }
    gaps
}

fn assert_gaps_match(path: &Path) -> usize {
    let raw: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    let expected = independent_gaps(&raw);

    let out = run(&["gaps", "--json", path_arg(path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let listed: Vec<Value> = serde_json::from_str(&out.stdout).expect("gaps --json is JSON");
    let got: Vec<GapKey> = listed
        .iter()
        .map(|g| {
            let text = |key: &str| g[key].as_str().unwrap().to_string();
            (
                text("journey_id"),
                text("step_id"),
                text("content_type_id"),
                text("journey"),
                text("step"),
                text("content_type"),
            )
        })
        .collect();
    assert_eq!(got, expected);

    // Each gap names the personas of its journey.
    for gap in &listed {
        let journey = raw["journeys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["id"] == gap["journey_id"])
            .unwrap();
        let names: Vec<&str> = journey["persona_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                raw["personas"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["id"] == *id)
                    .unwrap()["name"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(gap["persona"], names.join(", "));
    }

    let out = run(&["gaps", path_arg(path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    if expected.is_empty() {
        assert!(out.stdout.starts_with("no gaps"), "{out:#?}");
    } else {
        let header = lines[0];
        for word in ["PERSONA", "JOURNEY", "STEP", "CONTENT TYPE"] {
            assert!(header.contains(word), "{header:?}");
        }
        let plural = if expected.len() == 1 { "" } else { "s" };
        assert_eq!(
            *lines.last().unwrap(),
            format!("{} gap{plural}", expected.len())
        );
        assert_eq!(
            lines.len(),
            expected.len() + 2,
            "header, one line per gap, total"
        );
        for (line, gap) in lines[1..].iter().zip(&expected) {
            let short = |s: &str| s.chars().take(40).collect::<String>();
            assert!(
                line.contains(&short(&gap.4)),
                "{line:?} lacks step {:?}",
                gap.4
            );
            assert!(
                line.ends_with(&short(&gap.5)),
                "{line:?} lacks type {:?}",
                gap.5
            );
        }
    }
    expected.len()
}

#[test]
fn gaps_of_the_sample_match_an_independent_computation() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "sample.json", SAMPLE);
    assert!(assert_gaps_match(&path) > 0, "the sample shows some gaps");
}

#[test]
fn gaps_of_a_generated_workspace_match_an_independent_computation() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "generated.json", encode(&generate(4_000)));
    assert!(assert_gaps_match(&path) > 0);
}

#[test]
fn gaps_counts_cells_mapped_only_by_an_item_and_ignores_available_ones() {
    let dir = temp_dir();
    // Make every item of the sample available: only explicit mappings without items stay gaps.
    let all_available = broken_sample(dir.path(), "available.json", |v| {
        for item in v["items"].as_array_mut().unwrap() {
            item["status"] = json!("available");
        }
    });
    assert_gaps_match(&all_available);
    // Remove every mapping and make every item to-create: each item's cells are gaps.
    let implied = broken_sample(dir.path(), "implied.json", |v| {
        for journey in v["journeys"].as_array_mut().unwrap() {
            journey["mappings"] = json!([]);
        }
        for item in v["items"].as_array_mut().unwrap() {
            item["status"] = json!("to_create");
        }
    });
    assert!(assert_gaps_match(&implied) > 0);
    // No mappings and no items: no gaps.
    let empty = broken_sample(dir.path(), "empty.json", |v| {
        for journey in v["journeys"].as_array_mut().unwrap() {
            journey["mappings"] = json!([]);
        }
        v["items"] = json!([]);
        v["metrics"] = json!([]);
    });
    assert_eq!(assert_gaps_match(&empty), 0);
    let out = run(&["gaps", "--json", path_arg(&empty)]);
    assert_eq!(out.stdout.trim(), "[]");
}

#[test]
fn gaps_of_a_broken_file_fails_like_check() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "bad.json", |v| {
        v["journeys"][0]["steps"][0]["emotion"] = json!(9);
    });
    let out = run(&["gaps", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("bad.json") && out.stderr.contains("emotion"));
    let out = run(&["gaps", "--json", path_arg(&dir.path().join("missing.json"))]);
    assert_eq!(out.code, Some(2), "{out:#?}");
}

// ---------------------------------------------------------------------------------------------
// fmt

#[test]
fn fmt_leaves_a_canonical_file_alone() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let before = fs::metadata(&path).unwrap();
    let out = run(&["fmt", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("already"), "{out:#?}");
    let after = fs::metadata(&path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
    assert_eq!(
        inode(&path),
        std::os::unix::fs::MetadataExt::ino(&before),
        "not rewritten"
    );
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    assert_eq!(names_in(dir.path()), ["ws.json"]);
}

#[test]
fn fmt_rewrites_a_compact_file_in_canonical_form_and_keeps_its_mode() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let path = write_file(dir.path(), "ws.json", compact(&ws));
    set_mode(&path, 0o640);
    let before = inode(&path);

    let out = run(&["fmt", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(
        fs::read(&path).unwrap(),
        SAMPLE.as_bytes(),
        "canonical bytes"
    );
    assert_eq!(mode(&path), 0o640);
    assert_ne!(inode(&path), before, "replaced atomically");
    assert_eq!(
        names_in(dir.path()),
        ["ws.json"],
        "no temporary or lock file left"
    );
}

#[test]
fn fmt_of_a_file_with_reordered_keys_and_a_bom_gives_canonical_bytes() {
    let dir = temp_dir();
    // serde_json's Value sorts keys; with a BOM and CRLF-free pretty printing of 4 spaces.
    let value: Value = serde_json::from_str(SAMPLE).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut bytes,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    serde::Serialize::serialize(&value, &mut serializer).unwrap();
    let path = write_file(dir.path(), "ws.json", &bytes);
    let out = run(&["fmt", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn fmt_check_exit_codes() {
    let dir = temp_dir();
    let canonical = write_file(dir.path(), "canonical.json", SAMPLE);
    let out = run(&["fmt", "--check", path_arg(&canonical)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");

    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let loose_bytes = compact(&ws);
    let loose = write_file(dir.path(), "loose.json", &loose_bytes);
    let before = inode(&loose);
    let out = run(&["fmt", "--check", path_arg(&loose)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("loose.json"), "{out:#?}");
    assert_eq!(
        fs::read(&loose).unwrap(),
        loose_bytes,
        "--check changes nothing"
    );
    assert_eq!(inode(&loose), before);

    let invalid = broken_sample(dir.path(), "invalid.json", |v| {
        v["items"][0]["status"] = json!("done");
    });
    let out = run(&["fmt", "--check", path_arg(&invalid)]);
    assert_eq!(out.code, Some(1), "{out:#?}");

    let out = run(&["fmt", "--check", path_arg(&dir.path().join("missing.json"))]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert_eq!(
        names_in(dir.path()),
        ["canonical.json", "invalid.json", "loose.json"]
    );
}

#[test]
fn fmt_refuses_an_invalid_file_without_touching_it() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "bad.json", |v| {
        v["journeys"][0]["mappings"][0]["content_type_id"] =
            json!("00000000-0000-4000-8000-000000000bad");
    });
    let before = fs::read(&path).unwrap();
    let ino = inode(&path);
    let out = run(&["fmt", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains("bad.json") && out.stderr.contains("journeys[0]"),
        "{out:#?}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(inode(&path), ino);
    assert_eq!(names_in(dir.path()), ["bad.json"]);
}

#[test]
fn fmt_refuses_a_newer_version_without_touching_it() {
    let dir = temp_dir();
    // Not canonical either (compact), so only the version stops fmt from rewriting it.
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    value["version"] = json!(7);
    value["new_feature"] = json!({"kept": true});
    let bytes = serde_json::to_vec(&value).unwrap();
    let path = write_file(dir.path(), "future.json", &bytes);
    let ino = inode(&path);
    let out = run(&["fmt", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("future.json") && out.stderr.contains("version 7"));
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(inode(&path), ino);
    assert_eq!(names_in(dir.path()), ["future.json"]);
}

#[test]
fn fmt_refuses_a_file_someone_is_editing() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let bytes = compact(&ws);
    let path = write_file(dir.path(), "ws.json", &bytes);
    let real = fs::canonicalize(&path).unwrap();
    let LockState::Held(lock) = acquire(&real).unwrap() else {
        panic!("the lock is free");
    };
    let out = run(&["fmt", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains(&format!("pid {}", std::process::id())),
        "says who edits it: {out:#?}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(lock_path(&real).exists(), "our lock file is left alone");
    drop(lock);
    let out = run(&["fmt", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn fmt_through_a_symlink_rewrites_the_target_and_keeps_the_link() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let target = write_file(dir.path(), "target.json", compact(&ws));
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let out = run(&["fmt", path_arg(&link)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(link.is_symlink(), "the link is still a link");
    assert_eq!(fs::read(&target).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(dir.path()), ["link.json", "target.json"]);
}

#[test]
fn usage_errors_exit_2_without_a_panic() {
    for args in [
        &["check"][..],
        &["gaps", "--nope", "x"],
        &["frobnicate", "a", "b"],
    ] {
        let out = run(args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(2), "{args:?}: {out:#?}");
    }
    let out = run(&["--help"]);
    assert_eq!(out.code, Some(0));
    for word in ["new", "check", "gaps", "fmt"] {
        assert!(out.stdout.contains(word), "{out:#?}");
    }
}

#[test]
fn another_tools_json_is_not_a_workspace_whatever_its_version() {
    let dir = temp_dir();
    let package = write_file(
        dir.path(),
        "package.json",
        r#"{"name": "site", "version": "1.0.0", "scripts": {"build": "vite build"}}"#,
    );
    let out = run(&["check", path_arg(&package)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr
            .contains(r#"this is not a journeymap workspace (no "format": "journeymap")"#),
        "{out:#?}"
    );
    assert!(!out.stderr.contains("version number"), "{out:#?}");
}

#[test]
fn the_help_of_each_subcommand_describes_its_path() {
    for command in ["new", "check", "gaps", "fmt"] {
        // Short help: the description on the line of `<PATH>`.
        let out = run(&[command, "-h"]);
        assert_eq!(out.code, Some(0), "{out:#?}");
        let line = out
            .stdout
            .lines()
            .find(|line| line.trim_start().starts_with("<PATH>"))
            .unwrap_or_else(|| panic!("no <PATH> in {out:#?}"));
        assert!(
            !line.trim_start()["<PATH>".len()..].trim().is_empty(),
            "`{command} --help` leaves PATH undescribed: {out:#?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// opening: typos and new paths

/// Runs the binary in `dir` with no terminal.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    support::run_command(
        std::process::Command::new(support::binary())
            .args(args)
            .current_dir(dir),
    )
}

#[test]
fn a_misspelt_subcommand_asks_did_you_mean_and_creates_nothing() {
    let dir = temp_dir();
    write_file(dir.path(), "plan.json", SAMPLE);
    for args in [
        &["exprot"][..],
        &["exprot", "plan.json"],
        &["chekc", "plan.json"],
    ] {
        let out = run_in(dir.path(), args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(2), "{args:?}: {out:#?}");
        let meant = if args[0] == "exprot" {
            "export"
        } else {
            "check"
        };
        assert!(
            out.stderr.contains(&format!("did you mean '{meant}'?")),
            "{args:?}: {out:#?}"
        );
        assert!(!out.stderr.contains("cannot be used with"), "{out:#?}");
        assert_eq!(
            names_in(dir.path()),
            ["plan.json"],
            "{args:?} created a file"
        );
    }
}

#[test]
fn opening_a_path_that_names_nothing_creates_nothing_without_a_terminal() {
    let dir = temp_dir();
    let out = run_in(dir.path(), &["launch-plan.json"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(out.stderr.contains("needs a terminal"), "{out:#?}");
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile places to read from and write to

/// Runs the binary with its standard output a pipe whose reading end is already closed, as
/// `journeymap … | head -1` gives once `head` has its line.
fn run_into_closed_pipe(args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(support::binary())
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .output()
        .expect("run the journeymap binary");
    Run {
        code: output.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn a_closed_pipe_on_standard_output_is_a_quiet_exit_for_every_command() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let compact_path = write_file(dir.path(), "compact.json", compact(&ws));
    let csv = write_file(dir.path(), "in.csv", "title,type\nNew guide,Guide\n");
    let p = path_arg(&path);
    let new_path = dir.path().join("new.json");
    let runs: [&[&str]; 9] = [
        &["check", p],
        &["gaps", p],
        &["gaps", "--json", p],
        &["fmt", p],
        &["fmt", path_arg(&compact_path)],
        &["export", p, "--format", "markdown"],
        &["diff", p, path_arg(&compact_path)],
        &["import", p, "--csv", path_arg(&csv), "--dry-run"],
        &["new", path_arg(&new_path)],
    ];
    for args in runs {
        let out = run_into_closed_pipe(args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(0), "{args:?}: {out:#?}");
        assert_eq!(
            out.stderr, "",
            "{args:?}: nothing to say about it: {out:#?}"
        );
    }
    // The work was done all the same.
    assert_eq!(fs::read(&compact_path).unwrap(), SAMPLE.as_bytes());
    assert!(new_path.exists());
}

#[test]
fn check_refuses_a_device_at_once_with_a_sentence() {
    let out = run(&["check", "/dev/zero"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert_eq!(
        out.stderr.trim(),
        "/dev/zero: cannot read: it is a device, not a regular file"
    );
}

#[test]
fn check_refuses_a_named_pipe_without_waiting_for_a_writer() {
    let dir = temp_dir();
    let fifo = dir.path().join("pipe.json");
    let c_path = std::ffi::CString::new(path_arg(&fifo)).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let mut child = std::process::Command::new(support::binary())
        .args(["check", path_arg(&fifo)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > end {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("check on a named pipe still waits after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:#?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("pipe.json: cannot read: it is a named pipe, not a regular file"),
        "{stderr}"
    );
}

#[test]
fn check_refuses_a_file_larger_than_any_workspace_without_reading_it() {
    let dir = temp_dir();
    let path = dir.path().join("huge.json");
    // Sparse: 600 MiB that take no room and would take seconds and memory to read.
    fs::File::create(&path).unwrap().set_len(600 << 20).unwrap();
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(
        out.stderr
            .contains("huge.json: cannot read: it is larger than 512 MiB"),
        "{out:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The user's own files beside the workspace

#[test]
fn fmt_never_removes_the_users_own_dot_files() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let mine = [
        ".plan.json.backup",
        ".plan.json.before",
        ".plan.json.x1Y2z3",
    ];
    for name in mine {
        write_file(dir.path(), name, "my own notes");
    }
    // Made before the workspace: as old as any leftover could be.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = write_file(dir.path(), "plan.json", compact(&ws));
    let out = run(&["fmt", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
    for name in mine {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            "my own notes",
            "{name}"
        );
    }
}

#[test]
fn fmt_sweeps_what_a_killed_save_and_backup_left_behind() {
    let dir = temp_dir();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    let temp = write_file(
        dir.path(),
        ".plan.json.journeymap-00112233445566778899aabbccddeeff.tmp",
        "half a save",
    );
    let backup_link = write_file(dir.path(), "plan.json.bak.31337", "an old version");
    // The workspace is written after them, as it is when a later save succeeded.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = write_file(dir.path(), "plan.json", compact(&ws));
    let out = run(&["fmt", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(
        !temp.exists() && !backup_link.exists(),
        "{:?}",
        names_in(dir.path())
    );
    assert_eq!(names_in(dir.path()), ["plan.json"]);
}

#[test]
fn check_refuses_absurd_costs_naming_entry_and_field_without_overflowing() {
    let dir = temp_dir();
    let path = broken_sample(dir.path(), "rich.json", |v| {
        // Two huge costs on one channel: their sum overflowed the spent total.
        let channel = v["channels"][0]["id"].clone();
        for at in [0, 1] {
            v["items"][at]["channel_id"] = channel.clone();
            v["items"][at]["cost"] = json!(1e300);
        }
    });
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains("items[0]")
            && out
                .stderr
                .contains(": cost: 1e300 is larger than any budget (at most 10000000000000)"),
        "{out:#?}"
    );
    assert!(out.stderr.contains("items[1]"), "{out:#?}");
}

#[test]
fn fmt_keeps_every_number_digit_for_digit() {
    let dir = temp_dir();
    let canonical = encode(&decode(SAMPLE.as_bytes()).unwrap());
    let text = String::from_utf8(canonical).unwrap();
    // A KPI actual an approximate parser reads one bit off, and unknown fields no double holds.
    let actual = text
        .find("\"actual\": ")
        .expect("the sample has a KPI actual");
    let end = actual + text[actual..].find(',').unwrap();
    let text = format!(
        "{}\"actual\": 0.21298617672715017{}",
        &text[..actual],
        &text[end..]
    )
    .replacen(
        "\"format\": \"journeymap\",",
        "\"format\": \"journeymap\",\n  \"big\": 123456789012345678901234567890,\n  \"precise\": 1.00000000000000000001,",
        1,
    );
    // Where the canonical form puts them.
    let text = String::from_utf8(encode(&decode(text.as_bytes()).unwrap())).unwrap();
    for spelled in [
        "\"actual\": 0.21298617672715017",
        "\"big\": 123456789012345678901234567890",
        "\"precise\": 1.00000000000000000001",
    ] {
        assert!(text.contains(spelled), "{spelled} is lost");
    }
    let path = write_file(dir.path(), "plan.json", &text);
    let out = run(&["fmt", "--check", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let out = run(&["fmt", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

// ---------------------------------------------------------------------------------------------
// config

#[test]
fn config_default_prints_a_file_that_parses_and_names_every_setting() {
    let out = run(&["config", "--default"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let table: toml::Table = out.stdout.parse().expect("the default config is TOML");
    assert_eq!(table["theme"]["name"].as_str(), Some("default"));
    assert_eq!(table["autosave"]["delay_ms"].as_integer(), Some(500));
    for slot in journeymap::ui::theme::Slot::ALL {
        assert!(
            out.stdout.contains(&format!("# {} = ", slot.name())),
            "{} is missing:\n{}",
            slot.name(),
            out.stdout
        );
    }
    // Every action, with what it does, and the default keys of every layer.
    for action in journeymap::app::Action::all() {
        assert!(
            out.stdout.contains(&format!("{} ", action.name()))
                && out.stdout.contains(action.description()),
            "{} is missing",
            action.name()
        );
    }
    let keys = table["keys"].as_table().expect("a [keys] table");
    assert_eq!(keys["everywhere"]["ctrl-z"].as_str(), Some("suspend"));
    assert_eq!(keys["panes"]["q"].as_str(), Some("quit"));
    // What it prints, `config --check` finds nothing wrong in.
    let dir = temp_dir();
    let path = write_file(dir.path(), "config.toml", &out.stdout);
    let checked = run(&["config", "--check", path_arg(&path)]);
    assert_eq!(checked.code, Some(0), "{checked:#?}");
    assert!(checked.stdout.contains("no problems"), "{checked:#?}");
}

#[test]
fn config_check_names_each_problem_with_its_file_and_line_and_exits_1() {
    let dir = temp_dir();
    let path = write_file(
        dir.path(),
        "config.toml",
        "[theme]\nname = \"default\"\nacent = \"cyan\"\n\n[autosave]\ndelay_ms = \"soon\"\n",
    );
    let out = run(&["config", "--check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    let file = path_arg(&path);
    assert!(
        out.stderr.contains(&format!(
            "{file}:3: unknown theme colour \"acent\" (did you mean \"accent\"?)"
        )),
        "{out:#?}"
    );
    assert!(
        out.stderr.contains(&format!("{file}:6: delay_ms must be")),
        "{out:#?}"
    );
    // `--config` names the file to check as well.
    let named = run(&["config", "--check", "--config", file]);
    assert_eq!(named.code, Some(1), "{named:#?}");
    assert_eq!(named.stderr, out.stderr);
}

#[test]
fn the_global_config_option_goes_before_the_config_command_too() {
    let dir = temp_dir();
    let path = write_file(
        dir.path(),
        "config.toml",
        "[keys.global]\n\"ctrl-q\" = \"qiut\"\n",
    );
    let file = path_arg(&path);
    let expected = format!("{file}:2: unknown action \"qiut\" (did you mean \"quit\"?)");
    for args in [
        &["--config", file, "config", "--check"][..],
        &["config", "--config", file, "--check"],
        &["config", "--check", "--config", file],
    ] {
        let out = run(args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(1), "{args:?}: {out:#?}");
        assert_eq!(out.stderr.trim_end(), expected, "{args:?}: {out:#?}");
    }
    let good = write_file(dir.path(), "good.toml", "[autosave]\ndelay_ms = 800\n");
    let out = run(&["--config", path_arg(&good), "config", "--check"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("good.toml: no problems"), "{out:#?}");

    // A workspace to open and a command still do not go together.
    for args in [
        &["plan.json", "check", "plan.json"][..],
        &["--no-mouse", "check", "plan.json"],
    ] {
        let out = run_in(dir.path(), args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(2), "{args:?}: {out:#?}");
    }
}

#[test]
fn config_check_names_an_unknown_action_and_its_line() {
    let dir = temp_dir();
    let path = write_file(
        dir.path(),
        "config.toml",
        "[keys.global]\n\"Q\" = \"quit\"\n\"ctrl-q\" = \"qiut\"\n",
    );
    let out = run(&["config", "--check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "{}:3: unknown action \"qiut\" (did you mean \"quit\"?)",
            path_arg(&path)
        ),
        "{out:#?}"
    );
}

#[test]
fn config_check_of_a_missing_file_says_it_cannot_read_it() {
    let dir = temp_dir();
    let path = dir.path().join("nothing.toml");
    let out = run(&["config", "--check", path_arg(&path)]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr
            .contains("nothing.toml: cannot read it: no such file"),
        "{out:#?}"
    );
    assert!(!path.exists(), "checking created the file");
}

// ---------------------------------------------------------------------------------------------
// custom fields

/// The sample with a step field "Backstage" and its value on the step "Test-rides".
const SAMPLE_FIELDS: &str = include_str!("golden/sample-fields.json");

#[test]
fn a_custom_field_and_its_value_pass_check_and_keep_their_bytes_through_fmt() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE_FIELDS);
    let out = run(&["check", path_arg(&path)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let out = run(&["fmt", "--check", path_arg(&path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    // Read and written again (as any save does), the bytes are the same.
    assert_eq!(
        encode(&decode(SAMPLE_FIELDS.as_bytes()).unwrap()),
        SAMPLE_FIELDS.as_bytes()
    );
    // A compact copy is written back in canonical form, the value where it was.
    let compact_path = write_file(
        dir.path(),
        "compact.json",
        compact(&decode(SAMPLE_FIELDS.as_bytes()).unwrap()),
    );
    let out = run(&["fmt", path_arg(&compact_path)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&compact_path).unwrap(), SAMPLE_FIELDS.as_bytes());
}

#[test]
fn diff_against_the_sample_names_the_custom_field_and_its_value() {
    let dir = temp_dir();
    let sample = write_file(dir.path(), "sample.json", SAMPLE);
    let fields = write_file(dir.path(), "fields.json", SAMPLE_FIELDS);
    let out = run(&["diff", path_arg(&sample), path_arg(&fields)]);
    out.assert_no_panic();
    assert!(
        out.stdout.contains("field 'Backstage' on steps added"),
        "{out:#?}"
    );
    assert!(
        out.stdout
            .contains("Backstage of step 'Test-rides': 'Mechanic on call to fit the frame"),
        "{out:#?}"
    );
}

#[test]
fn check_refuses_a_value_of_a_field_that_does_not_exist_and_names_the_step() {
    let dir = temp_dir();
    let mut value: Value = serde_json::from_str(SAMPLE_FIELDS).unwrap();
    value["journeys"][0]["steps"][1]["custom"] = json!({ "no-such-field": "Backstage text" });
    let path = write_file(
        dir.path(),
        "unknown.json",
        serde_json::to_vec_pretty(&value).unwrap(),
    );
    let step = value["journeys"][0]["steps"][1]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_check_refuses(
        &path,
        &[
            "journeys[0].steps[1]",
            &format!("{step:?}"),
            "custom.no-such-field",
            "no field has id \"no-such-field\"",
        ],
    );
}

#[test]
fn check_refuses_a_field_without_a_name_or_on_an_unknown_kind_and_names_the_field() {
    let dir = temp_dir();
    let mut value: Value = serde_json::from_str(SAMPLE_FIELDS).unwrap();
    value["fields"][0]["name"] = json!("");
    value["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "age", "name": "Age", "on": "customer" }));
    let path = write_file(
        dir.path(),
        "fields.json",
        serde_json::to_vec_pretty(&value).unwrap(),
    );
    assert_check_refuses(
        &path,
        &[
            "fields[0]",
            "name: is empty",
            "fields[1] \"Age\"",
            "\"customer\" is not a kind of entry",
        ],
    );
}
