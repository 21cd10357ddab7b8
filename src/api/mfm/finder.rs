//! Where MFM's closing markup is: every occurrence of every mark listed once, ahead of the
//! parse, so finding the next one costs amortised constant time.

use std::collections::HashMap;
use std::ops::Range;

/// What markup can end with. A `Mark` is where one of them next occurs.
#[derive(Clone, Copy)]
enum Mark {
    Literal(&'static str),
    /// A line break.
    Newline,
    /// A space as Misskey reads it: ` `, a tab or an ideographic space.
    Space,
    /// What ends a `$[name`: a space, a line break or `]`.
    NameEnd,
}

const MARKS: [Mark; 20] = [
    Mark::Literal("***"),
    Mark::Literal("**"),
    Mark::Literal("</b>"),
    Mark::Literal("</i>"),
    Mark::Literal("</s>"),
    Mark::Literal("~~"),
    Mark::Literal("</small>"),
    Mark::Literal("</center>"),
    Mark::Literal("</plain>"),
    Mark::Literal("`"),
    Mark::Literal("\\)"),
    Mark::Literal("__"),
    Mark::Literal("*"),
    Mark::Literal("_"),
    Mark::Literal(">"),
    Mark::Literal(")"),
    Mark::Literal("]"),
    Mark::Newline,
    Mark::Space,
    Mark::NameEnd,
];

impl Mark {
    pub(super) fn at(self, text: &[u8], i: usize) -> bool {
        match self {
            Mark::Literal(mark) => text[i..].starts_with(mark.as_bytes()),
            Mark::Newline => text[i] == b'\n',
            Mark::Space => {
                matches!(text[i], b' ' | b'\t') || text[i..].starts_with("\u{3000}".as_bytes())
            }
            Mark::NameEnd => matches!(text[i], b' ' | b'\n' | b']'),
        }
    }

    pub(super) fn len(self) -> usize {
        match self {
            Mark::Literal(mark) => mark.len(),
            // An ideographic space is longer, but only where it starts is asked.
            Mark::Newline | Mark::Space | Mark::NameEnd => 1,
        }
    }
}

/// The bytes any of [`MARKS`] starts with (0xE3: an ideographic space's first).
const MARK_STARTS: &[u8] = b"*<~`\\_>)]\n [\t\xE3";

/// Finds closing markup in amortised constant time: every occurrence of every mark is listed
/// once, and the parser asks from positions that only grow, so each list is walked once.
/// A `](url)`: its length from the `]` and where its address is (`None`: none is there).
pub(super) type LinkTail = Option<(usize, Range<usize>)>;

pub(super) struct Finder<'s> {
    pub(super) text: &'s str,
    /// For each of [`MARKS`], where it occurs (overlapping occurrences too), in order.
    at: Vec<Vec<usize>>,
    /// For each of [`MARKS`], the first occurrence not yet passed.
    cursor: Vec<usize>,
    /// Each `[` and the `]` that matches it, in order of the `[`.
    brackets: Vec<(usize, Option<usize>)>,
    bracket_cursor: usize,
    /// The last `](url)` checked: its `]` and what is there.
    pub(super) link_tail: Option<(usize, LinkTail)>,
    /// Where each bracket that a hashtag may hold closes, and each an address may hold.
    tag_groups: HashMap<usize, usize>,
    address_groups: HashMap<usize, usize>,
    pub(super) steps: usize,
}

impl<'s> Finder<'s> {
    pub(super) fn new(text: &'s str) -> Self {
        let bytes = text.as_bytes();
        let mut at = vec![Vec::new(); MARKS.len()];
        let mut open = Vec::new();
        let mut brackets = Vec::new();
        for i in 0..bytes.len() {
            if !MARK_STARTS.contains(&bytes[i]) {
                continue;
            }
            for (list, mark) in at.iter_mut().zip(MARKS) {
                if mark.at(bytes, i) {
                    list.push(i);
                }
            }
            match bytes[i] {
                b'[' => {
                    open.push(brackets.len());
                    brackets.push((i, None));
                }
                b']' => {
                    if let Some(index) = open.pop() {
                        brackets[index].1 = Some(i);
                    }
                }
                _ => {}
            }
        }
        Finder {
            text,
            at,
            cursor: vec![0; MARKS.len()],
            brackets,
            bracket_cursor: 0,
            link_tail: None,
            tag_groups: groups(text, in_tag, TAG_PAIRS),
            address_groups: groups(text, in_address, ADDRESS_PAIRS),
            steps: bytes.len(),
        }
    }

    /// Where `mark` next starts at or after `from`, if it ends by `end`.
    pub(super) fn next(&mut self, mark: usize, from: usize, end: usize) -> Option<usize> {
        let list = &self.at[mark];
        let cursor = &mut self.cursor[mark];
        if *cursor > 0 && list[*cursor - 1] >= from {
            // Never happens while the parser moves forward; stays correct if it did.
            *cursor = list.partition_point(|&p| p < from);
        }
        while *cursor < list.len() && list[*cursor] < from {
            *cursor += 1;
            self.steps += 1;
        }
        let found = *list.get(*cursor)?;
        (found + MARKS[mark].len() <= end).then_some(found)
    }

    /// Is there a line break in `from..to`?
    pub(super) fn newline_within(&mut self, from: usize, to: usize) -> bool {
        self.next(mark_index("\n"), from, to).is_some()
    }

    /// The `]` that closes the `[` at `open`.
    pub(super) fn matching_bracket(&mut self, open: usize) -> Option<usize> {
        let list = &self.brackets;
        if self.bracket_cursor > 0 && list[self.bracket_cursor - 1].0 >= open {
            self.bracket_cursor = list.partition_point(|&(p, _)| p < open);
        }
        while self.bracket_cursor < list.len() && list[self.bracket_cursor].0 < open {
            self.bracket_cursor += 1;
            self.steps += 1;
        }
        list.get(self.bracket_cursor)
            .filter(|&&(p, _)| p == open)
            .and_then(|&(_, close)| close)
    }

    /// `open inner close` at `at` (before `end`), with something inside → (bytes spanned,
    /// where the inside starts and ends).
    /// The length of the hashtag whose name starts at `from`: as Misskey reads it, up to a
    /// space or one of `.,!?'"#:/<>【】`, with brackets that close inside it.
    pub(super) fn tag_length(&self, from: usize, end: usize) -> usize {
        let text = &self.text[..end];
        run(text, from, in_tag, TAG_PAIRS, &self.tag_groups)
    }

    /// The length of the address after a scheme (at `from`): ASCII letters, digits and
    /// `.,_/:%#@$&?!~=+-`, with brackets that close inside it.
    pub(super) fn address_length(&self, from: usize, end: usize) -> usize {
        let text = &self.text[..end];
        run(text, from, in_address, ADDRESS_PAIRS, &self.address_groups)
    }

    pub(super) fn enclosed(
        &mut self,
        at: usize,
        end: usize,
        open: &str,
        close: &'static str,
    ) -> Option<(usize, usize, usize)> {
        if !self.text[at..end].starts_with(open) {
            return None;
        }
        let inner = at + open.len();
        let found = self.next(mark_index(close), inner, end)?;
        (found > inner).then_some((found + close.len() - at, inner, found))
    }
}

/// The index in [`MARKS`] of a literal mark (or of the line break, for `"\n"`).
pub(super) fn mark_index(mark: &str) -> usize {
    MARKS
        .iter()
        .position(|m| match m {
            Mark::Literal(literal) => *literal == mark,
            Mark::Newline => mark == "\n",
            Mark::Space => mark == " ",
            Mark::NameEnd => false,
        })
        .expect("a mark the finder lists")
}

/// The index in [`MARKS`] of what ends a `$[name`.
pub(super) fn mark_index_name_end() -> usize {
    MARKS.len() - 1
}

const TAG_PAIRS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('「', '」'), ('（', '）')];
const ADDRESS_PAIRS: &[(char, char)] = &[('(', ')'), ('[', ']')];

fn in_tag(c: char) -> bool {
    !c.is_whitespace() && !".,!?'\"#:/<>【】()[]「」（）".contains(c)
}

fn in_address(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".,_/:%#@$&?!~=+-".contains(c)
}

/// Where each opening bracket of `pairs` closes, within a run of `allowed` characters and
/// brackets: one pass with a stack, so a tag or address is read in time linear in it.
fn groups(text: &str, allowed: fn(char) -> bool, pairs: &[(char, char)]) -> HashMap<usize, usize> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut closes = HashMap::new();
    for (i, c) in text.char_indices() {
        if let Some(&(_, close)) = pairs.iter().find(|(opening, _)| *opening == c) {
            open.push((i, close));
        } else if pairs.iter().any(|(_, close)| *close == c) {
            match open.last() {
                Some(&(at, close)) if close == c => {
                    open.pop();
                    closes.insert(at, i);
                }
                // A bracket of another kind: every group still open fails.
                _ => open.clear(),
            }
        } else if !allowed(c) {
            open.clear();
        }
    }
    closes
}

/// The length of the run from `from` of `allowed` characters and of whole bracket groups, in
/// `text` (cut where the markup around ends).
fn run(
    text: &str,
    from: usize,
    allowed: fn(char) -> bool,
    pairs: &[(char, char)],
    groups: &HashMap<usize, usize>,
) -> usize {
    let mut at = from;
    while let Some(c) = text[at..].chars().next() {
        if pairs.iter().any(|(opening, _)| *opening == c) {
            let after = |close: usize| Some(close + text.get(close..)?.chars().next()?.len_utf8());
            match groups.get(&at).and_then(|&close| after(close)) {
                Some(after) => at = after,
                None => break,
            }
        } else if allowed(c) {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    at - from
}
