//! Mastodon's wire types, and their conversion into the model at the edge.

use serde::Deserialize;
use serde_json::{Value, json};

use std::collections::HashMap;

use crate::api::http;
use crate::api::model::*;
use crate::api::{ComposeRules, Counting, html};
use crate::sanitize;

pub(super) fn list_body(title: &str, settings: &ListSettings) -> Value {
    let mut body = json!({ "title": title });
    if let Some(policy) = settings.replies_policy {
        body["replies_policy"] = json!(policy.wire_name());
    }
    if let Some(exclusive) = settings.exclusive {
        body["exclusive"] = json!(exclusive);
    }
    body
}

#[derive(Deserialize)]
pub(super) struct WireList {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) replies_policy: Option<String>,
    pub(super) exclusive: Option<bool>,
}

impl WireList {
    pub(super) fn into_list(self) -> List {
        List {
            id: sanitize::owned_line(&self.id),
            title: sanitize::owned_line(&self.title),
            settings: ListSettings {
                replies_policy: self
                    .replies_policy
                    .as_deref()
                    .and_then(RepliesPolicy::from_wire_name),
                exclusive: self.exclusive,
                public: None,
            },
            member_count: None,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct WireContext {
    #[serde(default, deserialize_with = "http::lenient")]
    pub(super) ancestors: Vec<Status>,
    #[serde(default, deserialize_with = "http::lenient")]
    pub(super) descendants: Vec<Status>,
}

#[derive(Deserialize, Default)]
pub(super) struct WireRelationship {
    /// The account it is about.
    #[serde(default)]
    pub(super) id: String,
    #[serde(default)]
    pub(super) following: bool,
    #[serde(default)]
    pub(super) requested: bool,
    #[serde(default)]
    pub(super) followed_by: bool,
    #[serde(default)]
    pub(super) muting: bool,
    #[serde(default)]
    pub(super) blocking: bool,
    /// Absent on servers that do not say: boosts show, as by default.
    pub(super) showing_reblogs: Option<bool>,
    /// The viewer's private note on the account.
    pub(super) note: Option<String>,
}

impl WireRelationship {
    pub(super) fn into_model(self) -> Relationship {
        Relationship {
            following: self.following,
            requested: self.requested,
            followed_by: self.followed_by,
            muting: self.muting,
            blocking: self.blocking,
            showing_boosts: self.showing_reblogs.unwrap_or(true),
        }
    }
}

/// An account with what a profile shows.
#[derive(Deserialize)]
pub(super) struct WireProfile {
    #[serde(flatten)]
    pub(super) account: WireAccount,
    #[serde(default)]
    pub(super) note: String,
    #[serde(default)]
    pub(super) fields: Vec<WireField>,
    pub(super) statuses_count: Option<u64>,
    pub(super) followers_count: Option<u64>,
    pub(super) following_count: Option<u64>,
    pub(super) created_at: Option<String>,
    #[serde(default)]
    pub(super) locked: bool,
    /// The account it moved to, if it did.
    pub(super) moved: Option<WireAccount>,
    pub(super) avatar: Option<String>,
    /// The avatar's first frame, where it moves.
    pub(super) avatar_static: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireField {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) value: String,
    pub(super) verified_at: Option<String>,
}

impl WireProfile {
    pub(super) fn into_profile(self) -> Profile {
        let no_mentions = |_: &str| None;
        Profile {
            account: self.account.into_account(),
            note: html::to_rich_text(&self.note, &no_mentions),
            fields: self
                .fields
                .into_iter()
                .map(|f| Field {
                    name: sanitize::owned_line(f.name.trim()),
                    // Values are HTML (links); shown as their text.
                    value: sanitize::owned_line(
                        html::to_rich_text(&f.value, &no_mentions)
                            .blocks
                            .iter()
                            .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
                            .collect::<String>()
                            .trim(),
                    ),
                    verified: f.verified_at.is_some(),
                })
                .collect(),
            posts: self.statuses_count,
            followers: self.followers_count,
            following: self.following_count,
            joined: self.created_at.and_then(|t| t.parse().ok()),
            locked: self.locked,
            relationship: None,
            moved: self
                .moved
                .map(|account| Moved::To(Box::new(account.into_account()))),
            avatar: self
                .avatar_static
                .or(self.avatar)
                .filter(|url| !url.is_empty())
                .map(|url| sanitize::owned_line(&url)),
            private_note: None,
            familiar_followers: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct WireAccount {
    pub(super) id: String,
    pub(super) username: String,
    pub(super) acct: String,
    #[serde(default)]
    pub(super) display_name: String,
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) bot: bool,
}

impl WireAccount {
    pub(super) fn into_account(self) -> Account {
        Account {
            id: sanitize::owned_line(&self.id),
            username: sanitize::owned_line(&self.username),
            acct: sanitize::owned_line(&self.acct),
            display_name: sanitize::owned_line(&self.display_name),
            url: self.url.as_deref().map(sanitize::owned_line),
            bot: self.bot,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Status {
    pub(super) id: String,
    pub(super) created_at: String,
    /// What the author typed (GoToSocial, Pleroma; Mastodon sends it only on deletion).
    pub(super) text: Option<String>,
    #[serde(default)]
    pub(super) visibility: String,
    #[serde(default)]
    pub(super) content: String,
    #[serde(default)]
    pub(super) spoiler_text: String,
    pub(super) account: WireAccount,
    pub(super) reblog: Option<Box<Status>>,
    #[serde(default)]
    pub(super) media_attachments: Vec<Attachment>,
    #[serde(default)]
    pub(super) mentions: Vec<Mention>,
    #[serde(default)]
    pub(super) tags: Vec<WireTag>,
    pub(super) url: Option<String>,
    pub(super) uri: Option<String>,
    #[serde(default)]
    pub(super) replies_count: Option<u64>,
    #[serde(default)]
    pub(super) reblogs_count: Option<u64>,
    #[serde(default)]
    pub(super) favourites_count: Option<u64>,
    pub(super) in_reply_to_id: Option<String>,
    /// The viewer's marks (absent without a token).
    #[serde(default)]
    pub(super) favourited: Option<bool>,
    #[serde(default)]
    pub(super) reblogged: Option<bool>,
    #[serde(default)]
    pub(super) bookmarked: Option<bool>,
    #[serde(default)]
    pub(super) muted: Option<bool>,
    /// On the viewer's own posts: pinned to their profile.
    #[serde(default)]
    pub(super) pinned: Option<bool>,
    /// Mastodon 4.0+: the viewer's filters that match, with what to do about them (Hollo
    /// sends `null`).
    #[serde(default)]
    pub(super) filtered: Option<Vec<FilterResult>>,
    pub(super) poll: Option<WirePoll>,
    pub(super) edited_at: Option<String>,
    pub(super) language: Option<String>,
    #[serde(default)]
    pub(super) sensitive: bool,
    /// Mastodon 4.5: who may quote it, as it applies to the viewer.
    pub(super) quote_approval: Option<WireQuoteApproval>,
    /// Mastodon 4.4: the post it quotes.
    pub(super) quote: Option<WireQuote>,
    /// A preview of the page it links to, read leniently: a card that cannot be read is
    /// left out, never the post.
    #[serde(default)]
    pub(super) card: Option<serde_json::Value>,
}

/// The most of a card's description kept (servers send the page's, however long).
const CARD_DESCRIPTION: usize = 400;

/// The card in `value`, where it names a web page.
pub(super) fn card_of(value: &serde_json::Value) -> Option<Card> {
    let text = |key: &str| {
        value[key]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(sanitize::owned_line)
    };
    let url = text("url").filter(|u| u.starts_with("https://") || u.starts_with("http://"))?;
    Some(Card {
        title: text("title").unwrap_or_else(|| url.clone()),
        url,
        description: text("description")
            .map(|d| d.chars().take(CARD_DESCRIPTION).collect())
            .unwrap_or_default(),
        provider: text("provider_name"),
        image: text("image"),
    })
}

#[derive(Deserialize)]
pub(super) struct WireQuote {
    #[serde(default)]
    pub(super) state: String,
    pub(super) quoted_status: Option<Box<Status>>,
}

#[derive(Deserialize)]
pub(super) struct WireQuoteApproval {
    #[serde(default)]
    pub(super) current_user: String,
}

#[derive(Deserialize)]
pub(super) struct WirePoll {
    pub(super) id: String,
    pub(super) expires_at: Option<String>,
    #[serde(default)]
    pub(super) expired: bool,
    #[serde(default)]
    pub(super) multiple: bool,
    pub(super) voters_count: Option<u64>,
    #[serde(default)]
    pub(super) options: Vec<WirePollOption>,
    #[serde(default)]
    pub(super) own_votes: Vec<usize>,
}

#[derive(Deserialize)]
pub(super) struct WirePollOption {
    pub(super) title: String,
    pub(super) votes_count: Option<u64>,
}

impl WirePoll {
    pub(super) fn into_poll(self) -> Poll {
        Poll {
            id: sanitize::owned_line(&self.id),
            options: self
                .options
                .into_iter()
                .map(|o| PollOption {
                    title: sanitize::owned_line(&o.title),
                    votes: o.votes_count,
                })
                .collect(),
            multiple: self.multiple,
            expires_at: self.expires_at.and_then(|at| at.parse().ok()),
            expired: self.expired,
            own_votes: self.own_votes,
            voters: self.voters_count,
        }
    }
}

/// A poll as a status's `poll` parameter.
pub(super) fn poll_json(poll: &crate::api::NewPoll) -> Value {
    json!({
        "options": poll.options,
        "expires_in": poll.expires_in,
        "multiple": poll.multiple,
        "hide_totals": poll.hide_totals,
    })
}

pub(super) fn mastodon_visibility(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "public",
        Visibility::Unlisted | Visibility::Home => "unlisted",
        Visibility::Private => "private",
        Visibility::Direct | Visibility::Specified => "direct",
    }
}

/// `GET /api/v2/instance` (or v1), as far as writing a post needs it.
#[derive(Deserialize, Default)]
pub(super) struct WireInstance {
    #[serde(default)]
    pub(super) configuration: WireConfiguration,
    #[serde(default)]
    pub(super) api_versions: HashMap<String, u32>,
    /// Pleroma and Akkoma say the limit here.
    pub(super) max_toot_chars: Option<usize>,
}

#[derive(Deserialize, Default)]
pub(super) struct WireConfiguration {
    #[serde(default)]
    pub(super) statuses: WireStatusRules,
    #[serde(default)]
    pub(super) polls: WirePollRules,
    #[serde(default)]
    pub(super) translation: WireTranslationRules,
}

#[derive(Deserialize, Default)]
pub(super) struct WireTranslationRules {
    #[serde(default)]
    pub(super) enabled: bool,
}

/// `POST /api/v1/statuses/:id/translate`.
#[derive(Deserialize)]
pub(super) struct WireTranslation {
    #[serde(default)]
    content: String,
    detected_source_language: Option<String>,
    provider: Option<String>,
}

impl WireTranslation {
    pub(super) fn into_translation(self) -> Translation {
        Translation {
            content: html::to_rich_text(&self.content, &|_: &str| None),
            from: sanitize::some_line(self.detected_source_language),
            provider: sanitize::some_line(self.provider),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct WireStatusRules {
    pub(super) max_characters: Option<usize>,
    pub(super) characters_reserved_per_url: Option<usize>,
    pub(super) max_media_attachments: Option<usize>,
}

#[derive(Deserialize, Default)]
pub(super) struct WirePollRules {
    pub(super) max_options: Option<usize>,
}

impl WireInstance {
    pub(super) fn into_rules(self) -> ComposeRules {
        let defaults = ComposeRules::mastodon_defaults();
        let statuses = self.configuration.statuses;
        ComposeRules {
            max_characters: statuses
                .max_characters
                .or(self.max_toot_chars)
                .unwrap_or(defaults.max_characters),
            counting: Counting::Mastodon {
                url_length: statuses.characters_reserved_per_url.unwrap_or(23),
            },
            // Quotes can be written from Mastodon 4.5 (API version 7).
            can_quote: self.api_versions.get("mastodon").is_some_and(|v| *v >= 7),
            can_translate: self.configuration.translation.enabled,
            max_media: statuses.max_media_attachments.unwrap_or(defaults.max_media),
            max_poll_options: self
                .configuration
                .polls
                .max_options
                .unwrap_or(defaults.max_poll_options),
            ..defaults
        }
    }
}

/// `GET /api/v1/preferences`: the user's posting defaults.
#[derive(Deserialize)]
pub(super) struct WirePreferences {
    #[serde(rename = "posting:default:visibility")]
    pub(super) visibility: Option<String>,
    #[serde(rename = "posting:default:language")]
    pub(super) language: Option<String>,
    #[serde(rename = "posting:default:sensitive", default)]
    pub(super) sensitive: bool,
}

impl WirePreferences {
    pub(super) fn apply(self, rules: &mut ComposeRules) {
        rules.default_visibility = self.visibility.as_deref().map(|v| match v {
            "unlisted" => Visibility::Unlisted,
            "private" => Visibility::Private,
            "direct" => Visibility::Direct,
            _ => Visibility::Public,
        });
        rules.default_language = self
            .language
            .map(|l| sanitize::owned_line(&l))
            .filter(|l| !l.is_empty());
        rules.default_sensitive = self.sensitive;
    }
}

#[derive(Deserialize)]
pub(super) struct FilterResult {
    pub(super) filter: WireFilter,
}

#[derive(Deserialize)]
pub(super) struct WireFilter {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) filter_action: String,
}

/// `hide` hides; `warn` folds the post behind the filters' titles. (`blur`, 4.4, only blurs
/// media, which skua shows as text anyway.)
pub(super) fn filtered_by(results: &[FilterResult]) -> Option<Filtered> {
    if results.iter().any(|r| r.filter.filter_action == "hide") {
        return Some(Filtered::Hide);
    }
    let titles: Vec<String> = results
        .iter()
        .filter(|r| r.filter.filter_action == "warn")
        .map(|r| sanitize::owned_line(r.filter.title.trim()))
        .collect();
    (!titles.is_empty()).then(|| Filtered::Warn(titles.join(", ")))
}

#[derive(Deserialize)]
pub(super) struct Attachment {
    #[serde(default)]
    pub(super) id: String,
    #[serde(rename = "type", default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) url: Option<String>,
    pub(super) remote_url: Option<String>,
    pub(super) description: Option<String>,
    pub(super) preview_url: Option<String>,
    #[serde(default)]
    pub(super) meta: Option<AttachmentMeta>,
    pub(super) blurhash: Option<String>,
}

/// Longest BlurHash kept: 9 by 9 components take 166 characters; a longer one is not one.
const MAX_BLURHASH: usize = 200;

/// An attachment's sizes: the original's, and the preview's.
#[derive(Deserialize, Default)]
pub(super) struct AttachmentMeta {
    pub(super) original: Option<Dimensions>,
    pub(super) small: Option<Dimensions>,
}

#[derive(Deserialize)]
pub(super) struct Dimensions {
    pub(super) width: Option<u32>,
    pub(super) height: Option<u32>,
}

impl AttachmentMeta {
    fn size(&self) -> Option<(u32, u32)> {
        [&self.original, &self.small]
            .into_iter()
            .flatten()
            .find_map(|d| Some((d.width?, d.height?)).filter(|(w, h)| *w > 0 && *h > 0))
    }
}

#[derive(Deserialize)]
pub(super) struct Mention {
    pub(super) url: String,
    pub(super) acct: String,
}

#[derive(Deserialize)]
pub(super) struct WireTag {
    pub(super) name: String,
    /// Whether the user follows it (absent where the server does not say).
    #[serde(default)]
    pub(super) following: Option<bool>,
}

impl WireTag {
    pub(super) fn into_tag(self) -> crate::api::model::Tag {
        crate::api::model::Tag {
            name: sanitize::owned_line(&self.name),
            following: self.following.unwrap_or(false),
        }
    }
}

impl Status {
    /// A timeline entry: a boost shows the boosted post; the entry keeps its own id.
    pub(super) fn into_entry(self) -> Entry {
        let id = sanitize::owned_line(&self.id);
        match self.reblog {
            Some(original) => {
                let booster = self.account.into_account();
                let filtered = filtered_by(self.filtered.as_deref().unwrap_or_default());
                let mut post = original.into_post();
                if post.filtered != Some(Filtered::Hide) && filtered.is_some() {
                    post.filtered = filtered;
                }
                Entry {
                    id,
                    post: Some(post),
                    boosted_by: Some(booster),
                    pinned: false,
                    notice: None,
                }
            }
            None => Entry::of(self.into_post()),
        }
    }

    /// The post itself (for a boost, the boosted post).
    pub(super) fn into_post(self) -> Post {
        if let Some(original) = self.reblog {
            return original.into_post();
        }
        let mentions = self.mentions;
        let acct_for = |url: &str| {
            mentions
                .iter()
                .find(|m| m.url == url)
                .map(|m| sanitize::owned_line(&m.acct))
        };
        let spoiler = sanitize::owned_line(self.spoiler_text.trim());
        Post {
            id: sanitize::owned_line(&self.id),
            author: self.account.into_account(),
            created_at: self.created_at.parse().unwrap_or_else(|e| {
                tracing::warn!(id = %self.id, error = %e, "bad created_at");
                jiff::Timestamp::UNIX_EPOCH
            }),
            visibility: match self.visibility.as_str() {
                "unlisted" => Visibility::Unlisted,
                "private" => Visibility::Private,
                "direct" => Visibility::Direct,
                _ => Visibility::Public,
            },
            content: html::to_rich_text(&self.content, &acct_for),
            spoiler: (!spoiler.is_empty()).then_some(spoiler),
            media: self
                .media_attachments
                .into_iter()
                .filter_map(|a| {
                    let url = a.url.or(a.remote_url)?;
                    Some(Media {
                        id: sanitize::owned_line(&a.id),
                        kind: match a.kind.as_str() {
                            "image" => MediaKind::Image,
                            "gifv" => MediaKind::Gifv,
                            "video" => MediaKind::Video,
                            "audio" => MediaKind::Audio,
                            _ => MediaKind::Other,
                        },
                        url: sanitize::owned_line(&url),
                        description: sanitize::some_line(a.description),
                        preview_url: a.preview_url.map(|u| sanitize::owned_line(&u)),
                        size: a.meta.as_ref().and_then(AttachmentMeta::size),
                        blurhash: a.blurhash.filter(|hash| hash.len() <= MAX_BLURHASH),
                    })
                })
                .collect(),
            tags: self
                .tags
                .iter()
                .map(|t| sanitize::owned_line(&t.name))
                .collect(),
            url: self.url.or(self.uri).map(|u| sanitize::owned_line(&u)),
            counts: Counts {
                replies: self.replies_count,
                boosts: self.reblogs_count,
                favourites: self.favourites_count,
                reactions: Vec::new(),
            },
            in_reply_to: self.in_reply_to_id.map(|id| sanitize::owned_line(&id)),
            parent: None,
            // Shown only once its author accepted it (Mastodon 4.4+).
            quote: self
                .quote
                .filter(|q| q.state == "accepted")
                .and_then(|q| q.quoted_status)
                .map(|quoted| Box::new(quoted.into_post())),
            poll: self.poll.map(WirePoll::into_poll),
            edited_at: self.edited_at.and_then(|at| at.parse().ok()),
            quotable: self
                .quote_approval
                .map(|approval| match approval.current_user.as_str() {
                    "automatic" => Quotable::Yes,
                    "manual" => Quotable::OnApproval,
                    _ => Quotable::No,
                }),
            language: self.language.map(|l| sanitize::owned_line(&l)),
            sensitive: self.sensitive,
            filtered: filtered_by(self.filtered.as_deref().unwrap_or_default()),
            mine: Mine {
                favourited: self.favourited.unwrap_or(false),
                boosted: self.reblogged,
                bookmarked: self.bookmarked,
                reaction: None,
                thread_muted: self.muted,
                pinned: self.pinned,
            },
            card: self.card.as_ref().and_then(card_of),
            channel: None,
            translation: None,
        }
        .within_bounds()
    }
}

/// One version of an edited post.
#[derive(Deserialize)]
pub(super) struct WireEdit {
    created_at: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    spoiler_text: String,
}

impl WireEdit {
    pub(super) fn into_version(self) -> Version {
        let spoiler = sanitize::owned_line(self.spoiler_text.trim());
        Version {
            at: self
                .created_at
                .parse()
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            content: html::to_rich_text(&self.content, &|_: &str| None),
            spoiler: (!spoiler.is_empty()).then_some(cut_line(spoiler)),
        }
    }
}
