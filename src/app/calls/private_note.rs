//! The viewer's private note on an account (Mastodon `accounts/:id/note`, Misskey
//! `users/update-memo`): written in a prompt from the profile, shown there at once.

use async_trait::async_trait;

use super::land;
use crate::api::{Account, ApiError};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Popup, Prompt, PromptPurpose, View, ViewId};

#[derive(Debug)]
struct KeepNote {
    view: ViewId,
    account: Account,
    note: String,
    /// The note before, shown again if the server refuses.
    before: String,
}

#[async_trait]
impl Call for KeepNote {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend
            .set_private_note(&self.account, &self.note)
            .await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| match result {
            Ok(()) => app.say(
                format!("note on @{} kept: only you see it", self.account.acct),
                false,
            ),
            Err(error) => {
                app.show_private_note(self.view, self.before);
                app.say_refusal("could not keep the note", error);
            }
        })
    }
}

impl App {
    /// A prompt to write the note on the account of profile `view`, the note as it is typed in.
    pub(in crate::app) fn ask_private_note(&mut self, view: ViewId, account: Account, note: &str) {
        let prompt = Prompt::new(PromptPurpose::PrivateNote { view, account }, one_line(note));
        self.state.popup = Some(Popup::Prompt(prompt));
    }

    /// Keeps `note` on the account, shown on its profile at once. The prompt shows a note of
    /// several lines as one: confirmed unchanged, the note is left as it is (its lines kept).
    pub(in crate::app) fn keep_private_note(
        &mut self,
        view: ViewId,
        account: Account,
        note: String,
    ) {
        let shown = self
            .profile_mut(view)
            .and_then(|p| p.private_note.clone())
            .unwrap_or_default();
        if one_line(&shown) == note {
            return self.say("the note is unchanged", false);
        }
        let before = self.show_private_note(view, note.clone());
        self.call(KeepNote {
            view,
            account,
            note,
            before,
        });
    }

    /// The profile of view `view`, if it is open and loaded.
    fn profile_mut(&mut self, view: ViewId) -> Option<&mut crate::api::Profile> {
        self.state
            .tabs
            .iter_mut()
            .flat_map(|t| t.stack.iter_mut())
            .find_map(|v| match v {
                View::Profile(p) if p.id == view => p.profile.as_mut(),
                _ => None,
            })
    }

    /// Shows `note` on profile `view`; answers the note it showed before.
    fn show_private_note(&mut self, view: ViewId, note: String) -> String {
        self.profile_mut(view)
            .and_then(|p| p.private_note.replace(note))
            .unwrap_or_default()
    }
}

/// A note as the one-line prompt shows it.
fn one_line(note: &str) -> String {
    note.split_whitespace().collect::<Vec<_>>().join(" ")
}
