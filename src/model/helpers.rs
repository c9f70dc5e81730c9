//! Whether work on this thread may start threads of its own to finish sooner.
//!
//! Large pieces of work (a workspace's lookups, a save's encoding, an export's rows) take a
//! second thread when there is one. Work behind the screen must not: it runs on a thread that
//! yields to the threads answering keys every quarter of a millisecond (`tui::give_way`), and a
//! helper started from it would not, so on two cores a key would wait behind it. Such work runs
//! [`alone`], and every place that would start a helper asks [`allowed`] first.

use std::cell::Cell;

thread_local! {
    static ALONE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` with this thread starting no helper threads for it.
pub fn alone<T>(work: impl FnOnce() -> T) -> T {
    let before = ALONE.with(|alone| alone.replace(true));
    // Put back even when `work` panics: the thread may go on to other work.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ALONE.with(|alone| alone.set(self.0));
        }
    }
    let _restore = Restore(before);
    work()
}

/// Whether work on this thread may start a helper thread.
pub fn allowed() -> bool {
    !ALONE.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_are_not_allowed_inside_alone_and_are_again_after_it_even_after_a_panic() {
        assert!(allowed());
        assert!(!alone(allowed));
        assert!(alone(|| alone(|| true) && !allowed()));
        assert!(allowed());
        let panicked = std::panic::catch_unwind(|| alone(|| panic!("in the work")));
        assert!(panicked.is_err());
        assert!(allowed());
        // Another thread's work is its own.
        assert!(alone(|| std::thread::spawn(allowed).join().unwrap()));
    }
}
