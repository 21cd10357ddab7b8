//! Keeps one streaming connection per account alive: it connects, follows the timelines the
//! open tabs show, forwards what arrives, and after any drop reconnects with backoff and
//! jitter. It says how it is ([`LiveStatus`]); filling what was missed while down is the UI
//! loop's (a bounded refresh of each live timeline on [`LiveEvent::Connected`]), and so is
//! polling while there is no stream.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::api::stream::{LiveStream, StreamEvent};
use crate::api::{ApiError, Backend, TimelineKind};

/// First wait before reconnecting; doubled after each failure up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(120);
/// Failed connections after which the loop is told to poll meanwhile.
const FAILURES_BEFORE_POLLING: u32 = 2;
/// A connection counts as good (the backoff starts over) only once it stayed up this long: a
/// stream that drops right after every handshake must not be reconnected (and every timeline
/// reloaded) a few times a second.
const STABLE: Duration = Duration::from_secs(30);
/// How often a server without streaming is asked again whether it has it now.
const RETRY_UNSUPPORTED: Duration = Duration::from_secs(30 * 60);

/// How live the timelines are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveStatus {
    Connecting,
    Live {
        since: Timestamp,
        /// Followed timelines this server never sends on: polled instead.
        polled: Vec<TimelineKind>,
    },
    /// The connection dropped; trying again (polling meanwhile after a few failures).
    Reconnecting {
        since: Timestamp,
        polling: bool,
    },
    /// The server has no stream skua can use: timelines are polled.
    Polling {
        since: Timestamp,
        reason: String,
    },
    /// The server no longer takes the account's token (revoked, logged out elsewhere):
    /// nothing is asked again until the user logs in again.
    SignedOut,
}

impl LiveStatus {
    /// Whether timelines should be polled now.
    pub fn polls(&self) -> bool {
        matches!(
            self,
            LiveStatus::Polling { .. } | LiveStatus::Reconnecting { polling: true, .. }
        )
    }
}

#[derive(Debug)]
pub enum LiveEvent {
    Status(LiveStatus),
    /// (Re)connected and subscribed: what happened while down is to be fetched.
    Connected,
    Events(Vec<StreamEvent>),
}

/// What the loop wants followed.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveCommand {
    Watch(Vec<TimelineKind>),
    Capture(Vec<String>),
}

/// Runs until `commands` closes (the account is left).
pub async fn run(
    backend: Arc<dyn Backend>,
    mut commands: UnboundedReceiver<LiveCommand>,
    tell: impl Fn(LiveEvent) -> bool + Send,
) {
    let mut watched: Vec<TimelineKind> = Vec::new();
    let mut captured: Vec<String> = Vec::new();
    let mut failures: u32 = 0;
    let mut down_since: Option<Timestamp> = None;
    loop {
        // Nothing to follow: wait until there is.
        while !watched.iter().any(crate::api::stream::streamable) {
            match commands.recv().await {
                Some(LiveCommand::Watch(kinds)) => watched = kinds,
                Some(LiveCommand::Capture(posts)) => captured = posts,
                None => return,
            }
        }
        if failures == 0 && down_since.is_none() && !tell(LiveEvent::Status(LiveStatus::Connecting))
        {
            return;
        }
        let connected = match backend.stream().await {
            Ok(mut stream) => match subscribe(stream.as_mut(), &watched, &captured).await {
                Ok(()) => Ok(stream),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        // A server without streaming is asked again much later, without "reconnecting".
        let mut reconnecting = true;
        let wait = match connected {
            Ok(mut stream) => {
                let connected_at = std::time::Instant::now();
                down_since = None;
                tracing::info!("streaming");
                let since = Timestamp::now();
                let live = LiveStatus::Live {
                    since,
                    polled: polled(stream.as_ref(), &watched),
                };
                if !tell(LiveEvent::Status(live)) || !tell(LiveEvent::Connected) {
                    return;
                }
                let reason = follow(
                    stream.as_mut(),
                    &mut commands,
                    &tell,
                    &mut watched,
                    &mut captured,
                    since,
                )
                .await;
                let Some(reason) = reason else { return };
                let stayed_up = connected_at.elapsed();
                tracing::warn!(error = %reason, ?stayed_up, "the stream dropped");
                jitter(after_drop(&mut failures, stayed_up))
            }
            Err(ApiError::Unauthorized(reason)) => {
                tracing::warn!(%reason, "the server refused the token; the stream stops");
                tell(LiveEvent::Status(LiveStatus::SignedOut));
                return;
            }
            Err(error) if no_stream_here(&error) => {
                tracing::info!(%error, "no streaming here; polling");
                let since = Timestamp::now();
                let reason = error.to_string();
                if !tell(LiveEvent::Status(LiveStatus::Polling { since, reason })) {
                    return;
                }
                failures = 0;
                reconnecting = false;
                RETRY_UNSUPPORTED
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(%error, failures, "could not connect to the stream");
                jitter(backoff(failures))
            }
        };
        if reconnecting {
            let since = *down_since.get_or_insert_with(Timestamp::now);
            let polling = failures >= FAILURES_BEFORE_POLLING;
            if !tell(LiveEvent::Status(LiveStatus::Reconnecting {
                since,
                polling,
            })) {
                return;
            }
        }
        // Wait, still taking what to follow.
        let sleep = tokio::time::sleep(wait);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                _ = &mut sleep => break,
                command = commands.recv() => match command {
                    Some(LiveCommand::Watch(kinds)) => watched = kinds,
                    Some(LiveCommand::Capture(posts)) => captured = posts,
                    None => return,
                },
            }
        }
    }
}

/// The wait after `failures` failures in a row.
fn backoff(failures: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << failures.min(8))
        .min(MAX_BACKOFF)
}

/// The wait after a connection dropped having stayed up `stayed_up`: short after a good one
/// (the failures start over); after one that did not last, a failure like any other, waited
/// on twice as long (its handshake cost the server too, and every timeline was reloaded).
fn after_drop(failures: &mut u32, stayed_up: Duration) -> Duration {
    if stayed_up >= STABLE {
        *failures = 0;
        return FIRST_BACKOFF;
    }
    *failures += 1;
    backoff(*failures + 1)
}

/// Errors that mean the server has no usable stream (rather than a passing failure).
fn no_stream_here(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotFound(_) | ApiError::Unsupported(_) | ApiError::Forbidden(_)
    )
}

/// The watched timelines the stream will not feed.
fn polled(stream: &dyn LiveStream, watched: &[TimelineKind]) -> Vec<TimelineKind> {
    watched
        .iter()
        .filter(|kind| crate::api::stream::streamable(kind) && !stream.delivers(kind))
        .cloned()
        .collect()
}

async fn subscribe(
    stream: &mut dyn LiveStream,
    watched: &[TimelineKind],
    captured: &[String],
) -> Result<(), ApiError> {
    stream.watch(watched).await?;
    stream.capture(captured).await
}

/// Forwards events until the connection drops (the reason) or the loop goes away (`None`).
async fn follow(
    stream: &mut dyn LiveStream,
    commands: &mut UnboundedReceiver<LiveCommand>,
    tell: &(impl Fn(LiveEvent) -> bool + Send),
    watched: &mut Vec<TimelineKind>,
    captured: &mut Vec<String>,
    since: Timestamp,
) -> Option<ApiError> {
    loop {
        tokio::select! {
            command = commands.recv() => {
                let result = match command? {
                    LiveCommand::Watch(kinds) => {
                        let before = polled(stream, watched);
                        *watched = kinds;
                        let now_polled = polled(stream, watched);
                        if now_polled != before {
                            let live = LiveStatus::Live { since, polled: now_polled };
                            tell(LiveEvent::Status(live)).then_some(())?;
                        }
                        stream.watch(watched).await
                    }
                    LiveCommand::Capture(posts) => {
                        *captured = posts;
                        stream.capture(captured).await
                    }
                };
                if let Err(error) = result {
                    return Some(error);
                }
            }
            next = stream.next() => match next {
                None => return Some(ApiError::Network("the server closed the stream".into())),
                Some(Err(error)) => return Some(error),
                Some(Ok(batch)) if batch.is_empty() => {}
                Some(Ok(batch)) => {
                    tell(LiveEvent::Events(batch)).then_some(())?;
                }
            },
        }
    }
}

/// `wait` give or take a quarter, so many clients dropped at once do not return at once.
fn jitter(wait: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let spread = wait.as_millis() as u64 / 2;
    let offset = u64::from(nanos) % spread.max(1);
    Duration::from_millis(wait.as_millis() as u64 * 3 / 4 + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Connects made in `span` to a server whose stream drops `up` after each handshake,
    /// waiting the shortest the jitter allows.
    fn connects_within(span: Duration, up: Duration) -> usize {
        let mut failures = 0;
        let mut now = Duration::ZERO;
        let mut connects = 0;
        while now < span {
            connects += 1;
            now += up;
            now += after_drop(&mut failures, up) * 3 / 4;
        }
        connects
    }

    #[test]
    fn a_stream_that_keeps_dropping_is_reconnected_ever_more_slowly() {
        // 21-22 connects (and home reloads) in 30 s before: the backoff started over after
        // every handshake.
        let connects = connects_within(Duration::from_secs(60), Duration::from_millis(100));
        assert!(connects <= 5, "{connects} connects in 60 s");
    }

    #[test]
    fn a_connection_that_lasted_is_retried_at_once() {
        let mut failures = 3;
        assert_eq!(after_drop(&mut failures, STABLE), FIRST_BACKOFF);
        assert_eq!(failures, 0);
        assert!(after_drop(&mut failures, Duration::from_secs(1)) > FIRST_BACKOFF);
    }
}
