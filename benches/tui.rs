//! One frame and one key on the sample and on a 100,000-item workspace: the work per frame and
//! per key must follow what is on screen, not the size of the workspace.

#[path = "support/frames.rs"]
mod frames;
#[path = "../tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use frames::{draw, key};
use journeymap::app::App;
use journeymap::model::{Date, Workspace};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

fn app(workspace: Workspace) -> App {
    let today: Date = "2026-11-23".parse().expect("a date");
    App::new(workspace, "bench.json".into(), today, None)
}

fn bench(c: &mut Criterion) {
    let sample = journeymap::storage::decode(journeymap::storage::location::SAMPLE.as_bytes())
        .expect("the sample is valid");
    let big = generate::generate(100_000);
    for (name, workspace) in [("sample", sample), ("100k", big)] {
        let mut app = app(workspace);
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
        // Look at the content map, where most per-frame work is.
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        draw(&mut app, &mut terminal);
        c.bench_function(&format!("frame/{name}"), |b| {
            b.iter(|| draw(&mut app, &mut terminal))
        });
        c.bench_function(&format!("key/move/{name}"), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Down);
                draw(&mut app, &mut terminal);
                key(&mut app, KeyCode::Up);
                draw(&mut app, &mut terminal);
            })
        });
        // An edit and its undo: map the selected cell, then take it back.
        c.bench_function(&format!("key/edit+undo/{name}"), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Char('m'));
                draw(&mut app, &mut terminal);
                key(&mut app, KeyCode::Char('u'));
                draw(&mut app, &mut terminal);
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
