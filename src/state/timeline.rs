//! One timeline: its posts (newest first), cursors, load state and view position.
//!
//! The view is anchored on the selected post: `selected_row` is the screen row where its top
//! is drawn. Posts arriving above it shift indices, not rows, so what the user is reading
//! stays where it is. Heights come from the caller (they depend on the terminal width).

use std::collections::HashSet;

use crate::api::{Page, PageRequest, Post, TimelineKind, compare_ids};

/// Rows a post takes on screen, given whether its content warning is revealed.
pub type Height<'a> = &'a dyn Fn(&Post, bool) -> u16;

/// Start loading older posts when the selection is this close to the end.
const PRELOAD_MARGIN: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    pub newer: bool,
    pub older: bool,
}

#[derive(Debug, Clone)]
pub struct Timeline {
    pub kind: TimelineKind,
    pub posts: Vec<Post>,
    /// Cursor for the next older page; `None` before the first load.
    pub older: Option<String>,
    /// Cursor for newer posts.
    pub newer: Option<String>,
    /// The server has nothing older.
    pub reached_end: bool,
    pub loading: Loading,
    /// The last older-page load failed: do not retry on every key press.
    pub older_failed: bool,
    pub selected: usize,
    pub selected_row: u16,
    /// The newest post the user has had selected; newer ones count as new.
    pub newest_seen: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// Bumped when the timeline is reset, so answers to older requests are dropped.
    pub generation: u64,
    pub revealed: HashSet<String>,
}

impl Timeline {
    pub fn new(kind: TimelineKind) -> Self {
        Timeline {
            kind,
            posts: Vec::new(),
            older: None,
            newer: None,
            reached_end: false,
            loading: Loading::default(),
            older_failed: false,
            selected: 0,
            selected_row: 0,
            newest_seen: None,
            error: None,
            notice: None,
            generation: 0,
            revealed: HashSet::new(),
        }
    }

    /// Forgets every post and cursor (the timeline's content changed on the server); answers
    /// to requests made before are dropped.
    pub fn reset(&mut self) {
        let generation = self.generation + 1;
        *self = Timeline::new(self.kind.clone());
        self.generation = generation;
    }

    pub fn selected_post(&self) -> Option<&Post> {
        self.posts.get(self.selected)
    }

    pub fn is_loading(&self) -> bool {
        self.loading.newer || self.loading.older
    }

    /// Posts newer than anything the user has selected.
    pub fn new_count(&self) -> usize {
        match &self.newest_seen {
            None => 0,
            Some(seen) => self
                .posts
                .iter()
                .take_while(|p| compare_ids(&p.id, seen).is_gt())
                .count(),
        }
    }

    /// The request that brings this timeline up to date: the first page, or what is newer.
    pub fn refresh_request(&mut self) -> Option<PageRequest> {
        if self.loading.newer {
            return None;
        }
        self.loading.newer = true;
        self.older_failed = false;
        Some(match &self.newer {
            Some(cursor) if !self.posts.is_empty() => PageRequest::Newer(cursor.clone()),
            _ => PageRequest::Latest,
        })
    }

    /// The request for older posts, if the selection is near the end and one is due.
    pub fn older_request_if_due(&mut self) -> Option<PageRequest> {
        let near_end = self.selected + PRELOAD_MARGIN >= self.posts.len();
        if !near_end
            || self.reached_end
            || self.loading.older
            || self.older_failed
            || self.posts.is_empty()
        {
            return None;
        }
        let cursor = self.older.clone()?;
        self.loading.older = true;
        Some(PageRequest::Older(cursor))
    }

    /// Applies an answer. Returns a follow-up request when a newer page was full (more may be
    /// waiting: keep going so there is no gap).
    pub fn apply(
        &mut self,
        request: &PageRequest,
        page: Page,
        page_size: u32,
    ) -> Option<PageRequest> {
        self.error = None;
        self.notice = None;
        match request {
            PageRequest::Latest => {
                self.loading.newer = false;
                self.reached_end = page.posts.is_empty();
                self.older = page.older;
                self.newer = page.newer;
                let keep = self.selected_post().map(|p| p.id.clone());
                self.posts.clear();
                self.merge(page.posts);
                self.reselect(keep.as_deref());
                if self.newest_seen.is_none() {
                    self.newest_seen = self.posts.first().map(|p| p.id.clone());
                }
                None
            }
            PageRequest::Older(_) => {
                self.loading.older = false;
                self.older = page.older.or(self.older.take());
                let keep = self.selected_post().map(|p| p.id.clone());
                let before = self.posts.len();
                self.merge(page.posts);
                // Nothing new (an empty page, or a server repeating itself): stop asking.
                self.reached_end = self.posts.len() == before;
                self.reselect(keep.as_deref());
                None
            }
            PageRequest::Newer(_) => {
                let full = page.posts.len() as u32 >= page_size;
                if let Some(newer) = page.newer {
                    self.newer = Some(newer);
                }
                let keep = self.selected_post().map(|p| p.id.clone());
                let before = self.posts.len();
                self.merge(page.posts);
                let full = full && self.posts.len() > before;
                self.reselect(keep.as_deref());
                match (&self.newer, full) {
                    (Some(cursor), true) => Some(PageRequest::Newer(cursor.clone())),
                    _ => {
                        self.loading.newer = false;
                        None
                    }
                }
            }
        }
    }

    pub fn fail(&mut self, request: &PageRequest, message: String) {
        match request {
            PageRequest::Older(_) => {
                self.loading.older = false;
                self.older_failed = true;
            }
            _ => self.loading.newer = false,
        }
        self.notice = None;
        self.error = Some(message);
    }

    /// Adds posts, keeping newest-first order and each id once (a later copy replaces the
    /// earlier one, so edits and new counts show).
    fn merge(&mut self, incoming: Vec<Post>) {
        if incoming.is_empty() {
            return;
        }
        let incoming_ids: HashSet<&str> = incoming.iter().map(|p| p.id.as_str()).collect();
        let mut posts: Vec<Post> = std::mem::take(&mut self.posts)
            .into_iter()
            .filter(|p| !incoming_ids.contains(p.id.as_str()))
            .collect();
        let mut seen = HashSet::new();
        posts.extend(incoming.into_iter().filter(|p| seen.insert(p.id.clone())));
        posts.sort_by(|a, b| compare_ids(&b.id, &a.id));
        self.posts = posts;
    }

    fn reselect(&mut self, id: Option<&str>) {
        self.selected = id
            .and_then(|id| self.posts.iter().position(|p| p.id == id))
            .unwrap_or(0)
            .min(self.posts.len().saturating_sub(1));
        self.mark_seen();
    }

    fn mark_seen(&mut self) {
        if let Some(post) = self.posts.get(self.selected)
            && self
                .newest_seen
                .as_deref()
                .is_none_or(|seen| compare_ids(&post.id, seen).is_gt())
        {
            self.newest_seen = Some(post.id.clone());
        }
    }

    /// Moves the selection to `index`, keeping the newly selected post fully on screen when it fits.
    pub fn select(&mut self, index: usize, height: Height, viewport: u16) {
        if self.posts.is_empty() {
            return;
        }
        let index = index.min(self.posts.len() - 1);
        let mut row = i64::from(self.selected_row);
        if index > self.selected {
            row += self.posts[self.selected..index]
                .iter()
                .map(|p| i64::from(self.height_of(height, p)))
                .sum::<i64>();
        } else {
            row -= self.posts[index..self.selected]
                .iter()
                .map(|p| i64::from(self.height_of(height, p)))
                .sum::<i64>();
        }
        let own = i64::from(self.height_of(height, &self.posts[index]));
        let lowest_row = (i64::from(viewport) - own).max(0);
        self.selected = index;
        self.selected_row = row.clamp(0, lowest_row) as u16;
        self.clamp_top(height);
        self.mark_seen();
    }

    /// No empty space above the newest post.
    pub fn clamp_top(&mut self, height: Height) {
        let mut above: u32 = 0;
        for post in self.posts[..self.selected.min(self.posts.len())]
            .iter()
            .rev()
        {
            above += u32::from(self.height_of(height, post));
            if above >= u32::from(self.selected_row) {
                return;
            }
        }
        self.selected_row = above as u16;
    }

    /// One screen down: the first post that starts below the screen comes to the top.
    pub fn page_down(&mut self, height: Height, viewport: u16) {
        let mut row = u32::from(self.selected_row);
        let mut index = self.selected;
        while index + 1 < self.posts.len() && row < u32::from(viewport) {
            row += u32::from(self.height_of(height, &self.posts[index]));
            index += 1;
        }
        if index != self.selected {
            self.selected = index;
            self.selected_row = 0;
            self.mark_seen();
        }
    }

    /// One screen up.
    pub fn page_up(&mut self, height: Height, viewport: u16) {
        let mut climbed = 0u32;
        let mut index = self.selected;
        while index > 0 && climbed < u32::from(viewport) {
            index -= 1;
            climbed += u32::from(self.height_of(height, &self.posts[index]));
        }
        self.selected = index;
        self.selected_row = 0;
        self.mark_seen();
    }

    fn height_of(&self, height: Height, post: &Post) -> u16 {
        height(post, self.revealed.contains(&post.id))
    }

    pub fn toggle_cw(&mut self) {
        if let Some(post) = self.posts.get(self.selected)
            && (post.spoiler.is_some() || post.quote.as_ref().is_some_and(|q| q.spoiler.is_some()))
            && !self.revealed.remove(&post.id)
        {
            self.revealed.insert(post.id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Account, Counts, RichText, Visibility};

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
            boosted_by: None,
            in_reply_to: None,
            parent: None,
            quote: None,
        }
    }

    fn page(ids: impl IntoIterator<Item = u64>) -> Page {
        let posts: Vec<Post> = ids.into_iter().map(post).collect();
        let oldest = posts.iter().map(|p| &p.id).min_by(|a, b| compare_ids(a, b));
        let newest = posts.iter().map(|p| &p.id).max_by(|a, b| compare_ids(a, b));
        Page {
            older: oldest.cloned(),
            newer: newest.cloned(),
            posts,
        }
    }

    fn ids(t: &Timeline) -> Vec<u64> {
        t.posts.iter().map(|p| p.id.parse().unwrap()).collect()
    }

    const HEIGHT: Height = &|_, _| 4;

    #[test]
    fn older_pages_append_and_dedupe() {
        let mut t = Timeline::new(TimelineKind::Home);
        let req = t.refresh_request().unwrap();
        assert_eq!(req, PageRequest::Latest);
        t.apply(&req, page([100, 99, 98]), 3);
        assert_eq!(
            t.older_request_if_due(),
            Some(PageRequest::Older("98".into()))
        );
        // The server repeats 98 at a page edge: it must appear once.
        t.apply(&PageRequest::Older("98".into()), page([98, 97, 95]), 3);
        assert_eq!(ids(&t), [100, 99, 98, 97, 95]);
        assert_eq!(t.older.as_deref(), Some("95"));
        t.older_request_if_due();
        t.apply(&PageRequest::Older("95".into()), page([]), 3);
        assert!(t.reached_end);
        assert_eq!(t.older_request_if_due(), None);
    }

    #[test]
    fn a_server_repeating_a_page_does_not_make_skua_ask_forever() {
        let mut t = Timeline::new(TimelineKind::Home);
        t.apply(&PageRequest::Latest, page([100, 99]), 2);
        let older = t.older_request_if_due().unwrap();
        t.apply(&older, page([100, 99]), 2);
        assert!(t.reached_end);
        assert_eq!(t.older_request_if_due(), None);
        let newer = t.refresh_request().unwrap();
        assert_eq!(
            t.apply(&newer, page([100, 99]), 2),
            None,
            "a full page of nothing new ends the refresh"
        );
    }

    #[test]
    fn refresh_fills_gaps_and_keeps_the_selected_post_in_place() {
        let mut t = Timeline::new(TimelineKind::Home);
        t.apply(&PageRequest::Latest, page([10, 9, 8, 7]), 4);
        t.select(2, HEIGHT, 20);
        assert_eq!((t.selected, t.selected_row), (2, 8));

        assert_eq!(t.refresh_request(), Some(PageRequest::Newer("10".into())));
        // A full page comes back in ascending order from a Misskey-like server: sorted anyway,
        // and since it was full, the timeline asks for the next one right away.
        let follow = t.apply(&PageRequest::Newer("10".into()), page([11, 12, 13, 14]), 4);
        assert_eq!(follow, Some(PageRequest::Newer("14".into())));
        assert!(t.loading.newer);
        let done = t.apply(&PageRequest::Newer("14".into()), page([15]), 4);
        assert_eq!(done, None);
        assert!(!t.loading.newer);
        assert_eq!(ids(&t), [15, 14, 13, 12, 11, 10, 9, 8, 7]);
        // Still post 8, still on row 8.
        assert_eq!(t.selected_post().unwrap().id, "8");
        assert_eq!(t.selected_row, 8);
        assert_eq!(t.new_count(), 5);
        t.select(0, HEIGHT, 20);
        assert_eq!(t.new_count(), 0);
    }

    #[test]
    fn selection_stays_on_screen() {
        let mut t = Timeline::new(TimelineKind::Home);
        t.apply(&PageRequest::Latest, page((1..=20).rev()), 20);
        for _ in 0..10 {
            t.select(t.selected + 1, HEIGHT, 10);
            assert!(t.selected_row + 4 <= 10, "row {}", t.selected_row);
        }
        assert_eq!(t.selected, 10);
        t.select(0, HEIGHT, 10);
        assert_eq!(t.selected_row, 0);
        t.page_down(HEIGHT, 10);
        assert_eq!((t.selected, t.selected_row), (3, 0));
        t.page_up(HEIGHT, 10);
        assert_eq!(t.selected, 0);
    }

    #[test]
    fn failed_older_load_is_not_retried_on_every_move() {
        let mut t = Timeline::new(TimelineKind::Local);
        t.apply(&PageRequest::Latest, page([3, 2, 1]), 3);
        let req = t.older_request_if_due().unwrap();
        t.fail(&req, "boom".into());
        assert_eq!(t.error.as_deref(), Some("boom"));
        assert_eq!(t.older_request_if_due(), None);
        t.refresh_request();
        t.apply(&PageRequest::Newer("3".into()), page([]), 3);
        assert!(t.older_request_if_due().is_some());
    }
}
