//! Questions asked before something is lost: deleting, or closing a changed form.

use crate::model::{Edit, Id};

/// What happens when the user says yes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    DeletePersona(Id),
    DeleteJourney(Id),
    DeleteStep(Id),
    DeleteContentType(Id),
    DeleteItem(Id),
    DeleteMetric(Id),
    DeleteChannel(Id),
    DeleteObjective(Id),
    /// Close the form under the question without saving it.
    DiscardForm,
    /// Quit although the edits could not be saved.
    Quit,
}

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    /// What goes with it, when something does.
    pub detail: Option<String>,
    pub on_yes: Pending,
}

impl Confirm {
    pub fn new(question: String, on_yes: Pending) -> Self {
        Confirm {
            question,
            detail: None,
            on_yes,
        }
    }

    /// A deletion question that says what goes with the entry, read from the edit that would
    /// undo the deletion (so it is exact, not an estimate).
    pub fn deletion(question: String, undo: &Edit, on_yes: Pending) -> Self {
        let (removed, changed) = undo.restores();
        let words = |counts: Vec<(usize, &str)>, skip_first: bool| {
            counts
                .into_iter()
                .enumerate()
                .filter_map(|(at, (count, noun))| {
                    let count = if skip_first && at == 0 {
                        count - 1
                    } else {
                        count
                    };
                    (count > 0).then(|| {
                        let plural = if count == 1 { "" } else { "s" };
                        format!("{count} {noun}{plural}")
                    })
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        let gone = words(removed, true);
        if !gone.is_empty() {
            parts.push(format!("Goes with it: {gone}."));
        }
        let touched = words(changed, false);
        if !touched.is_empty() {
            parts.push(format!("Detached but kept: {touched}."));
        }
        parts.push("u undoes it.".into());
        Confirm {
            question,
            detail: Some(parts.join(" ")),
            on_yes,
        }
    }
}
