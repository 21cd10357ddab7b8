//! Misskey's antennas: listed, made, changed and deleted (`antennas/*`); their notes are a
//! timeline (`antennas/notes`, in `page_of`), an antenna named in the config found by name.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Misskey;
use crate::api::http::{self, Items};
use crate::api::{Antenna, AntennaSource, Antennas, ApiError};
use crate::sanitize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAntenna {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    src: String,
    user_list_id: Option<String>,
    #[serde(default, deserialize_with = "http::lenient")]
    users: Vec<String>,
    #[serde(default, deserialize_with = "http::lenient")]
    keywords: Vec<Vec<String>>,
    #[serde(default, deserialize_with = "http::lenient")]
    exclude_keywords: Vec<Vec<String>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    with_replies: bool,
    #[serde(default)]
    with_file: bool,
    #[serde(default)]
    local_only: bool,
    #[serde(default)]
    exclude_bots: bool,
}

fn clean(lines: Vec<Vec<String>>) -> Vec<Vec<String>> {
    lines
        .into_iter()
        .map(|words| words.iter().map(|w| sanitize::owned_line(w)).collect())
        .collect()
}

impl WireAntenna {
    fn into_antenna(self) -> Antenna {
        let source = match self.src.as_str() {
            "home" => AntennaSource::Home,
            "users" => AntennaSource::Users(
                self.users
                    .iter()
                    .map(|u| sanitize::owned_line(u.trim_start_matches('@')))
                    .collect(),
            ),
            "list" => AntennaSource::List(sanitize::owned_line(
                self.user_list_id.as_deref().unwrap_or_default(),
            )),
            _ => AntennaSource::All,
        };
        Antenna {
            id: sanitize::owned_line(&self.id),
            name: sanitize::owned_line(&self.name),
            source,
            keywords: clean(self.keywords),
            excludes: clean(self.exclude_keywords),
            case_sensitive: self.case_sensitive,
            with_replies: self.with_replies,
            with_file: self.with_file,
            local_only: self.local_only,
            exclude_bots: self.exclude_bots,
        }
    }
}

/// What `antennas/create` and `antennas/update` take.
fn body_of(antenna: &Antenna) -> Value {
    let (src, users, list) = match &antenna.source {
        AntennaSource::All => ("all", Vec::new(), None),
        AntennaSource::Home => ("home", Vec::new(), None),
        AntennaSource::Users(users) => ("users", users.clone(), None),
        AntennaSource::List(list) => ("list", Vec::new(), Some(list.clone())),
    };
    json!({
        "name": antenna.name,
        "src": src,
        "users": users,
        "userListId": list,
        "keywords": antenna.keywords,
        "excludeKeywords": antenna.excludes,
        "caseSensitive": antenna.case_sensitive,
        "withReplies": antenna.with_replies,
        "withFile": antenna.with_file,
        "localOnly": antenna.local_only,
        "excludeBots": antenna.exclude_bots,
    })
}

#[async_trait]
impl Antennas for Misskey {
    async fn antennas(&self) -> Result<Vec<Antenna>, ApiError> {
        let antennas: Items<WireAntenna> = self.call("antennas/list", json!({})).await?.json()?;
        Ok(antennas
            .items
            .into_iter()
            .map(WireAntenna::into_antenna)
            .collect())
    }

    async fn save_antenna(&self, antenna: &Antenna) -> Result<Antenna, ApiError> {
        let mut body = body_of(antenna);
        let endpoint = match antenna.id.is_empty() {
            true => "antennas/create",
            false => {
                body["antennaId"] = json!(antenna.id);
                "antennas/update"
            }
        };
        let saved: WireAntenna = self
            .call(endpoint, body)
            .await
            .map_err(about_antenna)?
            .json()?;
        Ok(saved.into_antenna())
    }

    async fn delete_antenna(&self, id: &str) -> Result<(), ApiError> {
        self.call_void("antennas/delete", json!({ "antennaId": id }))
            .await
            .map_err(about_antenna)
    }
}

impl Misskey {
    /// The antenna's id: as given, or (a tab named in the config) found by its name.
    pub(super) async fn antenna_id(&self, id: &str, name: &str) -> Result<String, ApiError> {
        if !id.is_empty() {
            return Ok(id.to_owned());
        }
        self.antennas()
            .await?
            .into_iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.id)
            .ok_or_else(|| ApiError::NotFound(format!("you have no antenna named “{name}”")))
    }
}

/// Misskey's refusals, in the antenna's terms.
fn about_antenna(error: ApiError) -> ApiError {
    match error {
        ApiError::Invalid(message) if message.contains("No such antenna") => {
            ApiError::NotFound("that antenna is gone (deleted elsewhere?)".into())
        }
        ApiError::NotFound(_) => {
            ApiError::NotFound("that antenna is gone (deleted elsewhere?)".into())
        }
        ApiError::Invalid(message) if message.contains("eywords") => {
            ApiError::Invalid("an antenna needs words to catch or words to leave out".into())
        }
        error => error,
    }
}
