//! The versions of an edited post, newest first.

use ratatui::Frame;

use crate::action::PopupKind;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use jiff::Timestamp;

use crate::api::Version;
use crate::state::AppState;
use crate::ui::frame::{centered, frame_box, text_width};
use crate::ui::text::{rich_lines, wrap};
use crate::ui::theme;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    versions: &[Version],
    scroll: u16,
) {
    let width = text_width(area.width);
    let page = usize::from(area.height.saturating_sub(2));
    let rows = usize::from(scroll) + page;
    // A row more than can show says whether there is more.
    let mut lines = history_lines(state.now, versions, width, rows + 1);
    let more = lines.len() > rows;
    lines.truncate(rows);
    let scrolls = more || scroll > 0;
    // A history shorter than the screen gets a box its size, without the blank line after it.
    if !scrolls && lines.last().is_some_and(|l| l.width() == 0) {
        lines.pop();
    }
    let box_area = centered(area, u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let footer = super::footer_of_scrolling(state, PopupKind::History, scrolls);
    let title = format!("{} versions", versions.len());
    let inner = frame_box(frame, box_area, &title, footer);
    let page = usize::from(inner.height);
    let last = lines.len().saturating_sub(page);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll).min(last))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The versions at `width` columns, newest first, as far as `rows` rows: only what can show
/// is laid out, however many versions a server sends and however long each is.
pub fn history_lines(
    now: Timestamp,
    versions: &[Version],
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (index, version) in versions.iter().enumerate() {
        if lines.len() >= rows {
            break;
        }
        let when = match crate::ui::post::age(now, version.at) {
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
            let warning = format!("⚠ {spoiler}");
            let left = rows.saturating_sub(lines.len());
            lines.extend(
                wrap(&[(&warning, theme::WARNING)], width, left)
                    .into_iter()
                    .map(Line::from),
            );
        }
        let left = rows.saturating_sub(lines.len());
        lines.extend(rich_lines(&version.content, width, left));
        lines.push(Line::default());
    }
    lines.truncate(rows);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RichText;

    /// However many versions a server sends and however long each is, only the rows that can
    /// show are laid out (the history is drawn at every frame).
    #[test]
    fn endless_long_versions_are_laid_out_only_as_far_as_they_show() {
        let now = Timestamp::now();
        let version = Version {
            at: now,
            content: RichText::plain(&"word ".repeat(50_000)),
            spoiler: Some("warning ".repeat(50_000)),
        };
        let versions = vec![version; 10_000];
        let lines = history_lines(now, &versions, 70, 30);
        assert_eq!(lines.len(), 30);
        assert_eq!(lines[0].to_string(), "Now (edited just now)");
        assert!(lines[1].to_string().starts_with("⚠ warning"));
    }
}
