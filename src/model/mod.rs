//! The workspace model: its entries, the rules they keep, the edits a user makes and the views
//! derived from them. Nothing here knows about terminals or files.

mod amount;
mod change;
pub mod comments;
pub mod compare;
pub mod conflict;
mod date;
pub mod diff;
pub mod duplicate;
pub mod edit;
mod entities;
pub mod fields;
pub mod filter;
pub mod format;
pub mod helpers;
mod history;
mod id;
mod impact;
mod levels;
pub mod merge;
pub mod owners;
pub mod repair;
pub mod rules;
pub mod schema;
pub mod search;
mod snapshot;
mod table;
pub mod template;
mod views;
mod workspace;

pub use amount::{amount_text, read_amount, read_number};
pub use change::{Change, Edit, Slot};
pub use conflict::{Conflict, ConflictKind, Pick};
pub use date::{Clock, Date};
pub use entities::*;
pub use fields::{Custom, Customised, FieldDef};
pub use history::History;
pub use id::{Id, IdMap, IdSet};
pub use impact::Impact;
pub use snapshot::Snapshot;
pub use table::Table;
pub use views::{Budgets, CellView, ChannelBudget, Gap, Spending};
pub use workspace::{Contents, FORMAT, VERSION, Workspace, cents};

#[cfg(test)]
mod tests;
