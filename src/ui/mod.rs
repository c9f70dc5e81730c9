//! Drawing: a pure function of the application state.
//!
//! Every pane draws only what fits on screen, so a frame costs the same for the sample and for a
//! workspace of 100,000 items. Every string from the workspace passes through [`clean`] first: a
//! workspace received from someone else must not send escape sequences to the terminal.

mod board;
mod calendar;
mod card;
mod cell;
mod comments;
mod compare;
mod confirm;
mod fields;
mod form;
pub mod grid;
mod help;
mod history;
mod inventory;
mod parts;
mod personas;
mod picker;
pub mod present;
mod problems;
mod status;
pub mod theme;
pub mod trend;
mod views;
mod widths;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::{Action, App, Context, Layout, Overlay, Pane};

/// The smallest terminal the main screen fits in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole screen; returns where each pane went and what it showed.
pub fn render(app: &App, frame: &mut Frame) -> Layout {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return Layout::default();
    }
    let status_lines = status::lines(app, area.width);
    let [main, status_row] = Split::vertical([
        Constraint::Fill(1),
        Constraint::Length(status_lines.len() as u16),
    ])
    .areas(area);
    // A full-screen view clears all of `main` before it draws (`views::render`): the panes
    // under it would be drawn for nothing (a sixth of a frame of the metrics view at a million
    // items). Where they were laid out last stays, for the keys that come in the same burst as
    // the one closing the view, before a frame shows the panes again; so they are laid out
    // under the view once, when they were not yet for this area (the first frame, a resize).
    let covered = app.layout.main == main
        && (app.overlays.iter()).any(|overlay| matches!(overlay, Overlay::View(_)));
    let mut layout = Layout {
        offsets: app.offsets,
        ..if covered {
            app.layout.clone()
        } else {
            Layout {
                main,
                ..Layout::default()
            }
        }
    };
    if !covered {
        if app.zoomed {
            zoomed(app, frame, main, &mut layout);
        } else {
            panes(app, frame, main, &mut layout);
        }
    }
    status::render(status_lines, frame, status_row);

    for overlay in &app.overlays {
        match overlay {
            Overlay::Help(help) => {
                layout.offsets.help_page = help::render(&app.keymap, help, frame, area);
            }
            Overlay::Card(card) => card::render(app, card, frame, area, &mut layout),
            Overlay::CellItems(cell) => cell::render(app, cell, frame, area, &mut layout),
            Overlay::History(history) => history::render(app, history, frame, main),
            Overlay::Form(form) => form::render(app, form, frame, area),
            Overlay::Confirm(confirm) => confirm::render(confirm, frame, area),
            Overlay::Picker(picker) => picker::render(app, picker, frame, area),
            Overlay::View(view) => views::render(app, view, frame, main),
        }
    }
    layout
}

/// The four panes of the main screen.
fn panes(app: &App, frame: &mut Frame, main: Rect, layout: &mut Layout) {
    let [personas_area, journeys_area] =
        Split::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
    let left_width =
        personas::lists_width(app, main.width, personas_area.height, journeys_area.height);
    let [left, right] =
        Split::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(main);
    let [personas_area, journeys_area] =
        Split::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(left);
    let board_height = (right.height * 11 / 20).max(9);
    let [board_area, grid_area] =
        Split::vertical([Constraint::Length(board_height), Constraint::Fill(1)]).areas(right);
    layout.personas = personas_area;
    layout.journeys = journeys_area;
    layout.board = board_area;
    layout.grid = grid_area;
    personas::render_personas(app, frame, personas_area, layout);
    personas::render_journeys(app, frame, journeys_area, layout);
    let shown = step_window(app, Some(board_area), Some(grid_area));
    board::render(app, frame, board_area, shown, layout);
    grid::render(app, frame, grid_area, shown, layout);
}

/// The focused pane on the whole of `main`; the others are not drawn (nor clicked).
fn zoomed(app: &App, frame: &mut Frame, main: Rect, layout: &mut Layout) {
    match app.focus {
        Pane::Personas => {
            let list_width = personas::lists_width(app, main.width, main.height, 0);
            let [list, card] =
                Split::horizontal([Constraint::Length(list_width), Constraint::Fill(1)])
                    .areas(main);
            layout.personas = list;
            personas::render_personas(app, frame, list, layout);
            personas::render_persona_card(app, frame, card);
        }
        Pane::Journeys => {
            layout.journeys = main;
            personas::render_journeys(app, frame, main, layout);
        }
        Pane::Board => {
            layout.board = main;
            let shown = step_window(app, Some(main), None);
            board::render(app, frame, main, shown, layout);
        }
        Pane::Grid => {
            layout.grid = main;
            let shown = step_window(app, None, Some(main));
            grid::render(app, frame, main, shown, layout);
        }
    }
}

/// The steps the board and the content map show, first and how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepWindow {
    pub first: usize,
    pub count: usize,
}

/// One window of steps for the board and the content map (those drawn), as many as fit in
/// both, so the two always show the same steps and the selected one in the same column.
fn step_window(app: &App, board: Option<Rect>, grid: Option<Rect>) -> StepWindow {
    let len = app.selected_journey().map_or(0, |j| j.steps.len());
    let count = board
        .map_or(usize::MAX, |area| board::capacity(area, len, app.zoomed))
        .min(grid.map_or(usize::MAX, |area| grid::capacity(app, area, len)));
    StepWindow {
        first: window(app.offsets.board, app.selection.step, count, len),
        count,
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!(
        "Enlarge the terminal: journeymap needs {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}).",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(Line::from(text)).wrap(Wrap { trim: true }),
        area,
    );
}

/// Workspace text made safe and flat for one line: control and bidi characters shown as
/// escapes, line breaks as spaces.
/// An entry's name as lists, cards and tables show it, with `💬N` before it while N of its
/// comments are open (what a review still has to answer): before, so that a name cut to its
/// column's width never cuts the mark.
pub fn with_comments(name: &str, comments: &[crate::model::Comment]) -> String {
    match comments.iter().filter(|c| !c.resolved).count() {
        0 => clean(name),
        open => format!("💬{open} {}", clean(name)),
    }
}

pub fn clean(text: &str) -> String {
    crate::text::printable(&text.replace(['\n', '\t'], " ")).into_owned()
}

/// Cuts text to a display width, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Like [`fit`], but keeps `found` in sight: when the first place the text holds it (ASCII,
/// ignoring case, as the search matches) lies beyond what fits, the start is left out (`…`)
/// from a word some way before it, so a row shows the words it was found by.
pub fn fit_keeping(text: &str, width: usize, found: &str) -> String {
    let needle = found.trim().as_bytes();
    let at = (!needle.is_empty() && needle.is_ascii())
        .then(|| {
            text.as_bytes()
                .windows(needle.len())
                .position(|window| window.eq_ignore_ascii_case(needle))
        })
        .flatten();
    // An ASCII needle starts at an ASCII byte, so `at` is a character boundary.
    let Some(at) = at.filter(|at| text[..*at].width() + needle.len() >= width) else {
        return fit(text, width);
    };
    // A third of the room before it, or all the room its end leaves.
    let lead = (width / 3).max(width.saturating_sub(text[at..].width() + 1));
    let mut start = at;
    let mut used = 0;
    for (i, c) in text[..at].char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > lead {
            break;
        }
        start = i;
    }
    if !text[..start].ends_with(' ')
        && let Some(space) = text[start..at].find(' ')
    {
        start += space + 1;
    }
    format!("…{}", fit(&text[start..], width.saturating_sub(1)))
}

/// Text padded with spaces (or cut) to exactly a display width.
pub fn pad(text: &str, width: usize) -> String {
    let fitted = fit(text, width);
    let w = fitted.width();
    format!("{fitted}{}", " ".repeat(width.saturating_sub(w)))
}

/// Splits text into lines of at most `width` columns, breaking at spaces where it can (a word
/// wider than a line is broken where it must). When the text needs more than `max_lines`, the
/// last line ends with `…`.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if width == 0 || max_lines == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut used = 0;
    let mut cut = false;
    'words: for word in clean(text).split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
            if lines.len() == max_lines {
                cut = true;
                break;
            }
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
                if lines.len() == max_lines {
                    cut = true;
                    break 'words;
                }
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() {
        if lines.len() < max_lines {
            lines.push(line);
        } else {
            cut = true;
        }
    }
    if cut && let Some(last) = lines.last_mut() {
        let fitted = fit(last, width.saturating_sub(1));
        *last = if fitted.ends_with('…') {
            fitted
        } else {
            format!("{fitted}…")
        };
    }
    lines
}

/// The first row of a scrolling window that keeps `selected` visible, moving as little as
/// possible from `offset`.
pub fn window(offset: usize, selected: usize, capacity: usize, len: usize) -> usize {
    if capacity == 0 || len == 0 {
        return 0;
    }
    let mut first = offset.min(len.saturating_sub(capacity));
    if selected < first {
        first = selected;
    } else if selected >= first + capacity {
        first = selected + 1 - capacity;
    }
    first
}

/// Empties the area a popup is drawn on. A wide character just left of it (a CJK name in a
/// pane below) would otherwise cover the popup's left border: the terminal draws it two columns
/// wide, and the redraw skips the column it covers. It becomes a space.
pub fn clear_popup(frame: &mut Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((area.x - 1, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// A centered area of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests;

/// A hint bar from the keymap: ` a add · Enter edit · ←/→ day · Esc back `, each entry with the
/// keys that do its actions in `context`; an entry whose keys the user unbound is left out.
/// The bar fits in `room` columns (see [`fit_hints`]): a cut hint would show half a key.
pub fn hints(app: &App, context: Context, entries: &[(&[Action], &str)], room: u16) -> String {
    let parts: Vec<String> = entries
        .iter()
        .filter_map(|(actions, words)| {
            let keys: Option<Vec<String>> = actions
                .iter()
                .map(|action| app.keymap.key_for(context, *action))
                .collect();
            keys.map(|keys| format!("{} {words}", keys.join("/")))
        })
        .collect();
    let more = app.keymap.hint(context, Action::Help, "more keys");
    fit_hints(&parts, more.as_deref(), usize::from(room))
}

/// The room for a hint bar in the bottom border of a bordered block `width` columns wide: all
/// of it but the two corners.
pub fn bar_room(width: u16) -> u16 {
    width.saturating_sub(2)
}

/// The whole hints of `parts` that fit in `room` columns, in the order given (most important
/// first), never a cut one. When some must go, they go from the end and `more` (the help key's
/// hint) closes the bar, so the keys left out stay one key away; a bar with no room for even
/// that is empty.
fn fit_hints(parts: &[String], more: Option<&str>, room: usize) -> String {
    let bar = |shown: &[&str]| {
        if shown.is_empty() {
            String::new()
        } else {
            format!(" {} ", shown.join(" · "))
        }
    };
    let all: Vec<&str> = parts.iter().map(String::as_str).collect();
    let whole = bar(&all);
    if whole.width() <= room {
        return whole;
    }
    (0..all.len())
        .rev()
        .map(|kept| {
            let mut shown = all[..kept].to_vec();
            shown.extend(more);
            bar(&shown)
        })
        .find(|candidate| candidate.width() <= room)
        .unwrap_or_default()
}

/// An empty pane's words, with the key that adds the first entry where one does:
/// `No steps yet: a adds one.`
pub fn empty(app: &App, context: Context, what: &str) -> String {
    match app.keymap.key_for(context, Action::Add) {
        Some(key) => format!("{what}: {key} adds one."),
        None => format!("{what}."),
    }
}
