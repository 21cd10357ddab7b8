use jiff::Timestamp;

/// A message from the server's staff to everyone on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: String,
    /// Misskey's title; Mastodon's have none.
    pub title: Option<String>,
    /// As plain text, made safe.
    pub text: String,
    pub published: Option<Timestamp>,
    /// Whether the user has read it (the server keeps this).
    pub read: bool,
    /// Emoji reactions (Mastodon), each with how many and whether the user gave it.
    pub reactions: Vec<AnnouncementReaction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementReaction {
    pub name: String,
    pub count: u64,
    pub mine: bool,
}

/// Notifications from someone the server's policy filtered (Mastodon 4.3+): waiting for the
/// user to accept (they join the notifications) or dismiss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRequest {
    pub id: String,
    pub account: super::Account,
    /// How many notifications wait.
    pub count: u64,
}

/// Who the server filters notifications from, and how many wait.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationPolicy {
    /// Each rule's name as the server has it (`for_not_following`...), and what it does:
    /// `accept`, `filter` or `drop`.
    pub rules: Vec<(String, String)>,
    pub pending_requests: u64,
}
