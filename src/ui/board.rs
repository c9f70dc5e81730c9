//! The journey board: the selected journey's steps as columns of cards.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{clean, fit, pad, theme, window, wrap};
use crate::app::{App, Layout, Pane};
use crate::model::Step;

/// The narrowest a card gets before fewer columns are shown.
const CARD_MIN: usize = 18;

/// The card sections: label and the step's text.
fn sections(step: &Step) -> [(&'static str, &str); 4] {
    [
        ("Does", step.actions.as_str()),
        ("Where", step.touchpoints.as_str()),
        ("Pain", step.pain_points.as_str()),
        ("Idea", step.opportunities.as_str()),
    ]
}

pub fn render(app: &App, frame: &mut Frame, area: Rect, layout: &mut Layout) {
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
                "No journey selected: pick one on the left, or add one (Journeys pane, a).",
                theme::dim(),
            )),
            inner,
        );
        return;
    };
    let steps = &journey.steps;
    let width = usize::from(inner.width);
    let columns = (width / CARD_MIN).clamp(1, steps.len().max(1));
    let first = window(app.offsets.board, app.selection.step, columns, steps.len());
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
            Paragraph::new(Line::styled("No steps yet: a adds one.", theme::dim())),
            inner,
        );
        return;
    }
    let card_width = width / columns;
    for (slot, (at, step)) in steps
        .iter()
        .enumerate()
        .skip(first)
        .take(columns)
        .enumerate()
    {
        let x = inner.x + (slot * card_width) as u16;
        let w = if slot + 1 == columns {
            width - slot * card_width
        } else {
            card_width
        };
        let card = Rect::new(x, inner.y, w as u16, inner.height);
        let selected = at == app.selection.step;
        render_card(step, at, selected, focused, frame, card);
    }
}

fn render_card(
    step: &Step,
    at: usize,
    selected: bool,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
) {
    // One column is the gap to the next card.
    let width = usize::from(area.width).saturating_sub(1);
    let height = usize::from(area.height);
    let name_style = if selected {
        theme::selected(focused)
    } else {
        Style::new().add_modifier(ratatui::style::Modifier::BOLD)
    };
    let marker = if selected { "▶" } else { " " };
    let mut lines = vec![
        Line::styled(
            pad(&format!("{marker}{} {}", at + 1, clean(&step.name)), width),
            name_style,
        ),
        Line::styled(
            theme::emotion_dots(step.emotion),
            theme::emotion(step.emotion),
        ),
    ];
    let filled: Vec<(&str, &str)> = sections(step)
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    let room = height.saturating_sub(lines.len());
    if !filled.is_empty() && room > 0 {
        let each = (room / filled.len()).max(1);
        for (label, text) in filled {
            if lines.len() >= height {
                break;
            }
            let prefix = format!("{label}: ");
            let body = wrap(
                &format!("{prefix}{text}"),
                width,
                each.min(height - lines.len()),
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
