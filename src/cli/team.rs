//! `journeymap merge`, `diff` and `git-setup`: git as the engine for teams.

use std::path::PathBuf;

use super::Failure;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    pub base: PathBuf,
    pub ours: PathBuf,
    pub theirs: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct GitSetupArgs {
    pub path: Option<PathBuf>,
}

pub fn merge(_args: MergeArgs) -> Result<(), Failure> {
    Err(Failure::invalid("merge is not available yet"))
}

pub fn diff(_args: DiffArgs) -> Result<(), Failure> {
    Err(Failure::invalid("diff is not available yet"))
}

pub fn git_setup(_args: GitSetupArgs) -> Result<(), Failure> {
    Err(Failure::invalid("git-setup is not available yet"))
}
