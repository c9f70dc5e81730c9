//! Checking a valid workspace is nearly free next to reading it: it builds no text and no map of
//! its own, so the allocations it makes do not grow with the number of entries (a string and a
//! set per entry once made validation cost half as much as parsing the file).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use journeymap::model::rules::check_workspace;
use journeymap::storage::{decode, encode};

#[path = "support/generate.rs"]
mod generate;

/// Counts the allocations of the current thread, so tests running alongside do not add theirs.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations<T>(run: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = run();
    (ALLOCATIONS.with(Cell::get) - before, result)
}

#[test]
fn checking_a_valid_workspace_allocates_nothing_per_entry() {
    let small = generate::generate(500);
    let large = generate::generate(20_000);
    let (few, problems) = allocations(|| check_workspace(&small));
    assert!(problems.is_empty(), "{problems:?}");
    let (many, problems) = allocations(|| check_workspace(&large));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        few, many,
        "checking 40 times the entries made {many} allocations instead of {few}"
    );
}

#[test]
fn a_broken_large_workspace_still_names_every_problem() {
    // The checks that allocate nothing for a valid file must still find what is wrong with an
    // invalid one: here an item's id repeated far from the first, and a dangling step.
    let workspace = generate::generate(20_000);
    let mut text = String::from_utf8(encode(&workspace)).expect("UTF-8");
    let first = workspace.items().at(3).expect("an item").id.to_string();
    let last = workspace
        .items()
        .at(19_000)
        .expect("an item")
        .id
        .to_string();
    text = text.replacen(
        &format!("\"id\": \"{last}\""),
        &format!("\"id\": \"{first}\""),
        1,
    );
    let lines: Vec<String> = match decode(text.as_bytes()) {
        Err(journeymap::storage::LoadError::Invalid(problems)) => {
            problems.iter().map(|p| p.to_string()).collect()
        }
        other => panic!("expected problems, got {:?}", other.map(|_| ())),
    };
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("items[19000] \"Item 19000")
                && line.contains(&format!("id: {first} is already the id of items[3]"))),
        "{lines:#?}"
    );
}
