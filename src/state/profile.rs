//! An account's profile: who they are and how the viewer relates to them, above their posts
//! (a timeline of its own, pinned posts first).

use super::timeline::Timeline;
use crate::api::{Account, AccountPosts, Profile, Relationship, TimelineKind};
use crate::state::ViewId;

#[derive(Debug, Clone)]
pub struct ProfileView {
    pub id: ViewId,
    /// `user@host` as asked for (a mention gives only this).
    pub acct: String,
    pub profile: Option<Profile>,
    pub error: Option<String>,
    /// A follow, mute or block waits for the server.
    pub relating: bool,
    /// The account's posts; asked for once the account's id is known.
    pub posts: Timeline,
}

impl ProfileView {
    pub fn new(id: ViewId, account: Option<&Account>, acct: &str) -> ProfileView {
        ProfileView {
            id,
            acct: acct.to_owned(),
            profile: None,
            error: None,
            relating: false,
            posts: Timeline::new(
                id,
                posts_of(account.map_or("", |a| &a.id), acct, AccountPosts::Posts),
            ),
        }
    }

    /// The account, once known.
    pub fn account(&self) -> Option<&Account> {
        self.profile.as_ref().map(|p| &p.account)
    }

    /// The profile arrived: its posts can be asked for now (the kind gets the account's id).
    pub fn arrived(&mut self, profile: Profile) {
        let filter = self.filter();
        if self.posts.kind != posts_of(&profile.account.id, &profile.account.acct, filter) {
            self.posts.kind = posts_of(&profile.account.id, &profile.account.acct, filter);
            self.posts.reset();
        }
        self.profile = Some(profile);
        self.error = None;
    }

    pub fn filter(&self) -> AccountPosts {
        match &self.posts.kind {
            TimelineKind::Account { posts, .. } => *posts,
            _ => AccountPosts::Posts,
        }
    }

    /// Shows the next choice of posts (posts, with replies, media); the old ones go.
    pub fn next_filter(&mut self) {
        if let TimelineKind::Account { posts, .. } = &mut self.posts.kind {
            *posts = posts.next();
        }
        self.posts.reset();
    }

    pub fn set_relationship(&mut self, relationship: Relationship) {
        self.relating = false;
        if let Some(profile) = &mut self.profile {
            profile.relationship = Some(relationship);
        }
    }

    pub fn is_loading(&self) -> bool {
        self.profile.is_none() && self.error.is_none() || self.relating || self.posts.is_loading()
    }
}

fn posts_of(id: &str, acct: &str, posts: AccountPosts) -> TimelineKind {
    TimelineKind::Account {
        id: id.to_owned(),
        acct: acct.to_owned(),
        posts,
    }
}
