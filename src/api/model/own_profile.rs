//! The user's own profile as they wrote it, the server's limits on it, and a change to it.

use std::path::PathBuf;

/// The profile as written (the bio as typed, not as the server renders it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSource {
    pub display_name: String,
    pub bio: String,
    /// Name and value pairs shown on the profile.
    pub fields: Vec<(String, String)>,
    /// Followers are approved by hand.
    pub locked: bool,
    pub bot: bool,
    /// Listed in the server's directory and suggestions (Misskey: explorable).
    pub discoverable: bool,
}

/// What the server takes, in characters and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileLimits {
    pub name_chars: usize,
    pub bio_chars: usize,
    pub fields: usize,
    pub field_name_chars: usize,
    pub field_value_chars: usize,
}

/// A change to the profile: what it says, and pictures to upload for the avatar and header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileChange {
    pub source: ProfileSource,
    pub avatar: Option<PathBuf>,
    pub header: Option<PathBuf>,
}
