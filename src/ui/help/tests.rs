//! The help in every context: every key there, each line whole, at the smallest screen too.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::*;
use crate::app::keymap::ALL;

fn keymap() -> Keymap {
    Keymap::with_overrides(&[]).0
}

/// The help of a context drawn on a screen of `width` × `height` at a page: the screen's rows
/// and the page drawn.
fn drawn(keymap: &Keymap, help: Help, width: u16, height: u16) -> (Vec<String>, usize) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let mut page = usize::MAX;
    terminal
        .draw(|frame| page = render(keymap, &help, frame, frame.area()))
        .expect("drawing on a test backend");
    (rows(terminal.backend().buffer()), page)
}

fn rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

/// Every context's help at 80×24, page by page: each entry of the context once, its keys and
/// words whole (wrapped within its column, the lines joined give them back), each row drawn on
/// the screen as laid out, and no `…` but those the keymap's own words hold.
#[test]
fn every_line_of_the_help_reads_whole_at_80x24_in_every_context() {
    let keymap = keymap();
    let (width, height) = (80, 24);
    for context in ALL {
        let entries = keymap.help(context);
        let laid = lay_out(&entries, usize::from(width) - 2, usize::from(height) - 2);
        let mut shown_entries: Vec<(String, String)> = Vec::new();
        let mut ellipses = 0;
        for page in 0..laid.pages.len() {
            let (screen, drawn_page) = drawn(&keymap, Help { context, page }, width, height);
            assert_eq!(drawn_page, page);
            ellipses += screen
                .iter()
                .map(|row| row.matches('…').count())
                .sum::<usize>();
            let top = screen
                .iter()
                .position(|row| row.contains(" Keys · "))
                .expect("the help's title");
            for column in &laid.pages[page] {
                for (at, row) in column.iter().enumerate() {
                    let line = format!("{}  {}", pad(&row.keys, laid.key_width), row.text);
                    assert!(
                        screen[top + 1 + at].contains(line.trim_end()),
                        "{context:?}, page {page}: {line:?} is not drawn:\n{}",
                        screen.join("\n")
                    );
                    assert!(row.keys.width() <= laid.key_width);
                    assert!(row.text.width() <= laid.text_width);
                    // An entry starts on a row with its keys; a row without goes on with it.
                    if row.keys.is_empty() {
                        let (_, text) = shown_entries.last_mut().expect("an entry going on");
                        text.push(' ');
                        text.push_str(&row.text);
                    } else {
                        shown_entries.push((row.keys.clone(), row.text.clone()));
                    }
                }
            }
        }
        assert_eq!(shown_entries, entries, "{context:?}");
        let own_ellipses: usize = (entries.iter())
            .map(|(keys, text)| keys.matches('…').count() + text.matches('…').count())
            .sum();
        assert_eq!(ellipses, own_ellipses, "{context:?}: something is cut");
    }
}

/// Where the keys need more room than the screen has, they go on in pages: the first says
/// there is more and names the key to the next, the last the key back; every entry is on
/// one page, and a page past the last shows the last.
#[test]
fn keys_that_do_not_fit_go_on_in_pages_named_in_the_border() {
    let keymap = keymap();
    let context = Context::Board;
    let (width, height) = (60, 16);
    let laid = lay_out(&keymap.help(context), 58, 14);
    let pages = laid.pages.len();
    assert!(pages > 1, "the board's keys need more than a 60×16 screen");
    let next = keymap.keys_for(Context::Help, Action::PageDown);
    let back = keymap.keys_for(Context::Help, Action::PageUp);

    let (first, _) = drawn(&keymap, Help { context, page: 0 }, width, height);
    let border = first.iter().rfind(|row| row.contains('└')).unwrap();
    assert!(border.contains("↓ more"), "{border}");
    assert!(
        border.contains(&format!("{} next", next.join(" "))),
        "{border}"
    );
    assert!(border.contains(&format!("page 1/{pages}")), "{border}");

    let (last, page) = drawn(&keymap, Help { context, page: 99 }, width, height);
    assert_eq!(page, pages - 1, "a page past the last shows the last");
    let border = last.iter().rfind(|row| row.contains('└')).unwrap();
    assert!(!border.contains("↓ more"), "{border}");
    assert!(
        border.contains(&format!("{} back", back.join(" "))),
        "{border}"
    );
    assert!(
        border.contains(&format!("page {pages}/{pages}")),
        "{border}"
    );

    for page in 0..pages {
        let (screen, _) = drawn(&keymap, Help { context, page }, width, height);
        let border = screen.iter().rfind(|row| row.contains('└')).unwrap();
        assert!(!border.contains('…'), "the border is cut: {border}");
        assert!(border.contains("closes"), "{border}");
    }

    let on_pages: usize = (laid.pages.iter().flatten().flatten())
        .filter(|row| !row.keys.is_empty())
        .count();
    assert_eq!(on_pages, keymap.help(context).len());
}

/// The fewest columns that hold every key: one where the screen is tall enough, side by side
/// where it is not, each as tall as the others.
#[test]
fn the_help_takes_the_fewest_columns_that_hold_every_key() {
    let entries: Vec<(String, String)> = (0..30)
        .map(|n| (format!("k{n}"), format!("does thing {n}")))
        .collect();
    let tall = lay_out(&entries, 78, 40);
    assert_eq!((tall.columns(), tall.height, tall.pages.len()), (1, 30, 1));
    let short = lay_out(&entries, 78, 22);
    assert_eq!(
        (short.columns(), short.height, short.pages.len()),
        (2, 15, 1)
    );
}
