//! Drawing. `draw` only reads [`AppState`]: no I/O, no awaiting, no state changes.

pub mod accounts;
pub mod card;
pub mod chat;
pub mod compose;
mod frame;
pub mod links;
pub mod lists;
pub mod palette;
pub mod panes;
pub mod people;
pub mod pictures;
pub mod popup;
pub mod post;
pub mod preview;
pub mod profile;
pub mod search;
pub mod text;
pub mod theme;
pub mod thread;
pub mod timeline;
pub mod words;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::api::TimelineKind;
use crate::state::{AppState, LoadNotice, Screen, Tab, Timeline, Tracked, View};
use crate::ui::words::{Title, Words};
pub use panes::PaneCache;

const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Rows a message may take at the bottom when it does not fit one line.
const MAX_MESSAGE_ROWS: usize = 3;

/// Draws the screen; `panes` keeps what each pane drew, so that a pane whose content did not
/// change is put back rather than laid out again.
pub fn draw(frame: &mut Frame, state: &AppState, panes: &mut PaneCache) {
    panes.begin_frame();
    if state.hyperlinks {
        let links = links::collect(|| draw_views(frame, state, panes));
        let area = frame.area();
        links::apply(frame.buffer_mut(), area, &links);
    } else {
        draw_views(frame, state, panes);
    }
    panes.end_frame();
    panes.pictures = match state.previews.graphics {
        Some(_) => pictures::draw(frame.buffer_mut(), &state.previews),
        None => Default::default(),
    };
}

fn draw_views(frame: &mut Frame, state: &AppState, panes: &mut PaneCache) {
    // A long message (an error that says what to do) gets the rows it needs, above the
    // status line, for as long as it is shown.
    let message = state
        .message
        .as_ref()
        .map(|m| {
            let style = if m.is_error {
                theme::ERROR
            } else {
                theme::STATUS
            };
            text::wrap_plain(&m.text, style, usize::from(frame.area().width))
        })
        .filter(|lines| lines.len() > 1)
        .map(|mut lines| {
            lines.truncate(MAX_MESSAGE_ROWS);
            lines
        });
    let message_rows = message.as_ref().map_or(0, |l| l.len() as u16);
    let [tabs_area, body, message_area, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(message_rows),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    match state.screen() {
        None if state.deck_unfolded() => draw_deck(frame, tabs_area, body, state, panes),
        None => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            if let Some(tab) = state.tabs.get(state.active) {
                draw_tab(frame, body, state, tab, panes);
            }
        }
        Some(Screen::Lists(screen)) => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            lists::draw_lists(frame, body, state, screen)
        }
        Some(Screen::Members(screen)) => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            lists::draw_members(frame, body, state, screen)
        }
        Some(Screen::People(screen)) => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            people::draw(frame, body, state, screen)
        }
        Some(Screen::Accounts(screen)) => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            accounts::draw_accounts(frame, body, state, screen)
        }
        Some(Screen::Chat(chat)) => {
            draw_tabs(frame, tabs_area, state, None, state.active, true);
            chat::draw(frame, body, state, chat)
        }
    }
    draw_status(frame, status_area, state, message.is_some());
    if let Some(lines) = message {
        frame.render_widget(ratatui::widgets::Paragraph::new(lines), message_area);
    }
    if let Some(popup) = &state.popup {
        popup::draw(frame, body, state, popup);
    }
    if !crate::sanitize::emoji_sequences_joined() {
        text::stand_in_for_sequences(frame.buffer_mut());
    }
    if state.no_color {
        theme::without_colour(frame.buffer_mut());
    } else if !state.palette.is_empty() {
        theme::recolour(frame.buffer_mut(), &state.palette);
    }
}

/// The view on top of `tab` (its timeline, or a thread, profile... opened on it), put back
/// as drawn last while nothing it shows changed.
fn draw_tab(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    tab: &Tracked<Tab>,
    panes: &mut PaneCache,
) {
    let draw = |frame: &mut Frame| match tab.stack.last() {
        None => timeline::draw(frame, area, state, &tab.timeline),
        Some(View::Thread(thread)) => thread::draw(frame, area, state, thread),
        Some(View::Profile(view)) => profile::draw(frame, area, state, view),
        Some(View::Search(view)) => search::draw(frame, area, state, view),
        Some(View::Compose(view)) => compose::draw(frame, area, state, view),
        // Drawn over the whole body instead (see `draw`).
        Some(View::Screen(_)) => {}
    };
    match tab.stack.last() {
        // Where the user types, drawn from the server's rules too (outside the tab).
        Some(View::Compose(_)) => draw(frame),
        _ => panes.draw(frame, area, state, tab.revision(), draw),
    }
}

/// Panes in columns, each with its own row of tabs, a line between columns; the focused
/// pane's tab stands out as the active tab does on the single screen.
fn draw_deck(
    frame: &mut Frame,
    tabs_area: Rect,
    body: Rect,
    state: &AppState,
    panes: &mut PaneCache,
) {
    let focused = state.focused_pane();
    let deck_area = tabs_area.union(body);
    for (pane, area) in state.deck.areas(deck_area).into_iter().enumerate() {
        let Some(shown) = state.pane_tab(pane) else {
            continue;
        };
        let [header, views] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        draw_tabs(frame, header, state, Some(pane), shown, pane == focused);
        draw_tab(frame, views, state, &state.tabs[shown], panes);
        if area.x > 0 {
            let buffer = frame.buffer_mut();
            for y in area.top()..area.bottom() {
                buffer[(area.x - 1, y)]
                    .set_symbol("│")
                    .set_style(theme::DIM);
            }
        }
    }
}

/// The tabs of `pane` (all tabs when `None`), `shown` marked: as the active tab when `focused`.
fn draw_tabs(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    pane: Option<usize>,
    shown: usize,
    focused: bool,
) {
    let words = Words::of(state);
    let labels: Vec<(String, usize, bool)> = state
        .tabs
        .iter()
        .enumerate()
        .filter(|(_, tab)| pane.is_none_or(|p| tab.pane == p))
        .map(|(index, tab)| {
            let mut label = format!(" {} {} ", index + 1, tab.timeline.kind.title(words));
            // A hashtag the user follows (its posts come to Home too).
            if let crate::api::TimelineKind::Hashtag(name) = &tab.timeline.kind
                && state.follows_tag(name)
            {
                label.push_str("✓ ");
            }
            // What the tab leaves out: boosts (-⟳), replies (-↩).
            let quiet = tab.timeline.quiet;
            if quiet.boosts {
                label.push_str("-⟳ ");
            }
            if quiet.replies {
                label.push_str("-↩ ");
            }
            // Views opened on top: "› thread › @alice".
            for view in tab.stack.iter().filter_map(|view| view_label(view, words)) {
                label.push_str(&format!("› {view} "));
            }
            if tab.is_loading() {
                label.push_str(SPINNER[state.spinner_frame % SPINNER.len()]);
                label.push(' ');
            }
            (label, tab.timeline.new_count(), index == shown)
        })
        .collect();
    let shown = labels.iter().position(|(_, _, s)| *s).unwrap_or(0);
    let width = |(label, new, _): &(String, usize, bool)| {
        label.width()
            + if *new > 0 {
                format!("({new}) ").width()
            } else {
                0
            }
    };
    // Drop tabs from the left until the active one fits.
    let mut first = 0;
    while first < shown
        && labels[first..=shown].iter().map(width).sum::<usize>() > usize::from(area.width)
    {
        first += 1;
    }
    let mut spans = Vec::new();
    if first > 0 {
        spans.push(Span::styled("‹", theme::DIM));
    }
    for (label, new, active) in &labels[first..] {
        spans.push(Span::styled(
            label.clone(),
            match (*active, focused) {
                (true, true) => theme::ACTIVE_TAB,
                (true, false) => theme::SHOWN_TAB,
                (false, _) => theme::TAB,
            },
        ));
        if *new > 0 {
            spans.push(Span::styled(format!("({new}) "), theme::BADGE));
        }
    }
    frame.render_widget(
        Line::from(text::truncate(spans, usize::from(area.width))),
        area,
    );
}

/// Key hints for the status line, generated from the keymap, for what is on screen: help
/// first and the way out (quit, or back) last are always shown; the others, most useful first,
/// as many as fit in `width` columns.
fn hints(state: &AppState, width: usize) -> String {
    let view = state.focused_view();
    let crate::action::Hints { way_out, others } = view.hints();
    let words = Words::of(state);
    const GAP: &str = "  ";
    // While writing, letters are typed: the hints name keys that are not.
    let writing = view == crate::action::ViewKind::Compose;
    let label = |action: Action| match writing {
        true => state.keymap.label_unless_typed(action),
        false => state.keymap.label(action),
    };
    // On a profile, the relation keys say what they would do now.
    let relation = match state.active_tab().and_then(|t| t.stack.last()) {
        Some(View::Profile(profile)) => profile.profile.as_ref().and_then(|p| p.relationship),
        _ => None,
    }
    .unwrap_or_default();
    let hint = |(action, name): &(Action, &'static str)| {
        let name = match action {
            Action::Follow if relation.following || relation.requested => "unfollow",
            Action::Mute if relation.muting => "unmute",
            Action::Block if relation.blocking => "unblock",
            _ => name,
        };
        format!("{} {}", label(*action), words.said(name))
    };
    let first = hint(&(Action::Help, "help"));
    let last = hint(&way_out);
    let mut used = first.width() + GAP.len() + last.width();
    let mut shown = vec![first];
    for other in others.iter().map(hint) {
        if used + GAP.len() + other.width() > width {
            break;
        }
        used += GAP.len() + other.width();
        shown.push(other);
    }
    shown.push(last);
    shown.join(GAP)
}

/// A view's short name for the tab bar (a screen has none: the tab shows what is under it).
fn view_label(view: &View, words: Words) -> Option<String> {
    Some(match view {
        View::Thread(_) => "thread".into(),
        View::Profile(profile) => format!("@{}", profile.acct),
        View::Search(search) if search.explore => "explore".into(),
        View::Search(_) => "search".into(),
        View::Compose(compose) => {
            let draft = &compose.draft;
            match (&draft.edit_of, &draft.reply_to, &draft.quote) {
                (Some(_), _, _) => "edit".into(),
                (None, Some(_), _) => "reply".into(),
                (None, None, Some(_)) => "quote".into(),
                (None, None, None) => format!("new {}", words.post()),
            }
        }
        View::Screen(_) => return None,
    })
}

/// The title, error and notice of the view on top of a tab.
fn view_status(tab: &Tab, words: Words) -> (String, Option<&String>, Option<String>) {
    match tab.stack.last() {
        // A screen has its own title; the status line names what is under it.
        None | Some(View::Screen(_)) => (
            tab.timeline.kind.title(words),
            tab.timeline.error.as_ref(),
            load_notice(&tab.timeline, words),
        ),
        Some(View::Thread(thread)) => ("thread".to_owned(), thread.error.as_ref(), None),
        Some(View::Search(search)) => (
            format!("search “{}”", search.query),
            search.error.as_ref(),
            None,
        ),
        Some(View::Profile(profile)) => (
            format!("@{}", profile.acct),
            profile.error.as_ref().or(profile.posts.error.as_ref()),
            load_notice(&profile.posts, words),
        ),
        Some(view @ View::Compose(compose)) => (
            view_label(view, words).unwrap_or_default(),
            compose.draft.failed.as_ref(),
            None,
        ),
    }
}

/// What `timeline`'s notice says: "3 new posts", "no new notifications; the gap row loads
/// the rest", or why a request is tried again.
fn load_notice(timeline: &Timeline, words: Words) -> Option<String> {
    let (count, gaps) = match timeline.notice.as_ref()? {
        LoadNotice::Retrying(why) => return Some(why.clone()),
        LoadNotice::Arrived { count, gaps } => (*count, *gaps),
    };
    let (one, many) = match timeline.kind {
        TimelineKind::Notifications { .. } => ("notification", "notifications"),
        _ => (words.post(), words.posts()),
    };
    let arrived = match count {
        0 => format!("no new {many}"),
        1 => format!("1 new {one}"),
        n => format!("{n} new {many}"),
    };
    Some(match gaps {
        true => format!("{arrived}; the gap row loads the rest"),
        false => arrived,
    })
}

/// How live the timelines are, in a few columns: "● live", "◌ reconnecting since 14:02";
/// `roomy`: since when it is live or polled too.
fn live_status(live: &crate::live::LiveStatus, roomy: bool, words: Words) -> Span<'static> {
    use crate::live::LiveStatus;
    let clock = |t: &jiff::Timestamp| {
        t.to_zoned(jiff::tz::TimeZone::system())
            .strftime("%H:%M")
            .to_string()
    };
    match live {
        LiveStatus::Connecting => Span::styled("◌ connecting", theme::DIM),
        LiveStatus::Live { since, polled } if polled.is_empty() && roomy => {
            Span::styled(format!("● live since {}", clock(since)), theme::LIVE)
        }
        LiveStatus::Live { polled, .. } if polled.is_empty() => Span::styled("● live", theme::LIVE),
        // Some tabs are not streamed by this server: say which are polled.
        LiveStatus::Live { polled, .. } => {
            let names: Vec<String> = polled.iter().map(|kind| kind.title(words)).collect();
            Span::styled(format!("● live, polled: {}", names.join(", ")), theme::LIVE)
        }
        LiveStatus::Reconnecting {
            since,
            polling: false,
        } => Span::styled(
            format!("◌ reconnecting since {}", clock(since)),
            theme::WARNING,
        ),
        LiveStatus::Reconnecting {
            since,
            polling: true,
        } => Span::styled(
            format!("◌ polling, reconnecting since {}", clock(since)),
            theme::WARNING,
        ),
        LiveStatus::Polling { since, .. } if roomy => {
            Span::styled(format!("○ polling since {}", clock(since)), theme::DIM)
        }
        LiveStatus::Polling { .. } => Span::styled("○ polling", theme::DIM),
        LiveStatus::SignedOut => Span::styled("✕ signed out", theme::ERROR),
    }
}

/// Marks rows shown from the cache until the server answers: "cached from 3h ago".
fn cached_from(now: jiff::Timestamp, saved: jiff::Timestamp) -> String {
    match post::age(now, saved) {
        age if age == "now" => "cached just now".to_owned(),
        age if age.contains('-') => format!("cached from {age}"),
        age => format!("cached from {age} ago"),
    }
}

/// The status line; `message_above` when the message is drawn in rows of its own.
fn draw_status(frame: &mut Frame, area: Rect, state: &AppState, message_above: bool) {
    let mut right = Vec::new();
    if state.is_loading() {
        right.push(Span::styled(
            format!("{} ", SPINNER[state.spinner_frame % SPINNER.len()]),
            theme::STATUS,
        ));
    }
    if let Some(saved) = state.active_tab().and_then(|t| t.timeline.cached_at) {
        right.push(Span::styled(cached_from(state.now, saved), theme::WARNING));
        right.push(Span::raw(" "));
    }
    if let Some(live) = &state.live {
        // Since when, where there is room for it beside what the line says.
        let roomy = area.width >= 100 && (state.message.is_none() || message_above);
        right.push(live_status(live, roomy, Words::of(state)));
        right.push(Span::raw(" "));
    }
    if state.requests_waiting > 0 {
        // Notifications the server filtered wait for an answer.
        right.push(Span::styled(
            format!("📥 {} ", state.requests_waiting),
            theme::WARNING,
        ));
    }
    let unread = state.unread_announcements();
    if unread > 0 {
        // The server has something to say: the announcements key shows it.
        right.push(Span::styled(format!("📣 {unread} "), theme::WARNING));
    }
    if state.demo {
        right.push(Span::styled(" DEMO ", theme::DEMO));
        right.push(Span::raw(" "));
    }
    let who = match &state.me {
        Some(me) => format!("@{}@{}", me.acct, state.server_label),
        None => state.server_label.clone(),
    };
    right.push(Span::styled(who, theme::STATUS));

    // The view on screen: its title, error and notice.
    let view = match state.screen() {
        None => state
            .active_tab()
            .map(|tab| view_status(tab, Words::of(state))),
        Some(_) => None,
    };
    let message = state.message.as_ref().filter(|_| !message_above);
    let said = if let Some(message) = message {
        Some(Span::styled(
            message.text.clone(),
            if message.is_error {
                theme::ERROR
            } else {
                theme::STATUS
            },
        ))
    } else if let Some(side) = state.deck.opening {
        let side = match side {
            crate::state::deck::Side::Right => "on the right",
            crate::state::deck::Side::Below => "below",
        };
        let cancel = state.keymap.label(Action::Cancel);
        let said = match &state.popup {
            Some(popup) if popup.opens_timelines() => format!(
                "{} opens it in a new pane {side}; {cancel} cancels",
                state.keymap.label(Action::Confirm)
            ),
            _ => format!(
                "new pane {side}: open a timeline ({} home, {} local, {} notifications, {} a hashtag, {} a list…); {cancel} cancels",
                state.keymap.label(Action::Home),
                state.keymap.label(Action::Local),
                state.keymap.label(Action::Notifications),
                state.keymap.label(Action::OpenHashtag),
                state.keymap.label(Action::OpenList),
            ),
        };
        Some(Span::styled(said, theme::WARNING))
    } else if let Some((title, Some(error), _)) = &view {
        Some(Span::styled(format!("{title}: {error}"), theme::ERROR))
    } else if let Some((_, _, Some(notice))) = &view {
        Some(Span::styled(notice.clone(), theme::WARNING))
    } else {
        None
    };
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let mut right_width = right_width.min(usize::from(area.width) / 2);
    if let Some(message) = message {
        // A message is read once: on a narrow line it takes the room of what always shows.
        let room = usize::from(area.width).saturating_sub(message.text.width() + 1);
        right_width = right_width.min(room);
    }
    let left = said.unwrap_or_else(|| {
        let room = usize::from(area.width).saturating_sub(right_width + 1);
        Span::styled(hints(state, room), theme::DIM)
    });
    let left_width = usize::from(area.width).saturating_sub(right_width + 1);
    let mut spans = text::truncate(vec![left], left_width);
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + right_width),
    )));
    spans.extend(text::truncate(right, right_width));
    frame.render_widget(Line::from(spans), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(kind: TimelineKind, notice: LoadNotice, misskey: bool) -> Option<String> {
        let mut timeline = Timeline::new(1, kind);
        timeline.notice = Some(notice);
        load_notice(&timeline, Words { misskey })
    }

    #[test]
    fn a_load_says_what_arrived_in_the_servers_words() {
        let home = TimelineKind::Home;
        let notifications = TimelineKind::Notifications {
            mentions_only: false,
        };
        // The timeline, what arrived, whether gaps are left, on Misskey: what it says.
        let cases = [
            (&home, 0, false, false, "no new posts"),
            (&home, 1, false, false, "1 new post"),
            (&home, 5, false, true, "5 new notes"),
            (
                &home,
                2,
                true,
                true,
                "2 new notes; the gap row loads the rest",
            ),
            (&notifications, 1, false, true, "1 new notification"),
            (&notifications, 0, false, false, "no new notifications"),
        ];
        for (kind, count, gaps, misskey, words) in cases {
            let notice = LoadNotice::Arrived { count, gaps };
            assert_eq!(said(kind.clone(), notice, misskey).unwrap(), words);
        }
        let retrying = LoadNotice::Retrying("the server is busy".into());
        assert_eq!(said(home, retrying, true).unwrap(), "the server is busy");
    }
}
