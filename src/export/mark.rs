//! The mark an export carries, so that journeymap can tell its own earlier export, which a new
//! export may replace, from a file of the same name that someone else wrote or edited, which it
//! never replaces.
//!
//! The mark is one line in the format's own comment syntax, holding a fingerprint of the rest of
//! the document: `<!-- journeymap export 1f0c… -->` first in Markdown, second in HTML (after the
//! doctype, so browsers stay in standards mode), `// journeymap export 1f0c…` first in Graphviz,
//! and an `X-JOURNEYMAP-EXPORT` property after `PRODID` in iCalendar (RFC 5545 lets a calendar
//! carry such properties; readers ignore them). A file is journeymap's own only while its mark
//! matches its content: a report someone added notes to is theirs.
//!
//! CSV and a bare Mermaid diagram (`--journey`) have no place for a mark that every reader
//! ignores — a spreadsheet would show a comment row, `import` would read it, and Mermaid reads
//! only a diagram — so they carry none, and only a file with exactly the new export's bytes
//! counts as journeymap's own.

use super::Format;

/// Where the mark goes in a format, and how its line is spelt.
struct Syntax {
    /// The line the mark is (0 is the first line).
    line: usize,
    before: &'static str,
    after: &'static str,
    /// The line end the format uses.
    end: &'static str,
}

fn syntax(format: Format, one_journey: bool) -> Option<Syntax> {
    let comment = |line, before, after| {
        Some(Syntax {
            line,
            before,
            after,
            end: "\n",
        })
    };
    match format {
        Format::Markdown => comment(0, "<!-- journeymap export ", " -->"),
        Format::Mermaid if !one_journey => comment(0, "<!-- journeymap export ", " -->"),
        Format::Html => comment(1, "<!-- journeymap export ", " -->"),
        Format::Dot => comment(0, "// journeymap export ", ""),
        Format::Ics => Some(Syntax {
            line: 3,
            before: "X-JOURNEYMAP-EXPORT:",
            after: "",
            end: "\r\n",
        }),
        Format::Csv | Format::Mermaid => None,
    }
}

/// Where a document's mark goes and how it is spelt, found before the mark itself: the mark
/// sums every other byte of the document, which for a large export takes a while, so the rest
/// of the file can be written around its place meanwhile (see [`Document`](super::Document)).
pub struct Place {
    /// The mark's first byte in the stamped document: the start of its line in the unstamped one.
    pub at: usize,
    syntax: Syntax,
}

impl Place {
    /// Where the mark of a format goes in the document made of `pieces` (the document without
    /// its mark); `None` for a format that cannot carry one.
    pub fn find(format: Format, one_journey: bool, pieces: &[Vec<u8>]) -> Option<Place> {
        let syntax = syntax(format, one_journey)?;
        let length = pieces.iter().map(Vec::len).sum();
        let at = line_start(pieces.iter().flatten().copied(), length, syntax.line);
        Some(Place {
            at: at.unwrap_or(length),
            syntax,
        })
    }

    /// How many bytes the mark takes (the fingerprint is always 16 hexadecimal digits).
    pub fn length(&self) -> usize {
        self.syntax.before.len() + 16 + self.syntax.after.len() + self.syntax.end.len()
    }

    /// The mark of the document made of `pieces` (the document without its mark, in order):
    /// reads every byte of it.
    pub fn mark(&self, pieces: &[Vec<u8>]) -> Vec<u8> {
        let fingerprint = pieces
            .iter()
            .fold(FNV_OFFSET, |hash, piece| fnv(hash, piece));
        let Syntax {
            before, after, end, ..
        } = self.syntax;
        format!("{before}{fingerprint:016x}{after}{end}").into_bytes()
    }
}

/// Whether `existing` is an export journeymap wrote in this format and nobody changed since, or
/// exactly the bytes about to be written: then replacing it loses nothing.
pub fn may_replace(format: Format, one_journey: bool, existing: &[u8], new: &[u8]) -> bool {
    existing == new || syntax(format, one_journey).is_some_and(|s| carries_own_mark(&s, existing))
}

fn carries_own_mark(syntax: &Syntax, bytes: &[u8]) -> bool {
    let Some(start) = line_start(bytes.iter().copied(), bytes.len(), syntax.line) else {
        return false;
    };
    let Some(length) = bytes[start..].iter().position(|&b| b == b'\n') else {
        return false;
    };
    let end = start + length + 1;
    let Ok(line) = std::str::from_utf8(&bytes[start..end]) else {
        return false;
    };
    let Some(value) = line
        .strip_suffix(syntax.end)
        .and_then(|line| line.strip_prefix(syntax.before))
        .and_then(|line| line.strip_suffix(syntax.after))
    else {
        return false;
    };
    let Ok(recorded) = u64::from_str_radix(value, 16) else {
        return false;
    };
    let rest = [&bytes[..start], &bytes[end..]].concat();
    value.len() == 16 && recorded == fingerprint(&rest)
}

/// Where line `n` starts (0 is the first line) among the `length` bytes of `bytes`; `None`
/// when there are fewer lines.
fn line_start(bytes: impl Iterator<Item = u8>, length: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    bytes
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .nth(n - 1)
        .map(|(at, _)| at + 1)
        .filter(|at| *at < length)
}

/// FNV-1a, 64 bits: it only has to notice an edit, not resist a forger, and it must give the
/// same value in every build (std's hasher does not promise that).
fn fingerprint(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes)
}

/// FNV-1a's state before any byte.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a's state `hash` carried on over `bytes`: a document in pieces is summed piece after
/// piece. (Each byte's step needs the state the one before left, so the sum cannot be split
/// between threads: it is taken while the file is written instead.)
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::render;
    use crate::model::{Date, Workspace};

    fn sample() -> Workspace {
        crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap()
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 23).unwrap()
    }

    /// The document with its mark put in as the plain definition says: the mark's line made
    /// from the fingerprint of the whole unstamped document, put in at the start of its line.
    fn stamped_whole(format: Format, document: &[u8]) -> Vec<u8> {
        let Some(syntax) = syntax(format, false) else {
            return document.to_vec();
        };
        let mark = format!(
            "{}{:016x}{}{}",
            syntax.before,
            fingerprint(document),
            syntax.after,
            syntax.end
        );
        let at = line_start(document.iter().copied(), document.len(), syntax.line)
            .unwrap_or(document.len());
        [&document[..at], mark.as_bytes(), &document[at..]].concat()
    }

    proptest::proptest! {
        /// A document made in pieces, cut anywhere (before, in and after the mark's line, into
        /// empty pieces, a document with fewer lines than the mark's), is stamped as the whole
        /// document is; and a file written in its parts with a blank where the mark goes, the
        /// mark then written over the blank, holds the same bytes.
        #[test]
        fn a_document_in_pieces_is_stamped_as_the_whole_is(
            text in "[ab\n\r]{0,40}",
            cuts in proptest::collection::vec(0usize..=40, 0..4),
        ) {
            let bytes = text.as_bytes();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut start = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                pieces.push(bytes[start..cut].to_vec());
                start = cut;
            }
            for format in Format::ALL {
                let expected = stamped_whole(format, bytes);
                let document = super::super::Document::new(format, false, pieces.clone());
                let (at, length) = document.mark_place().unwrap_or((0, 0));
                let mut written = document.parts(&vec![b'?'; length]).concat();
                written.splice(at..at + length, document.mark());
                proptest::prop_assert_eq!(&written, &expected, "{:?}", format);
                proptest::prop_assert_eq!(document.into_bytes(), expected, "{:?}", format);
            }
        }
    }

    #[test]
    fn an_unchanged_export_may_be_replaced_and_an_edited_one_not() {
        let ws = sample();
        for format in Format::ALL {
            let old = render(&ws, format, None, today());
            // A journey's name is in every format.
            let mut renamed = ws.contents().clone();
            let mut journeys: Vec<_> = renamed.journeys.iter().cloned().collect();
            journeys[0].name = "Renamed".into();
            renamed.journeys = crate::model::Table::from_rows(journeys);
            let new = render(&Workspace::from_contents(renamed), format, None, today());
            assert_ne!(old, new);
            let marked = syntax(format, false).is_some();
            assert_eq!(may_replace(format, false, &old, &new), marked, "{format:?}");
            assert!(may_replace(format, false, &new, &new), "{format:?}");

            let mut edited = old.clone();
            edited.extend_from_slice(b"My own notes\n");
            assert!(!may_replace(format, false, &edited, &new), "{format:?}");
        }
    }

    #[test]
    fn a_users_file_is_never_replaced() {
        let new = render(&sample(), Format::Markdown, None, today());
        assert!(!may_replace(Format::Markdown, false, b"", &new));
        assert!(!may_replace(
            Format::Markdown,
            false,
            b"# Plan\n\nMy notes\n",
            &new
        ));
        // A mark copied into another document does not make it an export.
        let mark_line: Vec<u8> = new.split(|b| *b == b'\n').next().unwrap().to_vec();
        let copied = [mark_line.as_slice(), b"\n# Plan\n"].concat();
        assert!(!may_replace(Format::Markdown, false, &copied, &new));
        assert!(!may_replace(
            Format::Markdown,
            false,
            b"<!-- journeymap export zz -->\n",
            &new
        ));
    }

    #[test]
    fn the_mark_sits_where_each_format_allows_a_comment() {
        let ws = sample();
        let text = |format| String::from_utf8(render(&ws, format, None, today())).unwrap();
        assert!(text(Format::Markdown).starts_with("<!-- journeymap export "));
        assert!(text(Format::Mermaid).starts_with("<!-- journeymap export "));
        assert!(text(Format::Dot).starts_with("// journeymap export "));
        let html = text(Format::Html);
        assert!(html.starts_with("<!DOCTYPE html>\n<!-- journeymap export "));
        let ics = text(Format::Ics);
        assert_eq!(ics.lines().nth(3).unwrap().len(), 20 + 16);
        assert!(ics.lines().nth(2).unwrap().starts_with("PRODID:"));
        assert!(
            ics.lines()
                .nth(3)
                .unwrap()
                .starts_with("X-JOURNEYMAP-EXPORT:")
        );
        assert!(text(Format::Csv).starts_with("id,title,"));
        let journey = ws.journeys().iter().next().unwrap().id;
        let bare = render(&ws, Format::Mermaid, Some(journey), today());
        assert!(bare.starts_with(b"journey\n"));
    }
}
