//! Moving a selection along a list, the one rule every pane, view and overlay follows.

use super::action::Action;

/// Moves `at` within `0..len` by an action: Up/Down/Left/Right by one, pages by `page`, First
/// and Last to the ends; any other action leaves it (kept inside the list).
pub fn moved(at: usize, len: usize, action: Action, page: usize) -> usize {
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
