//! The problems of a workspace file that breaks the rules: such a file opens read-only on this
//! list (entry, field, what is wrong), which names the command that repairs what can be
//! repaired safely. Nothing is repaired from here: the file is only read.

use super::select;
use crate::app::Action;
use crate::app::outcome::{Given, Outcome};
use crate::model::rules::Problem;

/// What the file was found to break when it was opened, and how to name it in a command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileProblems {
    /// In file order.
    pub list: Vec<Problem>,
    /// The file as the user named it, for `journeymap repair PATH`.
    pub path: String,
}

impl FileProblems {
    /// The command that repairs the file, its path quoted for a shell where it needs it.
    pub fn repair_command(&self, dry_run: bool) -> String {
        let plain = |c: char| c.is_ascii_alphanumeric() || "._/-+,:@%=".contains(c);
        let path = if !self.path.is_empty() && self.path.chars().all(plain) {
            self.path.clone()
        } else {
            format!("'{}'", self.path.replace('\'', r"'\''"))
        };
        let flag = if dry_run { " --dry-run" } else { "" };
        format!("journeymap repair {path}{flag}")
    }
}

/// The list's selected problem.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProblemsState {
    pub selected: usize,
}

impl ProblemsState {
    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        if select(&mut self.selected, given.problems, action) {
            Outcome::Done
        } else {
            Outcome::Ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repair_command_quotes_a_path_a_shell_would_split() {
        let named = |path: &str| FileProblems {
            list: Vec::new(),
            path: path.into(),
        };
        assert_eq!(
            named("plans/q3.json").repair_command(true),
            "journeymap repair plans/q3.json --dry-run"
        );
        assert_eq!(
            named("Q3 plan's.json").repair_command(false),
            r"journeymap repair 'Q3 plan'\''s.json'"
        );
    }
}
