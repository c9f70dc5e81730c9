//! The problems of a workspace file that breaks the rules: what is wrong where, one a line, the
//! selected one in full, and the command that repairs what can be repaired safely.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{clean, fit, hints, pad, theme, window, wrap};
use crate::app::{Action, App, Context};
use crate::model::rules::Problem;

pub fn render(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let problems = &app.problems.list;
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(
                " Problems of {} · {}{} ",
                clean(&app.file_name),
                problems.len(),
                // A file with problems opens read-only; a valid one's list (empty) is no reason
                // to say so.
                if app.read_only().is_some() {
                    " · read-only"
                } else {
                    ""
                }
            ),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            hints(
                app,
                Context::Problems,
                &[
                    (&[Action::Up, Action::Down], "select"),
                    (&[Action::Close], "look at the workspace"),
                ],
                super::bar_room(area.width),
            ),
            theme::dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width).saturating_sub(2);
    let about = if problems.is_empty() {
        "The file breaks no rules.".to_string()
    } else {
        format!(
            "The file breaks {} rule{} of a workspace, so it is open read-only: nothing is saved. In a shell, `{}` says what can be fixed safely, and `{}` fixes it, keeping the file as it was in {}.bak. Nothing is repaired unless you run it.",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            app.problems.repair_command(true),
            app.problems.repair_command(false),
            clean(&app.file_name),
        )
    };
    let about = wrap(&about, width, 6);
    let full = problems
        .get(selected)
        .map(|p| wrap(&p.to_string(), width, 4))
        .unwrap_or_default();
    let [intro, list, detail] = Split::vertical([
        Constraint::Length(about.len() as u16 + 1),
        Constraint::Fill(1),
        Constraint::Length(full.len() as u16 + 1),
    ])
    .areas(inner);
    let lines: Vec<Line> = about
        .into_iter()
        .map(|l| Line::raw(format!(" {l}")))
        .collect();
    frame.render_widget(Paragraph::new(lines), intro);
    rows(problems, selected, frame, list);
    let mut lines = vec![Line::styled(
        "─".repeat(usize::from(inner.width)),
        theme::dim(),
    )];
    lines.extend(full.into_iter().map(|l| Line::raw(format!(" {l}"))));
    frame.render_widget(Paragraph::new(lines), detail);
}

/// One problem a line under a header: the entry (with its name), the field, what is wrong.
fn rows(problems: &[Problem], selected: usize, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width).saturating_sub(1);
    let entry_width = (width * 2 / 5).max(12);
    let field_width = (width / 5).max(8);
    let message_width = width.saturating_sub(entry_width + field_width);
    let row = |entry: &str, field: &str, message: &str| {
        format!(
            "{} {} {}",
            pad(entry, entry_width - 1),
            pad(field, field_width - 1),
            fit(message, message_width)
        )
    };
    let mut lines = vec![Line::styled(
        format!(" {}", row("ENTRY", "FIELD", "WHAT IS WRONG")),
        theme::label().add_modifier(Modifier::BOLD),
    )];
    let capacity = usize::from(area.height).saturating_sub(1);
    let first = window(0, selected, capacity, problems.len());
    for (at, problem) in problems.iter().enumerate().skip(first).take(capacity) {
        let entry = if problem.label.is_empty() {
            problem.entry.clone()
        } else {
            format!("{} {}", problem.entry, problem.label)
        };
        let text = row(
            &clean(&entry),
            &clean(&problem.field),
            &clean(&problem.message),
        );
        lines.push(if at == selected {
            Line::styled(format!("▶{text}"), theme::selected(true))
        } else {
            Line::raw(format!(" {text}"))
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}
