//! The demo's posts waiting to be sent: Mastodon `scheduled_statuses` (a status sent with
//! `scheduled_at`), Misskey drafts with `scheduledAt`. The demo never sends them.

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
        .route("/api/v1/scheduled_statuses", get(mastodon_list))
        .route(
            "/api/v1/scheduled_statuses/{id}",
            get(mastodon_show)
                .put(mastodon_move)
                .delete(mastodon_cancel),
        )
        .route("/api/notes/drafts/create", post(misskey_create))
        .route("/api/notes/drafts/list", post(misskey_list))
        .route("/api/notes/drafts/update", post(misskey_update))
        .route("/api/notes/drafts/delete", post(misskey_delete))
}

impl DemoData {
    fn keep_scheduled(&mut self, at: jiff::Timestamp, body: Value) -> Value {
        let id = (self.scheduled.len() + 1..)
            .map(|n| format!("s{n}"))
            .find(|id| !self.scheduled.iter().any(|s| s["id"] == id.as_str()))
            .expect("a free id");
        let kept = json!({ "id": id, "at": at.to_string(), "body": body });
        self.scheduled.push(kept.clone());
        kept
    }

    fn scheduled_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.scheduled.iter_mut().find(|s| s["id"] == id)
    }
}

fn mastodon_scheduled(kept: &Value) -> Value {
    let body = &kept["body"];
    json!({
        "id": kept["id"],
        "scheduled_at": kept["at"],
        "params": {
            "text": body["status"], "spoiler_text": body.get("spoiler_text"),
            "visibility": body.get("visibility"), "sensitive": body.get("sensitive"),
            "language": body.get("language"), "in_reply_to_id": body.get("in_reply_to_id"),
            "poll": body.get("poll"), "media_ids": body.get("media_ids"),
            "idempotency": null, "with_rate_limit": false,
        },
        "media_attachments": [],
    })
}

/// A status sent with `scheduled_at`: kept (5 minutes ahead at the soonest, as Mastodon).
pub(super) fn mastodon_schedule(shared: &Shared, body: Value) -> Response {
    let at = body["scheduled_at"]
        .as_str()
        .and_then(|at| at.parse::<jiff::Timestamp>().ok());
    let soonest = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(5);
    match at {
        Some(at) if at >= soonest => {
            let kept = write(shared).keep_scheduled(at, body);
            axum::Json(mastodon_scheduled(&kept)).into_response()
        }
        _ => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Scheduled at The scheduled date must be in the future",
        ),
    }
}

/// Paged as Mastodon pages them (`limit`, a `Link` to the next page).
async fn mastodon_list(
    State(shared): State<Arc<Shared>>,
    axum::extract::Query(query): axum::extract::Query<super::people::PageQuery>,
) -> Response {
    let all: Vec<Value> = read(&shared)
        .scheduled
        .iter()
        .map(mastodon_scheduled)
        .collect();
    super::people::mastodon_page(&shared, "/api/v1/scheduled_statuses", all, &query)
}

async fn mastodon_show(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match write(&shared).scheduled_mut(&id) {
        Some(kept) => axum::Json(mastodon_scheduled(kept)).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

async fn mastodon_move(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let Some(kept) = data.scheduled_mut(&id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    if let Some(at) = body["scheduled_at"].as_str() {
        kept["at"] = json!(at);
    }
    axum::Json(mastodon_scheduled(kept)).into_response()
}

async fn mastodon_cancel(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let before = data.scheduled.len();
    data.scheduled.retain(|s| s["id"] != id.as_str());
    match data.scheduled.len() < before {
        true => axum::Json(json!({})).into_response(),
        false => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// A kept note as Misskey shows a draft.
fn misskey_draft(data: &DemoData, kept: &Value) -> Value {
    let body = &kept["body"];
    let at = kept["at"]
        .as_str()
        .and_then(|at| at.parse::<jiff::Timestamp>().ok())
        .map(|at| at.as_millisecond());
    let files: Vec<Value> = body["fileIds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|id| match data.media.iter().find(|m| m["id"] == *id) {
            Some(file) => super::media::drive_file(file),
            None => json!({ "id": id, "comment": null }),
        })
        .collect();
    // Misskey packs the notes replied to and quoted, and the channel's name, beside their ids.
    let packed = |id: &Value| {
        let status = data.status(id.as_str()?)?;
        Some(super::misskey::note(data, status, false))
    };
    let (reply, renote) = (packed(&body["replyId"]), packed(&body["renoteId"]));
    let channel = data
        .channels
        .iter()
        .find(|c| c["id"] == body["channelId"])
        .map(|c| json!({ "id": c["id"], "name": c["name"] }));
    json!({
        "id": kept["id"], "createdAt": kept.get("saved"), "scheduledAt": at, "isActuallyScheduled": at.is_some(),
        "text": body.get("text"), "cw": body.get("cw"),
        "visibility": body.get("visibility").cloned().unwrap_or(json!("public")),
        "localOnly": body.get("localOnly").cloned().unwrap_or(json!(false)),
        "replyId": body.get("replyId"), "renoteId": body.get("renoteId"), "reply": reply, "renote": renote,
        "channelId": body.get("channelId"), "channel": channel, "fileIds": body.get("fileIds"), "files": files,
        "poll": body.get("poll"),
    })
}

fn misskey_refusal(code: &str, message: &str) -> Response {
    super::misskey::error(StatusCode::BAD_REQUEST, code, message)
}

/// When a draft is to be posted: its `scheduledAt` (epoch ms), where it is really scheduled.
fn misskey_time(body: &Value) -> Option<jiff::Timestamp> {
    let at = body["scheduledAt"].as_i64()?;
    (body["isActuallyScheduled"] == true)
        .then(|| jiff::Timestamp::from_millisecond(at).ok())
        .flatten()
}

async fn misskey_create(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let kept = match misskey_time(&body) {
        Some(at) => data.keep_scheduled(at, body),
        // A draft to finish later.
        None => {
            let id = format!("d{}", data.note_drafts.len() + 1);
            let kept =
                json!({ "id": id, "saved": jiff::Timestamp::now().to_string(), "body": body });
            data.note_drafts.push(kept.clone());
            kept
        }
    };
    axum::Json(json!({ "createdDraft": misskey_draft(&data, &kept) })).into_response()
}

/// Drafts, those scheduled (`scheduled: true`), or those not (`false`).
async fn misskey_list(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let data = read(&shared);
    let scheduled = data.scheduled.iter().filter(|_| body["scheduled"] != false);
    let later = data
        .note_drafts
        .iter()
        .filter(|_| body["scheduled"] != true);
    let all: Vec<Value> = scheduled
        .chain(later)
        .map(|kept| misskey_draft(&data, kept))
        .collect();
    axum::Json(all).into_response()
}

async fn misskey_update(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let id = body["draftId"].as_str().unwrap_or_default().to_owned();
    let mut data = write(&shared);
    let kept = match data.note_drafts.iter().position(|d| d["id"] == id.as_str()) {
        Some(at) => data.note_drafts.get_mut(at),
        None => data.scheduled_mut(&id),
    };
    let Some(kept) = kept else {
        return misskey_refusal("NO_SUCH_DRAFT", "No such note draft");
    };
    if let Some(at) = misskey_time(&body) {
        kept["at"] = json!(at.to_string());
    }
    kept["body"] = body;
    let kept = kept.clone();
    axum::Json(json!({ "updatedDraft": misskey_draft(&data, &kept) })).into_response()
}

async fn misskey_delete(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let id = body["draftId"].as_str().unwrap_or_default();
    let mut data = write(&shared);
    let before = data.scheduled.len() + data.note_drafts.len();
    data.scheduled.retain(|s| s["id"] != id);
    data.note_drafts.retain(|s| s["id"] != id);
    match data.scheduled.len() + data.note_drafts.len() < before {
        true => StatusCode::NO_CONTENT.into_response(),
        false => misskey_refusal("NO_SUCH_DRAFT", "No such note draft"),
    }
}
