//! Text from a workspace, made safe to print on a terminal.
//!
//! A workspace received from someone else may hold escape sequences, bell characters or bidi
//! overrides in any field. Everything printed to a terminal passes through [`printable`], which
//! shows such characters as visible escapes instead of letting them act.

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

/// Like [`printable`], but keeps line breaks: for messages of several lines.
pub fn printable_lines(text: &str) -> String {
    text.lines().map(printable).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
