//! Questions asked before something is lost: deleting, unmapping, or closing a changed form.

use crate::app::action::Action;
use crate::app::outcome::{Outcome, Pending};
use crate::model::edit::Removal;
use crate::model::{Entity, Id, Impact, Item};

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    /// What goes with it, when something does.
    pub detail: Option<String>,
    pub on_yes: Pending,
}

impl Confirm {
    /// Yes does what the question waited for; no (the close keys) changes nothing.
    pub fn handle(&self, action: Action) -> Outcome {
        match action {
            Action::Confirm => Outcome::Yes(self.on_yes.clone()),
            Action::Close => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    pub fn new(question: String, on_yes: Pending) -> Self {
        Confirm {
            question,
            detail: None,
            on_yes,
        }
    }

    /// A removal's question, saying what goes with the entry and what is kept but changed, as
    /// the removal's preview counted it (so it is exact, not an estimate).
    ///
    /// `undo_key` is the key that undoes it where the user is, when one does.
    pub fn removal(
        question: String,
        removal: Removal,
        impact: &Impact,
        undo_key: Option<String>,
    ) -> Self {
        Confirm {
            question,
            detail: Some(removal_detail(impact, (1, removal.noun()), undo_key)),
            on_yes: Pending::Remove(removal),
        }
    }

    /// The question before deleting many items at once (the inventory's marked rows), saying
    /// how many go and what goes with them or is kept, as the deletion's preview counted it.
    pub fn items_removal(ids: Vec<Id>, impact: &Impact, undo_key: Option<String>) -> Self {
        let count = ids.len();
        Confirm {
            question: format!("Delete {}?", counted(count, "item", "items")),
            detail: Some(removal_detail(impact, (count, Item::NOUN), undo_key)),
            on_yes: Pending::RemoveItems(ids),
        }
    }

    /// The question before deleting one of the workspace's fields (`name`, printable), saying
    /// how many values go with it: "Delete field "Backstage" and its 3 values?".
    pub fn field_removal(name: &str, id: String, values: usize, undo_key: Option<String>) -> Self {
        let detail = match undo_key {
            Some(undo) => format!("Every entry's value of it goes. {undo} undoes it."),
            None => "Every entry's value of it goes.".into(),
        };
        Confirm {
            question: format!(
                "Delete field {name:?} and its {}?",
                counted(values, "value", "values")
            ),
            detail: Some(detail),
            on_yes: Pending::RemoveField(id),
        }
    }
}

/// What goes with the entries asked about (`asked`: how many, of which kind) and what is kept
/// but changed, then the key that undoes it.
fn removal_detail(impact: &Impact, asked: (usize, &str), undo_key: Option<String>) -> String {
    let mut parts = Vec::new();
    let gone: Vec<String> = impact
        .removed
        .iter()
        .map(|(count, noun)| {
            // The entries asked about are not "with it".
            let count = if *noun == asked.1 {
                count.saturating_sub(asked.0)
            } else {
                *count
            };
            (count, *noun)
        })
        .filter(|(count, _)| *count > 0)
        .map(|(count, noun)| counted(count, noun, &format!("{noun}s")))
        .collect();
    if !gone.is_empty() {
        parts.push(format!("Goes with it: {}.", gone.join(", ")));
    }
    let kept = kept(impact);
    if !kept.is_empty() {
        parts.push(format!("Kept: {}.", kept.join("; ")));
    }
    if parts.is_empty() {
        parts.push("Nothing else goes or changes.".into());
    }
    if let Some(undo) = undo_key {
        parts.push(format!("{undo} undoes it."));
    }
    parts.join(" ")
}

/// `1 item`, `2 items`.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// What stays but changes, one clause per kind of change.
fn kept(impact: &Impact) -> Vec<String> {
    let clauses = [
        (
            impact.journeys_unshared,
            "journey stays with its other personas",
            "journeys stay with their other personas",
        ),
        (
            impact.journeys_unlinked,
            "journey loses its objective",
            "journeys lose their objective",
        ),
        (
            impact.items_on_other_steps,
            "item stays on its other steps",
            "items stay on their other steps",
        ),
        (
            impact.items_on_no_step,
            "item is left on no step",
            "items are left on no step",
        ),
        (
            impact.items_unchanneled,
            "item loses its channel",
            "items lose their channel",
        ),
        (
            impact.items_retyped,
            "item moves to the other type",
            "items move to the other type",
        ),
        (
            impact.personas_unchanneled,
            "persona loses this channel",
            "personas lose this channel",
        ),
        (
            impact.metrics_to_journey,
            "metric moves to the journey",
            "metrics move to the journey",
        ),
        (
            impact.metrics_to_workspace,
            "metric moves to the workspace",
            "metrics move to the workspace",
        ),
    ];
    clauses
        .into_iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, one, many)| counted(count, one, many))
        .collect()
}
