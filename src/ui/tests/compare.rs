//! The compare view: two journeys side by side at 80×24 and 120×40, the picker that chooses the
//! second one, and what it shows without colour, with hostile text and at small sizes.

use super::*;
use crate::app::Context;

/// The sample with `C` pressed on the journey list (First commuter bike selected), and the
/// picker's selected row chosen after `downs` steps down: 0 picks "Switching to an e-bike".
fn compared(app: &mut App, downs: usize) {
    focus(app, Pane::Journeys);
    press(app, KeyCode::Char('C'));
    assert_eq!(app.context(), Context::Picker);
    for _ in 0..downs {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Compare);
}

#[test]
fn compare_view_at_80x24_and_120x40() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        compared(&mut app, 0);
        // The fourth step, where the two journeys differ most.
        for _ in 0..3 {
            press(&mut app, KeyCode::Down);
        }
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(format!("compare_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn the_picker_names_the_journey_compared_and_lists_every_other_one_with_its_personas() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Journeys);
    press(&mut app, KeyCode::Char('C'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Compare \"First commuter bike\" with"),
        "{screen}"
    );
    assert!(
        screen.contains("Switching to an e-bike · Retired Margit"),
        "{screen}"
    );
    assert!(
        screen.contains("Fleet for the team · Fleet manager Priya"),
        "{screen}"
    );
    let listed = screen.matches("First commuter bike").count();
    assert_eq!(
        listed, 2,
        "in the title and the board, not as a choice:\n{screen}"
    );
    // Esc leaves the list and changes nothing.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Journeys);
    assert!(app.overlays.is_empty());
}

#[test]
fn both_curves_have_their_own_marks_and_both_names_show() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    compared(&mut app, 2);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("● A First commuter bike"), "{screen}");
    assert!(screen.contains("◆ B Fleet for the team"), "{screen}");
    // Below the two name lines, the chart has points of each shape.
    let chart: String = screen.lines().skip(3).take(5).collect();
    assert!(chart.contains('●') && chart.contains('◆'), "{screen}");
}

#[test]
fn the_rows_scroll_to_keep_the_selected_step_in_sight_at_the_smallest_size() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, super::super::MIN_WIDTH, super::super::MIN_HEIGHT);
    compared(&mut app, 0);
    press(&mut app, KeyCode::Char('G'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("▶ 7"),
        "the last step is shown selected:\n{screen}"
    );
    assert!(screen.contains("Rides with others"), "{screen}");
}

#[test]
fn the_view_follows_the_workspace_and_says_so_when_a_journey_is_gone() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    compared(&mut app, 0);
    // Someone else deletes journey B and the file is read again.
    let mut ws = sample();
    let b = ws
        .journeys()
        .iter()
        .find(|j| j.name == "Switching to an e-bike")
        .unwrap()
        .id;
    crate::model::edit::Removal::Journey(b)
        .apply(&mut ws)
        .unwrap();
    app.update(Msg::Reloaded {
        workspace: Box::new(ws),
        notice: "changed on disk".into(),
        unsaved: false,
    });
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("A journey compared is no longer in the workspace"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty());
}

#[test]
fn the_compare_view_draws_hostile_text_as_visible_escapes_at_every_size() {
    let mut app = app_with(hostile_workspace());
    compared(&mut app, 0);
    let mut terminal = terminal(1, 1);
    for (width, height) in [(60, 16), (61, 17), (80, 24), (120, 40), (200, 60)] {
        terminal.backend_mut().resize(width, height);
        draw(&mut app, &mut terminal);
        assert_clean(terminal.backend().buffer(), "compare view");
    }
}

#[test]
fn with_one_journey_there_is_nothing_to_compare_and_nothing_opens() {
    let mut ws = sample();
    let others: Vec<_> = ws.journeys().iter().skip(1).map(|j| j.id).collect();
    for id in others {
        crate::model::edit::Removal::Journey(id)
            .apply(&mut ws)
            .unwrap();
    }
    let mut app = app_with(ws);
    focus(&mut app, Pane::Journeys);
    press(&mut app, KeyCode::Char('C'));
    assert!(app.overlays.is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("there is no other journey to compare this one with")
    );
}

#[test]
fn an_unscored_step_reads_as_a_missing_value_where_the_feelings_are_numbers() {
    let mut ws = sample();
    let first_step = ws.journeys().iter().next().unwrap().steps[0].id;
    crate::model::edit::set_emotion(&mut ws, first_step, None).unwrap();
    let mut app = app_with(ws);
    let mut terminal = shown(&mut app, 80, 24);
    compared(&mut app, 0);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    let first_row = screen
        .lines()
        .find(|line| line.contains("Notices the need"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        first_row.contains(crate::model::format::NOT_SET),
        "{first_row}"
    );
    assert!(!first_row.contains('–'), "{first_row}");
}
