//! The async fetcher: the only place network calls are awaited. It takes [`Request`]s from the
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

use crate::api::{ApiError, Backend};
use crate::login::{self};
use crate::state::ViewId;

mod call;
mod messages;
mod retry;

pub use call::{Call, Job, Landed, Owner};
pub use messages::{Attachment, Command, NetEvent, Request};
use retry::Retry;
pub use retry::{MAX_RETRY_WAIT, RetryPolicy};

/// Uploads what is not uploaded yet, in order, telling the loop how far each is and each id
/// as it comes (so sending again does not upload again); answers every media id in order.
async fn upload_all(
    backend: &dyn Backend,
    draft: &str,
    media: Vec<Attachment>,
    events: &UnboundedSender<NetEvent>,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::with_capacity(media.len());
    for (index, attachment) in media.into_iter().enumerate() {
        let upload = match attachment {
            Attachment::Uploaded(id) => {
                ids.push(id);
                continue;
            }
            Attachment::Upload(upload) => upload,
        };
        let told = events.clone();
        let owner = draft.to_owned();
        let last = std::sync::atomic::AtomicU8::new(u8::MAX);
        // One event per percent, not per piece.
        let progress: crate::api::Progress = Arc::new(move |sent, total| {
            let percent = (sent * 100).checked_div(total).unwrap_or(100) as u8;
            if last.swap(percent, std::sync::atomic::Ordering::Relaxed) != percent {
                let _ = told.send(NetEvent::Uploading {
                    draft: owner.clone(),
                    index,
                    percent,
                });
            }
        });
        let id = backend.upload(&upload, progress).await?;
        let _ = events.send(NetEvent::Uploaded {
            draft: draft.to_owned(),
            index,
            id: id.clone(),
        });
        ids.push(id);
    }
    Ok(ids)
}

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
                Command::Run(request) => {
                    let request = *request;
                    let owner = request.owner();
                    let (backend, client, events, retry) = (
                        backend.clone(),
                        client.clone(),
                        event_tx.clone(),
                        retry.clone(),
                    );
                    let span = tracing::info_span!("request", ?request);
                    let work = Box::pin(async move {
                        run(backend.as_ref(), &client, request, &retry, &events).await
                    });
                    (owner, span, work)
                }
                Command::Call(call) => {
                    let owner = call.owner();
                    let permits = call.limited().then(|| limited.clone());
                    let span = tracing::info_span!("call", ?call);
                    let (backend, events, retry) =
                        (backend.clone(), event_tx.clone(), retry.clone());
                    let work = Box::pin(async move {
                        let _permit = match &permits {
                            Some(semaphore) => semaphore.acquire().await.ok(),
                            None => None,
                        };
                        let tell = |view, message| {
                            let _ = events.send(NetEvent::Retrying { view, message });
                        };
                        let landed = call.run(backend.as_ref(), &retry, &tell).await;
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

async fn run(
    backend: &dyn Backend,
    client: &reqwest::Client,
    request: Request,
    retry: &Retry,
    events: &UnboundedSender<NetEvent>,
) {
    // A send fails only when the UI loop has gone away; nothing is left to tell then.
    let _ = match request {
        Request::Timeline {
            view,
            generation,
            kind,
            page,
        } => {
            let result =
                with_retries(retry, Some(view), events, || backend.timeline(&kind, &page)).await;
            answer(
                events,
                NetEvent::Timeline {
                    view,
                    generation,
                    page,
                    result,
                },
            )
        }
        // Not retried by itself: the draft stays, with the reason, and the user sends again
        // (with the same idempotency key).
        Request::Post {
            draft,
            mut post,
            media,
            edit,
        } => {
            let result = async {
                post.media = upload_all(backend, &draft, media, events).await?;
                match &edit {
                    Some(id) => backend.edit(id, &post).await,
                    None => backend.post(&post).await,
                }
            }
            .await;
            answer(
                events,
                NetEvent::Posted {
                    draft,
                    result: result.map(Box::new),
                },
            )
        }
        Request::Lists { epoch } => {
            let result = with_retries(retry, None, events, || backend.lists()).await;
            answer(events, NetEvent::Lists { epoch, result })
        }
        Request::Login { attempt, step } => answer(
            events,
            NetEvent::Login {
                attempt,
                event: login::take_step(client, step).await,
            },
        ),
    };
}

/// Sends the answer that ends a request; `false` when the UI loop has gone away.
fn answer(events: &UnboundedSender<NetEvent>, event: NetEvent) -> bool {
    events.send(NetEvent::Answer(Box::new(event))).is_ok()
}

/// Runs `call` with retries, telling the loop (on the view's tab) about each wait.
async fn with_retries<T, F, Fut>(
    retry: &Retry,
    view: Option<ViewId>,
    events: &UnboundedSender<NetEvent>,
    call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let tell = |message| {
        let _ = events.send(NetEvent::Retrying { view, message });
    };
    retry::retrying(retry, &tell, call).await
}
