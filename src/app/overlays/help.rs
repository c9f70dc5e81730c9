//! The help overlay: the keys of the place it was opened from (the view draws them from the
//! keymap).

use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::outcome::Outcome;

/// Help for the keys of one context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Help {
    /// Where the help was opened: the keys it lists are that context's.
    pub context: Context,
}

impl Help {
    /// Its own keys only close it; the rest (suspending) is the App's.
    pub fn handle(&self, action: Action) -> Outcome {
        match action {
            Action::Close => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
