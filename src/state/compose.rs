//! Writing a post: the draft, its text and content warning in editors, and which field has
//! the focus. The draft is what is saved and sent; the editors hold what is being typed.

use crate::api::{ComposeRules, NewPost, Visibility};
use crate::drafts::Draft;
use crate::fetcher::ViewId;

use super::Editor;

/// The fields of the compose view, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Text,
    Warning,
    Visibility,
    /// Mastodon only.
    Language,
    Sensitive,
    /// Misskey only.
    LocalOnly,
}

#[derive(Debug, Clone)]
pub struct Compose {
    pub id: ViewId,
    pub draft: Draft,
    pub text: Editor,
    pub warning: Editor,
    pub language: Editor,
    pub focus: Field,
    /// Misskey fields instead of Mastodon ones.
    pub misskey: bool,
    /// Waiting for the server's answer to sending it.
    pub sending: bool,
    /// Typed since the draft was last written to disk (when the first unsaved key came).
    pub unsaved_since: Option<jiff::Timestamp>,
}

impl Compose {
    pub fn new(id: ViewId, draft: Draft, misskey: bool) -> Compose {
        Compose {
            id,
            text: Editor::many_lines(&draft.text),
            warning: Editor::one_line(&draft.spoiler),
            language: Editor::one_line(&draft.language),
            focus: Field::Text,
            misskey,
            sending: false,
            unsaved_since: None,
            draft,
        }
    }

    pub fn fields(&self) -> &'static [Field] {
        match self.misskey {
            false => &[
                Field::Text,
                Field::Warning,
                Field::Visibility,
                Field::Language,
                Field::Sensitive,
            ],
            true => &[
                Field::Text,
                Field::Warning,
                Field::Visibility,
                Field::LocalOnly,
            ],
        }
    }

    /// Moves the focus to the next (`forward`) or previous field, round.
    pub fn move_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = match forward {
            true => (at + 1) % fields.len(),
            false => (at + fields.len() - 1) % fields.len(),
        };
        self.focus = fields[next];
    }

    /// The editor with the focus, if the focus is on a field to type in.
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.focus {
            Field::Text => Some(&mut self.text),
            Field::Warning => Some(&mut self.warning),
            Field::Language => Some(&mut self.language),
            _ => None,
        }
    }

    /// Changes the focused choice: the next visibility (`forward`) or the previous, or flips
    /// a switch. `false` when the focus is on a field to type in.
    pub fn change_choice(&mut self, forward: bool) -> bool {
        let draft = &mut self.draft;
        match self.focus {
            Field::Visibility => {
                let choices = Visibility::choices(self.misskey);
                let at = choices
                    .iter()
                    .position(|v| *v == draft.visibility)
                    .unwrap_or(0);
                let next = match forward {
                    true => (at + 1) % choices.len(),
                    false => (at + choices.len() - 1) % choices.len(),
                };
                draft.visibility = choices[next];
            }
            Field::Sensitive => draft.sensitive = !draft.sensitive,
            Field::LocalOnly => draft.local_only = !draft.local_only,
            Field::Text | Field::Warning | Field::Language => return false,
        }
        true
    }

    /// Copies what is typed into the draft (before saving or sending it).
    pub fn sync(&mut self) {
        self.draft.text = self.text.text();
        self.draft.spoiler = self.warning.text();
        self.draft.language = self.language.text().trim().to_owned();
    }

    /// The post to send, or why it cannot be sent as it is.
    pub fn to_send(&self, rules: Option<&ComposeRules>) -> Result<NewPost, String> {
        let draft = &self.draft;
        if draft.text.trim().is_empty() && draft.quote.is_none() {
            return Err("write something first".into());
        }
        if let Some(refusal) = rules.and_then(|r| r.refusal(&draft.text, &draft.spoiler)) {
            return Err(refusal);
        }
        let language = draft.language.trim();
        let is_code = language.len() == 2 && language.chars().all(|c| c.is_ascii_lowercase());
        if !self.misskey && !language.is_empty() && !is_code {
            return Err(format!(
                "`{language}` is not a language code; use two letters such as en, de, ja"
            ));
        }
        Ok(NewPost {
            text: draft.text.clone(),
            spoiler: draft.spoiler.trim().to_owned(),
            visibility: draft.visibility,
            local_only: self.misskey && draft.local_only,
            language: (!self.misskey && !language.is_empty()).then(|| language.to_owned()),
            sensitive: draft.sensitive,
            in_reply_to: draft.reply_to.as_ref().map(|t| t.id.clone()),
            quote: draft.quote.as_ref().map(|t| t.id.clone()),
            idempotency_key: draft.id.clone(),
            maybe_sent: draft.maybe_sent,
        })
    }
}
