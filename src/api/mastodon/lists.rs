//! The user's lists and their members on a Mastodon-API server.

use async_trait::async_trait;
use reqwest::Method;
use serde_json::json;

use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, Lists, PartlyDone};
use crate::sanitize;

/// Members asked for per page (Mastodon's maximum).
const MEMBER_PAGE: u32 = 80;

#[async_trait]
impl Lists for Mastodon {
    async fn lists(&self) -> Result<Vec<List>, ApiError> {
        let reply = self.get(self.url(&["api", "v1", "lists"]), &[]).await?;
        let lists: Vec<WireList> = reply.items()?;
        Ok(lists.into_iter().map(WireList::into_list).collect())
    }

    async fn member_count(&self, list: &str) -> Result<usize, ApiError> {
        // Mastodon has no count: page through the members (`limit=0` would send them all in one
        // answer of any size), keeping only how many there were.
        let first = self.list_url(list, &["accounts"]);
        let mut reply = self
            .get(first.clone(), &[("limit", MEMBER_PAGE.to_string())])
            .await
            .map_err(about_list)?;
        let mut count = 0;
        let mut pages = 0;
        loop {
            pages += 1;
            let page = reply.json::<Vec<serde::de::IgnoredAny>>()?.len();
            count += page;
            if pages >= crate::api::MAX_PAGES || count >= crate::api::MAX_ITEMS {
                return Err(ApiError::Endless {
                    pages,
                    items: count,
                });
            }
            let next = parse_link_header(&reply.headers).remove("next");
            match next {
                Some(link) if page > 0 => {
                    let url = self.same_server(link.as_str(), first.path())?;
                    reply = self.get(url, &[]).await.map_err(about_list)?;
                }
                _ => return Ok(count),
            }
        }
    }

    async fn create_list(&self, title: &str, settings: &ListSettings) -> Result<List, ApiError> {
        let reply = self
            .call(
                Method::POST,
                self.url(&["api", "v1", "lists"]),
                &[],
                Some(list_body(title, settings)),
            )
            .await
            .map_err(about_list)?;
        Ok(reply.json::<WireList>()?.into_list())
    }

    async fn update_list(
        &self,
        list: &str,
        title: &str,
        settings: &ListSettings,
    ) -> Result<List, ApiError> {
        let reply = self
            .call(
                Method::PUT,
                self.list_url(list, &[]),
                &[],
                Some(list_body(title, settings)),
            )
            .await
            .map_err(about_list)?;
        Ok(reply.json::<WireList>()?.into_list())
    }

    async fn delete_list(&self, list: &str) -> Result<(), ApiError> {
        self.call(Method::DELETE, self.list_url(list, &[]), &[], None)
            .await
            .map_err(about_list)?;
        Ok(())
    }

    async fn list_members(&self, list: &str, cursor: Option<&str>) -> Result<MemberPage, ApiError> {
        let first = self.list_url(list, &["accounts"]);
        let reply = match cursor {
            None => self.get(first, &[("limit", MEMBER_PAGE.to_string())]).await,
            Some(link) => self.get(self.same_server(link, first.path())?, &[]).await,
        }
        .map_err(about_list)?;
        let accounts: Vec<WireAccount> = reply.items()?;
        Ok(MemberPage {
            next: (!accounts.is_empty())
                .then(|| parse_link_header(&reply.headers).remove("next"))
                .flatten()
                .map(String::from),
            accounts: accounts
                .into_iter()
                .map(WireAccount::into_account)
                .collect(),
        })
    }

    async fn add_to_list(&self, list: &str, account: &Account) -> Result<(), ApiError> {
        let body = json!({ "account_ids": [account.id] });
        match self
            .call(
                Method::POST,
                self.list_url(list, &["accounts"]),
                &[],
                Some(body),
            )
            .await
        {
            Ok(_) => Ok(()),
            // Mastodon says "not found" both for a missing list and for an account not followed.
            Err(ApiError::NotFound(_)) => {
                let relationship = self.following(account).await?;
                Err(if relationship.following {
                    about_list(ApiError::NotFound(String::new()))
                } else if relationship.requested {
                    ApiError::Invalid(format!(
                        "@{} has not accepted your follow request yet; add them once they do",
                        account.acct
                    ))
                } else {
                    ApiError::NotFollowing(account.acct.clone())
                })
            }
            Err(ApiError::Invalid(message)) if message.contains("taken") => Err(ApiError::Invalid(
                format!("@{} is already on that list", account.acct),
            )),
            Err(error) => Err(about_list(error)),
        }
    }

    async fn remove_from_list(&self, list: &str, accounts: &[Account]) -> Result<(), PartlyDone> {
        // One request for all: it succeeds or fails as a whole.
        let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
        self.call(
            Method::DELETE,
            self.list_url(list, &["accounts"]),
            &[],
            Some(json!({ "account_ids": ids })),
        )
        .await
        .map_err(|e| PartlyDone {
            done: 0,
            error: about_list(e),
        })?;
        Ok(())
    }

    async fn lists_of(&self, account: &Account) -> Result<Vec<String>, ApiError> {
        let reply = self
            .get(
                self.url(&["api", "v1", "accounts", &account.id, "lists"]),
                &[],
            )
            .await?;
        let lists: Vec<WireList> = reply.items()?;
        Ok(lists
            .into_iter()
            .map(|l| sanitize::owned_line(&l.id))
            .collect())
    }
}
