//! A chat: its messages oldest at the top and the newest just above the line being written;
//! each message its author and age, its text, its file and its reactions. The chosen message
//! is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::post::age;
use super::text::{editor_line, rich_lines, truncate, wrap_plain};
use super::theme;
use super::words::{Title, Words};
use crate::api::Post;
use crate::state::AppState;
use crate::state::chat::ChatScreen;

/// Lines of one message's text shown at most.
const MESSAGE_ROWS: usize = 12;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, chat: &ChatScreen) {
    let width = usize::from(area.width);
    let title = format!("Chat {}", chat.with.title(Words::of(state)));
    let mut top = vec![Line::from(truncate(
        vec![Span::styled(title, theme::NAME)],
        width,
    ))];
    if chat.loading {
        top.push(Line::styled("Loading…", theme::DIM));
    } else if chat.older.is_some() && chat.selected == 0 && !chat.messages.is_empty() {
        let key = state.keymap.label(crate::action::Action::Up);
        top.push(Line::styled(
            format!("{key} loads older messages"),
            theme::DIM,
        ));
    }
    let bottom = writing_lines(state, chat, width);
    let room = usize::from(area.height).saturating_sub(top.len() + bottom.len());
    // From the chosen message down, then up as room allows: the chosen one always shows.
    let laid: Vec<Vec<Line<'static>>> = chat
        .messages
        .iter()
        .enumerate()
        .map(|(index, message)| message_lines(state, message, index == chat.selected, width))
        .collect();
    let mut first = chat.selected.min(laid.len().saturating_sub(1));
    let mut used: usize = laid.get(first).map_or(0, Vec::len);
    let mut last = first;
    while last + 1 < laid.len() && used + laid[last + 1].len() <= room {
        last += 1;
        used += laid[last].len();
    }
    while first > 0 && used + laid[first - 1].len() <= room {
        first -= 1;
        used += laid[first].len();
    }
    let mut lines = top;
    if chat.messages.is_empty() && !chat.loading {
        lines.push(Line::styled("No messages yet: say hello.", theme::DIM));
    }
    let shown: Vec<Line<'static>> = laid
        .into_iter()
        .skip(first)
        .take(last + 1 - first)
        .flatten()
        .take(room)
        .collect();
    let padding = room.saturating_sub(shown.len());
    lines.extend(std::iter::repeat_n(Line::default(), padding));
    lines.extend(shown);
    lines.extend(bottom);
    frame.render_widget(Paragraph::new(lines), area);
}

fn message_lines(
    state: &AppState,
    message: &Post,
    chosen: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let bar = match chosen {
        true => Span::styled("▌ ", theme::FOCUSED_BAR),
        false => Span::raw("  "),
    };
    let inner = width.saturating_sub(2).max(1);
    let mut lines = vec![Line::from(truncate(
        vec![
            bar.clone(),
            Span::styled(message.author.name().to_owned(), theme::NAME),
            Span::styled(format!(" @{}", message.author.acct), theme::ACCT),
            Span::styled(
                format!(" · {}", age(state.now, message.created_at)),
                theme::DIM,
            ),
        ],
        width,
    ))];
    let mut body = rich_lines(&message.content, inner, MESSAGE_ROWS);
    for media in &message.media {
        let what = media
            .description
            .clone()
            .unwrap_or_else(|| "a file (no description)".into());
        body.extend(wrap_plain(&format!("▣ {what}"), theme::DIM, inner));
    }
    if !message.counts.reactions.is_empty() {
        let shown: Vec<String> = message
            .counts
            .reactions
            .iter()
            .map(
                |(reaction, count)| match message.mine.reaction.as_deref() == Some(reaction) {
                    true => format!("[{reaction} {count}]"),
                    false => format!("{reaction} {count}"),
                },
            )
            .collect();
        body.push(Line::styled(shown.join("  "), theme::DIM));
    }
    for line in body {
        let mut spans = vec![bar.clone()];
        spans.extend(line.spans);
        lines.push(Line::from(spans));
    }
    lines
}

/// The message being written, its file, and what went wrong.
fn writing_lines(state: &AppState, chat: &ChatScreen, width: usize) -> Vec<Line<'static>> {
    use crate::action::Action;
    let key = |action| state.keymap.label(action);
    let mut lines = Vec::new();
    if let Some(error) = &chat.error {
        lines.extend(wrap_plain(error, theme::ERROR, width));
    }
    if let Some(file) = &chat.file {
        let name = file
            .file_name()
            .map(|n| crate::sanitize::line(&n.to_string_lossy()).into_owned())
            .unwrap_or_default();
        lines.push(Line::styled(format!("▣ {name} goes with it"), theme::DIM));
    }
    let prefix = Span::styled("› ", theme::FOCUSED_BAR);
    lines.push(match (chat.sending, chat.writing) {
        (true, _) => Line::styled(format!("› {}  sending…", chat.input.text()), theme::WARNING),
        (false, true) => editor_line(&chat.input, prefix, width),
        (false, false) => {
            Line::styled(format!("{} writes a message", key(Action::New)), theme::DIM)
        }
    });
    lines
}
