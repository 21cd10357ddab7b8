//! A report being written: why (a category, and the server's rules where one is broken),
//! what to tell the moderators, whether to forward it to the account's own server, and
//! whether to mute or block the account in the same go.

use crate::api::{Account, Report, ReportCategory, ServerRule};

use super::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportField {
    Category,
    /// One of the server's rules (with `Violation`).
    Rule(usize),
    Comment,
    /// Also to the account's own server (a remote account).
    Forward,
    Then,
}

/// What else to do about the account, in the same go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterReport {
    Nothing,
    Mute,
    Block,
}

#[derive(Debug, Clone)]
pub struct ReportForm {
    pub account: Account,
    /// The posts reported (id, address).
    pub posts: Vec<(String, Option<String>)>,
    pub misskey: bool,
    pub category: ReportCategory,
    /// The server's rules; `None` until they arrive.
    pub rules: Option<Vec<ServerRule>>,
    /// Those marked broken, by their place in `rules`.
    pub broken: Vec<usize>,
    pub comment: Editor,
    pub forward: bool,
    pub then: AfterReport,
    pub field: ReportField,
    pub error: Option<String>,
    pub sending: bool,
}

impl ReportForm {
    pub fn new(account: Account, posts: Vec<(String, Option<String>)>, misskey: bool) -> Self {
        ReportForm {
            account,
            posts,
            misskey,
            category: ReportCategory::Spam,
            rules: None,
            broken: Vec::new(),
            comment: Editor::many_lines(""),
            forward: false,
            then: AfterReport::Nothing,
            field: ReportField::Category,
            error: None,
            sending: false,
        }
    }

    /// A remote account's report can go to its own server too (Mastodon).
    pub fn can_forward(&self) -> bool {
        !self.misskey && self.account.acct.contains('@')
    }

    /// Rules are chosen where the report says one is broken.
    pub fn chooses_rules(&self) -> bool {
        self.category == ReportCategory::Violation
    }

    pub fn fields(&self) -> Vec<ReportField> {
        let mut fields = vec![ReportField::Category];
        if self.chooses_rules() {
            let count = self.rules.as_ref().map_or(0, Vec::len);
            fields.extend((0..count).map(ReportField::Rule));
        }
        fields.push(ReportField::Comment);
        if self.can_forward() {
            fields.push(ReportField::Forward);
        }
        fields.push(ReportField::Then);
        fields
    }

    pub fn move_focus(&mut self, forward: bool) {
        self.field = super::cursor::round(&self.fields(), self.field, forward);
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.field {
            ReportField::Comment => Some(&mut self.comment),
            _ => None,
        }
    }

    /// Space: the next category, a rule marked or not, forwarding on or off, the next of
    /// nothing / mute / block.
    pub fn toggle(&mut self) {
        match self.field {
            ReportField::Category => {
                let all = ReportCategory::ALL;
                let at = all.iter().position(|c| *c == self.category).unwrap_or(0);
                self.category = all[(at + 1) % all.len()];
            }
            ReportField::Rule(index) => match self.broken.iter().position(|b| *b == index) {
                Some(at) => {
                    self.broken.remove(at);
                }
                None => self.broken.push(index),
            },
            ReportField::Forward => self.forward = !self.forward,
            ReportField::Then => {
                self.then = match self.then {
                    AfterReport::Nothing => AfterReport::Mute,
                    AfterReport::Mute => AfterReport::Block,
                    AfterReport::Block => AfterReport::Nothing,
                }
            }
            ReportField::Comment => {}
        }
    }

    /// The report the fields make, or what is missing.
    pub fn report(&self) -> Result<Report, String> {
        let rules: Vec<ServerRule> = match self.chooses_rules() {
            true => {
                let all = self.rules.as_deref().unwrap_or_default();
                let mut broken = self.broken.clone();
                broken.sort_unstable();
                broken.iter().filter_map(|i| all.get(*i).cloned()).collect()
            }
            false => Vec::new(),
        };
        if self.chooses_rules() && rules.is_empty() {
            return Err(match self.rules.as_ref().is_some_and(Vec::is_empty) {
                true => "this server lists no rules: choose another reason".into(),
                false => "mark the rules broken (Space)".into(),
            });
        }
        Ok(Report {
            account: self.account.clone(),
            posts: self.posts.clone(),
            category: self.category,
            rules,
            comment: self.comment.text().trim().to_owned(),
            forward: self.can_forward() && self.forward,
        })
    }
}
