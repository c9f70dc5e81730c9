//! Mermaid `journey` diagrams: a `title`, one `section` per step, and in each section one task
//! (what the customer does there) with the step's 1–5 emotion score and the journey's personas
//! as actors. The task is the step's actions (its name when it has none), all of it: only text
//! beyond what a task box shows is cut, at a word and marked `…`. A step nobody scored is drawn
//! with the neutral 3, which Mermaid needs, and its task says `(feeling not scored)`.
//!
//! One journey (`--journey`) gives one bare diagram, ready for a `.mmd` file. All journeys give a
//! Markdown document with one fenced `mermaid` block per journey, as GitHub and Mermaid's own
//! command-line tool render them.
//!
//! Mermaid's journey grammar reads a line as `title TEXT`, `section TEXT` or
//! `TASK: SCORE: ACTOR, ACTOR`, where `#` starts a comment, `;` and a line end end the
//! statement, `:` separates the task's parts and `%%` starts a comment. So in any text from the
//! workspace, [`text`] replaces those characters with look-alikes that carry no syntax
//! (`:` → `꞉`, `#` → `♯`, `;` → `,`, `%%` → `% %`; `,` and `;` → `‚` in actor names), and `<`,
//! `>` (which Mermaid would treat as markup) with `‹`, `›`; line breaks and tabs become spaces, control
//! characters go. A task that would start with one of the grammar's keywords is put in quotes.

use super::{Scope, one_line, persona_names};
use crate::model::Journey;

/// What an unscored step's task says, and the score it is drawn with.
pub const UNSCORED: &str = " (feeling not scored)";
pub const UNSCORED_SCORE: u8 = 3;

/// The most characters of a task's text (what Mermaid's task box shows); a longer one is cut
/// at a word with `…`.
const TASK_LENGTH: usize = 56;

pub fn render(scope: &Scope) -> String {
    if scope.filtered {
        return scope.journeys.iter().map(|j| diagram(scope, j)).collect();
    }
    let mut out = format!(
        "# {} — customer journeys\n",
        super::markdown::escape(&one_line(scope.ws.name()))
    );
    if scope.journeys.is_empty() {
        out.push_str("\nThis workspace has no journeys yet.\n");
    }
    for journey in &scope.journeys {
        out.push_str(&format!(
            "\n## {}\n\n```mermaid\n{}```\n",
            super::markdown::escape(&one_line(&journey.name)),
            diagram(scope, journey)
        ));
    }
    out
}

/// The diagram of one journey, each line ending in `\n`.
pub fn diagram(scope: &Scope, journey: &Journey) -> String {
    let mut out = String::from("journey\n");
    out.push_str(&format!(
        "    title {}\n",
        text(&journey.name, Part::Title, "Journey")
    ));
    let actors: Vec<String> = persona_names(scope.ws, journey)
        .iter()
        .map(|name| text(name, Part::Actor, "Persona"))
        .collect();
    for (at, step) in journey.steps.iter().enumerate() {
        let number = at + 1;
        out.push_str(&format!(
            "    section {}\n",
            text(&step.name, Part::Section, &format!("Step {number}"))
        ));
        let did = if step.actions.trim().is_empty() {
            &step.name
        } else {
            &step.actions
        };
        let mut task = shorten(&text(did, Part::Task, &format!("Step {number}")));
        // Mermaid needs a score: an unscored step takes the neutral middle and says so on the
        // task, so the face it draws is not read as a feeling someone reported.
        let score = match step.emotion {
            Some(score) => score.clamp(1, 5),
            None => {
                task.push_str(UNSCORED);
                UNSCORED_SCORE
            }
        };
        out.push_str(&format!("      {task}: {score}"));
        if !actors.is_empty() {
            out.push_str(&format!(": {}", actors.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Where a text goes in a journey diagram: each place forbids different characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// After `title ` (`:` is allowed there).
    Title,
    /// After `section `.
    Section,
    /// A task: starts a line, ends at `:`.
    Task,
    /// One actor of a task's comma-separated list.
    Actor,
}

/// Workspace text made safe for one place of a diagram; `fallback` when nothing printable is
/// left.
pub fn text(raw: &str, part: Part, fallback: &str) -> String {
    let line = one_line(raw);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            ':' if part != Part::Title => out.push('꞉'),
            '#' => out.push('♯'),
            ',' | ';' if part == Part::Actor => out.push('‚'),
            ';' => out.push(','),
            '<' => out.push('‹'),
            '>' => out.push('›'),
            '%' if out.ends_with('%') => out.push_str(" %"),
            c => out.push(c),
        }
    }
    let out = out.trim();
    let out = if out.is_empty() { fallback } else { out };
    if part == Part::Task && starts_with_keyword(out) {
        format!("“{out}”")
    } else {
        out.to_string()
    }
}

/// Whether a line starting with `text` would be read as a keyword of the journey grammar.
fn starts_with_keyword(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["journey", "title", "section", "acctitle", "accdescr"]
        .iter()
        .any(|keyword| lower.starts_with(keyword))
}

/// A task's text cut to [`TASK_LENGTH`] characters at a word, with `…`.
fn shorten(text: &str) -> String {
    if text.chars().count() <= TASK_LENGTH {
        return text.to_string();
    }
    let cut: String = text.chars().take(TASK_LENGTH - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > TASK_LENGTH / 2 => cut[..at].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([' ', '‚', ',', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_characters_are_replaced() {
        assert_eq!(text("a: b # c; d", Part::Task, "x"), "a꞉ b ♯ c, d");
        assert_eq!(text("a: b", Part::Title, "x"), "a: b");
        assert_eq!(text("Smith, Jo", Part::Actor, "x"), "Smith‚ Jo");
        assert_eq!(text("50%% off", Part::Task, "x"), "50% % off");
        assert_eq!(text("%%%", Part::Task, "x"), "% % %");
        assert_eq!(text("<b>\nnext", Part::Section, "x"), "‹b› next");
        assert_eq!(text("\u{1b}", Part::Section, "Step 1"), "Step 1");
        assert_eq!(text("Title deed", Part::Task, "x"), "“Title deed”");
        assert_eq!(text("Title deed", Part::Section, "x"), "Title deed");
    }

    /// The diagram of the sample's first journey cut to one step with these actions.
    fn one_step_journey(actions: &str, emotion: Option<u8>) -> String {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let mut journey = ws.journeys().iter().next().unwrap().clone();
        journey.steps.truncate(1);
        journey.steps[0].actions = actions.into();
        journey.steps[0].emotion = emotion;
        diagram(&Scope::new(&ws, None), &journey)
    }

    #[test]
    fn text_after_a_semicolon_is_kept() {
        let diagram = one_step_journey(r#"Reads: "reviews"; compares #1 vs #2"#, Some(4));
        assert!(
            diagram.contains(r#"      Reads꞉ "reviews", compares ♯1 vs ♯2: 4"#),
            "{diagram}"
        );
        let diagram = one_step_journey("Looks up prices. Then asks.", Some(2));
        assert!(
            diagram.contains("Looks up prices. Then asks.: 2"),
            "{diagram}"
        );
    }

    #[test]
    fn an_unscored_step_says_so_instead_of_inventing_a_feeling() {
        let diagram = one_step_journey("Waits", None);
        assert!(
            diagram.contains("      Waits (feeling not scored): 3"),
            "{diagram}"
        );
        let long = one_step_journey(&"word ".repeat(40), None);
        assert!(long.contains("word… (feeling not scored): 3"), "{long}");
    }

    #[test]
    fn long_tasks_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let cut = shorten(long.trim());
        assert!(cut.chars().count() <= TASK_LENGTH);
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
