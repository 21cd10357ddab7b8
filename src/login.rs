//! `skua login` for Misskey (MiAuth). Made for terminals without a browser (SSH): the address
//! is always printed, also as a QR code a phone can scan, and copied to the clipboard with
//! OSC 52 where the terminal allows; a browser is opened only where one can appear.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;
use url::Url;

use crate::accounts::SavedAccount;
use crate::api::detect::Flavor;
use crate::api::http::{self, Token};
use crate::{browser, sanitize};

/// What skua asks a Misskey server for, and why: `read:account` to read the home, social and
/// list timelines and the lists; `write:account` to create, rename and delete lists and change
/// their members (Misskey has no narrower permission for lists).
pub const MIAUTH_PERMISSIONS: &[&str] = &["read:account", "write:account"];

const POLL_EVERY: Duration = Duration::from_secs(2);

/// The approval page for a fresh MiAuth session.
pub fn miauth_url(server: &Url, session: &str) -> Url {
    let mut url = server
        .join(&format!("miauth/{session}"))
        .unwrap_or_else(|_| server.clone());
    url.query_pairs_mut()
        .append_pair("name", "skua")
        .append_pair("permission", &MIAUTH_PERMISSIONS.join(","));
    url
}

/// Runs a MiAuth login: shows the address, then asks the server every two seconds whether the
/// user approved, until `deadline` passes or Ctrl-C. Nothing is saved unless it succeeds.
pub async fn miauth(
    client: &reqwest::Client,
    server: &Url,
    deadline: Duration,
    out: &mut impl Write,
) -> anyhow::Result<SavedAccount> {
    let session = uuid::Uuid::new_v4().to_string();
    let url = miauth_url(server, &session);
    show_address(out, &url, "approve skua's access")?;
    let check = server
        .join(&format!("api/miauth/{session}/check"))
        .context("the server address cannot take a MiAuth path")?;
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
        let reply = http::send(client.post(check.clone()).json(&serde_json::json!({})))
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
        if let Check {
            ok: true,
            token: Some(token),
            user: Some(user),
        } = answer
        {
            writeln!(out)?;
            let name = format!("{}@{}", sanitize::owned_line(&user.username), host(server));
            return Ok(SavedAccount::new(
                name,
                server.to_string(),
                Flavor::Misskey,
                &Token::new(token),
            ));
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
    match (server.host_str(), server.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => server.to_string(),
    }
}

/// Prints the address as text and as a QR code, copies it with OSC 52 on a terminal, and opens
/// a browser where one can appear.
fn show_address(out: &mut impl Write, url: &Url, purpose: &str) -> anyhow::Result<()> {
    // The QR code first, the text last: in a small terminal the address stays on screen.
    if let Ok(code) = qrcode::QrCode::new(url.as_str()) {
        let image = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build();
        writeln!(out, "{image}\n")?;
    }
    writeln!(
        out,
        "Scan the code above, or open this address to {purpose}:\n\n  {url}\n"
    )?;
    if std::io::stdout().is_terminal() {
        // OSC 52: the terminal (even across SSH) puts the address on the local clipboard.
        write!(out, "\x1b]52;c;{}\x07", base64(url.as_str().as_bytes()))?;
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

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"https://a/"), "aHR0cHM6Ly9hLw==");
    }

    #[test]
    fn the_address_asks_only_for_what_skua_uses() {
        let url = miauth_url(&Url::parse("https://m.example/").unwrap(), "abc");
        assert_eq!(
            url.as_str(),
            "https://m.example/miauth/abc?name=skua&permission=read%3Aaccount%2Cwrite%3Aaccount"
        );
    }
}
