//! The workspace: everything in one file, plus the indexes the screens need.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock, PoisonError};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::comments::OpenCommented;
use super::levels::MetricLevels;
use super::owners::Owners;
use super::rules::{Lookups, Problem, check_conflicts, check_entries};
use super::search::{PreparedSearch, SearchTexts, Searchable, Texts};
use super::{
    Channel, Conflict, ContentType, Date, Entity, Extra, FieldDef, Id, IdMap, IdSet, Item, Journey,
    Metric, Objective, Persona, Snapshot, Status, Step, Table,
};

/// The `format` every workspace file carries.
pub const FORMAT: &str = "journeymap";
/// The newest file version this program reads and writes.
pub const VERSION: u32 = 1;

/// The contents of a workspace file, field for field, in file order (written through
/// [`Snapshot`], which holds the one order the file is written in).
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct Contents {
    /// Missing in a file, it reads as empty, which the loader refuses: a JSON file that does not
    /// say it is a workspace is not taken for one.
    #[serde(default)]
    pub format: String,
    /// Missing in a file, it reads as 0, which the loader refuses.
    #[serde(default)]
    pub version: u32,
    pub name: String,
    pub currency: String,
    /// The workspace's own fields, in the order they are shown (absent from the file when
    /// there are none, so other files keep their bytes).
    pub fields: Vec<FieldDef>,
    /// The built-in step lanes (of [`super::fields::STEP_LANES`]) the board does not show, for
    /// teams that do not use them (absent from the file when none is hidden).
    pub hidden_lanes: Vec<String>,
    pub objectives: Table<Objective>,
    pub channels: Table<Channel>,
    pub personas: Table<Persona>,
    pub content_types: Table<ContentType>,
    pub journeys: Table<Journey>,
    pub items: Table<Item>,
    pub metrics: Table<Metric>,
    /// What a merge could not settle, until a person picks a side (absent from the file when
    /// there is nothing to settle, so other files keep their bytes).
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Serialize for Contents {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Snapshot::of(self, 0).serialize(serializer)
    }
}

impl Default for Contents {
    fn default() -> Self {
        Contents {
            format: FORMAT.to_string(),
            version: VERSION,
            name: String::new(),
            currency: "EUR".to_string(),
            fields: Vec::new(),
            hidden_lanes: Vec::new(),
            objectives: Table::new(),
            channels: Table::new(),
            personas: Table::new(),
            content_types: Table::new(),
            journeys: Table::new(),
            items: Table::new(),
            metrics: Table::new(),
            conflicts: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// A cell of the content map: one content type on one step.
pub type CellKey = (Id, Id);

/// The items of one cell and how many of them are in each status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellItems {
    pub items: Vec<Id>,
    pub available: u32,
    pub in_progress: u32,
    pub to_create: u32,
}

impl CellItems {
    fn count_mut(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Available => &mut self.available,
            Status::InProgress => &mut self.in_progress,
            Status::ToCreate => &mut self.to_create,
        }
    }
}

/// Lookups the screens make on every frame, kept up to date by every change so that no frame
/// or key has to scan the workspace.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Explicit mappings (step, content type).
    pub mapped: IdSet<CellKey>,
    /// Items attached to each (step, content type).
    pub cells: IdMap<CellKey, CellItems>,
    /// The journey each step belongs to.
    pub step_journey: IdMap<Id, Id>,
    /// Items that have a date, in date order.
    pub dated: BTreeSet<(Date, Id)>,
    /// Dated items that are not available yet: the calendar's to-do list.
    pub pending: BTreeSet<(Date, Id)>,
    /// How many pending items each day has, so that "overdue" and "due this month" are counted
    /// day by day, not item by item.
    pub pending_per_day: BTreeMap<Date, usize>,
    /// How many pending items are dated before the day last asked about: "overdue", kept true
    /// by every edit, so that the status line's count on every frame adds no days.
    pub pending_before: PendingBefore,
    /// Items with no date that are not available yet.
    pub unscheduled: BTreeSet<Id>,
    /// What the items of each channel cost (`None`: items without a channel), planned and
    /// spent, so the budget view never sums items.
    pub costs: IdMap<Option<Id>, Costs>,
    /// What the dated items of each month cost (keyed by the month's first day), so the
    /// budget's spend by month never sums items.
    pub monthly: BTreeMap<Date, Costs>,
    /// How many cells are gaps.
    pub gaps: usize,
    /// How many gap cells each step has (steps without gaps are absent), so a journey's gaps
    /// are counted step by step, not cell by cell.
    pub step_gaps: IdMap<Id, usize>,
    /// The metrics measured on each step, so that a step's card lists its KPIs without reading
    /// every metric (in no order: the table's is the order shown).
    pub step_metrics: IdMap<Id, Vec<Id>>,
    /// The metrics by level, in the order the metrics view lists them, so that a frame reads
    /// only the rows it shows.
    pub metric_levels: MetricLevels,
    /// The entries with open comments, so that the review of open comments reads only them.
    pub open_comments: OpenCommented,
    /// The journeys of each persona, and under `None` those of no persona, so that the
    /// journeys pane lists a persona's without reading every journey (in no order either).
    pub persona_journeys: IdMap<Option<Id>, Vec<Id>>,
    /// The journeys serving each objective, so that the objectives' list names each one's
    /// journeys without reading every journey (in no order either).
    pub objective_journeys: IdMap<Id, Vec<Id>>,
    /// Every entry's text, prepared for search: made by the first search, then kept up to date.
    pub search: OnceLock<SearchTexts>,
    /// How many items each owner has (as written, trimmed; the empty string for none), so the
    /// filters offer the owners without reading every item: made when first asked for (or with
    /// the search's text, off the screen's thread), then kept up to date.
    pub owners: OnceLock<Owners>,
    /// Only the lookups by id are kept ([`Workspace::for_lookups`]): the items' cells, dates
    /// and costs, left empty, are not kept up to date either as items come, change and go
    /// (an import changes 100k items, and no one reads them).
    pub only_lookups: bool,
}

impl Index {
    /// The index of a whole workspace, built in bulk: the same as adding its journeys and items
    /// one by one, without keeping the counts true after each one, growing each cell's list
    /// item by item or inserting into ordered sets a million times (a sort instead). With
    /// `check`, also the problems of its entries ([`check_entries`]): they need only the steps'
    /// journeys, so a large workspace builds its cells, builds its dates and checks its rules
    /// at the same time, on three threads.
    fn build(contents: &Contents, check: bool) -> (Index, Vec<Problem>) {
        let step_journey = Index::step_journeys(contents);
        let lookups = Lookups {
            contents,
            step_journey: &step_journey,
        };
        let problems = || {
            if check {
                check_entries(lookups)
            } else {
                Vec::new()
            }
        };
        let (mut index, dates, problems) = if contents.items.len() >= BUILD_ON_THREADS {
            std::thread::scope(|scope| {
                let dates = super::helpers::beside(scope, || Dates::build(&contents.items));
                let problems = super::helpers::beside(scope, problems);
                let index = Index::build_cells(contents);
                (index, dates.join(), problems.join())
            })
        } else {
            (
                Index::build_cells(contents),
                Dates::build(&contents.items),
                problems(),
            )
        };
        let Dates {
            dated,
            pending,
            pending_per_day,
            unscheduled,
            costs,
            monthly,
        } = dates;
        index.step_journey = step_journey;
        index.dated = dated;
        index.pending = pending;
        index.pending_per_day = pending_per_day;
        index.unscheduled = unscheduled;
        index.costs = costs;
        index.monthly = monthly;
        (index, problems)
    }

    /// Each step's journey, by the step's id.
    fn step_journeys(contents: &Contents) -> IdMap<Id, Id> {
        let steps = contents.journeys.iter().map(|j| j.steps.len()).sum();
        let mut step_journey = IdMap::with_capacity_and_hasher(steps, Default::default());
        for journey in &contents.journeys {
            for step in &journey.steps {
                step_journey.insert(step.id, journey.id);
            }
        }
        step_journey
    }

    /// The index's map of the journeys and their cells: steps, mappings, the items of each
    /// cell and the gaps.
    fn build_cells(contents: &Contents) -> Index {
        let mut index = Index {
            metric_levels: MetricLevels::build(&contents.metrics),
            ..Index::default()
        };
        for metric in &contents.metrics {
            index.add_metric(metric);
        }
        for persona in &contents.personas {
            index.add_persona(persona);
        }
        for content_type in &contents.content_types {
            index.add_content_type(content_type);
        }
        for journey in &contents.journeys {
            index.add_journey_owners(journey);
            index.open_comments.note(journey);
            index.mapped.extend(
                journey
                    .mappings
                    .iter()
                    .map(|m| (m.step_id, m.content_type_id)),
            );
        }
        // Each cell numbered as it is first met, and (number, id, status) of every item on
        // every cell it sits in: a lookup in a small map per item, no list growing per cell.
        let items = contents.items.len();
        let mut numbers = IdMap::<CellKey, u32>::default();
        let mut keys = Vec::new();
        let mut placed = Vec::with_capacity(items + items / 2);
        for item in &contents.items {
            index.open_comments.note(item);
            for key in item_cells(item) {
                let number = *numbers.entry(key).or_insert_with(|| {
                    keys.push(key);
                    (keys.len() - 1) as u32
                });
                placed.push((number, item.id, item.status));
            }
        }
        drop(numbers);
        // Then each cell made once, at its size, its items in file order.
        let mut sizes = vec![0; keys.len()];
        for &(number, _, _) in &placed {
            sizes[number as usize] += 1;
        }
        let mut cells: Vec<CellItems> = sizes
            .into_iter()
            .map(|size| CellItems {
                items: Vec::with_capacity(size),
                ..CellItems::default()
            })
            .collect();
        for (number, id, status) in placed {
            let cell = &mut cells[number as usize];
            cell.items.push(id);
            *cell.count_mut(status) += 1;
        }
        let mut step_gaps = IdMap::<Id, usize>::default();
        index.cells.reserve(keys.len());
        for (key, cell) in keys.into_iter().zip(cells) {
            // Items make the cell mapped: it is a gap when none of them is available.
            if cell.available == 0 {
                *step_gaps.entry(key.0).or_default() += 1;
            }
            index.cells.insert(key, cell);
        }
        // A mapped cell without items is a gap.
        for key in index
            .mapped
            .iter()
            .filter(|key| !index.cells.contains_key(key))
        {
            *step_gaps.entry(key.0).or_default() += 1;
        }
        index.gaps = step_gaps.values().sum();
        index.step_gaps = step_gaps;
        index
    }

    /// A cell is a gap when it is mapped (explicitly or by an item on it) and nothing there is
    /// available.
    pub fn is_gap(&self, key: &CellKey) -> bool {
        let cell = self.cells.get(key);
        let mapped = self.mapped.contains(key) || cell.is_some_and(|c| !c.items.is_empty());
        mapped && cell.is_none_or(|c| c.available == 0)
    }

    /// Runs a change to one cell and keeps the gap count true.
    fn touch_cell(&mut self, key: CellKey, change: impl FnOnce(&mut Index)) {
        let before = self.is_gap(&key);
        change(self);
        let after = self.is_gap(&key);
        match (before, after) {
            (false, true) => {
                self.gaps += 1;
                *self.step_gaps.entry(key.0).or_default() += 1;
            }
            (true, false) => {
                self.gaps -= 1;
                if let Some(count) = self.step_gaps.get_mut(&key.0) {
                    *count -= 1;
                    if *count == 0 {
                        self.step_gaps.remove(&key.0);
                    }
                }
            }
            _ => {}
        }
    }

    fn add_item(&mut self, item: &Item) {
        if !self.only_lookups {
            self.add_item_cells(item);
            self.add_item_dates(item);
            self.add_item_costs(item);
            self.open_comments.note(item);
        }
        if let Some(owners) = self.owners.get_mut() {
            owners.add(item);
        }
    }

    fn remove_item(&mut self, item: &Item) {
        if !self.only_lookups {
            self.remove_item_cells(item);
            self.remove_item_dates(item);
            self.remove_item_costs(item);
            self.open_comments.forget(item);
        }
        if let Some(owners) = self.owners.get_mut() {
            owners.remove(item);
        }
    }

    /// An item's new version: each of the lookups it is in (cells, dates, costs) is redone
    /// only when what it reads of the item changed. An edit of a title or a note (most of an
    /// import's rows) moves nothing, so it costs no lookups in ordered sets that grow with the
    /// workspace. The result is that of [`Index::remove_item`] and then [`Index::add_item`],
    /// except that an item staying in a cell keeps its place in the cell's list, whose order
    /// nothing reads ([`Workspace::cell_items`] sorts by the workspace's order).
    fn replace_item(&mut self, old: &Item, new: &Item) {
        if !self.only_lookups {
            self.replace_item_lookups(old, new);
        }
        // The owners' count, when it was made: most workspaces never make it.
        if let Some(owners) = self.owners.get_mut()
            && old.owner.trim() != new.owner.trim()
        {
            owners.remove(old);
            owners.add(new);
        }
    }

    /// [`Index::replace_item`]'s cells, dates, costs and comments.
    fn replace_item_lookups(&mut self, old: &Item, new: &Item) {
        if old.comments != new.comments {
            self.open_comments.forget(old);
            self.open_comments.note(new);
        }
        if old.status != new.status || !item_cells(old).eq(item_cells(new)) {
            self.remove_item_cells(old);
            self.add_item_cells(new);
        }
        if old.available_on != new.available_on
            || old.status.is_pending() != new.status.is_pending()
        {
            self.remove_item_dates(old);
            self.add_item_dates(new);
        }
        // A cost compares as its cents do, which is what the sums are kept in.
        if old.channel_id != new.channel_id
            || old.status != new.status
            || cents(old.cost) != cents(new.cost)
            || old.available_on.map(Date::first_of_month)
                != new.available_on.map(Date::first_of_month)
        {
            self.remove_item_costs(old);
            self.add_item_costs(new);
        }
    }

    fn add_item_cells(&mut self, item: &Item) {
        for key in item_cells(item) {
            self.touch_cell(key, |index| {
                let cell = index.cells.entry(key).or_default();
                cell.items.push(item.id);
                *cell.count_mut(item.status) += 1;
            });
        }
    }

    fn remove_item_cells(&mut self, item: &Item) {
        for key in item_cells(item) {
            self.touch_cell(key, |index| {
                if let Some(cell) = index.cells.get_mut(&key) {
                    if let Some(at) = cell.items.iter().position(|id| *id == item.id) {
                        cell.items.remove(at);
                        *cell.count_mut(item.status) -= 1;
                    }
                    if cell.items.is_empty() {
                        index.cells.remove(&key);
                    }
                }
            });
        }
    }

    fn add_item_dates(&mut self, item: &Item) {
        match item.available_on {
            Some(date) => {
                self.dated.insert((date, item.id));
                if item.status.is_pending() && self.pending.insert((date, item.id)) {
                    *self.pending_per_day.entry(date).or_default() += 1;
                    self.pending_before.follow(date, 1);
                }
            }
            None if item.status.is_pending() => {
                self.unscheduled.insert(item.id);
            }
            None => {}
        }
    }

    fn remove_item_dates(&mut self, item: &Item) {
        match item.available_on {
            Some(date) => {
                self.dated.remove(&(date, item.id));
                if self.pending.remove(&(date, item.id))
                    && let Some(count) = self.pending_per_day.get_mut(&date)
                {
                    *count -= 1;
                    self.pending_before.follow(date, -1);
                    if *count == 0 {
                        self.pending_per_day.remove(&date);
                    }
                }
            }
            None => {
                self.unscheduled.remove(&item.id);
            }
        }
    }

    fn add_item_costs(&mut self, item: &Item) {
        self.costs
            .entry(item.channel_id)
            .or_default()
            .add(item.status, item.cost);
        if let Some(date) = item.available_on {
            self.monthly
                .entry(date.first_of_month())
                .or_default()
                .add(item.status, item.cost);
        }
    }

    fn remove_item_costs(&mut self, item: &Item) {
        if let Some(costs) = self.costs.get_mut(&item.channel_id) {
            costs.remove(item);
            if costs.is_empty() {
                self.costs.remove(&item.channel_id);
            }
        }
        let month = item.available_on.map(Date::first_of_month);
        if let Some(month) = month
            && let Some(costs) = self.monthly.get_mut(&month)
        {
            costs.remove(item);
            if costs.is_empty() {
                self.monthly.remove(&month);
            }
        }
    }

    /// A metric's step and comments (its level's list follows the table's changes: see
    /// [`MetricLevels::follow`]).
    fn add_metric(&mut self, metric: &Metric) {
        if let Some(step) = metric.step_id {
            file_under(&mut self.step_metrics, step, metric.id);
        }
        self.open_comments.note(metric);
    }

    fn remove_metric(&mut self, metric: &Metric) {
        if let Some(step) = metric.step_id {
            forget(&mut self.step_metrics, step, metric.id);
        }
        self.open_comments.forget(metric);
    }

    /// The metrics' lists by level, after a change to their table.
    fn follow_metrics(&mut self, table: &Table<Metric>, undo: &super::Slot<Metric>) {
        self.metric_levels.follow(table, undo);
    }

    fn add_persona(&mut self, persona: &Persona) {
        self.open_comments.note(persona);
    }

    fn remove_persona(&mut self, persona: &Persona) {
        self.open_comments.forget(persona);
    }

    fn add_content_type(&mut self, content_type: &ContentType) {
        self.open_comments.note(content_type);
    }

    fn remove_content_type(&mut self, content_type: &ContentType) {
        self.open_comments.forget(content_type);
    }

    /// The journey under each of its personas (each once), or under `None` if it has none, and
    /// under its objective.
    fn add_journey_owners(&mut self, journey: &Journey) {
        for persona in journey_personas(journey) {
            file_under(&mut self.persona_journeys, persona, journey.id);
        }
        if let Some(objective) = journey.objective_id {
            file_under(&mut self.objective_journeys, objective, journey.id);
        }
    }

    fn add_journey(&mut self, journey: &Journey) {
        self.add_journey_owners(journey);
        self.open_comments.note(journey);
        for step in &journey.steps {
            self.step_journey.insert(step.id, journey.id);
        }
        for mapping in &journey.mappings {
            let key = (mapping.step_id, mapping.content_type_id);
            self.touch_cell(key, |index| {
                index.mapped.insert(key);
            });
        }
    }

    fn remove_journey(&mut self, journey: &Journey) {
        self.open_comments.forget(journey);
        for persona in journey_personas(journey) {
            forget(&mut self.persona_journeys, persona, journey.id);
        }
        if let Some(objective) = journey.objective_id {
            forget(&mut self.objective_journeys, objective, journey.id);
        }
        for step in &journey.steps {
            self.step_journey.remove(&step.id);
        }
        for mapping in &journey.mappings {
            let key = (mapping.step_id, mapping.content_type_id);
            self.touch_cell(key, |index| {
                index.mapped.remove(&key);
            });
        }
    }
}

/// The personas a journey is listed under: each of its own once, or `None` when it has none.
fn journey_personas(journey: &Journey) -> Vec<Option<Id>> {
    if journey.persona_ids.is_empty() {
        return vec![None];
    }
    let mut personas: Vec<Option<Id>> = journey.persona_ids.iter().copied().map(Some).collect();
    personas.sort_unstable();
    personas.dedup();
    personas
}

/// Puts `id` on the list under `key` (made if there is none).
fn file_under<K: std::hash::Hash + Eq>(lists: &mut IdMap<K, Vec<Id>>, key: K, id: Id) {
    lists.entry(key).or_default().push(id);
}

/// Takes `id` off the list under `key` ([`file_under`]'s undoing), and the list off `lists`
/// once it is empty.
fn forget<K: std::hash::Hash + Eq>(lists: &mut IdMap<K, Vec<Id>>, key: K, id: Id) {
    if let Some(list) = lists.get_mut(&key) {
        if let Some(at) = list.iter().position(|listed| *listed == id) {
            list.swap_remove(at);
        }
        if list.is_empty() {
            lists.remove(&key);
        }
    }
}

/// The lists under each key, each sorted: for comparing lists built in different orders.
#[cfg(test)]
fn in_order<K: Ord + Copy>(lists: &IdMap<K, Vec<Id>>) -> BTreeMap<K, Vec<Id>> {
    lists
        .iter()
        .map(|(key, list)| {
            let mut list = list.clone();
            list.sort_unstable();
            (*key, list)
        })
        .collect()
}

/// The index's lists filed under an entry ([`file_under`]), each sorted: metrics per step,
/// journeys per persona, journeys per objective.
#[cfg(test)]
type FiledLists = (
    BTreeMap<Id, Vec<Id>>,
    BTreeMap<Option<Id>, Vec<Id>>,
    BTreeMap<Id, Vec<Id>>,
);

#[cfg(test)]
impl Index {
    /// The index's filed lists, each sorted (the order they are filed in is not kept): for
    /// telling that an index built one way holds what one built another way holds.
    pub(super) fn lists_in_order(&self) -> FiledLists {
        (
            in_order(&self.step_metrics),
            in_order(&self.persona_journeys),
            in_order(&self.objective_journeys),
        )
    }
}

/// From this many items on, a workspace's index is built (and its rules checked) on threads.
const BUILD_ON_THREADS: usize = 20_000;

/// The index's lookups of the items by date and cost (see [`Index`]).
struct Dates {
    dated: BTreeSet<(Date, Id)>,
    pending: BTreeSet<(Date, Id)>,
    pending_per_day: BTreeMap<Date, usize>,
    unscheduled: BTreeSet<Id>,
    costs: IdMap<Option<Id>, Costs>,
    monthly: BTreeMap<Date, Costs>,
}

impl Dates {
    fn build(items: &Table<Item>) -> Dates {
        // (date, id, status, cost) of every dated item.
        let mut dated = Vec::<DatedItem>::new();
        let mut unscheduled = Vec::new();
        let mut costs = IdMap::<Option<Id>, Costs>::default();
        for item in items {
            match item.available_on {
                Some(date) => dated.push((date, item.id, item.status, item.cost)),
                None if item.status.is_pending() => unscheduled.push(item.id),
                None => {}
            }
            costs
                .entry(item.channel_id)
                .or_default()
                .add(item.status, item.cost);
        }
        sort_by_day(&mut dated);
        // Counted a day at a time (the items are sorted by day), and the map made from the
        // counts in order, not looked up once per item.
        let mut pending_per_day = Vec::<(Date, usize)>::new();
        let mut monthly = Vec::<(Date, Costs)>::new();
        for (at, &(date, id, status, cost)) in dated.iter().enumerate() {
            // Sorted, an item listed twice (a repeated id) is counted pending once if any of
            // its copies is, as a set would.
            let pending = status.is_pending();
            let repeat = at > 0 && (dated[at - 1].0, dated[at - 1].1) == (date, id);
            if pending && !(repeat && dated[at - 1].2.is_pending()) {
                match pending_per_day.last_mut() {
                    Some((day, count)) if *day == date => *count += 1,
                    _ => pending_per_day.push((date, 1)),
                }
            }
            let month = date.first_of_month();
            match monthly.last_mut() {
                Some((last, costs)) if *last == month => costs.add(status, cost),
                _ => {
                    let mut costs = Costs::default();
                    costs.add(status, cost);
                    monthly.push((month, costs));
                }
            }
        }
        Dates {
            pending: dated
                .iter()
                .filter(|(_, _, status, _)| status.is_pending())
                .map(|&(date, id, _, _)| (date, id))
                .collect(),
            dated: dated
                .into_iter()
                .map(|(date, id, _, _)| (date, id))
                .collect(),
            pending_per_day: pending_per_day.into_iter().collect(),
            unscheduled: unscheduled.into_iter().collect(),
            costs,
            monthly: monthly.into_iter().collect(),
        }
    }
}

/// A dated item as the index's dates are made of it: its day, id, status and cost.
type DatedItem = (Date, Id, Status, f64);

/// Sorts dated items by (day, id, status). The items of a workspace fall on few days next to
/// their number (a plan spans some years): they are put into their days by counting, then
/// each day's few items sorted, instead of comparing ids across all of them. Dates spread
/// wider than that are sorted as a whole.
fn sort_by_day(dated: &mut Vec<DatedItem>) {
    let key = |&(date, id, status, _): &DatedItem| (date, id, status);
    let day = |item: &DatedItem| i64::from(item.0.as_time().to_julian_day());
    let (Some(first), Some(last)) = (dated.iter().map(day).min(), dated.iter().map(day).max())
    else {
        return;
    };
    let days = (last - first + 1) as usize;
    if days > dated.len() + 4096 {
        dated.sort_unstable_by_key(key);
        return;
    }
    // Where each day's items begin, then each item put at its day's next place.
    let mut starts = vec![0usize; days + 1];
    for item in dated.iter() {
        starts[(day(item) - first) as usize + 1] += 1;
    }
    for at in 1..starts.len() {
        starts[at] += starts[at - 1];
    }
    let mut next = starts.clone();
    let mut sorted = vec![dated[0]; dated.len()];
    for item in dated.iter() {
        let place = &mut next[(day(item) - first) as usize];
        sorted[*place] = *item;
        *place += 1;
    }
    for window in starts.windows(2) {
        sorted[window[0]..window[1]].sort_unstable_by_key(key);
    }
    *dated = sorted;
}

/// The distinct cells an item sits in.
fn item_cells(item: &Item) -> impl Iterator<Item = CellKey> + '_ {
    item.step_ids
        .iter()
        .enumerate()
        .filter(|(at, step)| !item.step_ids[..*at].contains(step))
        .map(|(_, step)| (*step, item.content_type_id))
}

/// A money amount in hundredths, so that sums and differences stay exact. Sums are `i128`: even
/// a million items at the largest amount the rules accept (10¹³) cannot wrap them, and an
/// amount beyond any `i64` (only in a file that is about to be refused) saturates rather than
/// wraps.
pub fn cents(amount: f64) -> i128 {
    i128::from((amount * 100.0).round() as i64)
}

/// What some items cost, in hundredths: those not available yet (planned) and the available
/// ones (spent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Costs {
    pub planned: i128,
    pub spent: i128,
    /// How many items are counted, so an emptied entry can leave the index.
    items: usize,
}

impl Costs {
    fn share(&mut self, status: Status) -> &mut i128 {
        if status.is_pending() {
            &mut self.planned
        } else {
            &mut self.spent
        }
    }

    /// Counts an item of this status and cost.
    fn add(&mut self, status: Status, cost: f64) {
        *self.share(status) += cents(cost);
        self.items += 1;
    }

    fn remove(&mut self, item: &Item) {
        *self.share(item.status) -= cents(item.cost);
        self.items -= 1;
    }

    fn is_empty(&self) -> bool {
        self.items == 0
    }
}

/// How many pending items are dated before a day, for the day last asked about
/// ([`PendingBefore::count`]): each edit of a pending item dated before it moves the count by
/// one, and asking about another day adds or takes away only the days in between (the status
/// line asks about today on every frame: nothing to add, however many days are past).
#[derive(Debug, Default)]
pub(super) struct PendingBefore(Mutex<Option<(Date, usize)>>);

impl PendingBefore {
    /// The count before `day`, from the count before the day last asked about and the per-day
    /// counts of the days in between (all of those before it, the first time).
    pub fn count(&self, day: Date, per_day: &BTreeMap<Date, usize>) -> usize {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let sum = |days: std::ops::Range<Date>| per_day.range(days).map(|(_, n)| n).sum::<usize>();
        let count = match *kept {
            Some((last, count)) if last <= day => count + sum(last..day),
            Some((last, count)) => count - sum(day..last),
            None => per_day.range(..day).map(|(_, n)| n).sum(),
        };
        *kept = Some((day, count));
        count
    }

    /// A pending item dated `date` came (`1`) or went (`-1`).
    fn follow(&mut self, date: Date, change: isize) {
        let kept = self.0.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let Some((day, count)) = kept
            && date < *day
        {
            *count = count.wrapping_add_signed(change);
        }
    }
}

impl Clone for PendingBefore {
    fn clone(&self) -> Self {
        PendingBefore(Mutex::new(
            *self.0.lock().unwrap_or_else(PoisonError::into_inner),
        ))
    }
}

/// A journey-mapping workspace: personas, journeys, content map, inventory, calendar and KPIs.
///
/// Fields are read through accessors and changed only through [`Change`](super::Change)s, so
/// the indexes can never disagree with the data.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    contents: Contents,
    pub(super) index: Index,
    /// Counts applied changes; views cache derived data by it.
    revision: u64,
}

impl Workspace {
    pub fn from_contents(mut contents: Contents) -> Self {
        super::fields::order_values(&mut contents);
        Workspace {
            index: Index::build(&contents, false).0,
            contents,
            revision: 0,
        }
    }

    /// The index the screens read: the content map's cells and gaps, the dates, the costs. A
    /// workspace kept for lookups only ([`Workspace::for_lookups`]) leaves it empty, so reading
    /// it there is a mistake, which a debug build (every test) stops at.
    pub(super) fn screens_index(&self) -> &Index {
        debug_assert!(
            !self.index.only_lookups,
            "a workspace kept for lookups only has no cells, dates or costs"
        );
        &self.index
    }

    /// A workspace whose only lookups are those by id: its tables' and its steps' journeys,
    /// without the cells, dates and costs the screens read (left empty). For a command that
    /// finds entries by id, checks, describes and writes them but never shows them: a merge of
    /// large files, whose result [`merge`](super::merge::merge) indexes in full for a screen,
    /// or an import. Edits may change it: those that take steps off items (a journey's update or a
    /// step's deletion) read every item for want of the cells; unmapping a cell, which reads
    /// the cells, is for a screen's workspace only.
    pub fn for_lookups(mut contents: Contents) -> Self {
        super::fields::order_values(&mut contents);
        Workspace {
            index: Index {
                step_journey: Index::step_journeys(&contents),
                only_lookups: true,
                ..Index::default()
            },
            contents,
            revision: 0,
        }
    }

    /// A workspace and every problem it has, as [`check_workspace`](super::rules::check_workspace) finds them: the entries
    /// are checked while the index is built (a file being opened is checked anyway).
    pub fn checked(mut contents: Contents) -> (Self, Vec<Problem>) {
        super::fields::order_values(&mut contents);
        let (index, mut problems) = Index::build(&contents, true);
        let workspace = Workspace {
            index,
            contents,
            revision: 0,
        };
        check_conflicts(&workspace, &mut problems);
        (workspace, problems)
    }

    /// Contents and every problem they have, the same as [`Workspace::checked`] finds, without
    /// the index the screens need: for a command that only reads the entries (a merge holds
    /// three large files at once and reads none of their cells or dates). Only contents with
    /// merge conflicts build a workspace, to check them.
    pub fn checked_contents(mut contents: Contents) -> (Contents, Vec<Problem>) {
        super::fields::order_values(&mut contents);
        let step_journey = Index::step_journeys(&contents);
        let mut problems = check_entries(Lookups {
            contents: &contents,
            step_journey: &step_journey,
        });
        if contents.conflicts.is_empty() {
            return (contents, problems);
        }
        let workspace = Workspace::from_contents(contents);
        check_conflicts(&workspace, &mut problems);
        (workspace.into_contents(), problems)
    }

    /// What the rules look entries up in.
    pub fn lookups(&self) -> Lookups<'_> {
        Lookups {
            contents: &self.contents,
            step_journey: &self.index.step_journey,
        }
    }

    /// An empty workspace with a name.
    pub fn blank(name: &str) -> Self {
        Workspace::from_contents(Contents {
            name: name.to_string(),
            ..Contents::default()
        })
    }

    pub fn contents(&self) -> &Contents {
        &self.contents
    }

    /// The workspace as it is now, in O(1): what a save on another thread writes while edits
    /// go on here.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::of(&self.contents, self.revision)
    }

    /// The contents alone, the indexes dropped: for a command that only reads entries (a merge
    /// of three large files keeps three of them at once).
    pub fn into_contents(self) -> Contents {
        self.contents
    }

    pub fn name(&self) -> &str {
        &self.contents.name
    }
    pub fn currency(&self) -> &str {
        &self.contents.currency
    }
    pub fn objectives(&self) -> &Table<Objective> {
        &self.contents.objectives
    }
    pub fn channels(&self) -> &Table<Channel> {
        &self.contents.channels
    }
    pub fn personas(&self) -> &Table<Persona> {
        &self.contents.personas
    }
    pub fn content_types(&self) -> &Table<ContentType> {
        &self.contents.content_types
    }
    pub fn journeys(&self) -> &Table<Journey> {
        &self.contents.journeys
    }
    pub fn items(&self) -> &Table<Item> {
        &self.contents.items
    }
    pub fn metrics(&self) -> &Table<Metric> {
        &self.contents.metrics
    }
    /// The merge conflicts waiting for a person to pick a side.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.contents.conflicts
    }

    /// Incremented by every applied change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The journey a step belongs to.
    pub fn journey_of_step(&self, step_id: Id) -> Option<&Journey> {
        let journey = *self.index.step_journey.get(&step_id)?;
        self.journeys().get(journey)
    }

    pub fn step(&self, step_id: Id) -> Option<&Step> {
        self.journey_of_step(step_id)?.step(step_id)
    }

    /// Whether an id names any entry of the workspace, of any kind.
    pub fn knows_id(&self, id: Id) -> bool {
        self.objectives().contains(id)
            || self.channels().contains(id)
            || self.personas().contains(id)
            || self.content_types().contains(id)
            || self.journeys().contains(id)
            || self.index.step_journey.contains_key(&id)
            || self.items().contains(id)
            || self.metrics().contains(id)
    }

    /// Takes the search's text prepared from a snapshot of this workspace, unless an edit or a
    /// reload came in between (or a search already prepared it): then it is dropped, and the
    /// text stays what the workspace itself prepares and keeps up to date.
    pub fn adopt_search(&mut self, prepared: PreparedSearch) {
        if prepared.from.same_rows_as(&self.contents) {
            let _ = self.index.search.set(prepared.texts);
            let _ = self.index.owners.set(prepared.owners);
        }
    }

    /// How many items each owner has, by owner (trimmed; the empty string for none), in
    /// order: counted on first use, unless prepared with the search's text.
    pub fn owners(&self) -> &Owners {
        self.index
            .owners
            .get_or_init(|| Owners::of(self.contents.items.iter()))
    }

    /// Whether the items' owners are counted ([`Workspace::owners`] then reads no item).
    pub fn owners_counted(&self) -> bool {
        self.index.owners.get().is_some()
    }

    /// Whether the search's text is ready (prepared here, or adopted).
    pub fn search_prepared(&self) -> bool {
        self.index.search.get().is_some()
    }

    /// The text the search reads, prepared on first use.
    pub(super) fn search_texts(&self) -> &SearchTexts {
        self.index
            .search
            .get_or_init(|| SearchTexts::build(&self.contents))
    }

    pub(super) fn contents_mut(&mut self) -> (&mut Contents, &mut Index) {
        self.revision += 1;
        (&mut self.contents, &mut self.index)
    }
}

/// Hooks that keep the index in step with a table of one kind.
pub(super) trait Indexed: Entity + Searchable {
    fn table(contents: &mut Contents) -> &mut Table<Self>;
    fn texts(search: &mut SearchTexts) -> &mut Texts;
    fn added(_index: &mut Index, _row: &Self) {}
    fn removed(_index: &mut Index, _row: &Self) {}
    /// A row replaced by its new version (same id): by default it leaves and enters again.
    fn replaced(index: &mut Index, old: &Self, new: &Self) {
        Self::removed(index, old);
        Self::added(index, new);
    }
    /// Follows a change to the table, given the table as it now is and the change that undoes
    /// it: for a lookup kept in the table's order.
    fn follow(_index: &mut Index, _table: &Table<Self>, _undo: &super::Slot<Self>) {}
}

macro_rules! indexed {
    ($type:ty, $field:ident) => {
        impl Indexed for $type {
            fn table(contents: &mut Contents) -> &mut Table<Self> {
                &mut contents.$field
            }
            fn texts(search: &mut SearchTexts) -> &mut Texts {
                &mut search.$field
            }
        }
    };
    (
        $type:ty, $field:ident, $add:ident, $remove:ident
        $(, replaced: $replace:ident)? $(, follows: $follow:ident)?
    ) => {
        impl Indexed for $type {
            fn table(contents: &mut Contents) -> &mut Table<Self> {
                &mut contents.$field
            }
            fn texts(search: &mut SearchTexts) -> &mut Texts {
                &mut search.$field
            }
            fn added(index: &mut Index, row: &Self) {
                index.$add(row)
            }
            fn removed(index: &mut Index, row: &Self) {
                index.$remove(row)
            }
            $(
                fn replaced(index: &mut Index, old: &Self, new: &Self) {
                    index.$replace(old, new)
                }
            )?
            $(
                fn follow(index: &mut Index, table: &Table<Self>, undo: &super::Slot<Self>) {
                    index.$follow(table, undo)
                }
            )?
        }
    };
}
indexed!(Objective, objectives);
indexed!(Channel, channels);
indexed!(Persona, personas, add_persona, remove_persona);
indexed!(
    ContentType,
    content_types,
    add_content_type,
    remove_content_type
);
indexed!(Journey, journeys, add_journey, remove_journey);
indexed!(Item, items, add_item, remove_item, replaced: replace_item);
indexed!(Metric, metrics, add_metric, remove_metric, follows: follow_metrics);

impl Serialize for Workspace {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.contents.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Workspace {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Contents::deserialize(deserializer).map(Workspace::from_contents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::decode;
    use crate::storage::location::SAMPLE;

    /// The index as adding the workspace's journeys and items one by one makes it.
    fn one_by_one(contents: &Contents) -> Index {
        let mut index = Index::default();
        for journey in &contents.journeys {
            index.add_journey(journey);
        }
        for item in &contents.items {
            index.add_item(item);
        }
        for metric in &contents.metrics {
            index.add_metric(metric);
        }
        for persona in &contents.personas {
            index.add_persona(persona);
        }
        for content_type in &contents.content_types {
            index.add_content_type(content_type);
        }
        index.metric_levels = MetricLevels::build(&contents.metrics);
        index
    }

    #[track_caller]
    fn assert_same(a: &Index, b: &Index) {
        assert_eq!(a.mapped, b.mapped, "mapped");
        assert_eq!(a.cells, b.cells, "cells");
        assert_eq!(a.step_journey, b.step_journey, "step_journey");
        assert_eq!(a.dated, b.dated, "dated");
        assert_eq!(a.pending, b.pending, "pending");
        assert_eq!(a.pending_per_day, b.pending_per_day, "pending per day");
        assert_eq!(a.unscheduled, b.unscheduled, "unscheduled");
        assert_eq!(a.costs, b.costs, "costs");
        assert_eq!(a.monthly, b.monthly, "monthly");
        assert_eq!(a.gaps, b.gaps, "gaps");
        assert_eq!(a.step_gaps, b.step_gaps, "gaps per step");
        assert_eq!(
            a.lists_in_order(),
            b.lists_in_order(),
            "metrics per step, journeys per persona and per objective"
        );
        assert_eq!(a.metric_levels, b.metric_levels, "metrics by level");
        assert_eq!(
            a.open_comments, b.open_comments,
            "entries with open comments"
        );
    }

    #[test]
    fn the_index_built_in_bulk_is_the_index_built_entry_by_entry() {
        let sample = decode(SAMPLE.as_bytes()).expect("the sample decodes");
        let mut contents = sample.contents().clone();
        assert!(sample.index.gaps > 0 && !sample.index.pending.is_empty());
        assert_same(&Index::build(&contents, false).0, &one_by_one(&contents));

        // A file that repeats an item (refused on load, but indexed before it is checked): a
        // copy that is available and one that is not, on the same day.
        let mut copies = contents.items.iter().filter(|i| i.available_on.is_some());
        let mut repeated = copies.next().expect("a dated item").clone();
        repeated.status = Status::Available;
        let mut pending = repeated.clone();
        pending.status = Status::ToCreate;
        let mut rows: Vec<Item> = contents.items.iter().cloned().collect();
        rows.extend([repeated.clone(), pending, repeated]);
        contents.items = Table::from_rows(rows);
        assert_same(&Index::build(&contents, false).0, &one_by_one(&contents));
    }

    /// An item's new version moves it in the index only where what the index reads of it
    /// changed: after each kind of change the index is the one built from scratch (up to the
    /// order of a cell's list, which nothing reads), and a change of title alone leaves the item
    /// where it was in its cells (leaving and entering again put it last).
    #[test]
    fn an_item_replaced_moves_in_the_index_only_where_it_changed() {
        use crate::model::edit;
        let mut ws = decode(SAMPLE.as_bytes()).expect("the sample decodes");
        let in_cells = |ws: &Workspace| {
            let mut cells = ws.index.cells.clone();
            for cell in cells.values_mut() {
                cell.items.sort_unstable();
            }
            cells
        };
        // An item dated and not yet available, in a cell where others come after it.
        let not_last =
            |key: &CellKey, item: &Item| ws.index.cells[key].items.last() != Some(&item.id);
        let item = ws
            .items()
            .iter()
            .find(|item| {
                item.available_on.is_some()
                    && item.status.is_pending()
                    && item_cells(item).any(|key| not_last(&key, item))
            })
            .expect("the sample has such an item")
            .clone();
        let key = item_cells(&item)
            .find(|key| not_last(key, &item))
            .expect("a cell where the item is not last");
        let other_type = ws
            .content_types()
            .iter()
            .find(|t| t.id != item.content_type_id)
            .expect("another content type")
            .id;
        let other_channel = ws
            .channels()
            .iter()
            .find(|c| Some(c.id) != item.channel_id)
            .map(|c| c.id);
        let other_step = ws
            .journeys()
            .iter()
            .flat_map(|j| &j.steps)
            .find(|s| !item.step_ids.contains(&s.id))
            .expect("another step")
            .id;

        let before = ws.index.cells[&key].items.clone();
        let retitled = Item {
            title: format!("{} (new title)", item.title),
            ..item.clone()
        };
        edit::update(&mut ws, retitled.clone()).expect("a new title is valid");
        assert_eq!(
            ws.index.cells[&key].items, before,
            "the item kept its place"
        );

        /// One change to the item.
        type Change<'a> = &'a dyn Fn(&mut Item);
        let changes: [Change; 10] = [
            &|i| i.notes.push_str(" and a note"),
            &|i| i.status = Status::Available,
            &|i| i.status = Status::InProgress,
            &|i| i.available_on = None,
            &|i| i.available_on = Date::from_ymd(2031, 2, 3),
            &|i| i.cost += 12.5,
            &|i| i.channel_id = other_channel,
            &|i| i.content_type_id = other_type,
            &|i| i.step_ids.push(other_step),
            &|i| {
                i.step_ids.remove(0);
            },
        ];
        let mut current = retitled;
        for (n, change) in changes.iter().enumerate() {
            change(&mut current);
            edit::update(&mut ws, current.clone()).expect("a valid change");
            let fresh = Workspace::from_contents(ws.contents().clone());
            assert_eq!(in_cells(&ws), in_cells(&fresh), "cells after change {n}");
            let (mut index, mut built) = (ws.index.clone(), fresh.index.clone());
            index.cells = Default::default();
            built.cells = Default::default();
            assert_same(&index, &built);
        }
    }

    /// Items put into their days by counting come out as a sort of them all would put them:
    /// by day, then id, then status, a repeated id on the same day kept next to its copy; and
    /// so do dates spread too wide to count, which are sorted whole.
    #[test]
    fn dated_items_sorted_by_day_are_in_the_order_of_a_whole_sort() {
        let day = |n: i64| {
            Date::from_ymd(2026, 1, 1)
                .and_then(|d| d.add_days(n))
                .expect("a day")
        };
        let statuses = Status::ALL;
        let mut items: Vec<DatedItem> = (0..5000u128)
            .map(|n| {
                let spread = (n * 7919 % 400) as i64;
                (
                    day(spread),
                    Id::from_u128(n * 104_729 % 3001),
                    statuses[(n % 3) as usize],
                    n as f64,
                )
            })
            .collect();
        // Far apart: wider than the items are many.
        let mut wide = items.clone();
        wide.push((day(100_000), Id::from_u128(1), Status::ToCreate, 1.0));
        wide.push((day(-100_000), Id::from_u128(2), Status::Available, 2.0));
        for items in [&mut items, &mut wide] {
            let mut whole = items.clone();
            whole.sort_unstable_by_key(|&(date, id, status, _)| (date, id, status));
            sort_by_day(items);
            let keys = |items: &[DatedItem]| -> Vec<(Date, Id, Status)> {
                items.iter().map(|&(d, i, s, _)| (d, i, s)).collect()
            };
            assert_eq!(keys(items), keys(&whole));
        }
        let mut none = Vec::new();
        sort_by_day(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn a_workspace_checked_while_its_index_is_built_or_without_one_has_the_problems_of_one_checked_after()
     {
        use crate::model::rules::check_workspace;
        let sample = decode(SAMPLE.as_bytes()).expect("the sample decodes");
        let mut contents = sample.contents().clone();
        // Broken twice: an item whose id repeats one far before it, and one on a step no
        // journey has; padded with fresh items so the index is built on threads.
        let model = contents.items.iter().next().expect("an item").clone();
        let mut rows: Vec<Item> = contents.items.iter().cloned().collect();
        rows.extend((0..BUILD_ON_THREADS as u128).map(|n| Item {
            id: Id::from_u128(0x5eed_0000 + n),
            ..model.clone()
        }));
        let mut repeated = model.clone();
        repeated.title = "the repeat".into();
        let mut stray = model.clone();
        stray.id = Id::from_u128(0x5eed_ffff_ffff);
        stray.step_ids = vec![Id::from_u128(0xdead)];
        rows.extend([repeated, stray]);
        contents.items = Table::from_rows(rows);
        let after = check_workspace(&Workspace::from_contents(contents.clone()));
        let (workspace, during) = Workspace::checked(contents.clone());
        assert!(after.len() >= 2, "{after:#?}");
        assert_eq!(during, after);
        assert_same(&workspace.index, &one_by_one(&contents));

        // A small workspace is checked on one thread: the same problems.
        let small = sample.contents().clone();
        assert_eq!(
            Workspace::checked(small.clone()).1,
            check_workspace(&Workspace::from_contents(small))
        );

        // Checked without the index (for a merge's sides), the same problems, conflicts
        // included: one about an entry no longer there.
        contents.conflicts.push(Conflict {
            id: Id::from_u128(0x90_0e),
            kind: crate::model::ConflictKind::Entry(crate::model::schema::EntityKind::Item),
            field: "title".into(),
            ours: "ours".into(),
            theirs: "theirs".into(),
            base: "base".into(),
            extra: Extra::new(),
        });
        let (without_index, problems) = Workspace::checked_contents(contents.clone());
        let (workspace, expected) = Workspace::checked(contents);
        assert_eq!(problems, expected);
        assert!(
            problems.iter().any(|p| p.entry.starts_with("conflicts")),
            "{problems:#?}"
        );
        assert_eq!(
            crate::storage::encode(&Workspace::from_contents(without_index)),
            crate::storage::encode(&workspace)
        );
    }
}
