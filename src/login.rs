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
use crate::{browser, sanitize};
use sha2::Digest;

/// What skua asks a Misskey server for, once, for every feature: `read:account` to read
/// timelines, threads, profiles and lists; `write:account` for lists and muting threads;
/// `write:notes` to post, renote and delete; `write:reactions`; `read:`/`write:favorites` for
/// bookmarks; `read:`/`write:following`, `write:mutes`, `write:blocks` from profiles;
/// `read:`/`write:notifications`; `read:`/`write:drive` for attachments; `write:votes` for polls.
pub const MIAUTH_PERMISSIONS: &[&str] = &[
    "read:account",
    "write:account",
    "write:notes",
    "write:reactions",
    "read:favorites",
    "write:favorites",
    "read:following",
    "write:following",
    "read:mutes",
    "write:mutes",
    "read:blocks",
    "write:blocks",
    "read:notifications",
    "write:notifications",
    "read:drive",
    "write:drive",
    "write:votes",
];

/// How often MiAuth asks whether the user approved.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// What skua asks a Mastodon server for, once, for every feature (granular scopes, nothing
/// more): timelines and threads (`read:statuses`), posting, boosting and deleting
/// (`write:statuses`), lists, who is logged in and profiles (`read:accounts`), following
/// (Mastodon lists take only accounts you follow), search, favourites, bookmarks, mutes and
/// blocks, notifications, attachments (`write:media`) and direct messages
/// (`write:conversations`).
pub const OAUTH_SCOPES: &str = "read:statuses write:statuses read:lists write:lists \
     read:accounts read:follows write:follows read:search read:favourites write:favourites \
     read:bookmarks write:bookmarks read:mutes write:mutes read:blocks write:blocks \
     read:notifications write:notifications write:media write:conversations";
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
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &app.client_id)
        .append_pair("redirect_uri", OUT_OF_BAND)
        .append_pair("scope", OAUTH_SCOPES)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
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
    show_address(out, &start.url, "let skua in")?;
    write!(out, "\nThen paste the code the server shows you here: ")?;
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
    url.query_pairs_mut()
        .append_pair("name", "skua")
        .append_pair("permission", &MIAUTH_PERMISSIONS.join(","));
    url
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
    show_address(out, &session.url, "approve skua's access")?;
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

/// `text` as a QR code in half-block characters (two modules per character cell) with a
/// `quiet` margin of modules, light on dark: light modules are drawn, so it scans on dark and
/// light terminals alike.
pub fn qr_lines(text: &str, quiet: usize) -> Option<Vec<String>> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L).ok()?;
    let size = code.width();
    let colors = code.to_colors();
    let padded = size + 2 * quiet;
    let light = |x: usize, y: usize| {
        let inside = (quiet..quiet + size).contains(&x) && (quiet..quiet + size).contains(&y);
        !inside || colors[(y - quiet) * size + (x - quiet)] == qrcode::Color::Light
    };
    let lines = (0..padded)
        .step_by(2)
        .map(|y| {
            (0..padded)
                .map(|x| match (light(x, y), y + 1 < padded && light(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect();
    Some(lines)
}

/// Prints the address as text and as a QR code, copies it with OSC 52 on a terminal, and opens
/// a browser where one can appear.
fn show_address(out: &mut impl Write, url: &Url, purpose: &str) -> anyhow::Result<()> {
    // The QR code first, the text last: in a small terminal the address stays on screen.
    // A code that would push the address off a terminal too small for both is left out, and
    // the size it needs is said instead.
    if let Some(lines) = qr_lines(url.as_str(), 1) {
        let (columns, rows) = crossterm::terminal::size().unwrap_or((u16::MAX, u16::MAX));
        let address_rows = url.as_str().len() / usize::from(columns.max(1)) + 12;
        let fits = lines.len() + address_rows <= usize::from(rows)
            && lines[0].chars().count() <= usize::from(columns);
        if fits {
            writeln!(out, "{}\n", lines.join("\n"))?;
        } else {
            writeln!(
                out,
                "(A QR code of the address needs a terminal of {} columns by {} rows.)\n",
                lines[0].chars().count(),
                lines.len() + address_rows
            )?;
        }
    }
    writeln!(
        out,
        "Scan the code, or open this address to {purpose}:\n\n  {url}\n"
    )?;
    if std::io::stdout().is_terminal() {
        // OSC 52: the terminal (even across SSH) puts the address on the local clipboard.
        write!(out, "{}", clipboard::osc52(url.as_str()))?;
        writeln!(
            out,
            "(copied to the clipboard where the terminal allows it)"
        )?;
    }
    match browser::open(url.as_str()) {
        Ok(()) => writeln!(out, "A browser window was opened for it.")?,
        Err(_) => writeln!(
            out,
            "No browser can be opened here: use the address above on any device."
        )?,
    }
    writeln!(out, "Press Ctrl-C to cancel.")?;
    Ok(())
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
    fn qr_codes_are_square_with_their_margin() {
        let lines = qr_lines("https://m.example/miauth/abc", 1).unwrap();
        let width = lines[0].chars().count();
        assert_eq!(
            (width - 2 - 21) % 4,
            0,
            "versions grow by 4 modules from 21"
        );
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(
            lines[0].chars().all(|c| c == '▀' || c == '█'),
            "the margin is light"
        );
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
