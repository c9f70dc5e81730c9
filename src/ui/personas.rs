//! The left column: personas, and the journeys of the selected persona.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::widths::visible;
use super::{clean, fit, theme, window, with_comments};
use crate::app::{Action, App, Context, Layout, Pane};
use crate::model::Journey;

/// What a list pane shows: `len` rows, of which only the visible ones are asked for.
struct List<F: Fn(usize) -> String> {
    title: String,
    /// What the pane says when it has no rows.
    empty: String,
    len: usize,
    row: F,
    selected: usize,
    offset: usize,
    focused: bool,
}

/// A bordered list with a `▶` on the selected row; returns the first row shown and how many fit.
fn list<F: Fn(usize) -> String>(frame: &mut Frame, area: Rect, list: List<F>) -> (usize, usize) {
    let List {
        title,
        empty,
        len,
        row,
        selected,
        offset,
        focused,
    } = list;
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let capacity = usize::from(inner.height);
    let first = window(offset, selected, capacity, len);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = (first..len.min(first + capacity))
        .map(|at| (at, row(at)))
        .map(|(at, text)| {
            if at == selected {
                Line::styled(
                    super::pad(&format!("▶ {}", fit(&text, width.saturating_sub(2))), width),
                    theme::selected(focused),
                )
            } else {
                Line::raw(format!("  {}", fit(&text, width.saturating_sub(2))))
            }
        })
        .collect();
    if len == 0 {
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&empty, width), theme::dim())),
            inner,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
    (first, capacity)
}

/// `(none yet: a adds)`, with the key the user has for adding here.
fn empty_words(app: &App, context: Context) -> String {
    match app.keymap.key_for(context, Action::Add) {
        Some(key) => format!("(none yet: {key} adds)"),
        None => "(none yet)".to_string(),
    }
}

/// The narrowest a list pane gets (its border included).
const LIST_MIN: u16 = 22;

/// A persona's row: its name.
fn persona_row(app: &App, at: usize) -> String {
    app.ws
        .personas()
        .at(at)
        .map_or(String::new(), |p| with_comments(&p.name, &p.comments))
}

/// A journey's row: its name and its gaps (worked out for the visible rows only).
fn journey_row(app: &App, journey: &Journey) -> String {
    let name = with_comments(&journey.name, &journey.comments);
    match app.ws.journey_gap_count(journey) {
        0 => name,
        gaps => format!("{name} ✗{gaps}"),
    }
}

/// How wide the list panes are, beside a screen `screen_width` wide: as wide as the longest row
/// they show in lists of `persona_rows` and `journey_rows` rows (zero leaves a list out), up to
/// a third of the screen and never narrower than [`LIST_MIN`].
pub fn lists_width(app: &App, screen_width: u16, persona_rows: u16, journey_rows: u16) -> u16 {
    let persona_rows = usize::from(persona_rows.saturating_sub(2));
    let journey_rows = usize::from(journey_rows.saturating_sub(2));
    let personas = visible(
        app.offsets.personas,
        app.selection.persona,
        persona_rows,
        app.ws.personas().len(),
    )
    .map(|at| persona_row(app, at).width());
    let listed = (journey_rows > 0).then(|| app.listed_journeys());
    let journeys = visible(
        app.offsets.journeys,
        app.selection.journey,
        journey_rows,
        listed.as_ref().map_or(0, |listed| listed.len()),
    )
    .filter_map(|at| listed.as_ref()?.get(at))
    .map(|journey| journey_row(app, journey).width());
    let widest = personas.chain(journeys).max().unwrap_or(0);
    // The border and the row's `▶ `.
    let need = u16::try_from(widest + 4).unwrap_or(u16::MAX);
    need.clamp(LIST_MIN, LIST_MIN.max(screen_width / 3))
}

pub fn render_personas(app: &App, frame: &mut Frame, area: Rect, layout: &mut Layout) {
    let personas = app.ws.personas();
    let title = format!(" Personas ({}) ", personas.len());
    let (first, capacity) = list(
        frame,
        area,
        List {
            title,
            empty: empty_words(app, Context::Personas),
            len: personas.len(),
            row: |at| persona_row(app, at),
            selected: app.selection.persona,
            offset: app.offsets.personas,
            focused: app.focus == Pane::Personas,
        },
    );
    layout.offsets.personas = first;
    layout.persona_rows = capacity;
}

pub fn render_journeys(app: &App, frame: &mut Frame, area: Rect, layout: &mut Layout) {
    let journeys = app.listed_journeys();
    let row = |at: usize| {
        journeys
            .get(at)
            .map(|j| journey_row(app, j))
            .unwrap_or_default()
    };
    let title = match app
        .selected_persona()
        .and_then(|p| app.ws.personas().get(p))
    {
        Some(persona) => format!(" Journeys · {} ", clean(&persona.name)),
        None => " Journeys ".to_string(),
    };
    let title = fit(&title, usize::from(area.width.saturating_sub(2)));
    let (first, capacity) = list(
        frame,
        area,
        List {
            title,
            empty: empty_words(app, Context::Journeys),
            len: journeys.len(),
            row,
            selected: app.selection.journey,
            offset: app.offsets.journeys,
            focused: app.focus == Pane::Journeys,
        },
    );
    layout.offsets.journeys = first;
    layout.journey_rows = capacity;
}

/// The selected persona's card beside the zoomed persona list: every field in full.
pub fn render_persona_card(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::bordered()
        .border_style(theme::border(false))
        .title(Span::styled(" Persona ", theme::title(false)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sections = app
        .selected_persona()
        .and_then(|id| super::card::persona(&app.ws, id))
        .unwrap_or_default();
    super::card::draw_scrolled(&sections, 0, frame, inner);
}
