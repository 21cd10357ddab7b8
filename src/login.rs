//! Logging in: MiAuth for Misskey, OAuth (with PKCE) for Mastodon, as steps that the command
//! line (`commands::login`) and the accounts screen both take. Made for terminals without a
//! browser (SSH): the user approves at an address shown to them, on any device.

use std::time::Duration;

use anyhow::bail;
use serde::Deserialize;
use url::Url;

use crate::accounts::SavedAccount;
use crate::api::Backend;
use crate::api::detect::Flavor;
use crate::api::http::{self, Token};
use crate::api::mastodon::{self, Mastodon};
use crate::clipboard::base64_url;
use crate::sanitize;
use sha2::Digest;

/// What skua asks a Misskey server for, once, for every feature and nothing more:
/// `read:account` to read timelines, threads, profiles and lists; `write:account` for lists and
/// muting threads; `write:notes` to post, renote and delete; `write:reactions`;
/// `read:`/`write:favorites` for bookmarks; `read:`/`write:following` (relations, follow
/// requests), `write:mutes`, `write:blocks` from profiles; `read:`/`write:notifications`;
/// `write:drive` to upload attachments; `write:votes` for polls. What fewer use
/// ([`MIAUTH_LATER`]: listing the accounts muted and blocked, reporting) is asked for the first
/// time it is needed, in a second approval for the same account: the address, with all of
/// them too, stays short enough for a QR code beside it at 80x24. Channels' and chat's
/// `read:`/`write:channels` and `read:`/`write:chat` are asked for the same way; with those as
/// well, a long host's address is shown without its code at 80x24.
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

/// Permissions fewer use, asked for the first time one is needed, in a second approval for
/// the same account (see [`MIAUTH_PERMISSIONS`]).
pub const MIAUTH_LATER: &[&str] = &["read:mutes", "read:blocks", "write:report-abuse"];

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
    Ok(OAuthStart {
        url: oauth_url(server, &app.client_id, &challenge),
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

/// The page where the user lets the client `client_id` in, for the PKCE `challenge`.
pub fn oauth_url(server: &Url, client_id: &str, challenge: &str) -> Url {
    let mut url = http::endpoint(server, "oauth/authorize");
    set_query(
        &mut url,
        &[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", OUT_OF_BAND),
            ("scope", OAUTH_SCOPES),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    url
}

/// The approval page for a fresh MiAuth session, asking for every login's permissions and
/// `later` ones approved for this account since.
pub fn miauth_url(server: &Url, session: &str, later: &[String]) -> Url {
    let mut url = http::endpoint(server, &format!("miauth/{session}"));
    let mut permissions: Vec<&str> = MIAUTH_PERMISSIONS.to_vec();
    permissions.extend(
        later
            .iter()
            .map(String::as_str)
            .filter(|p| !MIAUTH_PERMISSIONS.contains(p)),
    );
    set_query(
        &mut url,
        &[("name", "skua"), ("permission", &permissions.join(","))],
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
    /// Permissions asked for beyond every login's (see [`miauth_url`]).
    later: Vec<String>,
}

impl std::fmt::Debug for MiAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Whoever knows the session id can collect the token once approved: not for logs.
        f.debug_struct("MiAuth")
            .field("server", &self.url.host_str())
            .finish_non_exhaustive()
    }
}

/// Starts a MiAuth login with a fresh session id, asking also for the `later` permissions.
pub fn miauth_start(server: &Url, later: &[String]) -> anyhow::Result<MiAuth> {
    let session = uuid::Uuid::new_v4().to_string();
    Ok(MiAuth {
        url: miauth_url(server, &session, later),
        check: http::endpoint(server, &format!("api/miauth/{session}/check")),
        later: later.to_vec(),
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
            Some(
                SavedAccount::new(
                    name,
                    server.to_string(),
                    Flavor::Misskey,
                    &Token::new(token),
                )
                .with_permissions(session.later.clone()),
            )
        }
        _ => None,
    })
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

#[derive(Clone, PartialEq)]
pub enum LoginStep {
    /// Find out which software the server runs.
    Detect {
        server: Url,
    },
    OAuthStart {
        server: Url,
    },
    OAuthFinish {
        server: Url,
        start: OAuthStart,
        code: String,
    },
    /// Ask once whether the user approved the MiAuth session.
    MiAuthCheck {
        server: Url,
        session: MiAuth,
    },
}

impl std::fmt::Debug for LoginStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The pasted code is a credential: requests are logged, it is not.
        match self {
            LoginStep::Detect { server } => write!(f, "Detect({server})"),
            LoginStep::OAuthStart { server } => write!(f, "OAuthStart({server})"),
            LoginStep::OAuthFinish { server, .. } => write!(f, "OAuthFinish({server})"),
            LoginStep::MiAuthCheck { server, .. } => write!(f, "MiAuthCheck({server})"),
        }
    }
}

#[derive(Debug)]
pub enum LoginEvent {
    Detected {
        server: Url,
        result: Result<Flavor, String>,
    },
    OAuthStarted {
        server: Url,
        result: Result<OAuthStart, String>,
    },
    /// The new account, or `None` while a MiAuth approval is still awaited.
    Done(Result<Option<SavedAccount>, String>),
}

/// One step of a login; errors become the sentence the user sees (the chain is logged).
pub async fn take_step(client: &reqwest::Client, step: LoginStep) -> LoginEvent {
    let readable = |e: anyhow::Error| {
        tracing::warn!(error = format!("{e:#}"), "login step failed");
        format!("{e:#}")
    };
    match step {
        LoginStep::Detect { server } => {
            let result = crate::api::detect::detect(client, &server)
                .await
                .map_err(|e| {
                    readable(
                        anyhow::Error::new(e).context(format!("could not connect to {server}")),
                    )
                });
            LoginEvent::Detected { server, result }
        }
        LoginStep::OAuthStart { server } => {
            let result = oauth_start(client, &server).await.map_err(readable);
            LoginEvent::OAuthStarted { server, result }
        }
        LoginStep::OAuthFinish {
            server,
            start,
            code,
        } => LoginEvent::Done(
            oauth_finish(client, &server, &start, &code)
                .await
                .map(Some)
                .map_err(readable),
        ),
        LoginStep::MiAuthCheck { server, session } => LoginEvent::Done(
            miauth_check(client, &server, &session)
                .await
                .map_err(readable),
        ),
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
        let session = miauth_start(&server, &[]).unwrap();
        let id = session
            .check
            .path_segments()
            .unwrap()
            .nth(2)
            .unwrap()
            .to_owned();
        let step = LoginStep::MiAuthCheck {
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
        let step = LoginStep::OAuthFinish {
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
    fn the_address_asks_only_for_what_skua_uses() {
        let url = miauth_url(&Url::parse("https://m.example/").unwrap(), "abc", &[]);
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
