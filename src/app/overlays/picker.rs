//! A list of choices over the screen, narrowed as one types: the filters of the inventory and
//! of the content map (each choice turned on or off, the list staying open), and the changes
//! to the inventory's marked rows (one chosen, the list closing).

use ratatui::crossterm::event::KeyEvent;

use crate::app::action::Action;
use crate::app::list::moved;
use crate::app::outcome::{Choice, Outcome, Purpose};
use crate::app::views::FinderState;
use crate::model::edit::ItemsChange;
use crate::model::filter::{self, Facet, FacetKind, ItemFilter, MAP_FACETS, MapFilter};
use crate::model::{Id, Status, Workspace};

/// A row of the list: its words, its choice, and for a filter whether it is on.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub choice: Choice,
    /// `Some` for a filter, which is turned on and off; `None` for a one-time choice.
    pub on: Option<bool>,
}

/// The list, its text and the row selected.
#[derive(Debug)]
pub struct Picker {
    pub purpose: Purpose,
    pub title: String,
    /// Every row the text can narrow to.
    all: Vec<Row>,
    /// The text and the rows it leaves (then the rows the text itself makes, such as a new
    /// owner's name).
    pub finder: FinderState<Row>,
    /// The owners' rows, when the picker opened before the items' owners were counted (off the
    /// screen's thread, with the search's text: most of a second at a million items): they
    /// are shown, and can be picked, once the count lands ([`Picker::owners_counted`]).
    owners_to_come: Option<OwnersToCome>,
}

/// Where a picker's owners' rows go once the owners are counted, and how they read.
#[derive(Debug)]
struct OwnersToCome {
    /// The place in [`Picker::all`] of the first.
    at: usize,
    rows: OwnerRows,
}

/// How a picker writes an owner's row.
#[derive(Debug)]
enum OwnerRows {
    /// A filter's facet, on when the filter had it on when the picker opened.
    Facets(ItemFilter),
    /// A change to the marked rows: `owner → Lena`.
    Changes,
}

/// How far a page key moves.
const PAGE: usize = 10;

impl Picker {
    fn new(purpose: Purpose, title: String, all: Vec<Row>) -> Picker {
        let mut picker = Picker {
            purpose,
            title,
            all,
            finder: FinderState::default(),
            owners_to_come: None,
        };
        picker.narrow();
        picker
    }

    /// The picker, with its owners' rows to come at `at` when `counted` is false.
    fn owners_to_come(mut self, counted: bool, at: usize, rows: OwnerRows) -> Picker {
        if !counted {
            self.owners_to_come = Some(OwnersToCome { at, rows });
        }
        self
    }

    /// The inventory's filters: every kind of facet and its values. Without the owners when
    /// they are not `counted` yet: they come with [`Picker::owners_counted`].
    pub fn inventory_filters(on: &ItemFilter, ws: &Workspace, counted: bool) -> Picker {
        let (rows, at) = facet_rows(&FacetKind::ALL, on, ws, counted);
        Picker::new(Purpose::Inventory, "Filters".into(), rows).owners_to_come(
            counted,
            at,
            OwnerRows::Facets(on.clone()),
        )
    }

    /// The content map's filters: gaps only, status, owner and channel.
    pub fn map_filters(on: &MapFilter, ws: &Workspace, counted: bool) -> Picker {
        let gaps = Row {
            label: "gaps only".into(),
            choice: Choice::GapsOnly,
            on: Some(on.gaps_only),
        };
        let (facets, at) = facet_rows(&MAP_FACETS, &on.items, ws, counted);
        let rows = std::iter::once(gaps).chain(facets).collect();
        Picker::new(Purpose::Map, "Map filters".into(), rows).owners_to_come(
            counted,
            at + 1,
            OwnerRows::Facets(on.items.clone()),
        )
    }

    /// The calendar's filters: the map's questions (status, owner, channel), asked of the
    /// items on its days.
    pub fn calendar_filters(on: &ItemFilter, ws: &Workspace, counted: bool) -> Picker {
        let (rows, at) = facet_rows(&MAP_FACETS, on, ws, counted);
        Picker::new(Purpose::Calendar, "Calendar filters".into(), rows).owners_to_come(
            counted,
            at,
            OwnerRows::Facets(on.clone()),
        )
    }

    /// The changes that can be made to `count` rows at once.
    pub fn changes(count: usize, ws: &Workspace, counted: bool) -> Picker {
        let change = |label: String, change: ItemsChange| Row {
            label,
            choice: Choice::Change(change),
            on: None,
        };
        let mut rows: Vec<Row> = Status::ALL
            .into_iter()
            .map(|s| change(format!("status → {}", s.words()), ItemsChange::Status(s)))
            .collect();
        let owners_at = rows.len();
        if counted {
            rows.extend(OwnerRows::Changes.rows(ws));
        }
        for facet in filter::choices(FacetKind::Channel, ws) {
            if let Facet::Channel(channel) = facet {
                let label = match channel {
                    None => "channel → none".to_string(),
                    Some(_) => format!("channel → {}", Facet::Channel(channel).value_words(ws)),
                };
                rows.push(change(label, ItemsChange::Channel(channel)));
            }
        }
        for days in [1, -1, 7, -7, 28, -28] {
            rows.push(change(shift_words(days), ItemsChange::ShiftDays(days)));
        }
        rows.push(Row {
            label: format!("delete {count} item{}", if count == 1 { "" } else { "s" }),
            choice: Choice::Delete,
            on: None,
        });
        let title = format!("Change {count} item{}", if count == 1 { "" } else { "s" });
        Picker::new(Purpose::Change, title, rows).owners_to_come(
            counted,
            owners_at,
            OwnerRows::Changes,
        )
    }

    /// Whether the owners' rows wait for the owners to be counted.
    pub fn counting_owners(&self) -> bool {
        self.owners_to_come.is_some()
    }

    /// The owners were counted: their rows take their place, the row selected stays selected.
    pub fn owners_counted(&mut self, ws: &Workspace) {
        let Some(OwnersToCome { at, rows }) = self.owners_to_come.take() else {
            return;
        };
        let selected = self
            .finder
            .rows
            .get(self.finder.selected)
            .map(|row| row.choice.clone());
        self.all.splice(at..at, rows.rows(ws));
        self.narrow();
        if let Some(at) =
            selected.and_then(|choice| self.finder.rows.iter().position(|row| row.choice == choice))
        {
            self.finder.selected = at;
        }
    }

    /// The journeys to compare journey `a` with: every other one, with its personas, so two
    /// personas' versions of one purchase tell apart. The title names `a`, so the user sees
    /// what the chosen one is compared with.
    pub fn compare_with(a: Id, ws: &Workspace) -> Picker {
        let rows = ws
            .journeys()
            .iter()
            .filter(|journey| journey.id != a)
            .map(|journey| {
                let personas: Vec<&str> = journey
                    .persona_ids
                    .iter()
                    .filter_map(|id| ws.personas().get(*id))
                    .map(|persona| persona.name.as_str())
                    .collect();
                let label = match personas.as_slice() {
                    [] => journey.name.clone(),
                    names => format!("{} · {}", journey.name, names.join(", ")),
                };
                Row {
                    label,
                    choice: Choice::Compare { a, b: journey.id },
                    on: None,
                }
            })
            .collect();
        let name = ws.journeys().get(a).map_or("", |journey| &journey.name);
        Picker::new(Purpose::Compare, format!("Compare \"{name}\" with"), rows)
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        let len = self.finder.rows.len();
        if action.moves_in_list() {
            self.finder.selected = moved(self.finder.selected, len, action, PAGE);
            return Outcome::Done;
        }
        match action {
            Action::Jump => {
                let Some(row) = self.finder.rows.get_mut(self.finder.selected) else {
                    return Outcome::Done;
                };
                if let Some(on) = &mut row.on {
                    *on = !*on;
                    let on = *on;
                    if let Some(kept) = self.all.iter_mut().find(|r| r.choice == row.choice) {
                        kept.on = Some(on);
                    }
                }
                Outcome::Picked(self.purpose, row.choice.clone())
            }
            action if action.is_readline() => {
                if self.finder.readline(action) {
                    self.narrow();
                }
                Outcome::Done
            }
            _ => Outcome::Ignored,
        }
    }

    /// A key typed into the text.
    pub fn typed(&mut self, event: KeyEvent) {
        if self.finder.typed(event) {
            self.narrow();
        }
    }

    /// The rows the text leaves: those whose words hold it, then the rows the text makes.
    fn narrow(&mut self) {
        let text = self.finder.text().trim().to_lowercase();
        let mut rows: Vec<Row> = self
            .all
            .iter()
            .filter(|row| row.label.to_lowercase().contains(&text))
            .cloned()
            .collect();
        rows.extend(self.typed_rows(&text));
        self.finder.set_rows(rows);
    }

    /// For a change, the text itself can be a choice: a number of days to move the dates by,
    /// or an owner's name not yet on any item.
    fn typed_rows(&self, text: &str) -> Vec<Row> {
        if self.purpose != Purpose::Change || text.is_empty() {
            return Vec::new();
        }
        // Not before the owners are counted: the name may be one of theirs.
        let owners_known = !self.counting_owners();
        let typed = self.finder.text().trim();
        if let Ok(days) = typed.trim_start_matches('+').parse::<i64>() {
            if days == 0 || days.abs() > 36_500 {
                return Vec::new();
            }
            return vec![Row {
                label: shift_words(days),
                choice: Choice::Change(ItemsChange::ShiftDays(days)),
                on: None,
            }];
        }
        let known = self.all.iter().any(|row| {
            matches!(&row.choice, Choice::Change(ItemsChange::Owner(o)) if o.eq_ignore_ascii_case(typed))
        });
        if known || !owners_known {
            return Vec::new();
        }
        vec![Row {
            label: format!("owner → {typed} (new)"),
            choice: Choice::Change(ItemsChange::Owner(typed.to_string())),
            on: None,
        }]
    }
}

/// `dates → 7 days later`.
fn shift_words(days: i64) -> String {
    let n = days.unsigned_abs();
    let unit = if n == 1 { "day" } else { "days" };
    let way = if days > 0 { "later" } else { "earlier" };
    format!("dates → {n} {unit} {way}")
}

/// A row per value of each kind, on where the filter has it; the owners only when `counted`
/// (counting them reads every item). Also where the owners' rows are (or go).
fn facet_rows(
    kinds: &[FacetKind],
    on: &ItemFilter,
    ws: &Workspace,
    counted: bool,
) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut owners_at = 0;
    for kind in kinds {
        if *kind == FacetKind::Owner {
            owners_at = rows.len();
            if !counted {
                continue;
            }
        }
        rows.extend(
            filter::choices(*kind, ws)
                .into_iter()
                .map(|facet| facet_row(facet, on, ws)),
        );
    }
    (rows, owners_at)
}

fn facet_row(facet: Facet, on: &ItemFilter, ws: &Workspace) -> Row {
    Row {
        label: facet.chip(ws),
        on: Some(on.has(&facet)),
        choice: Choice::Facet(facet),
    }
}

impl OwnerRows {
    /// A row per owner of the workspace's items.
    fn rows(&self, ws: &Workspace) -> Vec<Row> {
        let owners = filter::choices(FacetKind::Owner, ws).into_iter();
        match self {
            OwnerRows::Facets(on) => owners.map(|facet| facet_row(facet, on, ws)).collect(),
            OwnerRows::Changes => owners
                .filter_map(|facet| match facet {
                    Facet::Owner(owner) => Some(owner),
                    _ => None,
                })
                .map(|owner| Row {
                    label: match owner.as_str() {
                        "" => "owner → none".to_string(),
                        name => format!("owner → {name}"),
                    },
                    choice: Choice::Change(ItemsChange::Owner(owner)),
                    on: None,
                })
                .collect(),
        }
    }
}
