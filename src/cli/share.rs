//! `journeymap export` and `journeymap import`: the map in formats colleagues' tools read, and a
//! content inventory from a spreadsheet.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Failure, say, warn};
use crate::export::{self, Format};
use crate::import;
use crate::model::{Date, Workspace, helpers};
use crate::storage::{self, disk};

const EXPORT_HELP: &str = "\
Formats:
  markdown  a report: objectives, personas, journeys, content map, calendar, metrics, budget
  csv       the content inventory, one row per item (what `import --csv` reads back)
  mermaid   Mermaid `journey` diagrams: with --journey one bare diagram (.mmd); without, a
            Markdown document with one ```mermaid block per journey
  ics       the content & service calendar (iCalendar): one all-day event per dated item
  html      one self-contained page (no scripts, no network), readable printed
  dot       a Graphviz digraph of the journeys (render with `dot -Tsvg`)

--compare A B (with --format markdown): two journeys side by side instead of the report (today's
journey and the desired one, or one purchase as two personas live it): both emotion curves in
one text chart, then per step both names and feelings, the difference (B minus A) and the gaps
each has. A and B are journeys' names (any case) or ids.

CSV: columns id,title,type,kind,journeys,steps,status,owner,available_on,channel,media,cost,
url,notes. Several journeys or steps in one cell are separated by `; `, and a step is written
`Journey › Step`; a `;`, `›` or `\\` inside a name is escaped with `\\`. A cell that a
spreadsheet could run as a formula (it starts with = + - @, a tab or a carriage return, even after
apostrophes) gets a leading ', which import takes off again; a cell such as 'Never too late'
is written as it is.

Exports are the same bytes for the same workspace on the same day. All but CSV and a bare
Mermaid diagram carry a comment line `journeymap export <fingerprint>`: the terminal's command
palette replaces a file beside the workspace only while it is such an export, unchanged since,
and otherwise writes NAME-2.EXT. -o replaces FILE whoever wrote it.";

const IMPORT_HELP: &str = "\
--csv: the file has a header row naming its columns (as `export --format csv` writes them, in any
order and case; only title is required). A row whose id is an item of the workspace updates it;
other rows add items. Content types and channels the workspace does not know are created. Steps
are `Journey › Step`, or a step name alone when it is unique in the row's journeys. Rows are
numbered as a spreadsheet shows them (the header is row 1).

--measurements: the file has a header row metric,date,value and optionally note (any order
and case). metric is a metric's id or its exact name; date is read as a form reads one
(2026-11-01, 1.11.2026); value as a metric's number is read (1,200.50, 1.200,50, with the
workspace's currency or none). Each row adds the measurement of that metric on that date, or
replaces it; the metric's actual follows its latest measurement.

Every problem is listed by row and column. Without --skip-invalid nothing is written unless
every row is valid.";

#[derive(Debug, clap::Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// The workspace file.
    pub path: PathBuf,
    /// What to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Format,
    /// Only this journey: its name (any case) or its id.
    #[arg(long, value_name = "NAME-OR-ID")]
    pub journey: Option<String>,
    /// Instead of the report, two journeys compared step by step (Markdown only): each by its
    /// name (any case) or its id.
    #[arg(
        long,
        num_args = 2,
        value_names = ["A", "B"],
        conflicts_with = "journey"
    )]
    pub compare: Option<Vec<String>>,
    /// Write to FILE instead of standard output. An existing FILE is replaced, whoever wrote it
    /// (atomically; a new file is readable by you only).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = IMPORT_HELP)]
pub struct ImportArgs {
    /// The workspace file to import into.
    pub path: PathBuf,
    /// The inventory to read (`-` for standard input).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "measurements",
        conflicts_with = "measurements"
    )]
    pub csv: Option<PathBuf>,
    /// KPI measurements to read instead, `metric,date,value[,note]` (`-` for standard input):
    /// each row adds or replaces the measurement of that metric on that date.
    #[arg(long, value_name = "FILE")]
    pub measurements: Option<PathBuf>,
    /// Check the file and say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and list the others, instead of importing nothing when a row is
    /// invalid.
    #[arg(long)]
    pub skip_invalid: bool,
}

pub fn export(args: ExportArgs) -> Result<(), Failure> {
    let loaded = storage::load(&args.path)?;
    let ws = &loaded.workspace;
    let document = match &args.compare {
        Some(names) => comparison(ws, args.format, names)?,
        None => {
            let journey = match &args.journey {
                Some(name) => Some(export::find_journey(ws, name).map_err(Failure::invalid)?),
                None => None,
            };
            export::render_document(ws, args.format, journey, Date::today())
        }
    };
    super::quick_exit::keep_until_exit(loaded.workspace);
    match &args.output {
        None => super::output::document(&document.into_bytes()).map_err(Failure::output),
        Some(output) => {
            if std::fs::canonicalize(output).is_ok_and(|real| real == loaded.path) {
                return Err(Failure::invalid(format!(
                    "{} is the workspace itself; choose another file to export to",
                    output.display()
                )));
            }
            // The mark is worked out while the rest of the file is written around its place.
            let (mark_at, mark_length) = document.mark_place().unwrap_or((0, 0));
            let blank = vec![0; mark_length];
            let written =
                disk::write_file_parts(output, &document.parts(&blank), mark_at as u64, || {
                    document.mark()
                });
            written.map_err(|error| {
                Failure::unreadable(format!(
                    "cannot write {}: {}",
                    output.display(),
                    disk::io_words(&error)
                ))
            })?;
            super::quick_exit::keep_until_exit(document);
            say!(
                "exported {} ({}) to {}",
                args.path.display(),
                args.format.name(),
                output.display()
            );
            Ok(())
        }
    }
}

/// The Markdown comparison of the two journeys `names` names.
fn comparison(
    ws: &Workspace,
    format: Format,
    names: &[String],
) -> Result<export::Document, Failure> {
    if format != Format::Markdown {
        return Err(Failure::invalid(format!(
            "--compare writes Markdown, not {}: use --format markdown",
            format.name()
        )));
    }
    let [a, b] = names else {
        return Err(Failure::invalid("--compare takes two journeys, A and B"));
    };
    let (a, b) = (
        export::find_journey(ws, a).map_err(Failure::invalid)?,
        export::find_journey(ws, b).map_err(Failure::invalid)?,
    );
    if a == b {
        return Err(Failure::invalid(
            "--compare names the same journey twice; name two different journeys",
        ));
    }
    export::render_comparison(ws, a, b, Date::today())
        .ok_or_else(|| Failure::invalid("a journey to compare is not in the workspace"))
}

pub fn import(args: ImportArgs) -> Result<(), Failure> {
    let source = match (&args.csv, &args.measurements) {
        (Some(csv), _) => csv,
        (None, Some(measurements)) => measurements,
        (None, None) => unreachable!("clap requires --csv or --measurements"),
    };
    let from_input = source == Path::new("-");
    // A file to import is read (an inventory split into rows too) on a thread of its own while
    // the workspace is read and decoded;
    // what goes wrong is still told in the same order, the workspace's problems first.
    // Standard input is read only once the workspace is known to be good, as before: a bad
    // workspace does not wait for the input to end.
    // Where no thread starts, the file is read after the workspace, and only if it is good.
    let inventory = args.csv.is_some();
    let (workspace, csv_read) = std::thread::scope(|scope| {
        let reading =
            (!from_input).then(|| helpers::beside(scope, || read_input(source, inventory)));
        let workspace = workspace_to_import_into(&args.path);
        let csv_read = reading
            .filter(|_| workspace.is_ok())
            .map(helpers::Beside::join);
        (workspace, csv_read)
    });
    let (real, ws, disk_state, file_size) = workspace?;
    let csv_name = if from_input {
        "standard input".to_string()
    } else {
        source.display().to_string()
    };
    let input = csv_read
        .unwrap_or_else(|| read_input(source, inventory))
        .map_err(|error| {
            Failure::unreadable(format!(
                "cannot read {csv_name}: {}",
                disk::io_words(&error)
            ))
        })?;
    let refused = |error: import::ImportError| Failure::invalid(format!("{csv_name}: {error}"));
    // What was read goes as it is imported, before the new bytes take their room.
    let (imported, report) = match input {
        Input::Inventory(sheet) => {
            let sheet = sheet.map_err(refused)?;
            let (imported, report) = import::import_sheet(ws, sheet).map_err(refused)?;
            (imported, Outcome::of_inventory(report))
        }
        Input::Measurements(bytes) => {
            let (imported, report) =
                import::measurements::import_measurements(&ws, &bytes, Date::today())
                    .map_err(refused)?;
            (imported, Outcome::of_measurements(report))
        }
    };

    for column in &report.ignored_columns {
        warn(&format!(
            "{csv_name}: ignoring the column {column:?} (not one of {})",
            report.columns
        ));
    }
    if !report.problems.is_empty() {
        let lines: Vec<String> = report
            .problems
            .iter()
            .map(|p| format!("{csv_name}: {p}"))
            .collect();
        let bad = import::bad_rows(&report.problems);
        if !args.skip_invalid {
            return Err(Failure::invalid(format!(
                "{}\n{csv_name}: nothing imported: {bad} of {} row{} {} problems (fix {}, or use --skip-invalid to import the other rows)",
                lines.join("\n"),
                report.rows,
                if report.rows == 1 { "" } else { "s" },
                if bad == 1 { "has" } else { "have" },
                if bad == 1 { "it" } else { "them" },
            )));
        }
        for line in &lines {
            warn(line);
        }
        warn(&format!(
            "{csv_name}: skipped {bad} invalid row{}",
            if bad == 1 { "" } else { "s" }
        ));
    }
    let summary = crate::text::printable(&report.summary).into_owned();
    if args.dry_run {
        say!(
            "dry run: importing {csv_name} into {} would give: {summary}; nothing written",
            args.path.display()
        );
        return Ok(());
    }
    if !report.changes {
        say!("{}: nothing to change ({summary})", args.path.display());
        return Ok(());
    }
    let _lock = super::lock_to_write(
        &real,
        &args.path,
        "not importing into it (close it there first)",
        Failure::invalid,
    )?;
    let bytes = storage::codec::encode_snapshot(&imported.snapshot(), file_size);
    super::quick_exit::keep_until_exit(imported);
    storage::save_untracked(&real, &bytes, &disk_state).map_err(Failure::invalid)?;
    // Handing back the new bytes' 50 MB (at 100k items) would keep the prompt waiting.
    super::quick_exit::keep_until_exit(bytes);
    say!("{}: imported {csv_name}: {summary}", args.path.display());
    Ok(())
}

/// What an import of either kind did, as the command tells it.
struct Outcome {
    rows: usize,
    problems: Vec<import::RowProblem>,
    ignored_columns: Vec<String>,
    /// The columns the file may have, for the warning about one it ignores.
    columns: String,
    summary: String,
    changes: bool,
}

impl Outcome {
    fn of_inventory(report: import::Report) -> Self {
        Outcome {
            summary: report.summary(),
            changes: report.changes_anything(),
            rows: report.rows,
            problems: report.problems,
            ignored_columns: report.ignored_columns,
            columns: import::column_names().join(","),
        }
    }

    fn of_measurements(report: import::measurements::Report) -> Self {
        Outcome {
            summary: report.summary(),
            changes: report.changes_anything(),
            rows: report.rows,
            problems: report.problems,
            ignored_columns: report.ignored_columns,
            columns: import::measurements::COLUMNS.join(","),
        }
    }
}

/// The workspace to import into, read and decoded: its real path, the workspace, its state on
/// disk, and its file's size (what the new bytes take, give or take the rows). The file is
/// decoded where the system holds it, hashed beside the decode ([`disk::read_with`]) instead of
/// copied and then hashed first; its bytes are not needed past the decode, and go before the
/// rows and the new bytes take their room. Its rules are checked as any file's, but it is
/// indexed only for lookups by id ([`Workspace::for_lookups`]): an import finds items, names
/// and steps, checks and writes them, and shows none of the cells, dates and costs a screen
/// reads (at 100k items building them took ~45 ms of CPU).
fn workspace_to_import_into(
    path: &Path,
) -> Result<(PathBuf, Workspace, disk::DiskState, usize), Failure> {
    let decode = |bytes: &[u8]| {
        let contents = storage::parse(bytes).and_then(storage::Parsed::into_contents);
        (contents.map(Workspace::for_lookups), bytes.len())
    };
    let (real, (decoded, size), disk_state) = disk::read_with(path, decode)?;
    let ws = decoded.map_err(|error| {
        Failure::invalid(disk::OpenError::Bad {
            path: path.to_path_buf(),
            error,
        })
    })?;
    Ok((real, ws, disk_state, size))
}

/// A file to import, read: an inventory already split into its rows' cells (which needs no
/// workspace, so it is done beside the workspace's decoding, on the thread that reads the
/// file), measurements as the file's bytes.
enum Input {
    Inventory(Result<import::Sheet, import::ImportError>),
    Measurements(Vec<u8>),
}

/// Reads the file to import: an inventory when `inventory`, measurements otherwise.
fn read_input(path: &Path, inventory: bool) -> std::io::Result<Input> {
    let bytes = read_csv(path)?;
    Ok(if inventory {
        Input::Inventory(import::Sheet::split(&bytes))
    } else {
        Input::Measurements(bytes)
    })
}

fn read_csv(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}
