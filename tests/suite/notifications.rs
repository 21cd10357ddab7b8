//! The notifications and direct-message tabs on both API families: who did what, grouped
//! (by the server on Mastodon 4.3, by skua elsewhere), mentions only with one key, follow
//! requests answered in place, Enter opening the post or the profile.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::NoticeKind;

const SMALL: (u16, u16) = (80, 24);

/// The demo's notifications, newest first, grouped: kind and how many.
fn seeded() -> Vec<(NoticeKind, usize)> {
    vec![
        (NoticeKind::Mention, 1),
        (NoticeKind::Follow, 2),
        (NoticeKind::FollowRequest, 1),
        (NoticeKind::Favourite, 3),
        (NoticeKind::Boost, 1),
    ]
}

fn notices(h: &Harness) -> Vec<(NoticeKind, usize)> {
    let tab = h.app.state.active_tab().unwrap();
    tab.timeline
        .entries()
        .filter_map(|e| e.notice.as_ref().map(|n| (n.kind.clone(), n.count)))
        .collect()
}

#[tokio::test]
async fn mastodon_notifications_say_who_did_what_grouped_by_skua_before_4_3() {
    let mut h = Harness::start(SMALL).await;
    h.press("N").await;
    assert_snapshot!("notifications_mastodon_80x24", h.screen());
    assert_eq!(notices(&h), seeded());
    let asked: Vec<String> = h.server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        asked.contains(&"/api/v2/notifications".to_owned()),
        "grouped ones are tried first"
    );
    assert!(asked.contains(&"/api/v1/notifications".to_owned()));
}

#[tokio::test]
async fn mastodon_4_3_groups_them_itself() {
    let mut data = common::fixed_data();
    data.mastodon_api_version = Some(2);
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press("N").await;
    assert_eq!(notices(&h), seeded());
    assert!(
        !h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/notifications")
    );
    assert!(
        h.screen()
            .contains("Fatima Zahra and 2 others favourited your post")
    );
}

#[tokio::test]
async fn misskey_notifications_name_the_reaction() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("N").await;
    assert_snapshot!("notifications_misskey_80x24", h.screen());
    assert!(h.screen().contains("reacted ❤"));
    let asked = h.server.requests();
    let call = asked
        .iter()
        .find(|r| r.path == "/api/i/notifications-grouped")
        .unwrap();
    assert_eq!(
        call.body.as_ref().unwrap()["markAsRead"],
        false,
        "reading them is the user's"
    );
}

#[tokio::test]
async fn one_key_shows_the_mentions_only_and_enter_opens_the_post_or_the_profile() {
    let mut h = Harness::start(SMALL).await;
    h.press("N").await;
    h.press("v").await;
    assert_eq!(notices(&h), [(NoticeKind::Mention, 1)]);
    assert!(h.screen().lines().next().unwrap().contains("Mentions"));
    h.press("<enter>").await;
    assert!(
        h.screen().contains("are you coming to the meetup"),
        "the mention's thread"
    );
    h.press("<esc>v").await;
    assert_eq!(notices(&h).len(), 5, "all of them again");

    // A follow has no post: Enter opens the profiles of who followed.
    h.press("j").await;
    h.press("<enter>").await;
    assert!(h.screen().contains("Profiles"), "{}", h.screen());
    h.press("<enter>").await;
    assert!(
        h.screen()
            .lines()
            .next()
            .unwrap()
            .contains("@fatima@social.example")
    );
}

#[tokio::test]
async fn a_follow_request_is_accepted_or_rejected_in_place() {
    for (flavor, key, verb) in [
        (skua::api::detect::Flavor::Mastodon, "Y", "accepted"),
        (skua::api::detect::Flavor::Misskey, "u", "rejected"),
    ] {
        let mut h = match flavor {
            skua::api::detect::Flavor::Mastodon => Harness::start(SMALL).await,
            skua::api::detect::Flavor::Misskey => {
                Harness::misskey(common::fixed_data(), SMALL).await
            }
        };
        h.press("N").await;
        h.press(key).await;
        assert!(
            h.screen().contains("select a follow request"),
            "only on a request"
        );
        h.press("jj").await;
        h.press(key).await;
        assert!(
            h.screen()
                .contains(&format!("{verb} @gen@mstdn.example.jp's follow request")),
            "{}",
            h.screen()
        );
        let (requests, followers) = h
            .server
            .with_data(|d| (d.follow_requests.clone(), d.followers.clone()));
        assert!(requests.is_empty(), "{flavor:?}: answered on the server");
        assert_eq!(followers.contains(&"100007".to_owned()), verb == "accepted");
        assert!(
            !h.screen().contains("asked to follow you"),
            "the row says it is answered"
        );
    }
}

#[tokio::test]
async fn direct_messages_are_a_tab_on_both_families() {
    let mut h = Harness::start(SMALL).await;
    h.press("C").await;
    assert_snapshot!("direct_mastodon_80x24", h.screen());
    assert!(h.screen().contains("✉ with Alice Nakamura · unread"));
    // Opening it reads it, here and on the server.
    h.press("<enter>").await;
    assert!(h.screen().contains("are you coming to the meetup"));
    h.press("<esc>").await;
    assert!(h.screen().contains("✉ with Alice Nakamura · "));
    assert!(!h.screen().contains("· unread"));
    assert!(
        h.server
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/read") && r.method == "POST")
    );

    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("C").await;
    assert!(
        h.screen().contains("are you coming to the meetup"),
        "{}",
        h.screen()
    );
    let asked = h.server.requests();
    let call = asked
        .iter()
        .find(|r| r.path == "/api/notes/mentions")
        .unwrap();
    assert_eq!(call.body.as_ref().unwrap()["visibility"], "specified");
}
