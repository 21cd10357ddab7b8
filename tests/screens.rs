//! Snapshots of the real app (demo server → fetcher → app → ui) after key presses.

mod common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::Post;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

/// Moves the selection down to the first post in the active tab that matches.
async fn select_first(h: &mut Harness, matches: impl Fn(&Post) -> bool) {
    for _ in 0..200 {
        let tab = h.app.state.active_tab().unwrap();
        if tab.timeline.selected_post().is_some_and(&matches) {
            return;
        }
        h.press("j").await;
    }
    panic!("no post matched in the first 200");
}

fn has_cjk(post: &Post) -> bool {
    let mut inlines = post.content.blocks.iter().flat_map(|b| &b.inlines);
    inlines.any(|i| i.text.chars().any(|c| c > '\u{3000}'))
}

#[tokio::test]
async fn home_at_80x24_and_120x40() {
    let mut h = Harness::start(SMALL).await;
    assert_snapshot!("home_80x24", h.screen());
    h.resize(LARGE);
    assert_snapshot!("home_120x40", h.screen());
}

#[tokio::test]
async fn content_warning_collapsed_then_revealed() {
    let mut h = Harness::start(SMALL).await;
    select_first(&mut h, |p| p.spoiler.is_some()).await;
    let collapsed = h.screen();
    assert!(collapsed.contains("[c] show post"), "{collapsed}");
    assert_snapshot!("cw_collapsed_80x24", collapsed);
    h.press("c").await;
    assert_snapshot!("cw_revealed_80x24", h.screen());
}

#[tokio::test]
async fn boosts_media_and_cjk_at_120x40() {
    let mut h = Harness::start(LARGE).await;
    select_first(&mut h, |p| p.boosted_by.is_some() && has_cjk(p)).await;
    assert_snapshot!("boost_cjk_120x40", h.screen());
    select_first(&mut h, |p| p.media.len() > 1).await;
    assert_snapshot!("media_120x40", h.screen());
}

#[tokio::test]
async fn a_long_post_is_wrapped_and_scrolls() {
    let mut h = Harness::start(SMALL).await;
    select_first(&mut h, |p| p.content.blocks.len() >= 4).await;
    assert_snapshot!("long_post_80x24", h.screen());
}

#[tokio::test]
async fn help_is_generated_from_the_keymap() {
    let mut h = Harness::start(SMALL).await;
    h.press("?").await;
    assert_snapshot!("help_80x24", h.screen());
    h.press("<esc>").await;
    assert!(!h.screen().contains("Keys"));
}

#[tokio::test]
async fn every_timeline_kind_is_reachable_by_keys() {
    let mut h = Harness::start(SMALL).await;
    h.press("2").await;
    assert_snapshot!("local_80x24", h.screen());
    h.press("<tab>").await;
    assert!(h.screen().lines().next().unwrap().contains("3 Federated"));
    h.press("#Rust").await;
    assert_snapshot!("hashtag_prompt_80x24", h.screen());
    h.press("<enter>").await;
    assert_snapshot!("hashtag_80x24", h.screen());
    h.press("a").await;
    assert_snapshot!("list_picker_80x24", h.screen());
    h.press("日本<enter>").await;
    assert_snapshot!("list_80x24", h.screen());
    h.press("x<s-tab>1").await;
    assert!(
        h.screen()
            .lines()
            .next()
            .unwrap()
            .starts_with(" 1 Home  2 Local  3 Federated  4 #Rust ")
    );
}

#[tokio::test]
async fn reaching_the_bottom_loads_older_posts() {
    let mut h = Harness::start(SMALL).await;
    let first_page = h.app.state.active_tab().unwrap().timeline.posts.len();
    h.press("G").await;
    let loaded = h.app.state.active_tab().unwrap().timeline.posts.len();
    assert!(
        loaded > first_page,
        "{loaded} posts after G, {first_page} before"
    );
    let older = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.param("max_id").is_some())
        .count();
    assert_eq!(older, 1);
}

#[tokio::test]
async fn tiny_terminals_render_without_panicking() {
    let mut h = Harness::start(SMALL).await;
    h.resize((20, 5));
    assert_snapshot!("tiny_20x5", h.screen());
    for width in 1..=30 {
        for height in 1..=8 {
            h.resize((width, height));
            let _ = h.screen();
        }
    }
    h.press("?").await;
    h.resize((20, 5));
    let _ = h.screen();
}
