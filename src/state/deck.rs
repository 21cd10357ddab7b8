//! The deck: tabs arranged in panes side by side on a wide terminal. Each tab belongs to a
//! pane (a column); a pane shows the tab of its own that was active last. The focused pane is
//! the one holding the active tab, so every action works on it as on the single screen. Below
//! `fold_width` columns per pane the panes fold into one row of tabs, as without a deck.

use super::{AppState, Tab};

/// Columns a pane needs at least before panes fold into tabs, unless the config says.
pub const FOLD_WIDTH: u16 = 60;

/// The widest a pane grows relative to the others.
pub const MAX_WEIGHT: u16 = 9;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    /// Relative widths of the panes, left to right; one entry per pane.
    pub widths: Vec<u16>,
    pub fold_width: u16,
    /// The next timeline opened goes into a new pane, right of the focused one.
    pub opening_pane: bool,
}

impl Default for Deck {
    fn default() -> Self {
        Deck {
            widths: vec![1],
            fold_width: FOLD_WIDTH,
            opening_pane: false,
        }
    }
}

impl Deck {
    pub fn panes(&self) -> usize {
        self.widths.len().max(1)
    }

    /// Whether `width` columns show the panes side by side.
    pub fn unfolded(&self, width: u16) -> bool {
        self.panes() > 1 && usize::from(width) >= self.panes() * usize::from(self.fold_width)
    }

    /// Each pane's first column and width within `width` columns, a separator column between
    /// neighbours.
    pub fn columns(&self, width: u16) -> Vec<(u16, u16)> {
        let panes = self.panes() as u16;
        let room = width.saturating_sub(panes - 1);
        let total: u32 = self
            .widths
            .iter()
            .map(|w| u32::from(*w))
            .sum::<u32>()
            .max(1);
        let mut columns = Vec::with_capacity(self.widths.len());
        let mut x: u16 = 0;
        let mut used: u32 = 0;
        for (index, weight) in self.widths.iter().enumerate() {
            used += u32::from(*weight);
            // The last pane takes what rounding left over.
            let end = match index + 1 == self.widths.len() {
                true => u32::from(room),
                false => u32::from(room) * used / total,
            };
            let start = u32::from(x.saturating_sub(index as u16));
            let pane_width = end.saturating_sub(start) as u16;
            columns.push((x, pane_width));
            x += pane_width + 1;
        }
        columns
    }
}

impl AppState {
    /// Whether the screen shows panes side by side now.
    pub fn deck_unfolded(&self) -> bool {
        self.deck.unfolded(self.size.0)
    }

    /// The tab a pane shows: the one of its tabs that was active last.
    pub fn pane_tab(&self, pane: usize) -> Option<usize> {
        self.tabs
            .iter()
            .enumerate()
            .filter(|(_, tab)| tab.pane == pane)
            .max_by_key(|(_, tab)| tab.shown)
            .map(|(index, _)| index)
    }

    /// The pane with the focus (the active tab's).
    pub fn focused_pane(&self) -> usize {
        self.active_tab().map_or(0, |tab| tab.pane)
    }

    /// Columns the active tab's views are drawn in.
    pub fn active_width(&self) -> u16 {
        self.active_tab()
            .map_or(self.size.0, |tab| self.tab_width(tab))
    }

    /// Columns the views of the tab holding view `id` are drawn in.
    pub fn view_width(&self, id: crate::fetcher::ViewId) -> u16 {
        self.tabs
            .iter()
            .find(|tab| tab.view_ids().any(|v| v == id))
            .map_or(self.size.0, |tab| self.tab_width(tab))
    }

    /// Columns the views of `tab` are drawn in.
    pub fn tab_width(&self, tab: &Tab) -> u16 {
        if !self.deck_unfolded() {
            return self.size.0;
        }
        self.deck
            .columns(self.size.0)
            .get(tab.pane)
            .map_or(self.size.0, |(_, width)| *width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_width_by_weight_with_a_separator_between() {
        let deck = Deck {
            widths: vec![1, 1, 1],
            ..Deck::default()
        };
        assert_eq!(deck.columns(200), [(0, 66), (67, 66), (134, 66)]);
        let deck = Deck {
            widths: vec![2, 1],
            ..Deck::default()
        };
        assert_eq!(deck.columns(121), [(0, 80), (81, 40)]);
        assert!(deck.unfolded(120) && !deck.unfolded(119));
        assert!(
            !Deck::default().unfolded(500),
            "one pane is the plain screen"
        );
    }
}
