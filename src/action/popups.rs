//! Each popup's keys, as [`super::views`] has each view's: what every key does there. A popup
//! is given only the keys its table lists, and help opened over it reads the same table, so
//! what its help says is what its keys do.

use super::Action;

/// What is open over a view, by the keys it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupKind {
    Help,
    Palette,
    Menu,
    Prompt,
    Picker,
    AccountLists,
    ListOptions,
    Confirm,
    Login,
    Url,
    Vote,
    History,
    Messages,
    Announcements,
    NotificationPolicy,
    Filters,
    FilterForm,
    Scheduled,
    Report,
    ProfileForm,
    Antennas,
    AntennaForm,
    Channels,
    Clips,
    ClipForm,
    Viewer,
}

/// Keys and what each does.
type Keys = &'static [(Action, &'static str)];

/// Scrolling text line by line (help, an edit history).
const SCROLLING: Keys = &[
    (Action::Down, "scroll down a line"),
    (Action::Up, "scroll up a line"),
];

/// Moving through a list of the user's things (filters, antennas…).
const CHOOSING: Keys = &[
    (Action::Down, "select the next one"),
    (Action::Up, "select the previous one"),
    (Action::PageDown, "a page down"),
    (Action::PageUp, "a page up"),
    (Action::Top, "the first one"),
    (Action::Bottom, "the last one"),
];

/// A form: its fields, one at a time.
const FORM: Keys = &[
    (Action::NextTab, "the next field"),
    (Action::Down, "the next field"),
    (Action::PrevTab, "the previous field"),
    (Action::Up, "the previous field"),
    (
        Action::Toggle,
        "on a choice: the next value, a switch on or off",
    ),
];

/// Where choosing opens a timeline: the pane keys say where.
const OPENING: Keys = &[
    (
        Action::NewPane,
        "open the chosen one in a new pane beside (press before choosing)",
    ),
    (
        Action::NewPaneBelow,
        "open the chosen one in a new pane below (press before choosing)",
    ),
];

impl PopupKind {
    /// The popup's name in help.
    pub fn title(self) -> &'static str {
        match self {
            PopupKind::Help => "In help",
            PopupKind::Palette => "On the command line",
            PopupKind::Menu => "In the menu of more actions",
            PopupKind::Prompt => "In a prompt",
            PopupKind::Picker => "Choosing from a list",
            PopupKind::AccountLists => "Choosing an account's lists",
            PopupKind::ListOptions => "In a list's options",
            PopupKind::Confirm => "Asked to be sure",
            PopupKind::Login => "Logging in",
            PopupKind::Url => "On a link to copy",
            PopupKind::Vote => "Voting in a poll",
            PopupKind::History => "In a post's edit history",
            PopupKind::Messages => "In the messages",
            PopupKind::Announcements => "In the server's announcements",
            PopupKind::NotificationPolicy => "In the notification policy",
            PopupKind::Filters => "In your filters",
            PopupKind::FilterForm => "Making or changing a filter",
            PopupKind::Scheduled => "In your scheduled posts",
            PopupKind::Report => "Writing a report",
            PopupKind::ProfileForm => "Changing your profile",
            PopupKind::Antennas => "In your antennas",
            PopupKind::AntennaForm => "Making or changing an antenna",
            PopupKind::Channels => "In the channels",
            PopupKind::Clips => "In your clips",
            PopupKind::ClipForm => "Making or changing a clip",
            PopupKind::Viewer => "In the media viewer",
        }
    }

    /// The popup's own keys, each with what it does here, in the order help lists them.
    pub fn keys(self) -> impl Iterator<Item = (Action, &'static str)> {
        let (shared, own): (&[Keys], Keys) = match self {
            PopupKind::Help => (
                &[SCROLLING],
                &[
                    (Action::PageDown, "a page down"),
                    (Action::Toggle, "a page down"),
                    (Action::PageUp, "a page up"),
                    (Action::Top, "the top"),
                    (Action::Bottom, "the end"),
                    (Action::Cancel, "close (back to what help was opened over)"),
                    (Action::Help, "close"),
                    (Action::Confirm, "close"),
                ],
            ),
            PopupKind::Palette => (
                &[],
                &[
                    (Action::Down, "the next action offered"),
                    (Action::Up, "the previous action offered"),
                    (Action::PageDown, "a page down"),
                    (Action::PageUp, "a page up"),
                    (Action::Top, "the first action offered"),
                    (Action::Bottom, "the last action offered"),
                    (Action::NextTab, "complete the name typed"),
                    (Action::Confirm, "do the chosen action, as its key would"),
                    (Action::Cancel, "close"),
                    (Action::Palette, "close"),
                ],
            ),
            PopupKind::Menu => (
                &[],
                &[
                    (Action::Cancel, "close; the letters shown run their actions"),
                    (Action::More, "close"),
                ],
            ),
            PopupKind::Prompt => (
                &[],
                &[
                    (Action::Confirm, "done: do what the prompt is for"),
                    (
                        Action::NextTab,
                        "attaching a file: complete the path; else the next suggestion",
                    ),
                    (Action::Down, "the next suggestion"),
                    (Action::Up, "the previous suggestion"),
                    (Action::PrevTab, "the previous suggestion"),
                    (Action::Cancel, "close; nothing is done"),
                ],
            ),
            PopupKind::Picker => (
                &[],
                &[
                    (Action::Down, "select the next one"),
                    (Action::NextTab, "select the next one"),
                    (Action::Up, "select the previous one"),
                    (Action::PrevTab, "select the previous one"),
                    (Action::Confirm, "choose the selected one"),
                    (
                        Action::Delete,
                        "drafts: delete the selected one (asks first); followed hashtags: unfollow it; filtered notifications: dismiss the request",
                    ),
                    (Action::DeleteChar, "delete the filter's last letter"),
                    (Action::Cancel, "close; nothing is chosen"),
                ],
            ),
            PopupKind::AccountLists => (
                &[],
                &[
                    (Action::Down, "select the next list"),
                    (Action::NextTab, "select the next list"),
                    (Action::Up, "select the previous list"),
                    (Action::PrevTab, "select the previous list"),
                    (Action::PageDown, "a page down"),
                    (Action::PageUp, "a page up"),
                    (Action::Top, "the first list"),
                    (Action::Bottom, "the last list"),
                    (
                        Action::Toggle,
                        "put the account on the selected list, or take it off",
                    ),
                    (Action::New, "create a list (the account is put on it)"),
                    (Action::Cancel, "close"),
                    (Action::Confirm, "close"),
                ],
            ),
            PopupKind::ListOptions => (
                &[],
                &[
                    (Action::Down, "the next option"),
                    (Action::Up, "the previous option"),
                    (Action::Toggle, "change the selected option"),
                    (Action::Confirm, "save the options"),
                    (Action::Cancel, "close; the list stays as it was"),
                ],
            ),
            PopupKind::Confirm => (
                &[],
                &[
                    (Action::Confirm, "yes (y too)"),
                    (Action::Cancel, "no (n too)"),
                ],
            ),
            PopupKind::Login => (
                &[],
                &[
                    (
                        Action::Confirm,
                        "go on: connect to the server typed, or enter the code the browser showed",
                    ),
                    (Action::Copy, "copy the address to open in a browser"),
                    (Action::Cancel, "cancel the login; nothing is saved"),
                ],
            ),
            PopupKind::Url => (
                &[],
                &[
                    (Action::Copy, "copy the address"),
                    (Action::Cancel, "close"),
                    (Action::Confirm, "close"),
                ],
            ),
            PopupKind::Vote => (
                &[],
                &[
                    (Action::Down, "the next option"),
                    (Action::Up, "the previous option"),
                    (
                        Action::Toggle,
                        "in a poll of several choices: mark or unmark the option",
                    ),
                    (
                        Action::Confirm,
                        "vote: for the marked options, or the selected one",
                    ),
                    (Action::Cancel, "close without voting"),
                ],
            ),
            PopupKind::History => (
                &[SCROLLING],
                &[
                    (Action::PageDown, "ten lines down"),
                    (Action::Toggle, "ten lines down"),
                    (Action::PageUp, "ten lines up"),
                    (Action::Cancel, "close"),
                    (Action::Confirm, "close"),
                ],
            ),
            PopupKind::Messages => (
                &[],
                &[
                    (Action::Up, "an older message"),
                    (Action::Down, "a newer message"),
                    (Action::PageUp, "ten older"),
                    (Action::PageDown, "ten newer"),
                    (Action::Toggle, "ten newer"),
                    (Action::Cancel, "close"),
                    (Action::Confirm, "close"),
                    (Action::Messages, "close"),
                ],
            ),
            PopupKind::Announcements => (
                &[CHOOSING],
                &[
                    (
                        Action::React,
                        "react to the selected announcement, or take the reaction back",
                    ),
                    (Action::Cancel, "close"),
                    (Action::Confirm, "close"),
                    (Action::Announcements, "close"),
                ],
            ),
            PopupKind::NotificationPolicy => (
                &[CHOOSING],
                &[
                    (
                        Action::Toggle,
                        "the next choice for the selected rule (accept, filter, drop), saved at once",
                    ),
                    (Action::Confirm, "the next choice for the selected rule"),
                    (Action::Cancel, "close"),
                    (Action::NotificationPolicy, "close"),
                ],
            ),
            PopupKind::Filters => (
                &[CHOOSING],
                &[
                    (Action::New, "make a filter"),
                    (Action::Confirm, "change the selected filter"),
                    (Action::Edit, "change the selected filter"),
                    (Action::Delete, "delete the selected filter (asks first)"),
                    (Action::Cancel, "close"),
                    (Action::Filters, "close"),
                ],
            ),
            PopupKind::FilterForm => (
                &[FORM],
                &[
                    (Action::Confirm, "save the filter"),
                    (Action::Cancel, "back to the filters; nothing is saved"),
                ],
            ),
            PopupKind::Scheduled => (
                &[CHOOSING],
                &[
                    (Action::Confirm, "send the selected post at another time"),
                    (
                        Action::Edit,
                        "write the selected post again (it is sent when you send it)",
                    ),
                    (Action::Delete, "cancel the selected post (asks first)"),
                    (Action::Cancel, "close"),
                    (Action::Scheduled, "close"),
                ],
            ),
            PopupKind::Report => (
                &[FORM],
                &[
                    (
                        Action::Confirm,
                        "send the report (in the comment: a new line)",
                    ),
                    (Action::Send, "send the report, from any field"),
                    (Action::Cancel, "close; nothing is sent"),
                ],
            ),
            PopupKind::ProfileForm => (
                &[FORM],
                &[
                    (Action::Confirm, "save the profile (in the bio: a new line)"),
                    (Action::Send, "save the profile, from any field"),
                    (Action::Cancel, "close; the profile stays as it was"),
                ],
            ),
            PopupKind::Antennas => (
                &[CHOOSING, OPENING],
                &[
                    (Action::Confirm, "open the selected antenna as a tab"),
                    (Action::New, "make an antenna"),
                    (Action::Edit, "change the selected antenna"),
                    (Action::Delete, "delete the selected antenna (asks first)"),
                    (Action::Cancel, "close"),
                    (Action::Antennas, "close"),
                ],
            ),
            PopupKind::AntennaForm => (
                &[FORM],
                &[
                    (Action::Confirm, "save the antenna"),
                    (Action::Cancel, "back to the antennas; nothing is saved"),
                ],
            ),
            PopupKind::Channels => (
                &[CHOOSING, OPENING],
                &[
                    (Action::Confirm, "open the selected channel as a tab"),
                    (
                        Action::Follow,
                        "follow the selected channel, or unfollow it",
                    ),
                    (
                        Action::Favourite,
                        "favorite the selected channel, or take it back",
                    ),
                    (Action::Search, "search the channels"),
                    (Action::Filter, "search the channels"),
                    (
                        Action::NextTab,
                        "the next set: followed, favorites, featured, your own",
                    ),
                    (Action::PrevTab, "the set before"),
                    (Action::Cancel, "close"),
                    (Action::Channels, "close"),
                ],
            ),
            PopupKind::Clips => (
                &[CHOOSING, OPENING],
                &[
                    (Action::Confirm, "open the selected clip as a tab"),
                    (Action::New, "make a clip"),
                    (Action::Edit, "change the selected clip, if yours"),
                    (
                        Action::Delete,
                        "delete the selected clip (asks first), or stop favoriting another's",
                    ),
                    (Action::Cancel, "close"),
                    (Action::Clips, "close"),
                ],
            ),
            PopupKind::ClipForm => (
                &[FORM],
                &[
                    (Action::Confirm, "save the clip"),
                    (Action::Cancel, "back to the clips; nothing is saved"),
                ],
            ),
            PopupKind::Viewer => (
                &[],
                &[
                    (Action::Down, "the next attachment"),
                    (Action::NextTab, "the next attachment"),
                    (Action::PageDown, "the next attachment"),
                    (Action::Toggle, "the next attachment"),
                    (Action::Up, "the attachment before"),
                    (Action::PrevTab, "the attachment before"),
                    (Action::PageUp, "the attachment before"),
                    (
                        Action::Confirm,
                        "open it in its program (a viewer or a player)",
                    ),
                    (Action::OpenMedia, "open it in its program"),
                    (Action::SaveMedia, "save it to the download folder"),
                    (Action::Copy, "copy its address"),
                    (Action::Palette, "the command line, for the post it is on"),
                    (Action::Cancel, "close"),
                ],
            ),
        };
        shared.iter().copied().flatten().chain(own).copied()
    }

    /// Whether a key for `action` does something here.
    pub fn offers(self, action: Action) -> bool {
        self.keys().any(|(a, _)| a == action)
    }

    /// What a key for `action` does here ("" where it does nothing).
    pub fn describe(self, action: Action) -> &'static str {
        self.keys()
            .find(|(a, _)| *a == action)
            .map_or("", |(_, what)| what)
    }

    /// Whether letters are typed here (a prompt, a filter, a name): help names the keys that
    /// are not letters.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            PopupKind::Palette | PopupKind::Prompt | PopupKind::Picker | PopupKind::Login
        )
    }

    /// Whether this is a form: on a choice, a letter is not a command (`q` must not close
    /// what is half filled in).
    pub fn is_form(self) -> bool {
        matches!(
            self,
            PopupKind::FilterForm
                | PopupKind::Report
                | PopupKind::ProfileForm
                | PopupKind::AntennaForm
                | PopupKind::ClipForm
        )
    }
}
