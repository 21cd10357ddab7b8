//! The one gate every server-provided string passes before it can reach the terminal.
//!
//! Removing every control character is enough to make escape sequences inert: CSI, OSC and DCS
//! all start with ESC (C0) or a C1 code, so without those bytes the rest is plain printable text.
//! Bidi overrides are removed too, since they can make text display differently from what it is,
//! and so are invisible characters that change how the rest is measured (byte order marks, a
//! zero-width joiner that does not join two emoji). Unicode line and paragraph separators are
//! line breaks, as the terminal would not draw them as such.
//!
//! Where the terminal draws emoji sequences part by part (see [`answer_emoji_sequences_joined`]),
//! the parts that make a sequence one wide character go too, so text is measured as drawn.

use std::borrow::Cow;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Characters that never reach the screen.
fn is_forbidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1 (U+0080..=U+009F)
        || matches!(c,
            '\u{061C}'                  // Arabic letter mark
            | '\u{200E}' | '\u{200F}'   // LRM, RLM
            | '\u{202A}'..='\u{202E}'   // LRE, RLE, PDF, LRO, RLO
            | '\u{2066}'..='\u{2069}'   // LRI, RLI, FSI, PDI
            | '\u{FFF9}'..='\u{FFFB}'   // interlinear annotation controls
            | '\u{FEFF}'                 // byte order mark, zero-width no-break space
            | '\u{2028}' | '\u{2029}'   // line and paragraph separators
        )
        // skua's own marks for hyperlinks: remote text never claims a link
        || is_mark(c)
        // kitty's picture placeholder: remote text never shows a picture skua sent kitty
        || c == KITTY_PLACEHOLDER
}

/// The character kitty draws pictures in place of (with the picture's id in its colour).
const KITTY_PLACEHOLDER: char = '\u{10EEEE}';

/// The characters `ui::links` marks hyperlinked text with (variation selectors that take no
/// width). Kept here, where remote text is cleaned of them.
pub const FIRST_MARK: char = '\u{E01D0}';
pub const LAST_MARK: char = '\u{E01EF}';

pub fn is_mark(c: char) -> bool {
    (FIRST_MARK..=LAST_MARK).contains(&c)
}

const ZWJ: char = '\u{200D}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';

/// Skin tones, which join the emoji before them.
fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Whether the terminal draws an emoji sequence as one character of two columns, as Unicode
/// and skua's measuring say: `❄️` (a symbol made an emoji by U+FE0F), `🏳️‍🌈` (emoji joined by
/// U+200D), `👍🏽` (a skin tone). Many terminals and tmux draw them part by part instead (`❄️`
/// in one column, `👍🏽` in four), so measured text would not line up with what is drawn.
static SEQUENCES_JOINED: AtomicBool = AtomicBool::new(true);

/// Until when answers from the server wait to be read (see [`emoji_sequences_settled`]): set
/// while the terminal is asked how it draws emoji sequences, until it answers. Text read with a
/// wrong guess would otherwise have to be fetched again.
static ASKED_UNTIL: Mutex<Option<Instant>> = Mutex::new(None);
static ANSWERED: tokio::sync::Notify = tokio::sync::Notify::const_new();

fn asked_until() -> std::sync::MutexGuard<'static, Option<Instant>> {
    ASKED_UNTIL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Guesses how this terminal draws emoji sequences while it is asked: text from the server is
/// read once it answers ([`answer_emoji_sequences_joined`]), or at `deadline` with the guess.
pub fn guess_emoji_sequences_joined(joined: bool, deadline: Instant) {
    SEQUENCES_JOINED.store(joined, Ordering::Relaxed);
    *asked_until() = Some(deadline);
}

/// Says how this terminal draws emoji sequences (`None`: it did not say; the guess stands); for
/// text cleaned from then on. Whether nothing was read from the server with the guess meanwhile
/// (it all waited for this answer).
pub fn answer_emoji_sequences_joined(joined: Option<bool>) -> bool {
    let mut asked_until = asked_until();
    let waited = asked_until
        .take()
        .is_some_and(|deadline| Instant::now() < deadline);
    if let Some(joined) = joined {
        SEQUENCES_JOINED.store(joined, Ordering::Relaxed);
    }
    ANSWERED.notify_waiters();
    waited
}

/// Once text from the server may be read: at once, unless the terminal is being asked how it
/// draws emoji sequences (until it answers, or the time given for that is up).
pub async fn emoji_sequences_settled() {
    loop {
        // Made before looking, so an answer given in between is not missed.
        let answered = ANSWERED.notified();
        let deadline = match *asked_until() {
            Some(deadline) if Instant::now() < deadline => deadline,
            _ => return,
        };
        let _ = tokio::time::timeout_at(deadline.into(), answered).await;
    }
}

pub fn emoji_sequences_joined() -> bool {
    SEQUENCES_JOINED.load(Ordering::Relaxed)
}

/// Parts of emoji sequences, dropped where the terminal does not join them: each emoji is then
/// drawn, and measured, by itself.
fn is_sequence_part(c: char) -> bool {
    c == EMOJI_PRESENTATION || c == ZWJ || is_skin_tone(c)
}

/// Characters an emoji ZWJ sequence is made of: pictographs, symbols, skin tones, the emoji
/// variation selector.
fn is_emoji_part(c: char) -> bool {
    matches!(c,
        '\u{2190}'..='\u{2BFF}'        // arrows, symbols, dingbats (♀ ♂ ❤ ⚕)
        | '\u{FE0F}'                   // emoji presentation
        | '\u{1F000}'..='\u{1FAFF}'    // pictographs, skin tones, flags' letters
    )
}

/// Cleans text that may span lines: keeps `\n`, turns tabs into spaces, drops everything else
/// that is not printable.
pub fn text(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// Cleans a one-line value (a name, a title, a URL): line breaks become spaces.
pub fn line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Cleans the user's own writing (typed, pasted, a draft, a post of theirs to change) as
/// [`text`] does, except that emoji sequences stay as written whatever the terminal draws:
/// they are the user's words, and go to the server whole. Where the terminal draws them part
/// by part, the screen shows a stand-in instead (see [`sequence_stand_in`]).
pub fn own_text(s: &str) -> Cow<'_, str> {
    clean_for(s, true, Sequences::AsWritten)
}

/// [`own_text`] for a one-line value: line breaks become spaces.
pub fn own_line(s: &str) -> Cow<'_, str> {
    clean_for(s, false, Sequences::AsWritten)
}

/// What becomes of emoji sequences while cleaning.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sequences {
    /// Kept whole: the terminal draws each as one wide character. A joiner that joins no two
    /// emoji goes (it would change how the rest is measured).
    Joined,
    /// Taken apart: the terminal draws each part by itself.
    Apart,
    /// Kept exactly as written, joiners too (the user's own writing, which arrives a
    /// character at a time as it is typed).
    AsWritten,
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let sequences = match emoji_sequences_joined() {
        true => Sequences::Joined,
        false => Sequences::Apart,
    };
    clean_for(s, keep_newlines, sequences)
}

/// [`clean`] for a terminal that does or does not join emoji sequences.
fn clean_for(s: &str, keep_newlines: bool, sequences: Sequences) -> Cow<'_, str> {
    let apart = sequences == Sequences::Apart;
    let needs_work = s.chars().any(|c| {
        (is_forbidden(c) && !(keep_newlines && c == '\n'))
            || (c == ZWJ && sequences != Sequences::AsWritten)
            || (apart && is_sequence_part(c))
    });
    if !needs_work {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if apart && is_sequence_part(c) => {}
            ZWJ if sequences == Sequences::AsWritten => out.push(ZWJ),
            ZWJ => {
                let joins_emoji = out.chars().next_back().is_some_and(is_emoji_part)
                    && chars.peek().is_some_and(|&next| is_emoji_part(next));
                if joins_emoji {
                    out.push(ZWJ);
                }
            }
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What a terminal that draws emoji sequences part by part can show for `symbol`, one
/// character on screen holding a sequence (only the user's own writing keeps them), in the
/// `width` columns it takes: its first part as wide, else its first part and spaces. `None`
/// where `symbol` holds no sequence.
pub fn sequence_stand_in(symbol: &str, width: usize) -> Option<String> {
    use unicode_width::UnicodeWidthChar;
    if symbol.len() <= 4 || !symbol.chars().any(is_sequence_part) {
        return None;
    }
    let parts = || symbol.chars().filter(|&c| !is_sequence_part(c));
    if let Some(wide) = parts().find(|c| c.width() == Some(width)) {
        return Some(wide.to_string());
    }
    let first = parts().find(|c| c.width().is_some_and(|w| w > 0 && w <= width))?;
    let pad = width - first.width().unwrap_or(0);
    Some(format!("{first}{}", " ".repeat(pad)))
}

/// Whether JSON text holds only what [`text`] lets through, in its strings and escapes: data
/// skua wrote from sanitized strings (its cache) passes, while a file changed to hold escape
/// sequences does not. Whitespace between tokens is allowed.
pub fn json_is_clean(json: &str) -> bool {
    let bytes = json.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let c = match bytes[at] {
            b'\\' => {
                let (c, next) = match unescape(json, at + 1) {
                    Some(unescaped) => unescaped,
                    None => return false,
                };
                at = next;
                c
            }
            b' '..=b'~' | b'\n' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            _ => match json[at..].chars().next() {
                Some(c) => {
                    at += c.len_utf8();
                    c
                }
                None => return false,
            },
        };
        if c != '\n' && is_forbidden(c) {
            return false;
        }
    }
    true
}

/// The character escaped right after a backslash at `at` (`n`, `"`, `uXXXX`, a surrogate pair
/// `uXXXX\\uXXXX`), and where the text goes on; `None` for escapes of characters [`text`]
/// removes or never keeps (`\t`, `\r`, `\b`, `\f`).
fn unescape(json: &str, at: usize) -> Option<(char, usize)> {
    let unit = |at: usize| {
        let hex = json.get(at..at + 4)?;
        u32::from_str_radix(hex, 16).ok()
    };
    match json.as_bytes().get(at)? {
        b'n' => Some(('\n', at + 1)),
        c @ (b'"' | b'\\' | b'/') => Some((char::from(*c), at + 1)),
        b'u' => {
            let first = unit(at + 1)?;
            if !(0xD800..0xDC00).contains(&first) {
                return Some((char::from_u32(first)?, at + 5));
            }
            let second = json
                .get(at + 5..at + 7)
                .filter(|s| *s == "\\u")
                .and(unit(at + 7))?;
            let low = second.checked_sub(0xDC00).filter(|low| *low < 0x400)?;
            let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + low)?;
            Some((c, at + 11))
        }
        _ => None,
    }
}

/// Convenience for owned model fields.
pub fn owned_line(s: &str) -> String {
    line(s).into_owned()
}

/// An optional remote field as a line, trimmed; `None` when nothing is left of it.
pub fn some_line(s: Option<String>) -> Option<String> {
    s.map(|s| owned_line(s.trim())).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guess kept what it is (true, as every other test here cleans with it).
    #[tokio::test]
    async fn server_answers_wait_for_the_terminal_to_say_how_it_draws_emoji_but_not_past_a_deadline()
     {
        use std::time::Duration;
        let settled = |within_ms| {
            tokio::time::timeout(Duration::from_millis(within_ms), emoji_sequences_settled())
        };
        settled(50).await.expect("nothing asked: at once");

        guess_emoji_sequences_joined(true, Instant::now() + Duration::from_secs(5));
        let waiting = tokio::spawn(emoji_sequences_settled());
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "waits for the answer");
        assert!(
            answer_emoji_sequences_joined(Some(true)),
            "nothing was read with the guess"
        );
        tokio::time::timeout(Duration::from_secs(1), waiting)
            .await
            .expect("goes on once answered")
            .unwrap();

        guess_emoji_sequences_joined(true, Instant::now() + Duration::from_millis(30));
        settled(1000).await.expect("goes on at the deadline");
        assert!(
            !answer_emoji_sequences_joined(Some(true)),
            "an answer after the deadline: what came meanwhile was read with the guess"
        );
    }

    #[test]
    fn json_with_controls_in_its_strings_or_escapes_is_not_clean() {
        let written = serde_json::to_string(&serde_json::json!({
            "content": "two\nlines, été, 👨‍👩‍👧, a \\ backslash and \"quotes\" / slash",
        }))
        .unwrap();
        assert!(json_is_clean(&written), "{written}");
        assert!(
            json_is_clean("{\n  \"a\": \"\\u00e9\\n\"\n}"),
            "whitespace, é, a newline"
        );
        assert!(
            json_is_clean(r#"{"a":"\\u001b"}"#),
            "a backslash, then text"
        );
        for tampered in [
            r#"{"a":"\u001b[31m"}"#,
            r#"{"a":"\u009b"}"#,
            "{\"a\":\"\u{9b}\"}",
            r#"{"a":"\u202e"}"#,
            r#"{"a":"\udb40\uddd0"}"#,
            r#"{"a":"\t"}"#,
            r#"{"a":"\ud83d"}"#,
            r#"{"a":"\u00"}"#,
        ] {
            assert!(!json_is_clean(tampered), "{tampered}");
        }
    }

    #[test]
    fn strips_escape_sequences_and_controls() {
        let hostile =
            "a\u{1b}[31mred\u{1b}]0;title\u{7}\u{9b}2J\u{90}dcs\u{9c}\u{202E}evil\u{2066}b\r\n";
        let cleaned = text(hostile);
        assert!(!cleaned.chars().any(is_forbidden_or_cr), "{cleaned:?}");
        assert_eq!(cleaned, "a[31mred]0;title2Jdcsevilb \n");
    }

    fn is_forbidden_or_cr(c: char) -> bool {
        c != '\n' && is_forbidden(c)
    }

    #[test]
    fn one_line_values_lose_newlines() {
        assert_eq!(line("a\nb\tc"), "a b c");
    }

    #[test]
    fn invisible_characters_go_and_emoji_joiners_stay() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(line(family), family);
        assert_eq!(line("a\u{200D}b\u{FEFF}c"), "abc");
        assert_eq!(line("👍\u{200D}x"), "👍x");
        assert_eq!(text("one\u{2028}two\u{2029}three"), "one\ntwo\nthree");
        // skua's hyperlink marks: a post cannot make its text a link to another address
        assert_eq!(line("click\u{E01D0}\u{E01D1}me"), "clickme");
        // nor show, on kitty, a picture sent for another post (its id is the text's colour)
        assert_eq!(line("a\u{10EEEE}\u{305}\u{305}b"), "a\u{305}\u{305}b");
        assert_eq!(line("one\u{2028}two"), "one two");
    }

    /// The user's own writing arrives a character at a time as it is typed: a joiner comes
    /// before the emoji it joins, and stays; so do skin tones and U+FE0F on any terminal.
    #[test]
    fn the_users_own_emoji_stay_as_written_and_controls_still_go() {
        let typed: String = "🏳\u{FE0F}\u{200D}🌈 👍🏽 ❄\u{FE0F}"
            .chars()
            .map(|c| own_line(&c.to_string()).into_owned())
            .collect();
        assert_eq!(typed, "🏳\u{FE0F}\u{200D}🌈 👍🏽 ❄\u{FE0F}");
        assert_eq!(own_text("a\x1b[31mb\u{202E}c\nd"), "a[31mbc\nd");
        assert_eq!(own_line("a\nb\tc"), "a b c");
        assert!(matches!(
            own_text("👨\u{200D}👩\u{200D}👧"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_sequence_on_screen_has_a_stand_in_as_wide_as_it() {
        use unicode_width::UnicodeWidthStr;
        let stand_in = |s: &str| sequence_stand_in(s, s.width());
        assert_eq!(stand_in("👍🏽").as_deref(), Some("👍"));
        assert_eq!(stand_in("🏳\u{FE0F}\u{200D}🌈").as_deref(), Some("🌈"));
        assert_eq!(stand_in("👨\u{200D}👩\u{200D}👧").as_deref(), Some("👨"));
        assert_eq!(stand_in("❄\u{FE0F}").as_deref(), Some("❄ "));
        assert_eq!(stand_in("1\u{FE0F}\u{20E3}").as_deref(), Some("1 "));
        for s in [
            "👍🏽",
            "🏳\u{FE0F}\u{200D}🌈",
            "❄\u{FE0F}",
            "1\u{FE0F}\u{20E3}",
        ] {
            assert_eq!(stand_in(s).unwrap().width(), s.width(), "{s}");
        }
        assert_eq!(stand_in("a"), None);
        assert_eq!(stand_in("🎉"), None);
        assert_eq!(stand_in("é"), None);
    }

    #[test]
    fn where_the_terminal_draws_emoji_part_by_part_each_is_shown_alone() {
        use unicode_width::UnicodeWidthStr;
        let apart = |s| clean_for(s, false, Sequences::Apart);
        assert_eq!(apart("\u{2744}\u{FE0F} snow"), "\u{2744} snow");
        assert_eq!(apart("🏳\u{FE0F}\u{200D}🌈"), "🏳🌈");
        assert_eq!(apart("👍🏽 yes"), "👍 yes");
        assert_eq!(apart("👨\u{200D}👩\u{200D}👧"), "👨👩👧");
        // measured as such a terminal draws them: each part by itself
        assert_eq!(apart("\u{2744}\u{FE0F}").width(), 1);
        assert_eq!(apart("🏳\u{FE0F}\u{200D}🌈").width(), 3);
        assert!(matches!(apart("日本語 ok 🎉"), Cow::Borrowed(_)));
        // where the terminal joins them, they stay
        assert_eq!(
            clean_for("\u{2744}\u{FE0F}", false, Sequences::Joined),
            "\u{2744}\u{FE0F}"
        );
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(text("日本語 ok 🎉\n"), Cow::Borrowed(_)));
    }
}
