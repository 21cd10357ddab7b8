//! The demo's uploads for both APIs: Mastodon's `POST /api/v2/media` (a video is "processing"
//! once, answered 202, then ready) and Misskey's drive (`drive/files/create`). Files are kept
//! as their name, type, size and description; the contents are not stored.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::misskey;
use super::server::{Shared, error, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/media", post(mastodon_upload))
        .route("/api/v1/media/{id}", get(mastodon_media))
        .route("/api/drive/files/create", post(misskey_upload))
        .route("/api/drive/files/update", post(misskey_update))
}

/// A multipart upload's file (name, type, size) and text fields.
struct Received {
    name: String,
    mime: String,
    size: usize,
    fields: std::collections::HashMap<String, String>,
}

async fn receive(mut form: Multipart) -> Result<Received, String> {
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(part) = form.next_field().await.map_err(|e| e.to_string())? {
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = part.file_name().unwrap_or("upload").to_owned();
            let mime = part
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned();
            let bytes = part.bytes().await.map_err(|e| e.to_string())?;
            file = Some((file_name, mime, bytes.len()));
        } else {
            fields.insert(name, part.text().await.map_err(|e| e.to_string())?);
        }
    }
    let (name, mime, size) = file.ok_or("no file in the upload")?;
    Ok(Received {
        name,
        mime,
        size,
        fields,
    })
}

/// Mastodon's attachment type for a MIME type.
fn kind_of(mime: &str) -> &'static str {
    match mime.split('/').next() {
        Some("image") if mime == "image/gif" => "gifv",
        Some("image") => "image",
        Some("video") => "video",
        Some("audio") => "audio",
        _ => "unknown",
    }
}

async fn mastodon_upload(State(shared): State<Arc<Shared>>, form: Multipart) -> Response {
    let received = match receive(form).await {
        Ok(received) => received,
        Err(message) => return error(StatusCode::UNPROCESSABLE_ENTITY, &message),
    };
    let mut data = write(&shared);
    let id = format!("{}", 900_000 + data.media.len());
    let kind = kind_of(&received.mime);
    // Videos are processed first, as on a real server.
    let processing = kind == "video";
    let url = format!("https://{}/media/{id}/{}", data.host, received.name);
    let media = json!({
        "id": id,
        "type": kind,
        "url": url,
        "description": received.fields.get("description"),
        "meta": { "size": received.size, "mime": received.mime, "name": received.name },
        "processing": processing,
    });
    data.media.push(media.clone());
    let status = if processing {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    (status, axum::Json(shown(&media))).into_response()
}

/// The attachment as Mastodon shows it: no address while processing.
fn shown(media: &Value) -> Value {
    let mut shown = media.clone();
    if media["processing"] == true {
        shown["url"] = Value::Null;
    }
    shown
}

/// `GET /api/v1/media/:id`: 206 while processing (the first ask ends it), then 200.
async fn mastodon_media(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let Some(media) = data.media.iter_mut().find(|m| m["id"] == id.as_str()) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    if media["processing"] == true {
        media["processing"] = json!(false);
        let mut still = media.clone();
        still["url"] = Value::Null;
        return (StatusCode::PARTIAL_CONTENT, axum::Json(still)).into_response();
    }
    axum::Json(media.clone()).into_response()
}

async fn misskey_upload(State(shared): State<Arc<Shared>>, form: Multipart) -> Response {
    let received = match receive(form).await {
        Ok(received) => received,
        Err(_) => {
            return misskey::error(StatusCode::BAD_REQUEST, "INVALID_PARAM", "Invalid param.");
        }
    };
    if received.fields.get("i") != Some(&shared.token) {
        return misskey::error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILED",
            "Authentication failed.",
        );
    }
    let mut data = write(&shared);
    // Misskey keeps one drive file per content (here: name, type and size), and answers the
    // same file again, with its earlier description.
    let meta = json!({ "size": received.size, "mime": received.mime, "name": received.name });
    if let Some(earlier) = data.media.iter().find(|m| m["meta"] == meta) {
        return axum::Json(drive_file(earlier)).into_response();
    }
    let id = format!("drive{}", data.media.len() + 1);
    let url = format!("https://{}/files/{id}/{}", data.host, received.name);
    let description = received.fields.get("comment").cloned();
    data.media.push(json!({
        "id": id,
        "type": kind_of(&received.mime),
        "url": url,
        "description": description,
        "sensitive": received.fields.get("isSensitive").map(String::as_str) == Some("true"),
        "meta": { "size": received.size, "mime": received.mime, "name": received.name },
    }));
    axum::Json(json!({
        "id": id,
        "name": received.name,
        "type": received.mime,
        "size": received.size,
        "url": url,
        "comment": description,
        "isSensitive": received.fields.get("isSensitive").map(String::as_str) == Some("true"),
    }))
    .into_response()
}

/// A kept upload as Misskey's drive answers it.
pub(super) fn drive_file(media: &Value) -> Value {
    json!({
        "id": media["id"],
        "name": media["meta"]["name"],
        "type": media["meta"]["mime"],
        "size": media["meta"]["size"],
        "url": media["url"],
        "comment": media["description"],
        "isSensitive": media["sensitive"],
    })
}

/// `drive/files/update`: a new description (`comment`) for a file of the drive.
async fn misskey_update(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    if body["i"].as_str() != Some(shared.token.as_str()) {
        return misskey::error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILED",
            "Authentication failed.",
        );
    }
    let mut data = write(&shared);
    let Some(media) = data.media.iter_mut().find(|m| m["id"] == body["fileId"]) else {
        return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_FILE", "No such file.");
    };
    if let Some(comment) = body.get("comment") {
        media["description"] = comment.clone();
    }
    axum::Json(drive_file(media)).into_response()
}

/// The demo's uploads named by `ids`, as a status's `media_attachments`; `None` names the
/// first id that was never uploaded.
pub(super) fn attachments(shared: &Shared, ids: &[String]) -> Result<Vec<Value>, String> {
    let data = read(shared);
    ids.iter()
        .map(|id| {
            data.media
                .iter()
                .find(|m| m["id"] == id.as_str())
                .map(shown)
                .ok_or_else(|| id.clone())
        })
        .collect()
}
