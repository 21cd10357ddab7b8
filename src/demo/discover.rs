//! The demo's trends for both APIs: the most favourited public posts, the hashtags used most,
//! the pages most shared, and accounts the user does not follow yet.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::DemoData;
use super::misskey::{note, user};
use super::server::{Shared, read};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/trends/statuses", get(mastodon_posts))
        .route("/api/v1/trends/tags", get(mastodon_tags))
        .route("/api/v1/trends/links", get(mastodon_links))
        .route("/api/v2/suggestions", get(mastodon_suggestions))
        .route("/api/notes/featured", post(misskey_notes))
        .route("/api/hashtags/trend", post(misskey_tags))
        .route("/api/users/recommendation", post(misskey_suggestions))
}

/// Trending: at most this many of each.
const TRENDING: usize = 10;

impl DemoData {
    /// Public posts (not boosts), the most favourited first.
    fn popular(&self) -> Vec<&Value> {
        let mut posts: Vec<&Value> = self
            .statuses
            .iter()
            .filter(|s| s["visibility"] == "public" && s["reblog"].is_null())
            .collect();
        posts.sort_by_key(|s| std::cmp::Reverse(s["favourites_count"].as_u64().unwrap_or(0)));
        posts.truncate(TRENDING);
        posts
    }

    /// Hashtags by how many posts use them, with how many people: the most used first.
    fn used_tags(&self) -> Vec<(String, usize, usize)> {
        let mut tags: Vec<(String, usize, std::collections::HashSet<&str>)> = Vec::new();
        for status in &self.statuses {
            let author = status["account"].as_str().unwrap_or_default();
            for name in status["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["name"].as_str())
            {
                match tags
                    .iter_mut()
                    .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
                {
                    Some((_, uses, people)) => {
                        *uses += 1;
                        people.insert(author);
                    }
                    None => tags.push((name.to_owned(), 1, [author].into())),
                }
            }
        }
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        tags.into_iter()
            .take(TRENDING)
            .map(|(name, uses, people)| (name, uses, people.len()))
            .collect()
    }

    /// Accounts the user neither is nor follows.
    fn suggested(&self) -> Vec<&Value> {
        self.accounts
            .iter()
            .filter(|a| {
                let id = a["id"].as_str().unwrap_or_default();
                id != self.me && !self.following.iter().any(|f| f == id)
            })
            .take(TRENDING)
            .collect()
    }
}

async fn mastodon_posts(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let posts: Vec<Value> = data
        .popular()
        .into_iter()
        .map(|s| data.resolve(s))
        .collect();
    axum::Json(posts).into_response()
}

async fn mastodon_tags(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let tags: Vec<Value> = data
        .used_tags()
        .into_iter()
        .map(|(name, uses, people)| {
            json!({
                "name": name,
                "url": format!("https://{}/tags/{name}", data.host),
                // As Mastodon writes them: one entry a day, counts as strings.
                "history": [
                    { "day": "1763769600", "uses": uses.to_string(), "accounts": people.to_string() },
                    { "day": "1763683200", "uses": "0", "accounts": "0" },
                ],
            })
        })
        .collect();
    axum::Json(tags).into_response()
}

async fn mastodon_links(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let mut links: Vec<Value> = Vec::new();
    for card in data
        .statuses
        .iter()
        .map(|s| &s["card"])
        .filter(|c| c.is_object())
    {
        if !links.iter().any(|l| l["url"] == card["url"]) {
            let mut link = card.clone();
            link["history"] = json!([{ "day": "1763769600", "uses": "3", "accounts": "2" }]);
            links.push(link);
        }
    }
    links.truncate(TRENDING);
    axum::Json(links).into_response()
}

async fn mastodon_suggestions(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let suggestions: Vec<Value> = data
        .suggested()
        .into_iter()
        .map(|account| json!({ "source": "global", "sources": ["featured"], "account": data.profile(account) }))
        .collect();
    axum::Json(suggestions).into_response()
}

async fn misskey_notes(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let notes: Vec<Value> = data
        .popular()
        .into_iter()
        .map(|s| note(&data, s, false))
        .collect();
    axum::Json(notes).into_response()
}

async fn misskey_tags(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let tags: Vec<Value> = data
        .used_tags()
        .into_iter()
        .map(|(name, uses, people)| {
            let mut chart = vec![0; 20];
            chart[0] = uses;
            json!({ "tag": name, "chart": chart, "usersCount": people })
        })
        .collect();
    axum::Json(tags).into_response()
}

async fn misskey_suggestions(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let users: Vec<Value> = data.suggested().into_iter().map(user).collect();
    axum::Json(users).into_response()
}
