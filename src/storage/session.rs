//! The open workspace file of an editing session (the screen's): its lock, what is on disk,
//! saving, the `.bak` of the first save and recovery copies.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::location::Template;
use super::{self as storage, DiskState, LoadError, Lock, LockState, backup, disk, lock};
use crate::model::merge::Merged;
use crate::model::rules::Problem;
use crate::model::{Snapshot, Workspace};

/// The file behind the screen.
pub struct Session {
    /// The real file (symlinks resolved).
    pub path: PathBuf,
    /// What the file looked like when last read or written; `None` while the file does not
    /// exist yet (a new workspace: its first save creates it).
    disk: Option<DiskState>,
    /// Held while this session may edit; `None` when read-only.
    lock: Option<Lock>,
    /// The workspace revision that is on disk.
    saved_revision: u64,
    backed_up: bool,
    /// The workspace as last read from or written to the file: the common ancestor when the
    /// file changes on disk while this session has unsaved edits. A snapshot, so it shares its
    /// rows with the workspace shown instead of keeping a second copy of the file.
    base: Snapshot,
    /// Read-only only because someone else holds the lock: take it when they let go.
    waiting_for_lock: bool,
    /// A change on disk that could not be read, already reported (not reported again).
    refused: Option<DiskState>,
    /// A save was refused: read the file at the next look, whatever its size and time say.
    reread: bool,
    /// The file is gone from disk (deleted or renamed away); already reported.
    vanished: bool,
}

/// A save ready to run on the worker thread: the workspace as it was when the save started
/// (taken in O(1) on the screen's thread), encoded and written by the worker, so that neither
/// the encoding nor the writing holds up a key, and edits made meanwhile are not in this save.
pub struct SaveJob {
    path: PathBuf,
    snapshot: Snapshot,
    /// `None`: the file does not exist yet, and this save creates it.
    expected: Option<DiskState>,
    back_up: bool,
}

/// What became of a [`SaveJob`].
pub struct Landed {
    snapshot: Snapshot,
    backed_up: bool,
    result: Result<DiskState, storage::SaveError>,
}

impl SaveJob {
    /// The first save of a session keeps the file as it was read in `NAME.bak`, then the file
    /// is replaced atomically, unless it changed on disk since it was read.
    pub fn run(self) -> Landed {
        let size_hint = self.expected.as_ref().map_or(0, DiskState::size);
        let bytes = storage::codec::encode_snapshot(&self.snapshot, size_hint as usize);
        let backed_up = self.back_up && self.expected.is_some() && keep_backup(&self.path);
        let result = match &self.expected {
            Some(expected) => storage::save(&self.path, &bytes, expected),
            // Never over a file that appeared meanwhile: that one is read and merged.
            None => storage::create_new(&self.path, &bytes).map(|(_, state)| state),
        };
        Landed {
            snapshot: self.snapshot,
            backed_up,
            result,
        }
    }
}

/// A look at the file after its metadata said it changed, ready to run on the worker thread:
/// reading, decoding and merging a large file take far longer than a key may wait.
pub struct ReadJob {
    path: PathBuf,
    /// What the file looked like when last read or written (`None`: not created yet).
    known: Option<DiskState>,
    /// A change already refused: the same bytes again are not reported again.
    refused: Option<DiskState>,
    /// The workspace shown when the look started, and whether it held unsaved edits (then
    /// they are merged into the file's new contents, with `base` as the common ancestor).
    ours: Snapshot,
    unsaved: bool,
    base: Snapshot,
    /// The file, already read and decoded: only the merge is to be done again (the workspace
    /// was edited while the first merge ran).
    theirs: Option<(Box<Workspace>, DiskState)>,
}

/// What a [`ReadJob`] found.
pub enum ReadBack {
    /// The same bytes (a touch), or bytes already refused: nothing to show.
    Unchanged(DiskState),
    /// The file is gone from disk.
    Gone,
    /// Unreadable for a moment: look again later.
    Unreadable,
    /// The file cannot be used, and why.
    Refused(DiskState, Refusal),
    /// The file's contents, and the merge with the unsaved edits of `ours_revision` (`None`
    /// when there were none: the file replaces the workspace).
    Read {
        state: DiskState,
        theirs: Box<Workspace>,
        merged: Option<Box<Merged>>,
        ours_revision: u64,
    },
}

impl ReadJob {
    pub fn run(self) -> ReadBack {
        let (theirs, state) = match self.theirs {
            Some(read) => read,
            None => {
                let (bytes, state) = match disk::reread(&self.path) {
                    Ok(read) => read,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                        return ReadBack::Gone;
                    }
                    Err(_) => return ReadBack::Unreadable,
                };
                let seen = |other: &Option<DiskState>| {
                    other.as_ref().is_some_and(|other| state.same_bytes(other))
                };
                if seen(&self.known) || seen(&self.refused) {
                    return ReadBack::Unchanged(state);
                }
                match storage::decode(&bytes) {
                    Ok(theirs) => (Box::new(theirs), state),
                    Err(error) => {
                        let why = error.to_string().lines().next().unwrap_or("").to_string();
                        return ReadBack::Refused(state, Refusal::Unreadable(why));
                    }
                }
            }
        };
        let merged = if self.unsaved {
            let base = self.base.to_workspace();
            let ours = self.ours.to_workspace();
            match crate::model::merge::merge(Some(&base), &ours, &theirs) {
                Ok(merged) => Some(Box::new(merged)),
                Err(error) => {
                    let why = error.to_string().lines().next().unwrap_or("").to_string();
                    return ReadBack::Refused(state, Refusal::Unmergeable(why));
                }
            }
        } else {
            None
        };
        ReadBack::Read {
            state,
            theirs,
            merged,
            ours_revision: self.ours.revision(),
        }
    }
}

/// What [`Session::look_at_disk`] found, at the cost of one `stat`.
pub enum Look {
    /// Nothing changed (or nothing new to say).
    Nothing,
    /// The file is gone from disk: the words say so (once).
    Gone(String),
    /// The file changed: read it on the worker, then [`Session::take_in`] what it found.
    Read(Box<ReadJob>),
}

/// What [`Session::take_in`] made of a [`ReadBack`].
pub enum TakenIn {
    Nothing,
    Reload(Box<Reload>),
    /// The workspace was edited while the file was read and merged: merge again, with the file
    /// as already read.
    Again(Box<ReadJob>),
}

fn vanished_words(path: &Path) -> String {
    format!(
        "{} was deleted or moved on disk",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// What happened when the file changed on disk.
pub enum Reload {
    /// The file on disk replaces the workspace (there were no unsaved edits).
    Replaced(Workspace),
    /// Unsaved edits were merged with the file by id; `conflicts` could not be settled.
    Merged {
        workspace: Workspace,
        conflicts: usize,
        /// The file as read, which the merge was made from: no longer needed, and as large as
        /// the workspace, so the screen frees it away from the keys.
        read: Box<Workspace>,
    },
    /// The file on disk cannot be used; this session's copy is kept and not written over it.
    Refused(Refusal),
}

/// Why the file on disk was not taken in. The words are the screen's to choose, because what
/// stays differs: an editor keeps its copy (and will write it), a presentation keeps showing
/// the version it last read (and writes nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The file is gone from disk: the words say so (what stays follows them).
    Gone(String),
    /// The file changed and cannot be read: the first line of the reader's why.
    Unreadable(String),
    /// The file changed and this session's edits cannot be merged into it: the merge's why.
    Unmergeable(String),
}

impl Refusal {
    /// In the editor, which keeps its copy: `…cannot be read (why); your copy is kept`.
    pub fn for_editor(&self) -> String {
        self.words("your copy is kept")
    }

    /// In a presentation, which shows what it last read and keeps nothing of its own:
    /// `…cannot be read (why); still showing the last version read`.
    pub fn for_presentation(&self) -> String {
        self.words("still showing the last version read")
    }

    fn words(&self, what_stays: &str) -> String {
        match self {
            Refusal::Gone(words) => format!("{words}; {what_stays}"),
            Refusal::Unreadable(why) => {
                format!("the file changed on disk and cannot be read ({why}); {what_stays}")
            }
            Refusal::Unmergeable(why) => format!(
                "the file changed on disk and your edits cannot be merged into it ({why}); {what_stays}"
            ),
        }
    }
}

/// A workspace opened for the screen, and why it is read-only, if it is.
pub struct Opened {
    pub session: Session,
    pub workspace: Workspace,
    pub read_only: Option<String>,
    /// The rules the file breaks, in file order: such a file opens read-only, to be looked at
    /// and repaired when asked, never written by the screen.
    pub problems: Vec<Problem>,
}

impl Session {
    pub fn open(path: &Path) -> Result<Opened, disk::OpenError> {
        if std::fs::symlink_metadata(path)
            .is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound)
        {
            return Self::open_new(path);
        }
        let mut opened = Self::read_existing(path)?;
        let real = opened.session.path.clone();
        if opened.read_only.is_some() {
            return Ok(opened);
        }
        opened.session.lock = if !writable(&[&real, real.parent().unwrap_or(Path::new("."))]) {
            opened.read_only = Some("you may not write to this file or its folder".into());
            None
        } else {
            match lock::acquire(&real) {
                Ok(LockState::Held(lock)) => {
                    disk::sweep_leftovers(&real);
                    Some(lock)
                }
                Ok(LockState::Busy { holder }) => {
                    opened.read_only = Some(format!("being edited by {holder}"));
                    opened.session.waiting_for_lock = true;
                    None
                }
                Err(error) => {
                    opened.read_only = Some(format!("cannot lock it: {}", disk::io_words(&error)));
                    None
                }
            }
        };
        Ok(opened)
    }

    /// An existing file opened only to be looked at and followed, as a presentation does: it
    /// takes no lock, sweeps nothing and creates nothing (a path that names nothing is an
    /// error, not a new workspace), and the session never saves, for its workspace is never
    /// edited. A change on disk replaces what is shown ([`Session::look_at_disk`]).
    pub fn follow(path: &Path) -> Result<Opened, disk::OpenError> {
        Self::read_existing(path)
    }

    /// The file at `path` read and checked, with no lock yet: read-only when it breaks rules
    /// or is of a newer version.
    fn read_existing(path: &Path) -> Result<Opened, disk::OpenError> {
        // The bytes are let go before the workspace's lookups are built: the file's bytes and
        // the lookups are never in memory at once (at a million items, 500 MB less at the peak
        // of opening).
        let (real, (parsed, browsable), disk_state) = disk::read_with(path, |bytes| {
            let parsed = storage::parse(bytes);
            // A newer file can still be looked at, if its shape is one this version reads.
            let browsable = matches!(parsed, Err(LoadError::NewerVersion(_)))
                .then(|| decode_as_current(bytes))
                .flatten();
            (parsed, browsable)
        })?;
        let mut read_only = None;
        let mut problems = Vec::new();
        let workspace = match parsed {
            Ok(parsed) => {
                let read = parsed.into_flawed();
                if !read.problems.is_empty() {
                    read_only = Some(format!(
                        "the file breaks {} rule{}",
                        read.problems.len(),
                        if read.problems.len() == 1 { "" } else { "s" }
                    ));
                    problems = read.problems;
                }
                read.workspace
            }
            Err(LoadError::NewerVersion(version)) => {
                let browsable = browsable.ok_or_else(|| disk::OpenError::Bad {
                    path: path.to_path_buf(),
                    error: LoadError::NewerVersion(version),
                })?;
                read_only = Some(format!(
                    "file version {version} is newer than this journeymap understands"
                ));
                browsable
            }
            Err(error) => {
                return Err(disk::OpenError::Bad {
                    path: path.to_path_buf(),
                    error,
                });
            }
        };
        Ok(Opened {
            session: Session {
                path: real,
                disk: Some(disk_state),
                lock: None,
                saved_revision: workspace.revision(),
                backed_up: false,
                base: workspace.snapshot(),
                waiting_for_lock: false,
                refused: None,
                reread: false,
                vanished: false,
            },
            workspace,
            read_only,
            problems,
        })
    }

    /// A path that names nothing yet: a new, blank workspace named after the file, which creates
    /// nothing on disk until its first edit is saved (as vim does). Its folder must exist.
    fn open_new(path: &Path) -> Result<Opened, disk::OpenError> {
        let unreadable = |source| disk::OpenError::Unreadable {
            path: path.to_path_buf(),
            source,
        };
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = path.file_name().ok_or_else(|| {
            unreadable(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path names no file",
            ))
        })?;
        let real = std::fs::canonicalize(folder)
            .map_err(unreadable)?
            .join(name);
        let title = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "New workspace".into());
        let bytes = Template::Blank.bytes(Some(&title));
        let workspace = storage::decode(&bytes).expect("the blank template is valid");
        let (lock, read_only, waiting_for_lock) = if !writable(&[folder]) {
            (None, Some("you may not write to its folder".into()), false)
        } else {
            match lock::acquire(&real) {
                Ok(LockState::Held(lock)) => (Some(lock), None, false),
                Ok(LockState::Busy { holder }) => {
                    (None, Some(format!("being edited by {holder}")), true)
                }
                Err(error) => (
                    None,
                    Some(format!("cannot lock it: {}", disk::io_words(&error))),
                    false,
                ),
            }
        };
        Ok(Opened {
            session: Session {
                path: real,
                disk: None,
                waiting_for_lock,
                lock,
                saved_revision: workspace.revision(),
                backed_up: false,
                base: workspace.snapshot(),
                refused: None,
                reread: false,
                vanished: false,
            },
            workspace,
            read_only,
            problems: Vec::new(),
        })
    }

    /// Whether the workspace holds edits that are not on disk yet — or, for the editor who
    /// holds the lock, the file was deleted on disk, so that what is shown is nowhere else.
    pub fn unsaved(&self, workspace: &Workspace) -> bool {
        workspace.revision() != self.saved_revision || (self.vanished && self.lock.is_some())
    }

    /// Saves the workspace atomically, unless the file changed on disk since it was read.
    /// The first save of a session keeps the file as it was read in `NAME.bak`.
    pub fn save(&mut self, workspace: &Workspace) -> Result<(), String> {
        let job = self.save_job(workspace.snapshot());
        self.land(job.run())
    }

    /// A save of `snapshot` to run on another thread, with what the file must still look like.
    pub fn save_job(&self, snapshot: Snapshot) -> SaveJob {
        SaveJob {
            path: self.path.clone(),
            snapshot,
            expected: self.disk.clone(),
            back_up: !self.backed_up,
        }
    }

    /// Takes in the outcome of a save. A save refused because the file changed on disk makes
    /// the next [`Session::look_at_disk`] read the file whatever its size and time say: a
    /// change that kept both (an in-place rewrite with the time put back) is then reloaded or
    /// merged like any other, instead of failing every save until the user quits.
    pub fn land(&mut self, landed: Landed) -> Result<(), String> {
        self.backed_up |= landed.backed_up;
        match landed.result {
            Ok(state) => {
                self.disk = Some(state);
                self.saved_revision = landed.snapshot.revision();
                self.base = landed.snapshot;
                Ok(())
            }
            Err(storage::SaveError::ChangedOnDisk(_) | storage::SaveError::Exists(_)) => {
                self.reread = true;
                Err("the file was changed on disk by someone else; not overwriting it".into())
            }
            Err(storage::SaveError::Vanished(_)) => {
                self.vanished = true;
                Err(vanished_words(&self.path))
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Takes in a write another part of this program made to the file (the presentation's
    /// comment, see [`edit_file`](super::one_edit::edit_file)): what is on disk is now
    /// `workspace`, so it is not read back as someone else's change.
    pub fn wrote(&mut self, workspace: &Workspace, state: DiskState) {
        self.disk = Some(state);
        self.base = workspace.snapshot();
        self.saved_revision = self.base.revision();
    }

    /// Looks whether the file changed on disk and, if it did, what this session should show:
    /// the new file, or the new file merged with this session's unsaved edits. Reads, decodes
    /// and merges here; the screen does that part on its worker ([`Session::look_at_disk`],
    /// [`ReadJob::run`], [`Session::take_in`]).
    #[cfg(test)]
    pub fn poll_disk(&mut self, ours: &Workspace) -> Option<Reload> {
        match self.look_at_disk(ours) {
            Look::Nothing => None,
            Look::Gone(words) => Some(Reload::Refused(Refusal::Gone(words))),
            Look::Read(job) => match self.take_in(job.run(), ours) {
                TakenIn::Nothing => None,
                TakenIn::Reload(reload) => Some(*reload),
                TakenIn::Again(_) => unreachable!("nothing was edited meanwhile"),
            },
        }
    }

    /// Whether the file changed on disk, from its metadata alone (one `stat`, cheap enough for
    /// the screen's thread); if it did, the job that reads it.
    pub fn look_at_disk(&mut self, ours: &Workspace) -> Look {
        let forced = std::mem::take(&mut self.reread);
        let changed = match std::fs::metadata(&self.path) {
            // Not created yet: nothing to see until someone creates it.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && self.disk.is_none() => {
                return Look::Nothing;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                // Said once; until the file is back, every save fails and quitting writes a
                // recovery copy (see `unsaved`).
                return if std::mem::replace(&mut self.vanished, true) {
                    Look::Nothing
                } else {
                    Look::Gone(vanished_words(&self.path))
                };
            }
            // Unreadable for a moment: look again later.
            Err(_) => return Look::Nothing,
            Ok(meta) => {
                let differs = |state: &Option<DiskState>| {
                    state
                        .as_ref()
                        .is_none_or(|state| state.look(&meta) == disk::Look::Changed)
                };
                forced || (differs(&self.disk) && differs(&self.refused))
            }
        };
        if !changed {
            return Look::Nothing;
        }
        Look::Read(self.read_job(ours, None))
    }

    /// A job to look at the file for `ours`, from what this session knows of it; `theirs`: the
    /// file as an earlier job read it, when only the merge is to be done again.
    fn read_job(
        &self,
        ours: &Workspace,
        theirs: Option<(Box<Workspace>, DiskState)>,
    ) -> Box<ReadJob> {
        Box::new(ReadJob {
            path: self.path.clone(),
            known: self.disk.clone(),
            refused: self.refused.clone(),
            ours: ours.snapshot(),
            unsaved: self.unsaved(ours),
            base: self.base.clone(),
            theirs,
        })
    }

    /// Takes in what a [`ReadJob`] found; `ours` is the workspace shown now.
    pub fn take_in(&mut self, found: ReadBack, ours: &Workspace) -> TakenIn {
        let (state, theirs, merged) = match found {
            ReadBack::Unchanged(state) => {
                self.vanished = false;
                if self.refused.as_ref().is_none_or(|r| !r.same_bytes(&state)) {
                    self.disk = Some(state);
                }
                return TakenIn::Nothing;
            }
            ReadBack::Gone => {
                if self.disk.is_none() || std::mem::replace(&mut self.vanished, true) {
                    return TakenIn::Nothing;
                }
                return TakenIn::Reload(Box::new(Reload::Refused(Refusal::Gone(vanished_words(
                    &self.path,
                )))));
            }
            ReadBack::Unreadable => return TakenIn::Nothing,
            ReadBack::Refused(state, refusal) => {
                self.vanished = false;
                self.refused = Some(state);
                return TakenIn::Reload(Box::new(Reload::Refused(refusal)));
            }
            ReadBack::Read {
                ours_revision,
                state,
                theirs,
                ..
            } if ours_revision != ours.revision() => {
                return TakenIn::Again(self.read_job(ours, Some((theirs, state))));
            }
            ReadBack::Read {
                state,
                theirs,
                merged,
                ..
            } => (state, theirs, merged),
        };
        self.vanished = false;
        self.disk = Some(state);
        self.base = theirs.snapshot();
        self.refused = None;
        TakenIn::Reload(Box::new(match merged {
            None => {
                self.saved_revision = theirs.revision();
                Reload::Replaced(*theirs)
            }
            Some(merged) => {
                // Not on disk yet: the autosave writes the merge.
                self.saved_revision = u64::MAX;
                Reload::Merged {
                    conflicts: merged.conflicts.len(),
                    workspace: merged.workspace,
                    read: theirs,
                }
            }
        }))
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

    /// Checks that the lock file at the path is still the one this session holds: when someone
    /// deleted it, a second editor could lock a new one. Takes the lock again at once; if a
    /// second editor got in first, this session becomes the read-only one and waits.
    pub fn keep_lock(&mut self) -> LockCheck {
        if self.lock.as_ref().is_none_or(Lock::is_current) {
            return LockCheck::Held;
        }
        match lock::acquire(&self.path) {
            Ok(LockState::Held(lock)) => {
                self.lock = Some(lock);
                LockCheck::Held
            }
            Ok(LockState::Busy { holder }) => {
                self.lock = None;
                self.waiting_for_lock = true;
                LockCheck::Lost(format!("being edited by {holder}"))
            }
            // Cannot tell (the folder went away, say): keep the lock held, look again later.
            Err(_) => LockCheck::Held,
        }
    }

    /// Writes the workspace under a new name when it cannot be saved in place; returns where it
    /// went. Beside the file if its folder is still there; failing that (a full disk, a
    /// read-only or deleted folder) in the user's data folder, then in the temporary folder. A
    /// deleted folder is never created again.
    pub fn write_recovery(&self, workspace: &Workspace) -> Result<PathBuf, String> {
        let data_folder = storage::location::default_workspace()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|folder| {
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(folder)
                    .is_ok()
            });
        let folders = [
            self.path.parent().map(Path::to_path_buf),
            data_folder,
            Some(std::env::temp_dir()),
        ];
        write_recovery_in(
            &self.path,
            &storage::encode(workspace),
            folders.into_iter().flatten(),
        )
    }
}

/// Writes `bytes` as a recovery copy of `path` in the first of `folders` that exists and takes
/// it. A folder that is gone is skipped, never created again.
fn write_recovery_in(
    path: &Path,
    bytes: &[u8],
    folders: impl IntoIterator<Item = PathBuf>,
) -> Result<PathBuf, String> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".recovered-{}.json", local_time_stamp()));
    let mut first_error = None;
    for folder in folders {
        if !folder.is_dir() {
            first_error.get_or_insert_with(|| format!("{} is gone", folder.display()));
            continue;
        }
        let path = folder.join(&name);
        match storage::create_new(&path, bytes) {
            Ok(_) => return Ok(path),
            Err(error) => {
                first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "no folder to write it in".into()))
}

/// What [`Session::keep_lock`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum LockCheck {
    /// This session holds the lock (or never had it).
    Held,
    /// Someone else holds it now; the words say who.
    Lost(String),
}

/// The local time as `2026-11-29_08-15-03`: readable, sorts by time, and safe in a file name.
fn local_time_stamp() -> String {
    // SAFETY: time(NULL) only returns the time; localtime_r writes only into `tm`, which is a
    // plain C struct for which all zeroes is a valid value.
    let tm = unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return time::OffsetDateTime::now_utc().unix_timestamp().to_string();
        }
        tm
    };
    format!(
        "{:04}-{:02}-{:02}_{:02}-{:02}-{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec
    )
}

/// Keeps the bytes read at load as `NAME.bak` (see [`backup::keep`]), so a bad save never
/// destroys the only good copy. Returns whether there is a backup.
fn keep_backup(path: &Path) -> bool {
    backup::keep(path).is_ok()
}

/// Whether this process may write to every one of `paths`.
fn writable(paths: &[&Path]) -> bool {
    use std::os::unix::ffi::OsStrExt;
    paths.iter().all(|p| {
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
        let opened = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(opened.read_only.is_none());
        (path, opened)
    }

    /// [`opened`], taken apart: the file, the session and our workspace.
    fn session_on_sample(dir: &Path) -> (PathBuf, Session, Workspace) {
        let (path, opened) = opened(dir);
        (path, opened.session, opened.workspace)
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
        let (path, mut session, mut ours) = session_on_sample(dir.path());
        let step = ours.journeys().at(0).unwrap().steps[1].id;
        edit::set_emotion(&mut ours, step, Some(1)).unwrap();
        assert!(session.unsaved(&ours));
        write_from_outside(&path, &renamed_first_persona("Clara from outside"));

        let merged = match session.poll_disk(&ours) {
            Some(Reload::Merged {
                workspace,
                conflicts: 0,
                ..
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
        let (path, mut session, mut ours) = session_on_sample(dir.path());
        edited(&mut ours, 2);
        write_from_outside(&path, b"{ not json");
        assert!(matches!(session.poll_disk(&ours), Some(Reload::Refused(_))));
        assert!(session.poll_disk(&ours).is_none(), "reported once");
        assert!(
            session.save(&ours).is_err(),
            "someone else's file is not overwritten"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");
    }

    fn edited(workspace: &mut Workspace, emotion: u8) {
        let step = workspace.journeys().at(0).unwrap().steps[0].id;
        edit::set_emotion(workspace, step, Some(emotion)).unwrap();
    }

    #[test]
    fn an_edit_made_while_a_save_runs_is_still_unsaved_when_it_lands() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut session, mut ours) = session_on_sample(dir.path());
        edited(&mut ours, 1);
        let job = session.save_job(ours.snapshot());
        edited(&mut ours, 2);
        session.land(job.run()).unwrap();
        assert!(
            session.unsaved(&ours),
            "the second edit is not in that save"
        );
        let on_disk = storage::decode(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(on_disk.journeys().at(0).unwrap().steps[0].emotion, Some(1));
        session.save(&ours).unwrap();
        assert!(!session.unsaved(&ours));
    }

    #[test]
    fn a_change_on_disk_while_a_save_is_on_its_way_is_merged_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut session, mut ours) = session_on_sample(dir.path());
        edited(&mut ours, 1);
        let job = session.save_job(ours.snapshot());
        write_from_outside(&path, &renamed_first_persona("Clara from outside"));
        assert!(
            session.land(job.run()).is_err(),
            "their file is not overwritten"
        );
        match session.poll_disk(&ours) {
            Some(Reload::Merged { workspace, .. }) => {
                assert_eq!(
                    workspace.personas().at(0).unwrap().name,
                    "Clara from outside"
                );
                session.save(&workspace).unwrap();
            }
            _ => panic!("the refused save should lead to a merge"),
        }
    }

    #[test]
    fn a_same_size_change_in_place_with_the_time_put_back_is_merged_after_a_refused_save() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut session, mut ours) = session_on_sample(dir.path());
        // Theirs: the same bytes with one letter changed, written into the same inode, and the
        // modification time set back: size, inode and time all look unchanged.
        let before = std::fs::metadata(&path).unwrap();
        let theirs = String::from_utf8(std::fs::read(&path).unwrap())
            .unwrap()
            .replacen("Commuter Clara", "Commuter Klara", 1);
        let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        std::io::Write::write_all(&mut file, theirs.as_bytes()).unwrap();
        file.set_times(std::fs::FileTimes::new().set_modified(before.modified().unwrap()))
            .unwrap();
        drop(file);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), before.len());

        edited(&mut ours, 1);
        assert!(
            session.poll_disk(&ours).is_none(),
            "size and time look unchanged"
        );
        assert!(session.save(&ours).is_err(), "the hash tells: refused");
        match session.poll_disk(&ours) {
            Some(Reload::Merged {
                workspace,
                conflicts: 0,
                ..
            }) => {
                assert_eq!(workspace.personas().at(0).unwrap().name, "Commuter Klara");
                assert_eq!(
                    workspace.journeys().at(0).unwrap().steps[0].emotion,
                    Some(1)
                );
                session
                    .save(&workspace)
                    .expect("the merge saves: no SAVE FAILED for ever");
            }
            _ => panic!("a refused save should lead to a merge"),
        }
    }

    #[test]
    fn following_a_file_takes_no_lock_creates_nothing_and_sees_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        std::fs::write(&path, SAMPLE).unwrap();
        let Opened {
            mut session,
            workspace,
            ..
        } = Session::follow(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let names = || {
            let mut names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(), ["plan.json"], "no lock file");
        let editor = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(editor.read_only.is_none(), "an editor still gets the lock");
        drop(editor);
        assert!(!session.unsaved(&workspace));

        write_from_outside(&path, &renamed_first_persona("Clara from outside"));
        match session.poll_disk(&workspace) {
            Some(Reload::Replaced(ws)) => {
                assert_eq!(ws.personas().at(0).unwrap().name, "Clara from outside");
            }
            _ => panic!("the change should be read"),
        }
        assert!(
            Session::follow(&dir.path().join("none.json")).is_err(),
            "a path that names nothing is an error, not a new workspace"
        );
        assert!(!dir.path().join("none.json").exists());
    }

    #[test]
    fn a_deleted_lock_file_is_taken_again_so_a_second_editor_stays_out() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut opened) = opened(dir.path());
        let lock_file = lock::lock_path(&path);
        assert_eq!(opened.session.keep_lock(), LockCheck::Held);
        std::fs::remove_file(&lock_file).unwrap();
        assert_eq!(opened.session.keep_lock(), LockCheck::Held);
        assert!(lock_file.exists(), "the lock file is back");
        let second = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            second
                .read_only
                .is_some_and(|r| r.contains("being edited by")),
            "a second editor is kept out"
        );
    }

    #[test]
    fn a_holder_whose_lock_file_was_taken_by_a_second_editor_becomes_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut first) = opened(dir.path());
        std::fs::remove_file(lock::lock_path(&path)).unwrap();
        let second = Session::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(second.read_only.is_none(), "the second got in meanwhile");
        assert!(matches!(first.session.keep_lock(), LockCheck::Lost(_)));
        drop(first);
        assert!(
            lock::lock_path(&path).exists(),
            "the first does not remove the second's lock file"
        );
    }

    #[test]
    fn a_deleted_workspace_file_is_said_once_and_its_copy_is_kept_at_quit() {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut opened) = opened(dir.path());
        std::fs::remove_file(&path).unwrap();
        match opened.session.poll_disk(&opened.workspace) {
            Some(Reload::Refused(refusal)) => {
                let words = refusal.for_editor();
                assert!(words.contains("deleted"), "{words}");
            }
            _ => panic!("the deletion should be noticed"),
        }
        assert!(
            opened.session.poll_disk(&opened.workspace).is_none(),
            "said once"
        );
        assert!(
            opened.session.unsaved(&opened.workspace),
            "what is shown is nowhere else now"
        );
        assert!(opened.session.save(&opened.workspace).is_err());
        assert!(!path.exists(), "a deleted file is not written back");
    }

    #[test]
    fn a_recovery_copy_never_creates_a_deleted_folder_again() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("project");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let written =
            write_recovery_in(&gone.join("plan.json"), b"{}", [gone.clone(), data.clone()])
                .unwrap();
        assert!(!gone.exists(), "the deleted folder stays deleted");
        assert_eq!(written.parent(), Some(data.as_path()));
    }

    #[test]
    fn a_recovery_copy_is_named_with_a_readable_local_time() {
        let dir = tempfile::tempdir().unwrap();
        let written =
            write_recovery_in(&dir.path().join("plan.json"), b"{}", [dir.path().into()]).unwrap();
        let name = written.file_name().unwrap().to_string_lossy().into_owned();
        // plan.json.recovered-2026-11-29_08-15-03.json
        let stamp = name
            .strip_prefix("plan.json.recovered-")
            .and_then(|rest| rest.strip_suffix(".json"))
            .unwrap_or_else(|| panic!("{name}"));
        let shape: String = stamp
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        assert_eq!(shape, "9999-99-99_99-99-99", "{name}");
    }
}
