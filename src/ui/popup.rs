//! Popups drawn over the timeline: help, the hashtag prompt, pickers, and a URL to copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{truncate, wrap_plain};
use super::theme;
use crate::action::Action;
use crate::state::{AppState, Popup};

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
        Popup::HashtagPrompt { input, error } => {
            let box_area = centered(area, 4 + u16::from(error.is_some()));
            let footer = format!(
                "{} open · {} cancel",
                key(Action::Confirm),
                key(Action::Cancel)
            );
            let inner = frame_box(frame, box_area, "Open hashtag", footer);
            let mut lines = vec![Line::from(truncate(
                vec![
                    Span::styled("#", theme::HASHTAG),
                    Span::raw(input.clone()),
                    Span::styled("█", theme::DIM),
                ],
                usize::from(inner.width),
            ))];
            if let Some(error) = error {
                lines.push(Line::styled(error.clone(), theme::ERROR));
            }
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
        Popup::Url { url } => {
            let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let mut lines = wrap_plain(
                "No browser could be opened here. Open this address yourself:",
                theme::STATUS,
                width,
            );
            lines.push(Line::default());
            // Split by character so the whole address can be selected line by line.
            let chars: Vec<char> = url.chars().collect();
            for chunk in chars.chunks(width) {
                lines.push(Line::styled(chunk.iter().collect::<String>(), theme::LINK));
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
