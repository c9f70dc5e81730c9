//! What each subcommand does.

use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::quick_exit::keep_until_exit;
use super::{Command, Failure, say};
use crate::model::{Entity, Gap, Workspace};
use crate::storage::location::{Template, default_workspace};
use crate::storage::{self, disk};
use crate::text::printable;

type Outcome = Result<(), Failure>;

pub fn run(command: Command, config: Option<PathBuf>) -> Outcome {
    match command {
        Command::New {
            path,
            template,
            name,
        } => new(&path, template, name.as_deref()),
        Command::Check { path } => check(&path),
        Command::Gaps { path, json } => gaps(&path, json),
        Command::Fmt { path, check } => fmt(&path, check),
        Command::Repair(args) => super::repair::repair(args),
        Command::Export(args) => super::share::export(args),
        Command::Import(args) => super::share::import(args),
        Command::Merge(args) => super::team::merge(args),
        Command::Diff(args) => super::team::diff(args),
        Command::GitSetup(args) => super::team::git_setup(args),
        Command::Config(args) => super::settings::config(args, config),
        Command::Present { path, journey } => present(&path, journey, config),
    }
}

/// `journeymap [PATH]`: opens the workspace (creating the default one from the sample). A path
/// that names nothing yet is a new, blank workspace, created by its first save.
pub fn open(path: Option<PathBuf>, mouse: bool, config: Option<PathBuf>) -> Outcome {
    let (path, created) = match path {
        Some(path) => (path, false),
        None => ensure_default_workspace()?,
    };
    // A config file with problems never stops journeymap: it starts on the defaults for what
    // is wrong, and the status line says so.
    let loaded = crate::config::load(config.as_deref());
    Ok(crate::tui::run(
        &path,
        crate::tui::Options {
            mouse,
            // On first run, where the sample went: the user did not name that file.
            notice: created
                .then(|| format!("first run: created {} from the sample", path.display()))
                .or(loaded.notice(NOTICE_ROOM)),
            config: loaded.config,
        },
    )?)
}

/// `journeymap present PATH`: the read-only walkthrough. The path must name a workspace: a
/// presentation creates nothing, not even the default workspace.
fn present(path: &Path, journey: Option<String>, config: Option<PathBuf>) -> Outcome {
    let loaded = crate::config::load(config.as_deref());
    Ok(crate::tui::present(
        path,
        crate::tui::PresentOptions {
            notice: loaded.notice(NOTICE_ROOM),
            config: loaded.config,
            journey,
        },
    )?)
}

/// What the status line has left for a notice at 80 columns, beside the save state, the
/// counts of gaps and due items (`saved · 17 gaps · 7 overdue`), and the help keys.
const NOTICE_ROOM: usize = 34;

/// Creates a workspace file, unless one appeared there meanwhile (then that one is opened).
fn create_if_missing(path: &Path, bytes: &[u8]) -> Outcome {
    match storage::create_new(path, bytes) {
        Ok(_) | Err(storage::SaveError::Exists(_)) => Ok(()),
        Err(error) => Err(Failure::unreadable(error)),
    }
}

/// The default workspace, created from the sample the first time (then `true`).
pub fn ensure_default_workspace() -> Result<(PathBuf, bool), Failure> {
    let path = default_workspace().ok_or_else(|| {
        Failure::unreadable(
            "cannot find your home folder to keep the default workspace in; name a workspace file",
        )
    })?;
    if !path.exists() {
        let folder = path.parent().expect("the default workspace is in a folder");
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
            .map_err(|e| {
                Failure::unreadable(format!(
                    "cannot create {}: {}",
                    folder.display(),
                    disk::io_words(&e)
                ))
            })?;
        create_if_missing(&path, &Template::Sample.bytes(None))?;
        return Ok((path, true));
    }
    Ok((path, false))
}

fn new(path: &Path, template: Template, name: Option<&str>) -> Outcome {
    let name = name.map(str::to_string).or_else(|| match template {
        Template::Sample => None,
        Template::Blank => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
    });
    let bytes = template.bytes(name.as_deref());
    storage::create_new(path, &bytes).map_err(|e| match e {
        storage::SaveError::Exists(_) => Failure::invalid(e),
        _ => Failure::unreadable(e),
    })?;
    say!(
        "created {} from the {} template",
        path.display(),
        match template {
            Template::Sample => "sample",
            Template::Blank => "blank",
        }
    );
    Ok(())
}

fn check(path: &Path) -> Outcome {
    match storage::load(path) {
        Ok(loaded) => {
            let outcome = print_summary(path, &loaded.workspace);
            keep_until_exit(loaded.workspace);
            outcome
        }
        Err(
            error @ disk::OpenError::Bad {
                error: storage::LoadError::Invalid(_),
                ..
            },
        ) => {
            let lines = error.to_string();
            let count = lines.lines().count();
            Err(Failure::invalid(format!(
                "{lines}\n{}: invalid ({count} problem{})",
                path.display(),
                if count == 1 { "" } else { "s" }
            )))
        }
        Err(error) => Err(error.into()),
    }
}

fn print_summary(path: &Path, ws: &Workspace) -> Outcome {
    let [available, in_progress, to_create] = ws.status_counts();
    say!("{}: valid", path.display());
    say!("  name           {}", printable(ws.name()));
    say!("  personas       {}", ws.personas().len());
    say!("  journeys       {}", ws.journeys().len());
    say!("  steps          {}", ws.step_count());
    say!("  content types  {}", ws.content_types().len());
    say!(
        "  items          {} ({available} available, {in_progress} in progress, {to_create} to create)",
        ws.items().len()
    );
    say!("  metrics        {}", ws.metrics().len());
    say!("  channels       {}", ws.channels().len());
    say!("  objectives     {}", ws.objectives().len());
    say!("  gaps           {}", ws.gap_count());
    if !ws.conflicts().is_empty() {
        let settle = crate::app::Keymap::default()
            .key_for(
                crate::app::Context::Personas,
                crate::app::Action::Show(crate::app::View::Conflicts),
            )
            .map(|key| format!("; open the workspace and press {key} to settle them"))
            .unwrap_or_default();
        say!(
            "  conflicts      {} (from a merge{settle})",
            ws.conflicts().len()
        );
    }
    Ok(())
}

/// A gap in words: persona(s), journey, step, content type.
struct GapRow {
    persona: String,
    journey: String,
    step: String,
    content_type: String,
    gap: Gap,
}

fn gap_rows(ws: &Workspace) -> Vec<GapRow> {
    ws.gaps()
        .into_iter()
        .map(|gap| {
            let journey = ws.journeys().get(gap.journey_id).expect("gap of a journey");
            let persona = journey
                .persona_ids
                .iter()
                .filter_map(|id| ws.personas().get(*id))
                .map(|p| p.label())
                .collect::<Vec<_>>()
                .join(", ");
            GapRow {
                persona,
                journey: journey.name.clone(),
                step: journey
                    .step(gap.step_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                content_type: ws
                    .content_types()
                    .get(gap.content_type_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                gap,
            }
        })
        .collect()
}

fn gaps(path: &Path, json: bool) -> Outcome {
    let loaded = storage::load(path)?;
    let rows = gap_rows(&loaded.workspace);
    keep_until_exit(loaded.workspace);
    let written = if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "persona": row.persona,
                    "journey": row.journey,
                    "step": row.step,
                    "content_type": row.content_type,
                    "journey_id": row.gap.journey_id,
                    "step_id": row.gap.step_id,
                    "content_type_id": row.gap.content_type_id,
                })
            })
            .collect();
        let mut text = serde_json::to_vec_pretty(&list).expect("JSON of strings always serialises");
        text.push(b'\n');
        super::output::document(&text)
    } else {
        write_gap_table(&mut std::io::stdout().lock(), &rows)
    };
    written.map_err(Failure::output)
}

fn write_gap_table(out: &mut impl Write, rows: &[GapRow]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no gaps: every mapped cell has something available");
    }
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [&r.persona, &r.journey, &r.step, &r.content_type].map(|s| printable(s).into_owned())
        })
        .collect();
    let header = ["PERSONA", "JOURNEY", "STEP", "CONTENT TYPE"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count()).min(40);
        }
    }
    let line = |out: &mut dyn Write, row: [&str; 4]| {
        let mut text = String::new();
        for (at, (cell, width)) in row.iter().zip(widths).enumerate() {
            let cell: String = cell.chars().take(width).collect();
            if at == 3 {
                text.push_str(&cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header)?;
    for row in &cells {
        line(out, [&row[0], &row[1], &row[2], &row[3]])?;
    }
    writeln!(
        out,
        "{} gap{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

fn fmt(path: &Path, check_only: bool) -> Outcome {
    let (real, bytes, disk_state) = disk::read(path)?;
    let workspace = storage::decode(&bytes).map_err(|error| {
        Failure::invalid(disk::OpenError::Bad {
            path: path.to_path_buf(),
            error,
        })
    })?;
    if storage::codec::is_canonical(&workspace, &bytes) {
        keep_until_exit(workspace);
        if !check_only {
            say!("{} is already in canonical form", path.display());
        }
        return Ok(());
    }
    if check_only {
        return Err(Failure::invalid(format!(
            "{} is not in canonical form (run `journeymap fmt` on it)",
            path.display()
        )));
    }
    let _lock = super::lock_to_write(&real, path, "not rewriting it", Failure::invalid)?;
    disk::sweep_leftovers(&real);
    let canonical = storage::encode(&workspace);
    keep_until_exit(workspace);
    storage::save_untracked(&real, &canonical, &disk_state).map_err(Failure::invalid)?;
    say!("{} rewritten in canonical form", path.display());
    Ok(())
}
