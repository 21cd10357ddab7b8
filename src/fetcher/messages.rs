//! What the UI loop and the fetcher say to each other: requests and commands one way, their
//! answers ([`NetEvent`]) the other.

use super::call::{Job, Landed, Owner};
use crate::api::{ApiError, List, Page, PageRequest, Post, TimelineKind};
use crate::login::{LoginEvent, LoginStep};
use crate::state::ViewId;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Timeline {
        view: ViewId,
        generation: u64,
        kind: TimelineKind,
        page: PageRequest,
    },
    /// Send a post written in a draft (by id). Not cancelled with a view: once sent, the
    /// answer is wanted wherever the user is.
    Post {
        draft: String,
        post: crate::api::NewPost,
        /// Its media in order: uploaded before, or to upload first.
        media: Vec<Attachment>,
        /// The user's post this changes (an edit), if it is not a new one.
        edit: Option<String>,
    },
    /// The user's lists; `epoch` comes back with the answer, so one asked before a list change
    /// can be told apart.
    Lists { epoch: u64 },
    /// A step of logging in to another account from inside the TUI, for one login attempt.
    Login { attempt: u64, step: LoginStep },
}

/// A file of a post being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// Uploaded by an earlier attempt: its media id.
    Uploaded(String),
    Upload(crate::api::Upload),
}

/// What the UI loop tells the fetcher: run a request, or abort those of a closed tab or a
/// screen left (each aborted one is answered with [`NetEvent::Cancelled`] instead of its
/// result; the cancel itself is not answered).
#[derive(Debug)]
pub enum Command {
    /// Boxed: a cancel should not take a request's room in the channel.
    Run(Box<Request>),
    /// A request that carries what happens with its answer.
    Call(Box<dyn Job>),
    Cancel(Owner),
    /// Ends every wait before a retry now (the user asked to load again).
    RetryNow,
    /// What the streaming connection should follow (it starts with the first of these).
    Live(crate::live::LiveCommand),
}

impl Request {
    pub(super) fn owner(&self) -> Option<Owner> {
        match self {
            Request::Timeline { view, .. } => Some(Owner::View(*view)),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub enum NetEvent {
    /// The answer that ends one request (the app counts the requests in flight by these);
    /// what comes on the way (retries, upload progress) and from the live stream is not.
    Answer(Box<NetEvent>),
    /// What a [`super::Call`] made of its answer.
    Landed(Landed),
    Timeline {
        view: ViewId,
        generation: u64,
        page: PageRequest,
        result: Result<Page, ApiError>,
    },
    /// How far an attachment's upload is (while sending a draft).
    Uploading {
        draft: String,
        index: usize,
        percent: u8,
    },
    /// An attachment is on the server: its media id, kept for sending again.
    Uploaded {
        draft: String,
        index: usize,
        id: String,
    },
    /// Boxed: a post is large beside the other answers.
    Posted {
        draft: String,
        result: Result<Box<Post>, ApiError>,
    },
    /// A request is waiting before a retry; the message says why and for how long.
    Retrying {
        view: Option<ViewId>,
        message: String,
    },
    Lists {
        epoch: u64,
        result: Result<Vec<List>, ApiError>,
    },
    /// The outcome of a login step, for the attempt it was asked for.
    Login { attempt: u64, event: LoginEvent },
    /// A request was aborted and will not be answered.
    Cancelled,
    /// From the streaming connection; not an answer to a request.
    Live(crate::live::LiveEvent),
}
