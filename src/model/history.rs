//! Undo and redo.

use super::{Edit, Workspace};

/// The edits that can be undone and redone, newest last.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Records an applied edit, given as the edit that undoes it. A new edit ends the redo line.
    pub fn record(&mut self, undo: Edit) {
        self.undo.push(undo);
        self.redo.clear();
    }

    /// Undoes the newest edit; returns its label.
    pub fn undo(&mut self, ws: &mut Workspace) -> Option<String> {
        let edit = self.undo.pop()?;
        let redo = ws.apply_edit(edit);
        let label = redo.label.clone();
        self.redo.push(redo);
        Some(label)
    }

    /// Redoes the newest undone edit; returns its label.
    pub fn redo(&mut self, ws: &mut Workspace) -> Option<String> {
        let edit = self.redo.pop()?;
        let undo = ws.apply_edit(edit);
        let label = undo.label.clone();
        self.undo.push(undo);
        Some(label)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
