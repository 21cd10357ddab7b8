//! One timeline: its rows (entries newest first, and gap rows where posts may be missing),
//! cursors, load state and view position. Rows name posts by id; the posts themselves are in
//! the [`PostStore`], shared with every other view.
//!
//! Refreshing never assumes that a page of newer posts is adjacent to what is loaded (servers
//! differ in `min_id`): it loads the newest page, and when that page is full and does not reach
//! the newest loaded post, the space between becomes a [`Gap`], filled downward with
//! `max_id` + `since_id` pages. A refresh fetches at most [`MAX_REFRESH_PAGES`] pages; what is
//! left stays a visible gap row the user can load from.

use std::collections::HashSet;

use super::posts::{Placement, PostStore};
use super::scroll::{PostHeight, Scroll, Scrolled};
use crate::api::{Entry, Filtered, Page, PageRequest, TimelineKind, compare_ids};
use crate::state::ViewId;

mod cached;
mod changes;
mod rows;
#[cfg(test)]
mod tests;

pub use cached::CachedTimeline;
use rows::{Anchor, fold_groups};
pub use rows::{EntryRef, Gap, Loading, Row};

/// What the status line says about a timeline's loading, until it goes (worded by `ui`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadNotice {
    /// A refresh or gap load ended with `count` new entries; `gaps`: gap rows are left to load.
    Arrived { count: usize, gaps: bool },
    /// A request failed and is tried again: the fetcher's words for why and when.
    Retrying(String),
}

/// Start loading older posts when the selection is this close to the end.
const PRELOAD_MARGIN: usize = 5;

/// Pages one refresh (or one gap load) fetches at most, however long the user was away.
pub const MAX_REFRESH_PAGES: u8 = 5;

/// Screen rows a gap row takes.
const GAP_HEIGHT: u16 = 1;

#[derive(Debug, Clone)]
pub struct Timeline {
    pub id: ViewId,
    pub kind: TimelineKind,
    pub rows: Vec<Row>,
    /// Cursor for the next older page; `None` before the first load.
    pub older: Option<String>,
    /// A first page has arrived.
    pub loaded: bool,
    /// The server has nothing older.
    pub reached_end: bool,
    pub loading: Loading,
    /// The last older-page load failed: do not retry on every key press.
    pub older_failed: bool,
    pub scroll: Scroll,
    /// The newest entry the user has had selected; newer ones count as new.
    pub newest_seen: Option<String>,
    /// The user's own posts put in as they were sent: not news to them, so never counted as
    /// unread, and they move nothing the user has read.
    own: HashSet<String>,
    pub error: Option<String>,
    pub notice: Option<LoadNotice>,
    /// When an arrival notice ("no new posts") was given: it goes after a while, like a
    /// message, so it never contradicts the unread count for long.
    pub noticed_at: Option<jiff::Timestamp>,
    /// A request of this timeline failed and waits to be tried again (`r` tries at once).
    pub waiting_to_retry: bool,
    /// Bumped when the timeline is reset, so answers to older requests are dropped.
    pub generation: u64,
    pub revealed: HashSet<String>,
    /// The reading position to open at once it is loaded (home, notifications).
    pub read_at: Option<String>,
    /// The newest entry when the running refresh was asked for: a newer page that does not
    /// reach it leaves a gap, whatever the stream brought meanwhile.
    refresh_from: Option<String>,
    /// Pages the running refresh or gap load may still fetch.
    pages_left: u8,
    /// New posts the running refresh or gap load brought so far.
    arrived: usize,
    /// The running refresh is skua's own (a poll, the stream back): it says only what came,
    /// not "no new posts" the reader did not ask about.
    unasked: bool,
    /// When the rows shown were saved, while they come from the cache (until the server
    /// answers).
    pub cached_at: Option<jiff::Timestamp>,
    /// What this tab leaves out: boosts, replies.
    pub quiet: crate::api::Quiet,
}

impl Timeline {
    pub fn new(id: ViewId, kind: TimelineKind) -> Self {
        Timeline {
            id,
            kind,
            rows: Vec::new(),
            older: None,
            loaded: false,
            reached_end: false,
            loading: Loading::default(),
            older_failed: false,
            scroll: Scroll::default(),
            newest_seen: None,
            own: HashSet::new(),
            error: None,
            notice: None,
            noticed_at: None,
            waiting_to_retry: false,
            generation: 0,
            revealed: HashSet::new(),
            read_at: None,
            refresh_from: None,
            pages_left: 0,
            arrived: 0,
            unasked: false,
            cached_at: None,
            quiet: Default::default(),
        }
    }

    /// Whether it shows the cache's rows and the server has not been asked for fresh ones.
    pub fn needs_fresh_rows(&self) -> bool {
        (!self.loaded || self.cached_at.is_some()) && self.error.is_none() && !self.is_loading()
    }

    /// Forgets every post and cursor (the timeline's content changed on the server); answers
    /// to requests made before are dropped.
    pub fn reset(&mut self) {
        let generation = self.generation + 1;
        let quiet = self.quiet;
        *self = Timeline::new(self.id, self.kind.clone());
        self.generation = generation;
        self.quiet = quiet;
    }

    /// Drops the answers to the requests in flight when they come (what they bring was read
    /// under settings changed since), so the timeline can be asked for again.
    pub fn drop_answers_in_flight(&mut self) {
        self.generation += 1;
        self.loading = Loading::default();
        for row in &mut self.rows {
            if let Row::Gap(gap) = row {
                gap.loading = false;
            }
        }
    }

    /// Whether this tab leaves `entry` out (a boost, a reply), as the user chose; the
    /// notifications are never left out.
    /// Whether `entry` stays out of this timeline: a filter hides its post, or it is a boost
    /// or reply the timeline is quiet about.
    fn leaves_out(&self, entry: &Entry) -> bool {
        let post = entry.post.as_ref();
        post.is_some_and(|p| p.filtered == Some(Filtered::Hide))
            || entry.notice.is_none()
                && self.quiet.hides(
                    entry.boosted_by.is_some(),
                    post.is_some_and(|p| p.in_reply_to.is_some()),
                )
    }

    /// Leaves out what `quiet` says from now on, and the rows already shown that it covers
    /// (what it no longer covers comes back with the next load).
    pub fn quieten(&mut self, quiet: crate::api::Quiet, store: &PostStore) {
        self.quiet = quiet;
        let keep = self.selected_key();
        self.rows.retain(|row| match row {
            Row::Entry(entry) if entry.notice.is_none() => !quiet.hides(
                entry.boosted_by.is_some(),
                entry
                    .post
                    .as_deref()
                    .and_then(|id| store.get(id))
                    .is_some_and(|p| p.in_reply_to.is_some()),
            ),
            _ => true,
        });
        self.reselect(keep.as_ref());
    }

    /// Takes out the posts a filter now hides.
    pub fn drop_hidden(&mut self, store: &PostStore) {
        let keep = self.selected_key();
        self.rows.retain(|row| match row {
            Row::Entry(entry) => !entry
                .post
                .as_deref()
                .and_then(|id| store.get(id))
                .is_some_and(|p| p.filtered == Some(Filtered::Hide)),
            Row::Gap(_) => true,
        });
        self.reselect(keep.as_ref());
    }

    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &EntryRef> {
        self.rows.iter().filter_map(Row::entry)
    }

    pub fn gaps(&self) -> impl Iterator<Item = &Gap> {
        self.rows.iter().filter_map(|row| match row {
            Row::Gap(gap) => Some(gap),
            Row::Entry(_) => None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The selected entry; `None` when nothing or a gap row is selected.
    pub fn selected_entry(&self) -> Option<&EntryRef> {
        self.rows.get(self.scroll.selected).and_then(Row::entry)
    }

    pub fn is_loading(&self) -> bool {
        self.loading.newer || self.loading.older || self.gaps().any(|g| g.loading)
    }

    /// Bookmarks and favourites come in the order they were made, not by post id (Mastodon
    /// pages them by ids of its own): they are kept as the server sends them.
    pub fn in_server_order(&self) -> bool {
        matches!(
            self.kind,
            TimelineKind::Bookmarks | TimelineKind::Favourites
        )
    }

    /// Posts newer than anything the user has selected.
    pub fn new_count(&self) -> usize {
        match &self.newest_seen {
            None => 0,
            Some(_) if self.in_server_order() => 0,
            Some(seen) => self
                .entries()
                .filter(|e| !e.pinned)
                .take_while(|e| compare_ids(&e.id, seen).is_gt())
                .filter(|e| !self.own.contains(&e.id))
                .count(),
        }
    }

    fn newest_id(&self) -> Option<String> {
        self.entries().find(|e| !e.pinned).map(|e| e.id.clone())
    }

    /// The request that brings this timeline up to date: always the newest page.
    pub fn refresh_request(&mut self) -> Option<PageRequest> {
        if self.loading.newer {
            return None;
        }
        // A list in the server's own order has no ids to meet in the middle by: it is loaded
        // again from the top.
        if self.in_server_order() && self.loaded {
            self.reset();
        }
        self.loading.newer = true;
        self.older_failed = false;
        self.pages_left = MAX_REFRESH_PAGES - 1;
        self.arrived = 0;
        self.unasked = false;
        self.refresh_from = self.newest_id();
        Some(PageRequest::Latest)
    }

    /// The request that catches this timeline up with what came after its newest post (when
    /// the stream connects again, on each poll): only the newer posts where the server pages
    /// by the ids shown, so nothing new costs an empty answer; otherwise a refresh.
    /// Conversations are paged by the server's own cursor, and a list in the server's order
    /// has no ids to page by: those are refreshed, and so are rows from the cache (the newest
    /// page brings their counts and edits up to date).
    pub fn catch_up_request(&mut self) -> Option<PageRequest> {
        let pages_by_id = !self.in_server_order() && self.kind != TimelineKind::Direct;
        let fresh = self.loaded && self.cached_at.is_none();
        let since = self.newest_id().filter(|_| fresh && pages_by_id);
        let refresh = self.refresh_request()?;
        self.unasked = true;
        Some(since.map_or(refresh, PageRequest::Newer))
    }

    /// The request that loads the selected gap row from its top edge, if one is selected.
    pub fn gap_request(&mut self) -> Option<PageRequest> {
        let Some(Row::Gap(gap)) = self.rows.get_mut(self.scroll.selected) else {
            return None;
        };
        if gap.loading {
            return None;
        }
        gap.loading = true;
        self.pages_left = MAX_REFRESH_PAGES - 1;
        self.arrived = 0;
        self.unasked = false;
        Some(gap.request())
    }

    /// Whether a gap row is selected.
    pub fn gap_selected(&self) -> bool {
        matches!(self.rows.get(self.scroll.selected), Some(Row::Gap(_)))
    }

    /// The request for older posts, if the selection is near the end and one is due.
    pub fn older_request_if_due(&mut self) -> Option<PageRequest> {
        let near_end = self.scroll.selected + PRELOAD_MARGIN >= self.rows.len();
        if !near_end
            || self.reached_end
            || self.loading.older
            || self.older_failed
            || self.rows.is_empty()
        {
            return None;
        }
        let cursor = self.older.clone()?;
        self.loading.older = true;
        Some(PageRequest::Older(cursor))
    }

    /// Applies an answer, its posts going to `store`. Returns the next page to fetch when a
    /// refresh or gap load goes on (a full page that did not reach what was loaded, within the
    /// page budget).
    pub fn apply(
        &mut self,
        request: &PageRequest,
        page: Page,
        page_size: u32,
        store: &mut PostStore,
    ) -> Option<PageRequest> {
        self.error = None;
        self.notice = None;
        self.waiting_to_retry = false;
        let full = page.entries.iter().filter(|e| !e.pinned).count() as u32 >= page_size;
        let keep = self.selected_key();
        let first_load = !self.loaded;
        let next = match request {
            PageRequest::Latest | PageRequest::Newer(_) => {
                self.cached_at = None;
                let newest_before = self.refresh_from.take().or_else(|| self.newest_id());
                if first_load {
                    self.loaded = true;
                    self.older = page.older.clone();
                    self.reached_end = page.entries.is_empty();
                }
                let oldest_new = page.entries.last().map(|e| e.id.clone());
                self.count_arrivals(&page.entries, newest_before.as_deref());
                self.merge(page.entries, store);
                match (newest_before, oldest_new) {
                    (Some(since), Some(max)) if full && compare_ids(&max, &since).is_gt() => {
                        self.rows.push(Row::Gap(Gap {
                            max,
                            since: since.clone(),
                            loading: false,
                        }));
                        self.rows.sort_by(Row::order);
                        self.continue_gap(&since)
                    }
                    _ => None,
                }
            }
            PageRequest::Older(_) => {
                self.loading.older = false;
                self.older = page.older.or(self.older.take());
                let before = self.rows.len();
                self.merge(page.entries, store);
                // Nothing new (an empty page, or a server repeating itself): stop asking.
                self.reached_end = self.rows.len() == before;
                None
            }
            PageRequest::Between { max, since } => {
                let oldest_new = page.entries.last().map(|e| e.id.clone());
                self.count_arrivals(&page.entries, None);
                self.merge(page.entries, store);
                let at = self.rows.iter().position(
                    |row| matches!(row, Row::Gap(g) if &g.max == max && &g.since == since),
                );
                match (at, oldest_new) {
                    // Still more between: the gap now starts under the oldest post loaded.
                    (Some(at), Some(oldest)) if full && compare_ids(&oldest, since).is_gt() => {
                        if let Row::Gap(gap) = &mut self.rows[at] {
                            gap.max = oldest;
                            gap.loading = false;
                        }
                        self.rows.sort_by(Row::order);
                        self.continue_gap(since)
                    }
                    (Some(at), _) => {
                        self.rows.remove(at);
                        None
                    }
                    (None, _) => None,
                }
            }
        };
        self.reselect(keep.as_ref());
        self.open_at_reading_position();
        if next.is_none() && !matches!(request, PageRequest::Older(_)) {
            self.loading.newer = false;
            let nothing_unasked = self.unasked && self.arrived == 0;
            if !first_load && !nothing_unasked {
                self.notice = Some(LoadNotice::Arrived {
                    count: self.arrived,
                    gaps: self.gaps().count() > 0,
                });
            }
        }
        next
    }

    /// Fetches the next page of the gap down to `since` while the budget lasts.
    fn continue_gap(&mut self, since: &str) -> Option<PageRequest> {
        if self.pages_left == 0 {
            return None;
        }
        let gap = self.rows.iter_mut().find_map(|row| match row {
            Row::Gap(gap) if gap.since == since => Some(gap),
            _ => None,
        })?;
        self.pages_left -= 1;
        gap.loading = true;
        Some(gap.request())
    }

    /// Counts the entries of `incoming` that will show and were not shown: what left out
    /// (hidden by a filter, a quiet boost) is no news.
    fn count_arrivals(&mut self, incoming: &[Entry], newer_than: Option<&str>) {
        let known: HashSet<&str> = self.entries().map(|e| e.id.as_str()).collect();
        self.arrived += incoming
            .iter()
            .filter(|e| !e.pinned && !self.leaves_out(e))
            .filter(|e| !known.contains(e.id.as_str()))
            .filter(|e| newer_than.is_none_or(|n| compare_ids(&e.id, n).is_gt()))
            .count();
    }

    pub fn fail(&mut self, request: &PageRequest, message: String) {
        self.waiting_to_retry = false;
        match request {
            PageRequest::Older(_) => {
                self.loading.older = false;
                self.older_failed = true;
            }
            PageRequest::Latest | PageRequest::Newer(_) => self.loading.newer = false,
            PageRequest::Between { max, since } => {
                self.loading.newer = false;
                for row in &mut self.rows {
                    if let Row::Gap(gap) = row
                        && &gap.max == max
                        && &gap.since == since
                    {
                        gap.loading = false;
                    }
                }
            }
        }
        self.notice = None;
        self.error = Some(message);
    }

    /// Adds entries, keeping newest-first order and each entry once, and their posts to the
    /// store (a later copy replaces the earlier one, so edits and new counts show everywhere).
    /// Posts the viewer's filters hide are left out (after the page's cursors and fullness
    /// were taken from it).
    fn merge(&mut self, incoming: Vec<Entry>, store: &mut PostStore) {
        if incoming.is_empty() {
            return;
        }
        let incoming_ids: HashSet<&str> = incoming.iter().map(|e| e.id.as_str()).collect();
        let mut rows: Vec<Row> = std::mem::take(&mut self.rows)
            .into_iter()
            .filter(|row| !matches!(row, Row::Entry(e) if incoming_ids.contains(e.id.as_str())))
            .collect();
        let mut seen = HashSet::new();
        for entry in incoming {
            if self.leaves_out(&entry) || !seen.insert(entry.id.clone()) {
                continue;
            }
            rows.push(Row::Entry(Box::new(EntryRef {
                id: entry.id,
                post: entry.post.map(|p| store.put(p)),
                boosted_by: entry.boosted_by,
                pinned: entry.pinned,
                notice: entry.notice,
            })));
        }
        if !self.in_server_order() {
            rows.sort_by(Row::order);
        }
        self.rows = fold_groups(rows);
    }

    /// Opens at the entry the user last read (once it is loaded) and counts what is newer as
    /// unread.
    pub fn open_at(&mut self, id: String) {
        // The top entry selected when the first page came is not read yet; an entry the user
        // moved to is.
        let untouched = self.scroll.selected == 0;
        if untouched
            || self
                .newest_seen
                .as_deref()
                .is_none_or(|seen| compare_ids(&id, seen).is_gt())
        {
            self.newest_seen = Some(id.clone());
        }
        self.read_at = Some(id);
        self.open_at_reading_position();
    }

    /// Selects the reading position if it is loaded now (the selection was not moved yet).
    fn open_at_reading_position(&mut self) {
        let Some(read) = &self.read_at else { return };
        let at = self.rows.iter().position(|row| {
            row.entry()
                .is_some_and(|e| !e.pinned && compare_ids(&e.id, read).is_le())
        });
        let reached = self.reached_end || at.is_some();
        if let Some(at) = at
            && self.scroll.selected == 0
        {
            self.scroll.selected = at;
            self.scroll.selected_row = 0;
            // What is above was only on screen at the start, not read.
            self.newest_seen = self.rows[at].entry().map(|e| e.id.clone());
        }
        if reached && self.loaded {
            self.read_at = None;
        }
    }

    /// The older page that brings the reading position closer, while it is not loaded and the
    /// page budget lasts.
    pub fn reading_position_request(&mut self) -> Option<PageRequest> {
        self.read_at.as_ref()?;
        if !self.loaded || self.loading.older || self.reached_end || self.older_failed {
            return None;
        }
        if self.pages_left == 0 {
            self.read_at = None;
            return None;
        }
        self.pages_left -= 1;
        let cursor = self.older.clone()?;
        self.loading.older = true;
        Some(PageRequest::Older(cursor))
    }

    /// What identifies the selected row across merges: a post, or a gap (by its lower edge,
    /// which stays while its upper edge moves down).
    fn selected_key(&self) -> Option<Anchor> {
        self.rows.get(self.scroll.selected).map(|row| match row {
            Row::Entry(e) => Anchor::Entry(e.id.clone()),
            Row::Gap(g) => Anchor::Gap {
                max: g.max.clone(),
                since: g.since.clone(),
            },
        })
    }

    fn reselect(&mut self, key: Option<&Anchor>) {
        let found = key.and_then(|key| {
            self.rows.iter().position(|row| match (row, key) {
                (Row::Entry(e), Anchor::Entry(id)) => &e.id == id,
                (Row::Gap(g), Anchor::Gap { since, .. }) => &g.since == since,
                _ => false,
            })
        });
        // A filled gap: select the first post that came in where it was.
        let found = found.or_else(|| match key {
            Some(Anchor::Gap { max, .. }) => self
                .rows
                .iter()
                .position(|row| row.entry().is_some_and(|e| compare_ids(&e.id, max).is_lt())),
            _ => None,
        });
        self.scroll.selected = found.unwrap_or(0).min(self.rows.len().saturating_sub(1));
        self.mark_seen();
    }

    fn mark_seen(&mut self) {
        if let Some(entry) = self.selected_entry().filter(|e| !e.pinned)
            && self
                .newest_seen
                .as_deref()
                .is_none_or(|seen| compare_ids(&entry.id, seen).is_gt())
        {
            self.newest_seen = Some(entry.id.clone());
        }
    }

    /// How the entry is shown.
    pub fn placement<'a>(&'a self, entry: &'a EntryRef) -> Placement<'a> {
        Placement {
            boosted_by: entry.boosted_by.as_ref(),
            revealed: entry
                .post
                .as_ref()
                .is_some_and(|p| self.revealed.contains(p)),
            pinned: entry.pinned,
            notice: entry.notice.as_deref(),
            ..Placement::default()
        }
    }

    /// Screen rows a row takes.
    pub fn height_of(&self, height: PostHeight, row: &Row) -> u16 {
        match row {
            Row::Entry(entry) => height(entry.post.as_deref(), &self.placement(entry)),
            Row::Gap(_) => GAP_HEIGHT,
        }
    }

    /// Ids of the posts this timeline shows.
    pub fn post_ids(&self) -> impl Iterator<Item = &str> {
        self.entries().filter_map(|e| e.post.as_deref())
    }
}
