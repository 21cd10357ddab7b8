/// A hashtag, with whether the user follows it (its posts then come to Home).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Without the `#`, as the server writes it.
    pub name: String,
    pub following: bool,
}

/// A hashtag in use now: how many posts and people lately (Mastodon: the last days; Misskey:
/// the last hours), where the server says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendingTag {
    pub name: String,
    pub uses: Option<u64>,
    pub people: Option<u64>,
}
