//! The Mastodon client against the local demo server: every endpoint, each error case, cursors.

use crate::common;

use std::collections::HashSet;
use std::time::Duration;

use skua::api::http::{self, Token};
use skua::api::mastodon::Mastodon;
use skua::api::{ApiError, Backend, Lists, PageRequest, TimelineKind, compare_ids};
use skua::demo::{DemoServer, Fault};

const TIMEOUT: Duration = Duration::from_secs(10);

fn kinds() -> Vec<(TimelineKind, &'static str)> {
    vec![
        (TimelineKind::Home, "/api/v1/timelines/home"),
        (TimelineKind::Local, "/api/v1/timelines/public"),
        (TimelineKind::Federated, "/api/v1/timelines/public"),
        (
            TimelineKind::Hashtag("rust".into()),
            "/api/v1/timelines/tag/rust",
        ),
        (
            TimelineKind::List {
                id: "2".into(),
                title: "Rustaceans".into(),
            },
            "/api/v1/timelines/list/2",
        ),
    ]
}

#[tokio::test]
async fn every_timeline_kind_returns_a_page_newest_first_with_the_token_in_a_header() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 20);
    for (kind, path) in kinds() {
        let page = client.timeline(&kind, &PageRequest::Latest).await.unwrap();
        assert!(!page.entries.is_empty(), "{kind:?} is empty");
        assert!(page.entries.len() <= 20);
        assert!(
            page.entries
                .windows(2)
                .all(|w| compare_ids(&w[0].id, &w[1].id).is_gt()),
            "{kind:?} is not newest first"
        );
        // The first page also reads the filters, alongside.
        let request = server
            .requests()
            .into_iter()
            .rfind(|r| r.path != "/api/v2/filters")
            .unwrap();
        assert_eq!(request.path, path);
        assert_eq!(request.param("limit"), Some("20"));
        assert_eq!(request.bearer.as_deref(), Some(skua::demo::TOKEN));
        assert!(
            request
                .query
                .iter()
                .all(|(_, v)| !v.contains(skua::demo::TOKEN))
        );
    }
    let local: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.param("local") == Some("true"))
        .collect();
    assert_eq!(
        local.len(),
        1,
        "only the local timeline asks for local=true"
    );
}

#[tokio::test]
async fn hashtag_pages_only_carry_that_tag_and_list_pages_only_members() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 40);
    let page = client
        .timeline(&TimelineKind::Hashtag("rust".into()), &PageRequest::Latest)
        .await
        .unwrap();
    assert!(page.entries.iter().all(|p| {
        p.post
            .as_ref()
            .unwrap()
            .tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case("rust"))
    }));
    let members: HashSet<String> = server.with_data(|d| {
        let list = d.lists.iter().find(|l| l.id == "1").unwrap();
        list.members
            .iter()
            .map(|id| d.account(id).unwrap()["acct"].as_str().unwrap().to_owned())
            .collect()
    });
    let kind = TimelineKind::List {
        id: "1".into(),
        title: "Friends".into(),
    };
    let page = client.timeline(&kind, &PageRequest::Latest).await.unwrap();
    assert!(!page.entries.is_empty());
    for post in &page.entries {
        let author = post
            .boosted_by
            .as_ref()
            .unwrap_or(&post.post.as_ref().unwrap().author);
        assert!(
            members.contains(&author.acct),
            "{} is not in the list",
            author.acct
        );
    }
}

#[tokio::test]
async fn paging_older_walks_the_whole_timeline_without_gaps_or_duplicates() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 40);
    let expected = server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["visibility"] != "direct")
            .count()
    });
    let seen = common::page_through_home(&client, |cursor| {
        assert_eq!(
            server.requests().last().unwrap().param("max_id"),
            Some(cursor)
        );
    })
    .await;
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "duplicates across pages");
    assert_eq!(seen.len(), expected);
    assert!(seen.windows(2).all(|w| compare_ids(&w[0], &w[1]).is_gt()));
}

#[tokio::test]
async fn pages_between_two_posts_fill_downward_from_the_upper_one() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 5);
    let all: Vec<String> = server.with_data(|d| {
        d.statuses
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    });
    // Between the 2nd and the 20th newest: the 5 just below the 2nd, newest first.
    let request = PageRequest::Between {
        max: all[1].clone(),
        since: all[19].clone(),
    };
    let page = client
        .timeline(&TimelineKind::Home, &request)
        .await
        .unwrap();
    let ids: Vec<&str> = page.entries.iter().map(|p| p.id.as_str()).collect();
    let expected: Vec<&str> = all[2..7].iter().map(String::as_str).collect();
    assert_eq!(ids, expected);
    let sent = server
        .requests()
        .into_iter()
        .rfind(|r| r.path != "/api/v2/filters")
        .unwrap();
    assert_eq!(sent.param("max_id"), Some(all[1].as_str()));
    assert_eq!(sent.param("since_id"), Some(all[19].as_str()));
    assert_eq!(sent.param("min_id"), None, "min_id differs between servers");
}

#[tokio::test]
async fn lists_and_verify_credentials() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 20);
    let lists = client.lists().await.unwrap();
    let titles: Vec<&str> = lists.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Friends", "Rustaceans 🦀", "日本語", "News & Weather"]
    );
    let me = client.verify_credentials().await.unwrap();
    assert_eq!(me.acct, "demo");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        ["/api/v1/lists", "/api/v1/accounts/verify_credentials"]
    );
}

async fn home_error(server: &DemoServer, fault: Fault) -> ApiError {
    server.clear_faults();
    server.fail("/api/v1/timelines/home", fault);
    common::client(server, Duration::from_millis(500), 20)
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn each_error_answer_becomes_a_readable_error() {
    let server = common::server().await;
    let e = home_error(&server, Fault::status(206, "[]")).await;
    assert_eq!(e, ApiError::Regenerating);
    assert!(e.is_transient());

    let e = home_error(
        &server,
        Fault::status(404, r#"{"error":"Record not found"}"#),
    )
    .await;
    assert_eq!(e.to_string(), "not found: Record not found");

    let e = home_error(
        &server,
        Fault::status(
            422,
            r#"{"error":"Validation failed: Title can't be blank"}"#,
        ),
    )
    .await;
    assert_eq!(
        e.to_string(),
        "the server refused the request: Validation failed: Title can't be blank"
    );
    assert!(!e.is_transient());

    let e = home_error(&server, Fault::status(503, "<html>Bad gateway</html>")).await;
    assert!(matches!(e, ApiError::Server { status: 503, .. }), "{e:?}");
    assert!(
        e.to_string().contains("503") && !e.to_string().contains("<html>"),
        "{e}"
    );
    assert!(e.is_transient());

    let e = home_error(&server, Fault::MalformedJson).await;
    assert!(matches!(e, ApiError::Decode(_)), "{e:?}");

    let e = home_error(&server, Fault::Drop).await;
    assert!(
        matches!(e, ApiError::Network(_) | ApiError::Decode(_)),
        "{e:?}"
    );

    let e = home_error(&server, Fault::Delay(Duration::from_secs(3))).await;
    assert_eq!(e, ApiError::Timeout);
}

#[tokio::test]
async fn rate_limits_honour_the_servers_headers() {
    let server = common::server().await;
    let reset = (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(42)).to_string();
    let e = home_error(
        &server,
        Fault::Respond {
            status: 429,
            body: r#"{"error":"Too many requests"}"#.into(),
            headers: vec![("X-RateLimit-Reset".into(), reset)],
        },
    )
    .await;
    let ApiError::RateLimited { retry_after } = e else {
        panic!("{e:?}")
    };
    assert!(
        (40..=42).contains(&retry_after.as_secs()),
        "{retry_after:?}"
    );

    let e = home_error(
        &server,
        Fault::Respond {
            status: 429,
            body: String::new(),
            headers: vec![("Retry-After".into(), "7".into())],
        },
    )
    .await;
    assert_eq!(
        e,
        ApiError::RateLimited {
            retry_after: Duration::from_secs(7)
        }
    );
}

#[tokio::test]
async fn a_wrong_token_is_reported_plainly() {
    let server = common::server().await;
    let client = Mastodon::new(
        http::client(TIMEOUT),
        server.url().clone(),
        Some(Token::new("wrong")),
        20,
    );
    let e = client
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "the server rejected the access token (The access token is invalid); log in again"
    );
    assert!(
        !format!("{client:?}{e:?}").contains("wrong"),
        "the token leaked into Debug output"
    );
}

#[tokio::test]
async fn an_unknown_list_is_not_found() {
    let server = common::server().await;
    let client = common::client(&server, TIMEOUT, 20);
    let kind = TimelineKind::List {
        id: "999".into(),
        title: "Gone".into(),
    };
    let e = client
        .timeline(&kind, &PageRequest::Latest)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::NotFound(_)), "{e:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    // Bind and drop a listener to get a loopback port nobody answers on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let client = Mastodon::new(http::client(TIMEOUT), url, None, 20);
    let e = client.verify_credentials().await.unwrap_err();
    assert!(matches!(e, ApiError::Network(_)), "{e:?}");
    assert!(e.to_string().starts_with("could not reach the server"));
}

#[tokio::test]
async fn answers_come_compressed_when_the_server_can() {
    use std::io::Write;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let page = skua::demo::DemoData::bundled().statuses;
    let served: Vec<serde_json::Value> = {
        // The demo stores ids for accounts: serve whole statuses as a real server does.
        let data = skua::demo::DemoData::bundled();
        page.iter().take(20).map(|s| data.resolve(s)).collect()
    };
    let plain = serde_json::to_vec(&served).unwrap();
    let router = axum::Router::new().route(
        "/api/v1/timelines/home",
        axum::routing::get(move |headers: axum::http::HeaderMap| {
            let plain = plain.clone();
            async move {
                let accepted = headers
                    .get("accept-encoding")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                // Only what the client says it reads: otherwise this answer would fail it.
                assert!(accepted.contains("gzip"), "Accept-Encoding: {accepted:?}");
                assert!(
                    accepted.contains("br") && accepted.contains("zstd"),
                    "{accepted:?}"
                );
                let mut gzip =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                gzip.write_all(&plain).unwrap();
                (
                    [
                        ("content-encoding", "gzip"),
                        ("content-type", "application/json"),
                    ],
                    gzip.finish().unwrap(),
                )
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let backend = skua::api::mastodon::Mastodon::new(
        skua::api::http::client(std::time::Duration::from_secs(5)),
        url::Url::parse(&base).unwrap(),
        Some(skua::api::http::Token::new("t")),
        20,
    );
    let page = skua::api::Backend::timeline(
        &backend,
        &skua::api::TimelineKind::Home,
        &skua::api::PageRequest::Latest,
    )
    .await
    .expect("a gzipped page reads as a plain one");
    assert_eq!(page.entries.len(), 20);
}
