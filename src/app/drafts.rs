//! Drafts kept while writing: saved when paused, offered again, opened and deleted.

use super::compose::*;
use super::{App, Effect, calls};
use crate::action::Action;
use crate::api::ServerDraft;
use crate::drafts::{Draft, DraftTold};
use crate::state::compose::Compose;
use crate::state::{Confirmed, Picker, PickerItem, PickerPurpose, Popup, View};

/// Marks a value in the drafts list as one of the server's drafts (by its id there).
const SERVER_DRAFT: &str = "server:";

impl App {
    /// Writes drafts whose typing has paused (called on every tick).
    pub(super) fn save_paused_drafts(&mut self, now: jiff::Timestamp) {
        let mut due = Vec::new();
        for compose in self.open_composes() {
            if compose
                .unsaved_since
                .is_some_and(|since| now.duration_since(since) >= SAVE_AFTER)
            {
                compose.unsaved_since = None;
                compose.sync();
                due.push(compose.draft.clone());
            }
        }
        for draft in due {
            self.save_draft(&draft, DraftTold::Paused);
        }
    }

    pub(super) fn open_composes(&mut self) -> impl Iterator<Item = &mut Compose> {
        let composes = |tab: &&mut crate::state::Tracked<crate::state::Tab>| {
            tab.stack.iter().any(|v| matches!(v, View::Compose(_)))
        };
        // Only tabs writing a post are touched (the others are not drawn again).
        self.state
            .tabs
            .iter_mut()
            .filter(composes)
            .flat_map(|t| t.stack.iter_mut())
            .filter_map(|v| match v {
                View::Compose(compose) => Some(compose.as_mut()),
                _ => None,
            })
    }

    /// Writes every open draft worth keeping: on the way out (quit, a signal, the input
    /// gone) and before switching accounts.
    pub fn save_open_drafts(&mut self) {
        let drafts: Vec<Draft> = self
            .open_composes()
            .filter(|compose| compose.worth_keeping())
            .map(|compose| {
                compose.sync();
                compose.unsaved_since = None;
                compose.draft.clone()
            })
            .collect();
        for draft in &drafts {
            self.save_draft(draft, DraftTold::Nothing);
        }
        // A last try for those a full disk refused earlier.
        for draft in std::mem::take(&mut self.unwritten_drafts) {
            self.save_draft(&draft, DraftTold::Nothing);
        }
    }

    /// Keeps a copy of the open drafts where the panic handler can write them.
    pub(super) fn remember_open_drafts(&mut self) {
        let Some(store) = self.draft_store() else {
            return;
        };
        let mut drafts: Vec<Draft> = self
            .open_composes()
            .filter(|compose| compose.worth_keeping())
            .map(|compose| compose.current())
            .collect();
        drafts.extend(self.unwritten_drafts.iter().cloned());
        crate::drafts::remember_for_emergency(store, drafts);
    }

    /// Asks for a draft to be written; `told` says what the user hears of it.
    pub(super) fn save_draft(&mut self, draft: &Draft, told: DraftTold) {
        let mut draft = Box::new(draft.clone());
        draft.updated = jiff::Timestamp::now().to_string();
        match self.draft_store() {
            Some(store) => self.effects.push(Effect::SaveDraft { store, draft, told }),
            // Drafts live in memory only here (tests): kept as far as they can be.
            None => self.draft_written(draft, told, Ok(())),
        }
    }

    /// A draft was written, or could not be: then it is kept in memory, offered again, and
    /// nothing claims it is on disk.
    pub fn draft_written(
        &mut self,
        draft: Box<Draft>,
        told: DraftTold,
        result: anyhow::Result<()>,
    ) {
        self.unwritten_drafts.retain(|d| d.id != draft.id);
        let key = self.state.keymap.label(Action::Drafts);
        let error = match result {
            Ok(()) => {
                if told == DraftTold::Closed {
                    self.say(format!("draft kept; {key} opens your drafts"), false);
                }
                return;
            }
            Err(error) => error,
        };
        tracing::error!(error = format!("{error:#}"), "could not save a draft");
        self.unwritten_drafts.push(*draft);
        self.remember_open_drafts();
        // The last cause says it best ("No space left on device").
        let cause = error
            .chain()
            .last()
            .map_or_else(|| error.to_string(), ToString::to_string);
        let where_kept = match told {
            DraftTold::Failure => "it is kept in memory".to_owned(),
            DraftTold::Paused => "it stays open and in memory".to_owned(),
            DraftTold::Closed => format!("it is kept in memory until skua quits: {key} opens it"),
            DraftTold::Nothing => return,
        };
        self.say(
            format!("could not save the draft ({cause}); {where_kept}"),
            true,
        );
    }

    /// The account's drafts: those on disk, and those a full disk kept in memory.
    pub(super) fn all_drafts(&self) -> (Vec<Draft>, Vec<String>) {
        let (mut drafts, problems) = self
            .draft_store()
            .map_or_else(Default::default, |store| store.load());
        drafts.retain(|d| !self.unwritten_drafts.iter().any(|u| u.id == d.id));
        drafts.extend(self.unwritten_drafts.iter().cloned());
        // As they will be once the writes asked for are done.
        for effect in &self.effects {
            match effect {
                Effect::SaveDraft { draft, .. } => {
                    drafts.retain(|d| d.id != draft.id);
                    drafts.push(draft.as_ref().clone());
                }
                Effect::DeleteDraft { id, .. } => drafts.retain(|d| d.id != *id),
                _ => {}
            }
        }
        (drafts, problems)
    }

    /// Forgets a draft (sent, emptied or deleted), here and its copy on the server.
    pub(super) fn forget_draft(&mut self, id: &str) {
        // An open draft says where its copy is; one deleted from the list is read from disk.
        let open = self.open_composes().find(|c| c.draft.id == id);
        let on_server = match open {
            Some(compose) => compose.draft.server_id.clone(),
            None => self
                .all_drafts()
                .0
                .into_iter()
                .find(|d| d.id == id)
                .and_then(|d| d.server_id),
        };
        if let Some(server_id) = on_server {
            self.forget_server_draft(server_id);
        }
        self.unwritten_drafts.retain(|d| d.id != id);
        if let Some(store) = self.draft_store() {
            let id = id.to_owned();
            self.effects.push(Effect::DeleteDraft { store, id });
        }
    }

    fn forget_server_draft(&mut self, id: String) {
        if let Some(kept) = &mut self.state.server_drafts {
            kept.retain(|d| d.id != id);
        }
        self.call(calls::DeleteServerDraft(id));
    }

    /// The server's drafts that no draft here is a copy of.
    fn server_only_drafts(&self, here: &[Draft]) -> Vec<ServerDraft> {
        let linked =
            |kept: &ServerDraft| here.iter().any(|d| d.server_id.as_ref() == Some(&kept.id));
        self.state
            .server_drafts
            .iter()
            .flatten()
            .filter(|kept| !linked(kept))
            .cloned()
            .collect()
    }

    /// The server's drafts arrived: the drafts list shows them (opened at start only where
    /// the server has drafts of its own to offer).
    pub(in crate::app) fn server_drafts_arrived(&mut self, asked: bool) {
        let listing = matches!(&self.state.popup, Some(Popup::Picker(p)) if p.purpose == PickerPurpose::Draft);
        let offered = !self.server_only_drafts(&self.all_drafts().0).is_empty();
        if listing || (self.state.popup.is_none() && (asked || offered)) {
            self.list_drafts(asked);
        }
    }

    /// A draft is kept on the server too: the copy here knows its id there.
    pub(in crate::app) fn kept_on_server(&mut self, mut draft: Draft, server_id: String) {
        let first_time = draft.server_id.is_none();
        for compose in self.open_composes() {
            if compose.draft.id == draft.id {
                compose.draft.server_id = Some(server_id.clone());
            }
        }
        // Written again here with its id there (unless it was sent or deleted meanwhile).
        if self.all_drafts().0.iter().any(|d| d.id == draft.id) {
            draft.server_id = Some(server_id);
            self.save_draft(&draft, DraftTold::Nothing);
        }
        if first_time {
            self.say(
                "the draft is on the server too: it follows you to your other devices",
                false,
            );
        }
    }

    /// A draft kept here after writing: its copy on the server follows; where the server
    /// keeps drafts and it has none there, the user is asked (once) whether it should.
    pub(super) fn draft_closed(&mut self, draft: Draft) {
        if draft.server_id.is_some() {
            return self.call(calls::KeepServerDraft(Box::new(draft)));
        }
        if self.state.server_drafts.is_some()
            && self.state.popup.is_none()
            && self.server_keep_asked.insert(draft.id.clone())
        {
            self.ask(
                "Keep this draft on the server too, so it follows you to your other devices?",
                Confirmed::KeepDraftOnServer(Box::new(draft)),
            );
        }
    }

    /// Offers the account's unsent drafts (at start, after switching accounts, or asked); on
    /// Misskey, asked again of the server, whose drafts join the list as they arrive.
    pub fn offer_drafts(&mut self, asked: bool) {
        let ask_server = self.is_misskey();
        if ask_server {
            self.call(calls::AskServerDrafts { asked });
        }
        // "None" waits for the server's answer.
        self.list_drafts(asked && !ask_server);
    }

    /// The drafts list: those kept here, then the server's; `say_none` says when there are
    /// none.
    fn list_drafts(&mut self, say_none: bool) {
        let asked = say_none;
        if self.draft_store().is_none() {
            return if asked {
                self.say("drafts are not kept here", false)
            };
        }
        let (drafts, problems) = self.all_drafts();
        for problem in &problems {
            tracing::warn!(%problem, "a draft could not be read");
        }
        if let Some(problem) = problems.first() {
            self.say(format!("a draft could not be read: {problem}"), true);
        }
        let on_server = self.server_only_drafts(&drafts);
        if drafts.is_empty() && on_server.is_empty() {
            if asked && problems.is_empty() {
                self.say("no unsent drafts", false);
            }
            return;
        }
        let mut items: Vec<PickerItem> = drafts
            .iter()
            .map(|draft| PickerItem {
                label: match (&draft.failed, self.unwritten_drafts.contains(draft)) {
                    (_, true) => {
                        format!("{} (in memory only: could not be saved)", draft.summary())
                    }
                    (Some(reason), false) => format!("{} ({reason})", draft.summary()),
                    (None, false) if draft.server_id.is_some() => {
                        format!("{} (also on the server)", draft.summary())
                    }
                    (None, false) => draft.summary(),
                },
                value: draft.id.clone(),
            })
            .collect();
        items.extend(on_server.into_iter().map(|kept| PickerItem {
            label: format!(
                "{} (on the server)",
                Draft::from_server(kept.clone()).summary()
            ),
            value: format!("{SERVER_DRAFT}{}", kept.id),
        }));
        self.state.popup = Some(Popup::Picker(Picker {
            title: format!("Unsent drafts ({})", items.len()),
            purpose: PickerPurpose::Draft,
            items,
            filter: String::new(),
            selected: 0,
            loading: false,
        }));
    }

    /// Opens a saved draft chosen from the drafts list (one the server keeps, to write on
    /// here).
    pub(super) fn open_draft(&mut self, id: &str) {
        if let Some(server_id) = id.strip_prefix(SERVER_DRAFT) {
            let kept = self.state.server_drafts.iter().flatten();
            return match kept.into_iter().find(|d| d.id == server_id) {
                Some(kept) => self.open_compose(Draft::from_server(kept.clone()), true),
                None => self.say("that draft is gone", true),
            };
        }
        let found = self.all_drafts().0.into_iter().find(|d| d.id == id);
        match found {
            Some(draft) => self.open_compose(draft, true),
            None => self.say("that draft is gone", true),
        }
    }

    /// Asks before deleting the draft selected in the drafts list.
    pub(super) fn ask_delete_draft(&mut self, id: String) {
        self.ask(
            "Delete this draft? Its text cannot be brought back.",
            Confirmed::DeleteDraft(id),
        );
    }

    pub(super) fn delete_draft(&mut self, id: &str) {
        match id.strip_prefix(SERVER_DRAFT) {
            Some(server_id) => self.forget_server_draft(server_id.to_owned()),
            None => self.forget_draft(id),
        }
        self.say("draft deleted", false);
        // The list it was chosen from shows what is left.
        if matches!(&self.state.popup, Some(Popup::Picker(p)) if p.purpose == PickerPurpose::Draft)
        {
            self.state.popup = None;
            self.list_drafts(false);
        }
    }
}
