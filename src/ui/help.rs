//! The help overlay: every key of the current context, read from the keymap itself.
//!
//! Every line is read whole: a description wider than its column wraps under itself, the
//! fewest columns that hold every key on one screen are used, and when not even as many
//! columns as the width holds are enough, the keys go on in pages (the bottom border says
//! there is more, and which keys turn the page).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, pad, theme, wrap};
use crate::app::keymap::Keymap;
use crate::app::{Action, Context, Help};

/// The room between two columns of keys.
const GAP: usize = 3;
/// The room between an entry's keys and its words.
const SPACE: usize = 2;
/// The narrowest a column's words get: below it, the help takes fewer columns (and pages).
const NARROWEST_TEXT: usize = 16;
/// The widest the keys of a column get; more keys than that wrap.
const WIDEST_KEYS: usize = 14;

/// One line of a column: an entry's keys on its first line, and a line of its words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Row {
    keys: String,
    text: String,
}

/// The help laid out in an area: pages of columns of rows, every row as wide as its column.
#[derive(Debug)]
struct Pages {
    pages: Vec<Vec<Vec<Row>>>,
    key_width: usize,
    text_width: usize,
    /// The rows of the tallest column.
    height: usize,
}

impl Pages {
    /// As many columns as the first page has: the popup is that wide on every page.
    fn columns(&self) -> usize {
        self.pages.first().map_or(1, Vec::len).max(1)
    }

    fn width(&self) -> usize {
        let columns = self.columns();
        columns * (self.key_width + SPACE + self.text_width) + (columns - 1) * GAP
    }
}

/// Lays the help's entries out in `width` × `height`: the fewest columns that hold every entry
/// on one page, each column as tall as the others; else as many columns as the width holds,
/// page after page. An entry's keys and words wrap within their column, so none is cut.
fn lay_out(entries: &[(String, String)], width: usize, height: usize) -> Pages {
    let height = height.max(1);
    let key_width = (entries.iter().map(|(keys, _)| keys.width()).max())
        .unwrap_or(0)
        .min(WIDEST_KEYS);
    let text_needed = (entries.iter().map(|(_, text)| text.width()).max()).unwrap_or(0);
    let most = ((width + GAP) / (key_width + SPACE + NARROWEST_TEXT + GAP)).max(1);
    let text_width = |columns: usize| {
        let column = width.saturating_sub((columns - 1) * GAP) / columns;
        column
            .saturating_sub(key_width + SPACE)
            .min(text_needed)
            .max(1)
    };
    for columns in 1..=most {
        let text_width = text_width(columns);
        let blocks = blocks(entries, key_width, text_width);
        let total: usize = blocks.iter().map(Vec::len).sum();
        for column_height in total.div_ceil(columns).max(1)..=height {
            let packed = pack(&blocks, column_height);
            if packed.len() <= columns {
                return Pages {
                    pages: vec![packed],
                    key_width,
                    text_width,
                    height: column_height,
                };
            }
        }
    }
    let text_width = text_width(most);
    let packed = pack(&blocks(entries, key_width, text_width), height);
    Pages {
        pages: packed.chunks(most).map(<[_]>::to_vec).collect(),
        key_width,
        text_width,
        height,
    }
}

/// Each entry as the rows it takes: its keys and its words wrapped to their widths, the
/// keys on the first rows.
fn blocks(entries: &[(String, String)], key_width: usize, text_width: usize) -> Vec<Vec<Row>> {
    entries
        .iter()
        .map(|(keys, text)| {
            let keys = wrap(keys, key_width.max(1), usize::MAX);
            let text = wrap(text, text_width, usize::MAX);
            (0..keys.len().max(text.len()).max(1))
                .map(|at| Row {
                    keys: keys.get(at).cloned().unwrap_or_default(),
                    text: text.get(at).cloned().unwrap_or_default(),
                })
                .collect()
        })
        .collect()
}

/// The entries' rows in columns of `height`, an entry kept in one column unless it is taller
/// than a column.
fn pack(blocks: &[Vec<Row>], height: usize) -> Vec<Vec<Row>> {
    let mut columns: Vec<Vec<Row>> = Vec::new();
    for block in blocks {
        let fits = columns
            .last()
            .is_some_and(|column| column.is_empty() || column.len() + block.len() <= height);
        if !fits {
            columns.push(Vec::new());
        }
        for row in block {
            if columns.last().is_none_or(|column| column.len() == height) {
                columns.push(Vec::new());
            }
            if let Some(column) = columns.last_mut() {
                column.push(row.clone());
            }
        }
    }
    columns
}

/// Over the screen of the editor or of a presentation, each with its own keymap. Returns the
/// page drawn: the help's page, kept among the pages there are.
pub fn render(keymap: &Keymap, help: &Help, frame: &mut Frame, area: Rect) -> usize {
    let entries = keymap.help(help.context);
    let room = usize::from(area.width.saturating_sub(2));
    let laid = lay_out(&entries, room, usize::from(area.height.saturating_sub(2)));
    let page = help.page.min(laid.pages.len().saturating_sub(1));
    // Columns that leave less than a gap of the width over take it all, so no sliver of the
    // screen beneath shows beside the border.
    let width = match room.saturating_sub(laid.width()) {
        spare if spare < GAP => room,
        _ => laid.width(),
    };
    let popup = centered(area, width as u16 + 2, laid.height as u16 + 2);
    super::clear_popup(frame, popup);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(" Keys · {} ", help.context.title()),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            bottom(
                keymap,
                page,
                laid.pages.len(),
                usize::from(popup.width.saturating_sub(2)),
            ),
            theme::dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let columns = laid.pages.get(page).map_or(&[][..], Vec::as_slice);
    let lines: Vec<Line> = (0..laid.height)
        .map(|at| {
            let mut spans = Vec::new();
            for (number, column) in columns.iter().enumerate() {
                let row = column.get(at).cloned().unwrap_or_default();
                if number > 0 {
                    spans.push(Span::raw(" ".repeat(GAP)));
                }
                spans.push(Span::styled(pad(&row.keys, laid.key_width), theme::label()));
                spans.push(Span::raw(" ".repeat(SPACE)));
                spans.push(Span::raw(pad(&row.text, laid.text_width)));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    page
}

/// The bottom border, whole in `room` columns: on a page with more after it `↓ more` and the
/// keys that turn the page, the keys that close the help, and which page of how many — the
/// last ones left out first where they do not fit.
fn bottom(keymap: &Keymap, page: usize, pages: usize, room: usize) -> String {
    let keys = |action| keymap.keys_for(Context::Help, action);
    // A key the user unbound is left out, its words with it.
    let turn = |action, words: &str| match keys(action)[..] {
        [] => None,
        ref some => Some(format!("{} {words}", some.join(" "))),
    };
    // Each part with its rank: the lower, the sooner it is given room.
    let mut parts: Vec<(u8, String)> = Vec::new();
    if page + 1 < pages {
        parts.push((0, "↓ more".to_string()));
        parts.extend(turn(Action::PageDown, "next").map(|part| (1, part)));
    }
    if page > 0 {
        parts.extend(turn(Action::PageUp, "back").map(|part| (2, part)));
    }
    if pages > 1 {
        parts.push((4, format!("page {}/{pages}", page + 1)));
    }
    match keys(Action::Close)[..] {
        [] => {}
        [ref one] => parts.push((3, format!("{one} closes"))),
        [ref one, ref two, ..] => parts.push((3, format!("{one} or {two} closes"))),
    }
    let mut kept = vec![false; parts.len()];
    let mut used = 2;
    for rank in 0..=4 {
        for (at, (_, part)) in parts.iter().enumerate().filter(|(_, (r, _))| *r == rank) {
            let width = part.width() + if used > 2 { 3 } else { 0 };
            if used + width <= room {
                kept[at] = true;
                used += width;
            }
        }
    }
    let shown: Vec<&str> = (parts.iter().zip(kept))
        .filter(|(_, kept)| *kept)
        .map(|((_, part), _)| part.as_str())
        .collect();
    format!(" {} ", shown.join(" · "))
}

#[cfg(test)]
mod tests;
