//! Taking over the terminal and giving it back, whatever happens.

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

/// The terminal in raw mode on the alternate screen, with mouse and bracketed paste; restored
/// when dropped, and by the panic hook if a bug strikes while drawing.
pub struct Screen {
    /// Never dropped as it is: ratatui's drop reports a failure to show the cursor with
    /// `eprintln!`, which panics when the terminal is gone (see [`Screen`]'s drop).
    pub terminal: ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>,
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
            Terminal::new(CrosstermBackend::new(io::stdout()))
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
