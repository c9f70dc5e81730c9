//! The status line: whether everything is saved, how many gaps, what just happened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::app::{Action, App, Context, SaveState};

/// The status line's rows: one, and while a message too long for that row is fresh (until
/// the next key), one or two more below that show it in full.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
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
        // A change on disk being read will replace what is shown: that comes first.
        SaveState::Saved | SaveState::Pending if app.reloading => {
            ("reloading…".to_string(), None, theme::in_progress())
        }
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
    let mut rest = Vec::new();
    if app.reloading
        && matches!(
            app.save_state,
            SaveState::Failed(_) | SaveState::ReadOnly(_)
        )
    {
        rest.push(Span::styled(" · reloading…", theme::in_progress()));
    }
    if !app.exporting.is_empty() {
        let formats: Vec<&str> = app.exporting.iter().map(|f| f.name()).collect();
        rest.push(Span::styled(
            format!(" · exporting {}…", formats.join(", ")),
            theme::in_progress(),
        ));
    }
    rest.push(Span::raw(format!(
        " · {gaps} gap{} · {due}",
        if gaps == 1 { "" } else { "s" }
    )));
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
    let state = State {
        long: state,
        short,
        style,
        place: format!(" · {}", where_am_i(app)),
    };
    let Some(notice) = app.notice.as_deref().map(crate::ui::clean) else {
        return vec![one_line(&state, rest, right, width)];
    };
    let italic = Style::new().add_modifier(Modifier::ITALIC);
    let said = Span::styled(format!(" · {notice}"), italic);
    let rest_width: usize = rest.iter().map(|s| s.content.width()).sum();
    let shortest_state = 1 + state.short.as_ref().unwrap_or(&state.long).width();
    let needed = shortest_state + rest_width + said.content.width();
    if needed + GAP + right.width() <= width {
        rest.push(said);
        vec![one_line(&state, rest, right, width)]
    } else if needed <= width {
        // The message takes the room of the key hints while it is fresh.
        rest.push(said);
        vec![one_line(&state, rest, "", width)]
    } else {
        let mut lines = vec![one_line(&state, rest, right, width)];
        lines.extend(
            crate::ui::wrap(&notice, width.saturating_sub(2), NOTICE_ROWS)
                .into_iter()
                .map(|line| Line::styled(format!(" {line}"), italic)),
        );
        lines
    }
}

/// The workspace's name, and its file's name when it is not the default workspace's.
fn where_am_i(app: &App) -> String {
    let name = crate::ui::clean(app.ws.name());
    if app.file_name == crate::storage::location::DEFAULT_FILE_NAME {
        name
    } else {
        format!("{name} · {}", crate::ui::clean(&app.file_name))
    }
}

/// Rows a message may take below the status line.
const NOTICE_ROWS: usize = 2;
/// The least room worth giving the workspace's name (` · Spok…`).
const PLACE_MIN: usize = 8;
/// Spaces at least between what the line says and the key hints.
const GAP: usize = 2;

pub fn render(lines: Vec<Line<'static>>, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Paragraph::new(lines).style(Style::new().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// The save state in words, and in fewer words for a short line.
struct State {
    long: String,
    short: Option<String>,
    style: Style,
    /// The workspace (and file) shown: it takes the room the rest of the line leaves.
    place: String,
}

/// The save state, then `rest` as far as it fits, then the key hints (if any) at the right.
fn one_line(state: &State, rest: Vec<Span<'static>>, right: &str, width: usize) -> Line<'static> {
    let rest_width: usize = rest.iter().map(|s| s.content.width()).sum();
    let room = if right.is_empty() {
        width
    } else {
        width.saturating_sub(right.width() + GAP)
    };
    let text = if 1 + state.long.width() + rest_width > room {
        state.short.clone().unwrap_or_else(|| state.long.clone())
    } else {
        state.long.clone()
    };
    let text = format!(" {}", fit(&crate::ui::clean(&text), room.saturating_sub(1)));
    let mut used = text.width();
    let mut spans = vec![Span::styled(text, state.style.add_modifier(Modifier::BOLD))];
    for span in rest {
        let fitted = fit(&span.content, room.saturating_sub(used));
        used += fitted.width();
        spans.push(Span::styled(fitted, span.style));
    }
    // The workspace's name, cut to the room left (the counts and a message come first).
    if room.saturating_sub(used) >= PLACE_MIN {
        let place = fit(&state.place, room - used);
        used += place.width();
        spans.push(Span::styled(
            place,
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    if !right.is_empty() && used + GAP + right.width() <= width {
        spans.push(Span::raw(" ".repeat(width - used - right.width())));
        spans.push(Span::styled(right.to_string(), theme::dim()));
    }
    Line::from(spans)
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
