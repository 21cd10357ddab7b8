//! The application: key presses become actions, actions change state and may send requests to
//! the fetcher, and answers from the fetcher update state. Nothing here awaits the network.
//! List management lives in [`lists`] (screens) and [`list_changes`] (changes and their undoing);
//! accounts and logging in from the TUI in [`accounts`].

mod accounts;
mod attachments;
mod cache;
mod calls;
mod compose;
mod deck;
mod drafts;
mod keys;
mod list_changes;
mod lists;
mod live;
mod net;
mod palette;
mod people;
mod popups;
mod posts;
mod previews;
mod profiles;
mod quiet;
mod views;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;

use crate::accounts::SavedAccount;
use crate::action::{Action, ViewKind};
use crate::api::list_change::ListChange;
use crate::api::{ApiError, PageRequest, TimelineKind};
use crate::config::Config;
use crate::fetcher::{Command, NetEvent, Owner};
use crate::state::ViewId;
use crate::state::{
    AppState, Confirmed, Message, Picker, PickerItem, PickerPurpose, Popup, PromptPurpose, Screen,
    Scrolled, Tab, Timeline,
};
use crate::ui::words::Words;

/// Things only the event loop can do: they touch the terminal or the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    OpenUrl(String),
    /// Open a browser if one can appear here; the address is on screen either way.
    OpenQuietly(String),
    /// Save a newly logged-in account and switch to it.
    AddAccount(SavedAccount),
    /// Switch to a saved account (by name).
    SwitchAccount(String),
    /// Forget a saved account (by name).
    ForgetAccount(String),
    /// Read the saved accounts again.
    ReloadAccounts,
    /// Put text on the clipboard through the terminal.
    Copy(String),
    /// Escape sequences for the terminal between frames (kitty forgetting pictures).
    TellTerminal(String),
    /// Save the instant-start cache (written unless the account was forgotten meanwhile).
    SaveCache {
        path: std::path::PathBuf,
        text: String,
    },
    /// Save the reading positions (written unless the account was forgotten meanwhile).
    SavePositions {
        path: std::path::PathBuf,
        text: String,
    },
    /// Save the panes and tabs open (written unless the account was forgotten meanwhile).
    SaveLayout {
        path: std::path::PathBuf,
        text: String,
    },
    /// Write a draft; `told` says what the user hears of it.
    SaveDraft {
        store: crate::drafts::DraftStore,
        draft: Box<crate::drafts::Draft>,
        told: crate::drafts::DraftTold,
    },
    /// Delete a draft (sent, emptied or deleted).
    DeleteDraft {
        store: crate::drafts::DraftStore,
        id: String,
    },
    /// Hand an attachment to the user's program for its kind, where one can appear.
    OpenMedia {
        kind: crate::api::MediaKind,
        url: String,
        programs: crate::media::Programs,
    },
    /// Run `command` (which names `{file}`) on a private copy of the attachment at `url`.
    ViewCopy {
        command: Vec<String>,
        url: String,
        bytes: crate::media::Download,
    },
    /// Keep a downloaded attachment as a new file in `dir`.
    SaveMedia {
        dir: std::path::PathBuf,
        name: String,
        bytes: crate::media::Download,
    },
    /// Tell the terminal (a desktop notification where it shows them, else the bell).
    Notify(String),
    /// Hand a draft's text (of the compose view `view`) to the user's editor.
    EditExternally {
        view: ViewId,
        text: String,
    },
    Suspend,
    Redraw,
    Quit,
}

pub struct App {
    pub state: AppState,
    pub effects: Vec<Effect>,
    requests: UnboundedSender<Command>,
    in_flight: usize,
    /// At a start, what waits until the first page is in (announcements, the policy on
    /// follow requests, the stream): over a slow link, or from a busy server, it would come
    /// at the cost of the page the user waits for. `None` once sent.
    after_first_page: Option<Vec<Command>>,
    next_view_id: ViewId,
    /// Numbers the placeholder ids of lists being created.
    next_placeholder: u64,
    /// The panes and tabs to open for an account, from the config (or the layout restored).
    start: crate::config::Layout,
    /// What each tab leaves out (boosts, replies), from the layout and as the user set since:
    /// a tab opened again leaves the same out.
    quiet: Vec<(TimelineKind, crate::api::Quiet)>,
    /// Numbers login attempts, so a late answer to an abandoned one is dropped.
    login_attempts: u64,
    /// Permissions the user was offered to approve this session: asked once each.
    permissions_offered: std::collections::HashSet<String>,
    /// Drafts (by id) the user was asked about keeping on the server: asked once a session.
    server_keep_asked: std::collections::HashSet<String>,
    /// The posts a desktop notification told of last.
    notified: live::Notified,
    /// Bumped by every list change sent or answered: a lists answer asked before is stale.
    lists_epoch: u64,
    /// List changes sent and not answered yet: the lists are asked for only once none is (an
    /// answer read meanwhile holds a new list under an id skua does not know yet).
    list_changes_pending: usize,
    /// The lists were wanted while changes were pending: asked once they are answered.
    lists_wanted: bool,
    /// The server's custom emoji, once asked for (the reaction picker).
    custom_emojis: Option<Vec<String>>,
    /// The server's emoji were asked for to complete one (asked once, until they come).
    asked_emojis: bool,
    /// Reactions the user gave, most recent first (offered first by the picker).
    recent_reactions: Vec<String>,
    /// Where drafts are kept (per account below it); `None` keeps them in memory only.
    drafts_root: Option<std::path::PathBuf>,
    /// Drafts that could not be written (a full disk): kept here, offered with the others and
    /// written again at every save until one works.
    unwritten_drafts: Vec<crate::drafts::Draft>,
    /// The server's rules for posts were asked for on this connection.
    asked_compose_rules: bool,
    /// An action on a post that waits for those rules, and the post: taken once they arrive.
    after_rules: Option<(Action, String)>,
    live_config: crate::config::LiveConfig,
    /// `[general] translate_into`; `None`: the locale's language.
    translate_into: Option<String>,
    /// `[media]`: the programs for attachments, where downloads go, their size limit.
    media: crate::config::MediaConfig,
    /// The timelines the stream was last told to follow, and the posts to capture.
    watched: Vec<TimelineKind>,
    captured: Vec<String>,
    /// When timelines were last polled (while there is no stream).
    last_poll: Option<Timestamp>,
    /// The reading positions last saved, and since when the current one differs.
    positions_saved: crate::api::ReadPositions,
    /// The saved positions were read (before that, nothing is saved over them).
    positions_known: bool,
    position_moved: Option<Timestamp>,
    /// Where reading positions are kept (a file per account); `None` keeps none.
    positions_root: Option<std::path::PathBuf>,
    cache: cache::CacheSlot,
    /// Counts tab activations (see [`Tab::shown`]).
    activations: u64,
    layouts: Option<deck::LayoutSlot>,
}

impl App {
    /// Opens the configured tabs and asks for the first page of the first one.
    pub fn new(
        config: &Config,
        server_label: String,
        demo: bool,
        requests: UnboundedSender<Command>,
        size: (u16, u16),
    ) -> App {
        let mut app = App {
            state: AppState {
                tabs: Vec::new(),
                active: 0,
                popup: None,
                message: None,
                said: Default::default(),
                me: None,
                saved_accounts: Vec::new(),
                accounts_error: None,
                current_account: None,
                server_label,
                demo,
                flavor: crate::api::detect::Flavor::Mastodon,
                compose_rules: None,
                beyond_server: Vec::new(),
                lists: None,
                count_failures: Default::default(),
                posts: Default::default(),
                previews: Default::default(),
                keymap: config.keymap.clone(),
                page_size: config.page_size,
                now: Timestamp::now(),
                spinner_frame: 0,
                size,
                live: None,
                no_color: false,
                in_tmux: false,
                hyperlinks: false,
                deck: Default::default(),
                tag_follows: Default::default(),
                announcements: None,
                filters: None,
                antennas: None,
                clips: None,
                channels: None,
                server_drafts: None,
                scheduled: None,
                follows: None,
                requests_waiting: 0,
                palette: config.palette.clone(),
            },
            effects: Vec::new(),
            requests,
            in_flight: 0,
            after_first_page: None,
            next_view_id: 1,
            next_placeholder: 1,
            start: config.start_layout(),
            quiet: Vec::new(),
            login_attempts: 0,
            permissions_offered: Default::default(),
            server_keep_asked: Default::default(),
            notified: Default::default(),
            lists_epoch: 0,
            list_changes_pending: 0,
            lists_wanted: false,
            custom_emojis: None,
            asked_emojis: false,
            recent_reactions: Vec::new(),
            drafts_root: None,
            unwritten_drafts: Vec::new(),
            asked_compose_rules: false,
            after_rules: None,
            live_config: config.live.clone(),
            translate_into: config.translate_into.clone(),
            media: config.media.clone(),
            watched: Vec::new(),
            captured: Vec::new(),
            last_poll: None,
            positions_saved: Default::default(),
            positions_known: false,
            position_moved: None,
            positions_root: None,
            cache: Default::default(),
            activations: 0,
            layouts: None,
        };
        app.state.previews.cap_memory(config.media.memory_bytes);
        app.open_start_tabs();
        app
    }

    /// Opens the configured tabs and asks for who the user is.
    fn open_start_tabs(&mut self) {
        let start = self.start.clone();
        self.quiet = start.quiet.clone();
        let (rows, widths, heights) = start.shape();
        self.state.deck = crate::state::deck::Deck {
            widths,
            rows,
            heights,
            fold_width: start.fold_width,
            fold_height: start.fold_height,
            opening: None,
        };
        self.after_first_page = Some(Vec::new());
        let mut firsts = Vec::new();
        for (pane, tabs) in start.panes.iter().enumerate() {
            firsts.push(self.state.tabs.len());
            for kind in tabs {
                let index = self.add_tab(kind.clone());
                self.state.tabs[index].pane = pane;
            }
        }
        // Who the user is decides whose cached posts may show, and the reading position
        // where the timelines open: both go with the first page.
        self.call(calls::WhoAmI);
        self.call(calls::ReadingPositions);
        self.send_once_first_page_is_in(Command::Call(Box::new(calls::AskAnnouncements)));
        self.send_once_first_page_is_in(Command::Call(Box::new(calls::AskPolicy)));
        if start
            .panes
            .iter()
            .flatten()
            .any(|k| matches!(k, TimelineKind::List { .. }))
        {
            self.ask_lists(); // for the titles of list tabs
        }
        // Each pane shows (and loads) its first tab; the first pane has the focus.
        for first in firsts.into_iter().rev() {
            self.activate(first);
        }
        self.send_after_first_page_if_idle();
        self.say_if_folded();
    }

    /// The panes and tabs open now, to open again at the next start.
    pub fn layout(&self) -> crate::config::Layout {
        let deck = &self.state.deck;
        let panes = (0..deck.panes())
            .map(|pane| {
                let tabs = self.state.tabs.iter().filter(|t| t.pane == pane);
                tabs.map(|t| t.timeline.kind.clone()).collect()
            })
            .collect();
        crate::config::Layout {
            panes,
            rows: deck.rows.clone(),
            widths: deck.widths.clone(),
            heights: deck.heights.clone(),
            fold_width: deck.fold_width,
            fold_height: deck.fold_height,
            quiet: self.quiet.clone(),
        }
    }

    /// Requests sent whose answer has not come back yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Aborts the requests made for `owner` (answered with `Cancelled`, so in-flight counts
    /// stay right).
    fn cancel(&mut self, owner: Owner) {
        if self.requests.send(Command::Cancel(owner)).is_err() {
            tracing::error!("the fetcher has stopped");
        }
    }

    /// Asks for the user's lists, tagged with the current list epoch; while list changes are
    /// pending, once they are answered.
    pub(super) fn ask_lists(&mut self) {
        self.lists_wanted = self.list_changes_pending > 0;
        if !self.lists_wanted {
            let epoch = self.lists_epoch;
            self.call(calls::Lists { epoch });
        }
    }

    /// Sends `command` to the fetcher now, or at a start once the first page is in. A call is
    /// counted in flight from now; other commands bring no answer.
    fn send_once_first_page_is_in(&mut self, command: Command) {
        let counted = matches!(command, Command::Call(_));
        self.in_flight += usize::from(counted);
        match &mut self.after_first_page {
            Some(waiting) => waiting.push(command),
            None => self.hand_over(command, counted),
        }
    }

    /// At a start, sends what waited for the first page once no tab is loading: there was no
    /// page to ask for, or its tab was closed before it landed.
    fn send_after_first_page_if_idle(&mut self) {
        let waiting = self.after_first_page.is_some();
        if waiting && !self.state.tabs.iter().any(|t| t.timeline.is_loading()) {
            self.send_after_first_page();
        }
    }

    /// At a start, sends what waited for the first page: it is in.
    fn send_after_first_page(&mut self) {
        for command in self.after_first_page.take().into_iter().flatten() {
            let counted = matches!(command, Command::Call(_));
            self.hand_over(command, counted);
        }
    }

    /// Sends a call (or a command) to the fetcher, counted until its answer comes.
    fn send_command(&mut self, command: Command) {
        self.in_flight += 1;
        self.hand_over(command, true);
    }

    /// Gives `command` to the fetcher; where it has stopped, a `counted` command no longer
    /// waits for an answer.
    fn hand_over(&mut self, command: Command, counted: bool) {
        if self.requests.send(command).is_err() {
            tracing::error!("the fetcher has stopped");
            self.in_flight -= usize::from(counted);
        }
    }

    fn new_view_id(&mut self) -> ViewId {
        let id = self.next_view_id;
        self.next_view_id += 1;
        id
    }

    fn add_tab(&mut self, kind: TimelineKind) -> usize {
        self.ask_tag_followed(&kind);
        let id = self.new_view_id();
        let pane = self.state.focused_pane();
        let mut timeline = Timeline::new(id, kind);
        timeline.quiet = self.quiet_for(&timeline.kind);
        self.state.tabs.push(
            Tab {
                timeline,
                stack: Vec::new(),
                pane,
                shown: 0,
            }
            .into(),
        );
        self.watch_timelines();
        self.state.tabs.len() - 1
    }

    fn activate(&mut self, index: usize) {
        if index >= self.state.tabs.len() {
            return;
        }
        self.state.active = index;
        self.activations += 1;
        self.state.tabs[index].shown = self.activations;
        if self.state.tabs[index].timeline.needs_fresh_rows() {
            self.refresh(index);
        }
    }

    fn refresh(&mut self, index: usize) {
        let timeline = &mut self.state.tabs[index].timeline;
        if let Some(page) = timeline.refresh_request() {
            let request = timeline_request(timeline, page);
            self.call(request);
        }
    }

    /// Asks for older posts of the timeline on screen (a tab's, or a profile's) when due.
    fn load_older_if_due(&mut self) {
        let Some(tab) = self.state.tabs.get_mut(self.state.active) else {
            return;
        };
        let timeline = match tab.stack.last_mut() {
            None => &mut tab.timeline,
            Some(crate::state::View::Profile(profile)) => &mut profile.posts,
            Some(_) => return,
        };
        if let Some(page) = timeline.older_request_if_due() {
            let request = timeline_request(timeline, page);
            self.call(request);
        }
    }

    /// Focuses the tab showing `kind`, opening it if needed, and shows the timelines.
    pub(super) fn open_tab(&mut self, kind: TimelineKind) {
        self.leave_screen();
        let index = match self
            .state
            .tabs
            .iter()
            .position(|t| t.timeline.kind.same_timeline(&kind))
        {
            Some(index) => index,
            None => self.add_tab(kind),
        };
        if let Some(side) = self.state.deck.opening {
            return self.place_in_new_pane(index, side);
        }
        self.activate(index);
    }

    /// Shows a one-off message in the status line.
    pub fn say(&mut self, text: impl Into<String>, is_error: bool) {
        let message = Message {
            text: text.into(),
            is_error,
            at: self.state.now,
        };
        if self.state.said.len() == crate::state::SAID_KEPT {
            self.state.said.pop_front();
        }
        self.state.said.push_back(message.clone());
        self.state.message = Some(message);
    }

    /// The server family's words: Misskey renotes notes where Mastodon boosts posts.
    pub(super) fn words(&self) -> Words {
        Words::of(&self.state)
    }

    /// skua's own `text` in the server's words ([`Words::said`]): "select a note first" on
    /// Misskey.
    pub(super) fn in_words(&self, text: &'static str) -> std::borrow::Cow<'static, str> {
        self.words().said(text)
    }

    /// Says skua's own `text` in the server's words.
    pub(super) fn say_in_words(&mut self, text: &'static str, is_error: bool) {
        let text = self.in_words(text).into_owned();
        self.say(text, is_error);
    }

    /// A failure said plainly: a server without the feature says why (not an error), another
    /// failure says what could not be done and the reason.
    pub(super) fn say_refusal(&mut self, what: &str, error: ApiError) {
        match error {
            ApiError::Unsupported(why) => self.say(why, false),
            error => self.say(format!("{what}: {error}"), true),
        }
    }

    /// Keeps drafts in folders under `root`, one per account.
    pub fn keep_drafts_in(&mut self, root: std::path::PathBuf) {
        self.drafts_root = Some(root);
    }

    /// Keeps reading positions in files under `root`, one per account.
    pub fn keep_positions_in(&mut self, root: std::path::PathBuf) {
        self.positions_root = Some(root);
    }

    fn close_tab(&mut self) {
        self.close_tab_at(self.state.active);
    }

    fn close_tab_at(&mut self, index: usize) {
        if self.state.tabs.len() <= 1 {
            let quit = self.state.keymap.label(Action::Quit);
            return self.say(
                format!("the last tab stays open; press {quit} to quit"),
                false,
            );
        }
        let closed = self.state.tabs.remove(index);
        // Its requests, and any retries they wait for, stop now.
        for view in closed.view_ids() {
            self.cancel(Owner::View(view));
        }
        self.state.forget_unshown_posts();
        self.watch_timelines();
        // The focus stays in the pane while it has tabs.
        let pane_stays = self.state.tabs.iter().any(|t| t.pane == closed.pane);
        self.drop_empty_panes();
        let neighbour = match index < self.state.active {
            true => self.state.active - 1,
            false => self.state.active,
        }
        .min(self.state.tabs.len() - 1);
        let active = match self.state.pane_tab(closed.pane) {
            Some(shown) if pane_stays && self.state.tabs[neighbour].pane != closed.pane => shown,
            _ => neighbour,
        };
        self.activate(active);
    }

    /// Shows a URL that could not be opened, so the user can copy it.
    pub fn show_url(&mut self, url: String, reason: String) {
        self.state.popup = Some(Popup::Url { url, reason });
    }

    /// Advances the clock and spinner; returns whether the screen needs redrawing.
    pub fn tick(&mut self, now: Timestamp) -> bool {
        let minute_changed = now.as_second() / 60 != self.state.now.as_second() / 60;
        self.state.now = now;
        self.login_tick(now);
        self.save_paused_drafts(now);
        self.search_if_paused(now);
        self.live_tick(now);
        self.send_after_first_page_if_idle();
        self.save_cache_if_due(now);
        let message_aged = self
            .state
            .message
            .take_if(|m| now.duration_since(m.at) >= m.lasts())
            .is_some();
        let notice_aged = self.age_arrival_notices(now);
        if self.state.is_loading() {
            self.state.spinner_frame = self.state.spinner_frame.wrapping_add(1);
            return true;
        }
        minute_changed || message_aged || notice_aged
    }

    pub fn resize(&mut self, columns: u16, rows: u16) {
        self.state.size = (columns, rows);
        // Each pane's tabs at the pane's size.
        for pane in 0..self.state.deck.panes() {
            let Some(shown) = self.state.pane_tab(pane) else {
                continue;
            };
            let size = self.state.tab_size(&self.state.tabs[shown]);
            let width = size.0;
            let previews = self.state.previews.shown;
            views::with_heights(&mut self.state, size, |tabs, _, height, rows| {
                for tab in tabs.iter_mut().filter(|t| t.pane == pane) {
                    let tab: &mut Tab = tab;
                    let selected = tab.timeline.scroll.selected;
                    tab.timeline.select(selected, height, rows);
                    for view in &mut tab.stack {
                        let rows = views::viewport(view, width, rows, previews);
                        if let Some(view) = views::scrolled(view) {
                            let selected = view.scroll().selected;
                            view.select(selected, height, rows);
                        }
                    }
                }
            });
        }
        self.want_previews();
    }
}

/// Whether `account` is the logged-in user.
fn is_me(me: Option<&crate::api::Account>, account: Option<&crate::api::Account>) -> bool {
    matches!((me, account), (Some(me), Some(a)) if me.id == a.id)
}

/// A request for a page of `tab`'s timeline, tagged so a stale answer can be recognised.
fn timeline_request(timeline: &Timeline, page: PageRequest) -> calls::TimelinePage {
    calls::TimelinePage {
        view: timeline.id,
        generation: timeline.generation,
        kind: timeline.kind.clone(),
        page,
    }
}

/// What the requests of a screen are filed under.
fn screen_owner(screen: Option<&Screen>) -> Option<Owner> {
    match screen? {
        Screen::Lists(_) => Some(Owner::ListsScreen),
        Screen::Members(_) => Some(Owner::MembersScreen),
        Screen::People(people) => Some(Owner::View(people.id)),
        Screen::Chat(chat) => Some(Owner::View(chat.id)),
        Screen::Accounts(_) => None,
    }
}
