//! The user's own profile on a Mastodon-API server: as written (`verify_credentials`'s
//! `source`), the server's limits (instance v2 `configuration.accounts`), and changing it
//! (`update_credentials`, with the avatar and header as files in the same form).

use std::sync::Arc;

use reqwest::Method;
use serde::Deserialize;

use super::client::*;
use super::wire::*;
use crate::api::model::*;
use crate::api::{ApiError, http};
use crate::sanitize;

/// Mastodon's limits where the server does not say (before 4.3).
const DEFAULT_LIMITS: ProfileLimits = ProfileLimits {
    name_chars: 30,
    bio_chars: 500,
    fields: 4,
    field_name_chars: 255,
    field_value_chars: 255,
};

#[derive(Deserialize)]
struct Credentials {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    locked: bool,
    #[serde(default)]
    bot: bool,
    discoverable: Option<bool>,
    #[serde(default)]
    source: Source,
}

#[derive(Deserialize, Default)]
struct Source {
    #[serde(default)]
    note: String,
    #[serde(default, deserialize_with = "http::lenient")]
    fields: Vec<SourceField>,
}

#[derive(Deserialize)]
struct SourceField {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: String,
}

#[derive(Deserialize, Default)]
struct Instance {
    #[serde(default)]
    configuration: Configuration,
}

#[derive(Deserialize, Default)]
struct Configuration {
    #[serde(default)]
    accounts: AccountLimits,
}

#[derive(Deserialize, Default)]
struct AccountLimits {
    max_display_name_length: Option<usize>,
    max_note_length: Option<usize>,
    max_profile_fields: Option<usize>,
    profile_field_name_limit: Option<usize>,
    profile_field_value_limit: Option<usize>,
}

impl Mastodon {
    pub(super) async fn own_source(&self) -> Result<(ProfileSource, ProfileLimits), ApiError> {
        let (me, instance) = tokio::join!(
            self.get(
                self.url(&["api", "v1", "accounts", "verify_credentials"]),
                &[]
            ),
            self.get(self.url(&["api", "v2", "instance"]), &[]),
        );
        let me: Credentials = me?.json()?;
        // Where the server does not say, Mastodon's own.
        let said = instance
            .and_then(|reply| reply.json::<Instance>())
            .map(|i| i.configuration.accounts)
            .unwrap_or_default();
        let limits = ProfileLimits {
            name_chars: said
                .max_display_name_length
                .unwrap_or(DEFAULT_LIMITS.name_chars),
            bio_chars: said.max_note_length.unwrap_or(DEFAULT_LIMITS.bio_chars),
            fields: said.max_profile_fields.unwrap_or(DEFAULT_LIMITS.fields),
            field_name_chars: said
                .profile_field_name_limit
                .unwrap_or(DEFAULT_LIMITS.field_name_chars),
            field_value_chars: said
                .profile_field_value_limit
                .unwrap_or(DEFAULT_LIMITS.field_value_chars),
        };
        let source = ProfileSource {
            display_name: sanitize::owned_line(&me.display_name),
            bio: sanitize::text(&me.source.note).into_owned(),
            fields: me
                .source
                .fields
                .into_iter()
                .map(|f| {
                    (
                        sanitize::owned_line(&f.name),
                        sanitize::owned_line(&f.value),
                    )
                })
                .collect(),
            locked: me.locked,
            bot: me.bot,
            discoverable: me.discoverable.unwrap_or(false),
        };
        Ok((source, limits))
    }

    pub(super) async fn update_own(&self, change: &ProfileChange) -> Result<Profile, ApiError> {
        let source = &change.source;
        let mut form = reqwest::multipart::Form::new()
            .text("display_name", source.display_name.clone())
            .text("note", source.bio.clone())
            .text("locked", source.locked.to_string())
            .text("bot", source.bot.to_string())
            .text("discoverable", source.discoverable.to_string());
        // The fields sent replace them all; an empty pair after them clears the rest (and
        // all of them, where none are left).
        let empty = (String::new(), String::new());
        for (index, (name, value)) in source.fields.iter().chain([&empty]).enumerate() {
            form = form
                .text(format!("fields_attributes[{index}][name]"), name.clone())
                .text(format!("fields_attributes[{index}][value]"), value.clone());
        }
        let quiet: crate::api::Progress = Arc::new(|_, _| {});
        for (part, path) in [("avatar", &change.avatar), ("header", &change.header)] {
            if let Some(path) = path {
                form = form.part(part, http::file_part(path, quiet.clone()).await?);
            }
        }
        let url = self.url(&["api", "v1", "accounts", "update_credentials"]);
        let mut request = self
            .http
            .patch(url.clone())
            .multipart(form)
            .timeout(http::UPLOAD_TIMEOUT);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.secret());
        }
        let reply = http::send(request).await?;
        if !reply.status.is_success() {
            return Err(self.error_from(&reply, &Method::PATCH, &url));
        }
        Ok(reply.json::<WireProfile>()?.into_profile())
    }
}
