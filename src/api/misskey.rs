//! The Misskey API (also Sharkey, CherryPick, Iceshrimp and other forks): every call is a POST
//! of a JSON body to `/api/<endpoint>`, with the token in the body's `i` field.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use url::Url;

use super::http::{self, Items, Reply, Token};
use super::model::*;
use super::{
    ApiError, Backend, ComposeRules, Counting, NewPost, PartlyDone, Progress, Upload, mfm,
};
use crate::sanitize;

mod notices;
mod streaming;

/// Misskey pages hold at most 100 notes.
const MAX_LIMIT: u32 = 100;
/// Wait used when a 429 carries no Retry-After.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Misskey {
    http: reqwest::Client,
    base: Url,
    host: String,
    token: Option<Token>,
    page_size: u32,
    /// Read once, with the first timeline.
    muted: tokio::sync::OnceCell<MutedWords>,
    account_ids: super::AccountIds,
}

static NO_MUTED_WORDS: MutedWords = MutedWords {
    soft: Vec::new(),
    hard: Vec::new(),
};

impl Misskey {
    pub fn new(http: reqwest::Client, base: Url, token: Option<Token>, page_size: u32) -> Self {
        let host = base.host_str().unwrap_or_default().to_owned();
        let host = match base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        };
        Misskey {
            http,
            base,
            host,
            token,
            page_size,
            muted: tokio::sync::OnceCell::new(),
            account_ids: Default::default(),
        }
    }

    /// The user's muted words; none when they cannot be read (said in the log, asked again
    /// with the next timeline).
    async fn muted_words(&self) -> &MutedWords {
        let read = self
            .muted
            .get_or_try_init(|| async { self.call("i", json!({})).await?.json::<MutedWords>() })
            .await;
        read.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not read the muted words");
            &NO_MUTED_WORDS
        })
    }

    /// Calls `endpoint` (e.g. `notes/timeline`) with `body`; the token is added to the body so
    /// it never appears in a URL.
    pub async fn call(&self, endpoint: &str, body: Value) -> Result<Reply, ApiError> {
        let mut body = match body {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        if let Some(token) = &self.token {
            body.insert("i".into(), Value::String(token.secret().to_owned()));
        }
        let url = http::endpoint(&self.base, &format!("api/{endpoint}"));
        tracing::debug!(%url, "POST");
        let reply = http::send(self.http.post(url).json(&body)).await?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(error_from(&reply, endpoint, &self.host))
        }
    }

    /// Calls an endpoint that answers 204 with no body.
    async fn call_void(&self, endpoint: &str, body: Value) -> Result<(), ApiError> {
        self.call(endpoint, body).await.map(|_| ())
    }

    async fn own_lists(&self) -> Result<Vec<WireList>, ApiError> {
        self.call("users/lists/list", json!({})).await?.json()
    }

    /// A page of members from the list's `userIds`, fetched in one `users/show` call.
    async fn members_by_ids(&self, list: &str, offset: usize) -> Result<MemberPage, ApiError> {
        let shown: WireList = self
            .call("users/lists/show", json!({ "listId": list }))
            .await?
            .json()?;
        let ids = shown.user_ids.unwrap_or_default();
        let batch: Vec<&String> = ids.iter().skip(offset).take(MEMBER_PAGE).collect();
        let users: Vec<User> = if batch.is_empty() {
            Vec::new()
        } else {
            self.call("users/show", json!({ "userIds": batch }))
                .await?
                .json()?
        };
        let end = offset + batch.len();
        Ok(MemberPage {
            accounts: users
                .into_iter()
                .map(|u| u.into_account(&self.base))
                .collect(),
            next: (end < ids.len()).then(|| format!("{BY_IDS_CURSOR}{end}")),
        })
    }

    /// `@user@host` → (`user`, `host`), with this server's own host (or none) as `None`.
    fn split_acct<'a>(&self, acct: &'a str) -> (&'a str, Option<&'a str>) {
        let acct = acct.trim().trim_start_matches('@');
        match acct.split_once('@') {
            Some((user, host)) if !host.eq_ignore_ascii_case(&self.host) && !host.is_empty() => {
                (user, Some(host))
            }
            Some((user, _)) => (user, None),
            None => (acct, None),
        }
    }

    /// A user's details (`users/show`).
    async fn user(&self, id: &str) -> Result<DetailedUser, ApiError> {
        self.call("users/show", json!({ "userId": id }))
            .await?
            .json()
    }

    fn note_url(&self, id: &str) -> String {
        http::endpoint(&self.base, &format!("notes/{id}")).to_string()
    }
}

/// Misskey's `{"error": {"code", "message", ...}}`, with the codes a user meets turned into
/// sentences that say what to do.
pub fn error_from(reply: &Reply, endpoint: &str, host: &str) -> ApiError {
    #[derive(Deserialize)]
    struct Body {
        error: Detail,
    }
    #[derive(Deserialize)]
    struct Detail {
        #[serde(default)]
        code: String,
        #[serde(default)]
        message: String,
    }
    let (code, message) = match serde_json::from_slice::<Body>(&reply.body) {
        Ok(Body { error }) => (error.code, http::readable_message(&error.message)),
        Err(_) => (String::new(), String::new()),
    };
    let message = if message.is_empty() {
        reply
            .status
            .canonical_reason()
            .unwrap_or("no explanation given")
            .to_owned()
    } else {
        message
    };
    let error = match code.as_str() {
        "LTL_DISABLED" => {
            ApiError::Forbidden("this server has turned off its local timeline".into())
        }
        "GTL_DISABLED" => {
            ApiError::Forbidden("this server has turned off its global timeline".into())
        }
        "STL_DISABLED" => {
            ApiError::Forbidden("this server has turned off its social timeline".into())
        }
        "NO_SUCH_LIST" | "NO_SUCH_USER_LIST" => {
            ApiError::NotFound("that list does not exist (any more)".into())
        }
        "INVALID_PARAM" if matches!(endpoint, "users/lists/create" | "users/lists/update") => {
            ApiError::Invalid("a list needs a title of 1 to 100 characters".into())
        }
        "NO_SUCH_ENDPOINT" => {
            ApiError::Unsupported(format!("this server does not have the {endpoint} call"))
        }
        "NO_SUCH_USER" => ApiError::NotFound("that user does not exist (any more)".into()),
        "UNAVAILABLE" => ApiError::Unsupported(format!("this server has turned off {endpoint}")),
        "NO_SUCH_NOTE" => ApiError::NotFound(
            "that note does not exist (any more), or is not visible to you".into(),
        ),
        "ALREADY_REACTED" | "NOT_REACTED" | "ALREADY_FAVORITED" | "NOT_FAVORITED"
        | "ALREADY_MUTING" | "NOT_MUTING" | "ALREADY_FOLLOWING" | "NOT_FOLLOWING"
        | "ALREADY_BLOCKING" | "NOT_BLOCKING" => ApiError::AlreadyDone,
        "CANNOT_RENOTE_TO_OUTSIDE_OF_CHANNEL"
        | "CANNOT_REACT_TO_RENOTE"
        | "YOU_CANNOT_RENOTE"
        | "CANNOT_RENOTE_DUE_TO_VISIBILITY" => ApiError::Forbidden(
            "this note cannot be renoted: only public and home notes can".into(),
        ),
        "ACCESS_DENIED" if endpoint == "notes/delete" => {
            ApiError::Forbidden("only the author can delete a note".into())
        }
        "ALREADY_ADDED" => ApiError::Invalid("that user is already on the list".into()),
        "TOO_MANY_USERLISTS" => ApiError::Invalid(
            "you have as many lists as this server allows; delete one to make room".into(),
        ),
        "TOO_MANY_USERS" => ApiError::Invalid(
            "the list has as many members as this server allows; remove someone first".into(),
        ),
        "YOU_HAVE_BEEN_BLOCKED" => {
            ApiError::Forbidden("that user has blocked you, so they cannot be on your lists".into())
        }
        "PERMISSION_DENIED" => ApiError::Forbidden(format!(
            "your login lacks the {} permission; `skua login {host}` asks for it",
            permission_for(endpoint)
        )),
        "CREDENTIAL_REQUIRED" | "AUTHENTICATION_FAILED" => ApiError::Unauthorized(message),
        "RATE_LIMIT_EXCEEDED" => ApiError::RateLimited {
            retry_after: http::retry_after_header(&reply.headers)
                .unwrap_or(DEFAULT_RATE_LIMIT_WAIT),
        },
        _ => http::status_error(
            reply.status,
            message,
            http::retry_after_header(&reply.headers).unwrap_or(DEFAULT_RATE_LIMIT_WAIT),
        ),
    };
    tracing::warn!(status = %reply.status, %code, %error, "request refused");
    error
}

/// The permission Misskey checks for an endpoint skua calls.
fn permission_for(endpoint: &str) -> &'static str {
    match endpoint {
        "users/lists/create" | "users/lists/update" | "users/lists/delete" | "users/lists/push"
        | "users/lists/pull" => "write:account",
        "following/create" | "following/delete" => "write:following",
        "users/relation" => "read:following",
        "mute/create" | "mute/delete" => "write:mutes",
        "blocking/create" | "blocking/delete" => "write:blocks",
        "notes/create" | "notes/unrenote" | "notes/delete" => "write:notes",
        "notes/reactions/create" | "notes/reactions/delete" => "write:reactions",
        "notes/favorites/create" | "notes/favorites/delete" => "write:favorites",
        "i/favorites" => "read:favorites",
        "notes/thread-muting/create" | "notes/thread-muting/delete" => "write:account",
        _ => "read:account",
    }
}

/// Members asked for per page (Misskey's maximum).
const MEMBER_PAGE: usize = 100;
/// Marks a members cursor that is an offset into the list's `userIds` (servers without
/// `users/lists/get-memberships`).
const BY_IDS_CURSOR: &str = "ids:";
/// `notes/children` calls one thread view makes at most before offering "more replies".
const CHILDREN_CALLS: usize = 12;
/// Completions offered for a typed account.
const SEARCH_RESULTS: u32 = 8;

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

    async fn lists(&self) -> Result<Vec<List>, ApiError> {
        Ok(self
            .own_lists()
            .await?
            .into_iter()
            .map(WireList::into_list)
            .collect())
    }

    async fn member_count(&self, list: &str) -> Result<usize, ApiError> {
        let list: WireList = self
            .call("users/lists/show", json!({ "listId": list }))
            .await?
            .json()?;
        Ok(list.user_ids.map_or(0, |ids| ids.len()))
    }

    async fn create_list(&self, title: &str, settings: &ListSettings) -> Result<List, ApiError> {
        let created: WireList = self
            .call("users/lists/create", json!({ "name": title }))
            .await?
            .json()?;
        // Creation takes only a name; a setting asked for is applied right after.
        if settings
            .public
            .is_some_and(|public| Some(public) != created.is_public)
        {
            return self.update_list(&created.id, title, settings).await;
        }
        Ok(created.into_list())
    }

    async fn update_list(
        &self,
        list: &str,
        title: &str,
        settings: &ListSettings,
    ) -> Result<List, ApiError> {
        let mut body = json!({ "listId": list, "name": title });
        if let Some(public) = settings.public {
            body["isPublic"] = json!(public);
        }
        let list: WireList = self.call("users/lists/update", body).await?.json()?;
        Ok(list.into_list())
    }

    async fn delete_list(&self, list: &str) -> Result<(), ApiError> {
        self.call_void("users/lists/delete", json!({ "listId": list }))
            .await
    }

    async fn list_members(&self, list: &str, cursor: Option<&str>) -> Result<MemberPage, ApiError> {
        let mut body = json!({ "listId": list, "limit": MEMBER_PAGE });
        if let Some(cursor) = cursor {
            body["untilId"] = json!(cursor);
        }
        if let Some(offset) = cursor.and_then(|c| c.strip_prefix(BY_IDS_CURSOR)) {
            return self.members_by_ids(list, offset.parse().unwrap_or(0)).await;
        }
        let memberships: Vec<Membership> =
            match self.call("users/lists/get-memberships", body).await {
                Ok(reply) => reply.json()?,
                // Older servers and some forks lack it; the list's ids work everywhere.
                Err(ApiError::Unsupported(_)) if cursor.is_none() => {
                    return self.members_by_ids(list, 0).await;
                }
                Err(error) => return Err(error),
            };
        let full = memberships.len() == MEMBER_PAGE;
        Ok(MemberPage {
            next: memberships.last().filter(|_| full).map(|m| m.id.clone()),
            accounts: memberships
                .into_iter()
                .map(|m| m.user.into_account(&self.base))
                .collect(),
        })
    }

    async fn add_to_list(&self, list: &str, account: &Account) -> Result<(), ApiError> {
        let body = json!({ "listId": list, "userId": account.id });
        self.call_void("users/lists/push", body).await
    }

    async fn remove_from_list(&self, list: &str, accounts: &[Account]) -> Result<(), PartlyDone> {
        // Misskey removes one user per call, so a failure can come after some went through.
        for (done, account) in accounts.iter().enumerate() {
            let body = json!({ "listId": list, "userId": account.id });
            self.call_void("users/lists/pull", body)
                .await
                .map_err(|error| PartlyDone { done, error })?;
        }
        Ok(())
    }

    async fn lists_of(&self, account: &Account) -> Result<Vec<String>, ApiError> {
        Ok(self
            .own_lists()
            .await?
            .into_iter()
            .filter(|l| l.user_ids.iter().flatten().any(|id| *id == account.id))
            .map(|l| sanitize::owned_line(&l.id))
            .collect())
    }

    async fn search_accounts(&self, query: &str) -> Result<Vec<Account>, ApiError> {
        let (username, host) = self.split_acct(query);
        let users: Vec<User> = self
            .call(
                "users/search-by-username-and-host",
                json!({ "username": username, "host": host, "limit": SEARCH_RESULTS, "detail": false }),
            )
            .await?
            .json()?;
        // Misskey's searches can list a user twice.
        let mut seen = std::collections::HashSet::new();
        let mut accounts: Vec<Account> = users
            .into_iter()
            .filter(|u| seen.insert(u.id.clone()))
            .map(|u| u.into_account(&self.base))
            .collect();
        // The search only knows users this server has seen; a whole address is fetched.
        if host.is_some_and(|h| h.contains('.'))
            && !accounts.iter().any(|a| {
                a.acct
                    .eq_ignore_ascii_case(query.trim().trim_start_matches('@'))
            })
            && let Ok(account) = self.lookup_account(query).await
        {
            accounts.insert(0, account);
        }
        Ok(accounts)
    }

    async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError> {
        let (username, host) = self.split_acct(acct);
        let user: User = self
            .call("users/show", json!({ "username": username, "host": host }))
            .await
            .map_err(|error| match error {
                ApiError::NotFound(_) | ApiError::Invalid(_) => {
                    ApiError::NotFound(format!("no account @{}", acct.trim_start_matches('@')))
                }
                error => error,
            })?
            .json()?;
        Ok(user.into_account(&self.base))
    }

    async fn follow(&self, account: &Account) -> Result<(), ApiError> {
        self.call("following/create", json!({ "userId": account.id }))
            .await
            .map(|_| ())
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
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Meta {
            max_note_text_length: Option<usize>,
            /// Newer Misskey and forks configure it; upstream's schema allows 100.
            max_cw_length: Option<usize>,
        }
        let (meta, software) = tokio::join!(
            self.call("meta", json!({ "detail": false })),
            super::nodeinfo::nodeinfo_software(&self.http, &self.base),
        );
        // Of the Misskey family, Sharkey edits notes (notes/edit).
        let can_edit = software
            .ok()
            .flatten()
            .is_some_and(|name| name.eq_ignore_ascii_case("sharkey"));
        let meta: Meta = meta?.json()?;
        Ok(ComposeRules {
            max_characters: meta.max_note_text_length.unwrap_or(3000),
            counting: Counting::Misskey {
                max_cw: meta.max_cw_length.unwrap_or(100),
            },
            can_quote: true,
            max_media: 16,
            max_poll_options: 10,
            poll_with_media: true,
            can_edit,
            default_visibility: None,
            default_language: None,
            default_sensitive: false,
        })
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

    async fn profile(&self, account: &Account) -> Result<Profile, ApiError> {
        let user = self.user(&account.id).await?;
        Ok(user.into_profile(self))
    }

    async fn relate(&self, account: &Account, change: Relate) -> Result<Relationship, ApiError> {
        let user = json!({ "userId": account.id });
        let (endpoint, body) = match change {
            Relate::Follow(true) => ("following/create", user),
            Relate::Follow(false) => ("following/delete", user),
            Relate::Mute(Some(duration)) => {
                let until = duration
                    .map(|d| jiff::Timestamp::now().as_millisecond() + d.as_millis() as i64);
                (
                    "mute/create",
                    json!({ "userId": account.id, "expiresAt": until }),
                )
            }
            Relate::Mute(None) => ("mute/delete", user),
            Relate::Block(true) => ("blocking/create", user),
            Relate::Block(false) => ("blocking/delete", user),
        };
        match self.call(endpoint, body).await {
            Ok(_) | Err(ApiError::AlreadyDone) => {}
            Err(error) => return Err(error),
        }
        let relation: WireRelation = self
            .call("users/relation", json!({ "userId": account.id }))
            .await?
            .json()?;
        Ok(relation.into_model())
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

    async fn answer_request(&self, account: &Account, accept: bool) -> Result<(), ApiError> {
        self.answer_follow_request(&account.id, accept).await
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

impl Misskey {
    /// `notes/create`'s parameters; a note to specified users names them (those it mentions)
    /// in `visibleUserIds`, which is who sees it.
    async fn note_body(&self, post: &NewPost) -> Result<Value, ApiError> {
        let mut body = note_body(post);
        if body["visibility"] == "specified" {
            let mut ids = Vec::new();
            for acct in super::compose::mentioned(&post.text) {
                ids.push(self.lookup_account(&acct).await?.id);
            }
            body["visibleUserIds"] = json!(ids);
        }
        Ok(body)
    }

    /// The user's recent note that is `post`, if an earlier attempt created it.
    async fn already_sent(&self, post: &NewPost) -> Result<Option<Note>, ApiError> {
        let me: User = self.call("i", json!({})).await?.json()?;
        let recent: Vec<Note> = self
            .call(
                "users/notes",
                json!({ "userId": me.id, "limit": 20, "withReplies": true }),
            )
            .await?
            .json()?;
        let spoiler = (!post.spoiler.is_empty()).then_some(post.spoiler.as_str());
        // As long as Mastodon keeps an idempotency key: an hour.
        let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
        Ok(recent.into_iter().find(|note| {
            note.created_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|at| at >= since)
                // Misskey keeps the text trimmed.
                && note.text.as_deref().unwrap_or_default().trim() == post.text.trim()
                && note.cw.as_deref() == spoiler
                && note.reply_id == post.in_reply_to
                && note.renote.as_ref().map(|r| &r.id) == post.quote.as_ref()
        }))
    }
}

/// `notes/create`'s parameters for a post.
fn note_body(post: &NewPost) -> Value {
    let visibility = match post.visibility {
        Visibility::Public => "public",
        Visibility::Unlisted | Visibility::Home => "home",
        Visibility::Private => "followers",
        // Seen by those in visibleUserIds (added by `Misskey::note_body`).
        Visibility::Direct | Visibility::Specified => "specified",
    };
    let mut body = json!({ "visibility": visibility, "localOnly": post.local_only });
    let fields = [
        ("text", (!post.text.is_empty()).then_some(&post.text)),
        ("cw", (!post.spoiler.is_empty()).then_some(&post.spoiler)),
        ("replyId", post.in_reply_to.as_ref()),
        ("renoteId", post.quote.as_ref()),
    ];
    http::put_present(&mut body, &fields);
    if !post.media.is_empty() {
        body["fileIds"] = json!(post.media);
    }
    if let Some(poll) = &post.poll {
        body["poll"] = json!({
            "choices": poll.options,
            "multiple": poll.multiple,
            "expiredAfter": poll.expires_in * 1000,
        });
    }
    body
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireList {
    id: String,
    name: String,
    user_ids: Option<Vec<String>>,
    is_public: Option<bool>,
}

impl WireList {
    fn into_list(self) -> List {
        List {
            id: sanitize::owned_line(&self.id),
            title: sanitize::owned_line(&self.name),
            settings: ListSettings {
                public: self.is_public,
                ..ListSettings::default()
            },
            member_count: self.user_ids.map(|ids| ids.len()),
        }
    }
}

#[derive(Deserialize)]
struct Membership {
    id: String,
    user: User,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct User {
    id: String,
    username: String,
    host: Option<String>,
    name: Option<String>,
    #[serde(default)]
    is_bot: bool,
}

impl User {
    pub(crate) fn into_account(self, base: &Url) -> Account {
        let acct = match &self.host {
            Some(host) => format!("{}@{host}", self.username),
            None => self.username.clone(),
        };
        Account {
            id: sanitize::owned_line(&self.id),
            url: Some(sanitize::owned_line(&format!("{base}@{acct}"))),
            acct: sanitize::owned_line(&acct),
            username: sanitize::owned_line(&self.username),
            display_name: sanitize::owned_line(self.name.as_deref().unwrap_or_default()),
            bot: self.is_bot,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Note {
    id: String,
    created_at: String,
    text: Option<String>,
    cw: Option<String>,
    user: User,
    #[serde(default)]
    visibility: String,
    renote: Option<Box<Note>>,
    reply: Option<Box<Note>>,
    reply_id: Option<String>,
    #[serde(default)]
    files: Vec<DriveFile>,
    #[serde(default)]
    tags: Vec<String>,
    url: Option<String>,
    uri: Option<String>,
    #[serde(default)]
    reactions: HashMap<String, u64>,
    #[serde(default)]
    renote_count: Option<u64>,
    #[serde(default)]
    replies_count: Option<u64>,
    poll: Option<WirePoll>,
    my_reaction: Option<String>,
    updated_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePoll {
    #[serde(default)]
    multiple: bool,
    expires_at: Option<String>,
    #[serde(default)]
    choices: Vec<WireChoice>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireChoice {
    text: String,
    #[serde(default)]
    votes: u64,
    #[serde(default)]
    is_voted: bool,
}

impl WirePoll {
    /// Misskey's poll is the note's: it is voted on by note id.
    fn into_poll(self, note: &str) -> Poll {
        let expires_at: Option<jiff::Timestamp> = self.expires_at.and_then(|at| at.parse().ok());
        Poll {
            id: sanitize::owned_line(note),
            own_votes: (0..self.choices.len())
                .filter(|i| self.choices[*i].is_voted)
                .collect(),
            options: self
                .choices
                .into_iter()
                .map(|c| PollOption {
                    title: sanitize::owned_line(&c.text),
                    votes: Some(c.votes),
                })
                .collect(),
            multiple: self.multiple,
            expired: false,
            expires_at,
            voters: None,
        }
    }
}

/// A user with what a profile shows (`UserDetailed`); the relation fields come only with a
/// token and not for oneself.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailedUser {
    #[serde(flatten)]
    user: User,
    description: Option<String>,
    #[serde(default)]
    fields: Vec<WireField>,
    #[serde(default)]
    verified_links: Vec<String>,
    notes_count: Option<u64>,
    followers_count: Option<u64>,
    following_count: Option<u64>,
    created_at: Option<String>,
    #[serde(default)]
    is_locked: bool,
    #[serde(flatten)]
    relation: WireRelation,
    #[serde(default)]
    pinned_notes: Vec<Note>,
}

#[derive(Deserialize)]
struct WireField {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WireRelation {
    is_following: Option<bool>,
    #[serde(default)]
    has_pending_follow_request_from_you: bool,
    #[serde(default)]
    is_followed: bool,
    #[serde(default)]
    is_muted: bool,
    #[serde(default)]
    is_blocking: bool,
}

impl WireRelation {
    fn into_model(self) -> Relationship {
        Relationship {
            following: self.is_following.unwrap_or(false),
            requested: self.has_pending_follow_request_from_you,
            followed_by: self.is_followed,
            muting: self.is_muted,
            blocking: self.is_blocking,
        }
    }
}

impl DetailedUser {
    fn into_profile(self, server: &Misskey) -> Profile {
        let verified = self.verified_links;
        // Without the relation fields the profile is the viewer's own (or no token was sent).
        let relationship = self
            .relation
            .is_following
            .is_some()
            .then(|| self.relation.into_model());
        Profile {
            account: self.user.into_account(&server.base),
            note: mfm::to_rich_text(
                self.description.as_deref().unwrap_or_default(),
                &server.host,
            ),
            fields: self
                .fields
                .into_iter()
                .map(|f| Field {
                    verified: verified.contains(&f.value),
                    name: sanitize::owned_line(f.name.trim()),
                    value: sanitize::owned_line(f.value.trim()),
                })
                .collect(),
            posts: self.notes_count,
            followers: self.followers_count,
            following: self.following_count,
            joined: self.created_at.and_then(|t| t.parse().ok()),
            locked: self.is_locked,
            relationship,
        }
    }
}

/// An entry of `i/favorites`.
#[derive(Deserialize)]
struct Favorite {
    id: String,
    note: Note,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NoteState {
    #[serde(default)]
    is_favorited: bool,
    #[serde(default)]
    is_muted_thread: bool,
}

#[derive(Deserialize)]
struct DriveFile {
    #[serde(default)]
    id: String,
    #[serde(rename = "type", default)]
    mime: String,
    url: Option<String>,
    comment: Option<String>,
}

impl Note {
    /// A renote without text of its own only points at another note.
    fn is_pure_renote(&self) -> bool {
        self.renote.is_some() && self.text.is_none() && self.files.is_empty() && self.poll.is_none()
    }

    /// A timeline entry: a pure renote shows the renoted note; the entry keeps its own id.
    fn into_entry(self, server: &Misskey) -> Entry {
        if self.is_pure_renote()
            && let Some(original) = self.renote
        {
            return Entry {
                id: sanitize::owned_line(&self.id),
                post: Some(original.into_post(server)),
                boosted_by: Some(self.user.into_account(&server.base)),
                pinned: false,
                notice: None,
            };
        }
        Entry::of(self.into_post(server))
    }

    /// The note itself (for a pure renote, the renoted note).
    fn into_post(self, server: &Misskey) -> Post {
        if self.is_pure_renote()
            && let Some(original) = self.renote
        {
            return original.into_post(server);
        }
        let url = self
            .url
            .or(self.uri)
            .unwrap_or_else(|| server.note_url(&self.id));
        let mut reactions: Vec<(String, u64)> = self
            .reactions
            .into_iter()
            .map(|(reaction, count)| (sanitize::owned_line(&reaction_label(&reaction)), count))
            .collect();
        reactions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let cw = self.cw.as_deref().map(|cw| sanitize::owned_line(cw.trim()));
        let mine = Mine {
            reaction: self
                .my_reaction
                .as_deref()
                .map(|r| sanitize::owned_line(&reaction_label(r))),
            ..Mine::default()
        };
        Post {
            id: sanitize::owned_line(&self.id),
            created_at: self.created_at.parse().unwrap_or_else(|e| {
                tracing::warn!(id = %self.id, error = %e, "bad createdAt");
                jiff::Timestamp::UNIX_EPOCH
            }),
            author: self.user.into_account(&server.base),
            visibility: match self.visibility.as_str() {
                "home" => Visibility::Home,
                "followers" => Visibility::Private,
                "specified" => Visibility::Specified,
                _ => Visibility::Public,
            },
            content: mfm::to_rich_text(self.text.as_deref().unwrap_or_default(), &server.host),
            // Misskey allows an empty CW; it still hides the text.
            spoiler: cw,
            media: self
                .files
                .into_iter()
                .filter_map(|file| {
                    let kind = match file.mime.split('/').next().unwrap_or_default() {
                        "image" if file.mime == "image/gif" => MediaKind::Gifv,
                        "image" => MediaKind::Image,
                        "video" => MediaKind::Video,
                        "audio" => MediaKind::Audio,
                        _ => MediaKind::Other,
                    };
                    Some(Media {
                        id: sanitize::owned_line(&file.id),
                        kind,
                        url: sanitize::owned_line(&file.url?),
                        description: file
                            .comment
                            .map(|c| sanitize::owned_line(c.trim()))
                            .filter(|c| !c.is_empty()),
                    })
                })
                .collect(),
            tags: self.tags.iter().map(|t| sanitize::owned_line(t)).collect(),
            url: Some(sanitize::owned_line(&url)),
            counts: Counts {
                replies: self.replies_count,
                boosts: self.renote_count,
                favourites: None,
                reactions,
            },
            in_reply_to: self.reply_id.map(|id| sanitize::owned_line(&id)),
            parent: self.reply.map(|n| Box::new(n.into_post(server))),
            quote: self.renote.map(|n| Box::new(n.into_post(server))),
            poll: self.poll.map(|p| p.into_poll(&self.id)),
            // Sharkey says when a note was edited.
            edited_at: self.updated_at.and_then(|at| at.parse().ok()),
            quotable: None,
            language: None,
            sensitive: false,
            filtered: None,
            mine,
        }
    }
}

/// The user's muted words (`i`): each entry is words that must all occur (Misskey also takes
/// `/regex/` entries, which skua does not evaluate). Soft mutes fold a note, hard mutes hide it.
#[derive(Debug, Clone, Default, Deserialize)]
struct MutedWords {
    #[serde(default, rename = "mutedWords", deserialize_with = "word_sets")]
    soft: Vec<Vec<String>>,
    #[serde(default, rename = "hardMutedWords", deserialize_with = "word_sets")]
    hard: Vec<Vec<String>>,
}

/// Word sets, lowercased; regular expressions (plain strings) are left out.
fn word_sets<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Vec<String>>, D::Error> {
    let entries: Vec<Value> = Deserialize::deserialize(d)?;
    Ok(entries
        .into_iter()
        .filter_map(|entry| match entry {
            Value::Array(words) => Some(
                words
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .filter(|words| !words.is_empty())
        .collect())
}

impl MutedWords {
    fn judge(&self, post: &Post) -> Option<Filtered> {
        if self.soft.is_empty() && self.hard.is_empty() {
            return None;
        }
        let mut text: String = post
            .content
            .blocks
            .iter()
            .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
            .collect();
        if let Some(cw) = &post.spoiler {
            text.push('\n');
            text.push_str(cw);
        }
        let text = text.to_lowercase();
        let matching = |sets: &[Vec<String>]| {
            sets.iter()
                .find(|words| words.iter().all(|w| text.contains(w.as_str())))
                .map(|words| words.join(" "))
        };
        if matching(&self.hard).is_some() {
            Some(Filtered::Hide)
        } else {
            matching(&self.soft).map(|words| Filtered::Warn(format!("muted word “{words}”")))
        }
    }
}

/// `body` with `limit` and the cursors asking for `page`.
fn paged(mut body: Value, page: &PageRequest, size: u32) -> Value {
    body["limit"] = json!(size.clamp(1, MAX_LIMIT));
    match page {
        PageRequest::Latest => {}
        PageRequest::Older(cursor) => body["untilId"] = json!(cursor),
        PageRequest::Between { max, since } => {
            body["untilId"] = json!(max);
            body["sinceId"] = json!(since);
        }
    }
    body
}

/// `:blob@.:` (a local custom emoji) and `:blob@host:` show as `:blob:`; Unicode stays as is.
fn reaction_label(reaction: &str) -> String {
    match reaction.strip_prefix(':').and_then(|r| r.strip_suffix(':')) {
        Some(name) => format!(":{}:", name.split('@').next().unwrap_or(name)),
        None => reaction.to_owned(),
    }
}
