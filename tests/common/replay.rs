//! Responses recorded from real servers (`../shared/fixtures/`), served again on 127.0.0.1 so
//! skua's real backends can be run against them: what real servers send, not what our fake
//! assumes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;
use url::Url;

/// One recorded exchange.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Where the recording was made (its origin appears in Link headers).
    pub origin: Option<String>,
}

impl Recorded {
    /// The same answer, given to a request for any path (an error shape tried on another call).
    pub fn for_any_path(mut self) -> Recorded {
        self.path = "*".into();
        self
    }
}

/// The fixtures folder (`SKUA_FIXTURES`, or `../shared/fixtures` beside the checkout), or
/// `None` with a notice when there is none. In CI (`CI=true`) a missing folder fails the test:
/// the contract tests are never skipped there unseen.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("SKUA_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
        PathBuf::from,
    );
    let ci = std::env::var("CI").ok();
    match located(dir, ci.as_deref()) {
        Ok(found) => found,
        Err(why) => panic!("{why}"),
    }
}

/// `dir` when it is there; else `None` with a notice, or in CI (`ci` is `true` or `1`) why
/// the contract tests cannot run.
pub fn located(dir: PathBuf, ci: Option<&str>) -> Result<Option<PathBuf>, String> {
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    let missing = format!(
        "{} is absent: the contract tests against recorded real-server answers cannot run (set SKUA_FIXTURES)",
        dir.display()
    );
    if matches!(
        ci.map(str::to_ascii_lowercase).as_deref(),
        Some("true" | "1")
    ) {
        return Err(format!("CI: {missing}"));
    }
    // Straight to stderr: the test harness would swallow eprintln! of a passing test.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "NOTICE: {missing}; skipped");
    Ok(None)
}

/// A `{request, response}` JSON fixture (Misskey, Hollo).
pub fn json_fixture(dir: &Path, name: &str) -> Recorded {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).unwrap();
    let response = &value["response"];
    let body = match &response["body"] {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let headers = response["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let link_origin = |headers: &Vec<(String, String)>| {
        headers
            .iter()
            .find(|(k, _)| k == "link")
            .and_then(|(_, v)| {
                let start = v.find('<')? + 1;
                let end = v[start..].find('>')? + start;
                Url::parse(&v[start..end])
                    .ok()
                    .map(|u| u.origin().ascii_serialization())
            })
    };
    let origin = link_origin(&headers);
    Recorded {
        method: value["request"]["method"].as_str().unwrap().to_owned(),
        path: value["request"]["path"].as_str().unwrap().to_owned(),
        status: response["status"].as_u64().unwrap() as u16,
        headers,
        body,
        origin,
    }
}

/// Every exchange of a vcrpy cassette (Mastodon, recorded by Mastodon.py's test suite).
pub fn cassette(dir: &Path, name: &str) -> Vec<Recorded> {
    let path = dir.join("mastodon-cassettes").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_norway::from_str(&text).unwrap();
    value["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let uri = Url::parse(i["request"]["uri"].as_str().unwrap()).unwrap();
            let headers = i["response"]["headers"]
                .as_object()
                .map(|h| {
                    h.iter()
                        .filter(|(k, _)| k.eq_ignore_ascii_case("link"))
                        .map(|(k, v)| {
                            (
                                k.to_lowercase(),
                                v[0].as_str().unwrap_or_default().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Recorded {
                method: i["request"]["method"].as_str().unwrap().to_owned(),
                path: uri.path().to_owned(),
                status: i["response"]["status"]["code"].as_u64().unwrap() as u16,
                headers,
                body: i["response"]["body"]["string"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                origin: Some(uri.origin().ascii_serialization()),
            }
        })
        .collect()
}

/// Written in a recorded body, the replay's own origin (a NodeInfo index links to the server
/// itself, and must lead back to the replay).
pub const OWN_ORIGIN: &str = "{replay}";

/// A server answering each request with the first unused recording of the same method and
/// path (404 when there is none). Recorded origins in headers become its own.
pub struct Replay {
    pub url: Url,
    pub asked: Arc<Mutex<Vec<String>>>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

struct Tape {
    base: String,
    unused: Mutex<Vec<Recorded>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Replay {
    pub async fn serve(recordings: Vec<Recorded>) -> Replay {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let tape = Arc::new(Tape {
            base: url.origin().ascii_serialization(),
            unused: Mutex::new(recordings),
            asked: asked.clone(),
        });
        let router = Router::new().fallback(answer).with_state(tape);
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Replay {
            url,
            asked,
            _shutdown: shutdown,
        }
    }
}

async fn answer(State(tape): State<Arc<Tape>>, request: Request) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    tape.asked.lock().unwrap().push(format!("{method} {path}"));
    let found = {
        let mut unused = tape.unused.lock().unwrap();
        unused
            .iter()
            .position(|r| r.method == method && (r.path == path || r.path == "*"))
            .map(|at| unused.remove(at))
    };
    let Some(recorded) = found else {
        let mut response = Response::new(Body::from("no recording for this request"));
        *response.status_mut() = StatusCode::NOT_FOUND;
        return response;
    };
    let mut response = Response::new(Body::from(recorded.body.replace(OWN_ORIGIN, &tape.base)));
    *response.status_mut() = StatusCode::from_u16(recorded.status).unwrap();
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    for (name, value) in &recorded.headers {
        let value = match &recorded.origin {
            Some(origin) => value.replace(origin.as_str(), &tape.base),
            None => value.clone(),
        };
        headers.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    response
}

/// A recorded Misskey streaming session served again: the client's channels are matched to
/// the recorded ones by name, then every recorded frame is sent with the client's ids.
pub struct StreamReplay {
    pub url: Url,
    /// Frames the client sent.
    pub sent: Arc<Mutex<Vec<String>>>,
    /// The `Authorization` header of the upgrade request.
    pub authorization: Arc<Mutex<Option<String>>>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

struct StreamTape {
    session: Value,
    sent: Arc<Mutex<Vec<String>>>,
    authorization: Arc<Mutex<Option<String>>>,
}

impl StreamReplay {
    pub async fn serve(session: &Value) -> StreamReplay {
        StreamReplay::serve_with_instance(session, None).await
    }

    /// Also answers `/api/v2/instance` with `instance`, its streaming address made
    /// `wss://` on this replay's host and port (as GoToSocial names it on plain http), and
    /// the Mastodon streaming path, refused with 418 without a User-Agent (as GoToSocial does).
    pub async fn serve_with_instance(session: &Value, instance: Option<Value>) -> StreamReplay {
        use axum::extract::ws::WebSocketUpgrade;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let address = listener.local_addr().unwrap();
        let url = Url::parse(&format!("http://{address}/")).unwrap();
        let instance = instance.map(|mut body| {
            body["configuration"]["urls"]["streaming"] = Value::String(format!("wss://{address}"));
            body
        });
        let tape = Arc::new(StreamTape {
            session: session.clone(),
            sent: Default::default(),
            authorization: Default::default(),
        });
        let (sent, authorization) = (tape.sent.clone(), tape.authorization.clone());
        let upgrade_with_agent = |State(tape): State<Arc<StreamTape>>,
                                  headers: axum::http::HeaderMap,
                                  upgrade: WebSocketUpgrade| async move {
            if !headers.contains_key("user-agent") {
                return Response::builder()
                    .status(418)
                    .body(Body::from(
                        r#"{"error":"I'm a teapot: no user-agent sent with request"}"#,
                    ))
                    .unwrap();
            }
            *tape.authorization.lock().unwrap() = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            upgrade.on_upgrade(move |socket| play(tape, socket))
        };
        let router = Router::new()
            .route(
                "/api/v2/instance",
                axum::routing::get(move || async move {
                    match &instance {
                        Some(body) => Response::new(Body::from(body.to_string())),
                        None => Response::builder().status(404).body(Body::empty()).unwrap(),
                    }
                }),
            )
            .route("/api/v1/streaming", axum::routing::get(upgrade_with_agent))
            .route(
                "/streaming",
                axum::routing::get(
                    |State(tape): State<Arc<StreamTape>>,
                     headers: axum::http::HeaderMap,
                     upgrade: WebSocketUpgrade| async move {
                        *tape.authorization.lock().unwrap() = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        upgrade.on_upgrade(move |socket| play(tape, socket))
                    },
                ),
            )
            .with_state(tape);
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        StreamReplay {
            url,
            sent,
            authorization,
            _shutdown: shutdown,
        }
    }
}

async fn play(tape: Arc<StreamTape>, mut socket: axum::extract::ws::WebSocket) {
    use axum::extract::ws::Message;
    // The recorded channel ids by channel name.
    let recorded: std::collections::HashMap<String, String> = tape.session["sent"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["type"] == "connect")
        .map(|f| {
            let body = &f["body"];
            (
                body["channel"].as_str().unwrap_or_default().to_owned(),
                body["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut ids: std::collections::HashMap<String, String> = Default::default();
    // What the client subscribes to comes first; a short quiet ends it.
    while let Ok(Some(Ok(Message::Text(text)))) =
        tokio::time::timeout(std::time::Duration::from_millis(300), socket.recv()).await
    {
        tape.sent.lock().unwrap().push(text.to_string());
        let frame: Value = serde_json::from_str(&text).unwrap_or_default();
        if frame["type"] == "connect"
            && let Some(old) = recorded.get(frame["body"]["channel"].as_str().unwrap_or_default())
        {
            ids.insert(
                old.clone(),
                frame["body"]["id"].as_str().unwrap_or_default().to_owned(),
            );
        }
    }
    for frame in tape.session["received"].as_array().into_iter().flatten() {
        let mut frame = frame.clone();
        if frame["type"] == "channel" {
            let old = frame["body"]["id"].as_str().unwrap_or_default().to_owned();
            match ids.get(&old) {
                Some(new) => frame["body"]["id"] = Value::String(new.clone()),
                None => continue,
            }
        }
        if socket.send(Message::text(frame.to_string())).await.is_err() {
            return;
        }
    }
    // Stay open until the client goes.
    while let Some(Ok(_)) = socket.recv().await {}
}
