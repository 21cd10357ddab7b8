//! The user's filters (Misskey: muted words), one a line: its title, what it does, where, its
//! keywords and until when; and the form that makes or changes one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::api::{Filter, FilterAction, FilterContext, Rule};
use crate::state::AppState;
use crate::state::filters::{FilterForm, FormField};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::truncate;
use crate::ui::theme;
use crate::ui::words::Label;

fn action_name(action: FilterAction, misskey: bool) -> &'static str {
    match (action, misskey) {
        (FilterAction::Warn, false) => "warn",
        (FilterAction::Hide, false) => "hide",
        (FilterAction::Warn, true) => "mute",
        (FilterAction::Hide, true) => "hard mute",
        (FilterAction::Blur, _) => "blur media",
    }
}

/// What a filter does, where and until when, after its title.
fn summary(filter: &Filter, misskey: bool) -> String {
    let mut parts = vec![action_name(filter.action, misskey).to_owned()];
    if !misskey {
        let places: Vec<&str> = filter.contexts.iter().map(|c| c.label()).collect();
        parts.push(places.join(", "));
        let keywords = match &filter.rule {
            Rule::AnyKeyword(keywords) => keywords.len(),
            Rule::Entry(_) => 0,
        };
        parts.push(match keywords {
            1 => "1 keyword".to_owned(),
            n => format!("{n} keywords"),
        });
        if !filter.post_ids.is_empty() {
            parts.push(format!("{} posts", filter.post_ids.len()));
        }
        parts.push(match filter.expires_at {
            Some(at) => format!("until {}", crate::when::show(at)),
            None => "no end".to_owned(),
        });
    }
    parts.join(" · ")
}

pub(super) fn draw_list(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Filters, action);
    let footer = format!(
        "{} new · {} change · {} delete · {} close",
        key(Action::New),
        key(Action::Confirm),
        key(Action::Delete),
        key(Action::Cancel)
    );
    let misskey = state.flavor == crate::api::detect::Flavor::Misskey;
    let title = if misskey { "Muted words" } else { "Filters" };
    let rows = state.filters.as_ref().map(|all| {
        all.iter()
            .map(|filter| (filter.title.clone(), summary(filter, misskey)))
            .collect()
    });
    let empty = format!("None yet: {} makes one.", key(Action::New));
    super::draw_named_list(frame, area, (title, footer), rows, selected, empty);
}

pub(super) fn draw_form(frame: &mut Frame, area: Rect, state: &AppState, form: &FilterForm) {
    let footer = super::form_footer(
        state,
        PopupKind::FilterForm,
        ["change", "save", "back"],
        false,
    );
    let title = match (&form.original, form.misskey) {
        (None, false) => "New filter",
        (Some(_), false) => "Change the filter",
        (None, true) => "New muted word",
        (Some(_), true) => "Change the muted word",
    };
    // The fields, their hints and the line that says what is wrong.
    let rows: u16 = if form.misskey { 4 } else { 8 };
    let box_area = centered(area, rows + 2);
    let inner = frame_box(frame, box_area, title, footer);
    let width = usize::from(inner.width);
    let text_field = |name: &str, editor: &crate::state::Editor, field: FormField| {
        super::form_text(name, editor, form.field == field && !form.saving, width)
    };
    let hint = |text: &str| super::form_hint(text, width);
    let mut lines = Vec::new();
    if form.misskey {
        lines.push(text_field("Words", &form.title, FormField::Title));
        lines.push(hint(
            "all must occur, space between; or a /regular expression/i",
        ));
    } else {
        lines.push(text_field("Title", &form.title, FormField::Title));
        lines.push(text_field("Keywords", &form.keywords, FormField::Keywords));
        lines.push(hint(
            "commas between; a * at the end also matches inside words",
        ));
        let mut places = vec![super::form_label(
            "Where",
            matches!(form.field, FormField::Where(_)),
        )];
        for (index, place) in FilterContext::ALL.into_iter().enumerate() {
            let on = form.contexts.contains(&place);
            let style = match form.field == FormField::Where(index) {
                true => theme::HIGHLIGHT,
                false => Style::new(),
            };
            let mark = if on { "[x]" } else { "[ ]" };
            places.push(Span::styled(format!("{mark} {}", place.label()), style));
            places.push(Span::raw(" "));
        }
        lines.push(Line::from(truncate(places, width)));
    }
    let action_style = match form.field == FormField::Action {
        true => theme::HIGHLIGHT,
        false => Style::new(),
    };
    let what = match (form.action, form.misskey) {
        (FilterAction::Warn, false) => "warn: fold behind its title",
        (FilterAction::Hide, false) => "hide: not shown at all",
        (FilterAction::Warn, true) => "mute: fold behind the word",
        (FilterAction::Hide, true) => "hard mute: not shown at all",
        (FilterAction::Blur, _) => "blur media: pictures behind a warning",
    };
    lines.push(Line::from(truncate(
        vec![
            super::form_label("Action", form.field == FormField::Action),
            Span::styled(what, action_style),
        ],
        width,
    )));
    if !form.misskey {
        lines.push(text_field("Expires", &form.expires, FormField::Expires));
        lines.push(hint(&format!(
            "{} or empty for never",
            crate::when::FORMATS
        )));
    }
    lines.push(match (&form.error, form.saving) {
        (_, true) => Line::styled("Saving…", theme::DIM),
        (Some(error), false) => Line::from(truncate(
            vec![Span::styled(error.clone(), theme::ERROR)],
            width,
        )),
        (None, false) => Line::default(),
    });
    frame.render_widget(Paragraph::new(lines), inner);
}
