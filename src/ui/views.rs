//! The full-screen views: gap list, calendar, metrics, channels, objectives, search, palette.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use std::ops::Range;

use super::parts::{frame_block, table};
use super::widths::{Spare, share, visible, widest};
use super::{clean, fit, pad, theme, trend, window, with_comments, wrap};
use crate::app::views::{ViewState, channel_order};
use crate::app::{Action, App, Context, View};
use crate::model::format;
use crate::model::{Attachment, Better, Channel, Media, Metric, Spending};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, view: &ViewState, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    match view {
        ViewState::Gaps(state) => gaps(app, state, frame, area),
        ViewState::Calendar(state) => super::calendar::render(app, state, frame, area),
        ViewState::Inventory(state) => super::inventory::render(app, state, frame, area),
        ViewState::Table(table) => match table.view {
            View::Metrics => metrics(app, table.selected, frame, area),
            View::Channels => channels(app, table.selected, frame, area),
            View::Conflicts => conflicts(app, table.selected, frame, area),
            _ => objectives(app, table.selected, frame, area),
        },
        ViewState::Search(state) => {
            let rows: Vec<(String, String)> = state
                .rows
                .iter()
                .map(|hit| {
                    (
                        format!("{:<12} {}", hit.noun, clean(&hit.label)),
                        format!("{}: {}", clean(&hit.field), clean(&hit.text)),
                    )
                })
                .collect();
            finder(
                app,
                frame,
                area,
                Finder {
                    context: Context::Search,
                    title: " Search everything ",
                    prompt: "/",
                    query: &state.query,
                    rows: &rows,
                    found: Some(state.text()),
                    selected: state.selected,
                    waits: app.search_waits(),
                },
            );
        }
        ViewState::Messages(state) => messages(app, state.selected, frame, area),
        ViewState::Comments(state) => super::comments::render(app, state, frame, area),
        ViewState::Fields(state) => super::fields::render(app, state, frame, area),
        ViewState::Problems(state) => super::problems::render(app, state.selected, frame, area),
        ViewState::Compare(state) => super::compare::render(app, state, frame, area),
        ViewState::Palette(palette) => {
            let state = &palette.finder;
            let rows: Vec<(String, String)> = state
                .rows
                .iter()
                .map(|c| (c.label.clone(), format!("{:<10} {}", c.keys, c.place)))
                .collect();
            finder(
                app,
                frame,
                area,
                Finder {
                    context: Context::Palette,
                    title: " Commands ",
                    prompt: ":",
                    query: &state.query,
                    rows: &rows,
                    found: None,
                    selected: state.selected,
                    waits: false,
                },
            );
        }
    }
}

/// The hints of the tables of metrics, channels and objectives.
fn table_hints(app: &App, context: Context, area: Rect) -> String {
    super::hints(
        app,
        context,
        &[
            (&[Action::Add], "add"),
            (&[Action::Open], "history"),
            (&[Action::Edit], "edit"),
            (&[Action::Delete], "delete"),
            (&[Action::Close], "back"),
        ],
        super::bar_room(area.width),
    )
}

/// The session's messages, newest first, one a line; the selected one in full below.
fn messages(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let back = app
        .keymap
        .hint(Context::Messages, Action::Close, "back")
        .unwrap_or_default();
    let block = frame_block(
        format!(" Messages of this session · {} ", app.messages.len()),
        format!(" newest first · {back} "),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let newest_first = |at: usize| app.messages.len().checked_sub(at + 1);
    let width = usize::from(inner.width);
    let full = newest_first(selected)
        .map(|at| wrap(&app.messages[at].text, width.saturating_sub(2), 3))
        .unwrap_or_default();
    let [list, detail] = Split::vertical([
        Constraint::Fill(1),
        Constraint::Length(full.len() as u16 + 1),
    ])
    .areas(inner);
    table(
        frame,
        list,
        " TIME      MESSAGE",
        app.messages.len(),
        selected,
        |at| {
            let Some(message) = newest_first(at).map(|at| &app.messages[at]) else {
                return Line::raw("");
            };
            Line::raw(fit(
                &format!("{:<9} {}", message.time, clean(&message.text)),
                width.saturating_sub(1),
            ))
        },
    );
    let mut lines = vec![Line::styled("─".repeat(width), theme::dim())];
    lines.extend(full.into_iter().map(|l| Line::raw(format!("  {l}"))));
    frame.render_widget(Paragraph::new(lines), detail);
}

/// The rows a table in `inner` shows (one line is its header), keeping `selected` in view.
fn table_rows(inner: Rect, selected: usize, len: usize) -> Range<usize> {
    visible(
        0,
        selected,
        usize::from(inner.height).saturating_sub(1),
        len,
    )
}

/// Column widths for a table in `inner`, by need: each column as wide as its header or its
/// widest cell shown, and a gap (two before a right-aligned column's neighbour); the spare goes
/// to the column `spare` names.
fn fitted(
    inner: Rect,
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
    spare: usize,
) -> Vec<usize> {
    let needs: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(at, head)| {
            let cells = rows
                .iter()
                .filter_map(|row| row.get(at))
                .map(String::as_str);
            let gap = if right.contains(&at) { 2 } else { 1 };
            widest(cells.chain([*head])) + gap
        })
        .collect();
    // The first column of every row is the selection's marker.
    let width = usize::from(inner.width).saturating_sub(1);
    share(width, &needs, Spare::To(spare))
}

fn cells(texts: &[String], widths: &[usize]) -> String {
    texts
        .iter()
        .zip(widths)
        .map(|(t, w)| pad(t, w.saturating_sub(1)) + " ")
        .collect()
}

/// Like [`cells`], with the columns in `right` aligned right (amounts, so they compare).
fn cells_aligned(texts: &[String], widths: &[usize], right: &[usize]) -> String {
    texts
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(at, (t, w))| {
            let width = w.saturating_sub(2);
            if right.contains(&at) {
                let text = fit(t, width);
                let used = unicode_width::UnicodeWidthStr::width(text.as_str());
                format!("{}{text}  ", " ".repeat(width.saturating_sub(used)))
            } else {
                pad(t, w.saturating_sub(1)) + " "
            }
        })
        .collect()
}

fn gaps(app: &App, state: &crate::app::views::GapsState, frame: &mut Frame, area: Rect) {
    let mut filters = Vec::new();
    if let Some(p) = state.persona.and_then(|id| app.ws.personas().get(id)) {
        filters.push(format!("persona {}", clean(&p.name)));
    }
    if let Some(j) = state.journey.and_then(|id| app.ws.journeys().get(id)) {
        filters.push(format!("journey {}", clean(&j.name)));
    }
    let title = format!(
        " Gaps · {} of {} {}",
        state.rows.len(),
        app.ws.gap_count(),
        if filters.is_empty() {
            String::new()
        } else {
            format!("· {} ", filters.join(", "))
        }
    );
    let block = frame_block(
        title,
        super::hints(
            app,
            Context::Gaps,
            &[
                (&[Action::Jump], "jump to cell"),
                (&[Action::Add], "new item"),
                (&[Action::FilterPersona], "persona filter"),
                (&[Action::Filters], "journey filter"),
                (&[Action::Close], "back"),
            ],
            super::bar_room(area.width),
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shown = table_rows(inner, state.selected, state.rows.len());
    let texts: Vec<Vec<String>> = shown.clone().map(|at| gap_row(app, state, at)).collect();
    let header = ["PERSONA", "JOURNEY", "STEP", "CONTENT TYPE", "IN WORK"];
    let widths = fitted(inner, &header, &texts, &[], 4);
    table(
        frame,
        inner,
        &format!(" {}", cells(&header.map(String::from), &widths)),
        state.rows.len(),
        state.selected,
        |at| Line::raw(cells(&texts[at - shown.start], &widths)),
    );
}

/// A gap's row: the personas, journey, step and content type, and what is in work there.
fn gap_row(app: &App, state: &crate::app::views::GapsState, at: usize) -> Vec<String> {
    let Some(gap) = state.rows.get(&app.ws, at) else {
        return Vec::new();
    };
    let journey = app.ws.journeys().get(gap.journey_id);
    let persona = journey
        .map(|j| {
            j.persona_ids
                .iter()
                .filter_map(|p| app.ws.personas().get(*p))
                .map(|p| clean(&p.name))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let step = app
        .ws
        .step(gap.step_id)
        .map_or(String::new(), |s| clean(&s.name));
    let content_type = app
        .ws
        .content_types()
        .get(gap.content_type_id)
        .map_or(String::new(), |t| clean(&t.name));
    let cell = app.ws.cell(gap.step_id, gap.content_type_id);
    let under_way = format::under_way(cell.in_progress, cell.to_create);
    let works = if under_way.is_empty() {
        "nothing".to_string()
    } else {
        under_way.join(" ")
    };
    vec![
        persona,
        journey.map_or(String::new(), |j| clean(&j.name)),
        step,
        content_type,
        works,
    ]
}

/// A progress bar that reads without colour, the right way round for KPIs where lower is
/// better: `███░░ 24% short`, `█████ met`.
pub fn progress(metric: &Metric, width: usize) -> String {
    match metric.progress() {
        Some(progress) => {
            let filled = ((progress.fill * width as f64).round() as usize).min(width);
            format!(
                "{}{} {}",
                "█".repeat(filled),
                "░".repeat(width - filled),
                progress.words()
            )
        }
        None => format!("{} {}", "·".repeat(width), format::NOT_SET),
    }
}

/// The widest words [`progress`] puts after its bar (`24% short`).
const PROGRESS_WORDS: usize = 9;

/// A metric's target, with `≤` where lower is better (`≤55`: at most 55 is the goal).
pub(super) fn target(metric: &Metric) -> String {
    match (metric.better(), metric.target) {
        (Better::Lower, Some(_)) => format!("≤{}", number(metric.target)),
        _ => number(metric.target),
    }
}

/// A metric's target or actual: [`format::number`], or [`format::NOT_SET`].
pub(super) fn number(value: Option<f64>) -> String {
    value.map_or(format::NOT_SET.into(), format::number)
}

fn metrics(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let count = app.ws.metrics().len();
    let block = frame_block(
        format!(" Metrics (KPIs) · {count} "),
        table_hints(app, Context::Metrics, area),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shown = table_rows(inner, selected, count);
    let texts: Vec<Vec<String>> = shown
        .clone()
        .map(|at| {
            let Some(m) = app.ws.metric_by_level(at) else {
                return Vec::new();
            };
            let attached = match m.attachment() {
                Attachment::Workspace => "workspace".to_string(),
                Attachment::Journey(id) => app
                    .ws
                    .journeys()
                    .get(id)
                    .map_or("?".into(), |j| format!("journey {}", clean(&j.name))),
                Attachment::Step(id) => app
                    .ws
                    .step(id)
                    .map_or("?".into(), |s| format!("step {}", clean(&s.name))),
                Attachment::Item(id) => app
                    .ws
                    .items()
                    .get(id)
                    .map_or("?".into(), |i| format!("item {}", clean(&i.title))),
            };
            vec![
                m.level.as_str().to_string(),
                with_comments(&m.name, &m.comments),
                attached,
                clean(&m.unit),
                target(m),
                number(m.actual),
                // The progress column asks for a bar and its words.
                " ".repeat(PROGRESS_BAR + 1 + PROGRESS_WORDS),
                // The trend column asks for its widest form.
                " ".repeat(trend::ask(m)),
            ]
        })
        .collect();
    // The trend column only while a KPI on screen has measurements.
    let trending = shown.clone().any(|at| {
        app.ws
            .metric_by_level(at)
            .is_some_and(|m| !m.measurements.is_empty())
    });
    let mut header = vec![
        "LEVEL",
        "METRIC",
        "ATTACHED TO",
        "UNIT",
        "TARGET",
        "ACTUAL",
        "PROGRESS",
    ];
    let texts: Vec<Vec<String>> = if trending {
        header.push("TREND");
        texts
    } else {
        texts
            .into_iter()
            .map(|mut row| {
                row.truncate(header.len());
                row
            })
            .collect()
    };
    let right = [4, 5];
    let widths = fitted(inner, &header, &texts, &right, 6);
    let bar = widths[6]
        .saturating_sub(2 + PROGRESS_WORDS)
        .clamp(PROGRESS_BAR_MIN, PROGRESS_BAR_MAX);
    table(
        frame,
        inner,
        &format!(
            " {}",
            cells_aligned(
                &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
                &widths,
                &right
            )
        ),
        count,
        selected,
        |at| {
            let mut texts = texts[at - shown.start].clone();
            let Some(m) = app.ws.metric_by_level(at) else {
                return Line::raw("");
            };
            texts.truncate(7);
            if let Some(last) = texts.last_mut() {
                *last = progress(m, bar);
            }
            let mut spans = vec![Span::raw(cells_aligned(&texts, &widths, &right))];
            if let Some(width) = widths.get(7) {
                spans.extend(trend::cell(m, width.saturating_sub(1)));
            }
            Line::from(spans)
        },
    );
}

/// The progress bar of the metrics table: the width it asks for, and the shortest and the
/// longest it gets (it shrinks before its words are cut).
const PROGRESS_BAR: usize = 6;
const PROGRESS_BAR_MIN: usize = 3;
const PROGRESS_BAR_MAX: usize = 20;

fn channels(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let order = channel_order(&app.ws);
    let budgets = app.ws.budgets();
    let block = frame_block(
        format!(
            " Channels & budget ({}) · {} channels · {} over budget ",
            clean(app.ws.currency()),
            order.len(),
            budgets.over_budget()
        ),
        table_hints(app, Context::Channels, area),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // Every row's figures first, so the amount columns are as wide as their widest figure.
    let figures = |spending: &Spending| {
        [
            spending
                .budget()
                .map_or(format::NOT_SET.into(), format::amount),
            format::amount(spending.planned()),
            format::amount(spending.spent()),
            spending
                .left()
                .map_or(format::NOT_SET.into(), format::amount),
        ]
    };
    let rows: Vec<(&Channel, [String; 4], bool)> = order
        .iter()
        .filter_map(|id| budgets.channels.iter().find(|b| b.channel.id == *id))
        .map(|b| (b.channel, figures(&b.spending), b.spending.over_budget()))
        .collect();
    // Each media's channels summed, then the items without a channel: together, the total.
    let mut footer: Vec<(String, [String; 4])> = Media::ALL
        .iter()
        .zip(&budgets.media)
        .map(|(media, spending)| (format!("{} media", media.as_str()), figures(spending)))
        .collect();
    if let Some(unassigned) = &budgets.unassigned {
        footer.push(("(no channel)".into(), figures(unassigned)));
    }
    footer.push(("Total".into(), figures(&budgets.total)));
    let header = ["BUDGET", "PLANNED", "SPENT", "LEFT"].map(String::from);
    let amount = rows
        .iter()
        .flat_map(|(_, texts, _)| texts)
        .chain(footer.iter().flat_map(|(_, texts)| texts))
        .chain(&header)
        .map(|text| text.width())
        .max()
        .unwrap_or(0);
    // One space between columns, so names keep their room at 80 columns.
    const MEDIA: usize = 6;
    let flag = OVER.width();
    let name = usize::from(inner.width)
        .saturating_sub(1 + MEDIA + 1 + 4 * (amount + 1) + 1 + flag)
        .max(8);
    let line = |media: &str, label: &str, texts: &[String; 4], last: &str| {
        let mut text = format!("{} {}", pad(media, MEDIA), pad(label, name));
        for figure in texts {
            text.push(' ');
            text.push_str(&" ".repeat(amount.saturating_sub(figure.width())));
            text.push_str(&fit(figure, amount));
        }
        text.push(' ');
        text.push_str(last);
        text
    };

    // The channels (selectable), then the items without a channel and the total, which add up
    // to every item's cost.
    let footer_height = footer.len() as u16 + 1 + SPEND_ROWS;
    let list_height =
        (rows.len().max(1) as u16 + 1).min(inner.height.saturating_sub(footer_height));
    let [list, rule, sums, spend] = Split::vertical([
        Constraint::Length(list_height),
        Constraint::Length(1),
        Constraint::Length(footer.len() as u16),
        Constraint::Length(SPEND_ROWS),
    ])
    .areas(inner);
    let head = format!(" {}", line("MEDIA", "CHANNEL", &header, ""));
    table(frame, list, &head, rows.len(), selected, |at| {
        let (channel, texts, over) = &rows[at];
        let flag = if *over { OVER } else { "" };
        let text = line(channel.media.as_str(), &clean(&channel.name), texts, flag);
        if *over {
            Line::styled(text, theme::error())
        } else {
            Line::raw(text)
        }
    });
    frame.render_widget(
        Paragraph::new(Line::styled(
            "─".repeat(usize::from(rule.width)),
            theme::dim(),
        )),
        rule,
    );
    let sums_lines: Vec<Line> = footer
        .iter()
        .enumerate()
        .map(|(at, (label, texts))| {
            let text = format!(" {}", line("", label, texts, ""));
            if at + 1 == footer.len() {
                Line::styled(text, Style::new().add_modifier(Modifier::BOLD))
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(sums_lines), sums);
    frame.render_widget(Paragraph::new(spend_by_month(app, 1 + MEDIA + 1)), spend);
}

/// The lines of the spend-by-month row: a blank, the months, a bar for each.
const SPEND_ROWS: u16 = 3;
/// How many months the spend row shows, from two months before today's.
const SPEND_MONTHS: usize = 12;
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// When money goes out: what the dated items of each month cost (planned and spent), as bars
/// scaled to the dearest month shown, with that month's amount beside.
fn spend_by_month(app: &App, indent: usize) -> Vec<Line<'static>> {
    let from = app.today.add_months(-2).unwrap_or(app.today);
    let months = app.ws.spend_by_month(from, SPEND_MONTHS);
    let peak = months.iter().map(|(_, s)| s.cost()).fold(0.0, f64::max);
    let label = |text: &str| format!("{}{}", " ".repeat(indent), pad(text, 15));
    let mut names = label("spend by month");
    let mut bars = label(&format!("top {}", format::amount(peak)));
    for (month, spending) in &months {
        names.push_str(&format!("{:<4}", &month.month_name()[..3]));
        let bar = if spending.cost() <= 0.0 || peak <= 0.0 {
            '·'
        } else {
            let step = (spending.cost() / peak * (BARS.len() - 1) as f64).round() as usize;
            BARS[step.min(BARS.len() - 1)]
        };
        bars.push_str(&format!("{} ", String::from(bar).repeat(3)));
    }
    vec![Line::raw(""), Line::raw(names), Line::raw(bars)]
}

/// The mark of a channel whose items plan and spend more than its budget.
const OVER: &str = "✗ OVER";

fn objectives(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let block = frame_block(
        format!(" Objectives · {} ", app.ws.objectives().len()),
        table_hints(app, Context::Objectives, area),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let objectives = app.ws.objectives();
    let shown = table_rows(inner, selected, objectives.len());
    let texts: Vec<Vec<String>> = shown
        .clone()
        .filter_map(|at| objectives.at(at))
        .map(|o| {
            // Only as many journeys as can show: an objective may have hundreds, and a row
            // wider than the list is cut anyway.
            let mut journeys: Vec<String> = Vec::new();
            let mut width = 0;
            for j in app.ws.objective_journeys(o.id) {
                if width > usize::from(inner.width) {
                    break;
                }
                let text = format!("{} ({} gaps)", clean(&j.name), app.ws.journey_gap_count(j));
                width += unicode_width::UnicodeWidthStr::width(text.as_str()) + ", ".len();
                journeys.push(text);
            }
            let journeys = if journeys.is_empty() {
                "no journey yet".to_string()
            } else {
                journeys.join(", ")
            };
            vec![clean(&o.title), journeys]
        })
        .collect();
    let header = ["OBJECTIVE", "JOURNEYS (GAPS)"];
    let widths = fitted(inner, &header, &texts, &[], 1);
    table(
        frame,
        inner,
        &format!(" {}", cells(&header.map(String::from), &widths)),
        objectives.len(),
        selected,
        |at| match texts.get(at - shown.start) {
            Some(row) => Line::raw(cells(row, &widths)),
            None => Line::raw(""),
        },
    );
}

fn conflicts(app: &App, selected: usize, frame: &mut Frame, area: Rect) {
    let conflicts = app.ws.conflicts();
    let block = frame_block(
        format!(" Merge conflicts · {} to settle ", conflicts.len()),
        super::hints(
            app,
            Context::Conflicts,
            &[
                (&[Action::KeepOurs], "keep ours"),
                (&[Action::KeepTheirs], "keep theirs"),
                (&[Action::Jump], "go to the entry"),
                (&[Action::Close], "back"),
            ],
            super::bar_room(area.width),
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The list, one line each, and the selected conflict in full below it.
    let detail_rows = 4.min(inner.height.saturating_sub(3));
    let [list, detail] =
        Split::vertical([Constraint::Fill(1), Constraint::Length(detail_rows)]).areas(inner);
    let width = usize::from(list.width);
    let words = |at: usize| {
        clean(&crate::model::diff::describe_conflict(
            &app.ws,
            &conflicts[at],
        ))
    };
    table(
        frame,
        list,
        " WHAT BOTH SIDES CHANGED",
        conflicts.len(),
        selected,
        |at| Line::raw(fit(&words(at), width.saturating_sub(1))),
    );
    if selected < conflicts.len() && detail.height > 0 {
        frame.render_widget(
            Paragraph::new(words(selected))
                .wrap(Wrap { trim: true })
                .block(
                    Block::new()
                        .borders(ratatui::widgets::Borders::TOP)
                        .border_style(theme::dim()),
                ),
            detail,
        );
    }
}

/// What a finder shows: its title and prompt, the query being typed, the matching rows.
struct Finder<'a> {
    context: Context,
    title: &'a str,
    prompt: &'a str,
    query: &'a TextArea<'static>,
    rows: &'a [(String, String)],
    /// What the rows were found by, kept in sight in each row's second part (`field: text`).
    found: Option<&'a str>,
    selected: usize,
    /// The rows are not known yet: what they are found in is still being prepared.
    waits: bool,
}

/// What a finder's bar says before its keys.
const LEAD: &str = " type to filter ·";

fn finder(app: &App, frame: &mut Frame, area: Rect, finder: Finder) {
    let Finder {
        context,
        title,
        prompt,
        query: editor,
        rows,
        found,
        selected,
        waits,
    } = finder;
    let hints = super::hints(
        app,
        context,
        &[
            (&[Action::Up, Action::Down], "choose"),
            (&[Action::Jump], "go"),
            (&[Action::Close], "close"),
        ],
        super::bar_room(area.width).saturating_sub(LEAD.width() as u16),
    );
    let block = frame_block(title.to_string(), format!("{LEAD}{hints}"));
    let query = editor.lines().first().map_or("", String::as_str);
    let (before, after) = query.split_at(
        query
            .char_indices()
            .nth(editor.cursor().1)
            .map_or(query.len(), |(at, _)| at),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{prompt} "), theme::label()),
            Span::raw(clean(before)),
            Span::styled("▏", theme::title(true)),
            Span::raw(clean(after)),
        ]),
        Line::styled(
            if query.is_empty() && prompt == "/" {
                "type a word: personas, journeys, steps, types, items, metrics, channels"
                    .to_string()
            } else if waits {
                "preparing the text to search…".to_string()
            } else {
                format!(
                    "{} match{}",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "es" }
                )
            },
            theme::dim(),
        ),
    ];
    let capacity = usize::from(inner.height).saturating_sub(2);
    let first = window(0, selected, capacity, rows.len());
    // The two parts of a row share the width by what the rows shown need.
    let shown = &rows[first..rows.len().min(first + capacity)];
    let needs = [
        widest(shown.iter().map(|(main, _)| main.as_str())),
        widest(shown.iter().map(|(_, side)| side.as_str())),
    ];
    let left = share(width.saturating_sub(4), &needs, Spare::To(1))[0];
    for (at, (main, side)) in rows.iter().enumerate().skip(first).take(capacity) {
        let marker = if at == selected { "▶ " } else { "  " };
        let room = width.saturating_sub(left + 4);
        let side = match (found, side.split_once(": ")) {
            // `field: text`: the field's name stays, the text keeps the found words in sight.
            (Some(found), Some((field, text))) => {
                let field = format!("{field}: ");
                let rest = super::fit_keeping(text, room.saturating_sub(field.width()), found);
                fit(&format!("{field}{rest}"), room)
            }
            _ => fit(side, room),
        };
        let text = format!("{marker}{}  {side}", pad(main, left));
        let style = if at == selected {
            theme::selected(true)
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
