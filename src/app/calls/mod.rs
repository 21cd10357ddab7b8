//! The app's calls: each a request to the server with what the app does with its answer
//! (see [`crate::fetcher::Call`]), one file per feature.

mod announcements;
mod antennas;
mod channels;
mod chat;
mod clips;
mod complete;
mod crowds;
mod drafts;
mod explore;
mod filters;
mod history;
mod lists;
mod login;
mod media;
mod own_profile;
mod people;
mod posts;
mod private_note;
mod report;
mod requests;
mod scheduled;
mod send;
mod server;
mod tags;
mod translate;
mod views;

pub(super) use announcements::AskAnnouncements;
pub(super) use crowds::{AskPeople, UnblockDomain};
pub(super) use drafts::{AskServerDrafts, DeleteServerDraft, KeepServerDraft};
pub(super) use filters::AskFilters;
pub use history::History;
pub(super) use lists::{Change, Lists, MemberCount, Members};
pub(super) use login::Login;
pub(super) use media::{Encode, Preview};
pub(super) use people::{AnswerRequest, ListsOf, Relating, SearchAccounts};
pub(super) use posts::{Act, DeletePost, EditSource, Redraft, Vote};
pub(super) use requests::AskPolicy;
pub(super) use send::{Attachment, SendPost};
pub(super) use server::{
    Emojis, PostRules, ReadConversation, ReadingPositions, SavePosition, WhoAmI,
};
pub(super) use views::{MoreReplies, ProfileOf, Search, Thread, TimelinePage};

use super::App;
use crate::fetcher::{Call, Command, Landed};

/// What the app does with an answer, carried through the fetcher as [`Landed`].
type Arrival = Box<dyn FnOnce(&mut App) + Send>;

/// An answer's effect on the app, for [`Call::arrived`].
fn land(arrival: impl FnOnce(&mut App) + Send + 'static) -> Landed {
    Box::new(Box::new(arrival) as Arrival)
}

impl App {
    /// Sends `call` to the fetcher; its answer comes back as a [`Landed`].
    pub(super) fn call(&mut self, call: impl Call) {
        self.send_command(Command::Call(Box::new(call)));
    }

    /// Applies what a call made of its answer.
    pub(super) fn landed(&mut self, landed: Landed) {
        let landed = match landed.downcast::<Arrival>() {
            Ok(arrival) => return arrival(self),
            Err(other) => other,
        };
        let landed = match landed.downcast::<crate::fetcher::PermissionLacking>() {
            Ok(lacking) => {
                let lacking = *lacking;
                self.landed(lacking.answer);
                return self.offer_permission(lacking.permission);
            }
            Err(other) => other,
        };
        match landed.downcast::<crate::fetcher::BeyondServer>() {
            Ok(beyond) => {
                let beyond = *beyond;
                for action in beyond.actions {
                    if !self.state.beyond_server.contains(action) {
                        self.state.beyond_server.push(*action);
                    }
                }
                self.landed(beyond.answer);
            }
            Err(_) => tracing::error!("an answer that is not the app's"),
        }
    }
}
