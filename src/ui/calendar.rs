//! The calendar: a month grid with the selected day's items beneath it, a week with a column per
//! day, or the agenda beside a small month. Whatever the mode, the item the keys act on is
//! marked `▶` and written in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::parts::{chip_spans, frame_block};
use super::{clean, fit, pad, theme, window};
use crate::app::views::calendar::{AgendaRow, CalendarState, Mode};
use crate::app::{Action, App, Context};
use crate::model::format::{month_title, status_mark};
use crate::model::{Date, Id, Item};

/// The small month's size: a title, the weekdays, six weeks; 21 columns and a margin.
const SMALL_MONTH: (u16, u16) = (26, 8);
/// The most lines a day of the month grid takes, however tall the terminal.
const MOST_LINES_A_DAY: usize = 8;

pub fn render(app: &App, state: &CalendarState, frame: &mut Frame, area: Rect) {
    let period = match state.mode {
        Mode::Week => {
            let monday = state.day.start_of_week();
            let sunday = monday.add_days(6).unwrap_or(monday);
            format!("week of {} to {}", short_day(monday), short_day(sunday))
        }
        mode => mode.name().to_string(),
    };
    let page = match state.mode {
        Mode::Week => "week",
        _ => "month",
    };
    let next_mode = format!("{} view", state.mode.next().name());
    // What is shown is what the filter kept before, while the items it keeps now are found.
    let working = if state.is_filtering() {
        " · filtering…"
    } else {
        ""
    };
    let block = frame_block(
        format!(
            " Calendar · {} · {period}{working} ",
            month_title(state.day)
        ),
        super::hints(
            app,
            Context::Calendar,
            &[
                (&[Action::Left, Action::Right], "day"),
                (&[Action::PageUp, Action::PageDown], page),
                (&[Action::Up, Action::Down], "item"),
                (&[Action::CalendarMode], &next_mode),
                (&[Action::Add], "add"),
                (&[Action::Filters], "filters"),
                (&[Action::ShiftDate(1), Action::ShiftDate(-1)], "day"),
                (&[Action::ShiftDate(7), Action::ShiftDate(-7)], "week"),
                (&[Action::CycleStatus], "status"),
                (&[Action::Edit], "edit"),
                (&[Action::Today], "today"),
            ],
            super::bar_room(area.width),
        ),
    );
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    // The filters that are on, in a line of their own: every mode shows only what they keep.
    if !state.filter.is_empty() {
        let [line, rest] =
            Split::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        let chips = chip_spans(state.filter.chips(&app.ws));
        frame.render_widget(Paragraph::new(Line::from(chips)), line);
        inner = rest;
    }
    match state.mode {
        Mode::Month => month(app, state, frame, inner),
        Mode::Week => week(app, state, frame, inner),
        Mode::Agenda => agenda(app, state, frame, inner),
    }
}

/// `Mon 23 Nov`.
fn short_day(date: Date) -> String {
    let spoken = date.spoken();
    spoken
        .rsplit_once(' ')
        .map_or(spoken.clone(), |(day, _)| day.to_string())
}

/// A day at the head of the week's column: `Mon 23 Nov`, or `Mo 23` where `width` is too
/// narrow for that.
fn week_day(date: Date, width: usize) -> String {
    let day = short_day(date);
    if day.len() < width {
        day
    } else {
        format!("{} {}", &day[..2], date.day())
    }
}

/// The widths of seven columns sharing `width`, the wider ones last.
fn columns(width: u16) -> [u16; 7] {
    std::array::from_fn(|at| {
        let at = at as u32;
        let width = u32::from(width);
        (width * (at + 1) / 7 - width * at / 7) as u16
    })
}

/// How an item reads in a list: its status, a flag when it is overdue or due this week, its
/// title, content type and owner; and the style that goes with the flag.
fn item_words(app: &App, item: &Item, overdue: bool) -> (String, Style) {
    let week_end = app.today.add_days(6).unwrap_or(app.today);
    let due_this_week = item
        .available_on
        .is_some_and(|d| d >= app.today && d <= week_end)
        && item.status.is_pending();
    let flag = if overdue {
        "! overdue "
    } else if due_this_week {
        "» this week "
    } else {
        ""
    };
    let content_type = app
        .ws
        .content_types()
        .get(item.content_type_id)
        .map_or(String::new(), |t| clean(&t.name));
    let owner = if item.owner.is_empty() {
        String::new()
    } else {
        format!(" · {}", clean(&item.owner))
    };
    let words = format!(
        "{} {flag}{}  · {content_type}{owner}",
        status_mark(item.status),
        clean(&item.title)
    );
    let style = if overdue {
        theme::error()
    } else if !flag.is_empty() {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    (words, style)
}

/// A row of a list of items: `▶` and reversed when selected.
fn item_line(text: String, style: Style, selected: bool, width: usize) -> Line<'static> {
    let marker = if selected { "▶" } else { " " };
    let style = if selected {
        theme::selected(true)
    } else {
        style
    };
    Line::styled(fit(&format!("{marker} {text}"), width), style)
}

// ---------------------------------------------------------------------------------------------
// The month grid

fn month(app: &App, state: &CalendarState, frame: &mut Frame, area: Rect) {
    let weeks = (state.days.len() / 7).max(1);
    let height = usize::from(area.height);
    // A day takes a line for its number and one for a title at least, when that leaves a few
    // lines for the selected day's items; the small month beneath comes last.
    let mut lines_a_day =
        (height.saturating_sub(1 + usize::from(SMALL_MONTH.1)) / weeks).clamp(1, MOST_LINES_A_DAY);
    if lines_a_day < 2 && height >= 1 + 2 * weeks + 3 {
        lines_a_day = 2;
    }
    let grid_height = (1 + weeks * lines_a_day).min(height) as u16;
    let [grid, below] =
        Split::vertical([Constraint::Length(grid_height), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(month_lines(app, state, grid.width, lines_a_day)),
        grid,
    );

    // Beneath: the small month (when there is room) and the selected day's items.
    let list = if below.height >= SMALL_MONTH.1 && below.width >= SMALL_MONTH.0 + 30 {
        let [small, list] =
            Split::horizontal([Constraint::Length(SMALL_MONTH.0), Constraint::Fill(1)])
                .areas(below);
        let days_with_items = state
            .days
            .iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(date, _)| date);
        frame.render_widget(
            Paragraph::new(small_month(app, state.day, days_with_items)),
            small,
        );
        list
    } else {
        below
    };
    day_list(app, state, frame, list);
}

/// The weekday header and the weeks of the month grid, a day `lines_a_day` lines tall: its
/// number (and `+N` for the items it has no room for), then its items by title.
fn month_lines(
    app: &App,
    state: &CalendarState,
    width: u16,
    lines_a_day: usize,
) -> Vec<Line<'static>> {
    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let widths = columns(width);
    // Each column ends with a separator but the last.
    let inside = |at: usize| usize::from(widths[at]).saturating_sub(usize::from(at < 6));
    let separator = |at: usize| (at < 6).then(|| Span::styled("│", theme::dim()));
    let whole_names = (0..7).all(|at| inside(at) >= 12);
    let mut header = Vec::new();
    for (at, name) in WEEKDAYS.iter().enumerate() {
        let name = if whole_names { name } else { &name[..2] };
        header.push(Span::styled(
            pad(&format!(" {name}"), inside(at)),
            theme::label(),
        ));
        header.extend(separator(at));
    }
    let mut lines = vec![Line::from(header)];
    let month = state.day.first_of_month();
    let days: Vec<(Date, &[Id])> = state.days.iter().collect();
    for week in days.chunks(7) {
        let cells: Vec<Vec<(String, Style)>> = week
            .iter()
            .enumerate()
            .map(|(at, (date, items))| day_cell(app, *date, items, lines_a_day, inside(at)))
            .collect();
        for line in 0..lines_a_day {
            let mut spans = Vec::new();
            for (at, (date, _)) in week.iter().enumerate() {
                let (text, style) = cells[at].get(line).cloned().unwrap_or_default();
                let style = if *date == state.day {
                    style.patch(theme::selected(true))
                } else if date.first_of_month() != month {
                    theme::dim()
                } else {
                    style
                };
                spans.push(Span::styled(pad(&text, inside(at)), style));
                spans.extend(separator(at));
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}

/// A day's cell in the month grid, `lines` lines of `width`: its number (and `+N` for the
/// items it has no room for), then its items by title, a title wrapped over the lines the
/// others leave it.
fn day_cell(
    app: &App,
    date: Date,
    items: &[Id],
    lines: usize,
    width: usize,
) -> Vec<(String, Style)> {
    let room = lines.saturating_sub(1);
    let shown = items.len().min(room);
    let hidden = items.len() - shown;
    let number = format!("{:>2}", date.day());
    let more = if hidden > 0 {
        format!("+{hidden}")
    } else {
        String::new()
    };
    let gap = width.saturating_sub(number.len() + more.len() + 1).max(1);
    let number_style = if date == app.today {
        theme::title(true).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let mut cell = vec![(format!("{number}{}{more}", " ".repeat(gap)), number_style)];
    for (at, id) in items.iter().take(shown).enumerate() {
        let Some(item) = app.ws.items().get(*id) else {
            continue;
        };
        let style = title_style(item, app.today);
        // The lines left shared among the titles still to come, the first ones first.
        let share = (room - (cell.len() - 1)) / (shown - at);
        let title = super::wrap(&item.title, width.saturating_sub(2), share.max(1));
        for (line, words) in title.into_iter().enumerate() {
            let mark = if line == 0 {
                status_mark(item.status)
            } else {
                " "
            };
            cell.push((format!("{mark} {words}"), style));
        }
    }
    cell
}

/// The selected day's items, in full, the selected one marked: what the keys act on.
fn day_list(app: &App, state: &CalendarState, frame: &mut Frame, area: Rect) {
    let items = state.days.on(state.day);
    let width = usize::from(area.width);
    let heading = match items.len() {
        0 if state.filter.is_empty() => format!("{} · nothing on this day", state.day.spoken()),
        0 => format!("{} · nothing the filters keep", state.day.spoken()),
        1 => format!("{} · 1 item", state.day.spoken()),
        n => format!("{} · {n} items", state.day.spoken()),
    };
    let mut lines = vec![Line::styled(
        fit(&heading, width),
        theme::title(false).add_modifier(Modifier::UNDERLINED),
    )];
    if items.is_empty() {
        lines.push(Line::styled(
            fit(&super::empty(app, Context::Calendar, "No items"), width),
            theme::dim(),
        ));
    }
    let capacity = usize::from(area.height).saturating_sub(1);
    let first = window(0, state.item, capacity, items.len());
    for (at, id) in items.iter().enumerate().skip(first).take(capacity) {
        let Some(item) = app.ws.items().get(*id) else {
            continue;
        };
        let (words, style) = item_words(app, item, item.is_overdue(app.today));
        lines.push(item_line(words, style, at == state.item, width));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

// ---------------------------------------------------------------------------------------------
// The week

fn week(app: &App, state: &CalendarState, frame: &mut Frame, area: Rect) {
    // Beneath the columns, the selected item in full.
    let [columns_area, detail] =
        Split::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(area);
    let widths = columns(columns_area.width);
    let capacity = usize::from(columns_area.height).saturating_sub(2);
    // Every day's head is written alike, as the narrowest column (the first) allows.
    let narrowest = usize::from(widths[0]).saturating_sub(1);
    let mut x = columns_area.x;
    for (at, (date, items)) in state.days.iter().enumerate() {
        let width = usize::from(widths[at]).saturating_sub(usize::from(at < 6));
        let selected = date == state.day;
        let header_style = if selected {
            theme::selected(true)
        } else if date == app.today {
            theme::title(true).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            theme::label().add_modifier(Modifier::BOLD)
        };
        let mut lines = vec![
            Line::styled(
                pad(&format!(" {}", week_day(date, narrowest)), width),
                header_style,
            ),
            Line::styled("─".repeat(width), theme::dim()),
        ];
        // The selected day's column scrolls to its selected item; the others show their first.
        let chosen = selected.then_some(state.item);
        // A title takes up to three lines when the column has room for every item so; in a
        // column too narrow for a word or two, one line (cut) reads better than broken words.
        let most = if width < 12 { 1 } else { 3 };
        let per_item = (capacity / items.len().max(1)).clamp(1, most);
        let more = items.len() * per_item > capacity;
        let shown = if more {
            capacity.saturating_sub(1) / per_item
        } else {
            items.len()
        };
        let first = chosen.map_or(0, |item| window(0, item, shown, items.len()));
        for (row, id) in items.iter().enumerate().skip(first).take(shown) {
            let Some(item) = app.ws.items().get(*id) else {
                continue;
            };
            let style = title_style(item, app.today);
            // The selected item's `▶` takes the place of its status, which the line beneath
            // the columns gives.
            let marked = chosen == Some(row);
            let title = super::wrap(&item.title, width.saturating_sub(2), per_item);
            for (line, words) in title.into_iter().enumerate() {
                let mark = match line {
                    0 if marked => "▶",
                    0 => status_mark(item.status),
                    _ => " ",
                };
                let style = if marked { theme::selected(true) } else { style };
                lines.push(Line::styled(pad(&format!("{mark} {words}"), width), style));
            }
        }
        if more {
            let hidden = items.len() - shown.min(items.len());
            lines.push(Line::styled(format!("  +{hidden}"), theme::dim()));
        }
        if items.is_empty() {
            lines.push(Line::styled("  –", theme::dim()));
        }
        let column = Rect {
            x,
            width: width as u16,
            ..columns_area
        };
        frame.render_widget(Paragraph::new(lines), column);
        if at < 6 {
            let line = Rect {
                x: x + width as u16,
                width: 1,
                ..columns_area
            };
            let bars: Vec<Line> = (0..line.height)
                .map(|_| Line::styled("│", theme::dim()))
                .collect();
            frame.render_widget(Paragraph::new(bars), line);
        }
        x += widths[at];
    }
    let width = usize::from(detail.width);
    let mut lines = vec![Line::styled("─".repeat(width), theme::dim())];
    let selected = state
        .days
        .on(state.day)
        .get(state.item)
        .and_then(|id| app.ws.items().get(*id));
    match selected {
        // In full, over the two lines there are.
        Some(item) => {
            let (words, _) = item_words(app, item, item.is_overdue(app.today));
            let text = format!("{}  {words}", short_day(state.day));
            for (at, line) in super::wrap(&text, width.saturating_sub(2), 2)
                .into_iter()
                .enumerate()
            {
                let marker = if at == 0 { "▶" } else { " " };
                lines.push(Line::styled(
                    pad(&format!("{marker} {line}"), width),
                    theme::selected(true),
                ));
            }
        }
        None => lines.push(Line::styled(
            fit(
                &format!(
                    "{} · {}",
                    state.day.spoken(),
                    super::empty(app, Context::Calendar, "no items")
                ),
                width,
            ),
            theme::dim(),
        )),
    }
    frame.render_widget(Paragraph::new(lines), detail);
}

// ---------------------------------------------------------------------------------------------
// The agenda

fn agenda(app: &App, state: &CalendarState, frame: &mut Frame, area: Rect) {
    let [left, right] =
        Split::horizontal([Constraint::Length(SMALL_MONTH.0), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(small_month(app, state.day, state.rows.days_with_items())),
        Rect {
            height: left.height.min(SMALL_MONTH.1),
            ..left
        },
    );
    let week_end = app.today.add_days(6).unwrap_or(app.today);
    let mut legend = vec![
        Line::raw(""),
        Line::styled("bold+underlined: items due", theme::dim()),
        Line::raw(format!("today {}", app.today)),
        Line::raw(format!("overdue {}", app.ws.overdue_count(app.today))),
        Line::raw(format!(
            "due this week {}",
            app.ws.pending_between(app.today, week_end)
        )),
        Line::raw(format!("unscheduled {}", app.ws.unscheduled_count())),
    ];
    // The counts are the workspace's, whatever the filters keep.
    if !state.filter.is_empty() {
        legend.insert(3, Line::styled("in the workspace:", theme::dim()));
    }
    if left.height > SMALL_MONTH.1 {
        frame.render_widget(
            Paragraph::new(legend),
            Rect {
                y: left.y + SMALL_MONTH.1,
                height: left.height - SMALL_MONTH.1,
                ..left
            },
        );
    }

    let list = Rect {
        x: right.x + 1,
        width: right.width.saturating_sub(1),
        ..right
    };
    let capacity = usize::from(list.height);
    let first_row = window(0, state.selected, capacity, state.rows.len());
    let width = usize::from(list.width);
    let lines: Vec<Line> = (first_row..state.rows.len().min(first_row + capacity))
        .filter_map(|at| Some((at, state.rows.row(&app.ws, at)?)))
        .map(|(at, row)| match row {
            AgendaRow::Heading(text) => {
                Line::styled(text, theme::title(false).add_modifier(Modifier::UNDERLINED))
            }
            AgendaRow::Item { id, date, overdue } => {
                let Some(item) = app.ws.items().get(id) else {
                    return Line::raw("");
                };
                let when = date.map_or("  no date  ".to_string(), |d| {
                    format!("{d} {}", &weekday(d))
                });
                let (words, style) = item_words(app, item, overdue);
                item_line(
                    format!("{when}  {words}"),
                    style,
                    at == state.selected,
                    width,
                )
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The month of `day`, weeks from Monday (ratatui's calendar widget starts them on Sunday):
/// days with items bold and underlined (in the colour of their state, so it also reads without
/// colour), today in italics, the selected day reversed, other months' days dim.
fn small_month(
    app: &App,
    day: Date,
    days_with_items: impl Iterator<Item = Date>,
) -> Vec<Line<'static>> {
    let (first, last) = day.month_bounds();
    // A day with anything still to do shows that, rather than what is done.
    let marked: std::collections::BTreeMap<Date, Style> = days_with_items
        .filter(|date| date.first_of_month() == first)
        .map(|date| {
            let style = if app.ws.pending_between(date, date) > 0 {
                theme::in_progress()
            } else {
                theme::available()
            };
            (date, style)
        })
        .collect();
    let mut lines = vec![
        Line::styled(format!("{:^21}", month_title(first)), theme::title(true)),
        Line::styled(" Mo Tu We Th Fr Sa Su", theme::label()),
    ];
    let mut week = first.start_of_week();
    while week <= last {
        let mut spans = Vec::with_capacity(14);
        for offset in 0..7 {
            let Some(date) = week.add_days(offset) else {
                break;
            };
            let style = if date == day {
                theme::selected(true)
            } else if date.first_of_month() != first {
                theme::dim()
            } else {
                let mut style = marked.get(&date).map_or(Style::new(), |s| {
                    s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                });
                if date == app.today {
                    style = style.add_modifier(Modifier::ITALIC | Modifier::BOLD);
                }
                style
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{:>2}", date.day()), style));
        }
        lines.push(Line::from(spans));
        match week.add_days(7) {
            Some(next) => week = next,
            None => break,
        }
    }
    lines
}

fn weekday(date: Date) -> String {
    date.as_time().weekday().to_string()[..3].to_string()
}

/// How an item's title is drawn in the calendar: in the error colour while it is overdue.
fn title_style(item: &Item, today: Date) -> Style {
    if item.is_overdue(today) {
        theme::error()
    } else {
        Style::new()
    }
}
