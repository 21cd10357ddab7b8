//! The demo's notification policy and the requests it filtered (Mastodon 4.3+).

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
        .route(
            "/api/v2/notifications/policy",
            get(policy).patch(set_policy),
        )
        .route("/api/v1/notifications/requests", get(requests))
        .route("/api/v1/notifications/requests/{id}/{answer}", post(answer))
}

/// Mastodon's defaults: private mentions from strangers are filtered.
pub(super) fn seed(data: &mut DemoData) {
    data.notification_policy = json!({
        "for_not_following": "accept", "for_not_followers": "accept",
        "for_new_accounts": "accept", "for_private_mentions": "filter",
        "for_limited_accounts": "filter",
    });
}

fn policy_of(data: &DemoData) -> Value {
    let mut policy = data.notification_policy.clone();
    policy["summary"] = json!({
        "pending_requests_count": data.notification_requests.len(),
        "pending_notifications_count": data.notification_requests.iter()
            .filter_map(|r| r["notifications_count"].as_str()?.parse::<u64>().ok())
            .sum::<u64>(),
    });
    policy
}

/// A demo set to a Mastodon before 4.3 (API version below 2) has no such routes.
fn before_4_3(data: &DemoData) -> Option<Response> {
    data.mastodon_api_version
        .is_some_and(|version| version < 2)
        .then(|| error(StatusCode::NOT_FOUND, "Record not found"))
}

async fn policy(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    if let Some(missing) = before_4_3(&data) {
        return missing;
    }
    axum::Json(policy_of(&data)).into_response()
}

async fn set_policy(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    for (rule, value) in body.as_object().into_iter().flatten() {
        if !["accept", "filter", "drop"].contains(&value.as_str().unwrap_or_default()) {
            return error(StatusCode::UNPROCESSABLE_ENTITY, "Validation failed");
        }
        data.notification_policy[rule] = value.clone();
    }
    axum::Json(policy_of(&data)).into_response()
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    if let Some(missing) = before_4_3(&data) {
        return missing;
    }
    let list: Vec<Value> = data
        .notification_requests
        .iter()
        .map(|r| {
            let mut out = r.clone();
            if let Some(account) = r["account"].as_str().and_then(|id| data.account(id)) {
                out["account"] = data.profile(account);
            }
            out
        })
        .collect();
    axum::Json(list).into_response()
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    Path((id, answer)): Path<(String, String)>,
) -> Response {
    if answer != "accept" && answer != "dismiss" {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let mut data = write(&shared);
    let before = data.notification_requests.len();
    data.notification_requests.retain(|r| r["id"] != id);
    if data.notification_requests.len() == before {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    axum::Json(json!({})).into_response()
}
