//! Posts the server sends later, soonest first: when, to whom, and the start of the text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;
use crate::ui::words::{Label, Words};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Scheduled, action);
    let footer = format!(
        "{} new time · {} rewrite · {} cancel it · {} close",
        key(Action::Confirm),
        key(Action::Edit),
        key(Action::Delete),
        key(Action::Cancel)
    );
    let count = state.scheduled.as_ref().map_or(1, |s| s.len().max(1)) as u16;
    let box_area = centered(area, count + 2);
    let words = Words::of(state);
    let inner = frame_box(frame, box_area, &words.said("Scheduled posts"), footer);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    match &state.scheduled {
        None => lines.push(Line::styled("Asking the server…", theme::DIM)),
        Some(all) if all.is_empty() => lines.push(Line::styled(
            words.said("None waiting: a post with a time in its Send field waits here."),
            theme::DIM,
        )),
        Some(all) => {
            for (index, post) in all.iter().enumerate() {
                let style = match index == selected {
                    true => theme::HIGHLIGHT,
                    false => Style::new(),
                };
                let text = match post.spoiler.is_empty() {
                    true => post.text.split_whitespace().collect::<Vec<_>>().join(" "),
                    false => format!("CW {}", post.spoiler),
                };
                let mut extra = String::new();
                if !post.media.is_empty() {
                    extra.push_str(&format!(" +{} file", post.media.len()));
                }
                if post.poll.is_some() {
                    extra.push_str(" +poll");
                }
                lines.push(Line::from(truncate(
                    vec![
                        Span::styled(crate::when::show(post.at), style),
                        Span::styled(format!("  {}  ", post.visibility.label()), theme::DIM),
                        Span::raw(text),
                        Span::styled(extra, theme::DIM),
                    ],
                    width,
                )));
            }
        }
    }
    let rows = usize::from(inner.height);
    let skip = (selected + 1).saturating_sub(rows);
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
