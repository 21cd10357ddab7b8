//! A timeline as the instant-start cache keeps it, and its place in the shared scrolling.

use super::*;

/// The newest rows of a timeline with where the user was in them, as the cache keeps them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CachedTimeline {
    pub kind: TimelineKind,
    pub rows: Vec<Row>,
    pub older: Option<String>,
    pub reached_end: bool,
    pub newest_seen: Option<String>,
    /// The selected entry and its screen row, when it is among the rows kept.
    pub selected: Option<(String, u16)>,
}

impl Timeline {
    /// Its newest `limit` rows to keep in the cache, with their cursor; `None` for a timeline
    /// with nothing to keep (not loaded, or in the server's own order, which a fresh page
    /// replaces whole).
    pub fn cached(&self, limit: usize) -> Option<CachedTimeline> {
        if !self.loaded || self.in_server_order() || self.rows.is_empty() {
            return None;
        }
        // The newest rows, or, for a reader further down, the rows around them (the refresh
        // at the next start then meets the newest kept, or leaves a gap row above them).
        let start = match self.scroll.selected >= limit {
            true => self.scroll.selected - limit / 2,
            false => 0,
        };
        let end = self.rows.len().min(start + limit);
        let mut rows = self.rows[start..end].to_vec();
        while matches!(rows.last(), Some(Row::Gap(_))) {
            rows.pop();
        }
        while matches!(rows.first(), Some(Row::Gap(_))) {
            rows.remove(0);
        }
        let cut = start + rows.len() < self.rows.len();
        let older = match cut {
            // Scrolling on continues below the oldest row kept.
            true => rows
                .iter()
                .rev()
                .find_map(|r| r.entry().filter(|e| !e.pinned).map(|e| e.id.clone())),
            false => self.older.clone(),
        };
        let selected = self
            .selected_entry()
            .filter(|e| rows.iter().any(|r| r.entry().is_some_and(|r| r.id == e.id)))
            .map(|e| (e.id.clone(), self.scroll.selected_row));
        Some(CachedTimeline {
            kind: self.kind.clone(),
            rows,
            older,
            reached_end: self.reached_end && !cut,
            newest_seen: self.newest_seen.clone(),
            selected,
        })
    }

    /// Shows rows saved at `saved_at` until the server answers. A refresh already asked for
    /// then meets them (or leaves a gap row where it does not), as for any loaded timeline.
    pub fn restore(&mut self, cached: CachedTimeline, saved_at: jiff::Timestamp) {
        if self.loaded {
            return; // the server was quicker
        }
        self.rows = cached.rows;
        self.older = cached.older;
        self.reached_end = cached.reached_end;
        self.newest_seen = cached.newest_seen;
        self.loaded = true;
        self.cached_at = Some(saved_at);
        if let Some((id, row)) = cached.selected
            && let Some(at) = self
                .rows
                .iter()
                .position(|r| r.entry().is_some_and(|e| e.id == id))
        {
            self.scroll.selected = at;
            self.scroll.selected_row = row;
        }
        if self.loading.newer {
            self.refresh_from = self.newest_id();
        }
    }
}

impl Scrolled for Timeline {
    fn scroll(&self) -> Scroll {
        self.scroll
    }

    fn set_scroll(&mut self, scroll: Scroll) {
        self.scroll = scroll;
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn row_height(&self, index: usize, height: PostHeight) -> u16 {
        self.height_of(height, &self.rows[index])
    }

    fn moved(&mut self) {
        self.mark_seen();
    }
}
