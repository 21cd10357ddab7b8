//! Changes to lists: shown on every screen at once, sent to the server, and undone with a
//! message if it refuses. Also keeps `state.lists`, the one copy every screen reads, in step
//! with the server's answers.

use super::popups::list_items;
use super::{App, calls};
use crate::api::list_change::ListChange;
use crate::api::{Account, ApiError, List, TimelineKind};
use crate::state::lists::is_placeholder;
use crate::state::{Confirmed, PickerPurpose, Popup, Screen, Tab};

/// A list's title as messages quote it.
pub(super) fn quoted(title: &str) -> String {
    format!("“{title}”")
}

pub(super) fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

impl App {
    /// Shows a change at once and sends it to the server.
    pub(super) fn change(&mut self, change: ListChange) {
        match &change {
            ListChange::Create {
                placeholder,
                title,
                settings,
                ..
            } => {
                let list = List {
                    id: placeholder.clone(),
                    title: title.clone(),
                    settings: *settings,
                    member_count: Some(0),
                };
                self.state.lists.get_or_insert_default().push(list);
                self.select_in_lists_screen(placeholder);
            }
            ListChange::Update { before, after } => {
                let renamed = before.title != after.title;
                self.show_list(after.clone());
                if renamed {
                    // The new title may not match the filter; show the list anyway.
                    self.select_in_lists_screen(&after.id);
                }
            }
            ListChange::Delete { list, .. } => {
                if let Some(lists) = &mut self.state.lists {
                    lists.retain(|l| l.id != list.id);
                }
                self.clamp_lists_selection();
            }
            ListChange::Add { list, account, .. } => {
                self.show_membership(list, std::slice::from_ref(account), true)
            }
            ListChange::Remove { list, accounts } => self.show_membership(list, accounts, false),
        }
        self.lists_epoch += 1;
        self.list_changes_pending += 1;
        self.call(calls::Change { change });
    }

    /// The server's answer to a change: keep it, or undo it on screen and say why.
    pub(super) fn changed(&mut self, change: ListChange, result: Result<Option<List>, ApiError>) {
        self.lists_epoch += 1;
        self.list_changes_pending = self.list_changes_pending.saturating_sub(1);
        self.apply_answer(change, result);
        if self.lists_wanted {
            self.ask_lists();
        }
    }

    fn apply_answer(&mut self, change: ListChange, result: Result<Option<List>, ApiError>) {
        match (change, result) {
            (
                ListChange::Create {
                    placeholder,
                    then_add,
                    ..
                },
                Ok(Some(mut list)),
            ) => {
                list.member_count.get_or_insert(0);
                let id = list.id.clone();
                let title = list.title.clone();
                if let Some(shown) = self.state.list_mut(&placeholder) {
                    *shown = list;
                }
                let index = self.state.settled_lists().iter().position(|l| l.id == id);
                if let (Some(Popup::AccountLists(popup)), Some(index)) =
                    (&mut self.state.popup, index)
                {
                    popup.selected = index;
                }
                match then_add {
                    Some(account) => self.change(ListChange::Add {
                        list: id,
                        account,
                        follow_first: false,
                    }),
                    None => self.say(format!("created the list {}", quoted(&title)), false),
                }
            }
            (
                ListChange::Create {
                    placeholder, title, ..
                },
                result,
            ) => {
                if let Some(lists) = &mut self.state.lists {
                    lists.retain(|l| l.id != placeholder);
                }
                self.clamp_lists_selection();
                let error = result
                    .err()
                    .map_or_else(|| "no list came back".into(), |e| e.to_string());
                self.say(
                    format!("could not create {}: {error}", quoted(&title)),
                    true,
                );
            }
            (ListChange::Update { before, after }, Ok(updated)) => {
                let mut list = updated.unwrap_or(after);
                list.member_count = list.member_count.or(before.member_count);
                let said = match before.title == list.title {
                    true => format!("saved the options of {}", quoted(&list.title)),
                    false => format!(
                        "renamed {} to {}",
                        quoted(&before.title),
                        quoted(&list.title)
                    ),
                };
                self.show_list(list);
                self.say(said, false);
            }
            (ListChange::Update { before, .. }, Err(error)) => {
                let title = before.title.clone();
                self.show_list(before);
                self.say(
                    format!("could not change {}: {error}", quoted(&title)),
                    true,
                );
            }
            (ListChange::Delete { list, .. }, Ok(_)) => {
                let is_its_tab = |tab: &Tab| matches!(&tab.timeline.kind, TimelineKind::List { id, .. } if *id == list.id);
                // The lists screen it was deleted from stays open: opened over the list's own
                // tab, it moves to the tab that takes its place rather than closing with it.
                let active = self.state.active;
                let carried = match self.state.tabs.get_mut(active) {
                    Some(tab)
                        if is_its_tab(tab) && matches!(tab.screen(), Some(Screen::Lists(_))) =>
                    {
                        tab.stack.pop()
                    }
                    _ => None,
                };
                while let Some(index) = self.state.tabs.iter().position(|t| is_its_tab(t)) {
                    if self.state.tabs.len() == 1 {
                        // The last tab goes: home takes its place.
                        self.add_tab(TimelineKind::Home);
                    }
                    self.close_tab_at(index);
                }
                if let Some(screen) = carried {
                    let active = self.state.active;
                    self.state.tabs[active].stack.push(screen);
                }
                self.say(format!("deleted the list {}", quoted(&list.title)), false);
            }
            (ListChange::Delete { list, index }, Err(error)) => {
                let title = list.title.clone();
                let lists = self.state.lists.get_or_insert_default();
                lists.insert(index.min(lists.len()), list);
                self.say(
                    format!("could not delete {}: {error}", quoted(&title)),
                    true,
                );
            }
            (ListChange::Add { list, account, .. }, Ok(_)) => {
                self.reload_list_timeline(&list);
                let title = self.list_title(&list);
                self.say(format!("added @{} to {title}", account.acct), false);
            }
            (ListChange::Add { list, account, .. }, Err(error)) => {
                self.show_membership(&list, std::slice::from_ref(&account), false);
                let title = self.list_title(&list);
                if let ApiError::NotFollowing(_) = error {
                    let question = format!(
                        "Mastodon only puts accounts you follow on lists, and you do not follow @{}. Follow them and add them to {title}?",
                        account.acct
                    );
                    self.ask(question, Confirmed::FollowAndAdd { list, account });
                } else {
                    self.say(
                        format!("could not add @{} to {title}: {error}", account.acct),
                        true,
                    );
                }
            }
            (ListChange::Remove { list, accounts }, Ok(_)) => {
                self.reload_list_timeline(&list);
                let title = self.list_title(&list);
                let who = match accounts.as_slice() {
                    [one] => format!("@{}", one.acct),
                    many => plural(many.len(), "member", "members"),
                };
                self.say(format!("removed {who} from {title}"), false);
            }
            // `accounts` are the ones still on the list (a removal may stop part-way).
            (ListChange::Remove { list, accounts }, Err(error)) => {
                self.show_membership(&list, &accounts, true);
                self.reload_list_timeline(&list);
                let title = self.list_title(&list);
                let who = match accounts.as_slice() {
                    [one] => format!("@{}", one.acct),
                    many => plural(many.len(), "member", "members"),
                };
                self.say(
                    format!("could not remove {who} from {title} (still on it): {error}"),
                    true,
                );
            }
        }
    }

    fn list_title(&self, id: &str) -> String {
        quoted(
            &self
                .state
                .list(id)
                .map(|l| l.title.clone())
                .unwrap_or_default(),
        )
    }

    /// Puts a list's new title and settings everywhere it shows.
    fn show_list(&mut self, list: List) {
        for tab in &mut self.state.tabs {
            if let TimelineKind::List { id, title } = &mut tab.timeline.kind
                && *id == list.id
            {
                title.clone_from(&list.title);
            }
        }
        if let Some(shown) = self.state.list_mut(&list.id) {
            *shown = list;
        }
    }

    /// Shows `accounts` as added to (or removed from) `list` on every screen: member count,
    /// members screen, "lists for this account".
    fn show_membership(&mut self, list: &str, accounts: &[Account], added: bool) {
        if let Some(shown) = self.state.list_mut(list)
            && let Some(count) = &mut shown.member_count
        {
            *count = if added {
                *count + accounts.len()
            } else {
                count.saturating_sub(accounts.len())
            };
        }
        if let Some(Screen::Members(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
            && screen.list == list
        {
            for account in accounts {
                screen.members.retain(|m| m.id != account.id);
                screen.marked.remove(&account.id);
                if added {
                    screen.members.insert(0, account.clone());
                }
            }
            screen.selected = screen.selected.min(screen.members.len().saturating_sub(1));
        }
        if let Some(Popup::AccountLists(popup)) = &mut self.state.popup
            && accounts.iter().any(|a| a.id == popup.account.id)
        {
            popup.set_member(list, added);
        }
    }

    /// A list's posts changed with its members: its tab starts over.
    fn reload_list_timeline(&mut self, list: &str) {
        let found =
            self.state.tabs.iter().position(
                |t| matches!(&t.timeline.kind, TimelineKind::List { id, .. } if id == list),
            );
        if let Some(index) = found {
            self.state.tabs[index].timeline.reset();
            if index == self.state.active {
                self.refresh(index);
            }
        }
    }

    /// The user's lists, as asked at list epoch `epoch`.
    pub fn lists_answered(&mut self, epoch: u64, result: Result<Vec<List>, ApiError>) {
        if epoch != self.lists_epoch {
            // Asked before a change the answer may not show: ask again.
            tracing::debug!(epoch, now = self.lists_epoch, "stale lists answer dropped");
            return self.ask_lists();
        }
        match result {
            Ok(lists) => self.lists_arrived(lists),
            Err(error) => {
                if let Some(Popup::Picker(picker)) = &mut self.state.popup {
                    picker.loading = false;
                }
                if let Some(Screen::Lists(screen)) =
                    crate::state::screen_in(&mut self.state.tabs, self.state.active)
                {
                    screen.loading = false;
                }
                self.say(format!("could not load your lists: {error}"), true);
            }
        }
    }

    fn lists_arrived(&mut self, mut lists: Vec<List>) {
        let previous: Vec<List> = self.state.lists.take().unwrap_or_default();
        for list in &mut lists {
            if list.member_count.is_none() {
                list.member_count = previous
                    .iter()
                    .find(|p| p.id == list.id)
                    .and_then(|p| p.member_count);
            }
        }
        // Lists still being created are not on the server's list yet.
        lists.extend(previous.into_iter().filter(|l| is_placeholder(&l.id)));
        for list in &lists {
            self.show_list(list.clone());
        }
        if let Some(Popup::Picker(picker)) = &mut self.state.popup
            && picker.purpose == PickerPurpose::List
        {
            picker.items = list_items(&lists);
            picker.loading = false;
            picker.selected = picker
                .selected
                .min(picker.visible().len().saturating_sub(1));
        }
        let counting = matches!(self.state.screen(), Some(Screen::Lists(_)));
        let uncounted: Vec<String> = lists
            .iter()
            .filter(|l| l.member_count.is_none() && !is_placeholder(&l.id))
            .map(|l| l.id.clone())
            .collect();
        self.state.lists = Some(lists);
        if let Some(Screen::Lists(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        {
            screen.loading = false;
        }
        self.clamp_lists_selection();
        if counting {
            for list in uncounted {
                self.call(calls::MemberCount { list });
            }
        }
    }

    pub(super) fn member_count_arrived(&mut self, list: &str, result: Result<usize, ApiError>) {
        match result {
            Ok(count) => {
                self.state.count_failures.remove(list);
                if let Some(shown) = self.state.list_mut(list) {
                    shown.member_count = Some(count);
                }
            }
            Err(error) => {
                tracing::warn!(%error, list, "could not count members");
                self.state
                    .count_failures
                    .insert(list.to_owned(), error.to_string());
            }
        }
    }
}
