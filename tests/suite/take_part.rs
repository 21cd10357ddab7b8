//! Taking part: actions on posts, threads, the one copy of a post shown in many places, on both
//! server families against the local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::{Post, RichText};
use skua::demo::{DemoServer, Fault};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

/// My own post in the demo, with a tree of replies under it.
const MY_POST: &str = "117642360651776305";

fn text(post: &Post) -> String {
    plain(&post.content)
}

fn plain(text: &RichText) -> String {
    text.blocks
        .iter()
        .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
        .collect()
}

/// The demo server's copy of a status, as stored.
fn stored(h: &Harness, id: &str) -> serde_json::Value {
    h.server
        .with_data(|data| data.status(id).cloned())
        .expect("the status exists")
}

/// The rows of the screen showing a post's text, joined.
fn rows_with(screen: &str, needle: &str) -> usize {
    screen.lines().filter(|l| l.contains(needle)).count()
}

/// The counts line of the selected post.
fn selected_counts(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('▌') && l.contains("↩ "))
        .unwrap_or_else(|| panic!("no selected post on screen:\n{screen}"))
        .to_owned()
}

#[tokio::test]
async fn a_thread_shows_the_reply_tree_and_esc_returns_to_the_same_post_and_row() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    let before = h.screen();
    let row = before
        .lines()
        .position(|l| l.starts_with("▌ Demo User"))
        .unwrap();
    let stored_before = h.app.state.posts.len();
    h.press("<enter>").await;
    let thread = h.screen();
    assert_snapshot!("thread_80x24", thread);
    assert!(thread.starts_with(" 1 Home › thread"), "{thread}");
    // Depth shows as indentation: Alice answers the post, the demo user answers Alice.
    let indent = |needle: &str| {
        let line = thread.lines().find(|l| l.contains(needle)).unwrap();
        line.len() - line.trim_start_matches([' ', '▌', '┃']).len()
    };
    assert!(indent("Alice Nakamura") < indent("Answering Alice"));
    assert_eq!(indent("Alice Nakamura"), indent("Bob 🚲"));
    h.resize(LARGE);
    assert_snapshot!("thread_120x40", h.screen());
    h.resize(SMALL);
    h.press("<esc>").await;
    let after = h.screen();
    assert_eq!(h.selected_post().unwrap().id, MY_POST);
    assert_eq!(
        after.lines().position(|l| l.starts_with("▌ Demo User")),
        Some(row),
        "same post, same screen row:\n{after}"
    );
    assert_eq!(
        h.app.state.posts.len(),
        stored_before,
        "the thread's posts no other view shows are forgotten"
    );
}

#[tokio::test]
async fn favourite_boost_and_bookmark_reach_the_server_and_show_in_every_view() {
    let mut h = Harness::start(SMALL).await;
    // The same post on Home, on Local, and in its thread.
    h.press("L").await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("1").await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("<enter>").await;
    h.press("f").await;
    assert!(h.screen().contains("favourited"), "{}", h.screen());
    let status = stored(&h, MY_POST);
    assert_eq!(status["favourited"], true);
    assert_eq!(status["favourites_count"], 1);
    let marked = |screen: &str| selected_counts(screen).contains("you favourited");
    assert!(marked(&h.screen()), "in the thread:\n{}", h.screen());
    h.press("<esc>").await;
    assert!(marked(&h.screen()), "on Home:\n{}", h.screen());
    h.press("2").await;
    assert!(marked(&h.screen()), "on Local:\n{}", h.screen());
    // Boost and bookmark from Local; the marks are words on the counts line.
    h.press("bB").await;
    let counts = selected_counts(&h.screen());
    assert!(counts.contains("⟳ 1"), "{counts}");
    assert!(
        counts.contains("you favourited, boosted, bookmarked"),
        "{counts}"
    );
    let status = stored(&h, MY_POST);
    assert_eq!(
        (status["reblogged"].clone(), status["bookmarked"].clone()),
        (true.into(), true.into())
    );
    let boosts = h.server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["reblog"] == MY_POST && s["account"] == d.me.as_str())
            .count()
    });
    assert_eq!(boosts, 1, "one boost of it by the user");
    // Pressed again, each is taken back.
    h.press("fbB").await;
    let status = stored(&h, MY_POST);
    assert_eq!(status["favourited"], false);
    assert_eq!(status["reblogged"], false);
    assert_eq!(status["bookmarked"], false);
    assert!(!selected_counts(&h.screen()).contains("you "));
}

#[tokio::test]
async fn a_refused_action_is_undone_with_a_sentence() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.server.fail(
        &format!("/api/v1/statuses/{MY_POST}/favourite"),
        Fault::status(403, r#"{"error":"This action is not allowed"}"#),
    );
    h.press("f").await;
    let screen = h.screen();
    assert!(screen.contains("could not favourite"), "{screen}");
    assert!(!selected_counts(&screen).contains("favourited"), "{screen}");
    assert_eq!(stored(&h, MY_POST)["favourited"], serde_json::Value::Null);
    assert!(selected_counts(&screen).contains("★ 0"));
}

#[tokio::test]
async fn followers_only_posts_say_why_they_cannot_be_boosted() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.visibility == skua::api::Visibility::Private)
        .await;
    let requests = h.server.requests().len();
    h.press("b").await;
    assert!(
        h.screen()
            .contains("followers-only posts cannot be boosted"),
        "{}",
        h.screen()
    );
    assert_eq!(h.server.requests().len(), requests, "nothing was sent");
}

#[tokio::test]
async fn deleting_an_own_post_asks_first_and_removes_it_everywhere() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| text(p).starts_with("Answering Alice"))
        .await;
    let id = h.selected_post().unwrap().id.clone();
    h.press("d").await;
    assert!(h.screen().contains("Delete this post?"), "{}", h.screen());
    h.press("n").await;
    assert!(
        h.server.with_data(|d| d.status(&id).is_some()),
        "n keeps it"
    );
    h.press("dy").await;
    let screen = h.screen();
    assert!(screen.contains("post deleted"), "{screen}");
    assert_eq!(rows_with(&screen, "Answering Alice"), 0, "{screen}");
    assert!(h.server.with_data(|d| d.status(&id).is_none()));
    assert!(h.app.state.posts.get(&id).is_none(), "forgotten");
    // Someone else's post cannot be deleted.
    h.select_first(|p, _| p.author.acct != "demo").await;
    h.press("d").await;
    assert!(h.screen().contains("only your own posts"));
}

#[tokio::test]
async fn on_misskey_favourite_is_the_like_reaction_and_threads_come_level_by_level() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("f").await;
    let counts = selected_counts(&h.screen());
    assert!(
        counts.contains("❤ 1") && counts.contains("you reacted ❤"),
        "{counts}"
    );
    let reacted = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/notes/reactions/create")
        .expect("a reaction was sent");
    assert_eq!(reacted.body.unwrap()["reaction"], "❤");
    assert_eq!(stored(&h, MY_POST)["my_reaction"], "❤");
    h.press("f").await;
    assert_eq!(stored(&h, MY_POST)["my_reaction"], serde_json::Value::Null);
    assert!(!selected_counts(&h.screen()).contains("reacted"));
    // Renote and favorite (Misskey's bookmark).
    h.press("bB").await;
    let status = stored(&h, MY_POST);
    assert_eq!(
        (status["reblogged"].clone(), status["bookmarked"].clone()),
        (true.into(), true.into())
    );
    // The thread: ancestors from notes/conversation, replies from notes/children, per level.
    h.press("<enter>").await;
    assert_snapshot!("misskey_thread_80x24", h.screen());
    let children = h.server.requests_to("/api/notes/children").len();
    assert_eq!(
        children, 2,
        "the post, then Alice's reply (the only one with replies)"
    );
}

/// A chain of `depth` replies under the newest post, each with hostile text.
fn deep_thread(depth: usize) -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    let root = data.statuses[0].clone();
    let mut parent = root["id"].as_str().unwrap().to_owned();
    let base: u128 = parent.parse().unwrap();
    for level in 1..=depth {
        let mut reply = root.clone();
        let id = (base + level as u128).to_string();
        reply["id"] = id.clone().into();
        reply["in_reply_to_id"] = parent.clone().into();
        reply["content"] =
            format!("<p>level {level} \u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7} \u{202e}evil</p>").into();
        reply["spoiler_text"] = "".into();
        data.statuses.insert(0, reply);
        parent = id;
    }
    data
}

#[tokio::test]
async fn a_thread_thirty_levels_deep_stays_readable_at_80_columns() {
    let server = DemoServer::start(deep_thread(30)).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    // The root, with 30 levels of replies under it.
    let root = h
        .server
        .with_data(|d| d.statuses[30]["id"].as_str().unwrap().to_owned());
    h.select_first(|p, _| p.id == root).await;
    h.press("<enter>").await;
    h.press("G").await;
    let screen = h.screen();
    assert_snapshot!("deep_thread_80x24", screen);
    assert!(screen.contains("level 30"), "{screen}");
    for line in screen.lines() {
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{202e}'),
            "{line:?}"
        );
    }
    // Indentation stops growing: the deepest reply's text still has most of the width.
    let deepest = screen.lines().find(|l| l.contains("level 30")).unwrap();
    let indent = deepest
        .chars()
        .take_while(|c| *c == ' ' || *c == '▌')
        .count();
    assert!(indent <= 14, "{deepest:?}");
    assert!(screen.contains("↳30 Priya"), "{screen}");
    h.resize(LARGE);
    assert_snapshot!("deep_thread_120x40", h.screen());
}

#[tokio::test]
async fn the_reaction_picker_offers_the_servers_emoji_and_replaces_or_removes_a_reaction() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("+").await;
    let picker = h.screen();
    assert_snapshot!("reaction_picker_80x24", picker);
    assert!(
        picker.contains(":blobcat:") && picker.contains(":skua:"),
        "{picker}"
    );
    assert!(
        !picker.contains("staff_only"),
        "role-only emoji are left out"
    );
    // Fuzzy filter, then Enter.
    h.press("sku<enter>").await;
    assert_eq!(stored(&h, MY_POST)["my_reaction"], ":skua:");
    assert!(
        selected_counts(&h.screen()).contains(":skua: 1"),
        "{}",
        h.screen()
    );
    // Another replaces it: one reaction per note.
    h.press("+").await;
    assert!(h.screen().contains(":skua: (recent)"), "{}", h.screen());
    h.press("thumbs<enter>").await;
    assert_eq!(stored(&h, MY_POST)["my_reaction"], "👍");
    let counts = selected_counts(&h.screen());
    assert!(
        counts.contains("👍 1") && !counts.contains(":skua:"),
        "{counts}"
    );
    // The first choice takes it back.
    h.press("+").await;
    assert!(h.screen().contains("remove your reaction 👍"));
    h.press("<enter>").await;
    assert_eq!(stored(&h, MY_POST)["my_reaction"], serde_json::Value::Null);
    // On Mastodon the key says what to do instead.
    let mut mastodon = Harness::start(SMALL).await;
    mastodon.press("+").await;
    assert!(
        mastodon
            .screen()
            .contains("emoji reactions are a Misskey feature")
    );
}

#[tokio::test]
async fn bookmarks_favourites_and_an_account_are_tabs_from_keys_and_the_config() {
    // Bookmark and favourite a post, then open the tabs listing them.
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("Bf").await;
    h.press("K").await;
    assert!(h.screen().contains("Bookmarks"), "{}", h.screen());
    assert_eq!(h.selected_post().map(|p| p.id.as_str()), Some(MY_POST));
    h.press("V").await;
    assert!(h.screen().contains("Favourites"), "{}", h.screen());
    assert_eq!(h.selected_post().map(|p| p.id.as_str()), Some(MY_POST));
    // The same on Misskey: its bookmarks are favorites, each paged by its own id.
    let mut m = Harness::misskey(common::fixed_data(), SMALL).await;
    m.select_first(|p, _| p.id == MY_POST).await;
    m.press("B").await;
    m.press("K").await;
    assert_eq!(m.selected_post().map(|p| p.id.as_str()), Some(MY_POST));
    let tabs = m.screen();
    assert!(
        tabs.contains("Favorites") && !tabs.contains("Bookmarks"),
        "{tabs}"
    );
    assert!(
        m.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/i/favorites")
    );
    m.press("V").await;
    assert!(
        m.screen()
            .contains("Misskey keeps no list of liked notes; K shows your favorites"),
        "{}",
        m.screen()
    );
    // A favourites tab in the config (Mastodon's word, or Misskey's own) shows its favorites.
    let config = skua::config::Config::parse(
        "[general]\ntabs = [\"home\", \"favorites\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let server = DemoServer::start_as(common::fixed_data(), skua::api::detect::Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let mut m = Harness::with(server, backend, config, SMALL).await;
    m.select_first(|p, _| p.id == MY_POST).await;
    m.press("B").await;
    m.press("2r").await;
    let screen = m.screen();
    assert!(screen.starts_with(" 1 Home  2 Favorites "), "{screen}");
    assert_eq!(m.selected_post().map(|p| p.id.as_str()), Some(MY_POST));
    // Tabs from the config, an account by its address among them.
    let config = skua::config::Config::parse(
        "[general]\ntabs = [\"@alice\", \"bookmarks\", \"favourites\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let server = common::server().await;
    let mut tabs = Harness::with_server(server, config, SMALL).await;
    let screen = tabs.screen();
    assert!(
        screen.starts_with(" 1 @alice  2 Bookmarks  3 Favourites"),
        "{screen}"
    );
    assert!(screen.contains("Alice Nakamura"), "{screen}");
    // Older pages too; the address is looked up once.
    tabs.press("G").await;
    tabs.press("G").await;
    let requests = tabs.server.requests();
    let pages = requests
        .iter()
        .filter(|r| r.path.ends_with("/statuses") && r.param("pinned").is_none())
        .count();
    let lookups = requests
        .iter()
        .filter(|r| r.path == "/api/v1/accounts/lookup")
        .count();
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(lookups, 1);
}

#[tokio::test]
async fn a_token_without_a_permission_says_which_and_how_to_log_in_again_when_it_matters() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.server.fail(
        "/api/v1/statuses/",
        Fault::status(
            403,
            r#"{"error":"This action is outside the authorized scopes"}"#,
        ),
    );
    h.press("f").await;
    let screen = h.screen();
    assert!(screen.contains("write:favourites"), "{screen}");
    assert!(screen.contains("offers to approve it"), "{screen}");
    assert!(!h.selected_post().unwrap().mine.favourited, "undone");

    let mut m = Harness::misskey(common::fixed_data(), SMALL).await;
    m.select_first(|p, _| p.id == MY_POST).await;
    m.server.fail(
        "/api/notes/reactions/create",
        Fault::status(
            403,
            r#"{"error":{"message":"Your app does not have the necessary permissions to use this endpoint.","code":"PERMISSION_DENIED","id":"1370e5b7-d4eb-4566-bb1d-7748ee6a1838","kind":"permission"}}"#,
        ),
    );
    m.press("f").await;
    let screen = m.screen();
    assert!(screen.contains("write:reactions"), "{screen}");
    assert!(screen.contains("skua offers to"), "{screen}");
}

#[test]
fn logging_in_asks_once_for_what_every_feature_needs() {
    // Mastodon: reading and writing, which hold every granular scope skua's features use
    // (their names would make the address too long for a QR code at 80x24).
    let scopes: Vec<&str> = skua::login::OAUTH_SCOPES.split(' ').collect();
    assert_eq!(scopes, ["read", "write"]);
    for needed in [
        "read:account",
        "write:notes",
        "write:reactions",
        "write:favorites",
        "write:following",
        "write:mutes",
        "write:blocks",
        "read:notifications",
        "write:drive",
    ] {
        assert!(
            skua::login::MIAUTH_PERMISSIONS.contains(&needed),
            "{needed}"
        );
    }
    // What fewer use is asked for when first needed; what skua never uses, never.
    for later in ["read:mutes", "read:blocks", "write:report-abuse"] {
        assert!(!skua::login::MIAUTH_PERMISSIONS.contains(&later), "{later}");
        assert!(skua::login::MIAUTH_LATER.contains(&later), "{later}");
    }
    assert!(
        !skua::login::MIAUTH_PERMISSIONS
            .iter()
            .chain(skua::login::MIAUTH_LATER)
            .any(|p| *p == "read:drive")
    );
}

#[tokio::test]
async fn muting_a_conversation_and_deleting_work_on_misskey_too() {
    // Mastodon: mute, then unmute the conversation.
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MY_POST).await;
    h.press("z").await;
    assert_eq!(stored(&h, MY_POST)["muted"], true);
    assert!(selected_counts(&h.screen()).contains("you muted the conversation"));
    h.press("z").await;
    assert_eq!(stored(&h, MY_POST)["muted"], false);
    // Misskey: thread muting, then deleting an own note after asking.
    let mut m = Harness::misskey(common::fixed_data(), SMALL).await;
    m.select_first(|p, _| p.id == MY_POST).await;
    m.press("z").await;
    assert_eq!(stored(&m, MY_POST)["muted"], true);
    assert!(
        m.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/notes/thread-muting/create")
    );
    m.press("dy").await;
    assert!(m.screen().contains("note deleted"), "{}", m.screen());
    assert!(m.server.with_data(|d| d.status(MY_POST).is_none()));
    assert!(
        m.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/notes/delete")
    );
}

#[tokio::test]
async fn the_reaction_picker_at_120x40_and_a_profile_address_among_the_links() {
    let mut m = Harness::misskey(common::fixed_data(), LARGE).await;
    m.select_first(|p, _| p.id == MY_POST).await;
    m.press("+").await;
    assert_snapshot!("reaction_picker_120x40", m.screen());
    m.press("<esc>").await;
    // On a profile, O offers the profile's own address first.
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, e| p.author.acct == "alice" && e.boosted_by.is_none())
        .await;
    h.press("p").await;
    h.press("O").await;
    let screen = h.screen();
    let links: Vec<&str> = screen.lines().filter(|l| l.contains("https://")).collect();
    assert!(
        links
            .first()
            .is_some_and(|l| l.contains("skua.example/@alice")),
        "{screen}"
    );
}

#[tokio::test]
async fn a_renote_by_the_user_marks_the_note_as_boosted_on_misskey() {
    let mut data = common::fixed_data();
    let original = data
        .statuses
        .iter()
        .find(|s| s["reblog"].is_null() && s["visibility"] == "public")
        .and_then(|s| s["id"].as_str())
        .unwrap()
        .to_owned();
    let mut renote = data.statuses[0].clone();
    let newest: u128 = renote["id"].as_str().unwrap().parse().unwrap();
    renote["id"] = (newest + 1).to_string().into();
    renote["account"] = data.me.clone().into();
    renote["reblog"] = original.clone().into();
    // A pure renote: no text of its own (with text it would be a quote).
    renote["content"] = "".into();
    data.statuses.insert(0, renote);
    let mut m = Harness::misskey(data, SMALL).await;
    m.select_first(|p, e| p.id == original && e.boosted_by.is_some())
        .await;
    let counts = selected_counts(&m.screen());
    assert!(counts.contains("you renoted"), "{counts}");
    // So `b` takes it back.
    m.press("b").await;
    assert!(
        m.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/notes/unrenote")
    );
}
