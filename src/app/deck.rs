//! Panes side by side ([`crate::state::deck`]): moving the focus, opening, closing and
//! resizing panes, and moving tabs between them. The focus is the active tab, so everything
//! else works in the focused pane as on the single screen.

use super::App;
use crate::action::Action;
use crate::state::deck::MAX_WEIGHT;

impl App {
    pub(super) fn deck_action(&mut self, action: Action) {
        match action {
            Action::FocusLeft => self.focus_pane(false),
            Action::FocusRight => self.focus_pane(true),
            Action::NewPane => {
                self.state.deck.opening_pane = true;
            }
            Action::MoveTab => self.move_tab(),
            Action::ClosePane => self.close_pane(),
            Action::WidenPane => self.weigh_pane(true),
            Action::NarrowPane => self.weigh_pane(false),
            _ => {}
        }
    }

    fn focus_pane(&mut self, right: bool) {
        let focused = self.state.focused_pane();
        let target = match right {
            true => focused + 1,
            false => focused.wrapping_sub(1),
        };
        match self.state.pane_tab(target) {
            Some(tab) => self.activate(tab),
            None => {
                let side = if right { "right" } else { "left" };
                self.say(format!("no pane on the {side}"), false);
            }
        }
    }

    /// The next tab of the focused pane (or of all tabs while the panes are folded).
    pub(super) fn cycle_tab(&mut self, forward: bool) {
        let pane = self.state.focused_pane();
        let unfolded = self.state.deck_unfolded();
        let tabs: Vec<usize> = (0..self.state.tabs.len())
            .filter(|&i| !unfolded || self.state.tabs[i].pane == pane)
            .collect();
        let Some(at) = tabs.iter().position(|&i| i == self.state.active) else {
            return;
        };
        let next = match forward {
            true => (at + 1) % tabs.len(),
            false => (at + tabs.len() - 1) % tabs.len(),
        };
        self.activate(tabs[next]);
    }

    /// After a timeline was opened (tab `index`) with a new pane asked for: it gets the pane,
    /// right of the focused one.
    pub(super) fn place_in_new_pane(&mut self, index: usize) {
        self.state.deck.opening_pane = false;
        let at = self.state.focused_pane() + 1;
        self.insert_pane(at, index);
    }

    fn insert_pane(&mut self, at: usize, index: usize) {
        for tab in &mut self.state.tabs {
            if tab.pane >= at {
                tab.pane += 1;
            }
        }
        let at = at.min(self.state.deck.widths.len());
        self.state.deck.widths.insert(at, 1);
        self.state.tabs[index].pane = at;
        self.drop_empty_panes();
        self.activate(index);
        self.panes_changed();
    }

    fn move_tab(&mut self) {
        let index = self.state.active;
        let from = self.state.tabs[index].pane;
        let alone = self.state.tabs.iter().filter(|t| t.pane == from).count() == 1;
        match self.state.deck.panes() {
            1 if alone => return self.say("the only tab has the only pane", false),
            1 => return self.insert_pane(1, index),
            panes => self.state.tabs[index].pane = (from + 1) % panes,
        }
        self.drop_empty_panes();
        self.activate(index);
        self.panes_changed();
    }

    fn close_pane(&mut self) {
        let closing = self.state.focused_pane();
        if self.state.deck.panes() == 1 {
            let close_tab = self.state.keymap.label(Action::CloseTab);
            return self.say(format!("one pane only; {close_tab} closes a tab"), false);
        }
        let into = if closing == 0 { 1 } else { closing - 1 };
        for tab in &mut self.state.tabs {
            if tab.pane == closing {
                tab.pane = into;
            }
        }
        self.drop_empty_panes();
        let active = self.state.active;
        self.activate(active);
        self.panes_changed();
    }

    fn weigh_pane(&mut self, wider: bool) {
        let pane = self.state.focused_pane();
        if let Some(weight) = self.state.deck.widths.get_mut(pane) {
            *weight = match wider {
                true => (*weight + 1).min(MAX_WEIGHT),
                false => weight.saturating_sub(1).max(1),
            };
        }
        self.panes_changed();
    }

    /// Panes left without a tab go; the others close up.
    pub(super) fn drop_empty_panes(&mut self) {
        for pane in (0..self.state.deck.widths.len()).rev() {
            if self.state.tabs.iter().any(|t| t.pane == pane) {
                continue;
            }
            self.state.deck.widths.remove(pane);
            for tab in &mut self.state.tabs {
                if tab.pane > pane {
                    tab.pane -= 1;
                }
            }
        }
        if self.state.deck.widths.is_empty() {
            self.state.deck.widths.push(1);
        }
    }

    /// After panes came, went or changed width: views are laid out at their new widths, and
    /// the user hears when the terminal is too narrow to show them.
    fn panes_changed(&mut self) {
        let (columns, rows) = self.state.size;
        self.resize(columns, rows);
        let deck = &self.state.deck;
        if deck.panes() > 1 && !self.state.deck_unfolded() {
            let needed = deck.panes() * usize::from(deck.fold_width);
            self.say(
                format!(
                    "{} panes show side by side from {needed} columns; folded into tabs until then",
                    deck.panes()
                ),
                false,
            );
        }
    }
}

/// Where each account's panes are kept between sessions.
#[derive(Debug)]
pub(super) struct LayoutSlot {
    /// The state directory.
    root: std::path::PathBuf,
    /// The config's own layout: a saved one is used only while it grew from this.
    configured: crate::config::Layout,
    /// Whose layout is in use; `None` keeps none (the demo).
    account: Option<String>,
}

impl App {
    /// Keeps each account's panes under the state directory `root`, `account`'s in use now.
    pub fn keep_layouts_in(
        &mut self,
        root: std::path::PathBuf,
        configured: crate::config::Layout,
        account: Option<String>,
    ) {
        self.layouts = Some(LayoutSlot {
            root,
            configured,
            account,
        });
    }

    /// Saves the panes and tabs open now as the account's layout.
    pub fn save_layout(&self) {
        let Some(slot) = &self.layouts else { return };
        if let Some(account) = &slot.account {
            let path = crate::layouts::path(&slot.root, account);
            crate::layouts::write(&path, &slot.configured, &self.layout());
        }
    }

    /// After an account switch: the panes that account left (or the config's) open next.
    pub(super) fn use_layout_of(&mut self, account: Option<String>) {
        let Some(slot) = &mut self.layouts else {
            return;
        };
        slot.account = account;
        let saved = slot.account.as_ref().and_then(|a| {
            crate::layouts::read(&crate::layouts::path(&slot.root, a), &slot.configured)
        });
        self.start = saved.unwrap_or_else(|| slot.configured.clone());
    }
}
