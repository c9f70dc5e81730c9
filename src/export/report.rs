//! The report's walk, shared by the Markdown and the HTML export: what each part of the report
//! holds, found by the same lookups in the same order, written once. Each format takes these
//! parts and only writes their markup, escaping the text its own way; so the two reports cannot
//! drift apart in what they say.
//!
//! Every text here is on one line where the report shows it on one line, and not yet escaped.

use std::borrow::Cow;

use super::{
    Scope, against, by_month, metric_subject, metric_target, metric_value, money, one_line,
    overdue_count,
};
use crate::model::comments::Commented;
use crate::model::format::{month_title, overdue_note};
use crate::model::{Comment, Date, Item, Journey, Level, Metric, Spending};

/// The report's title: the workspace's name, and the journey's when only one was asked for.
pub fn title(scope: &Scope) -> String {
    let name = one_line(scope.ws.name());
    match scope.journeys.as_slice() {
        [journey] if scope.filtered => format!("{name} — {}", one_line(&journey.name)),
        _ => name.into_owned(),
    }
}

/// The line under the title: the day of the export and how much the report covers.
pub fn summary(scope: &Scope, today: Date) -> String {
    let ws = scope.ws;
    let gaps: usize = scope.journeys.iter().map(|j| ws.journey_gap_count(j)).sum();
    format!(
        "Exported from journeymap on {today} · {} · {} · {} · {}",
        count(scope.personas().len(), "persona"),
        count(scope.journeys.len(), "journey"),
        count(scope.items.len(), "item"),
        count(gaps, "gap"),
    )
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// How a format marks up a list of open comments: what it writes around the list, around each
/// comment and around the parts of one, and how it escapes text.
pub struct CommentMarks {
    /// Before the first comment and after the last; nothing at all where none is open.
    pub list: (&'static str, &'static str),
    pub comment: (&'static str, &'static str),
    /// Around the name of the comment's entry.
    pub entry: (&'static str, &'static str),
    /// Around the comment's day.
    pub day: (&'static str, &'static str),
    /// Writes text escaped.
    pub escape: fn(&mut String, &str),
    /// Writes a comment's own text, escaped.
    pub text: fn(&mut String, &str),
}

/// The open comments of one entry, as a list under it: `💬 ines, 2026-11-29: …`.
pub fn comments_under(out: &mut String, entry: &impl Commented, marks: &CommentMarks) {
    open_comments(out, [(None, entry.comments())], marks);
}

/// The open comments of several entries, as one list under them, each naming its entry:
/// `💬 on Test-rides — ines, 2026-11-29: …`.
pub fn comments_on<'a, T: Commented + 'a>(
    out: &mut String,
    entries: impl IntoIterator<Item = &'a T>,
    marks: &CommentMarks,
) {
    let named = (entries.into_iter()).map(|entry| (Some(entry.label()), entry.comments()));
    open_comments(out, named, marks);
}

/// The open comments of entries in their order, each naming its entry where one is given.
fn open_comments<'a>(
    out: &mut String,
    entries: impl IntoIterator<Item = (Option<&'a str>, &'a [Comment])>,
    marks: &CommentMarks,
) {
    let mut any = false;
    for (entry, comments) in entries {
        for comment in comments.iter().filter(|c| !c.resolved) {
            if !any {
                out.push_str(marks.list.0);
                any = true;
            }
            out.push_str(marks.comment.0);
            if let Some(entry) = entry {
                out.push_str("on ");
                out.push_str(marks.entry.0);
                (marks.escape)(out, &one_line(entry));
                out.push_str(marks.entry.1);
                out.push_str(" — ");
            }
            (marks.escape)(out, &one_line(&comment.author));
            out.push_str(", ");
            out.push_str(marks.day.0);
            (marks.escape)(out, comment.day());
            out.push_str(marks.day.1);
            out.push_str(": ");
            (marks.text)(out, &comment.text);
            out.push_str(marks.comment.1);
        }
    }
    if any {
        out.push_str(marks.list.1);
    }
}

/// The heading of each step's column in a journey's tables: `2. Test-ride`.
pub fn step_headings(journey: &Journey) -> impl Iterator<Item = String> + '_ {
    (journey.steps.iter())
        .enumerate()
        .map(|(at, step)| format!("{}. {}", at + 1, one_line(&step.name)))
}

/// A gap of a journey as the report lists it: the content type missing at a step.
pub struct GapAt<'a> {
    pub content_type: Cow<'a, str>,
    pub step: Cow<'a, str>,
}

/// A journey's gaps, step by step, each named.
pub fn gaps<'a>(scope: &Scope<'a>, journey: &'a Journey) -> Vec<GapAt<'a>> {
    let ws = scope.ws;
    (ws.journey_gaps(journey).into_iter())
        .map(|gap| GapAt {
            content_type: one_line(
                (ws.content_types().get(gap.content_type_id)).map_or("", |t| t.name.as_str()),
            ),
            step: one_line(journey.step(gap.step_id).map_or("", |s| s.name.as_str())),
        })
        .collect()
}

/// The calendar's items: dated ones by date, then those not scheduled yet.
pub struct Calendar<'a> {
    pub dated: Vec<(Date, &'a Item)>,
    pub unscheduled: Vec<&'a Item>,
    /// The note of how many items are overdue (its mark and its words), when any are.
    pub overdue: Option<(String, String)>,
}

impl<'a> Calendar<'a> {
    /// The calendar of the scope; `None` when it has no item to show.
    pub fn of(scope: &Scope<'a>, today: Date) -> Option<Self> {
        let dated = scope.dated_items();
        let unscheduled = scope.unscheduled_items();
        if dated.is_empty() && unscheduled.is_empty() {
            return None;
        }
        let overdue = overdue_note(overdue_count(&dated, today), today);
        Some(Calendar {
            dated,
            unscheduled,
            overdue,
        })
    }

    /// Every item shown, dated ones first: the fields they fill make the columns, and their
    /// open comments follow the tables.
    pub fn items(&self) -> Vec<&'a Item> {
        (self.dated.iter().map(|(_, item)| *item))
            .chain(self.unscheduled.iter().copied())
            .collect()
    }

    /// The dated items cut into one table a month, each with its title (`November 2026`).
    pub fn months(&self) -> impl Iterator<Item = (String, &[(Date, &'a Item)])> {
        by_month(&self.dated).map(|month| (month_title(month[0].0), month))
    }
}

/// The metrics of each level that has any, in the levels' order, under the level's heading
/// (`Strategic`).
pub fn metrics_by_level<'a>(
    metrics: &[&'a Metric],
) -> impl Iterator<Item = (String, Vec<&'a Metric>)> {
    Level::ALL.into_iter().filter_map(|level| {
        let rows: Vec<&Metric> = metrics
            .iter()
            .copied()
            .filter(|m| m.level == level)
            .collect();
        (!rows.is_empty()).then(|| (capitalised(level.as_str()), rows))
    })
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A metric's row in the metrics' tables: its name, what it is for, its target, its actual and
/// how far apart they are.
pub fn metric_row(scope: &Scope, metric: &Metric) -> [String; 5] {
    [
        one_line(&metric.name).into_owned(),
        one_line(&metric_subject(scope.ws, metric)).into_owned(),
        metric_target(metric),
        metric_value(metric.actual, &metric.unit),
        against(metric),
    ]
}

/// A KPI's history, oldest first: each measurement's day, its value in the unit and its note.
pub fn measurements(metric: &Metric) -> impl Iterator<Item = (Date, String, Cow<'_, str>)> {
    (metric.measurements.iter()).map(|measurement| {
        (
            measurement.on,
            metric_value(Some(measurement.value), &metric.unit),
            one_line(&measurement.note),
        )
    })
}

/// The channels and budget table: a row per channel, one for the items without a channel when
/// they cost something, and the total (none for one journey: a budget is not split by journey).
pub struct BudgetTable<'a> {
    pub channels: Vec<ChannelRow<'a>>,
    /// What the items without a channel plan and spend.
    pub unassigned: Option<Figures>,
    pub total: Option<Figures>,
}

/// A channel's row: its name and media, then its figures.
pub struct ChannelRow<'a> {
    pub name: Cow<'a, str>,
    pub media: &'static str,
    pub figures: Figures,
}

/// A budget's figures in the workspace's currency.
pub struct Figures {
    /// `None` where there is no budget to set (the items without a channel).
    pub budget: Option<String>,
    pub planned: String,
    pub spent: String,
    pub left: Left,
}

/// What is left of a budget.
pub enum Left {
    /// No budget is set.
    Unknown,
    /// More is planned and spent than the budget: by this much.
    Over(String),
    Within(String),
}

impl<'a> BudgetTable<'a> {
    /// The scope's table; `None` when it has no budget section.
    pub fn of(scope: &Scope<'a>) -> Option<Self> {
        if !scope.has_budgets() {
            return None;
        }
        let budgets = scope.budgets();
        let currency = scope.ws.currency();
        let amount = |value: f64| money(value, currency);
        let figures = |budget: f64, spending: &Spending| Figures {
            budget: Some(amount(budget)),
            planned: amount(spending.planned()),
            spent: amount(spending.spent()),
            left: match spending.left() {
                None => Left::Unknown,
                Some(left) if spending.over_budget() => Left::Over(amount(-left)),
                Some(left) => Left::Within(amount(left)),
            },
        };
        Some(BudgetTable {
            channels: (budgets.channels.iter())
                .map(|row| ChannelRow {
                    name: one_line(&row.channel.name),
                    media: row.channel.media.as_str(),
                    figures: figures(row.channel.budget, &row.spending),
                })
                .collect(),
            unassigned: (budgets.unassigned.as_ref()).map(|spending| Figures {
                budget: None,
                planned: amount(spending.planned()),
                spent: amount(spending.spent()),
                left: Left::Unknown,
            }),
            total: (!scope.filtered)
                .then(|| figures(budgets.total.budget().unwrap_or(0.0), &budgets.total)),
        })
    }
}
