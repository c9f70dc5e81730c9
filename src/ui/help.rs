//! The help overlay: every key of the current context, read from the keymap itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{centered, fit, pad, theme};
use crate::app::keymap::Keymap;
use crate::app::{Action, Context};

/// Over the screen of the editor or of a presentation, each with its own keymap.
pub fn render(keymap: &Keymap, context: Context, frame: &mut Frame, area: Rect) {
    let entries = keymap.help(context);
    let key_width = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(18);
    let entry_width = key_width
        + 2
        + entries
            .iter()
            .map(|(_, h)| h.chars().count())
            .max()
            .unwrap_or(0);
    let rows_fit = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = entries.len().div_ceil(rows_fit).max(1);
    let rows = entries.len().div_ceil(columns);
    let width = ((entry_width + 3) * columns + 2) as u16;
    let popup = centered(area, width, rows as u16 + 2);
    super::clear_popup(frame, popup);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(" Keys · {} ", context.title()),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            match keymap.keys_for(Context::Help, Action::Close)[..] {
                [] => String::new(),
                [ref one] => format!(" {one} closes "),
                [ref one, ref two, ..] => format!(" {one} or {two} closes "),
            },
            theme::dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let column_width = usize::from(inner.width) / columns;
    let mut lines = Vec::new();
    for row in 0..rows {
        let mut spans = Vec::new();
        for column in 0..columns {
            if let Some((keys, help)) = entries.get(column * rows + row) {
                spans.push(Span::styled(pad(keys, key_width), theme::label()));
                spans.push(Span::raw(pad(
                    &format!(
                        "  {}",
                        fit(help, column_width.saturating_sub(key_width + 3))
                    ),
                    column_width.saturating_sub(key_width),
                )));
            }
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
