//! Redirects never carry a credential to another origin: for both API families and the OAuth
//! code exchange, a second local listener that a redirect points at receives nothing.

use crate::common;

use std::time::Duration;

use skua::api::http;
use skua::api::{ApiError, Backend, PageRequest, TimelineKind};
use skua::demo::{DemoServer, Fault};

fn redirect_to(status: u16, location: &str) -> Fault {
    Fault::Respond {
        status,
        body: String::new(),
        headers: vec![("Location".into(), location.into())],
    }
}

fn label(server: &DemoServer) -> String {
    let url = server.url();
    format!("{}:{}", url.host_str().unwrap(), url.port().unwrap())
}

async fn misskey_server() -> DemoServer {
    DemoServer::start_as(common::fixed_data(), skua::api::detect::Flavor::Misskey)
        .await
        .unwrap()
}

fn assert_refused(error: &ApiError, from: &DemoServer, to: &str) {
    let ApiError::Redirected(text) = error else {
        panic!("expected a refused redirect, got {error:?}");
    };
    assert!(text.contains(&label(from)), "{text}");
    assert!(text.contains(to), "{text}");
    assert!(
        text.contains("does not follow that with your credentials"),
        "{text}"
    );
}

/// Redirects the home timeline at `path` to `elsewhere` with 302, 307 and 308: each is
/// refused with both addresses named, and `elsewhere` hears nothing (no header, no body).
async fn home_is_never_redirected(
    backend: &dyn Backend,
    server: &DemoServer,
    elsewhere: &DemoServer,
    path: &str,
) {
    for status in [302, 307, 308] {
        let target = elsewhere.url().join(path.trim_start_matches('/')).unwrap();
        server.fail_times(path, redirect_to(status, target.as_str()), 1);
        let error = backend
            .timeline(&TimelineKind::Home, &PageRequest::Latest)
            .await
            .unwrap_err();
        assert_refused(&error, server, &label(elsewhere));
    }
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );
}

#[tokio::test]
async fn mastodon_requests_are_not_redirected_to_another_origin() {
    let server = common::server().await;
    let elsewhere = common::server().await;
    let client = common::client(&server, Duration::from_secs(5), 20);
    home_is_never_redirected(&client, &server, &elsewhere, "/api/v1/timelines/home").await;
}

#[tokio::test]
async fn misskey_token_in_the_body_is_not_resent_to_another_origin() {
    let server = misskey_server().await;
    let elsewhere = misskey_server().await;
    let client = common::misskey_client(&server, Duration::from_secs(5), 20);
    home_is_never_redirected(&client, &server, &elsewhere, "/api/notes/timeline").await;
}

#[tokio::test]
async fn a_scheme_change_on_the_same_host_is_refused() {
    let server = common::server().await;
    let client = common::client(&server, Duration::from_secs(5), 20);
    let mut target = server.url().join("api/v1/timelines/home").unwrap();
    target.set_scheme("https").unwrap();
    server.fail_times(
        "/api/v1/timelines/home",
        redirect_to(308, target.as_str()),
        1,
    );
    let error = client
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap_err();
    let ApiError::Redirected(text) = error else {
        panic!("expected a refused redirect, got {error:?}");
    };
    assert!(
        text.contains(&format!("http://{}", label(&server))),
        "{text}"
    );
}

#[tokio::test]
async fn the_oauth_code_exchange_is_not_redirected_to_another_origin() {
    let server = common::server().await;
    let elsewhere = common::server().await;
    let client = http::client(Duration::from_secs(5));
    let start = skua::login::oauth_start(&client, server.url())
        .await
        .unwrap();
    let target = elsewhere.url().join("oauth/token").unwrap();
    server.fail_times("/oauth/token", redirect_to(307, target.as_str()), 1);
    let error = skua::login::oauth_finish(&client, server.url(), &start, "demo-code")
        .await
        .unwrap_err();
    let text = format!("{error:#}");
    assert!(text.contains("skua does not follow that"), "{text}");
    assert!(text.contains(&label(&elsewhere)), "{text}");
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );
}

#[tokio::test]
async fn a_redirect_within_the_server_is_followed() {
    let server = common::server().await;
    let client = common::client(&server, Duration::from_secs(5), 20);
    server.fail_times(
        "/api/v1/timelines/home",
        redirect_to(302, "/api/v1/timelines/public"),
        1,
    );
    let page = client
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap();
    assert!(!page.entries.is_empty());
    // The filters are read alongside the first page.
    let paths: Vec<_> = server
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p != "/api/v2/filters")
        .collect();
    assert_eq!(
        paths,
        ["/api/v1/timelines/home", "/api/v1/timelines/public"]
    );
}

#[tokio::test]
async fn detection_names_a_refused_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let base = url::Url::parse(&format!("http://{address}/")).unwrap();
    let error = skua::api::detect::detect(&http::client(Duration::from_secs(5)), &base)
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("refused"), "{text}");
    assert!(!text.contains("fediverse server"), "{text}");
}

#[tokio::test]
async fn an_oversized_answer_is_an_error_not_a_download() {
    let server = common::server().await;
    let client = common::client(&server, Duration::from_secs(20), 20);
    let huge = format!("[{}]", " ".repeat(http::MAX_BODY_BYTES));
    server.fail_times("/api/v1/timelines/home", Fault::status(200, &huge), 1);
    let error = client
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap_err();
    assert_eq!(error, ApiError::TooLarge { limit_mib: 16 });
    assert!(error.to_string().contains("more than 16 MiB"));
}
