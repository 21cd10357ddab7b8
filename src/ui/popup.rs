//! Popups drawn over the screen: help, prompts, pickers, list choices, questions, a URL to copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{chunks, truncate, wrap_plain};
use super::{lists, theme};
use crate::action::Action;
use crate::state::lists::ListOption;
use crate::state::{AppState, Popup, PromptPurpose};

/// Widest a popup gets, in columns.
const MAX_WIDTH: u16 = 76;

fn centered(area: Rect, height: u16) -> Rect {
    let width = area.width.min(MAX_WIDTH);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn frame_box(frame: &mut Frame, area: Rect, title: &str, footer: String) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::SELECTED_BAR)
        .title(Line::from(format!(" {title} ")))
        .title_bottom(Line::styled(format!(" {footer} "), theme::DIM));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, popup: &Popup) {
    let key = |action| state.keymap.label(action);
    match popup {
        Popup::Help { scroll } => {
            let rows = state.keymap.help_rows();
            let key_width = rows
                .iter()
                .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
                .max()
                .unwrap_or(0)
                .min(24);
            let box_area = centered(area, rows.len() as u16 + 2);
            let footer = format!(
                "{}/{} scroll · {} close",
                key(Action::Down),
                key(Action::Up),
                key(Action::Cancel)
            );
            let inner = frame_box(frame, box_area, "Keys", footer);
            let lines: Vec<Line> = rows
                .iter()
                .skip(usize::from(*scroll))
                .map(|(keys, description)| {
                    let pad = key_width
                        .saturating_sub(unicode_width::UnicodeWidthStr::width(keys.as_str()));
                    Line::from(truncate(
                        vec![
                            Span::styled(format!("{keys}{} ", " ".repeat(pad)), theme::ACCT),
                            Span::raw(*description),
                        ],
                        usize::from(inner.width),
                    ))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Prompt(prompt) => {
            let shown = prompt.suggestions.len().min(8) as u16;
            let text_width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let problem = prompt
                .error
                .as_ref()
                .or(prompt.search_failed.as_ref())
                .map(|p| wrap_plain(p, theme::ERROR, text_width))
                .unwrap_or_default();
            let box_area = centered(area, 3 + problem.len() as u16 + shown);
            let verb = match prompt.purpose {
                PromptPurpose::Hashtag => "open",
                PromptPurpose::Search => "search",
                PromptPurpose::NewList { .. } => "create",
                PromptPurpose::RenameList { .. } => "rename",
                PromptPurpose::AddMember { .. } => "add",
            };
            let footer = format!(
                "{} {verb} · {} cancel",
                key(Action::Confirm),
                key(Action::Cancel)
            );
            let inner = frame_box(frame, box_area, prompt.title(), footer);
            let width = usize::from(inner.width);
            let prefix = match prompt.purpose {
                PromptPurpose::Hashtag => Span::styled("#", theme::HASHTAG),
                _ => Span::styled("› ", theme::DIM),
            };
            let mut lines = vec![Line::from(truncate(
                vec![
                    prefix,
                    Span::raw(prompt.input.clone()),
                    Span::styled("█", theme::DIM),
                ],
                width,
            ))];
            lines.extend(problem);
            for (index, account) in prompt
                .suggestions
                .iter()
                .take(usize::from(shown))
                .enumerate()
            {
                lines.push(lists::suggestion_line(
                    account,
                    prompt.suggestion == Some(index),
                    width,
                ));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::AccountLists(popup) => {
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
            let first = popup.selected.saturating_sub(rows.saturating_sub(1));
            for (index, list) in lists.iter().enumerate().skip(first).take(rows) {
                let check = match &popup.member_of {
                    None => "[…] ",
                    Some(ids) if ids.contains(&list.id) => "[✓] ",
                    Some(_) => "[ ] ",
                };
                let line = Line::from(truncate(
                    vec![
                        Span::styled(check, theme::BADGE),
                        Span::raw(list.title.clone()),
                        Span::styled(format!("  {}", lists::member_count_label(list)), theme::DIM),
                    ],
                    width,
                ));
                lines.push(if index == popup.selected {
                    line.style(theme::HIGHLIGHT)
                } else {
                    line
                });
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::ListOptions(options) => {
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
                            settings.replies_policy.map_or("", |p| p.describe()),
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
        Popup::Login(flow) => super::accounts::draw_login(frame, state, flow),
        Popup::Confirm { question, .. } => {
            let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let lines = wrap_plain(question, theme::STATUS, width);
            let box_area = centered(area, lines.len() as u16 + 2);
            let footer = format!("{} yes · {} no", key(Action::Confirm), key(Action::Cancel));
            let inner = frame_box(frame, box_area, "Are you sure?", footer);
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Picker(picker) => {
            let visible = picker.visible();
            let height = (visible.len().max(1) as u16)
                .saturating_add(4)
                .min(area.height);
            let box_area = centered(area, height);
            let footer = format!(
                "type to filter · {} choose · {} cancel",
                key(Action::Confirm),
                key(Action::Cancel)
            );
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
            let first = picker.selected.saturating_sub(rows.saturating_sub(1));
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
        Popup::Url { url, reason } => {
            let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let mut lines = wrap_plain(reason, theme::STATUS, width);
            lines.push(Line::default());
            // Cut into pieces so the whole address can be selected line by line.
            for chunk in chunks(url, width) {
                lines.push(Line::styled(chunk, theme::LINK));
            }
            let box_area = centered(area, lines.len() as u16 + 2);
            let inner = frame_box(
                frame,
                box_area,
                "Link",
                format!("{} copy · {} close", key(Action::Copy), key(Action::Cancel)),
            );
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
