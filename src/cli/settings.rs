//! `journeymap config`: the default config file, and checking one.

use std::path::PathBuf;

use super::{ConfigArgs, Failure};
use crate::config;

pub fn config(args: ConfigArgs, named: Option<PathBuf>) -> Result<(), Failure> {
    match args.check {
        None => {
            let text = config::default_file();
            print(&text)
        }
        Some(file) => check(file.or(named)),
    }
}

/// Prints each problem as `FILE:LINE: what` and fails with exit code 1, or says all is well.
fn check(file: Option<PathBuf>) -> Result<(), Failure> {
    let loaded = config::load(file.as_deref());
    let Some(path) = &loaded.path else {
        let place = config::default_path()
            .map(|path| format!(" at {}", path.display()))
            .unwrap_or_default();
        return print(&format!(
            "no config file{}: journeymap runs on the defaults\n",
            crate::text::printable(&place)
        ));
    };
    if loaded.problems.is_empty() {
        return print(&format!(
            "{}: no problems\n",
            crate::text::printable(&path.display().to_string())
        ));
    }
    // Problem lines are already made safe for a terminal, and they are the error message.
    Err(Failure::invalid(loaded.problem_lines().join("\n")))
}

fn print(text: &str) -> Result<(), Failure> {
    super::output::document(text.as_bytes()).map_err(|error| {
        Failure::unreadable(format!(
            "cannot write: {}",
            crate::storage::disk::io_words(&error)
        ))
    })
}
