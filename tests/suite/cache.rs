//! The instant-start cache: what one session showed is painted first at the next start, the
//! server's answers merged in without moving the reader; nothing of another account is shown,
//! a damaged or older cache is ignored, and logging out deletes it.

use crate::common;

use common::{Harness, fixed_now, server};
use skua::state::timeline::Row;

const ANA: &str = "ana@demo.example";

/// The rows of the selected post (its bar): where the reader is looking.
fn selected_rows(screen: &str) -> Vec<(usize, String)> {
    screen
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with('▌'))
        .map(|(row, line)| (row, line.trim_end().to_owned()))
        .collect()
}

fn home_rows(h: &Harness) -> usize {
    h.app.state.tabs[0].timeline.rows.len()
}

/// Saves the cache as it was `hours_ago`, as skua does on quit.
fn save(h: &mut Harness, hours_ago: i64) {
    let (path, text) = h
        .app
        .cache_snapshot(fixed_now() - jiff::SignedDuration::from_hours(hours_ago))
        .expect("a cache to save");
    skua::cache::write(path, text, false);
}

/// A session of Ana's that read down to the fourth post and saved its cache 3 hours ago.
async fn session_read_and_saved(root: &std::path::Path) -> (Harness, String) {
    let mut first = Harness::cached(server().await, root, ANA).await;
    first.settle().await;
    first.press("jjj").await;
    let screen = first.screen();
    assert!(!screen.contains("cached"), "fresh rows: {screen}");
    save(&mut first, 3);
    (first, screen)
}

#[tokio::test]
async fn cached_rows_come_first_then_fresh_ones_merge_without_moving_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let (first, read) = session_read_and_saved(dir.path()).await;
    let path = skua::cache::path(dir.path(), ANA);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the user reads the cache");
    }
    // While Ana was away, more was posted than one page holds.
    let server = first.server;
    for n in 0..25 {
        server.post_as("100002", &format!("posted while you were away {n}"));
    }

    let mut second = Harness::cached(server, dir.path(), ANA).await;
    let cached = second.screen();
    assert!(cached.contains("cached from 3h ago"), "{cached}");
    assert_eq!(
        selected_rows(&cached),
        selected_rows(&read),
        "the same post on the same rows before the server answers:\n{cached}"
    );
    assert!(!cached.contains("posted while you were away"), "{cached}");

    second.settle().await;
    let fresh = second.screen();
    assert!(!fresh.contains("cached from"), "{fresh}");
    assert!(fresh.contains("25 new posts"), "{fresh}");
    assert_eq!(
        selected_rows(&fresh),
        selected_rows(&read),
        "the fresh posts went in above the reader:\n{fresh}"
    );
    second.press("g").await;
    assert!(
        second.screen().contains("posted while you were away 24"),
        "{}",
        second.screen()
    );
    let timeline = &second.app.state.tabs[0].timeline;
    assert!(
        !timeline.rows.iter().any(|r| matches!(r, Row::Gap(_))),
        "the pages between met the cached rows"
    );
}

#[tokio::test]
async fn a_reader_further_down_than_the_rows_kept_opens_where_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let server = server().await;
    for n in 0..240 {
        server.post_as("100002", &format!("filler {n}"));
    }
    let mut first = Harness::cached(server, dir.path(), ANA).await;
    first.settle().await;
    for _ in 0..23 {
        first.press("jjjjjjjjjj").await; // older pages load on the way
    }
    let timeline = &first.app.state.tabs[0].timeline;
    assert!(
        timeline.scroll.selected > 220,
        "{} of {}",
        timeline.scroll.selected,
        timeline.rows.len()
    );
    let read = first.screen();
    save(&mut first, 3);

    let mut second = Harness::cached(first.server, dir.path(), ANA).await;
    let cached = second.screen();
    assert!(cached.contains("cached from 3h ago"), "{cached}");
    assert_eq!(selected_rows(&cached), selected_rows(&read), "{cached}");
    second.settle().await;
    assert_eq!(
        selected_rows(&second.screen()),
        selected_rows(&read),
        "the newest posts went in above: {}",
        second.screen()
    );
}

#[tokio::test]
async fn a_page_that_does_not_reach_the_cached_rows_leaves_a_gap_row() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = session_read_and_saved(dir.path()).await;
    let server = first.server;
    // More than the five pages one refresh fetches.
    for n in 0..130 {
        server.post_as("100002", &format!("a busy day {n}"));
    }
    let mut second = Harness::cached(server, dir.path(), ANA).await;
    second.settle().await;
    let timeline = &second.app.state.tabs[0].timeline;
    assert!(
        timeline.rows.iter().any(|r| matches!(r, Row::Gap(_))),
        "no silent hole between the fresh pages and the cached rows"
    );
    assert!(
        second.screen().contains("the gap row loads the rest"),
        "{}",
        second.screen()
    );
}

#[tokio::test]
async fn another_accounts_or_a_damaged_or_older_cache_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _) = session_read_and_saved(dir.path()).await;
    let ana = std::fs::read_to_string(skua::cache::path(dir.path(), ANA)).unwrap();
    let bob = skua::cache::path(dir.path(), "bob@demo.example");

    // Bob has no cache of his own: nothing is shown before the server answers.
    let h = Harness::cached(server().await, dir.path(), "bob@demo.example").await;
    assert_eq!(home_rows(&h), 0, "{}", h.screen());

    // The same cache made Bob's is shown: each case below differs from it in one way.
    let as_bob = ana.replace(ANA, "bob@demo.example");
    std::fs::write(&bob, &as_bob).unwrap();
    let h = Harness::cached(server().await, dir.path(), "bob@demo.example").await;
    assert!(home_rows(&h) > 0 && h.screen().contains("cached from 3h ago"));

    let older = as_bob.replacen("\"format\":2", "\"format\":1", 1);
    assert_ne!(older, as_bob, "the format is in the cache");
    let escaping = as_bob.replacen("Hot take", "\\u001b[2JHot take", 1);
    assert_ne!(escaping, as_bob, "a post to change");
    for (what, text) in [
        ("Ana's cache under Bob's name", ana.clone()),
        ("a damaged cache", "{\"format\":2,\"account\":".to_owned()),
        (
            "a cache of another server",
            as_bob.replacen("\"server\":\"demo\"", "\"server\":\"elsewhere.example\"", 1),
        ),
        (
            "a cache of another software",
            as_bob.replacen("\"flavor\":\"mastodon\"", "\"flavor\":\"misskey\"", 1),
        ),
        ("a cache cut short", as_bob[..as_bob.len() / 2].to_owned()),
        ("an older format", older),
        ("a cache changed to clear the screen", escaping),
        ("not JSON at all", "\u{0}\u{1b}[2J garbage".to_owned()),
    ] {
        std::fs::write(&bob, text).unwrap();
        let mut h = Harness::cached(server().await, dir.path(), "bob@demo.example").await;
        assert_eq!(home_rows(&h), 0, "{what}: {}", h.screen());
        assert!(!h.screen().contains("cached"), "{what}");
        h.settle().await;
        assert!(home_rows(&h) > 0, "{what}: skua goes on with fresh rows");
    }
}

#[test]
fn logging_out_deletes_the_accounts_cache_only() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let cache = home.path().join("cache");
    let mut store =
        skua::accounts::AccountStore::load(&data.join("skua").join("accounts.toml")).unwrap();
    for name in [ANA, "bob@demo.example"] {
        store
            .add(skua::accounts::SavedAccount::new(
                name.into(),
                "https://demo.example/".into(),
                skua::api::detect::Flavor::Mastodon,
                &skua::api::http::Token::new("t"),
            ))
            .unwrap();
        let path = skua::cache::path(&cache.join("skua"), name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{}").unwrap();
    }
    let out = common::skua_cmd(home.path())
        .args(["logout", ANA])
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CACHE_HOME", &cache)
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!skua::cache::path(&cache.join("skua"), ANA).exists());
    assert!(skua::cache::path(&cache.join("skua"), "bob@demo.example").exists());
}

#[tokio::test]
async fn switching_accounts_shows_only_the_new_accounts_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, read) = session_read_and_saved(dir.path()).await;
    let other = skua::demo::DemoServer::start(common::fixed_data())
        .await
        .unwrap();
    h.reconnect(&other, "demo", Some("bob@demo.example"));
    assert_eq!(home_rows(&h), 0, "none of Ana's rows: {}", h.screen());
    assert!(h.app.state.me.is_none() && h.app.state.posts.is_empty());
    h.settle().await;
    h.reconnect(&other, "demo", Some(ANA));
    let back = h.screen();
    assert!(back.contains("cached from 3h ago"), "{back}");
    assert_eq!(selected_rows(&back), selected_rows(&read), "{back}");
}

#[tokio::test]
async fn misskey_notes_are_cached_and_painted_first_too() {
    let dir = tempfile::tempdir().unwrap();
    let server =
        skua::demo::DemoServer::start_as(common::fixed_data(), skua::api::detect::Flavor::Misskey)
            .await
            .unwrap();
    let backend = Harness::misskey_backend(&server);
    let mut first = Harness::cached_with(server, backend, dir.path(), ANA);
    first.settle().await;
    first.press("jj").await;
    let read = first.screen();
    save(&mut first, 1);
    let server = first.server;
    let backend = Harness::misskey_backend(&server);
    let mut second = Harness::cached_with(server, backend, dir.path(), ANA);
    let cached = second.screen();
    assert!(cached.contains("cached from 1h ago"), "{cached}");
    assert_eq!(selected_rows(&cached), selected_rows(&read), "{cached}");
    second.settle().await;
    let fresh = second.screen();
    assert!(!fresh.contains("cached from"), "{fresh}");
    assert_eq!(selected_rows(&fresh), selected_rows(&read), "{fresh}");
}

#[tokio::test]
async fn a_cache_saved_for_another_account_id_goes_once_the_server_says_who_the_user_is() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _) = session_read_and_saved(dir.path()).await;
    let ana = std::fs::read_to_string(skua::cache::path(dir.path(), ANA)).unwrap();
    let snapshot: serde_json::Value = serde_json::from_str(&ana).unwrap();
    // The same name on another server: another account id, and a post this server never had.
    let me = snapshot["me"]["id"].as_str().unwrap().to_owned();
    let post = snapshot["posts"][1]["id"].as_str().unwrap().to_owned();
    let alien = ana
        .replace(&format!("\"{me}\""), "\"424242\"")
        .replace(&format!("\"{post}\""), "\"999999999999999999\"");
    std::fs::write(skua::cache::path(dir.path(), ANA), alien).unwrap();
    let mut h = Harness::cached(server().await, dir.path(), ANA).await;
    let painted = |h: &Harness| {
        h.app.state.tabs[0]
            .timeline
            .entries()
            .any(|e| e.id == "999999999999999999")
    };
    assert!(painted(&h), "painted at first, before the server answers");
    h.settle().await;
    assert!(
        !painted(&h),
        "gone once the account id differs: {}",
        h.screen()
    );
    assert!(home_rows(&h) > 0, "fresh rows instead");
}
