//! The demo instance's data: accounts, statuses and lists, kept as Mastodon JSON.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::api::compare_ids;

const BUNDLED: &str = include_str!("../../assets/demo/mastodon.json");

#[derive(Debug, Clone, Deserialize)]
pub struct DemoList {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub replies_policy: Option<String>,
    #[serde(default)]
    pub exclusive: Option<bool>,
    /// Misskey's "others may see this list".
    #[serde(default)]
    pub public: bool,
    /// Account ids.
    pub members: Vec<String>,
}

impl DemoList {
    /// Members in the order both APIs page them: newest id first. An account id doubles as the
    /// paging cursor, so removing someone never shifts a page.
    pub fn members_newest_first(&self) -> Vec<&str> {
        let mut members: Vec<&str> = self.members.iter().map(String::as_str).collect();
        members.sort_by(|a, b| compare_ids(b, a));
        members
    }
}

/// Why the demo refuses a list change; each API turns it into its own error shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListError {
    NoSuchList,
    NoSuchAccount,
    NotFollowed,
    AlreadyMember,
    BlankTitle,
    TooManyLists,
    TooManyMembers,
}

/// Statuses reference accounts (and boosted statuses) by id in the file; they are resolved
/// to full Mastodon JSON when served.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoData {
    pub host: String,
    /// The logged-in account's id.
    pub me: String,
    pub accounts: Vec<Value>,
    pub statuses: Vec<Value>,
    pub lists: Vec<DemoList>,
    /// Account ids the logged-in account follows.
    #[serde(default)]
    pub following: Vec<String>,
    /// Account ids following the logged-in account.
    #[serde(default)]
    pub followers: Vec<String>,
    /// Locked accounts the logged-in account asked to follow.
    #[serde(default)]
    pub requested: Vec<String>,
    #[serde(default)]
    pub muting: Vec<String>,
    /// Misskey: searching notes is off (as on many servers).
    #[serde(default)]
    pub notes_search_off: bool,
    #[serde(default)]
    pub blocking: Vec<String>,
    /// Accounts whose boosts (renotes) the viewer leaves out of home.
    #[serde(default)]
    pub boosts_hidden: Vec<String>,
    /// Reports sent to the moderators, as received (Mastodon's body; Misskey's as its own).
    #[serde(default)]
    pub reports: Vec<Value>,
    /// The viewer's private notes on accounts, by account id.
    #[serde(default)]
    pub private_notes: HashMap<String, String>,
    /// Who notifications are filtered from (Mastodon's `for_*` rules).
    #[serde(default)]
    pub notification_policy: Value,
    /// Notifications filtered, waiting as requests (`account` is an account id).
    #[serde(default)]
    pub notification_requests: Vec<Value>,
    /// The staff's announcements, as Mastodon has them (with `title` for Misskey's).
    #[serde(default)]
    pub announcements: Vec<Value>,
    /// Hashtags the logged-in account follows.
    #[serde(default)]
    pub followed_tags: Vec<String>,
    /// Hashtags featured on the logged-in account's profile: (id, name).
    #[serde(default)]
    pub featured_tags: Vec<(String, String)>,
    /// Server limits, for tests of what happens at them.
    #[serde(default)]
    pub list_limit: Option<usize>,
    #[serde(default)]
    pub member_limit: Option<usize>,
    /// Posts waiting to be sent: `{id, at, body}` with the body they were sent with.
    #[serde(default)]
    pub scheduled: Vec<Value>,
    /// Misskey drafts kept to finish later (no time): `{id, at, body}`, `at` when saved.
    #[serde(default)]
    pub note_drafts: Vec<Value>,
    /// The logged-in account's Mastodon v2 filters, as the server answers them.
    #[serde(default)]
    pub filters: Vec<Value>,
    /// Misskey muted words of the logged-in account (`mutedWords`, `hardMutedWords`).
    #[serde(default)]
    pub muted_words: Vec<Value>,
    #[serde(default)]
    pub hard_muted_words: Vec<Value>,
    /// The Mastodon API version the demo says it has (`api_versions.mastodon`): 2 is 4.3; 7
    /// (4.5) lets posts be quoted.
    #[serde(default)]
    pub mastodon_api_version: Option<u32>,
    /// Mastodon `Idempotency-Key`s seen, with the status each created.
    #[serde(default)]
    pub idempotency_keys: HashMap<String, String>,
    /// Behave as GoToSocial does: a repeated `Idempotency-Key` creates another status.
    #[serde(default)]
    pub ignore_idempotency_keys: bool,
    /// Uploaded files (Mastodon attachments, Misskey drive files), as attachments.
    #[serde(default)]
    pub media: Vec<Value>,
    /// Notifications, newest first: `{id, type, created_at, account, status}` (ids of each).
    #[serde(default)]
    pub notifications: Vec<Value>,
    /// Reading markers by timeline (`home`, `notifications`).
    #[serde(default)]
    pub markers: HashMap<String, String>,
    /// Misskey clips: the user's and others' (`userId`), each with its `noteIds` and whether
    /// the user favourited it (`isFavorited`).
    #[serde(default)]
    pub clips: Vec<Value>,
    /// Misskey channels, as `channels/show` answers them (without counts), and whether the
    /// server features each (`featured`); their notes are statuses with a `channel`.
    #[serde(default)]
    pub channels: Vec<Value>,
    /// Misskey chat messages (`fromUserId`, `toUserId` or `toRoomId`, `reactions` by
    /// `userId`, `isRead`), oldest first.
    #[serde(default)]
    pub chat_messages: Vec<Value>,
    /// Misskey chat rooms the user is in.
    #[serde(default)]
    pub chat_rooms: Vec<Value>,
    /// The user's Misskey antennas, as `antennas/show` answers them.
    #[serde(default)]
    pub antennas: Vec<Value>,
    /// Domains the user blocked (Misskey: servers the user muted).
    #[serde(default)]
    pub domain_blocks: Vec<String>,
    /// Accounts waiting for the user to accept their follow request.
    #[serde(default)]
    pub follow_requests: Vec<String>,
    /// Direct conversations (by their first post) the user has read.
    #[serde(default)]
    pub read_conversations: Vec<String>,
}

impl DemoData {
    pub fn bundled() -> DemoData {
        let mut data = DemoData::from_json(BUNDLED).expect("the bundled demo data is valid");
        super::notices::seed(&mut data);
        super::announcements::seed(&mut data);
        super::requests::seed(&mut data);
        data
    }

    /// Adds Misskey channels with notes of their own (the demo shows them; tests that count
    /// statuses do without).
    pub fn add_channels(&mut self) {
        super::channels::seed(self);
    }

    /// Adds Misskey chats: with two accounts and in a room.
    pub fn add_chats(&mut self) {
        super::chat::seed(self);
    }

    pub fn from_json(text: &str) -> Result<DemoData, serde_json::Error> {
        let mut data: DemoData = serde_json::from_str(text)?;
        data.statuses
            .sort_by(|a, b| compare_ids(id_of(b), id_of(a)));
        Ok(data)
    }

    /// Moves every timestamp so the newest post is `age` old at `now`, so the demo looks live.
    pub fn rebase(&mut self, now: jiff::Timestamp, age: jiff::SignedDuration) {
        let newest = self
            .statuses
            .iter()
            .filter_map(|s| s["created_at"].as_str()?.parse::<jiff::Timestamp>().ok())
            .max();
        let Some(newest) = newest else { return };
        let shift = now.duration_since(newest) - age;
        for notification in &mut self.notifications {
            if let Some(Ok(at)) = notification["created_at"]
                .as_str()
                .map(str::parse::<jiff::Timestamp>)
                && let Ok(moved) = at.checked_add(shift)
            {
                notification["created_at"] = Value::String(moved.to_string());
            }
        }
        for status in &mut self.statuses {
            if let Some(Ok(at)) = status["created_at"]
                .as_str()
                .map(str::parse::<jiff::Timestamp>)
                && let Ok(moved) = at.checked_add(shift)
            {
                status["created_at"] = Value::String(moved.to_string());
            }
            // A poll ends as long after its post as it did.
            if let Some(Ok(end)) = status["poll"]["expires_at"]
                .as_str()
                .map(str::parse::<jiff::Timestamp>)
                && let Ok(moved) = end.checked_add(shift)
            {
                status["poll"]["expires_at"] = Value::String(moved.to_string());
            }
        }
    }

    pub fn account(&self, id: &str) -> Option<&Value> {
        self.accounts.iter().find(|a| a["id"].as_str() == Some(id))
    }

    pub fn status(&self, id: &str) -> Option<&Value> {
        self.statuses.iter().find(|s| id_of(s) == id)
    }

    /// A status as the API serves it: account and boosted status filled in.
    pub fn resolve(&self, status: &Value) -> Value {
        let mut out = status.clone();
        if let Some(account) = status["account"].as_str().and_then(|id| self.account(id)) {
            out["account"] = account.clone();
        }
        if let Some(original) = status["reblog"].as_str().and_then(|id| self.status(id)) {
            // With text of its own it quotes the post (Mastodon 4.4's `quote`); else boosts it.
            let quoting = status["content"].as_str().is_some_and(|c| !c.is_empty());
            match quoting {
                true => {
                    out["reblog"] = Value::Null;
                    out["quote"] = serde_json::json!({
                        "state": "accepted",
                        "quoted_status": self.resolve(original),
                    });
                }
                false => out["reblog"] = self.resolve(original),
            }
        }
        out
    }

    pub fn is_local(&self, status: &Value) -> bool {
        status["account"]
            .as_str()
            .and_then(|id| self.account(id))
            .and_then(|a| a["acct"].as_str())
            .is_some_and(|acct| !acct.contains('@'))
    }

    pub fn lists_by_id(&self) -> HashMap<&str, &DemoList> {
        self.lists.iter().map(|l| (l.id.as_str(), l)).collect()
    }

    pub fn list(&self, id: &str) -> Result<&DemoList, ListError> {
        self.lists
            .iter()
            .find(|l| l.id == id)
            .ok_or(ListError::NoSuchList)
    }

    fn list_mut(&mut self, id: &str) -> Result<&mut DemoList, ListError> {
        self.lists
            .iter_mut()
            .find(|l| l.id == id)
            .ok_or(ListError::NoSuchList)
    }

    pub fn create_list(&mut self, title: &str) -> Result<&mut DemoList, ListError> {
        if title.trim().is_empty() {
            return Err(ListError::BlankTitle);
        }
        if self
            .list_limit
            .is_some_and(|limit| self.lists.len() >= limit)
        {
            return Err(ListError::TooManyLists);
        }
        let next_id = self
            .lists
            .iter()
            .filter_map(|l| l.id.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        self.lists.push(DemoList {
            id: next_id.to_string(),
            title: title.to_owned(),
            replies_policy: Some("list".into()),
            exclusive: Some(false),
            public: false,
            members: Vec::new(),
        });
        Ok(self.lists.last_mut().expect("just pushed"))
    }

    /// Changes a list through `change`, refusing a blank title.
    pub fn update_list(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut DemoList),
    ) -> Result<&DemoList, ListError> {
        let list = self.list_mut(id)?;
        let mut changed = list.clone();
        change(&mut changed);
        if changed.title.trim().is_empty() {
            return Err(ListError::BlankTitle);
        }
        *list = changed;
        Ok(list)
    }

    pub fn delete_list(&mut self, id: &str) -> Result<(), ListError> {
        self.list(id)?;
        self.lists.retain(|l| l.id != id);
        Ok(())
    }

    /// Adds an account; `followed_only` is Mastodon's rule.
    pub fn add_member(
        &mut self,
        list: &str,
        account: &str,
        followed_only: bool,
    ) -> Result<(), ListError> {
        let followed = self.following.iter().any(|id| id == account);
        let known = self.account(account).is_some();
        let limit = self.member_limit;
        let list = self.list_mut(list)?;
        if !known {
            return Err(ListError::NoSuchAccount);
        }
        if followed_only && !followed {
            return Err(ListError::NotFollowed);
        }
        if list.members.iter().any(|m| m == account) {
            return Err(ListError::AlreadyMember);
        }
        if limit.is_some_and(|limit| list.members.len() >= limit) {
            return Err(ListError::TooManyMembers);
        }
        list.members.push(account.to_owned());
        Ok(())
    }

    pub fn remove_member(&mut self, list: &str, account: &str) -> Result<(), ListError> {
        self.list_mut(list)?.members.retain(|m| m != account);
        Ok(())
    }

    /// Accounts whose `acct` or display name contains `query`, case-insensitively.
    pub fn find_accounts(&self, query: &str) -> Vec<&Value> {
        let query = query.trim().trim_start_matches('@').to_lowercase();
        self.accounts
            .iter()
            .filter(|a| {
                ["acct", "display_name"].iter().any(|field| {
                    a[field]
                        .as_str()
                        .is_some_and(|v| v.to_lowercase().contains(&query))
                })
            })
            .collect()
    }

    /// The account `user` or `user@host` (this server's own host may be given or not).
    pub fn account_by_acct(&self, acct: &str) -> Option<&Value> {
        let acct = acct.trim().trim_start_matches('@').to_lowercase();
        let own_suffix = format!("@{}", self.host);
        let acct = acct.strip_suffix(&own_suffix).unwrap_or(&acct);
        self.accounts.iter().find(|a| {
            a["acct"]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(acct))
        })
    }

    /// Follows an account; a locked one gets a request instead.
    pub fn follow(&mut self, account: &str) -> Result<(), ListError> {
        let locked = self.account(account).ok_or(ListError::NoSuchAccount)?["locked"] == true;
        let list = if locked {
            &mut self.requested
        } else {
            &mut self.following
        };
        if !list.iter().any(|id| id == account) {
            list.push(account.to_owned());
        }
        Ok(())
    }

    /// The statuses of a timeline, newest first; `None` for a list that does not exist.
    pub fn select(&self, selection: &Selection) -> Option<Vec<&Value>> {
        let public = |s: &&Value| s["visibility"] == "public" && s["reblog"].is_null();
        // A channel's notes are in its timeline alone (and found by id).
        let anywhere = matches!(selection, Selection::Posts(_));
        let statuses = self
            .statuses
            .iter()
            .filter(move |s| anywhere || s["channel"].is_null());
        Some(match selection {
            Selection::Channel(id) => self
                .statuses
                .iter()
                .filter(|s| s["channel"] == id.as_str())
                .collect(),
            // Without the boosts of those whose boosts the viewer left out.
            Selection::Home => statuses
                .filter(|s| s["visibility"] != "direct")
                .filter(|s| {
                    !(s["reblog"].is_string()
                        && s["account"]
                            .as_str()
                            .is_some_and(|a| self.boosts_hidden.iter().any(|h| h == a)))
                })
                .collect(),
            Selection::Public { local } => statuses
                .filter(public)
                .filter(|s| !local || self.is_local(s))
                .collect(),
            Selection::Social => statuses
                .filter(|s| s["visibility"] != "direct")
                .filter(|s| s["reblog"].is_string() || self.is_local(s))
                .collect(),
            Selection::Tag(tag) => statuses
                .filter(public)
                .filter(|s| {
                    s["tags"].as_array().is_some_and(|tags| {
                        tags.iter().any(|t| {
                            t["name"]
                                .as_str()
                                .is_some_and(|n| n.eq_ignore_ascii_case(tag))
                        })
                    })
                })
                .collect(),
            Selection::Account { id, replies, media } => statuses
                .filter(|s| s["visibility"] != "direct")
                .filter(|s| s["account"] == id.as_str())
                .filter(|s| *replies || s["in_reply_to_id"].is_null())
                .filter(|s| {
                    !*media
                        || s["media_attachments"]
                            .as_array()
                            .is_some_and(|m| !m.is_empty())
                })
                .collect(),
            // Any line whose words all occur (an antenna's keywords), in public posts.
            Selection::Matching { lines, with_file } => statuses
                .filter(public)
                .filter(|s| {
                    !with_file
                        || s["media_attachments"]
                            .as_array()
                            .is_some_and(|m| !m.is_empty())
                })
                .filter(|s| {
                    // As the author typed it (a hashtag is `#rust`, not its link).
                    let text = super::misskey::typed_text(s).to_lowercase();
                    lines
                        .iter()
                        .any(|words| words.iter().all(|w| text.contains(&w.to_lowercase())))
                })
                .collect(),
            Selection::Posts(ids) => statuses
                .filter(|s| ids.iter().any(|id| id == id_of(s)))
                .collect(),
            Selection::Bookmarks => statuses.filter(|s| s["bookmarked"] == true).collect(),
            Selection::Favourites => statuses.filter(|s| s["favourited"] == true).collect(),
            Selection::List(id) => {
                let list = self.lists.iter().find(|l| &l.id == id)?;
                statuses
                    .filter(|s| s["visibility"] != "direct")
                    .filter(|s| {
                        s["account"]
                            .as_str()
                            .is_some_and(|a| list.members.iter().any(|m| m == a))
                    })
                    .collect()
            }
        })
    }
}

/// Which timeline to serve, whatever API asks for it.
#[derive(Debug, Clone)]
pub enum Selection {
    Home,
    Public {
        local: bool,
    },
    /// Misskey's hybrid timeline: home plus local.
    Social,
    Tag(String),
    List(String),
    Bookmarks,
    Favourites,
    /// Public posts holding every word of any of these lines (an antenna's keywords), with
    /// files only where `with_file`.
    Matching {
        lines: Vec<Vec<String>>,
        with_file: bool,
    },
    /// These posts (a clip's), by id.
    Posts(Vec<String>),
    /// A Misskey channel's notes (by its id).
    Channel(String),
    /// An account's posts (and boosts), with replies or not, or only those with media.
    Account {
        id: String,
        replies: bool,
        media: bool,
    },
}

pub fn id_of(value: &Value) -> &str {
    value["id"].as_str().unwrap_or("")
}
