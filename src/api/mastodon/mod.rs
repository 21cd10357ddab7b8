//! The Mastodon client API (also served by GoToSocial, Pleroma, Akkoma and others): the
//! `Backend` here, over the HTTP client (`client.rs`) and the wire types (`wire.rs`).

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::http::{self, Items};
use super::model::*;
use super::{ApiError, Backend, ComposeRules, NewPost, Progress, Upload};
use crate::sanitize;

mod client;
mod lists;
mod notices;
mod people;
mod streaming;
mod wire;

use client::*;
pub use client::{Mastodon, error_from, parse_link_header};
use wire::*;

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
        let url = self.url(&["api", "v1", "statuses", post, "history"]);
        let edits: Vec<WireEdit> = self.get(url, &[]).await.map_err(about_post)?.json()?;
        Ok(edits.into_iter().map(WireEdit::into_version).collect())
    }

    async fn translate(&self, post: &Post, language: &str) -> Result<Translation, ApiError> {
        let url = self.url(&["api", "v1", "statuses", &post.id, "translate"]);
        let body = json!({ "lang": language });
        let reply = self.call(Method::POST, url, &[], Some(body)).await;
        Ok(reply
            .map_err(about_post)?
            .json::<WireTranslation>()?
            .into_translation())
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
