//! The full-screen views at a million items: a search keystroke, opening the gap list, the
//! calendar's moves in each of its modes and the inventory's must cost what one screen costs,
//! not what the workspace holds (the inventory's sorts and filters read every item once per
//! change, and are measured here too); so must a move in the metrics view and opening the
//! review of open comments. Each figure is one key and the frame after it (a key and the key
//! that takes it back, divided by two).

#[path = "support/frames.rs"]
mod frames;
#[path = "../tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use frames::{draw, key};
use journeymap::app::App;
use journeymap::model::search::Target;
use journeymap::model::{Comment, Date, Id, edit};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A key, its frame, the key that takes it back and its frame.
fn there_and_back(app: &mut App, terminal: &mut Terminal<TestBackend>, go: KeyCode, back: KeyCode) {
    key(app, go);
    draw(app, terminal);
    key(app, back);
    draw(app, terminal);
}

fn bench(c: &mut Criterion) {
    let today: Date = "2026-11-23".parse().expect("a date");
    let mut app = App::new(
        generate::generate(1_000_000),
        "bench.json".into(),
        today,
        None,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    draw(&mut app, &mut terminal);

    // Search. The first keystroke of a session prepares the text; the figures are those after.
    typed(&mut app, "/x");
    draw(&mut app, &mut terminal);
    key(&mut app, KeyCode::Backspace);
    // A query that is everywhere: the first 500 hits are near the start.
    c.bench_function("search/key/frequent/1M", |b| {
        b.iter(|| {
            there_and_back(
                &mut app,
                &mut terminal,
                KeyCode::Char('e'),
                KeyCode::Backspace,
            )
        })
    });
    // A query that is nowhere: the whole text is read.
    typed(&mut app, "zz");
    c.bench_function("search/key/nowhere/1M", |b| {
        b.iter(|| {
            there_and_back(
                &mut app,
                &mut terminal,
                KeyCode::Char('q'),
                KeyCode::Backspace,
            )
        })
    });
    // A query that names one item among a million, typed a character at a time.
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "brief 99999");
    c.bench_function("search/key/rare/1M", |b| {
        b.iter(|| {
            there_and_back(
                &mut app,
                &mut terminal,
                KeyCode::Char('0'),
                KeyCode::Backspace,
            )
        })
    });
    key(&mut app, KeyCode::Esc);
    draw(&mut app, &mut terminal);
    // The text a session's first search prepares (off the screen's thread): every searched
    // field of every entry, read once.
    c.bench_function("search/prepare/1M", |b| {
        b.iter(|| app.ws.snapshot().prepare_search())
    });

    c.bench_function("gaps/open/1M", |b| {
        b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Char('x'), KeyCode::Esc))
    });

    key(&mut app, KeyCode::Char('c'));
    draw(&mut app, &mut terminal);
    // The calendar opens on the month grid; its mode key goes on to the week, then the agenda.
    // Today is Monday the 23rd: a day either way stays in the month and in the week.
    for mode in ["month", "week", "agenda"] {
        c.bench_function(&format!("calendar/{mode}/day/1M"), |b| {
            b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Right, KeyCode::Left))
        });
        c.bench_function(&format!("calendar/{mode}/down/1M"), |b| {
            b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Down, KeyCode::Up))
        });
        // A page is a month, a week in the week view.
        c.bench_function(&format!("calendar/{mode}/page/1M"), |b| {
            b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::PageDown, KeyCode::PageUp))
        });
        key(&mut app, KeyCode::Char('w'));
        draw(&mut app, &mut terminal);
    }
    // A filter has no index: under one ("status: in progress", the second choice), a page
    // reads the month's items, and the agenda the overdue ones too.
    for code in [
        KeyCode::Char('f'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Esc,
    ] {
        key(&mut app, code);
    }
    for mode in ["month", "week", "agenda"] {
        c.bench_function(&format!("calendar/{mode}/page/filtered/1M"), |b| {
            b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::PageDown, KeyCode::PageUp))
        });
        key(&mut app, KeyCode::Char('w'));
        draw(&mut app, &mut terminal);
    }
    key(&mut app, KeyCode::Esc);
    draw(&mut app, &mut terminal);

    // The inventory: opening it in the file's order reads no item; a sort, a filter and a
    // letter of text read them all once (per change, never per frame); moving reads a screen.
    c.bench_function("inventory/open/1M", |b| {
        b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Char('i'), KeyCode::Esc))
    });
    key(&mut app, KeyCode::Char('i'));
    draw(&mut app, &mut terminal);
    c.bench_function("inventory/down/1M", |b| {
        b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Down, KeyCode::Up))
    });
    // Every column in turn and back to the file's order: nine sorts and one unsorted list.
    c.bench_function("inventory/sort-every-column/1M", |b| {
        b.iter(|| {
            for _ in 0..10 {
                key(&mut app, KeyCode::Char('s'));
                draw(&mut app, &mut terminal);
            }
        })
    });
    // By date, then reversed and back.
    typed(&mut app, "ssssss");
    draw(&mut app, &mut terminal);
    c.bench_function("inventory/by-date/reverse/1M", |b| {
        b.iter(|| {
            there_and_back(
                &mut app,
                &mut terminal,
                KeyCode::Char('S'),
                KeyCode::Char('S'),
            )
        })
    });
    // A filter turned on and off (the first of the filters: status available), sorted by date.
    c.bench_function("inventory/by-date/filter-on-off/1M", |b| {
        b.iter(|| {
            for _ in 0..2 {
                typed(&mut app, "f");
                key(&mut app, KeyCode::Enter);
                key(&mut app, KeyCode::Esc);
                draw(&mut app, &mut terminal);
            }
        })
    });
    // A letter of text (it narrows the rows found) and Backspace (which reads every item).
    typed(&mut app, "/e");
    draw(&mut app, &mut terminal);
    c.bench_function("inventory/by-date/text-letter-and-back/1M", |b| {
        b.iter(|| {
            there_and_back(
                &mut app,
                &mut terminal,
                KeyCode::Char('x'),
                KeyCode::Backspace,
            )
        })
    });
}

/// The metrics view lists 10,000 metrics by level, and a thousandth of the items have an open
/// comment: a move in the view reads the rows it shows, and opening the review reads the
/// entries with open comments, both from indexes kept by every edit.
fn indexed_views(c: &mut Criterion) {
    let mut ws = generate::generate(1_000_000);
    let commented: Vec<Id> = ws.items().iter().step_by(1000).map(|i| i.id).collect();
    for id in commented {
        let comment = Comment::new("reviewer", std::time::UNIX_EPOCH, "Check the wording");
        edit::add_comment(&mut ws, Target::Item(id), comment).expect("a comment");
    }
    let today: Date = "2026-11-23".parse().expect("a date");
    let mut app = App::new(ws, "bench.json".into(), today, None);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    draw(&mut app, &mut terminal);
    c.bench_function("comments/open/1M", |b| {
        b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Char('V'), KeyCode::Esc))
    });
    key(&mut app, KeyCode::Char('M'));
    draw(&mut app, &mut terminal);
    c.bench_function("metrics/down/1M", |b| {
        b.iter(|| there_and_back(&mut app, &mut terminal, KeyCode::Down, KeyCode::Up))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2));
    targets = bench, indexed_views
}
criterion_main!(benches);
