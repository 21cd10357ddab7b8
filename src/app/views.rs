//! The timelines screen: the view on top of the active tab (its timeline, or a thread opened
//! on it) takes the keys. Moving, opening and closing views, and acting on the selected post.

use super::{App, Effect};
use crate::action::Action;
use crate::api::{ApiError, Context, Post, PostAction, Replies};
use crate::fetcher::{Owner, Request, ViewId};
use crate::state::{
    AppState, Confirmed, Placement, Popup, PostHeight, Prompt, PromptPurpose, Scrolled, Tab,
    Thread, View, thread_in,
};
use crate::ui::post::{self, PostView};

/// Calls `f` with every tab, the active tab's index, the post heights at the current width and
/// the rows a view has. Heights read the post store while views change: the two are apart.
pub(super) fn with_heights<R>(
    state: &mut AppState,
    f: impl FnOnce(&mut [Tab], usize, PostHeight, u16) -> R,
) -> R {
    let rows = state.timeline_rows();
    let cw_key = state.keymap.label(Action::ToggleCw);
    let view = PostView {
        width: state.size.0,
        now: state.now,
        cw_key: &cw_key,
    };
    let posts = &state.posts;
    let height = |id: &str, placement: &Placement| {
        posts
            .get(id)
            .map_or(1, |post| post::height(post, placement, &view))
    };
    f(&mut state.tabs, state.active, &height, rows)
}

/// The view on top of a tab, as something to scroll.
fn top(tab: &mut Tab) -> &mut dyn Scrolled {
    match tab.stack.last_mut() {
        Some(View::Thread(thread)) => thread,
        None => &mut tab.timeline,
    }
}

impl App {
    /// Keys on the timelines screen.
    pub(super) fn view_action(&mut self, action: Action) {
        let active = self.state.active;
        if self.state.tabs.is_empty() {
            return;
        }
        match action {
            Action::Down => self.navigate(|view, height, rows| {
                let next = view.scroll().selected + 1;
                view.select(next, height, rows)
            }),
            Action::Up => self.navigate(|view, height, rows| {
                let previous = view.scroll().selected.saturating_sub(1);
                view.select(previous, height, rows)
            }),
            Action::PageDown | Action::Toggle => {
                self.navigate(|view, height, rows| view.page_down(height, rows))
            }
            Action::PageUp => self.navigate(|view, height, rows| view.page_up(height, rows)),
            Action::Top => self.navigate(|view, height, rows| view.select(0, height, rows)),
            Action::Bottom => {
                self.navigate(|view, height, rows| view.select(usize::MAX, height, rows))
            }
            Action::ToggleCw => self.toggle_cw(),
            Action::Refresh => match self.state.tabs[active].stack.last() {
                None => self.refresh(active),
                Some(View::Thread(thread)) => {
                    let post = thread.focus.clone();
                    self.pop_view();
                    self.open_thread(&post);
                }
            },
            Action::Confirm => self.confirm_in_view(),
            Action::Cancel if !self.state.tabs[active].stack.is_empty() => self.pop_view(),
            Action::Favourite | Action::Boost | Action::Bookmark | Action::MuteThread => {
                self.act_on_post(action)
            }
            Action::Delete => self.ask_delete_post(),
            Action::NextTab => self.activate((active + 1) % self.state.tabs.len()),
            Action::PrevTab => {
                let count = self.state.tabs.len();
                self.activate((active + count - 1) % count);
            }
            Action::Tab(n) => {
                let index = usize::from(n) - 1;
                if index < self.state.tabs.len() {
                    self.activate(index);
                } else {
                    self.say(format!("there is no tab {n}"), false);
                }
            }
            Action::Home => self.open_tab(crate::api::TimelineKind::Home),
            Action::Local => self.open_tab(crate::api::TimelineKind::Local),
            Action::Federated => self.open_tab(crate::api::TimelineKind::Federated),
            Action::Social if self.state.social_available => {
                self.open_tab(crate::api::TimelineKind::Social)
            }
            Action::Social => self.say("only Misskey servers have a social timeline", false),
            Action::CloseTab => self.close_tab(),
            Action::OpenHashtag => {
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::Hashtag,
                    String::new(),
                )))
            }
            Action::AccountLists => match self.selected_post() {
                Some(post) => {
                    let author = post.author.clone();
                    self.open_account_lists(author);
                }
                None => self.say("select a post first", false),
            },
            Action::OpenPostTag => self.pick_from_post(crate::state::PickerPurpose::Tag),
            Action::OpenLink => self.pick_from_post(crate::state::PickerPurpose::Link),
            Action::OpenPost => match self.selected_post().and_then(|p| p.url.clone()) {
                Some(url) => self.effects.push(Effect::OpenUrl(url)),
                None => self.say("this post has no web address", false),
            },
            Action::OpenList => self.open_list_picker(),
            Action::Copy => match self.selected_post().and_then(|p| p.url.clone()) {
                Some(url) => {
                    self.effects.push(Effect::Copy(url));
                    self.say(
                        "copied the post's address, where the terminal allows it",
                        false,
                    );
                }
                None => self.say("this post has no web address", false),
            },
            Action::Cancel
            | Action::DeleteChar
            | Action::Suspend
            | Action::Redraw
            | Action::Help
            | Action::Quit
            | Action::ManageLists
            | Action::Accounts => {}
            // Keys of the list screens: say where they work rather than do nothing.
            Action::Members | Action::New | Action::Rename | Action::Edit | Action::Filter => {
                let lists = self.state.keymap.label(Action::ManageLists);
                let key = self.state.keymap.label(action);
                self.say(
                    format!("{key} works on the lists screen; press {lists} to open it"),
                    false,
                );
            }
        }
        self.load_older_if_due();
    }

    /// Moves within the view on top of the active tab.
    fn navigate(&mut self, f: impl FnOnce(&mut dyn Scrolled, PostHeight, u16)) {
        with_heights(&mut self.state, |tabs, active, height, rows| {
            if let Some(tab) = tabs.get_mut(active) {
                f(top(tab), height, rows);
            }
        });
    }

    /// The id of the post selected in the view on top of the active tab.
    pub(super) fn selected_post_id(&self) -> Option<String> {
        let tab = self.state.active_tab()?;
        match tab.stack.last() {
            None => tab.timeline.selected_entry().map(|e| e.post.clone()),
            Some(View::Thread(thread)) => thread.selected_post().map(str::to_owned),
        }
    }

    /// The post selected in the view on top of the active tab.
    pub(super) fn selected_post(&self) -> Option<&Post> {
        self.state.posts.get(&self.selected_post_id()?)
    }

    fn toggle_cw(&mut self) {
        let Some(post) = self.selected_post() else {
            return;
        };
        if !crate::state::posts::can_reveal(post) {
            return self.say("this post has no content warning", false);
        }
        let id = post.id.clone();
        let tab = &mut self.state.tabs[self.state.active];
        let revealed = match tab.stack.last_mut() {
            None => &mut tab.timeline.revealed,
            Some(View::Thread(thread)) => &mut thread.revealed,
        };
        crate::state::posts::toggle(revealed, &id);
        // Its height changed: keep it on screen.
        self.navigate(|view, height, rows| {
            let selected = view.scroll().selected;
            view.select(selected, height, rows)
        });
    }

    /// Enter: load a gap or more replies where one is selected, else open the post's thread.
    fn confirm_in_view(&mut self) {
        let tab = &mut self.state.tabs[self.state.active];
        match tab.stack.last_mut() {
            None if tab.timeline.gap_selected() => match tab.timeline.gap_request() {
                Some(page) => {
                    let request = super::timeline_request(tab, page);
                    self.send(request);
                }
                None => self.say("already loading", false),
            },
            Some(View::Thread(thread)) if thread.selected_post().is_none() => {
                let view = thread.id;
                match thread.more_request() {
                    Some(post) => self.send(Request::Replies { view, post }),
                    None => self.say("already loading", false),
                }
            }
            _ => {
                if let Some(post) = self.selected_post_id() {
                    self.open_thread(&post);
                }
            }
        }
    }

    /// Opens a post's thread on top of the active tab: the post shows at once, the
    /// conversation when it arrives.
    fn open_thread(&mut self, post_id: &str) {
        let Some(post) = self.state.posts.get(post_id).cloned() else {
            return;
        };
        let in_view_already = matches!(
            self.state.tabs[self.state.active].stack.last(),
            Some(View::Thread(t)) if t.focus == post_id
        );
        if in_view_already {
            return self.say("this is the post's thread", false);
        }
        let tab = &self.state.tabs[self.state.active];
        let revealed = match tab.stack.last() {
            None => tab.timeline.revealed.contains(post_id),
            Some(View::Thread(thread)) => thread.revealed.contains(post_id),
        };
        let id = self.new_view_id();
        let thread = Thread::new(id, &post, revealed);
        self.state.tabs[self.state.active]
            .stack
            .push(View::Thread(thread));
        self.send(Request::Thread {
            view: id,
            post: post_id.to_owned(),
        });
    }

    /// Closes the view on top of the active tab: its requests stop, and the view under it
    /// shows as it was left.
    fn pop_view(&mut self) {
        let active = self.state.active;
        if let Some(view) = self.state.tabs[active].stack.pop() {
            self.cancel(Owner::View(view.id()));
            self.state.forget_unshown_posts();
        }
    }

    /// Favourite, boost, bookmark, mute: shown at once, sent, undone if the server refuses.
    fn act_on_post(&mut self, action: Action) {
        let Some(post) = self.selected_post() else {
            return self.say("select a post first", false);
        };
        let post_action = match action {
            Action::Favourite => post.favourite_toggle(),
            Action::Boost => {
                if !post.mine.boosted()
                    && let Some(why) = post.why_not_boostable(self.state.me.as_ref())
                {
                    return self.say(why, false);
                }
                PostAction::Boost(!post.mine.boosted())
            }
            Action::Bookmark => PostAction::Bookmark(!post.mine.bookmarked()),
            Action::MuteThread => PostAction::MuteThread(!post.mine.thread_muted()),
            _ => return,
        };
        let id = post.id.clone();
        if self.state.posts.is_pending(&id, &post_action) {
            return self.say(
                "still waiting for the server's answer about this post",
                false,
            );
        }
        self.state.posts.act(&id, &post_action);
        self.send(Request::Act {
            post: id,
            action: post_action,
        });
        // Its counts line may have grown a mark: keep it on screen.
        self.navigate(|view, height, rows| {
            let selected = view.scroll().selected;
            view.select(selected, height, rows)
        });
    }

    pub(super) fn acted(
        &mut self,
        post: &str,
        action: &PostAction,
        result: Result<Option<Post>, ApiError>,
    ) {
        match result {
            Ok(copy) => {
                self.state.posts.settle(post, action, Ok(copy));
                self.say(action.done(), false);
            }
            Err(error) => {
                self.state.posts.settle(post, action, Err(()));
                self.say(format!("could not {}: {error}", action.verb()), true);
            }
        }
    }

    fn ask_delete_post(&mut self) {
        let Some(post) = self.selected_post() else {
            return self.say("select a post first", false);
        };
        let own = self
            .state
            .me
            .as_ref()
            .is_some_and(|me| me.id == post.author.id);
        if !own {
            return self.say("you can delete only your own posts", false);
        }
        let id = post.id.clone();
        self.state.popup = Some(Popup::Confirm {
            question: "Delete this post? It cannot be undone.".into(),
            on_yes: Confirmed::DeletePost(id),
            back: None,
        });
    }

    pub(super) fn delete_post(&mut self, post: String) {
        self.say("deleting…", false);
        self.send(Request::DeletePost { post });
    }

    pub(super) fn post_deleted(&mut self, post: &str, result: Result<(), ApiError>) {
        if let Err(error) = result {
            return self.say(format!("could not delete the post: {error}"), true);
        }
        for tab in &mut self.state.tabs {
            tab.timeline.remove_post(post);
            // A thread opened on the post goes, with what was opened on top of it.
            if let Some(at) = tab
                .stack
                .iter()
                .position(|v| matches!(v, View::Thread(t) if t.focus == post))
            {
                for view in tab.stack.split_off(at) {
                    let _ = self
                        .requests
                        .send(crate::fetcher::Command::Cancel(Owner::View(view.id())));
                }
            }
            for view in &mut tab.stack {
                match view {
                    View::Thread(thread) => thread.remove_post(post),
                }
            }
        }
        self.state.posts.remove(post);
        self.say("post deleted", false);
    }

    pub(super) fn thread_arrived(&mut self, view: ViewId, result: Result<Context, ApiError>) {
        let Some(thread) = thread_in(&mut self.state.tabs, view) else {
            return; // closed meanwhile
        };
        match result {
            Ok(context) => {
                thread.apply(context, &mut self.state.posts);
                // The post where it was opened, with some of what it replies to above it.
                with_heights(&mut self.state, |tabs, _, height, rows| {
                    if let Some(thread) = thread_in(tabs, view) {
                        thread.scroll.selected_row = rows / 3;
                        let focus = thread.focus_index();
                        thread.select(focus, height, rows);
                    }
                });
            }
            Err(error) => thread.fail(None, error.to_string()),
        }
    }

    pub(super) fn replies_arrived(
        &mut self,
        view: ViewId,
        post: &str,
        result: Result<Replies, ApiError>,
    ) {
        let Some(thread) = thread_in(&mut self.state.tabs, view) else {
            return;
        };
        match result {
            Ok(replies) => thread.apply_replies(post, replies, &mut self.state.posts),
            Err(error) => thread.fail(Some(post), error.to_string()),
        }
    }
}
