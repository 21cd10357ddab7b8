//! Terminal input, read on a thread of its own the moment it arrives.
//!
//! A terminal without the kitty keyboard protocol sends `Esc` as a lone byte and `Alt-q` as
//! that byte followed by `q`, so the two can only be told apart by when they arrive. Bytes
//! left waiting while the event loop is busy are read together, and an `Esc` then a `q`
//! typed apart would become one `Alt-q`; read as they come, they stay two keys. An `Esc`
//! followed within the Esc timeout by another key (a terminal or link that split the two)
//! is that key with Alt.

use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::graphics::{AnswerReader, Answers};

/// How long the reader waits for the rest of an event whose first bytes arrived; and, where
/// it has no bell to wake it, for input before looking whether it should pause or stop.
const SLICE: Duration = Duration::from_millis(50);

/// The Esc timeout when the config sets none.
pub const DEFAULT_ESC_TIMEOUT: Duration = Duration::from_millis(20);

/// How long the terminal's answers to the start's question are awaited before skua goes on
/// without those not in (pictures in half blocks until then, emoji as guessed).
pub const ANSWERS_AWAITED: Duration = Duration::from_millis(100);
/// How long its bytes are still read raw after that, so a late answer is never taken for keys
/// (and is still heeded: a busy machine or a slow link answers late). Every terminal ends its
/// answers with the status report, so this lasts only as long as the link makes it: over a
/// link whose answers took 1.5 s, kitty's answer was read as keys (`G`, then `i` opened a
/// reply with `=31;OK` in it).
const ANSWERS_LATE: Duration = Duration::from_secs(5);

/// Terminal events as they arrive; the reader stops when this is dropped.
pub struct Input {
    events: UnboundedReceiver<io::Result<Event>>,
    shared: Arc<Shared>,
    /// The terminal's answers to the question asked at start, until they are taken.
    answers: Option<UnboundedReceiver<Answers>>,
}

struct Shared {
    state: Mutex<ReaderState>,
    changed: Condvar,
    /// Wakes the reader from its wait on the terminal to look at `state` (or, after a
    /// resize, at crossterm's events): an idle skua then sleeps until something happens
    /// rather than waking twenty times a second to look. `None` where no socket pair could
    /// be made: the reader then looks every [`SLICE`].
    bell: Option<Bell>,
}

#[derive(Default)]
struct ReaderState {
    paused: bool,
    stopped: bool,
    /// The reader is polling or reading the terminal.
    reading: bool,
}

impl Shared {
    fn new() -> Shared {
        let bell = Bell::new()
            .inspect_err(|e| tracing::warn!(error = %e, "the input reader looks every 50 ms"))
            .ok();
        Shared {
            state: Mutex::default(),
            changed: Condvar::new(),
            bell,
        }
    }

    /// Tells the reader that `state` changed, waking it from its wait on the terminal.
    fn notify(&self) {
        self.changed.notify_all();
        if let Some(bell) = &self.bell {
            bell.ring();
        }
    }

    fn lock(&self) -> MutexGuard<'_, ReaderState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Input {
    /// Starts reading the terminal; `esc_timeout` joins an `Esc` and a key that follows it
    /// that soon into one Alt key (zero: only when they arrive together). `asked`: the
    /// terminal was asked how it draws emoji and pictures (see [`crate::tui`]), and its answers
    /// are read first, from its raw bytes (keys typed meanwhile are kept).
    pub fn start(esc_timeout: Duration, asked: bool) -> Input {
        let (sender, events) = unbounded_channel();
        let (answered, answers) = match asked {
            true => {
                let (sender, receiver) = unbounded_channel();
                (Some(sender), Some(receiver))
            }
            false => (None, None),
        };
        let shared = Arc::new(Shared::new());
        let reader = shared.clone();
        std::thread::Builder::new()
            .name("terminal input".into())
            .spawn(move || {
                if let Some(answered) = answered {
                    read_answers(&reader, &sender, answered);
                }
                read(&reader, &sender, esc_timeout)
            })
            .expect("a thread to read the terminal");
        Input {
            events,
            shared,
            answers,
        }
    }

    /// The next event; `None` once the terminal is gone.
    pub async fn next(&mut self) -> Option<io::Result<Event>> {
        self.events.recv().await
    }

    /// The answers to the start's question, to wait for beside the events.
    pub fn answers(&mut self) -> TerminalAnswers {
        TerminalAnswers(self.answers.take())
    }

    /// Stops reading until [`Input::resume`], once the reader has let go of the terminal:
    /// another program (the user's editor, the shell) reads it meanwhile.
    pub fn pause(&self) {
        let mut state = self.shared.lock();
        state.paused = true;
        self.shared.notify();
        while state.reading {
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    pub fn resume(&self) {
        self.shared.lock().paused = false;
        self.shared.notify();
    }

    /// Has the reader look at crossterm's events now: the terminal was resized, which
    /// crossterm hears of by a signal, not on the terminal the reader waits on.
    pub fn resized(&self) {
        self.shared.notify();
    }
}

/// The terminal's answers to the start's question.
pub struct TerminalAnswers(Option<UnboundedReceiver<Answers>>);

impl TerminalAnswers {
    /// What the terminal answered within [`ANSWERS_AWAITED`]; then, where more came later
    /// (within [`ANSWERS_LATE`]), all it answered. Never where it was not asked.
    pub async fn arrived(&mut self) -> Answers {
        if let Some(answers) = &mut self.0 {
            if let Some(answers) = answers.recv().await {
                return answers;
            }
            self.0 = None;
        }
        std::future::pending().await
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        // Keys typed to the shell after skua is done are not skua's to take.
        self.shared.lock().stopped = true;
        self.shared.notify();
    }
}

/// The terminal while a command waits (for a login's approval): raw, so typed keys neither
/// echo nor stop the output (`Ctrl-s`); read and dropped, but for those that cancel; and
/// nothing typed is left over for what runs next (the TUI).
pub struct CancelKeys {
    input: Option<Input>,
}

impl CancelKeys {
    /// Takes the keys where standard input is a terminal; elsewhere nothing is read.
    pub fn start() -> CancelKeys {
        use std::io::IsTerminal;
        let input = (io::stdin().is_terminal() && crossterm::terminal::enable_raw_mode().is_ok())
            .then(|| Input::start(DEFAULT_ESC_TIMEOUT, false));
        CancelKeys { input }
    }

    /// Returns once `Ctrl-c`, `Esc` or `q` is pressed; never without a terminal.
    pub async fn pressed(&mut self) {
        let Some(input) = &mut self.input else {
            return std::future::pending().await;
        };
        while let Some(Ok(event)) = input.next().await {
            if let Event::Key(key) = event
                && key.kind == KeyEventKind::Press
                && (key.code == KeyCode::Esc
                    || (key.code == KeyCode::Char('q') && key.modifiers.is_empty())
                    || (key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL))
            {
                return;
            }
        }
        // The terminal is gone: nothing can cancel any more.
        std::future::pending().await
    }
}

impl Drop for CancelKeys {
    fn drop(&mut self) {
        let Some(input) = self.input.take() else {
            return;
        };
        input.pause();
        // What was read and what still waits in the terminal is dropped.
        while event::poll(Duration::ZERO).unwrap_or(false) {
            if event::read().is_err() {
                break;
            }
        }
        // SAFETY: tcflush only discards the terminal's pending input; fd 0 is ours.
        unsafe {
            libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
        }
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// The reader thread: reads until the terminal is gone or the [`Input`] is dropped.
fn read(shared: &Shared, sender: &UnboundedSender<io::Result<Event>>, esc_timeout: Duration) {
    let tty = Tty::open();
    loop {
        {
            let mut state = shared.lock();
            while state.paused && !state.stopped {
                state = shared
                    .changed
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
            if state.stopped {
                return;
            }
            state.reading = true;
        }
        let events = next_events(tty.as_ref(), shared.bell.as_ref(), esc_timeout);
        shared.lock().reading = false;
        shared.changed.notify_all();
        match events {
            Ok(events) => {
                for event in events {
                    if sender.send(Ok(event)).is_err() {
                        return;
                    }
                }
            }
            Err(error) => {
                let _ = sender.send(Err(error));
                return;
            }
        }
    }
}

/// Reads the terminal's answers to the start's question from its raw bytes, before crossterm
/// reads any: crossterm would hand kitty's answer out as keys. What is in after
/// [`ANSWERS_AWAITED`] is sent on; the bytes are read raw until the last answer comes (at most
/// [`ANSWERS_LATE`]), keys typed meanwhile sent on as they come, and answers that came late
/// are sent on then.
fn read_answers(
    shared: &Shared,
    events: &UnboundedSender<io::Result<Event>>,
    answered: UnboundedSender<Answers>,
) {
    shared.lock().reading = true;
    let size_before = crossterm::terminal::size().ok();
    // The answers sent on so far, once sent.
    let mut sent: Option<Answers> = None;
    let mut reader = AnswerReader::default();
    let start = Instant::now();
    let tty = Tty::open();
    while let Some(fd) = tty.as_ref().map(Tty::fd) {
        let elapsed = start.elapsed();
        if elapsed >= ANSWERS_AWAITED && sent.is_none() {
            let _ = answered.send(reader.answers.clone());
            sent = Some(reader.answers.clone());
        }
        if reader.answers.complete || elapsed >= ANSWERS_LATE {
            break;
        }
        let until = if sent.is_none() {
            ANSWERS_AWAITED
        } else {
            ANSWERS_LATE
        };
        let wait = (until - elapsed).as_millis().clamp(1, 1000) as libc::c_int;
        let mut buffer = [0u8; 1024];
        match read_waiting(fd, wait, &mut buffer) {
            Waiting::Nothing => continue,
            Waiting::Gone => break,
            Waiting::Read(read) => reader.push(&buffer[..read]),
        }
        for key in reader.take_typed() {
            let _ = events.send(Ok(key));
        }
    }
    tracing::debug!(answers = ?reader.answers, "the terminal answered");
    if sent.as_ref() != Some(&reader.answers) {
        let _ = answered.send(reader.answers.clone());
    }
    for key in reader.finish() {
        let _ = events.send(Ok(key));
    }
    // crossterm hears of resizes once it reads: one while the answers were read is told now.
    if let Ok((columns, rows)) = crossterm::terminal::size()
        && Some((columns, rows)) != size_before
    {
        let _ = events.send(Ok(Event::Resize(columns, rows)));
    }
    shared.lock().reading = false;
    shared.changed.notify_all();
}

/// The terminal's input as crossterm reads it: standard input where that is the terminal,
/// else the controlling terminal.
enum Tty {
    Stdin,
    Opened(std::fs::File),
}

impl Tty {
    fn open() -> Option<Tty> {
        use std::io::IsTerminal;
        if io::stdin().is_terminal() {
            return Some(Tty::Stdin);
        }
        std::fs::File::open("/dev/tty").ok().map(Tty::Opened)
    }

    fn fd(&self) -> libc::c_int {
        use std::os::fd::AsRawFd;
        match self {
            Tty::Stdin => libc::STDIN_FILENO,
            Tty::Opened(file) => file.as_raw_fd(),
        }
    }
}

/// What arrived before the bell rang: nothing, one event, or an `Esc` and what followed it.
fn next_events(
    tty: Option<&Tty>,
    bell: Option<&Bell>,
    esc_timeout: Duration,
) -> io::Result<Vec<Event>> {
    // crossterm may hold events it has read already (keys that came together, a paste).
    if !event::poll(Duration::ZERO)? {
        if !terminal_ready(tty, bell) {
            return Ok(Vec::new());
        }
        if !event::poll(SLICE)? {
            return Ok(tty.map(read_unheard).unwrap_or_default());
        }
    }
    let first = event::read()?;
    if !is_plain_esc(&first) || esc_timeout.is_zero() || !event::poll(esc_timeout)? {
        return Ok(vec![first]);
    }
    let next = event::read()?;
    Ok(match with_alt(&next) {
        Some(joined) => vec![joined],
        None => vec![first, next],
    })
}

/// Keys crossterm was not told of: bytes that waited on the terminal through a whole [`SLICE`]
/// of crossterm's wait. Its reader wakes only when new bytes arrive, and a resize heard in
/// the same wake-up as a key leaves the key unread (crossterm 0.29 returns the resize and
/// drops the rest of that wake-up), so the key would wait for the next one: `q` pressed as
/// the window is resized did nothing until another key came. Read here, as at the start.
fn read_unheard(tty: &Tty) -> Vec<Event> {
    let mut reader = AnswerReader::default();
    let mut buffer = [0u8; 1024];
    while let Waiting::Read(read) = read_waiting(tty.fd(), 0, &mut buffer) {
        reader.push(&buffer[..read]);
    }
    reader.finish()
}

/// What the terminal had within a wait.
enum Waiting {
    Nothing,
    /// Bytes read into the buffer: how many.
    Read(usize),
    /// The terminal is gone (or cannot be read).
    Gone,
}

/// Reads into `buffer` what the terminal at `fd` has within `wait` milliseconds (0: now).
fn read_waiting(fd: libc::c_int, wait: libc::c_int, buffer: &mut [u8]) -> Waiting {
    let mut ready = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: polls one valid pollfd.
    if unsafe { libc::poll(&mut ready, 1, wait) } <= 0 {
        return Waiting::Nothing;
    }
    // SAFETY: reads into a buffer of the length given.
    let read = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) };
    match usize::try_from(read) {
        Ok(read) if read > 0 => Waiting::Read(read),
        _ => Waiting::Gone,
    }
}

/// Waits until the terminal has bytes to read (or is gone): `false` when the bell rang
/// first. Without a bell or a terminal of its own to wait on, waits one [`SLICE`] at most.
fn terminal_ready(tty: Option<&Tty>, bell: Option<&Bell>) -> bool {
    let (Some(tty), Some(bell)) = (tty, bell) else {
        return true; // crossterm's own wait, one slice long
    };
    let mut ready = [
        libc::pollfd {
            fd: tty.fd(),
            events: libc::POLLIN,
            revents: 0,
        },
        libc::pollfd {
            fd: bell.fd(),
            events: libc::POLLIN,
            revents: 0,
        },
    ];
    // SAFETY: polls two valid pollfds, without a time limit.
    let polled = unsafe { libc::poll(ready.as_mut_ptr(), 2, -1) };
    if polled <= 0 {
        return false; // interrupted by a signal: look again
    }
    if ready[1].revents != 0 {
        bell.silence();
        return false;
    }
    ready[0].revents != 0
}

/// A socket pair: a byte written to one end wakes a `poll` on the other.
struct Bell {
    ringer: std::os::unix::net::UnixStream,
    hearer: std::os::unix::net::UnixStream,
}

impl Bell {
    fn new() -> io::Result<Bell> {
        let (ringer, hearer) = std::os::unix::net::UnixStream::pair()?;
        ringer.set_nonblocking(true)?;
        hearer.set_nonblocking(true)?;
        Ok(Bell { ringer, hearer })
    }

    fn ring(&self) {
        use std::io::Write;
        // Full means it rings already.
        let _ = (&self.ringer).write(&[1]);
    }

    fn silence(&self) {
        use std::io::Read;
        let mut rung = [0u8; 64];
        while matches!((&self.hearer).read(&mut rung), Ok(n) if n > 0) {}
    }

    fn fd(&self) -> libc::c_int {
        use std::os::fd::AsRawFd;
        self.hearer.as_raw_fd()
    }
}

fn is_plain_esc(event: &Event) -> bool {
    matches!(
        event,
        Event::Key(KeyEvent {
            code: KeyCode::Esc,
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Press,
            ..
        })
    )
}

/// The key an `Esc` just before `next` makes of it: `next` with Alt, when it is a key press
/// that has no Alt yet and is not another `Esc`.
fn with_alt(next: &Event) -> Option<Event> {
    match next {
        Event::Key(key)
            if key.kind == KeyEventKind::Press
                && key.code != KeyCode::Esc
                && !key.modifiers.contains(KeyModifiers::ALT) =>
        {
            let mut key = *key;
            key.modifiers |= KeyModifiers::ALT;
            Some(Event::Key(key))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn an_esc_just_before_a_key_gives_it_alt_but_not_to_esc_or_a_paste() {
        assert_eq!(
            with_alt(&key(KeyCode::Char('b'), KeyModifiers::NONE)),
            Some(key(KeyCode::Char('b'), KeyModifiers::ALT))
        );
        assert_eq!(
            with_alt(&key(KeyCode::Left, KeyModifiers::SHIFT)),
            Some(key(KeyCode::Left, KeyModifiers::SHIFT | KeyModifiers::ALT))
        );
        assert_eq!(with_alt(&key(KeyCode::Esc, KeyModifiers::NONE)), None);
        assert_eq!(with_alt(&key(KeyCode::Char('b'), KeyModifiers::ALT)), None);
        assert_eq!(with_alt(&Event::Paste("b".into())), None);
        assert!(is_plain_esc(&key(KeyCode::Esc, KeyModifiers::NONE)));
        assert!(!is_plain_esc(&key(KeyCode::Esc, KeyModifiers::ALT)));
    }
}
