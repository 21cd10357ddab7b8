//! A Misskey clip: a named collection of notes, the user's own or one they favourited.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// Empty for one not yet made.
    pub id: String,
    pub name: String,
    pub description: String,
    /// Seen by anyone (else by its owner alone).
    pub public: bool,
    /// The user's own (else one they favourited, made by `owner`).
    pub mine: bool,
    pub owner: String,
    pub notes: Option<u64>,
}
