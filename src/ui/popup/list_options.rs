//! A list's options: which replies it shows, whether it keeps its members out of Home, who sees it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::lists::ListOption;
use crate::state::{AppState, ListOptions};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;
use crate::ui::words::Label;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, options: &ListOptions) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::ListOptions, action);
    let rows = options.rows();
    let box_area = centered(area, rows.len() as u16 + 2);
    let footer = format!(
        "{} change · {} save · {} cancel",
        key(Action::Toggle),
        key(Action::Confirm),
        key(Action::Cancel)
    );
    let inner = frame_box(
        frame,
        box_area,
        &format!("Options of “{}”", options.list.title),
        footer,
    );
    let settings = &options.list.settings;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let (name, value) = match row {
                ListOption::RepliesPolicy => (
                    "Replies shown",
                    settings.replies_policy.map_or("", |p| p.label()),
                ),
                ListOption::Exclusive => (
                    "Keep members' posts out of Home",
                    if settings.exclusive == Some(true) {
                        "yes"
                    } else {
                        "no"
                    },
                ),
                ListOption::Public => (
                    "Others can see the list",
                    if settings.public == Some(true) {
                        "yes"
                    } else {
                        "no"
                    },
                ),
            };
            let line = Line::from(truncate(
                vec![
                    Span::raw(format!("{name}: ")),
                    Span::styled(value.to_owned(), theme::ACCT),
                ],
                usize::from(inner.width),
            ));
            if index == options.row {
                line.style(theme::HIGHLIGHT)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
