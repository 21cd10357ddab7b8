//! The server's announcements: asked for at start (the status line marks those unread),
//! shown in a popup that marks them read on the server as they are seen, and reacted to with
//! emoji (Mastodon).

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{Announcement, AnnouncementReaction, ApiError};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Picker, PickerItem, PickerPurpose, Popup, cursor};

#[derive(Debug)]
pub struct AskAnnouncements;

#[async_trait]
impl Call for AskAnnouncements {
    type Output = Vec<Announcement>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Announcement>, ApiError> {
        net.backend.announcements().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Announcement>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(announcements) => {
                app.state.announcements = Some(announcements);
                if matches!(app.state.popup, Some(Popup::Announcements { .. })) {
                    app.read_shown_announcements();
                }
            }
            Err(error) => {
                tracing::warn!(%error, "could not read the server's announcements");
                if matches!(app.state.popup, Some(Popup::Announcements { .. })) {
                    app.state.popup = None;
                    app.say(format!("could not read the announcements: {error}"), true);
                }
            }
        })
    }
}

/// Marks one read on the server (it shows as read at once).
#[derive(Debug)]
struct ReadAnnouncement {
    id: String,
}

#[async_trait]
impl Call for ReadAnnouncement {
    type Output = ();
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.read_announcement(&self.id).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |_| {
            if let Err(error) = result {
                tracing::warn!(id = %self.id, %error, "could not mark an announcement read");
            }
        })
    }
}

/// Gives or takes back a reaction (shown at once; undone if the server refuses).
#[derive(Debug)]
struct React {
    id: String,
    name: String,
    add: bool,
}

#[async_trait]
impl Call for React {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend
            .react_to_announcement(&self.id, &self.name, self.add)
            .await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| {
            if let Err(error) = result {
                app.count_announcement_reaction(&self.id, &self.name, !self.add);
                app.say_refusal("could not react", error);
            }
        })
    }
}

impl App {
    /// A new (or changed) announcement from the stream: on top, unread unless it says so.
    pub(in crate::app) fn announcement_arrived(&mut self, announcement: Announcement) {
        let all = self.state.announcements.get_or_insert_with(Vec::new);
        all.retain(|a| a.id != announcement.id);
        all.insert(0, announcement);
        if matches!(self.state.popup, Some(Popup::Announcements { .. })) {
            self.read_shown_announcements();
        }
    }

    pub(in crate::app) fn open_announcements(&mut self) {
        self.state.popup = Some(Popup::Announcements { selected: 0 });
        self.read_shown_announcements();
        // Asked again: there may be new ones since the start.
        self.call(AskAnnouncements);
    }

    /// Those not read yet are read now that they show: on the server too.
    fn read_shown_announcements(&mut self) {
        let unread: Vec<String> = self
            .state
            .announcements
            .iter_mut()
            .flatten()
            .filter(|a| !a.read)
            .map(|a| {
                a.read = true;
                a.id.clone()
            })
            .collect();
        for id in unread {
            self.call(ReadAnnouncement { id });
        }
    }

    pub(in crate::app) fn announcements_action(&mut self, action: Action) {
        let count = self.state.announcements.as_ref().map_or(0, Vec::len);
        let Some(Popup::Announcements { selected }) = &mut self.state.popup else {
            return;
        };
        match action {
            action if cursor::is_move(action) => {
                *selected = cursor::moved(*selected, action, count, 3)
            }
            Action::React => {
                let chosen = *selected;
                self.offer_announcement_reactions(chosen);
            }
            Action::Cancel | Action::Confirm | Action::Announcements => self.state.popup = None,
            _ => {}
        }
    }

    /// A picker of emoji for the announcement at `index`: its reactions first (the user's own
    /// taken back when chosen), then common ones.
    fn offer_announcement_reactions(&mut self, index: usize) {
        let Some(announcement) = self
            .state
            .announcements
            .as_ref()
            .and_then(|all| all.get(index))
        else {
            return;
        };
        if self.is_misskey() {
            return self.say("Misskey announcements take no reactions", false);
        }
        let mut items: Vec<PickerItem> = announcement
            .reactions
            .iter()
            .map(|r| PickerItem {
                label: match r.mine {
                    true => format!("{} {} (yours: take it back)", r.name, r.count),
                    false => format!("{} {}", r.name, r.count),
                },
                value: r.name.clone(),
            })
            .collect();
        for (emoji, name) in super::super::posts::UNICODE_REACTIONS {
            if !items.iter().any(|i| i.value == *emoji) {
                items.push(PickerItem {
                    label: format!("{emoji} {name}"),
                    value: (*emoji).to_owned(),
                });
            }
        }
        let id = announcement.id.clone();
        self.state.popup = Some(Popup::Picker(Picker {
            title: "React to the announcement".into(),
            purpose: PickerPurpose::AnnouncementReaction(id),
            items,
            filter: String::new(),
            selected: 0,
            loading: false,
        }));
    }

    /// Gives the reaction `name`, or takes it back if it is the user's already.
    pub(in crate::app) fn react_to_announcement(&mut self, id: &str, name: String) {
        let mine = self
            .state
            .announcements
            .iter()
            .flatten()
            .find(|a| a.id == id)
            .and_then(|a| a.reactions.iter().find(|r| r.name == name))
            .is_some_and(|r| r.mine);
        self.count_announcement_reaction(id, &name, !mine);
        let index = self
            .state
            .announcements
            .iter()
            .flatten()
            .position(|a| a.id == id)
            .unwrap_or(0);
        self.state.popup = Some(Popup::Announcements { selected: index });
        self.call(React {
            id: id.to_owned(),
            name,
            add: !mine,
        });
    }

    /// Counts the user's reaction `name` on an announcement in (`add`) or out.
    fn count_announcement_reaction(&mut self, id: &str, name: &str, add: bool) {
        let Some(announcement) = self
            .state
            .announcements
            .iter_mut()
            .flatten()
            .find(|a| a.id == id)
        else {
            return;
        };
        let reactions = &mut announcement.reactions;
        match reactions.iter_mut().find(|r| r.name == name) {
            Some(reaction) => {
                reaction.mine = add;
                reaction.count = match add {
                    true => reaction.count + 1,
                    false => reaction.count.saturating_sub(1),
                };
            }
            None if add => reactions.push(AnnouncementReaction {
                name: name.to_owned(),
                count: 1,
                mine: true,
            }),
            None => {}
        }
        reactions.retain(|r| r.count > 0);
    }
}
