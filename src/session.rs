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
use crate::fetcher::{self, NetEvent, Request, RetryPolicy};
use crate::state::AccountEntry;

pub struct Session {
    /// The saved accounts, or why they could not be read (and where they would be).
    store: Result<AccountStore, (Option<PathBuf>, String)>,
    client: reqwest::Client,
    page_size: u32,
    policy: RetryPolicy,
    /// The saved account in use; `None` for the demo or `--server`.
    current: Option<String>,
}

/// A running connection: where requests go and where answers come from.
pub struct Connected {
    pub requests: UnboundedSender<Request>,
    pub events: UnboundedReceiver<NetEvent>,
    pub label: String,
    pub social: bool,
}

impl Session {
    pub fn new(
        store: Result<AccountStore, (Option<PathBuf>, String)>,
        client: reqwest::Client,
        page_size: u32,
        policy: RetryPolicy,
        current: Option<String>,
    ) -> Session {
        Session {
            store,
            client,
            page_size,
            policy,
            current,
        }
    }

    /// Starts a fetcher for `backend` on the shared HTTP client.
    pub fn start(&self, backend: Arc<dyn Backend>, label: String) -> Connected {
        let social = backend.has_social_timeline();
        let (requests, events) = fetcher::spawn(backend, self.client.clone(), self.policy);
        Connected {
            requests,
            events,
            label,
            social,
        }
    }

    /// The saved accounts as the file holds them now (another skua may have changed it), or
    /// why it cannot be read.
    pub fn entries(&mut self) -> Result<Vec<AccountEntry>, String> {
        let store = self.store().map_err(|e| format!("{e:#}"))?;
        store.reload().map_err(|e| format!("{e:#}"))?;
        Ok(store
            .accounts()
            .iter()
            .map(|a| AccountEntry {
                name: a.name.clone(),
                server: a.server.clone(),
                flavor: a.flavor,
            })
            .collect())
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

    /// Switches to a saved account and remembers it as the last used.
    pub fn switch(&mut self, name: &str) -> anyhow::Result<Connected> {
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

    pub fn forget(&mut self, name: &str) -> anyhow::Result<()> {
        self.store()?
            .remove(name)?
            .with_context(|| format!("no saved account called {name}"))?;
        Ok(())
    }

    fn connect(&mut self, account: SavedAccount) -> anyhow::Result<Connected> {
        let server = config::parse_server_url(&account.server).map_err(anyhow::Error::msg)?;
        let label = config::server_label(&server);
        let backend = detect::backend(
            account.flavor,
            self.client.clone(),
            server,
            Some(account.token()),
            self.page_size,
        );
        self.store()?.set_last_used(&account.name)?;
        self.current = Some(account.name.clone());
        tracing::info!(account = %account.name, "switched account");
        Ok(self.start(backend, label))
    }
}
