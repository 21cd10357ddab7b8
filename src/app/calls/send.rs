//! Sending a post written in a draft: its files uploaded first, in order, each upload's
//! progress and media id told to the draft on the way (so sending again uploads nothing twice).

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, NewPost, Sent, Upload};
use crate::fetcher::{Call, Landed, Net};

/// A file of a post being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// Uploaded by an earlier attempt: its media id.
    Uploaded(String),
    Upload(Upload),
}

/// Not cancelled with a view: once sent, the answer is wanted wherever the user is.
#[derive(Debug)]
pub struct SendPost {
    /// The draft's id.
    pub draft: String,
    pub post: NewPost,
    /// Its media in order: uploaded before, or to upload first.
    pub media: Vec<Attachment>,
    /// The user's post this changes (an edit), if it is not a new one.
    pub edit: Option<String>,
    /// When the server is to send it; `None`: now.
    pub at: Option<jiff::Timestamp>,
    /// A scheduled post this rewrites: cancelled once this one is scheduled.
    pub replaces: Option<String>,
}

#[async_trait]
impl Call for SendPost {
    type Output = Sent;
    // The draft stays, with the reason, and the user sends again (with the same idempotency
    // key, after a look whether it went through).
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Sent, ApiError> {
        let mut post = self.post.clone();
        post.media = self.upload_all(net).await?;
        let sent = match (&self.edit, self.at) {
            (Some(id), _) => Sent::Posted(Box::new(net.backend.edit(id, &post).await?)),
            (None, None) => Sent::Posted(Box::new(net.backend.post(&post).await?)),
            (None, Some(at)) => net.backend.schedule(&post, at).await?,
        };
        // A rewritten scheduled post: the earlier version must not go out too.
        if let Some(old) = &self.replaces
            && let Err(error) = net.backend.cancel_scheduled(old).await
        {
            // It still waits; the scheduled view shows it, to cancel by hand.
            tracing::warn!(%error, id = %old, "could not cancel the scheduled post rewritten");
        }
        Ok(sent)
    }

    fn arrived(self: Box<Self>, result: Result<Sent, ApiError>) -> Landed {
        land(move |app| app.posted(&self.draft, self.at.is_some(), result))
    }
}

impl SendPost {
    /// Uploads what is not uploaded yet, in order; every media id in order.
    async fn upload_all(&self, net: &Net<'_>) -> Result<Vec<String>, ApiError> {
        let mut ids = Vec::with_capacity(self.media.len());
        for (index, attachment) in self.media.iter().enumerate() {
            let upload = match attachment {
                Attachment::Uploaded(id) => {
                    ids.push(id.clone());
                    continue;
                }
                Attachment::Upload(upload) => upload,
            };
            let (tell, draft) = (net.tell.clone(), self.draft.clone());
            let last = AtomicU8::new(u8::MAX);
            // One event per percent, not per piece.
            let progress: crate::api::Progress = Arc::new(move |sent, total| {
                let percent = (sent * 100).checked_div(total).unwrap_or(100) as u8;
                if last.swap(percent, Ordering::Relaxed) != percent {
                    let draft = draft.clone();
                    tell(land(move |app| app.uploading(&draft, index, percent)));
                }
            });
            let id = net.backend.upload(upload, progress).await?;
            let (draft, kept) = (self.draft.clone(), id.clone());
            (net.tell)(land(move |app| app.uploaded(&draft, index, kept)));
            ids.push(id);
        }
        Ok(ids)
    }
}
