//! The demo's filters: Mastodon v2 filters (made, changed and deleted as Mastodon does,
//! keywords by `keywords_attributes`), and Misskey's muted words changed by `i/update`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::DemoData;
use super::server::{Shared, error, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/filters", get(mastodon_list).post(mastodon_create))
        .route(
            "/api/v2/filters/{id}",
            get(mastodon_show)
                .put(mastodon_update)
                .delete(mastodon_delete),
        )
        .route("/api/i/update", post(misskey_update))
}

async fn mastodon_list(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(read(&shared).filters.clone()).into_response()
}

/// An id no filter or keyword has.
fn fresh_id(data: &DemoData, taken: &Value) -> String {
    let ids = |filter: &Value| {
        let keywords = filter["keywords"].as_array().cloned().unwrap_or_default();
        std::iter::once(filter["id"].clone())
            .chain(keywords.into_iter().map(|k| k["id"].clone()))
            .filter_map(|id| id.as_str().and_then(|id| id.parse::<u64>().ok()))
            .collect::<Vec<_>>()
    };
    let most = data.filters.iter().chain([taken]).flat_map(ids).max();
    (most.unwrap_or(0) + 1).to_string()
}

fn find<'a>(data: &'a mut DemoData, id: &str) -> Option<&'a mut Value> {
    data.filters.iter_mut().find(|f| f["id"] == id)
}

async fn mastodon_show(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match find(&mut write(&shared), &id) {
        Some(filter) => axum::Json(filter.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// Sets what the body says on `filter`: its title, contexts, action, expiry and keywords
/// (added, changed by id, or removed with `_destroy`).
fn apply(data: &DemoData, filter: &mut Value, body: &Value) -> Result<(), Box<Response>> {
    for field in ["title", "filter_action"] {
        if let Some(value) = body.get(field) {
            filter[field] = value.clone();
        }
    }
    if let Some(context) = body.get("context") {
        filter["context"] = context.clone();
    }
    if let Some(expires_in) = body.get("expires_in") {
        filter["expires_at"] = match expires_in.as_i64() {
            Some(seconds) => json!(
                jiff::Timestamp::now()
                    .checked_add(jiff::SignedDuration::from_secs(seconds))
                    .unwrap_or(jiff::Timestamp::MAX)
                    .to_string()
            ),
            None => Value::Null,
        };
    }
    if filter["title"].as_str().is_none_or(|t| t.trim().is_empty()) {
        return Err(Box::new(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Title can't be blank",
        )));
    }
    for attribute in body["keywords_attributes"].as_array().into_iter().flatten() {
        let snapshot = filter.clone();
        let keywords = filter["keywords"].as_array_mut().expect("keywords");
        let id = attribute["id"].as_str();
        let existing = id.and_then(|id| keywords.iter().position(|k| k["id"] == id));
        match (existing, attribute["_destroy"].as_bool().unwrap_or(false)) {
            (Some(at), true) => {
                keywords.remove(at);
            }
            (Some(at), false) => {
                keywords[at]["keyword"] = attribute["keyword"].clone();
                keywords[at]["whole_word"] = attribute["whole_word"].clone();
            }
            (None, _) => {
                let id = fresh_id(data, &snapshot);
                let keywords = filter["keywords"].as_array_mut().expect("keywords");
                keywords.push(json!({
                    "id": id,
                    "keyword": attribute["keyword"],
                    "whole_word": attribute["whole_word"].as_bool().unwrap_or(true),
                }));
            }
        }
    }
    Ok(())
}

async fn mastodon_create(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let mut filter = json!({
        "id": fresh_id(&data, &Value::Null), "title": "", "context": [], "expires_at": null,
        "filter_action": "warn", "keywords": [], "statuses": [],
    });
    if let Err(refused) = apply(&data, &mut filter, &body) {
        return *refused;
    }
    data.filters.push(filter.clone());
    axum::Json(filter).into_response()
}

async fn mastodon_update(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let Some(mut filter) = find(&mut data, &id).map(|f| f.clone()) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    if let Err(refused) = apply(&data, &mut filter, &body) {
        return *refused;
    }
    *find(&mut data, &id).expect("found above") = filter.clone();
    axum::Json(filter).into_response()
}

async fn mastodon_delete(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let before = data.filters.len();
    data.filters.retain(|f| f["id"] != id.as_str());
    match data.filters.len() < before {
        true => axum::Json(json!({})).into_response(),
        false => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// Misskey's `i/update`, for the muted words (the demo's profile is not edited); answers the
/// user as `i` does.
async fn misskey_update(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    {
        let data = &mut *write(&shared);
        for (field, words) in [
            ("mutedWords", &mut data.muted_words),
            ("hardMutedWords", &mut data.hard_muted_words),
        ] {
            if let Some(entries) = body[field].as_array() {
                // Misskey refuses an expression that does not compile.
                let bad = entries
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|e| crate::api::entry_regex(e).is_none_or(|compiled| compiled.is_err()));
                if let Some(bad) = bad {
                    return super::misskey::error(
                        StatusCode::BAD_REQUEST,
                        "INVALID_REGEXP",
                        &format!("Invalid regular expression: {bad}"),
                    );
                }
                *words = entries.clone();
            }
        }
        if let Err(message) = super::own_profile::misskey_update(data, &body) {
            return super::misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_FILE", &message);
        }
        if let Some(hosts) = body["mutedInstances"].as_array() {
            data.domain_blocks = hosts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
    }
    super::misskey::me(State(shared)).await
}
