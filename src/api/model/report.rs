//! A report of an account (and some of its posts) to the moderators.

use super::Account;

/// Why, as Mastodon sorts reports (Misskey takes the words in the comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportCategory {
    Spam,
    /// Against the law.
    Legal,
    /// Against one or more of the server's rules.
    Violation,
    Other,
}

impl ReportCategory {
    pub const ALL: [ReportCategory; 4] = [
        ReportCategory::Spam,
        ReportCategory::Legal,
        ReportCategory::Violation,
        ReportCategory::Other,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            ReportCategory::Spam => "spam",
            ReportCategory::Legal => "legal",
            ReportCategory::Violation => "violation",
            ReportCategory::Other => "other",
        }
    }
}

/// One of the server's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRule {
    /// Mastodon's id; Misskey's rules have none (their place in the list).
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub account: Account,
    /// The posts reported with it, by id, with their addresses (Misskey takes them in the
    /// comment).
    pub posts: Vec<(String, Option<String>)>,
    pub category: ReportCategory,
    /// The rules broken (with `Violation`).
    pub rules: Vec<ServerRule>,
    pub comment: String,
    /// Also to the moderators of the account's own server (a remote account).
    pub forward: bool,
}
