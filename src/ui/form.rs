//! A form over the screen: labels on the left, editable values on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, clean, fit, pad, theme};
use crate::app::form::{Form, Value};
use crate::app::{Action, App, Context};

/// Options of a list shown at once while it has the focus: one a line, scrolling with the cursor.
const SET_ROWS: usize = 5;

/// Rows a field takes: multi-line text gets room to write in while it has the focus, and shows
/// up to three of its lines otherwise; a list shows what is ticked, and its options while it has
/// the focus.
fn rows_of(value: &Value, focused: bool) -> u16 {
    match value {
        Value::Set { labels, .. } if focused => 1 + labels.len().min(SET_ROWS) as u16,
        Value::Text {
            multiline: true, ..
        } if focused => 3,
        Value::Text {
            area,
            multiline: true,
        } => area.lines().len().clamp(1, 3) as u16,
        _ => 1,
    }
}

pub fn render(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let total: u16 = form
        .fields
        .iter()
        .enumerate()
        .map(|(at, f)| rows_of(&f.value, at == form.focus))
        .sum();
    let width = area.width.saturating_sub(4).min(96);
    let height = (total + 3).min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    let save: &[Action] = if form.is_one_line() {
        &[Action::SubmitOneLine]
    } else {
        &[Action::Submit]
    };
    let mut keys: Vec<(&[Action], &str)> = vec![
        (&[Action::NextField], "next"),
        (&[Action::PrevField], "back"),
        (save, "save"),
        (&[Action::Close], "cancel"),
    ];
    // Only a text field goes to the editor.
    if matches!(
        form.fields.get(form.focus).map(|f| &f.value),
        Some(Value::Text { .. })
    ) {
        keys.push((&[Action::OpenInEditor], "editor"));
    }
    let hints = super::hints(app, Context::Form, &keys, super::bar_room(popup.width));
    super::clear_popup(frame, popup);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(" {} ", form.title),
            theme::title(true),
        ))
        .title_bottom(Line::styled(hints, theme::dim()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    // The last row is for the message about a refused value.
    let rows = inner.height.saturating_sub(1);
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(24) as u16
        + 3;
    // Scroll so the focused field is in view.
    let mut first = 0;
    loop {
        let last = form.focus.min(form.fields.len().saturating_sub(1));
        let used: u16 = (first..=last)
            .map(|at| rows_of(&form.fields[at].value, at == form.focus))
            .sum();
        if used <= rows || first >= form.focus {
            break;
        }
        first += 1;
    }
    let mut y = inner.y;
    let mut hidden = first;
    for (at, field) in form.fields.iter().enumerate().skip(first) {
        let height = rows_of(&field.value, at == form.focus);
        if y + height > inner.y + rows {
            hidden += form.fields.len() - at;
            break;
        }
        let focused = at == form.focus;
        let marker = if focused { "▶ " } else { "  " };
        let label_style = if focused {
            theme::title(true)
        } else {
            theme::label()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                pad(
                    &format!("{marker}{}", field.label),
                    usize::from(label_width),
                ),
                label_style,
            )),
            Rect::new(inner.x, y, label_width, 1),
        );
        let mut value_area = Rect::new(
            inner.x + label_width,
            y,
            inner.width.saturating_sub(label_width),
            height,
        );
        // What typed words resolve to, at the right of the field: `→ Thu 24 Dec 2026`.
        if let Some(resolved) = field.resolved(app.today, app.ws.currency()) {
            let shown = fit(
                &format!(" → {}", clean(&resolved)),
                usize::from(value_area.width / 2),
            );
            let shown_width = shown.width() as u16;
            value_area.width -= shown_width;
            frame.render_widget(
                Paragraph::new(Line::styled(shown, theme::dim())),
                Rect::new(value_area.right(), y, shown_width, 1),
            );
        }
        render_value(&field.value, focused, frame, value_area);
        y += height;
    }
    if let Some((at, message)) = &form.error {
        let label = form.fields.get(*at).map_or("", |f| &f.label);
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    &format!("✗ {label}: {}", clean(message)),
                    usize::from(inner.width),
                ),
                theme::error(),
            )),
            Rect::new(inner.x, inner.y + rows, inner.width, 1),
        );
    } else if hidden > 0 {
        frame.render_widget(
            Paragraph::new(Line::styled(
                match (
                    app.keymap.key_for(Context::Form, Action::NextField),
                    app.keymap.key_for(Context::Form, Action::PrevField),
                ) {
                    (Some(next), Some(back)) => {
                        format!("  … {hidden} more field(s): {next} / {back} to reach them")
                    }
                    _ => format!("  … {hidden} more field(s)"),
                },
                theme::dim(),
            )),
            Rect::new(inner.x, inner.y + rows, inner.width, 1),
        );
    }
}

fn render_value(value: &Value, focused: bool, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    match value {
        Value::Text { area: text, .. } => {
            if focused {
                let mut shown = (**text).clone();
                shown.set_cursor_line_style(Style::new());
                shown.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
                shown.set_style(Style::new().add_modifier(Modifier::UNDERLINED));
                frame.render_widget(&shown, area);
            } else {
                let lines: Vec<Line> = text
                    .lines()
                    .iter()
                    .take(usize::from(area.height))
                    .map(|l| Line::raw(fit(&clean(l), width)))
                    .collect();
                frame.render_widget(Paragraph::new(lines), area);
            }
        }
        Value::Choice {
            labels, selected, ..
        } => {
            let label = labels.get(*selected).map_or(String::new(), |l| clean(l));
            let style = if focused {
                theme::selected(true)
            } else {
                Style::new()
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("◀ ", theme::dim()),
                    Span::styled(fit(&label, width.saturating_sub(4)), style),
                    Span::styled(" ▶", theme::dim()),
                ])),
                area,
            );
        }
        Value::Set {
            labels,
            chosen,
            cursor,
            ..
        } => render_set(labels, chosen, focused.then_some(*cursor), frame, area),
    }
}

/// A list of options to tick: first what is ticked ("2 of 7 ticked: …"), then, while it has the
/// focus, a window of options one a line that always holds the cursor.
fn render_set(
    labels: &[String],
    chosen: &[bool],
    cursor: Option<usize>,
    frame: &mut Frame,
    area: Rect,
) {
    let width = usize::from(area.width);
    if labels.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("(none to choose from)", theme::dim())),
            area,
        );
        return;
    }
    let ticked: Vec<String> = labels
        .iter()
        .zip(chosen)
        .filter(|(_, c)| **c)
        .map(|(label, _)| clean(label))
        .collect();
    let summary = if ticked.is_empty() {
        format!("none of {} ticked", labels.len())
    } else {
        format!(
            "{} of {} ticked: {}",
            ticked.len(),
            labels.len(),
            ticked.join(", ")
        )
    };
    let mut lines = vec![Line::styled(fit(&summary, width), theme::label())];
    if let Some(cursor) = cursor {
        let rows = labels.len().min(SET_ROWS);
        let first = cursor
            .saturating_sub(rows / 2)
            .min(labels.len().saturating_sub(rows));
        for at in first..first + rows {
            let more = if at == first && first > 0 {
                "↑"
            } else if at + 1 == first + rows && at + 1 < labels.len() {
                "↓"
            } else {
                " "
            };
            let marker = if at == cursor { "▶ " } else { "  " };
            let mark = if chosen[at] { "[x]" } else { "[ ]" };
            let text = format!("{marker}{mark} {}", clean(&labels[at]));
            let style = if at == cursor {
                theme::selected(true)
            } else if chosen[at] {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(pad(&text, width.saturating_sub(2)), style),
                Span::styled(format!(" {more}"), theme::dim()),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
