//! `NAME.bak`: the workspace as it was before journeymap first replaced it in a session, or
//! before `repair` changed it, so that a bad write never destroys the only good copy.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The backup beside a workspace file: `NAME.bak`.
pub fn backup_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    workspace.with_file_name(name)
}

/// Keeps the file at `path` (a real path) as it is now in `NAME.bak`, through a hard link
/// renamed into place, so mode and owner stay and the bytes are not copied. A `NAME.bak` that
/// journeymap did not write (see [`is_ours`]) is never replaced: then nothing is kept and the
/// error says why.
pub fn keep(path: &Path) -> io::Result<PathBuf> {
    let backup = backup_path(path);
    if !is_ours(&backup)? {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is there and is not a backup journeymap made; move it away first",
                backup.display()
            ),
        ));
    }
    let mut link_name: OsString = backup.file_name().unwrap_or_default().to_os_string();
    link_name.push(format!(".{}", std::process::id()));
    let link = path.with_file_name(link_name);
    let _ = fs::remove_file(&link);
    fs::hard_link(path, &link)?;
    let renamed = fs::rename(&link, &backup);
    // Gone after a rename, unless the backup already was this very file (a save that failed
    // after its backup): then the rename did nothing and the link is one name too many.
    let _ = fs::remove_file(&link);
    renamed?;
    Ok(backup)
}

/// Whether journeymap may replace the file at `backup`: there is none, or it is a regular file
/// of this user that begins as every workspace journeymap writes does (`{ "format":
/// "journeymap"`). A person's own `NAME.bak` of anything else, a link, or another user's file
/// is left alone.
fn is_ours(backup: &Path) -> io::Result<bool> {
    let meta = match fs::symlink_metadata(backup) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(error) => return Err(error),
    };
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.file_type().is_file() || meta.uid() != me {
        return Ok(false);
    }
    let mut start = Vec::with_capacity(256);
    fs::File::open(backup)?.take(256).read_to_end(&mut start)?;
    Ok(begins_as_written(&start))
}

/// Whether bytes begin as journeymap writes a workspace: `{`, then `"format": "journeymap"` as
/// the first field, whatever the spacing.
fn begins_as_written(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for token in [&b"{"[..], b"\"format\"", b":", b"\"journeymap\""] {
        rest = rest.trim_ascii_start();
        match rest.strip_prefix(token) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_workspace_as_journeymap_writes_it_counts_as_a_backup_of_ours() {
        assert!(begins_as_written(
            b"{\n  \"format\": \"journeymap\",\n  \"version\": 1"
        ));
        assert!(begins_as_written(
            b"\xEF\xBB\xBF{\"format\":\"journeymap\"}"
        ));
        assert!(!begins_as_written(
            b"{\n  \"version\": 1, \"format\": \"journeymap\""
        ));
        assert!(!begins_as_written(b"my notes about the plan"));
        assert!(!begins_as_written(b""));
    }

    #[test]
    fn the_backup_replaces_one_of_ours_and_never_a_persons_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let backup = dir.path().join("plan.json.bak");
        let version =
            |n: u8| format!("{{\n  \"format\": \"journeymap\",\n  \"version\": {n}\n}}\n");

        fs::write(&path, version(1)).unwrap();
        assert_eq!(keep(&path).unwrap(), backup);
        assert_eq!(fs::read_to_string(&backup).unwrap(), version(1));

        // A backup of ours is replaced by the next one; a save replaces the file by a rename.
        let saved = dir.path().join("saved");
        fs::write(&saved, version(2)).unwrap();
        fs::rename(&saved, &path).unwrap();
        keep(&path).unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), version(2));
        // Kept again before the file changed (a save that failed after its backup): the same.
        keep(&path).unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), version(2));

        // A person's own file of that name stays as it is, and nothing is kept.
        fs::write(&backup, "notes I keep beside the plan").unwrap();
        let refused = keep(&path).unwrap_err();
        assert!(
            refused.to_string().ends_with(
                "plan.json.bak is there and is not a backup journeymap made; move it away first"
            ),
            "{refused}"
        );
        assert_eq!(
            fs::read_to_string(&backup).unwrap(),
            "notes I keep beside the plan"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "no link is left behind: {names:?}");
    }
}
