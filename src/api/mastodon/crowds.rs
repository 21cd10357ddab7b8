//! Lists of people on a Mastodon-API server: followers, following, who boosted or favourited
//! a post, mutes, blocks, blocked domains and follow requests, a page at a time with the
//! user's relationship to each.

use std::collections::HashMap;

use serde::Deserialize;

use super::client::*;
use super::wire::*;
use crate::api::http::Items;
use crate::api::model::*;
use crate::api::{ApiError, html};
use crate::sanitize;

/// Accounts asked for per page (Mastodon's maximum is 80; 40 keeps a slow link quick).
const PEOPLE_PAGE: u32 = 40;

/// An account as lists of people send it: with its bio.
#[derive(Deserialize)]
struct Listed {
    #[serde(flatten)]
    account: WireAccount,
    #[serde(default)]
    note: String,
}

impl Mastodon {
    pub(super) async fn crowd_page(
        &self,
        crowd: &Crowd,
        cursor: Option<&str>,
    ) -> Result<PeoplePage, ApiError> {
        let path: Vec<&str> = match crowd {
            Crowd::Followers(account) => vec!["api", "v1", "accounts", &account.id, "followers"],
            Crowd::Following(account) => vec!["api", "v1", "accounts", &account.id, "following"],
            Crowd::BoostedBy(post) => vec!["api", "v1", "statuses", post, "reblogged_by"],
            Crowd::FavouritedBy(post) => vec!["api", "v1", "statuses", post, "favourited_by"],
            Crowd::Muted => vec!["api", "v1", "mutes"],
            Crowd::Blocked => vec!["api", "v1", "blocks"],
            Crowd::BlockedDomains => vec!["api", "v1", "domain_blocks"],
            Crowd::RequestsReceived => vec!["api", "v1", "follow_requests"],
            Crowd::RequestsSent => {
                return Err(ApiError::Unsupported(
                    "Mastodon does not list the follow requests you sent; a requested account's profile shows it".into(),
                ));
            }
        };
        let first = self.url(&path);
        let reply = match cursor {
            None => self.get(first, &[("limit", PEOPLE_PAGE.to_string())]).await,
            Some(link) => self.get(self.same_server(link, first.path())?, &[]).await,
        }
        .map_err(|error| match (crowd, error) {
            // GoToSocial has no list of blocked domains for its users.
            (Crowd::BlockedDomains, ApiError::NotFound(_)) => {
                ApiError::Unsupported("this server keeps no list of domains you blocked".into())
            }
            (Crowd::BoostedBy(_) | Crowd::FavouritedBy(_), error) => about_post(error),
            (_, error) => about_account(error),
        })?;
        let link = parse_link_header(&reply.headers).remove("next");
        let mut page = if *crowd == Crowd::BlockedDomains {
            let domains: Items<String> = reply.json()?;
            PeoplePage {
                rows: domains
                    .items
                    .iter()
                    .map(|d| Someone::Domain(sanitize::owned_line(d)))
                    .collect(),
                next: None,
                unreadable: domains.unreadable,
            }
        } else {
            let listed: Items<Listed> = reply.json()?;
            let ids: Vec<String> = listed.items.iter().map(|l| l.account.id.clone()).collect();
            let mut relationships = self.relationships(&ids).await;
            PeoplePage {
                rows: listed
                    .items
                    .into_iter()
                    .map(|l| {
                        let relationship = relationships.remove(&l.account.id);
                        let bio = html::to_rich_text(&l.note, &|_| None);
                        Someone::Person(Person {
                            account: l.account.into_account(),
                            bio: Person::bio_line(&bio),
                            relationship,
                            reaction: None,
                        })
                    })
                    .collect(),
                next: None,
                unreadable: listed.unreadable,
            }
        };
        // An empty page ends the list whatever the link says.
        if !page.rows.is_empty() || page.unreadable > 0 {
            page.next = link.map(String::from);
        }
        Ok(page)
    }

    /// How the user relates to each of `ids` (one request); none where it cannot be read:
    /// the rows show without.
    async fn relationships(&self, ids: &[String]) -> HashMap<String, Relationship> {
        if ids.is_empty() {
            return HashMap::new();
        }
        let url = self.url(&["api", "v1", "accounts", "relationships"]);
        let query: Vec<(&str, String)> = ids.iter().map(|id| ("id[]", id.clone())).collect();
        let read = async {
            self.get(url, &query)
                .await?
                .json::<Items<WireRelationship>>()
        };
        match read.await {
            Ok(found) => found
                .items
                .into_iter()
                .map(|r| (r.id.clone(), r.into_model()))
                .collect(),
            Err(error) => {
                tracing::debug!(%error, "no relationships for a page of people");
                HashMap::new()
            }
        }
    }

    pub(super) async fn unblock_domain(&self, domain: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "domain_blocks"]);
        self.call(
            reqwest::Method::DELETE,
            url,
            &[("domain", domain.to_owned())],
            None,
        )
        .await?;
        Ok(())
    }
}
