//! `diff`, `merge` and `import --csv` give exactly the bytes they always gave: golden files of
//! their output on two edited copies of the sample (renames, deletions, additions, moved and
//! reordered steps, unknown fields, conflicts) and on the hostile workspace, so that making them
//! faster cannot change a word.
//!
//! Golden files live in `tests/golden/`; rewrite them with `UPDATE_GOLDEN=1 cargo test --test
//! commands_golden` only after a deliberate change of what the commands say.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::{Run, run, temp_dir};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.json")
}

/// Compares with a golden file, or rewrites it when `UPDATE_GOLDEN` is set.
fn assert_golden(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).expect("write a golden file");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test commands_golden",
            path.display()
        )
    });
    if let Some((at, (e, a))) = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .find(|(_, (e, a))| e != a)
    {
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {e:?}\n  now:    {a:?}",
            at + 1
        );
    }
    assert_eq!(expected, actual, "{name} differs from its golden file");
}

/// What a run said, as one text: exit code, standard output, standard error.
fn said(run: &Run) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Ids an import made up (random by design) replaced by `NEW-1`, `NEW-2`… in order of first
/// appearance, so the rest of the file can be compared byte for byte.
fn number_new_ids(text: &str, known: &str) -> String {
    let is_id = |word: &str| word.len() == 36 && word.parse::<uuid::Uuid>().is_ok();
    let mut new: Vec<&str> = Vec::new();
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let word = &after[..end];
        out.push_str(&rest[..=start]);
        if is_id(word) && !known.contains(word) {
            let n = new.iter().position(|w| *w == word).unwrap_or_else(|| {
                new.push(word);
                new.len() - 1
            });
            out.push_str(&format!("NEW-{}", n + 1));
        } else {
            out.push_str(word);
        }
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn diffs_of_the_edited_samples_match_their_golden_files() {
    let [ours, theirs, hostile] = ["sample-ours.json", "sample-theirs.json", "hostile.json"]
        .map(golden)
        .map(|p| p.to_string_lossy().into_owned());
    let sample = sample().to_string_lossy().into_owned();
    for (name, old, new) in [
        ("diff-sample-ours.txt", &sample, &ours),
        ("diff-ours-theirs.txt", &ours, &theirs),
        ("diff-sample-theirs.txt", &sample, &theirs),
        ("diff-theirs-ours.txt", &theirs, &ours),
        ("diff-sample-hostile.txt", &sample, &hostile),
        ("diff-hostile-theirs.txt", &hostile, &theirs),
    ] {
        assert_golden(name, &said(&run(&["diff", old, new])));
    }
    assert_golden(
        "textconv-theirs.txt",
        &said(&run(&["diff", "--textconv", &theirs])),
    );
}

#[test]
fn merges_of_the_edited_samples_match_their_golden_files() {
    let dir = temp_dir();
    let empty = dir.path().join("empty");
    fs::write(&empty, "").expect("write the empty base");
    for (name, base, ours, theirs) in [
        (
            "merge-ours-theirs",
            sample(),
            golden("sample-ours.json"),
            golden("sample-theirs.json"),
        ),
        (
            "merge-theirs-ours",
            sample(),
            golden("sample-theirs.json"),
            golden("sample-ours.json"),
        ),
        (
            "merge-no-base",
            empty.clone(),
            golden("sample-ours.json"),
            golden("sample-theirs.json"),
        ),
        (
            "merge-hostile",
            sample(),
            golden("hostile.json"),
            golden("sample-theirs.json"),
        ),
    ] {
        let target = dir.path().join(format!("{name}.json"));
        fs::copy(&ours, &target).expect("copy ours");
        let merge = run(&[
            "merge".as_ref(),
            base.as_os_str(),
            target.as_os_str(),
            theirs.as_os_str(),
        ]);
        let merged = fs::read_to_string(&target).expect("read the merged file");
        assert_golden(&format!("{name}.txt"), &said(&merge));
        assert_golden(&format!("{name}.json"), &merged);
    }
}

#[test]
fn an_import_into_the_sample_matches_its_golden_file() {
    let dir = temp_dir();
    let target = dir.path().join("imported.json");
    fs::copy(sample(), &target).expect("copy the sample");
    let csv = golden("sample-import.csv");
    let known = fs::read_to_string(sample()).expect("read the sample");
    let dry = run(&[
        "import".as_ref(),
        target.as_os_str(),
        "--csv".as_ref(),
        csv.as_os_str(),
    ]);
    let import = run(&[
        "import".as_ref(),
        target.as_os_str(),
        "--csv".as_ref(),
        csv.as_os_str(),
        "--skip-invalid".as_ref(),
    ]);
    let place = dir.path().to_string_lossy().into_owned();
    let csv_place = csv.to_string_lossy().into_owned();
    let words = |run: &Run| {
        said(run)
            .replace(&place, "DIR")
            .replace(&csv_place, "FILE.csv")
    };
    assert_golden("import-sample-refused.txt", &words(&dry));
    assert_golden("import-sample.txt", &words(&import));
    let imported = fs::read_to_string(&target).expect("read the imported file");
    assert_golden("import-sample.json", &number_new_ids(&imported, &known));
}

/// Two sides of a generated workspace, each with its own edits: renamed, deleted and added
/// items (a run of them on one side), a journey's steps reordered, a metric changed, and an item
/// both sides changed differently.
fn generated_sides() -> [journeymap::model::Workspace; 3] {
    use journeymap::model::{Id, Item, Table, Workspace};
    let base = support::generate(600);
    let side = |tag: &str, every: usize, added: usize, first_id: u128| {
        let mut contents = base.contents().clone();
        let mut items: Vec<Item> = Vec::new();
        for (n, item) in base.items().iter().enumerate() {
            let used = base.metrics().iter().any(|m| m.item_id == Some(item.id));
            if n % (every * 3) == 1 && !used {
                continue;
            }
            let mut item = item.clone();
            if n % every == 0 {
                item.title = format!("{} ({tag})", item.title);
            }
            if n == 100 {
                item.owner = tag.to_string();
            }
            items.push(item);
        }
        let template = items[0].clone();
        for k in 0..added {
            let at = (k * 7 + 3) % items.len();
            items.insert(
                at,
                Item {
                    id: Id::from_u128(first_id + k as u128),
                    title: format!("Added by {tag} {k}"),
                    ..template.clone()
                },
            );
        }
        contents.items = Table::from_rows(items);
        let mut journeys: Vec<_> = base.journeys().iter().cloned().collect();
        let reordered = every % journeys.len();
        journeys[reordered].steps.swap(1, 4);
        contents.journeys = Table::from_rows(journeys);
        let mut metrics: Vec<_> = base.metrics().iter().cloned().collect();
        let changed = every % metrics.len();
        metrics[changed].actual = Some(every as f64 + 0.5);
        contents.metrics = Table::from_rows(metrics);
        Workspace::from_contents(contents)
    };
    let ours = side("ours", 7, 3, 1 << 100);
    let theirs = side("theirs", 11, 40, 1 << 101);
    [base, ours, theirs]
}

#[test]
fn a_diff_and_a_merge_of_generated_workspaces_match_their_golden_files() {
    let dir = temp_dir();
    let [base, ours, theirs] = generated_sides().map(|ws| journeymap::storage::encode(&ws));
    let base = support::write_file(dir.path(), "base.json", base);
    let ours = support::write_file(dir.path(), "ours.json", ours);
    let theirs = support::write_file(dir.path(), "theirs.json", theirs);
    let diff = run(&["diff".as_ref(), ours.as_os_str(), theirs.as_os_str()]);
    assert_golden("diff-generated.txt", &said(&diff));
    let merged = dir.path().join("merged.json");
    fs::copy(&ours, &merged).expect("copy ours");
    let merge = run(&[
        "merge".as_ref(),
        base.as_os_str(),
        merged.as_os_str(),
        theirs.as_os_str(),
    ]);
    assert_golden("merge-generated.txt", &said(&merge));
    let merged_words = run(&["diff".as_ref(), ours.as_os_str(), merged.as_os_str()]);
    assert_golden("merge-generated-from-ours.txt", &said(&merged_words));
}
