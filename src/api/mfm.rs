//! Misskey's MFM ("Markup language For Misskey") → [`RichText`]. MFM is plain text with
//! Markdown-like and HTML-like markup. Only what a terminal can show is kept: `$[fn …]`
//! effects show their inner text, and anything malformed or unclosed stays literal text.

use super::model::{Block, BlockKind, Inline, Link, RichText, TextStyle};
use crate::sanitize;

/// Converts a note's text. `host` is the server's host, for mention and hashtag links.
pub fn to_rich_text(text: &str, host: &str) -> RichText {
    let text = sanitize::text(text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut blocks = Blocks {
        host,
        blocks: Vec::new(),
        paragraph: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            blocks.flush();
            let mut code = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "```" {
                code.push(lines[i]);
                i += 1;
            }
            i += 1; // the closing fence, if there is one
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
            blocks.flush();
            let mut quoted = Vec::new();
            while i < lines.len() {
                match quote_level(lines[i]) {
                    Some((d, rest)) if d == depth => quoted.push(rest),
                    _ => break,
                }
                i += 1;
            }
            blocks.push_block(BlockKind::Paragraph, depth, &quoted.join("\n"));
            continue;
        }
        if let Some(after) = trimmed.strip_prefix("<center>") {
            // A centred block runs to `</center>`, possibly over several lines.
            let mut content = vec![after];
            let mut j = i;
            while !content.last().is_some_and(|l| l.contains("</center>")) && j + 1 < lines.len() {
                j += 1;
                content.push(lines[j]);
            }
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
    RichText {
        blocks: blocks.blocks,
    }
}

struct Blocks<'a> {
    host: &'a str,
    blocks: Vec<Block>,
    paragraph: Vec<&'a str>,
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
        inlines.parse(text, TextStyle::default());
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

/// A recognised piece of inline markup.
enum Construct<'s> {
    /// Inner text parsed again with a changed style.
    Styled(&'s str, StyleChange),
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

    fn parse(&mut self, s: &str, style: TextStyle) {
        let mut plain_from = 0;
        let mut i = 0;
        while i < s.len() {
            let previous = s[..i].chars().next_back();
            if let Some((length, construct)) = recognize(&s[i..], previous) {
                self.push(&s[plain_from..i], style, None);
                self.apply(construct, style);
                i += length;
                plain_from = i;
            } else {
                i += s[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        self.push(&s[plain_from..], style, None);
    }

    fn apply(&mut self, construct: Construct, style: TextStyle) {
        match construct {
            Construct::Styled(inner, change) => {
                let mut inner_style = style;
                change(&mut inner_style);
                self.parse(inner, inner_style);
            }
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

/// Recognises markup at the start of `s`: returns the bytes it spans and what it is.
fn recognize(s: &str, previous: Option<char>) -> Option<(usize, Construct<'_>)> {
    let word_start = previous.is_none_or(|c| !c.is_alphanumeric() && c != '_');
    let tags: [(&str, &str, StyleChange); 7] = [
        ("**", "**", |s| s.bold = true),
        ("<b>", "</b>", |s| s.bold = true),
        ("<i>", "</i>", |s| s.italic = true),
        ("<s>", "</s>", |s| s.strike = true),
        ("~~", "~~", |s| s.strike = true),
        ("<small>", "</small>", |s| s.small = true),
        ("<center>", "</center>", |_| {}),
    ];
    if let Some(found) = enclosed(s, "<plain>", "</plain>") {
        return Some((found.0, Construct::Literal(found.1)));
    }
    for (open, close) in [("`", "`"), ("\\(", "\\)")] {
        if let Some((length, inner)) = enclosed(s, open, close)
            && !inner.contains('\n')
        {
            return Some((length, Construct::Code(inner)));
        }
    }
    for (open, close, change) in tags {
        if let Some((length, inner)) = enclosed(s, open, close)
            && !(open == "~~" && inner.contains('\n'))
        {
            return Some((length, Construct::Styled(inner, change)));
        }
    }
    // `__bold__`, `*italic*` and `_italic_` only around plain words, as Misskey does.
    let simple = |inner: &str| inner.chars().all(|c| c.is_alphanumeric() || c == ' ');
    if word_start {
        for (open, change) in [
            ("__", (|s: &mut TextStyle| s.bold = true) as StyleChange),
            ("*", |s| s.italic = true),
            ("_", |s| s.italic = true),
        ] {
            if let Some((length, inner)) = enclosed(s, open, open)
                && simple(inner)
            {
                return Some((length, Construct::Styled(inner, change)));
            }
        }
    }
    if let Some(found) = function(s) {
        return Some(found);
    }
    if let Some(found) = labelled_link(s) {
        return Some(found);
    }
    if let Some(rest) = s.strip_prefix('<')
        && let Some(end) = rest.find('>')
        && is_url(&rest[..end])
    {
        return Some((end + 2, Construct::Url(&rest[..end])));
    }
    if !word_start {
        return None;
    }
    if is_url(s) {
        let end = s
            .find(|c: char| c.is_whitespace() || "<>\"'`[]".contains(c))
            .unwrap_or(s.len());
        let url = s[..end].trim_end_matches(['.', ',', '!', '?', ':', ';', ')']);
        return Some((url.len(), Construct::Url(url)));
    }
    if let Some(rest) = s.strip_prefix('@') {
        let user_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if user_end == 0 {
            return None;
        }
        let mut end = user_end;
        if let Some(host) = rest[user_end..].strip_prefix('@') {
            let host_end = host
                .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-' || c == '_'))
                .unwrap_or(host.len());
            let host = host[..host_end].trim_end_matches(['.', '-']);
            if !host.is_empty() {
                end = user_end + 1 + host.len();
            }
        }
        return Some((end + 1, Construct::Mention(&rest[..end])));
    }
    if let Some(rest) = s.strip_prefix('#') {
        let end = rest
            .find(|c: char| c.is_whitespace() || ".,!?'\"#:/()[]{}<>「」（）【】、。".contains(c))
            .unwrap_or(rest.len());
        let tag = &rest[..end];
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
            return Some((end + 1, Construct::Hashtag(tag)));
        }
    }
    None
}

fn is_url(s: &str) -> bool {
    ["https://", "http://"].iter().any(|scheme| {
        s.len() > scheme.len()
            && s.get(..scheme.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
    })
}

/// `open inner close` at the start of `s`, with something inside → (bytes spanned, inner).
fn enclosed<'s>(s: &'s str, open: &str, close: &str) -> Option<(usize, &'s str)> {
    let rest = s.strip_prefix(open)?;
    let end = rest.find(close)?;
    (end > 0).then(|| (open.len() + end + close.len(), &rest[..end]))
}

/// `$[name.args inner]` → the inner text, parsed; brackets inside may nest.
fn function(s: &str) -> Option<(usize, Construct<'_>)> {
    let rest = s.strip_prefix("$[")?;
    let name_end = rest.find([' ', '\n', ']'])?;
    if name_end == 0 || !rest[name_end..].starts_with([' ', '\n']) {
        return None;
    }
    let mut depth = 0usize;
    for (index, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                let inner = &rest[name_end + 1..index];
                return Some((2 + index + 1, Construct::Styled(inner, |_| {})));
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `[label](https://…)` or `?[label](https://…)` (the `?` hides the link preview).
fn labelled_link(s: &str) -> Option<(usize, Construct<'_>)> {
    let (skip, rest) = match s.strip_prefix("?[") {
        Some(rest) => (2, rest),
        None => (1, s.strip_prefix('[')?),
    };
    let label_end = rest.find(']')?;
    let label = &rest[..label_end];
    let after = rest[label_end + 1..].strip_prefix('(')?;
    let url_end = after.find(')')?;
    let url = &after[..url_end];
    if label.is_empty() || label.contains('\n') || !is_url(url) || url.contains(char::is_whitespace)
    {
        return None;
    }
    let length = skip + label_end + 2 + url_end + 1;
    Some((length, Construct::Link { label, url }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rich: &RichText) -> Vec<String> {
        rich.blocks
            .iter()
            .map(|b| b.inlines.iter().map(|i| i.text.as_str()).collect())
            .collect()
    }

    fn styled(rich: &RichText, text: &str) -> TextStyle {
        rich.blocks
            .iter()
            .flat_map(|b| &b.inlines)
            .find(|i| i.text == text)
            .unwrap_or_else(|| panic!("no inline {text:?} in {rich:?}"))
            .style
    }

    #[test]
    fn styles_nest() {
        let rich = to_rich_text(
            "**bold <i>both</i>** ~~gone~~ <small>tiny</small>",
            "h.example",
        );
        assert!(styled(&rich, "bold ").bold);
        let both = styled(&rich, "both");
        assert!(both.bold && both.italic);
        assert!(styled(&rich, "gone").strike);
        assert!(styled(&rich, "tiny").small);
    }

    #[test]
    fn unclosed_and_unknown_markup_stays_text() {
        let rich = to_rich_text("**open and $[unknown.fn inner] and $[x] `tick", "h.example");
        assert_eq!(texts(&rich), ["**open and inner and $[x] `tick"]);
    }

    #[test]
    fn functions_keep_their_inner_text_even_nested() {
        let rich = to_rich_text(
            "$[spin.speed=2s $[x2 **big**] [a](https://a.example)]",
            "h.example",
        );
        assert_eq!(texts(&rich), ["big a"]);
        assert!(styled(&rich, "big").bold);
    }

    #[test]
    fn links_mentions_and_hashtags() {
        let rich = to_rich_text(
            "hi @alice and @bob@remote.example. see https://x.example/a?b=1, [label](https://l.example) #rust!",
            "misskey.example",
        );
        let links: Vec<&Link> = rich.blocks[0]
            .inlines
            .iter()
            .filter_map(|i| i.link.as_ref())
            .collect();
        assert_eq!(
            links,
            [
                &Link::Mention {
                    acct: "alice".into(),
                    url: "https://misskey.example/@alice".into()
                },
                &Link::Mention {
                    acct: "bob@remote.example".into(),
                    url: "https://misskey.example/@bob@remote.example".into()
                },
                &Link::Url("https://x.example/a?b=1".into()),
                &Link::Url("https://l.example".into()),
                &Link::Hashtag {
                    tag: "rust".into(),
                    url: "https://misskey.example/tags/rust".into()
                },
            ]
        );
        assert_eq!(
            texts(&rich),
            ["hi @alice and @bob@remote.example. see https://x.example/a?b=1, label #rust!"]
        );
    }

    #[test]
    fn no_mention_inside_an_address_and_plain_is_literal() {
        let rich = to_rich_text(
            "mail me@example.com <plain>**not bold** #notag</plain>",
            "h",
        );
        assert!(rich.blocks[0].inlines.iter().all(|i| i.link.is_none()));
        assert_eq!(texts(&rich), ["mail me@example.com **not bold** #notag"]);
    }

    #[test]
    fn blocks_quotes_code_and_center() {
        let rich = to_rich_text(
            "first\nline\n\n> quoted **x**\n> more\n```\nlet a = 1;\n  b\n```\n<center>mid\ndle</center>\nafter",
            "h",
        );
        let kinds: Vec<(BlockKind, u8)> = rich
            .blocks
            .iter()
            .map(|b| (b.kind.clone(), b.quote_depth))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, 0),
                (BlockKind::Paragraph, 1),
                (BlockKind::Code, 0),
                (BlockKind::Center, 0),
                (BlockKind::Paragraph, 0),
            ]
        );
        assert_eq!(
            texts(&rich),
            [
                "first\nline",
                "quoted x\nmore",
                "let a = 1;\n  b",
                "mid\ndle",
                "after"
            ]
        );
    }

    #[test]
    fn cjk_hashtags_end_at_cjk_punctuation_and_underscores_need_words() {
        let rich = to_rich_text("#日本語、ok snake_case_name _it_", "h");
        let first = &rich.blocks[0].inlines[0];
        assert_eq!(first.text, "#日本語");
        assert!(styled(&rich, "it").italic);
        assert!(texts(&rich)[0].contains("snake_case_name"));
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let rich = to_rich_text("a\u{1b}[31m**b\u{9b}**\u{202e}", "h");
        let all = texts(&rich).join("");
        assert!(
            !all.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{all:?}"
        );
    }

    #[test]
    fn never_panics_on_fragments_next_to_wide_characters() {
        let pieces = [
            "`",
            "**",
            "__",
            "*",
            "_",
            "~~",
            "$[",
            "$[x ",
            "]",
            "[",
            "?[",
            "](",
            ")",
            "<b>",
            "</b>",
            "<",
            ">",
            "@",
            "#",
            "https://",
            "\\(",
            "\\)",
            "<plain>",
            "<center>",
            "</center>",
            "```",
            "\n",
            "> ",
            "日本",
            "😀",
            "a",
            " ",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}語");
                    let _ = to_rich_text(&text, "h");
                }
            }
        }
    }
}
