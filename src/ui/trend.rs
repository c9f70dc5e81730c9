//! A KPI's measurements at a glance: a sparkline of the latest ones, the change since the one
//! before with an arrow, and the date of the latest. The metrics table draws it per row; the
//! history view (and a presentation of the KPIs) can draw it too, and a KPI's history its
//! larger chart of bars with the target across.
//!
//! The arrow's shape and the change's sign say which way the KPI moved without colour; colour
//! adds whether that is better, by the metric's `better` field.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::model::{Better, Metric, format};

/// The bars of a sparkline, lowest to highest.
pub(super) const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// How many of the latest measurements a sparkline shows at most.
pub const SPARK_MAX: usize = 8;

/// The values as bars, scaled from the lowest (`▁`) to the highest (`█`); all alike, a row of
/// `▄`.
pub fn sparkline(values: &[f64]) -> String {
    let (low, high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    values
        .iter()
        .map(|value| {
            if high > low {
                let share = (value - low) / (high - low);
                BARS[((share * 7.0).round() as usize).min(7)]
            } else {
                BARS[3]
            }
        })
        .collect()
}

/// How a KPI moved since its measurement before the latest.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    /// `▲+0.2`, `▼-1.5`, `=0`.
    pub text: String,
    /// Whether the move is for the better (`None`: it did not move).
    pub better: Option<bool>,
}

/// The move between the two latest measurements; `None` with fewer than two.
pub fn movement(metric: &Metric) -> Option<Move> {
    let (latest, previous) = (metric.latest()?, metric.previous()?);
    Some(between(previous.value, latest.value, metric.better()))
}

/// The move from one value to the next, for a KPI that improves the `better` way.
pub fn between(previous: f64, latest: f64, better: Better) -> Move {
    let change = latest - previous;
    // As many decimals as the more precise of the two values, so 2.3 − 2.1 reads +0.2.
    let decimals = |v: f64| {
        let text = v.to_string();
        text.split_once('.')
            .map_or(0, |(_, fraction)| fraction.len())
    };
    let places = decimals(latest).max(decimals(previous)).min(6);
    let shown = format!("{change:+.places$}");
    let still = shown
        .trim_start_matches(['+', '-'])
        .chars()
        .all(|c| matches!(c, '0' | '.'));
    if still {
        return Move {
            text: "=0".into(),
            better: None,
        };
    }
    let up = change > 0.0;
    Move {
        text: format!("{}{shown}", if up { '▲' } else { '▼' }),
        better: Some(up == (better == Better::Higher)),
    }
}

impl Move {
    /// Green when better, red when worse, dim when it did not move.
    pub fn style(&self) -> Style {
        match self.better {
            Some(true) => theme::available(),
            Some(false) => theme::gap(),
            None => theme::dim(),
        }
    }
}

/// The trend cell's widest form: the sparkline, the move and the latest date.
pub fn ask(metric: &Metric) -> usize {
    if metric.measurements.is_empty() {
        return 1;
    }
    let spark = metric.measurements.len().min(SPARK_MAX);
    let moved = movement(metric).map_or(0, |m| m.text.width() + 1);
    spark + moved + 1 + 10
}

/// The trend cell in at most `width` columns: the move first, then the latest date (shortened
/// to `MM-DD` when the full one does not fit), then as many bars as are left (up to
/// [`SPARK_MAX`]).
pub fn cell(metric: &Metric, width: usize) -> Vec<Span<'static>> {
    let Some(latest) = metric.latest() else {
        return vec![Span::styled(fit(format::NOT_SET, width), theme::dim())];
    };
    let moved = movement(metric);
    let move_width = moved.as_ref().map_or(0, |m| m.text.width() + 1);
    let full = latest.on.to_string();
    let date = [full.clone(), full[5..].to_string()]
        .into_iter()
        .find(|date| move_width + date.len() + 2 <= width)
        .unwrap_or_default();
    let room = width.saturating_sub(move_width + date.len() + usize::from(!date.is_empty()));
    let count = metric.measurements.len().min(SPARK_MAX).min(room.max(1));
    let values: Vec<f64> = metric.measurements[metric.measurements.len() - count..]
        .iter()
        .map(|m| m.value)
        .collect();
    let mut spans = vec![Span::styled(sparkline(&values), theme::label())];
    if let Some(moved) = moved {
        spans.push(Span::raw(" "));
        let style = moved.style();
        spans.push(Span::styled(moved.text, style));
    }
    if !date.is_empty() {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(date, theme::dim()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Measurement};

    fn metric(values: &[f64], better: Better) -> Metric {
        let mut metric = Metric {
            better: Some(better),
            ..Metric::default()
        };
        for (at, value) in values.iter().enumerate() {
            let on = Date::from_ymd(2026, 1 + at as u8, 1).unwrap();
            metric.measure(Measurement::new(on, *value, ""));
        }
        metric
    }

    #[test]
    fn a_sparkline_spans_the_lowest_to_the_highest() {
        assert_eq!(sparkline(&[1.0, 2.0, 3.0, 8.0]), "▁▂▃█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn the_move_says_its_direction_by_shape_and_sign_and_whether_it_is_better() {
        let up = movement(&metric(&[2.1, 2.3], Better::Higher)).unwrap();
        assert_eq!((up.text.as_str(), up.better), ("▲+0.2", Some(true)));
        let down = movement(&metric(&[55.0, 48.5], Better::Lower)).unwrap();
        assert_eq!((down.text.as_str(), down.better), ("▼-6.5", Some(true)));
        let worse = movement(&metric(&[55.0, 60.0], Better::Lower)).unwrap();
        assert_eq!((worse.text.as_str(), worse.better), ("▲+5", Some(false)));
        let still = movement(&metric(&[3.0, 3.0], Better::Higher)).unwrap();
        assert_eq!((still.text.as_str(), still.better), ("=0", None));
        assert_eq!(movement(&metric(&[3.0], Better::Higher)), None);
    }

    #[test]
    fn the_cell_keeps_the_move_and_shortens_the_date_before_the_bars_go() {
        let kpi = metric(&[1.0, 2.0, 3.0, 4.0, 5.0], Better::Higher);
        let text = |width| {
            cell(&kpi, width)
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
        };
        assert_eq!(text(30), "▁▃▅▆█ ▲+1 2026-05-01");
        assert_eq!(text(14), "▁▃▆█ ▲+1 05-01");
        assert_eq!(text(10), "▁▃▅▆█ ▲+1");
        let lone = metric(&[4.0], Better::Higher);
        let spans = cell(&lone, 20);
        assert_eq!(
            spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>(),
            "▄ 2026-01-01"
        );
    }

    #[test]
    fn the_move_is_coloured_by_whether_it_is_better_for_the_kpi() {
        let style_of_move = |kpi: &Metric| {
            cell(kpi, 30)
                .into_iter()
                .find(|span| span.content.starts_with(['▲', '▼', '=']))
                .map(|span| span.style)
        };
        // Up is better for a higher-is-better KPI and worse for a lower-is-better one.
        let up = [50.0, 60.0];
        assert_eq!(
            style_of_move(&metric(&up, Better::Higher)),
            Some(theme::available())
        );
        assert_eq!(
            style_of_move(&metric(&up, Better::Lower)),
            Some(theme::gap())
        );
        assert_eq!(
            style_of_move(&metric(&[60.0, 50.0], Better::Lower)),
            Some(theme::available())
        );
        assert_eq!(
            style_of_move(&metric(&[5.0, 5.0], Better::Lower)),
            Some(theme::dim())
        );
        assert_ne!(theme::available(), theme::gap());
    }
}
