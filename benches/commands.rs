//! The commands that read whole workspaces besides opening one: `diff` of two, `merge` of three
//! and `import --csv` of an inventory, each on generated workspaces made here, in the setup.
//!
//! - `diff` and `merge`: a generated workspace (the base) and two edited sides: every 7th / 11th
//!   item renamed, every 21st / 33rd deleted, and one side with a tenth more items added among
//!   the others.
//! - `import`: the same inventory (every item of a 10,000-item workspace, without ids, so every
//!   row adds an item) into a workspace of 10,000 items and one of 100,000: the per-row cost does
//!   not depend on the workspace's size, so the two take about the same time. The workspace is
//!   handed over by value, as the command does, its copy made outside the timing.
//!
//! Each runs in seconds with `cargo bench --bench commands -- --sample-size 10`.

#[path = "../tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use journeymap::export::{Format, render};
use journeymap::import::import_csv;
use journeymap::model::{Contents, Date, Id, Item, Table, Workspace, diff, merge};

/// How many items the base workspace of `diff` and `merge` has.
const ITEMS: usize = 20_000;

/// One side of a merge: every `every`th item renamed, every `3 × every`th deleted (unless a
/// metric points at it), and `added` new items spread among the others.
fn side(base: &Workspace, tag: &str, every: usize, added: usize, first_id: u128) -> Contents {
    let mut contents = base.contents().clone();
    let used: HashSet<Id> = base.metrics().iter().filter_map(|m| m.item_id).collect();
    let template = base.items().iter().next().expect("items").clone();
    let mut items: Vec<Item> = Vec::new();
    let mut new = 0;
    for (n, item) in base.items().iter().enumerate() {
        if n % (every * 3) == 1 && !used.contains(&item.id) {
            continue;
        }
        if new < added && n % 9 == 3 {
            items.push(Item {
                id: Id::from_u128(first_id + new as u128),
                title: format!("Added by {tag} {new}"),
                ..template.clone()
            });
            new += 1;
        }
        let mut item = item.clone();
        if n % every == 0 {
            item.title = format!("{} ({tag})", item.title);
        }
        items.push(item);
    }
    contents.items = Table::from_rows(items);
    contents
}

fn diff_and_merge(c: &mut Criterion) {
    let base = generate::generate(ITEMS);
    let ours = side(&base, "ours", 7, 0, 1 << 100);
    let theirs = side(&base, "theirs", 11, ITEMS / 10, 1 << 101);
    let mut group = c.benchmark_group("commands");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(ITEMS as u64));

    let old = Workspace::from_contents(ours.clone());
    let new = Workspace::from_contents(theirs.clone());
    group.bench_function("diff_20k", |b| {
        b.iter(|| diff::diff(black_box(&old), black_box(&new)))
    });
    let base = base.into_contents();
    group.bench_function("merge_20k", |b| {
        b.iter(|| merge::merge_contents(Some(black_box(&base)), &ours, &theirs).expect("merges"))
    });
    group.finish();
}

fn import(c: &mut Criterion) {
    let rows = 10_000;
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let inventory = render(&generate::generate(rows), Format::Csv, None, today);
    let csv = without_ids(&inventory);
    let mut group = c.benchmark_group("commands");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(rows as u64));
    for items in [10_000, 100_000] {
        let workspace = generate::generate(items);
        group.bench_function(format!("import_10k_rows_into_{}k", items / 1000), |b| {
            b.iter_batched(
                || workspace.clone(),
                |workspace| import_csv(workspace, black_box(&csv)).expect("imports"),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// The inventory with its `id` column emptied: every row adds an item.
fn without_ids(inventory: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(inventory);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (at, record) in reader.records().enumerate() {
        let record = record.expect("a record");
        let mut cells: Vec<&str> = record.iter().collect();
        if at > 0 {
            cells[0] = "";
        }
        writer.write_record(cells).expect("written to memory");
    }
    writer.into_inner().expect("written to memory")
}

criterion_group!(benches, diff_and_merge, import);
criterion_main!(benches);
