//! The box every popup is drawn in: centred over the screen, framed, titled, with its keys
//! along the bottom edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use super::theme;
use crate::action::{Action, PopupKind};
use crate::state::AppState;

/// Widest a popup gets, in columns.
pub(super) const MAX_WIDTH: u16 = 76;

/// A box `height` rows tall in the middle of `area`, at most `MAX_WIDTH` wide.
pub(super) fn centered(area: Rect, height: u16) -> Rect {
    let width = area.width.min(MAX_WIDTH);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The columns inside a popup box [`centered`] on a screen `columns` wide.
pub fn text_width(columns: u16) -> usize {
    usize::from(columns.min(MAX_WIDTH).saturating_sub(2)).max(1)
}

/// Blank columns kept on each side of a popup, so no cut-off text sits beside its border.
const MARGIN: u16 = 2;

/// Clears `area` and a margin beside it, frames it with `title` above and `footer` below; the
/// area inside.
pub(super) fn frame_box(frame: &mut Frame, area: Rect, title: &str, footer: String) -> Rect {
    let screen = frame.area();
    let left = area.x.saturating_sub(MARGIN).max(screen.x);
    let right = area.right().saturating_add(MARGIN).min(screen.right());
    let cleared = Rect {
        x: left,
        width: right - left,
        ..area
    };
    frame.render_widget(Clear, cleared);
    // A wide character just left of what is cleared would spill into it: blank it.
    if cleared.x > screen.x {
        let buffer = frame.buffer_mut();
        for y in cleared.top()..cleared.bottom() {
            let cell = &mut buffer[(cleared.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::SELECTED_BAR)
        .title(Line::from(format!(" {title} ")))
        .title_bottom(Line::styled(
            format!(" {} ", fitted_footer(&footer, usize::from(area.width))),
            theme::DIM,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A footer's keys (`Enter open · n new · Esc close`) as many as fit in a box `width` wide:
/// those before the last go first, so the way out, last, always shows.
fn fitted_footer(footer: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    // The corners and the spaces around the footer.
    let room = width.saturating_sub(4);
    let mut keys: Vec<&str> = footer.split(" · ").collect();
    while keys.len() > 2 && keys.join(" · ").width() > room {
        keys.remove(keys.len() - 2);
    }
    keys.join(" · ")
}

/// The key bound to `action`, as a popup's footer names it. A footer names only keys its
/// popup takes: checked in debug builds, so each test that draws a popup checks its footer
/// against the popup's key table (which its help lists).
pub fn footer_key(state: &AppState, popup: PopupKind, action: Action) -> String {
    debug_assert!(
        popup.offers(action),
        "the footer of {popup:?} names {action:?}, a key it does not take"
    );
    state.keymap.label(action)
}

#[cfg(test)]
mod tests {
    use super::fitted_footer;

    #[test]
    fn a_footer_too_wide_loses_keys_before_the_way_out() {
        let footer =
            "Enter open · | new pane · w follow · f favorite · s find · Tab next list · Esc close";
        assert_eq!(fitted_footer(footer, 120), footer);
        let fitted = fitted_footer(footer, 76);
        assert_eq!(
            fitted,
            "Enter open · | new pane · w follow · f favorite · s find · Esc close"
        );
        assert_eq!(fitted_footer(footer, 20), "Enter open · Esc close");
    }
}
