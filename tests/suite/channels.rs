//! Misskey's channels: listed (followed, favourites, featured, yours, found), opened as a tab,
//! followed and favourited from their rows, written into (replies stay in the channel), named
//! in the config and live; Mastodon says it has none. Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::TimelineKind;
use skua::live::LiveStatus;

const SMALL: (u16, u16) = (80, 24);

fn asked(h: &Harness, path: &str) -> Vec<serde_json::Value> {
    h.server
        .requests_to(path)
        .into_iter()
        .filter_map(|r| r.body)
        .collect()
}

/// The demo's data with its channels.
fn data() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    data.add_channels();
    data
}

fn channel(h: &Harness, id: &str) -> serde_json::Value {
    h.server.with_data(|d| {
        d.channels
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_default()
    })
}

#[tokio::test]
async fn channels_are_listed_opened_followed_favourited_and_found() {
    let mut h = Harness::misskey(data(), SMALL).await;
    h.press(":channels<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Channels you follow"), "{screen}");
    assert!(
        screen.contains("Rust talk  following · 3 notes · Systems programming"),
        "{screen}"
    );
    assert!(!screen.contains("Fediverse dev"), "{screen}");
    // The next lists: favourites, then what the server features.
    h.press("<tab>").await;
    assert!(
        h.screen().contains("Photo walk  ★ · 2 notes"),
        "{}",
        h.screen()
    );
    h.press("<tab>").await;
    let screen = h.screen();
    assert!(screen.contains("Featured channels"), "{screen}");
    assert!(screen.contains("Fediverse dev  2 notes"), "{screen}");
    // Followed and favourited from its row, shown at once.
    h.press("jw").await;
    assert_eq!(channel(&h, "channel2")["isFollowing"], true);
    assert!(
        h.screen().contains("Fediverse dev  following"),
        "{}",
        h.screen()
    );
    assert!(
        h.screen().contains("following the channel “Fediverse dev”"),
        "{}",
        h.screen()
    );
    h.press("f").await;
    assert_eq!(channel(&h, "channel2")["isFavorited"], true);
    assert_eq!(
        asked(&h, "/api/channels/favorite"),
        vec![serde_json::json!({ "channelId": "channel2", "i": "demo-token" })]
    );
    // Found by a word of its description.
    h.press("s").await;
    h.press("walks<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Channels about “walks”"), "{screen}");
    assert!(screen.contains("Photo walk"), "{screen}");
    assert!(!screen.contains("Rust talk"), "{screen}");
    // Opened as a tab of its notes.
    h.press("<enter>").await;
    let tab = &h.app.state.tabs[h.app.state.active];
    assert!(matches!(&tab.timeline.kind, TimelineKind::Channel { id, .. } if id == "channel3"));
    assert_eq!(tab.timeline.entries().count(), 2);
    assert_snapshot!("channel_tab_80x24", h.screen());
}

#[tokio::test]
async fn a_note_written_on_a_channel_tab_goes_in_it_and_so_does_a_reply() {
    let mut h = Harness::misskey(data(), SMALL).await;
    h.press(":channels<enter>").await;
    h.press("<enter>").await;
    assert!(h.screen().contains("channel Rust talk"), "{}", h.screen());
    h.press("n").await;
    assert!(
        h.screen().contains("Visibility channel Rust talk"),
        "{}",
        h.screen()
    );
    h.press("Anyone tried the new borrow checker?<c-s>").await;
    let sent = asked(&h, "/api/notes/create");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["channelId"], "channel1");
    assert_eq!(sent[0]["text"], "Anyone tried the new borrow checker?");
    // A reply to a channel's note stays in the channel.
    h.press("<esc>").await;
    h.select_first(|p, _| p.content.to_plain().contains("toml, and serde"))
        .await;
    h.press("i").await;
    h.press("same here<c-s>").await;
    let sent = asked(&h, "/api/notes/create");
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[1]["channelId"], "channel1");
    assert!(sent[1]["replyId"].is_string());
    // A note elsewhere goes in no channel.
    h.press("1n").await;
    h.press("outside<c-s>").await;
    let sent = asked(&h, "/api/notes/create");
    assert!(sent[2].get("channelId").is_none(), "{:?}", sent[2]);
}

#[tokio::test]
async fn channels_and_antennas_named_in_the_config_are_live_tabs() {
    let mut data = data();
    data.antennas = vec![serde_json::json!({
        "id": "antenna7", "name": "Coffee", "src": "all", "keywords": [["coffee"]],
        "excludeKeywords": [], "users": [], "caseSensitive": false
    })];
    let server = skua::demo::DemoServer::start_as(data, skua::api::detect::Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let config = skua::config::Config::parse(
        "[general]\ntabs = [\"home\", \"channel:rust talk\", \"antenna:coffee\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::live(server, backend, config, dir.path()).await;
    h.press("2").await;
    let screen = h.screen();
    assert!(screen.contains("channel rust talk"), "{screen}");
    assert!(screen.contains("toml, and serde"), "{screen}");
    h.press("3").await;
    assert!(h.screen().contains("antenna coffee"), "{}", h.screen());
    h.wait_until("the stream", |h| {
        matches!(h.app.state.live, Some(LiveStatus::Live { .. }))
    })
    .await;
    // Found by name, the stream feeds each tab what is its own.
    h.wait_until("the named channel and antenna subscribed", |h| {
        h.server.streams_channel("channel") && h.server.streams_channel("antenna")
    })
    .await;
    let in_channel = h
        .server
        .post_in_channel("100002", "channel1", "live in the channel");
    let coffee = h.server.post_as("100009", "coffee before the standup");
    let shows = |h: &Harness, tab: usize, id: &str| {
        h.app.state.tabs[tab]
            .timeline
            .entries()
            .any(|e| e.shows(id))
    };
    h.wait_until("the channel's note in its tab", |h| {
        shows(h, 1, &in_channel)
    })
    .await;
    h.wait_until("the antenna's catch in its tab", |h| shows(h, 2, &coffee))
        .await;
    assert!(!shows(&h, 0, &in_channel), "a channel's note is not home's");
    assert!(!shows(&h, 2, &in_channel), "nor the antenna's");
}

#[tokio::test]
async fn mastodon_says_channels_are_a_misskey_feature() {
    let mut h = Harness::start(SMALL).await;
    h.press(":channels<enter>").await;
    assert!(
        h.screen().contains("channels are a Misskey feature"),
        "{}",
        h.screen()
    );
    assert!(h.app.state.popup.is_none());
}
