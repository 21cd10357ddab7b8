//! Posts on a Misskey server: a thread, acting on one, writing, editing and deleting the
//! user's own, voting, translating.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::client::*;
use super::wire::*;
use crate::api::http;
use crate::api::model::*;
use crate::api::{ApiError, ComposeRules, NewPost, Posts, Progress, Upload};
use crate::sanitize;

/// `notes/children` calls one thread view makes at most before offering "more replies".
const CHILDREN_CALLS: usize = 12;

#[async_trait]
impl Posts for Misskey {
    async fn context(&self, post: &str) -> Result<Context, ApiError> {
        let (note, state, conversation, replies) = tokio::join!(
            self.call("notes/show", json!({ "noteId": post })),
            self.call("notes/state", json!({ "noteId": post })),
            self.call(
                "notes/conversation",
                json!({ "noteId": post, "limit": MAX_LIMIT })
            ),
            self.replies(post),
        );
        let note: Note = note?.json()?;
        let mut ancestors: Vec<Note> = conversation?.items()?;
        // Nearest first on the wire; oldest first on screen.
        ancestors.reverse();
        let mut post = note.into_post(self);
        // Whether the viewer favorited (bookmarked) the note or muted its thread; a server
        // without the call just leaves them unknown.
        match state.and_then(|reply| reply.json::<NoteState>()) {
            Ok(state) => {
                post.mine.bookmarked = Some(state.is_favorited);
                post.mine.thread_muted = Some(state.is_muted_thread);
            }
            Err(error) => tracing::debug!(%error, "no note state"),
        }
        Ok(Context {
            ancestors: ancestors.into_iter().map(|n| n.into_post(self)).collect(),
            post,
            replies: replies?,
        })
    }

    /// Replies level by level (`notes/children` answers one level), a level's calls at once,
    /// at most [`CHILDREN_CALLS`] calls in all; notes whose replies were not fetched are
    /// listed so the thread can offer them.
    async fn replies(&self, post: &str) -> Result<Replies, ApiError> {
        let mut replies = Replies::default();
        let mut level = vec![post.to_owned()];
        let mut calls = 0;
        while !level.is_empty() {
            let room = CHILDREN_CALLS.saturating_sub(calls).min(level.len());
            replies.unexpanded.extend(level.split_off(room));
            if level.is_empty() {
                break;
            }
            calls += level.len();
            let answers = futures_util::future::join_all(level.iter().map(|id| {
                self.call(
                    "notes/children",
                    json!({ "noteId": id, "limit": MAX_LIMIT }),
                )
            }))
            .await;
            let mut next = Vec::new();
            for (parent, answer) in level.iter().zip(answers) {
                let children: Vec<Note> = answer?.items()?;
                // Children are replies and quotes; only replies belong in the tree.
                for note in children
                    .into_iter()
                    .filter(|n| n.reply_id.as_deref() == Some(parent.as_str()))
                {
                    // An unknown count may hide replies: look.
                    if note.replies_count != Some(0) {
                        next.push(note.id.clone());
                    }
                    replies.posts.push(note.into_post(self));
                }
            }
            level = next;
        }
        Ok(replies)
    }

    async fn act(&self, post: &str, action: &PostAction) -> Result<Option<Post>, ApiError> {
        let (endpoint, body) = match action {
            PostAction::Boost(true) => ("notes/create", json!({ "renoteId": post })),
            PostAction::Boost(false) => ("notes/unrenote", json!({ "noteId": post })),
            PostAction::Bookmark(true) => ("notes/favorites/create", json!({ "noteId": post })),
            PostAction::Bookmark(false) => ("notes/favorites/delete", json!({ "noteId": post })),
            PostAction::React(Some(reaction)) => (
                "notes/reactions/create",
                json!({ "noteId": post, "reaction": reaction }),
            ),
            PostAction::React(None) | PostAction::Favourite(false) => {
                ("notes/reactions/delete", json!({ "noteId": post }))
            }
            // Misskey's like is a ❤ reaction.
            PostAction::Favourite(true) => (
                "notes/reactions/create",
                json!({ "noteId": post, "reaction": LIKE }),
            ),
            PostAction::MuteThread(true) => {
                ("notes/thread-muting/create", json!({ "noteId": post }))
            }
            PostAction::MuteThread(false) => {
                ("notes/thread-muting/delete", json!({ "noteId": post }))
            }
            // Pinned twice is ALREADY_PINNED: taken as done.
            PostAction::Pin(true) => ("i/pin", json!({ "noteId": post })),
            PostAction::Pin(false) => ("i/unpin", json!({ "noteId": post })),
        };
        match self.call(endpoint, body).await {
            Ok(_) | Err(ApiError::AlreadyDone) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn compose_rules(&self) -> Result<ComposeRules, ApiError> {
        #[derive(Deserialize)]
        struct Me {
            #[serde(rename = "mandatoryCW")]
            mandatory_cw: Option<String>,
        }
        let (meta, software, me) = tokio::join!(
            self.call("meta", json!({ "detail": false })),
            crate::api::nodeinfo::nodeinfo_software(&self.http, &self.base),
            self.me(),
        );
        // Of the Misskey family, Sharkey edits notes (notes/edit).
        let can_edit = software
            .ok()
            .flatten()
            .is_some_and(|name| name.eq_ignore_ascii_case("sharkey"));
        let mut rules = meta?.json::<WireMeta>()?.into_rules(can_edit);
        // Sharkey's moderators can put a warning on all of a user's notes: said before sending.
        rules.forced_warning = me
            .and_then(|reply| reply.json::<Me>())
            .ok()
            .and_then(|me| me.mandatory_cw)
            .map(|cw| sanitize::owned_line(cw.trim()))
            .filter(|cw| !cw.is_empty());
        Ok(rules)
    }

    async fn upload(&self, upload: &Upload, progress: Progress) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        struct DriveFile {
            id: String,
            comment: Option<String>,
        }
        let mut form = reqwest::multipart::Form::new()
            .part("file", http::file_part(&upload.path, progress).await?)
            .text("comment", upload.description.clone())
            .text("isSensitive", upload.sensitive.to_string());
        // The token goes in the form, as in a JSON call: never in the address.
        if let Some(token) = &self.token {
            form = form.text("i", token.secret().to_owned());
        }
        let url = http::endpoint(&self.base, "api/drive/files/create");
        let request = self
            .http
            .post(url)
            .multipart(form)
            .timeout(http::UPLOAD_TIMEOUT);
        let reply = http::send(request).await?;
        if !reply.status.is_success() {
            return Err(error_from(&reply, "drive/files/create"));
        }
        let file: DriveFile = reply.json()?;
        // The drive keeps one file per content: a picture uploaded before comes back with its
        // earlier description. The one written now is the one meant.
        let wanted = Some(upload.description.as_str()).filter(|d| !d.is_empty());
        if file.comment.as_deref().filter(|c| !c.is_empty()) != wanted {
            self.call(
                "drive/files/update",
                json!({ "fileId": file.id, "comment": wanted }),
            )
            .await?;
        }
        Ok(sanitize::owned_line(&file.id))
    }

    async fn post(&self, post: &NewPost) -> Result<Post, ApiError> {
        // Misskey has no idempotency key: after an attempt that may have gone through, look
        // for it among the user's latest notes before sending again.
        if post.maybe_sent
            && let Some(sent) = self.already_sent(post).await?
        {
            tracing::info!(id = %sent.id, "the earlier attempt had gone through");
            return Ok(sent.into_post(self));
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Created {
            created_note: Note,
        }
        let body = self.note_body(post).await?;
        let created: Created = self.call("notes/create", body).await?.json()?;
        Ok(created.created_note.into_post(self))
    }

    async fn source(&self, post: &str) -> Result<Source, ApiError> {
        // A note's text is its source (MFM).
        let note: Note = self
            .call("notes/show", json!({ "noteId": post }))
            .await?
            .json()?;
        Ok(Source {
            text: sanitize::own_text(note.text.as_deref().unwrap_or_default()).into_owned(),
            spoiler: sanitize::owned_line(note.cw.as_deref().unwrap_or_default()),
        })
    }

    async fn edit(&self, post: &str, changed: &NewPost) -> Result<Post, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Edited {
            created_note: Note,
        }
        // Sharkey's notes/edit takes what notes/create does, and the note.
        let mut body = self.note_body(changed).await?;
        body["editId"] = json!(post);
        let edited: Edited = self.call("notes/edit", body).await?.json()?;
        Ok(edited.created_note.into_post(self))
    }

    /// Sharkey keeps the earlier texts (`notes/versions`, newest first); the note is the
    /// newest version. Upstream Misskey edits nothing.
    async fn history(&self, post: &str) -> Result<Vec<Version>, ApiError> {
        if !self.is_sharkey().await {
            return Err(ApiError::Unsupported(
                "this server does not keep the versions of an edited note".into(),
            ));
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Earlier {
            old_date: jiff::Timestamp,
            #[serde(default)]
            text: String,
        }
        let body = json!({ "noteId": post });
        let (note, earlier) = tokio::join!(
            self.call("notes/show", body.clone()),
            self.call("notes/versions", body),
        );
        let note = note?.json::<Note>()?.into_post(self);
        let earlier: Vec<Earlier> = earlier?.json()?;
        let mut versions = vec![Version {
            at: note.edited_at.unwrap_or(note.created_at),
            content: note.content,
            spoiler: note.spoiler,
        }];
        versions.extend(earlier.into_iter().map(|e| Version {
            at: e.old_date,
            content: crate::api::mfm::to_rich_text(&e.text, &self.host),
            // Sharkey keeps no earlier warnings.
            spoiler: None,
        }));
        Ok(versions)
    }

    async fn translate(&self, post: &Post, language: &str) -> Result<Translation, ApiError> {
        let body = json!({ "noteId": post.id, "targetLang": language });
        let reply = self.call("notes/translate", body).await?;
        // No translator, no text, or a note it will not translate for this user: an empty
        // answer either way.
        if reply.status == reqwest::StatusCode::NO_CONTENT {
            return Err(ApiError::Unsupported(
                "the server sent no translation, and Misskey gives no reason".into(),
            ));
        }
        Ok(reply
            .json::<WireTranslation>()?
            .into_translation(&self.host))
    }

    async fn vote(&self, poll: &Poll, choices: &[usize]) -> Result<Poll, ApiError> {
        // One call per choice; then the note says how the poll stands.
        for choice in choices {
            self.call_void(
                "notes/polls/vote",
                json!({ "noteId": poll.id, "choice": choice }),
            )
            .await?;
        }
        let note: Note = self
            .call("notes/show", json!({ "noteId": poll.id }))
            .await?
            .json()?;
        note.into_post(self)
            .poll
            .ok_or_else(|| ApiError::Decode("the note has no poll any more".into()))
    }

    async fn delete_post(&self, post: &str) -> Result<(), ApiError> {
        self.call_void("notes/delete", json!({ "noteId": post }))
            .await
    }
}
