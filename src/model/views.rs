//! Derived views: the content grid of a journey, the gap list, the calendar, the budget.
//!
//! All of them read the indexes the workspace keeps, so their cost follows what is asked for,
//! not the size of the workspace.

use std::ops::Bound;

use super::workspace::{Costs, cents};
use super::{Channel, ContentType, Date, Id, Item, Journey, Media, Metric, Status, Workspace};

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

/// Money against a budget, in hundredths so that every sum is exact: what is planned (items not
/// available yet), what is spent (available items), and what is left of the budget after both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spending {
    /// `None` for the items without a channel: no budget is theirs.
    budget: Option<i128>,
    planned: i128,
    spent: i128,
}

impl Spending {
    fn amount(cents: i128) -> f64 {
        cents as f64 / 100.0
    }
    pub fn budget(&self) -> Option<f64> {
        self.budget.map(Spending::amount)
    }
    pub fn planned(&self) -> f64 {
        Spending::amount(self.planned)
    }
    pub fn spent(&self) -> f64 {
        Spending::amount(self.spent)
    }
    /// The budget minus what is planned and spent; negative when over budget.
    pub fn left(&self) -> Option<f64> {
        self.budget
            .map(|budget| Spending::amount(budget - self.planned - self.spent))
    }
    pub fn over_budget(&self) -> bool {
        self.budget
            .is_some_and(|budget| budget - self.planned - self.spent < 0)
    }
    /// Everything the items cost, planned and spent.
    pub fn cost(&self) -> f64 {
        Spending::amount(self.planned + self.spent)
    }

    fn of(budget: Option<f64>, costs: Costs) -> Spending {
        Spending {
            budget: budget.map(cents),
            planned: costs.planned,
            spent: costs.spent,
        }
    }

    fn plus(self, other: Spending) -> Spending {
        Spending {
            budget: match (self.budget, other.budget) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            },
            planned: self.planned + other.planned,
            spent: self.spent + other.spent,
        }
    }
}

/// A channel's budget against what its items cost.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelBudget<'a> {
    pub channel: &'a Channel,
    pub spending: Spending,
}

/// The budget of every channel, the costs of items without a channel, and the total of both: the
/// total's planned and spent add up to the cost of every item.
#[derive(Clone, Debug, PartialEq)]
pub struct Budgets<'a> {
    pub channels: Vec<ChannelBudget<'a>>,
    /// The channels of each media (paid, owned, earned, as [`Media::ALL`]) summed: with the
    /// items without a channel they add up to the total.
    pub media: [Spending; 3],
    /// What items without a channel cost; `None` when they cost nothing.
    pub unassigned: Option<Spending>,
    pub total: Spending,
}

impl Budgets<'_> {
    /// How many channels spend or plan more than their budget.
    pub fn over_budget(&self) -> usize {
        self.channels
            .iter()
            .filter(|b| b.spending.over_budget())
            .count()
    }
}

impl Workspace {
    /// The channels as every list shows them: paid, owned, then earned media, each in file
    /// order.
    pub fn channels_by_media(&self) -> impl Iterator<Item = &Channel> {
        super::Media::ALL
            .into_iter()
            .flat_map(|media| self.channels().iter().filter(move |c| c.media == media))
    }

    pub fn cell(&self, step_id: Id, content_type_id: Id) -> CellView {
        let key = (step_id, content_type_id);
        let explicit = self.screens_index().mapped.contains(&key);
        let items = self.screens_index().cells.get(&key);
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
        view.gap = self.screens_index().is_gap(&key);
        view
    }

    /// The ids of the items in a cell, in no particular order.
    pub fn cell_item_ids(&self, step_id: Id, content_type_id: Id) -> &[Id] {
        self.screens_index()
            .cells
            .get(&(step_id, content_type_id))
            .map_or(&[], |cell| cell.items.as_slice())
    }

    /// The items in a cell, in the workspace's order.
    pub fn cell_items(&self, step_id: Id, content_type_id: Id) -> Vec<&Item> {
        self.items()
            .rows_of(self.cell_item_ids(step_id, content_type_id))
    }

    /// The metrics measured on a step, in the workspace's order.
    pub fn step_metrics(&self, step_id: Id) -> Vec<&Metric> {
        let ids = self.screens_index().step_metrics.get(&step_id);
        self.metrics().rows_of(ids.into_iter().flatten())
    }

    /// The metric at `at` in the order the metrics view lists them: by level (strategic,
    /// marketing, integrated), then in the workspace's order. Found in the index, without
    /// listing the metrics before it.
    pub fn metric_by_level(&self, at: usize) -> Option<&Metric> {
        self.metrics()
            .get(self.screens_index().metric_levels.at(at)?)
    }

    /// Where a metric is in the order of [`Workspace::metric_by_level`].
    pub fn metric_place_by_level(&self, id: Id) -> Option<usize> {
        self.screens_index()
            .metric_levels
            .position(self.metrics(), id)
    }

    /// The journeys serving an objective, in the workspace's order.
    pub fn objective_journeys(&self, objective: Id) -> Vec<&Journey> {
        let ids = self.screens_index().objective_journeys.get(&objective);
        self.journeys().rows_of(ids.into_iter().flatten())
    }

    /// The journeys of a persona, and those of no persona, in the workspace's order.
    pub fn persona_journeys(&self, persona: Id) -> Vec<&Journey> {
        let lists = &self.screens_index().persona_journeys;
        let ids = [Some(persona), None]
            .into_iter()
            .filter_map(|key| lists.get(&key));
        self.journeys().rows_of(ids.flatten())
    }

    /// How many gaps the whole workspace has.
    pub fn gap_count(&self) -> usize {
        self.screens_index().gaps
    }

    /// The gaps of one journey, by step order then content type order.
    pub fn journey_gaps(&self, journey: &Journey) -> Vec<Gap> {
        let mut gaps = Vec::new();
        for step in &journey.steps {
            for content_type in self.content_types() {
                if self.screens_index().is_gap(&(step.id, content_type.id)) {
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

    /// The content types that are gaps on one step, in the workspace's order. A step the index
    /// knows has no gap costs nothing; one with gaps, a look at each content type.
    pub fn step_gap_types(&self, step_id: Id) -> impl Iterator<Item = &ContentType> {
        let any = self.screens_index().step_gaps.contains_key(&step_id);
        self.content_types()
            .iter()
            .take(if any { usize::MAX } else { 0 })
            .filter(move |content_type| self.screens_index().is_gap(&(step_id, content_type.id)))
    }

    /// How many gaps one journey has: as many as [`Workspace::journey_gaps`] lists, counted
    /// from the index step by step.
    pub fn journey_gap_count(&self, journey: &Journey) -> usize {
        journey
            .steps
            .iter()
            .filter_map(|step| self.screens_index().step_gaps.get(&step.id))
            .sum()
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
        self.screens_index()
            .dated
            .range((
                Bound::Included((from, Id::nil())),
                Bound::Included((to, Id::from_u128(u128::MAX))),
            ))
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// The ids of the items dated from `from` to `to` inclusive, by date, read from the index
    /// alone: no item is looked up, which at a million items is most of the cost.
    pub fn dated_ids_between(&self, from: Date, to: Date) -> impl Iterator<Item = (Date, Id)> {
        self.screens_index()
            .dated
            .range((
                Bound::Included((from, Id::nil())),
                Bound::Included((to, Id::from_u128(u128::MAX))),
            ))
            .copied()
    }

    /// Dated items that are not available yet, by date (the calendar's to-do list).
    pub fn pending_items(&self) -> impl DoubleEndedIterator<Item = (Date, &Item)> {
        self.screens_index()
            .pending
            .iter()
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// Overdue items (see [`Item::is_overdue`]), oldest first.
    pub fn overdue_items(&self, today: Date) -> impl Iterator<Item = (Date, &Item)> {
        self.screens_index()
            .pending
            .range(..(today, Id::nil()))
            .filter_map(|(date, id)| Some((*date, self.items().get(*id)?)))
    }

    /// The `n`-th pending item (by date) dated after `from`, found through the per-day counts:
    /// the cost follows the number of days, not of items.
    pub fn nth_pending(&self, from: Bound<Date>, n: usize) -> Option<(Date, &Item)> {
        let mut before = 0;
        for (day, count) in self
            .screens_index()
            .pending_per_day
            .range((from, Bound::Unbounded))
        {
            if n < before + count {
                let (date, id) = self
                    .screens_index()
                    .pending
                    .range((*day, Id::nil())..)
                    .nth(n - before)?;
                return Some((*date, self.items().get(*id)?));
            }
            before += count;
        }
        None
    }

    /// How many items are overdue on `today` (see [`Item::is_overdue`]): the pending items
    /// dated before it, a count kept by every edit (the status line asks on every frame).
    pub fn overdue_count(&self, today: Date) -> usize {
        let index = self.screens_index();
        index.pending_before.count(today, &index.pending_per_day)
    }

    /// How many items are not available yet and dated from `from` to `to` inclusive.
    pub fn pending_between(&self, from: Date, to: Date) -> usize {
        if from > to {
            return 0;
        }
        self.screens_index()
            .pending_per_day
            .range(from..=to)
            .map(|(_, n)| n)
            .sum()
    }

    /// How many items are due in the month of `day`: not available yet and dated in that month,
    /// overdue ones included (an overdue item is still due, in the month it is dated in).
    pub fn due_in_month(&self, day: Date) -> usize {
        let (first, last) = day.month_bounds();
        self.pending_between(first, last)
    }

    /// How many items are to create or in progress and have no date yet.
    pub fn unscheduled_count(&self) -> usize {
        self.screens_index().unscheduled.len()
    }

    /// The ids of the items to create or in progress that have no date yet, from the index.
    pub fn unscheduled_ids(&self) -> impl Iterator<Item = Id> {
        self.screens_index().unscheduled.iter().copied()
    }

    /// Items to create or in progress that have no date yet.
    pub fn unscheduled_items(&self) -> impl Iterator<Item = &Item> {
        self.screens_index()
            .unscheduled
            .iter()
            .filter_map(|id| self.items().get(*id))
    }

    /// Each channel with its budget, what its items plan and spend and what is left; the items
    /// without a channel; and the total. Read from the index: the cost follows the number of
    /// channels, not of items.
    pub fn budgets(&self) -> Budgets<'_> {
        let costs = |channel: Option<Id>| {
            self.screens_index()
                .costs
                .get(&channel)
                .copied()
                .unwrap_or_default()
        };
        let channels: Vec<ChannelBudget> = self
            .channels()
            .iter()
            .map(|channel| ChannelBudget {
                channel,
                spending: Spending::of(Some(channel.budget), costs(Some(channel.id))),
            })
            .collect();
        let unassigned = Spending::of(None, costs(None));
        let media = Media::ALL.map(|media| {
            channels
                .iter()
                .filter(|b| b.channel.media == media)
                .fold(Spending::of(Some(0.0), Costs::default()), |sum, b| {
                    sum.plus(b.spending)
                })
        });
        let total = media
            .iter()
            .fold(Spending::of(Some(0.0), Costs::default()), |sum, m| {
                sum.plus(*m)
            })
            .plus(unassigned);
        Budgets {
            channels,
            media,
            unassigned: (unassigned.planned != 0 || unassigned.spent != 0).then_some(unassigned),
            total,
        }
    }

    /// What the dated items of `months` months from `from`'s month cost (planned and spent), a
    /// month at a time; read from the index, so the cost follows the months asked for.
    pub fn spend_by_month(&self, from: Date, months: usize) -> Vec<(Date, Spending)> {
        let mut month = from.first_of_month();
        let mut spend = Vec::with_capacity(months);
        for _ in 0..months {
            let costs = self
                .screens_index()
                .monthly
                .get(&month)
                .copied()
                .unwrap_or_default();
            spend.push((month, Spending::of(None, costs)));
            match month.add_months(1) {
                Some(next) => month = next,
                None => break,
            }
        }
        spend
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
