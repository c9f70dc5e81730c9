//! Styles, in the 16 ANSI colours every terminal has (SSH does not forward `COLORTERM`).
//!
//! Nothing relies on colour alone: selection is reversed and marked `▶`, cells carry symbols
//! (✓ ◐ ○ ✗), so the screen reads the same with `NO_COLOR=1`.

use ratatui::style::{Color, Modifier, Style};

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn title(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
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
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().fg(Color::Blue)
}

pub fn available() -> Style {
    Style::new().fg(Color::Green)
}

pub fn in_progress() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn gap() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn emotion(score: Option<u8>) -> Style {
    match score {
        Some(1 | 2) => Style::new().fg(Color::Red),
        Some(3) => Style::new().fg(Color::Yellow),
        Some(_) => Style::new().fg(Color::Green),
        None => dim(),
    }
}

/// `●●●○○ 3`, or `○○○○○ –` when not known.
pub fn emotion_dots(score: Option<u8>) -> String {
    let n = usize::from(score.unwrap_or(0).min(5));
    let number = score.map_or("–".to_string(), |s| s.to_string());
    format!("{}{} {number}", "●".repeat(n), "○".repeat(5 - n))
}
