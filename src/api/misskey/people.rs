//! Accounts on a Misskey server: finding them, their profiles, and how the user
//! relates to them.

use async_trait::async_trait;
use serde_json::json;

use super::SEARCH_RESULTS;
use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, People};

#[async_trait]
impl People for Misskey {
    async fn search_accounts(&self, query: &str) -> Result<Vec<Account>, ApiError> {
        let (username, host) = self.split_acct(query);
        let users: Vec<User> = self
            .call(
                "users/search-by-username-and-host",
                json!({ "username": username, "host": host, "limit": SEARCH_RESULTS, "detail": false }),
            )
            .await?
            .items()?;
        // Misskey's searches can list a user twice.
        let mut seen = std::collections::HashSet::new();
        let mut accounts: Vec<Account> = users
            .into_iter()
            .filter(|u| seen.insert(u.id.clone()))
            .map(|u| u.into_account(&self.base))
            .collect();
        // The search only knows users this server has seen; a whole address is fetched.
        if host.is_some_and(|h| h.contains('.'))
            && !accounts.iter().any(|a| {
                a.acct
                    .eq_ignore_ascii_case(query.trim().trim_start_matches('@'))
            })
            && let Ok(account) = self.lookup_account(query).await
        {
            accounts.insert(0, account);
        }
        Ok(accounts)
    }

    async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError> {
        let (username, host) = self.split_acct(acct);
        let user: User = self
            .call("users/show", json!({ "username": username, "host": host }))
            .await
            .map_err(|error| match error {
                ApiError::NotFound(_) | ApiError::Invalid(_) => {
                    ApiError::NotFound(format!("no account @{}", acct.trim_start_matches('@')))
                }
                error => error,
            })?
            .json()?;
        Ok(user.into_account(&self.base))
    }

    async fn follow(&self, account: &Account) -> Result<(), ApiError> {
        self.call("following/create", json!({ "userId": account.id }))
            .await
            .map(|_| ())
    }

    async fn profile(&self, account: &Account) -> Result<Profile, ApiError> {
        let user = self.user(&account.id).await?;
        Ok(user.into_profile(self))
    }

    async fn server_rules(&self) -> Result<Vec<ServerRule>, ApiError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Rules {
            #[serde(default)]
            server_rules: Vec<String>,
        }
        let meta: Rules = self
            .call("meta", json!({ "detail": false }))
            .await?
            .json()?;
        Ok(meta
            .server_rules
            .iter()
            .enumerate()
            .map(|(at, text)| ServerRule {
                id: at.to_string(),
                text: crate::sanitize::owned_line(text.trim()),
            })
            .collect())
    }

    async fn report(&self, report: &Report) -> Result<(), ApiError> {
        let body = json!({ "userId": report.account.id, "comment": comment_with_details(report) });
        self.call_void("users/report-abuse", body).await
    }

    async fn follows(&self, me: &Account) -> Result<Vec<Account>, ApiError> {
        #[derive(serde::Deserialize)]
        struct Following {
            id: String,
            followee: Option<User>,
        }
        let mut follows = Vec::new();
        let mut until: Option<String> = None;
        for pages in 1.. {
            let mut body = json!({ "userId": me.id, "limit": super::client::MEMBER_PAGE });
            if let Some(until) = &until {
                body["untilId"] = json!(until);
            }
            let page: Vec<Following> = self.call("users/following", body).await?.json()?;
            let Some(last) = page.last().map(|f| f.id.clone()) else {
                return Ok(follows);
            };
            let full = page.len() >= super::client::MEMBER_PAGE;
            follows.extend(
                page.into_iter()
                    .filter_map(|f| f.followee)
                    .map(|u| u.into_account(&self.base)),
            );
            if pages >= crate::api::MAX_PAGES || follows.len() >= crate::api::MAX_ITEMS {
                return Err(ApiError::Endless {
                    pages,
                    items: follows.len(),
                });
            }
            if !full {
                return Ok(follows);
            }
            until = Some(last);
        }
        Ok(follows)
    }

    async fn set_private_note(&self, account: &Account, note: &str) -> Result<(), ApiError> {
        let body = json!({ "userId": account.id, "memo": note });
        self.call_void("users/update-memo", body).await
    }

    async fn relate(&self, account: &Account, change: Relate) -> Result<Relationship, ApiError> {
        let user = json!({ "userId": account.id });
        let (endpoint, body) = match change {
            Relate::Follow(true) => ("following/create", user),
            Relate::Follow(false) => ("following/delete", user),
            Relate::Mute(Some(duration)) => {
                let until = duration
                    .map(|d| jiff::Timestamp::now().as_millisecond() + d.as_millis() as i64);
                (
                    "mute/create",
                    json!({ "userId": account.id, "expiresAt": until }),
                )
            }
            Relate::Mute(None) => ("mute/delete", user),
            Relate::Block(true) => ("blocking/create", user),
            Relate::Block(false) => ("blocking/delete", user),
            Relate::Boosts(false) => ("renote-mute/create", user),
            Relate::Boosts(true) => ("renote-mute/delete", user),
        };
        match self.call(endpoint, body).await {
            Ok(_) | Err(ApiError::AlreadyDone) => {}
            Err(error) => return Err(error),
        }
        let mut relation = self.relation(account).await?;
        // Unfollowing an account that has not approved yet takes the request back.
        if change == Relate::Follow(false) && relation.has_pending_follow_request_from_you {
            self.call_void("following/requests/cancel", json!({ "userId": account.id }))
                .await?;
            relation = self.relation(account).await?;
        }
        Ok(relation.into_model())
    }

    async fn people(&self, crowd: &Crowd, cursor: Option<&str>) -> Result<PeoplePage, ApiError> {
        self.crowd_page(crowd, cursor).await
    }

    async fn unblock_domain(&self, domain: &str) -> Result<(), ApiError> {
        self.unmute_server(domain).await
    }

    async fn own_profile(&self) -> Result<(ProfileSource, ProfileLimits), ApiError> {
        self.own_source().await
    }

    async fn update_profile(&self, change: &ProfileChange) -> Result<Profile, ApiError> {
        self.update_own(change).await
    }

    async fn answer_request(&self, account: &Account, accept: bool) -> Result<(), ApiError> {
        self.answer_follow_request(&account.id, accept).await
    }
}

impl Misskey {
    /// How the user relates to one account. Misskey 2025.11 answers a list of one where
    /// older versions answer the relation itself: both are read.
    async fn relation(&self, account: &Account) -> Result<WireRelation, ApiError> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum OneOrList {
            List(Vec<WireRelation>),
            One(WireRelation),
        }
        let answer: OneOrList = self
            .call("users/relation", json!({ "userId": account.id }))
            .await?
            .json()?;
        match answer {
            OneOrList::One(relation) => Ok(relation),
            OneOrList::List(list) => list
                .into_iter()
                .next()
                .ok_or_else(|| ApiError::Decode("no relation in the answer".into())),
        }
    }
}

/// The report's comment with what Misskey has no field for: why, which rules, which posts.
fn comment_with_details(report: &Report) -> String {
    let mut lines = vec![format!("[{}]", report.category.wire())];
    lines.extend(report.rules.iter().map(|r| format!("rule: {}", r.text)));
    lines.extend(
        report
            .posts
            .iter()
            .map(|(id, url)| format!("post: {}", url.as_deref().unwrap_or(id))),
    );
    if !report.comment.trim().is_empty() {
        lines.push(report.comment.trim().to_owned());
    }
    lines.join("\n")
}
