//! The demo's announcements from its staff, for both APIs: read marks kept per announcement,
//! reactions on Mastodon's.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use super::data::DemoData;
use super::server::{Shared, error, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/announcements", get(mastodon_list))
        .route("/api/v1/announcements/{id}/dismiss", post(mastodon_dismiss))
        .route(
            "/api/v1/announcements/{id}/reactions/{name}",
            put(mastodon_react).delete(mastodon_unreact),
        )
        .route("/api/announcements", post(misskey_list))
        .route("/api/i/read-announcement", post(misskey_read))
}

/// The staff's announcements at start: both read already (a test adds an unread one).
pub(super) fn seed(data: &mut DemoData) {
    data.announcements = vec![
        json!({
            "id": "2", "title": "Maintenance on Sunday",
            "content": "<p>The server will be down for about ten minutes on Sunday at 03:00 UTC while the database is upgraded.</p>",
            "published_at": "2026-11-20T09:00:00.000Z", "read": true,
            "reactions": [{ "name": "👍", "count": 12, "me": false }],
        }),
        json!({
            "id": "1", "title": "Welcome",
            "content": "<p>Welcome to the skua demo! Be kind, describe your pictures, and have fun.</p>",
            "published_at": "2026-11-01T09:00:00.000Z", "read": true,
            "reactions": [{ "name": "🎉", "count": 30, "me": true }],
        }),
    ];
}

fn find<'a>(data: &'a mut DemoData, id: &str) -> Option<&'a mut Value> {
    data.announcements.iter_mut().find(|a| a["id"] == id)
}

async fn mastodon_list(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let list: Vec<Value> = data
        .announcements
        .iter()
        .map(|a| {
            json!({
                "id": a["id"], "content": a["content"], "published_at": a["published_at"],
                "starts_at": null, "ends_at": null, "all_day": false,
                "read": a["read"], "reactions": a["reactions"], "mentions": [], "tags": [], "emojis": [],
            })
        })
        .collect();
    axum::Json(list).into_response()
}

async fn mastodon_dismiss(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    match find(&mut data, &id) {
        Some(announcement) => {
            announcement["read"] = json!(true);
            axum::Json(json!({})).into_response()
        }
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

fn react(shared: &Shared, id: &str, name: &str, add: bool) -> Response {
    let mut data = write(shared);
    let Some(announcement) = find(&mut data, id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    let mut reactions = announcement["reactions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    match reactions.iter_mut().find(|r| r["name"] == name) {
        Some(reaction) if reaction["me"] != add => {
            let count = reaction["count"].as_u64().unwrap_or(0);
            reaction["count"] = json!(if add {
                count + 1
            } else {
                count.saturating_sub(1)
            });
            reaction["me"] = json!(add);
        }
        Some(_) => {}
        None if add => reactions.push(json!({ "name": name, "count": 1, "me": true })),
        None => {}
    }
    reactions.retain(|r| r["count"].as_u64().unwrap_or(0) > 0);
    announcement["reactions"] = json!(reactions);
    axum::Json(json!({})).into_response()
}

async fn mastodon_react(
    State(shared): State<Arc<Shared>>,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    react(&shared, &id, &name, true)
}

async fn mastodon_unreact(
    State(shared): State<Arc<Shared>>,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    react(&shared, &id, &name, false)
}

async fn misskey_list(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let list: Vec<Value> = data
        .announcements
        .iter()
        .map(|a| {
            let text = a["content"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("<p>")
                .trim_end_matches("</p>");
            json!({
                "id": a["id"], "createdAt": a["published_at"], "updatedAt": null,
                "title": a["title"], "text": text, "imageUrl": null, "icon": "info",
                "display": "normal", "forYou": false, "needConfirmationToRead": false,
                "silence": false, "isRead": a["read"],
            })
        })
        .collect();
    axum::Json(list).into_response()
}

async fn misskey_read(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let id = body
        .as_ref()
        .and_then(|b| b["announcementId"].as_str())
        .unwrap_or_default()
        .to_owned();
    let mut data = write(&shared);
    match find(&mut data, &id) {
        Some(announcement) => {
            announcement["read"] = json!(true);
            StatusCode::NO_CONTENT.into_response()
        }
        None => super::misskey::error(
            StatusCode::BAD_REQUEST,
            "NO_SUCH_ANNOUNCEMENT",
            "No such announcement.",
        ),
    }
}
