//! Accounts: follow, mute or block one (or take it back), answer one's request to follow,
//! which lists one is on, and accounts by name for completion.

use async_trait::async_trait;

use super::land;
use crate::api::{Account, ApiError, Relate, Relationship};
use crate::fetcher::{Call, Landed, Net};
use crate::state::ViewId;

/// Asked from a profile. Not retried: the user sees the refusal and decides.
#[derive(Debug)]
pub struct Relating {
    pub view: ViewId,
    pub account: Account,
    pub change: Relate,
}

#[async_trait]
impl Call for Relating {
    type Output = Relationship;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Relationship, ApiError> {
        net.backend.relate(&self.account, self.change).await
    }

    fn arrived(self: Box<Self>, result: Result<Relationship, ApiError>) -> Landed {
        land(move |app| app.related(self.view, &self.account, self.change, result))
    }
}

/// Accept (or reject) an account's request to follow the user.
#[derive(Debug)]
pub struct AnswerRequest {
    pub account: Account,
    pub accept: bool,
}

#[async_trait]
impl Call for AnswerRequest {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.answer_request(&self.account, self.accept).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| app.answered(&self.account, self.accept, result))
    }
}

/// Which of the user's lists an account is on.
#[derive(Debug)]
pub struct ListsOf {
    pub account: Account,
}

#[async_trait]
impl Call for ListsOf {
    type Output = Vec<String>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<String>, ApiError> {
        net.backend.lists_of(&self.account).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<String>, ApiError>) -> Landed {
        land(move |app| app.lists_of_arrived(&self.account, result))
    }
}

/// Accounts matching what is typed, for completion: a failed search is simply no
/// suggestions, so it is not retried.
#[derive(Debug)]
pub struct SearchAccounts {
    pub query: String,
}

#[async_trait]
impl Call for SearchAccounts {
    type Output = Vec<Account>;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Account>, ApiError> {
        net.backend.search_accounts(&self.query).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Account>, ApiError>) -> Landed {
        land(move |app| app.accounts_arrived(self.query, result))
    }
}
