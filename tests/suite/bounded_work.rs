//! Work has an end: a refresh after a long absence is bounded (a visible gap row, loaded
//! without holes or duplicates), a closed tab's requests and retries stop, and a server's
//! request to wait is capped. Real app, real fetcher, local demo server.

use crate::common;

use std::time::Duration;

use common::{Harness, parse_keys};
use skua::demo::Fault;
use skua::fetcher::NetEvent;
use skua::state::timeline::{MAX_REFRESH_PAGES, Row};

const SMALL: (u16, u16) = (80, 24);

/// Publishes `count` new posts on the demo server's home timeline.
fn publish(h: &Harness, count: usize) {
    h.server.with_data(|data| {
        let newest = data.statuses[0].clone();
        let base: u128 = newest["id"].as_str().unwrap().parse().unwrap();
        let fresh: Vec<_> = (1..=count)
            .rev()
            .map(|n| {
                let mut status = newest.clone();
                status["id"] = format!("{}", base + n as u128).into();
                status["content"] = format!("<p>fresh post number {n}</p>").into();
                status
            })
            .collect();
        data.statuses.splice(0..0, fresh);
    });
}

/// Presses `keys` without waiting for the network, then takes answers until one says a
/// request waits to be retried; returns what it says.
async fn press_until_retrying(h: &mut Harness, keys: &str) -> String {
    for key in parse_keys(keys) {
        h.app.handle_key(key);
    }
    loop {
        let event = tokio::time::timeout(Duration::from_secs(10), h.net.recv())
            .await
            .expect("an answer within 10 s")
            .expect("the fetcher is running");
        let retrying = match &event {
            NetEvent::Retrying { message, .. } => Some(message.clone()),
            _ => None,
        };
        h.app.handle_net(event);
        if let Some(message) = retrying {
            return message;
        }
    }
}

/// How many requests for `path` the server received.
fn asked(h: &Harness, path: &str) -> usize {
    h.server.requests_to(path).len()
}

/// A 429 asking to wait `seconds`.
fn rate_limited(seconds: &str) -> Fault {
    Fault::Respond {
        status: 429,
        body: r#"{"error":"Too many requests"}"#.into(),
        headers: vec![("Retry-After".into(), seconds.into())],
    }
}

fn loaded_ids(h: &Harness) -> Vec<String> {
    let timeline = &h.app.state.active_tab().unwrap().timeline;
    timeline.entries().map(|p| p.id.clone()).collect()
}

#[tokio::test]
async fn a_refresh_after_ten_thousand_new_posts_is_bounded_and_its_gap_row_loads_the_rest() {
    // Every post is kept here, to see that none is missing (the cap is tested on its own).
    let mut config = skua::config::Config::defaults();
    config.live.timeline_cap = 100_000;
    let mut h = Harness::with_server(common::server().await, config, SMALL).await;
    let first = loaded_ids(&h);
    publish(&h, 10_000);
    let before = asked(&h, "/api/v1/timelines/home");
    h.press("r").await;
    assert_eq!(
        asked(&h, "/api/v1/timelines/home") - before,
        usize::from(MAX_REFRESH_PAGES),
        "one refresh asks for at most the page budget"
    );
    let timeline = &h.app.state.active_tab().unwrap().timeline;
    assert_eq!(timeline.gaps().count(), 1);
    assert_eq!(timeline.entries().count(), first.len() + 100);
    let screen = h.screen();
    assert!(screen.contains("the gap row loads the rest"), "{screen}");

    // Walk down to the gap row like a user and load from it until nothing is missing.
    let mut rounds = 0;
    while h.app.state.active_tab().unwrap().timeline.gaps().count() > 0 {
        rounds += 1;
        assert!(rounds <= 100, "the gap should be filled in 99 loads");
        loop {
            let timeline = &h.app.state.active_tab().unwrap().timeline;
            let gap = timeline.rows.iter().position(|r| matches!(r, Row::Gap(_)));
            match gap.unwrap().cmp(&timeline.scroll.selected) {
                std::cmp::Ordering::Equal => break,
                std::cmp::Ordering::Less => h.press("k").await,
                std::cmp::Ordering::Greater => h.press("j").await,
            }
        }
        if rounds == 1 {
            assert!(h.screen().contains("missing posts — Enter loads them"));
        }
        h.press("<enter>").await;
    }
    let ids = loaded_ids(&h);
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no duplicates");
    let served: Vec<String> = h.server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["visibility"] != "direct")
            .take(ids.len())
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    });
    assert_eq!(
        ids, served,
        "no holes: exactly the server's newest posts, in order"
    );
    assert!(ids.len() >= 10_000 + first.len());
}

#[tokio::test]
async fn closing_a_tab_stops_its_requests_and_a_long_wait_is_capped_and_said() {
    let mut h = Harness::start(SMALL).await;
    let tag_path = "/api/v1/timelines/tag/rust";
    h.server.fail(tag_path, rate_limited("86400"));
    // The server asks for a day; skua waits at most a few minutes and says until when.
    let message = press_until_retrying(&mut h, "#rust<enter>").await;
    assert!(message.contains("rate limited"), "{message}");
    assert!(message.contains("retrying at "), "{message}");
    assert!(message.contains("(in 5 min)"), "{message}");
    assert_eq!(h.app.in_flight(), 1);

    h.press("x").await; // settles: the aborted request is accounted for
    assert_eq!(h.app.in_flight(), 0);
    assert_eq!(asked(&h, tag_path), 1);
    h.server.clear_faults();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        asked(&h, tag_path),
        1,
        "nothing further is sent for a closed tab"
    );
    assert!(h.net.try_recv().is_err(), "and nothing comes back");
}

#[tokio::test]
async fn leaving_the_lists_screen_cancels_its_member_counts_and_their_retries() {
    let mut h = Harness::start(SMALL).await;
    let count_path = "/api/v1/lists/2/accounts";
    h.server.fail(count_path, rate_limited("1"));
    // The lists arrive, the member counts are asked for, and one waits to be retried.
    press_until_retrying(&mut h, "A").await;
    h.press("<esc>").await; // settles only because the waiting count was cancelled
    assert_eq!(h.app.in_flight(), 0);
    h.server.clear_faults();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        asked(&h, count_path),
        1,
        "no retry after leaving the screen"
    );
}

#[tokio::test]
async fn member_counts_are_asked_a_few_at_a_time() {
    let mut h = Harness::start(SMALL).await;
    h.server.with_data(|d| {
        for n in 0..12 {
            d.create_list(&format!("extra {n}")).unwrap();
        }
    });
    // Each count takes a while, so they overlap as much as skua lets them.
    h.server
        .fail("/api/v1/lists/", Fault::Delay(Duration::from_millis(100)));
    h.server.take_most_at_once();
    h.press("A").await;
    let lists = h.app.state.lists.as_ref().unwrap();
    assert_eq!(lists.len(), 16);
    assert!(
        lists.iter().all(|l| l.member_count.is_some()),
        "all counted"
    );
    assert_eq!(
        h.server.take_most_at_once(),
        skua::fetcher::MEMBER_COUNTS_AT_ONCE,
        "never more at once"
    );
}

/// A read of the home timeline, retried as every read is.
#[derive(Debug)]
struct HomePage;

#[async_trait::async_trait]
impl skua::fetcher::Call for HomePage {
    type Output = skua::api::Page;
    const RETRIED: bool = true;

    async fn fetch(
        &self,
        net: &skua::fetcher::Net<'_>,
    ) -> Result<skua::api::Page, skua::api::ApiError> {
        let home = skua::api::TimelineKind::Home;
        net.backend
            .timeline(&home, &skua::api::PageRequest::Latest)
            .await
    }

    fn arrived(
        self: Box<Self>,
        _: Result<skua::api::Page, skua::api::ApiError>,
    ) -> skua::fetcher::Landed {
        Box::new(())
    }
}

#[tokio::test]
async fn stopping_a_fetcher_on_an_account_switch_stops_its_retries() {
    let server = common::server().await;
    server.fail("/api/v1/timelines/home", rate_limited("1"));
    let backend = std::sync::Arc::new(common::client(&server, Duration::from_secs(5), 20));
    let (requests, mut events) = skua::fetcher::spawn(
        backend,
        skua::api::http::client(Duration::from_secs(5)),
        common::QUICK_RETRIES,
    );
    requests
        .send(skua::fetcher::Command::Call(Box::new(HomePage)))
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .unwrap();
    assert!(
        matches!(event, Some(NetEvent::Retrying { .. })),
        "{event:?}"
    );
    drop(requests); // what the event loop does when it switches accounts
    server.clear_faults();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let asked = server.requests_to("/api/v1/timelines/home").len();
    assert_eq!(asked, 1, "the old account's retry never went out");
}

#[tokio::test]
async fn retry_after_is_preferred_to_the_reset_time_and_r_retries_at_once() {
    let mut h = Harness::start(SMALL).await;
    let tag_path = "/api/v1/timelines/tag/rust";
    let reset = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1)).to_string();
    h.server.fail(
        tag_path,
        Fault::Respond {
            status: 429,
            body: r#"{"error":"Too many requests"}"#.into(),
            headers: vec![
                ("Retry-After".into(), "100".into()),
                ("X-RateLimit-Reset".into(), reset),
            ],
        },
    );
    // RFC 9110: what the server asks of this request, not when the whole budget is back.
    let message = press_until_retrying(&mut h, "#rust<enter>").await;
    assert!(message.contains("retrying in 100s"), "{message}");
    h.server.clear_faults();
    // The user asked: no 100 s wait (settling would time out after 10 s).
    h.press("r").await;
    assert!(
        h.screen()
            .contains("trying again now; the server may refuse again"),
        "{}",
        h.screen()
    );
    assert_eq!(asked(&h, tag_path), 2);
    let timeline = &h.app.state.active_tab().unwrap().timeline;
    assert!(timeline.loaded && timeline.entries().count() > 0);
}

/// A Mastodon server with one list whose member pages never end: each page links to the next.
async fn endless_members() -> (url::Url, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::extract::{Query, State};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let asked = std::sync::Arc::new(AtomicUsize::new(0));
    let state = (base.clone(), asked.clone());
    let router = axum::Router::new()
        .route(
            "/api/v1/lists",
            axum::routing::get(|| async {
                axum::Json(serde_json::json!([{ "id": "1", "title": "Endless" }]))
            }),
        )
        .route(
            "/api/v1/lists/1/accounts",
            axum::routing::get(
                |State((base, asked)): State<(String, std::sync::Arc<AtomicUsize>)>,
                 Query(query): Query<std::collections::HashMap<String, String>>| async move {
                    let n = asked.fetch_add(1, Ordering::Relaxed);
                    let from: u64 = query.get("max_id").and_then(|m| m.parse().ok()).unwrap_or(1_000_000_000);
                    let accounts: Vec<serde_json::Value> = (0..40)
                        .map(|i| {
                            let id = (from - 1 - i).to_string();
                            serde_json::json!({ "id": id, "username": format!("u{n}x{i}"), "acct": format!("u{n}x{i}"), "display_name": "", "url": "http://x/" })
                        })
                        .collect();
                    let link = format!("<{base}/api/v1/lists/1/accounts?max_id={}>; rel=\"next\"", from - 40);
                    ([("link", link)], axum::Json(accounts))
                },
            ),
        )
        .with_state(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (url::Url::parse(&format!("{base}/")).unwrap(), asked)
}

#[tokio::test]
async fn endless_member_pages_are_read_up_to_a_bound_that_is_named() {
    use skua::commands::lists::{ListsCommand, run};
    let (url, asked) = endless_members().await;
    let backend = skua::api::mastodon::Mastodon::new(
        skua::api::http::client(Duration::from_secs(5)),
        url,
        Some(skua::api::http::Token::new("t")),
        20,
    );
    let mut out = Vec::new();
    run(&backend, &ListsCommand::Ls, false, &mut out, None)
        .await
        .unwrap();
    let printed = String::from_utf8(out).unwrap();
    assert!(printed.contains("Endless  (? members)"), "{printed}");
    assert!(
        printed.contains("stopped after"),
        "the bound is named: {printed}"
    );
    let pages = asked.load(std::sync::atomic::Ordering::Relaxed);
    assert!(pages <= skua::api::MAX_PAGES, "{pages} pages read");

    let show = ListsCommand::Show {
        list: "Endless".into(),
    };
    let error = run(&backend, &show, false, &mut Vec::new(), None)
        .await
        .unwrap_err();
    assert!(format!("{error:#}").contains("stopped after"), "{error:#}");
}
