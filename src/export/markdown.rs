//! A Markdown report (CommonMark with GitHub tables) to read on GitHub or in any viewer:
//! objectives, personas, each journey's steps and content map, the calendar by month, metrics
//! against targets and channel budgets.
//!
//! Workspace text never becomes Markdown syntax: [`escape`] backslash-escapes the characters
//! that could start emphasis, code, links, HTML or a table cell (`\`, `` ` ``, `*`, `_`, `[`,
//! `]`, `|`, `#`, `~`), writes `<`, `>` and entity-like `&` as character references, and turns
//! line breaks into `<br>` so that every value stays on its line and in its cell.

use std::fmt::Write as _;

use super::field_text;
use super::{
    BUDGET_LEGEND, CELL_LEGEND, DATED, HEADED, PERSONA_HEADED, Scope, against, by_month, clean,
    filled_columns, filled_fields, is_safe_url, metric_subject, metric_target, metric_value, money,
    one_line, overdue_count, persona_names,
};
use crate::model::format::{cell_text, month_title, overdue_note};
use crate::model::schema::{AnyField, EntityKind, Schema};
use crate::model::{
    Comment, Customised, Date, Gap, Item, Journey, Level, Metric, Persona, Spending, Step,
    Workspace,
};

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
    let ws = scope.ws;
    let mut out = String::new();
    let title = match scope.journeys.as_slice() {
        [journey] if scope.filtered => format!(
            "{} — {}",
            escape(&one_line(ws.name())),
            escape(&one_line(&journey.name))
        ),
        _ => escape(&one_line(ws.name())),
    };
    let _ = writeln!(out, "# {title}\n");
    let gaps: usize = scope.journeys.iter().map(|j| ws.journey_gap_count(j)).sum();
    let _ = writeln!(
        out,
        "Exported from journeymap on {today} · {} · {} · {} · {}\n",
        count(scope.personas().len(), "persona"),
        count(scope.journeys.len(), "journey"),
        count(scope.items.len(), "item"),
        count(gaps, "gap"),
    );

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

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
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
    open_comments(out, [(None, persona.comments.as_slice())]);
}

/// The open comments of entries, as a list under them: `- 💬 ines, 2026-11-29: …`, each
/// naming its entry when the list is about several (`- 💬 on **Test-rides** — ines, …`).
fn open_comments<'a>(
    out: &mut String,
    entries: impl IntoIterator<Item = (Option<&'a str>, &'a [Comment])>,
) {
    let mut any = false;
    for (entry, comments) in entries {
        for comment in comments.iter().filter(|c| !c.resolved) {
            any = true;
            out.push_str("- 💬 ");
            if let Some(entry) = entry {
                let _ = write!(out, "on **{}** — ", escape(&one_line(entry)));
            }
            let _ = writeln!(
                out,
                "{}, {}: {}",
                escape(&one_line(&comment.author)),
                escape(comment.day()),
                escape(&one_line(&comment.text))
            );
        }
    }
    if any {
        out.push('\n');
    }
}

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
    open_comments(out, [(None, journey.comments.as_slice())]);

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
    open_comments(
        out,
        (journey.steps.iter()).map(|step| (Some(step.name.as_str()), step.comments.as_slice())),
    );

    let types = scope.map_types(journey);
    out.push_str("### Content map\n\n");
    if types.is_empty() {
        out.push_str("No content type is mapped on this journey yet.\n\n");
        return;
    }
    out.push_str("| Content type |");
    for (at, step) in journey.steps.iter().enumerate() {
        let _ = write!(out, " {}. {} |", at + 1, escape(&one_line(&step.name)));
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
    open_comments(
        out,
        (types.iter()).map(|t| (Some(t.name.as_str()), t.comments.as_slice())),
    );

    let gaps = ws.journey_gaps(journey);
    if gaps.is_empty() {
        out.push_str("No gaps: every mapped cell has something available.\n\n");
    } else {
        let _ = writeln!(out, "**Gaps ({}):**\n", gaps.len());
        for gap in gaps {
            let step = journey
                .step(gap.step_id)
                .map(|s| s.name.as_str())
                .unwrap_or("");
            let content_type = ws
                .content_types()
                .get(gap.content_type_id)
                .map(|t| t.name.as_str())
                .unwrap_or("");
            let _ = writeln!(
                out,
                "- {} at {}",
                escape(&one_line(content_type)),
                escape(&one_line(step))
            );
        }
        out.push('\n');
    }
}

fn calendar(out: &mut String, scope: &Scope, today: Date) {
    let dated = scope.dated_items();
    let unscheduled = scope.unscheduled_items();
    if dated.is_empty() && unscheduled.is_empty() {
        return;
    }
    out.push_str("## Content & service calendar\n\n");
    if let Some((mark, rest)) = overdue_note(overdue_count(&dated, today), today) {
        let _ = writeln!(out, "{mark} {rest}\n");
    }
    // A column per field of the items, those no item fills left out: the same columns in every
    // month's table. The date leads each row.
    let items: Vec<&Item> = (dated.iter().map(|(_, item)| *item))
        .chain(unscheduled.iter().copied())
        .collect();
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
    for month in by_month(&dated) {
        let _ = writeln!(out, "### {}\n", month_title(month[0].0));
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
    if !unscheduled.is_empty() {
        out.push_str("### Not scheduled yet\n\n");
        head(out);
        super::write_each(out, &unscheduled, |out, item| {
            out.push_str("| — |");
            cells(out, ws, *item, &columns);
        });
        out.push('\n');
    }
    open_comments(
        out,
        (items.iter()).map(|item| (Some(item.title.as_str()), item.comments.as_slice())),
    );
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
    for level in Level::ALL {
        let rows: Vec<_> = metrics.iter().filter(|m| m.level == level).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {}\n", capitalised(level.as_str()));
        out.push_str("| Metric | For | Target | Actual | Against target |\n");
        out.push_str("|---|---|--:|--:|---|\n");
        for metric in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&one_line(&metric.name)),
                escape(&one_line(&metric_subject(scope.ws, metric))),
                escape(&metric_target(metric)),
                escape(&metric_value(metric.actual, &metric.unit)),
                escape(&against(metric)),
            );
        }
        out.push('\n');
    }
    open_comments(
        out,
        (metrics.iter()).map(|m| (Some(m.name.as_str()), m.comments.as_slice())),
    );
    for metric in metrics.iter().filter(|m| !m.measurements.is_empty()) {
        measurements(out, metric);
    }
}

/// A KPI's history: one row per measurement, oldest first.
fn measurements(out: &mut String, metric: &Metric) {
    let _ = writeln!(out, "### {} over time\n", escape(&one_line(&metric.name)));
    out.push_str("| Date | Value | Note |\n|---|--:|---|\n");
    for measurement in &metric.measurements {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            measurement.on,
            escape(&metric_value(Some(measurement.value), &metric.unit)),
            escape(&one_line(&measurement.note)),
        );
    }
    out.push('\n');
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn budgets(out: &mut String, scope: &Scope) {
    if !scope.has_budgets() {
        return;
    }
    let budgets = scope.budgets();
    let currency = scope.ws.currency();
    let amount = |value: f64| escape(&money(value, currency));
    // Over budget stands out in bold; so does every figure of the total.
    let left = |spending: &Spending| match spending.left() {
        None => "—".to_string(),
        Some(left) if spending.over_budget() => format!("**{} over budget**", amount(-left)),
        Some(left) => amount(left),
    };
    let bold = |text: String| {
        if text.starts_with("**") {
            text
        } else {
            format!("**{text}**")
        }
    };
    out.push_str("## Channels and budget\n\n");
    out.push_str("| Channel | Media | Budget | Planned | Spent | Left |\n");
    out.push_str("|---|---|--:|--:|--:|--:|\n");
    for row in &budgets.channels {
        let spending = &row.spending;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&one_line(&row.channel.name)),
            row.channel.media.as_str(),
            amount(row.channel.budget),
            amount(spending.planned()),
            amount(spending.spent()),
            left(spending),
        );
    }
    if let Some(unassigned) = &budgets.unassigned {
        let _ = writeln!(
            out,
            "| *No channel* | — | — | {} | {} | — |",
            amount(unassigned.planned()),
            amount(unassigned.spent()),
        );
    }
    if !scope.filtered {
        let total = &budgets.total;
        let _ = writeln!(
            out,
            "| **Total** | | **{}** | **{}** | **{}** | {} |",
            amount(total.budget().unwrap_or(0.0)),
            amount(total.planned()),
            amount(total.spent()),
            bold(left(total)),
        );
    }
    let _ = writeln!(out, "\n{BUDGET_LEGEND}\n");
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
