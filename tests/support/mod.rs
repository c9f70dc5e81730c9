//! Helpers shared by the integration tests: a generated workspace, temporary folders, files and
//! running the real binary.

// Each test file uses some of these helpers, never all of them.
#![allow(dead_code)]

pub mod generate;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// A test file that generates no workspace leaves this unused.
#[allow(unused_imports)]
pub use generate::generate;

/// A fresh temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("journeymap-test-")
        .tempdir()
        .expect("create a temporary folder")
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write a test file");
    path
}

/// The permission bits of a file (not following a symlink at the path's end).
pub fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).expect("stat").mode() & 0o7777
}

pub fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The inode number of the file at `path`.
pub fn inode(path: &Path) -> u64 {
    fs::symlink_metadata(path).expect("stat").ino()
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list a folder")
        .map(|entry| {
            entry
                .expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into()
        })
        .collect();
    names.sort();
    names
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that nothing in the output looks like a Rust panic or backtrace.
    pub fn assert_no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            for word in [
                "panicked",
                "RUST_BACKTRACE",
                "stack backtrace",
                "internal error",
            ] {
                assert!(!text.contains(word), "{word:?} in the output of {self:#?}");
            }
        }
    }
}

/// The path of the journeymap binary Cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_journeymap")
}

/// Runs the binary with `args`, with a clean, predictable environment for its output.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    run_command(Command::new(binary()).args(args))
}

/// Runs a command of the binary (its arguments, folder and environment set by the caller) with
/// no input and no backtraces asked for, and tells what it did.
pub fn run_command(command: &mut Command) -> Run {
    let output = command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run the journeymap binary");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A workspace as compact one-line JSON (`serde_json::to_vec`): valid, but not canonical.
pub fn compact(workspace: &journeymap::model::Workspace) -> Vec<u8> {
    serde_json::to_vec(workspace).expect("a workspace serialises")
}
