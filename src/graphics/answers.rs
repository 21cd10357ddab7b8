//! The terminal's answers to the question asked at start, read from its raw bytes with the
//! keys typed among them: where the cursor went after each line of the emoji probe, whether
//! it draws kitty pictures or Sixel, its cell size and its name.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The most bytes of one answer kept; longer ones are not answers to this question.
const MAX_ANSWER: usize = 256;

/// What the terminal answered so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// The column the cursor was at after each line of the emoji probe (1-based): `❄️` on
    /// the first line, `🏳️‍🌈` on the second (see [`crate::tui`]).
    pub probe_columns: [Option<u16>; 2],
    pub kitty: bool,
    pub kitty_compression: bool,
    pub sixel: bool,
    /// A cell's size in pixels (width, height).
    pub cell: Option<(u16, u16)>,
    /// The terminal's name and version, as it says them (`kitty(0.26.5)`, `WezTerm 2024…`).
    pub terminal: Option<String>,
    /// The status report came: every answer before it is in.
    pub complete: bool,
}

impl Answers {
    /// Whether the terminal draws emoji sequences as one wide character, from the probe:
    /// `❄️` (a symbol made an emoji by U+FE0F) and `🏳️‍🌈` (emoji joined by U+200D) each
    /// two columns wide. Some join the first kind only: kitty 0.26 draws `❄️` in two columns
    /// and `🏳️‍🌈` in four. `None` where the probe was not answered as a width.
    pub fn emoji_sequences_joined(&self) -> Option<bool> {
        let width = |column: Option<u16>| column.map(|c| c.saturating_sub(1));
        match (width(self.probe_columns[0])?, width(self.probe_columns[1])) {
            (1, _) => Some(false),
            (2, None | Some(2)) => Some(true),
            (2, Some(3..=4)) => Some(false),
            _ => None,
        }
    }
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
    /// `Esc P`: the start of the terminal's name (`Esc P > |`), or a key (Alt-P).
    Dcs,
    /// A string until `Esc \`: kitty's answer (`Esc _`) or the terminal's name (`Esc P > |`).
    Text(Answer),
    TextEscape(Answer),
}

/// What a string read to its `Esc \` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Kitty,
    Version,
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
                self.state = State::Text(Answer::Kitty);
                self.sequence.clear();
            }
            (State::Escape, b'P') => self.state = State::Dcs,
            (State::Dcs, b'>') => {
                self.state = State::Text(Answer::Version);
                self.sequence.clear();
            }
            (State::Dcs, _) => {
                self.typed.extend([0x1b, b'P']);
                self.state = State::Ground;
                self.step(byte);
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
            (State::Text(answer), 0x1b) => self.state = State::TextEscape(answer),
            (State::Text(_), _) => {
                if self.sequence.len() < MAX_ANSWER {
                    self.sequence.push(byte);
                }
            }
            (State::TextEscape(answer), b'\\') => {
                self.state = State::Ground;
                let sequence = std::mem::take(&mut self.sequence);
                match answer {
                    Answer::Kitty => self.kitty_answer(&sequence),
                    Answer::Version => self.version_answer(&sequence),
                }
            }
            (State::TextEscape(answer), _) => {
                // An Esc inside the answer: not one of ours; read on to its end.
                self.state = State::Text(answer);
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
                if let [Some(row @ 1..=2), Some(column)] = read[..] {
                    self.answers.probe_columns[usize::from(row - 1)] = Some(column);
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

    /// XTVERSION's answer after `Esc P >`: `|name(version)`.
    fn version_answer(&mut self, answer: &[u8]) {
        if let Some(name) = answer.strip_prefix(b"|") {
            // Logged and matched, never drawn; still kept free of control characters.
            let name = String::from_utf8_lossy(name);
            self.answers.terminal = Some(name.chars().filter(|c| !c.is_control()).collect());
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
        match self.state {
            State::Escape => self.typed.push(0x1b),
            State::Dcs => self.typed.extend([0x1b, b'P']),
            _ => {}
        }
        if matches!(self.state, State::Escape | State::Dcs) {
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
/// Esc, Ctrl and Alt with a key, the arrows, Home, End, Page Up and Down, Insert, Delete,
/// Shift-Tab, F1 to F12, and pastes. A key's modifiers beyond Ctrl and Alt with a character
/// are not kept: this reads only the moment before the terminal answers.
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
                    let mut parameters = String::new();
                    let mut last = None;
                    for c in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&c) {
                            last = Some(c);
                            break;
                        }
                        if parameters.len() < 16 {
                            parameters.push(c);
                        }
                    }
                    if last == Some('u') {
                        match kitty_key(&parameters) {
                            Some(event) => event,
                            None => continue,
                        }
                    } else {
                        let number = parameters.split(';').next().unwrap_or_default();
                        match last.and_then(|last| csi_key(number, last)) {
                            Some(code) if code == KeyCode::BackTab => {
                                key(code, KeyModifiers::SHIFT)
                            }
                            Some(code) => key(code, KeyModifiers::NONE),
                            None => continue,
                        }
                    }
                }
                // SS3: arrows, Home and End in the terminal's application mode, F1 to F4.
                Some('O') => {
                    chars.next();
                    match chars.next().and_then(|last| csi_key("", last)) {
                        Some(code) => key(code, KeyModifiers::NONE),
                        None => continue,
                    }
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

/// A key as the kitty keyboard protocol sends it (`Esc [ code ; modifiers u`), which skua
/// asks for at start: Esc, and Ctrl or Alt with a key.
fn kitty_key(parameters: &str) -> Option<Event> {
    let mut fields = parameters.split(';');
    let code: u32 = fields.next()?.split(':').next()?.parse().ok()?;
    let bits = fields
        .next()
        .and_then(|m| m.split(':').next()?.parse::<u8>().ok())
        .map_or(0, |m| m.saturating_sub(1));
    let mut modifiers = KeyModifiers::NONE;
    for (bit, modifier) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
    ] {
        if bits & bit != 0 {
            modifiers |= modifier;
        }
    }
    let code = match code {
        27 => KeyCode::Esc,
        13 => KeyCode::Enter,
        9 => KeyCode::Tab,
        127 => KeyCode::Backspace,
        code => KeyCode::Char(char::from_u32(code).filter(|c| !c.is_control())?),
    };
    Some(Event::Key(KeyEvent::new(code, modifiers)))
}

/// The key a terminal means by `Esc [ number last` (or `Esc O last`), where it is one.
fn csi_key(number: &str, last: char) -> Option<KeyCode> {
    Some(match (last, number) {
        ('A', _) => KeyCode::Up,
        ('B', _) => KeyCode::Down,
        ('C', _) => KeyCode::Right,
        ('D', _) => KeyCode::Left,
        ('H', _) | ('~', "1" | "7") => KeyCode::Home,
        ('F', _) | ('~', "4" | "8") => KeyCode::End,
        ('Z', _) => KeyCode::BackTab,
        ('P', _) => KeyCode::F(1),
        ('Q', _) => KeyCode::F(2),
        ('R', _) => KeyCode::F(3),
        ('S', _) => KeyCode::F(4),
        ('~', "2") => KeyCode::Insert,
        ('~', "3") => KeyCode::Delete,
        ('~', "5") => KeyCode::PageUp,
        ('~', "6") => KeyCode::PageDown,
        ('~', number) => match number {
            "11" | "12" | "13" | "14" => KeyCode::F(number.parse::<u8>().ok()? - 10),
            "15" => KeyCode::F(5),
            "17" | "18" | "19" | "20" | "21" => KeyCode::F(number.parse::<u8>().ok()? - 11),
            "23" | "24" => KeyCode::F(number.parse::<u8>().ok()? - 12),
            _ => return None,
        },
        _ => return None,
    })
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
        let mut reader = read(
            b"\x1b[1;3R\x1b_Gi=31;OK\x1b\\\x1b_Gi=32;OK\x1b\\\x1b[6;18;9t\x1bP>|kitty(0.35.2)\x1b\\\x1b[?62;22c\x1b[0n",
        );
        assert_eq!(
            reader.answers,
            Answers {
                probe_columns: [Some(3), None],
                kitty: true,
                kitty_compression: true,
                sixel: false,
                cell: Some((9, 18)),
                terminal: Some("kitty(0.35.2)".into()),
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
    fn the_probe_tells_which_emoji_sequences_the_terminal_joins() {
        let joined = |answer: &[u8]| read(answer).answers.emoji_sequences_joined();
        // kitty 0.35, WezTerm: both two columns wide.
        assert_eq!(joined(b"\x1b[1;3R\x1b[2;3R"), Some(true));
        // kitty 0.26: `❄️` joined, `🏳️‍🌈` drawn in four columns.
        assert_eq!(joined(b"\x1b[1;3R\x1b[2;5R"), Some(false));
        // tmux, VTE: each part by itself.
        assert_eq!(joined(b"\x1b[1;2R\x1b[2;4R"), Some(false));
        // Only the first line answered yet.
        assert_eq!(joined(b"\x1b[1;3R"), Some(true));
        // Not a width: the probe was disturbed.
        assert_eq!(joined(b"\x1b[1;7R"), None);
        assert_eq!(joined(b""), None);
    }

    #[test]
    fn the_keys_beside_the_letters_typed_among_the_answers_are_kept() {
        let mut reader = read(
            b"\x1b[H\x1b[4~\x1b[5~\x1b[6~\x1b[3~\x1b[Z\x1bOA\x1bOP\x1b[15~\x1b[24~\x1b[1;5C\x1b[115;5u\x1b[27u\x1b[0n",
        );
        let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        assert_eq!(
            reader.finish(),
            [
                key(KeyCode::Home),
                key(KeyCode::End),
                key(KeyCode::PageUp),
                key(KeyCode::PageDown),
                key(KeyCode::Delete),
                Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
                key(KeyCode::Up),
                key(KeyCode::F(1)),
                key(KeyCode::F(5)),
                key(KeyCode::F(12)),
                key(KeyCode::Right),
                // The kitty keyboard protocol's Ctrl-s and Esc.
                Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
                key(KeyCode::Esc),
            ]
        );
        assert!(reader.answers.complete);
    }

    #[test]
    fn the_terminals_name_is_read_and_an_alt_p_stays_a_key() {
        let reader = read(b"\x1bP>|XTerm(379)\x1b\\\x1b[0n");
        assert_eq!(reader.answers.terminal.as_deref(), Some("XTerm(379)"));
        // A hostile name cannot put control bytes anywhere.
        let reader = read(b"\x1bP>|evil\x07\x1b]0;x\x1b\\");
        assert!(
            reader
                .answers
                .terminal
                .as_deref()
                .is_some_and(|t| !t.chars().any(char::is_control)),
            "{:?}",
            reader.answers.terminal
        );
        let mut reader = read(b"\x1bPj");
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        assert_eq!(
            reader.finish(),
            [
                key(KeyCode::Char('P'), KeyModifiers::ALT),
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
        let mut reader = read(b"\x1bP");
        assert_eq!(
            reader.finish(),
            [key(KeyCode::Char('P'), KeyModifiers::ALT)]
        );
    }
}
