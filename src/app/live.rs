//! Live timelines: following the open tabs over the stream, what it brings, polling where
//! there is none, the reading position, follow requests, and telling the terminal about
//! mentions.

use jiff::{SignedDuration, Timestamp};

use super::calls;
use super::{App, Effect};
use crate::api::stream::{StreamEvent, streamable};
use crate::api::{ApiError, Entry, NoticeKind, ReadPositions, TimelineKind};
use crate::fetcher::Command;
use crate::live::{LiveCommand, LiveEvent, LiveStatus};

/// How long the reading position rests before it is saved.
const SAVE_POSITION_AFTER: SignedDuration = SignedDuration::from_secs(3);
/// Posts near the selection whose changes are followed (Misskey captures).
const CAPTURE_ABOVE: usize = 5;
const CAPTURE_BELOW: usize = 15;

impl App {
    /// Tells the stream which timelines the tabs show, when that changed.
    pub(super) fn watch_timelines(&mut self) {
        if !self.live_config.streaming {
            return;
        }
        let mut kinds: Vec<TimelineKind> = self
            .state
            .tabs
            .iter()
            .map(|t| t.timeline.kind.clone())
            .filter(streamable)
            .collect();
        // Open chats hear their new messages.
        kinds.extend(
            crate::state::chats(&mut self.state.tabs).map(|c| TimelineKind::Chat(c.with.clone())),
        );
        kinds.dedup();
        if kinds != self.watched {
            self.watched = kinds.clone();
            self.send_once_first_page_is_in(Command::Live(LiveCommand::Watch(kinds)));
        }
    }

    /// Follows the posts around the selection of the timeline on screen (Misskey sends their
    /// reactions and deletions only for posts asked about).
    fn capture_visible(&mut self) {
        if self.state.flavor != crate::api::detect::Flavor::Misskey || !self.live_config.streaming {
            return;
        }
        let Some(tab) = self.state.active_tab() else {
            return;
        };
        let timeline = &tab.timeline;
        let from = timeline.scroll.selected.saturating_sub(CAPTURE_ABOVE);
        let posts: Vec<String> = timeline
            .rows
            .iter()
            .skip(from)
            .take(CAPTURE_ABOVE + CAPTURE_BELOW)
            .filter_map(|r| r.entry().and_then(|e| e.post.clone()))
            .collect();
        if posts != self.captured {
            self.captured = posts.clone();
            let _ = self
                .requests
                .send(Command::Live(LiveCommand::Capture(posts)));
        }
    }

    pub(super) fn live_event(&mut self, event: LiveEvent) {
        match event {
            LiveEvent::Status(LiveStatus::SignedOut) => self.signed_out(),
            LiveEvent::Status(status) => {
                if status.polls() && !self.state.live.as_ref().is_some_and(LiveStatus::polls) {
                    // Polling starts now: what was missed comes with the first round.
                    self.last_poll = None;
                }
                self.state.live = Some(status);
            }
            // Back (or there for the first time): what happened meanwhile is fetched, bounded,
            // with gap rows where it does not meet what is loaded.
            LiveEvent::Connected => self.catch_up_live_timelines(),
            LiveEvent::Events(events) => {
                for event in events {
                    self.stream_event(event);
                }
            }
        }
    }

    /// Catches up every loaded timeline the stream feeds (or that polling keeps up to date).
    fn catch_up_live_timelines(&mut self) {
        self.catch_up_loaded(streamable);
    }

    /// Catches up every loaded timeline of a kind `wanted` picks with what came after its
    /// newest post.
    fn catch_up_loaded(&mut self, wanted: impl Fn(&TimelineKind) -> bool) {
        for index in 0..self.state.tabs.len() {
            let timeline = &mut self.state.tabs[index].timeline;
            if timeline.loaded
                && wanted(&timeline.kind)
                && let Some(page) = timeline.catch_up_request()
            {
                let request = super::timeline_request(timeline, page);
                self.call(request);
            }
        }
    }

    fn stream_event(&mut self, event: StreamEvent) {
        match event {
            StreamEvent::Entry { kind, entry } => self.entry_arrived(&kind, *entry),
            StreamEvent::Reload(kind) => {
                for index in 0..self.state.tabs.len() {
                    if self.state.tabs[index].timeline.kind.same_timeline(&kind) {
                        self.reload(index);
                    }
                }
                // Requests were merged in: fewer wait.
                if matches!(kind, TimelineKind::Notifications { .. }) {
                    self.call(super::calls::AskPolicy);
                }
            }
            StreamEvent::Announced(announcement) => self.announcement_arrived(*announcement),
            StreamEvent::FiltersChanged => self.call(super::calls::AskFilters),
            StreamEvent::AnnouncementGone(id) => {
                if let Some(all) = &mut self.state.announcements {
                    all.retain(|a| a.id != id);
                }
            }
            StreamEvent::Deleted(post) => {
                if self.state.posts.get(&post).is_some() {
                    self.remove_post_everywhere(&post);
                }
            }
            StreamEvent::Changed(post) => {
                if self.state.posts.get(&post.id).is_some() {
                    self.state.posts.put(*post);
                }
            }
            StreamEvent::Reacted {
                post,
                reaction,
                added,
            } => self.state.posts.count_reaction(&post, &reaction, added),
            StreamEvent::PollVoted {
                post,
                choice,
                voter,
            } => {
                let mine = self.state.me.as_ref().is_some_and(|me| me.id == voter);
                if !mine {
                    self.state.posts.count_vote(&post, choice);
                }
            }
            StreamEvent::Edited {
                post,
                content,
                spoiler,
            } => self.state.posts.edit(&post, content, spoiler),
        }
    }

    fn entry_arrived(&mut self, kind: &TimelineKind, entry: Entry) {
        if let (TimelineKind::Chat(with), Some(message)) = (kind, &entry.post) {
            return self.chat_message_arrived(with, message.clone());
        }
        let cap = self.live_config.timeline_cap;
        let mut notify = None;
        if let Some(notice) = &entry.notice
            && (notice.is_mention() || kind == &TimelineKind::Direct)
        {
            let who = notice.accounts.first().map_or("someone", |a| a.name());
            notify = Some(match &notice.kind {
                NoticeKind::Conversation { .. } => format!("{who} sent you a direct message"),
                NoticeKind::Chat { .. } => format!("{who} sent you a chat message"),
                _ => format!("{who} mentioned you"),
            });
        } else if kind == &TimelineKind::Direct
            && let Some(post) = &entry.post
        {
            notify = Some(format!("{} sent you a direct message", post.author.name()));
        }
        let wanted = |tab: &crate::state::Tab| match (&tab.timeline.kind, kind) {
            (TimelineKind::Notifications { mentions_only }, TimelineKind::Notifications { .. }) => {
                !mentions_only || entry.notice.as_ref().is_some_and(|n| n.is_mention())
            }
            // A list's stream names it by id only.
            (TimelineKind::List { id: a, .. }, TimelineKind::List { id: b, .. }) => a == b,
            (mine, theirs) => mine.same_timeline(theirs),
        };
        let mut trimmed = false;
        // Only the tabs it goes to change (the others are not drawn again).
        for tab in self.state.tabs.iter_mut().filter(|tab| wanted(tab)) {
            let timeline = &mut tab.timeline;
            if timeline.arrive(entry.clone(), &mut self.state.posts) {
                trimmed |= timeline.trim_to(cap);
            }
        }
        if let Some(text) = notify.filter(|_| self.live_config.notify) {
            // A direct note comes as a notification and as a direct message: told once.
            let first = entry
                .post
                .as_ref()
                .is_none_or(|post| self.notified.remember(&post.id));
            if first {
                self.effects.push(Effect::Notify(text));
            }
        }
        if trimmed {
            self.state.forget_unshown_posts();
        }
    }

    /// The server refused the account's token: said once, with the way to log in again, and
    /// nothing is polled or streamed any more (asking again would only be refused again).
    pub(super) fn signed_out(&mut self) {
        if self.state.live == Some(LiveStatus::SignedOut) {
            return;
        }
        self.state.live = Some(LiveStatus::SignedOut);
        let host = self.state.server_label.clone();
        let accounts = self.state.keymap.label(crate::action::Action::Accounts);
        self.say(
            format!(
                "the server no longer accepts skua's access (revoked or logged out): {accounts} then n logs in again, or run `skua login {host}`"
            ),
            true,
        );
    }

    /// A request went through after the server refused the token (a refusal that passed: a
    /// proxy's, or a server's hiccup): the timelines are followed and polled again.
    pub(super) fn accepted_again(&mut self) {
        if self.state.live != Some(LiveStatus::SignedOut) {
            return;
        }
        self.state.live = None;
        self.watched.clear();
        self.watch_timelines();
        self.say("the server accepts skua's access again", false);
    }

    /// On the clock: polls where there is no stream, saves the reading position when it has
    /// rested, follows the posts on screen.
    pub(super) fn live_tick(&mut self, now: Timestamp) {
        if self.state.live == Some(LiveStatus::SignedOut) {
            return;
        }
        let polls =
            !self.live_config.streaming || self.state.live.as_ref().is_some_and(LiveStatus::polls);
        // Live, but some timelines are not streamed by this server: those are polled.
        let unstreamed = match &self.state.live {
            Some(LiveStatus::Live { polled, .. }) if !polls => polled.clone(),
            _ => Vec::new(),
        };
        let interval = SignedDuration::try_from(self.live_config.poll_interval)
            .unwrap_or(SignedDuration::from_secs(60));
        let due = self
            .last_poll
            .is_none_or(|last| now.duration_since(last) >= interval);
        if polls && due {
            self.last_poll = Some(now);
            self.catch_up_live_timelines();
        } else if !unstreamed.is_empty() && due {
            self.last_poll = Some(now);
            self.catch_up_loaded(|kind| unstreamed.iter().any(|k| k.same_timeline(kind)));
        }
        self.save_positions_if_due(now, false);
        self.capture_visible();
    }

    /// The reading positions as the server keeps them; skua's own copy fills in.
    pub(super) fn positions_arrived(&mut self, result: Result<Option<ReadPositions>, ApiError>) {
        let mut positions = self.local_positions();
        match result {
            Ok(Some(server)) => positions.merge(&server),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not read the reading positions"),
        }
        self.positions_saved = positions.clone();
        self.positions_known = true;
        for index in 0..self.state.tabs.len() {
            let timeline = &mut self.state.tabs[index].timeline;
            let kind = timeline.kind.clone();
            if let Some(Some(id)) = positions.of(&kind) {
                timeline.open_at(id.clone());
                self.reach_reading_position(index);
            }
        }
    }

    /// Loads older pages until the reading position of tab `index` is on screen (bounded).
    pub(super) fn reach_reading_position(&mut self, index: usize) {
        let timeline = &mut self.state.tabs[index].timeline;
        if let Some(page) = timeline.reading_position_request() {
            let request = super::timeline_request(timeline, page);
            self.call(request);
        }
    }

    /// Saves how far home and notifications are read, once the position rested (or now).
    pub fn save_positions_if_due(&mut self, now: Timestamp, now_or_never: bool) {
        // Until the saved position is known, what is selected is not where the user read.
        if !self.positions_known {
            return;
        }
        let mut current = self.positions_saved.clone();
        for tab in &self.state.tabs {
            let timeline = &tab.timeline;
            if timeline.read_at.is_some() {
                continue; // not opened at the saved position yet
            }
            let kind = timeline.kind.clone();
            if let (Some(slot), Some(seen)) = (current.of(&kind), &timeline.newest_seen) {
                let newer = slot
                    .as_deref()
                    .is_none_or(|s| crate::api::compare_ids(seen, s).is_gt());
                if newer {
                    *slot = Some(seen.clone());
                }
            }
        }
        if current == self.positions_saved {
            self.position_moved = None;
            return;
        }
        let moved = *self.position_moved.get_or_insert(now);
        if !now_or_never && now.duration_since(moved) < SAVE_POSITION_AFTER {
            return;
        }
        self.position_moved = None;
        let before = self.positions_saved.clone();
        for (kind, id, before) in [
            (TimelineKind::Home, &current.home, &before.home),
            (
                TimelineKind::Notifications {
                    mentions_only: false,
                },
                &current.notifications,
                &before.notifications,
            ),
        ] {
            if let Some(id) = id.as_ref().filter(|id| Some(*id) != before.as_ref()) {
                let id = id.clone();
                self.call(calls::SavePosition { kind, id });
            }
        }
        if let Some(path) = self.positions_path() {
            match toml::to_string(&current) {
                Ok(text) => self.effects.push(Effect::SavePositions { path, text }),
                Err(error) => tracing::warn!(%error, "could not keep the reading position"),
            }
        }
        self.positions_saved = current;
    }

    fn positions_path(&self) -> Option<std::path::PathBuf> {
        let root = self.positions_root.as_ref()?;
        let account = self
            .state
            .current_account
            .as_deref()
            .unwrap_or(&self.state.server_label);
        Some(crate::files::positions_file(root, account))
    }

    /// skua's own copy of the reading positions (the only one on Misskey).
    fn local_positions(&self) -> ReadPositions {
        let Some(path) = self.positions_path() else {
            return ReadPositions::default();
        };
        match crate::files::read_text_bounded(&path, crate::files::SMALL_FILE) {
            Ok(text) => toml::from_str(&text).unwrap_or_else(|error| {
                tracing::warn!(path = %path.display(), %error, "damaged reading positions ignored");
                ReadPositions::default()
            }),
            Err(_) => ReadPositions::default(),
        }
    }

    /// The follow request selected in the notifications on screen: accepts or rejects it.
    pub(super) fn answer_request(&mut self, accept: bool) {
        let tab = &self.state.tabs[self.state.active];
        let request = match (tab.stack.last(), tab.timeline.selected_entry()) {
            (None, Some(entry)) => entry
                .notice
                .as_ref()
                .filter(|n| n.kind == NoticeKind::FollowRequest)
                .and_then(|n| n.accounts.first().cloned()),
            _ => None,
        };
        let Some(account) = request else {
            return self.say("select a follow request in your notifications first", false);
        };
        self.say(
            match accept {
                true => format!("accepting @{}…", account.acct),
                false => format!("rejecting @{}…", account.acct),
            },
            false,
        );
        self.call(calls::AnswerRequest { account, accept });
    }

    pub(super) fn answered(
        &mut self,
        account: &crate::api::Account,
        accept: bool,
        result: Result<(), ApiError>,
    ) {
        self.request_answered_in_lists(account, result.is_ok());
        if let Err(error) = result {
            return self.say(format!("could not answer @{}: {error}", account.acct), true);
        }
        // The request is answered: its row says so.
        for tab in &mut self.state.tabs {
            for row in &mut tab.timeline.rows {
                if let crate::state::timeline::Row::Entry(entry) = row
                    && let Some(notice) = &mut entry.notice
                    && notice.kind == NoticeKind::FollowRequest
                    && notice.accounts.first().is_some_and(|a| a.id == account.id)
                {
                    notice.kind = match accept {
                        true => NoticeKind::Follow,
                        false => NoticeKind::Other("follow request rejected".into()),
                    };
                }
            }
        }
        let done = if accept { "accepted" } else { "rejected" };
        self.say(format!("{done} @{}'s follow request", account.acct), false);
    }

    /// Notifications: all of them, or the mentions only (the tab loads again).
    pub(super) fn toggle_mentions_only(&mut self) {
        let active = self.state.active;
        let tab = &mut self.state.tabs[active];
        let TimelineKind::Notifications { mentions_only } = tab.timeline.kind else {
            return;
        };
        tab.timeline.kind = TimelineKind::Notifications {
            mentions_only: !mentions_only,
        };
        self.reload(active);
    }

    /// Loads tab `index`'s timeline again from the newest page (what was asked for it before
    /// is dropped).
    fn reload(&mut self, index: usize) {
        let timeline = &mut self.state.tabs[index].timeline;
        timeline.reset();
        let owner = crate::fetcher::Owner::View(timeline.id);
        let _ = self.requests.send(Command::Cancel(owner));
        self.refresh(index);
    }

    /// Marks the selected direct conversation read, if it is an unread one.
    pub(super) fn read_selected_conversation(&mut self) {
        let active = self.state.active;
        let tab = &mut self.state.tabs[active];
        let selected = tab.timeline.scroll.selected;
        let row = match tab.stack.is_empty() {
            true => tab.timeline.rows.get_mut(selected),
            false => None,
        };
        let Some(crate::state::timeline::Row::Entry(entry)) = row else {
            return;
        };
        if let Some(NoticeKind::Conversation { id, unread }) =
            entry.notice.as_mut().map(|n| &mut n.kind)
            && *unread
        {
            *unread = false;
            let id = id.clone();
            self.call(calls::ReadConversation { id });
        }
    }

    /// Whether the view on top shows notifications (their own keys apply).
    pub(super) fn on_notifications(&self) -> bool {
        self.state
            .active_tab()
            .is_some_and(|t| t.stack.is_empty() && t.timeline.kind.is_notifications())
    }
}

/// The posts told of last (a desktop notification), so one arriving twice is told once.
#[derive(Debug, Default)]
pub(super) struct Notified(std::collections::VecDeque<String>);

impl Notified {
    /// Posts remembered at most.
    const KEPT: usize = 64;

    /// Remembers `post`; `false` if it was told of already.
    fn remember(&mut self, post: &str) -> bool {
        if self.0.iter().any(|p| p == post) {
            return false;
        }
        if self.0.len() == Self::KEPT {
            self.0.pop_front();
        }
        self.0.push_back(post.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Notified;

    #[test]
    fn a_post_is_told_of_once_and_the_oldest_is_forgotten_past_the_bound() {
        let mut told = Notified::default();
        assert!(told.remember("1"));
        assert!(!told.remember("1"), "told once");
        for n in 2..=(Notified::KEPT as u32 + 1) {
            assert!(told.remember(&n.to_string()));
        }
        assert!(told.remember("1"), "the oldest was forgotten");
    }
}
