//! Every key binding: layers of defaults, the user's overrides on top, one runtime [`Keymap`].
//!
//! The keymap is the only place a key is spelt. The key handler, the help overlay, the hint bars,
//! the empty-state texts, the notices, the command palette and the README's key table all ask it,
//! so a key the user remaps shows as remapped everywhere. No default needs a key that tmux or SSH
//! swallows, nor the kitty keyboard protocol.
//!
//! The convention the defaults follow (the README says it to users): a key means one thing
//! everywhere. Lower case acts on the selection (`e` edit, `a` add, `d` delete), upper case on what
//! holds it (`E` edits the journey of a step or the type of a cell, `A` adds and `D` deletes a
//! content type); `J`/`K` (`H`/`L` on the board) move the selected entry; `j`/`k`/`h`/`l` and the
//! arrows move the selection; the view keys (`x i c M $ o / : ! F`) work from everywhere.

use std::collections::HashMap;

use crokey::KeyCombination;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, View};

/// Where the keyboard is: which pane or overlay receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Personas,
    Journeys,
    Board,
    Grid,
    Card,
    CellItems,
    Form,
    Confirm,
    Help,
    Gaps,
    Inventory,
    /// The inventory's text line, narrowing its rows as one types.
    Narrow,
    /// A list of choices over the screen: filters, or a change to marked rows.
    Picker,
    Calendar,
    Metrics,
    /// A KPI's measurements over time, over the metrics view.
    History,
    Channels,
    Objectives,
    Search,
    Palette,
    Conflicts,
    Messages,
    Problems,
    /// The read-only walkthrough of `journeymap present`.
    Present,
    /// Two journeys side by side.
    Compare,
    /// The open comments of the workspace.
    Comments,
    /// The workspace's own fields.
    Fields,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Personas => "Personas",
            Context::Journeys => "Journeys",
            Context::Board => "Journey board",
            Context::Grid => "Content map",
            Context::Card => "Card",
            Context::CellItems => "Items of a cell",
            Context::Form => "Form",
            Context::Confirm => "Confirmation",
            Context::Help => "Help",
            Context::Gaps => "Gap list",
            Context::Inventory => "Inventory",
            Context::Narrow => "Inventory: narrow by text",
            Context::Picker => "Choices",
            Context::Calendar => "Content & service calendar",
            Context::Metrics => "Metrics (KPIs)",
            Context::History => "A KPI's history",
            Context::Channels => "Channels & budget",
            Context::Objectives => "Objectives",
            Context::Search => "Search",
            Context::Palette => "Command palette",
            Context::Conflicts => "Merge conflicts",
            Context::Messages => "Messages",
            Context::Problems => "Problems of the file",
            Context::Present => "Presentation",
            Context::Compare => "Compare journeys",
            Context::Comments => "Open comments",
            Context::Fields => "Fields",
        }
    }
}

/// One key as the keymap compares it: Shift folded into the character (`A`, `?`), Ctrl letters in
/// lower case, Shift-Tab as `BackTab`, so a key reads the same from the terminal and from a file.
pub type Key = KeyCombination;

/// The key of a terminal key event.
pub fn key_of_event(event: KeyEvent) -> Key {
    canonical(KeyCombination::one_key(event.code, event.modifiers))
}

fn canonical(key: KeyCombination) -> Key {
    let key = key.normalized();
    let mut modifiers = key.modifiers;
    let code = match key.codes.first() {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) => {
            let shifted = modifiers.contains(KeyModifiers::SHIFT);
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::Char(if shifted { c.to_ascii_uppercase() } else { *c })
        }
        KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        KeyCode::BackTab => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        other => *other,
    };
    KeyCombination::one_key(code, modifiers)
}

/// Reads a key as the configuration writes it: `ctrl-s`, `alt-enter`, `shift-tab`, `F1`, `J`, `?`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let text = text.trim();
    // crokey reads letters case-blind; an upper-case letter here means the shifted key.
    let (prefix, last) = match text.rfind('-') {
        Some(at) if at + 1 < text.len() => text.split_at(at + 1),
        _ => ("", text),
    };
    let spelt = match last.chars().collect::<Vec<_>>()[..] {
        [c] if c.is_ascii_uppercase() => format!("{prefix}shift-{}", c.to_ascii_lowercase()),
        _ => text.to_string(),
    };
    let key = crokey::parse(&spelt).map_err(|_| format!("unknown key \"{text}\""))?;
    if !key.is_ansi_compatible() {
        return Err(format!(
            "\"{text}\" presses keys together, which terminals cannot report"
        ));
    }
    Ok(canonical(key))
}

/// How a key is written on screen: `Ctrl-r`, `Enter`, `↑`, `a`, `J`.
pub fn label(key: Key) -> String {
    let mut text = modifier_prefix(key.modifiers, ["Ctrl-", "Alt-", "Shift-"]);
    text.push_str(&match key.codes.first() {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Delete => "Del".into(),
        _ => crokey::KeyCombinationFormat::default().to_string(KeyCombination::one_key(
            *key.codes.first(),
            KeyModifiers::NONE,
        )),
    });
    text
}

/// How a key is written in the configuration file; [`parse_key`] reads it back.
pub fn config_name(key: Key) -> String {
    let mut text = modifier_prefix(key.modifiers, ["ctrl-", "alt-", "shift-"]);
    text.push_str(&match key.codes.first() {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char('-') => "minus".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => "shift-tab".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => crokey::KeyCombinationFormat::default()
            .to_string(KeyCombination::one_key(*other, KeyModifiers::NONE))
            .to_lowercase(),
    });
    text
}

fn modifier_prefix(modifiers: KeyModifiers, [ctrl, alt, shift]: [&str; 3]) -> String {
    let mut text = String::new();
    for (flag, word) in [
        (KeyModifiers::CONTROL, ctrl),
        (KeyModifiers::ALT, alt),
        (KeyModifiers::SHIFT, shift),
    ] {
        if modifiers.contains(flag) {
            text.push_str(word);
        }
    }
    text
}

/// A set of bindings that is switched on as a whole: what the user names in `[keys.LAYER]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Keys that work in every context, forms, queries and questions included: only chords no
    /// field or question would take as typing.
    Everywhere,
    Global,
    Panes,
    Back,
    Lists,
    Personas,
    Journeys,
    Board,
    Map,
    Card,
    Cell,
    Gaps,
    Inventory,
    /// A list of choices, and the inventory's text line.
    Choose,
    Calendar,
    Metrics,
    History,
    Tables,
    Conflicts,
    Comments,
    Fields,
    Search,
    Palette,
    Form,
    Text,
    Confirm,
    Help,
    /// `journeymap present`: a walkthrough that only reads.
    Present,
}

impl Layer {
    pub const ALL: [Layer; 28] = [
        Layer::Everywhere,
        Layer::Global,
        Layer::Panes,
        Layer::Back,
        Layer::Lists,
        Layer::Personas,
        Layer::Journeys,
        Layer::Board,
        Layer::Map,
        Layer::Card,
        Layer::Cell,
        Layer::Gaps,
        Layer::Inventory,
        Layer::Choose,
        Layer::Calendar,
        Layer::Metrics,
        Layer::History,
        Layer::Tables,
        Layer::Conflicts,
        Layer::Comments,
        Layer::Fields,
        Layer::Search,
        Layer::Palette,
        Layer::Form,
        Layer::Text,
        Layer::Confirm,
        Layer::Help,
        Layer::Present,
    ];

    /// The layer's name in the configuration file (`[keys.board]`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Everywhere => "everywhere",
            Layer::Global => "global",
            Layer::Panes => "panes",
            Layer::Back => "back",
            Layer::Lists => "lists",
            Layer::Personas => "personas",
            Layer::Journeys => "journeys",
            Layer::Board => "board",
            Layer::Map => "map",
            Layer::Card => "card",
            Layer::Cell => "cell",
            Layer::Gaps => "gaps",
            Layer::Inventory => "inventory",
            Layer::Choose => "choose",
            Layer::Calendar => "calendar",
            Layer::Metrics => "metrics",
            Layer::History => "history",
            Layer::Tables => "tables",
            Layer::Conflicts => "conflicts",
            Layer::Comments => "comments",
            Layer::Fields => "fields",
            Layer::Search => "search",
            Layer::Palette => "palette",
            Layer::Form => "form",
            Layer::Text => "text",
            Layer::Confirm => "confirm",
            Layer::Help => "help",
            Layer::Present => "present",
        }
    }

    /// Where the layer's keys work, in words (the palette's note, the config file's comment).
    pub fn place(self) -> &'static str {
        match self {
            Layer::Everywhere => "everywhere, forms and questions too",
            Layer::Global => "every pane and view",
            Layer::Panes => "main screen",
            Layer::Back => "views, a card, a cell's items, a KPI's history",
            Layer::Lists => "lists and tables",
            Layer::Personas => "personas",
            Layer::Journeys => "journeys",
            Layer::Board => "journey board",
            Layer::Map => "content map",
            Layer::Card => "a card",
            Layer::Cell => "a cell's items",
            Layer::Gaps => "gap list",
            Layer::Inventory => "inventory",
            Layer::Choose => "lists of choices, the inventory's text line",
            Layer::Calendar => "calendar",
            Layer::Metrics => "metrics (KPIs)",
            Layer::History => "a KPI's history",
            Layer::Tables => "channels, objectives",
            Layer::Conflicts => "merge conflicts",
            Layer::Comments => "open comments",
            Layer::Fields => "fields",
            Layer::Search => "search",
            Layer::Palette => "command palette",
            Layer::Form => "forms",
            Layer::Text => "text fields and queries",
            Layer::Confirm => "questions",
            Layer::Help => "help",
            Layer::Present => "journeymap present",
        }
    }

    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|layer| layer.name() == name)
    }
}

impl Context {
    /// The layers whose keys work here, most specific first: the first layer that binds a key
    /// decides what it does.
    pub fn layers(self) -> &'static [Layer] {
        use Layer as L;
        match self {
            Context::Personas => &[L::Personas, L::Lists, L::Panes, L::Global, L::Everywhere],
            Context::Journeys => &[L::Journeys, L::Lists, L::Panes, L::Global, L::Everywhere],
            Context::Board => &[L::Board, L::Panes, L::Global, L::Everywhere],
            Context::Grid => &[L::Map, L::Panes, L::Global, L::Everywhere],
            Context::Card => &[L::Card, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::CellItems => &[L::Cell, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Gaps => &[L::Gaps, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Inventory => &[L::Inventory, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Narrow | Context::Picker => &[L::Choose, L::Text, L::Everywhere],
            Context::Calendar => &[L::Calendar, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Metrics => &[L::Metrics, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::History => &[L::History, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Channels | Context::Objectives => {
                &[L::Tables, L::Lists, L::Back, L::Global, L::Everywhere]
            }
            Context::Conflicts => &[L::Conflicts, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Messages | Context::Problems | Context::Compare => {
                &[L::Lists, L::Back, L::Global, L::Everywhere]
            }
            Context::Comments => &[L::Comments, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Fields => &[L::Fields, L::Lists, L::Back, L::Global, L::Everywhere],
            Context::Search => &[L::Search, L::Text, L::Everywhere],
            Context::Palette => &[L::Palette, L::Text, L::Everywhere],
            Context::Form => &[L::Form, L::Text, L::Everywhere],
            Context::Confirm => &[L::Confirm, L::Everywhere],
            Context::Help => &[L::Help, L::Everywhere],
            Context::Present => &[L::Present, L::Everywhere],
        }
    }
}

/// Every context, for tables that list them all.
pub const ALL: [Context; 27] = [
    Context::Personas,
    Context::Journeys,
    Context::Board,
    Context::Grid,
    Context::Card,
    Context::CellItems,
    Context::Form,
    Context::Confirm,
    Context::Help,
    Context::Gaps,
    Context::Inventory,
    Context::Narrow,
    Context::Picker,
    Context::Calendar,
    Context::Metrics,
    Context::History,
    Context::Channels,
    Context::Objectives,
    Context::Search,
    Context::Palette,
    Context::Conflicts,
    Context::Messages,
    Context::Problems,
    Context::Present,
    Context::Compare,
    Context::Comments,
    Context::Fields,
];

/// A default binding: the layer, its keys as the configuration writes them, the action, and the
/// words help shows for it there.
struct Default {
    layer: Layer,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
}

const fn bind(
    layer: Layer,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
) -> Default {
    Default {
        layer,
        keys,
        action,
        help,
    }
}

use Action as A;
use Layer as L;

/// The default keys. Layers of the same context never share a key with a different meaning
/// (the tests check it), except `q`, which closes an overlay and quits from the main screen.
static DEFAULTS: &[Default] = &[
    // Everywhere, forms and questions included.
    bind(
        L::Everywhere,
        &["ctrl-z"],
        A::Suspend,
        "suspend to the shell",
    ),
    // Global: every pane, view and a cell's items.
    bind(L::Global, &["u"], A::Undo, "undo"),
    bind(L::Global, &["ctrl-r"], A::Redo, "redo"),
    bind(L::Global, &["?", "F1"], A::Help, "help: the keys here"),
    bind(L::Global, &["x"], A::Show(View::Gaps), "gap list"),
    bind(
        L::Global,
        &["i"],
        A::Show(View::Inventory),
        "inventory: every item",
    ),
    bind(
        L::Global,
        &["c"],
        A::Show(View::Calendar),
        "content & service calendar",
    ),
    bind(L::Global, &["M"], A::Show(View::Metrics), "metrics (KPIs)"),
    bind(
        L::Global,
        &["$"],
        A::Show(View::Channels),
        "channels & budget",
    ),
    bind(L::Global, &["o"], A::Show(View::Objectives), "objectives"),
    bind(
        L::Global,
        &["/"],
        A::Show(View::Search),
        "search everything",
    ),
    bind(L::Global, &[":"], A::Show(View::Palette), "command palette"),
    bind(
        L::Global,
        &["!"],
        A::Show(View::Conflicts),
        "merge conflicts to settle",
    ),
    bind(
        L::Global,
        &["N"],
        A::Show(View::Messages),
        "messages, with their times",
    ),
    bind(L::Global, &["y"], A::Copy, "copy it as Markdown"),
    bind(L::Global, &["Y"], A::CopyJourney, "copy the journey report"),
    bind(
        L::Global,
        &["W"],
        A::EditWorkspace,
        "workspace name, currency",
    ),
    bind(
        L::Global,
        &["P"],
        A::Show(View::Problems),
        "the file's problems",
    ),
    bind(L::Global, &["R"], A::Comment, "comment on it (a remark)"),
    bind(
        L::Global,
        &["V"],
        A::Show(View::Comments),
        "open comments, to review",
    ),
    bind(
        L::Global,
        &["F"],
        A::Show(View::Fields),
        "the workspace's own fields",
    ),
    // The main screen's panes.
    bind(L::Panes, &["tab"], A::NextPane, "next pane"),
    bind(L::Panes, &["shift-tab"], A::PrevPane, "previous pane"),
    bind(L::Panes, &["z"], A::Zoom, "zoom the pane (and back)"),
    bind(
        L::Panes,
        &["q", "ctrl-c"],
        A::Quit,
        "quit (everything is saved)",
    ),
    // Full-screen views and a cell's items.
    bind(L::Back, &["esc", "q"], A::Close, "back to where you were"),
    // A card: read, scroll (the list keys), and edit from there.
    bind(L::Card, &["e"], A::Edit, "edit the entry"),
    // Every list and table.
    bind(L::Lists, &["up", "k"], A::Up, "select previous"),
    bind(L::Lists, &["down", "j"], A::Down, "select next"),
    bind(L::Lists, &["g", "home"], A::First, "select first"),
    bind(L::Lists, &["G", "end"], A::Last, "select last"),
    bind(L::Lists, &["pageup"], A::PageUp, "page up"),
    bind(L::Lists, &["pagedown"], A::PageDown, "page down"),
    bind(L::Personas, &["enter"], A::Open, "read the persona's card"),
    bind(L::Personas, &["e"], A::Edit, "edit the persona"),
    bind(L::Personas, &["a"], A::Add, "add a persona"),
    bind(
        L::Personas,
        &["d", "delete"],
        A::Delete,
        "delete the persona (asks)",
    ),
    bind(L::Personas, &["D"], A::Duplicate, "duplicate the persona"),
    bind(L::Personas, &["K"], A::MoveBack, "move the persona up"),
    bind(L::Personas, &["J"], A::MoveForward, "move the persona down"),
    bind(L::Journeys, &["enter", "e"], A::Edit, "edit the journey"),
    bind(
        L::Journeys,
        &["a"],
        A::Add,
        "add a journey for this persona",
    ),
    bind(
        L::Journeys,
        &["d", "delete"],
        A::Delete,
        "delete the journey (asks)",
    ),
    bind(
        L::Journeys,
        &["D"],
        A::Duplicate,
        "duplicate the journey: its steps and mappings",
    ),
    bind(L::Journeys, &["K"], A::MoveBack, "move the journey up"),
    bind(L::Journeys, &["J"], A::MoveForward, "move the journey down"),
    bind(
        L::Journeys,
        &["C"],
        A::Compare,
        "compare the journey with another, side by side",
    ),
    bind(L::Board, &["left", "h"], A::Left, "previous step"),
    bind(L::Board, &["right", "l"], A::Right, "next step"),
    bind(L::Board, &["g", "home"], A::First, "first step"),
    bind(L::Board, &["G", "end"], A::Last, "last step"),
    bind(L::Board, &["enter"], A::Open, "read the step's card"),
    bind(L::Board, &["e"], A::Edit, "edit the step"),
    bind(L::Board, &["a"], A::Add, "add a step after this one"),
    bind(
        L::Board,
        &["d", "delete"],
        A::Delete,
        "delete the step (asks)",
    ),
    bind(L::Board, &["D"], A::Duplicate, "duplicate the step"),
    bind(L::Board, &["E"], A::EditOuter, "edit the journey itself"),
    bind(L::Board, &["H", "<"], A::MoveBack, "move the step left"),
    bind(L::Board, &["L", ">"], A::MoveForward, "move the step right"),
    bind(L::Board, &["1"], A::Emotion(1), "emotion 1 (frustrated)"),
    bind(L::Board, &["2"], A::Emotion(2), "emotion 2"),
    bind(L::Board, &["3"], A::Emotion(3), "emotion 3 (neutral)"),
    bind(L::Board, &["4"], A::Emotion(4), "emotion 4"),
    bind(L::Board, &["5"], A::Emotion(5), "emotion 5 (delighted)"),
    bind(L::Board, &["0"], A::Emotion(0), "clear the emotion"),
    bind(L::Map, &["up", "k"], A::Up, "previous content type"),
    bind(L::Map, &["down", "j"], A::Down, "next content type"),
    bind(L::Map, &["left", "h"], A::Left, "previous step"),
    bind(L::Map, &["right", "l"], A::Right, "next step"),
    bind(L::Map, &["g", "home"], A::First, "first content type"),
    bind(L::Map, &["G", "end"], A::Last, "last content type"),
    bind(L::Map, &["pageup"], A::PageUp, "page up"),
    bind(L::Map, &["pagedown"], A::PageDown, "page down"),
    bind(L::Map, &["enter"], A::Open, "open the cell: its items"),
    bind(
        L::Map,
        &["m", "space"],
        A::ToggleMap,
        "map / unmap on this step",
    ),
    bind(L::Map, &["a"], A::Add, "add an item to this cell"),
    bind(L::Map, &["A"], A::AddOuter, "add a content type"),
    bind(L::Map, &["E"], A::EditOuter, "rename / edit the type"),
    bind(L::Map, &["D"], A::Duplicate, "duplicate the type"),
    bind(L::Map, &["X"], A::DeleteOuter, "delete the type (asks)"),
    bind(
        L::Map,
        &["f"],
        A::Filters,
        "filters: gaps only, status, owner, channel",
    ),
    bind(L::Map, &["K"], A::MoveBack, "move the type up"),
    bind(L::Map, &["J"], A::MoveForward, "move the type down"),
    bind(L::Cell, &["enter"], A::Open, "read the item's card"),
    bind(L::Cell, &["e"], A::Edit, "edit the item"),
    bind(L::Cell, &["a"], A::Add, "add an item to this cell"),
    bind(
        L::Cell,
        &["d", "delete"],
        A::Delete,
        "delete the item (asks)",
    ),
    bind(L::Cell, &["D"], A::Duplicate, "duplicate the item"),
    bind(
        L::Cell,
        &["I"],
        A::AddMetric,
        "add a KPI measuring this item",
    ),
    bind(
        L::Cell,
        &["space"],
        A::CycleStatus,
        "next status: to create → in progress → available",
    ),
    bind(
        L::Gaps,
        &["enter"],
        A::Jump,
        "jump to the gap's cell in the content map",
    ),
    bind(
        L::Gaps,
        &["a", "n"],
        A::Add,
        "create an item for the gap (to create, dated)",
    ),
    bind(
        L::Gaps,
        &["p"],
        A::FilterPersona,
        "filter by persona (cycles)",
    ),
    bind(L::Gaps, &["f"], A::Filters, "filter by journey (cycles)"),
    bind(L::Inventory, &["enter"], A::Open, "read the item's card"),
    bind(L::Inventory, &["e"], A::Edit, "edit the item"),
    bind(
        L::Inventory,
        &["m"],
        A::Jump,
        "show the item's cell in the content map",
    ),
    bind(L::Inventory, &["space"], A::Mark, "mark / unmark the row"),
    bind(L::Inventory, &["s"], A::Sort, "sort by the next column"),
    bind(L::Inventory, &["S"], A::SortReverse, "reverse the order"),
    bind(
        L::Inventory,
        &["f"],
        A::Filters,
        "filters: status, owner, type, journey…",
    ),
    bind(
        L::Inventory,
        &["/"],
        A::Show(View::Search),
        "narrow the rows by text as you type",
    ),
    bind(
        L::Inventory,
        &["b"],
        A::ChangeMarked,
        "change the marked rows",
    ),
    bind(
        L::Inventory,
        &["d", "delete"],
        A::Delete,
        "delete the marked rows (asks)",
    ),
    bind(L::Choose, &["up", "ctrl-p"], A::Up, "previous"),
    bind(L::Choose, &["down", "ctrl-n"], A::Down, "next"),
    bind(
        L::Choose,
        &["enter"],
        A::Jump,
        "choose (on the text line: keep the text)",
    ),
    bind(
        L::Choose,
        &["esc"],
        A::Close,
        "close (on the text line: clear the text)",
    ),
    bind(L::Calendar, &["left", "h"], A::Left, "previous day"),
    bind(L::Calendar, &["right", "l"], A::Right, "next day"),
    bind(
        L::Calendar,
        &["pageup", "["],
        A::PageUp,
        "previous month (week in the week view)",
    ),
    bind(
        L::Calendar,
        &["pagedown", "]"],
        A::PageDown,
        "next month (week in the week view)",
    ),
    bind(L::Calendar, &["t"], A::Today, "today"),
    bind(
        L::Calendar,
        &["w"],
        A::CalendarMode,
        "month grid → week → agenda",
    ),
    bind(
        L::Calendar,
        &["a"],
        A::Add,
        "add an item on the selected day",
    ),
    bind(
        L::Calendar,
        &["f"],
        A::Filters,
        "filters: status, owner, channel",
    ),
    bind(L::Calendar, &["enter", "e"], A::Edit, "edit the item"),
    bind(L::Calendar, &["+"], A::ShiftDate(1), "item one day later"),
    bind(
        L::Calendar,
        &["minus"],
        A::ShiftDate(-1),
        "item one day earlier",
    ),
    bind(L::Calendar, &[">"], A::ShiftDate(7), "item one week later"),
    bind(
        L::Calendar,
        &["<"],
        A::ShiftDate(-7),
        "item one week earlier",
    ),
    bind(L::Calendar, &["space"], A::CycleStatus, "next status"),
    bind(
        L::Metrics,
        &["enter"],
        A::Open,
        "the KPI's history: its measurements",
    ),
    bind(L::Metrics, &["e"], A::Edit, "edit the KPI"),
    bind(L::Metrics, &["a"], A::Add, "add a KPI"),
    bind(
        L::Metrics,
        &["d", "delete"],
        A::Delete,
        "delete the KPI (asks)",
    ),
    bind(L::History, &["a"], A::Add, "add a measurement"),
    bind(L::History, &["enter", "e"], A::Edit, "edit the measurement"),
    bind(
        L::History,
        &["d", "delete"],
        A::Delete,
        "delete the measurement (asks)",
    ),
    bind(L::Tables, &["enter", "e"], A::Edit, "edit"),
    bind(L::Tables, &["a"], A::Add, "add"),
    bind(L::Tables, &["d", "delete"], A::Delete, "delete (asks)"),
    bind(L::Conflicts, &["O"], A::KeepOurs, "keep our value"),
    bind(L::Conflicts, &["T"], A::KeepTheirs, "keep their value"),
    bind(
        L::Conflicts,
        &["enter"],
        A::Jump,
        "go to the entry (to edit it by hand)",
    ),
    bind(L::Comments, &["enter"], A::Jump, "go to the entry"),
    bind(L::Comments, &["r"], A::Resolve, "resolve the comment"),
    bind(
        L::Comments,
        &["d", "delete"],
        A::Delete,
        "delete the comment (asks)",
    ),
    bind(L::Fields, &["a"], A::Add, "add a field"),
    bind(L::Fields, &["enter", "e"], A::Edit, "rename the field"),
    bind(L::Fields, &["K"], A::MoveBack, "move the field up"),
    bind(L::Fields, &["J"], A::MoveForward, "move the field down"),
    bind(
        L::Fields,
        &["d", "delete"],
        A::Delete,
        "delete the field and its values (asks)",
    ),
    bind(
        L::Fields,
        &["v", "space"],
        A::ToggleLane,
        "hide / show a built-in lane",
    ),
    bind(L::Search, &["enter"], A::Jump, "jump to the hit"),
    bind(L::Search, &["up", "ctrl-p"], A::Up, "previous hit"),
    bind(L::Search, &["down", "ctrl-n"], A::Down, "next hit"),
    bind(L::Search, &["esc"], A::Close, "close"),
    bind(L::Palette, &["enter"], A::Jump, "run the command"),
    bind(L::Palette, &["up", "ctrl-p"], A::Up, "previous command"),
    bind(L::Palette, &["down", "ctrl-n"], A::Down, "next command"),
    bind(L::Palette, &["esc"], A::Close, "close"),
    bind(L::Form, &["tab", "down"], A::NextField, "next field"),
    bind(
        L::Form,
        &["shift-tab", "up"],
        A::PrevField,
        "previous field",
    ),
    bind(L::Form, &["ctrl-s"], A::Submit, "save the form"),
    bind(
        L::Form,
        &["enter"],
        A::SubmitOneLine,
        "save a form of one-line fields (a new line in a multi-line one)",
    ),
    bind(
        L::Form,
        &["esc"],
        A::Close,
        "cancel (asks if something changed)",
    ),
    bind(
        L::Form,
        &["ctrl-o"],
        A::OpenInEditor,
        "edit the field in $VISUAL or $EDITOR (vi if neither is set)",
    ),
    bind(L::Form, &["F1"], A::Help, "help"),
    bind(
        L::Text,
        &["ctrl-a"],
        A::LineStart,
        "to the start of the line",
    ),
    bind(L::Text, &["ctrl-e"], A::LineEnd, "to the end of the line"),
    bind(L::Text, &["alt-b"], A::WordBack, "a word back"),
    bind(L::Text, &["alt-f"], A::WordForward, "a word forward"),
    bind(
        L::Text,
        &["ctrl-u"],
        A::KillToStart,
        "delete to the start of the line",
    ),
    bind(
        L::Text,
        &["ctrl-k"],
        A::KillToEnd,
        "delete to the end of the line",
    ),
    bind(
        L::Text,
        &["ctrl-w"],
        A::KillWord,
        "delete the word before the cursor",
    ),
    bind(L::Text, &["alt-u"], A::TextUndo, "undo typing in the field"),
    bind(L::Text, &["alt-r"], A::TextRedo, "redo typing in the field"),
    bind(L::Confirm, &["y", "enter"], A::Confirm, "yes"),
    bind(L::Confirm, &["n", "esc", "q"], A::Close, "no"),
    bind(
        L::Help,
        &["esc", "?", "q", "F1"],
        A::Close,
        "close the help",
    ),
    bind(
        L::Help,
        &["pagedown", "down"],
        A::PageDown,
        "next page of keys",
    ),
    bind(
        L::Help,
        &["pageup", "up"],
        A::PageUp,
        "previous page of keys",
    ),
    // The presentation: it reads, so no key here changes the workspace.
    bind(L::Present, &["right", "space", "l"], A::Right, "next"),
    bind(L::Present, &["left", "h"], A::Left, "back"),
    bind(L::Present, &["down", "j"], A::Down, "scroll down"),
    bind(L::Present, &["up", "k"], A::Up, "scroll up"),
    bind(L::Present, &["pagedown"], A::PageDown, "a page down"),
    bind(L::Present, &["pageup"], A::PageUp, "a page up"),
    bind(
        L::Present,
        &["g"],
        A::First,
        "go to a step: type its number (0: the overview), then Enter",
    ),
    bind(
        L::Present,
        &["enter"],
        A::Jump,
        "go to the step whose number was typed",
    ),
    bind(
        L::Present,
        &["G", "end"],
        A::Last,
        "the journey's last step",
    ),
    bind(
        L::Present,
        &["c", "R"],
        A::Comment,
        "comment on the step or journey shown (asks: the one write here)",
    ),
    bind(L::Present, &["?", "F1"], A::Help, "help: the keys here"),
    bind(
        L::Present,
        &["q", "esc", "ctrl-c"],
        A::Quit,
        "leave (while a step number is typed: cancel it)",
    ),
];

/// One key bound to an action in a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
}

/// The keys in force: the defaults, with the user's overrides on top. Built once at start.
#[derive(Clone, Debug)]
pub struct Keymap {
    layers: HashMap<Layer, Vec<Binding>>,
}

impl std::default::Default for Keymap {
    fn default() -> Self {
        let mut layers: HashMap<Layer, Vec<Binding>> = HashMap::new();
        for default in DEFAULTS {
            for text in default.keys {
                let key = parse_key(text).expect("every default key parses");
                layers.entry(default.layer).or_default().push(Binding {
                    key,
                    action: default.action,
                });
            }
        }
        Keymap { layers }
    }
}

/// Something wrong in the user's `[keys.LAYER]` tables, with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// One `"KEY" = "ACTION"` line of a `[keys.LAYER]` table, as the configuration file has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub layer: String,
    pub key: String,
    pub action: String,
    /// The line of the file it is on (1-based), to name it in a problem.
    pub line: usize,
}

impl Keymap {
    /// The defaults with the user's overrides applied: a key bound to `"none"` is unbound, any
    /// other binding replaces what the key did in that layer. What is wrong is skipped (the
    /// default stays) and reported, each problem with its line; the keymap is usable either way.
    pub fn with_overrides(overrides: &[Override]) -> (Keymap, Vec<Problem>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for entry in overrides {
            let problem = |message: String| Problem {
                line: entry.line,
                message,
            };
            let Some(layer) = Layer::from_name(&entry.layer) else {
                let hint = crate::text::closest(&entry.layer, Layer::ALL.iter().map(|l| l.name()))
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                problems.push(problem(format!(
                    "unknown key layer \"{}\"{hint}",
                    entry.layer
                )));
                continue;
            };
            let key = match parse_key(&entry.key) {
                Ok(key) => key,
                Err(message) => {
                    problems.push(problem(message));
                    continue;
                }
            };
            let action = if entry.action == "none" {
                None
            } else if let Some(action) = Action::from_name(&entry.action) {
                Some(action)
            } else {
                let hint = Action::suggest(&entry.action)
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                problems.push(problem(format!(
                    "unknown action \"{}\"{hint}",
                    entry.action
                )));
                continue;
            };
            keymap.bind(layer, key, action);
        }
        (keymap, problems)
    }

    /// Binds `key` in `layer` to `action` (or unbinds it), replacing what it did there. The
    /// user's own key comes first, so hints show it rather than a default beside it.
    pub fn bind(&mut self, layer: Layer, key: Key, action: Option<Action>) {
        let bindings = self.layers.entry(layer).or_default();
        bindings.retain(|b| b.key != key);
        if let Some(action) = action {
            bindings.insert(0, Binding { key, action });
        }
    }

    /// The bindings of a layer, in the order help lists them.
    pub fn bindings(&self, layer: Layer) -> &[Binding] {
        self.layers.get(&layer).map_or(&[], Vec::as_slice)
    }

    /// The action a key has in a context.
    pub fn lookup(&self, context: Context, pressed: Key) -> Option<Action> {
        context
            .layers()
            .iter()
            .find_map(|layer| self.bindings(*layer).iter().find(|b| b.key == pressed))
            .map(|b| b.action)
    }

    /// Whether `key` deletes the selection in some layer (so a user may press it anywhere).
    pub fn deletes_somewhere(&self, key: Key) -> bool {
        self.layers
            .values()
            .flatten()
            .any(|b| b.key == key && b.action == Action::Delete)
    }

    /// The keys that do `action` in a context, as help writes them, first the preferred one.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<String> {
        let mut keys = Vec::new();
        for layer in context.layers() {
            for binding in self.bindings(*layer) {
                let label = label(binding.key);
                if binding.action == action
                    && self.lookup(context, binding.key) == Some(action)
                    && !keys.contains(&label)
                {
                    keys.push(label);
                }
            }
        }
        keys
    }

    /// The key that does `action` in a context, for hints and notices; `None` when the user
    /// unbound it.
    pub fn key_for(&self, context: Context, action: Action) -> Option<String> {
        self.keys_for(context, action).into_iter().next()
    }

    /// A hint that names the key of `action`: `a add` — or nothing, when no key does it.
    pub fn hint(&self, context: Context, action: Action, words: &str) -> Option<String> {
        self.key_for(context, action)
            .map(|key| format!("{key} {words}"))
    }

    /// The help lines of a context: keys and what they do, most specific layer first, each
    /// action once.
    pub fn help(&self, context: Context) -> Vec<(String, String)> {
        let mut lines = Vec::new();
        let mut seen = Vec::new();
        for layer in context.layers() {
            for binding in self.bindings(*layer) {
                if seen.contains(&binding.action) {
                    continue;
                }
                let keys = self.keys_for(context, binding.action);
                if keys.is_empty() {
                    continue;
                }
                seen.push(binding.action);
                lines.push((keys.join(" "), describe(*layer, binding.action).to_string()));
            }
        }
        lines
    }

    /// Every action bound in a layer, once each, with its keys (for the palette).
    pub fn actions(&self, layer: Layer) -> Vec<(Action, Vec<Key>)> {
        let mut actions: Vec<(Action, Vec<Key>)> = Vec::new();
        for binding in self.bindings(layer) {
            match actions.iter_mut().find(|(a, _)| *a == binding.action) {
                Some((_, keys)) => keys.push(binding.key),
                None => actions.push((binding.action, vec![binding.key])),
            }
        }
        actions
    }
}

/// What an action does in a layer, in the layer's own words ("add a persona"), or the action's
/// general description where the defaults do not bind it there.
pub fn describe(layer: Layer, action: Action) -> &'static str {
    DEFAULTS
        .iter()
        .find(|d| d.layer == layer && d.action == action)
        .map_or(action.description(), |d| d.help)
}

/// An action's default keys in a layer, as the configuration writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultKeys {
    pub action: Action,
    /// What it does there, in the layer's words.
    pub help: &'static str,
    pub keys: Vec<&'static str>,
}

/// The default keys, layer by layer, for `config --default` and the README's table: each layer,
/// and in it each action with its description and its keys as the configuration writes them.
pub fn defaults() -> impl Iterator<Item = (Layer, Vec<DefaultKeys>)> {
    Layer::ALL.into_iter().map(|layer| {
        let mut actions: Vec<DefaultKeys> = Vec::new();
        for d in DEFAULTS.iter().filter(|d| d.layer == layer) {
            match actions.iter_mut().find(|a| a.action == d.action) {
                Some(known) => known.keys.extend(d.keys),
                None => actions.push(DefaultKeys {
                    action: d.action,
                    help: d.help,
                    keys: d.keys.to_vec(),
                }),
            }
        }
        (layer, actions)
    })
}

/// The `[keys.*]` part of the default configuration file (`config --default`): what a key
/// line means, every action with what it does, and every layer's default keys.
pub fn default_keys_toml() -> String {
    let mut out = String::from(
        "# Keys: one table per layer, each line \"KEY\" = \"ACTION\". A line adds to the layer's\n\
         # default keys or changes what a key does there; \"none\" unbinds a key. Keys are written\n\
         # like \"ctrl-s\", \"alt-enter\", \"shift-tab\", \"F1\", \"J\", \"?\", \"space\", \"minus\".\n\
         #\n\
         # Every action:\n",
    );
    let width = ACTIONS_NAME_WIDTH;
    for action in Action::all() {
        out.push_str(&format!(
            "#   {:<width$} {}\n",
            action.name(),
            action.description()
        ));
    }
    for (layer, actions) in defaults() {
        out.push_str(&format!("\n[keys.{}]  # {}\n", layer.name(), layer.place()));
        for DefaultKeys { action, help, keys } in actions {
            for key in keys {
                let key = config_name(parse_key(key).expect("default keys parse"));
                let line = format!("\"{key}\" = \"{}\"", action.name());
                out.push_str(&format!("{line:<32} # {help}\n"));
            }
        }
    }
    out
}

/// The longest action name, to line up the list of actions.
const ACTIONS_NAME_WIDTH: usize = 16;

/// The README's key table, made from the defaults: a row per layer, each action with its keys.
/// A test fails while the README's copy differs.
pub fn readme_table() -> String {
    let mut table = String::from("| layer | where | keys |\n|---|---|---|\n");
    for (layer, actions) in defaults() {
        let keys: Vec<String> = actions
            .iter()
            .map(|DefaultKeys { help, keys, .. }| {
                let keys: Vec<String> = keys
                    .iter()
                    .map(|k| format!("`{}`", label(parse_key(k).expect("default keys parse"))))
                    .collect();
                format!("{} {help}", keys.join(" "))
            })
            .collect();
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            layer.name(),
            layer.place(),
            keys.join(" · ").replace('|', "\\|")
        ));
    }
    table
}

#[cfg(test)]
mod tests;
