//! A prompt: one line to type (a list's name, a hashtag, a search, a file), with suggestions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use crate::action::{Action, PopupKind};
use crate::state::{AppState, Prompt, PromptPurpose};
use crate::ui::frame::{MAX_WIDTH, centered, frame_box};
use crate::ui::text::{editor_line, truncate, wrap_plain};
use crate::ui::{lists, theme};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, prompt: &Prompt) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Prompt, action);
    // Accounts to add (a list's member), or hashtags to open.
    let offered = prompt.offer.as_ref().filter(|offer| offer.is_open());
    let shown = match offered {
        Some(offer) => offer.items.len(),
        None => prompt.suggestions.len(),
    }
    .min(8) as u16;
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
        PromptPurpose::Search | PromptPurpose::ChannelSearch => "search",
        PromptPurpose::NewList { .. } => "create",
        PromptPurpose::RenameList { .. } => "rename",
        PromptPurpose::AddMember { .. } => "add",
        PromptPurpose::Reschedule { .. } => "move it",
        PromptPurpose::PrivateNote { .. } => "keep",
    };
    let footer = match offered {
        Some(_) => format!(
            "{} {verb} · {} take · {} cancel",
            key(Action::Confirm),
            key(Action::NextTab),
            key(Action::Cancel)
        ),
        None => format!(
            "{} {verb} · {} cancel",
            key(Action::Confirm),
            key(Action::Cancel)
        ),
    };
    let inner = frame_box(frame, box_area, prompt.title(), footer);
    let width = usize::from(inner.width);
    let prefix = match prompt.purpose {
        PromptPurpose::Hashtag => Span::styled("#", theme::HASHTAG),
        _ => Span::styled("› ", theme::DIM),
    };
    let mut lines = vec![editor_line(&prompt.input, prefix, width)];
    lines.extend(problem);
    if let Some(offer) = offered {
        for (index, item) in offer.items.iter().take(usize::from(shown)).enumerate() {
            let style = match index == offer.selected {
                true => theme::HIGHLIGHT,
                false => theme::HASHTAG,
            };
            lines.push(ratatui::text::Line::from(truncate(
                vec![Span::styled(item.label.clone(), style)],
                width,
            )));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
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
