//! Drafts Misskey 2025.x keeps for the user (`notes/drafts/*` without a time), so a draft
//! follows them to their other devices. Sharkey and older servers have none and say so.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::Misskey;
use super::scheduled::WireDraft;
use crate::api::{ApiError, NewPost, ServerDraft, ServerDrafts, no_server_drafts};

/// Drafts read at most (Misskey's largest page).
const PAGE: u32 = 100;

#[async_trait]
impl ServerDrafts for Misskey {
    async fn server_drafts(&self) -> Result<Vec<ServerDraft>, ApiError> {
        if self.is_sharkey().await {
            return Err(no_server_drafts());
        }
        let body = json!({ "limit": PAGE, "scheduled": false });
        let drafts: Vec<WireDraft> = match self.call("notes/drafts/list", body).await {
            Err(ApiError::NotFound(_)) => return Err(no_server_drafts()),
            other => other?.items()?,
        };
        let mut drafts: Vec<ServerDraft> = drafts
            .into_iter()
            .filter_map(|draft| draft.into_server_draft(self))
            .collect();
        drafts.sort_by_key(|d| std::cmp::Reverse(d.saved_at));
        Ok(drafts)
    }

    async fn keep_server_draft(
        &self,
        id: Option<&str>,
        post: &NewPost,
    ) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Kept {
            #[serde(alias = "updatedDraft")]
            created_draft: Saved,
        }
        #[derive(Deserialize)]
        struct Saved {
            id: String,
        }
        let mut body = self.note_body(post).await?;
        let endpoint = match id {
            Some(id) => {
                body["draftId"] = json!(id);
                "notes/drafts/update"
            }
            None => "notes/drafts/create",
        };
        let kept: Kept = match self.call(endpoint, body).await {
            Err(ApiError::NotFound(_)) => return Err(no_server_drafts()),
            other => other?.json()?,
        };
        Ok(crate::sanitize::owned_line(&kept.created_draft.id))
    }

    async fn delete_server_draft(&self, id: &str) -> Result<(), ApiError> {
        match self
            .call_void("notes/drafts/delete", json!({ "draftId": id }))
            .await
        {
            // Gone already (deleted on another device) is gone.
            Ok(()) | Err(ApiError::AlreadyDone) => Ok(()),
            Err(ApiError::Invalid(message)) if message.contains("No such") => Ok(()),
            Err(error) => Err(error),
        }
    }
}
