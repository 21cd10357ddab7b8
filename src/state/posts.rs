//! The one copy of every post on screen, whichever views show it: an action changes the post
//! here and every timeline, thread and profile showing it draws the change.

use std::cell::RefCell;
use std::collections::HashMap;

use super::tracked::next_revision;

use crate::api::{Account, Post, PostAction};

#[derive(Debug, Clone, Default)]
pub struct PostStore {
    posts: HashMap<String, Post>,
    /// Actions sent and not yet answered, by post, each with what undoes it: a fresher copy
    /// of the post arriving meanwhile (a refresh) gets them again, so the change the user made
    /// does not flicker away.
    pending: HashMap<String, Vec<(PostAction, PostAction)>>,
    /// Screen rows each post takes, by width and placement, measured once: moving across
    /// thousands of posts (G, g) does not wrap them all again. Forgotten when the post
    /// changes.
    heights: RefCell<HashMap<String, Vec<(u32, u16)>>>,
    /// Each post's revision, new whenever the post or its pending actions change: a pane
    /// drawn with the same revisions of its posts need not be drawn again.
    revisions: HashMap<String, u64>,
    /// While [`PostStore::watch`] runs: the posts read, with their revisions.
    reads: RefCell<Option<Vec<(String, u64)>>>,
}

impl PostStore {
    pub fn get(&self, id: &str) -> Option<&Post> {
        self.note_read(id);
        self.posts.get(id)
    }

    fn note_read(&self, id: &str) {
        if let Some(reads) = self.reads.borrow_mut().as_mut() {
            reads.push((id.to_owned(), self.revision(id)));
        }
    }

    /// The post's revision (0 for a post not kept).
    fn revision(&self, id: &str) -> u64 {
        self.revisions.get(id).copied().unwrap_or(0)
    }

    /// Runs `f`, returning with its result the posts it read and their revisions.
    pub fn watch<R>(&self, f: impl FnOnce() -> R) -> (R, Vec<(String, u64)>) {
        *self.reads.borrow_mut() = Some(Vec::new());
        let result = f();
        let reads = self.reads.borrow_mut().take().unwrap_or_default();
        (result, reads)
    }

    /// Whether none of these posts changed since they were read.
    pub fn unchanged(&self, reads: &[(String, u64)]) -> bool {
        reads
            .iter()
            .all(|(id, revision)| self.revision(id) == *revision)
    }

    /// Post `id` changed (or its pending actions): new revision, heights measured again.
    fn touch(&mut self, id: &str) {
        self.heights.get_mut().remove(id);
        self.revisions.insert(id.to_owned(), next_revision());
    }

    /// Every post kept, in no order.
    pub fn all(&self) -> impl Iterator<Item = &Post> {
        self.posts.values()
    }

    pub fn len(&self) -> usize {
        self.posts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    /// Keeps the server's latest copy of a post (with actions still pending shown on it);
    /// returns its id.
    pub fn put(&mut self, mut post: Post) -> String {
        if let Some(earlier) = self.posts.get(&post.id) {
            post.mine.fill_unknown(&earlier.mine);
            // A fresher copy keeps the translation the reader asked for.
            if post.translation.is_none() && post.content == earlier.content {
                post.translation = earlier.translation.clone();
            }
        }
        for (action, _) in self.pending.get(&post.id).into_iter().flatten() {
            post.apply(action);
        }
        let id = post.id.clone();
        self.touch(&id);
        self.posts.insert(id.clone(), post);
        id
    }

    /// The rows post `id` takes at `width` as `placement` places it, measured by `measure`
    /// the first time.
    pub fn height(
        &self,
        id: &str,
        width: u16,
        placement: &Placement,
        measure: impl FnOnce(&Post) -> u16,
    ) -> Option<u16> {
        self.note_read(id);
        let post = self.posts.get(id)?;
        let key = placement.layout_key(width);
        let mut heights = self.heights.borrow_mut();
        let known = heights.entry(id.to_owned()).or_default();
        if let Some((_, rows)) = known.iter().find(|(k, _)| *k == key) {
            return Some(*rows);
        }
        let rows = measure(post);
        known.push((key, rows));
        Some(rows)
    }

    /// Sets what the user's filters say of each post (`verdict`), after they changed.
    pub fn judge(&mut self, verdict: impl Fn(&Post) -> Option<crate::api::Filtered>) {
        let changed: Vec<(String, Option<crate::api::Filtered>)> = self
            .posts
            .values()
            .map(|post| (post, verdict(post)))
            .filter(|(post, filtered)| post.filtered != *filtered)
            .map(|(post, filtered)| (post.id.clone(), filtered))
            .collect();
        for (id, filtered) in changed {
            if let Some(post) = self.changed(&id) {
                post.filtered = filtered;
            }
        }
    }

    /// What posts look like changed (previews shown or hidden): every height is measured again.
    pub fn measure_again(&mut self) {
        self.heights.get_mut().clear();
    }

    /// A post changed here: its measured heights no longer hold.
    fn changed(&mut self, id: &str) -> Option<&mut Post> {
        self.touch(id);
        self.posts.get_mut(id)
    }

    /// Whether an action of the same kind on the post still waits for the server.
    pub fn is_pending(&self, id: &str, action: &PostAction) -> bool {
        self.note_read(id);
        self.pending.get(id).is_some_and(|actions| {
            actions
                .iter()
                .any(|(a, _)| std::mem::discriminant(a) == std::mem::discriminant(action))
        })
    }

    /// Shows an action at once, until the server answers.
    pub fn act(&mut self, id: &str, action: &PostAction) {
        if let Some(post) = self.changed(id) {
            let undo = post.apply(action);
            self.pending
                .entry(id.to_owned())
                .or_default()
                .push((action.clone(), undo));
        }
    }

    /// The server answered an action: with its copy of the post afterwards (or none), or it
    /// refused, and the action is undone.
    pub fn settle(&mut self, id: &str, action: &PostAction, answer: Result<Option<Post>, ()>) {
        self.touch(id); // no longer pending
        let mut undo = None;
        if let Some(pending) = self.pending.get_mut(id) {
            if let Some(at) = pending.iter().position(|(a, _)| a == action) {
                undo = Some(pending.remove(at).1);
            }
            if pending.is_empty() {
                self.pending.remove(id);
            }
        }
        match answer {
            Ok(Some(mut post)) => {
                // Some servers answer with the count from before the action (Hollo; Mastodon
                // caches it): the count shown at once stands where the server's lags.
                if let Some(shown) = self.posts.get(id) {
                    post.counts.keep_moved(&shown.counts, action);
                }
                self.put(post);
            }
            Ok(None) => {}
            Err(()) => {
                if let (Some(post), Some(undo)) = (self.changed(id), undo) {
                    post.apply(&undo);
                }
            }
        }
    }

    /// Shows `translation` under post `id`'s text, or its text alone again (`None`).
    pub fn set_translation(&mut self, id: &str, translation: Option<crate::api::Translation>) {
        if let Some(post) = self.changed(id) {
            post.translation = translation;
        }
    }

    /// The user boosted the post (seen in a timeline): a mark servers may not report.
    pub fn mark_boosted(&mut self, id: &str) {
        if let Some(post) = self.changed(id) {
            post.mine.boosted = Some(true);
        }
    }

    /// Someone reacted to a post (or took it back), as the stream tells.
    /// One more vote for option `choice` of post `id`'s poll.
    pub fn count_vote(&mut self, id: &str, choice: usize) {
        let option = self
            .changed(id)
            .and_then(|post| post.poll.as_mut())
            .and_then(|poll| poll.options.get_mut(choice));
        if let Some(votes) = option.and_then(|o| o.votes.as_mut()) {
            *votes = votes.saturating_add(1);
        }
    }

    /// Post `id` edited: its text and warning as they are now.
    pub fn edit(&mut self, id: &str, content: crate::api::RichText, spoiler: Option<String>) {
        if let Some(post) = self.changed(id) {
            post.content = content;
            post.spoiler = spoiler;
            post.edited_at = Some(jiff::Timestamp::now());
            post.translation = None;
        }
    }

    pub fn count_reaction(&mut self, id: &str, reaction: &str, added: bool) {
        let Some(post) = self.changed(id) else {
            return;
        };
        let reactions = &mut post.counts.reactions;
        match reactions.iter().position(|(r, _)| r == reaction) {
            Some(at) if added => reactions[at].1 += 1,
            Some(at) => {
                reactions[at].1 = reactions[at].1.saturating_sub(1);
                if reactions[at].1 == 0 {
                    reactions.remove(at);
                }
            }
            None if added => reactions.push((reaction.to_owned(), 1)),
            None => {}
        }
        reactions.sort_by_key(|r| std::cmp::Reverse(r.1));
    }

    pub fn remove(&mut self, id: &str) {
        self.heights.get_mut().remove(id);
        self.revisions.remove(id);
        self.posts.remove(id);
        self.pending.remove(id);
    }

    /// Forgets posts no view shows any more.
    pub fn retain(&mut self, shown: impl Fn(&str) -> bool) {
        self.posts.retain(|id, _| shown(id));
        let posts = &self.posts;
        self.heights
            .get_mut()
            .retain(|id, _| posts.contains_key(id));
        self.revisions.retain(|id, _| posts.contains_key(id));
    }
}

/// How a view shows one post: everything besides the post that changes its lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement<'a> {
    /// Shown as a boost by this account.
    pub boosted_by: Option<&'a Account>,
    /// Reply depth in a thread (0 elsewhere).
    pub depth: usize,
    /// The post a thread was opened on.
    pub focused: bool,
    /// Its content warning is open.
    pub revealed: bool,
    /// Pinned to its author's profile.
    pub pinned: bool,
    /// The notification it is shown for.
    pub notice: Option<&'a crate::api::Notice>,
}

impl Placement<'_> {
    /// What of the placement and width changes a post's height, as one number.
    fn layout_key(&self, width: u16) -> u32 {
        u32::from(self.revealed)
            | u32::from(self.focused) << 1
            | u32::from(self.pinned) << 2
            | u32::from(self.boosted_by.is_some()) << 3
            | u32::from(self.notice.is_some()) << 4
            | (self.depth.min(63) as u32) << 5
            | u32::from(width) << 11
    }
}

/// Whether a post has something folded that the reveal key opens.
pub fn can_reveal(post: &Post, previews_shown: bool) -> bool {
    post.spoiler.is_some()
        || matches!(post.filtered, Some(crate::api::Filtered::Warn(_)))
        || post.quote.as_ref().is_some_and(|q| q.spoiler.is_some())
        // Sensitive pictures are hidden behind a click where they are previewed.
        || (previews_shown && post.sensitive && !post.media.is_empty())
}

/// Opens or folds a post in a view's set of revealed posts.
pub fn toggle(revealed: &mut std::collections::HashSet<String>, post: &str) {
    if !revealed.remove(post) {
        revealed.insert(post.to_owned());
    }
}
