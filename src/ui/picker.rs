//! A list of choices over the screen: the text that narrows it, then the rows, a filter's
//! marked `[x]` when on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{centered, clean, fit, theme, window};
use crate::app::Purpose;
use crate::app::overlays::Picker;
use crate::app::{Action, App, Context};

pub fn render(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let rows = &picker.finder.rows;
    let width = area.width.saturating_sub(4).min(64);
    // A line under the text says the owners are being counted, until they are.
    let counting = usize::from(picker.counting_owners());
    let height = ((rows.len() + counting) as u16 + 4).min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    super::clear_popup(frame, popup);
    let choose = match picker.purpose {
        Purpose::Change => "choose",
        Purpose::Compare => "compare",
        Purpose::Inventory | Purpose::Map | Purpose::Calendar => "turn on / off",
    };
    let hints = super::hints(
        app,
        Context::Picker,
        &[(&[Action::Jump], choose), (&[Action::Close], "close")],
        super::bar_room(popup.width),
    );
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(
                " {} ",
                fit(&clean(&picker.title), usize::from(width.saturating_sub(4)))
            ),
            theme::title(true),
        ))
        .title_bottom(Line::styled(hints, theme::dim()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let text_width = usize::from(inner.width);
    let mut lines = vec![Line::from(vec![
        Span::styled(" type to narrow: ", theme::dim()),
        Span::raw(clean(picker.finder.text())),
        Span::styled("▏", theme::label()),
    ])];
    if counting > 0 {
        lines.push(Line::styled(" counting owners…", theme::dim()));
    }
    let capacity = usize::from(inner.height).saturating_sub(1 + counting);
    let first = window(0, picker.finder.selected, capacity, rows.len());
    for (at, row) in rows.iter().enumerate().skip(first).take(capacity) {
        let selected = at == picker.finder.selected;
        let mark = match row.on {
            Some(true) => "[x] ",
            Some(false) => "[ ] ",
            None => "",
        };
        let text = fit(
            &format!(
                "{}{mark}{}",
                if selected { "▶" } else { " " },
                clean(&row.label)
            ),
            text_width,
        );
        lines.push(if selected {
            Line::styled(text, theme::selected(true))
        } else {
            Line::raw(text)
        });
    }
    if rows.is_empty() && counting == 0 {
        lines.push(Line::styled(" (nothing matches)", theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
