//! The Mastodon client API (also served by GoToSocial, Pleroma, Akkoma and others).
//! Wire types stay in this file; they are turned into the model at the edge.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::http::{self, Items, Reply, Token};
use super::model::*;
use super::{
    ApiError, Backend, ComposeRules, Counting, NewPost, PartlyDone, Progress, Upload, html,
};
use crate::sanitize;

mod notices;
mod streaming;

/// How often, and how many times, an upload still being processed is asked about.
const MEDIA_PROCESSING_WAIT: Duration = Duration::from_secs(1);
const MEDIA_PROCESSING_CHECKS: u32 = 300;

/// Wait used when a 429 carries no usable reset time.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(30);
/// Longest wait honoured from a rate-limit header; beyond it the user is better served by an error.
const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub struct Mastodon {
    http: reqwest::Client,
    base: Url,
    token: Option<Token>,
    page_size: u32,
    account_ids: super::AccountIds,
    /// The server answered 404 to grouped notifications (before 4.3): group them in skua.
    no_grouped_notifications: std::sync::atomic::AtomicBool,
}

impl Mastodon {
    pub fn new(http: reqwest::Client, base: Url, token: Option<Token>, page_size: u32) -> Self {
        Mastodon {
            http,
            base,
            token,
            page_size,
            account_ids: Default::default(),
            no_grouped_notifications: Default::default(),
        }
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = http::endpoint(&self.base, "");
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }

    async fn get(&self, url: Url, query: &[(&str, String)]) -> Result<Reply, ApiError> {
        self.call(Method::GET, url, query, None).await
    }

    /// Sends a request with the token in the `Authorization` header and an optional JSON body.
    async fn call(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<Reply, ApiError> {
        self.call_with_headers(method, url, query, body, &[]).await
    }

    async fn call_with_headers(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, ApiError> {
        tracing::debug!(%method, url = %url, ?query, "request");
        let mut request = self.http.request(method.clone(), url.clone()).query(query);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.secret());
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let reply = http::send(request).await?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(self.error_from(&reply, &method, &url))
        }
    }

    fn list_url(&self, list: &str, rest: &[&str]) -> Url {
        let mut segments = vec!["api", "v1", "lists", list];
        segments.extend(rest);
        self.url(&segments)
    }

    /// The page at a `Link` URL the server gave, refusing any that leads elsewhere: the token
    /// must only ever go to this server.
    fn same_server(&self, link: &str, expected_path: &str) -> Result<Url, ApiError> {
        let url = Url::parse(link).map_err(|e| ApiError::Decode(format!("bad page link: {e}")))?;
        if url.origin() == self.base.origin() && url.path() == expected_path {
            Ok(url)
        } else {
            tracing::warn!(%url, "page link leads off this server; not following it");
            Err(ApiError::Decode(
                "the server's next-page link leads somewhere else".into(),
            ))
        }
    }

    async fn following(&self, account: &Account) -> Result<WireRelationship, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "relationships"]),
                &[("id[]", account.id.clone())],
            )
            .await?;
        let relationships: Vec<WireRelationship> = reply.json()?;
        Ok(relationships.into_iter().next().unwrap_or_default())
    }

    fn error_from(&self, reply: &Reply, method: &Method, url: &Url) -> ApiError {
        let error = error_from(reply);
        match error {
            ApiError::Forbidden(message) if message.contains("outside the authorized scopes") => {
                ApiError::Forbidden(format!(
                    "your login lacks the {} permission; `skua login {}` asks for it",
                    scope_for(method, url.path()),
                    self.base.host_str().unwrap_or_default()
                ))
            }
            error => error,
        }
    }
}

/// The OAuth scope Mastodon checks for a request, for telling the user what is missing.
fn scope_for(method: &Method, path: &str) -> &'static str {
    let write = method != Method::GET;
    if path.contains("/lists") {
        if write { "write:lists" } else { "read:lists" }
    } else if path.ends_with("/block") || path.ends_with("/unblock") {
        "write:blocks"
    } else if path.ends_with("follow") || path.contains("/relationships") {
        if write {
            "write:follows"
        } else {
            "read:follows"
        }
    } else if path.contains("/search") {
        "read:search"
    } else if path.ends_with("/api/v1/bookmarks") {
        "read:bookmarks"
    } else if path.ends_with("/api/v1/favourites") {
        "read:favourites"
    } else if path.ends_with("/favourite") || path.ends_with("/unfavourite") {
        "write:favourites"
    } else if path.ends_with("/bookmark") || path.ends_with("/unbookmark") {
        "write:bookmarks"
    } else if path.ends_with("/mute") || path.ends_with("/unmute") {
        "write:mutes"
    } else if write && path.contains("/statuses") {
        "write:statuses"
    } else if path.contains("/accounts") {
        "read:accounts"
    } else {
        "read:statuses"
    }
}

/// Results asked for per kind in a search.
const SEARCH_LIMIT: u32 = 20;

/// Errors on an account, said in its terms.
fn about_account(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => {
            ApiError::NotFound("that account does not exist (any more)".into())
        }
        error => error,
    }
}

/// Errors on a post, said in the post's terms.
fn about_post(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => ApiError::NotFound(
            "that post does not exist (any more), or is not visible to you".into(),
        ),
        error => error,
    }
}

/// A refused action, said in its terms: Mastodon refuses to boost a followers-only or direct
/// post with 422 (or 403 on some versions).
fn about_action(error: ApiError, action: &PostAction) -> ApiError {
    match (error, action) {
        (ApiError::Forbidden(message), PostAction::Boost(true)) if !message.contains("scope") => {
            ApiError::Forbidden(
                "this post cannot be boosted: only public and unlisted posts can".into(),
            )
        }
        (ApiError::Invalid(_), PostAction::Boost(true)) => ApiError::Forbidden(
            "this post cannot be boosted: only public and unlisted posts can".into(),
        ),
        (error, _) => about_post(error),
    }
}

/// Errors on a list, said in the list's terms.
fn about_list(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => ApiError::NotFound("that list does not exist (any more)".into()),
        ApiError::Invalid(message) if message.contains("blank") => {
            ApiError::Invalid("a list needs a title".into())
        }
        error => error,
    }
}

/// The error a refusal stands for, with the server's own words made safe.
pub fn error_from(reply: &Reply) -> ApiError {
    #[derive(Deserialize)]
    struct ErrorBody {
        error: String,
        error_description: Option<String>,
    }
    let message = match serde_json::from_slice::<ErrorBody>(&reply.body) {
        Ok(ErrorBody {
            error,
            error_description: Some(description),
        }) => format!("{error}: {description}"),
        Ok(body) => body.error,
        Err(_) => reply
            .status
            .canonical_reason()
            .unwrap_or("no explanation given")
            .to_owned(),
    };
    let error = http::status_error(
        reply.status,
        http::readable_message(&message),
        rate_limit_wait(&reply.headers),
    );
    tracing::warn!(status = %reply.status, %error, "request refused");
    error
}

/// How long to wait after a 429: `Retry-After` (RFC 9110: what the server asks of this
/// request), else until `X-RateLimit-Reset` (when the whole budget comes back), else a default.
fn rate_limit_wait(headers: &HeaderMap) -> Duration {
    let until_reset = || {
        headers
            .get("x-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<jiff::Timestamp>().ok())
            .map(|reset| {
                let secs = reset.as_second() - jiff::Timestamp::now().as_second();
                Duration::from_secs(secs.max(1) as u64)
            })
    };
    http::retry_after_header(headers)
        .or_else(until_reset)
        .unwrap_or(DEFAULT_RATE_LIMIT_WAIT)
        .min(MAX_RATE_LIMIT_WAIT)
}

impl Mastodon {
    /// The user's own post from the last hour that `post` would repeat, if there is one.
    /// Only servers that send a post's `text` can be checked this way; those are the ones that
    /// do not honour the idempotency key (Mastodon does, and sends no `text`).
    async fn already_sent(&self, post: &NewPost) -> Result<Option<Status>, ApiError> {
        let me = self.verify_credentials().await?;
        let url = self.url(&["api", "v1", "accounts", &me.id, "statuses"]);
        let query = [
            ("limit", "20".to_owned()),
            ("exclude_reblogs", "true".to_owned()),
        ];
        let recent: Items<Status> = self.get(url, &query).await?.json()?;
        let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
        Ok(recent.items.into_iter().find(|status| {
            status
                .created_at
                .parse::<jiff::Timestamp>()
                .is_ok_and(|at| at >= since)
                && status
                    .text
                    .as_deref()
                    .is_some_and(|text| text.trim() == post.text.trim())
                && status.spoiler_text == post.spoiler
                && status.in_reply_to_id == post.in_reply_to
        }))
    }
}

#[async_trait]
impl Backend for Mastodon {
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
        let kind = self.account_ids.resolve(self, kind).await?;
        let kind = kind.as_ref();
        let (url, mut query) = match kind {
            TimelineKind::Home => (self.url(&["api", "v1", "timelines", "home"]), vec![]),
            TimelineKind::Local => (
                self.url(&["api", "v1", "timelines", "public"]),
                vec![("local", "true".to_owned())],
            ),
            TimelineKind::Federated => (self.url(&["api", "v1", "timelines", "public"]), vec![]),
            TimelineKind::Hashtag(tag) => {
                (self.url(&["api", "v1", "timelines", "tag", tag]), vec![])
            }
            TimelineKind::List { id, .. } => {
                (self.url(&["api", "v1", "timelines", "list", id]), vec![])
            }
            TimelineKind::Social => {
                return Err(ApiError::Unsupported(
                    "the social timeline is a Misskey feature; this server does not have it".into(),
                ));
            }
            // Paged by the server's own ids, given in the Link header.
            TimelineKind::Bookmarks => (self.url(&["api", "v1", "bookmarks"]), vec![]),
            TimelineKind::Favourites => (self.url(&["api", "v1", "favourites"]), vec![]),
            TimelineKind::Notifications { mentions_only } => {
                return self.notifications(page, *mentions_only).await;
            }
            TimelineKind::Direct => return self.conversations(page).await,
            TimelineKind::Account { id, posts, .. } => {
                let query = match posts {
                    AccountPosts::Posts => vec![("exclude_replies", "true".to_owned())],
                    AccountPosts::WithReplies => vec![],
                    AccountPosts::Media => vec![("only_media", "true".to_owned())],
                };
                (self.url(&["api", "v1", "accounts", id, "statuses"]), query)
            }
        };
        // A profile's first page comes with its pinned posts.
        let pinned = match (kind, page) {
            (
                TimelineKind::Account {
                    id,
                    posts: AccountPosts::Posts | AccountPosts::WithReplies,
                    ..
                },
                PageRequest::Latest,
            ) => Some(self.url(&["api", "v1", "accounts", id, "statuses"])),
            _ => None,
        };
        query.extend(page_query(page, self.page_size));
        let (reply, pinned) = tokio::join!(self.get(url, &query), async {
            match pinned {
                Some(url) => self
                    .get(url, &[("pinned", "true".to_owned())])
                    .await
                    .map(Some),
                None => Ok(None),
            }
        });
        let reply = reply?;
        if reply.status == StatusCode::PARTIAL_CONTENT {
            return Err(ApiError::Regenerating);
        }
        let statuses: Items<Status> = reply.json()?;
        // Pinned posts are a bonus: without them the posts still show.
        let pinned = pinned.and_then(|reply| reply.map(|r| r.json::<Vec<Status>>()).transpose());
        let mut entries: Vec<Entry> = match pinned {
            Ok(pinned) => pinned
                .into_iter()
                .flatten()
                .map(|s| Entry::pinned(s.into_post()))
                .collect(),
            Err(error) => {
                tracing::warn!(%error, "could not read the pinned posts");
                Vec::new()
            }
        };
        let unreadable = statuses.unreadable;
        entries.extend(statuses.items.into_iter().map(Status::into_entry));
        let links = parse_link_header(&reply.headers);
        let older = links
            .get("next")
            .and_then(|url| query_param(url, "max_id"))
            .or_else(|| entries.iter().rfind(|e| !e.pinned).map(|e| e.id.clone()));
        Ok(Page {
            entries,
            older,
            unreadable,
        })
    }

    async fn lists(&self) -> Result<Vec<List>, ApiError> {
        let reply = self.get(self.url(&["api", "v1", "lists"]), &[]).await?;
        let lists: Vec<WireList> = reply.json()?;
        Ok(lists.into_iter().map(WireList::into_list).collect())
    }

    async fn member_count(&self, list: &str) -> Result<usize, ApiError> {
        // Mastodon has no count: page through the members (`limit=0` would send them all in one
        // answer of any size), keeping only how many there were.
        let first = self.list_url(list, &["accounts"]);
        let mut reply = self
            .get(first.clone(), &[("limit", MEMBER_PAGE.to_string())])
            .await
            .map_err(about_list)?;
        let mut count = 0;
        let mut pages = 0;
        loop {
            pages += 1;
            let page = reply.json::<Vec<serde::de::IgnoredAny>>()?.len();
            count += page;
            if pages >= super::MAX_PAGES || count >= super::MAX_ITEMS {
                return Err(ApiError::Endless {
                    pages,
                    items: count,
                });
            }
            let next = parse_link_header(&reply.headers).remove("next");
            match next {
                Some(link) if page > 0 => {
                    let url = self.same_server(link.as_str(), first.path())?;
                    reply = self.get(url, &[]).await.map_err(about_list)?;
                }
                _ => return Ok(count),
            }
        }
    }

    async fn create_list(&self, title: &str, settings: &ListSettings) -> Result<List, ApiError> {
        let reply = self
            .call(
                Method::POST,
                self.url(&["api", "v1", "lists"]),
                &[],
                Some(list_body(title, settings)),
            )
            .await
            .map_err(about_list)?;
        Ok(reply.json::<WireList>()?.into_list())
    }

    async fn update_list(
        &self,
        list: &str,
        title: &str,
        settings: &ListSettings,
    ) -> Result<List, ApiError> {
        let reply = self
            .call(
                Method::PUT,
                self.list_url(list, &[]),
                &[],
                Some(list_body(title, settings)),
            )
            .await
            .map_err(about_list)?;
        Ok(reply.json::<WireList>()?.into_list())
    }

    async fn delete_list(&self, list: &str) -> Result<(), ApiError> {
        self.call(Method::DELETE, self.list_url(list, &[]), &[], None)
            .await
            .map_err(about_list)?;
        Ok(())
    }

    async fn list_members(&self, list: &str, cursor: Option<&str>) -> Result<MemberPage, ApiError> {
        let first = self.list_url(list, &["accounts"]);
        let reply = match cursor {
            None => self.get(first, &[("limit", MEMBER_PAGE.to_string())]).await,
            Some(link) => self.get(self.same_server(link, first.path())?, &[]).await,
        }
        .map_err(about_list)?;
        let accounts: Vec<WireAccount> = reply.json()?;
        Ok(MemberPage {
            next: (!accounts.is_empty())
                .then(|| parse_link_header(&reply.headers).remove("next"))
                .flatten()
                .map(String::from),
            accounts: accounts
                .into_iter()
                .map(WireAccount::into_account)
                .collect(),
        })
    }

    async fn add_to_list(&self, list: &str, account: &Account) -> Result<(), ApiError> {
        let body = json!({ "account_ids": [account.id] });
        match self
            .call(
                Method::POST,
                self.list_url(list, &["accounts"]),
                &[],
                Some(body),
            )
            .await
        {
            Ok(_) => Ok(()),
            // Mastodon says "not found" both for a missing list and for an account not followed.
            Err(ApiError::NotFound(_)) => {
                let relationship = self.following(account).await?;
                Err(if relationship.following {
                    about_list(ApiError::NotFound(String::new()))
                } else if relationship.requested {
                    ApiError::Invalid(format!(
                        "@{} has not accepted your follow request yet; add them once they do",
                        account.acct
                    ))
                } else {
                    ApiError::NotFollowing(account.acct.clone())
                })
            }
            Err(ApiError::Invalid(message)) if message.contains("taken") => Err(ApiError::Invalid(
                format!("@{} is already on that list", account.acct),
            )),
            Err(error) => Err(about_list(error)),
        }
    }

    async fn remove_from_list(&self, list: &str, accounts: &[Account]) -> Result<(), PartlyDone> {
        // One request for all: it succeeds or fails as a whole.
        let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
        self.call(
            Method::DELETE,
            self.list_url(list, &["accounts"]),
            &[],
            Some(json!({ "account_ids": ids })),
        )
        .await
        .map_err(|e| PartlyDone {
            done: 0,
            error: about_list(e),
        })?;
        Ok(())
    }

    async fn lists_of(&self, account: &Account) -> Result<Vec<String>, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", &account.id, "lists"]),
                &[],
            )
            .await?;
        let lists: Vec<WireList> = reply.json()?;
        Ok(lists
            .into_iter()
            .map(|l| sanitize::owned_line(&l.id))
            .collect())
    }

    async fn search_accounts(&self, query: &str) -> Result<Vec<Account>, ApiError> {
        let query = query.trim().trim_start_matches('@');
        // Asking other servers (WebFinger) only makes sense once a whole address is typed.
        let resolve = query
            .split_once('@')
            .is_some_and(|(_, host)| host.contains('.'));
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "search"]),
                &[
                    ("q", query.to_owned()),
                    ("limit", SEARCH_RESULTS.to_string()),
                    ("resolve", resolve.to_string()),
                ],
            )
            .await?;
        let accounts: Vec<WireAccount> = reply.json()?;
        Ok(accounts
            .into_iter()
            .map(WireAccount::into_account)
            .collect())
    }

    async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError> {
        let acct = acct.trim().trim_start_matches('@');
        let found = self
            .get(
                self.url(&["api", "v1", "accounts", "lookup"]),
                &[("acct", acct.to_owned())],
            )
            .await;
        match found {
            Ok(reply) => Ok(reply.json::<WireAccount>()?.into_account()),
            // Accounts this server has never seen are only found through a resolving search.
            Err(ApiError::NotFound(_)) => self
                .search_accounts(acct)
                .await?
                .into_iter()
                .find(|a| same_acct(&a.acct, acct, &self.base))
                .ok_or_else(|| ApiError::NotFound(format!("no account @{acct}"))),
            Err(error) => Err(error),
        }
    }

    async fn follow(&self, account: &Account) -> Result<(), ApiError> {
        let reply = self
            .call(
                Method::POST,
                self.url(&["api", "v1", "accounts", &account.id, "follow"]),
                &[],
                None,
            )
            .await?;
        let relationship: WireRelationship = reply.json()?;
        if relationship.following {
            Ok(())
        } else {
            Err(ApiError::Invalid(format!(
                "@{} approves followers by hand; skua sent a follow request, add them once it is accepted",
                account.acct
            )))
        }
    }

    async fn context(&self, post: &str) -> Result<Context, ApiError> {
        let (status, context) = tokio::join!(
            self.get(self.url(&["api", "v1", "statuses", post]), &[]),
            self.get(self.url(&["api", "v1", "statuses", post, "context"]), &[]),
        );
        let status: Status = status.map_err(about_post)?.json()?;
        let context: WireContext = context.map_err(about_post)?.json()?;
        Ok(Context {
            ancestors: context
                .ancestors
                .into_iter()
                .map(Status::into_post)
                .collect(),
            post: status.into_post(),
            replies: Replies {
                posts: context
                    .descendants
                    .into_iter()
                    .map(Status::into_post)
                    .collect(),
                unexpanded: Vec::new(),
            },
        })
    }

    async fn replies(&self, post: &str) -> Result<Replies, ApiError> {
        // The context holds every reply down the tree.
        Ok(self.context(post).await?.replies)
    }

    async fn act(&self, post: &str, action: &PostAction) -> Result<Option<Post>, ApiError> {
        let call = match action {
            PostAction::Favourite(true) => "favourite",
            PostAction::Favourite(false) => "unfavourite",
            PostAction::Boost(true) => "reblog",
            PostAction::Boost(false) => "unreblog",
            PostAction::Bookmark(true) => "bookmark",
            PostAction::Bookmark(false) => "unbookmark",
            PostAction::MuteThread(true) => "mute",
            PostAction::MuteThread(false) => "unmute",
            PostAction::React(_) => {
                return Err(ApiError::Unsupported(
                    "emoji reactions are a Misskey feature; favourite the post instead".into(),
                ));
            }
        };
        let url = self.url(&["api", "v1", "statuses", post, call]);
        let status: Status = self
            .call(Method::POST, url, &[], None)
            .await
            .map_err(|e| about_action(e, action))?
            .json()?;
        // A boost answers with the boost; the post is the boosted one.
        Ok(Some(status.into_post()))
    }

    async fn compose_rules(&self) -> Result<ComposeRules, ApiError> {
        let (instance, preferences) = tokio::join!(
            self.get(self.url(&["api", "v2", "instance"]), &[]),
            self.get(self.url(&["api", "v1", "preferences"]), &[]),
        );
        let instance: WireInstance = match instance {
            Ok(reply) => reply.json()?,
            // Before 4.0 (and on some other software) only v1 exists.
            Err(ApiError::NotFound(_)) => self
                .get(self.url(&["api", "v1", "instance"]), &[])
                .await?
                .json()?,
            Err(e) => return Err(e),
        };
        let mut rules = instance.into_rules();
        // Without the read:accounts permission the defaults stay the server's.
        match preferences.and_then(|reply| reply.json::<WirePreferences>()) {
            Ok(preferences) => preferences.apply(&mut rules),
            Err(e) => tracing::info!(error = %e, "no posting preferences"),
        }
        Ok(rules)
    }

    async fn upload(&self, upload: &Upload, progress: Progress) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        struct WireMedia {
            id: String,
            url: Option<String>,
        }
        let form = reqwest::multipart::Form::new()
            .part("file", http::file_part(&upload.path, progress).await?)
            .text("description", upload.description.clone());
        let url = self.url(&["api", "v2", "media"]);
        let mut request = self
            .http
            .post(url.clone())
            .multipart(form)
            .timeout(http::UPLOAD_TIMEOUT);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.secret());
        }
        let reply = http::send(request).await?;
        if !reply.status.is_success() {
            return Err(self.error_from(&reply, &Method::POST, &url));
        }
        let media: WireMedia = reply.json()?;
        // 202: the server is still processing it (a video, say); it can be attached once
        // it answers 200 with an address.
        if reply.status == StatusCode::ACCEPTED || media.url.is_none() {
            let status = self.url(&["api", "v1", "media", &media.id]);
            for _ in 0..MEDIA_PROCESSING_CHECKS {
                tokio::time::sleep(MEDIA_PROCESSING_WAIT).await;
                let reply = self.get(status.clone(), &[]).await?;
                if reply.status == StatusCode::OK && reply.json::<WireMedia>()?.url.is_some() {
                    return Ok(sanitize::owned_line(&media.id));
                }
            }
            return Err(ApiError::Unsupported(format!(
                "the server is still processing {}; send again in a while",
                upload.path.display()
            )));
        }
        Ok(sanitize::owned_line(&media.id))
    }

    async fn post(&self, post: &NewPost) -> Result<Post, ApiError> {
        // Some servers ignore the idempotency key (GoToSocial): after an attempt that may have
        // gone through, look for it among the user's latest posts before sending again.
        if post.maybe_sent
            && let Some(sent) = self.already_sent(post).await?
        {
            tracing::info!(id = %sent.id, "the earlier attempt had gone through");
            return Ok(sent.into_post());
        }
        let mut body = json!({
            "status": post.text,
            "visibility": mastodon_visibility(post.visibility),
            "sensitive": post.sensitive,
        });
        let fields = [
            (
                "spoiler_text",
                (!post.spoiler.is_empty()).then_some(&post.spoiler),
            ),
            ("language", post.language.as_ref()),
            ("in_reply_to_id", post.in_reply_to.as_ref()),
            ("quoted_status_id", post.quote.as_ref()),
            // Hollo takes the quoted post as `quote_id` (its recorded answers); Mastodon ignores it.
            ("quote_id", post.quote.as_ref()),
        ];
        http::put_present(&mut body, &fields);
        if !post.media.is_empty() {
            body["media_ids"] = json!(post.media);
        }
        if let Some(poll) = &post.poll {
            body["poll"] = poll_json(poll);
        }
        let url = self.url(&["api", "v1", "statuses"]);
        // The same key for every attempt: the server answers a repeat with the first post.
        let headers = [("Idempotency-Key", post.idempotency_key.as_str())];
        let status: Status = self
            .call_with_headers(Method::POST, url, &[], Some(body), &headers)
            .await?
            .json()?;
        Ok(status.into_post())
    }

    async fn source(&self, post: &str) -> Result<Source, ApiError> {
        #[derive(Deserialize)]
        struct WireSource {
            text: String,
            #[serde(default)]
            spoiler_text: String,
        }
        let url = self.url(&["api", "v1", "statuses", post, "source"]);
        let source: WireSource = self.get(url, &[]).await.map_err(about_post)?.json()?;
        Ok(Source {
            text: sanitize::text(&source.text).into_owned(),
            spoiler: sanitize::owned_line(&source.spoiler_text),
        })
    }

    async fn edit(&self, post: &str, changed: &NewPost) -> Result<Post, ApiError> {
        // Visibility and what it replies to cannot change.
        let mut body = json!({
            "status": changed.text,
            "spoiler_text": changed.spoiler,
            "sensitive": changed.sensitive,
            "media_ids": changed.media,
        });
        if let Some(language) = &changed.language {
            body["language"] = json!(language);
        }
        if let Some(poll) = &changed.poll {
            body["poll"] = poll_json(poll);
        }
        let url = self.url(&["api", "v1", "statuses", post]);
        let status: Status = self
            .call(Method::PUT, url, &[], Some(body))
            .await
            .map_err(about_post)?
            .json()?;
        Ok(status.into_post())
    }

    async fn history(&self, post: &str) -> Result<Vec<Version>, ApiError> {
        #[derive(Deserialize)]
        struct WireEdit {
            created_at: String,
            #[serde(default)]
            content: String,
            #[serde(default)]
            spoiler_text: String,
        }
        let url = self.url(&["api", "v1", "statuses", post, "history"]);
        let edits: Vec<WireEdit> = self.get(url, &[]).await.map_err(about_post)?.json()?;
        let acct_for = |_: &str| None;
        Ok(edits
            .into_iter()
            .map(|edit| {
                let spoiler = sanitize::owned_line(edit.spoiler_text.trim());
                Version {
                    at: edit
                        .created_at
                        .parse()
                        .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                    content: html::to_rich_text(&edit.content, &acct_for),
                    spoiler: (!spoiler.is_empty()).then_some(spoiler),
                }
            })
            .collect())
    }

    async fn vote(&self, poll: &Poll, choices: &[usize]) -> Result<Poll, ApiError> {
        let url = self.url(&["api", "v1", "polls", &poll.id, "votes"]);
        let body = json!({ "choices": choices });
        let poll: WirePoll = self
            .call(Method::POST, url, &[], Some(body))
            .await?
            .json()?;
        Ok(poll.into_poll())
    }

    async fn delete_post(&self, post: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "statuses", post]);
        self.call(Method::DELETE, url, &[], None)
            .await
            .map_err(about_post)?;
        Ok(())
    }

    async fn profile(&self, account: &Account) -> Result<Profile, ApiError> {
        let id = account.id.as_str();
        let (wire, relationship) = tokio::join!(
            self.get(self.url(&["api", "v1", "accounts", id]), &[]),
            self.following(account),
        );
        let wire: WireProfile = wire.map_err(about_account)?.json()?;
        let mut profile = wire.into_profile();
        // Not about oneself, nor when relationships cannot be read.
        profile.relationship = relationship.ok().map(WireRelationship::into_model);
        Ok(profile)
    }

    async fn relate(&self, account: &Account, change: Relate) -> Result<Relationship, ApiError> {
        let (call, query) = match change {
            Relate::Follow(true) => ("follow", vec![]),
            Relate::Follow(false) => ("unfollow", vec![]),
            Relate::Mute(Some(duration)) => (
                "mute",
                vec![("duration", duration.map_or(0, |d| d.as_secs()).to_string())],
            ),
            Relate::Mute(None) => ("unmute", vec![]),
            Relate::Block(true) => ("block", vec![]),
            Relate::Block(false) => ("unblock", vec![]),
        };
        let url = self.url(&["api", "v1", "accounts", &account.id, call]);
        let reply = self
            .call(Method::POST, url, &query, None)
            .await
            .map_err(about_account)?;
        Ok(reply.json::<WireRelationship>()?.into_model())
    }

    async fn search(&self, query: &str) -> Result<SearchResults, ApiError> {
        #[derive(Deserialize)]
        struct Found {
            #[serde(default, deserialize_with = "http::lenient")]
            accounts: Vec<WireAccount>,
            #[serde(default, deserialize_with = "http::lenient")]
            statuses: Vec<Status>,
            #[serde(default, deserialize_with = "http::lenient")]
            hashtags: Vec<Tag>,
        }
        let found: Found = self
            .get(
                self.url(&["api", "v2", "search"]),
                &[
                    ("q", query.to_owned()),
                    ("resolve", "true".to_owned()),
                    ("limit", SEARCH_LIMIT.to_string()),
                ],
            )
            .await?
            .json()?;
        Ok(SearchResults {
            accounts: found
                .accounts
                .into_iter()
                .map(WireAccount::into_account)
                .collect(),
            hashtags: found
                .hashtags
                .into_iter()
                .map(|t| sanitize::owned_line(&t.name))
                .collect(),
            posts: found.statuses.into_iter().map(Status::into_post).collect(),
            unavailable: Vec::new(),
        })
    }

    fn flavor(&self) -> super::nodeinfo::Flavor {
        super::nodeinfo::Flavor::Mastodon
    }

    async fn verify_credentials(&self) -> Result<Account, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "verify_credentials"]),
                &[],
            )
            .await?;
        Ok(reply.json::<WireAccount>()?.into_account())
    }

    async fn answer_request(&self, account: &Account, accept: bool) -> Result<(), ApiError> {
        self.answer_follow_request(&account.id, accept).await
    }

    async fn read_positions(&self) -> Result<Option<ReadPositions>, ApiError> {
        self.markers().await.map(Some)
    }

    async fn save_position(&self, kind: &TimelineKind, id: &str) -> Result<(), ApiError> {
        match kind {
            TimelineKind::Home => self.save_marker("home", id).await,
            TimelineKind::Notifications { .. } => self.save_marker("notifications", id).await,
            _ => Ok(()),
        }
    }

    async fn stream(&self) -> Result<Box<dyn super::stream::LiveStream>, ApiError> {
        self.open_stream().await
    }

    async fn read_conversation(&self, conversation: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "conversations", conversation, "read"]);
        self.call(Method::POST, url, &[], None).await.map(|_| ())
    }
}

/// `limit` and the cursors asking for `page`.
fn page_query(page: &PageRequest, size: u32) -> Vec<(&'static str, String)> {
    let mut query = vec![("limit", size.to_string())];
    match page {
        PageRequest::Latest => {}
        PageRequest::Older(cursor) => query.push(("max_id", cursor.clone())),
        PageRequest::Between { max, since } => {
            query.push(("max_id", max.clone()));
            query.push(("since_id", since.clone()));
        }
    }
    query
}

/// `rel` → URL from an RFC 8288 `Link` header.
pub fn parse_link_header(headers: &HeaderMap) -> HashMap<String, Url> {
    let mut links = HashMap::new();
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let Some(target) = pieces.next() else {
                continue;
            };
            let target = target.trim().trim_start_matches('<').trim_end_matches('>');
            let Ok(url) = Url::parse(target) else {
                continue;
            };
            for param in pieces {
                if let Some(rel) = param.trim().strip_prefix("rel=") {
                    for rel in rel.trim_matches('"').split_whitespace() {
                        links.insert(rel.to_owned(), url.clone());
                    }
                }
            }
        }
    }
    links
}

fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Members asked for per page (Mastodon's maximum).
const MEMBER_PAGE: u32 = 80;
/// Completions offered for a typed account.
const SEARCH_RESULTS: u32 = 8;

fn list_body(title: &str, settings: &ListSettings) -> Value {
    let mut body = json!({ "title": title });
    if let Some(policy) = settings.replies_policy {
        body["replies_policy"] = json!(policy.wire_name());
    }
    if let Some(exclusive) = settings.exclusive {
        body["exclusive"] = json!(exclusive);
    }
    body
}

/// Whether `found` (as this server writes it: `user` when local) is the account `wanted`.
fn same_acct(found: &str, wanted: &str, base: &Url) -> bool {
    let local = |acct: &str| {
        let host = base.host_str().unwrap_or_default();
        acct.strip_suffix(host)
            .and_then(|a| a.strip_suffix('@'))
            .unwrap_or(acct)
            .to_lowercase()
    };
    local(found) == local(wanted)
}

#[derive(Deserialize)]
struct WireList {
    id: String,
    title: String,
    replies_policy: Option<String>,
    exclusive: Option<bool>,
}

impl WireList {
    fn into_list(self) -> List {
        List {
            id: sanitize::owned_line(&self.id),
            title: sanitize::owned_line(&self.title),
            settings: ListSettings {
                replies_policy: self
                    .replies_policy
                    .as_deref()
                    .and_then(RepliesPolicy::from_wire_name),
                exclusive: self.exclusive,
                public: None,
            },
            member_count: None,
        }
    }
}

#[derive(Deserialize)]
struct WireContext {
    #[serde(default, deserialize_with = "http::lenient")]
    ancestors: Vec<Status>,
    #[serde(default, deserialize_with = "http::lenient")]
    descendants: Vec<Status>,
}

#[derive(Deserialize, Default)]
struct WireRelationship {
    #[serde(default)]
    following: bool,
    #[serde(default)]
    requested: bool,
    #[serde(default)]
    followed_by: bool,
    #[serde(default)]
    muting: bool,
    #[serde(default)]
    blocking: bool,
}

impl WireRelationship {
    fn into_model(self) -> Relationship {
        Relationship {
            following: self.following,
            requested: self.requested,
            followed_by: self.followed_by,
            muting: self.muting,
            blocking: self.blocking,
        }
    }
}

/// An account with what a profile shows.
#[derive(Deserialize)]
struct WireProfile {
    #[serde(flatten)]
    account: WireAccount,
    #[serde(default)]
    note: String,
    #[serde(default)]
    fields: Vec<WireField>,
    statuses_count: Option<u64>,
    followers_count: Option<u64>,
    following_count: Option<u64>,
    created_at: Option<String>,
    #[serde(default)]
    locked: bool,
}

#[derive(Deserialize)]
struct WireField {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
    verified_at: Option<String>,
}

impl WireProfile {
    fn into_profile(self) -> Profile {
        let no_mentions = |_: &str| None;
        Profile {
            account: self.account.into_account(),
            note: html::to_rich_text(&self.note, &no_mentions),
            fields: self
                .fields
                .into_iter()
                .map(|f| Field {
                    name: sanitize::owned_line(f.name.trim()),
                    // Values are HTML (links); shown as their text.
                    value: sanitize::owned_line(
                        html::to_rich_text(&f.value, &no_mentions)
                            .blocks
                            .iter()
                            .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
                            .collect::<String>()
                            .trim(),
                    ),
                    verified: f.verified_at.is_some(),
                })
                .collect(),
            posts: self.statuses_count,
            followers: self.followers_count,
            following: self.following_count,
            joined: self.created_at.and_then(|t| t.parse().ok()),
            locked: self.locked,
            relationship: None,
        }
    }
}

#[derive(Deserialize)]
struct WireAccount {
    id: String,
    username: String,
    acct: String,
    #[serde(default)]
    display_name: String,
    url: Option<String>,
    #[serde(default)]
    bot: bool,
}

impl WireAccount {
    fn into_account(self) -> Account {
        Account {
            id: sanitize::owned_line(&self.id),
            username: sanitize::owned_line(&self.username),
            acct: sanitize::owned_line(&self.acct),
            display_name: sanitize::owned_line(&self.display_name),
            url: self.url.as_deref().map(sanitize::owned_line),
            bot: self.bot,
        }
    }
}

#[derive(Deserialize)]
struct Status {
    id: String,
    created_at: String,
    /// What the author typed (GoToSocial, Pleroma; Mastodon sends it only on deletion).
    text: Option<String>,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    spoiler_text: String,
    account: WireAccount,
    reblog: Option<Box<Status>>,
    #[serde(default)]
    media_attachments: Vec<Attachment>,
    #[serde(default)]
    mentions: Vec<Mention>,
    #[serde(default)]
    tags: Vec<Tag>,
    url: Option<String>,
    uri: Option<String>,
    #[serde(default)]
    replies_count: Option<u64>,
    #[serde(default)]
    reblogs_count: Option<u64>,
    #[serde(default)]
    favourites_count: Option<u64>,
    in_reply_to_id: Option<String>,
    /// The viewer's marks (absent without a token).
    #[serde(default)]
    favourited: Option<bool>,
    #[serde(default)]
    reblogged: Option<bool>,
    #[serde(default)]
    bookmarked: Option<bool>,
    #[serde(default)]
    muted: Option<bool>,
    /// Mastodon 4.0+: the viewer's filters that match, with what to do about them (Hollo
    /// sends `null`).
    #[serde(default)]
    filtered: Option<Vec<FilterResult>>,
    poll: Option<WirePoll>,
    edited_at: Option<String>,
    language: Option<String>,
    #[serde(default)]
    sensitive: bool,
    /// Mastodon 4.5: who may quote it, as it applies to the viewer.
    quote_approval: Option<WireQuoteApproval>,
    /// Mastodon 4.4: the post it quotes.
    quote: Option<WireQuote>,
}

#[derive(Deserialize)]
struct WireQuote {
    #[serde(default)]
    state: String,
    quoted_status: Option<Box<Status>>,
}

#[derive(Deserialize)]
struct WireQuoteApproval {
    #[serde(default)]
    current_user: String,
}

#[derive(Deserialize)]
struct WirePoll {
    id: String,
    expires_at: Option<String>,
    #[serde(default)]
    expired: bool,
    #[serde(default)]
    multiple: bool,
    voters_count: Option<u64>,
    #[serde(default)]
    options: Vec<WirePollOption>,
    #[serde(default)]
    own_votes: Vec<usize>,
}

#[derive(Deserialize)]
struct WirePollOption {
    title: String,
    votes_count: Option<u64>,
}

impl WirePoll {
    fn into_poll(self) -> Poll {
        Poll {
            id: sanitize::owned_line(&self.id),
            options: self
                .options
                .into_iter()
                .map(|o| PollOption {
                    title: sanitize::owned_line(&o.title),
                    votes: o.votes_count,
                })
                .collect(),
            multiple: self.multiple,
            expires_at: self.expires_at.and_then(|at| at.parse().ok()),
            expired: self.expired,
            own_votes: self.own_votes,
            voters: self.voters_count,
        }
    }
}

/// A poll as a status's `poll` parameter.
fn poll_json(poll: &super::NewPoll) -> Value {
    json!({
        "options": poll.options,
        "expires_in": poll.expires_in,
        "multiple": poll.multiple,
        "hide_totals": poll.hide_totals,
    })
}

fn mastodon_visibility(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "public",
        Visibility::Unlisted | Visibility::Home => "unlisted",
        Visibility::Private => "private",
        Visibility::Direct | Visibility::Specified => "direct",
    }
}

/// `GET /api/v2/instance` (or v1), as far as writing a post needs it.
#[derive(Deserialize, Default)]
struct WireInstance {
    #[serde(default)]
    configuration: WireConfiguration,
    #[serde(default)]
    api_versions: HashMap<String, u32>,
    /// Pleroma and Akkoma say the limit here.
    max_toot_chars: Option<usize>,
}

#[derive(Deserialize, Default)]
struct WireConfiguration {
    #[serde(default)]
    statuses: WireStatusRules,
    #[serde(default)]
    polls: WirePollRules,
}

#[derive(Deserialize, Default)]
struct WireStatusRules {
    max_characters: Option<usize>,
    characters_reserved_per_url: Option<usize>,
    max_media_attachments: Option<usize>,
}

#[derive(Deserialize, Default)]
struct WirePollRules {
    max_options: Option<usize>,
}

impl WireInstance {
    fn into_rules(self) -> ComposeRules {
        let defaults = ComposeRules::mastodon_defaults();
        let statuses = self.configuration.statuses;
        ComposeRules {
            max_characters: statuses
                .max_characters
                .or(self.max_toot_chars)
                .unwrap_or(defaults.max_characters),
            counting: Counting::Mastodon {
                url_length: statuses.characters_reserved_per_url.unwrap_or(23),
            },
            // Quotes can be written from Mastodon 4.5 (API version 7).
            can_quote: self.api_versions.get("mastodon").is_some_and(|v| *v >= 7),
            max_media: statuses.max_media_attachments.unwrap_or(defaults.max_media),
            max_poll_options: self
                .configuration
                .polls
                .max_options
                .unwrap_or(defaults.max_poll_options),
            ..defaults
        }
    }
}

/// `GET /api/v1/preferences`: the user's posting defaults.
#[derive(Deserialize)]
struct WirePreferences {
    #[serde(rename = "posting:default:visibility")]
    visibility: Option<String>,
    #[serde(rename = "posting:default:language")]
    language: Option<String>,
    #[serde(rename = "posting:default:sensitive", default)]
    sensitive: bool,
}

impl WirePreferences {
    fn apply(self, rules: &mut ComposeRules) {
        rules.default_visibility = self.visibility.as_deref().map(|v| match v {
            "unlisted" => Visibility::Unlisted,
            "private" => Visibility::Private,
            "direct" => Visibility::Direct,
            _ => Visibility::Public,
        });
        rules.default_language = self
            .language
            .map(|l| sanitize::owned_line(&l))
            .filter(|l| !l.is_empty());
        rules.default_sensitive = self.sensitive;
    }
}

#[derive(Deserialize)]
struct FilterResult {
    filter: WireFilter,
}

#[derive(Deserialize)]
struct WireFilter {
    #[serde(default)]
    title: String,
    #[serde(default)]
    filter_action: String,
}

/// `hide` hides; `warn` folds the post behind the filters' titles. (`blur`, 4.4, only blurs
/// media, which skua shows as text anyway.)
fn filtered_by(results: &[FilterResult]) -> Option<Filtered> {
    if results.iter().any(|r| r.filter.filter_action == "hide") {
        return Some(Filtered::Hide);
    }
    let titles: Vec<String> = results
        .iter()
        .filter(|r| r.filter.filter_action == "warn")
        .map(|r| sanitize::owned_line(r.filter.title.trim()))
        .collect();
    (!titles.is_empty()).then(|| Filtered::Warn(titles.join(", ")))
}

#[derive(Deserialize)]
struct Attachment {
    #[serde(default)]
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    url: Option<String>,
    remote_url: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
struct Mention {
    url: String,
    acct: String,
}

#[derive(Deserialize)]
struct Tag {
    name: String,
}

impl Status {
    /// A timeline entry: a boost shows the boosted post; the entry keeps its own id.
    fn into_entry(self) -> Entry {
        let id = sanitize::owned_line(&self.id);
        match self.reblog {
            Some(original) => {
                let booster = self.account.into_account();
                let filtered = filtered_by(self.filtered.as_deref().unwrap_or_default());
                let mut post = original.into_post();
                if post.filtered != Some(Filtered::Hide) && filtered.is_some() {
                    post.filtered = filtered;
                }
                Entry {
                    id,
                    post: Some(post),
                    boosted_by: Some(booster),
                    pinned: false,
                    notice: None,
                }
            }
            None => Entry::of(self.into_post()),
        }
    }

    /// The post itself (for a boost, the boosted post).
    fn into_post(self) -> Post {
        if let Some(original) = self.reblog {
            return original.into_post();
        }
        let mentions = self.mentions;
        let acct_for = |url: &str| {
            mentions
                .iter()
                .find(|m| m.url == url)
                .map(|m| sanitize::owned_line(&m.acct))
        };
        let spoiler = sanitize::owned_line(self.spoiler_text.trim());
        Post {
            id: sanitize::owned_line(&self.id),
            author: self.account.into_account(),
            created_at: self.created_at.parse().unwrap_or_else(|e| {
                tracing::warn!(id = %self.id, error = %e, "bad created_at");
                jiff::Timestamp::UNIX_EPOCH
            }),
            visibility: match self.visibility.as_str() {
                "unlisted" => Visibility::Unlisted,
                "private" => Visibility::Private,
                "direct" => Visibility::Direct,
                _ => Visibility::Public,
            },
            content: html::to_rich_text(&self.content, &acct_for),
            spoiler: (!spoiler.is_empty()).then_some(spoiler),
            media: self
                .media_attachments
                .into_iter()
                .filter_map(|a| {
                    let url = a.url.or(a.remote_url)?;
                    Some(Media {
                        id: sanitize::owned_line(&a.id),
                        kind: match a.kind.as_str() {
                            "image" => MediaKind::Image,
                            "gifv" => MediaKind::Gifv,
                            "video" => MediaKind::Video,
                            "audio" => MediaKind::Audio,
                            _ => MediaKind::Other,
                        },
                        url: sanitize::owned_line(&url),
                        description: a
                            .description
                            .map(|d| sanitize::owned_line(d.trim()))
                            .filter(|d| !d.is_empty()),
                    })
                })
                .collect(),
            tags: self
                .tags
                .iter()
                .map(|t| sanitize::owned_line(&t.name))
                .collect(),
            url: self.url.or(self.uri).map(|u| sanitize::owned_line(&u)),
            counts: Counts {
                replies: self.replies_count,
                boosts: self.reblogs_count,
                favourites: self.favourites_count,
                reactions: Vec::new(),
            },
            in_reply_to: self.in_reply_to_id.map(|id| sanitize::owned_line(&id)),
            parent: None,
            // Shown only once its author accepted it (Mastodon 4.4+).
            quote: self
                .quote
                .filter(|q| q.state == "accepted")
                .and_then(|q| q.quoted_status)
                .map(|quoted| Box::new(quoted.into_post())),
            poll: self.poll.map(WirePoll::into_poll),
            edited_at: self.edited_at.and_then(|at| at.parse().ok()),
            quotable: self
                .quote_approval
                .map(|approval| match approval.current_user.as_str() {
                    "automatic" => Quotable::Yes,
                    "manual" => Quotable::OnApproval,
                    _ => Quotable::No,
                }),
            language: self.language.map(|l| sanitize::owned_line(&l)),
            sensitive: self.sensitive,
            filtered: filtered_by(self.filtered.as_deref().unwrap_or_default()),
            mine: Mine {
                favourited: self.favourited.unwrap_or(false),
                boosted: self.reblogged,
                bookmarked: self.bookmarked,
                reaction: None,
                thread_muted: self.muted,
            },
        }
    }
}
