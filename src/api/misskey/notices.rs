//! Misskey notifications (`i/notifications-grouped`, grouped further by skua) and notes
//! addressed to the user (direct messages), as timeline pages.

use serde::Deserialize;
use serde_json::json;

use super::{Misskey, Note, User, paged, reaction_label};
use crate::api::http::Items;
use crate::api::{
    Account, ApiError, Entry, NOTICE_SAMPLE, Notice, NoticeKind, Page, PageRequest, compare_ids,
    group_page,
};
use crate::sanitize;

impl Misskey {
    /// A page of notifications, left unread on the server (reading them is the user's).
    pub(super) async fn notifications(
        &self,
        page: &PageRequest,
        mentions_only: bool,
    ) -> Result<Page, ApiError> {
        let mut body = paged(json!({ "markAsRead": false }), page, self.page_size);
        if mentions_only {
            body["includeTypes"] = json!(["mention", "reply", "quote"]);
        }
        let reply = self.call("i/notifications-grouped", body).await?;
        let notifications: Items<Notification> = reply.json()?;
        let entries = notifications
            .items
            .into_iter()
            .map(|n| n.into_entry(self))
            .collect();
        Ok(Page {
            lacking: None,
            unreadable: notifications.unreadable,
            ..group_page(entries, None)
        })
    }

    /// A page of notes addressed to the user only (`specified` visibility).
    pub(super) async fn direct_notes(&self, page: &PageRequest) -> Result<Page, ApiError> {
        let body = paged(json!({ "visibility": "specified" }), page, self.page_size);
        let notes: Items<Note> = self.call("notes/mentions", body).await?.json()?;
        let unreadable = notes.unreadable;
        let mut entries: Vec<Entry> = notes
            .items
            .into_iter()
            .map(|n| n.into_entry(self))
            .collect();
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        let older = entries.last().map(|e| e.id.clone());
        // The newest page has the chats too (where the server has chat), each its last
        // message; older pages are notes alone.
        let mut lacking = None;
        if matches!(page, PageRequest::Latest | PageRequest::Newer(_)) {
            match self.chat_rows().await {
                Ok(chats) => {
                    entries.extend(chats);
                    entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
                }
                Err(ApiError::Unsupported(_)) => {}
                // An older login cannot read chats: the notes come, and the user is asked.
                Err(ApiError::Lacks(permission)) => lacking = Some(permission),
                Err(error) => tracing::warn!(%error, "could not read the chats"),
            }
        }
        Ok(Page {
            lacking,
            entries,
            older,
            unreadable,
        })
    }

    /// Marks every notification read.
    pub(super) async fn read_notifications(&self) -> Result<(), ApiError> {
        self.call_void("notifications/mark-all-as-read", json!({}))
            .await
    }

    /// Accepts or rejects a follow request.
    pub(super) async fn answer_follow_request(
        &self,
        user: &str,
        accept: bool,
    ) -> Result<(), ApiError> {
        let endpoint = match accept {
            true => "following/requests/accept",
            false => "following/requests/reject",
        };
        self.call_void(endpoint, json!({ "userId": user })).await
    }
}

/// A notification kind by its Misskey name.
fn kind(name: &str) -> NoticeKind {
    match name {
        "note" => NoticeKind::Posted,
        "follow" => NoticeKind::Follow,
        "mention" => NoticeKind::Mention,
        "reply" => NoticeKind::Reply,
        "renote" | "renote:grouped" => NoticeKind::Boost,
        "quote" => NoticeKind::Quote,
        "reaction" | "reaction:grouped" => NoticeKind::Reaction,
        "pollEnded" => NoticeKind::PollEnded,
        "receiveFollowRequest" => NoticeKind::FollowRequest,
        "followRequestAccepted" => NoticeKind::FollowAccepted,
        "edited" => NoticeKind::Edited,
        other => NoticeKind::Other(sanitize::owned_line(other)),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Notification {
    id: String,
    created_at: String,
    #[serde(rename = "type")]
    kind: String,
    user: Option<User>,
    note: Option<Note>,
    reaction: Option<String>,
    /// `reaction:grouped`: who reacted with what.
    #[serde(default)]
    reactions: Vec<GroupedReaction>,
    /// `renote:grouped`: who renoted.
    #[serde(default)]
    users: Vec<User>,
}

#[derive(Deserialize)]
struct GroupedReaction {
    user: User,
    reaction: String,
}

impl Notification {
    pub(super) fn into_entry(self, server: &Misskey) -> Entry {
        let at = self
            .created_at
            .parse()
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let id = sanitize::owned_line(&self.id);
        let post = self.note.map(|n| n.into_post(server));
        let account = |u: User| -> Account { u.into_account(&server.base) };
        let mut notice = Notice::single(
            kind(&self.kind),
            self.user.map(account),
            post.as_ref().map(|p| p.id.as_str()),
            &id,
            at,
        );
        notice.reactions = self.reaction.iter().map(|r| reaction_label(r)).collect();
        // Groups the server made: everyone in them counted, the newest named.
        notice.count += self.reactions.len() + self.users.len();
        for grouped in self.reactions {
            notice.add_reaction(reaction_label(&grouped.reaction));
            if notice.accounts.len() < NOTICE_SAMPLE {
                notice.accounts.push(account(grouped.user));
            }
        }
        let room = NOTICE_SAMPLE.saturating_sub(notice.accounts.len());
        notice
            .accounts
            .extend(self.users.into_iter().take(room).map(account));
        Entry::notice(id, notice, post)
    }
}
