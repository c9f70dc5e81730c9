//! Two journeys compared: steps aligned by position, the difference in feeling, each side's
//! gaps per step, and both curves in one chart.

use super::*;
use crate::model::compare::{
    BOTH, Comparison, MARKS, Row, Side, StepSide, chart_height, compare, scale,
};

/// The sample's journey of that name.
fn journey_named<'a>(ws: &'a Workspace, name: &str) -> &'a Journey {
    ws.journeys()
        .iter()
        .find(|j| j.name == name)
        .expect("the sample has the journey")
}

#[test]
fn steps_are_aligned_by_position_and_the_shorter_journey_has_none_past_its_end() {
    let ws = sample();
    let a = journey_named(&ws, "First commuter bike");
    let b = journey_named(&ws, "Switching to an e-bike");
    let comparison = compare(&ws, a.id, b.id).expect("both journeys exist");
    assert_eq!(a.steps.len(), 6);
    assert_eq!(b.steps.len(), 7);
    assert_eq!(comparison.rows.len(), 7);
    for (at, row) in comparison.rows.iter().enumerate() {
        let names = row
            .steps
            .each_ref()
            .map(|s| s.as_ref().map(|s| s.name.as_str()));
        assert_eq!(names[0], a.steps.get(at).map(|s| s.name.as_str()));
        assert_eq!(names[1], b.steps.get(at).map(|s| s.name.as_str()));
    }
    assert!(comparison.rows[6].steps[0].is_none());
    assert_eq!(
        comparison.rows[6].difference(),
        None,
        "no step of A to compare"
    );
    let [side_a, side_b] = &comparison.sides;
    assert_eq!(
        (side_a.name.as_str(), side_a.steps, side_a.personas.clone()),
        ("First commuter bike", 6, vec!["Commuter Clara".to_string()])
    );
    assert_eq!(
        (side_b.name.as_str(), side_b.steps, side_b.personas.clone()),
        (
            "Switching to an e-bike",
            7,
            vec!["Retired Margit".to_string()]
        )
    );
    assert_eq!(side_a.gaps, ws.journey_gap_count(a));
    assert_eq!(side_b.gaps, ws.journey_gap_count(b));
    // 3 2 4 3 2 4 and 3 2 4 5 2 3 5.
    assert_eq!(side_a.mean_emotion, Some(18.0 / 6.0));
    assert_eq!(side_b.mean_emotion, Some(24.0 / 7.0));
}

#[test]
fn the_difference_is_b_minus_a_and_only_between_scored_steps() {
    let ws = sample();
    let a = journey_named(&ws, "First commuter bike").id;
    let b = journey_named(&ws, "Switching to an e-bike").id;
    let differences: Vec<Option<i8>> = compare(&ws, a, b)
        .unwrap()
        .rows
        .iter()
        .map(Row::difference)
        .collect();
    // A 3 2 4 3 2 4 against B 3 2 4 5 2 3 5.
    assert_eq!(
        differences,
        [Some(0), Some(0), Some(0), Some(2), Some(0), Some(-1), None]
    );
    let swapped: Vec<Option<i8>> = compare(&ws, b, a)
        .unwrap()
        .rows
        .iter()
        .map(Row::difference)
        .collect();
    assert_eq!(swapped[3], Some(-2), "swapping the sides swaps the sign");

    let mut unscored = ws.clone();
    let step = journey_named(&unscored, "First commuter bike").steps[3].id;
    apply_ok(&mut unscored, |ws| edit::set_emotion(ws, step, None));
    let rows = compare(&unscored, a, b).unwrap().rows;
    assert_eq!(rows[3].difference(), None, "a step without a feeling");
}

#[test]
fn each_step_lists_the_gaps_the_journeys_gap_list_has_there() {
    let ws = sample();
    let a = journey_named(&ws, "First commuter bike");
    let b = journey_named(&ws, "Keeping the bike on the road");
    let comparison = compare(&ws, a.id, b.id).unwrap();
    for (side, journey) in [a, b].into_iter().enumerate() {
        let mut listed = Vec::new();
        for row in &comparison.rows {
            if let Some(step) = &row.steps[side] {
                listed.extend(step.gaps.iter().map(|name| (step.step_id, name.clone())));
            }
        }
        let expected: Vec<(Id, String)> = ws
            .journey_gaps(journey)
            .into_iter()
            .map(|gap| {
                let name = ws
                    .content_types()
                    .get(gap.content_type_id)
                    .unwrap()
                    .name
                    .clone();
                (gap.step_id, name)
            })
            .collect();
        assert!(!expected.is_empty(), "the sample's journey has gaps");
        assert_eq!(listed, expected, "{}", journey.name);
    }
}

#[test]
fn a_journey_that_is_not_there_cannot_be_compared() {
    let ws = small();
    assert!(compare(&ws, id(J1), id(J2)).is_some());
    assert!(compare(&ws, id(J1), id(0xdead)).is_none());
    assert!(compare(&ws, id(0xdead), id(J2)).is_none());
}

fn step(n: u128, emotion: Option<u8>) -> Option<StepSide> {
    Some(StepSide {
        step_id: id(n),
        name: format!("step {n}"),
        emotion,
        gaps: Vec::new(),
    })
}

fn side(name: &str) -> Side {
    Side {
        journey_id: id(0),
        name: name.into(),
        personas: Vec::new(),
        steps: 0,
        gaps: 0,
        mean_emotion: None,
    }
}

/// A at 1, 5, unscored; B at 1, 3, 4.
fn three_steps() -> Comparison {
    Comparison {
        sides: [side("A"), side("B")],
        rows: vec![
            Row {
                steps: [step(1, Some(1)), step(2, Some(1))],
            },
            Row {
                steps: [step(3, Some(5)), step(4, Some(3))],
            },
            Row {
                steps: [step(5, None), step(6, Some(4))],
            },
        ],
    }
}

#[test]
fn the_chart_draws_both_curves_with_their_own_marks() {
    let chart = three_steps().chart(0..3, 3, 1);
    assert_eq!(chart.len(), chart_height(1));
    assert_eq!(
        chart,
        [
            "    ●",    // 5: A's second step
            "   ·  -◆", // 4: A climbing; B's line to its third step
            "    ◆-",   // 3: B's second step
            "  --",     // 2: B's line over A's
            " ◈",       // 1: both feel the same at the first step
        ]
    );
    assert_eq!((MARKS, BOTH), (['●', '◆'], '◈'));
}

#[test]
fn the_chart_shows_only_the_steps_asked_for_and_no_line_runs_to_an_unscored_step() {
    let comparison = three_steps();
    let chart = comparison.chart(1..3, 1, 1);
    // Columns of one: no room for a line between neighbours.
    assert_eq!(chart, ["●", " ◆", "◆", "", ""]);
    // A's third step has no feeling: no line of A's leaves its second one.
    let wide = comparison.chart(1..3, 5, 1);
    assert!(wide.iter().all(|line| !line.contains('·')), "{wide:?}");
    assert_eq!(
        comparison.chart(2..9, 2, 1).len(),
        5,
        "a range past the end is cut"
    );
}

#[test]
fn a_taller_chart_puts_each_score_further_apart_and_its_lines_between() {
    let chart = three_steps().chart(0..2, 5, 2);
    assert_eq!(chart.len(), chart_height(2));
    assert_eq!(chart_height(2), 9);
    let scales: Vec<&str> = (0..9).map(|line| scale(line, 2)).collect();
    assert_eq!(
        scales,
        [
            "5 ☺", "   ", "4  ", "   ", "3  ", "   ", "2  ", "   ", "1 ☹"
        ]
    );
    // A from 1 to 5 and B from 1 to 3, over four columns between the points.
    assert_eq!(
        chart,
        [
            "       ●", // 5: A's second step
            "",         // 4.5
            "      ·",  // 4: A's line climbing
            "     ·",   // 3.5
            "       ◆", // 3: B's second step
            "    · -",  // 2.5
            "   ·--",   // 2: A leaves B's line below it
            "   -",     // 1.5
            "  ◈",      // 1: both feel the same at the first step
        ]
    );
}
