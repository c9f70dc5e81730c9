//! The presentation (`journeymap present`): one slide on the whole screen, in type big enough
//! for a shared screen to carry — a header naming the workspace and the journey, the slide, and
//! a footer with the position and the keys.
//!
//! A journey's title slide has its personas, objective, today → desired and KPIs, with the
//! emotion curve of its steps at the bottom; a step's slide has every lane in full (the
//! workspace's own step fields after the built-in ones), its items
//! grouped by status, its gaps and its KPIs with their trend. A slide taller than the screen
//! scrolls; the footer says when more is below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{card, clean, fit, pad, theme, trend, wrap};
use crate::app::present::{Compose, Drawn, Present};
use crate::app::{Action, Context};
use crate::model::{Journey, Metric, Status, Step, Workspace, format};

/// How many items of one status a step's slide lists; the rest are counted, so a slide costs
/// the same in a workspace of a million items.
const ITEMS_LISTED: usize = 50;

/// The rows the steps' numbers and names take under the curve of a title slide: a name too long
/// for its step's slot goes on in the second.
const NAME_ROWS: u16 = 2;

/// The rows the emotion curve of a title slide takes: a caption, five rows of curve and the
/// steps' numbers and names.
const CURVE_ROWS: u16 = 6 + NAME_ROWS;

/// Text is indented this much under its heading.
const INDENT: &str = "  ";

/// Draws the presentation; returns the scroll it kept and the lines it showed.
pub fn render(present: &Present, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    if area.width < super::MIN_WIDTH || area.height < super::MIN_HEIGHT {
        super::too_small(frame, area);
        return Drawn::default();
    }
    let footer_text = Footer::of(present, area.width);
    let [header, _, body, footer] = Split::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(footer_text.height()),
    ])
    .areas(area);
    // A column of margin on either side.
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    let journey = present.journey();
    render_header(&present.ws, journey, frame, header);
    let mut drawn = Drawn::default();
    let mut more_below = false;
    match journey {
        None => {
            let words = if present.ws.journeys().is_empty() {
                "Nothing to present: the workspace has no journeys yet."
            } else {
                "The journey presented is no longer in the file."
            };
            frame.render_widget(Paragraph::new(Line::styled(words, theme::dim())), body);
        }
        Some(journey) => {
            let (lines, body) = match present.place.step.and_then(|at| journey.steps.get(at)) {
                Some(step) => (
                    step_lines(
                        &present.ws,
                        step,
                        present.place.step.unwrap_or(0),
                        body.width,
                    ),
                    body,
                ),
                None => {
                    let text = title_lines(&present.ws, journey, body.width);
                    (text, title_curve(journey, frame, body))
                }
            };
            (drawn, more_below) = scrolled(lines, present.scroll, frame, body);
        }
    }
    frame.render_widget(
        Paragraph::new(footer_text.lines(more_below, area.width)),
        footer,
    );
    if let Some(help) = &present.help {
        drawn.help_page = super::help::render(&present.keymap, help, frame, area);
    }
    drawn
}

/// The workspace's name and the journey's, on a bar across the top.
fn render_header(ws: &Workspace, journey: Option<&Journey>, frame: &mut Frame, area: Rect) {
    let mut text = format!(" {}", clean(ws.name()));
    if let Some(journey) = journey {
        text.push_str(&format!(" · {}", clean(&journey.name)));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            pad(&text, usize::from(area.width)),
            theme::title(true).add_modifier(Modifier::REVERSED),
        )),
        area,
    );
}

/// Lines `scroll` on of `lines`, kept inside them; returns what was drawn and whether more
/// lines are below.
fn scrolled(
    lines: Vec<Line<'static>>,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) -> (Drawn, bool) {
    let page = usize::from(area.height);
    let scroll = scroll.min(lines.len().saturating_sub(page));
    let more = lines.len() > scroll + page;
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(page).collect();
    frame.render_widget(Paragraph::new(shown), area);
    (
        Drawn {
            scroll,
            page,
            ..Drawn::default()
        },
        more,
    )
}

/// The footer: where the slide is, then the step number being typed, or the latest notice, or
/// the keys — beside the position when they fit, else on lines of their own below it (a notice
/// is read in full, whatever the width; the keys as many as a line holds, then the help's).
struct Footer {
    position: String,
    /// What goes beside the position.
    beside: Span<'static>,
    /// What did not fit beside it.
    below: Vec<Span<'static>>,
}

/// Said after the position while the slide goes on below the screen.
const MORE_BELOW: &str = " · ▼ more";

impl Footer {
    fn of(present: &Present, width: u16) -> Footer {
        let key = |action| present.keymap.key_for(Context::Present, action);
        let count = present.journey_count();
        let position = match (present.place.step, present.journey()) {
            (Some(at), Some(journey)) => format!(
                " step {} of {} · journey {} of {count}",
                at + 1,
                journey.steps.len(),
                present.place.journey + 1
            ),
            (None, Some(_)) => format!(
                " overview · journey {} of {count}",
                present.place.journey + 1
            ),
            (_, None) => String::from(" "),
        };
        let width = usize::from(width);
        // Room beside the position and the mark of more below.
        let room = width.saturating_sub(position.width() + MORE_BELOW.width() + 2);
        let told = if let Some(compose) = &present.compose {
            let confirm = |action| present.keymap.key_for(Context::Confirm, action);
            let mut words = match compose {
                Compose::Asking(_) => {
                    "add a comment to the file? it is the one thing saved from here".to_string()
                }
                Compose::Typing(_, text) => format!("comment: {}▏", clean(text)),
            };
            let keys = match compose {
                Compose::Asking(_) => [
                    (confirm(Action::Confirm), "yes"),
                    (confirm(Action::Close), "no"),
                ],
                Compose::Typing(..) => [(key(Action::Jump), "add"), (key(Action::Quit), "cancel")],
            };
            for (key, what) in keys {
                if let Some(key) = key {
                    words.push_str(&format!(" · {key} {what}"));
                }
            }
            Some(words)
        } else if let Some(typed) = &present.go_to {
            let mut words = format!("go to step: {typed}▏");
            for (action, what) in [(Action::Jump, "go"), (Action::Quit, "cancel")] {
                if let Some(key) = key(action) {
                    words.push_str(&format!(" · {key} {what}"));
                }
            }
            Some(words)
        } else {
            present.notice.as_deref().map(clean)
        };
        let (beside, below) = match told {
            Some(words) if words.width() > room => {
                let lines = wrap(&words, width.saturating_sub(2), 3);
                let lines = lines
                    .into_iter()
                    .map(|line| Span::styled(line, theme::label()));
                (Span::raw(""), lines.collect())
            }
            Some(words) => (Span::styled(words, theme::label()), Vec::new()),
            None => {
                let hint = |action, words| key(action).map(|key| format!("{key} {words}"));
                let parts: Vec<String> = [
                    (Action::Right, "next"),
                    (Action::Left, "back"),
                    (Action::Quit, "leave"),
                    (Action::First, "go to step"),
                    (Action::Comment, "comment"),
                    (Action::Down, "scroll"),
                    (Action::Help, "more keys"),
                ]
                .into_iter()
                .filter_map(|(action, words)| hint(action, words))
                .collect();
                let more = hint(Action::Help, "more keys");
                let all = super::fit_hints(&parts, None, usize::MAX);
                if all.width() <= room {
                    (Span::styled(all, theme::dim()), Vec::new())
                } else {
                    // Not all beside the position: a line of their own, as many as it holds.
                    let hints = super::fit_hints(&parts, more.as_deref(), width.saturating_sub(2));
                    let line = Span::styled(hints.trim().to_string(), theme::dim());
                    (Span::raw(""), vec![line])
                }
            }
        };
        Footer {
            position,
            beside,
            below,
        }
    }

    fn height(&self) -> u16 {
        1 + self.below.len() as u16
    }

    fn lines(self, more_below: bool, width: u16) -> Vec<Line<'static>> {
        let mut position = self.position;
        if more_below {
            position.push_str(MORE_BELOW);
        }
        let gap = usize::from(width).saturating_sub(position.width() + self.beside.content.width());
        let mut lines = vec![Line::from(vec![
            Span::styled(position, theme::dim()),
            Span::raw(" ".repeat(gap)),
            self.beside,
        ])];
        lines.extend(
            self.below
                .into_iter()
                .map(|line| Line::from(vec![Span::raw(" "), line])),
        );
        lines
    }
}

/// A heading: bold, in the label colour.
fn heading(text: &str) -> Line<'static> {
    Line::styled(
        text.to_string(),
        theme::label().add_modifier(Modifier::BOLD),
    )
}

/// Text under a heading, each paragraph wrapped to the width and indented; `—` when empty.
fn paragraphs(text: &str, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).saturating_sub(INDENT.len());
    if text.trim().is_empty() {
        return vec![Line::styled(format!("{INDENT}—"), theme::dim())];
    }
    text.split('\n')
        .flat_map(|paragraph| wrap(paragraph, width, usize::MAX))
        .map(|line| Line::raw(format!("{INDENT}{line}")))
        .collect()
}

/// A line under a heading, dimmed: `none yet`.
fn none(words: &str) -> Line<'static> {
    Line::styled(format!("{INDENT}{words}"), theme::dim())
}

/// The title slide's text: the journey's name, who takes it, what it serves, where it starts
/// and where it should lead, and its KPIs.
fn title_lines(ws: &Workspace, journey: &Journey, width: u16) -> Vec<Line<'static>> {
    let personas: Vec<String> = journey
        .persona_ids
        .iter()
        .filter_map(|id| ws.personas().get(*id))
        .map(|p| p.name.clone())
        .collect();
    let objective = journey
        .objective_id
        .and_then(|id| ws.objectives().get(id))
        .map_or(String::new(), |o| o.title.clone());
    let gaps = ws.journey_gap_count(journey);
    let mut lines = vec![
        Line::styled(
            fit(&clean(&journey.name), usize::from(width)),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::styled(
            fit(
                &format!(
                    "{} step{} · {gaps} gap{}",
                    journey.steps.len(),
                    if journey.steps.len() == 1 { "" } else { "s" },
                    if gaps == 1 { "" } else { "s" }
                ),
                usize::from(width),
            ),
            theme::dim(),
        ),
        Line::raw(""),
    ];
    for (label, text) in [
        ("Personas", personas.join(", ")),
        ("Objective", objective),
        ("Today", journey.current_state.clone()),
        ("Desired", journey.desired_state.clone()),
    ] {
        lines.push(heading(label));
        lines.extend(paragraphs(&text, width));
    }
    let kpis: Vec<&Metric> = ws
        .metrics()
        .iter()
        .filter(|m| m.journey_id == Some(journey.id) && m.step_id.is_none() && m.item_id.is_none())
        .collect();
    if !kpis.is_empty() {
        lines.push(heading("KPIs of the journey"));
        for metric in kpis {
            lines.extend(kpi_lines(metric, width));
        }
    }
    lines
}

/// The journey's emotion curve across the bottom of `body` (when it is tall enough to leave
/// the text room); returns the area left for the text.
fn title_curve(journey: &Journey, frame: &mut Frame, body: Rect) -> Rect {
    if journey.steps.is_empty() || body.height < CURVE_ROWS * 2 {
        return body;
    }
    let [text, _, curve] = Split::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(CURVE_ROWS),
    ])
    .areas(body);
    let [caption, lane, names] = Split::vertical([
        Constraint::Length(1),
        Constraint::Length(5),
        Constraint::Length(NAME_ROWS),
    ])
    .areas(curve);
    frame.render_widget(
        Paragraph::new(heading("How the customer feels, step by step")),
        caption,
    );
    // One slot per step (as many as fit: two columns each at least), its point in the middle.
    let slots = journey.steps.len().min(usize::from(lane.width) / 2).max(1);
    let slot = usize::from(lane.width) / slots;
    let steps: Vec<&Step> = journey.steps.iter().take(slots).collect();
    let centers: Vec<(u16, Option<u8>)> = steps
        .iter()
        .enumerate()
        .map(|(at, step)| {
            (
                lane.x + (at * slot + slot.saturating_sub(1) / 2) as u16,
                step.emotion,
            )
        })
        .collect();
    super::board::render_lane(&centers, frame, lane);
    // Each step's number and name under its point, on as many of the name rows as it needs
    // (a long name wraps rather than being cut while the slot beside it stands empty).
    let rows = usize::from(names.height);
    let wrapped: Vec<Vec<String>> = steps
        .iter()
        .enumerate()
        .map(|(at, step)| {
            let name = format!("{} {}", at + 1, clean(&step.name));
            wrap(&name, slot.saturating_sub(1), rows)
        })
        .collect();
    let labels: Vec<Line> = (0..rows)
        .map(|row| {
            let text: String = (wrapped.iter())
                .map(|lines| {
                    let label = lines.get(row).map_or("", String::as_str);
                    let before = slot.saturating_sub(1).saturating_sub(label.width()) / 2;
                    pad(&format!("{}{label}", " ".repeat(before)), slot)
                })
                .collect();
            Line::styled(text, theme::dim())
        })
        .collect();
    frame.render_widget(Paragraph::new(labels), names);
    text
}

/// A step's slide: its name and emotion, every lane in full, its items by status, its gaps
/// and its KPIs.
fn step_lines(ws: &Workspace, step: &Step, at: usize, width: u16) -> Vec<Line<'static>> {
    let name = format!("{} {}", at + 1, clean(&step.name));
    let dots = format::emotion_dots(step.emotion);
    let name_room = usize::from(width).saturating_sub(dots.width() + 2);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                pad(&name, name_room),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw("  "),
            Span::styled(dots, theme::emotion(step.emotion)),
        ]),
        Line::raw(""),
    ];
    // Every lane, the workspace's own step fields after the built-in ones, an empty one as `—`.
    for (lane, text) in card::step_lanes(ws, step) {
        lines.push(heading(&card::lane_label(lane)));
        lines.extend(paragraphs(text, width));
    }
    lines.push(heading("Items"));
    lines.extend(items_by_status(ws, step, width));
    lines.push(heading("Gaps"));
    let gaps: Vec<String> = ws
        .content_types()
        .iter()
        .filter(|t| ws.cell(step.id, t.id).gap)
        .map(|t| clean(&t.name))
        .collect();
    if gaps.is_empty() {
        lines.push(none(
            "none: every content type mapped here has something available",
        ));
    }
    for gap in gaps {
        lines.push(Line::styled(
            fit(&format!("{INDENT}✗ {gap}"), usize::from(width)),
            theme::gap(),
        ));
    }
    lines.push(heading("KPIs"));
    let kpis: Vec<&Metric> = ws
        .metrics()
        .iter()
        .filter(|m| m.step_id == Some(step.id))
        .collect();
    if kpis.is_empty() {
        lines.push(none("none measured on this step"));
    }
    for metric in kpis {
        lines.extend(kpi_lines(metric, width));
    }
    lines
}

/// The step's items, a group per status (available, in progress, to create), each item with
/// its content type.
fn items_by_status(ws: &Workspace, step: &Step, width: u16) -> Vec<Line<'static>> {
    let mut groups: [(Vec<String>, usize); 3] = Default::default();
    for content_type in ws.content_types() {
        for item in ws.cell_items(step.id, content_type.id) {
            let (listed, count) = &mut groups[Status::ALL
                .iter()
                .position(|s| *s == item.status)
                .unwrap_or(2)];
            *count += 1;
            if listed.len() < ITEMS_LISTED {
                listed.push(format!(
                    "{} · {}",
                    clean(&item.title),
                    clean(&content_type.name)
                ));
            }
        }
    }
    if groups.iter().all(|(_, count)| *count == 0) {
        return vec![none("none yet")];
    }
    let width = usize::from(width);
    let mut lines = Vec::new();
    for (status, (listed, count)) in Status::ALL.into_iter().zip(groups) {
        if count == 0 {
            continue;
        }
        let style = theme::status(status);
        let mark = format::status_mark(status);
        lines.push(Line::styled(
            fit(
                &format!("{INDENT}{mark} {} ({count})", status.words()),
                width,
            ),
            style,
        ));
        let shown = listed.len();
        for item in listed {
            lines.push(Line::raw(fit(&format!("{INDENT}{INDENT}{item}"), width)));
        }
        if count > shown {
            lines.push(none(&format!("{INDENT}and {} more", count - shown)));
        }
    }
    lines
}

/// A KPI: its name, then where it stands against its target and how it moved.
fn kpi_lines(metric: &Metric, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let unit = clean(&metric.unit);
    let figures = format!(
        "{INDENT}{INDENT}{} of {}{}{unit} · {}",
        super::views::number(metric.actual),
        super::views::target(metric),
        if unit.is_empty() { "" } else { " " },
        super::views::progress(metric, 8),
    );
    let mut second = vec![Span::raw(fit(&figures, width))];
    let room = width.saturating_sub(figures.width() + 3);
    if !metric.measurements.is_empty() && room > 0 {
        second.push(Span::raw(" · "));
        second.extend(trend::cell(metric, room));
    }
    vec![
        Line::raw(fit(&format!("{INDENT}{}", clean(&metric.name)), width)),
        Line::from(second),
    ]
}

#[cfg(test)]
mod tests;
