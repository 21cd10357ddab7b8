//! Completion while writing a post: `@` and letters offer accounts (those the user follows
//! first, then those in the timelines), `#` hashtags (followed ones first), `:` the
//! server's custom emoji (asked for once per account). What skua knows is offered as the key
//! is typed; the server's search adds to it once typing pauses, and is dropped as typing
//! goes on. Tab takes one, ↓ ↑ choose, Esc closes the offer alone; Enter stays a new line.
//! The hashtag prompt (`#`) is offered hashtags the same way.

use async_trait::async_trait;
use crossterm::event::KeyEvent;

use super::land;
use crate::action::Action;
use crate::api::ApiError;
use crate::app::App;
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::state::compose::Field;
use crate::state::offer::{self, Completion, Offer, Sigil};
use crate::state::{Popup, PromptPurpose};

/// The server is asked only once typing has paused this long.
pub(in crate::app) const SEARCH_PAUSE: jiff::SignedDuration =
    jiff::SignedDuration::from_millis(250);

/// The server's accounts or hashtags for a word being completed; a failed search is simply
/// nothing more offered, so it is not retried.
#[derive(Debug)]
pub struct Complete {
    sigil: Sigil,
    query: String,
}

#[async_trait]
impl Call for Complete {
    type Output = Vec<Completion>;
    const RETRIED: bool = false;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::Completion)
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Completion>, ApiError> {
        Ok(match self.sigil {
            Sigil::Account => net
                .backend
                .search_accounts(&self.query)
                .await?
                .into_iter()
                .map(|account| account_item(&account))
                .collect(),
            Sigil::Tag => net
                .backend
                .search_tags(&self.query)
                .await?
                .into_iter()
                .map(|name| Completion {
                    label: format!("#{name}"),
                    value: name,
                })
                .collect(),
            Sigil::Emoji => Vec::new(),
        })
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Completion>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(found) => {
                if let Some(offer) = app.offer_mut()
                    && offer.typed == self.query
                {
                    offer.add(found);
                }
            }
            Err(error) => tracing::warn!(%error, "the search for completions failed"),
        })
    }
}

/// Everyone the user follows, read once (the first time an account is completed).
#[derive(Debug)]
struct AskFollows {
    me: crate::api::Account,
}

#[async_trait]
impl Call for AskFollows {
    type Output = Vec<crate::api::Account>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<crate::api::Account>, ApiError> {
        net.backend.follows(&self.me).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<crate::api::Account>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(follows) => {
                app.state.follows = Some(follows);
                // An account being completed is offered them at once.
                if let Some(offer) = app.offer_mut()
                    && offer.sigil == Sigil::Account
                {
                    let typed = offer.typed.clone();
                    let mut items = app.known_completions(Sigil::Account, &typed);
                    if let Some(offer) = app.offer_mut() {
                        // What the server's search found stays offered too.
                        items.append(&mut offer.items);
                        offer.add(items);
                        offer.selected = 0;
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "could not read whom the user follows"),
        })
    }
}

fn account_item(account: &crate::api::Account) -> Completion {
    let name = account.display_name.trim();
    Completion {
        value: account.acct.clone(),
        label: match name.is_empty() {
            true => format!("@{}", account.acct),
            false => format!("@{}  {name}", account.acct),
        },
    }
}

impl App {
    /// The offer being typed for: the hashtag prompt's, or the compose view's.
    pub(in crate::app) fn offer_mut(&mut self) -> Option<&mut Offer> {
        self.offer_slot()?.as_mut()
    }

    fn offer_slot(&mut self) -> Option<&mut Option<Offer>> {
        if self.state.popup.is_none() {
            return Some(&mut self.compose_mut()?.offer);
        }
        match &mut self.state.popup {
            Some(Popup::Prompt(prompt)) if prompt.purpose == PromptPurpose::Hashtag => {
                Some(&mut prompt.offer)
            }
            _ => None,
        }
    }

    /// What asks for completion: the word at the compose view's cursor, or what the hashtag
    /// prompt holds (a hashtag, with or without its `#`).
    fn wanted(&mut self) -> Option<Option<(Sigil, String)>> {
        if let Some(Popup::Prompt(prompt)) = &self.state.popup
            && prompt.purpose == PromptPurpose::Hashtag
        {
            let typed = prompt.input.text();
            let typed = typed.trim().trim_start_matches('#');
            return Some(
                (!typed.is_empty() && typed.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .then(|| (Sigil::Tag, typed.to_owned())),
            );
        }
        let compose = self.compose_mut()?;
        let before = match compose.focus {
            Field::Text => compose.text.before_cursor(),
            _ => String::new(),
        };
        Some(offer::wanted(&before).map(|(sigil, typed)| (sigil, typed.to_owned())))
    }

    /// After the text changed: what is being typed asks for, offered from what skua knows at
    /// once (the server's search waits for a pause).
    pub(in crate::app) fn update_offer(&mut self) {
        let Some(wanted) = self.wanted() else {
            return;
        };
        let Some(slot) = self.offer_slot() else {
            return;
        };
        let unchanged = match (&*slot, &wanted) {
            (Some(offer), Some((sigil, typed))) => offer.sigil == *sigil && offer.typed == *typed,
            _ => false,
        };
        if unchanged {
            return;
        }
        let searching = slot.take().is_some_and(|offer| offer.asked.is_some());
        if searching {
            self.cancel(Owner::Completion);
        }
        let Some((sigil, typed)) = wanted else {
            return;
        };
        if sigil == Sigil::Emoji && self.custom_emojis.is_none() && !self.asked_emojis {
            self.asked_emojis = true;
            self.call(super::Emojis);
        }
        if sigil == Sigil::Account
            && self.state.follows.is_none()
            && let Some(me) = self.state.me.clone()
        {
            self.state.follows = Some(Vec::new());
            self.call(AskFollows { me });
        }
        let items = self.known_completions(sigil, &typed);
        if let Some(slot) = self.offer_slot() {
            *slot = Some(Offer::new(sigil, &typed, items, jiff::Timestamp::now()));
        }
    }

    /// What skua already knows that completes `typed`.
    fn known_completions(&self, sigil: Sigil, typed: &str) -> Vec<Completion> {
        match sigil {
            Sigil::Account => {
                let me = self.state.me.iter();
                let follows = self.state.follows.iter().flatten();
                let authors = self.state.posts.all().map(|post| &post.author);
                offer::matching(
                    typed,
                    me.chain(follows).chain(authors).map(|account| {
                        let item = account_item(account);
                        (item.value, item.label, account.display_name.as_str())
                    }),
                )
            }
            Sigil::Tag => {
                let mut followed: Vec<&String> = self
                    .state
                    .tag_follows
                    .iter()
                    .filter(|(_, following)| **following)
                    .map(|(name, _)| name)
                    .collect();
                followed.sort();
                let followed = followed
                    .into_iter()
                    .map(|name| (name.clone(), format!("#{name}  followed"), ""));
                let seen = self
                    .state
                    .posts
                    .all()
                    .flat_map(|post| post.tags.iter())
                    .map(|name| (name.clone(), format!("#{name}"), ""));
                offer::matching(typed, followed.chain(seen))
            }
            Sigil::Emoji => offer::matching(
                typed,
                self.custom_emojis
                    .iter()
                    .flatten()
                    .map(|name| (name.clone(), format!(":{name}:"), "")),
            ),
        }
    }

    /// On every tick: the server is asked for the word being completed once typing paused.
    pub(in crate::app) fn search_if_paused(&mut self, now: jiff::Timestamp) {
        let Some(offer) = self.offer_mut() else {
            return;
        };
        let due = offer.sigil != Sigil::Emoji
            && !offer.dismissed
            && offer.asked.is_none()
            && now.duration_since(offer.typed_at) >= SEARCH_PAUSE;
        if !due {
            return;
        }
        offer.asked = Some(offer.typed.clone());
        let call = Complete {
            sigil: offer.sigil,
            query: offer.typed.clone(),
        };
        self.call(call);
    }

    /// The server's emoji arrived: an emoji being completed is offered them.
    pub(in crate::app) fn offer_emojis(&mut self) {
        let Some(offer) = self.offer_mut() else {
            return;
        };
        if offer.sigil == Sigil::Emoji {
            let typed = offer.typed.clone();
            let items = self.known_completions(Sigil::Emoji, &typed);
            if let Some(offer) = self.offer_mut() {
                offer.items = items;
                offer.selected = 0;
            }
        }
    }

    /// A key while something is offered: Tab takes it, ↓ ↑ (and Shift-Tab) choose, Esc closes
    /// the offer; `false` for every other key (typing goes on).
    pub(in crate::app) fn offer_key(&mut self, key: &KeyEvent) -> bool {
        let Some(action) = self.state.keymap.action(key) else {
            return false;
        };
        let Some(offer) = self.offer_mut().filter(|offer| offer.is_open()) else {
            return false;
        };
        match action {
            Action::NextTab => self.take_offered(),
            Action::Down | Action::Up | Action::PrevTab => offer.move_selection(action),
            Action::Cancel => self.close_offer(),
            _ => return false,
        }
        true
    }

    fn take_offered(&mut self) {
        let Some(offer) = self.offer_slot().and_then(Option::take) else {
            return;
        };
        if offer.asked.is_some() {
            self.cancel(Owner::Completion);
        }
        let Some(taken) = offer.taken() else {
            return;
        };
        match &mut self.state.popup {
            // The prompt takes the hashtag whole, and it is offered no more.
            Some(Popup::Prompt(prompt)) => {
                let name = offer.items[offer.selected].value.clone();
                prompt.input.set_text(&name);
                prompt.offer = Some(Offer {
                    typed: name,
                    dismissed: true,
                    ..offer
                });
            }
            _ => {
                if let Some(compose) = self.compose_mut() {
                    compose
                        .text
                        .replace_before_cursor(offer.word_chars(), &taken);
                }
                self.text_edited();
            }
        }
    }

    /// Esc: the offer closes, and stays closed while the cursor is on the same word.
    fn close_offer(&mut self) {
        let Some(offer) = self.offer_mut() else {
            return;
        };
        offer.dismissed = true;
        if offer.asked.is_some() {
            self.cancel(Owner::Completion);
        }
    }
}
