//! A KPI's history: what it measures and where it stands, a chart of its measurements with the
//! target across, and the measurements newest first with the move each made.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::parts::{frame_block, table};
use super::trend::{BARS, between};
use super::views::{number, target};
use super::{clean, fit, pad, theme};
use crate::app::{Action, App, Context, KpiHistory};
use crate::model::{Metric, format};

/// The columns of the list beside the note: the date, then the value and the move.
const DATE: usize = 10;

pub fn render(app: &App, open: &KpiHistory, frame: &mut Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let Some(metric) = app.ws.metrics().get(open.metric) else {
        return;
    };
    let count = metric.measurements.len();
    let block = frame_block(
        fit(
            &format!(
                " History · {} · {count} measurement{} ",
                clean(&metric.name),
                if count == 1 { "" } else { "s" }
            ),
            usize::from(area.width.saturating_sub(4)),
        ),
        super::hints(
            app,
            Context::History,
            &[
                (&[Action::Add], "add"),
                (&[Action::Edit], "edit"),
                (&[Action::Delete], "delete"),
                (&[Action::Close], "back"),
            ],
            super::bar_room(area.width),
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let chart_height = if count == 0 {
        0
    } else {
        (inner.height * 2 / 5).clamp(3, 12)
    };
    let [facts, chart_area, list_area] = Split::vertical([
        Constraint::Length(1),
        // The chart, and a line of dates beneath it.
        Constraint::Length(chart_height + u16::from(count > 0)),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&standing(metric), width.saturating_sub(1)),
            theme::label(),
        )),
        facts.inner(ratatui::layout::Margin::new(1, 0)),
    );
    if count == 0 {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    " {}",
                    super::empty(app, Context::History, "No measurements yet")
                ),
                theme::dim(),
            )),
            list_area,
        );
        return;
    }
    let mut lines = chart(metric, width.saturating_sub(2), usize::from(chart_height));
    lines.push(dates_beneath(metric, width.saturating_sub(2)));
    frame.render_widget(
        Paragraph::new(lines),
        chart_area.inner(ratatui::layout::Margin::new(1, 0)),
    );
    list(metric, open.selected.min(count - 1), frame, list_area);
}

/// One line on what the KPI is and where it stands: `strategic · EUR · target 1450, higher is
/// better · actual 1180 · 19% short`.
fn standing(metric: &Metric) -> String {
    let mut facts = vec![metric.level.as_str().to_string()];
    if !metric.unit.is_empty() {
        facts.push(clean(&metric.unit));
    }
    facts.push(format!(
        "target {}, {}",
        target(metric),
        metric.better().words()
    ));
    facts.push(format!("actual {}", number(metric.actual)));
    if let Some(progress) = metric.progress() {
        facts.push(progress.words());
    }
    facts.join(" · ")
}

/// The measurements newest first: date, value, the move from the one before, the note.
fn list(metric: &Metric, selected: usize, frame: &mut Frame, area: Rect) {
    let all = &metric.measurements;
    let values: Vec<String> = all.iter().map(|m| number(Some(m.value))).collect();
    let value_width = values.iter().map(|v| v.width()).max().unwrap_or(0).max(5);
    let moves: Vec<Option<super::trend::Move>> = (0..all.len())
        .map(|at| {
            let before = at.checked_sub(1)?;
            Some(between(all[before].value, all[at].value, metric.better()))
        })
        .collect();
    let move_width = moves
        .iter()
        .flatten()
        .map(|m| m.text.width())
        .max()
        .unwrap_or(0)
        .max("CHANGE".len());
    let header = format!(
        " {}  {:>value_width$}  {}  NOTE",
        pad("DATE", DATE),
        "VALUE",
        pad("CHANGE", move_width)
    );
    let note_width = usize::from(area.width).saturating_sub(DATE + value_width + move_width + 8);
    table(frame, area, &header, all.len(), selected, |row| {
        let at = all.len() - 1 - row;
        let measurement = &all[at];
        let change = match &moves[at] {
            Some(moved) => Span::styled(pad(&moved.text, move_width), moved.style()),
            None => Span::styled(pad(format::NOT_SET, move_width), theme::dim()),
        };
        Line::from(vec![
            Span::raw(format!(
                "{}  {:>value_width$}  ",
                measurement.on, values[at]
            )),
            change,
            Span::raw("  "),
            Span::raw(fit(&clean(&measurement.note), note_width)),
        ])
    })
}

/// The first and the last date under the chart's first and last bar.
fn dates_beneath(metric: &Metric, width: usize) -> Line<'static> {
    let scale = Scale::of(metric, width);
    let shown = &metric.measurements[metric.measurements.len() - scale.columns..];
    let first = shown[0].on.to_string();
    let last = shown[shown.len() - 1].on.to_string();
    let span = (scale.columns * scale.column).saturating_sub(1);
    let text = if scale.columns == 1 || first.width() + last.width() + 1 > span {
        last
    } else {
        format!(
            "{first}{}{last}",
            " ".repeat(span - first.width() - last.width())
        )
    };
    Line::styled(
        format!("{}{text}", " ".repeat(scale.label_width + 2)),
        theme::dim(),
    )
}

/// How the chart is laid out in its columns and scaled in its rows.
struct Scale {
    /// The width of the value labels at the left.
    label_width: usize,
    /// How many of the latest measurements it shows.
    columns: usize,
    /// The columns each takes: its bar and a gap.
    column: usize,
    /// The value at the top and at the foot of the chart.
    high: f64,
    base: f64,
}

impl Scale {
    /// From a little below the lowest value (or the target) to the highest, so the lowest bar
    /// keeps some height; as many of the latest measurements as fit in `width`. The scale is
    /// the KPI's whole history, so the bars shown keep their heights as measurements come.
    fn of(metric: &Metric, width: usize) -> Scale {
        let values = || metric.measurements.iter().map(|m| m.value);
        let (low, high) = values()
            .chain(metric.target)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let span = if high > low {
            high - low
        } else {
            high.abs().max(1.0)
        };
        // Not below zero for a KPI that never is (a count, a rate).
        let base = if low >= 0.0 {
            (low - span / 8.0).max(0.0)
        } else {
            low - span / 8.0
        };
        let label_width = [Some(high), metric.target, Some(base)]
            .into_iter()
            .flatten()
            .map(|v| label(v).width())
            .max()
            .unwrap_or(1);
        let room = width.saturating_sub(label_width + 2).max(2);
        let columns = metric.measurements.len().min(room / 2).max(1);
        let column = (room / columns).clamp(2, 6);
        Scale {
            label_width,
            columns,
            column,
            high,
            base,
        }
    }

    /// How high a value reaches, in eighths of a row.
    fn level(&self, value: f64, height: usize) -> usize {
        let share = (value - self.base) / (self.high - self.base);
        (share * (height * 8) as f64).round().max(0.0) as usize
    }
}

/// A value on the chart's axis, as [`format::number`] writes it: whole above 100, else at most
/// two decimals.
fn label(value: f64) -> String {
    if value.abs() >= 100.0 {
        format::number(value.round())
    } else {
        format::number(value)
    }
}

/// The latest measurements as bars `height` rows high, with the target across as a dashed
/// line; the labels at the left mark the top, the target and the foot.
fn chart(metric: &Metric, width: usize, height: usize) -> Vec<Line<'static>> {
    let scale = Scale::of(metric, width);
    let all = &metric.measurements;
    let shown = &all[all.len() - scale.columns..];
    let target_row = metric.target.map(|t| {
        let from_foot = scale.level(t, height).saturating_sub(1) / 8;
        height - 1 - from_foot.min(height - 1)
    });
    let label_width = scale.label_width;
    (0..height)
        .map(|row| {
            let floor = (height - 1 - row) * 8;
            let on_target = target_row == Some(row);
            let text = match (row, metric.target) {
                (0, _) => label(scale.high),
                (_, Some(target)) if on_target => label(target),
                _ if row == height - 1 => label(scale.base),
                _ => String::new(),
            };
            let axis = if text.is_empty() { '│' } else { '┤' };
            let mut spans = vec![Span::styled(
                format!("{text:>label_width$} {axis}"),
                theme::dim(),
            )];
            let gap = if on_target { "╌" } else { " " };
            for measurement in shown {
                let reach = scale.level(measurement.value, height).max(1);
                let fill = reach.saturating_sub(floor).min(8);
                spans.push(if fill == 0 {
                    Span::styled(gap.repeat(scale.column - 1), theme::dim())
                } else {
                    Span::styled(
                        BARS[fill - 1].to_string().repeat(scale.column - 1),
                        theme::label(),
                    )
                });
                spans.push(Span::styled(gap, theme::dim()));
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Measurement};

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
            .collect()
    }

    fn kpi(values: &[f64], target: Option<f64>) -> Metric {
        let mut metric = Metric {
            target,
            ..Metric::default()
        };
        for (at, value) in values.iter().enumerate() {
            let on = Date::from_ymd(2026, 1, 1)
                .unwrap()
                .add_days(at as i64)
                .unwrap();
            metric.measure(Measurement::new(on, *value, ""));
        }
        metric
    }

    #[test]
    fn the_chart_rises_with_the_values_and_draws_the_target_across_where_no_bar_reaches() {
        let lines = text(&chart(&kpi(&[1.0, 2.0, 3.0], Some(4.0)), 40, 4));
        assert_eq!(lines.len(), 4);
        // The target is the highest value here: the top row, dashed across.
        assert!(lines[0].starts_with("   4 ┤╌"), "{lines:#?}");
        // The foot is a little below the lowest value, never below zero for a KPI that is not.
        assert!(lines[3].starts_with("0.62 ┤"), "{lines:#?}");
        let counts = text(&chart(&kpi(&[0.0, 5.0], None), 40, 2));
        assert!(counts[1].starts_with("0 ┤▁"), "{counts:#?}");
        let heights: Vec<usize> = (0..3)
            .map(|bar| {
                let column = 6 + bar * 6;
                lines
                    .iter()
                    .filter(|line| line.chars().nth(column).is_some_and(|c| BARS.contains(&c)))
                    .count()
            })
            .collect();
        assert!(
            heights[0] >= 1 && heights[0] < heights[1] && heights[1] < heights[2],
            "{heights:?} {lines:#?}"
        );
    }

    #[test]
    fn the_chart_shows_the_latest_values_that_fit_and_the_dates_beneath_span_them() {
        let values: Vec<f64> = (0..100).map(f64::from).collect();
        let metric = kpi(&values, None);
        let lines = text(&chart(&metric, 30, 3));
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:#?}");
        assert!(lines[0].starts_with("99 ┤"), "{lines:#?}");
        let dates = text(&[dates_beneath(&metric, 30)]);
        assert!(dates[0].trim_end().ends_with("2026-04-10"), "{dates:?}");
    }
}
