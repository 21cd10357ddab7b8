//! Misskey's clips: the user's and those they favourited, made, changed, deleted (or no
//! longer favourited), notes put in and taken out; a clip's notes are a timeline
//! (`clips/notes`, in `page_of`).

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::Misskey;
use super::wire::User;
use crate::api::http::Items;
use crate::api::{ApiError, Clip, Clips};
use crate::sanitize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireClip {
    id: String,
    #[serde(default)]
    name: String,
    description: Option<String>,
    #[serde(default)]
    is_public: bool,
    user: Option<User>,
    notes_count: Option<u64>,
}

impl Misskey {
    fn clip_of(&self, clip: WireClip, mine: bool) -> Clip {
        Clip {
            id: sanitize::owned_line(&clip.id),
            name: sanitize::owned_line(&clip.name),
            description: sanitize::owned_line(clip.description.as_deref().unwrap_or_default()),
            public: clip.is_public,
            mine,
            owner: clip
                .user
                .map(|u| u.into_account(&self.base).acct)
                .unwrap_or_default(),
            notes: clip.notes_count,
        }
    }

    async fn clip_list(&self, endpoint: &str, mine: bool) -> Result<Vec<Clip>, ApiError> {
        let clips: Items<WireClip> = self.call(endpoint, json!({})).await?.json()?;
        Ok(clips
            .items
            .into_iter()
            .map(|c| self.clip_of(c, mine))
            .collect())
    }
}

#[async_trait]
impl Clips for Misskey {
    async fn clips(&self) -> Result<Vec<Clip>, ApiError> {
        let (mine, favourites) = tokio::join!(
            self.clip_list("clips/list", true),
            self.clip_list("clips/my-favorites", false),
        );
        let mut clips = mine?;
        // Favourites are a bonus (older servers have none); one's own favourited shows once.
        for clip in favourites.unwrap_or_default() {
            if !clips.iter().any(|c| c.id == clip.id) {
                clips.push(clip);
            }
        }
        Ok(clips)
    }

    async fn save_clip(&self, clip: &Clip) -> Result<Clip, ApiError> {
        let mut body = json!({
            "name": clip.name,
            "description": clip.description,
            "isPublic": clip.public,
        });
        let endpoint = match clip.id.is_empty() {
            true => "clips/create",
            false => {
                body["clipId"] = json!(clip.id);
                "clips/update"
            }
        };
        let saved: WireClip = self
            .call(endpoint, body)
            .await
            .map_err(about_clip)?
            .json()?;
        Ok(self.clip_of(saved, true))
    }

    async fn delete_clip(&self, clip: &Clip) -> Result<(), ApiError> {
        let endpoint = match clip.mine {
            true => "clips/delete",
            false => "clips/unfavorite",
        };
        match self.call_void(endpoint, json!({ "clipId": clip.id })).await {
            Ok(()) | Err(ApiError::AlreadyDone) => Ok(()),
            Err(error) => Err(about_clip(error)),
        }
    }

    async fn clip_note(&self, clip: &str, note: &str, add: bool) -> Result<(), ApiError> {
        let endpoint = match add {
            true => "clips/add-note",
            false => "clips/remove-note",
        };
        match self
            .call_void(endpoint, json!({ "clipId": clip, "noteId": note }))
            .await
        {
            Ok(()) | Err(ApiError::AlreadyDone) => Ok(()),
            // Clipped twice is clipped.
            Err(ApiError::Invalid(message)) if message.contains("already been clipped") => Ok(()),
            Err(error) => Err(about_clip(error)),
        }
    }

    async fn clips_of(&self, note: &str) -> Result<Vec<String>, ApiError> {
        let holding: Items<WireClip> = self
            .call("notes/clips", json!({ "noteId": note }))
            .await?
            .json()?;
        Ok(holding
            .items
            .into_iter()
            .map(|c| sanitize::owned_line(&c.id))
            .collect())
    }
}

/// Misskey's refusals, in the clip's terms.
fn about_clip(error: ApiError) -> ApiError {
    match error {
        ApiError::Invalid(message) if message.contains("No such clip") => {
            ApiError::NotFound("that clip is gone (deleted elsewhere?)".into())
        }
        ApiError::Invalid(message) if message.contains("Too many") => {
            ApiError::Invalid("that clip holds as many notes as this server allows".into())
        }
        error => error,
    }
}
