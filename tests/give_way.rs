//! A background thread that gives way (`tui::give_way`) lets a thread of the same process that
//! wakes up on its CPU run at once, as a key's reader and the screen's loop do during a save.
//! In a test binary of its own: other tests' threads would be busy siblings too.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use journeymap::tui::give_way::GiveWay;

/// Keeps the calling thread on `cpu`.
fn pin_to(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU_SET and sched_setaffinity get valid
    // pointers to it, for the calling thread (0).
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// How late a thread wakes from 200 sleeps of 2 ms while a sibling on its CPU works (giving way
/// when `give_way`): the median.
fn median_wake_up_delay_next_to_a_busy_sibling(give_way: bool) -> Duration {
    // SAFETY: sched_getcpu has no arguments and no memory effects.
    let cpu = usize::try_from(unsafe { libc::sched_getcpu() }).unwrap_or(0);
    pin_to(cpu);
    let stop = Arc::new(AtomicBool::new(false));
    let sibling = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            pin_to(cpu);
            let spin = || {
                while !stop.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            };
            if give_way {
                GiveWay::for_this_thread().during(spin);
            } else {
                spin();
            }
        })
    };
    std::thread::sleep(Duration::from_millis(20));
    let mut delays: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            std::thread::sleep(Duration::from_millis(2));
            start.elapsed().saturating_sub(Duration::from_millis(2))
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    sibling.join().unwrap();
    delays.sort();
    delays[delays.len() / 2]
}

#[test]
fn a_thread_woken_next_to_a_sibling_that_gives_way_runs_at_once() {
    // Without giving way the sibling keeps the CPU up to a timer tick (3–7 ms measured on
    // 2 cores); giving way every 250 µs, the sleeper wakes about as late as with no sibling
    // (40–110 µs). Compared in one run, as other programs on the machine delay both; a busy
    // machine can hide the difference in one run, not in three.
    let mut runs = Vec::new();
    while runs.len() < 3 {
        let keeping = median_wake_up_delay_next_to_a_busy_sibling(false);
        let giving_way = median_wake_up_delay_next_to_a_busy_sibling(true);
        if giving_way * 4 < keeping {
            return;
        }
        runs.push((keeping, giving_way));
    }
    panic!("median wake-up delays next to a busy sibling / one that gives way: {runs:?}");
}
