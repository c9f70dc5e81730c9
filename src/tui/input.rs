//! Everything that wakes the loop arrives on one channel: terminal events, signals, changes on
//! disk and saves that landed. The loop blocks on that channel, so an idle journeymap uses no CPU,
//! and it takes everything that is waiting before it draws again.
//!
//! crossterm is the only reader of the terminal. It reads on a thread of its own, with
//! crossterm's level-triggered reader (`use-dev-tty`): nothing else polls the terminal for input
//! beside it, so a burst of input is read to the last byte. crossterm's reader cannot tell a
//! hung-up terminal (it reads end of file and tries again until its time-out), so between two
//! waits the thread asks the kernel whether the terminal hung up, and says so.

use std::io;
use std::os::fd::AsRawFd;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event};

/// Why the loop woke.
#[derive(Debug)]
pub enum Wake {
    /// A key, a paste, a mouse event or a resize.
    Input(Event),
    /// The terminal is gone (SSH dropped, window closed): end of file, a read error or a hang-up.
    HungUp,
    /// SIGTERM, SIGHUP or SIGINT: keep the edits and quit.
    Stop,
    /// SIGTSTP from outside (`kill -TSTP`): suspend as `Ctrl-z` does. Left to its default, the
    /// signal would stop journeymap with the terminal still raw and on the alternate screen.
    Suspend,
    /// Something happened to the workspace file (or its lock file) on disk.
    Disk,
    /// A save or a read of the file on the worker thread is done, the search's text is
    /// prepared, or the inventory's rows are found.
    Worked,
}

/// How long the reader waits for input before it looks whether the terminal hung up: the
/// longest a hung-up terminal goes unnoticed when no hang-up signal comes.
const HANG_UP_CHECK: Duration = Duration::from_millis(250);

/// The channel the loop waits on, with the terminal reader and the signal handler feeding it.
pub fn start() -> io::Result<(Sender<Wake>, Receiver<Wake>)> {
    let (sender, receiver) = channel();
    feed(&sender)?;
    Ok((sender, receiver))
}

/// Starts the terminal reader and the signal handler feeding `sender`: for a channel made
/// before the terminal was set up (the save worker, which opens the file, wakes the loop on it).
pub fn feed(sender: &Sender<Wake>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
    let to_loop = sender.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let wake = if signal == SIGTSTP {
                    Wake::Suspend
                } else {
                    Wake::Stop
                };
                if to_loop.send(wake).is_err() {
                    return;
                }
            }
        })?;
    let to_loop = sender.clone();
    thread::Builder::new()
        .name("terminal".into())
        .spawn(move || read_terminal(&to_loop))?;
    Ok(())
}

/// Whether the terminal reader is asked to stay away from the terminal, and whether it does.
#[derive(Default)]
struct Pause {
    asked: bool,
    parked: bool,
}

/// The reader's pause. One terminal, one reader per process: a static, so the loop need not
/// carry a handle to the thread through every call that may hand the terminal over.
static PAUSE: Mutex<Pause> = Mutex::new(Pause {
    asked: false,
    parked: false,
});
static PAUSE_CHANGED: Condvar = Condvar::new();

/// Keeps the terminal reader from reading while another program has the terminal (the user's
/// editor): crossterm's reader would take that program's keys. Returns once the reader has
/// finished the wait it was in (at most [`HANG_UP_CHECK`]) or is gone; reading resumes when the
/// guard is dropped.
pub fn pause_reader() -> ReaderPaused {
    let mut pause = PAUSE.lock().unwrap_or_else(|e| e.into_inner());
    pause.asked = true;
    // A reader that ended (the terminal hung up) never parks: wait no longer than it would.
    let _ = PAUSE_CHANGED
        .wait_timeout_while(pause, HANG_UP_CHECK * 4, |pause| !pause.parked)
        .map_err(|e| e.into_inner());
    ReaderPaused
}

/// While it lives, the terminal reader does not read; see [`pause_reader`].
pub struct ReaderPaused;

impl Drop for ReaderPaused {
    fn drop(&mut self) {
        let mut pause = PAUSE.lock().unwrap_or_else(|e| e.into_inner());
        pause.asked = false;
        PAUSE_CHANGED.notify_all();
    }
}

/// Parks the reader while a pause is asked for, and says so to whoever asked.
fn wait_while_paused() {
    let mut pause = PAUSE.lock().unwrap_or_else(|e| e.into_inner());
    if !pause.asked {
        return;
    }
    pause.parked = true;
    PAUSE_CHANGED.notify_all();
    let mut pause = PAUSE_CHANGED
        .wait_while(pause, |pause| pause.asked)
        .unwrap_or_else(|e| e.into_inner());
    pause.parked = false;
}

/// Hands every terminal event to the loop, until the terminal goes away or the loop ends.
fn read_terminal(to_loop: &Sender<Wake>) {
    loop {
        wait_while_paused();
        let wake = if hung_up() {
            Wake::HungUp
        } else {
            match event::poll(HANG_UP_CHECK) {
                Ok(false) => continue,
                Ok(true) => match event::read() {
                    Ok(event) => Wake::Input(event),
                    Err(_) => Wake::HungUp,
                },
                Err(_) => Wake::HungUp,
            }
        };
        let last = matches!(wake, Wake::HungUp);
        if to_loop.send(wake).is_err() || last {
            return;
        }
    }
}

/// Whether the terminal on standard input has hung up. A status query that waits for nothing and
/// reads nothing (no events asked for: the kernel reports only hang-up and error), so it never
/// competes with crossterm's reader.
pub fn hung_up() -> bool {
    let mut fds = [libc::pollfd {
        fd: io::stdin().as_raw_fd(),
        events: 0,
        revents: 0,
    }];
    // SAFETY: `fds` is a valid array of one pollfd for the duration of the call.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    ready > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}
