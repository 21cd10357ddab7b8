//! The user's lists and their members on a Misskey server (`users/lists/*`).

use async_trait::async_trait;
use serde_json::json;

use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, Lists, PartlyDone};
use crate::sanitize;

#[async_trait]
impl Lists for Misskey {
    async fn lists(&self) -> Result<Vec<List>, ApiError> {
        Ok(self
            .own_lists()
            .await?
            .into_iter()
            .map(WireList::into_list)
            .collect())
    }

    async fn member_count(&self, list: &str) -> Result<usize, ApiError> {
        let list: WireList = self
            .call("users/lists/show", json!({ "listId": list }))
            .await?
            .json()?;
        Ok(list.user_ids.map_or(0, |ids| ids.len()))
    }

    async fn create_list(&self, title: &str, settings: &ListSettings) -> Result<List, ApiError> {
        let created: WireList = self
            .call("users/lists/create", json!({ "name": title }))
            .await?
            .json()?;
        // Creation takes only a name; a setting asked for is applied right after.
        if settings
            .public
            .is_some_and(|public| Some(public) != created.is_public)
        {
            return self.update_list(&created.id, title, settings).await;
        }
        Ok(created.into_list())
    }

    async fn update_list(
        &self,
        list: &str,
        title: &str,
        settings: &ListSettings,
    ) -> Result<List, ApiError> {
        let mut body = json!({ "listId": list, "name": title });
        if let Some(public) = settings.public {
            body["isPublic"] = json!(public);
        }
        let list: WireList = self.call("users/lists/update", body).await?.json()?;
        Ok(list.into_list())
    }

    async fn delete_list(&self, list: &str) -> Result<(), ApiError> {
        self.call_void("users/lists/delete", json!({ "listId": list }))
            .await
    }

    async fn list_members(&self, list: &str, cursor: Option<&str>) -> Result<MemberPage, ApiError> {
        let mut body = json!({ "listId": list, "limit": MEMBER_PAGE });
        if let Some(cursor) = cursor {
            body["untilId"] = json!(cursor);
        }
        if let Some(offset) = cursor.and_then(|c| c.strip_prefix(BY_IDS_CURSOR)) {
            return self.members_by_ids(list, offset.parse().unwrap_or(0)).await;
        }
        let memberships: Vec<Membership> =
            match self.call("users/lists/get-memberships", body).await {
                Ok(reply) => reply.json()?,
                // Older servers and some forks lack it; the list's ids work everywhere.
                Err(ApiError::Unsupported(_)) if cursor.is_none() => {
                    return self.members_by_ids(list, 0).await;
                }
                Err(error) => return Err(error),
            };
        let full = memberships.len() == MEMBER_PAGE;
        Ok(MemberPage {
            next: memberships.last().filter(|_| full).map(|m| m.id.clone()),
            accounts: memberships
                .into_iter()
                .map(|m| m.user.into_account(&self.base))
                .collect(),
        })
    }

    async fn add_to_list(&self, list: &str, account: &Account) -> Result<(), ApiError> {
        let body = json!({ "listId": list, "userId": account.id });
        self.call_void("users/lists/push", body).await
    }

    async fn remove_from_list(&self, list: &str, accounts: &[Account]) -> Result<(), PartlyDone> {
        // Misskey removes one user per call, so a failure can come after some went through.
        for (done, account) in accounts.iter().enumerate() {
            let body = json!({ "listId": list, "userId": account.id });
            self.call_void("users/lists/pull", body)
                .await
                .map_err(|error| PartlyDone { done, error })?;
        }
        Ok(())
    }

    async fn lists_of(&self, account: &Account) -> Result<Vec<String>, ApiError> {
        Ok(self
            .own_lists()
            .await?
            .into_iter()
            .filter(|l| l.user_ids.iter().flatten().any(|id| *id == account.id))
            .map(|l| sanitize::owned_line(&l.id))
            .collect())
    }
}
