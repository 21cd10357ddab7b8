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

/// Builds the one HTTP client the whole process shares (connection pool, TLS session cache).
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("skua/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .build()
        .expect("the HTTP client configuration is static and valid")
}

/// A raw answer: status, headers and body, for the backend to interpret.
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
}

/// Sends a request, turning transport failures into [`ApiError`]s.
pub async fn send(request: reqwest::RequestBuilder) -> Result<Reply, ApiError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport_error)?;
    tracing::debug!(%status, bytes = body.len(), "response");
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn transport_error(e: reqwest::Error) -> ApiError {
    tracing::warn!(error = %error_chain(&e), "request failed");
    if e.is_timeout() {
        ApiError::Timeout
    } else if e.is_decode() {
        ApiError::Decode(e.to_string())
    } else {
        // The innermost cause is the readable one ("Connection refused", "dns error", ...).
        let mut cause: &dyn std::error::Error = &e;
        while let Some(next) = cause.source() {
            cause = next;
        }
        ApiError::Network(cause.to_string())
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
    fn long_messages_are_cut_and_cleaned() {
        let long = format!("\u{1b}[2J{}", "x".repeat(500));
        let msg = readable_message(&long);
        assert!(msg.starts_with("[2Jxxx"));
        assert!(msg.ends_with('…'));
        assert_eq!(msg.chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
