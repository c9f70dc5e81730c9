//! A form: fields edited in place, moved between and saved by the keys of the keymap's form layer.
//!
//! Text fields are real text editors (`ratatui-textarea`: cursor movement, readline's keys, undo
//! within the field, multi-line where the field is). Values are checked when the form is saved;
//! a refused value is shown at its field and nothing reaches the model.

use std::borrow::Cow;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea};

use crate::app::action::Action;
use crate::app::outcome::Outcome;
use crate::app::readline::edit_text;
use crate::app::subject::Subject;
use crate::model::{Date, Id};

/// What a field holds.
#[derive(Debug)]
pub enum Value {
    Text {
        area: Box<TextArea<'static>>,
        multiline: bool,
    },
    /// One of a list: an enum value, or an entry (or none).
    Choice {
        labels: Vec<String>,
        ids: Vec<Option<Id>>,
        selected: usize,
    },
    /// Any number of a list of entries.
    Set {
        labels: Vec<String>,
        ids: Vec<Id>,
        chosen: Vec<bool>,
        cursor: usize,
    },
}

/// What the words of a one-line text field stand for: the form reads them when it is saved,
/// and shows what they resolve to while they are typed (`dec 24` → `Thu 24 Dec 2026`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    Words,
    /// A day: `2027-03-01`, `today`, `+2w`, `fri`, `dec 24`, `24.12.` (see [`Date::read`]).
    Date,
    /// An amount of money in the workspace's currency: `1.200,50`, `€300` (see
    /// [`crate::model::read_amount`]).
    Amount,
    /// A number that may be below zero, written as amounts are (a metric's target or actual;
    /// see [`crate::model::read_number`]).
    Number,
}

#[derive(Debug)]
pub struct Field {
    /// The model's name of the field, to place the model's complaints (`custom.<field id>` for
    /// one of the workspace's own fields).
    pub name: Cow<'static, str>,
    /// A built-in field's label, or the name the workspace gave its own field.
    pub label: Cow<'static, str>,
    pub value: Value,
    pub reads: Reads,
}

#[derive(Debug)]
pub struct Form {
    pub title: String,
    pub subject: Subject,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The field a refusal is about, and why.
    pub error: Option<(usize, String)>,
    initial: Vec<String>,
    /// The field handed to the user's editor, whose text is to come back.
    handed_out: Option<usize>,
}

/// Text as a field holds it: line breaks kept, a tab as a space (so words pasted from a
/// spreadsheet stay apart), every other character that must not reach a terminal dropped.
fn editable(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !crate::text::is_unsafe(*c))
        .collect()
}

impl Field {
    pub fn text(
        name: impl Into<Cow<'static, str>>,
        label: impl Into<Cow<'static, str>>,
        text: &str,
        multiline: bool,
    ) -> Field {
        let clean = editable(text);
        let lines: Vec<String> = if multiline {
            clean.split('\n').map(str::to_string).collect()
        } else {
            vec![clean.replace('\n', " ")]
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Field {
            name: name.into(),
            label: label.into(),
            value: Value::Text {
                area: Box::new(area),
                multiline,
            },
            reads: Reads::Words,
        }
    }

    /// A one-line field for a day, empty for none.
    pub fn date(name: &'static str, label: &'static str, date: Option<Date>) -> Field {
        let text = date.map(|d| d.to_string()).unwrap_or_default();
        Field {
            reads: Reads::Date,
            ..Field::text(name, label, &text, false)
        }
    }

    /// A one-line field for an amount of money, empty for nothing.
    pub fn amount(name: &'static str, label: &'static str, amount: f64) -> Field {
        // Written so that it reads back as the same number; 0 shows as an empty field.
        let text = if amount == 0.0 {
            String::new()
        } else {
            crate::model::amount_text(amount)
        };
        Field {
            reads: Reads::Amount,
            ..Field::text(name, label, &text, false)
        }
    }

    /// A one-line field for a number that may be below zero, empty for none.
    pub fn number(name: &'static str, label: &'static str, value: Option<f64>) -> Field {
        let text = value.map(crate::model::amount_text).unwrap_or_default();
        Field {
            reads: Reads::Number,
            ..Field::text(name, label, &text, false)
        }
    }

    /// What the field's words resolve to, as the form shows it beside them (`→ Thu 24 Dec
    /// 2026`, `→ 1200.5 EUR`): `None` for plain words, an empty field, or words that do not
    /// resolve (saving says why).
    pub fn resolved(&self, today: Date, currency: &str) -> Option<String> {
        let Value::Text { area, .. } = &self.value else {
            return None;
        };
        let text = area.lines().join(" ");
        if text.trim().is_empty() {
            return None;
        }
        match self.reads {
            Reads::Words => None,
            Reads::Date => Date::read(&text, today).ok().map(Date::spoken),
            Reads::Amount => crate::model::read_amount(&text, currency)
                .ok()
                .map(|amount| format!("{amount} {}", currency.trim())),
            Reads::Number => crate::model::read_number(&text, currency)
                .ok()
                .map(|number| number.to_string()),
        }
    }

    pub fn choice(
        name: &'static str,
        label: &'static str,
        options: Vec<(Option<Id>, String)>,
        selected: usize,
    ) -> Field {
        let (ids, labels) = options.into_iter().unzip();
        Field {
            name: name.into(),
            label: label.into(),
            value: Value::Choice {
                labels,
                ids,
                selected,
            },
            reads: Reads::Words,
        }
    }

    pub fn set(
        name: &'static str,
        label: &'static str,
        options: Vec<(Id, String)>,
        chosen: &[Id],
    ) -> Field {
        let chosen_flags = options.iter().map(|(id, _)| chosen.contains(id)).collect();
        let (ids, labels) = options.into_iter().unzip();
        Field {
            name: name.into(),
            label: label.into(),
            value: Value::Set {
                labels,
                ids,
                chosen: chosen_flags,
                cursor: 0,
            },
            reads: Reads::Words,
        }
    }

    /// The field's value as text, to tell whether the form changed.
    fn snapshot(&self) -> String {
        match &self.value {
            Value::Text { area, .. } => area.lines().join("\n"),
            Value::Choice { selected, .. } => selected.to_string(),
            Value::Set { chosen, .. } => {
                chosen.iter().map(|c| if *c { '1' } else { '0' }).collect()
            }
        }
    }
}

impl Form {
    pub fn new(title: String, subject: Subject, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(Field::snapshot).collect();
        Form {
            title,
            subject,
            fields,
            focus: 0,
            error: None,
            initial,
            handed_out: None,
        }
    }

    /// What a form key does: move between fields, edit the focused text, save, or close (asking
    /// first when something changed).
    pub fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::NextField => self.next_field(),
            Action::PrevField => self.prev_field(),
            Action::Submit | Action::SubmitOneLine => {
                // Nothing to save: an unchanged entry closes as it was.
                if !self.changed() && !self.subject.is_new() {
                    return Outcome::Close;
                }
                return Outcome::Submit;
            }
            Action::OpenInEditor => return self.hand_out(),
            Action::Close if self.changed() => return Outcome::AskToDiscard,
            Action::Close => return Outcome::Close,
            action if action.is_readline() => self.edit_text(action),
            _ => return Outcome::Ignored,
        }
        Outcome::Done
    }

    /// The action a key does in the form, or `None` when the key belongs to the focused field
    /// (and went there): `Enter` starts a new line in a multi-line text, `↑` `↓` move in a
    /// multi-line text and in a list of options, whatever else they are bound to.
    pub fn route(&mut self, event: KeyEvent, action: Option<Action>) -> Option<Action> {
        let arrow = matches!(event.code, KeyCode::Up | KeyCode::Down);
        match action {
            Some(Action::SubmitOneLine) if !self.is_one_line() => {}
            Some(action) if !(arrow && self.focused_takes_up_down()) => return Some(action),
            _ => {}
        }
        self.key_to_field(event);
        None
    }

    /// A key for the focused field, unless it is a Ctrl or Alt chord the keymap does not bind:
    /// the field editor's own chords would differ from readline's.
    fn key_to_field(&mut self, event: KeyEvent) {
        use ratatui::crossterm::event::KeyModifiers;
        let chord = event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && !matches!(
                event.code,
                KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down
            );
        if !chord {
            self.input(event);
        }
    }

    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .map(Field::snapshot)
            .ne(self.initial.iter().cloned())
    }

    /// Whether a field's value differs from the one the form opened with (`false` for a name
    /// the form has no field of).
    pub fn changed_field(&self, name: &str) -> bool {
        (self.fields.iter().zip(&self.initial))
            .any(|(f, was)| f.name == name && f.snapshot() != *was)
    }

    /// Whether `↑` `↓` belong to the focused field (a multi-line text's cursor, a list's
    /// options) rather than moving between fields.
    fn focused_takes_up_down(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text {
                multiline: true,
                ..
            }) | Some(Value::Set { .. })
        )
    }

    /// Whether every field is one line, so that Enter may save the form.
    pub fn is_one_line(&self) -> bool {
        !self.fields.iter().any(|f| {
            matches!(
                f.value,
                Value::Text {
                    multiline: true,
                    ..
                }
            )
        })
    }

    /// A readline edit of the focused text field; other fields ignore it.
    fn edit_text(&mut self, action: Action) {
        if let Some(Field {
            value: Value::Text { area, .. },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            edit_text(area, action);
            self.error = None;
        }
    }

    fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    fn prev_field(&mut self) {
        let len = self.fields.len().max(1);
        self.focus = (self.focus + len - 1) % len;
    }

    /// Moves to a field by its model name (to show a complaint about it).
    pub fn focus_named(&mut self, name: &str) -> Option<usize> {
        let at = self.fields.iter().position(|f| f.name == name)?;
        self.focus = at;
        Some(at)
    }

    /// A key that is not a form key goes to the focused field.
    fn input(&mut self, event: KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.value {
            Value::Text { area, multiline } => {
                if event.code == KeyCode::Enter && !*multiline {
                    self.next_field();
                    return;
                }
                area.input(event);
                if !*multiline && area.lines().len() > 1 {
                    let joined = area.lines().join(" ");
                    **area = TextArea::new(vec![joined]);
                    area.move_cursor(CursorMove::End);
                }
            }
            Value::Choice {
                labels, selected, ..
            } => {
                let len = labels.len().max(1);
                match event.code {
                    KeyCode::Left | KeyCode::Char('h') => *selected = (*selected + len - 1) % len,
                    KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
                        *selected = (*selected + 1) % len
                    }
                    KeyCode::Enter => self.next_field(),
                    _ => {}
                }
            }
            Value::Set {
                labels,
                chosen,
                cursor,
                ..
            } => {
                let len = labels.len();
                match event.code {
                    KeyCode::Up | KeyCode::Left | KeyCode::Char('k') | KeyCode::Char('h') => {
                        *cursor = cursor.saturating_sub(1)
                    }
                    KeyCode::Down | KeyCode::Right | KeyCode::Char('j') | KeyCode::Char('l') => {
                        *cursor = (*cursor + 1).min(len.saturating_sub(1))
                    }
                    KeyCode::Char(' ') | KeyCode::Char('x') if len > 0 => {
                        chosen[*cursor] = !chosen[*cursor]
                    }
                    KeyCode::Enter => self.next_field(),
                    _ => {}
                }
            }
        }
        self.error = None;
    }

    /// Pasted text goes into the focused text field in one piece.
    pub fn paste(&mut self, text: &str) {
        if let Some(Field {
            value: Value::Text { area, multiline },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let text = editable(&text.replace("\r\n", "\n").replace('\r', "\n"));
            if *multiline {
                area.insert_str(text);
            } else {
                area.insert_str(text.replace('\n', " "));
            }
            self.error = None;
        }
    }

    /// Hands the focused text field to the user's editor, in a file named after the entry and
    /// the field (`persona-challenges.md`); any other field stays here, and says so.
    fn hand_out(&mut self) -> Outcome {
        let Some(field) = self.fields.get(self.focus) else {
            return Outcome::Done;
        };
        let Value::Text { area, .. } = &field.value else {
            return Outcome::Tell(format!(
                "{} is a list: only a text field opens in the editor",
                field.label
            ));
        };
        self.handed_out = Some(self.focus);
        // A field's name is a word of ours, or `custom.` and an id from the file: anything but
        // letters and digits becomes `-`, so the name stays one file in the editor's folder.
        let name: String = field
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        Outcome::EditText {
            file_name: format!("{}-{name}.md", self.subject.noun()),
            text: area.lines().join("\n"),
        }
    }

    /// Puts the text the editor saved into the field handed to it, cleaned as pasted text is;
    /// a one-line field takes its lines joined by spaces. Returns what to say about it.
    pub fn take_back(&mut self, text: &str) -> Option<String> {
        let at = self.handed_out.take()?;
        let field = self.fields.get_mut(at)?;
        let Value::Text { area, multiline } = &mut field.value else {
            return None;
        };
        let clean = editable(text);
        let lines: Vec<String> = if *multiline {
            clean.split('\n').map(str::to_string).collect()
        } else {
            vec![
                clean
                    .split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        };
        if lines == area.lines() {
            return Some(format!("{}: unchanged in the editor", field.label));
        }
        let count = lines.len();
        **area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        self.focus = at;
        self.error = None;
        Some(match (*multiline, count) {
            (true, 1) => format!("{}: 1 line from the editor", field.label),
            (true, n) => format!("{}: {n} lines from the editor", field.label),
            (false, _) => format!("{}: from the editor, on one line", field.label),
        })
    }

    /// Nothing came back from the editor: the field stays as it was.
    pub fn take_back_nothing(&mut self) {
        self.handed_out = None;
    }

    /// The text of a field, trimmed.
    pub fn text(&self, name: &str) -> String {
        match self.value(name) {
            Some(Value::Text { area, .. }) => area.lines().join("\n").trim().to_string(),
            _ => String::new(),
        }
    }

    /// The position chosen in a choice field.
    pub fn chosen(&self, name: &str) -> usize {
        match self.value(name) {
            Some(Value::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// The entry chosen in a choice field.
    pub fn chosen_id(&self, name: &str) -> Option<Id> {
        match self.value(name) {
            Some(Value::Choice { ids, selected, .. }) => ids.get(*selected).copied().flatten(),
            _ => None,
        }
    }

    /// The entries ticked in a set field, in list order.
    pub fn ticked(&self, name: &str) -> Vec<Id> {
        match self.value(name) {
            Some(Value::Set { ids, chosen, .. }) => ids
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(id, _)| *id)
                .collect(),
            _ => Vec::new(),
        }
    }

    fn value(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }
}
