//! Styles, from a theme that fits the terminal.
//!
//! The default theme is drawn in the terminal's own 16 ANSI colours, so the user's terminal
//! theme (Solarized, Gruvbox, a light one) decides what they look like; RGB and 256-colour
//! values are opt-in from the config file and written as the terminal can show them (see
//! `tui::sgr`). Nothing is drawn in bright black, which is the background of Solarized Dark.
//!
//! Nothing relies on colour alone: selection is reversed and marked `▶`, cells carry symbols
//! (✓ ◐ ○ ✗), and without a colour for focus the focused pane's title is reversed, so the
//! screen reads the same with `NO_COLOR=1`.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

/// How many colours the terminal shows, from what it advertises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// Attributes only: the user set `NO_COLOR` (<https://no-color.org>), or `TERM=dumb`.
    None,
    /// The 16 ANSI colours: every terminal, and all that `TERM=xterm`, `screen` or `linux`
    /// promise.
    Ansi16,
    /// `TERM=…-256color`.
    Ansi256,
    /// `COLORTERM=truecolor` (SSH does not forward it, so it is never assumed).
    TrueColor,
}

impl Depth {
    /// The depth of the terminal this process runs on.
    pub fn from_env() -> Depth {
        let var = |name: &str| std::env::var(name).ok();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Depth::detect(
            var("TERM").as_deref(),
            var("COLORTERM").as_deref(),
            no_color,
        )
    }

    pub fn detect(term: Option<&str>, colorterm: Option<&str>, no_color: bool) -> Depth {
        let term = term.unwrap_or_default();
        if no_color || term == "dumb" {
            Depth::None
        } else if matches!(colorterm, Some("truecolor" | "24bit")) || term.ends_with("-direct") {
            Depth::TrueColor
        } else if term.contains("256color") {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }
}

/// The themes that ship with journeymap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    Light,
    HighContrast,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Default,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Mono,
    ];

    /// The name in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Mono => "mono",
        }
    }

    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL
            .into_iter()
            .find(|theme| theme.name() == name)
    }
}

/// What a colour of a theme is used for; each is a key of the config file's `[theme]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Accent,
    Border,
    Muted,
    Label,
    Available,
    InProgress,
    Gap,
    Error,
    EmotionLow,
    EmotionMid,
    EmotionHigh,
}

impl Slot {
    pub const ALL: [Slot; 11] = [
        Slot::Accent,
        Slot::Border,
        Slot::Muted,
        Slot::Label,
        Slot::Available,
        Slot::InProgress,
        Slot::Gap,
        Slot::Error,
        Slot::EmotionLow,
        Slot::EmotionMid,
        Slot::EmotionHigh,
    ];

    /// The key in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Accent => "accent",
            Slot::Border => "border",
            Slot::Muted => "muted",
            Slot::Label => "label",
            Slot::Available => "available",
            Slot::InProgress => "in_progress",
            Slot::Gap => "gap",
            Slot::Error => "error",
            Slot::EmotionLow => "emotion_low",
            Slot::EmotionMid => "emotion_mid",
            Slot::EmotionHigh => "emotion_high",
        }
    }

    /// What it colours, for the default config file.
    pub fn describe(self) -> &'static str {
        match self {
            Slot::Accent => "the focused pane's border and title",
            Slot::Border => "the borders of the other panes",
            Slot::Muted => "hints, empty states, the · of unmapped cells (default: faint)",
            Slot::Label => "field names and headings",
            Slot::Available => "content that is available",
            Slot::InProgress => "content in progress",
            Slot::Gap => "gaps: mapped cells with nothing available",
            Slot::Error => "errors and failed saves",
            Slot::EmotionLow => "emotions 1 and 2",
            Slot::EmotionMid => "emotion 3",
            Slot::EmotionHigh => "emotions 4 and 5",
        }
    }

    pub fn from_name(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|slot| slot.name() == name)
    }
}

/// The colour names of the config file, in ANSI order: index `n` is ANSI colour `n`.
pub const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "bright-black",
    "bright-red",
    "bright-green",
    "bright-yellow",
    "bright-blue",
    "bright-magenta",
    "bright-cyan",
    "bright-white",
];

/// ANSI colour `n` of the 16, as ratatui names it.
pub fn ansi(n: u8) -> Color {
    const COLORS: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    COLORS.get(usize::from(n)).copied().unwrap_or(Color::Reset)
}

/// A colour of the config file: one of [`ANSI_NAMES`], `default` (the terminal's own text
/// colour), or `#rrggbb`. (A number 0–255 is [`Color::Indexed`].)
pub fn parse_colour(text: &str) -> Option<Color> {
    let name = text.trim().to_ascii_lowercase().replace('_', "-");
    if name == "default" {
        return Some(Color::Reset);
    }
    if let Some(n) = ANSI_NAMES.iter().position(|known| *known == name) {
        return u8::try_from(n).ok().map(ansi);
    }
    let hex = name.strip_prefix('#').filter(|hex| hex.len() == 6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// A theme: one colour per [`Slot`]; [`Color::Reset`] is the terminal's own text colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    colours: [Color; Slot::ALL.len()],
}

impl Theme {
    pub fn built_in(name: ThemeName) -> Theme {
        use Color::*;
        // accent, border, muted, label, available, in progress, gap, error, emotions low–high
        let colours = match name {
            ThemeName::Default => [
                Cyan, Reset, Reset, Blue, Green, Yellow, Red, Red, Red, Yellow, Green,
            ],
            // Yellow and cyan wash out on white: progress and the middle emotion are magenta.
            ThemeName::Light => [
                Blue, Reset, Reset, Blue, Green, Magenta, Red, Red, Red, Magenta, Green,
            ],
            ThemeName::HighContrast => [
                LightYellow,
                White,
                Gray,
                LightCyan,
                LightGreen,
                LightYellow,
                LightRed,
                LightRed,
                LightRed,
                LightYellow,
                LightGreen,
            ],
            ThemeName::Mono => [Reset; Slot::ALL.len()],
        };
        Theme { colours }
    }

    /// The theme with `slot` in `colour`.
    pub fn with(mut self, slot: Slot, colour: Color) -> Theme {
        self.colours[slot as usize] = colour;
        self
    }

    /// The theme as a terminal of `depth` shows it: without colour there, attributes only.
    /// (Colours it has too few of are brought down as they are written, in `tui::sgr`.)
    pub fn for_depth(self, depth: Depth) -> Theme {
        match depth {
            Depth::None => Theme::built_in(ThemeName::Mono),
            _ => self,
        }
    }

    pub fn colour(&self, slot: Slot) -> Color {
        self.colours[slot as usize]
    }

    /// A style in a slot's colour; none at all for the terminal's own colour.
    ///
    /// A cell without colour never makes ratatui write a colour command, so no bare `CSI m`
    /// around a dropped colour can reset the reverse and bold that mark the selection.
    fn ink(&self, slot: Slot) -> Style {
        match self.colour(slot) {
            Color::Reset => Style::new(),
            colour => Style::new().fg(colour),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.ink(Slot::Accent).add_modifier(Modifier::BOLD)
        } else {
            self.ink(Slot::Border)
        }
    }

    /// A pane's title; with no colour to show focus, the focused one is reversed.
    pub fn title(&self, focused: bool) -> Style {
        match (focused, self.colour(Slot::Accent)) {
            (true, Color::Reset) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (true, _) => self.ink(Slot::Accent).add_modifier(Modifier::BOLD),
            (false, _) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Hints and empty states: faint in the terminal's own colour (never bright black, the
    /// background of Solarized Dark), unless the theme gives a colour. Without any colour
    /// (mono) they are plain, as faint text is not an attribute every terminal has.
    pub fn dim(&self) -> Style {
        match self.colour(Slot::Muted) {
            Color::Reset if self.colours.iter().all(|c| *c == Color::Reset) => Style::new(),
            Color::Reset => Style::new().add_modifier(Modifier::DIM),
            colour => Style::new().fg(colour),
        }
    }

    pub fn emotion(&self, score: Option<u8>) -> Style {
        match score {
            Some(1 | 2) => self.ink(Slot::EmotionLow),
            Some(3) => self.ink(Slot::EmotionMid),
            Some(_) => self.ink(Slot::EmotionHigh),
            None => self.dim(),
        }
    }
}

static THEME: OnceLock<Theme> = OnceLock::new();

/// Sets the theme of this process's drawing, once, before the first frame.
pub fn install(theme: Theme) {
    let _ = THEME.set(theme);
}

/// The installed theme; the default one where none was (tests).
pub fn current() -> &'static Theme {
    THEME.get_or_init(|| Theme::built_in(ThemeName::Default))
}

pub fn border(focused: bool) -> Style {
    current().border(focused)
}

pub fn title(focused: bool) -> Style {
    current().title(focused)
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
    current().dim()
}

pub fn label() -> Style {
    current().ink(Slot::Label)
}

pub fn available() -> Style {
    current().ink(Slot::Available)
}

pub fn in_progress() -> Style {
    current().ink(Slot::InProgress)
}

pub fn gap() -> Style {
    current().ink(Slot::Gap).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    current().ink(Slot::Error).add_modifier(Modifier::BOLD)
}

/// The colour of an item's status: available, in progress, or to create (a gap's).
pub fn status(status: Status) -> Style {
    match status {
        Status::Available => available(),
        Status::InProgress => in_progress(),
        Status::ToCreate => gap(),
    }
}

pub fn emotion(score: Option<u8>) -> Style {
    current().emotion(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_depth_follows_what_the_terminal_advertises() {
        let cases = [
            (Some("xterm"), None, false, Depth::Ansi16),
            (Some("screen"), None, false, Depth::Ansi16),
            (Some("linux"), None, false, Depth::Ansi16),
            (None, None, false, Depth::Ansi16),
            (Some("xterm-256color"), None, false, Depth::Ansi256),
            (Some("tmux-256color"), None, false, Depth::Ansi256),
            (
                Some("xterm-256color"),
                Some("truecolor"),
                false,
                Depth::TrueColor,
            ),
            (Some("xterm-direct"), None, false, Depth::TrueColor),
            (Some("dumb"), None, false, Depth::None),
            (Some("xterm-256color"), Some("truecolor"), true, Depth::None),
        ];
        for (term, colorterm, no_color, depth) in cases {
            assert_eq!(
                Depth::detect(term, colorterm, no_color),
                depth,
                "{term:?} {colorterm:?} {no_color}"
            );
        }
    }

    /// Bright black is the background of Solarized Dark: what must stay visible is never in it.
    #[test]
    fn no_built_in_theme_draws_borders_or_hints_in_bright_black() {
        for name in ThemeName::ALL {
            let theme = Theme::built_in(name);
            for style in [theme.border(false), theme.border(true), theme.dim()] {
                assert_ne!(style.fg, Some(Color::DarkGray), "{name:?}");
            }
            assert!(
                theme
                    .colours
                    .iter()
                    .all(|c| *c != Color::DarkGray && *c != Color::Black),
                "{name:?} uses a colour that is the background of some dark theme"
            );
        }
    }

    #[test]
    fn the_default_theme_uses_only_the_16_ansi_colours() {
        for colour in Theme::built_in(ThemeName::Default).colours {
            assert!(
                !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                "{colour:?}"
            );
        }
    }

    #[test]
    fn without_colour_the_focused_title_is_reversed_and_nothing_has_a_colour() {
        let custom = Theme::built_in(ThemeName::Default).with(Slot::Accent, Color::Rgb(1, 2, 3));
        for theme in [
            Theme::built_in(ThemeName::Mono),
            custom.clone().for_depth(Depth::None),
        ] {
            let focused = theme.title(true);
            assert!(focused.add_modifier.contains(Modifier::REVERSED));
            assert!(!theme.title(false).add_modifier.contains(Modifier::REVERSED));
            for slot in Slot::ALL {
                assert_eq!(theme.ink(slot).fg, None, "{slot:?}");
            }
            assert_eq!(theme.dim(), Style::new());
        }
        assert_eq!(
            custom.for_depth(Depth::Ansi16).border(true).fg,
            Some(Color::Rgb(1, 2, 3)),
            "a colour the terminal lacks is brought down as it is written, not dropped"
        );
    }

    #[test]
    fn config_colours_are_ansi_names_hex_or_default() {
        let cases = [
            ("cyan", Some(Color::Cyan)),
            ("white", Some(Color::Gray)),
            ("bright-white", Some(Color::White)),
            ("Bright_Black", Some(Color::DarkGray)),
            ("#ff8000", Some(Color::Rgb(255, 128, 0))),
            ("default", Some(Color::Reset)),
            ("#ff80", None),
            ("#gg0000", None),
            ("teal", None),
        ];
        for (text, colour) in cases {
            assert_eq!(parse_colour(text), colour, "{text}");
        }
        for (n, name) in ANSI_NAMES.iter().enumerate() {
            assert_eq!(parse_colour(name), Some(ansi(n as u8)));
        }
    }

    #[test]
    fn every_theme_and_slot_has_a_name_that_reads_back() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::from_name(name.name()), Some(name));
        }
        for slot in Slot::ALL {
            assert_eq!(Slot::from_name(slot.name()), Some(slot));
        }
    }
}
