//! The viewer's own filters, one model for both families: Mastodon's v2 filters (keywords,
//! contexts, an action, an expiry) and Misskey's muted and hard-muted words (each entry all
//! of some words, or a `/regular expression/`). A [`FilterSet`] judges posts with them, the
//! same way on a page, on a streamed post, and again when the user changes a filter.

use jiff::Timestamp;

use super::{Filtered, Post};

/// Where a filter applies (Mastodon's contexts; a Misskey mute applies everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterContext {
    /// Home and lists.
    Home,
    Notifications,
    /// Local, federated and hashtag timelines, trends.
    Public,
    /// A post's thread.
    Thread,
    /// An account's posts.
    Account,
}

impl FilterContext {
    pub const ALL: [FilterContext; 5] = [
        FilterContext::Home,
        FilterContext::Notifications,
        FilterContext::Public,
        FilterContext::Thread,
        FilterContext::Account,
    ];

    /// The server's name for it.
    pub fn wire(self) -> &'static str {
        match self {
            FilterContext::Home => "home",
            FilterContext::Notifications => "notifications",
            FilterContext::Public => "public",
            FilterContext::Thread => "thread",
            FilterContext::Account => "account",
        }
    }

    pub fn from_wire(name: &str) -> Option<FilterContext> {
        FilterContext::ALL.into_iter().find(|c| c.wire() == name)
    }
}

/// What a filter does to a post it catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAction {
    /// Folded behind "Filtered: <title>" (Misskey: a muted word).
    Warn,
    /// Not shown (Misskey: a hard-muted word).
    Hide,
    /// Its media behind a warning (Mastodon 4.4); skua shows the post as it is.
    Blur,
}

impl FilterAction {
    pub fn wire(self) -> &'static str {
        match self {
            FilterAction::Warn => "warn",
            FilterAction::Hide => "hide",
            FilterAction::Blur => "blur",
        }
    }

    pub fn from_wire(name: &str) -> FilterAction {
        match name {
            "hide" => FilterAction::Hide,
            "blur" => FilterAction::Blur,
            _ => FilterAction::Warn,
        }
    }
}

/// One of a Mastodon filter's keywords.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    /// The server's id (kept to change or remove it); `None` for one not saved yet.
    pub id: Option<String>,
    pub text: String,
    /// Only as a whole word ("cat" not in "category").
    pub whole_word: bool,
}

/// What a post must contain to be caught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Mastodon: any one of the keywords.
    AnyKeyword(Vec<Keyword>),
    /// Misskey: one entry of the muted words, as written: words that must all occur, or a
    /// `/regular expression/flags`.
    Entry(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The server's id; empty for one not saved yet. Misskey keeps no ids: there it is the
    /// entry as the server has it, which finds it again.
    pub id: String,
    pub title: String,
    pub rule: Rule,
    pub contexts: Vec<FilterContext>,
    pub action: FilterAction,
    pub expires_at: Option<Timestamp>,
    /// Posts caught by id whatever they say (Mastodon).
    pub post_ids: Vec<String>,
}

/// Regular expressions longer than this are not evaluated (remote posts are matched against
/// them, on the event loop).
const REGEX_SIZE_LIMIT: usize = 1 << 16;

/// A Misskey entry's `/pattern/flags`, compiled (JS syntax, as far as the `regex` syntax
/// agrees); `None` if it is not one or does not compile (said in the log).
pub fn entry_regex(entry: &str) -> Option<Result<regex_lite::Regex, String>> {
    let body = entry.strip_prefix('/')?;
    let end = body.rfind('/')?;
    let (pattern, flags) = (&body[..end], &body[end + 1..]);
    let mut builder = regex_lite::RegexBuilder::new(pattern);
    builder.size_limit(REGEX_SIZE_LIMIT);
    for flag in flags.chars() {
        match flag {
            'i' => builder.case_insensitive(true),
            'm' => builder.multi_line(true),
            's' => builder.dot_matches_new_line(true),
            // Unicode, global, sticky: no difference to whether it matches.
            'u' | 'g' | 'y' | 'v' | 'd' => &mut builder,
            other => return Some(Err(format!("the flag “{other}” is not one skua knows"))),
        };
    }
    Some(builder.build().map_err(|e| e.to_string()))
}

/// A filter ready to judge with: its words lowercased, its expression compiled.
#[derive(Debug, Clone)]
enum Matcher {
    Keywords(Vec<(String, bool)>),
    AllWords(Vec<String>),
    Regex(regex_lite::Regex),
    /// A regular expression that did not compile: catches nothing.
    Never,
}

/// The viewer's filters, ready to judge posts.
#[derive(Debug, Clone, Default)]
pub struct FilterSet {
    filters: Vec<(Filter, Matcher)>,
}

impl FilterSet {
    pub fn new(filters: Vec<Filter>) -> FilterSet {
        let filters = filters
            .into_iter()
            .map(|filter| {
                let matcher = match &filter.rule {
                    Rule::AnyKeyword(keywords) => Matcher::Keywords(
                        keywords
                            .iter()
                            .map(|k| (k.text.to_lowercase(), k.whole_word))
                            .filter(|(text, _)| !text.is_empty())
                            .collect(),
                    ),
                    Rule::Entry(entry) => match entry_regex(entry) {
                        Some(Ok(regex)) => Matcher::Regex(regex),
                        Some(Err(error)) => {
                            tracing::warn!(%entry, %error, "a muted word's expression is left out");
                            Matcher::Never
                        }
                        None => Matcher::AllWords(
                            entry.split_whitespace().map(str::to_lowercase).collect(),
                        ),
                    },
                };
                (filter, matcher)
            })
            .collect();
        FilterSet { filters }
    }

    pub fn filters(&self) -> impl Iterator<Item = &Filter> {
        self.filters.iter().map(|(filter, _)| filter)
    }

    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }

    /// What the filters in force at `now` for `context` do to `post`: hidden if any hides it,
    /// else folded behind the titles of those that warn.
    pub fn judge(&self, post: &Post, context: FilterContext, now: Timestamp) -> Option<Filtered> {
        let applying = self.filters.iter().filter(|(f, _)| {
            f.contexts.contains(&context)
                && f.action != FilterAction::Blur
                && f.expires_at.is_none_or(|at| at > now)
        });
        let mut text: Option<(String, String)> = None;
        let mut warned: Vec<&str> = Vec::new();
        for (filter, matcher) in applying {
            let (raw, lower) = text.get_or_insert_with(|| {
                let raw = searchable_text(post);
                let lower = raw.to_lowercase();
                (raw, lower)
            });
            let caught = filter.post_ids.contains(&post.id) || matcher.matches(raw, lower);
            if !caught {
                continue;
            }
            match filter.action {
                FilterAction::Hide => return Some(Filtered::Hide),
                _ => warned.push(&filter.title),
            }
        }
        (!warned.is_empty()).then(|| Filtered::Warn(warned.join(", ")))
    }
}

impl Matcher {
    fn matches(&self, raw: &str, lower: &str) -> bool {
        match self {
            Matcher::Keywords(keywords) => keywords
                .iter()
                .any(|(word, whole)| contains(lower, word, *whole)),
            Matcher::AllWords(words) => {
                !words.is_empty() && words.iter().all(|w| lower.contains(w.as_str()))
            }
            Matcher::Regex(regex) => regex.is_match(raw),
            Matcher::Never => false,
        }
    }
}

/// Whether `text` holds `word`; as a whole word, with no letter, digit or `_` just before or
/// after it. Linear in the text for each occurrence found.
fn contains(text: &str, word: &str, whole: bool) -> bool {
    if !whole {
        return text.contains(word);
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        // A keyword that starts or ends with a non-word character (`#tag`) is bounded there.
        let starts = word.chars().next().is_none_or(|c| !is_word(c));
        let ends = word.chars().next_back().is_none_or(|c| !is_word(c));
        (starts || before.is_none_or(|c| !is_word(c)))
            && (ends || after.is_none_or(|c| !is_word(c)))
    })
}

/// What a filter reads of a post: its text, content warning, poll options and media
/// descriptions (as Mastodon does).
fn searchable_text(post: &Post) -> String {
    let mut text: String = post
        .content
        .blocks
        .iter()
        .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
        .collect();
    let extra = post
        .spoiler
        .iter()
        .chain(
            post.poll
                .iter()
                .flat_map(|p| p.options.iter().map(|o| &o.title)),
        )
        .chain(post.media.iter().filter_map(|m| m.description.as_ref()));
    for part in extra {
        text.push('\n');
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_bounded_by_what_is_not_a_word() {
        assert!(contains("i like cats.", "cats", true));
        assert!(!contains("category theory", "cat", true));
        assert!(contains("category theory", "cat", false));
        assert!(contains("see #rust now", "#rust", true));
        assert!(contains("a cat", "cat", true));
        assert!(!contains("concatenate cat_", "cat", true));
        assert!(contains("é cat é", "cat", true));
    }

    #[test]
    fn hostile_text_is_matched_in_one_pass() {
        // A megabyte of one letter: every position an occurrence, each checked in constant time.
        let huge = "a".repeat(1 << 20);
        assert!(!contains(&huge, "a", true));
        assert!(contains(&format!("{huge} a"), "a", true));
        let regex = entry_regex("/(a+)+b/").unwrap().unwrap();
        assert!(!regex.is_match(&huge));
    }

    #[test]
    fn misskey_expressions_compile_with_their_flags() {
        let regex = entry_regex("/spo+ilers?/i").unwrap().unwrap();
        assert!(regex.is_match("SPOOILER ahead"));
        assert!(entry_regex("plain words").is_none());
        assert!(entry_regex("/bad(/").unwrap().is_err());
        assert!(entry_regex("/x/q").unwrap().is_err());
    }
}
