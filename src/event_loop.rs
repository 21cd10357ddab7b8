//! The one loop: it waits on terminal input, answers from the fetcher, a tick and signals, lets
//! the app update its state, and redraws only when something changed.

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::{App, Effect};
use crate::fetcher::NetEvent;
use crate::session::{Connected, Session};
use crate::tui::TerminalGuard;
use crate::{browser, clipboard, ui};

/// Spinner and clock resolution. Ticks redraw only while something is loading.
const TICK: Duration = Duration::from_millis(120);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(&'static str),
    InputClosed,
}

pub async fn run(
    app: &mut App,
    net: &mut UnboundedReceiver<NetEvent>,
    guard: &mut TerminalGuard,
    session: &mut Session,
) -> anyhow::Result<Exit> {
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut dirty = true;
    let mut panes = ui::PaneCache::default();
    loop {
        if dirty {
            guard
                .terminal
                .draw(|frame| ui::draw(frame, &app.state, &mut panes))?;
            dirty = false;
        }
        tokio::select! {
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) => { app.handle_key(key); dirty = true; }
                Some(Ok(Event::Resize(columns, rows))) => { app.resize(columns, rows); dirty = true; }
                Some(Ok(Event::Paste(text))) => { app.paste(&text); dirty = true; }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::error!(error = %e, "terminal input failed");
                    return Ok(Exit::InputClosed);
                }
                None => return Ok(Exit::InputClosed),
            },
            Some(event) = net.recv() => {
                app.handle_net(event);
                // Take everything else that is ready before drawing once.
                while let Ok(event) = net.try_recv() {
                    app.handle_net(event);
                }
                dirty = true;
            }
            _ = tick.tick() => {
                let now = jiff::Timestamp::now();
                // Ages and times left are drawn again as soon as they read differently.
                dirty |= app.tick(now) || panes.outdated(now);
            }
            _ = terminate.recv() => return Ok(Exit::Signal("SIGTERM")),
            _ = hangup.recv() => return Ok(Exit::Signal("SIGHUP")),
            _ = interrupt.recv() => return Ok(Exit::Signal("SIGINT")),
        }
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Quit => return Ok(Exit::Quit),
                Effect::Suspend => {
                    guard.suspend()?;
                    let size = guard.terminal.size()?;
                    app.resize(size.width, size.height);
                }
                Effect::Redraw => guard.repaint()?,
                Effect::EditExternally { view, text } => {
                    // The input reader must not take the editor's keys meanwhile.
                    drop(std::mem::replace(&mut input, EventStream::new()));
                    let edited = guard.hand_over(|| crate::external_editor::edit(&text))?;
                    let size = guard.terminal.size()?;
                    app.resize(size.width, size.height);
                    app.edited_externally(view, edited);
                }
                Effect::Notify(text) => {
                    use std::io::Write;
                    let notifier = crate::notify::Notifier::detect(|name| std::env::var(name).ok());
                    let mut out = std::io::stdout();
                    out.write_all(notifier.sequence(&text).as_bytes())?;
                    out.flush()?;
                }
                Effect::Copy(text) => {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    out.write_all(clipboard::osc52(&text).as_bytes())?;
                    out.flush()?;
                }
                Effect::OpenUrl(url) => {
                    if let Err(reason) = browser::open(&url) {
                        app.show_url(url, reason);
                    }
                }
                Effect::OpenQuietly(url) => {
                    let _ = browser::open(&url);
                }
                Effect::SwitchAccount(name) => {
                    // Saved accounts are user@host; the demo or a --server host is not one.
                    let shown = match name.contains('@') {
                        true => format!("@{name}"),
                        false => name.clone(),
                    };
                    switch(
                        app,
                        net,
                        session.switch(&name),
                        &format!("now using {shown}"),
                    )
                }
                Effect::AddAccount(account) => {
                    let message = format!("logged in as @{}", account.name);
                    switch(app, net, session.add(account), &message);
                }
                Effect::ForgetAccount(name) => match session.forget(&name) {
                    Ok(()) => app.say(format!("forgot @{name}"), false),
                    Err(e) => report(app, &e),
                },
                // Reading happens below, after every effect.
                Effect::ReloadAccounts => {}
                Effect::SaveCache { path, text } => {
                    if session.knows_current() {
                        crate::cache::write(path, text, true);
                    }
                }
                Effect::SavePositions { path, text } => {
                    if session.knows_current() {
                        crate::files::save_positions(&path, &text);
                    }
                }
            }
            app.set_saved_accounts(session.entries(), session.current());
            dirty = true;
        }
    }
}

/// Moves the app onto another account's connection, or says why it could not.
fn switch(
    app: &mut App,
    net: &mut UnboundedReceiver<NetEvent>,
    connected: anyhow::Result<Connected>,
    done: &str,
) {
    match connected {
        Ok(connected) => {
            // Drafts being written stay with the account they were written for, and what it
            // showed is its cache.
            app.save_open_drafts();
            if let Some((path, text)) = app.cache_snapshot(jiff::Timestamp::now()) {
                crate::cache::write(path, text, true);
            }
            // Answers still coming from the old connection go nowhere.
            *net = app.reconnect(connected);
            app.say(done, false);
        }
        Err(e) => report(app, &e),
    }
}

fn report(app: &mut App, error: &anyhow::Error) {
    tracing::error!(error = format!("{error:#}"), "account change failed");
    app.say(format!("{error:#}"), true);
}
