//! Giving memory that was freed back to the system. It is the process's, not the terminal's.
//!
//! glibc's allocator keeps what a thread frees in that thread's arena, for its next allocations.
//! Work done once after opening (the search's text, prepared on a thread of its own) leaves
//! megabytes free there that nothing of the session will ask for again: at 100k items about 2 MiB
//! of a steady size of 70, which the budget (1.5× the file) does not have to spare.

/// Returns the free pages every arena holds to the system. It takes each arena's lock in turn,
/// for a walk over its free chunks (about 2 ms at 100k items, under strace), so it runs on a
/// background thread after its work, never on the screen's.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free, under its own locks; it
    // reads and writes nothing of ours.
    unsafe {
        libc::malloc_trim(0);
    }
}
