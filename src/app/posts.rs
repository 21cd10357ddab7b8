//! Acting on the selected post: favourite, boost, bookmark, mute its conversation, pin it,
//! delete.
//! Each is shown at once on the one copy of the post, and undone if the server refuses.

use super::App;
use super::calls;
use crate::action::Action;
use crate::api::{ApiError, Post, PostAction, Visibility};
use crate::fetcher::Owner;
use crate::state::cursor;
use crate::state::{Ballot, Confirmed, Picker, PickerItem, PickerPurpose, Popup, View};
use crate::ui::words::Outcome;

impl App {
    /// Favourite, boost, bookmark, mute: shown at once, sent, undone if the server refuses.
    pub(super) fn act_on_post(&mut self, action: Action) {
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post first", false);
        };
        let post_action = match action {
            Action::Favourite => post.favourite_toggle(),
            Action::Boost => {
                if !post.mine.boosted() && !post.boostable_by(self.state.me.as_ref()) {
                    let which = match post.visibility {
                        Visibility::Private => "followers-only",
                        _ => "direct",
                    };
                    let words = self.words();
                    let (posts, boosted) = (words.post(), words.boosted());
                    return self.say(format!("{which} {posts}s cannot be {boosted}"), false);
                }
                PostAction::Boost(!post.mine.boosted())
            }
            Action::Bookmark => PostAction::Bookmark(!post.mine.bookmarked()),
            Action::MuteThread => PostAction::MuteThread(!post.mine.thread_muted()),
            Action::Pin => {
                let mine = self
                    .state
                    .me
                    .as_ref()
                    .is_some_and(|me| me.id == post.author.id);
                if !mine {
                    return self
                        .say_in_words("only your own posts can be pinned to your profile", false);
                }
                PostAction::Pin(!post.mine.pinned())
            }
            _ => return,
        };
        let id = post.id.clone();
        self.send_post_action(id, post_action);
    }

    /// Shows an action on the post at once and sends it.
    fn send_post_action(&mut self, id: String, post_action: PostAction) {
        if self.state.posts.is_pending(&id, &post_action) {
            return self.say_in_words(
                "still waiting for the server's answer about this post",
                false,
            );
        }
        self.state.posts.act(&id, &post_action);
        self.call(calls::Act {
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
                self.say(action.done(self.words()), false);
            }
            Err(error) => {
                self.state.posts.settle(post, action, Err(()));
                let verb = action.verb(self.words());
                self.say(format!("could not {verb}: {error}"), true);
            }
        }
    }

    pub(super) fn ask_delete_post(&mut self) {
        let Some(post) = self.own_selected_post("delete") else {
            return;
        };
        self.ask(
            self.in_words("Delete this post? It cannot be undone."),
            Confirmed::DeletePost(post.id),
        );
    }

    /// Copies `text` to the clipboard through the terminal and says so, with what tmux needs
    /// for it where skua runs inside tmux.
    pub(super) fn copy(&mut self, text: String, what: &str) {
        self.effects.push(super::Effect::Copy(text));
        let tmux = match self.state.in_tmux {
            true => " (in tmux: set -g set-clipboard on)",
            false => "",
        };
        self.say(
            format!("copied {what}, where the terminal allows it{tmux}"),
            false,
        );
    }

    /// The selected post if it is the user's own; else says so.
    fn own_selected_post(&mut self, doing: &str) -> Option<Post> {
        let Some(post) = self.selected_post() else {
            self.say_in_words("select a post first", false);
            return None;
        };
        let own = self
            .state
            .me
            .as_ref()
            .is_some_and(|me| me.id == post.author.id);
        if !own {
            let posts = self.words().post();
            self.say(format!("you can {doing} only your own {posts}s"), false);
            return None;
        }
        Some(post.clone())
    }

    /// Asks the server for the selected own post as written, to edit it.
    pub(super) fn edit_own_post(&mut self) {
        // Someone else's post cannot be redrafted either: that is said first.
        let Some(post) = self.own_selected_post("edit") else {
            return;
        };
        let Some(rules) = self.rules_or_ask(Action::Edit, &self.in_words("it can edit posts"))
        else {
            return;
        };
        if !rules.can_edit {
            let redraft = self.state.keymap.label(Action::Redraft);
            let posts = self.words().posts();
            return self.say(
                format!("this server cannot edit {posts} ({redraft}: delete and redraft)"),
                false,
            );
        }
        self.say("opening it to edit…", false);
        self.call(calls::EditSource { post: post.id });
    }

    pub(super) fn ask_redraft(&mut self) {
        let Some(post) = self.own_selected_post("redraft") else {
            return;
        };
        let question = match self.words().misskey {
            true => {
                "Delete this note and write it again? Its replies, renotes and reactions stay with the deleted one."
            }
            false => {
                "Delete this post and write it again? Its replies, boosts and favourites stay with the deleted one."
            }
        };
        self.ask(question, Confirmed::Redraft(post.id));
    }

    pub(super) fn delete_post(&mut self, post: String) {
        self.say("deleting…", false);
        self.call(calls::DeletePost { post });
    }

    /// Takes every post by an account (and boosts of them) out of the tabs' timelines.
    pub(super) fn hide_posts_by(&mut self, account: &str) {
        let posts = &self.state.posts;
        let by_them: Vec<String> = self
            .state
            .tabs
            .iter()
            .flat_map(|t| {
                let views = t.stack.iter().filter(|v| !matches!(v, View::Profile(_)));
                t.timeline.post_ids().chain(views.flat_map(View::post_ids))
            })
            .filter(|id| posts.get(id).is_some_and(|p| p.author.id == account))
            .map(str::to_owned)
            .collect();
        for tab in &mut self.state.tabs {
            for post in &by_them {
                tab.timeline.remove_post(post);
                for view in &mut tab.stack {
                    match view {
                        View::Thread(thread) => thread.remove_post(post),
                        View::Search(search) => search.remove_post(post),
                        // Their own profile keeps showing them.
                        View::Profile(_) | View::Compose(_) | View::Screen(_) => {}
                    }
                }
            }
        }
        self.state.forget_unshown_posts();
    }

    /// Opens the choice of how to vote in the selected post's poll.
    pub(super) fn open_ballot(&mut self) {
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post with a poll", false);
        };
        let Some(poll) = &post.poll else {
            return self.say_in_words("this post has no poll", false);
        };
        if poll.is_closed(self.state.now) {
            return self.say("this poll is closed", false);
        }
        if poll.voted() {
            return self.say("you voted in this poll already", false);
        }
        self.state.popup = Some(Popup::Vote(Ballot {
            post: post.id.clone(),
            poll: poll.clone(),
            selected: 0,
            marked: Default::default(),
        }));
    }

    pub(super) fn ballot_action(&mut self, action: Action) {
        let Some(Popup::Vote(ballot)) = &mut self.state.popup else {
            return;
        };
        let count = ballot.poll.options.len();
        match action {
            Action::Down | Action::Up => {
                ballot.selected = cursor::moved(ballot.selected, action, count, cursor::PAGE)
            }
            Action::Toggle if ballot.poll.multiple => {
                let option = ballot.selected;
                if !ballot.marked.remove(&option) {
                    ballot.marked.insert(option);
                }
            }
            Action::Confirm => {
                let choices = ballot.choices();
                let post = ballot.post.clone();
                let poll = ballot.poll.clone();
                self.state.popup = None;
                self.call(calls::Vote {
                    post,
                    poll,
                    choices,
                });
            }
            Action::Cancel => self.state.popup = None,
            _ => {}
        }
    }

    /// The server counted the vote: the poll shows it, everywhere the post is.
    pub(super) fn voted(&mut self, post: &str, result: Result<crate::api::Poll, ApiError>) {
        match result {
            Ok(poll) => {
                if let Some(mut updated) = self.state.posts.get(post).cloned() {
                    updated.poll = Some(poll);
                    self.state.posts.put(updated);
                }
                self.say("voted", false);
            }
            Err(error) => self.say(format!("could not vote: {error}"), true),
        }
    }

    /// Takes a deleted post out of every view.
    pub(super) fn remove_post_everywhere(&mut self, post: &str) {
        for tab in &mut self.state.tabs {
            tab.timeline.remove_post(post);
            for view in &mut tab.stack {
                match view {
                    View::Thread(thread) => thread.remove_post(post),
                    View::Profile(profile) => profile.posts.remove_post(post),
                    View::Search(search) => search.remove_post(post),
                    View::Compose(_) | View::Screen(_) => {}
                }
            }
        }
        self.state.posts.remove(post);
    }

    pub(super) fn post_deleted(&mut self, post: &str, result: Result<(), ApiError>) {
        if let Err(error) = result {
            let post = self.words().post();
            return self.say(format!("could not delete the {post}: {error}"), true);
        }
        for tab in &mut self.state.tabs {
            // A thread opened on the post goes, with what was opened on top of it.
            if let Some(at) = tab
                .stack
                .iter()
                .position(|v| matches!(v, View::Thread(t) if t.focus == post))
            {
                for id in tab.stack.split_off(at).iter().filter_map(View::id) {
                    let _ = self
                        .requests
                        .send(crate::fetcher::Command::Cancel(Owner::View(id)));
                }
            }
        }
        self.remove_post_everywhere(post);
        self.say_in_words("post deleted", false);
    }
}

/// Unicode reactions offered by the picker, with names to filter by.
pub(super) const UNICODE_REACTIONS: &[(&str, &str)] = &[
    ("👍", "thumbs up"),
    ("❤", "heart like"),
    ("😆", "laugh"),
    ("🎉", "party tada"),
    ("😮", "wow surprised"),
    ("🤔", "thinking"),
    ("😢", "sad cry"),
    ("🙏", "thanks pray"),
    ("🔥", "fire"),
    ("👀", "eyes"),
    ("💯", "hundred"),
    ("⭐", "star"),
];

impl App {
    /// `+` on a Misskey post: a picker of the user's recent reactions, the server's custom
    /// emoji (asked for once) and unicode ones; the current reaction can be taken back.
    pub(super) fn open_reaction_picker(&mut self) {
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post first", false);
        };
        if post.counts.favourites.is_some() {
            let key = self.state.keymap.label(Action::Favourite);
            return self.say(
                format!("emoji reactions are a Misskey feature; {key} favourites the post"),
                false,
            );
        }
        let id = post.id.clone();
        let current = post.mine.reaction.clone();
        self.offer_reactions(PickerPurpose::React(id), current);
    }

    /// The reaction picker for `purpose` (a post, a chat message): the one given first, to
    /// take back.
    pub(super) fn offer_reactions(&mut self, purpose: PickerPurpose, current: Option<String>) {
        let mut items = Vec::new();
        if let Some(current) = current {
            items.push(PickerItem {
                label: format!("remove your reaction {current}"),
                value: String::new(),
            });
        }
        let loading = self.custom_emojis.is_none();
        if loading {
            self.call(calls::Emojis);
        }
        self.state.popup = Some(Popup::Picker(Picker {
            title: "React".into(),
            purpose,
            items,
            filter: String::new(),
            selected: 0,
            loading,
        }));
        self.fill_reaction_picker();
    }

    /// Adds the recent, custom and unicode reactions to an open reaction picker.
    fn fill_reaction_picker(&mut self) {
        let Some(Popup::Picker(picker)) = &mut self.state.popup else {
            return;
        };
        if !matches!(
            picker.purpose,
            PickerPurpose::React(_) | PickerPurpose::ChatReaction { .. }
        ) {
            return;
        }
        let mut offered: Vec<PickerItem> = picker
            .items
            .iter()
            .filter(|i| i.value.is_empty())
            .cloned()
            .collect();
        let mut add = |value: String, label: String| {
            if !offered.iter().any(|i| i.value == value) {
                offered.push(PickerItem { label, value });
            }
        };
        for recent in &self.recent_reactions {
            add(recent.clone(), format!("{recent} (recent)"));
        }
        for name in self.custom_emojis.iter().flatten() {
            add(format!(":{name}:"), format!(":{name}:"));
        }
        for (emoji, name) in UNICODE_REACTIONS {
            add((*emoji).to_owned(), format!("{emoji} {name}"));
        }
        picker.items = offered;
        picker.loading = self.custom_emojis.is_none();
    }

    pub(super) fn emojis_arrived(&mut self, result: Result<Vec<String>, ApiError>) {
        match result {
            Ok(names) => self.custom_emojis = Some(names),
            Err(error) => {
                // Unicode reactions still work; the server's own are missing, said once.
                self.custom_emojis = Some(Vec::new());
                self.say(format!("could not load the server's emoji: {error}"), true);
            }
        }
        self.fill_reaction_picker();
        self.offer_emojis();
    }

    /// Reacts (or takes the reaction back), shown at once like any action.
    pub(super) fn react(&mut self, post: &str, reaction: Option<String>) {
        if let Some(reaction) = &reaction {
            self.recent_reactions.retain(|r| r != reaction);
            self.recent_reactions.insert(0, reaction.clone());
            self.recent_reactions.truncate(8);
        }
        self.send_post_action(post.to_owned(), PostAction::React(reaction));
    }
}
