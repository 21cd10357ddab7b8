//! Misskey has neither hashtag follows nor featured hashtags: each says so, without asking
//! the server.

use async_trait::async_trait;

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

    async fn toggle_featured_tag(&self, _name: &str) -> Result<bool, ApiError> {
        Err(ApiError::Unsupported(
            "Misskey profiles have no featured hashtags".into(),
        ))
    }
}
