//! Retrying transient failures: how often and how long to wait, capped, and ended early when the
//! user asks to load again.

use std::time::Duration;

use crate::api::ApiError;

/// Longest wait before a retry, whatever the server asks for.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(15 * 60);

/// How transient failures are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// First backoff; doubled after each failed attempt.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// Attempts in all, including the first.
    pub max_attempts: u32,
}

/// The retry policy, and the signal that ends the waits early.
pub struct Retry {
    pub(super) policy: RetryPolicy,
    pub(super) now: tokio::sync::Notify,
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

/// Runs `call` until it succeeds, fails for good or runs out of attempts, waiting between
/// attempts as the policy and the server say; `tell` hears why and for how long each wait is.
pub async fn retrying<T, F, Fut>(
    retry: &Retry,
    tell: &(dyn Fn(String) + Send + Sync),
    mut call: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let policy = retry.policy;
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
        }
        .min(MAX_RETRY_WAIT);
        tracing::info!(%error, attempt, wait_ms = wait.as_millis() as u64, "retrying");
        let reason = match &error {
            ApiError::Regenerating => "the home feed is being regenerated".to_owned(),
            ApiError::RateLimited { .. } => "rate limited by the server".to_owned(),
            other => other.to_string(),
        };
        tell(format!("{reason}; {}", retry_time(wait)));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = retry.now.notified() => tracing::info!("retrying now, as asked"),
        }
        backoff = (backoff * 2).min(policy.max_backoff);
        attempt += 1;
    }
}

/// When a retry happens, in words: "retrying in 5s", or for long waits the clock time.
fn retry_time(wait: Duration) -> String {
    let seconds = wait.as_secs_f32().ceil() as i64;
    if seconds < 120 {
        return format!("retrying in {seconds}s");
    }
    let at = jiff::Zoned::now().saturating_add(jiff::SignedDuration::from_secs(seconds));
    format!(
        "retrying at {} (in {} min)",
        at.strftime("%H:%M"),
        (seconds + 59) / 60
    )
}
