//! The terminal: raw mode and the alternate screen while skua runs, restored on every way out
//! (normal exit, error, panic, signal, suspend).

use std::io::{self, BufWriter, Stdout, stdout};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// What a frame is gathered in before it is written: at once, in one write where it fits, so
/// the terminal never shows half a frame (standard output alone writes in 1 KB pieces: five
/// writes for a full 80x24 screen, each a packet over SSH). ratatui flushes after each frame.
const FRAME_BYTES: usize = 64 << 10;

/// Owns the terminal; restores it when dropped, however the scope is left.
pub struct TerminalGuard {
    /// Let go of through [`retire`], never dropped as it is.
    pub terminal: std::mem::ManuallyDrop<Term>,
}

impl TerminalGuard {
    /// Takes the terminal and asks it how it draws emoji sequences and, with `pictures`, what
    /// graphics it has: the answers come on the input stream ([`crate::input::Input::start`]
    /// with `asked` reads them).
    pub fn enter(pictures: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        take_over()?;
        ask(pictures)?;
        Ok(TerminalGuard {
            terminal: std::mem::ManuallyDrop::new(new_terminal()?),
        })
    }

    /// Draws a frame as one synchronized update (mode 2026): a terminal that knows it shows
    /// the frame whole, however a slow link splits it (others ignore the two marks).
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        use std::io::Write;
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        queue!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        self.terminal.backend_mut().flush()
    }

    /// The window is now `columns` x `rows`: the next frame fills it.
    pub fn resize(&mut self, columns: u16, rows: u16) -> io::Result<()> {
        use std::io::Write;
        self.terminal.resize(Rect::new(0, 0, columns, rows))?;
        // Out before anything written to the terminal directly.
        self.terminal.backend_mut().flush()
    }

    /// Clears the screen and forgets what was drawn, so the next draw repaints everything.
    /// (`Terminal::clear` would ask the terminal for the cursor position, and that answer
    /// arrives on the input stream the event loop is reading.)
    pub fn repaint(&mut self) -> io::Result<()> {
        execute!(stdout(), Clear(ClearType::All))?;
        let old = std::mem::replace(&mut *self.terminal, new_terminal()?);
        retire(old);
        Ok(())
    }

    /// Hands the terminal to another program (the user's editor) while `run` runs.
    pub fn hand_over<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let result = run();
        take_over()?;
        self.repaint()?;
        Ok(result)
    }

    /// Hands the terminal back to the shell and stops the process (Ctrl-Z); continues after `fg`.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // SAFETY: raising a signal in our own process has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        take_over()?;
        self.repaint()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // SAFETY: the field is not used again: this is the guard's drop.
        retire(unsafe { std::mem::ManuallyDrop::take(&mut self.terminal) });
    }
}

/// Lets go of a terminal. ratatui's own drop shows the cursor and, when that fails (the
/// terminal is gone: a closed window, a dropped SSH link), prints to stderr, which panics
/// when stderr is that terminal; so a terminal whose cursor cannot be shown is forgotten.
fn retire(mut terminal: Term) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// Draws `❄️` (a symbol made an emoji by U+FE0F) at the top left and `🏳️‍🌈` (emoji joined by
/// U+200D) below it, asking where the cursor is after each: the columns it answers are how
/// wide this terminal draws each kind of sequence. Then clears it all,
/// before anything is drawn. Sent on the alternate screen, so nothing is left on the shell's.
/// With `pictures`, asks what graphics it has too ([`crate::graphics::question`]); without,
/// still asks for the status report that tells the answers are all in.
fn ask(pictures: bool) -> io::Result<()> {
    use std::io::Write;
    let tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    let graphics = match pictures {
        true => crate::graphics::question(tmux),
        false => "\x1b[5n".to_owned(),
    };
    let mut out = stdout();
    write!(
        out,
        "\x1b[H\u{2744}\u{FE0F}\x1b[6n\x1b[2;1H\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}\x1b[6n\x1b[2J\x1b[H{graphics}"
    )?;
    out.flush()
}

/// Whether this terminal draws emoji sequences (`❄️`, `🏳️‍🌈`, `👍🏽`) as one wide character,
/// from what it says of itself (`variable`: the environment), until it answers the probe.
pub fn joins_emoji_sequences(variable: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| variable(name).is_some_and(|v| !v.is_empty());
    // tmux first: inside it, tmux draws, whatever the terminal around it (3.3: `❄️` in one
    // column, `👍🏽` in four).
    if set("TMUX") || variable("TERM_PROGRAM").as_deref() == Some("tmux") {
        return false;
    }
    // GNOME Terminal and the other VTE terminals draw each part; kitty, WezTerm, iTerm2 and
    // Windows Terminal join them as Unicode says, which is also how skua measures elsewhere.
    !set("VTE_VERSION")
}

/// Whether pictures can be drawn here, for `[media] previews`: `None` where not, else whether
/// in the 256 colours of the palette (the terminal says no true colour). Previews under posts
/// are then shown unless the setting is "off"; the media viewer draws pictures either way.
pub fn pictures_here(
    mode: crate::config::PreviewMode,
    variable: impl Fn(&str) -> Option<String>,
) -> Option<bool> {
    use crate::config::PreviewMode;
    if mode != PreviewMode::Blocks && !crate::graphics::may_draw(&variable) {
        return None;
    }
    let true_colour = matches!(
        variable("COLORTERM").as_deref(),
        Some("truecolor" | "24bit")
    );
    Some(!true_colour)
}

/// A terminal of the size the window has now. Its size is told on each resize (see
/// [`TerminalGuard::resize`]) rather than asked before every frame, which would open the
/// terminal device three syscalls a frame.
fn new_terminal() -> io::Result<Term> {
    let (columns, rows) = crossterm::terminal::size()?;
    let viewport = Viewport::Fixed(Rect::new(0, 0, columns, rows));
    Terminal::with_options(
        CrosstermBackend::new(BufWriter::with_capacity(FRAME_BYTES, stdout())),
        TerminalOptions { viewport },
    )
}

fn take_over() -> io::Result<()> {
    enable_raw_mode()?;
    // Bracketed paste: a pasted text arrives as one event, so its newlines are not Enter.
    // The kitty keyboard protocol, where the terminal has it (others ignore the request): Esc
    // and Alt keys arrive as sequences of their own, never confused. Asked for on the
    // alternate screen, whose keyboard settings the terminal drops when it is left.
    execute!(
        stdout(),
        EnterAlternateScreen,
        Hide,
        EnableBracketedPaste,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )
}

/// Puts the terminal back the way the shell expects it. Safe to call more than once; errors are
/// ignored because there is nothing better to do with them on the way out (the terminal may be gone).
pub fn restore() {
    let _ = execute!(
        stdout(),
        PopKeyboardEnhancementFlags,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}

/// Puts the terminal back as far as it takes the bytes at once, never waiting: the way out
/// when it takes no more output (see `event_loop`). Written to the descriptor itself, as the
/// loop may hold the standard output's lock in a write that waits.
pub fn restore_without_waiting() {
    // What `restore` sends: keyboard flags popped, bracketed paste off, the shell's screen
    // back, the cursor shown.
    const BACK: &[u8] = b"\x1b[<1u\x1b[?2004l\x1b[?1049l\x1b[?25h";
    let out = libc::STDOUT_FILENO;
    // SAFETY: flags read and set on the process's own standard output; the write reads from
    // a buffer of the length given. The flags are put back: the shell shares them.
    unsafe {
        let flags = libc::fcntl(out, libc::F_GETFL);
        if flags >= 0 && libc::fcntl(out, libc::F_SETFL, flags | libc::O_NONBLOCK) == 0 {
            libc::write(out, BACK.as_ptr().cast(), BACK.len());
            libc::fcntl(out, libc::F_SETFL, flags);
        }
    }
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so the message is readable, then
/// exits: a panic on any thread (a fetcher task too) leaves state that cannot be trusted.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        crate::drafts::save_in_emergency();
        // The previous hook logs the panic and flushes the log.
        previous(info);
        std::process::exit(101);
    }));
}

#[cfg(test)]
mod tests {
    use super::joins_emoji_sequences;

    #[test]
    fn known_terminals_draw_emoji_sequences_as_they_are_known_to() {
        let joins = |vars: &[(&str, &str)]| {
            joins_emoji_sequences(|name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            })
        };
        assert!(!joins(&[
            ("TMUX", "/tmp/tmux-0/default,1,0"),
            ("KITTY_WINDOW_ID", "1")
        ]));
        assert!(!joins(&[("TERM_PROGRAM", "tmux")]));
        assert!(!joins(&[("VTE_VERSION", "7600")]));
        assert!(joins(&[("KITTY_WINDOW_ID", "1")]));
        assert!(joins(&[("TERM_PROGRAM", "WezTerm")]));
        assert!(joins(&[("TERM_PROGRAM", "iTerm.app")]));
        assert!(joins(&[("WT_SESSION", "0f3c")]));
        assert!(joins(&[]));
    }
}
