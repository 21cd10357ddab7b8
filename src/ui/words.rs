//! What the model's values are called on screen and in messages: the model holds data only.

use crate::api::{AccountPosts, MediaKind, PostAction, Relate, TimelineKind, Visibility};

/// What the user is told about something done: once the server agreed, and when it did not.
pub trait Outcome {
    /// "favourited", "followed".
    fn done(&self) -> &'static str;
    /// What could not be done, for "could not favourite: …".
    fn verb(&self) -> &'static str;
}

impl Outcome for PostAction {
    fn done(&self) -> &'static str {
        match self {
            PostAction::Favourite(true) => "favourited",
            PostAction::Favourite(false) => "unfavourited",
            PostAction::Boost(true) => "boosted",
            PostAction::Boost(false) => "unboosted",
            PostAction::Bookmark(true) => "bookmarked",
            PostAction::Bookmark(false) => "bookmark removed",
            PostAction::React(Some(_)) => "reacted",
            PostAction::React(None) => "reaction removed",
            PostAction::MuteThread(true) => "conversation muted",
            PostAction::MuteThread(false) => "conversation unmuted",
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            PostAction::Favourite(true) => "favourite",
            PostAction::Favourite(false) => "unfavourite",
            PostAction::Boost(true) => "boost",
            PostAction::Boost(false) => "unboost",
            PostAction::Bookmark(true) => "bookmark",
            PostAction::Bookmark(false) => "remove the bookmark",
            PostAction::React(Some(_)) => "react",
            PostAction::React(None) => "remove the reaction",
            PostAction::MuteThread(true) => "mute the conversation",
            PostAction::MuteThread(false) => "unmute the conversation",
        }
    }
}

impl Outcome for Relate {
    fn done(&self) -> &'static str {
        match self {
            Relate::Follow(true) => "followed",
            Relate::Follow(false) => "unfollowed",
            Relate::Mute(Some(_)) => "muted",
            Relate::Mute(None) => "unmuted",
            Relate::Block(true) => "blocked",
            Relate::Block(false) => "unblocked",
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Relate::Follow(true) => "follow",
            Relate::Follow(false) => "unfollow",
            Relate::Mute(Some(_)) => "mute",
            Relate::Mute(None) => "unmute",
            Relate::Block(true) => "block",
            Relate::Block(false) => "unblock",
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
            Visibility::Specified => "specified",
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

impl Label for AccountPosts {
    fn label(self) -> &'static str {
        match self {
            AccountPosts::Posts => "posts",
            AccountPosts::WithReplies => "posts and replies",
            AccountPosts::Media => "media",
        }
    }
}

/// A timeline's title, on its tab and in messages.
pub trait Title {
    fn title(&self) -> String;
}

impl Title for TimelineKind {
    fn title(&self) -> String {
        match self {
            TimelineKind::Home => "Home".into(),
            TimelineKind::Local => "Local".into(),
            TimelineKind::Federated => "Federated".into(),
            TimelineKind::Hashtag(tag) => format!("#{tag}"),
            TimelineKind::List { title, .. } => title.clone(),
            TimelineKind::Social => "Social".into(),
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
        }
    }
}
