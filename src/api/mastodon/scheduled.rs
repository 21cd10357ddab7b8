//! Posts the server sends later (`scheduled_at` on a new status; `scheduled_statuses`).

use async_trait::async_trait;
use jiff::Timestamp;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::Status;
use super::client::*;
use super::posts::status_body;
use crate::api::{ApiError, NewPoll, NewPost, ScheduledPost, Scheduling, Sent, Visibility};
use crate::sanitize;

/// Most scheduled statuses a server keeps per user (Mastodon: 300); read in pages this big.
const PAGE: u32 = 40;

#[derive(Deserialize)]
struct WireScheduled {
    id: String,
    scheduled_at: Timestamp,
    params: Params,
    #[serde(default)]
    media_attachments: Vec<WireAttachment>,
}

/// What the status will be made with; the server keeps what it was sent, nulls included.
#[derive(Deserialize)]
struct Params {
    text: Option<String>,
    spoiler_text: Option<String>,
    visibility: Option<String>,
    sensitive: Option<bool>,
    language: Option<String>,
    in_reply_to_id: Option<serde_json::Value>,
    poll: Option<WirePoll>,
}

#[derive(Deserialize)]
struct WirePoll {
    #[serde(default)]
    options: Vec<String>,
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    multiple: Option<bool>,
    #[serde(default)]
    hide_totals: Option<bool>,
}

#[derive(Deserialize)]
struct WireAttachment {
    id: String,
    description: Option<String>,
}

/// An id the server wrote as a number or a string.
fn id_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(id) => Some(sanitize::owned_line(id)),
        serde_json::Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

impl WireScheduled {
    fn into_scheduled(self) -> ScheduledPost {
        let params = self.params;
        ScheduledPost {
            id: sanitize::owned_line(&self.id),
            at: self.scheduled_at,
            text: sanitize::text(params.text.as_deref().unwrap_or_default()).into_owned(),
            spoiler: sanitize::owned_line(params.spoiler_text.as_deref().unwrap_or_default()),
            visibility: match params.visibility.as_deref() {
                Some("unlisted") => Visibility::Unlisted,
                Some("private") => Visibility::Private,
                Some("direct") => Visibility::Direct,
                _ => Visibility::Public,
            },
            sensitive: params.sensitive.unwrap_or(false),
            language: params.language.map(|l| sanitize::owned_line(&l)),
            local_only: false,
            in_reply_to: params.in_reply_to_id.as_ref().and_then(id_text),
            media: self
                .media_attachments
                .iter()
                .map(|m| ScheduledPost::attachment(&m.id, m.description.as_deref()))
                .collect(),
            poll: params.poll.map(|poll| {
                let expires_in = poll
                    .expires_in
                    .as_ref()
                    .and_then(|e| e.as_u64().or_else(|| e.as_str()?.parse().ok()))
                    .unwrap_or(24 * 60 * 60);
                NewPoll::kept(
                    &poll.options,
                    expires_in,
                    poll.multiple.unwrap_or(false),
                    poll.hide_totals.unwrap_or(false),
                )
            }),
        }
    }
}

impl Mastodon {
    fn scheduled_url(&self, id: &str) -> reqwest::Url {
        self.url(&["api", "v1", "scheduled_statuses", id])
    }
}

#[async_trait]
impl Scheduling for Mastodon {
    async fn schedule(&self, post: &NewPost, at: Timestamp) -> Result<Sent, ApiError> {
        let mut body = status_body(post);
        body["scheduled_at"] = json!(at.to_string());
        let url = self.url(&["api", "v1", "statuses"]);
        let headers = [("Idempotency-Key", post.idempotency_key.as_str())];
        let reply = self
            .call_with_headers(Method::POST, url, &[], Some(body), &headers)
            .await?;
        // A server that cannot schedule may post at once: then it is posted, not to be sent
        // again.
        match reply.json::<WireScheduled>() {
            Ok(scheduled) => Ok(Sent::Scheduled(scheduled.into_scheduled())),
            Err(error) => match reply.json::<Status>() {
                Ok(status) => Ok(Sent::Posted(Box::new(status.into_post()))),
                Err(_) => Err(error),
            },
        }
    }

    async fn scheduled_posts(&self) -> Result<Vec<ScheduledPost>, ApiError> {
        let url = self.url(&["api", "v1", "scheduled_statuses"]);
        let waiting: Vec<WireScheduled> =
            self.every_page(url, &[("limit", PAGE.to_string())]).await?;
        let mut waiting: Vec<ScheduledPost> = waiting
            .into_iter()
            .map(WireScheduled::into_scheduled)
            .collect();
        waiting.sort_by_key(|p| p.at);
        Ok(waiting)
    }

    async fn reschedule(
        &self,
        post: &ScheduledPost,
        at: Timestamp,
    ) -> Result<ScheduledPost, ApiError> {
        let body = json!({ "scheduled_at": at.to_string() });
        let moved: WireScheduled = self
            .call(Method::PUT, self.scheduled_url(&post.id), &[], Some(body))
            .await?
            .json()?;
        Ok(moved.into_scheduled())
    }

    async fn cancel_scheduled(&self, id: &str) -> Result<(), ApiError> {
        self.call(Method::DELETE, self.scheduled_url(id), &[], None)
            .await?;
        Ok(())
    }
}
