//! The timelines screen: the view on top of the active tab (its timeline, or a thread opened
//! on it) takes the keys. Moving, opening and closing views, and acting on the selected post.

use super::calls;
use super::{App, Effect};
use crate::action::Action;
use crate::api::{ApiError, Context, Post, Replies, SearchResults};
use crate::fetcher::Owner;
use crate::state::ViewId;
use crate::state::search::{SearchRow, SearchView};
use crate::state::{
    AppState, Placement, Popup, PostHeight, Prompt, PromptPurpose, Scrolled, Tab, Thread, Tracked,
    View, search_in, thread_in,
};
use crate::ui::post::{self, PostView};

/// Calls `f` with every tab, the active tab's index, the post heights at `width` columns and
/// the `rows` a view has (a pane's size). Heights read the post store while views change: the
/// two are apart.
pub(super) fn with_heights<R>(
    state: &mut AppState,
    (width, rows): (u16, u16),
    f: impl FnOnce(&mut [Tracked<Tab>], usize, PostHeight, u16) -> R,
) -> R {
    let view = PostView::new(state, width).measuring();
    let posts = &state.posts;
    let width = view.width;
    let height = |id: Option<&str>, placement: &Placement| {
        id.and_then(|id| {
            posts.height(id, width, placement, |post| {
                post::height(post, placement, &view)
            })
        })
        .unwrap_or_else(|| post::notice_height(placement))
    };
    f(&mut state.tabs, state.active, &height, rows)
}

/// A stacked view, as something to scroll (the compose view is not a list).
pub(super) fn scrolled(view: &mut View) -> Option<&mut dyn Scrolled> {
    match view {
        View::Thread(thread) => Some(thread.as_mut()),
        View::Profile(profile) => Some(&mut profile.posts),
        View::Search(search) => Some(search.as_mut()),
        View::Compose(_) | View::Screen(_) => None,
    }
}

/// The view on top of a tab, as something to scroll.
fn top(tab: &mut Tab) -> Option<&mut dyn Scrolled> {
    match tab.stack.last_mut() {
        Some(view) => scrolled(view),
        None => Some(&mut tab.timeline),
    }
}

/// Rows a stacked view scrolls in: a profile's header takes some (more with `previews`
/// shown: its avatar).
pub(super) fn viewport(view: &View, width: u16, rows: u16, previews: bool) -> u16 {
    match view {
        View::Profile(profile) => rows.saturating_sub(crate::ui::profile::header_height(
            profile, width, rows, previews,
        )),
        View::Thread(_) | View::Search(_) | View::Compose(_) | View::Screen(_) => rows,
    }
}

impl App {
    /// Keys on the timelines screen.
    pub(super) fn view_action(&mut self, action: Action) {
        let active = self.state.active;
        if self.state.tabs.is_empty() {
            return;
        }
        if let Some(View::Compose(_)) = self.state.tabs[active].stack.last() {
            return self.compose_action(action);
        }
        if action == Action::Cancel && self.state.deck.opening.is_some() {
            self.state.deck.opening = None;
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
                None if self.state.tabs[active].timeline.waiting_to_retry => {
                    // The user asked: no more waiting, though the server may refuse again.
                    let _ = self.requests.send(crate::fetcher::Command::RetryNow);
                    self.say("trying again now; the server may refuse again", false);
                }
                None => {
                    if self.state.tabs[active].timeline.in_server_order() {
                        self.say("loading them again from the top", false);
                    }
                    self.refresh(active);
                }
                Some(View::Thread(thread)) => {
                    let post = thread.focus.clone();
                    self.pop_view();
                    self.open_thread(&post);
                }
                Some(View::Profile(_)) => self.reload_profile(),
                Some(View::Search(search)) => {
                    let query = search.query.clone();
                    self.pop_view();
                    self.open_search(&query);
                }
                Some(View::Compose(_) | View::Screen(_)) => {}
            },
            Action::Confirm => self.confirm_in_view(),
            Action::Cancel if !self.state.tabs[active].stack.is_empty() => self.pop_view(),
            Action::Favourite | Action::Boost | Action::Bookmark | Action::MuteThread | Action::Pin => {
                self.act_on_post(action)
            }
            Action::React => self.open_reaction_picker(),
            Action::Search => {
                self.state.popup = Some(Popup::Prompt(Prompt::new(
                    PromptPurpose::Search,
                    String::new(),
                )))
            }
            Action::Delete => self.ask_delete_post(),
            Action::New => self.new_post(),
            Action::Reply => self.reply(false),
            Action::ReplyToAuthor => self.reply(true),
            Action::Quote => self.quote(),
            Action::Vote => self.open_ballot(),
            Action::Edit => self.edit_own_post(),
            Action::Redraft => self.ask_redraft(),
            Action::Translate => self.translate(),
            Action::History => match self.selected_post() {
                Some(post) if post.edited_at.is_some() => {
                    let post = post.id.clone();
                    self.call(super::calls::History { post });
                }
                Some(_) => self.say_in_words("this post was never edited", false),
                None => self.say_in_words("select a post first", false),
            },
            Action::Drafts => self.offer_drafts(true),
            Action::Send | Action::ExternalEditor => {
                let new = self.state.keymap.label(Action::New);
                self.say(
                    format!("that key works while writing a {} ({new})", self.words().post()),
                    false,
                );
            }
            Action::Profile => self.open_profile_of_post(),
            Action::PostsFilter if self.on_notifications() => self.toggle_mentions_only(),
            Action::Follow | Action::Mute | Action::Block | Action::PostsFilter => {
                self.profile_action(action)
            }
            Action::HideBoosts if self.state.focused_view() == crate::action::ViewKind::Profile => {
                self.profile_action(action)
            }
            Action::PrivateNote => self.profile_action(action),
            Action::Report => self.open_report(),
            Action::BoostedBy | Action::FavouritedBy => self.open_people(action),
            Action::EditProfile => self.open_profile_form(),
            Action::Antennas => self.open_antennas(),
            Action::Clips => self.open_clips(),
            Action::Channels => self.open_channels(),
            Action::Clip => self.clip_post(),
            // Taken before any view (see `App::act`).
            Action::Followers
            | Action::Following
            | Action::Mutes
            | Action::Blocks
            | Action::DomainBlocks
            | Action::FollowRequests
            | Action::SentRequests => {}
            Action::NextTab => self.cycle_tab(true),
            Action::PrevTab => self.cycle_tab(false),
            Action::FocusLeft
            | Action::FocusRight
            | Action::FocusUp
            | Action::FocusDown
            | Action::NewPane
            | Action::NewPaneBelow
            | Action::MoveTab
            | Action::ClosePane
            | Action::WidenPane
            | Action::NarrowPane
            | Action::TallerPane
            | Action::ShorterPane => self.deck_action(action),
            Action::Tab(n) => {
                let index = usize::from(n) - 1;
                if index < self.state.tabs.len() {
                    self.activate(index);
                } else {
                    self.say(format!("there is no tab {n}"), false);
                }
            }
            Action::Home => self.open_tab(crate::api::TimelineKind::Home),
            Action::Notifications => self.open_tab(crate::api::TimelineKind::Notifications {
                mentions_only: false,
            }),
            Action::Direct => self.open_tab(crate::api::TimelineKind::Direct),
            Action::AcceptRequest => self.answer_request(true),
            Action::RejectRequest => self.answer_request(false),

            Action::Bookmarks => self.open_tab(crate::api::TimelineKind::Bookmarks),
            Action::Favourites if self.is_misskey() => {
                let favorites = self.state.keymap.label(Action::Bookmarks);
                self.say(
                    format!("Misskey keeps no list of liked notes; {favorites} shows your favorites"),
                    false,
                );
            }
            Action::Favourites => self.open_tab(crate::api::TimelineKind::Favourites),
            Action::Local => self.open_tab(crate::api::TimelineKind::Local),
            Action::Federated => self.open_tab(crate::api::TimelineKind::Federated),
            Action::Social if self.state.flavor == crate::api::detect::Flavor::Misskey => {
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
            Action::AccountLists => match self.shown_account() {
                Some(account) => self.open_account_lists(account),
                None => self.say_in_words("select a post first", false),
            },
            Action::OpenPostTag => self.pick_from_post(crate::state::PickerPurpose::Tag),
            Action::FollowTag => self.on_a_tag(crate::state::PickerPurpose::FollowTag),
            Action::FeatureTag => self.on_a_tag(crate::state::PickerPurpose::FeatureTag),
            Action::FollowedTags => self.open_followed_tags(),
            Action::Explore => self.open_explore(),
            Action::HideBoosts => self.toggle_quiet(true),
            Action::HideReplies => self.toggle_quiet(false),
            Action::Announcements => self.open_announcements(),
            Action::Filters => self.open_filters(),
            Action::Scheduled => self.open_scheduled(),
            Action::FilterPost => self.filter_from_post(),
            Action::NotificationRequests => self.open_notification_requests(),
            Action::NotificationPolicy => self.open_notification_policy(),
            Action::OpenLink => self.pick_from_post(crate::state::PickerPurpose::Link),
            Action::OpenPost => match self.selected_post().and_then(|p| p.url.clone()) {
                Some(url) => self.effects.push(Effect::OpenUrl(url)),
                None => self.say_in_words("this post has no web address", false),
            },
            Action::OpenList => self.open_list_picker(),
            Action::OpenMedia => self.open_media(),
            Action::SaveMedia => self.save_media(),
            Action::TogglePreviews => self.toggle_previews(),
            Action::Copy => match self.selected_post().and_then(|p| p.url.clone()) {
                Some(url) => self.copy(url, &self.in_words("the post's address")),
                None => self.say_in_words("this post has no web address", false),
            },
            Action::Cancel
            | Action::DeleteChar
            | Action::Suspend
            | Action::Redraw
            | Action::Help
            | Action::Palette
            | Action::More
            | Action::Messages
            | Action::Quit
            | Action::ManageLists
            | Action::Accounts
            // Keys of other views: not offered here, so they never arrive (see `ViewKind`).
            | Action::Members
            | Action::Rename
            | Action::Filter => {}
        }
        self.load_older_if_due();
    }

    /// Moves within the view on top of the active tab.
    pub(super) fn navigate(&mut self, f: impl FnOnce(&mut dyn Scrolled, PostHeight, u16)) {
        let size = self.state.active_size();
        let width = size.0;
        let previews = self.state.previews.shown;
        with_heights(&mut self.state, size, |tabs, active, height, rows| {
            if let Some(tab) = tabs.get_mut(active) {
                let rows = tab
                    .stack
                    .last()
                    .map_or(rows, |v| viewport(v, width, rows, previews));
                if let Some(view) = top(tab) {
                    f(view, height, rows);
                }
            }
        });
    }

    /// The id of the post selected in the view on top of the active tab.
    pub(super) fn selected_post_id(&self) -> Option<String> {
        let tab = self.state.active_tab()?;
        match tab.stack.last() {
            None => tab.timeline.selected_entry().and_then(|e| e.post.clone()),
            Some(View::Thread(thread)) => thread.selected_post().map(str::to_owned),
            Some(View::Profile(profile)) => {
                profile.posts.selected_entry().and_then(|e| e.post.clone())
            }
            Some(View::Search(search)) => search.selected_post().map(str::to_owned),
            Some(View::Compose(_) | View::Screen(_)) => None,
        }
    }

    /// The account the view on top is about: a profile's, or the selected post's author.
    pub(super) fn shown_account(&self) -> Option<crate::api::Account> {
        match self.state.active_tab()?.stack.last() {
            Some(View::Profile(profile)) => profile.account().cloned(),
            _ => self.selected_post().map(|p| p.author.clone()),
        }
    }

    /// The post selected in the view on top of the active tab.
    pub fn selected_post(&self) -> Option<&Post> {
        self.state.posts.get(&self.selected_post_id()?)
    }

    fn toggle_cw(&mut self) {
        let Some(post) = self.selected_post() else {
            return;
        };
        if !crate::state::posts::can_reveal(post, self.state.previews.shown) {
            return self.say_in_words("this post has no content warning", false);
        }
        let id = post.id.clone();
        let tab = &mut self.state.tabs[self.state.active];
        let revealed = match tab.stack.last_mut() {
            None => &mut tab.timeline.revealed,
            Some(View::Thread(thread)) => &mut thread.revealed,
            Some(View::Profile(profile)) => &mut profile.posts.revealed,
            Some(View::Search(search)) => &mut search.revealed,
            Some(View::Compose(_) | View::Screen(_)) => return,
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
        let timeline = match tab.stack.last_mut() {
            None => Some(&mut tab.timeline),
            Some(View::Profile(profile)) => Some(&mut profile.posts),
            Some(View::Thread(_) | View::Search(_) | View::Compose(_) | View::Screen(_)) => None,
        };
        if let Some(timeline) = timeline
            && timeline.gap_selected()
        {
            return match timeline.gap_request() {
                Some(page) => {
                    let request = super::timeline_request(timeline, page);
                    self.call(request);
                }
                None => self.say("already loading", false),
            };
        }
        match self.state.tabs[self.state.active].stack.last_mut() {
            Some(View::Thread(thread)) if thread.selected_post().is_none() => {
                let view = thread.id;
                match thread.more_request() {
                    Some(post) => self.call(calls::MoreReplies { view, post }),
                    None => self.say("already loading", false),
                }
            }
            // A found account opens its profile, a hashtag its tab, a link its page.
            Some(View::Search(search)) if search.selected_post().is_none() => {
                match search.selected().cloned() {
                    Some(SearchRow::Account(account)) => {
                        let acct = account.acct.clone();
                        self.open_profile(Some(account), &acct);
                    }
                    Some(SearchRow::Hashtag(tag)) => {
                        self.open_tab(crate::api::TimelineKind::Hashtag(tag))
                    }
                    Some(SearchRow::TrendingTag(tag)) => {
                        self.open_tab(crate::api::TimelineKind::Hashtag(tag.name))
                    }
                    Some(SearchRow::Link(card)) => self.effects.push(Effect::OpenUrl(card.url)),
                    _ => {}
                }
            }
            // A notification about an account (a follow) opens who it is about; an unread
            // conversation opened is read.
            _ => {
                if let Some(with) = self.selected_chat() {
                    return self.open_chat(with);
                }
                self.read_selected_conversation();
                match self.selected_post_id() {
                    Some(post) => self.open_thread(&post),
                    None => self.open_profile_of_post(),
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
            return self.say_in_words("this is the post's thread", false);
        }
        let tab = &self.state.tabs[self.state.active];
        let revealed = match tab.stack.last() {
            None => tab.timeline.revealed.contains(post_id),
            Some(View::Thread(thread)) => thread.revealed.contains(post_id),
            Some(View::Profile(profile)) => profile.posts.revealed.contains(post_id),
            Some(View::Search(search)) => search.revealed.contains(post_id),
            Some(View::Compose(_) | View::Screen(_)) => false,
        };
        let id = self.new_view_id();
        let thread = Thread::new(id, &post, revealed);
        self.push_view(View::Thread(Box::new(thread)));
        self.call(calls::Thread {
            view: id,
            post: post_id.to_owned(),
        });
    }

    /// Puts a view on top of the active tab (over a screen too: a member's profile goes back
    /// to the members).
    pub(super) fn push_view(&mut self, view: View) {
        self.state.tabs[self.state.active].stack.push(view);
    }

    /// Closes the view on top of the active tab: its requests stop, and the view under it
    /// shows as it was left.
    pub(super) fn pop_view(&mut self) {
        let active = self.state.active;
        if let Some(view) = self.state.tabs[active].stack.pop() {
            if let Some(id) = view.id() {
                self.cancel(Owner::View(id));
            }
            self.state.forget_unshown_posts();
        }
    }

    /// Shows `screen` over the active tab: in place of a screen already on top (one screen
    /// leads to another, and going back leaves them all), else over its views.
    pub(super) fn show_screen(&mut self, screen: crate::state::Screen) {
        let Some(tab) = self.state.tabs.get_mut(self.state.active) else {
            return;
        };
        if matches!(tab.stack.last(), Some(View::Screen(_))) {
            tab.stack.pop();
        }
        tab.stack.push(View::Screen(Box::new(screen)));
    }

    /// Leaves the screen on top of the active tab, if one is: what is under it shows again.
    pub(super) fn leave_screen(&mut self) {
        if self.state.screen().is_some() {
            self.state.tabs[self.state.active].stack.pop();
        }
    }

    /// Searches, showing the results on top of the active tab.
    pub(super) fn open_search(&mut self, query: &str) {
        let id = self.new_view_id();
        self.push_view(View::Search(Box::new(SearchView::new(id, query))));
        self.call(calls::Search {
            view: id,
            query: query.to_owned(),
        });
    }

    pub(super) fn search_arrived(&mut self, view: ViewId, result: Result<SearchResults, ApiError>) {
        let Some(search) = search_in(&mut self.state.tabs, view) else {
            return;
        };
        match result {
            Ok(results) => search.apply(results, &mut self.state.posts),
            Err(error) => search.failed(format!("could not search: {error}")),
        }
    }

    pub(super) fn thread_arrived(&mut self, view: ViewId, result: Result<Context, ApiError>) {
        let Some(thread) = thread_in(&mut self.state.tabs, view) else {
            return; // closed meanwhile
        };
        match result {
            Ok(context) => {
                thread.apply(context, &mut self.state.posts);
                // The post where it was opened, whole, under what it replies to: from the
                // root's first line when that fits, else as much of it as fits above (at
                // least a third of the screen).
                let size = self.state.view_size(view);
                with_heights(&mut self.state, size, |tabs, _, height, rows| {
                    if let Some(thread) = thread_in(tabs, view) {
                        let focus = thread.focus_index();
                        let above = (0..focus)
                            .map(|index| thread.row_height(index, height))
                            .fold(0u16, u16::saturating_add);
                        let own = thread.row_height(focus, height);
                        thread.scroll.selected = focus;
                        thread.scroll.selected_row =
                            above.min((rows / 3).max(rows.saturating_sub(own)));
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
