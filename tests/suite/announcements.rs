//! The server's announcements: asked at start, an unread mark on the status line, read on the
//! server once shown, reactions on Mastodon; on both families against the local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::json;

const SMALL: (u16, u16) = (80, 24);

/// The demo with a new announcement nobody has read yet.
fn with_unread() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    data.announcements.insert(
        0,
        json!({
            "id": "3", "title": "New rules",
            "content": "<p>From Monday, bots must say they are bots in their profile.</p>",
            "published_at": "2026-11-22T08:00:00.000Z", "read": false,
            "reactions": [],
        }),
    );
    data
}

fn status_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_owned()
}

fn read_on_server(h: &Harness, id: &str) -> bool {
    h.server
        .with_data(|d| d.announcements.iter().find(|a| a["id"] == id).unwrap()["read"] == true)
}

#[tokio::test]
async fn an_unread_announcement_is_marked_shown_and_read_on_the_server() {
    let server = skua::demo::DemoServer::start(with_unread()).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    assert!(status_line(&h).contains("📣 1"), "{}", status_line(&h));
    assert!(!read_on_server(&h, "3"));

    h.press("!").await;
    assert_snapshot!("announcements_80x24", h.screen());
    assert!(read_on_server(&h, "3"), "read once shown");
    h.press("<esc>").await;
    assert!(!status_line(&h).contains("📣"), "{}", status_line(&h));
}

#[tokio::test]
async fn a_reaction_is_given_and_taken_back_on_mastodon() {
    let mut h = Harness::start(SMALL).await;
    assert!(!status_line(&h).contains("📣"), "all read at start");
    h.press("!").await;
    // The first (newest) has 👍 12: give it one.
    h.press("+").await;
    assert!(
        h.screen().contains("React to the announcement"),
        "{}",
        h.screen()
    );
    h.press("<enter>").await;
    assert!(h.screen().contains("👍 13"), "{}", h.screen());
    let reactions = |h: &Harness| {
        h.server.with_data(|d| {
            d.announcements.iter().find(|a| a["id"] == "2").unwrap()["reactions"].clone()
        })
    };
    assert_eq!(
        reactions(&h),
        json!([{ "name": "👍", "count": 13, "me": true }])
    );
    // Again: taken back.
    h.press("+<enter>").await;
    assert!(h.screen().contains("👍 12"), "{}", h.screen());
    assert_eq!(
        reactions(&h),
        json!([{ "name": "👍", "count": 12, "me": false }])
    );
    let sent: Vec<String> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/reactions/"))
        .map(|r| r.method)
        .collect();
    assert_eq!(sent, ["PUT", "DELETE"]);
}

#[tokio::test]
async fn misskey_announcements_are_read_too_and_take_no_reactions() {
    let mut h = Harness::misskey(with_unread(), SMALL).await;
    assert!(status_line(&h).contains("📣 1"), "{}", status_line(&h));
    h.press("!").await;
    let screen = h.screen();
    assert!(
        screen.contains("New rules") && screen.contains("bots must say they are bots"),
        "{screen}"
    );
    assert!(read_on_server(&h, "3"));
    let read = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/i/read-announcement")
        .unwrap();
    assert_eq!(read.body.unwrap()["announcementId"], "3");
    h.press("+").await;
    assert!(
        h.screen()
            .contains("Misskey announcements take no reactions"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn an_announcement_made_while_reading_arrives_live_and_one_taken_back_goes() {
    use skua::api::stream::StreamEvent;
    let mut h = Harness::start(SMALL).await;
    assert!(!status_line(&h).contains("📣"));
    let live = |event| skua::fetcher::NetEvent::Live(skua::live::LiveEvent::Events(vec![event]));
    let announcement = skua::api::Announcement {
        id: "9".into(),
        title: None,
        text: "Upgrade tonight at 22:00.".into(),
        published: None,
        read: false,
        reactions: Vec::new(),
    };
    h.app
        .handle_net(live(StreamEvent::Announced(Box::new(announcement))));
    assert!(status_line(&h).contains("📣 1"), "{}", status_line(&h));
    h.app
        .handle_net(live(StreamEvent::AnnouncementGone("9".into())));
    assert!(!status_line(&h).contains("📣"), "{}", status_line(&h));
    h.press("!").await;
    assert!(!h.screen().contains("Upgrade tonight"), "{}", h.screen());
}
