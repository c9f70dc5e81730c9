//! Styles, in the 16 ANSI colours every terminal has (SSH does not forward `COLORTERM`).
//!
//! Nothing relies on colour alone: selection is reversed and marked `▶`, cells carry symbols
//! (✓ ◐ ○ ✗), so the screen reads the same with `NO_COLOR=1`.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

/// A style in a colour, or no colour at all when the user set `NO_COLOR`
/// (<https://no-color.org>).
///
/// crossterm 0.29 drops colour codes under `NO_COLOR` by itself, but still writes the `CSI m`
/// around them, and a bare `CSI m` resets every attribute: the reverse and bold that mark the
/// selection would be undone by the next colour change. Cells without colour never make ratatui
/// write a colour command, so nothing resets them.
fn ink(color: Color) -> Style {
    static NO_COLOR: OnceLock<bool> = OnceLock::new();
    let no_color = *NO_COLOR
        .get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()));
    if no_color {
        Style::new()
    } else {
        Style::new().fg(color)
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        ink(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        ink(Color::DarkGray)
    }
}

pub fn title(focused: bool) -> Style {
    if focused {
        ink(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// The selected row or cell: reversed where the pane has focus, underlined elsewhere.
pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

pub fn dim() -> Style {
    ink(Color::DarkGray)
}

pub fn label() -> Style {
    ink(Color::Blue)
}

pub fn available() -> Style {
    ink(Color::Green)
}

pub fn in_progress() -> Style {
    ink(Color::Yellow)
}

pub fn gap() -> Style {
    ink(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    ink(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn emotion(score: Option<u8>) -> Style {
    match score {
        Some(1 | 2) => ink(Color::Red),
        Some(3) => ink(Color::Yellow),
        Some(_) => ink(Color::Green),
        None => dim(),
    }
}

/// `●●●○○ 3`, or `○○○○○ –` when not known.
pub fn emotion_dots(score: Option<u8>) -> String {
    let n = usize::from(score.unwrap_or(0).min(5));
    let number = score.map_or("–".to_string(), |s| s.to_string());
    format!("{}{} {number}", "●".repeat(n), "○".repeat(5 - n))
}
