//! Posts the server sends later: listed soonest first in a popup, each moved to another time,
//! rewritten in compose (the rewrite replaces it when sent), or cancelled.

use async_trait::async_trait;
use jiff::Timestamp;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, ScheduledPost};
use crate::app::App;
use crate::drafts::DraftMedia;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Confirmed, Popup, Prompt, PromptPurpose, cursor};

#[derive(Debug)]
struct AskScheduled;

#[async_trait]
impl Call for AskScheduled {
    type Output = Vec<ScheduledPost>;
    const RETRIED: bool = true;

    /// Misskey schedules from 2025, Sharkey by calls of its own.
    fn serves(&self) -> &'static [Action] {
        &[Action::Scheduled]
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<ScheduledPost>, ApiError> {
        net.backend.scheduled_posts().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<ScheduledPost>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(waiting) => app.state.scheduled = Some(waiting),
            Err(error) => {
                if matches!(app.state.popup, Some(Popup::Scheduled { .. })) {
                    app.state.popup = None;
                }
                app.say_refusal(&app.in_words("could not read the scheduled posts"), error);
            }
        })
    }
}

/// Moves one to another time (`at`), or cancels it (`None`).
#[derive(Debug)]
struct ChangeScheduled {
    post: ScheduledPost,
    at: Option<Timestamp>,
}

#[async_trait]
impl Call for ChangeScheduled {
    type Output = Option<ScheduledPost>;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Option<ScheduledPost>, ApiError> {
        match self.at {
            Some(at) => net.backend.reschedule(&self.post, at).await.map(Some),
            None => net
                .backend
                .cancel_scheduled(&self.post.id)
                .await
                .map(|()| None),
        }
    }

    fn arrived(self: Box<Self>, result: Result<Option<ScheduledPost>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(now) => {
                let said = match &now {
                    Some(moved) => format!("moved to {}", crate::when::show(moved.at)),
                    None => "cancelled: it will not be sent".to_owned(),
                };
                let waiting = app.state.scheduled.get_or_insert_with(Vec::new);
                waiting.retain(|p| p.id != self.post.id);
                waiting.extend(now);
                waiting.sort_by_key(|p| p.at);
                app.clamp_scheduled();
                app.say(said, false);
            }
            Err(error) => {
                app.say_refusal(&app.in_words("could not change the scheduled post"), error)
            }
        })
    }
}

impl App {
    pub(in crate::app) fn open_scheduled(&mut self) {
        self.state.popup = Some(Popup::Scheduled { selected: 0 });
        self.call(AskScheduled);
    }

    /// A post the server now keeps to send later.
    pub(in crate::app) fn scheduled(&mut self, post: ScheduledPost) {
        let at = crate::when::show(post.at);
        if let Some(waiting) = &mut self.state.scheduled {
            waiting.push(post);
            waiting.sort_by_key(|p| p.at);
        }
        let key = self.state.keymap.label(Action::Palette);
        self.say(
            format!("scheduled for {at} (the list: {key}scheduled)"),
            false,
        );
    }

    fn clamp_scheduled(&mut self) {
        let count = self.state.scheduled.as_ref().map_or(0, Vec::len);
        if let Some(Popup::Scheduled { selected }) = &mut self.state.popup {
            *selected = (*selected).min(count.saturating_sub(1));
        }
    }

    pub(in crate::app) fn scheduled_action(&mut self, action: Action) {
        let Some(Popup::Scheduled { selected }) = &mut self.state.popup else {
            return;
        };
        let chosen = cursor::choose(self.state.scheduled.as_deref(), selected, action);
        match action {
            action if cursor::is_move(action) => {}
            Action::Confirm => {
                if let Some(post) = chosen {
                    let shown = crate::when::show(post.at);
                    self.state.popup = Some(Popup::Prompt(Prompt::new(
                        PromptPurpose::Reschedule { id: post.id },
                        shown,
                    )));
                }
            }
            Action::Edit => {
                if let Some(post) = chosen {
                    self.state.popup = None;
                    self.rewrite_scheduled(post);
                }
            }
            Action::Delete => {
                if let Some(post) = chosen {
                    self.ask(
                        self.in_words("Cancel this scheduled post? It will not be sent."),
                        Confirmed::CancelScheduled(post.id),
                    );
                }
            }
            Action::Cancel | Action::Scheduled => self.state.popup = None,
            _ => {}
        }
    }

    fn scheduled_post(&self, id: &str) -> Option<ScheduledPost> {
        self.state
            .scheduled
            .iter()
            .flatten()
            .find(|p| p.id == id)
            .cloned()
    }

    pub(in crate::app) fn reschedule(&mut self, id: String, at: Timestamp) {
        if let Some(post) = self.scheduled_post(&id) {
            self.state.popup = Some(Popup::Scheduled {
                selected: self
                    .state
                    .scheduled
                    .iter()
                    .flatten()
                    .position(|p| p.id == id)
                    .unwrap_or(0),
            });
            self.call(ChangeScheduled { post, at: Some(at) });
        }
    }

    pub(in crate::app) fn cancel_scheduled(&mut self, id: String) {
        if let Some(post) = self.scheduled_post(&id) {
            self.call(ChangeScheduled { post, at: None });
        }
    }

    /// Opens a scheduled post in compose, its time kept; sending the rewrite cancels it.
    fn rewrite_scheduled(&mut self, post: ScheduledPost) {
        let mut draft = self.fresh_draft();
        draft.text = post.text;
        draft.spoiler = post.spoiler;
        draft.visibility = post.visibility.for_family(self.is_misskey());
        draft.sensitive = post.sensitive;
        draft.local_only = post.local_only;
        draft.language = post.language.unwrap_or_default();
        draft.reply_to = post.in_reply_to.map(|id| match self.state.posts.get(&id) {
            Some(parent) => crate::drafts::Target::of(parent),
            None => crate::drafts::Target::by_id(id),
        });
        draft.media = post
            .media
            .into_iter()
            .map(|(id, description)| DraftMedia {
                upload: crate::api::Upload {
                    path: std::path::PathBuf::new(),
                    description,
                    sensitive: post.sensitive,
                },
                id: Some(id),
            })
            .collect();
        draft.poll = post.poll;
        draft.send_at = Some(post.at);
        draft.replaces_scheduled = Some(post.id);
        self.open_compose(draft, true);
    }
}
