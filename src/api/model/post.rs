//! A post and what hangs on it: media, counts, polls, the viewer's own marks.

use super::*;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MediaKind {
    Image,
    Gifv,
    Video,
    Audio,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Media {
    /// The server's id, to attach it again (a redraft).
    pub id: String,
    pub kind: MediaKind,
    pub url: String,
    pub description: Option<String>,
    /// A smaller picture of it (a thumbnail, a video's first frame), where the server has one.
    #[serde(default)]
    pub preview_url: Option<String>,
    /// Its width and height in pixels, where the server says: a preview's place is kept
    /// before it arrives.
    #[serde(default)]
    pub size: Option<(u32, u32)>,
    /// A blurred stand-in for the picture (BlurHash), where the server made one.
    #[serde(default)]
    pub blurhash: Option<String>,
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
    /// A preview of the page it links to (Mastodon; Misskey sends none).
    #[serde(default)]
    pub card: Option<Card>,
    /// The Misskey channel it was posted in.
    #[serde(default)]
    pub channel: Option<super::ChannelTag>,
    /// Its text in the reader's language, while the reader wants it shown (asked for, never
    /// cached).
    #[serde(skip)]
    pub translation: Option<Translation>,
}

/// A preview of a page a post links to, as the server fetched it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub url: String,
    pub title: String,
    pub description: String,
    /// Who published it (a site's name), where the page says.
    pub provider: Option<String>,
    /// The page's picture, where it has one.
    pub image: Option<String>,
}

/// A post's text in another language, as the server's translator gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub content: RichText,
    /// The language it was translated from, as the translator saw it.
    pub from: Option<String>,
    /// Who translated it (DeepL, LibreTranslate…), where the server says.
    pub provider: Option<String>,
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
    /// The viewer's own post is pinned to their profile (`None`: not said).
    #[serde(default)]
    pub pinned: Option<bool>,
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

    pub fn pinned(&self) -> bool {
        self.pinned.unwrap_or(false)
    }

    /// Takes from `earlier` what this copy does not say.
    pub fn fill_unknown(&mut self, earlier: &Mine) {
        self.boosted = self.boosted.or(earlier.boosted);
        self.bookmarked = self.bookmarked.or(earlier.bookmarked);
        self.thread_muted = self.thread_muted.or(earlier.thread_muted);
        self.pinned = self.pinned.or(earlier.pinned);
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
    /// The viewer's own post shown first on their profile, or no longer.
    Pin(bool),
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

    /// Whether `me` may boost it: public and unlisted (Misskey: home) posts, and the author's
    /// own followers-only ones.
    pub fn boostable_by(&self, me: Option<&Account>) -> bool {
        match self.visibility {
            Visibility::Public | Visibility::Unlisted | Visibility::Home => true,
            Visibility::Private => me.is_some_and(|me| me.id == self.author.id),
            Visibility::Direct | Visibility::Specified => false,
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
            PostAction::Pin(on) => {
                mine.pinned = Some(*on);
                PostAction::Pin(!on)
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

/// The most characters of a one-line text of a post that are kept (a content warning, a
/// description, a poll option): far past any server's own limit (Mastodon's descriptions,
/// 1,500), and about 65 rows at 80 columns, where a hostile server's megabytes would be laid
/// out at every frame.
pub const MAX_LINE_CHARS: usize = 5_000;

/// Attachments, poll options and kinds of reaction kept of one post (and the people of one
/// conversation, the kinds of reaction of one notification): past any server's own limits
/// (Misskey, 16 files; Mastodon's polls, 4 options unless raised), and a line or a few
/// columns each on screen.
pub const MAX_PARTS: usize = 64;

/// `line` up to [`MAX_LINE_CHARS`], ending in `…` where it was cut.
pub fn cut_line(mut line: String) -> String {
    if let Some((end, _)) = line.char_indices().nth(MAX_LINE_CHARS) {
        line.truncate(end);
        line.push('…');
    }
    line
}

impl Post {
    /// The post as skua keeps it: its content warning, attachments, reactions, link card and
    /// poll cut to the bounds above (its text is cut as it is read, see [`MAX_TEXT_BYTES`]).
    pub fn within_bounds(mut self) -> Post {
        self.spoiler = self.spoiler.map(cut_line);
        let options = self.poll.as_ref().map_or(0, |p| p.options.len());
        let most = self
            .media
            .len()
            .max(self.counts.reactions.len())
            .max(options);
        if most > MAX_PARTS {
            tracing::warn!(id = %self.id, most, "more attachments, reactions or poll options than skua keeps: the rest left out");
        }
        self.media.truncate(MAX_PARTS);
        for media in &mut self.media {
            media.description = media.description.take().map(cut_line);
        }
        // Read the most given first: those left out are the fewest.
        self.counts.reactions.truncate(MAX_PARTS);
        for (reaction, _) in &mut self.counts.reactions {
            *reaction = cut_line(std::mem::take(reaction));
        }
        if let Some(card) = &mut self.card {
            card.title = cut_line(std::mem::take(&mut card.title));
            card.description = cut_line(std::mem::take(&mut card.description));
        }
        if let Some(poll) = &mut self.poll {
            poll.options.truncate(MAX_PARTS);
            for option in &mut poll.options {
                option.title = cut_line(std::mem::take(&mut option.title));
            }
        }
        self
    }
}

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
