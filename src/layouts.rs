//! The panes and tabs an account had open, kept in the state directory and opened again at
//! the next start, as long as the config's own layout is the one they grew from (a changed
//! config wins).

use std::path::{Path, PathBuf};

use crate::config::Layout;

#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    /// The layout the config gave when this one was saved.
    configured: Layout,
    current: Layout,
}

/// Where `account`'s layout is kept under the state directory `root`.
pub fn path(root: &Path, account: &str) -> PathBuf {
    root.join("layouts")
        .join(format!("{}.json", crate::files::account_file_name(account)))
}

/// The layout to open: the one saved, if it grew from `configured`.
pub fn read(path: &Path, configured: &Layout) -> Option<Layout> {
    let text = crate::files::read_bounded(path, crate::files::SMALL_FILE).ok()?;
    match serde_json::from_slice::<Saved>(&text) {
        Ok(saved) if saved.configured == *configured => Some(saved.current),
        Ok(_) => None,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "damaged layout ignored");
            None
        }
    }
}

/// The layout `current`, grown from `configured`, as it is kept.
pub fn encode(configured: &Layout, current: &Layout) -> Option<String> {
    let saved = Saved {
        configured: configured.clone(),
        current: current.clone(),
    };
    serde_json::to_string(&saved)
        .inspect_err(|error| tracing::warn!(%error, "could not encode the layout"))
        .ok()
}

/// Writes an encoded layout; a failure is logged.
pub fn write(path: &Path, text: &str) {
    if let Err(error) = crate::files::write_private(path, text) {
        tracing::warn!(error = format!("{error:#}"), "could not save the layout");
    }
}
