//! Choosing how to vote in a post's poll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::{AppState, Ballot};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ballot: &Ballot) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Vote, action);
    let options = &ballot.poll.options;
    let box_area = centered(area, options.len() as u16 + 2);
    let footer = match ballot.poll.multiple {
        true => format!(
            "{} mark · {} vote · {} cancel",
            key(Action::Toggle),
            key(Action::Confirm),
            key(Action::Cancel)
        ),
        false => format!(
            "{} vote · {} cancel",
            key(Action::Confirm),
            key(Action::Cancel)
        ),
    };
    let title = match ballot.poll.multiple {
        true => "Vote (several choices)",
        false => "Vote",
    };
    let inner = frame_box(frame, box_area, title, footer);
    let lines: Vec<Line> = options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let mark = match (ballot.poll.multiple, ballot.marked.contains(&index)) {
                (true, true) => "[x] ",
                (true, false) => "[ ] ",
                (false, _) if index == ballot.selected => "(•) ",
                (false, _) => "( ) ",
            };
            let style = if index == ballot.selected {
                theme::HIGHLIGHT
            } else {
                ratatui::style::Style::new()
            };
            Line::from(truncate(
                vec![Span::styled(format!("{mark}{}", option.title), style)],
                usize::from(inner.width),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
