//! The app's side of the instant-start cache ([`crate::cache`]): painting an account's cached
//! rows before the server answers, and saving what is on screen on quit, on an account switch
//! and every few minutes.

use jiff::{SignedDuration, Timestamp};

use super::{App, Effect};
use crate::cache;

/// How often the cache is saved while skua runs (besides on quit and account switches).
const SAVE_EVERY: SignedDuration = SignedDuration::from_secs(300);

/// Where the cache is kept, and whose is in use.
#[derive(Debug, Default)]
pub(super) struct CacheSlot {
    /// `None`: no cache (`--no-cache`, `[general] cache = false`).
    root: Option<std::path::PathBuf>,
    /// The account's cache name; `None` for a connection that keeps none (the demo).
    account: Option<String>,
    saved: Option<Timestamp>,
    /// Rows from the cache were painted: the account id they were saved for (checked against
    /// the server's answer of who the user is) and the timelines that got them.
    painted: Option<(Option<String>, Vec<crate::state::ViewId>)>,
}

impl App {
    /// Keeps the cache in `root` and shows `account`'s cached rows now, until the server's
    /// answers come.
    pub fn keep_cache_in(&mut self, root: std::path::PathBuf, account: Option<String>) {
        self.cache.root = Some(root);
        self.use_cache_of(account);
    }

    /// Switches to `account`'s cache (after a reconnect) and shows what it holds.
    pub(super) fn use_cache_of(&mut self, account: Option<String>) {
        self.cache.account = account;
        self.cache.saved = None;
        self.cache.painted = None;
        let (Some(root), Some(account)) = (&self.cache.root, &self.cache.account) else {
            return;
        };
        let path = cache::path(root, account);
        let Some(snapshot) =
            cache::read(&path, account, &self.state.server_label, self.state.flavor)
        else {
            return;
        };
        let owner = snapshot.me.as_ref().map(|me| me.id.clone());
        let mut painted = Vec::new();
        for post in snapshot.posts {
            self.state.posts.put(post);
        }
        self.state.me = self.state.me.take().or(snapshot.me);
        self.state.lists = self.state.lists.take().or(snapshot.lists);
        for cached in snapshot.tabs {
            if let Some(tab) = self
                .state
                .tabs
                .iter_mut()
                .find(|t| t.timeline.kind.same_timeline(&cached.kind))
            {
                tab.timeline.restore(cached, snapshot.saved_at);
                painted.push(tab.timeline.id);
            }
        }
        self.cache.painted = Some((owner, painted));
        self.state.forget_unshown_posts();
        let (columns, rows) = self.state.size;
        self.resize(columns, rows);
    }

    /// Once the server says who the user is: rows painted from a cache saved for another
    /// account id (the same name on another server, say) are taken away and loaded afresh.
    pub(super) fn check_cache_owner(&mut self, me: &crate::api::Account) {
        let Some((owner, painted)) = self.cache.painted.take() else {
            return;
        };
        if owner.as_deref() == Some(me.id.as_str()) {
            return;
        }
        tracing::warn!(cached = ?owner, "cache of another account ignored");
        for index in 0..self.state.tabs.len() {
            let timeline = &mut self.state.tabs[index].timeline;
            if painted.contains(&timeline.id) {
                timeline.reset();
                self.refresh(index);
            }
        }
        self.state.forget_unshown_posts();
    }

    /// The cache as it is to be saved now, and where: the caller writes it ([`cache::write`])
    /// unless the account was forgotten meanwhile (by `skua logout` in another terminal).
    pub fn cache_snapshot(&mut self, now: Timestamp) -> Option<(std::path::PathBuf, String)> {
        let (Some(root), Some(account)) = (&self.cache.root, &self.cache.account) else {
            return None;
        };
        let path = cache::path(root, account);
        let text = cache::encode(&self.state, account, now)?;
        self.cache.saved = Some(now);
        Some((path, text))
    }

    /// Asks for the cache to be saved when the last save is a few minutes old.
    pub(super) fn save_cache_if_due(&mut self, now: Timestamp) {
        match self.cache.saved {
            None => self.cache.saved = Some(now),
            Some(saved) if now.duration_since(saved) >= SAVE_EVERY => {
                if let Some((path, text)) = self.cache_snapshot(now) {
                    self.effects.push(Effect::SaveCache { path, text });
                }
            }
            Some(_) => {}
        }
    }
}
