//! Misskey's wire types, and their conversion into the model at the edge.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::api::http;
use crate::api::model::*;
use crate::api::{ComposeRules, Counting, NewPost, mfm};
use crate::sanitize;

/// What reading wire types into the model needs to know of the server they came from.
pub(super) trait Origin {
    fn base(&self) -> &Url;
    /// `host[:port]`, as remote accounts' handles are written.
    fn host(&self) -> &str;
    fn note_url(&self, id: &str) -> String {
        http::endpoint(self.base(), &format!("notes/{id}")).to_string()
    }
}

/// `notes/create`'s parameters for a post.
pub(super) fn note_body(post: &NewPost) -> Value {
    let visibility = match post.visibility {
        Visibility::Public => "public",
        Visibility::Unlisted | Visibility::Home => "home",
        Visibility::Private => "followers",
        // Seen by those in visibleUserIds (added by `Misskey::note_body`).
        Visibility::Direct | Visibility::Specified => "specified",
    };
    let mut body = json!({ "visibility": visibility, "localOnly": post.local_only });
    let fields = [
        ("text", (!post.text.is_empty()).then_some(&post.text)),
        ("cw", (!post.spoiler.is_empty()).then_some(&post.spoiler)),
        ("replyId", post.in_reply_to.as_ref()),
        ("renoteId", post.quote.as_ref()),
        ("channelId", post.channel.as_ref()),
    ];
    http::put_present(&mut body, &fields);
    if !post.media.is_empty() {
        body["fileIds"] = json!(post.media);
    }
    if let Some(poll) = &post.poll {
        body["poll"] = json!({
            "choices": poll.options,
            "multiple": poll.multiple,
            "expiredAfter": poll.expires_in * 1000,
        });
    }
    body
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireList {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) user_ids: Option<Vec<String>>,
    pub(super) is_public: Option<bool>,
}

impl WireList {
    pub(super) fn into_list(self) -> List {
        List {
            id: sanitize::owned_line(&self.id),
            title: sanitize::owned_line(&self.name),
            settings: ListSettings {
                public: self.is_public,
                ..ListSettings::default()
            },
            member_count: self.user_ids.map(|ids| ids.len()),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Membership {
    pub(super) id: String,
    pub(super) user: User,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct User {
    pub(super) id: String,
    pub(super) username: String,
    pub(super) host: Option<String>,
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) is_bot: bool,
    /// Sharkey: the user refuses to be quoted.
    #[serde(default)]
    pub(super) reject_quotes: bool,
}

impl User {
    pub(crate) fn into_account(self, base: &Url) -> Account {
        let acct = match &self.host {
            Some(host) => format!("{}@{host}", self.username),
            None => self.username.clone(),
        };
        Account {
            id: sanitize::owned_line(&self.id),
            url: Some(sanitize::owned_line(&format!("{base}@{acct}"))),
            acct: sanitize::owned_line(&acct),
            username: sanitize::owned_line(&self.username),
            display_name: sanitize::owned_line(self.name.as_deref().unwrap_or_default()),
            bot: self.is_bot,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Note {
    pub(super) id: String,
    pub(super) created_at: String,
    pub(super) text: Option<String>,
    pub(super) cw: Option<String>,
    pub(super) user: User,
    #[serde(default)]
    pub(super) visibility: String,
    pub(super) renote: Option<Box<Note>>,
    pub(super) reply: Option<Box<Note>>,
    pub(super) reply_id: Option<String>,
    #[serde(default)]
    pub(super) files: Vec<DriveFile>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) url: Option<String>,
    pub(super) uri: Option<String>,
    #[serde(default)]
    pub(super) reactions: HashMap<String, u64>,
    #[serde(default)]
    pub(super) renote_count: Option<u64>,
    #[serde(default)]
    pub(super) replies_count: Option<u64>,
    pub(super) poll: Option<WirePoll>,
    pub(super) my_reaction: Option<String>,
    pub(super) updated_at: Option<String>,
    pub(super) channel: Option<NoteChannel>,
}

/// The channel a note is in, as notes carry it.
#[derive(Deserialize)]
pub(super) struct NoteChannel {
    pub(super) id: String,
    #[serde(default)]
    pub(super) name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WirePoll {
    #[serde(default)]
    pub(super) multiple: bool,
    pub(super) expires_at: Option<String>,
    #[serde(default)]
    pub(super) choices: Vec<WireChoice>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireChoice {
    pub(super) text: String,
    #[serde(default)]
    pub(super) votes: u64,
    #[serde(default)]
    pub(super) is_voted: bool,
}

impl WirePoll {
    /// Misskey's poll is the note's: it is voted on by note id.
    pub(super) fn into_poll(self, note: &str) -> Poll {
        let expires_at: Option<jiff::Timestamp> = self.expires_at.and_then(|at| at.parse().ok());
        Poll {
            id: sanitize::owned_line(note),
            own_votes: (0..self.choices.len())
                .filter(|i| self.choices[*i].is_voted)
                .collect(),
            options: self
                .choices
                .into_iter()
                .map(|c| PollOption {
                    title: sanitize::owned_line(&c.text),
                    votes: Some(c.votes),
                })
                .collect(),
            multiple: self.multiple,
            expired: false,
            expires_at,
            voters: None,
        }
    }
}

/// A user with what a profile shows (`UserDetailed`); the relation fields come only with a
/// token and not for oneself.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DetailedUser {
    #[serde(flatten)]
    pub(super) user: User,
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) fields: Vec<WireField>,
    #[serde(default)]
    pub(super) verified_links: Vec<String>,
    pub(super) notes_count: Option<u64>,
    pub(super) followers_count: Option<u64>,
    pub(super) following_count: Option<u64>,
    pub(super) created_at: Option<String>,
    #[serde(default)]
    pub(super) is_locked: bool,
    #[serde(flatten)]
    pub(super) relation: WireRelation,
    #[serde(default)]
    pub(super) pinned_notes: Vec<Note>,
    /// The id of the account it moved to, if it did.
    pub(super) moved_to: Option<String>,
    pub(super) avatar_url: Option<String>,
    /// The viewer's private note on the user (absent on the viewer's own).
    pub(super) memo: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct WireField {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) value: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireRelation {
    pub(super) is_following: Option<bool>,
    #[serde(default)]
    pub(super) has_pending_follow_request_from_you: bool,
    #[serde(default)]
    pub(super) is_followed: bool,
    #[serde(default)]
    pub(super) is_muted: bool,
    #[serde(default)]
    pub(super) is_blocking: bool,
    #[serde(default)]
    pub(super) is_renote_muted: bool,
}

impl WireRelation {
    pub(super) fn into_model(self) -> Relationship {
        Relationship {
            following: self.is_following.unwrap_or(false),
            requested: self.has_pending_follow_request_from_you,
            followed_by: self.is_followed,
            muting: self.is_muted,
            blocking: self.is_blocking,
            showing_boosts: !self.is_renote_muted,
        }
    }
}

impl DetailedUser {
    pub(super) fn into_profile(self, server: &impl Origin) -> Profile {
        let verified = self.verified_links;
        // Without the relation fields the profile is the viewer's own (or no token was sent).
        let relationship = self
            .relation
            .is_following
            .is_some()
            .then(|| self.relation.into_model());
        Profile {
            account: self.user.into_account(server.base()),
            note: mfm::to_rich_text(
                self.description.as_deref().unwrap_or_default(),
                server.host(),
            ),
            fields: self
                .fields
                .into_iter()
                .map(|f| Field {
                    verified: verified.contains(&f.value),
                    name: sanitize::owned_line(f.name.trim()),
                    value: sanitize::owned_line(f.value.trim()),
                })
                .collect(),
            posts: self.notes_count,
            followers: self.followers_count,
            following: self.following_count,
            joined: self.created_at.and_then(|t| t.parse().ok()),
            locked: self.is_locked,
            moved: self.moved_to.map(|_| Moved::Unnamed),
            avatar: self
                .avatar_url
                .filter(|url| !url.is_empty())
                .map(|url| sanitize::owned_line(&url)),
            // Kept for others' profiles, where one can be written.
            private_note: relationship
                .is_some()
                .then(|| sanitize::text(self.memo.as_deref().unwrap_or_default()).into_owned()),
            familiar_followers: Vec::new(),
            relationship,
        }
    }
}

/// An entry of `i/favorites`.
#[derive(Deserialize)]
pub(super) struct Favorite {
    pub(super) id: String,
    pub(super) note: Note,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NoteState {
    #[serde(default)]
    pub(super) is_favorited: bool,
    #[serde(default)]
    pub(super) is_muted_thread: bool,
}

#[derive(Deserialize)]
pub(super) struct DriveFile {
    #[serde(default)]
    pub(super) id: String,
    #[serde(rename = "type", default)]
    pub(super) mime: String,
    pub(super) url: Option<String>,
    pub(super) comment: Option<String>,
    #[serde(rename = "thumbnailUrl")]
    pub(super) thumbnail_url: Option<String>,
    #[serde(default)]
    pub(super) properties: Option<FileProperties>,
    pub(super) blurhash: Option<String>,
}

impl DriveFile {
    /// The file as an attachment; `None` where it has no address.
    pub(super) fn into_media(self) -> Option<Media> {
        let kind = match self.mime.split('/').next().unwrap_or_default() {
            "image" if self.mime == "image/gif" => MediaKind::Gifv,
            "image" => MediaKind::Image,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            _ => MediaKind::Other,
        };
        Some(Media {
            id: sanitize::owned_line(&self.id),
            kind,
            url: sanitize::owned_line(&self.url?),
            description: sanitize::some_line(self.comment),
            preview_url: self.thumbnail_url.map(|u| sanitize::owned_line(&u)),
            size: self
                .properties
                .and_then(|p| Some((p.width?, p.height?)))
                .filter(|(w, h)| *w > 0 && *h > 0),
            // 9 by 9 components take 166 characters; a longer one is not one.
            blurhash: self.blurhash.filter(|hash| hash.len() <= 200),
        })
    }
}

/// A drive file's pixel size, where Misskey measured it.
#[derive(Deserialize)]
pub(super) struct FileProperties {
    pub(super) width: Option<u32>,
    pub(super) height: Option<u32>,
}

impl Note {
    /// A renote without text of its own only points at another note.
    pub(super) fn is_pure_renote(&self) -> bool {
        self.renote.is_some() && self.text.is_none() && self.files.is_empty() && self.poll.is_none()
    }

    /// A timeline entry: a pure renote shows the renoted note; the entry keeps its own id.
    pub(super) fn into_entry(self, server: &impl Origin) -> Entry {
        if self.is_pure_renote()
            && let Some(original) = self.renote
        {
            return Entry {
                id: sanitize::owned_line(&self.id),
                post: Some(original.into_post(server)),
                boosted_by: Some(self.user.into_account(server.base())),
                pinned: false,
                notice: None,
            };
        }
        Entry::of(self.into_post(server))
    }

    /// The note itself (for a pure renote, the renoted note).
    pub(super) fn into_post(self, server: &impl Origin) -> Post {
        if self.is_pure_renote()
            && let Some(original) = self.renote
        {
            return original.into_post(server);
        }
        let url = self
            .url
            .or(self.uri)
            .unwrap_or_else(|| server.note_url(&self.id));
        let mut reactions: Vec<(String, u64)> = self
            .reactions
            .into_iter()
            .map(|(reaction, count)| (sanitize::owned_line(&reaction_label(&reaction)), count))
            .collect();
        reactions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let cw = self.cw.as_deref().map(|cw| sanitize::owned_line(cw.trim()));
        let mine = Mine {
            reaction: self
                .my_reaction
                .as_deref()
                .map(|r| sanitize::owned_line(&reaction_label(r))),
            ..Mine::default()
        };
        let quotable = self.user.reject_quotes.then_some(Quotable::No);
        Post {
            id: sanitize::owned_line(&self.id),
            created_at: self.created_at.parse().unwrap_or_else(|e| {
                tracing::warn!(id = %self.id, error = %e, "bad createdAt");
                jiff::Timestamp::UNIX_EPOCH
            }),
            author: self.user.into_account(server.base()),
            visibility: match self.visibility.as_str() {
                "home" => Visibility::Home,
                "followers" => Visibility::Private,
                "specified" => Visibility::Specified,
                _ => Visibility::Public,
            },
            content: mfm::to_rich_text(self.text.as_deref().unwrap_or_default(), server.host()),
            // Misskey allows an empty CW; it still hides the text.
            spoiler: cw,
            media: self
                .files
                .into_iter()
                .filter_map(DriveFile::into_media)
                .collect(),
            tags: self.tags.iter().map(|t| sanitize::owned_line(t)).collect(),
            url: Some(sanitize::owned_line(&url)),
            counts: Counts {
                replies: self.replies_count,
                boosts: self.renote_count,
                favourites: None,
                reactions,
            },
            in_reply_to: self.reply_id.map(|id| sanitize::owned_line(&id)),
            parent: self.reply.map(|n| Box::new(n.into_post(server))),
            quote: self.renote.map(|n| Box::new(n.into_post(server))),
            poll: self.poll.map(|p| p.into_poll(&self.id)),
            // Sharkey says when a note was edited.
            edited_at: self.updated_at.and_then(|at| at.parse().ok()),
            quotable,
            language: None,
            sensitive: false,
            filtered: None,
            mine,
            card: None,
            channel: self.channel.map(|c| ChannelTag {
                id: sanitize::owned_line(&c.id),
                name: sanitize::owned_line(&c.name),
            }),
            translation: None,
        }
        .within_bounds()
    }
}

/// `:blob@.:` (a local custom emoji) and `:blob@host:` show as `:blob:`; Unicode stays as is.
pub(super) fn reaction_label(reaction: &str) -> String {
    match reaction.strip_prefix(':').and_then(|r| r.strip_suffix(':')) {
        Some(name) => format!(":{}:", name.split('@').next().unwrap_or(name)),
        None => reaction.to_owned(),
    }
}

/// `notes/translate`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireTranslation {
    source_lang: Option<String>,
    #[serde(default)]
    text: String,
}

impl WireTranslation {
    pub(super) fn into_translation(self, host: &str) -> Translation {
        Translation {
            content: mfm::to_rich_text(&self.text, host),
            from: sanitize::some_line(self.source_lang),
            provider: None,
        }
    }
}

/// `meta`: what a note may hold on this server.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireMeta {
    max_note_text_length: Option<usize>,
    /// Newer Misskey and forks configure it; upstream's schema allows 100.
    max_cw_length: Option<usize>,
    #[serde(default)]
    translator_available: bool,
}

impl WireMeta {
    pub(super) fn into_rules(self, can_edit: bool) -> ComposeRules {
        ComposeRules {
            max_characters: self.max_note_text_length.unwrap_or(3000),
            counting: Counting::Misskey {
                max_cw: self.max_cw_length.unwrap_or(100),
            },
            can_quote: true,
            max_media: 16,
            max_poll_options: 10,
            poll_with_media: true,
            can_edit,
            can_translate: self.translator_available,
            default_visibility: None,
            default_language: None,
            default_sensitive: false,
            forced_warning: None,
        }
    }
}
