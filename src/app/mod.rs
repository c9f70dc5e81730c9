//! The application state and the one function that changes it.
//!
//! Input becomes an [`Action`] through the keymap (or a [`Msg`] for mouse, paste and resize);
//! [`App::update`] is the only place the state changes; the `ui` module draws the state and
//! changes nothing. What the state cannot do by itself (saving, exporting, quitting) it returns
//! from `update` as an [`Effect`]; the terminal loop carries it out and tells the outcome back as
//! a [`Msg`].

pub mod action;
mod apply;
mod comments;
mod copy;
mod edits;
mod jump;
pub mod keymap;
mod list;
mod mouse;
mod outcome;
pub mod overlays;
pub mod panes;
pub mod present;
mod readline;
mod stack;
mod subject;
pub mod views;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};

pub use action::{Action, View};
pub use keymap::{Context, Key, Keymap};
pub use outcome::{Pending, Purpose};
pub use overlays::{Card, CellItems, Confirm, Form, Help, KpiHistory, Overlay, form};
pub use panes::{Layout, ListedJourneys, Offsets, Pane, Selection};
pub use subject::{Entry, Subject};
pub use views::{Command, ViewState};

use crate::model::filter::MapFilter;
use crate::model::{Clock, Date, Edit, History, Id, Journey, Workspace};
use outcome::{Given, Outcome};
use views::ViewDone;

/// Work for the terminal loop: what the state cannot do by itself (files, the terminal).
/// [`App::update`] returns them; only the loop carries them out.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    /// The workspace holds edits that are not on disk: save it when the autosave is due. The
    /// outcome comes back as [`Msg::Saved`].
    Save,
    /// Write an export next to the workspace file: the loop says it started with
    /// [`Msg::Exporting`] and what happened with [`Msg::Exported`].
    Export(crate::export::Format),
    /// Leave the screen (what is unsaved is still saved on the way out).
    Quit,
    /// Give the terminal back to the shell until `fg` (what is unsaved is saved first).
    Suspend,
    /// Put Markdown on the clipboard of the terminal the user sits at (OSC 52); `what` says
    /// what it is (`persona "Commuter Clara"`). The outcome comes back as [`Msg::Done`].
    Copy { what: String, markdown: String },
    /// Hand the terminal to the user's editor on `text`, in a private file called `file_name`
    /// (`persona-challenges.md`). What it saved comes back as [`Msg::Edited`].
    EditText { file_name: String, text: String },
    /// Free what a reload put aside, away from the keys: a workspace of 100,000 entries takes
    /// tens of milliseconds to free.
    Free(Retired),
    /// Work out the inventory's rows, or the items the calendar's filter keeps, away from the
    /// keys (a million items take most of a second to filter and sort); a newer job takes the
    /// place of one still running. What it found comes back as [`Msg::Rows`].
    Rows(Box<views::ViewJob>),
}

/// The workspace a reload replaced, with its undo history (which refers to it).
pub struct Retired {
    pub workspace: Box<Workspace>,
    pub history: History,
}

impl std::fmt::Debug for Retired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Retired({:?})", self.workspace.name())
    }
}

/// Two retired workspaces are the same when they are one: nothing compares them by contents.
impl PartialEq for Retired {
    fn eq(&self, other: &Retired) -> bool {
        std::ptr::eq(&*self.workspace, &*other.workspace)
    }
}

impl Eq for Retired {}

/// Everything that can happen to the application.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    /// The areas the last frame drew, for mouse hit-testing and scrolling.
    Drawn(Layout),
    /// The outcome of a save the loop carried out.
    Saved(Result<(), String>),
    /// The file changed on disk and the loop read it (merged with unsaved edits when `unsaved`,
    /// which then still have to be saved): it takes the place of the workspace shown.
    Reloaded {
        workspace: Box<Workspace>,
        notice: String,
        unsaved: bool,
    },
    /// The loop started (`true`) or finished (`false`) reading a change on disk.
    Reloading(bool),
    /// The lock this session waited for was freed and taken: it may edit now.
    LockTaken,
    /// Someone else took the lock (this session's lock file was deleted and a second editor got
    /// in first): this session may no longer edit; the words say who.
    LockLost(String),
    /// Something the loop did, in words for the status line.
    Done(String),
    /// An export the loop started on a thread of its own (see [`Effect::Export`]).
    Exporting(crate::export::Format),
    /// An export that was being written is done: the words say where it went or why not.
    Exported(crate::export::Format, String),
    /// The text the user's editor saved for the form's field handed to it, or why nothing
    /// came back (it exited non-zero, could not start…).
    Edited(Result<String, String>),
    /// A stop signal came from outside (`kill -TSTP`): suspend, as the `suspend` key does.
    Suspend,
    /// The date, as the loop reads it on every wake: "today" follows the clock, so a session
    /// left open overnight counts what is overdue the next morning.
    Today(Date),
    /// The search's text the loop prepares arrived (`true`), or will not come (`false`: the
    /// loop cannot prepare it, so a search prepares its own, as without the loop). A search
    /// that waited for it shows its hits.
    SearchText(bool),
    /// What a view's job found ([`Effect::Rows`]).
    Rows(views::ViewDone),
}

/// Whether the workspace on disk holds every accepted edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Edits are waiting for the autosave.
    Pending,
    Failed(String),
    /// The workspace cannot be edited; the reason says why.
    ReadOnly(String),
}

/// A message of the session and the local time it came ("14:03:27").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub time: String,
    pub text: String,
}

/// The App in parts, so a part can change its state while it reads the rest.
struct Parts<'a> {
    given: Given<'a>,
    overlays: &'a mut Vec<Overlay>,
    selection: &'a mut Selection,
    layout: &'a Layout,
}

/// How many messages the log keeps; older ones leave it.
const MESSAGES_KEPT: usize = 1000;

/// The whole state of the application.
pub struct App {
    pub ws: Workspace,
    pub history: History,
    pub focus: Pane,
    /// The focused pane fills the screen.
    pub zoomed: bool,
    pub selection: Selection,
    pub offsets: Offsets,
    pub layout: Layout,
    /// Modal views, the top one last (a form may sit under its confirmation).
    pub overlays: Vec<Overlay>,
    pub save_state: SaveState,
    /// A change on disk is being read (and merged) on the loop's worker: the status says so
    /// until it is shown.
    pub reloading: bool,
    /// The formats of the exports being written, oldest first: the status says so until each
    /// is done.
    pub exporting: Vec<crate::export::Format>,
    /// A short message about the last thing that happened ("undid: add persona …"), shown in
    /// the status line until the next key.
    pub notice: Option<String>,
    /// Every message of the session, oldest first, for the message log.
    pub messages: Vec<Message>,
    /// The machine's clock, to say when each message came.
    clock: Clock,
    pub today: Date,
    /// The workspace's file name, for the title.
    pub file_name: String,
    /// The effects of the message being handled, oldest first: `update` hands them to the loop.
    effects: Vec<Effect>,
    /// The keys in force: defaults and the user's overrides.
    pub keymap: Keymap,
    /// Commands run from the palette (where, what), latest first: an empty query lists them first.
    pub recent: Vec<(Context, Action)>,
    /// The rules the file broke when it was opened (then it is read-only).
    pub problems: views::FileProblems,
    /// The content map's filters.
    pub map_filter: MapFilter,
    /// The loop prepares the search's text on a thread of its own: until it arrives a search
    /// waits for it, rather than preparing it here while the keys wait (most of a second at a
    /// million items).
    search_text_coming: bool,
}

impl App {
    pub fn new(ws: Workspace, file_name: String, today: Date, read_only: Option<String>) -> Self {
        App {
            ws,
            history: History::default(),
            focus: Pane::Personas,
            zoomed: false,
            selection: Selection::default(),
            offsets: Offsets::default(),
            layout: Layout::default(),
            overlays: Vec::new(),
            save_state: read_only.map_or(SaveState::Saved, SaveState::ReadOnly),
            reloading: false,
            exporting: Vec::new(),
            notice: None,
            messages: Vec::new(),
            clock: Clock::local(),
            today,
            file_name,
            effects: Vec::new(),
            keymap: Keymap::default(),
            recent: Vec::new(),
            problems: views::FileProblems::default(),
            map_filter: MapFilter::default(),
            search_text_coming: false,
        }
    }

    /// The app of a loop that prepares the search's text on a thread of its own and says when
    /// it arrived ([`Msg::SearchText`]).
    pub fn with_search_text_coming(mut self) -> Self {
        self.search_text_coming = true;
        self
    }

    /// Whether a search waits for the text the loop prepares: it has not arrived yet.
    pub fn search_waits(&self) -> bool {
        self.search_text_coming && !self.ws.search_prepared()
    }

    /// Whether a picker waits for the items' owners: the loop counts them with the search's
    /// text, and they are not counted yet (counting them here would keep the keys waiting).
    pub fn owners_wait(&self) -> bool {
        self.search_text_coming && !self.ws.owners_counted()
    }

    /// Whether something open waits for the text the loop prepares: the search, or a picker
    /// for its owners.
    pub fn waits_for_search_text(&self) -> bool {
        self.overlays.iter().any(|overlay| match overlay {
            Overlay::View(view) => {
                matches!(view.as_ref(), ViewState::Search(_)) && self.search_waits()
            }
            Overlay::Picker(_) => self.owners_wait(),
            _ => false,
        })
    }

    /// The app of a file that breaks rules: read-only, and showing what it breaks first.
    pub fn with_problems(mut self, problems: views::FileProblems) -> Self {
        if !problems.list.is_empty() {
            self.problems = problems;
            self.show(View::Problems);
        }
        self
    }

    /// The app with the user's keys in place of the defaults (set once, at start).
    pub fn with_keymap(mut self, keymap: Keymap) -> Self {
        self.keymap = keymap;
        self
    }

    /// The key that does `action` where the keyboard is now, as hints write it.
    pub fn key(&self, action: Action) -> Option<String> {
        self.keymap.key_for(self.context(), action)
    }

    /// Says something in the status line and keeps it in the message log.
    fn tell(&mut self, text: String) {
        if self.messages.len() == MESSAGES_KEPT {
            self.messages.remove(0);
        }
        self.messages.push(Message {
            time: self.clock.time_of_day(),
            text: text.clone(),
        });
        self.notice = Some(text);
    }

    pub fn read_only(&self) -> Option<&str> {
        match &self.save_state {
            SaveState::ReadOnly(reason) => Some(reason),
            _ => None,
        }
    }

    /// The context keys are read in: the top overlay's, or the focused pane's.
    pub fn context(&self) -> Context {
        match self.overlays.last() {
            Some(overlay) => overlay.context(),
            None => self.focus.context(),
        }
    }

    /// What the parts may read while they handle an action, beside the overlays they are in.
    fn given_and_overlays(&mut self) -> (Given<'_>, &mut Vec<Overlay>) {
        let parts = self.parts();
        (parts.given, parts.overlays)
    }

    /// The App in parts: what every part may read, and the states the parts change.
    fn parts(&mut self) -> Parts<'_> {
        Parts {
            given: Given {
                ws: &self.ws,
                keymap: &self.keymap,
                today: self.today,
                recent: &self.recent,
                messages: self.messages.len(),
                problems: self.problems.list.len(),
                map_filter: &self.map_filter,
                search_waits: self.search_waits(),
            },
            overlays: &mut self.overlays,
            selection: &mut self.selection,
            layout: &self.layout,
        }
    }

    /// The one place the state changes.
    /// Returns what the loop must do for it, in order.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(event) if event.kind != KeyEventKind::Release => self.key_pressed(event),
            Msg::Key(_) => {}
            Msg::Paste(text) => {
                if let Some(Overlay::Form(form)) = self.overlays.last_mut() {
                    form.paste(&text);
                }
            }
            Msg::Mouse(event) => self.mouse(event),
            Msg::Drawn(layout) => {
                self.offsets = layout.offsets;
                // The card's scroll and the help's page as drawn: kept inside what there is.
                match self.overlays.last_mut() {
                    Some(Overlay::Card(card)) => card.scroll = layout.offsets.card,
                    Some(Overlay::Help(help)) => help.page = layout.offsets.help_page,
                    _ => {}
                }
                self.layout = layout;
            }
            Msg::Saved(Ok(())) => {
                if self.read_only().is_none() {
                    self.save_state = SaveState::Saved;
                }
            }
            Msg::Saved(Err(reason)) => {
                self.save_state = SaveState::Failed(reason);
            }
            Msg::Reloaded {
                workspace,
                notice,
                unsaved,
            } => self.replace_workspace(*workspace, notice, unsaved),
            Msg::Reloading(reloading) => self.reloading = reloading,
            Msg::LockTaken => self.set_editable(),
            Msg::LockLost(reason) => self.set_read_only(reason),
            Msg::Done(words) => self.tell(words),
            Msg::Exporting(format) => self.exporting.push(format),
            Msg::Exported(format, words) => {
                if let Some(at) = self.exporting.iter().position(|f| *f == format) {
                    self.exporting.remove(at);
                }
                self.tell(words);
            }
            Msg::Edited(text) => self.edited_text(text),
            Msg::Suspend => self.effects.push(Effect::Suspend),
            Msg::SearchText(arrived) => {
                self.search_text_coming = arrived;
                self.refresh_views();
                // With the text came the owners (or none will come: they are counted here).
                for overlay in &mut self.overlays {
                    if let Overlay::Picker(picker) = overlay {
                        picker.owners_counted(&self.ws);
                    }
                }
            }
            Msg::Today(date) => {
                if date != self.today {
                    self.today = date;
                    // The calendar's overdue list and flags depend on the day.
                    self.refresh_views();
                }
            }
            Msg::Rows(done) => self.on_view(|view, given| match (view, done) {
                (ViewState::Inventory(state), ViewDone::Rows(done)) => state.adopt(done, given.ws),
                (ViewState::Calendar(state), ViewDone::Kept(done)) => state.adopt(done, given),
                _ => {}
            }),
        }
        self.take_view_jobs();
        std::mem::take(&mut self.effects)
    }

    fn key_pressed(&mut self, event: KeyEvent) {
        let key = keymap::key_of_event(event);
        let context = self.context();
        let action = self.keymap.lookup(context, key);
        if let Some(Overlay::Form(form)) = self.overlays.last_mut() {
            // A form's keys go to its fields unless they are the form's own.
            if let Some(action) = form.route(event, action) {
                self.act(action);
            }
            return;
        }
        if let Some(action) = action {
            self.notice = None;
            self.act(action);
            return;
        }
        let focus = self.focus;
        let (given, overlays) = self.given_and_overlays();
        let words = match overlays.last_mut() {
            Some(Overlay::View(view)) => {
                view.typed(event, &given);
                None
            }
            Some(Overlay::Picker(picker)) => {
                picker.typed(event);
                None
            }
            None if focus == Pane::Grid => panes::map::unbound(key, &given),
            _ => None,
        };
        if let Some(words) = words {
            self.tell(words);
        }
    }

    /// The part the keyboard is in handles the action first (the top overlay, or the focused
    /// pane); what it leaves, the App's shared actions take.
    fn act(&mut self, action: Action) {
        let focus = self.focus;
        let parts = self.parts();
        let outcome = match parts.overlays.last_mut() {
            Some(overlay) => overlay.handle(action, &parts.given),
            None => focus.handle(action, parts.selection, &parts.given, parts.layout),
        };
        match outcome {
            Outcome::Ignored => self.shared(action),
            outcome => self.apply(outcome),
        }
    }

    /// What an action does wherever no part takes it.
    fn shared(&mut self, action: Action) {
        match action {
            Action::Quit => self.ask_quit(),
            Action::Help => {
                let context = self.context();
                self.overlays.push(Overlay::Help(Help::new(context)));
            }
            Action::Close => {
                self.overlays.pop();
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NextPane => self.cycle_pane(1),
            Action::PrevPane => self.cycle_pane(Pane::ORDER.len() - 1),
            Action::Zoom => self.zoomed = !self.zoomed,
            Action::Show(view) => self.show(view),
            Action::Export(format) => self.effects.push(Effect::Export(format)),
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Copy => self.copy(false),
            Action::CopyJourney => self.copy(true),
            Action::EditWorkspace => self.apply(Outcome::Form(Subject::Workspace)),
            Action::Comment => self.comment(),
            _ => {}
        }
    }

    /// Puts the text the editor saved into the form's field that was handed to it, or says why
    /// nothing came back.
    fn edited_text(&mut self, text: Result<String, String>) {
        let form = match self.overlays.last_mut() {
            Some(Overlay::Form(form)) => Some(form),
            _ => None,
        };
        let words = match (form, text) {
            (Some(form), Ok(text)) => form.take_back(&text),
            (Some(form), Err(why)) => {
                form.take_back_nothing();
                Some(why)
            }
            (None, Ok(_)) => None,
            (None, Err(why)) => Some(why),
        };
        if let Some(words) = words {
            self.tell(words);
        }
    }

    /// Quits at once, unless the last save failed: then the edits are only in memory, and the
    /// user may want to free some room first.
    fn ask_quit(&mut self) {
        match &self.save_state {
            SaveState::Failed(reason) => {
                let question = format!(
                    "Your latest edits are not saved ({}). Quit anyway? They will go to a recovery file if one can be written.",
                    crate::text::printable(reason)
                );
                self.overlays
                    .push(Overlay::Confirm(Confirm::new(question, Pending::Quit)));
            }
            _ => self.effects.push(Effect::Quit),
        }
    }

    fn cycle_pane(&mut self, by: usize) {
        let at = Pane::ORDER
            .iter()
            .position(|p| *p == self.focus)
            .unwrap_or(0);
        self.focus = Pane::ORDER[(at + by) % Pane::ORDER.len()];
    }

    /// Records an applied edit and schedules its save.
    fn applied(&mut self, edit: Edit) {
        self.tell(crate::text::printable(&edit.label).into_owned());
        self.history.record(edit);
        self.edited();
    }

    fn edited(&mut self) {
        if !matches!(self.save_state, SaveState::ReadOnly(_)) {
            self.save_state = SaveState::Pending;
            self.effects.push(Effect::Save);
        }
        self.selection.clamp(&self.ws);
        self.refresh_views();
    }

    /// Puts a workspace read from disk in place of the one shown, keeping the selection on the
    /// same entries where they still exist. Undo history refers to the old workspace, so it
    /// starts afresh. `unsaved` says the new workspace still has to be saved (a merge).
    fn replace_workspace(&mut self, ws: Workspace, notice: String, unsaved: bool) {
        let entries = self.selection.entries(&self.ws);
        self.effects.push(Effect::Free(Retired {
            workspace: Box::new(std::mem::replace(&mut self.ws, ws)),
            history: std::mem::take(&mut self.history),
        }));
        self.selection.follow(entries, &self.ws);
        // Only a valid file is read again: one opened with problems was repaired meanwhile.
        if !self.problems.list.is_empty() {
            self.problems.list.clear();
            self.save_state = SaveState::ReadOnly("opened while the file broke rules".into());
            self.tell(format!(
                "{notice}; it breaks no rules now: quit and open it again to edit"
            ));
        } else {
            self.tell(notice);
        }
        if unsaved {
            self.edited();
        } else {
            self.refresh_views();
        }
    }

    /// The lock was freed: this session may edit now.
    fn set_editable(&mut self) {
        if self.read_only().is_some() {
            self.save_state = SaveState::Saved;
            self.tell("the other editor has quit: you can edit now".into());
        }
    }

    /// Someone else took the lock (this session's lock file was deleted and a second editor got
    /// in first): this session may no longer edit.
    fn set_read_only(&mut self, reason: String) {
        self.tell(format!("read-only now: {reason}"));
        self.save_state = SaveState::ReadOnly(reason);
    }

    fn refuse_if_read_only(&mut self) -> bool {
        if let Some(reason) = self.read_only() {
            self.tell(format!(
                "nothing changed: read-only ({})",
                reason.split(',').next().unwrap_or(reason)
            ));
            true
        } else {
            false
        }
    }

    fn undo(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        match self.history.undo(&mut self.ws) {
            Some(label) => {
                self.tell(format!("undid: {}", crate::text::printable(&label)));
                self.edited();
            }
            // Nothing changed: nothing to save either.
            None => self.tell("nothing to undo".into()),
        }
    }

    fn redo(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        match self.history.redo(&mut self.ws) {
            Some(label) => {
                self.tell(format!("redid: {}", crate::text::printable(&label)));
                self.edited();
            }
            // Nothing changed: nothing to save either.
            None => self.tell("nothing to redo".into()),
        }
    }

    /// The persona whose journeys are listed.
    pub fn selected_persona(&self) -> Option<Id> {
        self.selection.persona(&self.ws)
    }

    /// The journeys listed for the selected persona: its own, then any that have no persona.
    pub fn listed_journeys(&self) -> ListedJourneys<'_> {
        self.selection.journeys(&self.ws)
    }

    pub fn selected_journey(&self) -> Option<&Journey> {
        self.selection.journey(&self.ws)
    }

    pub fn selected_step(&self) -> Option<Id> {
        self.selection.step(&self.ws)
    }

    pub fn selected_content_type(&self) -> Option<Id> {
        self.selection.content_type(&self.ws)
    }
}

#[cfg(test)]
mod tests;
