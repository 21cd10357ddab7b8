//! Mastodon's status HTML → [`RichText`]. Mastodon sends sanitized HTML with a small tag set
//! (p, br, a, span, and from 4.x strong/em/code/pre/blockquote/ul/ol/li/del); anything else is
//! read for its text. Malformed input degrades to text, never to an error.

use super::model::{self, Block, BlockKind, Inline, Link, RichText, TextStyle};
use crate::sanitize;

/// Converts status HTML. `mention_acct` maps a mention's profile URL to its full `user@host`.
pub fn to_rich_text(html: &str, mention_acct: &dyn Fn(&str) -> Option<String>) -> RichText {
    to_rich_text_counting(html, mention_acct).0
}

/// [`to_rich_text`], and the steps it took (for the test that the work is linear: a stray
/// closing tag costs one look-up, not a walk over every open element).
fn to_rich_text_counting(
    html: &str,
    mention_acct: &dyn Fn(&str) -> Option<String>,
) -> (RichText, usize) {
    let (shown, cut) = model::cut_long(html);
    let mut builder = Builder::default();
    let mut steps = 0;
    for token in Tokenizer::new(shown) {
        steps += 1;
        match token {
            Token::Text(text) => builder.text(&text),
            Token::Open { name, attrs, .. } => builder.open(&name, &attrs, mention_acct),
            Token::Close(name) => builder.close(&name),
        }
    }
    steps += builder.closed;
    let mut rich = builder.finish();
    if cut {
        rich.note_cut(html.len());
    }
    (rich, steps)
}

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Open {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Close(String),
}

struct Tokenizer<'a> {
    rest: &'a str,
}

impl<'a> Tokenizer<'a> {
    fn new(html: &'a str) -> Self {
        Tokenizer { rest: html }
    }
}

impl Iterator for Tokenizer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            if let Some(after) = self.rest.strip_prefix("<!--") {
                self.rest = after.find("-->").map_or("", |end| &after[end + 3..]);
                continue;
            }
            let starts_tag = self.rest.starts_with('<')
                && self.rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
            if !starts_tag {
                // Text runs to the next thing that looks like a tag.
                let first = self.rest.chars().next().map_or(1, char::len_utf8);
                let end = self.rest[first..]
                    .find('<')
                    .map_or(self.rest.len(), |i| i + first);
                let (text, rest) = self.rest.split_at(end);
                self.rest = rest;
                return Some(Token::Text(decode_entities(text)));
            }
            let Some(end) = self.rest.find('>') else {
                let text = decode_entities(self.rest);
                self.rest = "";
                return Some(Token::Text(text));
            };
            let inner = &self.rest[1..end];
            self.rest = &self.rest[end + 1..];
            if inner.starts_with('!') {
                continue; // doctype and the like
            }
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Token::Close(name.trim().to_ascii_lowercase()));
            }
            let inner = inner.trim_end_matches('/');
            let name_end = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            return Some(Token::Open {
                name: inner[..name_end].to_ascii_lowercase(),
                attrs: parse_attrs(&inner[name_end..]),
            });
        }
    }
}

fn parse_attrs(mut s: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return attrs;
        }
        let name_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let value = if let Some(after_eq) = s.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (value, rest) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                    (&after_eq[..end], &after_eq[end..])
                }
            };
            s = rest;
            decode_entities(value)
        } else {
            String::new()
        };
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entities are short: looking further for the `;` would make `&&&&…` quadratic.
        let near = &rest.as_bytes()[..rest.len().min(11)];
        let semicolon = near.iter().position(|&b| b == b';');
        let decoded = semicolon.and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "hellip" => Some('…'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What an open element changed, so closing it can undo exactly that.
#[derive(Debug, Clone, PartialEq)]
enum Effect {
    None,
    Block,
    Heading,
    Bold,
    Italic,
    Strike,
    Code,
    Link,
    Invisible,
    Ellipsis,
    Quote,
    Pre,
    List,
    ListItem,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    kind: Option<BlockKind>,
    quote_depth: u8,
    style: StyleDepth,
    link: Option<Link>,
    invisible: u32,
    pre: u32,
    /// Open lists: `Some(next number)` for ordered, `None` for bullets.
    lists: Vec<Option<u32>>,
    open: Vec<(String, Effect)>,
    /// How many elements of each name are open, so a stray closing tag is known at once.
    open_names: std::collections::HashMap<String, usize>,
    /// Elements closed so far (each is closed once: the work of closing is linear).
    closed: usize,
}

#[derive(Default)]
struct StyleDepth {
    bold: u32,
    italic: u32,
    strike: u32,
    code: u32,
}

const VOID_ELEMENTS: &[&str] = &["br", "img", "hr", "meta", "link", "input", "wbr"];

impl Builder {
    fn text(&mut self, raw: &str) {
        if self.invisible > 0 {
            return;
        }
        let text = if self.pre > 0 {
            sanitize::text(raw).into_owned()
        } else {
            let mut collapsed = String::with_capacity(raw.len());
            let mut last_space = self.ends_with_space();
            for c in sanitize::line(raw).chars() {
                if c.is_whitespace() && c != '\u{a0}' {
                    if !last_space {
                        collapsed.push(' ');
                    }
                    last_space = true;
                } else {
                    collapsed.push(if c == '\u{a0}' { ' ' } else { c });
                    last_space = false;
                }
            }
            collapsed
        };
        self.push(&text);
    }

    fn ends_with_space(&self) -> bool {
        self.inlines
            .last()
            .is_none_or(|i| i.text.is_empty() || i.text.ends_with([' ', '\n']))
    }

    fn current_style(&self) -> TextStyle {
        TextStyle {
            bold: self.style.bold > 0,
            italic: self.style.italic > 0,
            strike: self.style.strike > 0,
            code: self.style.code > 0,
            small: false,
        }
    }

    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let style = self.current_style();
        match self.inlines.last_mut() {
            Some(last) if last.style == style && last.link == self.link => last.text.push_str(text),
            _ => self.inlines.push(Inline {
                text: text.to_owned(),
                style,
                link: self.link.clone(),
            }),
        }
    }

    fn flush(&mut self) {
        let mut inlines = std::mem::take(&mut self.inlines);
        if let Some(first) = inlines.first_mut() {
            first.text = first.text.trim_start_matches(' ').to_owned();
        }
        if let Some(last) = inlines.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        inlines.retain(|i| !i.text.is_empty());
        if !inlines.is_empty() {
            self.blocks.push(Block {
                kind: self.kind.clone().unwrap_or(BlockKind::Paragraph),
                quote_depth: self.quote_depth,
                inlines,
            });
        }
    }

    fn open(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        mention_acct: &dyn Fn(&str) -> Option<String>,
    ) {
        let attr = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let classes: Vec<&str> = attr("class").unwrap_or("").split_whitespace().collect();
        let effect = match name {
            "br" => {
                self.push("\n");
                Effect::None
            }
            // Mastodon's "RE: <link>" fallback for a quote skua shows under the post itself.
            "p" if classes.contains(&"quote-inline") => {
                self.flush();
                self.invisible += 1;
                Effect::Invisible
            }
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                if name.starts_with('h') {
                    self.style.bold += 1;
                    Effect::Heading
                } else {
                    Effect::Block
                }
            }
            "strong" | "b" => {
                self.style.bold += 1;
                Effect::Bold
            }
            "em" | "i" => {
                self.style.italic += 1;
                Effect::Italic
            }
            "del" | "s" | "strike" => {
                self.style.strike += 1;
                Effect::Strike
            }
            "code" => {
                self.style.code += 1;
                Effect::Code
            }
            "pre" => {
                self.flush();
                self.pre += 1;
                self.kind = Some(BlockKind::Code);
                Effect::Pre
            }
            "blockquote" => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_add(1);
                Effect::Quote
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.push((name == "ol").then_some(1));
                Effect::List
            }
            "li" => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_owned(),
                };
                self.kind = Some(BlockKind::ListItem(marker));
                Effect::ListItem
            }
            "a" => {
                let href = sanitize::owned_line(attr("href").unwrap_or(""));
                self.link = Some(
                    if classes.contains(&"hashtag") || attr("rel") == Some("tag") {
                        let tag = href.rsplit('/').next().unwrap_or("").to_owned();
                        Link::Hashtag { tag, url: href }
                    } else if classes.contains(&"mention") {
                        let acct = mention_acct(&href).unwrap_or_default();
                        Link::Mention { acct, url: href }
                    } else {
                        Link::Url(href)
                    },
                );
                Effect::Link
            }
            "span" if classes.contains(&"invisible") => {
                self.invisible += 1;
                Effect::Invisible
            }
            "span" if classes.contains(&"ellipsis") => Effect::Ellipsis,
            "script" | "style" => {
                self.invisible += 1;
                Effect::Invisible
            }
            _ => Effect::None,
        };
        if !VOID_ELEMENTS.contains(&name) {
            *self.open_names.entry(name.to_owned()).or_default() += 1;
            self.open.push((name.to_owned(), effect));
        }
    }

    fn close(&mut self, name: &str) {
        if self.open_names.get(name).is_none_or(|&count| count == 0) {
            return; // a stray close tag
        }
        let Some(position) = self.open.iter().rposition(|(open, _)| open == name) else {
            return;
        };
        for (open, effect) in self.open.split_off(position).into_iter().rev() {
            self.closed += 1;
            if let Some(count) = self.open_names.get_mut(&open) {
                *count -= 1;
            }
            self.undo(effect);
        }
    }

    fn undo(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Block => self.flush(),
            Effect::Bold => self.style.bold -= 1,
            Effect::Heading => {
                self.style.bold -= 1;
                self.flush();
            }
            Effect::Italic => self.style.italic -= 1,
            Effect::Strike => self.style.strike -= 1,
            Effect::Code => self.style.code -= 1,
            Effect::Link => self.link = None,
            Effect::Invisible => self.invisible -= 1,
            Effect::Ellipsis => self.push("…"),
            Effect::Quote => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            Effect::Pre => {
                self.flush();
                self.pre -= 1;
                self.kind = None;
            }
            Effect::List => {
                self.flush();
                self.lists.pop();
                self.kind = None;
            }
            Effect::ListItem => {
                self.flush();
                self.kind = None;
            }
        }
    }

    fn finish(mut self) -> RichText {
        self.flush();
        RichText {
            blocks: self.blocks,
        }
    }
}

#[cfg(test)]
mod tests;
