//! Hashtags on Misskey: found by name; Misskey has neither hashtag follows nor featured
//! hashtags, and says so without asking the server.

use async_trait::async_trait;
use serde_json::json;

use super::SEARCH_RESULTS;
use super::client::Misskey;
use crate::api::model::Tag;
use crate::api::{ApiError, Tags};
use crate::sanitize;

fn no_follows(name: &str) -> ApiError {
    ApiError::Unsupported(format!(
        "Misskey has no hashtag follows: an antenna on #{} does that (on the web)",
        sanitize::line(name.trim_start_matches('#'))
    ))
}

#[async_trait]
impl Tags for Misskey {
    async fn tag(&self, name: &str) -> Result<Tag, ApiError> {
        Ok(Tag {
            name: sanitize::owned_line(name),
            following: false,
        })
    }

    async fn followed_tags(&self) -> Result<Vec<Tag>, ApiError> {
        Err(ApiError::Unsupported(
            "Misskey has no hashtag follows: antennas gather notes by hashtag (on the web)".into(),
        ))
    }

    async fn follow_tag(&self, name: &str, _follow: bool) -> Result<Tag, ApiError> {
        Err(no_follows(name))
    }

    async fn search_tags(&self, query: &str) -> Result<Vec<String>, ApiError> {
        let query = query.trim_start_matches('#');
        let names: Vec<String> = self
            .call(
                "hashtags/search",
                json!({ "query": query, "limit": SEARCH_RESULTS }),
            )
            .await?
            .json()?;
        Ok(names
            .iter()
            .map(|name| sanitize::owned_line(name))
            .filter(|name| !name.is_empty())
            .collect())
    }

    async fn toggle_featured_tag(&self, _name: &str) -> Result<bool, ApiError> {
        Err(ApiError::Unsupported(
            "Misskey profiles have no featured hashtags".into(),
        ))
    }
}
