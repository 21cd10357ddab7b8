//! Everything protocol-specific lives under `api/`. The rest of skua talks to a [`Backend`] and
//! only ever sees the types in [`model`].

pub mod detect;
pub mod error;
pub mod html;
pub mod http;
pub mod mastodon;
pub mod mfm;
pub mod misskey;
pub mod model;

pub use error::ApiError;
pub use model::*;

use async_trait::async_trait;

/// A server, whatever software it runs.
#[async_trait]
pub trait Backend: Send + Sync {
    /// One page of a timeline, newest first.
    async fn timeline(&self, kind: &TimelineKind, page: &PageRequest) -> Result<Page, ApiError>;

    /// The logged-in user's lists.
    async fn lists(&self) -> Result<Vec<List>, ApiError>;

    /// Who the token belongs to.
    async fn verify_credentials(&self) -> Result<Account, ApiError>;

    /// Whether [`TimelineKind::Social`] exists on this server.
    fn has_social_timeline(&self) -> bool {
        false
    }
}
