//! Exports written on threads of their own from a snapshot of the workspace, so the screen
//! answers keys while a report of a large workspace is formatted and written (about half a
//! second at 100,000 items, seconds at a million). What each export did comes back as words for
//! the status line.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::give_way;
use super::input::Wake;
use crate::export::Format;
use crate::model::{Date, Snapshot, Workspace};

/// The exports being written.
pub struct Exporting {
    running: Vec<JoinHandle<()>>,
    send: Sender<(Format, String)>,
    finished: Receiver<(Format, String)>,
    wake: Sender<Wake>,
}

impl Exporting {
    pub fn new(wake: Sender<Wake>) -> Exporting {
        let (send, finished) = channel();
        Exporting {
            running: Vec::new(),
            send,
            finished,
            wake,
        }
    }

    /// Starts writing the workspace of `snapshot` as `format` next to the file at `path`. Where
    /// no thread can be started the export is written here and what it did is returned at once.
    pub fn start(
        &mut self,
        path: PathBuf,
        snapshot: Snapshot,
        format: Format,
        today: Date,
    ) -> Option<String> {
        let started = give_way::spawn("export", self.send.clone(), self.wake.clone(), {
            let (path, snapshot) = (path.clone(), snapshot.clone());
            move || {
                Some((
                    format,
                    write(&path, &snapshot.to_workspace(), format, today),
                ))
            }
        });
        match started {
            Ok(running) => {
                self.running.push(running);
                None
            }
            Err(_) => Some(write(&path, &snapshot.to_workspace(), format, today)),
        }
    }

    /// What the exports that finished since the last call did, in the order they finished.
    pub fn finished(&mut self) -> Vec<(Format, String)> {
        let words: Vec<(Format, String)> = self.finished.try_iter().collect();
        if !words.is_empty() {
            self.running.retain(|running| !running.is_finished());
        }
        words
    }

    /// Waits for the exports still being written: at exit, so none is cut off half written.
    pub fn wait(&mut self) {
        for running in self.running.drain(..) {
            let _ = running.join();
        }
    }
}

#[cfg(test)]
thread_local! {
    /// How many exports were written on this thread: a test tells that the screen's thread
    /// leaves them to others.
    static WRITTEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Writes an export next to the workspace file; returns what happened, in words.
fn write(path: &Path, workspace: &Workspace, format: Format, today: Date) -> String {
    #[cfg(test)]
    WRITTEN.with(|written| written.set(written.get() + 1));
    match crate::export::export_next_to(path, workspace, format, None, today) {
        Ok(exported) => exported.to_string(),
        Err(error) => format!(
            "could not export {}: {}",
            format.name(),
            crate::storage::disk::io_words(&error)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_written_on_a_thread_of_its_own_and_says_what_it_did_when_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.json");
        let workspace =
            crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let (wake, woken) = channel();
        let mut exporting = Exporting::new(wake);

        let meanwhile = exporting.start(
            path.clone(),
            workspace.snapshot(),
            Format::Markdown,
            Date::from_ymd(2026, 11, 29).unwrap(),
        );

        assert_eq!(meanwhile, None, "written here");
        assert_eq!(
            WRITTEN.with(std::cell::Cell::get),
            0,
            "the screen's thread wrote the export"
        );
        exporting.wait();
        assert!(
            matches!(woken.try_recv(), Ok(Wake::Worked)),
            "the loop is woken"
        );
        let said = exporting.finished();
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].0, Format::Markdown);
        assert!(said[0].1.contains("shop.md"), "{said:?}");
        assert!(dir.path().join("shop.md").is_file());
        assert!(exporting.finished().is_empty(), "said once");
    }
}
