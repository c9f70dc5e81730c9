//! Search over every text of a workspace.

use super::{Id, Workspace};

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Objective(Id),
    Channel(Id),
    Persona(Id),
    ContentType(Id),
    Journey(Id),
    Step(Id),
    Item(Id),
    Metric(Id),
}

/// One entry whose text matches: what it is, its name, and the field that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub noun: &'static str,
    pub label: String,
    pub field: &'static str,
    pub text: String,
}

/// Case-insensitive substring test that allocates nothing for ASCII queries.
fn matches(text: &str, needle_lower: &str) -> bool {
    if needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        text.as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
    } else {
        text.to_lowercase().contains(needle_lower)
    }
}

/// Entries whose text contains `query` (ignoring case), in workspace order, at most `limit`.
/// Each entry is listed once, with the first field that matched.
pub fn search(ws: &Workspace, query: &str, limit: usize) -> Vec<Hit> {
    let needle = query.trim().to_lowercase();
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    let mut consider =
        |target: Target, noun: &'static str, label: &str, fields: &[(&'static str, &str)]| {
            if hits.len() >= limit {
                return;
            }
            if let Some((field, text)) = fields.iter().find(|(_, text)| matches(text, &needle)) {
                hits.push(Hit {
                    target,
                    noun,
                    label: label.to_string(),
                    field,
                    text: text.to_string(),
                });
            }
        };
    for p in ws.personas() {
        consider(
            Target::Persona(p.id),
            "persona",
            &p.name,
            &[
                ("name", &p.name),
                ("summary", &p.summary),
                ("characteristics", &p.characteristics),
                ("needs", &p.needs),
                ("preferences", &p.preferences),
                ("challenges", &p.challenges),
                ("values", &p.values),
                ("tags", &p.tags.join(", ")),
            ],
        );
    }
    for j in ws.journeys() {
        consider(
            Target::Journey(j.id),
            "journey",
            &j.name,
            &[
                ("name", &j.name),
                ("current state", &j.current_state),
                ("desired state", &j.desired_state),
            ],
        );
        for s in &j.steps {
            consider(
                Target::Step(s.id),
                "step",
                &s.name,
                &[
                    ("name", &s.name),
                    ("actions", &s.actions),
                    ("touchpoints", &s.touchpoints),
                    ("pain points", &s.pain_points),
                    ("opportunities", &s.opportunities),
                    ("notes", &s.notes),
                ],
            );
        }
    }
    for t in ws.content_types() {
        consider(
            Target::ContentType(t.id),
            "content type",
            &t.name,
            &[("name", &t.name)],
        );
    }
    for i in ws.items() {
        consider(
            Target::Item(i.id),
            "item",
            &i.title,
            &[
                ("title", &i.title),
                ("owner", &i.owner),
                ("url", &i.url),
                ("notes", &i.notes),
            ],
        );
    }
    for m in ws.metrics() {
        consider(
            Target::Metric(m.id),
            "metric",
            &m.name,
            &[("name", &m.name), ("unit", &m.unit)],
        );
    }
    for c in ws.channels() {
        consider(
            Target::Channel(c.id),
            "channel",
            &c.name,
            &[("name", &c.name), ("notes", &c.notes)],
        );
    }
    for o in ws.objectives() {
        consider(
            Target::Objective(o.id),
            "objective",
            &o.title,
            &[("title", &o.title), ("notes", &o.notes)],
        );
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_in_any_field_ignoring_case() {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let step = &ws.journeys().at(0).unwrap().steps[0];
        let word: String = step
            .pain_points
            .split_whitespace()
            .last()
            .unwrap()
            .to_uppercase();
        let hits = search(&ws, &word, 100);
        assert!(hits.iter().any(|h| h.target == Target::Step(step.id)));
        assert!(search(&ws, "zzqqxx-nothing", 100).is_empty());
        assert!(search(&ws, "  ", 100).is_empty());
        assert_eq!(search(&ws, "e", 3).len(), 3);
    }

    #[test]
    fn non_ascii_queries_match_too() {
        assert!(matches("Ünïcode Straße", "straße"));
        assert!(matches("ÜNÏCODE", "ünïcode"));
        assert!(!matches("Strasse", "straße"));
    }
}
