//! The demo's Misskey antennas: listed, made, changed, deleted, and their notes (public notes
//! holding every word of any keyword line).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::data::Selection;
use super::misskey;
use super::server::{Shared, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/antennas/list", post(list))
        .route("/api/antennas/create", post(create))
        .route("/api/antennas/update", post(update))
        .route("/api/antennas/delete", post(delete))
        .route("/api/antennas/notes", post(notes))
}

fn no_such_antenna() -> Response {
    misskey::error(
        StatusCode::BAD_REQUEST,
        "NO_SUCH_ANTENNA",
        "No such antenna.",
    )
}

/// The fields of an antenna a create or update sets, checked as Misskey checks them (a
/// refusal is its code and message).
fn fields(body: &Value) -> Result<Value, (&'static str, &'static str)> {
    let src = body["src"].as_str().unwrap_or("all");
    if !["all", "home", "users", "list", "users_blacklist"].contains(&src) {
        return Err(("INVALID_PARAM", "Invalid param."));
    }
    let no_words = |key: &str| {
        body[key]
            .as_array()
            .is_none_or(|lines| lines.iter().all(|l| l.as_array().is_none_or(Vec::is_empty)))
    };
    if no_words("keywords") && no_words("excludeKeywords") {
        return Err((
            "EMPTY_KEYWORD",
            "Either keywords or excludeKeywords is required.",
        ));
    }
    let mut antenna = json!({});
    for key in [
        "name",
        "src",
        "userListId",
        "users",
        "keywords",
        "excludeKeywords",
        "caseSensitive",
        "withReplies",
        "withFile",
        "localOnly",
        "excludeBots",
    ] {
        antenna[key] = body[key].clone();
    }
    Ok(antenna)
}

async fn list(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(read(&shared).antennas.clone()).into_response()
}

async fn create(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut antenna = match fields(&body) {
        Ok(antenna) => antenna,
        Err((code, message)) => return misskey::error(StatusCode::BAD_REQUEST, code, message),
    };
    let mut data = write(&shared);
    antenna["id"] = json!(format!("antenna{}", data.antennas.len() + 1));
    antenna["isActive"] = json!(true);
    data.antennas.push(antenna.clone());
    axum::Json(antenna).into_response()
}

async fn update(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let changed = match fields(&body) {
        Ok(antenna) => antenna,
        Err((code, message)) => return misskey::error(StatusCode::BAD_REQUEST, code, message),
    };
    let mut data = write(&shared);
    let Some(antenna) = data
        .antennas
        .iter_mut()
        .find(|a| a["id"] == body["antennaId"])
    else {
        return no_such_antenna();
    };
    for (key, value) in changed.as_object().into_iter().flatten() {
        antenna[key] = value.clone();
    }
    axum::Json(antenna.clone()).into_response()
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let before = data.antennas.len();
    data.antennas.retain(|a| a["id"] != body["antennaId"]);
    if data.antennas.len() == before {
        return no_such_antenna();
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn notes(State(shared): State<Arc<Shared>>, axum::Json(body): axum::Json<Value>) -> Response {
    let selection = {
        let data = read(&shared);
        let Some(antenna) = data.antennas.iter().find(|a| a["id"] == body["antennaId"]) else {
            return no_such_antenna();
        };
        selection(antenna)
    };
    misskey::notes(&shared, &selection, &body)
}

/// What an antenna catches.
pub(super) fn selection(antenna: &Value) -> Selection {
    Selection::Matching {
        lines: serde_json::from_value(antenna["keywords"].clone()).unwrap_or_default(),
        with_file: antenna["withFile"] == true,
    }
}
