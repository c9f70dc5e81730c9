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
//! - After the built-in columns comes one column per item field of the workspace, headed by the
//!   field's name; import fills the field from the column of that name.
//!
//! Every character of the workspace is kept (control characters too): exporting and importing
//! gives back exactly the same items.

use super::{Scope, step_path};
use crate::inventory::{COLUMNS, LIST_SEPARATOR, STEP_SEPARATOR, escape_value, guard};
use crate::model::fields::fields_on;
use crate::model::{Customised, FieldDef, Item, Workspace};

pub fn render(scope: &Scope) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // After the built-in columns, one per item field, headed by its name.
    let fields: Vec<&FieldDef> = fields_on(&scope.ws.contents().fields, Item::ON).collect();
    let header = COLUMNS
        .iter()
        .map(|column| column.to_string())
        .chain(fields.iter().map(|field| guard(&field.name)));
    writer
        .write_record(header)
        .expect("writing to memory cannot fail");
    for item in &scope.items {
        let custom = fields
            .iter()
            .map(|field| guard(item.custom.get(&field.id).unwrap_or("")));
        writer
            .write_record(row(scope.ws, item).into_iter().chain(custom))
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The cells of one item, in column order.
pub fn row(ws: &Workspace, item: &Item) -> [String; 14] {
    let content_type = ws.content_types().get(item.content_type_id);
    let channel = item.channel_id.and_then(|id| ws.channels().get(id));
    let steps: Vec<(&str, &str)> = item
        .step_ids
        .iter()
        .filter_map(|id| step_path(ws, *id))
        .collect();
    let mut journeys: Vec<&str> = Vec::new();
    for (journey, _) in &steps {
        if !journeys.contains(journey) {
            journeys.push(journey);
        }
    }
    [
        item.id.to_string(),
        guard(&item.title),
        guard(content_type.map_or("", |t| &t.name)),
        content_type.map_or("", |t| t.kind.as_str()).to_string(),
        guard(&join(journeys.iter().map(|j| escape_value(j)))),
        guard(&join(steps.iter().map(|(journey, step)| {
            format!(
                "{}{STEP_SEPARATOR}{}",
                escape_value(journey),
                escape_value(step)
            )
        }))),
        item.status.as_str().to_string(),
        guard(&item.owner),
        item.available_on.map(|d| d.to_string()).unwrap_or_default(),
        guard(channel.map_or("", |c| &c.name)),
        channel.map_or("", |c| c.media.as_str()).to_string(),
        cost(item.cost),
        guard(&item.url),
        guard(&item.notes),
    ]
}

fn join(values: impl Iterator<Item = String>) -> String {
    values.collect::<Vec<_>>().join(LIST_SEPARATOR)
}

/// A cost as the shortest text that reads back as the same number: `1200`, `12.5`.
pub fn cost(value: f64) -> String {
    format!("{value}")
}
