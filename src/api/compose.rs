//! What writing a post needs from a server: the post to send ([`NewPost`]) and the server's
//! rules for it ([`ComposeRules`]): its length limit and how it counts.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::Visibility;

/// A post to send, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPost {
    pub text: String,
    /// Content warning; empty for none.
    pub spoiler: String,
    pub visibility: Visibility,
    /// Misskey: not federated.
    pub local_only: bool,
    /// ISO 639-1 (Mastodon); `None` lets the server guess.
    pub language: Option<String>,
    pub sensitive: bool,
    pub in_reply_to: Option<String>,
    /// The post quoted (a Misskey quote renote; Mastodon 4.5+ `quoted_status_id`).
    pub quote: Option<String>,
    /// The Misskey channel it goes in (by id).
    pub channel: Option<String>,
    /// A poll instead of media (Mastodon allows one or the other).
    pub poll: Option<NewPoll>,
    /// Uploaded media ([`Backend::upload`](super::Backend::upload) ids), in order.
    pub media: Vec<String>,
    /// The same for every attempt to send one draft, so a retry never posts twice.
    pub idempotency_key: String,
    /// An earlier attempt may have reached the server (it timed out or the link dropped): a
    /// server without idempotency keys (Misskey) is asked first whether it did.
    pub maybe_sent: bool,
}

/// A post the server keeps to send later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledPost {
    /// The server's id (Misskey: the draft's; Sharkey: the scheduled note's).
    pub id: String,
    pub at: jiff::Timestamp,
    pub text: String,
    pub spoiler: String,
    pub visibility: Visibility,
    pub sensitive: bool,
    pub language: Option<String>,
    pub local_only: bool,
    pub in_reply_to: Option<String>,
    /// Uploaded media: id and description.
    pub media: Vec<(String, String)>,
    pub poll: Option<NewPoll>,
}

/// A draft the server keeps for the user, so it follows them to their other devices
/// (Misskey 2025.x `notes/drafts`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerDraft {
    pub id: String,
    pub saved_at: jiff::Timestamp,
    pub text: String,
    pub spoiler: String,
    pub visibility: Visibility,
    pub local_only: bool,
    pub in_reply_to: Option<Referred>,
    pub quote: Option<Referred>,
    /// The channel it goes in.
    pub channel: Option<crate::api::ChannelTag>,
    pub media: Vec<KeptFile>,
    pub poll: Option<NewPoll>,
}

/// A post a draft replies to or quotes: its id, and the post where the server sent it too.
#[derive(Debug, Clone, PartialEq)]
pub struct Referred {
    pub id: String,
    pub post: Option<Box<crate::api::Post>>,
}

/// A file the server keeps (uploaded before), made safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFile {
    pub id: String,
    /// Its file name, without folders; empty where the server said none.
    pub name: String,
    pub description: String,
}

impl ScheduledPost {
    /// An attachment as a server keeps it: its id and description, made safe to show.
    pub fn attachment(id: &str, description: Option<&str>) -> (String, String) {
        let description = description.unwrap_or_default();
        (
            crate::sanitize::owned_line(id),
            crate::sanitize::text(description).into_owned(),
        )
    }
}

impl NewPoll {
    /// A poll as a server keeps it for a post not sent yet, its options made safe to show.
    pub fn kept(options: &[String], expires_in: u64, multiple: bool, hide_totals: bool) -> Self {
        NewPoll {
            options: options
                .iter()
                .map(|o| crate::sanitize::owned_line(o))
                .collect(),
            expires_in,
            multiple,
            hide_totals,
        }
    }
}

/// What became of a post handed to the server.
#[derive(Debug)]
pub enum Sent {
    Posted(Box<crate::api::Post>),
    /// Kept to send later.
    Scheduled(ScheduledPost),
}

/// A poll to attach to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPoll {
    pub options: Vec<String>,
    /// How long it stays open, in seconds.
    pub expires_in: u64,
    #[serde(default)]
    pub multiple: bool,
    /// Mastodon: totals hidden until it ends.
    #[serde(default)]
    pub hide_totals: bool,
}

/// A file to upload and attach, with its description (alt text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub path: std::path::PathBuf,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sensitive: bool,
}

/// Told how far an upload is: bytes sent of the total.
pub type Progress = std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>;

/// How a server counts a post's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Counting {
    /// Mastodon: graphemes of the content warning plus those of the text, where each URL
    /// counts as `url_length` and `@user@domain` as `@user`.
    Mastodon { url_length: usize },
    /// Misskey: UTF-16 units of the text; the content warning has its own limit.
    Misskey { max_cw: usize },
}

/// The server's rules for a post, read once per connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeRules {
    pub max_characters: usize,
    pub counting: Counting,
    /// Quoting needs Mastodon 4.5 (API version 7); Misskey always quotes.
    pub can_quote: bool,
    pub max_media: usize,
    pub max_poll_options: usize,
    /// Misskey takes a poll and media on one note; Mastodon one or the other.
    pub poll_with_media: bool,
    /// Posts can be edited (Mastodon 3.5+, Sharkey; not upstream Misskey).
    pub can_edit: bool,
    /// The server has a translator its admin set up (Mastodon 4.0+, Misskey).
    pub can_translate: bool,
    /// The user's defaults (Mastodon preferences).
    pub default_visibility: Option<Visibility>,
    pub default_language: Option<String>,
    pub default_sensitive: bool,
    /// A warning the server puts on every post of the user, whatever they write (Sharkey's
    /// `mandatoryCW`, set by its moderators).
    pub forced_warning: Option<String>,
}

impl ComposeRules {
    /// Mastodon's documented defaults, for a server that does not say.
    pub fn mastodon_defaults() -> Self {
        ComposeRules {
            max_characters: 500,
            counting: Counting::Mastodon { url_length: 23 },
            can_quote: false,
            max_media: 4,
            max_poll_options: 4,
            poll_with_media: false,
            can_edit: true,
            can_translate: false,
            default_visibility: None,
            default_language: None,
            default_sensitive: false,
            forced_warning: None,
        }
    }

    /// How long the post is by the server's count.
    pub fn length(&self, text: &str, spoiler: &str) -> usize {
        match self.counting {
            // As Mastodon's own composer counts: the warning, then the text's countable form.
            Counting::Mastodon { url_length } => {
                spoiler.graphemes(true).count() + mastodon_length(text, url_length)
            }
            Counting::Misskey { .. } => text.encode_utf16().count(),
        }
    }

    /// Why these attachments cannot go on one post here.
    pub fn attachments_refusal(&self, media: usize, poll: Option<&NewPoll>) -> Option<String> {
        if media > self.max_media {
            return Some(format!(
                "this server takes at most {} media",
                self.max_media
            ));
        }
        let poll = poll?;
        if media > 0 && !self.poll_with_media {
            return Some("a post here has a poll or media, not both".into());
        }
        let filled = poll.options.iter().filter(|o| !o.trim().is_empty()).count();
        if filled < 2 {
            return Some("a poll needs at least two options".into());
        }
        if poll.options.len() > self.max_poll_options {
            return Some(format!(
                "this server takes at most {} poll options",
                self.max_poll_options
            ));
        }
        None
    }

    /// Why the post cannot be sent as it is, by the server's own rules.
    pub fn refusal(&self, text: &str, spoiler: &str) -> Option<String> {
        self.refusal_at(self.length(text, spoiler), spoiler)
    }

    /// [`Self::refusal`] of a post whose [`Self::length`] is known (counting a long text
    /// again at every frame costs).
    pub fn refusal_at(&self, length: usize, spoiler: &str) -> Option<String> {
        if length > self.max_characters {
            let over = length - self.max_characters;
            return Some(format!(
                "{over} characters over this server's limit of {}",
                self.max_characters
            ));
        }
        if let Counting::Misskey { max_cw } = self.counting {
            let cw = spoiler.encode_utf16().count();
            if cw > max_cw {
                return Some(format!(
                    "the content warning is {} characters over this server's limit of {max_cw}",
                    cw - max_cw
                ));
            }
        }
        None
    }
}

/// Mastodon's count: graphemes, URLs at a fixed length, remote mentions without their domain.
fn mastodon_length(text: &str, url_length: usize) -> usize {
    let mut length = 0;
    for word in words_and_spaces(text) {
        length += if is_url(word) {
            url_length
        } else if let Some(local) = remote_mention_local_part(word) {
            local.graphemes(true).count()
        } else {
            word.graphemes(true).count()
        };
    }
    length
}

/// The accounts a text mentions (`user` or `user@host`, without the `@`), each once.
pub fn mentioned(text: &str) -> Vec<String> {
    let mut accts: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let Some(rest) = word.strip_prefix('@') else {
            continue;
        };
        let acct: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '-'))
            .collect();
        let acct = acct.trim_end_matches(['.', '-']).to_owned();
        let (user, host) = acct.split_once('@').unwrap_or((&acct, ""));
        if !user.is_empty() && !host.contains('@') && !accts.contains(&acct) {
            accts.push(acct);
        }
    }
    accts
}

fn is_url(word: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|scheme| word.len() > scheme.len() && word.starts_with(scheme))
}

/// `@user@domain` → `@user` (with whatever follows the domain, like punctuation, dropped only
/// as far as the domain goes).
fn remote_mention_local_part(word: &str) -> Option<String> {
    let rest = word.strip_prefix('@')?;
    let (user, domain) = rest.split_once('@')?;
    let valid_user = !user.is_empty() && user.chars().all(|c| c.is_alphanumeric() || c == '_');
    let domain_end = domain
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(domain.len());
    let host = domain[..domain_end].trim_end_matches('.');
    if !valid_user || !host.contains('.') {
        return None;
    }
    let after = &domain[host.len()..];
    Some(format!("@{user}{after}"))
}

/// The text cut into words and the whitespace between them, both kept.
fn words_and_spaces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (index, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            pieces.push(&text[start..index]);
            start = index;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mastodon() -> ComposeRules {
        ComposeRules::mastodon_defaults()
    }

    fn misskey() -> ComposeRules {
        ComposeRules {
            max_characters: 3000,
            counting: Counting::Misskey { max_cw: 100 },
            ..mastodon()
        }
    }

    #[test]
    fn mastodon_counts_urls_as_23_and_remote_mentions_without_their_domain() {
        let rules = mastodon();
        assert_eq!(rules.length("hello", ""), 5);
        let long_url = format!("see https://example.com/{}", "a".repeat(100));
        assert_eq!(rules.length(&long_url, ""), 4 + 23);
        assert_eq!(rules.length("hi @ana@mastodon.example!", ""), 3 + 5);
        assert_eq!(rules.length("hi @ana", ""), 7);
        assert_eq!(
            rules.length("mail me: a@b.example", ""),
            20,
            "not a mention"
        );
        // One grapheme each: a family emoji, a flag, e + combining accent.
        assert_eq!(rules.length("👨‍👩‍👧🇯🇵e\u{301}", ""), 3);
        assert_eq!(rules.length("body", "cw"), 6, "the warning counts too");
    }

    #[test]
    fn misskey_counts_utf16_units_of_the_text_and_limits_the_warning_apart() {
        let rules = misskey();
        assert_eq!(rules.length("hello", "a long warning"), 5);
        assert_eq!(rules.length("🍣", ""), 2);
        assert_eq!(rules.length("https://example.com/long/path", ""), 29);
        assert!(rules.refusal("ok", &"w".repeat(101)).is_some());
        assert_eq!(rules.refusal("ok", &"w".repeat(100)), None);
    }

    #[test]
    fn custom_emoji_count_as_their_shortcode_on_both_families() {
        // As the servers count them: the text `:blobcat:` (9), never as one picture.
        assert_eq!(mastodon().length("so :blobcat:", ""), 12);
        assert_eq!(misskey().length("so :blobcat:", ""), 12);
    }

    #[test]
    fn mentions_are_found_with_or_without_a_host() {
        assert_eq!(
            mentioned("@ana@far.example, hi @bo and @ana@far.example. mail a@b.c"),
            vec!["ana@far.example", "bo"]
        );
    }

    #[test]
    fn over_the_limit_says_by_how_much() {
        let rules = mastodon();
        assert_eq!(rules.refusal(&"a".repeat(500), ""), None);
        assert_eq!(
            rules.refusal(&"a".repeat(503), "").as_deref(),
            Some("3 characters over this server's limit of 500")
        );
    }
}
