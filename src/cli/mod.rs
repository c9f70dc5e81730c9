//! The command line: `journeymap [PATH]` and the scriptable subcommands.
//!
//! Every failure is one clear sentence on standard error and a non-zero exit code: 1 when the
//! workspace is invalid or the command refused, 2 when a file cannot be read or the command line
//! is wrong.

mod commands;
mod output;
mod quick_exit;
mod repair;
mod settings;
mod share;
mod team;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::storage::location::Template;

#[derive(Debug, Parser)]
#[command(
    name = "journeymap",
    version,
    about = "Journey maps, content maps, gaps, calendar and KPIs for digital strategists, in one JSON workspace.",
    long_about = None,
    // Either a workspace to open or a command, as `refuse_path_with_command` checks.
    override_usage = "journeymap [OPTIONS] [PATH]\n       journeymap [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// The workspace to open (default: the workspace in your data folder, created from the
    /// sample on first run). A file that does not exist yet opens blank and is created by its
    /// first saved edit.
    pub path: Option<PathBuf>,
    /// Leave the mouse to the terminal (its own text selection works; clicks do not select).
    #[arg(long)]
    pub no_mouse: bool,
    /// The config file to use instead of config.toml in your config folder.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workspace file (never overwrites an existing file).
    New {
        /// The workspace file to create (`.json`); its folder must exist.
        path: PathBuf,
        /// What the new workspace starts from.
        #[arg(long, value_enum, default_value_t = Template::Sample)]
        template: Template,
        /// The workspace's name (blank template).
        #[arg(long)]
        name: Option<String>,
    },
    /// Validate a workspace and print what it holds. Exit 0 valid, 1 invalid, 2 unreadable.
    Check {
        /// The workspace file to validate.
        path: PathBuf,
    },
    /// List the gaps: mapped cells with nothing available.
    Gaps {
        /// The workspace file whose gaps to list.
        path: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Make the safe fixes of a workspace with problems: drop references to entries that do not
    /// exist, mappings made twice, emotions outside 1–5 and values of fields the workspace does
    /// not define; keep the file as it was in
    /// PATH.bak and say each change. Exit 0 repaired, 1 problems left for a person (nothing
    /// changed), 2 unreadable.
    Repair(repair::RepairArgs),
    /// Rewrite a workspace in canonical form (atomically).
    Fmt {
        /// The workspace file to rewrite (or, with --check, to check).
        path: PathBuf,
        /// Change nothing; exit 1 if the file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Export the map for colleagues: Markdown, CSV, Mermaid, iCalendar, HTML or Graphviz.
    Export(share::ExportArgs),
    /// Import a content inventory (CSV, as `export --format csv` writes it).
    Import(share::ImportArgs),
    /// Three-way merge of workspace files by id (a git merge driver).
    Merge(team::MergeArgs),
    /// Changes between two workspace files, in domain words.
    Diff(team::DiffArgs),
    /// Register journeymap's merge driver and diff for a workspace in a git repository.
    GitSetup(team::GitSetupArgs),
    /// Print the default config file, or check one. Exit 0 valid, 1 with problems.
    Config(ConfigArgs),
    /// Walk through the journeys full screen for a review: a title slide per journey, then a
    /// slide per step. Read-only: it takes no lock, writes nothing, and follows the file when
    /// someone changes it.
    Present {
        /// The workspace file to present.
        path: PathBuf,
        /// Only this journey: its name (any case) or its id.
        #[arg(long, value_name = "NAME-OR-ID")]
        journey: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct ConfigArgs {
    /// Print the complete default config file, every setting explained, to copy and edit.
    #[arg(long)]
    pub default: bool,
    /// Check a config file (default: the one --config names, or config.toml in your config
    /// folder); each problem is printed as FILE:LINE: what is wrong.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub check: Option<Option<PathBuf>>,
}

/// A command's failure: what to tell the user, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn invalid(message: impl ToString) -> Self {
        Failure {
            message: message.to_string(),
            code: 1,
        }
    }
    pub fn unreadable(message: impl ToString) -> Self {
        Failure {
            message: message.to_string(),
            code: 2,
        }
    }
    /// A failed write to standard output. A reader that stopped reading (`| head -1`) ends the
    /// command quietly and successfully: the work is done, only the telling was cut short.
    pub fn output(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure {
                message: String::new(),
                code: 0,
            }
        } else {
            Failure::unreadable(format!(
                "cannot write to standard output: {}",
                crate::storage::disk::io_words(&error)
            ))
        }
    }
}

/// Writes one line to standard output, ending the command quietly if nobody reads it any more.
/// (`println!` panics on a closed pipe.)
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::write_line(::std::format_args!($($arg)*))?
    };
}
pub(crate) use say;

pub(crate) fn write_line(line: std::fmt::Arguments) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(Failure::output)
}

/// Writes one line to standard error; a closed or broken standard error is no reason to stop
/// (`eprintln!` would panic).
pub(crate) fn warn(line: &str) {
    let _ = writeln!(
        io::stderr().lock(),
        "{}",
        crate::text::printable_lines(line)
    );
}

impl From<crate::storage::disk::OpenError> for Failure {
    fn from(error: crate::storage::disk::OpenError) -> Self {
        match error {
            crate::storage::disk::OpenError::Unreadable { .. } => Failure::unreadable(error),
            crate::storage::disk::OpenError::Bad { .. } => Failure::invalid(error),
        }
    }
}

impl From<crate::tui::Error> for Failure {
    fn from(error: crate::tui::Error) -> Self {
        match error {
            crate::tui::Error::Open(error) => Failure::from(error),
            crate::tui::Error::Terminal(words) => Failure::unreadable(words),
            crate::tui::Error::Refused(words) | crate::tui::Error::Ended(words) => {
                Failure::invalid(words)
            }
        }
    }
}

/// `journeymap exprot` must not open (and later create) a workspace named `exprot`: a first
/// argument that is no file, no subcommand, but a subcommand with a letter or two changed is a
/// typo. (A name with a `.` or a `/` is a path, never a typo.)
/// Takes the workspace's lock before a command writes the file at `real`, so that it never
/// writes under someone editing it in journeymap. A busy file is refused with `busy` (its exit
/// code), saying who edits it and what was `not_done`; a lock that cannot be taken is unreadable.
fn lock_to_write(
    real: &Path,
    shown: &Path,
    not_done: &str,
    busy: fn(String) -> Failure,
) -> Result<crate::storage::Lock, Failure> {
    match crate::storage::lock::acquire(real) {
        Ok(crate::storage::LockState::Held(lock)) => Ok(lock),
        Ok(crate::storage::LockState::Busy { holder }) => Err(busy(format!(
            "{} is being edited by {holder}; {not_done}",
            shown.display()
        ))),
        Err(error) => Err(Failure::unreadable(format!(
            "cannot lock {}: {}",
            shown.display(),
            crate::storage::disk::io_words(&error)
        ))),
    }
}

fn misspelt_subcommand(args: &[std::ffi::OsString]) -> Option<Failure> {
    use clap::CommandFactory;
    let word = args.get(1)?.to_str()?;
    if word.starts_with('-') || word.contains(['.', '/']) || std::path::Path::new(word).exists() {
        return None;
    }
    let command = Cli::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    if names.contains(&word) {
        return None;
    }
    let meant = crate::text::closest(word, names)?;
    Some(Failure::unreadable(format!(
        "{}: no such file, and not a subcommand; did you mean '{meant}'?",
        crate::text::printable(word)
    )))
}

/// A workspace to open (or `--no-mouse`) and a command do not go together: the command would
/// run and the workspace silently not open. Checked here rather than by clap's
/// `args_conflicts_with_subcommands`, which refuses the global `--config FILE` before a command
/// too (`journeymap --config FILE config --check`).
fn refuse_path_with_command(cli: &Cli) {
    use clap::CommandFactory;
    if cli.command.is_none() {
        return;
    }
    let given = match (&cli.path, cli.no_mouse) {
        (Some(_), _) => "a workspace to open ([PATH])",
        (None, true) => "--no-mouse",
        (None, false) => return,
    };
    Cli::command()
        .error(
            clap::error::ErrorKind::ArgumentConflict,
            format!("{given} cannot be used with a command; run the command on its own"),
        )
        .exit()
}

/// A write past the file size limit (`ulimit -f`) fails with an error (`EFBIG`) instead of
/// killing the process (`SIGXFSZ`): a save then stops as any failed save does, its temporary
/// file removed, the lock given back and the reason said, where the signal left both files
/// behind and said nothing.
fn write_past_a_size_limit_fails() {
    // SAFETY: signal(2) with a valid signal number and SIG_IGN; no handler of ours runs.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    write_past_a_size_limit_fails();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = match misspelt_subcommand(&args) {
        Some(failure) => Err(failure),
        None => {
            let cli = Cli::parse_from(args);
            refuse_path_with_command(&cli);
            match cli.command {
                Some(command) => commands::run(command, cli.config),
                None => commands::open(cli.path, !cli.no_mouse, cli.config),
            }
        }
    };
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // The terminal may be gone (that may be why the session ended): `warn` never panics.
            if !failure.message.is_empty() {
                warn(&failure.message);
            }
            ExitCode::from(failure.code)
        }
    };
    // Everything is saved, the lock removed, the terminal restored and every message written.
    quick_exit::hand_memory_to_helper();
    code
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn every_argument_of_every_subcommand_says_what_it_is() {
        let cli = Cli::command();
        let mut checked = 0;
        for command in cli.get_subcommands() {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(
                    !help.trim().is_empty(),
                    "`journeymap {} --help` shows no description for {id}",
                    command.get_name()
                );
                checked += 1;
            }
        }
        assert!(checked > 10, "only {checked} arguments seen");
    }

    #[test]
    fn only_a_near_miss_of_a_subcommand_is_a_typo() {
        let args = |word: &str| vec!["journeymap".into(), word.into()];
        let failure = misspelt_subcommand(&args("exprot")).expect("a typo");
        assert_eq!(failure.code, 2);
        assert!(
            failure.message.contains("did you mean 'export'?"),
            "{}",
            failure.message
        );
        for word in [
            "export",
            "launch-plan",
            "plan.json",
            "--help",
            "new-ideas",
            "strategy",
        ] {
            assert!(misspelt_subcommand(&args(word)).is_none(), "{word}");
        }
    }
}
