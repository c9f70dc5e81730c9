//! The left column: personas, and the journeys of the selected persona.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{clean, fit, theme, window};
use crate::app::{Action, App, Context, Layout, Pane};

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
            row: |at| personas.at(at).map_or(String::new(), |p| clean(&p.name)),
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
    // Gap counts are worked out for the visible rows only.
    let row = |at: usize| {
        let j = journeys[at];
        match app.ws.journey_gaps(j).len() {
            0 => clean(&j.name),
            gaps => format!("{} ✗{gaps}", clean(&j.name)),
        }
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
