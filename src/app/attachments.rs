//! A draft's attachments: adding files (with path completion), describing them, and their
//! uploads' progress.

use super::App;
use crate::api::Upload;
use crate::drafts::DraftMedia;
use crate::state::ViewId;
use crate::state::compose::Field;
use crate::state::{Popup, Prompt, PromptPurpose};

impl App {
    pub(super) fn uploading(&mut self, draft: &str, index: usize, percent: u8) {
        if let Some(slot) = self
            .compose_of(draft)
            .and_then(|c| c.uploading.get_mut(index))
        {
            *slot = Some(percent);
        }
    }

    /// An attachment is on the server: sending again reuses it.
    pub(super) fn uploaded(&mut self, draft: &str, index: usize, id: String) {
        let Some(compose) = self.compose_of(draft) else {
            return;
        };
        if let Some(media) = compose.draft.media.get_mut(index) {
            media.id = Some(id);
        }
        let draft = compose.draft.clone();
        // Kept in memory if it cannot be written.
        self.save_draft(&draft, crate::drafts::DraftTold::Nothing);
    }

    /// Attaches the file at `path` to the draft in `view`, then asks for its description.
    pub(super) fn attach(&mut self, view: ViewId, path: &str) -> Result<(), String> {
        let path = crate::files::expand_home(path);
        let metadata = std::fs::metadata(&path)
            .map_err(|e| format!("cannot attach {}: {e}", path.display()))?;
        if !metadata.is_file() {
            return Err(format!("{} is not a file", path.display()));
        }
        // A chat's message takes one file.
        if let Some(chat) = crate::state::chat_in(&mut self.state.tabs, view) {
            chat.file = Some(path);
            chat.writing = true;
            self.state.popup = None;
            return Ok(());
        }
        let max = self.state.compose_rules.as_ref().map(|r| r.max_media);
        let sensitive = self.compose_mut().is_some_and(|c| c.draft.sensitive);
        let Some(compose) = self.open_composes().find(|c| c.id == view) else {
            return Err(self.in_words("the post is no longer being written").into());
        };
        if max.is_some_and(|max| compose.draft.media.len() >= max) {
            return Err(format!(
                "this server takes at most {} media",
                max.unwrap_or(0)
            ));
        }
        compose.draft.media.push(DraftMedia {
            upload: Upload {
                path,
                description: String::new(),
                sensitive,
            },
            id: None,
        });
        compose.uploading.push(None);
        let index = compose.draft.media.len() - 1;
        compose.focus = Field::Media(index);
        self.state.popup = Some(Popup::Prompt(Prompt::new(
            PromptPurpose::Describe { view, index },
            String::new(),
        )));
        self.compose_edited();
        Ok(())
    }

    /// Sets an attachment's description (alt text). A changed description is uploaded again
    /// with the file, so the server has the one shown.
    pub(super) fn describe(&mut self, view: ViewId, index: usize, description: &str) {
        let Some(compose) = self.open_composes().find(|c| c.id == view) else {
            return;
        };
        let Some(media) = compose.draft.media.get_mut(index) else {
            return;
        };
        if media.upload.description == description {
            return;
        }
        // A file already on the server (an edit, a redraft) has no local copy to send again.
        if media.upload.path.as_os_str().is_empty() {
            return self.say(
                "the description of a file already posted cannot be changed here",
                false,
            );
        }
        media.upload.description = description.to_owned();
        media.id = None;
        self.compose_edited();
    }

    /// Completes the path typed in the attach prompt as far as it is unambiguous, and lists
    /// what it could go on with.
    pub(super) fn complete_path(&mut self) {
        let Some(Popup::Prompt(prompt)) = &mut self.state.popup else {
            return;
        };
        let typed = prompt.input.text();
        let (completed, choices) = complete_path(&typed);
        if completed != typed {
            prompt.input.set_text(&completed);
        }
        prompt.error = match choices.len() {
            0 => Some("no file or folder starts with that".into()),
            1 => None,
            n => Some(format!(
                "{n} match: {}",
                choices
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("  ")
            )),
        };
    }
}

/// The longest unambiguous completion of a typed path, and the names it could go on with
/// (folders end in `/`).
pub(super) fn complete_path(typed: &str) -> (String, Vec<String>) {
    let (folder, start) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let listed = match folder {
        "" => std::path::PathBuf::from("."),
        folder => crate::files::expand_home(folder),
    };
    let mut names: Vec<String> = std::fs::read_dir(&listed)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let hidden = name.starts_with('.') && !start.starts_with('.');
            if !name.starts_with(start) || hidden {
                return None;
            }
            let folder = entry.file_type().is_ok_and(|t| t.is_dir());
            Some(if folder { format!("{name}/") } else { name })
        })
        .map(|name| crate::sanitize::line(&name).into_owned())
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return (typed.to_owned(), names);
    };
    let mut common = first.clone();
    for name in &names[1..] {
        let shared = common
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(shared).collect();
    }
    (format!("{folder}{common}"), names)
}
