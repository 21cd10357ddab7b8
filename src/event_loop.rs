//! The one loop: it waits on terminal input, answers from the fetcher, a tick and signals, lets
//! the app update its state, and redraws only when something changed.

use std::time::Duration;

use crossterm::event::Event;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::{App, Effect};
use crate::effects::{self, Flow, World};
use crate::fetcher::NetEvent;
use crate::input::Input;
use crate::session::Session;
use crate::tui::TerminalGuard;
use crate::{browser, ui};

/// Spinner and clock resolution while something happens. Ticks redraw only while something
/// is loading, or where what is drawn reads differently.
const TICK: Duration = Duration::from_millis(120);
/// Once nothing was typed for [`QUIET_AFTER`] and nothing loads, the clock ticks on each
/// second only (ages such as "42s" read differently each second): an idle skua wakes once a
/// second, not eight times. What waits on a pause in typing (a search, a draft's save) is
/// within [`QUIET_AFTER`] of the last key, at the quick pace.
const QUIET_AFTER: Duration = Duration::from_secs(3);

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
    esc_timeout: Duration,
) -> anyhow::Result<Exit> {
    // TerminalGuard::enter asked the terminal how it draws emoji and pictures: the answers
    // come first.
    let mut input = Input::start(esc_timeout, true);
    let mut answers = input.answers();
    // Inside tmux, and where the terminal was asked what graphics it has: whether tmux passes
    // pictures through to it, asked of tmux off the loop.
    let mut passthrough = (app.state.in_tmux && app.state.previews.awaiting_terminal)
        .then(|| tokio::task::spawn_blocking(crate::graphics::tmux_passes_through));
    let tick = tokio::time::sleep(TICK);
    tokio::pin!(tick);
    let mut last_typed = tokio::time::Instant::now();
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut resized = signal(SignalKind::window_change())?;
    end_if_stuck()?;
    let mut dirty = true;
    let mut panes = ui::PaneCache::default();
    loop {
        if dirty {
            // Held so the input thread's one question to the terminal (see `Input::start`)
            // never lands inside a frame's escape sequences.
            let _whole_frame = std::io::stdout().lock();
            guard.draw(|frame| ui::draw(frame, &app.state, &mut panes))?;
            app.pictures_drawn(&panes.pictures);
            dirty = false;
        }
        let mut ticked = false;
        let mut typed = false;
        tokio::select! {
            event = input.next() => { typed = true; match event {
                Some(Ok(Event::Key(key))) => { app.handle_key(key); dirty = true; }
                Some(Ok(Event::Resize(columns, rows))) => {
                    fit(app, guard, (columns, rows))?;
                    dirty = true;
                }
                Some(Ok(Event::Paste(text))) => { app.paste(&text); dirty = true; }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::error!(error = %e, "terminal input failed");
                    return Ok(Exit::InputClosed);
                }
                None => return Ok(Exit::InputClosed),
            }},
            Some(event) = net.recv() => {
                app.handle_net(event);
                // Take everything else that is ready before drawing once.
                while let Ok(event) = net.try_recv() {
                    app.handle_net(event);
                }
                dirty = true;
            }
            answers = answers.arrived() => {
                app.terminal_joins_emoji(answers.emoji_sequences_joined());
                let variable = |name: &str| std::env::var(name).ok();
                let window_cell = crate::graphics::window_cell();
                let graphics = crate::graphics::choose(&answers, &variable, window_cell);
                app.terminal_draws(graphics);
                app.window_measured(window_cell);
                dirty = true;
            }
            passes = async {
                match passthrough.as_mut() {
                    Some(asked) => asked.await,
                    None => std::future::pending().await,
                }
            } => {
                passthrough = None;
                if let Ok(Some(passes)) = passes {
                    app.tmux_passes_through(passes);
                    dirty = true;
                }
            }
            _ = &mut tick => {
                let now = jiff::Timestamp::now();
                // Ages and times left are drawn again as soon as they read differently.
                dirty |= app.tick(now) || panes.outdated(now);
                ticked = true;
            }
            // crossterm makes an event of it, but not always (a key it hears in the same
            // wake-up takes the resize's place): the size is read here too, and the reader
            // looks at once.
            _ = resized.recv() => {
                input.resized();
                if let Ok(size) = crossterm::terminal::size() {
                    fit(app, guard, size)?;
                    dirty = true;
                }
            }
            _ = terminate.recv() => return Ok(Exit::Signal("SIGTERM")),
            _ = hangup.recv() => return Ok(Exit::Signal("SIGHUP")),
            _ = interrupt.recv() => return Ok(Exit::Signal("SIGINT")),
        }
        let now = tokio::time::Instant::now();
        if typed {
            last_typed = now;
        }
        let quick = app.state.is_loading() || now - last_typed < QUIET_AFTER;
        if ticked {
            tick.as_mut().reset(now + until_next_tick(quick));
        } else if quick {
            let soon = tick.deadline().min(now + TICK);
            tick.as_mut().reset(soon);
        }
        if app.effects.is_empty() {
            continue;
        }
        let mut world = Terminal {
            guard,
            session,
            input: Some(&input),
            net,
        };
        if effects::apply_all(app, &mut world)? == Flow::Quit {
            return Ok(Exit::Quit);
        }
        dirty = true;
    }
}

/// How long the clock waits: [`TICK`] at the quick pace, else until just past the next
/// whole second, when ages read differently.
fn until_next_tick(quick: bool) -> Duration {
    if quick {
        return TICK;
    }
    let into_second = jiff::Timestamp::now().subsec_nanosecond().max(0) as u64;
    Duration::from_nanos(1_000_000_000 - into_second) + Duration::from_millis(5)
}

/// What the event loop can do outside skua: the terminal it holds, the saved accounts.
struct Terminal<'a> {
    guard: &'a mut TerminalGuard,
    session: &'a mut Session,
    /// The terminal's input, while the loop reads it.
    input: Option<&'a Input>,
    net: &'a mut UnboundedReceiver<NetEvent>,
}

impl Terminal<'_> {
    fn pause_input(&self) {
        if let Some(input) = self.input {
            input.pause();
        }
    }

    fn resume_input(&self) {
        if let Some(input) = self.input {
            input.resume();
        }
    }
}

impl World for Terminal<'_> {
    fn write(&mut self, text: &str) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = std::io::stdout();
        out.write_all(text.as_bytes())?;
        out.flush()
    }

    fn open(&mut self, url: &str) -> Result<(), String> {
        browser::open(url)
    }

    fn has_display(&self) -> bool {
        browser::can_open()
    }

    fn launch(&mut self, arguments: &[String]) -> Result<(), String> {
        crate::media::launch(arguments)
    }

    fn media_copies(&self) -> Option<std::path::PathBuf> {
        crate::media::opened_dir()
    }

    fn edit(&mut self, text: &str) -> anyhow::Result<(anyhow::Result<String>, (u16, u16))> {
        // The input reader must not take the editor's keys meanwhile.
        self.pause_input();
        let edited = self.guard.hand_over(|| crate::external_editor::edit(text));
        self.resume_input();
        let edited = edited?;
        let size = self.guard.terminal.size()?;
        Ok((edited, (size.width, size.height)))
    }

    fn suspend(&mut self) -> anyhow::Result<(u16, u16)> {
        self.pause_input();
        let suspended = self.guard.suspend();
        self.resume_input();
        suspended?;
        let size = self.guard.terminal.size()?;
        Ok((size.width, size.height))
    }

    fn repaint(&mut self) -> anyhow::Result<()> {
        Ok(self.guard.repaint()?)
    }

    fn accounts(&mut self) -> Option<&mut Session> {
        Some(self.session)
    }

    fn reconnected(&mut self, net: UnboundedReceiver<NetEvent>) {
        *self.net = net;
    }
}

/// How long skua has to end by itself after a signal before it is ended.
const SIGNAL_GRACE: Duration = Duration::from_millis(800);

/// Beside the loop, on the runtime's worker: ends the process where a signal (SIGTERM, SIGHUP,
/// SIGINT) is not heeded within [`SIGNAL_GRACE`]. A terminal that takes no more output (a
/// frozen link, a stopped terminal) blocks the loop in a frame's write, where it hears
/// nothing. The open drafts are written first, and the terminal is put back as far as it
/// takes the bytes.
fn end_if_stuck() -> std::io::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = hangup.recv() => {}
            _ = interrupt.recv() => {}
        }
        tokio::time::sleep(SIGNAL_GRACE).await;
        tracing::warn!("a signal was not heeded in time: the terminal takes no output; ending");
        crate::drafts::save_in_emergency();
        crate::tui::restore_without_waiting();
        // SAFETY: ends the process at once, from a thread that holds no lock the exit needs
        // (`exit` would flush the standard output, which is what is stuck).
        unsafe { libc::_exit(0) }
    });
    Ok(())
}

/// The last writes, whatever ended the session (quit, SIGHUP from a dropped link, SIGTERM, an
/// error): what was being written, the reading positions, the cache and the layout.
pub fn finish(
    app: &mut App,
    net: &mut UnboundedReceiver<NetEvent>,
    guard: &mut TerminalGuard,
    session: &mut Session,
) {
    app.save_open_drafts();
    // Unless another skua logged out of this account meanwhile: its files stay deleted (the
    // user's drafts are written all the same).
    let knows_current = session.knows_current();
    if knows_current {
        app.save_positions_if_due(jiff::Timestamp::now(), true);
        app.save_layout();
    }
    // Only what is written to disk: nothing else is wanted any more.
    app.effects.retain(|effect| {
        matches!(
            effect,
            Effect::SavePositions { .. }
                | Effect::SaveLayout { .. }
                | Effect::SaveDraft { .. }
                | Effect::DeleteDraft { .. }
        )
    });
    let mut world = Terminal {
        guard,
        session,
        input: None,
        net,
    };
    if let Err(error) = effects::apply_all(app, &mut world) {
        tracing::warn!(error = format!("{error:#}"), "could not finish writing");
    }
    // In the foreground: the process ends next.
    if knows_current && let Some((path, text)) = app.cache_snapshot(jiff::Timestamp::now()) {
        crate::cache::write(path, text, false);
    }
}

/// Fits the terminal and the app to a window of `(columns, rows)` (unless they fit it already)
/// and measures its cells again (a font change keeps the size).
fn fit(
    app: &mut App,
    guard: &mut TerminalGuard,
    (columns, rows): (u16, u16),
) -> std::io::Result<()> {
    if app.state.size != (columns, rows) {
        guard.resize(columns, rows)?;
        app.resize(columns, rows);
    }
    app.window_measured(crate::graphics::window_cell());
    Ok(())
}
