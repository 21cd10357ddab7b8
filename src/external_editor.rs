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
    edit_with(&editor(), text)
}

/// Opens `text` in `editor` (a shell command the file name is given to). The file ends with a
/// newline, as a text file should (an editor that adds a line would join it to the last one,
/// and vim would say `[noeol]`); one trailing newline is taken off on the way back.
fn edit_with(editor: &str, text: &str) -> anyhow::Result<String> {
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
    if !text.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    drop(file);
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
    let mut edited = crate::files::read_text_bounded(&path, crate::files::SMALL_FILE)
        .with_context(|| format!("could not read {}", path.display()))?;
    drop(file_guard);
    if edited.ends_with('\n') {
        edited.pop();
        if edited.ends_with('\r') {
            edited.pop();
        }
    }
    Ok(edited)
}

#[cfg(test)]
mod tests {
    use super::edit_with;

    #[test]
    fn the_file_ends_with_a_newline_and_comes_back_without_it() {
        // An editor that adds a line: it must not be joined to the last one.
        let added = edit_with("printf 'more\\n' >>", "text").unwrap();
        assert_eq!(added, "text\nmore");
        // Untouched, the text comes back as it was, with or without its own last newline.
        assert_eq!(edit_with("true", "text").unwrap(), "text");
        assert_eq!(edit_with("true", "two\nlines\n").unwrap(), "two\nlines");
    }
}
