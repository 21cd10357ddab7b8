//! The demo's notifications, direct conversations, reading markers and follow requests, for
//! both APIs: Mastodon v1 (and v2 grouped where the demo says it is 4.3), Misskey
//! `i/notifications-grouped`, `notes/mentions`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::{DemoData, id_of};
use super::misskey;
use super::server::{Shared, error, read, write};
use crate::api::compare_ids;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/notifications", get(mastodon_notifications))
        .route("/api/v2/notifications", get(mastodon_grouped))
        .route("/api/v1/conversations", get(conversations))
        .route("/api/v1/conversations/{id}/read", post(read_conversation))
        .route("/api/v1/markers", get(markers).post(save_markers))
        .route(
            "/api/v1/follow_requests/{id}/{answer}",
            post(answer_request),
        )
        .route("/api/i/notifications-grouped", post(misskey_notifications))
        .route("/api/i/notifications", post(misskey_notifications))
        .route("/api/notes/mentions", post(misskey_mentions))
        .route("/api/following/requests/accept", post(misskey_accept))
        .route("/api/following/requests/reject", post(misskey_reject))
        .route(
            "/api/notifications/mark-all-as-read",
            post(|| async { StatusCode::NO_CONTENT }),
        )
}

/// Query parameters, with repeated ones (`types[]`) kept.
fn params(query: Option<String>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Notifications (newest first) within the paging bounds, of the asked types.
fn matching<'a>(
    data: &'a DemoData,
    max: Option<&str>,
    since: Option<&str>,
    types: &[&str],
) -> Vec<&'a Value> {
    data.notifications
        .iter()
        .filter(|n| max.is_none_or(|m| compare_ids(id_of(n), m).is_lt()))
        .filter(|n| since.is_none_or(|s| compare_ids(id_of(n), s).is_gt()))
        .filter(|n| types.is_empty() || types.contains(&n["type"].as_str().unwrap_or_default()))
        .collect()
}

/// A stored notification as Mastodon sends it.
pub(super) fn resolve(data: &DemoData, notification: &Value) -> Value {
    let mut out = notification.clone();
    out["account"] = notification["account"]
        .as_str()
        .and_then(|id| data.account(id))
        .cloned()
        .unwrap_or(Value::Null);
    out["status"] = notification["status"]
        .as_str()
        .and_then(|id| data.status(id))
        .map(|s| data.resolve(s))
        .unwrap_or(Value::Null);
    out
}

/// The notification types asked for (`types[]`); none means all.
fn types(params: &[(String, String)]) -> Vec<&str> {
    params
        .iter()
        .filter(|(k, _)| k == "types[]")
        .map(|(_, v)| v.as_str())
        .collect()
}

fn limit(params: &[(String, String)]) -> usize {
    param(params, "limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(20usize)
        .clamp(1, 80)
}

async fn mastodon_notifications(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = params(query);
    let types = types(&params);
    let data = read(&shared);
    let page: Vec<Value> = matching(
        &data,
        param(&params, "max_id"),
        param(&params, "since_id"),
        &types,
    )
    .into_iter()
    .take(limit(&params))
    .map(|n| resolve(&data, n))
    .collect();
    axum::Json(page).into_response()
}

/// What Mastodon 4.3 groups: favourites and boosts of one post, follows.
fn group_key(notification: &Value) -> String {
    match notification["type"].as_str().unwrap_or_default() {
        kind @ ("favourite" | "reblog") => format!(
            "{kind}-{}",
            notification["status"].as_str().unwrap_or_default()
        ),
        "follow" => "follow".to_owned(),
        _ => format!("ungrouped-{}", id_of(notification)),
    }
}

async fn mastodon_grouped(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let data = read(&shared);
    if data.mastodon_api_version.unwrap_or(0) < 2 {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let params = params(query);
    let types = types(&params);
    let mut groups: Vec<(String, Vec<&Value>)> = Vec::new();
    for n in matching(
        &data,
        param(&params, "max_id"),
        param(&params, "since_id"),
        &types,
    ) {
        let key = group_key(n);
        let count = groups.len();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(n),
            None if count < limit(&params) => groups.push((key, vec![n])),
            None => break,
        }
    }
    let mut accounts: HashMap<String, Value> = HashMap::new();
    let mut statuses: HashMap<String, Value> = HashMap::new();
    let notification_groups: Vec<Value> = groups
        .iter()
        .map(|(key, members)| {
            let newest = members[0];
            let samples: Vec<&str> = members
                .iter()
                .filter_map(|n| n["account"].as_str())
                .collect();
            for id in &samples {
                if let Some(account) = data.account(id) {
                    accounts.insert((*id).to_owned(), account.clone());
                }
            }
            if let Some(status) = newest["status"].as_str().and_then(|id| data.status(id)) {
                statuses.insert(id_of(status).to_owned(), data.resolve(status));
            }
            json!({
                "group_key": key,
                "notifications_count": members.len(),
                "type": newest["type"],
                "most_recent_notification_id": id_of(newest),
                "page_min_id": id_of(members[members.len() - 1]),
                "page_max_id": id_of(newest),
                "latest_page_notification_at": newest["created_at"],
                "sample_account_ids": samples,
                "status_id": newest["status"],
            })
        })
        .collect();
    axum::Json(json!({
        "accounts": accounts.into_values().collect::<Vec<_>>(),
        "statuses": statuses.into_values().collect::<Vec<_>>(),
        "notification_groups": notification_groups,
    }))
    .into_response()
}

/// Direct statuses, one conversation per thread, by their latest post.
fn direct_threads(data: &DemoData) -> Vec<(String, Vec<&Value>)> {
    let root = |status: &Value| {
        let mut at = status;
        while let Some(parent) = at["in_reply_to_id"].as_str().and_then(|id| data.status(id)) {
            at = parent;
        }
        id_of(at).to_owned()
    };
    let mut threads: Vec<(String, Vec<&Value>)> = Vec::new();
    for status in data.statuses.iter().filter(|s| s["visibility"] == "direct") {
        let key = root(status);
        match threads.iter_mut().find(|(k, _)| *k == key) {
            Some((_, posts)) => posts.push(status),
            None => threads.push((key, vec![status])),
        }
    }
    threads
}

async fn conversations(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let params = params(query);
    let data = read(&shared);
    let max = param(&params, "max_id");
    let since = param(&params, "since_id");
    let page: Vec<Value> = direct_threads(&data)
        .into_iter()
        .filter(|(_, posts)| max.is_none_or(|m| compare_ids(id_of(posts[0]), m).is_lt()))
        .filter(|(_, posts)| since.is_none_or(|s| compare_ids(id_of(posts[0]), s).is_gt()))
        .take(limit(&params))
        .map(|(root, posts)| conversation(&data, &root, &posts))
        .collect();
    axum::Json(page).into_response()
}

/// The conversation a direct status is in, as Mastodon sends it.
pub(super) fn conversation_of(data: &DemoData, status: &str) -> Option<Value> {
    direct_threads(data)
        .into_iter()
        .find(|(_, posts)| posts.iter().any(|p| id_of(p) == status))
        .map(|(root, posts)| conversation(data, &root, &posts))
}

fn conversation(data: &DemoData, root: &str, posts: &[&Value]) -> Value {
    let mut people: Vec<Value> = Vec::new();
    for post in posts {
        let mut ids: Vec<&str> = post["mentions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["id"].as_str())
            .collect();
        ids.extend(post["account"].as_str());
        for id in ids.into_iter().filter(|id| *id != data.me) {
            if let Some(account) = data.account(id).filter(|a| !people.contains(a)) {
                people.push(account.clone());
            }
        }
    }
    json!({
        "id": format!("c{root}"),
        "unread": !data.read_conversations.iter().any(|r| r == root),
        "accounts": people,
        "last_status": data.resolve(posts[0]),
    })
}

async fn read_conversation(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut data = write(&shared);
    let Some(root) = id.strip_prefix('c').map(str::to_owned) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    if !data.read_conversations.contains(&root) {
        data.read_conversations.push(root.clone());
    }
    match direct_threads(&data).into_iter().find(|(r, _)| *r == root) {
        Some((_, posts)) => axum::Json(conversation(&data, &root, &posts)).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

async fn markers(State(shared): State<Arc<Shared>>) -> Response {
    markers_of(&read(&shared))
}

fn markers_of(data: &DemoData) -> Response {
    let markers: serde_json::Map<String, Value> = data
        .markers
        .iter()
        .map(|(timeline, id)| {
            (
                timeline.clone(),
                json!({ "last_read_id": id, "version": 1, "updated_at": "2026-11-24T00:00:00Z" }),
            )
        })
        .collect();
    axum::Json(markers).into_response()
}

async fn save_markers(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    let mut data = write(&shared);
    for timeline in ["home", "notifications"] {
        if let Some(id) = body[timeline]["last_read_id"].as_str() {
            data.markers.insert(timeline.to_owned(), id.to_owned());
        }
    }
    markers_of(&data)
}

/// Accepting adds a follower; either way the request is answered.
fn answer(data: &mut DemoData, account: &str, accept: bool) -> bool {
    let Some(at) = data.follow_requests.iter().position(|id| id == account) else {
        return false;
    };
    data.follow_requests.remove(at);
    if accept && !data.followers.iter().any(|id| id == account) {
        data.followers.push(account.to_owned());
    }
    true
}

async fn answer_request(
    State(shared): State<Arc<Shared>>,
    Path((id, verb)): Path<(String, String)>,
) -> Response {
    let accept = match verb.as_str() {
        "authorize" => true,
        "reject" => false,
        _ => return error(StatusCode::NOT_FOUND, "Record not found"),
    };
    match answer(&mut write(&shared), &id, accept) {
        true => axum::Json(json!({ "id": id, "followed_by": accept })).into_response(),
        false => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

async fn misskey_accept(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    misskey_answer(&shared, &body, true)
}

async fn misskey_reject(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    misskey_answer(&shared, &body, false)
}

fn misskey_answer(shared: &Shared, body: &Value, accept: bool) -> Response {
    let user = body["userId"].as_str().unwrap_or_default();
    match answer(&mut write(shared), user, accept) {
        true => StatusCode::NO_CONTENT.into_response(),
        false => misskey::error(
            StatusCode::BAD_REQUEST,
            "NO_SUCH_FOLLOW_REQUEST",
            "No follow request.",
        ),
    }
}

/// A stored notification as Misskey sends it.
pub(super) fn misskey_notification(data: &DemoData, notification: &Value) -> Value {
    let kind = match notification["type"].as_str().unwrap_or_default() {
        "favourite" => "reaction",
        "reblog" => "renote",
        "follow_request" => "receiveFollowRequest",
        "mention" => "mention",
        other => other,
    };
    let mut out = json!({
        "id": notification["id"],
        "createdAt": notification["created_at"],
        "type": kind,
    });
    if let Some(account) = notification["account"]
        .as_str()
        .and_then(|id| data.account(id))
    {
        out["user"] = misskey::user(account);
        out["userId"] = account["id"].clone();
    }
    if let Some(status) = notification["status"]
        .as_str()
        .and_then(|id| data.status(id))
    {
        out["note"] = misskey::note(data, status, true);
    }
    if kind == "reaction" {
        out["reaction"] = json!("❤");
    }
    out
}

async fn misskey_notifications(
    State(shared): State<Arc<Shared>>,
    body: axum::Json<Value>,
) -> Response {
    let data = read(&shared);
    let wanted: Vec<&str> = body["includeTypes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let limit = body["limit"].as_u64().unwrap_or(10).clamp(1, 100) as usize;
    let mut page: Vec<Value> = matching(
        &data,
        body["untilId"].as_str(),
        body["sinceId"].as_str(),
        &[],
    )
    .into_iter()
    .map(|n| misskey_notification(&data, n))
    .filter(|n| wanted.is_empty() || wanted.contains(&n["type"].as_str().unwrap_or_default()))
    .collect();
    // `sinceId` alone pages up from the cursor, oldest first, as Misskey does.
    if body["sinceId"].is_string() && body["untilId"].is_null() {
        page.reverse();
    }
    page.truncate(limit);
    axum::Json(page).into_response()
}

async fn misskey_mentions(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    let data = read(&shared);
    let limit = body["limit"].as_u64().unwrap_or(10).clamp(1, 100) as usize;
    let until = body["untilId"].as_str();
    let since = body["sinceId"].as_str();
    let page: Vec<Value> = data
        .statuses
        .iter()
        .filter(|s| s["visibility"] == "direct" && s["account"] != data.me.as_str())
        .filter(|s| until.is_none_or(|u| compare_ids(id_of(s), u).is_lt()))
        .filter(|s| since.is_none_or(|c| compare_ids(id_of(s), c).is_gt()))
        .take(limit)
        .map(|s| misskey::note(&data, s, true))
        .collect();
    axum::Json(page).into_response()
}

/// Gives the bundled demo something in its notifications: favourites and a boost of the
/// user's post, follows, a follow request and a direct message, a little before the newest
/// post.
pub(super) fn seed(data: &mut DemoData) {
    let Some(mine) = data
        .statuses
        .iter()
        .find(|s| s["account"] == data.me.as_str())
        .map(|s| id_of(s).to_owned())
    else {
        return;
    };
    let others: Vec<String> = data
        .accounts
        .iter()
        .map(|a| id_of(a).to_owned())
        .filter(|id| *id != data.me)
        .collect();
    if others.len() < 7 {
        return;
    }
    let Some(newest) = data.statuses.first().map(|s| id_of(s).to_owned()) else {
        return;
    };
    let newest_at: jiff::Timestamp = data.statuses[0]["created_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let me = data.account(&data.me).cloned().unwrap_or_default();
    // A direct message from the first account, mentioning the user, a little older than the
    // newest post.
    let direct_id = match newest.parse::<u128>() {
        Ok(n) => (n - 7).to_string(),
        Err(_) => return,
    };
    let direct_at = newest_at - jiff::SignedDuration::from_mins(3);
    let username = me["username"].as_str().unwrap_or("demo");
    data.statuses.insert(
        0,
        json!({
            "id": direct_id,
            "created_at": direct_at.to_string(),
            "account": others[0],
            "visibility": "direct",
            "sensitive": false,
            "spoiler_text": "",
            "content": format!("<p><span class=\"h-card\"><a href=\"{}\" class=\"u-url mention\">@<span>{username}</span></a></span> are you coming to the meetup on Thursday? I saved you a seat.</p>", me["url"].as_str().unwrap_or_default()),
            "url": null, "uri": null,
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
            "in_reply_to_id": null, "in_reply_to_account_id": null, "reblog": null,
            "media_attachments": [],
            "mentions": [{ "id": data.me, "username": username, "acct": username, "url": me["url"] }],
            "tags": [], "emojis": [],
        }),
    );
    data.statuses
        .sort_by(|a, b| compare_ids(id_of(b), id_of(a)));
    // The post counts the favourites and the boost its notifications tell of (who gave them
    // is read from the notifications: `DemoData::favouriters`).
    if let Some(post) = data.statuses.iter_mut().find(|s| id_of(s) == mine) {
        post["favourites_count"] = json!(3);
        post["reblogs_count"] = json!(1);
    }
    let events: [(&str, &String, Option<&str>); 8] = [
        ("favourite", &others[1], Some(&mine)),
        ("favourite", &others[2], Some(&mine)),
        ("reblog", &others[3], Some(&mine)),
        ("follow", &others[4], None),
        ("favourite", &others[5], Some(&mine)),
        ("follow_request", &others[6], None),
        ("follow", &others[5], None),
        ("mention", &others[0], Some(&direct_id)),
    ];
    for (index, (kind, account, status)) in events.into_iter().enumerate() {
        // A mention happens when its post is written.
        let at = match kind {
            "mention" => direct_at,
            _ => newest_at - jiff::SignedDuration::from_mins(60 - 7 * index as i64),
        };
        data.notifications.insert(
            0,
            json!({
                "id": (1000 + index).to_string(),
                "type": kind,
                "created_at": at.to_string(),
                "account": account,
                "status": status,
            }),
        );
    }
    data.follow_requests.push(others[6].clone());
}

/// A decimal id `by` above `id`.
pub(super) fn increment(id: &str, by: u64) -> String {
    match id.parse::<u128>() {
        Ok(n) => (n + u128::from(by)).to_string(),
        Err(_) => format!("{id}{by}"),
    }
}
