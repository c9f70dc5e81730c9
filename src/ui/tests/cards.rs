//! Cards and the board's lanes walk the schema: every field of a persona, a step and an item is
//! on its card, and every lane of a step on the board, so a field added to the schema cannot
//! miss them.

use super::*;
use crate::app::Entry;
use crate::model::schema::examples::{self, every_field, id, marker, own_field};
use crate::model::schema::{EntityKind, FieldKind};
use crate::ui::card;

/// A card's text as drawn, wide enough that no field wraps.
fn card_text(ws: &Workspace, entry: Entry) -> String {
    let (_, sections) = card::of(ws, entry).expect("the entry is there");
    let lines = card::lines(&sections, 1000, usize::MAX);
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    text.join("\n")
}

#[test]
fn the_card_of_a_persona_a_step_and_an_item_shows_every_field_as_it_reads() {
    let ws = every_field();
    let step = Entry::Step {
        journey: id(EntityKind::Journey),
        id: id(EntityKind::Step),
    };
    for (kind, entry) in [
        (EntityKind::Persona, Entry::Persona(id(EntityKind::Persona))),
        (EntityKind::Step, step),
        (EntityKind::Item, Entry::Item(id(EntityKind::Item))),
    ] {
        let text = card_text(&ws, entry);
        for field in kind.fields() {
            let value = examples::value(&ws, kind, field.key).expect("every field is set");
            let shown = value.shown(&ws, field);
            assert!(!shown.is_empty(), "{kind:?} {}", field.key);
            let line = match field.kind {
                FieldKind::Amount => format!("{}: {shown} EUR", field.label),
                _ => format!("{}: {shown}", field.label),
            };
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
        let own = own_field(kind).expect("the kind carries own fields");
        let line = format!("{}: {}", own.name, marker(kind, "own_value"));
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
}

/// The zoomed board's sections of the example step, as lines.
fn zoomed_lanes(ws: &Workspace) -> Vec<String> {
    let sections = card::step_sections(ws, id(EntityKind::Step), card::Lanes::Filled);
    let lines = card::lines(&sections, 1000, usize::MAX);
    lines.iter().map(ToString::to_string).collect()
}

#[test]
fn the_board_shows_every_lane_under_its_short_label_but_those_hidden() {
    let ws = every_field();
    let own = own_field(EntityKind::Step).expect("steps carry own fields");
    let own_lane = format!("{}: {}", own.name, marker(EntityKind::Step, "own_value"));
    let lanes = (EntityKind::Step.fields().iter()).filter(|f| f.kind == FieldKind::Long);
    for lane in lanes {
        let line = format!("{}: {}", lane.short, marker(EntityKind::Step, lane.key));
        // Zoomed, and on the compact card at a size that has room for every lane (notes
        // aside: the compact card leaves them to the zoom).
        assert!(zoomed_lanes(&ws).contains(&line), "{line}");
        let mut app = app_with(ws.clone());
        let mut terminal = shown(&mut app, 200, 60);
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        assert_eq!(
            screen.contains(&line),
            lane.key != "notes",
            "{line}\n{screen}"
        );
        assert!(screen.contains(&own_lane), "{screen}");

        // Hidden, it is on neither; the step's card still has it.
        let mut contents = ws.contents().clone();
        contents.hidden_lanes = vec![lane.key.to_string()];
        let hiding = Workspace::from_contents(contents);
        assert!(!zoomed_lanes(&hiding).contains(&line), "{line}");
        let mut app = app_with(hiding.clone());
        let terminal = shown(&mut app, 200, 60);
        let screen = screen_text(terminal.backend().buffer());
        assert!(!screen.contains(&line), "{line}\n{screen}");
        let step = Entry::Step {
            journey: id(EntityKind::Journey),
            id: id(EntityKind::Step),
        };
        let full = format!("{}: {}", lane.label, marker(EntityKind::Step, lane.key));
        assert!(
            card_text(&hiding, step).lines().any(|l| l == full),
            "{full}"
        );
    }
}
