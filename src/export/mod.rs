//! Exports: the map in formats colleagues' tools read.
//!
//! Every format is rendered from a [`Workspace`] and a fixed `today` (the only input besides the
//! workspace: it marks overdue items and stamps the calendar), so the same workspace always gives
//! the same bytes and golden files hold.
//!
//! - [`Format::Markdown`]: a report to read on GitHub or in any viewer;
//! - [`Format::Csv`]: the content inventory, one row per item (what `import` reads back);
//! - [`Format::Mermaid`]: one Mermaid `journey` diagram per journey;
//! - [`Format::Ics`]: the content & service calendar as iCalendar (RFC 5545);
//! - [`Format::Html`]: one self-contained page, printable, no scripts;
//! - [`Format::Dot`]: a Graphviz digraph of the journeys.

pub mod compare;
pub mod csv;
pub mod dot;
pub mod html;
pub mod ics;
pub mod mark;
pub mod markdown;
pub mod mermaid;
pub mod report;

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::format::{self, NOT_SET, amount, number};
use crate::model::schema::{AnyField, FieldKind, FieldValue, Schema, all_fields};
use crate::model::{Better, Customised, Date, Entity, Id, Item, Journey, Metric, Workspace};
use crate::text::fold;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// A Markdown report: objectives, personas, journeys, content map, calendar, metrics, budget.
    Markdown,
    /// The content inventory, one row per item (RFC 4180; what `import --csv` reads).
    Csv,
    /// One Mermaid `journey` diagram per journey.
    Mermaid,
    /// The content & service calendar as iCalendar (RFC 5545), one all-day event per dated item.
    Ics,
    /// One self-contained HTML page (no scripts, no network), readable printed.
    Html,
    /// A Graphviz digraph of the journeys, their steps and content types.
    Dot,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Markdown,
        Format::Csv,
        Format::Mermaid,
        Format::Ics,
        Format::Html,
        Format::Dot,
    ];

    /// The usual file-name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Mermaid => "mmd",
            Format::Ics => "ics",
            Format::Html => "html",
            Format::Dot => "dot",
        }
    }

    /// The file-name extension of an export of all journeys (`one_journey` false) or of one:
    /// Mermaid gives a Markdown document of diagrams for all journeys, a bare diagram for one.
    pub fn file_extension(self, one_journey: bool) -> &'static str {
        match self {
            Format::Mermaid if !one_journey => "mermaid.md",
            other => other.extension(),
        }
    }

    /// The name the command line uses (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Mermaid => "mermaid",
            Format::Ics => "ics",
            Format::Html => "html",
            Format::Dot => "dot",
        }
    }
}

/// The document of a workspace in a format: all journeys, or only `journey` (an id of one of
/// them; an unknown id gives a document with no journey). `today` marks overdue items and stamps
/// the calendar.
pub fn render(ws: &Workspace, format: Format, journey: Option<Id>, today: Date) -> Vec<u8> {
    render_document(ws, format, journey, today).into_bytes()
}

/// [`render`]'s document as made, in pieces, its mark still to be worked out: what the command
/// line writes to a file (see [`Document`]).
pub fn render_document(
    ws: &Workspace,
    format: Format,
    journey: Option<Id>,
    today: Date,
) -> Document {
    let scope = Scope::new(ws, journey);
    let pieces = match format {
        Format::Markdown => vec![markdown::render(&scope, today).into_bytes()],
        Format::Csv => csv::render(&scope).into(),
        Format::Mermaid => vec![mermaid::render(&scope).into_bytes()],
        Format::Ics => ics::render(&scope, today).map(String::into_bytes).into(),
        Format::Html => vec![html::render(&scope, today).into_bytes()],
        Format::Dot => vec![dot::render(&scope).into_bytes()],
    };
    Document::new(format, journey.is_some(), pieces)
}

/// Journey `a` compared with journey `b`, as Markdown with its mark (see [`compare`]); `None`
/// when either is not in the workspace.
pub fn render_comparison(ws: &Workspace, a: Id, b: Id, today: Date) -> Option<Document> {
    let comparison = crate::model::compare::compare(ws, a, b)?;
    let document = compare::render(ws, &comparison, today).into_bytes();
    Some(Document::new(Format::Markdown, false, vec![document]))
}

/// An export as made, before it is written: its text in pieces, in order (a large one is made
/// in two halves on two threads, kept apart rather than copied into one), and the place of its
/// mark (see [`mark`]). The mark sums every other byte, which at 100,000 items takes longer
/// than writing the file: a file is written around the mark's place while it is worked out.
pub struct Document {
    pieces: Vec<Vec<u8>>,
    mark: Option<mark::Place>,
}

impl Document {
    fn new(format: Format, one_journey: bool, pieces: Vec<Vec<u8>>) -> Self {
        let mark = mark::Place::find(format, one_journey, &pieces);
        Document { pieces, mark }
    }

    /// Where the mark starts in the stamped document, and how many bytes it takes: `None` for
    /// a format that cannot carry one.
    pub fn mark_place(&self) -> Option<(usize, usize)> {
        (self.mark.as_ref()).map(|place| (place.at, place.length()))
    }

    /// The mark (empty for a format without one): reads every byte of the document.
    pub fn mark(&self) -> Vec<u8> {
        (self.mark.as_ref()).map_or_else(Vec::new, |place| place.mark(&self.pieces))
    }

    /// The stamped document's bytes in order, `mark` in the mark's place: the mark, or as many
    /// bytes to be written over once it is known.
    pub fn parts<'a>(&'a self, mark: &'a [u8]) -> Vec<&'a [u8]> {
        let mut parts = Vec::with_capacity(self.pieces.len() + 2);
        let mut mark_at = self.mark.as_ref().map(|place| place.at);
        let mut start = 0;
        for piece in &self.pieces {
            let end = start + piece.len();
            match mark_at {
                Some(at) if at <= end => {
                    let (before, after) = piece.split_at(at - start);
                    parts.extend([before, mark, after]);
                    mark_at = None;
                }
                _ => parts.push(piece),
            }
            start = end;
        }
        if mark_at.is_some() {
            parts.push(mark);
        }
        parts
    }

    /// The whole stamped document in one buffer.
    pub fn into_bytes(self) -> Vec<u8> {
        let mark = self.mark();
        match (self.pieces.as_slice(), &self.mark) {
            // Nothing to put in: the one piece is the document, not copied.
            ([_], None) => self.pieces.into_iter().next().unwrap_or_default(),
            _ => self.parts(&mark).concat(),
        }
    }
}

/// The journey a user named on the command line: its id, or its name (ignoring case and the
/// spaces around it). The error is one sentence.
pub fn find_journey(ws: &Workspace, name_or_id: &str) -> Result<Id, String> {
    let wanted = name_or_id.trim();
    if let Ok(id) = wanted.to_ascii_lowercase().parse::<Id>()
        && ws.journeys().contains(id)
    {
        return Ok(id);
    }
    let exact: Vec<&Journey> = ws.journeys().iter().filter(|j| j.name == wanted).collect();
    let matches = if exact.is_empty() {
        let folded = fold(wanted);
        ws.journeys()
            .iter()
            .filter(|j| fold(&j.name) == folded)
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(format!(
            "no journey is named {:?} or has that id (the journeys are: {})",
            name_or_id,
            list_or_none(ws.journeys().iter().map(|j| format!("{:?}", j.name)))
        )),
        several => Err(format!(
            "{} journeys are named {:?}; give the id of the one you mean ({})",
            several.len(),
            name_or_id,
            several
                .iter()
                .map(|j| j.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn list_or_none(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// The most names tried next to the workspace (`plan.md`, `plan-2.md` … `plan-99.md`).
const NAMES_TRIED: usize = 99;

/// An export files larger than this are not read to see whether journeymap wrote them.
const LARGEST_EXPORT_READ: u64 = 1 << 30;

/// What [`export_next_to`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Exported {
    pub format: Format,
    /// The file written.
    pub path: PathBuf,
    /// The file with the usual name, kept because journeymap did not write it (or it was
    /// changed since); `path` is then a fresh name beside it.
    pub kept: Option<PathBuf>,
}

impl std::fmt::Display for Exported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |path: &Path| {
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            )
        };
        match &self.kept {
            None => write!(
                f,
                "exported {} to {}",
                self.format.name(),
                self.path.display()
            ),
            Some(kept) => write!(
                f,
                "exported {} to {} ({} is not journeymap's)",
                self.format.name(),
                name(&self.path),
                name(kept)
            ),
        }
    }
}

/// Exports next to the workspace file at `workspace`: `NAME.EXT` (or `NAME-JOURNEY.EXT` for one
/// journey) in the same folder. This is what the command palette of the terminal interface
/// calls, so it never replaces a file journeymap did not write: an earlier export, unchanged
/// since (see [`mark`]), is replaced; any other file of that name is kept, and the export goes to
/// the first fresh name (`NAME-2.EXT`, `NAME-3.EXT`…) that is free or holds such an export.
pub fn export_next_to(
    workspace: &Path,
    ws: &Workspace,
    format: Format,
    journey: Option<Id>,
    today: Date,
) -> io::Result<Exported> {
    let stem = workspace
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workspace".into());
    let suffix = journey
        .and_then(|id| ws.journeys().get(id))
        .map(|j| format!("-{}", file_name_part(&j.name)))
        .unwrap_or_default();
    let extension = format.file_extension(journey.is_some());
    let bytes = render(ws, format, journey, today);
    let name = |n: usize| match n {
        1 => workspace.with_file_name(format!("{stem}{suffix}.{extension}")),
        n => workspace.with_file_name(format!("{stem}{suffix}-{n}.{extension}")),
    };
    for n in 1..=NAMES_TRIED {
        let path = name(n);
        if may_write(&path, format, journey.is_some(), &bytes) {
            crate::storage::disk::write_file(&path, &bytes)?;
            let kept = (n > 1).then(|| name(1));
            return Ok(Exported { format, path, kept });
        }
    }
    Err(io::Error::other(format!(
        "{} and {} other files of that name are not journeymap's exports; export with the command line's -o",
        name(1).display(),
        NAMES_TRIED - 1
    )))
}

/// Whether an export may be written at `path`: nothing is there, or journeymap's own earlier
/// export, unchanged since. A file that cannot be read, a folder or a link to nothing is
/// someone else's.
fn may_write(path: &Path, format: Format, one_journey: bool, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(error) => error.kind() == io::ErrorKind::NotFound,
        Ok(_) => {
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= LARGEST_EXPORT_READ)
                && std::fs::read(path)
                    .is_ok_and(|existing| mark::may_replace(format, one_journey, &existing, bytes))
        }
    }
}

/// A name made safe for a file name: letters and digits kept, everything else a dash.
fn file_name_part(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "journey".into()
    } else {
        out.chars().take(60).collect()
    }
}

/// What an export covers: every journey, or one journey with what belongs to it.
pub struct Scope<'a> {
    pub ws: &'a Workspace,
    /// The journeys shown, in the workspace's order.
    pub journeys: Vec<&'a Journey>,
    /// The items shown, in the workspace's order: all of them, or those on a step of the one
    /// journey.
    pub items: Vec<&'a Item>,
    /// Only one journey was asked for.
    pub filtered: bool,
}

impl<'a> Scope<'a> {
    pub fn new(ws: &'a Workspace, journey: Option<Id>) -> Self {
        match journey {
            None => Scope {
                ws,
                journeys: ws.journeys().iter().collect(),
                items: ws.items().iter().collect(),
                filtered: false,
            },
            Some(id) => {
                let journeys: Vec<&Journey> = ws.journeys().get(id).into_iter().collect();
                let items = ws
                    .items()
                    .iter()
                    .filter(|item| {
                        item.step_ids
                            .iter()
                            .any(|s| journeys.iter().any(|j| j.step(*s).is_some()))
                    })
                    .collect();
                Scope {
                    ws,
                    journeys,
                    items,
                    filtered: true,
                }
            }
        }
    }

    /// Whether an item is in scope.
    pub fn has_item(&self, id: Id) -> bool {
        self.items.iter().any(|item| item.id == id)
    }

    /// Dated items in scope, by date then in the workspace's order.
    pub fn dated_items(&self) -> Vec<(Date, &'a Item)> {
        let mut dated: Vec<(Date, usize, &Item)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(at, item)| Some((item.available_on?, at, *item)))
            .collect();
        dated.sort_by_key(|(date, at, _)| (*date, *at));
        dated
            .into_iter()
            .map(|(date, _, item)| (date, item))
            .collect()
    }

    /// Items in scope that are not available yet and have no date.
    pub fn unscheduled_items(&self) -> Vec<&'a Item> {
        self.items
            .iter()
            .filter(|item| item.available_on.is_none() && item.status.is_pending())
            .copied()
            .collect()
    }

    /// Metrics in scope: all of them, or those of the journey, its steps and its items.
    pub fn metrics(&self) -> Vec<&'a Metric> {
        self.ws
            .metrics()
            .iter()
            .filter(|metric| {
                if !self.filtered {
                    return true;
                }
                let journey = self.journeys.first();
                match metric.attachment() {
                    crate::model::Attachment::Workspace => false,
                    crate::model::Attachment::Journey(id) => journey.is_some_and(|j| j.id == id),
                    crate::model::Attachment::Step(id) => {
                        journey.is_some_and(|j| j.step(id).is_some())
                    }
                    crate::model::Attachment::Item(id) => self.has_item(id),
                }
            })
            .collect()
    }

    /// Personas in scope, in the workspace's order: all, or those of the journey.
    pub fn personas(&self) -> Vec<&'a crate::model::Persona> {
        self.ws
            .personas()
            .iter()
            .filter(|p| {
                !self.filtered || self.journeys.iter().any(|j| j.persona_ids.contains(&p.id))
            })
            .collect()
    }

    /// Objectives in scope: all, or the journey's own.
    pub fn objectives(&self) -> Vec<&'a crate::model::Objective> {
        self.ws
            .objectives()
            .iter()
            .filter(|o| {
                !self.filtered || self.journeys.iter().any(|j| j.objective_id == Some(o.id))
            })
            .collect()
    }

    /// The budgets in scope: every channel, the items without a channel and the total; for one
    /// journey, the channels its items or personas use, and the items without a channel when
    /// one of its own costs something. (A channel's figures are always the whole channel's: a
    /// budget is not split by journey, so a one-journey export gives no total.)
    pub fn budgets(&self) -> crate::model::Budgets<'a> {
        let mut budgets = self.ws.budgets();
        if self.filtered {
            let personas = self.personas();
            budgets.channels.retain(|b| {
                let id = Some(b.channel.id);
                self.items.iter().any(|i| i.channel_id == id)
                    || personas
                        .iter()
                        .any(|p| p.channel_ids.contains(&b.channel.id))
            });
            if !self
                .items
                .iter()
                .any(|i| i.channel_id.is_none() && i.cost != 0.0)
            {
                budgets.unassigned = None;
            }
        }
        budgets
    }

    /// Whether the scope has a budget section at all.
    pub fn has_budgets(&self) -> bool {
        let budgets = self.budgets();
        !budgets.channels.is_empty() || budgets.unassigned.is_some()
    }

    /// The content types shown in a journey's content map: those mapped on one of its steps or
    /// holding an item there, in the workspace's order.
    pub fn map_types(&self, journey: &Journey) -> Vec<&'a crate::model::ContentType> {
        self.ws
            .content_types()
            .iter()
            .filter(|t| {
                journey
                    .steps
                    .iter()
                    .any(|s| self.ws.cell(s.id, t.id).mapped)
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Words shared by the formats.

/// The names of a journey's personas, joined with `, `.
pub fn persona_names(ws: &Workspace, journey: &Journey) -> Vec<String> {
    journey
        .persona_ids
        .iter()
        .filter_map(|id| ws.personas().get(*id))
        .map(|p| p.name.clone())
        .collect()
}

/// What an entry's heading shows, so the list of its fields under it leaves it out: its name.
pub const HEADED: &[&str] = &["name", "title"];
/// What a persona's heading shows, and its summary: the paragraph under the heading.
pub const PERSONA_HEADED: &[&str] = &["name", "summary"];
/// What leads each row of the calendar, not a column among the others: the item's date.
pub const DATED: &[&str] = &["available_on"];

/// An entry's fields as the reports list them: every field of its kind in the schema's order
/// (the built-in ones, then the workspace's own), those in `apart` left out — the ones a format
/// shows its own way, such as the name as the heading.
pub fn report_fields<'a, T: Schema>(
    ws: &'a Workspace,
    apart: &'a [&str],
) -> impl Iterator<Item = AnyField<'a>> {
    all_fields(&ws.contents().fields, T::KIND)
        .filter(move |field| !matches!(field, AnyField::BuiltIn(f) if apart.contains(&f.key)))
}

/// An entry's fields that hold something, each with its text (see [`field_text`]): what a
/// report lists under the entry, the empty ones left out.
pub fn filled_fields<'a, T: Schema + Customised>(
    ws: &'a Workspace,
    entry: &'a T,
    apart: &'a [&str],
) -> Vec<(AnyField<'a>, String)> {
    report_fields::<T>(ws, apart)
        .map(|field| (field, field_text(ws, entry, field).into_owned()))
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

/// Writes a piece of text for each of `elements` onto `out`, in their order. A long list is
/// written in two halves on two threads (see [`write_halves`]), the second then added after the
/// first.
pub fn write_each<T: Sync + Ahead>(
    out: &mut String,
    elements: &[T],
    write: impl Fn(&mut String, &T) + Sync,
) {
    let second_half = write_halves(out, elements, String::new, write);
    out.push_str(&second_half);
}

/// Writes a piece of text for each of the first half of `elements` onto `out`, and returns a
/// writer made by `new` holding the text of the second half, to go after it. A long list is
/// written in two halves on two threads: a report of 100,000 items spends most of its time
/// writing their rows and events, which depend on nothing but their own element, so the
/// document is the same either way. (A short list is written onto `out` whole.) What each
/// element reads is fetched a few elements ahead (see [`Ahead`]).
pub fn write_halves<T: Sync + Ahead, W: Send>(
    out: &mut W,
    elements: &[T],
    new: impl Fn() -> W + Sync,
    write: impl Fn(&mut W, &T) + Sync,
) -> W {
    /// Below this, a second thread costs more than it saves.
    const ALONE: usize = 512;
    /// How many elements ahead an entry is fetched, and its texts half as many (once the entry,
    /// which says where they are, has come).
    const AHEAD: usize = 16;
    let write_all = |out: &mut W, elements: &[T]| {
        for (at, element) in elements.iter().enumerate() {
            if let Some(ahead) = elements.get(at + AHEAD) {
                ahead.fetch_entry();
            }
            if let Some(ahead) = elements.get(at + AHEAD / 2) {
                ahead.fetch_texts();
            }
            write(out, element);
        }
    };
    // Short, or no helper may be started: all in place, with no second buffer to join.
    if elements.len() < ALONE || !crate::model::helpers::allowed() {
        write_all(out, elements);
        return new();
    }
    let (first, second) = elements.split_at(elements.len() / 2);
    let (new, write_all) = (&new, &write_all);
    let write_second = move || {
        let mut text = new();
        write_all(&mut text, second);
        text
    };
    std::thread::scope(|scope| {
        let second = crate::model::helpers::beside(scope, write_second);
        write_all(out, first);
        second.join()
    })
}

/// An element of a long list that [`write_halves`] writes, whose memory is asked for ahead of
/// its turn: a calendar takes the items by date, from all over memory, and writing each would
/// otherwise begin by waiting for its entry and then for each of its texts.
pub trait Ahead {
    /// Asks for the entry the element is about.
    fn fetch_entry(&self) {}
    /// Asks for the entry's texts: reads the entry (asked for earlier), to know where they are.
    fn fetch_texts(&self) {}
}

impl Ahead for &Item {
    fn fetch_entry(&self) {
        let entry = std::ptr::from_ref::<Item>(self).cast::<u8>();
        for line in (0..std::mem::size_of::<Item>()).step_by(64) {
            prefetch(entry.wrapping_add(line));
        }
    }

    fn fetch_texts(&self) {
        for text in [&self.title, &self.notes, &self.owner, &self.url] {
            prefetch(text.as_ptr());
        }
        prefetch(self.step_ids.as_ptr().cast());
    }
}

impl Ahead for (Date, &Item) {
    fn fetch_entry(&self) {
        self.1.fetch_entry();
    }

    fn fetch_texts(&self) {
        self.1.fetch_texts();
    }
}

/// Asks the processor to bring the memory at `address` into its cache: a hint, which reads
/// nothing the program sees (and does nothing but on x86-64).
fn prefetch(address: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch loads nothing into a register and never faults, whatever the address;
    // SSE, which it needs, is part of every x86-64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// The columns of a table of entries' fields: the fields [`report_fields`] lists (those in
/// `apart` left out) that at least one entry fills, so a table is as wide as its entries need.
/// Only asks whether a column holds a value (each column's search stops at the first entry that
/// fills it, and an empty value makes no text): the rows' texts are made one cell at a time as
/// they are written, so a calendar of a hundred thousand items builds no table of cells.
pub fn filled_columns<'a, T: Schema + Customised>(
    ws: &'a Workspace,
    entries: &[&'a T],
    apart: &'a [&str],
) -> Vec<AnyField<'a>> {
    report_fields::<T>(ws, apart)
        .filter(|field| (entries.iter()).any(|entry| !field_text(ws, *entry, *field).is_empty()))
        .collect()
}

/// The text of an entry's field in a report: the value as the schema shows it everywhere
/// ([`FieldValue::shown`]), an amount with the workspace's currency, on one line unless the
/// field is long (whose line breaks each format writes its way); empty when nothing is set.
pub fn field_text<'a, T: Schema + Customised>(
    ws: &'a Workspace,
    entry: &'a T,
    field: AnyField,
) -> Cow<'a, str> {
    let text = match field {
        AnyField::BuiltIn(built_in) => match entry.read(built_in.key) {
            Some(FieldValue::Number(Some(value))) if built_in.kind == FieldKind::Amount => {
                Cow::Owned(money(value, ws.currency()))
            }
            Some(value) => value.shown(ws, built_in),
            None => Cow::Borrowed(""),
        },
        AnyField::Own(own) => Cow::Borrowed(entry.custom().get(&own.id).unwrap_or_default()),
    };
    // Most texts need neither: then the one made above is the one returned.
    if field.is_long() {
        match text {
            Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
            Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
            Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
        }
    } else {
        match text {
            Cow::Borrowed(text) => one_line(text),
            Cow::Owned(text) if is_one_line(&text) => Cow::Owned(text),
            Cow::Owned(text) => Cow::Owned(one_line(&text).into_owned()),
        }
    }
}

/// A step as `Journey › Step`: the names of its journey and of itself.
pub fn step_path(ws: &Workspace, step_id: Id) -> Option<(&str, &str)> {
    let journey = ws.journey_of_step(step_id)?;
    let step = journey.step(step_id)?;
    Some((&journey.name, &step.name))
}

/// The name of an item's content type.
pub fn type_name<'a>(ws: &'a Workspace, item: &Item) -> &'a str {
    ws.content_types()
        .get(item.content_type_id)
        .map(|t| t.label())
        .unwrap_or_default()
}

/// The name of an item's channel, or empty.
pub fn channel_name<'a>(ws: &'a Workspace, item: &Item) -> &'a str {
    item.channel_id
        .and_then(|id| ws.channels().get(id))
        .map(|c| c.name.as_str())
        .unwrap_or_default()
}

/// What a whole metric is about, in words: the workspace, a journey, `Journey › Step` or an item.
pub fn metric_subject(ws: &Workspace, metric: &Metric) -> String {
    use crate::model::Attachment;
    match metric.attachment() {
        Attachment::Workspace => "whole strategy".into(),
        Attachment::Journey(id) => ws
            .journeys()
            .get(id)
            .map(|j| format!("journey {}", j.name))
            .unwrap_or_default(),
        Attachment::Step(id) => step_path(ws, id)
            .map(|(j, s)| format!("{j} › {s}"))
            .unwrap_or_default(),
        Attachment::Item(id) => ws
            .items()
            .get(id)
            .map(|i| format!("item {}", i.title))
            .unwrap_or_default(),
    }
}

/// Dated items (in date order) cut into one run per month, for the calendar sections.
pub fn by_month<'a, 'b>(
    dated: &'b [(Date, &'a Item)],
) -> impl Iterator<Item = &'b [(Date, &'a Item)]> {
    dated.chunk_by(|(a, _), (b, _)| (a.year(), a.month()) == (b.year(), b.month()))
}

/// How many of the dated items are overdue on `today`.
pub fn overdue_count(dated: &[(Date, &Item)], today: Date) -> usize {
    dated
        .iter()
        .filter(|(_, item)| item.is_overdue(today))
        .count()
}

/// An amount of money in the workspace's currency: `9,600.00 EUR`.
pub fn money(value: f64, currency: &str) -> String {
    let currency = one_line(currency);
    let mut text = amount(value);
    if !currency.is_empty() {
        text.push(' ');
        text.push_str(&currency);
    }
    text
}

/// A metric value with its unit, as a person says it (see [`format::metric_value`]), the unit
/// on one line.
pub fn metric_value(value: Option<f64>, unit: &str) -> String {
    format::metric_value(value, &one_line(unit))
}

/// A metric's target with its unit, `≤ 55 EUR` where lower is better (at most that is the goal).
pub fn metric_target(metric: &Metric) -> String {
    let value = metric_value(metric.target, &metric.unit);
    match (metric.better(), metric.target) {
        (Better::Lower, Some(_)) => format!("≤ {value}"),
        _ => value,
    }
}

/// How far the actual is from the target, with its sign, and whether that meets the target the
/// right way round: `−270 EUR · 19% short`, `+13 EUR · 24% short` (a cost above its target),
/// `+7.3% · met`, `on target`; `—` when either is missing.
pub fn against(metric: &Metric) -> String {
    let (Some(target), Some(actual), Some(progress)) =
        (metric.target, metric.actual, metric.progress())
    else {
        return NOT_SET.into();
    };
    let difference = actual - target;
    let value = metric_value(Some(difference.abs()), &metric.unit);
    let shown = number(difference);
    if shown == "0" && progress.met {
        return "on target".into();
    }
    let sign = if shown == "0" {
        "±"
    } else if difference > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{value} · {}", progress.words())
}

/// Whether a character must not appear in an exported document: C0 controls other than tab and
/// line feed, DEL and C1 controls. (CSV keeps them: it must give back exactly what it got.)
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Text with line ends made `\n` and control characters (ESC, bell, NUL…) removed.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !needs_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(normalised.chars().filter(|c| !is_control(*c)).collect())
}

/// Whether [`clean`] changes the text: it holds a carriage return or a control character other
/// than tab and line feed. Read byte by byte (every text of an export passes here): C0 controls
/// and DEL are single bytes, and the C1 controls (U+0080–U+009F) are the two-byte sequences
/// `C2 80`–`C2 9F`.
fn needs_cleaning(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A first pass without branches (so the compiler runs it over many bytes at once) clears
    // nearly every text; only one with a control byte or a C2 lead byte is looked at closely.
    let suspect = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xc2);
    if !bytes.iter().fold(false, |seen, &b| seen | suspect(b)) {
        return false;
    }
    bytes.iter().enumerate().any(|(at, &b)| match b {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes
            .get(at + 1)
            .is_some_and(|next| (0x80..0xa0).contains(next)),
        _ => false,
    })
}

/// Text on one line: cleaned, every run of white space (newlines, tabs) one space, trimmed.
/// Borrowed when it already is (as nearly every name is).
pub fn one_line(text: &str) -> Cow<'_, str> {
    if is_one_line(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(clean(text).split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether [`one_line`] gives the text back unchanged: nothing to clean, and no white space but
/// single spaces between other characters.
fn is_one_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    // For ASCII, the only white space allowed is a single space between two other characters,
    // and the only other bytes below `!` are control characters. One pass without branches (so
    // the compiler runs it over many bytes at once) finds none of these and no byte outside
    // printable ASCII in nearly every text; only the others are looked at closely.
    let odd = |b: u8| !(b' '..0x7f).contains(&b);
    let plain = !odd(first)
        && !(bytes.iter().zip(&bytes[1..])).fold(false, |seen, (&a, &b)| {
            seen | odd(b) | ((a == b' ') & (b == b' '))
        });
    if plain {
        return first != b' ' && last != b' ';
    }
    if text.is_ascii() {
        // A control character, DEL, or a space after a space.
        return false;
    }
    let mut previous = ' ';
    for c in text.chars() {
        if c.is_whitespace() && (c != ' ' || previous == ' ') || is_control(c) || c == '\r' {
            return false;
        }
        previous = c;
    }
    previous != ' ' || text.is_empty()
}

/// Whether a link may be followed from a document: an absolute `http`, `https` or `mailto` URL
/// without spaces or control characters (never `javascript:` or `data:`).
pub fn is_safe_url(url: &str) -> bool {
    // The scheme compared in place: every field's text of a report passes here.
    let scheme = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    };
    (scheme("https://") || scheme("http://") || scheme("mailto:"))
        && url.len() > 8
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// What the budget columns mean, under every budget table.
pub const BUDGET_LEGEND: &str = "Planned: the cost of items not available yet. Spent: the cost of available items. Left: the budget minus both. Items without a channel count in the total.";

/// What the content-map marks mean.
pub const CELL_LEGEND: &str =
    "✓ available · ◐ in progress · ○ to create · ✗ gap: mapped, nothing available yet";

#[cfg(test)]
mod schema_tests;

#[cfg(test)]
mod tests {
    use super::*;

    impl Ahead for usize {}

    #[test]
    fn writing_each_element_on_two_threads_gives_the_text_written_in_order() {
        use std::fmt::Write as _;
        let write = |out: &mut String, n: &usize| {
            let _ = writeln!(out, "row {n}: {}", "x".repeat(n % 7));
        };
        for len in [0, 1, 511, 512, 513, 5_000] {
            let elements: Vec<usize> = (0..len).collect();
            let mut in_order = String::from("head\n");
            elements.iter().for_each(|n| write(&mut in_order, n));
            let mut written = String::from("head\n");
            write_each(&mut written, &elements, write);
            assert_eq!(written, in_order, "{len} elements");
        }
    }

    #[test]
    fn metric_values_read_as_people_say_them() {
        assert_eq!(metric_value(Some(6.0), "count"), "6");
        assert_eq!(metric_value(Some(1450.0), "Number"), "1,450");
        assert_eq!(metric_value(Some(3.5), "%"), "3.5%");
        assert_eq!(metric_value(Some(1450.0), "EUR"), "1,450 EUR");
        assert_eq!(metric_value(Some(25.0), "per month"), "25 per month");
        assert_eq!(metric_value(None, "count"), "—");
    }

    #[test]
    fn differences_have_a_sign_and_say_whether_the_target_is_met() {
        let metric = |target, actual, unit: &str, better| Metric {
            target,
            actual,
            unit: unit.into(),
            better,
            ..Metric::default()
        };
        let against = |target, actual, unit, better| against(&metric(target, actual, unit, better));
        assert_eq!(
            against(Some(3.5), Some(2.1), "%", None),
            "−1.4% · 40% short"
        );
        assert_eq!(against(Some(10.0), Some(12.0), "", None), "+2 · met");
        assert_eq!(against(Some(1.0), Some(1.0), "x", None), "on target");
        assert_eq!(against(None, Some(1.0), "", None), "—");
        // Lower is better: a cost above its target misses it, below it meets it.
        let lower = Some(Better::Lower);
        assert_eq!(
            against(Some(55.0), Some(68.0), "EUR", lower),
            "+13 EUR · 24% short"
        );
        assert_eq!(
            against(Some(55.0), Some(40.0), "EUR", lower),
            "−15 EUR · met"
        );
        assert_eq!(
            against(Some(6.0), Some(2.0), "count", None),
            "−4 · 67% short"
        );
        assert_eq!(
            metric_target(&metric(Some(55.0), None, "EUR", lower)),
            "≤ 55 EUR"
        );
        assert_eq!(metric_target(&metric(Some(6.0), None, "count", None)), "6");
    }

    #[test]
    fn clean_drops_controls_and_keeps_text() {
        assert_eq!(clean("a\u{1b}[31mb\r\nc\u{7}"), "a[31mb\nc");
        assert_eq!(one_line(" a\n\tb  c "), "a b c");
        assert_eq!(clean("שלום 🚲"), "שלום 🚲");
    }

    proptest::proptest! {
        /// The quick checks that let most text through untouched give what the plain
        /// character-by-character definitions give, for any text (controls, C1 controls, wide
        /// spaces and line breaks included).
        #[test]
        fn clean_and_one_line_are_their_plain_definitions(
            text in "[ a-z\t\n\r\u{0}-\u{1f}\u{7f}-\u{a0}é\u{2028}\u{3000}]{0,12}"
        ) {
            let cleaned: String = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !is_control(*c))
                .collect();
            proptest::prop_assert_eq!(clean(&text), cleaned.as_str());
            let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(one_line(&text), joined.as_str());
        }
    }

    #[test]
    fn only_web_and_mail_links_are_safe() {
        assert!(is_safe_url("https://example.com/a?b=c&d=e"));
        assert!(is_safe_url("mailto:lena@example.com"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("https://example.com/\"onmouseover"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("https://"));
    }

    #[test]
    fn file_name_parts_are_plain() {
        assert_eq!(file_name_part("First commuter bike"), "first-commuter-bike");
        assert_eq!(file_name_part("../../etc"), "etc");
        assert_eq!(file_name_part("///"), "journey");
    }
}
