//! Why the screen could not start, or how it ended badly.
//!
//! The screen has its own error, so the terminal layer does not borrow the command line's: the
//! command line turns it into an exit code.

use crate::storage::disk::OpenError;

/// Each reads as a sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The workspace cannot be shown at all.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The terminal cannot be used: not a terminal, or it cannot be set up or watched.
    #[error("{0}")]
    Terminal(String),
    /// What was asked cannot be done with this workspace (a journey it does not have).
    #[error("{0}")]
    Refused(String),
    /// The session ended on a failure; the words say whether the edits were kept.
    #[error("{0}")]
    Ended(String),
}
