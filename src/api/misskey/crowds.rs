//! Lists of people on a Misskey server: followers, following, who renoted or reacted to a
//! note, mutes, blocks, muted servers and follow requests, a page at a time with the user's
//! relation to each.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::client::*;
use super::wire::*;
use crate::api::http::Items;
use crate::api::model::*;
use crate::api::{ApiError, mfm};
use crate::sanitize;

/// Rows asked for per page (Misskey allows 100).
const PEOPLE_PAGE: usize = 40;

/// A user as lists of people send them: detailed (with the relation) in followers, mutes and
/// blocks, lite (neither bio nor relation) in reactions, renotes and requests.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Listed {
    #[serde(flatten)]
    user: User,
    description: Option<String>,
    #[serde(flatten)]
    relation: WireRelation,
}

/// The user's muted servers, on `i`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MutedServers {
    #[serde(default)]
    muted_instances: Vec<String>,
}

impl Misskey {
    pub(super) async fn crowd_page(
        &self,
        crowd: &Crowd,
        cursor: Option<&str>,
    ) -> Result<PeoplePage, ApiError> {
        // The endpoint, what it is asked about, and where each row keeps the user.
        let (endpoint, mut body, user_at) = match crowd {
            Crowd::Followers(account) => (
                "users/followers",
                json!({ "userId": account.id }),
                "follower",
            ),
            Crowd::Following(account) => (
                "users/following",
                json!({ "userId": account.id }),
                "followee",
            ),
            Crowd::BoostedBy(note) => ("notes/renotes", json!({ "noteId": note }), "user"),
            Crowd::FavouritedBy(note) => ("notes/reactions", json!({ "noteId": note }), "user"),
            Crowd::Muted => ("mute/list", json!({}), "mutee"),
            Crowd::Blocked => ("blocking/list", json!({}), "blockee"),
            Crowd::RequestsReceived => ("following/requests/list", json!({}), "follower"),
            Crowd::RequestsSent => ("following/requests/sent", json!({}), "followee"),
            Crowd::BlockedDomains => return self.muted_servers().await,
        };
        body["limit"] = json!(PEOPLE_PAGE);
        if let Some(cursor) = cursor {
            body["untilId"] = json!(cursor);
        }
        let rows: Items<Value> = self
            .call(endpoint, body)
            .await
            .map_err(|error| refusal(crowd, error))?
            .json()?;
        // The next page starts before the last row, read or not.
        let next = rows
            .items
            .last()
            .and_then(|row| row.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut unreadable = rows.unreadable;
        let mut people = Vec::new();
        for mut row in rows.items {
            let reaction = row.get("type").and_then(Value::as_str).map(reaction_label);
            match serde_json::from_value::<Listed>(row[user_at].take()) {
                Ok(listed) => people.push((listed, reaction)),
                Err(error) => {
                    tracing::warn!(%error, id = ?row.get("id"), "left out a row that could not be read");
                    unreadable += 1;
                }
            }
        }
        // Lite users carry no relation: asked for all of them at once.
        let unknown: Vec<String> = people
            .iter()
            .filter(|(l, _)| l.relation.is_following.is_none())
            .map(|(l, _)| l.user.id.clone())
            .collect();
        let mut relations = self.relations(&unknown).await;
        let rows = people
            .into_iter()
            .map(|(listed, reaction)| {
                let relationship = match listed.relation.is_following {
                    Some(_) => Some(listed.relation.into_model()),
                    None => relations.remove(&listed.user.id),
                };
                let bio = mfm::to_rich_text(
                    listed.description.as_deref().unwrap_or_default(),
                    self.host(),
                );
                Someone::Person(Person {
                    account: listed.user.into_account(self.base()),
                    bio: Person::bio_line(&bio),
                    relationship,
                    reaction: reaction.map(|r| sanitize::owned_line(&r)),
                })
            })
            .collect();
        Ok(PeoplePage {
            rows,
            next,
            unreadable,
        })
    }

    /// How the user relates to each of `ids` (one request); none where it cannot be read.
    async fn relations(&self, ids: &[String]) -> HashMap<String, Relationship> {
        #[derive(Deserialize)]
        struct Related {
            id: String,
            #[serde(flatten)]
            relation: WireRelation,
        }
        if ids.is_empty() {
            return HashMap::new();
        }
        let read = async {
            self.call("users/relation", json!({ "userId": ids }))
                .await?
                .json::<Items<Related>>()
        };
        match read.await {
            Ok(found) => found
                .items
                .into_iter()
                .map(|r| (r.id, r.relation.into_model()))
                .collect(),
            Err(error) => {
                tracing::debug!(%error, "no relations for a page of people");
                HashMap::new()
            }
        }
    }

    /// The servers the user muted (Misskey's nearest to blocked domains), all in one page.
    async fn muted_servers(&self) -> Result<PeoplePage, ApiError> {
        let me: MutedServers = self.me().await?.json()?;
        Ok(PeoplePage {
            rows: me
                .muted_instances
                .iter()
                .map(|host| Someone::Domain(sanitize::owned_line(host)))
                .collect(),
            next: None,
            unreadable: 0,
        })
    }

    /// Takes a server off the muted ones (read again first: a change made elsewhere stays).
    pub(super) async fn unmute_server(&self, host: &str) -> Result<(), ApiError> {
        let me: MutedServers = self.me_now().await?.json()?;
        let kept: Vec<&String> = me
            .muted_instances
            .iter()
            .filter(|h| sanitize::owned_line(h) != host)
            .collect();
        self.call_void("i/update", json!({ "mutedInstances": kept }))
            .await
    }
}

/// A refusal said in the list's terms.
fn refusal(crowd: &Crowd, error: ApiError) -> ApiError {
    match (crowd, error) {
        (Crowd::Followers(account) | Crowd::Following(account), ApiError::Forbidden(message))
            if !message.contains("permission") =>
        {
            ApiError::Forbidden(format!("@{} keeps this list private", account.acct))
        }
        (Crowd::RequestsSent, ApiError::NotFound(_)) => ApiError::Unsupported(
            "this server does not list the follow requests you sent (Misskey 2024.11 and later do)"
                .into(),
        ),
        (_, error) => error,
    }
}
