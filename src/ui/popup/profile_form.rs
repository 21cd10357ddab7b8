//! The user's own profile being changed: name, bio, fields, switches and pictures, with the
//! server's limits beside them.

use ratatui::Frame;

use crate::action::PopupKind;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::AppState;
use crate::state::profile_form::{ProfileField, ProfileForm};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

/// Rows a chosen picture's preview takes.
const PICTURE_ROWS: u16 = 4;
/// The most rows of the bio shown (those around the cursor).
const BIO_ROWS: usize = 4;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, form: &ProfileForm) {
    let footer = super::form_footer(
        state,
        PopupKind::ProfileForm,
        ["switch", "save", "cancel"],
        form.field == ProfileField::Bio,
    );
    let width = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let focused = |field: ProfileField| form.field == field && !form.saving;
    let limits = &form.limits;
    // Each line, with the field it shows (to keep the focused one in view).
    let mut lines: Vec<(Option<ProfileField>, Line<'static>)> = Vec::new();
    let text = |field: ProfileField, label: &str, editor, rows| {
        let shown = super::form_text_lines(label, editor, focused(field), width, rows);
        shown.into_iter().map(move |line| (Some(field), line))
    };
    lines.extend(text(ProfileField::Name, "Name", &form.name, 1));
    lines.extend(text(ProfileField::Bio, "Bio", &form.bio, BIO_ROWS));
    for (row, (name, value)) in form.fields.iter().enumerate() {
        let label = format!("Field {}", row + 1);
        lines.extend(text(ProfileField::FieldName(row), &label, name, 1));
        lines.extend(text(ProfileField::FieldValue(row), "  value", value, 1));
    }
    let hint = format!(
        "up to {} fields; the name up to {} characters, the bio {}",
        limits.fields, limits.name_chars, limits.bio_chars
    );
    lines.push((None, super::form_hint(&hint, width)));
    for (field, label, on, meaning) in [
        (
            ProfileField::Locked,
            "Locked",
            form.locked,
            "you approve each follower",
        ),
        (ProfileField::Bot, "Bot", form.bot, "an automated account"),
        (
            ProfileField::Discoverable,
            "Listed",
            form.discoverable,
            "in the server's directory and suggestions",
        ),
    ] {
        let line = super::form_switch(label, on, meaning, focused(field), width);
        lines.push((Some(field), line));
    }
    lines.extend(text(ProfileField::Avatar, "Avatar", &form.avatar, 1));
    lines.extend(text(ProfileField::Header, "Header", &form.header, 1));
    lines.push((
        None,
        super::form_hint(
            "a picture's path (Tab completes it); empty: as it is",
            width,
        ),
    ));
    // The pictures chosen, as they will look, where previews are shown.
    if state.previews.shown && !state.no_color {
        let pictures = form.pictures();
        let paths: Vec<&std::path::Path> = pictures.iter().map(|p| p.as_path()).collect();
        let room = (width as u16).saturating_sub(super::FORM_LABEL as u16);
        let indent = " ".repeat(super::FORM_LABEL);
        for line in crate::ui::preview::attached_lines(&paths, &state.previews, room, PICTURE_ROWS)
        {
            let mut spans = vec![Span::raw(indent.clone())];
            spans.extend(line.spans);
            lines.push((None, Line::from(spans)));
        }
    }
    match (&form.error, form.saving) {
        (_, true) => lines.push((None, Line::styled("Saving…", theme::DIM))),
        (Some(error), false) => lines.extend(
            wrap_plain(error, theme::ERROR, width)
                .into_iter()
                .map(|line| (None, line)),
        ),
        (None, false) => {}
    }
    let box_area = centered(area, lines.len() as u16 + 2);
    let inner = frame_box(frame, box_area, "Your profile", footer);
    // Many fields (Misskey takes 16) scroll to keep the focused one in view.
    let rows = usize::from(inner.height);
    let at = lines
        .iter()
        .position(|(field, _)| *field == Some(form.field))
        .unwrap_or(0);
    let skip = (at + 2)
        .saturating_sub(rows)
        .min(lines.len().saturating_sub(rows));
    let shown: Vec<Line> = lines.into_iter().skip(skip).map(|(_, line)| line).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
