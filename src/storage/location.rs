//! Where workspaces live and what new ones start from.

use std::path::PathBuf;

use directories::ProjectDirs;

use crate::model::{Workspace, edit};

/// The sample workspace shipped with the program: a bike shop's strategy, so a newcomer sees a
/// populated map at once.
pub const SAMPLE: &str = include_str!("../../assets/sample.json");

/// What a new workspace file starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// The bike-shop sample strategy.
    Sample,
    /// An empty workspace.
    Blank,
}

impl Template {
    /// The bytes of a new workspace file from this template, under `name` if one is given.
    pub fn bytes(self, name: Option<&str>) -> Vec<u8> {
        match (self, name) {
            (Template::Sample, None) => SAMPLE.as_bytes().to_vec(),
            (Template::Sample, Some(name)) => {
                let mut workspace = super::decode(SAMPLE.as_bytes()).expect("the sample is valid");
                let currency = workspace.currency().to_string();
                if edit::set_settings(&mut workspace, name, &currency).is_err() {
                    return SAMPLE.as_bytes().to_vec();
                }
                super::encode(&workspace)
            }
            (Template::Blank, name) => {
                super::encode(&Workspace::blank(name.unwrap_or("New workspace")))
            }
        }
    }
}

/// The file name of the default workspace: the status line names other files.
pub const DEFAULT_FILE_NAME: &str = "workspace.json";

/// The default workspace: `workspace.json` in the user's data folder.
pub fn default_workspace() -> Option<PathBuf> {
    ProjectDirs::from("", "", "journeymap").map(|dirs| dirs.data_dir().join(DEFAULT_FILE_NAME))
}
