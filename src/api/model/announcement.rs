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
