//! What the screen shows: snapshots of every view on the sample workspace, the selection's
//! styling, every terminal size, and hostile text that must never reach the terminal.
//!
//! The app is driven the way the terminal loop drives it: keys through `App::update`, a draw,
//! and the drawn layout fed back with `Msg::Drawn`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Effect, Msg, Overlay, Pane, ViewState};
use crate::model::{Date, Workspace};
use crate::storage::{self, location::SAMPLE};

fn date(text: &str) -> Date {
    text.parse().expect("a valid date")
}

fn today() -> Date {
    date("2026-11-23")
}

fn sample() -> Workspace {
    storage::decode(SAMPLE.as_bytes()).expect("the sample is valid")
}

fn app_with(workspace: Workspace) -> App {
    App::new(workspace, "sample.json".into(), today(), None)
}

fn sample_app() -> App {
    app_with(sample())
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("a test terminal")
}

/// Draws a frame as the loop does, and hands the layout back to the app.
fn draw(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    let mut layout = None;
    terminal
        .draw(|frame| layout = Some(super::render(app, frame)))
        .expect("drawing on a test backend");
    app.update(Msg::Drawn(layout.expect("render returns a layout")));
}

/// The app drawn once at a size, as after start-up.
fn shown(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = terminal(width, height);
    draw(app, &mut terminal);
    terminal
}

fn focus(app: &mut App, pane: Pane) {
    for _ in 0..4 {
        if app.focus == pane {
            return;
        }
        press(app, KeyCode::Tab);
    }
    assert_eq!(app.focus, pane);
}

/// The text of one row of a buffer.
fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

fn screen_text(buffer: &Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Snapshots: what users see

#[test]
fn main_screen_80x24() {
    let mut app = sample_app();
    let terminal = shown(&mut app, 80, 24);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn main_screen_160x48() {
    let mut app = sample_app();
    let terminal = shown(&mut app, 160, 48);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn help_overlay_in_the_board() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Char('?'));
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty(), "Esc closes the help");
}

#[test]
fn help_overlay_in_the_grid() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Char('?'));
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

/// The help over a view opened with `view_key`, drawn at a size.
fn help_over_view(view_key: char, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, width, height);
    press(&mut app, KeyCode::Char(view_key));
    press(&mut app, KeyCode::Char('?'));
    draw(&mut app, &mut terminal);
    assert!(matches!(app.overlays.last(), Some(Overlay::Help(_))));
    terminal
}

#[test]
fn help_in_the_fields_view_80x24() {
    insta::assert_snapshot!(help_over_view('F', 80, 24).backend());
}

#[test]
fn help_in_the_fields_view_120x40() {
    insta::assert_snapshot!(help_over_view('F', 120, 40).backend());
}

#[test]
fn help_in_the_calendar_80x24() {
    insta::assert_snapshot!(help_over_view('c', 80, 24).backend());
}

#[test]
fn help_in_the_calendar_120x40() {
    insta::assert_snapshot!(help_over_view('c', 120, 40).backend());
}

/// On a screen too small for all its keys the help pages: the page keys turn it, the page
/// drawn is kept among the pages (more presses stay on the last), and it closes from any page.
#[test]
fn the_help_turns_its_pages_with_the_page_keys_and_stays_on_its_last() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 60, 16);
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Char('?'));
    draw(&mut app, &mut terminal);
    let page = |app: &App| match app.overlays.last() {
        Some(Overlay::Help(help)) => help.page,
        other => panic!("the help is open, not {other:?}"),
    };
    assert_eq!(page(&app), 0);
    assert!(screen_text(terminal.backend().buffer()).contains("↓ more"));
    for _ in 0..9 {
        press(&mut app, KeyCode::PageDown);
        draw(&mut app, &mut terminal);
    }
    let last = page(&app);
    assert!(last > 0);
    let text = screen_text(terminal.backend().buffer());
    assert!(text.contains(&format!("page {0}/{0}", last + 1)), "{text}");
    assert!(!text.contains("↓ more"), "{text}");
    press(&mut app, KeyCode::Up);
    draw(&mut app, &mut terminal);
    assert_eq!(page(&app), last - 1, "one press back from the last page");
    press(&mut app, KeyCode::Esc);
    assert!(app.overlays.is_empty(), "Esc closes the help on any page");
}

#[test]
fn persona_form() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Student Sam");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "Rides to campus");
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn step_form() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Signs up");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn item_form() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Campus bike map");
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

/// Words in a date or an amount field show what they resolve to, beside them.
#[test]
fn item_form_shows_what_a_typed_date_and_amount_resolve_to() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Campus bike map");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "+2w");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "€ 1.249,90");
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn cell_items_overlay() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    // Email campaign × Buys: two items in progress, and a gap.
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    for _ in 0..3 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.overlays.last(),
        Some(Overlay::CellItems { .. })
    ));
    press(&mut app, KeyCode::Down);
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn delete_persona_confirmation() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('d'));
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn enlarge_the_terminal() {
    let mut app = sample_app();
    let terminal = shown(&mut app, 40, 10);
    insta::assert_snapshot!("enlarge_40x10", terminal.backend());
    let terminal = shown(&mut app, super::MIN_WIDTH - 1, super::MIN_HEIGHT);
    insta::assert_snapshot!("enlarge_59x16", terminal.backend());
    // One size up, the main screen.
    let terminal = shown(&mut app, super::MIN_WIDTH, super::MIN_HEIGHT);
    assert!(!screen_text(terminal.backend().buffer()).contains("Enlarge"));
}

// ---------------------------------------------------------------------------------------------
// Styling

/// The cells of `area` (inside its border) whose style has a modifier.
fn modified_cells(buffer: &Buffer, area: Rect, modifier: Modifier) -> Vec<(u16, u16)> {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    inner
        .positions()
        .filter(|p| buffer[(p.x, p.y)].modifier.contains(modifier))
        .map(|p| (p.x, p.y))
        .collect()
}

/// The text of a run of cells on one row, checking that they are one contiguous run.
fn run_text(buffer: &Buffer, cells: &[(u16, u16)]) -> String {
    assert!(!cells.is_empty());
    let y = cells[0].1;
    assert!(cells.iter().all(|(_, cy)| *cy == y), "one row: {cells:?}");
    let xs: Vec<u16> = cells.iter().map(|(x, _)| *x).collect();
    assert!(
        xs.windows(2).all(|w| w[1] == w[0] + 1),
        "contiguous: {xs:?}"
    );
    cells
        .iter()
        .map(|(x, y)| buffer[(*x, *y)].symbol())
        .collect()
}

#[test]
fn the_selected_grid_cell_is_reversed_only_when_the_grid_has_focus() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 100, 30);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    draw(&mut app, &mut terminal);
    let grid = app.layout.grid;
    let step = app.selected_step().expect("a step is selected");
    let content_type = app.selected_content_type().expect("a type is selected");
    let (expected, _) = super::grid::cell_text(&app.ws.cell(step, content_type));

    let buffer = terminal.backend().buffer().clone();
    let reversed = modified_cells(&buffer, grid, Modifier::REVERSED);
    // The whole cell is reversed, with its text cut to the column as drawn.
    let width = reversed.len();
    assert_eq!(
        run_text(&buffer, &reversed),
        super::pad(&super::grid::squeeze(&expected, width), width)
    );
    // On the row of the selected type, marked with ▶.
    let y = reversed[0].1;
    assert_eq!(buffer[(grid.x + 1, y)].symbol(), "▶");
    // In the column of the selected step: the header above names it.
    let step_name = app.ws.step(step).expect("the step exists").name.clone();
    let header: String = reversed
        .iter()
        .map(|(x, _)| buffer[(*x, grid.y + 1)].symbol())
        .collect();
    assert!(
        step_name.starts_with(header.trim_end_matches([' ', '…'])),
        "{header:?} heads {step_name:?}"
    );

    // Focus elsewhere: the same cell is underlined, not reversed.
    focus(&mut app, Pane::Personas);
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    assert!(modified_cells(buffer, grid, Modifier::REVERSED).is_empty());
    let underlined = modified_cells(buffer, grid, Modifier::UNDERLINED);
    // The header underlines the selected step's name too; the cell is on the selected row.
    let on_row: Vec<_> = underlined.into_iter().filter(|(_, cy)| *cy == y).collect();
    assert_eq!(on_row, reversed);
    // The persona list now has the reversed selection.
    assert!(!modified_cells(buffer, app.layout.personas, Modifier::REVERSED).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Every size

#[test]
fn every_size_from_1x1_to_120x40_draws_without_panic() {
    let mut app = sample_app();
    let mut terminal = terminal(1, 1);
    focus(&mut app, Pane::Grid);
    for overlay in [false, true] {
        if overlay {
            // The item form over the cell's items: three layers.
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('a'));
            assert_eq!(app.overlays.len(), 2);
        }
        for width in 1..=120 {
            for height in 1..=40 {
                terminal.backend_mut().resize(width, height);
                draw(&mut app, &mut terminal);
            }
        }
    }
}

#[test]
fn every_overlay_draws_at_small_sizes() {
    // Each overlay alone, at the edge sizes where popups are squeezed hardest.
    type Open = fn(&mut App);
    let opens: [(&str, Open); 11] = [
        ("help", |app| press(app, KeyCode::Char('?'))),
        ("persona form", |app| press(app, KeyCode::Char('a'))),
        ("confirm", |app| press(app, KeyCode::Char('d'))),
        ("cell items", |app| {
            focus(app, Pane::Grid);
            press(app, KeyCode::Enter);
        }),
        ("step form", |app| {
            focus(app, Pane::Board);
            press(app, KeyCode::Char('e'));
        }),
        ("gap list", |app| press(app, KeyCode::Char('x'))),
        ("inventory", |app| press(app, KeyCode::Char('i'))),
        ("inventory's filters", |app| typed(app, "if")),
        ("calendar", |app| press(app, KeyCode::Char('c'))),
        ("search", |app| typed(app, "/bike")),
        ("discard question", |app| {
            press(app, KeyCode::Char('a'));
            typed(app, "x");
            press(app, KeyCode::Esc);
        }),
    ];
    for (what, open) in opens {
        let mut app = sample_app();
        open(&mut app);
        assert!(!app.overlays.is_empty(), "{what} opened");
        let mut terminal = terminal(1, 1);
        for width in (super::MIN_WIDTH..=super::MIN_WIDTH + 6).chain([80, 81, 120, 200]) {
            for height in (super::MIN_HEIGHT..=super::MIN_HEIGHT + 4).chain([24, 25, 60]) {
                terminal.backend_mut().resize(width, height);
                draw(&mut app, &mut terminal);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// Characters that must never reach a terminal from workspace text.
const HOSTILE: [char; 6] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{0}'];

/// Text that tries everything: a title change, a colour, a bell, a C1 CSI, bidi overrides.
fn hostile(original: &str) -> String {
    format!("\u{1b}]0;PWNED\u{7}\u{1b}[31m{original}\u{9b}2J\u{202e}evil\u{2066}x\u{7}\n\u{1b}[0m")
}

/// Every free-text string of the sample (not ids, enums, dates or the format tag) made hostile.
fn hostile_workspace() -> Workspace {
    fn walk(value: &mut serde_json::Value, key: &str) {
        const TEXT: &[&str] = &[
            "name",
            "title",
            "notes",
            "summary",
            "characteristics",
            "needs",
            "preferences",
            "challenges",
            "values",
            "tags",
            "current_state",
            "desired_state",
            "actions",
            "touchpoints",
            "pain_points",
            "opportunities",
            "owner",
            "url",
            "unit",
        ];
        match value {
            serde_json::Value::String(text) if TEXT.contains(&key) => *text = hostile(text),
            serde_json::Value::Array(values) => {
                for v in values {
                    walk(v, key);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    walk(v, k);
                }
            }
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    walk(&mut value, "");
    let bytes = serde_json::to_vec(&value).expect("JSON");
    let workspace = storage::decode(&bytes).expect("hostile text is still a valid workspace");
    assert!(workspace.personas().at(0).unwrap().name.contains('\u{1b}'));
    assert!(workspace.items().at(0).unwrap().owner.contains('\u{9b}'));
    workspace
}

fn assert_clean(buffer: &Buffer, view: &str) {
    for position in buffer.area.positions() {
        let symbol = buffer[(position.x, position.y)].symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| HOSTILE.contains(&c) || c.is_control()),
            "{view}: {symbol:?} at {position:?}\n{}",
            screen_text(buffer)
        );
    }
}

#[test]
fn hostile_text_never_reaches_a_buffer_cell() {
    let mut app = app_with(hostile_workspace());
    let mut terminal = terminal(120, 40);
    draw(&mut app, &mut terminal);
    assert_clean(terminal.backend().buffer(), "main screen");
    // The escapes are shown as visible text instead.
    assert!(screen_text(terminal.backend().buffer()).contains("\\u{1b}]0;PWNED"));

    let c = KeyCode::Char;
    let views: &[(&str, &[KeyCode])] = &[
        ("persona form", &[KeyCode::Char('e')]),
        ("persona deletion", &[KeyCode::Char('d')]),
        ("journey form", &[KeyCode::Tab, KeyCode::Enter]),
        ("journey deletion", &[KeyCode::Tab, KeyCode::Char('d')]),
        ("step form", &[KeyCode::Tab, KeyCode::Tab, KeyCode::Enter]),
        ("content type form", &[KeyCode::BackTab, KeyCode::Char('E')]),
        ("cell items", &[KeyCode::BackTab, KeyCode::Enter]),
        (
            "item form",
            &[KeyCode::BackTab, KeyCode::Enter, KeyCode::Enter],
        ),
        (
            "item deletion",
            &[KeyCode::BackTab, KeyCode::Enter, KeyCode::Char('d')],
        ),
        // The full-screen views show the same text in lists and tables.
        ("gap list", &[c('x')]),
        ("calendar", &[c('c')]),
        ("metrics", &[c('M')]),
        ("channels", &[c('$')]),
        ("objectives", &[c('o')]),
        ("search", &[c('/'), c('P'), c('W'), c('N'), c('E'), c('D')]),
        (
            "search hits in steps",
            &[c('/'), c('e'), c('v'), c('i'), c('l')],
        ),
        ("palette", &[c(':')]),
    ];
    for (view, keys) in views {
        let mut app = app_with(hostile_workspace());
        for code in keys.iter() {
            press(&mut app, *code);
        }
        assert!(!app.overlays.is_empty(), "{view} is open");
        for (width, height) in [(120, 40), (80, 24)] {
            terminal.backend_mut().resize(width, height);
            draw(&mut app, &mut terminal);
            assert_clean(terminal.backend().buffer(), view);
        }
        // Every field of a form, focused in turn (the focused one is drawn by the editor).
        if matches!(app.overlays.last(), Some(Overlay::Form(_))) {
            for _ in 0..12 {
                press(&mut app, KeyCode::Tab);
                draw(&mut app, &mut terminal);
                assert_clean(terminal.backend().buffer(), view);
            }
        }
        // Help over it, and every pane focused beneath.
        press(&mut app, KeyCode::F(1));
        draw(&mut app, &mut terminal);
        assert_clean(terminal.backend().buffer(), view);
    }
    // The selection on every persona and every journey of the first, the notices after edits.
    let mut app = app_with(hostile_workspace());
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
        draw(&mut app, &mut terminal);
        assert_clean(terminal.backend().buffer(), "persona list");
    }
    focus(&mut app, Pane::Board);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('u'));
    draw(&mut app, &mut terminal);
    assert_clean(terminal.backend().buffer(), "undo notice");
    assert!(app.notice.is_some());
}

// ---------------------------------------------------------------------------------------------
// Snapshots of the strategy views (issue 4) and the merge conflicts (issue 6), at 100×30

/// The sample at 100×30 with `keys` pressed after the first draw, drawn again.
fn view_after(app: &mut App, keys: &[KeyCode]) -> Terminal<TestBackend> {
    let mut terminal = shown(app, 100, 30);
    for code in keys {
        press(app, *code);
    }
    draw(app, &mut terminal);
    terminal
}

#[test]
fn gap_list() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('x')]);
    assert_eq!(app.context(), crate::app::Context::Gaps);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains(&format!("Gaps · {0} of {0}", app.ws.gap_count())),
        "{screen}"
    );
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn gap_list_filtered_by_persona() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('x'), KeyCode::Char('p')]);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("persona Commuter Clara"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

/// The calendar's agenda: `c`, then the mode key twice (month grid → week → agenda).
const AGENDA: [KeyCode; 3] = [KeyCode::Char('c'), KeyCode::Char('w'), KeyCode::Char('w')];

#[test]
fn calendar_this_month_and_the_next() {
    let mut app = sample_app();
    let mut terminal = view_after(&mut app, &AGENDA);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Calendar · November 2026"), "{screen}");
    insta::assert_snapshot!("calendar_november_2026", terminal.backend());

    press(&mut app, KeyCode::PageDown);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Calendar · December 2026"), "{screen}");
    insta::assert_snapshot!("calendar_december_2026", terminal.backend());
}

/// Where `text` is first drawn: its column and row.
fn position_of(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    (0..buffer.area.height).find_map(|y| {
        let row = row_text(buffer, y);
        let at = row.find(text)?;
        Some((row[..at].chars().count() as u16, y))
    })
}

#[test]
fn calendar_month_grid_at_80x24_120x40_and_200x60() {
    let winter = "Winter-check posts (lights, brakes, tyres)";
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        // The 24th, which has the winter-check posts.
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Right);
        draw(&mut app, &mut terminal);
        let buffer = terminal.backend().buffer();
        let screen = screen_text(buffer);
        assert!(
            screen.contains("Calendar · November 2026 · month"),
            "{screen}"
        );
        assert!(screen.contains("Mo Tu We Th Fr Sa Su"), "{screen}");
        // The selected day's items in full, the one the keys act on marked.
        let listed = if width >= 120 {
            winter
        } else {
            "Winter-check posts"
        };
        assert!(
            screen.contains(&format!("▶ ○ » this week {listed}")),
            "{screen}"
        );
        assert!(screen.contains("Tue 24 Nov 2026 · 1 item"), "{screen}");
        // In its cell, its title as far as the cell allows: whole from 120 columns on.
        let in_cell = if width >= 120 {
            "posts (lights,"
        } else {
            "○ Winter…"
        };
        assert!(screen.contains(in_cell), "{width}×{height}:\n{screen}");
        insta::assert_snapshot!(
            format!("calendar_month_grid_{width}x{height}"),
            terminal.backend()
        );

        // Without colour the selected day reads by its attributes: reversed; today (the
        // 23rd) bold and underlined.
        let (x, y) = position_of(buffer, "│24 ").expect("the 24th in the grid");
        let selected = buffer[(x + 1, y)].modifier;
        assert!(selected.contains(Modifier::REVERSED), "{selected:?}");
        let (x, y) = position_of(buffer, "│23 ").expect("the 23rd in the grid");
        let today = buffer[(x + 1, y)].modifier;
        assert!(
            today.contains(Modifier::UNDERLINED | Modifier::BOLD)
                && !today.contains(Modifier::REVERSED),
            "{today:?}"
        );
    }
}

#[test]
fn a_filtered_calendar_says_which_filters_are_on_and_keeps_its_grid_at_80x24() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    // The second filter, "status: in progress", on the 24th (whose item is to create).
    for key in [
        KeyCode::Char('c'),
        KeyCode::Char('f'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Right,
    ] {
        press(&mut app, key);
    }
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains(" filters: [status: in progress]"),
        "{screen}"
    );
    assert!(
        screen.contains("Tue 24 Nov 2026 · nothing the filters keep"),
        "{screen}"
    );
    assert!(!screen.contains("Winter"), "{screen}");
    // Still a line for a title under each day's number.
    assert!(screen.contains("◐ Real-w"), "{screen}");
}

#[test]
fn calendar_week_view() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 120, 40);
    for key in [KeyCode::Char('c'), KeyCode::Right, KeyCode::Char('w')] {
        press(&mut app, key);
    }
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Calendar · November 2026 · week of Mon 23 Nov to Sun 29 Nov"),
        "{screen}"
    );
    for day in ["Mon 23 Nov", "Tue 24 Nov", "Sun 29 Nov"] {
        assert!(screen.contains(day), "{screen}");
    }
    assert!(
        screen.contains("▶ Tue 24 Nov ○ » this week Winter-check posts (lights, brakes, tyres)"),
        "{screen}"
    );
    insta::assert_snapshot!("calendar_week_120x40", terminal.backend());

    // At 80×24 the columns are narrow: days as `Tu 24`, a title a line, the item in full below.
    terminal.backend_mut().resize(80, 24);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("│ Tu 24 "), "{screen}");
    assert!(screen.contains("▶ Winter…"), "{screen}");
    assert!(
        screen.contains("▶ Tue 24 Nov ○ » this week Winter-check posts"),
        "{screen}"
    );
    insta::assert_snapshot!("calendar_week_80x24", terminal.backend());
}

/// The status line: the last row of the screen.
fn status_row(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    row_text(buffer, buffer.area.height - 1)
}

#[test]
fn on_29_november_the_calendar_and_the_status_line_agree_on_what_is_due() {
    // Seven items of the sample are dated 12–28 November and not available yet.
    let mut app = App::new(sample(), "sample.json".into(), date("2026-11-29"), None);
    let terminal = view_after(&mut app, &AGENDA);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("Overdue (7) · all below, in November"),
        "{screen}"
    );
    assert!(screen.contains("November 2026 (7)"), "{screen}");
    assert_eq!(screen.matches("! overdue").count(), 7, "{screen}");
    let status = status_row(&terminal);
    assert!(status.contains(" · 7 overdue"), "{status}");
    assert!(!status.contains("due this month"), "{status}");
}

#[test]
fn a_session_left_open_overnight_counts_what_is_overdue_next_morning() {
    let mut app = App::new(sample(), "sample.json".into(), date("2026-11-28"), None);
    let mut terminal = view_after(&mut app, &AGENDA);
    assert!(status_row(&terminal).contains(" · 6 overdue"));
    assert!(screen_text(terminal.backend().buffer()).contains("Overdue (6)"));
    // The loop wakes after midnight and tells the app the date.
    app.update(Msg::Today(date("2026-11-29")));
    draw(&mut app, &mut terminal);
    assert!(status_row(&terminal).contains(" · 7 overdue"));
    assert!(screen_text(terminal.backend().buffer()).contains("Overdue (7)"));
    // With nothing overdue, the line gives what is due this month.
    let mut app = App::new(sample(), "sample.json".into(), date("2026-11-01"), None);
    let terminal = shown(&mut app, 100, 30);
    assert!(
        status_row(&terminal).contains(" · 7 due this month"),
        "{}",
        status_row(&terminal)
    );
}

#[test]
fn metrics_view() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('M')]);
    insta::assert_snapshot!(terminal.backend());
}

/// The row of the metric named `name`, as drawn.
fn metric_row(app: &mut App, name: &str) -> String {
    let terminal = view_after(app, &[KeyCode::Char('M')]);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .find(|row| row.contains(name))
        .unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn a_cost_kpi_above_its_target_is_drawn_as_missed_and_below_it_as_met() {
    let mut app = sample_app();
    // Blended acquisition cost: target 55, actual 68, lower is better.
    let row = metric_row(&mut app, "Blended acquisition");
    assert!(row.contains("≤55") && row.contains("68"), "{row}");
    assert!(row.contains("░ 24% short"), "{row}");
    assert!(!row.contains("124%") && !row.contains("met"), "{row}");

    let mut cost = app
        .ws
        .metrics()
        .iter()
        .find(|m| m.name.starts_with("Blended acquisition"))
        .unwrap()
        .clone();
    cost.actual = Some(40.0);
    crate::model::edit::update(&mut app.ws, cost).unwrap();
    let mut app = app_with(app.ws.clone());
    let row = metric_row(&mut app, "Blended acquisition");
    // Met: a full bar.
    assert!(row.contains("█ met") && !row.contains('░'), "{row}");
}

#[test]
fn channels_and_budget_view() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('$')]);
    let buffer = terminal.backend().buffer();
    // The sample over-spends one channel: local radio (4,500 budget, 5,100 of items).
    let over: Vec<String> = (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .filter(|row| row.contains("✗ OVER"))
        .collect();
    assert_eq!(over.len(), 1, "{}", screen_text(buffer));
    assert!(over[0].contains("Local radio (City FM)"), "{over:?}");
    // Overspent, with a true minus sign as every amount below zero has (`model::format`).
    assert!(over[0].contains("−600.00"), "{over:?}");
    assert!(screen_text(buffer).contains("Channels & budget (EUR) · 9 channels · 1 over budget"));
    insta::assert_snapshot!(terminal.backend());
}

/// The figures of a channels-view row: the amounts after its name.
fn amounts(row: &str, name: &str) -> Vec<String> {
    let after = &row[row.find(name).unwrap_or_else(|| panic!("{name} in {row}")) + name.len()..];
    after
        .split_whitespace()
        .filter(|word| word.starts_with(|c: char| c.is_ascii_digit() || c == '−' || c == '—'))
        .map(String::from)
        .collect()
}

#[test]
fn the_budget_splits_planned_from_spent_and_its_total_adds_up_at_80_columns() {
    let mut app = sample_app();
    let mut terminal = terminal(80, 24);
    draw(&mut app, &mut terminal);
    press(&mut app, KeyCode::Char('$'));
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .collect();
    let row = |name: &str| {
        rows.iter()
            .find(|row| row.contains(name))
            .unwrap_or_else(|| panic!("no row {name}:\n{}", rows.join("\n")))
            .clone()
    };
    let header = row("MEDIA");
    for column in ["BUDGET", "PLANNED", "SPENT", "LEFT"] {
        assert!(header.contains(column), "{header}");
    }
    // Search ads: 3,000 of items still to make are planned, not spent.
    assert_eq!(
        amounts(&row("Google Search ads"), "Google Search ads"),
        ["9,600.00", "3,000.00", "4,200.00", "2,400.00"]
    );
    // A 250.00 item without a channel has its own row, so the total is every item's cost.
    assert_eq!(
        amounts(&row("(no channel)"), "(no channel)"),
        ["—", "0.00", "250.00", "—"]
    );
    let total = amounts(&row("Total"), "Total");
    let costs: f64 = app.ws.items().iter().map(|item| item.cost).sum();
    assert_eq!(costs, 20_060.0);
    assert_eq!(total, ["28,100.00", "11,440.00", "8,620.00", "8,040.00"]);
    // Nothing of the view is cut at 80 columns (the status line below gives the workspace's
    // name the room its counts leave, cut).
    for row in &rows[..rows.len() - 1] {
        assert!(!row.contains('…'), "{row}");
    }
}

#[test]
fn objectives_view() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('o')]);
    insta::assert_snapshot!(terminal.backend());
}

/// An objective served by more journeys than its row can name lists those that fit, cut as any
/// cell too long for its column is.
#[test]
fn an_objective_with_many_journeys_names_those_that_fit() {
    use crate::model::{Id, edit};
    let mut ws = sample();
    let objective = ws.objectives().at(0).expect("the sample has objectives").id;
    let mut model = ws.journeys().at(0).expect("a journey").clone();
    model.objective_id = Some(objective);
    model.steps.clear();
    model.mappings.clear();
    for n in 0..60u128 {
        let mut journey = model.clone();
        journey.id = Id::from_u128(0x0b1e_c000 + n);
        journey.name = format!("Served {n:02}");
        edit::add(&mut ws, journey).expect("a valid journey");
    }
    let mut app = app_with(ws);
    let terminal = view_after(&mut app, &[KeyCode::Char('o')]);
    let screen = screen_text(terminal.backend().buffer());
    let row = screen
        .lines()
        .find(|line| line.contains("First commuter bike (5 gaps), Served 00 (0 gap"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.trim_end_matches([' ', '│']).ends_with('…'), "{row}");
    assert!(!row.contains("Served 59"), "{row}");
}

#[test]
fn search_view() {
    let mut app = sample_app();
    let mut keys = vec![KeyCode::Char('/')];
    keys.extend("jargon".chars().map(KeyCode::Char));
    let terminal = view_after(&mut app, &keys);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("/ jargon"), "{screen}");
    assert!(screen.contains("Compares bikes"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_search_hit_deep_in_a_long_text_shows_the_word_it_was_found_by_at_80x24() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('/'));
    // Deep in Commuter Clara's challenges, past what an 80-column row holds.
    typed(&mut app, "theft");
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    let hits: Vec<&str> = screen.lines().filter(|l| l.contains(": ")).collect();
    assert!(!hits.is_empty(), "{screen}");
    for hit in hits {
        assert!(hit.to_lowercase().contains("theft"), "{hit}\n{screen}");
    }
    assert!(
        screen.contains("challenges: …"),
        "the start left out: {screen}"
    );
}

#[test]
fn fitting_keeps_the_found_word_in_sight_and_leaves_a_short_text_whole() {
    use super::fit_keeping;
    let text = "Confused by gears, frame sizes and jargon. Worried about theft and rain.";
    assert_eq!(
        fit_keeping(text, 30, "THEFT"),
        "…Worried about theft and rain."
    );
    let longer = format!("{text} Wants to arrive at work without sweating.");
    assert_eq!(
        fit_keeping(&longer, 30, "theft"),
        "…about theft and rain. Wants …"
    );
    assert_eq!(
        fit_keeping(text, 30, "gears"),
        "Confused by gears, frame size…"
    );
    assert_eq!(fit_keeping(text, 80, "theft"), text);
    assert_eq!(
        fit_keeping(text, 30, "straße"),
        "Confused by gears, frame size…"
    );
}

#[test]
fn command_palette_view() {
    let mut app = sample_app();
    let terminal = view_after(
        &mut app,
        &[
            KeyCode::Char(':'),
            KeyCode::Char('c'),
            KeyCode::Char('a'),
            KeyCode::Char('l'),
        ],
    );
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("content & service calendar"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

/// The sample merged from two sides that changed the same two fields differently: the first
/// persona's name and the first step's emotion.
fn conflicted_workspace() -> Workspace {
    let side = |persona: &str, emotion: u8| {
        let mut value: serde_json::Value = serde_json::from_str(SAMPLE).expect("JSON");
        value["personas"][0]["name"] = persona.into();
        value["journeys"][0]["steps"][0]["emotion"] = emotion.into();
        let bytes = serde_json::to_vec(&value).expect("JSON");
        storage::decode(&bytes).expect("an edited sample is valid")
    };
    let base = sample();
    let ours = side("Commuter Clara K.", 1);
    let theirs = side("Clara the commuter", 5);
    let merged = crate::model::merge::merge(Some(&base), &ours, &theirs).expect("the sides merge");
    assert_eq!(merged.conflicts.len(), 2, "{:#?}", merged.conflicts);
    merged.workspace
}

#[test]
fn merge_conflicts_view() {
    let mut app = app_with(conflicted_workspace());
    let terminal = view_after(&mut app, &[KeyCode::Char('!')]);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Merge conflicts · 2 to settle"), "{screen}");
    for value in ["Commuter Clara K.", "Clara the commuter"] {
        assert!(screen.contains(value), "{value} is shown:\n{screen}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn board_with_the_emotion_curve_160x48() {
    // Retired Margit's journey, focused: emotions 3 2 4 5 2 3 5.
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 160, 48);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    focus(&mut app, Pane::Board);
    draw(&mut app, &mut terminal);
    let board = app.layout.board;
    let buffer = terminal.backend().buffer();
    // Five rows between ☺ and ☹, each level a row.
    let rows: Vec<String> = (board.y + 1..board.y + board.height - 1)
        .map(|y| row_text(buffer, y))
        .collect();
    let top = rows
        .iter()
        .position(|r| r.contains('☺'))
        .expect("the lane's top");
    let bottom = rows
        .iter()
        .position(|r| r.contains('☹'))
        .expect("the lane's bottom");
    assert_eq!(bottom - top, 4, "a five-row lane:\n{}", rows.join("\n"));
    insta::assert_snapshot!(terminal.backend());
}

// ---------------------------------------------------------------------------------------------
// The item form's step picker

#[test]
fn the_step_picker_always_shows_the_focused_step_and_what_is_ticked() {
    for (width, height) in [(60, 16), (60, 24), (80, 24), (120, 40)] {
        let mut app = sample_app();
        // Retired Margit's journey has seven steps; a new item in the cell of its fourth.
        app.selection.persona = 2;
        app.selection.step = 3;
        let journey = app.selected_journey().unwrap();
        let steps: Vec<String> = journey.steps.iter().map(|s| s.name.clone()).collect();
        assert_eq!(steps.len(), 7);
        let mut terminal = shown(&mut app, width, height);
        focus(&mut app, Pane::Grid);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('a'));
        typed(&mut app, "Map");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        for at in 0..steps.len() {
            draw(&mut app, &mut terminal);
            let screen = screen_text(terminal.backend().buffer());
            let focused = format!("▶ [{}] {}", if at == 3 { 'x' } else { ' ' }, steps[at]);
            assert!(
                screen.contains(&focused),
                "{width}×{height}: step {at} is focused but not shown:\n{screen}"
            );
            // Named in full where the line has room, counted always.
            let said = if width >= 80 {
                format!("1 of 7 ticked: {}", steps[3])
            } else {
                "1 of 7 ticked: ".to_string()
            };
            assert!(
                screen.contains(&said),
                "{width}×{height}: the cell's own step is not said to be ticked:\n{screen}"
            );
            press(
                &mut app,
                if at % 2 == 0 {
                    KeyCode::Right
                } else {
                    KeyCode::Down
                },
            );
        }
        // Space ticks the step the user sees, the last one.
        press(&mut app, KeyCode::Char(' '));
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        assert!(screen.contains(&format!("▶ [x] {}", steps[6])), "{screen}");
        assert!(
            screen.contains("2 of 7 ticked: "),
            "{width}×{height}:\n{screen}"
        );
    }
}

#[test]
fn a_wide_character_under_a_popups_edge_leaves_its_border_whole() {
    let mut workspace = sample();
    let mut journey = workspace.journeys().at(0).unwrap().clone();
    // Drawn from column 3 in the journey list, its third character spans columns 7 and 8,
    // and column 8 is the left border of the question asked at 80×24.
    journey.name = "東京東京東京東京東京".into();
    crate::model::edit::update(&mut workspace, journey).unwrap();
    let mut app = app_with(workspace);
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('d'));
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    let screen = screen_text(buffer);
    let top = (0..24)
        .find(|y| buffer[(8, *y)].symbol() == "┌")
        .unwrap_or_else(|| panic!("no popup at column 8:\n{screen}"));
    let bottom = (top..24)
        .find(|y| buffer[(8, *y)].symbol() == "└")
        .unwrap_or_else(|| panic!("the popup has no bottom:\n{screen}"));
    for y in top + 1..bottom {
        assert_eq!(
            buffer[(8, y)].symbol(),
            "│",
            "row {y} lost the popup's border:\n{screen}"
        );
    }
    assert!(
        (top..bottom).any(|y| row_text(buffer, y).contains('東')),
        "the wide name is beside the popup:\n{screen}"
    );
}

// ---------------------------------------------------------------------------------------------
// The board and the content map show the same steps

#[test]
fn after_jumping_to_a_gap_the_board_and_the_map_show_the_same_steps() {
    for (width, height) in [(80, 24), (120, 40), (60, 16)] {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        // The gap in step 4 of the seven of "Switching to an e-bike".
        press(&mut app, KeyCode::Char('x'));
        draw(&mut app, &mut terminal);
        let gap_at = match app.overlays.last() {
            Some(Overlay::View(view)) => match &**view {
                crate::app::ViewState::Gaps(gaps) => (0..gaps.rows.len()).position(|at| {
                    let gap = gaps.rows.get(&app.ws, at).unwrap();
                    let journey = app.ws.journeys().get(gap.journey_id).unwrap();
                    journey.steps.len() == 7 && journey.step_position(gap.step_id) == Some(3)
                }),
                other => panic!("the gap list, not {other:?}"),
            },
            other => panic!("the gap list, not {other:?}"),
        }
        .expect("the sample has a gap in step 4 of 7");
        for _ in 0..gap_at {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        assert!(app.overlays.is_empty(), "the jump closes the gap list");
        assert_eq!(app.selection.step, 3);
        draw(&mut app, &mut terminal);
        draw(&mut app, &mut terminal);

        let layout = app.layout.clone();
        assert_eq!(
            (layout.offsets.board, layout.board_columns),
            (layout.offsets.grid_columns, layout.grid_columns),
            "{width}×{height}: the board and the map show different steps"
        );
        let first = layout.offsets.board;
        assert!((first..first + layout.board_columns).contains(&3));

        // On screen: the step names heading the map are the board's cards, in order.
        let buffer = terminal.backend().buffer();
        let journey = app.selected_journey().unwrap();
        let shown: Vec<&str> = journey.steps[first..first + layout.board_columns]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let header = row_text(buffer, layout.grid.y + 1);
        let board = row_text(buffer, layout.board.y + 1);
        let mut last = (0, 0);
        for (slot, name) in shown.iter().enumerate() {
            let start: String = name.chars().take(5).collect();
            let in_map = header.find(&start);
            let in_board = board.find(&start);
            assert!(
                in_map.is_some() && in_board.is_some(),
                "{width}×{height}: step {name:?} is not in both:\n{}",
                screen_text(buffer)
            );
            let at = (in_board.unwrap(), in_map.unwrap());
            assert!(slot == 0 || at > last, "{width}×{height}: order differs");
            last = at;
        }
    }
}

#[test]
fn the_status_line_names_the_keys_of_where_the_keyboard_is() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('x')]);
    let status = row_text(terminal.backend().buffer(), 29);
    assert!(status.ends_with("? help "), "{status}");
    assert!(!status.contains("quit"), "q closes the gap list: {status}");

    // A remapped key shows in hint bars, empty panes and the status line alike.
    let (keymap, problems) = crate::app::Keymap::with_overrides(&[
        crate::app::keymap::Override {
            layer: "panes".into(),
            key: "Q".into(),
            action: "quit".into(),
            line: 1,
        },
        crate::app::keymap::Override {
            layer: "panes".into(),
            key: "q".into(),
            action: "none".into(),
            line: 2,
        },
        crate::app::keymap::Override {
            layer: "cell".into(),
            key: "+".into(),
            action: "add".into(),
            line: 3,
        },
    ]);
    assert!(problems.is_empty());
    let mut app = sample_app().with_keymap(keymap);
    let terminal = view_after(&mut app, &[]);
    let status = row_text(terminal.backend().buffer(), 29);
    assert!(status.ends_with("? help  Q quit "), "{status}");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    let terminal = view_after(&mut app, &[KeyCode::Enter]);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("+ add · Enter read · e edit"), "{screen}");
}

// ---------------------------------------------------------------------------------------------
// Messages readable in full, and kept in a log

/// The rows of the screen from `y` down, joined by spaces: a message wrapped over rows reads
/// as one.
fn rows_from(buffer: &Buffer, y: u16) -> String {
    (y..buffer.area.height)
        .map(|y| row_text(buffer, y).trim().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_newest_message_is_readable_in_full_at_80_columns() {
    let reason = "being edited by ann@strategy-server, pid 4242, since 2026-11-23 09:12 UTC";
    let mut app = App::new(sample(), "sample.json".into(), today(), Some(reason.into()));
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('a'));
    draw(&mut app, &mut terminal);
    let notice = app.notice.clone().expect("a read-only user is told");
    let buffer = terminal.backend().buffer();
    assert!(
        rows_from(buffer, app.layout.grid.bottom()).contains(&notice),
        "{notice:?} is not all on screen:\n{}",
        screen_text(buffer)
    );

    // A long path, from the loop: all of it.
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    let said = "exported markdown to /srv/strategy/clients/acme-bikes/2027/digital-plan.md";
    app.update(Msg::Done(said.into()));
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    assert!(
        rows_from(buffer, app.layout.grid.bottom()).contains(said),
        "{}",
        screen_text(buffer)
    );
    // The next key puts the status line back on one row.
    press(&mut app, KeyCode::Char('j'));
    draw(&mut app, &mut terminal);
    assert_eq!(app.layout.grid.bottom(), 23);

    // A short message keeps a gap before the key hints.
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    app.update(Msg::Done(
        "reloaded: the file was changed by someone else".into(),
    ));
    draw(&mut app, &mut terminal);
    let last = row_text(terminal.backend().buffer(), 23);
    assert!(
        last.contains("reloaded: the file was changed by someone else"),
        "{last}"
    );
    assert!(
        !last.contains("else?") && !last.contains("else ?"),
        "{last}"
    );
}

#[test]
fn the_message_log_lists_the_sessions_messages_with_their_times() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('u'));
    app.update(Msg::Done(
        "exported markdown to /srv/strategy/clients/acme-bikes/2027/digital-plan.md".into(),
    ));
    press(&mut app, KeyCode::Char('N'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Messages of this session · 2"), "{screen}");
    let time = |line: &str| {
        let t: Vec<char> = line
            .trim_start_matches(['│', '▶', ' '])
            .chars()
            .take(8)
            .collect();
        t.len() == 8
            && t[2] == ':'
            && t[5] == ':'
            && t.iter().filter(|c| c.is_ascii_digit()).count() == 6
    };
    let lines: Vec<&str> = screen.lines().collect();
    let newest = lines
        .iter()
        .position(|l| l.contains("exported markdown"))
        .unwrap();
    let oldest = lines
        .iter()
        .position(|l| l.contains("nothing to undo"))
        .unwrap();
    assert!(newest < oldest, "newest first:\n{screen}");
    assert!(time(lines[newest]) && time(lines[oldest]), "{screen}");
    // The selected one in full below the list.
    assert!(
        rows_from(terminal.backend().buffer(), 0).contains("acme-bikes/2027/digital-plan.md"),
        "{screen}"
    );

    // The palette finds it as `messages`.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    typed(&mut app, "messages");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), crate::app::Context::Messages);
}

/// The problems of a valid file, asked for anyway: none, and the session is not called read-only.
#[test]
fn a_valid_files_problems_say_there_are_none_and_nothing_of_read_only() {
    let mut app = sample_app();
    let terminal = view_after(&mut app, &[KeyCode::Char('P')]);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("Problems of "), "{screen}");
    assert!(!screen.contains("read-only"), "{screen}");
}

// ---------------------------------------------------------------------------------------------
// A file with problems opens read-only on them

#[test]
fn problems_screen() {
    use crate::app::views::FileProblems;
    use crate::model::rules::Problem;
    let problem = |entry: &str, label: &str, field: &str, message: &str| Problem {
        entry: entry.into(),
        label: label.into(),
        field: field.into(),
        message: message.into(),
    };
    let mut app = App::new(
        sample(),
        "plan.json".into(),
        today(),
        Some("the file breaks 2 rules".into()),
    )
    .with_problems(FileProblems {
        list: vec![
            problem(
                "journeys[0]",
                "First commuter bike",
                "persona_ids[1]",
                "no persona has id 00000000-0000-4000-8000-0000000000ff",
            ),
            problem(
                "journeys[0].steps[1]",
                "Compares bikes",
                "emotion",
                "7 is outside 1–5 (a whole number from 1 to 5, or null)",
            ),
        ],
        path: "plans/plan.json".into(),
    });
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Down);
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!(terminal.backend());
}

// ---------------------------------------------------------------------------------------------
// Reading in full: zoom and cards, at the three sizes the issue names

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

#[test]
fn zoomed_board_at_three_sizes() {
    for (width, height) in SIZES {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        focus(&mut app, Pane::Board);
        press(&mut app, KeyCode::Char('z'));
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(format!("zoomed_board_{width}x{height}"), terminal.backend());
        // The first step's lanes are whole, not cut.
        let screen = screen_text(terminal.backend().buffer());
        assert!(!screen.contains("Pain: Results a…"), "{screen}");
        press(&mut app, KeyCode::Char('z'));
        draw(&mut app, &mut terminal);
        assert!(screen_text(terminal.backend().buffer()).contains("Personas (4)"));
    }
}

#[test]
fn zoomed_map_and_persona_list_at_three_sizes() {
    for (width, height) in SIZES {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        press(&mut app, KeyCode::Char('z'));
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(
            format!("zoomed_personas_{width}x{height}"),
            terminal.backend()
        );
        press(&mut app, KeyCode::Char('z'));
        focus(&mut app, Pane::Grid);
        press(&mut app, KeyCode::Char('z'));
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(format!("zoomed_map_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn cards_of_a_persona_a_step_and_an_item_at_three_sizes() {
    for (width, height) in SIZES {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        press(&mut app, KeyCode::Enter);
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(format!("persona_card_{width}x{height}"), terminal.backend());
        press(&mut app, KeyCode::Esc);
        focus(&mut app, Pane::Board);
        press(&mut app, KeyCode::Enter);
        draw(&mut app, &mut terminal);
        insta::assert_snapshot!(format!("step_card_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn a_card_scrolls_inside_its_text_at_80x24() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    // The grid's second row, on the second step, holds an item: its card.
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    draw(&mut app, &mut terminal);
    assert!(matches!(app.overlays.last(), Some(Overlay::Card(_))));
    insta::assert_snapshot!(terminal.backend());
    // Scrolling far past the end stops at the last line.
    for _ in 0..50 {
        press(&mut app, KeyCode::Char('j'));
    }
    draw(&mut app, &mut terminal);
    draw(&mut app, &mut terminal);
    let Some(Overlay::Card(card)) = app.overlays.last() else {
        panic!("the card is open");
    };
    assert_eq!(card.scroll, 0, "the card fits: nothing to scroll");
}

/// The channels view at a size, drawn after `$`.
fn channels_at(cols: u16, rows: u16) -> Terminal<TestBackend> {
    let mut app = sample_app();
    let mut terminal = terminal(cols, rows);
    draw(&mut app, &mut terminal);
    press(&mut app, KeyCode::Char('$'));
    draw(&mut app, &mut terminal);
    terminal
}

#[test]
fn channels_view_with_media_subtotals_and_spend_by_month_at_80x24() {
    let terminal = channels_at(80, 24);
    let text = screen_text(terminal.backend().buffer());
    for row in [
        "paid media",
        "owned media",
        "earned media",
        "Total",
        "spend by month",
    ] {
        assert!(text.contains(row), "{row} is missing:\n{text}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn channels_view_with_media_subtotals_and_spend_by_month_at_120x40() {
    let terminal = channels_at(120, 40);
    insta::assert_snapshot!(terminal.backend());
}

// ---------------------------------------------------------------------------------------------
// The inventory and the map's filters (issue 14)

#[test]
fn inventory_at_80x24_120x40_and_200x50() {
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        press(&mut app, KeyCode::Char('i'));
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        let items = app.ws.items().len();
        assert!(
            screen.contains(&format!("Inventory · {items} items")),
            "{screen}"
        );
        assert!(
            screen.contains(&format!("{items} items · cost 20,060.00 EUR")),
            "{screen}"
        );
        // Headings are whole words; columns are left out only at 80, and the border says so.
        let header = screen.lines().nth(2).expect("the header");
        assert!(!header.contains('…'), "{header}");
        let hidden = "2 columns hidden: widen the terminal";
        assert_eq!(screen.contains(hidden), width == 80, "{screen}");
        assert_eq!(header.contains("JOURNEYS › STEPS"), width > 80, "{header}");
        if width == 200 {
            // Every title on screen fits, so none is cut.
            assert!(
                screen.contains("│  Commuter bike comparison guide (gears, frames, weight) "),
                "{screen}"
            );
        }
        insta::assert_snapshot!(format!("inventory_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn the_inventory_never_cuts_a_heading_and_shows_a_whole_title_where_there_is_room() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 160, 30);
    press(&mut app, KeyCode::Char('i'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("│▶ Google Search: commuter bike ad group "),
        "{screen}"
    );
    for width in crate::ui::MIN_WIDTH..=220 {
        let mut terminal = shown(&mut app, width, 24);
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        let header = screen.lines().nth(2).expect("the header");
        assert!(!header.contains('…'), "{width}: {header}");
        assert!(
            header.contains("TITLE") && header.contains("ST"),
            "{width}: {header}"
        );
    }
}

#[test]
fn inventory_sorted_filtered_and_marked_at_120x40() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 120, 40);
    // By date, to create only (picked from the filters), Lena's text, two rows marked.
    typed(&mut app, "issssss");
    typed(&mut app, "fto create");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    typed(&mut app, "/lena");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "  ");
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("[status: to create]"), "{screen}");
    assert!(screen.contains("by date ↑"), "{screen}");
    assert!(screen.contains("2 marked"), "{screen}");
    insta::assert_snapshot!(terminal.backend());
}

/// A sort whose rows are worked out off the screen's thread (as at a million items): until
/// they land the title says `sorting…` over the rows in the order they had; then the rows are
/// sorted and the mark is gone.
#[test]
fn the_inventory_says_sorting_until_the_rows_land_at_80x24() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('i'));
    for overlay in &mut app.overlays {
        if let Overlay::View(view) = overlay
            && let ViewState::Inventory(state) = view.as_mut()
        {
            state.in_background_from(0);
        }
    }
    draw(&mut app, &mut terminal);
    let before = screen_text(terminal.backend().buffer());
    let effects = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::NONE,
    )));
    let [Effect::Rows(job)] = <[Effect; 1]>::try_from(effects).expect("one job") else {
        panic!("the sort is a job for the loop");
    };
    draw(&mut app, &mut terminal);
    let sorting = screen_text(terminal.backend().buffer());
    assert!(sorting.contains("by title ↑ · sorting…"), "{sorting}");
    // The rows are those before the key.
    let rows = |screen: &str| {
        screen
            .lines()
            .skip(3)
            .take(5)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&sorting), rows(&before));
    insta::assert_snapshot!("inventory_sorting_80x24", terminal.backend());
    let done = job
        .run(&std::sync::atomic::AtomicBool::new(false))
        .expect("not stopped");
    app.update(Msg::Rows(done));
    draw(&mut app, &mut terminal);
    let sorted = screen_text(terminal.backend().buffer());
    assert!(!sorted.contains("sorting…"), "{sorted}");
    // The titles on screen (cut to their column) are in order now, which they were not.
    let titles = |screen: &str| -> Vec<String> {
        rows(screen)
            .iter()
            .map(|row| {
                row.chars()
                    .skip(3)
                    .take(19)
                    .collect::<String>()
                    .to_lowercase()
            })
            .collect()
    };
    let in_order = |titles: Vec<String>| titles.windows(2).all(|p| p[0] <= p[1]);
    assert!(!in_order(titles(&before)), "{before}");
    assert!(in_order(titles(&sorted)), "{sorted}");
    // Text typed: until its rows land, the title counts the rows shown, all of them.
    typed(&mut app, "/e");
    draw(&mut app, &mut terminal);
    let filtering = screen_text(terminal.backend().buffer());
    let items = app.ws.items().len();
    assert!(
        filtering.contains(&format!(
            "Inventory · {items} items · by title ↑ · filtering…"
        )),
        "{filtering}"
    );
}

/// A calendar filter whose items are found off the screen's thread (as at a million items):
/// until they land the title says `filtering…` over the days as they were; then the days hold
/// what the filter keeps and the mark is gone.
#[test]
fn the_calendar_says_filtering_until_the_items_kept_land_at_80x24() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('c'));
    for overlay in &mut app.overlays {
        if let Overlay::View(view) = overlay
            && let ViewState::Calendar(state) = view.as_mut()
        {
            state.in_background_from(0);
        }
    }
    // The second filter, "status: in progress", as the filtered calendar's test turns on.
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Down);
    let effects = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let [Effect::Rows(job)] = <[Effect; 1]>::try_from(effects).expect("one job") else {
        panic!("the filter's items are a job for the loop");
    };
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Right);
    draw(&mut app, &mut terminal);
    let filtering = screen_text(terminal.backend().buffer());
    assert!(
        filtering.contains("Calendar · November 2026 · month · filtering…"),
        "{filtering}"
    );
    // The days are those before the filter, an item of another status among them.
    assert!(filtering.contains("Winter"), "{filtering}");
    insta::assert_snapshot!("calendar_filtering_80x24", terminal.backend());
    let done = job
        .run(&std::sync::atomic::AtomicBool::new(false))
        .expect("not stopped");
    app.update(Msg::Rows(done));
    draw(&mut app, &mut terminal);
    let filtered = screen_text(terminal.backend().buffer());
    assert!(!filtered.contains("filtering…"), "{filtered}");
    assert!(!filtered.contains("Winter"), "{filtered}");
    assert!(
        filtered.contains("Tue 24 Nov 2026 · nothing the filters keep"),
        "{filtered}"
    );
}

#[test]
fn content_map_filtered_to_gaps_at_80x24() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Char('f'));
    draw(&mut app, &mut terminal);
    insta::assert_snapshot!("map_filters_picker_80x24", terminal.backend());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    let journey = app.selected_journey().expect("a journey");
    let gaps = app.ws.journey_gaps(journey).len();
    assert!(
        screen.contains(&format!("Content map · {gaps} gaps · gaps only · ")),
        "{screen}"
    );
    assert!(screen.contains(" hidden"), "{screen}");
    insta::assert_snapshot!("map_filtered_to_gaps_80x24", terminal.backend());
}

// ---------------------------------------------------------------------------------------------
// Widths that follow the text and the terminal

/// The sample with a persona added after the first ones, named `name`, at position `at`.
fn sample_with_persona(name: &str, at: usize) -> Workspace {
    let mut workspace = sample();
    let mut persona = workspace.personas().at(0).expect("a persona").clone();
    persona.id = crate::model::Id::new();
    persona.name = name.into();
    crate::model::edit::insert(&mut workspace, at, persona).expect("a valid persona");
    workspace
}

#[test]
fn main_screen_with_each_pane_focused_at_three_sizes() {
    for (width, height) in SIZES {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, width, height);
        for (pane, name) in [
            (Pane::Personas, "personas"),
            (Pane::Journeys, "journeys"),
            (Pane::Board, "board"),
            (Pane::Grid, "map"),
        ] {
            focus(&mut app, pane);
            draw(&mut app, &mut terminal);
            insta::assert_snapshot!(
                format!("main_{name}_focused_{width}x{height}"),
                terminal.backend()
            );
        }
    }
}

#[test]
fn objectives_and_metrics_at_three_sizes() {
    for (width, height) in SIZES {
        for (key, name) in [('o', "objectives"), ('M', "metrics")] {
            let mut app = sample_app();
            let mut terminal = shown(&mut app, width, height);
            press(&mut app, KeyCode::Char(key));
            draw(&mut app, &mut terminal);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn a_long_objective_title_is_shown_whole_at_120x40() {
    // Before, the title's column was three tenths of the table: 35 columns at 120.
    let title = "Make the shop the first stop for commuters by 2027";
    let mut workspace = sample();
    let mut objective = workspace.objectives().at(0).expect("an objective").clone();
    objective.title = title.into();
    crate::model::edit::update(&mut workspace, objective).expect("a valid objective");
    let mut app = app_with(workspace);
    let mut terminal = shown(&mut app, 120, 40);
    press(&mut app, KeyCode::Char('o'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains(title), "{screen}");
    // The journeys beside it are whole too: the row has the room.
    assert!(screen.contains("First commuter bike (5 gaps)"), "{screen}");
}

#[test]
fn the_zoomed_map_at_80x24_cuts_no_step_name() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::Char('z'));
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    let layout = &app.layout;
    // The rows of step names: down to the first content type's.
    let header: Vec<String> = (layout.grid.y + 1..layout.grid.bottom())
        .map(|y| row_text(buffer, y))
        .take_while(|row| !row.contains("Product pages"))
        .collect();
    let screen = screen_text(buffer);
    assert!(
        header.iter().all(|line| !line.contains('…')),
        "a step name is cut:\n{screen}"
    );
    // Every word of every step shown is in the rows of names, in its own column.
    let journey = app.selected_journey().expect("a journey");
    let first = layout.offsets.grid_columns;
    assert!(layout.grid_columns >= 5, "{screen}");
    for step in &journey.steps[first..first + layout.grid_columns] {
        for word in step.name.split(' ') {
            assert!(
                header.iter().any(|line| line.contains(word)),
                "{word:?} of {:?} is missing:\n{screen}",
                step.name
            );
        }
    }
    // The step left out is said to be there.
    assert!(screen.contains("1 more right ▶"), "{screen}");
}

#[test]
fn the_list_panes_are_as_wide_as_their_longest_name_up_to_a_third_of_the_screen() {
    // At 80×24 the sample's names are whole.
    let mut app = sample_app();
    let terminal = shown(&mut app, 80, 24);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("│  Weekend family Jonas  │"), "{screen}");
    assert!(screen.contains("│▶ First commuter bike ✗5│"), "{screen}");

    // A name longer than a third of the screen is cut there, and the rest is the board's.
    let long = "Procurement lead at a logistics company with forty drivers and two vans";
    let mut app = app_with(sample_with_persona(long, 1));
    for (width, height) in SIZES {
        let terminal = shown(&mut app, width, height);
        let left = app.layout.personas.width;
        assert_eq!(left, width / 3, "{width}×{height}");
        let screen = screen_text(terminal.backend().buffer());
        let shown_part: String = long.chars().take(usize::from(left) - 5).collect();
        assert!(screen.contains(&shown_part), "{screen}");
    }
}

#[test]
fn a_name_out_of_view_does_not_widen_its_list() {
    // Fifty personas; the fiftieth has a long name, out of view at 80×24.
    let mut workspace = sample();
    for n in 0..46 {
        let mut persona = workspace.personas().at(0).expect("a persona").clone();
        persona.id = crate::model::Id::new();
        persona.name = if n == 45 {
            "A persona far down the list with a very long name".into()
        } else {
            format!("Persona {n}")
        };
        crate::model::edit::add(&mut workspace, persona).expect("a valid persona");
    }
    let mut app = app_with(workspace);
    let mut terminal = shown(&mut app, 200, 60);
    // The journeys' longest row, `Keeping the bike on the road ✗5`, with `▶ ` and the border.
    assert_eq!(app.layout.personas.width, 35);
    // Scrolled to it, the pane takes the room it needs.
    press(&mut app, KeyCode::End);
    draw(&mut app, &mut terminal);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(
        screen.contains("│▶ A persona far down the list with a very long name│"),
        "{screen}"
    );
}

#[test]
fn the_map_says_what_is_above_below_left_and_right_of_it() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    let bottom = |terminal: &Terminal<TestBackend>, app: &App| {
        row_text(terminal.backend().buffer(), app.layout.grid.bottom() - 1)
    };
    let line = bottom(&terminal, &app);
    assert!(line.contains("▼ 4 more below"), "{line}");
    assert!(line.contains("4 more right ▶"), "{line}");
    assert!(!line.contains('▲') && !line.contains('◀'), "{line}");

    focus(&mut app, Pane::Grid);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    draw(&mut app, &mut terminal);
    let line = bottom(&terminal, &app);
    assert!(line.contains("▲ 4 more above"), "{line}");
    assert!(line.contains("◀ 1 left 3 right ▶"), "{line}");

    // With room for everything, the legend alone.
    let terminal = shown(&mut app, 200, 60);
    let line = bottom(&terminal, &app);
    assert!(line.contains("✓ available"), "{line}");
    assert!(!line.contains("more"), "{line}");
}

/// The metrics view with KPIs measured over time: each measured row shows a sparkline, the move
/// since the measurement before (arrow and sign) and the date of the latest; a KPI without
/// measurements shows `—`.
#[test]
fn measured_kpis_show_a_sparkline_their_move_and_their_latest_date_at_80x24_and_120x40() {
    use crate::model::{Measurement, edit};
    let mut workspace = sample();
    let ids: Vec<_> = workspace.metrics().iter().map(|m| m.id).take(2).collect();
    let series: [&[f64]; 2] = [
        &[900.0, 1010.0, 1100.0, 1050.0, 1180.0],
        &[31.0, 29.5, 27.7],
    ];
    for (id, values) in ids.iter().zip(series) {
        for (at, value) in values.iter().enumerate() {
            let on = crate::model::Date::from_ymd(2026, 6 + at as u8, 1).unwrap();
            edit::measure(&mut workspace, *id, None, Measurement::new(on, *value, "")).unwrap();
        }
    }
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app_with(workspace.clone());
        let mut terminal = shown(&mut app, width, height);
        press(&mut app, KeyCode::Char('M'));
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        let row = |name: &str| {
            screen
                .lines()
                .find(|line| line.contains(name))
                .unwrap_or_else(|| panic!("no row for {name}:\n{screen}"))
                .to_string()
        };
        assert!(row("Customer").contains("▲+130"), "{screen}");
        assert!(row("Share of").contains("▼-1.8"), "{screen}");
        assert!(row("Customer").contains('█'), "{screen}");
        insta::assert_snapshot!(
            format!("measured_metrics_{width}x{height}"),
            terminal.backend()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hint bars fit their room (issue 13): whole hints in their order, then the help key's hint

#[test]
fn a_hint_bar_keeps_whole_hints_in_order_and_ends_with_the_help_key_when_some_go() {
    let parts: Vec<String> = ["a add", "e edit", "Esc back"].map(String::from).into();
    let more = Some("? more keys");
    let whole = " a add · e edit · Esc back ";
    // Exactly the room it needs: every hint, no help key.
    assert_eq!(super::fit_hints(&parts, more, whole.width()), whole);
    // One column short: the last hints give way to the help key, none is cut.
    assert_eq!(
        super::fit_hints(&parts, more, whole.width() - 1),
        " a add · ? more keys "
    );
    assert_eq!(super::fit_hints(&parts, more, 20), " ? more keys ");
    // A single hint wider than the bar is not shown cut: the help key stands in for it, or
    // nothing does when even that has no room.
    let long = vec!["Enter jump to the cell of this gap in the map".to_string()];
    assert_eq!(super::fit_hints(&long, more, 20), " ? more keys ");
    assert_eq!(super::fit_hints(&long, more, 10), "");
    assert_eq!(super::fit_hints(&long, None, 20), "");
}

/// Where a bordered box's bottom right corner has a hint bar just before it, the bar's last
/// cell: a bar that was cut runs into the corner with a letter instead of a space or a line.
fn cut_bars(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    let mut cut = Vec::new();
    for y in 0..area.height {
        for x in 1..area.width {
            let before = buffer[(x - 1, y)].symbol();
            if buffer[(x, y)].symbol() == "┘" && before != "─" && before != " " {
                cut.push(row_text(buffer, y));
            }
        }
    }
    cut
}

#[test]
fn at_80x24_every_views_hint_bar_shows_whole_hints() {
    let views = ["x", "i", "c", "M", "$", "o", "/", ":", "N"];
    for keys in views {
        let mut app = sample_app();
        let mut terminal = shown(&mut app, 80, 24);
        typed(&mut app, keys);
        draw(&mut app, &mut terminal);
        let buffer = terminal.backend().buffer();
        assert_eq!(cut_bars(buffer), Vec::<String>::new(), "after {keys}");
    }
}

#[test]
fn the_calendar_at_80x24_ends_its_hint_bar_with_the_help_key() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('c'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("· ? more keys ─"), "{screen}");
}

#[test]
fn the_inventory_shows_its_whole_hint_bar_at_80x24_and_the_help_key_where_it_is_narrower() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('i'));
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("· m map · Esc back ─"), "{screen}");
    terminal.backend_mut().resize(60, 24);
    draw(&mut app, &mut terminal);
    let buffer = terminal.backend().buffer();
    assert_eq!(cut_bars(buffer), Vec::<String>::new());
    let screen = screen_text(buffer);
    assert!(screen.contains("· Space mark · ? more keys ┘"), "{screen}");
}

/// A KPI's history (Enter on it in the metrics view): what it is and where it stands, its
/// measurements as bars with the target dashed across, and the list newest first with each
/// move and note.
#[test]
fn a_kpis_history_shows_its_chart_and_its_measurements_newest_first_at_80x24_and_120x40() {
    use crate::model::{Measurement, edit};
    let mut workspace = sample();
    let id = workspace.metrics().iter().next().unwrap().id;
    let series = [
        (900.0, "before the spring campaign"),
        (1010.0, ""),
        (1100.0, "service plans launched"),
        (1050.0, ""),
        (
            1180.0,
            "a note far too long to be shown whole in a narrow terminal's row",
        ),
    ];
    for (at, (value, note)) in series.iter().enumerate() {
        let on = crate::model::Date::from_ymd(2026, 6 + at as u8, 1).unwrap();
        edit::measure(&mut workspace, id, None, Measurement::new(on, *value, note)).unwrap();
    }
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app_with(workspace.clone());
        let mut terminal = shown(&mut app, width, height);
        press(&mut app, KeyCode::Char('M'));
        press(&mut app, KeyCode::Enter);
        draw(&mut app, &mut terminal);
        let screen = screen_text(terminal.backend().buffer());
        assert!(screen.contains("History · Customer"), "{screen}");
        assert!(
            screen.contains("target 1,450, higher is better"),
            "{screen}"
        );
        assert!(screen.contains("1,450 ┤╌"), "the target across:\n{screen}");
        let rows: Vec<&str> = screen.lines().filter(|l| l.contains("2026-")).collect();
        assert!(
            rows.iter()
                .any(|l| l.contains("▶2026-10-01") && l.contains("▲+130")),
            "{screen}"
        );
        assert!(
            screen.contains(" a add · Enter edit · d delete · Esc back "),
            "{screen}"
        );
        insta::assert_snapshot!(format!("kpi_history_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn a_kpi_without_measurements_says_which_key_adds_one() {
    let mut app = sample_app();
    let mut terminal = shown(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('M'));
    press(&mut app, KeyCode::Enter);
    draw(&mut app, &mut terminal);
    let screen = screen_text(terminal.backend().buffer());
    assert!(screen.contains("0 measurements"), "{screen}");
    assert!(
        screen.contains("No measurements yet: a adds one."),
        "{screen}"
    );
}

mod cards;
mod comments;
mod compare;
mod fields;
mod fields_view;

#[test]
fn the_status_line_says_an_export_is_being_written_until_it_is_done_keys_meanwhile_too() {
    let mut app = sample_app();
    app.update(Msg::Exporting(crate::export::Format::Html));
    let status = |app: &mut App| row_text(shown(app, 80, 24).backend().buffer(), 23);
    assert!(
        status(&mut app).contains("exporting html…"),
        "{}",
        status(&mut app)
    );
    press(&mut app, KeyCode::Down);
    assert!(
        status(&mut app).contains("exporting html…"),
        "a key does not end it: {}",
        status(&mut app)
    );
    app.update(Msg::Exported(
        crate::export::Format::Html,
        "exported html to shop.html".into(),
    ));
    let done = status(&mut app);
    assert!(!done.contains("exporting"), "{done}");
    assert!(done.contains("exported html to shop.html"), "{done}");
}

/// The panes under a full-screen view are not drawn, but they are laid out under it once for
/// each size of the screen: a key in the same burst as the one closing the view (before a frame
/// shows the panes) moves by what the panes show, as when they were drawn under the view.
#[test]
fn the_panes_under_a_view_are_laid_out_once_for_each_size() {
    let panes_alone = |width, height| {
        let mut app = sample_app();
        draw(&mut app, &mut terminal(width, height));
        app.layout
    };
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('M'));
    assert!(app.view().is_some(), "the metrics view is open");
    let mut small = terminal(80, 24);
    draw(&mut app, &mut small);
    assert_eq!(
        app.layout,
        panes_alone(80, 24),
        "the first frame under a view"
    );
    draw(&mut app, &mut small);
    assert_eq!(
        app.layout,
        panes_alone(80, 24),
        "a later frame of the same size"
    );
    draw(&mut app, &mut terminal(100, 30));
    assert_eq!(app.layout, panes_alone(100, 30), "a frame after a resize");
}
