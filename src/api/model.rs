//! The one internal model every backend produces and the UI consumes.
//! All strings here have already passed through [`crate::sanitize`].

use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    /// `user` for local accounts, `user@host` for remote ones.
    pub acct: String,
    pub display_name: String,
    pub url: Option<String>,
    pub bot: bool,
}

impl Account {
    /// The display name, or the username when the server has none.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// An account's profile: who they are, and how the viewer relates to them.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub account: Account,
    /// The bio, rendered like posts.
    pub note: RichText,
    pub fields: Vec<Field>,
    pub posts: Option<u64>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub joined: Option<Timestamp>,
    /// Follow requests need approval.
    pub locked: bool,
    /// `None` for the viewer's own profile (or when the server did not say).
    pub relationship: Option<Relationship>,
}

/// A name/value pair on a profile; `verified` when the server checked that the linked page
/// links back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub verified: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relationship {
    pub following: bool,
    /// A follow request waits for their approval.
    pub requested: bool,
    pub followed_by: bool,
    pub muting: bool,
    pub blocking: bool,
}

/// A change of how the viewer relates to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relate {
    Follow(bool),
    /// Mute, for this long (`None`: until unmuted); or unmute.
    Mute(Option<Option<std::time::Duration>>),
    Block(bool),
}

impl Relate {
    pub fn done(&self) -> &'static str {
        match self {
            Relate::Follow(true) => "followed",
            Relate::Follow(false) => "unfollowed",
            Relate::Mute(Some(_)) => "muted",
            Relate::Mute(None) => "unmuted",
            Relate::Block(true) => "blocked",
            Relate::Block(false) => "unblocked",
        }
    }

    pub fn verb(&self) -> &'static str {
        match self {
            Relate::Follow(true) => "follow",
            Relate::Follow(false) => "unfollow",
            Relate::Mute(Some(_)) => "mute",
            Relate::Mute(None) => "unmute",
            Relate::Block(true) => "block",
            Relate::Block(false) => "unblock",
        }
    }
}

/// Which of an account's posts a profile shows.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum AccountPosts {
    #[default]
    Posts,
    WithReplies,
    Media,
}

impl AccountPosts {
    pub fn label(self) -> &'static str {
        match self {
            AccountPosts::Posts => "posts",
            AccountPosts::WithReplies => "posts and replies",
            AccountPosts::Media => "media",
        }
    }

    pub fn next(self) -> AccountPosts {
        match self {
            AccountPosts::Posts => AccountPosts::WithReplies,
            AccountPosts::WithReplies => AccountPosts::Media,
            AccountPosts::Media => AccountPosts::Posts,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Unlisted,
    /// Followers only (Mastodon's "private", Misskey's "followers").
    Private,
    Direct,
    /// Misskey's "home": like unlisted, kept out of public timelines.
    Home,
    /// Misskey's "specified": only the users named.
    Specified,
}

impl Visibility {
    /// The choices a server family offers, widest first.
    pub fn choices(misskey: bool) -> &'static [Visibility] {
        match misskey {
            false => &[
                Visibility::Public,
                Visibility::Unlisted,
                Visibility::Private,
                Visibility::Direct,
            ],
            true => &[
                Visibility::Public,
                Visibility::Home,
                Visibility::Private,
                Visibility::Specified,
            ],
        }
    }

    /// How far a post reaches: the narrower of two is the stricter.
    fn reach(self) -> u8 {
        match self {
            Visibility::Public => 3,
            Visibility::Unlisted | Visibility::Home => 2,
            Visibility::Private => 1,
            Visibility::Direct | Visibility::Specified => 0,
        }
    }

    /// The stricter of the two (a reply never reaches further than its parent).
    pub fn stricter(self, other: Visibility) -> Visibility {
        if other.reach() < self.reach() {
            other
        } else {
            self
        }
    }

    /// The same reach in the other family's terms.
    pub fn for_family(self, misskey: bool) -> Visibility {
        match (self, misskey) {
            (Visibility::Unlisted, true) => Visibility::Home,
            (Visibility::Home, false) => Visibility::Unlisted,
            (Visibility::Direct, true) => Visibility::Specified,
            (Visibility::Specified, false) => Visibility::Direct,
            (other, _) => other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Private => "followers",
            Visibility::Direct => "direct",
            Visibility::Home => "home",
            Visibility::Specified => "specified",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MediaKind {
    Image,
    Gifv,
    Video,
    Audio,
    Other,
}

impl MediaKind {
    pub fn label(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Gifv => "gif",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Other => "file",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Media {
    /// The server's id, to attach it again (a redraft).
    pub id: String,
    pub kind: MediaKind,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// `None` where the server did not say (a missing or null count).
    pub replies: Option<u64>,
    pub boosts: Option<u64>,
    /// Mastodon's favourites; `None` where the server counts reactions instead (Misskey).
    pub favourites: Option<u64>,
    /// Misskey's emoji reactions, most used first: ("❤", 3), (":blob:", 1).
    pub reactions: Vec<(String, u64)>,
}

/// A post, under its own id: the same post is one post wherever it shows (a timeline, a boost
/// of it, a thread, a profile).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Post {
    pub id: String,
    pub author: Account,
    pub created_at: Timestamp,
    pub visibility: Visibility,
    pub content: RichText,
    /// Content warning; `None` when the post has none.
    pub spoiler: Option<String>,
    pub media: Vec<Media>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    pub counts: Counts,
    pub in_reply_to: Option<String>,
    /// The post this one replies to, when the server sends it along (Misskey does).
    pub parent: Option<Box<Post>>,
    /// The post this one quotes (a Misskey quote renote).
    pub quote: Option<Box<Post>>,
    pub poll: Option<Poll>,
    /// When its author last changed it.
    pub edited_at: Option<Timestamp>,
    /// Whether the viewer may quote it (Mastodon 4.5+); `None` where the server does not say.
    pub quotable: Option<Quotable>,
    /// The language its author set (Mastodon).
    pub language: Option<String>,
    pub sensitive: bool,
    /// What the viewer's own filters (Mastodon) or muted words (Misskey) say about it.
    pub filtered: Option<Filtered>,
    /// What the viewer has done to it, as the server last said (or as skua just did).
    pub mine: Mine,
}

/// What a post's quote policy says about the viewer quoting it (Mastodon 4.5+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Quotable {
    Yes,
    /// The author approves each quote by hand.
    OnApproval,
    No,
}

/// A post's text as its author wrote it (not as rendered), for editing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub text: String,
    pub spoiler: String,
}

/// An earlier version of an edited post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub at: Timestamp,
    pub content: RichText,
    pub spoiler: Option<String>,
}

/// A poll on a post, with the viewer's votes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Poll {
    /// Mastodon's poll id; on Misskey, the note's.
    pub id: String,
    pub options: Vec<PollOption>,
    pub multiple: bool,
    pub expires_at: Option<Timestamp>,
    pub expired: bool,
    /// Indices of the options the viewer chose; empty before voting.
    pub own_votes: Vec<usize>,
    /// People who voted (Mastodon; for a poll of several choices, fewer than the votes).
    pub voters: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PollOption {
    pub title: String,
    /// `None` while the totals are hidden.
    pub votes: Option<u64>,
}

impl Poll {
    pub fn voted(&self) -> bool {
        !self.own_votes.is_empty()
    }

    /// Closed: ended, or past its end time.
    pub fn is_closed(&self, now: Timestamp) -> bool {
        self.expired || self.expires_at.is_some_and(|end| end <= now)
    }
}

/// The viewer's own marks on a post. `None` is "the server did not say": Misskey's notes do
/// not tell whether the viewer renoted or bookmarked them (a note's state is asked for where
/// it matters), and a copy that does not say keeps what an earlier one (or the user) set.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mine {
    pub favourited: bool,
    pub boosted: Option<bool>,
    pub bookmarked: Option<bool>,
    /// Misskey: the viewer's reaction, as shown (`❤`, `:blob:`).
    pub reaction: Option<String>,
    pub thread_muted: Option<bool>,
}

impl Mine {
    pub fn boosted(&self) -> bool {
        self.boosted.unwrap_or(false)
    }

    pub fn bookmarked(&self) -> bool {
        self.bookmarked.unwrap_or(false)
    }

    pub fn thread_muted(&self) -> bool {
        self.thread_muted.unwrap_or(false)
    }

    /// Takes from `earlier` what this copy does not say.
    pub fn fill_unknown(&mut self, earlier: &Mine) {
        self.boosted = self.boosted.or(earlier.boosted);
        self.bookmarked = self.bookmarked.or(earlier.bookmarked);
        self.thread_muted = self.thread_muted.or(earlier.thread_muted);
    }
}

/// Something the viewer does to a post. Each is shown at once ([`Post::apply`]) and undone with
/// the change it returns if the server refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostAction {
    Favourite(bool),
    Boost(bool),
    Bookmark(bool),
    /// Misskey: react with this emoji (replacing any earlier one), or take the reaction back.
    React(Option<String>),
    MuteThread(bool),
}

impl PostAction {
    /// What the user is told once the server agreed.
    pub fn done(&self) -> &'static str {
        match self {
            PostAction::Favourite(true) => "favourited",
            PostAction::Favourite(false) => "unfavourited",
            PostAction::Boost(true) => "boosted",
            PostAction::Boost(false) => "unboosted",
            PostAction::Bookmark(true) => "bookmarked",
            PostAction::Bookmark(false) => "bookmark removed",
            PostAction::React(Some(_)) => "reacted",
            PostAction::React(None) => "reaction removed",
            PostAction::MuteThread(true) => "conversation muted",
            PostAction::MuteThread(false) => "conversation unmuted",
        }
    }

    /// What could not be done, for "could not favourite: …".
    pub fn verb(&self) -> &'static str {
        match self {
            PostAction::Favourite(true) => "favourite",
            PostAction::Favourite(false) => "unfavourite",
            PostAction::Boost(true) => "boost",
            PostAction::Boost(false) => "unboost",
            PostAction::Bookmark(true) => "bookmark",
            PostAction::Bookmark(false) => "remove the bookmark",
            PostAction::React(Some(_)) => "react",
            PostAction::React(None) => "remove the reaction",
            PostAction::MuteThread(true) => "mute the conversation",
            PostAction::MuteThread(false) => "unmute the conversation",
        }
    }
}

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
    pub fn pinned(post: Post) -> Entry {
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
    let mut entries = entries;
    entries.sort_by(|a, b| compare_ids(&b.id, &a.id));
    // The oldest notification pages on, even when it was folded into a newer one.
    let older = older.or_else(|| entries.last().map(|e| e.id.clone()));
    for entry in entries {
        let group = entry.notice.as_ref().map(|n| n.group.clone());
        let newer = grouped
            .iter_mut()
            .find(|e| e.notice.as_ref().map(|n| &n.group) == group.as_ref());
        match (newer, entry.notice) {
            (Some(newer), Some(notice)) => {
                if let Some(kept) = &mut newer.notice {
                    kept.absorb(*notice);
                }
            }
            (_, notice) => grouped.push(Entry { notice, ..entry }),
        }
    }
    Page {
        entries: grouped,
        older,
        unreadable: 0,
    }
}

/// Accounts a grouped notice names at most.
const NOTICE_SAMPLE: usize = 8;

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
            if !known(&self.accounts, &account) && self.accounts.len() < NOTICE_SAMPLE {
                self.accounts.push(account);
            }
        }
        for reaction in older.reactions {
            if !self.reactions.contains(&reaction) {
                self.reactions.push(reaction);
            }
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
            NoticeKind::Other(name) => name,
        }
    }
}

/// A post caught by one of the viewer's filters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Filtered {
    /// Shown folded behind "Filtered: <titles>", revealed like a content warning.
    Warn(String),
    /// Not shown at all.
    Hide,
}

/// The reaction Misskey falls back to, and what skua sends for "favourite" there.
pub const LIKE: &str = "❤";

impl Post {
    /// What the favourite key does to this post: a favourite where the server counts them, the
    /// like reaction where it counts reactions (Misskey); pressed again, it takes it back.
    pub fn favourite_toggle(&self) -> PostAction {
        match self.counts.favourites {
            Some(_) => PostAction::Favourite(!self.mine.favourited),
            None if self.mine.reaction.is_some() => PostAction::React(None),
            None => PostAction::React(Some(LIKE.to_owned())),
        }
    }

    /// Why it cannot be boosted, if it cannot: only public and unlisted (Misskey: home) posts
    /// can, and the author's own followers-only ones.
    pub fn why_not_boostable(&self, me: Option<&Account>) -> Option<&'static str> {
        let own = me.is_some_and(|me| me.id == self.author.id);
        match self.visibility {
            Visibility::Public | Visibility::Unlisted | Visibility::Home => None,
            Visibility::Private if own => None,
            Visibility::Private => Some("followers-only posts cannot be boosted"),
            Visibility::Direct | Visibility::Specified => Some("direct posts cannot be boosted"),
        }
    }

    /// Shows an action at once: the viewer's marks and the counts change. Returns the action
    /// that puts the post back as it was.
    pub fn apply(&mut self, action: &PostAction) -> PostAction {
        fn step(count: &mut u64, on: bool) {
            *count = if on {
                count.saturating_add(1)
            } else {
                count.saturating_sub(1)
            };
        }
        let mine = &mut self.mine;
        match action {
            PostAction::Favourite(on) => {
                if mine.favourited != *on
                    && let Some(count) = &mut self.counts.favourites
                {
                    step(count, *on);
                }
                mine.favourited = *on;
                PostAction::Favourite(!on)
            }
            PostAction::Boost(on) => {
                if mine.boosted() != *on
                    && let Some(count) = &mut self.counts.boosts
                {
                    step(count, *on);
                }
                mine.boosted = Some(*on);
                PostAction::Boost(!on)
            }
            PostAction::Bookmark(on) => {
                mine.bookmarked = Some(*on);
                PostAction::Bookmark(!on)
            }
            PostAction::MuteThread(on) => {
                mine.thread_muted = Some(*on);
                PostAction::MuteThread(!on)
            }
            PostAction::React(reaction) => {
                let before = mine.reaction.take();
                let reactions = &mut self.counts.reactions;
                if let Some(old) = &before
                    && let Some(at) = reactions.iter().position(|(r, _)| r == old)
                {
                    reactions[at].1 = reactions[at].1.saturating_sub(1);
                    if reactions[at].1 == 0 {
                        reactions.remove(at);
                    }
                }
                if let Some(new) = reaction {
                    match reactions.iter_mut().find(|(r, _)| r == new) {
                        Some((_, count)) => *count += 1,
                        None => reactions.push((new.clone(), 1)),
                    }
                }
                mine.reaction = reaction.clone();
                PostAction::React(before)
            }
        }
    }

    /// The accounts the post mentions (`user@host`), in order, each once.
    pub fn mentions(&self) -> Vec<String> {
        let mut accts: Vec<String> = Vec::new();
        for inline in self.content.blocks.iter().flat_map(|b| &b.inlines) {
            if let Some(Link::Mention { acct, .. }) = &inline.link
                && !accts.contains(acct)
            {
                accts.push(acct.clone());
            }
        }
        accts
    }

    /// Every link in the post worth opening: its own page first, then links in the text, then media.
    pub fn links(&self) -> Vec<String> {
        let mut links: Vec<String> = self.url.iter().cloned().collect();
        for inline in self.content.blocks.iter().flat_map(|b| &b.inlines) {
            if let Some(Link::Url(url) | Link::Mention { url, .. } | Link::Hashtag { url, .. }) =
                &inline.link
                && !links.contains(url)
            {
                links.push(url.clone());
            }
        }
        links.extend(self.media.iter().map(|m| m.url.clone()));
        links
    }
}

/// Longer post texts are shown cut: reading, wrapping and drawing a 5 MB word must not cost
/// seconds, and nobody reads that much in a terminal timeline.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// `text` up to [`MAX_TEXT_BYTES`] (cut at a character boundary), and whether it was cut.
pub fn cut_long(text: &str) -> (&str, bool) {
    if text.len() <= MAX_TEXT_BYTES {
        return (text, false);
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Styled text, independent of the wire format (HTML on Mastodon, MFM on Misskey).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RichText {
    pub blocks: Vec<Block>,
}

impl RichText {
    pub fn plain(text: &str) -> Self {
        RichText {
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                quote_depth: 0,
                inlines: vec![Inline::plain(text)],
            }],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.blocks
            .iter()
            .all(|b| b.inlines.iter().all(|i| i.text.trim().is_empty()))
    }

    /// Ends a text that [`cut_long`] shortened with a line saying so and where to read it whole.
    pub fn note_cut(&mut self, full_bytes: usize) {
        let more = full_bytes.saturating_sub(MAX_TEXT_BYTES).div_ceil(1024);
        self.blocks.push(Block {
            kind: BlockKind::Paragraph,
            quote_depth: 0,
            inlines: vec![Inline {
                text: format!("[{more} KiB more not shown: open the post to read it whole]"),
                style: TextStyle {
                    italic: true,
                    ..TextStyle::default()
                },
                link: None,
            }],
        });
    }

    /// The text without styles, a line per block.
    pub fn to_plain(&self) -> String {
        let blocks: Vec<String> = self
            .blocks
            .iter()
            .map(|b| b.inlines.iter().map(|i| i.text.as_str()).collect())
            .collect();
        blocks.join("\n")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockKind {
    Paragraph,
    /// Preformatted text: not re-wrapped at word boundaries.
    Code,
    /// A list item with its marker ("•" or "3.").
    ListItem(String),
    /// Misskey's `<center>`: each line centred.
    Center,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub quote_depth: u8,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// Misskey's `<small>`: drawn dimmed.
    pub small: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Link {
    Url(String),
    Mention { acct: String, url: String },
    Hashtag { tag: String, url: String },
}

/// A run of text with one style. `text` may contain `\n` (a hard line break).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Inline {
    pub text: String,
    pub style: TextStyle,
    pub link: Option<Link>,
}

impl Inline {
    pub fn plain(text: &str) -> Self {
        Inline {
            text: text.to_owned(),
            style: TextStyle::default(),
            link: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct List {
    pub id: String,
    pub title: String,
    /// Settings the server has; `None` where it has no such setting.
    pub settings: ListSettings,
    /// How many accounts are on the list, once known.
    pub member_count: Option<usize>,
}

/// A list's options. Each is `None` on servers without it: `replies_policy` (Mastodon 3.3+),
/// `exclusive` (Mastodon 4.2+: members' posts stay out of home), `public` (Misskey).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListSettings {
    pub replies_policy: Option<RepliesPolicy>,
    pub exclusive: Option<bool>,
    pub public: Option<bool>,
}

/// Which replies a Mastodon list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RepliesPolicy {
    /// Replies to anyone the user follows.
    Followed,
    /// Replies to other members of the list.
    List,
    None,
}

impl RepliesPolicy {
    pub const ALL: [RepliesPolicy; 3] = [
        RepliesPolicy::Followed,
        RepliesPolicy::List,
        RepliesPolicy::None,
    ];

    /// The name Mastodon uses, also used on skua's command line.
    pub fn wire_name(self) -> &'static str {
        match self {
            RepliesPolicy::Followed => "followed",
            RepliesPolicy::List => "list",
            RepliesPolicy::None => "none",
        }
    }

    pub fn from_wire_name(name: &str) -> Option<RepliesPolicy> {
        RepliesPolicy::ALL
            .into_iter()
            .find(|p| p.wire_name() == name)
    }

    pub fn describe(self) -> &'static str {
        match self {
            RepliesPolicy::Followed => "replies to anyone you follow",
            RepliesPolicy::List => "replies to members of the list",
            RepliesPolicy::None => "no replies",
        }
    }

    /// The next choice, for cycling through them with one key.
    pub fn next(self) -> RepliesPolicy {
        match self {
            RepliesPolicy::Followed => RepliesPolicy::List,
            RepliesPolicy::List => RepliesPolicy::None,
            RepliesPolicy::None => RepliesPolicy::Followed,
        }
    }
}

/// One page of a list's members, with an opaque cursor for the next page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberPage {
    pub accounts: Vec<Account>,
    pub next: Option<String>,
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
}

impl TimelineKind {
    pub fn title(&self) -> String {
        match self {
            TimelineKind::Home => "Home".into(),
            TimelineKind::Local => "Local".into(),
            TimelineKind::Federated => "Federated".into(),
            TimelineKind::Hashtag(tag) => format!("#{tag}"),
            TimelineKind::List { title, .. } => title.clone(),
            TimelineKind::Social => "Social".into(),
            TimelineKind::Bookmarks => "Bookmarks".into(),
            TimelineKind::Favourites => "Favourites".into(),
            TimelineKind::Account { acct, .. } => format!("@{acct}"),
            TimelineKind::Notifications {
                mentions_only: false,
            } => "Notifications".into(),
            TimelineKind::Notifications {
                mentions_only: true,
            } => "Mentions".into(),
            TimelineKind::Direct => "Direct".into(),
        }
    }

    /// Whether its rows are notifications (kept read by the notifications marker).
    pub fn is_notifications(&self) -> bool {
        matches!(self, TimelineKind::Notifications { .. })
    }

    /// Whether two kinds show the same timeline (a list is the same list whatever its title).
    pub fn same_timeline(&self, other: &TimelineKind) -> bool {
        match (self, other) {
            (TimelineKind::List { id: a, .. }, TimelineKind::List { id: b, .. }) => a == b,
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

impl Counts {
    /// Keeps `shown`'s count for what `action` changed where this (the server's) count has
    /// not moved that way yet.
    pub fn keep_moved(&mut self, shown: &Counts, action: &PostAction) {
        let keep = |server: &mut u64, shown: u64, up: bool| {
            *server = if up {
                (*server).max(shown)
            } else {
                (*server).min(shown)
            };
        };
        match action {
            PostAction::Favourite(up) => {
                if let (Some(server), Some(shown)) = (&mut self.favourites, shown.favourites) {
                    keep(server, shown, *up);
                }
            }
            PostAction::Boost(up) => {
                if let (Some(server), Some(shown)) = (&mut self.boosts, shown.boosts) {
                    keep(server, shown, *up);
                }
            }
            _ => {}
        }
    }
}

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
