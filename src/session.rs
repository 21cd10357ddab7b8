//! The accounts a running skua can switch between: the saved accounts file, and connecting to
//! one of them (its backend and a fresh fetcher). Only the event loop changes accounts.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::accounts::{AccountStore, SavedAccount};
use crate::api::Backend;
use crate::api::detect;
use crate::config;
use crate::fetcher::{self, Command, NetEvent, RetryPolicy};
use crate::state::AccountEntry;

pub struct Session {
    /// The saved accounts, or why they could not be read (and where they would be).
    store: Result<AccountStore, (Option<PathBuf>, String)>,
    client: reqwest::Client,
    page_size: u32,
    policy: RetryPolicy,
    /// The account in use, by name.
    current: Option<String>,
    /// What skua started with when that is no saved account (the demo, or `--server`): listed
    /// first on the accounts screen so the user can go back to it, never written to the file.
    unsaved: Option<Unsaved>,
}

/// A connection that is not a saved account.
pub struct Unsaved {
    pub account: SavedAccount,
    pub demo: bool,
}

/// A running connection: where requests go and where answers come from.
pub struct Connected {
    pub requests: UnboundedSender<Command>,
    pub events: UnboundedReceiver<NetEvent>,
    pub label: String,
    pub flavor: crate::api::detect::Flavor,
    /// It is the built-in demo server.
    pub demo: bool,
    /// Whose instant-start cache to use: the saved account's name, or for `--server` its
    /// label with a digest of the token (another token is another user); `None` for the
    /// demo, which starts afresh every time.
    pub account_key: Option<String>,
}

impl Session {
    /// `current` is the saved account in use; without one, `unsaved` is what is in use.
    pub fn new(
        store: Result<AccountStore, (Option<PathBuf>, String)>,
        client: reqwest::Client,
        page_size: u32,
        policy: RetryPolicy,
        current: Option<String>,
        unsaved: Option<Unsaved>,
    ) -> Session {
        let current = current.or_else(|| unsaved.as_ref().map(|u| u.account.name.clone()));
        Session {
            store,
            client,
            page_size,
            policy,
            current,
            unsaved,
        }
    }

    /// Starts a fetcher for `backend` on the shared HTTP client.
    pub fn start(&self, backend: Arc<dyn Backend>, label: String) -> Connected {
        let flavor = backend.flavor();
        let (requests, events) = fetcher::spawn(backend, self.client.clone(), self.policy);
        let unsaved = self
            .unsaved
            .as_ref()
            .filter(|u| self.current.as_ref() == Some(&u.account.name));
        let demo = unsaved.is_some_and(|u| u.demo);
        let account_key = match unsaved {
            Some(u) if u.demo => None,
            Some(u) => Some(format!("{}~{}", u.account.name, token_digest(&u.account))),
            None => self.current.clone(),
        };
        Connected {
            requests,
            events,
            label,
            flavor,
            demo,
            account_key,
        }
    }

    /// The saved accounts as the file held them when last read (a file that could not be read
    /// is tried again), or why it cannot be read.
    pub fn entries(&mut self) -> Result<Vec<AccountEntry>, String> {
        let entry = |a: &SavedAccount, saved: bool| AccountEntry {
            name: a.name.clone(),
            server: a.server.clone(),
            flavor: a.flavor,
            saved,
            permissions: a.permissions().to_vec(),
        };
        let mut entries: Vec<AccountEntry> = self
            .unsaved
            .iter()
            .map(|u| entry(&u.account, false))
            .collect();
        let store = self.store().map_err(|e| format!("{e:#}"))?;
        entries.extend(store.accounts().iter().map(|a| entry(a, true)));
        Ok(entries)
    }

    /// The saved accounts as the file holds them now: another skua may have logged in or out.
    pub fn entries_read_again(&mut self) -> Result<Vec<AccountEntry>, String> {
        self.store()
            .and_then(|store| store.reload())
            .map_err(|e| format!("{e:#}"))?;
        self.entries()
    }

    pub fn current(&self) -> Option<String> {
        self.current.clone()
    }

    /// The store, read again if it could not be read before (the user may have fixed it).
    fn store(&mut self) -> anyhow::Result<&mut AccountStore> {
        if let Err((Some(path), _)) = &self.store
            && let Ok(store) = AccountStore::load(path)
        {
            self.store = Ok(store);
        }
        self.store
            .as_mut()
            .map_err(|(_, e)| anyhow::anyhow!("the saved accounts are unavailable: {e}"))
    }

    /// Switches to a saved account and remembers it as the last used, or back to the
    /// unsaved connection skua started with.
    pub fn switch(&mut self, name: &str) -> anyhow::Result<Connected> {
        if let Some(unsaved) = self.unsaved.as_ref().filter(|u| u.account.name == name) {
            let account = unsaved.account.clone();
            return self.open(&account);
        }
        let account = self
            .store()?
            .find(Some(name))
            .cloned()
            .with_context(|| format!("no saved account called {name}"))?;
        self.connect(account)
    }

    /// Saves a new account and switches to it (`connect` writes the file).
    pub fn add(&mut self, account: SavedAccount) -> anyhow::Result<Connected> {
        self.store()?.add(account.clone())?;
        self.connect(account)
    }

    /// Whether the account in use is still one skua knows: the connection it started with, or
    /// a saved account still in the file (another skua may have logged out of it).
    pub fn knows_current(&mut self) -> bool {
        let Some(current) = self.current.clone() else {
            return false;
        };
        if self
            .unsaved
            .as_ref()
            .is_some_and(|u| u.account.name == current)
        {
            return true;
        }
        // A file that cannot be read says nothing either way: keep nothing rather than undo
        // a logout.
        self.store()
            .and_then(|store| {
                store.reload()?;
                Ok(store.find(Some(&current)).is_some())
            })
            .unwrap_or(false)
    }

    pub fn forget(&mut self, name: &str) -> anyhow::Result<()> {
        if self
            .unsaved
            .as_ref()
            .is_some_and(|u| u.account.name == name)
        {
            anyhow::bail!("{name} is not a saved account; there is nothing to forget");
        }
        self.store()?
            .remove(name)?
            .with_context(|| format!("no saved account called {name}"))?;
        crate::files::forget_account(name);
        Ok(())
    }

    fn connect(&mut self, account: SavedAccount) -> anyhow::Result<Connected> {
        self.store()?.set_last_used(&account.name)?;
        self.open(&account)
    }

    /// Starts a fetcher for `account` and makes it the one in use.
    fn open(&mut self, account: &SavedAccount) -> anyhow::Result<Connected> {
        let server = config::parse_server_url(&account.server).map_err(anyhow::Error::msg)?;
        let label = match &self.unsaved {
            Some(u) if u.account.name == account.name => account.name.clone(),
            _ => config::server_label(&server),
        };
        let backend = detect::backend(
            account.flavor,
            self.client.clone(),
            server,
            Some(account.token()),
            self.page_size,
        );
        self.current = Some(account.name.clone());
        tracing::info!(account = %account.name, "switched account");
        Ok(self.start(backend, label))
    }
}

/// A short digest of an account's token: tells tokens apart without revealing them.
fn token_digest(account: &SavedAccount) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(account.token().secret().as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::detect::Flavor;
    use crate::api::http::{self, Token};

    fn account(name: &str) -> SavedAccount {
        SavedAccount::new(
            name.into(),
            "http://127.0.0.1:9/".into(),
            Flavor::Mastodon,
            &Token::new("t"),
        )
    }

    #[tokio::test]
    async fn the_demo_stays_listed_to_go_back_to_and_is_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.toml");
        let mut store = AccountStore::load(&path).unwrap();
        store.add(account("alice@a.example")).unwrap();
        let unsaved = Unsaved {
            account: account("demo"),
            demo: true,
        };
        let client = http::client(std::time::Duration::from_secs(1));
        let policy = RetryPolicy::default();
        let mut session = Session::new(Ok(store), client, 20, policy, None, Some(unsaved));
        assert_eq!(session.current().as_deref(), Some("demo"));
        let names = |s: &mut Session| -> Vec<(String, bool)> {
            s.entries()
                .unwrap()
                .into_iter()
                .map(|e| (e.name, e.saved))
                .collect()
        };
        assert_eq!(
            names(&mut session),
            [("demo".into(), false), ("alice@a.example".into(), true)]
        );
        let alice = session.switch("alice@a.example").unwrap();
        assert!(!alice.demo);
        let back = session.switch("demo").unwrap();
        assert!(back.demo, "the DEMO badge comes back with it");
        assert_eq!(back.label, "demo");
        assert!(session.forget("demo").is_err(), "nothing to forget");
        session.forget("alice@a.example").unwrap();
        assert_eq!(names(&mut session), [("demo".into(), false)]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("demo"), "{text}");
    }
}
