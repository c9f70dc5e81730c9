//! A file's bytes mapped into memory instead of copied: opening a large workspace reads its
//! bytes where the system already holds them, without allocating and filling a copy of the
//! whole file first (at 100,000 items that copy took about a sixth of the time to open).
//!
//! A mapped file that someone shortens while it is read leaves pages past its new end that can
//! no longer be read: touching one raises `SIGBUS`, which would end the process. A handler of
//! that signal puts zeroed pages in their place and marks the mapping cut, so whoever reads it
//! sees zeros from there on instead of dying, and then asks [`Mapped::intact`] and reads the
//! file again. A `SIGBUS` anywhere else goes to the handler that was there before.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The bytes of a file, mapped read-only and private, until dropped.
pub struct Mapped {
    start: *const u8,
    len: usize,
    guard: &'static Guard,
}

// SAFETY: the mapping is read-only and lives until the `Mapped` is dropped; the only change
// to it is the handler's, which puts zeros where pages can no longer be read (see `on_sigbus`).
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

/// Where a live mapping lies, for the handler to know its own faults from others'.
struct Guard {
    /// Held by one mapping at a time.
    taken: AtomicBool,
    start: AtomicUsize,
    /// Past the mapping's last byte; 0 while no mapping is there.
    end: AtomicUsize,
    /// The file was found cut short: some of the mapping reads as zeros.
    cut: AtomicBool,
}

/// As many mappings as can live at once (a merge reads two files at a time, and tests run side
/// by side). Past that, a file is read as a copy.
static GUARDS: [Guard; 16] = [const { Guard::free() }; 16];

impl Guard {
    const fn free() -> Guard {
        Guard {
            taken: AtomicBool::new(false),
            start: AtomicUsize::new(0),
            end: AtomicUsize::new(0),
            cut: AtomicBool::new(false),
        }
    }
}

/// What the handler needs, set once: the page size, and the handler of `SIGBUS` before ours
/// (`None` when ours could not be installed: then nothing is mapped).
static HANDLER: OnceLock<Option<Installed>> = OnceLock::new();

struct Installed {
    page: usize,
    before: libc::sigaction,
}

impl Mapped {
    /// The first `len` bytes of `file` mapped, or `None` when they cannot be (an empty file,
    /// a system that refuses, too many mappings at once): the caller then reads a copy.
    pub fn of(file: &File, len: usize) -> Option<Mapped> {
        if len == 0 {
            return None;
        }
        HANDLER.get_or_init(install_handler).as_ref()?;
        let guard = GUARDS.iter().find(|guard| {
            guard
                .taken
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        })?;
        // SAFETY: a new read-only, private mapping of an open file, at a place the system
        // picks: it overlaps nothing of ours.
        let start = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if start == libc::MAP_FAILED {
            guard.taken.store(false, Ordering::Release);
            return None;
        }
        guard.cut.store(false, Ordering::SeqCst);
        guard.start.store(start as usize, Ordering::SeqCst);
        guard.end.store(start as usize + len, Ordering::SeqCst);
        Some(Mapped {
            start: start.cast(),
            len,
            guard,
        })
    }

    /// Whether every byte read was the file's: no page was found cut off since it was mapped.
    /// Asked once the reading is done; when not, what was made of the bytes is not the file's.
    pub fn intact(&self) -> bool {
        !self.guard.cut.load(Ordering::SeqCst)
    }
}

impl std::ops::Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: `len` bytes mapped readable at `start` until drop (pages of a file cut short
        // read as zeros, see `on_sigbus`).
        unsafe { std::slice::from_raw_parts(self.start, self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // The handler no longer claims the range before it is given back.
        self.guard.end.store(0, Ordering::SeqCst);
        // SAFETY: the mapping made in `of`, unmapped once; nothing borrows it past `self`.
        unsafe {
            libc::munmap(self.start.cast_mut().cast(), self.len);
        }
        self.guard.taken.store(false, Ordering::Release);
    }
}

/// A handler installed with `SA_SIGINFO`, and one without.
type WithInfo = extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void);
type Plain = extern "C" fn(libc::c_int);

fn install_handler() -> Option<Installed> {
    // SAFETY: sysconf and sigaction(2) with zeroed, then filled, plain structs. The handler
    // installed is an `extern "C"` function that does only async-signal-safe work (atomics,
    // mmap, sigaction and the previous handler).
    unsafe {
        let page = usize::try_from(libc::sysconf(libc::_SC_PAGESIZE)).ok()?;
        let mut before: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut before) != 0 {
            return None;
        }
        let installed = Installed { page, before };
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as WithInfo as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        // `HANDLER` is set only after this returns: the handler, if a fault comes first,
        // finds it empty and hands the fault back to the previous handler's default.
        (libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut()) == 0).then_some(installed)
    }
}

/// A fault in a mapping of ours: zeroed pages from the faulting one to the mapping's end, and
/// the mapping marked cut; the read that faulted then reads zeros. Any other fault goes to the
/// handler that was there before.
extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    let Some(Some(installed)) = HANDLER.get() else {
        // SAFETY: the default action, restored for the fault to happen again and end the
        // process as it would have without us.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
        return;
    };
    // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler.
    let at = unsafe { (*info).si_addr() } as usize;
    for guard in &GUARDS {
        let end = guard.end.load(Ordering::SeqCst);
        if guard.start.load(Ordering::SeqCst) <= at && at < end {
            let page = at & !(installed.page - 1);
            // SAFETY: the range replaced lies inside a mapping of ours that is still live
            // (its guard ends past it), from a page boundary; zeroed anonymous pages stand
            // where the file's could no longer be read.
            let zeros = unsafe {
                libc::mmap(
                    page as *mut libc::c_void,
                    end - page,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if zeros != libc::MAP_FAILED {
                guard.cut.store(true, Ordering::SeqCst);
                return;
            }
        }
    }
    let before = &installed.before;
    if before.sa_sigaction == libc::SIG_DFL || before.sa_sigaction == libc::SIG_IGN {
        // SAFETY: the previous action put back; the fault happens again and is handled as it
        // would have been without us.
        unsafe {
            libc::sigaction(signal, before, std::ptr::null_mut());
        }
    } else if before.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: the previous handler was installed with SA_SIGINFO: it takes these three.
        let handler =
            unsafe { std::mem::transmute::<libc::sighandler_t, WithInfo>(before.sa_sigaction) };
        handler(signal, info, context);
    } else {
        // SAFETY: the previous handler was installed without SA_SIGINFO: it takes the signal.
        let handler =
            unsafe { std::mem::transmute::<libc::sighandler_t, Plain>(before.sa_sigaction) };
        handler(signal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_mapped_file_reads_as_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        let bytes: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let file = File::open(&path).unwrap();
        let mapped = Mapped::of(&file, bytes.len()).expect("a regular file maps");
        assert_eq!(&mapped[..], &bytes[..]);
        assert!(mapped.intact());
        assert!(Mapped::of(&file, 0).is_none(), "nothing to map");
    }

    /// Without the handler, reading past the new end of a file cut short kills the process
    /// (`SIGBUS`): this test would not finish.
    #[test]
    fn a_file_cut_short_while_mapped_reads_as_zeros_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.json");
        let page = HANDLER.get_or_init(install_handler).as_ref().unwrap().page;
        let mut file = File::create(&path).unwrap();
        file.write_all(&vec![b'x'; page * 4]).unwrap();
        let file = File::open(&path).unwrap();
        let mapped = Mapped::of(&file, page * 4).unwrap();
        assert_eq!(mapped[page * 3], b'x', "read while whole");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(page as u64)
            .unwrap();
        assert_eq!(mapped[page - 1], b'x', "what is left reads as the file");
        assert!(mapped.intact());
        assert_eq!(mapped[page * 2 + 5], 0, "cut off: zeros");
        assert!(!mapped.intact());
        assert!(mapped[page * 2..].iter().all(|&b| b == 0));
        drop(mapped);
        // The guard is free again, and a new mapping starts whole.
        let again = Mapped::of(&file, page).unwrap();
        assert!(again.intact());
        assert!(again.iter().all(|&b| b == b'x'));
    }
}
