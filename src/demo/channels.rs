//! The demo's Misskey channels: three topic rooms with notes of their own, followed,
//! favourited, featured, the user's own, found by words; notes posted into them.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::data::{DemoData, Selection, id_of};
use super::misskey;
use super::server::{Shared, read, write};
use crate::api::compare_ids;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/channels/followed", post(followed))
        .route("/api/channels/my-favorites", post(favourites))
        .route("/api/channels/featured", post(featured))
        .route("/api/channels/owned", post(owned))
        .route("/api/channels/search", post(search))
        .route("/api/channels/show", post(show))
        .route("/api/channels/follow", post(follow))
        .route("/api/channels/unfollow", post(unfollow))
        .route("/api/channels/favorite", post(favourite))
        .route("/api/channels/unfavorite", post(unfavourite))
        .route("/api/channels/timeline", post(timeline))
}

/// A demo channel: name, description, how the user stands with it (`following`,
/// `featured`, `mine`), and its notes (account id, text), newest last.
type DemoChannel = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CHANNELS: &[DemoChannel] = &[
    (
        "Rust talk",
        "Systems programming in Rust: questions, crates and releases",
        "following",
        &[
            (
                "100020",
                "Release notes for the next point release are up: mostly compile times.",
            ),
            (
                "100002",
                "Which crate do you reach for to read TOML these days? Still toml?",
            ),
            (
                "100009",
                "toml, and serde for the rest. It has been boring in the best way.",
            ),
        ],
    ),
    (
        "Fediverse dev",
        "Building on ActivityPub and the Mastodon and Misskey APIs",
        "featured",
        &[
            (
                "100018",
                "Reminder: Misskey timelines answer oldest first when you page with sinceId.",
            ),
            (
                "100001",
                "Link headers on Mastodon, untilId on Misskey: one cursor type to rule them.",
            ),
        ],
    ),
    (
        "Photo walk",
        "Pictures from walks, one a day",
        "mine",
        &[
            ("100012", "Harbour at dawn, gulls for scale."),
            ("100021", "Moss on the old wall."),
        ],
    ),
];

/// Adds the channels and their notes (a little older than the newest post).
pub(super) fn seed(data: &mut DemoData) {
    let Some(newest) = data.statuses.first().cloned() else {
        return;
    };
    let newest_at: jiff::Timestamp = newest["created_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let host = data.host.clone();
    let mut minutes = 0;
    for (index, (name, description, standing, notes)) in CHANNELS.iter().enumerate() {
        let id = format!("channel{}", index + 1);
        data.channels.push(json!({
            "id": id,
            "name": name,
            "description": description,
            "userId": if *standing == "mine" { data.me.clone() } else { "100020".to_owned() },
            "isFollowing": *standing == "following",
            "isFavorited": *standing == "mine",
            "featured": *standing != "mine",
            "isArchived": false,
            "color": "#86b300",
        }));
        for (account, text) in notes.iter().rev() {
            minutes += 9;
            let Ok(at) = newest_at.checked_sub(jiff::SignedDuration::from_mins(minutes)) else {
                continue;
            };
            let note_id = match id_of(&newest).parse::<u128>() {
                Ok(n) => (n - 5000 - minutes as u128).to_string(),
                Err(_) => format!("{id}-{minutes}"),
            };
            if data.status(&note_id).is_some() {
                continue;
            }
            let acct = data
                .account(account)
                .and_then(|a| a["acct"].as_str())
                .unwrap_or("someone")
                .to_owned();
            data.statuses.push(json!({
                "id": note_id,
                "created_at": at.to_string(),
                "account": account,
                "visibility": "public",
                "sensitive": false,
                "spoiler_text": "",
                "content": format!("<p>{text}</p>"),
                "url": format!("https://{host}/@{acct}/{note_id}"),
                "uri": format!("https://{host}/users/{acct}/statuses/{note_id}"),
                "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
                "in_reply_to_id": null, "in_reply_to_account_id": null, "reblog": null,
                "media_attachments": [], "mentions": [], "tags": [], "emojis": [],
                "channel": id,
            }));
        }
    }
    data.statuses
        .sort_by(|a, b| compare_ids(id_of(b), id_of(a)));
}

fn no_such_channel() -> Response {
    misskey::error(
        StatusCode::BAD_REQUEST,
        "NO_SUCH_CHANNEL",
        "No such channel.",
    )
}

/// The channel summary a note in it carries.
pub(super) fn summary(data: &DemoData, id: &str) -> Value {
    let channel = data.channels.iter().find(|c| c["id"] == id);
    channel.map_or(Value::Null, |c| {
        json!({ "id": c["id"], "name": c["name"], "color": c["color"], "isSensitive": false, "allowRenoteToExternal": true, "userId": c["userId"] })
    })
}

/// A channel as Misskey packs it, with its counts.
pub(super) fn packed(data: &DemoData, channel: &Value) -> Value {
    let notes: Vec<&Value> = data
        .select(&Selection::Channel(id_of(channel).to_owned()))
        .unwrap_or_default();
    let mut posting: Vec<&str> = notes.iter().filter_map(|n| n["account"].as_str()).collect();
    posting.sort_unstable();
    posting.dedup();
    let mut out = channel.clone();
    out["notesCount"] = json!(notes.len());
    out["usersCount"] = json!(posting.len());
    out
}

/// The channels `keep` picks, packed.
fn listed(shared: &Shared, keep: impl Fn(&DemoData, &Value) -> bool) -> Response {
    let data = read(shared);
    let channels: Vec<Value> = data
        .channels
        .iter()
        .filter(|c| keep(&data, c))
        .map(|c| packed(&data, c))
        .collect();
    axum::Json(channels).into_response()
}

async fn followed(State(shared): State<Arc<Shared>>) -> Response {
    listed(&shared, |_, c| c["isFollowing"] == true)
}

async fn favourites(State(shared): State<Arc<Shared>>) -> Response {
    listed(&shared, |_, c| c["isFavorited"] == true)
}

async fn featured(State(shared): State<Arc<Shared>>) -> Response {
    listed(&shared, |_, c| c["featured"] == true)
}

async fn owned(State(shared): State<Arc<Shared>>) -> Response {
    listed(&shared, |data, c| c["userId"] == data.me.as_str())
}

async fn search(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let words = body["query"].as_str().unwrap_or_default().to_lowercase();
    listed(&shared, |_, c| {
        ["name", "description"].iter().any(|field| {
            c[field]
                .as_str()
                .is_some_and(|text| text.to_lowercase().contains(&words))
        })
    })
}

async fn show(State(shared): State<Arc<Shared>>, axum::Json(body): axum::Json<Value>) -> Response {
    let data = read(&shared);
    match data.channels.iter().find(|c| c["id"] == body["channelId"]) {
        Some(channel) => axum::Json(packed(&data, channel)).into_response(),
        None => no_such_channel(),
    }
}

/// Sets `field` of the channel `body["channelId"]`.
fn mark(shared: &Shared, body: &Value, field: &str, on: bool) -> Response {
    let mut data = write(shared);
    match data
        .channels
        .iter_mut()
        .find(|c| c["id"] == body["channelId"])
    {
        Some(channel) => {
            channel[field] = json!(on);
            StatusCode::NO_CONTENT.into_response()
        }
        None => no_such_channel(),
    }
}

async fn follow(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    mark(&shared, &body, "isFollowing", true)
}

async fn unfollow(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    mark(&shared, &body, "isFollowing", false)
}

async fn favourite(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    mark(&shared, &body, "isFavorited", true)
}

async fn unfavourite(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    mark(&shared, &body, "isFavorited", false)
}

async fn timeline(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let known = read(&shared)
        .channels
        .iter()
        .any(|c| c["id"] == body["channelId"]);
    match body["channelId"].as_str() {
        Some(id) if known => misskey::notes(&shared, &Selection::Channel(id.to_owned()), &body),
        _ => no_such_channel(),
    }
}
