//! Fetching an attachment for the user's own programs. Media often sit on another host than
//! the server (a CDN, behind redirects), so this never carries the account's token, has a
//! client of its own that follows redirects anywhere over http(s), and stops at the size the
//! user allows.

use std::sync::OnceLock;
use std::time::Duration;

use super::ApiError;
use super::http::{MAX_REDIRECTS, USER_AGENT};

/// The one client for media, made on first use: no credentials ever, so any origin may answer.
fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(Duration::from_secs(10))
            // A large video over a slow link takes long; a stalled one does not.
            .read_timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .tls_backend_preconfigured(super::tls::client_config(&[b"h2", b"http/1.1"]))
            .build()
            .expect("the media client configuration is static and valid")
    })
}

/// The attachment at `url`, of at most `limit` bytes.
pub async fn download(url: &str, limit: u64) -> Result<Vec<u8>, ApiError> {
    let parsed = url::Url::parse(url)
        .map_err(|_| ApiError::Unsupported("the attachment's address is not valid".into()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError::Unsupported(format!(
            "skua fetches media only over http(s), not `{}:`",
            crate::sanitize::line(parsed.scheme())
        )));
    }
    let too_large = || {
        ApiError::Unsupported(format!(
            "the attachment is larger than {} MiB ([media] max_mib)",
            limit >> 20
        ))
    };
    let mut response = client()
        .get(parsed)
        .send()
        .await
        .map_err(super::http::transport_error)?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("no reason given");
        return Err(match status.as_u16() {
            404 | 410 => ApiError::NotFound("the attachment is no longer there".into()),
            code => ApiError::Status {
                status: code,
                message: format!("the media host answered {reason}"),
            },
        });
    }
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(super::http::transport_error)?
    {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
