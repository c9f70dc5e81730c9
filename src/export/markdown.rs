//! A Markdown report (CommonMark with GitHub tables) to read on GitHub or in any viewer:
//! objectives, personas, each journey's steps and content map, the calendar by month, metrics
//! against targets and channel budgets.
//!
//! Workspace text never becomes Markdown syntax: [`escape`] backslash-escapes the characters
//! that could start emphasis, code, links, HTML or a table cell (`\`, `` ` ``, `*`, `_`, `[`,
//! `]`, `|`, `#`, `~`), writes `<`, `>` and entity-like `&` as character references, and turns
//! line breaks into `<br>` so that every value stays on its line and in its cell.

use std::fmt::Write as _;

use super::report::{self, BudgetTable, Calendar, CommentMarks, Figures, Left};
use super::{
    BUDGET_LEGEND, CELL_LEGEND, DATED, HEADED, PERSONA_HEADED, Scope, against, clean, field_text,
    filled_columns, filled_fields, is_safe_url, metric_subject, metric_target, metric_value,
    one_line, persona_names,
};
use crate::model::format::cell_text;
use crate::model::schema::{AnyField, EntityKind, Schema};
use crate::model::{Customised, Date, Gap, Item, Journey, Metric, Persona, Step, Workspace};

/// Markdown of one entry, to copy to the clipboard: the same blocks the report is made of.
pub mod entry {
    use super::*;

    pub fn persona(ws: &Workspace, persona: &Persona) -> String {
        finished(|out| persona_block(out, ws, persona))
    }

    /// A journey's section of the report: its facts, steps and content map.
    pub fn journey(ws: &Workspace, journey: &Journey) -> String {
        finished(|out| journey_section(out, &Scope::new(ws, Some(journey.id)), journey))
    }

    /// The whole report of one journey (its personas, steps, content map, calendar, metrics).
    pub fn journey_report(ws: &Workspace, journey: &Journey, today: Date) -> String {
        render(&Scope::new(ws, Some(journey.id)), today)
    }

    /// A step of a journey: every field it has a value of.
    pub fn step(ws: &Workspace, journey: &Journey, step: &Step) -> String {
        finished(|out| {
            let _ = writeln!(
                out,
                "### {} › {}\n",
                escape(&one_line(&journey.name)),
                escape(&one_line(&step.name))
            );
            fields_table(out, &filled_fields(ws, step, HEADED));
        })
    }

    /// An item: every field it has a value of (what it is, where, when, for how much).
    pub fn item(ws: &Workspace, item: &Item) -> String {
        finished(|out| {
            let _ = writeln!(out, "### {}\n", escape(&one_line(&item.title)));
            fields_table(out, &filled_fields(ws, item, HEADED));
        })
    }

    /// The gap list as the gap view shows it: `shown` gaps of `all`, under the filters in words
    /// (`persona "Commuter Clara"`), one row each with what is already in work in its cell.
    pub fn gaps(ws: &Workspace, shown: &[Gap], all: usize, filters: &[String]) -> String {
        finished(|out| {
            let _ = write!(out, "### Gaps: {} of {all}", shown.len());
            if !filters.is_empty() {
                let _ = write!(out, " ({})", escape(&filters.join(", ")));
            }
            out.push_str("\n\n| Persona | Journey | Step | Content type | In work |\n");
            out.push_str("|---|---|---|---|---|\n");
            for gap in shown {
                let journey = ws.journeys().get(gap.journey_id);
                let personas = journey.map(|j| persona_names(ws, j)).unwrap_or_default();
                let step = ws.step(gap.step_id).map_or("", |s| s.name.as_str());
                let content_type = ws
                    .content_types()
                    .get(gap.content_type_id)
                    .map_or("", |t| t.name.as_str());
                let cell = ws.cell(gap.step_id, gap.content_type_id);
                let in_work = match (cell.in_progress, cell.to_create) {
                    (0, 0) => "nothing".to_string(),
                    (p, 0) => format!("{p} in progress"),
                    (0, c) => format!("{c} to create"),
                    (p, c) => format!("{p} in progress, {c} to create"),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {in_work} |",
                    escape(&one_line(&personas.join(", "))),
                    escape(&one_line(journey.map_or("", |j| j.name.as_str()))),
                    escape(&one_line(step)),
                    escape(&one_line(content_type)),
                );
            }
        })
    }

    /// A KPI: what it measures, its target and actual in its unit, and how far apart they are.
    pub fn metric(ws: &Workspace, metric: &Metric) -> String {
        finished(|out| {
            let _ = writeln!(out, "### {}\n", escape(&one_line(&metric.name)));
            let rows = [
                ("Measures", escape(&one_line(&metric_subject(ws, metric)))),
                ("Level", metric.level.as_str().to_string()),
                ("Unit", escape(&one_line(&metric.unit))),
                ("Target", escape(&metric_target(metric))),
                ("Actual", escape(&metric_value(metric.actual, &metric.unit))),
                ("Against target", escape(&against(metric))),
            ];
            table(out, &rows);
        })
    }

    /// A two-column table of the rows that have something to say; the values are Markdown.
    fn table(out: &mut String, rows: &[(&str, String)]) {
        out.push_str("| | |\n|---|---|\n");
        for (field, value) in rows.iter().filter(|(_, v)| !v.trim().is_empty()) {
            let _ = writeln!(out, "| **{}** | {value} |", escape(&one_line(field)));
        }
    }

    /// What `write` made, ending in exactly one newline.
    fn finished(write: impl FnOnce(&mut String)) -> String {
        let mut out = String::new();
        write(&mut out);
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

pub fn render(scope: &Scope, today: Date) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&report::title(scope)));
    let _ = writeln!(out, "{}\n", report::summary(scope, today));

    objectives(&mut out, scope);
    personas(&mut out, scope);
    for journey in &scope.journeys {
        journey_section(&mut out, scope, journey);
    }
    calendar(&mut out, scope, today);
    metrics(&mut out, scope);
    budgets(&mut out, scope);
    // One final newline, never a blank line at the end.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn objectives(out: &mut String, scope: &Scope) {
    let objectives = scope.objectives();
    if objectives.is_empty() {
        return;
    }
    out.push_str("## Objectives\n\n");
    for objective in objectives {
        let _ = write!(out, "- **{}**", escape(&one_line(&objective.title)));
        if !objective.notes.trim().is_empty() {
            let _ = write!(out, "<br>{}", escape(objective.notes.trim()));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn personas(out: &mut String, scope: &Scope) {
    let personas = scope.personas();
    if personas.is_empty() {
        return;
    }
    out.push_str("## Personas\n\n");
    for persona in personas {
        persona_block(out, scope.ws, persona);
    }
}

/// One persona: its name as a heading, its summary, and a table of its other fields.
fn persona_block(out: &mut String, ws: &Workspace, persona: &Persona) {
    let _ = writeln!(out, "### {}\n", escape(&one_line(&persona.name)));
    if !persona.summary.trim().is_empty() {
        let _ = writeln!(out, "{}\n", escape(persona.summary.trim()));
    }
    fields_table(out, &filled_fields(ws, persona, PERSONA_HEADED));
    report::comments_under(out, persona, &COMMENT_MARKS);
}

/// How the open comments under entries are written: `- 💬 on **Test-rides** — ines, 2026-11-29: …` (the
/// entry named only where the list is about several).
const COMMENT_MARKS: CommentMarks = CommentMarks {
    list: ("", "\n"),
    comment: ("- 💬 ", "\n"),
    entry: ("**", "**"),
    day: ("", ""),
    escape: escape_into,
    text: |out, text| escape_into(out, &one_line(text)),
};

fn journey_section(out: &mut String, scope: &Scope, journey: &Journey) {
    let ws = scope.ws;
    let _ = writeln!(out, "## Journey: {}\n", escape(&one_line(&journey.name)));
    let facts: Vec<String> = filled_fields(ws, journey, HEADED)
        .iter()
        .map(|(field, text)| format!("- **{}:** {}", escape(field.label()), value(text)))
        .collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join("\n"));
    }
    report::comments_under(out, journey, &COMMENT_MARKS);

    if journey.steps.is_empty() {
        out.push_str("This journey has no steps yet.\n\n");
        return;
    }
    out.push_str("### Steps\n\n");
    // A lane per field of the steps (the built-in ones, then the workspace's own), those no
    // step fills left out; the step's name heads its row.
    let steps: Vec<&Step> = journey.steps.iter().collect();
    let lanes = filled_columns(ws, &steps, HEADED);
    out.push_str("| # | Step |");
    header(out, &lanes);
    out.push_str("|--:|---|");
    out.push_str(&"---|".repeat(lanes.len()));
    out.push('\n');
    for (at, step) in steps.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | **{}** |",
            at + 1,
            escape(&one_line(&step.name))
        );
        cells(out, ws, *step, &lanes);
    }
    out.push('\n');
    report::comments_on(out, &journey.steps, &COMMENT_MARKS);

    let types = scope.map_types(journey);
    out.push_str("### Content map\n\n");
    if types.is_empty() {
        out.push_str("No content type is mapped on this journey yet.\n\n");
        return;
    }
    out.push_str("| Content type |");
    for heading in report::step_headings(journey) {
        let _ = write!(out, " {} |", escape(&heading));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(journey.steps.len()));
    out.push('\n');
    for content_type in &types {
        let _ = write!(out, "| {} |", escape(&one_line(&content_type.name)));
        for step in &journey.steps {
            let cell = ws.cell(step.id, content_type.id);
            let words = cell_text(&cell);
            if cell.gap {
                let _ = write!(out, " **{words}** |");
            } else {
                let _ = write!(out, " {words} |");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\n{CELL_LEGEND}\n");
    report::comments_on(out, types.iter().copied(), &COMMENT_MARKS);

    let gaps = report::gaps(scope, journey);
    if gaps.is_empty() {
        out.push_str("No gaps: every mapped cell has something available.\n\n");
    } else {
        let _ = writeln!(out, "**Gaps ({}):**\n", gaps.len());
        for gap in gaps {
            let _ = writeln!(
                out,
                "- {} at {}",
                escape(&gap.content_type),
                escape(&gap.step)
            );
        }
        out.push('\n');
    }
}

fn calendar(out: &mut String, scope: &Scope, today: Date) {
    let Some(calendar) = Calendar::of(scope, today) else {
        return;
    };
    out.push_str("## Content & service calendar\n\n");
    if let Some((mark, rest)) = &calendar.overdue {
        let _ = writeln!(out, "{mark} {rest}\n");
    }
    // A column per field of the items, those no item fills left out: the same columns in every
    // month's table. The date leads each row.
    let items = calendar.items();
    let ws = scope.ws;
    let columns = filled_columns(ws, &items, DATED);
    let head = |out: &mut String| {
        let date = EntityKind::Item.field(DATED[0]).map_or("", |f| f.label);
        let _ = write!(out, "| {date} |");
        header(out, &columns);
        out.push_str("|---|");
        out.push_str(&"---|".repeat(columns.len()));
        out.push('\n');
    };
    for (title, month) in calendar.months() {
        let _ = writeln!(out, "### {title}\n");
        head(out);
        super::write_each(out, month, |out, (date, item)| {
            let overdue = if item.is_overdue(today) {
                " **⚠ overdue**"
            } else {
                ""
            };
            let _ = write!(out, "| {date}{overdue} |");
            cells(out, ws, *item, &columns);
        });
        out.push('\n');
    }
    if !calendar.unscheduled.is_empty() {
        out.push_str("### Not scheduled yet\n\n");
        head(out);
        super::write_each(out, &calendar.unscheduled, |out, item| {
            out.push_str("| — |");
            cells(out, ws, *item, &columns);
        });
        out.push('\n');
    }
    report::comments_on(out, items.iter().copied(), &COMMENT_MARKS);
}

/// The cells of a header row, one per field, headed by its label; ends the row.
fn header(out: &mut String, fields: &[AnyField]) {
    for field in fields {
        let _ = write!(out, " {} |", escape(&one_line(field.label())));
    }
    out.push('\n');
}

/// The cells of an entry's row, one per field's text (made as it is written); ends the row.
fn cells<T: Schema + Customised>(out: &mut String, ws: &Workspace, entry: &T, fields: &[AnyField]) {
    for field in fields {
        out.push(' ');
        value_into(out, &field_text(ws, entry, *field));
        out.push_str(" |");
    }
    out.push('\n');
}

/// An entry's fields as a two-column table, each headed by its label.
fn fields_table(out: &mut String, fields: &[(AnyField, String)]) {
    if fields.is_empty() {
        return;
    }
    out.push_str("| | |\n|---|---|\n");
    for (field, text) in fields {
        out.push_str("| **");
        escape_into(out, &one_line(field.label()));
        out.push_str("** | ");
        value_into(out, text);
        out.push_str(" |\n");
    }
    out.push('\n');
}

/// A field's text as Markdown: a web or mail address as a link, any other text escaped.
fn value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    value_into(&mut out, text);
    out
}

/// [`value`], written onto the end of `out`.
fn value_into(out: &mut String, text: &str) {
    if is_safe_url(text) {
        out.push('<');
        out.push_str(text);
        out.push('>');
    } else {
        escape_into(out, text);
    }
}

fn metrics(out: &mut String, scope: &Scope) {
    let metrics = scope.metrics();
    if metrics.is_empty() {
        return;
    }
    out.push_str("## Metrics\n\n");
    for (heading, rows) in report::metrics_by_level(&metrics) {
        let _ = writeln!(out, "### {heading}\n");
        out.push_str("| Metric | For | Target | Actual | Against target |\n");
        out.push_str("|---|---|--:|--:|---|\n");
        for metric in rows {
            out.push('|');
            cells_of(
                out,
                report::metric_row(scope, metric).map(|cell| escape(&cell)),
            );
        }
        out.push('\n');
    }
    report::comments_on(out, metrics.iter().copied(), &COMMENT_MARKS);
    for metric in metrics.iter().filter(|m| !m.measurements.is_empty()) {
        measurements(out, metric);
    }
}

/// A KPI's history: one row per measurement, oldest first.
fn measurements(out: &mut String, metric: &Metric) {
    let _ = writeln!(out, "### {} over time\n", escape(&one_line(&metric.name)));
    out.push_str("| Date | Value | Note |\n|---|--:|---|\n");
    for (on, value, note) in report::measurements(metric) {
        let _ = writeln!(out, "| {on} | {} | {} |", escape(&value), escape(&note));
    }
    out.push('\n');
}

fn budgets(out: &mut String, scope: &Scope) {
    let Some(table) = BudgetTable::of(scope) else {
        return;
    };
    // The figures' cells: budget, planned, spent, left; over budget stands out in bold.
    let figures = |figures: &Figures| {
        [
            figures.budget.as_deref().map_or("—".to_string(), escape),
            escape(&figures.planned),
            escape(&figures.spent),
            match &figures.left {
                Left::Unknown => "—".to_string(),
                Left::Over(over) => format!("**{} over budget**", escape(over)),
                Left::Within(left) => escape(left),
            },
        ]
    };
    out.push_str("## Channels and budget\n\n");
    out.push_str("| Channel | Media | Budget | Planned | Spent | Left |\n");
    out.push_str("|---|---|--:|--:|--:|--:|\n");
    for row in &table.channels {
        let _ = write!(out, "| {} | {} |", escape(&row.name), row.media);
        cells_of(out, figures(&row.figures));
    }
    if let Some(unassigned) = &table.unassigned {
        out.push_str("| *No channel* | — |");
        cells_of(out, figures(unassigned));
    }
    if let Some(total) = &table.total {
        // Every figure of the total in bold.
        out.push_str("| **Total** | |");
        cells_of(
            out,
            figures(total).map(|cell| match cell.starts_with("**") {
                true => cell,
                false => format!("**{cell}**"),
            }),
        );
    }
    let _ = writeln!(out, "\n{BUDGET_LEGEND}\n");
}

/// The rest of a row: a cell per text (Markdown already); ends the row.
fn cells_of(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for cell in cells {
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

/// Workspace text as literal Markdown: nothing in it can become syntax, and it stays on one
/// line (line breaks become `<br>`; tabs, spaces).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], written onto the end of `out` (a report escapes every value it shows, so the
/// rows are written without a string of their own for each value).
pub fn escape_into(out: &mut String, text: &str) {
    let text = clean(text);
    let special = |b: &u8| {
        matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'|'
                | b'#'
                | b'~'
                | b'<'
                | b'>'
                | b'&'
                | b'\n'
                | b'\t'
        )
    };
    if !text.as_bytes().iter().any(special) {
        out.push_str(&text);
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;")
            }
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_syntax() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(escape("Spoke & Chain &amp;"), "Spoke & Chain &amp;amp;");
        assert_eq!(
            escape("*a* _b_ `c` #d ~e~"),
            "\\*a\\* \\_b\\_ \\`c\\` \\#d \\~e\\~"
        );
    }
}
