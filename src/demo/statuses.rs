//! The demo's status routes for both APIs: a status with its context, and the viewer's
//! actions (favourite, boost, bookmark, react, mute, delete) on the shared [`super::social`]
//! state.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::{DemoData, id_of};
use super::misskey::{self, note};
use super::server::{Shared, error, read, write};
use super::social::{Act, MAX_CHARACTERS, NewStatus, Refusal, VoteRefusal};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/api/v1/statuses/{id}",
            get(mastodon_show)
                .delete(mastodon_delete)
                .put(mastodon_edit),
        )
        .route("/api/v1/statuses/{id}/source", get(mastodon_source))
        .route("/api/v1/statuses/{id}/history", get(mastodon_history))
        .route("/api/v1/statuses/{id}/translate", post(mastodon_translate))
        .route("/api/notes/translate", post(misskey_translate))
        .route("/api/v1/statuses", post(mastodon_create))
        .route("/api/v1/polls/{id}/votes", post(mastodon_vote))
        .route("/api/notes/polls/vote", post(misskey_vote))
        .route("/api/v2/instance", get(mastodon_instance))
        .route("/api/v1/preferences", get(mastodon_preferences))
        .route("/api/v1/statuses/{id}/context", get(mastodon_context))
        .route("/api/v1/statuses/{id}/{action}", post(mastodon_act))
        .route("/api/notes/show", post(misskey_show))
        .route("/api/notes/state", post(misskey_state))
        .route("/api/notes/conversation", post(misskey_conversation))
        .route("/api/notes/children", post(misskey_children))
        .route("/api/notes/create", post(misskey_create))
        .route("/api/notes/delete", post(misskey_delete))
        .route("/api/notes/{group}/{action}", post(misskey_act))
        .route("/api/notes/unrenote", post(misskey_unrenote))
        .route("/api/i/pin", post(misskey_pin))
        .route("/api/i/unpin", post(misskey_pin))
}

async fn mastodon_show(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    match data.status(&id) {
        Some(status) => axum::Json(data.resolve(status)).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// `POST /api/v1/statuses`; a repeated `Idempotency-Key` answers the status it created.
async fn mastodon_create(
    State(shared): State<Arc<Shared>>,
    headers: axum::http::HeaderMap,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body.map(|b| b.0).unwrap_or_default();
    if body.get("scheduled_at").is_some_and(|at| !at.is_null()) {
        return super::scheduled::mastodon_schedule(&shared, body);
    }
    let text = |name: &str| body[name].as_str().map(str::to_owned);
    let media = match mastodon_media(&shared, &body) {
        Ok(media) => media,
        Err(refused) => return *refused,
    };
    let poll = body["poll"].is_object().then(|| {
        (
            strings(&body["poll"]["options"]),
            body["poll"]["expires_in"].as_u64().unwrap_or(86_400),
            body["poll"]["multiple"] == true,
        )
    });
    let key = headers
        .get("idempotency-key")
        .and_then(|k| k.to_str().ok())
        .map(str::to_owned);
    let mut data = write(&shared);
    let earlier = key
        .as_ref()
        .filter(|_| !data.ignore_idempotency_keys)
        .and_then(|k| data.idempotency_keys.get(k).cloned());
    let created = match earlier {
        Some(id) => Ok(id),
        None => data.create(NewStatus {
            text: text("status").unwrap_or_default(),
            spoiler: text("spoiler_text").unwrap_or_default(),
            visibility: text("visibility").unwrap_or_else(|| "public".into()),
            in_reply_to: text("in_reply_to_id"),
            quote: text("quoted_status_id"),
            language: text("language"),
            sensitive: body["sensitive"] == true,
            media,
            poll,
        }),
    };
    match created {
        Ok(id) => {
            if let Some(key) = key {
                data.idempotency_keys.insert(key, id.clone());
            }
            match data.status(&id) {
                Some(status) => axum::Json(data.resolve(status)).into_response(),
                None => error(StatusCode::NOT_FOUND, "Record not found"),
            }
        }
        Err(refusal) => mastodon_refusal(refusal),
    }
}

/// `POST /api/v1/polls/:id/votes`: the demo's poll ids are their statuses'.
async fn mastodon_vote(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let choices: Vec<usize> = body
        .as_ref()
        .and_then(|b| b["choices"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c.as_u64().map(|c| c as usize))
        .collect();
    let mut data = write(&shared);
    match data.vote(&id, &choices) {
        Ok(()) => axum::Json(data.status(&id).map(|s| s["poll"].clone())).into_response(),
        Err(VoteRefusal::NoPoll) => error(StatusCode::NOT_FOUND, "Record not found"),
        Err(VoteRefusal::Expired) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: The poll has already ended",
        ),
        Err(VoteRefusal::AlreadyVoted) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: You have already voted on this poll",
        ),
        Err(VoteRefusal::InvalidChoice) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: invalid choice",
        ),
    }
}

async fn misskey_vote(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let choice = body.as_ref().and_then(|b| b["choice"].as_u64());
    let Some(choice) = choice else {
        return misskey::error(StatusCode::BAD_REQUEST, "INVALID_PARAM", "Invalid param.");
    };
    let (code, message) = match write(&shared).vote(&note_id(&body), &[choice as usize]) {
        Ok(()) => return StatusCode::NO_CONTENT.into_response(),
        Err(VoteRefusal::NoPoll) => ("NO_POLL", "The note has no poll."),
        Err(VoteRefusal::Expired) => ("ALREADY_EXPIRED", "The poll is already expired."),
        Err(VoteRefusal::AlreadyVoted) => ("ALREADY_VOTED", "You have already voted."),
        Err(VoteRefusal::InvalidChoice) => ("INVALID_CHOICE", "Choice ID is invalid."),
    };
    misskey::error(StatusCode::BAD_REQUEST, code, message)
}

/// The uploads a Mastodon body names in `media_ids`, or the refusal of an unknown one.
fn mastodon_media(shared: &Shared, body: &Value) -> Result<Vec<Value>, Box<Response>> {
    super::media::attachments(shared, &strings(&body["media_ids"])).map_err(|id| {
        Box::new(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("no media {id}"),
        ))
    })
}

async fn mastodon_source(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    match data.status(&id) {
        Some(status) => axum::Json(json!({
            "id": id,
            "text": misskey::typed_text(status),
            "spoiler_text": status["spoiler_text"],
        }))
        .into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// `PUT /api/v1/statuses/:id`: text, warning, sensitive, language, media (not visibility).
async fn mastodon_edit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body.map(|b| b.0).unwrap_or_default();
    let text = |name: &str| body[name].as_str().map(str::to_owned);
    let media = match mastodon_media(&shared, &body) {
        Ok(media) => media,
        Err(refused) => return *refused,
    };
    let mut data = write(&shared);
    let edited = data.edit(
        &id,
        NewStatus {
            text: text("status").unwrap_or_default(),
            spoiler: text("spoiler_text").unwrap_or_default(),
            language: text("language"),
            sensitive: body["sensitive"] == true,
            media,
            ..NewStatus::default()
        },
    );
    match edited {
        Ok(()) => match data.status(&id) {
            Some(status) => axum::Json(data.resolve(status)).into_response(),
            None => error(StatusCode::NOT_FOUND, "Record not found"),
        },
        Err(refusal) => mastodon_refusal(refusal),
    }
}

/// Every version, oldest first, the current one last (as Mastodon answers).
async fn mastodon_history(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    let Some(status) = data.status(&id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    let mut versions: Vec<Value> = status["history"].as_array().cloned().unwrap_or_default();
    versions.push(json!({
        "content": status["content"],
        "spoiler_text": status["spoiler_text"],
        "created_at": status["edited_at"].as_str().or(status["created_at"].as_str()),
    }));
    axum::Json(versions).into_response()
}

async fn mastodon_instance(State(shared): State<Arc<Shared>>) -> Response {
    if shared.flavor != crate::api::detect::Flavor::Mastodon {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let data = read(&shared);
    axum::Json(json!({
        "domain": data.host,
        "title": "skua demo",
        "version": "4.3.0",
        "api_versions": { "mastodon": data.mastodon_api_version.unwrap_or(2) },
        "configuration": {
            "statuses": { "max_characters": MAX_CHARACTERS, "characters_reserved_per_url": 23 },
            "accounts": {
                "max_display_name_length": 30,
                "max_note_length": 500,
                "max_profile_fields": super::own_profile::MAX_FIELDS,
                "profile_field_name_limit": 255,
                "profile_field_value_limit": 255,
            },
            "translation": { "enabled": true },
        },
    }))
    .into_response()
}

/// The demo's translator knows English renderings of the demo's posts in other languages, by
/// how each begins (the same text is posted many times); every other post is English already.
const TRANSLATIONS: &[(&str, &str, &str)] = &[
    (
        "Started learning Japanese again. 今日は雨です。",
        "ja",
        "Started learning Japanese again. It is raining today. #japanese",
    ),
    (
        "日本語と English を混ぜて",
        "ja",
        "I am testing how lines wrap when Japanese and English are mixed. This line is intentionally long to wrap.",
    ),
    (
        "朝のコーヒーと、静かな時間。",
        "ja",
        "Morning coffee and a quiet moment. ☕ Let's do our best today too.",
    ),
    (
        "今天天气很好",
        "zh",
        "The weather is lovely today; I went for a walk in the park. Autumn colours are so beautiful. 🍂",
    ),
    (
        "终于把项目的测试",
        "zh",
        "Finally got every test of the project passing; now I can sleep in peace 😴 #编程",
    ),
    (
        "猫が膝の上で",
        "ja",
        "The cat fell asleep on my lap and I cannot move. A happy problem 🐱",
    ),
    (
        "新しいターミナルクライアント",
        "ja",
        "Trying out a new terminal client. Being able to do everything from the keyboard is the best.",
    ),
    (
        "週末はラーメン屋巡り",
        "ja",
        "A weekend touring ramen shops. Miso ramen is my favourite 🍜 #ラーメン",
    ),
    (
        "東京は今日も雨",
        "ja",
        "Rain in Tokyo again today. People who forgot their umbrellas are sheltering in the station ☔",
    ),
    (
        "今日は紅葉を見に",
        "ja",
        "Today I went to Kyoto to see the autumn leaves. They were beautiful! 🍁 #紅葉 #京都",
    ),
];

/// A status in English, and the language it was in; `None` for a status there is not.
fn translated(data: &DemoData, id: &str) -> Option<(String, &'static str)> {
    let status = data.status(id)?;
    let text = misskey::mfm_from_html(status["content"].as_str().unwrap_or_default(), &json!([]));
    Some(
        match TRANSLATIONS
            .iter()
            .find(|(start, _, _)| text.starts_with(start))
        {
            Some((_, from, english)) => ((*english).to_owned(), *from),
            None => (text, "en"),
        },
    )
}

/// `POST /api/v1/statuses/:id/translate`: as Mastodon, public and unlisted posts only.
async fn mastodon_translate(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    if let Some(status) = data.status(&id)
        && !matches!(status["visibility"].as_str(), Some("public" | "unlisted"))
    {
        return error(StatusCode::FORBIDDEN, "This action is not allowed");
    }
    match translated(&data, &id) {
        Some((text, from)) => axum::Json(json!({
            "content": format!("<p>{}</p>", html_escape(&text)),
            "detected_source_language": from,
            "provider": "the skua demo",
        }))
        .into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// `POST /api/notes/translate`.
async fn misskey_translate(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    match translated(&read(&shared), &note_id(&body)) {
        Some((text, from)) => {
            axum::Json(json!({ "sourceLang": from, "text": text })).into_response()
        }
        None => no_such_note(),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn mastodon_preferences() -> Response {
    axum::Json(json!({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": "en",
    }))
    .into_response()
}

async fn mastodon_context(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    if data.status(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let resolve =
        |list: Vec<&Value>| -> Vec<Value> { list.into_iter().map(|s| data.resolve(s)).collect() };
    axum::Json(json!({
        "ancestors": resolve(data.ancestors(&id)),
        "descendants": resolve(data.descendants(&id)),
    }))
    .into_response()
}

async fn mastodon_act(
    State(shared): State<Arc<Shared>>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let act = match action.as_str() {
        "favourite" => Act::Favourite(true),
        "unfavourite" => Act::Favourite(false),
        "reblog" => Act::Reblog(true),
        "unreblog" => Act::Reblog(false),
        "bookmark" => Act::Bookmark(true),
        "unbookmark" => Act::Bookmark(false),
        "mute" => Act::Mute(true),
        "unmute" => Act::Mute(false),
        "pin" => Act::Pin(true),
        "unpin" => Act::Pin(false),
        _ => return error(StatusCode::NOT_FOUND, "Record not found"),
    };
    let mut data = write(&shared);
    match data.act(&id, &act) {
        Ok(()) => {
            // A boost answers with the new boost; the rest with the status.
            let answer = match act {
                Act::Reblog(true) => data.statuses.first(),
                _ => data.status(&id),
            };
            match answer {
                Some(status) => axum::Json(data.resolve(status)).into_response(),
                None => error(StatusCode::NOT_FOUND, "Record not found"),
            }
        }
        Err(refusal) => mastodon_refusal(refusal),
    }
}

async fn mastodon_delete(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let shown = data.status(&id).map(|s| data.resolve(s));
    match data.delete(&id) {
        Ok(()) => axum::Json(shown).into_response(),
        Err(refusal) => mastodon_refusal(refusal),
    }
}

fn mastodon_refusal(refusal: Refusal) -> Response {
    match refusal {
        Refusal::NoSuchStatus => error(StatusCode::NOT_FOUND, "Record not found"),
        Refusal::NotYours | Refusal::NotBoostable => {
            error(StatusCode::FORBIDDEN, "This action is not allowed")
        }
        Refusal::Blank => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Text can't be blank",
        ),
        Refusal::TooLong => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Validation failed: Text character limit of {MAX_CHARACTERS} exceeded"),
        ),
    }
}

/// A JSON array of strings as strings (anything else left out).
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// The note a Misskey call names in `noteId`.
fn note_id(body: &Option<axum::Json<Value>>) -> String {
    body.as_ref()
        .and_then(|b| b["noteId"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// `i/pin` and `i/unpin`: answer the viewer's user, as Misskey does.
async fn misskey_pin(
    State(shared): State<Arc<Shared>>,
    uri: axum::http::Uri,
    body: Option<axum::Json<Value>>,
) -> Response {
    let id = note_id(&body);
    let on = uri.path().ends_with("/pin");
    let mut data = write(&shared);
    let already = data.status(&id).map(|s| s["pinned"] == true);
    let refusal = match (already, on) {
        (None, _) => return no_such_note(),
        (Some(true), true) => Some(("ALREADY_PINNED", "That note has already been pinned.")),
        (Some(false), false) => Some(("NOT_PINNED", "Pinned note not found.")),
        _ => None,
    };
    if let Some((code, message)) = refusal {
        return misskey::error(StatusCode::BAD_REQUEST, code, message);
    }
    match data.act(&id, &Act::Pin(on)) {
        Ok(()) => match data.account(&data.me) {
            Some(me) => axum::Json(misskey::user(me)).into_response(),
            None => no_such_note(),
        },
        Err(_) => misskey::error(StatusCode::BAD_REQUEST, "ACCESS_DENIED", "Access denied."),
    }
}

fn no_such_note() -> Response {
    misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_NOTE", "No such note.")
}

/// Answers a call about the note named in `noteId`, or `NO_SUCH_NOTE`.
fn about_note(
    shared: &Shared,
    body: &Option<axum::Json<Value>>,
    answer: impl FnOnce(&DemoData, &Value) -> Value,
) -> Response {
    let data = read(shared);
    match data.status(&note_id(body)) {
        Some(status) => axum::Json(answer(&data, status)).into_response(),
        None => no_such_note(),
    }
}

/// Notes as Misskey lists them (without their parents).
fn notes_of<'a>(data: &DemoData, statuses: impl Iterator<Item = &'a Value>) -> Value {
    statuses.map(|s| note(data, s, false)).collect()
}

async fn misskey_show(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    about_note(&shared, &body, |data, status| note(data, status, true))
}

async fn misskey_state(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    about_note(&shared, &body, |_, status| {
        json!({
            "isFavorited": status["bookmarked"].as_bool().unwrap_or(false),
            "isMutedThread": status["muted"].as_bool().unwrap_or(false),
        })
    })
}

/// Ancestors, nearest first (as Misskey answers).
async fn misskey_conversation(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    about_note(&shared, &body, |data, status| {
        notes_of(data, data.ancestors(id_of(status)).into_iter().rev())
    })
}

async fn misskey_children(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    about_note(&shared, &body, |data, status| {
        notes_of(data, data.children(id_of(status)).into_iter())
    })
}

/// `notes/create`: a renote (`renoteId` alone), or a note (a quote when it has `renoteId`).
async fn misskey_create(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body.map(|b| b.0).unwrap_or_default();
    let text = |name: &str| body[name].as_str().map(str::to_owned);
    let media = match super::media::attachments(&shared, &strings(&body["fileIds"])) {
        Ok(media) => media,
        Err(_) => return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_FILE", "No such file."),
    };
    let poll = body["poll"].is_object().then(|| {
        (
            strings(&body["poll"]["choices"]),
            body["poll"]["expiredAfter"].as_u64().unwrap_or(86_400_000) / 1000,
            body["poll"]["multiple"] == true,
        )
    });
    let pure_renote = media.is_empty() && poll.is_none();
    let mut data = write(&shared);
    let channel = body["channelId"].as_str();
    if channel.is_some_and(|id| !data.channels.iter().any(|c| c["id"] == id)) {
        return misskey::error(
            StatusCode::BAD_REQUEST,
            "NO_SUCH_CHANNEL",
            "No such channel.",
        );
    }
    let created = match (text("renoteId"), text("text"), text("cw")) {
        (Some(renote), None, None) if pure_renote => {
            data.act(&renote, &Act::Reblog(true)).map(|()| None)
        }
        (quote, text, cw) => data
            .create(NewStatus {
                // Misskey keeps a note's text trimmed.
                text: text.map(|t| t.trim().to_owned()).unwrap_or_default(),
                spoiler: cw.unwrap_or_default(),
                visibility: match body["visibility"].as_str() {
                    Some("home") => "unlisted",
                    Some("followers") => "private",
                    Some("specified") => "direct",
                    _ => "public",
                }
                .to_owned(),
                in_reply_to: body["replyId"].as_str().map(str::to_owned),
                quote,
                language: None,
                sensitive: false,
                media,
                poll,
            })
            .map(Some),
    };
    match created {
        Ok(id) => {
            // A note in a channel is public, whatever visibility it was sent with.
            if let (Some(id), Some(channel)) = (&id, channel)
                && let Some(status) = data.statuses.iter_mut().find(|s| s["id"] == id.as_str())
            {
                status["channel"] = json!(channel);
                status["visibility"] = json!("public");
            }
            let created = match id {
                Some(id) => data.status(&id),
                None => data.statuses.first(),
            };
            let created = created.map(|s| note(&data, s, true));
            axum::Json(json!({ "createdNote": created })).into_response()
        }
        Err(refusal) => misskey_refusal(refusal),
    }
}

async fn misskey_unrenote(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    misskey_apply(&shared, &note_id(&body), Act::Reblog(false))
}

async fn misskey_delete(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    match write(&shared).delete(&note_id(&body)) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(refusal) => misskey_refusal(refusal),
    }
}

/// `notes/reactions/*`, `notes/favorites/*`, `notes/thread-muting/*`.
async fn misskey_act(
    State(shared): State<Arc<Shared>>,
    Path((group, action)): Path<(String, String)>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let id = note_id(&body);
    let on = match action.as_str() {
        "create" => true,
        "delete" => false,
        _ => {
            return misskey::error(
                StatusCode::NOT_FOUND,
                "NO_SUCH_ENDPOINT",
                "No such endpoint.",
            );
        }
    };
    let (field, already, not) = match group.as_str() {
        "reactions" => ("my_reaction", "ALREADY_REACTED", "NOT_REACTED"),
        "favorites" => ("bookmarked", "ALREADY_FAVORITED", "NOT_FAVORITED"),
        "thread-muting" => ("muted", "ALREADY_MUTING", "NOT_MUTING"),
        _ => {
            return misskey::error(
                StatusCode::NOT_FOUND,
                "NO_SUCH_ENDPOINT",
                "No such endpoint.",
            );
        }
    };
    let reaction = body
        .as_ref()
        .and_then(|b| b["reaction"].as_str())
        .map(str::to_owned);
    let before = match read(&shared).status(&id) {
        Some(status) => status[field].clone(),
        None => return no_such_note(),
    };
    let is_set = before.as_bool().unwrap_or(false) || before.is_string();
    if on
        && (before.as_bool() == Some(true)
            || (reaction.is_some() && before.as_str() == reaction.as_deref()))
    {
        return misskey::error(StatusCode::BAD_REQUEST, already, "Already done.");
    }
    if !on && !is_set {
        return misskey::error(StatusCode::BAD_REQUEST, not, "Not done.");
    }
    let act = match group.as_str() {
        "reactions" => Act::React(if on { reaction } else { None }),
        "favorites" => Act::Bookmark(on),
        _ => Act::Mute(on),
    };
    misskey_apply(&shared, &id, act)
}

fn misskey_apply(shared: &Shared, id: &str, act: Act) -> Response {
    match write(shared).act(id, &act) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(refusal) => misskey_refusal(refusal),
    }
}

fn misskey_refusal(refusal: Refusal) -> Response {
    match refusal {
        Refusal::NoSuchStatus => no_such_note(),
        Refusal::NotYours => {
            misskey::error(StatusCode::BAD_REQUEST, "ACCESS_DENIED", "Access denied.")
        }
        Refusal::NotBoostable => misskey::error(
            StatusCode::BAD_REQUEST,
            "CANNOT_RENOTE_DUE_TO_VISIBILITY",
            "You can not renote due to target visibility.",
        ),
        Refusal::Blank => misskey::error(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAM",
            "Invalid param: text is required.",
        ),
        Refusal::TooLong => misskey::error(
            StatusCode::BAD_REQUEST,
            "INVALID_PARAM",
            "Invalid param: text is too long.",
        ),
    }
}
