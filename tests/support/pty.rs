//! The real binary in a pseudo-terminal: keys go in as the bytes a terminal sends, and what the
//! program draws is read back through a terminal emulator (`vt100`) of the same size.
//!
//! Every wait has a time limit and says whether what it waited for happened, so a test fails
//! with the screen in its message instead of hanging; a child still running when its [`Pty`] is
//! dropped (a test that failed half-way) is killed.

// Each test file uses some of these helpers, never all of them.
#![allow(dead_code)]

use std::ffi::OsString;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long a lone Esc is left alone, so the program does not read it as the start of a
/// sequence with the bytes that follow.
const ESC_PAUSE: Duration = Duration::from_millis(150);
/// How often the screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

/// The longest any one thing may take to appear on screen, or the program to quit.
pub const WAIT: Duration = Duration::from_secs(15);

/// A fresh temporary folder for one test, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("journeymap-e2e-")
        .tempdir()
        .expect("a temporary folder")
}

/// A copy of the sample workspace in `dir`.
pub fn sample_copy(dir: &Path) -> PathBuf {
    let path = dir.join("sample.json");
    std::fs::write(&path, journeymap::storage::location::SAMPLE).expect("write the sample");
    path
}

/// Waits for `text`, failing the test with the screen if it never shows.
#[track_caller]
pub fn expect(pty: &Pty, text: &str) {
    assert!(
        pty.wait_for(text, WAIT),
        "{text:?} never appeared; the screen:\n{}",
        pty.screen()
    );
}

/// Waits until the screen satisfies `test`, failing with `what` and the screen if it never does.
#[track_caller]
pub fn expect_that(pty: &Pty, what: &str, test: impl Fn(&str) -> bool) {
    assert!(
        pty.wait_until(WAIT, test),
        "{what}; the screen:\n{}",
        pty.screen()
    );
}

/// The workspace file as saved, as JSON.
pub fn saved_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("read the saved file")).expect("saved JSON")
}

/// A list in the saved file (`pick` finds it in the JSON) once it passes `test`, or as it is
/// when the wait is over: a save lands in the background, after the screen has changed.
pub fn saved_list(
    path: &Path,
    pick: impl Fn(&serde_json::Value) -> &serde_json::Value,
    test: impl Fn(&[serde_json::Value]) -> bool,
) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let list = pick(&saved_json(path))
            .as_array()
            .cloned()
            .unwrap_or_default();
        if test(&list) || Instant::now() > deadline {
            return list;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// Waits for the program to quit with success, failing the test with the screen if it does not.
#[track_caller]
pub fn expect_exit(pty: &mut Pty) {
    let status = pty.wait_exit(WAIT);
    assert!(
        status.as_ref().is_some_and(|s| s.success()),
        "journeymap did not quit cleanly: {status:?}; the screen:\n{}",
        pty.screen()
    );
}

/// The program on `path` (a copy of the sample) in a terminal of `cols`×`rows`, with `dir` as
/// its home, once it shows the sample and has saved it: the next key reaches the main screen.
pub fn start(dir: &Path, path: &Path, cols: u16, rows: u16) -> Pty {
    let pty = Spawn::new(dir).arg(path).size(cols, rows).start();
    expect(&pty, "Commuter Clara");
    expect(&pty, " saved");
    pty
}

/// Presses Esc and waits until `text` is gone, so the next key is not read with the Esc.
#[track_caller]
pub fn close(pty: &mut Pty, text: &str) {
    pty.esc();
    expect_that(pty, &format!("Esc did not close {text:?}"), |screen| {
        !screen.contains(text)
    });
}

/// Quits from the main screen and waits for a clean exit.
#[track_caller]
pub fn quit(pty: &mut Pty) {
    pty.send("q");
    expect_exit(pty);
}

/// Asserts that `journeymap check` accepts the file at `path` (as saved by the program).
#[track_caller]
pub fn assert_checks(path: &Path) {
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("check")
        .arg(path)
        .output()
        .expect("run journeymap check");
    assert!(
        check.status.success(),
        "check refused {}: {}",
        path.display(),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// How to start the program: arguments, environment, terminal size.
pub struct Spawn {
    args: Vec<OsString>,
    env: Vec<(String, String)>,
    cols: u16,
    rows: u16,
    home: PathBuf,
    hang_up_ignored: bool,
    user: Option<(u32, u32)>,
    job_control: bool,
}

impl Spawn {
    /// The binary with a clean environment whose home and XDG folders are inside `home`:
    /// `TERM=xterm-256color`, a UTF-8 locale, `USER=tester`, an 80×24 terminal.
    pub fn new(home: &Path) -> Spawn {
        let path = std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into());
        let folder = |name: &str| home.join(name).to_string_lossy().into_owned();
        Spawn {
            args: Vec::new(),
            env: vec![
                ("PATH".into(), path),
                ("HOME".into(), home.to_string_lossy().into_owned()),
                ("XDG_DATA_HOME".into(), folder("data")),
                ("XDG_CONFIG_HOME".into(), folder("config")),
                ("XDG_CACHE_HOME".into(), folder("cache")),
                ("TERM".into(), "xterm-256color".into()),
                ("LANG".into(), "C.UTF-8".into()),
                ("USER".into(), "tester".into()),
            ],
            cols: 80,
            rows: 24,
            home: home.to_path_buf(),
            hang_up_ignored: false,
            user: None,
            job_control: false,
        }
    }

    /// Runs the program under a shell that ignores the hang-up signal, as
    /// `tmux new-session "trap '' HUP; journeymap FILE"` or `nohup` do: when the terminal goes
    /// away the program gets no SIGHUP and must notice by itself. (The shell stays the session
    /// leader, which alone gets the kernel's SIGHUP; its exit status is the program's.)
    pub fn hang_up_ignored(mut self) -> Spawn {
        self.hang_up_ignored = true;
        self
    }

    /// Runs the program as a job of a shell with job control, as from an interactive shell:
    /// when the program stops itself (`Ctrl-z`) the shell prints `stopped (STATUS)` and waits
    /// for a line (Enter), then continues the program in the foreground with `fg`.
    pub fn job_control(mut self) -> Spawn {
        self.job_control = true;
        self
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Spawn {
        self.args.push(arg.into());
        self
    }

    /// Writes `toml` to `config.toml` in `folder` and gives the program that file with
    /// `--config`.
    pub fn config(self, folder: &Path, toml: &str) -> Spawn {
        let config = folder.join("config.toml");
        std::fs::write(&config, toml).expect("write the config file");
        self.arg("--config").arg(config)
    }

    /// Sets (or replaces) one environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Spawn {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs the program as user `uid` in group `gid` and no other (the test must run as root),
    /// as a teammate on a shared server would: `setpriv` changes the ids, then starts it.
    pub fn run_as(mut self, uid: u32, gid: u32) -> Spawn {
        self.user = Some((uid, gid));
        self
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Spawn {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Starts the program on a new pseudo-terminal.
    pub fn start(self) -> Pty {
        let size = PtySize {
            rows: self.rows,
            cols: self.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system()
            .openpty(size)
            .expect("open a pseudo-terminal");
        let program = env!("CARGO_BIN_EXE_journeymap");
        let mut argv: Vec<String> = Vec::new();
        if let Some((uid, gid)) = self.user {
            argv.extend([
                "setpriv".into(),
                format!("--reuid={uid}"),
                format!("--regid={gid}"),
                "--clear-groups".into(),
                "--".into(),
            ]);
        }
        // Not `exec` under a shell: the shell must stay the session leader.
        if self.job_control {
            // `set -m`: the program runs in a process group of its own, which the shell
            // continues, so its stop signal is not discarded as in an orphaned group.
            let script = "set -m; \"$0\" \"$@\"; echo \"stopped ($?)\"; read answer; fg";
            argv.extend(["sh", "-c", script].map(String::from));
        } else if self.hang_up_ignored {
            argv.extend(["sh", "-c", "trap '' HUP; \"$0\" \"$@\"; exit $?"].map(String::from));
        }
        argv.push(program.into());
        let mut command = CommandBuilder::new(&argv[0]);
        command.args(&argv[1..]);
        command.args(&self.args);
        command.env_clear();
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command.cwd(&self.home);
        let child = pair
            .slave
            .spawn_command(command)
            .expect("start journeymap on the pseudo-terminal");
        // Only the child keeps the terminal's other end open, so reading ends when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(self.rows),
            nonzero(self.cols),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        // A reader of our own on a copy of the master, which it closes when told to stop, so
        // that `hang_up` can close every copy of the master.
        let master_fd = pair.master.as_raw_fd().expect("the master is a file");
        // SAFETY: dup of an open descriptor; the new one is owned by the File alone.
        let mut reader = unsafe { std::fs::File::from_raw_fd(libc::dup(master_fd)) };
        let stop = Arc::new(AtomicBool::new(false));
        let (parser_in, raw_in, stop_in) =
            (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&stop));
        let reader_thread = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop_in.load(Ordering::Relaxed) {
                let mut fds = [libc::pollfd {
                    fd: reader.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                }];
                // SAFETY: one valid pollfd for the duration of the call.
                if unsafe { libc::poll(fds.as_mut_ptr(), 1, 20) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        locked(&raw_in).extend_from_slice(&buf[..n]);
                        locked(&parser_in).process(&buf[..n]);
                    }
                }
            }
        });
        let writer = pair
            .master
            .take_writer()
            .expect("write to the pseudo-terminal");
        Pty {
            child,
            master: Some(pair.master),
            writer,
            reader: Some(reader_thread),
            stop,
            parser,
            raw,
            status: None,
        }
    }
}

/// The data behind a lock, even if a test panicked while holding it.
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// A running program on a pseudo-terminal, and the screen it drew.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    /// `None` once the terminal was hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Box<dyn Write + Send>,
    reader: Option<thread::JoinHandle<()>>,
    stop: Arc<AtomicBool>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    status: Option<ExitStatus>,
}

impl Pty {
    /// Sends bytes as typed: `"\t"` Tab, `"\r"` Enter, `"\x1b[A"` Up, `"\x13"` Ctrl-s. A lone
    /// Esc (`"\x1b"` alone) is followed by a pause so it is read as the Esc key.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("send keys to the program");
        self.writer.flush().expect("send keys to the program");
        if keys == "\x1b" {
            thread::sleep(ESC_PAUSE);
        }
    }

    /// The Esc key, alone.
    pub fn esc(&mut self) {
        self.send("\x1b");
    }

    /// The text on the screen now, rows joined by line breaks.
    pub fn screen(&self) -> String {
        locked(&self.parser).screen().contents()
    }

    /// Runs `look` on the emulated screen (for colours and attributes of cells).
    pub fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
        let screen = locked(&self.parser).screen().clone();
        look(&screen)
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn raw_output(&self) -> Vec<u8> {
        locked(&self.raw).clone()
    }

    /// Waits until the screen shows `text`; says whether it did within `timeout`.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> bool {
        self.wait_until(timeout, |screen| screen.contains(text))
    }

    /// Waits until the screen text satisfies `test`; says whether it did within `timeout`.
    pub fn wait_until(&self, timeout: Duration, test: impl Fn(&str) -> bool) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if test(&self.screen()) {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
            thread::sleep(POLL);
        }
    }

    /// Changes the terminal's size, as a user dragging the window does (the program gets
    /// SIGWINCH); the emulated screen takes the new size first.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        locked(&self.parser).set_size(nonzero(rows), nonzero(cols));
        self.claim_size(cols, rows);
    }

    /// Tells the program its terminal is now `cols`×`rows` without resizing the emulated screen,
    /// for sizes no emulator could hold (a hostile or broken terminal claims 30000×30000).
    pub fn claim_size(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is there")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pseudo-terminal");
    }

    /// Waits for the program to exit; its status, or `None` if it still runs after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + timeout;
        loop {
            if let Some(status) = &self.status {
                return Some(status.clone());
            }
            match self.child.try_wait() {
                Ok(Some(status)) => self.status = Some(status),
                Ok(None) if Instant::now() >= end => return None,
                Ok(None) => thread::sleep(POLL),
                Err(error) => panic!("cannot wait for journeymap: {error}"),
            }
        }
    }

    /// Closes the terminal, as closing the window or a dropped SSH connection does: every copy
    /// of the master side is closed, so the program's terminal hangs up.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.writer = Box::new(std::io::sink());
        self.master = None;
    }

    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Whether the terminal is in line mode (echo, line editing) as a shell leaves it, rather
    /// than raw. The two ends of a pseudo-terminal share one set of modes, so the master reads
    /// the modes the program set.
    pub fn in_line_mode(&self) -> bool {
        let fd = self
            .master
            .as_ref()
            .and_then(|master| master.as_raw_fd())
            .expect("the terminal is open");
        // SAFETY: termios is plain data; tcgetattr fills it for an open descriptor.
        let mut modes: libc::termios = unsafe { std::mem::zeroed() };
        let read = unsafe { libc::tcgetattr(fd, &mut modes) } == 0;
        let line = libc::ICANON | libc::ECHO;
        read && modes.c_lflag & line == line
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            // SIGHUP, a short grace, then SIGKILL; then reap it.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
