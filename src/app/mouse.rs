//! The mouse: a click selects what is under it and focuses its pane, the wheel moves the
//! selection (through the same actions as the keys).

use super::action::Action;
use super::panes::column_at;
use super::{App, Overlay, Pane};

impl App {
    /// A click selects what is under it and focuses its pane; the wheel moves the selection.
    pub(super) fn mouse(&mut self, event: ratatui::crossterm::event::MouseEvent) {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        let wheel = match event.kind {
            MouseEventKind::ScrollUp => Some(Action::Up),
            MouseEventKind::ScrollDown => Some(Action::Down),
            _ => None,
        };
        if !self.overlays.is_empty() {
            // Of the overlays, only the lists of a cell's items and of a KPI's measurements, and
            // a card, scroll with the wheel.
            if let (
                Some(action),
                Some(Overlay::CellItems(_) | Overlay::Card(_) | Overlay::History(_)),
            ) = (wheel, self.overlays.last())
            {
                self.act(action);
            }
            return;
        }
        let at = ratatui::layout::Position::new(event.column, event.row);
        let layout = &self.layout;
        let pane = [
            (Pane::Personas, layout.personas),
            (Pane::Journeys, layout.journeys),
            (Pane::Board, layout.board),
            (Pane::Grid, layout.grid),
        ]
        .into_iter()
        .find(|(_, area)| area.contains(at));
        let Some((pane, area)) = pane else {
            return;
        };
        self.focus = pane;
        match (event.kind, wheel) {
            (MouseEventKind::Down(MouseButton::Left), _) => {
                self.click(pane, area, event.column, event.row)
            }
            (_, Some(action)) => {
                // The board's steps run across.
                let action = match (pane, action) {
                    (Pane::Board, Action::Up) => Action::Left,
                    (Pane::Board, _) => Action::Right,
                    _ => action,
                };
                self.act(action);
            }
            _ => {}
        }
    }

    fn click(&mut self, pane: Pane, area: ratatui::layout::Rect, column: u16, row: u16) {
        // Inside the border; the grid has header rows of step names.
        let inner_row = usize::from(row.saturating_sub(area.y + 1));
        let inner_column = usize::from(column.saturating_sub(area.x + 1));
        let offsets = self.offsets;
        let steps = self.selection.steps(&self.ws);
        let selection = &mut self.selection;
        match pane {
            Pane::Personas => {
                let target = offsets.personas + inner_row;
                if target < self.ws.personas().len() && target != selection.persona {
                    selection.persona = target;
                    selection.journey = 0;
                    selection.step = 0;
                }
            }
            Pane::Journeys => {
                let target = offsets.journeys + inner_row;
                if target < selection.journeys(&self.ws).len() && target != selection.journey {
                    selection.journey = target;
                    selection.step = 0;
                }
            }
            Pane::Board => {
                if let Some(slot) = column_at(&self.layout.board_widths, inner_column) {
                    let target = offsets.board + slot;
                    if target < steps {
                        selection.step = target;
                    }
                }
            }
            Pane::Grid => {
                let label = self.layout.grid_label;
                if let Some(slot) = inner_column
                    .checked_sub(label)
                    .and_then(|x| column_at(&self.layout.grid_widths, x))
                {
                    let target = offsets.grid_columns + slot;
                    if target < steps {
                        selection.step = target;
                    }
                }
                if let Some(row) = inner_row.checked_sub(self.layout.grid_header.max(1)) {
                    let target = offsets.grid_rows + row;
                    if target < self.ws.content_types().len() {
                        selection.content_type = target;
                    }
                }
            }
        }
    }
}
