//! Popups drawn over the screen, each in a file of its own: help, prompts, pickers, list
//! choices, questions, a URL to copy, a poll's ballot, an edit history, the message log, the
//! server's announcements, the notification policy, the filters, the scheduled posts, a report, the media viewer.

use ratatui::Frame;
use ratatui::layout::Rect;

use ratatui::text::{Line, Span};

use super::text::{cursor_line, truncate};
use super::theme;
use crate::action::{Action, PopupKind};
use crate::state::{AppState, Popup};

mod account_lists;
mod announcements;
mod antennas;
mod channels;
mod clips;
mod confirm;
mod filters;
mod help;
mod history;
mod list_options;
mod menu;
mod messages;
mod picker;
mod policy;
mod profile_form;
mod prompt;
mod report;
mod scheduled;
mod url;
mod viewer;
mod vote;

pub use super::frame::text_width;
pub use help::{HELP_WIDTH, help_lines};
pub use history::history_lines;
pub use messages::message_lines;
pub use viewer::viewer_cells;

/// The label column of a form (a filter, a report).
const FORM_LABEL: usize = 10;

/// A form field chosen among values (Space goes to the next): its name and the value shown,
/// highlighted where the focus is.
fn form_choice(name: &str, value: String, focused: bool, width: usize) -> Line<'static> {
    let style = match focused {
        true => theme::HIGHLIGHT,
        false => ratatui::style::Style::new(),
    };
    Line::from(truncate(
        vec![form_label(name, focused), Span::styled(value, style)],
        width,
    ))
}

/// A form's switch: `[x]` or `[ ]` and what it means.
fn form_switch(name: &str, on: bool, meaning: &str, focused: bool, width: usize) -> Line<'static> {
    let mark = if on { "[x]" } else { "[ ]" };
    form_choice(name, format!("{mark} {meaning}"), focused, width)
}

/// A form's footer: the next field, `change` for what Space does to a choice, the key that
/// does the form's `verb` (Enter, or in a field of `many_lines`, where Enter starts a line,
/// the send key) and the way out, `leave` (back to a list, or cancel).
fn form_footer(
    state: &AppState,
    form: PopupKind,
    [change, verb, leave]: [&str; 3],
    many_lines: bool,
) -> String {
    let key = |action| crate::ui::frame::footer_key(state, form, action);
    let (middle, does) = match many_lines {
        true => ("Enter new line".to_owned(), key(Action::Send)),
        false => (
            format!("{} {change}", key(Action::Toggle)),
            key(Action::Confirm),
        ),
    };
    format!(
        "{} next · {middle} · {does} {verb} · {} {leave}",
        key(Action::NextTab),
        key(Action::Cancel)
    )
}

/// The footer's first words where choosing opens a timeline: here, or in a new pane.
fn open_keys(state: &AppState, popup: PopupKind) -> String {
    format!(
        "{} open · {} new pane",
        crate::ui::frame::footer_key(state, popup, Action::Confirm),
        crate::ui::frame::footer_key(state, popup, Action::NewPane)
    )
}

/// A popup listing named things one a line, each with a dim summary after its name (filters,
/// antennas, clips): `None` while the server is asked, `empty` said where there are none, the
/// one at `selected` highlighted and kept in view.
fn draw_named_list(
    frame: &mut Frame,
    area: Rect,
    (title, footer): (&str, String),
    rows: Option<Vec<(String, String)>>,
    selected: usize,
    empty: String,
) {
    use ratatui::style::Style;
    let count = rows.as_ref().map_or(1, |r| r.len().max(1)) as u16;
    let box_area = super::frame::centered(area, count + 2);
    let inner = super::frame::frame_box(frame, box_area, title, footer);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = match rows {
        None => vec![Line::styled("Asking the server…", theme::DIM)],
        Some(rows) if rows.is_empty() => vec![Line::styled(empty, theme::DIM)],
        Some(rows) => rows
            .into_iter()
            .enumerate()
            .map(|(index, (name, summary))| {
                let style = match index == selected {
                    true => theme::HIGHLIGHT,
                    false => Style::new(),
                };
                Line::from(truncate(
                    vec![
                        Span::styled(name, style),
                        Span::styled(format!("  {summary}"), theme::DIM),
                    ],
                    width,
                ))
            })
            .collect(),
    };
    let skip = (selected + 1).saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(ratatui::widgets::Paragraph::new(shown), inner);
}

/// A form field's name, marked where the focus is.
fn form_label(text: &str, focused: bool) -> Span<'static> {
    let style = match focused {
        true => theme::FOCUSED_BAR,
        false => theme::DIM,
    };
    Span::styled(format!("{text:<FORM_LABEL$}"), style)
}

/// A form field typed in: its name and text, the cursor shown where the focus is.
fn form_text(
    name: &str,
    editor: &crate::state::Editor,
    focused: bool,
    width: usize,
) -> Line<'static> {
    let mut lines = form_text_lines(name, editor, focused, width, 1);
    lines.pop().unwrap_or_default()
}

/// A field of several lines: at most `most` of them (at least one), those around the cursor,
/// its name on the first shown.
fn form_text_lines(
    name: &str,
    editor: &crate::state::Editor,
    focused: bool,
    width: usize,
    most: usize,
) -> Vec<Line<'static>> {
    let most = most.max(1);
    let lines = editor.widget().lines();
    let (row, column) = editor.cursor();
    let first = (row + 1).saturating_sub(most);
    lines
        .iter()
        .enumerate()
        .skip(first)
        .take(most)
        .map(|(at, text)| {
            let label = match at == first {
                true => form_label(name, focused),
                false => Span::raw(" ".repeat(FORM_LABEL)),
            };
            match focused && at == row {
                true => cursor_line(text, column, label, width),
                false => Line::from(truncate(vec![label, Span::raw(text.clone())], width)),
            }
        })
        .collect()
}

/// A dim line under a field, in the fields' column.
fn form_hint(text: &str, width: usize) -> Line<'static> {
    Line::from(truncate(
        vec![
            Span::raw(" ".repeat(FORM_LABEL)),
            Span::styled(text.to_owned(), theme::DIM),
        ],
        width,
    ))
}

/// The footer of a popup that scrolls and closes: "j/k scroll · Esc close", in the keys bound.
fn scroll_and_close(state: &AppState, popup: PopupKind) -> String {
    let key = |action| crate::ui::frame::footer_key(state, popup, action);
    format!(
        "{}/{} scroll · {} close",
        key(Action::Down),
        key(Action::Up),
        key(Action::Cancel)
    )
}

/// The footer of a popup that may scroll: its scroll keys only where there is more than shows.
fn footer_of_scrolling(state: &AppState, popup: PopupKind, scrolls: bool) -> String {
    match scrolls {
        true => scroll_and_close(state, popup),
        false => format!(
            "{} close",
            crate::ui::frame::footer_key(state, popup, Action::Cancel)
        ),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, popup: &Popup) {
    match popup {
        Popup::Palette(palette) => super::palette::draw(frame, area, state, palette),
        Popup::Menu(menu) => menu::draw(frame, area, state, menu),
        Popup::Help { scroll, .. } => help::draw(frame, area, state, *scroll),
        Popup::Prompt(prompt) => prompt::draw(frame, area, state, prompt),
        Popup::AccountLists(popup) => account_lists::draw(frame, area, state, popup),
        Popup::ListOptions(options) => list_options::draw(frame, area, state, options),
        Popup::Login(flow) => super::accounts::draw_login(frame, state, flow),
        Popup::Confirm { question, .. } => confirm::draw(frame, area, state, question),
        Popup::History { versions, scroll } => history::draw(frame, area, state, versions, *scroll),
        Popup::Messages { scroll } => messages::draw(frame, area, state, *scroll),
        Popup::Announcements { selected } => announcements::draw(frame, area, state, *selected),
        Popup::NotificationPolicy { policy, selected } => {
            policy::draw(frame, area, state, policy.as_ref(), *selected)
        }
        Popup::Filters { selected } => filters::draw_list(frame, area, state, *selected),
        Popup::FilterForm(form) => filters::draw_form(frame, area, state, form),
        Popup::Scheduled { selected } => scheduled::draw(frame, area, state, *selected),
        Popup::Report(form) => report::draw(frame, area, state, form),
        Popup::ProfileForm(form) => profile_form::draw(frame, area, state, form),
        Popup::Antennas { selected } => antennas::draw_list(frame, area, state, *selected),
        Popup::AntennaForm(form) => antennas::draw_form(frame, area, state, form),
        Popup::Channels { set, selected } => channels::draw(frame, area, state, set, *selected),
        Popup::Clips { selected } => clips::draw_list(frame, area, state, *selected),
        Popup::ClipForm(form) => clips::draw_form(frame, area, state, form),
        Popup::Vote(ballot) => vote::draw(frame, area, state, ballot),
        Popup::Picker(picker) => picker::draw(frame, area, state, picker),
        Popup::Url { url, reason } => url::draw(frame, area, state, url, reason),
        Popup::Viewer(viewer) => viewer::draw(frame, area, state, viewer),
    }
}
