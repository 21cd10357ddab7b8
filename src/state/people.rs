//! A list of people (followers, following, who boosted or favourited a post, mutes, blocks,
//! blocked domains, follow requests), loaded a page at a time as the cursor nears the end.

use std::collections::HashMap;

use crate::api::{Crowd, PeoplePage, Person, Relationship, Someone};
use crate::state::ViewId;

/// A row taken off a list while the server is asked.
#[derive(Debug, Clone)]
pub struct Taken {
    pub row: Someone,
    at: usize,
    /// Where the cursor went, if the row was the selected one.
    cursor_went: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct PeopleScreen {
    pub id: ViewId,
    pub crowd: Crowd,
    pub rows: Vec<Someone>,
    /// Cursor of the next page; `None` once everyone is loaded.
    pub next: Option<String>,
    /// The cursor of the page being loaded (`Some(None)`: the first page).
    pub pending: Option<Option<String>>,
    pub selected: usize,
    pub error: Option<String>,
    /// Pages loaded so far (bounded: a server whose pages never end is not read for ever).
    pub pages: usize,
    /// Rows the server sent that could not be read.
    pub unreadable: usize,
    /// How many the profile counted, to tell a hidden list from an empty one.
    pub counted: Option<u64>,
    /// How each account being followed, muted or blocked from a row was shown before: put
    /// back if the server refuses.
    pub relating: HashMap<String, Option<Relationship>>,
    /// Rows taken off while the server is asked (an answered request, an unblocked domain),
    /// with where they were and whether they were selected: put back if it refuses.
    pub taken: Vec<Taken>,
}

impl PeopleScreen {
    pub fn new(id: ViewId, crowd: Crowd, counted: Option<u64>) -> Self {
        PeopleScreen {
            id,
            crowd,
            rows: Vec::new(),
            next: None,
            pending: Some(None),
            selected: 0,
            error: None,
            pages: 0,
            unreadable: 0,
            counted,
            relating: HashMap::new(),
            taken: Vec::new(),
        }
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    pub fn selected_row(&self) -> Option<&Someone> {
        self.rows.get(self.selected)
    }

    pub fn selected_person(&self) -> Option<&Person> {
        match self.selected_row()? {
            Someone::Person(person) => Some(person),
            Someone::Domain(_) => None,
        }
    }

    pub fn person_mut(&mut self, account: &str) -> Option<&mut Person> {
        self.rows.iter_mut().find_map(|row| match row {
            Someone::Person(person) if person.account.id == account => Some(person),
            _ => None,
        })
    }

    /// Shows `relationship` on the account's row; answers the one shown before.
    pub fn set_relationship(
        &mut self,
        account: &str,
        relationship: Option<Relationship>,
    ) -> Option<Relationship> {
        let person = self.person_mut(account)?;
        std::mem::replace(&mut person.relationship, relationship)
    }

    /// Adds a page's rows. A reaction joins the others of its kind (who reacted is shown by
    /// reaction); the selected row stays selected.
    pub fn add(&mut self, page: PeoplePage) {
        self.unreadable += page.unreadable;
        for row in page.rows {
            if self.rows.contains(&row) {
                continue; // a page that overlaps the one before
            }
            let after_its_kind = match &row {
                Someone::Person(Person {
                    reaction: Some(reaction),
                    ..
                }) => self.rows.iter().rposition(
                    |r| matches!(r, Someone::Person(p) if p.reaction.as_ref() == Some(reaction)),
                ),
                _ => None,
            };
            match after_its_kind {
                Some(last) => {
                    if last < self.selected && !self.rows.is_empty() {
                        self.selected += 1;
                    }
                    self.rows.insert(last + 1, row);
                }
                None => self.rows.push(row),
            }
        }
    }

    /// Takes a row off while the server is asked (an answered request, an unblocked domain).
    pub fn take(&mut self, row: &Someone) {
        let Some(at) = self.rows.iter().position(|r| r == row) else {
            return;
        };
        let row = self.rows.remove(at);
        let was_selected = self.selected == at;
        if self.selected > at || self.selected >= self.rows.len() {
            self.selected = self.selected.saturating_sub(1);
        }
        let cursor_went = was_selected.then_some(self.selected);
        self.taken.push(Taken {
            row,
            at,
            cursor_went,
        });
    }

    /// The server agreed (`done`) to what took `row` off, or refused: it comes back where it
    /// was (selected again if it was and the cursor has not moved since).
    pub fn taken_answered(&mut self, row: &Someone, done: bool) {
        let Some(index) = self.taken.iter().position(|t| t.row == *row) else {
            return;
        };
        let Taken {
            row,
            at,
            cursor_went,
        } = self.taken.remove(index);
        if done {
            return;
        }
        let at = at.min(self.rows.len());
        if cursor_went.is_some() && cursor_went == Some(self.selected) {
            self.selected = at;
        } else if at <= self.selected && !self.rows.is_empty() {
            self.selected += 1;
        }
        self.rows.insert(at, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Account;

    fn reacted(id: &str, reaction: &str) -> Someone {
        Someone::Person(Person {
            account: Account {
                id: id.into(),
                username: id.into(),
                acct: id.into(),
                display_name: String::new(),
                url: None,
                bot: false,
            },
            bio: String::new(),
            relationship: None,
            reaction: Some(reaction.into()),
        })
    }

    fn ids(screen: &PeopleScreen) -> Vec<String> {
        screen
            .rows
            .iter()
            .map(|r| match r {
                Someone::Person(p) => p.account.id.clone(),
                Someone::Domain(d) => d.clone(),
            })
            .collect()
    }

    #[test]
    fn reactions_are_grouped_and_the_selected_row_stays_selected() {
        let mut screen = PeopleScreen::new(1, Crowd::FavouritedBy("n".into()), None);
        screen.add(PeoplePage {
            rows: vec![reacted("a", "❤"), reacted("b", ":blob:")],
            ..PeoplePage::default()
        });
        screen.selected = 1; // b
        screen.add(PeoplePage {
            rows: vec![
                reacted("c", "❤"),
                reacted("d", "👍"),
                reacted("b", ":blob:"),
            ],
            ..PeoplePage::default()
        });
        assert_eq!(ids(&screen), ["a", "c", "b", "d"]);
        assert_eq!(screen.selected, 2, "b is still the one selected");
    }

    #[test]
    fn a_row_taken_off_comes_back_where_it_was_if_refused() {
        let mut screen = PeopleScreen::new(1, Crowd::BlockedDomains, None);
        let domains = ["a.example", "b.example", "c.example"].map(|d| Someone::Domain(d.into()));
        screen.add(PeoplePage {
            rows: domains.to_vec(),
            ..PeoplePage::default()
        });
        screen.selected = 2;
        screen.take(&domains[1]);
        assert_eq!(screen.selected, 1, "c stays selected");
        screen.taken_answered(&domains[1], false);
        assert_eq!(ids(&screen), ["a.example", "b.example", "c.example"]);
        assert_eq!(screen.selected, 2, "c still");
        // The selected row, taken and refused, is selected again.
        screen.take(&domains[2]);
        assert_eq!(screen.selected, 1);
        screen.taken_answered(&domains[2], false);
        assert_eq!(screen.selected, 2, "c again");
        screen.take(&domains[0]);
        screen.taken_answered(&domains[0], true);
        assert_eq!(ids(&screen), ["b.example", "c.example"]);
        assert!(screen.taken.is_empty());
    }
}
