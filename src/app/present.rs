//! `journeymap present`: a full-screen walkthrough of the journeys for a review shared on a
//! screen. Each journey gets a title slide (its personas, objective, today → desired and its
//! emotion curve), then one slide per step with every lane in full.
//!
//! A state of its own, beside the editor's [`App`](super::App) rather than a mode of it: it
//! holds no history, no selection to edit and no overlays, and nothing here can change the
//! workspace. The only workspace it ever takes is a newer one from disk
//! ([`PresentMsg::Reloaded`]), on which it finds the same slide again by id.
//!
//! Adding a comment is the one write a presentation allows: the comment key asks first, then
//! takes one line of text, and the loop writes it under the file's lock
//! ([`PresentEffect::Comment`]); nothing else here writes.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::keymap::{Context, Keymap, key_of_event};
use super::outcome::Outcome;
use super::overlays::Help;
use crate::model::search::Target;
use crate::model::{Id, Journey, Workspace};

/// The longest step number that can be typed after `g` (no journey has a million steps).
const NUMBER_DIGITS: usize = 6;

/// Where the presentation is: a journey's title slide, or one of its steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The journey's position among those presented.
    pub journey: usize,
    /// The step's position in the journey; `None` on the journey's title slide.
    pub step: Option<usize>,
    /// The ids at those positions, to find the same slide after the file changed on disk.
    journey_id: Option<Id>,
    step_id: Option<Id>,
}

/// What the last frame drew: the scroll it kept (inside the slide), the lines it showed and
/// the help's page (kept among the help's pages).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub scroll: usize,
    pub page: usize,
    pub help_page: usize,
}

/// Everything that can happen to a presentation.
#[derive(Debug)]
pub enum PresentMsg {
    Key(KeyEvent),
    /// The file changed on disk and was read again: it replaces the workspace shown.
    Reloaded(Box<Workspace>),
    /// Something about the file the loop noticed (deleted, unreadable), in words.
    Notice(String),
    Drawn(Drawn),
}

/// What the loop must do for the presentation.
#[derive(Debug)]
pub enum PresentEffect {
    Quit,
    /// Give the terminal back to the shell until `fg`.
    Suspend,
    /// A workspace a reload replaced, to free away from the keys.
    Free(Box<Workspace>),
    /// Add this comment to the entry on the file, under its lock.
    Comment {
        on: Target,
        text: String,
    },
}

/// A comment on the slide's entry, while it is being asked about and then typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compose {
    /// Asking whether to write to the file at all.
    Asking(Target),
    /// The text typed so far.
    Typing(Target, String),
}

/// The state of a presentation.
pub struct Present {
    pub ws: Workspace,
    pub keymap: Keymap,
    /// Only this journey (`--journey`); `None` presents them all.
    only: Option<Id>,
    pub place: Place,
    /// The first line of the slide shown (a slide taller than the screen scrolls).
    pub scroll: usize,
    /// How many lines of the slide the last frame showed: a page.
    page: usize,
    /// The step number typed after the go-to key, while it is being typed.
    pub go_to: Option<String>,
    /// A word about the last thing that happened, shown in the footer until the next key.
    pub notice: Option<String>,
    /// A comment being asked about or typed.
    pub compose: Option<Compose>,
    /// The help over the slide: every key of the presentation, from the keymap.
    pub help: Option<Help>,
}

impl Present {
    /// A presentation of `ws` from its first journey's title slide; of `only` that journey.
    pub fn new(ws: Workspace, keymap: Keymap, only: Option<Id>) -> Self {
        let mut present = Present {
            ws,
            keymap,
            only,
            place: Place::default(),
            scroll: 0,
            page: 1,
            go_to: None,
            notice: None,
            compose: None,
            help: None,
        };
        present.settle();
        present
    }

    /// How many journeys are presented.
    pub fn journey_count(&self) -> usize {
        match self.only {
            Some(id) => usize::from(self.ws.journeys().contains(id)),
            None => self.ws.journeys().len(),
        }
    }

    /// The presented journey at a position.
    pub fn journey_at(&self, at: usize) -> Option<&Journey> {
        match self.only {
            Some(id) => self.ws.journeys().get(id).filter(|_| at == 0),
            None => self.ws.journeys().at(at),
        }
    }

    /// The journey shown now.
    pub fn journey(&self) -> Option<&Journey> {
        self.journey_at(self.place.journey)
    }

    fn journey_position(&self, id: Id) -> Option<usize> {
        match self.only {
            Some(only) => (only == id && self.ws.journeys().contains(id)).then_some(0),
            None => self.ws.journeys().position(id),
        }
    }

    /// The one place the state changes; returns what the loop must do, in order.
    pub fn update(&mut self, msg: PresentMsg) -> Vec<PresentEffect> {
        match msg {
            PresentMsg::Key(event) if event.kind != KeyEventKind::Release => {
                return self.key(event);
            }
            PresentMsg::Key(_) => {}
            PresentMsg::Reloaded(workspace) => {
                let old = std::mem::replace(&mut self.ws, *workspace);
                self.settle();
                self.notice = Some("the file changed on disk: showing it as it is now".into());
                return vec![PresentEffect::Free(Box::new(old))];
            }
            PresentMsg::Notice(words) => self.notice = Some(words),
            PresentMsg::Drawn(drawn) => {
                self.scroll = drawn.scroll;
                self.page = drawn.page.max(1);
                if let Some(help) = &mut self.help {
                    help.page = drawn.help_page;
                }
            }
        }
        Vec::new()
    }

    /// A key: through the keymap, so a key the user moved works here too. A key bound to
    /// nothing here does nothing.
    fn key(&mut self, event: KeyEvent) -> Vec<PresentEffect> {
        let action = self.keymap.lookup(Context::Present, key_of_event(event));
        if action == Some(Action::Suspend) {
            return vec![PresentEffect::Suspend];
        }
        if let Some(help) = &mut self.help {
            // The help's own keys turn its page or close it; any other key is not the slide's
            // yet.
            let action = self.keymap.lookup(Context::Help, key_of_event(event));
            if let Some(action) = action
                && let Outcome::Close = help.handle(action)
            {
                self.help = None;
            }
            return Vec::new();
        }
        if self.compose.is_some() {
            return self.composing(event, action);
        }
        if let Some(typed) = &mut self.go_to {
            match (event.code, action) {
                (KeyCode::Char(digit), _) if digit.is_ascii_digit() => {
                    // A longer number is no step's: the digits after are not taken.
                    typed.extend(Some(digit).filter(|_| typed.len() < NUMBER_DIGITS));
                }
                (KeyCode::Backspace, _) => {
                    typed.pop();
                }
                (_, Some(Action::Jump)) => self.go_to_typed(),
                (_, Some(Action::Quit)) => self.go_to = None,
                _ => {}
            }
            return Vec::new();
        }
        self.notice = None;
        match action {
            Some(Action::Right) => self.next(),
            Some(Action::Left) => self.back(),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(self.page),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(self.page),
            Some(Action::First) => self.go_to = Some(String::new()),
            Some(Action::Last) => {
                let steps = self.journey().map_or(0, |j| j.steps.len());
                self.show(self.place.journey, steps.checked_sub(1));
            }
            Some(Action::Quit) => return vec![PresentEffect::Quit],
            Some(Action::Comment) => self.compose = self.commented().map(Compose::Asking),
            Some(Action::Help) => self.help = Some(Help::new(Context::Present)),
            _ => {}
        }
        Vec::new()
    }

    /// The entry the slide is about: the step shown, or on an overview its journey.
    pub fn commented(&self) -> Option<Target> {
        let journey = self.journey()?;
        Some(match self.place.step {
            Some(at) => Target::Step(journey.steps.get(at)?.id),
            None => Target::Journey(journey.id),
        })
    }

    /// A key while a comment is asked about (the question's keys answer) or typed (text, the
    /// key that goes to a step sends it, the key that leaves cancels it).
    fn composing(&mut self, event: KeyEvent, action: Option<Action>) -> Vec<PresentEffect> {
        match self.compose.take() {
            Some(Compose::Asking(on)) => {
                match self.keymap.lookup(Context::Confirm, key_of_event(event)) {
                    Some(Action::Confirm) => {
                        self.compose = Some(Compose::Typing(on, String::new()))
                    }
                    _ => self.notice = Some("no comment added".into()),
                }
            }
            Some(Compose::Typing(on, mut text)) => match (event.code, action) {
                (KeyCode::Char(c), _) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                    text.push(c);
                    self.compose = Some(Compose::Typing(on, text));
                }
                (KeyCode::Backspace, _) => {
                    text.pop();
                    self.compose = Some(Compose::Typing(on, text));
                }
                (_, Some(Action::Jump)) if !text.trim().is_empty() => {
                    self.notice = Some("adding the comment…".into());
                    return vec![PresentEffect::Comment { on, text }];
                }
                (_, Some(Action::Quit)) => self.notice = Some("no comment added".into()),
                _ => self.compose = Some(Compose::Typing(on, text)),
            },
            None => {}
        }
        Vec::new()
    }

    /// The next slide: the journey's next step, after its last the next journey's title.
    fn next(&mut self) {
        let Place { journey, step, .. } = self.place;
        let steps = self.journey().map_or(0, |j| j.steps.len());
        let after = step.map_or(0, |at| at + 1);
        if after < steps {
            self.show(journey, Some(after));
        } else if journey + 1 < self.journey_count() {
            self.show(journey + 1, None);
        } else {
            self.notice = Some("that was the last slide".into());
        }
    }

    /// The slide before: the step before, before the first the journey's title, before that
    /// the previous journey's last step.
    fn back(&mut self) {
        let Place { journey, step, .. } = self.place;
        match step {
            Some(at) => self.show(journey, at.checked_sub(1)),
            None if journey > 0 => {
                let steps = self.journey_at(journey - 1).map_or(0, |j| j.steps.len());
                self.show(journey - 1, steps.checked_sub(1));
            }
            None => self.notice = Some("this is the first slide".into()),
        }
    }

    /// Goes to the step whose number was typed (0: the journey's title).
    fn go_to_typed(&mut self) {
        let typed = self.go_to.take().unwrap_or_default();
        let steps = self.journey().map_or(0, |j| j.steps.len());
        match typed.parse::<usize>() {
            Ok(0) => self.show(self.place.journey, None),
            Ok(number) if number <= steps => self.show(self.place.journey, Some(number - 1)),
            Ok(number) => {
                self.notice = Some(format!(
                    "no step {number}: this journey has {steps} step{}",
                    if steps == 1 { "" } else { "s" }
                ));
            }
            Err(_) => {}
        }
    }

    /// Shows a slide from its top.
    fn show(&mut self, journey: usize, step: Option<usize>) {
        self.place.journey = journey;
        self.place.step = step;
        self.scroll = 0;
        self.remember_ids();
    }

    fn remember_ids(&mut self) {
        let journey = self.journey();
        let step_id = self
            .place
            .step
            .and_then(|at| journey.and_then(|j| j.steps.get(at)))
            .map(|s| s.id);
        self.place.journey_id = journey.map(|j| j.id);
        self.place.step_id = step_id;
    }

    /// Finds the slide shown again in the workspace as it is now: the same journey and step by
    /// id, and where one is gone the one now at its place (the last, if the list got shorter).
    fn settle(&mut self) {
        let count = self.journey_count();
        let place = self.place;
        let journey = place
            .journey_id
            .and_then(|id| self.journey_position(id))
            .unwrap_or(place.journey.min(count.saturating_sub(1)));
        let steps = self.journey_at(journey).map(|j| j.steps.as_slice());
        let steps = steps.unwrap_or_default();
        let step = place.step.and_then(|at| {
            place
                .step_id
                .and_then(|id| steps.iter().position(|s| s.id == id))
                .or_else(|| steps.len().checked_sub(1).map(|last| at.min(last)))
        });
        if (journey, step) != (place.journey, place.step) {
            self.scroll = 0;
        }
        self.place.journey = journey;
        self.place.step = step;
        self.remember_ids();
    }
}

#[cfg(test)]
mod tests;
