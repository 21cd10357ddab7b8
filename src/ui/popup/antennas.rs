//! The user's antennas (Misskey), one a line: its name and what it catches; and the form
//! that makes or changes one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::api::{Antenna, AntennaSource};
use crate::state::AppState;
use crate::state::antennas::{AntennaField, AntennaForm, SourceKind};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::wrap_plain;
use crate::ui::theme;

/// The title of a list, by id, as the user named it.
fn list_title(state: &AppState, id: &str) -> String {
    state
        .list(id)
        .map_or_else(|| format!("list {id}"), |l| format!("“{}”", l.title))
}

/// Whose notes and which words, after the name.
fn summary(state: &AppState, antenna: &Antenna) -> String {
    let whose = match &antenna.source {
        AntennaSource::All => "all notes".to_owned(),
        AntennaSource::Home => "your home".to_owned(),
        AntennaSource::Users(users) => match users.len() {
            1 => format!("@{}", users[0]),
            n => format!("{n} accounts"),
        },
        AntennaSource::List(id) => list_title(state, id),
    };
    let mut parts = vec![whose];
    let words = Antenna::text_of(&antenna.keywords);
    if !words.is_empty() {
        parts.push(words);
    }
    let excluded = Antenna::text_of(&antenna.excludes);
    if !excluded.is_empty() {
        parts.push(format!("not {excluded}"));
    }
    // The switches that narrow what it catches.
    for (on, what) in [
        (antenna.with_file, "files only"),
        (antenna.local_only, "local only"),
        (antenna.exclude_bots, "no bots"),
        (antenna.with_replies, "with replies"),
    ] {
        if on {
            parts.push(what.to_owned());
        }
    }
    parts.join(" · ")
}

pub(super) fn draw_list(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Antennas, action);
    let footer = format!(
        "{} · {} new · {} change · {} delete · {} close",
        super::open_keys(state, PopupKind::Antennas),
        key(Action::New),
        key(Action::Edit),
        key(Action::Delete),
        key(Action::Cancel)
    );
    let rows = state.antennas.as_ref().map(|all| {
        all.iter()
            .map(|antenna| (antenna.name.clone(), summary(state, antenna)))
            .collect()
    });
    let empty = format!(
        "None yet: {} makes one, catching notes with the words you choose.",
        key(Action::New)
    );
    super::draw_named_list(frame, area, ("Antennas", footer), rows, selected, empty);
}

pub(super) fn draw_form(frame: &mut Frame, area: Rect, state: &AppState, form: &AntennaForm) {
    let footer = super::form_footer(
        state,
        PopupKind::AntennaForm,
        ["change", "save", "back"],
        false,
    );
    let title = match form.id.is_empty() {
        true => "New antenna",
        false => "Change the antenna",
    };
    let width = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let focused = |field: AntennaField| form.field == field && !form.saving;
    let choice = |label: &str, field: AntennaField, text: String| {
        super::form_choice(label, text, focused(field), width)
    };
    let mut lines = vec![super::form_text(
        "Name",
        &form.name,
        focused(AntennaField::Name),
        width,
    )];
    let source = match form.source {
        SourceKind::All => "all notes the server sees",
        SourceKind::Home => "notes of those you follow",
        SourceKind::Users => "notes of these accounts:",
        SourceKind::List => "notes of a list's members:",
    };
    lines.push(choice("Catches", AntennaField::Source, source.to_owned()));
    match form.source {
        SourceKind::Users => lines.push(super::form_text(
            "Accounts",
            &form.users,
            focused(AntennaField::Users),
            width,
        )),
        SourceKind::List => {
            let list = match (&form.list, &state.lists) {
                (Some(id), _) => list_title(state, id),
                (None, Some(lists)) if lists.is_empty() => "you have no lists".to_owned(),
                (None, Some(_)) => "(Space chooses one)".to_owned(),
                (None, None) => "asking for your lists…".to_owned(),
            };
            lines.push(choice("List", AntennaField::List, list));
        }
        SourceKind::All | SourceKind::Home => {}
    }
    lines.push(super::form_text(
        "Words",
        &form.keywords,
        focused(AntennaField::Keywords),
        width,
    ));
    lines.push(super::form_text(
        "Not",
        &form.excludes,
        focused(AntennaField::Excludes),
        width,
    ));
    lines.push(super::form_hint(
        "all words of a line; any line matches (commas between lines)",
        width,
    ));
    for (field, label, on, meaning) in [
        (
            AntennaField::CaseSensitive,
            "Case",
            form.case_sensitive,
            "capitals must match",
        ),
        (
            AntennaField::WithReplies,
            "Replies",
            form.with_replies,
            "replies too",
        ),
        (
            AntennaField::WithFile,
            "Files",
            form.with_file,
            "only notes with files",
        ),
        (
            AntennaField::LocalOnly,
            "Local",
            form.local_only,
            "only notes from this server",
        ),
        (
            AntennaField::ExcludeBots,
            "Bots",
            form.exclude_bots,
            "leave bots out",
        ),
    ] {
        lines.push(super::form_switch(
            label,
            on,
            meaning,
            focused(field),
            width,
        ));
    }
    match (&form.error, form.saving) {
        (_, true) => lines.push(Line::styled("Saving…", theme::DIM)),
        (Some(error), false) => lines.extend(wrap_plain(error, theme::ERROR, width)),
        (None, false) => {}
    }
    let box_area = centered(area, lines.len() as u16 + 2);
    let inner = frame_box(frame, box_area, title, footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
