//! The box every popup is drawn in: centred over the screen, framed, titled, with its keys
//! along the bottom edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use super::theme;

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

/// Clears `area`, frames it with `title` above and `footer` below; the area inside.
pub(super) fn frame_box(frame: &mut Frame, area: Rect, title: &str, footer: String) -> Rect {
    frame.render_widget(Clear, area);
    // A wide character just left of the box would spill over its border: blank it.
    if area.x > 0 {
        let buffer = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            let cell = &mut buffer[(area.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::SELECTED_BAR)
        .title(Line::from(format!(" {title} ")))
        .title_bottom(Line::styled(format!(" {footer} "), theme::DIM));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
