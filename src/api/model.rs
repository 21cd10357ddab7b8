//! The one internal model every backend produces and the UI consumes.
//! All strings here have already passed through [`crate::sanitize`].

use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub kind: MediaKind,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub replies: u64,
    pub boosts: u64,
    /// Mastodon's favourites; `None` where the server counts reactions instead (Misskey).
    pub favourites: Option<u64>,
    /// Misskey's emoji reactions, most used first: ("❤", 3), (":blob:", 1).
    pub reactions: Vec<(String, u64)>,
}

/// A timeline entry. A boost is stored as the boosted post with `boosted_by` set; `id` stays the
/// timeline entry's id so paging and de-duplication work on what the server paged.
#[derive(Debug, Clone, PartialEq)]
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
    pub boosted_by: Option<Account>,
    pub in_reply_to: Option<String>,
    /// The post this one replies to, when the server sends it along (Misskey does).
    pub parent: Option<Box<Post>>,
    /// The post this one quotes (a Misskey quote renote).
    pub quote: Option<Box<Post>>,
    /// What the viewer's own filters (Mastodon) or muted words (Misskey) say about it.
    pub filtered: Option<Filtered>,
}

/// A post caught by one of the viewer's filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filtered {
    /// Shown folded behind "Filtered: <titles>", revealed like a content warning.
    Warn(String),
    /// Not shown at all.
    Hide,
}

impl Post {
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

/// Styled text, independent of the wire format (HTML on Mastodon, MFM on Misskey).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// Preformatted text: not re-wrapped at word boundaries.
    Code,
    /// A list item with its marker ("•" or "3.").
    ListItem(String),
    /// Misskey's `<center>`: each line centred.
    Center,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub quote_depth: u8,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// Misskey's `<small>`: drawn dimmed.
    pub small: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Url(String),
    Mention { acct: String, url: String },
    Hashtag { tag: String, url: String },
}

/// A run of text with one style. `text` may contain `\n` (a hard line break).
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListSettings {
    pub replies_policy: Option<RepliesPolicy>,
    pub exclusive: Option<bool>,
    pub public: Option<bool>,
}

/// Which replies a Mastodon list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        }
    }

    /// Whether two kinds show the same timeline (a list is the same list whatever its title).
    pub fn same_timeline(&self, other: &TimelineKind) -> bool {
        match (self, other) {
            (TimelineKind::List { id: a, .. }, TimelineKind::List { id: b, .. }) => a == b,
            (TimelineKind::Hashtag(a), TimelineKind::Hashtag(b)) => a.eq_ignore_ascii_case(b),
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

/// One page of a timeline, newest first, with the cursor to continue to older posts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub posts: Vec<Post>,
    pub older: Option<String>,
}

/// Orders post ids oldest → newest. Mastodon ids are decimal strings of growing length and
/// Misskey ids are fixed-length sortable strings, so (length, text) orders both correctly.
pub fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}
