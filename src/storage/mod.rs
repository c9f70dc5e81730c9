//! Storage: the only code that reads or writes workspace files.
//!
//! - [`codec`] turns bytes into a validated [`Workspace`] (listing every problem) and a
//!   workspace into canonical bytes;
//! - [`disk`] reads files and saves them atomically, refusing to overwrite a file someone else
//!   changed; `mapped` lets it read a large file in place, safe from the file being cut short;
//! - [`lock`] keeps a second editor of the same file read-only;
//! - [`session`] keeps one workspace open for editing: lock, changes on disk, background saves,
//!   the `.bak` and recovery copies;
//! - [`backup`] keeps `NAME.bak`, never over a file journeymap did not write;
//! - [`location`] knows where the default workspace lives and the templates new files start from.

pub mod backup;
pub mod codec;
pub mod disk;
pub mod location;
pub mod lock;
mod mapped;
pub mod one_edit;
pub mod session;

pub use codec::{Flawed, LoadError, Parsed, decode, decode_flawed, encode, parse};
pub use disk::{DiskState, Loaded, SaveError, create_new, load, save, save_untracked};
pub use lock::{Lock, LockState};
