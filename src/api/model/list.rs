//! The user's lists and their members.

use super::*;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct List {
    pub id: String,
    pub title: String,
    /// Settings the server has; `None` where it has no such setting.
    pub settings: ListSettings,
    /// How many accounts are on the list, once known.
    pub member_count: Option<usize>,
}

/// A list's options. Each is `None` on servers without it: `replies_policy` (Mastodon 3.3+),
/// `exclusive` (Mastodon 4.2+: members' posts stay out of home), `public` (Misskey).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListSettings {
    pub replies_policy: Option<RepliesPolicy>,
    pub exclusive: Option<bool>,
    pub public: Option<bool>,
}

/// Which replies a Mastodon list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RepliesPolicy {
    /// Replies to anyone the user follows.
    Followed,
    /// Replies to other members of the list.
    List,
    None,
}

impl RepliesPolicy {
    pub const ALL: [RepliesPolicy; 3] = [
        RepliesPolicy::Followed,
        RepliesPolicy::List,
        RepliesPolicy::None,
    ];

    /// The name Mastodon uses, also used on skua's command line.
    pub fn wire_name(self) -> &'static str {
        match self {
            RepliesPolicy::Followed => "followed",
            RepliesPolicy::List => "list",
            RepliesPolicy::None => "none",
        }
    }

    pub fn from_wire_name(name: &str) -> Option<RepliesPolicy> {
        RepliesPolicy::ALL
            .into_iter()
            .find(|p| p.wire_name() == name)
    }

    /// The next choice, for cycling through them with one key.
    pub fn next(self) -> RepliesPolicy {
        match self {
            RepliesPolicy::Followed => RepliesPolicy::List,
            RepliesPolicy::List => RepliesPolicy::None,
            RepliesPolicy::None => RepliesPolicy::Followed,
        }
    }
}

/// One page of a list's members, with an opaque cursor for the next page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberPage {
    pub accounts: Vec<Account>,
    pub next: Option<String>,
}
