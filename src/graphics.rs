//! What the terminal draws pictures with: the kitty graphics protocol, Sixel or iTerm2's inline
//! images, learnt from its answers to one question asked at start; half blocks where it has
//! none of them, and nothing at all where even those cannot be trusted (the Linux console,
//! mosh).
//!
//! The answers are read from the terminal's raw bytes before anything else reads them (see
//! [`crate::input`]): an answer handed to the key reader would arrive as keys (kitty's answer
//! starts `Esc _`, which is Alt-`_`). Keys typed meanwhile are picked out and kept.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The terminal's own way of drawing pictures, as good as half blocks or better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole): each picture sent once,
    /// then placed as text cells that scroll like text.
    Kitty,
    Sixel,
    /// iTerm2's inline images (iTerm2, WezTerm's fallback, mintty).
    Iterm2,
}

/// How to draw pictures here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graphics {
    pub protocol: Protocol,
    /// A cell's size in pixels (width, height).
    pub cell: (u16, u16),
    /// Inside tmux: every sequence is wrapped to pass through it.
    pub tmux: bool,
    /// The terminal inflates zlib-compressed kitty pictures (`o=z`): a quarter of the bytes.
    pub compressed: bool,
}

/// A cell's size when the terminal does not say.
const DEFAULT_CELL: (u16, u16) = (10, 20);
/// The most bytes of one answer kept; longer ones are not answers to this question.
const MAX_ANSWER: usize = 256;

/// The question, after the emoji probe (see [`crate::tui`]): can you draw kitty pictures (a
/// one-pixel picture to check, plainly and compressed), how large is a cell in pixels, what are
/// you (Sixel is attribute 4), and then the status report every terminal answers, which says
/// all the answers are in. Inside tmux the kitty question is passed through to the terminal
/// around it.
pub fn question(tmux: bool) -> String {
    let kitty = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\
                 \x1b_Gi=32,s=1,v=1,a=q,t=d,f=24,o=z;eJxjYGAAAAADAAE=\x1b\\";
    let kitty = if tmux {
        passed_through(kitty)
    } else {
        kitty.to_owned()
    };
    format!("{kitty}\x1b[16t\x1b[c\x1b[5n")
}

/// `sequence` wrapped for tmux to hand to the terminal around it (its `allow-passthrough`).
pub fn passed_through(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// What the terminal answered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// The column the cursor was at after the emoji probe (1-based), where it said.
    pub cursor_column: Option<u16>,
    pub kitty: bool,
    pub kitty_compression: bool,
    pub sixel: bool,
    /// A cell's size in pixels (width, height).
    pub cell: Option<(u16, u16)>,
    /// The status report came: every answer before it is in.
    pub complete: bool,
}

/// Reads the terminal's bytes as they come: its answers, and the keys typed among them.
/// Linear in its input, keeping at most [`MAX_ANSWER`] bytes of an unfinished sequence.
#[derive(Debug, Default)]
pub struct AnswerReader {
    pub answers: Answers,
    state: State,
    sequence: Vec<u8>,
    /// Bytes that were not answers: typed keys, in order.
    typed: Vec<u8>,
    /// Of a paste held back in `typed` (its start first), the bytes already searched for its
    /// end: a long paste over many reads is searched once, not again each read.
    searched: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Ground,
    Escape,
    /// `Esc [` and its parameters so far.
    Csi,
    /// `Esc _` (kitty's answer) until `Esc \`.
    Apc,
    ApcEscape,
}

impl AnswerReader {
    pub fn push(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.step(byte);
        }
    }

    fn step(&mut self, byte: u8) {
        match (self.state, byte) {
            (State::Ground, 0x1b) => self.state = State::Escape,
            (State::Ground, _) => self.typed.push(byte),
            (State::Escape, b'[') => {
                self.state = State::Csi;
                self.sequence.clear();
            }
            (State::Escape, b'_') => {
                self.state = State::Apc;
                self.sequence.clear();
            }
            // Esc Esc: the first was a key of its own.
            (State::Escape, 0x1b) => self.typed.push(0x1b),
            (State::Escape, _) => {
                self.typed.extend([0x1b, byte]);
                self.state = State::Ground;
            }
            (State::Csi, 0x40..=0x7e) => {
                self.state = State::Ground;
                let sequence = std::mem::take(&mut self.sequence);
                if !self.csi_answer(&sequence, byte) {
                    // A key (an arrow, a function key): typed.
                    self.typed.extend([0x1b, b'[']);
                    self.typed.extend(&sequence);
                    self.typed.push(byte);
                }
            }
            (State::Csi, 0x20..=0x3f) if self.sequence.len() < MAX_ANSWER => {
                self.sequence.push(byte)
            }
            // Not a sequence after all (or too long to be an answer): dropped.
            (State::Csi, _) => {
                self.state = State::Ground;
                self.sequence.clear();
            }
            (State::Apc, 0x1b) => self.state = State::ApcEscape,
            (State::Apc, _) => {
                if self.sequence.len() < MAX_ANSWER {
                    self.sequence.push(byte);
                }
            }
            (State::ApcEscape, b'\\') => {
                self.state = State::Ground;
                let sequence = std::mem::take(&mut self.sequence);
                self.kitty_answer(&sequence);
            }
            (State::ApcEscape, _) => {
                // An Esc inside the answer: not one of ours; read on to its end.
                self.state = State::Apc;
            }
        }
    }

    /// Takes in an answer `Esc [ parameters final`; false for what is not an answer.
    fn csi_answer(&mut self, parameters: &[u8], last: u8) -> bool {
        let text = String::from_utf8_lossy(parameters);
        let numbers = || text.split(';').map(|n| n.parse::<u16>().ok());
        match last {
            b'c' if text.starts_with('?') => {
                self.answers.sixel |= text[1..].split(';').any(|n| n == "4");
                true
            }
            b'R' => {
                let read: Vec<Option<u16>> = numbers().collect();
                if let [Some(_row), Some(column)] = read[..] {
                    self.answers.cursor_column = Some(column);
                }
                true
            }
            b't' if text.starts_with("6;") => {
                let read: Vec<Option<u16>> = numbers().collect();
                if let [_, Some(height), Some(width)] = read[..]
                    && width > 0
                    && height > 0
                {
                    self.answers.cell = Some((width, height));
                }
                true
            }
            b'n' if text == "0" => {
                self.answers.complete = true;
                true
            }
            _ => false,
        }
    }

    fn kitty_answer(&mut self, answer: &[u8]) {
        match answer {
            b"Gi=31;OK" => self.answers.kitty = true,
            b"Gi=32;OK" => self.answers.kitty_compression = true,
            _ => {}
        }
    }

    /// The keys typed among the answers so far; a paste still arriving waits for its end, and
    /// an `Esc` last read for what follows it (an answer may be split between two reads).
    pub fn take_typed(&mut self) -> Vec<Event> {
        // A paste held back from the last read: nothing to take until its end is in.
        if self.searched > 0 {
            let from = self.searched.saturating_sub(PASTE_END.len());
            if find(&self.typed, PASTE_END, from).is_none() {
                self.searched = self.typed.len();
                return Vec::new();
            }
            self.searched = 0;
        }
        let mut typed = std::mem::take(&mut self.typed);
        if let Some(open) = unfinished_paste(&typed) {
            self.typed = typed.split_off(open);
            self.searched = self.typed.len();
        }
        keys(&typed)
    }

    /// The keys typed among the answers, the last of them: a paste never ended is pasted, and
    /// an `Esc` last read was pressed.
    pub fn finish(&mut self) -> Vec<Event> {
        if self.state == State::Escape {
            self.typed.push(0x1b);
            self.state = State::Ground;
        }
        let mut events = self.take_typed();
        self.searched = 0;
        events.extend(keys(&std::mem::take(&mut self.typed)));
        events
    }
}

/// How a terminal marks a paste (bracketed paste, asked for at start): its text is not keys.
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Where a paste starts in `bytes` that has not ended yet.
fn unfinished_paste(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let start = find(bytes, PASTE_START, from)?;
        match find(bytes, PASTE_END, start) {
            Some(end) => from = end + PASTE_END.len(),
            None => return Some(start),
        }
    }
}

fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// The keys in `bytes` as a terminal sends them: letters and symbols, Enter, Tab, Backspace,
/// Esc, Ctrl and Alt with a key, the arrows, and pastes. What else a terminal sends is rarely
/// typed in the moment before it answers, and is dropped.
fn keys(bytes: &[u8]) -> Vec<Event> {
    // A paste is one event of its text, as crossterm reads it.
    let mut events = Vec::new();
    let mut rest = bytes;
    while let Some(start) = find(rest, PASTE_START, 0) {
        let text = start + PASTE_START.len();
        let (end, after) = match find(rest, PASTE_END, text) {
            Some(end) => (end, end + PASTE_END.len()),
            None => (rest.len(), rest.len()),
        };
        events.extend(typed_keys(&rest[..start]));
        events.push(Event::Paste(
            String::from_utf8_lossy(&rest[text..end]).into_owned(),
        ));
        rest = &rest[after..];
    }
    events.extend(typed_keys(rest));
    events
}

/// [`keys`] where there is no paste.
fn typed_keys(bytes: &[u8]) -> Vec<Event> {
    let text = String::from_utf8_lossy(bytes);
    let mut events = Vec::new();
    let mut chars = text.chars().peekable();
    let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    while let Some(c) = chars.next() {
        let event = match c {
            '\x1b' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    let mut last = None;
                    for c in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&c) {
                            last = Some(c);
                            break;
                        }
                    }
                    let code = match last {
                        Some('A') => KeyCode::Up,
                        Some('B') => KeyCode::Down,
                        Some('C') => KeyCode::Right,
                        Some('D') => KeyCode::Left,
                        _ => continue,
                    };
                    key(code, KeyModifiers::NONE)
                }
                Some(&next) if next != '\x1b' => {
                    chars.next();
                    match typed_keys(next.to_string().as_bytes()).pop() {
                        Some(Event::Key(mut inner)) => {
                            inner.modifiers |= KeyModifiers::ALT;
                            Event::Key(inner)
                        }
                        _ => continue,
                    }
                }
                _ => key(KeyCode::Esc, KeyModifiers::NONE),
            },
            '\r' | '\n' => key(KeyCode::Enter, KeyModifiers::NONE),
            '\t' => key(KeyCode::Tab, KeyModifiers::NONE),
            '\x7f' | '\x08' => key(KeyCode::Backspace, KeyModifiers::NONE),
            '\x01'..='\x1a' => key(
                KeyCode::Char((b'a' + (c as u8 - 1)) as char),
                KeyModifiers::CONTROL,
            ),
            c if c.is_control() => continue,
            c if c.is_uppercase() => key(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => key(KeyCode::Char(c), KeyModifiers::NONE),
        };
        events.push(event);
    }
    events
}

/// Whether pictures are worth asking about here at all: not on the Linux console or a dumb
/// terminal, and not through mosh (it passes no pictures and redraws cells its own way).
pub fn may_draw(variable: &impl Fn(&str) -> Option<String>) -> bool {
    let term = variable("TERM").unwrap_or_default();
    !matches!(term.as_str(), "" | "dumb" | "linux") && !term.starts_with("vt") && !under_mosh()
}

/// Whether skua runs under mosh: its server is among this process's ancestors.
fn under_mosh() -> bool {
    let mut pid = std::process::id();
    // A shell or two, tmux, a login: a few steps up at most.
    for _ in 0..8 {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            return false;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(str::trim)
                .unwrap_or_default()
                .to_owned()
        };
        if field("Name:").starts_with("mosh-server") {
            return true;
        }
        match field("PPid:").parse::<u32>() {
            Ok(parent) if parent > 1 => pid = parent,
            _ => return false,
        }
    }
    false
}

/// What the terminal draws pictures with, from its answers and what it says of itself
/// (`variable`: the environment); `None` for half blocks. `window_cell`: a cell's size in
/// pixels as the window reports it, where the terminal did not answer it.
pub fn choose(
    answers: &Answers,
    variable: &impl Fn(&str) -> Option<String>,
    window_cell: Option<(u16, u16)>,
) -> Option<Graphics> {
    let is = |name: &str, value: &str| variable(name).as_deref() == Some(value);
    let tmux = variable("TMUX").is_some_and(|v| !v.is_empty());
    let protocol = if answers.kitty {
        Protocol::Kitty
    } else if is("TERM_PROGRAM", "iTerm.app") || is("LC_TERMINAL", "iTerm2") {
        Protocol::Iterm2
    } else if answers.sixel {
        Protocol::Sixel
    } else {
        return None;
    };
    Some(Graphics {
        protocol,
        cell: answers.cell.or(window_cell).unwrap_or(DEFAULT_CELL),
        tmux,
        compressed: answers.kitty_compression,
    })
}

/// A cell's size in pixels as the terminal window reports it (zero where it does not).
pub fn window_cell() -> Option<(u16, u16)> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one winsize through a valid pointer.
    let read = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (read == 0 && size.ws_col > 0 && size.ws_row > 0 && size.ws_xpixel > 0 && size.ws_ypixel > 0)
        .then(|| (size.ws_xpixel / size.ws_col, size.ws_ypixel / size.ws_row))
        .filter(|(w, h)| *w > 0 && *h > 0)
}

/// Whether tmux passes pictures through to the terminal around it (`allow-passthrough`);
/// `None` where tmux cannot be asked.
pub fn tmux_passes_through() -> Option<bool> {
    let output = std::process::Command::new("tmux")
        .args(["show", "-Apv", "allow-passthrough"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let answer = String::from_utf8_lossy(&output.stdout);
    Some(matches!(answer.trim(), "on" | "all"))
}

/// What tells a kitty terminal to forget picture `id` and its pixels (it left the screen).
pub fn kitty_forget(id: u32, tmux: bool) -> String {
    let forget = format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\");
    if tmux {
        passed_through(&forget)
    } else {
        forget
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> AnswerReader {
        let mut reader = AnswerReader::default();
        reader.push(bytes);
        reader
    }

    #[test]
    fn a_kitty_terminal_answers_every_question() {
        let mut reader =
            read(b"\x1b[1;3R\x1b_Gi=31;OK\x1b\\\x1b_Gi=32;OK\x1b\\\x1b[6;18;9t\x1b[?62;22c\x1b[0n");
        assert_eq!(
            reader.answers,
            Answers {
                cursor_column: Some(3),
                kitty: true,
                kitty_compression: true,
                sixel: false,
                cell: Some((9, 18)),
                complete: true,
            }
        );
        assert!(reader.take_typed().is_empty());
    }

    #[test]
    fn sixel_is_attribute_four_and_a_failed_kitty_check_is_no_kitty() {
        let reader = read(b"\x1b_Gi=31;ENOTSUPPORTED:no\x1b\\\x1b[?64;1;4;22c\x1b[0n");
        assert!(reader.answers.sixel && !reader.answers.kitty && reader.answers.complete);
        let reader = read(b"\x1b[?64;14;22c");
        assert!(!reader.answers.sixel && !reader.answers.complete);
    }

    #[test]
    fn keys_typed_among_the_answers_are_kept_in_order() {
        let mut reader = read(b"j\x1b[1;2R\x1b[Bq\x1b_Gi=31;OK\x1b\\\x1bx\r\x03\x1b[0n\x1b");
        assert!(reader.answers.kitty && reader.answers.complete);
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        assert_eq!(
            reader.finish(),
            vec![
                key(KeyCode::Char('j'), KeyModifiers::NONE),
                key(KeyCode::Down, KeyModifiers::NONE),
                key(KeyCode::Char('q'), KeyModifiers::NONE),
                key(KeyCode::Char('x'), KeyModifiers::ALT),
                key(KeyCode::Enter, KeyModifiers::NONE),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Esc, KeyModifiers::NONE),
            ]
        );
    }

    #[test]
    fn a_paste_among_the_answers_is_one_paste_even_across_reads() {
        let mut reader = AnswerReader::default();
        reader.push(b"j\x1b[200~quit? q");
        // Its end not in yet: nothing of it is taken for keys.
        let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(reader.take_typed(), vec![key('j')]);
        reader.push(b" now\x1b[201~\x1b[0nk");
        assert!(reader.answers.complete);
        assert_eq!(
            reader.take_typed(),
            vec![Event::Paste("quit? q now".into()), key('k')]
        );
        // A long one over many reads: held back whole, then one paste.
        reader.push(b"\x1b[200~");
        for _ in 0..10_000 {
            reader.push(&[b'x'; 100]);
            assert!(reader.take_typed().is_empty());
        }
        reader.push(b"\x1b[201~");
        assert_eq!(
            reader.take_typed(),
            vec![Event::Paste("x".repeat(1_000_000))]
        );
        // One never ended is pasted at the last.
        reader.push(b"\x1b[200~half");
        assert!(reader.take_typed().is_empty());
        assert_eq!(reader.finish(), vec![Event::Paste("half".into())]);
    }

    #[test]
    fn answers_split_across_reads_are_read_whole() {
        let all = b"\x1b[1;2R\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?1;2;4c\x1b[0n";
        for split in 1..all.len() {
            let mut reader = AnswerReader::default();
            reader.push(&all[..split]);
            // Keys are taken after every read, as the input thread takes them.
            assert!(reader.take_typed().is_empty(), "split at {split}");
            reader.push(&all[split..]);
            assert!(
                reader.answers.kitty && reader.answers.sixel,
                "split at {split}"
            );
            assert_eq!(reader.answers.cell, Some((10, 20)));
            assert!(reader.answers.complete);
            assert!(reader.take_typed().is_empty(), "split at {split}");
        }
    }

    #[test]
    fn hostile_bytes_never_grow_the_reader_past_its_bound_or_forge_an_answer() {
        // A seeded stream of escapes, brackets, digits and noise, and endless sequences.
        let mut seed = 0x2545_f491_u32;
        let mut bytes = Vec::new();
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            bytes.push(b"\x1b[_?;0123456789GiOKctRn\\\x07\xff"[(seed % 24) as usize]);
        }
        bytes.extend(std::iter::repeat_n(b'1', 100_000));
        let mut reader = AnswerReader::default();
        reader.push(b"\x1b_G");
        reader.push(&vec![b'x'; 100_000]);
        assert!(reader.sequence.len() <= MAX_ANSWER);
        reader.push(&bytes);
        assert!(reader.sequence.len() <= MAX_ANSWER);
        let _ = reader.take_typed();
        let reader = read(&[b'\x1b', b'['].repeat(50_000));
        assert!(!reader.answers.complete && reader.sequence.len() <= MAX_ANSWER);
        // Many pastes in a row: read in one pass, without recursing on them.
        let mut reader = read(&b"\x1b[200~x\x1b[201~".repeat(100_000));
        assert_eq!(reader.take_typed().len(), 100_000);
    }

    #[test]
    fn the_protocol_follows_the_answers_then_the_environment() {
        let env = |vars: &'static [(&str, &str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        let kitty = Answers {
            kitty: true,
            sixel: true,
            ..Answers::default()
        };
        let chosen = choose(&kitty, &env(&[("TMUX", "/tmp/tmux,1,0")]), Some((8, 16))).unwrap();
        assert_eq!(chosen.protocol, Protocol::Kitty);
        assert_eq!(chosen.cell, (8, 16));
        assert!(chosen.tmux);
        let sixel = Answers {
            sixel: true,
            cell: Some((9, 19)),
            ..Answers::default()
        };
        let chosen = choose(&sixel, &env(&[]), Some((8, 16))).unwrap();
        assert_eq!((chosen.protocol, chosen.cell), (Protocol::Sixel, (9, 19)));
        let iterm = choose(
            &Answers::default(),
            &env(&[("TERM_PROGRAM", "iTerm.app")]),
            None,
        );
        assert_eq!(
            iterm.map(|g| (g.protocol, g.cell)),
            Some((Protocol::Iterm2, (10, 20)))
        );
        assert_eq!(choose(&Answers::default(), &env(&[]), None), None);
    }

    #[test]
    fn the_question_passes_through_tmux_with_its_escapes_doubled() {
        let plain = question(false);
        assert!(plain.starts_with("\x1b_Gi=31,"));
        assert!(plain.ends_with("\x1b[16t\x1b[c\x1b[5n"));
        let wrapped = question(true);
        assert!(wrapped.starts_with("\x1bPtmux;\x1b\x1b_Gi=31,"));
        assert!(wrapped.contains("\x1b\x1b\\\x1b\\\x1b[16t"));
        assert_eq!(kitty_forget(7, false), "\x1b_Ga=d,d=I,i=7,q=2\x1b\\");
    }
}
