//! The Misskey side of the demo server, and the server-identification endpoints both sides
//! share (NodeInfo, Misskey's `meta`, Mastodon's `instance`). Notes are made on the fly from
//! the same statuses the Mastodon side serves, so both flavours show the same world.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::{DemoData, Selection, id_of};
use super::server::{Shared, lock, read, write};
use crate::api::detect::Flavor;
use crate::api::{BlockKind, Link, RichText, compare_ids, html};

const DEFAULT_LIMIT: u64 = 10;
const MAX_LIMIT: u64 = 100;

pub(super) fn routes() -> Router<Arc<Shared>> {
    let timeline = |selection: fn(&Value) -> Option<Selection>| {
        post(
            move |State(shared): State<Arc<Shared>>, body: Option<axum::Json<Value>>| async move {
                let body = body.map(|b| b.0).unwrap_or_default();
                match selection(&body) {
                    Some(selection) => notes(&shared, &selection, &body),
                    None => error(StatusCode::BAD_REQUEST, "INVALID_PARAM", "Invalid param."),
                }
            },
        )
    };
    Router::new()
        .route("/.well-known/nodeinfo", get(nodeinfo_index))
        .route("/nodeinfo/2.1", get(nodeinfo))
        .route("/api/v1/instance", get(mastodon_instance))
        .route("/api/meta", post(misskey_meta))
        .route("/api/notes/timeline", timeline(|_| Some(Selection::Home)))
        .route(
            "/api/notes/local-timeline",
            timeline(|_| Some(Selection::Public { local: true })),
        )
        .route(
            "/api/notes/global-timeline",
            timeline(|_| Some(Selection::Public { local: false })),
        )
        .route(
            "/api/notes/hybrid-timeline",
            timeline(|_| Some(Selection::Social)),
        )
        .route(
            "/api/notes/search-by-tag",
            timeline(|b| Some(Selection::Tag(b["tag"].as_str()?.to_owned()))),
        )
        .route(
            "/api/notes/user-list-timeline",
            timeline(|b| Some(Selection::List(b["listId"].as_str()?.to_owned()))),
        )
        .route("/api/i", post(me))
        .route("/api/i/registry/get-all", post(registry_all))
        .route("/api/i/registry/get", post(registry_get))
        .route("/api/i/registry/set", post(registry_set))
        .route(
            "/api/i/favorites",
            post(
                |State(shared): State<Arc<Shared>>, body: Option<axum::Json<Value>>| async move {
                    favorites(&shared, &body.map(|b| b.0).unwrap_or_default())
                },
            ),
        )
        .route("/api/emojis", post(emojis).get(emojis))
        .route("/api/v1/custom_emojis", get(mastodon_emojis))
        .route("/miauth/{session}", get(miauth_page))
        .route("/api/miauth/{session}/check", post(miauth_check))
}

/// The demo's custom emoji; one only a role may react with (skua leaves it out).
async fn emojis() -> Response {
    let emoji = |name: &str, roles: &[&str]| json!({ "name": name, "aliases": [], "category": "demo", "url": format!("https://skua.example/emoji/{name}.png"), "roleIdsThatCanBeUsedThisEmojiAsReaction": roles });
    axum::Json(json!({ "emojis": [
        emoji("blobcat", &[]),
        emoji("skua", &[]),
        emoji("party_parrot", &[]),
        emoji("staff_only", &["moderators"]),
    ] }))
    .into_response()
}

/// The same emoji as Mastodon lists them.
async fn mastodon_emojis() -> Response {
    let emoji = |name: &str| json!({ "shortcode": name, "url": format!("https://skua.example/emoji/{name}.png"), "static_url": format!("https://skua.example/emoji/{name}.png"), "visible_in_picker": true, "category": "demo" });
    axum::Json(json!([
        emoji("blobcat"),
        emoji("skua"),
        emoji("party_parrot")
    ]))
    .into_response()
}

/// Misskey's error shape.
pub(super) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "error": { "code": code, "message": message, "id": "00000000-0000-0000-0000-000000000000", "kind": "client" } });
    (status, axum::Json(body)).into_response()
}

async fn nodeinfo_index(State(shared): State<Arc<Shared>>) -> Response {
    let href = format!("{}nodeinfo/2.1", shared.base);
    axum::Json(json!({ "links": [
        { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": href }
    ] }))
    .into_response()
}

async fn nodeinfo(State(shared): State<Arc<Shared>>) -> Response {
    let (name, version) = match shared.flavor {
        Flavor::Mastodon => ("mastodon", "4.3.0"),
        Flavor::Misskey => ("misskey", "2025.1.0"),
    };
    axum::Json(json!({
        "version": "2.1",
        "software": { "name": name, "version": version },
        "protocols": ["activitypub"],
        "openRegistrations": false,
        "usage": { "users": {} },
        "metadata": { "nodeName": "skua demo" },
    }))
    .into_response()
}

async fn mastodon_instance(State(shared): State<Arc<Shared>>) -> Response {
    match shared.flavor {
        Flavor::Mastodon => axum::Json(
            json!({ "uri": read(&shared).host, "title": "skua demo", "version": "4.3.0" }),
        )
        .into_response(),
        Flavor::Misskey => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn misskey_meta(State(shared): State<Arc<Shared>>) -> Response {
    match shared.flavor {
        Flavor::Misskey => axum::Json(json!({
            "name": "skua demo",
            "version": "2025.1.0",
            "maxNoteTextLength": super::social::MAX_CHARACTERS,
            "translatorAvailable": true,
            "serverRules": super::reports::RULES,
        }))
        .into_response(),
        Flavor::Mastodon => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The approval page, as a browser opens it: the permissions it asks for are noted.
async fn miauth_page(
    State(shared): State<Arc<Shared>>,
    Path(session): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let asked = query
        .get("permission")
        .map_or_else(Vec::new, |p| p.split(',').map(str::to_owned).collect());
    lock(&shared.miauth_asked).insert(session, asked);
    axum::response::Html(
        "<!doctype html><title>skua demo</title><p>This is the skua demo server. \
         The login is approved by itself in a few seconds; go back to your terminal.</p>",
    )
    .into_response()
}

/// `{ok: false}` until the demo approves, then the token and who it belongs to.
async fn miauth_check(State(shared): State<Arc<Shared>>, Path(session): Path<String>) -> Response {
    let checks = {
        let mut all = lock(&shared.miauth_checks);
        let count = all.entry(session.clone()).or_default();
        *count += 1;
        *count
    };
    let approved = lock(&shared.miauth_approve_after).is_some_and(|after| checks > after);
    if !approved {
        return axum::Json(json!({ "ok": false })).into_response();
    }
    // The new token has what its page asked for.
    if let Some(asked) = lock(&shared.miauth_asked).get(&session) {
        lock(&shared.withheld).retain(|p| !asked.contains(p));
    }
    let data = read(&shared);
    let me = data.account(&data.me).map(user);
    axum::Json(json!({ "ok": true, "token": super::TOKEN, "user": me })).into_response()
}

/// The user's registry in scope `skua`: the reading markers (strings by key).
async fn registry_all(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(read(&shared).markers.clone()).into_response()
}

async fn registry_get(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let key = body["key"].as_str().unwrap_or_default();
    match read(&shared).markers.get(key) {
        Some(value) => axum::Json(value.clone()).into_response(),
        None => error(StatusCode::BAD_REQUEST, "NO_SUCH_KEY", "No such key."),
    }
}

async fn registry_set(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let (Some(key), Some(value)) = (body["key"].as_str(), body["value"].as_str()) else {
        return error(StatusCode::BAD_REQUEST, "INVALID_PARAM", "Invalid param.");
    };
    write(&shared)
        .markers
        .insert(key.to_owned(), value.to_owned());
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn me(State(shared): State<Arc<Shared>>) -> Response {
    let data = read(&shared);
    match data.account(&data.me) {
        Some(account) => {
            let mut me = super::accounts::detailed_user(&data, account);
            if let Some(bio) = account["source_note"].as_str() {
                me["description"] = json!(bio);
            }
            me["isBot"] = json!(account["bot"] == true);
            // Sharkey: a warning its moderators put on all of the user's notes.
            me["mandatoryCW"] = account["mandatory_cw"].clone();
            me["isExplorable"] = json!(account["discoverable"] != false);
            me["mutedWords"] = json!(data.muted_words);
            me["hardMutedWords"] = json!(data.hard_muted_words);
            me["mutedInstances"] = json!(data.domain_blocks);
            axum::Json(me).into_response()
        }
        None => error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user."),
    }
}

/// A page of notes with Misskey's paging: `untilId` pages back; `sinceId` alone answers the
/// notes just after the cursor, oldest first (clients must sort).
pub(super) fn notes(shared: &Shared, selection: &Selection, body: &Value) -> Response {
    let data = read(shared);
    let Some(statuses) = data.select(selection) else {
        return error(StatusCode::BAD_REQUEST, "NO_SUCH_LIST", "No such list.");
    };
    let limit = body["limit"]
        .as_u64()
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as usize;
    let until = body["untilId"].as_str();
    let since = body["sinceId"].as_str();
    let matching: Vec<&Value> = statuses
        .into_iter()
        .filter(|s| until.is_none_or(|u| compare_ids(id_of(s), u).is_lt()))
        .filter(|s| since.is_none_or(|c| compare_ids(id_of(s), c).is_gt()))
        .collect();
    let page: Vec<&Value> = if since.is_some() && until.is_none() {
        matching.iter().rev().take(limit).copied().collect()
    } else {
        matching.into_iter().take(limit).collect()
    };
    let body: Vec<Value> = page.into_iter().map(|s| note(&data, s, true)).collect();
    axum::Json(body).into_response()
}

/// `i/favorites`: each note wrapped with the favorite's id (the demo uses the note's).
fn favorites(shared: &Shared, body: &Value) -> Response {
    let data = read(shared);
    let bookmarked: Vec<Value> = data
        .select(&Selection::Bookmarks)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| {
            body["untilId"]
                .as_str()
                .is_none_or(|u| compare_ids(id_of(s), u).is_lt())
        })
        .take(body["limit"].as_u64().unwrap_or(DEFAULT_LIMIT) as usize)
        .map(|s| json!({ "id": s["id"], "createdAt": s["created_at"], "noteId": s["id"], "note": note(&data, s, true) }))
        .collect();
    axum::Json(bookmarked).into_response()
}

pub(super) fn user(account: &Value) -> Value {
    let acct = account["acct"].as_str().unwrap_or_default();
    let host = acct.split_once('@').map(|(_, host)| host);
    json!({
        "id": account["id"],
        "username": account["username"],
        "host": host,
        "name": account["display_name"],
        "isBot": account["bot"],
        "avatarUrl": account["avatar"],
        // Sharkey's: an account that refuses to be quoted.
        "rejectQuotes": account["reject_quotes"] == true,
    })
}

/// A stored status (with ids for account and boost) as a Misskey note; `with_parent` embeds
/// the replied-to note one level deep, as Misskey does.
pub(super) fn note(data: &DemoData, status: &Value, with_parent: bool) -> Value {
    let resolved = data.resolve(status);
    let renote = status["reblog"]
        .as_str()
        .and_then(|id| data.status(id))
        .map(|original| note(data, original, false));
    // A pure renote has no text; a quote has its own.
    let text = Some(typed_text(&resolved)).filter(|text| renote.is_none() || !text.is_empty());
    let parent = resolved["in_reply_to_id"]
        .as_str()
        .filter(|_| with_parent)
        .and_then(|id| data.status(id))
        .map(|p| note(data, p, false));
    let files: Vec<Value> = resolved["media_attachments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let mime = match m["type"].as_str() {
                Some("gifv") => "image/gif",
                Some("video") => "video/mp4",
                Some("audio") => "audio/mpeg",
                _ => "image/jpeg",
            };
            let size = &m["meta"]["original"];
            let properties = json!({ "width": size["width"], "height": size["height"] });
            json!({ "id": m["id"], "type": mime, "url": m["url"], "thumbnailUrl": m["preview_url"], "properties": properties, "comment": m["description"], "isSensitive": false })
        })
        .collect();
    let favourites = resolved["favourites_count"].as_u64().unwrap_or(0);
    let boosts = resolved["reblogs_count"].as_u64().unwrap_or(0);
    let mut reactions = serde_json::Map::new();
    if favourites > 0 {
        reactions.insert("❤".into(), favourites.into());
    }
    if boosts > 2 {
        reactions.insert("👍".into(), (boosts / 2).into());
    }
    if resolved["replies_count"].as_u64().unwrap_or(0) > 3 {
        reactions.insert(":blobcat@.:".into(), 1.into());
    }
    // Reactions given in the data (tests) are served as they are.
    if let Some(given) = resolved["reactions"].as_object() {
        reactions.extend(given.clone());
    }
    let tags: Vec<Value> = resolved["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| t["name"].clone())
        .collect();
    let cw = resolved["spoiler_text"].as_str().filter(|s| !s.is_empty());
    // Mastodon's poll as Misskey has it: choices with votes, the viewer's marked.
    let poll = resolved["poll"].as_object().map(|poll| {
        let own: Vec<u64> = poll["own_votes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
            .collect();
        let choices: Vec<Value> = poll["options"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, option)| {
                json!({
                    "text": option["title"],
                    "votes": option["votes_count"],
                    "isVoted": own.contains(&(index as u64)),
                })
            })
            .collect();
        json!({ "multiple": poll["multiple"], "expiresAt": poll["expires_at"], "choices": choices })
    });
    json!({
        "id": resolved["id"],
        "createdAt": resolved["created_at"],
        "userId": resolved["account"]["id"],
        "user": user(&resolved["account"]),
        "text": text,
        "cw": cw,
        "visibility": match resolved["visibility"].as_str() {
            Some("unlisted") => "home",
            Some("private") => "followers",
            Some("direct") => "specified",
            _ => "public",
        },
        "renote": renote,
        "renoteId": status["reblog"],
        "poll": poll,
        "reply": parent,
        "replyId": resolved["in_reply_to_id"],
        "files": files,
        "tags": tags,
        "reactions": reactions,
        "renoteCount": boosts,
        "myReaction": resolved["my_reaction"],
        "repliesCount": resolved["replies_count"],
        "uri": resolved["uri"],
        "url": resolved["url"],
        "channelId": resolved["channel"],
        "channel": resolved["channel"].as_str().map(|id| super::channels::summary(data, id)),
    })
}

/// Status HTML as MFM, through the same HTML reader the client uses.
/// What the author of a stored status typed: kept for posts made here, else read back from
/// its HTML (its mentions named by the status's `mentions`).
pub(super) fn typed_text(status: &Value) -> String {
    match status["text"].as_str() {
        Some(text) => text.to_owned(),
        None => mfm_from_html(
            status["content"].as_str().unwrap_or_default(),
            &status["mentions"],
        ),
    }
}

/// HTML as MFM; `mentions` (`[{url, acct}]`) names the accounts its mention links point at.
pub(super) fn mfm_from_html(content: &str, mentions: &Value) -> String {
    let acct_for = |url: &str| {
        mentions
            .as_array()?
            .iter()
            .find(|m| m["url"] == url)
            .and_then(|m| m["acct"].as_str().map(str::to_owned))
    };
    let rich: RichText = html::to_rich_text(content, &acct_for);
    let blocks: Vec<String> = rich
        .blocks
        .iter()
        .map(|block| {
            let text: String = block
                .inlines
                .iter()
                .map(|inline| match &inline.link {
                    Some(Link::Url(url))
                        if inline.text.ends_with('…') || url.contains(&inline.text) =>
                    {
                        url.clone()
                    }
                    Some(Link::Url(url)) => format!("[{}]({url})", inline.text),
                    Some(Link::Mention { acct, .. }) => format!("@{acct}"),
                    Some(Link::Hashtag { tag, .. }) => format!("#{tag}"),
                    None if inline.style.code => format!("`{}`", inline.text),
                    None if inline.style.bold => format!("**{}**", inline.text),
                    None if inline.style.italic => format!("<i>{}</i>", inline.text),
                    None if inline.style.strike => format!("~~{}~~", inline.text),
                    None => inline.text.clone(),
                })
                .collect();
            let text = match &block.kind {
                BlockKind::Code => format!("```\n{text}\n```"),
                BlockKind::ListItem(marker) => format!("{marker} {text}"),
                BlockKind::Paragraph | BlockKind::Center => text,
            };
            let quote = "> ".repeat(usize::from(block.quote_depth));
            text.lines()
                .map(|line| format!("{quote}{line}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    blocks.join("\n\n")
}
