//! `journeymap import --csv`: an inventory from a spreadsheet, every bad row reported, nothing
//! written unless it should be, and export → import giving back the same items.

// These tests use the helpers, not the workspace generator `support` re-exports.
#[allow(unused_imports)]
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use journeymap::export::{self, Format};
use journeymap::import::import_csv;
use journeymap::model::{Contents, Date, Item, Workspace};
use journeymap::storage::location::SAMPLE;
use journeymap::storage::lock::{acquire, lock_path};
use journeymap::storage::{LockState, decode, encode};
use support::{Run, names_in, run, temp_dir, write_file};

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn sample() -> Workspace {
    decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn hostile() -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/hostile.json");
    decode(&fs::read(path).unwrap()).expect("hostile.json is valid")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// The sample as `ws.json` and `csv` as `inventory.csv` in `dir`: their paths.
fn sample_and_inventory(dir: &Path, csv: impl AsRef<[u8]>) -> (PathBuf, PathBuf) {
    (
        write_file(dir, "ws.json", SAMPLE),
        write_file(dir, "inventory.csv", csv),
    )
}

/// An inventory of one new item, of a content type the sample does not have.
fn one_new_item() -> String {
    format!("{HEADER}\r\n,New item,Podcast,content,,,to_create,,,,,,,\r\n")
}

/// Runs `journeymap import WORKSPACE --csv CSV`, then the `more` arguments.
fn run_import(workspace: &Path, csv: &Path, more: &[&str]) -> Run {
    let mut args = vec!["import", path_arg(workspace), "--csv", path_arg(csv)];
    args.extend(more);
    run(&args)
}

/// The same workspace without its items (and the metrics attached to them).
fn without_items(ws: &Workspace) -> Workspace {
    let mut contents: Contents = ws.contents().clone();
    contents.items = Default::default();
    let metrics: Vec<_> = contents
        .metrics
        .iter()
        .filter(|m| m.item_id.is_none())
        .cloned()
        .collect();
    contents.metrics = journeymap::model::Table::from_rows(metrics);
    Workspace::from_contents(contents)
}

/// The same workspace without items and channels (personas lose theirs too).
fn without_items_or_channels(ws: &Workspace) -> Workspace {
    let mut contents: Contents = without_items(ws).contents().clone();
    contents.channels = Default::default();
    let personas: Vec<_> = contents
        .personas
        .iter()
        .cloned()
        .map(|mut p| {
            p.channel_ids.clear();
            p
        })
        .collect();
    contents.personas = journeymap::model::Table::from_rows(personas);
    Workspace::from_contents(contents)
}

/// An item in words, as a person compares two inventories: references by name.
fn in_words(ws: &Workspace, item: &Item) -> Vec<String> {
    let steps: Vec<String> = item
        .step_ids
        .iter()
        .map(|s| {
            let (journey, step) = export::step_path(ws, *s).unwrap();
            format!("{journey} / {step}")
        })
        .collect();
    vec![
        item.id.to_string(),
        item.title.clone(),
        export::type_name(ws, item).to_string(),
        steps.join(" | "),
        item.status.as_str().to_string(),
        item.owner.clone(),
        format!("{:?}", item.available_on),
        export::channel_name(ws, item).to_string(),
        format!("{}", item.cost),
        item.url.clone(),
        item.notes.clone(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn export_then_import_gives_back_the_same_items() {
    for ws in [sample(), hostile()] {
        let csv = export::render(&ws, Format::Csv, None, today());
        let blank = without_items(&ws);
        let (imported, report) = import_csv(blank.clone(), &csv).unwrap();
        assert!(report.problems.is_empty(), "{:#?}", report.problems);
        assert_eq!(report.added, ws.items().len());
        assert!(report.new_types.is_empty() && report.new_channels.is_empty());
        assert_eq!(
            imported.items().iter().collect::<Vec<_>>(),
            ws.items().iter().collect::<Vec<_>>(),
            "the very same items, ids included"
        );
    }
}

#[test]
fn import_creates_the_channels_and_types_it_does_not_know() {
    for ws in [sample(), hostile()] {
        let csv = export::render(&ws, Format::Csv, None, today());
        let blank = without_items_or_channels(&ws);
        let (imported, report) = import_csv(blank.clone(), &csv).unwrap();
        assert!(report.problems.is_empty(), "{:#?}", report.problems);
        let used: std::collections::BTreeSet<_> =
            ws.items().iter().filter_map(|i| i.channel_id).collect();
        assert_eq!(report.new_channels.len(), used.len());
        for channel in imported.channels() {
            let original = ws
                .channels()
                .iter()
                .find(|c| c.name.trim() == channel.name)
                .unwrap();
            assert_eq!(channel.media, original.media, "media from the media column");
        }
        let before: Vec<_> = ws.items().iter().map(|i| in_words(&ws, i)).collect();
        let after: Vec<_> = imported
            .items()
            .iter()
            .map(|i| in_words(&imported, i))
            .collect();
        assert_eq!(after, before);
    }
}

#[test]
fn importing_an_export_into_its_own_workspace_changes_nothing() {
    let dir = temp_dir();
    let (workspace, csv) = sample_and_inventory(
        dir.path(),
        export::render(&sample(), Format::Csv, None, today()),
    );
    let out = run_import(&workspace, &csv, &[]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("nothing to change"), "{out:#?}");
    assert!(out.stdout.contains("45 unchanged"), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn formula_guards_come_off_on_import() {
    let ws = hostile();
    let csv = String::from_utf8(export::render(&ws, Format::Csv, None, today())).unwrap();
    assert!(csv.contains(",\"'=1+1 Item"), "guarded on export");
    assert!(csv.contains(",'+cmd|"), "guarded on export");
    assert!(csv.contains(",'@owner,"), "guarded on export");
    assert!(
        csv.contains(",'Tis a title"),
        "an apostrophe is not a formula and is written as it is"
    );
    assert!(!csv.contains(",''Tis a title"), "never doubled");
    let (imported, _) = import_csv(without_items(&ws), csv.as_bytes()).unwrap();
    let titles: Vec<&str> = imported.items().iter().map(|i| i.title.as_str()).collect();
    assert!(titles.iter().any(|t| t.starts_with("=1+1 Item")));
    assert!(titles.contains(&"'Tis a title; with \\; escapes › and \\›"));
}

#[test]
fn titles_in_apostrophes_survive_export_and_import_exactly() {
    let titles = [
        "'Never too late' e-bike customer stories",
        "'=not a formula",
        "''=two apostrophes",
        "'",
        "=SUM(A1)",
        "-5 days",
        "'plain",
    ];
    let sample = sample();
    let base = sample.items().iter().next().unwrap();
    let mut contents: Contents = without_items(&sample).contents().clone();
    let items: Vec<Item> = titles
        .iter()
        .map(|title| Item {
            id: journeymap::model::Id::new(),
            title: title.to_string(),
            ..base.clone()
        })
        .collect();
    contents.items = journeymap::model::Table::from_rows(items);
    let ws = Workspace::from_contents(contents);
    let csv = String::from_utf8(export::render(&ws, Format::Csv, None, today())).unwrap();
    assert!(
        csv.contains(",'Never too late' e-bike"),
        "not doubled: {csv}"
    );
    let (imported, _) = import_csv(without_items(&ws), csv.as_bytes()).unwrap();
    let back: Vec<&str> = imported.items().iter().map(|i| i.title.as_str()).collect();
    assert_eq!(back, titles);
}

// ---------------------------------------------------------------------------------------------
// What a spreadsheet hands over

const HEADER: &str =
    "id,title,type,kind,journeys,steps,status,owner,available_on,channel,media,cost,url,notes";

#[test]
fn headers_in_any_case_and_order_and_bare_step_names_are_read() {
    let ws = without_items(&sample());
    let csv = "Title;Steps;Journeys;Status;Available On;Cost;Type;Channel;Media;Colour\n\
               Winter video;Notices the need;First commuter bike;In progress;2027-01-05;250.5;Promo video;TikTok;Paid;blue\n\
               Repair FAQ;Keeping the bike on the road › Notices a problem;;;;;FAQ page;;;\n";
    let (imported, report) = import_csv(ws.clone(), csv.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.ignored_columns, ["Colour"]);
    assert_eq!(report.added, 2);
    assert_eq!(report.new_types, ["FAQ page"]);
    assert_eq!(report.new_channels, ["TikTok"]);
    let video = imported.items().at(0).unwrap();
    assert_eq!(video.title, "Winter video");
    assert_eq!(video.cost, 250.5);
    assert_eq!(
        video.status,
        journeymap::model::Status::InProgress,
        "words as the screens show them"
    );
    let (journey, step) = export::step_path(&imported, video.step_ids[0]).unwrap();
    assert_eq!((journey, step), ("First commuter bike", "Notices the need"));
    let channel = imported.channels().get(video.channel_id.unwrap()).unwrap();
    assert_eq!(channel.media, journeymap::model::Media::Paid);
    let faq = imported.items().at(1).unwrap();
    assert_eq!(faq.status, journeymap::model::Status::ToCreate);
    assert_eq!(faq.available_on, None);
}

#[test]
fn a_file_without_a_title_column_or_rows_is_refused_as_a_whole() {
    let ws = sample();
    let error = import_csv(ws.clone(), b"").unwrap_err().to_string();
    assert!(error.contains("no header row"), "{error}");
    let error = import_csv(ws.clone(), b"name,type\nx,y\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("no \"title\" column"), "{error}");
    let error = import_csv(ws.clone(), b"title,Title\nx,y\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("twice"), "{error}");
}

/// An inventory with two good rows and one broken row for each kind of mistake.
fn broken_inventory() -> String {
    [
        HEADER,
        ",Good one,Promo video,content,,First commuter bike › Buys,to_create,Ines,2027-03-01,YouTube,owned,100,,",
        ",Bad status,Promo video,,,,done,,,,,,,",
        ",Bad date,Promo video,,,,available,,2027-02-30,,,,,",
        ",Unknown journey,Promo video,,Unicycles,,available,,,,,,,",
        ",Unknown step,Promo video,,,First commuter bike › Flies away,available,,,,,,,",
        ",Bad cost,Promo video,,,,available,,,,,12 EUR,,",
        ",,Promo video,,,,available,,not a date,,,,,",
        ",Good two,How-to article,,,Buys,available,,,,,0,,",
        "",
    ]
    .join("\r\n")
}

#[test]
fn broken_rows_are_each_reported_by_row_and_column_and_nothing_is_written() {
    let dir = temp_dir();
    let (workspace, csv) = sample_and_inventory(dir.path(), broken_inventory());
    let out = run_import(&workspace, &csv, &[]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    for expected in [
        "row 3: status: \"done\" is not a status",
        "row 4: available_on: \"2027-02-30\" is not a day of the calendar",
        "row 5: journeys: no journey is named \"Unicycles\"",
        "row 6: steps: the journey \"First commuter bike\" has no step named \"Flies away\"",
        "row 7: cost: \"12 EUR\" is not an amount",
        "row 8: title: is empty",
        "row 8: available_on: \"not a date\"",
    ] {
        assert!(
            out.stderr.contains(expected),
            "{expected:?} in {}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("row 2:") && !out.stderr.contains("row 9:"));
    assert!(
        out.stderr
            .contains("nothing imported: 6 of 8 rows have problems"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read(&workspace).unwrap(),
        SAMPLE.as_bytes(),
        "untouched"
    );
    assert_eq!(names_in(dir.path()), ["inventory.csv", "ws.json"]);
}

#[test]
fn skip_invalid_imports_the_good_rows() {
    let dir = temp_dir();
    let (workspace, csv) = sample_and_inventory(dir.path(), broken_inventory());
    let out = run_import(&workspace, &csv, &["--skip-invalid"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stderr.contains("row 3: status"), "{out:#?}");
    assert!(out.stderr.contains("skipped 6 invalid rows"), "{out:#?}");
    assert!(out.stdout.contains("2 items added"), "{out:#?}");
    let saved = fs::read(&workspace).unwrap();
    let ws = decode(&saved).expect("a valid workspace");
    assert_eq!(encode(&ws), saved, "saved in canonical form");
    assert_eq!(ws.items().len(), sample().items().len() + 2);
    let titles: Vec<&str> = ws.items().iter().map(|i| i.title.as_str()).collect();
    assert!(titles.contains(&"Good one") && titles.contains(&"Good two"));
    assert!(!titles.contains(&"Bad status"));
    assert_eq!(names_in(dir.path()), ["inventory.csv", "ws.json"]);
}

#[test]
fn dry_run_says_what_would_change_and_writes_nothing() {
    let dir = temp_dir();
    let (workspace, csv) = sample_and_inventory(dir.path(), one_new_item());
    let out = run_import(&workspace, &csv, &["--dry-run"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("dry run"), "{out:#?}");
    assert!(out.stdout.contains("1 item added"), "{out:#?}");
    assert!(
        out.stdout.contains("new content type \"Podcast\""),
        "{out:#?}"
    );
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(dir.path()), ["inventory.csv", "ws.json"]);

    // A broken file fails a dry run too, so a dry run checks a file.
    let broken = write_file(dir.path(), "broken.csv", broken_inventory());
    let out = run_import(&workspace, &broken, &["--dry-run"]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn a_row_with_an_items_id_updates_it() {
    let ws = sample();
    let item = ws.items().at(2).unwrap();
    let csv = format!("id,title,status\n{},Renamed,available\n", item.id);
    let (imported, report) = import_csv(ws.clone(), csv.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!((report.added, report.updated), (0, 1));
    let updated = imported.items().get(item.id).unwrap();
    assert_eq!(updated.title, "Renamed");
    assert_eq!(updated.status, journeymap::model::Status::Available);
    assert_eq!(
        updated.step_ids, item.step_ids,
        "columns not in the file are kept"
    );
    assert_eq!(updated.cost, item.cost);

    let twice = format!(
        "id,title,type\n{0},A,Promo video\n{0},B,Promo video\n",
        item.id
    );
    let (_, report) = import_csv(ws.clone(), twice.as_bytes()).unwrap();
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].row, 3);
    assert_eq!(report.problems[0].field, "id");

    // The id of a step or a persona is refused, not taken for a new item's; a free id given is
    // the new item's.
    let step_id = ws.journeys().at(0).unwrap().steps[0].id;
    let persona_id = ws.personas().at(0).unwrap().id;
    let free = journeymap::model::Id::new();
    let rows = format!(
        "id,title,type\n{step_id},A,Promo video\n{persona_id},B,Promo video\n{free},C,Promo video\n"
    );
    let (imported, report) = import_csv(ws.clone(), rows.as_bytes()).unwrap();
    let refused: Vec<(usize, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.field.as_str(), p.message.as_str()))
        .collect();
    let not_an_item = |id| format!("{id} is the id of something that is not an item");
    assert_eq!(
        refused,
        [
            (2, "id", not_an_item(step_id).as_str()),
            (3, "id", not_an_item(persona_id).as_str())
        ]
    );
    assert_eq!(report.added, 1);
    assert_eq!(
        imported.items().get(free).map(|i| i.title.as_str()),
        Some("C")
    );
    assert_eq!(imported.items().len(), ws.items().len() + 1);
}

#[test]
fn import_refuses_a_workspace_someone_is_editing() {
    let dir = temp_dir();
    let (workspace, csv) = sample_and_inventory(dir.path(), one_new_item());
    let real = fs::canonicalize(&workspace).unwrap();
    let LockState::Held(lock) = acquire(&real).unwrap() else {
        panic!("the test takes the lock first");
    };
    let out = run_import(&workspace, &csv, &[]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("is being edited by"), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
    drop(lock);
    assert!(!lock_path(&real).exists());

    let out = run_import(&workspace, &csv, &[]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(!lock_path(&real).exists(), "the import let go of its lock");
}

#[test]
fn import_says_when_a_file_cannot_be_read() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let missing = dir.path().join("missing.csv");
    let out = run_import(&workspace, &missing, &[]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");

    let latin1 = write_file(
        dir.path(),
        "latin1.csv",
        b"title,type\nCaf\xe9,Promo video\n",
    );
    let out = run_import(&workspace, &latin1, &[]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains("row 2: title: is not UTF-8 text"),
        "{out:#?}"
    );
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn the_summary_counts_new_names_and_shows_only_the_first_few() {
    let mut csv = String::from("title,type,channel\n");
    for n in 0..2000 {
        csv.push_str(&format!("Item {n},Type {n},Channel {n}\n"));
    }
    // Names already known, in any case, are found, not created again.
    csv.push_str("Again,type 7,CHANNEL 9\n");
    let (imported, report) = import_csv(sample(), csv.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(
        (report.new_types.len(), report.new_channels.len()),
        (2000, 2000)
    );
    assert_eq!(
        imported.content_types().len(),
        sample().content_types().len() + 2000
    );
    let summary = report.summary();
    assert_eq!(
        summary,
        "2001 items added, 0 updated, 0 unchanged; 2000 new content types \"Type 0\", \"Type 1\", \"Type 2\" and 1997 more; 2000 new channels \"Channel 0\", \"Channel 1\", \"Channel 2\" and 1997 more"
    );
    // One new name is still named in full; a long one is cut.
    let long = "x".repeat(300);
    let csv = format!("title,type\nOne,{long}\n");
    let summary = import_csv(sample(), csv.as_bytes()).unwrap().1.summary();
    assert!(summary.contains("; new content type \"xxxx"), "{summary}");
    assert!(summary.chars().count() < 120, "{summary}");
}

// ---------------------------------------------------------------------------------------------
// Measurements of KPIs (`--measurements`)

/// The sample's first metric: the one the measurement files below name.
fn first_metric() -> journeymap::model::Metric {
    sample()
        .metrics()
        .at(0)
        .expect("the sample has metrics")
        .clone()
}

#[test]
fn five_measurements_of_one_metric_are_stored_in_date_order_and_actual_is_the_latest() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let metric = first_metric();
    // By name and by id, out of order, a number as people write it.
    let csv = write_file(
        dir.path(),
        "kpi.csv",
        format!(
            "metric,date,value,note\n\
             {name},2026-07-01,1050,\n\
             {name},2026-06-01,\"1,010.50\",after the spring campaign\n\
             {id},2026-08-01,1100,\n\
             {name},2026-09-01,1120,\n\
             {name},2026-10-01,1180.25,\n",
            name = metric.name,
            id = metric.id
        ),
    );
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
    ]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(
        out.stdout
            .contains("5 measurements added, 0 replaced, 0 unchanged"),
        "{out:#?}"
    );
    let check = run(&["check", path_arg(&workspace)]);
    assert_eq!(check.code, Some(0), "{check:#?}");
    let saved = fs::read(&workspace).unwrap();
    let ws = decode(&saved).expect("valid");
    assert_eq!(encode(&ws), saved, "saved in canonical form");
    let stored = ws.metrics().get(metric.id).unwrap();
    let dates: Vec<String> = stored
        .measurements
        .iter()
        .map(|m| m.on.to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-06-01",
            "2026-07-01",
            "2026-08-01",
            "2026-09-01",
            "2026-10-01"
        ]
    );
    assert_eq!(stored.measurements[0].value, 1010.5);
    assert_eq!(stored.measurements[0].note, "after the spring campaign");
    assert_eq!(stored.actual, Some(1180.25));
    assert_eq!(names_in(dir.path()), ["kpi.csv", "ws.json"]);

    // The same file again changes nothing; one row changed replaces its date's measurement.
    let again = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
    ]);
    assert!(again.stdout.contains("nothing to change"), "{again:#?}");
    let one = write_file(
        dir.path(),
        "one.csv",
        format!("Metric,Date,Value\n{},2026-10-01,1200\n", metric.id),
    );
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&one),
    ]);
    assert!(
        out.stdout.contains("0 measurements added, 1 replaced"),
        "{out:#?}"
    );
    let ws = decode(&fs::read(&workspace).unwrap()).unwrap();
    assert_eq!(ws.metrics().get(metric.id).unwrap().actual, Some(1200.0));
}

#[test]
fn a_bad_date_is_refused_naming_its_row_and_the_file_keeps_its_bytes() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let name = first_metric().name;
    let csv = write_file(
        dir.path(),
        "kpi.csv",
        format!(
            "metric,date,value\n{name},2026-10-01,5\n{name},2026-02-30,6\nNo such KPI,2026-10-01,7\n{name},2026-11-01,seven\n{name},2026-10-01,8\n"
        ),
    );
    let before = fs::read(&workspace).unwrap();
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
    ]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    for expected in [
        "row 3: date: \"2026-02-30\" is not a day of the calendar",
        "row 4: metric: no metric is named \"No such KPI\"",
        "row 5: value: \"seven\" is not a number",
        "row 6: date: row 2 measures the same metric on 2026-10-01",
        "nothing imported: 4 of 5 rows have problems",
    ] {
        assert!(
            out.stderr.contains(expected),
            "{expected:?} in {}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("row 2:"), "{}", out.stderr);
    assert_eq!(
        fs::read(&workspace).unwrap(),
        before,
        "byte for byte as it was"
    );
    assert_eq!(names_in(dir.path()), ["kpi.csv", "ws.json"]);

    // --dry-run says what would change and writes nothing; --skip-invalid imports the good row.
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
        "--skip-invalid",
        "--dry-run",
    ]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("1 measurement added"), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), before);
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
        "--skip-invalid",
    ]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stderr.contains("skipped 4 invalid rows"), "{out:#?}");
    let ws = decode(&fs::read(&workspace).unwrap()).unwrap();
    assert_eq!(ws.metrics().at(0).unwrap().actual, Some(5.0));
}

#[test]
fn a_name_two_metrics_share_is_refused_and_a_file_without_a_value_column_too() {
    use journeymap::model::edit;
    let mut ws = sample();
    let mut twin = first_metric();
    twin.id = journeymap::model::Id::new();
    edit::add(&mut ws, twin.clone()).unwrap();
    let (_, report) = journeymap::import::measurements::import_measurements(
        &ws,
        format!(
            "metric,date,value\n{},2026-10-01,5\n{},2026-10-01,5\n",
            twin.name, twin.id
        )
        .as_bytes(),
        today(),
    )
    .unwrap();
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    assert_eq!(report.problems[0].row, 2);
    assert!(
        report.problems[0].message.contains("2 metrics are named"),
        "{:#?}",
        report.problems
    );
    assert_eq!(report.added, 1, "the row naming the id is found");

    let error = journeymap::import::measurements::import_measurements(
        &ws,
        b"metric,date\nx,2026-10-01\n",
        today(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the header row has no \"value\" column; the columns are metric,date,value[,note]"
    );
}

#[test]
fn a_measurements_import_refuses_a_workspace_someone_is_editing() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let csv = write_file(
        dir.path(),
        "kpi.csv",
        format!("metric,date,value\n{},2026-10-01,5\n", first_metric().id),
    );
    let real = fs::canonicalize(&workspace).unwrap();
    let LockState::Held(lock) = acquire(&real).unwrap() else {
        panic!("the test takes the lock first");
    };
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
    ]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("is being edited by"), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
    drop(lock);
    // Both --csv and --measurements: a usage error.
    let out = run(&[
        "import",
        path_arg(&workspace),
        "--measurements",
        path_arg(&csv),
        "--csv",
        path_arg(&csv),
    ]);
    assert_eq!(out.code, Some(2), "{out:#?}");
}

#[test]
fn the_readmes_measurements_example_imports_into_the_sample_without_a_problem() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```csv\n  metric,date,value")
        .expect("the README shows a measurements CSV");
    let block = &readme[start + "```csv\n".len()..];
    let example: String = block[..block.find("```").unwrap()]
        .lines()
        .map(|line| format!("{}\n", line.trim_start()))
        .collect();
    let (ws, report) = journeymap::import::measurements::import_measurements(
        &sample(),
        example.as_bytes(),
        today(),
    )
    .unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.added + report.replaced, 5, "{report:#?}");
    assert!(ws.metrics().iter().any(|m| m.measurements.len() == 4));
}
