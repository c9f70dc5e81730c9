//! journeymap with real git: `git-setup`, the merge driver under `git merge`, `git diff` through
//! the text conversion, `diff --git`, and the `merge`/`diff` commands run directly.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use journeymap::model::edit;
use journeymap::model::{Persona, Workspace};
use journeymap::storage::location::SAMPLE;
use journeymap::storage::lock::acquire;
use journeymap::storage::{LockState, decode, encode};
use support::{Run, binary, names_in, run_command, temp_dir, write_file};

fn run(args: &[&str]) -> Run {
    run_in(Path::new("."), args)
}

/// Runs git in `dir`, isolated from the user's and the system's configuration.
fn git_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_output(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs journeymap in `dir` (as a user in their repository would).
fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_command(
        Command::new(binary())
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", dir),
    )
}

/// A repository with the sample as `plan.json` committed on `main`.
fn repository() -> tempfile::TempDir {
    let dir = temp_dir();
    let path = dir.path();
    git(path, &["init", "-q", "-b", "main"]);
    git(path, &["config", "user.name", "Test Person"]);
    git(path, &["config", "user.email", "test@example.com"]);
    git(path, &["config", "commit.gpgsign", "false"]);
    write_file(path, "plan.json", SAMPLE);
    write_file(path, "README.md", "# Strategy\n");
    git(path, &["add", "."]);
    git(path, &["commit", "-q", "-m", "the sample"]);
    dir
}

fn load(path: &Path) -> Workspace {
    decode(&fs::read(path).unwrap()).expect("a valid workspace")
}

/// Edits the workspace file with the model's edit functions and commits it.
fn commit_edit(dir: &Path, file: &str, message: &str, change: impl FnOnce(&mut Workspace)) {
    let path = dir.join(file);
    let mut ws = load(&path);
    change(&mut ws);
    fs::write(&path, encode(&ws)).unwrap();
    git(dir, &["commit", "-q", "-am", message]);
}

fn persona(ws: &Workspace, name: &str) -> Persona {
    ws.personas()
        .iter()
        .find(|p| p.name == name)
        .unwrap()
        .clone()
}

fn set_persona(ws: &mut Workspace, name: &str, change: impl FnOnce(&mut Persona)) {
    let mut p = persona(ws, name);
    change(&mut p);
    edit::update(ws, p).unwrap();
}

fn set_emotion(ws: &mut Workspace, step: &str, emotion: u8) {
    let id = ws
        .journeys()
        .iter()
        .flat_map(|j| &j.steps)
        .find(|s| s.name == step)
        .unwrap()
        .id;
    edit::set_emotion(ws, id, Some(emotion)).unwrap();
}

fn setup(dir: &Path) {
    let out = run_in(dir, &["git-setup"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    git(dir, &["add", ".gitattributes"]);
    git(dir, &["commit", "-q", "-m", "journeymap merges plan.json"]);
}

#[test]
fn git_setup_registers_the_driver_and_says_what_it_did_once() {
    let repo = repository();
    let dir = repo.path();
    let out = run_in(dir, &["git-setup"]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(0), "{out:#?}");
    let exe = fs::canonicalize(binary()).unwrap();
    let exe = exe.to_str().unwrap();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "added to .gitattributes: /plan.json merge=journeymap diff=journeymap".to_string(),
            "set git config merge.journeymap.name = journeymap: three-way merge of workspaces by id"
                .to_string(),
            format!("set git config merge.journeymap.driver = '{exe}' merge %O %A %B"),
            format!("set git config diff.journeymap.textconv = '{exe}' diff --textconv"),
        ],
        "{out:#?}"
    );
    assert_eq!(
        fs::read_to_string(dir.join(".gitattributes")).unwrap(),
        "/plan.json merge=journeymap diff=journeymap\n"
    );
    assert_eq!(
        git(dir, &["config", "merge.journeymap.driver"]).trim(),
        format!("'{exe}' merge %O %A %B")
    );
    assert_eq!(
        git(dir, &["check-attr", "merge", "diff", "--", "plan.json"]),
        "plan.json: merge: journeymap\nplan.json: diff: journeymap\n"
    );
    assert_eq!(
        git(dir, &["check-attr", "merge", "--", "README.md"]),
        "README.md: merge: unspecified\n"
    );

    // Again: nothing changes, and it says so.
    let again = run_in(dir, &["git-setup", "plan.json"]);
    assert_eq!(again.code, Some(0), "{again:#?}");
    assert_eq!(
        again.stdout,
        "nothing to change: plan.json already merges and diffs with journeymap\n"
    );
    assert_eq!(
        fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .lines()
            .count(),
        1
    );
}

#[test]
fn git_setup_names_odd_paths_exactly_and_refuses_what_is_no_workspace() {
    let repo = repository();
    let dir = repo.path();
    fs::create_dir(dir.join("team plans")).unwrap();
    write_file(&dir.join("team plans"), "Q3 [draft].json", SAMPLE);
    write_file(dir, ".gitattributes", "*.png binary");
    let out = run_in(dir, &["git-setup", "team plans/Q3 [draft].json"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let attributes = fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert!(attributes.starts_with("*.png binary\n"), "{attributes}");
    assert_eq!(
        git(
            dir,
            &["check-attr", "merge", "--", "team plans/Q3 [draft].json"]
        ),
        "team plans/Q3 [draft].json: merge: journeymap\n"
    );
    assert_eq!(
        git(dir, &["check-attr", "merge", "--", "team plans/Q3 d.json"]),
        "team plans/Q3 d.json: merge: unspecified\n"
    );

    let out = run_in(dir, &["git-setup", "README.md"]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(
        out.stderr.contains("not a journeymap workspace"),
        "{out:#?}"
    );

    let elsewhere = temp_dir();
    write_file(elsewhere.path(), "plan.json", SAMPLE);
    let out = run_in(elsewhere.path(), &["git-setup"]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("not in a git repository"), "{out:#?}");
    out.assert_no_panic();
}

#[test]
fn branches_editing_different_personas_and_steps_merge_cleanly() {
    let repo = repository();
    let dir = repo.path();
    setup(dir);
    git(dir, &["checkout", "-q", "-b", "clara"]);
    commit_edit(dir, "plan.json", "Clara and Buys", |ws| {
        set_persona(ws, "Commuter Clara", |p| p.needs = "a safe route".into());
        set_emotion(ws, "Buys", 5);
    });
    git(dir, &["checkout", "-q", "-b", "jonas", "main"]);
    commit_edit(dir, "plan.json", "Jonas and Compares bikes", |ws| {
        set_persona(ws, "Weekend family Jonas", |p| {
            p.summary = "two kids".into()
        });
        set_emotion(ws, "Compares bikes", 4);
    });
    git(dir, &["checkout", "-q", "clara"]);
    let merge = git_output(dir, &["merge", "--no-edit", "jonas"]);
    assert!(
        merge.status.success(),
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );

    let bytes = fs::read(dir.join("plan.json")).unwrap();
    let ws = decode(&bytes).unwrap();
    assert_eq!(encode(&ws), bytes, "the merged file is canonical");
    assert_eq!(persona(&ws, "Commuter Clara").needs, "a safe route");
    assert_eq!(persona(&ws, "Weekend family Jonas").summary, "two kids");
    let emotion = |name: &str| {
        ws.journeys()
            .iter()
            .flat_map(|j| &j.steps)
            .find(|s| s.name == name)
            .unwrap()
            .emotion
    };
    assert_eq!(
        (emotion("Buys"), emotion("Compares bikes")),
        (Some(5), Some(4))
    );
    assert!(ws.conflicts().is_empty());
    let check = run_in(dir, &["check", "plan.json"]);
    assert_eq!(check.code, Some(0), "{check:#?}");
}

#[test]
fn branches_changing_one_field_differently_conflict_with_both_values_in_the_file() {
    let repo = repository();
    let dir = repo.path();
    setup(dir);
    git(dir, &["checkout", "-q", "-b", "ours"]);
    commit_edit(dir, "plan.json", "ours", |ws| {
        set_persona(ws, "Commuter Clara", |p| {
            p.name = "Clara the commuter".into()
        });
        set_persona(ws, "Retired Margit", |p| p.values = "time".into());
    });
    git(dir, &["checkout", "-q", "-b", "theirs", "main"]);
    commit_edit(dir, "plan.json", "theirs", |ws| {
        set_persona(ws, "Commuter Clara", |p| {
            p.name = "Clara, daily rider".into()
        });
    });
    git(dir, &["checkout", "-q", "ours"]);
    let merge = git_output(dir, &["merge", "--no-edit", "theirs"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merge.stdout),
        String::from_utf8_lossy(&merge.stderr)
    );
    assert!(!merge.status.success(), "{said}");
    assert!(
        said.contains("CONFLICT") && said.contains("plan.json"),
        "{said}"
    );
    assert!(
        said.contains(
            "persona 'Clara the commuter' name: ours 'Clara the commuter', theirs 'Clara, daily rider' (was 'Commuter Clara')"
        ),
        "{said}"
    );
    assert_eq!(git(dir, &["status", "--porcelain"]), "UU plan.json\n");

    let bytes = fs::read(dir.join("plan.json")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("<<<<<<<"), "no conflict markers");
    let ws = decode(&bytes).expect("the conflicted file is a valid workspace");
    assert_eq!(encode(&ws), bytes);
    assert_eq!(ws.conflicts().len(), 1);
    let conflict = &ws.conflicts()[0];
    assert_eq!(
        (conflict.kind.as_str(), conflict.field.as_str()),
        ("personas", "name")
    );
    assert_eq!(conflict.ours, "Clara the commuter");
    assert_eq!(conflict.theirs, "Clara, daily rider");
    assert_eq!(conflict.base, "Commuter Clara");
    assert_eq!(
        persona(&ws, "Retired Margit").values,
        "time",
        "the clean part merged"
    );
    let check = run_in(dir, &["check", "plan.json"]);
    assert_eq!(check.code, Some(0), "{check:#?}");
}

#[test]
fn both_branches_adding_the_same_file_merge_without_a_base() {
    let repo = repository();
    let dir = repo.path();
    write_file(dir, ".gitattributes", "/extra.json merge=journeymap\n");
    let out = run_in(dir, &["git-setup", "plan.json"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "setup"]);
    let add = |branch: &str, needs: &str| {
        git(dir, &["checkout", "-q", "-b", branch, "main"]);
        let mut ws = decode(SAMPLE.as_bytes()).unwrap();
        set_persona(&mut ws, "Commuter Clara", |p| p.needs = needs.into());
        fs::write(dir.join("extra.json"), encode(&ws)).unwrap();
        git(dir, &["add", "extra.json"]);
        git(dir, &["commit", "-q", "-m", branch]);
    };
    add("one", "speed");
    add("two", "comfort");
    git(dir, &["checkout", "-q", "one"]);
    // With no common ancestor every difference is a conflict, recorded in a valid file.
    let merge = git_output(dir, &["merge", "--no-edit", "two"]);
    assert!(!merge.status.success(), "{merge:?}");
    let ws = load(&dir.join("extra.json"));
    assert_eq!(ws.conflicts().len(), 1, "{:#?}", ws.conflicts());
    let conflict = &ws.conflicts()[0];
    assert_eq!(conflict.field, "needs");
    assert_eq!(
        (conflict.ours.as_str(), conflict.theirs.as_str()),
        (Some("speed"), Some("comfort"))
    );
    assert!(conflict.base.is_null());
}

#[test]
fn git_diff_speaks_domain_words_through_the_text_conversion() {
    let repo = repository();
    let dir = repo.path();
    setup(dir);
    let path = dir.join("plan.json");
    let mut ws = load(&path);
    set_emotion(&mut ws, "Buys", 2);
    set_persona(&mut ws, "Commuter Clara", |p| {
        p.needs = "a safe route".into()
    });
    fs::write(&path, encode(&ws)).unwrap();

    let shown = git(dir, &["diff"]);
    assert!(shown.contains("-  emotion: 3\n+  emotion: 2\n"), "{shown}");
    assert!(
        shown.contains("+  digital needs: a safe route\n"),
        "{shown}"
    );
    assert!(
        shown.contains("step 'Buys' (journey 'First commuter bike')"),
        "{shown}"
    );
    assert!(!shown.contains("\"emotion\""), "no JSON: {shown}");

    let out = run_in(dir, &["diff", "--git", "HEAD", "plan.json"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let expected = "persona 'Commuter Clara' digital needs 'A reliable bike that starts every morning: lights, mudguards…' → 'a safe route'\njourney 'First commuter bike': step 'Buys' emotion 3 → 2\n";
    assert_eq!(out.stdout, expected);
    // Without a path: the folder's only workspace.
    let out = run_in(dir, &["diff", "--git", "HEAD"]);
    assert_eq!(out.stdout, expected, "{out:#?}");
    let out = run_in(dir, &["diff", "--git", "no-such-rev", "plan.json"]);
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(out.stderr.contains("no-such-rev"), "{out:#?}");
    out.assert_no_panic();
}

// ---------------------------------------------------------------------------------------------
// The commands run directly

fn sample_with(change: impl FnOnce(&mut Workspace)) -> Vec<u8> {
    let mut ws = decode(SAMPLE.as_bytes()).unwrap();
    change(&mut ws);
    encode(&ws)
}

/// A path as an argument of the command line.
fn arg(path: &Path) -> String {
    path.to_str().expect("a test's paths are UTF-8").to_string()
}

/// The three sides of a merge in `d`, each the sample: base, ours, theirs.
fn sample_sides(d: &Path) -> (PathBuf, PathBuf, PathBuf) {
    (
        write_file(d, "base.json", SAMPLE),
        write_file(d, "ours.json", SAMPLE),
        write_file(d, "theirs.json", SAMPLE),
    )
}

#[test]
fn merge_writes_ours_and_exits_by_outcome() {
    let dir = temp_dir();
    let d = dir.path();

    // Identical sides: ours stays byte for byte.
    let (base, ours, theirs) = sample_sides(d);
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());

    // Clean: their change lands in ours.
    let theirs_bytes = sample_with(|ws| set_emotion(ws, "Buys", 1));
    fs::write(&theirs, &theirs_bytes).unwrap();
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&ours).unwrap(), theirs_bytes);

    // Conflicting: exit 1, the conflict in the file, said on stderr.
    fs::write(&ours, sample_with(|ws| set_emotion(ws, "Buys", 2))).unwrap();
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stderr.contains("1 conflict recorded"), "{out:#?}");
    assert!(
        out.stderr
            .contains("step 'Buys' ('First commuter bike') emotion: ours 2, theirs 1 (was 3)"),
        "{out:#?}"
    );
    assert_eq!(load(&ours).conflicts().len(), 1);

    // An unreadable or invalid input: exit 2, ours untouched.
    let before = fs::read(&ours).unwrap();
    let broken = write_file(d, "broken.json", "{ \"format\": \"journeymap\", ");
    for args in [
        [arg(&base), arg(&ours), arg(&broken)],
        [arg(&broken), arg(&ours), arg(&theirs)],
        [arg(&base), arg(&ours), arg(&d.join("missing.json"))],
    ] {
        let out = run(&["merge", &args[0], &args[1], &args[2]]);
        out.assert_no_panic();
        assert_eq!(out.code, Some(2), "{out:#?}");
        assert_eq!(fs::read(&ours).unwrap(), before);
    }
    let out = run(&["merge", &arg(&base), &arg(&broken), &arg(&theirs)]);
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert_eq!(
        fs::read(&broken).unwrap(),
        b"{ \"format\": \"journeymap\", "
    );
}

/// A merge that would change OURS in a folder where no file may be made (so no lock file either)
/// says the folder refused, and leaves OURS as it was. As root the merge runs as `nobody`, whom
/// the folder's mode stops (root it would not).
#[test]
fn a_merge_into_a_folder_it_may_not_write_in_says_permission_was_denied() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = temp_dir();
    let d = dir.path();
    let base = write_file(d, "base.json", SAMPLE);
    let ours = write_file(d, "ours.json", SAMPLE);
    let theirs = write_file(
        d,
        "theirs.json",
        sample_with(|ws| set_emotion(ws, "Buys", 1)),
    );
    for file in [&base, &ours, &theirs] {
        fs::set_permissions(file, fs::Permissions::from_mode(0o644)).unwrap();
    }
    fs::set_permissions(d, fs::Permissions::from_mode(0o555)).unwrap();
    let mut merge = Command::new(binary());
    merge.args([
        "merge".as_ref(),
        base.as_os_str(),
        ours.as_os_str(),
        theirs.as_os_str(),
    ]);
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        merge.uid(65534).gid(65534);
    }
    let out = merge.env_remove("RUST_BACKTRACE").output().unwrap();
    fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot lock"), "{stderr}");
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(!stderr.contains("no such file"), "{stderr}");
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(d), ["base.json", "ours.json", "theirs.json"]);
}

#[test]
fn a_merge_into_a_file_open_in_an_editor_goes_through_only_if_it_changes_nothing() {
    let dir = temp_dir();
    let d = dir.path();
    let (base, ours, theirs) = sample_sides(d);
    let real = fs::canonicalize(&ours).unwrap();
    let LockState::Held(lock) = acquire(&real).unwrap() else {
        panic!("the lock is free");
    };
    let names = names_in(d);

    // Nothing to write: merged as ever.
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());

    // Their change would land in ours: refused, saying who edits it.
    fs::write(&theirs, sample_with(|ws| set_emotion(ws, "Buys", 1))).unwrap();
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(
        out.stderr.contains("is being edited by") && out.stderr.contains("not merging into it"),
        "{out:#?}"
    );
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(d), names);

    // Let go: it lands, and the merge leaves nothing beside the files (no temporary file, no
    // lock of its own).
    drop(lock);
    let out = run(&["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&ours).unwrap(), fs::read(&theirs).unwrap());
    assert_eq!(names_in(d), ["base.json", "ours.json", "theirs.json"]);
}

/// Runs journeymap allowed to write files of at most `limit` bytes. A larger write fails, as on
/// a full disk: journeymap ignores the signal (`SIGXFSZ`) that would otherwise kill it, with
/// its temporary file and lock left behind.
fn run_with_file_size_limit(limit: u64, args: &[&str]) -> Run {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(binary());
    command.args(args).stdin(Stdio::null());
    // SAFETY: between fork and exec only setrlimit runs, which is async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            let cap = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().expect("run journeymap");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_merge_whose_file_cannot_be_written_fails_only_if_it_changes_ours() {
    let dir = temp_dir();
    let d = dir.path();
    let (base, ours, theirs) = sample_sides(d);
    let limit = SAMPLE.len() as u64 / 2;

    // Nothing to write: merged, though the merged file could not have been written.
    let out = run_with_file_size_limit(limit, &["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());

    // Their change cannot be written: refused in words, ours as it was, nothing left beside it.
    fs::write(&theirs, sample_with(|ws| set_emotion(ws, "Buys", 1))).unwrap();
    let out = run_with_file_size_limit(limit, &["merge", &arg(&base), &arg(&ours), &arg(&theirs)]);
    out.assert_no_panic();
    assert_eq!(out.code, Some(2), "{out:#?}");
    assert!(
        out.stderr.starts_with("cannot save ") && out.stderr.contains("file too large"),
        "{out:#?}"
    );
    assert_eq!(fs::read(&ours).unwrap(), SAMPLE.as_bytes());
    assert_eq!(names_in(d), ["base.json", "ours.json", "theirs.json"]);
}

#[test]
fn diff_lists_changes_and_textconv_prints_one_file() {
    let dir = temp_dir();
    let d = dir.path();
    let old = write_file(d, "old.json", SAMPLE);
    let new = write_file(d, "new.json", sample_with(|ws| set_emotion(ws, "Buys", 2)));
    let out = run(&["diff", &arg(&old), &arg(&new)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(
        out.stdout,
        "journey 'First commuter bike': step 'Buys' emotion 3 → 2\n"
    );
    let out = run(&["diff", &arg(&old), &arg(&old)]);
    assert_eq!(out.stdout, "no changes\n");

    let out = run(&["diff", "--textconv", &arg(&old)]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(
        out.stdout.starts_with("workspace 'Spoke & Chain Cycles"),
        "{out:#?}"
    );
    // Not a workspace: printed as it is, so `git diff` still shows something.
    let other = write_file(d, "other.json", "{\"a\": 1}\n");
    let out = run(&["diff", "--textconv", &arg(&other)]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "{\"a\": 1}\n"));

    for args in [
        vec!["diff"],
        vec!["diff", "one.json"],
        vec!["diff", "--textconv"],
    ] {
        let out = run(&args);
        out.assert_no_panic();
        assert_eq!(out.code, Some(2), "{out:#?}");
    }
}
