//! What the user can ask for. Every key press becomes one of these through the keymap; the
//! names here are the ones used in the `[keys]` table of the config file. Which of them each
//! view takes is in [`views`], and which each popup takes in [`popups`].

mod popups;
mod views;

pub use popups::PopupKind;
pub use views::{EVERYWHERE, Hints, ViewKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    Tab(u8),
    CloseTab,
    Home,
    Local,
    Federated,
    Social,
    OpenHashtag,
    OpenPostTag,
    FollowTag,
    FeatureTag,
    FollowedTags,
    OpenList,
    ManageLists,
    AccountLists,
    Members,
    New,
    Rename,
    Delete,
    Edit,
    Toggle,
    Filter,
    Accounts,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Refresh,
    Favourite,
    Boost,
    Bookmark,
    MuteThread,
    Pin,
    Bookmarks,
    Favourites,
    Search,
    Explore,
    React,
    Profile,
    Follow,
    Mute,
    Block,
    PostsFilter,
    PrivateNote,
    Report,
    EditProfile,
    Antennas,
    Channels,
    Clips,
    Clip,
    Followers,
    Following,
    BoostedBy,
    FavouritedBy,
    Mutes,
    Blocks,
    DomainBlocks,
    FollowRequests,
    SentRequests,
    HideBoosts,
    HideReplies,
    ToggleCw,
    OpenPost,
    OpenLink,
    OpenMedia,
    SaveMedia,
    TogglePreviews,
    Copy,
    Confirm,
    Cancel,
    DeleteChar,
    Suspend,
    Redraw,
    Reply,
    ReplyToAuthor,
    Quote,
    Drafts,
    Send,
    ExternalEditor,
    Vote,
    Redraft,
    History,
    Translate,
    Palette,
    More,
    Messages,
    Announcements,
    Filters,
    FilterPost,
    Scheduled,
    NotificationRequests,
    NotificationPolicy,
    Notifications,
    Direct,
    AcceptRequest,
    RejectRequest,
    FocusLeft,
    FocusRight,
    FocusUp,
    FocusDown,
    NewPane,
    NewPaneBelow,
    MoveTab,
    ClosePane,
    WidenPane,
    NarrowPane,
    TallerPane,
    ShorterPane,
}

/// Every action with its config name and what it does, in the order help shows them. Where
/// the two families name the same thing differently, `{Mastodon's words|Misskey's}` holds
/// both and help says the server's (`ui::words::Words::said`); an action only one family has
/// is offered only there, so its words need no such mark.
pub const ACTIONS: &[(Action, &str, &str)] = &[
    (
        Action::Down,
        "down",
        "select the next post (loads older posts at the end)",
    ),
    (Action::Up, "up", "select the previous post"),
    (Action::PageDown, "page_down", "scroll one screen down"),
    (Action::PageUp, "page_up", "scroll one screen up"),
    (Action::Top, "top", "go to the newest post"),
    (Action::Bottom, "bottom", "go to the oldest loaded post"),
    (Action::Refresh, "refresh", "load newer posts"),
    (
        Action::Confirm,
        "confirm",
        "open the selected post's thread; on a gap row, load the missing posts; confirm a prompt or choice",
    ),
    (
        Action::Favourite,
        "favourite",
        "{favourite the selected post|like the selected note (the ❤ reaction)}, or take it back",
    ),
    (
        Action::Boost,
        "boost",
        "{boost the selected post|renote the selected note}, or take it back",
    ),
    (
        Action::Bookmarks,
        "bookmarks",
        "show your {bookmarks|favorites}",
    ),
    (
        Action::Favourites,
        "favourites",
        "show the posts you favourited",
    ),
    (
        Action::Search,
        "search",
        "search accounts, hashtags and posts; @user@host or a post's address from any server opens it",
    ),
    (
        Action::React,
        "react",
        "react to the selected note with an emoji (your recent ones, the server's, unicode), change or remove it",
    ),
    (
        Action::Bookmark,
        "bookmark",
        "{bookmark the selected post|add the selected note to your favorites}, or take it back",
    ),
    (
        Action::Profile,
        "profile",
        "open the profile of the selected post's author (or of whoever {boosted|renoted} it, or is mentioned)",
    ),
    (
        Action::Follow,
        "follow",
        "on a profile: follow, or unfollow (asks first); a locked account shows \"requested\"",
    ),
    (
        Action::Mute,
        "mute",
        "on a profile: mute for a while or for good (asks how long), or unmute",
    ),
    (
        Action::Block,
        "block",
        "on a profile: block (asks first), or unblock",
    ),
    (
        Action::Report,
        "report",
        "report the selected post's author (with the post), or the profile shown, to the moderators",
    ),
    (
        Action::PrivateNote,
        "private_note",
        "on a profile: write your private note on the account (only you see it)",
    ),
    (
        Action::Antennas,
        "antennas",
        "your antennas: open one as a tab, make, change or delete one",
    ),
    (
        Action::Channels,
        "channels",
        "channels (those you follow, favorites, featured, yours, or found): open one as a tab, follow or favorite one",
    ),
    (
        Action::Clips,
        "clips",
        "your clips and those you favorited: open one as a tab, make, change or delete one",
    ),
    (
        Action::Clip,
        "clip",
        "put the selected note in one of your clips (or a new one), or take it out",
    ),
    (
        Action::EditProfile,
        "edit_profile",
        "change your profile: name, bio, fields, locked, bot, listed, avatar and header pictures",
    ),
    (
        Action::Followers,
        "followers",
        "who follows the profile shown (elsewhere: you), a page at a time",
    ),
    (
        Action::Following,
        "following",
        "whom the profile shown follows (elsewhere: you), a page at a time",
    ),
    (
        Action::BoostedBy,
        "boosted_by",
        "{who boosted the selected post|who renoted or quoted the selected note}",
    ),
    (
        Action::FavouritedBy,
        "favourited_by",
        "{who favourited the selected post|who reacted to the selected note, by reaction}",
    ),
    (Action::Mutes, "mutes", "the accounts you muted, to unmute"),
    (
        Action::Blocks,
        "blocks",
        "the accounts you blocked, to unblock",
    ),
    (
        Action::DomainBlocks,
        "domain_blocks",
        "the {domains you blocked, to unblock|servers you muted, to unmute}",
    ),
    (
        Action::FollowRequests,
        "follow_requests",
        "the accounts asking to follow you, to accept or reject",
    ),
    (
        Action::SentRequests,
        "sent_requests",
        "the accounts you asked to follow that have not approved yet",
    ),
    (
        Action::PostsFilter,
        "posts_filter",
        "on a profile: show posts, posts and replies, or media only",
    ),
    (
        Action::MuteThread,
        "mute_thread",
        "mute or unmute the selected post's conversation (no more notifications from it)",
    ),
    (
        Action::Pin,
        "pin",
        "pin your selected post to your profile (shown first there), or unpin it",
    ),
    (
        Action::ToggleCw,
        "toggle_cw",
        "show or hide a post behind a content warning",
    ),
    (
        Action::OpenPost,
        "open_post",
        "open the selected post in the browser",
    ),
    (
        Action::OpenLink,
        "open_link",
        "choose a link of the selected post to open",
    ),
    (
        Action::Copy,
        "copy",
        "copy the address of the post or shown link (OSC 52)",
    ),
    (
        Action::OpenMedia,
        "open_media",
        "show the selected post's attachments full-screen, one at a time with what each shows; Enter there opens one in its program",
    ),
    (
        Action::SaveMedia,
        "save_media",
        "download an attachment of the selected post to your download folder",
    ),
    (
        Action::TogglePreviews,
        "toggle_previews",
        "show or hide pictures of attachments under posts, for this session",
    ),
    (Action::NextTab, "next_tab", "next tab"),
    (Action::PrevTab, "prev_tab", "previous tab"),
    (Action::Tab(1), "tab_1", "go to tab 1"),
    (Action::Tab(2), "tab_2", "go to tab 2"),
    (Action::Tab(3), "tab_3", "go to tab 3"),
    (Action::Tab(4), "tab_4", "go to tab 4"),
    (Action::Tab(5), "tab_5", "go to tab 5"),
    (Action::Tab(6), "tab_6", "go to tab 6"),
    (Action::Tab(7), "tab_7", "go to tab 7"),
    (Action::Tab(8), "tab_8", "go to tab 8"),
    (Action::Tab(9), "tab_9", "go to tab 9"),
    (Action::Home, "home", "show the home timeline"),
    (
        Action::Notifications,
        "notifications",
        "show your notifications (in them, the posts filter key shows mentions only)",
    ),
    (
        Action::Direct,
        "direct",
        "show your direct messages (conversations)",
    ),
    (
        Action::AcceptRequest,
        "accept_request",
        "on a follow request in notifications: accept it",
    ),
    (
        Action::RejectRequest,
        "reject_request",
        "on a follow request in notifications: reject it",
    ),
    (Action::Local, "local", "show the local timeline"),
    (
        Action::Federated,
        "federated",
        "show the {federated|global} timeline",
    ),
    (Action::Social, "social", "show the social timeline"),
    (
        Action::OpenHashtag,
        "open_hashtag",
        "open a hashtag timeline by name",
    ),
    (
        Action::OpenPostTag,
        "open_post_tag",
        "open a hashtag of the selected post",
    ),
    (
        Action::HideBoosts,
        "hide_boosts",
        "leave {boosts|renotes} out of this tab, or show them again",
    ),
    (
        Action::HideReplies,
        "hide_replies",
        "leave replies out of this tab, or show them again",
    ),
    (
        Action::FollowTag,
        "follow_tag",
        "follow this hashtag tab's hashtag (or one of the selected post's), or unfollow it: its posts come to Home",
    ),
    (
        Action::FollowedTags,
        "followed_tags",
        "the hashtags you follow: open one, or unfollow it",
    ),
    (
        Action::FeatureTag,
        "feature_tag",
        "feature this hashtag tab's hashtag (or one of the selected post's) on your profile, or stop featuring it",
    ),
    (
        Action::Explore,
        "explore",
        "what is popular on your server: trending posts, hashtags and links, and accounts it suggests following",
    ),
    (
        Action::NotificationRequests,
        "notification_requests",
        "notifications the server filtered, by who sent them: Enter accepts, Del dismisses (Mastodon 4.3+)",
    ),
    (
        Action::NotificationPolicy,
        "notification_policy",
        "whom the server filters notifications from: accept, filter or drop each (Mastodon 4.3+)",
    ),
    (
        Action::Filters,
        "filters",
        "your {filters|muted words}: n makes one, Enter changes one, d deletes one",
    ),
    (
        Action::Scheduled,
        "scheduled",
        "posts the server sends later: Enter moves one, e rewrites it, d cancels it",
    ),
    (
        Action::FilterPost,
        "filter_post",
        "make a filter from the selected post's hashtags",
    ),
    (
        Action::Announcements,
        "announcements",
        "the server's announcements (read once opened{; + reacts to one|})",
    ),
    (Action::OpenList, "open_list", "open one of your lists"),
    (
        Action::ManageLists,
        "manage_lists",
        "manage your lists: create, rename, delete, members",
    ),
    (
        Action::AccountLists,
        "account_lists",
        "the lists of the selected post's author (or member): add or remove",
    ),
    (
        Action::Members,
        "members",
        "show the members of the selected list",
    ),
    (Action::New, "new", "write a new post"),
    (
        Action::Reply,
        "reply",
        "reply to the selected post (mentions everyone in it, keeps its content warning)",
    ),
    (
        Action::ReplyToAuthor,
        "reply_to_author",
        "reply to the selected post's author only",
    ),
    (
        Action::Quote,
        "quote",
        "quote the selected post{ (Mastodon 4.5 and later)|}",
    ),
    (Action::Vote, "vote", "vote in the selected post's poll"),
    (
        Action::Drafts,
        "drafts",
        "your unsent drafts: open one to go on, or delete it",
    ),
    (Action::Send, "send", "while writing: send the post"),
    (
        Action::ExternalEditor,
        "external_editor",
        "while writing: edit the text in $VISUAL or $EDITOR",
    ),
    (Action::Rename, "rename", "rename the selected list"),
    (
        Action::Delete,
        "delete",
        "delete your selected post (asks first)",
    ),
    (Action::Edit, "edit", "edit your selected post"),
    (
        Action::Redraft,
        "redraft",
        "delete your selected post and write it again (asks first)",
    ),
    (
        Action::History,
        "history",
        "show the earlier versions of the selected (edited) post",
    ),
    (
        Action::Translate,
        "translate",
        "show the selected post in your language (by the server's translator), or as written",
    ),
    (
        Action::Toggle,
        "toggle",
        "mark, put on or take off, or change what is under the cursor",
    ),
    (Action::Filter, "filter", "filter the lists by typing"),
    (
        Action::Accounts,
        "accounts",
        "your accounts: switch, add (log in), remove",
    ),
    (Action::CloseTab, "close_tab", "close the current tab"),
    (
        Action::FocusLeft,
        "focus_left",
        "panes: move the focus to the pane on the left",
    ),
    (
        Action::FocusRight,
        "focus_right",
        "panes: move the focus to the pane on the right",
    ),
    (
        Action::FocusUp,
        "focus_up",
        "panes: move the focus to the pane above",
    ),
    (
        Action::FocusDown,
        "focus_down",
        "panes: move the focus to the pane below",
    ),
    (
        Action::NewPane,
        "new_pane",
        "panes: the next timeline you open (home, local, a hashtag, a list…) gets a new pane on the right",
    ),
    (
        Action::NewPaneBelow,
        "new_pane_below",
        "panes: the next timeline you open gets a new pane below the focused one",
    ),
    (
        Action::MoveTab,
        "move_tab",
        "panes: move the current tab to the next pane (from a single pane: into a new one)",
    ),
    (
        Action::ClosePane,
        "close_pane",
        "panes: close the focused pane; its tabs join the pane beside it",
    ),
    (
        Action::WidenPane,
        "widen_pane",
        "panes: widen the focused pane's column",
    ),
    (
        Action::NarrowPane,
        "narrow_pane",
        "panes: narrow the focused pane's column",
    ),
    (
        Action::TallerPane,
        "taller_pane",
        "panes: make the focused pane taller in its column",
    ),
    (
        Action::ShorterPane,
        "shorter_pane",
        "panes: make the focused pane shorter in its column",
    ),
    (Action::Help, "help", "show this help"),
    (
        Action::Cancel,
        "cancel",
        "go back (from a thread to where you were); close a prompt, choice or help",
    ),
    (
        Action::DeleteChar,
        "delete_char",
        "delete the last typed character",
    ),
    (Action::Suspend, "suspend", "suspend skua (resume with fg)"),
    (Action::Redraw, "redraw", "redraw the screen"),
    (
        Action::Messages,
        "messages",
        "every status message of this session, with its time, in full",
    ),
    (
        Action::Palette,
        "command",
        "run any action by its name, with completion (also those with no key)",
    ),
    (
        Action::More,
        "more",
        "a menu of the actions here that have no key of their own, each a letter away",
    ),
    (Action::Quit, "quit", "quit skua"),
];

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    pub fn name(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("", |(_, n, _)| n)
    }

    pub fn description(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|(a, _, _)| *a == self)
            .map_or("", |(_, _, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (action, name, description) in ACTIONS {
            assert_eq!(Action::from_name(name), Some(*action));
            assert!(!description.is_empty());
        }
        let mut names: Vec<_> = ACTIONS.iter().map(|(_, n, _)| n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ACTIONS.len());
    }

    #[test]
    fn each_familys_words_are_marked_whole_in_help_and_hints() {
        let every_description = ViewKind::ALL.into_iter().flat_map(|view| {
            let hints = view.hints();
            let hinted = hints.others.iter().map(|(_, hint)| *hint);
            ACTIONS
                .iter()
                .map(move |(action, _, _)| view.describe(*action))
                .chain(hinted)
                .chain([hints.way_out.1])
        });
        for description in every_description {
            // Outside marks no `|` or `}`; inside one `|` and no `{`.
            let mut inside: Option<usize> = None;
            for c in description.chars() {
                inside = match (c, inside) {
                    ('{', None) => Some(0),
                    ('|', Some(0)) => Some(1),
                    ('}', Some(1)) => None,
                    ('{' | '|' | '}', _) => panic!("a broken mark in {description:?}"),
                    (_, inside) => inside,
                };
            }
            assert_eq!(inside, None, "a mark left open in {description:?}");
        }
    }
}
