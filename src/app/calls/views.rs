//! What a view shows: a page of a timeline, a thread and the replies it did not come with, a
//! profile, search results. Each belongs to its view and is cancelled when the view closes.

use async_trait::async_trait;

use super::land;
use crate::api::{
    Account, ApiError, Context, Page, PageRequest, Profile, Replies, SearchResults, TimelineKind,
};
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::state::ViewId;

/// A page of a timeline, tagged with the timeline's generation so an answer to a timeline
/// since reloaded is recognised and dropped.
#[derive(Debug)]
pub struct TimelinePage {
    pub view: ViewId,
    pub generation: u64,
    pub kind: TimelineKind,
    pub page: PageRequest,
}

#[async_trait]
impl Call for TimelinePage {
    type Output = Page;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Page, ApiError> {
        net.backend.timeline(&self.kind, &self.page).await
    }

    fn arrived(self: Box<Self>, result: Result<Page, ApiError>) -> Landed {
        land(move |app| {
            // Part of the page waits for a permission: the user is offered it.
            let lacking = result.as_ref().ok().and_then(|page| page.lacking.clone());
            app.apply_page(self.view, self.generation, self.page, result);
            app.send_after_first_page();
            if let Some(permission) = lacking {
                app.offer_permission(permission);
            }
        })
    }
}

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

    async fn fetch(&self, net: &Net<'_>) -> Result<Context, ApiError> {
        net.backend.context(&self.post).await
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

    async fn fetch(&self, net: &Net<'_>) -> Result<Replies, ApiError> {
        net.backend.replies(&self.post).await
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

    async fn fetch(&self, net: &Net<'_>) -> Result<Profile, ApiError> {
        let account = match &self.account {
            Some(account) => account.clone(),
            None => net.backend.lookup_account(&self.acct).await?,
        };
        net.backend.profile(&account).await
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

    async fn fetch(&self, net: &Net<'_>) -> Result<SearchResults, ApiError> {
        net.backend.search(&self.query).await
    }

    fn arrived(self: Box<Self>, result: Result<SearchResults, ApiError>) -> Landed {
        land(move |app| app.search_arrived(self.view, result))
    }
}
