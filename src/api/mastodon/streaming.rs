//! Mastodon's streaming API: one WebSocket, streams subscribed by name
//! (`{"type":"subscribe","stream":"hashtag","tag":"rust"}`), frames whose `payload` is JSON
//! in a string.

use std::collections::HashSet;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::notices::Notification;
use super::{Mastodon, Status};
use crate::api::stream::{self, LiveStream, Socket, StreamEvent};
use crate::api::{ApiError, TimelineKind};

impl Mastodon {
    /// Connects to the streaming server the instance names (on this server's host or one of
    /// its subdomains; anything else would take the token elsewhere).
    pub(super) async fn open_stream(&self) -> Result<Box<dyn LiveStream>, ApiError> {
        let instance = match self.get(self.url(&["api", "v2", "instance"]), &[]).await {
            Ok(reply) => reply.json::<Instance>().ok(),
            Err(ApiError::NotFound(_)) => None,
            Err(error) => return Err(error),
        };
        let named = instance
            .as_ref()
            .and_then(|i| i.configuration.urls.streaming.as_deref());
        let url = streaming_url(&self.base, named);
        // GoToSocial (0.19) accepts public, local and hashtag subscriptions but never sends on
        // them, and drops `user:notification` asked for by message (notifications come on `user`).
        let gotosocial = instance
            .as_ref()
            .and_then(|i| i.source_url.as_deref())
            .is_some_and(|source| source.contains("gotosocial"));
        tracing::info!(%url, gotosocial, "connecting to the streaming API");
        let socket = stream::connect(&url, self.token.as_ref()).await?;
        Ok(Box::new(MastodonStream {
            socket,
            subscribed: HashSet::new(),
            gotosocial,
            judge: self.judge.clone(),
        }))
    }
}

/// `wss://host/api/v1/streaming` for this server, at the named host where it may be used:
/// the server's own host or a subdomain of it, on the server's own port (or the default one).
fn streaming_url(base: &Url, named: Option<&str>) -> Url {
    let own = base.host_str().unwrap_or_default();
    let own_port = base.port_or_known_default();
    let named = named.and_then(|n| Url::parse(n).ok()).filter(|n| {
        let host = n.host_str().unwrap_or_default();
        let secure = n.scheme() == "wss" || base.scheme() == "http";
        let port = n.port_or_known_default();
        let port_fits = port == own_port || n.port().is_none();
        secure && port_fits && (host == own || host.ends_with(&format!(".{own}")))
    });
    // A server on plain http that names its own host and port as `wss://` (GoToSocial on
    // loopback) speaks plain WebSockets there.
    let plain_here = base.scheme() == "http"
        && named
            .as_ref()
            .is_none_or(|n| n.host_str() == Some(own) && n.port_or_known_default() == own_port);
    let mut url = named.unwrap_or_else(|| base.clone());
    let scheme = if plain_here {
        "ws"
    } else if url.scheme() == "https" || url.scheme() == "wss" {
        "wss"
    } else {
        "ws"
    };
    if plain_here {
        let _ = url.set_port(own_port);
    }
    let _ = url.set_scheme(scheme);
    url.set_path("/api/v1/streaming");
    url.set_query(None);
    url
}

#[derive(Deserialize)]
struct Instance {
    #[serde(default)]
    configuration: Configuration,
    /// Where the software's source is: the one sure sign of GoToSocial.
    source_url: Option<String>,
}

#[derive(Deserialize, Default)]
struct Configuration {
    #[serde(default)]
    urls: Urls,
}

#[derive(Deserialize, Default)]
struct Urls {
    streaming: Option<String>,
}

/// A stream by Mastodon's name and its parameter (`tag`, `list`).
type Subscription = (&'static str, Option<(&'static str, String)>);

struct MastodonStream {
    socket: Socket,
    subscribed: HashSet<Subscription>,
    /// The server is GoToSocial, which streams only home, notifications (on `user`), lists
    /// and direct messages.
    gotosocial: bool,
    /// Streamed posts are judged by the user's filters as pages are (GoToSocial sends no
    /// `filtered`).
    judge: std::sync::Arc<crate::api::judge::Judge>,
}

impl MastodonStream {
    /// The stream that carries a timeline; `user` carries home and notifications together.
    fn subscription(&self, kind: &TimelineKind, home_too: bool) -> Option<Subscription> {
        if !self.delivers(kind) {
            return None;
        }
        subscription(kind, home_too || self.gotosocial)
    }
}

/// The stream that carries a timeline; `user` carries home and notifications together.
fn subscription(kind: &TimelineKind, home_too: bool) -> Option<Subscription> {
    Some(match kind {
        TimelineKind::Home => ("user", None),
        TimelineKind::Notifications { .. } if home_too => ("user", None),
        TimelineKind::Notifications { .. } => ("user:notification", None),
        TimelineKind::Local => ("public:local", None),
        TimelineKind::Federated => ("public", None),
        TimelineKind::Hashtag(tag) => ("hashtag", Some(("tag", tag.clone()))),
        TimelineKind::List { id, .. } => ("list", Some(("list", id.clone()))),
        TimelineKind::Direct => ("direct", None),
        _ => return None,
    })
}

fn frame(kind: &str, (stream, param): &Subscription) -> Value {
    let mut frame = json!({ "type": kind, "stream": stream });
    if let Some((name, value)) = param {
        frame[*name] = json!(value);
    }
    frame
}

#[async_trait]
impl LiveStream for MastodonStream {
    async fn watch(&mut self, kinds: &[TimelineKind]) -> Result<(), ApiError> {
        let home_too = kinds.contains(&TimelineKind::Home);
        let wanted: HashSet<Subscription> = kinds
            .iter()
            .filter_map(|k| self.subscription(k, home_too))
            .collect();
        for gone in self.subscribed.difference(&wanted) {
            stream::send(&mut self.socket, frame("unsubscribe", gone)).await?;
        }
        for new in wanted.difference(&self.subscribed) {
            stream::send(&mut self.socket, frame("subscribe", new)).await?;
        }
        self.subscribed = wanted;
        Ok(())
    }

    fn delivers(&self, kind: &TimelineKind) -> bool {
        !(self.gotosocial
            && matches!(
                kind,
                TimelineKind::Local | TimelineKind::Federated | TimelineKind::Hashtag(_)
            ))
    }

    async fn next(&mut self) -> Option<Result<Vec<StreamEvent>, ApiError>> {
        let text = match stream::next_text(&mut self.socket).await? {
            Ok(text) => text,
            Err(error) => return Some(Err(error)),
        };
        let mut event = parse(&text);
        if let Some(StreamEvent::Entry { kind, entry }) = &mut event {
            let filters = self.judge.current();
            crate::api::judge::judge_page(&filters, std::slice::from_mut(&mut **entry), kind);
        }
        Some(Ok(event.into_iter().collect()))
    }
}

#[derive(Deserialize)]
struct Frame {
    #[serde(default)]
    stream: Vec<String>,
    event: Option<String>,
    payload: Option<String>,
    error: Option<String>,
}

/// One frame → the event it carries, if skua uses it.
fn parse(text: &str) -> Option<StreamEvent> {
    let frame: Frame = match serde_json::from_str(text) {
        Ok(frame) => frame,
        Err(error) => {
            tracing::warn!(%error, "unreadable stream frame");
            return None;
        }
    };
    if let Some(error) = frame.error {
        tracing::warn!(error, "the streaming server refused a subscription");
        return None;
    }
    let payload = frame.payload.unwrap_or_default();
    let stream_kind = || -> Option<TimelineKind> {
        let name = frame.stream.first()?;
        let param = frame.stream.get(1).cloned().unwrap_or_default();
        // GoToSocial labels list events `["list:<id>"]`, Mastodon `["list", "<id>"]`.
        if let Some(id) = name.strip_prefix("list:") {
            return Some(TimelineKind::List {
                id: crate::sanitize::owned_line(id),
                title: String::new(),
            });
        }
        Some(match name.as_str() {
            "user" => TimelineKind::Home,
            "public:local" => TimelineKind::Local,
            "public" => TimelineKind::Federated,
            "hashtag" => TimelineKind::Hashtag(param),
            "list" => TimelineKind::List {
                id: param,
                title: String::new(),
            },
            _ => return None,
        })
    };
    let decoded = |what: &'static str| move |error: serde_json::Error| tracing::warn!(%error, what, "unreadable stream payload");
    match frame.event.as_deref()? {
        "update" => {
            let status: Status = serde_json::from_str(&payload)
                .map_err(decoded("update"))
                .ok()?;
            Some(StreamEvent::Entry {
                kind: stream_kind()?,
                entry: Box::new(status.into_entry()),
            })
        }
        "status.update" => {
            let status: Status = serde_json::from_str(&payload)
                .map_err(decoded("edit"))
                .ok()?;
            Some(StreamEvent::Changed(Box::new(status.into_post())))
        }
        "delete" => Some(StreamEvent::Deleted(crate::sanitize::owned_line(&payload))),
        "filters_changed" => Some(StreamEvent::FiltersChanged),
        "notifications_merged" => Some(StreamEvent::Reload(TimelineKind::Notifications {
            mentions_only: false,
        })),
        "announcement" => {
            let announcement: super::announcements::WireAnnouncement =
                serde_json::from_str(&payload)
                    .map_err(decoded("announcement"))
                    .ok()?;
            Some(StreamEvent::Announced(Box::new(
                announcement.into_announcement(),
            )))
        }
        "announcement.delete" => Some(StreamEvent::AnnouncementGone(crate::sanitize::owned_line(
            &payload,
        ))),
        "notification" => {
            let notification: Notification = serde_json::from_str(&payload)
                .map_err(decoded("notification"))
                .ok()?;
            Some(StreamEvent::Entry {
                kind: TimelineKind::Notifications {
                    mentions_only: false,
                },
                entry: Box::new(notification.into_entry()?),
            })
        }
        "conversation" => {
            let conversation: super::notices::Conversation = serde_json::from_str(&payload)
                .map_err(decoded("conversation"))
                .ok()?;
            Some(StreamEvent::Entry {
                kind: TimelineKind::Direct,
                entry: Box::new(conversation.into_entry()?),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streaming_host_stays_with_the_server() {
        let base = Url::parse("https://mastodon.example/").unwrap();
        let url = |named| streaming_url(&base, named).to_string();
        assert_eq!(url(None), "wss://mastodon.example/api/v1/streaming");
        assert_eq!(
            url(Some("wss://streaming.mastodon.example")),
            "wss://streaming.mastodon.example/api/v1/streaming"
        );
        assert_eq!(
            url(Some("wss://evil.example")),
            "wss://mastodon.example/api/v1/streaming"
        );
        assert_eq!(
            url(Some("ws://mastodon.example")),
            "wss://mastodon.example/api/v1/streaming"
        );
    }

    #[test]
    fn the_streaming_port_stays_with_the_server_and_plain_http_stays_plain() {
        let base = Url::parse("https://mastodon.example/").unwrap();
        assert_eq!(
            streaming_url(&base, Some("wss://mastodon.example:4443")).to_string(),
            "wss://mastodon.example/api/v1/streaming",
            "another port is another service"
        );
        // GoToSocial on loopback names wss:// for its own plain-http host and port.
        let gts = Url::parse("http://127.0.0.1:61815/").unwrap();
        assert_eq!(
            streaming_url(&gts, Some("wss://127.0.0.1:61815")).to_string(),
            "ws://127.0.0.1:61815/api/v1/streaming"
        );
        assert_eq!(
            streaming_url(&gts, Some("wss://127.0.0.1:9999")).to_string(),
            "ws://127.0.0.1:61815/api/v1/streaming"
        );
    }

    #[test]
    fn list_frames_of_either_label_reach_the_list() {
        let list = |stream: &str| {
            let frame = format!(
                r#"{{"stream":{stream},"event":"update","payload":"{{\"id\":\"1\",\"created_at\":\"2026-12-03T08:30:30Z\",\"content\":\"<p>x</p>\",\"visibility\":\"public\",\"account\":{{\"id\":\"2\",\"username\":\"b\",\"acct\":\"b\",\"display_name\":\"\",\"url\":\"http://h/@b\"}}}}"}}"#
            );
            match parse(&frame) {
                Some(StreamEvent::Entry {
                    kind: TimelineKind::List { id, .. },
                    ..
                }) => Some(id),
                other => panic!("{other:?} from {frame}"),
            }
        };
        assert_eq!(list(r#"["list","7"]"#).as_deref(), Some("7"));
        assert_eq!(list(r#"["list:01M8X"]"#).as_deref(), Some("01M8X"));
    }

    #[test]
    fn frames_become_events() {
        let delete = r#"{"stream":["user"],"event":"delete","payload":"109"}"#;
        assert_eq!(parse(delete), Some(StreamEvent::Deleted("109".into())));
        assert_eq!(
            parse(r#"{"error":"Unknown stream type","status":400}"#),
            None
        );
        assert_eq!(
            parse(r#"{"stream":["user"],"event":"filters_changed"}"#),
            Some(StreamEvent::FiltersChanged)
        );
        let announced = r#"{"stream":["user"],"event":"announcement","payload":"{\"id\":\"8\",\"content\":\"<p>Upgrade tonight</p>\",\"published_at\":\"2026-12-03T08:00:00Z\",\"read\":false,\"reactions\":[]}"}"#;
        match parse(announced) {
            Some(StreamEvent::Announced(a)) => {
                assert_eq!(
                    (a.id.as_str(), a.text.as_str(), a.read),
                    ("8", "Upgrade tonight", false)
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse(r#"{"stream":["user"],"event":"announcement.delete","payload":"8"}"#),
            Some(StreamEvent::AnnouncementGone("8".into()))
        );
        assert_eq!(
            parse(r#"{"stream":["user"],"event":"notifications_merged","payload":"1"}"#),
            Some(StreamEvent::Reload(TimelineKind::Notifications {
                mentions_only: false
            }))
        );
    }
}
