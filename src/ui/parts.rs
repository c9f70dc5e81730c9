//! Pieces the full-screen views are drawn from: their frame, a table's visible rows and the
//! chips of the filters that are on. Below the views, so that a view's own file and the list of
//! views can both use them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{clean, pad, theme, window};

/// A view's frame: its title above, its hints below.
pub(super) fn frame_block(title: String, hints: String) -> Block<'static> {
    Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(title, theme::title(true)))
        .title_bottom(Line::styled(hints, theme::dim()))
}

/// Rows of a table: a header, then the visible window of `len` rows made by `row`.
pub(super) fn table(
    frame: &mut Frame,
    inner: Rect,
    header: &str,
    len: usize,
    selected: usize,
    row: impl Fn(usize) -> Line<'static>,
) {
    let capacity = usize::from(inner.height).saturating_sub(1);
    let first = window(0, selected, capacity, len);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::styled(
        pad(header, width),
        theme::label().add_modifier(Modifier::BOLD),
    )];
    for at in first..len.min(first + capacity) {
        let mut line = row(at);
        if at == selected {
            line = line.patch_style(theme::selected(true));
            line.spans
                .insert(0, Span::styled("▶", theme::selected(true)));
        } else {
            line.spans.insert(0, Span::raw(" "));
        }
        lines.push(line);
    }
    if len == 0 {
        lines.push(Line::styled(" (nothing here)", theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// ` filters: [status: to create] [owner: Lena] `: the filters that are on, as chips (the
/// inventory's and the calendar's filter lines).
pub(super) fn chip_spans(chips: Vec<String>) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(" filters: ", theme::label())];
    for chip in chips {
        spans.push(Span::styled(
            format!("[{}]", clean(&chip)),
            Style::new().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(" "));
    }
    spans
}
