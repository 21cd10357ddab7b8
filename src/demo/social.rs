//! The viewer's actions on the demo's statuses, for both APIs: the marks are kept on the
//! stored status (`favourited`, `bookmarked`, `muted`, `my_reaction`), boosts are statuses
//! of their own, and counts move with them.

use serde_json::{Value, json};

use super::data::{DemoData, id_of};
use crate::api::compare_ids;

/// Something the viewer does to a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    Favourite(bool),
    Reblog(bool),
    Bookmark(bool),
    Mute(bool),
    /// Misskey: a reaction (`❤`, `:name:`), or none.
    React(Option<String>),
    /// The viewer's own post first on their profile, or not.
    Pin(bool),
}

/// Why the demo refuses; each API turns it into its own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NoSuchStatus,
    NotYours,
    NotBoostable,
    /// A post with no text (and nothing quoted).
    Blank,
    TooLong,
}

/// The demo's length limit (Mastodon's default; the Misskey demo says the same in `meta`).
pub const MAX_CHARACTERS: usize = 500;

/// Why a vote is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteRefusal {
    NoPoll,
    Expired,
    AlreadyVoted,
    InvalidChoice,
}

/// A post as the viewer sends it, in Mastodon's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewStatus {
    pub text: String,
    pub spoiler: String,
    pub visibility: String,
    pub in_reply_to: Option<String>,
    pub quote: Option<String>,
    pub language: Option<String>,
    pub sensitive: bool,
    /// Uploaded attachments, as stored.
    pub media: Vec<Value>,
    /// Options, seconds open, several choices.
    pub poll: Option<(Vec<String>, u64, bool)>,
}

impl DemoData {
    fn status_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.statuses.iter_mut().find(|s| id_of(s) == id)
    }

    /// Does `act` to a status (a boost's original when `id` is a boost).
    pub fn act(&mut self, id: &str, act: &Act) -> Result<(), Refusal> {
        let id = match self.status(id).ok_or(Refusal::NoSuchStatus)?["reblog"].as_str() {
            Some(original) => original.to_owned(),
            None => id.to_owned(),
        };
        match act {
            Act::Reblog(on) => return self.reblog(&id, *on),
            Act::Pin(on) => return self.pin(&id, *on),
            _ => {}
        }
        let status = self.status_mut(&id).ok_or(Refusal::NoSuchStatus)?;
        let flag = |status: &mut Value, name: &str, on: bool| status[name] = json!(on);
        match act {
            Act::Favourite(on) => {
                if status["favourited"].as_bool().unwrap_or(false) != *on {
                    step(&mut status["favourites_count"], *on);
                }
                flag(status, "favourited", *on);
            }
            Act::Bookmark(on) => flag(status, "bookmarked", *on),
            Act::Mute(on) => flag(status, "muted", *on),
            Act::React(reaction) => {
                if let Some(before) = status["my_reaction"].as_str().map(str::to_owned) {
                    count_reaction(status, &before, false);
                }
                status["my_reaction"] = json!(reaction);
                if let Some(reaction) = reaction {
                    count_reaction(status, reaction, true);
                }
            }
            Act::Reblog(_) | Act::Pin(_) => {}
        }
        Ok(())
    }

    /// Pins the viewer's own status `id` to their profile (first), or unpins it.
    fn pin(&mut self, id: &str, on: bool) -> Result<(), Refusal> {
        let me = self.me.clone();
        let status = self.status_mut(id).ok_or(Refusal::NoSuchStatus)?;
        if status["account"].as_str() != Some(me.as_str()) {
            return Err(Refusal::NotYours);
        }
        status["pinned"] = json!(on);
        let account = self
            .accounts
            .iter_mut()
            .find(|a| a["id"] == me.as_str())
            .ok_or(Refusal::NoSuchStatus)?;
        if !account["pinned"].is_array() {
            account["pinned"] = json!([]);
        }
        let pinned = account["pinned"].as_array_mut().expect("an array");
        pinned.retain(|p| p != id);
        if on {
            pinned.insert(0, json!(id));
        }
        Ok(())
    }

    fn reblog(&mut self, id: &str, on: bool) -> Result<(), Refusal> {
        let me = self.me.clone();
        let status = self.status(id).ok_or(Refusal::NoSuchStatus)?;
        let mine = status["account"].as_str() == Some(me.as_str());
        match status["visibility"].as_str() {
            Some("public" | "unlisted") => {}
            Some("private") if mine => {}
            _ => return Err(Refusal::NotBoostable),
        }
        let boosted = status["reblogged"].as_bool().unwrap_or(false);
        if boosted == on {
            return Ok(());
        }
        if on {
            let boost = json!({
                "id": self.next_id(),
                "created_at": jiff::Timestamp::now().to_string(),
                "account": me,
                "visibility": "public",
                "reblog": id,
                "content": "",
                "spoiler_text": "",
                "replies_count": 0,
                "reblogs_count": 0,
                "favourites_count": 0,
            });
            self.statuses.insert(0, boost);
        } else {
            self.statuses
                .retain(|s| !(s["reblog"].as_str() == Some(id) && s["account"] == json!(me)));
        }
        if let Some(status) = self.status_mut(id) {
            step(&mut status["reblogs_count"], on);
            status["reblogged"] = json!(on);
        }
        Ok(())
    }

    /// Creates the viewer's status; answers its id.
    pub fn create(&mut self, new: NewStatus) -> Result<String, Refusal> {
        if new.text.trim().is_empty()
            && new.quote.is_none()
            && new.media.is_empty()
            && new.poll.is_none()
        {
            return Err(Refusal::Blank);
        }
        if new.text.chars().count() + new.spoiler.chars().count() > MAX_CHARACTERS {
            return Err(Refusal::TooLong);
        }
        for target in new.in_reply_to.iter().chain(&new.quote) {
            self.status(target).ok_or(Refusal::NoSuchStatus)?;
        }
        let id = self.next_id();
        let poll = new.poll.map(|(options, seconds, multiple)| {
            let ends = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(seconds as i64);
            json!({
                "id": id,
                "expires_at": ends.to_string(),
                "expired": false,
                "multiple": multiple,
                "votes_count": 0,
                "voters_count": 0,
                "options": options
                    .iter()
                    .map(|title| json!({ "title": title, "votes_count": 0 }))
                    .collect::<Vec<_>>(),
                "voted": false,
                "own_votes": [],
            })
        });
        let status = json!({
            "id": id,
            "created_at": jiff::Timestamp::now().to_string(),
            "account": self.me,
            "visibility": new.visibility,
            "content": html_of(&new.text),
            "spoiler_text": new.spoiler,
            "sensitive": new.sensitive,
            "language": new.language,
            "in_reply_to_id": new.in_reply_to,
            "reblog": new.quote,
            "url": format!("https://{}/@demo/{id}", self.host),
            // What the author typed, as Mastodon keeps it for editing.
            "text": new.text,
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "media_attachments": new.media,
            "poll": poll,
            "mentions": [],
            "tags": [],
            "emojis": [],
        });
        if let Some(parent) = new.in_reply_to.and_then(|p| self.status_mut(&p)) {
            step(&mut parent["replies_count"], true);
        }
        self.statuses.insert(0, status);
        Ok(id)
    }

    /// Changes one of the viewer's statuses, keeping what it was in its `history`.
    pub fn edit(&mut self, id: &str, new: NewStatus) -> Result<(), Refusal> {
        let me = self.me.clone();
        let status = self.status_mut(id).ok_or(Refusal::NoSuchStatus)?;
        if status["account"].as_str() != Some(me.as_str()) {
            return Err(Refusal::NotYours);
        }
        if new.text.chars().count() + new.spoiler.chars().count() > MAX_CHARACTERS {
            return Err(Refusal::TooLong);
        }
        let before = json!({
            "content": status["content"],
            "spoiler_text": status["spoiler_text"],
            "created_at": status["edited_at"].as_str().or(status["created_at"].as_str()),
        });
        if !status["history"].is_array() {
            status["history"] = json!([]);
        }
        if let Some(history) = status["history"].as_array_mut() {
            history.push(before);
        }
        status["content"] = json!(html_of(&new.text));
        status["text"] = json!(new.text);
        status["spoiler_text"] = json!(new.spoiler);
        status["sensitive"] = json!(new.sensitive);
        status["language"] = json!(new.language);
        status["media_attachments"] = json!(new.media);
        status["edited_at"] = json!(jiff::Timestamp::now().to_string());
        Ok(())
    }

    /// Votes in a status's poll (option indices), as the viewer; answers why not.
    pub fn vote(&mut self, id: &str, choices: &[usize]) -> Result<(), VoteRefusal> {
        let status = self.status_mut(id).ok_or(VoteRefusal::NoPoll)?;
        let poll = &mut status["poll"];
        if !poll.is_object() {
            return Err(VoteRefusal::NoPoll);
        }
        if poll["expired"] == true {
            return Err(VoteRefusal::Expired);
        }
        let count = poll["options"].as_array().map_or(0, Vec::len);
        if choices.iter().any(|c| *c >= count) || choices.is_empty() {
            return Err(VoteRefusal::InvalidChoice);
        }
        let mut own: Vec<usize> = poll["own_votes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_u64().map(|v| v as usize))
            .collect();
        let multiple = poll["multiple"] == true;
        if (!own.is_empty() && !multiple) || choices.iter().any(|c| own.contains(c)) {
            return Err(VoteRefusal::AlreadyVoted);
        }
        if own.is_empty() {
            step(&mut poll["voters_count"], true);
        }
        for choice in choices {
            step(&mut poll["options"][*choice]["votes_count"], true);
            step(&mut poll["votes_count"], true);
            own.push(*choice);
        }
        poll["own_votes"] = json!(own);
        poll["voted"] = json!(true);
        Ok(())
    }

    /// An id above every status's, as a new one gets.
    fn next_id(&self) -> String {
        let newest = self
            .statuses
            .iter()
            .map(id_of)
            .max_by(|a, b| compare_ids(a, b))
            .and_then(|id| id.parse::<u128>().ok())
            .unwrap_or(0);
        (newest + 1).to_string()
    }

    /// Deletes one of the viewer's statuses, and boosts of it.
    pub fn delete(&mut self, id: &str) -> Result<(), Refusal> {
        let status = self.status(id).ok_or(Refusal::NoSuchStatus)?;
        if status["account"].as_str() != Some(self.me.as_str()) {
            return Err(Refusal::NotYours);
        }
        self.statuses
            .retain(|s| id_of(s) != id && s["reblog"].as_str() != Some(id));
        Ok(())
    }

    /// What a status replies to, oldest first.
    pub fn ancestors(&self, id: &str) -> Vec<&Value> {
        let mut chain = Vec::new();
        let mut at = self.status(id);
        while let Some(parent) = at
            .and_then(|s| s["in_reply_to_id"].as_str())
            .and_then(|p| self.status(p))
        {
            if chain.len() > 100 {
                break;
            }
            chain.push(parent);
            at = Some(parent);
        }
        chain.reverse();
        chain
    }

    /// Direct replies to a status, oldest first.
    pub fn children(&self, id: &str) -> Vec<&Value> {
        let mut children: Vec<&Value> = self
            .statuses
            .iter()
            .filter(|s| s["in_reply_to_id"].as_str() == Some(id))
            .collect();
        children.sort_by(|a, b| compare_ids(id_of(a), id_of(b)));
        children
    }

    /// Every reply down the tree, depth first.
    pub fn descendants(&self, id: &str) -> Vec<&Value> {
        let mut out = Vec::new();
        let mut stack = vec![id.to_owned()];
        while let Some(parent) = stack.pop() {
            for child in self.children(&parent).into_iter().rev() {
                stack.push(id_of(child).to_owned());
                out.push(child);
            }
        }
        out
    }
}

/// Plain text as the HTML Mastodon stores: paragraphs at blank lines, `<br>` at line breaks.
fn html_of(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    escaped
        .split("\n\n")
        .map(|paragraph| format!("<p>{}</p>", paragraph.replace('\n', "<br>")))
        .collect()
}

fn step(count: &mut Value, up: bool) {
    let now = count.as_u64().unwrap_or(0);
    *count = json!(if up { now + 1 } else { now.saturating_sub(1) });
}

/// A reaction is counted where each API reads it: ❤ as a favourite (both APIs show it), any
/// other in the status's own `reactions` (Misskey's form: `:name@.:` for custom emoji).
fn count_reaction(status: &mut Value, reaction: &str, up: bool) {
    if reaction == crate::api::LIKE {
        return step(&mut status["favourites_count"], up);
    }
    let key = match reaction.strip_prefix(':').and_then(|r| r.strip_suffix(':')) {
        Some(name) => format!(":{name}@.:"),
        None => reaction.to_owned(),
    };
    if !status["reactions"].is_object() {
        status["reactions"] = json!({});
    }
    let reactions = &mut status["reactions"];
    step(&mut reactions[&key], up);
    if reactions[&key] == json!(0)
        && let Some(map) = reactions.as_object_mut()
    {
        map.remove(&key);
    }
}
