//! `kill -9` at a random instant of `journeymap fmt` leaves the old file or the new one, never a
//! torn one; and the same test against a naive writer (`cp` over the file) does find torn files,
//! which shows the test can fail.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use journeymap::storage::encode;
use journeymap::storage::lock::lock_path;
use support::{binary, compact, generate, names_in, temp_dir};

const TRIES: usize = 150;

/// The size of the workspace `fmt` rewrites: about 1 MB. A debug build takes some 100 ms of CPU
/// to read, check and write it (20,000 items take nearly a second each run, too long for 150
/// runs); the save itself is the last few ms of each run.
const ITEMS: usize = 2_500;

/// A small xorshift generator: random delays without a dependency. Seeded from the clock; the
/// seed is printed so a failure can be replayed.
struct Random(u64);

impl Random {
    fn from_clock() -> Self {
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("the clock is after 1970")
            .as_nanos() as u64
            | 1;
        eprintln!("random seed {seed}");
        Random(seed)
    }

    /// A number in 0..1.
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How long a command takes from spawn to exit: the fastest of three runs (`prepare` runs before
/// each). The fastest, because a busy machine only makes runs longer, and the delays stretch when
/// runs turn out slower than this.
fn measure(mut prepare: impl FnMut(), mut command: impl FnMut() -> Command) -> Duration {
    (0..3)
        .map(|_| {
            prepare();
            let start = Instant::now();
            let status = command().status().expect("run the command");
            let took = start.elapsed();
            assert!(status.success(), "the measured run failed: {status}");
            took
        })
        .min()
        .expect("three runs")
}

/// The two tests of this file measure and time processes: running them at the same time would
/// skew both, so they take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a killed writer left at the path.
#[derive(Debug, Default)]
struct Outcomes {
    tries: usize,
    old: usize,
    new: usize,
    torn: usize,
    /// Kills that found the writer holding its lock: after it decided to save and before it
    /// finished (a successful run removes the lock file; a killed one cannot).
    while_saving: usize,
}

/// Up to `TRIES` times: put the old bytes back, start the writer, kill it with SIGKILL after a
/// random delay from 0 to a little over `typical` (one whole run), and see what is at `path`.
/// Stops early once `enough_torn` torn files were seen.
///
/// The delays adapt to a machine slower than measured: a kill late in the range that still finds
/// the old file stretches the range by a tenth, so some kills keep landing after the end.
fn kill_at_random(
    path: &Path,
    old: &[u8],
    new: &[u8],
    typical: Duration,
    enough_torn: usize,
    mut command: impl FnMut() -> Command,
) -> Outcomes {
    let mut random = Random::from_clock();
    let mut outcomes = Outcomes::default();
    let mut range = typical.mul_f64(1.2);
    let lock = lock_path(path);
    for attempt in 0..TRIES {
        if outcomes.torn >= enough_torn {
            break;
        }
        outcomes.tries += 1;
        fs::write(path, old).expect("restore the old bytes");
        match fs::remove_file(&lock) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                panic!("cannot remove the lock file left by a killed run: {error}")
            }
            _ => {}
        }
        let delay = range.mul_f64(random.unit());
        let mut child = command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the writer");
        sleep(delay);
        // SIGKILL; an already finished child is a zombie until waited for, so this still works.
        child.kill().expect("kill the writer");
        child.wait().expect("wait for the writer");
        let bytes = fs::read(path).expect("read what the writer left");
        if lock.exists() {
            outcomes.while_saving += 1;
        }
        if bytes == old {
            outcomes.old += 1;
            if delay > range.mul_f64(0.9) {
                range = range.mul_f64(1.1);
            }
        } else if bytes == new {
            outcomes.new += 1;
        } else {
            outcomes.torn += 1;
            eprintln!(
                "attempt {attempt}: torn file of {} bytes after {delay:?}",
                bytes.len()
            );
        }
    }
    eprintln!("{outcomes:?} (delays up to {range:?}; one run takes about {typical:?})");
    outcomes
}

#[test]
fn a_killed_fmt_leaves_the_old_file_or_the_new_one() {
    let _turn = one_at_a_time();
    let dir = temp_dir();
    let path = dir.path().join("ws.json");
    let workspace = generate(ITEMS);
    let old = compact(&workspace);
    let new = encode(&workspace);
    drop(workspace);
    assert_ne!(old, new);

    let fmt = || {
        let mut command = Command::new(binary());
        command.arg("fmt").arg(&path);
        command
    };
    let typical = measure(
        || fs::write(&path, &old).unwrap(),
        || {
            let mut command = fmt();
            command.stdout(Stdio::null());
            command
        },
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        new,
        "a whole fmt run gives the canonical bytes"
    );

    let outcomes = kill_at_random(&path, &old, &new, typical, usize::MAX, fmt);
    assert_eq!(outcomes.torn, 0, "a kill left a torn file: {outcomes:?}");
    assert!(
        outcomes.old >= 3 && outcomes.new >= 3,
        "kills must land both before and after the rename to prove anything: {outcomes:?}"
    );

    // A killed fmt leaves its lock file (harmless: the lock died with it) and, if killed between
    // linking its finished temporary file into the folder and renaming it, that temporary file.
    // The next fmt, once it holds the lock, sweeps such leftovers; nothing else may be there.
    // The old bytes go back a while after the last kill, as a person would put them back: the
    // kernel stamps a write from a clock up to a tick behind the precise time a killed save gave
    // its temporary file, and the sweep leaves a temporary file newer than the workspace for
    // after the next save (see `disk::sweep_leftovers`), so old bytes written within a tick of
    // the kill could keep it here.
    sleep(Duration::from_millis(20));
    fs::write(&path, &old).unwrap();
    let status = fmt().stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    assert_eq!(fs::read(&path).unwrap(), new);
    assert_eq!(
        names_in(dir.path()),
        vec!["ws.json".to_string()],
        "a complete fmt leaves only the workspace: no temporary file, no lock file"
    );
}

/// The control: a naive writer (`cp` over the file, which truncates it and then writes) killed
/// the same way leaves torn files, so the check above is one that can fail.
#[test]
fn control_a_killed_naive_copy_leaves_torn_files() {
    let _turn = one_at_a_time();
    let dir = temp_dir();
    let path = dir.path().join("target.json");
    let source = dir.path().join("new.json");
    // Large enough that a copy takes a while; old and new differ everywhere and are the same size,
    // so any partial copy is neither.
    let size = 16 << 20;
    let old = vec![b'o'; size];
    let new = vec![b'n'; size];
    fs::write(&source, &new).unwrap();

    let cp = || {
        let mut command = Command::new("cp");
        command.arg(&source).arg(&path);
        command
    };
    let typical = measure(|| fs::write(&path, &old).unwrap(), cp);
    let outcomes = kill_at_random(&path, &old, &new, typical, 10, cp);
    assert!(
        outcomes.torn >= 1,
        "the naive writer was never caught mid-write: {outcomes:?}"
    );
}
