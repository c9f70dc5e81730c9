//! One self-contained HTML page: objectives, personas, each journey's board with its emotion
//! curve (inline SVG) and its content map with gaps coloured, the calendar, metrics and budget.
//!
//! Nothing is fetched: the styles are inline, there is no script (the page reads the same with
//! JavaScript off), and a Content-Security-Policy forbids loading anything at all; the only URLs
//! are the items' own links (`http`, `https` and `mailto` only). Every text from the workspace is
//! HTML-escaped, and a print stylesheet lays the report out for paper.
//!
//! It is meant to pass an accessibility audit (axe-core, WCAG 2.1 AA) without serious findings:
//! a wide table scrolls in a region keyboard users can reach and screen readers name, and every
//! header cell has text, hidden from sight where the corner must look empty.

use std::fmt::Write as _;

use super::report::{self, BudgetTable, Calendar, CommentMarks, Figures, Left};
use super::{
    BUDGET_LEGEND, CELL_LEGEND, DATED, HEADED, PERSONA_HEADED, Scope, clean, field_text,
    filled_columns, filled_fields, is_safe_url, metric_target, metric_value, one_line,
};
use crate::model::format::{NOT_SCORED, cell_text};
use crate::model::schema::{AnyField, EntityKind, FieldKind, FieldValue, Schema};
use crate::model::{Date, Item, Journey, Metric, Step, Workspace};

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --gap: #fde2e1; --gap-ink: #8b1a1a; --ok: #e3f4e1; --ok-ink: #1a5e20;
  --wip: #fff3cd; --wip-ink: #6b4e00; --todo: #eef2f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
p, li, dd, dt, td, th, h1, h2, h3, figcaption { unicode-bidi: plaintext; overflow-wrap: break-word; }
.meta, .legend, figcaption, .facts dt { color: var(--muted); }
.legend { font-size: .85rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
a { color: #0b57d0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; }
.scroll:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
table.calendar { table-layout: fixed; }
col.date { width: 7.5em; } col.name { width: 24%; } col.long { width: 17%; } col.num { width: 8.5em; }
table.calendar col:not([class]) { width: 7em; }
td p.legend { margin: .25rem 0 0; font-size: .92em; }
.board th, .board td { min-width: 9rem; }
.board th[scope=row], .map th[scope=row] { min-width: 8rem; }
.map td { text-align: center; white-space: nowrap; }
.cell-gap { background: var(--gap); color: var(--gap-ink); font-weight: 600; }
.cell-ok { background: var(--ok); color: var(--ok-ink); }
.cell-wip { background: var(--wip); color: var(--wip-ink); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: .6rem; font-size: .8rem; white-space: nowrap; }
.status-available { background: var(--ok); color: var(--ok-ink); }
.status-in_progress { background: var(--wip); color: var(--wip-ink); }
.status-to_create { background: var(--todo); }
tr.overdue td { background: #fff5f5; }
.overdue-mark { color: var(--gap-ink); font-weight: 600; }
.over { color: var(--gap-ink); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem; }
.card h3 { margin-top: 0; }
dl { margin: 0; }
dt { font-weight: 600; margin-top: .4rem; }
dd { margin: 0 0 0 .8rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.facts dt, .facts dd { margin: 0; }
figure { margin: .5rem 0 1rem; }
svg.curve { width: 100%; height: auto; max-width: 60rem; }
svg.curve text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg.curve .axis { fill: var(--muted); }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print {
  @page { margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  .scroll { overflow: visible; }
  .journey { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, figure, .card { break-inside: avoid; }
  .board th, .board td { min-width: 0; }
  table.calendar { font-size: 8.5pt; table-layout: auto; }
  table.calendar col:not([class]) { width: auto; }
  table.calendar a[href]::after { overflow-wrap: anywhere; }
  table.calendar th, table.calendar td { padding: .2rem .3rem; }
  table.calendar .badge { font-size: inherit; padding: 0 .2rem; white-space: normal; }
  a { color: inherit; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 85%; color: var(--muted); }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

pub fn render(scope: &Scope, today: Date) -> String {
    let ws = scope.ws;
    let title = report::title(scope);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"generator\" content=\"journeymap\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");

    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}</p>",
        report::summary(scope, today)
    );
    navigation(&mut out, scope);
    out.push_str("</header>\n<main>\n");
    objectives(&mut out, scope);
    personas(&mut out, scope);
    for journey in &scope.journeys {
        journey_section(&mut out, scope, journey);
    }
    calendar(&mut out, scope, today);
    metrics(&mut out, scope);
    budgets(&mut out, scope);
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer>Made with journeymap from the workspace “{}”. Emotion: 1 (awful) to 5 (delighted).</footer>",
        escape(&one_line(ws.name()))
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// Opens a box that scrolls a wide table sideways. Keyboard users reach it with Tab and scroll
/// it with the arrow keys, and a screen reader names it, so it is focusable and labelled.
fn scroll_region(out: &mut String, label: &str) {
    let _ = write!(
        out,
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        escape(label)
    );
}

fn navigation(out: &mut String, scope: &Scope) {
    let mut links = Vec::new();
    if !scope.objectives().is_empty() {
        links.push(("objectives".to_string(), "Objectives".to_string()));
    }
    if !scope.personas().is_empty() {
        links.push(("personas".to_string(), "Personas".to_string()));
    }
    for journey in &scope.journeys {
        links.push((
            format!("journey-{}", journey.id),
            format!("Journey: {}", one_line(&journey.name)),
        ));
    }
    if !scope.dated_items().is_empty() || !scope.unscheduled_items().is_empty() {
        links.push(("calendar".to_string(), "Calendar".to_string()));
    }
    if !scope.metrics().is_empty() {
        links.push(("metrics".to_string(), "Metrics".to_string()));
    }
    if scope.has_budgets() {
        links.push(("budget".to_string(), "Channels and budget".to_string()));
    }
    out.push_str("<nav><ul>");
    for (anchor, words) in links {
        let _ = write!(out, "<li><a href=\"#{anchor}\">{}</a></li>", escape(&words));
    }
    out.push_str("</ul></nav>\n");
}

fn objectives(out: &mut String, scope: &Scope) {
    let objectives = scope.objectives();
    if objectives.is_empty() {
        return;
    }
    out.push_str("<section id=\"objectives\">\n<h2>Objectives</h2>\n<ul>\n");
    for objective in objectives {
        let _ = write!(
            out,
            "<li><strong>{}</strong>",
            escape(&one_line(&objective.title))
        );
        if !objective.notes.trim().is_empty() {
            let _ = write!(out, "<br>{}", lines(objective.notes.trim()));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn personas(out: &mut String, scope: &Scope) {
    let personas = scope.personas();
    if personas.is_empty() {
        return;
    }
    out.push_str("<section id=\"personas\">\n<h2>Personas</h2>\n<div class=\"cards\">\n");
    for persona in personas {
        let _ = writeln!(
            out,
            "<article class=\"card\">\n<h3>{}</h3>",
            escape(&one_line(&persona.name))
        );
        if !persona.summary.trim().is_empty() {
            let _ = writeln!(out, "<p>{}</p>", lines(persona.summary.trim()));
        }
        let fields = filled_fields(scope.ws, persona, PERSONA_HEADED);
        field_list(out, "<dl>", persona, &fields);
        report::comments_under(out, persona, &COMMENT_MARKS);
        out.push_str("</article>\n");
    }
    out.push_str("</div>\n</section>\n");
}

/// An entry's fields as a description list opened by `open`, each under its label.
fn field_list<T: Schema>(out: &mut String, open: &str, entry: &T, fields: &[(AnyField, String)]) {
    if fields.is_empty() {
        return;
    }
    out.push_str(open);
    out.push('\n');
    for (field, text) in fields {
        out.push_str("<dt>");
        escape_into(out, &one_line(field.label()));
        out.push_str("</dt><dd>");
        value_into(out, entry, *field, text);
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
}

fn journey_section(out: &mut String, scope: &Scope, journey: &Journey) {
    let ws = scope.ws;
    let _ = writeln!(
        out,
        "<section class=\"journey\" id=\"journey-{}\">\n<h2>Journey: {}</h2>",
        journey.id,
        escape(&one_line(&journey.name))
    );
    let facts = filled_fields(ws, journey, HEADED);
    field_list(out, "<dl class=\"facts\">", journey, &facts);
    report::comments_under(out, journey, &COMMENT_MARKS);
    if journey.steps.is_empty() {
        out.push_str("<p>This journey has no steps yet.</p>\n</section>\n");
        return;
    }

    out.push_str("<figure>\n");
    out.push_str(&curve(journey));
    out.push_str("<figcaption>Emotion curve: how the customer feels at each step, from 1 (awful) to 5 (delighted).</figcaption>\n</figure>\n");

    out.push_str("<h3>Steps</h3>\n");
    scroll_region(out, &format!("Steps of {}", one_line(&journey.name)));
    // The corner above the field names reads as empty, but a screen reader names it.
    out.push_str("<table class=\"board\">\n<thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Field</span></th>");
    step_heads(out, journey);
    out.push_str("</tr></thead>\n<tbody>\n");
    // A lane per field of the steps (the built-in ones, then the workspace's own), those no
    // step fills left out; the step's name heads its column.
    let steps: Vec<&Step> = journey.steps.iter().collect();
    for lane in filled_columns(ws, &steps, HEADED) {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            escape(&one_line(lane.label()))
        );
        for step in &steps {
            out.push_str("<td>");
            value_into(out, *step, lane, &field_text(ws, *step, lane));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    report::comments_on(out, &journey.steps, &COMMENT_MARKS);

    out.push_str("<h3>Content map</h3>\n");
    let types = scope.map_types(journey);
    if types.is_empty() {
        out.push_str("<p>No content type is mapped on this journey yet.</p>\n</section>\n");
        return;
    }
    scroll_region(out, &format!("Content map of {}", one_line(&journey.name)));
    out.push_str("<table class=\"map\">\n<thead><tr><th scope=\"col\">Content type</th>");
    step_heads(out, journey);
    out.push_str("</tr></thead>\n<tbody>\n");
    for content_type in &types {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} <span class=\"legend\">({})</span></th>",
            escape(&one_line(&content_type.name)),
            content_type.kind.as_str()
        );
        for step in &journey.steps {
            let cell = ws.cell(step.id, content_type.id);
            let class = if !cell.mapped {
                ""
            } else if cell.gap {
                " class=\"cell-gap\""
            } else if cell.available > 0 {
                " class=\"cell-ok\""
            } else {
                " class=\"cell-wip\""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell_text(&cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    let _ = writeln!(out, "<p class=\"legend\">{}</p>", escape(CELL_LEGEND));
    report::comments_on(out, types.iter().copied(), &COMMENT_MARKS);

    let gaps = report::gaps(scope, journey);
    if gaps.is_empty() {
        out.push_str("<p>No gaps: every mapped cell has something available.</p>\n");
    } else {
        let _ = writeln!(out, "<h3>Gaps ({})</h3>\n<ul>", gaps.len());
        for gap in gaps {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> at {}</li>",
                escape(&gap.content_type),
                escape(&gap.step)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The header cells of a journey's steps, one a step (`2. Test-ride`).
fn step_heads(out: &mut String, journey: &Journey) {
    for heading in report::step_headings(journey) {
        out.push_str("<th scope=\"col\">");
        escape_into(out, &heading);
        out.push_str("</th>");
    }
}

/// The emotion curve of a journey as inline SVG: one point per scored step, joined in order (a
/// step without a score breaks the line), with the scores 1–5 as grid lines.
pub fn curve(journey: &Journey) -> String {
    const STEP: f64 = 130.0;
    const LEFT: f64 = 44.0;
    const TOP: f64 = 22.0;
    const PLOT: f64 = 140.0;
    const BOTTOM: f64 = 44.0;
    let steps = journey.steps.len();
    let width = LEFT + STEP * steps as f64 + 10.0;
    let height = TOP + PLOT + BOTTOM;
    let x = |at: usize| LEFT + STEP * (at as f64 + 0.5);
    let y = |score: u8| TOP + PLOT * f64::from(5 - score.clamp(1, 5)) / 4.0;
    let mut svg = String::new();
    let scores: Vec<String> = journey
        .steps
        .iter()
        .map(|s| s.emotion.map_or(NOT_SCORED.into(), |e| e.to_string()))
        .collect();
    let _ = writeln!(
        svg,
        "<svg class=\"curve\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(&format!(
            "Emotion curve of {}: {}",
            one_line(&journey.name),
            journey
                .steps
                .iter()
                .zip(&scores)
                .map(|(s, score)| format!("{} {score}", one_line(&s.name)))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    for score in 1..=5u8 {
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#d1d9e0\" stroke-dasharray=\"{2}\"/><text class=\"axis\" x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{score}</text>",
            y(score),
            width - 10.0,
            if score == 3 { "none" } else { "3 3" },
            LEFT - 8.0,
            y(score) + 4.0
        );
    }
    // The line, broken where a step has no score.
    let mut segment: Vec<String> = Vec::new();
    let mut segments = Vec::new();
    for (at, step) in journey.steps.iter().enumerate() {
        match step.emotion {
            Some(score) => segment.push(format!("{},{}", x(at), y(score))),
            None => segments.push(std::mem::take(&mut segment)),
        }
    }
    segments.push(segment);
    for points in segments.iter().filter(|p| p.len() > 1) {
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
            points.join(" ")
        );
    }
    for (at, step) in journey.steps.iter().enumerate() {
        let name = one_line(&step.name);
        let short = shorten(&name, 20);
        match step.emotion {
            Some(score) => {
                let _ = writeln!(
                    svg,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"#1f2328\"><title>{}</title></circle><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{score}</text>",
                    x(at),
                    y(score),
                    colour(score),
                    escape(&format!("{}. {name}: {score}", at + 1)),
                    x(at),
                    y(score) - 10.0
                );
            }
            None => {
                let _ = writeln!(
                    svg,
                    "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{NOT_SCORED}</text>",
                    x(at),
                    y(3) + 4.0
                );
            }
        }
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\"><title>{}</title>{}. {}</text>",
            x(at),
            TOP + PLOT + 24.0,
            escape(&name),
            at + 1,
            escape(&short)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A colour for a score: red (1) to green (5).
fn colour(score: u8) -> &'static str {
    match score {
        1 => "#e5534b",
        2 => "#f0883e",
        3 => "#f2cc60",
        4 => "#8ccf7e",
        _ => "#3fb950",
    }
}

/// At most `max` characters, cut with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The item fields the HTML calendar shows with the title rather than in columns of their own
/// (the Markdown calendar keeps their columns). A schedule is read by date and title, and an
/// item's link and notes belong to its title: the title is the link, the notes a small
/// paragraph under it. So the table has the columns it needs to read whole on a screen's or a
/// page's width, instead of two more that pushed the notes off to the right.
pub(super) const WITH_THE_TITLE: &[&str] = &["url", "notes"];

fn calendar(out: &mut String, scope: &Scope, today: Date) {
    let Some(calendar) = Calendar::of(scope, today) else {
        return;
    };
    out.push_str("<section id=\"calendar\">\n<h2>Content &amp; service calendar</h2>\n");
    if let Some((mark, rest)) = &calendar.overdue {
        let _ = writeln!(
            out,
            "<p><span class=\"overdue-mark\">{mark}</span> {rest}</p>",
        );
    }
    // A column per field of the items, those no item fills left out: the same columns in every
    // month's table. The date leads each row; the link and the notes go with the title.
    let items = calendar.items();
    let apart: Vec<&str> = DATED.iter().chain(WITH_THE_TITLE).copied().collect();
    let ws = scope.ws;
    let columns = filled_columns(ws, &items, &apart);
    let end = "</tbody>\n</table></div>\n";
    for (title, month) in calendar.months() {
        let _ = writeln!(out, "<h3>{title}</h3>");
        table_head(out, &format!("Calendar, {title}"), &columns);
        super::write_each(out, month, |out, (date, item)| {
            calendar_row(out, ws, Some(*date), item, today, &columns);
        });
        out.push_str(end);
    }
    if !calendar.unscheduled.is_empty() {
        out.push_str("<h3>Not scheduled yet</h3>\n");
        table_head(out, "Calendar, not scheduled yet", &columns);
        super::write_each(out, &calendar.unscheduled, |out, item| {
            calendar_row(out, ws, None, item, today, &columns);
        });
        out.push_str(end);
    }
    report::comments_on(out, items.iter().copied(), &COMMENT_MARKS);
    out.push_str("</section>\n");
}

/// How the open comments under entries are written: `<li>💬 on <strong>Test-rides</strong> — ines, <time>2026-11-29</time>: …</li>` (the
/// entry named only where the list is about several).
const COMMENT_MARKS: CommentMarks = CommentMarks {
    list: (
        "<ul class=\"comments\" aria-label=\"Open comments\">\n",
        "</ul>\n",
    ),
    comment: ("<li>💬 ", "</li>\n"),
    entry: ("<strong>", "</strong>"),
    day: ("<time>", "</time>"),
    escape: escape_into,
    text: |out, text| lines_into(out, text.trim()),
};

/// Opens a table of the calendar: the date, then a column per field.
fn table_head(out: &mut String, label: &str, columns: &[AnyField]) {
    scroll_region(out, label);
    let date = EntityKind::Item.field(DATED[0]).map_or("", |f| f.label);
    out.push_str("<table class=\"calendar\">\n<colgroup><col class=\"date\">");
    for column in columns {
        match column_class(*column) {
            "" => out.push_str("<col>"),
            class => {
                let _ = write!(out, "<col class=\"{class}\">");
            }
        }
    }
    let _ = write!(out, "</colgroup>\n<thead><tr><th scope=\"col\">{date}</th>");
    for column in columns {
        let _ = write!(
            out,
            "<th scope=\"col\"{}>{}</th>",
            numeric(*column),
            escape(&one_line(column.label()))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

/// One row of the calendar: the date (marked when overdue), then the item's fields, each text
/// made as it is written.
fn calendar_row(
    out: &mut String,
    ws: &Workspace,
    date: Option<Date>,
    item: &Item,
    today: Date,
    columns: &[AnyField],
) {
    let overdue = item.is_overdue(today);
    out.push_str(if overdue {
        "<tr class=\"overdue\"><td class=\"num\">"
    } else {
        "<tr><td class=\"num\">"
    });
    match date {
        Some(date) => {
            let _ = write!(out, "{date}");
        }
        None => out.push('—'),
    }
    if overdue {
        out.push_str("<br><span class=\"overdue-mark\">⚠ overdue</span>");
    }
    out.push_str("</td>");
    for column in columns {
        let text = field_text(ws, item, *column);
        out.push_str("<td");
        out.push_str(numeric(*column));
        out.push('>');
        match column {
            AnyField::BuiltIn(field) if field.kind == FieldKind::Name => {
                title_into(out, item, &text);
            }
            _ => value_into(out, item, *column, &text),
        }
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");
}

/// An item's title in the calendar with what goes with it ([`WITH_THE_TITLE`]): a link to the
/// item's URL when it is a safe one, and the notes as a small paragraph under it. An address
/// that is no safe link is shown there as text, so the report still holds it. Written onto the
/// end of `out`.
fn title_into(out: &mut String, item: &Item, text: &str) {
    let url = item.url.trim();
    let linked = is_safe_url(url);
    if linked {
        out.push_str("<a href=\"");
        escape_into(out, url);
        out.push_str("\" rel=\"noopener noreferrer\">");
        escape_into(out, text);
        out.push_str("</a>");
    } else {
        escape_into(out, text);
    }
    let unlinked = if linked { "" } else { url };
    let mut under = [item.notes.trim(), unlinked]
        .into_iter()
        .filter(|text| !text.is_empty());
    if let Some(first) = under.next() {
        out.push_str("<p class=\"legend\">");
        lines_into(out, first);
        for next in under {
            out.push_str("<br>");
            lines_into(out, next);
        }
        out.push_str("</p>");
    }
}

/// How much room a column of the calendar gets, by the kind of its field (the months' tables
/// share one layout): a name or a long text more, an amount or a number what its figure needs.
/// On screen a column's width is also the least it gets, so a workspace with many own item
/// fields gets a table that scrolls in its region rather than words broken letter by letter;
/// on paper, which cannot scroll, the table lays itself out by its text.
fn column_class(field: AnyField) -> &'static str {
    match field {
        AnyField::BuiltIn(f) if f.kind == FieldKind::Name => "name",
        AnyField::BuiltIn(f) if matches!(f.kind, FieldKind::Amount | FieldKind::Number) => "num",
        field if field.is_long() => "long",
        _ => "",
    }
}

/// The class of a cell of a column of figures, aligned right.
fn numeric(field: AnyField) -> &'static str {
    if column_class(field) == "num" {
        " class=\"num\""
    } else {
        ""
    }
}

/// A field's text as HTML: a word of a choice as a badge coloured by it (`status-available`),
/// a web or mail address as a link, any other text escaped with its line breaks. Written onto
/// the end of `out`.
fn value_into<T: Schema>(out: &mut String, entry: &T, field: AnyField, text: &str) {
    if let AnyField::BuiltIn(built_in) = field
        && let FieldKind::Choice(_) = built_in.kind
        && let Some(FieldValue::Word(Some(word))) = entry.read(built_in.key)
    {
        let _ = write!(out, "<span class=\"badge {}-{word}\">", built_in.key);
        escape_into(out, text);
        out.push_str("</span>");
    } else if is_safe_url(text) {
        let url = escape(text);
        let _ = write!(
            out,
            "<a href=\"{url}\" rel=\"noopener noreferrer\">{url}</a>"
        );
    } else {
        lines_into(out, text);
    }
}

fn metrics(out: &mut String, scope: &Scope) {
    let metrics = scope.metrics();
    if metrics.is_empty() {
        return;
    }
    out.push_str("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
    for (heading, rows) in report::metrics_by_level(&metrics) {
        let _ = writeln!(out, "<h3>{heading}</h3>");
        scroll_region(out, &format!("{heading} metrics"));
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">For</th><th scope=\"col\" class=\"num\">Target</th><th scope=\"col\" class=\"num\">Actual</th><th scope=\"col\" class=\"num\">Against target</th></tr></thead>\n<tbody>\n");
        for metric in rows {
            let [name, subject, target, actual, against] = report::metric_row(scope, metric);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&name),
                escape(&subject),
                escape(&target),
                escape(&actual),
                escape(&against),
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    report::comments_on(out, metrics.iter().copied(), &COMMENT_MARKS);
    for metric in metrics.iter().filter(|m| !m.measurements.is_empty()) {
        history(out, metric);
    }
    out.push_str("</section>\n");
}

/// A KPI's history: its measurements as a small line with the target dashed across, and as a
/// table (the figures, for a reader without the picture).
fn history(out: &mut String, metric: &Metric) {
    let name = escape(&one_line(&metric.name));
    let _ = writeln!(out, "<h3>{name} over time</h3>");
    out.push_str(&history_line(metric));
    scroll_region(out, &format!("{} over time", one_line(&metric.name)));
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
    for (on, value, note) in report::measurements(metric) {
        let _ = writeln!(
            out,
            "<tr><td>{on}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&value),
            escape(&note),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// A KPI's measurements as inline SVG: evenly spaced points joined oldest to latest, scaled
/// between the lowest and highest of the values and the target, the target a dashed line.
fn history_line(metric: &Metric) -> String {
    const WIDTH: f64 = 240.0;
    const HEIGHT: f64 = 60.0;
    const PAD: f64 = 6.0;
    let values: Vec<f64> = metric.measurements.iter().map(|m| m.value).collect();
    let (low, high) = values
        .iter()
        .chain(&metric.target)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let span = if high > low { high - low } else { 1.0 };
    let y = |value: f64| PAD + (HEIGHT - 2.0 * PAD) * (high - value) / span;
    let step = (WIDTH - 2.0 * PAD) / (values.len().max(2) - 1) as f64;
    let x = |at: usize| PAD + step * at as f64;
    let label = format!(
        "{} over time: {}{}",
        one_line(&metric.name),
        metric
            .measurements
            .iter()
            .map(|m| format!("{} {}", m.on, metric_value(Some(m.value), &metric.unit)))
            .collect::<Vec<_>>()
            .join(", "),
        metric.target.map_or(String::new(), |_| format!(
            "; target {}",
            metric_target(metric)
        ))
    );
    let mut svg = format!(
        "<svg class=\"history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{}\">\n",
        escape(&label)
    );
    if let Some(target) = metric.target {
        let _ = writeln!(
            svg,
            "<line x1=\"{PAD}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\" stroke=\"#6b7785\" stroke-dasharray=\"4 3\"/>",
            y(target),
            WIDTH - PAD
        );
    }
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(at, value)| format!("{:.1},{:.1}", x(at), y(*value)))
        .collect();
    let _ = writeln!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"2\" stroke-linejoin=\"round\"/>",
        points.join(" ")
    );
    if let Some(last) = points.last() {
        let (cx, cy) = last.split_once(',').unwrap_or_default();
        let _ = writeln!(
            svg,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3\" fill=\"#0b57d0\"/>"
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn budgets(out: &mut String, scope: &Scope) {
    let Some(table) = BudgetTable::of(scope) else {
        return;
    };
    // The figures' cells (budget, planned, spent, left), each a `tag` of figures.
    let figures = |out: &mut String, tag: &str, figures: &Figures| {
        let left = match &figures.left {
            Left::Unknown => "—".to_string(),
            Left::Over(over) => format!("<span class=\"over\">{} over budget</span>", escape(over)),
            Left::Within(left) => escape(left),
        };
        let budget = figures.budget.as_deref().map_or("—".to_string(), escape);
        for cell in [
            budget,
            escape(&figures.planned),
            escape(&figures.spent),
            left,
        ] {
            let _ = write!(out, "<{tag} class=\"num\">{cell}</{tag}>");
        }
    };
    out.push_str("<section id=\"budget\">\n<h2>Channels and budget</h2>\n");
    scroll_region(out, "Channels and budget");
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">Media</th><th scope=\"col\" class=\"num\">Budget</th><th scope=\"col\" class=\"num\">Planned</th><th scope=\"col\" class=\"num\">Spent</th><th scope=\"col\" class=\"num\">Left</th></tr></thead>\n<tbody>\n");
    for row in &table.channels {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td>",
            escape(&row.name),
            row.media
        );
        figures(out, "td", &row.figures);
        out.push_str("</tr>\n");
    }
    if let Some(unassigned) = &table.unassigned {
        out.push_str("<tr><td><em>No channel</em></td><td>—</td>");
        figures(out, "td", unassigned);
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        out.push_str("<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th>");
        figures(out, "th", total);
        out.push_str("</tr></tfoot>\n");
    }
    out.push_str("</table></div>\n");
    let _ = writeln!(out, "<p class=\"legend\">{}</p>", escape(BUDGET_LEGEND));
    out.push_str("</section>\n");
}

/// Text escaped for HTML content and attribute values: `&`, `<`, `>`, `"`, `'`; control
/// characters dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], written onto the end of `out`.
pub fn escape_into(out: &mut String, text: &str) {
    let text = clean(text);
    let mut plain = 0;
    for (at, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        out.push_str(entity);
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

/// Multi-line text escaped, its line breaks as `<br>`.
fn lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    lines_into(&mut out, text);
    out
}

/// [`lines`], written onto the end of `out`.
fn lines_into(out: &mut String, text: &str) {
    let start = out.len();
    escape_into(out, text);
    if out[start..].contains('\n') {
        let broken = out[start..].replace('\n', "<br>");
        out.truncate(start);
        out.push_str(&broken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(lines("a\nb<"), "a<br>b&lt;");
    }
}
