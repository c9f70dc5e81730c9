//! The content inventory as CSV (RFC 4180): one row per item, UTF-8, CRLF between records, a
//! header row. It is what `journeymap import --csv` reads back, so the spelling of each cell is a
//! contract:
//!
//! - `journeys`, `steps`: several values in one cell are joined with `; `. A step is written
//!   `Journey › Step` (step names repeat across journeys). Inside such a cell a `\`, `;` or `›`
//!   that belongs to a name is escaped with a backslash (`\\`, `\;`, `\›`).
//! - `type`, `channel`: by name; `kind` and `media` tell import what to create when the name is
//!   new.
//! - `status`: `available`, `in_progress` or `to_create`; `available_on`: `YYYY-MM-DD` or empty;
//!   `cost`: a plain number (`1200`, `12.5`).
//! - A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//!   `'`, so a spreadsheet shows it as text instead of running it as a formula; import takes one
//!   leading `'` off a cell only when a formula character follows it. A title such as
//!   `'Never too late'` is written as it is. So that both directions stay exact, a cell whose
//!   run of leading apostrophes is followed by a formula character (`'=x`) gets one more.
//!
//! - The columns are those of [`crate::inventory::columns`]: one per built-in field of an item
//!   (under the names the file has always used), with `id`, `kind`, `journeys` and `media`
//!   among them. After these comes one column per item field of the workspace, headed by the
//!   field's name; import fills the field from the column of that name.
//!
//! Every character of the workspace is kept (control characters too): exporting and importing
//! gives back exactly the same items.

use super::{Scope, step_path};
use crate::inventory::{Column, LIST_SEPARATOR, STEP_SEPARATOR, columns, escape_value, guard};
use crate::model::fields::fields_on;
use crate::model::schema::{EntityKind, Field, FieldKind, FieldValue, Schema};
use crate::model::{Customised, FieldDef, Item, Workspace};

/// The inventory in two pieces, to be written one after the other: a large inventory's rows are
/// made in two halves on two threads (see [`write_halves`](super::write_halves)), each by a
/// writer of its own, and the second half is not copied after the first.
pub fn render(scope: &Scope) -> [Vec<u8>; 2] {
    let writer = || {
        ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::new())
    };
    let mut first = writer();
    // After the built-in columns, one per item field of the workspace, headed by its name.
    let fields: Vec<&FieldDef> = fields_on(&scope.ws.contents().fields, Item::ON).collect();
    let header = columns()
        .map(|(name, _)| name.to_string())
        .chain(fields.iter().map(|field| guard(&field.name)));
    first
        .write_record(header)
        .expect("writing to memory cannot fail");
    let second = super::write_halves(&mut first, &scope.items, writer, |writer, item| {
        let built_in = columns().map(|(_, column)| cell(scope.ws, item, column));
        let custom = fields
            .iter()
            .map(|field| guard(item.custom.get(&field.id).unwrap_or("")));
        writer
            .write_record(built_in.chain(custom))
            .expect("writing to memory cannot fail");
    });
    [first, second].map(|writer| writer.into_inner().expect("writing to memory cannot fail"))
}

/// The cell of one column of an item.
fn cell(ws: &Workspace, item: &Item, column: Column) -> String {
    match column {
        Column::Id => item.id.to_string(),
        Column::Field(field) => item
            .read(field.key)
            .map_or_else(String::new, |value| field_cell(ws, field, value)),
        Column::Kind => (ws.content_types().get(item.content_type_id))
            .map_or("", |t| t.kind.as_str())
            .to_string(),
        Column::Journeys => {
            let mut journeys: Vec<&str> = Vec::new();
            for (journey, _) in item.step_ids.iter().filter_map(|id| step_path(ws, *id)) {
                if !journeys.contains(&journey) {
                    journeys.push(journey);
                }
            }
            guard(&join(journeys.iter().map(|j| escape_value(j))))
        }
        Column::Media => (item.channel_id.and_then(|id| ws.channels().get(id)))
            .map_or("", |c| c.media.as_str())
            .to_string(),
    }
}

/// A field's value as its cell spells it: text as it is, a choice as the file spells it
/// (`in_progress`), a date `YYYY-MM-DD`, an amount as a plain number, entries by name (several
/// joined by `; `, a step as `Journey › Step`); a text cell guarded against formulas.
fn field_cell(ws: &Workspace, field: &Field, value: FieldValue) -> String {
    match value {
        FieldValue::Text(text) => guard(text),
        FieldValue::Date(date) => date.map(|d| d.to_string()).unwrap_or_default(),
        FieldValue::Number(number) => number.map(cost).unwrap_or_default(),
        FieldValue::Word(word) => word.unwrap_or_default().to_string(),
        FieldValue::Refs(ids) if field.kind == FieldKind::Refs(EntityKind::Step) => {
            guard(&join(ids.iter().filter_map(|id| step_path(ws, *id)).map(
                |(journey, step)| {
                    format!(
                        "{}{STEP_SEPARATOR}{}",
                        escape_value(journey),
                        escape_value(step)
                    )
                },
            )))
        }
        FieldValue::Refs(ids) => {
            guard(&join(ids.iter().map(|id| {
                escape_value(&FieldValue::Ref(Some(*id)).shown(ws, field))
            })))
        }
        FieldValue::Tags(tags) => guard(&join(tags.iter().map(|tag| escape_value(tag)))),
        other => guard(&other.shown(ws, field)),
    }
}

fn join(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join(LIST_SEPARATOR)
}

/// A cost as the shortest text that reads back as the same number: `1200`, `12.5`.
fn cost(value: f64) -> String {
    format!("{value}")
}
