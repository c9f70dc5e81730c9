//! The items of one cell of the content map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{centered, clean, fit, pad, theme, window};
use crate::app::{Action, App, CellItems, Context, Layout};
use crate::model::Status;
use crate::model::format::status_mark;

/// An item's status in words after its mark, padded to the longest (`◐ in progress`), and
/// its colour.
fn status_words(status: Status) -> (String, ratatui::style::Style) {
    (
        format!("{} {:<11}", status_mark(status), status.words()),
        theme::status(status),
    )
}

pub fn render(app: &App, open: &CellItems, frame: &mut Frame, area: Rect, layout: &mut Layout) {
    let (step, content_type) = (open.step, open.content_type);
    let items = app.ws.cell_items(step, content_type);
    let step_name = app.ws.step(step).map_or(String::new(), |s| clean(&s.name));
    let type_name = app
        .ws
        .content_types()
        .get(content_type)
        .map_or(String::new(), |t| clean(&t.name));
    let cell = app.ws.cell(step, content_type);
    let state = if !cell.mapped {
        "not mapped"
    } else if cell.gap {
        "GAP: nothing available"
    } else {
        "covered"
    };
    let width = area.width.saturating_sub(4).min(100);
    let height = area
        .height
        .saturating_sub(4)
        .min(items.len() as u16 + 6)
        .max(8);
    let popup = centered(area, width, height);
    super::clear_popup(frame, popup);
    let title = format!(" {type_name} × {step_name} · {state} ");
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            fit(&title, usize::from(width.saturating_sub(4))),
            theme::title(true),
        ))
        .title_bottom(Line::styled(
            super::hints(
                app,
                Context::CellItems,
                &[
                    (&[Action::Add], "add"),
                    (&[Action::Open], "read"),
                    (&[Action::Edit], "edit"),
                    (&[Action::CycleStatus], "status"),
                    (&[Action::AddMetric], "add KPI"),
                    (&[Action::Delete], "delete"),
                    (&[Action::Close], "close"),
                ],
                super::bar_room(popup.width),
            ),
            theme::dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let inner_width = usize::from(inner.width);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                super::empty(app, Context::CellItems, "No items here yet"),
                theme::dim(),
            )),
            inner,
        );
        return;
    }
    let capacity = usize::from(inner.height);
    let selected = open.selected.min(items.len() - 1);
    let first = window(app.offsets.cell_items, selected, capacity, items.len());
    layout.offsets.cell_items = first;
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(capacity)
        .map(|(at, item)| {
            let (mark, style) = status_words(item.status);
            let mut facts = Vec::new();
            if let Some(date) = item.available_on {
                if item.is_overdue(app.today) {
                    facts.push(format!("{date} OVERDUE"));
                } else {
                    facts.push(date.to_string());
                }
            }
            if !item.owner.is_empty() {
                facts.push(clean(&item.owner));
            }
            if let Some(channel) = item.channel_id.and_then(|c| app.ws.channels().get(c)) {
                facts.push(clean(&channel.name));
            }
            let title_width = inner_width.saturating_sub(16);
            let text = format!("{}  {}", clean(&item.title), facts.join(" · "));
            let pointer = if at == selected { "▶ " } else { "  " };
            let row_style = if at == selected {
                theme::selected(true)
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::styled(pointer, row_style),
                Span::styled(mark, style),
                Span::styled(
                    pad(&format!(" {}", fit(&text, title_width)), title_width + 1),
                    row_style,
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
