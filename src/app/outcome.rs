//! What a pane, view or overlay hands back to [`App::update`](super::App::update) after it
//! handled an action.
//!
//! Each part changes only its own state (a selection, a query, a form's fields) and reads the
//! rest through [`Given`]. What reaches further — the workspace, the stack of overlays, the
//! status line, the loop — it asks for as an [`Outcome`], which `update` applies in one place:
//! so an edit is recorded for undo and saved the same way whichever part asked for it.

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::subject::{Entry, Subject};
use crate::model::edit::{EditError, ItemsChange, Removal};
use crate::model::filter::{Facet, ItemFilter, MapFilter};
use crate::model::search::Target;
use crate::model::{Date, Edit, Id, Workspace};

/// What every part may read while it handles an action.
#[derive(Clone, Copy)]
pub struct Given<'a> {
    pub ws: &'a Workspace,
    pub keymap: &'a Keymap,
    pub today: Date,
    /// Commands run from the palette (where, what), latest first.
    pub recent: &'a [(Context, Action)],
    /// How many messages the message log holds.
    pub messages: usize,
    /// How many rules the workspace file broke when it was opened.
    pub problems: usize,
    /// The content map's filters.
    pub map_filter: &'a MapFilter,
    /// A search waits for the text the loop prepares (see [`crate::app::App::search_waits`]).
    pub search_waits: bool,
}

/// A change of the workspace, made when the App applies it.
pub type Change = Box<dyn FnOnce(&mut Workspace) -> Result<Edit, EditError>>;

/// What the part that asked for an edit wants once the edit landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landed {
    Nothing,
    /// Say this after the edit's own words.
    Tell(&'static str),
    /// Keep this item in sight: the open view follows it (the calendar, to its new date).
    Follow(Id),
}

/// What happens when the user answers a question yes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Delete an entry, or unmap a cell, with what goes with it.
    Remove(Removal),
    /// Delete these items (the inventory's marked rows) as one edit.
    RemoveItems(Vec<Id>),
    /// Delete the workspace's field of this id, with every value of it.
    RemoveField(String),
    /// Close the form under the question without saving it.
    DiscardForm,
    /// Quit although the edits could not be saved.
    Quit,
}

/// What the choices are for: where a choice goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The inventory's filters.
    Inventory,
    /// The content map's filters.
    Map,
    /// The calendar's filters.
    Calendar,
    /// A change to the inventory's marked rows.
    Change,
    /// The journey to compare another with.
    Compare,
}

/// One choice.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Facet(Facet),
    /// The map shows only gaps.
    GapsOnly,
    Change(ItemsChange),
    /// Delete the marked rows (asks first).
    Delete,
    /// Compare journey `a` with journey `b`.
    Compare {
        a: Id,
        b: Id,
    },
}

/// Which list of choices to open over the screen. The App builds the list from the workspace,
/// so a part asks for one without knowing the overlay that shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Choices {
    /// The inventory's filters, with those now on.
    InventoryFilters(ItemFilter),
    /// The content map's filters (the App holds them).
    MapFilters,
    /// The calendar's filters, with those now on.
    CalendarFilters(ItemFilter),
    /// The changes to this many marked rows of the inventory.
    Changes(usize),
    /// The journeys to compare this one with.
    CompareWith(Id),
}

/// What should happen after a part handled an action.
pub enum Outcome {
    /// Not this part's action: the App's shared actions take it (undo, help, views…).
    Ignored,
    /// Handled: the part changed its own state, nothing else.
    Done,
    /// Close the part on top.
    Close,
    /// The question on top was answered yes: close it and do what it waited for.
    Yes(Pending),
    /// Save the form on top: its values become an edit, or it shows why not.
    Submit,
    /// Open the read-only card of an entry.
    OpenCard(Entry),
    /// Open the items of a cell of the content map.
    OpenCell { step: Id, content_type: Id },
    /// Open a KPI's history: its measurements.
    OpenHistory(Id),
    /// Ask before closing a form whose fields changed.
    AskToDiscard,
    /// Open the form of an entry (refused while the workspace is read-only).
    Form(Subject),
    /// Ask before a removal, saying what goes with it (refused while read-only).
    Ask(Removal),
    /// Ask before deleting these items at once (refused while read-only).
    AskDeleteItems(Vec<Id>),
    /// Ask before deleting the workspace's field of this id, counting its values (refused while
    /// read-only).
    AskDeleteField(String),
    /// Open a list of choices over the screen.
    Pick(Choices),
    /// A choice was picked from the list on top.
    Picked(Purpose, Choice),
    /// Change the workspace (refused while read-only); the panes' selections stay on the same
    /// entries.
    Edit(Change, Landed),
    /// Words for the status line.
    Tell(String),
    /// Leave the views and show where a row's entry lives.
    Jump(Target),
    /// Leave the views and select a cell of the content map.
    JumpToCell { step: Id, content_type: Id },
    /// Leave the palette and run an action where it applies, moving there first.
    Run { context: Context, action: Action },
    /// Hand a form's text to the user's editor, in a file of this name.
    EditText { file_name: String, text: String },
}

impl Outcome {
    /// An edit with nothing to do after it.
    pub fn edit(
        change: impl FnOnce(&mut Workspace) -> Result<Edit, EditError> + 'static,
    ) -> Outcome {
        Outcome::Edit(Box::new(change), Landed::Nothing)
    }
}
