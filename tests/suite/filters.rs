//! The viewer's own filters are honoured: Mastodon's `filtered` results (hide, or fold behind
//! "Filtered: <title>" and reveal like a content warning) and Misskey's muted words (soft mute
//! folds, hard mute hides). Real app and fetcher against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::{Value, json};
use skua::config::Config;
use skua::demo::{DemoData, DemoServer};

const SMALL: (u16, u16) = (80, 24);

fn filter(title: &str, action: &str) -> Value {
    json!([{ "filter": { "id": "1", "title": title, "context": ["home"], "filter_action": action },
             "keyword_matches": ["x"], "status_matches": [] }])
}

/// Makes the newest three posts easy to recognise on screen.
fn mark(data: &mut DemoData) {
    for (n, status) in data.statuses.iter_mut().take(3).enumerate() {
        status["content"] = Value::String(format!("<p>marked post {n}</p>"));
        status["spoiler_text"] = Value::String(String::new());
        status["reblog"] = Value::Null;
    }
}

#[tokio::test]
async fn mastodon_filters_hide_or_fold_and_c_reveals() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["filtered"] = filter("Spoilers", "warn");
    data.statuses[1]["filtered"] = filter("Crypto", "hide");
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    let screen = h.screen();
    assert!(screen.contains("Filtered: Spoilers"), "{screen}");
    assert!(!screen.contains("marked post 0"), "folded: {screen}");
    assert!(!screen.contains("marked post 1"), "hidden: {screen}");
    assert!(screen.contains("marked post 2"), "{screen}");
    h.press("c").await;
    assert!(h.screen().contains("marked post 0"), "revealed like a CW");
}

#[tokio::test]
async fn misskey_muted_words_fold_and_hard_mutes_hide() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["content"] = Value::String("<p>marked post 0 about Football</p>".into());
    data.statuses[1]["content"] = Value::String("<p>marked post 1 about tax forms</p>".into());
    data.muted_words = vec![json!(["football"]), json!("/regex entries are skipped/")];
    data.hard_muted_words = vec![json!(["tax", "forms"])];
    let mut h = Harness::misskey(data, SMALL).await;
    let screen = h.screen();
    assert!(
        screen.contains("Filtered: muted word “football”"),
        "{screen}"
    );
    assert!(!screen.contains("about Football"), "folded: {screen}");
    assert!(!screen.contains("marked post 1"), "hidden: {screen}");
    h.press("c").await;
    assert!(h.screen().contains("about Football"));
}

/// The requests the server received to change filters or muted words.
fn changes(h: &Harness) -> Vec<(String, String, Value)> {
    h.server
        .requests()
        .into_iter()
        .filter(|r| {
            (r.path.starts_with("/api/v2/filters") && r.method != "GET")
                || r.path == "/api/i/update"
        })
        .map(|r| (r.method, r.path, r.body.unwrap_or_default()))
        .collect()
}

#[tokio::test]
async fn a_keyword_filter_made_in_skua_folds_matching_posts_in_every_open_tab_at_once() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["content"] = Value::String("<p>marked post 0 about Football</p>".into());
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    // The same post in a second tab (the federated timeline shows every post).
    h.press("3").await;
    assert!(h.screen().contains("about Football"), "{}", h.screen());
    h.press(":filters<enter>").await;
    assert!(
        h.screen().contains("None yet: n makes one."),
        "{}",
        h.screen()
    );
    h.press("n").await;
    h.press("Sport<tab>football, goal*<enter>").await;
    let (method, path, body) = changes(&h).pop().expect("a filter was made");
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("POST", "/api/v2/filters")
    );
    assert_eq!(body["title"], "Sport");
    assert_eq!(body["filter_action"], "warn");
    assert_eq!(
        body["keywords_attributes"],
        json!([{ "keyword": "football", "whole_word": true }, { "keyword": "goal", "whole_word": false }])
    );
    assert_eq!(
        body["context"],
        json!(["home", "notifications", "public", "thread"])
    );
    assert_snapshot!("filters_list_80x24", h.screen());
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(screen.contains("Filtered: Sport"), "{screen}");
    assert!(!screen.contains("about Football"), "{screen}");
    h.press("1").await;
    let screen = h.screen();
    assert!(screen.contains("Filtered: Sport"), "home too: {screen}");

    // Changed to hide: the post leaves both tabs.
    h.press(":filters<enter><enter>").await;
    assert_snapshot!("filters_form_80x24", h.screen());
    for _ in 0..7 {
        h.press("<tab>").await;
    }
    h.press(" <enter>").await;
    let (method, path, body) = changes(&h).pop().unwrap();
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("PUT", "/api/v2/filters/1")
    );
    assert_eq!(body["filter_action"], "hide");
    // The keywords kept keep their ids: changed, not made again.
    assert_eq!(body["keywords_attributes"][0]["id"], "2");
    h.press("<esc>").await;
    assert!(!h.screen().contains("marked post 0"), "{}", h.screen());
    h.press("3").await;
    assert!(!h.screen().contains("marked post 0"), "{}", h.screen());

    // Deleted: the tabs load again and the post is back.
    h.press(":filters<enter>dy").await;
    let (method, path, _) = changes(&h).pop().unwrap();
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("DELETE", "/api/v2/filters/1")
    );
    assert!(
        h.screen().contains("filter “Sport” deleted"),
        "{}",
        h.screen()
    );
    h.press("<esc>").await;
    assert!(h.screen().contains("about Football"), "{}", h.screen());
}

#[tokio::test]
async fn a_filter_that_cannot_be_saved_says_why_and_keeps_what_was_typed() {
    let mut h = Harness::start(SMALL).await;
    h.press(":filters<enter>n").await;
    h.press("Nothing<enter>").await;
    assert!(
        h.screen().contains("write at least one keyword"),
        "{}",
        h.screen()
    );
    // Expiry in words skua does not read.
    h.press("<tab>cats<tab><tab><tab><tab><tab><tab><tab>someday<enter>")
        .await;
    let screen = h.screen();
    assert!(
        screen.contains("“someday” is not a time skua reads"),
        "{screen}"
    );
    assert!(screen.contains("Nothing"), "{screen}");
    assert!(changes(&h).is_empty());
    // A time to come is sent as seconds from now.
    for _ in 0..7 {
        h.press("<bs>").await;
    }
    h.press("+1d<enter>").await;
    let (_, _, body) = changes(&h).pop().expect("saved");
    let seconds = body["expires_in"].as_i64().unwrap();
    assert!((86_390..=86_400).contains(&seconds), "{body}");
}

#[tokio::test]
async fn a_filter_from_a_post_takes_its_hashtags() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["tags"] = json!([{ "name": "rustlang", "url": "https://demo/tags/rustlang" }]);
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.press(":filter_post<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Keywords  #rustlang"), "{screen}");
    h.press("Rust talk<enter>").await;
    let (_, _, body) = changes(&h).pop().expect("saved");
    assert_eq!(body["keywords_attributes"][0]["keyword"], "#rustlang");
}

#[tokio::test]
async fn misskey_muted_words_are_made_changed_and_deleted_with_regular_expressions() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["content"] = Value::String("<p>marked post 0 about SPOOOILERS</p>".into());
    data.muted_words = vec![json!(["football"])];
    let mut h = Harness::misskey(data, SMALL).await;
    assert!(h.screen().contains("about SPOOOILERS"), "{}", h.screen());
    h.press(":filters<enter>").await;
    assert!(
        h.screen().contains("muted word “football”"),
        "{}",
        h.screen()
    );
    h.press("n").await;
    // An expression that does not compile is refused before anything is sent.
    h.press("/spo+(/i<enter>").await;
    assert!(
        h.screen().contains("not a regular expression"),
        "{}",
        h.screen()
    );
    assert!(changes(&h).is_empty());
    h.press("<bs><bs><bs>ilers/i<enter>").await;
    let (_, path, body) = changes(&h).pop().expect("saved");
    assert_eq!(path, "/api/i/update");
    assert_eq!(body["mutedWords"], json!([["football"], "/spo+ilers/i"]));
    assert_eq!(body["hardMutedWords"], json!([]));
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(
        screen.contains("Filtered: muted word “/spo+ilers/i”"),
        "{screen}"
    );
    assert!(!screen.contains("SPOOOILERS"), "{screen}");
    // Made a hard mute: the note goes.
    h.press(":filters<enter><down><enter><tab> <enter>").await;
    let (_, _, body) = changes(&h).pop().unwrap();
    assert_eq!(body["mutedWords"], json!([["football"]]));
    assert_eq!(body["hardMutedWords"], json!(["/spo+ilers/i"]));
    h.press("<esc>").await;
    assert!(!h.screen().contains("marked post 0"), "{}", h.screen());
    // Deleted: both lists without it, and the note back.
    h.press(":filters<enter><down>dy").await;
    let (_, _, body) = changes(&h).pop().unwrap();
    assert_eq!(body["hardMutedWords"], json!([]));
    h.press("<esc>").await;
    assert!(h.screen().contains("about SPOOOILERS"), "{}", h.screen());
}

#[tokio::test]
async fn filters_changed_elsewhere_apply_when_the_stream_says_so() {
    let mut data = common::fixed_data();
    mark(&mut data);
    data.statuses[0]["content"] = Value::String("<p>marked post 0 about Football</p>".into());
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.server.with_data(|d| {
        d.filters.push(json!({
            "id": "9", "title": "Sport", "context": ["home"], "expires_at": null,
            "filter_action": "warn", "statuses": [],
            "keywords": [{ "id": "10", "keyword": "football", "whole_word": true }],
        }))
    });
    assert!(h.screen().contains("about Football"));
    h.app.handle_net(skua::fetcher::NetEvent::Live(
        skua::live::LiveEvent::Events(vec![skua::api::stream::StreamEvent::FiltersChanged]),
    ));
    h.settle().await;
    let screen = h.screen();
    assert!(screen.contains("Filtered: Sport"), "{screen}");
    assert!(!screen.contains("about Football"), "{screen}");
}

#[tokio::test]
async fn filters_slow_to_come_never_hold_the_first_posts_back() {
    let mut data = common::fixed_data();
    mark(&mut data);
    let server = DemoServer::start(data).await.unwrap();
    server.fail_times(
        "/api/v2/filters",
        skua::demo::Fault::Delay(std::time::Duration::from_secs(30)),
        1,
    );
    let started = std::time::Instant::now();
    let h = Harness::with_server(server, Config::defaults(), SMALL).await;
    assert!(h.screen().contains("marked post 0"), "{}", h.screen());
    // Shown without them, well before the filters would have come.
    assert!(started.elapsed() < std::time::Duration::from_secs(25));
}

/// A word muted on another device moments ago (the muted words read at start are still
/// fresh) is kept when one is added here: the words are read again before they are written.
#[tokio::test]
async fn a_word_muted_elsewhere_just_now_is_kept_when_one_is_added_here() {
    let mut data = common::fixed_data();
    data.muted_words = vec![json!(["football"])];
    let mut h = Harness::misskey(data, SMALL).await;
    h.server
        .with_data(|d| d.muted_words.push(json!(["cricket"])));
    h.press(":filters<enter>n").await;
    h.press("rugby<enter>").await;
    let (_, path, body) = changes(&h).pop().expect("saved");
    assert_eq!(path, "/api/i/update");
    assert_eq!(
        body["mutedWords"],
        json!([["football"], ["cricket"], ["rugby"]])
    );
}

/// `?` over a popup lists the popup's own keys, not those of the timeline under it (which do
/// not work there), and closing help goes back to the popup as it was: a filter half made
/// keeps what was typed.
#[tokio::test]
async fn help_over_a_popup_lists_its_own_keys_and_goes_back_to_it() {
    let mut h = Harness::start(SMALL).await;
    h.press(":filters<enter>").await;
    h.press("?").await;
    assert_snapshot!("filters_help_80x24", h.screen());
    let screen = h.screen();
    assert!(screen.contains("In your filters"), "{screen}");
    assert!(screen.contains("n") && screen.contains("make a filter"));
    let help: String = screen.lines().filter(|l| l.starts_with('│')).collect();
    assert!(!help.contains("boost"), "the timeline's keys: {screen}");
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(screen.contains("None yet: n makes one."), "{screen}");
    assert!(!screen.contains("In your filters"), "{screen}");

    // In a form, on a switch (letters there are not typed).
    h.press("n").await;
    h.press("Sport<tab>football<tab>").await;
    h.press("?").await;
    let screen = h.screen();
    assert!(screen.contains("Making or changing a filter"), "{screen}");
    assert!(screen.contains("save the filter"), "{screen}");
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(
        screen.contains("Sport") && screen.contains("football"),
        "{screen}"
    );
    // Still the form: Esc there goes back to the filters, nothing saved.
    h.press("<esc>").await;
    assert!(
        h.screen().contains("None yet: n makes one."),
        "{}",
        h.screen()
    );
    assert!(changes(&h).is_empty());
}
