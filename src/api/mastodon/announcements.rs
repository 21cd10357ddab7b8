//! The server's announcements on a Mastodon-API server: read, marked read (dismissed), and
//! reacted to with emoji; and the notifications its policy filtered into requests (4.3+).

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;

use super::client::*;
use crate::api::model::*;
use crate::api::{Announcements, ApiError, html};
use crate::sanitize;

#[derive(Deserialize)]
pub(super) struct WireAnnouncement {
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
    pub(super) fn into_announcement(self) -> Announcement {
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

/// The policy's rules skua shows, in order, as the server names them.
const POLICY_RULES: &[&str] = &[
    "for_not_following",
    "for_not_followers",
    "for_new_accounts",
    "for_private_mentions",
    "for_limited_accounts",
];

fn policy_of(value: &serde_json::Value) -> NotificationPolicy {
    NotificationPolicy {
        rules: POLICY_RULES
            .iter()
            .filter_map(|rule| {
                let choice = value[*rule].as_str()?;
                Some(((*rule).to_owned(), sanitize::owned_line(choice)))
            })
            .collect(),
        pending_requests: value["summary"]["pending_requests_count"]
            .as_u64()
            .unwrap_or(0),
    }
}

#[derive(Deserialize)]
struct WireRequest {
    id: String,
    account: super::wire::WireAccount,
    #[serde(default)]
    notifications_count: serde_json::Value,
}

#[async_trait]
impl crate::api::NotificationRequests for Mastodon {
    async fn notification_policy(&self) -> Result<NotificationPolicy, ApiError> {
        let url = self.url(&["api", "v2", "notifications", "policy"]);
        let value: serde_json::Value = self.get(url, &[]).await.map_err(before_4_3)?.json()?;
        Ok(policy_of(&value))
    }

    async fn set_notification_policy(
        &self,
        rule: &str,
        value: &str,
    ) -> Result<NotificationPolicy, ApiError> {
        let url = self.url(&["api", "v2", "notifications", "policy"]);
        let body = serde_json::json!({ rule: value });
        let reply = self
            .call(Method::PATCH, url, &[], Some(body))
            .await
            .map_err(before_4_3)?;
        Ok(policy_of(&reply.json::<serde_json::Value>()?))
    }

    async fn notification_requests(&self) -> Result<Vec<NotificationRequest>, ApiError> {
        let url = self.url(&["api", "v1", "notifications", "requests"]);
        let found: crate::api::http::Items<WireRequest> =
            self.get(url, &[]).await.map_err(before_4_3)?.json()?;
        Ok(found
            .items
            .into_iter()
            .map(|r| NotificationRequest {
                id: sanitize::owned_line(&r.id),
                account: r.account.into_account(),
                // Mastodon writes the count as a string.
                count: r
                    .notifications_count
                    .as_u64()
                    .or_else(|| r.notifications_count.as_str()?.parse().ok())
                    .unwrap_or(0),
            })
            .collect())
    }

    async fn answer_notification_request(&self, id: &str, accept: bool) -> Result<(), ApiError> {
        let verb = if accept { "accept" } else { "dismiss" };
        let url = self.url(&["api", "v1", "notifications", "requests", id, verb]);
        self.call(Method::POST, url, &[], None).await.map(|_| ())
    }
}

/// A server before Mastodon 4.3 has no notification requests: said so.
fn before_4_3(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => ApiError::Unsupported(
            "this server filters no notifications into requests (Mastodon 4.3 and later do)".into(),
        ),
        error => error,
    }
}
