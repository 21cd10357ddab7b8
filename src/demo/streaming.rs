//! The demo's streaming APIs, both of them: Mastodon's `/api/v1/streaming` and Misskey's
//! `/streaming`, fed by what happens on the demo (posts, deletions, edits, notifications),
//! plus a ticker that makes the demo live, and the knobs tests need (drop every stream,
//! turn streaming off).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::data::{DemoData, Selection, id_of};
use super::server::{Shared, error, read};
use super::{misskey, notices};

/// Something that happened on the demo, for every open stream.
#[derive(Debug, Clone)]
pub enum Happened {
    Posted(String),
    /// A Misskey chat message (by id).
    Chatted(String),
    Deleted(String),
    Edited(String),
    Notified(String),
    /// Every stream is cut (a test of reconnecting).
    Cut,
}

pub(super) fn channel() -> broadcast::Sender<Happened> {
    broadcast::channel(1024).0
}

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/streaming", get(mastodon))
        .route("/api/v1/streaming/", get(mastodon))
        .route("/streaming", get(misskey_stream))
}

/// How often an idle stream is pinged (clients take a long silence as a dead link).
const PING: Duration = Duration::from_secs(30);

async fn mastodon(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    if !shared.streams() {
        return error(StatusCode::NOT_FOUND, "Not Found");
    }
    upgrade.on_upgrade(move |socket| serve(shared, socket, Protocol::Mastodon(HashSet::new())))
}

async fn misskey_stream(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    if !shared.streams() {
        return misskey::error(StatusCode::NOT_FOUND, "NOT_FOUND", "Not found.");
    }
    let protocol = Protocol::Misskey {
        channels: HashMap::new(),
        captured: HashSet::new(),
    };
    upgrade.on_upgrade(move |socket| serve(shared, socket, protocol))
}

enum Protocol {
    /// Subscribed streams: `["user"]`, `["hashtag", "rust"]`…
    Mastodon(HashSet<Vec<String>>),
    Misskey {
        /// Channel id → (name, params).
        channels: HashMap<String, (String, Value)>,
        captured: HashSet<String>,
    },
}

async fn serve(shared: Arc<Shared>, mut socket: WebSocket, mut protocol: Protocol) {
    let mut happenings = shared.happenings.subscribe();
    let mut ping = tokio::time::interval(PING);
    loop {
        let frames = tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Text(text))) => {
                    protocol.command(&text);
                    if let Protocol::Misskey { captured, channels } = &protocol {
                        *super::server::lock(&shared.captured) = captured.clone();
                        *super::server::lock(&shared.connected) =
                            channels.values().map(|(name, _)| name.clone()).collect();
                    }
                    continue;
                }
                Some(Ok(_)) => continue,
                _ => return,
            },
            happened = happenings.recv() => match happened {
                Ok(Happened::Cut) => return,
                Ok(happened) => protocol.frames(&read(&shared), &happened),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
                continue;
            }
        };
        for frame in frames {
            if socket.send(Message::text(frame.to_string())).await.is_err() {
                return;
            }
        }
    }
}

impl Protocol {
    fn command(&mut self, text: &str) {
        let Ok(command) = serde_json::from_str::<Value>(text) else {
            return;
        };
        match self {
            Protocol::Mastodon(streams) => {
                let mut stream = vec![command["stream"].as_str().unwrap_or_default().to_owned()];
                stream.extend(
                    ["tag", "list"]
                        .iter()
                        .filter_map(|p| command[*p].as_str().map(str::to_owned)),
                );
                match command["type"].as_str() {
                    Some("subscribe") => {
                        streams.insert(stream);
                    }
                    Some("unsubscribe") => {
                        streams.remove(&stream);
                    }
                    _ => {}
                }
            }
            Protocol::Misskey { channels, captured } => {
                let body = &command["body"];
                let id = body["id"].as_str().unwrap_or_default().to_owned();
                match command["type"].as_str() {
                    Some("connect") => {
                        let name = body["channel"].as_str().unwrap_or_default().to_owned();
                        channels.insert(id, (name, body["params"].clone()));
                    }
                    Some("disconnect") => {
                        channels.remove(&id);
                    }
                    Some("subNote" | "s") => {
                        captured.insert(id);
                    }
                    Some("unsubNote" | "un") => {
                        captured.remove(&id);
                    }
                    _ => {}
                }
            }
        }
    }

    /// The frames a happening makes on this stream.
    fn frames(&self, data: &DemoData, happened: &Happened) -> Vec<Value> {
        match self {
            Protocol::Mastodon(streams) => mastodon_frames(data, streams, happened),
            Protocol::Misskey { channels, captured } => {
                misskey_frames(data, channels, captured, happened)
            }
        }
    }
}

/// Whether a timeline would show the status.
fn shows(data: &DemoData, selection: &Selection, status: &str) -> bool {
    data.select(selection)
        .is_some_and(|statuses| statuses.iter().any(|s| id_of(s) == status))
}

fn mastodon_frames(
    data: &DemoData,
    streams: &HashSet<Vec<String>>,
    happened: &Happened,
) -> Vec<Value> {
    let frame = |stream: &Vec<String>, event: &str, payload: String| json!({ "stream": stream, "event": event, "payload": payload });
    let mut frames = Vec::new();
    match happened {
        Happened::Posted(id) | Happened::Edited(id) => {
            let Some(status) = data.status(id) else {
                return frames;
            };
            let event = if matches!(happened, Happened::Posted(_)) {
                "update"
            } else {
                "status.update"
            };
            let payload = data.resolve(status).to_string();
            for stream in streams {
                let param = stream.get(1).cloned().unwrap_or_default();
                let selection = match stream[0].as_str() {
                    "user" => Some(Selection::Home),
                    "public" => Some(Selection::Public { local: false }),
                    "public:local" => Some(Selection::Public { local: true }),
                    "hashtag" => Some(Selection::Tag(param)),
                    "list" => Some(Selection::List(param)),
                    _ => None,
                };
                if selection.is_some_and(|s| shows(data, &s, id)) {
                    frames.push(frame(stream, event, payload.clone()));
                }
            }
            let direct = vec!["direct".to_owned()];
            if status["visibility"] == "direct"
                && streams.contains(&direct)
                && let Some(conversation) = notices::conversation_of(data, id)
            {
                frames.push(frame(&direct, "conversation", conversation.to_string()));
            }
        }
        Happened::Deleted(id) => {
            for stream in streams {
                frames.push(frame(stream, "delete", id.clone()));
            }
        }
        Happened::Notified(id) => {
            let Some(notification) = data.notifications.iter().find(|n| id_of(n) == id) else {
                return frames;
            };
            let payload = notices::resolve(data, notification).to_string();
            for name in ["user", "user:notification"] {
                let stream = vec![name.to_owned()];
                if streams.contains(&stream) {
                    frames.push(frame(&stream, "notification", payload.clone()));
                    break;
                }
            }
        }
        // Mastodon has no chat.
        Happened::Cut | Happened::Chatted(_) => {}
    }
    frames
}

fn misskey_frames(
    data: &DemoData,
    channels: &HashMap<String, (String, Value)>,
    captured: &HashSet<String>,
    happened: &Happened,
) -> Vec<Value> {
    let frame = |id: &str, kind: &str, body: Value| json!({ "type": "channel", "body": { "id": id, "type": kind, "body": body } });
    let mut frames = Vec::new();
    match happened {
        Happened::Posted(id) => {
            let Some(status) = data.status(id) else { return frames };
            let note = misskey::note(data, status, true);
            for (channel, (name, params)) in channels {
                let selection = match name.as_str() {
                    "homeTimeline" => Some(Selection::Home),
                    "localTimeline" => Some(Selection::Public { local: true }),
                    "hybridTimeline" => Some(Selection::Social),
                    "globalTimeline" => Some(Selection::Public { local: false }),
                    "hashtag" => params["q"][0][0].as_str().map(|t| Selection::Tag(t.to_owned())),
                    "userList" => params["listId"].as_str().map(|l| Selection::List(l.to_owned())),
                    "channel" => params["channelId"].as_str().map(|c| Selection::Channel(c.to_owned())),
                    "antenna" => data
                        .antennas
                        .iter()
                        .find(|a| a["id"] == params["antennaId"])
                        .map(super::antennas::selection),
                    "main" => {
                        let mentions_me = status["mentions"]
                            .as_array()
                            .is_some_and(|m| m.iter().any(|m| m["id"] == data.me.as_str()));
                        if mentions_me {
                            frames.push(frame(channel, "mention", note.clone()));
                        }
                        None
                    }
                    _ => None,
                };
                if selection.is_some_and(|s| shows(data, &s, id)) {
                    frames.push(frame(channel, "note", note.clone()));
                }
            }
        }
        Happened::Chatted(id) => frames.extend(super::chat::frames(data, channels, id)),
        Happened::Deleted(id) if captured.contains(id) => frames.push(json!({
            "type": "noteUpdated",
            "body": { "id": id, "type": "deleted", "body": { "deletedAt": jiff::Timestamp::now().to_string() } },
        })),
        Happened::Notified(id) => {
            let Some(notification) = data.notifications.iter().find(|n| id_of(n) == id) else {
                return frames;
            };
            let body = notices::misskey_notification(data, notification);
            for (channel, (name, _)) in channels {
                if name == "main" {
                    frames.push(frame(channel, "notification", body.clone()));
                }
            }
        }
        _ => {}
    }
    frames
}

/// What the demo's people say while the user watches.
const CHATTER: &[&str] = &[
    "Coffee number two. The bug is still there, but now I'm awake enough to see it.",
    "Finally moved my dotfiles into a repo. Only took eleven years.",
    "The ferry was late again, so I read three chapters. Not complaining.",
    "Today's small win: the tests pass on the first try. Suspicious, honestly.",
    "Fog over the harbour this morning, gulls arguing about breakfast.",
    "Reminder that a terminal at 80x24 is a perfectly good place to live.",
    "Trying the new bakery on the corner. The cardamom bun is a strong yes.",
    "Reading about how Misskey and Mastodon federate; it is a small miracle it works at all.",
];

/// Adds a status by `account` now (in a Misskey channel, by id) and tells every stream;
/// answers its id.
/// Who a post made while the user watches is for.
pub(super) enum Audience<'a> {
    Everyone,
    /// A Misskey channel (by id).
    Channel(&'a str),
    /// The user alone (a direct message that mentions them).
    Me,
}

pub(super) fn post(shared: &Shared, account: &str, text: &str, audience: Audience) -> String {
    let mut data = super::server::write(shared);
    let newest = data
        .statuses
        .first()
        .map(|s| id_of(s).to_owned())
        .unwrap_or_else(|| "100".into());
    let id = notices::increment(&newest, 1 << 16);
    let host = data.host.clone();
    let acct = data
        .account(account)
        .and_then(|a| a["acct"].as_str())
        .unwrap_or("someone")
        .to_owned();
    let status = json!({
        "id": id,
        "created_at": jiff::Timestamp::now().to_string(),
        "account": account,
        "visibility": "public",
        "sensitive": false,
        "spoiler_text": "",
        "content": format!("<p>{}</p>", html_escape(text)),
        "url": format!("https://{host}/@{acct}/{id}"),
        "uri": format!("https://{host}/users/{acct}/statuses/{id}"),
        "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
        "in_reply_to_id": null, "in_reply_to_account_id": null, "reblog": null,
        "media_attachments": [], "mentions": [], "tags": [], "emojis": [],
    });
    let mut status = status;
    match audience {
        Audience::Everyone => {}
        Audience::Channel(channel) => status["channel"] = json!(channel),
        Audience::Me => {
            let me = data.account(&data.me).cloned().unwrap_or_default();
            status["visibility"] = json!("direct");
            status["mentions"] = json!([{ "id": me["id"], "acct": me["acct"], "username": me["username"], "url": me["url"] }]);
        }
    }
    data.statuses.insert(0, status);
    drop(data);
    let _ = shared.happenings.send(Happened::Posted(id.clone()));
    id
}

/// Adds a notification now (`kind` by `account` about `status`) and tells every stream.
pub(super) fn notify(shared: &Shared, kind: &str, account: &str, status: Option<&str>) -> String {
    let mut data = super::server::write(shared);
    let newest = data
        .notifications
        .first()
        .map(|n| id_of(n).to_owned())
        .unwrap_or_else(|| "1000".into());
    let id = notices::increment(&newest, 1);
    data.notifications.insert(
        0,
        json!({ "id": id, "type": kind, "created_at": jiff::Timestamp::now().to_string(), "account": account, "status": status }),
    );
    drop(data);
    let _ = shared.happenings.send(Happened::Notified(id.clone()));
    id
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Makes the demo live: every `every`, someone posts; every fourth time, someone favourites
/// one of the user's posts instead.
pub(super) async fn chatter(shared: Arc<Shared>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    for round in 0usize.. {
        tick.tick().await;
        let (people, mine) = {
            let data = read(&shared);
            let people: Vec<String> = data
                .following
                .iter()
                .filter(|id| **id != data.me)
                .cloned()
                .collect();
            let mine = data
                .statuses
                .iter()
                .find(|s| s["account"] == data.me.as_str())
                .map(|s| id_of(s).to_owned());
            (people, mine)
        };
        if people.is_empty() {
            continue;
        }
        let who = &people[round % people.len()];
        match (round % 4, &mine) {
            (3, Some(mine)) => {
                notify(&shared, "favourite", who, Some(mine));
            }
            _ => {
                post(
                    &shared,
                    who,
                    CHATTER[round % CHATTER.len()],
                    Audience::Everyone,
                );
            }
        }
    }
}
