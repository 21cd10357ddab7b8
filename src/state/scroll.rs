//! The selection and scroll position every list-like view shares (timelines, threads,
//! profiles). The view is anchored on the selected row: `selected_row` is the screen row where
//! its top is drawn, so rows arriving above it shift indices, not what the reader sees.
//! Heights come from the view (they depend on the terminal width).

use super::posts::Placement;

/// Screen rows row `index` takes.
pub type RowHeight<'a> = &'a dyn Fn(usize) -> u16;

/// Screen rows a post takes, shown as placed (the views' rows are made of these).
pub type PostHeight<'a> = &'a dyn Fn(Option<&str>, &Placement) -> u16;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub selected: usize,
    pub selected_row: u16,
}

impl Scroll {
    /// Moves the selection to `index` of `len` rows, keeping the newly selected row fully on
    /// screen when it fits.
    pub fn select(&mut self, index: usize, len: usize, height: RowHeight, viewport: u16) {
        if len == 0 {
            return;
        }
        let index = index.min(len - 1);
        let from = self.selected.min(len - 1);
        let mut row = i64::from(self.selected_row);
        if index > from {
            row += (from..index).map(|i| i64::from(height(i))).sum::<i64>();
        } else {
            row -= (index..from).map(|i| i64::from(height(i))).sum::<i64>();
        }
        let lowest_row = (i64::from(viewport) - i64::from(height(index))).max(0);
        self.selected = index;
        self.selected_row = row.clamp(0, lowest_row) as u16;
        self.clamp_top(height);
    }

    /// No empty space above the first row.
    pub fn clamp_top(&mut self, height: RowHeight) {
        let mut above: u32 = 0;
        for index in (0..self.selected).rev() {
            above += u32::from(height(index));
            if above >= u32::from(self.selected_row) {
                return;
            }
        }
        self.selected_row = above as u16;
    }

    /// One screen down: the first row that starts below the screen comes to the top.
    pub fn page_down(&mut self, len: usize, height: RowHeight, viewport: u16) {
        let mut row = u32::from(self.selected_row);
        let mut index = self.selected;
        while index + 1 < len && row < u32::from(viewport) {
            row += u32::from(height(index));
            index += 1;
        }
        if index != self.selected {
            self.selected = index;
            self.selected_row = 0;
        }
    }

    /// One screen up.
    pub fn page_up(&mut self, height: RowHeight, viewport: u16) {
        let mut climbed = 0u32;
        let mut index = self.selected;
        while index > 0 && climbed < u32::from(viewport) {
            index -= 1;
            climbed += u32::from(height(index));
        }
        self.selected = index;
        self.selected_row = 0;
    }
}

/// A view made of rows, scrolled with a [`Scroll`]: it says how many rows it has and how tall
/// each is, and gets selection and paging.
pub trait Scrolled {
    fn scroll(&self) -> Scroll;
    fn set_scroll(&mut self, scroll: Scroll);
    fn row_count(&self) -> usize;
    fn row_height(&self, index: usize, height: PostHeight) -> u16;
    /// Called after the selection moved.
    fn moved(&mut self) {}

    fn select(&mut self, index: usize, height: PostHeight, viewport: u16) {
        let mut scroll = self.scroll();
        scroll.select(
            index,
            self.row_count(),
            &|i| self.row_height(i, height),
            viewport,
        );
        self.set_scroll(scroll);
        self.moved();
    }

    fn page_down(&mut self, height: PostHeight, viewport: u16) {
        let mut scroll = self.scroll();
        scroll.page_down(self.row_count(), &|i| self.row_height(i, height), viewport);
        self.set_scroll(scroll);
        self.moved();
    }

    fn page_up(&mut self, height: PostHeight, viewport: u16) {
        let mut scroll = self.scroll();
        scroll.page_up(&|i| self.row_height(i, height), viewport);
        self.set_scroll(scroll);
        self.moved();
    }
}
