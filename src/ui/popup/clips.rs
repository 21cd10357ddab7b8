//! The user's clips, then those they favourited (Misskey), one a line; and the form that
//! makes or changes one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::api::Clip;
use crate::state::AppState;
use crate::state::clips::{ClipField, ClipForm};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

/// Who sees it, how many notes, whose, and what it is for.
fn summary(clip: &Clip) -> String {
    let mut parts = vec![match (clip.mine, clip.public) {
        (false, _) => format!("★ @{}'s", clip.owner),
        (true, true) => "public".to_owned(),
        (true, false) => "only you".to_owned(),
    }];
    if let Some(notes) = clip.notes {
        parts.push(match notes {
            1 => "1 note".to_owned(),
            n => format!("{n} notes"),
        });
    }
    if !clip.description.is_empty() {
        parts.push(clip.description.clone());
    }
    parts.join(" · ")
}

pub(super) fn draw_list(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Clips, action);
    let footer = format!(
        "{} · {} new · {} change · {} delete · {} close",
        super::open_keys(state, PopupKind::Clips),
        key(Action::New),
        key(Action::Edit),
        key(Action::Delete),
        key(Action::Cancel)
    );
    let rows = state.clips.as_ref().map(|all| {
        all.iter()
            .map(|clip| (clip.name.clone(), summary(clip)))
            .collect()
    });
    let empty = format!(
        "None yet: {} makes one; {} on a note puts it in one.",
        key(Action::New),
        state.keymap.label(Action::Clip)
    );
    super::draw_named_list(frame, area, ("Clips", footer), rows, selected, empty);
}

pub(super) fn draw_form(frame: &mut Frame, area: Rect, state: &AppState, form: &ClipForm) {
    let footer = super::form_footer(
        state,
        PopupKind::ClipForm,
        ["change", "save", "back"],
        false,
    );
    let title = match (form.id.is_empty(), form.then_add.is_some()) {
        (true, true) => "A new clip for the note",
        (true, false) => "New clip",
        (false, _) => "Change the clip",
    };
    let width = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let focused = |field: ClipField| form.field == field && !form.saving;
    let mut lines = vec![
        super::form_text("Name", &form.name, focused(ClipField::Name), width),
        super::form_text(
            "About",
            &form.description,
            focused(ClipField::Description),
            width,
        ),
    ];
    lines.push(super::form_switch(
        "Public",
        form.public,
        "anyone can see it",
        focused(ClipField::Public),
        width,
    ));
    match (&form.error, form.saving) {
        (_, true) => lines.push(Line::styled("Saving…", theme::DIM)),
        (Some(error), false) => lines.extend(wrap_plain(error, theme::ERROR, width)),
        (None, false) => {}
    }
    let box_area = centered(area, lines.len() as u16 + 2);
    let inner = frame_box(frame, box_area, title, footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
