//! Reading and saving workspace files so that nothing is ever lost.
//!
//! A save is an atomic replace (temporary file in the same folder, written, fsynced, renamed over
//! the target, folder fsynced): a crash or kill at any instant leaves the old file or the new
//! one. Before writing, the file on disk is compared with what was read; any difference means
//! someone else changed it, and the save is refused.

use std::fs;
use std::hash::Hasher;
use std::io::{self, Write};
use std::ops::Not;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::codec::{LoadError, decode};
use super::mapped::Mapped;
use crate::model::{Workspace, helpers};

/// What a file looked like when it was read or written, to notice later changes by anyone else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskState {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    /// Changed by every write and every setting of the times, and never set back by anyone.
    ctime: (i64, i64),
    /// The times alone cannot tell a later change (see [`DiskState::of`]): only the hash can.
    ambiguous: bool,
    /// A hash of the bytes: size and time alone miss a same-size rewrite within one clock tick.
    hash: u64,
}

/// How far a file's time may lag the clock it is compared with: the kernel stamps files with a
/// coarse clock (a tick of a few milliseconds); a filesystem without sub-second times (whole
/// seconds, or two on FAT) stamps a whole second or two.
const FINE_TICK: std::time::Duration = std::time::Duration::from_millis(100);
const COARSE_TICK: std::time::Duration = std::time::Duration::from_secs(2);

/// What comparing a file's metadata with a [`DiskState`] tells.
#[derive(Debug, PartialEq, Eq)]
pub enum Look {
    /// Another file, size or modification time: changed.
    Changed,
    /// Every field as before and the times can tell: unchanged, without reading a byte.
    Same,
    /// Only the bytes can tell (the change time moved, or the times were ambiguous).
    Hash,
}

impl DiskState {
    /// The state of a file whose metadata is `meta` and bytes `bytes`, looked at now.
    ///
    /// A write that does not set the modification time back stamps it with the current tick;
    /// one that does set it back still moves the change time. Either shows later, unless the
    /// write lands in the very tick the file was last stamped in: then the times may read the
    /// same. That can only happen while the change time is within a tick of now, *and* the
    /// modification time is that same stamp (our saves set their own, precise modification
    /// time, which a later write cannot reproduce). Only then is the state ambiguous.
    fn of(meta: &fs::Metadata, bytes: &[u8]) -> Self {
        DiskState::hashed(meta, hash(bytes), std::time::SystemTime::now())
    }

    /// The state of a file whose metadata is `meta` and bytes hash to `hash`, looked at at
    /// `now` (see [`DiskState::of`]).
    fn hashed(meta: &fs::Metadata, hash: u64, now: std::time::SystemTime) -> Self {
        let mtime = (meta.mtime(), meta.mtime_nsec());
        let ctime = (meta.ctime(), meta.ctime_nsec());
        let tick = if mtime.1 == 0 && ctime.1 == 0 {
            COARSE_TICK
        } else {
            FINE_TICK
        };
        let changed = std::time::UNIX_EPOCH
            + std::time::Duration::new(ctime.0.max(0) as u64, ctime.1.clamp(0, 999_999_999) as u32);
        let recent = now
            .duration_since(changed)
            .is_ok_and(|age| age > tick)
            .not();
        DiskState {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime,
            ctime,
            ambiguous: recent && mtime == ctime,
            hash,
        }
    }

    /// What `meta`, the file's metadata now, says about a change since this state.
    pub fn look(&self, meta: &fs::Metadata) -> Look {
        let same_file = meta.dev() == self.dev
            && meta.ino() == self.ino
            && meta.size() == self.size
            && (meta.mtime(), meta.mtime_nsec()) == self.mtime;
        if !same_file {
            Look::Changed
        } else if self.ambiguous || (meta.ctime(), meta.ctime_nsec()) != self.ctime {
            Look::Hash
        } else {
            Look::Same
        }
    }

    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether two states hold the same bytes (whatever their inode or time).
    pub fn same_bytes(&self, other: &DiskState) -> bool {
        self.size == other.size && self.hash == other.hash
    }
}

/// Bytes are hashed in pieces of this size, whether they are in memory or read from the file a
/// piece at a time: foldhash, unlike SipHash, hashes two pieces differently from their join.
const HASH_PIECE: usize = 1 << 20;

/// A hasher with a fixed seed: the same bytes always give the same hash. foldhash hashes a
/// large file many times faster than the standard SipHash.
fn hasher() -> impl Hasher {
    std::hash::BuildHasher::build_hasher(&foldhash::quality::FixedState::with_seed(0))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = hasher();
    for piece in bytes.chunks(HASH_PIECE) {
        hasher.write(piece);
    }
    hasher.finish()
}

/// [`hash`] of a file's bytes, read a piece at a time: before every save of a large workspace,
/// without allocating (and faulting in) a second copy of it.
fn hash_file(path: &Path) -> io::Result<u64> {
    let mut file = fs::File::open(path)?;
    let mut hasher = hasher();
    let mut piece = vec![0u8; HASH_PIECE];
    loop {
        // Fill the whole piece (a read may return less), so pieces split as `hash` splits them.
        let mut filled = 0;
        while filled < HASH_PIECE {
            match io::Read::read(&mut file, &mut piece[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        if filled > 0 {
            hasher.write(&piece[..filled]);
        }
        if filled < HASH_PIECE {
            return Ok(hasher.finish());
        }
    }
}

/// A workspace read from disk, with what is needed to save it back safely.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// The real file (symlinks resolved): saves go here so links survive.
    pub path: PathBuf,
    pub disk: DiskState,
}

/// Why a file could not be opened as a workspace.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}: cannot read: {}", .path.display(), io_words(.source))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("{}", prefix_lines(.path, .error))]
    Bad { path: PathBuf, error: LoadError },
}

impl OpenError {
    pub fn path(&self) -> &Path {
        match self {
            OpenError::Unreadable { path, .. } | OpenError::Bad { path, .. } => path,
        }
    }
}

/// Every line of a load error, each prefixed with the file so it can be found from any line.
fn prefix_lines(path: &Path, error: &LoadError) -> String {
    error
        .to_string()
        .lines()
        .map(|line| format!("{}: {line}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An I/O error in words, without Rust's "(os error N)".
pub fn io_words(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_lowercase(),
        None => text,
    }
}

/// Whether the file holds exactly `bytes`. Read a piece at a time, so that a command that has
/// let go of a large file's bytes can still tell that writing would change nothing.
pub fn holds(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    holds_read(path, bytes.len() as u64, bytes)
}

/// Whether the file at `path` holds exactly the bytes of the file at `other` (both read a
/// piece at a time, as [`holds`] reads).
pub fn holds_file(path: &Path, other: &Path) -> io::Result<bool> {
    let other = fs::File::open(other)?;
    let len = other.metadata()?.len();
    holds_read(path, len, io::BufReader::with_capacity(PIECE, other))
}

/// Whether the file at `path` holds exactly the `len` bytes `other` reads.
fn holds_read(path: &Path, len: u64, mut other: impl io::Read) -> io::Result<bool> {
    let mut file = fs::File::open(path)?;
    if file.metadata()?.len() != len {
        return Ok(false);
    }
    let mut piece = vec![0; PIECE];
    let mut theirs = vec![0; PIECE];
    loop {
        let read = io::Read::read(&mut file, &mut piece)?;
        let wanted = &mut theirs[..read];
        let all_there = match io::Read::read_exact(&mut other, wanted) {
            Ok(()) => true,
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => false,
            Err(error) => return Err(error),
        };
        if !all_there || piece[..read] != *wanted {
            return Ok(false);
        }
        if read == 0 {
            return Ok(io::Read::read(&mut other, &mut theirs[..1])? == 0);
        }
    }
}

/// Reads the file's bytes and its state, following symlinks to the real file.
pub fn read(path: &Path) -> Result<(PathBuf, Vec<u8>, DiskState), OpenError> {
    let (real, file, meta) = open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The cap holds even if the file grows while it is read.
    io::Read::read_to_end(
        &mut io::Read::take(file, MAX_WORKSPACE_BYTES + 1),
        &mut bytes,
    )
    .map_err(|source| OpenError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.len() as u64 > MAX_WORKSPACE_BYTES {
        return Err(OpenError::Unreadable {
            path: path.to_path_buf(),
            source: too_large(),
        });
    }
    let disk = DiskState::of(&meta, &bytes);
    Ok((real, bytes, disk))
}

/// Hands the file's bytes to `take` (which parses them, say) and returns what it made of them,
/// with the file's real path and state, as [`read`] and then `take` would. The bytes are the
/// file's own, mapped where the system holds them ([`Mapped`]), not a copy made first, and
/// they are hashed on a second thread while `take` reads them. A file cut short meanwhile is
/// read again, as [`read`] reads it, and what `take` made of the first bytes is dropped.
///
/// The bytes are gone when this returns (the unmapping on a thread of its own, beside what the
/// caller does next): a large file's bytes and what is built from them are not held at once.
pub fn read_with<T>(
    path: &Path,
    mut take: impl FnMut(&[u8]) -> T,
) -> Result<(PathBuf, T, DiskState), OpenError> {
    let (real, file, meta) = open(path)?;
    // Before a byte is read: a write the times cannot tell from the file's last change can
    // come only within a tick of its change time, and so within a tick of now (see `of`).
    let looked_at = std::time::SystemTime::now();
    if let Some((taken, Some(hash))) = take_mapped(&file, &meta, Hashing::Beside, &mut take) {
        return Ok((real, taken, DiskState::hashed(&meta, hash, looked_at)));
    }
    let (real, bytes, disk) = read(path)?;
    let taken = take(&bytes);
    free_beside(bytes);
    Ok((real, taken, disk))
}

/// [`read_with`] of a file that is only read, never written back (a merge's base and THEIRS):
/// its bytes are not hashed, and it has no state to keep.
pub fn read_only_with<T>(
    path: &Path,
    mut take: impl FnMut(&[u8]) -> T,
) -> Result<(PathBuf, T), OpenError> {
    let (real, file, meta) = open(path)?;
    if let Some((taken, _)) = take_mapped(&file, &meta, Hashing::None, &mut take) {
        return Ok((real, taken));
    }
    let (real, bytes, _) = read(path)?;
    let taken = take(&bytes);
    free_beside(bytes);
    Ok((real, taken))
}

/// Whether [`take_mapped`] hashes the bytes, on a second thread while they are taken.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hashing {
    Beside,
    None,
}

/// What `take` makes of the file's bytes mapped, and their hash when asked for; `None` when
/// the file cannot be mapped or was cut short while it was read (then it is read as a copy).
/// The mapping is let go on a thread of its own.
fn take_mapped<T>(
    file: &fs::File,
    meta: &fs::Metadata,
    hashing: Hashing,
    take: &mut impl FnMut(&[u8]) -> T,
) -> Option<(T, Option<u64>)> {
    let mapped = usize::try_from(meta.len())
        .ok()
        .and_then(|len| Mapped::of(file, len))?;
    let (taken, hash) = std::thread::scope(|scope| {
        let hashing =
            (hashing == Hashing::Beside).then(|| helpers::beside(scope, || hash(&mapped)));
        let taken = take(&mapped);
        (taken, hashing.map(helpers::Beside::join))
    });
    if !mapped.intact() {
        return None;
    }
    free_beside(mapped);
    Some((taken, hash))
}

/// Lets go of a file's bytes on a thread of its own: handing back tens of megabytes takes a
/// few milliseconds, which the caller spends on what comes next (here, if no thread starts).
fn free_beside(bytes: impl Send + 'static) {
    if helpers::allowed() {
        let _ = std::thread::Builder::new().spawn(move || drop(bytes));
    }
    // Otherwise they go here, as they do when no thread starts.
}

/// The file at `path`, opened for reading after following symlinks to it, with its metadata: a
/// regular file no larger than [`MAX_WORKSPACE_BYTES`].
fn open(path: &Path) -> Result<(PathBuf, fs::File, fs::Metadata), OpenError> {
    let unreadable = |source| OpenError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let real = fs::canonicalize(path).map_err(unreadable)?;
    // Non-blocking, so that opening a named pipe returns at once instead of waiting for a writer.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(&real)
        .map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if let Some(kind) = not_a_regular_file(&meta) {
        return Err(unreadable(io::Error::other(format!(
            "it is {kind}, not a regular file"
        ))));
    }
    if meta.len() > MAX_WORKSPACE_BYTES {
        return Err(unreadable(too_large()));
    }
    Ok((real, file, meta))
}

/// The largest workspace file read, 512 MiB: about eight times a 100,000-item workspace. A
/// bigger file is not a workspace (or not one this program could hold in memory), and reading
/// a device such as `/dev/zero` must end.
pub const MAX_WORKSPACE_BYTES: u64 = 512 << 20;

fn too_large() -> io::Error {
    io::Error::other(format!(
        "it is larger than {} MiB, more than any workspace",
        MAX_WORKSPACE_BYTES >> 20
    ))
}

/// What a file that cannot hold a workspace is, in words; `None` for a regular file.
fn not_a_regular_file(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a named pipe")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        Some("a special file")
    }
}

/// How much of a workspace file one system call reads or writes on the saving thread: about
/// half a millisecond of the kernel's time, after which the thread can give way to the screen.
const PIECE: usize = 1 << 20;

/// Reads the file and its state, whatever its size and time say (a save was refused: the
/// content may have changed with both kept).
pub fn reread(path: &Path) -> io::Result<(Vec<u8>, DiskState)> {
    let mut file = fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |meta| meta.len() as usize));
    // In pieces, as a save writes (see `PIECE`).
    while io::Read::read_to_end(&mut io::Read::take(&mut file, PIECE as u64), &mut bytes)? > 0 {}
    let meta = fs::metadata(path)?;
    let state = DiskState::of(&meta, &bytes);
    Ok((bytes, state))
}

/// Whether a file is a journeymap workspace (by its `format`, valid or not).
pub fn is_workspace(path: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Header {
        format: Option<String>,
    }
    read(path)
        .ok()
        .and_then(|(_, bytes, _)| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            serde_json::from_slice::<Header>(bytes).ok()
        })
        .is_some_and(|h| h.format.as_deref() == Some(crate::model::FORMAT))
}

/// Reads and validates a workspace file.
pub fn load(path: &Path) -> Result<Loaded, OpenError> {
    let (real, decoded, disk) = read_with(path, decode)?;
    let workspace = decoded.map_err(|error| OpenError::Bad {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(Loaded {
        workspace,
        path: real,
        disk,
    })
}

/// Why a save did not happen. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{} was changed on disk by someone else since it was read; not overwriting it",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
    #[error("{} was removed or renamed since it was read; not writing it back", .0.display())]
    Vanished(PathBuf),
    #[error("{} already exists; not overwriting it", .0.display())]
    Exists(PathBuf),
    #[error("cannot save {}: {}", .path.display(), io_words(.source))]
    Io { path: PathBuf, source: io::Error },
}

/// Atomically replaces the file at `path` (a real path, as [`Loaded::path`]) with `bytes`, if it
/// still is as `expected` says. A new file is created readable by its owner only; an existing
/// file keeps its mode. Returns the file's new state, for a caller that keeps the file and
/// later tells its own save from someone else's change (a session).
pub fn save(path: &Path, bytes: &[u8], expected: &DiskState) -> Result<DiskState, SaveError> {
    save_untracked(path, bytes, expected)?;
    let meta = fs::metadata(path).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(DiskState::of(&meta, bytes))
}

/// Saves as [`save`] does, for a caller that never looks at the file again (a command that
/// writes once and exits): the new file's state is not made, which would hash every byte
/// written (about 5 ms of CPU for the 50 MB of 100k items, measured with `perf record`).
pub fn save_untracked(path: &Path, bytes: &[u8], expected: &DiskState) -> Result<(), SaveError> {
    check_unchanged(path, expected)?;
    write_atomically(path, |file| write_pieces(file, bytes)).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// What [`save_streamed`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Streamed {
    /// The file now holds the bytes written.
    Replaced,
    /// The file already held them: it was left as it was.
    AlreadyHeld,
}

/// Saves as [`save_untracked`] does, the bytes `fill` writes: they go straight into the
/// temporary file, through a buffer, instead of being made first, so that a command writing a
/// large workspace once (a merge) does not hold its 50 MB of bytes beside it. Once they are
/// all written, `already_held` is asked (given the temporary file's path) whether the file at
/// `path` holds them: then it is left as it is. Otherwise it is checked for a change since it
/// was read (as [`save_untracked`] checks) right before the temporary file is fsynced and
/// renamed over it. Hold the workspace's lock throughout.
pub fn save_streamed<E: From<SaveError>>(
    path: &Path,
    expected: &DiskState,
    fill: impl FnOnce(&mut io::BufWriter<&mut fs::File>) -> io::Result<()>,
    already_held: impl FnOnce(&Path) -> Result<bool, E>,
) -> Result<Streamed, E> {
    let io_error = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = Temp::beside(path).map_err(io_error)?;
    let mut out = io::BufWriter::with_capacity(PIECE, &mut temp.file);
    fill(&mut out)
        .and_then(|()| out.flush())
        .map_err(io_error)?;
    drop(out);
    if already_held(&temp.path)? {
        return Ok(Streamed::AlreadyHeld);
    }
    check_unchanged(path, expected)?;
    temp.replace(path).map_err(io_error)?;
    Ok(Streamed::Replaced)
}

/// Refuses to write over the file at `path` if it is no longer as `expected` says.
fn check_unchanged(path: &Path, expected: &DiskState) -> Result<(), SaveError> {
    let io_error = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    match fs::symlink_metadata(path) {
        Ok(meta) => {
            // The whole file is read and hashed only when its metadata cannot tell.
            let unchanged = match expected.look(&meta) {
                Look::Changed => false,
                Look::Same => true,
                Look::Hash => hash_file(path).map_err(io_error)? == expected.hash,
            };
            if !unchanged {
                return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(SaveError::Vanished(path.to_path_buf()));
        }
        Err(error) => return Err(io_error(error)),
    }
    Ok(())
}

/// Writes a file that is not a workspace (an export) atomically, through the same writer as a
/// save: readers see the old file or the new one, never a partial one. A new file is readable
/// by its owner only; an existing one keeps its mode. A symlink at `path` is followed, so the
/// file it points at is replaced, not the link.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_parts(path, &[bytes], 0, Vec::new)
}

/// [`write_file`] of the bytes of `parts`, one after the other, over which the bytes `late`
/// gives are then written at `late_at` (the parts hold as many bytes there, to be replaced).
/// `late` runs on a thread of its own while the parts are written: an export's mark, which
/// sums every other byte of the document, is worked out meanwhile instead of before.
pub fn write_file_parts(
    path: &Path,
    parts: &[&[u8]],
    late_at: u64,
    late: impl FnOnce() -> Vec<u8> + Send,
) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(error) if error.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(error) => return Err(error),
    };
    if target.is_dir() {
        return Err(io::Error::other("it is a folder"));
    }
    write_atomically(&target, |file| {
        let late = std::thread::scope(|scope| {
            let late = helpers::beside(scope, late);
            parts.iter().try_for_each(|part| write_pieces(file, part))?;
            Ok::<_, io::Error>(late.join())
        })?;
        std::os::unix::fs::FileExt::write_all_at(file, &late, late_at)
    })
}

/// Writes `bytes` in pieces: one system call over 50 MB keeps the saving thread in the kernel
/// for tens of milliseconds, where it cannot give way to the screen's threads.
fn write_pieces(file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
    bytes
        .chunks(PIECE)
        .try_for_each(|piece| file.write_all(piece))
}

/// Temporary file in the same folder, filled by `fill`, fsynced, renamed over `path`, folder
/// fsynced. The temporary file gets the mode (and, where allowed, the owner) of the file it
/// replaces, and a name [`sweep_leftovers`] can tell from any file of the user's.
fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let mut temp = Temp::beside(path)?;
    fill(&mut temp.file)?;
    temp.replace(path)
}

/// A temporary file of ours beside the file it is to replace, removed unless it replaced it.
struct Temp {
    folder: PathBuf,
    path: PathBuf,
    file: fs::File,
    placed: bool,
}

impl Temp {
    /// Creates the temporary file, with the mode (and, where allowed, the owner) of the file
    /// at `path` if there is one.
    fn beside(path: &Path) -> io::Result<Temp> {
        let (folder, name) = folder_and_name(path)?;
        let existing = fs::metadata(path).ok();
        let temp = folder.join(temp_name(name));
        let file = create_temp(&temp)?;
        let temp = Temp {
            folder,
            path: temp,
            file,
            placed: false,
        };
        if let Some(meta) = &existing {
            // Owner first: changing it clears set-id bits that the mode then puts back. Only
            // root may give a file away; a group member may still keep the group.
            if std::os::unix::fs::fchown(&temp.file, Some(meta.uid()), Some(meta.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(&temp.file, None, Some(meta.gid()));
            }
            temp.file
                .set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))?;
        }
        Ok(temp)
    }

    /// Fsyncs the file, renames it over `path` and fsyncs the folder.
    fn replace(mut self, path: &Path) -> io::Result<()> {
        // A precise modification time, which no later write stamps by chance: the next save
        // can then trust the times instead of reading the file back (see `DiskState::of`).
        self.file.set_modified(std::time::SystemTime::now())?;
        self.file.sync_all()?;
        fs::rename(&self.path, path)?;
        self.placed = true;
        fs::File::open(&self.folder)?.sync_all()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.placed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates a temporary file of ours, readable by its owner only; never follows or reuses a name
/// that is already there.
fn create_temp(temp: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(temp)
}

/// The folder a file is in (`.` for a bare name) and its name.
fn folder_and_name(path: &Path) -> io::Result<(PathBuf, &std::ffi::OsStr)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, name))
}

/// What every temporary file of ours is called after the dot and the workspace's name.
const TEMP_MARK: &str = "journeymap-";
const TEMP_END: &str = ".tmp";

/// `.NAME.journeymap-<32 hex digits>.tmp`: hidden, random, and unlike anything a person names
/// a file, so that leftovers can be swept without touching the user's own `.NAME.backup`.
fn temp_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(
        ".{TEMP_MARK}{}{TEMP_END}",
        uuid::Uuid::new_v4().simple()
    ));
    temp
}

/// Whether `file_name` is one of ours beside the workspace `name`: a temporary file of a save
/// or a creation (see [`temp_name`]), or the `NAME.bak.<pid>` link a backup is made through.
fn is_our_leftover(file_name: &str, name: &str) -> bool {
    let temp = file_name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_prefix(TEMP_MARK))
        .and_then(|rest| rest.strip_suffix(TEMP_END))
        .is_some_and(|random| {
            random.len() == 32
                && random
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
    let backup_link = file_name
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(".bak."))
        .is_some_and(|pid| {
            !pid.is_empty() && pid.len() <= 10 && pid.bytes().all(|b| b.is_ascii_digit())
        });
    temp || backup_link
}

/// Removes what saves killed at the wrong instant left beside `path`: temporary files and
/// backup links of ours (see [`is_our_leftover`]) that are regular files owned by this user and
/// not newer than the workspace — never a file a person made, nor one a save is writing now.
/// (A temporary file newer than the workspace goes at the first open after the next save.)
/// Call it only while holding the workspace's lock, so no save of another journeymap is under
/// way. Returns how many went.
pub fn sweep_leftovers(path: &Path) -> usize {
    let Ok((folder, name)) = folder_and_name(path) else {
        return 0;
    };
    let Some(name) = name.to_str() else {
        return 0;
    };
    let Ok(workspace) = fs::metadata(path) else {
        return 0;
    };
    let workspace_time = (workspace.mtime(), workspace.mtime_nsec());
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    let Ok(entries) = fs::read_dir(&folder) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|file_name| is_our_leftover(file_name, name))
        })
        .filter(|entry| {
            // Not following a symlink: only the regular file itself counts.
            fs::symlink_metadata(entry.path()).is_ok_and(|meta| {
                meta.file_type().is_file()
                    && meta.uid() == me
                    && (meta.mtime(), meta.mtime_nsec()) <= workspace_time
            })
        })
        .filter(|entry| fs::remove_file(entry.path()).is_ok())
        .count()
}

/// Creates a new file with `bytes`, readable by its owner only, refusing if anything already
/// exists at `path` — even if it appears while this runs. Returns the real path and its state.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(PathBuf, DiskState), SaveError> {
    let io_error = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    if fs::symlink_metadata(path).is_ok() {
        return Err(SaveError::Exists(path.to_path_buf()));
    }
    let (folder, name) = folder_and_name(path).map_err(io_error)?;
    // Write the whole file under a private name, then link it into place: linking fails if the
    // name was taken meanwhile, so nothing is ever overwritten and nobody sees a partial file.
    let temp = folder.join(temp_name(name));
    let result = (|| {
        let mut file = create_temp(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::hard_link(&temp, path)
    })();
    let _ = fs::remove_file(&temp);
    match result {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        Err(error) => return Err(io_error(error)),
    }
    if let Ok(dir) = fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    let real = fs::canonicalize(path).map_err(io_error)?;
    let meta = fs::metadata(&real).map_err(io_error)?;
    Ok((real, DiskState::of(&meta, bytes)))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn a_file_hashed_piece_by_piece_hashes_as_its_bytes_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        // Over two pieces and not a multiple of anything; exactly one piece; nothing.
        for size in [2 * HASH_PIECE + 12_345, HASH_PIECE, 0] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            fs::write(&path, &bytes).unwrap();
            assert_eq!(hash_file(&path).unwrap(), hash(&bytes), "{size} bytes");
        }
        assert_ne!(hash(b"a"), hash(b"b"));
    }

    #[test]
    fn bytes_taken_in_place_are_what_a_read_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        for size in [2 * HASH_PIECE + 12_345, 10, 0] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            fs::write(&path, &bytes).unwrap();
            let (real, taken, state) = read_with(&path, <[u8]>::to_vec).unwrap();
            let (read_real, read_bytes, read_state) = read(&path).unwrap();
            assert_eq!((real, &taken), (read_real, &bytes), "{size} bytes");
            assert_eq!(read_bytes, bytes);
            // The same file and bytes (whether the times are ambiguous depends on the moment).
            assert!(
                state.same_bytes(&read_state)
                    && state.look(&fs::metadata(&path).unwrap()) != Look::Changed
            );
        }
        assert!(matches!(
            read_with(dir.path(), |_| ()),
            Err(OpenError::Unreadable { .. })
        ));
    }

    /// A merge's base and THEIRS: taken in place without a hash, as a read gives them, and read
    /// again when the file is cut short meanwhile.
    #[test]
    fn a_file_only_read_is_taken_as_a_read_gives_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        for size in [2 * HASH_PIECE + 12_345, 10, 0] {
            let bytes: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
            fs::write(&path, &bytes).unwrap();
            let (real, taken) = read_only_with(&path, <[u8]>::to_vec).unwrap();
            assert_eq!(
                (real, taken),
                (read(&path).unwrap().0, bytes),
                "{size} bytes"
            );
        }
        assert!(matches!(
            read_only_with(dir.path(), |_| ()),
            Err(OpenError::Unreadable { .. })
        ));
        let takes = Cell::new(0);
        let (_, taken) = read_only_with(&path, cut_short_on_the_first_take(&path, &takes)).unwrap();
        assert_eq!((takes.get(), taken.as_slice()), (2, b"short".as_slice()));
    }

    /// Writes a megabyte to `path` and gives what takes a file's bytes, counting its takes in
    /// `takes`: on the first it cuts the file short (to `short`) after reading its first page.
    fn cut_short_on_the_first_take<'a>(
        path: &'a Path,
        takes: &'a Cell<usize>,
    ) -> impl FnMut(&[u8]) -> Vec<u8> + 'a {
        fs::write(path, vec![b'x'; 1 << 20]).unwrap();
        move |bytes| {
            takes.set(takes.get() + 1);
            if takes.get() == 1 {
                assert_eq!(bytes[0], b'x');
                fs::write(path, b"short").unwrap();
            }
            bytes.to_vec()
        }
    }

    /// The file is cut short while its bytes are taken (after the first page has been read):
    /// what was taken of them is dropped and the file as it is now is read, instead of the
    /// process being killed by the mapping's `SIGBUS`.
    #[test]
    fn a_file_cut_short_while_its_bytes_are_taken_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        let takes = Cell::new(0);
        let (_, taken, state) =
            read_with(&path, cut_short_on_the_first_take(&path, &takes)).unwrap();
        assert_eq!(takes.get(), 2, "taken again");
        assert_eq!(taken, b"short");
        assert!(state.same_bytes(&read(&path).unwrap().2));
    }

    #[test]
    fn a_file_in_parts_holds_the_parts_with_the_late_bytes_written_over_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ics");
        let caller = std::thread::current().id();
        let big: Vec<u8> = (0..PIECE + 7).map(|i| b'a' + (i % 26) as u8).collect();
        let parts: [&[u8]; 4] = [b"head\n", b"????", &big, b"tail\n"];
        write_file_parts(&path, &parts, 5, || {
            // Worked out while the parts are written, not on the caller's thread.
            assert_ne!(std::thread::current().id(), caller);
            b"MARK".to_vec()
        })
        .unwrap();
        let expected = [b"head\nMARK".as_slice(), &big, b"tail\n"].concat();
        assert_eq!(fs::read(&path).unwrap(), expected);
        // No late bytes: the parts as they are, replacing the file.
        write_file_parts(&path, &[b"a", b"", b"bc"], 0, Vec::new).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"abc");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    /// The state of the file at `path` as a read now sees it, and its metadata.
    fn looked_at(path: &Path) -> DiskState {
        read(path).unwrap().2
    }

    fn rewrite_in_place_with_the_time_put_back(path: &Path, from: &str, to: &str) {
        let before = fs::metadata(path).unwrap();
        let text = String::from_utf8(fs::read(path).unwrap()).unwrap();
        let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
        file.write_all(text.replacen(from, to, 1).as_bytes())
            .unwrap();
        file.set_times(fs::FileTimes::new().set_modified(before.modified().unwrap()))
            .unwrap();
        drop(file);
        assert_eq!(fs::metadata(path).unwrap().len(), before.len());
    }

    #[test]
    fn after_our_own_save_an_unchanged_file_is_told_by_its_metadata_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        let state = save(&real, b"{\"a\": 2}", &state).unwrap();
        assert_eq!(state.look(&fs::metadata(&real).unwrap()), Look::Same);
        // And the next save goes through on that.
        save(&real, b"{\"a\": 3}", &state).unwrap();
    }

    #[test]
    fn a_save_that_keeps_no_state_writes_and_refuses_as_a_save_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        save_untracked(&real, b"{\"a\": 2}", &state).unwrap();
        assert_eq!(fs::read(&real).unwrap(), b"{\"a\": 2}");
        // The file is no longer as `state` says: refused, and left as it is.
        assert!(matches!(
            save_untracked(&real, b"{\"a\": 3}", &state),
            Err(SaveError::ChangedOnDisk(_))
        ));
        fs::remove_file(&real).unwrap();
        assert!(matches!(
            save_untracked(&real, b"{\"a\": 4}", &state),
            Err(SaveError::Vanished(_))
        ));
    }

    /// The names in a folder, sorted.
    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// A streamed save of `bytes`, written a few bytes at a time, asking `holds_file` whether
    /// the file already holds them; what it said, and the temporary file it was asked about.
    fn save_streamed_bytes(
        real: &Path,
        bytes: &[u8],
        state: &DiskState,
    ) -> (Result<Streamed, SaveError>, PathBuf) {
        let mut asked = PathBuf::new();
        let saved = save_streamed(
            real,
            state,
            |out| bytes.chunks(3).try_for_each(|piece| out.write_all(piece)),
            |temp: &Path| {
                asked = temp.to_path_buf();
                assert_eq!(fs::read(temp).unwrap(), bytes, "written before it is asked");
                holds_file(real, temp).map_err(|source| SaveError::Io {
                    path: temp.to_path_buf(),
                    source,
                })
            },
        );
        (saved, asked)
    }

    #[test]
    fn a_streamed_save_writes_through_a_temporary_file_it_leaves_nothing_of() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        let (saved, temp) = save_streamed_bytes(&real, b"{\"a\": 22}", &state);
        assert_eq!(saved.unwrap(), Streamed::Replaced);
        assert_eq!(fs::read(&real).unwrap(), b"{\"a\": 22}");
        assert_eq!(temp.parent(), real.parent());
        assert_eq!(names_in(dir.path()), ["plan.json"]);
    }

    #[test]
    fn a_streamed_save_leaves_a_file_that_already_holds_the_bytes_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        let before = fs::metadata(&real).unwrap();
        let (saved, _) = save_streamed_bytes(&real, b"{\"a\": 1}", &state);
        assert_eq!(saved.unwrap(), Streamed::AlreadyHeld);
        let after = fs::metadata(&real).unwrap();
        assert_eq!(
            (after.ino(), after.modified().unwrap()),
            (before.ino(), before.modified().unwrap())
        );
        assert_eq!(names_in(dir.path()), ["plan.json"]);
    }

    #[test]
    fn a_streamed_save_refuses_a_file_changed_since_it_was_read_once_the_bytes_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        fs::write(&real, b"{\"b\": 2}").unwrap();
        let (saved, temp) = save_streamed_bytes(&real, b"{\"a\": 3}", &state);
        assert!(matches!(saved, Err(SaveError::ChangedOnDisk(_))));
        // The bytes were written (and compared) before the file was found changed.
        assert!(temp.starts_with(dir.path()));
        assert_eq!(fs::read(&real).unwrap(), b"{\"b\": 2}");
        assert_eq!(names_in(dir.path()), ["plan.json"]);
        // Changed into the very bytes: nothing to write, nothing refused.
        let (saved, _) = save_streamed_bytes(&real, b"{\"b\": 2}", &state);
        assert_eq!(saved.unwrap(), Streamed::AlreadyHeld);
        fs::remove_file(&real).unwrap();
        let (saved, _) = save_streamed_bytes(&real, b"{\"a\": 4}", &state);
        assert!(matches!(saved, Err(SaveError::Io { .. })), "{saved:?}");
        assert_eq!(names_in(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_streamed_save_whose_bytes_cannot_be_written_leaves_the_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"a\": 1}").unwrap();
        let saved = save_streamed(
            &real,
            &state,
            |out| {
                out.write_all(b"{\"a\"")?;
                Err(io::Error::other("the disk is full"))
            },
            |_: &Path| -> Result<bool, SaveError> { panic!("nothing to compare") },
        );
        assert!(
            matches!(&saved, Err(SaveError::Io { path, .. }) if *path == real),
            "{saved:?}"
        );
        assert_eq!(fs::read(&real).unwrap(), b"{\"a\": 1}");
        assert_eq!(names_in(dir.path()), ["plan.json"]);
    }

    #[test]
    fn a_file_holds_another_only_with_the_very_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            fs::write(&path, bytes).unwrap();
            path
        };
        let large: Vec<u8> = (0..3 * PIECE + 17).map(|n| (n % 251) as u8).collect();
        let mut one_byte_off = large.clone();
        one_byte_off[2 * PIECE + 5] ^= 1;
        let a = file("a", &large);
        assert!(holds_file(&a, &file("same", &large)).unwrap());
        assert!(!holds_file(&a, &file("off", &one_byte_off)).unwrap());
        assert!(!holds_file(&a, &file("short", &large[..large.len() - 1])).unwrap());
        assert!(holds_file(&file("empty", b""), &file("empty too", b"")).unwrap());
        assert!(holds(&a, &large).unwrap());
        assert!(!holds(&a, &one_byte_off).unwrap());
        assert!(holds_file(&a, &dir.path().join("missing")).is_err());
    }

    #[test]
    fn a_same_size_change_in_place_with_the_time_put_back_moves_the_change_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        let (real, state) = create_new(&path, b"{\"name\": \"Clara\"}").unwrap();
        let state = save(&real, b"{\"name\": \"Clara\"}\n", &state).unwrap();
        // Past the clock tick of our own write: only the change time can tell now.
        std::thread::sleep(std::time::Duration::from_millis(20));
        rewrite_in_place_with_the_time_put_back(&real, "Clara", "Klara");
        assert_eq!(state.look(&fs::metadata(&real).unwrap()), Look::Hash);
        assert!(matches!(
            save(&real, b"ours\n", &state),
            Err(SaveError::ChangedOnDisk(_))
        ));
        assert_eq!(
            fs::read_to_string(&real).unwrap(),
            "{\"name\": \"Klara\"}\n"
        );
    }

    #[test]
    fn a_file_read_in_the_tick_it_was_written_is_told_only_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.json");
        fs::write(&path, b"{\"name\": \"Clara\"}").unwrap();
        let state = looked_at(&path);
        // Someone else's write in that same tick could leave every time as it was.
        assert_eq!(state.look(&fs::metadata(&path).unwrap()), Look::Hash);
        // Once the times are older than a tick, they tell.
        std::thread::sleep(FINE_TICK + std::time::Duration::from_millis(50));
        let state = looked_at(&path);
        assert_eq!(state.look(&fs::metadata(&path).unwrap()), Look::Same);
        std::thread::sleep(std::time::Duration::from_millis(20));
        rewrite_in_place_with_the_time_put_back(&path, "Clara", "Klara");
        assert_eq!(state.look(&fs::metadata(&path).unwrap()), Look::Hash);
    }
}
