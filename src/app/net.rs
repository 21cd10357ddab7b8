//! Answers from the fetcher, into state.

use super::*;

impl App {
    pub fn handle_net(&mut self, event: NetEvent) {
        self.take_net(event);
        // Posts may have arrived on screen: their pictures are wanted.
        self.want_previews();
    }

    fn take_net(&mut self, event: NetEvent) {
        match event {
            NetEvent::Retrying { view, message } => {
                match view.and_then(|id| crate::state::timeline_in(&mut self.state.tabs, id)) {
                    Some(timeline) => {
                        timeline.notice = Some(crate::state::LoadNotice::Retrying(message));
                        timeline.waiting_to_retry = true;
                    }
                    None => self.say(message, false),
                }
            }
            NetEvent::Live(event) => self.live_event(event),
            // A call's answer, or what it told on the way (an upload's progress).
            NetEvent::Landed(landed) => self.landed(landed),
            // Only the fetcher's answers end a request; an event put in by hand (a test) ends none.
            NetEvent::Answer(answer) => {
                self.in_flight = self.in_flight.saturating_sub(1);
                self.take_net(*answer);
            }
            NetEvent::Cancelled => {}
        }
    }

    /// The terminal's answer to the emoji probe: whether it draws emoji sequences `joined`
    /// in one wide character (`None`: it did not say in time; the guess stands). Where that is
    /// not what was guessed, text is cleaned the other way from now on, and what is shown is
    /// read again (the newest page of each tab) so it lines up. Pages on their way waited for
    /// this answer, unless it came too late for them: those are read again too.
    pub fn terminal_joins_emoji(&mut self, joined: Option<bool>) {
        let guess = crate::sanitize::emoji_sequences_joined();
        let waited = crate::sanitize::answer_emoji_sequences_joined(joined);
        let Some(joined) = joined.filter(|&joined| joined != guess) else {
            return;
        };
        tracing::info!(
            joined,
            waited,
            "the terminal draws emoji sequences otherwise than guessed"
        );
        for index in 0..self.state.tabs.len() {
            let timeline = &mut self.state.tabs[index].timeline;
            if timeline.is_loading() {
                if waited {
                    continue; // what is on its way is read the new way
                }
                timeline.drop_answers_in_flight();
            } else if timeline.is_empty() {
                continue;
            }
            self.refresh(index);
        }
    }

    /// Takes away arrival notices ("3 new posts") given a message's lifetime ago; whether
    /// one went.
    pub(super) fn age_arrival_notices(&mut self, now: Timestamp) -> bool {
        let mut aged = false;
        for tab in self.state.tabs.iter_mut() {
            let expired = tab
                .timeline
                .noticed_at
                .is_some_and(|at| now.duration_since(at) >= crate::state::Message::LASTS);
            if expired {
                let timeline = &mut tab.timeline;
                timeline.notice = None;
                timeline.noticed_at = None;
                aged = true;
            }
        }
        aged
    }

    pub(super) fn apply_page(
        &mut self,
        view: ViewId,
        generation: u64,
        page: PageRequest,
        result: Result<crate::api::Page, ApiError>,
    ) {
        let Some(timeline) = crate::state::timeline_in(&mut self.state.tabs, view) else {
            return; // closed meanwhile
        };
        if timeline.generation != generation {
            return;
        }
        let kind_is_notices = matches!(timeline.kind, TimelineKind::Notifications { .. });
        match result {
            Ok(answer) => {
                let unreadable = answer.unreadable;
                let boosted_by_me: Vec<String> = answer
                    .entries
                    .iter()
                    .filter(|e| is_me(self.state.me.as_ref(), e.boosted_by.as_ref()))
                    .filter_map(|e| e.post.as_ref().map(|p| p.id.clone()))
                    .collect();
                let size = self.state.page_size;
                let next = timeline.apply(&page, answer, size, &mut self.state.posts);
                timeline.noticed_at = timeline.notice.is_some().then_some(self.state.now);
                let trimmed = timeline.trim_to(self.live_config.timeline_cap);
                if let Some(next) = next {
                    let request = timeline_request(timeline, next);
                    self.call(request);
                }
                if let Some(index) = self.state.tabs.iter().position(|t| t.timeline.id == view) {
                    self.reach_reading_position(index);
                }
                for post in boosted_by_me {
                    self.state.posts.mark_boosted(&post);
                }
                if trimmed {
                    self.state.forget_unshown_posts();
                }
                self.load_older_if_due();
                self.accepted_again();
                if unreadable > 0 {
                    let noun = match (unreadable, kind_is_notices) {
                        (1, false) => self.words().post(),
                        (_, false) => self.words().posts(),
                        (1, true) => "notification",
                        (_, true) => "notifications",
                    };
                    self.say(
                        format!(
                            "{unreadable} {noun} could not be read (left out; the log says why)"
                        ),
                        false,
                    );
                }
            }
            Err(error) => {
                timeline.fail(&page, error.to_string());
                if matches!(error, ApiError::Unauthorized(_)) {
                    self.signed_out();
                }
            }
        }
    }

    /// Marks the posts the user's own boosts show as boosted (Misskey's notes do not say), once
    /// who the user is arrives after the first pages; later pages are marked as they come.
    pub(super) fn mark_own_boosts(&mut self) {
        let me = self.state.me.as_ref();
        let boosted: Vec<String> = self
            .state
            .tabs
            .iter()
            .flat_map(|t| t.timeline.entries())
            .filter(|e| is_me(me, e.boosted_by.as_ref()))
            .filter_map(|e| e.post.clone())
            .collect();
        for post in boosted {
            self.state.posts.mark_boosted(&post);
        }
    }
}
