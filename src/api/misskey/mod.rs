//! The Misskey API (also Sharkey, CherryPick, Iceshrimp and other forks): every call is a POST
//! of a JSON body to `/api/<endpoint>`, with the token in the body's `i` field. The `Backend`
//! here (timelines, search, the server), its parts beside it (`lists.rs`, `people.rs`,
//! `posts.rs`), over the HTTP client (`client.rs`) and the wire types (`wire.rs`).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::Items;
use super::model::*;
use super::{ApiError, Backend, People};
use crate::sanitize;

mod announcements;
mod antennas;
mod channels;
mod chat;
mod client;
mod clips;
mod crowds;
mod discover;
mod drafts;
mod filters;
mod lists;
mod notices;
mod own_profile;
mod people;
mod posts;
mod scheduled;
mod streaming;
mod tags;
mod wire;

use client::*;
pub use client::{Misskey, error_from};
use wire::*;

/// Where skua keeps what follows the user between devices in Misskey's registry.
const REGISTRY_SCOPE: &str = "skua";

/// Completions offered for a typed account.
pub(super) const SEARCH_RESULTS: u32 = 8;

impl Misskey {
    /// One page of a timeline as the server sends it.
    async fn page_of(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        let kind = self.account_ids.resolve(self, kind).await?;
        let kind = kind.as_ref();
        let (endpoint, body) = match kind {
            TimelineKind::Home => ("notes/timeline", json!({})),
            TimelineKind::Local => ("notes/local-timeline", json!({})),
            TimelineKind::Federated => ("notes/global-timeline", json!({})),
            TimelineKind::Social => ("notes/hybrid-timeline", json!({})),
            TimelineKind::Hashtag(tag) => ("notes/search-by-tag", json!({ "tag": tag })),
            TimelineKind::List { id, .. } => ("notes/user-list-timeline", json!({ "listId": id })),
            TimelineKind::Account { id, posts, .. } => (
                "users/notes",
                json!({
                    "userId": id,
                    "withReplies": *posts == AccountPosts::WithReplies,
                    "withFiles": *posts == AccountPosts::Media,
                }),
            ),
            // Misskey keeps no list of liked notes: a favourites tab (a config written for
            // Mastodon, or a Misskey user's own word) shows its favorites, skua's bookmarks.
            TimelineKind::Bookmarks | TimelineKind::Favourites => ("i/favorites", json!({})),
            TimelineKind::Notifications { mentions_only } => {
                return self.notifications(page, *mentions_only).await;
            }
            TimelineKind::Direct => return self.direct_notes(page).await,
            TimelineKind::Chat(with) => return self.chat_page(with, page).await,
            TimelineKind::Clip { id, .. } => ("clips/notes", json!({ "clipId": id })),
            TimelineKind::Channel { id, name } => (
                "channels/timeline",
                json!({ "channelId": self.channel_id(id, name).await? }),
            ),
            TimelineKind::Antenna { id, name } => (
                "antennas/notes",
                json!({ "antennaId": self.antenna_id(id, name).await? }),
            ),
        };
        // A profile's first page comes with its pinned notes (from the user's details).
        let pinned_of = match (kind, page) {
            (
                TimelineKind::Account {
                    id,
                    posts: AccountPosts::Posts | AccountPosts::WithReplies,
                    ..
                },
                PageRequest::Latest,
            ) => Some(id.as_str()),
            _ => None,
        };
        let body = paged(body, page, self.page_size);
        let (reply, pinned) = tokio::join!(self.call(endpoint, body), async {
            match pinned_of {
                Some(id) => self.user(id).await.map(|u| u.pinned_notes),
                None => Ok(Vec::new()),
            }
        });
        // Favorites come wrapped, each with its own id (the paging cursor).
        let (notes, unreadable): (Vec<(Option<String>, Note)>, usize) =
            if matches!(kind, TimelineKind::Bookmarks | TimelineKind::Favourites) {
                let favorites: Items<Favorite> = reply?.json()?;
                let notes = favorites.items.into_iter();
                (
                    notes.map(|f| (Some(f.id), f.note)).collect(),
                    favorites.unreadable,
                )
            } else {
                let notes: Items<Note> = reply?.json()?;
                let read = notes.items.into_iter().map(|n| (None, n)).collect();
                (read, notes.unreadable)
            };
        // Pinned notes are a bonus: without them the posts still show.
        let pinned: Vec<Entry> = pinned
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "could not read the pinned notes");
                Vec::new()
            })
            .into_iter()
            .map(|n| Entry::pinned(n.into_post(self)))
            .collect();
        let mut entries: Vec<Entry> = notes
            .into_iter()
            .map(|(favorite, n)| {
                let mut entry = n.into_entry(self);
                if let Some(post) = &mut entry.post
                    && let Some(id) = favorite
                {
                    entry.id = sanitize::owned_line(&id);
                    post.mine.bookmarked = Some(true);
                }
                entry
            })
            .collect();
        // Present newest first whatever order the server answers in (`sinceId` alone answers
        // oldest first).
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        let older = entries.last().map(|e| e.id.clone());
        Ok(Page {
            lacking: None,
            older,
            entries: pinned.into_iter().chain(entries).collect(),
            unreadable,
        })
    }
}

#[async_trait]
impl Backend for Misskey {
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        // The first time, the muted words are read alongside, not before.
        let (read, filters) = tokio::join!(self.page_of(kind, page), self.filter_set());
        let mut read = read?;
        super::judge::judge_page(&filters, &mut read.entries, kind);
        Ok(read)
    }

    async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        let query = query.trim();
        let mut results = SearchResults::default();
        // An address from any server: the server fetches what it points at.
        if query.starts_with("https://") || query.starts_with("http://") {
            #[derive(Deserialize)]
            struct Shown {
                #[serde(rename = "type")]
                kind: String,
                object: Value,
            }
            let shown: Shown = self
                .call("ap/show", json!({ "uri": query }))
                .await?
                .json()?;
            match shown.kind.as_str() {
                "User" => results.accounts.push(
                    serde_json::from_value::<User>(shown.object)
                        .map_err(|e| ApiError::Decode(e.to_string()))?
                        .into_account(&self.base),
                ),
                _ => results.posts.push(
                    serde_json::from_value::<Note>(shown.object)
                        .map_err(|e| ApiError::Decode(e.to_string()))?
                        .into_post(self),
                ),
            }
            return Ok(results);
        }
        let text = query.trim_start_matches(['@', '#']);
        let (users, tags, notes) = tokio::join!(
            self.call(
                "users/search",
                json!({ "query": text, "limit": SEARCH_RESULTS, "origin": "combined" })
            ),
            self.call(
                "hashtags/search",
                json!({ "query": text, "limit": SEARCH_RESULTS })
            ),
            self.call(
                "notes/search",
                json!({ "query": query, "limit": SEARCH_RESULTS })
            ),
        );
        let users: Vec<User> = users?.items()?;
        results.accounts = users
            .into_iter()
            .map(|u| u.into_account(&self.base))
            .collect();
        // `@user@host` someone the server has not seen yet: look them up.
        if query.starts_with('@')
            && text.contains('@')
            && !results
                .accounts
                .iter()
                .any(|a| a.acct.eq_ignore_ascii_case(text))
            && let Ok(account) = self.lookup_account(text).await
        {
            results.accounts.insert(0, account);
        }
        let tags: Vec<String> = tags?.json()?;
        results.hashtags = tags.iter().map(|t| sanitize::owned_line(t)).collect();
        match notes {
            Ok(reply) => {
                let notes: Vec<Note> = reply.items()?;
                results.posts = notes.into_iter().map(|n| n.into_post(self)).collect();
            }
            Err(ApiError::Forbidden(_) | ApiError::Invalid(_) | ApiError::Unsupported(_)) => {
                results
                    .unavailable
                    .push("this server does not let you search notes".into());
            }
            Err(error) => return Err(error),
        }
        Ok(results)
    }

    async fn custom_emojis(&self) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        struct Emojis {
            emojis: Vec<Emoji>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Emoji {
            name: String,
            #[serde(default)]
            role_ids_that_can_be_used_this_emoji_as_reaction: Vec<String>,
        }
        let emojis: Emojis = self.call("emojis", json!({})).await?.json()?;
        Ok(emojis
            .emojis
            .into_iter()
            // Emoji only some roles may react with are left out: the server would swap them
            // for ❤ anyway.
            .filter(|e| {
                e.role_ids_that_can_be_used_this_emoji_as_reaction
                    .is_empty()
            })
            .map(|e| sanitize::owned_line(&e.name))
            .filter(|name| !name.is_empty() && !name.contains(':'))
            .collect())
    }

    async fn verify_credentials(&self) -> Result<Account, ApiError> {
        let me: User = self.me().await?.json()?;
        // Known from now on: chats and the look-back before posting again need it.
        let _ = self.my_id.set(me.id.clone());
        Ok(me.into_account(&self.base))
    }

    /// Kept in the user's registry (scope `skua`), so it follows them to other devices.
    async fn read_positions(&self) -> Result<Option<ReadPositions>, ApiError> {
        let all: serde_json::Value = self
            .call("i/registry/get-all", json!({ "scope": [REGISTRY_SCOPE] }))
            .await?
            .json()?;
        let id = |key: &str| all[key].as_str().map(sanitize::owned_line);
        Ok(Some(ReadPositions {
            home: id("home"),
            notifications: id("notifications"),
        }))
    }

    /// Home's position and the notifications' go in the registry, never behind what another
    /// device kept there; reading the notifications also marks them all read.
    async fn save_position(&self, kind: &TimelineKind, id: &str) -> Result<(), ApiError> {
        let key = match kind {
            TimelineKind::Home => "home",
            TimelineKind::Notifications { .. } => {
                self.read_notifications().await?;
                "notifications"
            }
            _ => return Ok(()),
        };
        let scope = json!([REGISTRY_SCOPE]);
        // A key not kept yet is an error (NO_SUCH_KEY): nothing to stay ahead of.
        let kept = self
            .call("i/registry/get", json!({ "scope": scope, "key": key }))
            .await
            .ok()
            .and_then(|reply| reply.json::<String>().ok());
        if kept.is_some_and(|kept| compare_ids(&kept, id).is_gt()) {
            return Ok(());
        }
        let body = json!({ "scope": scope, "key": key, "value": id });
        self.call_void("i/registry/set", body).await
    }

    async fn stream(&self) -> Result<Box<dyn super::stream::LiveStream>, ApiError> {
        self.open_stream().await
    }

    fn flavor(&self) -> super::nodeinfo::Flavor {
        super::nodeinfo::Flavor::Misskey
    }
}
