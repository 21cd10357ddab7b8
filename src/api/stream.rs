//! Live updates from a server's streaming API, as model events. Each backend speaks its own
//! wire protocol (Mastodon's `/api/v1/streaming`, Misskey's channels) over one WebSocket per
//! account; reconnecting and filling gaps is the caller's (see [`crate::live`]).

use std::time::Duration;

use async_trait::async_trait;
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{self, Message, client::IntoClientRequest};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use url::Url;

use super::http::Token;
use super::{ApiError, Entry, Post, TimelineKind};

/// What a stream told.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// A new entry for the timelines of this kind (a post, a notification, a conversation).
    /// Boxed: the other events are small.
    Entry {
        kind: TimelineKind,
        entry: Box<Entry>,
    },
    /// A post was deleted.
    Deleted(String),
    /// A post changed (an edit, new reaction counts): the server's copy now.
    Changed(Box<Post>),
    /// The timelines of this kind are to be loaded again (Mastodon: accepted notification
    /// requests were merged into the notifications).
    Reload(TimelineKind),
    /// The server made (or changed) an announcement (Mastodon).
    Announced(Box<crate::api::Announcement>),
    /// The server took an announcement back (Mastodon), by id.
    AnnouncementGone(String),
    /// The user's filters changed elsewhere (Mastodon): read them again.
    FiltersChanged,
    /// Someone voted in a post's poll (Misskey): option `choice` has one more vote. `voter`
    /// is who voted (the user's own vote is already counted).
    PollVoted {
        post: String,
        choice: usize,
        voter: String,
    },
    /// A post's text was edited (Sharkey sends the new text and warning only).
    Edited {
        post: String,
        content: crate::api::RichText,
        spoiler: Option<String>,
    },
    /// Someone reacted to a post (Misskey; `added` false: took it back).
    Reacted {
        post: String,
        reaction: String,
        added: bool,
    },
}

/// A connected stream. Subscriptions are by timeline: whatever the open tabs show.
#[async_trait]
pub trait LiveStream: Send {
    /// Follows exactly these timelines (subscribing to new ones, leaving the rest).
    async fn watch(&mut self, kinds: &[TimelineKind]) -> Result<(), ApiError>;

    /// Follows changes to these posts (Misskey sends reactions and deletions only for posts
    /// asked about); servers that send them anyway ignore this.
    async fn capture(&mut self, _posts: &[String]) -> Result<(), ApiError> {
        Ok(())
    }

    /// Whether the server sends anything for this timeline once followed (a timeline it does
    /// not is polled instead).
    fn delivers(&self, _kind: &TimelineKind) -> bool {
        true
    }

    /// The next events; `None` when the connection is gone.
    async fn next(&mut self) -> Option<Result<Vec<StreamEvent>, ApiError>>;
}

/// Which timelines a server streams (others are refreshed by hand or polled).
pub fn streamable(kind: &TimelineKind) -> bool {
    !matches!(
        kind,
        TimelineKind::Bookmarks | TimelineKind::Favourites | TimelineKind::Account { .. }
    )
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A socket silent this long (no frame, not even a ping) is taken as dropped.
pub const SILENCE: Duration = Duration::from_secs(150);

/// Opens a WebSocket with the token in the `Authorization` header (never in the URL, which
/// proxies and servers log). TLS trusts what the system trusts, as HTTP requests do.
pub async fn connect(url: &Url, token: Option<&Token>) -> Result<Socket, ApiError> {
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| ApiError::Network(format!("bad streaming address: {e}")))?;
    if let Some(token) = token {
        let value = format!("Bearer {}", token.secret())
            .parse()
            .map_err(|_| ApiError::Unauthorized("the token cannot be sent".into()))?;
        request.headers_mut().insert("Authorization", value);
    }
    // Some servers (GoToSocial) refuse any request without one, the handshake too.
    request.headers_mut().insert(
        "User-Agent",
        tungstenite::http::HeaderValue::from_static(super::http::USER_AGENT),
    );
    let connector = match url.scheme() {
        // WebSockets speak HTTP/1.1 only.
        "wss" => Some(tokio_tungstenite::Connector::Rustls(std::sync::Arc::new(
            super::tls::client_config(&[b"http/1.1"]),
        ))),
        _ => None,
    };
    // Frames are small JSON: a small read buffer, and the cap response bodies have.
    let config = tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(16 * 1024)
        .max_message_size(Some(super::http::MAX_BODY_BYTES))
        .max_frame_size(Some(super::http::MAX_BODY_BYTES));
    let connecting =
        tokio_tungstenite::connect_async_tls_with_config(request, Some(config), true, connector);
    let (socket, _) = tokio::time::timeout(Duration::from_secs(20), connecting)
        .await
        .map_err(|_| ApiError::Timeout)?
        .map_err(|e| match e {
            tungstenite::Error::Http(response) => match response.status().as_u16() {
                401 => ApiError::Unauthorized("the streaming server refused the token".into()),
                403 => ApiError::Forbidden("streaming".into()),
                404 => ApiError::NotFound("this server has no streaming API".into()),
                status => ApiError::Status {
                    status,
                    message: "the streaming server refused the connection".into(),
                },
            },
            other => ApiError::Network(other.to_string()),
        })?;
    Ok(socket)
}

/// Sends a JSON text frame.
pub async fn send(socket: &mut Socket, frame: serde_json::Value) -> Result<(), ApiError> {
    socket
        .send(Message::text(frame.to_string()))
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// The next text frame; pings are answered by the socket itself. `None` when closed.
pub async fn next_text(socket: &mut Socket) -> Option<Result<String, ApiError>> {
    loop {
        let frame = match tokio::time::timeout(SILENCE, socket.next()).await {
            Err(_) => return Some(Err(ApiError::Timeout)),
            Ok(None) => return None,
            Ok(Some(Err(e))) => return Some(Err(ApiError::Network(e.to_string()))),
            Ok(Some(Ok(frame))) => frame,
        };
        match frame {
            Message::Text(text) => {
                // Read as the terminal draws emoji sequences, once it has said how.
                crate::sanitize::emoji_sequences_settled().await;
                return Some(Ok(text.to_string()));
            }
            Message::Close(_) => return None,
            _ => continue,
        }
    }
}
