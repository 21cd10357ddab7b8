//! Configuration: the embedded example file gives every default; the user's file overrides
//! what it names. Any mistake stops skua before the TUI starts, naming file, line and key. Each
//! section is read in its own file.

mod account;
mod general;
pub mod keymap;
mod layout;
mod live;
mod media;
#[cfg(test)]
mod tests;
mod theme;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use crate::api::TimelineKind;
use crate::api::http::Token;
pub use account::{parse_server_url, server_label};
pub use general::{normalize_tag, parse_tab};
pub use keymap::{Key, Keymap};
pub use layout::{FOLD_HEIGHT, FOLD_WIDTH, Layout, MAX_WEIGHT};
pub use live::LiveConfig;
pub use media::{MediaConfig, PreviewMode};
pub use theme::THEME_ROLES;

/// The documented defaults, built into the binary.
pub const EXAMPLE: &str = include_str!("../../config.example.toml");

#[derive(Debug, Clone)]
pub struct Config {
    pub tabs: Vec<TimelineKind>,
    /// The tabs that leave boosts or replies out (`[general] hide_boosts`, `hide_replies`).
    pub quiet: Vec<(TimelineKind, crate::api::Quiet)>,
    pub page_size: u32,
    pub timeout: Duration,
    /// Keep the instant-start cache (`[general] cache`).
    pub cache: bool,
    /// Write links as OSC 8 hyperlinks (`[general] hyperlinks`).
    pub hyperlinks: bool,
    /// An `Esc` and a key within this are one Alt key (`[general] esc_timeout_ms`).
    pub esc_timeout: Duration,
    /// The language posts are translated into (`[general] translate_into`); `None`: the
    /// locale's.
    pub translate_into: Option<String>,
    pub layout: Layout,
    pub server: Option<Url>,
    pub token: Option<Token>,
    pub keymap: Keymap,
    pub live: LiveConfig,
    pub media: MediaConfig,
    /// `[theme]`: each role's default colour and the colour chosen for it.
    pub palette: Vec<(ratatui::style::Color, ratatui::style::Color)>,
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

/// The file's sections, as far as they could be read.
#[derive(Default)]
struct FileConfig {
    general: general::General,
    account: account::AccountSection,
    keys: BTreeMap<String, Vec<String>>,
    live: live::LiveSection,
    media: media::MediaSection,
    theme: BTreeMap<String, String>,
    layout: layout::LayoutSection,
}

/// The sections a config file may have.
const SECTIONS: &[&str] = &[
    "general", "account", "keys", "live", "media", "theme", "layout",
];

/// The default location, `$XDG_CONFIG_HOME/skua/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "skua").map(|dirs| dirs.config_dir().join("config.toml"))
}

impl Config {
    /// Loads `path`; a missing file is fine unless `required` (it was named on the command line).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match crate::files::read_text_bounded(path, crate::files::SMALL_FILE) {
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
        let example = Path::new("config.example.toml (built in)");
        let mut mistakes = Problems {
            text: EXAMPLE,
            path: example,
            found: Vec::new(),
        };
        let defaults = parse_file(EXAMPLE, example, &mut mistakes)?;
        if let Some(error) = mistakes.into_error() {
            return Err(error);
        }
        let mut problems = Problems {
            text,
            path,
            found: Vec::new(),
        };
        let user = parse_file(text, path, &mut problems)?;
        let general = general::read(user.general, defaults.general, &mut problems);
        let layout = layout::read(&user.layout, &mut problems);
        let (server, token) = account::read(user.account, &mut problems);
        let live = live::read(user.live, defaults.live, &mut problems);
        let media = media::read(user.media, defaults.media, &mut problems);
        let palette = theme::read(&user.theme, &mut problems);
        let keymap = Keymap::build(&defaults.keys, &user.keys).map_err(|mistakes| {
            for (action, message) in mistakes {
                problems.at("keys", &action, message);
            }
        });
        if let Some(error) = problems.into_error() {
            return Err(error);
        }
        Ok(Config {
            tabs: general.tabs,
            quiet: general.quiet,
            page_size: general.page_size,
            timeout: general.timeout,
            cache: general.cache,
            hyperlinks: general.hyperlinks,
            esc_timeout: general.esc_timeout,
            translate_into: general.translate_into,
            layout,
            server,
            token,
            keymap: keymap.expect("a keymap is built when there are no problems"),
            live,
            media,
            palette,
        })
    }

    /// The panes and tabs to start with: `[layout]`, or one pane of the `[general] tabs`.
    pub fn start_layout(&self) -> Layout {
        let layout = match self.layout.panes.is_empty() {
            true => Layout::columns(
                vec![self.tabs.clone()],
                self.layout.fold_width,
                self.layout.fold_height,
            ),
            false => self.layout.clone(),
        };
        Layout {
            quiet: self.quiet.clone(),
            ..layout
        }
    }
}

/// The mistakes found once the file is read, each located by section and key: every one is
/// reported at once, so the user fixes the file in one go.
struct Problems<'a> {
    text: &'a str,
    path: &'a Path,
    found: Vec<ConfigError>,
}

impl Problems<'_> {
    fn at(&mut self, section: &str, key: &str, message: String) {
        self.found.push(ConfigError {
            file: self.path.to_owned(),
            line: find_line(self.text, section, key),
            key: Some(format!("{section}.{key}")),
            message,
            also: Vec::new(),
        });
    }

    /// A whole section that is wrong, at its header.
    fn section(&mut self, section: &str, message: String) {
        let header = self.text.lines().position(|line| {
            let line = line.trim();
            line.strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
                .is_some_and(|name| name.trim() == section)
                || line
                    .split_once('=')
                    .is_some_and(|(key, _)| key.trim().trim_matches('"') == section)
        });
        self.found.push(ConfigError {
            file: self.path.to_owned(),
            line: header.map(|index| index + 1),
            key: Some(section.to_owned()),
            message,
            also: Vec::new(),
        });
    }

    /// The first mistake, carrying the others; `None` when there are none.
    fn into_error(mut self) -> Option<ConfigError> {
        if self.found.is_empty() {
            return None;
        }
        // In the order of the file.
        self.found.sort_by_key(|problem| problem.line);
        let mut first = self.found.remove(0);
        first.also = self.found;
        Some(first)
    }
}

/// Reads the file leniently: a syntax error ends the reading, but every key that cannot be
/// read (unknown, of the wrong type) is a problem of its own, so all are reported at once.
fn parse_file(text: &str, path: &Path, problems: &mut Problems) -> Result<FileConfig, ConfigError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| syntax_error(text, path, &e))?;
    let mut file = FileConfig::default();
    for (name, value) in &table {
        let Some(section) = value
            .as_table()
            .filter(|_| SECTIONS.contains(&name.as_str()))
        else {
            let sections = SECTIONS.join("], [");
            let message = match value.is_table() {
                true => format!("`[{name}]` is not a section skua knows: [{sections}]"),
                false => format!("`{name}` belongs inside a section: [{sections}]"),
            };
            problems.section(name, message);
            continue;
        };
        match name.as_str() {
            "general" => file.general = read_section(section, name, problems),
            "account" => file.account = read_section(section, name, problems),
            "keys" => file.keys = read_section(section, name, problems),
            "live" => file.live = read_section(section, name, problems),
            "media" => file.media = read_section(section, name, problems),
            "theme" => file.theme = read_section(section, name, problems),
            _ => file.layout = read_section(section, name, problems),
        }
    }
    Ok(file)
}

/// A section read key by key: each key that cannot be read is a problem, the others are kept.
fn read_section<T: serde::de::DeserializeOwned + Default>(
    section: &toml::Table,
    name: &str,
    problems: &mut Problems,
) -> T {
    let mut readable = toml::Table::new();
    for (key, value) in section {
        let alone = toml::Table::from_iter([(key.clone(), value.clone())]);
        match alone.try_into::<T>() {
            Ok(_) => {
                readable.insert(key.clone(), value.clone());
            }
            Err(error) => problems.at(name, key, plain_words(error.message().trim())),
        }
    }
    readable.try_into().unwrap_or_default()
}

/// A file that is not TOML, located, with its key named as `section.key`.
fn syntax_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let line = error
        .span()
        .map(|span| text[..span.start].matches('\n').count() + 1);
    let written = line.and_then(|n| {
        let (key, value) = text.lines().nth(n - 1)?.split_once('=')?;
        Some((key.trim().trim_matches('"').to_owned(), value.trim()))
    });
    let section = line.and_then(|n| {
        text.lines()
            .take(n)
            .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
            .last()
            .map(|s| s.trim().to_owned())
    });
    let key = written.as_ref().map(|(key, _)| match &section {
        Some(section) => format!("{section}.{key}"),
        None => key.clone(),
    });
    let message = match &written {
        // A bare word (`streaming = yes`): what TOML wants instead, in words.
        Some((_, value)) if error.message().contains("string values must be quoted") => format!(
            "`{value}` is not a value: write true or false (a yes or no), a number, or text in quotes"
        ),
        _ => plain_words(error.message().trim()),
    };
    ConfigError {
        file: path.to_owned(),
        line,
        key,
        message,
        also: Vec::new(),
    }
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
        ("expected a boolean", "expected true or false"),
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
