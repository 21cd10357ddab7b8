//! The demo's hashtags the user follows and features on their profile (Mastodon API).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use super::data::DemoData;
use super::server::{Shared, error, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/tags/{name}", get(show))
        .route("/api/v1/tags/{name}/{action}", post(follow))
        .route("/api/v1/followed_tags", get(followed))
        .route("/api/v1/featured_tags", get(featured).post(feature))
        .route("/api/v1/featured_tags/{id}", delete(unfeature))
}

impl DemoData {
    fn tag(&self, name: &str) -> Value {
        json!({
            "name": name,
            "url": format!("https://{}/tags/{name}", self.host),
            "history": [],
            "following": self.followed_tags.iter().any(|t| t.eq_ignore_ascii_case(name)),
        })
    }
}

async fn show(State(shared): State<Arc<Shared>>, Path(name): Path<String>) -> Response {
    axum::Json(read(&shared).tag(&name)).into_response()
}

async fn follow(
    State(shared): State<Arc<Shared>>,
    Path((name, action)): Path<(String, String)>,
) -> Response {
    let mut data = write(&shared);
    data.followed_tags
        .retain(|t| !t.eq_ignore_ascii_case(&name));
    match action.as_str() {
        "follow" => data.followed_tags.push(name.clone()),
        "unfollow" => {}
        _ => return error(StatusCode::NOT_FOUND, "Record not found"),
    }
    axum::Json(data.tag(&name)).into_response()
}

async fn followed(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let tags: Vec<Value> = data.followed_tags.iter().map(|t| data.tag(t)).collect();
    axum::Json(tags).into_response()
}

fn featured_entry(data: &DemoData, (id, name): &(String, String)) -> Value {
    json!({
        "id": id,
        "name": name,
        "url": format!("https://{}/@demo/tagged/{name}", data.host),
        // As Mastodon writes it: a string.
        "statuses_count": "0",
        "last_status_at": null,
    })
}

async fn featured(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let tags: Vec<Value> = data
        .featured_tags
        .iter()
        .map(|tag| featured_entry(&data, tag))
        .collect();
    axum::Json(tags).into_response()
}

async fn feature(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let Some(name) = body["name"].as_str().filter(|n| !n.is_empty()) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Tag can't be blank",
        );
    };
    let mut data = write(&shared);
    if data
        .featured_tags
        .iter()
        .any(|(_, n)| n.eq_ignore_ascii_case(name))
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Tag has already been taken",
        );
    }
    let id = (data.featured_tags.len() + 1).to_string();
    let entry = (id, name.to_owned());
    let answer = featured_entry(&data, &entry);
    data.featured_tags.push(entry);
    axum::Json(answer).into_response()
}

async fn unfeature(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let before = data.featured_tags.len();
    data.featured_tags.retain(|(i, _)| *i != id);
    if data.featured_tags.len() == before {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    axum::Json(json!({})).into_response()
}
