//! The demo's moderators: its rules, and the reports they receive (kept, to be read by tests).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::server::{Shared, error, write};

/// The demo server's rules, in order.
pub(super) const RULES: [&str; 3] = [
    "Be kind: no harassment, no hate.",
    "Put sensitive media behind a warning.",
    "No spam or advertising.",
];

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/instance/rules", get(mastodon_rules))
        .route("/api/v1/reports", post(mastodon_report))
        .route("/api/users/report-abuse", post(misskey_report))
}

async fn mastodon_rules() -> Response {
    let rules: Vec<Value> = RULES
        .iter()
        .enumerate()
        .map(|(at, text)| json!({ "id": (at + 1).to_string(), "text": text, "hint": "" }))
        .collect();
    axum::Json(rules).into_response()
}

async fn mastodon_report(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let Some(account) = body["account_id"]
        .as_str()
        .and_then(|id| data.account(id))
        .cloned()
    else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    data.reports.push(body.clone());
    let report = json!({
        "id": data.reports.len().to_string(), "action_taken": false, "category": body["category"],
        "comment": body["comment"], "forwarded": body["forward"], "status_ids": body["status_ids"],
        "rule_ids": body.get("rule_ids"), "target_account": account,
    });
    axum::Json(report).into_response()
}

async fn misskey_report(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let id = body["userId"].as_str().unwrap_or_default();
    if id == data.me {
        return super::misskey::error(
            StatusCode::BAD_REQUEST,
            "CANNOT_REPORT_YOURSELF",
            "Cannot report yourself.",
        );
    }
    if data.account(id).is_none() {
        return super::misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user.");
    }
    let mut kept = body.clone();
    if let Some(kept) = kept.as_object_mut() {
        kept.remove("i");
    }
    data.reports.push(kept);
    StatusCode::NO_CONTENT.into_response()
}
