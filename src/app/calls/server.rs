//! What skua asks about the server and the user at a start or when first needed: who the user
//! is, the server's rules for posts and its custom emoji, where the user stopped reading (and
//! telling it), and that a direct conversation was read.

use async_trait::async_trait;

use super::land;
use crate::api::{Account, ApiError, ComposeRules, ReadPositions, TimelineKind};
use crate::fetcher::{Call, Landed, Net};

#[derive(Debug)]
pub struct WhoAmI;

#[async_trait]
impl Call for WhoAmI {
    type Output = Account;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Account, ApiError> {
        net.backend.verify_credentials().await
    }

    fn arrived(self: Box<Self>, result: Result<Account, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(me) => {
                app.check_cache_owner(&me);
                app.state.me = Some(me);
                app.mark_own_boosts();
            }
            // Said once, with the way to log in again, whichever refusal lands first.
            Err(ApiError::Unauthorized(_)) => app.signed_out(),
            Err(error) => app.say(format!("{}: {error}", app.state.server_label), true),
        })
    }
}

/// The server's rules for writing posts (length limit, counting, the user's defaults).
#[derive(Debug)]
pub struct PostRules;

#[async_trait]
impl Call for PostRules {
    type Output = ComposeRules;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<ComposeRules, ApiError> {
        net.backend.compose_rules().await
    }

    fn arrived(self: Box<Self>, result: Result<ComposeRules, ApiError>) -> Landed {
        land(move |app| app.rules_arrived(result))
    }
}

/// The server's custom emoji, for the reaction picker.
#[derive(Debug)]
pub struct Emojis;

#[async_trait]
impl Call for Emojis {
    type Output = Vec<String>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<String>, ApiError> {
        net.backend.custom_emojis().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<String>, ApiError>) -> Landed {
        land(move |app| app.emojis_arrived(result))
    }
}

/// Where the user stopped reading, as the server keeps it.
#[derive(Debug)]
pub struct ReadingPositions;

#[async_trait]
impl Call for ReadingPositions {
    type Output = Option<ReadPositions>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Option<ReadPositions>, ApiError> {
        net.backend.read_positions().await
    }

    fn arrived(self: Box<Self>, result: Result<Option<ReadPositions>, ApiError>) -> Landed {
        land(move |app| app.positions_arrived(result))
    }
}

/// How far the user has read home or notifications. Not retried: the next position says it
/// again.
#[derive(Debug)]
pub struct SavePosition {
    pub kind: TimelineKind,
    pub id: String,
}

#[async_trait]
impl Call for SavePosition {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.save_position(&self.kind, &self.id).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |_| position_saved(result))
    }
}

/// A direct conversation was opened: it is read. Not retried, as a position.
#[derive(Debug)]
pub struct ReadConversation {
    pub id: String,
}

#[async_trait]
impl Call for ReadConversation {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.read_conversation(&self.id).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |_| position_saved(result))
    }
}

fn position_saved(result: Result<(), ApiError>) {
    if let Err(error) = result {
        tracing::warn!(%error, "could not save the reading position on the server");
    }
}
