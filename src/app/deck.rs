//! Panes ([`crate::state::deck`]): moving the focus, opening, closing and resizing panes,
//! and moving tabs between them. The focus is the active tab, so everything else works in
//! the focused pane as on the single screen.

use super::{App, Effect};
use crate::action::Action;
use crate::config::MAX_WEIGHT;
use crate::state::deck::Side;

impl App {
    pub(super) fn deck_action(&mut self, action: Action) {
        match action {
            Action::FocusLeft => self.focus_across(false),
            Action::FocusRight => self.focus_across(true),
            Action::FocusUp => self.focus_within(false),
            Action::FocusDown => self.focus_within(true),
            Action::NewPane => self.state.deck.opening = Some(Side::Right),
            Action::NewPaneBelow => self.state.deck.opening = Some(Side::Below),
            Action::MoveTab => self.move_tab(),
            Action::ClosePane => self.close_pane(),
            Action::WidenPane => self.weigh_column(true),
            Action::NarrowPane => self.weigh_column(false),
            Action::TallerPane => self.weigh_pane(true),
            Action::ShorterPane => self.weigh_pane(false),
            _ => {}
        }
    }

    /// To the column on the left or right: its pane level with the middle of the focused one.
    fn focus_across(&mut self, right: bool) {
        let deck = &self.state.deck;
        let (column, row) = deck.place(self.state.focused_pane());
        let target = match right {
            true => column + 1,
            false => column.wrapping_sub(1),
        };
        let pane = deck.rows.get(target).and_then(|&rows| {
            let here = deck.rows[column];
            // The row holding the focused pane's middle, the upper one on a boundary.
            deck.pane_at(target, ((2 * row + 1) * rows - 1) / (2 * here))
        });
        let side = if right { "on the right" } else { "on the left" };
        self.focus(pane, side);
    }

    /// To the pane above or below in the focused column.
    fn focus_within(&mut self, down: bool) {
        let deck = &self.state.deck;
        let (column, row) = deck.place(self.state.focused_pane());
        let target = match down {
            true => row + 1,
            false => row.wrapping_sub(1),
        };
        let side = if down { "below" } else { "above" };
        self.focus(deck.pane_at(column, target), side);
    }

    fn focus(&mut self, pane: Option<usize>, side: &str) {
        match pane.and_then(|pane| self.state.pane_tab(pane)) {
            Some(tab) => self.activate(tab),
            None => self.say(format!("no pane {side}"), false),
        }
    }

    /// Whether a pane action can mean anything here: moving the focus needs a second pane.
    /// (At the edge of a deck it still says there is no pane that way.)
    pub(super) fn deck_would_act(&self, action: Action) -> bool {
        let moves_focus = matches!(
            action,
            Action::FocusLeft | Action::FocusRight | Action::FocusUp | Action::FocusDown
        );
        !moves_focus || self.state.deck.panes() > 1
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
    /// on `side` of the focused one.
    pub(super) fn place_in_new_pane(&mut self, index: usize, side: Side) {
        self.state.deck.opening = None;
        self.insert_pane(side, index);
    }

    /// A new pane for tab `index`: a new column right of the focused pane's, or a pane below
    /// the focused one in its column.
    fn insert_pane(&mut self, side: Side, index: usize) {
        let deck = &mut self.state.deck;
        let focused = self.state.tabs[self.state.active].pane;
        let (column, row) = deck.place(focused);
        let at = match side {
            Side::Right => {
                deck.widths.insert(column + 1, 1);
                deck.rows.insert(column + 1, 1);
                deck.pane_at(column + 1, 0)
            }
            Side::Below => {
                deck.rows[column] += 1;
                deck.pane_at(column, row + 1)
            }
        }
        .unwrap_or(0);
        deck.heights.insert(at.min(deck.heights.len()), 1);
        for tab in self.state.tabs.iter_mut().filter(|t| t.pane >= at) {
            tab.pane += 1;
        }
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
            1 => return self.insert_pane(Side::Right, index),
            panes => self.state.tabs[index].pane = (from + 1) % panes,
        }
        self.drop_empty_panes();
        self.activate(index);
        self.panes_changed();
    }

    /// Its tabs join the pane above (or below) in its column, else the column beside it.
    fn close_pane(&mut self) {
        let deck = &self.state.deck;
        let closing = self.state.focused_pane();
        if deck.panes() == 1 {
            let close_tab = self.state.keymap.label(Action::CloseTab);
            return self.say(format!("one pane only; {close_tab} closes a tab"), false);
        }
        let (column, row) = deck.place(closing);
        let into = match (deck.rows[column] > 1, row, column) {
            (true, 0, _) => closing + 1,
            (true, _, _) => closing - 1,
            (false, _, 0) => closing + 1,
            (false, _, _) => closing - 1,
        };
        for tab in self.state.tabs.iter_mut().filter(|t| t.pane == closing) {
            tab.pane = into;
        }
        self.drop_empty_panes();
        let active = self.state.active;
        self.activate(active);
        self.panes_changed();
    }

    fn weigh_column(&mut self, wider: bool) {
        let (column, _) = self.state.deck.place(self.state.focused_pane());
        if let Some(weight) = self.state.deck.widths.get_mut(column) {
            *weight = weigh(*weight, wider);
        }
        self.panes_changed();
    }

    fn weigh_pane(&mut self, taller: bool) {
        let deck = &mut self.state.deck;
        let pane = self.state.tabs[self.state.active].pane;
        let (column, _) = deck.place(pane);
        if deck.rows[column] == 1 {
            let below = self.state.keymap.label(Action::NewPaneBelow);
            return self.say(
                format!(
                    "the only pane in its column has its whole height; {below} opens one below"
                ),
                false,
            );
        }
        if let Some(weight) = deck.heights.get_mut(pane) {
            *weight = weigh(*weight, taller);
        }
        self.panes_changed();
    }

    /// Panes left without a tab go, and columns left without a pane; the others close up.
    pub(super) fn drop_empty_panes(&mut self) {
        for pane in (0..self.state.deck.panes()).rev() {
            if self.state.tabs.iter().any(|t| t.pane == pane) {
                continue;
            }
            let deck = &mut self.state.deck;
            let (column, _) = deck.place(pane);
            if pane < deck.heights.len() {
                deck.heights.remove(pane);
            }
            deck.rows[column] -= 1;
            if deck.rows[column] == 0 {
                deck.rows.remove(column);
                deck.widths.remove(column);
            }
            for tab in self.state.tabs.iter_mut().filter(|t| t.pane > pane) {
                tab.pane -= 1;
            }
        }
        if self.state.deck.rows.is_empty() {
            self.state.deck.rows.push(1);
            self.state.deck.widths.push(1);
            self.state.deck.heights = vec![1];
        }
    }

    /// After panes came, went or changed width: views are laid out at their new sizes, and
    /// the user hears when the terminal is too small to show them.
    fn panes_changed(&mut self) {
        let (columns, rows) = self.state.size;
        self.resize(columns, rows);
        self.say_if_folded();
    }

    /// Says why the panes show as tabs, and how large a window shows them apart, when the
    /// window is too small for them.
    pub(super) fn say_if_folded(&mut self) {
        let deck = &self.state.deck;
        if deck.panes() > 1 && !self.state.deck_unfolded() {
            let tallest = deck.rows.iter().copied().max().unwrap_or(1);
            let width = deck.rows.len() * usize::from(deck.fold_width);
            // The status line below the panes.
            let height = tallest * usize::from(deck.fold_height) + 1;
            self.say(
                format!(
                    "{} panes show apart from a {width}x{height} window; folded into tabs until then",
                    deck.panes()
                ),
                false,
            );
        }
    }
}

/// A column's width or a pane's height one step up or down, within 1 to `MAX_WEIGHT`.
fn weigh(weight: u16, up: bool) -> u16 {
    match up {
        true => (weight + 1).min(MAX_WEIGHT),
        false => weight.saturating_sub(1).max(1),
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

    /// Asks for the panes and tabs open now to be saved as the account's layout.
    pub fn save_layout(&mut self) {
        let Some(slot) = &self.layouts else { return };
        if let Some(account) = &slot.account
            && let Some(text) = crate::layouts::encode(&slot.configured, &self.layout())
        {
            let path = crate::layouts::path(&slot.root, account);
            self.effects.push(Effect::SaveLayout { path, text });
        }
    }

    /// Where `account` keeps its layout, and the config's layout a saved one must have grown
    /// from to be used: for the effect that reads it when switching to that account.
    pub fn layout_file_of(
        &self,
        account: Option<&str>,
    ) -> Option<(std::path::PathBuf, &crate::config::Layout)> {
        let slot = self.layouts.as_ref()?;
        Some((crate::layouts::path(&slot.root, account?), &slot.configured))
    }

    /// After an account switch: the panes that account left (`saved`, or else the config's)
    /// open next.
    pub(super) fn use_layout_of(
        &mut self,
        account: Option<String>,
        saved: Option<crate::config::Layout>,
    ) {
        let Some(slot) = &mut self.layouts else {
            return;
        };
        slot.account = account;
        self.start = saved.unwrap_or_else(|| slot.configured.clone());
    }
}
