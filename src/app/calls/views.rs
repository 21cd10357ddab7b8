//! What a view over a timeline shows: a thread and the replies it did not come with, a
//! profile, search results. Each belongs to its view and is cancelled when the view closes.

use async_trait::async_trait;

use super::land;
use crate::api::{Account, ApiError, Backend, Context, Profile, Replies, SearchResults};
use crate::fetcher::{Call, Landed, Owner};
use crate::state::ViewId;

/// The conversation around a post.
#[derive(Debug)]
pub struct Thread {
    pub view: ViewId,
    pub post: String,
}

#[async_trait]
impl Call for Thread {
    type Output = Context;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, backend: &dyn Backend) -> Result<Context, ApiError> {
        backend.context(&self.post).await
    }

    fn arrived(self: Box<Self>, result: Result<Context, ApiError>) -> Landed {
        land(move |app| app.thread_arrived(self.view, result))
    }
}

/// Replies to a post of a thread that were not fetched with it.
#[derive(Debug)]
pub struct MoreReplies {
    pub view: ViewId,
    pub post: String,
}

#[async_trait]
impl Call for MoreReplies {
    type Output = Replies;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, backend: &dyn Backend) -> Result<Replies, ApiError> {
        backend.replies(&self.post).await
    }

    fn arrived(self: Box<Self>, result: Result<Replies, ApiError>) -> Landed {
        land(move |app| app.replies_arrived(self.view, &self.post, result))
    }
}

/// A profile: of a known account, or of `acct` looked up first (a mention).
#[derive(Debug)]
pub struct ProfileOf {
    pub view: ViewId,
    pub account: Option<Account>,
    pub acct: String,
}

#[async_trait]
impl Call for ProfileOf {
    type Output = Profile;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, backend: &dyn Backend) -> Result<Profile, ApiError> {
        let account = match &self.account {
            Some(account) => account.clone(),
            None => backend.lookup_account(&self.acct).await?,
        };
        backend.profile(&account).await
    }

    fn arrived(self: Box<Self>, result: Result<Profile, ApiError>) -> Landed {
        land(move |app| app.profile_arrived(self.view, result))
    }
}

#[derive(Debug)]
pub struct Search {
    pub view: ViewId,
    pub query: String,
}

#[async_trait]
impl Call for Search {
    type Output = SearchResults;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, backend: &dyn Backend) -> Result<SearchResults, ApiError> {
        backend.search(&self.query).await
    }

    fn arrived(self: Box<Self>, result: Result<SearchResults, ApiError>) -> Landed {
        land(move |app| app.search_arrived(self.view, result))
    }
}
