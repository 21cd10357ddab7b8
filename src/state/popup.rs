//! What opens over a view: help, prompts, pickers, questions, forms and lists of the user's
//! things, each a [`Popup`], with what a picker or a question is for.

use super::{
    AccountLists, ListOptions, LoginFlow, Prompt, ViewId, antennas, clips, filters, lists, menu,
    palette, previews, profile_form, report,
};
use crate::action::PopupKind;
use crate::api::{Account, List};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerPurpose {
    List,
    Tag,
    Link,
    /// Whose profile to open, by `acct`; the accounts already known need no lookup.
    Profile(Vec<Account>),
    /// How long to mute an account, from a profile view.
    MuteFor(ViewId, Account),
    /// Which reaction to give a post (by id); an empty value takes the reaction back.
    React(String),
    /// An unsent draft to go on with (by id).
    Draft,
    /// Which of a post's attachments to download; the value is its place among them.
    SaveMedia(Vec<crate::api::Media>),
    /// Which of a post's hashtags to follow (or unfollow).
    FollowTag,
    /// Which of a post's hashtags to feature on the user's profile (or stop featuring).
    FeatureTag,
    /// The hashtags the user follows: one to open (or unfollow).
    FollowedTags,
    /// Which emoji to react to an announcement (by id) with, or to take back.
    AnnouncementReaction(String),
    /// Notifications the server filtered, by request id: accepted (Enter) or dismissed (Del).
    NotificationRequests,
    /// Which clip to put a note (by id) in or take it out of; an empty value makes a new one.
    Clip(String),
    /// Which reaction to give a chat message (by id) in a chat; an empty value takes the
    /// reaction back.
    ChatReaction {
        view: ViewId,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerItem {
    pub label: String,
    pub value: String,
}

/// A filterable choice: lists, a post's hashtags or links.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub purpose: PickerPurpose,
    pub items: Vec<PickerItem>,
    pub filter: String,
    pub selected: usize,
    pub loading: bool,
}

impl PickerPurpose {
    /// Whether the choice is among a post's hashtags.
    pub fn is_tag(&self) -> bool {
        matches!(
            self,
            PickerPurpose::Tag | PickerPurpose::FollowTag | PickerPurpose::FeatureTag
        )
    }
}

impl Picker {
    /// Takes out the items `gone` picks, the selection kept on the list.
    pub fn remove_items(&mut self, gone: impl Fn(&str) -> bool) {
        self.items.retain(|item| !gone(&item.value));
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// Items matching the filter, best match first.
    pub fn visible(&self) -> Vec<&PickerItem> {
        lists::fuzzy_filter(&self.items, &self.filter, |item| &item.label)
    }
}

/// What happens when the user confirms.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmed {
    DeleteList(List),
    FollowAndAdd {
        list: String,
        account: Account,
    },
    RemoveMembers {
        list: String,
        accounts: Vec<Account>,
    },
    /// Forget a saved account (by name).
    ForgetAccount(String),
    /// A second approval for the account in use, for a permission it lacks (by name).
    Approve(String),
    /// Delete one of the user's posts (by id).
    DeletePost(String),
    /// Delete one of the user's posts (by id) and write it again.
    Redraft(String),
    /// Delete an unsent draft (by id; `server:ID` for one the server keeps).
    DeleteDraft(String),
    /// Keep a draft on the server too.
    KeepDraftOnServer(Box<crate::drafts::Draft>),
    DeleteFilter(crate::api::Filter),
    DeleteAntenna(crate::api::Antenna),
    /// Delete one of the user's clips, or stop favouriting another's.
    DeleteClip(crate::api::Clip),
    /// Cancel a scheduled post (by id).
    CancelScheduled(String),
    /// Delete one of the user's chat messages (by id), in a chat.
    DeleteChatMessage {
        view: ViewId,
        message: String,
    },
    /// Send the post being written, though an attachment has no description.
    SendWithoutDescription,
    /// Unfollow or block, from a profile view.
    Relate {
        view: ViewId,
        account: Account,
        change: crate::api::Relate,
    },
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help {
        scroll: u16,
        /// The popup help was opened over (its keys are the ones shown), to go back to.
        over: Option<Box<Popup>>,
    },
    Prompt(Prompt),
    Picker(Picker),
    AccountLists(AccountLists),
    ListOptions(ListOptions),
    /// A yes/no question before something that cannot be undone.
    Confirm {
        question: String,
        on_yes: Confirmed,
        /// The popup to go back to once answered.
        back: Option<Box<Popup>>,
    },
    Login(LoginFlow),
    /// A URL the browser could not open, shown so it can be copied, with the reason.
    Url {
        url: String,
        reason: String,
    },
    /// Choosing how to vote in a post's poll.
    Vote(Ballot),
    /// The versions of an edited post, newest first, scrolled by `scroll` lines.
    History {
        versions: Vec<crate::api::Version>,
        scroll: u16,
    },
    /// Every status message of the session, scrolled by `scroll` lines (from the end).
    Messages {
        scroll: u16,
    },
    /// The server's announcements, the one at `selected` chosen (to react to).
    Announcements {
        selected: usize,
    },
    /// Who the server filters notifications from (Mastodon 4.3+), the rule at `selected`
    /// chosen; `None` until it arrives.
    NotificationPolicy {
        policy: Option<crate::api::NotificationPolicy>,
        selected: usize,
    },
    /// The user's filters (Misskey: muted words), the one at `selected` chosen.
    Filters {
        selected: usize,
    },
    /// A filter being made or changed.
    FilterForm(filters::FilterForm),
    /// Posts the server sends later, soonest first, the one at `selected` chosen.
    Scheduled {
        selected: usize,
    },
    /// A report being written (boxed: it is large and rare).
    Report(Box<report::ReportForm>),
    /// The user's own profile being changed.
    ProfileForm(Box<profile_form::ProfileForm>),
    /// The user's antennas (Misskey), the one at `selected` chosen.
    Antennas {
        selected: usize,
    },
    /// An antenna being made or changed.
    AntennaForm(Box<antennas::AntennaForm>),
    /// Misskey channels (followed, favourites, featured, the user's or found), the one at
    /// `selected` chosen.
    Channels {
        set: crate::api::ChannelSet,
        selected: usize,
    },
    /// The user's clips and those they favourited (Misskey), the one at `selected` chosen.
    Clips {
        selected: usize,
    },
    /// A clip being made or changed.
    ClipForm(Box<clips::ClipForm>),
    /// The command line: any action by its name.
    Palette(palette::Palette),
    /// The menu of more actions: those here with no key, a letter each.
    Menu(menu::Menu),
    /// A post's attachments full-screen, one at a time.
    Viewer(previews::Viewer),
}

impl Popup {
    /// Which popup this is, by the keys it takes.
    pub fn kind(&self) -> PopupKind {
        match self {
            Popup::Help { .. } => PopupKind::Help,
            Popup::Palette(_) => PopupKind::Palette,
            Popup::Menu(_) => PopupKind::Menu,
            Popup::Prompt(_) => PopupKind::Prompt,
            Popup::Picker(_) => PopupKind::Picker,
            Popup::AccountLists(_) => PopupKind::AccountLists,
            Popup::ListOptions(_) => PopupKind::ListOptions,
            Popup::Confirm { .. } => PopupKind::Confirm,
            Popup::Login(_) => PopupKind::Login,
            Popup::Url { .. } => PopupKind::Url,
            Popup::Vote(_) => PopupKind::Vote,
            Popup::History { .. } => PopupKind::History,
            Popup::Messages { .. } => PopupKind::Messages,
            Popup::Announcements { .. } => PopupKind::Announcements,
            Popup::NotificationPolicy { .. } => PopupKind::NotificationPolicy,
            Popup::Filters { .. } => PopupKind::Filters,
            Popup::FilterForm(_) => PopupKind::FilterForm,
            Popup::Scheduled { .. } => PopupKind::Scheduled,
            Popup::Report(_) => PopupKind::Report,
            Popup::ProfileForm(_) => PopupKind::ProfileForm,
            Popup::Antennas { .. } => PopupKind::Antennas,
            Popup::AntennaForm(_) => PopupKind::AntennaForm,
            Popup::Channels { .. } => PopupKind::Channels,
            Popup::Clips { .. } => PopupKind::Clips,
            Popup::ClipForm(_) => PopupKind::ClipForm,
            Popup::Viewer(_) => PopupKind::Viewer,
        }
    }

    /// Whether choosing in this popup opens a timeline: there the pane keys say where it
    /// opens, as over a timeline.
    pub fn opens_timelines(&self) -> bool {
        matches!(
            self,
            Popup::Antennas { .. } | Popup::Channels { .. } | Popup::Clips { .. }
        )
    }
}

/// A vote being chosen: the option under the cursor, and those marked (a poll of several
/// choices).
#[derive(Debug, Clone)]
pub struct Ballot {
    pub post: String,
    pub poll: crate::api::Poll,
    pub selected: usize,
    pub marked: std::collections::BTreeSet<usize>,
}

impl Ballot {
    /// The choices to send: those marked, or the one under the cursor.
    pub fn choices(&self) -> Vec<usize> {
        match self.marked.is_empty() {
            true => vec![self.selected],
            false => self.marked.iter().copied().collect(),
        }
    }
}
