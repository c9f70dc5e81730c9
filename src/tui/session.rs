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
    _lock: Option<Lock>,
    /// The workspace revision that is on disk.
    saved_revision: u64,
    backed_up: bool,
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
        let lock = if read_only.is_some() {
            None
        } else if !writable(&real) {
            read_only = Some("you may not write to this file or its folder".into());
            None
        } else {
            match lock::acquire(&real) {
                Ok(LockState::Held(lock)) => Some(lock),
                Ok(LockState::Busy { holder }) => {
                    read_only = Some(format!("being edited by {holder}"));
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
                _lock: lock,
                saved_revision: workspace.revision(),
                backed_up: false,
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
                Ok(())
            }
            Err(storage::SaveError::ChangedOnDisk(_)) => {
                Err("the file was changed on disk by someone else; not overwriting it".into())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Writes the workspace beside the file under a new name, when it cannot be saved in place;
    /// returns where it went.
    pub fn write_recovery(&self, workspace: &Workspace) -> Result<PathBuf, String> {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".recovered-{stamp}.json"));
        let path = self.path.with_file_name(name);
        storage::create_new(&path, &storage::encode(workspace))
            .map(|_| path)
            .map_err(|e| e.to_string())
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
