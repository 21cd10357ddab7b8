//! A yes/no question before something that cannot be undone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::ui::frame::{MAX_WIDTH, centered, frame_box};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, question: &str) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Confirm, action);
    let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
    let lines = wrap_plain(question, theme::STATUS, width);
    let box_area = centered(area, lines.len() as u16 + 2);
    let footer = format!("{} yes · {} no", key(Action::Confirm), key(Action::Cancel));
    let inner = frame_box(frame, box_area, "Are you sure?", footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
