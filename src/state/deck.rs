//! The deck: tabs arranged in panes on a wide terminal, in columns side by side, a column
//! optionally stacking panes in rows. Each tab belongs to a pane; a pane shows the tab of its
//! own that was active last. The focused pane is the one holding the active tab, so every
//! action works on it as on the single screen. Below `fold_width` columns or `fold_height`
//! rows per pane the panes fold into one row of tabs, as without a deck.

use ratatui::layout::Rect;

use super::{AppState, Tab};
use crate::config::{FOLD_HEIGHT, FOLD_WIDTH};

/// Where a new pane opens, next to the focused one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Right,
    Below,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    /// Relative widths of the columns, left to right.
    pub widths: Vec<u16>,
    /// How many panes each column stacks, top to bottom. Panes are numbered column by column.
    pub rows: Vec<usize>,
    /// Relative heights of the panes, by pane number: a column's panes share its height by
    /// them.
    pub heights: Vec<u16>,
    pub fold_width: u16,
    pub fold_height: u16,
    /// The next timeline opened goes into a new pane on this side of the focused one.
    pub opening: Option<Side>,
}

impl Default for Deck {
    fn default() -> Self {
        Deck {
            widths: vec![1],
            rows: vec![1],
            heights: vec![1],
            fold_width: FOLD_WIDTH,
            fold_height: FOLD_HEIGHT,
            opening: None,
        }
    }
}

impl Deck {
    pub fn panes(&self) -> usize {
        self.rows.iter().sum::<usize>().max(1)
    }

    /// The column and row of `pane`.
    pub fn place(&self, pane: usize) -> (usize, usize) {
        let mut first = 0;
        for (column, rows) in self.rows.iter().enumerate() {
            if pane < first + rows {
                return (column, pane - first);
            }
            first += rows;
        }
        (0, 0)
    }

    /// The pane at `row` of `column`, if there is one.
    pub fn pane_at(&self, column: usize, row: usize) -> Option<usize> {
        let rows = *self.rows.get(column)?;
        (row < rows).then(|| self.rows[..column].iter().sum::<usize>() + row)
    }

    /// Whether `width` x `height` (the screen above the status line) shows the panes apart.
    pub fn unfolded(&self, (width, height): (u16, u16)) -> bool {
        let tallest = self.rows.iter().copied().max().unwrap_or(1);
        self.panes() > 1
            && usize::from(width) >= self.widths.len() * usize::from(self.fold_width)
            && usize::from(height) >= tallest * usize::from(self.fold_height)
    }

    /// Each pane's area within `area` (its first row for its tabs), column by column: the
    /// columns share the width by weight with a separator column between neighbours, the
    /// panes of a column its height by weight.
    pub fn areas(&self, area: Rect) -> Vec<Rect> {
        let mut areas = Vec::with_capacity(self.panes());
        let mut pane = 0;
        for ((x, width), rows) in split(area.width, &self.widths, 1)
            .into_iter()
            .zip(&self.rows)
        {
            let heights: Vec<u16> = (pane..pane + rows)
                .map(|pane| self.heights.get(pane).copied().unwrap_or(1))
                .collect();
            for (y, height) in split(area.height, &heights, 0) {
                areas.push(Rect::new(area.x + x, area.y + y, width, height));
            }
            pane += rows;
        }
        areas
    }
}

/// Where each part starts and how long it is when `length` cells are shared by `weights`,
/// `gap` cells between neighbours; the last part takes what rounding left over.
fn split(length: u16, weights: &[u16], gap: u16) -> Vec<(u16, u16)> {
    let count = weights.len().max(1) as u16;
    let room = u32::from(length.saturating_sub(gap * (count - 1)));
    let total: u32 = weights.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let mut parts = Vec::with_capacity(weights.len());
    let (mut start, mut used, mut shared) = (0, 0, 0);
    for (index, weight) in weights.iter().enumerate() {
        used += u32::from(*weight);
        let end = match index + 1 == weights.len() {
            true => room,
            false => room * used / total,
        };
        let part = end.saturating_sub(shared) as u16;
        parts.push((start, part));
        shared = end;
        start += part + gap;
    }
    parts
}

impl AppState {
    /// Whether the screen shows panes apart now.
    pub fn deck_unfolded(&self) -> bool {
        let (width, height) = self.size;
        self.deck.unfolded((width, height.saturating_sub(1)))
    }

    /// Where each pane is drawn, tab row included: the screen between the top and the
    /// status line.
    pub fn pane_areas(&self) -> Vec<Rect> {
        let (width, height) = self.size;
        self.deck
            .areas(Rect::new(0, 0, width, height.saturating_sub(1)))
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

    /// Columns and rows the active tab's views are drawn in.
    pub fn active_size(&self) -> (u16, u16) {
        self.active_tab()
            .map_or(self.view_area(None), |tab| self.tab_size(tab))
    }

    /// Columns and rows the views of the tab holding view `id` are drawn in.
    pub fn view_size(&self, id: crate::state::ViewId) -> (u16, u16) {
        self.tabs
            .iter()
            .find(|tab| tab.view_ids().any(|v| v == id))
            .map_or(self.view_area(None), |tab| self.tab_size(tab))
    }

    /// Columns and rows the views of `tab` are drawn in.
    pub fn tab_size(&self, tab: &Tab) -> (u16, u16) {
        match self.deck_unfolded() {
            true => self.view_area(Some(tab.pane)),
            false => self.view_area(None),
        }
    }

    /// Columns and rows under the tab row of `pane`, or of the whole screen.
    fn view_area(&self, pane: Option<usize>) -> (u16, u16) {
        let area = pane.and_then(|p| self.pane_areas().get(p).copied());
        match area {
            Some(area) => (area.width, area.height.saturating_sub(1)),
            None => (self.size.0, self.timeline_rows()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_width_by_weight_with_a_separator_between() {
        let deck = Deck {
            widths: vec![1, 1, 1],
            rows: vec![1, 1, 1],
            ..Deck::default()
        };
        assert_eq!(split(200, &deck.widths, 1), [(0, 66), (67, 66), (134, 66)]);
        let deck = Deck {
            widths: vec![2, 1],
            rows: vec![1, 1],
            ..Deck::default()
        };
        assert_eq!(split(121, &deck.widths, 1), [(0, 80), (81, 40)]);
        assert!(deck.unfolded((120, 24)) && !deck.unfolded((119, 24)));
        assert!(
            !Deck::default().unfolded((500, 100)),
            "one pane is the plain screen"
        );
    }

    #[test]
    fn panes_stack_in_a_column_numbered_column_by_column() {
        let deck = Deck {
            widths: vec![1, 1],
            rows: vec![1, 2],
            ..Deck::default()
        };
        assert_eq!(deck.panes(), 3);
        assert_eq!(deck.place(2), (1, 1));
        assert_eq!(deck.pane_at(1, 0), Some(1));
        assert_eq!(deck.pane_at(0, 1), None);
        assert_eq!(
            deck.areas(Rect::new(0, 0, 121, 49)),
            [
                Rect::new(0, 0, 60, 49),
                Rect::new(61, 0, 60, 24),
                Rect::new(61, 24, 60, 25)
            ]
        );
        assert!(deck.unfolded((120, 32)));
        assert!(!deck.unfolded((120, 31)), "two panes of 16 rows need 32");
        let deck = Deck {
            heights: vec![1, 1, 2],
            ..deck
        };
        assert_eq!(
            deck.areas(Rect::new(0, 0, 121, 49))[1..],
            [Rect::new(61, 0, 60, 16), Rect::new(61, 16, 60, 33)],
            "a pane twice as tall as the one above it"
        );
    }
}
