//! Waiting for the next thing to happen: a key, a resize, a signal, or a time-out.
//!
//! crossterm's own wait spins forever when the terminal hangs up (its read returns end of file
//! and it reads again), so the loop first waits here, with poll(2) on the terminal and on a
//! pipe that signals write to, and hands only real input to crossterm.

use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// What ended a wait.
#[derive(Debug, PartialEq, Eq)]
pub enum Woken {
    /// Input or a signal is waiting to be read.
    Ready,
    TimedOut,
    /// The terminal is gone (SSH dropped, window closed).
    HungUp,
}

pub struct Waiter {
    signals: UnixStream,
    wake: UnixStream,
}

impl Waiter {
    /// Wakes on input from the terminal and on any of `signals` (resize, hang-up, termination).
    pub fn new(signals: &[i32]) -> io::Result<Waiter> {
        let (read_end, write_end) = UnixStream::pair()?;
        read_end.set_nonblocking(true)?;
        write_end.set_nonblocking(true)?;
        for signal in signals {
            signal_hook::low_level::pipe::register(*signal, write_end.try_clone()?)?;
        }
        Ok(Waiter {
            signals: read_end,
            wake: write_end,
        })
    }

    /// A handle another thread writes a byte to, to wake the loop.
    pub fn waker(&self) -> io::Result<UnixStream> {
        self.wake.try_clone()
    }

    pub fn wait(&mut self, timeout: Duration) -> io::Result<Woken> {
        let mut fds = [
            libc::pollfd {
                fd: io::stdin().as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.signals.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let millis = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, millis) };
        if ready < 0 {
            let error = io::Error::last_os_error();
            return if error.kind() == io::ErrorKind::Interrupted {
                Ok(Woken::Ready)
            } else {
                Err(error)
            };
        }
        if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Ok(Woken::HungUp);
        }
        if fds[1].revents & libc::POLLIN != 0 {
            let mut sink = [0u8; 64];
            while matches!(self.signals.read(&mut sink), Ok(n) if n > 0) {}
        }
        Ok(if ready == 0 {
            Woken::TimedOut
        } else {
            Woken::Ready
        })
    }
}
