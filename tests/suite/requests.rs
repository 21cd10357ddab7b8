//! Notifications the server filtered (Mastodon 4.3+) never vanish silently: the status line
//! says requests wait, they are accepted or dismissed one by one, and the policy is read and
//! changed; Misskey says it has none. Against the local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::json;

const SMALL: (u16, u16) = (80, 24);

/// Two strangers' notifications, filtered.
fn with_requests() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    let strangers: Vec<String> = data
        .accounts
        .iter()
        .filter_map(|a| a["id"].as_str())
        .filter(|id| !data.following.iter().any(|f| f == id) && *id != data.me)
        .take(2)
        .map(str::to_owned)
        .collect();
    data.notification_requests = strangers
        .iter()
        .enumerate()
        .map(|(n, id)| json!({ "id": format!("r{n}"), "account": id, "notifications_count": (n + 1).to_string() }))
        .collect();
    data
}

fn status_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn waiting_requests_are_marked_and_accepted_or_dismissed_one_by_one() {
    let server = skua::demo::DemoServer::start(with_requests())
        .await
        .unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    assert!(status_line(&h).contains("📥 2"), "{}", status_line(&h));
    h.press("N").await;
    h.press(":notification_requests<enter>").await;
    assert_snapshot!("notification_requests_80x24", h.screen());
    // Enter accepts the first; the list stays open for the next.
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("accepted: their notifications join the others"),
        "{screen}"
    );
    assert!(screen.contains("Notification requests"), "{screen}");
    assert!(status_line(&h).contains("📥 1"), "{}", status_line(&h));
    // Del dismisses the other.
    h.press("<del>").await;
    assert!(
        h.screen().contains("Nothing to choose from."),
        "{}",
        h.screen()
    );
    assert!(!status_line(&h).contains("📥"), "{}", status_line(&h));
    let answers: Vec<String> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/notifications/requests/"))
        .map(|r| r.path)
        .collect();
    assert_eq!(
        answers,
        [
            "/api/v1/notifications/requests/r0/accept",
            "/api/v1/notifications/requests/r1/dismiss"
        ]
    );
}

#[tokio::test]
async fn the_policy_is_read_and_each_rule_changed_at_once() {
    let mut h = Harness::start(SMALL).await;
    h.press("N").await;
    h.press(":notification_policy<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("people you do not follow"), "{screen}");
    assert!(
        screen.contains("private mentions you did not ask for"),
        "{screen}"
    );
    // The first rule: accept → filter.
    h.press("<space>").await;
    let policy = h.server.with_data(|d| d.notification_policy.clone());
    assert_eq!(policy["for_not_following"], "filter");
    let patched = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(
        patched.body.unwrap(),
        json!({ "for_not_following": "filter" })
    );
    // The next rule down: accept → filter → drop.
    h.press("j<space><space>").await;
    let policy = h.server.with_data(|d| d.notification_policy.clone());
    assert_eq!(policy["for_not_followers"], "drop");
    assert!(h.screen().contains("drop"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_says_it_filters_no_notifications_into_requests() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("N").await;
    h.press(":notification_requests<enter>").await;
    assert!(
        h.screen()
            .contains("Misskey filters no notifications into requests"),
        "{}",
        h.screen()
    );
    assert!(h.app.state.popup.is_none());
}

/// Help, its menu and the command line list what this server can do: a Mastodon before 4.3,
/// asked for its notification policy at the start, says it has none, and notification
/// requests and the policy are no longer offered; named in full, one still says why.
#[tokio::test]
async fn a_server_without_notification_requests_is_no_longer_offered_them() {
    let mut data = common::fixed_data();
    data.mastodon_api_version = Some(0);
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press("N").await;
    h.press(":notification_").await;
    let offered = h.screen();
    assert!(!offered.contains("notification_requests"), "{offered}");
    assert!(!offered.contains("notification_policy"), "{offered}");
    h.press("<esc>").await;
    h.press(":notification_requests<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains(
            "this server filters no notifications into requests (Mastodon 4.3 and later do)"
        ),
        "{screen}"
    );
    // A current Mastodon offers them.
    let mut h = Harness::with_server(
        skua::demo::DemoServer::start(common::fixed_data())
            .await
            .unwrap(),
        skua::config::Config::defaults(),
        SMALL,
    )
    .await;
    h.press("N").await;
    h.press(":notification_").await;
    let offered = h.screen();
    assert!(offered.contains("notification_requests"), "{offered}");
    assert!(offered.contains("notification_policy"), "{offered}");
}
