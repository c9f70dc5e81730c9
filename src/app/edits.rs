//! Edits more than one part asks for, written once: moving an item's status on, and the
//! question that names what a removal takes away.

use super::outcome::Outcome;
use crate::model::comments::comments_of;
use crate::model::edit::{self, Removal};
use crate::model::{Entity, Id, Status, Workspace};

/// Moves an item's status on: to create → in progress → available → to create.
pub fn cycle_status(ws: &Workspace, id: Id) -> Outcome {
    let status = match ws.items().get(id).map(|i| i.status) {
        Some(Status::ToCreate) => Status::InProgress,
        Some(Status::InProgress) => Status::Available,
        _ => Status::ToCreate,
    };
    Outcome::edit(move |ws| edit::set_status(ws, id, status))
}

/// The question naming what a removal takes away (`None`: the entry is gone).
pub fn removal_question(ws: &Workspace, removal: Removal) -> Option<String> {
    Some(match removal {
        Removal::Persona(id) => format!("Delete persona {:?}?", ws.personas().get(id)?.label()),
        Removal::Journey(id) => format!("Delete journey {:?}?", ws.journeys().get(id)?.label()),
        Removal::Step(id) => format!("Delete step {:?}?", ws.step(id)?.name),
        Removal::ContentType(id, _) => format!(
            "Delete content type {:?} and its items?",
            ws.content_types().get(id)?.label()
        ),
        Removal::Item(id) => format!("Delete item {:?}?", ws.items().get(id)?.label()),
        Removal::Metric(id) => format!("Delete metric {:?}?", ws.metrics().get(id)?.label()),
        Removal::Measurement { metric, on } => {
            let metric = ws.metrics().get(metric)?;
            let value = metric.measurements.iter().find(|m| m.on == on)?.value;
            format!(
                "Delete the measurement of {:?} on {on} (value {value})?",
                metric.label()
            )
        }
        Removal::Comment { on, id } => {
            let (noun, label, comments) = comments_of(ws, on)?;
            let comment = comments.iter().find(|c| c.id == id)?;
            let mut text: String = comment.text.chars().take(40).collect();
            if text.len() < comment.text.len() {
                text.push('…');
            }
            format!(
                "Delete {}'s comment on {noun} {label:?}: {text:?}?",
                comment.author
            )
        }
        Removal::Channel(id) => format!("Delete channel {:?}?", ws.channels().get(id)?.label()),
        Removal::Objective(id) => {
            format!("Delete objective {:?}?", ws.objectives().get(id)?.label())
        }
        Removal::Unmap { step, content_type } => format!(
            "Unmap {:?} from {:?}?",
            ws.content_types().get(content_type)?.label(),
            ws.step(step)?.name
        ),
    })
}
