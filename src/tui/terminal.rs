//! Taking over the terminal and giving it back, whatever happens.

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::{Rect, Size};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

/// The terminal in raw mode on the alternate screen, with mouse and bracketed paste; restored
/// when dropped, and by the panic hook if a bug strikes while drawing.
pub struct Screen {
    /// Never dropped as it is: ratatui's drop reports a failure to show the cursor with
    /// `eprintln!`, which panics when the terminal is gone (see [`Screen`]'s drop).
    terminal: ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
}

impl Screen {
    pub fn enter(mouse: bool) -> io::Result<Screen> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = io::stdout();
        let setup = (|| {
            execute!(
                out,
                EnterAlternateScreen,
                EnableBracketedPaste,
                cursor::Hide
            )?;
            if mouse {
                execute!(out, EnableMouseCapture)?;
            }
            let backend = CrosstermBackend::new(io::stdout());
            let area = drawn_area(ratatui::backend::Backend::size(&backend)?);
            Terminal::with_options(
                backend,
                TerminalOptions {
                    viewport: Viewport::Fixed(area),
                },
            )
        })();
        match setup {
            Ok(terminal) => Ok(Screen {
                terminal: ManuallyDrop::new(terminal),
            }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }
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
    /// Draws one frame on the terminal's current size, capped at [`MAX_DRAWN`]. (The viewport is
    /// fixed, so ratatui never sizes its buffers from the terminal by itself.)
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        let area = drawn_area(self.terminal.size()?);
        if area != self.terminal.get_frame().area() {
            self.terminal.resize(area)?;
        }
        self.terminal.draw(render)?;
        Ok(())
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
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
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
    fn the_drawn_area_is_the_terminal_up_to_a_cap() {
        assert_eq!(drawn_area(Size::new(80, 24)), Rect::new(0, 0, 80, 24));
        assert_eq!(drawn_area(Size::new(0, 0)), Rect::new(0, 0, 0, 0));
        let huge = drawn_area(Size::new(30000, 30000));
        assert_eq!(huge, Rect::new(0, 0, MAX_DRAWN.width, MAX_DRAWN.height));
        // Two buffers of that many cells are a few tens of megabytes, not tens of gigabytes.
        assert!(u32::from(huge.width) * u32::from(huge.height) <= 400_000);
    }
}
