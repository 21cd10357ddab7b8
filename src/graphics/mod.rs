//! What the terminal draws pictures with: the kitty graphics protocol, Sixel or iTerm2's inline
//! images, learnt from its answers to one question asked at start; half blocks where it has
//! none of them, and nothing at all where even those cannot be trusted (the Linux console,
//! mosh).
//!
//! The answers are read from the terminal's raw bytes before anything else reads them (see
//! [`crate::input`]): an answer handed to the key reader would arrive as keys (kitty's answer
//! starts `Esc _`, which is Alt-`_`). Keys typed meanwhile are picked out and kept.

mod answers;

pub use answers::{AnswerReader, Answers};

/// The terminal's own way of drawing pictures, as good as half blocks or better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The kitty graphics protocol (kitty 0.28 and later, Ghostty): each picture sent once,
    /// then placed as text cells that scroll like text.
    Kitty,
    Sixel,
    /// iTerm2's inline images (iTerm2, WezTerm, mintty).
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

/// The question, after the emoji probe (see [`crate::tui`]): can you draw kitty pictures (a
/// one-pixel picture to check, plainly and compressed), how large is a cell in pixels, which
/// terminal and version are you (XTVERSION), what can you do (Sixel is attribute 4), and then
/// the status report every terminal answers, which says all the answers are in. Inside tmux
/// the kitty question is passed through to the terminal around it.
pub fn question(tmux: bool) -> String {
    let kitty = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\
                 \x1b_Gi=32,s=1,v=1,a=q,t=d,f=24,o=z;eJxjYGAAAAADAAE=\x1b\\";
    let kitty = if tmux {
        passed_through(kitty)
    } else {
        kitty.to_owned()
    };
    format!("{kitty}\x1b[16t\x1b[>q\x1b[c\x1b[5n")
}

/// `sequence` wrapped for tmux to hand to the terminal around it (its `allow-passthrough`).
pub fn passed_through(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
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
        let Some((name, parent)) = name_and_parent(pid) else {
            return false;
        };
        if name.starts_with("mosh-server") {
            return true;
        }
        if parent <= 1 {
            return false;
        }
        pid = parent;
    }
    false
}

/// A process's name and its parent's pid, from the one line of `/proc/PID/stat` (read in one
/// call: this runs before the first frame).
fn name_and_parent(pid: u32) -> Option<(String, u32)> {
    use std::io::Read;
    let mut line = [0u8; 512];
    let read = std::fs::File::open(format!("/proc/{pid}/stat"))
        .ok()?
        .read(&mut line)
        .ok()?;
    parse_stat(&String::from_utf8_lossy(&line[..read]))
}

/// `PID (NAME) STATE PPID …`; the name may hold spaces and parentheses, so it ends at the last
/// `) `.
fn parse_stat(line: &str) -> Option<(String, u32)> {
    let (_, rest) = line.split_once(" (")?;
    let (name, fields) = rest.rsplit_once(") ")?;
    let parent = fields.split(' ').nth(1)?.parse().ok()?;
    Some((name.to_owned(), parent))
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
    // Seen in Konsole 22.12: its Sixel and iTerm2 pictures stay on screen where text is
    // drawn over them, so every picture scrolled past was left behind. Half blocks there.
    if is_konsole(answers, variable) {
        return None;
    }
    let protocol = if answers.kitty && places_kitty_pictures_as_text(answers, variable) {
        Protocol::Kitty
    } else if is("TERM_PROGRAM", "iTerm.app")
        || is("LC_TERMINAL", "iTerm2")
        || is("TERM_PROGRAM", "WezTerm")
    {
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

/// Whether this is Konsole, by its variable or its name.
fn is_konsole(answers: &Answers, variable: &impl Fn(&str) -> Option<String>) -> bool {
    variable("KONSOLE_VERSION").is_some_and(|v| !v.is_empty())
        || answers
            .terminal
            .as_deref()
            .is_some_and(|t| t.starts_with("Konsole"))
}

/// Whether kitty pictures placed as text cells (Unicode placeholders, the way skua places
/// them) show here. kitty before 0.28 answers the kitty question but draws no placeholders
/// (the boxes stay blank, with stray marks); WezTerm answers it but places them wrongly.
/// Elsewhere, a terminal that draws kitty pictures is trusted to place them.
fn places_kitty_pictures_as_text(
    answers: &Answers,
    variable: &impl Fn(&str) -> Option<String>,
) -> bool {
    if variable("WEZTERM_EXECUTABLE").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    let Some(terminal) = answers.terminal.as_deref() else {
        return true;
    };
    if terminal.starts_with("WezTerm") {
        return false;
    }
    // `kitty(0.26.5)`
    let version = terminal
        .strip_prefix("kitty(")
        .and_then(|rest| rest.split(')').next())
        .map(|version| {
            let mut numbers = version.split('.').map(|n| n.parse::<u32>().unwrap_or(0));
            (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
        });
    version.is_none_or(|version| version >= (0, 28))
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

    /// An environment of `vars` alone.
    fn env(vars: &'static [(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn a_process_line_gives_its_name_and_parent_whatever_the_name_holds() {
        let line = "4242 (mosh-server) S 4100 4242 4242 0 -1 4194560 630 0 0 0";
        assert_eq!(parse_stat(line), Some(("mosh-server".into(), 4100)));
        let odd = "77 (a) b (c) ) R 76 77 77 0 -1";
        assert_eq!(parse_stat(odd), Some(("a) b (c) ".into(), 76)));
        assert_eq!(parse_stat("77 (cut"), None);
        // This process's own line, as the kernel writes it.
        let (_, parent) = name_and_parent(std::process::id()).expect("own /proc line");
        assert_eq!(parent, std::os::unix::process::parent_id());
    }

    #[test]
    fn the_protocol_follows_the_answers_then_the_environment() {
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

    /// Seen on a real kitty 0.26.5 (Debian 12's): it answers the kitty question, but places
    /// no pictures as text, so its boxes stayed blank with stray marks in them.
    #[test]
    fn kitty_pictures_only_where_the_terminal_places_them_as_text() {
        let said = |terminal: &str| Answers {
            kitty: true,
            terminal: Some(terminal.into()),
            ..Answers::default()
        };
        let protocol =
            |answers: &Answers, vars| choose(answers, &env(vars), None).map(|g| g.protocol);
        assert_eq!(protocol(&said("kitty(0.26.5)"), &[]), None, "half blocks");
        assert_eq!(protocol(&said("kitty(0.28.0)"), &[]), Some(Protocol::Kitty));
        assert_eq!(protocol(&said("kitty(0.35.2)"), &[]), Some(Protocol::Kitty));
        assert_eq!(protocol(&said("ghostty 1.1.3"), &[]), Some(Protocol::Kitty));
        // Silent about itself (through tmux, say): trusted.
        let silent = Answers {
            kitty: true,
            ..Answers::default()
        };
        assert_eq!(protocol(&silent, &[]), Some(Protocol::Kitty));
        // WezTerm draws iTerm2's pictures well; Konsole leaves its pictures behind (seen in
        // 22.12, Sixel and iTerm2 alike): half blocks.
        let wezterm = said("WezTerm 20240203-110809-5046fc22");
        assert_eq!(
            protocol(&wezterm, &[("TERM_PROGRAM", "WezTerm")]),
            Some(Protocol::Iterm2)
        );
        assert_eq!(
            protocol(&silent, &[("WEZTERM_EXECUTABLE", "/usr/bin/wezterm-gui")]),
            None
        );
        let konsole = Answers {
            sixel: true,
            ..silent.clone()
        };
        assert_eq!(protocol(&konsole, &[("KONSOLE_VERSION", "221203")]), None);
        let konsole = Answers {
            terminal: Some("Konsole 22.12.3".into()),
            ..konsole
        };
        assert_eq!(protocol(&konsole, &[("LC_TERMINAL", "iTerm2")]), None);
    }

    #[test]
    fn the_question_passes_through_tmux_with_its_escapes_doubled() {
        let plain = question(false);
        assert!(plain.starts_with("\x1b_Gi=31,"));
        assert!(plain.ends_with("\x1b[16t\x1b[>q\x1b[c\x1b[5n"));
        let wrapped = question(true);
        assert!(wrapped.starts_with("\x1bPtmux;\x1b\x1b_Gi=31,"));
        assert!(wrapped.contains("\x1b\x1b\\\x1b\\\x1b[16t"));
        assert_eq!(kitty_forget(7, false), "\x1b_Ga=d,d=I,i=7,q=2\x1b\\");
    }
}
