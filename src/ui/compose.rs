//! The compose view: what the post answers or quotes, the content warning, the text, and a
//! line of the other fields with the server's own count of the length.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::frame::frame_box;
use super::text::{editor_line, truncate, wrap_plain};
use super::theme;
use crate::action::Action;
use crate::state::AppState;
use crate::state::compose::{Compose, Field, POLL_DURATIONS, poll_choice};
use crate::state::offer::Sigil;
use crate::ui::words::{Label, Words};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, compose: &Compose) {
    let width = usize::from(area.width);
    let problem = compose
        .draft
        .failed
        .as_deref()
        .map(|reason| wrap_plain(reason, theme::ERROR, width))
        .unwrap_or_default();
    let mut attachments = attachment_lines(compose, width);
    let fields = fields_lines(state, compose, width);
    // Many files and poll options at 80x24: the rows around the focused one, the text
    // keeps at least three rows.
    let fixed = 1 + 1 + 3 + fields.len() + problem.len().min(3);
    let room = usize::from(area.height).saturating_sub(fixed).max(1);
    if attachments.len() > room {
        let focused = match compose.focus {
            Field::Media(index) => index,
            Field::PollOption(index) => compose.draft.media.len() + index,
            Field::PollDuration | Field::PollMultiple | Field::PollHideTotals => {
                attachments.len() - 1
            }
            _ => 0,
        };
        let first = focused
            .saturating_sub(room - 1)
            .min(attachments.len() - room);
        attachments = attachments.into_iter().skip(first).take(room).collect();
    }
    // The pictures attached, where there is room for them beside the text's three rows.
    let mut pictures = attached_pictures(state, compose, area.width);
    if pictures.len() + attachments.len() > room {
        pictures.clear();
    }
    let [
        about,
        warning,
        text,
        pictures_area,
        attached,
        fields_area,
        problem_area,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(pictures.len() as u16),
        Constraint::Length(attachments.len() as u16),
        Constraint::Length(fields.len() as u16),
        Constraint::Length(problem.len().min(3) as u16),
    ])
    .areas(area);
    let words = Words::of(state);
    frame.render_widget(Paragraph::new(about_line(compose, words, width)), about);
    let forced = state
        .compose_rules
        .as_ref()
        .and_then(|r| r.forced_warning.as_deref());
    frame.render_widget(
        Paragraph::new(warning_line(compose, forced, width)),
        warning,
    );
    draw_text(frame, text, compose);
    draw_offer(frame, text, state, compose);
    frame.render_widget(Paragraph::new(pictures), pictures_area);
    frame.render_widget(Paragraph::new(attachments), attached);
    frame.render_widget(Paragraph::new(fields), fields_area);
    frame.render_widget(Paragraph::new(problem), problem_area);
}

/// What is being written: a new post, or a reply to or quote of someone's post.
fn about_line(compose: &Compose, words: Words, width: usize) -> Line<'static> {
    let draft = &compose.draft;
    let (verb, target) = match (&draft.edit_of, &draft.reply_to, &draft.quote) {
        (Some(target), _, _) if words.misskey => ("Editing your note", Some(target)),
        (Some(target), _, _) => ("Editing your post", Some(target)),
        (None, Some(target), _) => ("Replying to", Some(target)),
        (None, None, Some(target)) => ("Quoting", Some(target)),
        (None, None, None) if words.misskey => ("New note", None),
        (None, None, None) => ("New post", None),
    };
    let mut spans = vec![Span::styled(verb, theme::NAME)];
    match target {
        Some(target) if draft.edit_of.is_some() => {
            spans.push(Span::styled(format!(": {}", target.excerpt), theme::DIM));
        }
        // What it replies to is not in view (a redraft): its id says which.
        Some(target) if target.acct.is_empty() => {
            spans.push(Span::styled(
                format!(" {} {}", words.post(), target.id),
                theme::DIM,
            ));
        }
        Some(target) => {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("@{}", target.acct), theme::ACCT));
            spans.push(Span::styled(format!(": {}", target.excerpt), theme::DIM));
        }
        None => {}
    }
    if compose.sending {
        spans.push(Span::styled("  sending…", theme::WARNING));
    }
    Line::from(truncate(spans, width))
}

fn label(text: &'static str, focused: bool) -> Span<'static> {
    Span::styled(
        text,
        if focused {
            theme::FOCUSED_BAR
        } else {
            theme::DIM
        },
    )
}

/// The content warning; `forced` is one the server adds to every post of the user.
fn warning_line(compose: &Compose, forced: Option<&str>, width: usize) -> Line<'static> {
    let focused = compose.focus == Field::Warning;
    let prefix = label("CW › ", focused);
    let added = forced.map(|cw| Span::styled(format!("  (the server adds “{cw}”)"), theme::DIM));
    let mut line = match focused {
        true => editor_line(&compose.warning, prefix, width),
        false => {
            let text = compose.warning.text();
            let shown = match (text.is_empty(), forced) {
                (true, Some(_)) => Span::raw(""),
                (true, None) => Span::styled("(no content warning)", theme::DIM),
                (false, _) => Span::styled(text, theme::WARNING),
            };
            Line::from(vec![prefix, shown])
        }
    };
    line.spans.extend(added);
    Line::from(truncate(line.spans, width))
}

/// Rows of the pictures attached, where previews are shown.
const PICTURE_ROWS: u16 = 4;

/// The pictures attached, side by side, where previews are shown.
fn attached_pictures(state: &AppState, compose: &Compose, width: u16) -> Vec<Line<'static>> {
    if !state.previews.shown || state.no_color {
        return Vec::new();
    }
    let paths: Vec<&std::path::Path> = compose.attached_pictures().collect();
    super::preview::attached_lines(&paths, &state.previews, width, PICTURE_ROWS)
}

/// A line per attached file (its description, how far its upload is), then the poll: a line
/// per option and one for its settings.
fn attachment_lines(compose: &Compose, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (index, media) in compose.draft.media.iter().enumerate() {
        let focused = compose.focus == Field::Media(index);
        let name = media.upload.path.file_name().map_or_else(
            || "posted file".to_owned(),
            |n| crate::sanitize::line(&n.to_string_lossy()).into_owned(),
        );
        let description = match media.upload.description.as_str() {
            "" => Span::styled("no description yet (Enter)", theme::WARNING),
            text => Span::styled(format!("“{text}”"), theme::DIM),
        };
        let state = match (compose.uploading.get(index).copied().flatten(), &media.id) {
            (_, Some(_)) => " · uploaded".to_owned(),
            (Some(percent), None) => format!(" · uploading {percent}%"),
            (None, None) => String::new(),
        };
        let style = if focused {
            theme::HIGHLIGHT
        } else {
            Style::default()
        };
        lines.push(Line::from(truncate(
            vec![
                label("File ", focused),
                Span::styled(name, style),
                Span::raw(" "),
                description,
                Span::styled(state, theme::DIM),
            ],
            width,
        )));
    }
    let Some(poll) = &compose.draft.poll else {
        return lines;
    };
    for (index, option) in compose.options.iter().enumerate() {
        let focused = compose.focus == Field::PollOption(index);
        let prefix = label(if index == 0 { "Poll " } else { "     " }, focused);
        let number = format!("{}. ", index + 1);
        let line = match focused {
            true => editor_line(option, Span::raw(number), width.saturating_sub(5)),
            false => Line::from(vec![Span::raw(number), Span::raw(option.text())]),
        };
        let mut spans = vec![prefix];
        spans.extend(line.spans);
        lines.push(Line::from(truncate(spans, width)));
    }
    let duration = POLL_DURATIONS[poll_choice(poll.expires_in)].1;
    let setting = |text: String, field: Field| {
        let style = if compose.focus == field {
            theme::HIGHLIGHT
        } else {
            theme::DIM
        };
        Span::styled(text, style)
    };
    let mut settings = vec![
        Span::raw("     "),
        setting(format!("open {duration}"), Field::PollDuration),
        Span::raw(" · "),
        setting(
            if poll.multiple {
                "several choices"
            } else {
                "one choice"
            }
            .into(),
            Field::PollMultiple,
        ),
    ];
    if !compose.misskey {
        settings.push(Span::raw(" · "));
        settings.push(setting(
            if poll.hide_totals {
                "totals hidden until it ends"
            } else {
                "totals shown"
            }
            .into(),
            Field::PollHideTotals,
        ));
    }
    lines.push(Line::from(truncate(settings, width)));
    lines
}

fn draw_text(frame: &mut Frame, area: Rect, compose: &Compose) {
    let focused = compose.focus == Field::Text;
    let border = if focused {
        theme::FOCUSED_BAR
    } else {
        theme::DIM
    };
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if focused {
        frame.render_widget(compose.text.widget(), inner);
    } else {
        // Without the focus the text shows without its cursor.
        let mut unfocused = compose.text.widget().clone();
        unfocused.set_cursor_style(Style::default());
        frame.render_widget(&unfocused, inner);
    }
}

/// Rows of the offer at most (the accounts, hashtags or emoji for the word being typed).
const OFFER_ROWS: u16 = 6;

/// What is offered for the word being typed, in a box over the text: at its bottom while the
/// cursor is in the upper half, else at its top, so the word stays in sight.
fn draw_offer(frame: &mut Frame, text: Rect, state: &AppState, compose: &Compose) {
    let Some(offer) = &compose.offer else {
        return;
    };
    if !offer.is_open() || compose.focus != Field::Text {
        return;
    }
    let inner = Rect {
        y: text.y + 1,
        height: text.height.saturating_sub(2),
        ..text
    };
    let rows = (offer.items.len() as u16).min(OFFER_ROWS);
    let height = (rows + 2).min(inner.height);
    let width = inner.width.saturating_sub(4).min(56);
    if height < 3 || width < 12 {
        return;
    }
    let cursor_row = compose.text.cursor().0 as u16;
    let y = match cursor_row < inner.height / 2 {
        true => inner.bottom() - height,
        false => inner.y,
    };
    let area = Rect {
        x: inner.x + 2,
        y,
        width,
        height,
    };
    let title = match offer.sigil {
        Sigil::Account => "Accounts",
        Sigil::Tag => "Hashtags",
        Sigil::Emoji => "Emoji",
    };
    let key = |action| state.keymap.label(action);
    let footer = format!(
        "{} take · ↓↑ choose · {} close",
        key(Action::NextTab),
        key(Action::Cancel)
    );
    let inside = frame_box(frame, area, title, footer);
    let shown = usize::from(inside.height);
    let first = crate::state::cursor::first_shown(offer.selected, shown);
    let lines: Vec<Line> = offer
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(index, item)| {
            let style = match index == offer.selected {
                true => theme::HIGHLIGHT,
                false => Style::default(),
            };
            Line::from(truncate(
                vec![Span::styled(item.label.clone(), style)],
                usize::from(inside.width),
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inside);
}

/// Visibility, language or local-only, sensitive media, when to send it, the buttons that
/// attach a file or a
/// poll, and the length as the server counts it: one line where it fits, else two (the
/// buttons and the length on the second, so a narrow window never cuts them off).
fn fields_lines(state: &AppState, compose: &Compose, width: usize) -> Vec<Line<'static>> {
    let draft = &compose.draft;
    let choice = |name: &'static str, value: String, field: Field| -> Vec<Span<'static>> {
        let focused = compose.focus == field;
        let value_style = if focused {
            theme::HIGHLIGHT
        } else {
            Style::default()
        };
        vec![
            label(name, focused),
            Span::styled(value, value_style),
            Span::raw("  "),
        ]
    };
    let switch = |on: bool| if on { "[x]" } else { "[ ]" }.to_owned();
    // A channel's notes are seen by whoever reads the channel.
    let visibility = match &draft.channel {
        Some(channel) => format!("channel {}", channel.name),
        None => draft.visibility.label().to_owned(),
    };
    let mut spans = choice("Visibility ", visibility, Field::Visibility);
    if compose.misskey {
        spans.extend(choice(
            "Local only ",
            switch(draft.local_only),
            Field::LocalOnly,
        ));
    } else {
        let focused = compose.focus == Field::Language;
        let prefix = label("Language ", focused);
        match focused {
            true => spans.extend(editor_line(&compose.language, prefix, 12).spans),
            false => {
                let language = compose.language.text();
                spans.push(prefix);
                spans.push(Span::raw(if language.is_empty() {
                    "auto".to_owned()
                } else {
                    language
                }));
            }
        }
        spans.push(Span::raw("  "));
        spans.extend(choice(
            "Sensitive ",
            switch(draft.sensitive),
            Field::Sensitive,
        ));
    }
    let poll_button = if draft.poll.is_some() {
        "−poll"
    } else {
        "+poll"
    };
    let mut buttons = choice("", "+file".into(), Field::Attach);
    buttons.extend(choice("", poll_button.into(), Field::Poll));
    if compose.fields().contains(&Field::SendAt) {
        let focused = compose.focus == Field::SendAt;
        let prefix = label("Send ", focused);
        match focused {
            true => buttons.extend(editor_line(&compose.send_at, prefix, 22).spans),
            false => {
                let typed = compose.send_at.text();
                buttons.push(prefix);
                buttons.push(match typed.trim().is_empty() {
                    true => Span::raw("now"),
                    false => Span::styled(typed, theme::WARNING),
                });
            }
        }
        buttons.push(Span::raw("  "));
    }
    let text = compose.text.text();
    let warning = compose.warning.text();
    let counter = match &state.compose_rules {
        Some(rules) => {
            let length = rules.length(&text, &warning);
            let style = match rules.refusal_at(length, &warning) {
                Some(_) => theme::ERROR,
                None => theme::DIM,
            };
            Span::styled(format!("{length}/{}", rules.max_characters), style)
        }
        None => Span::styled(format!("{}/…", text.chars().count()), theme::DIM),
    };
    let columns = |spans: &[Span]| spans.iter().map(|s| s.content.width()).sum::<usize>();
    // Ended by the length, right-aligned.
    let with_counter = |mut spans: Vec<Span<'static>>| {
        let used = columns(&spans);
        let room = width.saturating_sub(counter.content.width());
        if used < room {
            spans.push(Span::raw(" ".repeat(room - used)));
        }
        spans.push(counter.clone());
        Line::from(truncate(spans, width))
    };
    if columns(&spans) + columns(&buttons) + counter.content.width() <= width {
        spans.extend(buttons);
        return vec![with_counter(spans)];
    }
    vec![Line::from(truncate(spans, width)), with_counter(buttons)]
}
