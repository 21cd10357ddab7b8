//! The Mastodon client API (also served by GoToSocial, Pleroma, Akkoma and others): the
//! `Backend` here (timelines, search, the server), its parts beside it (`lists.rs`,
//! `people.rs`, `posts.rs`), over the HTTP client (`client.rs`) and the wire types (`wire.rs`).

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;

use super::http::{self, Items};
use super::model::*;
use super::{ApiError, Backend};
use crate::sanitize;

mod announcements;
mod client;
mod crowds;
mod discover;
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
pub use client::{Mastodon, error_from, parse_link_header};
use wire::*;

impl Mastodon {
    /// One page of a timeline as the server sends it.
    async fn page_of(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        let kind = self.account_ids.resolve(self, kind).await?;
        let kind = kind.as_ref();
        let (url, mut query) = match kind {
            TimelineKind::Home => (self.url(&["api", "v1", "timelines", "home"]), vec![]),
            TimelineKind::Local => (
                self.url(&["api", "v1", "timelines", "public"]),
                vec![("local", "true".to_owned())],
            ),
            TimelineKind::Federated => (self.url(&["api", "v1", "timelines", "public"]), vec![]),
            TimelineKind::Hashtag(tag) => {
                (self.url(&["api", "v1", "timelines", "tag", tag]), vec![])
            }
            TimelineKind::List { id, .. } => {
                (self.url(&["api", "v1", "timelines", "list", id]), vec![])
            }
            TimelineKind::Social => {
                return Err(ApiError::Unsupported(
                    "the social timeline is a Misskey feature; this server does not have it".into(),
                ));
            }
            TimelineKind::Antenna { .. } => return Err(no_antennas()),
            TimelineKind::Clip { .. } => return Err(no_clips()),
            TimelineKind::Channel { .. } => return Err(no_channels()),
            TimelineKind::Chat(_) => {
                return Err(ApiError::Unsupported(
                    "Mastodon has no chat: its direct messages are posts".into(),
                ));
            }
            // Paged by the server's own ids, given in the Link header.
            TimelineKind::Bookmarks => (self.url(&["api", "v1", "bookmarks"]), vec![]),
            TimelineKind::Favourites => (self.url(&["api", "v1", "favourites"]), vec![]),
            TimelineKind::Notifications { mentions_only } => {
                return self.notifications(page, *mentions_only).await;
            }
            TimelineKind::Direct => return self.conversations(page).await,
            TimelineKind::Account { id, posts, .. } => {
                let query = match posts {
                    AccountPosts::Posts => vec![("exclude_replies", "true".to_owned())],
                    AccountPosts::WithReplies => vec![],
                    AccountPosts::Media => vec![("only_media", "true".to_owned())],
                };
                (self.url(&["api", "v1", "accounts", id, "statuses"]), query)
            }
        };
        // A profile's first page comes with its pinned posts.
        let pinned = match (kind, page) {
            (
                TimelineKind::Account {
                    id,
                    posts: AccountPosts::Posts | AccountPosts::WithReplies,
                    ..
                },
                PageRequest::Latest,
            ) => Some(self.url(&["api", "v1", "accounts", id, "statuses"])),
            _ => None,
        };
        query.extend(page_query(page, self.page_size));
        let (reply, pinned) = tokio::join!(self.get(url, &query), async {
            match pinned {
                Some(url) => self
                    .get(url, &[("pinned", "true".to_owned())])
                    .await
                    .map(Some),
                None => Ok(None),
            }
        });
        let reply = reply?;
        if reply.status == StatusCode::PARTIAL_CONTENT {
            return Err(ApiError::Regenerating);
        }
        let statuses: Items<Status> = reply.json()?;
        // Pinned posts are a bonus: without them the posts still show.
        let pinned = pinned.and_then(|reply| reply.map(|r| r.items::<Status>()).transpose());
        let mut entries: Vec<Entry> = match pinned {
            Ok(pinned) => pinned
                .into_iter()
                .flatten()
                .map(|s| Entry::pinned(s.into_post()))
                .collect(),
            Err(error) => {
                tracing::warn!(%error, "could not read the pinned posts");
                Vec::new()
            }
        };
        let unreadable = statuses.unreadable;
        entries.extend(statuses.items.into_iter().map(Status::into_entry));
        let links = parse_link_header(&reply.headers);
        let older = links
            .get("next")
            .and_then(|url| query_param(url, "max_id"))
            .or_else(|| entries.iter().rfind(|e| !e.pinned).map(|e| e.id.clone()));
        Ok(Page {
            lacking: None,
            entries,
            older,
            unreadable,
        })
    }
}

#[async_trait]
impl Backend for Mastodon {
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        // The first time, the filters are read alongside, not before.
        let (read, filters) = tokio::join!(self.page_of(kind, page), self.filter_set());
        let mut read = read?;
        super::judge::judge_page(&filters, &mut read.entries, kind);
        Ok(read)
    }

    async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        #[derive(Deserialize)]
        struct Found {
            #[serde(default, deserialize_with = "http::lenient")]
            accounts: Vec<WireAccount>,
            #[serde(default, deserialize_with = "http::lenient")]
            statuses: Vec<Status>,
            #[serde(default, deserialize_with = "http::lenient")]
            hashtags: Vec<WireTag>,
        }
        let found: Found = self
            .get(
                self.url(&["api", "v2", "search"]),
                &[
                    ("q", query.to_owned()),
                    ("resolve", "true".to_owned()),
                    ("limit", SEARCH_LIMIT.to_string()),
                ],
            )
            .await?
            .json()?;
        Ok(SearchResults {
            accounts: found
                .accounts
                .into_iter()
                .map(WireAccount::into_account)
                .collect(),
            hashtags: found
                .hashtags
                .into_iter()
                .map(|t| sanitize::owned_line(&t.name))
                .collect(),
            posts: found.statuses.into_iter().map(Status::into_post).collect(),
            unavailable: Vec::new(),
        })
    }

    fn flavor(&self) -> super::nodeinfo::Flavor {
        super::nodeinfo::Flavor::Mastodon
    }

    async fn custom_emojis(&self) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        struct Emoji {
            shortcode: String,
        }
        let emojis: Vec<Emoji> = self
            .get(self.url(&["api", "v1", "custom_emojis"]), &[])
            .await?
            .json()?;
        Ok(emojis
            .into_iter()
            .map(|e| sanitize::owned_line(&e.shortcode))
            .filter(|name| !name.is_empty() && !name.contains(':'))
            .collect())
    }

    async fn verify_credentials(&self) -> Result<Account, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "verify_credentials"]),
                &[],
            )
            .await?;
        Ok(reply.json::<WireAccount>()?.into_account())
    }

    async fn read_positions(&self) -> Result<Option<ReadPositions>, ApiError> {
        self.markers().await.map(Some)
    }

    async fn save_position(&self, kind: &TimelineKind, id: &str) -> Result<(), ApiError> {
        match kind {
            TimelineKind::Home => self.save_marker("home", id).await,
            TimelineKind::Notifications { .. } => self.save_marker("notifications", id).await,
            _ => Ok(()),
        }
    }

    async fn stream(&self) -> Result<Box<dyn super::stream::LiveStream>, ApiError> {
        self.open_stream().await
    }

    async fn read_conversation(&self, conversation: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "conversations", conversation, "read"]);
        self.call(Method::POST, url, &[], None).await.map(|_| ())
    }
}

fn no_antennas() -> ApiError {
    ApiError::Unsupported("antennas are a Misskey feature; this server has none".into())
}

#[async_trait]
impl crate::api::Antennas for Mastodon {
    async fn antennas(&self) -> Result<Vec<Antenna>, ApiError> {
        Err(no_antennas())
    }

    async fn save_antenna(&self, _: &Antenna) -> Result<Antenna, ApiError> {
        Err(no_antennas())
    }

    async fn delete_antenna(&self, _: &str) -> Result<(), ApiError> {
        Err(no_antennas())
    }
}

fn no_channels() -> ApiError {
    ApiError::Unsupported(
        "channels are a Misskey feature; on Mastodon, a hashtag tab is the nearest".into(),
    )
}

/// Mastodon keeps no drafts: they stay on the device.
impl crate::api::ServerDrafts for Mastodon {}

/// Mastodon has no chat: its direct messages are posts.
impl crate::api::Chats for Mastodon {}

#[async_trait]
impl crate::api::Channels for Mastodon {
    async fn channels(&self, _: &crate::api::ChannelSet) -> Result<Vec<Channel>, ApiError> {
        Err(no_channels())
    }

    async fn follow_channel(&self, _: &str, _: bool) -> Result<(), ApiError> {
        Err(no_channels())
    }

    async fn favourite_channel(&self, _: &str, _: bool) -> Result<(), ApiError> {
        Err(no_channels())
    }
}

fn no_clips() -> ApiError {
    ApiError::Unsupported(
        "clips are a Misskey feature; on Mastodon, bookmarks are the nearest".into(),
    )
}

#[async_trait]
impl crate::api::Clips for Mastodon {
    async fn clips(&self) -> Result<Vec<Clip>, ApiError> {
        Err(no_clips())
    }

    async fn save_clip(&self, _: &Clip) -> Result<Clip, ApiError> {
        Err(no_clips())
    }

    async fn delete_clip(&self, _: &Clip) -> Result<(), ApiError> {
        Err(no_clips())
    }

    async fn clip_note(&self, _: &str, _: &str, _: bool) -> Result<(), ApiError> {
        Err(no_clips())
    }

    async fn clips_of(&self, _: &str) -> Result<Vec<String>, ApiError> {
        Err(no_clips())
    }
}
