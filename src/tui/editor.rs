//! `Ctrl-o` in a form: the focused field's text in the user's own editor.
//!
//! The text goes into a file of its own (mode 0600) in a fresh directory only the user can enter,
//! named after the entry and the field (`persona-challenges.md`), so the editor shows a title
//! that says what is being edited and picks Markdown's syntax. The editor is `$VISUAL`, else
//! `$EDITOR`, else `vi`, run as git runs it: through `sh -c '… "$@"'`, so the variable may hold
//! arguments (`code --wait`) and quotes. The directory goes when the editor is done, with
//! whatever the editor left beside the file (swap and backup files).

use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

/// The most text taken back from the editor: a field is prose, and a mistaken command that
/// fills the file must not fill the memory.
const LONGEST: u64 = 1 << 20;

/// The editor the user chose: `$VISUAL`, else `$EDITOR`, else `vi` (as git and most Unix tools
/// choose; a variable that is set but blank counts as unset).
pub fn chosen(visual: Option<&str>, editor: Option<&str>) -> String {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|e| !e.is_empty())
        .unwrap_or("vi")
        .to_string()
}

/// The command that opens `path` in `editor`: the shell reads the editor's words (so it may
/// carry arguments and quotes); the path goes as an argument of its own, never through the
/// shell's parsing.
fn command(editor: &str, path: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(path);
    command
}

/// A field's text in its private file, waiting for the editor.
pub struct Draft {
    dir: PathBuf,
    path: PathBuf,
}

impl Draft {
    /// Writes `text` (with a final line break, as editors keep files) to `file_name` in a new
    /// private directory under the system's temporary directory.
    pub fn write(file_name: &str, text: &str) -> io::Result<Draft> {
        let dir = std::env::temp_dir().join(format!("journeymap-{}", uuid::Uuid::new_v4()));
        // Created, not opened: a directory someone else made under that name fails here.
        fs::DirBuilder::new().mode(0o700).create(&dir)?;
        let draft = Draft {
            path: dir.join(file_name),
            dir,
        };
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&draft.path)?;
        file.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            file.write_all(b"\n")?;
        }
        Ok(draft)
    }

    /// Runs `editor` on the file through `run` (which hands it the terminal and waits for it),
    /// then reads back what it saved. Whatever went wrong, in words, changes nothing.
    pub fn edit(
        &self,
        editor: &str,
        run: impl FnOnce(Command) -> io::Result<ExitStatus>,
    ) -> Result<String, String> {
        let shown = crate::text::printable(editor).into_owned();
        let status = run(command(editor, &self.path))
            .map_err(|e| format!("cannot start the editor ({shown}): {e}; nothing changed"))?;
        if let Some(why) = failure(status) {
            return Err(format!("the editor ({shown}) {why}; nothing changed"));
        }
        self.read_back()
    }

    /// The file's text, with the line breaks the editor ended it with taken off.
    fn read_back(&self) -> Result<String, String> {
        let mut bytes = Vec::new();
        fs::File::open(&self.path)
            .and_then(|file| file.take(LONGEST + 1).read_to_end(&mut bytes))
            .map_err(|e| {
                format!(
                    "cannot read what the editor saved: {}; nothing changed",
                    crate::storage::disk::io_words(&e)
                )
            })?;
        if bytes.len() as u64 > LONGEST {
            return Err("the editor saved more than a megabyte; nothing changed".into());
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| "the editor saved text that is not UTF-8; nothing changed".to_string())?;
        Ok(text
            .replace("\r\n", "\n")
            .trim_end_matches(['\n', '\r'])
            .to_string())
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Starts the editor and waits for it. Meanwhile the terminal's interrupt and quit keys are the
/// editor's alone (journeymap ignores them, as git does, rather than quitting when the user
/// interrupts something in the editor), and its stop key stops journeymap with the editor, as
/// one job (journeymap's own handler would wait for an editor that is stopped, and the shell
/// for journeymap). The editor starts with the signals' default actions.
pub fn run_in_foreground(mut command: Command) -> io::Result<ExitStatus> {
    let mut child = command.spawn()?;
    let _meanwhile = Dispositions::set(&[
        (libc::SIGINT, libc::SIG_IGN),
        (libc::SIGQUIT, libc::SIG_IGN),
        (libc::SIGTSTP, libc::SIG_DFL),
    ]);
    child.wait()
}

/// Signal actions set for a while; the ones they replaced come back when dropped.
struct Dispositions(Vec<(libc::c_int, libc::sigaction)>);

impl Dispositions {
    fn set(actions: &[(libc::c_int, libc::sighandler_t)]) -> Dispositions {
        let mut replaced = Vec::new();
        for (signal, handler) in actions {
            // SAFETY: sigaction(2) with valid pointers to plain data; the action in force is
            // kept to be put back.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = *handler;
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(*signal, &action, &mut old) == 0 {
                    replaced.push((*signal, old));
                }
            }
        }
        Dispositions(replaced)
    }
}

impl Drop for Dispositions {
    fn drop(&mut self) {
        for (signal, old) in &self.0 {
            // SAFETY: puts back an action sigaction(2) gave us.
            unsafe {
                libc::sigaction(*signal, old, std::ptr::null_mut());
            }
        }
    }
}

/// Why an editor's end means its file is not to be taken, in words; `None` when it exited 0.
fn failure(status: ExitStatus) -> Option<String> {
    match (status.code(), status.signal()) {
        (Some(0), _) => None,
        // The shell's own codes: the editor's command was not found, or could not be run.
        (Some(127), _) => Some("was not found".into()),
        (Some(126), _) => Some("could not be run".into()),
        (Some(code), _) => Some(format!("exited with status {code}")),
        (None, Some(signal)) => Some(format!("was stopped by signal {signal}")),
        (None, None) => Some("ended without a status".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Runs the command as the loop does, without a terminal to hand over.
    fn run(mut command: Command) -> io::Result<ExitStatus> {
        command.status()
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi() {
        assert_eq!(chosen(Some("code --wait"), Some("nano")), "code --wait");
        assert_eq!(chosen(None, Some("nano")), "nano");
        assert_eq!(chosen(Some("  "), Some("nano")), "nano");
        assert_eq!(chosen(Some(""), None), "vi");
        assert_eq!(chosen(None, None), "vi");
    }

    #[test]
    fn the_file_is_private_named_after_the_field_and_gone_afterwards() {
        let draft = Draft::write("persona-challenges.md", "Steep hills").unwrap();
        let dir = draft.dir.clone();
        assert!(dir.starts_with(std::env::temp_dir()));
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(
            fs::metadata(&draft.path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(draft.path.ends_with("persona-challenges.md"));
        assert_eq!(fs::read_to_string(&draft.path).unwrap(), "Steep hills\n");
        fs::write(dir.join("persona-challenges.md~"), "a backup").unwrap();
        drop(draft);
        assert!(!dir.exists());
    }

    #[test]
    fn an_editor_with_arguments_and_a_path_with_spaces_edits_the_file() {
        let draft = Draft::write("step-pain points.md", "Hills").unwrap();
        // The editor's words are read by the shell: an argument, quoted.
        let edited = draft.edit("sh -c 'printf \"and rain\\n\" >> \"$0\"'", run);
        assert_eq!(edited, Ok("Hills\nand rain".into()));
    }

    #[test]
    fn an_editor_that_fails_changes_nothing_and_says_why() {
        let draft = Draft::write("persona-values.md", "Thrift").unwrap();
        assert_eq!(
            draft.edit("false", run),
            Err("the editor (false) exited with status 1; nothing changed".into())
        );
        assert_eq!(
            draft.edit("no-such-editor-anywhere", run),
            Err("the editor (no-such-editor-anywhere) was not found; nothing changed".into())
        );
        assert_eq!(
            draft.edit("kill -9 $$ #", run),
            Err("the editor (kill -9 $$ #) was stopped by signal 9; nothing changed".into())
        );
        assert_eq!(
            draft.edit("vi", |_| Err(io::Error::other("no shell"))),
            Err("cannot start the editor (vi): no shell; nothing changed".into())
        );
        let huge = "head -c 2000000 /dev/zero | tr '\\0' a >";
        assert_eq!(
            draft.edit(huge, run),
            Err("the editor saved more than a megabyte; nothing changed".into())
        );
    }
}
