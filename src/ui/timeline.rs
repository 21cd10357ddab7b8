//! The timeline pane. Only rows that intersect the screen are rendered: from the selected
//! row down to the bottom edge, then up to the top edge.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::post::{self, PostView};
use super::theme;
use crate::action::Action;
use crate::state::timeline::{Gap, Row};
use crate::state::{AppState, Tab};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, tab: &Tab) {
    let timeline = &tab.timeline;
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
        return;
    }

    let cw_key = state.keymap.label(Action::ToggleCw);
    let view = PostView {
        width: area.width,
        now: state.now,
        cw_key: &cw_key,
    };
    let bottom = i32::from(area.height);
    let anchor = i32::from(timeline.selected_row).min(bottom - 1).max(0);
    let buffer = frame.buffer_mut();
    let put = |buffer: &mut ratatui::buffer::Buffer, y: i32, line: &Line| {
        if (0..bottom).contains(&y) {
            buffer.set_line(area.x, area.y + y as u16, line, area.width);
        }
    };

    let confirm_key = state.keymap.label(Action::Confirm);
    let lines = |index: usize, row: &Row| -> Vec<Line<'static>> {
        let selected = index == timeline.selected;
        match row {
            Row::Post(p) => post::lines(p, &view, timeline.revealed.contains(&p.id), selected),
            Row::Gap(gap) => vec![gap_line(gap, &confirm_key, selected)],
        }
    };
    let mut y = anchor;
    let mut index = timeline.selected;
    while y < bottom && index < timeline.rows.len() {
        for line in lines(index, &timeline.rows[index]) {
            put(buffer, y, &line);
            y += 1;
        }
        index += 1;
    }
    if y < bottom && index == timeline.rows.len() {
        let footer = if timeline.loading.older {
            "  Loading older posts…"
        } else if timeline.reached_end {
            "  — end of timeline —"
        } else {
            ""
        };
        put(buffer, y, &Line::styled(footer, theme::DIM));
    }

    let mut y = anchor;
    for (index, row) in timeline.rows[..timeline.selected].iter().enumerate().rev() {
        if y <= 0 {
            break;
        }
        let lines = lines(index, row);
        y -= lines.len() as i32;
        for (offset, line) in lines.iter().enumerate() {
            put(buffer, y + offset as i32, line);
        }
    }
}

/// The row standing for posts that are not loaded.
fn gap_line(gap: &Gap, confirm_key: &str, selected: bool) -> Line<'static> {
    let text = if gap.loading {
        "┄┄ loading missing posts… ┄┄".to_owned()
    } else {
        format!("┄┄ missing posts — {confirm_key} loads them ┄┄")
    };
    let bar = if selected {
        Span::styled("▌ ", theme::SELECTED_BAR)
    } else {
        Span::raw("  ")
    };
    Line::from(vec![bar, Span::styled(text, theme::WARNING)])
}
