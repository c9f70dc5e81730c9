//! The workspace's own fields: one a line (name, the kind of entry it is on, one line or long,
//! how many values it holds, whether the board shows it), in their order, then the built-in step
//! lanes, hidden or shown; and the keys that act on the selected row.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::board::NOT_ON_THE_COMPACT_CARD;
use super::parts::{frame_block, table};
use super::{clean, fit, pad, theme, wrap};
use crate::app::views::FieldsState;
use crate::app::{Action, App, Context};

/// How wide the name column is at most: the rest have fixed widths.
const NAME: usize = 30;
const ON: usize = 13;
const TEXT: usize = 9;
/// "hidden", "shown" or "zoomed", under the heading BOARD.
const BOARD: usize = 6;

pub fn render(app: &App, state: &FieldsState, frame: &mut Frame, area: Rect) {
    let rows = &state.rows;
    let keys = super::hints(
        app,
        Context::Fields,
        &hints(state),
        super::bar_room(area.width),
    );
    let hidden = state.lanes.iter().filter(|lane| lane.hidden).count();
    let title = match hidden {
        0 => format!(" Fields · {} ", rows.len()),
        1 => format!(" Fields · {} · 1 lane hidden ", rows.len()),
        _ => format!(" Fields · {} · {hidden} lanes hidden ", rows.len()),
    };
    let block = frame_block(title, format!(" {keys} "));
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    if rows.is_empty() {
        let what =
            "a lane on the steps' cards, a field of personas, journeys, items or content types";
        let text = match app.keymap.key_for(Context::Fields, Action::Add) {
            Some(key) => format!("No fields of your own yet: {key} adds one ({what})."),
            None => format!("No fields of your own yet: one is {what}."),
        };
        let lines: Vec<Line> = wrap(&text, usize::from(inner.width).saturating_sub(2), 4)
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme::dim()))
            .collect();
        let [words, rest] = Layout::vertical([
            Constraint::Length(lines.len() as u16 + 1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(lines), words);
        inner = rest;
    }
    let width = usize::from(inner.width);
    let name = width.saturating_sub(ON + TEXT + BOARD + 20).clamp(8, NAME);
    let header = format!(
        " {}  {}  {}  VALUES  BOARD",
        pad("NAME", name),
        pad("ON", ON),
        pad("TEXT", TEXT)
    );
    let line = |name_text: &str, on: &str, text: &str, values: usize, board: &str| {
        fit(
            &format!(
                "{}  {}  {}  {values:>6}  {board}",
                pad(name_text, name),
                pad(on, ON),
                pad(text, TEXT),
            ),
            width.saturating_sub(1),
        )
    };
    table(frame, inner, &header, state.len(), state.selected, |at| {
        if let Some(lane) = state.lane(at) {
            // A lane the compact card leaves out shows on the board only when it is zoomed.
            let board = match lane.hidden {
                true => "hidden",
                false if NOT_ON_THE_COMPACT_CARD.contains(&lane.lane) => "zoomed",
                false => "shown",
            };
            let text = line(
                &lane.label,
                on_words("step"),
                "built-in",
                lane.values,
                board,
            );
            return if lane.hidden {
                Line::styled(text, theme::dim())
            } else {
                Line::raw(text)
            };
        }
        let Some(row) = rows.get(at) else {
            return Line::raw("");
        };
        Line::raw(line(
            &clean(&row.name),
            &clean(on_words(&row.on)),
            if row.long { "long" } else { "one line" },
            row.values,
            // The board's cards show a step field wherever a step has a value of it.
            if row.on == "step" { "shown" } else { "" },
        ))
    });
}

/// The keys of the selected row: a lane is hidden or shown, a field renamed, moved or deleted.
fn hints(state: &FieldsState) -> Vec<(&'static [Action], &'static str)> {
    match state.lane(state.selected) {
        Some(lane) => vec![
            (
                &[Action::ToggleLane],
                if lane.hidden {
                    "show the lane"
                } else {
                    "hide the lane"
                },
            ),
            (&[Action::Add], "add a field"),
            (&[Action::Close], "back"),
        ],
        None => vec![
            (&[Action::Add], "add"),
            (&[Action::Edit], "rename"),
            (&[Action::MoveBack, Action::MoveForward], "move"),
            (&[Action::Delete], "delete"),
            (&[Action::Close], "back"),
        ],
    }
}

/// The kind of entry a field is on, in the words of the screen; a kind this version does not
/// know as the file spells it.
fn on_words(on: &str) -> &str {
    match on {
        "persona" => "personas",
        "step" => "steps",
        "item" => "items",
        "journey" => "journeys",
        "content_type" => "content types",
        other => other,
    }
}
