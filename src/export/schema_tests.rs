//! The reports and the CSV against the schema: every field of every kind they show appears in
//! them, so a field added to the schema cannot miss them.

use super::{Format, PERSONA_HEADED, html, markdown, render};
use crate::import::import_csv;
use crate::model::schema::examples::{self, every_field, marker};
use crate::model::schema::{AnyField, EntityKind, FieldInput, FieldKind, Schema, all_fields};
use crate::model::{Date, Item, Table, Workspace};

/// The kinds the reports list field by field: personas, journeys, their steps and the items
/// (in the calendar). KPIs are not among them: the reports show a KPI's figures read together
/// (a target with its unit and direction, how far the actual is from it), not field by field.
const REPORTED: [EntityKind; 4] = [
    EntityKind::Persona,
    EntityKind::Journey,
    EntityKind::Step,
    EntityKind::Item,
];

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn document(ws: &Workspace, format: Format) -> String {
    String::from_utf8(render(ws, format, None, today())).unwrap()
}

/// Each field of a kind with its label and the text its value shows as.
fn shown(ws: &Workspace, kind: EntityKind) -> Vec<(AnyField<'_>, String)> {
    all_fields(&ws.contents().fields, kind)
        .map(|field| {
            let text = match field {
                AnyField::BuiltIn(built_in) => examples::value(ws, kind, built_in.key)
                    .unwrap()
                    .shown(ws, built_in)
                    .into_owned(),
                AnyField::Own(_) => marker(kind, "own_value"),
            };
            (field, text)
        })
        .collect()
}

/// The example with its item's URL a web address: the HTML links only those.
fn every_field_linked() -> Workspace {
    let ws = every_field();
    let mut contents = ws.contents().clone();
    let link = format!("https://example.com/{}", marker(EntityKind::Item, "url"));
    contents.items = Table::from_rows(contents.items.iter().map(|item| {
        let mut item = item.clone();
        item.write("url", FieldInput::Text(link.clone())).unwrap();
        item
    }));
    Workspace::from_contents(contents)
}

/// Whether a format shows a field of a kind without its label, as documented: the HTML
/// calendar's title is the link to the item's URL and has its notes under it
/// ([`html::WITH_THE_TITLE`]).
fn with_the_title(format: Format, kind: EntityKind, field: AnyField) -> bool {
    format == Format::Html
        && kind == EntityKind::Item
        && matches!(field, AnyField::BuiltIn(f) if html::WITH_THE_TITLE.contains(&f.key))
}

#[test]
fn every_field_of_every_reported_kind_shows_in_the_markdown_and_the_html() {
    let ws = every_field_linked();
    type Escape = fn(&str) -> String;
    let reports: [(Format, Escape); 2] = [
        (Format::Markdown, markdown::escape),
        (Format::Html, html::escape),
    ];
    for (format, escape) in reports {
        let report = document(&ws, format);
        for kind in REPORTED {
            let fields = shown(&ws, kind);
            assert!(fields.iter().any(|(f, _)| matches!(f, AnyField::Own(_))));
            for (field, text) in fields {
                assert!(!text.is_empty(), "{kind:?} {}", field.label());
                assert!(
                    report.contains(&escape(&text)),
                    "{format:?}: the {} of the {} ({text:?}) is missing",
                    field.label(),
                    kind.noun()
                );
                // A name heads its entry and a persona's summary is the paragraph under it:
                // they show without their labels.
                let headed = matches!(field, AnyField::BuiltIn(f)
                    if f.kind == FieldKind::Name
                        || kind == EntityKind::Persona && PERSONA_HEADED.contains(&f.key));
                if !headed && !with_the_title(format, kind, field) {
                    assert!(
                        report.contains(&escape(field.label())),
                        "{format:?}: the label {:?} of the {} is missing",
                        field.label(),
                        kind.noun()
                    );
                }
            }
        }
    }
    // The HTML calendar's title links to the item's URL, its notes the paragraph under it.
    let item = ws.items().get(examples::id(EntityKind::Item)).unwrap();
    let title_cell = format!(
        "<td><a href=\"{}\" rel=\"noopener noreferrer\">{}</a><p class=\"legend\">{}</p></td>",
        html::escape(&item.url),
        html::escape(&item.title),
        html::escape(&item.notes),
    );
    let report = document(&ws, Format::Html);
    assert!(report.contains(&title_cell), "{title_cell}\n{report}");
}

/// An item's URL that is no web address is no link in the HTML calendar, but still shows:
/// under the title, after the notes.
#[test]
fn an_item_url_that_is_no_web_address_shows_under_the_title_in_the_html() {
    let ws = every_field();
    let text = |key| marker(EntityKind::Item, key);
    let title_cell = format!(
        "<td>{}<p class=\"legend\">{}<br>{}</p></td>",
        text("title"),
        text("notes"),
        text("url")
    );
    let report = document(&ws, Format::Html);
    assert!(report.contains(&title_cell), "{title_cell}\n{report}");
}

/// The copied Markdown of one step and one item lists each of their fields under its label.
#[test]
fn every_field_of_a_copied_step_and_item_shows_under_its_label() {
    let ws = every_field();
    let journey = ws
        .journeys()
        .get(examples::id(EntityKind::Journey))
        .unwrap();
    let step = journey.step(examples::id(EntityKind::Step)).unwrap();
    let item = ws.items().get(examples::id(EntityKind::Item)).unwrap();
    for (kind, copied) in [
        (EntityKind::Step, markdown::entry::step(&ws, journey, step)),
        (EntityKind::Item, markdown::entry::item(&ws, item)),
    ] {
        for (field, text) in shown(&ws, kind) {
            let value = markdown::escape(&text);
            let under_label = format!("| **{}** | {value}", markdown::escape(field.label()));
            // The name is in the heading.
            let heading = copied.lines().next().unwrap_or_default();
            let headed = matches!(field, AnyField::BuiltIn(f) if f.kind == FieldKind::Name)
                && heading.starts_with("### ")
                && heading.contains(&value);
            assert!(
                copied.contains(&under_label) || headed,
                "the {} of the {} is missing:\n{copied}",
                field.label(),
                kind.noun()
            );
        }
    }
}

/// The inventory has a column per field of an item — the built-in ones under their stable
/// names, then the workspace's own under theirs — and importing it into a workspace without the
/// item gives every field back.
#[test]
fn the_csv_has_a_column_per_item_field_and_reads_every_field_back() {
    let ws = every_field();
    let csv = String::from_utf8(render(&ws, Format::Csv, None, today())).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let item_columns = crate::inventory::columns()
        .filter(|(_, column)| matches!(column, crate::inventory::Column::Field(_)))
        .count();
    let own = all_fields(&ws.contents().fields, EntityKind::Item)
        .filter(|f| matches!(f, AnyField::Own(_)))
        .count();
    assert_eq!(item_columns, Item::FIELDS.len());
    assert_eq!(own, 1);
    assert_eq!(
        header.len(),
        crate::inventory::columns().count() + own,
        "{header:?}"
    );

    let mut contents = ws.contents().clone();
    contents.items = Table::from_rows([]);
    let (back, report) = import_csv(Workspace::from_contents(contents), csv.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    assert!(report.ignored_columns.is_empty(), "{report:?}");
    assert_eq!(report.added, 1);
    for field in Item::FIELDS {
        assert_eq!(
            examples::value(&back, EntityKind::Item, field.key),
            examples::value(&ws, EntityKind::Item, field.key),
            "{}",
            field.key
        );
    }
    let item = back.items().get(examples::id(EntityKind::Item)).unwrap();
    let field = examples::own_field(EntityKind::Item).unwrap();
    assert_eq!(
        item.custom.get(&field.id),
        Some(marker(EntityKind::Item, "own_value").as_str())
    );
}

/// A calendar's columns are those some item fills: one only the last item fills is there (with
/// its value in that item's row), one no item fills is left out; every row has a cell per
/// column. The columns are found before any row is written.
#[test]
fn a_calendar_column_is_kept_when_any_item_fills_it_and_only_then() {
    let ws = every_field();
    let mut contents = ws.contents().clone();
    let item = contents.items.iter().next().unwrap().clone();
    contents.items = Table::from_rows((0..3u128).map(|n| {
        let mut copy = item.clone();
        copy.id = crate::model::Id::from_u128(0xca1e_0000 + n);
        copy.channel_id = None;
        if n < 2 {
            copy.owner.clear();
        }
        copy
    }));
    let ws = Workspace::from_contents(contents);
    let owner = marker(EntityKind::Item, "owner");

    let markdown = document(&ws, Format::Markdown);
    let header = markdown
        .lines()
        .find(|line| line.starts_with("| Date |"))
        .unwrap();
    assert!(header.contains(" Owner |"), "{header}");
    assert!(!header.contains(" Channel |"), "{header}");
    let rows: Vec<&str> = (markdown.lines())
        .skip_while(|line| !line.starts_with("| Date |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(
            row.matches(" |").count(),
            header.matches(" |").count(),
            "{row}"
        );
    }
    assert!(!rows[0].contains(&owner) && !rows[1].contains(&owner));
    assert!(rows[2].contains(&owner), "{}", rows[2]);

    let html = document(&ws, Format::Html);
    let calendar = &html[html.find("<section id=\"calendar\">").unwrap()..];
    let calendar = &calendar[..calendar.find("</section>").unwrap()];
    assert!(calendar.contains("<th scope=\"col\">Owner</th>"));
    assert!(!calendar.contains(">Channel</th>"));
    assert_eq!(calendar.matches(&owner).count(), 1);
}
