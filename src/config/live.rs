//! `[live]`: streaming, polling, notifications and how much a timeline keeps.

use std::time::Duration;

use serde::Deserialize;

use super::Problems;

/// How timelines stay up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveConfig {
    /// Use the server's streaming API (else timelines are polled).
    pub streaming: bool,
    /// How often timelines are refreshed where there is no stream.
    pub poll_interval: Duration,
    /// Terminal notifications (OSC 9 / OSC 777, else the bell) for mentions and direct messages.
    pub notify: bool,
    /// Posts a timeline keeps at most; those far from the view are dropped (and fetched again
    /// by scrolling).
    pub timeline_cap: usize,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct LiveSection {
    pub(super) streaming: Option<bool>,
    pub(super) poll_secs: Option<u64>,
    pub(super) notify: Option<bool>,
    pub(super) timeline_cap: Option<usize>,
}

/// The user's `[live]` over the defaults'.
pub(super) fn read(
    user: LiveSection,
    defaults: LiveSection,
    problems: &mut Problems,
) -> LiveConfig {
    let poll_secs = user.poll_secs.or(defaults.poll_secs).unwrap_or(60);
    if poll_secs < 10 {
        problems.at("live", "poll_secs", "must be at least 10 (seconds)".into());
    }
    let timeline_cap = user.timeline_cap.or(defaults.timeline_cap).unwrap_or(1000);
    if timeline_cap < 100 {
        problems.at(
            "live",
            "timeline_cap",
            "must be at least 100 (posts)".into(),
        );
    }
    LiveConfig {
        streaming: user.streaming.or(defaults.streaming).unwrap_or(true),
        poll_interval: Duration::from_secs(poll_secs),
        notify: user.notify.or(defaults.notify).unwrap_or(false),
        timeline_cap,
    }
}
