//! The demo's lists of people for both APIs: followers and following, who boosted or
//! favourited (Misskey: renoted or reacted to) a post, mutes, blocks, blocked domains (Misskey:
//! muted servers) and follow requests, paged as each server pages them.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use super::data::DemoData;
use super::misskey::{self, user};
use super::server::{Shared, error, read, write};

/// Rows a page holds unless asked for fewer (Mastodon's default is 40, Misskey's 10).
const MASTODON_PAGE: usize = 40;
const MISSKEY_PAGE: usize = 10;
/// Most rows a page holds, whatever is asked (Mastodon allows 80, Misskey 100).
const MAX_PAGE: usize = 80;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/accounts/{id}/followers", get(mastodon_followers))
        .route("/api/v1/accounts/{id}/following", get(mastodon_following))
        .route("/api/v1/statuses/{id}/reblogged_by", get(mastodon_boosters))
        .route(
            "/api/v1/statuses/{id}/favourited_by",
            get(mastodon_favouriters),
        )
        .route("/api/v1/mutes", get(mastodon_mutes))
        .route("/api/v1/blocks", get(mastodon_blocks))
        .route("/api/v1/follow_requests", get(mastodon_requests))
        .route(
            "/api/v1/domain_blocks",
            get(mastodon_domain_blocks).merge(delete(mastodon_unblock_domain)),
        )
        .route("/api/users/followers", post(misskey_followers))
        .route("/api/users/following", post(misskey_following))
        .route("/api/notes/renotes", post(misskey_renotes))
        .route("/api/notes/reactions", post(misskey_reactions))
        .route("/api/mute/list", post(misskey_mutes))
        .route("/api/blocking/list", post(misskey_blocks))
        .route("/api/following/requests/list", post(misskey_requests))
        .route("/api/following/requests/sent", post(misskey_sent))
        .route("/api/following/requests/cancel", post(misskey_cancel))
}

impl DemoData {
    /// Who follows `id`: the viewer's followers, or (anyone else) every other account.
    fn followers_of(&self, id: &str) -> Vec<String> {
        match id == self.me {
            true => self.followers.clone(),
            false => self.others_than(id),
        }
    }

    /// Whom `id` follows: the viewer's follows, or (anyone else) the first dozen others.
    fn followed_by(&self, id: &str) -> Vec<String> {
        match id == self.me {
            true => self.following.clone(),
            false => self.others_than(id).into_iter().take(12).collect(),
        }
    }

    fn others_than(&self, id: &str) -> Vec<String> {
        self.accounts
            .iter()
            .filter_map(|a| a["id"].as_str())
            .filter(|a| *a != id && *a != self.me)
            .map(str::to_owned)
            .collect()
    }

    /// Who boosted post `id`: its boosts in the data and those its notifications tell of,
    /// then others up to its count.
    pub(super) fn boosters(&self, id: &str) -> Option<Vec<String>> {
        let post = self.status(id)?;
        let boosts: Vec<String> = self
            .statuses
            .iter()
            .filter(|s| s["reblog"].as_str() == Some(id))
            .filter_map(|s| s["account"].as_str().map(str::to_owned))
            .collect();
        let count = post["reblogs_count"].as_u64().unwrap_or(0) as usize;
        let author = post["account"].as_str().unwrap_or_default();
        let others = self.others_than(author);
        Some(up_to(
            count,
            boosts.into_iter().chain(self.noticed("reblog", id)),
            others,
        ))
    }

    /// Who favourited post `id`: those its notifications tell of, then others up to its
    /// count, from the last account on.
    pub(super) fn favouriters(&self, id: &str) -> Option<Vec<String>> {
        let post = self.status(id)?;
        let count = post["favourites_count"].as_u64().unwrap_or(0) as usize;
        let author = post["account"].as_str().unwrap_or_default();
        let others = self.others_than(author).into_iter().rev();
        Some(up_to(count, self.noticed("favourite", id), others))
    }

    /// The accounts of the notifications of `kind` about post `id`, oldest first (the data
    /// keeps the newest first).
    fn noticed(&self, kind: &str, id: &str) -> Vec<String> {
        self.notifications
            .iter()
            .rev()
            .filter(|n| n["type"] == kind && n["status"].as_str() == Some(id))
            .filter_map(|n| n["account"].as_str().map(str::to_owned))
            .collect()
    }
}

/// `known` (all of them), then `others` until there are `count`, each account once.
fn up_to(
    count: usize,
    known: impl IntoIterator<Item = String>,
    others: impl IntoIterator<Item = String>,
) -> Vec<String> {
    let mut people: Vec<String> = Vec::new();
    for person in known {
        if !people.contains(&person) {
            people.push(person);
        }
    }
    for other in others {
        if people.len() >= count {
            break;
        }
        if !people.contains(&other) {
            people.push(other);
        }
    }
    people
}

/// A page of `rows` from `offset` (Mastodon: `max_id` is the offset the server gave), with
/// a `Link` to the next while any remain.
pub(super) fn mastodon_page(
    shared: &Shared,
    path: &str,
    rows: Vec<Value>,
    query: &PageQuery,
) -> Response {
    let limit = query.limit.unwrap_or(MASTODON_PAGE).clamp(1, MAX_PAGE);
    let offset: usize = query
        .max_id
        .as_deref()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let end = (offset + limit).min(rows.len());
    let page: Vec<Value> = rows.get(offset..end).unwrap_or_default().to_vec();
    let mut headers = HeaderMap::new();
    if end < rows.len() {
        let mut next = shared
            .base
            .join(path.trim_start_matches('/'))
            .expect("paths join onto the base URL");
        next.query_pairs_mut()
            .append_pair("limit", &limit.to_string())
            .append_pair("max_id", &end.to_string());
        if let Ok(link) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            headers.insert("link", link);
        }
    }
    (headers, axum::Json(page)).into_response()
}

#[derive(serde::Deserialize)]
pub(super) struct PageQuery {
    limit: Option<usize>,
    max_id: Option<String>,
}

fn accounts(data: &DemoData, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .filter_map(|id| data.account(id))
        .cloned()
        .collect()
}

async fn mastodon_followers(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    if data.account(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let rows = accounts(&data, &data.followers_of(&id));
    mastodon_page(
        &shared,
        &format!("/api/v1/accounts/{id}/followers"),
        rows,
        &query,
    )
}

async fn mastodon_following(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    if data.account(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let rows = accounts(&data, &data.followed_by(&id));
    mastodon_page(
        &shared,
        &format!("/api/v1/accounts/{id}/following"),
        rows,
        &query,
    )
}

async fn mastodon_boosters(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let Some(boosters) = data.boosters(&id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    let rows = accounts(&data, &boosters);
    mastodon_page(
        &shared,
        &format!("/api/v1/statuses/{id}/reblogged_by"),
        rows,
        &query,
    )
}

async fn mastodon_favouriters(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let Some(favouriters) = data.favouriters(&id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    let rows = accounts(&data, &favouriters);
    mastodon_page(
        &shared,
        &format!("/api/v1/statuses/{id}/favourited_by"),
        rows,
        &query,
    )
}

async fn mastodon_mutes(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let rows = accounts(&data, &data.muting);
    mastodon_page(&shared, "/api/v1/mutes", rows, &query)
}

async fn mastodon_blocks(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let rows = accounts(&data, &data.blocking);
    mastodon_page(&shared, "/api/v1/blocks", rows, &query)
}

async fn mastodon_requests(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let rows = accounts(&data, &data.follow_requests);
    mastodon_page(&shared, "/api/v1/follow_requests", rows, &query)
}

async fn mastodon_domain_blocks(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let data = read(&shared);
    let rows = data.domain_blocks.iter().map(|d| json!(d)).collect();
    mastodon_page(&shared, "/api/v1/domain_blocks", rows, &query)
}

#[derive(serde::Deserialize)]
struct DomainQuery {
    domain: String,
}

async fn mastodon_unblock_domain(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<DomainQuery>,
) -> Response {
    write(&shared).domain_blocks.retain(|d| *d != query.domain);
    axum::Json(json!({})).into_response()
}

/// A page of Misskey rows, newest first, each `{id, <user_at>: user, …extra}`: `untilId`
/// pages back.
fn misskey_page(
    data: &DemoData,
    body: &Value,
    ids: &[String],
    row: impl Fn(&DemoData, usize, &Value) -> Value,
) -> Response {
    let limit = body["limit"]
        .as_u64()
        .map_or(MISSKEY_PAGE, |l| l as usize)
        .clamp(1, MAX_PAGE);
    let until = body["untilId"].as_str();
    let page: Vec<Value> = ids
        .iter()
        .enumerate()
        .rev()
        .map(|(n, id)| (format!("row{n:05}"), id))
        .filter(|(entry, _)| until.is_none_or(|until| entry.as_str() < until))
        .filter_map(|(entry, id)| {
            let account = data.account(id)?;
            let mut out = row(data, entry[3..].parse().unwrap_or(0), account);
            out["id"] = json!(entry);
            Some(out)
        })
        .take(limit)
        .collect();
    axum::Json(page).into_response()
}

/// A user as lists of followers, mutes and blocks give them: with their bio and relation.
fn detailed(data: &DemoData, account: &Value) -> Value {
    super::accounts::detailed_user(data, account)
}

fn body_of(body: Option<axum::Json<Value>>) -> Value {
    body.map(|b| b.0).unwrap_or_default()
}

fn no_such_user() -> Response {
    misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user.")
}

fn no_such_note() -> Response {
    misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_NOTE", "No such note.")
}

async fn misskey_followers(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let id = body["userId"].as_str().unwrap_or_default();
    if data.account(id).is_none() {
        return no_such_user();
    }
    misskey_page(
        &data,
        &body,
        &data.followers_of(id),
        |data, _, account| json!({ "followeeId": id, "follower": detailed(data, account) }),
    )
}

async fn misskey_following(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let id = body["userId"].as_str().unwrap_or_default();
    if data.account(id).is_none() {
        return no_such_user();
    }
    misskey_page(
        &data,
        &body,
        &data.followed_by(id),
        |data, _, account| json!({ "followerId": id, "followee": detailed(data, account) }),
    )
}

async fn misskey_renotes(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let note = body["noteId"].as_str().unwrap_or_default();
    let Some(boosters) = data.boosters(note) else {
        return no_such_note();
    };
    misskey_page(
        &data,
        &body,
        &boosters,
        |_, _, account| json!({ "renoteId": note, "user": user(account), "text": null }),
    )
}

async fn misskey_reactions(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let note = body["noteId"].as_str().unwrap_or_default();
    let Some(reacted) = data.favouriters(note) else {
        return no_such_note();
    };
    // Most react with ❤, some with 👍 and one with a custom emoji.
    misskey_page(&data, &body, &reacted, |_, n, account| {
        let reaction = match n % 4 {
            1 => "👍",
            3 if n == 3 => ":blobcat@.:",
            _ => "❤",
        };
        json!({ "user": user(account), "type": reaction })
    })
}

async fn misskey_mutes(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    if let Some(refused) = shared.refuse_without("read:mutes") {
        return refused;
    }
    let data = read(&shared);
    misskey_page(
        &data,
        &body_of(body),
        &data.muting,
        |data, _, account| json!({ "expiresAt": null, "mutee": detailed(data, account) }),
    )
}

async fn misskey_blocks(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    if let Some(refused) = shared.refuse_without("read:blocks") {
        return refused;
    }
    let data = read(&shared);
    misskey_page(
        &data,
        &body_of(body),
        &data.blocking,
        |data, _, account| json!({ "blockee": detailed(data, account) }),
    )
}

async fn misskey_requests(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    let me = data.account(&data.me).map(user);
    misskey_page(
        &data,
        &body_of(body),
        &data.follow_requests,
        |_, _, account| json!({ "follower": user(account), "followee": me }),
    )
}

async fn misskey_sent(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    let me = data.account(&data.me).map(user);
    misskey_page(
        &data,
        &body_of(body),
        &data.requested,
        |_, _, account| json!({ "follower": me, "followee": user(account) }),
    )
}

async fn misskey_cancel(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body_of(body);
    let id = body["userId"].as_str().unwrap_or_default();
    let mut data = write(&shared);
    if !data.requested.iter().any(|r| r == id) {
        return misskey::error(
            StatusCode::BAD_REQUEST,
            "FOLLOW_REQUEST_NOT_FOUND",
            "Follow request not found.",
        );
    }
    data.requested.retain(|r| r != id);
    axum::Json(user_of(&data, id)).into_response()
}

fn user_of(data: &DemoData, id: &str) -> Value {
    data.account(id).map(user).unwrap_or_default()
}
