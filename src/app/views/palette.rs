//! The command palette: every action of every pane and view, found by name from anywhere.
//!
//! Each entry is an action where it applies ("add a persona" in the persona pane), with its
//! current key there. Choosing an entry of another pane first moves there, so the action does
//! what its words say. Actions on a view's selected row are offered only from that view: opened
//! from elsewhere, the view's selection would be one the user has not seen.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::crossterm::event::KeyEvent;

use super::finder::FinderState;
use super::select;
use crate::app::action::{Action, View};
use crate::app::keymap::{self, Context, Keymap, Layer};
use crate::app::outcome::{Given, Outcome};

/// A command of the palette: what it does, where, with which key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub label: String,
    /// Where it applies, as the note beside it says.
    pub place: &'static str,
    pub keys: String,
    pub action: Action,
    /// Where the keyboard goes before the action runs.
    pub context: Context,
}

/// The places the palette can move to, and the layer whose actions it offers there.
const PLACES: [(Context, Layer); 11] = [
    (Context::Personas, Layer::Personas),
    (Context::Journeys, Layer::Journeys),
    (Context::Board, Layer::Board),
    (Context::Grid, Layer::Map),
    (Context::Gaps, Layer::Gaps),
    (Context::Inventory, Layer::Inventory),
    (Context::Calendar, Layer::Calendar),
    (Context::Metrics, Layer::Metrics),
    (Context::Channels, Layer::Tables),
    (Context::Objectives, Layer::Tables),
    (Context::Conflicts, Layer::Conflicts),
];

/// Moving the selection means nothing from a list of commands, and Enter-like or closing keys
/// belong to the list they are pressed in.
fn offered(action: Action) -> bool {
    !matches!(
        action,
        Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::First
            | Action::Last
            | Action::PageUp
            | Action::PageDown
            | Action::Close
            | Action::Jump
            | Action::Show(View::Palette)
    )
}

/// Whether an action of a view works on the row selected in it.
fn on_selected_row(action: Action) -> bool {
    matches!(
        action,
        Action::Edit
            | Action::Delete
            | Action::CycleStatus
            | Action::ShiftDate(_)
            | Action::KeepOurs
            | Action::KeepTheirs
            | Action::Add
            | Action::Open
            | Action::Mark
            | Action::ChangeMarked
    )
}

fn is_view(context: Context) -> bool {
    !matches!(
        context,
        Context::Personas | Context::Journeys | Context::Board | Context::Grid
    )
}

/// The palette: where it was opened, its query and the commands that match it.
#[derive(Debug)]
pub struct PaletteState {
    /// Where the palette was opened: its commands come first, and run there.
    pub from: Context,
    pub finder: FinderState<Command>,
}

impl PaletteState {
    pub fn new(from: Context) -> PaletteState {
        PaletteState {
            from,
            finder: FinderState::default(),
        }
    }

    pub fn handle(&mut self, action: Action, given: &Given) -> Outcome {
        let finder = &mut self.finder;
        if select(&mut finder.selected, finder.rows.len(), action) {
            return Outcome::Done;
        }
        match action {
            Action::Jump => match finder.rows.get(finder.selected) {
                Some(command) => Outcome::Run {
                    context: command.context,
                    action: command.action,
                },
                None => Outcome::Done,
            },
            action if action.is_readline() => {
                if finder.readline(action) {
                    self.refresh(given);
                }
                Outcome::Done
            }
            _ => Outcome::Ignored,
        }
    }

    /// A key typed into the query.
    pub fn typed(&mut self, event: KeyEvent, given: &Given) {
        if self.finder.typed(event) {
            self.refresh(given);
        }
    }

    /// Finds the commands that match the query as it stands.
    pub fn refresh(&mut self, given: &Given) {
        let rows = commands(given.keymap, given.recent, self.from, self.finder.text());
        self.finder.set_rows(rows);
    }
}

/// Every command, from where the palette was opened: best matches first, or, with an empty
/// query, the latest used first.
fn commands(
    keymap: &Keymap,
    recent: &[(Context, Action)],
    from: Context,
    query: &str,
) -> Vec<Command> {
    let mut all = Vec::new();
    let place = |context: Context, layer: Layer, all: &mut Vec<Command>| {
        for (action, _) in keymap.actions(layer) {
            let row_action = is_view(context) && on_selected_row(action);
            // The gap list's "add" makes an item for the selected gap; tables' "add" does
            // not depend on the row.
            let table = matches!(layer, Layer::Tables | Layer::Metrics);
            let row_action = row_action && !(table && action == Action::Add);
            if !offered(action) || (row_action && context != from) {
                continue;
            }
            all.push(Command {
                label: keymap::describe(layer, action).to_string(),
                place: match context {
                    Context::Metrics => "metrics",
                    Context::Channels => "channels & budget",
                    Context::Objectives => "objectives",
                    _ => layer.place(),
                },
                keys: keymap.keys_for(context, action).join(" "),
                action,
                context,
            });
        }
    };
    // Where the palette was opened comes first: its commands are the likeliest.
    if let Some((context, layer)) = PLACES.iter().find(|(c, _)| *c == from) {
        place(*context, *layer, &mut all);
    } else if from == Context::CellItems {
        place(from, Layer::Cell, &mut all);
    } else if from == Context::History {
        place(from, Layer::History, &mut all);
    }
    for (context, layer) in PLACES {
        if context != from {
            place(context, layer, &mut all);
        }
    }
    for layer in [Layer::Global, Layer::Everywhere, Layer::Panes] {
        for (action, _) in keymap.actions(layer) {
            if offered(action) {
                all.push(Command {
                    label: keymap::describe(layer, action).to_string(),
                    place: "anywhere",
                    keys: keymap.keys_for(from, action).join(" "),
                    action,
                    context: from,
                });
            }
        }
    }
    for format in crate::export::Format::ALL {
        all.push(Command {
            label: format!("export {} next to the workspace", format.name()),
            place: "anywhere",
            keys: String::new(),
            action: Action::Export(format),
            context: from,
        });
    }
    if query.trim().is_empty() {
        // Stable: the latest used first, the rest in their order.
        all.sort_by_key(|c| {
            recent
                .iter()
                .position(|r| *r == (c.context, c.action))
                .unwrap_or(usize::MAX)
        });
        return all;
    }
    // A match in the command's own words ranks above one that needs the place's words too:
    // "cal" finds the calendar before the calendar's "today".
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buffer = Vec::new();
    let mut score = |text: &str| pattern.score(Utf32Str::new(text, &mut buffer), &mut matcher);
    let mut ranked: Vec<((bool, u32), Command)> = all
        .into_iter()
        .filter_map(|c| {
            let rank = match score(&c.label) {
                Some(s) => (true, s),
                None => (false, score(&format!("{} {}", c.label, c.place))?),
            };
            Some((rank, c))
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
    ranked.into_iter().map(|(_, c)| c).collect()
}
