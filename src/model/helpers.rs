//! Whether work on this thread may start threads of its own to finish sooner.
//!
//! Large pieces of work (a workspace's lookups, a save's encoding, an export's rows) take a
//! second thread when there is one. Work behind the screen must not: it runs on a thread that
//! yields to the threads answering keys every quarter of a millisecond (`tui::give_way`), and a
//! helper started from it would not, so on two cores a key would wait behind it. Such work runs
//! [`alone`], and every place that would start a helper asks [`allowed`] first, or starts it
//! through [`beside`], which asks.

use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

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

/// Work started beside the caller's own: on a helper thread, or here, when [`Beside::join`]
/// asks for it, where no helper may be started or the system gives no thread.
pub enum Beside<'scope, T> {
    Running(ScopedJoinHandle<'scope, T>),
    Here(Box<dyn FnOnce() -> T + Send + 'scope>),
}

/// Starts `work` on a helper thread of `scope` if work on this thread may have helpers
/// ([`allowed`]) and the system gives a thread; otherwise keeps it to run at
/// [`Beside::join`].
pub fn beside<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Beside<'scope, T> {
    if !allowed() {
        return Beside::Here(Box::new(work));
    }
    // A thread the system refuses takes its closure with it: the work itself stays where both
    // the thread and this one can take it.
    let kept = Arc::new(Mutex::new(Some(work)));
    let take = |kept: &Mutex<Option<_>>| kept.lock().unwrap_or_else(|e| e.into_inner()).take();
    let for_thread = Arc::clone(&kept);
    match std::thread::Builder::new().spawn_scoped(scope, move || {
        let work = take(&for_thread).expect("the work is taken once");
        work()
    }) {
        Ok(running) => Beside::Running(running),
        Err(_) => Beside::Here(Box::new(move || {
            let work = take(&kept).expect("no thread took the work");
            work()
        })),
    }
}

impl<T> Beside<'_, T> {
    /// What the work gave: waits for the helper, or does the work here. A panic on the helper is
    /// a bug to report like any other, so it goes on here.
    pub fn join(self) -> T {
        match self {
            Beside::Running(running) => running
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Beside::Here(work) => work(),
        }
    }
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

    #[test]
    fn work_beside_runs_on_a_helper_and_on_this_thread_alone() {
        let here = std::thread::current().id();
        let on = || std::thread::current().id();
        let (beside_free, beside_alone) = std::thread::scope(|scope| {
            let free = beside(scope, on);
            let kept = alone(|| beside(scope, on));
            (free.join(), kept.join())
        });
        assert_ne!(beside_free, here);
        assert_eq!(beside_alone, here);
    }
}
