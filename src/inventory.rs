//! The content inventory as CSV: the columns and the spelling of a cell that the export writes
//! and the import reads back. Both sides use these, so a change to the contract is one change
//! (the whole contract is told in [`crate::export::csv`]).

/// The header row.
pub const COLUMNS: [&str; 14] = [
    "id",
    "title",
    "type",
    "kind",
    "journeys",
    "steps",
    "status",
    "owner",
    "available_on",
    "channel",
    "media",
    "cost",
    "url",
    "notes",
];

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
