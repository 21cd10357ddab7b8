//! Changing the user's own profile: a form with what it says now (read first), the server's
//! limits checked before sending, the pictures uploaded, and every open view of the profile
//! showing the change at once.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Profile, ProfileChange, ProfileLimits, ProfileSource};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::profile_form::ProfileForm;
use crate::state::{Popup, View};

#[derive(Debug)]
struct AskOwnProfile;

#[async_trait]
impl Call for AskOwnProfile {
    type Output = (ProfileSource, ProfileLimits);
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Self::Output, ApiError> {
        net.backend.own_profile().await
    }

    fn arrived(self: Box<Self>, result: Result<Self::Output, ApiError>) -> Landed {
        land(move |app| match result {
            // Not over another popup opened meanwhile.
            Ok((source, limits)) if app.state.popup.is_none() => {
                app.state.message = None;
                let form = ProfileForm::new(source, limits);
                app.state.popup = Some(Popup::ProfileForm(Box::new(form)));
            }
            Ok(_) => {}
            Err(error) => app.say_refusal("could not read your profile", error),
        })
    }
}

#[derive(Debug)]
struct SaveProfile {
    change: ProfileChange,
}

#[async_trait]
impl Call for SaveProfile {
    type Output = Profile;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Profile, ApiError> {
        net.backend.update_profile(&self.change).await
    }

    fn arrived(self: Box<Self>, result: Result<Profile, ApiError>) -> Landed {
        land(move |app| app.profile_saved(result))
    }
}

impl App {
    pub(in crate::app) fn open_profile_form(&mut self) {
        self.say("reading your profile…", false);
        self.call(AskOwnProfile);
    }

    pub(in crate::app) fn profile_form_action(&mut self, action: Action) {
        let Some(Popup::ProfileForm(form)) = &mut self.state.popup else {
            return;
        };
        if form.saving {
            return;
        }
        match action {
            Action::NextTab if form.completes_path() => self.complete_picture_path(),
            Action::NextTab | Action::Down => form.move_focus(true),
            Action::PrevTab | Action::Up => form.move_focus(false),
            Action::Toggle => form.toggle(),
            // Enter starts a new line in the bio; Send saves from any field.
            Action::Confirm | Action::Send => match form.change() {
                Ok(change) => {
                    form.error = None;
                    form.saving = true;
                    self.call(SaveProfile { change });
                }
                Err(why) => form.error = Some(why),
            },
            Action::Cancel => {
                self.state.popup = None;
                self.say("profile left as it was", false);
            }
            _ => {}
        }
    }

    /// Completes the picture's path as far as it is unambiguous, as the attach prompt does.
    fn complete_picture_path(&mut self) {
        let Some(Popup::ProfileForm(form)) = &mut self.state.popup else {
            return;
        };
        let Some(editor) = form.editor_mut() else {
            return;
        };
        let typed = editor.text();
        let (completed, choices) = crate::app::attachments::complete_path(&typed);
        if completed != typed {
            editor.set_text(&completed);
        }
        form.error = match choices.len() {
            0 => Some("no file or folder starts with that".into()),
            1 => None,
            n => Some(format!(
                "{n} match: {}",
                choices
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("  ")
            )),
        };
    }

    /// The server has the new profile: every open view of it shows it, and the form closes;
    /// refused, the form stays with the reason.
    fn profile_saved(&mut self, result: Result<Profile, ApiError>) {
        let profile = match result {
            Ok(profile) => profile,
            Err(error) => {
                if let Some(Popup::ProfileForm(form)) = &mut self.state.popup {
                    form.saving = false;
                    form.error = Some(format!("not saved: {error}"));
                }
                return;
            }
        };
        if matches!(self.state.popup, Some(Popup::ProfileForm(_))) {
            self.state.popup = None;
        }
        let mine = profile.account.id.clone();
        for view in self.state.tabs.iter_mut().flat_map(|t| t.stack.iter_mut()) {
            if let View::Profile(shown) = view
                && shown.account().is_some_and(|a| a.id == mine)
            {
                let mut updated = profile.clone();
                // What the save does not answer is kept from the profile shown.
                if let Some(before) = &shown.profile {
                    updated.relationship = before.relationship;
                    updated.familiar_followers = before.familiar_followers.clone();
                }
                shown.arrived(updated);
            }
        }
        self.state.me = Some(profile.account);
        self.say("profile saved", false);
    }
}
