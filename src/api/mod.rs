//! Everything protocol-specific lives under `api/`. The rest of skua talks to a [`Backend`] and
//! only ever sees the types in [`model`].

pub mod compose;
pub mod detect;
pub mod error;
pub mod html;
pub mod http;
pub mod judge;
pub mod list_change;
pub mod mastodon;
pub mod media;
pub mod mfm;
pub mod misskey;
pub mod model;
pub mod nodeinfo;
pub mod stream;
pub mod tls;

/// Seeded random texts for the parsers' hostile-input tests: `count` texts, each `length`
/// of `pieces` picked by a xorshift generator from `seed`.
#[cfg(test)]
pub(crate) fn random_texts(
    pieces: &[&str],
    mut seed: u64,
    count: usize,
    length: usize,
) -> Vec<String> {
    let mut pick = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        pieces[(seed % pieces.len() as u64) as usize]
    };
    (0..count)
        .map(|_| (0..length).map(|_| pick()).collect())
        .collect()
}

/// What each block of `rich` is and how deep in quotes, as both parsers' tests compare them.
#[cfg(test)]
pub(crate) fn block_kinds(rich: &RichText) -> Vec<(BlockKind, u8)> {
    rich.blocks
        .iter()
        .map(|b| (b.kind.clone(), b.quote_depth))
        .collect()
}

pub use compose::{
    ComposeRules, Counting, KeptFile, NewPoll, NewPost, Progress, Referred, ScheduledPost, Sent,
    ServerDraft, Upload,
};
pub use error::{ApiError, PartlyDone};
pub use model::*;

use std::borrow::Cow;

use async_trait::async_trait;
use jiff::Timestamp;

/// Pages a paged read (members, counts) fetches at most: a server whose pages never end
/// must not keep skua reading for ever.
pub const MAX_PAGES: usize = 50;
/// Items a paged read collects at most.
pub const MAX_ITEMS: usize = 5_000;

/// Account ids found for `user@host` names, so an account named only by its address (a tab
/// from the config) is looked up once, not with every page.
#[derive(Debug, Default)]
pub struct AccountIds(std::sync::Mutex<std::collections::HashMap<String, String>>);

impl AccountIds {
    /// The timeline as the server can page it: an account named only by `acct` gets its id.
    pub async fn resolve<'a>(
        &self,
        backend: &(impl Backend + ?Sized),
        kind: &'a TimelineKind,
    ) -> Result<Cow<'a, TimelineKind>, ApiError> {
        let TimelineKind::Account { id, acct, posts } = kind else {
            return Ok(Cow::Borrowed(kind));
        };
        if !id.is_empty() {
            return Ok(Cow::Borrowed(kind));
        }
        let known = self.ids().get(acct).cloned();
        let id = match known {
            Some(id) => id,
            None => {
                let id = backend.lookup_account(acct).await?.id;
                self.ids().insert(acct.clone(), id.clone());
                id
            }
        };
        Ok(Cow::Owned(TimelineKind::Account {
            id,
            acct: acct.clone(),
            posts: *posts,
        }))
    }

    fn ids(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Misskey's antennas: saved searches feeding timelines (a part of [`Backend`]; Mastodon
/// says it has none).
#[async_trait]
pub trait Antennas: Send + Sync {
    async fn antennas(&self) -> Result<Vec<Antenna>, ApiError>;

    /// Makes the antenna (an empty id) or changes it; answers it as the server has it.
    async fn save_antenna(&self, antenna: &Antenna) -> Result<Antenna, ApiError>;

    async fn delete_antenna(&self, id: &str) -> Result<(), ApiError>;
}

/// Misskey's channels: topic rooms with timelines of their own (a part of [`Backend`];
/// Mastodon says it has none).
#[async_trait]
pub trait Channels: Send + Sync {
    async fn channels(&self, set: &ChannelSet) -> Result<Vec<Channel>, ApiError>;

    /// Follows a channel (its notes reach the home timeline) or stops.
    async fn follow_channel(&self, id: &str, follow: bool) -> Result<(), ApiError>;

    /// Marks a channel a favourite or stops.
    async fn favourite_channel(&self, id: &str, favourite: bool) -> Result<(), ApiError>;
}

/// Misskey's chat with users and in rooms (2025.4 and later; a part of [`Backend`]; other
/// servers say they have none). The chats themselves are rows of the direct messages tab and
/// their messages a timeline ([`TimelineKind::Chat`]).
#[async_trait]
pub trait Chats: Send + Sync {
    /// Sends a message (text, and a file uploaded with [`Posts::upload`]); answers it.
    async fn send_chat(
        &self,
        with: &ChatWith,
        text: &str,
        file: Option<&str>,
    ) -> Result<Post, ApiError> {
        let _ = (with, text, file);
        Err(no_chat())
    }

    /// Reacts to a message with `reaction`, or takes it back.
    async fn react_chat(&self, message: &str, reaction: &str, on: bool) -> Result<(), ApiError> {
        let _ = (message, reaction, on);
        Err(no_chat())
    }

    /// Deletes one of the user's messages.
    async fn delete_chat(&self, message: &str) -> Result<(), ApiError> {
        let _ = message;
        Err(no_chat())
    }
}

/// What a server without chat says.
pub(in crate::api) fn no_chat() -> ApiError {
    ApiError::Unsupported(
        "this server has no chat (Misskey 2025.4 and later has); direct notes are the nearest"
            .into(),
    )
}

/// Misskey's clips: named collections of notes (a part of [`Backend`]; Mastodon says it has
/// none).
#[async_trait]
pub trait Clips: Send + Sync {
    /// The user's clips, then those they favourited.
    async fn clips(&self) -> Result<Vec<Clip>, ApiError>;

    /// Makes the clip (an empty id) or changes it; answers it as the server has it.
    async fn save_clip(&self, clip: &Clip) -> Result<Clip, ApiError>;

    /// Deletes one of the user's clips, or stops favouriting another's.
    async fn delete_clip(&self, clip: &Clip) -> Result<(), ApiError>;

    /// Puts a note in a clip (`add`) or takes it out.
    async fn clip_note(&self, clip: &str, note: &str, add: bool) -> Result<(), ApiError>;

    /// Which of the user's clips hold a note (by id).
    async fn clips_of(&self, note: &str) -> Result<Vec<String>, ApiError>;
}

/// The user's lists and their members, on any server (a part of [`Backend`], in files of its
/// own in each family).
#[async_trait]
pub trait Lists: Send + Sync {
    /// The logged-in user's lists.
    async fn lists(&self) -> Result<Vec<List>, ApiError>;

    /// How many accounts are on a list (for servers whose `lists` does not say).
    async fn member_count(&self, list: &str) -> Result<usize, ApiError>;

    async fn create_list(&self, title: &str, settings: &ListSettings) -> Result<List, ApiError>;

    /// Renames a list and changes the settings that are `Some`.
    async fn update_list(
        &self,
        list: &str,
        title: &str,
        settings: &ListSettings,
    ) -> Result<List, ApiError>;

    async fn delete_list(&self, list: &str) -> Result<(), ApiError>;

    /// A page of a list's members; `cursor` is a previous page's `next`.
    async fn list_members(&self, list: &str, cursor: Option<&str>) -> Result<MemberPage, ApiError>;

    /// Fails with [`ApiError::NotFollowing`] where the server only lists followed accounts.
    async fn add_to_list(&self, list: &str, account: &Account) -> Result<(), ApiError>;

    /// Fails with how many of `accounts` were removed before the failure (servers that remove
    /// one account per request may stop part-way).
    async fn remove_from_list(&self, list: &str, accounts: &[Account]) -> Result<(), PartlyDone>;

    /// The ids of the user's lists `account` is on.
    async fn lists_of(&self, account: &Account) -> Result<Vec<String>, ApiError>;
}

/// Accounts: finding them, their profiles, and how the user relates to them (a part of
/// [`Backend`], in files of its own in each family).
#[async_trait]
pub trait People: Send + Sync {
    /// Accounts matching what the user typed (`name`, `user@host`), best first.
    async fn search_accounts(&self, query: &str) -> Result<Vec<Account>, ApiError>;

    /// Exactly the account `user@host` (or `user` on this server), fetched from its server if needed.
    async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError>;

    async fn follow(&self, account: &Account) -> Result<(), ApiError>;

    /// An account's profile, with how the viewer relates to it.
    async fn profile(&self, account: &Account) -> Result<Profile, ApiError>;

    /// Follows, mutes or blocks an account (or takes it back); answers the relationship after.
    async fn relate(&self, account: &Account, change: Relate) -> Result<Relationship, ApiError>;

    /// Accepts or rejects an account's request to follow the user.
    async fn answer_request(&self, account: &Account, accept: bool) -> Result<(), ApiError>;

    /// Everyone `me` follows, paged to the end (bounded by [`MAX_PAGES`] and [`MAX_ITEMS`]).
    async fn follows(&self, me: &Account) -> Result<Vec<Account>, ApiError>;

    /// A page of the people `crowd` names; `cursor` is a previous page's `next`.
    async fn people(&self, crowd: &Crowd, cursor: Option<&str>) -> Result<PeoplePage, ApiError>;

    /// Takes a domain off the user's blocked domains (Misskey: muted servers).
    async fn unblock_domain(&self, domain: &str) -> Result<(), ApiError>;

    /// The user's own profile as written, with the server's limits on it.
    async fn own_profile(&self) -> Result<(ProfileSource, ProfileLimits), ApiError>;

    /// Changes the user's own profile (uploading the pictures first); answers it as the
    /// server has it now.
    async fn update_profile(&self, change: &ProfileChange) -> Result<Profile, ApiError>;

    /// Keeps the viewer's private note on an account (empty: none).
    async fn set_private_note(&self, account: &Account, note: &str) -> Result<(), ApiError>;

    /// The server's rules, to name in a report.
    async fn server_rules(&self) -> Result<Vec<ServerRule>, ApiError>;

    /// Reports an account (and posts of it) to the moderators.
    async fn report(&self, report: &Report) -> Result<(), ApiError>;
}

/// Posts: a thread, acting on one, writing, editing and deleting one's own, voting,
/// translating (a part of [`Backend`], in files of its own in each family).
#[async_trait]
pub trait Posts: Send + Sync {
    /// A post with the conversation around it.
    async fn context(&self, post: &str) -> Result<Context, ApiError>;

    /// Replies to a post (and to them) that a thread did not fetch with it.
    async fn replies(&self, post: &str) -> Result<Replies, ApiError>;

    /// Does something to a post; returns the server's copy of it afterwards when it sends one.
    async fn act(&self, post: &str, action: &PostAction) -> Result<Option<Post>, ApiError>;

    /// The server's rules for writing a post, with the user's defaults.
    async fn compose_rules(&self) -> Result<ComposeRules, ApiError>;

    /// Uploads a file to attach to a post, telling `progress` how far it is; answers its media
    /// id once the server can attach it (Mastodon may process a while first).
    async fn upload(&self, upload: &Upload, progress: Progress) -> Result<String, ApiError>;

    /// Sends a post; answers it as the server has it.
    async fn post(&self, post: &NewPost) -> Result<Post, ApiError>;

    /// One of the user's posts as they wrote it, for editing or redrafting it.
    async fn source(&self, post: &str) -> Result<Source, ApiError>;

    /// Changes one of the user's posts (not its visibility or what it replies to); answers
    /// it as the server has it now.
    async fn edit(&self, post: &str, changed: &NewPost) -> Result<Post, ApiError>;

    /// The earlier versions of an edited post, oldest first.
    async fn history(&self, post: &str) -> Result<Vec<Version>, ApiError>;

    /// A post's text in `language` (ISO 639-1), by the server's translator.
    async fn translate(&self, post: &Post, language: &str) -> Result<Translation, ApiError>;

    /// Votes in a poll (option indices); answers the poll afterwards.
    async fn vote(&self, poll: &Poll, choices: &[usize]) -> Result<Poll, ApiError>;

    /// Deletes one of the user's own posts.
    async fn delete_post(&self, post: &str) -> Result<(), ApiError>;
}

/// Hashtags: those the user follows or features on their profile, and finding them by name
/// (a part of [`Backend`], in files of its own in each family). Misskey has no follows or
/// featured hashtags: those methods say so.
#[async_trait]
pub trait Tags: Send + Sync {
    /// A hashtag, with whether the user follows it.
    async fn tag(&self, name: &str) -> Result<Tag, ApiError>;

    /// The hashtags the user follows.
    async fn followed_tags(&self) -> Result<Vec<Tag>, ApiError>;

    /// Follows a hashtag, or stops following it; answers it afterwards.
    async fn follow_tag(&self, name: &str, follow: bool) -> Result<Tag, ApiError>;

    /// Features a hashtag on the user's profile, or stops featuring it if it is; answers
    /// whether it is featured now.
    async fn toggle_featured_tag(&self, name: &str) -> Result<bool, ApiError>;

    /// Hashtags whose names start with (or contain) `query`, for completion while writing.
    async fn search_tags(&self, query: &str) -> Result<Vec<String>, ApiError>;
}

/// What is popular on the server, and whom it suggests following (a part of [`Backend`], in
/// files of its own in each family).
#[async_trait]
pub trait Discover: Send + Sync {
    /// Trending posts, hashtags and links, and suggested accounts: each part the server has.
    async fn trends(&self) -> Result<Trends, ApiError>;
}

impl Trends {
    /// What was found, with a note for each part that was not (`failures`: what it is, and
    /// why): "this server has no …" where it has none, the reason otherwise. Nothing found at
    /// all, for a reason other than having none, is that error.
    pub fn noting(mut self, failures: Vec<(String, ApiError)>) -> Result<Trends, ApiError> {
        let nothing = self.posts.is_empty()
            && self.tags.is_empty()
            && self.links.is_empty()
            && self.suggested.is_empty();
        for (what, error) in failures {
            match error {
                ApiError::NotFound(_) | ApiError::Unsupported(_) => {
                    self.unavailable.push(format!("This server has no {what}."))
                }
                error if nothing => return Err(error),
                error => self.unavailable.push(format!("No {what}: {error}")),
            }
        }
        Ok(self)
    }
}

/// The server's announcements to everyone on it (a part of [`Backend`], in files of its own
/// in each family).
#[async_trait]
pub trait Announcements: Send + Sync {
    /// The announcements in force, newest first, each with whether the user read it.
    async fn announcements(&self) -> Result<Vec<Announcement>, ApiError>;

    /// Marks one read, on the server.
    async fn read_announcement(&self, id: &str) -> Result<(), ApiError>;

    /// Gives an emoji reaction to one (`add`), or takes it back (Mastodon).
    async fn react_to_announcement(&self, id: &str, name: &str, add: bool) -> Result<(), ApiError>;
}

/// Notifications the server's policy filtered, waiting as requests (Mastodon 4.3+; a part of
/// [`Backend`], in files of its own in each family).
#[async_trait]
pub trait NotificationRequests: Send + Sync {
    /// The policy, with how many requests wait.
    async fn notification_policy(&self) -> Result<NotificationPolicy, ApiError>;

    /// Sets one rule (`for_not_following`...) to `accept`, `filter` or `drop`; answers the
    /// policy after.
    async fn set_notification_policy(
        &self,
        rule: &str,
        value: &str,
    ) -> Result<NotificationPolicy, ApiError>;

    async fn notification_requests(&self) -> Result<Vec<NotificationRequest>, ApiError>;

    /// Accepts a request (its notifications join the others) or dismisses it.
    async fn answer_notification_request(&self, id: &str, accept: bool) -> Result<(), ApiError>;
}

/// The viewer's filters: Mastodon's v2 filters, Misskey's muted and hard-muted words (a part
/// of [`Backend`], in files of its own in each family). Each answers the filters as they are
/// after, and the backend judges what it reads with them from then on.
#[async_trait]
pub trait Filters: Send + Sync {
    async fn filters(&self) -> Result<Vec<Filter>, ApiError>;

    /// Saves a new filter (an empty id) or a change to one.
    async fn save_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError>;

    async fn delete_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError>;
}

/// Posts the server sends later (Mastodon `scheduled_statuses`; Misskey drafts with a
/// `scheduledAt`; Sharkey `notes/schedule`; a part of [`Backend`], in files of its own in each
/// family).
#[async_trait]
pub trait Scheduling: Send + Sync {
    /// Hands `post` to the server to send at `at` (a server that cannot may post it now).
    async fn schedule(&self, post: &NewPost, at: Timestamp) -> Result<Sent, ApiError>;

    /// Those waiting, soonest first.
    async fn scheduled_posts(&self) -> Result<Vec<ScheduledPost>, ApiError>;

    /// Moves one to `at`; answers it as the server keeps it now.
    async fn reschedule(
        &self,
        post: &ScheduledPost,
        at: Timestamp,
    ) -> Result<ScheduledPost, ApiError>;

    /// Cancels one (by id): it is never sent.
    async fn cancel_scheduled(&self, id: &str) -> Result<(), ApiError>;
}

/// Drafts the server keeps, so that they follow the user between devices (Misskey 2025.x
/// `notes/drafts`; a part of [`Backend`]). A server without them says so.
#[async_trait]
pub trait ServerDrafts: Send + Sync {
    /// The user's drafts on the server (not those scheduled), newest first.
    async fn server_drafts(&self) -> Result<Vec<ServerDraft>, ApiError> {
        Err(no_server_drafts())
    }

    /// Keeps `post` on the server: a new draft, or the one `id` changed; answers its id.
    async fn keep_server_draft(
        &self,
        id: Option<&str>,
        post: &NewPost,
    ) -> Result<String, ApiError> {
        let _ = (id, post);
        Err(no_server_drafts())
    }

    async fn delete_server_draft(&self, id: &str) -> Result<(), ApiError> {
        let _ = id;
        Err(no_server_drafts())
    }
}

/// What a server without drafts of its own says.
pub(in crate::api) fn no_server_drafts() -> ApiError {
    ApiError::Unsupported(
        "this server keeps no drafts of its own (Misskey 2025 and later does); they stay on this device".into(),
    )
}

/// A server, whatever software it runs.
#[async_trait]
pub trait Backend:
    Antennas
    + Channels
    + Chats
    + Clips
    + Lists
    + People
    + Posts
    + Tags
    + Discover
    + Announcements
    + NotificationRequests
    + Filters
    + Scheduling
    + ServerDrafts
{
    /// One page of a timeline, newest first.
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError>;

    /// Accounts, hashtags and posts matching a query; `@user@host` and a post's or profile's
    /// address from any server are looked up (resolved) too.
    async fn search(&self, query: &str) -> Result<SearchResults, ApiError>;

    /// The names of the server's custom emoji (on Misskey those any user may react with).
    async fn custom_emojis(&self) -> Result<Vec<String>, ApiError> {
        Ok(Vec::new())
    }

    /// Who the token belongs to.
    async fn verify_credentials(&self) -> Result<Account, ApiError>;

    /// Where the user stopped reading, as the server keeps it; `None` where it keeps none
    /// (skua keeps it locally then).
    async fn read_positions(&self) -> Result<Option<ReadPositions>, ApiError> {
        Ok(None)
    }

    /// Tells the server how far the user has read `kind` (home or notifications).
    async fn save_position(&self, kind: &TimelineKind, id: &str) -> Result<(), ApiError>;

    /// Marks a direct conversation read (Mastodon; Misskey keeps no such mark).
    async fn read_conversation(&self, _conversation: &str) -> Result<(), ApiError> {
        Ok(())
    }

    /// Opens the server's streaming connection.
    async fn stream(&self) -> Result<Box<dyn stream::LiveStream>, ApiError> {
        Err(ApiError::Unsupported(
            "this server has no streaming API".into(),
        ))
    }

    /// Which API family the server speaks (some features exist in one only).
    fn flavor(&self) -> detect::Flavor;
}
