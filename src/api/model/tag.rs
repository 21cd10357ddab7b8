/// A hashtag, with whether the user follows it (its posts then come to Home).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Without the `#`, as the server writes it.
    pub name: String,
    pub following: bool,
}
