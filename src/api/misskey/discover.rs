//! What is popular on a Misskey server (`notes/featured`, `hashtags/trend`), and whom it
//! suggests following (`users/recommendation`, which some servers fail): asked together.
//! Misskey keeps no trending links.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, Discover};
use crate::sanitize;

/// Featured notes asked for; suggested accounts.
const FEATURED_NOTES: u32 = 20;
const SUGGESTED: u32 = 10;

/// A hashtag in `hashtags/trend`: posts per interval over the last hours, and by how many.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Trend {
    tag: String,
    #[serde(default)]
    chart: Vec<Option<u64>>,
    users_count: Option<u64>,
}

#[async_trait]
impl Discover for Misskey {
    async fn trends(&self) -> Result<Trends, ApiError> {
        let (notes, tags, users) = tokio::join!(
            self.call("notes/featured", json!({ "limit": FEATURED_NOTES })),
            self.call("hashtags/trend", json!({})),
            self.call("users/recommendation", json!({ "limit": SUGGESTED })),
        );
        let mut found = Trends::default();
        let mut failures = vec![(
            "trending links".to_owned(),
            ApiError::Unsupported(String::new()),
        )];
        match notes.and_then(|reply| reply.items::<Note>()) {
            Ok(notes) => found.posts = notes.into_iter().map(|n| n.into_post(self)).collect(),
            Err(error) => failures.push(("featured notes".into(), error)),
        }
        match tags.and_then(|reply| reply.items::<Trend>()) {
            Ok(trends) => {
                found.tags = trends
                    .into_iter()
                    .map(|trend| TrendingTag {
                        name: sanitize::owned_line(&trend.tag),
                        uses: Some(trend.chart.iter().flatten().sum()),
                        people: trend.users_count,
                    })
                    .filter(|tag| !tag.name.is_empty())
                    .collect()
            }
            Err(error) => failures.push(("trending hashtags".into(), error)),
        }
        match users.and_then(|reply| reply.items::<User>()) {
            Ok(users) => {
                found.suggested = users
                    .into_iter()
                    .map(|user| user.into_account(&self.base))
                    .collect()
            }
            Err(error) => failures.push(("suggestions of accounts to follow".into(), error)),
        }
        found.noting(failures)
    }
}
