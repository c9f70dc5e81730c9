//! A workspace's own fields on screen: step fields are extra lanes on the board's cards after
//! the built-in ones, in full when zoomed and on the step's card; item fields are columns of
//! the inventory after the built-in ones.

use super::*;

/// The sample with a step field "Backstage" that Test-rides (the first journey's third step)
/// has a value of.
const SAMPLE_FIELDS: &str = include_str!("../../../tests/golden/sample-fields.json");

const BACKSTAGE: &str =
    "Mechanic on call to fit the frame; two demo bikes charged the night before.";

fn fields_app() -> App {
    app_with(storage::decode(SAMPLE_FIELDS.as_bytes()).expect("the sample with fields is valid"))
}

/// The app drawn at a size with Test-rides selected on the focused board.
fn on_test_rides(width: u16, height: u16) -> (App, Terminal<TestBackend>) {
    let mut app = fields_app();
    let mut terminal = shown(&mut app, width, height);
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('l'));
    draw(&mut app, &mut terminal);
    (app, terminal)
}

#[test]
fn a_step_field_is_a_lane_of_the_card_after_the_built_in_ones_at_120x40() {
    let (_, terminal) = on_test_rides(120, 40);
    insta::assert_snapshot!(terminal.backend());
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Backstage: Mechanic"), "{screen}");
    // After the built-in lanes of its card: below its idea.
    let row_of = |text: &str| screen.lines().position(|line| line.contains(text));
    assert!(row_of("Backstage:") > row_of("Idea: Bookable"), "{screen}");
    // Steps without a value show no such lane.
    assert_eq!(screen.matches("Backstage").count(), 1, "{screen}");
}

#[test]
fn zoomed_the_board_shows_every_step_field_in_full_an_empty_one_as_a_dash_at_80x24() {
    let (mut app, mut terminal) = on_test_rides(80, 24);
    press(&mut app, KeyCode::Char('z'));
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
    let screen = screen_text(terminal.backend().buffer());
    let text: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Backstage: Mechanic on call"), "{screen}");
    assert!(text.contains("night before."), "{screen}");
    // Compares bikes, beside it, has no value: its lane says so.
    assert!(text.contains("Backstage: —"), "{screen}");
}

#[test]
fn the_steps_card_shows_its_field_in_full_and_an_empty_one_as_a_dash() {
    let (mut app, mut terminal) = on_test_rides(120, 40);
    press(&mut app, KeyCode::Enter);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains(&format!("Backstage: {BACKSTAGE}")),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Enter);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Step · Compares bikes"), "{screen}");
    assert!(screen.contains("Backstage: —"), "{screen}");
}

/// The sample with item fields of these names, and values on its first items: the first field's
/// `CAMPAIGNS`, the second's `REGIONS`.
fn with_item_fields(names: &[&str]) -> App {
    use crate::model::search::Target;
    use crate::model::{FieldDef, edit};
    const CAMPAIGNS: [&str; 4] = ["SPR-26", "AUT-26", "", "SPR-26 retarget"];
    const REGIONS: [&str; 3] = ["North", "South", "City centre"];
    let mut ws = sample();
    let items: Vec<_> = ws.items().iter().map(|i| i.id).collect();
    for (name, values) in names.iter().zip([&CAMPAIGNS[..], &REGIONS[..]]) {
        let field = FieldDef {
            id: name.to_lowercase(),
            ..FieldDef::new(name, "item")
        };
        edit::add_field(&mut ws, field).expect("a field");
        for (item, value) in items.iter().zip(values) {
            edit::set_custom(&mut ws, Target::Item(*item), &name.to_lowercase(), value)
                .expect("a value");
        }
    }
    app_with(ws)
}

#[test]
fn the_inventory_has_a_column_per_item_field_after_the_built_in_ones_the_first_left_out() {
    for names in [&["Campaign"][..], &["Campaign", "Region"]] {
        for (width, height) in [(120, 40), (80, 24)] {
            let mut app = with_item_fields(names);
            let mut terminal = shown(&mut app, width, height);
            press(&mut app, KeyCode::Char('i'));
            draw(&mut app, &mut terminal);
            let screen = screen_text(terminal.backend().buffer());
            let header = screen.lines().nth(2).expect("the header");
            if width == 120 {
                // After the steps, in the fields' order, headed by their names.
                let heading = names.join(" ");
                let after_steps = header.find("STEPS").expect("the steps");
                assert!(header.find(&heading) > Some(after_steps), "{header}");
                assert!(screen.contains("AUT-26"), "{screen}");
                assert_eq!(screen.contains("South"), names.len() == 2, "{screen}");
                assert!(!screen.contains("hidden"), "{screen}");
            } else {
                // Left out before any built-in column, and counted with them.
                assert!(!header.contains("Campaign"), "{header}");
                let hidden = format!("{} columns hidden", 2 + names.len());
                assert!(screen.contains(&hidden), "{screen}");
            }
            insta::assert_snapshot!(
                format!("inventory_{}_item_fields_{width}x{height}", names.len()),
                terminal.backend()
            );
        }
    }
}

#[test]
fn the_inventory_sorts_by_an_item_field_which_then_stays_in_sight_at_80x24() {
    let mut app = with_item_fields(&["Campaign", "Region"]);
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('i'));
    // s steps through the nine built-in columns, then the fields.
    for _ in 0..10 {
        press(&mut app, KeyCode::Char('s'));
    }
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("· by Campaign ↑"), "{screen}");
    let header = screen.lines().nth(2).expect("the header");
    assert!(header.contains("Campaign"), "{header}");
    // In text order (the longest value cut), the items without a value after them.
    let rows: Vec<&str> = screen.lines().skip(3).take(4).collect();
    assert!(rows[0].contains("AUT-26 "), "{screen}");
    assert!(rows[1].contains("SPR-26 "), "{screen}");
    assert!(rows[2].contains("SPR-26 …"), "{screen}");
    assert!(!rows[3].contains("-26"), "{screen}");
    // The text line finds a field's value.
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "retarget");
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("1 of 45 items"), "{screen}");
}
