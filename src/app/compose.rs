//! Writing posts: opening the compose view (new, reply, quote, a saved draft), its keys,
//! sending, and what follows (the post shown where it belongs, or the draft kept with the
//! reason). Drafts are written to disk as they are typed and on every way out.

use super::calls;
use super::{App, Effect};
use crate::action::Action;
use crate::api::Upload;
use crate::api::{ApiError, ChannelTag, Post, TimelineKind, Visibility};
use crate::drafts::{Draft, DraftMedia, DraftStore, Target};
use crate::state::compose::{Compose, Field, NEW_POLL_DURATION, POLL_DURATIONS, poll_choice};
use crate::state::{Popup, Prompt, PromptPurpose, View};

/// A draft is written to disk once typing pauses this long.
pub(super) const SAVE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_millis(700);

impl App {
    /// Where this account's drafts are kept; `None` when drafts live only in memory (tests).
    pub(super) fn draft_store(&self) -> Option<DraftStore> {
        let root = self.drafts_root.as_ref()?;
        let account = self
            .state
            .current_account
            .as_deref()
            .unwrap_or(&self.state.server_label);
        Some(DraftStore::new(root, account))
    }

    pub(super) fn is_misskey(&self) -> bool {
        self.state.flavor == crate::api::detect::Flavor::Misskey
    }

    /// The compose view on top of the active tab.
    pub(super) fn compose_mut(&mut self) -> Option<&mut Compose> {
        // Looked at first, so a tab without one keeps its revision (it is not drawn again).
        let tab = self.state.active;
        if !matches!(
            self.state.tabs.get(tab)?.stack.last(),
            Some(View::Compose(_))
        ) {
            return None;
        }
        match self.state.tabs[tab].stack.last_mut() {
            Some(View::Compose(compose)) => Some(compose),
            _ => None,
        }
    }

    /// A new draft with the user's defaults.
    pub(super) fn fresh_draft(&self) -> Draft {
        let rules = self.state.compose_rules.as_ref();
        let visibility = rules
            .and_then(|r| r.default_visibility)
            .unwrap_or(Visibility::Public)
            .for_family(self.is_misskey());
        let mut draft = Draft::new(visibility);
        draft.language = rules
            .and_then(|r| r.default_language.clone())
            .unwrap_or_default();
        draft.sensitive = rules.is_some_and(|r| r.default_sensitive);
        draft
    }

    /// The user's defaults arrived: drafts opened before them take them (a reply stays no
    /// wider than its parent; a language typed stays).
    pub(super) fn apply_defaults(&mut self) {
        let Some(rules) = self.state.compose_rules.clone() else {
            return;
        };
        let misskey = self.is_misskey();
        for compose in self.open_composes().filter(|c| c.defaults_pending) {
            compose.defaults_pending = false;
            if compose.draft.edit_of.is_some() {
                continue;
            }
            if let Some(default) = rules.default_visibility {
                let draft = &mut compose.draft;
                draft.visibility = draft.visibility.stricter(default.for_family(misskey));
            }
            if let Some(language) = &rules.default_language
                && compose.language.is_empty()
            {
                compose.language.set_text(language);
            }
            compose.draft.sensitive |= rules.default_sensitive;
        }
    }

    /// Opens a draft for writing on top of the active tab; `keep_unchanged`: closing it keeps
    /// it even if nothing is typed (a saved draft, a redraft's text).
    pub(super) fn open_compose(&mut self, draft: Draft, keep_unchanged: bool) {
        if self.state.tabs.is_empty() {
            return;
        }
        if self.state.compose_rules.is_none() && !self.asked_compose_rules {
            self.asked_compose_rules = true;
            self.call(calls::PostRules);
        }
        let id = self.new_view_id();
        let mut compose = Compose::new(id, draft, self.is_misskey());
        compose.defaults_pending = self.state.compose_rules.is_none();
        compose.keep_unchanged = keep_unchanged;
        self.push_view(View::Compose(Box::new(compose)));
        self.remember_open_drafts();
    }

    /// A new post; on a channel's tab it goes in the channel.
    pub(super) fn new_post(&mut self) {
        let mut draft = self.fresh_draft();
        if let Some(TimelineKind::Channel { name, .. }) =
            self.state.active_tab().map(|t| &t.timeline.kind)
        {
            let Some(channel) = self.channel_of_tab() else {
                return self.say(
                    format!("the channel “{name}” has no notes here yet to say which it is; try again once they show"),
                    false,
                );
            };
            draft.channel = Some(channel);
        }
        self.open_compose(draft, false);
    }

    /// The active tab's channel: the tab's own id, or (a tab named in the config) the one its
    /// notes are in.
    fn channel_of_tab(&self) -> Option<ChannelTag> {
        let tab = self.state.active_tab()?;
        let TimelineKind::Channel { id, name } = &tab.timeline.kind else {
            return None;
        };
        if !id.is_empty() {
            return Some(ChannelTag {
                id: id.clone(),
                name: name.clone(),
            });
        }
        tab.timeline
            .post_ids()
            .filter_map(|id| self.state.posts.get(id)?.channel.clone())
            .find(|channel| channel.name.eq_ignore_ascii_case(name))
    }

    /// A reply to the selected post: everyone it mentions (or only its author), its content
    /// warning, and a visibility no wider than its own.
    pub(super) fn reply(&mut self, author_only: bool) {
        let Some(post) = self.selected_post().cloned() else {
            return self.say_in_words("select a post to reply to", false);
        };
        let me = self.state.me.as_ref().map(|m| m.acct.clone());
        let mut mentions = vec![post.author.acct.clone()];
        if !author_only {
            mentions.extend(post.mentions());
        }
        let mut seen = std::collections::HashSet::new();
        mentions.retain(|acct| Some(acct) != me.as_ref() && seen.insert(acct.clone()));
        let mut draft = self.fresh_draft();
        draft.visibility = draft
            .visibility
            .stricter(post.visibility.for_family(self.is_misskey()));
        draft.spoiler = post.spoiler.clone().unwrap_or_default();
        draft.text = mentions.iter().map(|m| format!("@{m} ")).collect();
        draft.reply_to = Some(Target::of(&post));
        // A reply to a channel's note stays in the channel.
        draft.channel = post.channel.clone();
        self.open_compose(draft, false);
    }

    /// The server's rules for posts. Until they are known, asks for them, says `what` is
    /// being found out, and takes `action` on the selected post once they arrive.
    pub(super) fn rules_or_ask(
        &mut self,
        action: Action,
        what: &str,
    ) -> Option<crate::api::ComposeRules> {
        if let Some(rules) = &self.state.compose_rules {
            return Some(rules.clone());
        }
        if !self.asked_compose_rules {
            self.asked_compose_rules = true;
            self.call(calls::PostRules);
        }
        self.after_rules = self.selected_post().map(|post| (action, post.id.clone()));
        self.say(format!("asking the server whether {what}…"), false);
        None
    }

    /// The server's rules for posts arrived (or could not be read: `Err`). The action that
    /// waited for them is taken, as if its key were pressed again, where its post is still
    /// the one selected and nothing was opened over it meanwhile.
    pub(super) fn rules_arrived(&mut self, rules: Result<crate::api::ComposeRules, ApiError>) {
        let waiting = self.after_rules.take();
        match rules {
            Ok(rules) => {
                self.state.compose_rules = Some(rules);
                self.apply_defaults();
            }
            Err(error) => {
                // Asked again with the next post; meanwhile the server checks the length.
                tracing::warn!(%error, "could not read the server's rules for posts");
                self.asked_compose_rules = false;
                if waiting.is_some() {
                    self.say(format!("could not ask the server: {error}"), true);
                }
                return;
            }
        }
        let Some((action, post)) = waiting else {
            return;
        };
        let still_there = self.state.popup.is_none()
            && self
                .selected_post()
                .is_some_and(|selected| selected.id == post);
        if still_there {
            self.handle_action(action);
        }
    }

    /// A quote of the selected post, where the server and the post allow one.
    pub(super) fn quote(&mut self) {
        let Some(post) = self.selected_post().cloned() else {
            return self.say_in_words("select a post to quote", false);
        };
        if !self.is_misskey() {
            let Some(rules) = self.rules_or_ask(Action::Quote, "it takes quotes") else {
                return;
            };
            if !rules.can_quote {
                return self.say_in_words(
                    "this server cannot quote posts (Mastodon 4.5 and later can)",
                    false,
                );
            }
        }
        // Mastodon's quote policy, Sharkey's rejectQuotes.
        match post.quotable {
            Some(crate::api::Quotable::No) => {
                return self.say_in_words("its author does not let you quote this post", false);
            }
            Some(crate::api::Quotable::OnApproval) => self.say(
                "its author approves each quote: it shows once they do",
                false,
            ),
            _ => {}
        }
        let mut draft = self.fresh_draft();
        match post.visibility {
            Visibility::Direct | Visibility::Specified => {
                return self.say_in_words("direct posts cannot be quoted", false);
            }
            // A followers-only post is quoted only as privately as it was posted.
            Visibility::Private => draft.visibility = Visibility::Private,
            _ => {}
        }
        draft.quote = Some(Target::of(&post));
        self.open_compose(draft, false);
    }

    /// Keys while writing: moving between fields, changing choices, sending, closing.
    pub(super) fn compose_action(&mut self, action: Action) {
        let max_options = match &self.state.compose_rules {
            Some(rules) => rules.max_poll_options,
            None if self.is_misskey() => 10,
            None => 4,
        };
        let Some(compose) = self.compose_mut() else {
            return;
        };
        if compose.sending && !matches!(action, Action::Cancel) {
            return self.say("sending…", false);
        }
        let view = compose.id;
        match (action, compose.focus) {
            (Action::Confirm | Action::Toggle, Field::Attach) => {
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::Attach { view },
                    String::new(),
                )));
                return;
            }
            (Action::Confirm | Action::Toggle, Field::Media(index)) => {
                let description = compose
                    .draft
                    .media
                    .get(index)
                    .map(|m| m.upload.description.clone())
                    .unwrap_or_default();
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::Describe { view, index },
                    description,
                )));
                return;
            }
            (Action::Delete, Field::Media(index)) => {
                compose.remove_media(index);
                return self.compose_edited();
            }
            (Action::Confirm, Field::PollOption(_)) => {
                compose.next_option(max_options);
                return self.compose_edited();
            }
            _ => {}
        }
        match action {
            Action::NextTab => compose.move_focus(true),
            Action::PrevTab => compose.move_focus(false),
            Action::Down | Action::Toggle | Action::Confirm if compose.change_choice(true) => {
                self.text_edited();
            }
            Action::Up if compose.change_choice(false) => self.text_edited(),
            // Enter in a one-line field goes on to the text.
            Action::Confirm => compose.focus = Field::Text,
            Action::Send => self.send_draft(),
            Action::ExternalEditor => {
                compose.sync();
                let text = compose.draft.text.clone();
                let view = compose.id;
                self.effects.push(Effect::EditExternally { view, text });
            }
            Action::Cancel => self.close_compose(),
            _ => self.say_how_to_write(),
        }
    }

    /// For a key that does nothing while writing (one for posts or tabs, or a letter on a
    /// field that is not typed in): what does.
    pub(super) fn say_how_to_write(&mut self) {
        let on_choice = self.compose_mut().is_some_and(|c| {
            matches!(
                c.focus,
                Field::Visibility
                    | Field::Sensitive
                    | Field::LocalOnly
                    | Field::PollDuration
                    | Field::PollMultiple
                    | Field::PollHideTotals
            )
        });
        let keys = &self.state.keymap;
        let (send, help, close) = (
            keys.label_unless_typed(Action::Send),
            keys.label_unless_typed(Action::Help),
            keys.label_unless_typed(Action::Cancel),
        );
        let post = self.words().post();
        let mut said = format!(
            "writing a {post}: {send} sends, Tab moves between fields, {close} closes, {help} lists the keys"
        );
        if on_choice {
            let (down, up, toggle) = (
                keys.label(Action::Down),
                keys.label(Action::Up),
                keys.label(Action::Toggle),
            );
            said.push_str(&format!("; on a choice, {down}/{up} or {toggle} change it"));
        }
        self.say(said, false);
    }

    /// Leaves the compose view; a draft worth keeping is kept.
    pub(super) fn close_compose(&mut self) {
        let Some(compose) = self.compose_mut() else {
            return;
        };
        compose.sync();
        let draft = compose.draft.clone();
        let sending = compose.sending;
        let keep = compose.worth_keeping();
        self.pop_view();
        if sending {
            self.say("still sending; you will see how it went", false);
        } else if !keep {
            self.forget_draft(&draft.id);
        } else {
            self.save_draft(&draft, crate::drafts::DraftTold::Closed);
            self.draft_closed(draft);
        }
        self.remember_open_drafts();
    }

    /// After the text of a field changed: the draft is written once typing pauses.
    pub(super) fn compose_edited(&mut self) {
        let now = jiff::Timestamp::now();
        if let Some(compose) = self.compose_mut() {
            compose.unsaved_since.get_or_insert(now);
            compose.draft.failed = None;
        }
        self.update_offer();
        self.remember_open_drafts();
    }

    /// Sends the draft on screen, unless the server's rules already say no.
    pub(super) fn send_draft(&mut self) {
        self.send_draft_unless(self.media.ask_for_descriptions);
    }

    /// Sends the draft on top, first asking (where `ask_for_descriptions`) whether to post
    /// pictures that have no description for people who cannot see them.
    pub(super) fn send_draft_unless(&mut self, ask_for_descriptions: bool) {
        let rules = self.state.compose_rules.clone();
        let Some(compose) = self.compose_mut() else {
            return;
        };
        compose.sync();
        let sent = compose
            .to_send(rules.as_ref())
            .and_then(|post| Ok((post, compose.send_time(&crate::when::now())?)));
        let (post, at) = match sent {
            Ok(sent) => sent,
            Err(reason) => return self.say(reason, true),
        };
        let undescribed = compose
            .draft
            .media
            .iter()
            .filter(|m| m.upload.description.trim().is_empty())
            .count();
        if ask_for_descriptions && undescribed > 0 {
            let which = match (undescribed, compose.draft.media.len()) {
                (1, 1) => "The attachment has",
                (1, _) => "One attachment has",
                (_, _) => "Some attachments have",
            };
            self.ask(
                format!("{which} no description for people who cannot see it. Post without one?"),
                crate::state::Confirmed::SendWithoutDescription,
            );
            return;
        }
        let Some(compose) = self.compose_mut() else {
            return;
        };
        compose.sending = true;
        compose.draft.failed = None;
        // Until the server answers, a retry must assume this attempt may have gone through.
        compose.draft.maybe_sent = true;
        let draft = compose.draft.clone();
        // Sending goes on either way; a draft that cannot be written is kept in memory.
        self.save_draft(&draft, crate::drafts::DraftTold::Nothing);
        let media = draft
            .media
            .iter()
            .map(|m| match &m.id {
                Some(id) => calls::Attachment::Uploaded(id.clone()),
                None => calls::Attachment::Upload(m.upload.clone()),
            })
            .collect();
        self.call(calls::SendPost {
            edit: draft.edit_of.as_ref().map(|t| t.id.clone()),
            replaces: draft.replaces_scheduled.clone(),
            draft: draft.id,
            post,
            media,
            at,
        });
    }

    /// The compose view writing the draft `id`, wherever it is.
    pub(super) fn compose_of(&mut self, draft: &str) -> Option<&mut Compose> {
        self.open_composes().find(|c| c.draft.id == draft)
    }

    /// The server's answer to a post: shown where it belongs, or the draft kept with why.
    pub(super) fn posted(
        &mut self,
        draft_id: &str,
        scheduling: bool,
        result: Result<crate::api::Sent, ApiError>,
    ) {
        let open = self.state.tabs.iter().enumerate().find_map(|(tab, t)| {
            t.stack
                .iter()
                .position(|v| matches!(v, View::Compose(c) if c.draft.id == draft_id))
                .map(|at| (tab, at))
        });
        match result {
            Ok(sent) => {
                self.forget_draft(draft_id);
                if let Some((tab, at)) = open {
                    self.state.tabs[tab].stack.remove(at);
                }
                match sent {
                    crate::api::Sent::Posted(post) => {
                        let said = match (post.edited_at.is_some(), scheduling) {
                            (true, _) => "edited",
                            (false, true) => "posted now: the server cannot schedule posts",
                            (false, false) => "posted",
                        };
                        self.show_own_post(*post);
                        self.say_in_words(said, false);
                    }
                    crate::api::Sent::Scheduled(scheduled) => self.scheduled(scheduled),
                }
            }
            Err(error) => {
                tracing::warn!(%error, "a post was refused");
                // Only a definite answer means it did not go through.
                let maybe_sent = error.outcome_unknown();
                let reason = match maybe_sent {
                    true => format!("perhaps not posted ({error}); sending again checks first"),
                    false => format!("not posted: {error}"),
                };
                let draft = match open {
                    Some((tab, at)) => match &mut self.state.tabs[tab].stack[at] {
                        View::Compose(compose) => {
                            compose.sending = false;
                            compose.draft.failed = Some(reason.clone());
                            compose.draft.maybe_sent = maybe_sent;
                            Some(compose.draft.clone())
                        }
                        _ => None,
                    },
                    None => self.draft_store().and_then(|_| {
                        let mut draft =
                            self.all_drafts().0.into_iter().find(|d| d.id == draft_id)?;
                        draft.failed = Some(reason.clone());
                        draft.maybe_sent = maybe_sent;
                        Some(draft)
                    }),
                };
                if let Some(draft) = draft {
                    self.save_draft(&draft, crate::drafts::DraftTold::Failure);
                }
                // An open compose view shows the reason itself.
                if open.is_none() {
                    let key = self.state.keymap.label(Action::Drafts);
                    self.say(format!("{reason}; the draft is kept ({key})"), true);
                }
            }
        }
        self.remember_open_drafts();
    }

    /// The user's new post, at once where it belongs: home (and the public timelines when
    /// public), their own profile, and under its parent in open threads.
    pub(super) fn show_own_post(&mut self, post: Post) {
        let me = self.state.me.as_ref().map(|m| m.id.clone());
        let public = post.visibility == Visibility::Public;
        let id = self.state.posts.put(post.clone());
        for tab in &mut self.state.tabs {
            let shows_it = |kind: &TimelineKind| match kind {
                TimelineKind::Home => true,
                TimelineKind::Local | TimelineKind::Federated | TimelineKind::Social => public,
                TimelineKind::Account { id, .. } => Some(id) == me.as_ref(),
                _ => false,
            };
            if shows_it(&tab.timeline.kind) {
                tab.timeline.add_own_post(&id);
            }
            for view in &mut tab.stack {
                match view {
                    View::Thread(thread) => {
                        thread.add_reply(&post);
                    }
                    View::Profile(profile) if shows_it(&profile.posts.kind) => {
                        profile.posts.add_own_post(&id)
                    }
                    _ => {}
                }
            }
        }
    }

    /// The text came back from the external editor.
    pub fn edited_externally(
        &mut self,
        view: crate::state::ViewId,
        result: anyhow::Result<String>,
    ) {
        let compose = self.open_composes().find(|c| c.id == view);
        match (compose, result) {
            (Some(compose), Ok(text)) => {
                compose.text.set_text(text.trim_end_matches('\n'));
                compose.focus = Field::Text;
                self.compose_edited();
            }
            (_, Err(e)) => {
                tracing::warn!(error = format!("{e:#}"), "the external editor failed");
                self.say(format!("{e:#}; the draft is unchanged"), true);
            }
            (None, Ok(_)) => {}
        }
    }

    /// One of the user's posts as they wrote it arrived: opened to edit, or (deleted) to write
    /// again with what it had (visibility, what it replies to, media, poll).
    pub(super) fn source_arrived(
        &mut self,
        post_id: &str,
        result: Result<crate::api::Source, ApiError>,
        redraft: bool,
    ) {
        let source = match result {
            Ok(source) => source,
            Err(error) => {
                let verb = if redraft { "redraft" } else { "edit" };
                let post = self.words().post();
                return self.say(format!("could not {verb} the {post}: {error}"), true);
            }
        };
        let misskey = self.is_misskey();
        let mut draft = self.fresh_draft();
        draft.text = source.text;
        draft.spoiler = source.spoiler;
        if let Some(post) = self.state.posts.get(post_id).cloned() {
            draft.visibility = post.visibility.for_family(misskey);
            draft.language = post.language.clone().unwrap_or_default();
            draft.sensitive = post.sensitive;
            draft.media = post
                .media
                .iter()
                .map(|media| DraftMedia {
                    upload: Upload {
                        path: std::path::PathBuf::new(),
                        description: media.description.clone().unwrap_or_default(),
                        sensitive: post.sensitive,
                    },
                    id: Some(media.id.clone()),
                })
                .collect();
            draft.poll = post.poll.as_ref().map(|poll| crate::api::NewPoll {
                options: poll.options.iter().map(|o| o.title.clone()).collect(),
                // The duration it was open for, as a choice: a draft keeps it as it is.
                expires_in: poll
                    .expires_at
                    .map(|end| end.as_second() - self.state.now.as_second())
                    .and_then(|left| u64::try_from(left).ok().filter(|left| *left > 0))
                    .map_or(NEW_POLL_DURATION, |left| {
                        POLL_DURATIONS[poll_choice(left)].0
                    }),
                multiple: poll.multiple,
                hide_totals: false,
            });
            match redraft {
                true => {
                    draft.reply_to = post.in_reply_to.as_ref().map(|parent| {
                        match self.state.posts.get(parent) {
                            Some(parent) => Target::of(parent),
                            None => Target::by_id(parent.clone()),
                        }
                    });
                    draft.quote = post.quote.as_deref().map(Target::of);
                    draft.channel = post.channel.clone();
                }
                false => draft.edit_of = Some(Target::of(&post)),
            }
        }
        if redraft {
            self.post_deleted(post_id, Ok(()));
        }
        // A redraft's text exists nowhere else now.
        self.open_compose(draft, redraft);
    }
}
