//! The server's announcements on Misskey: read and marked read (Misskey's take no reactions). Misskey
//! filters no notifications into requests, and says so.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::client::*;
use crate::api::model::*;
use crate::api::{Announcements, ApiError, mfm};
use crate::sanitize;

/// Announcements asked for at most.
const ANNOUNCEMENTS: u32 = 20;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAnnouncement {
    id: String,
    created_at: Option<String>,
    title: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    is_read: bool,
}

#[async_trait]
impl Announcements for Misskey {
    async fn announcements(&self) -> Result<Vec<Announcement>, ApiError> {
        let found: crate::api::http::Items<WireAnnouncement> = self
            .call(
                "announcements",
                json!({ "limit": ANNOUNCEMENTS, "isActive": true }),
            )
            .await?
            .json()?;
        let host = self.base.host_str().unwrap_or_default().to_owned();
        Ok(found
            .items
            .into_iter()
            .map(|a| Announcement {
                id: sanitize::owned_line(&a.id),
                title: a
                    .title
                    .map(|t| sanitize::owned_line(t.trim()))
                    .filter(|t| !t.is_empty()),
                text: mfm::to_rich_text(&a.text, &host).to_plain(),
                published: a.created_at.and_then(|at| at.parse().ok()),
                read: a.is_read,
                reactions: Vec::new(),
            })
            .collect())
    }

    async fn read_announcement(&self, id: &str) -> Result<(), ApiError> {
        self.call_void("i/read-announcement", json!({ "announcementId": id }))
            .await
    }

    async fn react_to_announcement(
        &self,
        _id: &str,
        _name: &str,
        _add: bool,
    ) -> Result<(), ApiError> {
        Err(ApiError::Unsupported(
            "Misskey announcements take no reactions".into(),
        ))
    }
}

fn no_requests() -> ApiError {
    ApiError::Unsupported("Misskey filters no notifications into requests".into())
}

#[async_trait]
impl crate::api::NotificationRequests for Misskey {
    async fn notification_policy(&self) -> Result<NotificationPolicy, ApiError> {
        Err(no_requests())
    }

    async fn set_notification_policy(
        &self,
        _rule: &str,
        _value: &str,
    ) -> Result<NotificationPolicy, ApiError> {
        Err(no_requests())
    }

    async fn notification_requests(&self) -> Result<Vec<NotificationRequest>, ApiError> {
        Err(no_requests())
    }

    async fn answer_notification_request(&self, _id: &str, _accept: bool) -> Result<(), ApiError> {
        Err(no_requests())
    }
}
