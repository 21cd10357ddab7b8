//! The lists and members screens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use super::theme;
use crate::api::{Account, List};
use crate::state::{AppState, ListsScreen, MembersScreen, cursor};

/// A list's settings in a few words: "replies: list · exclusive", "public".
pub fn settings_summary(list: &List) -> String {
    let settings = &list.settings;
    let mut parts = Vec::new();
    if let Some(policy) = settings.replies_policy {
        parts.push(format!("replies: {}", policy.wire_name()));
    }
    if settings.exclusive == Some(true) {
        parts.push("exclusive".to_owned());
    }
    match settings.public {
        Some(true) => parts.push("public".to_owned()),
        Some(false) => parts.push("private".to_owned()),
        None => {}
    }
    parts.join(" · ")
}

pub fn member_count_label(list: &List) -> String {
    match list.member_count {
        Some(1) => "1 member".to_owned(),
        Some(n) => format!("{n} members"),
        None => "… members".to_owned(),
    }
}

/// `left` then `right` pushed to the right edge, cut to `width`.
fn row(
    left: Vec<Span<'static>>,
    right: Span<'static>,
    width: usize,
    style: Style,
) -> Line<'static> {
    let right_width = right.content.width();
    let mut spans = truncate(left, width.saturating_sub(right_width + 1));
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    if used + right_width < width {
        spans.push(Span::raw(" ".repeat(width - used - right_width)));
        spans.push(right);
    }
    Line::from(spans).style(style)
}

pub fn draw_lists(frame: &mut Frame, area: Rect, state: &AppState, screen: &ListsScreen) {
    let width = usize::from(area.width);
    let all = state.lists.as_deref().unwrap_or_default();
    let visible = screen.visible(all);
    let mut header = vec![Span::styled(format!("Lists ({})", all.len()), theme::NAME)];
    if screen.filtering || !screen.filter.is_empty() {
        header.push(Span::styled("  filter: ", theme::DIM));
        header.push(Span::raw(screen.filter.clone()));
        if screen.filtering {
            header.push(Span::styled("█", theme::DIM));
        }
    }
    let mut lines = vec![Line::from(truncate(header, width))];
    let rows = usize::from(area.height.saturating_sub(1));
    if visible.is_empty() {
        let text = if state.lists.is_none() {
            "Loading…"
        } else if all.is_empty() {
            "You have no lists yet."
        } else {
            "No list matches the filter."
        };
        lines.push(Line::styled(text, theme::DIM));
    }
    for (index, list) in visible
        .iter()
        .enumerate()
        .skip(cursor::first_shown(screen.selected, rows))
        .take(rows)
    {
        let selected = index == screen.selected;
        let summary = settings_summary(list);
        let mut left = vec![
            Span::styled(if selected { "› " } else { "  " }, theme::SELECTED_BAR),
            Span::styled(list.title.clone(), theme::NAME),
        ];
        let failure = state.count_failures.get(&list.id);
        match failure {
            Some(why) if selected => {
                left.push(Span::styled(format!("  not counted: {why}"), theme::ERROR));
            }
            _ if !summary.is_empty() => {
                left.push(Span::styled(format!("  {summary}"), theme::DIM));
            }
            _ => {}
        }
        let right = match failure {
            Some(_) if list.member_count.is_none() => Span::styled("? members", theme::ERROR),
            _ => Span::styled(member_count_label(list), theme::ACCT),
        };
        let style = if selected {
            theme::HIGHLIGHT
        } else {
            Style::new()
        };
        lines.push(row(left, right, width, style));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn account_spans(account: &Account) -> Vec<Span<'static>> {
    vec![
        Span::styled(account.name().to_owned(), theme::NAME),
        Span::raw("  "),
        Span::styled(format!("@{}", account.acct), theme::ACCT),
    ]
}

pub fn draw_members(frame: &mut Frame, area: Rect, state: &AppState, screen: &MembersScreen) {
    let width = usize::from(area.width);
    let list = state.list(&screen.list);
    let title = list.map_or_else(|| screen.list.clone(), |l| l.title.clone());
    let count = list
        .and_then(|l| l.member_count)
        .unwrap_or(screen.members.len());
    let mut header = vec![Span::styled(
        format!("Members of “{title}” ({count})"),
        theme::NAME,
    )];
    if !screen.marked.is_empty() {
        header.push(Span::styled(
            format!("  {} marked", screen.marked.len()),
            theme::BADGE,
        ));
    }
    let mut lines = vec![Line::from(truncate(header, width))];
    let rows = usize::from(area.height.saturating_sub(2));
    if screen.members.is_empty() && !screen.is_loading() && screen.error.is_none() {
        lines.push(Line::styled("Nobody is on this list yet.", theme::DIM));
    }
    for (index, member) in screen
        .members
        .iter()
        .enumerate()
        .skip(cursor::first_shown(screen.selected, rows))
        .take(rows)
    {
        let selected = index == screen.selected;
        let mark = if screen.marked.contains(&member.id) {
            "[✓] "
        } else {
            "[ ] "
        };
        let mut spans = vec![
            Span::styled(if selected { "› " } else { "  " }, theme::SELECTED_BAR),
            Span::styled(mark, theme::BADGE),
        ];
        spans.extend(account_spans(member));
        let style = if selected {
            theme::HIGHLIGHT
        } else {
            Style::new()
        };
        lines.push(Line::from(truncate(spans, width)).style(style));
    }
    let footer = if let Some(error) = &screen.error {
        Line::styled(error.clone(), theme::ERROR)
    } else if screen.is_loading() {
        Line::styled("Loading…", theme::DIM)
    } else if screen.next.is_some() {
        Line::styled("More below…", theme::DIM)
    } else {
        Line::default()
    };
    lines.push(footer);
    frame.render_widget(Paragraph::new(lines), area);
}

/// An account as a completion row.
pub fn suggestion_line(account: &Account, selected: bool, width: usize) -> Line<'static> {
    let line = Line::from(truncate(account_spans(account), width));
    if selected {
        line.style(theme::HIGHLIGHT)
    } else {
        line
    }
}
