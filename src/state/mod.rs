//! Everything the screen shows. Only the UI loop changes it; drawing only reads it.

pub mod accounts;
pub mod antennas;
pub mod available;
pub mod chat;
pub mod clips;
pub mod compose;
pub mod cursor;
pub mod deck;
pub mod editor;
pub mod filters;
pub mod lists;
pub mod menu;
pub mod offer;
pub mod palette;
pub mod people;
pub mod popup;
pub mod posts;
pub mod previews;
pub mod profile;
pub mod profile_form;
pub mod report;
pub mod scroll;
pub mod search;
pub mod thread;
pub mod timeline;
pub mod tracked;

use jiff::Timestamp;

use crate::action::ViewKind;
use crate::api::{Account, List};
use crate::config::Keymap;
/// Identifies a view (a tab's timeline, a thread...) for the lifetime of the process (indices
/// shift when tabs close; ids do not).
pub type ViewId = u64;

pub use accounts::{AccountEntry, AccountsScreen, LoginFlow, LoginStage};
pub use editor::Editor;
pub use lists::{AccountLists, ListOptions, ListsScreen, MembersScreen, Prompt, PromptPurpose};
pub use popup::{Ballot, Confirmed, Picker, PickerItem, PickerPurpose, Popup};
pub use posts::{Placement, PostStore};
pub use profile::ProfileView;
pub use scroll::{PostHeight, Scrolled};
pub use thread::Thread;
pub use tracked::Tracked;

/// A view that fills the body whatever the panes (the lists, a list's members, the accounts),
/// stacked over the active tab's views like any other view: going back shows what was under it.
#[derive(Debug, Clone)]
pub enum Screen {
    Lists(ListsScreen),
    Members(MembersScreen),
    People(people::PeopleScreen),
    Accounts(AccountsScreen),
    /// A Misskey chat (boxed: it holds its messages).
    Chat(Box<chat::ChatScreen>),
}
pub use timeline::{CachedTimeline, LoadNotice, Timeline};

/// A tab: its timeline, and the views opened on top of it (a thread, a profile, a screen such
/// as the lists...), the last one on screen: one stack per tab, with at most a popup over it.
/// Going back pops a view and shows the one under it as it was left.
#[derive(Debug, Clone)]
pub struct Tab {
    pub timeline: Timeline,
    pub stack: Vec<View>,
    /// The pane (column of the deck) it belongs to.
    pub pane: usize,
    /// When it was last active (a counter): its pane shows the one active last.
    pub shown: u64,
}

/// A view opened on top of a tab's timeline.
#[derive(Debug, Clone)]
pub enum View {
    /// Views are boxed: a tab holds few, and they differ in size.
    Thread(Box<Thread>),
    Profile(Box<ProfileView>),
    Search(Box<search::SearchView>),
    Compose(Box<compose::Compose>),
    Screen(Box<Screen>),
}

impl View {
    /// What its requests are filed under (a screen's by the screen's kind).
    pub fn id(&self) -> Option<ViewId> {
        match self {
            View::Thread(thread) => Some(thread.id),
            View::Profile(profile) => Some(profile.id),
            View::Search(search) => Some(search.id),
            View::Compose(compose) => Some(compose.id),
            View::Screen(screen) => match &**screen {
                Screen::People(people) => Some(people.id),
                Screen::Chat(chat) => Some(chat.id),
                _ => None,
            },
        }
    }

    /// Whether it waits for the server. A screen is asked only while it is on top (see
    /// [`AppState::is_loading`]).
    pub fn is_loading(&self) -> bool {
        match self {
            View::Thread(thread) => thread.is_loading(),
            View::Profile(profile) => profile.is_loading(),
            View::Search(search) => search.loading,
            View::Compose(compose) => compose.sending,
            View::Screen(_) => false,
        }
    }

    pub fn post_ids(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            View::Thread(thread) => Box::new(thread.post_ids()),
            View::Profile(profile) => Box::new(profile.posts.post_ids()),
            View::Search(search) => Box::new(search.post_ids()),
            View::Compose(_) | View::Screen(_) => Box::new(std::iter::empty()),
        }
    }
}

/// The tab holding view `id`, to change it: found by reading, so the other tabs keep their
/// revisions.
pub fn tab_with(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut Tab> {
    let index = tabs
        .iter()
        .position(|tab| tab.view_ids().any(|v| v == id))?;
    Some(&mut tabs[index])
}

/// The profile view with this id, wherever it is stacked.
pub fn profile_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut ProfileView> {
    tab_with(tabs, id)?.stack.iter_mut().find_map(|v| match v {
        View::Profile(profile) if profile.id == id => Some(profile.as_mut()),
        _ => None,
    })
}

/// The chat with this view id, wherever it is stacked.
pub fn chat_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut chat::ChatScreen> {
    tab_with(tabs, id)?.stack.iter_mut().find_map(|v| match v {
        View::Screen(screen) => match screen.as_mut() {
            Screen::Chat(chat) if chat.id == id => Some(chat.as_mut()),
            _ => None,
        },
        _ => None,
    })
}

/// Every open chat (to feed them what the stream sends).
pub fn chats(tabs: &mut [Tracked<Tab>]) -> impl Iterator<Item = &mut chat::ChatScreen> {
    tabs.iter_mut()
        .flat_map(|t| t.stack.iter_mut())
        .filter_map(|v| match v {
            View::Screen(screen) => match screen.as_mut() {
                Screen::Chat(chat) => Some(chat.as_mut()),
                _ => None,
            },
            _ => None,
        })
}

/// The list of people with this view id, wherever it is stacked.
pub fn people_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut people::PeopleScreen> {
    tab_with(tabs, id)?.stack.iter_mut().find_map(|v| match v {
        View::Screen(screen) => match screen.as_mut() {
            Screen::People(people) if people.id == id => Some(people),
            _ => None,
        },
        _ => None,
    })
}

/// The timeline with this view id: a tab's, or a profile's posts.
pub fn timeline_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut Timeline> {
    let tab = tab_with(tabs, id)?;
    if tab.timeline.id == id {
        return Some(&mut tab.timeline);
    }
    tab.stack.iter_mut().find_map(|v| match v {
        View::Profile(profile) if profile.id == id => Some(&mut profile.posts),
        _ => None,
    })
}

/// The search view with this id, wherever it is stacked.
pub fn search_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut search::SearchView> {
    tab_with(tabs, id)?.stack.iter_mut().find_map(|v| match v {
        View::Search(search) if search.id == id => Some(search.as_mut()),
        _ => None,
    })
}

/// The thread view with this id, wherever it is stacked.
pub fn thread_in(tabs: &mut [Tracked<Tab>], id: ViewId) -> Option<&mut Thread> {
    tab_with(tabs, id)?.stack.iter_mut().find_map(|v| match v {
        View::Thread(thread) if thread.id == id => Some(thread.as_mut()),
        _ => None,
    })
}

impl Tab {
    /// The tab's identity: its timeline's view id.
    pub fn id(&self) -> ViewId {
        self.timeline.id
    }

    /// Every view of the tab, timeline first.
    pub fn view_ids(&self) -> impl Iterator<Item = ViewId> + '_ {
        std::iter::once(self.timeline.id).chain(self.stack.iter().filter_map(View::id))
    }

    pub fn is_loading(&self) -> bool {
        self.timeline.is_loading() || self.stack.iter().any(View::is_loading)
    }

    /// The screen on top of its views, if one is.
    pub fn screen(&self) -> Option<&Screen> {
        match self.stack.last() {
            Some(View::Screen(screen)) => Some(screen),
            _ => None,
        }
    }
}

/// The screen on top of the active tab, to change it (a function of the tabs alone, so the
/// rest of the state can be read meanwhile).
pub fn screen_in(tabs: &mut [Tracked<Tab>], active: usize) -> Option<&mut Screen> {
    // Looked at first: taking a tab to change marks it to be drawn again.
    tabs.get(active)?.screen()?;
    match tabs[active].stack.last_mut() {
        Some(View::Screen(screen)) => Some(screen),
        _ => None,
    }
}

/// Messages the messages popup keeps.
pub const SAID_KEPT: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
    /// When it was said: it goes after a while (see [`Message::lasts`]), so the status line
    /// never keeps saying what is no longer so.
    pub at: Timestamp,
}

impl Message {
    /// How long a message (not an error) stays.
    pub const LASTS: jiff::SignedDuration = jiff::SignedDuration::from_secs(10);

    /// How long it stays: errors longer, to be read.
    pub fn lasts(&self) -> jiff::SignedDuration {
        match self.is_error {
            true => jiff::SignedDuration::from_secs(30),
            false => Message::LASTS,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    /// Tracked: drawing skips a pane whose tab did not change.
    pub tabs: Vec<Tracked<Tab>>,
    pub active: usize,
    pub popup: Option<Popup>,
    /// A one-off message; replaced by the next one and cleared by the next key press.
    pub message: Option<Message>,
    /// Every message of the session, oldest first (the last [`SAID_KEPT`]), for the messages
    /// popup: one cut short on the status line is read there in full.
    pub said: std::collections::VecDeque<Message>,
    pub me: Option<Account>,
    /// The saved accounts, and which of them is in use (`None`: the demo, `--server`…).
    pub saved_accounts: Vec<AccountEntry>,
    /// Why the accounts file could not be read (damaged, unreadable), with its path.
    pub accounts_error: Option<String>,
    pub current_account: Option<String>,
    /// "mastodon.example" or "demo".
    pub server_label: String,
    pub demo: bool,
    /// Which API family the server speaks (Misskey has a social timeline, reactions...).
    pub flavor: crate::api::detect::Flavor,
    /// The user's lists, the one copy every screen shows.
    pub lists: Option<Vec<List>>,
    /// Why a list's members could not be counted, by list id (shown when it is selected).
    pub count_failures: std::collections::HashMap<String, String>,
    /// Every post shown anywhere, once.
    pub posts: PostStore,
    /// Previews of the posts' attachments, where shown.
    pub previews: previews::Previews,
    /// The server's rules for writing posts, once asked for.
    pub compose_rules: Option<crate::api::ComposeRules>,
    /// What this server said it cannot do when asked (its version or its software has no
    /// such call): no longer offered.
    pub beyond_server: Vec<crate::action::Action>,
    pub keymap: Keymap,
    pub page_size: u32,
    pub now: Timestamp,
    pub spinner_frame: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// How live the timelines are (streaming, polling…); `None` before it is known.
    pub live: Option<crate::live::LiveStatus>,
    /// Draw without colours (the NO_COLOR convention).
    pub no_color: bool,
    /// Links are written as OSC 8 hyperlinks.
    pub hyperlinks: bool,
    /// Inside tmux, which passes copies (OSC 52) on only with `set-clipboard on`.
    pub in_tmux: bool,
    pub deck: deck::Deck,
    /// Whether the user follows each hashtag asked about (lowercase), for its tab's mark.
    pub tag_follows: std::collections::HashMap<String, bool>,
    /// The server's announcements, once asked (at start).
    pub announcements: Option<Vec<crate::api::Announcement>>,
    /// Everyone the user follows, asked for once an account is first completed (empty while
    /// asked, or when it could not be read).
    pub follows: Option<Vec<crate::api::Account>>,
    /// Posts the server sends later, soonest first, once the scheduled view asked.
    pub scheduled: Option<Vec<crate::api::ScheduledPost>>,
    /// The user's filters (Misskey: muted words), once the filters view asked.
    pub filters: Option<Vec<crate::api::Filter>>,
    /// The user's antennas (Misskey), once the antennas view asked.
    pub antennas: Option<Vec<crate::api::Antenna>>,
    /// The user's clips and those they favourited (Misskey), once asked.
    pub clips: Option<Vec<crate::api::Clip>>,
    /// The drafts the server keeps (Misskey 2025.x), once read; `None` where it keeps none.
    pub server_drafts: Option<Vec<crate::api::ServerDraft>>,
    /// The channels the channels popup lists, once they arrive.
    pub channels: Option<Vec<crate::api::Channel>>,
    /// Notification requests waiting (Mastodon 4.3+), as the server last said.
    pub requests_waiting: u64,
    /// The theme: each default colour drawn, and the colour shown instead.
    pub palette: Vec<(ratatui::style::Color, ratatui::style::Color)>,
}

impl AppState {
    /// Which view has the keys: what they do, what help, hints and the command line offer.
    pub fn focused_view(&self) -> ViewKind {
        match self.active_tab().and_then(|t| t.stack.last()) {
            None if self
                .active_tab()
                .is_some_and(|t| t.timeline.kind.is_notifications()) =>
            {
                ViewKind::Notifications
            }
            None => ViewKind::Timeline,
            Some(View::Thread(_)) => ViewKind::Thread,
            Some(View::Profile(_)) => ViewKind::Profile,
            Some(View::Search(_)) => ViewKind::Search,
            Some(View::Compose(_)) => ViewKind::Compose,
            Some(View::Screen(screen)) => match **screen {
                Screen::Lists(_) => ViewKind::Lists,
                Screen::Members(_) => ViewKind::Members,
                Screen::People(_) => ViewKind::People,
                Screen::Accounts(_) => ViewKind::Accounts,
                Screen::Chat(_) => ViewKind::Chat,
            },
        }
    }

    /// The screen on top of the active tab (lists, members, accounts), if one is.
    pub fn screen(&self) -> Option<&Screen> {
        self.active_tab()?.screen()
    }

    pub fn active_tab(&self) -> Option<&Tab> {
        self.tabs.get(self.active).map(|tab| &**tab)
    }

    pub fn active_tab_mut(&mut self) -> Option<&mut Tab> {
        self.tabs.get_mut(self.active).map(|tab| &mut **tab)
    }

    pub fn is_loading(&self) -> bool {
        self.tabs.iter().any(|tab| tab.is_loading())
            || matches!(&self.popup, Some(Popup::Picker(p)) if p.loading)
            || matches!(&self.popup, Some(Popup::AccountLists(p)) if p.member_of.is_none())
            || matches!(self.screen(), Some(Screen::Lists(s)) if s.loading)
            || matches!(self.screen(), Some(Screen::Members(s)) if s.is_loading())
            || matches!(self.screen(), Some(Screen::People(s)) if s.is_loading())
            || matches!(self.screen(), Some(Screen::Chat(s)) if s.is_loading())
    }

    /// The picker on screen, if it is for `purpose`.
    pub fn picker_for(&mut self, purpose: &PickerPurpose) -> Option<&mut Picker> {
        match &mut self.popup {
            Some(Popup::Picker(picker)) if picker.purpose == *purpose => Some(picker),
            _ => None,
        }
    }

    /// How many of the server's announcements the user has not read.
    pub fn unread_announcements(&self) -> usize {
        self.announcements
            .iter()
            .flatten()
            .filter(|a| !a.read)
            .count()
    }

    /// Whether the user follows the hashtag `name`, as far as skua knows.
    pub fn follows_tag(&self, name: &str) -> bool {
        self.tag_follows
            .get(&name.to_lowercase())
            .copied()
            .unwrap_or(false)
    }

    /// Whether skua knows (or has asked) whether the user follows `name`.
    pub fn knows_tag(&self, name: &str) -> bool {
        self.tag_follows.contains_key(&name.to_lowercase())
    }

    pub fn set_tag_followed(&mut self, name: &str, following: bool) {
        self.tag_follows.insert(name.to_lowercase(), following);
    }

    pub fn list(&self, id: &str) -> Option<&List> {
        self.lists.iter().flatten().find(|l| l.id == id)
    }

    /// The lists the server has confirmed (not those still being created).
    pub fn settled_lists(&self) -> Vec<&List> {
        self.lists
            .iter()
            .flatten()
            .filter(|l| !lists::is_placeholder(&l.id))
            .collect()
    }

    pub fn list_mut(&mut self, id: &str) -> Option<&mut List> {
        self.lists.iter_mut().flatten().find(|l| l.id == id)
    }

    /// Forgets the posts no view shows any more.
    pub fn forget_unshown_posts(&mut self) {
        let shown: std::collections::HashSet<String> = self
            .tabs
            .iter()
            .flat_map(|t| {
                t.timeline
                    .post_ids()
                    .chain(t.stack.iter().flat_map(View::post_ids))
            })
            .map(str::to_owned)
            .collect();
        self.posts.retain(|id| shown.contains(id));
    }

    /// Rows available to the timeline: the screen minus the tab bar and the status line.
    pub fn timeline_rows(&self) -> u16 {
        self.size.1.saturating_sub(2)
    }
}
