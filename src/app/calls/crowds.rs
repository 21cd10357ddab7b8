//! Lists of people: a page of one, and unblocking a domain from it.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Crowd, PeoplePage};
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::state::ViewId;

/// A page of the list of people on screen `view`; `cursor` is the previous page's `next`.
#[derive(Debug)]
pub struct AskPeople {
    pub view: ViewId,
    pub crowd: Crowd,
    pub cursor: Option<String>,
}

#[async_trait]
impl Call for AskPeople {
    type Output = PeoplePage;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    /// Misskey lists sent follow requests from 2024.11; GoToSocial keeps no list of blocked
    /// domains.
    fn serves(&self) -> &'static [Action] {
        match self.crowd {
            Crowd::RequestsSent => &[Action::SentRequests],
            Crowd::BlockedDomains => &[Action::DomainBlocks],
            _ => &[],
        }
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<PeoplePage, ApiError> {
        net.backend
            .people(&self.crowd, self.cursor.as_deref())
            .await
    }

    fn arrived(self: Box<Self>, result: Result<PeoplePage, ApiError>) -> Landed {
        land(move |app| app.people_arrived(self.view, self.cursor, result))
    }
}

/// Takes a domain off the blocked ones (Misskey: a server off the muted ones). Not retried:
/// the user sees the refusal and decides.
#[derive(Debug)]
pub struct UnblockDomain {
    pub view: ViewId,
    pub domain: String,
}

#[async_trait]
impl Call for UnblockDomain {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.unblock_domain(&self.domain).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| app.domain_unblocked(self.view, self.domain, result))
    }
}
