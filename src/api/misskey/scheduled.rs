//! Notes the server posts later: Misskey 2025.x keeps them as drafts with a `scheduledAt`
//! (`notes/drafts/*`; `notes/create` takes no time), Sharkey in `notes/schedule/*`.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Misskey;
use super::wire::Note;
use crate::api::{
    ApiError, KeptFile, NewPoll, NewPost, Referred, ScheduledPost, Scheduling, Sent, ServerDraft,
    Visibility,
};
use crate::sanitize;

/// Scheduled notes read at most (Misskey's largest page).
const PAGE: u32 = 100;

/// A draft (Misskey) or the note of a scheduled one (Sharkey): what the note will be.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireNote {
    text: Option<String>,
    cw: Option<String>,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    local_only: bool,
    reply_id: Option<String>,
    renote_id: Option<String>,
    channel_id: Option<String>,
    #[serde(default)]
    files: Vec<WireFile>,
    poll: Option<WirePoll>,
}

#[derive(Deserialize)]
struct WireFile {
    id: String,
    #[serde(default)]
    name: String,
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePoll {
    #[serde(default)]
    choices: Vec<String>,
    #[serde(default)]
    multiple: bool,
    expired_after: Option<u64>,
}

/// Misskey: a draft, scheduled or not.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireDraft {
    id: String,
    created_at: Option<Timestamp>,
    /// Epoch milliseconds.
    scheduled_at: Option<i64>,
    #[serde(default)]
    is_actually_scheduled: bool,
    /// The channel of `channelId`, with its name.
    channel: Option<WireChannel>,
    /// The notes of `replyId` and `renoteId`, where the server packs them.
    reply: Option<Box<Note>>,
    renote: Option<Box<Note>>,
    #[serde(flatten)]
    note: WireNote,
}

#[derive(Deserialize)]
struct WireChannel {
    id: String,
    #[serde(default)]
    name: String,
}

/// Sharkey: a scheduled note.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSchedule {
    id: String,
    scheduled_at: Timestamp,
    note: WireNote,
}

impl WireNote {
    fn into_scheduled(self, id: &str, at: Timestamp) -> ScheduledPost {
        ScheduledPost {
            id: sanitize::owned_line(id),
            at,
            text: sanitize::text(self.text.as_deref().unwrap_or_default()).into_owned(),
            spoiler: sanitize::owned_line(self.cw.as_deref().unwrap_or_default()),
            visibility: match self.visibility.as_str() {
                "home" => Visibility::Home,
                "followers" => Visibility::Private,
                "specified" => Visibility::Specified,
                _ => Visibility::Public,
            },
            sensitive: false,
            language: None,
            local_only: self.local_only,
            in_reply_to: self.reply_id.map(|id| sanitize::owned_line(&id)),
            media: self
                .files
                .iter()
                .map(|f| ScheduledPost::attachment(&f.id, f.comment.as_deref()))
                .collect(),
            poll: self.poll.map(|poll| {
                let expires_in = poll.expired_after.map_or(24 * 60 * 60, |ms| ms / 1000);
                NewPoll::kept(&poll.choices, expires_in, poll.multiple, false)
            }),
        }
    }
}

impl WireFile {
    fn into_kept(self) -> KeptFile {
        let (id, description) = ScheduledPost::attachment(&self.id, self.comment.as_deref());
        // Only the last part: a name is shown, never taken for a place on this machine.
        let name = self.name.rsplit(['/', '\\']).next().unwrap_or_default();
        KeptFile {
            id,
            name: sanitize::owned_line(name),
            description,
        }
    }
}

impl WireDraft {
    /// A draft kept to finish later (not one scheduled).
    pub(super) fn into_server_draft(mut self, server: &Misskey) -> Option<ServerDraft> {
        if self.is_actually_scheduled {
            return None;
        }
        // The note with the id, where the server sent it.
        let referred = |id: Option<String>, note: Option<Box<Note>>| {
            id.map(|id| Referred {
                post: note
                    .filter(|note| note.id == id)
                    .map(|note| Box::new(note.into_post(server))),
                id: sanitize::owned_line(&id),
            })
        };
        let in_reply_to = referred(self.note.reply_id.take(), self.reply);
        let quote = referred(self.note.renote_id.take(), self.renote);
        // Named where the server sent it (Misskey packs it beside `channelId`).
        let channel = self.note.channel_id.take().map(|id| {
            let name = self
                .channel
                .filter(|c| c.id == id)
                .map(|c| sanitize::owned_line(&c.name))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "(a channel)".into());
            crate::api::ChannelTag {
                id: sanitize::owned_line(&id),
                name,
            }
        });
        let media = std::mem::take(&mut self.note.files)
            .into_iter()
            .map(WireFile::into_kept)
            .collect();
        let scheduled = self.note.into_scheduled(&self.id, Timestamp::UNIX_EPOCH);
        Some(ServerDraft {
            id: scheduled.id,
            saved_at: self.created_at.unwrap_or(Timestamp::UNIX_EPOCH),
            text: scheduled.text,
            spoiler: scheduled.spoiler,
            visibility: scheduled.visibility,
            local_only: scheduled.local_only,
            in_reply_to,
            quote,
            channel,
            media,
            poll: scheduled.poll,
        })
    }

    fn into_scheduled(self) -> Option<ScheduledPost> {
        let at = Timestamp::from_millisecond(self.scheduled_at?).ok()?;
        self.is_actually_scheduled
            .then(|| self.note.into_scheduled(&self.id, at))
    }
}

/// A scheduled post as a new one (to send its body again).
fn as_new(post: &ScheduledPost) -> NewPost {
    NewPost {
        text: post.text.clone(),
        spoiler: post.spoiler.clone(),
        visibility: post.visibility,
        local_only: post.local_only,
        language: None,
        sensitive: post.sensitive,
        in_reply_to: post.in_reply_to.clone(),
        quote: None,
        channel: None,
        poll: post.poll.clone(),
        media: post.media.iter().map(|(id, _)| id.clone()).collect(),
        idempotency_key: String::new(),
        maybe_sent: false,
    }
}

impl Misskey {
    /// Sharkey schedules by `notes/schedule/*` (and keeps versions), Misskey by drafts; asked
    /// of nodeinfo once.
    pub(super) async fn is_sharkey(&self) -> bool {
        *self
            .sharkey
            .get_or_init(|| async {
                crate::api::nodeinfo::nodeinfo_software(&self.http, &self.base)
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|name| name.eq_ignore_ascii_case("sharkey"))
            })
            .await
    }

    async fn sharkey_schedule(
        &self,
        post: &NewPost,
        at: Timestamp,
    ) -> Result<ScheduledPost, ApiError> {
        let mut body = self.note_body(post).await?;
        body["scheduleNote"] = json!({ "scheduledAt": at.as_millisecond() });
        self.call_void("notes/schedule/create", body).await?;
        // Sharkey answers nothing: the note is found in the list.
        self.scheduled_posts()
            .await?
            .into_iter()
            .rev()
            .find(|p| p.at.as_second() == at.as_second() && p.text == post.text.trim())
            .ok_or_else(|| {
                ApiError::Decode("the scheduled note is not in the server's list".into())
            })
    }

    /// A draft's body: the note and when.
    fn draft_body(mut body: Value, at: Timestamp) -> Value {
        body["scheduledAt"] = json!(at.as_millisecond());
        body["isActuallyScheduled"] = json!(true);
        body
    }
}

#[async_trait]
impl Scheduling for Misskey {
    async fn schedule(&self, post: &NewPost, at: Timestamp) -> Result<Sent, ApiError> {
        if self.is_sharkey().await {
            return self.sharkey_schedule(post, at).await.map(Sent::Scheduled);
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Created {
            created_draft: WireDraft,
        }
        let body = Self::draft_body(self.note_body(post).await?, at);
        let created: Created = match self.call("notes/drafts/create", body).await {
            Err(ApiError::NotFound(_)) => {
                return Err(ApiError::Unsupported(
                    "this server cannot schedule notes (Misskey 2025.x and Sharkey can)".into(),
                ));
            }
            other => other?.json()?,
        };
        let scheduled = created.created_draft.into_scheduled().ok_or_else(|| {
            ApiError::Decode("the server kept the note as a draft without a time".into())
        })?;
        Ok(Sent::Scheduled(scheduled))
    }

    async fn scheduled_posts(&self) -> Result<Vec<ScheduledPost>, ApiError> {
        let mut waiting: Vec<ScheduledPost> = if self.is_sharkey().await {
            let listed: Vec<WireSchedule> =
                self.call("notes/schedule/list", json!({})).await?.items()?;
            listed
                .into_iter()
                .map(|s| s.note.into_scheduled(&s.id, s.scheduled_at))
                .collect()
        } else {
            let body = json!({ "limit": PAGE, "scheduled": true });
            let drafts: Vec<WireDraft> = self.call("notes/drafts/list", body).await?.items()?;
            drafts
                .into_iter()
                .filter_map(WireDraft::into_scheduled)
                .collect()
        };
        waiting.sort_by_key(|p| p.at);
        Ok(waiting)
    }

    async fn reschedule(
        &self,
        post: &ScheduledPost,
        at: Timestamp,
    ) -> Result<ScheduledPost, ApiError> {
        if self.is_sharkey().await {
            // Sharkey changes no scheduled note: a new one, then the old one goes.
            let moved = self.sharkey_schedule(&as_new(post), at).await?;
            self.cancel_scheduled(&post.id).await?;
            return Ok(moved);
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Updated {
            updated_draft: WireDraft,
        }
        let mut body = Self::draft_body(self.note_body(&as_new(post)).await?, at);
        body["draftId"] = json!(post.id);
        let updated: Updated = self.call("notes/drafts/update", body).await?.json()?;
        updated.updated_draft.into_scheduled().ok_or_else(|| {
            ApiError::Decode("the server kept the note as a draft without a time".into())
        })
    }

    async fn cancel_scheduled(&self, id: &str) -> Result<(), ApiError> {
        match self.is_sharkey().await {
            true => {
                self.call_void("notes/schedule/delete", json!({ "noteId": id }))
                    .await
            }
            false => {
                self.call_void("notes/drafts/delete", json!({ "draftId": id }))
                    .await
            }
        }
    }
}
