//! The server's announcements on a Mastodon-API server: read, marked read (dismissed), and
//! reacted to with emoji.

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;

use super::client::*;
use crate::api::model::*;
use crate::api::{Announcements, ApiError, html};
use crate::sanitize;

#[derive(Deserialize)]
struct WireAnnouncement {
    id: String,
    #[serde(default)]
    content: String,
    published_at: Option<String>,
    #[serde(default)]
    read: bool,
    #[serde(default, deserialize_with = "crate::api::http::lenient")]
    reactions: Vec<WireReaction>,
}

#[derive(Deserialize)]
struct WireReaction {
    name: String,
    #[serde(default)]
    count: u64,
    #[serde(default)]
    me: bool,
}

impl WireAnnouncement {
    fn into_announcement(self) -> Announcement {
        Announcement {
            id: sanitize::owned_line(&self.id),
            title: None,
            text: html::to_rich_text(&self.content, &|_: &str| None).to_plain(),
            published: self.published_at.and_then(|at| at.parse().ok()),
            read: self.read,
            reactions: self
                .reactions
                .into_iter()
                .map(|r| AnnouncementReaction {
                    name: sanitize::owned_line(&r.name),
                    count: r.count,
                    mine: r.me,
                })
                .filter(|r| !r.name.is_empty())
                .collect(),
        }
    }
}

#[async_trait]
impl Announcements for Mastodon {
    async fn announcements(&self) -> Result<Vec<Announcement>, ApiError> {
        let reply = self
            .get(self.url(&["api", "v1", "announcements"]), &[])
            .await?;
        let found: crate::api::http::Items<WireAnnouncement> = reply.json()?;
        let mut announcements: Vec<Announcement> = found
            .items
            .into_iter()
            .map(WireAnnouncement::into_announcement)
            .collect();
        announcements.sort_by_key(|a| std::cmp::Reverse(a.published));
        Ok(announcements)
    }

    async fn read_announcement(&self, id: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "announcements", id, "dismiss"]);
        self.call(Method::POST, url, &[], None).await.map(|_| ())
    }

    async fn react_to_announcement(&self, id: &str, name: &str, add: bool) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "announcements", id, "reactions", name]);
        let method = if add { Method::PUT } else { Method::DELETE };
        self.call(method, url, &[], None).await.map(|_| ())
    }
}
