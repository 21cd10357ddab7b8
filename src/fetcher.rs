//! The async fetcher: the only place network calls are awaited. It takes [`Request`]s from the
//! UI loop, runs each concurrently against the [`Backend`], and sends [`NetEvent`]s back, tagged
//! with the tab and generation they were asked for so the loop can drop stale answers.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tracing::Instrument;

use crate::api::{Account, ApiError, Backend, List, Page, PageRequest, TimelineKind};

/// Identifies a tab for the lifetime of the process (indices shift when tabs close; ids do not).
pub type TabId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Timeline {
        tab: TabId,
        generation: u64,
        kind: TimelineKind,
        page: PageRequest,
    },
    Lists,
    VerifyCredentials,
}

#[derive(Debug)]
pub enum NetEvent {
    Timeline {
        tab: TabId,
        generation: u64,
        page: PageRequest,
        result: Result<Page, ApiError>,
    },
    /// A request is waiting before a retry; the message says why and for how long.
    Retrying {
        tab: Option<TabId>,
        message: String,
    },
    Lists(Result<Vec<List>, ApiError>),
    VerifyCredentials(Result<Account, ApiError>),
}

/// How transient failures are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// First backoff; doubled after each failed attempt.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// Attempts in all, including the first.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
            max_attempts: 5,
        }
    }
}

/// Starts the fetcher on the current tokio runtime. Dropping the returned sender stops it.
pub fn spawn(
    backend: Arc<dyn Backend>,
    policy: RetryPolicy,
) -> (UnboundedSender<Request>, UnboundedReceiver<NetEvent>) {
    let (request_tx, mut request_rx) = unbounded_channel::<Request>();
    let (event_tx, event_rx) = unbounded_channel();
    tokio::spawn(async move {
        while let Some(request) = request_rx.recv().await {
            let backend = backend.clone();
            let events = event_tx.clone();
            let span = tracing::info_span!("request", ?request);
            tokio::spawn(
                async move { run(backend.as_ref(), request, policy, &events).await }
                    .instrument(span),
            );
        }
    });
    (request_tx, event_rx)
}

async fn run(
    backend: &dyn Backend,
    request: Request,
    policy: RetryPolicy,
    events: &UnboundedSender<NetEvent>,
) {
    // A send fails only when the UI loop has gone away; nothing is left to tell then.
    let _ = match request {
        Request::Timeline {
            tab,
            generation,
            kind,
            page,
        } => {
            let result =
                with_retries(policy, Some(tab), events, || backend.timeline(&kind, &page)).await;
            events.send(NetEvent::Timeline {
                tab,
                generation,
                page,
                result,
            })
        }
        Request::Lists => {
            let result = with_retries(policy, None, events, || backend.lists()).await;
            events.send(NetEvent::Lists(result))
        }
        Request::VerifyCredentials => {
            let result = with_retries(policy, None, events, || backend.verify_credentials()).await;
            events.send(NetEvent::VerifyCredentials(result))
        }
    };
}

async fn with_retries<T, F, Fut>(
    policy: RetryPolicy,
    tab: Option<TabId>,
    events: &UnboundedSender<NetEvent>,
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut backoff = policy.first_backoff;
    let mut attempt = 1;
    loop {
        let result = call().await;
        let error = match result {
            Err(error) if error.is_transient() && attempt < policy.max_attempts => error,
            result => {
                if let Err(error) = &result {
                    tracing::warn!(%error, attempt, "request failed");
                }
                return result;
            }
        };
        let wait = match &error {
            ApiError::RateLimited { retry_after } => *retry_after,
            _ => backoff,
        };
        tracing::info!(%error, attempt, wait_ms = wait.as_millis() as u64, "retrying");
        let reason = match &error {
            ApiError::Regenerating => "the home feed is being regenerated".to_owned(),
            ApiError::RateLimited { .. } => "rate limited by the server".to_owned(),
            other => other.to_string(),
        };
        let _ = events.send(NetEvent::Retrying {
            tab,
            message: format!(
                "{reason}; retrying in {}s",
                wait.as_secs_f32().ceil() as u64
            ),
        });
        tokio::time::sleep(wait).await;
        backoff = (backoff * 2).min(policy.max_backoff);
        attempt += 1;
    }
}
