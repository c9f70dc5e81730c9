//! Moving the selection: lists, the board's steps, the grid's cells, the cell's items.

use super::{Action, App, Overlay, Pane};

/// Moves `at` within `0..len` by an action; Up/Down/Left/Right by one, pages by `page`.
fn moved(at: usize, len: usize, action: Action, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    match action {
        Action::Up | Action::Left => at.saturating_sub(1),
        Action::Down | Action::Right => (at + 1).min(last),
        Action::First => 0,
        Action::Last => last,
        Action::PageUp => at.saturating_sub(page.max(1)),
        Action::PageDown => (at + page.max(1)).min(last),
        _ => at.min(last),
    }
}

impl App {
    pub(super) fn navigate(&mut self, action: Action) {
        if let Some(Overlay::CellItems { step, content_type }) = self.overlays.last() {
            let len = self.ws.cell_item_ids(*step, *content_type).len();
            self.selection.cell_item = moved(self.selection.cell_item, len, action, 10);
            return;
        }
        match self.focus {
            Pane::Personas => {
                let len = self.ws.personas().len();
                let page = self.layout.persona_rows;
                let before = self.selection.persona;
                self.selection.persona = moved(before, len, action, page);
                if before != self.selection.persona {
                    // Another persona: its journeys start from the first.
                    self.selection.journey = 0;
                    self.selection.step = 0;
                }
            }
            Pane::Journeys => {
                let len = self.listed_journeys().len();
                let page = self.layout.journey_rows;
                let before = self.selection.journey;
                self.selection.journey = moved(before, len, action, page);
                if before != self.selection.journey {
                    self.selection.step = 0;
                }
            }
            Pane::Board => {
                let steps = self.selected_journey().map_or(0, |j| j.steps.len());
                let page = self.layout.board_columns;
                self.selection.step = moved(self.selection.step, steps, action, page);
            }
            Pane::Grid => {
                if matches!(action, Action::Left | Action::Right) {
                    let steps = self.selected_journey().map_or(0, |j| j.steps.len());
                    self.selection.step = moved(self.selection.step, steps, action, 1);
                } else {
                    let types = self.ws.content_types().len();
                    let page = self.layout.grid_rows;
                    self.selection.content_type =
                        moved(self.selection.content_type, types, action, page);
                }
            }
        }
    }

    /// A click selects what is under it and focuses its pane; the wheel moves the selection.
    pub(super) fn mouse(&mut self, event: ratatui::crossterm::event::MouseEvent) {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        if !self.overlays.is_empty() {
            if let (
                MouseEventKind::ScrollUp | MouseEventKind::ScrollDown,
                Some(Overlay::CellItems { .. }),
            ) = (event.kind, self.overlays.last())
            {
                let action = if event.kind == MouseEventKind::ScrollUp {
                    Action::Up
                } else {
                    Action::Down
                };
                self.navigate(action);
            }
            return;
        }
        let at = ratatui::layout::Position::new(event.column, event.row);
        let layout = self.layout;
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
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = pane;
                self.click(pane, area, event.column, event.row);
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                self.focus = pane;
                let action = match (event.kind, pane) {
                    (MouseEventKind::ScrollUp, Pane::Board) => Action::Left,
                    (MouseEventKind::ScrollDown, Pane::Board) => Action::Right,
                    (MouseEventKind::ScrollUp, _) => Action::Up,
                    _ => Action::Down,
                };
                self.navigate(action);
            }
            _ => {}
        }
    }

    fn click(&mut self, pane: Pane, area: ratatui::layout::Rect, column: u16, row: u16) {
        // Inside the border; the board and grid have a header row of step names.
        let inner_row = usize::from(row.saturating_sub(area.y + 1));
        let inner_column = usize::from(column.saturating_sub(area.x + 1));
        let offsets = self.offsets;
        match pane {
            Pane::Personas => {
                let target = offsets.personas + inner_row;
                if target < self.ws.personas().len() && target != self.selection.persona {
                    self.selection.persona = target;
                    self.selection.journey = 0;
                    self.selection.step = 0;
                }
            }
            Pane::Journeys => {
                let target = offsets.journeys + inner_row;
                if target < self.listed_journeys().len() && target != self.selection.journey {
                    self.selection.journey = target;
                    self.selection.step = 0;
                }
            }
            Pane::Board => {
                let columns = self.layout.board_columns.max(1);
                let width = usize::from(area.width.saturating_sub(2)) / columns;
                let target = offsets.board + inner_column / width.max(1);
                let steps = self.selected_journey().map_or(0, |j| j.steps.len());
                if target < steps {
                    self.selection.step = target;
                }
            }
            Pane::Grid => {
                let label = self.layout.grid_label;
                let width = self.layout.grid_column_width;
                if inner_column >= label {
                    let target = offsets.grid_columns + (inner_column - label) / width.max(1);
                    let steps = self.selected_journey().map_or(0, |j| j.steps.len());
                    if target < steps {
                        self.selection.step = target;
                    }
                }
                if inner_row >= 1 {
                    let target = offsets.grid_rows + inner_row - 1;
                    if target < self.ws.content_types().len() {
                        self.selection.content_type = target;
                    }
                }
            }
        }
    }
}
