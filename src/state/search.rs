//! Search results: accounts, hashtags and posts in sections; and in the same form what is
//! popular on the server (explore): trending posts, hashtags and links, suggested accounts.
//! Enter opens what is selected.

use std::collections::HashSet;

use super::posts::{Placement, PostStore};
use super::scroll::{PostHeight, Scroll, Scrolled};
use crate::api::{Account, Card, SearchResults, TrendingTag, Trends};
use crate::state::ViewId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchRow {
    /// A section's title, with how many rows it holds (said in the server's words by `ui`).
    Section(Section, usize),
    /// A note in place of results ("nothing found", what the server has not).
    Heading(String),
    Account(Account),
    Hashtag(String),
    /// A hashtag in use now, with how much.
    TrendingTag(TrendingTag),
    /// A page many are sharing: Enter opens it.
    Link(Card),
    Post(String),
}

/// What a section of results or of what is popular holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Accounts,
    Hashtags,
    Posts,
    TrendingPosts,
    TrendingTags,
    TrendingLinks,
    Suggested,
}

impl SearchRow {
    /// A section's title or a note: nothing to select.
    pub fn is_heading(&self) -> bool {
        matches!(self, SearchRow::Section(..) | SearchRow::Heading(_))
    }
}

#[derive(Debug, Clone)]
pub struct SearchView {
    pub id: ViewId,
    pub query: String,
    pub rows: Vec<SearchRow>,
    pub scroll: Scroll,
    pub loading: bool,
    pub error: Option<String>,
    pub revealed: HashSet<String>,
    /// What is popular on the server, rather than what a query found.
    pub explore: bool,
}

impl SearchView {
    pub fn new(id: ViewId, query: &str) -> SearchView {
        SearchView {
            id,
            query: query.to_owned(),
            rows: Vec::new(),
            scroll: Scroll::default(),
            loading: true,
            error: None,
            revealed: HashSet::new(),
            explore: false,
        }
    }

    /// What is popular on the server, once it arrives.
    pub fn explore(id: ViewId) -> SearchView {
        SearchView {
            explore: true,
            ..SearchView::new(id, "")
        }
    }

    /// Lays out what is popular in sections, as search results are.
    pub fn apply_trends(&mut self, trends: Trends, store: &mut PostStore) {
        let mut rows = Vec::new();
        let mut section = |section: Section, items: Vec<SearchRow>| {
            if !items.is_empty() {
                rows.push(SearchRow::Section(section, items.len()));
                rows.extend(items);
            }
        };
        section(
            Section::TrendingPosts,
            trends
                .posts
                .into_iter()
                .map(|p| SearchRow::Post(store.put(p)))
                .collect(),
        );
        section(
            Section::TrendingTags,
            trends
                .tags
                .into_iter()
                .map(SearchRow::TrendingTag)
                .collect(),
        );
        section(
            Section::TrendingLinks,
            trends.links.into_iter().map(SearchRow::Link).collect(),
        );
        section(
            Section::Suggested,
            trends
                .suggested
                .into_iter()
                .map(SearchRow::Account)
                .collect(),
        );
        if rows.is_empty() {
            rows.push(SearchRow::Heading(
                "Nothing is trending on this server right now.".into(),
            ));
        }
        rows.extend(trends.unavailable.into_iter().map(SearchRow::Heading));
        self.show(rows);
    }

    /// Lays the results out in sections; posts go to the store. The first result is selected.
    pub fn apply(&mut self, results: SearchResults, store: &mut PostStore) {
        self.loading = false;
        let mut rows = Vec::new();
        if !results.accounts.is_empty() {
            rows.push(SearchRow::Section(
                Section::Accounts,
                results.accounts.len(),
            ));
            rows.extend(results.accounts.into_iter().map(SearchRow::Account));
        }
        if !results.hashtags.is_empty() {
            rows.push(SearchRow::Section(
                Section::Hashtags,
                results.hashtags.len(),
            ));
            rows.extend(results.hashtags.into_iter().map(SearchRow::Hashtag));
        }
        if !results.posts.is_empty() {
            rows.push(SearchRow::Section(Section::Posts, results.posts.len()));
            rows.extend(
                results
                    .posts
                    .into_iter()
                    .map(|p| SearchRow::Post(store.put(p))),
            );
        }
        if rows.is_empty() {
            rows.push(SearchRow::Heading(format!(
                "Nothing found for “{}”",
                self.query
            )));
        }
        rows.extend(results.unavailable.into_iter().map(SearchRow::Heading));
        self.show(rows);
    }

    /// The server could not answer: `message` says so in place of the results.
    pub fn failed(&mut self, message: String) {
        self.loading = false;
        self.error = Some(message);
    }

    /// Shows `rows`, the first result selected under its section's title (one row).
    fn show(&mut self, rows: Vec<SearchRow>) {
        self.loading = false;
        let first = rows.iter().position(|r| !r.is_heading()).unwrap_or(0);
        self.scroll = Scroll {
            selected: first,
            selected_row: u16::from(first > 0),
        };
        self.rows = rows;
    }

    pub fn selected(&self) -> Option<&SearchRow> {
        self.rows.get(self.scroll.selected)
    }

    pub fn selected_post(&self) -> Option<&str> {
        match self.selected() {
            Some(SearchRow::Post(id)) => Some(id),
            _ => None,
        }
    }

    pub fn placement(&self, post: &str) -> Placement<'_> {
        Placement {
            revealed: self.revealed.contains(post),
            ..Placement::default()
        }
    }

    pub fn post_ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().filter_map(|r| match r {
            SearchRow::Post(id) => Some(id.as_str()),
            _ => None,
        })
    }

    pub fn remove_post(&mut self, post: &str) {
        self.rows
            .retain(|r| !matches!(r, SearchRow::Post(id) if id == post));
        self.scroll.selected = self.scroll.selected.min(self.rows.len().saturating_sub(1));
    }
}

impl Scrolled for SearchView {
    fn scroll(&self) -> Scroll {
        self.scroll
    }

    fn set_scroll(&mut self, scroll: Scroll) {
        self.scroll = scroll;
    }

    fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn row_height(&self, index: usize, height: PostHeight) -> u16 {
        match &self.rows[index] {
            SearchRow::Post(id) => height(Some(id), &self.placement(id)),
            // A blank line above each section but the first.
            row if row.is_heading() && index > 0 => 2,
            _ => 1,
        }
    }
}
