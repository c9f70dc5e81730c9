//! Derived views: the content grid of a journey, the gap list, the calendar, the budget.
//!
//! All of them read the indexes the workspace keeps, so their cost follows what is asked for,
//! not the size of the workspace.

use std::ops::Bound;

use super::workspace::cents;
use super::{Channel, Date, Id, Item, Journey, Status, Workspace};

/// One cell of the content map: a content type on a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellView {
    /// The type is mapped on the step, explicitly or by an item there.
    pub mapped: bool,
    /// The mapping is written in the journey (not only implied by an item).
    pub explicit: bool,
    pub available: u32,
    pub in_progress: u32,
    pub to_create: u32,
    /// Mapped, and nothing there is available.
    pub gap: bool,
}

impl CellView {
    pub fn items(&self) -> u32 {
        self.available + self.in_progress + self.to_create
    }
}

/// A mapped cell with nothing available: something the team must produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    pub journey_id: Id,
    pub step_id: Id,
    pub content_type_id: Id,
}

/// A channel's budget against what its items cost.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelBudget<'a> {
    pub channel: &'a Channel,
    pub spent: f64,
    /// Budget minus spent; negative when over budget.
    pub remaining: f64,
}

impl ChannelBudget<'_> {
    pub fn over_budget(&self) -> bool {
        self.remaining < 0.0
    }
}

impl Workspace {
    pub fn cell(&self, step_id: Id, content_type_id: Id) -> CellView {
        let key = (step_id, content_type_id);
        let explicit = self.index.mapped.contains(&key);
        let items = self.index.cells.get(&key);
        let mut view = CellView {
            explicit,
            mapped: explicit || items.is_some(),
            ..CellView::default()
        };
        if let Some(cell) = items {
            view.available = cell.available;
            view.in_progress = cell.in_progress;
            view.to_create = cell.to_create;
        }
        view.gap = self.index.is_gap(&key);
        view
    }

    /// The ids of the items in a cell, in no particular order.
    pub fn cell_item_ids(&self, step_id: Id, content_type_id: Id) -> &[Id] {
        self.index
            .cells
            .get(&(step_id, content_type_id))
            .map_or(&[], |cell| cell.items.as_slice())
    }

    /// The items in a cell, in the workspace's order.
    pub fn cell_items(&self, step_id: Id, content_type_id: Id) -> Vec<&Item> {
        let mut items: Vec<(usize, &Item)> = self
            .cell_item_ids(step_id, content_type_id)
            .iter()
            .filter_map(|id| Some((self.items().position(*id)?, self.items().get(*id)?)))
            .collect();
        items.sort_by_key(|(at, _)| *at);
        items.into_iter().map(|(_, item)| item).collect()
    }

    /// How many gaps the whole workspace has.
    pub fn gap_count(&self) -> usize {
        self.index.gaps
    }

    /// The gaps of one journey, by step order then content type order.
    pub fn journey_gaps(&self, journey: &Journey) -> Vec<Gap> {
        let mut gaps = Vec::new();
        for step in &journey.steps {
            for content_type in self.content_types() {
                if self.index.is_gap(&(step.id, content_type.id)) {
                    gaps.push(Gap {
                        journey_id: journey.id,
                        step_id: step.id,
                        content_type_id: content_type.id,
                    });
                }
            }
        }
        gaps
    }

    /// Every gap, journey by journey in the workspace's order.
    pub fn gaps(&self) -> Vec<Gap> {
        self.journeys()
            .iter()
            .flat_map(|journey| self.journey_gaps(journey))
            .collect()
    }

    /// Dated items from `from` to `to` inclusive, by date.
    pub fn items_between(&self, from: Date, to: Date) -> impl Iterator<Item = (Date, &Item)> {
        self.index
            .dated
            .range((
                Bound::Included((from, Id::nil())),
                Bound::Included((to, Id::from_u128(u128::MAX))),
            ))
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// Dated items that are not available yet, by date (the calendar's to-do list).
    pub fn pending_items(&self) -> impl DoubleEndedIterator<Item = (Date, &Item)> {
        self.index
            .pending
            .iter()
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// Overdue items (see [`Item::is_overdue`]), oldest first.
    pub fn overdue_items(&self, today: Date) -> impl Iterator<Item = (Date, &Item)> {
        self.index
            .pending
            .range(..(today, Id::nil()))
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// How many items are overdue on `today`.
    pub fn overdue_count(&self, today: Date) -> usize {
        self.index.pending.range(..(today, Id::nil())).count()
    }

    /// How many items are not available yet and dated from `from` to `to` inclusive.
    pub fn pending_between(&self, from: Date, to: Date) -> usize {
        self.index
            .pending
            .range((from, Id::nil())..=(to, Id::from_u128(u128::MAX)))
            .count()
    }

    /// How many items are due in the month of `day`: not available yet and dated in that month,
    /// overdue ones included (an overdue item is still due, in the month it is dated in).
    pub fn due_in_month(&self, day: Date) -> usize {
        let (first, last) = day.month_bounds();
        self.pending_between(first, last)
    }

    /// Items to create or in progress that have no date yet.
    pub fn unscheduled_items(&self) -> impl Iterator<Item = &Item> {
        self.index
            .unscheduled
            .iter()
            .filter_map(|id| self.items().get(*id))
    }

    /// Each channel with its budget, what its items cost and what remains.
    pub fn budgets(&self) -> Vec<ChannelBudget<'_>> {
        self.channels()
            .iter()
            .map(|channel| {
                let spent = self.spent_cents(channel.id);
                ChannelBudget {
                    channel,
                    spent: spent as f64 / 100.0,
                    remaining: (cents(channel.budget) - spent) as f64 / 100.0,
                }
            })
            .collect()
    }

    fn spent_cents(&self, channel_id: Id) -> i64 {
        self.index
            .spent_cents
            .get(&channel_id)
            .copied()
            .unwrap_or(0)
    }

    /// How many items are in each status: available, in progress, to create.
    pub fn status_counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for item in self.items() {
            counts[Status::ALL
                .iter()
                .position(|s| *s == item.status)
                .unwrap_or(0)] += 1;
        }
        counts
    }

    /// How many steps all journeys have together.
    pub fn step_count(&self) -> usize {
        self.index.step_journey.len()
    }
}
