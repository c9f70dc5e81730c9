//! Saving without making a key wait, at 100,000 and 1,000,000 items.
//!
//! - `key_at_rest` / `key_during_save`: a key (an edit on the board, then a frame) as the screen
//!   handles it, with no save running and while the worker encodes and writes the workspace the
//!   screen's thread snapshotted. A key that starts a save pays for that start (the snapshot)
//!   too. Besides criterion's mean, each prints the median and the slowest key it timed.
//! - keys through a wake-up (printed, not a criterion bench): as the screen gets them, from a
//!   thread that wakes when the key arrives and hands it to the screen's thread, which handles it
//!   and draws; timed from the key's arrival to its frame. At rest, and while saves run on a
//!   worker that gives way to the screen's threads (as the screen's worker does) and on one that
//!   does not (as before): on a machine with few cores the wake-ups, not the handling, are what
//!   a save delays.
//! - `atomic_save` vs `plain_write`: the session's save (the check that nobody else changed
//!   the file, then temporary file, write, fsync, rename, folder fsync) against a plain write,
//!   fsync and rename of the same bytes.
//! - `rows`: what the persistent vector of a table costs: reading the items into it vs into a
//!   `Vec`, and walking all of them.
//!
//! `JOURNEYMAP_BENCH_SIZES=100000` limits the sizes (the 1M workspace takes a while to make).

#[path = "../tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use journeymap::app::{App, Msg};
use journeymap::model::{Date, Id, IdMap, Item, Table, Workspace};
use journeymap::storage::session::{Landed, SaveJob, Session};
use journeymap::storage::{encode, save};
use journeymap::tui::give_way::GiveWay;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn sizes() -> Vec<usize> {
    std::env::var("JOURNEYMAP_BENCH_SIZES")
        .ok()
        .map(|sizes| {
            sizes
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

fn label(items: usize) -> String {
    match items {
        n if n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// The screen's side: the app, a terminal of 80×24, and keys timed one by one.
struct Screen {
    app: App,
    terminal: Terminal<TestBackend>,
    presses: u64,
}

impl Screen {
    fn new(workspace: Workspace) -> Screen {
        let today: Date = "2026-11-23".parse().expect("a date");
        let mut screen = Screen {
            app: App::new(workspace, "bench.json".into(), today, None),
            terminal: Terminal::new(TestBackend::new(80, 24)).expect("a test terminal"),
            presses: 0,
        };
        // To the board, where the digits set the selected step's emotion.
        screen.key(KeyCode::Tab);
        screen.key(KeyCode::Tab);
        screen.draw();
        screen
    }

    fn key(&mut self, code: KeyCode) {
        self.app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn draw(&mut self) {
        let mut layout = None;
        self.terminal
            .draw(|frame| layout = Some(journeymap::ui::render(&self.app, frame)))
            .expect("draws");
        if let Some(layout) = layout {
            self.app.update(Msg::Drawn(layout));
        }
    }

    /// An edit (the emotion goes round 1–5) and the frame that shows it.
    fn edit(&mut self) {
        self.presses += 1;
        let digit = char::from(b'1' + (self.presses % 5) as u8);
        self.key(KeyCode::Char(digit));
        self.draw();
    }
}

/// A save worker as the screen's: it runs [`SaveJob`]s one at a time.
struct Worker {
    jobs: Sender<SaveJob>,
    landed: Receiver<Landed>,
}

impl Worker {
    /// A worker that gives way to other threads while it works (`give_way`), as the screen's.
    fn start(give_way: bool) -> Worker {
        let (jobs, to_run) = channel::<SaveJob>();
        let (done, landed) = channel();
        std::thread::spawn(move || {
            let give_way = give_way.then(GiveWay::for_this_thread);
            for job in to_run {
                let saved = match &give_way {
                    Some(give_way) => give_way.during(|| job.run()),
                    None => job.run(),
                };
                if done.send(saved).is_err() {
                    return;
                }
            }
        });
        Worker { jobs, landed }
    }
}

/// How long after each other the keys arrive.
const KEY_EVERY: Duration = Duration::from_millis(4);

/// `count` keys (edits) through a wake-up, as the terminal's reader hands them to the screen:
/// the time from each key's arrival to its frame drawn. With a `worker`, a save runs all the
/// while (the next starts when one lands, as the screen's schedule does with edits waiting).
fn keys_through_a_wake_up(
    screen: &mut Screen,
    session: &mut Session,
    worker: Option<&Worker>,
    count: usize,
) -> (Vec<Duration>, usize) {
    let (arrived, keys) = channel::<Instant>();
    let reader = std::thread::spawn(move || {
        let mut next = Instant::now() + KEY_EVERY;
        for _ in 0..count {
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
            if arrived.send(next).is_err() {
                return;
            }
            next += KEY_EVERY;
        }
    });
    let mut times = Vec::with_capacity(count);
    let mut saves = 0;
    let mut running = false;
    for arrival in keys {
        if let Some(worker) = worker {
            if let Ok(landed) = worker.landed.try_recv() {
                session.land(landed).expect("saved");
                running = false;
            }
            if !running {
                let job = session.save_job(screen.app.ws.snapshot());
                worker.jobs.send(job).expect("the worker runs");
                running = true;
                saves += 1;
            }
        }
        screen.edit();
        times.push(arrival.elapsed());
    }
    reader.join().expect("the reader ends");
    if running && let Some(worker) = worker {
        let landed = worker.landed.recv().expect("the last save lands");
        session.land(landed).expect("saved");
    }
    (times, saves)
}

fn report(what: &str, times: &mut [Duration], rest_median: f64) {
    let (median, slowest) = median_and_slowest(times);
    let p99 = times[times.len() * 99 / 100].as_secs_f64() * 1e3;
    eprintln!(
        "  {what}: {} keys, median {median:.3} ms, 99th percentile {p99:.3} ms, slowest \
         {slowest:.3} ms ({:.2}× the median at rest)",
        times.len(),
        slowest / rest_median
    );
}

/// What a reload costs the screen's thread: the workspace read from disk put in place of the
/// one shown (the replaced one handed to the loop, which frees it on its worker), against the
/// same with the replaced one freed here, as before.
fn reload_swap_in(items: usize, workspace: &Workspace) {
    let today: Date = "2026-11-23".parse().expect("a date");
    let bytes = encode(workspace);
    let read = || Box::new(journeymap::storage::decode(&bytes).expect("decodes"));
    let mut app = App::new(*read(), "bench.json".into(), today, None);
    let (mut handed, mut freed_here) = (Vec::new(), Vec::new());
    for round in 0..6 {
        // Read from the bytes, as a reload reads the file: it shares nothing with the one shown.
        let read = read();
        let start = Instant::now();
        let effects = app.update(Msg::Reloaded {
            workspace: read,
            notice: "reloaded".into(),
            unsaved: false,
        });
        let swapped = start.elapsed();
        drop(effects);
        let with_free = start.elapsed();
        if round > 0 {
            handed.push(swapped);
            freed_here.push(with_free);
        }
    }
    let (handed, _) = median_and_slowest(&mut handed);
    let (freed_here, _) = median_and_slowest(&mut freed_here);
    eprintln!(
        "{}: a reload's swap-in on the screen's thread: {handed:.3} ms; with the replaced \
         workspace freed there too (as before): {freed_here:.3} ms (medians of 5)",
        label(items)
    );
}

/// Keys through a wake-up at rest, during saves on a worker that gives way, and during saves on
/// one that does not, taken in turns so that the machine's load falls on all three alike.
fn wake_ups(items: usize, screen: &mut Screen, session: &mut Session) {
    let count = if items >= 1_000_000 { 100 } else { 200 };
    let giving = Worker::start(true);
    let keeping = Worker::start(false);
    let (mut rest, mut during, mut before) = (Vec::new(), Vec::new(), Vec::new());
    let mut saves = (0, 0);
    for _ in 0..3 {
        rest.extend(keys_through_a_wake_up(screen, session, None, count).0);
        let (times, n) = keys_through_a_wake_up(screen, session, Some(&giving), count);
        during.extend(times);
        saves.0 += n;
        let (times, n) = keys_through_a_wake_up(screen, session, Some(&keeping), count);
        before.extend(times);
        saves.1 += n;
    }
    eprintln!(
        "{}: keys through a wake-up, from arrival to frame:",
        label(items)
    );
    let (rest_median, _) = median_and_slowest(&mut rest);
    report("at rest", &mut rest, rest_median);
    report(
        &format!("during {} saves, worker giving way", saves.0),
        &mut during,
        rest_median,
    );
    report(
        &format!("during {} saves, worker not giving way", saves.1),
        &mut before,
        rest_median,
    );
}

/// The median and the slowest of `times`, in milliseconds.
fn median_and_slowest(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

fn keys(c: &mut Criterion, items: usize, workspace: &Workspace, folder: &Path) {
    let path = folder.join(format!("keys-{items}.json"));
    std::fs::write(&path, encode(workspace)).expect("the bench file");
    let opened = Session::open(&path).expect("opens");
    let mut session = opened.session;
    let mut screen = Screen::new(opened.workspace);
    let worker = Worker::start(true);
    let name = label(items);

    let mut group = c.benchmark_group(format!("save_while_typing_{name}"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(if items >= 1_000_000 { 20 } else { 5 }));

    let mut at_rest = Vec::new();
    group.bench_function("key_at_rest", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                screen.edit();
                let took = start.elapsed();
                at_rest.push(took);
                total += took;
            }
            total
        })
    });

    let mut during = Vec::new();
    let mut saves = 0;
    // One save at a time, as the screen's schedule runs them, across criterion's batches.
    let mut running = false;
    group.bench_function("key_during_save", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if let Ok(landed) = worker.landed.try_recv() {
                    session.land(landed).expect("saved");
                    running = false;
                }
                let start = Instant::now();
                if !running {
                    // As the loop does when a save is due: a snapshot, handed to the worker.
                    let job = session.save_job(screen.app.ws.snapshot());
                    worker.jobs.send(job).expect("the worker runs");
                    running = true;
                    saves += 1;
                }
                screen.edit();
                let took = start.elapsed();
                during.push(took);
                total += took;
            }
            total
        })
    });
    group.finish();
    if running && let Ok(landed) = worker.landed.recv_timeout(Duration::from_secs(600)) {
        session.land(landed).expect("saved");
    }
    wake_ups(items, &mut screen, &mut session);
    let (rest_median, rest_slowest) = median_and_slowest(&mut at_rest);
    let (save_median, save_slowest) = median_and_slowest(&mut during);
    eprintln!(
        "{name}: at rest {} keys, median {rest_median:.3} ms, slowest {rest_slowest:.3} ms; \
         during {saves} saves {} keys, median {save_median:.3} ms, slowest {save_slowest:.3} ms \
         ({:.2}× the median at rest)",
        at_rest.len(),
        during.len(),
        save_slowest / rest_median
    );
}

/// Temporary file in the same folder, write, fsync, rename, folder fsync: what any atomic save
/// costs, without journeymap's check.
fn plain_write(path: &Path, bytes: &[u8]) {
    let temp = path.with_extension("plain");
    let mut file = std::fs::File::create(&temp).expect("creates");
    file.write_all(bytes).expect("writes");
    file.sync_all().expect("fsyncs");
    std::fs::rename(&temp, path).expect("renames");
    std::fs::File::open(path.parent().expect("a folder"))
        .and_then(|folder| folder.sync_all())
        .expect("fsyncs the folder");
}

fn saves(c: &mut Criterion, items: usize, workspace: &Workspace, folder: &Path) {
    let bytes = encode(workspace);
    let path = folder.join(format!("save-{items}.json"));
    std::fs::write(&path, &bytes).expect("the bench file");
    let plain = folder.join(format!("plain-{items}.json"));
    std::fs::write(&plain, &bytes).expect("the bench file");
    let (_, _, mut state) = journeymap::storage::disk::read(&path).expect("reads");

    let mut group = c.benchmark_group(format!("save_{}", label(items)));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if items >= 1_000_000 { 30 } else { 8 }));
    group.bench_function("plain_write", |b| {
        b.iter(|| plain_write(&plain, black_box(&bytes)))
    });
    group.bench_function("atomic_save", |b| {
        b.iter(|| state = save(&path, black_box(&bytes), &state).expect("saves"))
    });
    group.finish();
}

fn rows(c: &mut Criterion, items: usize, workspace: &Workspace) {
    let json = serde_json::to_vec(workspace.items()).expect("items serialise");
    let vec: Vec<Item> = workspace.items().iter().cloned().collect();

    let mut group = c.benchmark_group(format!("rows_{}", label(items)));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if items >= 1_000_000 { 20 } else { 5 }));
    group.bench_function("read_into_vec", |b| {
        b.iter(|| serde_json::from_slice::<Vec<Item>>(black_box(&json)).expect("reads"))
    });
    // What the table did before its rows were a persistent vector: a `Vec`, and its index.
    group.bench_function("read_into_vec_and_index", |b| {
        b.iter(|| {
            let rows = serde_json::from_slice::<Vec<Item>>(black_box(&json)).expect("reads");
            let positions: IdMap<Id, usize> = rows
                .iter()
                .enumerate()
                .rev()
                .map(|(at, row)| (row.id, at))
                .collect();
            (rows, positions)
        })
    });
    group.bench_function("read_into_table", |b| {
        b.iter(|| serde_json::from_slice::<Table<Item>>(black_box(&json)).expect("reads"))
    });
    group.bench_function("walk_vec", |b| {
        b.iter(|| black_box(&vec).iter().map(|item| item.cost).sum::<f64>())
    });
    group.bench_function("walk_table", |b| {
        b.iter(|| {
            black_box(workspace.items())
                .iter()
                .map(|item| item.cost)
                .sum::<f64>()
        })
    });
    // A walk that reads text, as a search does.
    group.bench_function("walk_vec_titles", |b| {
        b.iter(|| {
            black_box(&vec)
                .iter()
                .filter(|item| item.title.contains("zq"))
                .count()
        })
    });
    group.bench_function("walk_table_titles", |b| {
        b.iter(|| {
            let mut found = 0;
            for item in black_box(workspace.items()) {
                found += usize::from(item.title.contains("zq"));
            }
            found
        })
    });
    group.bench_function("snapshot", |b| b.iter(|| black_box(workspace).snapshot()));
    group.finish();
}

fn bench(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for items in sizes() {
        let workspace = generate::generate(items);
        rows(c, items, &workspace);
        saves(c, items, &workspace, folder.path());
        keys(c, items, &workspace, folder.path());
        reload_swap_in(items, &workspace);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
