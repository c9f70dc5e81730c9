//! The open comments of the workspace: one a line (entry, author, day, text), the selected one
//! in full below, and the keys that go to its entry, resolve it or delete it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::parts::{frame_block, table};
use super::widths::{Spare, share_above, visible, widest};
use super::{clean, fit, pad, theme, wrap};
use crate::app::views::CommentsState;
use crate::app::{Action, App, Context};

/// The least the entry, author and comment columns get before the rest is shared by need.
const FLOORS: [usize; 3] = [12, 6, 12];
/// A date's width (`2026-11-29`).
const DATE: usize = 10;
/// The marker before a row and the two spaces after each of the first three columns.
const GUTTERS: usize = 1 + 3 * 2;

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
    // Columns as wide as the rows on screen need (only those are read), the comment last.
    let shown = &rows[visible(
        0,
        state.selected,
        usize::from(list.height).saturating_sub(1),
        rows.len(),
    )];
    let entries: Vec<String> = shown.iter().map(|row| clean(&row.entry)).collect();
    let authors: Vec<String> = shown.iter().map(|row| clean(&row.comment.author)).collect();
    let needs = [
        widest(entries.iter().map(String::as_str).chain(["ENTRY"])),
        widest(authors.iter().map(String::as_str).chain(["AUTHOR"])),
        widest(shown.iter().map(|row| row.comment.text.as_str())),
    ];
    let room = width.saturating_sub(DATE + GUTTERS);
    let widths = share_above(room, &FLOORS, &needs, Spare::To(2));
    let (entry, author) = (widths[0], widths[1]);
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
