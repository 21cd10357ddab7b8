//! The menu of more actions: each action's letter and name, in columns, as many as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::state::menu::Menu;
use crate::ui::frame::{MAX_WIDTH, centered, footer_key, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, menu: &Menu) {
    let inner_width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
    let name_width = menu
        .entries
        .iter()
        .map(|(_, action)| action.name().width())
        .max()
        .unwrap_or(0);
    // "t  translate" and two blanks before the next column; where the rows would not fit
    // (a short or narrow terminal), more columns, the names cut to fit them.
    let most_rows = usize::from(area.height.saturating_sub(2)).max(1);
    let columns = (inner_width / (name_width + 5))
        .max(menu.entries.len().div_ceil(most_rows))
        .max(1);
    let name_width = name_width.min((inner_width / columns).saturating_sub(5).max(1));
    let rows = menu.entries.len().div_ceil(columns);
    let box_area = centered(area, rows as u16 + 2);
    let footer = format!(
        "a letter runs its action · {} close",
        footer_key(state, PopupKind::Menu, Action::Cancel)
    );
    let inner = frame_box(frame, box_area, "More actions", footer);
    // Down each column first, as help reads.
    let lines: Vec<Line> = (0..rows)
        .map(|row| {
            let spans: Vec<Span> = (0..columns)
                .filter_map(|column| menu.entries.get(column * rows + row))
                .flat_map(|(letter, action)| {
                    [
                        Span::styled(format!("{letter}  "), theme::ACCT),
                        Span::raw(format!("{:<name_width$}  ", cut(action.name(), name_width))),
                    ]
                })
                .collect();
            Line::from(truncate(spans, usize::from(inner.width)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `name` in at most `width` columns (names are ASCII), ending in `…` where cut.
fn cut(name: &str, width: usize) -> String {
    match name.len() > width {
        true => format!("{}…", &name[..width.saturating_sub(1)]),
        false => name.to_owned(),
    }
}
