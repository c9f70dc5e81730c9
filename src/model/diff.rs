//! Workspaces in words: the changes between two versions ("persona 'Commuter Chris' added",
//! "step 'Purchase' emotion 3 → 2"), a merge conflict, and a whole workspace as stable text for
//! `git diff` (a text conversion) — one entry per block, one field per line, so that a changed
//! field is one changed line under the entry's name.
//!
//! Lines are plain text; callers printing them to a terminal pass them through
//! [`printable`](crate::text::printable).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::conflict::{COMMENTS, CUSTOM, ConflictKind, MEASUREMENTS, STEP_ORDER};
use super::schema::{self, ATTACHMENT, ATTACHMENT_FIELDS, EntityKind, FieldKind, Schema};
use super::{
    Channel, Comment, Conflict, ContentType, Custom, Date, FieldDef, Id, IdMap, IdSet, Item,
    Journey, Mapping, Measurement, Metric, Objective, Persona, Step, Workspace,
};

/// How a field's value is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    /// A field of the schema, as its kind says: a change to a name is a rename, text is
    /// quoted, a word of a choice as people read it, a date as the file spells it, a reference
    /// by the entry's name, a list as additions and removals, an attachment as what it is
    /// attached to.
    Field(FieldKind),
    /// The workspace's currency (no entry's field, so not in the schema): as the file spells it.
    Word,
    /// A journey's steps in an order: their names (the journey is named already).
    Order,
    /// A field this release does not know: its JSON.
    Unknown,
}

/// The workspace's own fields, in file order: no entry's, so not in the schema.
const WORKSPACE_FIELDS: [&str; 2] = ["name", "currency"];

/// Keys of an entry's JSON that are structure, not fields to compare.
fn structural(kind: &ConflictKind, key: &str) -> bool {
    match kind {
        ConflictKind::Mappings => matches!(key, "step_id" | "content_type_id"),
        // Said one comment at a time (see `comments_diff`), one custom value at a time (see
        // `custom_diff`).
        _ if key == COMMENTS || key == CUSTOM => true,
        ConflictKind::Entry(EntityKind::Journey) => matches!(key, "id" | "steps" | "mappings"),
        // Said one measurement at a time, by date (see `measurements_diff`).
        ConflictKind::Entry(EntityKind::Metric) => matches!(key, "id" | MEASUREMENTS),
        _ => key == "id",
    }
}

/// How a field is named and shown: an entry's by the schema (its word, its kind); the
/// workspace's name and currency and a journey's step order, which are no entry's fields, as
/// written here; anything else as `field 'KEY'`.
fn field_info(kind: &ConflictKind, key: &str) -> (String, Show) {
    let known = match (kind, key) {
        (ConflictKind::Workspace, "name") => Some(("name".into(), Show::Field(FieldKind::Name))),
        (ConflictKind::Workspace, "currency") => Some(("currency".into(), Show::Word)),
        (ConflictKind::Entry(EntityKind::Journey), STEP_ORDER) => {
            Some(("step order".into(), Show::Order))
        }
        _ => (kind.entity().and_then(|entity| entity.field(key)))
            .map(|field| (field.word(), Show::Field(field.kind))),
    };
    known.unwrap_or_else(|| (format!("field {}", quote(key)), Show::Unknown))
}

/// Whether entries of the kind have an attachment (a KPI's), one field of three keys.
fn has_attachment(kind: &ConflictKind) -> bool {
    (kind.entity().and_then(|entity| entity.field(ATTACHMENT))).is_some()
}

/// An attachment's three keys of an entry's JSON as one object (each `null` when absent); `None`
/// for a kind without an attachment. What the diff compares and the merge merges as one.
pub(super) fn attachment_of(kind: &ConflictKind, map: &Map<String, Value>) -> Option<Value> {
    has_attachment(kind).then(|| {
        let part = |key: &str| map.get(key).cloned().unwrap_or(Value::Null);
        Value::Object(
            ATTACHMENT_FIELDS
                .iter()
                .map(|key| (key.to_string(), part(key)))
                .collect(),
        )
    })
}

/// An entry's fields as JSON, an attachment's three keys folded into one [`ATTACHMENT`] field.
fn entry_fields<T: Serialize>(kind: &ConflictKind, entry: &T) -> Map<String, Value> {
    let Ok(Value::Object(mut map)) = serde_json::to_value(entry) else {
        return Map::new();
    };
    if let Some(attachment) = attachment_of(kind, &map) {
        for key in ATTACHMENT_FIELDS {
            map.remove(key);
        }
        map.insert(ATTACHMENT.into(), attachment);
    }
    map
}

/// The keys to compare: known fields first in the schema's order, then unknown ones.
fn compared_keys<'a>(kind: &ConflictKind, maps: &[&'a Map<String, Value>]) -> Vec<&'a str> {
    let own: &[&'static str] = match kind {
        ConflictKind::Workspace => &WORKSPACE_FIELDS,
        _ => &[],
    };
    let schema = kind.entity().map(EntityKind::fields).unwrap_or_default();
    let known: Vec<&'static str> = (own.iter().copied())
        .chain(schema.iter().map(|field| field.key))
        .collect();
    let mut keys: Vec<&str> = (known.iter().copied())
        .filter(|key| maps.iter().any(|m| m.contains_key(*key)))
        .collect();
    let mut unknown: Vec<&str> = maps
        .iter()
        .flat_map(|m| m.keys())
        .map(String::as_str)
        .filter(|k| !structural(kind, k) && !known.contains(k))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    keys.extend(unknown);
    keys
}

/// `'text'`, cut at 60 characters.
fn quote(text: &str) -> String {
    const LONGEST: usize = 60;
    let mut cut: String = text.chars().take(LONGEST).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    format!("'{cut}'")
}

fn number(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_f64() => n.as_f64().map_or(n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Entries that write the same bytes to the file. `==` alone is not that: it takes `0.0` and
/// `-0.0` for equal, which the file (and so the diff and the merge) tells apart. Comparing typed
/// entries this way lets the diff and the merge skip the JSON of every entry no side changed.
pub(super) trait Identical: PartialEq {
    /// The entry's numbers that `==` compares as floats.
    fn floats(&self) -> [Option<f64>; 2] {
        [None, None]
    }

    fn identical(&self, other: &Self) -> bool {
        let bits = |floats: [Option<f64>; 2]| floats.map(|f| f.map(f64::to_bits));
        self == other && bits(self.floats()) == bits(other.floats())
    }
}

impl Identical for Objective {}
impl Identical for Persona {}
impl Identical for ContentType {}
impl Identical for Journey {}
impl Identical for Step {}
impl Identical for Channel {
    fn floats(&self) -> [Option<f64>; 2] {
        [Some(self.budget), None]
    }
}
impl Identical for Item {
    fn floats(&self) -> [Option<f64>; 2] {
        [Some(self.cost), None]
    }
}
impl Identical for Metric {
    fn floats(&self) -> [Option<f64>; 2] {
        [self.target, self.actual]
    }

    fn identical(&self, other: &Self) -> bool {
        let bits = |floats: [Option<f64>; 2]| floats.map(|f| f.map(f64::to_bits));
        let values = |m: &Measurement| m.value.to_bits();
        self == other
            && bits(self.floats()) == bits(other.floats())
            && (self.measurements.iter().map(values)).eq(other.measurements.iter().map(values))
    }
}

/// The name of any entry, quoted; a step's with its journey; an unknown id as it is.
fn name_of(ws: &Workspace, id: Id) -> String {
    match (schema::name_of(ws, id), ws.journey_of_step(id)) {
        (Some(step), Some(journey)) => format!("{} ({})", quote(&step), quote(&journey.name)),
        (Some(name), None) => quote(&name),
        (None, _) => id.to_string(),
    }
}

fn id_in(value: &Value) -> Option<Id> {
    value.as_str()?.parse().ok()
}

/// A value in words; `None` when it is empty.
fn show(ws: &Workspace, how: Show, value: &Value) -> Option<String> {
    use FieldKind as K;
    match (how, value) {
        (Show::Field(K::Attachment), _) => {
            let part = |key: &str| value.get(key).and_then(id_in);
            return Some(
                match (part("item_id"), part("step_id"), part("journey_id")) {
                    (Some(item), _, _) => format!("item {}", name_of(ws, item)),
                    (None, Some(step), _) => format!("step {}", name_of(ws, step)),
                    (None, None, Some(journey)) => format!("journey {}", name_of(ws, journey)),
                    (None, None, None) => "the workspace".into(),
                },
            );
        }
        // A choice the file leaves out reads as its first word, the default: only a KPI's
        // direction is ever left out, and reads as higher.
        (Show::Field(K::Choice(words)), Value::Null) => {
            return words.first().map(|w| w.to_string());
        }
        _ if is_empty(value) => return None,
        _ => {}
    }
    Some(match (how, value) {
        (Show::Field(kind), Value::String(text)) if kind.is_text() => quote(text),
        (Show::Field(K::Choice(_)), Value::String(word)) => schema::choice_word(word),
        (Show::Field(K::Date) | Show::Word, Value::String(text)) => text.clone(),
        (Show::Field(K::Amount | K::Number | K::Score), value) => number(value),
        (Show::Field(K::Ref(_)), value) => {
            id_in(value).map_or_else(|| value.to_string(), |id| name_of(ws, id))
        }
        (Show::Order, Value::Array(list)) => list
            .iter()
            .map(|v| {
                id_in(v)
                    .and_then(|id| ws.step(id))
                    .map_or_else(|| v.to_string(), |step| quote(&step.name))
            })
            .collect::<Vec<_>>()
            .join(", "),
        (Show::Field(kind @ (K::Refs(_) | K::Tags)), Value::Array(list)) => list
            .iter()
            .map(|v| match (kind, v) {
                (K::Refs(_), v) => id_in(v).map_or_else(|| v.to_string(), |id| name_of(ws, id)),
                (_, Value::String(text)) => quote(text),
                (_, v) => v.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        (_, value) => {
            let text = value.to_string();
            let cut: String = text.chars().take(60).collect();
            if cut.len() < text.len() {
                format!("{cut}…")
            } else {
                text
            }
        }
    })
}

/// One field's change in words: `emotion 3 → 2`, `renamed to 'X'`, `channels +'Search'`.
fn field_change(
    word: &str,
    how: Show,
    (old_ws, old): (&Workspace, &Value),
    (new_ws, new): (&Workspace, &Value),
) -> String {
    match how {
        Show::Field(FieldKind::Name) => {
            let text = Show::Field(FieldKind::Line);
            return format!(
                "renamed to {}",
                show(new_ws, text, new).unwrap_or("''".into())
            );
        }
        Show::Field(kind) if kind.is_set() => {
            let empty = Vec::new();
            let list = |v: &Value| v.as_array().unwrap_or(&empty).clone();
            let (old_list, new_list) = (list(old), list(new));
            let mut parts = Vec::new();
            for (sign, from, to, ws) in [
                ('+', &new_list, &old_list, new_ws),
                ('−', &old_list, &new_list, old_ws),
            ] {
                for value in from.iter().filter(|v| !to.contains(v)) {
                    let shown = show(ws, how, &Value::Array(vec![value.clone()]));
                    parts.push(format!("{sign}{}", shown.unwrap_or_default()));
                }
            }
            if parts.is_empty() {
                return format!("{word} reordered");
            }
            return format!("{word} {}", parts.join(" "));
        }
        Show::Field(FieldKind::Attachment) => {
            return format!("attached to {}", show(new_ws, how, new).unwrap_or_default());
        }
        _ => {}
    }
    match (show(old_ws, how, old), show(new_ws, how, new)) {
        (None, Some(new)) => format!("{word} {new}"),
        (Some(_), None) => format!("{word} cleared"),
        (Some(old), Some(new)) if old != new => format!("{word} {old} → {new}"),
        _ => format!("{word} changed"),
    }
}

/// The changes of one entry's fields.
fn entry_changes(
    kind: &ConflictKind,
    (old_ws, old): (&Workspace, &Map<String, Value>),
    (new_ws, new): (&Workspace, &Map<String, Value>),
) -> Vec<String> {
    let mut changes = Vec::new();
    for key in compared_keys(kind, &[old, new]) {
        let (o, n) = (
            old.get(key).unwrap_or(&Value::Null),
            new.get(key).unwrap_or(&Value::Null),
        );
        if o == n {
            continue;
        }
        let (word, how) = field_info(kind, key);
        if how == Show::Unknown && old.get(key).is_some() && new.get(key).is_none() {
            changes.push(format!("{word} removed"));
        } else {
            changes.push(field_change(&word, how, (old_ws, o), (new_ws, n)));
        }
    }
    changes
}

/// Which of the ids both orders hold were moved: those off a longest run kept in order.
fn moved(old: &[Id], new: &[Id]) -> IdSet<Id> {
    let old_at: IdMap<Id, usize> = old.iter().enumerate().map(|(at, id)| (*id, at)).collect();
    let common: Vec<(Id, usize)> = new
        .iter()
        .filter_map(|id| old_at.get(id).map(|at| (*id, *at)))
        .collect();
    // Longest increasing subsequence of old positions, in new order (patience sorting).
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; common.len()];
    for (i, (_, at)) in common.iter().enumerate() {
        let slot = tails.partition_point(|t| common[*t].1 < *at);
        if slot > 0 {
            before[i] = Some(tails[slot - 1]);
        }
        if slot == tails.len() {
            tails.push(i);
        } else {
            tails[slot] = i;
        }
    }
    let mut kept = IdSet::default();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept.insert(common[i].0);
        at = before[i];
    }
    common
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !kept.contains(id))
        .collect()
}

/// Where an entry now is: `after 'X'`, or `{start}` (`at the start`, `to the start`).
fn place<T: Schema>(rows: &[&T], at: usize, start: &str) -> String {
    match at.checked_sub(1).and_then(|before| rows.get(before)) {
        Some(before) => format!("after {}", quote(before.label())),
        None => start.into(),
    }
}

/// What to say about one kind of entry beyond its fields.
struct Rows<'a, T> {
    prefix: &'a str,
    old: Vec<&'a T>,
    new: Vec<&'a T>,
    /// Said of an added or deleted entry (`with 6 steps`).
    summary: fn(&T) -> String,
    /// Where an added entry went is worth saying (steps are a sequence).
    say_place: bool,
}

fn rows_diff<T: Schema + Identical>(
    out: &mut Vec<String>,
    rows: Rows<T>,
    (old_ws, new_ws): (&Workspace, &Workspace),
    mut inner: impl FnMut(&mut Vec<String>, &T, &T),
) {
    let Rows {
        prefix,
        old,
        new,
        summary,
        say_place,
    } = rows;
    let (kind, noun) = (&ConflictKind::Entry(T::KIND), T::NOUN);
    // Most often the ids stand in the same order on both sides (only fields changed): then
    // each entry's old version is the one at its place (ids are unique in a workspace that
    // loads), and nothing was added, deleted or moved, without a lookup by id.
    let same_ids = (old.iter().map(|row| row.id())).eq(new.iter().map(|row| row.id()));
    let (old_index, moved): (IdMap<Id, &T>, IdSet<Id>) = if same_ids {
        Default::default()
    } else {
        let new_ids: IdSet<Id> = new.iter().map(|row| row.id()).collect();
        for &row in old.iter().filter(|row| !new_ids.contains(&row.id())) {
            out.push(format!(
                "{prefix}{noun} {} deleted{}",
                quote(row.label()),
                summary(row)
            ));
        }
        let old_ids: Vec<Id> = old.iter().map(|row| row.id()).collect();
        let new_order: Vec<Id> = new.iter().map(|row| row.id()).collect();
        (
            old.iter().map(|&row| (row.id(), row)).collect(),
            moved(&old_ids, &new_order),
        )
    };
    for (at, &row) in new.iter().enumerate() {
        let before = if same_ids {
            old.get(at)
        } else {
            old_index.get(&row.id())
        };
        let Some(before) = before else {
            let placed = if say_place {
                format!(" {}", place(&new, at, "at the start"))
            } else {
                String::new()
            };
            out.push(format!(
                "{prefix}{noun} {} added{placed}{}",
                quote(row.label()),
                summary(row)
            ));
            continue;
        };
        // Most entries are unchanged: compare them typed, not as JSON.
        let identical = before.identical(row);
        let mut remarks = Vec::new();
        let mut changes = if identical {
            Vec::new()
        } else {
            let (was, now) = (entry_fields(kind, *before), entry_fields(kind, row));
            let entry = format!("{noun} {}", quote(row.label()));
            comments_diff(&mut remarks, prefix, &entry, [&was, &now]);
            custom_diff(&mut remarks, prefix, &entry, [&was, &now], new_ws);
            entry_changes(kind, (old_ws, &was), (new_ws, &now))
        };
        if moved.contains(&row.id()) {
            changes.push(format!("moved {}", place(&new, at, "to the start")));
        }
        if !changes.is_empty() {
            out.push(format!(
                "{prefix}{noun} {} {}",
                quote(before.label()),
                changes.join(", ")
            ));
        }
        out.append(&mut remarks);
        if !identical {
            inner(out, before, row);
        }
    }
}

/// The comments of one entry as the entry's JSON holds them (none when they cannot be read).
fn comments_in(fields: &Map<String, Value>) -> Vec<Comment> {
    fields
        .get(COMMENTS)
        .and_then(|comments| super::from_tree(comments).ok())
        .unwrap_or_default()
}

/// What became of an entry's comments, one line each: `ines commented on step 'Test-rides':
/// 'Only Saturdays?'`, `comment by ines on … resolved: '…'` (reopened, edited, deleted).
fn comments_diff(
    out: &mut Vec<String>,
    prefix: &str,
    entry: &str,
    [was, now]: [&Map<String, Value>; 2],
) {
    let (olds, news) = (comments_in(was), comments_in(now));
    let by = |c: &Comment| format!("{prefix}comment by {} on {entry}", c.author);
    for gone in olds.iter().filter(|o| !news.iter().any(|n| n.id == o.id)) {
        out.push(format!("{} deleted: {}", by(gone), quote(&gone.text)));
    }
    for comment in &news {
        let Some(old) = olds.iter().find(|o| o.id == comment.id) else {
            out.push(format!(
                "{prefix}{} commented on {entry}: {}",
                comment.author,
                quote(&comment.text)
            ));
            continue;
        };
        if old.text != comment.text {
            out.push(format!(
                "{} edited: {} → {}",
                by(comment),
                quote(&old.text),
                quote(&comment.text)
            ));
        }
        if old.resolved != comment.resolved {
            let how = if comment.resolved {
                "resolved"
            } else {
                "reopened"
            };
            out.push(format!("{} {how}: {}", by(comment), quote(&comment.text)));
        } else if old.text == comment.text && old != comment {
            out.push(format!("{} changed", by(comment)));
        }
    }
}

/// An entry's values of the workspace's fields as the entry's JSON holds them (none when they
/// cannot be read).
fn custom_in(fields: &Map<String, Value>) -> Custom {
    fields
        .get(CUSTOM)
        .and_then(|custom| super::from_tree(custom).ok())
        .unwrap_or_default()
}

/// What became of an entry's values of the workspace's fields, one line each: `Backstage of
/// step 'Test-rides': 'Mechanic on call' → 'Two mechanics'` (set, cleared). A field is named as
/// the new workspace names it (its id when it has no such field).
fn custom_diff(
    out: &mut Vec<String>,
    prefix: &str,
    entry: &str,
    [was, now]: [&Map<String, Value>; 2],
    ws: &Workspace,
) {
    let (olds, news) = (custom_in(was), custom_in(now));
    let ids = olds.iter().map(|(id, _)| id).chain(
        news.iter()
            .map(|(id, _)| id)
            .filter(|id| olds.get(id).is_none()),
    );
    for id in ids {
        let change = match (olds.get(id), news.get(id)) {
            (Some(old), Some(new)) if old != new => format!("{} → {}", quote(old), quote(new)),
            (Some(_), None) => "cleared".to_string(),
            (None, Some(new)) => quote(new),
            _ => continue,
        };
        out.push(format!(
            "{prefix}{} of {entry}: {change}",
            field_name(ws, id)
        ));
    }
}

/// A custom field by its name in `ws`, or by its id when `ws` has no such field.
fn field_name(ws: &Workspace, id: &str) -> String {
    ws.contents()
        .fields
        .iter()
        .find(|f| f.id == id)
        .map_or_else(|| format!("field {}", quote(id)), |f| f.name.clone())
}

/// A field definition in words: `field 'Backstage' on steps`.
fn field_words(field: &FieldDef) -> String {
    format!(
        "field {} on {}s",
        quote(&field.name),
        field.on.replace('_', " ")
    )
}

/// What became of the workspace's field definitions: `field 'Backstage' on steps added`,
/// renamed, changed, removed (by id).
fn fields_diff(out: &mut Vec<String>, old: &[FieldDef], new: &[FieldDef]) {
    let words = field_words;
    for gone in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        out.push(format!("{} removed", words(gone)));
    }
    for field in new {
        match old.iter().find(|o| o.id == field.id) {
            None => out.push(format!("{} added", words(field))),
            Some(before) if before.name != field.name => out.push(format!(
                "{} renamed to {}",
                words(before),
                quote(&field.name)
            )),
            Some(before) if before != field => out.push(format!("{} changed", words(field))),
            Some(_) => {}
        }
    }
    let order = |list: &[FieldDef]| -> Vec<String> {
        list.iter()
            .filter(|f| old.iter().any(|o| o.id == f.id) && new.iter().any(|n| n.id == f.id))
            .map(|f| f.id.clone())
            .collect()
    };
    if order(old) != order(new) {
        out.push("fields reordered".into());
    }
}

/// The step lanes hidden or shown again.
fn lanes_diff(out: &mut Vec<String>, old: &[String], new: &[String]) {
    for lane in new.iter().filter(|l| !old.contains(l)) {
        out.push(format!("lane {lane} hidden"));
    }
    for lane in old.iter().filter(|l| !new.contains(l)) {
        out.push(format!("lane {lane} shown"));
    }
}

fn no_summary<T>(_: &T) -> String {
    String::new()
}

fn metric_summary(metric: &Metric) -> String {
    match metric.measurements.len() {
        0 => String::new(),
        1 => " with 1 measurement".into(),
        n => format!(" with {n} measurements"),
    }
}

/// A measurement's value and note in words: `2.3`, `2.3 ('after the spring campaign')`.
fn measurement_words(measurement: &Measurement) -> String {
    if measurement.note.is_empty() {
        measurement.value.to_string()
    } else {
        format!("{} ({})", measurement.value, quote(&measurement.note))
    }
}

/// A metric's measurements, date by date: `measurement of metric 'Conversion rate' on
/// 2026-11-01: 2.1 → 2.3`, `… added: 2.3`, `… deleted (was 2.3)`.
fn measurements_diff(out: &mut Vec<String>, before: &Metric, after: &Metric) {
    let olds: HashMap<Date, &Measurement> = before.measurements.iter().map(|m| (m.on, m)).collect();
    let news: HashSet<Date> = after.measurements.iter().map(|m| m.on).collect();
    let named = |on: Date| format!("measurement of metric {} on {on}", quote(&after.name));
    for gone in before.measurements.iter().filter(|m| !news.contains(&m.on)) {
        out.push(format!(
            "{} deleted (was {})",
            named(gone.on),
            measurement_words(gone)
        ));
    }
    for now in &after.measurements {
        match olds.get(&now.on) {
            None => out.push(format!(
                "{} added: {}",
                named(now.on),
                measurement_words(now)
            )),
            Some(was) if was.value.to_bits() != now.value.to_bits() || was.note != now.note => {
                out.push(format!(
                    "{}: {} → {}",
                    named(now.on),
                    measurement_words(was),
                    measurement_words(now)
                ));
            }
            Some(was) if *was != now => out.push(format!("{} changed", named(now.on))),
            Some(_) => {}
        }
    }
}

fn journey_summary(journey: &Journey) -> String {
    match journey.steps.len() {
        0 => String::new(),
        1 => " with 1 step".into(),
        n => format!(" with {n} steps"),
    }
}

/// The name of a mapping's content type and step, for lines about it.
fn mapping_words(ws: &Workspace, journey: &Journey, mapping: &Mapping) -> (String, String) {
    let content_type = ws
        .content_types()
        .get(mapping.content_type_id)
        .map_or_else(|| mapping.content_type_id.to_string(), |t| quote(&t.name));
    let step = journey
        .step(mapping.step_id)
        .map_or_else(|| mapping.step_id.to_string(), |s| quote(&s.name));
    (content_type, step)
}

fn mappings_diff(
    out: &mut Vec<String>,
    prefix: &str,
    (old_ws, old): (&Workspace, &Journey),
    (new_ws, new): (&Workspace, &Journey),
) {
    let key = |m: &Mapping| (m.step_id, m.content_type_id);
    let find = |list: &'_ [Mapping], m: &Mapping| list.iter().position(|x| key(x) == key(m));
    for mapping in old
        .mappings
        .iter()
        .filter(|m| find(&new.mappings, m).is_none())
    {
        let (content_type, step) = mapping_words(old_ws, old, mapping);
        out.push(format!("{prefix}{content_type} unmapped from step {step}"));
    }
    for mapping in &new.mappings {
        let (content_type, step) = mapping_words(new_ws, new, mapping);
        match find(&old.mappings, mapping) {
            None => out.push(format!("{prefix}{content_type} mapped onto step {step}")),
            Some(at) => {
                let changes = entry_changes(
                    &ConflictKind::Mappings,
                    (
                        old_ws,
                        &entry_fields(&ConflictKind::Mappings, &old.mappings[at]),
                    ),
                    (new_ws, &entry_fields(&ConflictKind::Mappings, mapping)),
                );
                if !changes.is_empty() {
                    out.push(format!(
                        "{prefix}mapping {content_type} on step {step} {}",
                        changes.join(", ")
                    ));
                }
            }
        }
    }
}

/// The changes from `old` to `new`, one line each, in file order: the workspace's own fields,
/// then each kind of entry (deleted ones first, then the rest in their new order), a journey's
/// steps and mappings right after the journey, then the merge conflicts.
pub fn diff(old: &Workspace, new: &Workspace) -> Vec<String> {
    let mut out = Vec::new();
    let both = (old, new);
    let changes = entry_changes(
        &ConflictKind::Workspace,
        (old, &workspace_fields(old)),
        (new, &workspace_fields(new)),
    );
    if !changes.is_empty() {
        out.push(format!(
            "workspace {} {}",
            quote(old.name()),
            changes.join(", ")
        ));
    }
    fields_diff(&mut out, &old.contents().fields, &new.contents().fields);
    lanes_diff(
        &mut out,
        &old.contents().hidden_lanes,
        &new.contents().hidden_lanes,
    );
    table(&mut out, old.objectives(), new.objectives(), both);
    table(&mut out, old.channels(), new.channels(), both);
    table(&mut out, old.personas(), new.personas(), both);
    table(&mut out, old.content_types(), new.content_types(), both);
    rows_diff(
        &mut out,
        Rows {
            prefix: "",
            old: old.journeys().iter().collect(),
            new: new.journeys().iter().collect(),
            summary: journey_summary,
            say_place: false,
        },
        both,
        |out, before, after| {
            let prefix = format!("journey {}: ", quote(&after.name));
            rows_diff(
                out,
                Rows {
                    prefix: &prefix,
                    old: before.steps.iter().collect(),
                    new: after.steps.iter().collect(),
                    summary: no_summary,
                    say_place: true,
                },
                both,
                |_, _, _| {},
            );
            mappings_diff(out, &prefix, (old, before), (new, after));
        },
    );
    table(&mut out, old.items(), new.items(), both);
    rows_diff(
        &mut out,
        Rows {
            prefix: "",
            old: old.metrics().iter().collect(),
            new: new.metrics().iter().collect(),
            summary: metric_summary,
            say_place: false,
        },
        both,
        measurements_diff,
    );

    for conflict in old.conflicts() {
        if !new.conflicts().iter().any(|c| c.same_place(conflict)) {
            out.push(format!(
                "conflict resolved: {}",
                conflict_place(old, conflict)
            ));
        }
    }
    for conflict in new.conflicts() {
        if !old.conflicts().iter().any(|c| c.same_place(conflict)) {
            out.push(format!(
                "conflict recorded: {}",
                describe_conflict(new, conflict)
            ));
        }
    }
    out
}

/// The workspace's own fields as JSON (name, currency, fields this release does not know), not
/// its entries: the JSON of the whole workspace would be most of the diff's work.
fn workspace_fields(ws: &Workspace) -> Map<String, Value> {
    let contents = ws.contents();
    let mut map = contents.extra.clone();
    map.insert("name".into(), Value::String(contents.name.clone()));
    map.insert("currency".into(), Value::String(contents.currency.clone()));
    map
}

/// The changes of a table of entries without inner ones.
fn table<T: Schema + Identical>(
    out: &mut Vec<String>,
    old: &super::Table<T>,
    new: &super::Table<T>,
    both: (&Workspace, &Workspace),
) {
    rows_diff(
        out,
        Rows {
            prefix: "",
            old: old.iter().collect(),
            new: new.iter().collect(),
            summary: no_summary,
            say_place: false,
        },
        both,
        |_, _, _| {},
    );
}

/// What a conflict is about, in words: `persona 'Commuter Chris' name`, `step 'Purchase'
/// ('First commuter bike')`, `workspace currency`.
pub fn conflict_place(ws: &Workspace, conflict: &Conflict) -> String {
    let entry = match conflict.kind {
        ConflictKind::Workspace => "workspace".to_string(),
        ConflictKind::Mappings => {
            let (content_type, step) = match conflict.mapping_parts() {
                Some((content_type, _)) => (name_of(ws, content_type), name_of(ws, conflict.id)),
                None => (conflict.field.clone(), name_of(ws, conflict.id)),
            };
            format!("mapping of {content_type} on step {step}")
        }
        _ => format!("{} {}", conflict.noun(), name_of(ws, conflict.id)),
    };
    let field = match conflict.mapping_parts() {
        Some((_, key)) => key.map(|key| field_info(&ConflictKind::Mappings, key).0),
        None if conflict.measured_on().is_some() => conflict
            .measured_on()
            .map(|on| format!("measurement on {on}")),
        None if conflict.comment_id().is_some() => Some("comment".into()),
        None if conflict.custom_field().is_some() => {
            let id = conflict.custom_field().expect("checked");
            return format!("{} of {entry}", field_name(ws, id));
        }
        None if conflict.field_definition().is_some() => {
            let id = conflict.field_definition().expect("checked");
            let fields = &ws.contents().fields;
            let name = fields.iter().find(|f| f.id == id).map_or(id, |f| &f.name);
            Some(format!("field {}", quote(name)))
        }
        None if conflict.field.is_empty() => None,
        None => Some(field_info(&conflict.kind, &conflict.field).0),
    };
    match field {
        Some(field) => format!("{entry} {field}"),
        None => entry,
    }
}

impl Conflict {
    /// The conflict in words, e.g. `persona 'Commuter Chris' name: ours 'Chris', theirs
    /// 'Christopher' (was 'C.')`.
    pub fn describe(&self, ws: &Workspace) -> String {
        describe_conflict(ws, self)
    }
}

/// A conflict in words: `persona 'Commuter Chris' name: ours 'Chris', theirs 'Christopher'
/// (was 'C.')`, or `step 'Purchase' ('First commuter bike'): deleted on our side, changed on
/// theirs`.
pub fn describe_conflict(ws: &Workspace, conflict: &Conflict) -> String {
    let place = conflict_place(ws, conflict);
    if conflict.is_whole_entry() {
        let side = |value: &Value| {
            if value.is_null() {
                "deleted"
            } else if *value == conflict.base {
                "still used"
            } else {
                "changed"
            }
        };
        return format!(
            "{place}: {} on our side, {} on theirs",
            side(&conflict.ours),
            side(&conflict.theirs)
        );
    }
    let key = match conflict.mapping_parts() {
        Some((_, Some(key))) => key,
        _ => conflict.field.as_str(),
    };
    let (_, how) = field_info(&conflict.kind, key);
    let how = if how == Show::Field(FieldKind::Name) || conflict.custom_field().is_some() {
        Show::Field(FieldKind::Line)
    } else {
        how
    };
    let shown = |value: &Value| match (conflict.measured_on(), conflict.comment_id()) {
        (Some(_), _) => serde_json::from_value::<Measurement>(value.clone())
            .map_or_else(|_| "deleted".into(), |m| measurement_words(&m)),
        (_, Some(_)) => {
            super::from_tree::<Comment>(value).map_or_else(|_| "deleted".into(), |c| quote(&c.text))
        }
        _ if conflict.field_definition().is_some() => super::from_tree::<FieldDef>(value)
            .map_or_else(|_| "deleted".into(), |field| field_words(&field)),
        _ => show(ws, how, value).unwrap_or_else(|| "empty".into()),
    };
    let mut text = format!(
        "{place}: ours {}, theirs {}",
        shown(&conflict.ours),
        shown(&conflict.theirs)
    );
    // What the base held, when it held anything (a KPI's attachment and direction always do).
    if show(ws, how, &conflict.base).is_some() {
        text.push_str(&format!(" (was {})", shown(&conflict.base)));
    }
    text
}

// ---------------------------------------------------------------------------------------------
// The whole workspace as text

/// A field's value for the outline: text in full (further lines indented), the rest as in
/// changes.
fn outline_value(ws: &Workspace, how: Show, value: &Value) -> Option<String> {
    match (how, value) {
        (Show::Field(kind), Value::String(text)) if kind.is_text() && !text.is_empty() => {
            Some(text.trim_end().replace('\n', "\n    "))
        }
        _ => show(ws, how, value),
    }
}

fn outline_fields(out: &mut String, ws: &Workspace, kind: &ConflictKind, map: &Map<String, Value>) {
    for key in compared_keys(kind, &[map]) {
        let (word, how) = field_info(kind, key);
        if how == Show::Field(FieldKind::Name) {
            continue;
        }
        if let Some(value) = map.get(key).and_then(|v| outline_value(ws, how, v)) {
            out.push_str(&format!("  {word}: {value}\n"));
        }
    }
    // An entry's values of the workspace's fields, each under the field's name: `  Backstage:
    // Mechanic on call`.
    for (id, text) in custom_in(map).iter() {
        let text = Value::String(text.to_string());
        if let Some(value) = outline_value(ws, Show::Field(FieldKind::Long), &text) {
            out.push_str(&format!(
                "  {}: {value}
",
                field_name(ws, id)
            ));
        }
    }
    // An entry's comments, one line each: `  comment by ines at 2026-11-29T10:15:00Z: '…'`.
    for comment in comments_in(map) {
        let resolved = if comment.resolved { " (resolved)" } else { "" };
        out.push_str(&format!(
            "  comment by {} at {}{resolved}: {}\n",
            comment.author,
            comment.at,
            quote_full(&comment.text)
        ));
    }
}

fn outline_rows<T: Schema>(
    out: &mut String,
    ws: &Workspace,
    rows: &super::Table<T>,
    more: impl Fn(&mut String, &T),
) {
    for row in rows {
        out.push_str(&format!("\n{} {}\n", T::NOUN, quote_full(row.label())));
        let kind = &ConflictKind::Entry(T::KIND);
        outline_fields(out, ws, kind, &entry_fields(kind, row));
        more(out, row);
    }
}

/// A metric's measurements in the outline, one line each: `  measured 2026-11-01: 2.3`.
fn outline_measurements(out: &mut String, metric: &Metric) {
    for measurement in &metric.measurements {
        out.push_str(&format!(
            "  measured {}: {}\n",
            measurement.on,
            measurement_words(measurement)
        ));
    }
}

fn quote_full(text: &str) -> String {
    format!("'{text}'")
}

/// The workspace as stable text: every entry a block headed by its kind and name (steps with
/// their journey), one field per line, empty fields left out, ids left out. The same workspace
/// always gives the same text; `git diff` on it shows each changed field under its entry.
pub fn outline(ws: &Workspace) -> String {
    let mut out = format!("workspace {}\n", quote_full(ws.name()));
    outline_fields(
        &mut out,
        ws,
        &ConflictKind::Workspace,
        &workspace_fields(ws),
    );
    // The workspace's own fields and the lanes it hides: `  field 'Backstage' on steps, long`.
    for field in &ws.contents().fields {
        let long = if field.long { ", long" } else { "" };
        out.push_str(&format!("  {}{long}\n", field_words(field)));
    }
    let hidden = &ws.contents().hidden_lanes;
    if !hidden.is_empty() {
        out.push_str(&format!("  hidden lanes: {}\n", hidden.join(", ")));
    }
    outline_rows(&mut out, ws, ws.objectives(), |_, _| {});
    outline_rows(&mut out, ws, ws.channels(), |_, _| {});
    outline_rows(&mut out, ws, ws.personas(), |_, _| {});
    outline_rows(&mut out, ws, ws.content_types(), |_, _| {});
    for journey in ws.journeys() {
        out.push_str(&format!("\njourney {}\n", quote_full(&journey.name)));
        outline_fields(
            &mut out,
            ws,
            &ConflictKind::Entry(EntityKind::Journey),
            &entry_fields(&ConflictKind::Entry(EntityKind::Journey), journey),
        );
        for step in &journey.steps {
            out.push_str(&format!(
                "\nstep {} (journey {})\n",
                quote_full(&step.name),
                quote_full(&journey.name)
            ));
            outline_fields(
                &mut out,
                ws,
                &ConflictKind::Entry(EntityKind::Step),
                &entry_fields(&ConflictKind::Entry(EntityKind::Step), step),
            );
            let mapped: Vec<&Mapping> = journey
                .mappings
                .iter()
                .filter(|m| m.step_id == step.id)
                .collect();
            if !mapped.is_empty() {
                let names: Vec<String> = mapped
                    .iter()
                    .map(|m| mapping_words(ws, journey, m).0)
                    .collect();
                out.push_str(&format!("  mapped: {}\n", names.join(", ")));
            }
            for mapping in mapped.iter().filter(|m| !m.extra.is_empty()) {
                let (content_type, _) = mapping_words(ws, journey, mapping);
                for (key, value) in &mapping.extra {
                    out.push_str(&format!(
                        "  mapping {content_type} field {}: {value}\n",
                        quote(key)
                    ));
                }
            }
        }
    }
    outline_rows(&mut out, ws, ws.items(), |_, _| {});
    outline_rows(&mut out, ws, ws.metrics(), outline_measurements);
    if !ws.conflicts().is_empty() {
        out.push('\n');
        for conflict in ws.conflicts() {
            out.push_str(&format!("conflict: {}\n", describe_conflict(ws, conflict)));
        }
    }
    out
}
