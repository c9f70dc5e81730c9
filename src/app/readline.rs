//! Readline's keys on a text editor: what `Ctrl-a`, `Alt-f`, `Ctrl-w`… do by default, in every
//! form field and query.

use ratatui_textarea::{CursorMove, TextArea};

use super::action::Action;

/// Applies a readline action to a text editor: what `Ctrl-a`, `Alt-f`, `Ctrl-w`… do by default.
pub fn edit_text(area: &mut TextArea<'static>, action: Action) {
    match action {
        Action::LineStart => area.move_cursor(CursorMove::Head),
        Action::LineEnd => area.move_cursor(CursorMove::End),
        Action::WordBack => area.move_cursor(CursorMove::WordBack),
        // Readline leaves the cursor after the word; the editor's word end is on its last letter.
        Action::WordForward => {
            area.move_cursor(CursorMove::WordEnd);
            area.move_cursor(CursorMove::Forward);
        }
        Action::KillToStart => {
            area.delete_line_by_head();
        }
        Action::KillToEnd => {
            area.delete_line_by_end();
        }
        Action::KillWord => {
            area.delete_word();
        }
        Action::TextUndo => {
            area.undo();
        }
        Action::TextRedo => {
            area.redo();
        }
        _ => {}
    }
}
