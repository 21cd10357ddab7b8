//! The timeline pane, and the row drawing every list-like view shares: only rows that
//! intersect the screen are rendered, from the selected row down to the bottom edge, then up to
//! the top edge.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::post::{self, PostView};
use super::theme;
use super::words::Words;
use crate::action::Action;
use crate::state::scroll::Scroll;
use crate::state::timeline::{Gap, Row};
use crate::state::{AppState, Placement, Timeline};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, timeline: &Timeline) {
    if timeline.is_empty() {
        let (text, style) = if timeline.loading.newer {
            ("Loading…".to_owned(), theme::DIM)
        } else if let Some(error) = &timeline.error {
            // The way out too: this account's server may be gone for good.
            (
                format!(
                    "{error}\n\npress {} to try again, {} to switch accounts\n(`skua logout` forgets an account)",
                    state.keymap.label(Action::Refresh),
                    state.keymap.label(Action::Accounts)
                ),
                theme::ERROR,
            )
        } else {
            ("Nothing here yet.".to_owned(), theme::DIM)
        };
        draw_message(frame, area, text, style);
        return;
    }

    let view = PostView::new(state, area.width);
    let confirm_key = state.keymap.label(Action::Confirm);
    let lines = |index: usize, rows: usize| -> Vec<Line<'static>> {
        let selected = index == timeline.scroll.selected;
        match &timeline.rows[index] {
            Row::Entry(entry) => match &entry.post {
                Some(post) => {
                    let placement = timeline.placement(entry);
                    post_lines(state, post, &placement, &view, selected, rows)
                }
                None => post::notice_lines(&timeline.placement(entry), &view, selected),
            },
            Row::Gap(gap) => vec![gap_line(gap, &confirm_key, view.words, selected)],
        }
    };
    let footer = if timeline.loading.older {
        format!("  Loading older {}…", view.words.posts())
    } else if timeline.reached_end {
        "  — end of timeline —".to_owned()
    } else {
        String::new()
    };
    draw_rows(
        frame.buffer_mut(),
        area,
        timeline.scroll,
        timeline.rows.len(),
        &lines,
        &Line::styled(footer, theme::DIM),
    );
    // Posts above what is read: how many, and the way up. "Unread" on every timeline, as
    // the tab's count; "new" is kept for what a refresh brought.
    let unread = timeline.new_count();
    if unread > 0 && timeline.scroll.selected > 0 {
        let top = state.keymap.label(Action::Top);
        draw_badge(
            frame.buffer_mut(),
            area,
            &[
                format!(" {unread} unread ↑ {top} "),
                format!(" {unread} unread ↑ "),
            ],
        );
    }
}

/// Puts the first of `texts` that fits in the blank end of the top row at its right edge;
/// where none does, the first over the row's end, the text it cuts ending with "…" (a header
/// never runs into the badge).
fn draw_badge(buffer: &mut Buffer, area: Rect, texts: &[String]) {
    let used = (area.left()..area.right())
        .rev()
        .find(|&x| !buffer[(x, area.y)].symbol().trim().is_empty())
        .map_or(area.left(), |x| x + 1);
    let free = area.right().saturating_sub(used + 1);
    let (text, fits) = match texts.iter().find(|t| t.width() as u16 <= free) {
        Some(text) => (text, true),
        None => (texts.first().expect("a badge text"), false),
    };
    let width = text.width() as u16;
    if width >= area.width {
        return;
    }
    let x = area.right() - width;
    if !fits && x > area.left() {
        // A wide character whose right half the mark takes goes whole.
        if x - 1 > area.left() && buffer[(x - 2, area.y)].symbol().width() > 1 {
            buffer[(x - 2, area.y)].set_symbol(" ");
        }
        buffer[(x - 1, area.y)].set_symbol("…");
    }
    buffer.set_line(
        x,
        area.y,
        &Line::styled(text.clone(), theme::BADGE_BOX),
        width,
    );
}

/// A post's lines, from the one copy of it: the first `rows` of them.
pub fn post_lines(
    state: &AppState,
    id: &str,
    placement: &Placement,
    view: &PostView,
    selected: bool,
    rows: usize,
) -> Vec<Line<'static>> {
    match state.posts.get(id) {
        Some(post) => post::lines(post, placement, view, selected, rows),
        None => vec![Line::styled(
            format!("  ({} no longer available)", view.words.post()),
            theme::DIM,
        )],
    }
}

/// A message in the middle of an empty view.
pub fn draw_message(frame: &mut Frame, area: Rect, text: String, style: ratatui::style::Style) {
    let mut message = area;
    message.y += area.height / 3;
    message.height = message.height.saturating_sub(area.height / 3);
    frame.render_widget(
        Paragraph::new(text)
            .style(style)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        message,
    );
}

/// Draws the visible rows of a scrolled view: the selected row at its screen row, the rows
/// below it to the bottom edge (then `footer`, after the last row), the rows above it to the
/// top edge. `lines(index, rows)` gives a row's lines, at least its first `rows` (all of them
/// for `usize::MAX`).
pub fn draw_rows(
    buffer: &mut Buffer,
    area: Rect,
    scroll: Scroll,
    len: usize,
    lines: &dyn Fn(usize, usize) -> Vec<Line<'static>>,
    footer: &Line,
) {
    let bottom = i32::from(area.height);
    let anchor = i32::from(scroll.selected_row).min(bottom - 1).max(0);
    let put = |buffer: &mut Buffer, y: i32, line: &Line| {
        if (0..bottom).contains(&y) {
            buffer.set_line(area.x, area.y + y as u16, line, area.width);
        }
    };
    let mut y = anchor;
    let mut index = scroll.selected;
    while y < bottom && index < len {
        // What falls below the bottom edge is not laid out.
        for line in lines(index, (bottom - y) as usize) {
            put(buffer, y, &line);
            y += 1;
        }
        index += 1;
    }
    if y < bottom && index == len {
        put(buffer, y, footer);
    }
    let mut y = anchor;
    for index in (0..scroll.selected.min(len)).rev() {
        if y <= 0 {
            break;
        }
        let lines = lines(index, usize::MAX);
        y -= lines.len() as i32;
        for (offset, line) in lines.iter().enumerate() {
            put(buffer, y + offset as i32, line);
        }
    }
}

/// The row standing for posts that are not loaded.
fn gap_line(gap: &Gap, confirm_key: &str, words: Words, selected: bool) -> Line<'static> {
    let posts = words.posts();
    let text = if gap.loading {
        format!("┄┄ loading missing {posts}… ┄┄")
    } else {
        format!("┄┄ missing {posts} — {confirm_key} loads them ┄┄")
    };
    load_row(text, selected, 0)
}

/// A one-line row that loads something when confirmed (a gap, more replies).
pub fn load_row(text: String, selected: bool, indent: usize) -> Line<'static> {
    let bar = if selected {
        Span::styled("▌ ", theme::SELECTED_BAR)
    } else {
        Span::raw("  ")
    };
    Line::from(vec![
        bar,
        Span::raw(" ".repeat(indent)),
        Span::styled(text, theme::WARNING),
    ])
}
