//! Help: the keys of the view on screen, then those that work everywhere.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind, ViewKind};
use crate::state::{AppState, Popup};
use crate::ui::frame::frame_box;
use crate::ui::text::{truncate, wrap_plain};
use crate::ui::theme;
use crate::ui::words::Words;

/// Help takes the whole body up to a readable width: every key, nothing cut.
fn help_area(area: Rect) -> Rect {
    let width = area.width.min(HELP_WIDTH);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// Help may be wider than other popups: descriptions wrap below it, not above.
pub const HELP_WIDTH: u16 = 110;

/// Help's lines at `width` columns: the keys of the view on screen, then those that work
/// everywhere; descriptions wrap under themselves.
pub fn help_lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    if let Some(Popup::Help {
        over: Some(popup), ..
    }) = &state.popup
    {
        return laid_out(popup_sections(state, popup.kind()), Words::of(state), width);
    }
    let context = state.focused_view();
    // Only what this server can do (Misskey's antennas are not listed on Mastodon).
    let can = |action: &Action| state.can_do(context, *action);
    let own: Vec<Action> = context.actions().filter(can).collect();
    let own = state
        .keymap
        .help_rows_saying(&own, |action| context.describe(action));
    let mut sections = vec![(context.title(), own)];
    // Typing in a field has the editor's own keys, as in a shell.
    if context == ViewKind::Compose {
        let editing = crate::state::editor::EDITING_KEYS
            .iter()
            .map(|(keys, what)| ((*keys).to_owned(), *what))
            .collect();
        sections.push((
            "Typing (the text, the warning, poll options, prompts)",
            editing,
        ));
    }
    // While writing, letters are typed: only the other keys of the whole app work.
    let describe = |action| context.describe(action);
    let everywhere: Vec<Action> = context.everywhere().iter().copied().filter(can).collect();
    let everywhere = match context {
        ViewKind::Compose => state.keymap.help_rows_unless_typed(&everywhere, describe),
        _ => state.keymap.help_rows_saying(&everywhere, describe),
    };
    sections.push(("Everywhere", everywhere));
    laid_out(sections, Words::of(state), width)
}

/// Over a popup, only the popup's keys work: they are all help lists.
fn popup_sections(state: &AppState, popup: PopupKind) -> Vec<Section> {
    // The command line's names do not work in a popup: only actions with a key.
    let actions: Vec<Action> = popup
        .keys()
        .map(|(action, _)| action)
        .filter(|action| !state.keymap.keys_for(*action).is_empty())
        .collect();
    let describe = |action| popup.describe(action);
    let rows = match popup.takes_text() {
        true => state.keymap.help_rows_unless_typed(&actions, describe),
        false => state.keymap.help_rows_saying(&actions, describe),
    };
    // Keys that do the same share a row.
    let mut merged: Vec<(String, &'static str)> = Vec::new();
    for (keys, what) in rows {
        match merged.iter_mut().find(|(_, said)| *said == what) {
            Some((shared, _)) => {
                shared.push(' ');
                shared.push_str(&keys);
            }
            None => merged.push((keys, what)),
        }
    }
    vec![(popup.title(), merged)]
}

/// A section of help: its title and its rows of keys and what they do.
type Section = (&'static str, Vec<(String, &'static str)>);

/// Sections as lines: keys in a column as wide as the widest (at most a third of the width),
/// descriptions in the server's `words`, wrapped beside them.
fn laid_out(sections: Vec<Section>, words: Words, width: usize) -> Vec<Line<'static>> {
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let text_width = width.saturating_sub(key_width + 1).max(1);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(words.said(title), theme::NAME));
        for (keys, description) in rows {
            let pad =
                key_width.saturating_sub(unicode_width::UnicodeWidthStr::width(keys.as_str()));
            let description = words.said(description);
            for (index, line) in wrap_plain(&description, ratatui::style::Style::new(), text_width)
                .into_iter()
                .enumerate()
            {
                let lead = if index == 0 {
                    Span::styled(format!("{keys}{} ", " ".repeat(pad)), theme::ACCT)
                } else {
                    Span::raw(" ".repeat(key_width + 1))
                };
                let mut spans = vec![lead];
                spans.extend(line.spans);
                lines.push(Line::from(truncate(spans, width)));
            }
        }
    }
    lines
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, scroll: u16) {
    let box_area = help_area(area);
    let lines = help_lines(state, usize::from(box_area.width.saturating_sub(2)));
    let visible = usize::from(box_area.height.saturating_sub(2));
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(visible));
    let footer = format!(
        "{} · {}",
        super::scroll_and_close(state, PopupKind::Help),
        if scroll + visible < lines.len() {
            format!("{} more below", lines.len() - scroll - visible)
        } else {
            "end".to_owned()
        }
    );
    let inner = frame_box(frame, box_area, "Keys", footer);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
