//! The Mastodon client API (also served by GoToSocial, Pleroma, Akkoma and others).
//! Wire types stay in this file; they are turned into the model at the edge.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use url::Url;

use super::http::{self, Reply, Token};
use super::model::*;
use super::{ApiError, Backend, html};
use crate::sanitize;

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
}

impl Mastodon {
    pub fn new(http: reqwest::Client, base: Url, token: Option<Token>, page_size: u32) -> Self {
        Mastodon {
            http,
            base,
            token,
            page_size,
        }
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("server URLs are validated to be http(s) base URLs")
            .pop_if_empty()
            .extend(segments);
        url
    }

    async fn get(&self, url: Url, query: &[(&str, String)]) -> Result<Reply, ApiError> {
        let mut request = self.http.get(url.clone()).query(query);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.secret());
        }
        tracing::debug!(url = %url, ?query, "GET");
        let reply = http::send(request).await?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(error_from(&reply))
        }
    }
}

fn error_from(reply: &Reply) -> ApiError {
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

/// How long to wait after a 429: until `X-RateLimit-Reset`, else `Retry-After`, else a default.
fn rate_limit_wait(headers: &HeaderMap) -> Duration {
    let until_reset = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<jiff::Timestamp>().ok())
        .map(|reset| {
            let secs = reset.as_second() - jiff::Timestamp::now().as_second();
            Duration::from_secs(secs.max(1) as u64)
        });
    until_reset
        .or_else(|| http::retry_after_header(headers))
        .unwrap_or(DEFAULT_RATE_LIMIT_WAIT)
        .min(MAX_RATE_LIMIT_WAIT)
}

#[async_trait]
impl Backend for Mastodon {
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError> {
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
        };
        query.push(("limit", self.page_size.to_string()));
        match page {
            PageRequest::Latest => {}
            PageRequest::Older(cursor) => query.push(("max_id", cursor.clone())),
            PageRequest::Newer(cursor) => query.push(("min_id", cursor.clone())),
        }
        let reply = self.get(url, &query).await?;
        if reply.status == StatusCode::PARTIAL_CONTENT {
            return Err(ApiError::Regenerating);
        }
        let statuses: Vec<Status> = reply.json()?;
        let posts: Vec<Post> = statuses.into_iter().map(Status::into_post).collect();
        let links = parse_link_header(&reply.headers);
        let older = links
            .get("next")
            .and_then(|url| query_param(url, "max_id"))
            .or_else(|| posts.last().map(|p| p.id.clone()));
        let newer = links
            .get("prev")
            .and_then(|url| query_param(url, "min_id").or_else(|| query_param(url, "since_id")))
            .or_else(|| posts.first().map(|p| p.id.clone()))
            .or_else(|| match page {
                PageRequest::Newer(cursor) => Some(cursor.clone()),
                _ => None,
            });
        Ok(Page {
            posts,
            older,
            newer,
        })
    }

    async fn lists(&self) -> Result<Vec<List>, ApiError> {
        let reply = self.get(self.url(&["api", "v1", "lists"]), &[]).await?;
        let lists: Vec<WireList> = reply.json()?;
        Ok(lists
            .into_iter()
            .map(|l| List {
                id: sanitize::owned_line(&l.id),
                title: sanitize::owned_line(&l.title),
            })
            .collect())
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

#[derive(Deserialize)]
struct WireList {
    id: String,
    title: String,
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
    replies_count: u64,
    #[serde(default)]
    reblogs_count: u64,
    #[serde(default)]
    favourites_count: u64,
    in_reply_to_id: Option<String>,
}

#[derive(Deserialize)]
struct Attachment {
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
    fn into_post(self) -> Post {
        let entry_id = sanitize::owned_line(&self.id);
        match self.reblog {
            Some(original) => {
                let booster = self.account.into_account();
                let mut post = original.into_post();
                post.id = entry_id;
                post.boosted_by = Some(booster);
                post
            }
            None => {
                let mentions = self.mentions;
                let acct_for = |url: &str| {
                    mentions
                        .iter()
                        .find(|m| m.url == url)
                        .map(|m| sanitize::owned_line(&m.acct))
                };
                let spoiler = sanitize::owned_line(self.spoiler_text.trim());
                Post {
                    id: entry_id,
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
                    boosted_by: None,
                    in_reply_to: self.in_reply_to_id.map(|id| sanitize::owned_line(&id)),
                    parent: None,
                    quote: None,
                }
            }
        }
    }
}
