//! Misskey's MFM ("Markup language For Misskey") → [`RichText`]. MFM is plain text with
//! Markdown-like and HTML-like markup. Only what a terminal can show is kept: `$[fn …]`
//! effects show their inner text, and anything malformed or unclosed stays literal text.
//!
//! Notes are hostile input: the parser keeps its own stack (no recursion that follows the
//! nesting) and finds closing markup through forward-only indexes, so its work is linear in the
//! text however the markup is nested, unclosed or stray.

use super::model::{self, Block, BlockKind, Inline, Link, RichText, TextStyle};
use crate::sanitize;
use finder::{Finder, LinkTail, mark_index, mark_index_name_end};
use std::ops::Range;

mod finder;

/// Converts a note's text. `host` is the server's host, for mention and hashtag links.
pub fn to_rich_text(text: &str, host: &str) -> RichText {
    to_rich_text_counting(text, host).0
}

/// [`to_rich_text`], and the steps it took (for the test that the work is linear).
fn to_rich_text_counting(text: &str, host: &str) -> (RichText, usize) {
    let full_bytes = text.len();
    let (shown, cut) = model::cut_long(text);
    let text = sanitize::text(shown);
    let lines: Vec<&str> = text.split('\n').collect();
    let center_ends = center_ends(&lines);
    let fence_ends = fence_ends(&lines);
    let mut blocks = Blocks {
        host,
        blocks: Vec::new(),
        paragraph: Vec::new(),
        steps: lines.len(),
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        // A fence opens a code block only where one closes it (as Misskey reads it): else
        // the line is text, and what follows it too.
        if trimmed.starts_with("```")
            && let Some(close) = fence_ends[i]
        {
            blocks.flush();
            let code = &lines[i + 1..close];
            i = close + 1;
            blocks.blocks.push(Block {
                kind: BlockKind::Code,
                quote_depth: 0,
                inlines: vec![Inline {
                    text: code.join("\n"),
                    style: TextStyle {
                        code: true,
                        ..TextStyle::default()
                    },
                    link: None,
                }],
            });
            continue;
        }
        if let Some((depth, _)) = quote_level(line) {
            let mut quoted = Vec::new();
            while i < lines.len() {
                match quote_level(lines[i]) {
                    Some((d, rest)) if d == depth => quoted.push(rest),
                    _ => break,
                }
                i += 1;
            }
            // A lone `>` quotes nothing: it is text, as on Misskey.
            if quoted == [""] {
                blocks.paragraph.push(line);
                continue;
            }
            blocks.flush();
            blocks.push_block(BlockKind::Paragraph, depth, &quoted.join("\n"));
            continue;
        }
        if let Some(after) = trimmed.strip_prefix("<center>")
            && let Some(j) = center_ends[i]
        {
            // A centred block runs to `</center>`, possibly over several lines.
            let mut content = vec![after];
            content.extend(&lines[i + 1..=j]);
            let joined = content.join("\n");
            if let Some((inside, _)) = joined.split_once("</center>") {
                blocks.flush();
                blocks.push_block(BlockKind::Center, 0, inside.trim_matches('\n'));
                let tail = lines[j]
                    .split_once("</center>")
                    .map_or("", |(_, tail)| tail);
                if !tail.trim().is_empty() {
                    blocks.paragraph.push(tail.trim_start());
                }
                i = j + 1;
                continue;
            }
        }
        if trimmed.is_empty() {
            blocks.flush();
        } else {
            blocks.paragraph.push(line);
        }
        i += 1;
    }
    blocks.flush();
    let mut rich = RichText {
        blocks: blocks.blocks,
    };
    if cut {
        rich.note_cut(full_bytes);
    }
    (rich, blocks.steps)
}

/// For each line, the next bare fence (```) after it: what closes a code block opened there.
fn fence_ends(lines: &[&str]) -> Vec<Option<usize>> {
    let mut ends = vec![None; lines.len()];
    let mut next = None;
    for (i, line) in lines.iter().enumerate().rev() {
        ends[i] = next;
        if line.trim() == "```" {
            next = Some(i);
        }
    }
    ends
}

/// For each line that may open a `<center>` block, the line holding the next `</center>`.
fn center_ends(lines: &[&str]) -> Vec<Option<usize>> {
    let mut ends = vec![None; lines.len()];
    let mut next = None;
    for (i, line) in lines.iter().enumerate().rev() {
        if line.contains("</center>") {
            next = Some(i);
        }
        ends[i] = next;
    }
    ends
}

struct Blocks<'a> {
    host: &'a str,
    blocks: Vec<Block>,
    paragraph: Vec<&'a str>,
    steps: usize,
}

impl<'a> Blocks<'a> {
    fn flush(&mut self) {
        if !self.paragraph.is_empty() {
            let text = self.paragraph.join("\n");
            self.paragraph.clear();
            self.push_block(BlockKind::Paragraph, 0, &text);
        }
    }

    fn push_block(&mut self, kind: BlockKind, quote_depth: u8, text: &str) {
        let mut inlines = Inlines {
            host: self.host,
            out: Vec::new(),
        };
        self.steps += inlines.parse(text);
        if !inlines.out.is_empty() {
            self.blocks.push(Block {
                kind,
                quote_depth,
                inlines: inlines.out,
            });
        }
    }
}

/// `> text` → (1, "text"); `>> text` → (2, "text").
fn quote_level(line: &str) -> Option<(u8, &str)> {
    let mut depth = 0u8;
    let mut rest = line;
    while let Some(after) = rest.strip_prefix('>') {
        depth = depth.saturating_add(1);
        rest = after.trim_start_matches(' ');
    }
    (depth > 0).then_some((depth, rest))
}

/// How a piece of markup changes the style of what it encloses.
type StyleChange = fn(&mut TextStyle);

/// A recognised piece of inline markup. Positions are byte offsets into the block's text.
enum Construct<'s> {
    /// The text between `start` and `end` parsed again with a changed style.
    Styled {
        start: usize,
        end: usize,
        change: StyleChange,
    },
    /// Inner text shown exactly as written.
    Literal(&'s str),
    Code(&'s str),
    Link {
        label: &'s str,
        url: &'s str,
    },
    Url(&'s str),
    Mention(&'s str),
    Hashtag(&'s str),
}

/// A part of the text being parsed with one style: the whole text, or the inside of markup.
#[derive(Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
    /// Where parsing carries on once the region is done (after its closing markup).
    resume: usize,
    style: TextStyle,
}

struct Inlines<'a> {
    host: &'a str,
    out: Vec<Inline>,
}

impl Inlines<'_> {
    fn push(&mut self, text: &str, style: TextStyle, link: Option<Link>) {
        if text.is_empty() {
            return;
        }
        if link.is_none()
            && let Some(last) = self.out.last_mut()
            && last.link.is_none()
            && last.style == style
        {
            last.text.push_str(text);
            return;
        }
        self.out.push(Inline {
            text: text.to_owned(),
            style,
            link,
        });
    }

    /// Parses `text` with an explicit stack of open regions; returns the steps taken.
    fn parse(&mut self, text: &str) -> usize {
        let mut finder = Finder::new(text);
        let mut regions = vec![Region {
            start: 0,
            end: text.len(),
            resume: text.len(),
            style: TextStyle::default(),
        }];
        let mut steps = 0;
        let mut i = 0;
        let mut plain_from = 0;
        while let Some(&region) = regions.last() {
            steps += 1;
            if i >= region.end {
                self.push(&text[plain_from..region.end], region.style, None);
                regions.pop();
                i = region.resume;
                plain_from = i;
                continue;
            }
            let previous = (i > region.start)
                .then(|| text[..i].chars().next_back())
                .flatten();
            let Some((length, construct)) = recognize(&mut finder, i, region.end, previous) else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            self.push(&text[plain_from..i], region.style, None);
            match construct {
                Construct::Styled { start, end, change } => {
                    let mut style = region.style;
                    change(&mut style);
                    regions.push(Region {
                        start,
                        end,
                        resume: i + length,
                        style,
                    });
                    i = start;
                }
                other => {
                    self.apply(other, region.style);
                    i += length;
                }
            }
            plain_from = i;
        }
        steps + finder.steps
    }

    fn apply(&mut self, construct: Construct, style: TextStyle) {
        match construct {
            // Handled by `parse`, which opens a region for it.
            Construct::Styled { .. } => {}
            Construct::Literal(text) => self.push(text, style, None),
            Construct::Code(text) => {
                let code = TextStyle {
                    code: true,
                    ..style
                };
                self.push(text, code, None);
            }
            Construct::Link { label, url } => {
                self.push(label, style, Some(Link::Url(url.to_owned())));
            }
            Construct::Url(url) => self.push(url, style, Some(Link::Url(url.to_owned()))),
            Construct::Mention(acct) => {
                let link = Link::Mention {
                    acct: acct.to_owned(),
                    url: format!("https://{}/@{acct}", self.host),
                };
                self.push(&format!("@{acct}"), style, Some(link));
            }
            Construct::Hashtag(tag) => {
                let link = Link::Hashtag {
                    tag: tag.to_owned(),
                    url: format!("https://{}/tags/{tag}", self.host),
                };
                self.push(&format!("#{tag}"), style, Some(link));
            }
        }
    }
}

/// Recognises markup at `i` (within a region ending at `end`): returns the bytes it spans and
/// what it is.
fn recognize<'s>(
    finder: &mut Finder<'s>,
    i: usize,
    end: usize,
    previous: Option<char>,
) -> Option<(usize, Construct<'s>)> {
    let text = finder.text;
    let s = &text[i..end];
    let tags: [(&str, &'static str, StyleChange); 8] = [
        // Misskey's big, bouncing text: bold here.
        ("***", "***", |s| s.bold = true),
        ("**", "**", |s| s.bold = true),
        ("<b>", "</b>", |s| s.bold = true),
        ("<i>", "</i>", |s| s.italic = true),
        ("<s>", "</s>", |s| s.strike = true),
        ("~~", "~~", |s| s.strike = true),
        ("<small>", "</small>", |s| s.small = true),
        ("<center>", "</center>", |_| {}),
    ];
    if let Some((length, start, stop)) = finder.enclosed(i, end, "<plain>", "</plain>") {
        return Some((length, Construct::Literal(&text[start..stop])));
    }
    for (open, close) in [("`", "`"), ("\\(", "\\)")] {
        if let Some((length, start, stop)) = finder.enclosed(i, end, open, close)
            && !finder.newline_within(start, stop)
        {
            return Some((length, Construct::Code(&text[start..stop])));
        }
    }
    for (open, close, change) in tags {
        if let Some((length, start, stop)) = finder.enclosed(i, end, open, close)
            && !(open == "~~" && finder.newline_within(start, stop))
        {
            return Some(styled(length, start, stop, change));
        }
    }
    // As Misskey reads them, `__bold__`, `*italic*` and `_italic_` hold only ASCII letters,
    // digits and spaces, and the italics do not start right after such a letter or digit.
    let simple = |inner: &str| {
        inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '\u{3000}' | '\t'))
    };
    let in_word = previous.is_some_and(|c| c.is_ascii_alphanumeric());
    for (open, change, after_letters) in [
        (
            "__",
            (|s: &mut TextStyle| s.bold = true) as StyleChange,
            true,
        ),
        ("*", |s| s.italic = true, false),
        ("_", |s| s.italic = true, false),
    ] {
        if (after_letters || !in_word)
            && let Some((length, start, stop)) = finder.enclosed(i, end, open, open)
            && simple(&text[start..stop])
        {
            return Some(styled(length, start, stop, change));
        }
    }
    if let Some(found) = function(finder, i, end) {
        return Some(found);
    }
    if let Some(found) = labelled_link(finder, i, end) {
        return Some(found);
    }
    if let Some((length, url)) = angle_address(finder, i, end) {
        return Some((length, Construct::Url(&text[url])));
    }
    if let Some(found) = address(finder, i, end) {
        return Some(found);
    }
    // Misskey looks only for an ASCII letter or digit before a mention or hashtag (Japanese
    // runs straight into them), and before an address at nothing.
    if previous.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if s.starts_with('@') {
        return Some(mention(s));
    }
    if let Some(rest) = s.strip_prefix('#') {
        let tag = &rest[..finder.tag_length(i + 1, end)];
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
            return Some((tag.len() + 1, Construct::Hashtag(tag)));
        }
    }
    None
}

/// `<https://…>` at `i`: its length and where the address is. It holds no space (as Misskey
/// reads it): a `<` before an address in running text does not make a link of every word up
/// to a later `>`.
fn angle_address(finder: &mut Finder<'_>, i: usize, end: usize) -> Option<(usize, Range<usize>)> {
    let text = finder.text;
    if !text[i..end].starts_with('<') {
        return None;
    }
    let close = finder.next(mark_index(">"), i + 1, end)?;
    let spaced = finder.next(mark_index(" "), i + 1, end);
    (is_url(&text[i + 1..close]) && spaced.is_none_or(|space| space > close))
        .then(|| (close + 1 - i, i + 1..close))
}

/// An address at `i` as Misskey reads one: ASCII letters, digits and `.,_/:%#@$&?!~=+-`,
/// with brackets that close inside it; a `.` or `,` at its end is the sentence's.
fn address<'s>(finder: &Finder<'s>, i: usize, end: usize) -> Option<(usize, Construct<'s>)> {
    let s = &finder.text[i..end];
    let scheme = scheme(s)?;
    let url = s[..scheme + finder.address_length(i + scheme, end)].trim_end_matches(['.', ',']);
    (url.len() > scheme).then_some((url.len(), Construct::Url(url)))
}

/// `@user` or `@user@host` at the start of `s`, as Misskey reads it: ASCII letters, digits,
/// `_`, `.` and `-`, a trailing `.` or `-` left out; a mention it cannot read is text.
fn mention(s: &str) -> (usize, Construct<'_>) {
    fn trimmed(s: &str) -> &str {
        s.trim_end_matches(['.', '-'])
    }
    let rest = &s[1..];
    let part = |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)));
    let user = &rest[..part(rest).unwrap_or(rest.len())];
    let host = rest[user.len()..]
        .strip_prefix('@')
        .map(|h| &h[..part(h).unwrap_or(h.len())])
        .filter(|h| !h.is_empty());
    let read = 1 + user.len() + host.map_or(0, |h| 1 + h.len());
    let name = if host.is_some() { user } else { trimmed(user) };
    let host = host.map(trimmed);
    let bad = |s: &str| s.is_empty() || s.starts_with(['.', '-']);
    if bad(name) || host.is_some_and(bad) || (host.is_some() && trimmed(user) != user) {
        return (read, Construct::Literal(&s[..read]));
    }
    let acct = name.len() + host.map_or(0, |h| 1 + h.len());
    (1 + acct, Construct::Mention(&rest[..acct]))
}

/// Markup spanning `length` bytes whose inside, `start..end`, is parsed with `change`.
fn styled<'s>(
    length: usize,
    start: usize,
    end: usize,
    change: StyleChange,
) -> (usize, Construct<'s>) {
    (length, Construct::Styled { start, end, change })
}

/// The length of the `https://` or `http://` that `s` starts with.
fn scheme(s: &str) -> Option<usize> {
    ["https://", "http://"]
        .iter()
        .find(|scheme| {
            s.get(..scheme.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
        })
        .map(|scheme| scheme.len())
}

fn is_url(s: &str) -> bool {
    scheme(s).is_some_and(|length| s.len() > length)
}

/// `$[name.args inner]` → the inner text, parsed; brackets inside may nest.
fn function<'s>(finder: &mut Finder<'s>, i: usize, end: usize) -> Option<(usize, Construct<'s>)> {
    if !finder.text[i..end].starts_with("$[") {
        return None;
    }
    let name_start = i + 2;
    let name_end = finder.next(mark_index_name_end(), name_start, end)?;
    if name_end == name_start || finder.text.as_bytes()[name_end] == b']' {
        return None;
    }
    let close = finder.matching_bracket(i + 1)?;
    // `$[x2 ]` holds nothing: it is text, as on Misskey.
    (close < end && close > name_end + 1)
        .then(|| styled(close + 1 - i, name_end + 1, close, |_| {}))
}

/// `[label](https://…)` or `?[label](https://…)` (the `?` hides the link preview).
fn labelled_link<'s>(
    finder: &mut Finder<'s>,
    i: usize,
    end: usize,
) -> Option<(usize, Construct<'s>)> {
    let text = finder.text;
    let label_start = if text[i..end].starts_with("?[") {
        i + 2
    } else if text[i..end].starts_with('[') {
        i + 1
    } else {
        return None;
    };
    let label_end = finder.next(mark_index("]"), label_start, end)?;
    if label_end == label_start || finder.newline_within(label_start, label_end) {
        return None;
    }
    // Many `[` can share one `](url)`: it is checked once.
    let tail = match &finder.link_tail {
        Some((at, tail)) if *at == label_end => tail.clone(),
        _ => {
            let tail = link_tail(finder, label_end, end);
            finder.link_tail = Some((label_end, tail.clone()));
            tail
        }
    };
    let (length, url) = tail?;
    let label = &text[label_start..label_end];
    Some((
        label_end + length - i,
        Construct::Link {
            label,
            url: &text[url],
        },
    ))
}

/// At `at`, `](https://…)` or `](<https://…>)`, the address read as anywhere else: the
/// length from `at` and where the address is.
fn link_tail(finder: &mut Finder<'_>, at: usize, end: usize) -> LinkTail {
    let text = finder.text;
    if !text[at..end].starts_with("](") {
        return None;
    }
    let start = at + 2;
    let (url, after) = match angle_address(finder, start, end) {
        Some((length, url)) => (url, start + length),
        None => {
            let (length, Construct::Url(url)) = address(finder, start, end)? else {
                return None;
            };
            (start..start + url.len(), start + length)
        }
    };
    text[after..end]
        .starts_with(')')
        .then(|| (after + 1 - at, url))
}

#[cfg(test)]
mod tests;
