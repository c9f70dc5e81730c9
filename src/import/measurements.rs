//! Importing a KPI's measurements from CSV, as analytics tools export them:
//! `metric,date,value[,note]`.
//!
//! - The header row names the columns (any order and case; `note` may be left out); columns it
//!   does not know are ignored and named in the report. A file with `;` or tabs between cells is
//!   read too, as the inventory import reads it.
//! - `metric` is a metric's id or its exact name; a name two metrics share is refused (use the
//!   id). `date` is read as a form reads a date (`2026-11-01`, `24.12.2026`…); `value` as a
//!   form reads a metric's number, with the workspace's currency sign or code or none.
//! - A row adds the measurement of that metric on that date, or replaces the one there; the
//!   metric's `actual` follows its latest measurement.
//! - Every problem is reported with its row (the header is row 1) and column; a row with a
//!   problem changes nothing. Whether the other rows are kept is the caller's choice.

use std::collections::HashMap;

use super::{ImportError, RowProblem, csv_rows, plural};
use crate::model::edit;
use crate::model::{Date, Id, Measurement, Workspace, read_number};
use crate::text::fold;

/// The columns a measurements file has; `note` is optional.
pub const COLUMNS: [&str; 4] = ["metric", "date", "value", "note"];

/// What a measurements import did (or, for a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Rows with content (empty rows are not counted).
    pub rows: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Header cells that name no known column.
    pub ignored_columns: Vec<String>,
    /// Every problem, row by row; a row listed here was not imported.
    pub problems: Vec<RowProblem>,
}

impl Report {
    /// Whether the import changes the workspace.
    pub fn changes_anything(&self) -> bool {
        self.added + self.replaced > 0
    }

    /// What the import does: `5 measurements added, 1 replaced, 0 unchanged`.
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} replaced, {} unchanged",
            plural(self.added, "measurement", "measurements"),
            self.replaced,
            self.unchanged
        )
    }
}

/// Reads measurements and applies every valid row to a copy of `ws`, dates read from `today`
/// as a form reads them. Returns the copy and the report; rows with problems are listed in it
/// and left out of the copy.
pub fn import_measurements(
    ws: &Workspace,
    bytes: &[u8],
    today: Date,
) -> Result<(Workspace, Report), ImportError> {
    let (header, reader) = csv_rows(bytes)?;
    let mut report = Report::default();
    let columns = columns(&header, &mut report)?;
    let names = MetricNames::of(ws);
    let mut work = ws.clone();
    // The first row of each metric and date, to report a second one.
    let mut seen: HashMap<(Id, Date), usize> = HashMap::new();
    for (at, record) in reader.into_byte_records().enumerate() {
        let row = at + 2;
        let record = record.map_err(|error| ImportError::Csv(error.to_string()))?;
        if record.iter().all(|cell| cell.trim_ascii().is_empty()) {
            continue;
        }
        report.rows += 1;
        let problems = std::cell::RefCell::new(Vec::new());
        let problem = |column: &str, message: String| {
            problems.borrow_mut().push(RowProblem {
                row,
                field: column.to_string(),
                message,
            })
        };
        let cell = |column: &str| -> String {
            let raw = columns
                .get(column)
                .and_then(|at| record.get(*at))
                .unwrap_or_default();
            match std::str::from_utf8(raw) {
                Ok(text) => crate::inventory::unguard(text).trim().to_string(),
                Err(_) => {
                    problem(
                        column,
                        "is not UTF-8 text: save the file as \"CSV UTF-8\"".into(),
                    );
                    String::new()
                }
            }
        };
        let (metric, date, value, note) =
            (cell("metric"), cell("date"), cell("value"), cell("note"));
        let metric = names
            .find(ws, &metric)
            .map_err(|why| problem("metric", why))
            .ok();
        let date = if date.is_empty() {
            problem("date", "is empty: every measurement has a date".into());
            None
        } else {
            Date::read(&date, today)
                .map_err(|why| problem("date", why))
                .ok()
        };
        let value = if value.is_empty() {
            problem("value", "is empty: every measurement has a value".into());
            None
        } else {
            read_number(&value, ws.currency())
                .map_err(|why| problem("value", why))
                .ok()
        };
        if let (Some(metric), Some(date)) = (metric, date) {
            if let Some(first) = seen.get(&(metric, date)) {
                problem(
                    "date",
                    format!("row {first} measures the same metric on {date}"),
                );
            } else {
                seen.insert((metric, date), row);
            }
        }
        if let (true, Some(metric), Some(on), Some(value)) =
            (problems.borrow().is_empty(), metric, date, value)
        {
            let existing = work
                .metrics()
                .get(metric)
                .and_then(|m| m.measurements.iter().find(|m| m.on == on));
            match existing {
                Some(old) if old.value.to_bits() == value.to_bits() && old.note == note => {
                    report.unchanged += 1;
                }
                old => {
                    let replacing = old.is_some();
                    match edit::measure(&mut work, metric, None, Measurement::new(on, value, &note))
                    {
                        Ok(_) if replacing => report.replaced += 1,
                        Ok(_) => report.added += 1,
                        Err(error) => problem("value", error.to_string()),
                    }
                }
            }
        }
        report.problems.extend(problems.into_inner());
    }
    Ok((work, report))
}

/// Where each column is in the file; `metric`, `date` and `value` must be there.
fn columns(
    header: &::csv::ByteRecord,
    report: &mut Report,
) -> Result<HashMap<&'static str, usize>, ImportError> {
    let mut found = HashMap::new();
    for (at, cell) in header.iter().enumerate() {
        let text = std::str::from_utf8(cell).map_err(|_| ImportError::HeaderNotUtf8)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
        match COLUMNS.iter().find(|c| **c == fold(text)) {
            Some(column) => {
                if found.insert(*column, at).is_some() {
                    return Err(ImportError::DuplicateColumn(column.to_string()));
                }
            }
            None if text.is_empty() => {}
            None => report.ignored_columns.push(text.to_string()),
        }
    }
    match COLUMNS[..3].iter().find(|c| !found.contains_key(*c)) {
        Some(missing) => Err(ImportError::NoColumn {
            column: missing,
            columns: "metric,date,value[,note]",
        }),
        None => Ok(found),
    }
}

/// The metrics by exact name, built once per import, so a row costs the same in any workspace.
struct MetricNames(HashMap<String, Vec<Id>>);

impl MetricNames {
    fn of(ws: &Workspace) -> Self {
        let mut names: HashMap<String, Vec<Id>> = HashMap::new();
        for metric in ws.metrics() {
            names
                .entry(metric.name.clone())
                .or_default()
                .push(metric.id);
        }
        MetricNames(names)
    }

    /// The metric a cell names: by id, or by its exact name when only one metric has it.
    fn find(&self, ws: &Workspace, cell: &str) -> Result<Id, String> {
        if cell.is_empty() {
            return Err("is empty: name the metric (its name or its id)".into());
        }
        if let Ok(id) = cell.to_ascii_lowercase().parse::<Id>()
            && ws.metrics().contains(id)
        {
            return Ok(id);
        }
        match self.0.get(cell).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(several) => Err(format!(
                "{} metrics are named {cell:?}: use the id of the one you mean",
                several.len()
            )),
            None => Err(format!("no metric is named {cell:?} (or has it as its id)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_counts_what_changes() {
        let report = Report {
            added: 5,
            replaced: 1,
            ..Report::default()
        };
        assert_eq!(
            report.summary(),
            "5 measurements added, 1 replaced, 0 unchanged"
        );
        assert!(report.changes_anything());
        assert!(!Report::default().changes_anything());
    }
}
