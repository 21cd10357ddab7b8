//! `[account]`: the server and token to use without a saved account; server addresses.

use std::net::IpAddr;

use serde::Deserialize;
use url::Url;

use super::Problems;
use crate::api::http::Token;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountSection {
    pub(super) server: Option<String>,
    pub(super) token: Option<String>,
}

/// The server and token `[account]` names, if any.
pub(super) fn read(user: AccountSection, problems: &mut Problems) -> (Option<Url>, Option<Token>) {
    let server = match user.server.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(server) => match parse_server_url(server) {
            Ok(url) => Some(url),
            Err(message) => {
                problems.at("account", "server", message);
                None
            }
        },
    };
    let token = user
        .token
        .filter(|t| !t.trim().is_empty())
        .map(|t| Token::new(t.trim()));
    (server, token)
}

/// How a server is named on screen: `host`, or `host:port` when it has a port.
pub fn server_label(server: &Url) -> String {
    match (server.host_str(), server.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => server.to_string(),
    }
}

/// A server address: `https://host`, a bare `host` (HTTPS assumed), an account's handle
/// (`@alice@host` or `alice@host`: its server), or `http://` on loopback only.
pub fn parse_server_url(input: &str) -> Result<Url, String> {
    // The URL parser would call a space an invalid international domain name.
    if input.contains(char::is_whitespace) {
        return Err(format!(
            "`{input}` is not a server address: an address has no spaces"
        ));
    }
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        // A handle's server is what follows its last `@` (a handle holds no `/`).
        let server = match input.contains('/') {
            true => input,
            false => input.rsplit('@').next().unwrap_or(input),
        };
        format!("https://{server}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| format!("`{input}` is not a valid server address ({e})"))?;
    // A user name or password in the address would go to the server with every request
    // (accounts saved from such an address by an older skua open too).
    let _ = url.set_username("");
    let _ = url.set_password(None);
    // A loopback address typed without a scheme is a local test server: plain HTTP.
    if !input.contains("://") && is_loopback(url.host_str().unwrap_or("")) {
        let _ = url.set_scheme("http");
    }
    let host = url.host_str().unwrap_or("");
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(format!(
                "`{input}` uses plain HTTP; skua requires HTTPS except for loopback addresses"
            ));
        }
        other => {
            return Err(format!(
                "`{input}` uses `{other}`; a server address starts with https://"
            ));
        }
    }
    if host.is_empty() {
        return Err(format!("`{input}` has no host name"));
    }
    Ok(url)
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
