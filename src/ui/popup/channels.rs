//! Misskey channels, one a line: those the user follows, favourites, featured, the user's own
//! or found, with how the user stands with each.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::action::{Action, PopupKind};
use crate::api::{Channel, ChannelSet};
use crate::state::AppState;

/// Followed or favourite, how busy, whether still open, and what it is about.
fn summary(channel: &Channel) -> String {
    let mut parts = Vec::new();
    if channel.following {
        parts.push("following".to_owned());
    }
    if channel.favourite {
        parts.push("★".to_owned());
    }
    if channel.archived {
        parts.push("archived".to_owned());
    }
    if let Some(notes) = channel.notes {
        parts.push(match notes {
            1 => "1 note".to_owned(),
            n => format!("{n} notes"),
        });
    }
    if !channel.description.is_empty() {
        parts.push(channel.description.clone());
    }
    parts.join(" · ")
}

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    set: &ChannelSet,
    selected: usize,
) {
    let key = |action| crate::ui::frame::footer_key(state, PopupKind::Channels, action);
    let footer = format!(
        "{} · {} follow · {} favorite · {} find · {} next list · {} close",
        super::open_keys(state, PopupKind::Channels),
        key(Action::Follow),
        key(Action::Favourite),
        key(Action::Search),
        key(Action::NextTab),
        key(Action::Cancel)
    );
    let (title, empty) = match set {
        ChannelSet::Followed => (
            "Channels you follow".to_owned(),
            format!(
                "None yet: {} shows favorites and featured ones; {} finds more.",
                key(Action::NextTab),
                key(Action::Search)
            ),
        ),
        ChannelSet::Favourites => (
            "Favorite channels".to_owned(),
            format!(
                "None yet: {} on a channel makes it one.",
                key(Action::Favourite)
            ),
        ),
        ChannelSet::Featured => (
            "Featured channels".to_owned(),
            "The server features none.".to_owned(),
        ),
        ChannelSet::Owned => (
            "Your channels".to_owned(),
            "You made none (the web makes one).".to_owned(),
        ),
        ChannelSet::Search(words) => (
            format!("Channels about “{words}”"),
            format!("None found: {} tries other words.", key(Action::Search)),
        ),
    };
    let rows = state.channels.as_ref().map(|all| {
        all.iter()
            .map(|channel| (channel.name.clone(), summary(channel)))
            .collect()
    });
    super::draw_named_list(frame, area, (&title, footer), rows, selected, empty);
}
