//! Mermaid `journey` diagrams: a `title`, one `section` per step, and in each section one task
//! (what the customer does there) with the step's 1–5 emotion score and the journey's personas
//! as actors.
//!
//! One journey (`--journey`) gives one bare diagram, ready for a `.mmd` file. All journeys give a
//! Markdown document with one fenced `mermaid` block per journey, as GitHub and Mermaid's own
//! command-line tool render them.
//!
//! Mermaid's journey grammar reads a line as `title TEXT`, `section TEXT` or
//! `TASK: SCORE: ACTOR, ACTOR`, where `#` starts a comment, `;` and a line end end the
//! statement, `:` separates the task's parts and `%%` starts a comment. So in any text from the
//! workspace, [`text`] replaces those characters with look-alikes that carry no syntax
//! (`:` → `꞉`, `#` → `♯`, `;` → `,`, `%%` → `% %`; `,` and `;` → `‚` in actor names), and `<`, `>` (which
//! Mermaid would treat as markup) with `‹`, `›`; line breaks and tabs become spaces, control
//! characters go. A task that would start with one of the grammar's keywords is put in quotes.

use super::{Scope, one_line, persona_names};
use crate::model::Journey;

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
        let mut task = shorten(&text(
            first_clause(did),
            Part::Task,
            &format!("Step {number}"),
        ));
        let score = match step.emotion {
            Some(score) => score.clamp(1, 5),
            None => {
                task.push_str(" (feeling not scored)");
                3
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

/// The first clause of a text (up to the first `.`, `;` or line break that ends one), which is
/// what fits in a task's box.
fn first_clause(text: &str) -> &str {
    let text = text.trim();
    let mut end = text.len();
    for (at, c) in text.char_indices() {
        let next = text[at + c.len_utf8()..].chars().next();
        let ends = match c {
            '\n' => true,
            '.' | ';' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends && at >= 12 {
            end = at;
            break;
        }
    }
    &text[..end]
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

    #[test]
    fn tasks_keep_their_first_clause() {
        assert_eq!(
            first_clause("Rides daily; adjusts the saddle."),
            "Rides daily; adjusts the saddle"
        );
        assert_eq!(
            first_clause("Looks up prices. Then asks."),
            "Looks up prices"
        );
        assert_eq!(first_clause("Short. Then more"), "Short. Then more");
        assert_eq!(
            first_clause("Version 2.5 is out\nnext"),
            "Version 2.5 is out"
        );
    }

    #[test]
    fn long_tasks_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let cut = shorten(long.trim());
        assert!(cut.chars().count() <= TASK_LENGTH);
        assert!(cut.ends_with("word…"), "{cut}");
    }
}
