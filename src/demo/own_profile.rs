//! The demo's own profile for both APIs: read as written (Mastodon `verify_credentials` with
//! its `source`, Misskey `i`) and changed (`update_credentials` with the pictures in the form,
//! Misskey `i/update` naming drive files).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::patch;
use serde_json::{Value, json};

use super::data::DemoData;
use super::server::{Shared, error, write};

/// The demo's limits (Mastodon 4.6's, with 4 fields).
pub(super) const MAX_FIELDS: usize = 4;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new().route(
        "/api/v1/accounts/update_credentials",
        patch(mastodon_update),
    )
}

/// A bio as the server renders it: paragraphs, line breaks, and nothing typed taken as HTML.
fn html_of(bio: &str) -> String {
    let escaped = bio
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    escaped
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect()
}

impl DemoData {
    /// The viewer's account as `verify_credentials` answers it: with what they wrote.
    pub(super) fn credentials(&self) -> Option<Value> {
        let account = self.account(&self.me)?;
        let mut out = self.profile(account);
        let fields: Vec<Value> = account["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| json!({ "name": f["name"], "value": f["source_value"].as_str().or(f["value"].as_str()) }))
            .collect();
        let note = match account["source_note"].as_str() {
            Some(note) => note.to_owned(),
            None => super::misskey::mfm_from_html(
                account["note"].as_str().unwrap_or_default(),
                &Value::Null,
            ),
        };
        out["source"] = json!({ "note": note, "fields": fields, "privacy": "public" });
        out["bot"] = json!(account["bot"] == true);
        out["discoverable"] = json!(account["discoverable"] != false);
        Some(out)
    }

    /// Changes the viewer's profile; `None` leaves a part as it is.
    pub(super) fn change_profile(&mut self, change: ProfileChange) {
        let me = self.me.clone();
        let host = self.host.clone();
        let Some(account) = self.accounts.iter_mut().find(|a| a["id"] == me.as_str()) else {
            return;
        };
        if let Some(name) = change.name {
            account["display_name"] = json!(name);
        }
        if let Some(bio) = change.bio {
            account["note"] = json!(html_of(&bio));
            account["source_note"] = json!(bio);
        }
        if let Some(fields) = change.fields {
            let fields: Vec<Value> = fields
                .into_iter()
                .filter(|(name, _)| !name.trim().is_empty())
                .map(|(name, value)| {
                    json!({ "name": name, "value": html_of(&value).trim_start_matches("<p>").trim_end_matches("</p>"), "source_value": value, "verified_at": null })
                })
                .collect();
            account["fields"] = json!(fields);
        }
        for (key, flag) in [
            ("locked", change.locked),
            ("bot", change.bot),
            ("discoverable", change.discoverable),
        ] {
            if let Some(flag) = flag {
                account[key] = json!(flag);
            }
        }
        for (key, file) in [("avatar", change.avatar), ("header", change.header)] {
            if let Some(file) = file {
                account[key] = json!(format!("https://{host}/media/{key}/{file}"));
            }
        }
    }
}

/// What a profile change sets.
#[derive(Default)]
pub(super) struct ProfileChange {
    pub(super) name: Option<String>,
    pub(super) bio: Option<String>,
    pub(super) fields: Option<Vec<(String, String)>>,
    pub(super) locked: Option<bool>,
    pub(super) bot: Option<bool>,
    pub(super) discoverable: Option<bool>,
    /// File names of pictures uploaded.
    pub(super) avatar: Option<String>,
    pub(super) header: Option<String>,
}

/// `PATCH /api/v1/accounts/update_credentials`, a multipart form: text fields, `fields_attributes[i][name|value]`,
/// and `avatar` and `header` files.
async fn mastodon_update(State(shared): State<Arc<Shared>>, mut form: Multipart) -> Response {
    let mut change = ProfileChange::default();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut any_field = false;
    loop {
        let part = match form.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        };
        let name = part.name().unwrap_or_default().to_owned();
        if name == "avatar" || name == "header" {
            let file = part.file_name().unwrap_or("picture").to_owned();
            let Ok(bytes) = part.bytes().await else {
                return error(StatusCode::UNPROCESSABLE_ENTITY, "the upload broke off");
            };
            if bytes.is_empty() {
                return error(StatusCode::UNPROCESSABLE_ENTITY, "the picture is empty");
            }
            match name.as_str() {
                "avatar" => change.avatar = Some(file),
                _ => change.header = Some(file),
            }
            continue;
        }
        let Ok(text) = part.text().await else {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "a field could not be read",
            );
        };
        let flag = || Some(text == "true");
        match name.as_str() {
            "display_name" => change.name = Some(text.clone()),
            "note" => change.bio = Some(text.clone()),
            "locked" => change.locked = flag(),
            "bot" => change.bot = flag(),
            "discoverable" => change.discoverable = flag(),
            other => {
                // fields_attributes[i][name] and [value]
                let Some(rest) = other.strip_prefix("fields_attributes[") else {
                    continue;
                };
                any_field = true;
                let Some((index, what)) = rest.split_once("][") else {
                    continue;
                };
                let Ok(index) = index.parse::<usize>() else {
                    continue;
                };
                if fields.len() <= index {
                    fields.resize(index + 1, (String::new(), String::new()));
                }
                match what.trim_end_matches(']') {
                    "name" => fields[index].0 = text.clone(),
                    _ => fields[index].1 = text.clone(),
                }
            }
        }
    }
    let kept: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(name, value)| !name.is_empty() || !value.is_empty())
        .collect();
    if kept.len() > MAX_FIELDS {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Fields is too long",
        );
    }
    if any_field {
        change.fields = Some(kept);
    }
    let mut data = write(&shared);
    data.change_profile(change);
    match data.credentials() {
        Some(me) => axum::Json(me).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// `i/update`'s profile part: name, description, fields, the switches, and drive files for
/// the avatar and banner (by id).
pub(super) fn misskey_update(data: &mut DemoData, body: &Value) -> Result<(), String> {
    let file = |key: &str| -> Result<Option<String>, String> {
        let Some(id) = body[key].as_str() else {
            return Ok(None);
        };
        let media = data
            .media
            .iter()
            .find(|m| m["id"] == id)
            .ok_or_else(|| format!("no drive file {id}"))?;
        Ok(media["meta"]["name"].as_str().map(str::to_owned))
    };
    let change = ProfileChange {
        avatar: file("avatarId")?,
        header: file("bannerId")?,
        name: body["name"].as_str().map(str::to_owned),
        bio: body["description"].as_str().map(str::to_owned),
        fields: body["fields"].as_array().map(|fields| {
            fields
                .iter()
                .map(|f| {
                    let text = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
                    (text("name"), text("value"))
                })
                .collect()
        }),
        locked: body["isLocked"].as_bool(),
        bot: body["isBot"].as_bool(),
        discoverable: body["isExplorable"].as_bool(),
    };
    data.change_profile(change);
    Ok(())
}
