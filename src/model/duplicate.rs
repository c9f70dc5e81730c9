//! Duplicates: a copy of a persona, journey, step, content type or item, under new ids, named
//! with `(copy)` after the original's name and placed right after it, as one undoable edit.
//!
//! Items are shared content: a copied journey or step brings its own steps and mappings, but no
//! item is copied or attached to the copy (an item on two journeys is still one item). Metrics
//! stay with what they measure. A copy starts without comments: they were said about the
//! original.

use super::edit::{EditError, Record, Transaction, journeys_mapping, validated};
use super::{ContentType, Edit, Id, IdMap, Item, Journey, Mapping, Persona, Workspace};

type Result = std::result::Result<Edit, EditError>;

/// The name a copy gets.
fn copied(name: &str) -> String {
    format!("{name} (copy)")
}

/// Inserts `copy` right after the entry `original` in its table.
fn place_after<T: Record>(ws: &mut Workspace, original: Id, copy: T) -> Result {
    validated(ws, &copy)?;
    let rows = T::rows(ws);
    let at = rows.position(original).ok_or(EditError::Missing(T::NOUN))?;
    let name = rows.at(at).expect("exists").label();
    let label = format!("duplicate {} {name:?}", T::NOUN);
    let mut tx = Transaction::new(ws);
    tx.insert(at + 1, copy);
    Ok(tx.finish(label))
}

fn original<T: Record>(ws: &Workspace, id: Id) -> std::result::Result<T, EditError> {
    T::rows(ws)
        .get(id)
        .cloned()
        .ok_or(EditError::Missing(T::NOUN))
}

/// A copy of a persona; the journeys stay the original's.
pub fn duplicate_persona(ws: &mut Workspace, id: Id) -> Result {
    let mut copy: Persona = original(ws, id)?;
    copy.id = Id::new();
    copy.name = copied(&copy.name);
    copy.comments.clear();
    place_after(ws, id, copy)
}

/// A copy of a journey with its steps (new ids) and its mappings onto them; no item is copied.
pub fn duplicate_journey(ws: &mut Workspace, id: Id) -> Result {
    let mut copy: Journey = original(ws, id)?;
    copy.id = Id::new();
    copy.name = copied(&copy.name);
    copy.comments.clear();
    let new_ids: IdMap<Id, Id> = copy.steps.iter().map(|s| (s.id, Id::new())).collect();
    for step in &mut copy.steps {
        step.id = new_ids[&step.id];
        step.comments.clear();
    }
    for mapping in &mut copy.mappings {
        mapping.step_id = new_ids[&mapping.step_id];
    }
    place_after(ws, id, copy)
}

/// A copy of a step, right after it in its journey, mapped to the same content types; no item
/// is attached to it.
pub fn duplicate_step(ws: &mut Workspace, step_id: Id) -> Result {
    let mut journey = ws
        .journey_of_step(step_id)
        .cloned()
        .ok_or(EditError::Missing("step"))?;
    let at = journey.step_position(step_id).expect("step of its journey");
    let mut step = journey.steps[at].clone();
    let label = format!("duplicate step {:?}", step.name);
    step.id = Id::new();
    step.name = copied(&step.name);
    step.comments.clear();
    let copy_id = step.id;
    journey.steps.insert(at + 1, step);
    let mappings: Vec<Mapping> = journey
        .mappings
        .iter()
        .filter(|m| m.step_id == step_id)
        .map(|m| Mapping {
            step_id: copy_id,
            ..m.clone()
        })
        .collect();
    journey.mappings.extend(mappings);
    let edit = super::edit::update(ws, journey)?;
    Ok(Edit { label, ..edit })
}

/// A copy of a content type, right after it, mapped onto the same steps of every journey; no
/// item is copied.
pub fn duplicate_content_type(ws: &mut Workspace, id: Id) -> Result {
    let mut copy: ContentType = original(ws, id)?;
    let label = format!("duplicate content type {:?}", copy.name);
    copy.id = Id::new();
    copy.name = copied(&copy.name);
    copy.comments.clear();
    let copy_id = copy.id;
    validated(ws, &copy)?;
    let at = ws.content_types().position(id).expect("exists") + 1;
    let journeys = journeys_mapping(ws, id);
    let mut tx = Transaction::new(ws);
    tx.insert(at, copy);
    for mut journey in journeys {
        let mappings: Vec<Mapping> = journey
            .mappings
            .iter()
            .filter(|m| m.content_type_id == id)
            .map(|m| Mapping {
                content_type_id: copy_id,
                ..m.clone()
            })
            .collect();
        journey.mappings.extend(mappings);
        tx.replace(journey);
    }
    Ok(tx.finish(label))
}

/// A copy of an item on the same steps, right after it; its metrics stay with the original.
pub fn duplicate_item(ws: &mut Workspace, id: Id) -> Result {
    let mut copy: Item = original(ws, id)?;
    copy.id = Id::new();
    copy.title = copied(&copy.title);
    copy.comments.clear();
    place_after(ws, id, copy)
}
