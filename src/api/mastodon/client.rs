//! Mastodon over HTTP: requests with the token, errors as the user reads them, rate limits
//! waited out, and paging by `Link` headers.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::wire::{Status, WireRelationship};
use crate::api::Backend;
use crate::api::NewPost;
use crate::api::http::Items;
use crate::api::http::{self, Reply, Token};
use crate::api::model::*;
use crate::api::{ApiError, PageRequest};

/// How often, and how many times, an upload still being processed is asked about.
pub(super) const MEDIA_PROCESSING_WAIT: Duration = Duration::from_secs(1);
pub(super) const MEDIA_PROCESSING_CHECKS: u32 = 300;

/// Wait used when a 429 carries no usable reset time.
pub(super) const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(30);
/// Longest wait honoured from a rate-limit header; beyond it the user is better served by an error.
pub(super) const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub struct Mastodon {
    pub(super) http: reqwest::Client,
    pub(super) base: Url,
    pub(super) token: Option<Token>,
    pub(super) page_size: u32,
    pub(super) account_ids: crate::api::AccountIds,
    /// The server answered 404 to grouped notifications (before 4.3): group them in skua.
    pub(super) no_grouped_notifications: std::sync::atomic::AtomicBool,
    /// The viewer's filters, read with the first timeline.
    pub(super) judge: std::sync::Arc<crate::api::judge::Judge>,
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
            judge: Default::default(),
        }
    }

    pub(super) fn url(&self, segments: &[&str]) -> Url {
        let mut url = http::endpoint(&self.base, "");
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }

    pub(super) async fn get(&self, url: Url, query: &[(&str, String)]) -> Result<Reply, ApiError> {
        self.call(Method::GET, url, query, None).await
    }

    /// Sends a request with the token in the `Authorization` header and an optional JSON body.
    pub(super) async fn call(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<Reply, ApiError> {
        self.call_with_headers(method, url, query, body, &[]).await
    }

    pub(super) async fn call_with_headers(
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

    pub(super) fn list_url(&self, list: &str, rest: &[&str]) -> Url {
        let mut segments = vec!["api", "v1", "lists", list];
        segments.extend(rest);
        self.url(&segments)
    }

    /// Every page of a paged list, following the `Link` header's next pages to the end
    /// (bounded by [`crate::api::MAX_PAGES`] and [`crate::api::MAX_ITEMS`]); an item that
    /// cannot be read is left out with a log line.
    pub(super) async fn every_page<T: serde::de::DeserializeOwned>(
        &self,
        first: Url,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, ApiError> {
        let mut reply = self.get(first.clone(), query).await?;
        let mut all = Vec::new();
        for pages in 1.. {
            let page: http::Items<T> = reply.json()?;
            let more = !page.items.is_empty();
            all.extend(page.items);
            if pages >= crate::api::MAX_PAGES || all.len() >= crate::api::MAX_ITEMS {
                return Err(ApiError::Endless {
                    pages,
                    items: all.len(),
                });
            }
            match parse_link_header(&reply.headers).remove("next") {
                Some(link) if more => {
                    reply = self
                        .get(self.same_server(link.as_str(), first.path())?, &[])
                        .await?;
                }
                _ => break,
            }
        }
        Ok(all)
    }

    /// The page at a `Link` URL the server gave, refusing any that leads elsewhere: the token
    /// must only ever go to this server.
    pub(super) fn same_server(&self, link: &str, expected_path: &str) -> Result<Url, ApiError> {
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

    pub(super) async fn following(&self, account: &Account) -> Result<WireRelationship, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "relationships"]),
                &[("id[]", account.id.clone())],
            )
            .await?;
        let relationships: Vec<WireRelationship> = reply.json()?;
        Ok(relationships.into_iter().next().unwrap_or_default())
    }

    pub(super) fn error_from(&self, reply: &Reply, method: &Method, url: &Url) -> ApiError {
        let error = error_from(reply);
        match error {
            ApiError::Forbidden(message) if message.contains("outside the authorized scopes") => {
                ApiError::Lacks(scope_for(method, url.path()).to_owned())
            }
            error => error,
        }
    }
}

/// The OAuth scope Mastodon checks for a request, for telling the user what is missing.
pub(super) fn scope_for(method: &Method, path: &str) -> &'static str {
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
pub(super) const SEARCH_LIMIT: u32 = 20;

/// Errors on an account, said in its terms.
pub(super) fn about_account(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => {
            ApiError::NotFound("that account does not exist (any more)".into())
        }
        error => error,
    }
}

/// Errors on a post, said in the post's terms.
pub(super) fn about_post(error: ApiError) -> ApiError {
    match error {
        ApiError::NotFound(_) => ApiError::NotFound(
            "that post does not exist (any more), or is not visible to you".into(),
        ),
        error => error,
    }
}

/// A refused action, said in its terms: Mastodon refuses to boost a followers-only or direct
/// post with 422 (or 403 on some versions).
pub(super) fn about_action(error: ApiError, action: &PostAction) -> ApiError {
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

/// A refused translation, said in its terms: Mastodon translates only public and unlisted
/// posts (403 otherwise; a missing scope is told apart before this).
pub(super) fn about_translation(error: ApiError) -> ApiError {
    match error {
        ApiError::Forbidden(_) => {
            ApiError::Forbidden("Mastodon translates public and unlisted posts only".into())
        }
        error => about_post(error),
    }
}

/// Errors on a list, said in the list's terms.
pub(super) fn about_list(error: ApiError) -> ApiError {
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
impl Mastodon {
    /// The user's own post from the last hour that `post` would repeat, if there is one.
    /// Only servers that send a post's `text` can be checked this way; those are the ones that
    /// do not honour the idempotency key (Mastodon does, and sends no `text`).
    pub(super) async fn already_sent(&self, post: &NewPost) -> Result<Option<Status>, ApiError> {
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

/// request), else until `X-RateLimit-Reset` (when the whole budget comes back), else a default.
pub(super) fn rate_limit_wait(headers: &HeaderMap) -> Duration {
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

/// `limit` and the cursors asking for `page`.
pub(super) fn page_query(page: &PageRequest, size: u32) -> Vec<(&'static str, String)> {
    let mut query = vec![("limit", size.to_string())];
    match page {
        PageRequest::Latest => {}
        PageRequest::Newer(since) => query.push(("since_id", since.clone())),
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

pub(super) fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
