//! Every status message of the session, newest last, as in an editor's message log.

use ratatui::Frame;

use crate::action::PopupKind;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::state::AppState;
use crate::ui::frame::{centered, frame_box, text_width};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, scroll: u16) {
    let mut lines = message_lines(state, text_width(area.width));
    if lines.is_empty() {
        lines.push(Line::styled("Nothing was said yet.", theme::DIM));
    }
    // A short log gets a box its size.
    let needed = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let box_area = centered(area, needed);
    let scrolls = needed > box_area.height;
    let footer = super::footer_of_scrolling(state, PopupKind::Messages, scrolls);
    let inner = frame_box(frame, box_area, "Messages", footer);
    // The newest at the bottom, as in an editor's message log; scrolling goes back.
    let rows = usize::from(inner.height);
    let last = lines.len().saturating_sub(rows);
    let first = last.saturating_sub(usize::from(scroll));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// Every message of the session at `width` columns, the oldest first (their number is
/// bounded: [`crate::state::SAID_KEPT`]).
pub fn message_lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let zone = jiff::tz::TimeZone::system();
    let mut lines = Vec::new();
    for message in &state.said {
        let time = message.at.to_zoned(zone.clone()).strftime("%H:%M:%S");
        let style = match message.is_error {
            true => theme::WARNING,
            false => ratatui::style::Style::new(),
        };
        lines.extend(wrap_plain(
            &format!("{time}  {}", message.text),
            style,
            width,
        ));
    }
    lines
}
