//! The open comments of the workspace: one a line (entry, author, day, text), the selected one
//! in full below, and the keys that go to its entry, resolve it or delete it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::parts::{frame_block, table};
use super::{clean, fit, pad, theme, wrap};
use crate::app::views::CommentsState;
use crate::app::{Action, App, Context};

/// How wide the entry column is at most, and the author's: the text gets the rest.
const ENTRY: usize = 36;
const AUTHOR: usize = 10;

pub fn render(app: &App, state: &CommentsState, frame: &mut Frame, area: Rect) {
    let rows = &state.rows;
    let keys = super::hints(
        app,
        Context::Comments,
        &[
            (&[Action::Jump], "go to"),
            (&[Action::Resolve], "resolve"),
            (&[Action::Delete], "delete"),
            (&[Action::Close], "back"),
        ],
        super::bar_room(area.width),
    );
    let block = frame_block(
        format!(" Open comments · {} ", rows.len()),
        format!(" {keys} "),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let full = rows
        .get(state.selected)
        .map(|row| {
            let about = format!(
                "{} {} · {} · {}: {}",
                row.noun,
                clean(&row.entry),
                clean(&row.comment.author),
                clean(row.comment.day()),
                clean(&row.comment.text)
            );
            wrap(&about, width.saturating_sub(2), 4)
        })
        .unwrap_or_default();
    let [list, detail] = Split::vertical([
        Constraint::Fill(1),
        Constraint::Length(full.len() as u16 + 1),
    ])
    .areas(inner);
    // Columns of a width set by the screen's, not by the rows: drawing reads only the rows shown.
    let entry = (width * 3 / 10).clamp(12, ENTRY);
    let author = AUTHOR;
    let header = format!(
        " {}  {}  {:<10}  COMMENT",
        pad("ENTRY", entry),
        pad("AUTHOR", author),
        "DATE"
    );
    table(frame, list, &header, rows.len(), state.selected, |at| {
        let Some(row) = rows.get(at) else {
            return Line::raw("");
        };
        Line::raw(fit(
            &format!(
                "{}  {}  {:<10}  {}",
                pad(&clean(&row.entry), entry),
                pad(&clean(&row.comment.author), author),
                fit(&clean(row.comment.day()), 10),
                clean(&row.comment.text)
            ),
            width.saturating_sub(1),
        ))
    });
    let mut lines = vec![Line::styled("─".repeat(width), theme::dim())];
    lines.extend(full.into_iter().map(|l| Line::raw(format!("  {l}"))));
    frame.render_widget(Paragraph::new(lines), detail);
}
