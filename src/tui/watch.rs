//! Noticing at once when the workspace file changes on disk (another person saved, `git pull`,
//! a script): inotify, through `notify`, wakes the loop. Where inotify does not work (network
//! filesystems), the loop's once-a-second look at the file's size and time still notices.

use std::path::Path;
use std::sync::mpsc::Sender;

use notify::{RecursiveMode, Watcher};

use super::input::Wake;

/// Keeps the watch alive; dropping it stops watching.
pub struct Watch {
    _watcher: Option<notify::RecommendedWatcher>,
}

/// Watches the folder of `path` (saves replace the file, so the file's own inode is not
/// followed) and wakes the loop when something happens to a file of that name.
pub fn start(path: &Path, wake: Sender<Wake>) -> Watch {
    let name = path.file_name().map(|n| n.to_os_string());
    let folder = path.parent().map(Path::to_path_buf);
    let watcher = (|| {
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let ours = event.is_ok_and(|event| {
                    event.paths.iter().any(|p| p.file_name() == name.as_deref())
                });
                if ours {
                    let _ = wake.send(Wake::Disk);
                }
            })
            .ok()?;
        watcher
            .watch(folder.as_deref()?, RecursiveMode::NonRecursive)
            .ok()?;
        Some(watcher)
    })();
    Watch { _watcher: watcher }
}
