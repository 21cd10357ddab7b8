//! The versions of an edited post, newest first.

use ratatui::Frame;

use crate::action::PopupKind;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::api::Version;
use crate::state::AppState;
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    versions: &[Version],
    scroll: u16,
) {
    let box_area = centered(area, area.height);
    let width = usize::from(box_area.width.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (index, version) in versions.iter().enumerate() {
        let when = match crate::ui::post::age(state.now, version.at) {
            now if now == "now" => "just now".to_owned(),
            date if date.contains('-') => format!("on {date}"),
            ago => format!("{ago} ago"),
        };
        let title = match index {
            0 => format!("Now (edited {when})"),
            _ if index + 1 == versions.len() => format!("As first posted, {when}"),
            _ => format!("Before that, {when}"),
        };
        lines.push(Line::styled(title, theme::NAME));
        if let Some(spoiler) = &version.spoiler {
            lines.extend(wrap_plain(&format!("⚠ {spoiler}"), theme::WARNING, width));
        }
        lines.extend(crate::ui::text::rich_lines(
            &version.content,
            width,
            usize::MAX,
        ));
        lines.push(Line::default());
    }
    let footer = super::scroll_and_close(state, PopupKind::History);
    let title = format!("{} versions", versions.len());
    let inner = frame_box(frame, box_area, &title, footer);
    let last = lines.len().saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll).min(last))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
