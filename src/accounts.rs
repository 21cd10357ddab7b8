//! Saved accounts (server, API flavour, token), kept apart from the config in a file only the
//! user can read: mode 0600 in a 0700 directory, replaced atomically so a crash never leaves
//! half a file.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::api::detect::Flavor;
use crate::api::http::Token;

const FILE: &str = "accounts.toml";

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAccount {
    /// `user@host`, how the user names the account.
    pub name: String,
    pub server: String,
    pub flavor: Flavor,
    token: String,
}

impl SavedAccount {
    pub fn new(name: String, server: String, flavor: Flavor, token: &Token) -> Self {
        SavedAccount {
            name,
            server,
            flavor,
            token: token.secret().to_owned(),
        }
    }

    pub fn token(&self) -> Token {
        Token::new(self.token.clone())
    }
}

impl fmt::Debug for SavedAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SavedAccount")
            .field("name", &self.name)
            .field("server", &self.server)
            .field("flavor", &self.flavor)
            .field("token", &"<redacted>")
            .finish()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    last_used: Option<String>,
    #[serde(default)]
    accounts: Vec<SavedAccount>,
}

#[derive(Debug)]
pub struct AccountStore {
    path: PathBuf,
    stored: Stored,
}

impl AccountStore {
    /// `$XDG_DATA_HOME/skua/accounts.toml`.
    pub fn default_path() -> Option<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "skua")?;
        Some(dirs.data_dir().join(FILE))
    }

    /// Reads the store; a missing file is an empty store.
    pub fn load(path: &Path) -> anyhow::Result<AccountStore> {
        let stored = match fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).with_context(|| {
                format!("{} is damaged; remove it and log in again", path.display())
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Stored::default(),
            Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
        };
        Ok(AccountStore {
            path: path.to_owned(),
            stored,
        })
    }

    pub fn accounts(&self) -> &[SavedAccount] {
        &self.stored.accounts
    }

    pub fn last_used(&self) -> Option<&str> {
        self.stored.last_used.as_deref()
    }

    /// The account called `name` (also `@name`, or a unique start of a name), or else the one
    /// last used, or else the only one.
    pub fn find(&self, name: Option<&str>) -> Option<&SavedAccount> {
        let accounts = &self.stored.accounts;
        match name.map(|n| n.trim_start_matches('@')) {
            Some(name) => accounts.iter().find(|a| a.name == name).or_else(|| {
                let mut starting = accounts.iter().filter(|a| a.name.starts_with(name));
                match (starting.next(), starting.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }),
            None => self
                .last_used()
                .and_then(|last| accounts.iter().find(|a| a.name == last))
                .or(if accounts.len() == 1 {
                    accounts.first()
                } else {
                    None
                }),
        }
    }

    /// Adds or replaces an account and makes it the last used.
    pub fn add(&mut self, account: SavedAccount) {
        self.stored.accounts.retain(|a| a.name != account.name);
        self.stored.last_used = Some(account.name.clone());
        self.stored.accounts.push(account);
    }

    pub fn remove(&mut self, name: &str) -> Option<SavedAccount> {
        let index = self.stored.accounts.iter().position(|a| a.name == name)?;
        if self.stored.last_used.as_deref() == Some(name) {
            self.stored.last_used = None;
        }
        Some(self.stored.accounts.remove(index))
    }

    pub fn set_last_used(&mut self, name: &str) {
        self.stored.last_used = Some(name.to_owned());
    }

    /// Writes the store: a new file with mode 0600 next to the old one, synced, then renamed
    /// over it.
    pub fn save(&self) -> anyhow::Result<()> {
        let dir = self
            .path
            .parent()
            .context("the accounts file has no folder")?;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("could not protect {}", dir.display()))?;
        let text = toml::to_string(&self.stored).context("could not encode the accounts")?;
        let temporary = self
            .path
            .with_extension(format!("toml.{}.tmp", std::process::id()));
        let write = || -> io::Result<()> {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)
        };
        write()
            .inspect_err(|_| {
                let _ = fs::remove_file(&temporary);
            })
            .with_context(|| format!("could not save {}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_with_private_permissions_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("skua").join(FILE);
        let mut store = AccountStore::load(&path).unwrap();
        assert!(store.accounts().is_empty());
        let token = Token::new("secret-token");
        store.add(SavedAccount::new(
            "alice@a.example".into(),
            "https://a.example/".into(),
            Flavor::Misskey,
            &token,
        ));
        store.add(SavedAccount::new(
            "bob@b.example".into(),
            "https://b.example/".into(),
            Flavor::Mastodon,
            &token,
        ));
        store.save().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        let store = AccountStore::load(&path).unwrap();
        assert_eq!(
            store.find(None).unwrap().name,
            "bob@b.example",
            "the last added is the last used"
        );
        assert_eq!(store.find(Some("@alice")).unwrap().flavor, Flavor::Misskey);
        assert!(!format!("{store:?}").contains("secret-token"));
        assert_eq!(
            fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
