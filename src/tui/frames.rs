//! Frames written to the terminal whole, and only when they change something.
//!
//! ratatui flushes its writer more than once a frame: after hiding the cursor, or after showing
//! it and again after moving it. A frame then leaves in two or three writes, each a packet of
//! its own over SSH, and its last piece can come milliseconds after the rest when the thread
//! loses the CPU in between. And the loop draws whenever something happened (a job landed, the
//! folder changed), so many frames change no cell: ratatui still writes its colour resets and
//! the cursor's state, 25 bytes for nothing. [`Frames`] holds what a frame writes until the frame
//! is done and then writes it in one piece, or not at all when all it holds are the escapes the
//! last frame ended with: the terminal is in that state already.

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

/// How much of the last frame's end is kept to compare with: the colour resets and the cursor's
/// state (shown, and where) take under 40 bytes.
const END_KEPT: usize = 64;

/// Where the screen is in drawing a frame. The screen sets it and the writer, which ratatui
/// owns, reads it: ratatui lends out its writer only through an unstable API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Writes are not a frame's: each flush writes.
    Outside,
    /// A frame is being drawn: flushes wait for its end.
    Drawing,
    /// The frame is drawn: the next flush writes it (or not).
    Ending,
}

/// The screen's hold on the phase its writer sees.
#[derive(Clone)]
pub struct FrameGate(Rc<Cell<Phase>>);

impl FrameGate {
    /// From here on, flushes wait for [`FrameGate::end`].
    pub fn begin(&self) {
        self.0.set(Phase::Drawing);
    }

    /// The frame is drawn: the writer's next flush writes it in one piece, unless it only
    /// repeats the escapes the last frame ended with.
    pub fn end(&self) {
        self.0.set(Phase::Ending);
    }
}

pub struct Frames<W: Write> {
    out: W,
    pending: Vec<u8>,
    phase: Rc<Cell<Phase>>,
    /// The last bytes of the last frame written whole; empty once anything else was written,
    /// whose effect on the terminal is not known here.
    last_end: Vec<u8>,
}

impl<W: Write> Frames<W> {
    /// The writer, and the gate the screen opens and closes around each frame.
    pub fn new(out: W) -> (Self, FrameGate) {
        let phase = Rc::new(Cell::new(Phase::Outside));
        let frames = Frames {
            out,
            pending: Vec::new(),
            phase: Rc::clone(&phase),
            last_end: Vec::new(),
        };
        (frames, FrameGate(phase))
    }

    fn end_frame(&mut self) -> io::Result<()> {
        let frame = std::mem::take(&mut self.pending);
        if only_escapes(&frame) && self.last_end.ends_with(&frame) {
            return Ok(());
        }
        self.write_out(&frame)?;
        self.last_end.clear();
        self.last_end
            .extend_from_slice(&frame[frame.len().saturating_sub(END_KEPT)..]);
        Ok(())
    }

    fn write_out(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.out.flush()
    }
}

impl<W: Write> Write for Frames<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.phase.get() {
            Phase::Drawing => Ok(()),
            Phase::Ending => {
                self.phase.set(Phase::Outside);
                self.end_frame()
            }
            Phase::Outside => {
                let bytes = std::mem::take(&mut self.pending);
                self.last_end.clear();
                self.write_out(&bytes)
            }
        }
    }
}

/// Whether `bytes` are control sequences (`CSI`, ECMA-48) and nothing else: no cell's text.
fn only_escapes(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix(b"\x1b[") else {
            return false;
        };
        let parameters = body.iter().take_while(|b| (0x20..=0x3f).contains(*b));
        let at = parameters.count();
        match body.get(at) {
            Some(last) if (0x40..=0x7e).contains(last) => rest = &body[at + 1..],
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What reached the terminal, write by write.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for &mut Writes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.push(bytes.to_vec());
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    const RESETS: &[u8] = b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m";

    /// A frame as ratatui writes it: cells, resets, then the cursor in a flush of its own (or
    /// two).
    fn frame(
        (frames, gate): &mut (Frames<&mut Writes>, FrameGate),
        cells: &[u8],
        cursor: &[&[u8]],
    ) {
        gate.begin();
        frames.write_all(cells).unwrap();
        frames.write_all(RESETS).unwrap();
        for part in cursor {
            frames.write_all(part).unwrap();
            frames.flush().unwrap();
        }
        frames.flush().unwrap();
        gate.end();
        frames.flush().unwrap();
    }

    #[test]
    fn a_frame_flushed_three_times_reaches_the_terminal_in_one_write() {
        let mut writes = Writes::default();
        let mut frames = Frames::new(&mut writes);
        frame(&mut frames, b"\x1b[2;3Hab", &[b"\x1b[?25h", b"\x1b[2;5H"]);
        drop(frames);
        assert_eq!(
            writes.0,
            [b"\x1b[2;3Hab\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25h\x1b[2;5H"]
        );
    }

    #[test]
    fn a_frame_that_changes_no_cell_and_leaves_the_cursor_as_it_was_writes_nothing() {
        let mut writes = Writes::default();
        let mut frames = Frames::new(&mut writes);
        frame(&mut frames, b"\x1b[1;1Hx", &[b"\x1b[?25l"]);
        frame(&mut frames, b"", &[b"\x1b[?25l"]);
        frame(&mut frames, b"", &[b"\x1b[?25l"]);
        frame(&mut frames, b"\x1b[3;1Hy", &[b"\x1b[?25h", b"\x1b[3;2H"]);
        frame(&mut frames, b"", &[b"\x1b[?25h", b"\x1b[3;2H"]);
        drop(frames);
        assert_eq!(writes.0.len(), 2, "only the frames that drew cells");
    }

    #[test]
    fn a_frame_that_only_moves_or_hides_the_cursor_is_written() {
        let mut writes = Writes::default();
        let mut frames = Frames::new(&mut writes);
        frame(&mut frames, b"\x1b[1;1Hx", &[b"\x1b[?25h", b"\x1b[1;2H"]);
        frame(&mut frames, b"", &[b"\x1b[?25h", b"\x1b[1;3H"]);
        frame(&mut frames, b"", &[b"\x1b[?25l"]);
        drop(frames);
        let last = [RESETS, b"\x1b[?25l"].concat();
        assert_eq!(writes.0.len(), 3);
        assert_eq!(writes.0[2], last);
    }

    #[test]
    fn after_anything_written_outside_a_frame_the_next_frame_is_written() {
        let mut writes = Writes::default();
        let mut frames = Frames::new(&mut writes);
        frame(&mut frames, b"\x1b[1;1Hx", &[b"\x1b[?25l"]);
        // ratatui's clear on a resize, say.
        frames.0.write_all(b"\x1b[2J").unwrap();
        frames.0.flush().unwrap();
        frame(&mut frames, b"", &[b"\x1b[?25l"]);
        drop(frames);
        assert_eq!(writes.0.len(), 3);
    }

    #[test]
    fn text_is_not_an_escape() {
        assert!(only_escapes(b""));
        assert!(only_escapes(b"\x1b[39m\x1b[?25l\x1b[12;40H"));
        assert!(!only_escapes(b"\x1b[39m "));
        assert!(!only_escapes(b"\x1b[39"));
        assert!(!only_escapes(b"\x1b]0;title\x1b\\"));
    }
}
