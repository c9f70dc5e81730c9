//! Ending the process without making the shell wait while the kernel frees its memory.
//!
//! The kernel gives back a process's memory as the process ends, before whoever waits for it
//! (the shell, a script) hears that it ended: for the gigabyte a workspace of a million items
//! takes, a few hundred milliseconds in which the prompt does not come back, though everything
//! is saved and the terminal restored. So, last thing before ending, the process starts a
//! helper that shares its memory and holds nothing else (no file, no terminal, no lock): the
//! process then ends at once, and the memory goes when the helper ends, right after.

use std::ffi::c_void;

/// Ends a command's use of a workspace (or of what was made from it, such as an export's
/// document) without freeing it entry by entry: the process ends right after the command, and
/// freeing a million entries one by one would take a good part of what reading them took.
pub(super) fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

/// The helper's stack: it makes three system calls.
const STACK: usize = 64 << 10;

/// Starts the helper. Call it only when nothing is left to do but end: from here on the
/// process takes no signal (the helper starts with this thread's signal mask, and must run no
/// handler). If the helper cannot start, the process ends as it always did.
pub fn hand_memory_to_helper() {
    // The helper's system calls must not fail: a failing one writes `errno`, and the helper
    // has no thread-local storage of its own (its `errno` is this thread's, which it would
    // write while this thread runs). `close_range` is the only one that can (ENOSYS before
    // Linux 5.9), so it is tried here first, on an empty range; its other errors come from
    // arguments the helper never passes, and its `read` of a blocking pipe, with a byte on its
    // own stack and every signal blocked, cannot fail.
    // SAFETY: a system call on no descriptor at all.
    if unsafe {
        libc::syscall(
            libc::SYS_close_range,
            libc::c_uint::MAX,
            libc::c_uint::MAX,
            0,
        )
    } != 0
    {
        return;
    }
    let mut ends = [0; 2];
    // SAFETY: `ends` has room for the two descriptors `pipe2` writes.
    if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return;
    }
    let [read_end, _write_end] = ends;
    // SAFETY: a fresh private anonymous mapping, touched by nothing else.
    let stack = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            STACK,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
            -1,
            0,
        )
    };
    if stack == libc::MAP_FAILED {
        return;
    }
    // SAFETY: `all` is initialised by `sigfillset` before it is read; blocking signals on this
    // thread has no other effect than delaying them to the process's end.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_BLOCK, &all, std::ptr::null_mut());
        // The helper runs `hold_memory` on its own stack (which grows down from its end) in
        // this process's memory (CLONE_VM), with a copy of its descriptors.
        libc::clone(
            hold_memory,
            stack.cast::<u8>().add(STACK).cast::<c_void>(),
            libc::CLONE_VM | libc::SIGCHLD,
            read_end as usize as *mut c_void,
        );
        libc::close(read_end);
    }
    // The write end stays open in this process only: it closes as the process ends, and that
    // wakes the helper.
}

/// The helper: drops every descriptor but the pipe's read end, waits for the process to end
/// (the pipe's write end closing), and ends. Only system calls that cannot fail (see
/// [`hand_memory_to_helper`]): it runs in the process's memory beside the thread that started
/// it, and must touch none of its state. Returning ends it with `exit`, not `exit_group`, and
/// runs nothing of the process's (no destructor, no `atexit` handler).
extern "C" fn hold_memory(read_end: *mut c_void) -> libc::c_int {
    let read_end = read_end as usize as libc::c_uint;
    // SAFETY: system calls on descriptors of this helper's own table and a local byte.
    unsafe {
        if read_end > 0 {
            libc::syscall(libc::SYS_close_range, 0, read_end - 1, 0);
        }
        libc::syscall(libc::SYS_close_range, read_end + 1, libc::c_uint::MAX, 0);
        let mut byte = 0u8;
        libc::syscall(libc::SYS_read, read_end, &mut byte as *mut u8, 1);
    }
    0
}
