//! What a presentation shows: the title slide and a step's slide of the sample at 80×24 and
//! 120×40, the footer's keys from the keymap, and hostile text kept off the terminal.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::present::{Present, PresentMsg};
use crate::app::{Action, Context, Keymap};
use crate::model::{Date, Measurement, Workspace, edit};
use crate::storage::{self, location::SAMPLE};

/// The sample, with the first step's KPI measured over five months (for its trend).
fn sample() -> Workspace {
    let mut ws = storage::decode(SAMPLE.as_bytes()).expect("the sample is valid");
    let step = ws.journeys().at(0).unwrap().steps[0].id;
    let kpi = ws
        .metrics()
        .iter()
        .find(|m| m.step_id == Some(step))
        .expect("the sample measures its first step")
        .id;
    for (month, value) in [(7, 2.0), (8, 2.4), (9, 2.2), (10, 2.9), (11, 3.1)] {
        let on = Date::from_ymd(2026, month, 1).unwrap();
        edit::measure(&mut ws, kpi, None, Measurement::new(on, value, "")).unwrap();
    }
    ws
}

fn press(present: &mut Present, code: KeyCode) {
    present.update(PresentMsg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The presentation drawn once at a size, the frame handed back as the loop does.
fn shown(present: &mut Present, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(super::render(present, frame)))
        .unwrap();
    present.update(PresentMsg::Drawn(drawn.unwrap()));
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_title_slide_at_80x24() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    let terminal = shown(&mut present, 80, 24);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn the_title_slide_at_120x40() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    let terminal = shown(&mut present, 120, 40);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_step_slide_at_80x24() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    press(&mut present, KeyCode::Right);
    let terminal = shown(&mut present, 80, 24);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_step_slide_at_120x40() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    press(&mut present, KeyCode::Right);
    let terminal = shown(&mut present, 120, 40);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_step_slide_scrolled_to_its_end_shows_its_gaps_and_kpis_with_their_trend() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    press(&mut present, KeyCode::Right);
    shown(&mut present, 80, 24);
    for _ in 0..100 {
        press(&mut present, KeyCode::Down);
    }
    let screen = text(&shown(&mut present, 80, 24));
    assert!(present.scroll < 100, "kept inside the slide");
    assert!(screen.contains("✗ Promo video"), "{screen}");
    assert!(screen.contains("Search ad click-through rate"), "{screen}");
    assert!(screen.contains("▁▄▂▇█ ▲+0.2 2026-11-01"), "{screen}");
    assert!(!screen.contains("▼ more"), "at the end: {screen}");
}

#[test]
fn the_footer_names_the_keys_the_user_bound() {
    let mut keymap = Keymap::default();
    let n = crate::app::keymap::parse_key("n").unwrap();
    keymap.bind(
        crate::app::keymap::Layer::Present,
        n,
        Some(crate::app::Action::Right),
    );
    let mut present = Present::new(sample(), keymap, None);
    let screen = text(&shown(&mut present, 120, 40));
    assert!(screen.contains("n next"), "{screen}");
    present.update(PresentMsg::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::NONE,
    )));
    assert_eq!(present.place.step, Some(0));
}

#[test]
fn the_number_typed_and_a_long_notice_are_shown_in_full_at_80_columns() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    present.update(PresentMsg::Key(KeyEvent::new(
        KeyCode::Char('g'),
        KeyModifiers::NONE,
    )));
    present.update(PresentMsg::Key(KeyEvent::new(
        KeyCode::Char('4'),
        KeyModifiers::NONE,
    )));
    let screen = text(&shown(&mut present, 80, 24));
    assert!(
        screen.contains("go to step: 4▏ · Enter go · q cancel"),
        "{screen}"
    );
    let words = "the file changed on disk and cannot be read (line 1, column 3: key must be a string); still showing the last version read";
    present.update(PresentMsg::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    )));
    present.update(PresentMsg::Notice(words.into()));
    let screen = text(&shown(&mut present, 80, 24));
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(words), "{screen}");
}

#[test]
fn hostile_text_in_the_workspace_never_reaches_the_terminal() {
    let mut ws = sample();
    let mut step = ws.journeys().at(0).unwrap().steps[0].clone();
    step.name = "Evil\u{1b}]0;pwned\u{7}\u{202E}name".into();
    step.pain_points = "pain\u{9b}31m with \u{200B}invisibles".into();
    edit::update_step(&mut ws, step).unwrap();
    let mut present = Present::new(ws, Keymap::default(), None);
    for screen in [text(&shown(&mut present, 120, 40)), {
        press(&mut present, KeyCode::Right);
        text(&shown(&mut present, 120, 40))
    }] {
        assert!(
            !screen
                .chars()
                .any(|c| c != '\n' && crate::text::is_unsafe(c)),
            "{screen}"
        );
    }
}

#[test]
fn at_80x24_the_comment_key_is_in_the_footer_and_the_help_lists_every_key_of_the_keymap() {
    let mut present = Present::new(sample(), Keymap::default(), None);
    press(&mut present, KeyCode::Right);
    let screen = text(&shown(&mut present, 80, 24));
    let keymap = Keymap::default();
    let key = |action| keymap.key_for(Context::Present, action).unwrap();
    let footer = screen.lines().last().unwrap();
    for (action, words) in [
        (Action::Right, "next"),
        (Action::Quit, "leave"),
        (Action::Comment, "comment"),
        (Action::Help, "more keys"),
    ] {
        let hint = format!("{} {words}", key(action));
        assert!(footer.contains(&hint), "{hint:?} in {footer:?}");
    }

    press(&mut present, KeyCode::Char('?'));
    let screen = text(&shown(&mut present, 80, 24));
    assert!(screen.contains("Keys · Presentation"), "{screen}");
    for (keys, words) in keymap.help(Context::Present) {
        assert!(
            screen.contains(&keys),
            "{keys:?} ({words}) in the help:\n{screen}"
        );
    }
    assert!(screen.contains("comment on the step"), "{screen}");
}

#[test]
fn a_step_slide_shows_the_workspaces_own_step_fields_after_the_built_in_lanes() {
    let ws = storage::decode(include_bytes!("../../../tests/golden/sample-fields.json"))
        .expect("the sample with fields is valid");
    let mut present = Present::new(ws, Keymap::default(), None);
    // Test-rides, the third step, has a value of "Backstage"; the first has none.
    press(&mut present, KeyCode::Right);
    let screen = text(&shown(&mut present, 120, 40));
    let rows: Vec<&str> = screen.lines().collect();
    let notes = rows
        .iter()
        .position(|r| r.trim() == "Notes")
        .expect(&screen);
    let backstage = rows
        .iter()
        .position(|r| r.trim() == "Backstage")
        .expect(&screen);
    assert!(backstage > notes, "after the built-in lanes: {screen}");
    assert_eq!(rows[backstage + 1].trim(), "—", "{screen}");
    press(&mut present, KeyCode::Right);
    press(&mut present, KeyCode::Right);
    let screen = text(&shown(&mut present, 120, 40));
    assert!(screen.contains("Test-rides"), "{screen}");
    assert!(
        screen.contains(
            "  Mechanic on call to fit the frame; two demo bikes charged the night before."
        ),
        "{screen}"
    );
}
