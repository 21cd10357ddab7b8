//! Transport shared by every backend: one HTTP client, token handling, error mapping.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::ApiError;
use crate::sanitize;

/// An access token. Its `Debug` never shows the secret, so it cannot leak through logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(secret: impl Into<String>) -> Self {
        Token(secret.into())
    }

    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Longest server message shown to the user.
const MAX_MESSAGE_CHARS: usize = 200;

/// Redirects followed at most per request.
pub(super) const MAX_REDIRECTS: usize = 5;

/// Largest response body read; a bigger one is an error, not an out-of-memory.
pub const MAX_BODY_BYTES: usize = 16 << 20;

/// What skua calls itself on every connection, REST and streaming alike.
pub const USER_AGENT: &str = concat!("skua/", env!("CARGO_PKG_VERSION"));

/// Builds the one HTTP client the whole process shares (connection pool, TLS session cache).
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(same_origin_redirects())
        .tls_backend_preconfigured(super::tls::client_config(&[b"h2", b"http/1.1"]))
        .build()
        .expect("the HTTP client configuration is static and valid")
}

/// A redirect to another origin, refused because the request may carry a credential.
#[derive(Debug, thiserror::Error)]
#[error("{from} redirected to {to}; skua does not follow that with your credentials")]
pub struct CrossOriginRedirect {
    from: String,
    to: String,
}

/// Follows a redirect only within one origin (scheme, host and port), at every hop.
///
/// Misskey's token and the OAuth code exchange travel in request bodies, which reqwest sends
/// again on 307/308, and a scheme change would send them in clear text; so any redirect that
/// leaves the origin ends the request instead.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(from) = attempt.previous().last() else {
            return attempt.follow();
        };
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if attempt.url().origin() == from.origin() {
            attempt.follow()
        } else {
            let error = CrossOriginRedirect {
                from: origin_label(from),
                to: origin_label(attempt.url()),
            };
            attempt.error(error)
        }
    })
}

/// `host[:port]`, with the scheme when it is not HTTPS (so a downgrade is visible).
fn origin_label(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("?");
    let mut label = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    if url.scheme() != "https" {
        label = format!("{}://{label}", url.scheme());
    }
    label
}

/// The address of `path` (segments separated by `/`) on the server at `base`, which may sit
/// under a sub-path (`https://example.org/social/`). Every API address is built this way.
pub fn endpoint(base: &url::Url, path: &str) -> url::Url {
    let mut url = base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments
            .pop_if_empty()
            .extend(path.split('/').filter(|s| !s.is_empty()));
    }
    url
}

/// A raw answer: status, headers and body, for the backend to interpret.
#[derive(Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            tracing::warn!(error = %e, "could not decode response body");
            ApiError::Decode(e.to_string())
        })
    }

    /// A JSON array of posts, accounts or the like, read item by item: one that cannot be read
    /// is left out and logged (see [`Items`]) rather than failing the others.
    pub fn items<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>, ApiError> {
        Ok(self.json::<Items<T>>()?.items)
    }
}

/// A JSON array read item by item: an item that cannot be read (a field of the wrong type, a
/// server's odd null) is left out and logged with its id and why, instead of failing the page.
#[derive(Debug)]
pub struct Items<T> {
    pub items: Vec<T>,
    /// How many items were left out.
    pub unreadable: usize,
}

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items {
            items: Vec::new(),
            unreadable: 0,
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> serde::Deserialize<'de> for Items<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Vec<Box<serde_json::value::RawValue>> =
            serde::Deserialize::deserialize(deserializer)?;
        let mut items = Items {
            items: Vec::with_capacity(raw.len()),
            unreadable: 0,
        };
        for item in raw {
            match serde_json::from_str::<T>(item.get()) {
                Ok(read) => items.items.push(read),
                Err(error) => {
                    #[derive(serde::Deserialize)]
                    struct Id {
                        id: Option<serde_json::Value>,
                    }
                    let id = serde_json::from_str::<Id>(item.get())
                        .ok()
                        .and_then(|i| i.id)
                        .map(|id| sanitize::owned_line(&id.to_string()));
                    tracing::warn!(?id, %error, "left out an item that could not be read");
                    items.unreadable += 1;
                }
            }
        }
        Ok(items)
    }
}

/// For `#[serde(deserialize_with)]`: a list inside an answer, read as [`Items`] are.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let items: Items<T> = serde::Deserialize::deserialize(deserializer)?;
    Ok(items.items)
}

/// Sends a request, turning transport failures into [`ApiError`]s.
pub async fn send(request: reqwest::RequestBuilder) -> Result<Reply, ApiError> {
    let mut response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let headers = response.headers().clone();
    let too_big = || ApiError::TooLarge {
        limit_mib: MAX_BODY_BYTES >> 20,
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(too_big());
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    tracing::debug!(%status, bytes = body.len(), "response");
    // Read as the terminal draws emoji sequences, once it has said how (at a start).
    sanitize::emoji_sequences_settled().await;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// Sets each field of a JSON body that has a value; those without are left out.
pub fn put_present(body: &mut serde_json::Value, fields: &[(&str, Option<&String>)]) {
    for (name, value) in fields {
        if let Some(value) = value {
            body[*name] = serde_json::Value::String((*value).clone());
        }
    }
}

/// Longest an upload may take: a large video over a slow link takes longer than a request.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Bytes sent per piece of an upload, each reported to `progress`.
const UPLOAD_PIECE: usize = 64 << 10;

/// Largest file skua sends: above what servers accept by default (Mastodon takes videos up
/// to 99 MB, Misskey's drive 250 MB), and far below what would hurt.
pub const MAX_UPLOAD_BYTES: u64 = 256 << 20;

/// A file as a multipart part, named and typed after its path, streamed from the disk in
/// pieces that report how far the upload is. Only a regular file (after following links) of a
/// size a server takes is read: never a FIFO, a device or a sparse giant.
pub async fn file_part(
    path: &std::path::Path,
    progress: super::compose::Progress,
) -> Result<reqwest::multipart::Part, ApiError> {
    use tokio::io::AsyncReadExt;
    let shown = path.display().to_string();
    let unreadable =
        |e: std::io::Error| ApiError::Unsupported(format!("could not read {shown}: {e}"));
    let metadata = tokio::fs::metadata(path).await.map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ApiError::Unsupported(format!(
            "{shown} is not a regular file; only files can be attached"
        )));
    }
    let total = metadata.len();
    if total > MAX_UPLOAD_BYTES {
        return Err(ApiError::Unsupported(format!(
            "{shown} is {} MiB; skua sends files of up to {} MiB",
            total >> 20,
            MAX_UPLOAD_BYTES >> 20
        )));
    }
    let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
    let name = path
        .file_name()
        .map_or_else(|| "upload".to_owned(), |n| n.to_string_lossy().into_owned());
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // No more than the size checked, even if the file grows meanwhile.
    let stream = futures_util::stream::unfold((file, 0u64), move |(mut file, sent)| {
        let progress = progress.clone();
        async move {
            if sent >= total {
                return None;
            }
            let mut piece = vec![0; UPLOAD_PIECE.min((total - sent) as usize)];
            match file.read(&mut piece).await {
                Ok(0) => {
                    let shorter = std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the file got shorter while it was sent",
                    );
                    Some((Err(shorter), (file, total)))
                }
                Ok(read) => {
                    piece.truncate(read);
                    progress(sent + read as u64, total);
                    Some((Ok(bytes::Bytes::from(piece)), (file, sent + read as u64)))
                }
                Err(error) => Some((Err(error), (file, total))),
            }
        }
    });
    reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), total)
        .file_name(name)
        .mime_str(mime.essence_str())
        .map_err(|e| ApiError::Unsupported(format!("{shown}: {e}")))
}

pub(super) fn transport_error(e: reqwest::Error) -> ApiError {
    // Login steps carry a session id or code in their address: only the origin is logged.
    let origin = e.url().map(origin_label).unwrap_or_default();
    let e = e.without_url();
    tracing::warn!(server = %origin, error = %error_chain(&e), "request failed");
    let mut causes = std::iter::successors(Some(&e as &dyn std::error::Error), |c| c.source());
    if let Some(redirect) = causes.find_map(|c| c.downcast_ref::<CrossOriginRedirect>()) {
        return ApiError::Redirected(redirect.to_string());
    }
    if e.is_timeout() {
        ApiError::Timeout
    } else if e.is_decode() {
        ApiError::Decode(e.to_string())
    } else {
        ApiError::Network(network_failure(&e))
    }
}

/// What kind of network failure this was, in words: DNS, TLS, refused, reset, or the cause.
fn network_failure(e: &reqwest::Error) -> String {
    let chain = error_chain(e).to_lowercase();
    let innermost = std::iter::successors(Some(e as &dyn std::error::Error), |c| c.source())
        .last()
        .map(ToString::to_string)
        .unwrap_or_default();
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        format!("the name could not be resolved (DNS: {innermost})")
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        format!("the secure connection failed (TLS: {innermost})")
    } else if chain.contains("connection refused") {
        "the connection was refused (is the address and port right?)".to_owned()
    } else if chain.contains("connection reset") {
        "the connection was cut".to_owned()
    } else {
        innermost
    }
}

/// The whole cause chain of an error on one line, for the log.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A server message made safe and short enough for the status line.
pub fn readable_message(message: &str) -> String {
    let clean = sanitize::line(message.trim());
    let mut out: String = clean.chars().take(MAX_MESSAGE_CHARS).collect();
    if clean.chars().count() > MAX_MESSAGE_CHARS {
        out.push('…');
    }
    out
}

/// The error for a non-success status, given the message the server put in its body.
pub fn status_error(status: StatusCode, message: String, retry_after: Duration) -> ApiError {
    match status.as_u16() {
        401 => ApiError::Unauthorized(message),
        403 => ApiError::Forbidden(message),
        404 => ApiError::NotFound(message),
        410 => ApiError::Gone(message),
        422 | 400 => ApiError::Invalid(message),
        429 => ApiError::RateLimited { retry_after },
        500..=599 => ApiError::Server {
            status: status.as_u16(),
            message,
        },
        other => ApiError::Status {
            status: other,
            message,
        },
    }
}

/// Seconds from a `Retry-After` header, if present.
pub fn retry_after_header(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_is_redacted() {
        let token = Token::new("super-secret");
        assert!(!format!("{token:?}").contains("super-secret"));
    }

    #[test]
    fn endpoints_keep_a_sub_path() {
        for base in ["https://example.org/social/", "https://example.org/social"] {
            let base = url::Url::parse(base).unwrap();
            assert_eq!(
                endpoint(&base, "api/v1/timelines/home").as_str(),
                "https://example.org/social/api/v1/timelines/home"
            );
            assert_eq!(
                endpoint(&base, "miauth/abc").as_str(),
                "https://example.org/social/miauth/abc"
            );
        }
        let root = url::Url::parse("https://example.org").unwrap();
        assert_eq!(
            endpoint(&root, "api/meta").as_str(),
            "https://example.org/api/meta"
        );
    }

    #[test]
    fn long_messages_are_cut_and_cleaned() {
        let long = format!("\u{1b}[2J{}", "x".repeat(500));
        let msg = readable_message(&long);
        assert!(msg.starts_with("[2Jxxx"));
        assert!(msg.ends_with('…'));
        assert_eq!(msg.chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
