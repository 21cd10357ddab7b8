//! What the UI loop and the fetcher say to each other: calls and commands one way, their
//! answers ([`NetEvent`]) the other.

use super::call::{Job, Landed, Owner};
use crate::state::ViewId;

/// What the UI loop tells the fetcher: run a request, or abort those of a closed tab or a
/// screen left (each aborted one is answered with [`NetEvent::Cancelled`] instead of its
/// result; the cancel itself is not answered).
#[derive(Debug)]
pub enum Command {
    /// A request, carrying what happens with its answer.
    Call(Box<dyn Job>),
    Cancel(Owner),
    /// Ends every wait before a retry now (the user asked to load again).
    RetryNow,
    /// What the streaming connection should follow (it starts with the first of these).
    Live(crate::live::LiveCommand),
}

#[derive(Debug)]
pub enum NetEvent {
    /// The answer that ends one request (the app counts the requests in flight by these);
    /// what comes on the way (retries, upload progress) and from the live stream is not.
    Answer(Box<NetEvent>),
    /// What a [`super::Call`] made of its answer (inside an [`NetEvent::Answer`]), or told
    /// on the way.
    Landed(Landed),
    /// A request is waiting before a retry; the message says why and for how long.
    Retrying {
        view: Option<ViewId>,
        message: String,
    },
    /// A request was aborted and will not be answered.
    Cancelled,
    /// From the streaming connection; not an answer to a request.
    Live(crate::live::LiveEvent),
}
