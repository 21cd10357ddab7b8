//! List management: the lists and members screens, "lists for this account", and changes to
//! lists. Every change is shown at once and undone, with a message, if the server refuses it.

use super::App;
use super::calls;
use super::list_changes::{plural, quoted};
use crate::action::Action;
use crate::api::list_change::ListChange;
use crate::api::{Account, ApiError, ChannelSet, List, ListSettings, MemberPage, TimelineKind};
use crate::state::cursor;
use crate::state::lists::{PLACEHOLDER_PREFIX, is_placeholder};
use crate::state::{
    AccountLists, Confirmed, ListOptions, ListsScreen, MembersScreen, Popup, Prompt, PromptPurpose,
    Screen,
};

/// Start loading more members when the selection is this close to the end.
const MEMBERS_PRELOAD: usize = 10;
/// Typed characters before account completion starts.
const COMPLETION_MIN_CHARS: usize = 2;

impl App {
    pub(super) fn open_lists_screen(&mut self) {
        self.state.popup = None;
        self.show_screen(Screen::Lists(ListsScreen {
            loading: true,
            ..ListsScreen::default()
        }));
        // Always ask again: lists may have changed elsewhere.
        self.ask_lists();
    }

    /// The list under the cursor of the lists screen.
    fn selected_list(&self) -> Option<List> {
        let Some(Screen::Lists(screen)) = self.state.screen() else {
            return None;
        };
        let lists = self.state.lists.as_deref().unwrap_or_default();
        screen
            .visible(lists)
            .get(screen.selected)
            .map(|l| (*l).clone())
    }

    /// The selected list, unless it is still being created (then says so).
    fn selected_settled_list(&mut self) -> Option<List> {
        let list = self.selected_list()?;
        if is_placeholder(&list.id) {
            self.say("that list is still being created", false);
            return None;
        }
        Some(list)
    }

    pub(super) fn lists_screen_action(&mut self, action: Action) {
        let count = match self.state.screen() {
            Some(Screen::Lists(screen)) => screen
                .visible(self.state.lists.as_deref().unwrap_or_default())
                .len(),
            _ => return,
        };
        let Some(Screen::Lists(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        // Space pages, as in a timeline.
        let action = match action {
            Action::Toggle => Action::PageDown,
            other => other,
        };
        match action {
            moving if cursor::is_move(moving) => {
                screen.selected = cursor::moved(screen.selected, moving, count, cursor::PAGE)
            }
            Action::Filter => screen.filtering = true,
            Action::DeleteChar if screen.filtering => {
                screen.filter.pop();
                screen.selected = 0;
            }
            // The filter goes; the list it had selected stays selected.
            Action::Cancel if screen.filtering || !screen.filter.is_empty() => {
                match self.selected_list() {
                    Some(list) => self.select_in_lists_screen(&list.id),
                    None => self.select_in_lists_screen(""),
                }
            }
            Action::Cancel => self.leave_screen(),
            Action::Refresh => {
                // Counts too may have changed elsewhere: ask for them again.
                for list in self.state.lists.iter_mut().flatten() {
                    if !is_placeholder(&list.id) {
                        list.member_count = None;
                    }
                }
                self.open_lists_screen();
            }
            Action::New => {
                screen.filtering = false;
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::NewList { for_account: None },
                    String::new(),
                )));
            }
            // Enter ends typing a filter (keys are actions again); then it opens the list.
            Action::Confirm if screen.filtering => screen.filtering = false,
            Action::Confirm => {
                if let Some(list) = self.selected_settled_list() {
                    self.open_tab(TimelineKind::List {
                        id: list.id,
                        title: list.title,
                    });
                }
            }
            Action::Members => {
                if let Some(list) = self.selected_settled_list() {
                    self.open_members(list.id);
                }
            }
            Action::Rename => {
                if let Some(list) = self.selected_settled_list() {
                    self.state.popup = Some(Popup::Prompt(Prompt::new(
                        PromptPurpose::RenameList { id: list.id },
                        list.title,
                    )));
                }
            }
            Action::Delete => {
                if let Some(list) = self.selected_settled_list() {
                    let members = list
                        .member_count
                        .map(|n| format!(" ({})", plural(n, "member", "members")))
                        .unwrap_or_default();
                    let question = format!(
                        "Delete the list {}{members}? Its members stay followed; the list is gone for good.",
                        quoted(&list.title)
                    );
                    self.ask(question, Confirmed::DeleteList(list));
                }
            }
            Action::Edit => {
                if let Some(list) = self.selected_settled_list() {
                    let options = ListOptions { list, row: 0 };
                    if options.rows().is_empty() {
                        self.say("this server has no options for lists", false);
                    } else {
                        self.state.popup = Some(Popup::ListOptions(options));
                    }
                }
            }
            _ => {}
        }
    }

    fn open_members(&mut self, list: String) {
        self.show_screen(Screen::Members(MembersScreen::new(list.clone())));
        self.call(calls::Members { list, cursor: None });
    }

    pub(super) fn members_action(&mut self, action: Action) {
        let Some(Screen::Members(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        let count = screen.members.len();
        let page = usize::from(self.state.size.1.saturating_sub(4)).max(1);
        match action {
            moving if cursor::is_move(moving) => {
                screen.selected = cursor::moved(screen.selected, moving, count, page)
            }
            Action::Toggle => {
                if let Some(member) = screen.members.get(screen.selected) {
                    if !screen.marked.remove(&member.id) {
                        screen.marked.insert(member.id.clone());
                    }
                    screen.selected = cursor::moved(screen.selected, Action::Down, count, page);
                }
            }
            Action::Cancel if !screen.marked.is_empty() => screen.marked.clear(),
            Action::Cancel => {
                let list = screen.list.clone();
                self.open_lists_screen();
                // Come back to the list whose members were shown.
                if let (Some(Screen::Lists(lists_screen)), Some(lists)) = (
                    crate::state::screen_in(&mut self.state.tabs, self.state.active),
                    &self.state.lists,
                ) {
                    lists_screen.selected = lists.iter().position(|l| l.id == list).unwrap_or(0);
                }
            }
            Action::Refresh => {
                let list = screen.list.clone();
                self.open_members(list);
            }
            Action::New => {
                let list = screen.list.clone();
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::AddMember { list },
                    String::new(),
                )));
            }
            Action::AccountLists => {
                if let Some(member) = screen.members.get(screen.selected).cloned() {
                    self.open_account_lists(member);
                }
            }
            // The member's profile, on top of the tab the user came from.
            Action::Profile | Action::Confirm => {
                if let Some(member) = screen.members.get(screen.selected).cloned() {
                    let acct = member.acct.clone();
                    self.open_profile(Some(member), &acct);
                }
            }
            Action::Delete => {
                let accounts = screen.chosen();
                let list = screen.list.clone();
                match accounts.len() {
                    0 => {}
                    1 => self.change(ListChange::Remove { list, accounts }),
                    n => {
                        let title = self.state.list(&list).map(|l| l.title.clone());
                        self.ask(
                            format!(
                                "Remove {} from {}?",
                                plural(n, "marked member", "marked members"),
                                quoted(&title.unwrap_or_default())
                            ),
                            Confirmed::RemoveMembers { list, accounts },
                        );
                    }
                }
            }
            _ => {}
        }
        self.load_more_members_if_due();
    }

    fn load_more_members_if_due(&mut self) {
        let Some(Screen::Members(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        let near_end = screen.selected + MEMBERS_PRELOAD >= screen.members.len();
        if screen.next.is_some()
            && (screen.pages >= crate::api::MAX_PAGES
                || screen.members.len() >= crate::api::MAX_ITEMS)
        {
            let error = ApiError::Endless {
                pages: screen.pages,
                items: screen.members.len(),
            };
            screen.error = Some(format!("not every member is shown: {error}"));
            return;
        }
        if near_end
            && !screen.is_loading()
            && let Some(cursor) = screen.next.clone()
        {
            screen.pending = Some(Some(cursor.clone()));
            let list = screen.list.clone();
            self.call(calls::Members {
                list,
                cursor: Some(cursor),
            });
        }
    }

    pub(super) fn members_arrived(
        &mut self,
        list: &str,
        cursor: Option<String>,
        result: Result<MemberPage, ApiError>,
    ) {
        let Some(Screen::Members(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        if screen.list != list || screen.pending.as_ref() != Some(&cursor) {
            return; // an answer for a screen since left
        }
        screen.pending = None;
        match result {
            Ok(page) => {
                screen.pages += 1;
                for account in page.accounts {
                    // A member added meanwhile is already shown.
                    if !screen.members.iter().any(|m| m.id == account.id) {
                        screen.members.push(account);
                    }
                }
                screen.next = page.next;
                screen.error = None;
                if screen.next.as_ref() == cursor.as_ref() {
                    // The same page again: it would never end.
                    screen.next = None;
                }
                if screen.next.is_none() {
                    let count = screen.members.len();
                    if let Some(list) = self.state.list_mut(list) {
                        list.member_count = Some(count);
                    }
                }
            }
            Err(error) => screen.error = Some(format!("could not load the members: {error}")),
        }
        self.load_more_members_if_due();
    }

    pub(super) fn open_account_lists(&mut self, account: Account) {
        self.state.popup = Some(Popup::AccountLists(AccountLists::new(account.clone())));
        self.ask_lists();
        self.call(calls::ListsOf { account });
    }

    pub(super) fn lists_of_arrived(
        &mut self,
        account: &Account,
        result: Result<Vec<String>, ApiError>,
    ) {
        let popup = match &mut self.state.popup {
            Some(Popup::AccountLists(popup)) => popup,
            // A new list being named for them (n pressed before this came): the popup it
            // goes back to, else left waiting for this forever.
            Some(Popup::Prompt(prompt)) => match &mut prompt.purpose {
                PromptPurpose::NewList {
                    for_account: Some(popup),
                } => popup,
                _ => return,
            },
            _ => return,
        };
        if popup.account.id != account.id {
            return;
        }
        match result {
            Ok(ids) => popup.member_of_arrived(ids),
            Err(error) => {
                self.state.popup = None;
                self.say(
                    format!("could not find the lists of @{}: {error}", account.acct),
                    true,
                );
            }
        }
    }

    pub(super) fn account_lists_action(&mut self, action: Action) {
        let lists: Vec<String> = self
            .state
            .settled_lists()
            .iter()
            .map(|l| l.id.clone())
            .collect();
        let Some(Popup::AccountLists(popup)) = &mut self.state.popup else {
            return;
        };
        // Tab moves too, as in other choices.
        let action = match action {
            Action::NextTab => Action::Down,
            Action::PrevTab => Action::Up,
            other => other,
        };
        match action {
            moving if cursor::is_move(moving) => {
                popup.selected = cursor::moved(popup.selected, moving, lists.len(), cursor::PAGE)
            }
            Action::Cancel | Action::Confirm => self.state.popup = None,
            Action::New => {
                let for_account = Some(popup.clone());
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::NewList { for_account },
                    String::new(),
                )));
            }
            Action::Toggle => {
                let Some(member_of) = &popup.member_of else {
                    return self.say("still finding out which lists they are on", false);
                };
                let Some(list) = lists.get(popup.selected).cloned() else {
                    return;
                };
                let account = popup.account.clone();
                if member_of.contains(&list) {
                    self.change(ListChange::Remove {
                        list,
                        accounts: vec![account],
                    });
                } else {
                    self.change(ListChange::Add {
                        list,
                        account,
                        follow_first: false,
                    });
                }
            }
            _ => {}
        }
    }

    pub(super) fn list_options_action(&mut self, action: Action) {
        let Some(Popup::ListOptions(options)) = &mut self.state.popup else {
            return;
        };
        let count = options.rows().len();
        match action {
            Action::Down | Action::Up => {
                options.row = cursor::moved(options.row, action, count, cursor::PAGE)
            }
            Action::Toggle => options.toggle(),
            Action::Cancel => self.state.popup = None,
            Action::Confirm => {
                let after = options.list.clone();
                self.state.popup = None;
                if let Some(before) = self.state.list(&after.id).cloned()
                    && before.settings != after.settings
                {
                    self.change(ListChange::Update { before, after });
                }
            }
            _ => {}
        }
    }

    /// After the prompt's text changed: asks for account completions when they help.
    pub(super) fn prompt_edited(&mut self) {
        let Some(Popup::Prompt(prompt)) = &mut self.state.popup else {
            return;
        };
        prompt.error = None;
        prompt.suggestion = None;
        prompt.search_failed = None;
        if prompt.purpose == PromptPurpose::Hashtag {
            return self.update_offer();
        }
        if !matches!(prompt.purpose, PromptPurpose::AddMember { .. }) {
            return;
        }
        let query = prompt
            .input
            .text()
            .trim()
            .trim_start_matches('@')
            .to_owned();
        if query.chars().count() < COMPLETION_MIN_CHARS {
            prompt.suggestions.clear();
            return;
        }
        // One search at a time; when it answers, the latest text is searched if it changed.
        if prompt.searching.is_none() {
            prompt.searching = Some(query.clone());
            self.call(calls::SearchAccounts { query });
        }
    }

    pub(super) fn accounts_arrived(
        &mut self,
        query: String,
        result: Result<Vec<Account>, ApiError>,
    ) {
        let Some(Popup::Prompt(prompt)) = &mut self.state.popup else {
            return;
        };
        if prompt.searching.as_ref() != Some(&query) {
            return;
        }
        prompt.searching = None;
        match result {
            Ok(accounts) => prompt.suggestions = accounts,
            Err(error) => {
                tracing::warn!(%error, "account search failed");
                prompt.suggestions.clear();
                prompt.search_failed = Some(format!("the account search failed: {error}"));
            }
        }
        if prompt.input.text().trim().trim_start_matches('@') != query {
            self.prompt_edited();
        }
    }

    pub(super) fn prompt_confirmed(&mut self, prompt: Prompt) {
        let input = prompt.input.text().trim().to_owned();
        let refuse = |app: &mut App, message: &str| {
            if let Some(Popup::Prompt(prompt)) = &mut app.state.popup {
                prompt.error = Some(message.to_owned());
            }
        };
        match prompt.purpose {
            PromptPurpose::Attach { view } => match self.attach(view, &input) {
                Ok(()) => {}
                Err(message) => refuse(self, &message),
            },
            PromptPurpose::Describe { view, index } => {
                self.state.popup = None;
                self.describe(view, index, prompt.input.text().trim());
            }
            PromptPurpose::Search | PromptPurpose::ChannelSearch if input.is_empty() => {
                refuse(self, "type what to look for")
            }
            PromptPurpose::ChannelSearch => self.show_channels(ChannelSet::Search(input)),
            PromptPurpose::Search => {
                self.state.popup = None;
                self.open_search(&input);
            }
            PromptPurpose::Hashtag => match crate::config::normalize_tag(&input) {
                Ok(tag) => {
                    self.state.popup = None;
                    self.open_tab(TimelineKind::Hashtag(tag));
                }
                Err(message) => refuse(self, &message),
            },
            PromptPurpose::NewList { .. } | PromptPurpose::RenameList { .. }
                if input.is_empty() =>
            {
                refuse(self, "a list needs a title")
            }
            PromptPurpose::NewList { .. } | PromptPurpose::RenameList { .. }
                if prompt.warned.as_deref() != Some(input.as_str())
                    && let Some(similar) = self.similar_title(&prompt.purpose, &input) =>
            {
                if let Some(Popup::Prompt(prompt)) = &mut self.state.popup {
                    prompt.warned = Some(input.clone());
                    prompt.error = Some(format!(
                        "you have a list called “{similar}”; press Enter again to use “{input}” anyway"
                    ));
                }
            }
            PromptPurpose::NewList { for_account } => {
                let then_add = for_account.as_ref().map(|p| p.account.clone());
                self.state.popup = for_account.map(Popup::AccountLists);
                let placeholder = format!("{PLACEHOLDER_PREFIX}{}", self.next_placeholder);
                self.next_placeholder += 1;
                self.change(ListChange::Create {
                    placeholder,
                    title: input,
                    settings: ListSettings::default(),
                    then_add,
                });
            }
            PromptPurpose::RenameList { id } => {
                self.state.popup = None;
                if let Some(before) = self.state.list(&id).cloned()
                    && before.title != input
                {
                    let after = List {
                        title: input,
                        ..before.clone()
                    };
                    self.change(ListChange::Update { before, after });
                }
            }
            PromptPurpose::Reschedule { id } => {
                let soonest = crate::when::soonest_post(self.is_misskey());
                match crate::when::ahead(&input, &crate::when::now(), soonest) {
                    Ok(at) => self.reschedule(id, at),
                    Err(why) => refuse(self, &why),
                }
            }
            PromptPurpose::PrivateNote { view, account } => {
                self.state.popup = None;
                self.keep_private_note(view, account, input);
            }
            PromptPurpose::AddMember { list } => {
                let wanted = input.trim_start_matches('@').to_lowercase();
                let chosen = match (prompt.suggestion, prompt.suggestions.as_slice()) {
                    (Some(index), _) => prompt.suggestions.get(index).cloned(),
                    // The only suggestion for what is typed now is the one meant.
                    (None, [only]) if prompt.searching.is_none() => Some(only.clone()),
                    (None, suggestions) => suggestions
                        .iter()
                        .find(|a| a.acct.to_lowercase() == wanted)
                        .cloned(),
                };
                match chosen {
                    Some(account) => {
                        self.state.popup = None;
                        self.change(ListChange::Add {
                            list,
                            account,
                            follow_first: false,
                        });
                    }
                    None if wanted.is_empty() => refuse(self, "type an address like @user@host"),
                    None if prompt.searching.is_some() => {
                        refuse(self, "still searching; press Enter again in a moment")
                    }
                    None if prompt.search_failed.is_some() => {
                        let why = prompt.search_failed.clone().unwrap_or_default();
                        refuse(self, &why)
                    }
                    None if prompt.suggestions.is_empty() => {
                        refuse(self, &format!("no account found for @{wanted}"))
                    }
                    None => refuse(self, "choose one of the accounts below (↓ then Enter)"),
                }
            }
        }
    }

    /// Another list's title that `title` matches but for case (or exactly), when creating or
    /// renaming.
    fn similar_title(&self, purpose: &PromptPurpose, title: &str) -> Option<String> {
        let renamed = match purpose {
            PromptPurpose::RenameList { id } => Some(id.as_str()),
            _ => None,
        };
        self.state
            .settled_lists()
            .iter()
            .filter(|l| Some(l.id.as_str()) != renamed)
            .find(|l| l.title.to_lowercase() == title.to_lowercase())
            .map(|l| l.title.clone())
    }

    pub(super) fn select_in_lists_screen(&mut self, id: &str) {
        let lists = self.state.lists.as_deref().unwrap_or_default();
        if let Some(Screen::Lists(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        {
            screen.filter.clear();
            screen.filtering = false;
            screen.selected = screen
                .visible(lists)
                .iter()
                .position(|l| l.id == id)
                .unwrap_or(0);
        }
    }

    pub(super) fn clamp_lists_selection(&mut self) {
        let lists = self.state.lists.as_deref().unwrap_or_default();
        if let Some(Screen::Lists(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        {
            let count = screen.visible(lists).len();
            screen.selected = screen.selected.min(count.saturating_sub(1));
        }
    }
}
