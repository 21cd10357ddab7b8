//! State of list management: the lists and members screens and the popups they open.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{Account, List};

/// Ids of lists being created start with this until the server gives them a real one.
pub const PLACEHOLDER_PREFIX: &str = "\u{0}pending-";

pub fn is_placeholder(id: &str) -> bool {
    id.starts_with(PLACEHOLDER_PREFIX)
}

#[derive(Debug, Clone, Default)]
pub struct ListsScreen {
    pub filter: String,
    /// Typed characters go to the filter.
    pub filtering: bool,
    /// Index into the filtered lists.
    pub selected: usize,
    pub loading: bool,
}

impl ListsScreen {
    /// The lists matching the filter, best match first.
    pub fn visible<'a>(&self, lists: &'a [List]) -> Vec<&'a List> {
        fuzzy_filter(lists, &self.filter, |l| &l.title)
    }
}

#[derive(Debug, Clone)]
pub struct MembersScreen {
    pub list: String,
    pub members: Vec<Account>,
    /// Cursor of the next page; `None` once everyone is loaded.
    pub next: Option<String>,
    /// The cursor of the page being loaded (`Some(None)`: the first page).
    pub pending: Option<Option<String>>,
    pub selected: usize,
    /// Ids of the accounts marked for removal.
    pub marked: BTreeSet<String>,
    pub error: Option<String>,
    /// Pages loaded so far (bounded: a server whose pages never end is not read for ever).
    pub pages: usize,
}

impl MembersScreen {
    pub fn new(list: String) -> Self {
        MembersScreen {
            list,
            members: Vec::new(),
            next: None,
            pending: Some(None),
            selected: 0,
            marked: BTreeSet::new(),
            error: None,
            pages: 0,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// The marked members, or the selected one when none is marked.
    pub fn chosen(&self) -> Vec<Account> {
        if self.marked.is_empty() {
            self.members
                .get(self.selected)
                .cloned()
                .into_iter()
                .collect()
        } else {
            self.members
                .iter()
                .filter(|m| self.marked.contains(&m.id))
                .cloned()
                .collect()
        }
    }
}

/// "Lists for this account": every list, checked where the account is a member.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountLists {
    pub account: Account,
    /// Ids of the lists the account is on; `None` until the server has said.
    pub member_of: Option<BTreeSet<String>>,
    /// Lists the account was put on (`true`) or taken off since the server was asked, which
    /// its answer cannot know of yet.
    pub changed_since_asked: BTreeMap<String, bool>,
    pub selected: usize,
}

impl AccountLists {
    pub fn new(account: Account) -> AccountLists {
        AccountLists {
            account,
            member_of: None,
            changed_since_asked: BTreeMap::new(),
            selected: 0,
        }
    }

    /// Shows the account on `list` or off it.
    pub fn set_member(&mut self, list: &str, member: bool) {
        match &mut self.member_of {
            Some(ids) if member => {
                ids.insert(list.to_owned());
            }
            Some(ids) => {
                ids.remove(list);
            }
            None => {
                self.changed_since_asked.insert(list.to_owned(), member);
            }
        }
    }

    /// The server's answer to which lists the account is on, with the changes made since.
    pub fn member_of_arrived(&mut self, ids: Vec<String>) {
        self.member_of = Some(ids.into_iter().collect());
        for (list, member) in std::mem::take(&mut self.changed_since_asked) {
            self.set_member(&list, member);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptPurpose {
    /// A file to attach to the post being written in a compose view.
    Attach {
        view: crate::state::ViewId,
    },
    /// The description (alt text) of an attachment.
    Describe {
        view: crate::state::ViewId,
        index: usize,
    },
    Hashtag,
    /// Accounts, hashtags, posts; `@user@host` and addresses from any server.
    Search,
    /// Misskey channels by name or description.
    ChannelSearch,
    NewList {
        /// Opened from "lists for this account": that account goes on the new list, and the
        /// popup comes back.
        for_account: Option<AccountLists>,
    },
    RenameList {
        id: String,
    },
    AddMember {
        list: String,
    },
    /// A new time for a scheduled post (by id).
    Reschedule {
        id: String,
    },
    /// The viewer's private note on the account of a profile.
    PrivateNote {
        view: crate::state::ViewId,
        account: crate::api::Account,
    },
}

/// A line of text to type, with completions where the purpose has them.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub input: super::Editor,
    pub error: Option<String>,
    /// Account completions for what is typed.
    pub suggestions: Vec<Account>,
    pub suggestion: Option<usize>,
    /// The query whose completions are being fetched.
    pub searching: Option<String>,
    /// Why the last search failed (a missing permission, say): shown, not "no account found".
    pub search_failed: Option<String>,
    /// A title the user was warned about (it differs from another list's only by case):
    /// Enter again with the same text goes ahead.
    pub warned: Option<String>,
    /// Hashtags offered for what is typed (the hashtag prompt).
    pub offer: Option<super::offer::Offer>,
}

impl Prompt {
    pub fn new(purpose: PromptPurpose, input: String) -> Self {
        Prompt {
            purpose,
            input: super::Editor::one_line(&input),
            error: None,
            suggestions: Vec::new(),
            suggestion: None,
            searching: None,
            search_failed: None,
            warned: None,
            offer: None,
        }
    }

    pub fn title(&self) -> &'static str {
        match self.purpose {
            PromptPurpose::Attach { .. } => "Attach a file (Tab completes the path)",
            PromptPurpose::Describe { .. } => "Describe it for people who cannot see it (alt text)",
            PromptPurpose::Hashtag => "Open hashtag",
            PromptPurpose::Search => "Search: words, #tag, @user@host or an address",
            PromptPurpose::ChannelSearch => "Find channels by name or description",
            PromptPurpose::NewList { .. } => "New list",
            PromptPurpose::RenameList { .. } => "Rename list",
            PromptPurpose::AddMember { .. } => "Add member (@user@host)",
            PromptPurpose::Reschedule { .. } => "Send it at (+2h, tomorrow 9:00, 2026-12-24 18:00)",
            PromptPurpose::PrivateNote { .. } => "Your note on them (only you see it)",
        }
    }
}

/// A list's options being edited; saved as a whole.
#[derive(Debug, Clone)]
pub struct ListOptions {
    pub list: List,
    pub row: usize,
}

impl ListOptions {
    /// The options this server has for the list, in display order.
    pub fn rows(&self) -> Vec<ListOption> {
        let settings = &self.list.settings;
        [
            settings.replies_policy.map(|_| ListOption::RepliesPolicy),
            settings.exclusive.map(|_| ListOption::Exclusive),
            settings.public.map(|_| ListOption::Public),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Changes the option on the selected row.
    pub fn toggle(&mut self) {
        let row = self.rows().get(self.row).copied();
        let settings = &mut self.list.settings;
        match row {
            Some(ListOption::RepliesPolicy) => {
                settings.replies_policy = settings.replies_policy.map(|p| p.next())
            }
            Some(ListOption::Exclusive) => settings.exclusive = settings.exclusive.map(|e| !e),
            Some(ListOption::Public) => settings.public = settings.public.map(|p| !p),
            None => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOption {
    RepliesPolicy,
    Exclusive,
    Public,
}

/// Items whose text contains the typed characters in order (case-insensitive), best first:
/// consecutive characters and characters starting a word count more. Ties keep their order.
pub fn fuzzy_filter<'a, T>(items: &'a [T], needle: &str, text: impl Fn(&T) -> &str) -> Vec<&'a T> {
    if needle.is_empty() {
        return items.iter().collect();
    }
    let mut scored: Vec<(i64, usize, &T)> = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| Some((fuzzy_score(needle, text(item))?, index, item)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, item)| item).collect()
}

/// How well `haystack` matches `needle` as a subsequence; `None` when it does not.
pub fn fuzzy_score(needle: &str, haystack: &str) -> Option<i64> {
    let mut score = 0;
    let mut previous_matched = false;
    let mut previous_char: Option<char> = None;
    let mut wanted = needle.chars().flat_map(char::to_lowercase).peekable();
    for c in haystack.chars() {
        let Some(&next) = wanted.peek() else { break };
        let matched = c.to_lowercase().eq(std::iter::once(next));
        if matched {
            wanted.next();
            score += 1;
            if previous_matched {
                score += 3;
            }
            if previous_char.is_none_or(|p| !p.is_alphanumeric()) {
                score += 2;
            }
        } else {
            score -= i64::from(previous_matched);
        }
        previous_matched = matched;
        previous_char = Some(c);
    }
    wanted.peek().is_none().then_some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_in_order_and_ranks_tight_matches_first() {
        let items = ["Rustaceans 🦀", "Friends", "News & Weather", "Rust news"];
        let found = fuzzy_filter(&items, "rusn", |s| s);
        assert_eq!(found, vec![&"Rust news", &"Rustaceans 🦀"]);
        assert_eq!(fuzzy_filter(&items, "news", |s| s)[0], &"News & Weather");
        assert!(fuzzy_filter(&items, "xyz", |s| s).is_empty());
        assert_eq!(fuzzy_filter(&items, "", |s| s).len(), 4);
        assert!(fuzzy_score("日本", "日本語").is_some());
    }
}
