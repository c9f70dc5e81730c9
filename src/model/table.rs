//! An ordered collection of entries with an index by id.
//!
//! The file keeps entries in the user's order, and the screens look entries up by id all the
//! time; `Table` keeps both so a lookup never scans the collection.
//!
//! The rows are a persistent vector: a copy of them ([`Table::rows`]) costs O(1) and shares
//! every row with the table, and an edit copies only the path to the row it changes. That is
//! what lets a save or a later merge take the workspace as it is now while the user goes on
//! editing.

use std::fmt;
use std::marker::PhantomData;

use imbl::Vector;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Entity, Id, IdMap};

/// The rows of a table, in file order, walked a leaf of the vector at a time: each leaf is a
/// slice, so a walk over all rows runs at nearly the speed of one over a `Vec` (the vector's own
/// iterator looks each row up by its index, several times slower).
pub struct Iter<'a, T> {
    leaves: imbl::vector::Chunks<'a, T, imbl::shared_ptr::DefaultSharedPtr>,
    front: std::slice::Iter<'a, T>,
    back: std::slice::Iter<'a, T>,
    left: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        loop {
            if let Some(row) = self.front.next() {
                self.left -= 1;
                return Some(row);
            }
            match self.leaves.next() {
                Some(leaf) => self.front = leaf.iter(),
                None => {
                    let row = self.back.next();
                    self.left -= usize::from(row.is_some());
                    return row;
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }

    /// A leaf at a time, each as a slice (what `sum`, `count`, `for_each` and friends use).
    fn fold<B, F: FnMut(B, &'a T) -> B>(self, init: B, mut f: F) -> B {
        let mut acc = self.front.fold(init, &mut f);
        for leaf in self.leaves {
            acc = leaf.iter().fold(acc, &mut f);
        }
        self.back.fold(acc, f)
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.back.next_back() {
                self.left -= 1;
                return Some(row);
            }
            match self.leaves.next_back() {
                Some(leaf) => self.back = leaf.iter(),
                None => {
                    let row = self.front.next_back();
                    self.left -= usize::from(row.is_some());
                    return row;
                }
            }
        }
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

#[derive(Clone, Debug, Default)]
pub struct Table<T: Clone> {
    rows: Vector<T>,
    /// Position of the first entry with each id (a loaded file may repeat an id; validation
    /// reports that, and the first one wins here). Not part of a copy of the rows: writing the
    /// file does not need it.
    positions: IdMap<Id, usize>,
}

impl<T: Entity> Table<T> {
    pub fn new() -> Self {
        Table {
            rows: Vector::new(),
            positions: IdMap::default(),
        }
    }

    pub fn from_rows(rows: impl IntoIterator<Item = T>) -> Self {
        Table::from_vector(rows.into_iter().collect())
    }

    /// A table of rows already in a persistent vector, taken as they are: a large file's rows
    /// are neither copied into another vector nor walked twice to index them.
    pub fn from_vector(rows: Vector<T>) -> Self {
        let mut positions = IdMap::with_capacity_and_hasher(rows.len(), Default::default());
        let mut table = Table {
            rows,
            positions: IdMap::default(),
        };
        for (at, row) in table.iter().enumerate() {
            Table::index_row(&mut positions, row, at);
        }
        table.positions = positions;
        table
    }

    /// Indexes the row at `at`, unless an earlier row has its id: the first of repeated ids
    /// wins.
    fn index_row(positions: &mut IdMap<Id, usize>, row: &T, at: usize) {
        positions.entry(row.id()).or_insert(at);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows in file order: an O(1) copy that shares them with this table.
    pub fn rows(&self) -> Vector<T> {
        self.rows.clone()
    }

    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            leaves: self.rows.leaves(),
            front: [].iter(),
            back: [].iter(),
            left: self.rows.len(),
        }
    }

    pub fn get(&self, id: Id) -> Option<&T> {
        self.position(id).and_then(|at| self.rows.get(at))
    }

    /// How many different ids the rows have: fewer than [`Table::len`] when an id repeats.
    pub fn distinct_ids(&self) -> usize {
        self.positions.len()
    }

    pub fn contains(&self, id: Id) -> bool {
        self.positions.contains_key(&id)
    }

    /// The rows with the ids given that are in the table, each once, in the table's order:
    /// what an index lists of a table, as the screens show it.
    pub fn rows_of<'a>(&'a self, ids: impl IntoIterator<Item = &'a Id>) -> Vec<&'a T> {
        let mut positions: Vec<usize> = ids
            .into_iter()
            .filter_map(|id| self.position(*id))
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().filter_map(|at| self.at(at)).collect()
    }

    pub fn position(&self, id: Id) -> Option<usize> {
        self.positions.get(&id).copied()
    }

    /// [`Table::position`], looked for at `guess` first: the same answer, found without a
    /// lookup in the map of every id (a cache miss in a large table) when the guess is right,
    /// as it is for a caller going through the rows in their order. Where an id repeats, the
    /// map is asked (its first row is the one the map gives).
    pub fn position_from(&self, id: Id, guess: usize) -> Option<usize> {
        let unique = self.positions.len() == self.rows.len();
        if unique && self.rows.get(guess).is_some_and(|row| row.id() == id) {
            Some(guess)
        } else {
            self.position(id)
        }
    }

    pub fn at(&self, at: usize) -> Option<&T> {
        self.rows.get(at)
    }

    /// The row at `at`, moved out and a default row left in its place: a merge moves the rows
    /// it takes whole from a side into the merged table instead of copying them. The index is
    /// left as it was, for the row to be put back ([`Table::put_back`]) before the table is
    /// read again.
    pub(super) fn take_out(&mut self, at: usize) -> T {
        std::mem::take(&mut self.rows[at])
    }

    /// Puts a row taken out by [`Table::take_out`] back at its place.
    pub(super) fn put_back(&mut self, at: usize, row: T) {
        self.rows[at] = row;
    }

    pub(super) fn insert(&mut self, at: usize, row: T) {
        self.rows.insert(at, row);
        self.reindex_from(at);
    }

    pub(super) fn remove(&mut self, at: usize) -> T {
        let row = self.rows.remove(at);
        if self.positions.get(&row.id()) == Some(&at) {
            self.positions.remove(&row.id());
        }
        self.reindex_from(at);
        row
    }

    pub(super) fn replace(&mut self, at: usize, row: T) -> T {
        let old = self.rows.set(at, row);
        if old.id() != self.rows[at].id() {
            if self.positions.get(&old.id()) == Some(&at) {
                self.positions.remove(&old.id());
            }
            self.positions.insert(self.rows[at].id(), at);
        }
        old
    }

    pub(super) fn relocate(&mut self, from: usize, to: usize) {
        let row = self.rows.remove(from);
        self.rows.insert(to, row);
        self.reindex_from(from.min(to));
    }

    /// Removes the entries at `at` (ascending positions) in one pass over the rows from the
    /// first of them on (those before it stay as they are, unread); returns them with their
    /// positions, ready for [`Table::insert_many`].
    pub(super) fn remove_many(&mut self, at: &[usize]) -> Vec<(usize, T)> {
        let Some(&first) = at.first() else {
            return Vec::new();
        };
        let mut removed = Vec::with_capacity(at.len());
        let mut wanted = at.iter().peekable();
        // A first position past the end removes nothing, as the positions after the last.
        let first = first.min(self.rows.len());
        let tail = self.rows.split_off(first);
        for (position, row) in (first..).zip(tail) {
            if wanted.next_if_eq(&&position).is_some() {
                self.positions.remove(&row.id());
                removed.push((position, row));
            } else {
                self.rows.push_back(row);
            }
        }
        self.reindex_from(first);
        removed
    }

    /// Puts entries at their positions (ascending): back where [`Table::remove_many`] took them
    /// from, or after the last (new entries added together). One pass over the rows from the
    /// first position on: those before it stay as they are, unread, so entries added after the
    /// last cost only themselves.
    pub(super) fn insert_many(&mut self, rows: Vec<(usize, T)>) {
        let Some(&(first, _)) = rows.first() else {
            return;
        };
        // A first position past the end starts the pass at the end: every row stays before it.
        let first = first.min(self.rows.len());
        let tail = self.rows.split_off(first);
        let total = first + tail.len() + rows.len();
        let mut old = tail.into_iter();
        let mut new = rows.into_iter().peekable();
        for position in first..total {
            match new.next_if(|(at, _)| *at == position) {
                Some((_, row)) => self.rows.push_back(row),
                None => self.rows.extend(old.next()),
            }
        }
        self.reindex_from(first);
    }

    /// Points the index at the entries from `start` on; entries before it did not move.
    ///
    /// The walk starts at `start`'s leaf: skipping the rows before it one by one would make an
    /// entry added at the end cost as much as the whole table (an import of many rows quadratic).
    ///
    /// The last row alone (one added at the end) is indexed without the walk, whose cursor
    /// costs more than the row: it holds and then lets go of the vector's nodes.
    fn reindex_from(&mut self, start: usize) {
        if start + 1 == self.rows.len() {
            self.positions.insert(self.rows[start].id(), start);
            return;
        }
        let mut focus = self.rows.focus();
        let mut at = start;
        while at < focus.len() {
            let (leaf_range, leaf) = focus.chunk_at(at);
            for row in &leaf[at - leaf_range.start..] {
                self.positions.insert(row.id(), at);
                at += 1;
            }
        }
    }
}

impl<'a, T: Entity> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize + Clone> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de, T: Entity> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RowsVisitor(PhantomData))
    }
}

/// Reads rows straight into the persistent vector, one at a time, so a large file's rows are
/// never held twice at load (as a `Vec`, then converted).
struct RowsVisitor<T>(PhantomData<T>);

impl<'de, T: Entity> Visitor<'de> for RowsVisitor<T> {
    type Value = Table<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    /// The rows are indexed once they are all read, into a map made at its size: indexing
    /// each as it is read grows the map a dozen times over on the way to a hundred thousand
    /// rows, rehashing every id read so far each time.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Table<T>, A::Error> {
        let mut rows = Vector::new();
        while let Some(row) = seq.next_element()? {
            rows.push_back(row);
        }
        Ok(Table::from_vector(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Objective;

    fn objective(n: u128) -> Objective {
        Objective {
            id: Id::from_u128(n),
            title: format!("o{n}"),
            ..Default::default()
        }
    }

    fn assert_indexed(table: &Table<Objective>) {
        for (at, row) in table.iter().enumerate() {
            assert_eq!(table.position(row.id), Some(at));
        }
        assert_eq!(table.positions.len(), table.len());
    }

    #[test]
    fn rows_walk_in_order_from_both_ends_across_leaves() {
        let mut table = Table::from_rows((0..1000).map(objective));
        // Leaves of uneven sizes, as edits in the middle leave them.
        table.insert(500, objective(5000));
        table.remove(70);
        let expected: Vec<Id> = table.rows.iter().map(|o| o.id).collect();
        assert_eq!(table.iter().map(|o| o.id).collect::<Vec<_>>(), expected);
        let mut backwards: Vec<Id> = table.iter().rev().map(|o| o.id).collect();
        backwards.reverse();
        assert_eq!(backwards, expected);
        // From both ends at once, meeting in the middle, counting down exactly.
        let mut rows = table.iter();
        let (mut front, mut back) = (Vec::new(), Vec::new());
        while rows.len() > 0 {
            let left = rows.len();
            front.extend(rows.next().map(|o| o.id));
            back.extend(rows.next_back().map(|o| o.id));
            assert_eq!(rows.len(), left.saturating_sub(2));
        }
        assert!(rows.next().is_none() && rows.next_back().is_none());
        back.reverse();
        front.extend(back);
        assert_eq!(front, expected);
        assert_eq!(Table::<Objective>::new().iter().count(), 0);
        // Folded a leaf at a time, after steps from both ends.
        let mut rows = table.iter();
        rows.next();
        rows.next_back();
        let folded = rows.fold(Vec::new(), |mut ids, o| {
            ids.push(o.id);
            ids
        });
        assert_eq!(folded, expected[1..expected.len() - 1]);
    }

    /// Adding entries at the end of a long table, as an import does row by row, keeps every
    /// entry indexed, and so does removing the one before the last (which moves the last row
    /// alone). What one append costs at any length is measured by the benchmark
    /// `commands/import_100k_rows_into_1M` against `…_into_100k`, not timed here.
    #[test]
    fn appending_to_a_long_table_keeps_every_entry_indexed() {
        let mut table = Table::from_rows((1..=100_000).map(objective));
        for n in 0..300 {
            table.insert(table.len(), objective(1_000_000 + n));
        }
        assert_eq!(table.len(), 100_300);
        assert_eq!(table.position(Id::from_u128(1_000_299)), Some(100_299));
        assert_indexed(&table);
        table.remove(table.len() - 2);
        assert_eq!(table.position(Id::from_u128(1_000_299)), Some(100_298));
        assert_eq!(table.position(Id::from_u128(1_000_298)), None);
        assert_indexed(&table);
    }

    /// New entries put after the last together (an import's chunk) are in order and indexed,
    /// across the vector's leaves, as if added one by one.
    #[test]
    fn entries_put_after_the_last_together_are_indexed() {
        let mut table = Table::from_rows((1..=1000).map(objective));
        let rows = (1000..1300).map(|at| (at, objective(10_000 + at as u128)));
        table.insert_many(rows.collect());
        assert_eq!(table.len(), 1300);
        assert_eq!(table.at(999).map(|o| o.id), Some(Id::from_u128(1000)));
        assert_eq!(table.at(1000).map(|o| o.id), Some(Id::from_u128(11_000)));
        assert_eq!(table.at(1299).map(|o| o.id), Some(Id::from_u128(11_299)));
        assert_indexed(&table);
    }

    #[test]
    fn a_position_looked_for_at_a_guess_first_is_the_position() {
        let table = Table::from_rows((1..=4).map(objective));
        let id = Id::from_u128(3);
        for guess in [2, 0, 3, 99] {
            assert_eq!(table.position_from(id, guess), Some(2), "guess {guess}");
        }
        assert_eq!(table.position_from(Id::from_u128(9), 2), None);
        // Ids 1, 2, 1: the first of a repeated id, as the map gives it, even guessed at the
        // second.
        let repeated = Table::from_rows([1, 2, 1].map(objective));
        assert_eq!(repeated.position_from(Id::from_u128(1), 2), Some(0));
    }

    #[test]
    fn a_table_read_from_json_is_indexed_as_one_built_from_its_rows() {
        // Ids 1, 2, 1: the first of a repeated id wins, whichever way the table is made.
        let rows = [1, 2, 1].map(objective);
        let json = serde_json::to_string(&rows).expect("rows serialise");
        let read: Table<Objective> = serde_json::from_str(&json).expect("rows read");
        let built = Table::from_rows(rows);
        assert_eq!(read.positions, built.positions);
        assert_eq!(read.position(Id::from_u128(1)), Some(0));
        assert_eq!(read.distinct_ids(), 2);
    }

    #[test]
    fn index_follows_every_change() {
        let mut table = Table::from_rows((1..=5).map(objective));
        table.remove(1);
        assert_indexed(&table);
        table.insert(0, objective(9));
        assert_indexed(&table);
        table.relocate(0, 4);
        assert_indexed(&table);
        table.relocate(4, 1);
        assert_indexed(&table);
        table.replace(2, objective(7));
        assert_indexed(&table);
        let before: Vec<Id> = table.iter().map(|o| o.id).collect();
        let removed = table.remove_many(&[0, 2, 4]);
        assert_eq!(
            removed.iter().map(|(at, _)| *at).collect::<Vec<_>>(),
            [0, 2, 4]
        );
        assert_eq!(table.len(), 2);
        assert_indexed(&table);
        table.insert_many(removed);
        assert_indexed(&table);
        assert_eq!(table.iter().map(|o| o.id).collect::<Vec<_>>(), before);
        assert_eq!(table.get(Id::from_u128(7)).unwrap().title, "o7");
        assert!(!table.contains(Id::from_u128(2)));
    }
}
