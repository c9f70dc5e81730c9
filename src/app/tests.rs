//! The application driven by keys alone, through `App::update`, as the terminal loop drives it.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{App, Context, Effect, Msg, Overlay, Pane, Pending};
use crate::model::edit::Removal;
use crate::model::{Date, Status, Workspace, rules};
use crate::storage::{self, location::SAMPLE};

fn today() -> Date {
    "2026-11-23".parse().expect("a valid date")
}

fn sample() -> Workspace {
    storage::decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn sample_app() -> App {
    App::new(sample(), "sample.json".into(), today(), None)
}

/// Presses a key; returns the effects `update` asked the loop for.
fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Tab through the form's fields to the one the model calls `name`.
fn to_field(app: &mut App, name: &str) {
    for _ in 0..20 {
        if form(app).fields[form(app).focus].name == name {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("the form has no field {name}");
}

fn form(app: &App) -> &super::Form {
    match app.overlays.last() {
        Some(Overlay::Form(form)) => form,
        other => panic!("a form is open, not {other:?}"),
    }
}

fn confirm(app: &App) -> &super::Confirm {
    match app.overlays.last() {
        Some(Overlay::Confirm(confirm)) => confirm,
        other => panic!("a question is asked, not {other:?}"),
    }
}

fn bytes(app: &App) -> Vec<u8> {
    storage::encode(&app.ws)
}

fn step_names(app: &App) -> Vec<String> {
    app.selected_journey()
        .map(|j| j.steps.iter().map(|s| s.name.clone()).collect())
        .unwrap_or_default()
}

/// Draws once at 100×30 and feeds the layout back, so pages and offsets are known.
fn drawn(app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a test terminal");
    let mut layout = None;
    terminal
        .draw(|frame| layout = Some(crate::ui::render(app, frame)))
        .expect("drawing");
    app.update(Msg::Drawn(layout.expect("a layout")));
}

// ---------------------------------------------------------------------------------------------
// Moving around

#[test]
fn tab_cycles_the_panes_and_shift_tab_goes_back() {
    let mut app = sample_app();
    assert_eq!(app.focus, Pane::Personas);
    let order = [Pane::Journeys, Pane::Board, Pane::Grid, Pane::Personas];
    for pane in order {
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, pane);
        assert_eq!(app.context(), pane.context());
    }
    for pane in [Pane::Grid, Pane::Board, Pane::Journeys, Pane::Personas] {
        press(&mut app, KeyCode::BackTab);
        assert_eq!(app.focus, pane);
    }
}

#[test]
fn arrows_and_hjkl_move_the_selection_in_each_pane() {
    let mut app = sample_app();
    drawn(&mut app);
    let personas = app.ws.personas().len();

    // Personas: down, up, last, first; another persona starts at its first journey.
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selection.persona, 1);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selection.persona, 2);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.selection.persona, 1);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selection.persona, personas - 1);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selection.persona, personas - 1, "stays on the last");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.selection.persona, 0);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.selection.persona, 0, "stays on the first");

    // Journeys: the first persona has two; moving resets the step.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.listed_journeys().len(), 2);
    let first = app.selected_journey().unwrap().id;
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selection.journey, 1);
    assert_ne!(app.selected_journey().unwrap().id, first);
    press(&mut app, KeyCode::Up);
    assert_eq!(app.selected_journey().unwrap().id, first);

    // Board: steps left and right, last and first.
    press(&mut app, KeyCode::Tab);
    let steps = app.selected_journey().unwrap().steps.len();
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('l'));
    assert_eq!(app.selection.step, 2);
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.selection.step, 1);
    press(&mut app, KeyCode::End);
    assert_eq!(app.selection.step, steps - 1);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selection.step, 0);

    // Grid: up and down over content types, left and right over steps.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.selection.content_type, 2);
    press(&mut app, KeyCode::Right);
    assert_eq!(app.selection.step, 1);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.selection.content_type, 1);
    press(&mut app, KeyCode::PageDown);
    assert!(app.selection.content_type > 1);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selection.content_type, app.ws.content_types().len() - 1);

    // The selection moved; nothing was edited.
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

#[test]
fn the_items_of_a_cell_are_listed_and_walked() {
    let mut app = sample_app();
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Grid);
    // Email campaign × Buys holds two items in progress in the sample.
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    let (step, content_type) = (
        app.selected_step().unwrap(),
        app.selected_content_type().unwrap(),
    );
    let items = app.ws.cell_item_ids(step, content_type).len();
    assert!(items >= 2);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::CellItems);
    let selected_item = |app: &App| match app.overlays.last() {
        Some(Overlay::CellItems(cell)) => cell.selected,
        other => panic!("cell items, not {other:?}"),
    };
    press(&mut app, KeyCode::Down);
    assert_eq!(selected_item(&app), 1);
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Down);
    assert!(selected_item(&app) < items);
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty());
    assert_eq!(app.focus, Pane::Grid);
}

// ---------------------------------------------------------------------------------------------
// Adding with keys alone, undo and redo

#[test]
fn a_whole_journey_added_with_keys_alone_then_undone_and_redone() {
    let mut app = sample_app();
    let personas = app.ws.personas().len();
    let items = app.ws.items().len();

    // A persona.
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Student Sam");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Rides to campus");
    to_field(&mut app, "tags");
    typed(&mut app, "student, budget");
    ctrl(&mut app, 's');
    assert!(app.overlays.is_empty(), "the form closed");
    assert_eq!(app.ws.personas().len(), personas + 1);
    let sam = app.ws.personas().at(personas).unwrap().clone();
    assert_eq!(sam.name, "Student Sam");
    assert_eq!(sam.summary, "Rides to campus");
    assert_eq!(sam.tags, ["student", "budget"]);
    assert_eq!(
        app.selected_persona(),
        Some(sam.id),
        "the new persona is selected"
    );
    assert!(app.listed_journeys().is_empty());

    // A journey for it.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Campus commute");
    ctrl(&mut app, 's');
    let journey = app.selected_journey().expect("the new journey is selected");
    assert_eq!(journey.name, "Campus commute");
    assert_eq!(journey.persona_ids, [sam.id]);
    let journey_id = journey.id;

    // Three steps, each after the one before.
    press(&mut app, KeyCode::Tab);
    for (name, emotion) in [("Plans the route", 2), ("Rides", 4), ("Parks", 1)] {
        press(&mut app, KeyCode::Char('a'));
        typed(&mut app, name);
        press(&mut app, KeyCode::Tab);
        for _ in 0..emotion {
            press(&mut app, KeyCode::Right);
        }
        ctrl(&mut app, 's');
        assert!(app.overlays.is_empty(), "{name}: the form closed");
    }
    assert_eq!(step_names(&app), ["Plans the route", "Rides", "Parks"]);
    let steps = &app.ws.journeys().get(journey_id).unwrap().steps;
    let emotions: Vec<_> = steps.iter().map(|s| s.emotion).collect();
    assert_eq!(emotions, [Some(2), Some(4), Some(1)]);
    assert_eq!(app.selection.step, 2);

    // A mapping: the first content type onto the second step.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Grid);
    press(&mut app, KeyCode::Left);
    let (step, content_type) = (
        app.selected_step().unwrap(),
        app.selected_content_type().unwrap(),
    );
    assert_eq!(app.ws.step(step).unwrap().name, "Rides");
    assert!(!app.ws.cell(step, content_type).mapped);
    press(&mut app, KeyCode::Char('m'));
    let cell = app.ws.cell(step, content_type);
    assert!(
        cell.mapped && cell.gap,
        "mapped, and a gap with nothing in it"
    );
    assert!(
        app.ws.journeys().get(journey_id).unwrap().mappings.len() == 1,
        "one mapping in the journey"
    );

    // An item in that cell.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(form(&app).title, "New item");
    typed(&mut app, "Campus route map");
    to_field(&mut app, "channel_id");
    press(&mut app, KeyCode::Right);
    to_field(&mut app, "status");
    press(&mut app, KeyCode::Left);
    to_field(&mut app, "owner");
    typed(&mut app, "Sam");
    to_field(&mut app, "available_on");
    typed(&mut app, "2027-03-01");
    to_field(&mut app, "cost");
    typed(&mut app, "49.90");
    to_field(&mut app, "notes");
    typed(&mut app, "A4, printed");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "and online");
    ctrl(&mut app, 's');
    assert_eq!(
        app.context(),
        Context::CellItems,
        "back in the cell's items"
    );
    assert_eq!(app.ws.items().len(), items + 1);
    let item = app.ws.items().at(items).unwrap().clone();
    assert_eq!(item.title, "Campus route map");
    assert_eq!(item.content_type_id, content_type);
    assert_eq!(item.step_ids, [step]);
    assert_eq!(item.channel_id, Some(app.ws.channels().at(0).unwrap().id));
    assert_eq!(item.status, Status::InProgress);
    assert_eq!(item.owner, "Sam");
    assert_eq!(item.available_on, Some("2027-03-01".parse().unwrap()));
    assert_eq!(item.cost, 49.9);
    assert_eq!(item.notes, "A4, printed\nand online");
    assert_eq!(app.ws.cell_item_ids(step, content_type), [item.id]);
    press(&mut app, KeyCode::Esc);
    assert!(rules::check_workspace(&app.ws).is_empty());
    let done = bytes(&app);

    // Undo takes each back, newest first.
    press(&mut app, KeyCode::Char('u'));
    assert!(app.ws.items().get(item.id).is_none(), "the item went first");
    assert!(app.ws.cell(step, content_type).mapped, "the mapping stays");
    assert!(app.notice.as_deref().unwrap().starts_with("undid"));
    press(&mut app, KeyCode::Char('u'));
    assert!(!app.ws.cell(step, content_type).mapped, "then the mapping");
    for left in [2, 1, 0] {
        press(&mut app, KeyCode::Char('u'));
        let journey = app
            .ws
            .journeys()
            .get(journey_id)
            .expect("the journey stays");
        assert_eq!(journey.steps.len(), left, "then a step");
    }
    press(&mut app, KeyCode::Char('u'));
    assert!(
        app.ws.journeys().get(journey_id).is_none(),
        "then the journey"
    );
    assert!(app.ws.personas().get(sam.id).is_some());
    press(&mut app, KeyCode::Char('u'));
    assert!(app.ws.personas().get(sam.id).is_none(), "then the persona");
    assert_eq!(
        bytes(&app),
        SAMPLE.as_bytes(),
        "back to the sample, byte for byte"
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.notice.as_deref(), Some("nothing to undo"));

    // Ctrl-r redoes them all, in order, to the same bytes.
    ctrl(&mut app, 'r');
    assert!(app.ws.personas().get(sam.id).is_some());
    assert!(app.ws.journeys().get(journey_id).is_none());
    for _ in 0..6 {
        ctrl(&mut app, 'r');
    }
    assert_eq!(bytes(&app), done);
    ctrl(&mut app, 'r');
    assert_eq!(app.notice.as_deref(), Some("nothing to redo"));
}

#[test]
fn emotion_keys_and_moves_on_the_board_are_undoable() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let before = step_names(&app);
    press(&mut app, KeyCode::Char('5'));
    assert_eq!(app.selected_journey().unwrap().steps[0].emotion, Some(5));
    press(&mut app, KeyCode::Char('0'));
    assert_eq!(app.selected_journey().unwrap().steps[0].emotion, None);
    press(&mut app, KeyCode::Char('L'));
    assert_eq!(step_names(&app)[1], before[0], "the step moved right");
    assert_eq!(app.selection.step, 1, "and the selection with it");
    press(&mut app, KeyCode::Char('H'));
    assert_eq!(step_names(&app), before);
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('u'));
    }
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

// ---------------------------------------------------------------------------------------------
// Forms refuse bad values, and ask before losing typing

#[test]
fn a_form_refuses_bad_values_at_their_field_and_the_model_stays_untouched() {
    let mut app = sample_app();
    let revision = app.ws.revision();

    // An empty name.
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "   ");
    press(&mut app, KeyCode::Tab);
    ctrl(&mut app, 's');
    let (at, message) = form(&app).error.clone().expect("refused");
    assert_eq!(form(&app).fields[at].name, "name");
    assert_eq!(form(&app).focus, at, "the focus goes to the field");
    assert!(message.contains("empty"), "{message}");
    assert_eq!(app.ws.revision(), revision);
    // Typing clears the complaint.
    typed(&mut app, "x");
    assert!(form(&app).error.is_none());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlays.is_empty());

    // A date that is not in the calendar, then a cost that is not a number.
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Flyer");
    to_field(&mut app, "available_on");
    typed(&mut app, "2027-02-30");
    to_field(&mut app, "cost");
    typed(&mut app, "abc");
    press(&mut app, KeyCode::Tab);
    ctrl(&mut app, 's');
    let (at, message) = form(&app).error.clone().expect("refused");
    assert_eq!(form(&app).fields[at].name, "available_on");
    assert_eq!(form(&app).focus, at);
    assert!(message.contains("2027-02-30"), "{message}");
    assert_eq!(app.ws.revision(), revision);

    for _ in 0.."2027-02-30".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2027-02-28");
    ctrl(&mut app, 's');
    let (at, message) = form(&app).error.clone().expect("refused");
    assert_eq!(form(&app).fields[at].name, "cost");
    assert!(message.contains("abc"), "{message}");
    assert_eq!(app.ws.revision(), revision);

    // Fixed, it is accepted.
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "1 200");
    ctrl(&mut app, 's');
    assert_eq!(app.context(), Context::CellItems);
    let item = app.ws.items().iter().last().unwrap();
    assert_eq!(item.title, "Flyer");
    assert_eq!(item.cost, 1200.0);
    assert_eq!(item.available_on, Some("2027-02-28".parse().unwrap()));
}

#[test]
fn esc_on_a_changed_form_asks_and_no_keeps_it() {
    let mut app = sample_app();
    // Unchanged: Esc closes at once.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.context(), Context::Form);
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty());

    // Changed: Esc asks; n goes back to the form with the typing kept.
    press(&mut app, KeyCode::Char('e'));
    typed(&mut app, " the second");
    press(&mut app, KeyCode::Esc);
    assert_eq!(confirm(&app).on_yes, Pending::DiscardForm);
    assert_eq!(app.overlays.len(), 2, "the form waits under the question");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.context(), Context::Form);
    assert_eq!(form(&app).text("name"), "Commuter Clara the second");

    // Esc again, y discards.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlays.is_empty());
    assert_eq!(app.ws.personas().at(0).unwrap().name, "Commuter Clara");
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

#[test]
fn saving_an_unchanged_form_of_an_entry_just_closes_it() {
    let mut app = sample_app();
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 's');
    assert!(app.overlays.is_empty());
    assert_eq!(app.ws.revision(), revision);
    assert!(!app.history.can_undo());
}

#[test]
fn pasted_text_goes_into_the_field_cleaned() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('a'));
    app.update(Msg::Paste("Night\u{1b}[31m\r\nowl".into()));
    assert_eq!(form(&app).text("name"), "Night[31m owl");
    ctrl(&mut app, 's');
    assert_eq!(
        app.ws.personas().iter().last().unwrap().name,
        "Night[31m owl"
    );
}

/// Presses the key that hands the focused field to the editor; returns the file name and text
/// the loop is asked to hand over.
fn handed_to_the_editor(app: &mut App) -> (String, String) {
    match ctrl(app, 'o').as_slice() {
        [Effect::EditText { file_name, text }] => (file_name.clone(), text.clone()),
        other => panic!(
            "the field goes to the editor, not {other:?} ({:?})",
            app.notice
        ),
    }
}

#[test]
fn ctrl_o_hands_a_field_to_the_editor_and_its_text_comes_back_into_the_form() {
    let mut app = sample_app();
    let persona = app.ws.personas().at(0).unwrap().clone();
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "challenges");
    let (file_name, text) = handed_to_the_editor(&mut app);
    assert_eq!(file_name, "persona-challenges.md");
    assert_eq!(text, persona.challenges);
    // The editor's last line break is not the field's; control characters are dropped.
    let edited = format!("{}\nSteep hills\u{1b}[31m\n\n", persona.challenges);
    app.update(Msg::Edited(Ok(edited.trim_end().to_string())));
    assert_eq!(
        form(&app).text("challenges"),
        format!("{}\nSteep hills[31m", persona.challenges)
    );
    assert!(app.notice.as_deref().unwrap().starts_with("Challenges: "));
    assert_eq!(app.ws.personas().at(0).unwrap(), &persona, "not saved yet");
    ctrl(&mut app, 's');
    assert!(app.overlays.is_empty());
    assert_eq!(
        app.ws.personas().at(0).unwrap().challenges,
        format!("{}\nSteep hills[31m", persona.challenges)
    );

    // A one-line field takes the lines joined by spaces.
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "name");
    let (file_name, _) = handed_to_the_editor(&mut app);
    assert_eq!(file_name, "persona-name.md");
    app.update(Msg::Edited(Ok("Commuter\n  Clara B.".into())));
    assert_eq!(form(&app).text("name"), "Commuter Clara B.");
    // Esc asks, and discarding leaves the workspace as the first save left it.
    let saved = bytes(&app);
    press(&mut app, KeyCode::Esc);
    confirm(&app);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlays.is_empty());
    assert_eq!(bytes(&app), saved);
}

#[test]
fn an_editor_that_fails_changes_nothing_and_the_form_stays_open() {
    let mut app = sample_app();
    let before = bytes(&app);
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "challenges");
    let field = form(&app).text("challenges");
    handed_to_the_editor(&mut app);
    let why = "the editor (false) exited with status 1; nothing changed";
    app.update(Msg::Edited(Err(why.into())));
    assert_eq!(form(&app).text("challenges"), field);
    assert!(!form(&app).changed());
    assert_eq!(app.notice.as_deref(), Some(why));
    // Esc closes the unchanged form without asking; nothing changed.
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty());
    assert_eq!(bytes(&app), before);
    assert!(!app.history.can_undo());

    // A list is no text for an editor: it says so and hands nothing over.
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "channel_ids");
    assert!(ctrl(&mut app, 'o').is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("Channels is a list: only a text field opens in the editor")
    );
    // Text that comes back when nothing was handed out goes nowhere.
    app.update(Msg::Edited(Ok("stray".into())));
    assert!(!form(&app).changed());
}

#[test]
fn pasted_tabs_keep_the_words_apart() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('a'));
    app.update(Msg::Paste("Weekend\tcommuter\t\tTom".into()));
    assert_eq!(form(&app).text("name"), "Weekend commuter  Tom");
    to_field(&mut app, "summary");
    app.update(Msg::Paste("cells\tfrom a\nspreadsheet".into()));
    assert_eq!(form(&app).text("summary"), "cells from a\nspreadsheet");
}

// ---------------------------------------------------------------------------------------------
// Deleting asks first

#[test]
fn deleting_asks_first_says_what_goes_with_it_and_no_keeps_everything() {
    let mut app = sample_app();
    let clara = app.ws.personas().at(0).unwrap().id;

    press(&mut app, KeyCode::Char('d'));
    let question = confirm(&app).clone();
    assert_eq!(question.on_yes, Pending::Remove(Removal::Persona(clara)));
    assert!(question.question.contains("Commuter Clara"), "{question:?}");
    let detail = question.detail.clone().expect("says what goes with it");
    assert!(
        detail.starts_with("Goes with it: 1 journey, 6 steps, 12 cell mappings."),
        "{detail}"
    );
    assert!(detail.contains("items"), "{detail}");
    assert!(detail.contains("u undoes it"), "{detail}");
    // Asking deletes nothing.
    assert_eq!(
        bytes(&app),
        SAMPLE.as_bytes(),
        "nothing changed while asking"
    );

    press(&mut app, KeyCode::Char('n'));
    assert!(app.overlays.is_empty());
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
    assert!(!app.history.can_undo());

    // Yes deletes it and its own journey, and u brings both back.
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.ws.personas().get(clara).is_none());
    assert_eq!(app.ws.journeys().len(), 3);
    assert!(rules::check_workspace(&app.ws).is_empty());
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

#[test]
fn deleting_a_step_a_content_type_and_an_item_asks_each_time() {
    let mut app = sample_app();

    // A step: Esc says no.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let step = app.selected_step().unwrap();
    press(&mut app, KeyCode::Delete);
    assert_eq!(confirm(&app).on_yes, Pending::Remove(Removal::Step(step)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    assert!(app.ws.step(step).is_none());
    press(&mut app, KeyCode::Char('u'));

    // A content type goes with its items, and says how many.
    press(&mut app, KeyCode::Tab);
    let content_type = app.selected_content_type().unwrap();
    let of_type = app
        .ws
        .items()
        .iter()
        .filter(|i| i.content_type_id == content_type)
        .count();
    assert!(of_type > 1);
    // `d` deletes the selection, a cell, which is not an entry: nothing is asked or changed.
    press(&mut app, KeyCode::Char('d'));
    assert!(app.overlays.is_empty());
    press(&mut app, KeyCode::Char('X'));
    let detail = confirm(&app).detail.clone().unwrap();
    assert!(detail.contains(&format!("{of_type} items")), "{detail}");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.overlays.is_empty(), "q says no to a question");
    assert_eq!(bytes(&app), SAMPLE.as_bytes());

    // An item of a cell.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let cell_items = match app.overlays.last() {
        Some(Overlay::CellItems(cell)) => {
            app.ws.cell_item_ids(cell.step, cell.content_type).to_vec()
        }
        other => panic!("cell items, not {other:?}"),
    };
    assert!(!cell_items.is_empty());
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(
        confirm(&app).on_yes,
        Pending::Remove(Removal::Item(cell_items[0]))
    );
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::CellItems, "back in the cell");
    assert!(app.ws.items().get(cell_items[0]).is_none());
}

// ---------------------------------------------------------------------------------------------
// Read-only

#[test]
fn a_read_only_app_changes_nothing_whatever_the_keys() {
    let mut app = App::new(sample(), "sample.json".into(), today(), Some("test".into()));
    let keys = [
        KeyCode::Char('a'),
        KeyCode::Char('e'),
        KeyCode::Enter,
        KeyCode::Char('d'),
        KeyCode::Delete,
        KeyCode::Char('y'),
        KeyCode::Char('J'),
        KeyCode::Char('K'),
        KeyCode::Char('H'),
        KeyCode::Char('L'),
        KeyCode::Char('m'),
        KeyCode::Char(' '),
        KeyCode::Char('s'),
        KeyCode::Char('3'),
        KeyCode::Char('0'),
        KeyCode::Char('u'),
        KeyCode::Char('j'),
        KeyCode::Char('l'),
    ];
    for _pane in 0..4 {
        for key in keys {
            press(&mut app, key);
            ctrl(&mut app, 'r');
            ctrl(&mut app, 's');
            // Whatever opened (the cell's items may), go back to the panes.
            while !app.overlays.is_empty() && !matches!(app.overlays.last(), Some(Overlay::Form(_)))
            {
                press(&mut app, KeyCode::Esc);
            }
            assert!(
                !matches!(app.overlays.last(), Some(Overlay::Form(_))),
                "no form opens on a read-only workspace"
            );
        }
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.ws.revision(), 0);
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
    assert_eq!(app.read_only(), Some("test"));
    assert!(!app.history.can_undo());
    // It says why.
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(
        app.notice.as_deref(),
        Some("nothing changed: read-only (test)")
    );
    // A save result does not make it writable.
    app.update(Msg::Saved(Ok(())));
    assert_eq!(app.read_only(), Some("test"));
}

// ---------------------------------------------------------------------------------------------
// Random keys

/// One thing that happens to the app.
#[derive(Clone, Debug)]
enum Event {
    Key(KeyCode, KeyModifiers),
    Draw(u16, u16),
    Paste(String),
    Click(u16, u16),
}

fn key_strategy() -> impl Strategy<Value = Event> {
    let plain = |code: KeyCode| Event::Key(code, KeyModifiers::NONE);
    let named: Vec<Event> = [
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Char('h'),
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('l'),
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('a'),
        KeyCode::Char('d'),
        KeyCode::Char('e'),
        KeyCode::Char('m'),
        KeyCode::Char('s'),
        KeyCode::Char('u'),
        KeyCode::Char('y'),
        KeyCode::Char('n'),
        KeyCode::Char('H'),
        KeyCode::Char('L'),
        KeyCode::Char('J'),
        KeyCode::Char('K'),
        KeyCode::Char(' '),
        KeyCode::Backspace,
        KeyCode::Char('0'),
        KeyCode::Char('1'),
        KeyCode::Char('2'),
        KeyCode::Char('3'),
        KeyCode::Char('4'),
        KeyCode::Char('5'),
        KeyCode::Char('G'),
        KeyCode::Char('g'),
        KeyCode::PageDown,
        KeyCode::Delete,
    ]
    .into_iter()
    .map(plain)
    .collect();
    prop_oneof![
        40 => proptest::sample::select(named),
        3 => Just(Event::Key(KeyCode::Char('r'), KeyModifiers::CONTROL)),
        6 => Just(Event::Key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        // Any letter or sign but q, which quits.
        8 => proptest::char::range('!', '~')
            .prop_filter("q quits", |c| *c != 'q')
            .prop_map(move |c| plain(KeyCode::Char(c))),
        1 => proptest::char::any()
            .prop_filter("q quits", |c| *c != 'q')
            .prop_map(move |c| plain(KeyCode::Char(c))),
        3 => (0u16..=200, 0u16..=60).prop_map(|(w, h)| Event::Draw(w, h)),
        3 => (60u16..=140, 16u16..=45).prop_map(|(w, h)| Event::Draw(w, h)),
        1 => "[a-z \u{1b}\u{7}\u{9b}\u{202e}\n]{0,12}".prop_map(Event::Paste),
        1 => (0u16..=140, 0u16..=45).prop_map(|(x, y)| Event::Click(x, y)),
    ]
}

fn apply(app: &mut App, terminal: &mut Terminal<TestBackend>, event: &Event) -> Vec<Effect> {
    match event {
        Event::Key(code, modifiers) => app.update(Msg::Key(KeyEvent::new(*code, *modifiers))),
        Event::Draw(width, height) => {
            terminal.backend_mut().resize(*width, *height);
            let mut layout = None;
            terminal
                .draw(|frame| layout = Some(crate::ui::render(app, frame)))
                .expect("drawing");
            app.update(Msg::Drawn(layout.expect("a layout")))
        }
        Event::Paste(text) => app.update(Msg::Paste(text.clone())),
        Event::Click(column, row) => app.update(Msg::Mouse(MouseEvent {
            kind: if (column + row).is_multiple_of(3) {
                MouseEventKind::ScrollDown
            } else {
                MouseEventKind::Down(MouseButton::Left)
            },
            column: *column,
            row: *row,
            modifiers: KeyModifiers::NONE,
        })),
    }
}

/// Enter on the palette's "quit" entry (a query such as "yv" finds it through "everything is
/// saved"): the one way besides the quit keys that random keys may quit, as the user chose it.
fn enter_runs_the_palettes_quit(app: &App, event: &Event) -> bool {
    let enter = matches!(event, Event::Key(KeyCode::Enter, KeyModifiers::NONE));
    let selected = match app.view() {
        Some(super::ViewState::Palette(state)) => state.finder.rows.get(state.finder.selected),
        _ => None,
    };
    enter && selected.is_some_and(|command| command.action == super::Action::Quit)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_break_the_workspace(
        events in proptest::collection::vec(key_strategy(), 300)
    ) {
        let mut app = sample_app();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
        for (at, event) in events.iter().enumerate() {
            let chose_quit = enter_runs_the_palettes_quit(&app, event);
            let effects = apply(&mut app, &mut terminal, event);
            prop_assert!(
                !effects.contains(&Effect::Quit) || chose_quit,
                "quit without q, after {:?}",
                &events[..=at]
            );
            if at % 50 == 49 {
                let problems = rules::check_workspace(&app.ws);
                prop_assert!(problems.is_empty(), "{problems:?} after {:?}", &events[..=at]);
            }
        }
        // One last frame of whatever state it ended in.
        apply(&mut app, &mut terminal, &Event::Draw(100, 30));
        let problems = rules::check_workspace(&app.ws);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let saved = storage::encode(&app.ws);
        let loaded = storage::decode(&saved).expect("what is saved loads");
        prop_assert_eq!(storage::encode(&loaded), saved);
    }
}

#[test]
fn a_kpi_can_be_attached_to_an_item_from_its_cell() {
    let mut app = sample_app();
    press(&mut app, KeyCode::BackTab);
    // Email campaign × Buys holds items in the sample.
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    let (step, content_type) = (
        app.selected_step().unwrap(),
        app.selected_content_type().unwrap(),
    );
    let item = app.ws.cell_items(step, content_type)[0].id;
    let metrics = app.ws.metrics().len();
    press(&mut app, KeyCode::Char('I'));
    assert_eq!(app.context(), Context::Form);
    typed(&mut app, "Pick-up email open rate");
    ctrl(&mut app, 's');
    assert_eq!(app.ws.metrics().len(), metrics + 1);
    let added = app.ws.metrics().at(metrics).unwrap();
    assert_eq!(added.name, "Pick-up email open rate");
    assert_eq!(added.item_id, Some(item));
    assert_eq!((added.journey_id, added.step_id), (None, None));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.ws.metrics().len(), metrics);
}

#[test]
fn the_metric_form_turns_a_kpi_round_and_back() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('M'));
    // The first metric of the view: customer lifetime value, higher is better.
    let id = app.ws.metric_by_level(0).expect("a metric").id;
    assert_eq!(app.ws.metrics().get(id).unwrap().better, None);
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "better");
    press(&mut app, KeyCode::Right);
    ctrl(&mut app, 's');
    assert_eq!(
        app.ws.metrics().get(id).unwrap().better,
        Some(crate::model::Better::Lower)
    );
    // Back to higher: the field leaves the file again rather than reading "higher".
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "better");
    press(&mut app, KeyCode::Left);
    ctrl(&mut app, 's');
    assert_eq!(app.ws.metrics().get(id).unwrap().better, None);
    assert_eq!(storage::encode(&app.ws), storage::encode(&sample()));
}

/// The Markdown `y` asks the loop to copy, and what the status will call it.
fn copied(app: &mut App) -> (String, String) {
    let effects = press(app, KeyCode::Char('y'));
    match effects.as_slice() {
        [Effect::Copy { what, markdown }] => (what.clone(), markdown.clone()),
        other => panic!("y copies something, not {other:?} ({:?})", app.notice),
    }
}

#[test]
fn y_in_the_gap_list_copies_the_list_as_shown_with_its_filters() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('x'));
    let all = app.ws.gap_count();
    let (what, markdown) = copied(&mut app);
    assert_eq!(what, format!("the gap list ({all} gaps)"));
    assert!(
        markdown.starts_with(&format!(
            "### Gaps: {all} of {all}\n\n| Persona | Journey | Step | Content type | In work |\n|---|---|---|---|---|\n"
        )),
        "{markdown}"
    );
    assert_eq!(markdown.lines().count(), 4 + all, "{markdown}");

    // Filtered by the first persona: only the rows the view shows, the filter named.
    press(&mut app, KeyCode::Char('p'));
    let persona = app.ws.personas().at(0).unwrap().clone();
    let shown = match app.overlays.last() {
        Some(Overlay::View(view)) => match &**view {
            super::ViewState::Gaps(gaps) => gaps.rows.all(&app.ws),
            other => panic!("the gap list, not {other:?}"),
        },
        other => panic!("the gap list, not {other:?}"),
    };
    assert!(
        !shown.is_empty() && shown.len() < all,
        "the filter leaves some"
    );
    let (what, markdown) = copied(&mut app);
    assert_eq!(what, format!("the gap list ({} gaps)", shown.len()));
    assert!(
        markdown.starts_with(&format!(
            "### Gaps: {} of {all} (persona \"{}\")\n",
            shown.len(),
            persona.name
        )),
        "{markdown}"
    );
    let rows: Vec<&str> = markdown.lines().skip(4).collect();
    assert_eq!(rows.len(), shown.len());
    for (row, gap) in rows.iter().zip(&shown) {
        let step = app.ws.step(gap.step_id).unwrap();
        let content_type = app.ws.content_types().get(gap.content_type_id).unwrap();
        assert!(row.starts_with(&format!("| {}", persona.name)), "{row}");
        assert!(
            row.contains(&format!("| {} | {} |", step.name, content_type.name)),
            "{row}"
        );
    }
    assert!(!app.history.can_undo(), "copying changes nothing");
}

#[test]
fn y_on_a_kpi_row_copies_what_it_measures_its_target_and_actual() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Down);
    let id = app.ws.metric_by_level(1).expect("a metric").id;
    let metric = app.ws.metrics().get(id).unwrap().clone();
    let (what, markdown) = copied(&mut app);
    assert_eq!(what, format!("KPI \"{}\"", metric.name));
    assert!(
        markdown.starts_with(&format!("### {}\n\n| | |\n|---|---|\n", metric.name)),
        "{markdown}"
    );
    for row in [
        format!(
            "| **Measures** | {} |",
            crate::export::metric_subject(&app.ws, &metric)
        ),
        format!("| **Level** | {} |", metric.level.as_str()),
        format!("| **Target** | {} |", crate::export::metric_target(&metric)),
        format!(
            "| **Actual** | {} |",
            crate::export::metric_value(metric.actual, &metric.unit)
        ),
    ] {
        assert!(markdown.contains(&row), "{row} in\n{markdown}");
    }
    if !metric.unit.is_empty() {
        assert!(markdown.contains(&format!("| **Unit** | {} |", metric.unit)));
    }
}

/// Clears the focused text field and types `text` into it.
fn retyped(app: &mut App, text: &str) {
    ctrl(app, 'e');
    ctrl(app, 'u');
    typed(app, text);
}

#[test]
fn a_kpis_target_and_actual_are_read_as_amounts_are_and_may_be_below_zero() {
    let mut app = sample_app();
    assert_eq!(app.ws.currency(), "EUR");
    press(&mut app, KeyCode::Char('M'));
    let id = app.ws.metric_by_level(0).expect("a metric").id;
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "target");
    retyped(&mut app, "1.200,50");
    let field = &form(&app).fields[form(&app).focus];
    assert_eq!(
        field.resolved(app.today, app.ws.currency()).as_deref(),
        Some("1200.5")
    );
    to_field(&mut app, "actual");
    retyped(&mut app, "−12,5 €");
    ctrl(&mut app, 's');
    let metric = app.ws.metrics().get(id).unwrap();
    assert_eq!((metric.target, metric.actual), (Some(1200.5), Some(-12.5)));

    // Another currency's sign is refused at its field, and the model stays as it was.
    let before = bytes(&app);
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "target");
    retyped(&mut app, "$300");
    ctrl(&mut app, 's');
    let (at, message) = form(&app).error.clone().expect("a refusal");
    assert_eq!(form(&app).fields[at].name, "target");
    assert_eq!(message, "\"$300\" is not in EUR, the workspace's currency");
    assert_eq!(bytes(&app), before);

    // A stored fraction of three digits opens as digits that read back as the same number.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    let mut metric = app.ws.metrics().get(id).unwrap().clone();
    metric.target = Some(200.125);
    crate::model::edit::update(&mut app.ws, metric).unwrap();
    let before = bytes(&app);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(form(&app).text("target"), "200.1250");
    to_field(&mut app, "name");
    typed(&mut app, " ");
    ctrl(&mut app, 's');
    assert_eq!(app.ws.metrics().get(id).unwrap().target, Some(200.125));
    assert_eq!(bytes(&app), before);
}

#[test]
fn quitting_after_a_failed_save_asks_first() {
    let mut app = sample_app();
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        [Effect::Quit],
        "with everything saved, q quits at once"
    );

    let mut app = sample_app();
    app.update(Msg::Saved(Err("no space left on device".into())));
    assert_eq!(press(&mut app, KeyCode::Char('q')), []);
    assert_eq!(app.context(), Context::Confirm);
    assert!(confirm(&app).question.contains("no space left on device"));
    assert_eq!(press(&mut app, KeyCode::Char('n')), []);
    assert!(app.overlays.is_empty());
    assert_eq!(ctrl(&mut app, 'c'), []);
    assert_eq!(press(&mut app, KeyCode::Char('y')), [Effect::Quit]);
}

/// Asks with `keys` then `d`, checks the question, and says no with `no`: nothing may change,
/// not even the revision (which would make the loop save the file again).
fn asked_and_refused(app: &mut App, keys: &[KeyCode], no: KeyCode) -> (String, String) {
    let revision = app.ws.revision();
    for key in keys {
        press(app, *key);
    }
    // In the content map the selection is a cell: `X` deletes its content type.
    let delete = if app.context() == Context::Grid {
        'X'
    } else {
        'd'
    };
    press(app, KeyCode::Char(delete));
    let question = confirm(app).clone();
    press(app, no);
    assert_eq!(
        app.ws.revision(),
        revision,
        "{question:?} changed the workspace"
    );
    assert_eq!(app.save_state, super::SaveState::Saved);
    assert_eq!(bytes(app), SAMPLE.as_bytes());
    (question.question, question.detail.unwrap_or_default())
}

#[test]
fn every_delete_question_counts_what_goes_and_what_is_kept_and_no_changes_nothing() {
    let (v, s) = (KeyCode::Char('M'), KeyCode::Char('$'));
    let cases: [(&[KeyCode], &str, &str); 8] = [
        (
            &[],
            "Delete persona \"Commuter Clara\"?",
            "Goes with it: 1 journey, 6 steps, 12 cell mappings. Kept: 1 journey stays with its \
             other personas; 2 items stay on their other steps; 11 items are left on no step; \
             3 metrics move to the workspace. u undoes it.",
        ),
        (
            &[KeyCode::Tab],
            "Delete journey \"First commuter bike\"?",
            "Goes with it: 6 steps, 12 cell mappings. Kept: 2 items stay on their other steps; \
             11 items are left on no step; 3 metrics move to the workspace. u undoes it.",
        ),
        // The step's journey is not "detached": the step goes, and its cell mappings with it.
        (
            &[KeyCode::Tab],
            "Delete step \"Notices the need\"?",
            "Goes with it: 3 cell mappings. Kept: 3 items are left on no step; 1 metric moves \
             to the journey. u undoes it.",
        ),
        (
            &[KeyCode::Tab],
            "Delete content type \"Product pages\" and its items?",
            "Goes with it: 5 cell mappings, 5 items. u undoes it.",
        ),
        (
            &[KeyCode::Enter],
            "Delete item \"Spring commuter promo video, 30 s\"?",
            "Nothing else goes or changes. u undoes it.",
        ),
        (
            &[KeyCode::Esc, KeyCode::Esc, v],
            "Delete metric \"Customer lifetime value\"?",
            "Nothing else goes or changes. u undoes it.",
        ),
        (
            &[KeyCode::Esc, s],
            "Delete channel \"Google Search ads\"?",
            "Kept: 3 items lose their channel; 2 personas lose this channel. u undoes it.",
        ),
        (
            &[KeyCode::Esc, KeyCode::Char('o')],
            "Delete objective \"Grow web-shop revenue 25% in 2027\"?",
            "Kept: 1 journey loses its objective. u undoes it.",
        ),
    ];
    let mut app = sample_app();
    for (at, (keys, question, detail)) in cases.into_iter().enumerate() {
        let mut keys = keys.to_vec();
        if question.starts_with("Delete item") {
            // The cell of the promo video: Promo video × the first step.
            app.selection.content_type = 3;
        }
        let no = if at % 2 == 0 {
            KeyCode::Char('n')
        } else {
            KeyCode::Esc
        };
        if question.starts_with("Delete metric") {
            keys.insert(0, KeyCode::Esc);
        }
        let (asked, said) = asked_and_refused(&mut app, &keys, no);
        assert_eq!(asked, question);
        assert_eq!(
            said,
            detail.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
}

#[test]
fn unmapping_a_cell_with_items_asks_what_becomes_of_them() {
    let mut app = sample_app();
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.focus, Pane::Grid);
    // "Compares bikes" × "Comparison guide": two items on that step only.
    app.selection.step = 1;
    app.selection.content_type = 1;
    let (step, content_type) = (
        app.selected_step().unwrap(),
        app.selected_content_type().unwrap(),
    );
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('m'));
    let question = confirm(&app).clone();
    assert_eq!(
        question.question,
        "Unmap \"Comparison guide\" from \"Compares bikes\"?"
    );
    assert_eq!(
        question.detail.as_deref(),
        Some("Kept: 2 items are left on no step. u undoes it.")
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.ws.revision(), revision, "cancelling changed nothing");
    assert!(app.ws.cell(step, content_type).mapped);

    // "Product pages" there: its item stays on its other step.
    app.selection.content_type = 0;
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        confirm(&app).detail.as_deref(),
        Some("Kept: 1 item stays on its other steps. u undoes it.")
    );
    press(&mut app, KeyCode::Char('y'));
    assert!(
        !app.ws
            .cell(step, app.selected_content_type().unwrap())
            .mapped
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), SAMPLE.as_bytes(), "undo puts the items back");

    // An empty cell maps and unmaps at once: nothing is lost.
    app.selection.content_type = 2;
    let empty = app.selected_content_type().unwrap();
    assert!(app.ws.cell_item_ids(step, empty).is_empty());
    press(&mut app, KeyCode::Char('m'));
    assert!(app.ws.cell(step, empty).mapped);
    press(&mut app, KeyCode::Char('m'));
    assert!(app.overlays.is_empty());
    assert!(!app.ws.cell(step, empty).mapped);
}

#[test]
fn channels_are_listed_in_one_order_in_forms_and_in_the_channels_view() {
    let mut app = sample_app();
    // A paid channel added last: the channels view lists it with the other paid media.
    let added = crate::model::Channel {
        id: crate::model::Id::new(),
        name: "Podcast ads".into(),
        media: crate::model::Media::Paid,
        ..Default::default()
    };
    crate::model::edit::add(&mut app.ws, added).unwrap();
    let view_order: Vec<String> = super::views::channel_order(&app.ws)
        .into_iter()
        .map(|id| app.ws.channels().get(id).unwrap().name.clone())
        .collect();
    let file_order: Vec<String> = app.ws.channels().iter().map(|c| c.name.clone()).collect();
    assert_ne!(
        view_order, file_order,
        "the sample tells the two orders apart"
    );

    let listed = |app: &App, name: &str| -> Vec<String> {
        match &form(app)
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .value
        {
            super::form::Value::Choice { labels, .. } => labels[1..].to_vec(),
            super::form::Value::Set { labels, .. } => labels.clone(),
            other => panic!("{other:?}"),
        }
    };
    // The persona form; saving it keeps the persona's own order of channels in the file.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(listed(&app, "channel_ids"), view_order);
    typed(&mut app, "!");
    ctrl(&mut app, 's');
    let persona = app.ws.personas().at(0).unwrap().clone();
    assert_eq!(
        persona.channel_ids,
        sample().personas().at(0).unwrap().channel_ids
    );

    // The item form.
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(listed(&app, "channel_id"), view_order);
}

fn palette_labels(app: &App) -> Vec<String> {
    match app.view() {
        Some(super::ViewState::Palette(state)) => state
            .finder
            .rows
            .iter()
            .map(|c| format!("{} [{}] {}", c.label, c.keys, c.place))
            .collect(),
        other => panic!("the palette is open, not {other:?}"),
    }
}

#[test]
fn the_palette_from_the_content_map_adds_a_persona_in_the_persona_pane() {
    let mut app = sample_app();
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.focus, Pane::Grid);
    let personas = app.ws.personas().len();
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "add persona");
    let labels = palette_labels(&app);
    assert_eq!(
        labels.first().map(String::as_str),
        Some("add a persona [a] personas"),
        "{labels:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.focus,
        Pane::Personas,
        "it moves to the persona pane first"
    );
    assert_eq!(app.context(), Context::Form);
    typed(&mut app, "Weekend Wanda");
    ctrl(&mut app, 's');
    assert_eq!(app.ws.personas().len(), personas + 1);
    assert_eq!(
        app.ws.personas().at(personas).unwrap().name,
        "Weekend Wanda"
    );
}

#[test]
fn the_palette_offers_no_action_that_would_do_something_else_than_it_says() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Board);
    press(&mut app, KeyCode::Char(':'));
    let labels = palette_labels(&app);
    assert!(
        labels.iter().all(|l| !l.starts_with("select ")),
        "moving a selection is not a command: {labels:?}"
    );
    // A view's row actions are offered only from that view: elsewhere its row is unseen.
    assert!(!labels.iter().any(|l| l.starts_with("keep our value")));
    assert!(
        !labels
            .iter()
            .any(|l| l.ends_with("calendar") && l.starts_with("edit"))
    );
    // What the board does comes first, with its keys.
    assert!(labels[0].ends_with("journey board"), "{labels:?}");
    assert!(
        labels
            .iter()
            .any(|l| l == "edit the journey itself [E] journey board")
    );
}

#[test]
fn the_palette_lists_the_latest_used_command_first() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "objectives");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Objectives);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    assert_eq!(palette_labels(&app)[0], "objectives [o] anywhere");
}

#[test]
fn a_remapped_key_works_and_shows_in_hints_help_and_palette() {
    use super::keymap::Override;
    let (keymap, problems) = super::Keymap::with_overrides(&[Override {
        layer: "personas".into(),
        key: "n".into(),
        action: "add".into(),
        line: 2,
    }]);
    assert!(problems.is_empty());
    let mut app = sample_app().with_keymap(keymap);
    assert_eq!(app.key(super::Action::Add).as_deref(), Some("n"));
    assert!(
        app.keymap
            .help(Context::Personas)
            .iter()
            .any(|(keys, text)| keys == "n a" && text == "add a persona")
    );
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.context(), Context::Form);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "add persona");
    assert_eq!(palette_labels(&app)[0], "add a persona [n a] personas");
}

fn alt(app: &mut App, c: char) {
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)));
}

#[test]
fn enter_saves_a_one_line_form_and_starts_a_new_line_in_a_multi_line_field() {
    let mut app = sample_app();
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    let types = app.ws.content_types().len();
    press(&mut app, KeyCode::Char('A'));
    assert_eq!(app.context(), Context::Form);
    typed(&mut app, "Podcast");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ws.content_types().len(), types + 1, "Enter saved it");
    assert!(app.overlays.is_empty());

    // The persona form has multi-line fields: Enter goes on, and writes lines; Ctrl-s saves.
    press(&mut app, KeyCode::Tab);
    let personas = app.ws.personas().len();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Weekend Wanda");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Form, "Enter did not save");
    assert_eq!(form(&app).fields[form(&app).focus].name, "summary");
    typed(&mut app, "rides");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "on Sundays");
    ctrl(&mut app, 's');
    assert_eq!(app.ws.personas().len(), personas + 1);
    let added = app.ws.personas().at(personas).unwrap();
    assert_eq!(added.summary, "rides\non Sundays");
}

#[test]
fn fields_and_queries_edit_like_readline_and_undo_stays_on_its_own_key() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('a'));
    let name = |app: &App| form(app).text("name");
    typed(&mut app, "hello big world");
    ctrl(&mut app, 'w');
    assert_eq!(name(&app), "hello big");
    ctrl(&mut app, 'a');
    alt(&mut app, 'f');
    ctrl(&mut app, 'k');
    assert_eq!(name(&app), "hello");
    ctrl(&mut app, 'e');
    typed(&mut app, " there");
    alt(&mut app, 'b');
    ctrl(&mut app, 'u');
    assert_eq!(name(&app), "there");
    alt(&mut app, 'u');
    assert_eq!(
        name(&app),
        "hello there",
        "Alt-u undoes the last edit in the field"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));

    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "bike shop");
    ctrl(&mut app, 'w');
    let query = |app: &App| match app.view() {
        Some(super::ViewState::Search(state)) => state.text().to_string(),
        other => panic!("search is open, not {other:?}"),
    };
    assert_eq!(query(&app), "bike ");
    ctrl(&mut app, 'u');
    assert_eq!(query(&app), "");
}

/// A click on a step's name in the content map selects that step, at every width: the view
/// says where it drew the columns, the click does not redo the sums.
#[test]
fn a_click_on_a_step_in_the_content_map_selects_that_step() {
    for width in [80, 100, 140] {
        let mut app = sample_app();
        let mut terminal = Terminal::new(TestBackend::new(width, 30)).expect("a test terminal");
        let mut layout = None;
        terminal
            .draw(|frame| layout = Some(crate::ui::render(&app, frame)))
            .expect("drawing");
        let layout = layout.expect("a layout");
        app.update(Msg::Drawn(layout.clone()));
        let header = layout.grid.y + 1;
        let buffer = terminal.backend().buffer().clone();
        let line: String = (layout.grid.x..layout.grid.right())
            .map(|x| buffer[(x, header)].symbol().to_string())
            .collect();
        let steps = step_names(&app);
        for (at, name) in steps.iter().enumerate().take(layout.grid_columns) {
            let prefix: String = name.chars().take(4).collect();
            let found = line.find(&prefix).expect("the step's name in the header");
            let column = layout.grid.x + line[..found].chars().count() as u16 + 1;
            app.update(Msg::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column,
                row: header,
                modifiers: KeyModifiers::NONE,
            }));
            assert_eq!(app.selection.step, at, "{width} columns: a click on {name}");
        }
    }
}

/// Draws the app at a size and feeds the layout back; returns the screen's rows.
fn drawn_rows(app: &mut App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let mut layout = None;
    terminal
        .draw(|frame| layout = Some(crate::ui::render(app, frame)))
        .expect("drawing");
    app.update(Msg::Drawn(layout.expect("a layout")));
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

fn click(app: &mut App, column: u16, row: u16) {
    app.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// Cards share the board's width by what their names need, so they differ in width: a click on
/// the end of a card's name still selects that card's step.
#[test]
fn a_click_on_the_end_of_a_cards_name_selects_that_step() {
    for width in [80, 120, 200] {
        let mut app = sample_app();
        let rows = drawn_rows(&mut app, width, 40);
        let heading = app.layout.board.y + 1;
        let line = &rows[usize::from(heading)];
        let steps = step_names(&app);
        for (at, name) in steps.iter().enumerate().take(app.layout.board_columns) {
            let label = format!("{} {name}", at + 1);
            let found = line
                .find(&label)
                .expect("the step's whole name on its card");
            let end = line[..found].chars().count() + label.chars().count() - 1;
            click(&mut app, end as u16, heading);
            assert_eq!(app.selection.step, at, "{width} columns: a click on {name}");
        }
    }
}

/// When the content types leave rows free, step names wrap over two rows: a click on a type's
/// row still selects that type.
#[test]
fn a_click_on_a_type_below_wrapped_step_names_selects_that_type() {
    let mut app = sample_app();
    drawn_rows(&mut app, 80, 24);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Char('z'));
    let rows = drawn_rows(&mut app, 80, 24);
    assert!(app.layout.grid_header > 1, "{}", rows.join("\n"));
    let y = rows
        .iter()
        .position(|row| row.contains("Ad campaign"))
        .expect("the type's row");
    click(&mut app, 5, y as u16);
    assert_eq!(
        app.ws
            .content_types()
            .at(app.selection.content_type)
            .unwrap()
            .name,
        "Ad campaign"
    );
}

// ---------------------------------------------------------------------------------------------
// What `update` asks of the loop

#[test]
fn an_edit_asks_for_a_save_and_nothing_else_does() {
    let mut app = sample_app();
    assert_eq!(
        press(&mut app, KeyCode::Tab),
        [],
        "moving around writes nothing"
    );
    press(&mut app, KeyCode::Tab);
    assert_eq!(press(&mut app, KeyCode::Char('5')), [Effect::Save]);
    assert_eq!(
        press(&mut app, KeyCode::Char('u')),
        [Effect::Save],
        "an undo is saved too"
    );
    assert_eq!(app.update(Msg::Saved(Ok(()))), []);

    let mut app = App::new(sample(), "sample.json".into(), today(), Some("test".into()));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        press(&mut app, KeyCode::Char('5')),
        [],
        "read-only: nothing to save"
    );
}

#[test]
fn an_export_from_the_palette_is_an_effect_for_the_loop() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "export csv next to");
    let labels = palette_labels(&app);
    assert!(
        labels[0].starts_with("export csv next to the workspace"),
        "{labels:?}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        [Effect::Export(crate::export::Format::Csv)]
    );
    let before = bytes(&app);
    assert_eq!(app.update(Msg::Done("exported CSV to plan.csv".into())), []);
    assert_eq!(app.notice.as_deref(), Some("exported CSV to plan.csv"));
    assert_eq!(bytes(&app), before, "the export changes nothing");
}

#[test]
fn the_loop_changes_the_app_only_through_messages() {
    let mut app = App::new(sample(), "sample.json".into(), today(), Some("busy".into()));
    assert_eq!(app.update(Msg::LockTaken), []);
    assert_eq!(app.read_only(), None, "the lock was freed: editable");
    assert_eq!(app.update(Msg::LockLost("being edited by jo".into())), []);
    assert_eq!(app.read_only(), Some("being edited by jo"));

    let mut app = sample_app();
    let mut theirs = sample();
    let step = theirs.journeys().at(0).unwrap().steps[0].id;
    crate::model::edit::set_emotion(&mut theirs, step, Some(1)).unwrap();
    let reloaded = |workspace: &Workspace, unsaved| Msg::Reloaded {
        workspace: Box::new(workspace.clone()),
        notice: "reloaded".into(),
        unsaved,
    };
    assert!(matches!(
        app.update(reloaded(&theirs, false)).as_slice(),
        [Effect::Free(_)]
    ));
    assert_eq!(bytes(&app), storage::encode(&theirs));
    assert!(
        matches!(
            app.update(reloaded(&theirs, true)).as_slice(),
            [Effect::Free(_), Effect::Save]
        ),
        "a merge still has to be saved"
    );
}

#[test]
fn a_reload_hands_the_replaced_workspace_and_its_undo_to_the_loop_to_free() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('4'));
    let shown = bytes(&app);
    let mut theirs = sample();
    let mut persona = theirs.personas().at(0).unwrap().clone();
    persona.name = "Theirs".into();
    crate::model::edit::update(&mut theirs, persona).unwrap();
    let effects = app.update(Msg::Reloaded {
        workspace: Box::new(theirs),
        notice: "reloaded".into(),
        unsaved: false,
    });
    // Freed on the loop's worker, not by this thread: a large one takes tens of milliseconds.
    let [Effect::Free(retired)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(storage::encode(&retired.workspace), shown);
    assert!(
        retired.history.can_undo(),
        "the undo of the old workspace goes with it"
    );
    assert_eq!(app.ws.personas().at(0).unwrap().name, "Theirs");
    assert!(!app.history.can_undo());
}

#[test]
fn nothing_to_undo_leaves_nothing_to_save() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('u'));
    ctrl(&mut app, 'r');
    assert_eq!(app.notice.as_deref(), Some("nothing to redo"));
    assert_eq!(
        app.save_state,
        super::SaveState::Saved,
        "the status line would say saving… for ever"
    );
    assert_eq!(app.ws.revision(), 0);
}

#[test]
fn ctrl_z_suspends_from_every_place_forms_questions_and_help_too() {
    let mut app = sample_app();
    let places: [(&str, &[KeyCode]); 6] = [
        ("the main screen", &[]),
        ("a form", &[KeyCode::Char('e')]),
        ("a question", &[KeyCode::Char('d')]),
        ("the help", &[KeyCode::Char('?')]),
        ("the search", &[KeyCode::Char('/')]),
        ("the palette", &[KeyCode::Char(':')]),
    ];
    for (place, keys) in places {
        app.overlays.clear();
        for key in keys {
            press(&mut app, *key);
        }
        let before = app.context();
        assert_eq!(ctrl(&mut app, 'z'), [Effect::Suspend], "Ctrl-z in {place}");
        assert_eq!(app.context(), before, "{place} is still open after Ctrl-z");
        assert_eq!(
            app.update(Msg::Suspend),
            [Effect::Suspend],
            "a stop signal from outside in {place}"
        );
    }
}

#[test]
fn the_delete_key_on_a_map_cell_says_which_keys_remove_what_and_changes_nothing() {
    let mut app = sample_app();
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.focus, Pane::Grid);
    let before = bytes(&app);
    assert_eq!(press(&mut app, KeyCode::Char('d')), []);
    assert!(app.overlays.is_empty(), "nothing is asked");
    assert_eq!(bytes(&app), before);
    assert_eq!(
        app.notice.as_deref(),
        Some("d deletes nothing in the map: X deletes the content type, m unmaps the cell")
    );
    assert!(app.notice.as_deref().unwrap().chars().count() <= 80);

    // The keys named are the user's own.
    let override_ = |layer: &str, key: &str, action: &str| super::keymap::Override {
        layer: layer.into(),
        key: key.into(),
        action: action.into(),
        line: 1,
    };
    let (keymap, problems) = super::Keymap::with_overrides(&[
        override_("map", "X", "none"),
        override_("map", "Z", "delete_outer"),
        override_("board", "backspace", "delete"),
    ]);
    assert_eq!(problems, []);
    let mut app = sample_app().with_keymap(keymap);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Backspace);
    assert_eq!(
        app.notice.as_deref(),
        Some("Backspace deletes nothing in the map: Z deletes the content type, m unmaps the cell")
    );
}

#[test]
fn d_duplicates_what_each_pane_selects_and_u_undoes_it_in_one_step() {
    let mut app = sample_app();
    let counts = |app: &App| {
        let ws = &app.ws;
        let steps: usize = ws.journeys().iter().map(|j| j.steps.len()).sum();
        (
            ws.personas().len(),
            ws.journeys().len(),
            steps,
            ws.content_types().len(),
            ws.items().len(),
        )
    };
    let before = counts(&app);
    // Personas, journeys, board, content map: each `D` adds one entry of its own kind.
    let kind = |counts: (usize, usize, usize, usize, usize), pane: usize| {
        [counts.0, counts.1, counts.2, counts.3][pane]
    };
    for pane in 0..4 {
        if pane > 0 {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Char('D'));
        assert_eq!(
            kind(counts(&app), pane),
            kind(before, pane) + 1,
            "pane {pane}"
        );
        assert!(app.notice.as_deref().unwrap().starts_with("duplicate "));
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(
            bytes(&app),
            SAMPLE.as_bytes(),
            "one u undoes pane {pane}'s copy"
        );
    }
    // A cell's items: `D` copies the selected item.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('D'));
    assert_eq!(counts(&app).4, before.4 + 1);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

#[test]
fn enter_opens_a_read_only_card_and_e_edits_from_there() {
    let mut app = sample_app();
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Card);
    // Typing on a card changes nothing: no key there writes.
    for c in "abcdxyz0123 ".chars() {
        press(&mut app, KeyCode::Char(c));
        if app.context() != Context::Card {
            press(&mut app, KeyCode::Esc);
            press(&mut app, KeyCode::Enter);
        }
    }
    assert_eq!(app.ws.revision(), revision);
    assert!(!app.history.can_undo());
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.context(), Context::Form, "e edits from the card");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.context(),
        Context::Card,
        "the form closes back to the card"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty());
    // The edit key still edits in one press from the pane.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.context(), Context::Form);
}

#[test]
fn z_zooms_the_focused_pane_and_back() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('z'));
    assert!(app.zoomed);
    assert_eq!(app.focus, Pane::Board);
    press(&mut app, KeyCode::Char('z'));
    assert!(!app.zoomed);
}

#[test]
fn a_new_journey_starts_from_the_shape_chosen_in_its_form() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Tab);

    // The form shows the default: no steps.
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Empty");
    to_field(&mut app, "shape");
    match &form(&app).fields[form(&app).focus].value {
        super::form::Value::Choice {
            labels, selected, ..
        } => assert_eq!(labels[*selected], "none yet: add them on the board"),
        other => panic!("a choice, not {other:?}"),
    }
    ctrl(&mut app, 's');
    assert_eq!(step_names(&app), Vec::<String>::new());

    // A template: its steps, under new ids.
    let aida = 1 + crate::model::template::built_in()
        .iter()
        .position(|t| t.name == "AIDA")
        .unwrap();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Ad funnel");
    to_field(&mut app, "shape");
    for _ in 0..aida {
        press(&mut app, KeyCode::Right);
    }
    ctrl(&mut app, 's');
    assert_eq!(
        step_names(&app),
        ["Attention", "Interest", "Desire", "Action"]
    );

    // Another journey's steps, under new ids, without its mappings or items.
    let original = app.ws.journeys().at(0).unwrap().clone();
    let copied_at = 1 + crate::model::template::built_in().len();
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Second bike");
    to_field(&mut app, "shape");
    for _ in 0..copied_at {
        press(&mut app, KeyCode::Right);
    }
    ctrl(&mut app, 's');
    let copy = app.selected_journey().unwrap().clone();
    assert_eq!(copy.name, "Second bike");
    let names =
        |j: &crate::model::Journey| j.steps.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&copy), names(&original));
    assert!(copy.steps.iter().all(|s| original.step(s.id).is_none()));
    assert!(copy.mappings.is_empty());

    // Each is one edit.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('u'));
    }
    assert_eq!(bytes(&app), SAMPLE.as_bytes());
}

#[test]
fn the_workspace_form_renames_the_workspace_and_changes_its_currency_undoably() {
    let mut app = sample_app();
    let name = app.ws.name().to_string();
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('W'));
    assert_eq!(
        form(&app).text("name"),
        name,
        "the form shows the name as it is"
    );
    assert_eq!(form(&app).text("currency"), app.ws.currency());
    ctrl(&mut app, 'u');
    ctrl(&mut app, 's');
    assert!(
        form(&app).error.is_some(),
        "an empty name is refused in the form"
    );
    assert_eq!(
        app.ws.revision(),
        revision,
        "a refused form changes nothing"
    );
    typed(&mut app, "Bike shop");
    to_field(&mut app, "currency");
    ctrl(&mut app, 'u');
    typed(&mut app, " USD ");
    ctrl(&mut app, 's');
    assert!(app.overlays.is_empty());
    assert_eq!(app.ws.name(), "Bike shop");
    assert_eq!(app.ws.currency(), "USD");
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.ws.name(), name, "one undo puts both back");
    assert_eq!(app.ws.currency(), "EUR");
}

// ---------------------------------------------------------------------------------------------
// The calendar: month grid, week, agenda

fn calendar(app: &App) -> &super::views::CalendarState {
    match app.overlays.last() {
        Some(Overlay::View(view)) => match view.as_ref() {
            super::ViewState::Calendar(state) => state,
            other => panic!("the calendar is open, not {other:?}"),
        },
        other => panic!("the calendar is open, not {other:?}"),
    }
}

/// The title of the item the calendar's keys act on.
fn calendar_item(app: &App) -> Option<String> {
    let state = calendar(app);
    let id = match state.mode {
        super::views::calendar::Mode::Agenda => match state.rows.row(&app.ws, state.selected) {
            Some(super::views::AgendaRow::Item { id, .. }) => Some(id),
            _ => None,
        },
        _ => state.days.on(state.day).get(state.item).copied(),
    }?;
    Some(app.ws.items().get(id)?.title.clone())
}

#[test]
fn the_calendar_opens_on_todays_month_and_w_cycles_month_week_agenda_on_the_same_item() {
    use super::views::calendar::Mode;
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(calendar(&app).mode, Mode::Month);
    assert_eq!(calendar(&app).day, today());
    // The grid holds the whole weeks of November 2026: Monday 26 October to Sunday 6 December.
    assert_eq!(calendar(&app).days.len(), 6 * 7);
    assert_eq!(
        calendar(&app).days.first(),
        Some("2026-10-26".parse().unwrap())
    );

    // The 24th has the winter-check posts: a day move selects its first item.
    press(&mut app, KeyCode::Right);
    assert_eq!(calendar(&app).day, "2026-11-24".parse().unwrap());
    let winter = "Winter-check posts (lights, brakes, tyres)";
    assert_eq!(calendar_item(&app).as_deref(), Some(winter));

    for (mode, days) in [(Mode::Week, 7), (Mode::Agenda, 0), (Mode::Month, 42)] {
        press(&mut app, KeyCode::Char('w'));
        assert_eq!(calendar(&app).mode, mode);
        assert_eq!(calendar(&app).days.len(), days, "{mode:?}");
        assert_eq!(
            calendar(&app).day,
            "2026-11-24".parse().unwrap(),
            "{mode:?}"
        );
        assert_eq!(calendar_item(&app).as_deref(), Some(winter), "{mode:?}");
    }

    // In the week, a page is a week; in the month grid, a month.
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(calendar(&app).day, "2026-12-01".parse().unwrap());
    assert_eq!(
        calendar(&app).days.first(),
        Some("2026-11-30".parse().unwrap())
    );
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(calendar(&app).day, "2027-01-01".parse().unwrap());
    assert_eq!(
        calendar(&app).days.first(),
        Some("2026-12-28".parse().unwrap())
    );
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(calendar(&app).day, today());
    // From a day without items, the agenda selects the first item from that day on.
    assert_eq!(calendar_item(&app), None);
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(calendar(&app).mode, Mode::Agenda);
    assert_eq!(calendar_item(&app).as_deref(), Some(winter));
    // Down in the agenda selects the next item and its day, which the grid then shows.
    press(&mut app, KeyCode::Down);
    let next = calendar_item(&app).expect("an item after the winter-check posts");
    assert_eq!(calendar(&app).day, "2026-11-26".parse().unwrap());
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(calendar(&app).mode, Mode::Month);
    assert_eq!(calendar(&app).day, "2026-11-26".parse().unwrap());
    assert_eq!(calendar_item(&app), Some(next));
}

#[test]
fn item_keys_in_the_month_grid_act_on_the_item_listed_under_it_and_the_grid_follows_it() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Right);
    let winter = "Winter-check posts (lights, brakes, tyres)";
    let id = app
        .ws
        .items()
        .iter()
        .find(|i| i.title == winter)
        .expect("the sample has it")
        .id;
    // A week later: the grid selects the 1st of December, in the next month, on the item.
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(
        app.ws.items().get(id).unwrap().available_on,
        Some("2026-12-01".parse().unwrap())
    );
    assert_eq!(calendar(&app).day, "2026-12-01".parse().unwrap());
    assert_eq!(
        calendar(&app).days.first(),
        Some("2026-11-30".parse().unwrap())
    );
    assert_eq!(calendar_item(&app).as_deref(), Some(winter));
    let status = app.ws.items().get(id).unwrap().status;
    press(&mut app, KeyCode::Char(' '));
    assert_ne!(app.ws.items().get(id).unwrap().status, status);
    assert_eq!(
        calendar_item(&app).as_deref(),
        Some(winter),
        "still selected"
    );
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.ws.items().get(id).unwrap().available_on,
        Some("2026-11-24".parse().unwrap())
    );
    // A day without items: the item keys do nothing.
    press(&mut app, KeyCode::Char('t'));
    let revision = app.ws.revision();
    for key in ['+', '-', ' ', 'e'] {
        press(&mut app, KeyCode::Char(key));
    }
    assert_eq!(calendar_item(&app), None);
    assert_eq!(app.ws.revision(), revision);
    assert_eq!(app.overlays.len(), 1, "no form opened");
}

#[test]
fn a_on_a_day_adds_an_item_dated_that_day_in_the_cell_chosen_in_its_form_undoably() {
    let mut app = sample_app();
    let items = app.ws.items().len();
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    let day: Date = "2026-11-25".parse().unwrap();
    assert_eq!(calendar(&app).day, day);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(form(&app).title, "New item");
    assert_eq!(form(&app).text("available_on"), "2026-11-25");
    typed(&mut app, "Advent ride invitations");
    // The cell: the second content type, on the first journey's third step.
    to_field(&mut app, "content_type_id");
    press(&mut app, KeyCode::Right);
    to_field(&mut app, "step_ids");
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    ctrl(&mut app, 's');
    assert_eq!(app.overlays.len(), 1, "the form closed on the calendar");
    assert_eq!(app.ws.items().len(), items + 1);
    let item = app
        .ws
        .items()
        .iter()
        .find(|i| i.title == "Advent ride invitations")
        .expect("the item was added")
        .clone();
    let journey = app.ws.journeys().iter().next().unwrap();
    let content_type = app.ws.content_types().iter().nth(1).unwrap();
    assert_eq!(item.available_on, Some(day));
    assert_eq!(item.content_type_id, content_type.id);
    assert_eq!(item.step_ids, vec![journey.steps[2].id]);
    assert!(
        app.ws
            .cell_item_ids(journey.steps[2].id, content_type.id)
            .contains(&item.id),
        "the item is in its cell"
    );
    // The grid shows it on its day.
    assert!(calendar(&app).days.on(day).contains(&item.id));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.ws.items().len(), items, "one undo takes it away");
    assert!(!calendar(&app).days.on(day).contains(&item.id));
}

// ---------------------------------------------------------------------------------------------
// The inventory: bulk changes to marked rows, each undone in one step
// ---------------------------------------------------------------------------------------------

/// The inventory open with its first `marked` rows marked.
fn inventory_with_marks(marked: usize) -> App {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.context(), Context::Inventory);
    for _ in 0..marked {
        press(&mut app, KeyCode::Char(' '));
    }
    app
}

/// Opens the change list, narrows it by `text` and takes the first row.
fn change_marked(app: &mut App, text: &str) {
    press(app, KeyCode::Char('b'));
    assert_eq!(app.context(), Context::Picker);
    typed(app, text);
    press(app, KeyCode::Enter);
}

/// The first `n` items of the workspace.
fn first_items(app: &App, n: usize) -> Vec<crate::model::Item> {
    app.ws.items().iter().take(n).cloned().collect()
}

#[test]
fn each_bulk_change_of_the_marked_rows_is_undone_in_one_step() {
    type Holds = fn(&crate::model::Item) -> bool;
    let cases: [(&str, Holds); 4] = [
        ("in progress", |i| i.status == Status::InProgress),
        ("Zoe Novak", |i| i.owner == "Zoe Novak"),
        ("+3", |i| i.available_on.is_some()),
        ("channel → none", |i| i.channel_id.is_none()),
    ];
    for (text, holds) in cases {
        let mut app = inventory_with_marks(3);
        let before = bytes(&app);
        let old = first_items(&app, 4);
        change_marked(&mut app, text);
        assert_eq!(app.context(), Context::Inventory, "{text}: the list closes");
        let new = first_items(&app, 4);
        assert!(new[..3].iter().all(holds), "{text}: {:?}", app.notice);
        assert_eq!(new[3], old[3], "{text}: an unmarked row is left alone");
        if text == "+3" {
            for (o, n) in old.iter().zip(&new).take(3) {
                assert_eq!(n.available_on, o.available_on.and_then(|d| d.add_days(3)));
            }
        }
        press(&mut app, KeyCode::Char('u'));
        assert_eq!(
            bytes(&app),
            before,
            "{text}: one undo takes the whole change back"
        );
        assert!(!app.history.can_undo(), "{text}: it was one step");
    }
}

#[test]
fn deleting_marked_rows_asks_counting_them_and_one_undo_brings_them_back() {
    let mut app = inventory_with_marks(3);
    let before = bytes(&app);
    let revision = app.ws.revision();
    let items = app.ws.items().len();
    press(&mut app, KeyCode::Char('d'));
    let question = confirm(&app);
    assert_eq!(question.question, "Delete 3 items?");
    assert!(
        question
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("u undoes it")),
        "{:?}",
        question.detail
    );
    // No: nothing changes, not even the revision.
    press(&mut app, KeyCode::Char('n'));
    assert_eq!((bytes(&app), app.ws.revision()), (before.clone(), revision));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.ws.items().len(), items - 3);
    let view_count = match app.view() {
        Some(super::ViewState::Inventory(state)) => state.len(),
        other => panic!("the inventory is open, not {other:?}"),
    };
    assert_eq!(view_count, items - 3);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), before);
    assert!(!app.history.can_undo());
}

#[test]
fn the_map_filters_hide_cells_but_the_gap_count_stays_true() {
    let mut app = sample_app();
    app.focus = Pane::Grid;
    let gaps = app.ws.gap_count();
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.context(), Context::Picker);
    // "gaps only" is the first choice.
    press(&mut app, KeyCode::Enter);
    assert!(app.map_filter.gaps_only);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Grid);
    assert_eq!(app.ws.gap_count(), gaps);
    let journey = app.selected_journey().expect("a journey").clone();
    let matcher = app.map_filter.items.matcher(&app.ws, app.today);
    let cells: Vec<_> = journey
        .steps
        .iter()
        .flat_map(|s| app.ws.content_types().iter().map(move |t| (s.id, t.id)))
        .collect();
    let hidden = cells
        .iter()
        .filter(|(s, t)| app.map_filter.hides(&app.ws, *s, *t, &matcher))
        .count();
    let mapped_not_gaps = cells
        .iter()
        .filter(|(s, t)| {
            let cell = app.ws.cell(*s, *t);
            cell.mapped && !cell.gap
        })
        .count();
    assert_eq!(hidden, mapped_not_gaps);
    assert!(hidden > 0);
}

#[test]
fn the_calendars_filters_keep_only_the_items_they_name_in_every_mode() {
    use super::views::calendar::Mode;
    use crate::model::filter::Facet;
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('c'));
    let all: usize = calendar(&app).days.iter().map(|(_, ids)| ids.len()).sum();
    // f: the filters to choose from; the second is "status: in progress".
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.context(), Context::Picker);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Calendar);
    assert_eq!(
        calendar(&app).filter.facets(),
        [Facet::Status(Status::InProgress)]
    );
    let in_progress = |app: &App| {
        calendar(app)
            .days
            .iter()
            .flat_map(|(_, ids)| ids.iter())
            .map(|id| app.ws.items().get(*id).expect("an item").status)
            .collect::<Vec<_>>()
    };
    let kept = in_progress(&app);
    assert!(
        !kept.is_empty() && kept.len() < all,
        "{} of {all}",
        kept.len()
    );
    assert!(kept.iter().all(|s| *s == Status::InProgress));
    // The winter-check posts, to create, are not on the 24th any more; the agenda agrees.
    press(&mut app, KeyCode::Right);
    assert_eq!(calendar_item(&app), None);
    for mode in [Mode::Week, Mode::Agenda] {
        press(&mut app, KeyCode::Char('w'));
        assert_eq!(calendar(&app).mode, mode);
        assert_eq!(calendar(&app).filter.facets().len(), 1, "{mode:?}");
    }
    let agenda = &calendar(&app).rows;
    for at in 0..agenda.len() {
        if let Some(super::views::AgendaRow::Item { id, .. }) = agenda.row(&app.ws, at) {
            assert_eq!(app.ws.items().get(id).unwrap().status, Status::InProgress);
        }
    }
    // Turned off again, every item is back.
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert!(calendar(&app).filter.is_empty());
    let back: usize = calendar(&app).days.iter().map(|(_, ids)| ids.len()).sum();
    assert_eq!(back, all);
}

/// A search typed before the text the loop prepares has arrived waits for it (the text is not
/// prepared on the keys' thread, the screen says what it waits for), then shows the hits a
/// search at rest shows; when the loop says no text will come, the search prepares its own.
#[test]
fn a_search_typed_before_its_text_is_prepared_waits_for_it_then_finds_the_same_hits() {
    fn hits(app: &App) -> Vec<crate::model::search::Hit> {
        match app.view() {
            Some(super::ViewState::Search(state)) => state.rows.clone(),
            other => panic!("search is open, not {other:?}"),
        }
    }
    fn searched(mut app: App) -> App {
        press(&mut app, KeyCode::Char('/'));
        typed(&mut app, "shop");
        app
    }
    let at_rest = hits(&searched(sample_app()));
    assert!(!at_rest.is_empty());

    let app = sample_app().with_search_text_coming();
    let prepared = app.ws.snapshot().prepare_search();
    let mut app = searched(app);
    assert!(
        !app.ws.search_prepared(),
        "the keys' thread prepared the text to search"
    );
    assert!(hits(&app).is_empty());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| {
            crate::ui::render(&app, frame);
        })
        .expect("drawing");
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect();
    assert!(screen.contains("preparing the text to search…"));
    app.ws.adopt_search(prepared);
    app.update(Msg::SearchText(true));
    assert_eq!(hits(&app), at_rest);

    let mut app = searched(sample_app().with_search_text_coming());
    assert!(hits(&app).is_empty());
    app.update(Msg::SearchText(false));
    assert_eq!(hits(&app), at_rest);
}

#[test]
fn the_palette_opens_the_inventory_and_runs_its_commands_there() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "sort by the next column");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Inventory);
    match app.view() {
        Some(super::ViewState::Inventory(state)) => {
            assert_eq!(state.sort, Some(super::views::inventory::Column::Title));
        }
        other => panic!("the inventory is open, not {other:?}"),
    }
}

#[test]
fn the_palette_over_a_view_offers_its_row_commands_runs_them_there_and_esc_goes_back() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Down);
    let selected = match app.view() {
        Some(super::ViewState::Inventory(state)) => {
            state.row(&app.ws, state.selected).map(|item| item.id)
        }
        other => panic!("the inventory is open, not {other:?}"),
    }
    .expect("the sample has items");
    press(&mut app, KeyCode::Char(':'));
    let labels = palette_labels(&app);
    assert_eq!(
        labels[0].split(" [").next(),
        Some("read the item's card"),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"edit the item [e] inventory".to_string()),
        "{labels:?}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.context(),
        Context::Inventory,
        "Esc goes back to the view"
    );
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "edit the item");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Form);
    assert!(
        matches!(
            app.overlays.last(),
            Some(Overlay::Form(form))
                if matches!(form.subject, super::Subject::Item { id: Some(id), .. } if id == selected)
        ),
        "the form edits the row the user saw selected"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Inventory);
}

// ---------------------------------------------------------------------------------------------
// A KPI's history

/// The metrics view with its first KPI's history open.
fn history_of_first_kpi(app: &mut App) -> crate::model::Id {
    press(app, KeyCode::Char('M'));
    press(app, KeyCode::Enter);
    assert_eq!(app.context(), Context::History);
    match app.overlays.last() {
        Some(Overlay::History(history)) => {
            assert_eq!(
                history.metric,
                app.ws.metric_by_level(0).expect("a metric").id
            );
            history.metric
        }
        other => panic!("the KPI's history is open, not {other:?}"),
    }
}

fn measurements(app: &App, metric: crate::model::Id) -> Vec<(String, f64, String)> {
    app.ws
        .metrics()
        .get(metric)
        .unwrap()
        .measurements
        .iter()
        .map(|m| (m.on.to_string(), m.value, m.note.clone()))
        .collect()
}

/// Adds a measurement through the history's form: the date as typed (none: the day the form
/// offers, today), the value and the note.
fn add_measurement(app: &mut App, on: Option<&str>, value: &str, note: &str) {
    press(app, KeyCode::Char('a'));
    assert_eq!(form(app).title.split(" · ").next(), Some("New measurement"));
    if let Some(on) = on {
        to_field(app, "on");
        ctrl(app, 'u');
        typed(app, on);
    }
    to_field(app, "value");
    typed(app, value);
    to_field(app, "note");
    typed(app, note);
    press(app, KeyCode::Enter);
    assert_eq!(
        app.context(),
        Context::History,
        "the form closed on the history"
    );
}

#[test]
fn enter_on_a_kpi_opens_its_history_where_a_adds_a_measurement_and_u_takes_it_back() {
    let mut app = sample_app();
    let before = bytes(&app);
    let metric = history_of_first_kpi(&mut app);
    assert!(measurements(&app, metric).is_empty());
    // Read as a form reads a KPI's number: grouped thousands, a decimal comma.
    add_measurement(&mut app, None, "1.234,5", "after the launch");
    assert_eq!(
        measurements(&app, metric),
        [("2026-11-23".into(), 1234.5, "after the launch".into())]
    );
    assert_eq!(app.ws.metrics().get(metric).unwrap().actual, Some(1234.5));
    assert!(
        app.notice.as_deref().unwrap().starts_with("measure "),
        "{:?}",
        app.notice
    );
    // The same day again replaces it, and the status line says so.
    add_measurement(&mut app, Some("today"), "1300", "");
    assert_eq!(
        measurements(&app, metric),
        [("2026-11-23".into(), 1300.0, String::new())]
    );
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.starts_with("replace the measurement") && notice.ends_with("(it was 1234.5)"),
        "{notice}"
    );
    // An earlier one goes below it in the list (newest first) and leaves actual alone; the
    // new one is selected.
    add_measurement(&mut app, Some("2026-10-01"), "1100", "");
    assert_eq!(app.ws.metrics().get(metric).unwrap().actual, Some(1300.0));
    match app.overlays.last() {
        Some(Overlay::History(history)) => assert_eq!(history.selected, 1),
        other => panic!("{other:?}"),
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('u'));
    }
    assert_eq!(bytes(&app), before, "three undos take the three edits back");
    ctrl(&mut app, 'r');
    assert_eq!(measurements(&app, metric).len(), 1);
    // y copies the KPI, as on its row.
    let name = app.ws.metrics().get(metric).unwrap().name.clone();
    assert_eq!(copied(&mut app).0, format!("KPI \"{name}\""));
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.context(),
        Context::Metrics,
        "Esc goes back to the metrics"
    );
}

#[test]
fn in_a_kpis_history_e_moves_a_measurement_and_d_asks_before_deleting_it() {
    let mut app = sample_app();
    let metric = history_of_first_kpi(&mut app);
    add_measurement(&mut app, Some("2026-09-01"), "900", "");
    add_measurement(&mut app, Some("2026-10-01"), "1000", "");
    // The newest is selected; edit it onto another day.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(form(&app).text("value"), "1000");
    to_field(&mut app, "on");
    ctrl(&mut app, 'u');
    typed(&mut app, "2026-11-01");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        measurements(&app, metric)
            .iter()
            .map(|(on, value, _)| (on.as_str(), *value))
            .collect::<Vec<_>>(),
        [("2026-09-01", 900.0), ("2026-11-01", 1000.0)]
    );
    // Onto a day that has one is refused at the date, changing nothing.
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, "on");
    ctrl(&mut app, 'u');
    typed(&mut app, "2026-09-01");
    press(&mut app, KeyCode::Enter);
    let (_, error) = form(&app).error.clone().expect("the form says why");
    assert!(
        error.contains("already has a measurement on 2026-09-01"),
        "{error}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::History);
    // d asks, naming the day and the value; no changes nothing, yes deletes.
    let before = bytes(&app);
    press(&mut app, KeyCode::Char('d'));
    assert!(
        confirm(&app)
            .question
            .ends_with("on 2026-11-01 (value 1000)?"),
        "{}",
        confirm(&app).question
    );
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(bytes(&app), before);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(measurements(&app, metric).len(), 1);
    assert_eq!(app.ws.metrics().get(metric).unwrap().actual, Some(900.0));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), before);
}

#[test]
fn a_read_only_workspace_shows_a_kpis_history_and_refuses_to_change_it() {
    let mut ws = sample();
    let first = ws.metric_by_level(0).expect("a metric").id;
    let on = "2026-10-01".parse().unwrap();
    crate::model::edit::measure(
        &mut ws,
        first,
        None,
        crate::model::Measurement::new(on, 1.0, ""),
    )
    .unwrap();
    let before = storage::encode(&ws);
    let mut app = App::new(ws, "sample.json".into(), today(), Some("test".into()));
    history_of_first_kpi(&mut app);
    for key in ['a', 'e', 'd'] {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(app.context(), Context::History, "after {key}");
        assert_eq!(
            app.notice.as_deref(),
            Some("nothing changed: read-only (test)"),
            "after {key}"
        );
    }
    assert_eq!(bytes(&app), before);
}

// ---------------------------------------------------------------------------------------------
// A workspace's own fields in forms

/// The sample with a step field "Backstage" that Test-rides (the first journey's third step)
/// has a value of.
const SAMPLE_FIELDS: &str = include_str!("../../tests/golden/sample-fields.json");
const BACKSTAGE: &str = "9b1d5c0e-6f0a-4c39-9a43-5e2b7d8c1f01";

#[test]
fn the_step_form_edits_a_steps_own_field_with_the_rest_in_one_undoable_edit() {
    let ws = storage::decode(SAMPLE_FIELDS.as_bytes()).expect("the sample with fields is valid");
    let mut app = App::new(ws, "sample.json".into(), today(), None);
    let before = bytes(&app);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('e'));
    // The field comes after the built-in ones, under its name, holding the step's value.
    let last = form(&app).fields.last().expect("the form has fields");
    assert_eq!(last.name, format!("custom.{BACKSTAGE}"));
    assert_eq!(last.label, "Backstage");
    assert!(form(&app).text(&last.name).starts_with("Mechanic on call"));
    to_field(&mut app, "name");
    typed(&mut app, " (Sat)");
    to_field(&mut app, &format!("custom.{BACKSTAGE}"));
    ctrl(&mut app, 'u');
    typed(&mut app, "Two mechanics on Saturdays.");
    ctrl(&mut app, 's');
    assert!(app.overlays.is_empty(), "the form saved");
    let step = &app.selected_journey().unwrap().steps[2];
    assert_eq!(step.name, "Test-rides (Sat)");
    assert_eq!(
        step.custom.get(BACKSTAGE),
        Some("Two mechanics on Saturdays.")
    );
    // Emptied, the field's value goes from the file.
    press(&mut app, KeyCode::Char('e'));
    to_field(&mut app, &format!("custom.{BACKSTAGE}"));
    ctrl(&mut app, 'u');
    ctrl(&mut app, 's');
    assert!(app.selected_journey().unwrap().steps[2].custom.is_empty());
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(bytes(&app), before, "one undo per form takes it all back");
}

/// The owners are counted with the search's text, off the screen's thread (most of a second at
/// a million items): a filter picker opened before they are says so and offers no owner, counts
/// none itself, and when they come the row selected stays the one the user saw selected.
#[test]
fn a_picker_opened_before_the_owners_are_counted_says_so_and_fills_when_they_come() {
    use super::outcome::Choice;
    use crate::model::filter::Facet;
    let mut app = sample_app().with_search_text_coming();
    app.show(super::View::Calendar);
    app.act(super::Action::Filters);
    fn picker(app: &App) -> &super::overlays::Picker {
        match app.overlays.last() {
            Some(Overlay::Picker(picker)) => picker,
            _ => panic!("no picker on top"),
        }
    }
    let owner_rows = |app: &App| {
        picker(app)
            .finder
            .rows
            .iter()
            .filter(|row| matches!(row.choice, Choice::Facet(Facet::Owner(_))))
            .count()
    };
    let selected = |app: &App| {
        let finder = &picker(app).finder;
        finder.rows[finder.selected].choice.clone()
    };
    assert!(picker(&app).counting_owners());
    assert_eq!(owner_rows(&app), 0);
    assert!(
        !app.ws.owners_counted(),
        "the owners were counted on the screen's thread"
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| {
            crate::ui::render(&app, frame);
        })
        .expect("drawing");
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(screen.contains("counting owners…"), "{screen}");

    // Down past the statuses, to the first channel: the row after where the owners go.
    for _ in Status::ALL {
        press(&mut app, KeyCode::Down);
    }
    let before = selected(&app);
    assert!(
        matches!(before, Choice::Facet(Facet::Channel(_))),
        "{before:?}"
    );

    let prepared = app.ws.snapshot().prepare_search();
    app.ws.adopt_search(prepared);
    app.update(Msg::SearchText(true));
    assert!(!picker(&app).counting_owners());
    assert!(owner_rows(&app) > 0);
    assert_eq!(owner_rows(&app), app.ws.owners().names().count());
    assert_eq!(selected(&app), before, "Enter would pick another row");
}

/// In a workspace without personas the journeys pane lists every journey, in the workspace's
/// order, read by position from the table itself ([`super::ListedJourneys::All`]): its count,
/// its rows and the place of each journey are those of the whole list, and the keys reach the
/// last journey.
#[test]
fn without_personas_every_journey_is_listed_by_position() {
    let mut contents = sample().into_contents();
    contents.personas = crate::model::Table::new();
    let ws = Workspace::from_contents(contents);
    let whole: Vec<_> = ws.journeys().iter().map(|j| j.id).collect();
    assert!(whole.len() > 2, "the sample has journeys");
    let mut app = App::new(ws, "sample.json".into(), today(), None);
    let listed = app.listed_journeys();
    assert!(matches!(listed, super::ListedJourneys::All(_)));
    assert_eq!(listed.len(), whole.len());
    for (at, id) in whole.iter().enumerate() {
        assert_eq!(listed.get(at).map(|j| j.id), Some(*id), "row {at}");
        assert_eq!(listed.position(*id), Some(at), "place of row {at}");
    }
    assert!(listed.get(whole.len()).is_none());

    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Journeys);
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selected_journey().map(|j| j.id), whole.last().copied());
    press(&mut app, KeyCode::Up);
    assert_eq!(app.selection.journey, whole.len() - 2);
}
