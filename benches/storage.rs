//! Reading, checking, writing and saving generated workspaces of 100,000 and 1,000,000 items.
//!
//! The floor of `decode` is the typed parse: the same bytes deserialised into plain structs of
//! the version-1 format that keep unknown fields ([`floor`]), with nothing else done. A generic
//! `serde_json::Value` parse costs about twice that and would hide a loader twice as slow as it
//! needs to be. The 1M workspace is generated here, in the setup, with the fewest samples
//! criterion takes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use journeymap::model::Workspace;
use journeymap::model::rules::check_workspace;
use journeymap::storage::{create_new, decode, encode, parse, save};

#[path = "../tests/support/generate.rs"]
mod generate;

/// The version-1 file as plain typed structs: what reading it costs at the least. Enumerations
/// and dates are plain strings; unknown fields are kept, as the program keeps them.
#[allow(dead_code)]
mod floor {
    use serde::Deserialize;

    type Extra = serde_json::Map<String, serde_json::Value>;
    type Id = uuid::Uuid;

    #[derive(Deserialize)]
    pub struct Workspace {
        pub format: String,
        pub version: u32,
        pub name: String,
        pub currency: String,
        pub objectives: Vec<Objective>,
        pub channels: Vec<Channel>,
        pub personas: Vec<Persona>,
        pub content_types: Vec<ContentType>,
        pub journeys: Vec<Journey>,
        pub items: Vec<Item>,
        pub metrics: Vec<Metric>,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Objective {
        pub id: Id,
        pub title: String,
        pub notes: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Channel {
        pub id: Id,
        pub name: String,
        pub media: String,
        pub budget: f64,
        pub notes: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Persona {
        pub id: Id,
        pub name: String,
        pub summary: String,
        pub characteristics: String,
        pub needs: String,
        pub preferences: String,
        pub challenges: String,
        pub values: String,
        pub channel_ids: Vec<Id>,
        pub tags: Vec<String>,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct ContentType {
        pub id: Id,
        pub name: String,
        pub kind: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Journey {
        pub id: Id,
        pub name: String,
        pub persona_ids: Vec<Id>,
        pub objective_id: Option<Id>,
        pub current_state: String,
        pub desired_state: String,
        pub steps: Vec<Step>,
        pub mappings: Vec<Mapping>,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Step {
        pub id: Id,
        pub name: String,
        pub actions: String,
        pub touchpoints: String,
        pub pain_points: String,
        pub opportunities: String,
        pub emotion: Option<u8>,
        pub notes: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Mapping {
        pub step_id: Id,
        pub content_type_id: Id,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Item {
        pub id: Id,
        pub title: String,
        pub content_type_id: Id,
        pub step_ids: Vec<Id>,
        pub channel_id: Option<Id>,
        pub status: String,
        pub owner: String,
        pub available_on: Option<String>,
        pub cost: f64,
        pub url: String,
        pub notes: String,
        #[serde(flatten)]
        pub extra: Extra,
    }
    #[derive(Deserialize)]
    pub struct Metric {
        pub id: Id,
        pub name: String,
        pub level: String,
        pub unit: String,
        pub target: Option<f64>,
        pub actual: Option<f64>,
        pub journey_id: Option<Id>,
        pub step_id: Option<Id>,
        pub item_id: Option<Id>,
        #[serde(flatten)]
        pub extra: Extra,
    }
}

fn group<'a>(
    c: &'a mut Criterion,
    items: usize,
    bytes: &[u8],
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(format!("storage_{items}_items"));
    group
        .sample_size(10)
        // Each iteration takes tens of ms to seconds: the same count per sample suits that.
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if items > 100_000 { 20 } else { 10 }))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group
}

/// The typed floor, the whole load (`decode`: parse, index, check) and its parts: `parse` is
/// the part to hold against the floor (the bytes read into tables, each indexed by id). And
/// from a file, as a session opens one: `open` (the file read in place, then decoded) against
/// `open_typed_floor` (the file read into memory, then the typed parse).
fn load(
    group: &mut BenchmarkGroup<criterion::measurement::WallTime>,
    bytes: &[u8],
    workspace: &Workspace,
) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("open.json");
    std::fs::write(&path, bytes).expect("write the bench file");
    group.bench_function("open_typed_floor", |b| {
        b.iter(|| {
            let bytes = std::fs::read(black_box(&path)).unwrap();
            serde_json::from_slice::<floor::Workspace>(&bytes).unwrap()
        })
    });
    group.bench_function("open", |b| {
        b.iter(|| journeymap::storage::load(black_box(&path)).unwrap())
    });
    group.bench_function("parse_typed_floor", |b| {
        b.iter(|| serde_json::from_slice::<floor::Workspace>(black_box(bytes)).unwrap())
    });
    group.bench_function("parse", |b| b.iter(|| parse(black_box(bytes)).unwrap()));
    group.bench_function("decode", |b| b.iter(|| decode(black_box(bytes)).unwrap()));
    group.bench_function("check_workspace", |b| {
        b.iter(|| {
            let problems = check_workspace(black_box(workspace));
            assert!(problems.is_empty());
            problems
        })
    });
    group.bench_function("index", |b| {
        b.iter(|| Workspace::from_contents(black_box(workspace.contents().clone())))
    });
}

fn storage(c: &mut Criterion) {
    const ITEMS: usize = 100_000;
    let workspace = generate::generate(ITEMS);
    let bytes = encode(&workspace);
    eprintln!("{ITEMS} items: {} bytes of canonical JSON", bytes.len());
    let mut group = group(c, ITEMS, &bytes);
    load(&mut group, &bytes, &workspace);
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

fn storage_1m(c: &mut Criterion) {
    const ITEMS: usize = 1_000_000;
    let workspace = generate::generate(ITEMS);
    let bytes = encode(&workspace);
    eprintln!("{ITEMS} items: {} bytes of canonical JSON", bytes.len());
    let mut group = group(c, ITEMS, &bytes);
    load(&mut group, &bytes, &workspace);
    group.finish();
}

criterion_group!(benches, storage, storage_1m);
criterion_main!(benches);
