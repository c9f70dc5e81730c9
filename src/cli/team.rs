//! `journeymap merge`, `diff` and `git-setup`: git as the engine for teams.
//!
//! - `merge BASE OURS THEIRS` is a git merge driver (`%O %A %B`): it merges by id and field,
//!   writes the canonical result over OURS, records conflicts in the file and exits 1 when there
//!   are any, so git marks the path conflicted;
//! - `diff OLD NEW` lists the changes in domain words; `diff --git REV [PATH]` compares a git
//!   revision of the file with the working file; `diff --textconv FILE` prints one workspace as
//!   stable text, for `git diff`;
//! - `git-setup [PATH]` registers both with git for the workspace files of a repository.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Failure;
use crate::model::{Contents, Workspace, diff, helpers, merge};
use crate::storage::{self, DiskState, LoadError, Parsed, disk};
use crate::text::printable;

type Outcome = Result<(), Failure>;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
As a git merge driver (set up by `journeymap git-setup`): `journeymap merge %O %A %B`.

Exit status: 0 merged cleanly; 1 merged with conflicts (recorded in the file, for journeymap to \
show and resolve) or not mergeable by id (OURS left as it was); 2 an input cannot be read or is \
not a valid workspace (OURS left as it was).")]
pub struct MergeArgs {
    /// The common ancestor (git's %O); an empty file means there is none.
    pub base: PathBuf,
    /// Our version (git's %A): the merged workspace is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Usage:
  journeymap diff OLD NEW            changes from OLD to NEW
  journeymap diff --git REV [PATH]   changes from PATH at git revision REV to the working file
                                     (PATH may be left out when the folder holds one workspace)
  journeymap diff --textconv FILE    FILE as stable text (git's diff.journeymap.textconv)")]
pub struct DiffArgs {
    /// The workspace files.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare the file as it is at this git revision (HEAD, main, a1b2c3…) with the working
    /// file.
    #[arg(long, value_name = "REV", conflicts_with = "textconv")]
    pub git: Option<String>,
    /// Print one workspace as stable text, for `git diff` (git's textconv).
    #[arg(long)]
    pub textconv: bool,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Adds `/PATH merge=journeymap diff=journeymap` to the repository's .gitattributes for each \
workspace, and sets merge.journeymap.name, merge.journeymap.driver and \
diff.journeymap.textconv in the repository's git config (with this journeymap's full path). \
Running it again changes nothing. Commit .gitattributes; git config is not shared, so each \
clone runs `journeymap git-setup` once.")]
pub struct GitSetupArgs {
    /// The workspace file to register, or a folder whose workspace files (*.json with
    /// "format": "journeymap", tracked or not ignored) to register. Default: the current folder.
    pub path: Option<PathBuf>,
}

// ---------------------------------------------------------------------------------------------
// merge

/// A side of a merge read and checked: its contents. Its bytes are read where the system holds
/// them (mapped, not copied) and let go as soon as they are parsed, before the rules are
/// checked, and no index is built: three large workspaces and the merged one are already a lot
/// to hold.
fn read_side(path: &Path) -> Result<(Contents, PathBuf, DiskState), Failure> {
    let (real, parsed, state) =
        disk::read_with(path, storage::parse).map_err(Failure::unreadable)?;
    Ok((checked_side(path, parsed)?, real, state))
}

/// THEIRS, read as [`read_side`] reads OURS, but without the state a file written back keeps.
fn read_theirs(path: &Path) -> Result<Contents, Failure> {
    let (_, parsed) = disk::read_only_with(path, storage::parse).map_err(Failure::unreadable)?;
    checked_side(path, parsed)
}

/// The common ancestor, `None` when it is empty: git gives an empty one when both sides added
/// the file.
fn read_base(path: &Path) -> Result<Option<Contents>, Failure> {
    let (_, parsed) = disk::read_only_with(path, |bytes| {
        let blank = bytes.iter().all(u8::is_ascii_whitespace);
        (!blank).then(|| storage::parse(bytes))
    })
    .map_err(Failure::unreadable)?;
    parsed.map(|parsed| checked_side(path, parsed)).transpose()
}

/// A side's contents checked for every rule, or why it cannot be merged.
fn checked_side(path: &Path, parsed: Result<Parsed, LoadError>) -> Result<Contents, Failure> {
    parsed.and_then(Parsed::into_contents).map_err(|error| {
        Failure::unreadable(disk::OpenError::Bad {
            path: path.to_path_buf(),
            error,
        })
    })
}

/// Runs `elsewhere` beside `here` (on a helper thread, see [`helpers::beside`]): two large
/// files read at once take about the time of one on a machine of two cores.
fn side_by_side<A: Send, B>(
    elsewhere: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let other = helpers::beside(scope, elsewhere);
        let mine = here();
        (other.join(), mine)
    })
}

pub fn merge(args: MergeArgs) -> Outcome {
    // Two files at a time (three at once would hold three files' bytes beside their entries);
    // a failure is told for the first input that has one, base, ours, theirs, as if they were
    // read one after another.
    let (ours, (base, theirs)) = side_by_side(
        || read_side(&args.ours),
        || (read_base(&args.base), read_theirs(&args.theirs)),
    );
    let base = base?;
    let (ours, real, state) = ours?;
    let theirs = theirs?;

    // The sides go into the merge, which moves the rows it keeps from them. What is left of
    // them is kept until the process ends: the merged bytes go straight into the file, a part
    // at a time, so nothing large comes on top of them, and freeing them entry by entry would
    // take a core for tens of milliseconds at 100k items, beside the two that encode.
    let merged = merge::merge_contents(base, ours, theirs, super::quick_exit::keep_until_exit)
    .map_err(|error| {
        Failure::invalid(format!(
            "{error}\ncannot merge by id: the merged workspace would break the rules above; {} is left as it was (under git, `git checkout --theirs FILE` gives their version)",
            args.ours.display()
        ))
    })?;
    let written = write_merged(&args.ours, &real, &state, &merged.workspace);
    let outcome = written.and_then(|()| match merged.conflicts.len() {
        0 => Ok(()),
        count => {
            let mut message = format!(
                "{count} conflict{} recorded in the merged workspace (open it in journeymap to keep ours or theirs):",
                if count == 1 { "" } else { "s" }
            );
            for conflict in &merged.conflicts {
                message.push_str("\n  ");
                message.push_str(&conflict.describe(&merged.workspace));
            }
            Err(Failure::invalid(message))
        }
    });
    super::quick_exit::keep_until_exit(merged.workspace);
    outcome
}

/// Writes the merged workspace over OURS (its real path `real`, as it was read: `state`),
/// unless OURS already holds exactly its bytes.
///
/// Its bytes go straight into the temporary file that replaces OURS (see
/// [`disk::save_streamed`]), under OURS' lock, taken first. Someone editing OURS in journeymap
/// (or a lock that cannot be taken), or bytes that cannot be written (no room on the disk),
/// stop the merge only if it would change OURS: then its bytes are made in memory to be
/// compared with OURS, as they always were before anything was written.
fn write_merged(ours: &Path, real: &Path, state: &DiskState, merged: &Workspace) -> Outcome {
    let snapshot = merged.snapshot();
    let unreadable = |error: io::Error| {
        Failure::unreadable(format!(
            "cannot read {}: {}",
            ours.display(),
            disk::io_words(&error)
        ))
    };
    // Sized by OURS' size, at about the merged bytes' size.
    let size = state.size() as usize;
    // What stopped the merge stops it only if it would change OURS: its bytes made in memory
    // tell.
    let unless_unchanged = |stopped: Failure| {
        let bytes = storage::codec::encode_snapshot(&snapshot, size);
        if disk::holds(real, &bytes).map_err(unreadable)? {
            Ok(())
        } else {
            Err(stopped)
        }
    };
    let _lock = match super::lock_to_write(real, ours, "not merging into it", Failure::unreadable) {
        Ok(lock) => lock,
        Err(refused) => return unless_unchanged(refused),
    };
    let saved = disk::save_streamed(
        real,
        state,
        |out| storage::codec::encode_snapshot_to(&snapshot, size, out),
        |temp| disk::holds_file(real, temp).map_err(Unsaved::Reading),
    );
    match saved {
        Ok(_) => Ok(()),
        Err(Unsaved::Reading(error)) => Err(unreadable(error)),
        Err(Unsaved::Saving(error @ storage::SaveError::Io { .. })) => {
            unless_unchanged(Failure::unreadable(error))
        }
        Err(Unsaved::Saving(error)) => Err(Failure::unreadable(error)),
    }
}

/// Why the merged workspace was not written: OURS could not be read to be compared with it, or
/// the save failed.
enum Unsaved {
    Reading(io::Error),
    Saving(storage::SaveError),
}

impl From<storage::SaveError> for Unsaved {
    fn from(error: storage::SaveError) -> Self {
        Unsaved::Saving(error)
    }
}

// ---------------------------------------------------------------------------------------------
// diff

/// Writes lines to standard output, buffered (a diff of a large workspace has many lines); a
/// closed pipe (`| head`) is not an error.
fn print_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Outcome {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = lines
        .into_iter()
        .try_for_each(|line| writeln!(out, "{}", printable(line)))
        .and_then(|()| out.flush());
    written.map_err(Failure::output)
}

fn usage(message: &str) -> Failure {
    Failure::unreadable(format!(
        "{message} (journeymap diff OLD NEW, diff --git REV [PATH] or diff --textconv FILE)"
    ))
}

pub fn diff(args: DiffArgs) -> Outcome {
    if args.textconv {
        let [path] = args.paths.as_slice() else {
            return Err(usage("--textconv takes exactly one file"));
        };
        return textconv(path);
    }
    let (old, new) = match (&args.git, args.paths.as_slice()) {
        (Some(rev), paths) if paths.len() <= 1 => {
            let path = match paths.first() {
                Some(path) => path.clone(),
                None => only_workspace_here()?,
            };
            // Both read at once; a failure is told for the revision first, as if one after
            // the other.
            let (new, old) = side_by_side(|| storage::load(&path), || at_revision(rev, &path));
            (old?, new?.workspace)
        }
        (Some(_), _) => return Err(usage("--git takes one revision and at most one file")),
        (None, [old, new]) => {
            let (new, old) = side_by_side(|| storage::load(new), || storage::load(old));
            (old?.workspace, new?.workspace)
        }
        (None, _) => return Err(usage("name two workspace files")),
    };
    let lines = diff::diff(&old, &new);
    super::quick_exit::keep_until_exit(old);
    super::quick_exit::keep_until_exit(new);
    if lines.is_empty() {
        return print_lines(["no changes"]);
    }
    print_lines(lines.iter().map(String::as_str))
}

/// git's text conversion: the workspace as stable text; a file that is not a valid workspace
/// (a half-merged one, an older format) is printed as it is, so `git diff` still works.
fn textconv(path: &Path) -> Outcome {
    let (_, bytes, _) = disk::read(path).map_err(Failure::unreadable)?;
    let text = match storage::decode(&bytes) {
        Ok(workspace) => diff::outline(&workspace),
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    };
    print_lines(text.lines())
}

/// The workspace as it is at a git revision.
fn at_revision(rev: &str, path: &Path) -> Result<Workspace, Failure> {
    let (folder, name) = split(path);
    let spec = format!("{rev}:./{}", name.to_string_lossy());
    let bytes = git_bytes(&folder, &[OsStr::new("show"), OsStr::new(&spec)])
        .map_err(|e| Failure::unreadable(format!("git cannot show {spec}: {e}")))?;
    storage::decode(&bytes).map_err(|error| {
        Failure::invalid(disk::OpenError::Bad {
            path: PathBuf::from(format!("{}@{rev}", path.display())),
            error,
        })
    })
}

/// The folder a path is in (`.` for a bare name) and its file name.
fn split(path: &Path) -> (PathBuf, &OsStr) {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (folder, path.file_name().unwrap_or(path.as_os_str()))
}

/// The one workspace file in the current folder, for `diff --git REV`.
fn only_workspace_here() -> Result<PathBuf, Failure> {
    let found = workspaces_under(Path::new("."))?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(usage(
            "no workspace file in this folder; name the workspace file",
        )),
        several => Err(usage(&format!(
            "several workspace files here ({}); name one",
            several
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// git

/// Runs git in `folder`; its standard output, or its complaint.
fn git_bytes<S: AsRef<OsStr>>(folder: &Path, args: &[S]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {}", disk::io_words(&e)))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.trim();
        Err(said.strip_prefix("fatal: ").unwrap_or(said).to_string())
    }
}

fn git<S: AsRef<OsStr>>(folder: &Path, args: &[S]) -> Result<String, String> {
    git_bytes(folder, args).map(|out| String::from_utf8_lossy(&out).trim_end().to_string())
}

/// The workspace files (`*.json` with the journeymap format) under a folder of a git
/// repository, tracked or untracked but not ignored, in git's order.
fn workspaces_under(folder: &Path) -> Result<Vec<PathBuf>, Failure> {
    let listed = git_bytes(
        folder,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    )
    .map_err(|e| Failure::invalid(format!("{}: {e}", folder.display())))?;
    let mut found: Vec<PathBuf> = Vec::new();
    for name in listed.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        if !name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let path = if folder == Path::new(".") {
            PathBuf::from(name.as_ref())
        } else {
            folder.join(name.as_ref())
        };
        if !found.contains(&path) && disk::is_workspace(&path) {
            found.push(path);
        }
    }
    Ok(found)
}

/// A path as a .gitattributes pattern matching exactly it, from the repository's top: glob
/// characters escaped, C-quoted when it holds spaces or quotes.
fn attribute_pattern(relative: &str) -> String {
    let mut escaped = String::from("/");
    for c in relative.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    if escaped.chars().any(|c| c.is_whitespace() || c == '"') {
        let mut quoted = String::from("\"");
        for c in escaped.chars() {
            match c {
                '"' | '\\' => {
                    quoted.push('\\');
                    quoted.push(c);
                }
                '\t' => quoted.push_str("\\t"),
                '\n' => quoted.push_str("\\n"),
                c => quoted.push(c),
            }
        }
        quoted.push('"');
        quoted
    } else {
        escaped
    }
}

/// A word for a POSIX shell: in single quotes.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

const ATTRIBUTES: &str = "merge=journeymap diff=journeymap";

pub fn git_setup(args: GitSetupArgs) -> Outcome {
    let target = args.path.unwrap_or_else(|| PathBuf::from("."));
    let folder = if target.is_dir() {
        target.clone()
    } else {
        split(&target).0
    };
    if !folder.is_dir() {
        return Err(Failure::unreadable(format!(
            "{}: no such folder",
            folder.display()
        )));
    }
    let top = git(&folder, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        Failure::invalid(format!(
            "{} is not in a git repository ({e}); run `git init` first",
            folder.display()
        ))
    })?;
    let files = if target.is_dir() {
        let files = workspaces_under(&target)?;
        if files.is_empty() {
            return Err(Failure::invalid(format!(
                "no journeymap workspace (a .json file with \"format\": \"journeymap\") in {}; name the workspace file: journeymap git-setup FILE",
                target.display()
            )));
        }
        files
    } else {
        if target.exists() && !disk::is_workspace(&target) {
            return Err(Failure::invalid(format!(
                "{} is not a journeymap workspace",
                target.display()
            )));
        }
        vec![target.clone()]
    };
    let top = PathBuf::from(top);
    let real_top = fs::canonicalize(&top).unwrap_or(top.clone());
    let mut said: Vec<String> = Vec::new();

    // .gitattributes: one line per workspace file, unless it is there already.
    let attributes_path = top.join(".gitattributes");
    let existing = match fs::read(&attributes_path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::unreadable(format!(
                "{}: cannot read: {}",
                attributes_path.display(),
                disk::io_words(&e)
            )));
        }
    };
    let mut added = String::new();
    for file in &files {
        let (file_folder, name) = split(file);
        let real_folder = fs::canonicalize(&file_folder).map_err(|e| {
            Failure::unreadable(format!("{}: {}", file_folder.display(), disk::io_words(&e)))
        })?;
        let relative = real_folder
            .join(name)
            .strip_prefix(&real_top)
            .map(Path::to_path_buf)
            .map_err(|_| {
                Failure::invalid(format!(
                    "{} is outside the git repository at {}",
                    file.display(),
                    top.display()
                ))
            })?;
        let pattern = attribute_pattern(&relative.to_string_lossy());
        let present = existing.lines().chain(added.lines()).any(|line| {
            let mut words = line.split_whitespace();
            words.next() == Some(pattern.as_str())
                && ATTRIBUTES
                    .split(' ')
                    .all(|a| line.split_whitespace().any(|w| w == a))
        });
        if !present {
            let line = format!("{pattern} {ATTRIBUTES}");
            said.push(format!("added to .gitattributes: {line}"));
            added.push_str(&line);
            added.push('\n');
        }
    }
    if !added.is_empty() {
        let separator = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&attributes_path)
            .and_then(|mut file| {
                file.write_all(format!("{separator}{added}").as_bytes())?;
                file.sync_all()
            })
            .map_err(|e| {
                Failure::unreadable(format!(
                    "cannot write {}: {}",
                    attributes_path.display(),
                    disk::io_words(&e)
                ))
            })?;
    }

    // git config of this repository: the driver and the text conversion, by full path.
    let exe = std::env::current_exe()
        .and_then(fs::canonicalize)
        .map_err(|e| {
            Failure::unreadable(format!(
                "cannot find journeymap's own path: {}",
                disk::io_words(&e)
            ))
        })?;
    let exe = shell_quote(&exe.to_string_lossy());
    let settings = [
        (
            "merge.journeymap.name",
            "journeymap: three-way merge of workspaces by id".to_string(),
        ),
        ("merge.journeymap.driver", format!("{exe} merge %O %A %B")),
        ("diff.journeymap.textconv", format!("{exe} diff --textconv")),
    ];
    for (key, value) in settings {
        let current = git(&top, &["config", "--local", "--get", key]).ok();
        if current.as_deref() == Some(value.as_str()) {
            continue;
        }
        git(&top, &["config", "--local", key, &value])
            .map_err(|e| Failure::unreadable(format!("git config {key}: {e}")))?;
        said.push(match current {
            Some(old) => format!("set git config {key} = {value} (was {old})"),
            None => format!("set git config {key} = {value}"),
        });
    }

    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    if said.is_empty() {
        said.push(format!(
            "nothing to change: {} already merge{} and diff{} with journeymap",
            names.join(", "),
            if files.len() == 1 { "s" } else { "" },
            if files.len() == 1 { "s" } else { "" },
        ));
    } else if !added.is_empty() {
        said.push(
            "commit .gitattributes so others merge the same way (each clone runs `journeymap git-setup` once: git config is not shared)"
                .into(),
        );
    }
    print_lines(said.iter().map(String::as_str))
}
