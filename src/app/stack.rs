//! The stack of overlays over the main screen: showing a view (views replace each other), the
//! view shown, and rebuilding its rows when the workspace changed.

use super::action::View;
use super::outcome::Given;
use super::views::{CompareState, ViewJob, ViewState};
use super::{App, Effect, Overlay};
use crate::model::Id;

impl App {
    /// The view shown, under any overlay on top of it.
    pub fn view(&self) -> Option<&ViewState> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::View(view) => Some(view.as_ref()),
            _ => None,
        })
    }

    pub(super) fn show(&mut self, view: View) {
        // Views replace each other rather than pile up; Esc returns to the main screen. The
        // palette alone opens over the view it was called from, so that view's commands (on
        // the row the user sees selected) are offered and run there, and Esc goes back to it.
        if view != View::Palette {
            self.close_views();
        }
        let came_from = self.context();
        let (given, overlays) = self.given_and_overlays();
        let state = ViewState::open(view, came_from, &given);
        overlays.push(Overlay::View(Box::new(state)));
    }

    /// Shows journeys `a` and `b` side by side, in place of any view.
    pub(super) fn show_comparison(&mut self, a: Id, b: Id) {
        self.close_views();
        let (given, overlays) = self.given_and_overlays();
        let state = ViewState::Compare(CompareState::open(a, b, &given));
        overlays.push(Overlay::View(Box::new(state)));
    }

    /// Rebuilds the lists of the open views (a view, and the palette over it) after the
    /// workspace or the day changed.
    pub(super) fn refresh_views(&mut self) {
        let (given, overlays) = self.given_and_overlays();
        for overlay in overlays.iter_mut() {
            if let Overlay::View(view) = overlay {
                view.refresh(&given);
            }
        }
    }

    /// Hands the loop the work the views asked for while the message was handled.
    pub(super) fn take_view_jobs(&mut self) {
        for overlay in &mut self.overlays {
            let Overlay::View(view) = overlay else {
                continue;
            };
            let job = match view.as_mut() {
                ViewState::Inventory(state) => state.take_job().map(ViewJob::Rows),
                ViewState::Calendar(state) => state.take_job().map(ViewJob::Kept),
                _ => None,
            };
            if let Some(job) = job {
                self.effects.push(Effect::Rows(Box::new(job)));
            }
        }
    }

    /// Closes the palette on top, back to the view (or the screen) it was opened from.
    pub(super) fn close_palette(&mut self) {
        if let Some(Overlay::View(view)) = self.overlays.last()
            && matches!(view.as_ref(), ViewState::Palette(_))
        {
            self.overlays.pop();
        }
    }

    /// Runs `change` on the view shown (under any overlay) with what views may read.
    pub(super) fn on_view(&mut self, change: impl FnOnce(&mut ViewState, &Given)) {
        let (given, overlays) = self.given_and_overlays();
        let view = overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::View(view) => Some(view.as_mut()),
            _ => None,
        });
        if let Some(view) = view {
            change(view, &given);
        }
    }

    pub(super) fn close_views(&mut self) {
        while matches!(self.overlays.last(), Some(Overlay::View(_))) {
            self.overlays.pop();
        }
    }
}
