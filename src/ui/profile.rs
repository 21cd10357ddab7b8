//! A profile: a header (its picture where previews are shown; who, how you relate, counts,
//! bio, fields) above the account's posts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::{rich_lines, truncate, wrap_plain};
use super::{theme, timeline};
use crate::action::Action;
use crate::api::{Moved, Profile, Relationship};
use crate::state::previews::Previews;
use crate::state::{AppState, ProfileView};
use crate::ui::words::Words;

/// Rows the header takes at most, as a share of the view: the posts keep the rest.
const HEADER_SHARE: u16 = 2;

/// The avatar's box, left of who it is: about square in half blocks.
const AVATAR: (u16, u16) = (8, 4);

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, view: &ProfileView) {
    let filter_key = state.keymap.label(Action::PostsFilter);
    let previews = Some(&state.previews).filter(|p| p.shown);
    let words = Words::of(state);
    let lines = header(view, area.width, area.height, &filter_key, words, previews);
    let height = lines.len() as u16;
    for (row, line) in lines.iter().enumerate() {
        frame
            .buffer_mut()
            .set_line(area.x, area.y + row as u16, line, area.width);
    }
    let mut posts = area;
    posts.y += height;
    posts.height = posts.height.saturating_sub(height);
    if view.profile.is_some() {
        timeline::draw(frame, posts, state, &view.posts);
    }
}

/// Rows the header takes at this size, where `previews` are shown or not (its avatar's box
/// takes some: the same whether its picture arrived or not).
pub fn header_height(view: &ProfileView, width: u16, rows: u16, previews: bool) -> u16 {
    let none = Previews::default();
    let shown = Some(&none).filter(|_| previews);
    // The key and the words change no row count: the lines they are on are cut to one.
    header(view, width, rows, "", Words { misskey: false }, shown).len() as u16
}

/// The header's lines, cut to its share of `rows` (the last line then says so); the avatar
/// at the left where `previews` are shown.
fn header(
    view: &ProfileView,
    width: u16,
    rows: u16,
    filter_key: &str,
    words: Words,
    previews: Option<&Previews>,
) -> Vec<Line<'static>> {
    let width = usize::from(width).max(1);
    let cap = usize::from((rows / HEADER_SHARE).max(3));
    let mut lines = match &view.profile {
        Some(profile) => match (previews, &profile.avatar) {
            (Some(previews), Some(avatar)) if width > usize::from(AVATAR.0) * 4 => {
                beside_avatar(profile, avatar, previews, width, cap, words)
            }
            _ => about(profile, width, cap, words),
        },
        None => {
            let text = match &view.error {
                Some(error) => format!("@{}: {error}", view.acct),
                None => format!("Loading @{}…", view.acct),
            };
            wrap_plain(&text, theme::DIM, width)
        }
    };
    if lines.len() > cap {
        lines.truncate(cap - 1);
        lines.push(Line::styled("  …", theme::DIM));
    }
    if view.profile.is_some() {
        let title = format!(
            "── {} · {filter_key} shows other {} ",
            words.account_posts(view.filter()),
            words.posts()
        );
        let rule =
            "─".repeat(width.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str())));
        lines.push(Line::from(truncate(
            vec![Span::styled(format!("{title}{rule}"), theme::DIM)],
            width,
        )));
    }
    lines
}

/// [`about`] right of the avatar's box.
fn beside_avatar(
    profile: &Profile,
    avatar: &str,
    previews: &Previews,
    width: usize,
    max_rows: usize,
    words: Words,
) -> Vec<Line<'static>> {
    let left = usize::from(AVATAR.0) + 1;
    let mut about = about(profile, width - left, max_rows, words);
    let picture = super::preview::picture_box(avatar, previews, "avatar", AVATAR);
    about.resize(about.len().max(picture.len()), Line::default());
    about
        .into_iter()
        .enumerate()
        .map(|(row, line)| {
            let mut spans = match picture.get(row) {
                Some(row) => row.spans.clone(),
                None => vec![Span::raw(" ".repeat(left - 1))],
            };
            spans.push(Span::raw(" "));
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}

/// Who the account is: name, how the viewer relates to it, counts, bio, fields, the
/// viewer's note, in the server's `words`. The bio and fields go no further than `max_rows`,
/// what the header can show.
fn about(profile: &Profile, width: usize, max_rows: usize, words: Words) -> Vec<Line<'static>> {
    let account = &profile.account;
    let mut name = vec![
        Span::styled(account.name().to_owned(), theme::NAME),
        Span::styled(format!(" @{}", account.acct), theme::ACCT),
    ];
    if account.bot {
        name.push(Span::styled(" · bot", theme::DIM));
    }
    if profile.locked {
        name.push(Span::styled(" · approves followers", theme::DIM));
    }
    let mut lines = vec![Line::from(truncate(name, width))];
    if let Some(moved) = &profile.moved {
        let text = match moved {
            Moved::To(to) => format!(
                "⇢ has moved to @{}: this account is no longer used",
                to.acct
            ),
            Moved::Unnamed => "⇢ has moved to another account: this one is no longer used".into(),
        };
        lines.extend(wrap_plain(&text, theme::WARNING, width));
    }
    lines.push(Line::from(truncate(
        vec![Span::styled(
            relation_text(profile.relationship, words),
            theme::MINE,
        )],
        width,
    )));
    if let Some(familiar) = familiar_text(&profile.familiar_followers) {
        lines.push(Line::from(truncate(
            vec![Span::styled(familiar, theme::DIM)],
            width,
        )));
    }
    let mut counts = Vec::new();
    for (count, what) in [
        (profile.posts, words.posts()),
        (profile.following, "following"),
        (profile.followers, "followers"),
    ] {
        if let Some(count) = count {
            counts.push(format!("{count} {what}"));
        }
    }
    if let Some(joined) = profile.joined {
        counts.push(format!("joined {}", joined.strftime("%Y-%m-%d")));
    }
    if !counts.is_empty() {
        lines.push(Line::from(truncate(
            vec![Span::styled(counts.join(" · "), theme::DIM)],
            width,
        )));
    }
    if !profile.note.is_empty() {
        lines.extend(rich_lines(&profile.note, width, max_rows));
    }
    for field in profile.fields.iter().take(max_rows) {
        let mut spans = vec![
            Span::styled(format!("{}: ", field.name), theme::DIM),
            Span::raw(field.value.clone()),
        ];
        if field.verified {
            spans.push(Span::styled(" ✓ verified", theme::BOOST));
        }
        lines.push(Line::from(truncate(spans, width)));
    }
    if let Some(note) = profile
        .private_note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
        lines.extend(wrap_plain(
            &format!("Your note: {note}"),
            theme::MINE,
            width,
        ));
    }
    lines
}

/// "followed by Ana, Bo and 3 others you follow".
fn familiar_text(names: &[String]) -> Option<String> {
    let named = match names {
        [] => return None,
        [one] => one.clone(),
        [one, two] => format!("{one} and {two}"),
        [one, two, other] => format!("{one}, {two} and {other}"),
        [one, two, rest @ ..] => format!("{one}, {two} and {} others", rest.len()),
    };
    Some(format!("followed by {named} you follow"))
}

/// "you follow them · they follow you", or "this is you".
fn relation_text(relationship: Option<Relationship>, words: Words) -> String {
    let Some(r) = relationship else {
        return "this is you".into();
    };
    let mut parts = Vec::new();
    if r.following {
        parts.push("you follow them");
    } else if r.requested {
        parts.push("follow requested");
    } else {
        parts.push("you do not follow them");
    }
    if r.followed_by {
        parts.push("they follow you");
    }
    if r.muting {
        parts.push("muted");
    }
    if r.blocking {
        parts.push("blocked");
    }
    if !r.showing_boosts {
        parts.push(match words.misskey {
            true => "their renotes left out",
            false => "their boosts left out",
        });
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Account, Field, RichText};

    /// However long the bio and however many the fields a server sends, the header lays out
    /// only what it can show (it is drawn at every frame).
    #[test]
    fn a_huge_bio_and_endless_fields_are_laid_out_only_as_far_as_the_header_shows() {
        let profile = Profile {
            account: Account {
                id: "1".into(),
                username: "a".into(),
                acct: "a".into(),
                display_name: "A".into(),
                url: None,
                bot: false,
            },
            note: RichText::plain(&"word ".repeat(20_000)),
            fields: vec![
                Field {
                    name: "f".into(),
                    value: "v".into(),
                    verified: false,
                };
                10_000
            ],
            posts: None,
            followers: None,
            following: None,
            joined: None,
            locked: false,
            relationship: None,
            moved: None,
            avatar: None,
            private_note: None,
            familiar_followers: Vec::new(),
        };
        let lines = about(&profile, 40, 8, Words { misskey: false });
        // The name's lines, then at most 8 of the bio and 8 of the fields (not 10,000).
        assert!(lines.len() <= 3 * 8, "{}", lines.len());
        assert!(lines.len() > 8, "long enough to be cut with …");
    }
}
