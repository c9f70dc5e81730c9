//! Comments on screen: the `💬N` marker of entries with open comments, a card's comments and
//! the list of every open comment.

use std::time::{Duration, SystemTime};

use super::*;
use crate::model::edit;
use crate::model::search::Target;
use crate::model::{Comment, Id};

/// A comment of a fixed id, author and time, so the screens are the same on every run.
fn said(n: u128, author: &str, text: &str) -> Comment {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_947_300);
    Comment {
        id: Id::from_u128(n),
        ..Comment::new(author, at, text)
    }
}

/// The sample with open comments on the first persona, the first journey's first step (two),
/// its second step (resolved), an item and a KPI.
fn commented() -> Workspace {
    let mut ws = sample();
    let persona = ws.personas().at(0).unwrap().id;
    let journey = ws.journeys().at(0).unwrap().clone();
    let item = ws.items().at(0).unwrap().id;
    let metric = ws.metrics().at(0).unwrap().id;
    let (first, second) = (journey.steps[0].id, journey.steps[1].id);
    for (target, comment) in [
        (
            Target::Persona(persona),
            said(1, "ines", "Is she really 34?"),
        ),
        (
            Target::Step(first),
            said(
                2,
                "ines",
                "Which ads exactly? We stopped the radio spot in October.",
            ),
        ),
        (
            Target::Step(first),
            said(3, "lena", "Add the tram strike numbers"),
        ),
        (Target::Step(second), said(4, "ines", "Done")),
        (
            Target::Item(item),
            said(5, "marco", "Needs a subtitle file"),
        ),
        (
            Target::Metric(metric),
            said(6, "lena", "Source: web analytics, monthly"),
        ),
    ] {
        edit::add_comment(&mut ws, target, comment).unwrap();
    }
    edit::resolve_comment(&mut ws, Target::Step(second), Id::from_u128(4), true).unwrap();
    ws
}

#[test]
fn entries_with_open_comments_are_marked_on_the_main_screen_at_80x24() {
    let mut app = app_with(commented());
    let terminal = shown(&mut app, 80, 24);
    // The cell after a wide character reads as a space here.
    let screen = screen_text(terminal.backend().buffer());
    let persona = &app.ws.personas().at(0).unwrap().name;
    assert!(screen.contains(&format!("▶ 💬 1 {persona}")), "{screen}");
    assert!(screen.contains("▶1 💬 2 Notices the need"), "{screen}");
    // A resolved comment is no longer marked.
    assert!(screen.contains(" 2 Compares bikes "), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_steps_card_lists_its_comments_open_first() {
    let mut app = app_with(commented());
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Enter);
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Comments: ines, 2026-11-29: Which ads exactly?"),
        "{screen}"
    );
    assert!(
        screen.contains("lena, 2026-11-29: Add the tram strike numbers"),
        "{screen}"
    );
}

#[test]
fn the_open_comments_at_80x24_and_120x40() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app_with(commented());
        press(&mut app, KeyCode::Char('V'));
        press(&mut app, KeyCode::Down);
        let terminal = shown(&mut app, width, height);
        let screen = screen_text(terminal.backend().buffer());
        assert!(screen.contains("Open comments · 5"), "{screen}");
        assert!(!screen.contains("Done"), "{screen}");
        if width >= 120 {
            // The columns are as wide as their rows need: with room, nothing is cut.
            let list: Vec<&str> = screen.lines().skip(1).take(6).collect();
            assert!(list.iter().all(|line| !line.contains('…')), "{screen}");
            assert!(
                screen.contains("Notices the need (First commuter bike)"),
                "{screen}"
            );
        }
        insta::assert_snapshot!(
            format!("open_comments_{width}x{height}"),
            terminal.backend()
        );
    }
}

#[test]
fn in_the_open_comments_d_asks_no_changes_nothing_yes_deletes_and_undo_brings_it_back() {
    let mut app = app_with(commented());
    let open = |app: &App| crate::model::comments::open_comments(&app.ws).len();
    press(&mut app, KeyCode::Char('V'));
    press(&mut app, KeyCode::Char('d'));
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Delete ines's comment on persona"),
        "{screen}"
    );
    let revision = app.ws.revision();
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.ws.revision(), revision);
    assert_eq!(open(&app), 5);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(open(&app), 4);
    // `r` resolves the row now selected; `u` undoes each.
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(open(&app), 3);
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(open(&app), 5);
    let terminal = shown(&mut app, 80, 24);
    assert!(screen_text(terminal.backend().buffer()).contains("Open comments · 5"));
}

#[test]
fn search_finds_a_comments_text_marks_a_resolved_one_and_enter_goes_to_its_entry() {
    let mut ws = commented();
    let journey = ws.journeys().at(0).unwrap().clone();
    let item = Target::Item(ws.items().at(1).unwrap().id);
    edit::add_comment(&mut ws, item, said(7, "marco", "Kickstand ok")).unwrap();
    edit::resolve_comment(&mut ws, item, Id::from_u128(7), true).unwrap();
    let mut app = app_with(ws);
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "stopped the radio");
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    // The field's name, then the comment from a little before the words it was found by.
    let hit = screen
        .lines()
        .find(|line| line.contains("Notices the need  comment: …"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(hit.contains("stopped the radio"), "{hit}");

    // Out of the search, onto the second step, then back to the comment's hit.
    press(&mut app, KeyCode::Esc);
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Right);
    assert_ne!(app.selected_step(), Some(journey.steps[0].id));
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "stopped the radio");
    press(&mut app, KeyCode::Enter);
    assert!(app.view().is_none(), "the search closes");
    assert_eq!(app.selected_step(), Some(journey.steps[0].id));

    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "kickstand");
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("resolved comment: Kickstand ok"),
        "{screen}"
    );
}
