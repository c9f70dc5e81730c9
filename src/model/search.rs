//! Search over every text of a workspace.
//!
//! At a million items, looking at every field of every entry takes several frames, so a search
//! first reads a prepared copy of the text: each table's entries lowercased, one after another in
//! chunks, where one fast substring search skips everything that cannot match. Only the entries
//! it finds are then checked field by field, exactly as they always were, so the copy only
//! decides what is worth a look, never what matches. The copy is made by the first search and
//! kept up to date by every change after that (a session that never searches never pays for it).

use std::borrow::Cow;

use memchr::memmem::Finder;

use super::fields::{Custom, FieldDef};
use super::schema::{EntityKind, Field, FieldKind, FieldValue, Schema};
use super::{
    Channel, Comment, ContentType, Contents, Id, Item, Journey, Metric, Objective, Persona, Slot,
    Step, Table, Workspace,
};

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Objective(Id),
    Channel(Id),
    Persona(Id),
    ContentType(Id),
    Journey(Id),
    Step(Id),
    Item(Id),
    Metric(Id),
}

/// One entry whose text matches: what it is, its name, and the field that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub noun: &'static str,
    pub label: String,
    /// A built-in field's name, or the name the workspace gave its own field.
    pub field: Cow<'static, str>,
    pub text: String,
}

/// Case-insensitive substring test that allocates nothing for ASCII queries.
pub(super) fn matches(text: &str, needle_lower: &str) -> bool {
    if needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        text.as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
    } else {
        text.to_lowercase().contains(needle_lower)
    }
}

/// What an entry without values of the workspace's fields passes.
const NO_VALUES: &Custom = &Custom::EMPTY;

/// A kind of entry the search looks through: the texts its schema lists (see [`texts`]), then
/// its values of the workspace's own fields, then its comments (open and resolved alike).
pub(super) trait Searchable: Schema {
    /// Its values of the workspace's own fields; none for kinds that carry none.
    fn own_values(&self) -> &Custom {
        NO_VALUES
    }
    /// Its comments; none for kinds that carry none.
    fn remarks(&self) -> &[Comment] {
        &[]
    }
    /// The entries inside it, which the search lists right after it: a journey's steps.
    fn parts(&self) -> &[Step] {
        &[]
    }
}

/// Entries that carry values of the workspace's fields and comments.
macro_rules! searchable {
    ($($type:ty),*) => {$(
        impl Searchable for $type {
            fn own_values(&self) -> &Custom {
                &self.custom
            }
            fn remarks(&self) -> &[Comment] {
                &self.comments
            }
        }
    )*};
}
searchable!(Persona, ContentType, Step, Item);

impl Searchable for Journey {
    fn own_values(&self) -> &Custom {
        &self.custom
    }
    fn remarks(&self) -> &[Comment] {
        &self.comments
    }
    fn parts(&self) -> &[Step] {
        &self.steps
    }
}

impl Searchable for Metric {
    fn remarks(&self) -> &[Comment] {
        &self.comments
    }
}

impl Searchable for Channel {}

impl Searchable for Objective {}

/// The built-in texts of an entry, in the order they are tried: every field of its schema that
/// holds free text, and its tags joined as they read (`commuter, first purchase`). Borrowed but
/// for the tags, so reading an entry costs what it did when each kind listed its texts by hand.
fn texts<T: Schema>(entry: &T) -> impl Iterator<Item = (&'static Field, Cow<'_, str>)> {
    T::FIELDS
        .iter()
        .filter(|field| field.kind.is_text() || field.kind == FieldKind::Tags)
        .filter_map(move |field| match entry.read(field.key)? {
            FieldValue::Tags(tags) => Some((field, Cow::Owned(tags.join(", ")))),
            value => Some((field, Cow::Borrowed(value.text()?))),
        })
}

/// The first of an entry's texts that holds the query: a built-in field (named by its word:
/// `pain points`), else a value of one of the workspace's `defined` fields (named by the
/// field's name; a value of a field the workspace does not define is not shown anywhere, so it
/// is not found either), else a comment (named as resolved when it is, so a hit on an old
/// remark is not read as an open question).
fn first_match<'a, T: Searchable>(
    entry: &'a T,
    defined: &[FieldDef],
    needle_lower: &str,
) -> Option<(Cow<'static, str>, Cow<'a, str>)> {
    let built_in = texts(entry)
        .find(|(_, text)| matches(text, needle_lower))
        .map(|(field, text)| (Cow::Owned(field.word()), text));
    let own = || {
        entry.own_values().iter().find_map(|(id, text)| {
            let field = defined.iter().find(|f| f.id == id)?;
            matches(text, needle_lower)
                .then(|| (Cow::Owned(field.name.clone()), Cow::Borrowed(text)))
        })
    };
    let comment = || {
        let comment = (entry.remarks().iter()).find(|c| matches(&c.text, needle_lower))?;
        let field = if comment.resolved {
            "resolved comment"
        } else {
            "comment"
        };
        Some((Cow::Borrowed(field), Cow::Borrowed(comment.text.as_str())))
    };
    built_in.or_else(own).or_else(comment)
}

impl Target {
    /// The entry of a kind with an id.
    pub fn of(kind: EntityKind, id: Id) -> Target {
        match kind {
            EntityKind::Objective => Target::Objective(id),
            EntityKind::Channel => Target::Channel(id),
            EntityKind::Persona => Target::Persona(id),
            EntityKind::ContentType => Target::ContentType(id),
            EntityKind::Journey => Target::Journey(id),
            EntityKind::Step => Target::Step(id),
            EntityKind::Item => Target::Item(id),
            EntityKind::Metric => Target::Metric(id),
        }
    }
}

/// Entries whose text contains `query` (ignoring case), in workspace order, at most `limit`.
/// Each entry is listed once, with the first field that matched.
pub fn search(ws: &Workspace, query: &str, limit: usize) -> Vec<Hit> {
    look(ws, query, limit, |look| {
        let texts = ws.search_texts();
        look.table(&texts.personas, ws.personas());
        look.table(&texts.journeys, ws.journeys());
        look.table(&texts.content_types, ws.content_types());
        look.table(&texts.items, ws.items());
        look.table(&texts.metrics, ws.metrics());
        look.table(&texts.channels, ws.channels());
        look.table(&texts.objectives, ws.objectives());
    })
}

/// The hits of `query` among the entries `walk` hands the search; none for an empty query.
fn look(ws: &Workspace, query: &str, limit: usize, walk: impl FnOnce(&mut Look)) -> Vec<Hit> {
    let needle = query.trim().to_lowercase();
    let mut hits = Vec::new();
    if needle.is_empty() {
        return hits;
    }
    let finder = Finder::new(needle.as_bytes());
    walk(&mut Look {
        finder: &finder,
        needle: &needle,
        defined: &ws.contents().fields,
        hits: &mut hits,
        limit,
    });
    hits
}

/// One search on its way through the tables.
struct Look<'a> {
    finder: &'a Finder<'a>,
    needle: &'a str,
    defined: &'a [FieldDef],
    hits: &'a mut Vec<Hit>,
    limit: usize,
}

impl Look<'_> {
    /// Checks, field by field, the entries of a table whose prepared text holds the query.
    fn table<T: Searchable>(&mut self, texts: &Texts, table: &Table<T>) {
        for at in texts.candidates(self.finder) {
            if self.hits.len() >= self.limit {
                return;
            }
            let Some(row) = table.at(at) else {
                debug_assert!(false, "the prepared text follows its table");
                return;
            };
            self.entry(row);
        }
    }

    /// Checks an entry, then the entries inside it.
    fn entry<T: Searchable>(&mut self, entry: &T) {
        if self.hits.len() >= self.limit {
            return;
        }
        if let Some((field, text)) = first_match(entry, self.defined, self.needle) {
            self.hits.push(Hit {
                target: Target::of(T::KIND, entry.id()),
                noun: T::NOUN,
                label: entry.label().to_string(),
                field,
                text: text.into_owned(),
            });
        }
        for part in entry.parts() {
            self.entry(part);
        }
    }
}

/// The prepared text of every table, one [`Texts`] per kind of entry.
#[derive(Clone, Debug, Default)]
pub(super) struct SearchTexts {
    pub objectives: Texts,
    pub channels: Texts,
    pub personas: Texts,
    pub content_types: Texts,
    pub journeys: Texts,
    pub items: Texts,
    pub metrics: Texts,
}

impl SearchTexts {
    /// Whether both hold the same text for every table, however it is cut into chunks.
    #[cfg(test)]
    pub fn same_text_as(&self, other: &SearchTexts) -> bool {
        let tables = |t: &SearchTexts| {
            [
                &t.objectives,
                &t.channels,
                &t.personas,
                &t.content_types,
                &t.journeys,
                &t.items,
                &t.metrics,
            ]
            .map(Texts::flat)
        };
        tables(self) == tables(other)
    }

    pub fn build(contents: &Contents) -> Self {
        SearchTexts {
            objectives: Texts::build(&contents.objectives),
            channels: Texts::build(&contents.channels),
            personas: Texts::build(&contents.personas),
            content_types: Texts::build(&contents.content_types),
            journeys: Texts::build(&contents.journeys),
            items: Texts::build(&contents.items),
            metrics: Texts::build(&contents.metrics),
        }
    }
}

/// The search's text made from a snapshot, waiting to be adopted by the workspace it was taken
/// from (see [`Snapshot::prepare_search`](super::Snapshot::prepare_search)).
#[derive(Debug)]
pub struct PreparedSearch {
    pub(super) from: super::Snapshot,
    pub(super) texts: SearchTexts,
    /// The items' owners, counted in the same pass over the snapshot for the filters.
    pub(super) owners: super::owners::Owners,
}

/// Ends every field in the prepared text. It is never part of UTF-8, so no query can match
/// across two fields or two entries.
const SEPARATOR: u8 = 0xFF;

/// Entries per chunk: big enough that a search runs over long stretches of text, small enough
/// that an edit moves little of it. Tiny in tests, so that a few entries split chunks.
const CHUNK: usize = if cfg!(test) { 4 } else { 1024 };

/// The lowercased text of a table's entries, in the table's order.
///
/// A field is lowercased the way a non-ASCII query compares it (`str::to_lowercase`), which
/// also lowercases every ASCII letter: whatever the field-by-field test would find, this text
/// holds too.
#[derive(Clone, Debug, Default)]
pub(super) struct Texts {
    chunks: Vec<Chunk>,
}

/// Consecutive entries' text, and where each entry's text ends.
#[derive(Clone, Debug, Default)]
struct Chunk {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

/// Writes an entry's prepared text: every text of it and of the entries inside it, in the
/// order the search tries them, lowercased, each followed by the separator.
fn prepare<T: Searchable>(row: &T, out: &mut Vec<u8>) {
    let mut add = |text: &str| {
        if text.is_ascii() {
            let start = out.len();
            out.extend_from_slice(text.as_bytes());
            out[start..].make_ascii_lowercase();
        } else {
            out.extend_from_slice(text.to_lowercase().as_bytes());
        }
        out.push(SEPARATOR);
    };
    for (_, text) in texts(row) {
        add(&text);
    }
    for (_, text) in row.own_values().iter() {
        add(text);
    }
    for comment in row.remarks() {
        add(&comment.text);
    }
    for part in row.parts() {
        prepare(part, out);
    }
}

impl Chunk {
    fn start(&self, k: usize) -> usize {
        k.checked_sub(1).map_or(0, |before| self.ends[before])
    }

    fn insert<T: Searchable>(&mut self, k: usize, row: &T) {
        let mut text = Vec::new();
        prepare(row, &mut text);
        let start = self.start(k);
        self.bytes.splice(start..start, text.iter().copied());
        self.ends.insert(k, start);
        for end in &mut self.ends[k..] {
            *end += text.len();
        }
    }

    fn remove(&mut self, k: usize) {
        let (start, end) = (self.start(k), self.ends[k]);
        self.bytes.drain(start..end);
        self.ends.remove(k);
        for later in &mut self.ends[k..] {
            *later -= end - start;
        }
    }
}

impl Texts {
    /// Each chunk is written into one buffer reused for all of them, then copied at its exact
    /// length: a chunk grown in place keeps up to half its capacity unused, which is megabytes
    /// held for the whole session at 100k items.
    pub fn build<'a, T: Searchable + 'a>(rows: impl IntoIterator<Item = &'a T>) -> Self {
        let mut texts = Texts::default();
        let mut bytes = Vec::new();
        let mut ends = Vec::with_capacity(CHUNK);
        for row in rows {
            prepare(row, &mut bytes);
            ends.push(bytes.len());
            if ends.len() == CHUNK {
                texts.push_chunk(&mut bytes, &mut ends);
            }
        }
        if !ends.is_empty() {
            texts.push_chunk(&mut bytes, &mut ends);
        }
        texts
    }

    /// Adds a chunk of the text in `bytes` and its entries' `ends`, both left empty for the next.
    fn push_chunk(&mut self, bytes: &mut Vec<u8>, ends: &mut Vec<usize>) {
        self.chunks.push(Chunk {
            bytes: bytes.as_slice().to_vec(),
            ends: std::mem::replace(ends, Vec::with_capacity(CHUNK)),
        });
        bytes.clear();
    }

    /// The chunk holding position `at`, and the position within it; the end of the last chunk
    /// for one past the last entry.
    fn locate(&self, mut at: usize) -> (usize, usize) {
        for (c, chunk) in self.chunks.iter().enumerate() {
            if at < chunk.ends.len() || c + 1 == self.chunks.len() {
                return (c, at);
            }
            at -= chunk.ends.len();
        }
        (0, at)
    }

    fn insert<T: Searchable>(&mut self, at: usize, row: &T) {
        if self.chunks.is_empty() {
            self.chunks.push(Chunk::default());
        }
        let (c, k) = self.locate(at);
        self.chunks[c].insert(k, row);
        if self.chunks[c].ends.len() >= 2 * CHUNK {
            let chunk = &mut self.chunks[c];
            let split = chunk.start(CHUNK);
            let tail = Chunk {
                bytes: chunk.bytes.split_off(split),
                ends: chunk
                    .ends
                    .split_off(CHUNK)
                    .iter()
                    .map(|end| end - split)
                    .collect(),
            };
            self.chunks.insert(c + 1, tail);
        }
    }

    fn remove(&mut self, at: usize) {
        let (c, k) = self.locate(at);
        self.chunks[c].remove(k);
        if self.chunks[c].ends.is_empty() {
            self.chunks.remove(c);
        }
    }

    /// Follows a change the table just went through, given the change that undoes it.
    pub fn follow<T: Searchable>(&mut self, table: &Table<T>, undo: &Slot<T>) {
        let row = |at: usize| table.at(at).expect("the change just wrote this position");
        match undo {
            Slot::Remove { at } => self.insert(*at, row(*at)),
            Slot::Insert { at, .. } => self.remove(*at),
            Slot::Replace { at, .. } => {
                self.remove(*at);
                self.insert(*at, row(*at));
            }
            // The undo moves back from where the entry went to where it was.
            Slot::Move { from: now, to: was } => {
                self.remove(*was);
                self.insert(*now, row(*now));
            }
            // Many rows at once: the table itself was rebuilt, and so is its text.
            Slot::RemoveMany { .. } | Slot::InsertMany { .. } => *self = Texts::build(table),
        }
    }

    /// All the text with each entry's length, chunks aside; no chunk is empty.
    #[cfg(test)]
    fn flat(&self) -> (Vec<u8>, Vec<usize>) {
        assert!(
            self.chunks.iter().all(|c| !c.ends.is_empty()),
            "an empty chunk"
        );
        let bytes = self.chunks.iter().flat_map(|c| c.bytes.clone()).collect();
        let lengths = self
            .chunks
            .iter()
            .flat_map(|c| (0..c.ends.len()).map(|k| c.ends[k] - c.start(k)))
            .collect();
        (bytes, lengths)
    }

    /// The positions of the entries whose text holds the needle, ascending.
    fn candidates<'a>(&'a self, finder: &'a Finder<'a>) -> impl Iterator<Item = usize> + 'a {
        let mut first = 0;
        self.chunks.iter().flat_map(move |chunk| {
            let base = first;
            first += chunk.ends.len();
            let mut from = 0;
            std::iter::from_fn(move || {
                let found = from + finder.find(&chunk.bytes[from..])?;
                let k = chunk.ends.partition_point(|end| *end <= found);
                from = chunk.ends[k];
                Some(base + k)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Change;
    use proptest::prelude::*;

    #[test]
    fn finds_text_in_any_field_ignoring_case() {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let step = &ws.journeys().at(0).unwrap().steps[0];
        let word: String = step
            .pain_points
            .split_whitespace()
            .last()
            .unwrap()
            .to_uppercase();
        let hits = search(&ws, &word, 100);
        assert!(hits.iter().any(|h| h.target == Target::Step(step.id)));
        assert!(search(&ws, "zzqqxx-nothing", 100).is_empty());
        assert!(search(&ws, "  ", 100).is_empty());
        assert_eq!(search(&ws, "e", 3).len(), 3);
    }

    #[test]
    fn a_comment_is_found_on_its_entry_and_a_resolved_one_is_named_so() {
        let mut ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        // The prepared text is made before the comments come: the edits must keep it true.
        assert!(search(&ws, "kickstand bolt", 10).is_empty());
        let step = Target::Step(ws.journeys().at(0).unwrap().steps[2].id);
        let metric = Target::Metric(ws.metrics().at(0).unwrap().id);
        let at = std::time::SystemTime::UNIX_EPOCH;
        let open = Comment::new("ines", at, "Ask about the KICKSTAND bolt here");
        crate::model::edit::add_comment(&mut ws, step, open).unwrap();
        let old = Comment::new("lena", at, "Kickstand bolt was fixed in May");
        let old_id = old.id;
        crate::model::edit::add_comment(&mut ws, metric, old).unwrap();
        crate::model::edit::resolve_comment(&mut ws, metric, old_id, true).unwrap();

        let hits = search(&ws, "kickstand bolt", 10);
        let found: Vec<_> = hits.iter().map(|h| (h.target, h.field.as_ref())).collect();
        assert_eq!(
            found,
            [(step, "comment"), (metric, "resolved comment")],
            "{hits:#?}"
        );
        assert_eq!(hits[0].text, "Ask about the KICKSTAND bolt here");
        assert_eq!(hits, scan(&ws, "kickstand bolt", 10));
    }

    /// The text is kept for the whole session: each chunk holds its bytes at their exact length,
    /// not the spare capacity of a buffer grown entry by entry.
    #[test]
    fn a_prepared_text_keeps_no_spare_capacity() {
        let ws = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let texts = Texts::build(ws.items());
        assert!(
            texts.chunks.len() > 1,
            "the sample's items fill several chunks"
        );
        for chunk in &texts.chunks {
            assert_eq!(chunk.bytes.capacity(), chunk.bytes.len());
            assert!(!chunk.ends.is_empty() && chunk.ends.len() <= CHUNK);
        }
    }

    #[test]
    fn non_ascii_queries_match_too() {
        assert!(matches("Ünïcode Straße", "straße"));
        assert!(matches("ÜNÏCODE", "ünïcode"));
        assert!(!matches("Strasse", "straße"));
    }

    /// Every text of every kind is found, on its entry alone, named by its field: the built-in
    /// ones by the field's word, the workspace's own by its name.
    #[test]
    fn every_text_field_of_every_kind_is_found_named_by_its_field() {
        use crate::model::schema::examples::{every_field, id, marker, own_field};
        let mut ws = every_field();
        let mut named: Vec<(EntityKind, String, String)> = Vec::new();
        for kind in EntityKind::ALL {
            let searched =
                (kind.fields().iter()).filter(|f| f.kind.is_text() || f.kind == FieldKind::Tags);
            named.extend(searched.map(|field| (kind, marker(kind, field.key), field.word())));
            // The example's own value (`ex-item-own`) is part of another text
            // (`ex-item-owner`): each own field gets a value of its own here.
            if let Some(own) = own_field(kind) {
                let text = format!("{} value", marker(kind, "own_value"));
                let at = Target::of(kind, id(kind));
                crate::model::edit::set_custom(&mut ws, at, &own.id, &text).unwrap();
                named.push((kind, text, own.name));
            }
        }
        for (kind, text, field) in named {
            let hits = search(&ws, &text.to_uppercase(), 10);
            let found: Vec<_> = hits.iter().map(|h| (h.target, h.field.as_ref())).collect();
            assert_eq!(
                found,
                [(Target::of(kind, id(kind)), field.as_str())],
                "{text}"
            );
            assert_eq!(hits[0].noun, kind.noun());
            assert_eq!(hits[0].text, text);
            assert_eq!(hits, scan(&ws, &text, 10));
        }
    }

    /// The sample with a step field "Backstage" that Test-rides has a value of.
    fn sample_fields() -> Workspace {
        crate::storage::decode(include_bytes!("../../tests/golden/sample-fields.json")).unwrap()
    }

    #[test]
    fn a_value_of_the_workspaces_own_field_is_found_named_by_the_fields_name() {
        let mut ws = sample_fields();
        let hits = search(&ws, "DEMO BIKES", 10);
        assert_eq!(hits.len(), 1, "{hits:#?}");
        assert_eq!(hits[0].noun, "step");
        assert_eq!(hits[0].label, "Test-rides");
        assert_eq!(hits[0].field, "Backstage");
        assert!(hits[0].text.starts_with("Mechanic on call"));
        assert_eq!(search(&ws, "demo bikes", 10), scan(&ws, "demo bikes", 10));
        // Renamed, the hit says the new name; cleared, the value is found no more.
        let field = ws.contents().fields[0].id.clone();
        crate::model::edit::rename_field(&mut ws, &field, "Behind the scenes").unwrap();
        assert_eq!(search(&ws, "demo bikes", 10)[0].field, "Behind the scenes");
        let step = hits[0].target;
        crate::model::edit::set_custom(&mut ws, step, &field, "").unwrap();
        assert!(search(&ws, "demo bikes", 10).is_empty());
        assert!(
            ws.search_texts()
                .same_text_as(&SearchTexts::build(ws.contents()))
        );
    }

    /// The search as it was before the prepared text: every entry, field by field, in order.
    fn scan(ws: &Workspace, query: &str, limit: usize) -> Vec<Hit> {
        fn each<T: Searchable>(look: &mut Look, table: &Table<T>) {
            for row in table {
                look.entry(row);
            }
        }
        look(ws, query, limit, |look| {
            each(look, ws.personas());
            each(look, ws.journeys());
            each(look, ws.content_types());
            each(look, ws.items());
            each(look, ws.metrics());
            each(look, ws.channels());
            each(look, ws.objectives());
        })
    }

    /// Words whose lowercase differs from their ASCII lowercase, or changes length.
    const WORDS: [&str; 10] = [
        "bike",
        "BIKE",
        "Straße",
        "STRAẞE",
        "\u{212a}elvin",
        "kelvin",
        "İstanbul",
        "ΣΟΦΟΣ",
        "x",
        "",
    ];

    fn item(n: u128, words: &[usize]) -> Item {
        let word = |k: usize| WORDS[words[k % words.len()] % WORDS.len()];
        let comment = Comment {
            resolved: words.len() > 5 && words[5] % 2 == 1,
            ..Comment::new("ines", std::time::SystemTime::UNIX_EPOCH, word(5))
        };
        Item {
            id: Id::from_u128(n),
            title: format!("{} {}", word(0), word(1)),
            owner: word(2).to_string(),
            notes: format!("{}{}", word(3), word(4)),
            comments: vec![comment],
            ..Item::default()
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        Insert(usize, Vec<usize>),
        Remove(usize),
        Replace(usize, Vec<usize>),
        Move(usize, usize),
        RemoveMany(Vec<usize>),
        InsertMany(Vec<(usize, Vec<usize>)>),
    }

    fn op() -> impl Strategy<Value = Op> {
        let words = || proptest::collection::vec(0..WORDS.len(), 6);
        prop_oneof![
            (any::<usize>(), words()).prop_map(|(at, w)| Op::Insert(at, w)),
            any::<usize>().prop_map(Op::Remove),
            (any::<usize>(), words()).prop_map(|(at, w)| Op::Replace(at, w)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Move(a, b)),
            proptest::collection::vec(any::<usize>(), 0..6).prop_map(Op::RemoveMany),
            proptest::collection::vec((any::<usize>(), words()), 0..6).prop_map(Op::InsertMany),
        ]
    }

    /// Applies an operation at positions that exist; `next` hands out fresh ids.
    fn apply(ws: &mut Workspace, op: Op, next: &mut u128) {
        let len = ws.items().len();
        let mut fresh = |words: &[usize]| {
            *next += 1;
            item(*next, words)
        };
        let slot = match op {
            Op::Insert(at, w) => Slot::Insert {
                at: at % (len + 1),
                value: fresh(&w),
            },
            Op::Remove(_) | Op::Replace(..) | Op::Move(..) | Op::RemoveMany(_) if len == 0 => {
                return;
            }
            Op::Remove(at) => Slot::Remove { at: at % len },
            Op::Replace(at, w) => Slot::Replace {
                at: at % len,
                value: fresh(&w),
            },
            Op::Move(from, to) => Slot::Move {
                from: from % len,
                to: to % len,
            },
            Op::RemoveMany(at) => {
                let mut at: Vec<usize> = at.iter().map(|a| a % len).collect();
                at.sort_unstable();
                at.dedup();
                Slot::RemoveMany { at }
            }
            Op::InsertMany(rows) => {
                let total = len + rows.len();
                let mut at: Vec<usize> = rows.iter().map(|(a, _)| a % total).collect();
                at.sort_unstable();
                at.dedup();
                let rows = at
                    .into_iter()
                    .zip(&rows)
                    .map(|(at, (_, w))| (at, fresh(w)))
                    .collect();
                Slot::InsertMany { rows }
            }
        };
        ws.apply(Change::Item(slot));
    }

    proptest! {
        // Failures are reported with their shrunk sequence; no regression file is written.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// After any edits, the search finds what a scan of every field finds, in the same
        /// order, and the text it keeps up to date is the text it would prepare afresh.
        #[test]
        fn search_after_edits_equals_a_full_scan(
            start in proptest::collection::vec(proptest::collection::vec(0..WORDS.len(), 5), 0..12),
            ops in proptest::collection::vec(op(), 0..24),
            query in proptest::sample::select(vec!["k", "kel", "K", "stra", "straße", "ss", "i", "i̇", "σ", "ς", "bike s", "x", "e b", "\u{212a}"]),
            limit in 1usize..30,
        ) {
            let items: Vec<Item> = start.iter().enumerate().map(|(n, w)| item(n as u128 + 1, w)).collect();
            let mut ws = Workspace::from_contents(Contents {
                items: Table::from_rows(items),
                ..Contents::default()
            });
            let mut next = 1_000;
            prop_assert_eq!(search(&ws, query, limit), scan(&ws, query, limit));
            for op in ops {
                apply(&mut ws, op, &mut next);
                prop_assert_eq!(search(&ws, query, limit), scan(&ws, query, limit));
            }
            let afresh = SearchTexts::build(ws.contents());
            prop_assert!(ws.search_texts().same_text_as(&afresh));
        }
    }

    /// A text prepared from a snapshot is taken only by the workspace it was taken from, as it
    /// still is; then it is the text the workspace would prepare itself.
    #[test]
    fn a_text_prepared_elsewhere_is_taken_only_if_nothing_changed_since() {
        let sample =
            || crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        let mut ws = sample();
        let prepared = ws.snapshot().prepare_search();
        ws.adopt_search(prepared);
        assert!(ws.search_prepared());
        assert!(
            ws.search_texts()
                .same_text_as(&SearchTexts::build(ws.contents()))
        );

        // Edited in between: the workspace prepares its own text when a search asks.
        let mut ws = sample();
        let prepared = ws.snapshot().prepare_search();
        let item = ws.items().at(0).unwrap().clone();
        ws.apply(Change::Item(Slot::Replace {
            at: 0,
            value: Item {
                title: "renamed".into(),
                ..item
            },
        }));
        ws.adopt_search(prepared);
        assert!(!ws.search_prepared());

        // Another workspace with the same entries (a reload) does not take it either.
        let mut reloaded = sample();
        reloaded.adopt_search(sample().snapshot().prepare_search());
        assert!(!reloaded.search_prepared());
    }

    #[test]
    fn the_sample_searches_as_a_full_scan_does() {
        let sample = crate::storage::decode(crate::storage::location::SAMPLE.as_bytes()).unwrap();
        for ws in [sample, sample_fields()] {
            searches_as_a_full_scan_does(&ws);
        }
    }

    fn searches_as_a_full_scan_does(ws: &Workspace) {
        for query in [
            "e", "a", "bike", "PAIN", "shop", "ü", "é", " s ", "zzz", "demo", "CHARGED",
        ] {
            for limit in [1, 3, 500] {
                assert_eq!(
                    search(ws, query, limit),
                    scan(ws, query, limit),
                    "{query:?}"
                );
            }
        }
    }
}
