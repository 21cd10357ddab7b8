//! Drafts the server keeps (Misskey 2025.x): read at start and when the drafts list is asked
//! for, offered beside the drafts on this device; a draft kept here is kept there too when
//! the user says so (and updated after), and deleted there once sent or deleted.

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, ServerDraft};
use crate::drafts::Draft;
use crate::fetcher::{Call, Landed, Net};

/// The server's drafts; `asked`: the user asked for the drafts list (else it is the start).
#[derive(Debug)]
pub(in crate::app) struct AskServerDrafts {
    pub asked: bool,
}

#[async_trait]
impl Call for AskServerDrafts {
    type Output = Vec<ServerDraft>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<ServerDraft>, ApiError> {
        net.backend.server_drafts().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<ServerDraft>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(drafts) => {
                app.state.server_drafts = Some(drafts);
                app.server_drafts_arrived(self.asked);
            }
            // A server without drafts keeps them here, as always: said only when asked.
            Err(ApiError::Unsupported(_)) if !self.asked => app.state.server_drafts = None,
            Err(error) => {
                if self.asked {
                    app.say_refusal("could not read the server's drafts", error);
                }
            }
        })
    }
}

/// A draft kept on the server too: made there, or its copy there changed.
#[derive(Debug)]
pub(in crate::app) struct KeepServerDraft(pub Box<Draft>);

#[async_trait]
impl Call for KeepServerDraft {
    type Output = String;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<String, ApiError> {
        let draft = &self.0;
        net.backend
            .keep_server_draft(draft.server_id.as_deref(), &draft.for_server())
            .await
    }

    fn arrived(self: Box<Self>, result: Result<String, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(id) => app.kept_on_server(*self.0, id),
            Err(error) => app.say_refusal("could not keep the draft on the server", error),
        })
    }
}

/// A draft of the server's deleted there (sent, or deleted here).
#[derive(Debug)]
pub(in crate::app) struct DeleteServerDraft(pub String);

#[async_trait]
impl Call for DeleteServerDraft {
    type Output = ();
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.delete_server_draft(&self.0).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| {
            if let Err(error) = result {
                app.say_refusal("could not delete the draft the server keeps", error);
            }
        })
    }
}
