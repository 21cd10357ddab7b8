//! The media viewer: one attachment of a post over the whole screen, its picture as large as
//! fits (in half blocks), what it shows said beneath (or that nobody described it), and where
//! it is among the post's attachments.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::AppState;
use crate::state::previews::Viewer;
use crate::ui::frame::frame_box;
use crate::ui::text::wrap_plain;
use crate::ui::theme;
use crate::ui::words::Label;

/// Rows kept under the picture for what it shows.
const DESCRIPTION_ROWS: u16 = 4;

/// The cells the viewer's picture may fill on a screen of `size`: what is fetched for it.
pub fn viewer_cells((columns, rows): (u16, u16)) -> (u16, u16) {
    // A picture's box is at most 255 cells either way (see `ui::pictures::marker`).
    (
        columns.saturating_sub(2).clamp(1, 255),
        rows.saturating_sub(2 + DESCRIPTION_ROWS + 1).clamp(1, 255),
    )
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, viewer: &Viewer) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Viewer, action);
    let media = viewer.shown();
    let title = format!(
        "{} {} of {}",
        media.kind.label(),
        viewer.index + 1,
        viewer.media.len()
    );
    let play = match media.kind {
        crate::api::MediaKind::Image => "open",
        _ => "play",
    };
    let footer = format!(
        "{}/{} next/previous · {} {play} · {} copy · {} close",
        key(Action::NextTab),
        key(Action::PrevTab),
        key(Action::Confirm),
        key(Action::Copy),
        key(Action::Cancel)
    );
    let inner = frame_box(frame, area, &title, footer);
    let cells = viewer_cells((area.width, area.height));
    let cells = (cells.0.min(inner.width), cells.1.min(inner.height));
    let previews = &state.previews;
    let picture = previews
        .viewed
        .as_ref()
        .filter(|(url, _)| Some(url.as_str()) == viewer.picture_url())
        .and_then(|(_, arrived)| arrived.as_ref());
    let mut lines: Vec<Line> = match picture {
        Some(Ok(shown)) => crate::ui::preview::shown_lines(shown, previews, cells),
        _ => {
            let said = match picture {
                Some(Err(reason)) => format!("The picture cannot be shown: {reason}"),
                _ if !previews.drawable => format!(
                    "This terminal cannot draw pictures; {} opens it in its program.",
                    key(Action::Confirm)
                ),
                _ if viewer.picture_url().is_none() => {
                    format!("Nothing to show here; {} {play}s it.", key(Action::Confirm))
                }
                _ => "loading…".to_owned(),
            };
            let mut lines = vec![Line::default(); usize::from(cells.1 / 2)];
            lines.extend(wrap_plain(&said, theme::DIM, usize::from(inner.width)));
            lines.resize(usize::from(cells.1), Line::default());
            lines
        }
    };
    lines.push(Line::default());
    let description = match &media.description {
        Some(alt) => wrap_plain(alt, theme::STATUS, usize::from(inner.width)),
        None => wrap_plain(
            "No description: its author did not say what it shows.",
            theme::DIM,
            usize::from(inner.width),
        ),
    };
    lines.extend(description.into_iter().take(usize::from(DESCRIPTION_ROWS)));
    frame.render_widget(Paragraph::new(lines), inner);
}
