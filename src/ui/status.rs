//! The status line: whether everything is saved, how many gaps, what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::app::{App, SaveState};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let (state, style) = match &app.save_state {
        SaveState::Saved => ("saved".to_string(), theme::available()),
        SaveState::Pending => ("saving…".to_string(), theme::in_progress()),
        SaveState::Failed(reason) => (
            format!("SAVE FAILED: {reason} (edits kept; retrying)"),
            theme::error(),
        ),
        SaveState::ReadOnly(reason) => (format!("READ-ONLY: {reason}"), theme::error()),
    };
    let gaps = app.ws.gap_count();
    let month_end = app
        .today
        .first_of_month()
        .add_months(1)
        .and_then(|d| d.add_days(-1));
    let due = month_end.map_or(0, |end| app.ws.pending_between(app.today, end));
    let mut left = vec![
        Span::styled(
            format!(" {}", crate::ui::clean(&state)),
            style.add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            " · {gaps} gap{} · {due} due this month",
            if gaps == 1 { "" } else { "s" }
        )),
    ];
    if let Some(notice) = &app.notice {
        left.push(Span::styled(
            format!(" · {}", crate::ui::clean(notice)),
            Style::new().add_modifier(Modifier::ITALIC),
        ));
    }
    let right = "? help  q quit ";
    let width = usize::from(area.width);
    let left_text: String = left.iter().map(|s| s.content.as_ref()).collect();
    let room = width.saturating_sub(right.width() + 1);
    let line = if left_text.width() <= room {
        let gap = width - left_text.width() - right.width();
        left.push(Span::raw(" ".repeat(gap)));
        left.push(Span::styled(right, theme::dim()));
        Line::from(left)
    } else {
        Line::from(vec![Span::styled(fit(&left_text, width), style)])
    };
    frame.render_widget(
        Paragraph::new(line).style(Style::new().add_modifier(Modifier::REVERSED)),
        area,
    );
}
