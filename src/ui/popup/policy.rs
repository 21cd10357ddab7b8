//! Whom the server filters notifications from (Mastodon 4.3+): each rule with what it does,
//! the chosen one marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::api::NotificationPolicy;
use crate::state::AppState;
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;

/// How a rule reads (the server's names are for programs).
fn rule_name(rule: &str) -> &str {
    match rule {
        "for_not_following" => "people you do not follow",
        "for_not_followers" => "people who do not follow you",
        "for_new_accounts" => "accounts made in the last 30 days",
        "for_private_mentions" => "private mentions you did not ask for",
        "for_limited_accounts" => "accounts the moderators limited",
        other => other,
    }
}

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    policy: Option<&NotificationPolicy>,
    selected: usize,
) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::NotificationPolicy, action);
    let footer = format!(
        "{}/{} choose · {} accept, filter or drop · {} close",
        key(Action::Down),
        key(Action::Up),
        key(Action::Toggle),
        key(Action::Cancel)
    );
    let rows = policy.map_or(1, |p| p.rules.len().max(1)) as u16;
    // The rules, the line of what waits, and the borders.
    let box_area = centered(area, rows + 3);
    let inner = frame_box(frame, box_area, "Notifications from…", footer);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    match policy {
        None => lines.push(Line::styled("Asking the server…", theme::DIM)),
        Some(policy) => {
            for (index, (rule, choice)) in policy.rules.iter().enumerate() {
                let style = match index == selected {
                    true => theme::HIGHLIGHT,
                    false => ratatui::style::Style::new(),
                };
                let name = rule_name(rule);
                let gap = width.saturating_sub(name.chars().count() + choice.len() + 1);
                lines.push(Line::from(truncate(
                    vec![
                        Span::styled(name.to_owned(), style),
                        Span::raw(" ".repeat(gap.max(1))),
                        Span::styled(choice.clone(), theme::WARNING),
                    ],
                    width,
                )));
            }
            let waiting = match policy.pending_requests {
                0 => "no requests wait".to_owned(),
                1 => "1 request waits".to_owned(),
                n => format!("{n} requests wait"),
            };
            lines.push(Line::styled(waiting, theme::DIM));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
