//! One editor per workspace: an advisory lock on a file beside it.
//!
//! The lock is taken on `NAME.lock`, not on the workspace itself: saving replaces the
//! workspace's inode, and a lock on the old inode would not stop a second process locking the
//! new one. The lock belongs to the open file, so it dies with its holder (no stale locks); the
//! file tells others who holds it.

use std::fs;
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A held lock; dropping it releases the lock and removes the lock file.
#[derive(Debug)]
pub struct Lock {
    file: fs::File,
    path: PathBuf,
}

/// The outcome of trying to lock a workspace for editing.
#[derive(Debug)]
pub enum LockState {
    /// This process may edit.
    Held(Lock),
    /// Someone else edits; `holder` says who, as they wrote it (user@host, pid, since when).
    Busy { holder: String },
}

/// The lock file of a workspace file.
pub fn lock_path(workspace: &Path) -> PathBuf {
    let mut name = workspace.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    workspace.with_file_name(name)
}

/// Tries to take the editing lock of the workspace at `workspace` (a real path) without waiting.
pub fn acquire(workspace: &Path) -> io::Result<LockState> {
    let path = lock_path(workspace);
    // What a new lock file takes after: the workspace's mode and group (see `open_lock_file`).
    let like = fs::metadata(workspace).map_or((0o600, None), |m| (m.mode() & 0o666, Some(m.gid())));
    loop {
        let (mut file, writable) = open_lock_file(&path, like)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim().to_string();
                return Ok(LockState::Busy {
                    holder: if holder.is_empty() {
                        "another process".into()
                    } else {
                        holder
                    },
                });
            }
            Err(fs::TryLockError::Error(error)) => return Err(error),
        }
        // The previous holder removes the file just before letting go; if we locked a file that
        // is no longer at the path, try again with the one that is.
        let ours = file.metadata()?;
        match fs::symlink_metadata(&path) {
            Ok(there) if there.ino() == ours.ino() && there.dev() == ours.dev() => {}
            _ => continue,
        }
        if !writable {
            // A lock file left by a holder who died, made by a journeymap that did not give it
            // the workspace's mode: we may not write our name in it. Replace it with one of our
            // own (whoever locks that first is the next holder). If it cannot be removed, edit
            // anyway: the lock is ours; only the name others are shown stays the old one.
            if fs::remove_file(&path).is_ok() {
                continue;
            }
            return Ok(LockState::Held(Lock { file, path }));
        }
        file.set_len(0)?;
        file.seek(io::SeekFrom::Start(0))?;
        file.write_all(holder_line().as_bytes())?;
        file.flush()?;
        return Ok(LockState::Held(Lock { file, path }));
    }
}

/// Opens (creating) the lock file without following a symlink planted in its place, and says
/// whether it could be opened for writing. Everyone who may write the workspace must be able to
/// take the lock over from a holder who died and write their name in it, and everyone who may
/// read the workspace to read who holds it: so a lock file this process creates gets the
/// workspace's mode (without execute bits, whatever the umask) and group. A lock works on a
/// read-only file too.
fn open_lock_file(path: &Path, (mode, gid): (u32, Option<u32>)) -> io::Result<(fs::File, bool)> {
    let open = |write: bool| {
        fs::OpenOptions::new()
            .read(true)
            .write(write)
            .create(write)
            .truncate(false)
            .mode(mode)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
    };
    let file = match open(true) {
        // A lock file we may only read; where there is none, the folder refused to make one,
        // and that is the reason to give (not that there is no lock file).
        Err(denied) if denied.kind() == io::ErrorKind::PermissionDenied => {
            return match open(false) {
                Ok(file) => Ok((file, false)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Err(denied),
                Err(error) => Err(error),
            };
        }
        other => other?,
    };
    let ours = file.metadata()?;
    // SAFETY: geteuid cannot fail.
    if ours.uid() == unsafe { libc::geteuid() } {
        if gid.is_some_and(|gid| gid != ours.gid()) {
            let _ = std::os::unix::fs::fchown(&file, None, gid);
        }
        if ours.mode() & 0o7777 != mode {
            let _ = file.set_permissions(fs::Permissions::from_mode(mode));
        }
    }
    Ok((file, true))
}

/// `user@host, pid N, since YYYY-MM-DD HH:MM UTC`.
fn holder_line() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{}@{}, pid {}, since {:04}-{:02}-{:02} {:02}:{:02} UTC\n",
        user_name(),
        host_name(),
        std::process::id(),
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute()
    )
}

/// The login name of this process's user.
pub fn user_name() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.is_empty()
        {
            return name;
        }
    }
    // SAFETY: getuid cannot fail; getpwuid_r writes only into the buffers it is given, and
    // the name it points at lives in `buf`.
    unsafe {
        let uid = libc::getuid();
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut buf = [0 as libc::c_char; 1024];
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        if libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) == 0
            && !found.is_null()
            && !entry.pw_name.is_null()
        {
            return std::ffi::CStr::from_ptr(entry.pw_name)
                .to_string_lossy()
                .into_owned();
        }
        format!("uid {uid}")
    }
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it or fails.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|b| *b == 0).unwrap_or(0);
    match std::str::from_utf8(&buf[..end]) {
        Ok(name) if ok && !name.is_empty() => name.to_string(),
        _ => "localhost".into(),
    }
}

impl Lock {
    /// Whether the lock file at the path is still the one this lock holds. Someone may have
    /// deleted it (or put another file there): then a second editor could lock the new file,
    /// and the holder must take the lock again at once.
    pub fn is_current(&self) -> bool {
        let (Ok(ours), Ok(there)) = (self.file.metadata(), fs::symlink_metadata(&self.path)) else {
            return false;
        };
        ours.dev() == there.dev() && ours.ino() == there.ino()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, so whoever locks next locks a live file;
        // but only our own: a lock file someone else created in its place is theirs.
        if self.is_current() {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}
