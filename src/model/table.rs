//! An ordered collection of entries with an index by id.
//!
//! The file keeps entries in the user's order, and the screens look entries up by id all the
//! time; `Table` keeps both so a lookup never scans the collection.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Entity, Id};

#[derive(Clone, Debug, Default)]
pub struct Table<T> {
    rows: Vec<T>,
    /// Position of the first entry with each id (a loaded file may repeat an id; validation
    /// reports that, and the first one wins here).
    positions: HashMap<Id, usize>,
}

impl<T: Entity> Table<T> {
    pub fn new() -> Self {
        Table {
            rows: Vec::new(),
            positions: HashMap::new(),
        }
    }

    pub fn from_rows(rows: Vec<T>) -> Self {
        // Walk backwards so the first of repeated ids wins.
        let positions = rows
            .iter()
            .enumerate()
            .rev()
            .map(|(at, row)| (row.id(), at))
            .collect();
        Table { rows, positions }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn as_slice(&self) -> &[T] {
        &self.rows
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.rows.iter()
    }

    pub fn get(&self, id: Id) -> Option<&T> {
        self.position(id).map(|at| &self.rows[at])
    }

    pub fn contains(&self, id: Id) -> bool {
        self.positions.contains_key(&id)
    }

    pub fn position(&self, id: Id) -> Option<usize> {
        self.positions.get(&id).copied()
    }

    pub fn at(&self, at: usize) -> Option<&T> {
        self.rows.get(at)
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
        let old = std::mem::replace(&mut self.rows[at], row);
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

    /// Removes the entries at `at` (ascending positions) in one pass; returns them with their
    /// positions, ready for [`Table::insert_many`].
    pub(super) fn remove_many(&mut self, at: &[usize]) -> Vec<(usize, T)> {
        let Some(&first) = at.first() else {
            return Vec::new();
        };
        let mut removed = Vec::with_capacity(at.len());
        let mut kept = Vec::with_capacity(self.rows.len() - at.len());
        let mut wanted = at.iter().peekable();
        for (position, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            if wanted.next_if_eq(&&position).is_some() {
                self.positions.remove(&row.id());
                removed.push((position, row));
            } else {
                kept.push(row);
            }
        }
        self.rows = kept;
        self.reindex_from(first);
        removed
    }

    /// Puts entries back at their positions (ascending, as [`Table::remove_many`] gave them).
    pub(super) fn insert_many(&mut self, rows: Vec<(usize, T)>) {
        let Some(&(first, _)) = rows.first() else {
            return;
        };
        let total = self.rows.len() + rows.len();
        let mut merged = Vec::with_capacity(total);
        let mut old = std::mem::take(&mut self.rows).into_iter();
        let mut new = rows.into_iter().peekable();
        for position in 0..total {
            match new.next_if(|(at, _)| *at == position) {
                Some((_, row)) => merged.push(row),
                None => merged.extend(old.next()),
            }
        }
        self.rows = merged;
        self.reindex_from(first);
    }

    /// Points the index at the entries from `start` on; entries before it did not move.
    fn reindex_from(&mut self, start: usize) {
        for (at, row) in self.rows.iter().enumerate().skip(start) {
            self.positions.insert(row.id(), at);
        }
    }
}

impl<'a, T> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de, T: Entity> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Table::from_rows)
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
    fn index_follows_every_change() {
        let mut table = Table::from_rows((1..=5).map(objective).collect());
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
