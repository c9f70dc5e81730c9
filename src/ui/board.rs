//! The journey board: the selected journey's steps as columns of cards.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::widths::{Spare, share};
use super::{StepWindow, card, clean, fit, pad, theme, with_comments, wrap};
use crate::app::{Action, App, Context, Layout, Pane};
use crate::model::format::emotion_dots;
use crate::model::schema::AnyField;
use crate::model::{Step, Workspace};

/// The narrowest a card gets before fewer columns are shown.
const CARD_MIN: usize = 18;

/// The lanes the compact card leaves out even when they hold text: notes are the team's own,
/// read zoomed or on the step's card, so the compact card keeps its rows for the customer's
/// side (what they do, where, their pain points) and the ideas about it.
pub(super) const NOT_ON_THE_COMPACT_CARD: [&str; 1] = ["notes"];

/// The card sections: label and the step's text — its lanes (see [`card::step_lanes`]) that
/// hold text, headed by their short labels, but for those the workspace hides and notes.
fn sections<'a>(
    ws: &'a Workspace,
    step: &'a Step,
) -> impl Iterator<Item = (Cow<'static, str>, &'a str)> {
    card::step_lanes(ws, step)
        .filter(|(lane, text)| {
            !text.trim().is_empty()
                && !card::hidden(ws, *lane)
                && !matches!(lane, AnyField::BuiltIn(f) if NOT_ON_THE_COMPACT_CARD.contains(&f.key))
        })
        .map(|(lane, text)| (card::lane_label(lane), text))
}

/// The narrowest a card of the zoomed board gets: it shows one or two steps, every lane in full.
const ZOOMED_CARD_MIN: usize = 36;

/// How many step cards fit side by side in the board's area.
pub fn capacity(area: Rect, steps: usize, zoomed: bool) -> usize {
    let inner = usize::from(area.width.saturating_sub(2));
    let fit = if zoomed {
        (inner / ZOOMED_CARD_MIN).min(2)
    } else {
        inner / CARD_MIN
    };
    fit.clamp(1, steps.max(1))
}

/// The cards' widths: each asks for its heading (number and name) whole, and at least an equal
/// share up to the narrowest a card gets; the spare goes to all alike.
fn card_widths(steps: &[(usize, &Step)], width: usize, zoomed: bool) -> Vec<usize> {
    let least = if zoomed { ZOOMED_CARD_MIN } else { CARD_MIN };
    let least = least.min(width / steps.len().max(1));
    let needs: Vec<usize> = steps
        .iter()
        .map(|(at, step)| {
            // `▶12 name` and the gap to the next card.
            let heading = 1
                + (at + 1).to_string().len()
                + 1
                + with_comments(&step.name, &step.comments).width();
            (heading + 1).max(least)
        })
        .collect();
    share(width, &needs, Spare::Even)
}

/// Draws the board with the steps of `shown`, the window the content map shows too.
pub fn render(app: &App, frame: &mut Frame, area: Rect, shown: StepWindow, layout: &mut Layout) {
    let focused = app.focus == Pane::Board;
    let journey = app.selected_journey();
    let title = match journey {
        Some(j) => {
            let personas: Vec<String> = j
                .persona_ids
                .iter()
                .filter_map(|id| app.ws.personas().get(*id))
                .map(|p| clean(&p.name))
                .collect();
            format!(" Journey · {} · {} ", clean(&j.name), personas.join(", "))
        }
        None => " Journey ".to_string(),
    };
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(4))),
            theme::title(focused),
        ));
    let inner = block.inner(area);
    let Some(journey) = journey else {
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                match app.keymap.key_for(Context::Journeys, Action::Add) {
                    Some(key) => format!(
                        "No journey selected: pick one on the left, or add one (Journeys pane, {key})."
                    ),
                    None => "No journey selected: pick one on the left.".to_string(),
                },
                theme::dim(),
            )),
            inner,
        );
        return;
    };
    let steps = &journey.steps;
    let width = usize::from(inner.width);
    let StepWindow {
        first,
        count: columns,
    } = shown;
    layout.offsets.board = first;
    layout.board_columns = columns;
    let more_left = first > 0;
    let more_right = first + columns < steps.len();
    let block = if more_left || more_right {
        block.title_bottom(Line::styled(
            format!(
                " {}steps {}–{} of {}{} ",
                if more_left { "◀ " } else { "" },
                first + 1,
                (first + columns).min(steps.len()),
                steps.len(),
                if more_right { " ▶" } else { "" }
            ),
            theme::dim(),
        ))
    } else {
        block
    };
    frame.render_widget(block, area);
    if steps.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                super::empty(app, Context::Board, "No steps yet"),
                theme::dim(),
            )),
            inner,
        );
        return;
    }
    let visible: Vec<(usize, &Step)> = steps.iter().enumerate().skip(first).take(columns).collect();
    let widths = card_widths(&visible, width, app.zoomed);
    layout.board_widths = widths.iter().map(|w| *w as u16).collect();
    // The emotion lane under the cards: a five-row curve where there is room, else one row
    // (zoomed, the text has the room first).
    let curve_from = if app.zoomed { 30 } else { 16 };
    let lane_height: u16 = if inner.height >= curve_from { 5 } else { 1 };
    let cards_height = inner.height.saturating_sub(lane_height + 1);
    let mut centers = Vec::new();
    let mut x = inner.x;
    for ((at, step), w) in visible.into_iter().zip(widths) {
        let card = Rect::new(x, inner.y, w as u16, cards_height);
        let selected = at == app.selection.step;
        let metrics = if app.zoomed {
            Vec::new()
        } else {
            card::step_metrics(&app.ws, step.id)
                .into_iter()
                .map(|m| format!("KPI {m}"))
                .collect()
        };
        if app.zoomed {
            render_full_card(app, step, at, (selected, focused), frame, card);
        } else {
            render_card(
                &app.ws,
                step,
                at,
                (selected, focused),
                &metrics,
                frame,
                card,
            );
        }
        centers.push((x + (w as u16).saturating_sub(1) / 2, step.emotion));
        x += w as u16;
    }
    let lane = Rect::new(
        inner.x,
        inner.y + inner.height - lane_height,
        inner.width,
        lane_height,
    );
    render_lane(&centers, frame, lane);
}

/// The customer's emotion across the visible steps: points (●) joined by dots, high is happy.
/// Made of characters, not colour, so it reads on any terminal.
pub(super) fn render_lane(centers: &[(u16, Option<u8>)], frame: &mut Frame, lane: Rect) {
    let buf = frame.buffer_mut();
    let area = lane.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if area.height < 5 {
        for (x, emotion) in centers {
            let symbol = match emotion {
                Some(1) => "▁",
                Some(2) => "▂",
                Some(3) => "▄",
                Some(4) => "▆",
                Some(_) => "█",
                None => "·",
            };
            if let Some(cell) = buf.cell_mut((*x, area.y)) {
                cell.set_symbol(symbol).set_style(theme::emotion(*emotion));
            }
        }
        return;
    }
    let row_of = |score: f64| area.y + (5.0 - score).round().clamp(0.0, 4.0) as u16;
    for pair in centers.windows(2) {
        let [(x0, Some(e0)), (x1, Some(e1))] = pair else {
            continue;
        };
        for x in (x0 + 1)..*x1 {
            let t = f64::from(x - x0) / f64::from(x1 - x0);
            let score = f64::from(*e0) + (f64::from(*e1) - f64::from(*e0)) * t;
            if let Some(cell) = buf.cell_mut((x, row_of(score))) {
                cell.set_symbol("·").set_style(theme::dim());
            }
        }
    }
    for (x, emotion) in centers {
        if let Some(score) = emotion
            && let Some(cell) = buf.cell_mut((*x, row_of(f64::from(*score))))
        {
            cell.set_symbol("●").set_style(theme::emotion(*emotion));
        }
    }
    for (row, mark) in [(0, "☺"), (4, "☹")] {
        if let Some(cell) = buf.cell_mut((area.x, area.y + row)) {
            cell.set_symbol(mark).set_style(theme::dim());
        }
    }
}

/// A step card's first two lines: its number and name, and its emotion.
fn heading(
    step: &Step,
    at: usize,
    (selected, focused): (bool, bool),
    width: usize,
) -> [Line<'static>; 2] {
    let name_style = if selected {
        theme::selected(focused)
    } else {
        Style::new().add_modifier(ratatui::style::Modifier::BOLD)
    };
    let marker = if selected { "▶" } else { " " };
    [
        Line::styled(
            pad(
                &format!(
                    "{marker}{} {}",
                    at + 1,
                    with_comments(&step.name, &step.comments)
                ),
                width,
            ),
            name_style,
        ),
        Line::styled(emotion_dots(step.emotion), theme::emotion(step.emotion)),
    ]
}

/// One step of the zoomed board: every lane, its KPIs and its items, wrapped in full as far as
/// the card is tall.
fn render_full_card(
    app: &App,
    step: &Step,
    at: usize,
    marks: (bool, bool),
    frame: &mut Frame,
    area: Rect,
) {
    // One column is the gap to the next card.
    let width = usize::from(area.width).saturating_sub(1);
    let height = usize::from(area.height);
    let mut lines = heading(step, at, marks, width).to_vec();
    // The board leaves out empty built-in lanes (its card says them), so the text has the room.
    let sections = card::step_sections(&app.ws, step.id, card::Lanes::Filled);
    lines.extend(card::lines(&sections, width, height.saturating_sub(2)));
    let text_area = Rect::new(area.x, area.y, width as u16, area.height);
    frame.render_widget(Paragraph::new(lines), text_area);
}

/// One step's card; `(selected, focused)` say how to mark its name.
fn render_card(
    ws: &Workspace,
    step: &Step,
    at: usize,
    (selected, focused): (bool, bool),
    metrics: &[String],
    frame: &mut Frame,
    area: Rect,
) {
    // One column is the gap to the next card.
    let width = usize::from(area.width).saturating_sub(1);
    let height = usize::from(area.height);
    let mut lines = heading(step, at, (selected, focused), width).to_vec();
    for metric in metrics.iter().take(height.saturating_sub(4) / 3) {
        lines.push(Line::styled(fit(metric, width), theme::label()));
    }
    let filled: Vec<(Cow<str>, &str)> = sections(ws, step).collect();
    let room = height.saturating_sub(lines.len());
    // Every section gets a line, then spare rows go, one at a time, to sections whose text
    // needs more: no row stays empty while some text is cut.
    let needs: Vec<usize> = filled
        .iter()
        .map(|(label, text)| wrap(&format!("{label}: {text}"), width, room.max(1)).len())
        .collect();
    let mut shares = vec![0usize; filled.len()];
    let mut left = room;
    while left > 0 {
        let mut gave = false;
        for (share, need) in shares.iter_mut().zip(&needs) {
            if left > 0 && *share < *need {
                *share += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    if !filled.is_empty() && room > 0 {
        for ((label, text), share) in filled.into_iter().zip(shares) {
            if lines.len() >= height || share == 0 {
                continue;
            }
            let prefix = format!("{label}: ");
            let body = wrap(
                &format!("{prefix}{text}"),
                width,
                share.min(height - lines.len()),
            );
            for (n, line) in body.into_iter().enumerate() {
                if n == 0 && line.starts_with(&prefix) {
                    lines.push(Line::from(vec![
                        Span::styled(prefix.clone(), theme::label()),
                        Span::raw(line[prefix.len()..].to_string()),
                    ]));
                } else {
                    lines.push(Line::raw(line));
                }
            }
        }
    }
    lines.truncate(height);
    let text_area = Rect::new(area.x, area.y, width as u16, area.height);
    frame.render_widget(Paragraph::new(lines), text_area);
}
