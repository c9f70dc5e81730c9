//! The open workspace file of a terminal session: its lock, what is on disk, and saving.

use std::path::{Path, PathBuf};

use crate::model::Workspace;
use crate::storage::{self, DiskState, LoadError, Lock, LockState, disk, lock};

/// The file behind the screen.
pub struct Session {
    /// The real file (symlinks resolved).
    pub path: PathBuf,
    disk: DiskState,
    /// Held while this session may edit; `None` when read-only.
    lock: Option<Lock>,
    /// The workspace revision that is on disk.
    saved_revision: u64,
    backed_up: bool,
    /// The bytes last read from or written to the file: the common ancestor when the file
    /// changes on disk while this session has unsaved edits.
    base: Vec<u8>,
    /// Read-only only because someone else holds the lock: take it when they let go.
    waiting_for_lock: bool,
    /// A change on disk that could not be read, already reported (not reported again).
    refused: Option<DiskState>,
}

/// What happened when the file changed on disk.
pub enum Reload {
    /// The file on disk replaces the workspace (there were no unsaved edits).
    Replaced(Workspace),
    /// Unsaved edits were merged with the file by id; `conflicts` could not be settled.
    Merged {
        workspace: Workspace,
        conflicts: usize,
    },
    /// The file on disk cannot be used; this session's copy is kept and not written over it.
    Refused(String),
}

/// A workspace opened for the screen, and why it is read-only, if it is.
pub struct Opened {
    pub session: Session,
    pub workspace: Workspace,
    pub read_only: Option<String>,
}

/// Why a workspace cannot be shown at all.
#[derive(Debug)]
pub struct OpenFailure(pub disk::OpenError);

impl Session {
    pub fn open(path: &Path) -> Result<Opened, OpenFailure> {
        let (real, bytes, disk_state) = disk::read(path).map_err(OpenFailure)?;
        let mut read_only = None;
        let workspace = match storage::decode(&bytes) {
            Ok(workspace) => workspace,
            Err(LoadError::NewerVersion(version)) => {
                // A newer file can still be looked at, if its shape is one this version reads.
                let browsable = decode_as_current(&bytes).ok_or_else(|| {
                    OpenFailure(disk::OpenError::Bad {
                        path: path.to_path_buf(),
                        error: LoadError::NewerVersion(version),
                    })
                })?;
                read_only = Some(format!(
                    "file version {version} is newer than this journeymap understands"
                ));
                browsable
            }
            Err(error) => {
                return Err(OpenFailure(disk::OpenError::Bad {
                    path: path.to_path_buf(),
                    error,
                }));
            }
        };
        let mut waiting_for_lock = false;
        let lock = if read_only.is_some() {
            None
        } else if !writable(&real) {
            read_only = Some("you may not write to this file or its folder".into());
            None
        } else {
            match lock::acquire(&real) {
                Ok(LockState::Held(lock)) => {
                    disk::sweep_leftovers(&real);
                    Some(lock)
                }
                Ok(LockState::Busy { holder }) => {
                    read_only = Some(format!("being edited by {holder}"));
                    waiting_for_lock = true;
                    None
                }
                Err(error) => {
                    read_only = Some(format!("cannot lock it: {}", disk::io_words(&error)));
                    None
                }
            }
        };
        Ok(Opened {
            session: Session {
                path: real,
                disk: disk_state,
                lock,
                saved_revision: workspace.revision(),
                backed_up: false,
                base: bytes,
                waiting_for_lock,
                refused: None,
            },
            workspace,
            read_only,
        })
    }

    /// Whether the workspace holds edits that are not on disk yet.
    pub fn unsaved(&self, workspace: &Workspace) -> bool {
        workspace.revision() != self.saved_revision
    }

    /// Saves the workspace atomically, unless the file changed on disk since it was read.
    /// The first save of a session keeps the file as it was read in `NAME.bak`.
    pub fn save(&mut self, workspace: &Workspace) -> Result<(), String> {
        let bytes = storage::encode(workspace);
        if !self.backed_up {
            self.backed_up = keep_backup(&self.path);
        }
        match storage::save(&self.path, &bytes, &self.disk) {
            Ok(state) => {
                self.disk = state;
                self.saved_revision = workspace.revision();
                self.base = bytes;
                Ok(())
            }
            Err(storage::SaveError::ChangedOnDisk(_)) => {
                Err("the file was changed on disk by someone else; not overwriting it".into())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Looks whether the file changed on disk and, if it did, what this session should show:
    /// the new file, or the new file merged with this session's unsaved edits.
    pub fn poll_disk(&mut self, ours: &Workspace) -> Option<Reload> {
        let (bytes, state) = match disk::reread_if_changed(&self.path, &self.disk) {
            Ok(Some(changed)) => changed,
            // Unchanged, or gone for a moment (a rename in progress): look again later.
            Ok(None) | Err(_) => return None,
        };
        if state.same_bytes(&self.disk) {
            self.disk = state;
            return None;
        }
        if self.refused.as_ref().is_some_and(|r| r.same_bytes(&state)) {
            return None;
        }
        let theirs = match storage::decode(&bytes) {
            Ok(theirs) => theirs,
            Err(error) => {
                self.refused = Some(state);
                return Some(Reload::Refused(format!(
                    "the file changed on disk and cannot be read ({}); your copy is kept",
                    error.to_string().lines().next().unwrap_or("")
                )));
            }
        };
        let reload = if !self.unsaved(ours) {
            self.saved_revision = theirs.revision();
            Reload::Replaced(theirs)
        } else {
            let base = storage::decode(&self.base).ok();
            match crate::model::merge::merge(base.as_ref(), ours, &theirs) {
                Ok(merged) => {
                    // Not on disk yet: the autosave writes the merge.
                    self.saved_revision = u64::MAX;
                    Reload::Merged {
                        conflicts: merged.conflicts.len(),
                        workspace: merged.workspace,
                    }
                }
                Err(error) => {
                    self.refused = Some(state);
                    return Some(Reload::Refused(format!(
                        "the file changed on disk and your edits cannot be merged into it ({}); your copy is kept",
                        error.to_string().lines().next().unwrap_or("")
                    )));
                }
            }
        };
        self.disk = state;
        self.base = bytes;
        self.refused = None;
        Some(reload)
    }

    /// When the session is read-only because another process holds the lock, tries to take it
    /// (the holder quit or died). Returns whether this session may edit now.
    pub fn try_take_lock(&mut self) -> bool {
        if !self.waiting_for_lock {
            return false;
        }
        match lock::acquire(&self.path) {
            Ok(LockState::Held(lock)) => {
                self.lock = Some(lock);
                self.waiting_for_lock = false;
                true
            }
            _ => false,
        }
    }

    /// Writes the workspace beside the file under a new name, when it cannot be saved in place;
    /// returns where it went.
    /// Beside the file first; failing that (a full disk, a read-only folder) in the user's
    /// data folder, then in the temporary folder.
    pub fn write_recovery(&self, workspace: &Workspace) -> Result<PathBuf, String> {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".recovered-{stamp}.json"));
        let bytes = storage::encode(workspace);
        let folders = [
            self.path.parent().map(Path::to_path_buf),
            storage::location::default_workspace().and_then(|p| p.parent().map(Path::to_path_buf)),
            Some(std::env::temp_dir()),
        ];
        let mut first_error = None;
        for folder in folders.into_iter().flatten() {
            let _ = std::fs::create_dir_all(&folder);
            let path = folder.join(&name);
            match storage::create_new(&path, &bytes) {
                Ok(_) => return Ok(path),
                Err(error) => {
                    first_error.get_or_insert_with(|| error.to_string());
                }
            }
        }
        Err(first_error.unwrap_or_else(|| "no folder to write it in".into()))
    }
}

/// Keeps the bytes read at load as `NAME.bak` (a hard link, so mode and owner stay), so a bad
/// save never destroys the only good copy. Returns whether there is a backup.
fn keep_backup(path: &Path) -> bool {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    let mut temp_name = name.clone();
    name.push(".bak");
    temp_name.push(format!(".bak.{}", std::process::id()));
    let backup = path.with_file_name(name);
    let temp = path.with_file_name(temp_name);
    let _ = std::fs::remove_file(&temp);
    std::fs::hard_link(path, &temp).is_ok() && std::fs::rename(&temp, &backup).is_ok()
}

fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let folder = path.parent().unwrap_or(Path::new("."));
    [path, folder].iter().all(|p| {
        let Ok(c_path) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: a valid NUL-terminated path; access only reads it.
        unsafe { libc::access(c_path.as_ptr(), libc::W_OK) == 0 }
    })
}

/// Reads a newer file as if it were this version, for browsing only.
fn decode_as_current(bytes: &[u8]) -> Option<Workspace> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    value
        .as_object_mut()?
        .insert("version".into(), crate::model::VERSION.into());
    storage::decode(&serde_json::to_vec(&value).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit;
    use crate::storage::location::SAMPLE;

    /// Writes bytes the way another program saves: a new file renamed over the old one.
    fn write_from_outside(path: &Path, bytes: &[u8]) {
        let temp = path.with_extension("outside");
        std::fs::write(&temp, bytes).unwrap();
        std::fs::rename(&temp, path).unwrap();
    }

    fn opened(dir: &Path) -> (PathBuf, Opened) {
        let path = dir.join("plan.json");
        std::fs::write(&path, SAMPLE).unwrap();
        let opened = Session::open(&path).unwrap_or_else(|e| panic!("{:?}", e.0));
        assert!(opened.read_only.is_none());
        (path, opened)
    }

    fn renamed_first_persona(name: &str) -> Vec<u8> {
        let mut theirs = storage::decode(SAMPLE.as_bytes()).unwrap();
        let mut persona = theirs.personas().at(0).unwrap().clone();
        persona.name = name.into();
        edit::update(&mut theirs, persona).unwrap();
        storage::encode(&theirs)
    }

    #[test]
    fn a_change_on_disk_replaces_a_workspace_without_unsaved_edits() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut opened) = opened(dir.path());
        assert!(opened.session.poll_disk(&opened.workspace).is_none());
        write_from_outside(&path, &renamed_first_persona("Clara from outside"));
        match opened.session.poll_disk(&opened.workspace) {
            Some(Reload::Replaced(ws)) => {
                assert_eq!(ws.personas().at(0).unwrap().name, "Clara from outside");
                assert!(!opened.session.unsaved(&ws));
            }
            _ => panic!("the new file should replace the workspace"),
        }
        // Seen once; nothing more to report.
        assert!(opened.session.poll_disk(&opened.workspace).is_none());
    }

    #[test]
    fn unsaved_edits_are_merged_with_a_change_on_disk_and_saved_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, opened) = opened(dir.path());
        let Opened {
            mut session,
            workspace: mut ours,
            ..
        } = opened;
        let step = ours.journeys().at(0).unwrap().steps[1].id;
        edit::set_emotion(&mut ours, step, Some(1)).unwrap();
        assert!(session.unsaved(&ours));
        write_from_outside(&path, &renamed_first_persona("Clara from outside"));

        let merged = match session.poll_disk(&ours) {
            Some(Reload::Merged {
                workspace,
                conflicts: 0,
            }) => workspace,
            _ => panic!("the edits should merge cleanly"),
        };
        assert_eq!(merged.personas().at(0).unwrap().name, "Clara from outside");
        assert_eq!(merged.step(step).unwrap().emotion, Some(1));
        assert!(session.unsaved(&merged), "the merge still has to be saved");
        session.save(&merged).unwrap();
        let on_disk = storage::decode(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(storage::encode(&on_disk), storage::encode(&merged));
    }

    #[test]
    fn an_unreadable_change_on_disk_is_reported_once_and_never_saved_over() {
        let dir = tempfile::tempdir().unwrap();
        let (path, opened) = opened(dir.path());
        let Opened {
            mut session,
            workspace: mut ours,
            ..
        } = opened;
        let step = ours.journeys().at(0).unwrap().steps[0].id;
        edit::set_emotion(&mut ours, step, Some(2)).unwrap();
        write_from_outside(&path, b"{ not json");
        assert!(matches!(session.poll_disk(&ours), Some(Reload::Refused(_))));
        assert!(session.poll_disk(&ours).is_none(), "reported once");
        assert!(
            session.save(&ours).is_err(),
            "someone else's file is not overwritten"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");
    }
}
