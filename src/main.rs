//! CLI → logging → config → account → fetcher → terminal → event loop. Errors become one
//! readable line and a non-zero exit code; the full chain goes to the log file.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{CommandFactory, FromArgMatches, Parser};
use skua::accounts::{AccountStore, SavedAccount};
use skua::api::detect::{self, Flavor};
use skua::api::http::{self, Token};
use skua::app::App;
use skua::commands;
use skua::commands::lists::{self, ListsCommand};
use skua::commands::login::FirstRun;
use skua::config::{self, Config};
use skua::demo::{self, DemoData, DemoServer};
use skua::event_loop::{self, Exit};
use skua::fetcher::RetryPolicy;
use skua::session::{Connected, Session, Unsaved};
use skua::tui::TerminalGuard;

mod maths;

/// How long the demo's MiAuth login may take (it approves itself within seconds).
const DEMO_LOGIN_DEADLINE: Duration = Duration::from_secs(60);

/// How old the newest demo post looks when the demo starts.
const DEMO_NEWEST_AGE: jiff::SignedDuration = jiff::SignedDuration::from_secs(90);

#[derive(Parser, Debug)]
#[command(
    name = "skua",
    version,
    about = "A fast, keyboard-driven terminal client for the fediverse"
)]
struct Cli {
    /// Run against a built-in demo instance (no account needed): --demo (Mastodon) or
    /// --demo=misskey.
    #[arg(long, value_name = "FLAVOR", num_args = 0..=1, require_equals = true, default_missing_value = "mastodon", conflicts_with = "server")]
    demo: Option<DemoFlavor>,

    /// With --demo: seconds between the demo's new posts (it is live; 0 keeps it still).
    #[arg(long, value_name = "SECONDS", default_value_t = 6, requires = "demo")]
    demo_every: u64,

    /// Server to use, e.g. mastodon.example. The access token is read from SKUA_TOKEN.
    #[arg(long, value_name = "URL")]
    server: Option<String>,

    /// Saved account to use (see `skua accounts`); the last used one by default.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["server", "demo"])]
    account: Option<String>,

    /// Config file to use instead of the default one.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Neither show nor save the cached posts of the last session (see `[general] cache`).
    #[arg(long)]
    no_cache: bool,

    /// Panes: `deck` shows timelines side by side (those of `[layout]`, else home, local and
    /// notifications), `tabs` one at a time. Without it, the layout of the last session.
    #[arg(long, value_name = "LAYOUT")]
    layout: Option<LayoutChoice>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Log in (MiAuth on Misskey, OAuth on Mastodon), save the account, and open it. Works
    /// without a browser: the address is printed, shown as a QR code, and copied (OSC 52).
    Login {
        /// The server, e.g. misskey.example, or your handle on it (@you@misskey.example).
        server: String,
        /// How long to wait for the approval (MiAuth).
        #[arg(long, value_name = "SECONDS", default_value_t = commands::login::APPROVAL_WAIT_SECS)]
        timeout: u64,
    },
    /// Forget a saved account (the last used one if none is named).
    Logout { account: Option<String> },
    /// List the saved accounts.
    Accounts,
    /// Manage lists from the command line. LIST is a list's title or id. Uses the same account
    /// as the TUI (--account, --server with SKUA_TOKEN, or the last used).
    Lists {
        /// Print JSON instead of text.
        #[arg(long, global = true)]
        json: bool,
        #[command(subcommand)]
        command: ListsCommand,
    },
    /// Write a post (or a reply, a poll, with media). Uses the same account as the TUI. The
    /// same post sent again within an hour (a retried script) is not posted twice.
    Post(skua::commands::post::PostArgs),
    /// Print shell completions, e.g. `skua completions bash > ~/.local/share/bash-completion/completions/skua`.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff) of skua or of one of its commands, e.g. `skua man | man -l -`,
    /// `skua man lists show | man -l -`.
    Man {
        /// The command whose page to print (none: skua's own).
        command: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LayoutChoice {
    Deck,
    Tabs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DemoFlavor {
    Mastodon,
    Misskey,
}

impl From<DemoFlavor> for Flavor {
    fn from(demo: DemoFlavor) -> Flavor {
        match demo {
            DemoFlavor::Mastodon => Flavor::Mastodon,
            DemoFlavor::Misskey => Flavor::Misskey,
        }
    }
}

fn log_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "skua")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_owned(),
    )
}

const LOG_FILE: &str = "skua.log";

fn main() -> ExitCode {
    // One malloc arena for every thread: skua's few threads allocate little, and each extra
    // arena holds on to memory of its own (the footprint target counts it).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    let log_path = log_dir().map(|d| d.join(LOG_FILE));
    let help = format!(
        "Config file: {}\nAccounts:    {}\nLog file:    {}  (level from SKUA_LOG, e.g. SKUA_LOG=debug)\n\nEnvironment: SKUA_TOKEN  access token for --server or the configured server",
        config::default_path().map_or_else(|| "(unknown)".into(), |p| p.display().to_string()),
        AccountStore::default_path()
            .map_or_else(|| "(unknown)".into(), |p| p.display().to_string()),
        log_path
            .as_ref()
            .map_or_else(|| "(none)".into(), |p| p.display().to_string()),
    );
    let matches = Cli::command().after_help(help).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    start_logging();
    let code = match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "skua stopped");
            // After a hang-up stderr is gone: saying so must not panic (the log has it).
            use std::io::Write;
            if let Err(error) = writeln!(std::io::stderr(), "skua: {e:#}") {
                tracing::warn!(%error, "could not print the error");
            }
            ExitCode::from(1)
        }
    };
    flush_log();
    code
}

/// Logs to a file, never to the terminal; the log is flushed at exit and on a panic.
fn start_logging() -> Option<()> {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    cap_log(&dir.join(LOG_FILE));
    let appender = open_private(&dir.join(LOG_FILE))?;
    // The default queue holds 128,000 lines, allocated (4 MiB) up front; a thousand are
    // plenty for an interactive program (32 KiB), and a burst past them is dropped, never waited on.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(1024)
        .finish(appender);
    // `SKUA_LOG=debug` or per target (`info,skua::live=debug`); anything else keeps "info".
    let filter = std::env::var("SKUA_LOG")
        .ok()
        .and_then(|levels| levels.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false),
        )
        .with(filter)
        .init();
    flush_log_on_panic(guard);
    Some(())
}

/// The log, opened to append to. It names servers, accounts and what failed: readable by its
/// owner only (0600), like every other file skua keeps, whether it is new or left by an older
/// skua.
fn open_private(path: &std::path::Path) -> Option<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .ok()?;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    Some(file)
}

/// A log past this size is moved aside (replacing the previous one) when skua starts.
const MAX_LOG_BYTES: u64 = 8 << 20;

fn cap_log(path: &std::path::Path) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        let _ = std::fs::rename(path, path.with_extension("log.old"));
    }
}

/// The log writer's guard, dropped (which flushes the log) at exit or by a panic on any thread.
static LOG_GUARD: std::sync::Mutex<Option<tracing_appender::non_blocking::WorkerGuard>> =
    std::sync::Mutex::new(None);

fn flush_log_on_panic(guard: tracing_appender::non_blocking::WorkerGuard) {
    *LOG_GUARD.lock().unwrap_or_else(|e| e.into_inner()) = Some(guard);
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The backtrace goes to the log: stderr may be gone (a dropped terminal).
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%info, %backtrace, "panic");
        default(info);
        flush_log();
        // The same end whether the build unwinds or aborts (release): a panic on any thread
        // leaves nothing to trust, and a command ends with 101 as the interface does.
        std::process::exit(101);
    }));
}

fn flush_log() {
    if let Ok(mut guard) = LOG_GUARD.lock() {
        guard.take();
    }
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn print_all(text: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().write_all(text) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// A line on stdout; a terminal that is gone (a dropped link) is logged, never a panic.
fn print_line(line: &str) {
    if let Err(error) = print_all(format!("{line}\n").as_bytes()) {
        tracing::warn!(%error, "could not print");
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Commands that only touch the accounts file need neither the network nor the terminal.
    match &cli.command {
        Some(Command::Logout { account }) => return logout(account.as_deref()),
        Some(Command::Accounts) => return list_accounts(),
        // Generated from these very definitions, so they never drift from the options.
        Some(Command::Completions { shell }) => {
            let mut text = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "skua", &mut text);
            return print_all(&text);
        }
        Some(Command::Man { command }) => {
            return print_all(&skua::commands::man::page(Cli::command(), command)?);
        }
        Some(Command::Login { .. } | Command::Lists { .. } | Command::Post(_)) | None => {}
    }
    let config = match &cli.config {
        Some(path) => Config::load(path, true)?,
        None => match config::default_path() {
            Some(path) => Config::load(&path, false)?,
            None => Config::defaults(),
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Network work is waiting, not computing: one worker beside the loop's thread.
        .worker_threads(1)
        .build()
        .context("could not start the async runtime")?;
    let result = runtime.block_on(run_async(cli, config));
    // A worker still busy (with a server's answer, say) must not hold up leaving.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

fn open_store() -> anyhow::Result<(PathBuf, AccountStore)> {
    let path = AccountStore::default_path().context("no data folder for the accounts file")?;
    let store = AccountStore::load(&path)?;
    Ok((path, store))
}

/// `skua logout [ACCOUNT]`.
fn logout(account: Option<&str>) -> anyhow::Result<()> {
    let (_, mut store) = open_store()?;
    let name = store
        .find(account)
        .map(|a| a.name.clone())
        .with_context(|| match account {
            Some(name) => format!("no saved account called {name}; see `skua accounts`"),
            None => "no saved account to log out of".to_owned(),
        })?;
    store.remove(&name)?;
    skua::files::forget_account(&name);
    print_line(&format!(
        "Forgot @{name}. (The server may still list skua as an authorized app.)"
    ));
    Ok(())
}

/// `skua accounts`.
fn list_accounts() -> anyhow::Result<()> {
    let (_, store) = open_store()?;
    if store.accounts().is_empty() {
        print_line("No saved accounts. Log in with `skua login SERVER`.");
    }
    for account in store.accounts() {
        let mark = if store.last_used() == Some(account.name.as_str()) {
            "*"
        } else {
            " "
        };
        print_line(&format!(
            "{mark} {}  ({:?}, {})",
            account.name, account.flavor, account.server
        ));
    }
    Ok(())
}

/// The saved account to open: a fresh login (`skua login`, or a `first` run at a terminal),
/// `--account`, or the last used, with the accounts file it was found in; `None` when none is
/// saved.
async fn saved_account(
    cli: &Cli,
    client: &reqwest::Client,
    first: FirstRun<'_>,
    hyperlinks: bool,
) -> anyhow::Result<Option<(SavedAccount, AccountStore)>> {
    let (path, mut store) = open_store()?;
    // Asked only where no account is saved: a usual start makes no extra call.
    let at_a_terminal = || std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let fresh = match &cli.command {
        Some(Command::Login { server, timeout }) => {
            let server = config::parse_server_url(server).map_err(anyhow::Error::msg)?;
            let wait = Duration::from_secs(*timeout);
            Some(commands::login::log_in(client, &server, wait, hyperlinks).await?)
        }
        None if store.accounts().is_empty() && cli.account.is_none() && at_a_terminal() => {
            commands::login::first_run(client, first, hyperlinks).await?
        }
        _ => None,
    };
    if let Some(account) = fresh {
        store.add(account.clone())?;
        print_line(&format!(
            "Logged in as @{}. Saved in {}.",
            account.name,
            path.display()
        ));
        return Ok(Some((account, store)));
    }
    let Some(account) = store.find(cli.account.as_deref()).cloned() else {
        if let Some(name) = &cli.account {
            bail!("no saved account called {name}; see `skua accounts`");
        }
        return Ok(None);
    };
    store.set_last_used(&account.name)?;
    Ok(Some((account, store)))
}

/// Where to connect and as whom: the demo, `--server` with SKUA_TOKEN, a saved account (a
/// fresh login, `--account` or the last used), or the config file's server.
struct Connection {
    server: url::Url,
    token: Option<Token>,
    label: String,
    flavor: Flavor,
    /// The saved account used, if one is.
    saved: Option<String>,
    /// The accounts file, where it was read to find that account.
    store: Option<AccountStore>,
    /// Keeps the demo server running for the whole session.
    _demo: Option<DemoServer>,
}

async fn connect(
    cli: &Cli,
    config: &Config,
    client: &reqwest::Client,
) -> anyhow::Result<Connection> {
    let env_token = std::env::var("SKUA_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Token::new(t.trim()));
    let first_run = match &config.server {
        None => FirstRun::Ask,
        Some(server) if env_token.is_none() && config.token.is_none() => FirstRun::LogInTo(server),
        Some(_) => FirstRun::Nothing,
    };
    let mut demo_server = None;
    let mut saved = None;
    let mut store = None;
    let (server, token, label, flavor) = if let Some(demo_flavor) = cli.demo {
        let mut data = DemoData::bundled();
        data.rebase(jiff::Timestamp::now(), DEMO_NEWEST_AGE);
        data.add_channels();
        data.add_chats();
        let flavor = Flavor::from(demo_flavor);
        let server = DemoServer::start_as(data, flavor)
            .await
            .context("could not start the demo server")?;
        server.stop_recording();
        if cli.demo_every > 0 && cli.command.is_none() {
            server.start_chatter(std::time::Duration::from_secs(cli.demo_every));
        }
        let url = server.url().clone();
        demo_server = Some(server);
        let token = match flavor {
            // Show the whole MiAuth flow (the demo approves it by itself after a few seconds),
            // but not to a command that only wants an answer.
            Flavor::Misskey if cli.command.is_none() => {
                let mut out = std::io::stdout();
                commands::login::miauth(
                    client,
                    &url,
                    DEMO_LOGIN_DEADLINE,
                    config.hyperlinks,
                    &mut out,
                )
                .await?
                .token()
            }
            Flavor::Misskey | Flavor::Mastodon => Token::new(demo::TOKEN),
        };
        (url, Some(token), "demo".to_owned(), flavor)
    } else if let Some(given) = &cli.server {
        let server = config::parse_server_url(given).map_err(anyhow::Error::msg)?;
        let Some(token) = env_token else {
            bail!("no access token for --server: set SKUA_TOKEN, or use `skua login {given}`");
        };
        let flavor = detect::detect(client, &server)
            .await
            .with_context(|| format!("could not connect to {server}"))?;
        let label = config::server_label(&server);
        (server, Some(token), label, flavor)
    } else if let Some((account, read)) =
        saved_account(cli, client, first_run, config.hyperlinks).await?
    {
        let server = config::parse_server_url(&account.server).map_err(anyhow::Error::msg)?;
        saved = Some(account.name.clone());
        store = Some(read);
        let label = config::server_label(&server);
        (server, Some(account.token()), label, account.flavor)
    } else {
        let Some(server) = config.server.clone() else {
            bail!(
                "no account yet: try `skua --demo`, `skua login misskey.example`, or `SKUA_TOKEN=... skua --server mastodon.example`"
            );
        };
        let Some(token) = env_token.or_else(|| config.token.clone()) else {
            bail!("no access token: set SKUA_TOKEN (or [account] token in the config file)");
        };
        let label = config::server_label(&server);
        let flavor = detect::detect(client, &server)
            .await
            .with_context(|| format!("could not connect to {server}"))?;
        (server, Some(token), label, flavor)
    };
    Ok(Connection {
        server,
        token,
        label,
        flavor,
        saved,
        store,
        _demo: demo_server,
    })
}

/// The panes to start with: as asked on the command line, else as the account left them
/// (while the config's layout is the one they grew from), else the config's.
fn chosen_layout(
    cli: &Cli,
    configured: &config::Layout,
    saved: Option<&std::path::Path>,
) -> config::Layout {
    use skua::api::TimelineKind;
    match cli.layout {
        Some(LayoutChoice::Deck) if configured.panes.len() > 1 => configured.clone(),
        Some(LayoutChoice::Deck) => {
            // The demo's busiest hashtag; elsewhere what most people keep an eye on.
            let third = match cli.demo {
                Some(_) => TimelineKind::Hashtag("rust".into()),
                None => TimelineKind::Notifications {
                    mentions_only: false,
                },
            };
            config::Layout::columns(
                vec![
                    vec![TimelineKind::Home],
                    vec![TimelineKind::Local],
                    vec![third],
                ],
                configured.fold_width,
                configured.fold_height,
            )
        }
        Some(LayoutChoice::Tabs) => config::Layout::columns(
            vec![configured.panes.concat()],
            configured.fold_width,
            configured.fold_height,
        ),
        None => saved
            .and_then(|path| skua::layouts::read(path, configured))
            .unwrap_or_else(|| configured.clone()),
    }
}

async fn run_async(cli: Cli, mut config: Config) -> anyhow::Result<()> {
    let client = http::client(config.timeout);
    let Connection {
        server,
        token,
        label,
        flavor,
        saved,
        store,
        _demo,
    } = connect(&cli, &config, &client).await?;

    tracing::info!(server = %server, ?flavor, demo = cli.demo.is_some(), "starting");

    // The demo or `--server`: listed on the accounts screen, to come back to after a switch.
    let unsaved = match (&saved, &token) {
        (None, Some(token)) => Some(Unsaved {
            account: SavedAccount::new(label.clone(), server.to_string(), flavor, token),
            demo: cli.demo.is_some(),
        }),
        _ => None,
    };
    let backend = detect::backend(flavor, client.clone(), server, token, config.page_size);
    if let Some(Command::Post(args)) = &cli.command {
        let account = saved.clone().unwrap_or_else(|| label.clone());
        let posted =
            skua::commands::post::run(backend.as_ref(), &account, args, &mut std::io::stdout())
                .await;
        if posted.is_ok() && cli.demo.is_some() {
            // On stderr: stdout may be the post as JSON. A closed stderr is no reason to panic.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "(the demo keeps it only while this command runs: nothing was posted anywhere)"
            );
        }
        return posted;
    }
    if let Some(Command::Lists { json, command }) = &cli.command {
        // Answers to "are you sure?" come only from a person at a terminal.
        let stdin = std::io::stdin();
        let mut terminal_input = stdin.is_terminal().then(|| stdin.lock());
        let confirm = terminal_input
            .as_mut()
            .map(|input| input as &mut dyn std::io::BufRead);
        return lists::run(
            backend.as_ref(),
            command,
            *json,
            &mut std::io::stdout(),
            confirm,
        )
        .await;
    }
    // Before the first answer is read: text is cleaned for the terminal it is drawn on. The
    // terminal is asked as it is set up; answers from the server wait for its word a little
    // (else, where the guess was wrong, they would be fetched again).
    skua::sanitize::guess_emoji_sequences_joined(
        skua::tui::joins_emoji_sequences(|name| std::env::var(name).ok()),
        std::time::Instant::now() + skua::input::ANSWERS_AWAITED * 2,
    );
    let store = match store {
        Some(store) => Ok(store),
        None => open_store()
            .map(|(_, store)| store)
            .map_err(|e| (AccountStore::default_path(), format!("{e:#}"))),
    };
    let mut session = Session::new(
        store,
        client,
        config.page_size,
        RetryPolicy::default(),
        saved,
        unsaved,
    );
    let Connected {
        requests,
        events: mut net,
        label,
        flavor,
        demo,
        account_key,
    } = session.start(backend, label);
    let configured = config.start_layout();
    let layout_path = account_key
        .as_deref()
        .zip(skua::files::state_dir())
        .map(|(account, state)| skua::layouts::path(&state, account));
    config.layout = chosen_layout(&cli, &configured, layout_path.as_deref());
    // The first requests go out before the terminal is set up: the network is the slow part.
    let size = crossterm::terminal::size().context("could not read the terminal's size")?;
    let mut app = App::new(&config, label, demo, requests, size);
    app.state.flavor = flavor;
    // no-color.org: set and not empty.
    app.state.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.state.in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    // Terminals known to print OSC sequences as text never get them.
    let term = std::env::var("TERM").unwrap_or_default();
    app.state.hyperlinks = config.hyperlinks && skua::ui::links::terminal_takes_links(&term);
    let previews = config.media.previews;
    let pictures = skua::tui::pictures_here(previews, |name| std::env::var(name).ok());
    // `previews = "blocks"` is half blocks whatever the terminal has; with "off", the media
    // viewer still draws in its graphics.
    let ask_graphics = pictures.is_some() && previews != skua::config::PreviewMode::Blocks;
    app.state.previews.awaiting_terminal = ask_graphics;
    if let Some(indexed) = pictures {
        app.show_previews(previews != skua::config::PreviewMode::Off, indexed);
    }
    if let Some(root) = skua::drafts::DraftStore::default_root() {
        app.keep_drafts_in(root);
    }
    if let Some(state) = skua::files::state_dir() {
        app.keep_positions_in(state.join("positions"));
    }
    if config.cache
        && !cli.no_cache
        && let Some(cache) = skua::files::cache_dir()
    {
        app.keep_cache_in(cache, account_key.clone());
    }
    if let Some(state) = skua::files::state_dir() {
        app.keep_layouts_in(state, configured, account_key);
    }
    app.set_saved_accounts(session.entries(), session.current());

    let mut guard = TerminalGuard::enter(ask_graphics).context("could not set up the terminal")?;
    let exit = event_loop::run(
        &mut app,
        &mut net,
        &mut guard,
        &mut session,
        config.esc_timeout,
    )
    .await;
    event_loop::finish(&mut app, &mut net, &mut guard, &mut session);
    drop(guard);
    match exit? {
        Exit::Quit => tracing::info!("quit"),
        other => tracing::info!(?other, "stopped"),
    }
    Ok(())
}
