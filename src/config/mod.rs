//! Configuration: the embedded example file gives every default; the user's file overrides
//! what it names. Any mistake stops skua before the TUI starts, naming file, line and key.

pub mod keymap;

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::api::TimelineKind;
use crate::api::http::Token;
pub use keymap::{Key, Keymap};

/// The documented defaults, built into the binary.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

/// The colour roles a `[theme]` can change, with the colour each stands for by default: every
/// style of `ui::theme` is made of these (and white and black, which a theme leaves alone).
pub const THEME_ROLES: &[(&str, ratatui::style::Color)] = {
    use ratatui::style::Color;
    &[
        ("accent", Color::Cyan),
        ("attention", Color::Yellow),
        ("positive", Color::Green),
        ("tag", Color::Magenta),
        ("error", Color::Red),
        ("dim", Color::DarkGray),
        ("status", Color::Gray),
    ]
};

/// Columns a pane needs at least before panes fold into tabs, unless the config says.
pub const FOLD_WIDTH: u16 = 60;

/// Rows a pane needs at least before panes fold into tabs, unless the config says.
pub const FOLD_HEIGHT: u16 = 16;

/// The widest a column, or tallest a pane in its column, grows relative to the others.
pub const MAX_WEIGHT: u16 = 9;

/// Mastodon's largest page.
const MAX_PAGE_SIZE: u32 = 40;

#[derive(Debug, Clone)]
pub struct Config {
    pub tabs: Vec<TimelineKind>,
    pub page_size: u32,
    pub timeout: Duration,
    /// Keep the instant-start cache (`[general] cache`).
    pub cache: bool,
    /// Write links as OSC 8 hyperlinks (`[general] hyperlinks`).
    pub hyperlinks: bool,
    pub layout: Layout,
    pub server: Option<Url>,
    pub token: Option<Token>,
    pub keymap: Keymap,
    pub live: LiveConfig,
    /// `[theme]`: each role's default colour and the colour chosen for it.
    pub palette: Vec<(ratatui::style::Color, ratatui::style::Color)>,
}

/// How timelines stay up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveConfig {
    /// Use the server's streaming API (else timelines are polled).
    pub streaming: bool,
    /// How often timelines are refreshed where there is no stream.
    pub poll_interval: Duration,
    /// Terminal notifications (OSC 9 / OSC 777, else the bell) for mentions and direct messages.
    pub notify: bool,
    /// Posts a timeline keeps at most; those far from the view are dropped (and fetched again
    /// by scrolling).
    pub timeline_cap: usize,
}

/// A config mistake, located for the user, with any further mistakes found in the same file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
    /// The other mistakes, so the user fixes the file once, not once per run.
    pub also: Vec<ConfigError>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)?;
        for other in &self.also {
            write!(f, "\n{other}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    general: General,
    #[serde(default)]
    account: AccountSection,
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    live: LiveSection,
    #[serde(default)]
    theme: BTreeMap<String, String>,
    #[serde(default)]
    layout: LayoutSection,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LayoutSection {
    /// Each column: a list of tabs, or a list of panes stacked in it (lists of tabs).
    columns: Option<Vec<toml::Value>>,
    widths: Option<Vec<u16>>,
    heights: Option<Vec<u16>>,
    fold_width: Option<u16>,
    fold_height: Option<u16>,
}

/// `[layout]`: panes in columns side by side, a column optionally stacking panes, each pane
/// with its tabs; the columns' relative widths and the panes' relative heights in their
/// columns, and the size per pane below which panes fold into tabs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    /// The tabs of each pane, column by column, top to bottom. Empty: one pane with the
    /// `[general] tabs`.
    #[serde(alias = "columns")]
    pub panes: Vec<Vec<TimelineKind>>,
    /// How many panes each column stacks (layouts saved before rows were possible have none:
    /// one pane per column).
    #[serde(default)]
    pub rows: Vec<usize>,
    pub widths: Vec<u16>,
    /// Each pane's height relative to the others in its column, pane by pane (layouts saved
    /// before heights were possible have none: equal heights).
    #[serde(default)]
    pub heights: Vec<u16>,
    pub fold_width: u16,
    #[serde(default = "fold_height")]
    pub fold_height: u16,
}

fn fold_height() -> u16 {
    FOLD_HEIGHT
}

impl Layout {
    /// Side by side, one pane per column, equally wide.
    pub fn columns(panes: Vec<Vec<TimelineKind>>, fold_width: u16, fold_height: u16) -> Layout {
        Layout {
            rows: vec![1; panes.len()],
            widths: vec![1; panes.len()],
            heights: vec![1; panes.len()],
            panes,
            fold_width,
            fold_height,
        }
    }

    /// Panes per column, as long as they add up to the panes (else one per column); each
    /// column's width and each pane's height, 1 where none is known.
    pub fn shape(&self) -> (Vec<usize>, Vec<u16>, Vec<u16>) {
        let rows =
            match self.rows.iter().sum::<usize>() == self.panes.len() && !self.rows.contains(&0) {
                true => self.rows.clone(),
                false => vec![1; self.panes.len()],
            };
        let mut widths = self.widths.clone();
        widths.resize(rows.len(), 1);
        let mut heights = self.heights.clone();
        heights.resize(self.panes.len().max(1), 1);
        (rows, widths, heights)
    }
}

/// The panes of a `[layout] columns` entry: a list of tabs is one pane, a list of lists of
/// tabs stacks a pane for each.
fn column_panes(column: &toml::Value) -> Result<Vec<Vec<String>>, String> {
    let shape = "a column is a list of tabs, like [\"home\", \"#rust\"], or of panes stacked in it, \
                 like [[\"notifications\"], [\"#rust\"]]";
    let strings = |items: &[toml::Value]| -> Option<Vec<String>> {
        items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect()
    };
    let items = column.as_array().ok_or(shape)?;
    if let Some(tabs) = strings(items) {
        return Ok(vec![tabs]);
    }
    items
        .iter()
        .map(|pane| pane.as_array().and_then(|tabs| strings(tabs)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| shape.to_owned())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LiveSection {
    streaming: Option<bool>,
    poll_secs: Option<u64>,
    notify: Option<bool>,
    timeline_cap: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct General {
    tabs: Option<Vec<String>>,
    page_size: Option<u32>,
    timeout_secs: Option<u64>,
    cache: Option<bool>,
    hyperlinks: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AccountSection {
    server: Option<String>,
    token: Option<String>,
}

/// The default location, `$XDG_CONFIG_HOME/skua/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "skua").map(|dirs| dirs.config_dir().join("config.toml"))
}

impl Config {
    /// Loads `path`; a missing file is fine unless `required` (it was named on the command line).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => String::new(),
            Err(e) => {
                return Err(ConfigError {
                    file: path.to_owned(),
                    line: None,
                    key: None,
                    message: format!("cannot read the file: {e}"),
                    also: Vec::new(),
                });
            }
        };
        Config::parse(&text, path)
    }

    /// The defaults alone.
    pub fn defaults() -> Config {
        Config::parse("", Path::new("(defaults)")).expect("the embedded example config is valid")
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let defaults = parse_file(EXAMPLE, Path::new("config.example.toml (built in)"))?;
        let user = parse_file(text, path)?;
        // Every mistake is collected, so one run names them all.
        let mut problems = Vec::new();
        let mut locate = |section: &str, key: &str, message: String| {
            problems.push(ConfigError {
                file: path.to_owned(),
                line: find_line(text, section, key),
                key: Some(format!("{section}.{key}")),
                message,
                also: Vec::new(),
            })
        };

        let tab_specs = user
            .general
            .tabs
            .or(defaults.general.tabs)
            .unwrap_or_default();
        let mut tabs = Vec::new();
        for spec in &tab_specs {
            match parse_tab(spec) {
                Ok(tab) => tabs.push(tab),
                Err(message) => locate("general", "tabs", message),
            }
        }
        if tab_specs.is_empty() {
            locate("general", "tabs", "at least one tab is needed".into());
        }
        let page_size = user
            .general
            .page_size
            .or(defaults.general.page_size)
            .unwrap_or(20);
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            locate(
                "general",
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"),
            );
        }
        let timeout_secs = user
            .general
            .timeout_secs
            .or(defaults.general.timeout_secs)
            .unwrap_or(20);
        if timeout_secs == 0 {
            locate("general", "timeout_secs", "must be at least 1".into());
        }
        let cache = user
            .general
            .cache
            .or(defaults.general.cache)
            .unwrap_or(true);
        let hyperlinks = user
            .general
            .hyperlinks
            .or(defaults.general.hyperlinks)
            .unwrap_or(true);
        let mut panes = Vec::new();
        let mut rows = Vec::new();
        for column in user.layout.columns.iter().flatten() {
            let specs = match column_panes(column) {
                Ok(specs) => specs,
                Err(message) => {
                    locate("layout", "columns", message);
                    continue;
                }
            };
            let before = panes.len();
            for specs in specs {
                let mut pane = Vec::new();
                for spec in specs {
                    match parse_tab(&spec) {
                        Ok(tab) => pane.push(tab),
                        Err(message) => locate("layout", "columns", message),
                    }
                }
                match pane.is_empty() {
                    true => locate("layout", "columns", "a pane needs at least one tab".into()),
                    false => panes.push(pane),
                }
            }
            if panes.len() > before {
                rows.push(panes.len() - before);
            }
        }
        // Relative widths of the columns or heights of the panes: one each, or none (equal).
        let mut weights = |key: &str, given: &Option<Vec<u16>>, count: usize, of: &str| {
            let given = given.clone().unwrap_or_default();
            if !given.is_empty() && given.len() != count {
                locate(
                    "layout",
                    key,
                    format!("{} {key} for {count} {of}", given.len()),
                );
            }
            let max = MAX_WEIGHT;
            if given.iter().any(|w| !(1..=max).contains(w)) {
                let one = key.trim_end_matches('s');
                locate("layout", key, format!("each {one} is 1 to {max}"));
            }
            match given.is_empty() {
                true => vec![1; count],
                false => given,
            }
        };
        let widths = weights("widths", &user.layout.widths, rows.len(), "columns");
        let heights = weights("heights", &user.layout.heights, panes.len(), "panes");
        let fold_width = user.layout.fold_width.unwrap_or(FOLD_WIDTH);
        if fold_width < 20 {
            locate("layout", "fold_width", "must be at least 20".into());
        }
        let fold_height = user.layout.fold_height.unwrap_or(fold_height());
        if fold_height < 6 {
            locate("layout", "fold_height", "must be at least 6".into());
        }
        let layout = Layout {
            widths,
            heights,
            panes,
            rows,
            fold_width,
            fold_height,
        };
        let server = match user.account.server.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(server) => match parse_server_url(server) {
                Ok(url) => Some(url),
                Err(message) => {
                    locate("account", "server", message);
                    None
                }
            },
        };
        let token = user
            .account
            .token
            .filter(|t| !t.trim().is_empty())
            .map(|t| Token::new(t.trim()));
        let poll_secs = user
            .live
            .poll_secs
            .or(defaults.live.poll_secs)
            .unwrap_or(60);
        if poll_secs < 10 {
            locate("live", "poll_secs", "must be at least 10 (seconds)".into());
        }
        let timeline_cap = user
            .live
            .timeline_cap
            .or(defaults.live.timeline_cap)
            .unwrap_or(1000);
        if timeline_cap < 100 {
            locate(
                "live",
                "timeline_cap",
                "must be at least 100 (posts)".into(),
            );
        }
        let live = LiveConfig {
            streaming: user
                .live
                .streaming
                .or(defaults.live.streaming)
                .unwrap_or(true),
            poll_interval: Duration::from_secs(poll_secs),
            notify: user.live.notify.or(defaults.live.notify).unwrap_or(false),
            timeline_cap,
        };
        let mut palette = Vec::new();
        for (role, chosen) in &user.theme {
            let default = THEME_ROLES.iter().find(|(name, _)| name == role);
            match (default, chosen.trim().parse::<ratatui::style::Color>()) {
                (None, _) => {
                    let roles: Vec<&str> = THEME_ROLES.iter().map(|(n, _)| *n).collect();
                    locate(
                        "theme",
                        role,
                        format!("not a colour role; the roles are {}", roles.join(", ")),
                    )
                }
                (Some(_), Err(_)) => locate(
                    "theme",
                    role,
                    format!(
                        "`{chosen}` is not a colour: use a name (\"blue\", \"light-red\", \"default\"…), an index (\"208\") or \"#rrggbb\""
                    ),
                ),
                (Some((_, from)), Ok(to)) => palette.push((*from, to)),
            }
        }
        let keymap = match Keymap::build(&defaults.keys, &user.keys) {
            Ok(keymap) => Some(keymap),
            Err(mistakes) => {
                for (action, message) in mistakes {
                    locate("keys", &action, message);
                }
                None
            }
        };
        if !problems.is_empty() {
            let mut first = problems.remove(0);
            first.also = problems;
            return Err(first);
        }
        let keymap = keymap.expect("a keymap is built when there are no problems");
        Ok(Config {
            tabs,
            page_size,
            timeout: Duration::from_secs(timeout_secs),
            cache,
            hyperlinks,
            layout,
            server,
            token,
            keymap,
            live,
            palette,
        })
    }
}

fn parse_file(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start].matches('\n').count() + 1);
        let key = line.and_then(|n| {
            let line = text.lines().nth(n - 1)?;
            let (key, _) = line.split_once('=')?;
            Some(key.trim().trim_matches('"').to_owned())
        });
        ConfigError {
            file: path.to_owned(),
            line,
            key,
            message: plain_words(e.message().trim()),
            also: Vec::new(),
        }
    })
}

/// The TOML reader's type names in words a user knows ("expected u32" → "expected a whole
/// number").
fn plain_words(message: &str) -> String {
    [
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        (
            "expected a sequence",
            "expected a list in brackets, like [\"a\", \"b\"]",
        ),
        ("expected a string", "expected text in quotes"),
        ("invalid type: ", ""),
    ]
    .iter()
    .fold(message.to_owned(), |text, (from, to)| {
        text.replace(from, to)
    })
}

/// The line where `key` is set inside `[section]`, for semantic errors found after parsing.
fn find_line(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut in_section = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line.trim_matches(['[', ']', ' ']) == section;
        } else if in_section
            && let Some((name, _)) = line.split_once('=')
            && name.trim().trim_matches('"') == key
        {
            return Some(index + 1);
        }
    }
    None
}

/// `home`, `local`, `federated`, `social`, `bookmarks`, `favourites`, `#tag`, `list:ID`,
/// `@user@host`.
impl Config {
    /// The panes and tabs to start with: `[layout]`, or one pane of the `[general] tabs`.
    pub fn start_layout(&self) -> Layout {
        match self.layout.panes.is_empty() {
            true => Layout::columns(
                vec![self.tabs.clone()],
                self.layout.fold_width,
                self.layout.fold_height,
            ),
            false => self.layout.clone(),
        }
    }
}

pub fn parse_tab(spec: &str) -> Result<TimelineKind, String> {
    let spec = spec.trim();
    match spec.to_ascii_lowercase().as_str() {
        "home" => return Ok(TimelineKind::Home),
        "local" => return Ok(TimelineKind::Local),
        "federated" | "public" => return Ok(TimelineKind::Federated),
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
    Err(format!(
        "`{spec}` is not a tab: use \"home\", \"local\", \"federated\", \"social\", \"notifications\", \"mentions\", \"direct\", \"bookmarks\", \"favourites\", \"#tag\", \"list:ID\" or \"@user@host\""
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

/// A server address: `https://host`, a bare `host` (HTTPS assumed), or `http://` on loopback only.
/// How a server is named on screen: `host`, or `host:port` when it has a port.
pub fn server_label(server: &Url) -> String {
    match (server.host_str(), server.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => server.to_string(),
    }
}

pub fn parse_server_url(input: &str) -> Result<Url, String> {
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| format!("`{input}` is not a valid server address ({e})"))?;
    // A loopback address typed without a scheme is a local test server: plain HTTP.
    if !input.contains("://") && is_loopback(url.host_str().unwrap_or("")) {
        let _ = url.set_scheme("http");
    }
    let host = url.host_str().unwrap_or("");
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(format!(
                "`{input}` uses plain HTTP; skua requires HTTPS except for loopback addresses"
            ));
        }
        other => {
            return Err(format!(
                "`{input}` uses `{other}`; a server address starts with https://"
            ));
        }
    }
    if host.is_empty() {
        return Err(format!("`{input}` has no host name"));
    }
    Ok(url)
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_changes_colours_by_role_and_names_a_wrong_one() {
        use ratatui::style::Color;
        let path = Path::new("config.toml");
        let config = Config::parse(
            "[theme]\naccent = \"blue\"\ndim = \"#808080\"\nattention = \"208\"\n",
            path,
        )
        .unwrap();
        assert_eq!(
            config.palette,
            [
                (Color::Cyan, Color::Blue),
                (Color::Yellow, Color::Indexed(208)),
                (Color::DarkGray, Color::Rgb(128, 128, 128)),
            ]
        );
        let wrong = Config::parse("[theme]\n\naccent = \"blurple\"\n", path).unwrap_err();
        assert_eq!(
            (wrong.line, wrong.key.as_deref()),
            (Some(3), Some("theme.accent"))
        );
        assert!(
            wrong.message.contains("`blurple` is not a colour"),
            "{}",
            wrong.message
        );
        let role = Config::parse("[theme]\nbackground = \"red\"\n", path).unwrap_err();
        assert!(
            role.message.contains("the roles are accent"),
            "{}",
            role.message
        );
    }

    #[test]
    fn embedded_example_parses_and_sets_every_option() {
        let example: FileConfig = toml::from_str(EXAMPLE).unwrap();
        assert!(example.general.tabs.is_some());
        assert!(example.general.page_size.is_some());
        assert!(example.general.timeout_secs.is_some());
        assert!(example.account.server.is_some());
        assert!(example.account.token.is_some());
        let config = Config::defaults();
        assert_eq!(
            config.tabs,
            [
                TimelineKind::Home,
                TimelineKind::Local,
                TimelineKind::Federated,
                TimelineKind::Notifications {
                    mentions_only: false
                },
            ]
        );
        assert!(example.live.streaming.is_some() && example.live.notify.is_some());
        assert!(example.live.poll_secs.is_some() && example.live.timeline_cap.is_some());
        // Every action has at least one key by default.
        for (action, _, _) in crate::action::ACTIONS {
            assert!(
                !config.keymap.keys_for(*action).is_empty(),
                "{action:?} has no key"
            );
        }
    }

    #[test]
    fn user_values_override_defaults() {
        let config = Config::parse(
            "[general]\ntabs = [\"#rust\", \"list:42\"]\npage_size = 40\n[keys]\nquit = [\"Q\"]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(config.tabs[0], TimelineKind::Hashtag("rust".into()));
        assert!(matches!(&config.tabs[1], TimelineKind::List { id, .. } if id == "42"));
        assert_eq!(config.page_size, 40);
        assert_eq!(config.keymap.label(crate::action::Action::Quit), "Q");
    }

    fn error_of(text: &str) -> ConfigError {
        Config::parse(text, Path::new("/home/u/.config/skua/config.toml")).unwrap_err()
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = error_of("[general]\n\npage_size = \"many\"\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("page_size")));
        assert!(
            e.to_string()
                .starts_with("/home/u/.config/skua/config.toml, line 3, key `page_size`")
        );

        let e = error_of("[general]\ncolour = 1\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("colour")));
        assert!(e.message.contains("unknown field"), "{}", e.message);

        let e = error_of("[general]\npage_size = 99\n");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(2), Some("general.page_size"))
        );

        let e = error_of("[account]\nserver = \"http://mastodon.example\"\n");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(2), Some("account.server"))
        );
        assert!(e.message.contains("HTTPS"));

        let e = error_of("[keys]\nup = [\"k\"]\nquit = [\"hyper-q\"]\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("keys.quit")));

        let e = error_of("[general]\ntabs = [\"home\", \"timeline\"]\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("general.tabs")));

        let e = error_of("[general\n");
        assert_eq!(e.line, Some(1));

        let e = error_of("[general]\npage_size = \"many\"\n");
        assert!(
            e.message.contains("expected a whole number"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("u32"), "{}", e.message);
    }

    #[test]
    fn every_mistake_in_the_file_is_reported_at_once() {
        let e = error_of(
            "[general]\ntabs = [\"home\", \"timeline\"]\npage_size = 99\n[keys]\nquit = [\"hyper-q\"]\n",
        );
        let text = e.to_string();
        for needle in [
            "line 2, key `general.tabs`",
            "line 3, key `general.page_size`",
            "key `keys.quit`",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
        assert!(
            text.contains("\"social\""),
            "the tab names include social: {text}"
        );
    }

    #[test]
    fn server_urls() {
        assert_eq!(
            parse_server_url("mastodon.example").unwrap().as_str(),
            "https://mastodon.example/"
        );
        assert!(parse_server_url("http://127.0.0.1:8080").is_ok());
        assert!(parse_server_url("http://[::1]:8080").is_ok());
        assert!(parse_server_url("http://localhost:3000").is_ok());
        assert!(parse_server_url("http://10.0.0.1").is_err());
        assert!(parse_server_url("ftp://x.example").is_err());
        for local in ["127.0.0.1:4000", "localhost:4000", "[::1]:4000"] {
            assert_eq!(parse_server_url(local).unwrap().scheme(), "http", "{local}");
        }
        assert_eq!(parse_server_url("example.org").unwrap().scheme(), "https");
        assert_eq!(
            parse_server_url("example.org/social/").unwrap().as_str(),
            "https://example.org/social/"
        );
    }

    #[test]
    fn layout_mistakes_name_their_line() {
        let e = error_of("[layout]\ncolumns = [[\"home\"], [\"timeline\"]]\n");
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(2), Some("layout.columns"))
        );
        let e = error_of("[layout]\ncolumns = [[\"home\"], [\"local\"]]\nwidths = [1]\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("layout.widths")));
        assert!(
            e.message.contains("1 widths for 2 columns"),
            "{}",
            e.message
        );
        let e = error_of("[layout]\ncolumns = [[\"home\"], [[\"local\"], \"#rust\"]]\n");
        assert!(
            e.message.contains("or of panes stacked in it"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_column_stacks_panes_given_as_lists_of_tabs() {
        let text =
            "[layout]\ncolumns = [[\"home\"], [[\"local\", \"#rust\"], [\"notifications\"]]]\n";
        let config = Config::parse(text, std::path::Path::new("c.toml")).unwrap();
        assert_eq!(config.layout.rows, [1, 2]);
        assert_eq!(config.layout.widths, [1, 1]);
        assert_eq!(config.layout.panes.len(), 3);
        assert_eq!(
            config.layout.panes[1].len(),
            2,
            "local and #rust share a pane"
        );
    }
}
