//! What each pane drew last, kept to put back without laying the pane out again while nothing
//! it shows changed: the same tab revision ([`crate::state::Tracked`]), the same revisions of
//! the posts it read, the same area, and no time it shows ("5m" ago, "ends in 2d") reading
//! differently by now. The settings drawing
//! reads besides (keys, theme) are fixed for the session. A pane's links are made hyperlinks
//! before it is kept, so its cells go back as they are.

use ratatui::Frame;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::links;
use crate::state::AppState;

#[derive(Default)]
pub struct PaneCache {
    panes: Vec<Drawn>,
    /// What the last frame drew of the pictures, for the app's upkeep of them.
    pub pictures: crate::state::previews::Drawn,
    /// Panes laid out in the last frame (the others were put back as they were).
    laid_out: usize,
}

struct Drawn {
    area: Rect,
    tab: u64,
    /// The second at which a time it shows changes (`None`: none will).
    changes_at: Option<i64>,
    hyperlinks: bool,
    posts: Vec<(String, u64)>,
    cells: Vec<Cell>,
    used: bool,
}

impl PaneCache {
    /// Panes laid out in the last frame.
    pub fn laid_out(&self) -> usize {
        self.laid_out
    }

    /// Whether a time a kept pane shows reads differently at `now` ("42s" has become "43s"),
    /// so the screen is out of date.
    pub fn outdated(&self, now: jiff::Timestamp) -> bool {
        let now = now.as_second();
        self.panes
            .iter()
            .any(|pane| pane.changes_at.is_some_and(|at| at <= now))
    }

    pub(super) fn begin_frame(&mut self) {
        self.laid_out = 0;
        for pane in &mut self.panes {
            pane.used = false;
        }
    }

    /// Forgets the panes the frame did not draw (closed, moved, resized).
    pub(super) fn end_frame(&mut self) {
        self.panes.retain(|pane| pane.used);
    }

    /// Puts back what the tab of revision `tab` drew in `area` if nothing it shows changed,
    /// else draws it with `draw` and keeps that.
    pub(super) fn draw(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        state: &AppState,
        tab: u64,
        draw: impl FnOnce(&mut Frame),
    ) {
        let now = state.now.as_second();
        let at = self.panes.iter().position(|pane| pane.area == area);
        if let Some(pane) = at.map(|at| &mut self.panes[at])
            && pane.tab == tab
            && pane.changes_at.is_none_or(|at| now < at)
            && pane.hyperlinks == state.hyperlinks
            && state.posts.unchanged(&pane.posts)
        {
            pane.used = true;
            put_back(frame.buffer_mut(), area, pane);
            return;
        }
        self.laid_out += 1;
        let (changes_at, posts) = state.posts.watch(|| {
            super::post::watch_times(|| match state.hyperlinks {
                true => {
                    let links = links::collect(|| draw(frame));
                    links::apply(frame.buffer_mut(), area, &links);
                }
                false => draw(frame),
            })
        });
        let drawn = Drawn {
            area,
            tab,
            changes_at,
            hyperlinks: state.hyperlinks,
            posts,
            cells: cells_of(frame.buffer_mut(), area),
            used: true,
        };
        match at {
            Some(at) => self.panes[at] = drawn,
            None => self.panes.push(drawn),
        }
    }
}

/// The cells of `area`, row after row.
fn cells_of(buffer: &Buffer, area: Rect) -> Vec<Cell> {
    let area = area.intersection(buffer.area);
    let mut cells = Vec::with_capacity(area.area() as usize);
    for y in area.top()..area.bottom() {
        let start = buffer.index_of(area.x, y);
        cells.extend_from_slice(&buffer.content[start..start + usize::from(area.width)]);
    }
    cells
}

fn put_back(buffer: &mut Buffer, area: Rect, pane: &Drawn) {
    let area = area.intersection(buffer.area);
    let width = usize::from(area.width);
    for (row, y) in (area.top()..area.bottom()).enumerate() {
        let start = buffer.index_of(area.x, y);
        buffer.content[start..start + width]
            .clone_from_slice(&pane.cells[row * width..(row + 1) * width]);
    }
}
