//! Live timelines against the demo server's streaming APIs (both protocols): posts, edits,
//! deletions and notifications arrive without moving the reader; a dropped stream is caught
//! up without a hole or a duplicate; a server without streaming is polled; the reading
//! position survives a restart.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::Harness;
use skua::api::detect::Flavor;
use skua::config::Config;
use skua::demo::DemoServer;
use skua::live::LiveStatus;

fn is_live(h: &Harness) -> bool {
    matches!(h.app.state.live, Some(LiveStatus::Live { .. }))
}

/// Entry ids of tab `index`, top first.
fn ids(h: &Harness, index: usize) -> Vec<String> {
    h.app.state.tabs[index]
        .timeline
        .entries()
        .map(|e| e.id.clone())
        .collect()
}

fn shows(h: &Harness, index: usize, post: &str) -> bool {
    h.app.state.tabs[index]
        .timeline
        .entries()
        .any(|e| e.shows(post))
}

/// Which post is selected and on which screen row.
fn reading(h: &Harness) -> (String, u16) {
    let timeline = &h.app.state.tabs[0].timeline;
    (
        timeline.selected_entry().unwrap().id.clone(),
        timeline.scroll.selected_row,
    )
}

async fn mastodon(server: DemoServer, positions: &std::path::Path) -> Harness {
    let backend = Arc::new(common::client(&server, Duration::from_secs(5), 20));
    Harness::live(server, backend, Config::defaults(), positions).await
}

/// `server` without streaming, once skua has fallen back to polling it.
async fn polled(server: DemoServer, positions: &std::path::Path) -> Harness {
    server.set_streaming(false);
    let mut h = mastodon(server, positions).await;
    h.wait_until("polling", |h| {
        matches!(h.app.state.live, Some(LiveStatus::Polling { .. }))
    })
    .await;
    h
}

/// At a start the first page goes first: the announcements, the policy on follow requests and
/// the stream (with the instance it is found from) are asked for once it is in, so over a slow
/// link or from a busy server they never come at its cost; they still come.
#[tokio::test]
async fn the_first_page_is_asked_for_before_what_can_wait() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = mastodon(common::server().await, dir.path()).await;
    h.wait_until("the stream", is_live).await;
    let paths: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    let first = |path: &str| {
        paths
            .iter()
            .position(|p| p == path)
            .unwrap_or_else(|| panic!("{path} never asked: {paths:?}"))
    };
    let home = first("/api/v1/timelines/home");
    for waited in [
        "/api/v1/announcements",
        "/api/v2/notifications/policy",
        "/api/v2/instance",
        "/api/v1/streaming",
    ] {
        assert!(first(waited) > home, "{waited} before the page: {paths:?}");
    }
    // Who the user is and where they stopped reading decide what the page shows: they go
    // along with it.
    assert!(first("/api/v1/accounts/verify_credentials") < first("/api/v1/announcements"));
    assert!(first("/api/v1/markers") < first("/api/v1/announcements"));
}

#[tokio::test]
async fn mastodon_posts_edits_deletions_and_notifications_arrive_live() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = mastodon(common::server().await, dir.path()).await;
    h.press("4").await; // notifications load once seen
    h.press("1jj").await;
    h.wait_until("the stream", is_live).await;
    let before = reading(&h);

    let id = h.server.post_as("100002", "a live post from Bob");
    h.wait_until("the live post in home", |h| shows(h, 0, &id))
        .await;
    assert_eq!(ids(&h, 0)[0], id, "a new post enters at the top");
    assert_eq!(reading(&h), before, "the reader's post stays on its row");
    assert!(h.screen().contains("1 unread ↑"), "{}", h.screen());

    h.server.edit_status(&id, "Bob changed his mind");
    h.wait_until("the edit", |h| {
        h.app
            .state
            .posts
            .get(&id)
            .is_some_and(|p| p.content.to_plain().contains("changed his mind"))
    })
    .await;

    h.server.delete_status(&id);
    h.wait_until("the deletion", |h| !shows(h, 0, &id)).await;
    assert!(h.app.state.posts.get(&id).is_none());

    let mine = first_own_post(&h.server);
    let favourite = h.server.notify("favourite", "100009", Some(&mine));
    h.wait_until("the notification", |h| ids(h, 3).contains(&favourite))
        .await;
    let row = h.app.state.tabs[3]
        .timeline
        .entries()
        .find(|e| e.id == favourite)
        .unwrap();
    let notice = row.notice.as_ref().unwrap();
    assert_eq!(notice.accounts[0].acct, "ivan", "the newest first");
    assert_eq!(
        notice.count, 4,
        "folded into the group of favourites of that post"
    );
    assert_eq!(
        h.app.state.tabs[3]
            .timeline
            .entries()
            .filter(|e| e.notice.as_ref().is_some_and(|n| n.group == notice.group))
            .count(),
        1,
        "one row per group"
    );
}

#[tokio::test]
async fn a_dropped_stream_is_caught_up_with_no_hole_and_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = mastodon(common::server().await, dir.path()).await;
    h.wait_until("the stream", is_live).await;
    h.press("jjj").await;
    let before = reading(&h);

    h.server.cut_streams();
    h.wait_until("the drop", |h| {
        matches!(h.app.state.live, Some(LiveStatus::Reconnecting { .. }))
    })
    .await;
    assert!(h.screen().contains("reconnecting since"), "{}", h.screen());
    // Posted while no stream is open: only the catch-up can bring them.
    let missed: Vec<String> = (0..45)
        .map(|n| h.server.post_as("100003", &format!("missed {n}")))
        .collect();
    h.wait_until("the catch-up", |h| {
        is_live(h) && missed.iter().all(|id| shows(h, 0, id)) && !h.app.state.tabs[0].is_loading()
    })
    .await;

    let loaded = ids(&h, 0);
    let unique: std::collections::HashSet<_> = loaded.iter().collect();
    assert_eq!(unique.len(), loaded.len(), "no duplicates");
    let served: Vec<String> = h.server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["visibility"] != "direct")
            .take(loaded.len())
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    });
    assert_eq!(loaded, served, "every post once, in order, no hole");
    assert_eq!(reading(&h), before, "the reader did not move");
}

#[tokio::test]
async fn a_server_without_streaming_is_polled() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = polled(common::server().await, dir.path()).await;
    assert!(h.screen().contains("○ polling"), "{}", h.screen());
    h.advance(1).await; // polling starts with a round
    let id = h.server.post_as("100002", "seen by polling");
    h.advance(10).await;
    assert!(!shows(&h, 0, &id), "not before the interval");
    h.advance(61).await;
    assert!(shows(&h, 0, &id), "the next poll brings it");
}

#[tokio::test]
async fn a_poll_asks_only_for_what_is_newer_than_the_newest_post_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = polled(common::server().await, dir.path()).await;
    h.advance(1).await; // polling starts with a round
    let shown = ids(&h, 0);
    let asked = h.server.requests_to("/api/v1/timelines/home").len();
    h.advance(61).await;
    let home = h.server.requests_to("/api/v1/timelines/home");
    let round = home.get(asked).expect("a poll round asked for home");
    let since = round.query.iter().find(|(key, _)| key == "since_id");
    assert_eq!(
        since.map(|(_, id)| id.as_str()),
        Some(shown[0].as_str()),
        "{:?}",
        round.query
    );
    assert_eq!(ids(&h, 0), shown, "nothing new, nothing moved");
}

#[tokio::test]
async fn a_poll_that_brings_two_more_favourites_counts_the_whole_group() {
    // Notifications one by one (API v1), and grouped by the server (v2).
    for (version, path) in [
        (None, "/api/v1/notifications"),
        (Some(2), "/api/v2/notifications"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut data = common::fixed_data();
        data.mastodon_api_version = version;
        let mut h = polled(DemoServer::start(data).await.unwrap(), dir.path()).await;
        h.press("4").await; // notifications load once seen
        h.wait_until("the notifications", |h| {
            h.app.state.tabs[3].timeline.loaded && !h.app.state.tabs[3].is_loading()
        })
        .await;
        h.advance(1).await; // polling starts with a round
        let mine = first_own_post(&h.server);
        let count = |h: &Harness| {
            let shown = h.app.state.tabs[3].timeline.entries();
            let mut groups = shown.filter_map(|e| e.notice.as_ref());
            groups
                .find(|n| n.group == format!("favourite-{mine}"))
                .map(|n| n.count)
        };
        let before = count(&h).expect("the group of favourites of my post");
        h.server.notify("favourite", "100008", Some(&mine));
        h.server.notify("favourite", "100009", Some(&mine));
        let asked = h.server.requests_to(path).len();
        h.advance(61).await;
        let round = &h.server.requests_to(path)[asked];
        let since = round.query.iter().any(|(key, _)| key == "since_id");
        assert!(since, "{path}: {:?}", round.query);
        assert_eq!(count(&h), Some(before + 2), "{path}: two more in the group");
    }
}

#[tokio::test]
async fn misskey_notes_notifications_and_captured_deletions_arrive_live() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = common::fixed_data();
    data.hard_muted_words = vec![serde_json::json!(["spoilers"])];
    let server = DemoServer::start_as(data, Flavor::Misskey).await.unwrap();
    let backend = Harness::misskey_backend(&server);
    let mut config = Config::defaults();
    config.live.notify = true;
    let mut h = Harness::live(server, backend, config, dir.path()).await;
    h.press("4").await;
    h.press("1").await;
    h.wait_until("the stream", is_live).await;

    // A hard-muted word hides a streamed note as it hides one in a page.
    let muted = h.server.post_as("100005", "spoilers for the finale");
    let id = h.server.post_as("100005", "a note from Erin");
    h.wait_until("the live note in home", |h| shows(h, 0, &id))
        .await;
    assert!(!shows(&h, 0, &muted), "the muted note stays hidden");
    // Misskey sends deletions only for notes asked about: those near the selection are.
    h.press("k").await;
    h.advance(1).await;
    for _ in 0..100 {
        if h.server.is_captured(&id) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(h.server.is_captured(&id), "the note on screen is followed");
    h.server.delete_status(&id);
    h.wait_until("the deletion of a captured note", |h| !shows(h, 0, &id))
        .await;

    let mention = h.server.notify("mention", "100001", None);
    h.wait_until("the notification", |h| ids(h, 3).contains(&mention))
        .await;
    let notice = h.app.state.tabs[3]
        .timeline
        .entries()
        .find(|e| e.id == mention)
        .unwrap();
    assert!(notice.notice.as_ref().unwrap().is_mention());
    // With notify on, the terminal is told about the mention (and about nothing else).
    let told: Vec<_> = h
        .app
        .effects
        .iter()
        .filter(|e| matches!(e, skua::app::Effect::Notify(_)))
        .collect();
    assert_eq!(
        told,
        [&skua::app::Effect::Notify(
            "Alice Nakamura mentioned you".into()
        )]
    );
}

#[tokio::test]
async fn the_reading_position_survives_a_restart_on_both_families() {
    for flavor in [Flavor::Mastodon, Flavor::Misskey] {
        let dir = tempfile::tempdir().unwrap();
        let server = DemoServer::start_as(common::fixed_data(), flavor)
            .await
            .unwrap();
        let backend = match flavor {
            Flavor::Mastodon => Arc::new(common::client(&server, Duration::from_secs(5), 20))
                as Arc<dyn skua::api::Backend>,
            Flavor::Misskey => Harness::misskey_backend(&server),
        };
        let mut h = Harness::live(server, backend.clone(), Config::defaults(), dir.path()).await;
        // The newest post was on screen: read, once the position rested.
        let read = reading(&h).0;
        h.advance(1).await;
        h.advance(5).await;
        // The server keeps it (Mastodon's markers, Misskey's registry).
        let marker = h.server.with_data(|d| d.markers.get("home").cloned());
        assert_eq!(
            marker.as_deref(),
            Some(read.as_str()),
            "{flavor:?}: the server keeps it"
        );
        // Meanwhile four posts come; at the next start home opens where the user stopped,
        // with the newer posts above it counted as unread.
        for n in 0..4 {
            h.server.post_as("100004", &format!("while away {n}"));
        }
        let server = h.server;
        let mut again = Harness::live(server, backend, Config::defaults(), dir.path()).await;
        again.settle().await;
        assert_eq!(reading(&again).0, read, "{flavor:?}");
        assert!(
            again.screen().contains("4 unread ↑"),
            "{flavor:?}: {}",
            again.screen()
        );
    }
}

#[tokio::test]
async fn on_misskey_the_reading_position_follows_the_user_to_another_device_and_never_back() {
    let server = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let laptop = tempfile::tempdir().unwrap();
    let mut h = Harness::live(server, backend.clone(), Config::defaults(), laptop.path()).await;
    // Read on the laptop, kept in the user's registry.
    let read = reading(&h).0;
    h.advance(1).await;
    h.advance(5).await;
    let kept = h.server.with_data(|d| d.markers.get("home").cloned());
    assert_eq!(kept.as_deref(), Some(read.as_str()));
    let registry = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/i/registry/set")
        .unwrap();
    assert_eq!(registry.body.unwrap()["scope"], serde_json::json!(["skua"]));
    for n in 0..3 {
        h.server.post_as("100004", &format!("while away {n}"));
    }
    // Another device (nothing kept locally) opens home there, the newer posts unread.
    let phone = tempfile::tempdir().unwrap();
    let server = h.server;
    let mut other = Harness::live(server, backend.clone(), Config::defaults(), phone.path()).await;
    other.settle().await;
    assert_eq!(reading(&other).0, read);
    assert!(other.screen().contains("3 unread ↑"), "{}", other.screen());
    // Meanwhile the laptop read the newest; the phone reads one up: its position, older than
    // the laptop's, never overwrites it.
    let newest = other.app.state.tabs[0]
        .timeline
        .entries()
        .next()
        .unwrap()
        .id
        .clone();
    other
        .server
        .with_data(|d| d.markers.insert("home".into(), newest.clone()));
    other.press("k").await;
    other.advance(1).await;
    other.advance(5).await;
    let kept = other.server.with_data(|d| d.markers.get("home").cloned());
    assert_eq!(kept.as_deref(), Some(newest.as_str()), "never moved back");
    assert!(
        other
            .server
            .requests()
            .iter()
            .any(|r| r.path == "/api/i/registry/get"),
        "the phone did try to save, and looked first"
    );
}

#[tokio::test]
async fn merged_notification_requests_reload_the_notifications() {
    use skua::api::TimelineKind;
    use skua::api::stream::StreamEvent;
    let mut h = Harness::start((80, 24)).await;
    h.press("4").await;
    assert!(ids(&h, 3).contains(&"1005".to_owned()));
    // The server's list changed below the newest notification (as when accepted requests
    // are merged in): only loading it again shows that.
    h.server
        .with_data(|d| d.notifications.retain(|n| n["id"] != "1005"));
    h.press("jj").await;
    let merged = StreamEvent::Reload(TimelineKind::Notifications {
        mentions_only: false,
    });
    h.app.handle_net(skua::fetcher::NetEvent::Live(
        skua::live::LiveEvent::Events(vec![merged]),
    ));
    h.settle().await;
    let after = ids(&h, 3);
    assert!(!after.contains(&"1005".to_owned()), "{after:?}");
    assert_eq!(after.first().map(String::as_str), Some("1007"));
    assert_eq!(
        h.app.state.tabs[3].timeline.scroll.selected, 0,
        "from the top"
    );
}

#[tokio::test]
async fn a_revoked_token_is_said_once_and_nothing_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = mastodon(common::server().await, dir.path()).await;
    h.wait_until("the stream", is_live).await;
    // Logged out elsewhere: every request is refused from now on, the stream's too.
    h.server.fail(
        "/api/v1/",
        skua::demo::Fault::status(401, r#"{"error":"The access token was revoked"}"#),
    );
    h.server.cut_streams();
    h.wait_until("signed out", |h| {
        matches!(h.app.state.live, Some(LiveStatus::SignedOut))
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("✕ signed out"), "{screen}");
    let said = |h: &Harness| {
        h.app
            .state
            .said
            .iter()
            .filter(|m| m.text.contains("no longer accepts skua's access"))
            .count()
    };
    assert_eq!(said(&h), 1);
    assert!(
        h.app
            .state
            .said
            .back()
            .unwrap()
            .text
            .contains("U then n logs in again"),
        "{:?}",
        h.app.state.said.back()
    );
    // Minutes pass: no reconnecting, no polling, no second message.
    let asked = h.server.requests().len();
    for _ in 0..10 {
        h.advance(60).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.settle().await;
    assert_eq!(h.server.requests().len(), asked, "nothing was asked again");
    // A refresh the user asks for is refused by the server, and that is said; the loop is not.
    h.press("r").await;
    assert_eq!(said(&h), 1);
}

#[tokio::test]
async fn a_refusal_that_passes_brings_the_live_timelines_back_once_the_server_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = mastodon(common::server().await, dir.path()).await;
    h.wait_until("the stream", is_live).await;
    // A proxy in the way refuses for a while (a 401 that is not the server's last word).
    h.server.fail(
        "/api/v1/",
        skua::demo::Fault::status(401, r#"{"error":"The access token is invalid"}"#),
    );
    h.server.cut_streams();
    // Refused on the stream too, which then stops.
    let streams = |h: &Harness| h.server.requests_to("/api/v1/streaming").len();
    h.wait_until("signed out, the stream refused", |h| {
        matches!(h.app.state.live, Some(LiveStatus::SignedOut)) && streams(h) >= 2
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // It passes; the user loads again, the server answers, and skua is live again.
    h.server.clear_faults();
    h.press("r").await;
    h.wait_until("live again", is_live).await;
    assert!(!h.screen().contains("signed out"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_poll_votes_and_edits_of_captured_notes_show_live() {
    use skua::api::stream::StreamEvent;
    let mut data = common::fixed_data();
    // The newest note has a poll.
    let poll = data
        .statuses
        .iter()
        .find(|s| !s["poll"].is_null())
        .map(|s| s["poll"].clone())
        .unwrap();
    data.statuses[0]["poll"] = poll;
    data.statuses[0]["reblog"] = serde_json::Value::Null;
    let mut h = Harness::misskey(data, (80, 24)).await;
    let live = |event| skua::fetcher::NetEvent::Live(skua::live::LiveEvent::Events(vec![event]));
    let (post, before) = {
        let poll_post = h
            .app
            .state
            .posts
            .all()
            .find(|p| {
                p.poll
                    .as_ref()
                    .is_some_and(|poll| poll.options[0].votes.is_some())
            })
            .expect("a note with a poll");
        (
            poll_post.id.clone(),
            poll_post.poll.as_ref().unwrap().options[0].votes.unwrap(),
        )
    };
    let votes = |h: &Harness| {
        h.app
            .state
            .posts
            .get(&post)
            .unwrap()
            .poll
            .as_ref()
            .unwrap()
            .options[0]
            .votes
    };
    // Someone else votes: counted at once.
    h.app.handle_net(live(StreamEvent::PollVoted {
        post: post.clone(),
        choice: 0,
        voter: "someone-else".into(),
    }));
    h.settle().await;
    assert_eq!(votes(&h), Some(before + 1));
    // The user's own vote is counted already (by the answer to voting): not twice.
    let me = h.app.state.me.clone().unwrap().id;
    h.app.handle_net(live(StreamEvent::PollVoted {
        post: post.clone(),
        choice: 0,
        voter: me,
    }));
    h.settle().await;
    assert_eq!(votes(&h), Some(before + 1));
    // An edit (Sharkey) changes the text where the note shows, marked edited.
    let shown = h.newest_home_post().id.clone();
    h.app.handle_net(live(StreamEvent::Edited {
        post: shown.clone(),
        content: skua::api::mfm::to_rich_text("edited from the web", "demo"),
        spoiler: None,
    }));
    h.settle().await;
    let screen = h.screen();
    assert!(screen.contains("edited from the web"), "{screen}");
    let edited = h.app.state.posts.get(&shown).unwrap();
    assert!(edited.edited_at.is_some());
}

#[tokio::test]
async fn a_direct_note_reaches_the_direct_messages_live_beside_a_notifications_tab() {
    // The start tabs have notifications: the one `main` channel was opened for them.
    let server = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::live(server, backend, Config::defaults(), dir.path()).await;
    h.press("4").await;
    h.wait_until("the stream", |h| {
        matches!(h.app.state.live, Some(LiveStatus::Live { .. }))
    })
    .await;
    h.press("C").await;
    h.wait_until("main", |h| h.server.streams_channel("main"))
        .await;
    let id = h
        .server
        .direct_as("100005", "psst: the cake is in the fridge");
    h.wait_until("the direct note in the direct messages", |h| {
        h.app.state.tabs[h.app.state.active]
            .timeline
            .entries()
            .any(|e| e.shows(&id))
    })
    .await;
}

/// The id of the user's first post on the demo `server`.
fn first_own_post(server: &DemoServer) -> String {
    server.with_data(|d| {
        d.statuses
            .iter()
            .find(|s| s["account"] == d.me.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    })
}
