//! The presentation's state: keys move through the slides, nothing else changes the workspace,
//! and a change on disk is shown on the same slide.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{Step, edit};
use crate::storage::{self, location::SAMPLE};

fn sample() -> Workspace {
    storage::decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn presented() -> Present {
    Present::new(sample(), Keymap::default(), None)
}

fn press(present: &mut Present, code: KeyCode) -> Vec<PresentEffect> {
    present.update(PresentMsg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(present: &mut Present, keys: &str) {
    for c in keys.chars() {
        press(present, KeyCode::Char(c));
    }
}

/// Where the presentation is: the journey's position and the step's.
fn at(present: &Present) -> (usize, Option<usize>) {
    (present.place.journey, present.place.step)
}

fn steps_of_first(present: &Present) -> usize {
    present.journey_at(0).unwrap().steps.len()
}

#[test]
fn it_opens_on_the_first_journeys_title_and_goes_step_by_step_into_the_next_journey() {
    let mut present = presented();
    assert_eq!(at(&present), (0, None));
    press(&mut present, KeyCode::Right);
    assert_eq!(at(&present), (0, Some(0)));
    typed(&mut present, " l");
    assert_eq!(at(&present), (0, Some(2)));
    for _ in 2..steps_of_first(&present) {
        press(&mut present, KeyCode::Right);
    }
    assert_eq!(
        at(&present),
        (1, None),
        "after the last step, the next title"
    );
    press(&mut present, KeyCode::Left);
    assert_eq!(at(&present), (0, Some(steps_of_first(&present) - 1)));
    typed(&mut present, "h");
    assert_eq!(at(&present), (0, Some(steps_of_first(&present) - 2)));
}

#[test]
fn the_ends_stay_where_they_are_and_say_so() {
    let mut present = presented();
    press(&mut present, KeyCode::Left);
    assert_eq!(at(&present), (0, None));
    assert_eq!(present.notice.as_deref(), Some("this is the first slide"));
    let journeys = present.journey_count();
    for _ in 0..200 {
        press(&mut present, KeyCode::Right);
    }
    let last = present.journey_at(journeys - 1).unwrap().steps.len() - 1;
    assert_eq!(at(&present), (journeys - 1, Some(last)));
    assert_eq!(present.notice.as_deref(), Some("that was the last slide"));
}

#[test]
fn g_and_a_number_go_to_that_step_and_zero_to_the_title() {
    let mut present = presented();
    typed(&mut present, "g");
    assert_eq!(present.go_to.as_deref(), Some(""));
    typed(&mut present, "4");
    assert_eq!(
        present.go_to.as_deref(),
        Some("4"),
        "what is typed is shown"
    );
    press(&mut present, KeyCode::Enter);
    assert_eq!(at(&present), (0, Some(3)));
    assert_eq!(present.go_to, None);

    typed(&mut present, "g0");
    press(&mut present, KeyCode::Enter);
    assert_eq!(at(&present), (0, None));

    typed(&mut present, "g99");
    press(&mut present, KeyCode::Enter);
    assert_eq!(at(&present), (0, None), "no such step: it stays");
    assert!(
        present
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("no step 99")),
        "{:?}",
        present.notice
    );

    typed(&mut present, "g3");
    press(&mut present, KeyCode::Backspace);
    typed(&mut present, "2");
    press(&mut present, KeyCode::Enter);
    assert_eq!(at(&present), (0, Some(1)), "Backspace takes a digit back");
}

#[test]
fn esc_or_q_cancels_a_number_and_only_then_leaves() {
    let mut present = presented();
    typed(&mut present, "g5");
    assert!(press(&mut present, KeyCode::Esc).is_empty());
    assert_eq!(present.go_to, None);
    assert_eq!(at(&present), (0, None));
    typed(&mut present, "g");
    assert!(press(&mut present, KeyCode::Char('q')).is_empty());
    assert!(matches!(
        press(&mut present, KeyCode::Char('q')).as_slice(),
        [PresentEffect::Quit]
    ));
    assert!(matches!(
        press(&mut present, KeyCode::Esc).as_slice(),
        [PresentEffect::Quit]
    ));
}

#[test]
fn editing_keys_do_nothing_here() {
    let mut present = presented();
    press(&mut present, KeyCode::Right);
    let before = storage::encode(&present.ws);
    let revision = present.ws.revision();
    for key in "daeEDAXuJKHL12345mM:/x?i".chars() {
        assert!(press(&mut present, KeyCode::Char(key)).is_empty(), "{key}");
    }
    for code in [
        KeyCode::Delete,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Enter,
    ] {
        assert!(press(&mut present, code).is_empty(), "{code:?}");
    }
    assert_eq!(at(&present), (0, Some(0)));
    assert_eq!(present.ws.revision(), revision);
    assert_eq!(storage::encode(&present.ws), before);
}

#[test]
fn the_last_key_goes_to_the_journeys_last_step() {
    let mut present = presented();
    typed(&mut present, "G");
    assert_eq!(at(&present), (0, Some(steps_of_first(&present) - 1)));
}

#[test]
fn scrolling_moves_by_a_line_or_a_page_and_a_new_slide_starts_at_its_top() {
    let mut present = presented();
    press(&mut present, KeyCode::Right);
    present.update(PresentMsg::Drawn(Drawn {
        scroll: 0,
        page: 10,
        ..Drawn::default()
    }));
    press(&mut present, KeyCode::Down);
    press(&mut present, KeyCode::PageDown);
    assert_eq!(present.scroll, 11);
    press(&mut present, KeyCode::Up);
    assert_eq!(present.scroll, 10);
    press(&mut present, KeyCode::Right);
    assert_eq!(present.scroll, 0);
}

/// The sample with a step put in before the first step of the first journey.
fn with_a_step_put_in_first(ws: &Workspace) -> Workspace {
    let mut theirs = storage::decode(&storage::encode(ws)).unwrap();
    let journey = theirs.journeys().at(0).unwrap().id;
    let step = Step {
        id: Id::new(),
        name: "Put in by a colleague".into(),
        ..Step::default()
    };
    edit::insert_step(&mut theirs, journey, 0, step).unwrap();
    theirs
}

#[test]
fn a_change_on_disk_is_shown_on_the_same_step_found_by_id() {
    let mut present = presented();
    typed(&mut present, "g3");
    press(&mut present, KeyCode::Enter);
    let step = present.journey().unwrap().steps[2].id;
    let theirs = with_a_step_put_in_first(&present.ws);
    let effects = present.update(PresentMsg::Reloaded(Box::new(theirs)));
    assert!(matches!(effects.as_slice(), [PresentEffect::Free(_)]));
    assert_eq!(at(&present), (0, Some(3)), "one further on, as the step is");
    assert_eq!(present.journey().unwrap().steps[3].id, step);
    assert!(present.notice.is_some());
}

#[test]
fn a_step_deleted_on_disk_leaves_the_slide_at_its_place() {
    let mut present = presented();
    typed(&mut present, "G");
    let last = steps_of_first(&present) - 1;
    let mut theirs = storage::decode(&storage::encode(&present.ws)).unwrap();
    let step = theirs.journeys().at(0).unwrap().steps[last].id;
    edit::delete_step(&mut theirs, step).unwrap();
    present.update(PresentMsg::Reloaded(Box::new(theirs)));
    assert_eq!(at(&present), (0, Some(last - 1)), "the new last step");
}

#[test]
fn one_journey_alone_is_presented_with_journey() {
    let ws = sample();
    let second = ws.journeys().at(1).unwrap().id;
    let mut present = Present::new(ws, Keymap::default(), Some(second));
    assert_eq!(present.journey_count(), 1);
    assert_eq!(present.journey().unwrap().id, second);
    for _ in 0..50 {
        press(&mut present, KeyCode::Right);
    }
    assert_eq!(present.journey().unwrap().id, second, "no other journey");
    // Deleted on disk: nothing left to present, and no panic.
    let mut theirs = storage::decode(&storage::encode(&present.ws)).unwrap();
    edit::delete_journey(&mut theirs, second).unwrap();
    present.update(PresentMsg::Reloaded(Box::new(theirs)));
    assert_eq!(present.journey_count(), 0);
    assert!(present.journey().is_none());
    press(&mut present, KeyCode::Right);
    press(&mut present, KeyCode::Left);
}

#[test]
fn the_comment_key_asks_before_a_comment_no_adds_nothing_and_yes_takes_a_line_for_the_shown_step() {
    let mut present = presented();
    press(&mut present, KeyCode::Right);
    let step = present.journey_at(0).unwrap().steps[0].id;
    let revision = present.ws.revision();
    assert!(press(&mut present, KeyCode::Char('R')).is_empty());
    assert_eq!(present.compose, Some(Compose::Asking(Target::Step(step))));
    assert!(press(&mut present, KeyCode::Char('n')).is_empty());
    assert_eq!(present.compose, None);
    assert_eq!(present.notice.as_deref(), Some("no comment added"));
    // `c` asks as `R` does (present mode has no calendar). Yes, then a line (keys that move or
    // leave elsewhere are text here), Enter sends it.
    press(&mut present, KeyCode::Char('c'));
    press(&mut present, KeyCode::Char('y'));
    typed(&mut present, "quit lag");
    press(&mut present, KeyCode::Backspace);
    let effects = press(&mut present, KeyCode::Enter);
    assert!(
        matches!(
            effects.as_slice(),
            [PresentEffect::Comment { on: Target::Step(on), text }] if *on == step && text == "quit la"
        ),
        "{effects:?}"
    );
    assert_eq!(present.compose, None);
    // The presentation itself changed nothing: the loop writes the comment.
    assert_eq!(present.ws.revision(), revision);
    assert_eq!(at(&present), (0, Some(0)));
    // On an overview the comment is the journey's; Esc cancels the typing.
    press(&mut present, KeyCode::Left);
    press(&mut present, KeyCode::Char('R'));
    let journey = present.journey_at(0).unwrap().id;
    assert_eq!(
        present.compose,
        Some(Compose::Asking(Target::Journey(journey)))
    );
    press(&mut present, KeyCode::Enter);
    typed(&mut present, "x");
    assert!(press(&mut present, KeyCode::Esc).is_empty());
    assert_eq!(present.compose, None);
}

#[test]
fn the_help_key_shows_the_keys_over_the_slide_which_stays_until_the_help_closes() {
    let mut present = presented();
    press(&mut present, KeyCode::Right);
    press(&mut present, KeyCode::Char('?'));
    assert!(present.help.is_some());
    // The slide's keys do nothing under the help: no step changes, no comment is asked.
    press(&mut present, KeyCode::Right);
    press(&mut present, KeyCode::Char('R'));
    assert!(press(&mut present, KeyCode::Char('x')).is_empty());
    assert_eq!(at(&present), (0, Some(0)));
    assert!(present.compose.is_none());
    // Its own close key closes it, and does not leave the presentation.
    assert!(press(&mut present, KeyCode::Char('q')).is_empty());
    assert!(present.help.is_none());
    press(&mut present, KeyCode::Right);
    assert_eq!(at(&present), (0, Some(1)));
}
