//! Three-way merge of workspaces by entry id and field, and the conflicts it records.
//!
//! Both sides descend from a common base. Every table is merged by id (a journey's steps by id
//! too, its mappings by step and content type); every entry field by field, unknown fields key
//! by key. A field changed on one side takes that change; changed the same way on both, fine;
//! changed differently, it is a [`Conflict`]: the merged entry holds OURS' value and the conflict
//! keeps all three. An entry deleted on one side and changed on the other is a conflict too, and
//! the changed entry stays, so nothing either side wrote is lost; so does an entry deleted on one
//! side that the other side's entries still point at.
//!
//! Conflicts are written into the workspace (`conflicts` in the file), where the screens list
//! them and [`resolve_conflict`](super::edit::resolve_conflict) settles them one at a time.
//!
//! Tables are merged typed, by id; an entry both sides changed is merged through its JSON tree,
//! field by field, so the merge needs no knowledge of most fields. The result depends only on
//! the three inputs: the same bytes whichever machine merges.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde_json::{Map, Value};

use super::conflict::{COMMENTS, CUSTOM, Conflict, ConflictKind, FIELDS, MEASUREMENTS, STEP_ORDER};
use super::diff::{Identical, attachment_of};
use super::rules::{Problem, check_conflicts, check_entries};
use super::schema::{ATTACHMENT, ATTACHMENT_FIELDS, EntityKind, FieldKind, FieldValue, Schema};
use super::{
    Attachment, Channel, ContentType, Contents, Entity, Extra, FieldDef, Id, Item, Journey, Metric,
    Objective, Persona, Table, Workspace, helpers,
};

/// The deepest nesting of lists and objects a workspace file may have: the JSON reader refuses a
/// 128th level. A merge must not write what cannot be read back.
pub const MAX_NESTING: usize = 127;

/// The tables of a workspace file, in file order.
const TABLES: [&str; 7] = [
    Objective::COLLECTION,
    Channel::COLLECTION,
    Persona::COLLECTION,
    ContentType::COLLECTION,
    Journey::COLLECTION,
    Item::COLLECTION,
    Metric::COLLECTION,
];

/// The result of a merge.
#[derive(Debug)]
pub struct Merged {
    /// The merged workspace; its conflicts are those the sides already had, then the new ones.
    pub workspace: Workspace,
    /// The conflicts this merge found.
    pub conflicts: Vec<Conflict>,
}

/// Why two sides could not be merged by id.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Merges `ours` and `theirs`, which both descend from `base` (`None` when they have no common
/// ancestor: then every entry is an addition, and entries both sides added under the same id are
/// merged field by field).
///
/// Fails only if the merged workspace would break a rule neither side broke (an entry moved from
/// one journey to another on one side and changed on the other, say); the sides are untouched.
pub fn merge(
    base: Option<&Workspace>,
    ours: &Workspace,
    theirs: &Workspace,
) -> Result<Merged, MergeError> {
    // A copy of a table's rows is shared with the table until a row is taken out of it.
    let merged = merge_contents(
        base.map(|ws| ws.contents().clone()),
        ours.contents().clone(),
        theirs.contents().clone(),
        drop,
    )?;
    Ok(Merged {
        workspace: Workspace::from_contents(merged.workspace.into_contents()),
        ..merged
    })
}

/// [`merge`] of the sides' contents, which is all a merge reads (a caller holding only contents
/// need not build the indexes of three workspaces). They are taken by value: a row the merge
/// keeps as one side has it is moved into the merged workspace, not copied, so three large
/// sides and their merge take little more memory than the three sides.
///
/// The merged workspace is indexed only for lookups by id (see `Workspace::for_lookups`): a
/// command writes and describes it; [`merge`] indexes it in full, for a screen.
///
/// What is left of the sides goes to `let_go` as soon as the last pass has made and checked the
/// merged workspace: freeing two large sides entry by entry takes longer than checking the
/// merge, and a command that ends right after the merge need not free them at all.
pub fn merge_contents(
    base: Option<Contents>,
    ours: Contents,
    theirs: Contents,
    let_go: impl FnOnce(Leftovers),
) -> Result<Merged, MergeError> {
    let has_base = base.is_some();
    let mut sides = Sides {
        base: base.unwrap_or_default(),
        has_base,
        ours,
        theirs,
    };
    // A row is moved only where the merged workspace defines the fields its side defines, so
    // that nothing changes it (the order of its values) before it may have to be given back.
    let moves = sides.ours.fields == sides.theirs.fields
        && (!has_base || sides.base.fields == sides.ours.fields);
    let carried = carried_conflicts(
        &sides.base.conflicts,
        &sides.ours.conflicts,
        &sides.theirs.conflicts,
    );
    let mut forced = HashSet::new();
    // Set when keeping entries for what still points at them changed nothing: this pass is
    // the last.
    let mut settled = false;
    loop {
        let mut merger = Merger {
            forced: &forced,
            conflicts: Vec::new(),
            moves,
            taken: HashMap::new(),
        };
        let contents = merger.workspace(&mut sides).map_err(|e| {
            MergeError::Invalid(vec![Problem {
                entry: "workspace".into(),
                label: String::new(),
                field: String::new(),
                message: format!("the merged entries do not read back: {e}"),
            }])
        })?;
        let found = merger.conflicts;
        let taken = merger.taken;
        // Looked up by id only: the merged entries are checked and written, not shown.
        let mut workspace = Workspace::for_lookups(contents);
        let mut conflicts: Vec<Conflict> = carried
            .iter()
            .filter(|c| !found.iter().any(|f| f.same_place(c)))
            .chain(&found)
            .filter(|c| c.entry_exists(&workspace) != Some(false))
            .cloned()
            .collect();
        std::mem::swap(&mut workspace.contents_mut().0.conflicts, &mut conflicts);

        // An entry one side deleted may still be pointed at by the other side's entries (or by
        // a value in a conflict, which a person may pick): keep it, as a conflict, and merge
        // again. The rules the merged workspace breaks are found beside that search, on a
        // second core: they are what this pass ends with when nothing is missing, nearly
        // always; otherwise they are dropped.
        let (missing, problems) = std::thread::scope(|scope| {
            let problems = helpers::beside(scope, || {
                let mut problems = check_entries(workspace.lookups());
                check_conflicts(&workspace, &mut problems);
                problems.extend(too_deep(&workspace));
                problems
            });
            let missing = if settled {
                Vec::new()
            } else {
                dangling(&workspace, &found)
            };
            (missing, problems.join())
        });
        if missing.is_empty() {
            let_go(Leftovers { _sides: sides });
            if !problems.is_empty() {
                return Err(MergeError::Invalid(problems));
            }
            return Ok(Merged {
                workspace,
                conflicts: found,
            });
        }
        // The sides whole again, to know every id they have and to merge them again.
        give_back(&taken, workspace.into_contents(), &mut sides);
        let known = Known::of([&sides.base, &sides.ours, &sides.theirs]);
        let mut progressed = false;
        for id in missing {
            for keep in known.needed_for(id) {
                progressed |= forced.insert(keep);
            }
        }
        settled = !progressed;
    }
}

/// What is left of a merge's sides once the merged workspace is made: every row it did not move
/// into it, for [`merge_contents`]' caller to free where it suits it. Held only to be let go.
pub struct Leftovers {
    _sides: Sides,
}

/// The three versions of a workspace a merge reads (an empty base when there is no common
/// ancestor).
struct Sides {
    base: Contents,
    /// Whether there is a base at all: with none, the workspace's own fields have no ancestor
    /// either (an empty base would still name its fields).
    has_base: bool,
    ours: Contents,
    theirs: Contents,
}

/// The conflicts that would nest deeper than a file may: a conflict holds a value two levels
/// deeper than the workspace's own fields (in `conflicts`, in the conflict), so a conflicting
/// unknown field nested 125 levels deep, valid in both sides, cannot be recorded. Every other
/// value of the merge sits where it sat in one of the sides.
fn too_deep(ws: &Workspace) -> Vec<Problem> {
    ws.conflicts()
        .iter()
        .filter_map(|conflict| {
            let depth = 2 + nesting(&serde_json::to_value(conflict).ok()?);
            (depth > MAX_NESTING).then(|| Problem {
                entry: super::diff::conflict_place(ws, conflict),
                label: String::new(),
                field: String::new(),
                message: format!(
                    "the sides disagree on a value nested so deep that, recorded as a conflict, it would pass the {MAX_NESTING} levels of lists and objects a workspace file may have"
                ),
            })
        })
        .collect()
}

/// How many levels of lists and objects a value has (0 for a number, text…).
fn nesting(value: &Value) -> usize {
    let deepest =
        |children: &mut dyn Iterator<Item = &Value>| 1 + children.map(nesting).max().unwrap_or(0);
    match value {
        Value::Array(list) => deepest(&mut list.iter()),
        Value::Object(map) => deepest(&mut map.values()),
        _ => 0,
    }
}

/// An entry as its JSON tree, for the field-by-field merge of an entry both sides changed.
fn tree<T: Entity>(entry: &T) -> Value {
    serde_json::to_value(entry).unwrap_or(Value::Null)
}

/// The top-level key of the hidden lanes.
const HIDDEN_LANES: &str = "hidden_lanes";

/// The workspace's own fields as its file has them at the top level, each table and field by
/// its name (the tables' values are merged typed, and not needed here).
fn top_level(contents: &Contents) -> Map<String, Value> {
    let mut map = contents.extra.clone();
    map.insert("format".into(), Value::String(contents.format.clone()));
    map.insert("version".into(), Value::from(contents.version));
    map.insert("name".into(), Value::String(contents.name.clone()));
    map.insert("currency".into(), Value::String(contents.currency.clone()));
    for table in TABLES {
        map.insert(table.into(), Value::Null);
    }
    if !contents.conflicts.is_empty() {
        map.insert("conflicts".into(), Value::Null);
    }
    if !contents.fields.is_empty() {
        map.insert(FIELDS.into(), Value::Null);
    }
    if !contents.hidden_lanes.is_empty() {
        map.insert(HIDDEN_LANES.into(), Value::Null);
    }
    map
}

/// The conflicts the sides already had, merged as a set (one side resolving a conflict removes
/// it), in OURS' order with THEIRS' additions in place.
fn carried_conflicts(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let key = |c: &Conflict| (c.id, c.kind.clone(), c.field.clone());
    let keys = |list: &[Conflict]| list.iter().map(key).collect::<Vec<_>>();
    let (b, o, t) = (keys(base), keys(ours), keys(theirs));
    let (in_b, in_o, in_t): (HashSet<_>, HashSet<_>, HashSet<_>) = (
        b.iter().cloned().collect(),
        o.iter().cloned().collect(),
        t.iter().cloned().collect(),
    );
    let order = merged_order(&b, &o, &t, |k| {
        (in_o.contains(k) && in_t.contains(k))
            || (!in_b.contains(k) && (in_o.contains(k) || in_t.contains(k)))
    });
    order
        .iter()
        .filter_map(|k| ours.iter().chain(theirs).find(|c| key(c) == *k).cloned())
        .collect()
}

/// Every id any side knows, and the journeys each step is in: what must be kept to keep an id.
struct Known {
    ids: HashSet<String>,
    step_journeys: HashMap<String, Vec<String>>,
}

impl Known {
    fn of(sides: [&Contents; 3]) -> Self {
        let mut known = Known {
            ids: HashSet::new(),
            step_journeys: HashMap::new(),
        };
        for side in sides {
            let ids = side
                .objectives
                .iter()
                .map(Entity::id)
                .chain(side.channels.iter().map(Entity::id))
                .chain(side.personas.iter().map(Entity::id))
                .chain(side.content_types.iter().map(Entity::id))
                .chain(side.journeys.iter().map(Entity::id))
                .chain(side.items.iter().map(Entity::id))
                .chain(side.metrics.iter().map(Entity::id));
            known.ids.extend(ids.map(|id| id.to_string()));
            for journey in &side.journeys {
                let id = journey.id.to_string();
                for step in &journey.steps {
                    let journeys = known.step_journeys.entry(step.id.to_string()).or_default();
                    if !journeys.contains(&id) {
                        journeys.push(id.clone());
                    }
                }
            }
        }
        known
    }

    /// The ids to keep so that `id` exists: the id, and for a step its journey.
    fn needed_for(&self, id: Id) -> Vec<String> {
        let id = id.to_string();
        let mut needed = Vec::new();
        if let Some(journeys) = self.step_journeys.get(&id) {
            needed.extend(journeys.iter().cloned());
        }
        if self.ids.contains(&id) || !needed.is_empty() {
            needed.push(id);
        }
        needed
    }
}

/// The ids the workspace's entries point at that it does not hold, and the ids in the values of
/// `conflicts` it does not hold.
fn dangling(ws: &Workspace, conflicts: &[Conflict]) -> Vec<Id> {
    let mut missing = Vec::new();
    let mut want = |id: Id, exists: bool| {
        if !exists && !missing.contains(&id) {
            missing.push(id);
        }
    };
    for kind in EntityKind::ALL {
        match kind {
            EntityKind::Objective => references(ws.objectives(), ws, &mut want),
            EntityKind::Channel => references(ws.channels(), ws, &mut want),
            EntityKind::Persona => references(ws.personas(), ws, &mut want),
            EntityKind::ContentType => references(ws.content_types(), ws, &mut want),
            EntityKind::Journey => references(ws.journeys(), ws, &mut want),
            EntityKind::Step => {
                let steps = ws.journeys().iter().flat_map(|journey| &journey.steps);
                references(steps, ws, &mut want)
            }
            EntityKind::Item => references(ws.items(), ws, &mut want),
            EntityKind::Metric => references(ws.metrics(), ws, &mut want),
        }
    }
    // A mapping is no entry of the schema: its step and content type are its key.
    for journey in ws.journeys() {
        for mapping in &journey.mappings {
            want(mapping.step_id, journey.step(mapping.step_id).is_some());
            want(
                mapping.content_type_id,
                ws.content_types().contains(mapping.content_type_id),
            );
        }
    }
    for conflict in conflicts {
        if !points_at_one(&conflict.kind, &conflict.field) {
            continue;
        }
        let mut ids = Vec::new();
        ids_in(&conflict.theirs, &mut ids);
        ids_in(&conflict.ours, &mut ids);
        for id in ids {
            want(id, ws.knows_id(id));
        }
    }
    missing
}

/// Reports each entry a row's fields point at (by the schema's references and attachment),
/// and whether `ws` holds it.
fn references<'a, T: Schema + 'a>(
    rows: impl IntoIterator<Item = &'a T>,
    ws: &Workspace,
    want: &mut impl FnMut(Id, bool),
) {
    for row in rows {
        for field in T::FIELDS {
            match (field.kind, row.read(field.key)) {
                (FieldKind::Ref(to), Some(FieldValue::Ref(Some(id)))) => want(id, to.holds(ws, id)),
                (FieldKind::Refs(to), Some(FieldValue::Refs(ids))) => {
                    ids.iter().for_each(|id| want(*id, to.holds(ws, *id)))
                }
                (_, Some(FieldValue::Attachment(to))) => {
                    if let Some((kind, id)) = attached(to) {
                        want(id, kind.holds(ws, id));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The entry a KPI is attached to, and its kind; `None` for the whole workspace.
fn attached(to: Attachment) -> Option<(EntityKind, Id)> {
    match to {
        Attachment::Workspace => None,
        Attachment::Journey(id) => Some((EntityKind::Journey, id)),
        Attachment::Step(id) => Some((EntityKind::Step, id)),
        Attachment::Item(id) => Some((EntityKind::Item, id)),
    }
}

/// Whether a field points at one other entry, and so can conflict about one (lists of ids are
/// merged as sets and never do).
fn points_at_one(kind: &ConflictKind, key: &str) -> bool {
    let field = kind.entity().and_then(|entity| entity.field(key));
    field.is_some_and(|field| matches!(field.kind, FieldKind::Ref(_) | FieldKind::Attachment))
}

/// Every string in a value that is an id.
fn ids_in(value: &Value, out: &mut Vec<Id>) {
    match value {
        Value::String(text) => {
            if let Ok(id) = text.parse::<Id>() {
                out.push(id);
            }
        }
        Value::Object(map) => map.values().for_each(|v| ids_in(v, out)),
        _ => {}
    }
}

/// The outcome of a three-way merge when at most one side changed the value: that side's
/// value (`None` inside: no value). `None` when both changed it, and it must be merged.
fn unless_both_changed([base, ours, theirs]: [Option<&Value>; 3]) -> Option<Option<Value>> {
    if ours == theirs || base == theirs {
        return Some(ours.cloned());
    }
    if base == ours {
        return Some(theirs.cloned());
    }
    None
}

fn rows(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(rows)) => rows,
        _ => &[],
    }
}

fn keys(map: Option<&Map<String, Value>>) -> Vec<String> {
    map.map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// The order of a merged list, given each side's order and which keys the result keeps.
///
/// The skeleton is OURS' order — or THEIRS' when only they reordered what the base had. The
/// other side's entries are then placed after the entry they follow on their side (after any
/// entries OURS added there, so at one place OURS' additions come first); entries neither side
/// has (kept from the base) after the entry they follow in the base.
pub(super) fn merged_order<K: Clone + Eq + Hash>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    keep: impl Fn(&K) -> bool,
) -> Vec<K> {
    let mut numbers: HashMap<&K, u32> = HashMap::new();
    let mut keys: Vec<&K> = Vec::new();
    let sides = [base, ours, theirs].map(|side| {
        side.iter()
            .map(|key| {
                *numbers.entry(key).or_insert_with(|| {
                    keys.push(key);
                    (keys.len() - 1) as u32
                })
            })
            .collect::<Vec<u32>>()
    });
    let order = merged_order_numbered(&sides, keys.len(), |n| keep(keys[n as usize]));
    order
        .into_iter()
        .map(|n| keys[n as usize].clone())
        .collect()
}

/// [`merged_order`] of keys given as numbers below `count` (the same key the same number):
/// what it keeps of each key is a place in an array, not in a hash set, so the order of a
/// hundred thousand items costs a few walks over arrays.
fn merged_order_numbered(
    [base, ours, theirs]: &[Vec<u32>; 3],
    count: usize,
    keep: impl Fn(u32) -> bool,
) -> Vec<u32> {
    let marks = |side: &[u32]| {
        let mut marks = vec![false; count];
        for &key in side {
            marks[key as usize] = true;
        }
        marks
    };
    let in_base = marks(base);
    let reordered = |side: &[u32]| {
        let present = marks(side);
        let from_base = base.iter().filter(|k| present[**k as usize]);
        let from_side = side.iter().filter(|k| in_base[**k as usize]);
        !from_base.eq(from_side)
    };
    let ours_lead = !reordered(theirs) || reordered(ours);
    let (lead, follow) = if ours_lead {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let (lead_set, follow_set) = (marks(lead), marks(follow));
    let mut result = Chain::new(count);
    for &key in lead {
        if keep(key) && !result.contains(key) {
            result.insert_after(result.last(), key);
        }
    }
    let place = |side: &[u32], result: &mut Chain, skip_ours_additions: bool| {
        // The nearest entry before this one on its side that is placed already.
        let mut anchor: Option<usize> = None;
        for &key in side {
            if keep(key) && !result.contains(key) {
                let mut after = anchor;
                if skip_ours_additions {
                    while let Some(next) = result.next(after) {
                        let next_key = result.key(next) as usize;
                        if !(lead_set[next_key] && !in_base[next_key] && !follow_set[next_key]) {
                            break;
                        }
                        after = Some(next);
                    }
                }
                result.insert_after(after, key);
            }
            if let Some(node) = result.node(key) {
                anchor = Some(node);
            }
        }
    };
    place(follow, &mut result, ours_lead);
    place(base, &mut result, false);
    result.into_vec()
}

/// A list of numbered keys that takes a key after any other in constant time: the merged order
/// is built by placing each side's entries after the one they follow, and a `Vec` would shift
/// the rest of the list each time (quadratic when one side added thousands of entries).
struct Chain {
    keys: Vec<u32>,
    /// The node after each node ([`NOWHERE`]: none).
    next: Vec<u32>,
    first: u32,
    /// The node of each key placed, by its number ([`NOWHERE`]: not placed).
    nodes: Vec<u32>,
}

impl Chain {
    /// An empty list for keys numbered below `count`.
    fn new(count: usize) -> Self {
        Chain {
            keys: Vec::new(),
            next: Vec::new(),
            first: NOWHERE,
            nodes: vec![NOWHERE; count],
        }
    }

    fn contains(&self, key: u32) -> bool {
        self.nodes[key as usize] != NOWHERE
    }

    fn node(&self, key: u32) -> Option<usize> {
        somewhere(self.nodes[key as usize])
    }

    fn key(&self, node: usize) -> u32 {
        self.keys[node]
    }

    /// The node after `node`, or the first one after `None` (the start).
    fn next(&self, node: Option<usize>) -> Option<usize> {
        somewhere(match node {
            Some(node) => self.next[node],
            None => self.first,
        })
    }

    /// The last node, for appending (nodes are appended only before anything is inserted).
    fn last(&self) -> Option<usize> {
        self.keys.len().checked_sub(1)
    }

    /// Puts `key` after `node` (at the start after `None`).
    fn insert_after(&mut self, node: Option<usize>, key: u32) {
        let new = self.keys.len() as u32;
        self.nodes[key as usize] = new;
        self.keys.push(key);
        let following = self.next(node).map_or(NOWHERE, |n| n as u32);
        self.next.push(following);
        match node {
            Some(node) => self.next[node] = new,
            None => self.first = new,
        }
    }

    fn into_vec(self) -> Vec<u32> {
        let mut order = Vec::with_capacity(self.keys.len());
        let mut at = somewhere(self.first);
        while let Some(node) = at {
            order.push(self.keys[node]);
            at = somewhere(self.next[node]);
        }
        order
    }
}

/// A place kept as a number, [`NOWHERE`] for none.
fn somewhere(at: u32) -> Option<usize> {
    (at != NOWHERE).then_some(at as usize)
}

/// The rows of three tables (base, ours, theirs) numbered by id for
/// [`merged_order_numbered`]: a row's number is where its id first stands in the first table
/// that has it (the base's rows, then ours', then theirs' after them). Rows mostly stand in
/// the same order on every side, so each id is first looked for right after the last one found
/// there, and in the table's index only when it is not.
struct NumberedTables<'a, T: Clone> {
    tables: [&'a Table<T>; 3],
    rows: [Vec<&'a T>; 3],
    /// Each side's rows as numbers.
    sides: [Vec<u32>; 3],
    /// Where each number's id first stands on each side (`u32::MAX`: not there).
    at: [Vec<u32>; 3],
}

/// No place: not on that side, not placed, no next node.
const NOWHERE: u32 = u32::MAX;

impl<'a, T: Entity> NumberedTables<'a, T> {
    fn of(tables: [&'a Table<T>; 3]) -> Self {
        let rows = tables.map(|table| table.iter().collect::<Vec<&T>>());
        let starts = [0, rows[0].len(), rows[0].len() + rows[1].len()];
        let count = starts[2] + rows[2].len();
        let mut numbered = NumberedTables {
            tables,
            sides: [Vec::new(), Vec::new(), Vec::new()],
            at: [(); 3].map(|()| vec![NOWHERE; count]),
            rows,
        };
        for side in 0..3 {
            // Where the last id found on each earlier side stood.
            let mut last: [Option<usize>; 3] = [None; 3];
            let mut numbers = Vec::with_capacity(numbered.rows[side].len());
            for (row_at, row) in numbered.rows[side].iter().enumerate() {
                let id = row.id();
                let number = (0..side)
                    .find_map(|earlier| {
                        let found = numbered.find(earlier, id, last[earlier])?;
                        last[earlier] = Some(found);
                        Some(starts[earlier] + found)
                    })
                    .unwrap_or_else(|| starts[side] + numbered.first_at(side, id, row_at));
                let at = &mut numbered.at[side][number];
                if *at == NOWHERE {
                    *at = row_at as u32;
                }
                numbers.push(number as u32);
            }
            numbered.sides[side] = numbers;
        }
        numbered
    }

    /// Where `id` first stands on a side: right after the last one found there, or by the
    /// table's index.
    fn find(&self, side: usize, id: Id, last: Option<usize>) -> Option<usize> {
        let next = last.map_or(0, |at| at + 1);
        let unique = self.tables[side].distinct_ids() == self.rows[side].len();
        match self.rows[side].get(next) {
            Some(row) if unique && row.id() == id => Some(next),
            _ => self.tables[side].position(id),
        }
    }

    /// Where the id of the row at `row_at` of a side first stands on that side.
    fn first_at(&self, side: usize, id: Id, row_at: usize) -> usize {
        if self.tables[side].distinct_ids() == self.rows[side].len() {
            row_at
        } else {
            self.tables[side].position(id).unwrap_or(row_at)
        }
    }

    fn count(&self) -> usize {
        self.at[0].len()
    }

    /// The number below which half the numbers some side has lie. Most numbers stand for no
    /// row (a side's rows that an earlier side has take the earlier side's numbers), and those
    /// with rows mostly come first (the base's).
    fn halfway(&self) -> usize {
        let has_row = |number: &usize| self.at.iter().any(|at| at[*number] != NOWHERE);
        let with_rows = (0..self.count()).filter(has_row).count();
        (0..self.count())
            .filter(has_row)
            .nth(with_rows / 2)
            .unwrap_or(self.count())
    }

    /// A number's row on a side (0 the base, 1 ours, 2 theirs), if that side has it.
    fn on(&self, side: u8, number: usize) -> Option<&'a T> {
        let side = usize::from(side);
        match self.at[side][number] {
            NOWHERE => None,
            at => Some(self.rows[side][at as usize]),
        }
    }

    /// A number's row on a side that has it.
    fn row(&self, side: u8, number: usize) -> &'a T {
        self.on(side, number)
            .expect("a fate names only the sides that have the row")
    }

    /// The id a number stands for; `None` for a number no row has.
    fn id(&self, number: usize) -> Option<Id> {
        [0, 1, 2]
            .into_iter()
            .find_map(|side| self.on(side, number))
            .map(Entity::id)
    }

    /// What becomes of a number's row (see [`Fate::of`]), each version named by the side that
    /// holds it; `None` when it is gone or no row has the number. `forced` names the ids to keep
    /// though one side deleted them; an id is looked up in it as it is written, in a buffer on
    /// the stack, not in a `String` per row.
    fn fate(&self, number: usize, forced: &HashSet<String>) -> Option<Fate<u8>>
    where
        T: Identical,
    {
        let id = self.id(number)?;
        let versions = [0, 1, 2].map(|side| self.on(side, number).map(|row| (side, row)));
        let differs = |(_, side): (u8, &T), (_, base): (u8, &T)| !side.identical(base);
        let forced = || forced.contains(id.encode(&mut [0; 36]));
        Fate::of(versions, differs, forced).map(|fate| fate.map(|(side, _)| side))
    }

    /// A number's [`fate`](NumberedTables::fate) and, for a merge its rows settle (both sides
    /// the same, or only one side changed from the base), the side whose row is kept as it
    /// is. A journey's merge is never settled so: it is always walked into, for its steps.
    fn judge(&self, number: usize, forced: &HashSet<String>) -> Option<Judged>
    where
        T: Schema + Identical,
    {
        let fate = self.fate(number, forced)?;
        let Fate::Merge(base, ours, theirs) = fate else {
            return Some((fate, None));
        };
        let row = |side| self.row(side, number);
        let walk_into = T::KIND == EntityKind::Journey;
        let settled = if row(ours).identical(row(theirs)) {
            Some(ours)
        } else {
            base.filter(|_| !walk_into).and_then(|base| {
                if row(base).identical(row(ours)) {
                    Some(theirs)
                } else if row(base).identical(row(theirs)) {
                    Some(ours)
                } else {
                    None
                }
            })
        };
        Some((fate, settled))
    }

    /// Every number [`judge`](NumberedTables::judge)d, in order: the numbers of a large table
    /// in two halves of as many rows, the second on a helper thread (where this thread may
    /// start one; otherwise all here, in one pass). Judging compares rows, field by field,
    /// which takes a large merge's pass about a third of its time.
    fn judge_all(&self, forced: &HashSet<String>) -> Vec<Option<Judged>>
    where
        T: Schema + Identical + Send + Sync,
    {
        let judge = |numbers: std::ops::Range<usize>| {
            numbers
                .map(|number| self.judge(number, forced))
                .collect::<Vec<_>>()
        };
        let count = self.count();
        if count < JUDGED_IN_HALVES || !helpers::allowed() {
            return judge(0..count);
        }
        let half = self.halfway();
        std::thread::scope(|scope| {
            let second = helpers::beside(scope, || judge(half..count));
            let mut judged = judge(0..half);
            judged.extend(second.join());
            judged
        })
    }
}

/// What becomes of a number's row: its fate, and the side whose row a merge keeps as it is,
/// when the rows settle it.
type Judged = (Fate<u8>, Option<u8>);

/// How many numbers a table has at least for [`NumberedTables::judge_all`] to judge them on two
/// threads: below, starting a thread costs about what it spares.
const JUDGED_IN_HALVES: usize = 4096;

/// What becomes of one element of a list merged by key (a KPI's measurement by date, a comment
/// by id), from its three versions.
enum ElementFate<'v> {
    /// Settled: the element as kept, or `None` when it is gone.
    Keep(Option<&'v Value>),
    /// Each side changed it its own way: base, ours, theirs, for the caller to merge or clash.
    BothChanged([&'v Value; 3]),
    /// Deleted on one side and changed on the other: a conflict.
    Clash,
}

/// The rules every keyed list follows: a change on one side wins, the same change on both is
/// one change, an element one side added is in, one a side deleted and the other left alone is
/// out.
fn element_fate<'v>([base, ours, theirs]: [Option<&'v Value>; 3]) -> ElementFate<'v> {
    match (base, ours, theirs) {
        (_, Some(o), Some(t)) if o == t || base == Some(t) => ElementFate::Keep(Some(o)),
        (Some(b), Some(o), Some(t)) if b == o => ElementFate::Keep(Some(t)),
        (Some(b), Some(o), Some(t)) => ElementFate::BothChanged([b, o, t]),
        (None, Some(one), None) | (None, None, Some(one)) => ElementFate::Keep(Some(one)),
        // Deleted on one side and left alone on the other: gone.
        (Some(b), Some(one), None) | (Some(b), None, Some(one)) if b == one => {
            ElementFate::Keep(None)
        }
        (Some(_), None, None) | (None, None, None) => ElementFate::Keep(None),
        _ => ElementFate::Clash,
    }
}

/// One merge pass; `forced` names entries to keep though one side deleted them.
struct Merger<'a> {
    forced: &'a HashSet<String>,
    conflicts: Vec<Conflict>,
    /// Whether the rows it keeps as a side has them are moved out of the side (and given back
    /// if the merge must run again) rather than copied.
    moves: bool,
    /// Where each merged table's rows come from, by the table's name in the file.
    taken: Taken,
}

/// Where a row of a merged table comes from: a side's row as it is (side 0 the base, 1 ours,
/// 2 theirs; the place in its table), or a row the merge made.
#[derive(Clone, Copy)]
enum Pick {
    Side(usize, u32),
    Made,
}

/// The picks of every merged table, by the table's name in the file, when its rows were
/// moved out of the sides: what gives them back.
type Taken = HashMap<&'static str, Vec<Pick>>;

/// Puts each row a pass moved out of the sides back where it was, so the sides are whole to
/// be merged again.
fn give_back(taken: &Taken, merged: Contents, sides: &mut Sides) {
    fn table<T: Entity>(taken: &Taken, merged: Table<T>, sides: [&mut Table<T>; 3]) {
        let Some(picks) = taken.get(T::COLLECTION) else {
            return;
        };
        for (row, pick) in merged.rows().into_iter().zip(picks) {
            if let Pick::Side(side, at) = *pick {
                sides[side].put_back(at as usize, row);
            }
        }
    }
    let Sides {
        base: b,
        ours: o,
        theirs: t,
        ..
    } = sides;
    table(
        taken,
        merged.objectives,
        [&mut b.objectives, &mut o.objectives, &mut t.objectives],
    );
    table(
        taken,
        merged.channels,
        [&mut b.channels, &mut o.channels, &mut t.channels],
    );
    table(
        taken,
        merged.personas,
        [&mut b.personas, &mut o.personas, &mut t.personas],
    );
    table(
        taken,
        merged.content_types,
        [
            &mut b.content_types,
            &mut o.content_types,
            &mut t.content_types,
        ],
    );
    table(
        taken,
        merged.journeys,
        [&mut b.journeys, &mut o.journeys, &mut t.journeys],
    );
    table(
        taken,
        merged.items,
        [&mut b.items, &mut o.items, &mut t.items],
    );
    table(
        taken,
        merged.metrics,
        [&mut b.metrics, &mut o.metrics, &mut t.metrics],
    );
}

/// What happens to one entry of a list (a JSON entry, or a typed one).
#[derive(Clone, Copy)]
enum Fate<E> {
    Merge(Option<E>, E, E),
    Take(E),
    /// Deleted on one side, changed (or needed) on the other: kept, as a conflict.
    Kept {
        base: E,
        ours: Option<E>,
        theirs: Option<E>,
    },
}

impl<E: Copy> Fate<E> {
    /// The fate of an entry from its versions on each side, `None` when it is gone: in both
    /// sides it is merged; added on one side it is taken; deleted on one side it is gone
    /// unless the other changed it (`differs` from the base) or it is `forced` (something
    /// still points at it), and then kept as a conflict. The one rule for JSON and typed lists.
    fn of(
        [base, ours, theirs]: [Option<E>; 3],
        differs: impl Fn(E, E) -> bool,
        forced: impl Fn() -> bool,
    ) -> Option<Self> {
        match (base, ours, theirs) {
            (b, Some(o), Some(t)) => Some(Fate::Merge(b, o, t)),
            (Some(b), Some(o), None) if differs(o, b) || forced() => Some(Fate::Kept {
                base: b,
                ours: Some(o),
                theirs: None,
            }),
            (Some(b), None, Some(t)) if differs(t, b) || forced() => Some(Fate::Kept {
                base: b,
                ours: None,
                theirs: Some(t),
            }),
            (Some(b), None, None) if forced() => Some(Fate::Kept {
                base: b,
                ours: None,
                theirs: None,
            }),
            (None, Some(one), None) | (None, None, Some(one)) => Some(Fate::Take(one)),
            _ => None,
        }
    }

    /// The same fate, each version replaced by `f` of it.
    fn map<F>(self, f: impl Fn(E) -> F) -> Fate<F> {
        match self {
            Fate::Merge(b, o, t) => Fate::Merge(b.map(&f), f(o), f(t)),
            Fate::Take(one) => Fate::Take(f(one)),
            Fate::Kept { base, ours, theirs } => Fate::Kept {
                base: f(base),
                ours: ours.map(&f),
                theirs: theirs.map(&f),
            },
        }
    }
}

/// Where a list's entries live, to name them in conflicts.
fn locate(kind: &ConflictKind, key: &str) -> (Id, String) {
    if *kind == ConflictKind::Workspace {
        return (Id::nil(), String::new());
    }
    match key.split_once('/') {
        Some((step, content_type)) => (step.parse().unwrap_or_default(), content_type.into()),
        None => (key.parse().unwrap_or_default(), String::new()),
    }
}

/// The key of an entry of a list: its id, or `STEP/CONTENT_TYPE` for a mapping.
fn key_of(kind: &ConflictKind, row: &Value) -> String {
    let text = |field: &str| row.get(field).and_then(Value::as_str).unwrap_or("");
    if *kind == ConflictKind::Mappings {
        format!("{}/{}", text("step_id"), text("content_type_id"))
    } else {
        id_of(row)
    }
}

/// The id of an entry (or a comment) of a list.
fn id_of(row: &Value) -> String {
    row.get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// List fields merged as sets (the schema's [`FieldKind::is_set`]): an element added on one
/// side is added, removed on one side is removed.
fn is_set_field(kind: &ConflictKind, field: &str) -> bool {
    let field = kind.entity().and_then(|entity| entity.field(field));
    field.is_some_and(|field| field.kind.is_set())
}

impl Merger<'_> {
    fn conflict(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        field: Option<&str>,
        [base, ours, theirs]: [Option<&Value>; 3],
    ) {
        let (id, prefix) = locate(kind, key);
        let field = match (field, prefix.is_empty()) {
            (None, _) => prefix,
            (Some(field), true) => field.to_string(),
            (Some(field), false) => format!("{prefix}.{field}"),
        };
        let value = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
        self.conflicts.push(Conflict {
            id,
            kind: kind.clone(),
            field,
            ours: value(ours),
            theirs: value(theirs),
            base: value(base),
            extra: Extra::new(),
        });
    }

    /// Merges the workspace's own fields and its tables, in the order of the file's top-level
    /// keys (so conflicts are found in the order they always were).
    fn workspace(&mut self, sides: &mut Sides) -> Result<Contents, String> {
        let [base, ours, theirs] = [&sides.base, &sides.ours, &sides.theirs].map(top_level);
        let base = if sides.has_base { base } else { Map::new() };
        let fields = merged_order(
            &keys(Some(&base)),
            &keys(Some(&ours)),
            &keys(Some(&theirs)),
            |k| k != "conflicts",
        );
        let Sides {
            base: b,
            ours: o,
            theirs: t,
            ..
        } = sides;
        // What a field no side has reads as, as in a file.
        let mut out = Contents {
            format: String::new(),
            version: 0,
            ..Contents::default()
        };
        for field in fields {
            match field.as_str() {
                "objectives" => {
                    out.objectives =
                        self.table([&mut b.objectives, &mut o.objectives, &mut t.objectives])?
                }
                "channels" => {
                    out.channels =
                        self.table([&mut b.channels, &mut o.channels, &mut t.channels])?
                }
                "personas" => {
                    out.personas =
                        self.table([&mut b.personas, &mut o.personas, &mut t.personas])?
                }
                "content_types" => {
                    out.content_types = self.table([
                        &mut b.content_types,
                        &mut o.content_types,
                        &mut t.content_types,
                    ])?
                }
                "journeys" => {
                    out.journeys =
                        self.table([&mut b.journeys, &mut o.journeys, &mut t.journeys])?
                }
                "items" => out.items = self.table([&mut b.items, &mut o.items, &mut t.items])?,
                "metrics" => {
                    out.metrics = self.table([&mut b.metrics, &mut o.metrics, &mut t.metrics])?
                }
                FIELDS => out.fields = self.fields(&b.fields, &o.fields, &t.fields)?,
                HIDDEN_LANES => {
                    out.hidden_lanes = super::fields::merge_hidden_lanes(
                        &b.hidden_lanes,
                        &o.hidden_lanes,
                        &t.hidden_lanes,
                    )
                }
                _ => {
                    let [bv, ov, tv] = [&base, &ours, &theirs].map(|m| m.get(&field));
                    let value = if field == "format" || field == "version" {
                        ov.or(tv).cloned()
                    } else {
                        self.value(&ConflictKind::Workspace, "", &field, [bv, ov, tv])
                    };
                    let Some(value) = value else { continue };
                    match field.as_str() {
                        "format" => out.format = super::from_tree(&value)?,
                        "version" => out.version = super::from_tree(&value)?,
                        "name" => out.name = super::from_tree(&value)?,
                        "currency" => out.currency = super::from_tree(&value)?,
                        _ => {
                            out.extra.insert(field, value);
                        }
                    }
                }
            }
        }
        self.keep_used_fields(&mut out, sides);
        Ok(out)
    }

    /// A field one side deleted while the other gave an entry a value of it stays, as a
    /// conflict about its definition (the deleting side's value `null`), so the value is
    /// neither lost nor left without its field.
    fn keep_used_fields(&mut self, out: &mut Contents, sides: &Sides) {
        let defined = |list: &[FieldDef], id: &str| list.iter().find(|f| f.id == id).cloned();
        let all = [&sides.base, &sides.ours, &sides.theirs];
        if all.iter().all(|side| side.fields.is_empty()) {
            return;
        }
        for id in super::fields::undefined_values(out) {
            let [b, o, t] = all.map(|side| defined(&side.fields, &id));
            let Some(kept) = o.clone().or_else(|| t.clone()).or_else(|| b.clone()) else {
                continue;
            };
            let json = |f: &Option<FieldDef>| {
                f.as_ref().map_or(Value::Null, |f| {
                    serde_json::to_value(f).expect("a field is JSON")
                })
            };
            out.fields.push(kept);
            self.conflict(
                &ConflictKind::Workspace,
                "",
                Some(&format!("{FIELDS}.{id}")),
                [Some(&json(&b)), Some(&json(&o)), Some(&json(&t))],
            );
        }
    }

    /// Merges a table by id, as [`Merger::list`] merges a list of JSON entries, but typed: an
    /// entry goes through its JSON only when both sides changed it or a conflict keeps it, so a
    /// merge of large workspaces costs little more than reading them. A row kept as a side has
    /// it is moved out of the side (see [`Merger::moves`]).
    fn table<T: Schema + Identical + Send + Sync>(
        &mut self,
        tables: [&mut Table<T>; 3],
    ) -> Result<Table<T>, String> {
        let kind = &ConflictKind::Entry(T::KIND);
        let numbered = NumberedTables::of([&*tables[0], &*tables[1], &*tables[2]]);
        // Each number judged once, beside the numbers: the merged order asks whether a number
        // is kept up to three times (once per side placed) and picking asks what it is, and
        // judging compares rows (and may look the id up in `forced`).
        let judged = numbered.judge_all(self.forced);
        let order = merged_order_numbered(&numbered.sides, numbered.count(), |number| {
            judged[number as usize].is_some()
        });
        // Which side's row each merged row is, or the row made for it: worked out while the
        // sides are read, the rows then taken out of them.
        let mut picks = Vec::with_capacity(order.len());
        let mut made = Vec::new();
        for number in order {
            let Some((fate, settled)) = judged[number as usize] else {
                continue;
            };
            let id = || numbered.id(number as usize).unwrap_or_default().to_string();
            let at =
                |side: u8| Pick::Side(side.into(), numbered.at[usize::from(side)][number as usize]);
            if let Some(side) = settled {
                picks.push(at(side));
                continue;
            }
            let fate = fate.map(|side| (side, numbered.row(side, number as usize)));
            picks.push(match fate {
                Fate::Merge(b, o, t) => {
                    let merged = self.entry(
                        kind,
                        &id(),
                        b.map(|b| tree(b.1)).as_ref(),
                        &tree(o.1),
                        &tree(t.1),
                    );
                    made.push(super::from_tree::<T>(&merged)?);
                    Pick::Made
                }
                Fate::Take(one) => at(one.0),
                Fate::Kept { base, ours, theirs } => {
                    let [b, o, t] = [Some(base), ours, theirs].map(|side| side.map(|s| tree(s.1)));
                    self.conflict(kind, &id(), None, [b.as_ref(), o.as_ref(), t.as_ref()]);
                    at(ours.or(theirs).unwrap_or(base).0)
                }
            });
        }
        drop(numbered);
        // Straight into the table's vector: no second copy of every row on the way.
        let mut made = made.into_iter();
        let mut out = imbl::Vector::new();
        for pick in &picks {
            out.push_back(match *pick {
                Pick::Side(side, at) if self.moves => tables[side].take_out(at as usize),
                Pick::Side(side, at) => tables[side]
                    .at(at as usize)
                    .expect("a side's row is where it was found")
                    .clone(),
                Pick::Made => made.next().expect("a made row for each pick of one"),
            });
        }
        if self.moves {
            self.taken.insert(T::COLLECTION, picks);
        }
        Ok(Table::from_vector(out))
    }

    /// Merges a list of entries by key.
    fn list(
        &mut self,
        kind: &ConflictKind,
        base: &[Value],
        ours: &[Value],
        theirs: &[Value],
    ) -> Vec<Value> {
        let index =
            |rows: &[Value]| -> Vec<String> { rows.iter().map(|r| key_of(kind, r)).collect() };
        let (bk, ok, tk) = (index(base), index(ours), index(theirs));
        // The first entry with a key wins, as in a `Table`.
        let map = |keys: &[String]| -> HashMap<String, usize> {
            let mut map = HashMap::new();
            for (at, key) in keys.iter().enumerate() {
                map.entry(key.clone()).or_insert(at);
            }
            map
        };
        let (bm, om, tm) = (map(&bk), map(&ok), map(&tk));
        let forced_ids = self.forced;
        let forced = |key: &str| *kind != ConflictKind::Mappings && forced_ids.contains(key);
        let mut fates: HashMap<&str, Option<Fate<&Value>>> = HashMap::new();
        for key in bk.iter().chain(&ok).chain(&tk) {
            if fates.contains_key(key.as_str()) {
                continue;
            }
            let b = bm.get(key).map(|at| &base[*at]);
            let o = om.get(key).map(|at| &ours[*at]);
            let t = tm.get(key).map(|at| &theirs[*at]);
            let fate = Fate::of([b, o, t], |side, base| side != base, || forced(key));
            fates.insert(key, fate);
        }
        let order = merged_order(&bk, &ok, &tk, |k| {
            fates.get(k.as_str()).is_some_and(Option::is_some)
        });
        let mut out = Vec::with_capacity(order.len());
        for key in &order {
            let Some(Some(fate)) = fates.get(key.as_str()) else {
                continue;
            };
            out.push(match *fate {
                Fate::Merge(b, o, t) => self.entry(kind, key, b, o, t),
                Fate::Take(one) => one.clone(),
                Fate::Kept { base, ours, theirs } => {
                    self.conflict(kind, key, None, [Some(base), ours, theirs]);
                    ours.or(theirs).unwrap_or(base).clone()
                }
            });
        }
        out
    }

    /// Merges one entry both sides have, field by field.
    fn entry(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        base: Option<&Value>,
        ours: &Value,
        theirs: &Value,
    ) -> Value {
        if ours == theirs {
            return ours.clone();
        }
        // A journey holds steps, which may have to be kept for other entries' sake: always walk
        // into it.
        if *kind != ConflictKind::Entry(EntityKind::Journey) {
            if base == Some(ours) {
                return theirs.clone();
            }
            if base == Some(theirs) {
                return ours.clone();
            }
        }
        let (Some(o), Some(t)) = (ours.as_object(), theirs.as_object()) else {
            return self
                .value(kind, key, "", [base, Some(ours), Some(theirs)])
                .unwrap_or_else(|| ours.clone());
        };
        let b = base.and_then(Value::as_object);
        let fields = merged_order(&keys(b), &keys(Some(o)), &keys(Some(t)), |_| true);
        // An attachment (a KPI's) is one field of three keys, merged as one.
        let [gb, go, gt] = [b, Some(o), Some(t)].map(|m| m.and_then(|m| attachment_of(kind, m)));
        let attachment = go.is_some().then(|| {
            self.value(
                kind,
                key,
                ATTACHMENT,
                [gb.as_ref(), go.as_ref(), gt.as_ref()],
            )
        });
        // A metric's measurements by date; its actual then follows the merged latest one.
        let measurements = (*kind == ConflictKind::Entry(EntityKind::Metric)).then(|| {
            let sides = [b, Some(o), Some(t)].map(|m| m.and_then(|m| m.get(MEASUREMENTS)));
            self.measurements(key, sides)
        });
        let latest = measurements
            .as_ref()
            .and_then(|list| rows(list.as_ref()).last())
            .and_then(|latest| latest.get("value"))
            .cloned();
        let mut out = Map::new();
        for field in fields {
            let [bv, ov, tv] = [b, Some(o), Some(t)].map(|m| m.and_then(|m| m.get(&field)));
            let value = match field.as_str() {
                "id" => ov.or(tv).cloned(),
                MEASUREMENTS if measurements.is_some() => measurements.clone().flatten(),
                COMMENTS if *kind != ConflictKind::Mappings => {
                    self.comments(kind, key, [bv, ov, tv])
                }
                CUSTOM if *kind != ConflictKind::Mappings => self.custom(kind, key, [bv, ov, tv]),
                "actual" if latest.is_some() => latest.clone(),
                "steps" if *kind == ConflictKind::Entry(EntityKind::Journey) => {
                    self.step_order(key, [bv, ov, tv]);
                    Some(Value::Array(self.list(
                        &ConflictKind::Entry(EntityKind::Step),
                        rows(bv),
                        rows(ov),
                        rows(tv),
                    )))
                }
                "mappings" if *kind == ConflictKind::Entry(EntityKind::Journey) => Some(
                    Value::Array(self.list(&ConflictKind::Mappings, rows(bv), rows(ov), rows(tv))),
                ),
                f if ATTACHMENT_FIELDS.contains(&f) && attachment.is_some() => attachment
                    .as_ref()
                    .and_then(|a| a.as_ref())
                    .and_then(|a| a.get(f))
                    .cloned(),
                f if is_set_field(kind, f) => self.set(kind, key, f, [bv, ov, tv]),
                f => self.value(kind, key, f, [bv, ov, tv]),
            };
            if let Some(value) = value {
                out.insert(field, value);
            }
        }
        Value::Object(out)
    }

    /// Both sides reordered a journey's steps, differently: the merged journey has OURS' order
    /// (see [`merged_order`]) and a [`STEP_ORDER`] conflict keeps THEIRS', so it is not dropped
    /// unseen. Only the steps all three have count: an added or deleted step is no reordering.
    fn step_order(&mut self, key: &str, sides: [Option<&Value>; 3]) {
        let [base, ours, theirs] = sides.map(|side| {
            rows(side)
                .iter()
                .map(|r| key_of(&ConflictKind::Entry(EntityKind::Step), r))
                .collect::<Vec<_>>()
        });
        let [in_base, in_ours, in_theirs] =
            [&base, &ours, &theirs].map(|keys| keys.iter().collect::<HashSet<_>>());
        let shared = |keys: &[String]| -> Vec<String> {
            keys.iter()
                .filter(|k| in_base.contains(k) && in_ours.contains(k) && in_theirs.contains(k))
                .cloned()
                .collect()
        };
        let [b, o, t] = [&base, &ours, &theirs].map(|keys| shared(keys));
        if o != b && t != b && o != t {
            let list =
                |keys: Vec<String>| Value::Array(keys.into_iter().map(Value::String).collect());
            let [b, o, t] = [base, ours, theirs].map(list);
            self.conflict(
                &ConflictKind::Entry(EntityKind::Journey),
                key,
                Some(STEP_ORDER),
                [Some(&b), Some(&o), Some(&t)],
            );
        }
    }

    /// Merges a metric's measurements by date: what either side added is in, what either side
    /// deleted (and the other left alone) is out, a date both sides changed differently — or one
    /// deleted and the other changed — is a conflict about `measurements.DATE` (OURS stays, or
    /// the changed one). The result is in date order; `None` when no measurement is left.
    fn measurements(&mut self, key: &str, sides: [Option<&Value>; 3]) -> Option<Value> {
        if let Some(kept) = unless_both_changed(sides) {
            return kept;
        }
        fn by_date(side: Option<&Value>) -> HashMap<String, &Value> {
            rows(side)
                .iter()
                .map(|m| {
                    let on = m.get("on").and_then(Value::as_str).unwrap_or_default();
                    (on.to_string(), m)
                })
                .collect()
        }
        let [b, o, t] = sides.map(by_date);
        // ISO dates sort as the calendar does.
        let dates: std::collections::BTreeSet<&String> =
            b.keys().chain(o.keys()).chain(t.keys()).collect();
        let mut out = Vec::with_capacity(dates.len());
        for date in dates {
            let [bm, om, tm] = [&b, &o, &t].map(|side| side.get(date).copied());
            let field = format!("{MEASUREMENTS}.{date}");
            let kept = match element_fate([bm, om, tm]) {
                ElementFate::Keep(kept) => kept,
                // A measurement is one value: two changes to it clash as a whole.
                ElementFate::BothChanged(_) | ElementFate::Clash => {
                    self.conflict(
                        &ConflictKind::Entry(EntityKind::Metric),
                        key,
                        Some(&field),
                        [bm, om, tm],
                    );
                    om.or(tm)
                }
            };
            out.extend(kept.cloned());
        }
        (!out.is_empty()).then_some(Value::Array(out))
    }

    /// Merges an entry's comments by id, so that what two reviewers wrote at the same time is all
    /// kept: a comment either side added is in; one a side deleted (and the other left alone)
    /// is out; one both sides changed is merged field by field (one side resolving it while the
    /// other left its text alone keeps it resolved), and when both changed a field differently
    /// — or one side deleted it and the other changed it — it is a conflict about
    /// `comments.ID` (OURS stays, or the changed one). `None` when no comment is left.
    fn comments(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        sides: [Option<&Value>; 3],
    ) -> Option<Value> {
        if let Some(kept) = unless_both_changed(sides) {
            return kept;
        }
        let ids = |side: Option<&Value>| -> Vec<String> { rows(side).iter().map(id_of).collect() };
        let [bk, ok, tk] = sides.map(ids);
        fn by_id(side: Option<&Value>) -> HashMap<String, &Value> {
            rows(side).iter().map(|c| (id_of(c), c)).collect()
        }
        let [b, o, t] = sides.map(by_id);
        let mut out = Vec::new();
        for id in merged_order(&bk, &ok, &tk, |_| true) {
            let [bc, oc, tc] = [&b, &o, &t].map(|side| side.get(&id).copied());
            let field = format!("{COMMENTS}.{id}");
            let kept = match element_fate([bc, oc, tc]) {
                ElementFate::Keep(kept) => kept.cloned(),
                ElementFate::BothChanged(sides) => Some(self.comment(kind, key, &field, sides)),
                ElementFate::Clash => {
                    self.conflict(kind, key, Some(&field), [bc, oc, tc]);
                    oc.or(tc).cloned()
                }
            };
            out.extend(kept);
        }
        (!out.is_empty()).then_some(Value::Array(out))
    }

    /// An entry's values of the workspace's fields, field by field: each side's change to one
    /// field is kept beside the other side's change to another; both changing the same field
    /// differently is a conflict about `custom.FIELD_ID` (OURS' value stays; `null`: no value).
    fn custom(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        sides: [Option<&Value>; 3],
    ) -> Option<Value> {
        if let Some(kept) = unless_both_changed(sides) {
            return kept;
        }
        let [b, o, t] = sides.map(|side| side.and_then(Value::as_object));
        let mut out = Map::new();
        for field in merged_order(&keys(b), &keys(o), &keys(t), |_| true) {
            let [bv, ov, tv] = [b, o, t].map(|m| m.and_then(|m| m.get(&field)));
            let value = self.value(kind, key, &format!("{CUSTOM}.{field}"), [bv, ov, tv]);
            out.extend(value.map(|value| (field, value)));
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// The workspace's field definitions, by id: each side's additions, renames and deletions
    /// are kept; both changing one field differently is a workspace conflict about
    /// `fields.FIELD_ID` (OURS' definition stays; `null`: deleted).
    fn fields(
        &mut self,
        base: &[FieldDef],
        ours: &[FieldDef],
        theirs: &[FieldDef],
    ) -> Result<Vec<FieldDef>, String> {
        let ids = |list: &[FieldDef]| list.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        let find = |list: &[FieldDef], id: &str| {
            list.iter()
                .find(|f| f.id == id)
                .map(|f| serde_json::to_value(f).expect("a field is JSON"))
        };
        let mut out = Vec::new();
        for id in merged_order(&ids(base), &ids(ours), &ids(theirs), |_| true) {
            let [bv, ov, tv] = [base, ours, theirs].map(|list| find(list, &id));
            let field = format!("{FIELDS}.{id}");
            let kind = &ConflictKind::Workspace;
            if let Some(value) =
                self.value(kind, "", &field, [bv.as_ref(), ov.as_ref(), tv.as_ref()])
            {
                out.push(super::from_tree(&value)?);
            }
        }
        Ok(out)
    }

    /// One comment both sides changed, field by field: a change on one side wins; when both
    /// changed a field differently the whole comment is a conflict and OURS' value stays.
    fn comment(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        field: &str,
        sides: [&Value; 3],
    ) -> Value {
        let [b, o, t] = sides.map(Value::as_object);
        let (Some(o), Some(t)) = (o, t) else {
            self.conflict(kind, key, Some(field), sides.map(Some));
            return sides[1].clone();
        };
        let mut out = Map::new();
        let mut clash = false;
        for name in merged_order(&keys(b), &keys(Some(o)), &keys(Some(t)), |_| true) {
            let [bv, ov, tv] = [b, Some(o), Some(t)].map(|m| m.and_then(|m| m.get(&name)));
            let value = if ov == tv || bv == tv {
                ov
            } else if bv == ov {
                tv
            } else {
                clash = true;
                ov
            };
            if let Some(value) = value {
                out.insert(name, value.clone());
            }
        }
        if clash {
            self.conflict(kind, key, Some(field), sides.map(Some));
        }
        Value::Object(out)
    }

    /// Merges one value: a change on one side wins; different changes conflict (OURS stays).
    fn value(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        field: &str,
        [base, ours, theirs]: [Option<&Value>; 3],
    ) -> Option<Value> {
        if let Some(kept) = unless_both_changed([base, ours, theirs]) {
            return kept;
        }
        self.conflict(kind, key, Some(field), [base, ours, theirs]);
        ours.cloned()
    }

    /// Merges a list as a set: what either side added is in, what either side removed is out.
    fn set(
        &mut self,
        kind: &ConflictKind,
        key: &str,
        field: &str,
        [base, ours, theirs]: [Option<&Value>; 3],
    ) -> Option<Value> {
        if let Some(kept) = unless_both_changed([base, ours, theirs]) {
            return kept;
        }
        let (Some(Value::Array(o)), Some(Value::Array(t))) = (ours, theirs) else {
            return self.value(kind, key, field, [base, ours, theirs]);
        };
        let b = match base {
            Some(Value::Array(b)) => b.as_slice(),
            _ => &[],
        };
        let text = |list: &[Value]| list.iter().map(Value::to_string).collect::<Vec<_>>();
        let (bk, ok, tk) = (text(b), text(o), text(t));
        let sets = [&bk, &ok, &tk].map(|k| k.iter().collect::<HashSet<_>>());
        let order = merged_order(&bk, &ok, &tk, |k| {
            let [in_b, in_o, in_t] = [0, 1, 2].map(|s| sets[s].contains(k));
            (in_o && in_t) || (!in_b && (in_o || in_t))
        });
        let values: HashMap<&String, &Value> = bk
            .iter()
            .zip(b)
            .chain(ok.iter().zip(o))
            .chain(tk.iter().zip(t))
            .collect();
        Some(Value::Array(
            order.iter().map(|k| values[k].clone()).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(base: &str, ours: &str, theirs: &str, keep: &str) -> String {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        merged_order(&chars(base), &chars(ours), &chars(theirs), |c| {
            keep.contains(*c)
        })
        .into_iter()
        .collect()
    }

    /// A copy of contents that shares no row with them, as contents read from a file.
    fn unshared(contents: &Contents) -> Contents {
        Contents {
            items: Table::from_rows(contents.items.iter().cloned()),
            ..contents.clone()
        }
    }

    /// Where each item's title is in memory, by the item's id.
    fn titles(contents: &Contents) -> HashMap<Id, *const u8> {
        contents
            .items
            .iter()
            .map(|item| (item.id, item.title.as_ptr()))
            .collect()
    }

    #[test]
    fn rows_kept_as_a_side_has_them_are_moved_into_the_merge_not_copied() {
        let base = crate::model::tests::small().into_contents();
        let [first, second] = [0, 1].map(|at| base.items.at(at).expect("an item").id);
        let retitled = |id: Id, title: &str| {
            let mut side = unshared(&base);
            let items = side.items.iter().cloned().map(|mut item| {
                if item.id == id {
                    item.title = title.into();
                }
                item
            });
            side.items = Table::from_rows(items.collect::<Vec<_>>());
            side
        };
        let ours = retitled(first, "Ours");
        let theirs = retitled(second, "Theirs");
        let (in_ours, in_theirs) = (titles(&ours), titles(&theirs));
        let merged = merge_contents(Some(unshared(&base)), ours, theirs, drop).expect("merges");
        let merged = titles(merged.workspace.contents());
        assert_eq!(merged.len(), in_ours.len());
        // The item theirs changed is theirs' row; every other one is ours', the same memory.
        for (id, title) in merged {
            let side = if id == second { &in_theirs } else { &in_ours };
            assert_eq!(title, side[&id], "item {id} was copied");
        }
    }

    #[test]
    fn a_large_table_judged_in_two_halves_merges_as_judged_on_one_thread() {
        let small = crate::model::tests::small().into_contents();
        let template = small.items.at(0).expect("an item").clone();
        let item = |n: u128, title: String| Item {
            id: Id::from_u128((1 << 64) + n),
            title,
            ..template.clone()
        };
        // The small workspace's own items, then those made here.
        let side = |items: Vec<Item>| Contents {
            items: Table::from_rows(small.items.iter().cloned().chain(items)),
            ..small.clone()
        };
        let count = 2000;
        let base = side((0..count).map(|n| item(n, format!("Item {n}"))).collect());
        // Ours retitles every 7th and deletes every 11th; theirs retitles every 5th (the 35th
        // both ways: a conflict), changes the cost of every 3rd and deletes every 13th (the
        // 143rd on both sides); each adds items of its own.
        let ours = side(
            (0..count + 50)
                .filter(|n| n % 11 != 0)
                .map(|n| match n {
                    n if n >= count => item(n, format!("Ours {n}")),
                    n if n % 7 == 0 => item(n, format!("Ours' item {n}")),
                    n => item(n, format!("Item {n}")),
                })
                .collect(),
        );
        let theirs = side(
            (0..count)
                .filter(|n| n % 13 != 0)
                .map(|n| {
                    let mut row = match n {
                        n if n % 5 == 0 => item(n, format!("Their item {n}")),
                        n => item(n, format!("Item {n}")),
                    };
                    if n % 3 == 0 {
                        row.cost = n as f64;
                    }
                    row
                })
                .chain((0..40).map(|n| item(count + 100 + n, format!("Theirs {n}"))))
                .collect(),
        );
        let numbers = base.items.len() + ours.items.len() + theirs.items.len();
        assert!(numbers >= JUDGED_IN_HALVES, "{numbers} numbers");
        let merged = || {
            let merged = merge_contents(Some(base.clone()), ours.clone(), theirs.clone(), drop)
                .expect("merges");
            let file = serde_json::to_value(merged.workspace.snapshot()).expect("serialises");
            (file, merged.conflicts)
        };
        let (in_halves, one_thread) = (merged(), helpers::alone(merged));
        assert!(!in_halves.1.is_empty());
        assert_eq!(in_halves, one_thread);
    }

    #[test]
    fn a_command_s_merge_is_looked_up_by_id_only_and_a_screen_s_is_indexed_in_full() {
        // Ours deleted an item a metric theirs added points at: a second pass keeps it.
        let base = crate::model::tests::small().into_contents();
        let pointed: HashSet<Id> = base.metrics.iter().filter_map(|m| m.item_id).collect();
        let deleted = base
            .items
            .iter()
            .map(Entity::id)
            .find(|id| !pointed.contains(id));
        let deleted = deleted.expect("an item no metric points at");
        let mut ours = unshared(&base);
        ours.items = Table::from_rows(base.items.iter().filter(|i| i.id != deleted).cloned());
        let mut theirs = unshared(&base);
        let on_item = base.metrics.iter().find(|m| m.item_id.is_some());
        let added = Metric {
            id: Id::from_u128(77),
            item_id: Some(deleted),
            ..on_item.expect("a metric on an item").clone()
        };
        theirs.metrics = Table::from_rows(base.metrics.iter().cloned().chain([added]));
        let screen = merge(
            Some(&Workspace::from_contents(unshared(&base))),
            &Workspace::from_contents(unshared(&ours)),
            &Workspace::from_contents(unshared(&theirs)),
        )
        .expect("merges");
        let mut let_go = 0;
        let command = merge_contents(Some(unshared(&base)), ours, theirs, |_| let_go += 1);
        let command = command.expect("merges");

        assert_eq!(let_go, 1);
        assert!(command.workspace.items().contains(deleted));
        assert_eq!(command.conflicts.len(), screen.conflicts.len());
        assert_eq!(
            Workspace::from_contents(command.workspace.contents().clone())
                .index
                .cells,
            screen.workspace.index.cells
        );
        // The command's workspace finds steps by id, and has none of the screens' lookups.
        let step = base.journeys.iter().flat_map(|j| &j.steps).next();
        let step = step.expect("a step").id;
        assert!(command.workspace.step(step).is_some());
        assert!(command.workspace.index.cells.is_empty());
        assert!(command.workspace.index.dated.is_empty());
        assert!(!screen.workspace.index.cells.is_empty());
        assert!(!screen.workspace.index.dated.is_empty());
    }

    #[test]
    fn order_keeps_each_sides_additions_in_place() {
        // Ours added x after a, theirs added y after a and z at the end: ours first at a.
        assert_eq!(order("abc", "axbc", "aybcz", "abcxyz"), "axybcz");
        // Additions at the start.
        assert_eq!(order("ab", "xab", "yab", "abxy"), "xyab");
        // Consecutive additions stay together.
        assert_eq!(order("ab", "ab", "ay1b", "ab1y"), "ay1b");
    }

    #[test]
    fn order_follows_the_only_side_that_reordered() {
        assert_eq!(order("abc", "abc", "cab", "abc"), "cab");
        assert_eq!(order("abc", "cab", "abc", "abc"), "cab");
        // Both reordered: ours wins.
        assert_eq!(order("abc", "cab", "bca", "abc"), "cab");
        // Theirs reordered, ours added: ours' addition after its anchor.
        assert_eq!(order("abc", "abxc", "cab", "abcx"), "cabx");
    }

    #[test]
    fn order_drops_what_is_not_kept_and_restores_base_entries() {
        assert_eq!(order("abc", "ac", "abc", "ac"), "ac");
        // b deleted on both sides but kept: back after a.
        assert_eq!(order("abc", "ac", "ac", "abc"), "abc");
    }
}
