//! Reading, checking, writing and saving a 100,000-item workspace.
//!
//! `serde_json::Value` parsing of the same bytes is the floor: `decode` cannot be much faster than
//! reading the JSON at all.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use journeymap::model::rules::check_workspace;
use journeymap::storage::{create_new, decode, encode, save};

#[path = "../tests/support/generate.rs"]
mod generate;

const ITEMS: usize = 100_000;

fn storage(c: &mut Criterion) {
    let workspace = generate::generate(ITEMS);
    let bytes = encode(&workspace);
    eprintln!("{ITEMS} items: {} bytes of canonical JSON", bytes.len());

    let mut group = c.benchmark_group(format!("storage_{ITEMS}_items"));
    group
        .sample_size(10)
        // Each iteration takes tens to hundreds of ms: the same count per sample suits that.
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes.len() as u64));

    group.bench_function("parse_json_value_floor", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap())
    });
    group.bench_function("decode", |b| b.iter(|| decode(black_box(&bytes)).unwrap()));
    group.bench_function("check_workspace", |b| {
        b.iter(|| {
            let problems = check_workspace(black_box(&workspace));
            assert!(problems.is_empty());
            problems
        })
    });
    group.bench_function("encode", |b| b.iter(|| encode(black_box(&workspace))));

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.json");
    let (real, mut state) = create_new(&path, &bytes).expect("create the bench file");
    group.bench_function("save", |b| {
        b.iter(|| {
            state = save(&real, black_box(&bytes), &state).expect("save");
        })
    });
    group.finish();
}

criterion_group!(benches, storage);
criterion_main!(benches);
