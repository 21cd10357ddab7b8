//! A link the browser could not open, shown whole so it can be copied, with why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::ui::frame::{MAX_WIDTH, centered, frame_box};
use crate::ui::text::{chunks, wrap_plain};
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, url: &str, reason: &str) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Url, action);
    let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
    let mut lines = wrap_plain(reason, theme::STATUS, width);
    lines.push(Line::default());
    // Cut into pieces so the whole address can be selected line by line; where the terminal
    // takes links, each piece links to the whole address.
    for chunk in chunks(url, width) {
        let chunk = crate::ui::links::mark(&chunk, url).unwrap_or(chunk);
        lines.push(Line::styled(chunk, theme::LINK));
    }
    let box_area = centered(area, lines.len() as u16 + 2);
    let inner = frame_box(
        frame,
        box_area,
        "Link",
        format!("{} copy · {} close", key(Action::Copy), key(Action::Cancel)),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
