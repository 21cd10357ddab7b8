//! A request as one type that carries what happens with its answer: adding an endpoint is its
//! backend method and one type implementing [`Call`] (beside the view that shows the answer),
//! not a variant in two enums and arms in two matches.
//!
//! The fetcher runs a call (retrying transient failures where the call is a read) and hands
//! what [`Call::arrived`] made of the answer back to the loop, which applies it. The fetcher
//! cannot name what it is applied to (the app is above it), so it carries it as [`Landed`].

use std::fmt::Debug;

use async_trait::async_trait;

use super::retry::{Retry, retrying};
use crate::action::Action;
use crate::api::{ApiError, Backend};
use crate::state::ViewId;

/// What a request is for, so it can be cancelled when that goes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    View(ViewId),
    /// The lists screen (member counts).
    ListsScreen,
    /// The members screen (pages of members).
    MembersScreen,
    /// A preview's picture (by the number it was asked under): dropped when scrolled away.
    Preview(u64),
    /// The server's search for the word being completed: dropped as typing goes on.
    Completion,
}

/// What a call made of its answer, for the loop to apply.
pub type Landed = Box<dyn std::any::Any + Send>;

/// An answer refused for a permission the login lacks (its name): the loop applies the answer,
/// then offers the user to approve the permission.
pub struct PermissionLacking {
    pub answer: Landed,
    pub permission: String,
}

/// An answer saying the server cannot do what the call asked (its version or its software
/// has no such call): the loop applies the answer, and no longer offers `actions`.
pub struct BeyondServer {
    pub answer: Landed,
    pub actions: &'static [Action],
}

/// What a call reaches while it runs.
pub struct Net<'a> {
    pub backend: &'a dyn Backend,
    /// The one HTTP client, for what is not the account's server (logging in to another).
    pub client: &'a reqwest::Client,
    /// Hands the loop something on the way (an upload's progress); it ends no request.
    /// Owned: an upload's body, which reports progress, outlives any borrow.
    pub tell: std::sync::Arc<dyn Fn(Landed) + Send + Sync>,
}

#[async_trait]
pub trait Call: Send + Sync + Debug + 'static {
    type Output: Send + 'static;

    /// Transient failures of reads are retried; what changes something is not (the user sees
    /// the refusal and decides).
    const RETRIED: bool;

    /// One of many small reads asked together (member counts): only a few run at a time, so
    /// a server with many lists is not sent them all at once.
    const LIMITED: bool = false;

    /// What it is for, so it is cancelled when that goes away.
    fn owner(&self) -> Option<Owner> {
        None
    }

    /// The actions that ask for this call, where some servers of a family have it and others
    /// not (by version or by software): once this server said it has not, they are no longer
    /// offered.
    fn serves(&self) -> &'static [Action] {
        &[]
    }

    /// Asks the server, once.
    async fn fetch(&self, net: &Net<'_>) -> Result<Self::Output, ApiError>;

    /// What the loop does with the answer.
    fn arrived(self: Box<Self>, result: Result<Self::Output, ApiError>) -> Landed;
}

/// A call with its answer's type erased, as the fetcher keeps it.
#[async_trait]
pub trait Job: Send + Sync + Debug {
    fn owner(&self) -> Option<Owner>;

    fn limited(&self) -> bool;

    /// Runs the call; `waiting` hears about each wait before a retry.
    async fn run(
        self: Box<Self>,
        net: &Net<'_>,
        retry: &Retry,
        waiting: &(dyn Fn(Option<ViewId>, String) + Send + Sync),
    ) -> Landed;
}

#[async_trait]
impl<C: Call> Job for C {
    fn owner(&self) -> Option<Owner> {
        Call::owner(self)
    }

    fn limited(&self) -> bool {
        C::LIMITED
    }

    async fn run(
        self: Box<Self>,
        net: &Net<'_>,
        retry: &Retry,
        waiting: &(dyn Fn(Option<ViewId>, String) + Send + Sync),
    ) -> Landed {
        let result = match C::RETRIED {
            true => {
                let view = match Call::owner(self.as_ref()) {
                    Some(Owner::View(view)) => Some(view),
                    _ => None,
                };
                retrying(retry, &|message| waiting(view, message), || self.fetch(net)).await
            }
            false => self.fetch(net).await,
        };
        let actions = self.serves();
        match &result {
            Err(ApiError::Lacks(permission)) => {
                let permission = permission.clone();
                Box::new(PermissionLacking {
                    answer: self.arrived(result),
                    permission,
                })
            }
            Err(ApiError::Unsupported(_)) if !actions.is_empty() => Box::new(BeyondServer {
                answer: self.arrived(result),
                actions,
            }),
            _ => self.arrived(result),
        }
    }
}
