//! The storage rules, each proved by a test that fails when the rule is broken: atomic replace,
//! file modes, symlinks, refusing to overwrite someone else's change, canonical bytes, and the
//! editing lock.

mod support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use journeymap::model::{Workspace, edit};
use journeymap::storage::disk::{OpenError, read};
use journeymap::storage::location::{SAMPLE, Template};
use journeymap::storage::lock::{acquire, lock_path};
use journeymap::storage::{
    DiskState, Loaded, LockState, SaveError, create_new, decode, encode, load, save,
};
use support::{generate, inode, mode, names_in, set_mode, temp_dir, write_file};
use tempfile::TempDir;

/// The sample with another name: bytes that differ from the file on disk.
fn renamed(workspace: &Workspace, name: &str) -> Vec<u8> {
    let mut workspace = workspace.clone();
    let currency = workspace.currency().to_string();
    edit::set_settings(&mut workspace, name, &currency).expect("rename the workspace");
    encode(&workspace)
}

/// The sample as `ws.json` in a new folder, and as a session reads it before saving.
fn sample_loaded() -> (TempDir, PathBuf, Loaded) {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let loaded = load(&path).unwrap();
    (dir, path, loaded)
}

/// Saves our edit (the workspace renamed `Mine`) over the file as `loaded` found it.
fn save_ours(loaded: &Loaded) -> Result<DiskState, SaveError> {
    save(
        &loaded.path,
        &renamed(&loaded.workspace, "Mine"),
        &loaded.disk,
    )
}

/// The state `read` reports for the file now.
fn state_now(path: &Path) -> DiskState {
    read(path).expect("read the file").2
}

#[test]
fn save_replaces_the_file_atomically_with_exactly_the_new_bytes() {
    let (dir, path, loaded) = sample_loaded();
    let before = inode(&path);
    let bytes = renamed(&loaded.workspace, "Renamed strategy");
    assert_ne!(bytes, SAMPLE.as_bytes());

    let state = save(&loaded.path, &bytes, &loaded.disk).unwrap();

    assert_eq!(fs::read(&path).unwrap(), bytes, "the new bytes, exactly");
    assert_ne!(
        inode(&path),
        before,
        "a new inode: renamed into place, not rewritten"
    );
    assert_eq!(
        state,
        state_now(&path),
        "save returns the state of what it wrote"
    );
    assert_eq!(names_in(dir.path()), ["ws.json"], "no temporary file left");

    // The returned state is good for the next save.
    let again = renamed(&loaded.workspace, "Renamed twice");
    save(&loaded.path, &again, &state).unwrap();
    assert_eq!(fs::read(&path).unwrap(), again);
}

#[test]
fn create_new_makes_a_private_file_with_exactly_the_bytes() {
    let dir = temp_dir();
    let path = dir.path().join("new.json");
    let bytes = Template::Blank.bytes(Some("Fresh"));
    let (real, state) = create_new(&path, &bytes).unwrap();

    assert_eq!(real, fs::canonicalize(&path).unwrap());
    assert_eq!(mode(&path), 0o600, "readable by its owner only");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(state, state_now(&path));
    assert_eq!(names_in(dir.path()), ["new.json"], "no temporary file left");
    // What create_new made can be saved over at once.
    let loaded = load(&path).unwrap();
    save(&real, &renamed(&loaded.workspace, "Next"), &state).unwrap();
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn create_new_refuses_an_existing_path_and_leaves_it_alone() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "taken.json", "someone's notes\n");
    let before = inode(&path);
    match create_new(&path, SAMPLE.as_bytes()) {
        Err(SaveError::Exists(at)) => assert_eq!(at, path),
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(fs::read(&path).unwrap(), b"someone's notes\n");
    assert_eq!(inode(&path), before);

    // A dangling symlink is something too: creating through it would write elsewhere.
    let link = dir.path().join("link.json");
    symlink(dir.path().join("nowhere.json"), &link).unwrap();
    assert!(matches!(
        create_new(&link, SAMPLE.as_bytes()),
        Err(SaveError::Exists(_))
    ));
    assert!(!dir.path().join("nowhere.json").exists());
    assert_eq!(names_in(dir.path()), ["link.json", "taken.json"]);
}

#[test]
fn save_keeps_the_mode_of_an_existing_file() {
    for wanted in [0o640, 0o644, 0o600] {
        let dir = temp_dir();
        let path = write_file(dir.path(), "ws.json", SAMPLE);
        set_mode(&path, wanted);
        let loaded = load(&path).unwrap();
        save(
            &loaded.path,
            &renamed(&loaded.workspace, "Mode test"),
            &loaded.disk,
        )
        .unwrap();
        assert_eq!(mode(&path), wanted, "mode {wanted:o} kept");
    }
}

#[test]
fn a_symlinked_workspace_is_saved_to_its_target_and_stays_a_link() {
    let dir = temp_dir();
    fs::create_dir(dir.path().join("real")).unwrap();
    let target = write_file(&dir.path().join("real"), "ws.json", SAMPLE);
    set_mode(&target, 0o640);
    let link = dir.path().join("link.json");
    symlink("real/ws.json", &link).unwrap();

    let loaded = load(&link).unwrap();
    assert_eq!(
        loaded.path,
        fs::canonicalize(&target).unwrap(),
        "load resolves the link"
    );
    let bytes = renamed(&loaded.workspace, "Through a link");
    save(&loaded.path, &bytes, &loaded.disk).unwrap();

    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real/ws.json"));
    assert_eq!(
        fs::read(&target).unwrap(),
        bytes,
        "the real file has the new bytes"
    );
    assert_eq!(mode(&target), 0o640, "the target keeps its mode");
    assert_eq!(names_in(dir.path()), ["link.json", "real"]);
    assert_eq!(names_in(&dir.path().join("real")), ["ws.json"]);
}

#[test]
fn saving_to_the_link_path_itself_is_refused_and_the_link_survives() {
    let dir = temp_dir();
    let target = write_file(dir.path(), "target.json", SAMPLE);
    let link = dir.path().join("link.json");
    symlink(&target, &link).unwrap();
    let loaded = load(&link).unwrap();
    let result = save(&link, &renamed(&loaded.workspace, "x"), &loaded.disk);
    assert!(
        matches!(result, Err(SaveError::ChangedOnDisk(_))),
        "{result:?}"
    );
    assert!(link.is_symlink(), "the link is still a link");
    assert_eq!(fs::read(&target).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn save_refuses_after_someone_else_changed_the_content() {
    let (dir, path, loaded) = sample_loaded();

    // Another program rewrites the file in place.
    let theirs = renamed(
        &loaded.workspace,
        "Their version, longer than the sample's name",
    );
    fs::write(&path, &theirs).unwrap();

    let result = save_ours(&loaded);
    match result {
        Err(SaveError::ChangedOnDisk(at)) => assert_eq!(at, loaded.path),
        other => panic!("expected ChangedOnDisk, got {other:?}"),
    }
    assert_eq!(
        fs::read(&path).unwrap(),
        theirs,
        "their bytes are untouched"
    );
    assert_eq!(names_in(dir.path()), ["ws.json"]);
}

#[test]
fn save_refuses_a_same_size_rewrite_with_the_old_mtime() {
    let (_dir, path, loaded) = sample_loaded();
    let meta = fs::metadata(&path).unwrap();
    let old_mtime = meta.modified().unwrap();

    // Same length, different bytes, same inode, and the modification time put back exactly.
    let theirs = SAMPLE.replacen("Spoke & Chain", "Spoke + Chain", 1);
    assert_eq!(theirs.len(), SAMPLE.len());
    assert_ne!(theirs, SAMPLE);
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, theirs.as_bytes()).unwrap();
    file.sync_all().unwrap();
    file.set_modified(old_mtime).unwrap();
    drop(file);

    // Only the bytes tell the difference: device, inode, size and mtime are as they were.
    let after = fs::metadata(&path).unwrap();
    assert_eq!(
        (
            after.dev(),
            after.ino(),
            after.size(),
            after.mtime(),
            after.mtime_nsec()
        ),
        (
            meta.dev(),
            meta.ino(),
            meta.size(),
            meta.mtime(),
            meta.mtime_nsec()
        ),
    );

    let result = save_ours(&loaded);
    assert!(
        matches!(result, Err(SaveError::ChangedOnDisk(_))),
        "the content hash must catch it: {result:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), theirs.as_bytes());
}

#[test]
fn save_refuses_after_an_atomic_replace_by_someone_else_even_with_the_same_bytes() {
    let (dir, path, loaded) = sample_loaded();
    let other = write_file(dir.path(), "other.json", SAMPLE);
    fs::rename(&other, &path).unwrap();
    let replaced = inode(&path);

    let result = save_ours(&loaded);
    assert!(
        matches!(result, Err(SaveError::ChangedOnDisk(_))),
        "{result:?}"
    );
    assert_eq!(inode(&path), replaced);
    assert_eq!(fs::read(&path).unwrap(), SAMPLE.as_bytes());
}

#[test]
fn save_refuses_after_the_file_was_removed_and_does_not_recreate_it() {
    let (dir, path, loaded) = sample_loaded();
    fs::remove_file(&path).unwrap();

    let result = save_ours(&loaded);
    match result {
        Err(SaveError::Vanished(at)) => assert_eq!(at, loaded.path),
        other => panic!("expected Vanished, got {other:?}"),
    }
    assert!(!path.exists());
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn an_unchanged_file_saves_again_and_again() {
    let (_dir, path, loaded) = sample_loaded();
    let mut state = loaded.disk.clone();
    for n in 0..5 {
        let bytes = renamed(&loaded.workspace, &format!("Version {n}"));
        state = save(&loaded.path, &bytes, &state).unwrap();
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn load_then_encode_gives_back_the_same_bytes() {
    let dir = temp_dir();
    // The sample, a blank workspace and a generated one are all canonical files.
    let generated = encode(&generate(3_000));
    let blank = Template::Blank.bytes(Some("Blank"));
    for (name, bytes) in [
        ("sample.json", SAMPLE.as_bytes()),
        ("blank.json", &blank[..]),
        ("generated.json", &generated[..]),
    ] {
        let path = write_file(dir.path(), name, bytes);
        let loaded = load(&path).unwrap();
        assert!(
            encode(&loaded.workspace) == bytes,
            "{name}: load → encode changed the bytes"
        );
    }
}

#[test]
fn fields_this_version_does_not_know_are_kept() {
    let mut value: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    value["from_the_future"] = serde_json::json!({"a": [1, 2, 3]});
    value["personas"][0]["avatar"] = serde_json::json!("🚲");
    value["journeys"][0]["steps"][0]["duration_days"] = serde_json::json!(3);
    value["journeys"][0]["mappings"][0]["priority"] = serde_json::json!("high");
    value["items"][0]["review"] = serde_json::json!(null);
    let bytes = serde_json::to_vec_pretty(&value).unwrap();

    let workspace = decode(&bytes).unwrap();
    let back: serde_json::Value = serde_json::from_slice(&encode(&workspace)).unwrap();
    assert_eq!(back, value, "nothing is lost on the way through");
}

#[test]
fn the_generator_is_valid_and_deterministic() {
    let workspace = generate(5_000);
    let problems = journeymap::model::rules::check_workspace(&workspace);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(workspace.items().len(), 5_000);
    assert_eq!(workspace.metrics().len(), 50);
    let [available, in_progress, to_create] = workspace.status_counts();
    assert!(available > 0 && in_progress > 0 && to_create > 0);
    assert!(workspace.gap_count() > 0, "some cells are gaps");
    assert!(workspace.items().iter().any(|i| i.available_on.is_none()));
    assert!(workspace.items().iter().any(|i| i.step_ids.len() > 1));
    assert_eq!(encode(&workspace), encode(&generate(5_000)));
    assert!(decode(&encode(&workspace)).is_ok());
    // Small sizes keep the minimums.
    let small = generate(10);
    assert!(journeymap::model::rules::check_workspace(&small).is_empty());
    assert_eq!(small.personas().len(), 3);
    assert_eq!(small.journeys().len(), 3);
}

#[test]
fn load_of_a_missing_or_broken_file_says_which_file() {
    let dir = temp_dir();
    let missing = dir.path().join("missing.json");
    match load(&missing) {
        Err(OpenError::Unreadable { path, .. }) => assert_eq!(path, missing),
        other => panic!("expected Unreadable, got {other:?}"),
    }
    let broken = write_file(dir.path(), "broken.json", &SAMPLE[..SAMPLE.len() / 2]);
    let error = load(&broken).unwrap_err();
    assert!(matches!(error, OpenError::Bad { .. }), "{error:?}");
    assert_eq!(error.path(), broken);
    assert!(error.to_string().starts_with(&broken.display().to_string()));
}

// ---------------------------------------------------------------------------------------------
// The editing lock.

/// The name the lock writes for this process's user: `$USER` or `$LOGNAME`, else the login name
/// of the user id (asked of `id`, independently of the library).
fn expected_user() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.is_empty()
        {
            return name;
        }
    }
    let out = Command::new("id").arg("-un").output().expect("run id -un");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn held(state: LockState) -> journeymap::storage::Lock {
    match state {
        LockState::Held(lock) => lock,
        LockState::Busy { holder } => panic!("expected the lock, but it is held by {holder}"),
    }
}

fn busy(state: LockState) -> String {
    match state {
        LockState::Busy { holder } => holder,
        LockState::Held(lock) => panic!("expected Busy, but got the lock {lock:?}"),
    }
}

#[test]
fn the_lock_file_sits_beside_the_workspace() {
    assert_eq!(
        lock_path(Path::new("/some/folder/ws.json")),
        Path::new("/some/folder/ws.json.lock")
    );
}

#[test]
fn a_second_acquire_is_told_who_holds_the_lock() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let _lock = held(acquire(&path).unwrap());
    let written = fs::read_to_string(lock_path(&path)).unwrap();

    let holder = busy(acquire(&path).unwrap());
    assert!(holder.contains(&expected_user()), "{holder:?}");
    assert!(
        holder.contains(&format!("pid {}", std::process::id())),
        "{holder:?}"
    );
    assert_eq!(
        fs::read_to_string(lock_path(&path)).unwrap(),
        written,
        "a busy acquire never truncates the holder's lock file"
    );
}

#[test]
fn dropping_the_lock_removes_its_file_and_frees_it() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let lock = held(acquire(&path).unwrap());
    assert!(lock_path(&path).exists());
    drop(lock);
    assert!(!lock_path(&path).exists(), "the lock file is removed");
    assert_eq!(names_in(dir.path()), ["ws.json"]);
    let _again = held(acquire(&path).unwrap());
}

#[test]
fn the_lock_follows_the_real_file_of_a_symlink() {
    let dir = temp_dir();
    let target = write_file(dir.path(), "target.json", SAMPLE);
    let link = dir.path().join("link.json");
    symlink(&target, &link).unwrap();
    let loaded = load(&link).unwrap();
    let _lock = held(acquire(&loaded.path).unwrap());
    assert!(dir.path().join("target.json.lock").exists());
    // Whoever opens the workspace through the other name meets the same lock.
    busy(acquire(&fs::canonicalize(&target).unwrap()).unwrap());
}

#[test]
fn the_lock_does_not_follow_a_planted_symlink() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let victim = write_file(dir.path(), "victim.txt", "precious\n");
    symlink(&victim, lock_path(&path)).unwrap();
    assert!(acquire(&path).is_err(), "a symlink at NAME.lock is refused");
    assert_eq!(fs::read(&victim).unwrap(), b"precious\n");
}

#[test]
fn a_lock_held_by_a_killed_process_is_free_afterwards() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "ws.json", SAMPLE);
    let lock_file = lock_path(&path);
    // The child takes an flock on NAME.lock on fd 9, says so, then becomes `sleep` (which
    // inherits fd 9 and with it the lock).
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(r#"exec 9<>"$1" && flock -n 9 && echo locked && exec sleep 30"#)
        .arg("bash")
        .arg(&lock_file)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn bash");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "locked\n", "the child could not take the lock");

    let holder = busy(acquire(&path).unwrap());
    assert!(!holder.is_empty());

    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let lock = held(acquire(&path).unwrap());
    let written = fs::read_to_string(&lock_file).unwrap();
    assert!(
        written.contains(&format!("pid {}", std::process::id())),
        "{written:?}"
    );
    drop(lock);
    assert!(!lock_file.exists());
}

/// A file at `dir/name` with `bytes`, last modified `age` ago (or ahead, when `ahead`).
fn file_aged(dir: &Path, name: &str, age: std::time::Duration, ahead: bool) -> std::path::PathBuf {
    let path = write_file(dir, name, "made by someone");
    let now = std::time::SystemTime::now();
    let when = if ahead { now + age } else { now - age };
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(when)
        .unwrap();
    path
}

#[test]
fn the_sweep_removes_only_provable_leftovers_of_journeymap() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "plan.json", SAMPLE);
    let hour = std::time::Duration::from_secs(3600);
    let hex = "0123456789abcdef0123456789abcdef";
    // What a killed save, creation or backup leaves: older than the workspace.
    let leftovers = [
        file_aged(
            dir.path(),
            &format!(".plan.json.journeymap-{hex}.tmp"),
            hour,
            false,
        ),
        file_aged(dir.path(), "plan.json.bak.4242", hour, false),
    ];
    let keep = [
        // The user's own files, whatever they look like.
        file_aged(dir.path(), ".plan.json.backup", hour, false),
        file_aged(dir.path(), ".plan.json.before", hour, false),
        file_aged(dir.path(), ".plan.json.a1B2c3", hour, false),
        file_aged(dir.path(), "plan.json.bak", hour, false),
        file_aged(dir.path(), "plan.json.bak.old", hour, false),
        file_aged(
            dir.path(),
            &format!(".plan.json.journeymap-{hex}.tmp.mine"),
            hour,
            false,
        ),
        file_aged(
            dir.path(),
            &format!(".plan.json.journeymap-{}.tmp", &hex[1..]),
            hour,
            false,
        ),
        file_aged(
            dir.path(),
            &format!(".other.json.journeymap-{hex}.tmp"),
            hour,
            false,
        ),
        // Ours by name, but newer than the workspace: a save may be writing it right now.
        file_aged(
            dir.path(),
            &format!(".plan.json.journeymap-{}.tmp", hex.replace('0', "f")),
            hour,
            true,
        ),
    ];
    // Ours by name, but a link: the sweep never follows one, nor removes it.
    let target = file_aged(dir.path(), "precious.txt", hour, false);
    let link = dir.path().join("plan.json.bak.77");
    symlink(&target, &link).unwrap();

    assert_eq!(journeymap::storage::disk::sweep_leftovers(&path), 2);
    for file in &leftovers {
        assert!(!file.exists(), "{} was left", file.display());
    }
    for file in keep.iter().chain([&target, &path]) {
        assert!(file.exists(), "{} was removed", file.display());
    }
    assert!(fs::symlink_metadata(&link).is_ok(), "the link was removed");
}

#[test]
fn the_sweep_leaves_a_leftover_of_another_user_alone() {
    let dir = temp_dir();
    let path = write_file(dir.path(), "plan.json", SAMPLE);
    let name = ".plan.json.journeymap-0123456789abcdef0123456789abcdef.tmp";
    let theirs = file_aged(dir.path(), name, std::time::Duration::from_secs(60), false);
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&theirs, Some(4321), None).unwrap();
        assert_eq!(journeymap::storage::disk::sweep_leftovers(&path), 0);
        assert!(theirs.exists());
    } else {
        // Not root, so no file of another user can be made here: ours is swept.
        assert_eq!(journeymap::storage::disk::sweep_leftovers(&path), 1);
    }
}

#[test]
fn a_save_leaves_nothing_but_the_workspace_and_keeps_its_owner_and_mode() {
    let dir = temp_dir();
    let (path, _) = create_new(&dir.path().join("plan.json"), SAMPLE.as_bytes()).unwrap();
    set_mode(&path, 0o640);
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // Root saving a teammate's file must not take it over.
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
    }
    let owner = fs::metadata(&path).map(|m| (m.uid(), m.gid())).unwrap();
    let ws = decode(SAMPLE.as_bytes()).unwrap();
    save(&path, &renamed(&ws, "Saved"), &state_now(&path)).unwrap();
    assert_eq!(names_in(dir.path()), ["plan.json"]);
    assert_eq!(mode(&path), 0o640);
    assert_eq!(
        fs::metadata(&path).map(|m| (m.uid(), m.gid())).unwrap(),
        owner
    );
}
