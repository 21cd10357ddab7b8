//! Shared by the integration tests: a demo server with bundled (or chosen) data and a client
//! for it that goes through the same HTTP code as a real server.
#![allow(dead_code)] // the tests and the benches use different parts of this

use std::time::Duration;

use skua::api::http::{self, Token};
use skua::api::mastodon::Mastodon;
use skua::demo::{self, DemoData, DemoServer};

/// A public post of `text`, as the compose view makes one (no media, poll or reply).
pub fn new_post(text: &str) -> skua::api::NewPost {
    skua::api::NewPost {
        text: text.into(),
        spoiler: String::new(),
        visibility: skua::api::Visibility::Public,
        local_only: false,
        language: None,
        sensitive: false,
        in_reply_to: None,
        quote: None,
        channel: None,
        poll: None,
        media: Vec::new(),
        idempotency_key: "key".into(),
        maybe_sent: false,
    }
}

/// The demo data with its newest post at a fixed time, so relative times are stable.
pub fn fixed_data() -> DemoData {
    let mut data = DemoData::bundled();
    data.rebase(fixed_now(), jiff::SignedDuration::from_secs(90));
    data
}

pub fn fixed_now() -> jiff::Timestamp {
    "2026-11-22T12:00:00Z".parse().expect("a valid timestamp")
}

/// A demo server of `flavor` with the demo's own data, on a runtime of its own: for tests
/// that drive the real binary, which talks to it from another process.
pub fn server_apart(flavor: skua::api::detect::Flavor) -> (DemoServer, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server = runtime
        .block_on(DemoServer::start_as(DemoData::bundled(), flavor))
        .expect("demo server starts");
    (server, runtime)
}

pub async fn server() -> DemoServer {
    DemoServer::start(fixed_data())
        .await
        .expect("demo server starts")
}

pub fn client(server: &DemoServer, timeout: Duration, page_size: u32) -> Mastodon {
    Mastodon::new(
        http::client(timeout),
        server.url().clone(),
        Some(Token::new(demo::TOKEN)),
        page_size,
    )
}

/// Every post of home, page after page until an empty one, as ids in the order given;
/// `asked` is called with each older page's cursor right after it is asked for.
pub async fn page_through_home(
    backend: &dyn skua::api::Backend,
    mut asked: impl FnMut(&str),
) -> Vec<String> {
    use skua::api::{PageRequest, TimelineKind};
    let mut seen = Vec::new();
    let mut page = backend
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap();
    while !page.entries.is_empty() {
        seen.extend(page.entries.iter().map(|p| p.id.clone()));
        let cursor = page
            .older
            .clone()
            .expect("a page with posts has an older cursor");
        page = backend
            .timeline(&TimelineKind::Home, &PageRequest::Older(cursor.clone()))
            .await
            .unwrap();
        asked(&cursor);
    }
    seen
}

/// The skua binary run with none of the caller's environment: its home and its state (the
/// log) under `home`; callers add what else the run needs.
pub fn skua_cmd(home: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_skua"));
    command
        .env_clear()
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"));
    command
}

/// The Mastodon backend for a recorded server at `url` (a replay takes any token), five
/// posts a page.
pub fn mastodon_at(url: &url::Url) -> Mastodon {
    Mastodon::new(
        http::client(Duration::from_secs(5)),
        url.clone(),
        Some(Token::new("t")),
        5,
    )
}

/// As [`mastodon_at`], speaking Misskey.
pub fn misskey_at(url: &url::Url) -> skua::api::misskey::Misskey {
    skua::api::misskey::Misskey::new(
        http::client(Duration::from_secs(5)),
        url.clone(),
        Some(Token::new("t")),
        5,
    )
}

/// The Misskey backend for a Misskey-flavoured demo server, with the demo's token.
pub fn misskey_client(
    server: &DemoServer,
    timeout: Duration,
    page_size: u32,
) -> skua::api::misskey::Misskey {
    skua::api::misskey::Misskey::new(
        http::client(timeout),
        server.url().clone(),
        Some(Token::new(demo::TOKEN)),
        page_size,
    )
}

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use skua::app::App;
use skua::config::Config;
use skua::fetcher::{self, NetEvent, RetryPolicy};
use tokio::sync::mpsc::UnboundedReceiver;

/// The real app wired to a demo server through the real fetcher; keys in, screens out.
pub struct Harness {
    pub app: App,
    pub net: UnboundedReceiver<NetEvent>,
    pub server: DemoServer,
    pub size: (u16, u16),
    /// Kept across screens as the event loop keeps it: every test with several screens also
    /// checks that a pane put back unchanged shows what drawing it again would.
    pub panes: std::cell::RefCell<skua::ui::PaneCache>,
    /// What effects wrote to the terminal (OSC 52 copies, notifications).
    pub written: String,
    /// Set, a window can appear (programs are started for real; copies for viewers are kept
    /// in this folder); unset, as over SSH without a display.
    pub desktop: Option<std::path::PathBuf>,
}

/// Retries quickly so tests of transient failures stay fast.
pub const QUICK_RETRIES: RetryPolicy = RetryPolicy {
    first_backoff: Duration::from_millis(20),
    max_backoff: Duration::from_millis(100),
    max_attempts: 3,
};

impl Harness {
    pub async fn start(size: (u16, u16)) -> Harness {
        Harness::with_server(server().await, Config::defaults(), size).await
    }

    pub async fn with_server(server: DemoServer, config: Config, size: (u16, u16)) -> Harness {
        let backend =
            std::sync::Arc::new(client(&server, Duration::from_secs(5), config.page_size));
        Harness::with(server, backend, config, size).await
    }

    /// The app on a Misskey-flavoured demo server with `data`, through the Misskey backend.
    pub async fn misskey(data: DemoData, size: (u16, u16)) -> Harness {
        let server = DemoServer::start_as(data, skua::api::detect::Flavor::Misskey)
            .await
            .expect("demo server starts");
        let backend = Harness::misskey_backend(&server);
        Harness::with_backend(server, backend, size).await
    }

    pub async fn with_backend(
        server: DemoServer,
        backend: std::sync::Arc<dyn skua::api::Backend>,
        size: (u16, u16),
    ) -> Harness {
        Harness::with(server, backend, Config::defaults(), size).await
    }

    /// The app with its streaming connection (other harnesses poll nothing and stream
    /// nothing, so their screens do not depend on when a stream connects), keeping reading
    /// positions under `positions`.
    pub async fn live(
        server: DemoServer,
        backend: std::sync::Arc<dyn skua::api::Backend>,
        config: Config,
        positions: &std::path::Path,
    ) -> Harness {
        Harness::with_positions(server, backend, config, (80, 24), Some(positions)).await
    }

    /// A Misskey backend for `server` (with the demo's token).
    pub fn misskey_backend(server: &DemoServer) -> std::sync::Arc<dyn skua::api::Backend> {
        std::sync::Arc::new(misskey_client(server, Duration::from_secs(10), 20))
    }

    /// The app keeping its cache under `root` as `account`, as at a start: the cached rows
    /// are shown and the first answers not taken yet (`settle` takes them).
    pub async fn cached(server: DemoServer, root: &std::path::Path, account: &str) -> Harness {
        let backend = std::sync::Arc::new(client(&server, Duration::from_secs(5), 20));
        Harness::cached_with(server, backend, root, account)
    }

    /// [`Harness::cached`] through `backend` (e.g. Misskey's).
    pub fn cached_with(
        server: DemoServer,
        backend: std::sync::Arc<dyn skua::api::Backend>,
        root: &std::path::Path,
        account: &str,
    ) -> Harness {
        let mut config = Config::defaults();
        config.live.streaming = false;
        config.live.poll_interval = Duration::from_secs(1 << 30);
        let client = skua::api::http::client(Duration::from_secs(10));
        let (requests, net) = fetcher::spawn(backend, client, QUICK_RETRIES);
        let size = (80, 24);
        let mut app = App::new(&config, "demo".into(), false, requests, size);
        app.state.now = fixed_now();
        app.keep_cache_in(root.to_owned(), Some(account.to_owned()));
        Harness {
            app,
            net,
            server,
            size,
            panes: Default::default(),
            written: String::new(),
            desktop: None,
        }
    }

    /// Moves the app onto a fresh connection to `server` (an account switch), using the
    /// cache of `account_key`.
    pub fn reconnect(&mut self, server: &DemoServer, label: &str, account_key: Option<&str>) {
        let backend = std::sync::Arc::new(client(server, Duration::from_secs(5), 20));
        let (requests, events) =
            fetcher::spawn(backend, http::client(Duration::from_secs(5)), QUICK_RETRIES);
        let connected = skua::session::Connected {
            requests,
            events,
            label: label.into(),
            flavor: skua::api::detect::Flavor::Mastodon,
            demo: false,
            account_key: account_key.map(str::to_owned),
        };
        let mut world = TestWorld {
            size: self.size,
            written: &mut self.written,
            net: None,
            desktop: self.desktop.as_deref(),
        };
        skua::effects::move_to(&mut self.app, &mut world, connected);
        self.net = world.net.expect("the new connection's answers");
        // As the event loop does after a switch.
        self.write_drafts();
        self.write_files();
    }

    /// Takes what the network and the stream send until `done` holds (10 s at most).
    pub async fn wait_until(&mut self, what: &str, done: impl Fn(&Harness) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(self) {
            let event = tokio::time::timeout_at(deadline, self.net.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!("waited 10 s for {what}; the screen:\n{}", self.screen())
                })
                .expect("the fetcher is running");
            self.app.handle_net(event);
        }
        self.settle().await;
    }

    /// Moves the app's clock on by `seconds` (one tick), then lets the network settle.
    /// One tick of the loop's clock at `now`, and the drafts it wrote, as the loop does.
    pub fn tick(&mut self, now: jiff::Timestamp) -> bool {
        let changed = self.app.tick(now);
        self.write_drafts();
        changed
    }

    pub async fn advance(&mut self, seconds: i64) {
        let now = self.app.state.now + jiff::SignedDuration::from_secs(seconds);
        self.tick(now);
        self.write_files();
        self.settle().await;
    }

    pub async fn with(
        server: DemoServer,
        backend: std::sync::Arc<dyn skua::api::Backend>,
        mut config: Config,
        size: (u16, u16),
    ) -> Harness {
        config.live.streaming = false;
        config.live.poll_interval = Duration::from_secs(1 << 30);
        Harness::with_positions(server, backend, config, size, None).await
    }

    async fn with_positions(
        server: DemoServer,
        backend: std::sync::Arc<dyn skua::api::Backend>,
        config: Config,
        size: (u16, u16),
        positions: Option<&std::path::Path>,
    ) -> Harness {
        let flavor = backend.flavor();
        let client = skua::api::http::client(Duration::from_secs(10));
        let (requests, net) = fetcher::spawn(backend, client, QUICK_RETRIES);
        let mut app = App::new(&config, "demo".into(), true, requests, size);
        if let Some(root) = positions {
            app.keep_positions_in(root.to_owned());
        }
        app.state.now = fixed_now();
        app.state.flavor = flavor;
        let mut harness = Harness {
            app,
            net,
            server,
            size,
            panes: Default::default(),
            written: String::new(),
            desktop: None,
        };
        harness.settle().await;
        harness
    }

    /// Writes the files the app asked for (positions, layouts, the cache) through the event
    /// loop's own effect function; other effects stay for the test to look at.
    pub fn write_files(&mut self) {
        self.apply_those(|effect| {
            matches!(
                effect,
                skua::app::Effect::SavePositions { .. }
                    | skua::app::Effect::SaveLayout { .. }
                    | skua::app::Effect::SaveCache { .. }
            )
        });
    }

    /// Carries out the effects `those` picks, in order; the others stay for the test.
    fn apply_those(&mut self, those: fn(&skua::app::Effect) -> bool) {
        for effect in std::mem::take(&mut self.app.effects) {
            match those(&effect) {
                true => self.apply(effect),
                false => self.app.effects.push(effect),
            }
        }
    }

    /// Writes and deletes drafts as the event loop does after every event (through its own
    /// function); other effects stay for the test to look at.
    fn write_drafts(&mut self) {
        self.apply_those(|effect| {
            matches!(
                effect,
                skua::app::Effect::SaveDraft { .. } | skua::app::Effect::DeleteDraft { .. }
            )
        });
    }

    /// Carries out one effect through the event loop's own function, in a world with no
    /// browser, no editor and no saved accounts; what would reach the terminal is kept in
    /// `written`.
    pub fn apply(&mut self, effect: skua::app::Effect) {
        let mut world = TestWorld {
            size: self.size,
            written: &mut self.written,
            net: None,
            desktop: self.desktop.as_deref(),
        };
        skua::effects::apply(&mut self.app, effect, &mut world).expect("effects apply");
    }

    /// Feeds network answers to the app until nothing is in flight.
    pub async fn settle(&mut self) {
        while self.app.in_flight() > 0 {
            let event = tokio::time::timeout(Duration::from_secs(10), self.net.recv())
                .await
                .expect("the fetcher answers within 10 s")
                .expect("the fetcher is running");
            self.app.handle_net(event);
            self.write_drafts();
        }
    }

    /// Presses keys written like `jjj`, with `<enter>`, `<esc>`, `<tab>`, `<s-tab>`, `<bs>`,
    /// `<down>`, `<pgdn>` for named keys, then lets the network settle.
    pub async fn press(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.app.handle_key(key);
            self.write_drafts();
        }
        self.settle().await;
    }

    /// Moves the selection down to the first entry in the active tab whose post matches.
    pub async fn select_first(
        &mut self,
        matches: impl Fn(&skua::api::Post, &skua::state::timeline::EntryRef) -> bool,
    ) {
        for _ in 0..200 {
            let tab = self.app.state.active_tab().expect("a tab is open");
            let entry = tab.timeline.selected_entry();
            let post =
                entry.and_then(|e| e.post.as_deref().and_then(|p| self.app.state.posts.get(p)));
            if let (Some(entry), Some(post)) = (entry, post)
                && matches(post, entry)
            {
                return;
            }
            self.press("j").await;
        }
        panic!("no post matched in the first 200");
    }

    /// The post selected in the view on screen (a timeline, a thread, a profile).
    /// The newest post of the active tab's timeline (where the user's own post lands).
    pub fn newest_home_post(&self) -> &skua::api::Post {
        let tab = self.app.state.active_tab().expect("a tab");
        let newest = tab.timeline.entries().find_map(|e| e.post.as_deref());
        self.app
            .state
            .posts
            .get(newest.expect("a post in the timeline"))
            .expect("the post is kept")
    }

    pub fn selected_post(&self) -> Option<&skua::api::Post> {
        self.app.selected_post()
    }

    pub fn resize(&mut self, size: (u16, u16)) {
        self.size = size;
        self.app.resize(size.0, size.1);
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        render(&self.app, self.size, &mut self.panes.borrow_mut())
    }
}

/// Outside skua, in a test: a terminal whose output is kept, and no browser, editor or saved
/// accounts; programs' windows only where the test gives a desktop.
struct TestWorld<'a> {
    size: (u16, u16),
    written: &'a mut String,
    /// Where answers come from after an account switch.
    net: Option<UnboundedReceiver<NetEvent>>,
    desktop: Option<&'a std::path::Path>,
}

impl skua::effects::World for TestWorld<'_> {
    fn write(&mut self, text: &str) -> std::io::Result<()> {
        self.written.push_str(text);
        Ok(())
    }

    /// As on a machine where no browser can appear.
    fn open(&mut self, url: &str) -> Result<(), String> {
        Err(skua::browser::refuse(url).unwrap_or_else(|| skua::browser::NO_BROWSER.into()))
    }

    fn has_display(&self) -> bool {
        self.desktop.is_some()
    }

    fn launch(&mut self, arguments: &[String]) -> Result<(), String> {
        skua::media::launch(arguments)
    }

    fn media_copies(&self) -> Option<std::path::PathBuf> {
        self.desktop.map(|desktop| desktop.join("opened"))
    }

    fn edit(&mut self, text: &str) -> anyhow::Result<(anyhow::Result<String>, (u16, u16))> {
        Ok((Ok(text.to_owned()), self.size))
    }

    fn suspend(&mut self) -> anyhow::Result<(u16, u16)> {
        Ok(self.size)
    }

    fn repaint(&mut self) -> anyhow::Result<()> {
        Ok(())
    }

    fn accounts(&mut self) -> Option<&mut skua::session::Session> {
        None
    }

    fn reconnected(&mut self, net: UnboundedReceiver<NetEvent>) {
        self.net = Some(net);
    }
}

pub fn render(app: &App, (width, height): (u16, u16), panes: &mut skua::ui::PaneCache) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| skua::ui::draw(frame, &app.state, panes))
        .expect("drawing to a test terminal");
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..height {
        let mut skip = 0;
        for x in 0..width {
            let symbol = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            text.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        text.push('\n');
    }
    text
}

pub fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut events = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let (code, modifiers) = match &rest[1..end] {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "pgdn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "del" => (KeyCode::Delete, KeyModifiers::NONE),
                "f1" => (KeyCode::F(1), KeyModifiers::NONE),
                ctrl if ctrl.starts_with("c-") && ctrl.len() == 3 => (
                    KeyCode::Char(ctrl.chars().last().unwrap_or(' ')),
                    KeyModifiers::CONTROL,
                ),
                alt if alt.starts_with("a-") && alt.len() == 3 => (
                    KeyCode::Char(alt.chars().last().unwrap_or(' ')),
                    KeyModifiers::ALT,
                ),
                other => panic!("unknown key <{other}>"),
            };
            events.push(KeyEvent::new(code, modifiers));
            rest = &rest[end + 1..];
        } else {
            events.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            rest = &rest[c.len_utf8()..];
        }
    }
    events
}

/// The screen's columns `from..to` above the status line, one line per row.
pub fn screen_columns(screen: &str, from: usize, to: usize) -> String {
    let rows = screen.lines().count().saturating_sub(1);
    let lines = screen.lines().take(rows).map(|line| {
        let mut column = 0;
        let mut kept = String::new();
        for c in line.chars() {
            if (from..to).contains(&column) {
                kept.push(c);
            }
            column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        kept
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// What a QR code on the screen says, read the way a phone would: the screen is drawn in
/// pixels, `cell` wide and high per character, with block and sextant characters lit and all
/// else dark, and the picture is decoded.
pub fn read_qr(screen: &str, (cell_width, cell_height): (usize, usize)) -> Option<String> {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let columns = rows.iter().map(Vec::len).max()?;
    // A dark border, as the terminal's background around the screen.
    let border = 2 * cell_width;
    let (width, height) = (
        columns * cell_width + 2 * border,
        rows.len() * cell_height + 2 * border,
    );
    let lit = |x: usize, y: usize| -> bool {
        let (Some(x), Some(y)) = (x.checked_sub(border), y.checked_sub(border)) else {
            return false;
        };
        let Some(&c) = rows
            .get(y / cell_height)
            .and_then(|r| r.get(x / cell_width))
        else {
            return false;
        };
        // Which part of its cell the pixel is in: halves across, thirds and halves down.
        let (dx, dy) = (x % cell_width, y % cell_height);
        let left = dx * 2 < cell_width;
        let third = (dy * 3 / cell_height).min(2);
        let top = dy * 2 < cell_height;
        let sextant = |bits: u32| {
            let bit = third * 2 + usize::from(!left);
            bits >> bit & 1 == 1
        };
        match c {
            '█' => true,
            '▀' => top,
            '▄' => !top,
            '▌' => left,
            '▐' => !left,
            '\u{1FB00}'..='\u{1FB3B}' => {
                let mut bits = c as u32 - 0x1FB00 + 1;
                bits += u32::from(bits >= 21);
                bits += u32::from(bits >= 42);
                sextant(bits)
            }
            _ => false,
        }
    };
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(
            width,
            height,
            |x, y| {
                if lit(x, y) { 255 } else { 0 }
            },
        );
    let grids = image.detect_grids();
    let (_, content) = grids.first()?.decode().ok()?;
    Some(content)
}

/// The address the screen shows, after checking that a QR code of it shows too and is whole:
/// read in cells that make its modules square (8x16 pixels for half blocks, 8x12 for sextants),
/// so this checks what is drawn. The address is random (a PKCE challenge, a port), and the
/// decoder reads a few of them only in square modules; scanning at real cell sizes is
/// `accounts_screens::login_codes_scan_in_half_blocks_and_sextants`, with fixed addresses.
pub fn address_and_code(screen: &str) -> String {
    let address = shown_address(screen).unwrap_or_else(|| panic!("{screen}"));
    let read = [(8, 16), (8, 12)]
        .into_iter()
        .find_map(|cell| read_qr(screen, cell));
    assert_eq!(
        read.as_deref(),
        Some(address.as_str()),
        "the QR code is whole and says the address shown:\n{screen}"
    );
    address
}

/// The web address shown as text on a screen: its pieces joined, wherever they are cut to
/// fit beside a QR code.
pub fn shown_address(screen: &str) -> Option<String> {
    let is_code = |c: char| matches!(c, '█' | '▀' | '▄' | '▌' | '▐' | '\u{1FB00}'..='\u{1FB3B}');
    let text: Vec<String> = screen
        .lines()
        .map(|line| line.chars().filter(|&c| !is_code(c)).collect::<String>())
        .map(|line| line.trim().to_owned())
        .collect();
    let start = text.iter().position(|line| line.starts_with("http"))?;
    Some(
        text[start..]
            .iter()
            .take_while(|line| !line.is_empty() && !line.contains(' '))
            .map(String::as_str)
            .collect(),
    )
}
