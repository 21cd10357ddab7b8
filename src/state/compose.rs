//! Writing a post: the draft, its text, content warning and poll options in editors, and which
//! field has the focus. The draft is what is saved and sent; the editors hold what is typed.

use crate::api::{ComposeRules, NewPoll, NewPost, Visibility};
use crate::drafts::Draft;
use crate::state::ViewId;

use super::Editor;

/// How long a new poll stays open, the choices offered (seconds, label).
pub const POLL_DURATIONS: &[(u64, &str)] = &[
    (5 * 60, "5 minutes"),
    (30 * 60, "30 minutes"),
    (60 * 60, "1 hour"),
    (6 * 60 * 60, "6 hours"),
    (24 * 60 * 60, "1 day"),
    (3 * 24 * 60 * 60, "3 days"),
    (7 * 24 * 60 * 60, "7 days"),
];

/// Every ISO 639-1 language code: a two-letter code the server would refuse is said before
/// sending.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca \
    ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn \
    gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km \
    kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd \
    ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si \
    sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz \
    ve vi vo wa wo xh yi yo za zh zu";

/// A new poll: two empty options, open a day.
pub const NEW_POLL_DURATION: u64 = 24 * 60 * 60;

/// The index of the duration a poll open for `seconds` is shown and kept as: the first choice
/// at least that long (the longest, past it). A post's time left becomes a whole choice again.
pub fn poll_choice(seconds: u64) -> usize {
    POLL_DURATIONS
        .iter()
        .position(|(choice, _)| *choice >= seconds)
        .unwrap_or(POLL_DURATIONS.len() - 1)
}

/// The fields of the compose view, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Text,
    Warning,
    /// An attached file (Enter describes it, delete removes it).
    Media(usize),
    /// Attach another file.
    Attach,
    /// Add or remove the poll.
    Poll,
    PollOption(usize),
    PollDuration,
    PollMultiple,
    /// Mastodon only.
    PollHideTotals,
    Visibility,
    /// Mastodon only.
    Language,
    Sensitive,
    /// Misskey only.
    LocalOnly,
    /// When the server is to send it (empty: now).
    SendAt,
}

#[derive(Debug, Clone)]
pub struct Compose {
    pub id: ViewId,
    pub draft: Draft,
    pub text: Editor,
    pub warning: Editor,
    pub language: Editor,
    /// When to send it, as typed (`+2h`, `tomorrow 9:00`…); empty: now.
    pub send_at: Editor,
    pub options: Vec<Editor>,
    pub focus: Field,
    /// Misskey fields instead of Mastodon ones.
    pub misskey: bool,
    /// Waiting for the server's answer to sending it.
    pub sending: bool,
    /// How far each attachment's upload is, in percent, while sending.
    pub uploading: Vec<Option<u8>>,
    /// Typed since the draft was last written to disk (when the first unsaved key came).
    pub unsaved_since: Option<jiff::Timestamp>,
    /// Opened before the user's defaults (visibility, language) were known: they apply when
    /// they arrive.
    pub defaults_pending: bool,
    /// The draft as it was opened: closing a reply with only its prefilled mentions keeps
    /// nothing.
    opened: Draft,
    /// Kept even unchanged: a saved draft, or the text of a post deleted to redraft it.
    pub keep_unchanged: bool,
    /// Accounts, hashtags or emoji offered for the word being typed in the text.
    pub offer: Option<super::offer::Offer>,
}

impl Compose {
    /// The files attached that are pictures (by their names), previewed while writing.
    pub fn attached_pictures(&self) -> impl Iterator<Item = &std::path::Path> {
        self.draft
            .media
            .iter()
            .map(|m| m.upload.path.as_path())
            .filter(|path| {
                mime_guess::from_path(path)
                    .first()
                    .is_some_and(|m| m.type_() == "image")
            })
    }

    pub fn new(id: ViewId, draft: Draft, misskey: bool) -> Compose {
        let options = draft
            .poll
            .iter()
            .flat_map(|p| p.options.iter())
            .map(|o| Editor::one_line(o))
            .collect();
        Compose {
            id,
            text: Editor::many_lines(&draft.text),
            warning: Editor::one_line(&draft.spoiler),
            language: Editor::one_line(&draft.language),
            send_at: Editor::one_line(&draft.send_at.map(crate::when::show).unwrap_or_default()),
            options,
            focus: Field::Text,
            misskey,
            sending: false,
            uploading: vec![None; draft.media.len()],
            unsaved_since: None,
            defaults_pending: false,
            opened: draft.clone(),
            keep_unchanged: false,
            offer: None,
            draft,
        }
    }

    /// The draft with what is typed now.
    pub fn current(&self) -> Draft {
        let mut draft = self.draft.clone();
        draft.text = self.text.text();
        draft.spoiler = self.warning.text();
        draft.language = self.language.text().trim().to_owned();
        // A time kept as the moment it names now: `+2h` in a draft reopened tomorrow stays
        // today's.
        draft.send_at = crate::when::parse(&self.send_at.text(), &crate::when::now()).ok();
        if let Some(poll) = &mut draft.poll {
            poll.options = self.options.iter().map(Editor::text).collect();
        }
        draft
    }

    /// Whether closing (or quitting) should keep the draft: something was written.
    pub fn worth_keeping(&self) -> bool {
        let now = self.current();
        !now.is_blank() && (self.keep_unchanged || !now.same_content(&self.opened))
    }

    /// The fields in the order Tab visits them (the poll's only while there is one).
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = vec![Field::Text, Field::Warning];
        // An edit keeps the post's visibility.
        let editing = self.draft.edit_of.is_some();
        match self.misskey {
            true if !editing => fields.extend([Field::Visibility, Field::LocalOnly]),
            true => {}
            false if !editing => {
                fields.extend([Field::Visibility, Field::Language, Field::Sensitive])
            }
            false => fields.extend([Field::Language, Field::Sensitive]),
        }
        fields.extend((0..self.draft.media.len()).map(Field::Media));
        fields.extend([Field::Attach, Field::Poll]);
        if self.draft.poll.is_some() {
            fields.extend((0..self.options.len()).map(Field::PollOption));
            fields.extend([Field::PollDuration, Field::PollMultiple]);
            if !self.misskey {
                fields.push(Field::PollHideTotals);
            }
        }
        // Last, so Shift-Tab from the text reaches it; an edit is sent now.
        if !editing {
            fields.push(Field::SendAt);
        }
        fields
    }

    /// Moves the focus to the next (`forward`) or previous field, round.
    pub fn move_focus(&mut self, forward: bool) {
        self.focus = super::cursor::round(&self.fields(), self.focus, forward);
    }

    /// The editor with the focus, if the focus is on a field to type in.
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.focus {
            Field::Text => Some(&mut self.text),
            Field::Warning => Some(&mut self.warning),
            Field::Language => Some(&mut self.language),
            Field::SendAt => Some(&mut self.send_at),
            Field::PollOption(index) => self.options.get_mut(index),
            _ => None,
        }
    }

    /// Changes the focused choice: the next value (`forward`) or the previous, or flips a
    /// switch. `false` when the focus is not on a choice.
    pub fn change_choice(&mut self, forward: bool) -> bool {
        let step = |at: usize, len: usize| match forward {
            true => (at + 1) % len,
            false => (at + len - 1) % len,
        };
        let draft = &mut self.draft;
        match self.focus {
            Field::Visibility => {
                let choices = Visibility::choices(self.misskey);
                let at = choices.iter().position(|v| *v == draft.visibility);
                draft.visibility = choices[step(at.unwrap_or(0), choices.len())];
            }
            Field::Sensitive => draft.sensitive = !draft.sensitive,
            Field::LocalOnly => draft.local_only = !draft.local_only,
            Field::Poll => self.toggle_poll(),
            Field::PollDuration | Field::PollMultiple | Field::PollHideTotals => {
                let Some(poll) = &mut draft.poll else {
                    return false;
                };
                match self.focus {
                    Field::PollDuration => {
                        let at = poll_choice(poll.expires_in);
                        poll.expires_in = POLL_DURATIONS[step(at, POLL_DURATIONS.len())].0;
                    }
                    Field::PollMultiple => poll.multiple = !poll.multiple,
                    _ => poll.hide_totals = !poll.hide_totals,
                }
            }
            _ => return false,
        }
        true
    }

    /// Adds a poll (two empty options, focused), or takes it away.
    fn toggle_poll(&mut self) {
        match self.draft.poll.take() {
            Some(_) => self.options.clear(),
            None => {
                self.draft.poll = Some(NewPoll {
                    options: vec![String::new(); 2],
                    expires_in: NEW_POLL_DURATION,
                    multiple: false,
                    hide_totals: false,
                });
                self.options = vec![Editor::default(), Editor::default()];
                self.focus = Field::PollOption(0);
            }
        }
    }

    /// Enter in a poll option: the next option, a new one after the last (up to `max`).
    pub fn next_option(&mut self, max: usize) {
        let Field::PollOption(index) = self.focus else {
            return;
        };
        if index + 1 == self.options.len() && self.options.len() < max {
            self.options.push(Editor::default());
        }
        self.move_focus(true);
    }

    /// Backspace in an empty poll option beyond the first two takes it away.
    pub fn remove_empty_option(&mut self) -> bool {
        match self.focus {
            Field::PollOption(index)
                if self.options.len() > 2 && self.options[index].is_empty() =>
            {
                self.options.remove(index);
                self.focus = Field::PollOption(index.saturating_sub(1));
                true
            }
            _ => false,
        }
    }

    /// Takes away an attachment.
    pub fn remove_media(&mut self, index: usize) {
        if index < self.draft.media.len() {
            self.draft.media.remove(index);
            self.uploading.remove(index);
            self.focus = match self.draft.media.len() {
                0 => Field::Attach,
                len => Field::Media(index.min(len - 1)),
            };
        }
    }

    /// Copies what is typed into the draft (before saving or sending it).
    pub fn sync(&mut self) {
        self.draft = self.current();
    }

    /// When the server is to send it (`None`: now), or why the time typed will not do.
    pub fn send_time(&self, now: &jiff::Zoned) -> Result<Option<jiff::Timestamp>, String> {
        let typed = self.send_at.text();
        match typed.trim() {
            "" | "now" => Ok(None),
            typed => {
                crate::when::ahead(typed, now, crate::when::soonest_post(self.misskey)).map(Some)
            }
        }
    }

    /// The post to send (media ids still empty), or why it cannot be sent as it is.
    pub fn to_send(&self, rules: Option<&ComposeRules>) -> Result<NewPost, String> {
        let draft = &self.draft;
        let has_attachments = !draft.media.is_empty() || draft.poll.is_some();
        if draft.text.trim().is_empty() && draft.quote.is_none() && !has_attachments {
            return Err("write something first".into());
        }
        if let Some(rules) = rules {
            let refusal = rules
                .refusal(&draft.text, &draft.spoiler)
                .or_else(|| rules.attachments_refusal(draft.media.len(), draft.poll.as_ref()));
            if let Some(refusal) = refusal {
                return Err(refusal);
            }
        }
        if let Some(poll) = &draft.poll
            && poll.options.iter().filter(|o| !o.trim().is_empty()).count() < 2
        {
            return Err("a poll needs at least two options".into());
        }
        let language = draft.language.trim();
        // ISO 639-1 (two letters, checked against the standard), or 639-3 (three) for
        // languages without a short code.
        let is_code = match language.len() {
            2 => ISO_639_1.split(' ').any(|code| code == language),
            3 => language.chars().all(|c| c.is_ascii_lowercase()),
            _ => false,
        };
        if !self.misskey && !language.is_empty() && !is_code {
            return Err(format!(
                "`{language}` is not a language code; use one such as en, de, ja"
            ));
        }
        let poll = draft.poll.clone().map(|mut poll| {
            poll.options.retain(|o| !o.trim().is_empty());
            poll
        });
        Ok(NewPost {
            text: draft.text.clone(),
            spoiler: draft.spoiler.trim().to_owned(),
            visibility: draft.visibility,
            local_only: self.misskey && draft.local_only,
            language: (!self.misskey && !language.is_empty()).then(|| language.to_owned()),
            sensitive: draft.sensitive,
            in_reply_to: draft.reply_to.as_ref().map(|t| t.id.clone()),
            quote: draft.quote.as_ref().map(|t| t.id.clone()),
            channel: draft.channel.as_ref().map(|c| c.id.clone()),
            poll,
            media: Vec::new(),
            idempotency_key: draft.id.clone(),
            maybe_sent: draft.maybe_sent,
        })
    }
}
