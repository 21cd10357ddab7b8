//! What the user does to a post: act on it (favourite, boost…), delete it, vote in its poll,
//! fetch its text as written (to edit it, or to delete and write it again).

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, Poll, Post, PostAction, Source};
use crate::fetcher::{Call, Landed, Net};

/// Something the user did to a post, already shown on screen; undone if refused. Not
/// retried: the user sees the refusal and decides.
#[derive(Debug)]
pub struct Act {
    pub post: String,
    pub action: PostAction,
}

#[async_trait]
impl Call for Act {
    type Output = Option<Post>;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Option<Post>, ApiError> {
        net.backend.act(&self.post, &self.action).await
    }

    fn arrived(self: Box<Self>, result: Result<Option<Post>, ApiError>) -> Landed {
        land(move |app| app.acted(&self.post, &self.action, result))
    }
}

#[derive(Debug)]
pub struct DeletePost {
    pub post: String,
}

#[async_trait]
impl Call for DeletePost {
    type Output = ();
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<(), ApiError> {
        net.backend.delete_post(&self.post).await
    }

    fn arrived(self: Box<Self>, result: Result<(), ApiError>) -> Landed {
        land(move |app| app.post_deleted(&self.post, result))
    }
}

/// Not retried: a vote that went through cannot be cast again.
#[derive(Debug)]
pub struct Vote {
    pub post: String,
    pub poll: Poll,
    pub choices: Vec<usize>,
}

#[async_trait]
impl Call for Vote {
    type Output = Poll;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Poll, ApiError> {
        net.backend.vote(&self.poll, &self.choices).await
    }

    fn arrived(self: Box<Self>, result: Result<Poll, ApiError>) -> Landed {
        land(move |app| app.voted(&self.post, result))
    }
}

/// One of the user's posts as they wrote it, to edit it.
#[derive(Debug)]
pub struct EditSource {
    pub post: String,
}

#[async_trait]
impl Call for EditSource {
    type Output = Source;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Source, ApiError> {
        net.backend.source(&self.post).await
    }

    fn arrived(self: Box<Self>, result: Result<Source, ApiError>) -> Landed {
        land(move |app| app.source_arrived(&self.post, result, false))
    }
}

/// One of the user's posts as they wrote it, then deleted, to write it again: the text first,
/// so a post is deleted only once it can be written again. Not retried.
#[derive(Debug)]
pub struct Redraft {
    pub post: String,
}

#[async_trait]
impl Call for Redraft {
    type Output = Source;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Source, ApiError> {
        let source = net.backend.source(&self.post).await?;
        net.backend.delete_post(&self.post).await?;
        Ok(source)
    }

    fn arrived(self: Box<Self>, result: Result<Source, ApiError>) -> Landed {
        land(move |app| app.source_arrived(&self.post, result, true))
    }
}
