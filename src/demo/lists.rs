//! Lists and the account look-ups list management needs, served in both APIs' shapes from one
//! set of operations on [`DemoData`].

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::data::{DemoData, DemoList, ListError};
use super::misskey::{self, user};
use super::server::{Shared, read, write};

/// Mastodon's default and largest page of list members.
const MEMBERS_DEFAULT: usize = 40;
const MEMBERS_MAX: usize = 80;
/// Misskey's default and largest page of memberships.
const MEMBERSHIPS_DEFAULT: usize = 30;
const MEMBERSHIPS_MAX: usize = 100;

type Body = Option<axum::Json<Value>>;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/lists", get(mastodon_lists).post(mastodon_create))
        .route(
            "/api/v1/lists/{id}",
            get(mastodon_show)
                .put(mastodon_update)
                .delete(mastodon_delete),
        )
        .route(
            "/api/v1/lists/{id}/accounts",
            get(mastodon_members)
                .post(mastodon_add)
                .delete(mastodon_remove),
        )
        .route("/api/v1/accounts/{id}/lists", get(mastodon_lists_of))
        .route("/api/v1/accounts/{id}/follow", post(mastodon_follow))
        .route(
            "/api/v1/accounts/relationships",
            get(mastodon_relationships),
        )
        .route("/api/v1/accounts/search", get(mastodon_search))
        .route("/api/v1/accounts/lookup", get(mastodon_lookup))
        .route("/api/users/lists/list", post(misskey_lists))
        .route("/api/users/lists/show", post(misskey_show))
        .route("/api/users/lists/create", post(misskey_create))
        .route("/api/users/lists/update", post(misskey_update))
        .route("/api/users/lists/delete", post(misskey_delete))
        .route("/api/users/lists/push", post(misskey_push))
        .route("/api/users/lists/pull", post(misskey_pull))
        .route(
            "/api/users/lists/get-memberships",
            post(misskey_memberships),
        )
        .route(
            "/api/users/search-by-username-and-host",
            post(misskey_search),
        )
        .route("/api/users/show", post(misskey_user))
        .route("/api/following/create", post(misskey_follow))
}

// ---- Mastodon ----

fn mastodon_list(list: &DemoList) -> Value {
    json!({ "id": list.id, "title": list.title, "replies_policy": list.replies_policy, "exclusive": list.exclusive })
}

fn mastodon_error(error: ListError) -> Response {
    let (status, message) = match error {
        ListError::NoSuchList | ListError::NoSuchAccount | ListError::NotFollowed => {
            (StatusCode::NOT_FOUND, "Record not found")
        }
        ListError::AlreadyMember => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Account has already been taken",
        ),
        ListError::BlankTitle => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Title can't be blank",
        ),
        ListError::TooManyLists => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: You have reached the maximum number of lists",
        ),
        ListError::TooManyMembers => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: The list has reached the maximum number of members",
        ),
    };
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn mastodon_answer(result: Result<Value, ListError>) -> Response {
    match result {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => mastodon_error(error),
    }
}

fn body_of(body: Body) -> Value {
    body.map(|b| b.0).unwrap_or_default()
}

/// Applies Mastodon's list fields from a request body.
fn apply_mastodon_fields(list: &mut DemoList, body: &Value) {
    if let Some(title) = body["title"].as_str() {
        list.title = title.to_owned();
    }
    if let Some(policy) = body["replies_policy"].as_str() {
        list.replies_policy = Some(policy.to_owned());
    }
    if let Some(exclusive) = body["exclusive"].as_bool() {
        list.exclusive = Some(exclusive);
    }
}

async fn mastodon_lists(State(shared): State<Arc<Shared>>) -> Response {
    let body: Vec<Value> = read(&shared).lists.iter().map(mastodon_list).collect();
    axum::Json(body).into_response()
}

async fn mastodon_show(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    mastodon_answer(read(&shared).list(&id).map(mastodon_list))
}

async fn mastodon_create(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let mut data = write(&shared);
    let created = data
        .create_list(body["title"].as_str().unwrap_or_default())
        .map(|list| {
            apply_mastodon_fields(list, &body);
            mastodon_list(list)
        });
    mastodon_answer(created)
}

async fn mastodon_update(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    let body = body_of(body);
    let mut data = write(&shared);
    let updated = data
        .update_list(&id, |list| apply_mastodon_fields(list, &body))
        .map(mastodon_list);
    mastodon_answer(updated)
}

async fn mastodon_delete(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    mastodon_answer(write(&shared).delete_list(&id).map(|()| json!({})))
}

#[derive(Deserialize)]
struct MemberParams {
    limit: Option<usize>,
    max_id: Option<String>,
}

/// A page of members with a `Link` to the next one; `limit=0` answers everyone at once.
async fn mastodon_members(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<MemberParams>,
) -> Response {
    let data = read(&shared);
    let list = match data.list(&id) {
        Ok(list) => list,
        Err(error) => return mastodon_error(error),
    };
    let members = list.members_newest_first();
    let after_cursor = members.iter().filter(|m| {
        params
            .max_id
            .as_deref()
            .is_none_or(|max| crate::api::compare_ids(m, max).is_lt())
    });
    let limit = match params.limit {
        Some(0) => usize::MAX,
        limit => limit.unwrap_or(MEMBERS_DEFAULT).clamp(1, MEMBERS_MAX),
    };
    let page: Vec<&str> = after_cursor.take(limit).copied().collect();
    let body: Vec<Value> = page
        .iter()
        .filter_map(|m| data.account(m).cloned())
        .collect();
    let mut headers = HeaderMap::new();
    if page.len() == limit
        && let Some(last) = page.last()
    {
        let mut next = shared
            .base
            .join(&format!("api/v1/lists/{id}/accounts"))
            .expect("a valid path");
        next.query_pairs_mut()
            .append_pair("limit", &limit.to_string())
            .append_pair("max_id", last);
        if let Ok(value) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            headers.insert(header::LINK, value);
        }
    }
    (headers, axum::Json(body)).into_response()
}

fn account_ids(body: &Value) -> Vec<String> {
    body["account_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect()
}

async fn mastodon_add(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    change_members(&shared, &body_of(body), |data, account| {
        data.add_member(&id, account, true)
    })
}

async fn mastodon_remove(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Body,
) -> Response {
    change_members(&shared, &body_of(body), |data, account| {
        data.remove_member(&id, account)
    })
}

/// Applies `change` to each of the body's `account_ids`, stopping at the first refusal.
fn change_members(
    shared: &Shared,
    body: &Value,
    mut change: impl FnMut(&mut DemoData, &str) -> Result<(), ListError>,
) -> Response {
    let mut data = write(shared);
    let changed = account_ids(body)
        .iter()
        .try_for_each(|account| change(&mut data, account));
    mastodon_answer(changed.map(|()| json!({})))
}

async fn mastodon_lists_of(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    let lists: Vec<Value> = data
        .lists
        .iter()
        .filter(|l| l.members.contains(&id))
        .map(mastodon_list)
        .collect();
    axum::Json(lists).into_response()
}

/// Follows; with `reblogs`, also whether their boosts come to home (on a follow already
/// there, only that).
async fn mastodon_follow(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let mut data = write(&shared);
    let followed = data.follow(&id);
    if followed.is_ok()
        && let Some(show) = params.get("reblogs")
    {
        data.show_boosts(&id, show != "false");
    }
    mastodon_answer(followed.map(|()| data.relationship(&id)))
}

async fn mastodon_relationships(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let data = read(&shared);
    let answer: Vec<Value> = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "id[]" || key == "id")
        .map(|(_, id)| data.relationship(&id))
        .collect();
    axum::Json(answer).into_response()
}

#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    limit: Option<usize>,
}

async fn mastodon_search(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<SearchParams>,
) -> Response {
    let data = read(&shared);
    let found: Vec<Value> = data
        .find_accounts(&params.q)
        .into_iter()
        .take(params.limit.unwrap_or(40))
        .cloned()
        .collect();
    axum::Json(found).into_response()
}

#[derive(Deserialize)]
struct LookupParams {
    #[serde(default)]
    acct: String,
}

async fn mastodon_lookup(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<LookupParams>,
) -> Response {
    match read(&shared).account_by_acct(&params.acct) {
        Some(account) => axum::Json(account.clone()).into_response(),
        None => mastodon_error(ListError::NoSuchAccount),
    }
}

// ---- Misskey ----

fn misskey_list(list: &DemoList) -> Value {
    json!({ "id": list.id, "name": list.title, "userIds": list.members, "isPublic": list.public, "createdAt": "2026-01-01T00:00:00.000Z" })
}

fn misskey_error(error: ListError) -> Response {
    let (code, message) = match error {
        ListError::NoSuchList => ("NO_SUCH_LIST", "No such list."),
        ListError::NoSuchAccount | ListError::NotFollowed => ("NO_SUCH_USER", "No such user."),
        ListError::AlreadyMember => (
            "ALREADY_ADDED",
            "That user has already been added to that list.",
        ),
        ListError::BlankTitle => ("INVALID_PARAM", "Invalid param."),
        ListError::TooManyLists => (
            "TOO_MANY_USERLISTS",
            "You cannot create user list any more.",
        ),
        ListError::TooManyMembers => ("TOO_MANY_USERS", "You can not push users any more."),
    };
    misskey::error(StatusCode::BAD_REQUEST, code, message)
}

fn misskey_answer(result: Result<Option<Value>, ListError>) -> Response {
    match result {
        Ok(Some(value)) => axum::Json(value).into_response(),
        // Misskey's void endpoints answer 204 with no body.
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => misskey_error(error),
    }
}

fn text<'a>(body: &'a Value, key: &str) -> &'a str {
    body[key].as_str().unwrap_or_default()
}

async fn misskey_lists(State(shared): State<Arc<Shared>>) -> Response {
    let body: Vec<Value> = read(&shared).lists.iter().map(misskey_list).collect();
    axum::Json(body).into_response()
}

async fn misskey_show(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    misskey_answer(
        read(&shared)
            .list(text(&body, "listId"))
            .map(|l| Some(misskey_list(l))),
    )
}

async fn misskey_create(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let mut data = write(&shared);
    misskey_answer(
        data.create_list(text(&body, "name"))
            .map(|list| Some(misskey_list(list))),
    )
}

async fn misskey_update(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let mut data = write(&shared);
    let updated = data.update_list(text(&body, "listId"), |list| {
        if let Some(name) = body["name"].as_str() {
            list.title = name.to_owned();
        }
        if let Some(public) = body["isPublic"].as_bool() {
            list.public = public;
        }
    });
    misskey_answer(updated.map(|l| Some(misskey_list(l))))
}

async fn misskey_delete(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    misskey_answer(
        write(&shared)
            .delete_list(text(&body, "listId"))
            .map(|()| None),
    )
}

async fn misskey_push(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let added = write(&shared).add_member(text(&body, "listId"), text(&body, "userId"), false);
    misskey_answer(added.map(|()| None))
}

async fn misskey_pull(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let removed = write(&shared).remove_member(text(&body, "listId"), text(&body, "userId"));
    misskey_answer(removed.map(|()| None))
}

/// Memberships newest first, paged by `untilId`; the demo's membership ids are the user ids.
async fn misskey_memberships(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let list = match data.list(text(&body, "listId")) {
        Ok(list) => list,
        Err(error) => return misskey_error(error),
    };
    let limit = body["limit"]
        .as_u64()
        .map_or(MEMBERSHIPS_DEFAULT, |l| l as usize)
        .clamp(1, MEMBERSHIPS_MAX);
    let until = body["untilId"].as_str();
    let page: Vec<Value> = list
        .members_newest_first()
        .into_iter()
        .filter(|m| until.is_none_or(|u| crate::api::compare_ids(m, u).is_lt()))
        .take(limit)
        .filter_map(|m| {
            let account = data.account(m)?;
            Some(json!({ "id": m, "createdAt": "2026-01-01T00:00:00.000Z", "userId": m, "user": user(account), "withReplies": false }))
        })
        .collect();
    axum::Json(page).into_response()
}

async fn misskey_search(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    let query = match body["host"].as_str() {
        Some(host) => format!("{}@{host}", text(&body, "username")),
        None => text(&body, "username").to_owned(),
    };
    let limit = body["limit"].as_u64().unwrap_or(10) as usize;
    let found: Vec<Value> = data
        .find_accounts(&query)
        .into_iter()
        .take(limit)
        .map(user)
        .collect();
    axum::Json(found).into_response()
}

async fn misskey_user(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let data = read(&shared);
    if let Some(ids) = body["userIds"].as_array() {
        let users: Vec<Value> = ids
            .iter()
            .filter_map(|id| data.account(id.as_str()?))
            .map(user)
            .collect();
        return axum::Json(users).into_response();
    }
    let found = match body["userId"].as_str() {
        Some(id) => data.account(id),
        None => {
            let acct = match body["host"].as_str() {
                Some(host) => format!("{}@{host}", text(&body, "username")),
                None => text(&body, "username").to_owned(),
            };
            data.account_by_acct(&acct)
        }
    };
    match found {
        Some(account) => axum::Json(super::accounts::detailed_user(&data, account)).into_response(),
        None => misskey_error(ListError::NoSuchAccount),
    }
}

async fn misskey_follow(State(shared): State<Arc<Shared>>, body: Body) -> Response {
    let body = body_of(body);
    let mut data = write(&shared);
    let id = text(&body, "userId").to_owned();
    misskey_answer(data.follow(&id).map(|()| data.account(&id).map(user)))
}
