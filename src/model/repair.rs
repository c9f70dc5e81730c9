//! Repairing a workspace whose problems each have one safe fix: a reference to an entry that
//! does not exist is dropped (or emptied, where a field refers to one entry), an id listed twice
//! is listed once, a content type mapped twice onto a step is mapped once, a value of a custom
//! field the workspace does not define is dropped (its text told), and a merge conflict about
//! an entry that is gone is dropped. Nothing else is guessed at: what is left breaks the
//! rules as before, for a person to fix.
//!
//! Only `journeymap repair` calls this, when asked to; nothing is ever repaired on its own.

use std::collections::HashSet;

use super::rules::Problem;
use super::{Contents, Custom, Entity, FieldDef, Id, Journey, Table, Workspace};

/// The workspace with every safe fix made, and each fix in words, placed as problems are
/// (entry, its name, field).
pub fn repair(ws: &Workspace) -> (Workspace, Vec<Problem>) {
    let mut contents = ws.contents().clone();
    let mut fixes = Vec::new();
    let known = Known::of(&contents);
    let fields = contents.fields.clone();

    contents.personas = fix_table(&contents.personas, &mut fixes, |persona, fix| {
        fix.defined("", &mut persona.custom, &fields);
        persona.channel_ids = fix.kept("channel_ids", "channel", &persona.channel_ids, |id| {
            known.channels.contains(&id)
        });
    });
    contents.content_types = fix_table(&contents.content_types, &mut fixes, |kind, fix| {
        fix.defined("", &mut kind.custom, &fields);
    });
    contents.journeys = fix_table(&contents.journeys, &mut fixes, |journey, fix| {
        fix.defined("", &mut journey.custom, &fields);
        for (at, step) in journey.steps.iter_mut().enumerate() {
            fix.defined(&format!("steps[{at}]."), &mut step.custom, &fields);
        }
        journey.persona_ids = fix.kept("persona_ids", "persona", &journey.persona_ids, |id| {
            known.personas.contains(&id)
        });
        fix.emptied(
            "objective_id",
            "objective",
            &mut journey.objective_id,
            |id| known.objectives.contains(&id),
        );
        fix_mappings(journey, &known, fix);
    });
    contents.items = fix_table(&contents.items, &mut fixes, |item, fix| {
        fix.defined("", &mut item.custom, &fields);
        item.step_ids = fix.kept("step_ids", "step", &item.step_ids, |id| {
            known.steps.contains(&id)
        });
        fix.emptied("channel_id", "channel", &mut item.channel_id, |id| {
            known.channels.contains(&id)
        });
    });
    contents.metrics = fix_table(&contents.metrics, &mut fixes, |metric, fix| {
        fix.emptied("journey_id", "journey", &mut metric.journey_id, |id| {
            known.journeys.contains(&id)
        });
        fix.emptied("step_id", "step", &mut metric.step_id, |id| {
            known.steps.contains(&id)
        });
        fix.emptied("item_id", "item", &mut metric.item_id, |id| {
            known.items.contains(&id)
        });
    });

    // Whether a conflict's entry exists is asked of the repaired workspace: a mapping this
    // repair dropped takes its conflict with it.
    let mut conflicts = std::mem::take(&mut contents.conflicts);
    let repaired = Workspace::from_contents(contents);
    let mut at = 0;
    conflicts.retain(|conflict| {
        let gone = conflict.entry_exists(&repaired) == Some(false);
        if gone {
            fixes.push(Problem {
                entry: format!("conflicts[{at}]"),
                label: String::new(),
                field: String::new(),
                message: format!("dropped: the {} it is about is gone", conflict.noun()),
            });
        }
        at += 1;
        !gone
    });
    let mut contents = repaired.contents().clone();
    contents.conflicts = conflicts;
    (Workspace::from_contents(contents), fixes)
}

/// Whether a value that could not be read at all is repaired by the default that stands in for
/// it: only a step's emotion, whose default, "not known", is what a score outside 1–5 (or no
/// number at all) can safely become. Any other unreadable value is the file's data, not to be
/// replaced by a default.
pub fn clears_safely(unread: &Problem) -> bool {
    unread.entry.contains(".steps[") && unread.field == "emotion"
}

/// The ids of every entry, to tell a reference from a dangling one.
struct Known {
    channels: HashSet<Id>,
    personas: HashSet<Id>,
    objectives: HashSet<Id>,
    content_types: HashSet<Id>,
    journeys: HashSet<Id>,
    steps: HashSet<Id>,
    items: HashSet<Id>,
}

impl Known {
    fn of(contents: &Contents) -> Known {
        fn ids<T: Entity>(table: &Table<T>) -> HashSet<Id> {
            table.iter().map(Entity::id).collect()
        }
        Known {
            channels: ids(&contents.channels),
            personas: ids(&contents.personas),
            objectives: ids(&contents.objectives),
            content_types: ids(&contents.content_types),
            journeys: ids(&contents.journeys),
            steps: contents
                .journeys
                .iter()
                .flat_map(|j| j.steps.iter().map(|s| s.id))
                .collect(),
            items: ids(&contents.items),
        }
    }
}

/// Where the fixes of one entry are told.
struct Fixer<'a> {
    entry: String,
    label: String,
    fixes: &'a mut Vec<Problem>,
}

impl Fixer<'_> {
    fn tell(&mut self, field: String, message: String) {
        self.fixes.push(Problem {
            entry: self.entry.clone(),
            label: self.label.clone(),
            field,
            message,
        });
    }

    /// The ids of a list that exist, each once, in their order; each one dropped is told.
    fn kept(
        &mut self,
        field: &str,
        noun: &str,
        ids: &[Id],
        exists: impl Fn(Id) -> bool,
    ) -> Vec<Id> {
        let mut seen = HashSet::new();
        let mut kept = Vec::with_capacity(ids.len());
        for (at, id) in ids.iter().enumerate() {
            let why = if !exists(*id) {
                format!("no {noun} has this id")
            } else if !seen.insert(*id) {
                "listed twice".to_string()
            } else {
                kept.push(*id);
                continue;
            };
            self.tell(format!("{field}[{at}]"), format!("dropped {id}: {why}"));
        }
        kept
    }

    /// Drops the values of fields the workspace does not define, telling each with its text.
    fn defined(&mut self, prefix: &str, custom: &mut Custom, fields: &[FieldDef]) {
        let undefined: Vec<String> = custom
            .iter()
            .filter(|(id, _)| !fields.iter().any(|f| f.id == *id))
            .map(|(id, _)| id.to_string())
            .collect();
        for id in undefined {
            let text = custom.remove(&id).unwrap_or_default();
            self.tell(
                format!("{prefix}custom.{id}"),
                format!("dropped {text:?}: no field has this id"),
            );
        }
    }

    /// Empties a reference to one entry that does not exist, and tells it.
    fn emptied(
        &mut self,
        field: &str,
        noun: &str,
        id: &mut Option<Id>,
        exists: impl Fn(Id) -> bool,
    ) {
        if let Some(dangling) = id.filter(|id| !exists(*id)) {
            *id = None;
            self.tell(
                field.to_string(),
                format!("emptied: no {noun} has id {dangling}"),
            );
        }
    }
}

/// A journey's mappings onto steps of its own and content types that exist, each cell once.
fn fix_mappings(journey: &mut Journey, known: &Known, fix: &mut Fixer) {
    let own_steps: HashSet<Id> = journey.steps.iter().map(|s| s.id).collect();
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(journey.mappings.len());
    for (at, mapping) in journey.mappings.iter().enumerate() {
        let why = if !own_steps.contains(&mapping.step_id) {
            format!("no step of this journey has id {}", mapping.step_id)
        } else if !known.content_types.contains(&mapping.content_type_id) {
            format!("no content type has id {}", mapping.content_type_id)
        } else if !seen.insert((mapping.step_id, mapping.content_type_id)) {
            "maps the same content type onto the same step a second time".to_string()
        } else {
            kept.push(mapping.clone());
            continue;
        };
        fix.tell(format!("mappings[{at}]"), format!("dropped: {why}"));
    }
    journey.mappings = kept;
}

/// Each entry of a table after `fix`, which tells what it changed.
fn fix_table<T: Entity>(
    table: &Table<T>,
    fixes: &mut Vec<Problem>,
    mut fix: impl FnMut(&mut T, &mut Fixer),
) -> Table<T> {
    let rows: Vec<T> = table
        .iter()
        .enumerate()
        .map(|(at, row)| {
            let mut row = row.clone();
            let mut fixer = Fixer {
                entry: format!("{}[{at}]", T::COLLECTION),
                label: row.label().to_string(),
                fixes,
            };
            fix(&mut row, &mut fixer);
            row
        })
        .collect();
    Table::from_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rules::check_workspace;

    const CHANNEL: &str = "00000000-0000-4000-8000-000000000001";
    const PERSONA: &str = "00000000-0000-4000-8000-000000000002";
    const TYPE: &str = "00000000-0000-4000-8000-000000000003";
    const JOURNEY: &str = "00000000-0000-4000-8000-000000000004";
    const STEP: &str = "00000000-0000-4000-8000-000000000005";
    const ITEM: &str = "00000000-0000-4000-8000-000000000006";
    const GONE: &str = "00000000-0000-4000-8000-0000000000ff";

    fn workspace(json: serde_json::Value) -> Workspace {
        Workspace::from_contents(serde_json::from_value(json).expect("contents"))
    }

    /// One entry of each kind, every reference resolving.
    fn valid() -> serde_json::Value {
        serde_json::json!({
            "format": "journeymap", "version": 1, "name": "Shop", "currency": "EUR",
            "channels": [{ "id": CHANNEL, "name": "Web", "media": "owned" }],
            "personas": [{ "id": PERSONA, "name": "Clara", "channel_ids": [CHANNEL] }],
            "content_types": [{ "id": TYPE, "name": "Guide", "kind": "content" }],
            "journeys": [{
                "id": JOURNEY, "name": "Buy", "persona_ids": [PERSONA],
                "steps": [{ "id": STEP, "name": "Look" }],
                "mappings": [{ "step_id": STEP, "content_type_id": TYPE }]
            }],
            "items": [{
                "id": ITEM, "title": "Bike guide", "content_type_id": TYPE,
                "step_ids": [STEP], "channel_id": CHANNEL
            }],
            "metrics": [{ "id": "00000000-0000-4000-8000-000000000007", "name": "Sales",
                          "level": "marketing", "item_id": ITEM }]
        })
    }

    #[test]
    fn a_valid_workspace_is_left_as_it_is() {
        let ws = workspace(valid());
        let (repaired, fixes) = repair(&ws);
        assert_eq!(fixes, Vec::new());
        assert_eq!(
            serde_json::to_value(repaired.contents()).unwrap(),
            serde_json::to_value(ws.contents()).unwrap()
        );
    }

    #[test]
    fn dangling_references_and_repeats_go_and_each_fix_is_told() {
        let mut json = valid();
        json["personas"][0]["channel_ids"] = serde_json::json!([GONE, CHANNEL, CHANNEL]);
        json["journeys"][0]["objective_id"] = GONE.into();
        json["journeys"][0]["mappings"] = serde_json::json!([
            { "step_id": STEP, "content_type_id": TYPE },
            { "step_id": GONE, "content_type_id": TYPE },
            { "step_id": STEP, "content_type_id": GONE },
            { "step_id": STEP, "content_type_id": TYPE },
        ]);
        json["items"][0]["step_ids"] = serde_json::json!([GONE, STEP]);
        json["items"][0]["channel_id"] = GONE.into();
        json["metrics"][0]["item_id"] = GONE.into();
        json["conflicts"] = serde_json::json!([{
            "id": GONE, "kind": "items", "field": "title",
            "ours": "a", "theirs": "b", "base": "c"
        }]);
        let ws = workspace(json);
        assert!(!check_workspace(&ws).is_empty());

        let (repaired, fixes) = repair(&ws);
        assert_eq!(check_workspace(&repaired), Vec::new());
        let told: Vec<String> = fixes.iter().map(ToString::to_string).collect();
        assert_eq!(
            told,
            [
                format!("personas[0] \"Clara\": channel_ids[0]: dropped {GONE}: no channel has this id"),
                format!("personas[0] \"Clara\": channel_ids[2]: dropped {CHANNEL}: listed twice"),
                format!("journeys[0] \"Buy\": objective_id: emptied: no objective has id {GONE}"),
                format!("journeys[0] \"Buy\": mappings[1]: dropped: no step of this journey has id {GONE}"),
                format!("journeys[0] \"Buy\": mappings[2]: dropped: no content type has id {GONE}"),
                "journeys[0] \"Buy\": mappings[3]: dropped: maps the same content type onto the same step a second time".to_string(),
                format!("items[0] \"Bike guide\": step_ids[0]: dropped {GONE}: no step has this id"),
                format!("items[0] \"Bike guide\": channel_id: emptied: no channel has id {GONE}"),
                format!("metrics[0] \"Sales\": item_id: emptied: no item has id {GONE}"),
                "conflicts[0]: dropped: the item it is about is gone".to_string(),
            ]
        );
        let contents = repaired.contents();
        assert_eq!(
            contents.personas.iter().next().unwrap().channel_ids.len(),
            1
        );
        assert_eq!(contents.journeys.iter().next().unwrap().mappings.len(), 1);
        assert_eq!(contents.items.iter().next().unwrap().step_ids.len(), 1);
    }

    #[test]
    fn values_of_fields_the_workspace_does_not_define_go_and_each_is_told_with_its_text() {
        let mut json = valid();
        json["fields"] =
            serde_json::json!([{ "id": "backstage", "name": "Backstage", "on": "step" }]);
        json["journeys"][0]["steps"][0]["custom"] =
            serde_json::json!({ "backstage": "Mechanic", "gone": "Old text" });
        json["items"][0]["custom"] = serde_json::json!({ "campaign": "SPRING" });
        let ws = workspace(json);
        assert_eq!(check_workspace(&ws).len(), 2);

        let (repaired, fixes) = repair(&ws);
        assert_eq!(check_workspace(&repaired), Vec::new());
        let told: Vec<String> = fixes.iter().map(ToString::to_string).collect();
        assert_eq!(
            told,
            [
                "journeys[0] \"Buy\": steps[0].custom.gone: dropped \"Old text\": no field has this id",
                "items[0] \"Bike guide\": custom.campaign: dropped \"SPRING\": no field has this id",
            ]
        );
        let step = &repaired.journeys().iter().next().unwrap().steps[0];
        assert_eq!(step.custom.get("backstage"), Some("Mechanic"));
    }

    #[test]
    fn what_has_no_safe_fix_is_left_for_a_person() {
        let mut json = valid();
        // An item must be of a content type: which one is not for a program to guess.
        json["items"][0]["content_type_id"] = GONE.into();
        json["channels"][0]["name"] = "".into();
        let ws = workspace(json);
        let (repaired, fixes) = repair(&ws);
        assert_eq!(fixes, Vec::new());
        assert_eq!(check_workspace(&repaired), check_workspace(&ws));
    }
}
