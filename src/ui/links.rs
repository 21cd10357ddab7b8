//! OSC 8 hyperlinks: links in posts become clickable where the terminal supports it, while
//! ratatui lays out plain text.
//!
//! While a frame (or a pane of it) is drawn with hyperlinks on, every grapheme of a link's text
//! carries two invisible marker characters (variation selectors, which stay with their grapheme
//! through wrapping and into the cell, and take no width) numbering the link in the table being
//! collected. After drawing, [`apply`] turns each row's run of marked cells into one cell that
//! writes the run inside an OSC 8 sequence, the rest of the run's cells skipped; the diff then
//! sends a run again only when its text or link changed. The sanitizer removes the marker characters from
//! everything servers send, so remote text can never claim a link.

use std::cell::RefCell;
use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::sanitize::{FIRST_MARK, LAST_MARK, is_mark};

/// Two marker characters number up to `MARKS * MARKS` links a frame.
const MARKS: usize = LAST_MARK as usize - FIRST_MARK as usize + 1;

/// Longest address written in a link (terminals drop longer ones).
const MAX_URL: usize = 2000;

thread_local! {
    /// The links of the frame being drawn; `None` when hyperlinks are off.
    static FRAME: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Whether a terminal of this `TERM` takes OSC 8 links: not the Linux console, a dumb
/// terminal or an old VT, which may print the sequence as text.
pub fn terminal_takes_links(term: &str) -> bool {
    !matches!(term, "" | "dumb" | "linux") && !term.starts_with("vt")
}

/// `text` inside an OSC 8 link to `url` (one [`writable`] said can be written).
fn written_as_link(text: &str, url: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// `text` as a link to `url` written straight to a terminal (outside a frame), where the
/// address can be written safely; else the text alone.
pub fn linked(text: String, url: &str) -> String {
    match writable(url) {
        Some(url) => written_as_link(&text, &url),
        None => text,
    }
}

/// Runs `draw` collecting the links it marks; returns their addresses by number. Inside
/// another `collect` (a pane of a frame), the inner one has a table of its own.
pub fn collect(draw: impl FnOnce()) -> Vec<String> {
    let outer = FRAME.with(|frame| frame.replace(Some(Vec::new())));
    draw();
    FRAME.with(|frame| frame.replace(outer).unwrap_or_default())
}

/// `text` with each grapheme marked as part of the link to `url`, while a frame collects
/// links and the address can be written safely; else `None` (the text stays plain).
pub fn mark(text: &str, url: &str) -> Option<String> {
    let url = writable(url)?;
    let number = FRAME.with(|frame| {
        let mut frame = frame.borrow_mut();
        let links = frame.as_mut()?;
        match links.iter().position(|l| *l == url) {
            Some(number) => Some(number),
            None if links.len() < MARKS * MARKS => {
                links.push(url);
                Some(links.len() - 1)
            }
            None => None,
        }
    })?;
    let marks = [mark_char(number / MARKS), mark_char(number % MARKS)];
    let mut out = String::with_capacity(text.len() * 3);
    for grapheme in unicode_segmentation::UnicodeSegmentation::graphemes(text, true) {
        out.push_str(grapheme);
        out.extend(marks);
    }
    Some(out)
}

fn mark_char(digit: usize) -> char {
    char::from_u32(FIRST_MARK as u32 + digit as u32).unwrap_or(FIRST_MARK)
}

/// A web address as it can go into an OSC 8 sequence (printable ASCII), or `None`.
fn writable(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let ascii = parsed.as_str();
    let fits = matches!(parsed.scheme(), "http" | "https")
        && ascii.len() <= MAX_URL
        && ascii.bytes().all(|b| (0x21..0x7f).contains(&b));
    fits.then(|| ascii.to_owned())
}

/// The link number a cell's symbol carries, and the symbol without its marks.
fn take_mark(symbol: &str) -> Option<(usize, String)> {
    let mut digits = symbol.chars().filter(|c| is_mark(*c));
    let high = digits.next()? as usize - FIRST_MARK as usize;
    let low = digits.next()? as usize - FIRST_MARK as usize;
    Some((
        high * MARKS + low,
        symbol.chars().filter(|c| !is_mark(*c)).collect(),
    ))
}

/// Turns the marked cells of `area` into hyperlinks to `links`: each row's run of cells of
/// one link becomes its first cell, written as one OSC 8 sequence.
pub fn apply(buffer: &mut Buffer, area: Rect, links: &[String]) {
    let area = area.intersection(buffer.area);
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let Some((number, first)) = take_mark(buffer[(x, y)].symbol()) else {
                x += 1;
                continue;
            };
            let style = buffer[(x, y)].style();
            let mut text = first;
            let mut end = x + 1;
            while end < area.right() {
                let cell = &buffer[(end, y)];
                match take_mark(cell.symbol()) {
                    Some((n, symbol)) if n == number && cell.style() == style => {
                        text.push_str(&symbol);
                        end += 1;
                    }
                    // The blank cell after a wide character belongs to it.
                    None if cell.symbol() == " " && text.width() > usize::from(end - x) => {
                        end += 1;
                    }
                    _ => break,
                }
            }
            let width = NonZeroU16::new(end - x).unwrap_or(NonZeroU16::MIN);
            let symbol = match links.get(number) {
                Some(url) => written_as_link(&text, url),
                None => text,
            };
            buffer[(x, y)]
                .set_symbol(&symbol)
                .set_diff_option(CellDiffOption::ForcedWidth(width));
            for skipped in x + 1..end {
                buffer[(skipped, y)].set_diff_option(CellDiffOption::Skip);
            }
            x = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn marks_outside_a_frame_or_for_unsafe_addresses_are_not_made() {
        assert_eq!(mark("site", "https://a.example/"), None, "no frame");
        let links = collect(|| {
            assert!(mark("x", "javascript:alert(1)").is_none());
            assert!(mark("x", "file:///etc/passwd").is_none());
            assert!(mark("a", "https://a.example/").is_some());
            assert!(
                mark("b", "https://a.example/").is_some(),
                "one number per address"
            );
        });
        assert_eq!(links, ["https://a.example/"]);
    }

    #[test]
    fn a_pane_collects_its_links_apart_from_the_frame_around_it() {
        let (mut outer, mut inner) = (String::new(), String::new());
        let mut pane = Vec::new();
        let frame = collect(|| {
            outer = mark("a", "https://a.example/").unwrap();
            pane = collect(|| inner = mark("b", "https://b.example/").unwrap());
            mark("c", "https://c.example/").unwrap();
        });
        assert_eq!(pane, ["https://b.example/"]);
        assert_eq!(frame, ["https://a.example/", "https://c.example/"]);
        assert_eq!(take_mark(&inner), Some((0, "b".to_owned())));
        assert_eq!(take_mark(&outer), Some((0, "a".to_owned())));
    }

    #[test]
    fn a_run_of_marked_cells_becomes_one_hyperlink() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 16, 1));
        let links = collect(|| {
            let text = format!(
                "see {}!",
                mark("a.ex/日本", "https://a.example/日本").unwrap()
            );
            buffer.set_string(0, 0, text, Style::new());
        });
        apply(&mut buffer, Rect::new(0, 0, 16, 1), &links);
        let url = "https://a.example/%E6%97%A5%E6%9C%AC";
        assert_eq!(
            buffer[(4, 0)].symbol(),
            format!("\x1b]8;;{url}\x1b\\a.ex/日本\x1b]8;;\x1b\\")
        );
        assert_eq!(
            buffer[(4, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(9).unwrap())
        );
        assert!((5..=12).all(|x| buffer[(x, 0)].diff_option == CellDiffOption::Skip));
        assert_eq!(buffer[(13, 0)].symbol(), "!");
        assert_eq!(buffer[(13, 0)].diff_option, CellDiffOption::None);
        assert_eq!(buffer[(0, 0)].symbol(), "s");
    }
}
