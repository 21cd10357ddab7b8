//! `[media]`: previews under posts and the memory their pictures may take, which programs
//! open attachments, where downloads go, how large they may be, and whether posting one
//! without a description asks first.

use std::path::PathBuf;

use serde::Deserialize;

use super::Problems;
use crate::media::Programs;

/// Whether pictures of attachments are drawn under posts (`[media] previews`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewMode {
    /// Where the terminal can draw them (not the Linux console, not a dumb terminal).
    Auto,
    /// In half blocks, whatever the terminal.
    Blocks,
    Off,
}

/// What `[media]` sets, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaConfig {
    pub programs: Programs,
    /// Where downloads go; `None`: the user's download folder.
    pub downloads: Option<PathBuf>,
    /// The largest attachment fetched, in bytes.
    pub max_bytes: u64,
    /// Ask before posting an attachment without a description.
    pub ask_for_descriptions: bool,
    pub previews: PreviewMode,
    /// The most the pictures kept to be drawn take in memory, in bytes.
    pub memory_bytes: usize,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct MediaSection {
    pub(super) image: Option<Vec<String>>,
    pub(super) video: Option<Vec<String>>,
    pub(super) audio: Option<Vec<String>>,
    pub(super) downloads: Option<String>,
    pub(super) max_mib: Option<u64>,
    pub(super) ask_for_descriptions: Option<bool>,
    pub(super) previews: Option<String>,
    pub(super) memory_mib: Option<u64>,
}

/// The most `max_mib` may be: past this, memory is at stake (a download is held whole).
const MAX_MIB: u64 = 1024;

/// The user's `[media]` over the defaults'.
pub(super) fn read(
    user: MediaSection,
    defaults: MediaSection,
    problems: &mut Problems,
) -> MediaConfig {
    let mut command = |key: &str, value: Option<Vec<String>>| {
        let command = value?;
        if command
            .first()
            .is_none_or(|program| program.trim().is_empty())
        {
            problems.at(
                "media",
                key,
                "needs a program first, like [\"imv\", \"{file}\"]; leave it out to let skua pick one"
                    .into(),
            );
            return None;
        }
        Some(command)
    };
    let programs = Programs {
        image: command("image", user.image.or(defaults.image)),
        video: command("video", user.video.or(defaults.video)),
        audio: command("audio", user.audio.or(defaults.audio)),
    };
    let downloads = user.downloads.or(defaults.downloads).and_then(|folder| {
        let folder = folder.trim();
        match folder.strip_prefix("~/") {
            _ if folder.is_empty() => None,
            Some(rest) => directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(rest)),
            None if folder.starts_with('/') => Some(PathBuf::from(folder)),
            None => {
                problems.at(
                    "media",
                    "downloads",
                    format!("`{folder}` is not a full path: write it from / or ~/"),
                );
                None
            }
        }
    });
    let max_mib = user.max_mib.or(defaults.max_mib).unwrap_or(25);
    if !(1..=MAX_MIB).contains(&max_mib) {
        problems.at(
            "media",
            "max_mib",
            format!("must be between 1 and {MAX_MIB} (MiB), not {max_mib}"),
        );
    }
    let memory_mib = user.memory_mib.or(defaults.memory_mib).unwrap_or(32);
    if !(4..=MAX_MIB).contains(&memory_mib) {
        problems.at(
            "media",
            "memory_mib",
            format!("must be between 4 and {MAX_MIB} (MiB), not {memory_mib}"),
        );
    }
    let previews = match user.previews.or(defaults.previews).as_deref() {
        None | Some("auto") => PreviewMode::Auto,
        Some("blocks") => PreviewMode::Blocks,
        Some("off") => PreviewMode::Off,
        Some(other) => {
            problems.at(
                "media",
                "previews",
                format!("`{other}` is not one of \"auto\", \"blocks\", \"off\""),
            );
            PreviewMode::Auto
        }
    };
    MediaConfig {
        previews,
        programs,
        downloads,
        max_bytes: max_mib << 20,
        memory_bytes: (memory_mib.clamp(4, MAX_MIB) << 20) as usize,
        ask_for_descriptions: user
            .ask_for_descriptions
            .or(defaults.ask_for_descriptions)
            .unwrap_or(true),
    }
}
