//! Saved accounts (server, API flavour, token), kept apart from the config in a file only the
//! user can read: mode 0600 in a 0700 directory, replaced atomically so a crash never leaves
//! half a file.
//!
//! Several skua processes may share the file (a TUI running while `skua login` or `skua logout`
//! runs in another terminal), so every change is a read-modify-write of the file as it is on
//! disk now, under an advisory lock on a lock file beside it: no process erases another's
//! account, and a removed account never comes back with its token.

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
const LOCK_FILE: &str = "accounts.toml.lock";

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAccount {
    /// `user@host`, how the user names the account.
    pub name: String,
    pub server: String,
    pub flavor: Flavor,
    token: String,
    /// Permissions approved later, beyond those every login asks for (Misskey): a later
    /// approval asks for them again with the new one. Absent in files of an older skua.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    permissions: Vec<String>,
}

impl SavedAccount {
    pub fn new(name: String, server: String, flavor: Flavor, token: &Token) -> Self {
        SavedAccount {
            name,
            server,
            flavor,
            token: token.secret().to_owned(),
            permissions: Vec::new(),
        }
    }

    /// The same account with the permissions approved later.
    pub fn with_permissions(mut self, permissions: Vec<String>) -> Self {
        self.permissions = permissions;
        self
    }

    pub fn permissions(&self) -> &[String] {
        &self.permissions
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
            .field("permissions", &self.permissions)
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

    /// Reads the store; a missing file is an empty store, a damaged one an error naming it.
    pub fn load(path: &Path) -> anyhow::Result<AccountStore> {
        Ok(AccountStore {
            path: path.to_owned(),
            stored: read(path)?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

    /// Reads the file again, to see what other skua processes changed.
    pub fn reload(&mut self) -> anyhow::Result<()> {
        self.stored = read(&self.path)?;
        Ok(())
    }

    /// Adds or replaces an account and makes it the last used, and saves.
    pub fn add(&mut self, account: SavedAccount) -> anyhow::Result<()> {
        self.update(|stored| {
            stored.accounts.retain(|a| a.name != account.name);
            stored.last_used = Some(account.name.clone());
            stored.accounts.push(account);
        })
    }

    /// Forgets an account and saves; `None` if there was none of that name. Forgetting the
    /// default one makes the most recently added of the others the default.
    pub fn remove(&mut self, name: &str) -> anyhow::Result<Option<SavedAccount>> {
        let mut removed = None;
        self.update(|stored| {
            if let Some(index) = stored.accounts.iter().position(|a| a.name == name) {
                removed = Some(stored.accounts.remove(index));
            }
            if stored.last_used.as_deref() == Some(name) {
                stored.last_used = stored.accounts.last().map(|a| a.name.clone());
            }
        })?;
        Ok(removed)
    }

    /// Remembers `name` as the account to open next time, and saves if that changed.
    pub fn set_last_used(&mut self, name: &str) -> anyhow::Result<()> {
        if self.stored.last_used.as_deref() == Some(name) {
            return Ok(());
        }
        self.update(|stored| stored.last_used = Some(name.to_owned()))
    }

    /// Applies `change` to the file as it is on disk now, under the lock, and saves it.
    fn update(&mut self, change: impl FnOnce(&mut Stored)) -> anyhow::Result<()> {
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
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .with_context(|| format!("could not open {}", lock_path.display()))?;
        // Released when `lock` is dropped, after the new file is in place.
        lock.lock()
            .with_context(|| format!("could not lock {}", lock_path.display()))?;
        let mut stored = read(&self.path)?;
        change(&mut stored);
        write(&self.path, &stored)?;
        self.stored = stored;
        Ok(())
    }
}

fn read(path: &Path) -> anyhow::Result<Stored> {
    match crate::files::read_text_bounded(path, crate::files::SMALL_FILE) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{} is damaged ({}); fix or remove it and log in again",
                path.display(),
                e.message()
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Stored::default()),
        Err(e) => Err(e).with_context(|| format!("could not read {}", path.display())),
    }
}

/// Writes a new file with mode 0600 next to the old one, synced, then renamed over it.
fn write(path: &Path, stored: &Stored) -> anyhow::Result<()> {
    let text = toml::to_string(stored).context("could not encode the accounts")?;
    let temporary = path.with_extension(format!("toml.{}.tmp", std::process::id()));
    let write = || -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    };
    write()
        .inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })
        .with_context(|| format!("could not save {}", path.display()))
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
        store
            .add(account("alice@a.example", Flavor::Misskey))
            .unwrap();
        store
            .add(account("bob@b.example", Flavor::Mastodon))
            .unwrap();
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
        let left: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file left: {left:?}");
    }

    fn account(name: &str, flavor: Flavor) -> SavedAccount {
        let server = format!("https://{}/", name.split('@').nth(1).unwrap());
        SavedAccount::new(name.into(), server, flavor, &Token::new("secret-token"))
    }

    #[test]
    fn a_second_approval_replaces_the_token_and_keeps_the_permissions_it_added() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        // An account saved by an older skua: no `permissions` in the file.
        fs::write(
            &path,
            "last_used = \"alice@a.example\"\n\n[[accounts]]\nname = \"alice@a.example\"\nserver = \"https://a.example/\"\nflavor = \"misskey\"\ntoken = \"old\"\n",
        )
        .unwrap();
        let mut store = AccountStore::load(&path).unwrap();
        let old = store.find(None).unwrap();
        assert!(old.permissions().is_empty());
        assert_eq!(old.token().secret(), "old", "it keeps working as it was");
        let renewed = SavedAccount::new(
            "alice@a.example".into(),
            "https://a.example/".into(),
            Flavor::Misskey,
            &Token::new("new"),
        )
        .with_permissions(vec!["read:mutes".into()]);
        store.add(renewed).unwrap();
        let store = AccountStore::load(&path).unwrap();
        assert_eq!(store.accounts().len(), 1, "the same account, not another");
        let alice = store.find(None).unwrap();
        assert_eq!(alice.token().secret(), "new");
        assert_eq!(alice.permissions(), ["read:mutes"]);
    }

    #[test]
    fn two_stores_changing_the_file_in_turns_keep_each_others_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let mut tui = AccountStore::load(&path).unwrap();
        let mut cli = AccountStore::load(&path).unwrap();
        tui.add(account("alice@a.example", Flavor::Misskey))
            .unwrap();
        // `skua login` in another terminal, with a store read before alice was added.
        cli.add(account("bob@b.example", Flavor::Mastodon)).unwrap();
        // The TUI remembers another account as last used: bob must survive that.
        tui.set_last_used("alice@a.example").unwrap();
        let names = |store: &AccountStore| -> Vec<String> {
            store.accounts().iter().map(|a| a.name.clone()).collect()
        };
        assert_eq!(
            names(&AccountStore::load(&path).unwrap()),
            ["alice@a.example", "bob@b.example"]
        );
        // `skua logout bob` elsewhere; the TUI then adds carol: bob stays gone.
        cli.remove("bob@b.example").unwrap();
        tui.add(account("carol@c.example", Flavor::Mastodon))
            .unwrap();
        let on_disk = AccountStore::load(&path).unwrap();
        assert_eq!(names(&on_disk), ["alice@a.example", "carol@c.example"]);
        assert_eq!(
            names(&tui),
            names(&on_disk),
            "the writer sees the merged file"
        );
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut store = AccountStore::load(&path).unwrap();
                    for i in 0..10 {
                        let name = format!("u{w}x{i}@s{w}.example");
                        store.add(account(&name, Flavor::Mastodon)).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(AccountStore::load(&path).unwrap().accounts().len(), 40);
    }

    #[test]
    fn a_damaged_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, "accounts = [ {name = ").unwrap();
        let error = format!("{:#}", AccountStore::load(&path).unwrap_err());
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains("damaged"), "{error}");
        let mut store = AccountStore {
            path: path.clone(),
            stored: Stored::default(),
        };
        assert!(store.add(account("a@a.example", Flavor::Misskey)).is_err());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "accounts = [ {name = ",
            "a damaged file is not overwritten"
        );
    }
}
