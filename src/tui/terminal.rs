//! Taking over the terminal and giving it back, whatever happens: on exit, on a panic, and for
//! a while when the user suspends journeymap with `Ctrl-z`.

use std::fmt;
use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{Command, cursor, execute};

use super::frames::{FrameGate, Frames};
use super::sgr::Sgr16;
use crate::ui::theme::Depth;
use ratatui::layout::{Rect, Size};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

/// The terminal in raw mode on the alternate screen, with mouse, bracketed paste and our title;
/// restored when dropped, and by the panic hook if a bug strikes while drawing.
pub struct Screen {
    /// Never dropped as it is: ratatui's drop reports a failure to show the cursor with
    /// `eprintln!`, which panics when the terminal is gone (see [`Screen`]'s drop).
    terminal: ManuallyDrop<Terminal<CrosstermBackend<Frames<Sgr16<Stdout>>>>>,
    /// Opened and closed around each frame, so that it leaves in one write (see [`Frames`]).
    frame_gate: FrameGate,
    mouse: bool,
    /// The title last set, so it is set again after a suspension and only when it changes.
    title: String,
}

impl Screen {
    /// Takes over the terminal, whose colours are written for `depth`.
    pub fn enter(mouse: bool, depth: Depth) -> io::Result<Screen> {
        install_panic_hook();
        let setup = (|| {
            take_over(mouse)?;
            let (frames, frame_gate) = Frames::new(Sgr16::new(io::stdout(), depth));
            let backend = CrosstermBackend::new(frames);
            let area = drawn_area(ratatui::backend::Backend::size(&backend)?);
            let terminal = Terminal::with_options(
                backend,
                TerminalOptions {
                    viewport: Viewport::Fixed(area),
                },
            )?;
            Ok((terminal, frame_gate))
        })();
        match setup {
            Ok((terminal, frame_gate)) => Ok(Screen {
                terminal: ManuallyDrop::new(terminal),
                frame_gate,
                mouse,
                title: String::new(),
            }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Names the terminal's window or tab `journeymap — NAME` (the title it had is restored on
    /// exit). Costs nothing when the name did not change.
    pub fn set_title(&mut self, workspace_name: &str) -> io::Result<()> {
        let title = window_title(workspace_name);
        if title != self.title {
            execute!(io::stdout(), SetTitle(&title))?;
            self.title = title;
        }
        Ok(())
    }

    /// Gives the terminal back to the shell and stops the process group, as `Ctrl-z` does in
    /// any program; when the shell continues it (`fg`), takes the terminal over again and has
    /// the next frame drawn in full. The other threads (the terminal reader, the save worker)
    /// are stopped and continued with the process and carry on as they were.
    pub fn suspend(&mut self) -> io::Result<()> {
        // The whole group, as a shell's job is: a wrapper script stops with us. In an orphaned
        // process group (no shell that could continue it) the kernel ignores the signal, and
        // journeymap simply carries on.
        self.hand_over(stop_as_by_default)
    }

    /// Gives the terminal back as the shell had it (line mode, the main screen, no mouse
    /// reporting) while `run` runs — the shell while journeymap is stopped, or another program
    /// such as the user's editor — then takes it over again and has the next frame drawn in
    /// full. What `run` returned comes back once the terminal is ours again.
    pub fn hand_over<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let ran = run();
        take_over(self.mouse)?;
        execute!(io::stdout(), SetTitle(&self.title))?;
        // Resizing clears the screen and forgets what was drawn, so the next frame is drawn in
        // full, on the size the terminal has now (`clear` would ask the terminal where its
        // cursor is, and not every terminal answers).
        let area = drawn_area(self.terminal.size()?);
        self.terminal.resize(area)?;
        Ok(ran)
    }
}

/// Sends the process group SIGTSTP with the signal's default action (stop) in force for the
/// moment: journeymap handles SIGTSTP itself (see `input`), and its handler would only ask the
/// loop to suspend again. Returns once the shell continued it (`fg`), with the handler back.
fn stop_as_by_default() {
    // SAFETY: sigaction(2) with valid pointers to plain data: the handler in force is kept in
    // `ours` and put back; kill(2) with pid 0 and a valid signal number has no memory effects.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut ours: libc::sigaction = std::mem::zeroed();
        let swapped = libc::sigaction(libc::SIGTSTP, &default, &mut ours) == 0;
        // The stop takes effect before kill returns to this thread, so the handler is not put
        // back before the process stopped.
        libc::kill(0, libc::SIGTSTP);
        if swapped {
            libc::sigaction(libc::SIGTSTP, &ours, std::ptr::null_mut());
        }
    }
}

/// `journeymap — NAME`, with no control, bidi or invisible character from the workspace's
/// name, and not longer than a title bar shows.
pub fn window_title(workspace_name: &str) -> String {
    const LONGEST_NAME: usize = 80;
    let name: String = workspace_name
        .chars()
        .filter(|c| !crate::text::is_unsafe(*c))
        .take(LONGEST_NAME)
        .collect();
    match name.trim() {
        "" => "journeymap".into(),
        name => format!("journeymap — {name}"),
    }
}

/// Raw mode, the alternate screen, bracketed paste, the mouse if wanted, and the terminal's
/// own title saved on its title stack (so exit puts it back).
fn take_over(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide,
        PushTitle
    )?;
    TITLE_PUSHED.store(true, Ordering::SeqCst);
    if mouse {
        execute!(out, EnableMouse)?;
        MOUSE_ON.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Whether a title was pushed and not popped yet: [`restore`] runs more than once (drop, panic
/// hook), and a second pop would take a title that is not ours off the terminal's stack.
static TITLE_PUSHED: AtomicBool = AtomicBool::new(false);
/// Whether mouse reporting is on, for the same reason.
static MOUSE_ON: AtomicBool = AtomicBool::new(false);

/// Mouse reporting of clicks (1000), drags (1002) and the wheel, in SGR coordinates (1006).
/// Not crossterm's `EnableMouseCapture`: that also asks for every mouse move (1003), which
/// sends bytes over SSH whenever the mouse crosses the window.
struct EnableMouse;

impl Command for EnableMouse {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1002h\x1b[?1006h")
    }
}

struct DisableMouse;

impl Command for DisableMouse {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1006l\x1b[?1002l\x1b[?1000l")
    }
}

/// Saves the window and icon titles on the terminal's title stack (xterm's `CSI 22;0t`).
struct PushTitle;

impl Command for PushTitle {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[22;0t")
    }
}

/// Restores the titles saved by [`PushTitle`] (`CSI 23;0t`).
struct PopTitle;

impl Command for PopTitle {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[23;0t")
    }
}

/// Sets the window and icon titles (`OSC 0`); the text must already be free of controls
/// (see [`window_title`]). Ended by the string terminator (`ESC \`), not a bell: a terminal
/// that does not know the sequence then never rings.
struct SetTitle<'a>(&'a str);

impl Command for SetTitle<'_> {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        write!(f, "\x1b]0;{}\x1b\\", self.0)
    }
}

/// Puts text on the clipboard of the terminal the user sits at (`OSC 52`), which reaches it
/// over SSH. Inside tmux (`in_tmux`) the sequence goes twice: as it is, for a tmux whose
/// `set-clipboard` is on (it takes the text and passes it on), and wrapped in tmux's passthrough
/// (`ESC P tmux; …`, every ESC doubled), for a tmux with `allow-passthrough` on.
struct CopyToClipboard<'a> {
    base64: &'a str,
    in_tmux: bool,
}

impl Command for CopyToClipboard<'_> {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let osc = format!("\x1b]52;c;{}\x1b\\", self.base64);
        f.write_str(&osc)?;
        if self.in_tmux {
            write!(f, "\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))?;
        }
        Ok(())
    }
}

/// Text in base64 (RFC 4648, padded), as OSC 52 carries it.
pub fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (at, b)| n | u32::from(*b) << (16 - 8 * at));
        for at in 0..4 {
            if at <= chunk.len() {
                out.push(char::from(DIGITS[(n >> (18 - 6 * at)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The largest area drawn. A terminal can claim any size (a resize to 30000×30000 is two
/// numbers); ratatui keeps two buffers of the whole area, and at that size their allocation
/// aborts the process with the terminal left raw. Beyond this the rest stays blank.
const MAX_DRAWN: Size = Size {
    width: 1000,
    height: 400,
};

/// The area drawn on a terminal of `size`: all of it, up to [`MAX_DRAWN`].
pub fn drawn_area(size: Size) -> Rect {
    Rect::new(
        0,
        0,
        size.width.min(MAX_DRAWN.width),
        size.height.min(MAX_DRAWN.height),
    )
}

impl Screen {
    /// Puts `text` on the user's clipboard through the terminal (see [`CopyToClipboard`]).
    pub fn copy(&mut self, text: &str) -> io::Result<()> {
        let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
        execute!(
            io::stdout(),
            CopyToClipboard {
                base64: &base64(text.as_bytes()),
                in_tmux,
            }
        )
    }

    /// Draws one frame on the terminal's current size, capped at [`MAX_DRAWN`] (the viewport is
    /// fixed, so ratatui never sizes its buffers from the terminal by itself), in one write, or
    /// none when it changes nothing on the terminal (see [`Frames`]).
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        let area = drawn_area(self.terminal.size()?);
        if area != self.terminal.get_frame().area() {
            self.terminal.resize(area)?;
        }
        self.frame_gate.begin();
        let drawn = self.terminal.draw(render).map(drop);
        self.frame_gate.end();
        let written = ratatui::backend::Backend::flush(self.terminal.backend_mut());
        drawn.and(written)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        // Showing the cursor here tells ratatui it need not; if the terminal is gone that fails,
        // and the terminal is left undropped (it holds only memory, and the process is ending)
        // rather than letting its drop panic on a write to a dead terminal.
        let shown = self.terminal.show_cursor().is_ok();
        restore();
        if shown {
            // SAFETY: dropped once, here, and never used again.
            unsafe { ManuallyDrop::drop(&mut self.terminal) };
        }
    }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    if MOUSE_ON.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, DisableMouse);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    if TITLE_PUSHED.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, PopTitle);
    }
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        for (text, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("€\n", "4oKsCg=="),
        ] {
            assert_eq!(base64(text.as_bytes()), encoded, "{text:?}");
        }
    }

    #[test]
    fn inside_tmux_the_copy_also_goes_through_its_passthrough() {
        let mut plain = String::new();
        CopyToClipboard {
            base64: "Zm9v",
            in_tmux: false,
        }
        .write_ansi(&mut plain)
        .unwrap();
        assert_eq!(plain, "\x1b]52;c;Zm9v\x1b\\");
        let mut tmux = String::new();
        CopyToClipboard {
            base64: "Zm9v",
            in_tmux: true,
        }
        .write_ansi(&mut tmux)
        .unwrap();
        assert_eq!(
            tmux,
            "\x1b]52;c;Zm9v\x1b\\\x1bPtmux;\x1b\x1b]52;c;Zm9v\x1b\x1b\\\x1b\\"
        );
    }

    #[test]
    fn the_drawn_area_is_the_terminal_up_to_a_cap() {
        assert_eq!(drawn_area(Size::new(80, 24)), Rect::new(0, 0, 80, 24));
        assert_eq!(drawn_area(Size::new(0, 0)), Rect::new(0, 0, 0, 0));
        let huge = drawn_area(Size::new(30000, 30000));
        assert_eq!(huge, Rect::new(0, 0, MAX_DRAWN.width, MAX_DRAWN.height));
        // Two buffers of that many cells are a few tens of megabytes, not tens of gigabytes.
        assert!(u32::from(huge.width) * u32::from(huge.height) <= 400_000);
    }

    #[test]
    fn the_window_title_names_the_workspace_without_controls_or_bidi() {
        assert_eq!(window_title("Launch"), "journeymap — Launch");
        assert_eq!(
            window_title("Evil\u{1b}]0;pwned\u{7}\u{202E}name\u{9b}"),
            "journeymap — Evil]0;pwnedname"
        );
        assert_eq!(window_title(" \u{200B} "), "journeymap");
        assert_eq!(window_title(&"x".repeat(500)).chars().count(), 80 + 13);
    }

    #[test]
    fn mouse_reporting_asks_for_clicks_drags_and_the_wheel_but_never_every_move() {
        let mut on = String::new();
        EnableMouse.write_ansi(&mut on).unwrap();
        assert_eq!(on, "\x1b[?1000h\x1b[?1002h\x1b[?1006h");
        assert!(!on.contains("1003"));
    }
}
