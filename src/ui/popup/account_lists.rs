//! The lists an account is on, each to toggle.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::{AccountLists, AppState, cursor};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::{lists, theme};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, popup: &AccountLists) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::AccountLists, action);
    let lists = state.settled_lists();
    let box_area = centered(area, (lists.len().max(1) as u16).saturating_add(2));
    let footer = format!(
        "{} add/remove · {} new list · {} close",
        key(Action::Toggle),
        key(Action::New),
        key(Action::Cancel)
    );
    let inner = frame_box(
        frame,
        box_area,
        &format!("Lists for @{}", popup.account.acct),
        footer,
    );
    let width = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let mut lines = Vec::new();
    if lists.is_empty() {
        lines.push(Line::styled(
            if state.lists.is_none() {
                "Loading…"
            } else {
                "You have no lists yet."
            },
            theme::DIM,
        ));
    }
    let first = cursor::first_shown(popup.selected, rows);
    for (index, list) in lists.iter().enumerate().skip(first).take(rows) {
        let check = match &popup.member_of {
            None => "[…] ",
            Some(ids) if ids.contains(&list.id) => "[✓] ",
            Some(_) => "[ ] ",
        };
        let mut spans = vec![
            Span::styled(check, theme::BADGE),
            Span::raw(list.title.clone()),
        ];
        // Counts are asked for on the lists screen; here they show once known, never
        // as a placeholder that would not fill.
        if list.member_count.is_some() {
            spans.push(Span::styled(
                format!("  {}", lists::member_count_label(list)),
                theme::DIM,
            ));
        }
        let line = Line::from(truncate(spans, width));
        lines.push(if index == popup.selected {
            line.style(theme::HIGHLIGHT)
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
