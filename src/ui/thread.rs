//! A thread: ancestors, the post it was opened on (marked), and replies indented as a tree.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::post::{MAX_INDENT_LEVELS, PostView};
use super::theme;
use super::timeline::{draw_message, draw_rows, load_row, post_lines};
use crate::action::Action;
use crate::state::thread::ThreadRow;
use crate::state::{AppState, Thread};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, thread: &Thread) {
    if thread.rows.is_empty() {
        let text = thread.error.clone().unwrap_or_else(|| "Loading…".into());
        return draw_message(frame, area, text, theme::DIM);
    }
    let view = PostView::new(state, area.width);
    let confirm_key = state.keymap.label(Action::Confirm);
    let lines = |index: usize, rows: usize| -> Vec<Line<'static>> {
        let selected = index == thread.scroll.selected;
        let row = &thread.rows[index];
        match row {
            ThreadRow::Post { post, .. } => {
                post_lines(state, post, &thread.placement(row), &view, selected, rows)
            }
            ThreadRow::More { depth, loading, .. } => {
                let text = if *loading {
                    "↳ loading replies…".to_owned()
                } else {
                    format!("↳ more replies — {confirm_key} loads them")
                };
                vec![load_row(
                    text,
                    selected,
                    2 * (*depth).min(MAX_INDENT_LEVELS),
                )]
            }
        }
    };
    let footer = if thread.loading {
        "  Loading the conversation…"
    } else {
        "  — end of thread —"
    };
    draw_rows(
        frame.buffer_mut(),
        area,
        thread.scroll,
        thread.rows.len(),
        &lines,
        &Line::styled(footer, theme::DIM),
    );
}
