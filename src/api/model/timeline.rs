//! Timelines, their pages and entries, notifications, threads and search results.

use super::*;

/// A timeline entry: what the server paged (its id is the paging cursor) and the post it
/// shows. A boost is an entry of its own showing the boosted post; a notification is an entry
/// telling what happened, with the post it happened to (none for a follow).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub post: Option<Post>,
    pub boosted_by: Option<Account>,
    /// Pinned to its author's profile: shown first there, never a paging cursor.
    pub pinned: bool,
    /// Boxed: most entries are posts.
    pub notice: Option<Box<Notice>>,
}

impl Entry {
    /// An entry that is the post itself (not a boost).
    pub fn of(post: Post) -> Entry {
        Entry {
            id: post.id.clone(),
            post: Some(post),
            boosted_by: None,
            pinned: false,
            notice: None,
        }
    }

    /// A notification (or a conversation) with its cursor.
    pub fn notice(id: String, notice: Notice, post: Option<Post>) -> Entry {
        Entry {
            id,
            post,
            boosted_by: None,
            pinned: false,
            notice: Some(Box::new(notice)),
        }
    }

    /// A pinned post of a profile. Its entry id is its own, so the same post further down
    /// among the account's posts is a second entry.
    pub fn pinned(mut post: Post) -> Entry {
        post.mine.pinned = Some(true);
        Entry {
            id: format!("{PINNED_PREFIX}{}", post.id),
            post: Some(post),
            boosted_by: None,
            pinned: true,
            notice: None,
        }
    }
}

/// What a notification tells of.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NoticeKind {
    Mention,
    Reply,
    Boost,
    Favourite,
    /// Misskey reactions; the emoji are in [`Notice::reactions`].
    Reaction,
    Follow,
    /// Waits for the user to accept or reject it.
    FollowRequest,
    FollowAccepted,
    PollEnded,
    /// A post the user interacted with was edited.
    Edited,
    Quote,
    /// Someone the user asked to hear about posted.
    Posted,
    /// A direct conversation (a row of the direct messages tab), by its id.
    Conversation {
        id: String,
        unread: bool,
    },
    /// A Misskey chat (a row of the direct messages tab), its last message the post.
    Chat {
        with: super::ChatWith,
        unread: bool,
    },
    /// A kind skua does not know, by the server's name.
    Other(String),
}

/// A notification, or several of one kind about one post grouped into one ("Ana and 3
/// others favourited …").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    /// Who did it, most recent first (a sample when the server groups many).
    pub accounts: Vec<Account>,
    /// How many did it in all (at least `accounts.len()`).
    pub count: usize,
    /// The emoji reacted with (Misskey), each once.
    pub reactions: Vec<String>,
    pub at: Timestamp,
    /// Notifications with the same key are one row: the newest, with everyone in it.
    pub group: String,
}

/// A page of notifications with those of one group folded into the newest (for servers that
/// do not group them).
pub fn group_page(entries: Vec<Entry>, older: Option<String>) -> Page {
    let mut grouped: Vec<Entry> = Vec::with_capacity(entries.len());
    // Where each group's newest notice is in `grouped` (a page may be long: linear work).
    let mut newest: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut entries = entries;
    entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
    // The oldest notification pages on, even when it was folded into a newer one.
    let older = older.or_else(|| entries.last().map(|e| e.id.clone()));
    for entry in entries {
        let Some(notice) = entry.notice else {
            grouped.push(entry);
            continue;
        };
        match newest.get(&notice.group) {
            Some(&at) => {
                if let Some(kept) = &mut grouped[at].notice {
                    kept.absorb(*notice);
                }
            }
            None => {
                newest.insert(notice.group.clone(), grouped.len());
                grouped.push(Entry {
                    notice: Some(notice),
                    ..entry
                });
            }
        }
    }
    Page {
        lacking: None,
        entries: grouped,
        older,
        unreadable: 0,
    }
}

/// Accounts a grouped notice names at most (Mastodon samples as many; the rest are counted).
pub const NOTICE_SAMPLE: usize = 8;

impl Notice {
    /// One notification of `kind` by `account`, grouped as Mastodon 4.3 groups (favourites,
    /// boosts, reactions per post; follows per day) where the server does not group itself.
    pub fn single(
        kind: NoticeKind,
        account: Option<Account>,
        post: Option<&str>,
        id: &str,
        at: Timestamp,
    ) -> Notice {
        let group = match (&kind, post) {
            (NoticeKind::Favourite | NoticeKind::Boost | NoticeKind::Reaction, Some(post)) => {
                format!("{}-{post}", kind.name())
            }
            (NoticeKind::Follow, _) => format!("follow-{}", at.as_second() / 86_400),
            _ => format!("single-{id}"),
        };
        Notice {
            kind,
            count: usize::from(account.is_some()),
            accounts: account.into_iter().collect(),
            reactions: Vec::new(),
            at,
            group,
        }
    }

    /// Adds a kind of reaction the notice names, once, and no more than [`MAX_PARTS`] kinds.
    pub fn add_reaction(&mut self, reaction: String) {
        if self.reactions.len() < MAX_PARTS && !self.reactions.contains(&reaction) {
            self.reactions.push(reaction);
        }
    }

    /// Folds an older notice of the same group into this newer one.
    pub fn absorb(&mut self, older: Notice) {
        let known = |accounts: &[Account], a: &Account| accounts.iter().any(|b| b.id == a.id);
        // A single new notification adds its account to the group; a group the server counted
        // again already holds the older ones.
        if self.count <= 1 {
            let new = self
                .accounts
                .iter()
                .filter(|a| !known(&older.accounts, a))
                .count();
            self.count = older.count + new;
        } else {
            self.count = self.count.max(older.count);
        }
        for account in older.accounts {
            if self.accounts.len() < NOTICE_SAMPLE && !known(&self.accounts, &account) {
                self.accounts.push(account);
            }
        }
        for reaction in older.reactions {
            self.add_reaction(reaction);
        }
        self.count = self.count.max(self.accounts.len());
    }

    /// Whether it is about the user being mentioned (the mentions-only filter keeps these).
    pub fn is_mention(&self) -> bool {
        matches!(
            self.kind,
            NoticeKind::Mention | NoticeKind::Reply | NoticeKind::Quote
        )
    }
}

impl NoticeKind {
    /// A stable name, for group keys and the log.
    pub fn name(&self) -> &str {
        match self {
            NoticeKind::Mention => "mention",
            NoticeKind::Reply => "reply",
            NoticeKind::Boost => "boost",
            NoticeKind::Favourite => "favourite",
            NoticeKind::Reaction => "reaction",
            NoticeKind::Follow => "follow",
            NoticeKind::FollowRequest => "follow_request",
            NoticeKind::FollowAccepted => "follow_accepted",
            NoticeKind::PollEnded => "poll",
            NoticeKind::Edited => "update",
            NoticeKind::Quote => "quote",
            NoticeKind::Posted => "status",
            NoticeKind::Conversation { .. } => "conversation",
            NoticeKind::Chat { .. } => "chat",
            NoticeKind::Other(name) => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TimelineKind {
    Home,
    Local,
    Federated,
    Hashtag(String),
    List {
        id: String,
        title: String,
    },
    /// Misskey's hybrid timeline: home and local together.
    Social,
    /// Posts the viewer bookmarked (Misskey: favorited).
    Bookmarks,
    /// Posts the viewer favourited (Mastodon).
    Favourites,
    /// An account's posts (pinned first). An empty `id` is looked up from `acct` (a tab named
    /// in the config).
    Account {
        id: String,
        acct: String,
        posts: AccountPosts,
    },
    /// What happened to the user: mentions, boosts, follows…, or only the mentions.
    Notifications {
        mentions_only: bool,
    },
    /// Direct conversations (Mastodon) or notes addressed to the user (Misskey).
    Direct,
    /// What a Misskey antenna caught. An empty `id` is looked up by `name` (a tab named in
    /// the config).
    Antenna {
        id: String,
        name: String,
    },
    /// A Misskey channel's notes. An empty `id` is looked up by `name` (a tab named in the
    /// config).
    Channel {
        id: String,
        name: String,
    },
    /// The messages of a Misskey chat, newest first (its view shows them oldest at the top).
    Chat(super::ChatWith),
    /// The notes of a Misskey clip.
    Clip {
        id: String,
        name: String,
    },
}

impl TimelineKind {
    /// Whether its rows are notifications (kept read by the notifications marker).
    pub fn is_notifications(&self) -> bool {
        matches!(self, TimelineKind::Notifications { .. })
    }

    /// Whether two kinds show the same timeline (a list is the same list whatever its title).
    pub fn same_timeline(&self, other: &TimelineKind) -> bool {
        match (self, other) {
            (TimelineKind::List { id: a, .. }, TimelineKind::List { id: b, .. })
            | (TimelineKind::Clip { id: a, .. }, TimelineKind::Clip { id: b, .. }) => a == b,
            (
                TimelineKind::Antenna { id: a, name: x },
                TimelineKind::Antenna { id: b, name: y },
            )
            | (
                TimelineKind::Channel { id: a, name: x },
                TimelineKind::Channel { id: b, name: y },
            ) => match a.is_empty() || b.is_empty() {
                true => x == y,
                false => a == b,
            },
            (TimelineKind::Hashtag(a), TimelineKind::Hashtag(b)) => a.eq_ignore_ascii_case(b),
            (
                TimelineKind::Account { id: a, acct: x, .. },
                TimelineKind::Account { id: b, acct: y, .. },
            ) => (!a.is_empty() && a == b) || x.eq_ignore_ascii_case(y),
            (TimelineKind::Notifications { .. }, TimelineKind::Notifications { .. }) => true,
            (a, b) => a == b,
        }
    }
}

/// Which page of a timeline to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    /// The newest page.
    Latest,
    /// The newest posts newer than the cursor (Mastodon `since_id`): the newest page without
    /// what is already shown, so catching up when nothing is new costs an empty answer. Misskey
    /// answers `sinceId` alone oldest first, so it is asked for the newest page instead.
    Newer(String),
    /// Posts older than the cursor.
    Older(String),
    /// The newest posts older than `max` and newer than `since` (Mastodon `max_id` +
    /// `since_id`, Misskey `untilId` + `sinceId`): every server answers this newest first,
    /// from just below `max`, so it fills a gap downward.
    Between { max: String, since: String },
}

/// One page of a timeline, newest first, with the cursor to continue to older entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub entries: Vec<Entry>,
    pub older: Option<String>,
    /// Items of the answer that could not be read and were left out (the log says why).
    pub unreadable: usize,
    /// A permission a part of the page needs, left out until the user approves it (Misskey's
    /// chats among the direct messages).
    pub lacking: Option<String>,
}

/// A post with the conversation around it: what it replies to (oldest first) and the replies.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub ancestors: Vec<Post>,
    pub post: Post,
    pub replies: Replies,
}

/// Replies to a post and to them, in any order (a thread builds the tree from `in_reply_to`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replies {
    pub posts: Vec<Post>,
    /// Posts with replies that were not fetched (Misskey fetches a level per request): the
    /// thread offers to load them.
    pub unexpanded: Vec<String>,
}

/// What a search found, by kind; `unavailable` says which kinds the server would not search
/// and why (Misskey servers often turn off searching notes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub accounts: Vec<Account>,
    pub hashtags: Vec<String>,
    pub posts: Vec<Post>,
    pub unavailable: Vec<String>,
}

/// What a tab of posts leaves out: boosts, replies (kept in the config and the saved layout).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quiet {
    #[serde(default)]
    pub boosts: bool,
    #[serde(default)]
    pub replies: bool,
}

impl Quiet {
    /// Whether an entry (a boost when `boosted`; a reply when it answers a post) is left out.
    pub fn hides(&self, boosted: bool, reply: bool) -> bool {
        (self.boosts && boosted) || (self.replies && reply)
    }
}

/// What is popular on the server now, and the accounts it suggests following; `unavailable`
/// says which of these the server does not have or could not give, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trends {
    pub posts: Vec<Post>,
    pub tags: Vec<TrendingTag>,
    pub links: Vec<Card>,
    pub suggested: Vec<Account>,
    pub unavailable: Vec<String>,
}

/// Where the user stopped reading: the newest entry read, per timeline that keeps one.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadPositions {
    pub home: Option<String>,
    pub notifications: Option<String>,
}

impl ReadPositions {
    /// The position kept for a timeline, if it keeps one.
    pub fn of(&mut self, kind: &TimelineKind) -> Option<&mut Option<String>> {
        match kind {
            TimelineKind::Home => Some(&mut self.home),
            TimelineKind::Notifications { .. } => Some(&mut self.notifications),
            _ => None,
        }
    }

    /// Takes the newer of each position (a position never moves back).
    pub fn merge(&mut self, other: &ReadPositions) {
        for (mine, theirs) in [
            (&mut self.home, &other.home),
            (&mut self.notifications, &other.notifications),
        ] {
            if let Some(theirs) = theirs
                && mine
                    .as_deref()
                    .is_none_or(|m| compare_ids(theirs, m).is_gt())
            {
                *mine = Some(theirs.clone());
            }
        }
    }
}

/// Starts the entry id of a pinned post.
pub const PINNED_PREFIX: &str = "pinned:";

/// Orders post ids oldest → newest. Mastodon ids are decimal strings of growing length, so
/// they order by (length, text); Misskey ids and Hollo's UUIDv7 and time-prefixed
/// notification ids order by text.
pub fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    let decimal = |id: &str| id.bytes().all(|b| b.is_ascii_digit());
    if decimal(a) && decimal(b) {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}
