//! State of the accounts screen and of logging in from inside the TUI.

use jiff::Timestamp;
use url::Url;

use crate::api::detect::Flavor;
use crate::login::{MiAuth, OAuthStart};

/// A saved account as the accounts screen shows it (never its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEntry {
    pub name: String,
    pub server: String,
    pub flavor: Flavor,
    /// `false` for the demo or a `--server` connection: listed, never in the file.
    pub saved: bool,
    /// Permissions approved after the login (see [`crate::accounts::SavedAccount`]).
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AccountsScreen {
    pub selected: usize,
}

/// Logging in to another account without leaving the TUI.
#[derive(Debug, Clone)]
pub struct LoginFlow {
    /// Answers to steps of another attempt (cancelled, or started over) are dropped.
    pub attempt: u64,
    pub stage: LoginStage,
    /// Why the last attempt failed; the user can correct and try again.
    pub error: Option<String>,
    /// A second approval for the account in use (by name), for a permission it lacks: the
    /// account keeps its name, and so its cache, drafts and reading positions.
    pub renews: Option<String>,
}

#[derive(Debug, Clone)]
pub enum LoginStage {
    /// Typing the server's address.
    Server { input: super::Editor },
    /// Finding out which software the server runs (and, on Mastodon, registering skua).
    Connecting { server: Url },
    /// Misskey: waiting for the user to approve at the address.
    MiAuth {
        server: Url,
        session: MiAuth,
        started: Timestamp,
        next_check: Timestamp,
        checking: bool,
        /// Checks that failed in a row; a few are retried, not fatal.
        failed_checks: u32,
    },
    /// Mastodon: the user approves at the address, then presses Enter to type the code.
    OAuthApprove { server: Url, start: OAuthStart },
    OAuthCode {
        server: Url,
        start: OAuthStart,
        input: super::Editor,
    },
    /// Exchanging the code for a token.
    Finishing { server: Url },
}

impl LoginStage {
    /// The address the user approves at, while one is shown.
    pub fn address(&self) -> Option<&Url> {
        match self {
            LoginStage::MiAuth { session, .. } => Some(&session.url),
            LoginStage::OAuthApprove { start, .. } | LoginStage::OAuthCode { start, .. } => {
                Some(&start.url)
            }
            _ => None,
        }
    }

    /// The text being typed, in the stages that take typing.
    pub fn input_mut(&mut self) -> Option<&mut super::Editor> {
        match self {
            LoginStage::Server { input } | LoginStage::OAuthCode { input, .. } => Some(input),
            _ => None,
        }
    }
}
