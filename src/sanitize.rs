//! The one gate every server-provided string passes before it can reach the terminal.
//!
//! Removing every control character is enough to make escape sequences inert: CSI, OSC and DCS
//! all start with ESC (C0) or a C1 code, so without those bytes the rest is plain printable text.
//! Bidi overrides are removed too, since they can make text display differently from what it is.

use std::borrow::Cow;

/// Characters that never reach the screen.
fn is_forbidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1 (U+0080..=U+009F)
        || matches!(c,
            '\u{061C}'                  // Arabic letter mark
            | '\u{200E}' | '\u{200F}'   // LRM, RLM
            | '\u{202A}'..='\u{202E}'   // LRE, RLE, PDF, LRO, RLO
            | '\u{2066}'..='\u{2069}'   // LRI, RLI, FSI, PDI
            | '\u{FFF9}'..='\u{FFFB}'   // interlinear annotation controls
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

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs_work = s
        .chars()
        .any(|c| is_forbidden(c) && !(keep_newlines && c == '\n'));
    if !needs_work {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Convenience for owned model fields.
pub fn owned_line(s: &str) -> String {
    line(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn clean_text_is_borrowed() {
        assert!(matches!(text("日本語 ok 🎉\n"), Cow::Borrowed(_)));
    }
}
