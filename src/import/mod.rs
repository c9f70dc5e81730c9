//! Importing a content inventory from CSV, in the columns `export --format csv` writes.
//!
//! - Headers are matched ignoring case, spaces around them, and `-`/space for `_`
//!   (`Available on` is `available_on`); columns it does not know are ignored (and named in the
//!   report); only `title` is required. A file saved by a spreadsheet with `;` or tabs between
//!   cells (as some locales do) is read too.
//! - Rows are numbered as a spreadsheet shows them: the header is row 1. Empty rows are skipped.
//! - A row whose `id` is an item of the workspace updates that item: the columns present replace
//!   its values, the columns absent leave them. Any other row adds an item (keeping the row's id
//!   when it has one), so exporting and importing the same workspace changes nothing, and an
//!   export imported into a workspace with the same journeys gives back the same items.
//! - `type` and `channel` are names; a name the workspace does not know creates the content type
//!   (of the row's `kind`) or channel (of the row's `media`, with no budget). `kind` and `media`
//!   are used only then.
//! - `steps` lists steps as `Journey › Step`, or just `Step` when the step's name is unique among
//!   the journeys of the `journeys` column (or, without one, among all journeys). Several values
//!   are separated by `;`; a `\` before `;`, `›` or `\` makes it part of a name.
//! - One leading `'` is taken off every cell: the export adds it to cells a spreadsheet could run
//!   as a formula (see [`crate::inventory`]).
//! - Every problem is reported with its row and column; a row with a problem changes nothing.
//!   Whether the other rows are kept is the caller's choice (`--skip-invalid`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use crate::inventory::{Column, columns};
use crate::model::edit::{self, EditError, OwnId};
use crate::model::fields::fields_on;
use crate::model::schema::{EntityKind, Field, FieldInput, FieldKind, FieldValue, Schema};
use crate::model::{
    Channel, ContentType, Customised, Date, Entity, FieldDef, Id, IdMap, Item, Journey, Kind,
    Media, Table, Workspace,
};
use crate::text::fold;

pub mod measurements;
mod sheet;

use sheet::Record;
pub use sheet::Sheet;

/// The names of the columns import understands, as the export names them.
pub use crate::inventory::column_names;

/// One problem of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: usize,
    /// The column at fault, as the export names it (`status`, `available_on`…).
    pub field: String,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}: {}", self.row, self.field, self.message)
    }
}

/// Why a file cannot be imported at all (as opposed to some of its rows).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty: it has no header row")]
    Empty,
    #[error("the header row has no \"title\" column (it has: {0}); the columns are {columns}", columns = column_names().join(","))]
    NoTitle(String),
    #[error("the header row has no \"{column}\" column; the columns are {columns}")]
    NoColumn {
        column: &'static str,
        columns: &'static str,
    },
    #[error("the header row has the column \"{0}\" twice")]
    DuplicateColumn(String),
    #[error("the header row is not UTF-8 text: save the file as \"CSV UTF-8\"")]
    HeaderNotUtf8,
    #[error("cannot read it as CSV: {0}")]
    Csv(String),
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Rows with content (empty rows are not counted).
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Content types the import created, by name.
    pub new_types: Vec<String>,
    /// Channels the import created, by name.
    pub new_channels: Vec<String>,
    /// Header cells that name no known column.
    pub ignored_columns: Vec<String>,
    /// Every problem, row by row; a row listed here was not imported.
    pub problems: Vec<RowProblem>,
}

/// How many rows have at least one problem (the problems listed row by row).
pub fn bad_rows(problems: &[RowProblem]) -> usize {
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows.dedup();
    rows.len()
}

impl Report {
    /// Whether the import changes the workspace.
    pub fn changes_anything(&self) -> bool {
        self.added + self.updated + self.new_types.len() + self.new_channels.len() > 0
    }

    /// What the import does, in one sentence without a subject: `3 items added, 1 updated, 40
    /// unchanged; new content type "Podcast"; new channel "TikTok"`.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} added, {} updated, {} unchanged",
            plural(self.added, "item", "items"),
            self.updated,
            self.unchanged
        );
        for (names, one, many) in [
            (&self.new_types, "new content type", "new content types"),
            (&self.new_channels, "new channel", "new channels"),
        ] {
            match names.len() {
                0 => {}
                1 => text.push_str(&format!("; {one} {}", quoted(names))),
                n => text.push_str(&format!("; {n} {many} {}", quoted(names))),
            }
        }
        text
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many new names the summary shows; the rest are counted, so that the sentence stays
/// short whatever the file holds.
const NAMES_SHOWN: usize = 3;

/// `"A", "B", "C"`, or `"A", "B", "C" and 39997 more`.
fn quoted(names: &[String]) -> String {
    let shown = names
        .iter()
        .take(NAMES_SHOWN)
        .map(|n| format!("{:?}", shorten(n)))
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// A name cut to 40 characters, so that one long name cannot make the summary long either.
fn shorten(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

/// Reads an inventory and applies every valid row to `ws`: [`import_sheet`] of the file split.
pub fn import_csv(ws: Workspace, bytes: &[u8]) -> Result<(Workspace, Report), ImportError> {
    import_sheet(ws, Sheet::split(bytes)?)
}

/// Reads an inventory split into rows and applies every valid row to `ws`. Returns the workspace and the report;
/// rows with problems are listed in it and left out of the workspace. It takes the workspace
/// rather than a copy of it, so that an import costs what its rows cost whatever the size of
/// the workspace (a copy of a million items' index would cost more than the rows).
///
/// Rows are read [`CHUNK`] at a time, drafted against the workspace as the chunk finds it on two
/// threads (reading a row and resolving its names is most of what a row costs, and changes
/// nothing), then applied one by one in file order. A row's draft is what it would have been
/// drafted as after the rows before it were applied, unless one of them in the chunk changed
/// what it read: its id (the same id twice) or the names of content types and channels (a row
/// that created one). Such a row is drafted again, in turn, against the workspace as it then
/// is; so the workspace, the report and every problem are those of rows read one at a time.
pub fn import_sheet(ws: Workspace, sheet: Sheet) -> Result<(Workspace, Report), ImportError> {
    import_in_chunks(ws, &sheet, CHUNK)
}

/// [`import_sheet`], `at_once` rows at a time (one at a time: each row drafted against the
/// workspace as the rows before it left it, which a test compares the chunks with).
fn import_in_chunks(
    ws: Workspace,
    sheet: &Sheet,
    at_once: usize,
) -> Result<(Workspace, Report), ImportError> {
    let mut report = Report::default();
    let columns = Columns::read(&sheet.header, &ws.contents().fields, &mut report)?;
    sheet.broken()?;

    let mut names = Names {
        types: NameIndex::of(ws.content_types()),
        channels: NameIndex::of(ws.channels()),
    };
    let journeys = Journeys::of(&ws);
    let mut seen_ids = FirstRows::new(ws.items().len());
    let mut work = ws;
    // What the rows are read against, the workspace, names and ids as they are when asked.
    macro_rules! against_now {
        () => {
            Against {
                ws: &work,
                names: &names,
                journeys: &journeys,
                columns: &columns,
                seen_ids: &seen_ids,
            }
        };
    }
    for first in (0..sheet.len()).step_by(at_once) {
        let chunk: Vec<Record> = (first..sheet.len().min(first + at_once))
            .map(|at| sheet.row(at))
            .collect();
        // The header is row 1.
        let first_row = first + 2;
        let drafts = against_now!().rows(&chunk, first_row);
        // Whether a row of this chunk created a content type or channel.
        let mut names_changed = false;
        let mut waiting = Waiting::default();
        for ((row, record), drafted) in (first_row..).zip(chunk).zip(drafts) {
            let Some(mut drafted) = drafted else {
                continue;
            };
            let twice_in_chunk = |draft: &Draft| {
                draft
                    .given_id
                    .and_then(|id| seen_ids.get(id, draft.given_at))
                    .is_some_and(|first| first >= first_row)
            };
            if names_changed || twice_in_chunk(&drafted.0) {
                waiting.add_to(&mut work);
                drafted = against_now!()
                    .row(record, row, None)
                    .expect("a row with content still has it");
            }
            let (draft, mut problems) = drafted;
            report.rows += 1;
            if let Some(id) = draft.given_id {
                seen_ids.note(id, draft.given_at, row);
            }
            if problems.is_empty() {
                match draft.item {
                    Version::New(Ok(checked)) => {
                        waiting.items.push(checked);
                        report.added += 1;
                    }
                    item => {
                        waiting.add_to(&mut work);
                        names_changed |= apply(
                            &mut work,
                            Draft { item, ..draft },
                            row,
                            &mut names,
                            &mut report,
                            &mut problems,
                        );
                    }
                }
            }
            report.problems.extend(problems);
        }
        waiting.add_to(&mut work);
    }
    Ok((work, report))
}

/// The new items of a chunk's rows that were checked where the rows were drafted, not added yet:
/// they are added together, after the rows before them and before anything else changes the
/// workspace or reads it again. At a million items, filing a new item in the index of item ids
/// misses the cache; filed one after the other, in one change, the misses overlap, where with a
/// row's other work between them they came one at a time.
#[derive(Default)]
struct Waiting {
    items: Vec<edit::CheckedNew<Item>>,
}

impl Waiting {
    fn add_to(&mut self, ws: &mut Workspace) {
        edit::add_checked_without_undo(ws, self.items.drain(..));
    }
}

/// How many rows [`import_csv`] reads, drafts and applies at a time: enough that starting the
/// second thread costs little next to drafting them, few enough that their records and drafts
/// take little room whatever the size of the file.
const CHUNK: usize = 2048;

/// Below this many rows in a chunk, drafting them on a second thread would cost more than it
/// saves.
const ROWS_FOR_TWO_THREADS: usize = 256;

/// What a row is read against: the workspace and the names as the rows before it left them
/// (or, for a chunk drafted at once, as the chunk found them), and the first row of each id
/// given before.
struct Against<'a> {
    ws: &'a Workspace,
    names: &'a Names,
    journeys: &'a Journeys,
    columns: &'a Columns,
    seen_ids: &'a FirstRows,
}

/// A row read: its draft and its problems (it is applied only when there are none).
type Drafted = (Draft, Vec<RowProblem>);

impl Against<'_> {
    /// Reads one row: `None` for an empty row (skipped, and not counted). `after` is where
    /// the item the row before it named is among the workspace's items, when it named one:
    /// the rows of a file exported from the workspace name them in its order, so the row's
    /// item is looked for after it first.
    fn row(&self, record: Record, row: usize, after: Option<usize>) -> Option<Drafted> {
        let mut cells = Cells {
            row,
            record,
            // A file that is not UTF-8 text as a whole may still have rows that are.
            text: record
                .text()
                .ok()
                .or_else(|| std::str::from_utf8(record.text().err()?).ok()),
            columns: self.columns,
            problems: Vec::new(),
        };
        if cells.is_empty() {
            return None;
        }
        let draft = cells.draft(self.ws, self.names, self.journeys, self.seen_ids, after);
        Some((draft, cells.problems))
    }

    /// Reads the rows of `records`, the first of them row `first_row`: the second half on a
    /// helper thread while this one reads the first. The two halves' drafts are walked one
    /// after the other, not moved into one list (a draft is a few hundred bytes).
    fn rows(
        &self,
        records: &[Record],
        first_row: usize,
    ) -> impl Iterator<Item = Option<Drafted>> + use<> {
        let each = |records: &[Record], first_row: usize| -> Vec<Option<Drafted>> {
            let mut after = None;
            (first_row..)
                .zip(records)
                .map(|(row, record)| {
                    let drafted = self.row(*record, row, after);
                    after = drafted.as_ref().and_then(|d| d.0.given_at).or(after);
                    drafted
                })
                .collect()
        };
        let (first, second) = if records.len() < ROWS_FOR_TWO_THREADS {
            (each(records, first_row), Vec::new())
        } else {
            let half = records.len() / 2;
            let (first, second) = records.split_at(half);
            std::thread::scope(|scope| {
                let second =
                    crate::model::helpers::beside(scope, || each(second, first_row + half));
                (each(first, first_row), second.join())
            })
        };
        first.into_iter().chain(second)
    }
}

/// A field's name, by its id.
fn field_name(ws: &Workspace, id: &str) -> String {
    ws.contents()
        .fields
        .iter()
        .find(|f| f.id == id)
        .map_or_else(|| id.to_string(), |f| f.name.clone())
}

/// The cell separator: `,`, unless the header row has none and has `;` or tabs instead.
/// Opens a CSV file as spreadsheets and analytics tools write it — a UTF-8 byte-order mark
/// skipped, the delimiter guessed, rows of any length — and returns its header row and the rows
/// after it.
fn csv_rows(bytes: &[u8]) -> Result<(::csv::ByteRecord, ::csv::Reader<&[u8]>), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut header = ::csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(false) => Err(ImportError::Empty),
        Err(error) => Err(ImportError::Csv(error.to_string())),
        Ok(true) => Ok((header, reader)),
    }
}

fn delimiter(bytes: &[u8]) -> u8 {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    if first.contains(&b',') {
        b','
    } else if first.contains(&b';') {
        b';'
    } else if first.contains(&b'\t') {
        b'\t'
    } else {
        b','
    }
}

/// Where each known column is in the file, found once from the header so that a row's cells are
/// found without looking a name up: the columns that are not fields, each field's column in the
/// order [`columns`] gives them (`None` when the file has none), and the columns of the
/// workspace's item fields (field id, position).
struct Columns {
    id: Option<usize>,
    kind: Option<usize>,
    media: Option<usize>,
    journeys: Option<usize>,
    fields: Vec<(&'static str, &'static Field, Option<usize>)>,
    custom: Vec<(String, usize)>,
}

/// A map looked up by name once per cell or name of every row: hashed with foldhash (seeded
/// per process, as the id maps are), several times faster than SipHash on short names.
type ByName<K, V> = HashMap<K, V, foldhash::quality::RandomState>;

impl Columns {
    fn read(
        header: &::csv::ByteRecord,
        fields: &[FieldDef],
        report: &mut Report,
    ) -> Result<Self, ImportError> {
        let mut found = ByName::default();
        let mut custom: Vec<(String, usize)> = Vec::new();
        let mut names = Vec::new();
        for (at, cell) in header.iter().enumerate() {
            let text = std::str::from_utf8(cell).map_err(|_| ImportError::HeaderNotUtf8)?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            names.push(text.trim().to_string());
            let key = fold(text).replace([' ', '-'], "_");
            match columns().find(|(name, _)| *name == key) {
                Some((column, _)) => {
                    if found.insert(column, at).is_some() {
                        return Err(ImportError::DuplicateColumn(column.to_string()));
                    }
                }
                None if text.trim().is_empty() => {}
                // A column named as one of the workspace's item fields fills it (the first
                // such field, as its name is shown).
                None => match fields_on(fields, Item::ON)
                    .find(|f| fold(&f.name) == fold(crate::inventory::unguard(text.trim())))
                {
                    Some(field) if custom.iter().any(|(id, _)| *id == field.id) => {
                        return Err(ImportError::DuplicateColumn(field.name.clone()));
                    }
                    Some(field) => custom.push((field.id.clone(), at)),
                    None => report.ignored_columns.push(text.trim().to_string()),
                },
            }
        }
        if !found.contains_key("title") {
            return Err(ImportError::NoTitle(
                names
                    .iter()
                    .filter(|n| !n.is_empty())
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        let at = |column: &str| found.get(column).copied();
        Ok(Columns {
            id: at("id"),
            kind: at("kind"),
            media: at("media"),
            journeys: at("journeys"),
            fields: columns()
                .filter_map(|(name, column)| match column {
                    Column::Field(field) => Some((name, field, at(name))),
                    _ => None,
                })
                .collect(),
            custom,
        })
    }
}

/// The cells of one row, and the problems found reading them.
struct Cells<'a> {
    row: usize,
    record: Record<'a>,
    /// The row's cells, one after the other, when they are UTF-8 text: a cell is then found in
    /// it, instead of each cell's bytes checked on their own (a call per cell).
    text: Option<&'a str>,
    columns: &'a Columns,
    problems: Vec<RowProblem>,
}

/// A row read and resolved against the workspace, ready to apply.
struct Draft {
    item: Version,
    /// The id the row gives, when it gives one that reads as an id: the caller keeps the first
    /// row of each, for the rows after it.
    given_id: Option<Id>,
    /// Where the item with that id is among the workspace's items, when it is one.
    given_at: Option<usize>,
    /// The item already exists: this is its new version.
    update: bool,
    /// The item exists and the row changes none of its values: counted, not applied.
    unchanged: bool,
    /// A content type to create first (its id is `item.content_type_id`). Boxed, as the
    /// channel: few rows have one, and every draft is moved from the thread that drafts it.
    new_type: Option<Box<ContentType>>,
    /// A channel to create first (its id is `item.channel_id`).
    new_channel: Option<Box<Channel>>,
}

/// The item a row gives.
enum Version {
    /// An item with a content type or channel to create first: checked when it is applied.
    /// (Also a row with problems, or an item the row leaves as it was: neither is applied.)
    Unchecked(Item),
    /// A new version checked where the row was drafted (beside the other rows, as the chunk
    /// found the workspace): its refusal, or the update to apply. The rows before it in the
    /// chunk change nothing that the check read, or it is drafted again: they add and update
    /// other items, and a row that creates a content type or channel has the rows after it
    /// drafted again.
    Checked(Result<edit::Checked<Item>, EditError>),
    /// A new item checked where the row was drafted, as a new version is (`Checked`): the
    /// rows before it in the chunk add no entry with its id (a row that gives an id an earlier
    /// row of the chunk gave is drafted again) and take nothing away. It waits to be added with
    /// the chunk's other new items ([`Waiting`]).
    New(Result<edit::CheckedNew<Item>, EditError>),
}

impl<'a> Cells<'a> {
    fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(RowProblem {
            row: self.row,
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// The text of the column `column`, at `at` in the file: `None` when the file has no such
    /// column; the formula guard the export adds taken off. Borrowed from the row, so a cell
    /// costs no copy unless it becomes a field's text.
    fn get(&mut self, column: &'static str, at: Option<usize>) -> Option<&'a str> {
        let at = at?;
        let record = self.record;
        // A cell whose bytes do not start and end between characters of the row's text is
        // not UTF-8 text on its own: it is checked (and told) as any cell.
        if let Some(text) = self
            .text
            .and_then(|text| text.get(record.range(at).unwrap_or_default()))
        {
            return Some(crate::inventory::unguard(text));
        }
        let raw = record.get(at).unwrap_or_default();
        match std::str::from_utf8(raw) {
            Ok(text) => Some(crate::inventory::unguard(text)),
            Err(_) => {
                self.problem(column, "is not UTF-8 text: save the file as \"CSV UTF-8\"");
                Some("")
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.record.iter().all(|cell| cell.trim_ascii().is_empty())
    }

    /// Reads the row, recording its problems; the draft is applied only when there are none.
    fn draft(
        &mut self,
        ws: &Workspace,
        names: &Names,
        journeys: &Journeys,
        seen_ids: &FirstRows,
        after: Option<usize>,
    ) -> Draft {
        // Which item: an existing one (update), or a new one.
        let mut existing = None;
        let mut given_at = None;
        // A new item without an id of its own gets a fresh one (made only then).
        let mut id = None;
        if let Some(text) = self
            .get("id", self.columns.id)
            .filter(|t| !t.trim().is_empty())
        {
            // An id is read whatever the case of its letters.
            match text.trim().parse::<Id>() {
                Err(_) => self.problem(
                    "id",
                    format!("{text:?} is not an item id (a UUID like 0b9e3c1a-6f3d-4c57-9a53-2f1c8d7e4b10); leave it empty for a new item"),
                ),
                Ok(parsed) => {
                    let next = after.map_or(0, |at| at + 1);
                    given_at = ws.items().position_from(parsed, next);
                    if let Some(first) = seen_ids.get(parsed, given_at) {
                        self.problem("id", format!("row {first} has the same id"));
                    }
                    if let Some(item) = given_at.and_then(|at| ws.items().at(at)) {
                        existing = Some(item.clone());
                    } else if ws.knows_id(parsed) {
                        self.problem("id", format!("{parsed} is the id of something that is not an item"));
                    }
                    id = Some(parsed);
                }
            }
        }
        let update = existing.is_some();
        let given_id = id;
        let mut item = existing.unwrap_or_else(|| Item {
            id: id.unwrap_or_else(Id::new),
            ..Item::default()
        });

        // What the fields' columns need besides their own cell: what to create a new content
        // type or channel as, and the journeys a bare step name is looked up in.
        let kind = (self.choice("kind", self.columns.kind, "kind", Kind::WORDS))
            .and_then(|word| Kind::ALL.into_iter().find(|k| k.as_str() == word));
        let media = (self.choice("media", self.columns.media, "kind of media", Media::WORDS))
            .and_then(|word| Media::ALL.into_iter().find(|m| m.as_str() == word));
        let row_journeys = self.get("journeys", self.columns.journeys).map(|cell| {
            let mut row_journeys = Vec::new();
            for parts in split_list(cell, false) {
                // Without steps a value is one part: taken as it is, without a copy.
                let name = parts.into_iter().next().unwrap_or_default();
                match journeys.names.find(&name) {
                    Found::One(id) => row_journeys.push(id),
                    Found::None => {
                        self.problem("journeys", format!("no journey is named {name:?}"))
                    }
                    Found::Several(n) => self.problem(
                        "journeys",
                        format!("{n} journeys are named {name:?}; rename one of them"),
                    ),
                }
            }
            row_journeys
        });

        // Every field of the item from its column, through the schema; a column the file does
        // not have leaves its field as it is.
        let mut new_type = None;
        let mut new_channel = None;
        let layout: &'a Columns = self.columns;
        for &(column, field, at) in &layout.fields {
            let Some(text) = self.get(column, at) else {
                // An item's content type is required: a new one cannot do without.
                if !update && field.kind == FieldKind::Ref(EntityKind::ContentType) {
                    self.problem(
                        column,
                        format!(
                            "is missing: the file has no {column:?} column and every new item needs a {}",
                            field.word()
                        ),
                    );
                }
                continue;
            };
            let input = match field.kind {
                // A title and a content type every item has.
                FieldKind::Name | FieldKind::Ref(EntityKind::ContentType)
                    if text.trim().is_empty() =>
                {
                    self.problem(
                        column,
                        format!("is empty: every item needs a {}", field.word()),
                    );
                    continue;
                }
                // A text the item already has is left as it is, without a copy of it.
                FieldKind::Name | FieldKind::Line | FieldKind::Long if matches!(item.read(field.key), Some(FieldValue::Text(now)) if now == text) =>
                {
                    continue;
                }
                FieldKind::Name | FieldKind::Line | FieldKind::Long => {
                    FieldInput::Text(text.to_string())
                }
                FieldKind::Date if text.trim().is_empty() => FieldInput::Date(None),
                FieldKind::Date => match text.trim().parse::<Date>() {
                    Ok(date) => FieldInput::Date(Some(date)),
                    Err(message) => {
                        self.problem(column, message);
                        continue;
                    }
                },
                FieldKind::Amount => match amount(text) {
                    Ok(cost) => FieldInput::Number(Some(cost)),
                    Err(message) => {
                        self.problem(column, message);
                        continue;
                    }
                },
                // An empty cell leaves the choice as it is (a new item's is the default).
                FieldKind::Choice(words) => {
                    match self.choice_of(column, &field.word(), text, words) {
                        Some(word) => FieldInput::Word(Some(word.to_string())),
                        None => continue,
                    }
                }
                FieldKind::Ref(EntityKind::ContentType) => {
                    let new = |name| ContentType {
                        id: Id::new(),
                        name,
                        kind: kind.unwrap_or_default(),
                        ..ContentType::default()
                    };
                    let Some((id, created)) =
                        self.named(column, "content types", &names.types, text, new)
                    else {
                        continue;
                    };
                    new_type = created.map(Box::new).or(new_type);
                    FieldInput::Ref(Some(id))
                }
                FieldKind::Ref(EntityKind::Channel) if text.trim().is_empty() => {
                    FieldInput::Ref(None)
                }
                FieldKind::Ref(EntityKind::Channel) => {
                    let new = |name| Channel {
                        id: Id::new(),
                        name,
                        media: media.unwrap_or_default(),
                        ..Channel::default()
                    };
                    let Some((id, created)) =
                        self.named(column, "channels", &names.channels, text, new)
                    else {
                        continue;
                    };
                    new_channel = created.map(Box::new).or(new_channel);
                    FieldInput::Ref(Some(id))
                }
                FieldKind::Refs(EntityKind::Step) => {
                    let mut steps = Vec::new();
                    for parts in split_list(text, true) {
                        if let Some(step) =
                            self.step(ws, journeys, &parts, row_journeys.as_deref().unwrap_or(&[]))
                            && !steps.contains(&step)
                        {
                            steps.push(step);
                        }
                    }
                    FieldInput::Refs(steps)
                }
                FieldKind::Number
                | FieldKind::Score
                | FieldKind::Ref(_)
                | FieldKind::Refs(_)
                | FieldKind::Tags
                | FieldKind::Attachment => {
                    self.problem(column, "cannot be read from a CSV file yet");
                    continue;
                }
            };
            if let Err(error) = item.write(field.key, input) {
                self.problem(column, error.to_string());
            }
        }
        for (field, at) in &self.columns.custom {
            let raw = self.record.get(*at).unwrap_or_default();
            match std::str::from_utf8(raw) {
                Ok(text) => {
                    let text = crate::inventory::unguard(text);
                    item.custom.set(&ws.contents().fields, field, text);
                }
                Err(_) => {
                    let name = field_name(ws, field);
                    self.problem(&name, "is not UTF-8 text: save the file as \"CSV UTF-8\"");
                }
            }
        }
        // Compared here, where the item was just read (on the thread that drafts the row),
        // rather than where the rows are applied one by one.
        let old = given_at.filter(|_| update).and_then(|at| ws.items().at(at));
        let unchanged = old.is_some_and(|old| *old == item);
        let creates = new_type.is_some() || new_channel.is_some();
        let item = match given_at {
            _ if creates || !self.problems.is_empty() => Version::Unchecked(item),
            Some(at) if update && !unchanged => Version::Checked(edit::check_update(ws, item, at)),
            // Its id is free: made just now, or given and looked up above.
            None if !update => Version::New(edit::check_add(ws, item, OwnId::Free)),
            _ => Version::Unchecked(item),
        };
        Draft {
            item,
            given_id,
            given_at,
            update,
            unchanged,
            new_type,
            new_channel,
        }
    }

    /// The word of a choice in a column: `None` when the file has no such column or the cell is
    /// empty, or (a problem) when it is none of `words`.
    fn choice(
        &mut self,
        column: &'static str,
        at: Option<usize>,
        what: &str,
        words: &[&'static str],
    ) -> Option<&'static str> {
        let text = self.get(column, at)?;
        self.choice_of(column, what, text, words)
    }

    /// The word of a choice a cell names, ignoring case and spaces or `-` for `_` (`In
    /// progress` is `in_progress`); `None` when the cell is empty, or (a problem saying it is
    /// not a `what`) when it is none of `words`.
    fn choice_of(
        &mut self,
        column: &str,
        what: &str,
        text: &str,
        words: &[&'static str],
    ) -> Option<&'static str> {
        // A cell that is one of the words as written (as the export writes it) needs no
        // folding: each word is its own folded form.
        if let Some(word) = words.iter().find(|word| **word == text) {
            return Some(word);
        }
        let key = fold(text).replace([' ', '-'], "_");
        if key.is_empty() {
            return None;
        }
        let word = words.iter().find(|word| **word == key).copied();
        if word.is_none() {
            let spoken: Vec<String> = words.iter().map(|w| w.replace('_', " ")).collect();
            let choices = match spoken.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            self.problem(column, format!("{text:?} is not a {what}: use {choices}"));
        }
        word
    }

    /// The entry a cell names, looked up by name in `index`, with the entry `new` makes of
    /// the name when none has it (to create before the item); `None` with a problem when
    /// several `entries` have that name.
    fn named<T: Entity>(
        &mut self,
        column: &str,
        entries: &str,
        index: &NameIndex,
        name: &str,
        new: impl FnOnce(String) -> T,
    ) -> Option<(Id, Option<T>)> {
        match index.find(name) {
            Found::One(id) => Some((id, None)),
            Found::Several(n) => {
                let name = name.trim();
                let message = format!("{n} {entries} are named {name:?}; rename one of them");
                self.problem(column, message);
                None
            }
            Found::None => {
                let entry = new(name.trim().to_string());
                Some((entry.id(), Some(entry)))
            }
        }
    }

    /// Resolves one value of the `steps` column: `Journey › Step`, or a bare step name looked for
    /// in `journeys` (all journeys when empty).
    fn step(
        &mut self,
        ws: &Workspace,
        index: &Journeys,
        parts: &[Cow<str>],
        journeys: &[Id],
    ) -> Option<Id> {
        match parts {
            [journey_name, step_name] => {
                let journey = match index.names.find(journey_name) {
                    Found::One(id) => ws.journeys().get(id)?,
                    Found::None => {
                        self.problem(
                            "steps",
                            format!(
                                "no journey is named {journey_name:?} (in {:?})",
                                parts.join(" › ")
                            ),
                        );
                        return None;
                    }
                    Found::Several(n) => {
                        self.problem(
                            "steps",
                            format!("{n} journeys are named {journey_name:?}; rename one of them"),
                        );
                        return None;
                    }
                };
                match find(&journey.steps, step_name) {
                    Found::One(id) => Some(id),
                    Found::None => {
                        self.problem(
                            "steps",
                            format!(
                                "the journey {:?} has no step named {step_name:?}",
                                journey.name
                            ),
                        );
                        None
                    }
                    Found::Several(n) => {
                        self.problem(
                            "steps",
                            format!(
                                "{n} steps of the journey {:?} are named {step_name:?}; rename one of them",
                                journey.name
                            ),
                        );
                        None
                    }
                }
            }
            [step_name] if journeys.is_empty() => match index.steps.find(step_name) {
                Found::One(id) => Some(id),
                Found::None => {
                    self.problem(
                        "steps",
                        format!("no step is named {step_name:?} in any journey"),
                    );
                    None
                }
                Found::Several(_) => {
                    self.problem(
                        "steps",
                        format!(
                            "several steps are named {step_name:?}: write it as \"Journey › {step_name}\""
                        ),
                    );
                    None
                }
            },
            [step_name] => {
                // The row's journeys, in the workspace's order, each once.
                let mut candidates: Vec<(usize, &Journey)> = journeys
                    .iter()
                    .filter_map(|id| Some((ws.journeys().position(*id)?, ws.journeys().get(*id)?)))
                    .collect();
                candidates.sort_unstable_by_key(|(at, _)| *at);
                candidates.dedup_by_key(|(at, _)| *at);
                let mut matches = Vec::new();
                for (_, journey) in &candidates {
                    match find(&journey.steps, step_name) {
                        Found::One(id) => matches.push(id),
                        Found::Several(_) => matches.extend([Id::nil(), Id::nil()]),
                        Found::None => {}
                    }
                }
                match matches.as_slice() {
                    [id] => Some(*id),
                    [] => {
                        let place = format!(
                            "in the journey{} {}",
                            if candidates.len() == 1 { "" } else { "s" },
                            candidates
                                .iter()
                                .map(|(_, j)| format!("{:?}", j.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        self.problem("steps", format!("no step is named {step_name:?} {place}"));
                        None
                    }
                    _ => {
                        self.problem(
                            "steps",
                            format!(
                                "several steps are named {step_name:?}: write it as \"Journey › {step_name}\""
                            ),
                        );
                        None
                    }
                }
            }
            _ => {
                self.problem(
                    "steps",
                    format!(
                        "{:?} has more than one \"›\": write a step as \"Journey › Step\" (a › inside a name is written \\›)",
                        parts.join(" › ")
                    ),
                );
                None
            }
        }
    }
}

/// Applies one valid row: creates its content type and channel if new, then adds or updates the
/// item. A refusal by the model's rules is reported on the row and undoes what the row did.
/// Returns whether the row created a content type or channel (whose names rows after it see).
///
/// The item's edit keeps no undo: it comes last and changes nothing when refused, and the
/// import keeps none of its rows' edits.
fn apply(
    ws: &mut Workspace,
    draft: Draft,
    row: usize,
    names: &mut Names,
    report: &mut Report,
    problems: &mut Vec<RowProblem>,
) -> bool {
    if draft.unchanged {
        report.unchanged += 1;
        return false;
    }
    let mut undo = Vec::new();
    let new_type = draft.new_type.as_ref().map(|t| (t.id, t.name.clone()));
    let new_channel = draft.new_channel.as_ref().map(|c| (c.id, c.name.clone()));
    let mut result = Ok(());
    if let Some(content_type) = draft.new_type {
        result = edit::add(ws, *content_type).map(|e| undo.push(e));
    }
    if result.is_ok()
        && let Some(channel) = draft.new_channel
    {
        result = edit::add(ws, *channel).map(|e| undo.push(e));
    }
    if result.is_ok() {
        result = match draft.item {
            Version::Checked(checked) => {
                checked.and_then(|checked| edit::update_checked_without_undo(ws, checked))
            }
            Version::New(checked) => {
                checked.map(|checked| edit::add_checked_without_undo(ws, [checked]))
            }
            Version::Unchecked(item) if draft.update => edit::update_without_undo(ws, item),
            Version::Unchecked(item) => edit::add_without_undo(ws, item),
        };
    }
    match result {
        Ok(()) => {
            if draft.update {
                report.updated += 1;
            } else {
                report.added += 1;
            }
            let created = new_type.is_some() || new_channel.is_some();
            if let Some((id, name)) = new_type {
                names.types.add(id, &name);
                report.new_types.push(name);
            }
            if let Some((id, name)) = new_channel {
                names.channels.add(id, &name);
                report.new_channels.push(name);
            }
            created
        }
        Err(error) => {
            for edit in undo.into_iter().rev() {
                ws.apply_edit(edit);
            }
            problems.extend(refusal(row, error));
            false
        }
    }
}

/// The model's refusal of a row, in the file's column names.
fn refusal(row: usize, error: EditError) -> Vec<RowProblem> {
    let column = |field: &str| {
        let key = field.split(['[', '.']).next().unwrap_or(field);
        // A content type the row creates is refused by its name: the row's type.
        if key == "name" {
            return "type".to_string();
        }
        columns()
            .find(|(name, column)| match column {
                Column::Field(field) => field.key == key,
                _ => *name == key,
            })
            .map_or("id", |(name, _)| name)
            .to_string()
    };
    match error {
        EditError::Invalid(problems) => problems
            .into_iter()
            .map(|p| RowProblem {
                row,
                field: column(&p.field),
                message: p.message,
            })
            .collect(),
        other => vec![RowProblem {
            row,
            field: "id".into(),
            message: other.to_string(),
        }],
    }
}

/// The first row that gave each id. An id of an item the workspace had when the import began
/// has its row at the item's place in a list: the rows of a file exported from the workspace
/// come in its order, so each row reads and writes next to the row before it instead of all
/// over a map of every id given (a cache miss per row, twice). Any other id is kept in a map.
struct FirstRows {
    of_item_at: Vec<usize>,
    of_other: IdMap<Id, usize>,
}

/// In [`FirstRows::of_item_at`], an item no row has given yet (row 0 is none: the header is
/// row 1).
const NO_ROW: usize = 0;

impl FirstRows {
    /// For a workspace of `items` items.
    fn new(items: usize) -> Self {
        FirstRows {
            of_item_at: vec![NO_ROW; items],
            of_other: IdMap::default(),
        }
    }

    /// The first row that gave `id`, which is at `at` among the workspace's items when it is
    /// one (an item the import added is after those the workspace had).
    fn get(&self, id: Id, at: Option<usize>) -> Option<usize> {
        match at.and_then(|at| self.of_item_at.get(at)) {
            Some(&NO_ROW) => None,
            Some(&row) => Some(row),
            None => self.of_other.get(&id).copied(),
        }
    }

    /// Keeps `row` as the first that gave `id` (at `at`, as for [`FirstRows::get`]), unless a
    /// row before it did.
    fn note(&mut self, id: Id, at: Option<usize>, row: usize) {
        match at.and_then(|at| self.of_item_at.get_mut(at)) {
            Some(first) if *first == NO_ROW => *first = row,
            Some(_) => {}
            None => {
                self.of_other.entry(id).or_insert(row);
            }
        }
    }
}

/// What looking a name up found.
enum Found {
    One(Id),
    None,
    Several(usize),
}

/// The content types and channels by name, kept up to date as rows add them: looking a name up
/// must not scan them all, or an import adding a new type on each of 40,000 rows takes minutes.
struct Names {
    types: NameIndex,
    channels: NameIndex,
}

/// The ids of entries by exact name and by folded name (see [`find`], whose rules it follows).
#[derive(Default)]
struct NameIndex {
    exact: ByName<String, Vec<Id>>,
    folded: ByName<String, Vec<Id>>,
}

impl NameIndex {
    fn of<T: Entity>(rows: &Table<T>) -> Self {
        let mut index = NameIndex::default();
        for row in rows {
            index.add(row.id(), row.label());
        }
        index
    }

    fn add(&mut self, id: Id, name: &str) {
        self.exact.entry(name.to_string()).or_default().push(id);
        self.folded.entry(fold(name)).or_default().push(id);
    }

    fn find(&self, name: &str) -> Found {
        let matches = match self.exact.get(name) {
            Some(ids) => ids.as_slice(),
            None => self.folded.get(&fold(name)).map_or(&[][..], Vec::as_slice),
        };
        found(matches)
    }
}

/// The journeys by name and their steps by name, built once per import: a row names its journeys
/// and steps, and finding them must not scan every journey, or a row costs more the larger the
/// workspace. (An import adds no journeys or steps.)
struct Journeys {
    names: NameIndex,
    steps: StepIndex,
}

impl Journeys {
    fn of(ws: &Workspace) -> Self {
        let mut steps = StepIndex::default();
        for journey in ws.journeys() {
            for step in &journey.steps {
                steps.add(journey.id, step.id, &step.name);
            }
        }
        Journeys {
            names: NameIndex::of(ws.journeys()),
            steps,
        }
    }
}

/// Every step by exact and by folded name, with its journey.
#[derive(Default)]
struct StepIndex {
    exact: ByName<String, Vec<(Id, Id)>>,
    folded: ByName<String, Vec<(Id, Id)>>,
}

impl StepIndex {
    fn add(&mut self, journey: Id, step: Id, name: &str) {
        self.exact
            .entry(name.to_string())
            .or_default()
            .push((journey, step));
        self.folded
            .entry(fold(name))
            .or_default()
            .push((journey, step));
    }

    /// A bare step name in all journeys: within each journey by [`find`]'s rules (its exact name
    /// first, then ignoring case and spaces), found when exactly one journey has exactly one
    /// such step.
    fn find(&self, name: &str) -> Found {
        let none: &[(Id, Id)] = &[];
        let exact = self.exact.get(name).map_or(none, Vec::as_slice);
        let folded = || self.folded.get(&fold(name)).map_or(none, Vec::as_slice);
        match exact {
            // Another journey without this exact name may still have it folded.
            [(journey, step)] => {
                if folded().iter().any(|(other, _)| other != journey) {
                    Found::Several(2)
                } else {
                    Found::One(*step)
                }
            }
            [] => found(
                &folded()
                    .iter()
                    .map(|(_, step)| *step)
                    .take(2)
                    .collect::<Vec<_>>(),
            ),
            several => Found::Several(several.len()),
        }
    }
}

fn found(matches: &[Id]) -> Found {
    match matches {
        [] => Found::None,
        [one] => Found::One(*one),
        several => Found::Several(several.len()),
    }
}

/// Finds an entry by name: the exact name first, then ignoring case and surrounding spaces.
/// Counts the matches as it goes (a row's steps are looked up in their journey this way, so it
/// collects nothing).
fn find<'a, T: Entity + 'a>(rows: impl IntoIterator<Item = &'a T> + Copy, name: &str) -> Found {
    match found_in(rows.into_iter().filter(|r| r.label() == name)) {
        Found::None => {
            let folded = fold(name);
            found_in(rows.into_iter().filter(|r| fold(r.label()) == folded))
        }
        exact => exact,
    }
}

/// [`found`] of the entries an iterator gives, without collecting them.
fn found_in<'a, T: Entity + 'a>(mut matches: impl Iterator<Item = &'a T>) -> Found {
    match (matches.next(), matches.count()) {
        (None, _) => Found::None,
        (Some(one), 0) => Found::One(one.id()),
        (Some(_), more) => Found::Several(1 + more),
    }
}

/// Splits a multi-valued cell at each `;` not escaped by `\`, and (with `steps`) each value at
/// each `›` not escaped; undoes the escapes, trims the parts and drops empty values. A cell
/// without escapes (nearly every one) is split in place: its parts are borrowed from it.
pub fn split_list(cell: &str, steps: bool) -> Vec<Vec<Cow<'_, str>>> {
    if cell.contains('\\') {
        return split_escaped(cell, steps);
    }
    cell.split(';')
        .map(|value| {
            if steps {
                value
                    .split('›')
                    .map(|part| Cow::Borrowed(part.trim()))
                    .collect()
            } else {
                vec![Cow::Borrowed(value.trim())]
            }
        })
        .filter(|parts: &Vec<Cow<str>>| parts.iter().any(|p| !p.is_empty()))
        .collect()
}

/// [`split_list`] of a cell with escapes, a character at a time.
fn split_escaped(cell: &str, steps: bool) -> Vec<Vec<Cow<'_, str>>> {
    let mut values = Vec::new();
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => part.push(next),
                None => part.push('\\'),
            },
            ';' => {
                parts.push(std::mem::take(&mut part));
                values.push(std::mem::take(&mut parts));
            }
            '›' if steps => parts.push(std::mem::take(&mut part)),
            c => part.push(c),
        }
    }
    parts.push(part);
    values.push(parts);
    values
        .into_iter()
        .map(|parts| {
            parts
                .iter()
                .map(|p| Cow::<str>::Owned(p.trim().to_string()))
                .collect::<Vec<_>>()
        })
        .filter(|parts| parts.iter().any(|p| !p.is_empty()))
        .collect()
}

/// A cost: empty is 0; otherwise a plain non-negative number (`1200`, `1200.50`).
pub fn amount(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(0.0);
    }
    let plain = trimmed.chars().all(|c| c.is_ascii_digit() || c == '.')
        && trimmed.chars().filter(|c| *c == '.').count() <= 1
        && trimmed.chars().any(|c| c.is_ascii_digit());
    match trimmed.parse::<f64>() {
        Ok(value) if plain && value.is_finite() => Ok(value),
        Ok(value) if value < 0.0 => Err(format!("{text:?} is below zero")),
        _ => Err(format!(
            "{text:?} is not an amount: write a plain number like 1200 or 1200.50"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_at_unescaped_separators() {
        assert_eq!(
            split_list("A › B; C\\; D › E\\›F; ", true),
            vec![
                vec!["A".to_string(), "B".to_string()],
                vec!["C; D".to_string(), "E›F".to_string()]
            ]
        );
        assert_eq!(split_list("", true), Vec::<Vec<String>>::new());
        assert_eq!(split_list("a\\\\", false), vec![vec!["a\\".to_string()]]);
        assert_eq!(split_list("x › y", false), vec![vec!["x › y".to_string()]]);
    }

    proptest::proptest! {
        /// A cell without escapes, split in place, gives what the escapes' way of splitting
        /// a character at a time gives.
        #[test]
        fn a_cell_without_escapes_splits_as_one_with_them(cell in "[a› ;é]{0,12}") {
            for steps in [false, true] {
                let in_place = split_list(&cell, steps);
                proptest::prop_assert!(in_place.iter().flatten().all(|p| matches!(p, Cow::Borrowed(_))));
                proptest::prop_assert_eq!(in_place, split_escaped(&cell, steps));
            }
        }
    }

    #[test]
    fn amounts_are_plain_numbers() {
        assert_eq!(amount(""), Ok(0.0));
        assert_eq!(amount(" 1200.5 "), Ok(1200.5));
        assert!(amount("12,50").is_err());
        assert!(amount("-5").unwrap_err().contains("below zero"));
        assert!(amount("1e3").is_err());
        assert!(amount("NaN").is_err());
        assert!(amount(".").is_err());
    }

    /// The step index answers as a scan of every journey with [`find`] did: exact names first
    /// within each journey, and a step only when exactly one journey has exactly one.
    #[test]
    fn a_bare_step_name_is_found_as_by_a_scan_of_every_journey() {
        use crate::model::{Contents, Step, Table};
        let journey = |n: u128, steps: &[&str]| Journey {
            id: Id::from_u128(n * 100),
            name: format!("J{n}"),
            steps: steps
                .iter()
                .enumerate()
                .map(|(at, name)| Step {
                    id: Id::from_u128(n * 100 + at as u128 + 1),
                    name: name.to_string(),
                    ..Step::default()
                })
                .collect(),
            ..Journey::default()
        };
        let ws = Workspace::from_contents(Contents {
            journeys: Table::from_rows(vec![
                journey(1, &["Buys", "Visits", "Twice", "Twice"]),
                journey(2, &["buys", "Leaves", "Once "]),
                journey(3, &["Pays", "PAYS", "Stays"]),
                journey(4, &["stays", "Alone"]),
            ]),
            ..Contents::default()
        });
        let scan = |name: &str| {
            let mut matches = Vec::new();
            for journey in ws.journeys() {
                match find(&journey.steps, name) {
                    Found::One(id) => matches.push(id),
                    Found::Several(_) => matches.extend([Id::nil(), Id::nil()]),
                    Found::None => {}
                }
            }
            match matches.as_slice() {
                [] => None,
                [one] => Some(Some(*one)),
                _ => Some(None),
            }
        };
        let index = Journeys::of(&ws);
        for name in [
            "Buys", "buys", "BUYS", "Visits", "visits", "Twice", "Once", "once ", "Pays", "pays",
            "Stays", "stays", "STAYS", "Alone", "Nowhere", "Leaves",
        ] {
            let indexed = match index.steps.find(name) {
                Found::None => None,
                Found::One(id) => Some(Some(id)),
                Found::Several(_) => Some(None),
            };
            assert_eq!(indexed, scan(name), "{name:?}");
        }
    }

    /// A name is looked up exactly first, then ignoring case and spaces; several matches are
    /// counted, all of them.
    #[test]
    fn find_takes_the_exact_name_first_and_counts_every_match() {
        use crate::model::Step;
        let steps: Vec<Step> = ["Buys", "buys", "Twice", "Twice", " Once ", "BUYS"]
            .iter()
            .enumerate()
            .map(|(at, name)| Step {
                id: Id::from_u128(at as u128 + 1),
                name: name.to_string(),
                ..Step::default()
            })
            .collect();
        let one = |name: &str| match find(&steps, name) {
            Found::One(id) => Some(id),
            _ => None,
        };
        assert_eq!(one("Buys"), Some(Id::from_u128(1)));
        assert_eq!(one("buys"), Some(Id::from_u128(2)));
        assert_eq!(one("once"), Some(Id::from_u128(5)));
        assert!(matches!(find(&steps, "bUYs"), Found::Several(3)));
        assert!(matches!(find(&steps, "Twice"), Found::Several(2)));
        assert!(matches!(find(&steps, "Nowhere"), Found::None));
    }

    /// Rows drafted a chunk at a time (beside each other, against the workspace as the chunk
    /// found it) import as rows drafted one at a time: the same items, the same report and
    /// problems, whatever the chunk's size, with ids given twice within and across chunks,
    /// content types and channels created by one row and named by the rows after it, a row
    /// whose new type the rules then refuse, rows without ids, bad rows and empty rows.
    #[test]
    fn rows_drafted_a_chunk_at_a_time_import_as_rows_drafted_one_at_a_time() {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let items: Vec<&Item> = ws.items().iter().collect();
        let journey = ws.journeys().iter().next().unwrap().id;
        let mut csv = String::from("id,title,type,channel,cost\n");
        // Enough rows that the larger chunks are drafted on two threads.
        for row in 0..2 * ROWS_FOR_TWO_THREADS + 150 {
            let item = items[(row * 7) % items.len()];
            let (id, title) = (item.id.to_string(), format!("Row {row}"));
            let line = match row % 13 {
                0 => format!("{id},{title},Fresh type,,10"),
                1 => format!(",{title},  fresh TYPE ,Radio,"),
                2 => format!("{},{title},,,", items[((row - 2) * 7) % items.len()].id),
                3 => format!("{id},{title},Doomed type,,99999999999999999"),
                4 => format!("{id},{title},,,-1"),
                5 => ",,,,".to_string(),
                6 => format!("{journey},{title},,,"),
                7 => format!(",{title},Fresh type,radio,5"),
                8 => format!("{id},{title},Other type {},Radio,", row % 3),
                9 => {
                    let quoted = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
                    let type_name = &ws.content_types().get(item.content_type_id).unwrap().name;
                    let channel = item.channel_id.and_then(|id| ws.channels().get(id));
                    let channel = channel.map_or("", |c| c.name.as_str());
                    let (title, cost) = (quoted(&item.title), item.cost);
                    format!(
                        "{id},{title},{},{},{cost}",
                        quoted(type_name),
                        quoted(channel)
                    )
                }
                _ => format!("{id},{title},,,{row}"),
            };
            csv.push_str(&line);
            csv.push('\n');
        }
        let seen = |at_once: usize| {
            let sheet = Sheet::split(csv.as_bytes()).unwrap();
            let (ws, report) = import_in_chunks(ws.clone(), &sheet, at_once).unwrap();
            let name = |id: Option<Id>| {
                let id = id?;
                let found = ws.content_types().get(id).map(|t| t.name.clone());
                found.or_else(|| ws.channels().get(id).map(|c| c.name.clone()))
            };
            let items: Vec<_> = ws
                .items()
                .iter()
                .map(|i| {
                    (
                        i.title.clone(),
                        name(Some(i.content_type_id)),
                        name(i.channel_id),
                    )
                })
                .collect();
            let counts = (ws.content_types().len(), ws.channels().len());
            let summary = (report.rows, report.added, report.updated, report.unchanged);
            let names = (report.new_types, report.new_channels);
            (items, counts, summary, names, report.problems)
        };
        let one_at_a_time = seen(1);
        assert!(one_at_a_time.3.0.len() > 1, "{:?}", one_at_a_time.3);
        assert!(one_at_a_time.4.len() > 20, "{:?}", one_at_a_time.4);
        assert!(one_at_a_time.2.3 > 0, "{:?}", one_at_a_time.2);
        let two_threads = [ROWS_FOR_TWO_THREADS, ROWS_FOR_TWO_THREADS + 1, CHUNK];
        for at_once in [2, 3, 5, 13, 64, ROWS_FOR_TWO_THREADS / 2]
            .into_iter()
            .chain(two_threads)
        {
            assert_eq!(seen(at_once), one_at_a_time, "{at_once} rows at once");
        }
    }

    /// An id given twice is told on the second row, in the same chunk or a later one, for an
    /// item the workspace has (kept at its place) and for a new one (kept in a map).
    #[test]
    fn an_id_given_again_names_the_first_row_that_gave_it() {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let item = ws.items().iter().nth(1).unwrap();
        let (old, new) = (item.id, Id::from_u128(0x0dd));
        let csv = format!(
            "id,title,type\n{old},A,{kind}\n{new},B,{kind}\n{new},C,{kind}\n{old},D,{kind}\n,E,{kind}\n{new},F,{kind}\n{old},G,{kind}\n",
            kind = ws.content_types().get(item.content_type_id).unwrap().name
        );
        let sheet = Sheet::split(csv.as_bytes()).unwrap();
        for at_once in [1, 2, 3, CHUNK] {
            let (_, report) = import_in_chunks(ws.clone(), &sheet, at_once).unwrap();
            let told: Vec<_> = report.problems.iter().map(ToString::to_string).collect();
            assert_eq!(
                told,
                [
                    "row 4: id: row 3 has the same id",
                    "row 5: id: row 2 has the same id",
                    "row 7: id: row 3 has the same id",
                    "row 8: id: row 2 has the same id",
                ],
                "{at_once} rows at once"
            );
            assert_eq!((report.added, report.updated), (2, 1));
        }
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(delimiter(b"id,title\n"), b',');
        assert_eq!(delimiter(b"id;title\n1;2"), b';');
        assert_eq!(delimiter(b"id\ttitle\n"), b'\t');
    }
}
