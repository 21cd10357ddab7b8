//! Reporting an account (with the selected post) to the moderators: a form with why, the
//! server's rules, a comment, forwarding, and a mute or block in the same go.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Relate, Report, ServerRule};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::Popup;
use crate::state::report::{AfterReport, ReportForm};

#[derive(Debug)]
struct AskRules;

#[async_trait]
impl Call for AskRules {
    type Output = Vec<ServerRule>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<ServerRule>, ApiError> {
        net.backend.server_rules().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<ServerRule>, ApiError>) -> Landed {
        land(move |app| {
            let rules = result.unwrap_or_else(|error| {
                tracing::warn!(%error, "could not read the server's rules");
                Vec::new()
            });
            if let Some(Popup::Report(form)) = &mut app.state.popup {
                form.rules = Some(rules);
            }
        })
    }
}

#[derive(Debug)]
struct SendReport {
    report: Report,
    then: AfterReport,
}

#[async_trait]
impl Call for SendReport {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.report(&self.report).await?;
        let change = match self.then {
            AfterReport::Nothing => return Ok(()),
            AfterReport::Mute => Relate::Mute(Some(None)),
            AfterReport::Block => Relate::Block(true),
        };
        net.backend.relate(&self.report.account, change).await?;
        Ok(())
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| {
            let acct = &self.report.account.acct;
            match result {
                Ok(()) => {
                    app.state.popup = None;
                    let also = match self.then {
                        AfterReport::Nothing => "",
                        AfterReport::Mute => " and muted",
                        AfterReport::Block => " and blocked",
                    };
                    app.say(format!("@{acct} reported to the moderators{also}"), false);
                }
                Err(error) => match &mut app.state.popup {
                    Some(Popup::Report(form)) => {
                        form.sending = false;
                        form.error = Some(format!("not reported: {error}"));
                    }
                    _ => app.say_refusal("could not report", error),
                },
            }
        })
    }
}

impl App {
    /// A report of the selected post's author with the post, or of the profile shown.
    pub(in crate::app) fn open_report(&mut self) {
        let on_profile = matches!(
            self.state.active_tab().and_then(|t| t.stack.last()),
            Some(crate::state::View::Profile(_))
        );
        let post = self.selected_post().cloned();
        let (account, posts) = match (post, self.shown_account()) {
            (Some(post), _) if !on_profile => (
                post.author.clone(),
                vec![(post.id.clone(), post.url.clone())],
            ),
            (Some(post), Some(shown)) if post.author.id == shown.id => {
                (shown, vec![(post.id.clone(), post.url.clone())])
            }
            (_, Some(shown)) => (shown, Vec::new()),
            (_, None) => return self.say_in_words("select a post first", false),
        };
        if self.state.me.as_ref().is_some_and(|me| me.id == account.id) {
            return self.say("that is you: there is nobody to report", false);
        }
        let form = ReportForm::new(account, posts, self.is_misskey());
        self.state.popup = Some(Popup::Report(Box::new(form)));
        self.call(AskRules);
    }

    pub(in crate::app) fn report_action(&mut self, action: Action) {
        let Some(Popup::Report(form)) = &mut self.state.popup else {
            return;
        };
        if form.sending {
            return;
        }
        match action {
            Action::NextTab | Action::Down => form.move_focus(true),
            Action::PrevTab | Action::Up => form.move_focus(false),
            Action::Toggle => form.toggle(),
            // Enter starts a new line in the comment; Send sends from any field.
            Action::Confirm | Action::Send => match form.report() {
                Ok(report) => {
                    form.error = None;
                    form.sending = true;
                    let then = form.then;
                    self.call(SendReport { report, then });
                }
                Err(why) => form.error = Some(why),
            },
            Action::Cancel => self.state.popup = None,
            _ => {}
        }
    }
}
