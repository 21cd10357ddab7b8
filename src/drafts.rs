//! Drafts kept on disk, so a post being written survives anything: quitting, a dropped SSH
//! link (SIGHUP), SIGTERM, a panic, a refused post. One file per draft, per account, in the
//! state directory, written atomically and readable only by the user.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::api::{NewPoll, NewPost, Post, Referred, ServerDraft, Upload, Visibility};

/// How much of a post's text a draft keeps to show which it replies to or quotes.
const EXCERPT_CHARS: usize = 80;

/// A post being written, with everything needed to send it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Also the idempotency key: every attempt to send this draft carries it.
    pub id: String,
    #[serde(default)]
    pub text: String,
    /// Content warning; empty for none.
    #[serde(default)]
    pub spoiler: String,
    pub visibility: Visibility,
    #[serde(default)]
    pub local_only: bool,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub sensitive: bool,
    pub reply_to: Option<Target>,
    pub quote: Option<Target>,
    /// The Misskey channel it goes in.
    #[serde(default)]
    pub channel: Option<crate::api::ChannelTag>,
    /// The user's post this draft changes (an edit).
    #[serde(default)]
    pub edit_of: Option<Target>,
    /// Files to attach, in order, with their descriptions.
    #[serde(default)]
    pub media: Vec<DraftMedia>,
    #[serde(default)]
    pub poll: Option<NewPoll>,
    /// When the server is to send it; `None`: now.
    #[serde(default)]
    pub send_at: Option<jiff::Timestamp>,
    /// The scheduled post this is a rewrite of (by id): cancelled once this one is scheduled.
    #[serde(default)]
    pub replaces_scheduled: Option<String>,
    /// An attempt to send it may have reached the server (it timed out, the link dropped).
    #[serde(default)]
    pub maybe_sent: bool,
    /// Its copy among the drafts the server keeps (Misskey), by id.
    #[serde(default)]
    pub server_id: Option<String>,
    /// Why the last attempt failed.
    pub failed: Option<String>,
    /// When it was last changed (RFC 3339).
    pub updated: String,
}

/// A file to attach; once uploaded, its media id (reused when sending again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftMedia {
    #[serde(flatten)]
    pub upload: Upload,
    pub id: Option<String>,
}

/// The post a draft replies to or quotes, with enough to show which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: String,
    pub acct: String,
    /// The start of its text.
    pub excerpt: String,
}

impl Target {
    pub fn of(post: &Post) -> Target {
        Target {
            id: post.id.clone(),
            acct: post.author.acct.clone(),
            excerpt: post
                .content
                .to_plain()
                .chars()
                .take(EXCERPT_CHARS)
                .collect(),
        }
    }

    /// Known by its id alone: shown as such.
    pub fn by_id(id: String) -> Target {
        Target {
            id,
            acct: String::new(),
            excerpt: String::new(),
        }
    }

    fn referred(referred: Referred) -> Target {
        match referred.post {
            Some(post) => Target::of(&post),
            None => Target::by_id(referred.id),
        }
    }
}

impl Draft {
    pub fn new(visibility: Visibility) -> Draft {
        Draft {
            id: uuid::Uuid::new_v4().to_string(),
            text: String::new(),
            spoiler: String::new(),
            visibility,
            local_only: false,
            language: String::new(),
            sensitive: false,
            reply_to: None,
            quote: None,
            channel: None,
            edit_of: None,
            media: Vec::new(),
            poll: None,
            send_at: None,
            replaces_scheduled: None,
            maybe_sent: false,
            server_id: None,
            failed: None,
            updated: jiff::Timestamp::now().to_string(),
        }
    }

    /// Nothing worth keeping: no text, no warning, not a reply or quote.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
            && self.spoiler.trim().is_empty()
            && self.reply_to.is_none()
            && self.quote.is_none()
            && self.media.is_empty()
            && self.poll.is_none()
    }

    /// The same post written: text, warning, attachments, poll and settings.
    pub fn same_content(&self, other: &Draft) -> bool {
        (
            &self.text,
            &self.spoiler,
            &self.media,
            &self.poll,
            self.visibility,
            self.local_only,
            self.sensitive,
            self.send_at,
        ) == (
            &other.text,
            &other.spoiler,
            &other.media,
            &other.poll,
            other.visibility,
            other.local_only,
            other.sensitive,
            other.send_at,
        )
    }

    /// A draft the server keeps, to write on here (what it replies to or quotes by its author
    /// and first words where the server sent the post, else by id; files by their names).
    pub fn from_server(kept: ServerDraft) -> Draft {
        let mut draft = Draft::new(kept.visibility);
        draft.text = kept.text;
        draft.spoiler = kept.spoiler;
        draft.local_only = kept.local_only;
        draft.reply_to = kept.in_reply_to.map(Target::referred);
        draft.quote = kept.quote.map(Target::referred);
        draft.channel = kept.channel;
        draft.media = kept
            .media
            .into_iter()
            .enumerate()
            .map(|(index, file)| DraftMedia {
                upload: Upload {
                    path: PathBuf::from(match file.name.is_empty() {
                        true => format!("file {} on the server", index + 1),
                        false => file.name,
                    }),
                    description: file.description,
                    sensitive: false,
                },
                id: Some(file.id),
            })
            .collect();
        draft.poll = kept.poll;
        draft.server_id = Some(kept.id);
        draft.updated = kept.saved_at.to_string();
        draft
    }

    /// The draft as the server is to keep it: files that are not uploaded yet stay here.
    pub fn for_server(&self) -> NewPost {
        NewPost {
            text: self.text.clone(),
            spoiler: self.spoiler.trim().to_owned(),
            visibility: self.visibility,
            local_only: self.local_only,
            language: None,
            sensitive: self.sensitive,
            in_reply_to: self.reply_to.as_ref().map(|t| t.id.clone()),
            quote: self.quote.as_ref().map(|t| t.id.clone()),
            channel: self.channel.as_ref().map(|c| c.id.clone()),
            poll: self.poll.clone(),
            media: self.media.iter().filter_map(|m| m.id.clone()).collect(),
            idempotency_key: String::new(),
            maybe_sent: false,
        }
    }

    /// One line saying what the draft is, for a list of drafts.
    pub fn summary(&self) -> String {
        let first_line = self.text.lines().find(|l| !l.trim().is_empty());
        let mut summary = match (&self.edit_of, &self.reply_to, &self.quote) {
            (Some(_), _, _) => "edit: ".to_owned(),
            (None, Some(target), _) => format!("reply to @{}: ", target.acct),
            (None, None, Some(target)) => format!("quoting @{}: ", target.acct),
            (None, None, None) => String::new(),
        };
        summary.push_str(first_line.unwrap_or("(no text yet)").trim());
        if let Some(at) = self.send_at {
            summary.push_str(&format!(" (to send at {})", crate::when::show(at)));
        }
        crate::sanitize::line(&summary).into_owned()
    }
}

/// The open drafts as last typed, for the panic handler: a panic ends the process at once,
/// and what was typed since the last save is written from here.
static FOR_EMERGENCY: std::sync::Mutex<Option<(DraftStore, Vec<Draft>)>> =
    std::sync::Mutex::new(None);

/// Keeps a copy of the open drafts for [`save_in_emergency`].
pub fn remember_for_emergency(store: DraftStore, drafts: Vec<Draft>) {
    if let Ok(mut kept) = FOR_EMERGENCY.lock() {
        *kept = Some((store, drafts));
    }
}

/// Writes the drafts last remembered (from the panic handler; never blocks on the lock).
pub fn save_in_emergency() {
    let Ok(kept) = FOR_EMERGENCY.try_lock() else {
        return;
    };
    if let Some((store, drafts)) = kept.as_ref() {
        for draft in drafts {
            let _ = store.save(draft);
        }
    }
}

/// What the user hears of a draft being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftTold {
    /// Nothing (sending, an upload done, the way out): a failure keeps it in memory quietly.
    Nothing,
    /// Typing paused: only a failure is said.
    Paused,
    /// The compose view was left: that it is kept, or why not.
    Closed,
    /// The post failed: only a failure to keep it is said.
    Failure,
}

/// The drafts of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    /// The drafts of `account` (`user@host`, or the server's name) under `root`.
    pub fn new(root: &Path, account: &str) -> DraftStore {
        DraftStore {
            dir: root.join(crate::files::account_file_name(account)),
        }
    }

    /// Where drafts live by default: `drafts/` in the state directory.
    pub fn default_root() -> Option<PathBuf> {
        Some(crate::files::state_dir()?.join("drafts"))
    }

    fn path(&self, id: &str) -> PathBuf {
        // Ids are our own UUIDs; anything else in a file name is replaced.
        let name: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!("{name}.toml"))
    }

    /// Writes the draft: a temporary file (0600) renamed over the old one, so a crash
    /// mid-write leaves the previous copy.
    pub fn save(&self, draft: &Draft) -> anyhow::Result<()> {
        let text = toml::to_string(draft).context("could not write the draft as TOML")?;
        crate::files::write_private(&self.path(&draft.id), &text)
    }

    pub fn delete(&self, id: &str) -> anyhow::Result<()> {
        match std::fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("could not delete the draft {id}"))
            }
            _ => Ok(()),
        }
    }

    /// Every saved draft, most recently changed first, and what could not be read (a damaged
    /// file is left where it is and named, never deleted).
    pub fn load(&self) -> (Vec<Draft>, Vec<String>) {
        let mut drafts = Vec::new();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (drafts, problems);
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let read = crate::files::read_text_bounded(&path, crate::files::SMALL_FILE)
                .map_err(anyhow::Error::from)
                .and_then(|text| Ok(toml::from_str::<Draft>(&text)?));
            match read {
                Ok(draft) => drafts.push(draft),
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
        drafts.sort_by(|a, b| b.updated.cmp(&a.updated));
        (drafts, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_privately_and_damaged_ones_are_named() {
        let root = tempfile::tempdir().unwrap();
        let store = DraftStore::new(root.path(), "ana@example.social");
        let mut draft = Draft::new(Visibility::Private);
        draft.text = "line one\n\"quoted\" and ''' and \\ too".into();
        draft.reply_to = Some(Target {
            id: "1".into(),
            acct: "bo@elsewhere".into(),
            excerpt: "hi".into(),
        });
        store.save(&draft).unwrap();
        let (loaded, problems) = store.load();
        assert_eq!(loaded, vec![draft.clone()]);
        assert!(problems.is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path(&draft.id))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(root.path().join("ana@example.social/bad.toml"), "text = ").unwrap();
        let (loaded, problems) = store.load();
        assert_eq!(loaded.len(), 1);
        assert!(problems[0].contains("bad.toml"), "{problems:?}");
        let other = DraftStore::new(root.path(), "someone@else");
        assert!(other.load().0.is_empty(), "drafts stay with their account");
        store.delete(&draft.id).unwrap();
        assert!(store.load().0.is_empty());
    }
}
