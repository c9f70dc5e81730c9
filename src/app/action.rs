//! What a key can mean: every action by its configuration name, with one line saying what it does.
//!
//! The names are what a user writes in `[keys.LAYER]` tables (`"ctrl-q" = "quit"`), what the
//! command palette matches against, and what `config --default` prints; one table below holds
//! them all, so none of those can drift from the others.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::export::Format;

/// What a key means, independent of which key it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    First,
    Last,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    /// The focused pane on the whole screen, and back.
    Zoom,
    Open,
    Edit,
    /// Edit what holds the selection: the journey of a step, the content type of a cell.
    EditOuter,
    Add,
    /// Add to what holds the selection: a content type from the content map.
    AddOuter,
    Delete,
    /// Delete what holds the selection: the content type of a cell (asks).
    DeleteOuter,
    /// Copy the selected persona, journey, step or item (the content type in the map) under new
    /// ids, right after it.
    Duplicate,
    MoveBack,
    MoveForward,
    /// Set the selected step's emotion; 0 clears it.
    Emotion(u8),
    ToggleMap,
    CycleStatus,
    Undo,
    Redo,
    Help,
    Quit,
    /// Give the terminal back to the shell until `fg`.
    Suspend,
    Close,
    NextField,
    PrevField,
    Submit,
    /// Hand the form's focused text field to the user's editor (`$VISUAL`, `$EDITOR`, `vi`).
    OpenInEditor,
    /// Enter in a form: saves a form whose fields are all one line; in a multi-line field it
    /// is a new line, in a one-line field of such a form it goes to the next field.
    SubmitOneLine,
    Confirm,
    /// Readline editing in a text field or a query.
    LineStart,
    LineEnd,
    WordBack,
    WordForward,
    KillToStart,
    KillToEnd,
    KillWord,
    /// Undo and redo typing inside the focused field (not the workspace's undo).
    TextUndo,
    TextRedo,
    /// Open a full-screen view.
    Show(View),
    /// Go to what the selected row names (a gap's cell, a search hit, a command).
    Jump,
    FilterPersona,
    /// Filter the list: open the filters to choose from (the gap list cycles its journeys).
    Filters,
    /// Mark or unmark the selected row, for an action on all marked rows.
    Mark,
    /// Sort by the next column, and back to the file's order after the last.
    Sort,
    /// Reverse the order of the rows.
    SortReverse,
    /// Change the marked rows (or the selected one) at once.
    ChangeMarked,
    Today,
    /// The calendar's next mode: month grid → week → agenda.
    CalendarMode,
    /// Move the selected item's date by a number of days.
    ShiftDate(i8),
    /// Settle the selected merge conflict with our side's value, or theirs.
    KeepOurs,
    KeepTheirs,
    /// Add a KPI attached to the selected item.
    AddMetric,
    /// Write an export of the workspace next to its file.
    Export(Format),
    /// Copy the selected entry as Markdown to the clipboard (OSC 52).
    Copy,
    /// Copy the focused journey's whole report as Markdown to the clipboard.
    CopyJourney,
    /// Edit the workspace's own name and currency.
    EditWorkspace,
    /// Compare the selected journey with another one, chosen from a list, side by side.
    Compare,
    /// Add a comment to the selected entry.
    Comment,
    /// Mark the selected comment resolved.
    Resolve,
    /// Hide the selected built-in step lane from the board, or show it again.
    ToggleLane,
}

use Action as A;

/// Every action: its name in the configuration file and what it does, in the order
/// `config --default` and the README list them.
pub static ACTIONS: &[(Action, &str, &str)] = &[
    (A::Quit, "quit", "quit (everything is saved)"),
    (
        A::Suspend,
        "suspend",
        "suspend to the shell (edits are saved first); fg returns",
    ),
    (A::Help, "help", "the keys of where you are"),
    (A::Undo, "undo", "undo the last edit"),
    (A::Redo, "redo", "redo what was undone"),
    (A::NextPane, "next_pane", "focus the next pane"),
    (A::PrevPane, "prev_pane", "focus the previous pane"),
    (
        A::Zoom,
        "zoom",
        "the focused pane on the whole screen, and back",
    ),
    (A::Close, "close", "close, back to where you were"),
    (A::Up, "up", "select the previous row"),
    (A::Down, "down", "select the next row"),
    (A::Left, "left", "select the previous column (step, day)"),
    (A::Right, "right", "select the next column (step, day)"),
    (A::First, "first", "select the first entry"),
    (A::Last, "last", "select the last entry"),
    (
        A::PageUp,
        "page_up",
        "a page up (a month back in the calendar)",
    ),
    (
        A::PageDown,
        "page_down",
        "a page down (a month on in the calendar)",
    ),
    (
        A::Open,
        "open",
        "open the selection to read: a card, or a cell's items",
    ),
    (A::Edit, "edit", "edit the selected entry"),
    (A::Add, "add", "add an entry where the selection is"),
    (A::Delete, "delete", "delete the selected entry (asks)"),
    (
        A::EditOuter,
        "edit_outer",
        "edit what holds the selection (journey, content type)",
    ),
    (A::AddOuter, "add_outer", "add a content type"),
    (
        A::DeleteOuter,
        "delete_outer",
        "delete the content type of the selected cell (asks)",
    ),
    (
        A::Duplicate,
        "duplicate",
        "copy the selected entry (the content type in the map), right after it",
    ),
    (
        A::MoveBack,
        "move_back",
        "move the selected entry up (left on the board)",
    ),
    (
        A::MoveForward,
        "move_forward",
        "move the selected entry down (right on the board)",
    ),
    (
        A::Emotion(1),
        "emotion_1",
        "the step's emotion: 1 (frustrated)",
    ),
    (A::Emotion(2), "emotion_2", "the step's emotion: 2"),
    (
        A::Emotion(3),
        "emotion_3",
        "the step's emotion: 3 (neutral)",
    ),
    (A::Emotion(4), "emotion_4", "the step's emotion: 4"),
    (
        A::Emotion(5),
        "emotion_5",
        "the step's emotion: 5 (delighted)",
    ),
    (A::Emotion(0), "emotion_clear", "clear the step's emotion"),
    (
        A::ToggleMap,
        "map_cell",
        "map / unmap the content type on the step",
    ),
    (
        A::CycleStatus,
        "cycle_status",
        "next status: to create → in progress → available",
    ),
    (
        A::AddMetric,
        "add_metric",
        "add a KPI measuring the selected item",
    ),
    (A::Show(View::Gaps), "gaps", "open the gap list"),
    (
        A::Show(View::Inventory),
        "inventory",
        "open the inventory: every item in one table",
    ),
    (
        A::Show(View::Calendar),
        "calendar",
        "open the content & service calendar",
    ),
    (A::Show(View::Metrics), "metrics", "open the metrics (KPIs)"),
    (
        A::Show(View::Channels),
        "channels",
        "open the channels & budget",
    ),
    (
        A::Show(View::Objectives),
        "objectives",
        "open the objectives",
    ),
    (A::Show(View::Search), "search", "search everything"),
    (
        A::Show(View::Palette),
        "palette",
        "the command palette: every action by name",
    ),
    (
        A::Show(View::Conflicts),
        "conflicts",
        "open the merge conflicts to settle",
    ),
    (
        A::Show(View::Messages),
        "messages",
        "open the message log: this session's messages with their times",
    ),
    (
        A::Copy,
        "copy",
        "copy the selection (persona, journey, step, item, gap list, KPI) as Markdown",
    ),
    (
        A::CopyJourney,
        "copy_journey",
        "copy the focused journey's whole report as Markdown to the clipboard",
    ),
    (
        A::EditWorkspace,
        "edit_workspace",
        "edit the workspace's name and currency",
    ),
    (
        A::Compare,
        "compare",
        "compare the selected journey with another, side by side",
    ),
    (
        A::Show(View::Comments),
        "comments",
        "open the open comments of the whole workspace, to read, resolve or go to",
    ),
    (
        A::Show(View::Fields),
        "fields",
        "open the workspace's own fields, to add, rename, reorder or delete",
    ),
    (
        A::Comment,
        "comment",
        "add a comment to the selection (persona, journey, step, content type, item, KPI)",
    ),
    (A::Resolve, "resolve", "resolve the selected comment"),
    (
        A::ToggleLane,
        "toggle_lane",
        "hide the selected built-in step lane from the board, or show it again",
    ),
    (
        A::Show(View::Problems),
        "problems",
        "open the list of the rules the file breaks (such a file opens read-only)",
    ),
    (
        A::Jump,
        "jump",
        "go to the selected row (or run the command)",
    ),
    (
        A::FilterPersona,
        "filter_persona",
        "filter the gaps by persona (cycles)",
    ),
    (
        A::Filters,
        "filters",
        "filter the list: the filters to choose from (in the gap list, the next journey)",
    ),
    (A::Mark, "mark", "mark or unmark the selected row"),
    (A::Sort, "sort", "sort by the next column"),
    (
        A::SortReverse,
        "sort_reverse",
        "reverse the order of the rows",
    ),
    (
        A::ChangeMarked,
        "change_marked",
        "change the marked rows at once: status, owner, channel, dates, delete",
    ),
    (A::Today, "today", "select today in the calendar"),
    (
        A::CalendarMode,
        "calendar_mode",
        "the calendar's next mode: month grid → week → agenda",
    ),
    (A::ShiftDate(1), "day_later", "move the item one day later"),
    (
        A::ShiftDate(-1),
        "day_earlier",
        "move the item one day earlier",
    ),
    (
        A::ShiftDate(7),
        "week_later",
        "move the item one week later",
    ),
    (
        A::ShiftDate(-7),
        "week_earlier",
        "move the item one week earlier",
    ),
    (
        A::KeepOurs,
        "keep_ours",
        "settle the conflict with our value",
    ),
    (
        A::KeepTheirs,
        "keep_theirs",
        "settle the conflict with their value",
    ),
    (A::NextField, "next_field", "the form's next field"),
    (A::PrevField, "prev_field", "the form's previous field"),
    (A::Submit, "submit", "save the form"),
    (
        A::SubmitOneLine,
        "submit_one_line",
        "save a form of one-line fields; a new line in a multi-line one",
    ),
    (
        A::OpenInEditor,
        "open_in_editor",
        "edit the form's text field in $VISUAL or $EDITOR",
    ),
    (A::LineStart, "line_start", "text: to the start of the line"),
    (A::LineEnd, "line_end", "text: to the end of the line"),
    (A::WordBack, "word_back", "text: a word back"),
    (A::WordForward, "word_forward", "text: a word forward"),
    (
        A::KillToStart,
        "kill_to_start",
        "text: delete to the start of the line",
    ),
    (
        A::KillToEnd,
        "kill_to_end",
        "text: delete to the end of the line",
    ),
    (
        A::KillWord,
        "kill_word",
        "text: delete the word before the cursor",
    ),
    (A::TextUndo, "text_undo", "text: undo typing in the field"),
    (A::TextRedo, "text_redo", "text: redo typing in the field"),
    (A::Confirm, "confirm", "answer yes"),
    (
        A::Export(Format::Markdown),
        "export_markdown",
        "export a Markdown report next to the workspace",
    ),
    (
        A::Export(Format::Csv),
        "export_csv",
        "export the content inventory as CSV next to the workspace",
    ),
    (
        A::Export(Format::Mermaid),
        "export_mermaid",
        "export Mermaid journey diagrams next to the workspace",
    ),
    (
        A::Export(Format::Ics),
        "export_ics",
        "export the calendar as iCalendar next to the workspace",
    ),
    (
        A::Export(Format::Html),
        "export_html",
        "export an HTML page next to the workspace",
    ),
    (
        A::Export(Format::Dot),
        "export_dot",
        "export a Graphviz graph next to the workspace",
    ),
];

impl Action {
    /// Whether it moves a selection along a list (a page, to an end, by one up or down).
    pub fn moves_in_list(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::First
                | Action::Last
                | Action::PageUp
                | Action::PageDown
        )
    }

    /// Whether it edits a text field or a query as readline does.
    pub fn is_readline(self) -> bool {
        matches!(
            self,
            Action::LineStart
                | Action::LineEnd
                | Action::WordBack
                | Action::WordForward
                | Action::KillToStart
                | Action::KillToEnd
                | Action::KillWord
                | Action::TextUndo
                | Action::TextRedo
        )
    }

    /// Every action, in the order of [`ACTIONS`].
    pub fn all() -> impl Iterator<Item = Action> {
        ACTIONS.iter().map(|(action, _, _)| *action)
    }

    fn entry(self) -> &'static (Action, &'static str, &'static str) {
        ACTIONS
            .iter()
            .find(|(action, _, _)| *action == self)
            .expect("every action is listed in ACTIONS")
    }

    /// The action's name in the configuration file: `quit`, `map_cell`, `emotion_3`.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// What the action does, in one line.
    pub fn description(self) -> &'static str {
        self.entry().2
    }

    /// The action of a configuration name.
    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS
            .iter()
            .find(|(_, known, _)| *known == name)
            .map(|(action, _, _)| *action)
    }

    /// The known name closest to a misspelt one, when one is close enough to be meant.
    pub fn suggest(name: &str) -> Option<&'static str> {
        crate::text::closest(name, ACTIONS.iter().map(|(_, known, _)| *known))
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Action::from_name(&name).ok_or_else(|| {
            let hint = Action::suggest(&name)
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            serde::de::Error::custom(format!("unknown action \"{name}\"{hint}"))
        })
    }
}

/// The full-screen views, each one key away from anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Gaps,
    /// Every item in one table, sorted, filtered and changed in bulk.
    Inventory,
    Calendar,
    Metrics,
    Channels,
    Objectives,
    Search,
    Palette,
    Conflicts,
    /// The session's messages with their times.
    Messages,
    /// The rules the workspace file breaks (it is open read-only).
    Problems,
    /// Every open comment of the workspace.
    Comments,
    /// The workspace's own fields, to add, rename, reorder or delete.
    Fields,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for (at, (action, name, description)) in ACTIONS.iter().enumerate() {
            assert!(
                ACTIONS[..at]
                    .iter()
                    .all(|(a, n, _)| a != action && n != name),
                "{name} is listed twice"
            );
            assert!(!description.is_empty());
            let json = serde_json::to_string(action).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), *action);
        }
    }

    #[test]
    fn a_misspelt_name_is_refused_with_a_suggestion() {
        let error = serde_json::from_str::<Action>("\"qiut\"").unwrap_err();
        assert!(
            error.to_string().contains("did you mean \"quit\""),
            "{error}"
        );
        assert_eq!(Action::suggest("xyzzy"), None);
    }
}
