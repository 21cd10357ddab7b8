//! Hashtags the user follows or features on their profile, on a Mastodon-API server.

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::WireTag;
use super::client::*;
use crate::api::model::Tag;
use crate::api::{ApiError, Tags};
use crate::sanitize;

/// Followed hashtags asked for per page (Mastodon's maximum).
const FOLLOWED_PAGE: u32 = 200;
/// Hashtags offered while writing.
const COMPLETIONS: u32 = 8;

/// A hashtag featured on the user's profile: only what finds it again.
#[derive(Deserialize)]
struct Featured {
    id: String,
    name: String,
}

#[async_trait]
impl Tags for Mastodon {
    async fn tag(&self, name: &str) -> Result<Tag, ApiError> {
        match self.get(self.url(&["api", "v1", "tags", name]), &[]).await {
            Ok(reply) => Ok(reply.json::<WireTag>()?.into_tag()),
            // Servers before 4.1 know only hashtags someone used: nobody follows those.
            Err(ApiError::NotFound(_)) => Ok(Tag {
                name: sanitize::owned_line(name),
                following: false,
            }),
            Err(error) => Err(error),
        }
    }

    async fn followed_tags(&self) -> Result<Vec<Tag>, ApiError> {
        let first = self.url(&["api", "v1", "followed_tags"]);
        let query = [("limit", FOLLOWED_PAGE.to_string())];
        let tags: Vec<WireTag> = self.every_page(first, &query).await?;
        // A followed hashtag is followed, whatever the entry says (some servers leave it out).
        Ok(tags
            .into_iter()
            .map(|tag| Tag {
                following: true,
                ..tag.into_tag()
            })
            .collect())
    }

    async fn follow_tag(&self, name: &str, follow: bool) -> Result<Tag, ApiError> {
        let verb = if follow { "follow" } else { "unfollow" };
        let reply = self
            .call(
                Method::POST,
                self.url(&["api", "v1", "tags", name, verb]),
                &[],
                None,
            )
            .await?;
        Ok(Tag {
            following: follow,
            ..reply.json::<WireTag>()?.into_tag()
        })
    }

    async fn search_tags(&self, query: &str) -> Result<Vec<String>, ApiError> {
        #[derive(Deserialize)]
        struct Found {
            #[serde(default, deserialize_with = "crate::api::http::lenient")]
            hashtags: Vec<WireTag>,
        }
        let found: Found = self
            .get(
                self.url(&["api", "v2", "search"]),
                &[
                    ("q", query.trim_start_matches('#').to_owned()),
                    ("type", "hashtags".to_owned()),
                    ("limit", COMPLETIONS.to_string()),
                ],
            )
            .await?
            .json()?;
        Ok(found
            .hashtags
            .into_iter()
            .map(|tag| tag.into_tag().name)
            .filter(|name| !name.is_empty())
            .collect())
    }

    async fn toggle_featured_tag(&self, name: &str) -> Result<bool, ApiError> {
        let featured_url = self.url(&["api", "v1", "featured_tags"]);
        let featured: Vec<Featured> = self.get(featured_url.clone(), &[]).await?.json()?;
        let wanted = name.trim_start_matches('#');
        match featured
            .iter()
            .find(|tag| tag.name.eq_ignore_ascii_case(wanted))
        {
            Some(tag) => {
                let url = self.url(&["api", "v1", "featured_tags", &tag.id]);
                self.call(Method::DELETE, url, &[], None).await?;
                Ok(false)
            }
            None => {
                let body = json!({ "name": wanted });
                self.call(Method::POST, featured_url, &[], Some(body))
                    .await?;
                Ok(true)
            }
        }
    }
}
