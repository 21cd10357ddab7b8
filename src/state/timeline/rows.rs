//! The rows of a timeline: entries, gap rows and what is loading.

use crate::api::{Account, Notice, PageRequest, compare_ids};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    pub newer: bool,
    pub older: bool,
}

/// Posts may be missing between two loaded ones: older than `max`, newer than `since`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Gap {
    pub max: String,
    pub since: String,
    #[serde(skip)]
    pub loading: bool,
}

impl Gap {
    pub(super) fn request(&self) -> PageRequest {
        PageRequest::Between {
            max: self.max.clone(),
            since: self.since.clone(),
        }
    }
}

/// A timeline entry as a row: its own id (the cursor), the id of the post it shows (none for
/// a notification about an account) and what happened (a notification).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryRef {
    pub id: String,
    pub post: Option<String>,
    pub boosted_by: Option<Account>,
    /// A profile's pinned post: shown first, never counted as new or used as a cursor.
    pub pinned: bool,
    pub notice: Option<Box<Notice>>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Row {
    /// Boxed: a gap row should not take an entry's room.
    Entry(Box<EntryRef>),
    Gap(Gap),
}

impl Row {
    pub fn entry(&self) -> Option<&EntryRef> {
        match self {
            Row::Entry(entry) => Some(entry),
            Row::Gap(_) => None,
        }
    }

    /// Where the row sorts: pinned entries first as the server gave them, then entries by id,
    /// a gap just below the entry it starts under.
    pub(super) fn order(a: &Row, b: &Row) -> std::cmp::Ordering {
        let pinned = |row: &Row| matches!(row, Row::Entry(e) if e.pinned);
        match (pinned(a), pinned(b)) {
            (true, true) => return std::cmp::Ordering::Equal,
            (true, false) => return std::cmp::Ordering::Less,
            (false, true) => return std::cmp::Ordering::Greater,
            (false, false) => {}
        }
        let key = |row: &Row| match row {
            Row::Entry(entry) => (entry.id.clone(), 0),
            Row::Gap(gap) => (gap.max.clone(), 1),
        };
        let ((a_id, a_rank), (b_id, b_rank)) = (key(a), key(b));
        compare_ids(&b_id, &a_id).then(a_rank.cmp(&b_rank))
    }
}

/// The selected row, remembered by identity while rows come and go.
pub(super) enum Anchor {
    Entry(String),
    Gap { max: String, since: String },
}

impl EntryRef {
    /// Whether the row shows this post.
    pub fn shows(&self, post: &str) -> bool {
        self.post.as_deref() == Some(post)
    }
}

/// Folds rows of one notification group into the newest of them (rows are newest first).
pub(super) fn fold_groups(rows: Vec<Row>) -> Vec<Row> {
    if !rows
        .iter()
        .any(|r| r.entry().is_some_and(|e| e.notice.is_some()))
    {
        return rows;
    }
    let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
    let mut by_group: std::collections::HashMap<String, usize> = Default::default();
    for row in rows {
        let group = row
            .entry()
            .and_then(|e| e.notice.as_ref())
            .map(|n| n.group.clone());
        let Some(group) = group else {
            kept.push(row);
            continue;
        };
        match by_group.get(&group) {
            Some(&at) => {
                let (Row::Entry(newer), Row::Entry(older)) = (&mut kept[at], row) else {
                    continue;
                };
                if let (Some(notice), Some(older)) = (&mut newer.notice, older.notice) {
                    notice.absorb(*older);
                }
            }
            None => {
                by_group.insert(group, kept.len());
                kept.push(row);
            }
        }
    }
    kept
}
