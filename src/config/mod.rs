//! The user's configuration file: `config.toml` in journeymap's config folder
//! (`$XDG_CONFIG_HOME/journeymap/`), or the file `--config` names.
//!
//! Every section is optional, and a mistake in one never stops journeymap: what is wrong is
//! reported with its line ([`Problem`]) and left at its default, and the rest applies. The file
//! is read as a tree of values with their places in the text rather than into typed structs,
//! so that one wrong value costs that value, not the whole file.

mod default;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::app::Keymap;
use crate::app::keymap::Override;
use crate::text::{closest, printable};
use crate::ui::theme::{Slot, Theme, ThemeName};

pub use default::default_file;

/// How soon after an edit it is saved, unless the file says otherwise: within a second of an
/// edit, a burst of edits is one save.
pub const AUTOSAVE: Duration = Duration::from_millis(500);
/// The longest autosave delay the file may ask for: beyond it "saved as you go" stops being
/// true.
pub const LONGEST_AUTOSAVE_MS: u64 = 10_000;
/// A config file larger than this is not read (it cannot be one written by hand).
const LARGEST_FILE: u64 = 1 << 20;

/// What the file sets, with the defaults for everything it does not (or gets wrong).
#[derive(Clone, Debug)]
pub struct Config {
    pub theme: Theme,
    pub autosave: Duration,
    /// The default keys with the file's `[keys.LAYER]` lines applied.
    pub keymap: Keymap,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: Theme::built_in(ThemeName::Default),
            autosave: AUTOSAVE,
            keymap: Keymap::default(),
        }
    }
}

/// Something wrong in the file, on a line (1-based; 0 when it is about the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// A config file read, or the defaults when there is none.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub config: Config,
    /// The file read, if one was.
    pub path: Option<PathBuf>,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// Each problem as `FILE:LINE: what`, as compilers write them.
    pub fn problem_lines(&self) -> Vec<String> {
        let file = self
            .path
            .as_deref()
            .map(|path| printable(&path.display().to_string()).into_owned())
            .unwrap_or_default();
        self.problems
            .iter()
            .map(|problem| match problem.line {
                0 => format!("{file}: {}", problem.message),
                line => format!("{file}:{line}: {}", problem.message),
            })
            .collect()
    }

    /// A few words for the status line when the file has problems: the problem itself if it
    /// fits in `width` characters, or else how many there are and where to see them.
    pub fn notice(&self, width: usize) -> Option<String> {
        let file = self.path.as_deref()?.file_name()?.to_string_lossy();
        let file = printable(&file);
        let fits = |text: &String| text.chars().count() <= width;
        if let [problem] = self.problems.as_slice() {
            let place = match problem.line {
                0 => file.to_string(),
                line => format!("{file}:{line}"),
            };
            let with_default = format!("{place}: {}; default used", problem.message);
            let bare = format!("{place}: {}", problem.message);
            if let Some(one) = [with_default, bare].into_iter().find(fits) {
                return Some(one);
            }
        }
        match self.problems.len() {
            0 => None,
            1 => Some("config: 1 problem, default used".into()),
            n => Some(format!("config: {n} problems, defaults used")),
        }
    }
}

/// `config.toml` in the user's config folder.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "journeymap")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads the file `--config` named, or else the default one. A default file that does not
/// exist is no problem (most users never write one); a named one is.
pub fn load(named: Option<&Path>) -> Loaded {
    let (path, must_exist) = match named {
        Some(path) => (path.to_path_buf(), true),
        None => match default_path() {
            Some(path) => (path, false),
            None => {
                return Loaded {
                    config: Config::default(),
                    path: None,
                    problems: Vec::new(),
                };
            }
        },
    };
    let whole_file = |message: String| Problem { line: 0, message };
    let text = match read(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Loaded {
                config: Config::default(),
                path: None,
                problems: Vec::new(),
            };
        }
        Err(error) => {
            return Loaded {
                config: Config::default(),
                path: Some(path),
                problems: vec![whole_file(format!(
                    "cannot read it: {}",
                    crate::storage::disk::io_words(&error)
                ))],
            };
        }
    };
    let (config, problems) = parse(&text);
    Loaded {
        config,
        path: Some(path),
        problems,
    }
}

fn read(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(LARGEST_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > LARGEST_FILE {
        return Err(Error::new(ErrorKind::InvalidData, "larger than 1 MB"));
    }
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The config a text sets, and what is wrong in it.
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let mut reader = Reader {
        text,
        problems: Vec::new(),
    };
    let (document, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let line = error.span().map_or(0, |span| reader.line(&span));
        let message = error.message().lines().next().unwrap_or("not valid TOML");
        reader.problem(line, format!("not valid TOML: {}", printable(message)));
    }
    let mut config = Config::default();
    let mut keys = Vec::new();
    for (name, value) in document.get_ref() {
        match name.get_ref().as_ref() {
            "keys" => reader.keys(value, &mut keys),
            "theme" => config.theme = reader.theme(value),
            "autosave" => {
                if let Some(delay) = reader.autosave(value) {
                    config.autosave = delay;
                }
            }
            other => {
                let hint = did_you_mean(other, ["keys", "theme", "autosave"]);
                reader.problem_at(
                    name,
                    format!("unknown section \"{}\"{hint}", printable(other)),
                );
            }
        }
    }
    // In the file's order: a later line for the same key wins, as a reader expects.
    keys.sort_by_key(|entry: &Override| entry.line);
    let (keymap, key_problems) = Keymap::with_overrides(&keys);
    config.keymap = keymap;
    for problem in key_problems {
        // The keymap quotes the user's words as they are; they may hold escapes.
        let message = printable(&problem.message).into_owned();
        reader.problem(problem.line, message);
    }
    // Top to bottom, as the file reads.
    reader.problems.sort_by_key(|problem| problem.line);
    (config, reader.problems)
}

/// ` (did you mean "x"?)` when a name is near one of `names`.
fn did_you_mean<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, names)
        .map(|name| format!(" (did you mean \"{name}\"?)"))
        .unwrap_or_default()
}

/// Walks the parsed file, collecting problems with their lines.
struct Reader<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn line(&self, span: &Range<usize>) -> usize {
        let start = span.start.min(self.text.len());
        self.text.as_bytes()[..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem { line, message });
    }

    fn problem_at<T>(&mut self, at: &Spanned<T>, message: String) {
        let line = self.line(&at.span());
        self.problem(line, message);
    }

    /// The table a section holds, or a problem.
    fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        what: &str,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.problem_at(value, format!("{what} must be a table, as [{what}]"));
                None
            }
        }
    }

    /// The `[keys.LAYER]` lines as written; the keymap checks their layers, keys and actions.
    fn keys(&mut self, value: &Spanned<DeValue>, keys: &mut Vec<Override>) {
        let Some(layers) = self.table(value, "keys") else {
            return;
        };
        for (layer, bindings) in layers {
            let layer = layer.get_ref().as_ref();
            let section = format!("keys.{}", printable(layer));
            let Some(bindings) = self.table(bindings, &section) else {
                continue;
            };
            for (key, action) in bindings {
                match action.get_ref() {
                    DeValue::String(action_name) => keys.push(Override {
                        layer: layer.to_string(),
                        key: key.get_ref().to_string(),
                        action: action_name.to_string(),
                        line: self.line(&key.span()),
                    }),
                    _ => self.problem_at(
                        key,
                        format!(
                            "key \"{}\" in [{section}] must name an action in quotes",
                            printable(key.get_ref())
                        ),
                    ),
                }
            }
        }
    }

    /// The theme the `[theme]` table names, with its colours on top.
    fn theme(&mut self, value: &Spanned<DeValue>) -> Theme {
        let default = Theme::built_in(ThemeName::Default);
        let Some(table) = self.table(value, "theme") else {
            return default;
        };
        let mut theme = default;
        let name = table
            .iter()
            .find(|(key, _)| key.get_ref().as_ref() == "name");
        if let Some((_, name)) = name {
            match name.get_ref() {
                DeValue::String(text) => match ThemeName::from_name(text) {
                    Some(named) => theme = Theme::built_in(named),
                    None => {
                        let hint = did_you_mean(text, ThemeName::ALL.map(ThemeName::name));
                        self.problem_at(
                            name,
                            format!("unknown theme \"{}\"{hint}", printable(text)),
                        );
                    }
                },
                _ => self.problem_at(name, "the theme's name must be in quotes".into()),
            }
        }
        for (key, value) in table {
            let key_name = key.get_ref().as_ref();
            if key_name == "name" {
                continue;
            }
            let Some(slot) = Slot::from_name(key_name) else {
                let names = std::iter::once("name").chain(Slot::ALL.map(Slot::name));
                let hint = did_you_mean(key_name, names);
                self.problem_at(
                    key,
                    format!("unknown theme colour \"{}\"{hint}", printable(key_name)),
                );
                continue;
            };
            match colour(value.get_ref()) {
                Some(colour) => theme = theme.with(slot, colour),
                None => self.problem_at(
                    value,
                    format!(
                        "{key_name} is not a colour: use an ANSI name such as \"cyan\", \"#rrggbb\" or 0–255"
                    ),
                ),
            }
        }
        theme
    }

    fn autosave(&mut self, value: &Spanned<DeValue>) -> Option<Duration> {
        let table = self.table(value, "autosave")?;
        let mut delay = None;
        for (key, value) in table {
            if key.get_ref().as_ref() != "delay_ms" {
                let hint = did_you_mean(key.get_ref(), ["delay_ms"]);
                self.problem_at(
                    key,
                    format!(
                        "unknown autosave setting \"{}\"{hint}",
                        printable(key.get_ref())
                    ),
                );
                continue;
            }
            let milliseconds = match value.get_ref() {
                DeValue::Integer(n) => u64::from_str_radix(n.as_str(), n.radix())
                    .ok()
                    .filter(|ms| *ms <= LONGEST_AUTOSAVE_MS),
                _ => None,
            };
            match milliseconds {
                Some(ms) => delay = Some(Duration::from_millis(ms)),
                None => self.problem_at(
                    value,
                    format!(
                        "delay_ms must be a whole number of milliseconds from 0 to {LONGEST_AUTOSAVE_MS}"
                    ),
                ),
            }
        }
        delay
    }
}

/// A colour value: a name or `#rrggbb` in quotes, or a number 0–255.
fn colour(value: &DeValue) -> Option<Color> {
    match value {
        DeValue::String(text) => crate::ui::theme::parse_colour(text),
        DeValue::Integer(n) => u8::from_str_radix(n.as_str(), n.radix())
            .ok()
            .map(Color::Indexed),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
