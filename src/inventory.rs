//! The content inventory as CSV: the columns and the spelling of a cell that the export writes
//! and the import reads back. Both sides use these, so a change to the contract is one change
//! (the whole contract is told in [`crate::export::csv`]).

use crate::model::Item;
use crate::model::schema::{EntityKind, Field, Schema};

/// What a column of the inventory holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The item's id: a row with the id of an item updates it.
    Id,
    /// A built-in field of the item, written and read back through the schema.
    Field(&'static Field),
    /// The kind of the item's content type: what import creates a new type as.
    Kind,
    /// The journeys of the item's steps: where import looks a bare step name up.
    Journeys,
    /// The media of the item's channel: what import creates a new channel as.
    Media,
}

/// What a column of [`LAYOUT`] is: an item field by its key, or one of the other columns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Id,
    Field(&'static str),
    Kind,
    Journeys,
    Media,
}

/// The columns as the inventory has always had them, in the file's order. The header is an
/// interface — spreadsheets, scripts and people's habits read the columns by these names — so
/// it is written out here rather than made from the schema's labels: a field's column keeps its
/// name whatever the schema calls the field (`type`, `steps` and `channel` are the file's
/// `content_type_id`, `step_ids` and `channel_id`; the others are the field's key), and the
/// columns keep their order. An item field not named here gets a column of its own after
/// these, headed by its key (see [`columns`]).
const LAYOUT: [(&str, Source); 14] = [
    ("id", Source::Id),
    ("title", Source::Field("title")),
    ("type", Source::Field("content_type_id")),
    ("kind", Source::Kind),
    ("journeys", Source::Journeys),
    ("steps", Source::Field("step_ids")),
    ("status", Source::Field("status")),
    ("owner", Source::Field("owner")),
    ("available_on", Source::Field("available_on")),
    ("channel", Source::Field("channel_id")),
    ("media", Source::Media),
    ("cost", Source::Field("cost")),
    ("url", Source::Field("url")),
    ("notes", Source::Field("notes")),
];

/// The built-in columns, by their names in the header, in order: those of [`LAYOUT`], then one
/// per item field it does not name (headed by the field's key), so that every field of an item
/// has its column. The workspace's own item fields come after these (headed by their names).
pub fn columns() -> impl Iterator<Item = (&'static str, Column)> {
    let laid_out = LAYOUT.iter().filter_map(|(name, source)| {
        let column = match source {
            Source::Id => Column::Id,
            Source::Field(key) => Column::Field(EntityKind::Item.field(key)?),
            Source::Kind => Column::Kind,
            Source::Journeys => Column::Journeys,
            Source::Media => Column::Media,
        };
        Some((*name, column))
    });
    let rest = Item::FIELDS
        .iter()
        .filter(|field| !LAYOUT.iter().any(|(_, s)| *s == Source::Field(field.key)))
        .map(|field| (field.key, Column::Field(field)));
    laid_out.chain(rest)
}

/// The names of the built-in columns, in order.
pub fn column_names() -> Vec<&'static str> {
    columns().map(|(name, _)| name).collect()
}

/// What joins the values of a multi-valued cell.
pub const LIST_SEPARATOR: &str = "; ";
/// What separates a journey from its step in the `steps` column.
pub const STEP_SEPARATOR: &str = " › ";

/// Escapes the characters that structure a multi-valued cell: `\`, `;` and `›`.
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | ';' | '›') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The characters a spreadsheet may read as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell needs the guard: it starts with a formula character, or with apostrophes
/// followed by one (guarding those too keeps [`unguard`] exact).
pub fn needs_guard(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A text cell made safe to open in a spreadsheet: a leading `'` when it could run as a formula.
pub fn guard(cell: &str) -> String {
    if needs_guard(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell as the workspace holds it: the guard [`guard`] added taken off, so
/// `unguard(&guard(text)) == text` for every text, and a leading `'` that guards nothing (a
/// title quoted in apostrophes) is kept.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every item field has one column, and the columns people's files have are as they were.
    #[test]
    fn every_item_field_has_a_column_and_the_header_is_unchanged() {
        for (_, source) in LAYOUT {
            if let Source::Field(key) = source {
                assert!(
                    EntityKind::Item.field(key).is_some(),
                    "{key} is no item field"
                );
            }
        }
        for field in Item::FIELDS {
            let named = columns()
                .filter(|(_, c)| *c == Column::Field(field))
                .count();
            assert_eq!(named, 1, "{}", field.key);
        }
        assert_eq!(
            column_names()[..LAYOUT.len()].join(","),
            "id,title,type,kind,journeys,steps,status,owner,available_on,channel,media,cost,url,notes"
        );
    }

    #[test]
    fn only_formula_starts_are_guarded() {
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("-5 days"), "'-5 days");
        assert_eq!(guard("\tindented"), "'\tindented");
        assert_eq!(
            guard("'Never too late' stories"),
            "'Never too late' stories"
        );
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(guard("'"), "'");
        assert_eq!(guard(""), "");
    }

    #[test]
    fn only_the_guard_comes_off() {
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'Never too late'"), "'Never too late'");
        assert_eq!(unguard("''=x"), "'=x");
        assert_eq!(unguard("'"), "'");
        assert_eq!(unguard("'@owner"), "@owner");
    }

    proptest! {
        #[test]
        fn guarding_is_undone_exactly_and_never_leaves_a_formula(
            text in "['=+@\t\r a-]{0,6}.{0,4}"
        ) {
            let guarded = guard(&text);
            prop_assert!(!guarded.starts_with(FORMULA_START));
            prop_assert_eq!(unguard(&guarded), text.as_str());
        }
    }
}
