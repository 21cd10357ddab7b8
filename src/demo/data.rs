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
    /// Account ids.
    pub members: Vec<String>,
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
}

impl DemoData {
    pub fn bundled() -> DemoData {
        DemoData::from_json(BUNDLED).expect("the bundled demo data is valid")
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
        for status in &mut self.statuses {
            if let Some(Ok(at)) = status["created_at"]
                .as_str()
                .map(str::parse::<jiff::Timestamp>)
                && let Ok(moved) = at.checked_add(shift)
            {
                status["created_at"] = Value::String(moved.to_string());
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
            out["reblog"] = self.resolve(original);
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

    /// The statuses of a timeline, newest first; `None` for a list that does not exist.
    pub fn select(&self, selection: &Selection) -> Option<Vec<&Value>> {
        let public = |s: &&Value| s["visibility"] == "public" && s["reblog"].is_null();
        let statuses = self.statuses.iter();
        Some(match selection {
            Selection::Home => statuses.filter(|s| s["visibility"] != "direct").collect(),
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
            Selection::List(id) => {
                let list = self.lists.iter().find(|l| &l.id == id)?;
                statuses
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
}

pub fn id_of(value: &Value) -> &str {
    value["id"].as_str().unwrap_or("")
}
