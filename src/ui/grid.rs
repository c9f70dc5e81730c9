//! The content map: content and service types × the journey's steps.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::widths::{Spare, share, visible, widest};
use super::{StepWindow, clean, fit, pad, theme, with_comments, wrap};
use crate::app::{Action, App, Context, Layout, Pane};
use crate::model::format;
use crate::model::{CellView, ContentType, Step};

/// What a cell the filters hide shows.
const HIDDEN: &str = "╌";

/// The narrowest a step column gets when the steps shown are counted.
const COLUMN_MIN: usize = 10;
/// The content-type names column: never narrower than this, never wider than a third of the map.
const LABEL_MIN: usize = 10;
/// The most rows step names wrap over, when the content types leave rows free.
const HEADER_MAX: usize = 3;

/// The content types a content map in `area` shows, and the width of their names' column: as
/// wide as the longest name shown (with the row's marker and a gap), within a bound.
fn rows_and_label(app: &App, area: Rect) -> (Range<usize>, usize) {
    let inner_width = usize::from(area.width.saturating_sub(2));
    let types = app.ws.content_types();
    let rows = visible(
        app.offsets.grid_rows,
        app.selection.content_type,
        type_rows(area),
        types.len(),
    );
    let longest = rows
        .clone()
        .filter_map(|row| types.at(row))
        .map(|t| with_comments(&t.name, &t.comments).width())
        .max()
        .unwrap_or(0);
    let label = (longest + 2).clamp(LABEL_MIN, LABEL_MIN.max(inner_width / 3));
    (rows, label)
}

/// The rows of content types a content map in `area` has below one row of step names.
fn type_rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3))
}

/// The width left for step columns beside the names; the last column is kept for the `▶` of
/// more steps.
fn step_room(area: Rect, label: usize) -> usize {
    usize::from(area.width.saturating_sub(2)).saturating_sub(label + 1)
}

/// What a cell says ([`format::cell_text`]: `✗ gap`, or `✓2 ◐1 ○1` counts by status), `·`
/// when the type is not mapped there, and its colour.
pub fn cell_text(cell: &CellView) -> (String, Style) {
    if !cell.mapped {
        return ("·".into(), theme::dim());
    }
    let style = if cell.gap {
        theme::gap()
    } else {
        theme::available()
    };
    (format::cell_text(cell), style)
}

/// Cell text for a narrow column: spaces go before anything is cut.
pub fn squeeze(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    fit(&text.replace(' ', ""), width)
}

/// How many step columns fit beside the content-type names in the content map's area.
pub fn capacity(app: &App, area: Rect, steps: usize) -> usize {
    let (_, label) = rows_and_label(app, area);
    (step_room(area, label) / COLUMN_MIN).clamp(1, steps.max(1))
}

/// The width a step's name needs to fit on `lines` rows: its own width on one row, else the
/// narrowest width it wraps into that many rows at.
fn name_need(name: &str, lines: usize, room: usize) -> usize {
    let width = name.width();
    if lines <= 1 || width <= 1 {
        return width;
    }
    // A name longer than the rows can hold needs more than the room: no search.
    if width > lines * room {
        return width;
    }
    // Words are not broken: the longest word is the narrowest a wrapped name gets.
    let longest_word = name.split(' ').map(|w| w.width()).max().unwrap_or(0);
    (width.div_ceil(lines).max(longest_word)..width)
        .find(|w| wrap(name, *w, usize::MAX).len() <= lines)
        .unwrap_or(width)
}

/// The step columns' widths and the rows their names take: each column asks for its name and
/// its widest cell shown; names wrap over up to `max_lines` rows only when one row is not
/// enough for all of them.
fn step_columns(
    names: &[String],
    cells: &[usize],
    room: usize,
    max_lines: usize,
) -> (Vec<usize>, usize) {
    let needs_on = |lines: usize| -> Vec<usize> {
        names
            .iter()
            .zip(cells)
            .map(|(name, cell)| name_need(name, lines, room).max(*cell) + 1)
            .collect()
    };
    let lines = (1..=max_lines)
        .find(|lines| needs_on(*lines).iter().sum::<usize>() <= room)
        .unwrap_or(max_lines);
    let widths = share(room, &needs_on(lines), Spare::Even);
    let used = names
        .iter()
        .zip(&widths)
        .map(|(name, width)| wrap(name, width.saturating_sub(1), lines).len())
        .max()
        .unwrap_or(1)
        .max(1);
    (widths, used)
}

/// What the bottom border says of the types and steps off screen, `▼ 4 more below · 4 more
/// right ▶` or `▲ 2 above ▼ 3 below · ◀ 1 left 2 right ▶`; empty when everything is shown.
fn more_words(above: usize, below: usize, left: usize, right: usize) -> String {
    let mut parts = Vec::new();
    match (above, below) {
        (0, 0) => {}
        (0, below) => parts.push(format!("▼ {below} more below")),
        (above, 0) => parts.push(format!("▲ {above} more above")),
        (above, below) => parts.push(format!("▲ {above} above ▼ {below} below")),
    }
    match (left, right) {
        (0, 0) => {}
        (0, right) => parts.push(format!("{right} more right ▶")),
        (left, 0) => parts.push(format!("◀ {left} more left")),
        (left, right) => parts.push(format!("◀ {left} left {right} right ▶")),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {} ", parts.join(" · "))
    }
}

/// What the cells' marks mean, on the bottom border when the words of what is off screen leave
/// it room.
const LEGEND: &str = " ✓ available  ◐ in progress  ○ to create  ✗ gap ";
/// The legend while filters hide cells.
const LEGEND_FILTERED: &str = " ✓ available ◐ in progress ○ to create ✗ gap ╌ hidden ";

/// Draws the content map with the steps of `shown`, the window the board shows too.
pub fn render(app: &App, frame: &mut Frame, area: Rect, shown: StepWindow, layout: &mut Layout) {
    let focused = app.focus == Pane::Grid;
    let journey = app.selected_journey();
    let gaps = journey.map_or(0, |j| app.ws.journey_gap_count(j));
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
    let legend = if filter.is_empty() {
        LEGEND
    } else {
        LEGEND_FILTERED
    };
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title(focused)));
    let inner = block.inner(area);
    let Some(journey) = journey else {
        frame.render_widget(block.title_bottom(Line::styled(legend, theme::dim())), area);
        return;
    };
    let steps = &journey.steps;
    let types = app.ws.content_types();
    let (rows, label) = rows_and_label(app, area);
    let StepWindow {
        first: first_column,
        count: columns,
    } = shown;
    let visible_steps: Vec<(usize, &Step)> = steps
        .iter()
        .enumerate()
        .skip(first_column)
        .take(columns)
        .collect();
    let shown_types: Vec<&ContentType> = rows.clone().filter_map(|row| types.at(row)).collect();
    // Every cell shown, once: its text sizes the columns and is then drawn.
    let cells: Vec<Vec<(String, Style)>> = visible_steps
        .iter()
        .map(|(_, step)| {
            shown_types
                .iter()
                .map(|t| {
                    if hides(step.id, t.id) {
                        (HIDDEN.to_string(), theme::dim())
                    } else {
                        cell_text(&app.ws.cell(step.id, t.id))
                    }
                })
                .collect()
        })
        .collect();
    let names: Vec<String> = visible_steps.iter().map(|(_, s)| clean(&s.name)).collect();
    let cell_needs: Vec<usize> = cells
        .iter()
        .map(|column| widest(column.iter().map(|(text, _)| text.as_str())))
        .collect();
    let free_rows = type_rows(area).saturating_sub(rows.len());
    let (widths, header_rows) = step_columns(
        &names,
        &cell_needs,
        step_room(area, label),
        HEADER_MAX.min(1 + free_rows),
    );

    let more = more_words(
        rows.start,
        types.len() - rows.end,
        first_column,
        steps.len().saturating_sub(first_column + columns),
    );
    let border = usize::from(area.width.saturating_sub(2));
    let block = if more.width() + legend.width() < border {
        block.title_bottom(Line::styled(legend, theme::dim()))
    } else {
        block
    };
    let block = block.title_bottom(Line::styled(more, theme::dim()).right_aligned());
    frame.render_widget(block, area);

    layout.offsets.grid_columns = first_column;
    layout.offsets.grid_rows = rows.start;
    layout.grid_columns = columns;
    layout.grid_rows = usize::from(inner.height).saturating_sub(header_rows);
    layout.grid_label = label;
    layout.grid_header = header_rows;
    layout.grid_widths = widths.iter().map(|w| *w as u16).collect();

    let mut lines = header(app, &visible_steps, &names, &widths, header_rows, label);
    if first_column + columns < steps.len()
        && let Some(first) = lines.first_mut()
    {
        first.spans.push(Span::styled("▶", theme::dim()));
    }
    if first_column > 0
        && let Some(first) = lines.first_mut()
    {
        first.spans[0] = Span::raw(pad("◀", label));
    }
    if types.is_empty() {
        let words = match app.keymap.key_for(Context::Grid, Action::AddOuter) {
            Some(key) => format!("No content types yet: {key} adds one."),
            None => "No content types yet.".to_string(),
        };
        lines.push(Line::styled(words, theme::dim()));
    }
    for (slot, content_type) in shown_types.iter().enumerate() {
        let row = rows.start + slot;
        let row_selected = row == app.selection.content_type;
        let marker = if row_selected { "▶" } else { " " };
        let name = format!(
            "{marker}{}",
            with_comments(&content_type.name, &content_type.comments)
        );
        let mut spans = vec![Span::styled(
            pad(&name, label.saturating_sub(1)) + " ",
            if row_selected {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            },
        )];
        for ((column, (at, _)), width) in cells.iter().zip(&visible_steps).zip(&widths) {
            let (text, style) = &column[slot];
            let style = if row_selected && *at == app.selection.step {
                theme::selected(focused).patch(*style)
            } else {
                *style
            };
            let width = width.saturating_sub(1);
            spans.push(Span::styled(pad(&squeeze(text, width), width), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The rows of step names, each name wrapped in its column; the selected step's underlined.
fn header(
    app: &App,
    steps: &[(usize, &Step)],
    names: &[String],
    widths: &[usize],
    rows: usize,
    label: usize,
) -> Vec<Line<'static>> {
    let wrapped: Vec<Vec<String>> = names
        .iter()
        .zip(widths)
        .map(|(name, width)| {
            let width = width.saturating_sub(1);
            if rows == 1 {
                vec![fit(name, width)]
            } else {
                wrap(name, width, rows)
            }
        })
        .collect();
    (0..rows)
        .map(|line| {
            let mut spans = vec![Span::raw(" ".repeat(label))];
            for (((at, _), name), width) in steps.iter().zip(&wrapped).zip(widths) {
                let mut style = Style::new().add_modifier(Modifier::BOLD);
                if *at == app.selection.step {
                    style = style.add_modifier(Modifier::UNDERLINED);
                }
                let text = name.get(line).map_or("", String::as_str);
                spans.push(Span::styled(pad(text, width.saturating_sub(1)), style));
                spans.push(Span::raw(" "));
            }
            Line::from(spans)
        })
        .collect()
}
