//! The workspace's own fields on screen: the `:fields` view, its form, moving and the question
//! before deleting one.

use super::*;
use crate::model::FieldDef;
use crate::model::edit;
use crate::model::search::Target;

/// The sample with a long step field "Backstage" holding values on three steps, and a persona
/// field "Job title" without values.
fn with_fields() -> Workspace {
    let mut ws = sample();
    for (id, name, on, long) in [
        ("backstage", "Backstage", "step", true),
        ("job", "Job title", "persona", false),
    ] {
        let field = FieldDef {
            id: id.into(),
            long,
            ..FieldDef::new(name, on)
        };
        edit::add_field(&mut ws, field).unwrap();
    }
    let steps: Vec<_> = ws.journeys().at(0).unwrap().steps[..3]
        .iter()
        .map(|s| s.id)
        .collect();
    for step in steps {
        edit::set_custom(&mut ws, Target::Step(step), "backstage", "Stock check").unwrap();
    }
    ws
}

fn names(app: &App) -> Vec<String> {
    app.ws
        .contents()
        .fields
        .iter()
        .map(|f| f.name.clone())
        .collect()
}

#[test]
fn the_fields_view_at_80x24() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Fields · 2"), "{screen}");
    assert!(screen.contains("Backstage"), "{screen}");
    insta::assert_snapshot!("fields_80x24", terminal.backend());
}

#[test]
fn without_fields_the_view_says_which_key_adds_one() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('F'));
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("No fields of your own yet: a adds one"),
        "{screen}"
    );
}

#[test]
fn a_adds_a_field_on_the_kind_chosen_and_undo_takes_it_away() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Evidence");
    // On: Steps, Personas, Journeys…; Long: no, yes.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let fields = &app.ws.contents().fields;
    assert_eq!(fields.len(), 1);
    assert_eq!(
        (
            fields[0].name.as_str(),
            fields[0].on.as_str(),
            fields[0].long
        ),
        ("Evidence", "persona", true)
    );
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Evidence"), "{screen}");
    assert!(screen.contains("personas"), "{screen}");
    press(&mut app, KeyCode::Char('u'));
    assert!(app.ws.contents().fields.is_empty());
}

#[test]
fn a_new_field_needs_a_name() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('a'));
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ws.revision(), revision);
    assert!(app.ws.contents().fields.is_empty());
}

#[test]
fn e_renames_the_selected_field_keeping_its_values_and_undo_names_it_back() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."Backstage".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "Behind the counter");
    press(&mut app, KeyCode::Enter);
    assert_eq!(names(&app), ["Behind the counter", "Job title"]);
    assert_eq!(edit::field_values(&app.ws, "backstage"), 3);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(names(&app), ["Backstage", "Job title"]);
}

#[test]
fn shift_j_and_k_move_the_selected_field_and_the_selection_follows() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('J'));
    assert_eq!(names(&app), ["Job title", "Backstage"]);
    // The selection went down with it: K brings it back up.
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(names(&app), ["Backstage", "Job title"]);
    // At the top, K changes nothing.
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(app.ws.revision(), revision);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(names(&app), ["Job title", "Backstage"]);
}

#[test]
fn d_asks_counting_the_values_no_changes_nothing_yes_deletes_and_undo_brings_all_back() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('d'));
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Delete field \"Backstage\" and its 3 values?"),
        "{screen}"
    );
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.ws.revision(), revision);
    assert_eq!(names(&app), ["Backstage", "Job title"]);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(names(&app), ["Job title"]);
    assert_eq!(edit::field_values(&app.ws, "backstage"), 0);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(names(&app), ["Backstage", "Job title"]);
    assert_eq!(edit::field_values(&app.ws, "backstage"), 3);
}

#[test]
fn the_palette_opens_the_fields() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "fields");
    press(&mut app, KeyCode::Enter);
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Fields · 0"), "{screen}");
}

#[test]
fn a_field_added_or_brought_back_by_undo_is_selected() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Evidence");
    press(&mut app, KeyCode::Enter);
    // The new field is last and selected: K moves it above "Job title".
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(names(&app), ["Backstage", "Evidence", "Job title"]);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('u'));
    // Back at the top and selected: J moves it down again.
    press(&mut app, KeyCode::Char('J'));
    assert_eq!(names(&app), ["Evidence", "Backstage", "Job title"]);
}

#[test]
fn the_board_and_its_zoom_leave_out_a_hidden_lane_and_the_steps_card_still_shows_it() {
    let mut app = sample_app();
    focus(&mut app, Pane::Board);
    let board = |app: &mut App| screen_text(shown(app, 120, 40).backend().buffer());
    assert!(board(&mut app).contains("Does:"));
    edit::set_lane_hidden(&mut app.ws, "actions", true).unwrap();
    let screen = board(&mut app);
    assert!(!screen.contains("Does:"), "{screen}");
    assert!(screen.contains("Where:"), "{screen}");
    press(&mut app, KeyCode::Char('z'));
    let screen = board(&mut app);
    assert!(!screen.contains("Does"), "{screen}");
    assert!(screen.contains("Where"), "{screen}");
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Enter);
    let screen = board(&mut app);
    assert!(screen.contains("Actions:"), "{screen}");
}

/// The lanes the workspace hides.
fn hidden_lanes(app: &App) -> Vec<String> {
    app.ws.contents().hidden_lanes.clone()
}

/// Selects the lane row of `lane` in the open `:fields` view: the lanes come after the fields.
fn select_lane(app: &mut App, lane: usize) {
    press(app, KeyCode::Char('g'));
    for _ in 0..app.ws.contents().fields.len() + lane {
        press(app, KeyCode::Char('j'));
    }
}

#[test]
fn the_fields_view_lists_the_built_in_lanes_hidden_or_shown_at_80x24() {
    let mut app = app_with(with_fields());
    edit::set_lane_hidden(&mut app.ws, "notes", true).unwrap();
    press(&mut app, KeyCode::Char('F'));
    select_lane(&mut app, 4);
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Fields · 2 · 1 lane hidden"), "{screen}");
    for lane in ["Actions", "Touchpoints", "Pain points", "Opportunities"] {
        let row = screen.lines().find(|l| l.contains(lane)).expect(lane);
        assert!(row.contains("built-in") && row.contains("shown"), "{row}");
    }
    let notes = screen.lines().find(|l| l.contains("Notes")).unwrap();
    assert!(notes.contains("hidden"), "{notes}");
    // On a lane, the bar names the key that shows it again, not those of a field.
    assert!(screen.contains("v show the lane"), "{screen}");
    assert!(!screen.contains("rename"), "{screen}");
    insta::assert_snapshot!("fields_with_lanes_80x24", terminal.backend());
}

#[test]
fn without_fields_of_its_own_the_view_lists_the_lanes_under_the_words_on_adding_one() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('F'));
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    let words = screen.find("No fields of your own yet").expect("the words");
    let lane = screen.find("Actions").expect("the first lane");
    assert!(words < lane, "{screen}");
    assert!(screen.contains("▶Actions"), "{screen}");
    assert!(screen.contains("v hide the lane"), "{screen}");
}

#[test]
fn v_hides_the_selected_lane_and_again_shows_it_each_an_edit_undo_takes_back() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    select_lane(&mut app, 4);
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(hidden_lanes(&app), ["notes"]);
    assert_eq!(app.ws.revision(), revision + 1);
    // Space does the same: the notes are shown again.
    press(&mut app, KeyCode::Char(' '));
    assert!(hidden_lanes(&app).is_empty());
    assert_eq!(app.ws.revision(), revision + 2);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(hidden_lanes(&app), ["notes"]);
    let screen = screen_text(shown(&mut app, 80, 24).backend().buffer());
    let notes = screen.lines().find(|l| l.contains("Notes")).unwrap();
    assert!(notes.contains("hidden"), "{notes}");
    press(&mut app, KeyCode::Char('u'));
    assert!(hidden_lanes(&app).is_empty());
    // Two lanes hidden are kept in the lanes' order, whichever was hidden first.
    press(&mut app, KeyCode::Char('v'));
    select_lane(&mut app, 0);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(hidden_lanes(&app), ["actions", "notes"]);
}

#[test]
fn on_a_lane_the_keys_of_a_field_change_nothing_and_say_why() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    select_lane(&mut app, 2);
    let revision = app.ws.revision();
    for (key, words) in [
        ('e', "renamed"),
        ('K', "moved"),
        ('J', "moved"),
        ('d', "deleted"),
    ] {
        press(&mut app, KeyCode::Char(key));
        let terminal = shown(&mut app, 80, 24);
        let status = status_row(&terminal);
        assert!(
            status.contains(&format!(
                "built-in lane \"Pain points\" cannot be {words}; v hides or shows it"
            )),
            "{key}: {status}"
        );
        // No form, no question: the view is still on top, with the lane selected.
        let screen = screen_text(terminal.backend().buffer());
        assert!(screen.contains("▶Pain points"), "{key}: {screen}");
    }
    assert_eq!(app.ws.revision(), revision);
    assert_eq!(names(&app), ["Backstage", "Job title"]);
    assert!(hidden_lanes(&app).is_empty());
}

#[test]
fn on_a_field_the_lane_key_hides_nothing_and_says_so() {
    let mut app = app_with(with_fields());
    press(&mut app, KeyCode::Char('F'));
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.ws.revision(), revision);
    let status = status_row(&shown(&mut app, 80, 24));
    assert!(
        status.contains("only a built-in lane is hidden"),
        "{status}"
    );
}
