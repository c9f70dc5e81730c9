//! Colour escapes the terminal understands.
//!
//! crossterm writes every colour as a 256-colour escape (`38;5;N`), even the 16 ANSI colours,
//! and a terminal that does not advertise 256 colours (`TERM=xterm`, `screen`, `linux`) may
//! draw those wrong or not at all. [`Sgr16`] sits between ratatui's backend and the terminal
//! and rewrites each colour in the select-graphic-rendition escapes (`CSI … m`) for the depth
//! the terminal has: the 16 colours as the classic `30–37`/`90–97` codes (so the terminal's own
//! theme applies), and a 256 or RGB colour as the nearest one the terminal can show.
//!
//! It holds what is written until it is flushed (once per frame, see `frames`), so it always
//! sees whole escapes. Text from a workspace cannot forge one: drawing drops control characters.

use std::io::{self, Write};

use crate::ui::theme::Depth;

pub struct Sgr16<W: Write> {
    out: W,
    depth: Depth,
    pending: Vec<u8>,
}

impl<W: Write> Sgr16<W> {
    pub fn new(out: W, depth: Depth) -> Self {
        Sgr16 {
            out,
            depth,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Sgr16<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let bytes = rewrite(&self.pending, self.depth);
        self.pending.clear();
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

/// `bytes` with the colours of every `CSI … m` escape written for `depth`.
pub fn rewrite(bytes: &[u8], depth: Depth) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(start) = find_csi(rest) {
        out.extend_from_slice(&rest[..start]);
        let body = &rest[start + 2..];
        let params_len = body
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        if body.get(params_len) == Some(&b'm') {
            let params = std::str::from_utf8(&body[..params_len]).unwrap_or_default();
            let rewritten = sgr_params(params, depth);
            // An escape left with nothing in it would reset every attribute (`CSI m` is
            // `CSI 0 m`): it only ever held colours the terminal does not get, so it goes.
            if !(rewritten.is_empty() && depth == Depth::None) {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(rewritten.as_bytes());
                out.push(b'm');
            }
            rest = &body[params_len + 1..];
        } else {
            out.extend_from_slice(&rest[start..start + 2]);
            rest = body;
        }
    }
    out.extend_from_slice(rest);
    out
}

fn find_csi(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|pair| pair == b"\x1b[")
}

/// The parameters of one SGR escape with each colour rewritten for `depth`.
fn sgr_params(params: &str, depth: Depth) -> String {
    let numbers: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(numbers.len());
    let mut i = 0;
    while i < numbers.len() {
        let layer = match numbers[i] {
            "38" => Some(Layer::Foreground),
            "48" => Some(Layer::Background),
            "58" => Some(Layer::Underline),
            _ => None,
        };
        let number = |k: usize| numbers.get(i + k).and_then(|n| n.parse::<u8>().ok());
        let colour = match (layer, numbers.get(i + 1).copied()) {
            (Some(_), Some("5")) => number(2).map(|n| (Colour::Indexed(n), 3)),
            (Some(_), Some("2")) => match (number(2), number(3), number(4)) {
                (Some(r), Some(g), Some(b)) => Some((Colour::Rgb(r, g, b), 5)),
                _ => None,
            },
            _ => None,
        };
        match (layer, colour) {
            (Some(layer), Some((colour, used))) => {
                if let Some(code) = colour_code(layer, colour, depth) {
                    out.push(code);
                }
                i += used;
            }
            _ => {
                let plain_colour = matches!(numbers[i], "39" | "49" | "59")
                    || numbers[i]
                        .parse::<u8>()
                        .is_ok_and(|n| matches!(n, 30..=37 | 40..=47 | 90..=97 | 100..=107));
                let dropped = depth == Depth::None && plain_colour;
                if !dropped && !numbers[i].is_empty() {
                    out.push(numbers[i].to_string());
                }
                i += 1;
            }
        }
    }
    out.join(";")
}

#[derive(Clone, Copy)]
enum Layer {
    Foreground,
    Background,
    Underline,
}

#[derive(Clone, Copy)]
enum Colour {
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// The SGR code of a colour on a terminal of `depth`; `None` when it shows no colour.
fn colour_code(layer: Layer, colour: Colour, depth: Depth) -> Option<String> {
    let colour = match (depth, colour) {
        (Depth::None, _) => return None,
        (_, Colour::Indexed(n)) if n < 16 => Colour::Indexed(n),
        (Depth::Ansi16, Colour::Indexed(n)) => Colour::Indexed(nearest_16(index_rgb(n))),
        (Depth::Ansi16, Colour::Rgb(r, g, b)) => Colour::Indexed(nearest_16((r, g, b))),
        (Depth::Ansi256, Colour::Rgb(r, g, b)) => Colour::Indexed(nearest_256((r, g, b))),
        (_, colour) => colour,
    };
    Some(match (layer, colour) {
        (Layer::Foreground, Colour::Indexed(n @ 0..8)) => (30 + n).to_string(),
        (Layer::Foreground, Colour::Indexed(n @ 8..16)) => (90 + n - 8).to_string(),
        (Layer::Background, Colour::Indexed(n @ 0..8)) => (40 + n).to_string(),
        (Layer::Background, Colour::Indexed(n @ 8..16)) => (100 + n - 8).to_string(),
        // The underline colour has no classic code.
        (Layer::Underline, _) if depth == Depth::Ansi16 => return None,
        (layer, Colour::Indexed(n)) => format!("{};5;{n}", layer.code()),
        (layer, Colour::Rgb(r, g, b)) => format!("{};2;{r};{g};{b}", layer.code()),
    })
}

impl Layer {
    fn code(self) -> u8 {
        match self {
            Layer::Foreground => 38,
            Layer::Background => 48,
            Layer::Underline => 58,
        }
    }
}

/// xterm's default values of the 16 ANSI colours: the usual reference for "nearest".
const ANSI_16: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The levels of each channel in the 6×6×6 colour cube (colours 16–231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB value of a 256-colour index, as xterm defines it.
fn index_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..16 => ANSI_16[usize::from(n)],
        16..232 => {
            let n = n - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let level = 8 + 10 * (n - 232);
            (level, level, level)
        }
    }
}

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).unsigned_abs().pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

fn nearest(rgb: (u8, u8, u8), candidates: impl Iterator<Item = u8>) -> u8 {
    candidates
        .min_by_key(|n| distance(rgb, index_rgb(*n)))
        .unwrap_or(0)
}

/// The nearest of the 16 ANSI colours.
pub fn nearest_16(rgb: (u8, u8, u8)) -> u8 {
    nearest(rgb, 0..16)
}

/// The nearest of the cube and the grey ramp (not of the first 16, whose values the user's
/// terminal theme changes).
fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    nearest(rgb, 16..=255)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(bytes: &str, depth: Depth) -> String {
        String::from_utf8(rewrite(bytes.as_bytes(), depth)).unwrap()
    }

    #[test]
    fn the_16_colours_are_written_as_classic_codes_at_every_depth() {
        for depth in [Depth::Ansi16, Depth::Ansi256, Depth::TrueColor] {
            assert_eq!(
                rewritten("\x1b[38;5;6mab\x1b[38;5;9;48;5;0mc\x1b[39;48;5;15m", depth),
                "\x1b[36mab\x1b[91;40mc\x1b[39;107m"
            );
        }
    }

    #[test]
    fn a_colour_the_terminal_lacks_becomes_the_nearest_it_has() {
        let cases = [
            // (escape, on 16 colours, on 256 colours, on true colour)
            (
                "\x1b[38;2;250;10;10m",
                "\x1b[91m",
                "\x1b[38;5;196m",
                "\x1b[38;2;250;10;10m",
            ),
            (
                "\x1b[48;5;196m",
                "\x1b[101m",
                "\x1b[48;5;196m",
                "\x1b[48;5;196m",
            ),
            (
                "\x1b[38;5;244m",
                "\x1b[90m",
                "\x1b[38;5;244m",
                "\x1b[38;5;244m",
            ),
            (
                "\x1b[1;38;2;0;0;0m",
                "\x1b[1;30m",
                "\x1b[1;38;5;16m",
                "\x1b[1;38;2;0;0;0m",
            ),
        ];
        for (escape, on_16, on_256, on_true) in cases {
            assert_eq!(rewritten(escape, Depth::Ansi16), on_16, "{escape:?}");
            assert_eq!(rewritten(escape, Depth::Ansi256), on_256, "{escape:?}");
            assert_eq!(rewritten(escape, Depth::TrueColor), on_true, "{escape:?}");
        }
    }

    #[test]
    fn without_colour_only_attributes_are_written() {
        assert_eq!(
            rewritten(
                "\x1b[1m\x1b[38;5;6mx\x1b[m\x1b[7;31my\x1b[39;49m\x1b[0m",
                Depth::None
            ),
            "\x1b[1mx\x1b[7my\x1b[0m"
        );
    }

    #[test]
    fn other_escapes_and_text_pass_unchanged() {
        let other = "\x1b[2J\x1b[3;4Hplain \x1b[?1049h text [38;5;1m\x1b]0;title\x07";
        assert_eq!(rewritten(other, Depth::Ansi16), other);
    }

    #[test]
    fn the_writer_rewrites_what_it_holds_when_flushed() {
        let mut writer = Sgr16::new(Vec::new(), Depth::Ansi16);
        writer.write_all(b"\x1b[38;").unwrap();
        writer.write_all(b"5;3mx").unwrap();
        assert!(writer.out.is_empty(), "nothing is written before the flush");
        writer.flush().unwrap();
        assert_eq!(writer.out, b"\x1b[33mx");
    }
}
