//! Lists of people: opening one (followers and following of a profile or of the user, who
//! boosted or favourited a post, mutes, blocks, blocked domains, follow requests), its keys,
//! and its pages as they arrive.

use super::{App, calls};
use crate::action::Action;
use crate::api::{ApiError, Crowd, PeoplePage, Someone};
use crate::state::people::PeopleScreen;
use crate::state::{Screen, View, ViewId, cursor, people_in};

/// Rows left below the cursor when the next page is asked for.
const PRELOAD: usize = 10;

impl App {
    /// Opens the list of people `action` names: on a profile, followers and following are
    /// that account's, elsewhere the user's.
    pub(super) fn open_people(&mut self, action: Action) {
        let on_profile = match self.state.active_tab().and_then(|t| t.stack.last()) {
            Some(View::Profile(profile)) => profile.profile.as_ref(),
            _ => None,
        };
        let (crowd, counted) = match action {
            Action::Followers | Action::Following => {
                let (account, followers, following) = match (on_profile, &self.state.me) {
                    (Some(p), _) => (p.account.clone(), p.followers, p.following),
                    (None, Some(me)) => (me.clone(), None, None),
                    (None, None) => return self.say("wait until you are logged in", false),
                };
                match action {
                    Action::Followers => (Crowd::Followers(account), followers),
                    _ => (Crowd::Following(account), following),
                }
            }
            Action::BoostedBy | Action::FavouritedBy => {
                let Some(post) = self.selected_post_id() else {
                    return self.say_in_words("select a post first", false);
                };
                match action {
                    Action::BoostedBy => (Crowd::BoostedBy(post), None),
                    _ => (Crowd::FavouritedBy(post), None),
                }
            }
            Action::Mutes => (Crowd::Muted, None),
            Action::Blocks => (Crowd::Blocked, None),
            Action::DomainBlocks => (Crowd::BlockedDomains, None),
            Action::FollowRequests => (Crowd::RequestsReceived, None),
            Action::SentRequests => (Crowd::RequestsSent, None),
            _ => return,
        };
        self.show_people(crowd, counted);
    }

    fn show_people(&mut self, crowd: Crowd, counted: Option<u64>) {
        // One list leads to another in its place (as screens do); its requests end with it.
        if let Some(Screen::People(_)) = self.state.screen() {
            self.pop_view();
        }
        let view = self.new_view_id();
        let screen = PeopleScreen::new(view, crowd.clone(), counted);
        self.show_screen(Screen::People(screen));
        self.call(calls::AskPeople {
            view,
            crowd,
            cursor: None,
        });
    }

    pub(super) fn people_action(&mut self, action: Action) {
        let Some(Screen::People(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        let view = screen.id;
        let page = usize::from(self.state.size.1.saturating_sub(4) / 2).max(1);
        let person = screen.selected_person().cloned();
        match action {
            moving if cursor::is_move(moving) => {
                screen.selected = cursor::moved(screen.selected, moving, screen.rows.len(), page)
            }
            Action::Cancel => return self.pop_view(),
            Action::Refresh => {
                let (crowd, counted) = (screen.crowd.clone(), screen.counted);
                return self.show_people(crowd, counted);
            }
            Action::NextTab | Action::PrevTab => {
                let crowd = screen.crowd.beside(action == Action::NextTab);
                return self.show_people(crowd, None);
            }
            Action::Confirm | Action::Profile => match (person, screen.selected_row()) {
                (Some(person), _) => {
                    let acct = person.account.acct.clone();
                    self.open_profile(Some(person.account), &acct);
                }
                // A domain has no profile: say what its row takes.
                (None, Some(Someone::Domain(domain))) => {
                    let text = format!(
                        "{domain} is a server, not an account: {} unblocks it",
                        self.state.keymap.label(Action::Delete)
                    );
                    self.say(text, false);
                }
                (None, _) => {}
            },
            Action::Follow | Action::Mute | Action::Block => match person {
                Some(person) if self.state.me.as_ref().is_some_and(|me| me.id == person.account.id) => {
                    self.say("that is you", false)
                }
                Some(person) => {
                    let relationship = person.relationship.unwrap_or_default();
                    self.relate_key(view, person.account, relationship, action)
                }
                None => self.say("select an account first", false),
            },
            Action::AccountLists => {
                if let Some(person) = person {
                    self.open_account_lists(person.account);
                }
            }
            Action::AcceptRequest | Action::RejectRequest => match (&screen.crowd, person) {
                (Crowd::RequestsReceived, Some(person)) => {
                    screen.take(&Someone::Person(person.clone()));
                    let accept = action == Action::AcceptRequest;
                    self.call(calls::AnswerRequest {
                        account: person.account,
                        accept,
                    });
                }
                _ => self.say(
                    "only requests to follow you are accepted or rejected here",
                    false,
                ),
            },
            Action::Delete => match screen.selected_row().cloned() {
                Some(Someone::Domain(domain)) => {
                    screen.take(&Someone::Domain(domain.clone()));
                    self.say(format!("unblocking {domain}…"), false);
                    self.call(calls::UnblockDomain { view, domain });
                }
                _ => self.say(
                    "only a blocked domain is taken off here: the mute and block keys undo the others",
                    false,
                ),
            },
            _ => {}
        }
        self.load_more_people_if_due();
    }

    fn load_more_people_if_due(&mut self) {
        let Some(Screen::People(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        if screen.next.is_some()
            && (screen.pages >= crate::api::MAX_PAGES || screen.rows.len() >= crate::api::MAX_ITEMS)
        {
            let error = ApiError::Endless {
                pages: screen.pages,
                items: screen.rows.len(),
            };
            screen.error = Some(format!("not everyone is shown: {error}"));
            return;
        }
        let near_end = screen.selected + PRELOAD >= screen.rows.len();
        if near_end
            && !screen.is_loading()
            && let Some(cursor) = screen.next.clone()
        {
            screen.pending = Some(Some(cursor.clone()));
            let call = calls::AskPeople {
                view: screen.id,
                crowd: screen.crowd.clone(),
                cursor: Some(cursor),
            };
            self.call(call);
        }
    }

    pub(super) fn people_arrived(
        &mut self,
        view: ViewId,
        cursor: Option<String>,
        result: Result<PeoplePage, ApiError>,
    ) {
        let Some(screen) = people_in(&mut self.state.tabs, view) else {
            return; // left meanwhile
        };
        if screen.pending.as_ref() != Some(&cursor) {
            return; // an answer to a page asked before a reload
        }
        screen.pending = None;
        match result {
            Ok(page) => {
                screen.pages += 1;
                screen.next = page
                    .next
                    .clone()
                    .filter(|next| Some(next) != cursor.as_ref());
                screen.add(page);
                screen.error = None;
            }
            Err(error) => screen.error = Some(error.to_string()),
        }
        self.load_more_people_if_due();
    }

    /// The server answered an unblocking: the domain stays off the list, or comes back.
    pub(super) fn domain_unblocked(
        &mut self,
        view: ViewId,
        domain: String,
        result: Result<(), ApiError>,
    ) {
        if let Some(screen) = people_in(&mut self.state.tabs, view) {
            screen.taken_answered(&Someone::Domain(domain.clone()), result.is_ok());
        }
        match result {
            Ok(()) => self.say(format!("{domain} unblocked"), false),
            Err(error) => self.say(format!("could not unblock {domain}: {error}"), true),
        }
    }

    /// A request answered from a list of requests leaves it; refused, it comes back.
    pub(super) fn request_answered_in_lists(&mut self, account: &crate::api::Account, done: bool) {
        for tab in self.state.tabs.iter_mut() {
            for view in tab.stack.iter_mut() {
                if let View::Screen(screen) = view
                    && let Screen::People(people) = screen.as_mut()
                {
                    let taken = people.taken.iter().find_map(|t| match &t.row {
                        Someone::Person(p) if p.account.id == account.id => Some(t.row.clone()),
                        _ => None,
                    });
                    if let Some(row) = taken {
                        people.taken_answered(&row, done);
                    }
                }
            }
        }
    }
}
