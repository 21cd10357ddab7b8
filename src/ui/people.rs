//! A list of people: a row per account (name, handle, how the user relates to them, a line of
//! their bio) or per blocked domain.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::truncate;
use super::theme;
use super::words::Words;
use crate::api::{Crowd, Person, Relationship, Someone};
use crate::state::AppState;
use crate::state::people::PeopleScreen;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, screen: &PeopleScreen) {
    let width = usize::from(area.width);
    let more = if screen.next.is_some() { "+" } else { "" };
    let title = format!(
        "{} ({}{more})",
        title(state, &screen.crowd),
        screen.rows.len()
    );
    let mut lines = vec![Line::from(truncate(
        vec![Span::styled(title, theme::NAME)],
        width,
    ))];
    let room = usize::from(area.height.saturating_sub(2));
    let first = first_shown(&screen.rows, screen.selected, room);
    for (index, row) in screen.rows.iter().enumerate().skip(first) {
        let row_lines = row_lines(row, index == screen.selected, width);
        if lines.len() - 1 + row_lines.len() > room {
            break;
        }
        lines.extend(row_lines);
    }
    if screen.rows.is_empty() && !screen.is_loading() && screen.error.is_none() {
        lines.push(Line::styled(nobody(state, screen), theme::DIM));
    }
    let footer = if let Some(error) = &screen.error {
        Line::styled(error.clone(), theme::ERROR)
    } else if screen.is_loading() {
        Line::styled("Loading…", theme::DIM)
    } else if screen.unreadable > 0 {
        Line::styled(
            format!(
                "{} could not be read (left out; the log says why)",
                screen.unreadable
            ),
            theme::DIM,
        )
    } else if screen.next.is_some() {
        Line::styled("More below…", theme::DIM)
    } else {
        Line::default()
    };
    lines.push(footer);
    frame.render_widget(Paragraph::new(lines), area);
}

/// Whose list it is, in the server's words.
fn title(state: &AppState, crowd: &Crowd) -> String {
    let words = Words::of(state);
    let whose = |account: &crate::api::Account| match &state.me {
        Some(me) if me.id == account.id => None,
        _ => Some(format!("@{}", account.acct)),
    };
    match crowd {
        Crowd::Followers(account) => match whose(account) {
            Some(name) => format!("Followers of {name}"),
            None => "Your followers".into(),
        },
        Crowd::Following(account) => match whose(account) {
            Some(name) => format!("Followed by {name}"),
            None => "Whom you follow".into(),
        },
        Crowd::BoostedBy(_) if words.misskey => "Who renoted or quoted the note".into(),
        Crowd::BoostedBy(_) => "Who boosted the post".into(),
        Crowd::FavouritedBy(_) if words.misskey => "Who reacted to the note".into(),
        Crowd::FavouritedBy(_) => "Who favourited the post".into(),
        Crowd::Muted => "Accounts you muted".into(),
        Crowd::Blocked => "Accounts you blocked".into(),
        Crowd::BlockedDomains if words.misskey => "Servers you muted".into(),
        Crowd::BlockedDomains => "Domains you blocked".into(),
        Crowd::RequestsReceived => "Asking to follow you".into(),
        Crowd::RequestsSent => "Your requests to follow, waiting".into(),
    }
}

/// What an empty list says: a profile that counts people but shows none hides them.
fn nobody(state: &AppState, screen: &PeopleScreen) -> String {
    match (&screen.crowd, screen.counted) {
        (Crowd::Followers(account) | Crowd::Following(account), Some(count)) if count > 0 => {
            format!(
                "@{} keeps this list private (their profile counts {count})",
                account.acct
            )
        }
        (Crowd::BlockedDomains, _) if Words::of(state).misskey => "You muted no server.".into(),
        (Crowd::BlockedDomains, _) => "You blocked no domain.".into(),
        _ => "Nobody yet.".into(),
    }
}

/// The first row to draw so that the selected one shows whole in `room` lines.
fn first_shown(rows: &[Someone], selected: usize, room: usize) -> usize {
    let height = |index: usize| rows.get(index).map_or(1, row_height);
    let mut first = selected.min(rows.len().saturating_sub(1));
    let mut used = height(first);
    while first > 0 && used + height(first - 1) <= room {
        first -= 1;
        used += height(first);
    }
    first
}

fn row_height(row: &Someone) -> usize {
    match row {
        Someone::Person(person) if !person.bio.is_empty() => 2,
        _ => 1,
    }
}

fn row_lines(row: &Someone, selected: bool, width: usize) -> Vec<Line<'static>> {
    let bar = Span::styled(if selected { "› " } else { "  " }, theme::SELECTED_BAR);
    let mut lines = match row {
        Someone::Domain(domain) => vec![Line::from(truncate(
            vec![bar, Span::styled(domain.clone(), theme::NAME)],
            width,
        ))],
        Someone::Person(person) => person_lines(bar, person, width),
    };
    if selected {
        for line in &mut lines {
            line.style = theme::HIGHLIGHT;
        }
    }
    lines
}

fn person_lines(bar: Span<'static>, person: &Person, width: usize) -> Vec<Line<'static>> {
    let mut spans = vec![bar];
    if let Some(reaction) = &person.reaction {
        spans.push(Span::styled(format!("{reaction} "), theme::FAVOURITE));
    }
    spans.push(Span::styled(person.account.name().to_owned(), theme::NAME));
    spans.push(Span::raw("  "));
    spans.push(Span::styled(
        format!("@{}", person.account.acct),
        theme::ACCT,
    ));
    if person.account.bot {
        spans.push(Span::styled(" [bot]", theme::DIM));
    }
    if let Some(relationship) = &person.relationship {
        for badge in badges(relationship) {
            spans.push(Span::styled(format!(" · {badge}"), theme::BADGE));
        }
    }
    let mut lines = vec![Line::from(truncate(spans, width))];
    if !person.bio.is_empty() {
        lines.push(Line::from(truncate(
            vec![
                Span::raw("    "),
                Span::styled(person.bio.clone(), theme::DIM),
            ],
            width,
        )));
    }
    lines
}

/// How the user relates to an account, in a few words.
fn badges(relationship: &Relationship) -> Vec<&'static str> {
    let mut badges = Vec::new();
    if relationship.following {
        badges.push("following");
    } else if relationship.requested {
        badges.push("requested");
    }
    if relationship.followed_by {
        badges.push("follows you");
    }
    if relationship.muting {
        badges.push("muted");
    }
    if relationship.blocking {
        badges.push("blocked");
    }
    badges
}
