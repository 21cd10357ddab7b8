//! Posts on a Mastodon-API server: a thread, acting on one, writing, editing and deleting the
//! user's own, voting, translating.

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::client::*;
use super::wire::*;
use crate::api::http;
use crate::api::model::*;
use crate::api::{ApiError, ComposeRules, NewPost, Posts, Progress, Upload};
use crate::sanitize;

#[async_trait]
impl Posts for Mastodon {
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
            PostAction::Pin(true) => "pin",
            PostAction::Pin(false) => "unpin",
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
        let body = status_body(post);
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
            text: sanitize::own_text(&source.text).into_owned(),
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
        let edits: Vec<WireEdit> = self.get(url, &[]).await.map_err(about_post)?.items()?;
        Ok(edits.into_iter().map(WireEdit::into_version).collect())
    }

    async fn translate(&self, post: &Post, language: &str) -> Result<Translation, ApiError> {
        let url = self.url(&["api", "v1", "statuses", &post.id, "translate"]);
        let body = json!({ "lang": language });
        let reply = self.call(Method::POST, url, &[], Some(body)).await;
        Ok(reply
            .map_err(about_translation)?
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
}

/// What `POST /api/v1/statuses` takes for `post`.
pub(super) fn status_body(post: &NewPost) -> serde_json::Value {
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
    body
}
