//! The complete default config file, as `journeymap config --default` prints it: every setting
//! and every action with what it does, so a user copies it and edits what they want. Written
//! from the same tables the program uses (the keys part by the keymap), so it cannot drift from
//! them; a test reads it back.

use std::fmt::Write;

use ratatui::style::Color;

use super::{AUTOSAVE, LONGEST_AUTOSAVE_MS};
use crate::ui::theme::{ANSI_NAMES, Slot, Theme, ThemeName, ansi};

/// The default config file's text.
pub fn default_file() -> String {
    let mut out = String::new();
    let themes: Vec<String> = ThemeName::ALL
        .iter()
        .map(|name| format!("\"{}\"", name.name()))
        .collect();
    let default_theme = Theme::built_in(ThemeName::Default);
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# journeymap's configuration. Every section and line is optional: what is left out\n\
         # (or wrong) keeps its default. Check a file with `journeymap config --check FILE`.\n\
         \n\
         [theme]\n\
         # {}: \"default\" uses the terminal's own 16 colours,\n\
         # \"mono\" no colour at all.\n\
         name = \"default\"\n\
         # Any colour below overrides the theme's: an ANSI name ({} … {}),\n\
         # \"default\" (the terminal's text colour), \"#rrggbb\", or a number 0–255. A terminal\n\
         # that shows fewer colours gets the nearest it has. The default theme's values:",
        themes.join(", "),
        ANSI_NAMES[0],
        ANSI_NAMES[15],
    );
    for slot in Slot::ALL {
        let setting = format!(
            "{} = \"{}\"",
            slot.name(),
            colour_name(default_theme.colour(slot))
        );
        let _ = writeln!(out, "# {setting:<28} # {}", slot.describe());
    }
    let _ = writeln!(
        out,
        "\n\
         [autosave]\n\
         # How long after an edit it is saved, in milliseconds (0–{LONGEST_AUTOSAVE_MS}).\n\
         delay_ms = {}",
        AUTOSAVE.as_millis()
    );
    out.push('\n');
    out.push_str(&crate::app::keymap::default_keys_toml());
    out
}

/// A colour as the config file writes it.
fn colour_name(colour: Color) -> String {
    (0..16u8)
        .find(|n| ansi(*n) == colour)
        .map(|n| ANSI_NAMES[usize::from(n)].to_string())
        .unwrap_or_else(|| match colour {
            Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
            Color::Indexed(n) => n.to_string(),
            _ => "default".into(),
        })
}
