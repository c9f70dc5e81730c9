//! Cards: an entry's fields in full, wrapped to the width. The read-only card over the screen,
//! the persona beside the zoomed persona list and each step of the zoomed board are all made
//! of the same sections, so a field reads the same wherever it shows.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, clean, fit, theme, wrap};
use crate::app::{Action, App, Card, Context, Entry, Layout};
use crate::model::fields::{Customised, fields_on};
use crate::model::{Comment, Id, Step, Workspace, format};

/// One field of a card: its label (a built-in field's, or the name a workspace gave its own
/// field) and its text (line breaks kept as paragraphs).
pub struct Section {
    pub label: Cow<'static, str>,
    pub text: String,
}

fn section(label: impl Into<Cow<'static, str>>, text: impl Into<String>) -> Section {
    Section {
        label: label.into(),
        text: text.into(),
    }
}

/// Which of a step's lanes its sections hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lanes {
    /// Every lane, an empty one read `—` (the step's card).
    All,
    /// The built-in lanes that hold text and the workspace does not hide, and every one of the
    /// workspace's step fields (the zoomed board: its compact card says the empty built-in
    /// lanes by leaving them out).
    Filled,
}

/// A step's values of the workspace's step fields, one section each in the fields' order,
/// labelled by the field's name; a field without a value on this step reads `—`.
fn step_field_sections(ws: &Workspace, step: &Step) -> impl Iterator<Item = Section> {
    fields_on(&ws.contents().fields, Step::ON).map(|field| {
        section(
            clean(&field.name),
            step.custom().get(&field.id).unwrap_or_default(),
        )
    })
}

/// How many of a step's items its card lists; the rest are counted (a cell's own list has
/// them all), so a card costs the same in a workspace of a million items.
const ITEMS_LISTED: usize = 50;

/// A card's title and its sections, or `None` when the entry is gone.
pub fn of(ws: &Workspace, entry: Entry) -> Option<(String, Vec<Section>)> {
    match entry {
        Entry::Persona(id) => persona(ws, id).map(|s| {
            let name = ws.personas().get(id).map_or("", |p| p.name.as_str());
            (format!("Persona · {}", clean(name)), s)
        }),
        Entry::Step { id, .. } => ws.step(id).map(|step| {
            (
                format!("Step · {}", clean(&step.name)),
                step_sections(ws, id, Lanes::All),
            )
        }),
        Entry::Item(id) => item(ws, id).map(|s| {
            let title = ws.items().get(id).map_or("", |i| i.title.as_str());
            (format!("Item · {}", clean(title)), s)
        }),
    }
}

/// A persona's fields, every one of them.
pub fn persona(ws: &Workspace, id: Id) -> Option<Vec<Section>> {
    let p = ws.personas().get(id)?;
    let channels: Vec<&str> = p
        .channel_ids
        .iter()
        .filter_map(|c| ws.channels().get(*c))
        .map(|c| c.name.as_str())
        .collect();
    let mut sections = vec![
        section("Name", p.name.as_str()),
        section("Summary", p.summary.as_str()),
        section("Characteristics", p.characteristics.as_str()),
        section("Digital needs", p.needs.as_str()),
        section("Preferences", p.preferences.as_str()),
        section("Challenges", p.challenges.as_str()),
        section("Values", p.values.as_str()),
        section("Channels", channels.join(", ")),
        section("Tags", p.tags.join(", ")),
    ];
    sections.extend(comments_section(&p.comments));
    Some(sections)
}

/// An entry's comments, one a line, open ones first: `ines, 2026-11-29: …`, then the resolved
/// ones marked `✓`; none without comments, so a card without any reads as it always did.
fn comments_section(comments: &[Comment]) -> Option<Section> {
    if comments.is_empty() {
        return None;
    }
    let line = |c: &Comment| format!("{}, {}: {}", c.author, c.day(), c.text);
    let open = comments.iter().filter(|c| !c.resolved).map(line);
    let resolved = (comments.iter().filter(|c| c.resolved)).map(|c| format!("✓ {}", line(c)));
    let text = open.chain(resolved).collect::<Vec<_>>().join("\n");
    Some(section("Comments", text))
}

/// A step's lanes (the built-in ones, then the workspace's step fields), its KPIs and its
/// items: what the zoomed board and the step's card show.
pub fn step_sections(ws: &Workspace, id: Id, lanes: Lanes) -> Vec<Section> {
    let Some(step) = ws.step(id) else {
        return Vec::new();
    };
    let hidden = &ws.contents().hidden_lanes;
    let mut sections: Vec<Section> = [
        ("actions", "Does", step.actions.as_str()),
        ("touchpoints", "Where", step.touchpoints.as_str()),
        ("pain_points", "Pain", step.pain_points.as_str()),
        ("opportunities", "Idea", step.opportunities.as_str()),
        ("notes", "Notes", step.notes.as_str()),
    ]
    .into_iter()
    .filter(|(lane, _, text)| {
        lanes == Lanes::All || (!text.trim().is_empty() && !hidden.iter().any(|h| h == lane))
    })
    .map(|(_, label, text)| section(label, text))
    .collect();
    sections.extend(step_field_sections(ws, step));
    sections.extend(comments_section(&step.comments));
    let metrics: Vec<String> = step_metrics(ws, id);
    if !metrics.is_empty() {
        sections.push(section("KPIs", metrics.join("\n")));
    }
    let mut items = Vec::new();
    let mut count = 0;
    for content_type in ws.content_types() {
        for item in ws.cell_items(id, content_type.id) {
            count += 1;
            if items.len() < ITEMS_LISTED {
                items.push(format!(
                    "{} ({}, {})",
                    item.title,
                    content_type.name,
                    item.status.words()
                ));
            }
        }
    }
    if count > items.len() {
        items.push(format!("and {} more", count - items.len()));
    }
    if !items.is_empty() {
        sections.push(section("Items", items.join("\n")));
    }
    sections
}

/// The KPIs measured on a step, one line each: `name actual/target unit`.
pub fn step_metrics(ws: &Workspace, id: Id) -> Vec<String> {
    ws.metrics()
        .iter()
        .filter(|m| m.step_id == Some(id))
        .map(|m| {
            let value = |v: Option<f64>| v.map_or(format::NOT_SET.to_string(), format::number);
            format!(
                "{} {}/{}{}",
                clean(&m.name),
                value(m.actual),
                value(m.target),
                clean(&m.unit)
            )
        })
        .collect()
}

fn item(ws: &Workspace, id: Id) -> Option<Vec<Section>> {
    let i = ws.items().get(id)?;
    let content_type = ws
        .content_types()
        .get(i.content_type_id)
        .map_or("", |t| t.name.as_str());
    let steps: Vec<&str> = i
        .step_ids
        .iter()
        .filter_map(|s| ws.step(*s))
        .map(|s| s.name.as_str())
        .collect();
    let channel = i
        .channel_id
        .and_then(|c| ws.channels().get(c))
        .map_or("", |c| c.name.as_str());
    let mut sections = vec![
        section("Title", i.title.as_str()),
        section("Type", content_type),
        section("Steps", steps.join(", ")),
        section("Status", i.status.words()),
        section("Owner", i.owner.as_str()),
        section(
            "Available on",
            i.available_on.map_or(String::new(), |d| d.to_string()),
        ),
        section("Channel", channel),
        section(
            "Cost",
            format!("{} {}", format::amount(i.cost), ws.currency()),
        ),
        section("URL", i.url.as_str()),
        section("Notes", i.notes.as_str()),
    ];
    sections.extend(comments_section(&i.comments));
    Some(sections)
}

/// The sections wrapped to `width`, each as `Label: text` with its paragraphs, an empty one as
/// `Label: —`. Stops after `limit` lines: only what can show is wrapped.
pub fn lines(sections: &[Section], width: usize, limit: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for Section { label, text } in sections {
        if out.len() >= limit {
            break;
        }
        let prefix = format!("{label}: ");
        let text = if text.trim().is_empty() { "—" } else { text };
        for (n, paragraph) in text.split('\n').enumerate() {
            let paragraph = if n == 0 {
                format!("{prefix}{paragraph}")
            } else {
                paragraph.to_string()
            };
            let room = limit.saturating_sub(out.len());
            for (k, line) in wrap(&paragraph, width, room).into_iter().enumerate() {
                match line.strip_prefix(prefix.as_str()) {
                    Some(rest) if n == 0 && k == 0 => out.push(Line::from(vec![
                        Span::styled(prefix.clone(), theme::label()),
                        Span::raw(rest.to_string()),
                    ])),
                    _ => out.push(Line::raw(line)),
                }
            }
        }
    }
    out.truncate(limit);
    out
}

/// Draws `sections` in `area` from line `scroll` on, kept inside the text; returns the scroll
/// drawn and whether more lines are below.
pub fn draw_scrolled(
    sections: &[Section],
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) -> (usize, bool) {
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let lines = lines(sections, width, scroll.saturating_add(height + 1));
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let more = lines.len() > scroll + height;
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), area);
    (scroll, more)
}

/// The card over the screen: its entry's fields, scrolled; the hints name the keys.
pub fn render(app: &App, card: &Card, frame: &mut Frame, area: Rect, layout: &mut Layout) {
    let Some((title, sections)) = of(&app.ws, card.entry) else {
        return;
    };
    let popup = centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    super::clear_popup(frame, popup);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            fit(
                &format!(" {title} "),
                usize::from(popup.width.saturating_sub(4)),
            ),
            theme::title(true),
        ));
    let inner = block.inner(popup);
    let (scroll, more) = draw_scrolled(&sections, card.scroll, frame, inner);
    // The scroll marker is news the hints give way to.
    let marker = if more { "· more below ▼ " } else { "" };
    let hints = super::hints(
        app,
        Context::Card,
        &[
            (&[Action::Edit], "edit"),
            (&[Action::Up, Action::Down], "scroll"),
            (&[Action::Close], "close"),
        ],
        super::bar_room(popup.width).saturating_sub(marker.width() as u16),
    );
    let bottom = format!("{hints}{marker}");
    frame.render_widget(
        block.title_bottom(Line::styled(
            fit(&bottom, usize::from(popup.width.saturating_sub(2))),
            theme::dim(),
        )),
        popup,
    );
    layout.offsets.card = scroll;
}
