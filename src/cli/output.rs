//! Standard output for documents built from a workspace (an export, the gap list as JSON).
//!
//! A workspace from someone else may hold escape sequences, bells or bidi overrides in any text.
//! Written to a file or a pipe, a document keeps every byte, so what reads it gets exactly the
//! data; on a terminal those characters would act (clear the screen, set the clipboard, reorder
//! what is shown), so there they are shown as visible escapes instead, as `ls` and `git` do.

use std::io::{self, IsTerminal, Write};

/// Writes a document to standard output: as it is to a file or pipe, made visible on a
/// terminal. A closed pipe (`| head`) is not an error.
pub fn document(bytes: &[u8]) -> io::Result<()> {
    let stdout = io::stdout();
    let shown;
    let bytes = if stdout.is_terminal() {
        shown = crate::text::printable_document(&String::from_utf8_lossy(bytes)).into_owned();
        shown.as_bytes()
    } else {
        bytes
    };
    let mut out = stdout.lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
