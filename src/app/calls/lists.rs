//! The list screens' requests: the user's lists, a list's member count (many at once, so at most a few run
//! together), a page of its members, and a change to a list, already shown on screen.

use async_trait::async_trait;

use super::land;
use crate::api::list_change::ListChange;
use crate::api::{ApiError, List, MemberPage};
use crate::fetcher::{Call, Landed, Net, Owner};

/// The user's lists; `epoch` comes back with the answer, so one asked before a list change
/// can be told apart.
#[derive(Debug)]
pub struct Lists {
    pub epoch: u64,
}

#[async_trait]
impl Call for Lists {
    type Output = Vec<List>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<List>, ApiError> {
        net.backend.lists().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<List>, ApiError>) -> Landed {
        land(move |app| app.lists_answered(self.epoch, result))
    }
}

#[derive(Debug)]
pub struct MemberCount {
    pub list: String,
}

#[async_trait]
impl Call for MemberCount {
    type Output = usize;
    const RETRIED: bool = true;
    const LIMITED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::ListsScreen)
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<usize, ApiError> {
        net.backend.member_count(&self.list).await
    }

    fn arrived(self: Box<Self>, result: Result<usize, ApiError>) -> Landed {
        land(move |app| app.member_count_arrived(&self.list, result))
    }
}

/// A page of a list's members; `cursor` is the previous page's `next`.
#[derive(Debug)]
pub struct Members {
    pub list: String,
    pub cursor: Option<String>,
}

#[async_trait]
impl Call for Members {
    type Output = MemberPage;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::MembersScreen)
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<MemberPage, ApiError> {
        net.backend
            .list_members(&self.list, self.cursor.as_deref())
            .await
    }

    fn arrived(self: Box<Self>, result: Result<MemberPage, ApiError>) -> Landed {
        land(move |app| app.members_arrived(&self.list, self.cursor, result))
    }
}

/// A change to a list; a created or updated list comes back as the server has it. Not
/// retried: the user sees the refusal and decides.
#[derive(Debug)]
pub struct Change {
    pub change: ListChange,
}

#[async_trait]
impl Call for Change {
    /// The change as far as it was not done (a removal that stopped part-way names only the
    /// accounts still on the list), and the server's answer.
    type Output = (ListChange, Result<Option<List>, ApiError>);
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Self::Output, ApiError> {
        Ok(self.change.clone().apply(net.backend).await)
    }

    fn arrived(self: Box<Self>, result: Result<Self::Output, ApiError>) -> Landed {
        let (change, result) = result.unwrap_or_else(|error| (self.change, Err(error)));
        land(move |app| app.changed(change, result))
    }
}
