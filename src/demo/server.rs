//! The HTTP side of the demo instance, with the knobs tests need.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use url::Url;

use super::data::{DemoData, Selection, id_of};
use super::{accounts, lists, media, misskey, notices, search, statuses, streaming};
use crate::api::compare_ids;
use crate::api::detect::Flavor;

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 40;
/// The demo approves a MiAuth login on the third check, about six seconds in.
const DEMO_MIAUTH_CHECKS: u32 = 2;

/// A failure to inject into answers for paths starting with a prefix.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status, body and headers instead of the real answer.
    Respond {
        status: u16,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// A 200 whose body is not valid JSON.
    MalformedJson,
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer normally, but this long after: the answer tells what was true when asked (a
    /// slow way back).
    Late(Duration),
    /// Start a 200 answer and break the connection in the middle of the body.
    Drop,
    /// Do what was asked, then answer this status anyway (a gateway timing out: the outcome
    /// is unknown to the client).
    AfterProcessing(u16),
}

impl Fault {
    pub fn status(status: u16, body: &str) -> Fault {
        Fault::Respond {
            status,
            body: body.to_owned(),
            headers: Vec::new(),
        }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The access token, if the request carried one: `Authorization: Bearer`, or Misskey's
    /// `i` in the body.
    pub bearer: Option<String>,
    /// The body, when it was JSON.
    pub body: Option<Value>,
    /// Mastodon's `Idempotency-Key` header, when sent.
    pub idempotency_key: Option<String>,
}

impl RecordedRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

struct FaultRule {
    path_prefix: String,
    fault: Fault,
    /// Answers to let through normally before the fault applies.
    skip: usize,
    remaining: Option<usize>,
}

impl Shared {
    /// Misskey's refusal of an endpoint needing `permission`, where the token lacks it.
    pub(super) fn refuse_without(&self, permission: &str) -> Option<Response> {
        lock(&self.withheld)
            .iter()
            .any(|p| p == permission)
            .then(|| {
                super::misskey::error(
                    StatusCode::FORBIDDEN,
                    "PERMISSION_DENIED",
                    "Your app does not have the necessary permissions to use this endpoint.",
                )
            })
    }
}

pub(super) struct Shared {
    data: RwLock<DemoData>,
    /// Which software the server says it is (NodeInfo, probes); it serves both APIs.
    pub(super) flavor: Flavor,
    /// MiAuth: checks answered per session, and after how many checks the demo approves
    /// (`None`: never, for tests of the deadline).
    pub(super) miauth_checks: Mutex<std::collections::HashMap<String, u32>>,
    pub(super) miauth_approve_after: Mutex<Option<u32>>,
    /// MiAuth: the permissions each session's page asked for (as a browser opened it).
    pub(super) miauth_asked: Mutex<std::collections::HashMap<String, Vec<String>>>,
    /// Misskey permissions the token lacks, until a MiAuth approval asks for them.
    pub(super) withheld: Mutex<Vec<String>>,
    pub(super) base: Url,
    pub(super) token: String,
    latency: Mutex<Duration>,
    faults: Mutex<Vec<FaultRule>>,
    /// Whether requests are kept for [`DemoServer::requests`] (tests); `skua --demo` keeps none.
    recording: std::sync::atomic::AtomicBool,
    /// Requests being answered now, and the most there were at once (for tests of limits).
    answering: std::sync::atomic::AtomicUsize,
    most_at_once: std::sync::atomic::AtomicUsize,
    requests: Mutex<Vec<RecordedRequest>>,
    /// What happens on the demo, for its streams.
    pub(super) happenings: tokio::sync::broadcast::Sender<streaming::Happened>,
    /// Whether the streaming APIs answer (tests of polling turn them off).
    streaming: std::sync::atomic::AtomicBool,
    /// The notes a Misskey stream last asked to follow (for tests).
    pub(super) captured: Mutex<std::collections::HashSet<String>>,
    /// The Misskey stream channels connected (by name), as the last command left them.
    pub(super) connected: Mutex<Vec<String>>,
}

impl Shared {
    pub(super) fn streams(&self) -> bool {
        self.streaming.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A running demo server; it stops when dropped.
pub struct DemoServer {
    shared: Arc<Shared>,
    _shutdown: oneshot::Sender<()>,
}

impl DemoServer {
    /// Starts a Mastodon-flavoured server; see [`DemoServer::start_as`].
    pub async fn start(data: DemoData) -> std::io::Result<DemoServer> {
        DemoServer::start_as(data, Flavor::Mastodon).await
    }

    /// Starts serving `data` on 127.0.0.1 at a free port, on the current tokio runtime.
    pub async fn start_as(mut data: DemoData, flavor: Flavor) -> std::io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let base =
            Url::parse(&format!("http://{address}/")).expect("a socket address makes a valid URL");
        super::pictures::serve_from(&mut data, &base);
        let shared = Arc::new(Shared {
            data: RwLock::new(data),
            flavor,
            miauth_checks: Mutex::new(Default::default()),
            miauth_approve_after: Mutex::new(Some(DEMO_MIAUTH_CHECKS)),
            miauth_asked: Mutex::new(Default::default()),
            withheld: Mutex::new(Vec::new()),
            base,
            token: super::TOKEN.to_owned(),
            latency: Mutex::new(Duration::ZERO),
            faults: Mutex::new(Vec::new()),
            recording: std::sync::atomic::AtomicBool::new(true),
            answering: Default::default(),
            most_at_once: Default::default(),
            requests: Mutex::new(Vec::new()),
            happenings: streaming::channel(),
            streaming: std::sync::atomic::AtomicBool::new(true),
            captured: Default::default(),
            connected: Default::default(),
        });
        let router = Router::new()
            .route("/api/v1/timelines/home", get(home))
            .route("/api/v1/timelines/public", get(public))
            .route("/api/v1/timelines/tag/{tag}", get(hashtag))
            .route("/api/v1/timelines/list/{id}", get(list_timeline))
            .route("/api/v1/bookmarks", get(bookmarks))
            .route("/api/v1/favourites", get(favourites))
            .route("/api/v1/apps", axum::routing::post(register_app))
            .route("/oauth/authorize", get(authorize))
            .route("/oauth/token", axum::routing::post(grant_token))
            .route(
                "/api/v1/accounts/verify_credentials",
                get(verify_credentials),
            )
            .merge(misskey::routes())
            .merge(lists::routes())
            .merge(statuses::routes())
            .merge(accounts::routes())
            .merge(search::routes())
            .merge(super::tags::routes())
            .merge(super::filters::routes())
            .merge(super::scheduled::routes())
            .merge(super::reports::routes())
            .merge(super::discover::routes())
            .merge(super::announcements::routes())
            .merge(super::requests::routes())
            .merge(super::people::routes())
            .merge(super::antennas::routes())
            .merge(super::channels::routes())
            .merge(super::chat::routes())
            .merge(super::clips::routes())
            .merge(super::own_profile::routes())
            .merge(media::routes())
            .merge(super::pictures::routes())
            .merge(notices::routes())
            .merge(streaming::routes())
            .fallback(|| async { error(StatusCode::NOT_FOUND, "Record not found") })
            .layer(middleware::from_fn_with_state(shared.clone(), intercept))
            .layer(middleware::from_fn(compress))
            .with_state(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "demo server stopped");
            }
        });
        tracing::info!(%address, "demo server listening");
        Ok(DemoServer {
            shared,
            _shutdown: shutdown,
        })
    }

    pub fn url(&self) -> &Url {
        &self.shared.base
    }

    /// Delay added before every answer.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    /// Injects `fault` into every answer for paths starting with `path_prefix` (which may
    /// start with a method: `POST /api/v1/lists`).
    pub fn fail(&self, path_prefix: &str, fault: Fault) {
        self.add_fault(path_prefix, fault, None);
    }

    /// Injects `fault` into the next `times` answers for paths starting with `path_prefix`.
    pub fn fail_times(&self, path_prefix: &str, fault: Fault, times: usize) {
        self.add_fault(path_prefix, fault, Some(times));
    }

    /// Injects `fault` into one answer for paths starting with `path_prefix`, after `skip`
    /// normal ones (a failure part-way through several requests).
    pub fn fail_after(&self, path_prefix: &str, skip: usize, fault: Fault) {
        lock(&self.shared.faults).push(FaultRule {
            path_prefix: path_prefix.to_owned(),
            fault,
            skip,
            remaining: Some(1),
        });
    }

    fn add_fault(&self, path_prefix: &str, fault: Fault, remaining: Option<usize>) {
        lock(&self.shared.faults).push(FaultRule {
            path_prefix: path_prefix.to_owned(),
            fault,
            skip: 0,
            remaining,
        });
    }

    /// After how many checks a MiAuth login is approved; `None` never approves.
    pub fn set_miauth_approval(&self, checks: Option<u32>) {
        *lock(&self.shared.miauth_approve_after) = checks;
    }

    /// Misskey: the token lacks `permissions` (answered `PERMISSION_DENIED`) until a MiAuth
    /// approval whose page asked for them.
    pub fn withhold(&self, permissions: &[&str]) {
        *lock(&self.shared.withheld) = permissions.iter().map(|p| p.to_string()).collect();
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Stops keeping requests, so a long demo session does not grow (tests keep them).
    pub fn stop_recording(&self) {
        use std::sync::atomic::Ordering;
        self.shared.recording.store(false, Ordering::Relaxed);
        lock(&self.shared.requests).clear();
    }

    /// The most requests answered at once since the last call (which starts counting again).
    pub fn take_most_at_once(&self) -> usize {
        self.shared
            .most_at_once
            .swap(0, std::sync::atomic::Ordering::Relaxed)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The requests received so far for `path`, oldest first.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        let requests = lock(&self.shared.requests);
        requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Turns the streaming APIs on or off (off: they answer 404, as on servers without them).
    pub fn set_streaming(&self, on: bool) {
        self.shared
            .streaming
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a Misskey stream follows the note (asked with `subNote`).
    pub fn is_captured(&self, note: &str) -> bool {
        lock(&self.shared.captured).contains(note)
    }

    /// Whether a Misskey stream has a channel named `name` (`homeTimeline`, `antenna`…)
    /// connected.
    pub fn streams_channel(&self, name: &str) -> bool {
        lock(&self.shared.connected).iter().any(|c| c == name)
    }

    /// Cuts every open stream (clients must reconnect and catch up).
    pub fn cut_streams(&self) {
        let _ = self.shared.happenings.send(streaming::Happened::Cut);
    }

    /// Someone (an account id) posts `text` now; answers the new status's id.
    pub fn post_as(&self, account: &str, text: &str) -> String {
        streaming::post(&self.shared, account, text, streaming::Audience::Everyone)
    }

    /// Someone (an account id) sends the user a direct message now.
    pub fn direct_as(&self, account: &str, text: &str) -> String {
        streaming::post(&self.shared, account, text, streaming::Audience::Me)
    }

    /// Someone (an account id) says `text` to the user in a Misskey chat now.
    pub fn chat_as(&self, account: &str, text: &str) -> String {
        super::chat::say(&self.shared, account, text)
    }

    /// Someone (an account id) posts `text` now in a Misskey channel (by id).
    pub fn post_in_channel(&self, account: &str, channel: &str, text: &str) -> String {
        streaming::post(
            &self.shared,
            account,
            text,
            streaming::Audience::Channel(channel),
        )
    }

    /// A notification of `kind` (Mastodon's name) by `account` about `status`, now.
    pub fn notify(&self, kind: &str, account: &str, status: Option<&str>) -> String {
        streaming::notify(&self.shared, kind, account, status)
    }

    /// Deletes a status and tells the streams.
    pub fn delete_status(&self, id: &str) {
        write(&self.shared).statuses.retain(|s| id_of(s) != id);
        let _ = self
            .shared
            .happenings
            .send(streaming::Happened::Deleted(id.to_owned()));
    }

    /// Changes a status's text and tells the streams (an edit).
    pub fn edit_status(&self, id: &str, text: &str) {
        let mut data = write(&self.shared);
        if let Some(status) = data.statuses.iter_mut().find(|s| id_of(s) == id) {
            status["content"] = json!(format!("<p>{text}</p>"));
            status["edited_at"] = json!(jiff::Timestamp::now().to_string());
        }
        drop(data);
        let _ = self
            .shared
            .happenings
            .send(streaming::Happened::Edited(id.to_owned()));
    }

    /// Makes the demo live: someone posts (or favourites the user's post) every `every`.
    pub fn start_chatter(&self, every: Duration) {
        tokio::spawn(streaming::chatter(self.shared.clone(), every));
    }

    /// Reads or changes the served data (e.g. to add a post before a refresh).
    pub fn with_data<R>(&self, change: impl FnOnce(&mut DemoData) -> R) -> R {
        change(&mut write(&self.shared))
    }
}

/// A poisoned lock only means a test thread panicked; the data is still usable.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Answers in gzip when the client accepts it, as every major server does: JSON answers
/// are a few times smaller on the wire.
async fn compress(request: Request, next: Next) -> Response {
    use std::io::Write;
    let accepts_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !accepts_gzip || !is_json || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(plain) = axum::body::to_bytes(body, usize::MAX).await else {
        // A body broken on purpose (a test's fault) stays broken.
        let broken = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped");
        let stream = futures_util::stream::iter([Err::<bytes::Bytes, _>(broken)]);
        return Response::from_parts(parts, Body::from_stream(stream));
    };
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if gzip.write_all(&plain).is_err() {
        return Response::from_parts(parts, Body::from(plain));
    }
    let Ok(compressed) = gzip.finish() else {
        return Response::from_parts(parts, Body::from(plain));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    Response::from_parts(parts, Body::from(compressed))
}

/// Counts the requests being answered at once around [`answer`].
async fn intercept(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    use std::sync::atomic::Ordering::Relaxed;
    struct Answering<'a>(&'a Shared);
    impl Drop for Answering<'_> {
        fn drop(&mut self) {
            self.0.answering.fetch_sub(1, Relaxed);
        }
    }
    let now = shared.answering.fetch_add(1, Relaxed) + 1;
    shared.most_at_once.fetch_max(now, Relaxed);
    let _answering = Answering(&shared);
    answer(&shared, request, next).await
}

/// Records the request, applies latency and faults, and checks the token.
async fn answer(shared: &Arc<Shared>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let query = request
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let header_token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    // Misskey sends JSON bodies (with the token as `i`): read the body, keep a copy, pass it on.
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let json_body: Option<Value> = serde_json::from_slice(&bytes).ok();
    let request = Request::from_parts(parts, Body::from(bytes));
    let body_token = json_body
        .as_ref()
        .and_then(|b| b["i"].as_str())
        .map(str::to_owned);
    let bearer = header_token.or(body_token);
    let idempotency_key = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if shared.recording.load(std::sync::atomic::Ordering::Relaxed) {
        lock(&shared.requests).push(RecordedRequest {
            method: request.method().to_string(),
            path: path.clone(),
            query,
            bearer: bearer.clone(),
            body: json_body,
            idempotency_key,
        });
    }

    let latency = *lock(&shared.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let fault = {
        let mut faults = lock(&shared.faults);
        let with_method = format!("{} {path}", request.method());
        let found = faults.iter_mut().find(|r| {
            (path.starts_with(&r.path_prefix) || with_method.starts_with(&r.path_prefix))
                && r.remaining != Some(0)
        });
        found.and_then(|rule| {
            if rule.skip > 0 {
                rule.skip -= 1;
                return None;
            }
            if let Some(n) = &mut rule.remaining {
                *n -= 1;
            }
            Some(rule.fault.clone())
        })
    };
    match fault {
        Some(Fault::Respond {
            status,
            body,
            headers,
        }) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() =
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let map = response.headers_mut();
            map.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            for (name, value) in headers {
                if let (Ok(name), Ok(value)) = (
                    header::HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(&value),
                ) {
                    map.insert(name, value);
                }
            }
            return response;
        }
        Some(Fault::MalformedJson) => {
            return (
                [(header::CONTENT_TYPE, "application/json")],
                "[{\"id\": \"1\", \"content\": ",
            )
                .into_response();
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Late(delay)) => {
            let response = next.run(request).await;
            tokio::time::sleep(delay).await;
            return response;
        }
        Some(Fault::AfterProcessing(status)) => {
            let _ = next.run(request).await;
            let mut response = Response::new(Body::from("<html>Gateway Time-out</html>"));
            *response.status_mut() =
                StatusCode::from_u16(status).unwrap_or(StatusCode::GATEWAY_TIMEOUT);
            return response;
        }
        Some(Fault::Drop) => {
            let chunks: Vec<Result<&'static str, std::io::Error>> = vec![
                Ok("[{\"id\":"),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "dropped by the test",
                )),
            ];
            return Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
        }
        None => {}
    }

    let misskey = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    match bearer {
        Some(token) if token == shared.token => next.run(request).await,
        None if is_public(&path) => next.run(request).await,
        // A Misskey upload carries its token in the multipart form, checked where it is read.
        None if path == "/api/drive/files/create" => next.run(request).await,
        _ if misskey => misskey::error(
            StatusCode::UNAUTHORIZED,
            "AUTHENTICATION_FAILED",
            "Authentication failed. Please ensure your token is correct.",
        ),
        _ => error(StatusCode::UNAUTHORIZED, "The access token is invalid"),
    }
}

/// Paths that answer without a token, as on a real server.
fn is_public(path: &str) -> bool {
    [
        "/api/v1/timelines/public",
        "/api/v1/timelines/tag/",
        "/api/v1/instance",
        "/api/notes/local-timeline",
        "/api/notes/global-timeline",
        "/api/notes/search-by-tag",
        "/api/meta",
        "/.well-known/",
        "/nodeinfo/",
        "/miauth/",
        "/api/miauth/",
        "/api/v1/apps",
        "/oauth/",
        "/media/",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct PageParams {
    max_id: Option<String>,
    since_id: Option<String>,
    min_id: Option<String>,
    limit: Option<usize>,
    local: Option<String>,
    pub(super) only_media: Option<String>,
}

pub(super) fn flag(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("true" | "1"))
}

/// Pages `statuses` (newest first) the way Mastodon does, with a `Link` header.
pub(super) fn paginate(
    shared: &Shared,
    data: &DemoData,
    path: &str,
    statuses: Vec<&Value>,
    params: &PageParams,
) -> Response {
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let after = |id: &str, bound: &Option<String>| {
        bound.as_deref().is_none_or(|b| compare_ids(id, b).is_gt())
    };
    let before = |id: &str, bound: &Option<String>| {
        bound.as_deref().is_none_or(|b| compare_ids(id, b).is_lt())
    };
    let matching: Vec<&Value> = statuses
        .into_iter()
        .filter(|s| {
            let id = id_of(s);
            before(id, &params.max_id) && after(id, &params.since_id) && after(id, &params.min_id)
        })
        .filter(|s| {
            !flag(&params.only_media)
                || s["media_attachments"]
                    .as_array()
                    .is_some_and(|m| !m.is_empty())
        })
        .collect();
    // min_id pages from just after the cursor (the oldest matching); the others from the newest.
    let page: Vec<&Value> = if params.min_id.is_some() {
        let start = matching.len().saturating_sub(limit);
        matching[start..].to_vec()
    } else {
        matching.into_iter().take(limit).collect()
    };
    let body: Vec<Value> = page.iter().map(|s| data.resolve(s)).collect();
    let mut headers = HeaderMap::new();
    if let (Some(first), Some(last)) = (page.first(), page.last()) {
        let mut url = shared
            .base
            .join(path.trim_start_matches('/'))
            .expect("paths join onto the base URL");
        let mut with = |name: &str, id: &str| {
            url.query_pairs_mut()
                .clear()
                .append_pair("limit", &limit.to_string())
                .append_pair(name, id);
            url.to_string()
        };
        let link = format!(
            "<{}>; rel=\"next\", <{}>; rel=\"prev\"",
            with("max_id", id_of(last)),
            with("min_id", id_of(first))
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    (headers, axum::Json(body)).into_response()
}

pub(super) fn read(shared: &Shared) -> std::sync::RwLockReadGuard<'_, DemoData> {
    shared.data.read().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn write(shared: &Shared) -> std::sync::RwLockWriteGuard<'_, DemoData> {
    shared.data.write().unwrap_or_else(|e| e.into_inner())
}

async fn home(State(shared): State<Arc<Shared>>, Query(params): Query<PageParams>) -> Response {
    mastodon_timeline(&shared, "/api/v1/timelines/home", Selection::Home, &params)
}

async fn public(State(shared): State<Arc<Shared>>, Query(params): Query<PageParams>) -> Response {
    let selection = Selection::Public {
        local: flag(&params.local),
    };
    mastodon_timeline(&shared, "/api/v1/timelines/public", selection, &params)
}

async fn hashtag(
    State(shared): State<Arc<Shared>>,
    Path(tag): Path<String>,
    Query(params): Query<PageParams>,
) -> Response {
    let path = format!("/api/v1/timelines/tag/{tag}");
    mastodon_timeline(&shared, &path, Selection::Tag(tag), &params)
}

async fn list_timeline(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<PageParams>,
) -> Response {
    let path = format!("/api/v1/timelines/list/{id}");
    mastodon_timeline(&shared, &path, Selection::List(id), &params)
}

async fn bookmarks(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<PageParams>,
) -> Response {
    mastodon_timeline(&shared, "/api/v1/bookmarks", Selection::Bookmarks, &params)
}

async fn favourites(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<PageParams>,
) -> Response {
    mastodon_timeline(
        &shared,
        "/api/v1/favourites",
        Selection::Favourites,
        &params,
    )
}

fn mastodon_timeline(
    shared: &Shared,
    path: &str,
    selection: Selection,
    params: &PageParams,
) -> Response {
    let data = read(shared);
    match data.select(&selection) {
        Some(statuses) => paginate(shared, &data, path, statuses, params),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// The code the demo's authorization page shows, as Mastodon does for out-of-band logins.
pub const OAUTH_CODE: &str = "demo-code";

async fn register_app() -> Response {
    axum::Json(json!({ "id": "1", "name": "skua", "client_id": "demo-client", "client_secret": "demo-secret" }))
        .into_response()
}

async fn authorize() -> Response {
    axum::response::Html(format!(
        "<!doctype html><title>skua demo</title><p>Copy this code into skua: <code>{OAUTH_CODE}</code></p>"
    ))
    .into_response()
}

async fn grant_token(axum::Json(body): axum::Json<Value>) -> Response {
    let valid = body["code"] == OAUTH_CODE
        && body["client_id"] == "demo-client"
        && body["client_secret"] == "demo-secret"
        && body["code_verifier"]
            .as_str()
            .is_some_and(|v| v.len() >= 43);
    if valid {
        axum::Json(
            json!({ "access_token": super::TOKEN, "token_type": "Bearer", "scope": body["scope"] }),
        )
        .into_response()
    } else {
        let body = json!({ "error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client." });
        (StatusCode::BAD_REQUEST, axum::Json(body)).into_response()
    }
}

async fn verify_credentials(State(shared): State<Arc<Shared>>) -> Response {
    match read(&shared).credentials() {
        Some(me) => axum::Json(me).into_response(),
        None => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}
