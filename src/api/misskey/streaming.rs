//! Misskey's streaming API: one WebSocket, a channel per timeline (`homeTimeline`,
//! `userList`…, `main` for notifications), and captured notes for their reactions and
//! deletions (timeline channels send neither).

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::notices::Notification;
use super::{Misskey, Note};
use crate::api::stream::{self, LiveStream, Socket, StreamEvent};
use crate::api::{ApiError, ChatWith, Entry, TimelineKind};

/// Notes followed for changes at most (the server allows 32 channels; captures are cheap but
/// a scrolled-past note is of no use).
const MAX_CAPTURED: usize = 30;

impl Misskey {
    pub(super) async fn open_stream(&self) -> Result<Box<dyn LiveStream>, ApiError> {
        let mut url = self.base.clone();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        let _ = url.set_scheme(scheme);
        url.set_path("/streaming");
        url.set_query(None);
        tracing::info!(%url, "connecting to the streaming API");
        // Streamed notes are muted as timeline pages are, with the words as they are now.
        self.filter_set().await;
        let socket = stream::connect(&url, self.token.as_ref()).await?;
        Ok(Box::new(MisskeyStream {
            socket,
            judge: self.judge.clone(),
            server: Misskey::new(self.http.clone(), self.base.clone(), None, self.page_size),
            names: Names {
                server: Misskey::new(
                    self.http.clone(),
                    self.base.clone(),
                    self.token.clone(),
                    self.page_size,
                ),
                ids: HashMap::new(),
            },
            channels: HashMap::new(),
            next_channel: 0,
            captured: HashSet::new(),
        }))
    }
}

/// A channel by name and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Channel {
    name: &'static str,
    params: String,
}

/// The stream channel that feeds a timeline; antennas and channels named in the config are
/// found by `ids` (their ids by name).
fn channel(kind: &TimelineKind, ids: &HashMap<TimelineKind, String>) -> Option<Channel> {
    let id_of = |id: &str| match id.is_empty() {
        true => ids.get(kind).cloned(),
        false => Some(id.to_owned()),
    };
    let (name, params) = match kind {
        TimelineKind::Home => ("homeTimeline", json!({})),
        TimelineKind::Local => ("localTimeline", json!({})),
        TimelineKind::Social => ("hybridTimeline", json!({})),
        TimelineKind::Federated => ("globalTimeline", json!({})),
        TimelineKind::Hashtag(tag) => ("hashtag", json!({ "q": [[tag]] })),
        TimelineKind::List { id, .. } => ("userList", json!({ "listId": id })),
        TimelineKind::Antenna { id, .. } => ("antenna", json!({ "antennaId": id_of(id)? })),
        TimelineKind::Channel { id, .. } => ("channel", json!({ "channelId": id_of(id)? })),
        TimelineKind::Chat(ChatWith::User { id, .. }) => ("chatUser", json!({ "otherId": id })),
        TimelineKind::Chat(ChatWith::Room { id, .. }) => ("chatRoom", json!({ "roomId": id })),
        TimelineKind::Notifications { .. } | TimelineKind::Direct => ("main", json!({})),
        _ => return None,
    };
    Some(Channel {
        name,
        params: params.to_string(),
    })
}

/// Antennas and channels named in the config, found by name once (with the user's token).
struct Names {
    server: Misskey,
    ids: HashMap<TimelineKind, String>,
}

impl Names {
    async fn learn(&mut self, kinds: &[TimelineKind]) {
        for kind in kinds {
            let found = match kind {
                _ if self.ids.contains_key(kind) => continue,
                TimelineKind::Antenna { id, name } if id.is_empty() => {
                    self.server.antenna_id(id, name).await
                }
                TimelineKind::Channel { id, name } if id.is_empty() => {
                    self.server.channel_id(id, name).await
                }
                _ => continue,
            };
            match found {
                Ok(id) => {
                    self.ids.insert(kind.clone(), id);
                }
                // The tab says why when it asks for its page; the stream leaves it out.
                Err(error) => tracing::warn!(%error, "a named tab is not streamed"),
            }
        }
    }
}

struct MisskeyStream {
    socket: Socket,
    names: Names,
    judge: std::sync::Arc<crate::api::judge::Judge>,
    /// Turns notes into posts (addresses on this server); holds no token.
    server: Misskey,
    /// Connected channels by their id, with the timeline each feeds.
    channels: HashMap<String, (Channel, TimelineKind)>,
    next_channel: u64,
    captured: HashSet<String>,
}

#[async_trait]
impl LiveStream for MisskeyStream {
    async fn watch(&mut self, kinds: &[TimelineKind]) -> Result<(), ApiError> {
        self.names.learn(kinds).await;
        let wanted: HashMap<Channel, &TimelineKind> = kinds
            .iter()
            .filter_map(|k| channel(k, &self.names.ids).map(|c| (c, k)))
            .collect();
        let gone: Vec<String> = self
            .channels
            .iter()
            .filter(|(_, (c, _))| !wanted.contains_key(c))
            .map(|(id, _)| id.clone())
            .collect();
        for id in gone {
            self.channels.remove(&id);
            stream::send(
                &mut self.socket,
                json!({"type": "disconnect", "body": {"id": id}}),
            )
            .await?;
        }
        for (channel, kind) in wanted {
            if self.channels.values().any(|(c, _)| *c == channel) {
                continue;
            }
            self.next_channel += 1;
            let id = format!("skua-{}", self.next_channel);
            let params: Value = serde_json::from_str(&channel.params).unwrap_or_default();
            let connect = json!({"type": "connect", "body": {
                "channel": channel.name, "id": id, "params": params,
            }});
            stream::send(&mut self.socket, connect).await?;
            self.channels.insert(id, (channel, kind.clone()));
        }
        Ok(())
    }

    async fn capture(&mut self, posts: &[String]) -> Result<(), ApiError> {
        let wanted: HashSet<String> = posts.iter().take(MAX_CAPTURED).cloned().collect();
        for gone in self.captured.difference(&wanted) {
            stream::send(
                &mut self.socket,
                json!({"type": "unsubNote", "body": {"id": gone}}),
            )
            .await?;
        }
        for new in wanted.difference(&self.captured) {
            stream::send(
                &mut self.socket,
                json!({"type": "subNote", "body": {"id": new}}),
            )
            .await?;
        }
        self.captured = wanted;
        Ok(())
    }

    async fn next(&mut self) -> Option<Result<Vec<StreamEvent>, ApiError>> {
        let text = match stream::next_text(&mut self.socket).await? {
            Ok(text) => text,
            Err(error) => return Some(Err(error)),
        };
        Some(Ok(self.parse(&text)))
    }
}

#[derive(Deserialize)]
struct Frame {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    body: Value,
}

#[derive(Deserialize)]
struct ChannelBody {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    body: Value,
}

impl MisskeyStream {
    fn parse(&self, text: &str) -> Vec<StreamEvent> {
        let Ok(frame) = serde_json::from_str::<Frame>(text) else {
            tracing::warn!("unreadable stream frame");
            return Vec::new();
        };
        match frame.kind.as_str() {
            "channel" => {
                let Ok(message) = serde_json::from_value::<ChannelBody>(frame.body) else {
                    return Vec::new();
                };
                self.channel_message(message).into_iter().collect()
            }
            "noteUpdated" => note_updated(frame.body, &self.server.host)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn channel_message(&self, message: ChannelBody) -> Option<StreamEvent> {
        let (_, kind) = self.channels.get(&message.id)?;
        // One `main` channel serves the notifications and the direct messages, whichever tab
        // connected it: what it tells goes where it belongs.
        let main = matches!(
            kind,
            TimelineKind::Notifications { .. } | TimelineKind::Direct
        );
        match (kind, message.kind.as_str()) {
            (_, "notification") if main => {
                let notification: Notification = serde_json::from_value(message.body).ok()?;
                Some(StreamEvent::Entry {
                    kind: TimelineKind::Notifications {
                        mentions_only: false,
                    },
                    entry: Box::new(notification.into_entry(&self.server)),
                })
            }
            // Notes addressed to the user only are its direct messages.
            (_, "mention") if main => {
                let note: Note = serde_json::from_value(message.body).ok()?;
                (note.visibility == "specified").then(|| StreamEvent::Entry {
                    kind: TimelineKind::Direct,
                    entry: Box::new(note.into_entry(&self.server)),
                })
            }
            // A chat message (`main` tells, whichever tab it was opened for): its chat's row
            // among the direct messages, now unread.
            (_, "newChatMessage") => Some(StreamEvent::Entry {
                kind: TimelineKind::Direct,
                entry: Box::new(self.server.streamed_chat_row(message.body)?),
            }),
            (TimelineKind::Notifications { .. } | TimelineKind::Direct, _) => None,
            // A chat's messages, either way.
            (TimelineKind::Chat(_), "message") => Some(StreamEvent::Entry {
                kind: kind.clone(),
                entry: Box::new(Entry::of(self.server.streamed_message(message.body)?)),
            }),
            (_, "note") => {
                let note: Note = serde_json::from_value(message.body).ok()?;
                let mut entry = note.into_entry(&self.server);
                let filters = self.judge.current();
                crate::api::judge::judge_page(&filters, std::slice::from_mut(&mut entry), kind);
                Some(StreamEvent::Entry {
                    kind: kind.clone(),
                    entry: Box::new(entry),
                })
            }
            _ => None,
        }
    }
}

/// A captured note changed: reactions, a vote in its poll, its text (Sharkey), a deletion.
fn note_updated(body: Value, host: &str) -> Option<StreamEvent> {
    #[derive(Deserialize)]
    struct Update {
        id: String,
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        body: Value,
    }
    let update: Update = serde_json::from_value(body).ok()?;
    let post = crate::sanitize::owned_line(&update.id);
    let reaction = || {
        let reaction = update.body.get("reaction").and_then(Value::as_str)?;
        Some(crate::sanitize::owned_line(&super::reaction_label(
            reaction,
        )))
    };
    match update.kind.as_str() {
        "reacted" => Some(StreamEvent::Reacted {
            post,
            reaction: reaction()?,
            added: true,
        }),
        "unreacted" => Some(StreamEvent::Reacted {
            post,
            reaction: reaction()?,
            added: false,
        }),
        "deleted" => Some(StreamEvent::Deleted(post)),
        "pollVoted" => Some(StreamEvent::PollVoted {
            post,
            choice: usize::try_from(update.body.get("choice")?.as_u64()?).ok()?,
            voter: crate::sanitize::owned_line(update.body.get("userId")?.as_str()?),
        }),
        "updated" => {
            let text = update.body.get("text").and_then(Value::as_str);
            let cw = update.body.get("cw").and_then(Value::as_str);
            Some(StreamEvent::Edited {
                post,
                content: crate::api::mfm::to_rich_text(text.unwrap_or_default(), host),
                spoiler: cw.map(|cw| crate::api::cut_line(crate::sanitize::owned_line(cw.trim()))),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_notes_tell_votes_and_edits() {
        let voted = serde_json::json!({ "id": "n1", "type": "pollVoted", "body": { "choice": 1, "userId": "u2" } });
        assert_eq!(
            note_updated(voted, "example.social"),
            Some(StreamEvent::PollVoted {
                post: "n1".into(),
                choice: 1,
                voter: "u2".into(),
            })
        );
        let edited = serde_json::json!({ "id": "n1", "type": "updated", "body": { "cw": null, "text": "now **bold**" } });
        match note_updated(edited, "example.social") {
            Some(StreamEvent::Edited {
                post,
                content,
                spoiler,
            }) => {
                assert_eq!(post, "n1");
                assert_eq!(content.to_plain(), "now bold");
                assert_eq!(spoiler, None);
            }
            other => panic!("{other:?}"),
        }
        let odd = serde_json::json!({ "id": "n1", "type": "pollVoted", "body": { "choice": "x" } });
        assert_eq!(note_updated(odd, "example.social"), None);
    }
}
