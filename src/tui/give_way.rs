//! Background threads that give way to the screen's.
//!
//! The save worker encodes and writes, reads, decodes and merges for hundreds of milliseconds
//! (seconds at a million items). Linux's scheduler (EEVDF) lets a running thread finish its slice
//! before a thread that just woke up gets the CPU, and the threads of one process share one
//! scheduling group, whose share a busy worker spends: a thread of journeymap woken while its
//! sibling computes on the same CPU waits behind it, up to a timer tick, where a busy program
//! elsewhere would have been pushed aside. Measured on 2 cores, a thread sleeping next to a busy
//! sibling woke 3–7 ms late (median), next to a sibling that yields every 250 µs 40–60 µs late,
//! as with no sibling at all. A key goes through two such wake-ups (the terminal reader, then the
//! loop), and the terminal that shows the answer through a third.
//!
//! So while a background thread works, a timer interrupts it every [`EVERY`] and it yields the
//! CPU (`sched_yield`): a thread that woke meanwhile runs at once; when nothing waits, the yield
//! returns at once and the work goes on. The work itself is unchanged: no cooperation is asked of
//! the encoder, the decoder or the allocator, and what the kernel does for a system call (a long
//! `write`) is not interrupted (the file is written in pieces for that, see `storage::disk`).

use std::sync::Once;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::Duration;

use super::input::Wake;

/// How often a working background thread yields. Each yield costs about a microsecond when
/// nothing waits: well under 1 % of the work.
pub const EVERY: Duration = Duration::from_micros(250);

/// The timer of one thread; it is armed only while that thread works.
pub struct GiveWay {
    /// `None` where the system refused a timer: the work then runs without giving way.
    timer: Option<libc::timer_t>,
}

impl GiveWay {
    /// A timer for the calling thread, which must be the one that works.
    pub fn for_this_thread() -> GiveWay {
        static HANDLER: Once = Once::new();
        HANDLER.call_once(install_handler);
        // SAFETY: `event` is plain data fully initialised here (zeroed, then the fields
        // timer_create reads for SIGEV_THREAD_ID); `timer` is written by timer_create before it
        // is read.
        let timer = unsafe {
            let mut event: libc::sigevent = std::mem::zeroed();
            event.sigev_notify = libc::SIGEV_THREAD_ID;
            event.sigev_signo = signal();
            event.sigev_notify_thread_id = libc::gettid();
            let mut timer: libc::timer_t = std::ptr::null_mut();
            (libc::timer_create(libc::CLOCK_MONOTONIC, &mut event, &mut timer) == 0)
                .then_some(timer)
        };
        GiveWay { timer }
    }

    /// Runs `work`, giving way while it runs. It starts no helper threads
    /// ([`crate::model::helpers::alone`]): they would not give way.
    pub fn during<T>(&self, work: impl FnOnce() -> T) -> T {
        self.arm(EVERY);
        let done = crate::model::helpers::alone(work);
        self.arm(Duration::ZERO);
        done
    }

    /// Starts the timer firing every `every`; stops it when `every` is zero.
    fn arm(&self, every: Duration) {
        let Some(timer) = self.timer else {
            return;
        };
        let every = libc::timespec {
            tv_sec: 0,
            tv_nsec: every.subsec_nanos().into(),
        };
        let setting = libc::itimerspec {
            it_interval: every,
            it_value: every,
        };
        // SAFETY: `timer` is a live timer of this process (deleted only on drop), and `setting`
        // is a valid itimerspec; the old setting is not asked for.
        unsafe {
            libc::timer_settime(timer, 0, &setting, std::ptr::null_mut());
        }
    }
}

/// Starts `work` on a thread of its own named `name`, giving way while it works; what it finds
/// (`Some`) is sent on `found` and the loop is woken to take it. Every background job of the
/// screen (the search's text, a view's rows, an export) starts here, so none forgets to give
/// way or to wake the loop. A thread that cannot be started took `work` with it: the caller
/// decides what then happens.
pub fn spawn<T: Send + 'static>(
    name: &str,
    found: Sender<T>,
    wake: Sender<Wake>,
    work: impl FnOnce() -> Option<T> + Send + 'static,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            if let Some(done) = GiveWay::for_this_thread().during(work)
                && found.send(done).is_ok()
            {
                let _ = wake.send(Wake::Worked);
            }
        })
}

impl Drop for GiveWay {
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            // SAFETY: the timer was created by `for_this_thread` and is deleted once, here.
            unsafe {
                libc::timer_delete(timer);
            }
        }
    }
}

/// The signal the timers send: a real-time one that nothing else in journeymap uses.
fn signal() -> libc::c_int {
    libc::SIGRTMIN() + 4
}

/// Yields the CPU to a thread that waits for it. `sched_yield` may be called from a signal
/// handler and leaves `errno` alone (it cannot fail).
extern "C" fn yield_now(_: libc::c_int) {
    #[cfg(test)]
    tests::GIVEN_WAY.with(|given| given.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    // SAFETY: sched_yield takes no arguments and touches no memory of ours.
    unsafe {
        libc::sched_yield();
    }
}

fn install_handler() {
    // SAFETY: sigaction(2) with a zeroed, then filled sigaction whose handler is an
    // `extern "C" fn(c_int)` that does only async-signal-safe work. `SA_RESTART` restarts a
    // system call the signal interrupts, so the worker's reads and writes see no `EINTR`.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = yield_now as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signal(), &action, std::ptr::null_mut());
    }
}

/// What giving way buys (a thread woken next to a busy sibling runs at once instead of a timer
/// tick later) is timed by `benches/save.rs`, which types through a wake-up during saves on a
/// worker that gives way and on one that does not. These tests check the mechanism, not a clock.
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Instant;

    thread_local! {
        /// How many times the timer's signal made this thread give way.
        pub(super) static GIVEN_WAY: AtomicU64 = const { AtomicU64::new(0) };
    }

    fn given_way() -> u64 {
        GIVEN_WAY.with(|given| given.load(Ordering::Relaxed))
    }

    /// Spins until `enough` returns true or `limit` has passed.
    fn spin_until(limit: Duration, enough: impl Fn() -> bool) {
        let start = Instant::now();
        while !enough() && start.elapsed() < limit {
            std::hint::spin_loop();
        }
    }

    /// Work that gives way starts no helper threads (they would not): the lookups of a reload,
    /// the autosave's encoding and an export's rows are then made on the working thread alone.
    #[test]
    fn work_that_gives_way_starts_no_helpers_and_other_work_may() {
        let give_way = GiveWay::for_this_thread();
        assert!(!give_way.during(crate::model::helpers::allowed));
        assert!(crate::model::helpers::allowed());
    }

    #[test]
    fn a_working_thread_gives_way_while_it_works_and_not_once_it_is_done() {
        let give_way = GiveWay::for_this_thread();
        assert!(give_way.timer.is_some(), "the system refused a timer");
        let before = given_way();
        spin_until(Duration::from_millis(20), || false);
        assert_eq!(given_way(), before, "no work yet, yet the thread gave way");

        let during = give_way.during(|| {
            spin_until(Duration::from_secs(10), || given_way() >= before + 3);
            given_way() - before
        });
        assert!(
            during >= 3,
            "the working thread gave way {during} times in 10 s"
        );

        let after = given_way();
        spin_until(Duration::from_millis(20), || false);
        assert_eq!(
            given_way(),
            after,
            "the thread still gives way after its work"
        );
    }
}
