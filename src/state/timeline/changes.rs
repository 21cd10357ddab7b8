//! What changes a loaded timeline between pages: posts arriving live, the user's own posts,
//! deleted posts, and trimming what has grown past the cap, each without moving what the
//! reader looks at.

use super::*;

impl Timeline {
    /// Takes the boosts by the account `booster` out (the user left them out of home).
    pub fn drop_boosts_by(&mut self, booster: &str) {
        let keep = self.selected_key();
        self.rows.retain(|row| {
            !matches!(row, Row::Entry(e) if e.boosted_by.as_ref().is_some_and(|b| b.id == booster))
        });
        self.reselect(keep.as_ref());
    }

    /// Adds an entry that arrived live, where it sorts, without moving what the reader looks
    /// at (the selected entry keeps its screen row). Nothing arrives before the first page.
    pub fn arrive(&mut self, entry: Entry, store: &mut PostStore) -> bool {
        if !self.loaded || self.in_server_order() || self.leaves_out(&entry) {
            return false;
        }
        // The usual case, a post newer than all: it goes on top without sorting the rest, and
        // the selection moves down one row index (the same post, on the same screen row).
        let newest = self.newest_id();
        let on_top = entry.notice.is_none()
            && !entry.pinned
            && newest.is_none_or(|n| compare_ids(&entry.id, &n).is_gt());
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
        // The user's own post is not news to them; what they had not read yet still is.
        self.own.insert(post.to_owned());
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
}
