//! `skua login`: MiAuth for Misskey, OAuth (with PKCE) for Mastodon. Made for terminals without
//! a browser (SSH): the address
//! is always printed, also as a QR code a phone can scan, and copied to the clipboard with
//! OSC 52 where the terminal allows; a browser is opened only where one can appear.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;
use url::Url;

use crate::accounts::SavedAccount;
use crate::api::Backend;
use crate::api::detect::Flavor;
use crate::api::http::{self, Token};
use crate::api::mastodon::{self, Mastodon};
use crate::clipboard::{self, base64_url};
use crate::ui::text::{chunks, wrap_plain};
use crate::{browser, qr, sanitize};
use sha2::Digest;

/// What skua asks a Misskey server for, once, for every feature and nothing more:
/// `read:account` to read timelines, threads, profiles and lists; `write:account` for lists and
/// muting threads; `write:notes` to post, renote and delete; `write:reactions`;
/// `read:`/`write:favorites` for bookmarks; `read:`/`write:following` (relations, follow
/// requests), `write:mutes`, `write:blocks` from profiles; `read:`/`write:notifications`;
/// `write:drive` to upload attachments; `write:votes` for polls. (skua lists no mutes, blocks or
/// drive files, so it asks for no `read:` of them; the address stays short enough for a QR code
/// beside it at 80x24.)
pub const MIAUTH_PERMISSIONS: &[&str] = &[
    "read:account",
    "write:account",
    "write:notes",
    "write:reactions",
    "read:favorites",
    "write:favorites",
    "read:following",
    "write:following",
    "write:mutes",
    "write:blocks",
    "read:notifications",
    "write:notifications",
    "write:drive",
    "write:votes",
];

/// How often MiAuth asks whether the user approved.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// What skua asks a Mastodon server for, once, for every feature: reading (timelines, threads,
/// lists, profiles, search, notifications, favourites, bookmarks) and writing (posts, boosts,
/// lists, follows, mutes, blocks, favourites, bookmarks, notifications, attachments, direct
/// messages). The granular names of those same rights (`read:statuses write:statuses …`, 18 of
/// them) make an address of over 500 characters, whose QR code cannot fit 80x24 at any
/// density; `read write` is about 250. Beyond what skua uses, `write` also lets a token edit
/// the profile, filters and reports, and `read` read filters.
pub const OAUTH_SCOPES: &str = "read write";
/// "Show the code in the browser": there is no redirect to catch in a terminal.
const OUT_OF_BAND: &str = "urn:ietf:wg:oauth:2.0:oob";

/// A started OAuth login: skua is registered with the server, and the user approves at `url`.
#[derive(Clone, PartialEq)]
pub struct OAuthStart {
    pub url: Url,
    client_id: String,
    client_secret: String,
    verifier: String,
}

impl std::fmt::Debug for OAuthStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client secret and PKCE verifier stay out of logs.
        f.debug_struct("OAuthStart")
            .field("url", &self.url.as_str())
            .finish()
    }
}

/// Registers skua with a Mastodon server and builds the authorization address (PKCE S256).
pub async fn oauth_start(client: &reqwest::Client, server: &Url) -> anyhow::Result<OAuthStart> {
    #[derive(Deserialize)]
    struct App {
        client_id: String,
        client_secret: String,
    }
    let app = serde_json::json!({
        "client_name": "skua",
        "redirect_uris": OUT_OF_BAND,
        "scopes": OAUTH_SCOPES,
        "website": "https://github.com/skua-client/skua",
    });
    let reply = http::send(
        client
            .post(http::endpoint(server, "api/v1/apps"))
            .json(&app),
    )
    .await
    .map_err(|e| anyhow::anyhow!("could not register skua with {}: {e}", host(server)))?;
    if !reply.status.is_success() {
        bail!(
            "{} refused to register skua: {}",
            host(server),
            mastodon::error_from(&reply)
        );
    }
    let app: App = reply.json().map_err(|e| {
        anyhow::anyhow!("{} answered the registration strangely: {e}", host(server))
    })?;
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = base64_url(&sha2::Sha256::digest(verifier.as_bytes()));
    let mut url = http::endpoint(server, "oauth/authorize");
    set_query(
        &mut url,
        &[
            ("response_type", "code"),
            ("client_id", &app.client_id),
            ("redirect_uri", OUT_OF_BAND),
            ("scope", OAUTH_SCOPES),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    Ok(OAuthStart {
        url,
        client_id: app.client_id,
        client_secret: app.client_secret,
        verifier,
    })
}

/// Exchanges the code the user got for a token and checks that the token works.
pub async fn oauth_finish(
    client: &reqwest::Client,
    server: &Url,
    start: &OAuthStart,
    code: &str,
) -> anyhow::Result<SavedAccount> {
    #[derive(Deserialize)]
    struct Granted {
        access_token: String,
    }
    let code = code.trim();
    if code.is_empty() {
        bail!("no code given; nothing was saved");
    }
    let exchange = serde_json::json!({
        "grant_type": "authorization_code",
        "code": code,
        "client_id": start.client_id,
        "client_secret": start.client_secret,
        "redirect_uri": OUT_OF_BAND,
        "scope": OAUTH_SCOPES,
        "code_verifier": start.verifier,
    });
    let reply = http::send(
        client
            .post(http::endpoint(server, "oauth/token"))
            .json(&exchange),
    )
    .await
    .map_err(|e| anyhow::anyhow!("could not reach {}: {e}", host(server)))?;
    if !reply.status.is_success() {
        bail!(
            "{} did not accept that code ({}); nothing was saved. Start the login again for a new one",
            host(server),
            mastodon::error_from(&reply)
        );
    }
    let granted: Granted = reply
        .json()
        .map_err(|e| anyhow::anyhow!("{} answered with no usable token: {e}", host(server)))?;
    let token = Token::new(granted.access_token);
    let mastodon = Mastodon::new(client.clone(), server.clone(), Some(token.clone()), 1);
    let me = mastodon
        .verify_credentials()
        .await
        .map_err(|e| anyhow::anyhow!("the new token does not work: {e}"))?;
    let name = format!("{}@{}", me.username, host(server));
    Ok(SavedAccount::new(
        name,
        server.to_string(),
        Flavor::Mastodon,
        &token,
    ))
}

/// Runs a Mastodon OAuth login on the command line: shows the authorization address, reads
/// the code the user pastes, and exchanges it for a token.
pub async fn oauth(
    client: &reqwest::Client,
    server: &Url,
    input: &mut (impl std::io::BufRead + Send),
    out: &mut impl Write,
) -> anyhow::Result<SavedAccount> {
    let start = oauth_start(client, server).await?;
    show_address(out, &start.url, "let skua in", 1)?;
    write!(out, "Then paste the code the server shows you here: ")?;
    out.flush()?;
    let mut code = String::new();
    input
        .read_line(&mut code)
        .context("could not read the code")?;
    oauth_finish(client, server, &start, &code).await
}

/// The approval page for a fresh MiAuth session.
pub fn miauth_url(server: &Url, session: &str) -> Url {
    let mut url = http::endpoint(server, &format!("miauth/{session}"));
    set_query(
        &mut url,
        &[
            ("name", "skua"),
            ("permission", &MIAUTH_PERMISSIONS.join(",")),
        ],
    );
    url
}

/// Sets the query of a login address as form data, but leaves `:` and `,` as they are (a query
/// may hold them): the address is shorter to read and type, and so is its QR code.
fn set_query(url: &mut Url, pairs: &[(&str, &str)]) {
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| {
            let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
            format!("{key}={}", value.replace("%3A", ":").replace("%2C", ","))
        })
        .collect();
    url.set_query(Some(&query.join("&")));
}

/// A MiAuth session: the user approves at `url`; skua asks `check` until they have.
#[derive(Clone, PartialEq)]
pub struct MiAuth {
    pub url: Url,
    check: Url,
}

impl std::fmt::Debug for MiAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Whoever knows the session id can collect the token once approved: not for logs.
        f.debug_struct("MiAuth")
            .field("server", &self.url.host_str())
            .finish_non_exhaustive()
    }
}

/// Starts a MiAuth login with a fresh session id.
pub fn miauth_start(server: &Url) -> anyhow::Result<MiAuth> {
    let session = uuid::Uuid::new_v4().to_string();
    Ok(MiAuth {
        url: miauth_url(server, &session),
        check: http::endpoint(server, &format!("api/miauth/{session}/check")),
    })
}

/// Asks once whether the user approved: the account when they have, `None` while not yet.
pub async fn miauth_check(
    client: &reqwest::Client,
    server: &Url,
    session: &MiAuth,
) -> anyhow::Result<Option<SavedAccount>> {
    let reply = http::send(
        client
            .post(session.check.clone())
            .json(&serde_json::json!({})),
    )
    .await
    .map_err(|e| anyhow::anyhow!("could not ask {} about the login: {e}", host(server)))?;
    if !reply.status.is_success() {
        bail!(
            "{} answered the login check with {}; nothing was saved",
            host(server),
            reply.status
        );
    }
    let answer: Check = reply.json().map_err(|_| {
        anyhow::anyhow!(
            "{} sent a login check answer skua cannot read; nothing was saved",
            host(server)
        )
    })?;
    Ok(match answer {
        Check {
            ok: true,
            token: Some(token),
            user: Some(user),
        } => {
            let name = format!("{}@{}", sanitize::owned_line(&user.username), host(server));
            Some(SavedAccount::new(
                name,
                server.to_string(),
                Flavor::Misskey,
                &Token::new(token),
            ))
        }
        _ => None,
    })
}

/// Runs a MiAuth login on the command line: shows the address, then asks the server every two
/// seconds whether the user approved, until `deadline` passes or Ctrl-C. Nothing is saved
/// unless it succeeds.
pub async fn miauth(
    client: &reqwest::Client,
    server: &Url,
    deadline: Duration,
    out: &mut impl Write,
) -> anyhow::Result<SavedAccount> {
    let session = miauth_start(server)?;
    show_address(out, &session.url, "approve skua's access", 1)?;
    let started = Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL_EVERY) => {}
            _ = tokio::signal::ctrl_c() => bail!("login cancelled; nothing was saved"),
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
            writeln!(out)?;
            return Ok(account);
        }
    }
}

#[derive(Deserialize)]
struct Check {
    #[serde(default)]
    ok: bool,
    token: Option<String>,
    user: Option<CheckUser>,
}

#[derive(Deserialize)]
struct CheckUser {
    username: String,
}

fn host(server: &Url) -> String {
    crate::config::server_label(server)
}

/// Prints the address as text and as a QR code, above or beside it as the terminal allows,
/// copies it with OSC 52 on a terminal, and opens a browser where one can appear. `below` rows
/// stay free for what the caller prints next, so at 80x24 code and address show at once.
fn show_address(
    out: &mut impl Write,
    url: &Url,
    purpose: &str,
    below: usize,
) -> anyhow::Result<()> {
    let terminal = std::io::stdout().is_terminal();
    let browser = match browser::open(url.as_str()) {
        Ok(()) => "A browser window was opened for it.",
        Err(_) => "No browser can be opened here: use the address above on any device.",
    };
    let (columns, rows) = crossterm::terminal::size().unwrap_or((u16::MAX, u16::MAX));
    let screen = (usize::from(columns), usize::from(rows));
    for line in address_block(url, purpose, terminal, browser, screen, below) {
        writeln!(out, "{line}")?;
    }
    if terminal {
        // OSC 52: the terminal (even across SSH) puts the address on the local clipboard.
        write!(out, "{}", clipboard::osc52(url.as_str()))?;
    }
    Ok(())
}

/// The lines `show_address` prints on a `screen` of (columns, rows), `below` rows of it kept
/// free: the code and the text.
fn address_block(
    url: &Url,
    purpose: &str,
    terminal: bool,
    browser: &str,
    (columns, rows): (usize, usize),
    below: usize,
) -> Vec<String> {
    let room = (columns, rows.saturating_sub(below));
    let text = |width: usize| {
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
        lines.extend(chunks(url.as_str(), width));
        lines.push(String::new());
        if terminal {
            lines.extend(prose(
                "(copied to the clipboard where the terminal allows it)",
            ));
        }
        lines.extend(prose(browser));
        lines.extend(prose("Press Ctrl-C to cancel."));
        lines
    };
    // White on black whatever the terminal's colours, as phones expect (a light terminal would
    // show the code inverted).
    let paint = |code: &str| match terminal {
        true => format!("\x1b[97;40m{code}\x1b[0m"),
        false => code.to_owned(),
    };
    match qr::place(url.as_str(), room, |width| text(width).len()) {
        Some((code, qr::Placement::Above)) => {
            let mut lines: Vec<String> = code.iter().map(|line| paint(line)).collect();
            lines.push(String::new());
            lines.extend(text(room.0));
            lines
        }
        Some((code, qr::Placement::Beside)) => {
            let code_width = code[0].chars().count();
            let text = text(room.0 - code_width - qr::GAP);
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
            if let Some((columns, rows)) = qr::needed(url.as_str(), |width| text(width).len()) {
                lines.push(format!(
                    "(A QR code of the address needs a terminal of {columns} columns by {} rows.)",
                    rows + below
                ));
                lines.push(String::new());
            }
            lines.extend(text(room.0));
            lines
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge() {
        // The S256 challenge of "abc": base64url(SHA-256), unpadded.
        let challenge = base64_url(&sha2::Sha256::digest(b"abc"));
        assert_eq!(challenge, "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    #[test]
    fn secrets_of_a_login_in_progress_stay_out_of_debug_output() {
        let server = Url::parse("https://m.example/").unwrap();
        let session = miauth_start(&server).unwrap();
        let id = session
            .check
            .path_segments()
            .unwrap()
            .nth(2)
            .unwrap()
            .to_owned();
        let step = crate::fetcher::LoginStep::MiAuthCheck {
            server: server.clone(),
            session: session.clone(),
        };
        assert!(!format!("{step:?} {session:?}").contains(&id));
        let start = OAuthStart {
            url: server.clone(),
            client_id: "id".into(),
            client_secret: "client-secret".into(),
            verifier: "verifier-secret".into(),
        };
        let step = crate::fetcher::LoginStep::OAuthFinish {
            server,
            start: start.clone(),
            code: "the-code".into(),
        };
        let shown = format!("{step:?} {start:?}");
        for secret in ["client-secret", "verifier-secret", "the-code"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn real_login_addresses_and_their_codes_fit_80x24_together() {
        // Hosts as long as these (25 characters) fit with a MiAuth session id and with a
        // Mastodon client id and PKCE challenge of the usual 43 characters.
        let host = "https://social.example.org";
        let miauth = miauth_url(
            &Url::parse(host).unwrap(),
            &uuid::Uuid::new_v4().to_string(),
        );
        let mut oauth = Url::parse(&format!("{host}/oauth/authorize")).unwrap();
        let id = "x".repeat(43);
        set_query(
            &mut oauth,
            &[
                ("response_type", "code"),
                ("client_id", &id),
                ("redirect_uri", OUT_OF_BAND),
                ("scope", OAUTH_SCOPES),
                ("code_challenge", &id),
                ("code_challenge_method", "S256"),
            ],
        );
        for url in [miauth, oauth] {
            let shown = address_block(&url, "log in", true, "No browser here.", (80, 24), 1);
            assert!(shown.len() <= 23, "{}", shown.join("\n"));
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

    #[test]
    fn the_address_asks_only_for_what_skua_uses() {
        let url = miauth_url(&Url::parse("https://m.example/").unwrap(), "abc");
        let asked = url::form_urlencoded::parse(url.query().unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "permission")
            .map(|(_, v)| v.into_owned());
        assert_eq!(asked, Some(MIAUTH_PERMISSIONS.join(",")));
        assert!(
            url.as_str()
                .starts_with("https://m.example/miauth/abc?name=skua&")
        );
    }
}
