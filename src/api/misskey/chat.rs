//! Misskey chat (2025.4 and later): the chats are rows of the direct messages tab (beside the
//! notes addressed to the user), a chat's messages a timeline (`chat/messages/user-timeline`,
//! `room-timeline`), sent, reacted to and deleted; older servers have none and say so.

use std::collections::HashMap;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::wire::{DriveFile, User};
use super::{Misskey, paged};
use crate::api::http::Items;
use crate::api::model::*;
use crate::api::{ApiError, Chats, mfm, no_chat};
use crate::sanitize;

/// Chats listed at most (Misskey's largest `chat/history`).
const CHATS: u32 = 100;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireMessage {
    id: String,
    created_at: String,
    text: Option<String>,
    from_user_id: String,
    from_user: Option<User>,
    to_user_id: Option<String>,
    to_user: Option<User>,
    to_room_id: Option<String>,
    to_room: Option<WireRoom>,
    file: Option<DriveFile>,
    #[serde(default)]
    reactions: Vec<WireReaction>,
    #[serde(default)]
    is_read: Option<bool>,
}

#[derive(Deserialize)]
struct WireRoom {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct WireReaction {
    user: Option<User>,
    #[serde(default)]
    reaction: String,
}

impl WireMessage {
    /// The message as a post by `authors[fromUserId]` (a message may come without its
    /// author, who is then one of the two in the chat); `me` marks the user's own reaction.
    fn into_post(self, server: &Misskey, authors: &HashMap<String, Account>, me: &str) -> Post {
        let author = match self.from_user {
            Some(user) => user.into_account(&server.base),
            None => authors
                .get(&self.from_user_id)
                .cloned()
                .unwrap_or_else(|| unknown(&self.from_user_id)),
        };
        let mut counts: Vec<(String, u64)> = Vec::new();
        let mut mine = None;
        for given in self.reactions {
            let reaction = sanitize::owned_line(&given.reaction);
            if given.user.as_ref().is_some_and(|u| u.id == me) {
                mine = Some(reaction.clone());
            }
            match counts.iter_mut().find(|(r, _)| *r == reaction) {
                Some((_, count)) => *count += 1,
                None => counts.push((reaction, 1)),
            }
        }
        Post {
            id: sanitize::owned_line(&self.id),
            author,
            created_at: self
                .created_at
                .parse()
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            visibility: Visibility::Specified,
            content: mfm::to_rich_text(self.text.as_deref().unwrap_or_default(), &server.host),
            spoiler: None,
            media: self
                .file
                .and_then(DriveFile::into_media)
                .into_iter()
                .collect(),
            tags: Vec::new(),
            url: None,
            // A message is neither answered nor renoted.
            counts: Counts {
                replies: Some(0),
                boosts: Some(0),
                favourites: None,
                reactions: counts,
            },
            in_reply_to: None,
            parent: None,
            quote: None,
            poll: None,
            edited_at: None,
            quotable: None,
            language: None,
            sensitive: false,
            filtered: None,
            mine: Mine {
                reaction: mine,
                ..Mine::default()
            },
            card: None,
            channel: None,
            translation: None,
        }
    }

    /// The message as the row of its chat among the direct messages (one row a chat: a newer
    /// message's row takes the place of the last one's).
    fn into_row(self, server: &Misskey, me: &str, unread: bool) -> Option<Entry> {
        let with = self.chat(me)?;
        let group = match &with {
            ChatWith::User { id, .. } => format!("chat-user-{id}"),
            ChatWith::Room { id, .. } => format!("chat-room-{id}"),
        };
        let post = self.into_post(server, &HashMap::new(), me);
        let notice = Notice {
            kind: NoticeKind::Chat { with, unread },
            accounts: vec![post.author.clone()],
            count: 1,
            reactions: Vec::new(),
            at: post.created_at,
            group,
        };
        Some(Entry::notice(post.id.clone(), notice, Some(post)))
    }

    /// Who the chat this message is in is with, seen from `me`.
    fn chat(&self, me: &str) -> Option<ChatWith> {
        if let Some(room) = &self.to_room_id {
            let name = self.to_room.as_ref().map_or("a room", |r| r.name.as_str());
            return Some(ChatWith::Room {
                id: sanitize::owned_line(room),
                name: sanitize::owned_line(name),
            });
        }
        let (id, user) = match self.from_user_id == me {
            true => (self.to_user_id.as_ref()?, self.to_user.as_ref()),
            false => (&self.from_user_id, self.from_user.as_ref()),
        };
        let acct = user.map_or_else(
            || id.clone(),
            |u| match &u.host {
                Some(host) => format!("{}@{host}", u.username),
                None => u.username.clone(),
            },
        );
        Some(ChatWith::User {
            id: sanitize::owned_line(id),
            acct: sanitize::owned_line(&acct),
        })
    }
}

/// A room as `chat/rooms/owned` lists it, or a membership as `chat/rooms/joining` does.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListedRoom {
    id: String,
    #[serde(default)]
    name: String,
    created_at: Option<String>,
    room: Option<Box<ListedRoom>>,
}

impl ListedRoom {
    fn room(self) -> ListedRoom {
        match self.room {
            Some(room) => *room,
            None => self,
        }
    }
}

/// The row of a room with no message yet (by the room's id, which sorts by when it was made).
fn quiet_room(room: ListedRoom) -> Entry {
    let id = sanitize::owned_line(&room.id);
    let with = ChatWith::Room {
        id: id.clone(),
        name: sanitize::owned_line(&room.name),
    };
    let notice = Notice {
        kind: NoticeKind::Chat {
            with,
            unread: false,
        },
        accounts: Vec::new(),
        count: 0,
        reactions: Vec::new(),
        at: room
            .created_at
            .and_then(|at| at.parse().ok())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        group: format!("chat-room-{id}"),
    };
    Entry::notice(id, notice, None)
}

/// One whose account the server did not send.
fn unknown(id: &str) -> Account {
    Account {
        id: sanitize::owned_line(id),
        username: "someone".into(),
        acct: "someone".into(),
        display_name: String::new(),
        url: None,
        bot: false,
    }
}

impl Misskey {
    /// The chats, newest first, as rows of the direct messages tab: each its last message,
    /// marked unread where the user has not read it. `Unsupported` where there is no chat.
    pub(super) async fn chat_rows(&self) -> Result<Vec<Entry>, ApiError> {
        let users = self.call("chat/history", json!({ "limit": CHATS })).await;
        let mut messages: Vec<WireMessage> = match users {
            // Older servers have no such endpoint.
            Err(ApiError::NotFound(_)) => return Err(no_chat()),
            other => {
                let read: Items<WireMessage> = other?.json()?;
                read.items
            }
        };
        let limit = json!({ "limit": CHATS });
        let (rooms, me, joined, owned) = tokio::join!(
            self.call("chat/history", json!({ "limit": CHATS, "room": true })),
            self.my_id(),
            self.call("chat/rooms/joining", limit.clone()),
            self.call("chat/rooms/owned", limit),
        );
        let me = me?.to_owned();
        if let Ok(rooms) = rooms {
            let read: Items<WireMessage> = rooms.json()?;
            messages.extend(read.items);
        }
        let mut rows: Vec<Entry> = messages
            .into_iter()
            .filter_map(|message| {
                let unread = message.from_user_id != me && message.is_read == Some(false);
                message.into_row(self, &me, unread)
            })
            .collect();
        // The rooms the user is in (joined or made) that have no message yet: a row each.
        for reply in [joined, owned].into_iter().flatten() {
            let listed: Items<ListedRoom> = reply.json()?;
            for room in listed.items.into_iter().map(ListedRoom::room) {
                let known = rows.iter().any(|r| {
                    matches!(r.notice.as_ref().map(|n| &n.kind),
                        Some(NoticeKind::Chat { with: ChatWith::Room { id, .. }, .. }) if *id == room.id)
                });
                if !known {
                    rows.push(quiet_room(room));
                }
            }
        }
        rows.sort_by(|a, b| compare_ids(&b.id, &a.id));
        Ok(rows)
    }

    /// A page of a chat's messages, newest first.
    pub(super) async fn chat_page(
        &self,
        with: &ChatWith,
        page: &PageRequest,
    ) -> Result<Page, ApiError> {
        let me = self.my_id().await?.to_owned();
        let (endpoint, body) = match with {
            ChatWith::User { id, .. } => ("chat/messages/user-timeline", json!({ "userId": id })),
            ChatWith::Room { id, .. } => ("chat/messages/room-timeline", json!({ "roomId": id })),
        };
        let body = paged(body, page, self.page_size);
        let messages: Items<WireMessage> = match self.call(endpoint, body).await {
            Err(ApiError::NotFound(_)) => return Err(no_chat()),
            other => other?.json()?,
        };
        // A chat with a user sends its messages without their authors: the two are known.
        let mut authors = HashMap::new();
        let missing: Vec<&String> = messages
            .items
            .iter()
            .filter(|m| m.from_user.is_none())
            .map(|m| &m.from_user_id)
            .collect();
        if !missing.is_empty() {
            let users: Vec<User> = self
                .call("users/show", json!({ "userIds": [&me, with_id(with)] }))
                .await?
                .items()?;
            for user in users {
                let account = user.into_account(&self.base);
                authors.insert(account.id.clone(), account);
            }
        }
        let mut entries: Vec<Entry> = messages
            .items
            .into_iter()
            .map(|m| Entry::of(m.into_post(self, &authors, &me)))
            .collect();
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        Ok(Page {
            lacking: None,
            older: entries.last().map(|e| e.id.clone()),
            entries,
            unreadable: messages.unreadable,
        })
    }

    /// A message to the user that the `main` stream channel told of, as its chat's row.
    pub(super) fn streamed_chat_row(&self, body: Value) -> Option<Entry> {
        let message: WireMessage = serde_json::from_value(body).ok()?;
        // `main` tells only of messages the user receives: the sender is the other side.
        message.into_row(self, "", true)
    }

    /// A message that arrived on a chat's stream channel, as a post.
    pub(super) fn streamed_message(&self, body: Value) -> Option<Post> {
        let message: WireMessage = serde_json::from_value(body).ok()?;
        Some(message.into_post(self, &HashMap::new(), ""))
    }
}

fn with_id(with: &ChatWith) -> &str {
    match with {
        ChatWith::User { id, .. } | ChatWith::Room { id, .. } => id,
    }
}

#[async_trait]
impl Chats for Misskey {
    async fn send_chat(
        &self,
        with: &ChatWith,
        text: &str,
        file: Option<&str>,
    ) -> Result<Post, ApiError> {
        let (endpoint, mut body) = match with {
            ChatWith::User { id, .. } => {
                ("chat/messages/create-to-user", json!({ "toUserId": id }))
            }
            ChatWith::Room { id, .. } => {
                ("chat/messages/create-to-room", json!({ "toRoomId": id }))
            }
        };
        if !text.trim().is_empty() {
            body["text"] = json!(text);
        }
        if let Some(file) = file {
            body["fileId"] = json!(file);
        }
        let sent: WireMessage = match self.call(endpoint, body).await {
            Err(ApiError::NotFound(_)) => return Err(no_chat()),
            other => other.map_err(about_chat)?.json()?,
        };
        let me = self.my_id().await?.to_owned();
        let mut authors = HashMap::new();
        if sent.from_user.is_none() {
            let user: User = self
                .call("users/show", json!({ "userId": &me }))
                .await?
                .json()?;
            authors.insert(me.clone(), user.into_account(&self.base));
        }
        Ok(sent.into_post(self, &authors, &me))
    }

    async fn react_chat(&self, message: &str, reaction: &str, on: bool) -> Result<(), ApiError> {
        let endpoint = match on {
            true => "chat/messages/react",
            false => "chat/messages/unreact",
        };
        let body = json!({ "messageId": message, "reaction": reaction });
        match self.call_void(endpoint, body).await {
            Ok(()) | Err(ApiError::AlreadyDone) => Ok(()),
            Err(error) => Err(about_chat(error)),
        }
    }

    async fn delete_chat(&self, message: &str) -> Result<(), ApiError> {
        self.call_void("chat/messages/delete", json!({ "messageId": message }))
            .await
            .map_err(about_chat)
    }
}

/// Misskey's refusals, in the chat's terms.
fn about_chat(error: ApiError) -> ApiError {
    match error {
        ApiError::Invalid(message) if message.contains("yourself") => {
            ApiError::Invalid("a chat is with someone else".into())
        }
        ApiError::Invalid(message) if message.contains("No such message") => {
            ApiError::NotFound("that message is gone".into())
        }
        ApiError::Invalid(message) if message.contains("No such room") => {
            ApiError::NotFound("that room is gone".into())
        }
        error => error,
    }
}
