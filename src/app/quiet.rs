//! What a tab leaves out: boosts, replies. Set per tab from the config (`[general]
//! hide_boosts`, `hide_replies`), changed with a key, kept in the saved layout.

use super::App;
use crate::api::{Quiet, TimelineKind};
use crate::ui::words::Title;

impl App {
    /// What the tab `kind` leaves out.
    pub(super) fn quiet_for(&self, kind: &TimelineKind) -> Quiet {
        self.quiet
            .iter()
            .find(|(tab, _)| tab.same_timeline(kind))
            .map(|(_, quiet)| *quiet)
            .unwrap_or_default()
    }

    /// Leaves boosts (`boosts`) or replies out of the tab on screen, or shows them again: out
    /// at once; back with a reload of the tab.
    pub(super) fn toggle_quiet(&mut self, boosts: bool) {
        let Some(tab) = self.state.tabs.get_mut(self.state.active) else {
            return;
        };
        let timeline = &mut tab.timeline;
        let mut quiet = timeline.quiet;
        let hidden = match boosts {
            true => {
                quiet.boosts = !quiet.boosts;
                quiet.boosts
            }
            false => {
                quiet.replies = !quiet.replies;
                quiet.replies
            }
        };
        let kind = timeline.kind.clone();
        timeline.quieten(quiet, &self.state.posts);
        let what = if boosts {
            self.words().boosts()
        } else {
            "replies"
        };
        let title = kind.title(self.words());
        self.quiet.retain(|(tab, _)| !tab.same_timeline(&kind));
        if quiet != Quiet::default() {
            self.quiet.push((kind, quiet));
        }
        if hidden {
            self.say(format!("{what} left out of {title}"), false);
        } else {
            self.say(format!("{what} shown again in {title}"), false);
            // What was left out never reached the tab: load it afresh.
            let index = self.state.active;
            self.state.tabs[index].timeline.reset();
            self.refresh(index);
        }
        self.save_layout();
    }
}
