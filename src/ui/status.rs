//! The status line: whether everything is saved, how many gaps, what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::app::{Action, App, Context, SaveState};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    // The keys of where the keyboard is: over a view or a form, `q` closes rather than quits
    // and help may be on another key, so the line says what is true there.
    let here = app.context();
    let right: String = [(Action::Help, "help"), (Action::Quit, "quit")]
        .iter()
        .filter_map(|(action, words)| app.keymap.hint(here, *action, words))
        .map(|hint| hint + "  ")
        .collect::<String>()
        .trim_end()
        .to_string()
        + " ";
    let right = right.as_str();
    // The save state comes first and never goes: long reasons are cut to their first clause
    // when the line is short, then the rest of the line gives way from the right.
    let (state, short, style) = match &app.save_state {
        SaveState::Saved => ("saved".to_string(), None, theme::available()),
        SaveState::Pending => ("saving…".to_string(), None, theme::in_progress()),
        SaveState::Failed(reason) => (
            format!("SAVE FAILED: {reason} (edits kept; retrying)"),
            Some(format!("SAVE FAILED: {}", first_clause(reason))),
            theme::error(),
        ),
        SaveState::ReadOnly(reason) => (
            format!("READ-ONLY: {reason}"),
            Some(format!("READ-ONLY: {}", first_clause(reason))),
            theme::error(),
        ),
    };
    let gaps = app.ws.gap_count();
    // Overdue items are due too: while there are any, they are the figure that matters.
    let due = match app.ws.overdue_count(app.today) {
        0 => format!("{} due this month", app.ws.due_in_month(app.today)),
        overdue => format!("{overdue} overdue"),
    };
    let mut rest = vec![Span::raw(format!(
        " · {gaps} gap{} · {due}",
        if gaps == 1 { "" } else { "s" }
    ))];
    let conflicts = app.ws.conflicts().len();
    if conflicts > 0 {
        let settle = app
            .keymap
            .key_for(Context::Personas, Action::Show(crate::app::View::Conflicts))
            .map(|key| format!(" ({key} settles)"))
            .unwrap_or_default();
        rest.push(Span::styled(
            format!(" · {conflicts} CONFLICTS{settle}"),
            theme::error(),
        ));
    }
    if let Some(notice) = &app.notice {
        rest.push(Span::styled(
            format!(" · {}", crate::ui::clean(notice)),
            Style::new().add_modifier(Modifier::ITALIC),
        ));
    }
    let rest_width: usize = rest.iter().map(|s| s.content.width()).sum();
    let room = width.saturating_sub(right.width());
    let state = if 1 + state.width() + rest_width > room {
        short.unwrap_or(state)
    } else {
        state
    };
    let state = format!(
        " {}",
        fit(&crate::ui::clean(&state), room.saturating_sub(1))
    );
    let mut used = state.width();
    let mut spans = vec![Span::styled(state, style.add_modifier(Modifier::BOLD))];
    for span in rest {
        let fitted = fit(&span.content, room.saturating_sub(used));
        used += fitted.width();
        spans.push(Span::styled(fitted, span.style));
    }
    if used + right.width() <= width {
        spans.push(Span::raw(" ".repeat(width - used - right.width())));
        spans.push(Span::styled(right, theme::dim()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::new().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// `being edited by ann@host, pid 7, since 2026-11-23 09:12 UTC` →
/// `being edited by ann@host since 09:12 UTC`: who and since when, without the pid.
fn first_clause(reason: &str) -> String {
    let who = reason.split(',').next().unwrap_or(reason);
    match reason.split_once(", since ") {
        Some((_, since)) => {
            let time = since.split_once(' ').map_or(since, |(_, time)| time);
            format!("{who} since {time}")
        }
        None => who.to_string(),
    }
}
