//! Notifications the server's policy filtered (Mastodon 4.3+) never vanish silently: how many
//! wait is asked at start (the status line marks them), they are listed by who sent them to
//! accept or dismiss, and the policy itself is read and changed rule by rule.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, NotificationPolicy, NotificationRequest};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Picker, PickerItem, PickerPurpose, Popup, cursor};

/// What each rule's choice does, in the order a key goes through them.
const CHOICES: [&str; 3] = ["accept", "filter", "drop"];

/// Mastodon filters notifications into requests from 4.3.
const NOTIFICATION_REQUESTS: &[Action] =
    &[Action::NotificationRequests, Action::NotificationPolicy];

/// The policy (at start: how many requests wait; in its popup: the rules).
#[derive(Debug)]
pub struct AskPolicy;

#[async_trait]
impl Call for AskPolicy {
    type Output = NotificationPolicy;
    const RETRIED: bool = true;

    fn serves(&self) -> &'static [Action] {
        NOTIFICATION_REQUESTS
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<NotificationPolicy, ApiError> {
        net.backend.notification_policy().await
    }

    fn arrived(self: Box<Self>, result: Result<NotificationPolicy, ApiError>) -> Landed {
        land(move |app| app.policy_arrived(result))
    }
}

#[derive(Debug)]
struct SetPolicy {
    rule: String,
    value: String,
}

#[async_trait]
impl Call for SetPolicy {
    type Output = NotificationPolicy;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<NotificationPolicy, ApiError> {
        net.backend
            .set_notification_policy(&self.rule, &self.value)
            .await
    }

    fn arrived(self: Box<Self>, result: Result<NotificationPolicy, ApiError>) -> Landed {
        land(move |app| app.policy_arrived(result))
    }
}

#[derive(Debug)]
struct AskRequests;

#[async_trait]
impl Call for AskRequests {
    type Output = Vec<NotificationRequest>;
    const RETRIED: bool = true;

    fn serves(&self) -> &'static [Action] {
        NOTIFICATION_REQUESTS
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<NotificationRequest>, ApiError> {
        net.backend.notification_requests().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<NotificationRequest>, ApiError>) -> Landed {
        land(move |app| {
            let Some(picker) = app.state.picker_for(&PickerPurpose::NotificationRequests) else {
                return;
            };
            match result {
                Ok(requests) => {
                    picker.loading = false;
                    picker.items = requests
                        .iter()
                        .map(|r| PickerItem {
                            label: format!(
                                "@{} · {} notification{}",
                                r.account.acct,
                                r.count,
                                if r.count == 1 { "" } else { "s" }
                            ),
                            value: r.id.clone(),
                        })
                        .collect();
                    app.state.requests_waiting = requests.len() as u64;
                }
                Err(error) => {
                    app.state.popup = None;
                    app.say_refusal("could not list the notification requests", error);
                }
            }
        })
    }
}

#[derive(Debug)]
struct AnswerRequest {
    id: String,
    accept: bool,
}

#[async_trait]
impl Call for AnswerRequest {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend
            .answer_notification_request(&self.id, self.accept)
            .await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| match result {
            Ok(()) => {
                if let Some(picker) = app.state.picker_for(&PickerPurpose::NotificationRequests) {
                    picker.remove_items(|value| value == self.id);
                }
                app.state.requests_waiting = app.state.requests_waiting.saturating_sub(1);
                app.say(
                    match self.accept {
                        true => "accepted: their notifications join the others",
                        false => "dismissed",
                    },
                    false,
                );
            }
            Err(error) => app.say_refusal("could not answer the request", error),
        })
    }
}

impl App {
    fn policy_arrived(&mut self, result: Result<NotificationPolicy, ApiError>) {
        let open = matches!(self.state.popup, Some(Popup::NotificationPolicy { .. }));
        match result {
            Ok(policy) => {
                self.state.requests_waiting = policy.pending_requests;
                if let Some(Popup::NotificationPolicy { policy: shown, .. }) = &mut self.state.popup
                {
                    *shown = Some(policy);
                }
            }
            // At start, a server without requests has nothing to mark; the log says why.
            Err(error) if !open => tracing::debug!(%error, "no notification policy"),
            Err(error) => {
                self.state.popup = None;
                self.say_refusal("could not read the notification policy", error);
            }
        }
    }

    pub(in crate::app) fn open_notification_requests(&mut self) {
        self.state.popup = Some(Popup::Picker(Picker {
            title: "Notification requests".into(),
            purpose: PickerPurpose::NotificationRequests,
            items: Vec::new(),
            filter: String::new(),
            selected: 0,
            loading: true,
        }));
        self.call(AskRequests);
    }

    /// Answers one; the list stays open for the next, and loses it once the server agrees.
    pub(in crate::app) fn answer_notification_request(&mut self, id: String, accept: bool) {
        self.call(AnswerRequest { id, accept });
    }

    pub(in crate::app) fn open_notification_policy(&mut self) {
        self.state.popup = Some(Popup::NotificationPolicy {
            policy: None,
            selected: 0,
        });
        self.call(AskPolicy);
    }

    /// The policy's keys: move between rules, Space or Enter gives the chosen one the next
    /// choice (accept, filter, drop), written at once.
    pub(in crate::app) fn policy_action(&mut self, action: Action) {
        let Some(Popup::NotificationPolicy { policy, selected }) = &mut self.state.popup else {
            return;
        };
        let rules = policy.as_ref().map_or(0, |p| p.rules.len());
        match action {
            action if cursor::is_move(action) => {
                *selected = cursor::moved(*selected, action, rules, cursor::PAGE)
            }
            Action::Toggle | Action::Confirm => {
                let Some((rule, value)) = policy.as_mut().and_then(|p| p.rules.get_mut(*selected))
                else {
                    return;
                };
                let next = CHOICES
                    .iter()
                    .position(|c| c == value)
                    .map_or(CHOICES[0], |at| CHOICES[(at + 1) % CHOICES.len()]);
                // Shown at once; the server's answer replaces it.
                *value = next.to_owned();
                let call = SetPolicy {
                    rule: rule.clone(),
                    value: next.to_owned(),
                };
                self.call(call);
            }
            Action::Cancel | Action::NotificationPolicy => self.state.popup = None,
            _ => {}
        }
    }
}
