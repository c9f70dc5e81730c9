//! A text query with the rows that match it, as typed: the state the search and the command
//! palette share.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::app::action::Action;

/// A text query with the matching rows, as typed.
#[derive(Debug)]
pub struct FinderState<T> {
    /// A one-line editor, so the query takes the same readline keys as a form's fields.
    pub query: TextArea<'static>,
    pub rows: Vec<T>,
    pub selected: usize,
}

impl<T> FinderState<T> {
    /// The query as typed.
    pub fn text(&self) -> &str {
        self.query.lines().first().map_or("", String::as_str)
    }

    /// A key typed into the query: characters, Backspace, Delete, the arrows and Home/End edit
    /// it; Ctrl and Alt chords not in the keymap do nothing. Returns whether the query changed
    /// (its rows are then out of date).
    pub fn typed(&mut self, event: KeyEvent) -> bool {
        if event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        self.edit(|query| {
            query.input(event);
        })
    }

    /// A readline action on the query; returns whether the query changed.
    pub fn readline(&mut self, action: Action) -> bool {
        self.edit(|query| crate::app::readline::edit_text(query, action))
    }

    fn edit(&mut self, edit: impl FnOnce(&mut TextArea<'static>)) -> bool {
        let before = self.query.lines().first().cloned();
        edit(&mut self.query);
        // One line only: a new line or paste is not part of a query.
        if self.query.lines().len() > 1 {
            let joined = self.query.lines().join(" ");
            self.query = TextArea::new(vec![joined]);
            self.query.move_cursor(ratatui_textarea::CursorMove::End);
        }
        let changed = self.query.lines().first() != before.as_ref();
        if changed {
            self.selected = 0;
        }
        changed
    }

    /// New rows for the query, the selection kept inside them.
    pub fn set_rows(&mut self, rows: Vec<T>) {
        self.selected = self.selected.min(rows.len().saturating_sub(1));
        self.rows = rows;
    }
}

impl<T> Default for FinderState<T> {
    fn default() -> Self {
        FinderState {
            query: TextArea::default(),
            rows: Vec::new(),
            selected: 0,
        }
    }
}
