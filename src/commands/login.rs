//! `skua login` on the command line: the address is always printed, also as a QR code a phone
//! can scan, and copied to the clipboard with OSC 52 where the terminal allows; a browser is
//! opened only where one can appear.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use url::Url;

use crate::accounts::SavedAccount;
use crate::api::detect::{self, Flavor};
use crate::login::{POLL_EVERY, miauth_check, miauth_start, oauth_finish, oauth_start};
use crate::ui::text::{chunks, wrap_plain};
use crate::{browser, clipboard, qr};

/// Asks `server` which software it runs, saying so at once on stderr (a server that never
/// answers would otherwise leave the user looking at nothing), with a spinner on a terminal.
pub async fn detect_saying(client: &reqwest::Client, server: &Url) -> anyhow::Result<Flavor> {
    let host = crate::sanitize::owned_line(server.host_str().unwrap_or(server.as_str()));
    let saying = format!("asking {host} which software it runs…");
    let mut err = std::io::stderr();
    if !err.is_terminal() {
        let _ = writeln!(err, "{saying}");
        return Ok(detect::detect(client, server).await?);
    }
    let detecting = detect::detect(client, server);
    tokio::pin!(detecting);
    let mut frames = SPINNER.iter().cycle();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let flavor = loop {
        tokio::select! {
            flavor = &mut detecting => break flavor,
            _ = tick.tick() => {
                let frame = frames.next().unwrap_or(&' ');
                let _ = write!(err, "\r{frame} {saying}");
                let _ = err.flush();
            }
        }
    };
    // The line goes once there is an answer.
    let _ = write!(err, "\r\x1b[2K");
    Ok(flavor?)
}

const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

/// How long a MiAuth login waits for the approval unless told otherwise (`--timeout`).
pub const APPROVAL_WAIT_SECS: u64 = 300;

/// `skua login SERVER`: asks the server which software it runs, then logs in its way (MiAuth
/// or OAuth) on this terminal. Nothing is saved here.
/// `hyperlinks`: the config's word on OSC 8 links (see [`show_address`]).
pub async fn log_in(
    client: &reqwest::Client,
    server: &Url,
    approval_wait: Duration,
    hyperlinks: bool,
) -> anyhow::Result<SavedAccount> {
    let flavor = detect_saying(client, server)
        .await
        .with_context(|| format!("could not connect to {server}"))?;
    log_in_to(client, server, flavor, approval_wait, hyperlinks).await
}

async fn log_in_to(
    client: &reqwest::Client,
    server: &Url,
    flavor: Flavor,
    approval_wait: Duration,
    hyperlinks: bool,
) -> anyhow::Result<SavedAccount> {
    let mut out = std::io::stdout();
    match flavor {
        Flavor::Misskey => miauth(client, server, approval_wait, hyperlinks, &mut out).await,
        Flavor::Mastodon => {
            let mut input = std::io::BufReader::new(std::io::stdin());
            oauth(client, server, hyperlinks, &mut input, &mut out).await
        }
    }
}

/// What a start at a terminal with no account saved may do.
pub enum FirstRun<'a> {
    /// Ask which server to log in to: none is configured.
    Ask,
    /// Log in to the config file's server, which has no token.
    LogInTo(&'a Url),
    /// Nothing: the config file has a server and a token.
    Nothing,
}

/// A first run at a terminal with no account saved: rather than only saying how to log in,
/// logs in, to the configured server or to the one asked for; `None` where there is nothing
/// to do or the user leaves.
pub async fn first_run(
    client: &reqwest::Client,
    first: FirstRun<'_>,
    hyperlinks: bool,
) -> anyhow::Result<Option<SavedAccount>> {
    let approval_wait = Duration::from_secs(APPROVAL_WAIT_SECS);
    match first {
        FirstRun::Ask => ask_and_log_in(client, approval_wait, hyperlinks).await,
        FirstRun::LogInTo(server) => {
            let mut out = std::io::stdout();
            writeln!(
                out,
                "No account is saved yet: logging in to {server}, the config file's server."
            )?;
            log_in(client, server, approval_wait, hyperlinks)
                .await
                .map(Some)
        }
        FirstRun::Nothing => Ok(None),
    }
}

/// Asks for the server and logs in there. An answer that is not a server address, or a server
/// that cannot be reached, is said and asked again; an empty answer (or the end of input)
/// leaves with `None`.
async fn ask_and_log_in(
    client: &reqwest::Client,
    approval_wait: Duration,
    hyperlinks: bool,
) -> anyhow::Result<Option<SavedAccount>> {
    let mut out = std::io::stdout();
    writeln!(
        out,
        "No account is saved yet. To log in, type your server's address or your handle\n\
         (@you@server): Mastodon, Misskey and their kin. Enter leaves; `skua --demo`\n\
         shows skua without an account."
    )?;
    loop {
        write!(out, "Server (e.g. mastodon.social): ")?;
        out.flush()?;
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer)? == 0 || answer.trim().is_empty() {
            return Ok(None);
        }
        let server = match crate::config::parse_server_url(answer.trim()) {
            Ok(server) => server,
            Err(why) => {
                writeln!(out, "{}", crate::sanitize::owned_line(&why))?;
                continue;
            }
        };
        match detect_saying(client, &server).await {
            Ok(flavor) => {
                return log_in_to(client, &server, flavor, approval_wait, hyperlinks)
                    .await
                    .map(Some);
            }
            Err(why) => {
                let why = format!("could not connect to {server}: {why:#}");
                writeln!(out, "{}", crate::sanitize::owned_line(&why))?;
            }
        }
    }
}

/// Runs a Mastodon OAuth login on the command line: shows the authorization address, reads
/// the code the user pastes, and exchanges it for a token.
pub async fn oauth(
    client: &reqwest::Client,
    server: &Url,
    hyperlinks: bool,
    input: &mut (impl std::io::BufRead + Send),
    out: &mut impl Write,
) -> anyhow::Result<SavedAccount> {
    let start = oauth_start(client, server).await?;
    show_address(out, &start.url, "let skua in", hyperlinks, 1)?;
    write!(out, "Then paste the code the server shows you here: ")?;
    out.flush()?;
    let mut code = String::new();
    input
        .read_line(&mut code)
        .context("could not read the code")?;
    oauth_finish(client, server, &start, &code).await
}

/// Runs a MiAuth login on the command line: shows the address, then asks the server every two
/// seconds whether the user approved, until `deadline` passes or Ctrl-C. Nothing is saved
/// unless it succeeds.
pub async fn miauth(
    client: &reqwest::Client,
    server: &Url,
    deadline: Duration,
    hyperlinks: bool,
    out: &mut impl Write,
) -> anyhow::Result<SavedAccount> {
    let session = miauth_start(server, &[])?;
    // Heard from before the terminal is raw: a Ctrl-C typed before that (while Ctrl-C is still
    // a signal, not a key) cancels too, rather than ending skua without a word.
    let mut interrupted =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    // Keys are taken before the address shows: one typed the moment it does is neither
    // echoed under it nor left for the timeline.
    let mut keys = crate::input::CancelKeys::start();
    show_address(out, &session.url, "approve skua's access", hyperlinks, 1)?;
    let started = Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL_EVERY) => {}
            _ = interrupted.recv() => bail!("login cancelled; nothing was saved"),
            () = keys.pressed() => {
                drop(keys);
                writeln!(out)?;
                bail!("login cancelled; nothing was saved");
            }
        }
        let waited = started.elapsed();
        if waited > deadline {
            bail!(
                "no approval within {} s; nothing was saved. Run `skua login` again to get a new address",
                deadline.as_secs()
            );
        }
        write!(out, "\rwaiting for approval… {}s ", waited.as_secs())?;
        out.flush()?;
        if let Some(account) = miauth_check(client, server, &session).await? {
            drop(keys);
            writeln!(out)?;
            return Ok(account);
        }
    }
}

/// Prints the address as text and as a QR code, above or beside it as the terminal allows,
/// copies it with OSC 52 on a terminal, and opens a browser where one can appear; with
/// `hyperlinks` (the config's), on a terminal that takes them, the address is an OSC 8 link.
/// `below` rows stay free for what the caller prints next, so at 80x24 code and address show
/// at once.
fn show_address(
    out: &mut impl Write,
    url: &Url,
    purpose: &str,
    hyperlinks: bool,
    below: usize,
) -> anyhow::Result<()> {
    let terminal = std::io::stdout().is_terminal();
    let output = Output {
        terminal,
        tmux: std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
        links: terminal
            && hyperlinks
            && crate::ui::links::terminal_takes_links(&std::env::var("TERM").unwrap_or_default()),
    };
    let browser = match browser::open(url.as_str()) {
        Ok(()) => "A browser window was opened for it.",
        Err(_) => "No browser can be opened here: use the address above on any device.",
    };
    let (columns, rows) = crossterm::terminal::size().unwrap_or((u16::MAX, u16::MAX));
    let screen = (usize::from(columns), usize::from(rows));
    let mut block: String = address_block(url, purpose, output, browser, screen, below)
        .into_iter()
        // A raw terminal (keys taken, as while waiting for approval) does not go back to
        // the first column at a line's end by itself.
        .map(|line| line + if terminal { "\r\n" } else { "\n" })
        .collect();
    if terminal {
        // OSC 52: the terminal (even across SSH) puts the address on the local clipboard.
        block.push_str(&clipboard::osc52(url.as_str()));
        // At once, as a frame is: a code shown half drawn would scan as nothing.
        queue!(out, BeginSynchronizedUpdate)?;
    }
    out.write_all(block.as_bytes())?;
    if terminal {
        queue!(out, EndSynchronizedUpdate)?;
    }
    out.flush()?;
    Ok(())
}

/// Where the address is printed.
#[derive(Clone, Copy)]
struct Output {
    /// A terminal (not a file or a pipe): colours and the clipboard.
    terminal: bool,
    /// Inside tmux, which copies only where set up to.
    tmux: bool,
    /// A terminal that takes OSC 8 links.
    links: bool,
}

/// The lines `show_address` prints on a `screen` of (columns, rows), `below` rows of it kept
/// free: the code and the text.
fn address_block(
    url: &Url,
    purpose: &str,
    Output {
        terminal,
        tmux,
        links,
    }: Output,
    browser: &str,
    (columns, rows): (usize, usize),
    below: usize,
) -> Vec<String> {
    let room = (columns, rows.saturating_sub(below));
    // Beside the code the address is cut to the column; elsewhere it is one line the terminal
    // wraps, so selecting it copies no line break. `chunked` also counts the rows it takes.
    let text = |width: usize, chunked: bool| {
        let prose = |text: &str| {
            wrap_plain(text, ratatui::style::Style::new(), width)
                .into_iter()
                .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
                .collect::<Vec<String>>()
        };
        let mut lines = prose(&format!(
            "Scan the code, or open this address to {purpose}:"
        ));
        lines.push(String::new());
        // Each piece links to the whole address, so a click on any of them opens it whole
        // (on the machine the terminal runs on, across SSH too).
        let linked = |text: String| match links {
            true => crate::ui::links::linked(text, url.as_str()),
            false => text,
        };
        match chunked {
            true => lines.extend(chunks(url.as_str(), width).into_iter().map(linked)),
            false => lines.push(linked(url.to_string())),
        }
        lines.push(String::new());
        match (terminal, tmux) {
            (true, false) => lines.extend(prose(
                "(copied to the clipboard where the terminal allows it)",
            )),
            (true, true) => lines.extend(prose(
                "(copied to the clipboard where the terminal allows it; in tmux with set -g set-clipboard on)",
            )),
            (false, _) => {}
        }
        lines.extend(prose(browser));
        lines.extend(prose("Press Esc or Ctrl-C to cancel."));
        lines
    };
    // White on black whatever the terminal's colours, as phones expect (a light terminal would
    // show the code inverted).
    let paint = |code: &str| match terminal {
        true => format!("\x1b[97;40m{code}\x1b[0m"),
        false => code.to_owned(),
    };
    match qr::place(url.as_str(), room, |width| text(width, true).len()) {
        Some((code, qr::Placement::Above)) => {
            let mut lines: Vec<String> = code.iter().map(|line| paint(line)).collect();
            lines.push(String::new());
            lines.extend(text(room.0, false));
            lines
        }
        Some((code, qr::Placement::Beside)) => {
            let code_width = code[0].chars().count();
            let text = text(room.0 - code_width - qr::GAP, true);
            (0..code.len().max(text.len()))
                .map(|row| {
                    let code = code
                        .get(row)
                        .map_or_else(|| " ".repeat(code_width), |line| paint(line));
                    let text = text.get(row).map_or("", String::as_str);
                    let line = format!("{code}{:gap$}{text}", "", gap = qr::GAP);
                    line.trim_end().to_owned()
                })
                .collect()
        }
        None => {
            let mut lines = Vec::new();
            if let Some((columns, rows)) = qr::needed(url.as_str(), |width| text(width, true).len())
            {
                lines.push(format!(
                    "(A QR code of the address needs a terminal of {columns} columns by {} rows.)",
                    rows + below
                ));
                lines.push(String::new());
            }
            lines.extend(text(room.0, false));
            lines
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Output = Output {
        terminal: false,
        tmux: false,
        links: false,
    };
    const IN_TMUX: Output = Output {
        terminal: true,
        tmux: true,
        links: false,
    };

    #[test]
    fn every_piece_of_an_address_beside_its_code_links_to_the_whole_address() {
        let url = crate::login::miauth_url(
            &Url::parse("https://social.example.org").unwrap(),
            &uuid::Uuid::new_v4().to_string(),
            &crate::login::MIAUTH_LATER
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>(),
        );
        let linking = Output {
            links: true,
            ..IN_TMUX
        };
        let shown = address_block(&url, "log in", linking, "No browser here.", (80, 24), 1);
        let opening = format!("\x1b]8;;{url}\x1b\\");
        let pieces: Vec<&String> = shown.iter().filter(|l| l.contains(&opening)).collect();
        assert!(pieces.len() > 1, "beside the code, in pieces: {shown:#?}");
        let whole: String = pieces
            .iter()
            .map(|line| {
                let (_, piece) = line.split_once(&opening).unwrap();
                piece.strip_suffix("\x1b]8;;\x1b\\").unwrap()
            })
            .collect();
        assert_eq!(whole, url.as_str());
        // Nowhere else.
        let plain = address_block(&url, "log in", IN_TMUX, "No browser here.", (80, 24), 1);
        assert!(!plain.join("").contains("\x1b]8"), "{plain:#?}");
    }

    #[test]
    fn an_address_not_beside_the_code_is_one_line_to_select() {
        let url = crate::login::miauth_url(
            &Url::parse("https://social.example.org").unwrap(),
            &uuid::Uuid::new_v4().to_string(),
            &[],
        );
        // Too small for a code (text only), and tall enough for the code above the text.
        for screen in [(40, 8), (60, 80)] {
            let shown = address_block(&url, "log in", PLAIN, "No browser here.", screen, 1);
            assert!(
                shown.iter().any(|line| line == url.as_str()),
                "{screen:?}: {shown:#?}"
            );
        }
    }

    #[test]
    fn real_login_addresses_and_their_codes_fit_80x24_together() {
        // Hosts as long as these (25 characters) fit with a MiAuth session id and with a
        // Mastodon client id and PKCE challenge of the usual 43 characters.
        let host = "https://social.example.org";
        let miauth = crate::login::miauth_url(
            &Url::parse(host).unwrap(),
            &uuid::Uuid::new_v4().to_string(),
            &[],
        );
        // With every permission asked for later too, as a second approval asks.
        let later: Vec<String> = crate::login::MIAUTH_LATER
            .iter()
            .map(|p| p.to_string())
            .collect();
        let renewal = crate::login::miauth_url(
            &Url::parse(host).unwrap(),
            &uuid::Uuid::new_v4().to_string(),
            &later,
        );
        let id = "x".repeat(43);
        let oauth = crate::login::oauth_url(&Url::parse(host).unwrap(), &id, &id);
        for url in [miauth, renewal, oauth] {
            let shown = address_block(&url, "log in", IN_TMUX, "No browser here.", (80, 24), 1);
            assert!(shown.len() <= 23, "{}", shown.join("\n"));
            // Inside tmux, copying needs tmux's leave: said where the copy is.
            assert!(
                shown.join(" ").contains("set-clipboard"),
                "{}",
                shown.join("\n")
            );
            assert!(
                !shown[0].contains("needs a terminal"),
                "{}",
                shown.join("\n")
            );
            let painted = shown
                .iter()
                .filter(|line| line.contains("\x1b[97;40m"))
                .count();
            assert!(painted >= 20, "the code in white on black");
            let width = |line: &str| line.replace("\x1b[97;40m", "").replace("\x1b[0m", "");
            assert!(shown.iter().all(|line| width(line).chars().count() <= 80));
        }
    }
}
