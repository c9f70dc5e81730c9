//! `journeymap repair PATH [--dry-run]`: makes the safe fixes of a workspace with problems
//! (see [`crate::model::repair`]), says each one, and keeps the file as it was in `PATH.bak`.

use std::path::{Path, PathBuf};

use super::{Failure, say};
use crate::model::repair::{clears_safely, repair as fixed};
use crate::model::rules::{Problem, check_workspace};
use crate::storage::{self, backup, disk};
use crate::text::printable;

#[derive(Debug, clap::Args)]
pub struct RepairArgs {
    /// The workspace file to repair.
    path: PathBuf,
    /// Say what would change, and change nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Exit 0 when the file is valid afterwards (or would be, with `--dry-run`), 1 when problems
/// are left that only a person can fix (then nothing is changed), 2 when the file cannot be
/// read or written.
pub fn repair(args: RepairArgs) -> Result<(), Failure> {
    let path = args.path.as_path();
    let (real, bytes, disk_state) = disk::read(path)?;
    let read = storage::decode_flawed(&bytes).map_err(|error| {
        Failure::invalid(disk::OpenError::Bad {
            path: path.to_path_buf(),
            error,
        })
    })?;
    if read.problems.is_empty() {
        say!("{}: valid, nothing to repair", path.display());
        return Ok(());
    }
    let (repaired, mut fixes) = fixed(&read.workspace);
    // An unreadable emotion already stands as "not known" in what was read: that is its fix.
    let (cleared, unrepairable): (Vec<Problem>, Vec<Problem>) =
        read.unread.into_iter().partition(clears_safely);
    fixes.extend(cleared.into_iter().map(|problem| Problem {
        message: format!("cleared ({})", problem.message),
        ..problem
    }));
    let mut left = unrepairable;
    left.extend(check_workspace(&repaired));
    if !left.is_empty() {
        return Err(Failure::invalid(format!(
            "{}\n{}: nothing changed: {} problem{} no repair can fix safely; edit the file by hand",
            lines(path, &left),
            path.display(),
            left.len(),
            if left.len() == 1 { "" } else { "s" }
        )));
    }
    let changes = format!(
        "{} change{}",
        fixes.len(),
        if fixes.len() == 1 { "" } else { "s" }
    );
    if args.dry_run {
        say!("{}", lines(path, &fixes));
        say!(
            "{}: --dry-run: nothing changed ({changes} to make)",
            path.display()
        );
        return Ok(());
    }
    let _lock = super::lock_to_write(&real, path, "not repairing it", Failure::invalid)?;
    disk::sweep_leftovers(&real);
    let kept = backup::keep(&real).map_err(|error| {
        let words = format!(
            "{}: nothing changed: cannot keep a backup: {}",
            path.display(),
            disk::io_words(&error)
        );
        match error.kind() {
            // A person's own file where the backup goes: a refusal, not a failure to write.
            std::io::ErrorKind::AlreadyExists => Failure::invalid(words),
            _ => Failure::unreadable(words),
        }
    })?;
    storage::save_untracked(&real, &storage::encode(&repaired), &disk_state)
        .map_err(Failure::invalid)?;
    say!("{}", lines(path, &fixes));
    say!(
        "{}: repaired ({changes}); the file as it was is in {}",
        path.display(),
        kept.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok(())
}

/// Problems or fixes, one a line, each led by the file's name as `check` writes them.
fn lines(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", path.display(), printable(&p.to_string())))
        .collect::<Vec<_>>()
        .join("\n")
}
