//! Popups drawn over the screen: help, prompts, pickers, list choices, questions, a URL to copy.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::frame::{MAX_WIDTH, centered, frame_box};
use super::text::{chunks, editor_line, truncate, wrap_plain};
use super::{lists, theme};
use crate::action::{Action, ViewKind};
use crate::state::lists::ListOption;
use crate::state::{AppState, PickerPurpose, Popup, PromptPurpose, cursor};

/// Help takes the whole body up to a readable width: every key, nothing cut.
fn help_area(area: Rect) -> Rect {
    let width = area.width.min(HELP_WIDTH);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// Help may be wider than other popups: descriptions wrap below it, not above.
pub const HELP_WIDTH: u16 = 110;

/// Help's lines at `width` columns: the keys of the view on screen, then those that work
/// everywhere; descriptions wrap under themselves.
pub fn help_lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let context = state.focused_view();
    let own = state
        .keymap
        .help_rows_saying(&context.actions().collect::<Vec<_>>(), |action| {
            context.describe(action)
        });
    let mut sections = vec![(context.title(), own)];
    // Typing in a field has the editor's own keys, as in a shell.
    if context == ViewKind::Compose {
        let editing = crate::state::editor::EDITING_KEYS
            .iter()
            .map(|(keys, what)| ((*keys).to_owned(), *what))
            .collect();
        sections.push((
            "Typing (the text, the warning, poll options, prompts)",
            editing,
        ));
    }
    // While writing, letters are typed: only the other keys of the whole app work.
    let describe = |action| context.describe(action);
    let everywhere = match context {
        ViewKind::Compose => state
            .keymap
            .help_rows_unless_typed(context.everywhere(), describe),
        _ => state
            .keymap
            .help_rows_saying(context.everywhere(), describe),
    };
    sections.push(("Everywhere", everywhere));
    let key_width = sections
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let text_width = width.saturating_sub(key_width + 1).max(1);
    let mut lines = Vec::new();
    for (title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(title, theme::NAME));
        for (keys, description) in rows {
            let pad =
                key_width.saturating_sub(unicode_width::UnicodeWidthStr::width(keys.as_str()));
            for (index, line) in wrap_plain(description, ratatui::style::Style::new(), text_width)
                .into_iter()
                .enumerate()
            {
                let lead = if index == 0 {
                    Span::styled(format!("{keys}{} ", " ".repeat(pad)), theme::ACCT)
                } else {
                    Span::raw(" ".repeat(key_width + 1))
                };
                let mut spans = vec![lead];
                spans.extend(line.spans);
                lines.push(Line::from(truncate(spans, width)));
            }
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, popup: &Popup) {
    let key = |action| state.keymap.label(action);
    match popup {
        Popup::Palette(palette) => super::palette::draw(frame, area, state, palette),
        Popup::Help { scroll } => {
            let box_area = help_area(area);
            let lines = help_lines(state, usize::from(box_area.width.saturating_sub(2)));
            let visible = usize::from(box_area.height.saturating_sub(2));
            let scroll = usize::from(*scroll).min(lines.len().saturating_sub(visible));
            let footer = format!(
                "{}/{} scroll · {} close · {}",
                key(Action::Down),
                key(Action::Up),
                key(Action::Cancel),
                if scroll + visible < lines.len() {
                    format!("{} more below", lines.len() - scroll - visible)
                } else {
                    "end".to_owned()
                }
            );
            let inner = frame_box(frame, box_area, "Keys", footer);
            let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
            frame.render_widget(Paragraph::new(shown), inner);
        }
        Popup::Prompt(prompt) => {
            let shown = prompt.suggestions.len().min(8) as u16;
            let text_width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let problem = prompt
                .error
                .as_ref()
                .or(prompt.search_failed.as_ref())
                .map(|p| wrap_plain(p, theme::ERROR, text_width))
                .unwrap_or_default();
            let box_area = centered(area, 3 + problem.len() as u16 + shown);
            let verb = match prompt.purpose {
                PromptPurpose::Attach { .. } => "attach",
                PromptPurpose::Describe { .. } => "save",
                PromptPurpose::Hashtag => "open",
                PromptPurpose::Search => "search",
                PromptPurpose::NewList { .. } => "create",
                PromptPurpose::RenameList { .. } => "rename",
                PromptPurpose::AddMember { .. } => "add",
            };
            let footer = format!(
                "{} {verb} · {} cancel",
                key(Action::Confirm),
                key(Action::Cancel)
            );
            let inner = frame_box(frame, box_area, prompt.title(), footer);
            let width = usize::from(inner.width);
            let prefix = match prompt.purpose {
                PromptPurpose::Hashtag => Span::styled("#", theme::HASHTAG),
                _ => Span::styled("› ", theme::DIM),
            };
            let mut lines = vec![editor_line(&prompt.input, prefix, width)];
            lines.extend(problem);
            for (index, account) in prompt
                .suggestions
                .iter()
                .take(usize::from(shown))
                .enumerate()
            {
                lines.push(lists::suggestion_line(
                    account,
                    prompt.suggestion == Some(index),
                    width,
                ));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::AccountLists(popup) => {
            let lists = state.settled_lists();
            let box_area = centered(area, (lists.len().max(1) as u16).saturating_add(2));
            let footer = format!(
                "{} add/remove · {} new list · {} close",
                key(Action::Toggle),
                key(Action::New),
                key(Action::Cancel)
            );
            let inner = frame_box(
                frame,
                box_area,
                &format!("Lists for @{}", popup.account.acct),
                footer,
            );
            let width = usize::from(inner.width);
            let rows = usize::from(inner.height);
            let mut lines = Vec::new();
            if lists.is_empty() {
                lines.push(Line::styled(
                    if state.lists.is_none() {
                        "Loading…"
                    } else {
                        "You have no lists yet."
                    },
                    theme::DIM,
                ));
            }
            let first = cursor::first_shown(popup.selected, rows);
            for (index, list) in lists.iter().enumerate().skip(first).take(rows) {
                let check = match &popup.member_of {
                    None => "[…] ",
                    Some(ids) if ids.contains(&list.id) => "[✓] ",
                    Some(_) => "[ ] ",
                };
                let mut spans = vec![
                    Span::styled(check, theme::BADGE),
                    Span::raw(list.title.clone()),
                ];
                // Counts are asked for on the lists screen; here they show once known, never
                // as a placeholder that would not fill.
                if list.member_count.is_some() {
                    spans.push(Span::styled(
                        format!("  {}", lists::member_count_label(list)),
                        theme::DIM,
                    ));
                }
                let line = Line::from(truncate(spans, width));
                lines.push(if index == popup.selected {
                    line.style(theme::HIGHLIGHT)
                } else {
                    line
                });
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::ListOptions(options) => {
            let rows = options.rows();
            let box_area = centered(area, rows.len() as u16 + 2);
            let footer = format!(
                "{} change · {} save · {} cancel",
                key(Action::Toggle),
                key(Action::Confirm),
                key(Action::Cancel)
            );
            let inner = frame_box(
                frame,
                box_area,
                &format!("Options of “{}”", options.list.title),
                footer,
            );
            let settings = &options.list.settings;
            let lines: Vec<Line> = rows
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    let (name, value) = match row {
                        ListOption::RepliesPolicy => (
                            "Replies shown",
                            settings.replies_policy.map_or("", |p| p.describe()),
                        ),
                        ListOption::Exclusive => (
                            "Keep members' posts out of Home",
                            if settings.exclusive == Some(true) {
                                "yes"
                            } else {
                                "no"
                            },
                        ),
                        ListOption::Public => (
                            "Others can see the list",
                            if settings.public == Some(true) {
                                "yes"
                            } else {
                                "no"
                            },
                        ),
                    };
                    let line = Line::from(truncate(
                        vec![
                            Span::raw(format!("{name}: ")),
                            Span::styled(value.to_owned(), theme::ACCT),
                        ],
                        usize::from(inner.width),
                    ));
                    if index == options.row {
                        line.style(theme::HIGHLIGHT)
                    } else {
                        line
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Login(flow) => super::accounts::draw_login(frame, state, flow),
        Popup::Confirm { question, .. } => {
            let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let lines = wrap_plain(question, theme::STATUS, width);
            let box_area = centered(area, lines.len() as u16 + 2);
            let footer = format!("{} yes · {} no", key(Action::Confirm), key(Action::Cancel));
            let inner = frame_box(frame, box_area, "Are you sure?", footer);
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::History { versions, scroll } => {
            let box_area = centered(area, area.height);
            let width = usize::from(box_area.width.saturating_sub(2)).max(1);
            let mut lines: Vec<Line> = Vec::new();
            for (index, version) in versions.iter().enumerate() {
                let when = match super::post::age(state.now, version.at) {
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
                lines.extend(super::text::rich_lines(&version.content, width, usize::MAX));
                lines.push(Line::default());
            }
            let footer = format!("j/k scroll · {} close", key(Action::Cancel));
            let title = format!("{} versions", versions.len());
            let inner = frame_box(frame, box_area, &title, footer);
            let last = lines.len().saturating_sub(usize::from(inner.height));
            let shown: Vec<Line> = lines
                .into_iter()
                .skip(usize::from(*scroll).min(last))
                .collect();
            frame.render_widget(Paragraph::new(shown), inner);
        }
        Popup::Messages { scroll } => {
            let box_area = centered(area, area.height);
            let width = usize::from(box_area.width.saturating_sub(2)).max(1);
            let mut lines: Vec<Line> = Vec::new();
            for message in &state.said {
                let time = message
                    .at
                    .to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%H:%M:%S")
                    .to_string();
                let style = match message.is_error {
                    true => theme::WARNING,
                    false => ratatui::style::Style::new(),
                };
                let text = format!("{time}  {}", message.text);
                lines.extend(wrap_plain(&text, style, width));
            }
            if lines.is_empty() {
                lines.push(Line::styled("Nothing was said yet.", theme::DIM));
            }
            let footer = format!("j/k scroll · {} close", key(Action::Cancel));
            let inner = frame_box(frame, box_area, "Messages", footer);
            // The newest at the bottom, as in an editor's message log; scrolling goes back.
            let rows = usize::from(inner.height);
            let last = lines.len().saturating_sub(rows);
            let first = last.saturating_sub(usize::from(*scroll));
            let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
            frame.render_widget(Paragraph::new(shown), inner);
        }
        Popup::Vote(ballot) => {
            let options = &ballot.poll.options;
            let box_area = centered(area, options.len() as u16 + 2);
            let footer = match ballot.poll.multiple {
                true => format!(
                    "{} mark · {} vote · {} cancel",
                    key(Action::Toggle),
                    key(Action::Confirm),
                    key(Action::Cancel)
                ),
                false => format!(
                    "{} vote · {} cancel",
                    key(Action::Confirm),
                    key(Action::Cancel)
                ),
            };
            let title = match ballot.poll.multiple {
                true => "Vote (several choices)",
                false => "Vote",
            };
            let inner = frame_box(frame, box_area, title, footer);
            let lines: Vec<Line> = options
                .iter()
                .enumerate()
                .map(|(index, option)| {
                    let mark = match (ballot.poll.multiple, ballot.marked.contains(&index)) {
                        (true, true) => "[x] ",
                        (true, false) => "[ ] ",
                        (false, _) if index == ballot.selected => "(•) ",
                        (false, _) => "( ) ",
                    };
                    let style = if index == ballot.selected {
                        theme::HIGHLIGHT
                    } else {
                        ratatui::style::Style::new()
                    };
                    Line::from(truncate(
                        vec![Span::styled(format!("{mark}{}", option.title), style)],
                        usize::from(inner.width),
                    ))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Picker(picker) => {
            let visible = picker.visible();
            let height = (visible.len().max(1) as u16)
                .saturating_add(4)
                .min(area.height);
            let box_area = centered(area, height);
            let footer = match picker.purpose {
                PickerPurpose::Draft => format!(
                    "type to filter · {} open · {} delete · {} later",
                    key(Action::Confirm),
                    state.keymap.label_unless_typed(Action::Delete),
                    key(Action::Cancel)
                ),
                _ => format!(
                    "type to filter · {} choose · {} cancel",
                    key(Action::Confirm),
                    key(Action::Cancel)
                ),
            };
            let inner = frame_box(frame, box_area, &picker.title, footer);
            let mut lines = vec![Line::from(vec![
                Span::styled("› ", theme::DIM),
                Span::raw(picker.filter.clone()),
                Span::styled("█", theme::DIM),
            ])];
            let rows = usize::from(inner.height.saturating_sub(1));
            if visible.is_empty() {
                lines.push(Line::styled(
                    if picker.loading {
                        "Loading…"
                    } else if picker.items.is_empty() {
                        "Nothing to choose from."
                    } else {
                        "No match."
                    },
                    theme::DIM,
                ));
            }
            // Keep the selection in view.
            let first = cursor::first_shown(picker.selected, rows);
            for (index, item) in visible.iter().enumerate().skip(first).take(rows) {
                let style = if index == picker.selected {
                    theme::HIGHLIGHT
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(truncate(
                    vec![Span::styled(item.label.clone(), style)],
                    usize::from(inner.width),
                )));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Url { url, reason } => {
            let width = usize::from(area.width.min(MAX_WIDTH).saturating_sub(2)).max(1);
            let mut lines = wrap_plain(reason, theme::STATUS, width);
            lines.push(Line::default());
            // Cut into pieces so the whole address can be selected line by line.
            for chunk in chunks(url, width) {
                lines.push(Line::styled(chunk, theme::LINK));
            }
            let box_area = centered(area, lines.len() as u16 + 2);
            let inner = frame_box(
                frame,
                box_area,
                "Link",
                format!("{} copy · {} close", key(Action::Copy), key(Action::Cancel)),
            );
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
