//! Acting on the selected post: favourite, boost, bookmark, mute its conversation, delete.
//! Each is shown at once on the one copy of the post, and undone if the server refuses.

use super::App;
use crate::action::Action;
use crate::api::{ApiError, Post, PostAction};
use crate::fetcher::{Owner, Request};
use crate::state::{Confirmed, Popup, View};

impl App {
    /// Favourite, boost, bookmark, mute: shown at once, sent, undone if the server refuses.
    pub(super) fn act_on_post(&mut self, action: Action) {
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

    pub(super) fn ask_delete_post(&mut self) {
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
                    View::Profile(profile) => profile.posts.remove_post(post),
                }
            }
        }
        self.state.posts.remove(post);
        self.say("post deleted", false);
    }
}
