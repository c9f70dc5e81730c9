//! Two journeys compared, as Markdown (`export --format markdown --compare A B`): what each
//! journey is, both emotion curves in one text chart, and the steps side by side with their
//! feelings, the difference and the gaps each has. The figures are [`compare`]'s, as the
//! terminal's compare view shows them.

use std::fmt::Write;

use super::markdown::escape;
use super::one_line;
use crate::model::compare::{BOTH, Comparison, MARKS, StepSide, scale};
use crate::model::format::{NOT_SET, emotion_dots};
use crate::model::{Date, Workspace};

/// How wide each step is in the text chart: room for a two-digit step number and the lines.
const CHART_COLUMN: usize = 4;

pub fn render(ws: &Workspace, comparison: &Comparison, today: Date) -> String {
    let [a, b] = &comparison.sides;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Journeys compared: {} and {}\n",
        escape(&one_line(&a.name)),
        escape(&one_line(&b.name))
    );
    let _ = writeln!(
        out,
        "Exported from journeymap on {today} · {}\n",
        escape(&one_line(ws.name()))
    );
    out.push_str("| | Journey | Personas | Steps | Mean feeling | Gaps |\n");
    out.push_str("|---|---|---|--:|--:|--:|\n");
    for (side, letter) in comparison.sides.iter().zip(["A", "B"]) {
        let mark = MARKS[usize::from(letter == "B")];
        let personas: Vec<String> = side.personas.iter().map(|p| escape(&one_line(p))).collect();
        let _ = writeln!(
            out,
            "| {mark} {letter} | **{}** | {} | {} | {} | {} |",
            escape(&one_line(&side.name)),
            personas.join(", "),
            side.steps,
            side.mean_emotion
                .map_or(NOT_SET.to_string(), |mean| format!("{mean:.1}")),
            side.gaps
        );
    }
    out.push('\n');
    if comparison.rows.is_empty() {
        out.push_str("Neither journey has steps yet.\n");
        return out;
    }
    chart(&mut out, comparison);
    steps(&mut out, comparison);
    out
}

/// Both curves in a text block, with the scores up the side and the step numbers along.
fn chart(out: &mut String, comparison: &Comparison) {
    out.push_str("## Emotion curves\n\n```text\n");
    let len = comparison.rows.len();
    for (at, line) in comparison.chart(0..len, CHART_COLUMN, 1).iter().enumerate() {
        let _ = writeln!(out, "{} │{line}", scale(at, 1));
    }
    let _ = writeln!(out, "    └{}", "─".repeat(len * CHART_COLUMN));
    let mut numbers = String::new();
    for at in 0..len {
        let number = (at + 1).to_string();
        let _ = write!(
            numbers,
            "{}{number:<width$}",
            " ".repeat((CHART_COLUMN - 1) / 2),
            width = CHART_COLUMN - (CHART_COLUMN - 1) / 2
        );
    }
    let _ = writeln!(out, "     {}", numbers.trim_end());
    let _ = writeln!(
        out,
        "```\n\n{} A · {} B · {BOTH} both feel the same; a step without a feeling has no point.\n",
        MARKS[0], MARKS[1]
    );
}

/// The steps side by side: a row per position.
fn steps(out: &mut String, comparison: &Comparison) {
    out.push_str("## Steps side by side\n\n");
    out.push_str(
        "| # | Step A | Emotion A | Step B | Emotion B | Difference | Gaps A | Gaps B |\n",
    );
    out.push_str("|--:|---|---|---|---|--:|---|---|\n");
    for (at, row) in comparison.rows.iter().enumerate() {
        let [a, b] = &row.steps;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            at + 1,
            name(a),
            emotion(a),
            name(b),
            emotion(b),
            row.difference_text(),
            gaps(a),
            gaps(b)
        );
    }
    out.push_str(
        "\nThe difference is B's feeling minus A's: above zero the customer feels better in B. \
         A journey with fewer steps leaves its cells empty.\n",
    );
}

fn name(step: &Option<StepSide>) -> String {
    step.as_ref()
        .map_or(String::new(), |s| escape(&one_line(&s.name)))
}

fn emotion(step: &Option<StepSide>) -> String {
    step.as_ref()
        .map_or(String::new(), |s| emotion_dots(s.emotion))
}

/// `2: Promo video, Social posts`, `none`, or nothing when the side has no step there.
fn gaps(step: &Option<StepSide>) -> String {
    let Some(step) = step else {
        return String::new();
    };
    if step.gaps.is_empty() {
        return "none".into();
    }
    let names: Vec<String> = step.gaps.iter().map(|g| escape(&one_line(g))).collect();
    format!("{}: {}", step.gaps.len(), names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{compare::compare, edit};

    #[test]
    fn a_journey_without_a_scored_step_has_the_mark_of_a_missing_value_for_its_mean() {
        let mut ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let journeys: Vec<_> = ws.journeys().iter().take(2).cloned().collect();
        for step in &journeys[0].steps {
            edit::set_emotion(&mut ws, step.id, None).unwrap();
        }
        let comparison = compare(&ws, journeys[0].id, journeys[1].id).unwrap();
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let document = render(&ws, &comparison, today);
        let row_of_a = document
            .lines()
            .find(|line| line.starts_with("| ● A |"))
            .unwrap();
        assert!(row_of_a.contains(&format!("| {NOT_SET} |")), "{row_of_a}");
        assert!(!row_of_a.contains('–'), "{row_of_a}");
    }
}
