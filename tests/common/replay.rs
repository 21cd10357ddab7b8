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
/// `None` with a notice when there is none.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("SKUA_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    // Straight to stderr: the test harness would swallow eprintln! of a passing test.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "NOTICE: {} is absent; the contract tests against recorded real-server answers were skipped (set SKUA_FIXTURES)",
        dir.display()
    );
    None
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
    let mut response = Response::new(Body::from(recorded.body.clone()));
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
