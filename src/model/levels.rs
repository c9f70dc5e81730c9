//! The metrics in the order the metrics view lists them: by level (strategic, marketing,
//! integrated), each level's in the table's order. Kept by every change, so that the view
//! finds the row at a position, and a metric's position, without listing every metric on
//! every frame and key.

use super::{Id, Level, Metric, Slot, Table};

/// Each level's metrics (in [`Level::ALL`]'s order), each level's in the table's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct MetricLevels {
    lists: [Vec<Id>; Level::ALL.len()],
}

/// Where a level's list is among the lists: its place in [`Level::ALL`].
fn rank(level: Level) -> usize {
    Level::ALL
        .iter()
        .position(|listed| *listed == level)
        .expect("Level::ALL lists every level")
}

impl MetricLevels {
    /// The lists of a whole table, in one pass.
    pub fn build(metrics: &Table<Metric>) -> MetricLevels {
        let mut levels = MetricLevels::default();
        for metric in metrics {
            levels.lists[rank(metric.level)].push(metric.id);
        }
        levels
    }

    /// The id of the metric at `at` in the view's order.
    pub fn at(&self, mut at: usize) -> Option<Id> {
        for list in &self.lists {
            match list.get(at) {
                Some(id) => return Some(*id),
                None => at -= list.len(),
            }
        }
        None
    }

    /// Where the metric `id` of `metrics` is in the view's order: after the levels before its
    /// own, at its place among its level's (found by its position in the table).
    pub fn position(&self, metrics: &Table<Metric>, id: Id) -> Option<usize> {
        let level = rank(metrics.get(id)?.level);
        let before: usize = self.lists[..level].iter().map(Vec::len).sum();
        let list = &self.lists[level];
        let at = place(list, metrics, metrics.position(id)?);
        (list.get(at) == Some(&id)).then_some(before + at)
    }

    /// Follows a change to the metrics' table, given the table as it now is and the change
    /// that undoes it (what [`Workspace::apply`](super::Workspace::apply) returns): an entry
    /// that came, went, moved or changed level leaves its list and enters at its place.
    pub fn follow(&mut self, table: &Table<Metric>, undo: &Slot<Metric>) {
        let row = |at: usize| table.at(at).expect("the change just wrote this position");
        match undo {
            Slot::Remove { at } => self.enter(table, *at),
            Slot::Insert { value, .. } => self.leave(value),
            Slot::Replace { at, value: old } => {
                let new = row(*at);
                if (new.id, new.level) != (old.id, old.level) {
                    self.leave(old);
                    self.enter(table, *at);
                }
            }
            // The undo moves back from where the entry went to where it was.
            Slot::Move { from: now, .. } => {
                self.leave(row(*now));
                self.enter(table, *now);
            }
            // Many rows at once: the table itself was rebuilt, and so are the lists.
            Slot::RemoveMany { .. } | Slot::InsertMany { .. } => *self = MetricLevels::build(table),
        }
    }

    /// Puts the metric at `at` of the table into its level's list, among the others in the
    /// table's order.
    fn enter(&mut self, table: &Table<Metric>, at: usize) {
        let metric = table.at(at).expect("the change just wrote this position");
        let list = &mut self.lists[rank(metric.level)];
        let place = place(list, table, at);
        list.insert(place, metric.id);
    }

    /// Takes a metric off its level's list.
    fn leave(&mut self, metric: &Metric) {
        let list = &mut self.lists[rank(metric.level)];
        if let Some(at) = list.iter().position(|id| *id == metric.id) {
            list.remove(at);
        }
    }
}

/// Where the row at `at` of the table goes in a list kept in the table's order: after every
/// listed row placed before it.
fn place(list: &[Id], table: &Table<Metric>, at: usize) -> usize {
    list.partition_point(|id| table.position(*id).is_some_and(|listed| listed < at))
}
