//! The server's announcements, newest first: when, the title (Misskey), the text, and the
//! reactions (Mastodon); the chosen one marked, kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::{truncate, wrap_plain};
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let box_area = centered(area, area.height);
    // Inside the borders, beside the bar, a column kept free before the right border.
    let width = usize::from(box_area.width.saturating_sub(5)).max(1);
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Announcements, action);
    let footer = match state.flavor {
        crate::api::detect::Flavor::Mastodon => format!(
            "{}/{} choose · {} react · {} close",
            key(Action::Down),
            key(Action::Up),
            key(Action::React),
            key(Action::Cancel)
        ),
        crate::api::detect::Flavor::Misskey => {
            super::scroll_and_close(state, PopupKind::Announcements)
        }
    };
    let inner = frame_box(frame, box_area, "Announcements", footer);
    let mut lines: Vec<Line> = Vec::new();
    let mut chosen_at = 0;
    match &state.announcements {
        None => lines.push(Line::styled("Asking the server…", theme::DIM)),
        Some(all) if all.is_empty() => {
            lines.push(Line::styled("The server has no announcements.", theme::DIM))
        }
        Some(all) => {
            for (index, announcement) in all.iter().enumerate() {
                if index > 0 {
                    lines.push(Line::default());
                }
                let bar = match index == selected {
                    true => Span::styled("▌ ", theme::SELECTED_BAR),
                    false => Span::raw("  "),
                };
                if index == selected {
                    chosen_at = lines.len();
                }
                // How long ago, as posts say it (the date, once it is a month or more).
                let when = announcement
                    .published
                    .map(|at| crate::ui::post::age(state.now, at));
                let mut head = vec![bar.clone()];
                if let Some(title) = &announcement.title {
                    head.push(Span::styled(format!("{title} "), theme::NAME));
                }
                head.push(Span::styled(when.unwrap_or_default(), theme::DIM));
                lines.push(Line::from(truncate(head, width + 2)));
                for line in wrap_plain(&announcement.text, ratatui::style::Style::new(), width) {
                    let mut spans = vec![bar.clone()];
                    spans.extend(line.spans);
                    lines.push(Line::from(spans));
                }
                if !announcement.reactions.is_empty() {
                    let mut spans = vec![bar.clone()];
                    for reaction in &announcement.reactions {
                        let style = match reaction.mine {
                            true => theme::WARNING,
                            false => theme::DIM,
                        };
                        spans.push(Span::styled(
                            format!("{} {}  ", reaction.name, reaction.count),
                            style,
                        ));
                    }
                    lines.push(Line::from(truncate(spans, width + 2)));
                }
            }
        }
    }
    // The chosen one's first line in view.
    let rows = usize::from(inner.height);
    let first = chosen_at.saturating_sub(rows / 3);
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
