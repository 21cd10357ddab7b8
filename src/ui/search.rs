//! Search results in sections: accounts, hashtags, posts; and explore's trending posts,
//! hashtags with how much they are used, links, and suggested accounts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::post::PostView;
use super::text::truncate;
use super::theme;
use super::timeline::{draw_message, draw_rows, post_lines};
use super::words::Words;
use crate::state::AppState;
use crate::state::search::{SearchRow, SearchView, Section};

/// A section's title in the server's `words`: Misskey's featured notes are Mastodon's
/// trending posts.
fn section_title(section: Section, words: Words) -> &'static str {
    match (section, words.misskey) {
        (Section::Accounts, _) => "Accounts",
        (Section::Hashtags, _) => "Hashtags",
        (Section::Posts, false) => "Posts",
        (Section::Posts, true) => "Notes",
        (Section::TrendingPosts, false) => "Trending posts",
        (Section::TrendingPosts, true) => "Featured notes",
        (Section::TrendingTags, _) => "Trending hashtags",
        (Section::TrendingLinks, _) => "Trending links",
        (Section::Suggested, _) => "Suggested accounts to follow",
    }
}

/// How much a trending hashtag is used: " · 120 posts by 45 people", as far as known.
fn how_much(uses: Option<u64>, people: Option<u64>, words: Words) -> String {
    let plural = |n: u64, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match (uses, people) {
        (Some(uses), Some(people)) => format!(
            " · {} by {}",
            plural(uses, words.post(), words.posts()),
            plural(people, "person", "people")
        ),
        (Some(uses), None) => format!(" · {}", plural(uses, words.post(), words.posts())),
        (None, Some(people)) => format!(" · {}", plural(people, "person", "people")),
        (None, None) => String::new(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, view: &SearchView) {
    if view.rows.is_empty() {
        let text = match (&view.error, view.explore) {
            (Some(error), _) => error.clone(),
            (None, true) => "Asking the server what is popular…".to_owned(),
            (None, false) => format!("Searching for “{}”…", view.query),
        };
        return draw_message(frame, area, text, theme::DIM);
    }
    let post_view = PostView::new(state, area.width);
    let width = usize::from(area.width);
    let words = Words::of(state);
    let lines = |index: usize, rows: usize| -> Vec<Line<'static>> {
        let selected = index == view.scroll.selected;
        let bar = if selected {
            Span::styled("▌ ", theme::SELECTED_BAR)
        } else {
            Span::raw("  ")
        };
        let one = |spans: Vec<Span<'static>>| {
            let mut line = vec![bar.clone()];
            line.extend(spans);
            vec![Line::from(truncate(line, width))]
        };
        let heading = |text: String| {
            let mut lines = if index > 0 {
                vec![Line::default()]
            } else {
                vec![]
            };
            lines.push(Line::styled(text, theme::NAME));
            lines
        };
        match &view.rows[index] {
            SearchRow::Section(section, count) => {
                heading(format!("{} ({count})", section_title(*section, words)))
            }
            SearchRow::Heading(text) => heading(text.clone()),
            SearchRow::Account(account) => one(vec![
                Span::styled(account.name().to_owned(), theme::NAME),
                Span::styled(format!(" @{}", account.acct), theme::ACCT),
            ]),
            SearchRow::Hashtag(tag) => one(vec![Span::styled(format!("#{tag}"), theme::HASHTAG)]),
            SearchRow::TrendingTag(tag) => one(vec![
                Span::styled(format!("#{}", tag.name), theme::HASHTAG),
                Span::styled(how_much(tag.uses, tag.people, words), theme::DIM),
            ]),
            SearchRow::Link(card) => {
                let mut spans = vec![Span::styled(card.title.clone(), theme::NAME)];
                if let Some(site) = &card.provider {
                    spans.push(Span::styled(format!(" · {site}"), theme::DIM));
                }
                one(spans)
            }
            SearchRow::Post(id) => {
                post_lines(state, id, &view.placement(id), &post_view, selected, rows)
            }
        }
    };
    draw_rows(
        frame.buffer_mut(),
        area,
        view.scroll,
        view.rows.len(),
        &lines,
        &Line::default(),
    );
}
