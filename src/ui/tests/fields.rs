//! A workspace's own step fields on screen: extra lanes on the board's cards after the
//! built-in ones, in full when zoomed and on the step's card.

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
