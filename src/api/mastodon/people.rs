//! Accounts on a Mastodon-API server: finding them, their profiles, and how the user
//! relates to them.

use async_trait::async_trait;
use reqwest::Method;
use url::Url;

use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, People};

/// Completions offered for a typed account.
const SEARCH_RESULTS: u32 = 8;

/// Whether `found` (as this server writes it: `user` when local) is the account `wanted`.
fn same_acct(found: &str, wanted: &str, base: &Url) -> bool {
    let local = |acct: &str| {
        let host = base.host_str().unwrap_or_default();
        acct.strip_suffix(host)
            .and_then(|a| a.strip_suffix('@'))
            .unwrap_or(acct)
            .to_lowercase()
    };
    local(found) == local(wanted)
}

/// Followed accounts asked for per page (Mastodon's maximum).
const FOLLOWS_PAGE: u32 = 80;

#[async_trait]
impl People for Mastodon {
    async fn search_accounts(&self, query: &str) -> Result<Vec<Account>, ApiError> {
        let query = query.trim().trim_start_matches('@');
        // Asking other servers (WebFinger) only makes sense once a whole address is typed.
        let resolve = query
            .split_once('@')
            .is_some_and(|(_, host)| host.contains('.'));
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", "search"]),
                &[
                    ("q", query.to_owned()),
                    ("limit", SEARCH_RESULTS.to_string()),
                    ("resolve", resolve.to_string()),
                ],
            )
            .await?;
        let accounts: Vec<WireAccount> = reply.items()?;
        Ok(accounts
            .into_iter()
            .map(WireAccount::into_account)
            .collect())
    }

    async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError> {
        let acct = acct.trim().trim_start_matches('@');
        let found = self
            .get(
                self.url(&["api", "v1", "accounts", "lookup"]),
                &[("acct", acct.to_owned())],
            )
            .await;
        match found {
            Ok(reply) => Ok(reply.json::<WireAccount>()?.into_account()),
            // Accounts this server has never seen are only found through a resolving search.
            Err(ApiError::NotFound(_)) => self
                .search_accounts(acct)
                .await?
                .into_iter()
                .find(|a| same_acct(&a.acct, acct, &self.base))
                .ok_or_else(|| ApiError::NotFound(format!("no account @{acct}"))),
            Err(error) => Err(error),
        }
    }

    async fn follow(&self, account: &Account) -> Result<(), ApiError> {
        let reply = self
            .call(
                Method::POST,
                self.url(&["api", "v1", "accounts", &account.id, "follow"]),
                &[],
                None,
            )
            .await?;
        let relationship: WireRelationship = reply.json()?;
        if relationship.following {
            Ok(())
        } else {
            Err(ApiError::Invalid(format!(
                "@{} approves followers by hand; skua sent a follow request, add them once it is accepted",
                account.acct
            )))
        }
    }

    async fn profile(&self, account: &Account) -> Result<Profile, ApiError> {
        let id = account.id.as_str();
        let (wire, relationship, familiar) = tokio::join!(
            self.get(self.url(&["api", "v1", "accounts", id]), &[]),
            self.following(account),
            self.familiar_followers(id),
        );
        let wire: WireProfile = wire.map_err(about_account)?.json()?;
        let mut profile = wire.into_profile();
        // Not about oneself, nor when relationships cannot be read.
        if let Ok(relationship) = relationship {
            let note = relationship.note.as_deref().unwrap_or_default();
            profile.private_note = Some(crate::sanitize::text(note).into_owned());
            profile.relationship = Some(relationship.into_model());
        }
        profile.familiar_followers = familiar;
        Ok(profile)
    }

    async fn relate(&self, account: &Account, change: Relate) -> Result<Relationship, ApiError> {
        let (call, query) = match change {
            Relate::Follow(true) => ("follow", vec![]),
            // Following again changes only whether their boosts come to Home.
            Relate::Boosts(show) => ("follow", vec![("reblogs", show.to_string())]),
            Relate::Follow(false) => ("unfollow", vec![]),
            Relate::Mute(Some(duration)) => (
                "mute",
                vec![("duration", duration.map_or(0, |d| d.as_secs()).to_string())],
            ),
            Relate::Mute(None) => ("unmute", vec![]),
            Relate::Block(true) => ("block", vec![]),
            Relate::Block(false) => ("unblock", vec![]),
        };
        let url = self.url(&["api", "v1", "accounts", &account.id, call]);
        let reply = self
            .call(Method::POST, url, &query, None)
            .await
            .map_err(about_account)?;
        Ok(reply.json::<WireRelationship>()?.into_model())
    }

    async fn answer_request(&self, account: &Account, accept: bool) -> Result<(), ApiError> {
        self.answer_follow_request(&account.id, accept).await
    }

    async fn server_rules(&self) -> Result<Vec<ServerRule>, ApiError> {
        #[derive(serde::Deserialize)]
        struct WireRule {
            id: serde_json::Value,
            #[serde(default)]
            text: String,
        }
        let url = self.url(&["api", "v1", "instance", "rules"]);
        let rules: Vec<WireRule> = match self.get(url, &[]).await {
            Ok(reply) => reply.json()?,
            // Before 3.4 there are no rules to name.
            Err(ApiError::NotFound(_)) => Vec::new(),
            Err(error) => return Err(error),
        };
        Ok(rules
            .into_iter()
            .map(|r| ServerRule {
                id: match r.id {
                    serde_json::Value::String(id) => crate::sanitize::owned_line(&id),
                    other => other.to_string(),
                },
                text: crate::sanitize::owned_line(r.text.trim()),
            })
            .collect())
    }

    async fn report(&self, report: &Report) -> Result<(), ApiError> {
        let mut body = serde_json::json!({
            "account_id": report.account.id,
            "status_ids": report.posts.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            "comment": report.comment,
            "forward": report.forward,
            "category": report.category.wire(),
        });
        if report.category == ReportCategory::Violation {
            body["rule_ids"] =
                serde_json::json!(report.rules.iter().map(|r| &r.id).collect::<Vec<_>>());
        }
        let url = self.url(&["api", "v1", "reports"]);
        self.call(Method::POST, url, &[], Some(body))
            .await
            .map_err(about_account)?;
        Ok(())
    }

    async fn follows(&self, me: &Account) -> Result<Vec<Account>, ApiError> {
        let first = self.url(&["api", "v1", "accounts", &me.id, "following"]);
        let follows: Vec<WireAccount> = self
            .every_page(first, &[("limit", FOLLOWS_PAGE.to_string())])
            .await?;
        Ok(follows.into_iter().map(WireAccount::into_account).collect())
    }

    async fn people(&self, crowd: &Crowd, cursor: Option<&str>) -> Result<PeoplePage, ApiError> {
        self.crowd_page(crowd, cursor).await
    }

    async fn unblock_domain(&self, domain: &str) -> Result<(), ApiError> {
        self.unblock_domain(domain).await
    }

    async fn own_profile(&self) -> Result<(ProfileSource, ProfileLimits), ApiError> {
        self.own_source().await
    }

    async fn update_profile(&self, change: &ProfileChange) -> Result<Profile, ApiError> {
        self.update_own(change).await
    }

    async fn set_private_note(&self, account: &Account, note: &str) -> Result<(), ApiError> {
        let url = self.url(&["api", "v1", "accounts", &account.id, "note"]);
        let body = serde_json::json!({ "comment": note });
        self.call(Method::POST, url, &[], Some(body))
            .await
            .map_err(about_account)?;
        Ok(())
    }
}

impl Mastodon {
    /// Who of those the viewer follows follow account `id` (Mastodon 3.5+), by name; none
    /// where the server cannot say (a bonus: the profile shows without).
    async fn familiar_followers(&self, id: &str) -> Vec<String> {
        #[derive(serde::Deserialize)]
        struct Familiar {
            #[serde(default)]
            accounts: Vec<WireAccount>,
        }
        let url = self.url(&["api", "v1", "accounts", "familiar_followers"]);
        let read = async {
            self.get(url, &[("id[]", id.to_owned())])
                .await?
                .items::<Familiar>()
        };
        match read.await {
            Ok(found) => found
                .into_iter()
                .flat_map(|f| f.accounts)
                .map(|a| a.into_account().name().to_owned())
                .collect(),
            Err(error) => {
                tracing::debug!(%error, "no familiar followers");
                Vec::new()
            }
        }
    }
}
