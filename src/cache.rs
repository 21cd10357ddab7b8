//! The instant-start cache: per account, the newest rows of the open tabs (with their cursors
//! and where the user was), the posts they show, the lists and the user's own account. Written
//! on quit and every few minutes, painted at the next start before the server answers, then
//! merged with the fresh answers. It is only a head start: a missing, damaged or older-format
//! cache is ignored (with a log line), and one saved for another account is never shown: it
//! names the server and its software, and the account's id on it (checked once the server
//! says who the user is).

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::api::{Account, List, Post};
use crate::state::{AppState, CachedTimeline};

/// Bumped whenever what is kept changes shape: a cache of another format is ignored.
pub const FORMAT: u32 = 2;

/// Rows kept per tab.
pub const ROWS_PER_TAB: usize = 200;

/// What one account's cache may take on disk; past it, fewer rows per tab are kept.
const MAX_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub format: u32,
    /// Whose it is: a snapshot of another account is never restored.
    pub account: String,
    /// The server it came from (`host[:port]`) and the software family it speaks.
    pub server: String,
    pub flavor: crate::api::detect::Flavor,
    pub saved_at: Timestamp,
    pub me: Option<Account>,
    pub lists: Option<Vec<List>>,
    pub tabs: Vec<CachedTimeline>,
    /// Every post the rows show, once.
    pub posts: Vec<Post>,
}

/// Only the format, read from a cache that does not parse, to tell an older cache from a
/// damaged one.
#[derive(serde::Deserialize)]
struct Header {
    format: u32,
}

impl Snapshot {
    /// What `state` shows, at most `rows` rows per tab.
    fn of(state: &AppState, account: &str, now: Timestamp, rows: usize) -> Snapshot {
        let tabs: Vec<CachedTimeline> = state
            .tabs
            .iter()
            .filter_map(|tab| tab.timeline.cached(rows))
            .collect();
        let mut ids = std::collections::HashSet::new();
        let posts = tabs
            .iter()
            .flat_map(|t| t.rows.iter().filter_map(|r| r.entry()?.post.as_deref()))
            .filter(|id| ids.insert(*id))
            .filter_map(|id| state.posts.get(id).cloned())
            .collect();
        Snapshot {
            format: FORMAT,
            account: account.to_owned(),
            server: state.server_label.clone(),
            flavor: state.flavor,
            saved_at: now,
            me: state.me.clone(),
            lists: state.lists.clone(),
            tabs,
            posts,
        }
    }
}

/// The cache file of `account` under `root`.
pub fn path(root: &Path, account: &str) -> PathBuf {
    crate::files::cache_file(root, account)
}

/// The cache as text, within [`MAX_BYTES`] (fewer rows per tab when it would not fit).
pub fn encode(state: &AppState, account: &str, now: Timestamp) -> Option<String> {
    let mut rows = ROWS_PER_TAB;
    loop {
        let text = match serde_json::to_string(&Snapshot::of(state, account, now, rows)) {
            Ok(text) => text,
            Err(error) => {
                tracing::warn!(%error, "could not encode the cache");
                return None;
            }
        };
        if text.len() <= MAX_BYTES || rows <= 10 {
            return Some(text);
        }
        rows /= 2;
    }
}

/// Reads `account`'s cache at `path`, written for the server `server` of `flavor`; `None`,
/// with a log line saying why, when there is none to use.
pub fn read(
    path: &Path,
    account: &str,
    server: &str,
    flavor: crate::api::detect::Flavor,
) -> Option<Snapshot> {
    // Written within MAX_BYTES (a little over when a tab keeps its last ten rows).
    let text = match crate::files::read_bounded(path, 4 * MAX_BYTES as u64) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(path = %path.display(), "no cache yet");
            return None;
        }
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "could not read the cache");
            return None;
        }
    };
    // Strings were sanitized when they came from the server; a cache changed since must not
    // bring escape sequences to the terminal.
    let Some(text) = std::str::from_utf8(&text)
        .ok()
        .filter(|text| crate::sanitize::json_is_clean(text))
    else {
        tracing::warn!(path = %path.display(), "cache holding control characters ignored");
        return None;
    };
    // Read whole once; only a cache that does not read is asked its format, to tell an older
    // cache from a damaged one.
    let snapshot: Snapshot = match serde_json::from_str(text) {
        Ok(snapshot) => snapshot,
        Err(error) => {
            match serde_json::from_str::<Header>(text) {
                Ok(header) if header.format != FORMAT => {
                    tracing::info!(path = %path.display(), format = header.format, "cache of another format ignored");
                }
                _ => tracing::warn!(path = %path.display(), %error, "damaged cache ignored"),
            }
            return None;
        }
    };
    if snapshot.format != FORMAT {
        tracing::info!(path = %path.display(), format = snapshot.format, "cache of another format ignored");
        return None;
    }
    if snapshot.account != account {
        tracing::warn!(path = %path.display(), "cache of another account ignored");
        return None;
    }
    if snapshot.server != server || snapshot.flavor != flavor {
        tracing::warn!(
            path = %path.display(),
            cached = %snapshot.server,
            ?snapshot.flavor,
            "cache of another server ignored"
        );
        return None;
    }
    Some(snapshot)
}

/// Writes the cache (privately, atomically), off the event loop when there is a runtime.
pub fn write(path: PathBuf, text: String, in_background: bool) {
    let save = move || match crate::files::write_private(&path, &text) {
        Ok(()) => tracing::debug!(path = %path.display(), bytes = text.len(), "cache saved"),
        Err(error) => tracing::warn!(error = format!("{error:#}"), "could not save the cache"),
    };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) if in_background => drop(runtime.spawn_blocking(save)),
        _ => save(),
    }
}
