//! Accounts, their profiles, and how the viewer relates to them.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    /// `user` for local accounts, `user@host` for remote ones.
    pub acct: String,
    pub display_name: String,
    pub url: Option<String>,
    pub bot: bool,
}

impl Account {
    /// The display name, or the username when the server has none.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// An account's profile: who they are, and how the viewer relates to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub account: Account,
    /// The bio, rendered like posts.
    pub note: RichText,
    pub fields: Vec<Field>,
    pub posts: Option<u64>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub joined: Option<Timestamp>,
    /// Follow requests need approval.
    pub locked: bool,
    /// `None` for the viewer's own profile (or when the server did not say).
    pub relationship: Option<Relationship>,
    /// The account has moved and is no longer used.
    pub moved: Option<Moved>,
    /// The address of its picture (a still one, where the server has both).
    pub avatar: Option<String>,
    /// The viewer's private note on the account (only they see it); `None` where the server
    /// keeps none (the viewer's own profile).
    pub private_note: Option<String>,
    /// Accounts the viewer follows who follow it (Mastodon), by name.
    pub familiar_followers: Vec<String>,
}

/// Where an account moved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Moved {
    /// To this account (Mastodon names it).
    To(Box<Account>),
    /// To an account the server does not name here (Misskey gives only its id).
    Unnamed,
}

/// A name/value pair on a profile; `verified` when the server checked that the linked page
/// links back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub verified: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relationship {
    pub following: bool,
    /// A follow request waits for their approval.
    pub requested: bool,
    pub followed_by: bool,
    pub muting: bool,
    pub blocking: bool,
    /// Their boosts (Misskey: renotes) come to Home; the user can leave them out.
    pub showing_boosts: bool,
}

/// A change of how the viewer relates to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relate {
    Follow(bool),
    /// Mute, for this long (`None`: until unmuted); or unmute.
    Mute(Option<Option<std::time::Duration>>),
    Block(bool),
    /// Let their boosts (Misskey: renotes) come to Home, or leave them out.
    Boosts(bool),
}

/// Which of an account's posts a profile shows.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum AccountPosts {
    #[default]
    Posts,
    WithReplies,
    Media,
}

impl AccountPosts {
    pub fn next(self) -> AccountPosts {
        match self {
            AccountPosts::Posts => AccountPosts::WithReplies,
            AccountPosts::WithReplies => AccountPosts::Media,
            AccountPosts::Media => AccountPosts::Posts,
        }
    }
}
