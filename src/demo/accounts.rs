//! The demo's profiles for both APIs: an account's details and posts, and following, muting
//! and blocking it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::data::{DemoData, Selection, id_of};
use super::misskey::{self, note, user};
use super::server::{PageParams, Shared, error, flag, paginate, read, write};

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/accounts/{id}", get(mastodon_account))
        .route(
            "/api/v1/accounts/familiar_followers",
            get(mastodon_familiar_followers),
        )
        .route("/api/v1/accounts/{id}/note", post(mastodon_note))
        .route("/api/users/update-memo", post(misskey_memo))
        .route("/api/v1/accounts/{id}/statuses", get(mastodon_statuses))
        .route("/api/v1/accounts/{id}/{action}", post(mastodon_relate))
        .route("/api/users/notes", post(misskey_notes))
        .route("/api/users/relation", post(misskey_relation))
        .route("/api/following/delete", post(misskey_unfollow))
        .route("/api/mute/{action}", post(misskey_mute))
        .route("/api/renote-mute/{action}", post(misskey_renote_mute))
        .route("/api/blocking/{action}", post(misskey_block))
}

impl DemoData {
    fn has(list: &[String], id: &str) -> bool {
        list.iter().any(|a| a == id)
    }

    /// Puts `id` on or off one of the viewer's relation lists.
    fn set(list: &mut Vec<String>, id: &str, on: bool) {
        list.retain(|a| a != id);
        if on {
            list.push(id.to_owned());
        }
    }

    /// An account as Mastodon serves it with its counts.
    pub fn profile(&self, account: &Value) -> Value {
        let id = account["id"].as_str().unwrap_or_default();
        let mut out = account.clone();
        let posts = self.statuses.iter().filter(|s| s["account"] == id).count();
        out["statuses_count"] = json!(posts);
        out["followers_count"] = json!(if id == self.me {
            self.followers.len()
        } else {
            usize::from(self.following.iter().any(|f| f == id)) + 40
        });
        out["following_count"] = json!(if id == self.me {
            self.following.len()
        } else {
            12
        });
        out["locked"] = json!(account["locked"] == true);
        out
    }

    pub fn relationship(&self, id: &str) -> Value {
        json!({
            "id": id,
            "following": Self::has(&self.following, id),
            "requested": Self::has(&self.requested, id),
            "followed_by": Self::has(&self.followers, id),
            "muting": Self::has(&self.muting, id),
            "blocking": Self::has(&self.blocking, id),
            "showing_reblogs": !Self::has(&self.boosts_hidden, id),
            "note": self.private_notes.get(id).cloned().unwrap_or_default(),
        })
    }

    /// Changes how the viewer relates to an account (`follow` is in lists: it is also how
    /// Mastodon lists take members).
    fn relate(&mut self, id: &str, action: &str) -> bool {
        if self.account(id).is_none() {
            return false;
        }
        match action {
            "follow" => return self.follow(id).is_ok(),
            "unfollow" => {
                Self::set(&mut self.following, id, false);
                Self::set(&mut self.requested, id, false);
            }
            "mute" => Self::set(&mut self.muting, id, true),
            "unmute" => Self::set(&mut self.muting, id, false),
            "block" => {
                Self::set(&mut self.blocking, id, true);
                Self::set(&mut self.following, id, false);
            }
            "unblock" => Self::set(&mut self.blocking, id, false),
            "hide_boosts" => self.show_boosts(id, false),
            "show_boosts" => self.show_boosts(id, true),
            _ => return false,
        }
        true
    }

    /// Whether the boosts of `id` come to home (the viewer's choice, on a follow).
    pub(super) fn show_boosts(&mut self, id: &str, show: bool) {
        Self::set(&mut self.boosts_hidden, id, !show);
    }

    fn pinned(&self, account: &Value) -> Vec<&Value> {
        account["pinned"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|id| self.status(id.as_str()?))
            .collect()
    }
}

async fn mastodon_account(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let data = read(&shared);
    match data.account(&id) {
        Some(account) => axum::Json(data.profile(account)).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// What `accounts/:id/statuses` takes besides paging.
#[derive(serde::Deserialize)]
struct AccountPostsParams {
    exclude_replies: Option<String>,
    pinned: Option<String>,
}

async fn mastodon_statuses(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(page): Query<PageParams>,
    Query(params): Query<AccountPostsParams>,
) -> Response {
    let data = read(&shared);
    let Some(account) = data.account(&id) else {
        return error(StatusCode::NOT_FOUND, "Record not found");
    };
    if flag(&params.pinned) {
        let pinned: Vec<Value> = data
            .pinned(account)
            .into_iter()
            .map(|s| data.resolve(s))
            .collect();
        return axum::Json(pinned).into_response();
    }
    let selection = Selection::Account {
        id: id.clone(),
        replies: !flag(&params.exclude_replies),
        media: flag(&page.only_media),
    };
    let statuses = data.select(&selection).unwrap_or_default();
    let path = format!("/api/v1/accounts/{id}/statuses");
    paginate(&shared, &data, &path, statuses, &page)
}

async fn mastodon_relate(
    State(shared): State<Arc<Shared>>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let mut data = write(&shared);
    if data.relate(&id, &action) {
        axum::Json(data.relationship(&id)).into_response()
    } else {
        error(StatusCode::NOT_FOUND, "Record not found")
    }
}

/// `POST /api/v1/accounts/:id/note`: the viewer's private note; answers the relationship.
async fn mastodon_note(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    if data.account(&id).is_none() {
        return error(StatusCode::NOT_FOUND, "Record not found");
    }
    let note = body["comment"].as_str().unwrap_or_default().to_owned();
    data.private_notes.insert(id.clone(), note);
    axum::Json(data.relationship(&id)).into_response()
}

/// `users/update-memo`: answers nothing.
async fn misskey_memo(
    State(shared): State<Arc<Shared>>,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut data = write(&shared);
    let id = body["userId"].as_str().unwrap_or_default().to_owned();
    if data.account(&id).is_none() {
        return misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user.");
    }
    let memo = body["memo"].as_str().unwrap_or_default().to_owned();
    data.private_notes.insert(id, memo);
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /api/v1/accounts/familiar_followers?id[]=…`: in the demo, those the viewer follows
/// (other than the account itself) follow everyone.
async fn mastodon_familiar_followers(
    State(shared): State<Arc<Shared>>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let data = read(&shared);
    let answer: Vec<Value> = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "id[]")
        .map(|(_, id)| {
            let accounts: Vec<Value> = data
                .following
                .iter()
                .filter(|f| **f != id)
                .filter_map(|f| data.account(f))
                .cloned()
                .collect();
            json!({ "id": id, "accounts": accounts })
        })
        .collect();
    axum::Json(answer).into_response()
}

/// `users/show` for one user: the details a profile shows, with the relation to the viewer.
pub(super) fn detailed_user(data: &DemoData, account: &Value) -> Value {
    let profile = data.profile(account);
    let id = id_of(account);
    let mut out = user(account);
    let fields: Vec<Value> = account["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            json!({ "name": f["name"], "value": misskey::mfm_from_html(f["value"].as_str().unwrap_or_default(), &Value::Null) })
        })
        .collect();
    let verified: Vec<Value> = account["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| !f["verified_at"].is_null())
        .map(|f| {
            json!(misskey::mfm_from_html(
                f["value"].as_str().unwrap_or_default(),
                &Value::Null
            ))
        })
        .collect();
    let details = json!({
        "description": misskey::mfm_from_html(account["note"].as_str().unwrap_or_default(), &Value::Null),
        "fields": fields,
        "verifiedLinks": verified,
        "notesCount": profile["statuses_count"],
        "followersCount": profile["followers_count"],
        "followingCount": profile["following_count"],
        "createdAt": account["created_at"],
        "isLocked": account["locked"] == true,
        "pinnedNotes": data.pinned(account).into_iter().map(|s| note(data, s, false)).collect::<Vec<_>>(),
    });
    if let (Some(out), Some(details)) = (out.as_object_mut(), details.as_object()) {
        out.extend(details.clone());
        if id != data.me
            && let Some(relation) = misskey_relation_of(data, id).as_object()
        {
            out.extend(relation.clone());
            out.insert("memo".into(), json!(data.private_notes.get(id)));
        }
    }
    out
}

fn misskey_relation_of(data: &DemoData, id: &str) -> Value {
    let r = data.relationship(id);
    json!({
        "id": id,
        "isFollowing": r["following"],
        "hasPendingFollowRequestFromYou": r["requested"],
        "isFollowed": r["followed_by"],
        "isMuted": r["muting"],
        "isBlocking": r["blocking"],
        "isRenoteMuted": r["showing_reblogs"] == false,
    })
}

fn user_id(body: &Option<axum::Json<Value>>) -> String {
    body.as_ref()
        .and_then(|b| b["userId"].as_str())
        .unwrap_or_default()
        .to_owned()
}

fn no_such_user() -> Response {
    misskey::error(StatusCode::BAD_REQUEST, "NO_SUCH_USER", "No such user.")
}

async fn misskey_notes(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let body = body.map(|b| b.0).unwrap_or_default();
    let id = body["userId"].as_str().unwrap_or_default().to_owned();
    if read(&shared).account(&id).is_none() {
        return no_such_user();
    }
    let selection = Selection::Account {
        id,
        replies: body["withReplies"] == true,
        media: body["withFiles"] == true,
    };
    misskey::notes(&shared, &selection, &body)
}

async fn misskey_relation(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let data = read(&shared);
    // Several users at once answer a list.
    if let Some(ids) = body.as_ref().and_then(|b| b["userId"].as_array()) {
        let relations: Vec<Value> = ids
            .iter()
            .filter_map(Value::as_str)
            .filter(|id| data.account(id).is_some())
            .map(|id| misskey_relation_of(&data, id))
            .collect();
        return axum::Json(relations).into_response();
    }
    let id = user_id(&body);
    if data.account(&id).is_none() {
        return no_such_user();
    }
    axum::Json(misskey_relation_of(&data, &id)).into_response()
}

fn misskey_relate(shared: &Shared, id: &str, action: &str) -> Response {
    if write(shared).relate(id, action) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        no_such_user()
    }
}

async fn misskey_unfollow(
    State(shared): State<Arc<Shared>>,
    body: Option<axum::Json<Value>>,
) -> Response {
    misskey_relate(&shared, &user_id(&body), "unfollow")
}

async fn misskey_mute(
    State(shared): State<Arc<Shared>>,
    Path(action): Path<String>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let action = if action == "create" { "mute" } else { "unmute" };
    misskey_relate(&shared, &user_id(&body), action)
}

async fn misskey_renote_mute(
    State(shared): State<Arc<Shared>>,
    Path(action): Path<String>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let action = if action == "create" {
        "hide_boosts"
    } else {
        "show_boosts"
    };
    misskey_relate(&shared, &user_id(&body), action)
}

async fn misskey_block(
    State(shared): State<Arc<Shared>>,
    Path(action): Path<String>,
    body: Option<axum::Json<Value>>,
) -> Response {
    let action = if action == "create" {
        "block"
    } else {
        "unblock"
    };
    misskey_relate(&shared, &user_id(&body), action)
}
