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
use crate::model::comments::Commented;
use crate::model::fields::Customised;
use crate::model::schema::{AnyField, EntityKind, FieldKind, Schema, all_fields};
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

/// Which of a step's fields its sections hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lanes {
    /// Every field, as every card shows its entry's (the step's card).
    All,
    /// Its lanes under their short labels: the built-in ones that hold text and the workspace
    /// does not hide, and every one of the workspace's step fields (the zoomed board: its
    /// heading has the name and the emotion, and its compact card says the empty built-in lanes
    /// by leaving them out).
    Filled,
}

/// An entry's fields, every one of them: the built-in ones, then the workspace's own of its
/// kind, each under its label as it reads everywhere ([`FieldValue::shown`]). An amount is
/// followed by the workspace's currency, for a card is read alone, without a column's heading
/// to say it.
///
/// [`FieldValue::shown`]: crate::model::schema::FieldValue::shown
fn field_sections<'a, T: Schema + Customised>(
    ws: &'a Workspace,
    entry: &'a T,
) -> impl Iterator<Item = Section> + 'a {
    all_fields(&ws.contents().fields, T::KIND).map(move |field| match field {
        AnyField::BuiltIn(field) => {
            let shown = (entry.read(field.key))
                .map_or_else(String::new, |v| v.shown(ws, field).into_owned());
            let shown = match field.kind {
                FieldKind::Amount => format!("{shown} {}", ws.currency()),
                _ => shown,
            };
            section(field.label, shown)
        }
        AnyField::Own(own) => section(
            clean(&own.name),
            entry.custom().get(&own.id).unwrap_or_default(),
        ),
    })
}

/// A card of an entry: its fields, then its comments.
fn entry_sections<T: Schema + Customised + Commented>(ws: &Workspace, entry: &T) -> Vec<Section> {
    let mut sections: Vec<Section> = field_sections(ws, entry).collect();
    sections.extend(comments_section(entry.comments()));
    sections
}

/// A step's lanes: its built-in long fields, then every one of the workspace's step fields in
/// their order, each with the step's text (empty where it has none).
pub fn step_lanes<'a>(
    ws: &'a Workspace,
    step: &'a Step,
) -> impl Iterator<Item = (AnyField<'a>, &'a str)> {
    all_fields(&ws.contents().fields, EntityKind::Step).filter_map(move |field| match field {
        AnyField::BuiltIn(built_in) if built_in.kind == FieldKind::Long => {
            Some((field, step.read(built_in.key)?.text()?))
        }
        AnyField::BuiltIn(_) => None,
        AnyField::Own(own) => Some((field, step.custom().get(&own.id).unwrap_or_default())),
    })
}

/// What a lane is headed by where lanes stand side by side: a built-in one's short label
/// (`Pain`), a workspace's field's name.
pub fn lane_label(lane: AnyField) -> Cow<'static, str> {
    match lane {
        AnyField::BuiltIn(field) => Cow::Borrowed(field.short),
        AnyField::Own(own) => Cow::Owned(clean(&own.name)),
    }
}

/// Whether the workspace hides a lane from the board (only built-in ones can be hidden).
pub fn hidden(ws: &Workspace, lane: AnyField) -> bool {
    match lane {
        AnyField::BuiltIn(field) => ws.contents().hidden_lanes.iter().any(|h| h == field.key),
        AnyField::Own(_) => false,
    }
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

/// A persona's card: every field, then its comments.
pub fn persona(ws: &Workspace, id: Id) -> Option<Vec<Section>> {
    Some(entry_sections(ws, ws.personas().get(id)?))
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

/// A step's fields (every one, or its lanes: see [`Lanes`]), its comments, its KPIs and its
/// items: what the step's card and the zoomed board show.
pub fn step_sections(ws: &Workspace, id: Id, lanes: Lanes) -> Vec<Section> {
    let Some(step) = ws.step(id) else {
        return Vec::new();
    };
    let mut sections: Vec<Section> = match lanes {
        Lanes::All => field_sections(ws, step).collect(),
        Lanes::Filled => step_lanes(ws, step)
            .filter(|(lane, text)| match lane {
                AnyField::BuiltIn(_) => !text.trim().is_empty() && !hidden(ws, *lane),
                AnyField::Own(_) => true,
            })
            .map(|(lane, text)| section(lane_label(lane), text))
            .collect(),
    };
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

/// The KPIs measured on a step, one line each: `name actual/target`, the target with its unit
/// as every report says it (`26/40`, `2.1/3%`, `1,180/1,450 EUR`).
pub fn step_metrics(ws: &Workspace, id: Id) -> Vec<String> {
    ws.step_metrics(id)
        .into_iter()
        .map(|m| {
            let actual = m.actual.map_or(format::NOT_SET.to_string(), format::number);
            let target = format::metric_value(m.target, &clean(&m.unit));
            format!("{} {actual}/{target}", clean(&m.name))
        })
        .collect()
}

fn item(ws: &Workspace, id: Id) -> Option<Vec<Section>> {
    Some(entry_sections(ws, ws.items().get(id)?))
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
