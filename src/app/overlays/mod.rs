//! Modal parts over the main screen: help, a cell's items, a KPI's history, forms, questions —
//! and the
//! full-screen views, whose states live in `views`. The top one receives the keys.

pub mod card;
pub mod cell_items;
pub mod confirm;
pub mod form;
mod forms;
pub mod help;
pub mod history;
pub mod picker;

pub use card::Card;
pub use cell_items::CellItems;
pub use confirm::Confirm;
pub use form::Form;
pub use forms::{build as build_form, measured_on, submit as submit_form};
pub use help::Help;
pub use history::KpiHistory;
pub use picker::Picker;

use super::action::Action;
use super::keymap::Context;
use super::outcome::{Given, Outcome};
use super::views::ViewState;

/// A modal part over the main screen.
#[derive(Debug)]
pub enum Overlay {
    Help(Help),
    /// One entry's fields in full, to read.
    Card(Card),
    /// The items of one cell of the content map.
    CellItems(CellItems),
    /// A KPI's measurements over time.
    History(KpiHistory),
    Form(Box<Form>),
    Confirm(Confirm),
    /// Choices to pick from: filters, or a change to marked rows.
    Picker(Box<Picker>),
    /// A full-screen view (gaps, calendar, metrics…).
    View(Box<ViewState>),
}

impl Overlay {
    /// The context its keys are read in.
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(_) => Context::Help,
            Overlay::Card(_) => Context::Card,
            Overlay::CellItems(_) => Context::CellItems,
            Overlay::History(_) => Context::History,
            Overlay::Form(_) => Context::Form,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Picker(_) => Context::Picker,
            Overlay::View(view) => view.context(),
        }
    }

    /// Hands an action to the part on top.
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        match self {
            Overlay::Help(help) => help.handle(action),
            Overlay::Card(card) => card.handle(action, given),
            Overlay::CellItems(cell) => cell.handle(action, given),
            Overlay::History(history) => history.handle(action, given),
            Overlay::Form(form) => form.handle(action),
            Overlay::Confirm(confirm) => confirm.handle(action),
            Overlay::Picker(picker) => picker.handle(action),
            Overlay::View(view) => view.handle(action, given),
        }
    }
}
