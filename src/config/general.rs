//! `[general]`: the tabs (and which leave boosts or replies out), page size, timeout, cache,
//! hyperlinks, Esc timeout and the language to translate into; and how a tab is written.

use std::time::Duration;

use serde::Deserialize;

use super::Problems;
use crate::api::TimelineKind;

/// Mastodon's largest page.
const MAX_PAGE_SIZE: u32 = 40;

/// The longest Esc timeout taken.
const MAX_ESC_TIMEOUT: Duration = Duration::from_millis(1000);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct General {
    pub(super) tabs: Option<Vec<String>>,
    pub(super) page_size: Option<u32>,
    pub(super) timeout_secs: Option<u64>,
    pub(super) cache: Option<bool>,
    pub(super) hyperlinks: Option<bool>,
    pub(super) esc_timeout_ms: Option<u64>,
    pub(super) hide_boosts: Option<Vec<String>>,
    pub(super) hide_replies: Option<Vec<String>>,
    pub(super) translate_into: Option<String>,
}

/// What `[general]` sets, read.
pub(super) struct GeneralSettings {
    pub(super) tabs: Vec<TimelineKind>,
    pub(super) page_size: u32,
    pub(super) timeout: Duration,
    pub(super) cache: bool,
    pub(super) hyperlinks: bool,
    pub(super) esc_timeout: Duration,
    /// The tabs that leave boosts or replies out.
    pub(super) quiet: Vec<(TimelineKind, crate::api::Quiet)>,
    /// `None`: the locale's language.
    pub(super) translate_into: Option<String>,
}

/// The user's `[general]` over the defaults'.
pub(super) fn read(user: General, defaults: General, problems: &mut Problems) -> GeneralSettings {
    let tab_specs = user.tabs.or(defaults.tabs).unwrap_or_default();
    let mut tabs = Vec::new();
    for spec in &tab_specs {
        match parse_tab(spec) {
            Ok(tab) => tabs.push(tab),
            Err(message) => problems.at("general", "tabs", message),
        }
    }
    if tab_specs.is_empty() {
        problems.at("general", "tabs", "at least one tab is needed".into());
    }
    let page_size = user.page_size.or(defaults.page_size).unwrap_or(20);
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        problems.at(
            "general",
            "page_size",
            format!("must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"),
        );
    }
    let timeout_secs = user.timeout_secs.or(defaults.timeout_secs).unwrap_or(20);
    if timeout_secs == 0 {
        problems.at("general", "timeout_secs", "must be at least 1".into());
    }
    let cache = user.cache.or(defaults.cache).unwrap_or(true);
    let hyperlinks = user.hyperlinks.or(defaults.hyperlinks).unwrap_or(true);
    let esc_timeout = user
        .esc_timeout_ms
        .or(defaults.esc_timeout_ms)
        .map_or(crate::input::DEFAULT_ESC_TIMEOUT, Duration::from_millis);
    if esc_timeout > MAX_ESC_TIMEOUT {
        problems.at(
            "general",
            "esc_timeout_ms",
            format!(
                "must be at most {} (a longer wait makes Esc feel slow), not {}",
                MAX_ESC_TIMEOUT.as_millis(),
                esc_timeout.as_millis()
            ),
        );
    }
    let translate_into = user
        .translate_into
        .or(defaults.translate_into)
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty());
    if let Some(tag) = translate_into
        .as_deref()
        .filter(|tag| !is_language_tag(tag))
    {
        problems.at(
            "general",
            "translate_into",
            format!(
                "must be a language code such as \"de\" or \"pt-BR\", or \"\" for your locale's; not {tag:?}"
            ),
        );
    }
    let mut quiet: Vec<(TimelineKind, crate::api::Quiet)> = Vec::new();
    for (key, specs, boosts) in [
        (
            "hide_boosts",
            user.hide_boosts.or(defaults.hide_boosts),
            true,
        ),
        (
            "hide_replies",
            user.hide_replies.or(defaults.hide_replies),
            false,
        ),
    ] {
        for spec in specs.unwrap_or_default() {
            let kind = match parse_tab(&spec) {
                Ok(kind) => kind,
                Err(message) => {
                    problems.at("general", key, message);
                    continue;
                }
            };
            let index = match quiet.iter().position(|(k, _)| k.same_timeline(&kind)) {
                Some(index) => index,
                None => {
                    quiet.push((kind, Default::default()));
                    quiet.len() - 1
                }
            };
            match boosts {
                true => quiet[index].1.boosts = true,
                false => quiet[index].1.replies = true,
            }
        }
    }
    GeneralSettings {
        quiet,
        tabs,
        page_size,
        timeout: Duration::from_secs(timeout_secs),
        cache,
        hyperlinks,
        esc_timeout,
        translate_into,
    }
}

/// `de`, `pt-BR`, `zh_Hant`: a language of two or three letters, then any subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// A tab as written in the config: `home`, `local`, `federated` (Misskey's `global`), `social`,
/// `notifications`, `mentions`, `direct`, `bookmarks`, `favourites` (on Misskey, which keeps no
/// list of liked notes, its favorites), `#tag`, `list:ID`, `antenna:NAME`, `channel:NAME`,
/// `@user@host`.
pub fn parse_tab(spec: &str) -> Result<TimelineKind, String> {
    let spec = spec.trim();
    match spec.to_ascii_lowercase().as_str() {
        "home" => return Ok(TimelineKind::Home),
        "local" => return Ok(TimelineKind::Local),
        "federated" | "public" | "global" => return Ok(TimelineKind::Federated),
        "social" | "hybrid" => return Ok(TimelineKind::Social),
        "bookmarks" => return Ok(TimelineKind::Bookmarks),
        "favourites" | "favorites" => return Ok(TimelineKind::Favourites),
        "notifications" => {
            return Ok(TimelineKind::Notifications {
                mentions_only: false,
            });
        }
        "mentions" => {
            return Ok(TimelineKind::Notifications {
                mentions_only: true,
            });
        }
        "direct" | "dm" => return Ok(TimelineKind::Direct),
        _ => {}
    }
    // An account's posts; its id is looked up with the first page.
    if let Some(acct) = spec.strip_prefix('@')
        && !acct.is_empty()
        && !acct.contains(char::is_whitespace)
    {
        return Ok(TimelineKind::Account {
            id: String::new(),
            acct: acct.to_owned(),
            posts: crate::api::AccountPosts::Posts,
        });
    }
    if let Some(tag) = spec.strip_prefix('#') {
        return normalize_tag(tag).map(TimelineKind::Hashtag);
    }
    if let Some(id) = spec.strip_prefix("list:").map(str::trim)
        && !id.is_empty()
    {
        return Ok(TimelineKind::List {
            id: id.to_owned(),
            title: format!("list {id}"),
        });
    }
    // A Misskey antenna or channel, by its name (its id is looked up with the first page).
    if let Some(name) = spec.strip_prefix("antenna:").map(str::trim)
        && !name.is_empty()
    {
        return Ok(TimelineKind::Antenna {
            id: String::new(),
            name: name.to_owned(),
        });
    }
    if let Some(name) = spec.strip_prefix("channel:").map(str::trim)
        && !name.is_empty()
    {
        return Ok(TimelineKind::Channel {
            id: String::new(),
            name: name.to_owned(),
        });
    }
    Err(format!(
        "`{spec}` is not a tab: use \"home\", \"local\", \"federated\", \"social\", \"notifications\", \"mentions\", \"direct\", \"bookmarks\", \"favourites\", \"#tag\", \"list:ID\", \"antenna:NAME\", \"channel:NAME\" or \"@user@host\""
    ))
}

/// A hashtag as typed (with or without `#`) → its name, or why it is not one.
pub fn normalize_tag(input: &str) -> Result<String, String> {
    let tag = input.trim().trim_start_matches('#');
    if tag.is_empty() {
        return Err("a hashtag needs a name".into());
    }
    if let Some(bad) = tag
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == '_' || *c == '·'))
    {
        return Err(format!("a hashtag cannot contain `{bad}`"));
    }
    Ok(tag.to_owned())
}
