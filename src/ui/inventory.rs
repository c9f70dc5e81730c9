//! The inventory: a filter line, the table of items (only the rows in sight are read), and the
//! totals of the rows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::parts::{chip_spans, frame_block, grouped, table};
use super::{clean, fit, pad, theme};
use crate::app::views::InventoryState;
use crate::app::views::inventory::Column;
use crate::app::{Action, App, Context, View};
use crate::model::{Item, Status, Workspace};

/// Below this width the status is its symbol and the kind a short word.
const WIDE: usize = 110;

pub fn render(app: &App, state: &InventoryState, frame: &mut Frame, area: Rect) {
    let ws = &app.ws;
    let total = ws.items().len();
    let count = if state.len() == total && state.filter.is_empty() {
        format!("{total} items")
    } else {
        format!("{} of {total} items", state.len())
    };
    let order = match state.sort {
        Some(column) => {
            let arrow = if state.reversed { "↓" } else { "↑" };
            format!(" · by {} {arrow}", column.heading().to_lowercase())
        }
        None if state.reversed => " · file order, reversed".to_string(),
        None => String::new(),
    };
    let context = if state.typing {
        Context::Narrow
    } else {
        Context::Inventory
    };
    let hints = if state.typing {
        super::hints(
            app,
            context,
            &[
                (&[Action::Jump], "keep the text"),
                (&[Action::Close], "clear it"),
            ],
            super::bar_room(area.width),
        )
    } else {
        super::hints(
            app,
            context,
            &[
                (&[Action::Sort, Action::SortReverse], "sort"),
                (&[Action::Filters], "filters"),
                (&[Action::Show(View::Search)], "text"),
                (&[Action::Mark], "mark"),
                (&[Action::ChangeMarked], "change"),
                (&[Action::Jump], "map"),
                (&[Action::Close], "back"),
            ],
            super::bar_room(area.width),
        )
    };
    let block = frame_block(format!(" Inventory · {count}{order} "), hints);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [filters, rows, rule, totals] = Split::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(filter_line(app, state, filters.width)),
        filters,
    );

    let width = usize::from(rows.width);
    let widths = Widths::new(width);
    let headings = Column::ALL.map(|c| match c {
        Column::Status if !widths.wide => "ST".to_string(),
        c => c.heading().to_string(),
    });
    let header = format!("  {}", widths.line(&headings));
    table(frame, rows, &header, state.len(), state.selected, |at| {
        let Some(item) = state.row(ws, at) else {
            return Line::raw("");
        };
        let mark = if state.marked.contains(&item.id) {
            Span::styled("●", theme::label().add_modifier(Modifier::BOLD))
        } else {
            Span::raw(" ")
        };
        let text = widths.line(&cells(ws, item, widths.wide));
        let style = match item.status {
            Status::Available => Style::new(),
            _ if item.is_overdue(app.today) => theme::error(),
            _ => Style::new(),
        };
        Line::from(vec![mark, Span::styled(text, style)])
    });
    frame.render_widget(
        Paragraph::new(Line::styled(
            "─".repeat(usize::from(rule.width)),
            theme::dim(),
        )),
        rule,
    );
    let mut sums = format!(
        " {} · cost {} {}",
        counted(state.len()),
        grouped(state.cost()),
        clean(ws.currency())
    );
    if !state.marked.is_empty() {
        sums.push_str(&format!(" · {} marked", state.marked.len()));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&sums, usize::from(totals.width)),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        totals,
    );
}

/// `1 item`, `45 items`.
fn counted(count: usize) -> String {
    format!("{count} item{}", if count == 1 { "" } else { "s" })
}

/// The filters as chips and the text, or how to set them when none is on; while the text line
/// has the keys, the text being typed. `width` is the line's room.
fn filter_line(app: &App, state: &InventoryState, width: u16) -> Line<'static> {
    if state.typing {
        return Line::from(vec![
            Span::styled(" text: ", theme::label()),
            Span::raw(clean(state.line.text())),
            Span::styled("▏", theme::label()),
        ]);
    }
    let chips = state.filter.chips(&app.ws);
    let text = state.filter.query().trim();
    if chips.is_empty() && text.is_empty() {
        let lead = " no filters:";
        let how = super::hints(
            app,
            Context::Inventory,
            &[
                (&[Action::Filters], "filters"),
                (&[Action::Show(View::Search)], "narrows by text"),
            ],
            width.saturating_sub(lead.width() as u16),
        );
        return Line::styled(format!("{lead}{how}"), theme::dim());
    }
    let mut spans = chip_spans(chips);
    if !text.is_empty() {
        spans.push(Span::raw(format!("text “{}”", clean(text))));
    }
    Line::from(spans)
}

/// The words of each column for an item.
fn cells(ws: &Workspace, item: &Item, wide: bool) -> [String; 9] {
    let content_type = ws.content_types().get(item.content_type_id);
    let kind = content_type.map_or("", |t| t.kind.as_str());
    let status = if wide {
        item.status.words().to_string()
    } else {
        match item.status {
            Status::Available => "✓",
            Status::InProgress => "◐",
            Status::ToCreate => "○",
        }
        .to_string()
    };
    let steps: Vec<String> = item
        .step_ids
        .iter()
        .filter_map(|s| {
            let journey = ws.journey_of_step(*s)?;
            let step = journey.step(*s)?;
            Some(format!("{} › {}", clean(&journey.name), clean(&step.name)))
        })
        .collect();
    [
        clean(&item.title),
        content_type.map_or(String::new(), |t| clean(&t.name)),
        if wide {
            kind.to_string()
        } else {
            kind.chars().take(4).collect()
        },
        status,
        clean(item.owner.trim()),
        item.available_on.map_or(String::new(), |d| d.to_string()),
        item.channel_id
            .and_then(|c| ws.channels().get(c))
            .map_or(String::new(), |c| clean(&c.name)),
        grouped(item.cost),
        if steps.is_empty() {
            "(on no step)".to_string()
        } else {
            steps.join("; ")
        },
    ]
}

/// The width of each column for a table width: status, kind, date and cost as wide as their
/// words, the rest shared out.
struct Widths {
    wide: bool,
    widths: [usize; 9],
}

impl Widths {
    fn new(width: usize) -> Widths {
        let wide = width >= WIDE;
        let status = if wide { 11 } else { 2 };
        let kind = if wide { 7 } else { 4 };
        let cost = if wide { 11 } else { 9 };
        let fixed = [(2, kind), (3, status), (5, 10), (7, cost)];
        // The marker columns, and a space after each column.
        let room = width.saturating_sub(2 + 9 + fixed.iter().map(|(_, w)| w).sum::<usize>());
        let shares = [(0, 6), (1, 3), (4, 2), (6, 3), (8, 5)];
        let total: usize = shares.iter().map(|(_, s)| s).sum();
        let mut widths = [0; 9];
        for (at, w) in fixed {
            widths[at] = w;
        }
        for (at, share) in shares {
            widths[at] = (room * share / total).max(3);
        }
        // What the shares leave over goes to the title.
        let shared: usize = shares.iter().map(|(at, _)| widths[*at]).sum();
        widths[0] += room.saturating_sub(shared);
        Widths { wide, widths }
    }

    /// One line of the table: each text cut or padded to its column, the cost to the right.
    fn line(&self, texts: &[String; 9]) -> String {
        let mut out = String::new();
        for (at, (text, width)) in texts.iter().zip(self.widths).enumerate() {
            if at == 7 {
                let text = fit(text, width);
                out.push_str(&" ".repeat(width.saturating_sub(text.width())));
                out.push_str(&text);
            } else {
                out.push_str(&pad(text, width));
            }
            out.push(' ');
        }
        out
    }
}
