//! `journeymap export` and `journeymap import`: the map in formats colleagues' tools read.

use std::path::PathBuf;

use super::Failure;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub path: PathBuf,
}

pub fn export(_args: ExportArgs) -> Result<(), Failure> {
    Err(Failure::invalid("export is not available yet"))
}

pub fn import(_args: ImportArgs) -> Result<(), Failure> {
    Err(Failure::invalid("import is not available yet"))
}
