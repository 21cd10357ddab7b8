//! The demo's Misskey clips: the user's and those they favourited, made, changed, deleted,
//! notes put in and taken out, and a clip's notes.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::data::{DemoData, Selection};
use super::misskey::{self, user};
use super::server::{Shared, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/clips/list", post(list))
        .route("/api/clips/my-favorites", post(favourites))
        .route("/api/clips/create", post(create))
        .route("/api/clips/update", post(update))
        .route("/api/clips/delete", post(delete))
        .route("/api/clips/unfavorite", post(unfavourite))
        .route("/api/clips/add-note", post(add_note))
        .route("/api/clips/remove-note", post(remove_note))
        .route("/api/clips/notes", post(notes))
        .route("/api/notes/clips", post(holding))
}

fn no_such_clip() -> Response {
    misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_CLIP", "No such clip.")
}

/// A clip as Misskey packs it.
fn packed(data: &DemoData, clip: &Value) -> Value {
    let owner = clip["userId"].as_str().unwrap_or(&data.me);
    let mut out = clip.clone();
    out["user"] = data.account(owner).map(user).unwrap_or_default();
    out["notesCount"] = json!(clip["noteIds"].as_array().map_or(0, Vec::len));
    out
}

fn is_mine(data: &DemoData, clip: &Value) -> bool {
    clip["userId"].as_str().is_none_or(|owner| owner == data.me)
}

async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let mine: Vec<Value> = data
        .clips
        .iter()
        .filter(|c| is_mine(&data, c))
        .map(|c| packed(&data, c))
        .collect();
    axum::Json(mine).into_response()
}

async fn favourites(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let liked: Vec<Value> = data
        .clips
        .iter()
        .filter(|c| c["isFavorited"] == true)
        .map(|c| packed(&data, c))
        .collect();
    axum::Json(liked).into_response()
}

async fn create(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let clip = json!({
        "id": format!("clip{}", data.clips.len() + 1),
        "name": body["name"],
        "description": body["description"],
        "isPublic": body["isPublic"] == true,
        "noteIds": [],
    });
    data.clips.push(clip.clone());
    axum::Json(packed(&data, &clip)).into_response()
}

/// The user's clip `body["clipId"]`, changed by `change`; what the server answers.
fn with_clip(shared: &Shared, body: &Value, change: impl FnOnce(&mut Value)) -> Option<Value> {
    let mut data = write(shared);
    let me = data.me.clone();
    let clip = data.clips.iter_mut().find(|c| {
        c["id"] == body["clipId"] && c["userId"].as_str().is_none_or(|owner| owner == me)
    })?;
    change(clip);
    let clip = clip.clone();
    Some(packed(&data, &clip))
}

async fn update(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let changed = with_clip(&shared, &body, |clip| {
        for key in ["name", "description", "isPublic"] {
            if !body[key].is_null() {
                clip[key] = body[key].clone();
            }
        }
    });
    changed.map_or_else(no_such_clip, |clip| axum::Json(clip).into_response())
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let before = data.clips.len();
    data.clips.retain(|c| c["id"] != body["clipId"]);
    if data.clips.len() == before {
        return no_such_clip();
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn unfavourite(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let Some(clip) = data.clips.iter_mut().find(|c| c["id"] == body["clipId"]) else {
        return no_such_clip();
    };
    clip["isFavorited"] = json!(false);
    StatusCode::NO_CONTENT.into_response()
}

async fn add_note(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let note = body["noteId"].clone();
    let mut already = false;
    let changed = with_clip(&shared, &body, |clip| {
        let ids = clip["noteIds"].as_array_mut();
        match ids {
            Some(ids) if ids.contains(&note) => already = true,
            Some(ids) => ids.push(note.clone()),
            None => clip["noteIds"] = json!([note]),
        }
    });
    match (changed, already) {
        (None, _) => no_such_clip(),
        (Some(_), true) => misskey::error(
            StatusCode::BAD_REQUEST,
            "ALREADY_CLIPPED",
            "The note has already been clipped.",
        ),
        (Some(_), false) => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn remove_note(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let note = body["noteId"].clone();
    let changed = with_clip(&shared, &body, |clip| {
        if let Some(ids) = clip["noteIds"].as_array_mut() {
            ids.retain(|id| *id != note);
        }
    });
    changed.map_or_else(no_such_clip, |_| StatusCode::NO_CONTENT.into_response())
}

async fn notes(State(shared): State<Arc<Shared>>, axum::Json(body): axum::Json<Value>) -> Response {
    let ids: Vec<String> = {
        let data = read(&shared);
        let Some(clip) = data.clips.iter().find(|c| c["id"] == body["clipId"]) else {
            return no_such_clip();
        };
        serde_json::from_value(clip["noteIds"].clone()).unwrap_or_default()
    };
    misskey::notes(&shared, &Selection::Posts(ids), &body)
}

/// `notes/clips`: the clips holding a note that the user may see.
async fn holding(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let data = read(&shared);
    let clips: Vec<Value> = data
        .clips
        .iter()
        .filter(|c| {
            c["noteIds"]
                .as_array()
                .is_some_and(|ids| ids.contains(&body["noteId"]))
        })
        .filter(|c| is_mine(&data, c) || c["isPublic"] == true)
        .map(|c| packed(&data, c))
        .collect();
    axum::Json(clips).into_response()
}
