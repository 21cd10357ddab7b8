//! Misskey's channels: those followed, favourited, featured, owned or found, followed and
//! favourited (`channels/*`); a channel's notes are a timeline (`channels/timeline`, in
//! `page_of`), a channel named in the config found by name.

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::Misskey;
use crate::api::http::Items;
use crate::api::{ApiError, Channel, ChannelSet, Channels};
use crate::sanitize;

/// Channels asked for at once (the most `channels/followed` and `search` give).
const CHANNELS_ASKED: u32 = 100;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireChannel {
    id: String,
    #[serde(default)]
    name: String,
    description: Option<String>,
    #[serde(default)]
    is_following: bool,
    #[serde(default)]
    is_favorited: bool,
    notes_count: Option<u64>,
    users_count: Option<u64>,
    #[serde(default)]
    is_archived: bool,
}

impl WireChannel {
    fn into_channel(self) -> Channel {
        Channel {
            id: sanitize::owned_line(&self.id),
            name: sanitize::owned_line(&self.name),
            description: sanitize::owned_line(self.description.as_deref().unwrap_or_default()),
            following: self.is_following,
            favourite: self.is_favorited,
            notes: self.notes_count,
            users: self.users_count,
            archived: self.is_archived,
        }
    }
}

#[async_trait]
impl Channels for Misskey {
    async fn channels(&self, set: &ChannelSet) -> Result<Vec<Channel>, ApiError> {
        let limit = json!({ "limit": CHANNELS_ASKED });
        let (endpoint, body) = match set {
            ChannelSet::Followed => ("channels/followed", limit),
            ChannelSet::Favourites => ("channels/my-favorites", json!({})),
            ChannelSet::Featured => ("channels/featured", json!({})),
            ChannelSet::Owned => ("channels/owned", limit),
            ChannelSet::Search(words) => (
                "channels/search",
                json!({ "query": words, "type": "nameAndDescription", "limit": CHANNELS_ASKED }),
            ),
        };
        let channels: Items<WireChannel> = self.call(endpoint, body).await?.json()?;
        Ok(channels
            .items
            .into_iter()
            .map(WireChannel::into_channel)
            .collect())
    }

    async fn follow_channel(&self, id: &str, follow: bool) -> Result<(), ApiError> {
        let endpoint = match follow {
            true => "channels/follow",
            false => "channels/unfollow",
        };
        self.channel_change(endpoint, id).await
    }

    async fn favourite_channel(&self, id: &str, favourite: bool) -> Result<(), ApiError> {
        let endpoint = match favourite {
            true => "channels/favorite",
            false => "channels/unfavorite",
        };
        self.channel_change(endpoint, id).await
    }
}

impl Misskey {
    async fn channel_change(&self, endpoint: &str, id: &str) -> Result<(), ApiError> {
        match self.call_void(endpoint, json!({ "channelId": id })).await {
            Ok(()) | Err(ApiError::AlreadyDone) => Ok(()),
            Err(error) => Err(about_channel(error)),
        }
    }

    /// The channel's id: as given, or (a tab named in the config) found by its name among
    /// those followed, favourited and owned.
    pub(super) async fn channel_id(&self, id: &str, name: &str) -> Result<String, ApiError> {
        if !id.is_empty() {
            return Ok(id.to_owned());
        }
        for set in [
            ChannelSet::Followed,
            ChannelSet::Favourites,
            ChannelSet::Owned,
        ] {
            if let Some(found) = self
                .channels(&set)
                .await?
                .into_iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
            {
                return Ok(found.id);
            }
        }
        Err(ApiError::NotFound(format!(
            "you follow no channel named “{name}” (:channels finds one)"
        )))
    }
}

/// Misskey's refusals, in the channel's terms.
pub(super) fn about_channel(error: ApiError) -> ApiError {
    match error {
        ApiError::Invalid(message) if message.contains("No such channel") => {
            ApiError::NotFound("that channel is gone (deleted elsewhere?)".into())
        }
        error => error,
    }
}
