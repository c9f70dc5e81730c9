//! The content map: content and service types × the journey's steps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{StepWindow, clean, fit, pad, theme, window};
use crate::app::{Action, App, Context, Layout, Pane};
use crate::model::CellView;

/// What a cell the filters hide shows.
const HIDDEN: &str = "╌";

/// The narrowest a step column gets.
const COLUMN_MIN: usize = 10;
const COLUMN_MAX: usize = 16;

/// The width of the content-type names column for a pane width.
fn label_width(pane_width: u16) -> u16 {
    (pane_width.saturating_sub(2) / 4).clamp(12, 24)
}

/// What a cell says: `·` unmapped, `✗ gap`, or `✓2 ◐1 ○1` counts by status.
pub fn cell_text(cell: &CellView) -> (String, Style) {
    if !cell.mapped {
        return ("·".into(), theme::dim());
    }
    let mut parts = Vec::new();
    if cell.gap {
        parts.push("✗ gap".to_string());
    } else {
        parts.push(format!("✓{}", cell.available));
    }
    if cell.in_progress > 0 {
        parts.push(format!("◐{}", cell.in_progress));
    }
    if cell.to_create > 0 {
        parts.push(format!("○{}", cell.to_create));
    }
    let style = if cell.gap {
        theme::gap()
    } else {
        theme::available()
    };
    (parts.join(" "), style)
}

/// Cell text for a narrow column: spaces go before anything is cut.
pub fn squeeze(text: &str, width: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    fit(&text.replace(' ', ""), width)
}

/// How many step columns fit beside the content-type names in the content map's area.
pub fn capacity(area: Rect, steps: usize) -> usize {
    let room = usize::from(area.width.saturating_sub(3 + label_width(area.width)));
    (room / COLUMN_MIN).clamp(1, steps.max(1))
}

/// The width of each of `count` step columns in a content map of this area (drawing and mouse
/// clicks read it from the layout); the last column of the room is kept for the `▶` of more steps.
fn column_width(area: Rect, count: usize) -> usize {
    let room = usize::from(area.width.saturating_sub(3 + label_width(area.width)));
    (room / count.max(1)).clamp(1, COLUMN_MAX)
}

/// Draws the content map with the steps of `shown`, the window the board shows too.
pub fn render(app: &App, frame: &mut Frame, area: Rect, shown: StepWindow, layout: &mut Layout) {
    let focused = app.focus == Pane::Grid;
    let journey = app.selected_journey();
    let gaps = journey.map_or(0, |j| app.ws.journey_gaps(j).len());
    let mut title = match journey {
        Some(_) if gaps == 1 => " Content map · 1 gap ".to_string(),
        Some(_) if gaps > 0 => format!(" Content map · {gaps} gaps "),
        Some(_) => " Content map · no gaps ".to_string(),
        None => " Content map ".to_string(),
    };
    let filter = &app.map_filter;
    let matcher = filter.items.matcher(&app.ws, app.today);
    let hides = |step, content_type| filter.hides(&app.ws, step, content_type, &matcher);
    if let Some(journey) = journey.filter(|_| !filter.is_empty()) {
        // Every cell of the journey, not only those in sight: the title counts them all.
        let hidden = journey
            .steps
            .iter()
            .flat_map(|s| app.ws.content_types().iter().map(move |t| (s.id, t.id)))
            .filter(|(step, content_type)| hides(*step, *content_type))
            .count();
        let chips: Vec<String> = filter.chips(&app.ws).iter().map(|c| clean(c)).collect();
        title.push_str(&format!("· {} · {hidden} hidden ", chips.join(", ")));
    }
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title(focused)))
        .title_bottom(Line::styled(
            if filter.is_empty() {
                " ✓ available  ◐ in progress  ○ to create  ✗ gap "
            } else {
                " ✓ available ◐ in progress ○ to create ✗ gap ╌ hidden "
            },
            theme::dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(journey) = journey else {
        return;
    };
    let steps = &journey.steps;
    let types = app.ws.content_types();
    let label = usize::from(label_width(area.width));
    let StepWindow {
        first: first_column,
        count: columns,
    } = shown;
    let column = column_width(area, columns);
    let rows = usize::from(inner.height).saturating_sub(1);
    let first_row = window(
        app.offsets.grid_rows,
        app.selection.content_type,
        rows,
        types.len(),
    );
    layout.offsets.grid_columns = first_column;
    layout.offsets.grid_rows = first_row;
    layout.grid_columns = columns;
    layout.grid_rows = rows;
    layout.grid_label = label;
    layout.grid_column_width = column;

    let visible_steps: Vec<_> = steps
        .iter()
        .enumerate()
        .skip(first_column)
        .take(columns)
        .collect();
    let mut header = vec![Span::raw(pad(
        if first_column > 0 { "◀" } else { "" },
        label,
    ))];
    for (at, step) in &visible_steps {
        let style = if *at == app.selection.step {
            Style::new()
                .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        };
        header.push(Span::styled(pad(&clean(&step.name), column - 1), style));
        header.push(Span::raw(" "));
    }
    if first_column + columns < steps.len() {
        header.push(Span::styled("▶", theme::dim()));
    }
    let mut lines = vec![Line::from(header)];
    if types.is_empty() {
        let words = match app.keymap.key_for(Context::Grid, Action::AddOuter) {
            Some(key) => format!("No content types yet: {key} adds one."),
            None => "No content types yet.".to_string(),
        };
        lines.push(Line::styled(words, theme::dim()));
    }
    for row in first_row..types.len().min(first_row + rows) {
        let content_type = types.at(row).expect("row in range");
        let row_selected = row == app.selection.content_type;
        let marker = if row_selected { "▶" } else { " " };
        let name = format!("{marker}{}", clean(&content_type.name));
        let mut spans = vec![Span::styled(
            pad(&name, label.saturating_sub(1)) + " ",
            if row_selected {
                Style::new().add_modifier(ratatui::style::Modifier::BOLD)
            } else {
                Style::new()
            },
        )];
        for (at, step) in &visible_steps {
            let cell = app.ws.cell(step.id, content_type.id);
            let (text, style) = if hides(step.id, content_type.id) {
                (HIDDEN.to_string(), theme::dim())
            } else {
                cell_text(&cell)
            };
            let style = if row_selected && *at == app.selection.step {
                theme::selected(focused).patch(style)
            } else {
                style
            };
            spans.push(Span::styled(
                pad(&squeeze(&text, column - 1), column - 1),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
