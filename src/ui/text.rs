//! Wrapping styled text to a width, measuring in terminal columns (CJK and emoji take two).
//! Lines break at spaces and around wide characters (CJK has no spaces between words); a word
//! wider than the line is split between grapheme clusters. Text is measured and cut by grapheme
//! cluster, as the terminal draws it: a family emoji (ZWJ sequence), a skin tone, a flag or a
//! letter with combining marks is one unit that is never split.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::theme;
use crate::api::{BlockKind, Link, RichText, TextStyle};

#[derive(Debug, Default)]
struct Word {
    space_before: bool,
    pieces: Vec<(String, Style)>,
}

impl Word {
    fn width(&self) -> usize {
        self.pieces.iter().map(|(t, _)| t.width()).sum()
    }

    fn push(&mut self, grapheme: &str, style: Style) {
        match self.pieces.last_mut() {
            Some((text, s)) if *s == style => text.push_str(grapheme),
            _ => self.pieces.push((grapheme.to_owned(), style)),
        }
    }
}

enum Item {
    Word(Word),
    Break,
}

/// The words of `runs`, as many as fill `max_rows` lines of `width` columns (and a few more):
/// a text of any length costs what is shown of it.
fn words(runs: &[(&str, Style)], width: usize, max_rows: usize) -> Vec<Item> {
    let budget = max_rows.saturating_mul(width);
    let mut taken = 0usize;
    let mut items = Vec::new();
    let mut word = Word::default();
    let mut space = false;
    let flush = |word: &mut Word, items: &mut Vec<Item>, space: &mut bool| {
        if !word.pieces.is_empty() {
            let mut done = std::mem::take(word);
            done.space_before = *space;
            items.push(Item::Word(done));
            *space = false;
        }
    };
    'runs: for (text, style) in runs {
        for g in text.graphemes(true) {
            if taken > budget {
                break 'runs;
            }
            match g {
                "\n" | "\r\n" => {
                    flush(&mut word, &mut items, &mut space);
                    items.push(Item::Break);
                    space = false;
                    taken = taken.saturating_add(width);
                }
                " " => {
                    flush(&mut word, &mut items, &mut space);
                    space = true;
                    taken += 1;
                }
                g => {
                    let columns = g.width();
                    if columns >= 2 {
                        flush(&mut word, &mut items, &mut space);
                        word.push(g, *style);
                        flush(&mut word, &mut items, &mut space);
                    } else {
                        word.push(g, *style);
                    }
                    taken += columns;
                }
            }
        }
    }
    flush(&mut word, &mut items, &mut space);
    items
}

/// Wraps styled runs into lines no wider than `width` columns: the first `max_rows` of them.
pub fn wrap(runs: &[(&str, Style)], width: usize, max_rows: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for item in words(runs, width, max_rows) {
        if lines.len() > max_rows {
            break;
        }
        let word = match item {
            Item::Break => {
                lines.push(Vec::new());
                used = 0;
                continue;
            }
            Item::Word(word) => word,
        };
        let word_width = word.width();
        let gap = usize::from(word.space_before && used > 0);
        if used + gap + word_width > width && used > 0 {
            lines.push(Vec::new());
            used = 0;
        } else if gap == 1 {
            lines.last_mut().expect("never empty").push(Span::raw(" "));
            used += 1;
        }
        if word_width <= width - used {
            for (text, style) in word.pieces {
                lines
                    .last_mut()
                    .expect("never empty")
                    .push(Span::styled(text, style));
            }
            used += word_width;
            continue;
        }
        // Too wide for any line: split between graphemes.
        'pieces: for (text, style) in word.pieces {
            for g in text.graphemes(true) {
                if lines.len() > max_rows {
                    break 'pieces;
                }
                push_grapheme(&mut lines, &mut used, width, g, style);
            }
        }
    }
    lines.truncate(max_rows.max(1));
    lines
}

/// Plain text in one style, wrapped.
pub fn wrap_plain(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    wrap(&[(text, style)], width, usize::MAX)
        .into_iter()
        .map(Line::from)
        .collect()
}

/// Cuts spans to `width` columns, ending with `…` when something was cut.
pub fn truncate(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return spans;
    }
    let budget = width.saturating_sub(1);
    let mut used = 0;
    let mut out = Vec::new();
    for span in spans {
        let mut text = String::new();
        for g in span.content.graphemes(true) {
            let w = g.width();
            if used + w > budget {
                break;
            }
            text.push_str(g);
            used += w;
        }
        let done = text.width() < span.content.width();
        if !text.is_empty() {
            out.push(Span::styled(text, span.style));
        }
        if done {
            break;
        }
    }
    if width > 0 {
        out.push(Span::styled("…", theme::DIM));
    }
    out
}

fn inline_style(style: TextStyle, link: Option<&Link>) -> Style {
    let mut s = match link {
        Some(Link::Url(_)) => theme::LINK,
        Some(Link::Mention { .. }) => theme::MENTION,
        Some(Link::Hashtag { .. }) => theme::HASHTAG,
        None if style.code => theme::CODE,
        None => Style::new(),
    };
    if style.bold {
        s = s.add_modifier(ratatui::style::Modifier::BOLD);
    }
    if style.italic {
        s = s.add_modifier(ratatui::style::Modifier::ITALIC);
    }
    if style.strike {
        s = s.add_modifier(ratatui::style::Modifier::CROSSED_OUT);
    }
    if style.small {
        s = s.add_modifier(ratatui::style::Modifier::DIM);
    }
    if style.code && link.is_some() {
        s = s.patch(theme::CODE);
    }
    s
}

/// Rich text → lines: a blank line between paragraphs, `│` bars for quotes, list markers with
/// hanging indents, code blocks split by character. The first `max_rows` lines: what is not
/// shown is not laid out.
pub fn rich_lines(text: &RichText, width: usize, max_rows: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut previous: Option<&BlockKind> = None;
    for block in &text.blocks {
        if out.len() >= max_rows {
            break;
        }
        let consecutive_items = matches!(previous, Some(BlockKind::ListItem(_)))
            && matches!(block.kind, BlockKind::ListItem(_));
        if previous.is_some() && !consecutive_items {
            out.push(Line::default());
        }
        previous = Some(&block.kind);

        let quote: String = "│ ".repeat(usize::from(block.quote_depth));
        let (first_prefix, next_prefix) = match &block.kind {
            BlockKind::ListItem(marker) => (format!("{marker} "), " ".repeat(marker.width() + 1)),
            _ => (String::new(), String::new()),
        };
        let prefix_width = quote.width() + first_prefix.width();
        let inner = width.saturating_sub(prefix_width).max(1);
        // Links carry their marks while a frame collects hyperlinks.
        let marked: Vec<Option<String>> = block
            .inlines
            .iter()
            .map(|i| {
                let url = match i.link.as_ref()? {
                    Link::Url(url) | Link::Mention { url, .. } | Link::Hashtag { url, .. } => url,
                };
                super::links::mark(&i.text, url)
            })
            .collect();
        let runs: Vec<(&str, Style)> = block
            .inlines
            .iter()
            .zip(&marked)
            .map(|(i, marked)| {
                let text = marked.as_deref().unwrap_or(&i.text);
                (text, inline_style(i.style, i.link.as_ref()))
            })
            .collect();
        let rows = max_rows - out.len();
        let wrapped = if block.kind == BlockKind::Code {
            code_lines(&runs, inner, rows)
        } else {
            wrap(&runs, inner, rows)
        };
        for (index, spans) in wrapped.into_iter().enumerate() {
            let mut line = Vec::with_capacity(spans.len() + 3);
            if !quote.is_empty() {
                line.push(Span::styled(quote.clone(), theme::QUOTE));
            }
            if block.kind == BlockKind::Center {
                let used: usize = spans.iter().map(|s| s.content.width()).sum();
                line.push(Span::raw(" ".repeat(inner.saturating_sub(used) / 2)));
            }
            let prefix = if index == 0 {
                &first_prefix
            } else {
                &next_prefix
            };
            if !prefix.is_empty() {
                line.push(Span::styled(prefix.clone(), theme::DIM));
            }
            line.extend(spans);
            out.push(Line::from(line));
        }
    }
    out.truncate(max_rows);
    out
}

/// Preformatted text: keep spacing, break only where a line is too long; the first
/// `max_rows` lines.
fn code_lines(runs: &[(&str, Style)], width: usize, max_rows: usize) -> Vec<Vec<Span<'static>>> {
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    'runs: for (text, style) in runs {
        let style = style.patch(theme::CODE);
        for g in text.graphemes(true) {
            if lines.len() > max_rows {
                break 'runs;
            }
            if g == "\n" || g == "\r\n" {
                lines.push(Vec::new());
                used = 0;
                continue;
            }
            push_grapheme(&mut lines, &mut used, width, g, style);
        }
    }
    lines.truncate(max_rows.max(1));
    lines
}

/// Appends one grapheme to the last line, starting a new line when it would not fit.
fn push_grapheme(
    lines: &mut Vec<Vec<Span<'static>>>,
    used: &mut usize,
    width: usize,
    grapheme: &str,
    style: Style,
) {
    let w = grapheme.width();
    if *used + w > width && *used > 0 {
        lines.push(Vec::new());
        *used = 0;
    }
    let line = lines.last_mut().expect("never empty");
    match line.last_mut() {
        Some(span) if span.style == style => span.content.to_mut().push_str(grapheme),
        _ => line.push(Span::styled(grapheme.to_owned(), style)),
    }
    *used += w;
}

/// Cuts one-line text into pieces of at most `width` columns, between graphemes (a long
/// address shown so it can be selected line by line).
pub fn chunks(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for g in text.graphemes(true) {
        push_grapheme(&mut lines, &mut used, width.max(1), g, Style::new());
    }
    lines
        .into_iter()
        .map(|spans| spans.into_iter().map(|s| s.content.into_owned()).collect())
        .collect()
}

/// A one-line field as typed: `prefix`, the text and the cursor (a reversed cell), scrolled
/// sideways so the cursor stays in view.
pub fn editor_line(
    editor: &crate::state::Editor,
    prefix: Span<'static>,
    width: usize,
) -> Line<'static> {
    cursor_line(&editor.text(), editor.cursor().1, prefix, width)
}

/// A line of text with the cursor at `column` (in characters), scrolled sideways so the
/// cursor stays in view.
pub fn cursor_line(
    text: &str,
    column: usize,
    prefix: Span<'static>,
    width: usize,
) -> Line<'static> {
    let at = text
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| i);
    let (before, after) = text.split_at(at);
    let mut rest = after.graphemes(true);
    let under_cursor = rest.next().unwrap_or(" ").to_owned();
    let room = width
        .saturating_sub(prefix.content.width())
        .saturating_sub(under_cursor.width());
    // Drop graphemes from the start until what precedes the cursor fits.
    let mut shown_before = before;
    while shown_before.width() > room {
        let first = shown_before.graphemes(true).next().map_or(0, str::len);
        shown_before = &shown_before[first.max(1)..];
    }
    truncate(
        vec![
            prefix,
            Span::raw(shown_before.to_owned()),
            Span::styled(under_cursor, theme::CURSOR),
            Span::raw(rest.collect::<String>()),
        ],
        width,
    )
    .into()
}

/// Where the terminal draws emoji sequences part by part, each character on screen that
/// holds one (the user's own writing keeps them whole, see [`crate::sanitize::own_text`])
/// shows a stand-in as wide as skua measured it, so the rest of its row stays where skua
/// put it. What the user wrote is unchanged.
pub fn stand_in_for_sequences(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if let Some(stand_in) = crate::sanitize::sequence_stand_in(symbol, symbol.width()) {
            cell.set_symbol(&stand_in);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_long_text_is_laid_out_only_as_far_as_it_is_shown() {
        let huge = "w".repeat(1 << 20);
        let runs = [(huge.as_str(), Style::new())];
        let taken: usize = words(&runs, 80, 20)
            .iter()
            .map(|item| match item {
                Item::Word(word) => word.width(),
                Item::Break => 0,
            })
            .sum();
        assert!(taken <= 80 * 20 + 1, "{taken} columns read for 20 rows");
        let lines = text_of(&wrap(&runs, 80, 20));
        assert_eq!(lines.len(), 20);
        assert!(lines.iter().all(|line| line == &"w".repeat(80)));
        let text = RichText::plain(&format!("{huge}\n\nmore"));
        assert_eq!(rich_lines(&text, 80, 5).len(), 5);
        let every = rich_lines(&RichText::plain("one two\n\nthree"), 4, usize::MAX);
        assert_eq!(
            rich_lines(&RichText::plain("one two\n\nthree"), 4, 2),
            every[..2]
        );
    }

    #[test]
    fn wraps_at_spaces() {
        let lines = wrap(
            &[("the quick brown fox jumps", Style::new())],
            10,
            usize::MAX,
        );
        assert_eq!(text_of(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn wraps_cjk_by_columns() {
        let lines = wrap(&[("日本語のテキストです", Style::new())], 7, usize::MAX);
        for line in text_of(&lines) {
            assert!(line.width() <= 7, "{line}");
        }
        assert_eq!(text_of(&lines).concat(), "日本語のテキストです");
    }

    #[test]
    fn splits_words_longer_than_the_line() {
        let lines = wrap(
            &[("https://example.com/averyveryverylongpath", Style::new())],
            12,
            usize::MAX,
        );
        assert!(text_of(&lines).iter().all(|l| l.width() <= 12));
        assert_eq!(
            text_of(&lines).concat(),
            "https://example.com/averyveryverylongpath"
        );
    }

    #[test]
    fn truncates_with_ellipsis() {
        let spans = truncate(vec![Span::raw("名前がとても長い")], 7);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "名前が…");
    }

    #[test]
    fn emoji_sequences_and_combining_marks_are_never_split() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let thumb = "👍🏽";
        let flag = "🇯🇵";
        let zoe = "Zoe\u{308}";
        for unit in [family, thumb, flag] {
            assert_eq!(unit.width(), 2, "{unit:?}");
        }
        let text = format!("{family}{thumb}{flag}{family} {zoe}{zoe}{zoe}");
        for width in 1..=8 {
            let lines = text_of(&wrap(&[(&text, Style::new())], width, usize::MAX));
            for line in &lines {
                assert!(line.width() <= width.max(2), "{width}: {line:?}");
                assert!(
                    !line.starts_with('\u{200D}') && !line.ends_with('\u{200D}'),
                    "{line:?}"
                );
                assert!(
                    !line.starts_with('\u{308}') && !line.starts_with('\u{1F3FD}'),
                    "{line:?}"
                );
            }
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        let cut = truncate(vec![Span::raw(format!("{thumb}{thumb}{thumb}"))], 5);
        let cut: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(cut, format!("{thumb}{thumb}…"));
        assert_eq!(
            chunks(&format!("ab{family}cd"), 3),
            ["ab".to_owned(), format!("{family}c"), "d".to_owned()]
        );
    }

    #[test]
    fn zero_width_never_loops() {
        assert!(!wrap(&[("abc", Style::new())], 0, usize::MAX).is_empty());
    }
}
