//! Completion while writing: the word being typed, when it starts with `@` (an account), `#`
//! (a hashtag) or `:` (a custom emoji), and what is offered for it. What skua already knows is
//! offered at once; the server's search adds to it once typing pauses.

use super::cursor;
use crate::action::Action;

/// At most this many are offered.
pub const OFFERED: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sigil {
    Account,
    Tag,
    Emoji,
}

impl Sigil {
    fn mark(self) -> char {
        match self {
            Sigil::Account => '@',
            Sigil::Tag => '#',
            Sigil::Emoji => ':',
        }
    }
}

/// One thing offered: what it puts in the text (without its sigil) and how it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Offer {
    pub sigil: Sigil,
    /// What is typed after the sigil.
    pub typed: String,
    pub items: Vec<Completion>,
    pub selected: usize,
    /// When the word last changed: the server is asked once typing pauses.
    pub typed_at: jiff::Timestamp,
    /// What the server was asked for this word (it answers once).
    pub asked: Option<String>,
    /// Closed with Esc: not shown again until the word changes.
    pub dismissed: bool,
}

impl Offer {
    pub fn new(sigil: Sigil, typed: &str, items: Vec<Completion>, now: jiff::Timestamp) -> Offer {
        Offer {
            sigil,
            typed: typed.to_owned(),
            items,
            selected: 0,
            typed_at: now,
            asked: None,
            dismissed: false,
        }
    }

    /// The characters the word takes in the text (its sigil and what follows).
    /// Whether it is shown and takes its keys.
    pub fn is_open(&self) -> bool {
        !self.dismissed && !self.items.is_empty()
    }

    pub fn word_chars(&self) -> usize {
        1 + self.typed.chars().count()
    }

    /// What taking the selected one puts in the text in place of the word, with a space after.
    pub fn taken(&self) -> Option<String> {
        let item = self.items.get(self.selected)?;
        let mark = self.sigil.mark();
        Some(match self.sigil {
            Sigil::Emoji => format!(":{}: ", item.value),
            _ => format!("{mark}{} ", item.value),
        })
    }

    /// Moves the selection (`Down`/`Up`, `PrevTab` as up).
    pub fn move_selection(&mut self, action: Action) {
        let step = match action {
            Action::Down => Action::Down,
            _ => Action::Up,
        };
        self.selected = cursor::moved(self.selected, step, self.items.len(), cursor::PAGE);
    }

    /// Adds what the server found to what is offered, each once: names starting with what is
    /// typed first (the server's before those that only contain it), the rest after.
    pub fn add(&mut self, found: Vec<Completion>) {
        for item in found {
            if !self
                .items
                .iter()
                .any(|i| i.value.eq_ignore_ascii_case(&item.value))
            {
                self.items.push(item);
            }
        }
        let typed = self.typed.to_lowercase();
        self.items
            .sort_by_key(|item| !item.value.to_lowercase().starts_with(&typed));
        self.items.truncate(OFFERED);
    }
}

/// The word being typed at the end of `before_cursor`, when it asks for completion: its sigil
/// and what follows it. An account takes letters, digits, `_`, `.`, `-` and one more `@`; a
/// hashtag letters, digits and `_`; an emoji's name at least two of letters, digits, `_`, `+`
/// and `-` (so a colon in prose offers nothing).
pub fn wanted(before_cursor: &str) -> Option<(Sigil, &str)> {
    let start = before_cursor
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before_cursor[start..];
    let mut chars = word.chars();
    let sigil = match chars.next()? {
        '@' => Sigil::Account,
        '#' => Sigil::Tag,
        ':' => Sigil::Emoji,
        _ => return None,
    };
    let typed = chars.as_str();
    let fits = match sigil {
        Sigil::Account => {
            typed
                .chars()
                .all(|c| c.is_alphanumeric() || "_.-@".contains(c))
                && typed.matches('@').count() <= 1
                && !typed.starts_with('@')
        }
        Sigil::Tag => typed.chars().all(|c| c.is_alphanumeric() || c == '_'),
        Sigil::Emoji => {
            typed.chars().count() >= 2
                && typed
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c))
        }
    };
    (fits && !typed.is_empty()).then_some((sigil, typed))
}

/// Of `candidates` (value, label, also matched), those matching `typed`: names starting with
/// it first, then those containing it (in their value or their other words), each once.
pub fn matching<'a>(
    typed: &str,
    candidates: impl Iterator<Item = (String, String, &'a str)>,
) -> Vec<Completion> {
    let typed = typed.to_lowercase();
    let mut starting = Vec::new();
    let mut containing = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (value, label, also) in candidates {
        let lower = value.to_lowercase();
        if !seen.insert(lower.clone()) {
            continue;
        }
        let item = Completion { value, label };
        if lower.starts_with(&typed) {
            starting.push(item);
        } else if lower.contains(&typed) || also.to_lowercase().contains(&typed) {
            containing.push(item);
        }
        if starting.len() >= OFFERED {
            break;
        }
    }
    starting.extend(containing);
    starting.truncate(OFFERED);
    starting
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_the_cursor_says_what_is_offered() {
        assert_eq!(wanted("hello @al"), Some((Sigil::Account, "al")));
        assert_eq!(
            wanted("@ana@social.example"),
            Some((Sigil::Account, "ana@social.example"))
        );
        assert_eq!(wanted("love #ru"), Some((Sigil::Tag, "ru")));
        assert_eq!(wanted("so :bl"), Some((Sigil::Emoji, "bl")));
        // Not yet, or not a word that asks for one.
        for text in [
            "hello @",
            "#",
            ":b",
            "note: x",
            "a@b",
            "time 12:30",
            "@a@b@c",
            "done ",
        ] {
            assert_eq!(wanted(text), None, "{text}");
        }
        assert_eq!(wanted("line one\n#tag"), Some((Sigil::Tag, "tag")));
    }

    #[test]
    fn names_starting_with_what_is_typed_come_first_each_once() {
        let candidates = ["palace", "alice", "Alina", "alice", "bob"]
            .into_iter()
            .map(|n| (n.to_owned(), format!("@{n}"), ""));
        let found: Vec<String> = matching("al", candidates)
            .into_iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(found, ["alice", "Alina", "palace"]);
    }

    #[test]
    fn taking_one_puts_its_sigil_and_a_space() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let item = |v: &str| Completion {
            value: v.into(),
            label: v.into(),
        };
        let offer = Offer::new(Sigil::Emoji, "bl", vec![item("blobcat")], now);
        assert_eq!(offer.taken().as_deref(), Some(":blobcat: "));
        assert_eq!(offer.word_chars(), 3);
        let mut offer = Offer::new(
            Sigil::Account,
            "al",
            vec![item("palace"), item("alice")],
            now,
        );
        offer.add(vec![item("Alice"), item("alex@far.example")]);
        let values: Vec<&str> = offer.items.iter().map(|i| i.value.as_str()).collect();
        assert_eq!(values, ["alice", "alex@far.example", "palace"]);
        offer.move_selection(Action::Down);
        assert_eq!(offer.taken().as_deref(), Some("@alex@far.example "));
    }
}
