//! `journeymap export`: golden files of every format on the sample, documents that stay valid
//! whatever the workspace's text, and the command line.
//!
//! Golden files live in `tests/golden/`. After a deliberate change of a format, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test export`, then read the diff as a user would.

// These tests use the helpers, not the workspace generator `support` re-exports.
#[path = "support/pty.rs"]
mod pty;
#[allow(unused_imports)]
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use journeymap::export::{self, Format, ics, mermaid};
use journeymap::model::{Date, Workspace};
use journeymap::storage::decode;
use journeymap::storage::location::SAMPLE;
use support::{mode, names_in, run, temp_dir, write_file};

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn sample() -> Workspace {
    decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// A workspace whose every text is hostile: quotes, commas, colons, semicolons, `#`, line
/// breaks, tabs, emoji, right-to-left text, `<script>`, `]]>`, ESC, `%%`, leading `=`…
fn hostile() -> Workspace {
    let bytes = fs::read(golden_dir().join("hostile.json")).expect("read hostile.json");
    decode(&bytes).expect("hostile.json is a valid workspace")
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

/// Compares with a golden file, or rewrites it when `UPDATE_GOLDEN` is set.
fn assert_golden(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).expect("write a golden file");
        return;
    }
    let expected = fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test export",
            path.display()
        )
    });
    if expected != actual {
        let expected = String::from_utf8_lossy(&expected);
        let actual = String::from_utf8_lossy(actual);
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  now:    {:?}\n(rewrite with UPDATE_GOLDEN=1 if the change is meant)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Golden files

#[test]
fn every_format_of_the_sample_matches_its_golden_file() {
    let ws = sample();
    for format in Format::ALL {
        let bytes = export::render(&ws, format, None, today());
        assert_golden(&format!("sample.{}", format.file_extension(false)), &bytes);
        assert_eq!(
            bytes,
            export::render(&ws, format, None, today()),
            "{format:?} is deterministic"
        );
    }
}

#[test]
fn the_reports_budget_splits_planned_from_spent_and_adds_up_to_every_items_cost() {
    let ws = sample();
    let costs: f64 = ws.items().iter().map(|item| item.cost).sum();
    assert_eq!(costs, 20_060.0);
    let markdown = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
    let row = |start: &str| {
        markdown
            .lines()
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}"))
            .to_string()
    };
    assert_eq!(
        row("| Channel |"),
        "| Channel | Media | Budget | Planned | Spent | Left |"
    );
    // 3,000 of Search's items are still to make: planned, not spent.
    assert_eq!(
        row("| Google Search ads |"),
        "| Google Search ads | paid | 9,600.00 EUR | 3,000.00 EUR | 4,200.00 EUR | 2,400.00 EUR |"
    );
    assert_eq!(
        row("| *No channel* |"),
        "| *No channel* | — | — | 0.00 EUR | 250.00 EUR | — |"
    );
    // 11,440 + 8,620 = 20,060, every item's cost; left = 28,100 − 20,060.
    assert_eq!(
        row("| **Total** |"),
        "| **Total** | | **28,100.00 EUR** | **11,440.00 EUR** | **8,620.00 EUR** | **8,040.00 EUR** |"
    );
    let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
    assert!(html.contains("<td><em>No channel</em></td>"));
    assert!(html.contains("<th class=\"num\">11,440.00 EUR</th><th class=\"num\">8,620.00 EUR</th><th class=\"num\">8,040.00 EUR</th>"));
}

#[test]
fn one_journey_exports_match_their_golden_files() {
    let ws = sample();
    let journey = export::find_journey(&ws, "switching to an E-BIKE").unwrap();
    for format in [Format::Markdown, Format::Mermaid, Format::Csv, Format::Ics] {
        let bytes = export::render(&ws, format, Some(journey), today());
        assert_golden(&format!("sample-e-bike.{}", format.extension()), &bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// Documents stay valid whatever the text

#[test]
fn csv_is_rfc_4180_with_one_row_per_item_and_guarded_formulas() {
    for ws in [sample(), hostile()] {
        let bytes = export::render(&ws, Format::Csv, None, today());
        assert!(bytes.ends_with(b"\r\n"));
        assert!(
            bytes.starts_with(
                b"id,title,type,kind,journeys,steps,status,owner,available_on,channel,media,cost,url,notes\r\n"
            ),
            "exact header"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), ws.items().len());
        for (row, item) in rows.iter().zip(ws.items()) {
            assert_eq!(row.len(), 14);
            assert_eq!(&row[0], item.id.to_string());
            let title = &row[1];
            if item
                .title
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@', '\t', '\r'])
            {
                assert_eq!(title, format!("'{}", item.title), "guarded");
            } else {
                assert_eq!(title, item.title);
            }
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell a spreadsheet would run: {cell:?}"
                );
            }
        }
    }
}

/// Unfolds an iCalendar stream, checking the physical lines on the way.
fn ics_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for physical in text[..text.len() - 2].split("\r\n") {
        assert!(physical.len() <= 75, "longer than 75 octets: {physical:?}");
        assert!(!physical.contains(['\r', '\n']), "bare CR or LF");
        assert!(
            !physical.chars().any(|c| c.is_control() && c != '\t'),
            "control character in {physical:?}"
        );
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a first line").push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// The value of a TEXT property, unescaped.
fn ics_unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("a lone backslash ends {value:?}"),
            }
        } else {
            assert!(
                c != ';' && c != ',',
                "unescaped {c:?} in a TEXT value {value:?}"
            );
            out.push(c);
        }
    }
    out
}

#[test]
fn ics_is_folded_escaped_and_has_one_event_per_dated_item() {
    for ws in [sample(), hostile()] {
        let text = String::from_utf8(export::render(&ws, Format::Ics, None, today())).unwrap();
        let lines = ics_lines(&text);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
        let mut depth = Vec::new();
        let mut summaries = Vec::new();
        let mut uids = Vec::new();
        for line in &lines {
            let (name, value) = line.split_once(':').expect("NAME:VALUE");
            let property = name.split(';').next().unwrap();
            assert!(
                !property.is_empty()
                    && property.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "property name {name:?}"
            );
            match property {
                "BEGIN" => depth.push(value.to_string()),
                "END" => assert_eq!(depth.pop().as_deref(), Some(value)),
                "SUMMARY" => summaries.push(ics_unescape(value)),
                "DESCRIPTION" | "CATEGORIES" | "X-WR-CALNAME" => {
                    ics_unescape(value);
                }
                "UID" => uids.push(value.to_string()),
                "DTSTART" | "DTEND" => {
                    assert_eq!(name, format!("{property};VALUE=DATE"));
                    assert!(value.len() == 8 && value.chars().all(|c| c.is_ascii_digit()));
                }
                "DTSTAMP" => assert_eq!(value, "20261123T000000Z"),
                _ => {}
            }
        }
        assert!(depth.is_empty());
        let dated: Vec<_> = ws
            .items()
            .iter()
            .filter(|i| i.available_on.is_some())
            .collect();
        assert_eq!(summaries.len(), dated.len());
        for item in dated {
            assert!(uids.contains(&format!("{}@journeymap", item.id)));
            let cleaned = export::clean(&item.title).into_owned();
            assert!(summaries.contains(&cleaned), "{cleaned:?} in {summaries:?}");
        }
    }
}

#[test]
fn ics_ends_an_event_on_the_last_day_there_is() {
    let text = String::from_utf8(export::render(&hostile(), Format::Ics, None, today())).unwrap();
    let lines = ics_lines(&text);
    let at = lines
        .iter()
        .position(|l| l == "DTSTART;VALUE=DATE:99991231")
        .expect("the 9999-12-31 item");
    assert_eq!(lines[at + 1], "DURATION:P1D");
    assert_eq!(ics::LINE_OCTETS, 75);
}

/// The statements of one Mermaid `journey` diagram, checked against the grammar as Mermaid's
/// own lexer reads it (journey.jison): `title TEXT`, `section TEXT` and `TASK: SCORE[: ACTORS]`,
/// where `#` and `%%` start comments and `;` ends a statement.
fn check_mermaid_diagram(diagram: &str) -> (String, Vec<String>, usize) {
    let mut lines = diagram.lines();
    assert_eq!(lines.next(), Some("journey"));
    let mut title = String::new();
    let mut sections = Vec::new();
    let mut tasks = 0;
    for line in lines {
        let statement = line.trim_start();
        assert!(!statement.is_empty(), "blank line in {diagram}");
        assert!(
            !statement.contains(['#', ';']),
            "comment or end in {line:?}"
        );
        assert!(!statement.contains("%%"), "comment in {line:?}");
        assert!(!line.contains(['\t', '\r']) && !line.chars().any(char::is_control));
        if let Some(text) = statement.strip_prefix("title ") {
            assert!(!text.trim().is_empty());
            title = text.to_string();
        } else if let Some(text) = statement.strip_prefix("section ") {
            assert!(!text.contains(':'), "colon in section {line:?}");
            assert!(!text.trim().is_empty());
            sections.push(text.to_string());
        } else {
            let lower = statement.to_lowercase();
            for keyword in ["journey", "title", "section", "acctitle", "accdescr"] {
                assert!(
                    !lower.starts_with(keyword),
                    "task read as a keyword: {line:?}"
                );
            }
            let parts: Vec<&str> = statement.split(':').collect();
            assert!(
                parts.len() == 2 || parts.len() == 3,
                "TASK: SCORE[: ACTORS] in {line:?}"
            );
            assert!(!parts[0].trim().is_empty());
            let score: u8 = parts[1].trim().parse().expect("a score");
            assert!((1..=5).contains(&score));
            if let Some(actors) = parts.get(2) {
                for actor in actors.split(',') {
                    assert!(!actor.trim().is_empty(), "empty actor in {line:?}");
                }
            }
            tasks += 1;
        }
    }
    assert!(!title.is_empty(), "a title");
    (title, sections, tasks)
}

/// The diagrams of a Mermaid export: the fenced blocks, or the bare diagram.
fn mermaid_diagrams(text: &str) -> Vec<String> {
    if text.starts_with("journey\n") {
        return vec![text.to_string()];
    }
    let mut diagrams = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line) {
            (None, "```mermaid") => current = Some(String::new()),
            (Some(diagram), "```") => {
                diagrams.push(std::mem::take(diagram));
                current = None;
            }
            (Some(diagram), line) => {
                diagram.push_str(line);
                diagram.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed fence");
    diagrams
}

#[test]
fn mermaid_diagrams_follow_the_journey_grammar_whatever_the_text() {
    for ws in [sample(), hostile()] {
        let text = String::from_utf8(export::render(&ws, Format::Mermaid, None, today())).unwrap();
        let diagrams = mermaid_diagrams(&text);
        assert_eq!(diagrams.len(), ws.journeys().len());
        for (diagram, journey) in diagrams.iter().zip(ws.journeys()) {
            let (title, sections, tasks) = check_mermaid_diagram(diagram);
            assert_eq!(
                title,
                mermaid::text(&journey.name, mermaid::Part::Title, "Journey")
            );
            assert_eq!(sections.len(), journey.steps.len());
            assert_eq!(tasks, journey.steps.len());
        }
        // One journey: a bare diagram.
        for journey in ws.journeys() {
            let one = export::render(&ws, Format::Mermaid, Some(journey.id), today());
            let one = String::from_utf8(one).unwrap();
            assert!(one.starts_with("journey\n"));
            check_mermaid_diagram(&one);
        }
    }
}

/// Every tag of an HTML document, roughly: what sits between `<` and `>`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().expect("a closed tag"))
        .collect()
}

/// The value of an attribute in a tag's text (`div class="scroll" …`), if it has it.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

#[test]
fn html_header_cells_have_text_and_scroll_regions_are_reachable_and_named() {
    for ws in [sample(), hostile()] {
        let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
        // Every header cell has text (a screen reader reads it out for each cell below it).
        let mut headers = 0;
        for cell in html.split("<th").skip(1) {
            if !cell.starts_with([' ', '>']) {
                continue; // <thead>
            }
            let inner = cell.split_once('>').expect("a closed tag").1;
            let inner = inner.split("</th>").next().expect("a closed cell");
            let text: String = inner
                .split('<')
                .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
                .collect();
            assert!(
                !text.trim().is_empty(),
                "an empty header cell: <th{cell:.80}"
            );
            headers += 1;
        }
        assert!(headers > 10);
        // Every box that scrolls a wide table can be reached with Tab and has a name.
        let regions: Vec<&str> = tags(&html)
            .into_iter()
            .filter(|tag| tag.starts_with("div ") && attribute(tag, "class") == Some("scroll"))
            .collect();
        assert!(regions.len() >= ws.journeys().len(), "{regions:?}");
        for tag in regions {
            assert_eq!(attribute(tag, "tabindex"), Some("0"), "{tag}");
            assert_eq!(attribute(tag, "role"), Some("region"), "{tag}");
            assert!(
                attribute(tag, "aria-label").is_some_and(|label| !label.trim().is_empty()),
                "{tag}"
            );
        }
    }
}

#[test]
fn html_escapes_every_text_and_loads_nothing() {
    for ws in [sample(), hostile()] {
        let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
        let lower = html.to_lowercase();
        assert!(
            !lower.contains("<script"),
            "no script, and none from the data"
        );
        assert!(!lower.contains("href=\"javascript"), "no javascript: link");
        assert!(
            !html
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        // The only URLs: the SVG namespace, and items' http(s)/mailto links.
        for tag in tags(&html) {
            assert!(
                !tag.contains('"') || tag.matches('"').count() % 2 == 0,
                "{tag:?}"
            );
            if tag.starts_with("!-- journeymap export ") {
                continue; // the export's mark
            }
            let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or("");
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric() || c == '!'),
                "a tag made of data: <{tag}>"
            );
            for attribute in ["src=", "href=\"http", "url("] {
                if let Some(at) = tag.find(attribute) {
                    assert_eq!(attribute, "href=\"http", "no external asset: <{tag}>");
                    assert!(tag[..at].starts_with("a "), "only links: <{tag}>");
                }
            }
        }
        let opened = lower.matches("<table").count();
        assert_eq!(opened, lower.matches("</table>").count());
        assert_eq!(
            lower.matches("<svg").count(),
            lower.matches("</svg>").count()
        );
        assert_eq!(
            lower.matches("<svg").count(),
            ws.journeys().iter().filter(|j| !j.steps.is_empty()).count()
        );
        for item in ws.items() {
            let title = journeymap::export::html::escape(&export::one_line(&item.title));
            assert!(html.contains(&title), "{title}");
        }
    }
    let html = String::from_utf8(export::render(&hostile(), Format::Html, None, today())).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("]]&gt;"));
}

#[test]
fn markdown_tables_keep_their_columns_whatever_the_text() {
    for ws in [sample(), hostile()] {
        let text = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
        assert!(!text.contains("<script"));
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        let mut columns = None;
        for line in text.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            // Cells are separated by pipes not escaped with a backslash.
            let mut cells = 0;
            let mut escaped = false;
            for c in line.chars() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '|' if !escaped => cells += 1,
                    _ => escaped = false,
                }
            }
            match columns {
                None => columns = Some(cells),
                Some(n) => assert_eq!(cells, n, "a row with another number of cells: {line}"),
            }
        }
    }
}

#[test]
fn dot_strings_are_closed_and_braces_balance() {
    for ws in [sample(), hostile()] {
        let text = String::from_utf8(export::render(&ws, Format::Dot, None, today())).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        let (mut depth, mut html_depth) = (0i32, 0i32);
        let mut in_string = false;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if in_string {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => in_string = false,
                    '\n' => panic!("a line break inside a quoted string"),
                    _ => {}
                }
            } else if html_depth > 0 {
                match c {
                    '<' => html_depth += 1,
                    '>' => html_depth -= 1,
                    _ => {}
                }
            } else {
                match c {
                    '"' => in_string = true,
                    '<' => html_depth = 1,
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0);
            }
        }
        assert!(!in_string && depth == 0 && html_depth == 0);
        for step in ws.journeys().iter().flat_map(|j| &j.steps) {
            assert!(text.contains(&format!("\"{}\" [label=<", step.id)));
        }
    }
}

#[test]
fn a_journey_is_found_by_name_in_any_case_or_by_id() {
    let ws = sample();
    let id = export::find_journey(&ws, "First commuter bike").unwrap();
    assert_eq!(
        export::find_journey(&ws, "  first COMMUTER bike ").unwrap(),
        id
    );
    assert_eq!(export::find_journey(&ws, &id.to_string()).unwrap(), id);
    let error = export::find_journey(&ws, "Unicycles").unwrap_err();
    assert!(
        error.starts_with("no journey is named \"Unicycles\""),
        "{error}"
    );
    assert!(!error.contains('\n'));
}

#[test]
fn one_journey_covers_only_its_items() {
    let ws = sample();
    let id = export::find_journey(&ws, "Fleet for the team").unwrap();
    let journey = ws.journeys().get(id).unwrap();
    let bytes = export::render(&ws, Format::Csv, Some(id), today());
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let expected: Vec<_> = ws
        .items()
        .iter()
        .filter(|i| i.step_ids.iter().any(|s| journey.step(*s).is_some()))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(rows.len(), expected.len());
    let html = String::from_utf8(export::render(&ws, Format::Html, Some(id), today())).unwrap();
    assert!(html.contains("Fleet for the team"));
    assert!(!html.contains("First commuter bike</h2>"));
}

// ---------------------------------------------------------------------------------------------
// The command line

#[test]
fn export_writes_to_standard_output_or_atomically_to_a_private_file() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let out = run(&["export", path_arg(&workspace), "--format", "csv"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(
        out.stdout.as_bytes(),
        export::render(&sample(), Format::Csv, None, today())
    );

    let file = dir.path().join("inventory.csv");
    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "csv",
        "-o",
        path_arg(&file),
    ]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(out.stdout.contains("inventory.csv"), "{out:#?}");
    assert_eq!(
        fs::read(&file).unwrap(),
        export::render(&sample(), Format::Csv, None, today())
    );
    assert_eq!(mode(&file), 0o600);

    // An existing file is replaced, never left half written, and nothing else is left behind.
    fs::write(&file, "old").unwrap();
    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "dot",
        "--journey",
        "FLEET FOR THE TEAM",
        "--output",
        path_arg(&file),
    ]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let dot = fs::read_to_string(&file).unwrap();
    assert!(dot.starts_with("// journeymap export "), "{dot}");
    assert!(dot.contains("\ndigraph journeymap {") && dot.contains("Fleet for the team"));
    assert!(!dot.contains("First commuter bike"));
    assert_eq!(names_in(dir.path()), ["inventory.csv", "ws.json"]);
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn export_refuses_an_unknown_journey_and_its_own_workspace_in_one_sentence() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "markdown",
        "--journey",
        "Unicycles",
    ]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");
    assert!(out.stderr.contains("no journey is named \"Unicycles\""));
    assert!(out.stdout.is_empty());

    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "html",
        "-o",
        path_arg(&workspace),
    ]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("is the workspace itself"), "{out:#?}");
    assert_eq!(fs::read(&workspace).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn export_says_when_the_workspace_cannot_be_read_or_the_output_written() {
    let dir = temp_dir();
    let missing = dir.path().join("missing.json");
    let out = run(&["export", path_arg(&missing), "--format", "csv"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");

    let broken = write_file(dir.path(), "broken.json", "{\"format\": \"journeymap\", ");
    let out = run(&["export", path_arg(&broken), "--format", "csv"]);
    assert_eq!(out.code, Some(1), "{out:#?}");

    let workspace = write_file(dir.path(), "ws.json", SAMPLE);
    let nowhere = dir.path().join("no-such-folder").join("out.md");
    let out = run(&[
        "export",
        path_arg(&workspace),
        "--format",
        "markdown",
        "-o",
        path_arg(&nowhere),
    ]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(out.stderr.starts_with("cannot write "), "{out:#?}");

    let out = run(&["export", path_arg(&workspace), "--format", "pdf"]);
    assert_eq!(out.code, Some(2), "{out:#?}");
}

#[test]
fn export_next_to_the_workspace_names_the_file_after_it() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "plan.json", SAMPLE);
    let ws = sample();
    let done = export::export_next_to(&workspace, &ws, Format::Html, None, today()).unwrap();
    assert_eq!(done.path, dir.path().join("plan.html"));
    assert_eq!(done.kept, None);
    assert_eq!(mode(&done.path), 0o600);
    let journey = export::find_journey(&ws, "Fleet for the team").unwrap();
    let done =
        export::export_next_to(&workspace, &ws, Format::Ics, Some(journey), today()).unwrap();
    assert_eq!(done.path, dir.path().join("plan-fleet-for-the-team.ics"));
    let done = export::export_next_to(&workspace, &ws, Format::Mermaid, None, today()).unwrap();
    assert_eq!(done.path, dir.path().join("plan.mermaid.md"));
}

#[test]
fn export_next_to_the_workspace_never_replaces_a_file_journeymap_did_not_write() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "plan.json", SAMPLE);
    let notes = write_file(
        dir.path(),
        "plan.md",
        "# My own plan\n\nNotes I must keep.\n",
    );
    let ws = sample();
    let mut renamed = ws.contents().clone();
    renamed.name = "Renamed".into();
    let renamed = Workspace::from_contents(renamed);

    let first = export::export_next_to(&workspace, &ws, Format::Markdown, None, today()).unwrap();
    assert_eq!(first.path, dir.path().join("plan-2.md"));
    assert_eq!(first.kept, Some(notes.clone()));
    assert_eq!(
        first.to_string(),
        "exported markdown to plan-2.md (plan.md is not journeymap's)"
    );
    assert_eq!(
        fs::read(&notes).unwrap(),
        b"# My own plan\n\nNotes I must keep.\n"
    );

    // Its own earlier export, unchanged, is replaced by the next one.
    let second =
        export::export_next_to(&workspace, &renamed, Format::Markdown, None, today()).unwrap();
    assert_eq!(second.path, first.path);
    assert_eq!(
        fs::read(&second.path).unwrap(),
        export::render(&renamed, Format::Markdown, None, today())
    );

    // Once someone adds to it, it is theirs.
    let mut edited = fs::read(&second.path).unwrap();
    edited.extend_from_slice(b"\nAgreed with Lena on Monday.\n");
    fs::write(&second.path, &edited).unwrap();
    let third = export::export_next_to(&workspace, &ws, Format::Markdown, None, today()).unwrap();
    assert_eq!(third.path, dir.path().join("plan-3.md"));
    assert_eq!(fs::read(&second.path).unwrap(), edited);
    assert_eq!(
        fs::read(&notes).unwrap(),
        b"# My own plan\n\nNotes I must keep.\n"
    );

    // CSV carries no mark: an existing inventory is kept unless it is byte for byte the same.
    let inventory = write_file(dir.path(), "plan.csv", "title\nMy list\n");
    let csv = export::export_next_to(&workspace, &ws, Format::Csv, None, today()).unwrap();
    assert_eq!(csv.path, dir.path().join("plan-2.csv"));
    assert_eq!(fs::read(&inventory).unwrap(), b"title\nMy list\n");
    let again = export::export_next_to(&workspace, &ws, Format::Csv, None, today()).unwrap();
    assert_eq!(again.path, csv.path, "the same bytes again");
    assert_eq!(
        names_in(dir.path()),
        [
            "plan-2.csv",
            "plan-2.md",
            "plan-3.md",
            "plan.csv",
            "plan.json",
            "plan.md"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// On a terminal

/// Every byte a command wrote to a real (pseudo-)terminal, once it has exited.
fn on_a_terminal(home: &Path, args: &[&str]) -> Vec<u8> {
    let mut spawn = pty::Spawn::new(home).size(200, 50);
    for arg in args {
        spawn = spawn.arg(*arg);
    }
    let mut terminal = spawn.start();
    let status = terminal.wait_exit(std::time::Duration::from_secs(30));
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "{args:?}: {status:?}\n{}",
        terminal.screen()
    );
    // The reader stops when the terminal closes; wait until the last bytes are in.
    let mut seen = terminal.raw_output().len();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let now = terminal.raw_output().len();
        if now == seen {
            return terminal.raw_output();
        }
        seen = now;
    }
}

#[test]
fn on_a_terminal_hostile_text_is_shown_not_obeyed_and_piped_output_stays_exact() {
    let dir = temp_dir();
    let hostile_path = golden_dir().join("hostile.json");
    let hostile_arg = path_arg(&hostile_path);
    // The gap list's names in hostile.json hold no bidi or C1 characters (which JSON does not
    // escape): give a journey with gaps some.
    let mut raw: serde_json::Value =
        serde_json::from_slice(&fs::read(&hostile_path).unwrap()).unwrap();
    let name = raw["journeys"][0]["name"].as_str().unwrap().to_string();
    raw["journeys"][0]["name"] = format!("{name}\u{202e}\u{9b}2J\u{7f}").into();
    let gaps_path = write_file(dir.path(), "gaps.json", serde_json::to_vec(&raw).unwrap());
    let mut commands: Vec<Vec<&str>> = Format::ALL
        .iter()
        .map(|format| vec!["export", hostile_arg, "--format", format.name()])
        .collect();
    commands.push(vec!["gaps", path_arg(&gaps_path), "--json"]);
    for args in &commands {
        let shown = String::from_utf8(on_a_terminal(dir.path(), args)).expect("UTF-8");
        let raw: Vec<char> = shown
            .chars()
            .filter(|c| !matches!(c, '\n' | '\r' | '\t') && journeymap::text::is_unsafe(*c))
            .collect();
        assert!(raw.is_empty(), "{args:?} let {raw:?} reach the terminal");
        assert!(shown.contains("\\u{"), "{args:?} shows the escapes");

        // Piped, every character is kept.
        let piped = run(args);
        assert_eq!(piped.code, Some(0), "{piped:#?}");
        if args[0] == "export" {
            let format = Format::ALL
                .into_iter()
                .find(|f| f.name() == args[3])
                .unwrap();
            let expected = export::render(&hostile(), format, None, Date::today());
            assert_eq!(piped.stdout.as_bytes(), expected, "{args:?} piped");
        } else {
            assert!(
                piped.stdout.contains("\u{202e}\u{9b}2J\u{7f}"),
                "gaps --json piped keeps every character: {piped:#?}"
            );
        }
    }
}

#[test]
fn the_palettes_export_keeps_a_users_file_of_the_same_name() {
    let dir = temp_dir();
    let workspace = write_file(dir.path(), "plan.json", SAMPLE);
    let notes = write_file(dir.path(), "plan.md", "# My plan\n\nMy own notes.\n");
    // Wide enough for the whole message beside the status line's counts and key hints.
    let mut terminal = pty::Spawn::new(dir.path())
        .arg(&workspace)
        .size(120, 30)
        .start();
    let wait = std::time::Duration::from_secs(15);
    assert!(terminal.wait_for("Personas", wait), "{}", terminal.screen());
    terminal.send(":");
    terminal.send("export markdown");
    assert!(terminal.wait_for("1 match", wait), "{}", terminal.screen());
    terminal.send("\r");
    assert!(
        terminal.wait_for(
            "exported markdown to plan-2.md (plan.md is not journeymap's)",
            wait
        ),
        "{}",
        terminal.screen()
    );
    assert_eq!(fs::read(&notes).unwrap(), b"# My plan\n\nMy own notes.\n");
    let written = fs::read_to_string(dir.path().join("plan-2.md")).unwrap();
    assert!(
        written.starts_with("<!-- journeymap export "),
        "{written:.200}"
    );
    assert!(written.contains("Spoke & Chain Cycles"));
}

#[test]
fn the_reports_show_a_kpis_measurements_and_the_html_draws_them_with_the_target_dashed() {
    use journeymap::model::{Measurement, edit};
    let mut ws = sample();
    let metric = ws.metrics().at(0).expect("the sample has metrics").clone();
    for (on, value, note) in [
        ("2026-09-01", 1.5, ""),
        ("2026-10-01", 2.1, "after the | sale"),
    ] {
        let on = on.parse().unwrap();
        edit::measure(&mut ws, metric.id, None, Measurement::new(on, value, note)).unwrap();
    }
    let markdown = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
    let heading = format!("### {} over time", metric.name);
    let table = markdown.split(&heading).nth(1).expect("a history section");
    assert!(table.contains("| 2026-09-01 |"), "{table}");
    assert!(table.contains("| 2026-10-01 |"), "{table}");
    assert!(table.contains("after the \\| sale"), "{table}");

    let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
    let history = html
        .split(&format!("{} over time</h3>", metric.name))
        .nth(1)
        .expect("a history section");
    let svg = &history[..history.find("</svg>").expect("an inline SVG")];
    assert!(svg.contains("<polyline points="), "{svg}");
    if metric.target.is_some() {
        assert!(
            svg.contains("stroke-dasharray"),
            "the target is dashed: {svg}"
        );
    }
    assert!(history.contains("<td>2026-10-01</td>"), "{history}");
    // Without measurements, no history section at all (the golden files show the sample).
    let plain = String::from_utf8(export::render(&sample(), Format::Html, None, today())).unwrap();
    assert!(!plain.contains("over time</h3>"));
}

#[test]
fn the_reports_show_open_comments_under_their_entry_and_leave_resolved_ones_out() {
    use journeymap::model::comments::comments_of;
    use journeymap::model::search::Target;
    use journeymap::model::{Comment, edit};
    let mut ws = sample();
    let journey = ws
        .journeys()
        .at(0)
        .expect("the sample has journeys")
        .clone();
    let step = journey.steps[2].clone();
    let persona = ws
        .personas()
        .at(0)
        .expect("the sample has personas")
        .clone();
    let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_947_300);
    let said = |text: &str| Comment::new("ines", at, text);
    edit::add_comment(
        &mut ws,
        Target::Step(step.id),
        said("Only <Saturdays> | why?"),
    )
    .unwrap();
    edit::add_comment(&mut ws, Target::Persona(persona.id), said("Check her age")).unwrap();
    edit::add_comment(&mut ws, Target::Journey(journey.id), said("Done already")).unwrap();
    let done = comments_of(&ws, Target::Journey(journey.id)).unwrap().2[0].id;
    edit::resolve_comment(&mut ws, Target::Journey(journey.id), done, true).unwrap();

    let markdown = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
    let steps = markdown.split("### Steps").nth(1).expect("a steps table");
    let steps = &steps[..steps.find("### Content map").unwrap()];
    assert!(
        steps.contains(&format!(
            "- 💬 on **{}** — ines, 2026-11-29: Only &lt;Saturdays&gt; \\| why?",
            step.name
        )),
        "{steps}"
    );
    let persona_block = markdown
        .split(&format!("### {}", persona.name))
        .nth(1)
        .unwrap();
    assert!(
        persona_block.contains("- 💬 ines, 2026-11-29: Check her age"),
        "{persona_block}"
    );
    assert!(!markdown.contains("Done already"));

    let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
    assert!(
        html.contains(&format!(
            "<li>💬 on <strong>{}</strong> — ines, <time>2026-11-29</time>: Only &lt;Saturdays&gt; | why?</li>",
            step.name
        )),
        "{html}"
    );
    assert!(html.contains("ines, <time>2026-11-29</time>: Check her age</li>"));
    assert!(!html.contains("Done already"));
    // Without comments, no list at all (the golden files show the sample).
    let plain = String::from_utf8(export::render(&sample(), Format::Html, None, today())).unwrap();
    assert!(!plain.contains("<li>💬"));
}

/// The sample with a step field "Backstage" and its value on the step "Test-rides".
fn sample_with_fields() -> Workspace {
    decode(include_bytes!("golden/sample-fields.json")).expect("the fixture is valid")
}

#[test]
fn the_reports_show_a_steps_custom_fields_as_lanes_after_the_built_in_ones() {
    const VALUE: &str =
        "Mechanic on call to fit the frame; two demo bikes charged the night before.";
    let ws = sample_with_fields();
    let markdown = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
    let steps = markdown.split("### Steps").nth(1).expect("a steps table");
    let steps = &steps[..steps.find("### Content map").unwrap()];
    assert!(
        steps.contains("| # | Step | Emotion | Actions | Touchpoints | Pain points | Opportunities | Notes | Backstage |\n|--:|---|---|---|---|---|---|---|---|\n"),
        "{steps}"
    );
    let row = steps
        .lines()
        .find(|line| line.contains("**Test-rides**"))
        .expect("the step's row");
    assert!(row.ends_with(&format!(" | {VALUE} |")), "{row}");

    let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
    let lane = html
        .lines()
        .find(|line| line.starts_with("<tr><th scope=\"row\">Backstage</th>"))
        .expect("a Backstage lane");
    assert!(lane.contains(&format!("<td>{VALUE}</td>")), "{lane}");
    // After the built-in lanes, in the steps' table (not the content map's).
    let board = &html[html.find("<table class=\"board\">").unwrap()..];
    let board = &board[..board.find("</table>").unwrap()];
    assert!(board.find("Opportunities</th>").unwrap() < board.find("Backstage</th>").unwrap());
    let map = &html[html.find("<table class=\"map\">").unwrap()..];
    assert!(!map[..map.find("</table>").unwrap()].contains("Backstage"));

    // The sample, without fields, has no such lane (its golden files are unchanged).
    let plain =
        String::from_utf8(export::render(&sample(), Format::Markdown, None, today())).unwrap();
    assert!(!plain.contains("Backstage"));
}

#[test]
fn the_reports_show_other_entries_custom_fields_after_their_built_in_ones() {
    use journeymap::model::search::Target;
    use journeymap::model::{FieldDef, edit};
    let mut ws = sample();
    let age = FieldDef::new("Age <bracket>", "persona");
    let budget = FieldDef::new("Budget owner", "journey");
    for field in [&age, &budget] {
        edit::add_field(&mut ws, field.clone()).unwrap();
    }
    let persona = ws.personas().at(0).unwrap().clone();
    let journey = ws.journeys().at(0).unwrap().clone();
    edit::set_custom(&mut ws, Target::Persona(persona.id), &age.id, "30–39").unwrap();
    edit::set_custom(
        &mut ws,
        Target::Journey(journey.id),
        &budget.id,
        "Marketing",
    )
    .unwrap();

    let markdown = String::from_utf8(export::render(&ws, Format::Markdown, None, today())).unwrap();
    let block = markdown
        .split(&format!("### {}", persona.name))
        .nth(1)
        .unwrap();
    let tags = block.find("| **Tags** |").unwrap();
    let custom = block
        .find("| **Age &lt;bracket&gt;** | 30–39 |")
        .expect("the persona's field");
    assert!(tags < custom, "{block}");
    assert!(
        markdown.contains("- **Budget owner:** Marketing\n"),
        "{markdown}"
    );

    let html = String::from_utf8(export::render(&ws, Format::Html, None, today())).unwrap();
    assert!(
        html.contains("<dt>Age &lt;bracket&gt;</dt><dd>30–39</dd>"),
        "{html}"
    );
    assert!(
        html.contains("<dt>Budget owner</dt><dd>Marketing</dd>"),
        "{html}"
    );
}

#[test]
fn the_csv_carries_one_column_per_item_field_headed_by_its_name() {
    use journeymap::import::import_csv;
    use journeymap::model::search::Target;
    use journeymap::model::{FieldDef, edit};
    let mut ws = sample();
    let campaign = FieldDef::new("Campaign", "item");
    edit::add_field(&mut ws, campaign.clone()).unwrap();
    // A step field is no column of the inventory.
    edit::add_field(&mut ws, FieldDef::new("Backstage", "step")).unwrap();
    let item = ws.items().at(2).unwrap().clone();
    edit::set_custom(&mut ws, Target::Item(item.id), &campaign.id, "=SPRING27").unwrap();

    let csv = String::from_utf8(export::render(&ws, Format::Csv, None, today())).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",notes,Campaign"), "{header}");
    let row = csv
        .lines()
        .find(|l| l.starts_with(&item.id.to_string()))
        .unwrap();
    assert!(row.ends_with(",'=SPRING27"), "{row}");

    // Read back into the workspace without the value, the column fills it again.
    let mut without = ws.clone();
    edit::set_custom(&mut without, Target::Item(item.id), &campaign.id, "").unwrap();
    let (imported, report) = import_csv(without, csv.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    assert!(report.ignored_columns.is_empty(), "{report:?}");
    let back = imported.items().get(item.id).unwrap();
    assert_eq!(back.custom.get(&campaign.id), Some("=SPRING27"));

    // Into a workspace without such a field, the column is reported as unknown, as today.
    let (_, report) = import_csv(sample(), csv.as_bytes()).unwrap();
    assert_eq!(report.ignored_columns, ["Campaign"]);
}
