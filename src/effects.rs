//! The one side-effect boundary: what reaches outside skua's own state (the terminal, the
//! clipboard, a browser, an editor, notifications, files, saved accounts) is an [`Effect`] the
//! app asks for, carried out by [`apply`] through a [`World`]. The event loop, the last writes
//! at exit and the tests all go through it, each with its own world.

use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::{App, Effect};
use crate::fetcher::NetEvent;
use crate::session::{Connected, Session};

/// Whether the session goes on after an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// What skua can do outside itself.
pub trait World {
    /// Writes escape sequences to the terminal (OSC 52 copies, notifications).
    fn write(&mut self, text: &str) -> std::io::Result<()>;
    /// Opens `url` in a browser, or says why none can open here.
    fn open(&mut self, url: &str) -> Result<(), String>;
    /// Whether a program's window can appear in front of the user (not over SSH without a
    /// forwarded display).
    fn has_display(&self) -> bool;
    /// Starts a program apart from the terminal, without waiting for it.
    fn launch(&mut self, arguments: &[String]) -> Result<(), String>;
    /// Where private copies of attachments are kept for viewers that read files.
    fn media_copies(&self) -> Option<std::path::PathBuf>;
    /// Hands the terminal to the user's editor with `text`; the screen's size after.
    fn edit(&mut self, text: &str) -> anyhow::Result<(anyhow::Result<String>, (u16, u16))>;
    /// Stops skua until the shell resumes it (Ctrl-Z); the screen's size after.
    fn suspend(&mut self) -> anyhow::Result<(u16, u16)>;
    /// Paints the whole screen again.
    fn repaint(&mut self) -> anyhow::Result<()>;
    /// The saved accounts, where skua keeps any.
    fn accounts(&mut self) -> Option<&mut Session>;
    /// Answers now come from another account's connection.
    fn reconnected(&mut self, net: UnboundedReceiver<NetEvent>);
}

/// Said where no program's window can appear.
const NO_DISPLAY: &str = "No window can appear here (over SSH without a forwarded display), so skua cannot start a viewer. The attachment's address:";

/// Starts a program for an attachment and says which, or why not.
fn hand_off(app: &mut App, world: &mut dyn World, arguments: &[String]) {
    match world.launch(arguments) {
        Ok(()) => {
            let program = arguments.first().map_or("", String::as_str);
            app.say(
                format!("opened in {}", crate::sanitize::line(program)),
                false,
            );
        }
        Err(reason) => app.say(reason, true),
    }
}

/// Carries out one effect; a failure the user can act on is said on the status line, one the
/// terminal cannot survive is returned.
pub fn apply(app: &mut App, effect: Effect, world: &mut dyn World) -> anyhow::Result<Flow> {
    let on_accounts = matches!(
        effect,
        Effect::SwitchAccount(_)
            | Effect::AddAccount(_)
            | Effect::ForgetAccount(_)
            | Effect::ReloadAccounts
    );
    match effect {
        Effect::Quit => return Ok(Flow::Quit),
        Effect::Suspend => {
            let (columns, rows) = world.suspend()?;
            app.resize(columns, rows);
        }
        Effect::Redraw => world.repaint()?,
        Effect::EditExternally { view, text } => {
            let (edited, (columns, rows)) = world.edit(&text)?;
            app.resize(columns, rows);
            app.edited_externally(view, edited);
        }
        Effect::Notify(text) => {
            let notifier = crate::notify::Notifier::detect(|name| std::env::var(name).ok());
            world.write(&notifier.sequence(&text))?;
        }
        Effect::Copy(text) => world.write(&crate::clipboard::osc52(&text))?,
        Effect::TellTerminal(text) => world.write(&text)?,
        Effect::OpenUrl(url) => {
            if let Err(reason) = world.open(&url) {
                app.show_url(url, reason);
            }
        }
        Effect::OpenMedia {
            kind,
            url,
            programs,
        } => {
            if let Some(reason) = crate::browser::refuse(&url) {
                app.show_url(url, reason);
            } else if !world.has_display() {
                app.show_url(url, NO_DISPLAY.into());
            } else {
                let command = programs.command(kind, crate::media::installed);
                match crate::media::needs_file(&command) {
                    true => app.view_a_copy(command, url),
                    false => hand_off(app, world, &crate::media::arguments(&command, &url, None)),
                }
            }
        }
        Effect::ViewCopy {
            command,
            url,
            bytes,
        } => {
            let name = crate::media::file_name(&url, "attachment");
            let kept = world
                .media_copies()
                .ok_or_else(|| std::io::Error::other("no cache folder is known here"))
                .and_then(|dir| crate::media::keep_for_viewer(&dir, &name, &bytes.0));
            match kept {
                Ok(path) => hand_off(
                    app,
                    world,
                    &crate::media::arguments(&command, &url, Some(&path)),
                ),
                Err(e) => app.say(format!("could not keep a copy for the viewer: {e}"), true),
            }
        }
        Effect::SaveMedia { dir, name, bytes } => {
            match crate::media::save_new(&dir, &name, &bytes.0, false) {
                Ok(path) => app.say(format!("saved {}", path.display()), false),
                Err(e) => app.say(
                    format!("could not save {name} in {}: {e}", dir.display()),
                    true,
                ),
            }
        }
        Effect::OpenQuietly(url) => {
            let _ = world.open(&url);
        }
        Effect::SwitchAccount(name) => {
            // Saved accounts are user@host; the demo or a --server host is not one.
            let shown = match name.contains('@') {
                true => format!("@{name}"),
                false => name.clone(),
            };
            if let Some(connected) = world.accounts().map(|session| session.switch(&name)) {
                switch(app, world, connected, &format!("now using {shown}"));
            }
        }
        Effect::AddAccount(account) => {
            let message = format!("logged in as @{}", account.name);
            if let Some(connected) = world.accounts().map(|session| session.add(account)) {
                switch(app, world, connected, &message);
            }
        }
        Effect::ForgetAccount(name) => match world.accounts().map(|s| s.forget(&name)) {
            Some(Ok(())) => app.say(format!("forgot @{name}"), false),
            Some(Err(e)) => report(app, &e),
            None => {}
        },
        // Read below, after every effect.
        Effect::ReloadAccounts => {}
        Effect::SaveCache { path, text } => {
            if may_write(world) {
                crate::cache::write(path, text, true);
            }
        }
        Effect::SavePositions { path, text } => {
            if may_write(world) {
                crate::files::save_positions(&path, &text);
            }
        }
        // Whoever else logged out of the account, a draft is the user's words: always written.
        Effect::SaveDraft { store, draft, told } => {
            let written = store.save(&draft);
            app.draft_written(draft, told, written);
        }
        Effect::DeleteDraft { store, id } => {
            if let Err(error) = store.delete(&id) {
                tracing::error!(error = format!("{error:#}"), "could not delete a draft");
                app.say(format!("{error:#}"), true);
            }
        }
        Effect::SaveLayout { path, text } => {
            if may_write(world) {
                crate::layouts::write(&path, &text);
            }
        }
    }
    // Read where it may have changed, not after every effect: the file is read on the loop.
    if on_accounts && let Some(session) = world.accounts() {
        app.set_saved_accounts(session.entries_read_again(), session.current());
    }
    Ok(Flow::Continue)
}

/// Every effect the app asked for, in order, and those they asked for in turn (switching
/// accounts writes the drafts being written); whether the session goes on.
pub fn apply_all(app: &mut App, world: &mut dyn World) -> anyhow::Result<Flow> {
    while !app.effects.is_empty() {
        for effect in std::mem::take(&mut app.effects) {
            if apply(app, effect, world)? == Flow::Quit {
                return Ok(Flow::Quit);
            }
        }
    }
    Ok(Flow::Continue)
}

/// The account's files are written unless another skua logged out of it meanwhile (they stay
/// deleted then).
fn may_write(world: &mut dyn World) -> bool {
    world
        .accounts()
        .is_none_or(|session| session.knows_current())
}

/// Moves the app onto another account's connection, or says why it could not.
fn switch(app: &mut App, world: &mut dyn World, connected: anyhow::Result<Connected>, done: &str) {
    match connected {
        Ok(connected) => {
            // What the account showed is its cache.
            if let Some((path, text)) = app.cache_snapshot(jiff::Timestamp::now()) {
                crate::cache::write(path, text, true);
            }
            move_to(app, world, connected);
            app.say(done, false);
        }
        Err(e) => report(app, &e),
    }
}

/// Moves the app onto `connected`, another account's connection: the drafts being written
/// stay with the account they were written for, and the panes the new account left open
/// again.
pub fn move_to(app: &mut App, world: &mut dyn World, connected: Connected) {
    app.save_open_drafts();
    let saved = app
        .layout_file_of(connected.account_key.as_deref())
        .and_then(|(path, configured)| crate::layouts::read(&path, configured));
    // Answers still coming from the old connection go nowhere.
    world.reconnected(app.reconnect(connected, saved));
}

fn report(app: &mut App, error: &anyhow::Error) {
    tracing::error!(error = format!("{error:#}"), "account change failed");
    app.say(format!("{error:#}"), true);
}
