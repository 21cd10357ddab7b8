//! The accounts screen and logging in from inside the TUI: switching, adding and removing
//! accounts without restarting. The saved accounts file is the event loop's business (it gets
//! [`Effect`]s); this only keeps what the screen shows.

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::fetcher::NetEvent;
use crate::session::Connected;

use super::{App, Effect};
use crate::action::Action;
use crate::api::detect::Flavor;
use crate::config;
use crate::login::{self, POLL_EVERY};
use crate::login::{LoginEvent, LoginStep};
use crate::state::cursor;
use crate::state::{
    AccountEntry, AccountsScreen, Confirmed, Editor, LoginFlow, LoginStage, Popup, Screen,
};

/// How long a MiAuth approval may take before skua gives up on it.
const MIAUTH_DEADLINE: SignedDuration = SignedDuration::from_secs(300);
/// Approval checks that may fail in a row before the login gives up.
const MIAUTH_CHECK_TRIES: u32 = 3;

fn poll_every() -> SignedDuration {
    SignedDuration::try_from(POLL_EVERY).unwrap_or(SignedDuration::from_secs(2))
}

impl App {
    /// What the accounts screen lists, and which account is in use.
    /// `Err` says why the accounts file could not be read; the screen shows it.
    pub fn set_saved_accounts(
        &mut self,
        accounts: Result<Vec<AccountEntry>, String>,
        current: Option<String>,
    ) {
        match accounts {
            Ok(accounts) => {
                self.state.saved_accounts = accounts;
                self.state.accounts_error = None;
            }
            Err(e) => {
                self.state.saved_accounts.clear();
                self.state.accounts_error = Some(e);
            }
        }
        let switched = self.state.current_account != current;
        self.state.current_account = current;
        // A new account (at start too): its unsent drafts are offered.
        if switched {
            self.offer_drafts(false);
        }
        if let Some(Screen::Accounts(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        {
            screen.selected = screen
                .selected
                .min(self.state.saved_accounts.len().saturating_sub(1));
        }
    }

    /// Starts over on another account: its fetcher, its tabs (as `saved`, the layout it left,
    /// has them), nothing kept from the last one. Returns where the new connection's answers
    /// come from.
    pub fn reconnect(
        &mut self,
        connected: Connected,
        saved: Option<crate::config::Layout>,
    ) -> UnboundedReceiver<NetEvent> {
        self.save_layout();
        self.use_layout_of(connected.account_key.clone(), saved);
        self.requests = connected.requests;
        self.in_flight = 0;
        self.state.previews.reconnected();
        self.state.tabs.clear();
        self.state.active = 0;
        self.state.popup = None;
        self.state.me = None;
        self.state.lists = None;
        self.list_changes_pending = 0;
        self.lists_wanted = false;
        self.state.count_failures.clear();
        self.state.posts = Default::default();
        self.custom_emojis = None;
        self.asked_emojis = false;
        self.recent_reactions.clear();
        self.state.server_label = connected.label;
        self.state.demo = connected.demo;
        self.state.flavor = connected.flavor;
        self.state.compose_rules = None;
        self.state.beyond_server.clear();
        self.asked_compose_rules = false;
        self.after_rules = None;
        self.state.live = None;
        self.watched.clear();
        self.captured.clear();
        self.last_poll = None;
        self.positions_saved = Default::default();
        self.positions_known = false;
        self.position_moved = None;
        self.state.server_drafts = None;
        self.open_start_tabs();
        self.use_cache_of(connected.account_key);
        connected.events
    }

    pub(super) fn open_accounts_screen(&mut self) {
        self.state.popup = None;
        // Another skua may have added or removed accounts since.
        self.effects.push(Effect::ReloadAccounts);
        let selected = self
            .state
            .current_account
            .as_ref()
            .and_then(|name| {
                self.state
                    .saved_accounts
                    .iter()
                    .position(|a| &a.name == name)
            })
            .unwrap_or(0);
        self.show_screen(Screen::Accounts(AccountsScreen { selected }));
    }

    pub(super) fn accounts_action(&mut self, action: Action) {
        let Some(Screen::Accounts(screen)) =
            crate::state::screen_in(&mut self.state.tabs, self.state.active)
        else {
            return;
        };
        let count = self.state.saved_accounts.len();
        let selected = self.state.saved_accounts.get(screen.selected).cloned();
        let current = self.state.current_account.clone();
        match action {
            moving if cursor::is_move(moving) => {
                screen.selected = cursor::moved(screen.selected, moving, count, cursor::PAGE)
            }
            Action::Cancel => self.leave_screen(),
            Action::New => self.start_login(),
            Action::Confirm => match selected {
                Some(account) if Some(&account.name) == current.as_ref() => self.leave_screen(),
                Some(account) => self.effects.push(Effect::SwitchAccount(account.name)),
                None => self.start_login(),
            },
            Action::Delete => match selected {
                Some(account) if !account.saved => self.say(
                    format!(
                        "{} is not a saved account; there is nothing to forget",
                        account.name
                    ),
                    false,
                ),
                Some(account) if Some(&account.name) == current.as_ref() => {
                    self.say("that account is in use; switch to another first", false)
                }
                Some(account) => {
                    let question = format!(
                        "Forget @{}? skua deletes its saved access; log in again to use it.",
                        account.name
                    );
                    self.ask(question, Confirmed::ForgetAccount(account.name));
                }
                None => {}
            },
            _ => {}
        }
    }

    fn start_login(&mut self) {
        self.login_attempts += 1;
        self.state.popup = Some(Popup::Login(LoginFlow {
            attempt: self.login_attempts,
            stage: LoginStage::Server {
                input: Editor::default(),
            },
            error: None,
            renews: None,
        }));
    }

    pub(super) fn login_action(&mut self, action: Action) {
        let Some(Popup::Login(flow)) = &mut self.state.popup else {
            return;
        };
        match action {
            Action::Cancel => {
                self.state.popup = None;
                self.say("login cancelled; nothing was saved", false);
            }
            Action::Copy => {
                if let Some(url) = flow.stage.address().map(|url| url.to_string()) {
                    self.copy(url, "the address");
                }
            }
            Action::Confirm => match &flow.stage {
                LoginStage::Server { input } => match config::parse_server_url(input.text().trim())
                {
                    Ok(server) => {
                        // Starting over: answers still coming for the last try go nowhere.
                        self.login_attempts += 1;
                        flow.attempt = self.login_attempts;
                        flow.error = None;
                        flow.stage = LoginStage::Connecting {
                            server: server.clone(),
                        };
                        let step = LoginStep::Detect { server };
                        let attempt = flow.attempt;
                        self.call(super::calls::Login { attempt, step });
                    }
                    Err(message) => flow.error = Some(message),
                },
                LoginStage::OAuthApprove { server, start } => {
                    flow.stage = LoginStage::OAuthCode {
                        server: server.clone(),
                        start: start.clone(),
                        input: Editor::default(),
                    }
                }
                LoginStage::OAuthCode {
                    server,
                    start,
                    input,
                } if !input.text().trim().is_empty() => {
                    let step = LoginStep::OAuthFinish {
                        server: server.clone(),
                        start: start.clone(),
                        code: input.text().trim().to_owned(),
                    };
                    flow.stage = LoginStage::Finishing {
                        server: server.clone(),
                    };
                    let attempt = flow.attempt;
                    self.call(super::calls::Login { attempt, step });
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Asks whether a MiAuth login was approved, every [`POLL_EVERY`], until the deadline.
    pub(super) fn login_tick(&mut self, now: Timestamp) {
        let Some(Popup::Login(flow)) = &mut self.state.popup else {
            return;
        };
        let LoginStage::MiAuth {
            server,
            session,
            started,
            next_check,
            checking,
            ..
        } = &mut flow.stage
        else {
            return;
        };
        if now.duration_since(*started) > MIAUTH_DEADLINE {
            let server = server.to_string();
            flow.stage = LoginStage::Server {
                input: Editor::one_line(&server),
            };
            flow.error = Some(format!(
                "no approval within {} s; nothing was saved. Press Enter for a new address",
                MIAUTH_DEADLINE.as_secs()
            ));
        } else if !*checking && now >= *next_check {
            *checking = true;
            let step = LoginStep::MiAuthCheck {
                server: server.clone(),
                session: session.clone(),
            };
            let attempt = flow.attempt;
            self.call(super::calls::Login { attempt, step });
        }
    }

    /// The answer to a step of login attempt `attempt` (one given up on is dropped).
    pub fn login_event(&mut self, attempt: u64, event: LoginEvent) {
        let now = self.state.now;
        let Some(Popup::Login(flow)) = &mut self.state.popup else {
            return; // cancelled meanwhile
        };
        if flow.attempt != attempt {
            tracing::info!(attempt, "dropped the answer to an abandoned login attempt");
            return;
        }
        let back_to_server = |flow: &mut LoginFlow, error: String| {
            let input = match &flow.stage {
                LoginStage::Server { input } => input.text(),
                LoginStage::Connecting { server }
                | LoginStage::MiAuth { server, .. }
                | LoginStage::OAuthApprove { server, .. }
                | LoginStage::OAuthCode { server, .. }
                | LoginStage::Finishing { server } => server.to_string(),
            };
            flow.stage = LoginStage::Server {
                input: Editor::one_line(&input),
            };
            flow.error = Some(error);
        };
        match event {
            LoginEvent::Detected {
                server,
                result: Ok(Flavor::Misskey),
            } => match login::miauth_start(&server, &[]) {
                Ok(session) => {
                    self.effects
                        .push(Effect::OpenQuietly(session.url.to_string()));
                    flow.stage = miauth_stage(server, session, now);
                }
                Err(error) => back_to_server(flow, format!("{error:#}")),
            },
            LoginEvent::Detected {
                server,
                result: Ok(Flavor::Mastodon),
            } => {
                flow.stage = LoginStage::Connecting {
                    server: server.clone(),
                };
                let step = LoginStep::OAuthStart { server };
                self.call(super::calls::Login { attempt, step });
            }
            LoginEvent::OAuthStarted {
                server,
                result: Ok(start),
            } => {
                self.effects
                    .push(Effect::OpenQuietly(start.url.to_string()));
                flow.stage = LoginStage::OAuthApprove { server, start };
            }
            LoginEvent::Detected {
                result: Err(error), ..
            }
            | LoginEvent::OAuthStarted {
                result: Err(error), ..
            } => back_to_server(flow, error),
            LoginEvent::Done(Ok(None)) => {
                if let LoginStage::MiAuth {
                    next_check,
                    checking,
                    failed_checks,
                    ..
                } = &mut flow.stage
                {
                    *checking = false;
                    *failed_checks = 0;
                    *next_check = now + poll_every();
                    flow.error = None;
                }
            }
            // A check that failed (a dropped connection, a busy server) is asked again.
            LoginEvent::Done(Err(error))
                if matches!(
                    &flow.stage,
                    LoginStage::MiAuth { failed_checks, .. } if *failed_checks + 1 < MIAUTH_CHECK_TRIES
                ) =>
            {
                if let LoginStage::MiAuth {
                    next_check,
                    checking,
                    failed_checks,
                    ..
                } = &mut flow.stage
                {
                    *checking = false;
                    *failed_checks += 1;
                    *next_check = now + poll_every();
                    flow.error = Some(format!("{error}; asking again"));
                }
            }
            LoginEvent::Done(Ok(Some(account)))
                if flow
                    .renews
                    .as_ref()
                    .is_some_and(|name| *name != account.name) =>
            {
                let wanted = flow.renews.clone().unwrap_or_default();
                back_to_server(
                    flow,
                    format!(
                        "that approval was given as @{}, not @{wanted}; nothing was changed",
                        account.name
                    ),
                );
            }
            LoginEvent::Done(Ok(Some(account))) => {
                self.state.popup = None;
                self.effects.push(Effect::AddAccount(account));
            }
            LoginEvent::Done(Err(error)) => back_to_server(flow, error),
        }
    }
}

impl App {
    /// A server refused something for a permission the login lacks: offers a second approval
    /// for the same account (once a session for each permission; the refusal says the rest).
    pub(super) fn offer_permission(&mut self, permission: String) {
        // Not over a question or a login already on screen.
        if matches!(
            self.state.popup,
            Some(Popup::Confirm { .. } | Popup::Login(_))
        ) || !self.permissions_offered.insert(permission.clone())
        {
            return;
        }
        let Some(name) = self.current_entry().map(|a| a.name.clone()) else {
            return;
        };
        // Over a form, "no" goes back to it as it was; approving starts the account afresh.
        let lost = match self.state.popup {
            Some(_) => " What is open here closes.",
            None => "",
        };
        let question = format!(
            "Your login did not give skua the {permission} permission this needs. Approve it now for @{name}? (in the browser, as at login; the account stays as it is){lost}"
        );
        self.ask(question, Confirmed::Approve(permission));
    }

    /// Starts a second approval for the account in use, asking for `permission` besides what
    /// it has: the address and its QR code are shown as at login.
    pub(super) fn approve_permission(&mut self, permission: String) {
        let Some(account) = self.current_entry().cloned() else {
            return self.say("no saved account is in use to approve it for", true);
        };
        let server = match config::parse_server_url(&account.server) {
            Ok(server) => server,
            Err(error) => return self.say(error, true),
        };
        let mut later = account.permissions.clone();
        if !later.contains(&permission) {
            later.push(permission);
        }
        self.login_attempts += 1;
        let attempt = self.login_attempts;
        let stage = match account.flavor {
            Flavor::Misskey => match login::miauth_start(&server, &later) {
                Ok(session) => {
                    self.effects
                        .push(Effect::OpenQuietly(session.url.to_string()));
                    miauth_stage(server, session, self.state.now)
                }
                Err(error) => return self.say(format!("{error:#}"), true),
            },
            // Every Mastodon login asks for all skua uses: a new one gives what an older lacks.
            Flavor::Mastodon => {
                let step = LoginStep::OAuthStart {
                    server: server.clone(),
                };
                self.call(super::calls::Login { attempt, step });
                LoginStage::Connecting { server }
            }
        };
        self.state.popup = Some(Popup::Login(LoginFlow {
            attempt,
            stage,
            error: None,
            renews: Some(account.name),
        }));
    }

    /// The account in use, as the accounts screen lists it.
    fn current_entry(&self) -> Option<&AccountEntry> {
        let current = self.state.current_account.as_ref()?;
        self.state
            .saved_accounts
            .iter()
            .find(|a| &a.name == current)
    }
}

/// Waiting for the user to approve MiAuth `session`, from `now`.
fn miauth_stage(server: url::Url, session: login::MiAuth, now: Timestamp) -> LoginStage {
    LoginStage::MiAuth {
        server,
        session,
        started: now,
        next_check: now + poll_every(),
        checking: false,
        failed_checks: 0,
    }
}
