//! The async fetcher: the only place network calls are awaited. It takes [`Call`]s from the
//! UI loop, runs each concurrently against the [`Backend`], and sends [`NetEvent`]s back, tagged
//! with the tab and generation they were asked for so the loop can drop stale answers.
//!
//! Work has an end: every task is kept in one set, so stopping the fetcher (switching accounts)
//! aborts whatever is running or waiting to retry; a closed tab's or a left screen's requests
//! are aborted by [`Command::Cancel`]; waits before a retry are capped; member counts run a few
//! at a time.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinSet};
use tracing::Instrument;

use crate::api::Backend;

mod call;
mod messages;
mod retry;

pub use call::{BeyondServer, Call, Job, Landed, Net, Owner, PermissionLacking};
pub use messages::{Command, NetEvent};
use retry::Retry;
pub use retry::{MAX_RETRY_WAIT, RetryPolicy};

/// One request's work, as the task set runs it.
type Work = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;

/// Member counts asked at once (a lists screen may show hundreds of lists).
pub const MEMBER_COUNTS_AT_ONCE: usize = 4;

/// Starts the fetcher on the current tokio runtime. Dropping the returned sender stops it.
/// `client` is the one the backend uses; logins to other servers go through it too.
pub fn spawn(
    backend: Arc<dyn Backend>,
    client: reqwest::Client,
    policy: RetryPolicy,
) -> (UnboundedSender<Command>, UnboundedReceiver<NetEvent>) {
    let (request_tx, mut request_rx) = unbounded_channel::<Command>();
    let (event_tx, event_rx) = unbounded_channel();
    tokio::spawn(async move {
        // Dropped when the UI loop lets go of the sender: every task still running is aborted.
        let mut tasks = JoinSet::new();
        let mut by_owner: HashMap<Owner, Vec<AbortHandle>> = HashMap::new();
        // Limited calls (member counts) take a permit each.
        let limited = Arc::new(Semaphore::new(MEMBER_COUNTS_AT_ONCE));
        let retry = Arc::new(Retry {
            policy,
            now: tokio::sync::Notify::new(),
        });
        // The streaming connection, once something asks to be followed.
        let mut live: Option<(UnboundedSender<crate::live::LiveCommand>, AbortHandle)> = None;
        loop {
            let command = tokio::select! {
                command = request_rx.recv() => match command {
                    Some(command) => command,
                    None => break,
                },
                Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                    // Only a task aborted before it answered ends this way.
                    if done.is_err_and(|e| e.is_cancelled()) {
                        let _ = answer(&event_tx, NetEvent::Cancelled);
                    }
                    continue;
                }
            };
            let (owner, span, work): (Option<Owner>, tracing::Span, Work) = match command {
                Command::Live(command) => {
                    // A stream that stopped (the server refused the token) starts again
                    // when asked to follow something, once the server answers again.
                    if live.as_ref().is_some_and(|(_, task)| task.is_finished()) {
                        live = None;
                    }
                    let (commands, _) = live.get_or_insert_with(|| {
                        let (commands, receiver) = unbounded_channel();
                        let events = event_tx.clone();
                        let task = tokio::spawn(crate::live::run(
                            backend.clone(),
                            receiver,
                            move |event| events.send(NetEvent::Live(event)).is_ok(),
                        ));
                        (commands, task.abort_handle())
                    });
                    let _ = commands.send(command);
                    continue;
                }
                Command::Call(call) => {
                    let owner = call.owner();
                    let permits = call.limited().then(|| limited.clone());
                    let span = tracing::info_span!("call", ?call);
                    let (backend, client, events, retry) = (
                        backend.clone(),
                        client.clone(),
                        event_tx.clone(),
                        retry.clone(),
                    );
                    let work = Box::pin(async move {
                        let _permit = match &permits {
                            Some(semaphore) => semaphore.acquire().await.ok(),
                            None => None,
                        };
                        let waiting = |view, message| {
                            let _ = events.send(NetEvent::Retrying { view, message });
                        };
                        let told = events.clone();
                        let net = Net {
                            backend: backend.as_ref(),
                            client: &client,
                            tell: Arc::new(move |landed| {
                                let _ = told.send(NetEvent::Landed(landed));
                            }),
                        };
                        let landed = call.run(&net, &retry, &waiting).await;
                        answer(&events, NetEvent::Landed(landed));
                    });
                    (owner, span, work)
                }
                Command::RetryNow => {
                    retry.now.notify_waiters();
                    continue;
                }
                Command::Cancel(owner) => {
                    by_owner
                        .remove(&owner)
                        .unwrap_or_default()
                        .iter()
                        .for_each(AbortHandle::abort);
                    continue;
                }
            };
            let handle = tasks.spawn(work.instrument(span));
            if let Some(owner) = owner {
                let handles = by_owner.entry(owner).or_default();
                handles.retain(|h| !h.is_finished());
                handles.push(handle);
            }
        }
        if let Some((_, task)) = live {
            task.abort();
        }
    });
    (request_tx, event_rx)
}

/// Sends the answer that ends a request; `false` when the UI loop has gone away.
fn answer(events: &UnboundedSender<NetEvent>, event: NetEvent) -> bool {
    events.send(NetEvent::Answer(Box::new(event))).is_ok()
}
