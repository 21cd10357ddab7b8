//! Each view's keys, in one place: the actions it takes (in the order help lists them), what
//! each does there, the few its hint bar names, and which keys of the whole app work on it.
//! Help, the hint bar, the command line and the dispatch of every key all read them here, so
//! what a view's help says is what its keys do.

use super::Action;

/// The view that has the keys: a pane's timeline, what is opened over it, or a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Timeline,
    Thread,
    Profile,
    Search,
    Lists,
    Members,
    People,
    Accounts,
    Compose,
    Notifications,
    Chat,
}

impl ViewKind {
    /// Every view, in the order "where does this key work" looks.
    pub const ALL: [ViewKind; 11] = [
        ViewKind::Timeline,
        ViewKind::Notifications,
        ViewKind::Thread,
        ViewKind::Profile,
        ViewKind::Search,
        ViewKind::Compose,
        ViewKind::Lists,
        ViewKind::Members,
        ViewKind::People,
        ViewKind::Accounts,
        ViewKind::Chat,
    ];
}

/// What a view's hint bar names: the way out (last, always shown) and the rest in order, as
/// many as fit.
pub struct Hints {
    pub way_out: (Action, &'static str),
    pub others: &'static [(Action, &'static str)],
}

/// Moving through a list of posts.
const MOVING: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::PageDown,
    Action::Toggle,
    Action::PageUp,
    Action::Top,
    Action::Bottom,
];

/// Acting on the selected post, wherever posts are listed: what is done most often first, as
/// help lists them (the menu of more actions letters the unkeyed ones in this order).
const ON_POSTS: &[Action] = &[
    Action::Confirm,
    Action::Reply,
    Action::ReplyToAuthor,
    Action::Favourite,
    Action::Boost,
    Action::React,
    Action::Bookmark,
    Action::Quote,
    Action::Profile,
    Action::ToggleCw,
    Action::OpenLink,
    Action::OpenMedia,
    Action::OpenPost,
    Action::Copy,
    Action::Vote,
    Action::Edit,
    Action::Redraft,
    Action::Delete,
    Action::History,
    Action::Translate,
    Action::MuteThread,
    Action::Pin,
    Action::Report,
    Action::BoostedBy,
    Action::FavouritedBy,
    Action::Clip,
    Action::AccountLists,
    Action::SaveMedia,
    Action::TogglePreviews,
    Action::OpenPostTag,
    Action::FollowTag,
    Action::FeatureTag,
    Action::FilterPost,
];

/// Keys that work on every view of the timelines screen and most screens.
pub const EVERYWHERE: &[Action] = &[
    Action::NextTab,
    Action::PrevTab,
    Action::Tab(1),
    Action::Home,
    Action::Local,
    Action::Federated,
    Action::Social,
    Action::Notifications,
    Action::Direct,
    Action::Bookmarks,
    Action::Favourites,
    Action::OpenHashtag,
    Action::FollowedTags,
    Action::OpenList,
    Action::Search,
    Action::Explore,
    Action::Announcements,
    Action::Filters,
    Action::Scheduled,
    Action::Antennas,
    Action::Channels,
    Action::Clips,
    Action::EditProfile,
    Action::Followers,
    Action::Following,
    Action::Mutes,
    Action::Blocks,
    Action::DomainBlocks,
    Action::FollowRequests,
    Action::SentRequests,
    Action::New,
    Action::Drafts,
    Action::ManageLists,
    Action::Accounts,
    Action::CloseTab,
    Action::FocusLeft,
    Action::FocusRight,
    Action::FocusUp,
    Action::FocusDown,
    Action::NewPane,
    Action::NewPaneBelow,
    Action::MoveTab,
    Action::ClosePane,
    Action::WidenPane,
    Action::NarrowPane,
    Action::TallerPane,
    Action::ShorterPane,
    Action::Help,
    Action::Palette,
    Action::More,
    Action::Suspend,
    Action::Redraw,
    Action::Messages,
    Action::Quit,
];

/// Keys that work on every view: on the lists, members and accounts screens and while
/// writing, not only over a timeline.
const APP_WIDE: &[Action] = &[
    Action::ManageLists,
    Action::Accounts,
    Action::Help,
    Action::Palette,
    Action::More,
    Action::Suspend,
    Action::Redraw,
    Action::Messages,
    Action::Quit,
];

/// The lists of people, each a key away from the others.
const CROWDS: &[Action] = &[
    Action::Followers,
    Action::Following,
    Action::Mutes,
    Action::Blocks,
    Action::DomainBlocks,
    Action::FollowRequests,
    Action::SentRequests,
];

impl ViewKind {
    /// Whether a key for `action` does something here.
    pub fn offers(self, action: Action) -> bool {
        // `Tab(1)` stands for every numbered tab.
        let action = match action {
            Action::Tab(_) => Action::Tab(1),
            other => other,
        };
        self.actions().any(|a| a == action) || self.everywhere().contains(&action)
    }

    /// The keys of the whole app that work here too.
    pub fn everywhere(self) -> &'static [Action] {
        match self {
            ViewKind::Lists
            | ViewKind::Members
            | ViewKind::People
            | ViewKind::Accounts
            | ViewKind::Compose
            | ViewKind::Chat => APP_WIDE,
            _ => EVERYWHERE,
        }
    }

    pub fn describe(self, action: Action) -> &'static str {
        match (self, action) {
            (ViewKind::Compose, Action::NextTab) => {
                "the next field: warning, visibility, language, files, poll…; with accounts (@), hashtags (#) or emoji (:) offered, takes the chosen one (↓ ↑)"
            }
            (ViewKind::Compose, Action::PrevTab) => "the previous field",
            (ViewKind::Compose, Action::Down) => "on a choice: the next one",
            (ViewKind::Compose, Action::Up) => "on a choice: the previous one",
            (ViewKind::Compose, Action::Quit) => {
                "close; what you wrote is kept as a draft (the drafts key opens it again)"
            }
            (
                ViewKind::Lists
                | ViewKind::Members
                | ViewKind::People
                | ViewKind::Accounts
                | ViewKind::Thread
                | ViewKind::Profile
                | ViewKind::Search,
                Action::Quit,
            ) => "go back (skua quits from a timeline)",
            (ViewKind::Compose, Action::Toggle) => {
                "on a choice: the next visibility, a switch on or off; add a poll; attach a file"
            }
            (ViewKind::Compose, Action::Confirm) => {
                "on a file: describe it; in a poll option: the next (a new one after the last)"
            }
            (ViewKind::Compose, Action::Delete) => "on a file: take it off the post",
            (ViewKind::Profile, Action::HideBoosts) => {
                "leave this account's {boosts|renotes} out of Home, or let them in again"
            }
            (ViewKind::Notifications, Action::PostsFilter) => {
                "show only mentions (and replies, quotes), or everything again"
            }
            (ViewKind::Notifications, Action::Confirm) => {
                "open the post it is about (its thread), or the profile of who followed"
            }
            (ViewKind::Compose, Action::Cancel) => {
                "close; what you wrote is kept as a draft (the drafts key opens it again); with an offer open, closes the offer alone"
            }
            (
                ViewKind::Timeline
                | ViewKind::Notifications
                | ViewKind::Thread
                | ViewKind::Profile
                | ViewKind::Search,
                Action::Toggle,
            ) => "scroll one screen down",
            (ViewKind::Timeline | ViewKind::Notifications, Action::Cancel) => {
                "after a new-pane key: open no new pane after all"
            }
            (ViewKind::Lists, Action::Down) => "select the next list",
            (ViewKind::Lists, Action::Up) => "select the previous list",
            (ViewKind::Lists, Action::Top) => "the first list",
            (ViewKind::Lists, Action::Bottom) => "the last list",
            (ViewKind::Lists, Action::Confirm) => "open the selected list as a tab",
            (ViewKind::Lists, Action::New) => "create a list",
            (ViewKind::Lists, Action::Edit) => {
                "the selected list's options: whose replies it shows, whether its posts leave Home"
            }
            (ViewKind::Lists, Action::Delete) => "delete the selected list (asks first)",
            (ViewKind::Lists, Action::DeleteChar) => "while filtering: delete the last letter",
            (ViewKind::Lists, Action::Refresh) => "load the lists again",
            (ViewKind::Lists, Action::Cancel) => "clear the filter, or go back",
            (ViewKind::Members, Action::Down) => "select the next member",
            (ViewKind::Members, Action::Up) => "select the previous member",
            (ViewKind::Members, Action::Top) => "the first member",
            (ViewKind::Members, Action::Bottom) => "the last member loaded",
            (ViewKind::Members, Action::Toggle) => "mark or unmark the selected member",
            (ViewKind::Members, Action::New) => "add an account to the list (search by name)",
            (ViewKind::Members, Action::Delete) => {
                "take the marked members, or the selected one, off the list"
            }
            (ViewKind::Members, Action::Confirm | Action::Profile) => {
                "open the selected member's profile"
            }
            (ViewKind::Members, Action::AccountLists) => "the lists the selected member is on",
            (ViewKind::Members, Action::Refresh) => "load the members again",
            (ViewKind::Members, Action::Cancel) => "clear the marks, or go back to the lists",
            (ViewKind::People, Action::Down) => "select the next row (loads more at the end)",
            (ViewKind::People, Action::Up) => "select the previous row",
            (ViewKind::People, Action::Top) => "the first row",
            (ViewKind::People, Action::Bottom) => "the last row loaded",
            (ViewKind::People, Action::Confirm | Action::Profile) => {
                "open the selected account's profile"
            }
            (ViewKind::People, Action::Follow) => {
                "follow the selected account, or unfollow (asks first; takes back a request)"
            }
            (ViewKind::People, Action::Mute) => {
                "mute the selected account (asks how long), or unmute"
            }
            (ViewKind::People, Action::Block) => {
                "block the selected account (asks first), or unblock"
            }
            (ViewKind::People, Action::AccountLists) => "the lists the selected account is on",
            (ViewKind::People, Action::AcceptRequest) => {
                "in follow requests: accept the selected one"
            }
            (ViewKind::People, Action::RejectRequest) => {
                "in follow requests: reject the selected one"
            }
            (ViewKind::People, Action::Delete) => {
                "in {blocked domains: unblock the selected domain|muted servers: unmute the selected server}"
            }
            (ViewKind::People, Action::Refresh) => "load the list again from the top",
            (ViewKind::People, Action::NextTab) => {
                "the list beside: followers and following, {boosts and favourites|renotes and reactions}, mutes, blocks and {domains|servers}, requests received and sent"
            }
            (ViewKind::People, Action::PrevTab) => "the list before, as the next-list key goes",
            (ViewKind::People, Action::Cancel) => "go back",
            (ViewKind::Accounts, Action::Down) => "select the next account",
            (ViewKind::Accounts, Action::Up) => "select the previous account",
            (ViewKind::Accounts, Action::Top) => "the first account",
            (ViewKind::Accounts, Action::Bottom) => "the last account",
            (ViewKind::Accounts, Action::Confirm) => "switch to the selected account",
            (ViewKind::Accounts, Action::New) => "log in to another account",
            (ViewKind::Accounts, Action::Delete) => {
                "remove the selected account from skua (asks first)"
            }
            (ViewKind::Lists, Action::Toggle)
            | (
                ViewKind::Lists | ViewKind::Members | ViewKind::People | ViewKind::Accounts,
                Action::PageDown,
            ) => "ten rows down",
            (
                ViewKind::Lists | ViewKind::Members | ViewKind::People | ViewKind::Accounts,
                Action::PageUp,
            ) => "ten rows up",
            (ViewKind::Accounts, Action::Cancel) => "go back",
            (ViewKind::Chat, Action::Down) => "the next message (the newer)",
            (ViewKind::Chat, Action::Up) => "the message before (older ones load at the top)",
            (ViewKind::Chat, Action::Top) => "the oldest message loaded",
            (ViewKind::Chat, Action::Bottom) => "the newest message",
            (ViewKind::Chat, Action::New | Action::Reply) => "write a message (Enter sends it)",
            (ViewKind::Chat, Action::Confirm) => "while writing: send the message",
            (ViewKind::Chat, Action::React) => {
                "react to the chosen message, or take your reaction back"
            }
            (ViewKind::Chat, Action::Delete) => "delete the chosen message, if yours (asks first)",
            (ViewKind::Chat, Action::NextTab) => "while writing: attach a file (one a message)",
            (ViewKind::Chat, Action::Refresh) => "load the chat again",
            (ViewKind::Chat, Action::Cancel) => "stop writing (what is typed stays), or go back",
            _ => action.description(),
        }
    }

    /// The view's name in help.
    pub fn title(self) -> &'static str {
        match self {
            ViewKind::Timeline => "In a timeline",
            ViewKind::Thread => "In a thread",
            ViewKind::Profile => "On a profile",
            ViewKind::Search => "In search results",
            ViewKind::Lists => "On the lists screen",
            ViewKind::Members => "On a list's members",
            ViewKind::People => "In a list of people",
            ViewKind::Chat => "In a chat",
            ViewKind::Accounts => "On the accounts screen",
            ViewKind::Compose => "While writing a post",
            ViewKind::Notifications => "In your notifications",
        }
    }

    /// What the hint bar names here (with each family's words marked as in
    /// [`super::ACTIONS`]).
    pub fn hints(self) -> Hints {
        let (way_out, others): ((Action, &str), &[(Action, &str)]) = match self {
            ViewKind::Profile => (
                (Action::Cancel, "back"),
                &[
                    (Action::Follow, "follow"),
                    (Action::PostsFilter, "posts/replies/media"),
                    (Action::Mute, "mute"),
                    (Action::Block, "block"),
                    (Action::AccountLists, "lists"),
                    (Action::Confirm, "thread"),
                ],
            ),
            ViewKind::Compose => (
                (Action::Cancel, "close (draft kept)"),
                &[
                    (Action::Send, "send"),
                    (Action::NextTab, "next field"),
                    (Action::ExternalEditor, "$EDITOR"),
                    (Action::Help, "keys"),
                ],
            ),
            ViewKind::Notifications => (
                (Action::Quit, "quit"),
                &[
                    (Action::Confirm, "open"),
                    (Action::PostsFilter, "mentions/all"),
                    (Action::AcceptRequest, "accept"),
                    (Action::RejectRequest, "reject"),
                    (Action::Reply, "reply"),
                    (Action::Refresh, "refresh"),
                ],
            ),
            ViewKind::Thread | ViewKind::Search => (
                (Action::Cancel, "back"),
                &[
                    (Action::Favourite, "{favourite|like}"),
                    (Action::Boost, "{boost|renote}"),
                    (Action::Confirm, "thread"),
                    (Action::Bookmark, "{bookmark|favorite}"),
                    (Action::ToggleCw, "show CW"),
                    (Action::OpenPost, "open post"),
                ],
            ),
            ViewKind::Timeline => (
                (Action::Quit, "quit"),
                &[
                    (Action::Confirm, "thread"),
                    (Action::Favourite, "{favourite|like}"),
                    (Action::Boost, "{boost|renote}"),
                    (Action::Profile, "profile"),
                    (Action::Refresh, "refresh"),
                    (Action::ManageLists, "lists"),
                    (Action::OpenList, "open list"),
                    (Action::NextTab, "next tab"),
                ],
            ),
            ViewKind::Lists => (
                (Action::Cancel, "back"),
                &[
                    (Action::Confirm, "open"),
                    (Action::Members, "members"),
                    (Action::New, "new"),
                    (Action::Rename, "rename"),
                    (Action::Delete, "delete"),
                    (Action::Edit, "options"),
                    (Action::Filter, "filter"),
                ],
            ),
            ViewKind::Accounts => (
                (Action::Cancel, "back"),
                &[
                    (Action::Confirm, "switch"),
                    (Action::New, "add"),
                    (Action::Delete, "remove"),
                ],
            ),
            ViewKind::Chat => (
                (Action::Cancel, "back"),
                &[
                    (Action::New, "write"),
                    (Action::React, "react"),
                    (Action::Delete, "delete"),
                    (Action::NextTab, "file"),
                ],
            ),
            ViewKind::People => (
                (Action::Cancel, "back"),
                &[
                    (Action::Confirm, "profile"),
                    (Action::Follow, "follow"),
                    (Action::Mute, "mute"),
                    (Action::Block, "block"),
                    (Action::NextTab, "next list"),
                    (Action::AccountLists, "lists"),
                    (Action::Refresh, "reload"),
                ],
            ),
            ViewKind::Members => (
                (Action::Cancel, "back"),
                &[
                    (Action::Profile, "profile"),
                    (Action::New, "add"),
                    (Action::Delete, "remove"),
                    (Action::Toggle, "mark"),
                    (Action::AccountLists, "their lists"),
                    (Action::Refresh, "reload"),
                ],
            ),
        };
        Hints { way_out, others }
    }

    /// Whether the view lists posts: its keys act on the selected one (`ON_POSTS`).
    pub fn shows_posts(self) -> bool {
        matches!(
            self,
            ViewKind::Timeline
                | ViewKind::Notifications
                | ViewKind::Thread
                | ViewKind::Search
                | ViewKind::Profile
        )
    }

    /// Every action the view takes, in the order help lists them (looked through on every
    /// key, so made of constant lists rather than gathered).
    pub fn actions(self) -> impl Iterator<Item = Action> {
        self.parts().into_iter().flatten().copied()
    }

    /// Moving first, then the view's own keys and, where it lists posts, acting on them (a
    /// profile's own keys lead: following, muting and blocking are what it is opened for).
    fn parts(self) -> [&'static [Action]; 3] {
        // Which views act on posts is said once, by `shows_posts`.
        let on_posts = if self.shows_posts() { ON_POSTS } else { &[] };
        match self {
            ViewKind::Timeline => [
                MOVING,
                &[
                    Action::Refresh,
                    Action::HideBoosts,
                    Action::HideReplies,
                    Action::Cancel,
                ],
                on_posts,
            ],
            ViewKind::Notifications => [
                MOVING,
                &[
                    Action::PostsFilter,
                    Action::AcceptRequest,
                    Action::RejectRequest,
                    Action::NotificationRequests,
                    Action::NotificationPolicy,
                    Action::Refresh,
                    Action::Cancel,
                ],
                on_posts,
            ],
            ViewKind::Thread | ViewKind::Search => {
                [MOVING, &[Action::Refresh, Action::Cancel], on_posts]
            }
            ViewKind::Profile => [
                &[
                    Action::Follow,
                    Action::Mute,
                    Action::Block,
                    Action::HideBoosts,
                    Action::PrivateNote,
                    Action::PostsFilter,
                    Action::Refresh,
                    Action::Cancel,
                ],
                MOVING,
                on_posts,
            ],
            ViewKind::Lists => [
                MOVING,
                &[
                    Action::Confirm,
                    Action::Members,
                    Action::New,
                    Action::Rename,
                    Action::Edit,
                    Action::Delete,
                    Action::Filter,
                    Action::DeleteChar,
                    Action::Refresh,
                    Action::Cancel,
                ],
                &[],
            ],
            ViewKind::Chat => [
                &[
                    Action::Down,
                    Action::Up,
                    Action::PageDown,
                    Action::PageUp,
                    Action::Top,
                    Action::Bottom,
                    Action::New,
                    Action::Reply,
                    Action::Confirm,
                    Action::React,
                    Action::Delete,
                    Action::NextTab,
                    Action::Refresh,
                    Action::Cancel,
                ],
                &[],
                &[],
            ],
            ViewKind::People => [
                &[
                    Action::Down,
                    Action::Up,
                    Action::PageDown,
                    Action::PageUp,
                    Action::Top,
                    Action::Bottom,
                    Action::Confirm,
                    Action::Profile,
                    Action::Follow,
                    Action::Mute,
                    Action::Block,
                    Action::AccountLists,
                    Action::AcceptRequest,
                    Action::RejectRequest,
                    Action::Delete,
                    Action::NextTab,
                    Action::PrevTab,
                    Action::Refresh,
                    Action::Cancel,
                ],
                CROWDS,
                &[],
            ],
            ViewKind::Members => [
                &[
                    Action::Down,
                    Action::Up,
                    Action::PageDown,
                    Action::PageUp,
                    Action::Top,
                    Action::Bottom,
                    Action::Toggle,
                    Action::New,
                    Action::Delete,
                    Action::Confirm,
                    Action::Profile,
                    Action::AccountLists,
                    Action::Refresh,
                    Action::Cancel,
                ],
                &[],
                &[],
            ],
            ViewKind::Accounts => [
                &[
                    Action::Down,
                    Action::Up,
                    Action::Top,
                    Action::Bottom,
                    Action::Confirm,
                    Action::New,
                    Action::Delete,
                    Action::Cancel,
                ],
                &[],
                &[],
            ],
            ViewKind::Compose => [
                &[
                    Action::Send,
                    Action::ExternalEditor,
                    Action::NextTab,
                    Action::PrevTab,
                    Action::Down,
                    Action::Up,
                    Action::Toggle,
                    Action::Confirm,
                    Action::Delete,
                    Action::Cancel,
                ],
                &[],
                &[],
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hinted_key_is_one_the_view_takes() {
        for view in ViewKind::ALL {
            let hints = view.hints();
            for (action, word) in hints.others.iter().chain([&hints.way_out]) {
                assert!(
                    view.offers(*action),
                    "{view:?} hints {word} but does not take it"
                );
            }
        }
    }
}
