//! What the UI loop and the fetcher say to each other: requests and commands one way, their
//! answers ([`NetEvent`]) the other.

use super::call::{Job, Landed, Owner};
use crate::api::list_change::ListChange;
use crate::api::{
    Account, ApiError, Context, List, MemberPage, Page, PageRequest, Post, PostAction, Profile,
    Relate, Relationship, Replies, SearchResults, TimelineKind,
};
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
    /// The conversation around a post, for a thread view.
    Thread {
        view: ViewId,
        post: String,
    },
    /// Replies to a post of a thread that were not fetched with it.
    Replies {
        view: ViewId,
        post: String,
    },
    /// Something the user did to a post, already shown on screen.
    Act {
        post: String,
        action: PostAction,
    },
    DeletePost {
        post: String,
    },
    Vote {
        post: String,
        poll: crate::api::Poll,
        choices: Vec<usize>,
    },
    /// The server's rules for writing posts (length limit, counting, the user's defaults).
    ComposeRules,
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
    /// One of the user's posts as they wrote it, to edit it.
    Source {
        post: String,
    },
    /// One of the user's posts as they wrote it, then deleted, to write it again.
    Redraft {
        post: String,
    },
    /// A profile: of a known account, or of `acct` looked up first (a mention).
    Profile {
        view: ViewId,
        account: Option<Account>,
        acct: String,
    },
    /// The server's custom emoji, for the reaction picker.
    Emojis,
    Search {
        view: ViewId,
        query: String,
    },
    /// Follow, mute, block (or take back), asked from a profile.
    Relate {
        view: ViewId,
        account: Account,
        change: Relate,
    },
    /// The user's lists; `epoch` comes back with the answer, so one asked before a list change
    /// can be told apart.
    Lists {
        epoch: u64,
    },
    VerifyCredentials,
    MemberCount {
        list: String,
    },
    /// A page of a list's members; `cursor` is the previous page's `next`.
    Members {
        list: String,
        cursor: Option<String>,
    },
    /// Which of the user's lists an account is on.
    ListsOf {
        account: Account,
    },
    SearchAccounts {
        query: String,
    },
    Change(ListChange),
    /// A step of logging in to another account from inside the TUI, for one login attempt.
    Login {
        attempt: u64,
        step: LoginStep,
    },
    /// Accept (or reject) an account's request to follow the user.
    AnswerRequest {
        account: Account,
        accept: bool,
    },
    /// Where the user stopped reading, as the server keeps it.
    ReadPositions,
    /// A direct conversation was opened: it is read.
    ReadConversation {
        id: String,
    },
    /// How far the user has read home or notifications.
    SavePosition {
        kind: TimelineKind,
        id: String,
    },
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
            Request::Timeline { view, .. }
            | Request::Thread { view, .. }
            | Request::Replies { view, .. }
            | Request::Profile { view, .. }
            | Request::Search { view, .. } => Some(Owner::View(*view)),
            Request::MemberCount { .. } => Some(Owner::ListsScreen),
            Request::Members { .. } => Some(Owner::MembersScreen),
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
    Thread {
        view: ViewId,
        result: Result<Context, ApiError>,
    },
    Replies {
        view: ViewId,
        post: String,
        result: Result<Replies, ApiError>,
    },
    /// The server's answer to an action: its copy of the post, when it sends one.
    Acted {
        post: String,
        action: PostAction,
        result: Result<Option<Post>, ApiError>,
    },
    PostDeleted {
        post: String,
        result: Result<(), ApiError>,
    },
    ComposeRules(Result<crate::api::ComposeRules, ApiError>),
    Voted {
        post: String,
        result: Result<crate::api::Poll, ApiError>,
    },
    Source {
        post: String,
        result: Result<crate::api::Source, ApiError>,
    },
    Redrafted {
        post: String,
        result: Result<crate::api::Source, ApiError>,
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
    Posted {
        draft: String,
        result: Result<Post, ApiError>,
    },
    Profile {
        view: ViewId,
        result: Result<Profile, ApiError>,
    },
    Emojis(Result<Vec<String>, ApiError>),
    Search {
        view: ViewId,
        result: Result<SearchResults, ApiError>,
    },
    Related {
        view: ViewId,
        account: Account,
        change: Relate,
        result: Result<Relationship, ApiError>,
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
    VerifyCredentials(Result<Account, ApiError>),
    MemberCount {
        list: String,
        result: Result<usize, ApiError>,
    },
    Members {
        list: String,
        cursor: Option<String>,
        result: Result<MemberPage, ApiError>,
    },
    ListsOf {
        account: Account,
        result: Result<Vec<String>, ApiError>,
    },
    Accounts {
        query: String,
        result: Result<Vec<Account>, ApiError>,
    },
    /// The outcome of a login step, for the attempt it was asked for.
    Login {
        attempt: u64,
        event: LoginEvent,
    },
    /// The outcome of a [`ListChange`]; a created or updated list comes back as the server has it.
    Changed {
        change: ListChange,
        result: Result<Option<List>, ApiError>,
    },
    /// A request was aborted and will not be answered.
    Cancelled,
    Answered {
        account: Account,
        accept: bool,
        result: Result<(), ApiError>,
    },
    ReadPositions(Result<Option<crate::api::ReadPositions>, ApiError>),
    /// A reading position was saved (or not: said in the log, sent again with the next one).
    PositionSaved(Result<(), ApiError>),
    /// From the streaming connection; not an answer to a request.
    Live(crate::live::LiveEvent),
}
