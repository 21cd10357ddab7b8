//! A conversation: the posts a post replies to above it, the post itself marked, and the replies
//! below as a tree. Rows name posts by id; the posts are in the [`PostStore`].

use std::collections::{HashMap, HashSet};

use super::posts::{Placement, PostStore};
use super::scroll::{PostHeight, Scroll, Scrolled};
use crate::api::{Context, Post, Replies, compare_ids};
use crate::state::ViewId;

/// Screen rows a "more replies" row takes.
const MORE_HEIGHT: u16 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadRow {
    Post {
        post: String,
        depth: usize,
    },
    /// Replies to `parent` that are not fetched yet (Misskey fetches a level at a time).
    More {
        parent: String,
        depth: usize,
        loading: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Thread {
    pub id: ViewId,
    /// The post the thread was opened on.
    pub focus: String,
    pub rows: Vec<ThreadRow>,
    pub scroll: Scroll,
    pub loading: bool,
    pub error: Option<String>,
    pub revealed: HashSet<String>,
    /// Each known post of the thread with the post it replies to.
    parents: HashMap<String, Option<String>>,
    /// The posts above the focus, oldest first.
    ancestors: Vec<String>,
    /// Posts whose replies are not fetched yet, and those being fetched.
    unexpanded: HashSet<String>,
    expanding: HashSet<String>,
}

impl Thread {
    /// A thread showing only its post until the conversation arrives.
    pub fn new(id: ViewId, focus: &Post, revealed: bool) -> Thread {
        let mut thread = Thread {
            id,
            focus: focus.id.clone(),
            rows: Vec::new(),
            scroll: Scroll::default(),
            loading: true,
            error: None,
            revealed: HashSet::new(),
            parents: HashMap::from([(focus.id.clone(), focus.in_reply_to.clone())]),
            ancestors: Vec::new(),
            unexpanded: HashSet::new(),
            expanding: HashSet::new(),
        };
        if revealed {
            thread.revealed.insert(focus.id.clone());
        }
        thread.rebuild();
        thread
    }

    /// The conversation arrived: its posts go to `store`; the focus stays selected.
    pub fn apply(&mut self, context: Context, store: &mut PostStore) {
        self.loading = false;
        self.error = None;
        self.ancestors = context.ancestors.iter().map(|p| p.id.clone()).collect();
        for post in context.ancestors {
            self.parents
                .insert(post.id.clone(), post.in_reply_to.clone());
            store.put(post);
        }
        store.put(context.post);
        self.add_replies(context.replies, store);
        self.rebuild();
        self.scroll.selected = self.index_of(&self.focus).unwrap_or(0);
    }

    /// Replies to a post arrived (a "more replies" row was opened).
    pub fn apply_replies(&mut self, parent: &str, replies: Replies, store: &mut PostStore) {
        self.expanding.remove(parent);
        self.unexpanded.remove(parent);
        let keep = self.selected_post().map(str::to_owned);
        self.add_replies(replies, store);
        self.rebuild();
        if let Some(index) = keep.and_then(|id| self.index_of(&id)) {
            self.scroll.selected = index;
        }
    }

    /// A reply the user just sent: shown under its parent when the parent is in the thread.
    pub fn add_reply(&mut self, post: &Post) -> bool {
        let Some(parent) = post.in_reply_to.as_deref() else {
            return false;
        };
        if !self.parents.contains_key(parent) || self.parents.contains_key(&post.id) {
            return false;
        }
        let keep = self.selected_post().map(str::to_owned);
        self.parents
            .insert(post.id.clone(), post.in_reply_to.clone());
        self.rebuild();
        if let Some(index) = keep.and_then(|id| self.index_of(&id)) {
            self.scroll.selected = index;
        }
        true
    }

    pub fn fail(&mut self, parent: Option<&str>, message: String) {
        match parent {
            Some(parent) => {
                self.expanding.remove(parent);
                self.rebuild();
            }
            None => self.loading = false,
        }
        self.error = Some(message);
    }

    fn add_replies(&mut self, replies: Replies, store: &mut PostStore) {
        for post in replies.posts {
            self.parents
                .insert(post.id.clone(), post.in_reply_to.clone());
            store.put(post);
        }
        self.unexpanded.extend(replies.unexpanded);
    }

    /// Lays the rows out: ancestors, the focus, then replies depth first, oldest first among
    /// siblings. A reply whose parent is not in the thread hangs under the focus.
    fn rebuild(&mut self) {
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        let known: HashSet<&str> = self.parents.keys().map(String::as_str).collect();
        let above: HashSet<&str> = self.ancestors.iter().map(String::as_str).collect();
        for (id, parent) in &self.parents {
            if *id == self.focus || above.contains(id.as_str()) {
                continue;
            }
            let parent = match parent.as_deref() {
                Some(p) if known.contains(p) && !above.contains(p) => p,
                _ => self.focus.as_str(),
            };
            children.entry(parent).or_default().push(id);
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| compare_ids(a, b));
        }
        let mut rows: Vec<ThreadRow> = self
            .ancestors
            .iter()
            .map(|id| ThreadRow::Post {
                post: id.clone(),
                depth: 0,
            })
            .collect();
        // Depth first, with a visited set: a hostile server's reply loop ends here.
        let mut visited = HashSet::new();
        let mut stack = vec![(self.focus.as_str(), 0usize)];
        while let Some((id, depth)) = stack.pop() {
            if !visited.insert(id) {
                continue;
            }
            rows.push(ThreadRow::Post {
                post: id.to_owned(),
                depth,
            });
            if self.unexpanded.contains(id) {
                rows.push(ThreadRow::More {
                    parent: id.to_owned(),
                    depth: depth + 1,
                    loading: self.expanding.contains(id),
                });
            }
            for child in children.get(id).into_iter().flatten().rev() {
                stack.push((child, depth + 1));
            }
        }
        self.rows = rows;
        self.scroll.selected = self.scroll.selected.min(self.rows.len().saturating_sub(1));
    }

    fn index_of(&self, post: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|row| matches!(row, ThreadRow::Post { post: p, .. } if p == post))
    }

    /// The selected post's id; `None` on a "more replies" row.
    pub fn selected_post(&self) -> Option<&str> {
        match self.rows.get(self.scroll.selected) {
            Some(ThreadRow::Post { post, .. }) => Some(post),
            _ => None,
        }
    }

    /// The post whose replies the selected row loads, marking it as loading.
    pub fn more_request(&mut self) -> Option<String> {
        let Some(ThreadRow::More { parent, .. }) = self.rows.get(self.scroll.selected) else {
            return None;
        };
        let parent = parent.clone();
        if !self.expanding.insert(parent.clone()) {
            return None;
        }
        self.rebuild();
        Some(parent)
    }

    pub fn is_loading(&self) -> bool {
        self.loading || !self.expanding.is_empty()
    }

    /// The focus's index, for placing it on screen once the conversation is in.
    pub fn focus_index(&self) -> usize {
        self.index_of(&self.focus).unwrap_or(0)
    }

    pub fn placement(&self, row: &ThreadRow) -> Placement<'_> {
        match row {
            ThreadRow::Post { post, depth } => Placement {
                depth: *depth,
                focused: *post == self.focus,
                revealed: self.revealed.contains(post),
                ..Placement::default()
            },
            ThreadRow::More { depth, .. } => Placement {
                depth: *depth,
                ..Placement::default()
            },
        }
    }

    pub fn height_of(&self, height: PostHeight, row: &ThreadRow) -> u16 {
        match row {
            ThreadRow::Post { post, .. } => height(Some(post), &self.placement(row)),
            ThreadRow::More { .. } => MORE_HEIGHT,
        }
    }

    /// Takes a deleted post out (its replies stay, under the focus).
    pub fn remove_post(&mut self, post: &str) {
        if post == self.focus {
            return; // the view is closed by whoever deleted it
        }
        self.parents.remove(post);
        self.ancestors.retain(|a| a != post);
        self.rebuild();
    }

    pub fn post_ids(&self) -> impl Iterator<Item = &str> {
        self.parents.keys().map(String::as_str)
    }
}

impl Scrolled for Thread {
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
}
