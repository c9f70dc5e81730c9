//! Journey templates: shapes of steps a new journey can start from (AIDA, See-Think-Do-Care…).
//!
//! They are data in `assets/journey-templates.json`, built into the binary, so adding a shape
//! means adding an entry to that file and no code. A broken file is caught by a test before a
//! release, never by a user.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Id, Step};

/// The templates file as built into the binary.
const BUILT_IN: &str = include_str!("../../assets/journey-templates.json");

/// The widest summary a form's choice shows whole at 80 columns.
pub const SUMMARY_WIDTH: usize = 54;

/// A named shape of steps.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub steps: Vec<TemplateStep>,
}

/// One step of a template, with prompts in the fields a team fills in.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateStep {
    pub name: String,
    pub actions: String,
    pub touchpoints: String,
    pub pain_points: String,
    pub opportunities: String,
    pub notes: String,
}

impl Template {
    /// The template's steps as new steps of a journey, each with a fresh id.
    pub fn steps(&self) -> Vec<Step> {
        self.steps
            .iter()
            .map(|s| Step {
                id: Id::new(),
                name: s.name.clone(),
                actions: s.actions.clone(),
                touchpoints: s.touchpoints.clone(),
                pain_points: s.pain_points.clone(),
                opportunities: s.opportunities.clone(),
                notes: s.notes.clone(),
                ..Step::default()
            })
            .collect()
    }

    /// `AIDA: Attention → Interest → Desire → Action`, for a choice the user reads in full in
    /// a form at 80 columns: a longer shape names its first and last step and counts them all.
    pub fn summary(&self) -> String {
        let steps: Vec<&str> = self.steps.iter().map(|s| s.name.as_str()).collect();
        let full = format!("{}: {}", self.name, steps.join(" → "));
        match (steps.first(), steps.last()) {
            (Some(first), Some(last)) if full.chars().count() > SUMMARY_WIDTH => {
                format!("{}: {} steps, {first} → … → {last}", self.name, steps.len())
            }
            _ => full,
        }
    }
}

/// Reads a templates file: a JSON array of templates, each with a name and at least one named
/// step, names unique. The error names the template and what is wrong with it.
pub fn parse(text: &str) -> Result<Vec<Template>, String> {
    let templates: Vec<Template> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut names = std::collections::HashSet::new();
    for (at, template) in templates.iter().enumerate() {
        let place = format!("template {} ({:?})", at + 1, template.name);
        if template.name.trim().is_empty() {
            return Err(format!("{place}: name is empty"));
        }
        if !names.insert(template.name.as_str()) {
            return Err(format!("{place}: name is used twice"));
        }
        if template.steps.is_empty() {
            return Err(format!("{place}: steps is empty"));
        }
        if let Some(n) = template.steps.iter().position(|s| s.name.trim().is_empty()) {
            return Err(format!("{place}: step {} has no name", n + 1));
        }
    }
    Ok(templates)
}

/// The built-in templates. The file is part of the binary and a test parses it, so the empty
/// list of a broken file can only be seen by whoever broke it, with that test failing.
pub fn built_in() -> &'static [Template] {
    static TEMPLATES: LazyLock<Vec<Template>> =
        LazyLock::new(|| parse(BUILT_IN).unwrap_or_default());
    &TEMPLATES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_file_parses_and_has_every_promised_shape() {
        let templates =
            parse(BUILT_IN).unwrap_or_else(|e| panic!("assets/journey-templates.json: {e}"));
        assert_eq!(built_in().len(), templates.len());
        let summaries: Vec<String> = templates.iter().map(Template::summary).collect();
        for shape in [
            "6 steps, Awareness → … → Advocacy",
            "Attention → Interest → Desire → Action",
            "See → Think → Do → Care",
            "Plan → Create → Engage → Measure",
        ] {
            assert!(
                summaries.iter().any(|s| s.ends_with(shape)),
                "{shape} is missing"
            );
        }
        assert!(
            summaries.iter().all(|s| s.chars().count() <= SUMMARY_WIDTH),
            "{summaries:#?}"
        );
        let blueprint = templates
            .iter()
            .find(|t| t.name == "Service blueprint")
            .unwrap();
        assert!(
            blueprint
                .steps
                .iter()
                .all(|s| !s.touchpoints.is_empty() && !s.notes.is_empty())
        );
    }

    #[test]
    fn a_broken_templates_file_is_refused_with_the_template_named() {
        let cases = [
            ("[{\"name\": \"A\"}]", "missing field `steps`"),
            (
                "[{\"name\": \"A\", \"steps\": []}]",
                "template 1 (\"A\"): steps is empty",
            ),
            (
                "[{\"name\": \"\", \"steps\": [{\"name\": \"x\"}]}]",
                "name is empty",
            ),
            (
                "[{\"name\": \"A\", \"steps\": [{\"name\": \" \"}]}]",
                "step 1 has no name",
            ),
            (
                "[{\"name\": \"A\", \"steps\": [{\"name\": \"x\", \"feel\": 3}]}]",
                "unknown field `feel`",
            ),
            (
                "[{\"name\": \"A\", \"steps\": [{\"name\": \"x\"}]}, {\"name\": \"A\", \"steps\": [{\"name\": \"y\"}]}]",
                "template 2 (\"A\"): name is used twice",
            ),
            ("[", "EOF"),
        ];
        for (text, expected) in cases {
            let error = parse(text)
                .err()
                .unwrap_or_else(|| panic!("{text} was accepted"));
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn a_template_gives_new_steps_with_fresh_ids_each_time() {
        let aida = built_in().iter().find(|t| t.name == "AIDA").unwrap();
        let (a, b) = (aida.steps(), aida.steps());
        assert_eq!(a.len(), 4);
        assert_eq!(a[0].name, "Attention");
        assert!(
            a.iter()
                .zip(&b)
                .all(|(x, y)| x.id != y.id && x.name == y.name)
        );
    }
}
