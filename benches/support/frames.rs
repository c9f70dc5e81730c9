//! Driving the screen in a bench as the terminal loop does: a key goes in as a message, and a
//! frame is drawn on a test backend with its layout handed back to the app.

use journeymap::app::{App, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key pressed with no modifier.
pub fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// One frame, and the layout it used told to the app (as the loop does after each draw).
pub fn draw(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    let mut layout = None;
    terminal
        .draw(|frame| layout = Some(journeymap::ui::render(app, frame)))
        .expect("draws");
    if let Some(layout) = layout {
        app.update(Msg::Drawn(layout));
    }
}
