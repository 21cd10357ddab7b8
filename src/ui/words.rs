//! What the model's values are called on screen and in messages: the model holds data only.

use std::borrow::Cow;

use crate::api::{
    AccountPosts, ChatWith, FilterContext, MediaKind, PostAction, Relate, RepliesPolicy,
    TimelineKind, Visibility,
};

/// A server family's words for the same ideas: Misskey renotes notes and keeps favorites
/// where Mastodon boosts posts and keeps bookmarks; its like is a ❤ reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub misskey: bool,
}

impl Words {
    /// The words of the server the state talks to.
    pub fn of(state: &crate::state::AppState) -> Words {
        Words {
            misskey: state.flavor == crate::api::detect::Flavor::Misskey,
        }
    }

    pub fn boosted(self) -> &'static str {
        if self.misskey { "renoted" } else { "boosted" }
    }

    pub fn bookmarked(self) -> &'static str {
        if self.misskey {
            "favorited"
        } else {
            "bookmarked"
        }
    }

    pub fn post(self) -> &'static str {
        if self.misskey { "note" } else { "post" }
    }

    pub fn posts(self) -> &'static str {
        if self.misskey { "notes" } else { "posts" }
    }

    /// Which of an account's posts a profile shows.
    pub fn account_posts(self, which: AccountPosts) -> &'static str {
        match (which, self.misskey) {
            (AccountPosts::Posts, _) => self.posts(),
            (AccountPosts::WithReplies, false) => "posts and replies",
            (AccountPosts::WithReplies, true) => "notes and replies",
            (AccountPosts::Media, _) => "media",
        }
    }

    pub fn boosts(self) -> &'static str {
        if self.misskey { "renotes" } else { "boosts" }
    }

    /// skua's own text in these words: of each `{Mastodon's words|Misskey's}` in it (see
    /// [`crate::action::ACTIONS`]), the family's own; and on Misskey, which calls a post a
    /// note, `post` and `posts` as `note` and `notes`. Never for remote text, which is shown as
    /// written.
    pub fn said(self, text: &'static str) -> Cow<'static, str> {
        let chosen = self.chosen(text);
        if self.misskey {
            notes_for_posts(chosen)
        } else {
            chosen
        }
    }

    /// Of each `{Mastodon's words|Misskey's}` in `description`, the family's own.
    fn chosen(self, description: &'static str) -> Cow<'static, str> {
        if !description.contains('{') {
            return Cow::Borrowed(description);
        }
        let mut said = String::with_capacity(description.len());
        let mut rest = description;
        while let Some((before, marked)) = rest.split_once('{') {
            said.push_str(before);
            let (choice, after) = marked.split_once('}').unwrap_or((marked, ""));
            let (mastodon, misskey) = choice.split_once('|').unwrap_or((choice, ""));
            said.push_str(if self.misskey { misskey } else { mastodon });
            rest = after;
        }
        said.push_str(rest);
        Cow::Owned(said)
    }
}

/// `text` with the whole words `post` and `posts` (capitalised or not) as Misskey says them;
/// `posted` and `poster` stay.
fn notes_for_posts(text: Cow<'static, str>) -> Cow<'static, str> {
    let is_post = |word: &str| matches!(word, "post" | "posts" | "Post" | "Posts");
    if !text.split(|c: char| !c.is_alphanumeric()).any(is_post) {
        return text;
    }
    let mut said = String::with_capacity(text.len());
    for piece in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
        let note = match word {
            "post" => "note",
            "posts" => "notes",
            "Post" => "Note",
            "Posts" => "Notes",
            _ => word,
        };
        said.push_str(note);
        said.push_str(&piece[word.len()..]);
    }
    Cow::Owned(said)
}

/// What the user is told about something done: once the server agreed, and when it did not.
pub trait Outcome {
    /// "favourited", "followed".
    fn done(&self, words: Words) -> &'static str;
    /// What could not be done, for "could not favourite: …".
    fn verb(&self, words: Words) -> &'static str;
}

impl Outcome for PostAction {
    fn done(&self, words: Words) -> &'static str {
        match (self, words.misskey) {
            (PostAction::Favourite(true), false) => "favourited",
            (PostAction::Favourite(false), false) => "unfavourited",
            (PostAction::Favourite(true), true) => "liked (❤)",
            (PostAction::Favourite(false), true) => "like removed",
            (PostAction::Boost(true), false) => "boosted",
            (PostAction::Boost(false), false) => "unboosted",
            (PostAction::Boost(true), true) => "renoted",
            (PostAction::Boost(false), true) => "renote removed",
            (PostAction::Bookmark(true), false) => "bookmarked",
            (PostAction::Bookmark(false), false) => "bookmark removed",
            (PostAction::Bookmark(true), true) => "added to favorites",
            (PostAction::Bookmark(false), true) => "removed from favorites",
            (PostAction::React(Some(_)), _) => "reacted",
            (PostAction::React(None), _) => "reaction removed",
            (PostAction::MuteThread(true), _) => "conversation muted",
            (PostAction::MuteThread(false), _) => "conversation unmuted",
            (PostAction::Pin(true), _) => "pinned: it shows first on your profile",
            (PostAction::Pin(false), _) => "unpinned from your profile",
        }
    }

    fn verb(&self, words: Words) -> &'static str {
        match (self, words.misskey) {
            (PostAction::Favourite(true), false) => "favourite",
            (PostAction::Favourite(false), false) => "unfavourite",
            (PostAction::Favourite(true), true) => "like",
            (PostAction::Favourite(false), true) => "remove the like",
            (PostAction::Boost(true), false) => "boost",
            (PostAction::Boost(false), false) => "unboost",
            (PostAction::Boost(true), true) => "renote",
            (PostAction::Boost(false), true) => "remove the renote",
            (PostAction::Bookmark(true), false) => "bookmark",
            (PostAction::Bookmark(false), false) => "remove the bookmark",
            (PostAction::Bookmark(true), true) => "favorite",
            (PostAction::Bookmark(false), true) => "unfavorite",
            (PostAction::React(Some(_)), _) => "react",
            (PostAction::React(None), _) => "remove the reaction",
            (PostAction::MuteThread(true), _) => "mute the conversation",
            (PostAction::MuteThread(false), _) => "unmute the conversation",
            (PostAction::Pin(true), _) => "pin it",
            (PostAction::Pin(false), _) => "unpin it",
        }
    }
}

impl Outcome for Relate {
    fn done(&self, words: Words) -> &'static str {
        match self {
            Relate::Follow(true) => "followed",
            Relate::Follow(false) => "unfollowed",
            Relate::Mute(Some(_)) => "muted",
            Relate::Mute(None) => "unmuted",
            Relate::Block(true) => "blocked",
            Relate::Block(false) => "unblocked",
            Relate::Boosts(true) if words.misskey => "renotes shown again from",
            Relate::Boosts(false) if words.misskey => "renotes left out of Home from",
            Relate::Boosts(true) => "boosts shown again from",
            Relate::Boosts(false) => "boosts left out of Home from",
        }
    }

    fn verb(&self, words: Words) -> &'static str {
        match self {
            Relate::Follow(true) => "follow",
            Relate::Follow(false) => "unfollow",
            Relate::Mute(Some(_)) => "mute",
            Relate::Mute(None) => "unmute",
            Relate::Block(true) => "block",
            Relate::Block(false) => "unblock",
            Relate::Boosts(true) if words.misskey => "show the renotes of",
            Relate::Boosts(false) if words.misskey => "leave out the renotes of",
            Relate::Boosts(true) => "show the boosts of",
            Relate::Boosts(false) => "leave out the boosts of",
        }
    }
}

/// A name shown for a value.
pub trait Label {
    fn label(self) -> &'static str;
}

impl Label for Visibility {
    fn label(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Private => "followers",
            Visibility::Direct => "direct",
            Visibility::Home => "home",
            Visibility::Specified => "specified users",
        }
    }
}

impl Label for MediaKind {
    fn label(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Gifv => "gif",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Other => "file",
        }
    }
}

impl Label for FilterContext {
    fn label(self) -> &'static str {
        match self {
            FilterContext::Home => "home",
            FilterContext::Notifications => "notifications",
            FilterContext::Public => "public",
            FilterContext::Thread => "threads",
            FilterContext::Account => "profiles",
        }
    }
}

/// Which replies a list shows, in the list's options.
impl Label for RepliesPolicy {
    fn label(self) -> &'static str {
        match self {
            RepliesPolicy::Followed => "replies to anyone you follow",
            RepliesPolicy::List => "replies to members of the list",
            RepliesPolicy::None => "no replies",
        }
    }
}

/// How a chat is named: `@bob`, or the room's name.
impl Title for ChatWith {
    fn title(&self, _: Words) -> String {
        match self {
            ChatWith::User { acct, .. } => format!("@{acct}"),
            ChatWith::Room { name, .. } => name.clone(),
        }
    }
}

/// A timeline's title, on its tab and in messages, in the server's `words`.
pub trait Title {
    fn title(&self, words: Words) -> String;
}

impl Title for TimelineKind {
    fn title(&self, words: Words) -> String {
        match self {
            TimelineKind::Home => "Home".into(),
            TimelineKind::Local => "Local".into(),
            TimelineKind::Federated if words.misskey => "Global".into(),
            TimelineKind::Federated => "Federated".into(),
            TimelineKind::Hashtag(tag) => format!("#{tag}"),
            TimelineKind::List { title, .. } => title.clone(),
            TimelineKind::Social => "Social".into(),
            TimelineKind::Bookmarks | TimelineKind::Favourites if words.misskey => {
                "Favorites".into()
            }
            TimelineKind::Bookmarks => "Bookmarks".into(),
            TimelineKind::Favourites => "Favourites".into(),
            TimelineKind::Account { acct, .. } => format!("@{acct}"),
            TimelineKind::Notifications {
                mentions_only: false,
            } => "Notifications".into(),
            TimelineKind::Notifications {
                mentions_only: true,
            } => "Mentions".into(),
            TimelineKind::Direct => "Direct".into(),
            TimelineKind::Antenna { name, .. } => format!("antenna {name}"),
            TimelineKind::Clip { name, .. } => format!("clip {name}"),
            TimelineKind::Channel { name, .. } => format!("channel {name}"),
            TimelineKind::Chat(with) => format!("chat {}", with.title(words)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_says_the_servers_own_words() {
        let mastodon = Words { misskey: false };
        let misskey = Words { misskey: true };
        let boost = "{boost the selected post|renote the selected note}, or take it back";
        assert_eq!(
            mastodon.said(boost),
            "boost the selected post, or take it back"
        );
        assert_eq!(
            misskey.said(boost),
            "renote the selected note, or take it back"
        );
        let two = "the {domains|servers} you {blocked|muted}";
        assert_eq!(mastodon.said(two), "the domains you blocked");
        assert_eq!(misskey.said(two), "the servers you muted");
        let one_side = "quote it{ (Mastodon 4.5 and later)|}";
        assert_eq!(mastodon.said(one_side), "quote it (Mastodon 4.5 and later)");
        assert_eq!(misskey.said(one_side), "quote it");
        assert!(matches!(
            mastodon.said("load newer posts"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(misskey.said("who posted it"), Cow::Borrowed(_)));
    }

    #[test]
    fn misskey_calls_a_post_a_note() {
        let misskey = Words { misskey: true };
        assert_eq!(misskey.said("load newer posts"), "load newer notes");
        assert_eq!(
            misskey.said("Posts: the post's thread, a post. Post"),
            "Notes: the note's thread, a note. Note"
        );
        // Only whole words: a verb or a longer word stays.
        assert_eq!(
            misskey.said("posted, poster, repost, postpone, signpost"),
            "posted, poster, repost, postpone, signpost"
        );
        assert_eq!(
            misskey.said("{favourite the post|like the post}, or not"),
            "like the note, or not"
        );
    }
}
