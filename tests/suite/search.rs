//! Search on both server families: one prompt for accounts, hashtags and posts; addresses
//! from any server resolve; Enter opens what was found.
use crate::common;

use common::Harness;
use insta::assert_snapshot;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

#[tokio::test]
async fn results_come_in_sections_and_enter_opens_each_kind() {
    let mut h = Harness::start(SMALL).await;
    h.press("s").await;
    h.app.paste("rust");
    h.press("<enter>").await;
    let screen = h.screen();
    assert_snapshot!("search_80x24", screen);
    assert!(screen.starts_with(" 1 Home › search"), "{screen}");
    for section in ["Accounts (", "Hashtags (", "Posts ("] {
        assert!(screen.contains(section), "{section} in {screen}");
    }
    let request = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/v2/search")
        .unwrap();
    assert_eq!(request.param("resolve"), Some("true"));
    h.resize(LARGE);
    assert_snapshot!("search_120x40", h.screen());
    h.resize(SMALL);
    // The first result is an account: Enter opens its profile, Esc comes back.
    h.press("<enter>").await;
    assert!(h.screen().contains("› search › @"), "{}", h.screen());
    h.press("<esc>").await;
    // A hashtag opens its tab.
    let tag_row = h
        .app
        .state
        .active_tab()
        .and_then(|t| match t.stack.last() {
            Some(skua::state::View::Search(s)) => s
                .rows
                .iter()
                .position(|r| matches!(r, skua::state::search::SearchRow::Hashtag(_))),
            _ => None,
        })
        .unwrap();
    for _ in 0..tag_row {
        h.press("j").await;
    }
    h.press("<enter>").await;
    assert!(h.screen().contains("#rust"), "{}", h.screen());
}

#[tokio::test]
async fn a_pasted_post_address_resolves_and_its_post_can_be_acted_on() {
    let mut h = Harness::start(SMALL).await;
    let (id, url) = h.server.with_data(|d| {
        let s = d
            .statuses
            .iter()
            .find(|s| s["reblog"].is_null() && s["url"].is_string())
            .unwrap();
        (
            s["id"].as_str().unwrap().to_owned(),
            s["url"].as_str().unwrap().to_owned(),
        )
    });
    h.press("s").await;
    h.app.paste(&url);
    h.press("<enter>").await;
    assert_eq!(h.selected_post().map(|p| p.id.clone()), Some(id.clone()));
    h.press("f").await;
    assert_eq!(
        h.server
            .with_data(|d| d.status(&id).unwrap()["favourited"].clone()),
        true
    );
    h.press("<enter>").await;
    assert!(h.screen().contains("› search › thread"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_searches_users_hashtags_and_notes_and_says_when_notes_are_off() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("s").await;
    h.app.paste("rust");
    h.press("<enter>").await;
    let screen = h.screen();
    // Misskey's notes are found as notes.
    assert!(
        screen.contains("Accounts (") && screen.contains("Notes ("),
        "{screen}"
    );
    let paths: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    for path in [
        "/api/users/search",
        "/api/hashtags/search",
        "/api/notes/search",
    ] {
        assert!(paths.iter().any(|p| p == path), "{path}");
    }
    let mut data = common::fixed_data();
    data.notes_search_off = true;
    let mut off = Harness::misskey(data, SMALL).await;
    off.press("s").await;
    off.app.paste("rust");
    off.press("<enter>").await;
    let screen = off.screen();
    assert!(
        screen.contains("this server does not let you search notes"),
        "{screen}"
    );
    assert!(
        screen.contains("Accounts ("),
        "accounts still found: {screen}"
    );
    // An address resolves through ap/show.
    let url = off
        .server
        .with_data(|d| d.accounts[1]["url"].as_str().unwrap().to_owned());
    off.press("<esc>s").await;
    off.app.paste(&url);
    off.press("<enter>").await;
    assert!(
        off.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/ap/show")
    );
    assert!(off.screen().contains("@alice"), "{}", off.screen());
}
