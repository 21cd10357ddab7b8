//! The demo's Misskey chat: conversations with two accounts and a room, their messages
//! (newest first, paged as Misskey pages them), sending, reactions, deletions, and what the
//! stream tells (`chatUser`, `chatRoom`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::data::{DemoData, id_of};
use super::misskey::{self, user};
use super::server::{Shared, read, write};
use super::streaming::Happened;
use crate::api::compare_ids;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/chat/history", post(history))
        .route("/api/chat/rooms/joining", post(joining))
        .route("/api/chat/rooms/owned", post(owned))
        .route("/api/chat/messages/user-timeline", post(user_timeline))
        .route("/api/chat/messages/room-timeline", post(room_timeline))
        .route("/api/chat/messages/create-to-user", post(create_to_user))
        .route("/api/chat/messages/create-to-room", post(create_to_room))
        .route("/api/chat/messages/react", post(react))
        .route("/api/chat/messages/unreact", post(unreact))
        .route("/api/chat/messages/delete", post(delete))
}

/// Who says what, oldest first, minutes before the newest post: to the user (`to` empty),
/// from the user (`from` empty), or in the room (`room`).
const MESSAGES: &[(&str, &str, &str)] = &[
    ("100002", "", "Are you coming to the meetup on Thursday?"),
    ("", "100002", "Yes! I'll bring the stickers."),
    ("100002", "", "Great, see you there 🚲"),
    (
        "100012",
        "room",
        "Who is up for a photo walk on Saturday morning?",
    ),
    ("100021", "room", "Me, if it does not rain."),
    ("100009", "", "Did you see the new release notes?"),
];

/// Adds the chat: two conversations and a room the user is in.
pub(super) fn seed(data: &mut DemoData) {
    let newest_at: jiff::Timestamp = data
        .statuses
        .first()
        .and_then(|s| s["created_at"].as_str()?.parse().ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    data.chat_rooms.push(json!({
        "id": "chat-room1", "name": "Photo walkers", "description": "Weekend walks with a camera",
        "ownerId": "100012", "memberIds": ["100012", "100021", data.me],
    }));
    // One of the user's own, quiet so far. (Ids sort by time as Misskey's do: a room made
    // before every message sorts below them.)
    data.chat_rooms.push(json!({
        "id": "chat-room2", "name": "Rust learners", "description": "Questions welcome",
        "ownerId": data.me, "memberIds": [data.me],
        "createdAt": (newest_at - jiff::SignedDuration::from_hours(30)).to_string(),
    }));
    let count = MESSAGES.len();
    for (index, (from, to, text)) in MESSAGES.iter().enumerate() {
        let minutes = 7 * (count - index) as i64;
        let at = newest_at - jiff::SignedDuration::from_mins(minutes);
        let from = if from.is_empty() {
            data.me.clone()
        } else {
            (*from).to_owned()
        };
        let mut message = json!({
            "id": format!("chat{:03}", index + 1),
            "createdAt": at.to_string(),
            "text": text,
            "fromUserId": from,
            "reactions": [],
            // The last one is new to the user.
            "isRead": index + 1 < count,
        });
        match *to {
            "room" => message["toRoomId"] = json!("chat-room1"),
            "" => message["toUserId"] = json!(data.me),
            other => message["toUserId"] = json!(other),
        }
        data.chat_messages.push(message);
    }
}

/// A message as Misskey packs it: with its users (or room) where `full`.
fn packed(data: &DemoData, message: &Value, full: bool) -> Value {
    let mut out = message.clone();
    let reactions: Vec<Value> = message["reactions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| json!({ "user": data.account(r["userId"].as_str().unwrap_or_default()).map(user), "reaction": r["reaction"] }))
        .collect();
    out["reactions"] = json!(reactions);
    if full {
        out["fromUser"] = data
            .account(message["fromUserId"].as_str().unwrap_or_default())
            .map(user)
            .unwrap_or_default();
        if let Some(to) = message["toUserId"].as_str() {
            out["toUser"] = data.account(to).map(user).unwrap_or_default();
        }
        if let Some(room) = message["toRoomId"].as_str() {
            out["toRoom"] = data
                .chat_rooms
                .iter()
                .find(|r| r["id"] == room)
                .cloned()
                .unwrap_or_default();
        }
    }
    out
}

/// The other side of a chat with the user.
fn other(data: &DemoData, message: &Value) -> Option<String> {
    let from = message["fromUserId"].as_str()?;
    match from == data.me {
        true => message["toUserId"].as_str().map(str::to_owned),
        false => message["toUserId"].is_string().then(|| from.to_owned()),
    }
}

async fn history(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    if let Some(refused) = shared.refuse_without("read:chat") {
        return refused;
    }
    let data = read(&shared);
    let rooms = body["room"] == true;
    let mut latest: Vec<&Value> = Vec::new();
    for message in data.chat_messages.iter().rev() {
        let key = match rooms {
            true => message["toRoomId"].as_str().map(str::to_owned),
            false => other(&data, message),
        };
        let Some(key) = key else { continue };
        let seen = latest.iter().any(|m| match rooms {
            true => m["toRoomId"] == key.as_str(),
            false => other(&data, m).as_deref() == Some(key.as_str()),
        });
        if !seen {
            latest.push(message);
        }
    }
    let out: Vec<Value> = latest.into_iter().map(|m| packed(&data, m, true)).collect();
    axum::Json(out).into_response()
}

/// Rooms the user joined (as memberships) and those they made.
async fn joining(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let rooms: Vec<Value> = data
        .chat_rooms
        .iter()
        .filter(|r| r["ownerId"] != data.me.as_str())
        .filter(|r| {
            r["memberIds"]
                .as_array()
                .is_some_and(|m| m.iter().any(|id| *id == data.me.as_str()))
        })
        .map(|r| json!({ "id": format!("member-{}", id_of(r)), "roomId": r["id"], "room": r }))
        .collect();
    axum::Json(rooms).into_response()
}

async fn owned(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    let rooms: Vec<&Value> = data
        .chat_rooms
        .iter()
        .filter(|r| r["ownerId"] == data.me.as_str())
        .collect();
    axum::Json(rooms).into_response()
}

/// Newest first, within `untilId` and `sinceId`, at most `limit`.
fn page(data: &DemoData, messages: Vec<&Value>, body: &Value, full: bool) -> Response {
    let limit = body["limit"].as_u64().unwrap_or(10).clamp(1, 100) as usize;
    let until = body["untilId"].as_str();
    let since = body["sinceId"].as_str();
    let out: Vec<Value> = messages
        .into_iter()
        .rev()
        .filter(|m| until.is_none_or(|u| compare_ids(id_of(m), u).is_lt()))
        .filter(|m| since.is_none_or(|s| compare_ids(id_of(m), s).is_gt()))
        .take(limit)
        .map(|m| packed(data, m, full))
        .collect();
    axum::Json(out).into_response()
}

async fn user_timeline(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let with = body["userId"].as_str().unwrap_or_default().to_owned();
    let mut data = write(&shared);
    let me = data.me.clone();
    // Read once shown.
    for message in &mut data.chat_messages {
        if message["fromUserId"] == with.as_str() && message["toUserId"] == me.as_str() {
            message["isRead"] = json!(true);
        }
    }
    let between: Vec<&Value> = data
        .chat_messages
        .iter()
        .filter(|m| other(&data, m).as_deref() == Some(with.as_str()))
        .collect();
    // Misskey sends a chat with a user without the users.
    page(&data, between, &body, false)
}

async fn room_timeline(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let data = read(&shared);
    if !data.chat_rooms.iter().any(|r| r["id"] == body["roomId"]) {
        return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_ROOM", "No such room.");
    }
    let inside: Vec<&Value> = data
        .chat_messages
        .iter()
        .filter(|m| m["toRoomId"] == body["roomId"])
        .collect();
    page(&data, inside, &body, true)
}

/// Keeps a message from the user and tells the streams; answers it as Misskey does.
fn keep(shared: &Shared, body: &Value, to: (&str, Value)) -> Response {
    let text = body["text"].as_str().unwrap_or_default();
    if text.trim().is_empty() && body["fileId"].is_null() {
        return misskey::error(
            StatusCode::BAD_REQUEST,
            "CONTENT_REQUIRED",
            "Content required.",
        );
    }
    let mut data = write(shared);
    let id = format!("chat{:03}", data.chat_messages.len() + 1);
    let mut message = json!({
        "id": id, "createdAt": jiff::Timestamp::now().to_string(), "text": text,
        "fromUserId": data.me, "reactions": [], "isRead": true,
    });
    message[to.0] = to.1;
    if let Some(file) = body["fileId"].as_str() {
        message["fileId"] = json!(file);
        message["file"] = data.media.iter().find(|m| m["id"] == file).map(|m| json!({ "id": m["id"], "type": "image/png", "url": m["url"], "comment": m["description"] })).unwrap_or_default();
    }
    data.chat_messages.push(message.clone());
    drop(data);
    let _ = shared.happenings.send(Happened::Chatted(id));
    axum::Json(message).into_response()
}

async fn create_to_user(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let to = body["toUserId"].as_str().unwrap_or_default();
    {
        let data = read(&shared);
        if to == data.me {
            return misskey::error(
                StatusCode::BAD_REQUEST,
                "RECIPIENT_IS_YOURSELF",
                "You can not send a message to yourself.",
            );
        }
        if data.account(to).is_none() {
            return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user.");
        }
    }
    keep(&shared, &body, ("toUserId", json!(to)))
}

async fn create_to_room(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    if !read(&shared)
        .chat_rooms
        .iter()
        .any(|r| r["id"] == body["toRoomId"])
    {
        return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_ROOM", "No such room.");
    }
    keep(&shared, &body, ("toRoomId", body["toRoomId"].clone()))
}

/// The message `body["messageId"]`, changed by `change`.
fn with_message(shared: &Shared, body: &Value, change: impl FnOnce(&mut Value, &str)) -> Response {
    let mut data = write(shared);
    let me = data.me.clone();
    match data
        .chat_messages
        .iter_mut()
        .find(|m| m["id"] == body["messageId"])
    {
        Some(message) => {
            change(message, &me);
            StatusCode::NO_CONTENT.into_response()
        }
        None => misskey::error(
            StatusCode::BAD_REQUEST,
            "NO_SUCH_MESSAGE",
            "No such message.",
        ),
    }
}

async fn react(State(shared): State<Arc<Shared>>, axum::Json(body): axum::Json<Value>) -> Response {
    with_message(&shared, &body, |message, me| {
        if let Some(reactions) = message["reactions"].as_array_mut() {
            reactions.retain(|r| r["userId"] != me);
            reactions.push(json!({ "userId": me, "reaction": body["reaction"] }));
        }
    })
}

async fn unreact(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    with_message(&shared, &body, |message, me| {
        if let Some(reactions) = message["reactions"].as_array_mut() {
            reactions.retain(|r| !(r["userId"] == me && r["reaction"] == body["reaction"]));
        }
    })
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let me = data.me.clone();
    let before = data.chat_messages.len();
    data.chat_messages
        .retain(|m| !(m["id"] == body["messageId"] && m["fromUserId"] == me.as_str()));
    match data.chat_messages.len() < before {
        true => StatusCode::NO_CONTENT.into_response(),
        false => misskey::error(
            StatusCode::BAD_REQUEST,
            "NO_SUCH_MESSAGE",
            "No such message.",
        ),
    }
}

/// The frames a new message makes on the chat channels it belongs to.
pub(super) fn frames(
    data: &DemoData,
    channels: &std::collections::HashMap<String, (String, Value)>,
    id: &str,
) -> Vec<Value> {
    let Some(message) = data.chat_messages.iter().find(|m| m["id"] == id) else {
        return Vec::new();
    };
    let body = packed(data, message, true);
    let received = message["fromUserId"] != data.me.as_str();
    channels
        .iter()
        .filter_map(|(channel, (name, params))| {
            let kind = match name.as_str() {
                "chatUser" if params["otherId"].as_str() == other(data, message).as_deref() => {
                    "message"
                }
                "chatRoom" if params["roomId"] == message["toRoomId"] => "message",
                // What the user receives is told on `main` too.
                "main" if received => "newChatMessage",
                _ => return None,
            };
            Some(
                json!({ "type": "channel", "body": { "id": channel, "type": kind, "body": body } }),
            )
        })
        .collect()
}

/// Someone (an account id) says `text` to the user now; answers the message's id.
pub(super) fn say(shared: &Shared, account: &str, text: &str) -> String {
    let mut data = write(shared);
    let id = format!("chat{:03}", data.chat_messages.len() + 1);
    let me = data.me.clone();
    data.chat_messages.push(json!({
        "id": id, "createdAt": jiff::Timestamp::now().to_string(), "text": text,
        "fromUserId": account, "toUserId": me, "reactions": [], "isRead": false,
    }));
    drop(data);
    let _ = shared.happenings.send(Happened::Chatted(id.clone()));
    id
}
