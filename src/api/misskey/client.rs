//! Misskey over HTTP: every call a POST of a JSON body with the token in `i`, errors as the
//! user reads them, rate limits waited out.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value, json};
use url::Url;

use super::wire::*;
use crate::api::http::{self, Reply, Token};
use crate::api::model::*;
use crate::api::{ApiError, NewPost, People};

/// Misskey pages hold at most 100 notes.
pub(super) const MAX_LIMIT: u32 = 100;
/// Wait used when a 429 carries no Retry-After.
pub(super) const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(30);

/// Members asked for per page (Misskey's maximum).
pub(super) const MEMBER_PAGE: usize = 100;
/// Marks a members cursor that is an offset into the list's `userIds` (servers without
/// `users/lists/get-memberships`).
pub(super) const BY_IDS_CURSOR: &str = "ids:";

#[derive(Debug)]
pub struct Misskey {
    pub(super) http: reqwest::Client,
    pub(super) base: Url,
    pub(super) host: String,
    pub(super) token: Option<Token>,
    pub(super) page_size: u32,
    /// The muted words, read with the first timeline; shared with the stream.
    pub(super) judge: std::sync::Arc<crate::api::judge::Judge>,
    /// Whether the server is Sharkey (it schedules notes its own way); asked once.
    pub(super) sharkey: tokio::sync::OnceCell<bool>,
    pub(super) account_ids: crate::api::AccountIds,
    /// The user's id, asked once (chats tell the user's own messages by it).
    pub(super) my_id: tokio::sync::OnceCell<String>,
    /// The last answer to `i` and when it came (see [`Misskey::me`]).
    latest_me: tokio::sync::Mutex<LatestMe>,
}

/// Shown as nothing in a debug print: it holds the user's settings (their e-mail address).
#[derive(Default)]
struct LatestMe(Option<(std::time::Instant, Reply)>);

impl std::fmt::Debug for LatestMe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LatestMe")
    }
}

/// How long an answer to `i` serves every read of it: the reads at start (the login check,
/// the forced warning, the muted words) share one.
const ME_FRESH: Duration = Duration::from_secs(10);

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
            judge: Default::default(),
            sharkey: tokio::sync::OnceCell::new(),
            account_ids: Default::default(),
            my_id: tokio::sync::OnceCell::new(),
            latest_me: Default::default(),
        }
    }

    /// The server's `i` (the user and their settings): one answer for the reads that come
    /// together; asked again once [`ME_FRESH`] has passed or the user was changed (`i/update`).
    pub(super) async fn me(&self) -> Result<Reply, ApiError> {
        let mut latest = self.latest_me.lock().await;
        if let Some((at, reply)) = latest.0.as_ref()
            && at.elapsed() < ME_FRESH
        {
            return Ok(reply.clone());
        }
        self.ask_me(&mut latest).await
    }

    /// The server's `i` asked now: for a read before a write, which must not undo a change
    /// made elsewhere moments ago. Serves the reads that follow (see [`Misskey::me`]).
    pub(super) async fn me_now(&self) -> Result<Reply, ApiError> {
        let mut latest = self.latest_me.lock().await;
        self.ask_me(&mut latest).await
    }

    /// Asks for `i`, with the lock on the latest answer held: reads meanwhile wait for it.
    async fn ask_me(&self, latest: &mut LatestMe) -> Result<Reply, ApiError> {
        let reply = self.call("i", json!({})).await?;
        latest.0 = Some((std::time::Instant::now(), reply.clone()));
        Ok(reply)
    }

    /// The user's id: asked of the server the first time (`i`), then known.
    pub(super) async fn my_id(&self) -> Result<&str, ApiError> {
        #[derive(serde::Deserialize)]
        struct Me {
            id: String,
        }
        let id = self
            .my_id
            .get_or_try_init(|| async {
                let me: Me = self.me().await?.json()?;
                Ok::<_, ApiError>(me.id)
            })
            .await?;
        Ok(id)
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
        if endpoint == "i/update" {
            // The user changed: the next read of `i` asks again.
            self.latest_me.lock().await.0 = None;
        }
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(error_from(&reply, endpoint))
        }
    }

    /// Calls an endpoint that answers 204 with no body.
    pub(super) async fn call_void(&self, endpoint: &str, body: Value) -> Result<(), ApiError> {
        self.call(endpoint, body).await.map(|_| ())
    }

    pub(super) async fn own_lists(&self) -> Result<Vec<WireList>, ApiError> {
        self.call("users/lists/list", json!({})).await?.json()
    }

    /// A page of members from the list's `userIds`, fetched in one `users/show` call.
    pub(super) async fn members_by_ids(
        &self,
        list: &str,
        offset: usize,
    ) -> Result<MemberPage, ApiError> {
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
                .items()?
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
    pub(super) fn split_acct<'a>(&self, acct: &'a str) -> (&'a str, Option<&'a str>) {
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
    pub(super) async fn user(&self, id: &str) -> Result<DetailedUser, ApiError> {
        self.call("users/show", json!({ "userId": id }))
            .await?
            .json()
    }
}

impl Origin for Misskey {
    fn base(&self) -> &Url {
        &self.base
    }

    fn host(&self) -> &str {
        &self.host
    }
}

/// Misskey's `{"error": {"code", "message", ...}}`, with the codes a user meets turned into
/// sentences that say what to do.
pub fn error_from(reply: &Reply, endpoint: &str) -> ApiError {
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
        // Newer Misskey: the translator is there (`translatorAvailable`) but the user's role
        // may not use it.
        "UNAVAILABLE" if endpoint == "notes/translate" => ApiError::Unsupported(
            "this server's translator is not open to your account (its admins decide by role)"
                .into(),
        ),
        "UNAVAILABLE" => ApiError::Unsupported(format!("this server has turned off {endpoint}")),
        "CANNOT_TRANSLATE_INVISIBLE_NOTE" => ApiError::Forbidden(
            "that note is not visible to you (any more), so it cannot be translated".into(),
        ),
        "NO_SUCH_NOTE" => ApiError::NotFound(
            "that note does not exist (any more), or is not visible to you".into(),
        ),
        "ALREADY_REACTED" | "NOT_REACTED" | "ALREADY_FAVORITED" | "NOT_FAVORITED"
        | "ALREADY_MUTING" | "NOT_MUTING" | "ALREADY_FOLLOWING" | "NOT_FOLLOWING"
        | "ALREADY_BLOCKING" | "NOT_BLOCKING" | "ALREADY_PINNED" | "NOT_PINNED" => {
            ApiError::AlreadyDone
        }
        "CANNOT_RENOTE_TO_OUTSIDE_OF_CHANNEL"
        | "CANNOT_REACT_TO_RENOTE"
        | "YOU_CANNOT_RENOTE"
        | "CANNOT_RENOTE_DUE_TO_VISIBILITY" => ApiError::Forbidden(
            "this note cannot be renoted: only public and home notes can".into(),
        ),
        // Sharkey answers an edit of a note that is gone, or not the user's, with a 500.
        "INTERNAL_ERROR" if endpoint == "notes/edit" => ApiError::Invalid(
            "the server could not edit this note: it may have been deleted, or not be yours".into(),
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
        "PERMISSION_DENIED" => ApiError::Lacks(permission_for(endpoint).to_owned()),
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
pub(super) fn permission_for(endpoint: &str) -> &'static str {
    match endpoint {
        "users/lists/create" | "users/lists/update" | "users/lists/delete" | "users/lists/push"
        | "users/lists/pull" => "write:account",
        "following/create" | "following/delete" | "following/requests/cancel" => "write:following",
        "users/relation" | "following/requests/list" | "following/requests/sent" => {
            "read:following"
        }
        "mute/list" => "read:mutes",
        "blocking/list" => "read:blocks",
        "mute/create" | "mute/delete" => "write:mutes",
        "blocking/create" | "blocking/delete" => "write:blocks",
        "notes/create" | "notes/unrenote" | "notes/delete" => "write:notes",
        "notes/reactions/create" | "notes/reactions/delete" => "write:reactions",
        "notes/favorites/create" | "notes/favorites/delete" => "write:favorites",
        "i/favorites" => "read:favorites",
        "notes/thread-muting/create"
        | "notes/thread-muting/delete"
        | "i/update"
        | "i/pin"
        | "i/unpin"
        | "users/update-memo"
        | "notes/drafts/create"
        | "notes/drafts/update"
        | "notes/drafts/delete" => "write:account",
        "users/report-abuse" => "write:report-abuse",
        "channels/followed" | "channels/my-favorites" | "channels/owned" => "read:channels",
        "chat/history"
        | "chat/messages/user-timeline"
        | "chat/messages/room-timeline"
        | "chat/rooms/joining"
        | "chat/rooms/owned" => "read:chat",
        "chat/messages/create-to-user"
        | "chat/messages/create-to-room"
        | "chat/messages/react"
        | "chat/messages/unreact"
        | "chat/messages/delete" => "write:chat",
        "channels/follow" | "channels/unfollow" | "channels/favorite" | "channels/unfavorite" => {
            "write:channels"
        }
        "notes/schedule/create" | "notes/schedule/delete" => "write:notes",
        _ => "read:account",
    }
}

impl Misskey {
    /// `notes/create`'s parameters; a note to specified users names them (those it mentions)
    /// in `visibleUserIds`, which is who sees it.
    pub(super) async fn note_body(&self, post: &NewPost) -> Result<Value, ApiError> {
        let mut body = note_body(post);
        if body["visibility"] == "specified" {
            let mut ids = Vec::new();
            for acct in crate::api::compose::mentioned(&post.text) {
                ids.push(self.lookup_account(&acct).await?.id);
            }
            body["visibleUserIds"] = json!(ids);
        }
        Ok(body)
    }

    /// The user's recent note that is `post`, if an earlier attempt created it.
    pub(super) async fn already_sent(&self, post: &NewPost) -> Result<Option<Note>, ApiError> {
        let me = self.my_id().await?;
        let recent: Vec<Note> = self
            .call(
                "users/notes",
                json!({ "userId": me, "limit": 20, "withReplies": true }),
            )
            .await?
            .items()?;
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

/// `body` with `limit` and the cursors asking for `page`.
pub(super) fn paged(mut body: Value, page: &PageRequest, size: u32) -> Value {
    body["limit"] = json!(size.clamp(1, MAX_LIMIT));
    match page {
        // `sinceId` alone would answer the oldest newer notes first, and a page of them short
        // of the newest: the newest page is asked for, and the timeline meets what it has.
        PageRequest::Latest | PageRequest::Newer(_) => {}
        PageRequest::Older(cursor) => body["untilId"] = json!(cursor),
        PageRequest::Between { max, since } => {
            body["untilId"] = json!(max);
            body["sinceId"] = json!(since);
        }
    }
    body
}
