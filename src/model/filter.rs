//! Which items a list shows: the filters the inventory, the calendar and the content map share.
//!
//! A filter is a set of facets ("status: to create", "owner: Lena", "on no step", …) and a piece
//! of free text. Facets of the same kind widen (status to create *or* in progress); facets of
//! different kinds narrow (to create *and* owned by Lena); the text narrows further. One set of
//! rules, so "owner: Lena" keeps the same items in every view that offers it.

use super::fields::fields_on;
use super::search::matches as contains_folded;
use super::{Date, Id, IdSet, Item, Status, Workspace};

/// What a filter can ask of an item. The kinds are listed in [`FacetKind::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Facet {
    Status(Status),
    /// An owner as written on the item (trimmed); the empty string is "no owner".
    Owner(String),
    /// A channel; `None` is "no channel".
    Channel(Option<Id>),
    ContentType(Id),
    /// On at least one step of the journey.
    Journey(Id),
    /// On no step at all: an item the map never shows.
    OnNoStep,
    /// Overdue as [`Item::is_overdue`] says.
    Overdue,
}

/// The kinds of facet, each a question a filter can ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetKind {
    Status,
    Owner,
    Channel,
    ContentType,
    Journey,
    OnNoStep,
    Overdue,
}

impl FacetKind {
    pub const ALL: [FacetKind; 7] = [
        FacetKind::Status,
        FacetKind::Owner,
        FacetKind::Channel,
        FacetKind::ContentType,
        FacetKind::Journey,
        FacetKind::OnNoStep,
        FacetKind::Overdue,
    ];

    /// The word for the kind, as chips and pickers show it.
    pub fn words(self) -> &'static str {
        match self {
            FacetKind::Status => "status",
            FacetKind::Owner => "owner",
            FacetKind::Channel => "channel",
            FacetKind::ContentType => "type",
            FacetKind::Journey => "journey",
            FacetKind::OnNoStep => "on no step",
            FacetKind::Overdue => "overdue",
        }
    }

    /// Whether the kind has values to pick from (a status, an owner…) rather than being one
    /// yes-or-no question.
    pub fn has_values(self) -> bool {
        !matches!(self, FacetKind::OnNoStep | FacetKind::Overdue)
    }
}

impl Facet {
    pub fn kind(&self) -> FacetKind {
        match self {
            Facet::Status(_) => FacetKind::Status,
            Facet::Owner(_) => FacetKind::Owner,
            Facet::Channel(_) => FacetKind::Channel,
            Facet::ContentType(_) => FacetKind::ContentType,
            Facet::Journey(_) => FacetKind::Journey,
            Facet::OnNoStep => FacetKind::OnNoStep,
            Facet::Overdue => FacetKind::Overdue,
        }
    }

    /// The value alone, in words: `to create`, `Lena`, `no channel`, `on no step`.
    pub fn value_words(&self, ws: &Workspace) -> String {
        let named = |name: Option<&str>| name.unwrap_or("(deleted)").to_string();
        match self {
            Facet::Status(status) => status.words().to_string(),
            Facet::Owner(owner) if owner.is_empty() => "no owner".to_string(),
            Facet::Owner(owner) => owner.clone(),
            Facet::Channel(None) => "no channel".to_string(),
            Facet::Channel(Some(id)) => named(ws.channels().get(*id).map(|c| c.name.as_str())),
            Facet::ContentType(id) => named(ws.content_types().get(*id).map(|t| t.name.as_str())),
            Facet::Journey(id) => named(ws.journeys().get(*id).map(|j| j.name.as_str())),
            Facet::OnNoStep | Facet::Overdue => self.kind().words().to_string(),
        }
    }

    /// The facet as a chip on a filter line: `status: to create`, `on no step`.
    pub fn chip(&self, ws: &Workspace) -> String {
        if self.kind().has_values() {
            format!("{}: {}", self.kind().words(), self.value_words(ws))
        } else {
            self.value_words(ws)
        }
    }

    /// Whether the item meets the facet; a journey's facet asks `on_journeys`, the steps of
    /// every journey the filter names (see [`Matcher`]).
    fn holds(&self, item: &Item, on_journeys: &IdSet<Id>, today: Date) -> bool {
        match self {
            Facet::Status(status) => item.status == *status,
            Facet::Owner(owner) => item.owner.trim() == owner,
            Facet::Channel(channel) => item.channel_id == *channel,
            Facet::ContentType(id) => item.content_type_id == *id,
            Facet::Journey(_) => item.step_ids.iter().any(|step| on_journeys.contains(step)),
            Facet::OnNoStep => item.step_ids.is_empty(),
            Facet::Overdue => item.is_overdue(today),
        }
    }
}

/// The facets a user can pick of one kind, in the order a picker lists them (the owners from the
/// workspace's count of them, so opening a picker reads no item).
pub fn choices(kind: FacetKind, ws: &Workspace) -> Vec<Facet> {
    match kind {
        FacetKind::Status => Status::ALL.into_iter().map(Facet::Status).collect(),
        FacetKind::Owner => {
            let mut owners: Vec<&str> = ws.owners().names().collect();
            // "No owner" last, after the names.
            if owners.first() == Some(&"") {
                owners.rotate_left(1);
            }
            owners
                .into_iter()
                .map(|owner| Facet::Owner(owner.to_string()))
                .collect()
        }
        FacetKind::Channel => ws
            .channels_by_media()
            .map(|c| Facet::Channel(Some(c.id)))
            .chain([Facet::Channel(None)])
            .collect(),
        FacetKind::ContentType => ws
            .content_types()
            .iter()
            .map(|t| Facet::ContentType(t.id))
            .collect(),
        FacetKind::Journey => ws.journeys().iter().map(|j| Facet::Journey(j.id)).collect(),
        FacetKind::OnNoStep => vec![Facet::OnNoStep],
        FacetKind::Overdue => vec![Facet::Overdue],
    }
}

/// Facets and free text that narrow a list of items. Empty, it keeps every item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemFilter {
    /// In the order the user turned them on, which is the order of the chips.
    facets: Vec<Facet>,
    /// Free text, as typed.
    query: String,
}

impl ItemFilter {
    /// Turns a facet on, or off if it is on.
    pub fn toggle(&mut self, facet: Facet) {
        match self.facets.iter().position(|f| *f == facet) {
            Some(at) => {
                self.facets.remove(at);
            }
            None => self.facets.push(facet),
        }
    }

    pub fn has(&self, facet: &Facet) -> bool {
        self.facets.contains(facet)
    }

    pub fn facets(&self) -> &[Facet] {
        &self.facets
    }

    /// Turns every facet of one kind off.
    pub fn clear_kind(&mut self, kind: FacetKind) {
        self.facets.retain(|f| f.kind() != kind);
    }

    /// Turns every facet off and forgets the text.
    pub fn clear(&mut self) {
        self.facets.clear();
        self.query.clear();
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_string();
    }

    /// Whether the filter keeps every item.
    pub fn is_empty(&self) -> bool {
        self.facets.is_empty() && self.query.trim().is_empty()
    }

    /// The chips of the filter line, one per facet, in the order they were turned on.
    pub fn chips(&self, ws: &Workspace) -> Vec<String> {
        self.facets.iter().map(|f| f.chip(ws)).collect()
    }

    /// The filter made ready to test items of `ws` on `today`: the text lowercased once, and
    /// the channels and types whose names hold it, the steps of the journeys it names and the
    /// workspace's item fields found once, not per item. It holds what it needs of `ws` (a few
    /// names and ids, never an item), so it can test items of a copy of the rows on another
    /// thread.
    pub fn matcher(&self, ws: &Workspace, today: Date) -> Matcher {
        let query = self.query.trim().to_lowercase();
        let (mut types, mut channels) = (IdSet::default(), IdSet::default());
        let mut fields = Vec::new();
        if !query.is_empty() {
            fields.extend(fields_on(&ws.contents().fields, "item").map(|f| f.id.clone()));
            types.extend(
                ws.content_types()
                    .iter()
                    .filter(|t| contains_folded(&t.name, &query))
                    .map(|t| t.id),
            );
            channels.extend(
                ws.channels()
                    .iter()
                    .filter(|c| contains_folded(&c.name, &query))
                    .map(|c| c.id),
            );
        }
        let on_journeys = self
            .facets
            .iter()
            .filter_map(|facet| match facet {
                Facet::Journey(id) => ws.journeys().get(*id),
                _ => None,
            })
            .flat_map(|journey| journey.steps.iter().map(|step| step.id))
            .collect();
        let mut kinds: Vec<FacetKind> = self.facets.iter().map(Facet::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        Matcher {
            facets: self.facets.clone(),
            on_journeys,
            today,
            kinds,
            query,
            types,
            channels,
            fields,
        }
    }
}

/// An [`ItemFilter`] ready to test items (see [`ItemFilter::matcher`]).
#[derive(Clone, Debug)]
pub struct Matcher {
    facets: Vec<Facet>,
    /// The steps of the journeys the facets name.
    on_journeys: IdSet<Id>,
    today: Date,
    /// The kinds of facet that are on, each once.
    kinds: Vec<FacetKind>,
    /// The free text, trimmed and lowercased.
    query: String,
    /// Content types and channels whose names hold the text.
    types: IdSet<Id>,
    channels: IdSet<Id>,
    /// The ids of the workspace's item fields, whose values the text is looked for in (only
    /// when there is text).
    fields: Vec<String>,
}

impl Matcher {
    /// Whether the filter keeps the item: for every kind of facet that is on, one of its facets
    /// holds, and the text (if any) is in the item's title, owner, type, channel or the value of
    /// one of the workspace's item fields.
    pub fn matches(&self, item: &Item) -> bool {
        let facets_hold = self.kinds.iter().all(|kind| {
            self.facets
                .iter()
                .filter(|f| f.kind() == *kind)
                .any(|f| f.holds(item, &self.on_journeys, self.today))
        });
        facets_hold && self.text_holds(item)
    }

    /// Whether the filter has any facet or text (when not, every item matches).
    pub fn is_open(&self) -> bool {
        self.kinds.is_empty() && self.query.is_empty()
    }

    fn text_holds(&self, item: &Item) -> bool {
        self.query.is_empty()
            || contains_folded(&item.title, &self.query)
            || contains_folded(&item.owner, &self.query)
            || self.types.contains(&item.content_type_id)
            || item.channel_id.is_some_and(|c| self.channels.contains(&c))
            || item.custom.iter().any(|(id, text)| {
                self.fields.iter().any(|f| f == id) && contains_folded(text, &self.query)
            })
    }
}

/// The content map's filters: gaps only, and facets (status, owner, channel) that a cell's
/// items must meet. A mapped cell that fails them is hidden; the map says how many it hides and
/// still counts every gap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapFilter {
    pub gaps_only: bool,
    pub items: ItemFilter,
}

/// The kinds of facet the map offers.
pub const MAP_FACETS: [FacetKind; 3] = [FacetKind::Status, FacetKind::Owner, FacetKind::Channel];

impl MapFilter {
    pub fn is_empty(&self) -> bool {
        !self.gaps_only && self.items.is_empty()
    }

    /// The chips of the map's title: `gaps only`, `status: to create`.
    pub fn chips(&self, ws: &Workspace) -> Vec<String> {
        let gaps = self.gaps_only.then(|| "gaps only".to_string());
        gaps.into_iter().chain(self.items.chips(ws)).collect()
    }

    /// Whether the filter hides a cell: only a mapped cell (one with something to show) can be
    /// hidden. Its items are read only until one meets the facets; a status alone is read from
    /// the cell's counts.
    pub fn hides(&self, ws: &Workspace, step: Id, content_type: Id, matcher: &Matcher) -> bool {
        let cell = ws.cell(step, content_type);
        if !cell.mapped {
            return false;
        }
        if self.gaps_only && !cell.gap {
            return true;
        }
        if matcher.is_open() {
            return false;
        }
        let statuses_only = matcher.kinds == [FacetKind::Status];
        if statuses_only {
            let count = |status| match status {
                Status::Available => cell.available,
                Status::InProgress => cell.in_progress,
                Status::ToCreate => cell.to_create,
            };
            return !self.items.facets.iter().any(|facet| match facet {
                Facet::Status(status) => count(*status) > 0,
                _ => false,
            });
        }
        !ws.cell_item_ids(step, content_type)
            .iter()
            .filter_map(|id| ws.items().get(*id))
            .any(|item| matcher.matches(item))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::small;
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("a test date")
    }

    fn kept(ws: &Workspace, filter: &ItemFilter, today: Date) -> Vec<String> {
        let matcher = filter.matcher(ws, today);
        ws.items()
            .iter()
            .filter(|item| matcher.matches(item))
            .map(|item| item.title.clone())
            .collect()
    }

    fn id_of<'a>(names: impl IntoIterator<Item = (Id, &'a str)>, name: &str) -> Id {
        names
            .into_iter()
            .find(|(_, n)| *n == name)
            .map(|(id, _)| id)
            .expect("a known name")
    }

    #[test]
    fn an_empty_filter_keeps_every_item() {
        let ws = small();
        let filter = ItemFilter::default();
        assert!(filter.is_empty() && filter.matcher(&ws, date("2027-01-01")).is_open());
        assert_eq!(
            kept(&ws, &filter, date("2027-01-01")).len(),
            ws.items().len()
        );
    }

    #[test]
    fn on_no_step_keeps_the_items_the_map_never_shows() {
        let ws = small();
        let mut filter = ItemFilter::default();
        filter.toggle(Facet::OnNoStep);
        assert_eq!(
            kept(&ws, &filter, date("2027-01-01")),
            ["Newsletter", "Draft post"]
        );
        assert_eq!(filter.chips(&ws), ["on no step"]);
    }

    #[test]
    fn facets_of_one_kind_widen_and_of_different_kinds_narrow() {
        let ws = small();
        let today = date("2027-01-01");
        let mut filter = ItemFilter::default();
        filter.toggle(Facet::Status(Status::ToCreate));
        assert_eq!(
            kept(&ws, &filter, today),
            ["Chat bot", "Repair video", "Newsletter"]
        );
        filter.toggle(Facet::Status(Status::InProgress));
        assert_eq!(
            kept(&ws, &filter, today),
            [
                "Buyer guide",
                "Chat bot",
                "Repair video",
                "Newsletter",
                "Workshop page"
            ]
        );
        filter.toggle(Facet::Channel(None));
        assert_eq!(kept(&ws, &filter, today), ["Repair video", "Workshop page"]);
        assert_eq!(
            filter.chips(&ws),
            [
                "status: to create",
                "status: in progress",
                "channel: no channel"
            ]
        );
        // Toggling again turns a facet off.
        filter.toggle(Facet::Channel(None));
        filter.toggle(Facet::Status(Status::InProgress));
        assert_eq!(filter.facets(), [Facet::Status(Status::ToCreate)]);
    }

    #[test]
    fn journey_type_and_channel_facets_follow_the_items_references() {
        let ws = small();
        let today = date("2027-01-01");
        let journeys = ws.journeys().iter().map(|j| (j.id, j.name.as_str()));
        let repair = id_of(journeys, "Repair");
        let mut filter = ItemFilter::default();
        filter.toggle(Facet::Journey(repair));
        // Buyer guide sits on a step of each journey; items on no step are on none.
        assert_eq!(
            kept(&ws, &filter, today),
            ["Buyer guide", "Repair video", "FAQ", "Workshop page"]
        );
        let types = ws.content_types().iter().map(|t| (t.id, t.name.as_str()));
        filter.toggle(Facet::ContentType(id_of(types, "Guide")));
        assert_eq!(
            kept(&ws, &filter, today),
            ["Buyer guide", "FAQ", "Workshop page"]
        );
        let channels = ws.channels().iter().map(|c| (c.id, c.name.as_str()));
        filter.toggle(Facet::Channel(Some(id_of(channels, "Search"))));
        assert_eq!(kept(&ws, &filter, today), ["Buyer guide"]);
        assert_eq!(
            filter.chips(&ws),
            ["journey: Repair", "type: Guide", "channel: Search"]
        );
    }

    #[test]
    fn overdue_is_the_items_own_definition() {
        let ws = small();
        let today = date("2027-03-01");
        let mut filter = ItemFilter::default();
        filter.toggle(Facet::Overdue);
        let expected: Vec<String> = ws
            .items()
            .iter()
            .filter(|item| item.is_overdue(today))
            .map(|item| item.title.clone())
            .collect();
        assert_eq!(expected, ["Buyer guide"]);
        assert_eq!(kept(&ws, &filter, today), expected);
        assert_eq!(ws.overdue_count(today), expected.len());
    }

    #[test]
    fn owners_are_picked_by_name_and_no_owner_is_a_choice_of_its_own() {
        let mut ws = small();
        let mut first = ws.items().iter().next().expect("an item").clone();
        first.owner = " Lena ".into();
        super::super::edit::update(&mut ws, first).expect("the owner is set");
        assert_eq!(
            choices(FacetKind::Owner, &ws),
            [Facet::Owner("Lena".into()), Facet::Owner(String::new())]
        );
        let mut filter = ItemFilter::default();
        filter.toggle(Facet::Owner("Lena".into()));
        assert_eq!(kept(&ws, &filter, date("2027-01-01")), ["Promo"]);
        filter.toggle(Facet::Owner(String::new()));
        assert_eq!(
            kept(&ws, &filter, date("2027-01-01")).len(),
            ws.items().len()
        );
        assert_eq!(filter.chips(&ws), ["owner: Lena", "owner: no owner"]);
    }

    /// Once counted, the owners follow every change of the items, as a fresh count of every
    /// item has them; counted with the search's text off the screen's thread, too.
    #[test]
    fn the_owners_offered_follow_every_edit_as_a_fresh_count_has_them() {
        use super::super::owners::Owners;
        let mut ws = small();
        let fresh = |ws: &Workspace| Owners::of(ws.items().iter());
        assert_eq!(*ws.owners(), fresh(&ws));
        let mut first = ws.items().iter().next().expect("an item").clone();
        first.owner = " Lena ".into();
        super::super::edit::update(&mut ws, first.clone()).expect("the owner is set");
        assert_eq!(*ws.owners(), fresh(&ws));
        assert!(ws.owners().names().any(|name| name == "Lena"));
        let mut added = first.clone();
        added.id = Id::new();
        added.owner = "Zoë".into();
        super::super::edit::add(&mut ws, added.clone()).expect("an item");
        assert_eq!(*ws.owners(), fresh(&ws));
        super::super::edit::delete_items(&mut ws, &[first.id, added.id]).expect("deleted");
        assert_eq!(*ws.owners(), fresh(&ws));
        assert!(
            !ws.owners()
                .names()
                .any(|name| name == "Lena" || name == "Zoë")
        );

        let mut prepared = small();
        let snapshot = prepared.snapshot();
        prepared.adopt_search(snapshot.prepare_search());
        assert!(prepared.search_prepared());
        assert_eq!(*prepared.owners(), fresh(&prepared));
    }

    #[test]
    fn free_text_narrows_by_title_owner_type_and_channel_in_any_case() {
        let ws = small();
        let today = date("2027-01-01");
        let mut filter = ItemFilter::default();
        filter.set_query("  VIDEO ");
        // "Repair video" by its title, "Promo" by its type (Video).
        assert_eq!(kept(&ws, &filter, today), ["Promo", "Repair video"]);
        filter.set_query("email");
        // The channel named Email.
        assert_eq!(kept(&ws, &filter, today), ["Chat bot", "Newsletter"]);
        filter.toggle(Facet::OnNoStep);
        assert_eq!(kept(&ws, &filter, today), ["Newsletter"]);
    }

    #[test]
    fn free_text_finds_the_value_of_an_item_field_and_no_other_kind_of_field() {
        use super::super::FieldDef;
        use super::super::search::Target;
        let mut ws = small();
        let today = date("2027-01-01");
        for (id, on) in [("campaign", "item"), ("region", "persona")] {
            let field = FieldDef {
                id: id.into(),
                ..FieldDef::new(id, on)
            };
            super::super::edit::add_field(&mut ws, field).expect("a field");
        }
        let promo = ws
            .items()
            .iter()
            .find(|i| i.title == "Promo")
            .expect("Promo")
            .id;
        super::super::edit::set_custom(&mut ws, Target::Item(promo), "campaign", "SPR-26")
            .expect("a value");
        let mut filter = ItemFilter::default();
        filter.set_query("spr-2");
        assert_eq!(kept(&ws, &filter, today), ["Promo"]);
        // A value the item holds of a field on personas (a broken file, which no edit makes) is
        // not the item's text.
        let at = ws.items().position(promo).expect("Promo");
        let mut broken = ws.items().at(at).expect("Promo").clone();
        broken.custom = [("region".to_string(), "North".to_string())]
            .into_iter()
            .collect();
        ws.contents_mut().0.items.replace(at, broken);
        filter.set_query("north");
        assert!(kept(&ws, &filter, today).is_empty());
        // Of its own field, the same text is found.
        super::super::edit::set_custom(&mut ws, Target::Item(promo), "region", "")
            .expect("cleared");
        super::super::edit::set_custom(&mut ws, Target::Item(promo), "campaign", "North")
            .expect("a value");
        assert_eq!(kept(&ws, &filter, today), ["Promo"]);
    }

    #[test]
    fn every_kind_offers_choices_that_name_themselves() {
        let ws = small();
        for kind in FacetKind::ALL {
            let choices = choices(kind, &ws);
            assert!(!choices.is_empty(), "{kind:?} offers nothing");
            for choice in choices {
                assert_eq!(choice.kind(), kind);
                assert!(!choice.chip(&ws).contains("(deleted)"));
            }
        }
    }
}
