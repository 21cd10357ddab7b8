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

impl ProfileChange {
    /// What the server would refuse, said before anything is sent.
    pub fn check(&self, limits: &ProfileLimits) -> Result<(), String> {
        let chars = |text: &str| text.chars().count();
        let source = &self.source;
        if chars(&source.display_name) > limits.name_chars {
            return Err(format!(
                "the name is {} characters; this server takes {}",
                chars(&source.display_name),
                limits.name_chars
            ));
        }
        if chars(&source.bio) > limits.bio_chars {
            return Err(format!(
                "the bio is {} characters; this server takes {}",
                chars(&source.bio),
                limits.bio_chars
            ));
        }
        if source.fields.len() > limits.fields {
            return Err(format!(
                "{} fields; this server takes {}",
                source.fields.len(),
                limits.fields
            ));
        }
        for (index, (name, value)) in source.fields.iter().enumerate() {
            let at = index + 1;
            if name.trim().is_empty() {
                return Err(format!("field {at} has a value but no name"));
            }
            if chars(name) > limits.field_name_chars {
                return Err(format!(
                    "the name of field {at} is {} characters; this server takes {}",
                    chars(name),
                    limits.field_name_chars
                ));
            }
            if chars(value) > limits.field_value_chars {
                return Err(format!(
                    "the value of field {at} is {} characters; this server takes {}",
                    chars(value),
                    limits.field_value_chars
                ));
            }
        }
        for path in self.avatar.iter().chain(&self.header) {
            if !path.is_file() {
                return Err(format!("{} is not a file skua can read", path.display()));
            }
        }
        Ok(())
    }
}
