//! A chat (Misskey): its messages oldest at the top, the one chosen (to react to or delete),
//! and the message being written under them.

use crate::api::{ChatWith, Page, Post};

use super::{Editor, ViewId};

#[derive(Debug, Clone)]
pub struct ChatScreen {
    pub id: ViewId,
    pub with: ChatWith,
    /// Oldest first.
    pub messages: Vec<Post>,
    /// Where older messages start (a message's id), while there may be more.
    pub older: Option<String>,
    pub loading: bool,
    /// The message chosen; the newest until the user moves.
    pub selected: usize,
    /// The message being written (Enter sends it).
    pub input: Editor,
    pub writing: bool,
    /// A file to send with it.
    pub file: Option<std::path::PathBuf>,
    pub sending: bool,
    pub error: Option<String>,
}

impl ChatScreen {
    pub fn new(id: ViewId, with: ChatWith) -> ChatScreen {
        ChatScreen {
            id,
            with,
            messages: Vec::new(),
            older: None,
            loading: true,
            selected: 0,
            input: Editor::one_line(""),
            writing: false,
            file: None,
            sending: false,
            error: None,
        }
    }

    /// A page arrived (newest first): the newest page, or one of older messages above.
    pub fn page_arrived(&mut self, page: Page, older: bool) {
        self.loading = false;
        let at_newest = self.selected + 1 >= self.messages.len();
        let mut arrived: Vec<Post> = page.entries.into_iter().filter_map(|e| e.post).collect();
        arrived.retain(|m| !self.messages.iter().any(|known| known.id == m.id));
        arrived.reverse();
        let added = arrived.len();
        match older {
            true => {
                self.older = page.older.filter(|_| added > 0);
                arrived.extend(std::mem::take(&mut self.messages));
                self.messages = arrived;
                self.selected += added;
            }
            false => {
                if self.messages.is_empty() {
                    self.older = page.older;
                }
                self.messages.extend(arrived);
                if at_newest {
                    self.selected = self.messages.len().saturating_sub(1);
                }
            }
        }
    }

    /// A message sent or streamed: at the bottom, followed there if the newest was chosen.
    pub fn add(&mut self, message: Post) {
        if let Some(known) = self.messages.iter_mut().find(|m| m.id == message.id) {
            *known = message;
            return;
        }
        let at_newest = self.selected + 1 >= self.messages.len();
        self.messages.push(message);
        if at_newest {
            self.selected = self.messages.len() - 1;
        }
    }

    pub fn chosen(&self) -> Option<&Post> {
        self.messages.get(self.selected)
    }

    pub fn chosen_mut(&mut self) -> Option<&mut Post> {
        self.messages.get_mut(self.selected)
    }

    /// Takes a message out (deleted).
    pub fn remove(&mut self, id: &str) {
        self.messages.retain(|m| m.id != id);
        self.selected = self.selected.min(self.messages.len().saturating_sub(1));
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }
}
