//! Telling the user about a mention without them looking: a terminal notification (OSC 9 or
//! OSC 777, which reach a local terminal over SSH too), or the bell where neither is known to
//! work.

/// How the terminal in use can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notifier {
    /// OSC 9 (iTerm2, WezTerm, kitty, Ghostty, Windows Terminal).
    Osc9,
    /// OSC 777 (rxvt-unicode, foot, VTE terminals such as GNOME Terminal).
    Osc777,
    Bell,
}

impl Notifier {
    /// Guesses from the environment; inside tmux or screen only the bell passes unchanged.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Notifier {
        let term = env("TERM").unwrap_or_default();
        let program = env("TERM_PROGRAM").unwrap_or_default();
        if env("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
            return Notifier::Bell;
        }
        match program.as_str() {
            "iTerm.app" | "WezTerm" | "ghostty" => return Notifier::Osc9,
            _ => {}
        }
        if term.contains("kitty") || env("WT_SESSION").is_some() {
            Notifier::Osc9
        } else if term.contains("rxvt") || term.starts_with("foot") || env("VTE_VERSION").is_some()
        {
            Notifier::Osc777
        } else {
            Notifier::Bell
        }
    }

    /// The bytes to write for `text` (made safe: no control characters, no field separators).
    pub fn sequence(self, text: &str) -> String {
        let text: String = crate::sanitize::line(text)
            .chars()
            .map(|c| if c == ';' { ',' } else { c })
            .take(200)
            .collect();
        match self {
            Notifier::Osc9 => format!("\x1b]9;{text}\x07"),
            Notifier::Osc777 => format!("\x1b]777;notify;skua;{text}\x07"),
            Notifier::Bell => "\x07".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_decides_and_remote_text_cannot_escape() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Notifier::detect(env(&[("TERM_PROGRAM", "WezTerm")])),
            Notifier::Osc9
        );
        assert_eq!(Notifier::detect(env(&[("TERM", "foot")])), Notifier::Osc777);
        assert_eq!(
            Notifier::detect(env(&[("TERM", "xterm-kitty"), ("TMUX", "/tmp/x")])),
            Notifier::Bell
        );
        assert_eq!(Notifier::detect(env(&[("TERM", "xterm")])), Notifier::Bell);
        let hostile = "Ana\x07\x1b]52;c;aGk=\x07 mentioned you; hi";
        assert_eq!(
            Notifier::Osc777.sequence(hostile),
            "\x1b]777;notify;skua;Ana]52,c,aGk= mentioned you, hi\x07"
        );
    }
}
