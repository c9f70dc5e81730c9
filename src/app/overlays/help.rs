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
    /// The page shown, when the keys take more than one screen; the view keeps it among the
    /// pages there are and reports it back.
    pub page: usize,
}

impl Help {
    pub fn new(context: Context) -> Help {
        Help { context, page: 0 }
    }

    /// Its own keys turn the page or close it; the rest (suspending) is the App's.
    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Close => Outcome::Close,
            Action::PageDown => {
                self.page = self.page.saturating_add(1);
                Outcome::Done
            }
            Action::PageUp => {
                self.page = self.page.saturating_sub(1);
                Outcome::Done
            }
            _ => Outcome::Ignored,
        }
    }
}
