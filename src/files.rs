//! Writing the user's files safely: private (0600) and atomically (a temporary file renamed
//! over the old one, so a crash mid-write leaves the previous copy).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A typed path: `~/...` is in the home folder, as in a shell.
pub fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// The most of a small file skua keeps (config, accounts, positions, layouts, a draft).
pub const SMALL_FILE: u64 = 4 << 20;

/// Reads a file whole, but only a regular one (a FIFO would block, a device never ends) of at
/// most `limit` bytes: a damaged or hostile file costs no more than that.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    // Sized as the file says, so it is read in one go rather than in doubling steps.
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize + 1);
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {} KiB", limit / 1024),
        ));
    }
    Ok(bytes)
}

/// [`read_bounded`], as text.
pub fn read_text_bounded(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_bounded(path, limit)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// skua's state directory (`$XDG_STATE_HOME/skua`), where drafts and reading positions live.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "skua")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_owned(),
    )
}

/// skua's cache directory (`$XDG_CACHE_HOME/skua`), where the instant-start cache lives.
pub fn cache_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "skua")?;
    Some(dirs.cache_dir().to_owned())
}

/// An account name (`user@host`, a server's name) as a file or folder name.
pub fn account_file_name(account: &str) -> String {
    account
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '@' | '.' | '-' | '_' => c,
            _ => '_',
        })
        .collect()
}

/// Where an account's reading positions are kept, under the state directory's `root`.
pub fn positions_file(root: &Path, account: &str) -> PathBuf {
    root.join(format!("{}.toml", account_file_name(account)))
}

/// Where an account's cached timelines are kept, under the cache directory's `root`.
pub fn cache_file(root: &Path, account: &str) -> PathBuf {
    root.join(format!("{}.json", account_file_name(account)))
}

/// Writes an account's reading positions (`text`) to `path`; a failure is logged.
pub fn save_positions(path: &Path, text: &str) {
    if let Err(error) = write_private(path, text) {
        tracing::warn!(
            error = format!("{error:#}"),
            "could not keep the reading position"
        );
    }
}

/// Deletes what skua kept locally about an account that is forgotten (its reading
/// positions and its cache); drafts stay, as they are the user's writing.
pub fn forget_account(account: &str) {
    if let Some(state) = state_dir() {
        let path = positions_file(&state.join("positions"), account);
        if let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %path.display(), error = %e, "could not delete the reading positions");
        }
    }
    if let Some(cache) = cache_dir() {
        let path = cache_file(&cache, account);
        if let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %path.display(), error = %e, "could not delete the cache");
        }
    }
}

/// Writes `text` to `path` (creating its folder), readable by the user only.
pub fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
    }
    // A temporary name of its own, so two writers (a background save and the one at exit, or
    // two skua processes) never write into one file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}-{write}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&temporary)
        .with_context(|| format!("could not write {}", temporary.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, path).with_context(|| format!("could not write {}", path.display()))
}
