//! Choosing one of many (a list, a draft, a link), filtered by typing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::{AppState, Picker, PickerPurpose, cursor};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, picker: &Picker) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Picker, action);
    let visible = picker.visible();
    let height = (visible.len().max(1) as u16)
        .saturating_add(4)
        .min(area.height);
    let box_area = centered(area, height);
    let footer = match picker.purpose {
        PickerPurpose::Draft => format!(
            "type to filter · {} open · {} delete · {} later",
            key(Action::Confirm),
            state.keymap.label_unless_typed(Action::Delete),
            key(Action::Cancel)
        ),
        PickerPurpose::NotificationRequests => format!(
            "type to filter · {} accept · {} dismiss · {} close",
            key(Action::Confirm),
            state.keymap.label_unless_typed(Action::Delete),
            key(Action::Cancel)
        ),
        PickerPurpose::FollowedTags => format!(
            "type to filter · {} open · {} unfollow · {} close",
            key(Action::Confirm),
            state.keymap.label_unless_typed(Action::Delete),
            key(Action::Cancel)
        ),
        _ => format!(
            "type to filter · {} choose · {} cancel",
            key(Action::Confirm),
            key(Action::Cancel)
        ),
    };
    let inner = frame_box(frame, box_area, &picker.title, footer);
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", theme::DIM),
        Span::raw(picker.filter.clone()),
        Span::styled("█", theme::DIM),
    ])];
    let rows = usize::from(inner.height.saturating_sub(1));
    if visible.is_empty() {
        lines.push(Line::styled(
            if picker.loading {
                "Loading…"
            } else if picker.items.is_empty() {
                "Nothing to choose from."
            } else {
                "No match."
            },
            theme::DIM,
        ));
    }
    // Keep the selection in view.
    let first = cursor::first_shown(picker.selected, rows);
    for (index, item) in visible.iter().enumerate().skip(first).take(rows) {
        let style = if index == picker.selected {
            theme::HIGHLIGHT
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(truncate(
            vec![Span::styled(item.label.clone(), style)],
            usize::from(inner.width),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
