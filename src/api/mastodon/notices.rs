//! Mastodon notifications (grouped by the server from 4.3 on, by skua before) and direct
//! conversations, as timeline pages of notice entries.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use serde::Deserialize;

use super::{Mastodon, Status, WireAccount, page_query, parse_link_header, query_param};
use crate::api::http::Items;
use crate::api::{
    ApiError, Entry, Notice, NoticeKind, Page, PageRequest, ReadPositions, compare_ids, group_page,
};
use crate::sanitize;

impl Mastodon {
    /// A page of notifications: grouped by the server where it can (4.3+), else grouped here.
    pub(super) async fn notifications(
        &self,
        page: &PageRequest,
        mentions_only: bool,
    ) -> Result<Page, ApiError> {
        let mut query = page_query(page, self.page_size);
        if mentions_only {
            query.push(("types[]", "mention".to_owned()));
        }
        if !self.no_grouped_notifications.load(Ordering::Relaxed) {
            let url = self.url(&["api", "v2", "notifications"]);
            match self.get(url, &query).await {
                Ok(reply) => {
                    let older = next_cursor(&reply.headers);
                    let grouped: Grouped = reply.json()?;
                    return Ok(grouped.into_page(older));
                }
                Err(ApiError::NotFound(_)) => {
                    tracing::info!("no grouped notifications here; grouping them in skua");
                    self.no_grouped_notifications.store(true, Ordering::Relaxed);
                }
                Err(error) => return Err(error),
            }
        }
        let reply = self
            .get(self.url(&["api", "v1", "notifications"]), &query)
            .await?;
        let older = next_cursor(&reply.headers);
        let notifications: Items<Notification> = reply.json()?;
        let entries = notifications
            .items
            .into_iter()
            .filter_map(Notification::into_entry)
            .collect();
        Ok(Page {
            lacking: None,
            unreadable: notifications.unreadable,
            ..group_page(entries, older)
        })
    }

    /// A page of direct conversations, each shown by its latest post.
    pub(super) async fn conversations(&self, page: &PageRequest) -> Result<Page, ApiError> {
        let query = page_query(page, self.page_size.min(40));
        let reply = self
            .get(self.url(&["api", "v1", "conversations"]), &query)
            .await?;
        let older = next_cursor(&reply.headers);
        let conversations: Items<Conversation> = reply.json()?;
        let unreadable = conversations.unreadable;
        let mut entries: Vec<Entry> = conversations
            .items
            .into_iter()
            .filter_map(Conversation::into_entry)
            .collect();
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        let older = older.or_else(|| entries.last().map(|e| e.id.clone()));
        Ok(Page {
            lacking: None,
            entries,
            older,
            unreadable,
        })
    }

    /// Reads the home and notifications markers.
    pub(super) async fn markers(&self) -> Result<ReadPositions, ApiError> {
        #[derive(Deserialize)]
        struct Marker {
            last_read_id: String,
        }
        #[derive(Deserialize)]
        struct Markers {
            home: Option<Marker>,
            notifications: Option<Marker>,
        }
        let query = [
            ("timeline[]", "home".to_owned()),
            ("timeline[]", "notifications".to_owned()),
        ];
        let markers: Markers = self
            .get(self.url(&["api", "v1", "markers"]), &query)
            .await?
            .json()?;
        let id = |m: Option<Marker>| m.map(|m| sanitize::owned_line(&m.last_read_id));
        Ok(ReadPositions {
            home: id(markers.home),
            notifications: id(markers.notifications),
        })
    }

    /// Saves a marker; a write that crossed another client's (409) is sent again.
    pub(super) async fn save_marker(&self, timeline: &str, id: &str) -> Result<(), ApiError> {
        let body = serde_json::json!({ timeline: { "last_read_id": id } });
        let mut attempt = 0;
        loop {
            let url = self.url(&["api", "v1", "markers"]);
            match self
                .call(reqwest::Method::POST, url, &[], Some(body.clone()))
                .await
            {
                Err(ApiError::Status { status: 409, .. }) if attempt < 3 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(300 * attempt)).await;
                }
                result => return result.map(|_| ()),
            }
        }
    }

    /// Accepts or rejects a follow request.
    pub(super) async fn answer_follow_request(
        &self,
        account: &str,
        accept: bool,
    ) -> Result<(), ApiError> {
        let verb = if accept { "authorize" } else { "reject" };
        let url = self.url(&["api", "v1", "follow_requests", account, verb]);
        self.call(reqwest::Method::POST, url, &[], None).await?;
        Ok(())
    }
}

fn next_cursor(headers: &reqwest::header::HeaderMap) -> Option<String> {
    parse_link_header(headers)
        .get("next")
        .and_then(|url| query_param(url, "max_id"))
}

/// A notification kind by its Mastodon name.
pub(super) fn kind(name: &str) -> NoticeKind {
    match name {
        "mention" => NoticeKind::Mention,
        "status" => NoticeKind::Posted,
        "reblog" => NoticeKind::Boost,
        "follow" => NoticeKind::Follow,
        "follow_request" => NoticeKind::FollowRequest,
        "favourite" => NoticeKind::Favourite,
        "poll" => NoticeKind::PollEnded,
        "update" | "quoted_update" => NoticeKind::Edited,
        "quote" => NoticeKind::Quote,
        other => NoticeKind::Other(sanitize::owned_line(other)),
    }
}

#[derive(Deserialize)]
pub(super) struct Notification {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created_at: String,
    account: Option<WireAccount>,
    status: Option<Status>,
    /// 4.3: the group the web client shows it in.
    group_key: Option<String>,
}

impl Notification {
    pub(super) fn into_entry(self) -> Option<Entry> {
        let at = self
            .created_at
            .parse()
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let post = self.status.map(Status::into_post);
        let id = sanitize::owned_line(&self.id);
        let mut notice = Notice::single(
            kind(&self.kind),
            self.account.map(WireAccount::into_account),
            post.as_ref().map(|p| p.id.as_str()),
            &id,
            at,
        );
        if let Some(key) = self.group_key.filter(|k| !k.starts_with("ungrouped-")) {
            notice.group = sanitize::owned_line(&key);
        }
        Some(Entry::notice(id, notice, post))
    }
}

/// `GET /api/v2/notifications`: groups naming accounts and posts sent once beside them.
#[derive(Deserialize)]
struct Grouped {
    #[serde(default)]
    accounts: Items<WireAccount>,
    #[serde(default)]
    statuses: Items<Status>,
    #[serde(default)]
    notification_groups: Items<Group>,
}

#[derive(Deserialize)]
struct Group {
    group_key: String,
    #[serde(default)]
    notifications_count: usize,
    #[serde(rename = "type")]
    kind: String,
    most_recent_notification_id: serde_json::Value,
    latest_page_notification_at: Option<String>,
    #[serde(default)]
    sample_account_ids: Vec<String>,
    status_id: Option<String>,
}

impl Grouped {
    fn into_page(self, older: Option<String>) -> Page {
        let unreadable = self.notification_groups.unreadable;
        let accounts: HashMap<String, crate::api::Account> = self
            .accounts
            .items
            .into_iter()
            .map(|a| (a.id.clone(), a.into_account()))
            .collect();
        // A post shown in several groups is sent once.
        let posts: HashMap<String, crate::api::Post> = self
            .statuses
            .items
            .into_iter()
            .map(|s| (s.id.clone(), s.into_post()))
            .collect();
        let mut entries: Vec<Entry> = self
            .notification_groups
            .items
            .into_iter()
            .map(|group| {
                // Mastodon sends the id as a string; some servers as a number.
                let id = match &group.most_recent_notification_id {
                    serde_json::Value::String(s) => sanitize::owned_line(s),
                    other => other.to_string(),
                };
                let post = group.status_id.as_ref().and_then(|s| posts.get(s).cloned());
                let sample: Vec<crate::api::Account> = group
                    .sample_account_ids
                    .iter()
                    .filter_map(|a| accounts.get(a).cloned())
                    .take(crate::api::NOTICE_SAMPLE)
                    .collect();
                let notice = Notice {
                    kind: kind(&group.kind),
                    count: group.notifications_count.max(sample.len()),
                    accounts: sample,
                    reactions: Vec::new(),
                    at: group
                        .latest_page_notification_at
                        .and_then(|t| t.parse().ok())
                        .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                    group: match group.group_key.starts_with("ungrouped-") {
                        true => format!("single-{id}"),
                        false => sanitize::owned_line(&group.group_key),
                    },
                };
                Entry::notice(id, notice, post)
            })
            .collect();
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        let older = older.or_else(|| entries.last().map(|e| e.id.clone()));
        Page {
            lacking: None,
            entries,
            older,
            unreadable,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Conversation {
    id: String,
    #[serde(default)]
    unread: bool,
    #[serde(default)]
    accounts: Vec<WireAccount>,
    last_status: Option<Status>,
}

impl Conversation {
    pub(super) fn into_entry(self) -> Option<Entry> {
        let post = self.last_status?.into_post();
        let id = sanitize::owned_line(&self.id);
        let notice = Notice {
            kind: NoticeKind::Conversation {
                id: id.clone(),
                unread: self.unread,
            },
            count: self.accounts.len(),
            accounts: self
                .accounts
                .into_iter()
                .take(crate::api::MAX_PARTS)
                .map(WireAccount::into_account)
                .collect(),
            reactions: Vec::new(),
            at: post.created_at,
            group: format!("conversation-{id}"),
        };
        Some(Entry::notice(post.id.clone(), notice, Some(post)))
    }
}
