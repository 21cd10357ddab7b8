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
use crate::api::{Account, Entry, Filtered, Notice, Page, PageRequest, TimelineKind, compare_ids};
use crate::state::ViewId;

/// Start loading older posts when the selection is this close to the end.
const PRELOAD_MARGIN: usize = 5;

/// Pages one refresh (or one gap load) fetches at most, however long the user was away.
pub const MAX_REFRESH_PAGES: u8 = 5;

/// Screen rows a gap row takes.
const GAP_HEIGHT: u16 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    pub newer: bool,
    pub older: bool,
}

/// Posts may be missing between two loaded ones: older than `max`, newer than `since`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Gap {
    pub max: String,
    pub since: String,
    #[serde(skip)]
    pub loading: bool,
}

impl Gap {
    fn request(&self) -> PageRequest {
        PageRequest::Between {
            max: self.max.clone(),
            since: self.since.clone(),
        }
    }
}

/// A timeline entry as a row: its own id (the cursor), the id of the post it shows (none for
/// a notification about an account) and what happened (a notification).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryRef {
    pub id: String,
    pub post: Option<String>,
    pub boosted_by: Option<Account>,
    /// A profile's pinned post: shown first, never counted as new or used as a cursor.
    pub pinned: bool,
    pub notice: Option<Box<Notice>>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Row {
    /// Boxed: a gap row should not take an entry's room.
    Entry(Box<EntryRef>),
    Gap(Gap),
}

impl Row {
    pub fn entry(&self) -> Option<&EntryRef> {
        match self {
            Row::Entry(entry) => Some(entry),
            Row::Gap(_) => None,
        }
    }

    /// Where the row sorts: pinned entries first as the server gave them, then entries by id,
    /// a gap just below the entry it starts under.
    fn order(a: &Row, b: &Row) -> std::cmp::Ordering {
        let pinned = |row: &Row| matches!(row, Row::Entry(e) if e.pinned);
        match (pinned(a), pinned(b)) {
            (true, true) => return std::cmp::Ordering::Equal,
            (true, false) => return std::cmp::Ordering::Less,
            (false, true) => return std::cmp::Ordering::Greater,
            (false, false) => {}
        }
        let key = |row: &Row| match row {
            Row::Entry(entry) => (entry.id.clone(), 0),
            Row::Gap(gap) => (gap.max.clone(), 1),
        };
        let ((a_id, a_rank), (b_id, b_rank)) = (key(a), key(b));
        compare_ids(&b_id, &a_id).then(a_rank.cmp(&b_rank))
    }
}

/// The selected row, remembered by identity while rows come and go.
enum Anchor {
    Entry(String),
    Gap { max: String, since: String },
}

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
    pub error: Option<String>,
    pub notice: Option<String>,
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
    /// When the rows shown were saved, while they come from the cache (until the server
    /// answers).
    pub cached_at: Option<jiff::Timestamp>,
}

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
            error: None,
            notice: None,
            waiting_to_retry: false,
            generation: 0,
            revealed: HashSet::new(),
            read_at: None,
            refresh_from: None,
            pages_left: 0,
            arrived: 0,
            cached_at: None,
        }
    }

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

    /// Whether it shows the cache's rows and the server has not been asked for fresh ones.
    pub fn needs_fresh_rows(&self) -> bool {
        (!self.loaded || self.cached_at.is_some()) && self.error.is_none() && !self.is_loading()
    }

    /// Forgets every post and cursor (the timeline's content changed on the server); answers
    /// to requests made before are dropped.
    pub fn reset(&mut self) {
        let generation = self.generation + 1;
        *self = Timeline::new(self.id, self.kind.clone());
        self.generation = generation;
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
        self.refresh_from = self.newest_id();
        Some(PageRequest::Latest)
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
            PageRequest::Latest => {
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
            if !first_load {
                self.notice = Some(self.arrival_notice());
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

    fn count_arrivals(&mut self, incoming: &[Entry], newer_than: Option<&str>) {
        let known: HashSet<&str> = self.entries().map(|e| e.id.as_str()).collect();
        self.arrived += incoming
            .iter()
            .filter(|e| !e.pinned)
            .filter(|e| !known.contains(e.id.as_str()))
            .filter(|e| newer_than.is_none_or(|n| compare_ids(&e.id, n).is_gt()))
            .count();
    }

    /// What the user is told when a refresh or gap load ends.
    fn arrival_notice(&self) -> String {
        let gaps = self.gaps().count();
        let posts = match self.arrived {
            0 => "no new posts".to_owned(),
            1 => "1 new post".to_owned(),
            n => format!("{n} new posts"),
        };
        if gaps > 0 {
            format!("{posts}; the gap row loads the rest")
        } else {
            posts
        }
    }

    pub fn fail(&mut self, request: &PageRequest, message: String) {
        self.waiting_to_retry = false;
        match request {
            PageRequest::Older(_) => {
                self.loading.older = false;
                self.older_failed = true;
            }
            PageRequest::Latest => self.loading.newer = false,
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
            let hidden = entry
                .post
                .as_ref()
                .is_some_and(|p| p.filtered == Some(Filtered::Hide));
            if hidden || !seen.insert(entry.id.clone()) {
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

    /// Adds an entry that arrived live, where it sorts, without moving what the reader looks
    /// at (the selected entry keeps its screen row). Nothing arrives before the first page.
    pub fn arrive(&mut self, entry: Entry, store: &mut PostStore) -> bool {
        if !self.loaded || self.in_server_order() {
            return false;
        }
        // The usual case, a post newer than all: it goes on top without sorting the rest, and
        // the selection moves down one row index (the same post, on the same screen row).
        let newest = self.newest_id();
        let on_top = entry.notice.is_none()
            && !entry.pinned
            && newest.is_none_or(|n| compare_ids(&entry.id, &n).is_gt())
            && entry
                .post
                .as_ref()
                .is_none_or(|p| p.filtered != Some(Filtered::Hide));
        if !on_top {
            let keep = self.selected_key();
            self.merge(vec![entry], store);
            self.reselect(keep.as_ref());
            return true;
        }
        let at = self
            .rows
            .iter()
            .take_while(|r| matches!(r, Row::Entry(e) if e.pinned))
            .count();
        self.rows.insert(
            at,
            Row::Entry(Box::new(EntryRef {
                id: entry.id,
                post: entry.post.map(|p| store.put(p)),
                boosted_by: entry.boosted_by,
                pinned: false,
                notice: None,
            })),
        );
        if self.rows.len() > 1 && self.scroll.selected >= at {
            self.scroll.selected += 1;
        }
        true
    }

    /// Lets go of entries beyond `cap`, from the end farther from the selection; the older
    /// ones come back by scrolling (their cursor moves up), the newer ones through the gap row
    /// left for them. Trims in batches (once past the cap by an eighth), so a stream of posts
    /// does not trim on every one. Says whether it let go of any.
    pub fn trim_to(&mut self, cap: usize) -> bool {
        if self.rows.len() <= cap + cap / 8 {
            return false;
        }
        let excess = self.rows.len() - cap;
        let selected = self.scroll.selected;
        if selected >= self.rows.len() / 2 {
            // Reading far down: the newest go but the very newest, and a gap row under it
            // loads them again.
            let keep = self.selected_key();
            let cut = (excess + 1).min(selected);
            if cut < 2 {
                return false;
            }
            self.rows.drain(1..cut);
            let top = self
                .rows
                .first()
                .and_then(|r| r.entry())
                .map(|e| e.id.clone());
            match (top, self.rows.get_mut(1)) {
                // A gap already there now reaches up to the top.
                (Some(max), Some(Row::Gap(gap))) => gap.max = max,
                (Some(max), Some(Row::Entry(below))) => {
                    let since = below.id.clone();
                    self.rows.insert(
                        1,
                        Row::Gap(Gap {
                            max,
                            since,
                            loading: false,
                        }),
                    );
                }
                _ => {}
            }
            self.reselect(keep.as_ref());
        } else {
            self.rows.truncate(cap);
            while matches!(self.rows.last(), Some(Row::Gap(_))) {
                self.rows.pop();
            }
            self.older = self
                .rows
                .iter()
                .rev()
                .find_map(|r| r.entry().filter(|e| !e.pinned).map(|e| e.id.clone()));
            self.reached_end = false;
        }
        true
    }

    /// Puts in the user's own post just sent, where it sorts, without moving the selection.
    pub fn add_own_post(&mut self, post: &str) {
        let notices = matches!(
            self.kind,
            TimelineKind::Notifications { .. } | TimelineKind::Direct
        );
        if !self.loaded || notices || self.entries().any(|e| e.shows(post)) {
            return;
        }
        let keep = self.selected_key();
        let at_top = self.scroll.selected == 0 && self.scroll.selected_row == 0;
        let entry = EntryRef {
            id: post.to_owned(),
            post: Some(post.to_owned()),
            boosted_by: None,
            pinned: false,
            notice: None,
        };
        match self.in_server_order() {
            // Bookmarks and favourites: a new post is in neither.
            true => return,
            false => self.rows.push(Row::Entry(Box::new(entry))),
        }
        self.rows.sort_by(Row::order);
        self.reselect(keep.as_ref());
        // A reader at the top sees it there; one reading further down is not moved.
        if at_top
            && self
                .rows
                .first()
                .and_then(Row::entry)
                .is_some_and(|e| e.shows(post))
        {
            self.scroll.selected = 0;
        }
        // The user's own post is not news to them.
        if self
            .newest_seen
            .as_deref()
            .is_none_or(|seen| compare_ids(post, seen).is_gt())
        {
            self.newest_seen = Some(post.to_owned());
        }
    }

    /// Takes out every entry showing a post (it was deleted).
    pub fn remove_post(&mut self, post: &str) {
        let keep = self.selected_key();
        let selected_gone = self.selected_entry().is_some_and(|e| e.shows(post));
        let at = self.scroll.selected;
        self.rows
            .retain(|row| !matches!(row, Row::Entry(e) if e.shows(post)));
        if selected_gone {
            self.scroll.selected = at.min(self.rows.len().saturating_sub(1));
        } else {
            self.reselect(keep.as_ref());
        }
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

impl EntryRef {
    /// Whether the row shows this post.
    pub fn shows(&self, post: &str) -> bool {
        self.post.as_deref() == Some(post)
    }
}

/// Folds rows of one notification group into the newest of them (rows are newest first).
fn fold_groups(rows: Vec<Row>) -> Vec<Row> {
    if !rows
        .iter()
        .any(|r| r.entry().is_some_and(|e| e.notice.is_some()))
    {
        return rows;
    }
    let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
    let mut by_group: std::collections::HashMap<String, usize> = Default::default();
    for row in rows {
        let group = row
            .entry()
            .and_then(|e| e.notice.as_ref())
            .map(|n| n.group.clone());
        let Some(group) = group else {
            kept.push(row);
            continue;
        };
        match by_group.get(&group) {
            Some(&at) => {
                let (Row::Entry(newer), Row::Entry(older)) = (&mut kept[at], row) else {
                    continue;
                };
                if let (Some(notice), Some(older)) = (&mut newer.notice, older.notice) {
                    notice.absorb(*older);
                }
            }
            None => {
                by_group.insert(group, kept.len());
                kept.push(row);
            }
        }
    }
    kept
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Account, Counts, Mine, Post, RichText, Visibility};

    fn post(id: u64) -> Post {
        Post {
            id: id.to_string(),
            author: Account {
                id: "1".into(),
                username: "a".into(),
                acct: "a".into(),
                display_name: "A".into(),
                url: None,
                bot: false,
            },
            created_at: jiff::Timestamp::UNIX_EPOCH,
            visibility: Visibility::Public,
            content: RichText::plain("x"),
            spoiler: None,
            media: vec![],
            tags: vec![],
            url: None,
            counts: Counts::default(),
            in_reply_to: None,
            parent: None,
            quote: None,
            poll: None,
            edited_at: None,
            quotable: None,
            language: None,
            sensitive: false,
            filtered: None,
            mine: Mine::default(),
        }
    }

    fn page(ids: impl IntoIterator<Item = u64>) -> Page {
        let entries: Vec<Entry> = ids.into_iter().map(|id| Entry::of(post(id))).collect();
        let oldest = entries
            .iter()
            .map(|e| &e.id)
            .min_by(|a, b| compare_ids(a, b));
        Page {
            older: oldest.cloned(),
            entries,
            unreadable: 0,
        }
    }

    fn ids(t: &Timeline) -> Vec<u64> {
        t.rows
            .iter()
            .map(|row| match row {
                Row::Entry(e) => e.id.parse().unwrap(),
                Row::Gap(_) => 0,
            })
            .collect()
    }

    const HEIGHT: PostHeight = &|_, _| 4;

    /// Applies a page with a throwaway store.
    fn apply(
        t: &mut Timeline,
        request: &PageRequest,
        page: Page,
        size: u32,
    ) -> Option<PageRequest> {
        t.apply(request, page, size, &mut PostStore::default())
    }

    #[test]
    fn older_pages_append_and_dedupe() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        let req = t.refresh_request().unwrap();
        assert_eq!(req, PageRequest::Latest);
        apply(&mut t, &req, page([100, 99, 98]), 3);
        assert_eq!(
            t.older_request_if_due(),
            Some(PageRequest::Older("98".into()))
        );
        // The server repeats 98 at a page edge: it must appear once.
        apply(
            &mut t,
            &PageRequest::Older("98".into()),
            page([98, 97, 95]),
            3,
        );
        assert_eq!(ids(&t), [100, 99, 98, 97, 95]);
        assert_eq!(t.older.as_deref(), Some("95"));
        t.older_request_if_due();
        apply(&mut t, &PageRequest::Older("95".into()), page([]), 3);
        assert!(t.reached_end);
        assert_eq!(t.older_request_if_due(), None);
    }

    #[test]
    fn a_server_repeating_a_page_does_not_make_skua_ask_forever() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        apply(&mut t, &PageRequest::Latest, page([100, 99]), 2);
        let older = t.older_request_if_due().unwrap();
        apply(&mut t, &older, page([100, 99]), 2);
        assert!(t.reached_end);
        assert_eq!(t.older_request_if_due(), None);
        let newer = t.refresh_request().unwrap();
        assert_eq!(
            apply(&mut t, &newer, page([100, 99]), 2),
            None,
            "a full page of nothing new ends the refresh"
        );
        assert_eq!(t.notice.as_deref(), Some("no new posts"));
    }

    #[test]
    fn a_refresh_that_meets_the_loaded_posts_leaves_no_gap_and_keeps_the_view() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        apply(&mut t, &PageRequest::Latest, page([10, 9, 8, 7]), 4);
        t.select(2, HEIGHT, 20);
        assert_eq!((t.scroll.selected, t.scroll.selected_row), (2, 8));
        assert_eq!(t.refresh_request(), Some(PageRequest::Latest));
        // The newest page overlaps what is loaded: nothing is missing.
        assert_eq!(
            apply(&mut t, &PageRequest::Latest, page([12, 11, 10, 9]), 4),
            None
        );
        assert!(!t.loading.newer);
        assert_eq!(ids(&t), [12, 11, 10, 9, 8, 7]);
        assert_eq!(t.selected_entry().unwrap().id, "8");
        assert_eq!(t.scroll.selected_row, 8, "still post 8, still on row 8");
        assert_eq!(t.new_count(), 2);
        assert_eq!(t.notice.as_deref(), Some("2 new posts"));
    }

    #[test]
    fn a_full_page_that_does_not_reach_the_loaded_posts_is_filled_downward() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        apply(&mut t, &PageRequest::Latest, page([10, 9]), 2);
        t.refresh_request();
        let next = apply(&mut t, &PageRequest::Latest, page([20, 19]), 2);
        let fill = PageRequest::Between {
            max: "19".into(),
            since: "10".into(),
        };
        assert_eq!(next, Some(fill.clone()));
        assert_eq!(ids(&t), [20, 19, 0, 10, 9], "a gap row between");
        assert!(t.loading.newer);
        // The next page below the gap's top edge, then the last, short one closes it.
        let next = apply(&mut t, &fill, page([18, 17]), 2);
        let fill = PageRequest::Between {
            max: "17".into(),
            since: "10".into(),
        };
        assert_eq!(next, Some(fill.clone()));
        assert_eq!(apply(&mut t, &fill, page([11]), 2), None);
        assert_eq!(
            ids(&t),
            [20, 19, 18, 17, 11, 10, 9],
            "no hole, no duplicate"
        );
        assert!(!t.loading.newer);
        assert_eq!(t.notice.as_deref(), Some("5 new posts"));
    }

    #[test]
    fn a_refresh_stops_after_its_page_budget_and_the_gap_row_loads_the_rest() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        apply(&mut t, &PageRequest::Latest, page([1]), 2);
        let mut request = t.refresh_request();
        let mut top = 1000;
        let mut pages = 0;
        while let Some(r) = request {
            pages += 1;
            request = apply(&mut t, &r, page([top, top - 1]), 2);
            top -= 2;
        }
        assert_eq!(pages, MAX_REFRESH_PAGES as usize);
        assert_eq!(t.gaps().count(), 1);
        assert!(!t.is_loading());
        assert!(
            t.notice.as_deref().unwrap().contains("gap row"),
            "{:?}",
            t.notice
        );
        let gap_at = t
            .rows
            .iter()
            .position(|r| matches!(r, Row::Gap(_)))
            .unwrap();
        t.select(gap_at, HEIGHT, 20);
        assert!(t.selected_entry().is_none());
        let fill = t.gap_request().unwrap();
        assert_eq!(
            fill,
            PageRequest::Between {
                max: "991".into(),
                since: "1".into()
            }
        );
        assert_eq!(t.gap_request(), None, "one load per gap at a time");
        assert_eq!(apply(&mut t, &fill, page([990]), 2), None);
        assert_eq!(t.gaps().count(), 0);
        assert_eq!(ids(&t).len(), 12);
        assert_eq!(
            t.selected_entry().unwrap().id,
            "990",
            "the first post that came in where the gap was"
        );
    }

    #[test]
    fn selection_stays_on_screen() {
        let mut t = Timeline::new(1, TimelineKind::Home);
        apply(&mut t, &PageRequest::Latest, page((1..=20).rev()), 20);
        for _ in 0..10 {
            t.select(t.scroll.selected + 1, HEIGHT, 10);
            assert!(
                t.scroll.selected_row + 4 <= 10,
                "row {}",
                t.scroll.selected_row
            );
        }
        assert_eq!(t.scroll.selected, 10);
        t.select(0, HEIGHT, 10);
        assert_eq!(t.scroll.selected_row, 0);
        t.page_down(HEIGHT, 10);
        assert_eq!((t.scroll.selected, t.scroll.selected_row), (3, 0));
        t.page_up(HEIGHT, 10);
        assert_eq!(t.scroll.selected, 0);
    }

    #[test]
    fn bookmarks_keep_the_servers_order_and_a_refresh_loads_them_again() {
        let mut t = Timeline::new(1, TimelineKind::Bookmarks);
        let request = t.refresh_request().unwrap();
        // Bookmarked most recently first, whatever the posts' ids.
        apply(&mut t, &request, page([5, 9, 1]), 3);
        let older = t.older_request_if_due().unwrap();
        apply(&mut t, &older, page([7, 2]), 3);
        assert_eq!(ids(&t), [5, 9, 1, 7, 2]);
        assert_eq!(t.new_count(), 0);
        let again = t.refresh_request().unwrap();
        assert_eq!(again, PageRequest::Latest);
        assert!(t.is_empty(), "loaded again from the top");
        apply(&mut t, &again, page([3, 5, 9]), 3);
        assert_eq!(ids(&t), [3, 5, 9]);
        assert_eq!(t.gaps().count(), 0);
    }

    #[test]
    fn the_cap_lets_go_far_from_the_reader_and_leaves_a_way_back() {
        let mut store = PostStore::default();
        let mut t = Timeline::new(1, TimelineKind::Home);
        t.apply(&PageRequest::Latest, page((1..=100).rev()), 100, &mut store);
        for id in 101..=120 {
            assert!(t.arrive(Entry::of(post(id)), &mut store));
        }
        // Reading at the top: the oldest go, and scrolling down loads them again.
        assert!(t.trim_to(100));
        assert_eq!(ids(&t).len(), 100);
        assert_eq!(ids(&t)[0], 120);
        assert_eq!(t.older.as_deref(), Some("21"));
        assert!(!t.reached_end);
        // Reading far down: the newest go but the top one, and a gap row loads them again.
        t.select(90, HEIGHT, 20);
        for id in 121..=140 {
            t.arrive(Entry::of(post(id)), &mut store);
        }
        let reading = t.selected_entry().unwrap().id.clone();
        assert!(t.trim_to(100));
        assert_eq!(
            t.selected_entry().unwrap().id,
            reading,
            "the reader stays put"
        );
        assert_eq!(ids(&t)[0], 140);
        let gap = t.gaps().next().expect("a gap row under the newest");
        assert_eq!(gap.max, "140");
        assert!(t.rows.len() <= 101);
    }

    #[test]
    fn failed_older_load_is_not_retried_on_every_move() {
        let mut t = Timeline::new(1, TimelineKind::Local);
        apply(&mut t, &PageRequest::Latest, page([3, 2, 1]), 3);
        let req = t.older_request_if_due().unwrap();
        t.fail(&req, "boom".into());
        assert_eq!(t.error.as_deref(), Some("boom"));
        assert_eq!(t.older_request_if_due(), None);
        t.refresh_request();
        apply(&mut t, &PageRequest::Latest, page([]), 3);
        assert!(t.older_request_if_due().is_some());
    }
}
