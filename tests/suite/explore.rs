//! Explore: what is popular on the server (trending posts, hashtags with how much they are
//! used, links) and the accounts it suggests following, on both families against the local
//! demo server; and a server that has none of it says so.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::demo::Fault;
use skua::state::search::{SearchRow, Section};

const SMALL: (u16, u16) = (80, 24);

/// The sections on screen, with how many rows each holds.
fn sections(h: &Harness) -> Vec<(Section, usize)> {
    let sections = rows(h).into_iter().filter_map(|r| match r {
        SearchRow::Section(section, count) => Some((section, count)),
        _ => None,
    });
    sections.collect()
}

fn rows(h: &Harness) -> Vec<SearchRow> {
    match h.app.state.active_tab().and_then(|t| t.stack.last()) {
        Some(skua::state::View::Search(view)) => view.rows.clone(),
        _ => panic!("not exploring: {}", h.screen()),
    }
}

/// Moves the selection down to the first row `wanted` picks.
async fn select_row(h: &mut Harness, wanted: impl Fn(&SearchRow) -> bool) {
    let target = rows(h).iter().position(wanted).expect("such a row");
    let selected = match h.app.state.active_tab().and_then(|t| t.stack.last()) {
        Some(skua::state::View::Search(view)) => view.scroll.selected,
        _ => unreachable!(),
    };
    for _ in selected..target {
        h.press("j").await;
    }
}

#[tokio::test]
async fn explore_shows_trending_posts_hashtags_links_and_suggestions_and_opens_each() {
    let mut h = Harness::start(SMALL).await;
    h.press("*").await;
    let screen = h.screen();
    assert_snapshot!("explore_80x24", screen);
    assert!(screen.starts_with(" 1 Home › explore"), "{screen}");
    let asked: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    for path in [
        "/api/v1/trends/statuses",
        "/api/v1/trends/tags",
        "/api/v1/trends/links",
        "/api/v2/suggestions",
    ] {
        assert!(asked.iter().any(|p| p == path), "{path} in {asked:?}");
    }
    assert_eq!(
        sections(&h),
        [
            (Section::TrendingPosts, 10),
            (Section::TrendingTags, 10),
            (Section::TrendingLinks, 9),
            (Section::Suggested, 2)
        ]
    );
    let screen = h.screen();
    assert!(screen.contains("Trending posts (10)"), "{screen}");

    // A hashtag shows how much it is used; Enter opens its tab.
    select_row(&mut h, |r| matches!(r, SearchRow::TrendingTag(_))).await;
    let screen = h.screen();
    assert!(screen.contains("#rust · 16 posts by"), "{screen}");
    h.press("<enter>").await;
    assert!(
        h.screen().lines().next().unwrap().contains("#rust"),
        "{}",
        h.screen()
    );

    // A link opens its page (here, where no browser can: its address, to copy).
    h.press("1").await;
    select_row(&mut h, |r| matches!(r, SearchRow::Link(_))).await;
    assert!(
        h.screen()
            .contains("▌ Regional trains every 15 minutes from next month · News Example"),
        "{}",
        h.screen()
    );
    h.press("<enter>").await;
    let Some(skua::app::Effect::OpenUrl(url)) = h.app.effects.pop() else {
        panic!("the link is opened: {:?}", h.app.effects);
    };
    assert!(url.starts_with("https://news.example/articles/"), "{url}");
    h.apply(skua::app::Effect::OpenUrl(url.clone()));
    assert!(h.screen().contains(&url[..40]), "{}", h.screen());
    h.press("<esc>").await;

    // A suggested account opens its profile.
    select_row(&mut h, |r| matches!(r, SearchRow::Account(_))).await;
    h.press("<enter>").await;
    assert!(h.screen().contains("› explore › @"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_explores_featured_notes_trending_hashtags_and_recommended_users() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("*").await;
    let asked: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    for path in [
        "/api/notes/featured",
        "/api/hashtags/trend",
        "/api/users/recommendation",
    ] {
        assert!(asked.iter().any(|p| p == path), "{path} in {asked:?}");
    }
    let rows = rows(&h);
    let has = |text: &str| {
        rows.iter()
            .any(|r| matches!(r, SearchRow::Heading(t) if t == text))
    };
    assert_eq!(
        sections(&h),
        [
            (Section::TrendingPosts, 10),
            (Section::TrendingTags, 10),
            (Section::Suggested, 2)
        ]
    );
    assert!(has("This server has no trending links."), "{rows:?}");
    // In Misskey's words.
    let screen = h.screen();
    assert!(screen.contains("Featured notes (10)"), "{screen}");
}

#[tokio::test]
async fn a_server_without_trends_says_so_and_shows_what_it_has() {
    let server = common::server().await;
    server.fail(
        "/api/v1/trends",
        Fault::Respond {
            status: 404,
            body: r#"{"error":"Not Found"}"#.into(),
            headers: vec![],
        },
    );
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press("*").await;
    let screen = h.screen();
    for note in [
        "This server has no trending posts.",
        "This server has no trending hashtags.",
        "This server has no trending links.",
    ] {
        assert!(
            rows(&h)
                .iter()
                .any(|r| matches!(r, SearchRow::Heading(t) if t == note)),
            "{note}: {screen}"
        );
    }
    assert!(
        screen.contains("Suggested accounts to follow (2)"),
        "{screen}"
    );
}

#[tokio::test]
async fn a_server_failing_every_part_says_why() {
    let server = common::server().await;
    for path in ["/api/v1/trends", "/api/v2/suggestions"] {
        server.fail(
            path,
            Fault::Respond {
                status: 503,
                body: r#"{"error":"down for maintenance"}"#.into(),
                headers: vec![],
            },
        );
    }
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press("*").await;
    let screen = h.screen();
    assert!(screen.contains("could not ask what is popular"), "{screen}");
}
