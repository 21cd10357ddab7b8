//! The viewer's own filters are honoured: Mastodon's `filtered` results (hide, or fold behind
//! "Filtered: <title>" and reveal like a content warning) and Misskey's muted words (soft mute
//! folds, hard mute hides). Real app and fetcher against the local demo server.

mod common;

use common::Harness;
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
