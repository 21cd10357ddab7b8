//! What is popular on a Mastodon-API server (`trends/*`), and whom it suggests following
//! (`v2/suggestions`): asked together, each part the server lacks said as such.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::Value;

use super::client::*;
use super::wire::{Status, WireAccount, card_of};
use crate::api::model::*;
use crate::api::{ApiError, Discover, http};
use crate::sanitize;

/// Trending posts asked for (Mastodon's default page); hashtags, links and suggestions.
const TRENDING_POSTS: u32 = 20;
const TRENDING_OTHERS: u32 = 10;

#[derive(Deserialize)]
struct Suggestion {
    account: WireAccount,
}

/// A number Mastodon writes as a string (`"12"`), or as a number elsewhere.
fn count(value: &Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// A trending hashtag with its posts and people over the days the server reports.
fn trending_tag(value: &Value) -> Option<TrendingTag> {
    let name = sanitize::owned_line(value["name"].as_str()?);
    let history = value["history"].as_array();
    let sum =
        |key: &str| history.map(|days| days.iter().filter_map(|day| count(&day[key])).sum::<u64>());
    (!name.is_empty()).then(|| TrendingTag {
        name,
        uses: sum("uses"),
        people: sum("accounts"),
    })
}

#[async_trait]
impl Discover for Mastodon {
    async fn trends(&self) -> Result<Trends, ApiError> {
        let ask = |path: &'static [&'static str], limit: u32| async move {
            self.get(self.url(path), &[("limit", limit.to_string())])
                .await
        };
        let (posts, tags, links, suggested) = tokio::join!(
            ask(&["api", "v1", "trends", "statuses"], TRENDING_POSTS),
            ask(&["api", "v1", "trends", "tags"], TRENDING_OTHERS),
            ask(&["api", "v1", "trends", "links"], TRENDING_OTHERS),
            ask(&["api", "v2", "suggestions"], TRENDING_OTHERS),
        );
        let mut found = Trends::default();
        let mut failures = Vec::new();

        match posts.and_then(|reply| reply.items::<Status>()) {
            Ok(statuses) => found.posts = statuses.into_iter().map(Status::into_post).collect(),
            Err(error) => failures.push(("trending posts".to_owned(), error)),
        }
        match tags.and_then(|reply| reply.json::<Vec<Value>>()) {
            Ok(tags) => found.tags = tags.iter().filter_map(trending_tag).collect(),
            Err(error) => failures.push(("trending hashtags".to_owned(), error)),
        }
        match links.and_then(|reply| reply.json::<Vec<Value>>()) {
            Ok(links) => found.links = links.iter().filter_map(card_of).collect(),
            Err(error) => failures.push(("trending links".to_owned(), error)),
        }
        match suggested.and_then(|reply| {
            let suggestions: http::Items<Suggestion> = reply.json()?;
            Ok(suggestions.items)
        }) {
            Ok(suggestions) => {
                found.suggested = suggestions
                    .into_iter()
                    .map(|s| s.account.into_account())
                    .collect()
            }
            Err(error) => failures.push(("suggestions of accounts to follow".to_owned(), error)),
        }
        found.noting(failures)
    }
}
