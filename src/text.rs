//! Text from a workspace, made safe to print on a terminal.
//!
//! A workspace received from someone else may hold escape sequences, bell characters or bidi
//! overrides in any field. Everything printed to a terminal passes through [`printable`], which
//! shows such characters as visible escapes instead of letting them act.
//!
//! Also how a name a person typed is compared with the names in a workspace ([`fold`]).

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL, bidi
/// embeddings, overrides and isolates, and invisible format characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// The text with every unsafe character shown as `\u{…}` (tab and newline as `\t`, `\n`).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A whole document (an export, a JSON listing) made safe for a terminal: like [`printable`],
/// but line breaks (`\n`, and `\r\n` as CSV and iCalendar end their lines) and tabs stay as
/// they are, since they only move the cursor. A lone `\r` could overwrite what was shown, so it
/// is made visible like every other control.
pub fn printable_document(text: &str) -> Cow<'_, str> {
    let keeps = |at: usize, c: char| match c {
        '\n' | '\t' => true,
        '\r' => text[at + 1..].starts_with('\n'),
        c => !is_unsafe(c),
    };
    if text.char_indices().all(|(at, c)| keeps(at, c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (at, c) in text.char_indices() {
        if keeps(at, c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// Like [`printable`], but keeps line breaks: for messages of several lines.
pub fn printable_lines(text: &str) -> String {
    text.lines().map(printable).collect::<Vec<_>>().join("\n")
}

/// A name as it is compared when a person types it: trimmed, case folded.
pub fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The candidate a misspelt `word` most likely meant: the nearest by edits (insert, delete,
/// replace, swap two neighbours), if it is within one edit per three letters of it (at least
/// one), so a short word is not "corrected" into an unrelated one.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|name| (strsim::damerau_levenshtein(word, name), name))
        .filter(|(distance, name)| *distance <= (name.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_name_is_a_near_miss_or_none() {
        let names = ["quit", "add", "accent", "border", "export"];
        assert_eq!(closest("qiut", names), Some("quit"));
        assert_eq!(closest("acent", names), Some("accent"));
        assert_eq!(closest("exprot", names), Some("export"));
        assert_eq!(closest("zzz", names), None);
        assert_eq!(closest("ad", names), Some("add"));
        assert_eq!(closest("quiz", names), Some("quit"));
        assert_eq!(closest("qz", names), None);
    }

    #[test]
    fn escapes_controls_and_bidi_but_keeps_real_text() {
        assert_eq!(printable("Café 🚲 שלום"), "Café 🚲 שלום");
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            printable("x\u{202E}y\u{7}\u{9b}"),
            "x\\u{202e}y\\u{7}\\u{9b}"
        );
        assert_eq!(printable("one\ntwo\t"), "one\\ntwo\\t");
    }

    #[test]
    fn documents_keep_their_lines_and_show_every_other_control() {
        assert_eq!(printable_document("a,b\r\nc\td\n"), "a,b\r\nc\td\n");
        assert_eq!(
            printable_document("x\u{1b}]52;c;AAAA\u{7}y\rz\u{9b}2J\u{2067}"),
            "x\\u{1b}]52;c;AAAA\\u{7}y\\u{d}z\\u{9b}2J\\u{2067}"
        );
        assert_eq!(printable_document("end\r"), "end\\u{d}");
    }
}
