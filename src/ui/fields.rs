//! The workspace's own fields: one a line (name, the kind of entry it is on, one line or long,
//! how many values it holds), in their order, and the keys that add, rename, move and delete.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::parts::{frame_block, table};
use super::{clean, fit, pad, theme, wrap};
use crate::app::views::FieldsState;
use crate::app::{Action, App, Context};

/// How wide the name column is at most: the rest have fixed widths.
const NAME: usize = 30;
const ON: usize = 13;
const TEXT: usize = 9;

pub fn render(app: &App, state: &FieldsState, frame: &mut Frame, area: Rect) {
    let rows = &state.rows;
    let keys = super::hints(
        app,
        Context::Fields,
        &[
            (&[Action::Add], "add"),
            (&[Action::Edit], "rename"),
            (&[Action::MoveBack, Action::MoveForward], "move"),
            (&[Action::Delete], "delete"),
            (&[Action::Close], "back"),
        ],
        super::bar_room(area.width),
    );
    let block = frame_block(format!(" Fields · {} ", rows.len()), format!(" {keys} "));
    let inner = block.inner(area);
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
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let width = usize::from(inner.width);
    let name = width.saturating_sub(ON + TEXT + 12).clamp(8, NAME);
    let header = format!(
        " {}  {}  {}  VALUES",
        pad("NAME", name),
        pad("ON", ON),
        pad("TEXT", TEXT)
    );
    table(frame, inner, &header, rows.len(), state.selected, |at| {
        let Some(row) = rows.get(at) else {
            return Line::raw("");
        };
        Line::raw(fit(
            &format!(
                "{}  {}  {}  {:>6}",
                pad(&clean(&row.name), name),
                pad(&clean(on_words(&row.on)), ON),
                pad(if row.long { "long" } else { "one line" }, TEXT),
                row.values
            ),
            width.saturating_sub(1),
        ))
    });
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
