//! Two journeys side by side: today's journey against the desired one, or one purchase as two
//! personas live it.
//!
//! [`compare`] works out every figure once — steps aligned by position, each side's feeling and
//! gaps per step, the difference in feeling — and [`Comparison::chart`] draws both emotion
//! curves in one chart of plain characters. The compare view and the Markdown export both show
//! what these give, so the screen and the document never disagree.

use std::ops::Range;

use super::{Id, Journey, Workspace};

/// The mark of each side's points in the chart, A then B: shapes, not colours, tell them apart.
pub const MARKS: [char; 2] = ['●', '◆'];

/// The mark where both sides feel the same at a step.
pub const BOTH: char = '◈';

/// What joins each side's points, A then B.
const JOINS: [char; 2] = ['·', '-'];

/// The lines of a chart drawn `rows_per_point` lines from one score to the next: score 5
/// (delighted) on the first, 1 on the last.
pub fn chart_height(rows_per_point: usize) -> usize {
    4 * rows_per_point.max(1) + 1
}

/// The scale beside a chart's line (see [`chart_height`]): `5 ☺`, `4  `…, `1 ☹`, blank
/// between two scores' lines.
pub fn scale(line: usize, rows_per_point: usize) -> &'static str {
    const SCORES: [&str; 5] = ["5 ☺", "4  ", "3  ", "2  ", "1 ☹"];
    let per = rows_per_point.max(1);
    match SCORES.get(line / per) {
        Some(score) if line.is_multiple_of(per) => score,
        _ => "   ",
    }
}

/// One of the two journeys compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub journey_id: Id,
    pub name: String,
    /// Its personas' names, in its order.
    pub personas: Vec<String>,
    pub steps: usize,
    /// How many gaps it has, over all its steps.
    pub gaps: usize,
    /// The mean feeling over its scored steps; `None` when none is scored.
    pub mean_emotion: Option<f64>,
}

/// One side's step at a position.
#[derive(Clone, Debug, PartialEq)]
pub struct StepSide {
    pub step_id: Id,
    pub name: String,
    pub emotion: Option<u8>,
    /// The names of the content types that are gaps on the step, in the workspace's order.
    pub gaps: Vec<String>,
}

/// The steps of both journeys at one position; the shorter journey has none past its end.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub steps: [Option<StepSide>; 2],
}

impl Row {
    /// B's feeling minus A's, when both steps exist and are scored: above zero, B feels better.
    pub fn difference(&self) -> Option<i8> {
        let feeling = |side: &Option<StepSide>| side.as_ref()?.emotion.map(|e| e as i8);
        Some(feeling(&self.steps[1])? - feeling(&self.steps[0])?)
    }

    /// The difference as the view and the export write it: `+2`, `−1`, `0`, or nothing when a
    /// side has no step or no feeling here.
    pub fn difference_text(&self) -> String {
        self.difference()
            .map(|d| super::format::change(i64::from(d)))
            .unwrap_or_default()
    }
}

/// Two journeys compared step by step.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// A, then B.
    pub sides: [Side; 2],
    /// As many as the longer journey has steps.
    pub rows: Vec<Row>,
}

/// Compares journey `a` with journey `b`; `None` when either is not in the workspace.
pub fn compare(ws: &Workspace, a: Id, b: Id) -> Option<Comparison> {
    let journeys = [ws.journeys().get(a)?, ws.journeys().get(b)?];
    let len = journeys[0].steps.len().max(journeys[1].steps.len());
    let rows = (0..len)
        .map(|at| Row {
            steps: journeys.map(|journey| step_side(ws, journey, at)),
        })
        .collect();
    Some(Comparison {
        sides: journeys.map(|journey| side(ws, journey)),
        rows,
    })
}

fn side(ws: &Workspace, journey: &Journey) -> Side {
    let scored: Vec<f64> = journey
        .steps
        .iter()
        .filter_map(|step| step.emotion.map(f64::from))
        .collect();
    Side {
        journey_id: journey.id,
        name: journey.name.clone(),
        personas: journey
            .persona_ids
            .iter()
            .filter_map(|id| ws.personas().get(*id))
            .map(|persona| persona.name.clone())
            .collect(),
        steps: journey.steps.len(),
        gaps: ws.journey_gap_count(journey),
        mean_emotion: (!scored.is_empty())
            .then(|| scored.iter().sum::<f64>() / scored.len() as f64),
    }
}

fn step_side(ws: &Workspace, journey: &Journey, at: usize) -> Option<StepSide> {
    let step = journey.steps.get(at)?;
    Some(StepSide {
        step_id: step.id,
        name: step.name.clone(),
        emotion: step.emotion,
        gaps: ws
            .step_gap_types(step.id)
            .map(|content_type| content_type.name.clone())
            .collect(),
    })
}

impl Comparison {
    /// Both emotion curves over the steps in `steps`, each step `column` characters wide (at
    /// least 1), its point in the middle, `rows_per_point` lines from one score to the next
    /// (more make smoother lines): [`chart_height`] lines, score 5 first. A's points are `●`
    /// joined by `·`, B's `◆` joined by `-`, a step where both feel the same `◈`; an unscored
    /// step has no point, and no line runs to it.
    pub fn chart(&self, steps: Range<usize>, column: usize, rows_per_point: usize) -> Vec<String> {
        let column = column.max(1);
        let per = rows_per_point.max(1);
        let steps = steps.start.min(self.rows.len())..steps.end.min(self.rows.len());
        let width = steps.len() * column;
        let mut grid = vec![vec![' '; width]; chart_height(per)];
        let last = (4 * per) as f64;
        let row_of = |score: f64| ((5.0 - score) * per as f64).round().clamp(0.0, last) as usize;
        let centre = |at: usize| (at - steps.start) * column + (column - 1) / 2;
        for (side, join) in JOINS.into_iter().enumerate() {
            let feeling = |at: usize| self.rows[at].steps[side].as_ref()?.emotion;
            for at in steps.start..steps.end.saturating_sub(1) {
                let (Some(from), Some(to)) = (feeling(at), feeling(at + 1)) else {
                    continue;
                };
                let (x0, x1) = (centre(at), centre(at + 1));
                for x in x0 + 1..x1 {
                    let t = (x - x0) as f64 / (x1 - x0) as f64;
                    let score = f64::from(from) + (f64::from(to) - f64::from(from)) * t;
                    if let Some(cell) = grid[row_of(score)].get_mut(x) {
                        *cell = join;
                    }
                }
            }
        }
        for at in steps.clone() {
            let feelings = self.rows[at]
                .steps
                .each_ref()
                .map(|step| step.as_ref().and_then(|s| s.emotion));
            let x = centre(at);
            match feelings {
                [Some(a), Some(b)] if a == b => grid[row_of(f64::from(a))][x] = BOTH,
                _ => {
                    for (side, feeling) in feelings.into_iter().enumerate() {
                        if let Some(score) = feeling {
                            grid[row_of(f64::from(score))][x] = MARKS[side];
                        }
                    }
                }
            }
        }
        grid.into_iter()
            .map(|line| line.into_iter().collect::<String>().trim_end().to_string())
            .collect()
    }
}
