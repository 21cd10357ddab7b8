//! Misskey's channels: those followed, favourited, featured, the user's own or found, in a
//! popup (`Tab` goes to the next set, `/` finds more); one opens as a tab, and is followed or
//! favourited from its row. Mastodon says it has none.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Channel, ChannelSet, TimelineKind};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Popup, Prompt, PromptPurpose, cursor};

/// The channels of a set.
#[derive(Debug)]
struct AskChannels(ChannelSet);

#[async_trait]
impl Call for AskChannels {
    type Output = Vec<Channel>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Channel>, ApiError> {
        net.backend.channels(&self.0).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Channel>, ApiError>) -> Landed {
        land(move |app| {
            // An answer for a set no longer shown is of no use.
            let Some(Popup::Channels { set, selected }) = &mut app.state.popup else {
                return;
            };
            if *set != self.0 {
                return;
            }
            match result {
                Ok(channels) => {
                    *selected = (*selected).min(channels.len().saturating_sub(1));
                    app.state.channels = Some(channels);
                }
                Err(error) => {
                    app.state.popup = None;
                    app.say_refusal("could not read the channels", error);
                }
            }
        })
    }
}

/// Following or favouriting a channel, or stopping.
#[derive(Debug)]
struct ChannelChange {
    channel: Channel,
    /// Favourite (else follow).
    favourite: bool,
    on: bool,
}

#[async_trait]
impl Call for ChannelChange {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        let id = &self.channel.id;
        match self.favourite {
            true => net.backend.favourite_channel(id, self.on).await,
            false => net.backend.follow_channel(id, self.on).await,
        }
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| {
            let name = &self.channel.name;
            let said = match (self.favourite, self.on) {
                (false, true) => format!("following the channel “{name}”: its notes reach home"),
                (false, false) => format!("no longer following “{name}”"),
                (true, true) => format!("“{name}” is a favorite"),
                (true, false) => format!("“{name}” is no longer a favorite"),
            };
            match result {
                Ok(()) => app.say(said, false),
                Err(error) => {
                    // The row goes back to what the server still has.
                    app.mark_channel(&self.channel.id, self.favourite, !self.on);
                    app.say_refusal(&format!("could not change “{name}”"), error);
                }
            }
        })
    }
}

impl App {
    /// `:channels`: those the user follows first.
    pub(in crate::app) fn open_channels(&mut self) {
        self.show_channels(ChannelSet::Followed);
    }

    /// The channels popup showing `set`, asked of the server.
    pub(in crate::app) fn show_channels(&mut self, set: ChannelSet) {
        self.state.channels = None;
        self.state.popup = Some(Popup::Channels {
            set: set.clone(),
            selected: 0,
        });
        self.call(AskChannels(set));
    }

    /// Shows a channel as followed or favourited (`on`) or not.
    fn mark_channel(&mut self, id: &str, favourite: bool, on: bool) {
        let row = self
            .state
            .channels
            .iter_mut()
            .flatten()
            .find(|c| c.id == id);
        if let Some(channel) = row {
            match favourite {
                true => channel.favourite = on,
                false => channel.following = on,
            }
        }
    }

    pub(in crate::app) fn channels_action(&mut self, action: Action) {
        let Some(Popup::Channels { set, selected }) = &mut self.state.popup else {
            return;
        };
        let set = set.clone();
        let chosen = cursor::choose(self.state.channels.as_deref(), selected, action);
        match action {
            action if cursor::is_move(action) => {}
            Action::NextTab | Action::PrevTab => {
                let sets = &ChannelSet::BROWSED;
                // A search steps to the first set (or the last).
                let at = sets.iter().position(|s| *s == set);
                let next = match (at, action == Action::NextTab) {
                    (Some(at), true) => (at + 1) % sets.len(),
                    (Some(at), false) => (at + sets.len() - 1) % sets.len(),
                    (None, true) => 0,
                    (None, false) => sets.len() - 1,
                };
                self.show_channels(sets[next].clone());
            }
            Action::Search | Action::Filter => {
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::ChannelSearch,
                    String::new(),
                )));
            }
            Action::Confirm => {
                if let Some(channel) = chosen {
                    self.state.popup = None;
                    self.open_tab(TimelineKind::Channel {
                        id: channel.id,
                        name: channel.name,
                    });
                }
            }
            Action::Follow | Action::Favourite => {
                let Some(channel) = chosen else { return };
                let favourite = action == Action::Favourite;
                let on = match favourite {
                    true => !channel.favourite,
                    false => !channel.following,
                };
                self.mark_channel(&channel.id, favourite, on);
                self.call(ChannelChange {
                    channel,
                    favourite,
                    on,
                });
            }
            Action::Cancel | Action::Channels => self.state.popup = None,
            _ => {}
        }
    }
}
