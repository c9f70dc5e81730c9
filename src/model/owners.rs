//! The items' owners, counted: what the filters offer as owners without reading every item.

use std::collections::BTreeMap;

use super::Item;

/// The items' owners as the filters offer them: how many items each owner (as written on the
/// item, trimmed; the empty string for none) has, in the owners' order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owners(BTreeMap<String, usize>);

impl Owners {
    /// The owners of some items, each item read once.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Owners {
        let mut owners = Owners::default();
        for item in items {
            owners.add(item);
        }
        owners
    }

    /// Counts an item in.
    pub(super) fn add(&mut self, item: &Item) {
        let owner = item.owner.trim();
        match self.0.get_mut(owner) {
            Some(count) => *count += 1,
            None => {
                self.0.insert(owner.to_string(), 1);
            }
        }
    }

    /// Counts an item out; an owner with no item left is gone.
    pub(super) fn remove(&mut self, item: &Item) {
        let owner = item.owner.trim();
        if let Some(count) = self.0.get_mut(owner) {
            *count -= 1;
            if *count == 0 {
                self.0.remove(owner);
            }
        }
    }

    /// The owners, in order (the empty string, for items without one, first when there is
    /// one).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}
