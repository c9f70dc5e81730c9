//! The content & service calendar as iCalendar (RFC 5545): one all-day event per dated item.
//!
//! - `UID` is `<item id>@journeymap`, so importing a newer export updates the events instead of
//!   adding copies;
//! - `DTSTART;VALUE=DATE` is the item's date and `DTEND` the next day (an all-day event);
//! - `DTSTAMP` is midnight UTC of the export's `today`, so the same workspace exported on the
//!   same day gives the same bytes;
//! - `STATUS` is `CONFIRMED` for available items, `TENTATIVE` for the others;
//! - lines end in CRLF, TEXT values escape `\`, `;`, `,` and line breaks, control characters
//!   (which TEXT may not hold) are dropped, and lines longer than 75 octets are folded without
//!   ever splitting a UTF-8 character.

use std::borrow::Cow;

use super::{Scope, channel_name, clean, money, one_line, step_path, type_name};
use crate::model::{Date, Item, Status};

/// The product identifier every export carries.
pub const PRODID: &str = "-//journeymap//content and service calendar//EN";

/// The longest line, in octets, before folding (without the CRLF).
pub const LINE_OCTETS: usize = 75;

/// The calendar in two pieces, to be written one after the other: a large calendar's events
/// are made in two halves on two threads (see [`write_halves`](super::write_halves)), and the
/// second half is not copied after the first.
pub fn render(scope: &Scope, today: Date) -> [String; 2] {
    let dated = scope.dated_items();
    // About what an event takes, so that a large calendar is not copied as it grows.
    let mut out = Calendar::with_capacity(512 * (dated.len() + 1));
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!("PRODID:{PRODID}"));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    let name = match scope.journeys.as_slice() {
        [journey] if scope.filtered => format!(
            "{} — {} — content & service calendar",
            one_line(scope.ws.name()),
            one_line(&journey.name)
        ),
        _ => format!("{} — content & service calendar", one_line(scope.ws.name())),
    };
    out.text("X-WR-CALNAME", &name);
    let stamp = format!("{}T000000Z", compact(today, &mut [0; 8]));
    // Each thread writes into a calendar of its own, its buffers used for every event.
    let events = dated.len();
    let mut second_half = super::write_halves(
        &mut out,
        &dated,
        || Calendar::with_capacity(256 * events),
        |out, (date, item)| event(out, scope, item, *date, &stamp, today),
    );
    second_half.line("END:VCALENDAR");
    [out.out, second_half.out]
}

fn event(out: &mut Calendar, scope: &Scope, item: &Item, date: Date, stamp: &str, today: Date) {
    let ws = scope.ws;
    out.line("BEGIN:VEVENT");
    out.line_of(&["UID:", item.id.encode(&mut [0; 36]), "@journeymap"]);
    out.line_of(&["DTSTAMP:", stamp]);
    out.line_of(&["DTSTART;VALUE=DATE:", &compact(date, &mut [0; 8])]);
    // The day after; an item dated 9999-12-31 (the last day there is) gets a one-day DURATION.
    match date.add_days(1) {
        Some(next) => out.line_of(&["DTEND;VALUE=DATE:", &compact(next, &mut [0; 8])]),
        None => out.line("DURATION:P1D"),
    }
    out.text("SUMMARY", &item.title);
    // One line per fact, written straight into one string (the calendar's, used for every
    // event): this runs for every dated item.
    let mut description = std::mem::take(&mut out.description);
    description.clear();
    let kind = ws
        .content_types()
        .get(item.content_type_id)
        .map(|t| t.kind.as_str())
        .unwrap_or("content");
    let type_name = one_line(type_name(ws, item));
    let mut add = |parts: &[&str]| parts.iter().for_each(|part| description.push_str(part));
    add(&["Type: ", &type_name, " (", kind, ")"]);
    add(&["\nStatus: ", item.status.words()]);
    if item.is_overdue(today) {
        add(&[" — overdue"]);
    }
    if !item.owner.trim().is_empty() {
        add(&["\nOwner: ", &one_line(&item.owner)]);
    }
    let channel = channel_name(ws, item);
    if !channel.is_empty() {
        add(&["\nChannel: ", &one_line(channel)]);
    }
    for (journey, step) in item.step_ids.iter().filter_map(|id| step_path(ws, *id)) {
        add(&["\nStep: ", &one_line(journey), " › ", &one_line(step)]);
    }
    if item.cost != 0.0 {
        add(&["\nCost: ", &money(item.cost, ws.currency())]);
    }
    if !item.url.trim().is_empty() {
        add(&["\nLink: ", &one_line(&item.url)]);
    }
    let notes = clean(&item.notes);
    if !notes.trim().is_empty() {
        description.push_str("\n\n");
        description.push_str(notes.trim());
    }
    out.text("DESCRIPTION", &description);
    out.description = description;
    if !type_name.is_empty() {
        out.text("CATEGORIES", &type_name);
    }
    out.line(match item.status {
        Status::Available => "STATUS:CONFIRMED",
        Status::InProgress | Status::ToCreate => "STATUS:TENTATIVE",
    });
    out.line("TRANSP:TRANSPARENT");
    let url = item.url.trim();
    if super::is_safe_url(url) {
        out.line_of(&["URL:", url]);
    }
    out.line("END:VEVENT");
}

/// `YYYYMMDD`, the iCalendar DATE form, in `buffer` (without the formatting machinery: two
/// per event). A year outside 0–9999, which no file holds, is written as `format!` writes it.
fn compact(date: Date, buffer: &mut [u8; 8]) -> Cow<'_, str> {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return Cow::Owned(format!("{year:04}{:02}{:02}", date.month(), date.day()));
    }
    let digits = |buffer: &mut [u8], mut value: u32| {
        for digit in buffer.iter_mut().rev() {
            *digit = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    digits(&mut buffer[..4], year as u32);
    digits(&mut buffer[4..6], u32::from(date.month()));
    digits(&mut buffer[6..], u32::from(date.day()));
    Cow::Borrowed(std::str::from_utf8(buffer).expect("digits are text"))
}

/// An iCalendar stream being written: content lines folded at 75 octets, each ending in CRLF.
struct Calendar {
    out: String,
    /// The line being made, before it is folded into `out` (one buffer for every line).
    line: String,
    /// An event's description being made (one buffer for every event).
    description: String,
}

impl Calendar {
    /// A calendar with room for `bytes` of text.
    fn with_capacity(bytes: usize) -> Self {
        Calendar {
            out: String::with_capacity(bytes),
            line: String::new(),
            description: String::new(),
        }
    }

    /// Writes one content line, folded.
    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    /// Writes one content line made of `parts`, folded.
    fn line_of(&mut self, parts: &[&str]) {
        self.line.clear();
        parts.iter().for_each(|part| self.line.push_str(part));
        fold_into(&mut self.out, &self.line);
    }

    /// Writes a property whose value is TEXT, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        escape_text_into(&mut self.line, value);
        fold_into(&mut self.out, &self.line);
    }
}

/// A TEXT value escaped (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`, a line break →
/// `\n`; control characters other than tab dropped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    escape_text_into(&mut out, value);
    out
}

/// [`escape_text`], written onto the end of `out`. Nearly every value has nothing to clean: it
/// is escaped in the same pass that looks for what to clean, and only a value with a byte that
/// may be a control character (a C0 control, DEL, or the lead byte of a C1 one) is cleaned first
/// and escaped again.
fn escape_text_into(out: &mut String, value: &str) {
    let start = out.len();
    if !escape_into(out, value, true) {
        out.truncate(start);
        escape_into(out, &clean(value), false);
    }
}

/// Escapes `value` onto `out`. With `unless_suspect`, stops at the first byte that may need
/// cleaning (see [`escape_text_into`]) and says so with `false`, having written part of it.
fn escape_into(out: &mut String, value: &str, unless_suspect: bool) -> bool {
    let mut plain = 0;
    for (at, b) in value.bytes().enumerate() {
        let escaped = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            b'\t' => continue,
            0..0x20 | 0x7f | 0xc2 if unless_suspect => return false,
            _ => continue,
        };
        out.push_str(&value[plain..at]);
        out.push_str(escaped);
        plain = at + 1;
    }
    out.push_str(&value[plain..]);
    true
}

/// Appends `line` folded (RFC 5545 §3.1): at most 75 octets per physical line, continuation
/// lines starting with one space, never splitting a UTF-8 character, nor (for readers that
/// unescape before unfolding) a backslash from the character it escapes; every line ends in
/// CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    // Each physical line is copied whole, from `piece` to where the fold goes: the furthest
    // point that fits, moved back to the start of its character, and back before a backslash
    // that escapes the character after it. Every line passes here, so the characters are not
    // walked one by one.
    let bytes = line.as_bytes();
    let mut piece = 0;
    // What a physical line holds after the space a continuation line starts with.
    let mut room = LINE_OCTETS;
    while line.len() - piece > room {
        let mut fold = piece + room;
        while !line.is_char_boundary(fold) {
            fold -= 1;
        }
        // Backslashes pair up from the start of their run (the piece starts between pairs): an
        // odd run before the fold ends in one that escapes the character after the fold.
        let run = bytes[piece..fold]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if run % 2 == 1 {
            fold -= 1;
        }
        out.push_str(&line[piece..fold]);
        out.push_str("\r\n ");
        piece = fold;
        room = LINE_OCTETS - 1;
    }
    out.push_str(&line[piece..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\u{1b}g\th"),
            "a\\\\b\\;c\\,d\\ne\\nfg\th"
        );
    }

    proptest::proptest! {
        /// Escaping in the pass that looks for what to clean gives what cleaning the value and
        /// then escaping it gives, for any text (controls, C1 controls and other two-byte
        /// characters, line breaks and the characters escaped).
        #[test]
        fn escaping_is_cleaning_then_escaping(
            value in "[a\\\\;,\n\r\t\u{0}-\u{1f}\u{7f}-\u{a0}é©€🚲]{0,24}"
        ) {
            let cleaned = clean(&value);
            let mut expected = String::new();
            for c in cleaned.chars() {
                match c {
                    '\\' => expected.push_str("\\\\"),
                    ';' => expected.push_str("\\;"),
                    ',' => expected.push_str("\\,"),
                    '\n' => expected.push_str("\\n"),
                    c => expected.push(c),
                }
            }
            let mut out = String::from("DESCRIPTION:");
            escape_text_into(&mut out, &value);
            proptest::prop_assert_eq!(out, format!("DESCRIPTION:{expected}"));
        }
    }

    /// Folding as RFC 5545 says it, character by character (a backslash with the character it
    /// escapes as one): what [`fold_into`] must give.
    fn folded_char_by_char(line: &str) -> String {
        let mut out = String::new();
        let mut piece = 0;
        if line.len() > LINE_OCTETS {
            let mut used = 0;
            let mut chars = line.char_indices();
            while let Some((start, c)) = chars.next() {
                let mut end = start + c.len_utf8();
                if c == '\\'
                    && let Some((at, next)) = chars.next()
                {
                    end = at + next.len_utf8();
                }
                if used + (end - start) > LINE_OCTETS {
                    out.push_str(&line[piece..start]);
                    out.push_str("\r\n ");
                    piece = start;
                    used = 1;
                }
                used += end - start;
            }
        }
        out.push_str(&line[piece..]);
        out.push_str("\r\n");
        out
    }

    proptest::proptest! {
        /// Folding by jumps gives what folding character by character gives, for any line
        /// (runs of backslashes, characters of every width, lines just over and far over 75).
        #[test]
        fn folding_by_jumps_is_folding_char_by_char(
            line in "[a\\\\é€🚲]{0,200}"
        ) {
            let mut out = String::new();
            fold_into(&mut out, &line);
            proptest::prop_assert_eq!(out, folded_char_by_char(&line));
        }
    }

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é🚲a".repeat(40));
        fold_into(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= LINE_OCTETS, "{physical:?}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);

        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "ab\\n".repeat(30));
        fold_into(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= LINE_OCTETS, "{physical:?}");
            assert!(!physical.ends_with('\\'), "{physical:?}");
        }
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }
}
