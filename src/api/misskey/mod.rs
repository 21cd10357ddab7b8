//! The Misskey API (also Sharkey, CherryPick, Iceshrimp and other forks): every call is a POST
//! of a JSON body to `/api/<endpoint>`, with the token in the body's `i` field. The `Backend`
//! here, over the HTTP client (`client.rs`) and the wire types (`wire.rs`).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{self, Items};
use super::model::*;
use super::{ApiError, Backend, ComposeRules, NewPost, People, Progress, Upload};
use crate::sanitize;

mod client;
mod lists;
mod notices;
mod people;
mod streaming;
mod wire;

use client::*;
pub use client::{Misskey, error_from};
use wire::*;

/// `notes/children` calls one thread view makes at most before offering "more replies".
const CHILDREN_CALLS: usize = 12;
/// Completions offered for a typed account.
pub(super) const SEARCH_RESULTS: u32 = 8;

#[async_trait]
impl Backend for Misskey {
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        let kind = self.account_ids.resolve(self, kind).await?;
        let kind = kind.as_ref();
        let (endpoint, body) = match kind {
            TimelineKind::Home => ("notes/timeline", json!({})),
            TimelineKind::Local => ("notes/local-timeline", json!({})),
            TimelineKind::Federated => ("notes/global-timeline", json!({})),
            TimelineKind::Social => ("notes/hybrid-timeline", json!({})),
            TimelineKind::Hashtag(tag) => ("notes/search-by-tag", json!({ "tag": tag })),
            TimelineKind::List { id, .. } => ("notes/user-list-timeline", json!({ "listId": id })),
            TimelineKind::Account { id, posts, .. } => (
                "users/notes",
                json!({
                    "userId": id,
                    "withReplies": *posts == AccountPosts::WithReplies,
                    "withFiles": *posts == AccountPosts::Media,
                }),
            ),
            TimelineKind::Bookmarks => ("i/favorites", json!({})),
            TimelineKind::Notifications { mentions_only } => {
                return self.notifications(page, *mentions_only).await;
            }
            TimelineKind::Direct => return self.direct_notes(page).await,
            TimelineKind::Favourites => {
                return Err(ApiError::Unsupported(
                    "Misskey keeps no list of liked notes; your bookmarks (favorites) are a tab of their own".into(),
                ));
            }
        };
        // A profile's first page comes with its pinned notes (from the user's details).
        let pinned_of = match (kind, page) {
            (
                TimelineKind::Account {
                    id,
                    posts: AccountPosts::Posts | AccountPosts::WithReplies,
                    ..
                },
                PageRequest::Latest,
            ) => Some(id.as_str()),
            _ => None,
        };
        let body = paged(body, page, self.page_size);
        // The first time, the muted words are read alongside, not before.
        let (reply, muted, pinned) =
            tokio::join!(self.call(endpoint, body), self.muted_words(), async {
                match pinned_of {
                    Some(id) => self.user(id).await.map(|u| u.pinned_notes),
                    None => Ok(Vec::new()),
                }
            });
        // Favorites come wrapped, each with its own id (the paging cursor).
        let (notes, unreadable): (Vec<(Option<String>, Note)>, usize) =
            if *kind == TimelineKind::Bookmarks {
                let favorites: Items<Favorite> = reply?.json()?;
                let notes = favorites.items.into_iter();
                (
                    notes.map(|f| (Some(f.id), f.note)).collect(),
                    favorites.unreadable,
                )
            } else {
                let notes: Items<Note> = reply?.json()?;
                let read = notes.items.into_iter().map(|n| (None, n)).collect();
                (read, notes.unreadable)
            };
        // Pinned notes are a bonus: without them the posts still show.
        let pinned: Vec<Entry> = pinned
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "could not read the pinned notes");
                Vec::new()
            })
            .into_iter()
            .map(|n| Entry::pinned(n.into_post(self)))
            .collect();
        let mut entries: Vec<Entry> = notes
            .into_iter()
            .map(|(favorite, n)| {
                let mut entry = n.into_entry(self);
                if let Some(post) = &mut entry.post {
                    post.filtered = muted.judge(post);
                    if let Some(id) = favorite {
                        entry.id = sanitize::owned_line(&id);
                        post.mine.bookmarked = Some(true);
                    }
                }
                entry
            })
            .collect();
        // Present newest first whatever order the server answers in (`sinceId` alone answers
        // oldest first).
        entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
        let older = entries.last().map(|e| e.id.clone());
        Ok(Page {
            older,
            entries: pinned.into_iter().chain(entries).collect(),
            unreadable,
        })
    }

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
        let mut ancestors: Vec<Note> = conversation?.json()?;
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
                let children: Vec<Note> = answer?.json()?;
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
        };
        match self.call(endpoint, body).await {
            Ok(_) | Err(ApiError::AlreadyDone) => Ok(None),
            Err(error) => Err(error),
        }
    }

    async fn compose_rules(&self) -> Result<ComposeRules, ApiError> {
        let (meta, software) = tokio::join!(
            self.call("meta", json!({ "detail": false })),
            super::nodeinfo::nodeinfo_software(&self.http, &self.base),
        );
        // Of the Misskey family, Sharkey edits notes (notes/edit).
        let can_edit = software
            .ok()
            .flatten()
            .is_some_and(|name| name.eq_ignore_ascii_case("sharkey"));
        Ok(meta?.json::<WireMeta>()?.into_rules(can_edit))
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
            return Err(error_from(&reply, "drive/files/create", &self.host));
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
            text: sanitize::text(note.text.as_deref().unwrap_or_default()).into_owned(),
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

    async fn history(&self, _post: &str) -> Result<Vec<Version>, ApiError> {
        Err(ApiError::Unsupported(
            "this server does not keep the versions of an edited note".into(),
        ))
    }

    async fn translate(&self, post: &Post, language: &str) -> Result<Translation, ApiError> {
        let body = json!({ "noteId": post.id, "targetLang": language });
        let reply = self.call("notes/translate", body).await?;
        // No translator, or nothing to translate: an empty answer.
        if reply.status == reqwest::StatusCode::NO_CONTENT {
            return Err(ApiError::Unsupported(
                "this server has no translator set up".into(),
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

    async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        let query = query.trim();
        let mut results = SearchResults::default();
        // An address from any server: the server fetches what it points at.
        if query.starts_with("https://") || query.starts_with("http://") {
            #[derive(Deserialize)]
            struct Shown {
                #[serde(rename = "type")]
                kind: String,
                object: Value,
            }
            let shown: Shown = self
                .call("ap/show", json!({ "uri": query }))
                .await?
                .json()?;
            match shown.kind.as_str() {
                "User" => results.accounts.push(
                    serde_json::from_value::<User>(shown.object)
                        .map_err(|e| ApiError::Decode(e.to_string()))?
                        .into_account(&self.base),
                ),
                _ => results.posts.push(
                    serde_json::from_value::<Note>(shown.object)
                        .map_err(|e| ApiError::Decode(e.to_string()))?
                        .into_post(self),
                ),
            }
            return Ok(results);
        }
        let text = query.trim_start_matches(['@', '#']);
        let (users, tags, notes) = tokio::join!(
            self.call(
                "users/search",
                json!({ "query": text, "limit": SEARCH_RESULTS, "origin": "combined" })
            ),
            self.call(
                "hashtags/search",
                json!({ "query": text, "limit": SEARCH_RESULTS })
            ),
            self.call(
                "notes/search",
                json!({ "query": query, "limit": SEARCH_RESULTS })
            ),
        );
        let users: Vec<User> = users?.json()?;
        results.accounts = users
            .into_iter()
            .map(|u| u.into_account(&self.base))
            .collect();
        // `@user@host` someone the server has not seen yet: look them up.
        if query.starts_with('@')
            && text.contains('@')
            && !results
                .accounts
                .iter()
                .any(|a| a.acct.eq_ignore_ascii_case(text))
            && let Ok(account) = self.lookup_account(text).await
        {
            results.accounts.insert(0, account);
        }
        let tags: Vec<String> = tags?.json()?;
        results.hashtags = tags.iter().map(|t| sanitize::owned_line(t)).collect();
        match notes {
            Ok(reply) => {
                let notes: Vec<Note> = reply.json()?;
                results.posts = notes.into_iter().map(|n| n.into_post(self)).collect();
            }
            Err(ApiError::Forbidden(_) | ApiError::Invalid(_) | ApiError::Unsupported(_)) => {
                results
                    .unavailable
                    .push("this server does not let you search notes".into());
            }
            Err(error) => return Err(error),
        }
        Ok(results)
    }

    async fn custom_emojis(&self) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        struct Emojis {
            emojis: Vec<Emoji>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Emoji {
            name: String,
            #[serde(default)]
            role_ids_that_can_be_used_this_emoji_as_reaction: Vec<String>,
        }
        let emojis: Emojis = self.call("emojis", json!({})).await?.json()?;
        Ok(emojis
            .emojis
            .into_iter()
            // Emoji only some roles may react with are left out: the server would swap them
            // for ❤ anyway.
            .filter(|e| {
                e.role_ids_that_can_be_used_this_emoji_as_reaction
                    .is_empty()
            })
            .map(|e| sanitize::owned_line(&e.name))
            .filter(|name| !name.is_empty() && !name.contains(':'))
            .collect())
    }

    async fn verify_credentials(&self) -> Result<Account, ApiError> {
        let me: User = self.call("i", json!({})).await?.json()?;
        Ok(me.into_account(&self.base))
    }

    /// Misskey keeps no reading position, only which notifications are read: reading them
    /// marks them all read.
    async fn save_position(&self, kind: &TimelineKind, _id: &str) -> Result<(), ApiError> {
        match kind {
            TimelineKind::Notifications { .. } => self.read_notifications().await,
            _ => Ok(()),
        }
    }

    async fn stream(&self) -> Result<Box<dyn super::stream::LiveStream>, ApiError> {
        self.open_stream().await
    }

    fn flavor(&self) -> super::nodeinfo::Flavor {
        super::nodeinfo::Flavor::Misskey
    }
}
