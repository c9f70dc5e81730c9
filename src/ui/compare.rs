//! Two journeys side by side: a line on each (its mark, name, personas, steps, mean feeling,
//! gaps), both emotion curves in one chart, and a row per step position with both steps'
//! names and feelings, the difference (B − A) and the gaps each has.
//!
//! The chart is [`Comparison::chart`]'s, the figures [`compare`](crate::model::compare)'s, as
//! the Markdown export shows them. A and B differ by shape (`●` / `◆`), so they read without
//! colour; colour only adds to it. Only the rows and chart columns on screen are drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::parts::{frame_block, table};
use super::widths::{Spare, share};
use super::{clean, fit, pad, theme, window, wrap};
use crate::app::views::CompareState;
use crate::app::{Action, App, Context};
use crate::model::compare::{BOTH, Comparison, MARKS, Side, StepSide, chart_height, scale};
use crate::model::schema::{EntityKind, Schema};
use crate::model::{Workspace, format};

/// The lanes of a step that a comparison shows beside its gaps: what the customer does there
/// and what hurts, the two a side-by-side reading is about.
const COMPARED_LANES: [&str; 2] = ["actions", "pain_points"];

/// The room left of the chart for its scale: `5 ☺ │`.
const SCALE: u16 = 5;

/// Each step's width in the chart, at least and at most.
const COLUMN: (usize, usize) = (3, 12);

/// From this width on, feelings are drawn as dots (`●●●○○ 3`) rather than a number.
const DOTS_FROM: u16 = 110;

/// From this height of the view's inside on, the chart takes two lines from one score to the
/// next, and its lines run smoother.
const TALL_CHART_FROM: u16 = 30;

/// The fewest lines worth showing the selected steps in full in.
const DETAIL_MIN: u16 = 6;

pub fn render(app: &App, state: &CompareState, frame: &mut Frame, area: Rect) {
    let hints = super::hints(
        app,
        Context::Compare,
        &[
            (&[Action::Up, Action::Down], "step"),
            (&[Action::Close], "back"),
        ],
        super::bar_room(area.width),
    );
    let block = frame_block(" Compare journeys ".into(), hints);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(comparison) = &state.comparison else {
        let back = app
            .keymap
            .hint(Context::Compare, Action::Close, "goes back")
            .unwrap_or_default();
        let words = format!("A journey compared is no longer in the workspace. {back}");
        frame.render_widget(Paragraph::new(words).wrap(Wrap { trim: true }), inner);
        return;
    };
    let rows_per_point = if inner.height >= TALL_CHART_FROM {
        2
    } else {
        1
    };
    let [sides, _, chart_area, legend, below] = Split::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(chart_height(rows_per_point) as u16 + 2),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    // The steps' table as tall as its rows; what is left, the selected steps in full.
    let table_height = (comparison.rows.len() as u16 + 1).max(2);
    let (steps_area, detail_area) = if below.height >= table_height + 1 + DETAIL_MIN {
        let [steps, _, detail] = Split::vertical([
            Constraint::Length(table_height),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(below);
        (steps, Some(detail))
    } else {
        (below, None)
    };
    let lines: Vec<Line> = comparison
        .sides
        .iter()
        .enumerate()
        .map(|(at, side)| side_line(at, side, usize::from(sides.width)))
        .collect();
    frame.render_widget(Paragraph::new(lines), sides);
    chart(
        comparison,
        state.selected,
        rows_per_point,
        frame,
        chart_area,
    );
    frame.render_widget(legend_line(), legend);
    steps(comparison, state.selected, frame, steps_area);
    if let (Some(area), Some(row)) = (detail_area, comparison.rows.get(state.selected)) {
        let [a, b] = Split::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(2)
            .areas(area);
        for (side, area) in [a, b].into_iter().enumerate() {
            detail(&app.ws, side, state.selected, &row.steps[side], frame, area);
        }
    }
}

/// One side's step at the selected position in full: its name and feeling, its gaps, what
/// the customer does there and what pains them, wrapped to the room there is.
fn detail(
    ws: &Workspace,
    side: usize,
    at: usize,
    step: &Option<StepSide>,
    frame: &mut Frame,
    area: Rect,
) {
    let width = usize::from(area.width);
    let head = format!("{} {} · {} ", MARKS[side], ["A", "B"][side], at + 1);
    let Some(step) = step else {
        let lines = vec![Line::from(vec![
            Span::styled(head, side_style(side)),
            Span::styled("no step here", theme::dim()),
        ])];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(head.clone(), side_style(side)),
        Span::styled(
            fit(&clean(&step.name), width.saturating_sub(head.width())),
            theme::title(true),
        ),
    ])];
    lines.push(Line::styled(
        format::emotion_dots(step.emotion),
        theme::emotion(step.emotion),
    ));
    let lanes = ws.step(step.step_id).map(|s| {
        let lane = |key| {
            let label = EntityKind::Step.field(key).map_or(key, |field| field.short);
            let text = s
                .read(key)
                .and_then(|value| value.text())
                .unwrap_or_default();
            (label, text.to_string())
        };
        std::iter::once(("Gaps", step.gaps.join(", "))).chain(COMPARED_LANES.map(lane))
    });
    let room = usize::from(area.height).saturating_sub(lines.len());
    let lanes = lanes
        .into_iter()
        .flatten()
        .filter(|(_, text)| !text.trim().is_empty());
    let mut lanes: Vec<(&str, String)> = lanes.collect();
    if step.gaps.is_empty() {
        lanes.insert(0, ("Gaps", "none".into()));
    }
    let per_lane = (room / lanes.len().max(1)).max(1);
    for (label, text) in lanes {
        if lines.len() >= usize::from(area.height) {
            break;
        }
        let text = format!("{label}: {}", text.trim());
        for (at, line) in wrap(&text, width, per_lane).into_iter().enumerate() {
            let style = if at == 0 && label == "Gaps" && !step.gaps.is_empty() {
                theme::gap()
            } else {
                Style::new()
            };
            lines.push(Line::styled(line, style));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Each side's look: A in the accent's colour, B in another.
fn side_style(side: usize) -> Style {
    if side == 0 {
        theme::label()
    } else {
        theme::in_progress()
    }
}

/// `● A  First commuter bike · Commuter Clara · 6 steps · mean feeling 3.0 · 5 gaps`: the
/// name first, so it is the last to be cut.
fn side_line(at: usize, side: &Side, width: usize) -> Line<'static> {
    let head = format!("{} {} ", MARKS[at], ["A", "B"][at]);
    let mut facts = Vec::new();
    if !side.personas.is_empty() {
        facts.push(clean(&side.personas.join(", ")));
    }
    facts.push(format!("{} steps", side.steps));
    if let Some(mean) = side.mean_emotion {
        facts.push(format!("mean feeling {mean:.1}"));
    }
    facts.push(format!(
        "{} gap{}",
        side.gaps,
        if side.gaps == 1 { "" } else { "s" }
    ));
    let name = fit(&clean(&side.name), width.saturating_sub(head.width()));
    let rest = width.saturating_sub(head.width() + name.width());
    Line::from(vec![
        Span::styled(head, side_style(at)),
        Span::styled(name, theme::title(true)),
        Span::styled(
            fit(&format!(" · {}", facts.join(" · ")), rest),
            theme::dim(),
        ),
    ])
}

/// Both curves over the steps that fit, the selected one in sight, with the scale up the side
/// and the step numbers along the bottom (the selected one reversed).
fn chart(
    comparison: &Comparison,
    selected: usize,
    rows_per_point: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let len = comparison.rows.len();
    if len == 0 || area.width <= SCALE {
        frame.render_widget(Paragraph::new("Neither journey has steps yet."), area);
        return;
    }
    let room = usize::from(area.width - SCALE);
    let column = (room / len).clamp(COLUMN.0, COLUMN.1);
    let capacity = (room / column).max(1);
    let first = window(0, selected, capacity, len);
    let shown = first..len.min(first + capacity);
    let mut lines: Vec<Line> = comparison
        .chart(shown.clone(), column, rows_per_point)
        .into_iter()
        .enumerate()
        .map(|(line, text)| {
            let scale = format!("{} │", scale(line, rows_per_point));
            let mut spans = vec![Span::styled(scale, theme::dim())];
            spans.extend(curve_spans(&text));
            Line::from(spans)
        })
        .collect();
    lines.push(Line::styled(
        format!("    └{}", "─".repeat(shown.len() * column)),
        theme::dim(),
    ));
    let mut numbers = vec![Span::raw(" ".repeat(usize::from(SCALE)))];
    for at in shown.clone() {
        let number = (at + 1).to_string();
        let before = (column - 1) / 2;
        numbers.push(Span::raw(" ".repeat(before)));
        let style = if at == selected {
            theme::selected(true)
        } else {
            theme::dim()
        };
        numbers.push(Span::styled(number.clone(), style));
        numbers.push(Span::raw(
            " ".repeat(column.saturating_sub(before + number.len())),
        ));
    }
    let more = match (first > 0, shown.end < len) {
        (true, true) => " ◀ ▶",
        (true, false) => " ◀",
        (false, true) => " ▶",
        (false, false) => "",
    };
    numbers.push(Span::styled(more, theme::dim()));
    lines.push(Line::from(numbers));
    frame.render_widget(Paragraph::new(lines), area);
}

/// What the chart's marks mean, at the right under it.
fn legend_line() -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{} A", MARKS[0]), side_style(0)),
        Span::styled(" · ", theme::dim()),
        Span::styled(format!("{} B", MARKS[1]), side_style(1)),
        Span::styled(format!(" · {BOTH} both feel the same"), theme::dim()),
    ])
    .right_aligned()
}

/// A line of the chart, each side's marks and lines in its colour.
fn curve_spans(text: &str) -> Vec<Span<'static>> {
    text.chars()
        .map(|c| {
            let style = match c {
                '●' | '·' => side_style(0),
                '◆' | '-' => side_style(1),
                _ => Style::new(),
            };
            Span::styled(c.to_string(), style)
        })
        .collect()
}

/// The rows of steps on screen, the selected one in sight.
fn steps(comparison: &Comparison, selected: usize, frame: &mut Frame, area: Rect) {
    let dots = area.width >= DOTS_FROM;
    let feeling_width = if dots { 7 } else { 1 };
    let len = comparison.rows.len();
    let capacity = usize::from(area.height).saturating_sub(1);
    let first = window(0, selected, capacity, len);
    let visible = &comparison.rows[first..len.min(first + capacity)];
    let headers = ["A step", "B step", "A gaps", "B gaps"];
    let mut needs: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in visible {
        for side in 0..2 {
            if let Some(step) = &row.steps[side] {
                needs[side] = needs[side].max(clean(&step.name).width());
                needs[2 + side] = needs[2 + side].max(gaps_text(step).width());
            }
        }
    }
    // The marker, `#`, two feelings and the difference, each with the space after it.
    let fixed = 1 + 3 + 2 * (feeling_width + 1) + 5;
    let free = usize::from(area.width).saturating_sub(fixed + 4);
    let widths = share(free, &needs, Spare::Even);
    let [a_name, b_name, a_gaps, b_gaps] = [widths[0], widths[1], widths[2], widths[3]];
    let face = if dots { "feels" } else { "☺" };
    let header = format!(
        " {:>2} {} {} {} {} {:>4} {} {}",
        "#",
        pad(headers[0], a_name),
        pad(face, feeling_width),
        pad(headers[1], b_name),
        pad(face, feeling_width),
        "B−A",
        pad(headers[2], a_gaps),
        headers[3],
    );
    table(frame, area, &header, len, selected, |at| {
        let row = &comparison.rows[at];
        let [a, b] = &row.steps;
        let mut spans = vec![Span::raw(format!("{:>2} ", at + 1))];
        for (step, width) in [(a, a_name), (b, b_name)] {
            spans.push(Span::raw(pad(
                &step.as_ref().map_or(String::new(), |s| clean(&s.name)),
                width,
            )));
            spans.push(Span::raw(" "));
            spans.push(feeling(step, dots, feeling_width));
            spans.push(Span::raw(" "));
        }
        let difference = row.difference_text();
        let style = match row.difference() {
            Some(d) if d > 0 => theme::available(),
            Some(d) if d < 0 => theme::gap(),
            _ => theme::dim(),
        };
        spans.push(Span::styled(format!("{difference:>4} "), style));
        for (step, width) in [(a, a_gaps), (b, b_gaps)] {
            let text = step.as_ref().map_or(String::new(), gaps_text);
            let style = match step {
                Some(s) if !s.gaps.is_empty() => theme::gap(),
                _ => theme::dim(),
            };
            spans.push(Span::styled(pad(&text, width), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    });
}

/// A step's feeling in `width` columns: `3` or `●●●○○ 3`, `—` unscored, nothing past the end
/// of its journey.
fn feeling(step: &Option<StepSide>, dots: bool, width: usize) -> Span<'static> {
    match step {
        None => Span::raw(" ".repeat(width)),
        Some(step) => {
            let text = match (step.emotion, dots) {
                (_, true) => format::emotion_dots(step.emotion),
                (Some(score), false) => score.to_string(),
                (None, false) => format::NOT_SET.into(),
            };
            Span::styled(pad(&text, width), theme::emotion(step.emotion))
        }
    }
}

/// `✗2 Promo video, Social posts`, or `·` without gaps.
fn gaps_text(step: &StepSide) -> String {
    if step.gaps.is_empty() {
        return "·".into();
    }
    format!("✗{} {}", step.gaps.len(), clean(&step.gaps.join(", ")))
}
