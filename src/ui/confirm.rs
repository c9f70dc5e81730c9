//! A yes/no question over the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{centered, clean, theme};
use crate::app::Confirm;

pub fn render(confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(64);
    let mut text = vec![
        Line::styled(clean(&confirm.question), theme::title(true)),
        Line::raw(""),
    ];
    if let Some(detail) = &confirm.detail {
        text.push(Line::raw(clean(detail)));
        text.push(Line::raw(""));
    }
    text.push(Line::from(vec![
        Span::styled("y", theme::label()),
        Span::raw(" yes    "),
        Span::styled("n", theme::label()),
        Span::raw(" no"),
    ]));
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let height: usize = text
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum::<usize>()
        + 2;
    let popup = centered(area, width, height as u16);
    super::clear_popup(frame, popup);
    let block = Block::bordered().border_style(theme::error());
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
        popup,
    );
}
