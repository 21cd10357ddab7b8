//! One post → lines. The same function gives heights for scrolling, so layout and drawing agree.

use std::cell::Cell;

use jiff::Timestamp;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::text::{rich_lines, truncate, wrap_plain};
use super::theme;
use crate::api::{ChatWith, Filtered, Mine, Notice, NoticeKind, Post, Translation};
use crate::state::Placement;
use crate::state::previews::Previews;
use crate::ui::words::{Label, Words};

/// Columns taken by the selection bar on the left of every post line.
const GUTTER: usize = 2;
/// Columns a reply is indented per level in a thread, and the deepest level indented: deeper
/// replies say their depth instead, so text keeps its room at 80 columns.
const INDENT: usize = 2;
pub const MAX_INDENT_LEVELS: usize = 6;

/// What rendering a post needs besides the post.
pub struct PostView<'a> {
    pub width: u16,
    pub now: Timestamp,
    /// Label of the key that reveals a content warning.
    pub cw_key: String,
    /// The server family's words (renoted, favorited on Misskey).
    pub words: Words,
    /// The pictures previewing attachments, where previews are shown.
    pub previews: Option<&'a Previews>,
}

/// No picture at all: what a post is measured with, as its height does not depend on which
/// pictures have arrived (each has a placeholder of its size).
static NO_PICTURES: std::sync::LazyLock<Previews> = std::sync::LazyLock::new(Previews::default);

impl<'a> PostView<'a> {
    /// Posts `width` columns wide, as the state has them (clock, keys, previews).
    pub fn new(state: &'a crate::state::AppState, width: u16) -> PostView<'a> {
        let shown = state.previews.shown && !state.no_color;
        PostView {
            width,
            now: state.now,
            cw_key: state.keymap.label(crate::action::Action::ToggleCw),
            words: Words::of(state),
            previews: shown.then_some(&state.previews),
        }
    }

    /// The same view for measuring heights, holding on to no state.
    pub fn measuring(self) -> PostView<'static> {
        PostView {
            previews: self.previews.map(|_| &*NO_PICTURES),
            width: self.width,
            now: self.now,
            cw_key: self.cw_key,
            words: self.words,
        }
    }
}

/// Lines for a post, ending with a blank separator line: the first `max_rows` of them (what
/// is not shown of a long post is not laid out).
pub fn lines(
    post: &Post,
    placement: &Placement,
    view: &PostView,
    selected: bool,
    max_rows: usize,
) -> Vec<Line<'static>> {
    let indent = INDENT * placement.depth.min(MAX_INDENT_LEVELS);
    let inner = usize::from(view.width)
        .saturating_sub(GUTTER + indent)
        .max(1);
    let revealed = placement.revealed;
    let mut body: Vec<Line<'static>> = Vec::new();

    if placement.pinned {
        body.push(Line::styled("📌 pinned", theme::DIM));
    }
    if let Some(notice) = placement.notice {
        body.push(notice_line(notice, view, inner));
    }
    if let Some(booster) = placement.boosted_by {
        body.push(Line::from(truncate(
            vec![Span::styled(
                format!("⟳ {} {}", booster.name(), view.words.boosted()),
                theme::BOOST,
            )],
            inner,
        )));
    }
    if let Some(parent) = &post.parent {
        body.push(Line::from(truncate(
            vec![Span::styled(
                format!("↪ {}: {}", parent.author.name(), first_line(parent)),
                theme::DIM,
            )],
            inner,
        )));
    }
    body.extend(content_lines(post, view, revealed, inner, max_rows));
    if let Some(quoted) = &post.quote
        && body.len() < max_rows
    {
        // The quoted post sits under a bar, without its own counts; its CW stays collapsed
        // unless the quoting post is revealed.
        let quote_width = inner.saturating_sub(2).max(1);
        for line in content_lines(quoted, view, revealed, quote_width, max_rows) {
            let mut spans = vec![Span::styled("┃ ", theme::QUOTE)];
            spans.extend(line.spans);
            body.push(Line::from(spans));
        }
    }
    let mut counts = vec![Span::styled(counts_text(&post.counts), theme::DIM)];
    if let Some(marks) = marks_text(&post.mine, view.words) {
        counts.push(Span::styled(format!("  · {marks}"), theme::MINE));
    }
    body.push(Line::from(truncate(counts, inner)));

    let bar = match (selected, placement.focused) {
        (true, _) => Span::styled("▌ ", theme::SELECTED_BAR),
        (false, true) => Span::styled("┃ ", theme::FOCUSED_BAR),
        (false, false) => Span::raw("  "),
    };
    // Deeper than indentation goes, the first line says the depth in the indent: "  ↳31 ".
    let first_indent = if placement.depth > MAX_INDENT_LEVELS {
        Span::styled(
            format!(
                "{:>width$} ",
                format!("↳{}", placement.depth),
                width = indent - 1
            ),
            theme::DIM,
        )
    } else {
        Span::raw(" ".repeat(indent))
    };
    let indented = indent > 0;
    let indent = Span::raw(" ".repeat(indent));
    let mut out: Vec<Line<'static>> = body
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let mut spans = Vec::with_capacity(line.spans.len() + 2);
            spans.push(bar.clone());
            // Most posts are not indented: no empty span for them.
            if indented {
                spans.push(if index == 0 {
                    first_indent.clone()
                } else {
                    indent.clone()
                });
            }
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect();
    out.push(Line::default());
    out.truncate(max_rows);
    out
}

/// Header, content warning, text and attachments of a post, `width` columns wide; its text
/// laid out no further than `max_rows` lines.
fn content_lines(
    post: &Post,
    view: &PostView,
    revealed: bool,
    width: usize,
    max_rows: usize,
) -> Vec<Line<'static>> {
    let mut body = Vec::new();
    let mut meta = format!(" · {}", age(view.now, post.created_at));
    meta.push_str(" · ");
    match &post.channel {
        Some(channel) => meta.push_str(&format!("channel {}", channel.name)),
        None => meta.push_str(post.visibility.label()),
    }
    if post.in_reply_to.is_some() && post.parent.is_none() {
        meta.push_str(" · reply");
    }
    if post.edited_at.is_some() {
        meta.push_str(" · edited");
    }
    body.push(Line::from(truncate(
        vec![
            Span::styled(post.author.name().to_owned(), theme::NAME),
            Span::styled(format!(" @{}", post.author.acct), theme::ACCT),
            Span::styled(meta, theme::DIM),
        ],
        width,
    )));

    if let Some(Filtered::Warn(titles)) = &post.filtered {
        body.extend(wrap_plain(
            &format!("Filtered: {titles}"),
            theme::WARNING,
            width,
        ));
        if !revealed {
            body.extend(wrap_plain(
                &format!("[{}] show it anyway", view.cw_key),
                theme::DIM,
                width,
            ));
            return body;
        }
    }
    let hidden = post.spoiler.is_some() && !revealed;
    if let Some(spoiler) = &post.spoiler {
        body.extend(wrap_plain(&format!("⚠ {spoiler}"), theme::WARNING, width));
        if hidden {
            let mut what = String::from(view.words.post());
            if !post.media.is_empty() {
                let count = post.media.len();
                let noun = if count == 1 {
                    "attachment"
                } else {
                    "attachments"
                };
                what.push_str(&format!(" and {count} {noun}"));
            }
            body.extend(wrap_plain(
                &format!("[{}] show {what}", view.cw_key),
                theme::DIM,
                width,
            ));
        }
    }
    if !hidden {
        body.extend(rich_lines(&post.content, width, max_rows));
        if let Some(translation) = &post.translation {
            body.extend(translation_lines(translation, width, max_rows));
        }
        if let Some(previews) = view.previews {
            let hidden = crate::state::previews::media_hidden(post, revealed);
            let width = u16::try_from(width).unwrap_or(u16::MAX);
            body.extend(super::preview::lines(
                post,
                previews,
                hidden,
                &view.cw_key,
                width,
            ));
        }
        for media in &post.media {
            let text = match &media.description {
                Some(alt) => format!("▣ {}: {alt}", media.kind.label()),
                None => format!("▣ {} (no description)", media.kind.label()),
            };
            body.extend(wrap_plain(&text, theme::DIM, width));
        }
        // As Mastodon shows it: only where the post has no attachments of its own.
        if let Some(card) = post.card.as_ref().filter(|_| post.media.is_empty()) {
            let hidden = crate::state::previews::media_hidden(post, revealed);
            body.extend(super::card::lines(card, view.previews, hidden, width));
        }
        if let Some(poll) = &post.poll {
            body.extend(poll_lines(poll, view.now, width));
        }
    }
    body
}

/// A translation under the text it translates: who translated it from what, then its text,
/// laid out no further than `max_rows` lines as the text is.
fn translation_lines(
    translation: &Translation,
    width: usize,
    max_rows: usize,
) -> Vec<Line<'static>> {
    let mut said = String::from("⇄ translated");
    if let Some(from) = &translation.from {
        said.push_str(&format!(" from {from}"));
    }
    if let Some(provider) = &translation.provider {
        said.push_str(&format!(" by {provider}"));
    }
    let mut lines = wrap_plain(&said, theme::DIM, width);
    lines.extend(rich_lines(&translation.content, width, max_rows));
    lines.truncate(max_rows);
    lines
}

/// Columns of a poll option's bar.
const POLL_BAR: usize = 10;

/// A line per option (●: the viewer's choice) with its share, then votes and when it ends.
fn poll_lines(poll: &crate::api::Poll, now: Timestamp, width: usize) -> Vec<Line<'static>> {
    let total: u64 = poll.options.iter().filter_map(|o| o.votes).sum();
    let shares: Vec<Option<(String, String)>> = poll
        .options
        .iter()
        .map(|option| {
            option.votes.map(|votes| {
                let share = (votes * 100).checked_div(total).unwrap_or(0);
                let filled = (share as usize * POLL_BAR).div_ceil(100).min(POLL_BAR);
                let bar = format!("{}{}", "█".repeat(filled), "░".repeat(POLL_BAR - filled));
                (bar, format!("{share}% ({votes})"))
            })
        })
        .collect();
    // Bars line up: the titles get what the longest result leaves.
    let longest = shares
        .iter()
        .flatten()
        .map(|(_, result)| result.chars().count())
        .max();
    let title_room = match longest {
        Some(longest) => width.saturating_sub(2 + 1 + POLL_BAR + 1 + longest),
        None => width.saturating_sub(2),
    };
    let mut lines: Vec<Line<'static>> = poll
        .options
        .iter()
        .zip(shares)
        .enumerate()
        .map(|(index, (option, share))| {
            let chosen = poll.own_votes.contains(&index);
            let mark = match (chosen, poll.multiple) {
                (true, _) => "● ",
                (false, true) => "□ ",
                (false, false) => "○ ",
            };
            let mut spans = vec![Span::styled(
                mark,
                if chosen { theme::MINE } else { theme::DIM },
            )];
            let title = truncate(vec![Span::raw(option.title.clone())], title_room);
            let used: usize = title.iter().map(|s| s.content.width()).sum();
            spans.extend(title);
            if let Some((bar, result)) = share {
                spans.push(Span::raw(" ".repeat(title_room.saturating_sub(used) + 1)));
                spans.push(Span::styled(format!("{bar} {result}"), theme::DIM));
            }
            Line::from(spans)
        })
        .collect();
    let voters = poll.voters.unwrap_or(total);
    let mut summary = format!("{voters} voted");
    if poll.options.iter().any(|o| o.votes.is_none()) {
        summary = "results when it ends".to_owned();
    }
    match poll.expires_at {
        _ if poll.is_closed(now) => summary.push_str(" · closed"),
        Some(end) => summary.push_str(&format!(" · ends in {}", time_left(now, end))),
        None => {}
    }
    if poll.voted() {
        summary.push_str(" · you voted");
    }
    lines.extend(wrap_plain(&summary, theme::DIM, width));
    lines
}

/// The start of a post's text, for one-line mentions of it.
fn first_line(post: &Post) -> String {
    if let Some(Filtered::Warn(titles)) = &post.filtered {
        return format!("Filtered: {titles}");
    }
    if let Some(spoiler) = &post.spoiler {
        return format!("⚠ {spoiler}");
    }
    let text: String = post
        .content
        .blocks
        .iter()
        .flat_map(|b| &b.inlines)
        .map(|i| i.text.as_str())
        .collect();
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if line.is_empty() && !post.media.is_empty() {
        return format!("▣ {}", post.media[0].kind.label());
    }
    line.to_owned()
}

/// `↩ 2  ⟳ 4  ★ 1`, or with Misskey's reactions instead of the star: `↩ 2  ⟳ 4  ❤ 3  👍 1`
/// (and nothing after the renotes when a note has no reactions); `?` for a count the server
/// did not say.
fn counts_text(counts: &crate::api::Counts) -> String {
    let shown = |count: Option<u64>| count.map_or_else(|| "?".to_owned(), |n| n.to_string());
    let mut text = format!("↩ {}  ⟳ {}", shown(counts.replies), shown(counts.boosts));
    if let Some(favourites) = counts.favourites {
        text.push_str(&format!("  ★ {favourites}"));
    }
    for (reaction, count) in &counts.reactions {
        text.push_str(&format!("  {reaction} {count}"));
    }
    text
}

/// What the viewer has done to the post, in words: "you favourited, boosted".
fn marks_text(mine: &Mine, words: Words) -> Option<String> {
    let mut marks = Vec::new();
    if mine.favourited {
        marks.push("favourited".to_owned());
    }
    if let Some(reaction) = &mine.reaction {
        marks.push(format!("reacted {reaction}"));
    }
    if mine.boosted() {
        marks.push(words.boosted().to_owned());
    }
    if mine.bookmarked() {
        marks.push(words.bookmarked().to_owned());
    }
    if mine.thread_muted() {
        marks.push("muted the conversation".to_owned());
    }
    (!marks.is_empty()).then(|| format!("you {}", marks.join(", ")))
}

/// What a notification says happened, on one line: "★ Ana and 3 others favourited · 5m".
fn notice_line(notice: &Notice, view: &PostView, width: usize) -> Line<'static> {
    let who = match (notice.accounts.first(), notice.count) {
        (None, _) => String::new(),
        (Some(first), 0 | 1) => first.name().to_owned(),
        (Some(first), 2) if notice.accounts.len() > 1 => {
            format!("{} and {}", first.name(), notice.accounts[1].name())
        }
        (Some(first), 2) => format!("{} and 1 other", first.name()),
        (Some(first), n) => format!("{} and {} others", first.name(), n - 1),
    };
    let (mark, what, style) = match &notice.kind {
        NoticeKind::Mention => ("@", "mentioned you".to_owned(), theme::NOTICE),
        NoticeKind::Reply => ("↩", "replied to you".to_owned(), theme::NOTICE),
        NoticeKind::Quote => (
            "❝",
            format!("quoted your {}", view.words.post()),
            theme::NOTICE,
        ),
        NoticeKind::Boost => (
            "⟳",
            format!("{} your {}", view.words.boosted(), view.words.post()),
            theme::BOOST,
        ),
        NoticeKind::Favourite => ("★", "favourited your post".to_owned(), theme::FAVOURITE),
        NoticeKind::Reaction => (
            "☺",
            format!("reacted {}", notice.reactions.join(" ")),
            theme::FAVOURITE,
        ),
        NoticeKind::Follow => ("+", "followed you".to_owned(), theme::NOTICE),
        NoticeKind::FollowRequest => ("?", "asked to follow you".to_owned(), theme::NOTICE),
        NoticeKind::FollowAccepted => (
            "+",
            "accepted your follow request".to_owned(),
            theme::NOTICE,
        ),
        NoticeKind::PollEnded => ("▤", "a poll ended".to_owned(), theme::DIM),
        NoticeKind::Edited => (
            "✎",
            "edited a post you interacted with".to_owned(),
            theme::DIM,
        ),
        NoticeKind::Posted => ("•", "posted".to_owned(), theme::DIM),
        NoticeKind::Conversation { unread, .. } => {
            let with: Vec<&str> = notice.accounts.iter().map(|a| a.name()).collect();
            let unread = if *unread { " · unread" } else { "" };
            let text = format!(
                "✉ with {}{unread} · {}",
                with.join(", "),
                age(view.now, notice.at)
            );
            let style = if unread.is_empty() {
                theme::DIM
            } else {
                theme::NOTICE
            };
            return Line::from(truncate(vec![Span::styled(text, style)], width));
        }
        NoticeKind::Chat { with, unread } => {
            let what = match with {
                ChatWith::Room { name, .. } => format!("✉ room {name}"),
                ChatWith::User { acct, .. } => format!("✉ chat with @{acct}"),
            };
            let unread = *unread;
            let text = match unread {
                true => format!("{what} · unread · {}", age(view.now, notice.at)),
                false => format!("{what} · {}", age(view.now, notice.at)),
            };
            let style = if unread { theme::NOTICE } else { theme::DIM };
            return Line::from(truncate(vec![Span::styled(text, style)], width));
        }
        NoticeKind::Other(name) => ("·", name.clone(), theme::DIM),
    };
    let text = match who.is_empty() {
        true => format!("{mark} {what} · {}", age(view.now, notice.at)),
        false => format!("{mark} {who} {what} · {}", age(view.now, notice.at)),
    };
    Line::from(truncate(vec![Span::styled(text, style)], width))
}

/// Lines for a notification without a post (a follow): what happened, who, a separator.
pub fn notice_lines(placement: &Placement, view: &PostView, selected: bool) -> Vec<Line<'static>> {
    let Some(notice) = placement.notice else {
        return vec![Line::styled(
            format!("  ({} no longer available)", view.words.post()),
            theme::DIM,
        )];
    };
    let inner = usize::from(view.width).saturating_sub(GUTTER).max(1);
    let bar = match selected {
        true => Span::styled("▌ ", theme::SELECTED_BAR),
        false => Span::raw("  "),
    };
    let handles: Vec<String> = notice
        .accounts
        .iter()
        .map(|a| format!("@{}", a.acct))
        .collect();
    let mut out = Vec::with_capacity(3);
    for line in [
        notice_line(notice, view, inner),
        Line::from(truncate(
            vec![Span::styled(handles.join(" "), theme::DIM)],
            inner,
        )),
    ] {
        let mut spans = vec![bar.clone()];
        spans.extend(line.spans);
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    out
}

/// Screen rows of a notification without a post.
pub fn notice_height(placement: &Placement) -> u16 {
    if placement.notice.is_some() { 3 } else { 1 }
}

pub fn height(post: &Post, placement: &Placement, view: &PostView) -> u16 {
    u16::try_from(lines(post, placement, view, false, usize::MAX).len()).unwrap_or(u16::MAX)
}

thread_local! {
    /// The second at which the first of the times drawn so far reads differently ("42s"
    /// becomes "43s", "5m" becomes "6m"); `i64::MAX` when none will.
    static NEXT_CHANGE: Cell<i64> = const { Cell::new(i64::MAX) };
}

/// Runs `draw`, returning the second at which a time it showed changes (`None`: none will).
pub fn watch_times(draw: impl FnOnce()) -> Option<i64> {
    let outer = NEXT_CHANGE.replace(i64::MAX);
    draw();
    let next = NEXT_CHANGE.get();
    NEXT_CHANGE.set(outer.min(next));
    (next != i64::MAX).then_some(next)
}

fn changes_at(second: i64) {
    NEXT_CHANGE.set(NEXT_CHANGE.get().min(second));
}

/// How long ago `then` was: "now", "42s", "5m", "3h", "2d", then the date.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let seconds = now.as_second() - then.as_second();
    // Where the label goes on to the next one, in seconds of age.
    let next = match seconds {
        ..10 => Some(10),
        10..60 => Some(seconds + 1),
        60..3600 => Some((seconds / 60 + 1) * 60),
        3600..86_400 => Some((seconds / 3600 + 1) * 3600),
        86_400..2_592_000 => Some((seconds / 86_400 + 1) * 86_400),
        _ => None,
    };
    if let Some(next) = next {
        changes_at(now.as_second() + next - seconds);
    }
    match seconds {
        ..10 => "now".to_owned(),
        10..60 => format!("{seconds}s"),
        60..3600 => format!("{}m", seconds / 60),
        3600..86_400 => format!("{}h", seconds / 3600),
        86_400..2_592_000 => format!("{}d", seconds / 86_400),
        _ => then.strftime("%Y-%m-%d").to_string(),
    }
}

/// How long until `end`, to the nearest unit: "42s", "5m", "3h", "45d" (a poll open for
/// three days reads "3d" when it starts, not "2d").
fn time_left(now: Timestamp, end: Timestamp) -> String {
    let seconds = (end.as_second() - now.as_second()).max(0);
    let nearest = |unit: i64| (seconds + unit / 2) / unit;
    // Each unit from the first time that rounds to a whole one of it.
    let (unit, name, from) = if seconds < 60 {
        (1, "s", 0)
    } else if nearest(60) < 60 {
        (60, "m", 60)
    } else if nearest(3600) < 24 {
        (3600, "h", 3570)
    } else {
        (86_400, "d", 84_600)
    };
    // The label holds until the count rounds lower or a smaller unit takes over.
    let holds = ((seconds + unit / 2) % unit).min(seconds - from);
    changes_at(now.as_second() + holds + 1);
    format!("{}{name}", nearest(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_and_when_they_change() {
        let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        let at = |s: i64| Timestamp::from_second(now.as_second() + s).unwrap();
        // Each label, and in how many seconds it reads differently.
        let ago = |s: i64| {
            let mut label = String::new();
            let next = watch_times(|| label = age(now, at(-s)));
            (label, next.map(|n| n - now.as_second()))
        };
        assert_eq!(ago(-30), ("now".into(), Some(40)));
        assert_eq!(ago(42), ("42s".into(), Some(1)));
        assert_eq!(ago(300), ("5m".into(), Some(60)));
        assert_eq!(ago(330), ("5m".into(), Some(30)));
        assert_eq!(ago(3 * 3600 + 10), ("3h".into(), Some(3590)));
        assert_eq!(ago(2 * 86_400), ("2d".into(), Some(86_400)));
        assert_eq!(ago(400 * 86_400), ("2025-10-18".into(), None));
        let left = |s: i64| {
            let mut label = String::new();
            let next = watch_times(|| label = time_left(now, at(s)));
            (label, next.map(|n| n - now.as_second()))
        };
        assert_eq!(left(42), ("42s".into(), Some(1)));
        assert_eq!(left(330), ("6m".into(), Some(1)));
        assert_eq!(left(329), ("5m".into(), Some(60)));
        assert_eq!(left(60), ("1m".into(), Some(1)));
        assert_eq!(left(3599), ("1h".into(), Some(30)));
        assert_eq!(left(3 * 86_400 - 27), ("3d".into(), Some(43_174)));
        assert_eq!(left(45 * 86_400), ("45d".into(), Some(43_201)));
        assert_eq!(left(2 * 86_400 + 5), ("2d".into(), Some(43_206)));
        // The first change of all the times drawn.
        let next = watch_times(|| {
            age(now, at(-3600));
            age(now, at(-42));
        });
        assert_eq!(next, Some(now.as_second() + 1));
    }

    /// A translation is laid out no further than the rows that can show, however long the
    /// server made it (a frame lays out only what it draws).
    #[test]
    fn a_long_translation_is_laid_out_only_as_far_as_it_shows() {
        let translation = Translation {
            content: crate::api::RichText::plain(&"word ".repeat(20_000)),
            from: Some("ja".into()),
            provider: None,
        };
        assert_eq!(translation_lines(&translation, 40, 12).len(), 12);
        assert!(translation_lines(&translation, 40, usize::MAX).len() > 2_000);
    }
}
