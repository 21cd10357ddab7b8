//! The command line: what is typed, then the matching actions, each with its key (or none)
//! and what it does in the view it was opened over (as help says it); the one under the
//! cursor is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::frame::{centered, frame_box};
use super::text::{editor_line, truncate};
use super::theme;
use crate::action::{Action, PopupKind};
use crate::state::palette::Palette;
use crate::state::{AppState, cursor};

/// Matching actions listed at most.
const SHOWN: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, palette: &Palette) {
    let key = |action| super::frame::footer_key(state, PopupKind::Palette, action);
    let matches = palette.matches();
    let shown = matches.len().clamp(1, SHOWN);
    let box_area = centered(area, 3 + shown as u16);
    let footer = format!(
        "{} run · tab complete · {} cancel",
        key(Action::Confirm),
        key(Action::Cancel)
    );
    let inner = frame_box(frame, box_area, "Run an action", footer);
    let width = usize::from(inner.width);
    let mut lines = vec![editor_line(
        &palette.input,
        Span::styled(":", theme::ACCT),
        width,
    )];
    if matches.is_empty() {
        lines.push(Line::styled("no action matches", theme::DIM));
    }
    // The cursor's row stays in the window of rows shown.
    let selected = palette.selected.min(matches.len().saturating_sub(1));
    let first = cursor::first_shown(selected, SHOWN);
    let keys: Vec<String> = matches
        .iter()
        .map(|&action| match state.keymap.keys_for(action).first() {
            Some(bound) => bound.to_string(),
            None => String::new(),
        })
        .collect();
    let name_width = matches.iter().map(|a| a.name().width()).max().unwrap_or(0);
    let key_width = keys.iter().map(|k| k.width()).max().unwrap_or(0);
    let words = super::words::Words::of(state);
    for (index, action) in matches.iter().enumerate().skip(first).take(SHOWN) {
        let marker = match index == selected {
            true => Span::styled("› ", theme::SELECTED_BAR),
            false => Span::raw("  "),
        };
        let spans = vec![
            marker,
            Span::styled(format!("{:<name_width$}", action.name()), theme::NAME),
            Span::styled(format!("  {:<key_width$}  ", keys[index]), theme::ACCT),
            Span::styled(words.said(palette.context.describe(*action)), theme::DIM),
        ];
        lines.push(Line::from(truncate(spans, width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
