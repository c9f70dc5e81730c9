//! Every key binding, in one table per context.
//!
//! The same table drives the key handler, the help overlay and the command palette, so what the
//! help says is always what the keys do. No binding needs a key that tmux or SSH swallows, nor
//! the kitty keyboard protocol.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, View};

/// Where the keyboard is: which pane or overlay receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Personas,
    Journeys,
    Board,
    Grid,
    CellItems,
    Form,
    Confirm,
    Help,
    Gaps,
    Calendar,
    Metrics,
    Channels,
    Objectives,
    Search,
    Palette,
    Conflicts,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Personas => "Personas",
            Context::Journeys => "Journeys",
            Context::Board => "Journey board",
            Context::Grid => "Content map",
            Context::CellItems => "Items of a cell",
            Context::Form => "Form",
            Context::Confirm => "Confirmation",
            Context::Help => "Help",
            Context::Gaps => "Gap list",
            Context::Calendar => "Content & service calendar",
            Context::Metrics => "Metrics (KPIs)",
            Context::Channels => "Channels & budget",
            Context::Objectives => "Objectives",
            Context::Search => "Search",
            Context::Palette => "Command palette",
            Context::Conflicts => "Merge conflicts",
        }
    }
}

/// One key as the user presses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// The key of a terminal key event; Shift is part of the character (`A`, `?`), so only Ctrl
    /// is kept as a modifier.
    pub fn from_event(event: KeyEvent) -> Key {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, ctrl }
    }

    /// How the key is written in help: `Ctrl-r`, `Enter`, `a`.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// Keys, what they do, and the words the help shows for them.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

use Action as A;
use KeyCode as K;

const UP: &[Key] = &[code(K::Up), key('k')];
const DOWN: &[Key] = &[code(K::Down), key('j')];
const LEFT: &[Key] = &[code(K::Left), key('h')];
const RIGHT: &[Key] = &[code(K::Right), key('l')];

/// The views every screen reaches with one key.
static VIEWS: &[Binding] = &[
    bind(&[key('x')], A::Show(View::Gaps), "gap list"),
    bind(
        &[key('c')],
        A::Show(View::Calendar),
        "content & service calendar",
    ),
    bind(&[key('M')], A::Show(View::Metrics), "metrics (KPIs)"),
    bind(&[key('$')], A::Show(View::Channels), "channels & budget"),
    bind(&[key('o')], A::Show(View::Objectives), "objectives"),
    bind(&[key('/')], A::Show(View::Search), "search everything"),
    bind(&[key(':')], A::Show(View::Palette), "command palette"),
    bind(
        &[key('!')],
        A::Show(View::Conflicts),
        "merge conflicts to settle",
    ),
];

static CONFLICTS: &[Binding] = &[
    bind(&[key('o')], A::KeepOurs, "keep our value"),
    bind(&[key('t')], A::KeepTheirs, "keep their value"),
    bind(
        &[code(K::Enter)],
        A::Jump,
        "go to the entry (to edit it by hand)",
    ),
];

/// Keys of every full-screen view.
static VIEW_COMMON: &[Binding] = &[
    bind(&[key('u')], A::Undo, "undo"),
    bind(&[ctrl('r')], A::Redo, "redo"),
    bind(&[key('?'), code(K::F(1))], A::Help, "help"),
    bind(
        &[code(K::Esc), key('q')],
        A::Close,
        "back to where you were",
    ),
];

static GAPS: &[Binding] = &[
    bind(
        &[code(K::Enter)],
        A::Jump,
        "jump to the gap's cell in the content map",
    ),
    bind(
        &[key('n'), key('a')],
        A::Add,
        "create an item for the gap (to create, dated)",
    ),
    bind(&[key('p')], A::FilterPersona, "filter by persona (cycles)"),
    bind(&[key('J')], A::FilterJourney, "filter by journey (cycles)"),
];

static CALENDAR: &[Binding] = &[
    bind(LEFT, A::Left, "previous day"),
    bind(RIGHT, A::Right, "next day"),
    bind(&[code(K::PageUp), key('[')], A::PageUp, "previous month"),
    bind(&[code(K::PageDown), key(']')], A::PageDown, "next month"),
    bind(&[key('t')], A::Today, "today"),
    bind(&[code(K::Enter), key('e')], A::Edit, "edit the item"),
    bind(&[key('+')], A::ShiftDate(1), "item one day later"),
    bind(&[key('-')], A::ShiftDate(-1), "item one day earlier"),
    bind(&[key('>')], A::ShiftDate(7), "item one week later"),
    bind(&[key('<')], A::ShiftDate(-7), "item one week earlier"),
    bind(&[key('s'), key(' ')], A::CycleStatus, "next status"),
];

static TABLE_EDIT: &[Binding] = &[
    bind(&[code(K::Enter), key('e')], A::Edit, "edit"),
    bind(&[key('a')], A::Add, "add"),
    bind(&[key('d'), code(K::Delete)], A::Delete, "delete (asks)"),
];

static SEARCH: &[Binding] = &[
    bind(&[code(K::Enter)], A::Jump, "jump to the hit"),
    bind(&[code(K::Up), ctrl('p')], A::Up, "previous hit"),
    bind(&[code(K::Down), ctrl('n')], A::Down, "next hit"),
    bind(&[code(K::Esc)], A::Close, "close"),
];

static PALETTE: &[Binding] = &[
    bind(&[code(K::Enter)], A::Jump, "run the command"),
    bind(&[code(K::Up), ctrl('p')], A::Up, "previous command"),
    bind(&[code(K::Down), ctrl('n')], A::Down, "next command"),
    bind(&[code(K::Esc)], A::Close, "close"),
];

/// Keys that work in every pane of the main screen.
static PANES: &[Binding] = &[
    bind(&[code(K::Tab)], A::NextPane, "next pane"),
    bind(&[code(K::BackTab)], A::PrevPane, "previous pane"),
    bind(&[key('u')], A::Undo, "undo"),
    bind(&[ctrl('r')], A::Redo, "redo"),
    bind(
        &[key('?'), code(K::F(1))],
        A::Help,
        "help: the keys of this pane",
    ),
    bind(
        &[key('q'), ctrl('c')],
        A::Quit,
        "quit (everything is saved)",
    ),
];

static LISTS: &[Binding] = &[
    bind(UP, A::Up, "select previous"),
    bind(DOWN, A::Down, "select next"),
    bind(&[key('g'), code(K::Home)], A::First, "select first"),
    bind(&[key('G'), code(K::End)], A::Last, "select last"),
    bind(&[code(K::PageUp)], A::PageUp, "page up"),
    bind(&[code(K::PageDown)], A::PageDown, "page down"),
];

static PERSONAS: &[Binding] = &[
    bind(&[code(K::Enter), key('e')], A::Edit, "edit the persona"),
    bind(&[key('a')], A::Add, "add a persona"),
    bind(
        &[key('d'), code(K::Delete)],
        A::Delete,
        "delete the persona (asks)",
    ),
    bind(&[key('K')], A::MoveBack, "move the persona up"),
    bind(&[key('J')], A::MoveForward, "move the persona down"),
];

static JOURNEYS: &[Binding] = &[
    bind(&[code(K::Enter), key('e')], A::Edit, "edit the journey"),
    bind(&[key('a')], A::Add, "add a journey for this persona"),
    bind(
        &[key('d'), code(K::Delete)],
        A::Delete,
        "delete the journey (asks)",
    ),
    bind(&[key('K')], A::MoveBack, "move the journey up"),
    bind(&[key('J')], A::MoveForward, "move the journey down"),
];

static BOARD: &[Binding] = &[
    bind(LEFT, A::Left, "previous step"),
    bind(RIGHT, A::Right, "next step"),
    bind(&[key('g'), code(K::Home)], A::First, "first step"),
    bind(&[key('G'), code(K::End)], A::Last, "last step"),
    bind(&[code(K::Enter), key('e')], A::Edit, "edit the step"),
    bind(&[key('a')], A::Add, "add a step after this one"),
    bind(
        &[key('d'), code(K::Delete)],
        A::Delete,
        "delete the step (asks)",
    ),
    bind(&[key('H'), key('<')], A::MoveBack, "move the step left"),
    bind(&[key('L'), key('>')], A::MoveForward, "move the step right"),
    bind(&[key('1')], A::Emotion(1), "emotion 1 (frustrated)"),
    bind(&[key('2')], A::Emotion(2), "emotion 2"),
    bind(&[key('3')], A::Emotion(3), "emotion 3 (neutral)"),
    bind(&[key('4')], A::Emotion(4), "emotion 4"),
    bind(&[key('5')], A::Emotion(5), "emotion 5 (delighted)"),
    bind(&[key('0')], A::Emotion(0), "clear the emotion"),
    bind(&[key('J')], A::EditJourney, "edit the journey itself"),
];

static GRID: &[Binding] = &[
    bind(UP, A::Up, "previous content type"),
    bind(DOWN, A::Down, "next content type"),
    bind(LEFT, A::Left, "previous step"),
    bind(RIGHT, A::Right, "next step"),
    bind(&[key('g'), code(K::Home)], A::First, "first content type"),
    bind(&[key('G'), code(K::End)], A::Last, "last content type"),
    bind(&[code(K::PageUp)], A::PageUp, "page up"),
    bind(&[code(K::PageDown)], A::PageDown, "page down"),
    bind(&[code(K::Enter)], A::Open, "open the cell: its items"),
    bind(
        &[key('m'), key(' ')],
        A::ToggleMap,
        "map / unmap on this step",
    ),
    bind(&[key('a')], A::Add, "add a content type"),
    bind(&[key('e')], A::Edit, "rename / edit the type"),
    bind(
        &[key('d'), code(K::Delete)],
        A::Delete,
        "delete the type (asks)",
    ),
    bind(&[key('K')], A::MoveBack, "move the type up"),
    bind(&[key('J')], A::MoveForward, "move the type down"),
];

static CELL_ITEMS: &[Binding] = &[
    bind(UP, A::Up, "previous item"),
    bind(DOWN, A::Down, "next item"),
    bind(&[code(K::Enter), key('e')], A::Edit, "edit the item"),
    bind(&[key('a')], A::Add, "add an item to this cell"),
    bind(
        &[key('d'), code(K::Delete)],
        A::Delete,
        "delete the item (asks)",
    ),
    bind(&[key('K')], A::AddMetric, "add a KPI measuring this item"),
    bind(
        &[key('s'), key(' ')],
        A::CycleStatus,
        "next status: to create → in progress → available",
    ),
    bind(&[key('u')], A::Undo, "undo"),
    bind(&[ctrl('r')], A::Redo, "redo"),
    bind(&[key('?'), code(K::F(1))], A::Help, "help"),
    bind(&[code(K::Esc), key('q')], A::Close, "close"),
];

static FORM: &[Binding] = &[
    bind(&[code(K::Tab), code(K::Down)], A::NextField, "next field"),
    bind(
        &[code(K::BackTab), code(K::Up)],
        A::PrevField,
        "previous field",
    ),
    bind(&[ctrl('s')], A::Submit, "save the form"),
    bind(
        &[code(K::Esc)],
        A::Close,
        "cancel (asks if something changed)",
    ),
    bind(&[code(K::F(1))], A::Help, "help"),
];

static CONFIRM: &[Binding] = &[
    bind(&[key('y'), code(K::Enter)], A::Confirm, "yes"),
    bind(&[key('n'), code(K::Esc), key('q')], A::Close, "no"),
];

static HELP: &[Binding] = &[bind(
    &[code(K::Esc), key('?'), key('q'), code(K::F(1))],
    A::Close,
    "close the help",
)];

/// The binding tables of a context, most specific first.
pub fn tables(context: Context) -> Vec<&'static [Binding]> {
    match context {
        Context::Personas => vec![PERSONAS, LISTS, VIEWS, PANES],
        Context::Journeys => vec![JOURNEYS, LISTS, VIEWS, PANES],
        Context::Board => vec![BOARD, VIEWS, PANES],
        Context::Grid => vec![GRID, VIEWS, PANES],
        Context::Gaps => vec![GAPS, LISTS, VIEWS, VIEW_COMMON],
        Context::Calendar => vec![CALENDAR, LISTS, VIEWS, VIEW_COMMON],
        Context::Metrics | Context::Channels | Context::Objectives => {
            vec![TABLE_EDIT, LISTS, VIEWS, VIEW_COMMON]
        }
        Context::Search => vec![SEARCH],
        Context::Palette => vec![PALETTE],
        Context::Conflicts => vec![CONFLICTS, LISTS, VIEWS, VIEW_COMMON],
        Context::CellItems => vec![CELL_ITEMS],
        Context::Form => vec![FORM],
        Context::Confirm => vec![CONFIRM],
        Context::Help => vec![HELP],
    }
}

/// The action a key has in a context.
pub fn lookup(context: Context, pressed: Key) -> Option<Action> {
    tables(context)
        .into_iter()
        .flatten()
        .find(|binding| binding.keys.contains(&pressed))
        .map(|binding| binding.action)
}

/// The first key that does `action` in a context, as help writes it, for hints and notices.
pub fn key_for(context: Context, action: Action) -> Option<String> {
    tables(context)
        .into_iter()
        .flatten()
        .filter(|binding| binding.action == action)
        .flat_map(|binding| binding.keys)
        .find(|k| lookup(context, **k) == Some(action))
        .map(|k| k.label())
}

/// The help lines of a context: keys and what they do, in table order, each action once.
pub fn help(context: Context) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    let mut seen = Vec::new();
    for binding in tables(context).into_iter().flatten() {
        // A more specific table may rebind a key or an action; list what actually happens.
        let live: Vec<String> = binding
            .keys
            .iter()
            .filter(|k| lookup(context, **k) == Some(binding.action))
            .map(|k| k.label())
            .collect();
        if live.is_empty() || seen.contains(&binding.action) {
            continue;
        }
        seen.push(binding.action);
        lines.push((live.join(" "), binding.help));
    }
    lines
}

/// Every context, for tables that list them all.
pub const ALL: [Context; 16] = [
    Context::Personas,
    Context::Journeys,
    Context::Board,
    Context::Grid,
    Context::CellItems,
    Context::Form,
    Context::Confirm,
    Context::Help,
    Context::Gaps,
    Context::Calendar,
    Context::Metrics,
    Context::Channels,
    Context::Objectives,
    Context::Search,
    Context::Palette,
    Context::Conflicts,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_can_be_left_and_has_help() {
        for context in ALL {
            let actions: Vec<Action> = tables(context)
                .into_iter()
                .flatten()
                .map(|b| b.action)
                .collect();
            assert!(
                actions.contains(&Action::Quit) || actions.contains(&Action::Close),
                "{context:?} cannot be left"
            );
            assert!(!help(context).is_empty());
        }
    }

    #[test]
    fn help_lists_only_keys_that_do_what_it_says() {
        for context in ALL {
            for (keys, text) in help(context) {
                assert!(!keys.is_empty(), "{context:?}: {text}");
            }
        }
        // In the board, J edits the journey; the list binding "move down" must not claim it.
        let board = help(Context::Board);
        assert!(board.iter().any(|(k, t)| k == "J" && t.contains("journey")));
    }

    #[test]
    fn ctrl_keys_ignore_shift_and_case() {
        let event = KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(
            lookup(Context::Grid, Key::from_event(event)),
            Some(Action::Redo)
        );
    }
}
