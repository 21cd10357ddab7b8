//! Scheduled posts on both families: a time in the compose view's Send field hands the post
//! to the server to send later; the scheduled view lists them, moves one, rewrites one in
//! compose (the rewrite replaces it) and cancels one. Against the local demo server.

use crate::common;

use common::Harness;
use serde_json::Value;

const SMALL: (u16, u16) = (80, 24);

/// Seconds from now to the time the server keeps the post for.
fn seconds_ahead(kept: &Value) -> i64 {
    let at: jiff::Timestamp = kept["at"].as_str().unwrap().parse().unwrap();
    at.duration_since(jiff::Timestamp::now()).as_secs()
}

fn waiting(h: &Harness) -> Vec<Value> {
    h.server.with_data(|d| d.scheduled.clone())
}

#[tokio::test]
async fn a_post_scheduled_ahead_is_listed_moved_rewritten_and_cancelled() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("see you in ten minutes").await;
    // When to send it: the last field, Shift-Tab from the text.
    h.press("<s-tab>+10m").await;
    assert!(h.screen().contains("Send +10m"), "{}", h.screen());
    h.press("<c-s>").await;
    let screen = h.screen();
    assert!(screen.contains("scheduled for "), "{screen}");
    assert!(
        !screen.contains("see you in ten minutes"),
        "not posted now: {screen}"
    );
    let kept = waiting(&h);
    assert_eq!(kept.len(), 1);
    assert!((540..=600).contains(&seconds_ahead(&kept[0])), "{kept:?}");
    assert_eq!(kept[0]["body"]["status"], "see you in ten minutes");

    // Listed, soonest first.
    h.press(":scheduled<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Scheduled posts"), "{screen}");
    assert!(screen.contains("see you in ten minutes"), "{screen}");

    // Moved: Enter asks for the new time (the old one typed in).
    h.press("<enter>").await;
    assert!(h.screen().contains("Send it at"), "{}", h.screen());
    for _ in 0..16 {
        h.press("<bs>").await;
    }
    h.press("+2h<enter>").await;
    let moved = h
        .server
        .requests()
        .into_iter()
        .rfind(|r| r.method == "PUT")
        .expect("moved");
    assert_eq!(moved.path, "/api/v1/scheduled_statuses/s1");
    assert!((7100..=7200).contains(&seconds_ahead(&waiting(&h)[0])));
    assert!(h.screen().contains("moved to "), "{}", h.screen());

    // Rewritten in compose, its time kept: sending it replaces the old one.
    h.press("e").await;
    let screen = h.screen();
    assert!(screen.contains("see you in ten minutes"), "{screen}");
    assert!(!screen.contains("Send now"), "the time is kept: {screen}");
    h.press(" (or two hours)<c-s>").await;
    let kept = waiting(&h);
    assert_eq!(kept.len(), 1, "the old one went: {kept:?}");
    assert_eq!(
        kept[0]["body"]["status"],
        "see you in ten minutes (or two hours)"
    );
    assert!((7000..=7200).contains(&seconds_ahead(&kept[0])), "{kept:?}");

    // Cancelled, after asking.
    h.press(":scheduled<enter>dy").await;
    assert!(waiting(&h).is_empty());
    assert!(
        h.screen().contains("cancelled: it will not be sent"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("None waiting"), "{}", h.screen());
}

#[tokio::test]
async fn a_time_too_soon_or_unreadable_keeps_the_post_and_says_why() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("soon").await;
    h.press("<s-tab>+2m<c-s>").await;
    assert!(
        h.screen().contains("5 minutes ahead at the soonest"),
        "{}",
        h.screen()
    );
    for _ in 0..3 {
        h.press("<bs>").await;
    }
    h.press("someday<c-s>").await;
    assert!(
        h.screen().contains("is not a time skua reads"),
        "{}",
        h.screen()
    );
    assert!(waiting(&h).is_empty());
    assert!(
        !h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/statuses"),
        "nothing sent"
    );
    // The draft is still there to fix.
    assert!(h.screen().contains("soon"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_schedules_a_minute_ahead_through_a_draft_moves_and_cancels_it() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("n").await;
    // Misskey takes any time to come: a minute ahead.
    h.press("a note for later<s-tab>+1m<c-s>").await;
    assert!(h.screen().contains("scheduled for "), "{}", h.screen());
    let created = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/notes/drafts/create")
        .expect("a draft with a time");
    let body = created.body.unwrap();
    assert_eq!(body["text"], "a note for later");
    assert_eq!(body["isActuallyScheduled"], true);
    let at = jiff::Timestamp::from_millisecond(body["scheduledAt"].as_i64().unwrap()).unwrap();
    let ahead = at.duration_since(jiff::Timestamp::now()).as_secs();
    assert!((50..=60).contains(&ahead), "{ahead}");
    assert!(
        !h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/notes/create"),
        "not posted now"
    );
    h.press(":scheduled<enter>").await;
    assert!(h.screen().contains("a note for later"), "{}", h.screen());
    // Its time edited: the draft updated with the new one.
    h.press("<enter>").await;
    for _ in 0..16 {
        h.press("<bs>").await;
    }
    h.press("+2h<enter>").await;
    let updated = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/notes/drafts/update")
        .expect("moved");
    let body = updated.body.unwrap();
    assert_eq!(body["text"], "a note for later");
    let at = jiff::Timestamp::from_millisecond(body["scheduledAt"].as_i64().unwrap()).unwrap();
    let ahead = at.duration_since(jiff::Timestamp::now()).as_secs();
    assert!((7100..=7200).contains(&ahead), "{ahead}");
    assert!(h.screen().contains("moved to "), "{}", h.screen());
    h.press("dy").await;
    assert!(waiting(&h).is_empty());
    let deleted = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/notes/drafts/delete")
        .expect("cancelled");
    assert!(deleted.body.unwrap()["draftId"].is_string());
}

#[tokio::test]
async fn a_draft_keeps_its_time_as_the_moment_it_names() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    let in_three_hours =
        || skua::when::show(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3));
    let before = in_three_hours();
    h.press("n").await;
    h.press("later today<s-tab>+3h<esc>").await;
    h.press("D").await;
    let screen = h.screen();
    // The minute may have turned while typing.
    let expected = [before, in_three_hours()]
        .into_iter()
        .find(|at| screen.contains(&format!("later today (to send at {at})")));
    let Some(expected) = expected else {
        panic!("{screen}")
    };
    h.press("<enter>").await;
    // Reopened, the time stands as it was typed for, not three hours from now again.
    assert!(
        h.screen().contains(&format!("Send {expected}")),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn a_server_that_posts_at_once_is_taken_at_its_word_and_nothing_is_sent_twice() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    // As a server without scheduling would: the status, made now.
    let status = h.server.with_data(|d| {
        let mut status = d.resolve(&d.statuses[0]);
        status["id"] = Value::String("999999".into());
        status["content"] = Value::String("<p>posted at once</p>".into());
        status
    });
    h.server.fail_times(
        "/api/v1/statuses",
        skua::demo::Fault::Respond {
            status: 200,
            body: status.to_string(),
            headers: vec![],
        },
        1,
    );
    h.press("n").await;
    h.press("posted at once<s-tab>+1h<c-s>").await;
    let screen = h.screen();
    assert!(
        screen.contains("posted now: the server cannot schedule posts"),
        "{screen}"
    );
    assert!(!screen.contains("New post"), "the draft is done: {screen}");
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    assert!(store.load().0.is_empty(), "no draft left to send again");
}

#[tokio::test]
async fn more_scheduled_posts_than_a_page_are_all_listed() {
    let server = common::server().await;
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(30);
    server.with_data(|d| {
        for n in 0..45 {
            d.scheduled.push(serde_json::json!({
                "id": format!("s{}", n + 1),
                "at": (at + jiff::SignedDuration::from_mins(n)).to_string(),
                "body": { "status": format!("post number {n}"), "visibility": "public" }
            }));
        }
    });
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":scheduled<enter>").await;
    let listed = h.app.state.scheduled.as_ref().map_or(0, Vec::len);
    assert_eq!(listed, 45, "{}", h.screen());
    let pages = h.server.requests_to("/api/v1/scheduled_statuses").len();
    assert_eq!(pages, 2, "40, then 5");
}
