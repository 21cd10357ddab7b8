//! Profiles: opening one (of a post's author, booster or a mention, of a list member), and
//! following, muting and blocking from it.

use std::time::Duration;

use super::App;
use super::calls;
use crate::action::Action;
use crate::api::{Account, ApiError, Profile, Relate, Relationship};
use crate::state::ViewId;
use crate::state::{
    Confirmed, Picker, PickerItem, PickerPurpose, Popup, ProfileView, View, people_in, profile_in,
    timeline_in,
};
use crate::ui::words::Outcome;

/// How long a mute can last, as offered.
const MUTE_FOR: &[(&str, u64)] = &[
    ("until you unmute", 0),
    ("1 hour", 3600),
    ("1 day", 86_400),
    ("1 week", 604_800),
];

impl App {
    /// `p` on a post: its author's profile, or a choice when the post was boosted or mentions
    /// others.
    pub(super) fn open_profile_of_post(&mut self) {
        // A notification names who did it first.
        let (mut known, mut items): (Vec<Account>, Vec<PickerItem>) = self
            .selected_notice_accounts()
            .into_iter()
            .map(|a| {
                let item = PickerItem {
                    label: format!("@{}", a.acct),
                    value: a.acct.clone(),
                };
                (a, item)
            })
            .unzip();
        let Some(post) = self.selected_post() else {
            return match known.len() {
                0 => self.say_in_words("select a post first", false),
                1 => {
                    let account = known.remove(0);
                    let acct = account.acct.clone();
                    self.open_profile(Some(account), &acct)
                }
                _ => self.pick_profile(known, items),
            };
        };
        if !known.iter().any(|a| a.id == post.author.id) {
            items.push(PickerItem {
                label: format!("@{} (author)", post.author.acct),
                value: post.author.acct.clone(),
            });
            known.push(post.author.clone());
        }
        if let Some(booster) = self.selected_booster() {
            items.push(PickerItem {
                label: format!("@{} ({} it)", booster.acct, self.words().boosted()),
                value: booster.acct.clone(),
            });
            known.push(booster);
        }
        for acct in post.mentions() {
            if !items.iter().any(|i| i.value == acct) {
                items.push(PickerItem {
                    label: format!("@{acct} (mentioned)"),
                    value: acct,
                });
            }
        }
        if items.len() == 1 {
            let author = known.remove(0);
            return self.open_profile(Some(author.clone()), &author.acct);
        }
        self.pick_profile(known, items);
    }

    fn pick_profile(&mut self, known: Vec<Account>, items: Vec<PickerItem>) {
        self.state.popup = Some(Popup::Picker(Picker {
            title: "Profiles".into(),
            purpose: PickerPurpose::Profile(known),
            items,
            filter: String::new(),
            selected: 0,
            loading: false,
        }));
    }

    /// Who a selected notification is about (who favourited, followed…).
    fn selected_notice_accounts(&self) -> Vec<Account> {
        let Some(tab) = self.state.active_tab() else {
            return Vec::new();
        };
        match (tab.stack.last(), tab.timeline.selected_entry()) {
            (None, Some(entry)) => entry
                .notice
                .as_ref()
                .map(|n| n.accounts.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Who boosted the selected entry, if it is a boost.
    fn selected_booster(&self) -> Option<Account> {
        let tab = self.state.active_tab()?;
        let timeline = match tab.stack.last() {
            None => &tab.timeline,
            Some(View::Profile(profile)) => &profile.posts,
            Some(View::Thread(_) | View::Search(_) | View::Compose(_) | View::Screen(_)) => {
                return None;
            }
        };
        timeline.selected_entry()?.boosted_by.clone()
    }

    /// Opens a profile on top of the active tab; `account` when known, else `acct` is looked
    /// up first.
    pub(super) fn open_profile(&mut self, account: Option<Account>, acct: &str) {
        let id = self.new_view_id();
        let view = ProfileView::new(id, account.as_ref(), acct);
        self.push_view(View::Profile(Box::new(view)));
        self.call(calls::ProfileOf {
            view: id,
            account,
            acct: acct.to_owned(),
        });
    }

    pub(super) fn reload_profile(&mut self) {
        let Some(View::Profile(profile)) = self.state.tabs[self.state.active].stack.last() else {
            return;
        };
        let call = calls::ProfileOf {
            view: profile.id,
            account: profile.account().cloned(),
            acct: profile.acct.clone(),
        };
        self.call(call);
    }

    pub(super) fn profile_arrived(&mut self, view: ViewId, result: Result<Profile, ApiError>) {
        let me = self.state.me.as_ref().map(|m| m.id.clone());
        let Some(profile) = profile_in(&mut self.state.tabs, view) else {
            return; // closed meanwhile
        };
        match result {
            Ok(mut found) => {
                // Oneself: no relationship, and nobody "you follow" follows you to name.
                if me.as_deref() == Some(found.account.id.as_str()) {
                    found.relationship = None;
                    found.familiar_followers.clear();
                }
                profile.arrived(found);
                self.load_profile_posts(view);
            }
            Err(error) => profile.error = Some(error.to_string()),
        }
    }

    /// Asks for a profile's newest posts.
    fn load_profile_posts(&mut self, view: ViewId) {
        let Some(posts) = timeline_in(&mut self.state.tabs, view) else {
            return;
        };
        if let Some(page) = posts.refresh_request() {
            let request = super::timeline_request(posts, page);
            self.call(request);
        }
    }

    /// Keys of a profile: follow, mute, block, which posts.
    pub(super) fn profile_action(&mut self, action: Action) {
        let words = self.words();
        // Only a profile offers these keys (see `ViewKind`).
        let Some(View::Profile(profile)) = self.state.tabs[self.state.active].stack.last_mut()
        else {
            return;
        };
        let view = profile.id;
        if action == Action::PostsFilter {
            profile.next_filter();
            let label = words.account_posts(profile.filter());
            if profile.account().is_some() {
                self.load_profile_posts(view);
            }
            return self.say(format!("showing {label}"), false);
        }
        let (Some(found), false) = (&profile.profile, profile.relating) else {
            return self.say("wait for the profile to load", false);
        };
        let Some(relationship) = found.relationship else {
            return self.say("that is you", false);
        };
        let account = found.account.clone();
        match action {
            Action::PrivateNote => {
                let note = found.private_note.clone().unwrap_or_default();
                self.ask_private_note(view, account, &note)
            }
            _ => self.relate_key(view, account, relationship, action),
        }
    }

    /// Follow, mute, block or hide boosts (or take it back) from view `view`: a profile, or a
    /// list of people.
    pub(super) fn relate_key(
        &mut self,
        view: ViewId,
        account: Account,
        relationship: Relationship,
        action: Action,
    ) {
        let name = format!("@{}", account.acct);
        match action {
            Action::Follow if relationship.following || relationship.requested => {
                let question = match relationship.following {
                    true => format!("Unfollow {name}?"),
                    false => format!("Take back your request to follow {name}?"),
                };
                self.ask_relate(view, account, Relate::Follow(false), question);
            }
            Action::Follow => self.relate(view, account, Relate::Follow(true)),
            Action::Mute if relationship.muting => self.relate(view, account, Relate::Mute(None)),
            Action::Mute => {
                self.state.popup = Some(Popup::Picker(Picker {
                    title: format!("Mute {name}"),
                    purpose: PickerPurpose::MuteFor(view, account),
                    items: MUTE_FOR
                        .iter()
                        .map(|(label, seconds)| PickerItem {
                            label: (*label).into(),
                            value: seconds.to_string(),
                        })
                        .collect(),
                    filter: String::new(),
                    selected: 0,
                    loading: false,
                }));
            }
            Action::Block if relationship.blocking => {
                self.relate(view, account, Relate::Block(false))
            }
            Action::Block => self.ask_relate(
                view,
                account,
                Relate::Block(true),
                format!(
                    "Block {name}? They will not see your {}, nor you theirs.",
                    self.words().posts()
                ),
            ),
            // Mastodon keeps this with the follow; Misskey mutes renotes of anyone.
            Action::HideBoosts if !relationship.following && !self.is_misskey() => self.say(
                format!(
                    "follow {name} first: Mastodon leaves out the boosts of accounts you follow"
                ),
                false,
            ),
            Action::HideBoosts => {
                self.relate(view, account, Relate::Boosts(!relationship.showing_boosts))
            }
            _ => {}
        }
    }

    fn ask_relate(&mut self, view: ViewId, account: Account, change: Relate, question: String) {
        self.ask(
            question,
            Confirmed::Relate {
                view,
                account,
                change,
            },
        );
    }

    /// A mute length was chosen (seconds; 0: until unmuted).
    pub(super) fn mute_for(&mut self, view: ViewId, account: Account, seconds: &str) {
        let duration = seconds
            .parse::<u64>()
            .ok()
            .filter(|s| *s > 0)
            .map(Duration::from_secs);
        self.relate(view, account, Relate::Mute(Some(duration)));
    }

    pub(super) fn relate(&mut self, view: ViewId, account: Account, change: Relate) {
        if let Some(profile) = profile_in(&mut self.state.tabs, view) {
            profile.relating = true;
        }
        // A row shows the change at once, and takes it back if the server refuses.
        if let Some(people) = people_in(&mut self.state.tabs, view)
            && let Some(person) = people.person_mut(&account.id)
        {
            let before = person.relationship;
            person.relationship = Some(before.unwrap_or_default().after(change));
            people.relating.entry(account.id.clone()).or_insert(before);
        }
        self.call(calls::Relating {
            view,
            account,
            change,
        });
    }

    pub(super) fn related(
        &mut self,
        view: ViewId,
        account: &Account,
        change: Relate,
        result: Result<Relationship, ApiError>,
    ) {
        if let Some(people) = people_in(&mut self.state.tabs, view) {
            let before = people.relating.remove(&account.id);
            match &result {
                Ok(relationship) => {
                    people.set_relationship(&account.id, Some(*relationship));
                }
                Err(_) => {
                    people.set_relationship(&account.id, before.flatten());
                }
            }
        }
        let profile = profile_in(&mut self.state.tabs, view);
        match result {
            Ok(relationship) => {
                if let Some(profile) = profile {
                    profile.set_relationship(relationship);
                }
                // Muted or blocked: their posts leave the timelines (their profile stays).
                if matches!(change, Relate::Mute(Some(_)) | Relate::Block(true)) {
                    self.hide_posts_by(&account.id);
                }
                // Their boosts leave home at once, as the server leaves them out from now.
                if change == Relate::Boosts(false) {
                    for tab in &mut self.state.tabs {
                        if tab.timeline.kind == crate::api::TimelineKind::Home {
                            tab.timeline.drop_boosts_by(&account.id);
                        }
                    }
                }
                let text = if change == Relate::Follow(true) && relationship.requested {
                    "follow requested: they approve followers by hand".to_owned()
                } else {
                    format!("{} @{}", change.done(self.words()), account.acct)
                };
                self.say(text, false);
            }
            Err(error) => {
                if let Some(profile) = profile {
                    profile.relating = false;
                }
                self.say(
                    format!(
                        "could not {} @{}: {error}",
                        change.verb(self.words()),
                        account.acct
                    ),
                    true,
                );
            }
        }
    }
}
