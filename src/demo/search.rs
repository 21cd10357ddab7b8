//! The demo's search for both APIs: accounts, hashtags and statuses matching words, and
//! addresses resolved to what they point at.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::DemoData;
use super::misskey::{self, note, user};
use super::server::{Shared, read};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/search", get(mastodon_search))
        .route("/api/users/search", post(misskey_users))
        .route("/api/hashtags/search", post(misskey_hashtags))
        .route("/api/notes/search", post(misskey_notes))
        .route("/api/ap/show", post(misskey_ap_show))
}

impl DemoData {
    /// Hashtags used in statuses whose name contains `query`, each once.
    fn find_hashtags(&self, query: &str) -> Vec<String> {
        let query = query.trim_start_matches('#').to_lowercase();
        let mut tags: Vec<String> = Vec::new();
        for tag in self
            .statuses
            .iter()
            .flat_map(|s| s["tags"].as_array().into_iter().flatten())
        {
            if let Some(name) = tag["name"].as_str()
                && name.to_lowercase().contains(&query)
                && !tags.iter().any(|t| t.eq_ignore_ascii_case(name))
            {
                tags.push(name.to_owned());
            }
        }
        tags
    }

    /// Statuses (not boosts) whose text contains `query`, newest first.
    fn find_statuses(&self, query: &str) -> Vec<&Value> {
        let query = query.to_lowercase();
        self.statuses
            .iter()
            .filter(|s| s["reblog"].is_null())
            .filter(|s| {
                s["content"]
                    .as_str()
                    .is_some_and(|c| c.to_lowercase().contains(&query))
            })
            .collect()
    }

    /// What an address points at: a status or an account.
    fn at_address(&self, address: &str) -> Option<(&'static str, &Value)> {
        let status = self
            .statuses
            .iter()
            .find(|s| s["url"] == address || s["uri"] == address);
        match status {
            Some(status) => Some(("Note", status)),
            None => self
                .accounts
                .iter()
                .find(|a| a["url"] == address)
                .map(|a| ("User", a)),
        }
    }
}

#[derive(serde::Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    resolve: Option<String>,
    /// Only this kind of result (`accounts`, `hashtags`, `statuses`).
    r#type: Option<String>,
    limit: Option<usize>,
}

async fn mastodon_search(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<SearchParams>,
) -> Response {
    let data = read(&shared);
    let q = params.q.trim();
    if q.starts_with("http") {
        let (accounts, statuses) = match data.at_address(q) {
            // Only resolved with `resolve=true`, as Mastodon does for remote addresses.
            Some(_) if params.resolve.as_deref() != Some("true") => (vec![], vec![]),
            Some(("Note", status)) => (vec![], vec![data.resolve(status)]),
            Some((_, account)) => (vec![account.clone()], vec![]),
            None => (vec![], vec![]),
        };
        return axum::Json(json!({ "accounts": accounts, "statuses": statuses, "hashtags": [] }))
            .into_response();
    }
    let limit = params.limit.unwrap_or(20).min(40);
    let wanted = |kind: &str| params.r#type.as_deref().is_none_or(|t| t == kind);
    let accounts: Vec<Value> = data
        .find_accounts(q)
        .into_iter()
        .filter(|_| wanted("accounts"))
        .take(limit)
        .cloned()
        .collect();
    let hashtags: Vec<Value> = data
        .find_hashtags(q)
        .into_iter()
        .filter(|_| wanted("hashtags"))
        .take(limit)
        .map(|name| json!({ "name": name, "url": format!("https://{}/tags/{name}", data.host) }))
        .collect();
    let statuses: Vec<Value> = data
        .find_statuses(q.trim_start_matches(['#', '@']))
        .into_iter()
        .filter(|_| wanted("statuses"))
        .take(limit)
        .map(|s| data.resolve(s))
        .collect();
    axum::Json(json!({ "accounts": accounts, "statuses": statuses, "hashtags": hashtags }))
        .into_response()
}

fn query_of(body: &Option<axum::Json<Value>>, field: &str) -> String {
    body.as_ref()
        .and_then(|b| b[field].as_str())
        .unwrap_or_default()
        .to_owned()
}

async fn misskey_users(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    let users: Vec<Value> = data
        .find_accounts(&query_of(&body, "query"))
        .into_iter()
        .take(20)
        .map(user)
        .collect();
    axum::Json(users).into_response()
}

async fn misskey_hashtags(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    axum::Json(read(&shared).find_hashtags(&query_of(&body, "query"))).into_response()
}

async fn misskey_notes(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    if data.notes_search_off {
        return misskey::error(
            StatusCode::BAD_REQUEST,
            "UNAVAILABLE",
            "Search of notes unavailable.",
        );
    }
    let notes: Vec<Value> = data
        .find_statuses(&query_of(&body, "query"))
        .into_iter()
        .take(20)
        .map(|s| note(&data, s, false))
        .collect();
    axum::Json(notes).into_response()
}

async fn misskey_ap_show(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    match data.at_address(&query_of(&body, "uri")) {
        Some(("Note", status)) => {
            axum::Json(json!({ "type": "Note", "object": note(&data, status, false) }))
                .into_response()
        }
        Some((kind, account)) => {
            axum::Json(json!({ "type": kind, "object": user(account) })).into_response()
        }
        None => misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_OBJECT", "No such object."),
    }
}
