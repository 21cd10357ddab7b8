//! The user's own profile on a Misskey server: as written (`i`), and changing it (`i/update`,
//! the avatar and banner uploaded to the drive first).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::json;

use super::Misskey;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, Posts, Upload, http};
use crate::sanitize;

/// Misskey's own limits (`i/update`'s parameters); field lengths it leaves open are kept to
/// what Mastodon servers take, so a profile federates whole.
const LIMITS: ProfileLimits = ProfileLimits {
    name_chars: 50,
    bio_chars: 1500,
    fields: 16,
    field_name_chars: 255,
    field_value_chars: 255,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    name: Option<String>,
    description: Option<String>,
    #[serde(default, deserialize_with = "http::lenient")]
    fields: Vec<WireField>,
    #[serde(default)]
    is_locked: bool,
    #[serde(default)]
    is_bot: bool,
    #[serde(default)]
    is_explorable: bool,
}

impl Misskey {
    pub(super) async fn own_source(&self) -> Result<(ProfileSource, ProfileLimits), ApiError> {
        let me: Me = self.me().await?.json()?;
        let source = ProfileSource {
            display_name: sanitize::owned_line(me.name.as_deref().unwrap_or_default()),
            bio: sanitize::text(me.description.as_deref().unwrap_or_default()).into_owned(),
            fields: me
                .fields
                .into_iter()
                .map(|f| {
                    (
                        sanitize::owned_line(&f.name),
                        sanitize::owned_line(&f.value),
                    )
                })
                .collect(),
            locked: me.is_locked,
            bot: me.is_bot,
            discoverable: me.is_explorable,
        };
        Ok((source, LIMITS))
    }

    pub(super) async fn update_own(&self, change: &ProfileChange) -> Result<Profile, ApiError> {
        let source = &change.source;
        let fields: Vec<_> = source
            .fields
            .iter()
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect();
        let mut body = json!({
            "name": source.display_name,
            "description": source.bio,
            "fields": fields,
            "isLocked": source.locked,
            "isBot": source.bot,
            "isExplorable": source.discoverable,
        });
        // Pictures go to the drive; the profile names them.
        let quiet: crate::api::Progress = Arc::new(|_, _| {});
        for (key, path) in [("avatarId", &change.avatar), ("bannerId", &change.header)] {
            if let Some(path) = path {
                let upload = Upload {
                    path: path.clone(),
                    description: String::new(),
                    sensitive: false,
                };
                body[key] = json!(self.upload(&upload, quiet.clone()).await?);
            }
        }
        let me: DetailedUser = self.call("i/update", body).await?.json()?;
        Ok(me.into_profile(self))
    }
}
