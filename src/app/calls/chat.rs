//! Misskey chat: a chat opened from the direct messages tab shows its messages oldest at the
//! top (older ones load as the cursor reaches the top), takes a message (text and a file),
//! reactions and deletions, and hears new messages over the stream.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, ChatWith, Page, PageRequest, Post, TimelineKind, Upload};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::state::chat::ChatScreen;
use crate::state::{Confirmed, PickerPurpose, Popup, Prompt, PromptPurpose, Screen, ViewId};

/// A page of a chat's messages: the newest, or those before `older`.
#[derive(Debug)]
struct ChatPage {
    view: ViewId,
    with: ChatWith,
    older: Option<String>,
}

#[async_trait]
impl Call for ChatPage {
    type Output = Page;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Page, ApiError> {
        let page = match &self.older {
            Some(older) => PageRequest::Older(older.clone()),
            None => PageRequest::Latest,
        };
        net.backend
            .timeline(&TimelineKind::Chat(self.with.clone()), &page)
            .await
    }

    fn arrived(self: Box<Self>, result: Result<Page, ApiError>) -> Landed {
        land(move |app| {
            let Some(chat) = crate::state::chat_in(&mut app.state.tabs, self.view) else {
                return;
            };
            match result {
                Ok(page) => chat.page_arrived(page, self.older.is_some()),
                Err(error) => {
                    chat.loading = false;
                    chat.error = Some(format!("could not read the chat: {error}"));
                }
            }
        })
    }
}

/// A message sent: its file uploaded first.
#[derive(Debug)]
struct SendChat {
    view: ViewId,
    with: ChatWith,
    text: String,
    file: Option<std::path::PathBuf>,
}

#[async_trait]
impl Call for SendChat {
    type Output = Post;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Post, ApiError> {
        let file = match &self.file {
            Some(path) => {
                let upload = Upload {
                    path: path.clone(),
                    description: String::new(),
                    sensitive: false,
                };
                let quiet: crate::api::Progress = std::sync::Arc::new(|_, _| {});
                Some(net.backend.upload(&upload, quiet).await?)
            }
            None => None,
        };
        net.backend
            .send_chat(&self.with, &self.text, file.as_deref())
            .await
    }

    fn arrived(self: Box<Self>, result: Result<Post, ApiError>) -> Landed {
        land(move |app| {
            let Some(chat) = crate::state::chat_in(&mut app.state.tabs, self.view) else {
                return;
            };
            chat.sending = false;
            match result {
                Ok(message) => {
                    chat.add(message);
                    // What was sent leaves the field; what was typed since stays.
                    if chat.input.text() == self.text {
                        chat.input.set_text("");
                    }
                    chat.file = None;
                    chat.error = None;
                }
                // The message stays as typed, with why.
                Err(error) => chat.error = Some(format!("not sent: {error}")),
            }
        })
    }
}

/// A reaction given to a message or taken back, or a message deleted.
#[derive(Debug)]
enum ChatChange {
    React {
        view: ViewId,
        message: String,
        reaction: String,
        on: bool,
    },
    Delete {
        view: ViewId,
        message: String,
    },
}

#[async_trait]
impl Call for ChatChange {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        match self {
            ChatChange::React {
                message,
                reaction,
                on,
                ..
            } => net.backend.react_chat(message, reaction, *on).await,
            ChatChange::Delete { message, .. } => net.backend.delete_chat(message).await,
        }
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| {
            let view = match &*self {
                ChatChange::React { view, .. } | ChatChange::Delete { view, .. } => *view,
            };
            if let Err(error) = result {
                app.say_refusal("the chat did not change", error);
                // What the server has is shown again.
                if let Some(chat) = crate::state::chat_in(&mut app.state.tabs, view) {
                    let with = chat.with.clone();
                    chat.loading = true;
                    app.call(ChatPage {
                        view,
                        with,
                        older: None,
                    });
                }
                return;
            }
            match *self {
                ChatChange::Delete { view, message } => {
                    if let Some(chat) = crate::state::chat_in(&mut app.state.tabs, view) {
                        chat.remove(&message);
                    }
                    app.say("message deleted", false);
                }
                ChatChange::React { .. } => {}
            }
        })
    }
}

impl App {
    /// Opens a chat (from its row in the direct messages tab) over the active tab.
    pub(in crate::app) fn open_chat(&mut self, with: ChatWith) {
        let id = self.new_view_id();
        self.show_screen(Screen::Chat(Box::new(ChatScreen::new(id, with.clone()))));
        self.call(ChatPage {
            view: id,
            with,
            older: None,
        });
        self.watch_timelines();
    }

    /// The chat of the row selected in the direct messages tab, if it is one (then read).
    pub(in crate::app) fn selected_chat(&mut self) -> Option<ChatWith> {
        let tab = &mut self.state.tabs[self.state.active];
        if !tab.stack.is_empty() {
            return None;
        }
        let selected = tab.timeline.scroll.selected;
        let Some(crate::state::timeline::Row::Entry(entry)) = tab.timeline.rows.get_mut(selected)
        else {
            return None;
        };
        match entry.notice.as_mut().map(|n| &mut n.kind) {
            Some(crate::api::NoticeKind::Chat { with, unread }) => {
                *unread = false;
                Some(with.clone())
            }
            _ => None,
        }
    }

    /// Keys in a chat.
    pub(in crate::app) fn chat_action(&mut self, action: Action) {
        let Some(Screen::Chat(chat)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        let last = chat.messages.len().saturating_sub(1);
        match action {
            Action::Down => chat.selected = (chat.selected + 1).min(last),
            Action::PageDown => chat.selected = (chat.selected + 10).min(last),
            Action::Bottom => chat.selected = last,
            Action::Up | Action::PageUp | Action::Top => {
                chat.selected = match action {
                    Action::Up => chat.selected.saturating_sub(1),
                    Action::PageUp => chat.selected.saturating_sub(10),
                    _ => 0,
                };
                // At the top, older messages are asked for.
                if chat.selected == 0
                    && !chat.loading
                    && let Some(older) = chat.older.clone()
                {
                    chat.loading = true;
                    let (view, with) = (chat.id, chat.with.clone());
                    self.call(ChatPage {
                        view,
                        with,
                        older: Some(older),
                    });
                }
            }
            Action::New | Action::Reply => chat.writing = true,
            Action::Confirm if chat.writing && !chat.sending => {
                let text = chat.input.text();
                if text.trim().is_empty() && chat.file.is_none() {
                    chat.error = Some("type a message first".into());
                    return;
                }
                chat.sending = true;
                chat.error = None;
                let call = SendChat {
                    view: chat.id,
                    with: chat.with.clone(),
                    text,
                    file: chat.file.clone(),
                };
                self.call(call);
            }
            Action::NextTab => {
                let view = chat.id;
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::Attach { view },
                    String::new(),
                )));
            }
            Action::React => {
                let Some(message) = chat.chosen() else { return };
                let purpose = PickerPurpose::ChatReaction {
                    view: chat.id,
                    message: message.id.clone(),
                };
                let current = message.mine.reaction.clone();
                self.offer_reactions(purpose, current);
            }
            Action::Delete => {
                let me = self.state.me.as_ref().map(|m| m.id.clone());
                let Some(message) = chat.chosen() else { return };
                if Some(&message.author.id) != me.as_ref() {
                    return self.say("only your own messages can be deleted", false);
                }
                let on_yes = Confirmed::DeleteChatMessage {
                    view: chat.id,
                    message: message.id.clone(),
                };
                self.ask("Delete this message for everyone in the chat?", on_yes);
            }
            Action::Refresh => {
                chat.loading = true;
                let (view, with) = (chat.id, chat.with.clone());
                self.call(ChatPage {
                    view,
                    with,
                    older: None,
                });
            }
            Action::Cancel if chat.writing => chat.writing = false,
            Action::Cancel => {
                self.leave_screen();
                self.watch_timelines();
            }
            _ => {}
        }
    }

    /// A reaction chosen for a chat message: given, or (empty) the user's taken back.
    pub(in crate::app) fn react_in_chat(&mut self, view: ViewId, message: String, value: String) {
        let Some(chat) = crate::state::chat_in(&mut self.state.tabs, view) else {
            return;
        };
        let Some(post) = chat.messages.iter_mut().find(|m| m.id == message) else {
            return;
        };
        let (reaction, on) = match value.is_empty() {
            true => (post.mine.reaction.clone().unwrap_or_default(), false),
            false => (value, true),
        };
        // Shown at once: one reaction of the user's at a time.
        if let Some(old) = post.mine.reaction.take() {
            adjust(&mut post.counts.reactions, &old, false);
        }
        if on {
            adjust(&mut post.counts.reactions, &reaction, true);
            post.mine.reaction = Some(reaction.clone());
        }
        self.call(ChatChange::React {
            view,
            message,
            reaction,
            on,
        });
    }

    pub(in crate::app) fn delete_in_chat(&mut self, view: ViewId, message: String) {
        self.call(ChatChange::Delete { view, message });
    }

    /// A message the stream sent, for the chats open with `with`. A chat with a user streams
    /// its messages without their author, who is one of the two in it.
    pub(in crate::app) fn chat_message_arrived(&mut self, with: &ChatWith, message: Post) {
        let me = self.state.me.clone();
        for chat in crate::state::chats(&mut self.state.tabs) {
            if chat.with != *with {
                continue;
            }
            let mut message = message.clone();
            let known = chat
                .messages
                .iter()
                .map(|m| &m.author)
                .chain(me.as_ref())
                .find(|a| a.id == message.author.id);
            if let Some(author) = known {
                message.author = author.clone();
            }
            chat.add(message);
        }
    }
}

/// One more of `reaction`, or one fewer (gone at none).
fn adjust(counts: &mut Vec<(String, u64)>, reaction: &str, more: bool) {
    match counts.iter_mut().find(|(r, _)| r == reaction) {
        Some((_, count)) if more => *count += 1,
        Some((_, count)) => *count = count.saturating_sub(1),
        None if more => counts.push((reaction.to_owned(), 1)),
        None => {}
    }
    counts.retain(|(_, count)| *count > 0);
}
