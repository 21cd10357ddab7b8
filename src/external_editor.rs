//! Editing a draft's text in the user's own editor (`$VISUAL`, then `$EDITOR`, then `vi`),
//! through a private temporary file. Runs while the TUI has handed the terminal back.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

/// The editor command the user chose.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// A file only the user can read, removed when dropped.
struct PrivateFile(PathBuf);

impl Drop for PrivateFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Opens `text` in the editor and answers the text as the editor left it.
pub fn edit(text: &str) -> anyhow::Result<String> {
    let path = std::env::temp_dir().join(format!("skua-draft-{}.md", uuid::Uuid::new_v4()));
    let mut options = std::fs::OpenOptions::new();
    // A new file, never one someone placed there first.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("could not create {}", path.display()))?;
    let file_guard = PrivateFile(path.clone());
    file.write_all(text.as_bytes())?;
    drop(file);
    let editor = editor();
    // Through the shell, so an editor given with arguments ("code --wait") works; the file
    // name is passed as an argument, never spliced into the command.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| format!("could not start the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` stopped with {status}");
    }
    let edited = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    drop(file_guard);
    Ok(edited)
}
