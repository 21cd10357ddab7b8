//! The Misskey backend and server detection against the local demo server, and MFM rendering.

use crate::common;

use std::time::Duration;

use insta::assert_snapshot;
use serde_json::json;
use skua::api::detect::{self, Flavor};
use skua::api::http::{self, Token};
use skua::api::misskey::Misskey;
use skua::api::{
    ApiError, Backend, Link, Lists, PageRequest, TimelineKind, Visibility, compare_ids, mfm,
};
use skua::demo::{self, DemoServer, Fault};

const TIMEOUT: Duration = Duration::from_secs(10);

async fn server() -> DemoServer {
    DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap()
}

fn client(server: &DemoServer, page_size: u32) -> Misskey {
    common::misskey_client(server, TIMEOUT, page_size)
}

#[tokio::test]
async fn every_timeline_kind_posts_to_its_endpoint_with_the_token_in_the_body() {
    let server = server().await;
    let client = client(&server, 15);
    let kinds = [
        (TimelineKind::Home, "/api/notes/timeline"),
        (TimelineKind::Local, "/api/notes/local-timeline"),
        (TimelineKind::Federated, "/api/notes/global-timeline"),
        (TimelineKind::Social, "/api/notes/hybrid-timeline"),
        (
            TimelineKind::Hashtag("rust".into()),
            "/api/notes/search-by-tag",
        ),
        (
            TimelineKind::List {
                id: "2".into(),
                title: "Rustaceans".into(),
            },
            "/api/notes/user-list-timeline",
        ),
    ];
    for (kind, path) in kinds {
        let page = client.timeline(&kind, &PageRequest::Latest).await.unwrap();
        assert!(
            !page.entries.is_empty() && page.entries.len() <= 15,
            "{kind:?}"
        );
        assert!(
            page.entries
                .windows(2)
                .all(|w| compare_ids(&w[0].id, &w[1].id).is_gt())
        );
        // The first timeline also reads the muted words (`i`), alongside.
        let request = server
            .requests()
            .into_iter()
            .rfind(|r| r.path != "/api/i")
            .unwrap();
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", path)
        );
        let body = request.body.unwrap();
        assert_eq!(body["i"], demo::TOKEN);
        assert_eq!(body["limit"], 15);
        assert!(request.query.is_empty());
    }
    let requests: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path != "/api/i")
        .collect();
    assert_eq!(requests[4].body.as_ref().unwrap()["tag"], "rust");
    assert_eq!(requests[5].body.as_ref().unwrap()["listId"], "2");
}

#[tokio::test]
async fn paging_back_with_until_id_and_forward_with_since_id() {
    let server = server().await;
    let client = client(&server, 100);
    let expected = server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["visibility"] != "direct")
            .count()
    });
    let seen = common::page_through_home(&client, |cursor| {
        assert_eq!(
            server.requests().last().unwrap().body.as_ref().unwrap()["untilId"],
            cursor
        );
    })
    .await;
    assert_eq!(seen.len(), expected);
    assert!(
        seen.windows(2).all(|w| compare_ids(&w[0], &w[1]).is_gt()),
        "no gaps or repeats"
    );

    // untilId + sinceId: the 5 just below the upper note, newest first.
    let client = self::client(&server, 5);
    let request = PageRequest::Between {
        max: seen[1].clone(),
        since: seen[19].clone(),
    };
    let page = client
        .timeline(&TimelineKind::Home, &request)
        .await
        .unwrap();
    let ids: Vec<&str> = page.entries.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        seen[2..7].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(page.older.as_deref(), Some(seen[6].as_str()));
}

#[tokio::test]
async fn notes_become_posts_renotes_quotes_replies_files_reactions() {
    let server = server().await;
    let user = |id: &str, name: &str, host: Option<&str>| json!({ "id": id, "username": name, "host": host, "name": format!("{name} display"), "isBot": false });
    let parent = json!({ "id": "9a0", "createdAt": "2026-11-22T10:00:00.000Z", "user": user("u1", "alice", None), "text": "the parent **note**", "visibility": "public" });
    let quoted = json!({ "id": "9a1", "createdAt": "2026-11-22T10:30:00.000Z", "user": user("u2", "bob", Some("remote.example")), "text": "quoted $[tada text]", "visibility": "home", "cw": "spoilers" });
    let notes = json!([
        { "id": "9a4", "createdAt": "2026-11-22T11:40:00.000Z", "user": user("u3", "carol", None), "text": null, "renote": quoted, "visibility": "public" },
        { "id": "9a3", "createdAt": "2026-11-22T11:30:00.000Z", "user": user("u3", "carol", None), "text": "look at this", "renote": quoted, "visibility": "followers",
          "reactions": { "👍": 1, "❤": 3, ":blob@.:": 2 }, "renoteCount": 4, "repliesCount": 1 },
        { "id": "9a2", "createdAt": "2026-11-22T11:00:00.000Z", "user": user("u2", "bob", Some("remote.example")), "text": "a reply", "replyId": "9a0", "reply": parent, "visibility": "specified",
          "files": [ { "type": "image/png", "url": "https://files.example/a.png", "comment": "a cat" }, { "type": "video/mp4", "url": "https://files.example/b.mp4", "comment": null } ] },
    ]);
    server.fail(
        "/api/notes/timeline",
        Fault::status(200, &notes.to_string()),
    );
    let page = client(&server, 10)
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap();
    let [renote, quote, reply] = &page.entries[..] else {
        panic!("{page:?}")
    };

    assert_eq!(renote.id, "9a4");
    assert_eq!(renote.boosted_by.as_ref().unwrap().acct, "carol");
    assert_eq!(
        renote.post.as_ref().unwrap().author.acct,
        "bob@remote.example"
    );
    assert_eq!(
        renote.post.as_ref().unwrap().spoiler.as_deref(),
        Some("spoilers")
    );
    assert_eq!(renote.post.as_ref().unwrap().visibility, Visibility::Home);

    let quoted = quote
        .post
        .as_ref()
        .unwrap()
        .quote
        .as_ref()
        .expect("a quote keeps the quoted note");
    assert_eq!(quoted.author.acct, "bob@remote.example");
    assert!(quote.boosted_by.is_none());
    assert_eq!(quote.post.as_ref().unwrap().visibility, Visibility::Private);
    assert_eq!(
        quote.post.as_ref().unwrap().counts.reactions,
        [
            ("❤".to_owned(), 3),
            (":blob:".to_owned(), 2),
            ("👍".to_owned(), 1)
        ]
    );
    assert_eq!(
        quote.post.as_ref().unwrap().url.as_deref(),
        Some(format!("{}notes/9a3", server.url()).as_str())
    );

    assert_eq!(
        reply.post.as_ref().unwrap().visibility,
        Visibility::Specified
    );
    assert_eq!(
        reply
            .post
            .as_ref()
            .unwrap()
            .parent
            .as_ref()
            .unwrap()
            .author
            .acct,
        "alice"
    );
    assert_eq!(reply.post.as_ref().unwrap().media.len(), 2);
    assert_eq!(
        reply.post.as_ref().unwrap().media[0].description.as_deref(),
        Some("a cat")
    );
    assert_eq!(
        reply.post.as_ref().unwrap().media[1].kind,
        skua::api::MediaKind::Video
    );

    // And on screen, through the real app.
    server.clear_faults();
    server.fail(
        "/api/notes/timeline",
        Fault::status(200, &notes.to_string()),
    );
    let backend = std::sync::Arc::new(client(&server, 10));
    let mut h = common::Harness::with_backend(server, backend, (80, 24)).await;
    h.press("jc").await;
    assert_snapshot!("misskey_notes_80x24", h.screen());
}

async fn error_for(
    server: &DemoServer,
    status: u16,
    code: &str,
    headers: Vec<(String, String)>,
) -> ApiError {
    server.clear_faults();
    let body =
        json!({ "error": { "code": code, "message": "Something.", "id": "x", "kind": "client" } });
    server.fail(
        "/api/notes/",
        Fault::Respond {
            status,
            body: body.to_string(),
            headers,
        },
    );
    client(server, 10)
        .timeline(&TimelineKind::Local, &PageRequest::Latest)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn misskey_errors_are_explained() {
    let server = server().await;
    let e = error_for(&server, 400, "LTL_DISABLED", vec![]).await;
    assert_eq!(
        e.to_string(),
        "not allowed: this server has turned off its local timeline"
    );
    let e = error_for(&server, 403, "PERMISSION_DENIED", vec![]).await;
    assert!(
        e.to_string().contains("lacks the read:account permission")
            && e.to_string().contains("offers to approve it"),
        "{e}"
    );
    let e = error_for(
        &server,
        429,
        "RATE_LIMIT_EXCEEDED",
        vec![("Retry-After".into(), "9".into())],
    )
    .await;
    assert_eq!(
        e,
        ApiError::RateLimited {
            retry_after: Duration::from_secs(9)
        }
    );
    let e = error_for(&server, 500, "INTERNAL_ERROR", vec![]).await;
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    let e = error_for(&server, 400, "SOMETHING_NEW", vec![]).await;
    assert_eq!(e.to_string(), "the server refused the request: Something.");

    server.clear_faults();
    let gone = TimelineKind::List {
        id: "nope".into(),
        title: "Gone".into(),
    };
    let e = client(&server, 10)
        .timeline(&gone, &PageRequest::Latest)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "not found: that list does not exist (any more)"
    );

    let wrong = Misskey::new(
        http::client(TIMEOUT),
        server.url().clone(),
        Some(Token::new("wrong")),
        10,
    );
    let e = wrong
        .timeline(&TimelineKind::Home, &PageRequest::Latest)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized(_)), "{e:?}");
}

#[tokio::test]
async fn lists_and_who_is_logged_in() {
    let server = server().await;
    let client = client(&server, 10);
    let titles: Vec<String> = client
        .lists()
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.title)
        .collect();
    assert_eq!(
        titles,
        ["Friends", "Rustaceans 🦀", "日本語", "News & Weather"]
    );
    assert_eq!(client.verify_credentials().await.unwrap().acct, "demo");
    assert_eq!(client.flavor(), skua::api::detect::Flavor::Misskey);
}

#[tokio::test]
async fn detection_by_nodeinfo_then_by_probing() {
    let http = http::client(TIMEOUT);
    for flavor in [Flavor::Mastodon, Flavor::Misskey] {
        let server = DemoServer::start_as(common::fixed_data(), flavor)
            .await
            .unwrap();
        assert_eq!(detect::detect(&http, server.url()).await.unwrap(), flavor);
        // Software NodeInfo does not name: probe.
        let unknown = json!({ "software": { "name": "brand-new-thing" } }).to_string();
        server.fail("/nodeinfo/2.1", Fault::status(200, &unknown));
        assert_eq!(detect::detect(&http, server.url()).await.unwrap(), flavor);
        // No NodeInfo at all: probe.
        server.fail("/.well-known/nodeinfo", Fault::status(404, "{}"));
        assert_eq!(detect::detect(&http, server.url()).await.unwrap(), flavor);
        let probes: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
        assert!(probes.contains(&"/api/meta".to_owned()), "{probes:?}");
    }
    for (software, flavor) in [
        ("sharkey", Flavor::Misskey),
        ("gotosocial", Flavor::Mastodon),
        ("akkoma", Flavor::Mastodon),
    ] {
        let server = DemoServer::start_as(common::fixed_data(), Flavor::Mastodon)
            .await
            .unwrap();
        let info = json!({ "software": { "name": software } }).to_string();
        server.fail("/nodeinfo/2.1", Fault::status(200, &info));
        assert_eq!(
            detect::detect(&http, server.url()).await.unwrap(),
            flavor,
            "{software}"
        );
    }
    let server = server().await;
    server.fail("/", Fault::status(404, "not here"));
    let e = detect::detect(&http, server.url()).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("answered neither the Mastodon nor the Misskey API"),
        "{e}"
    );
}

#[tokio::test]
async fn nodeinfo_pointing_elsewhere_is_not_followed() {
    let http = http::client(TIMEOUT);
    let server = server().await;
    let index = json!({ "links": [ { "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": "http://127.0.0.2:9/nodeinfo" } ] });
    server.fail(
        "/.well-known/nodeinfo",
        Fault::status(200, &index.to_string()),
    );
    assert_eq!(
        detect::detect(&http, server.url()).await.unwrap(),
        Flavor::Misskey,
        "found by probing"
    );
}

/// MFM as it looks on screen, one row per line.
fn render(text: &str, width: usize) -> String {
    let rich = mfm::to_rich_text(text, "misskey.example");
    let mut out = String::new();
    for line in skua::ui::text::rich_lines(&rich, width, usize::MAX) {
        let row: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let marks: String = line
            .spans
            .iter()
            .filter(|s| !s.style.add_modifier.is_empty())
            .map(|s| format!(" [{:?}:{}]", s.style.add_modifier, s.content))
            .collect();
        out.push_str(&format!("{row}|{marks}\n"));
    }
    out
}

#[test]
fn mfm_rendering_cases() {
    assert_snapshot!(
        "mfm_nesting",
        render(
            "**bold <i>and italic ~~struck~~</i>** <small>small print</small> `code`",
            40
        )
    );
    assert_snapshot!(
        "mfm_unclosed",
        render("**never closed, <b>nor this, `nor this, $[x2 nor this", 40)
    );
    assert_snapshot!(
        "mfm_functions",
        render(
            "$[tada 🎉 **party** 🎉] $[unknown.fn.arg=1 still shown] $[flip $[spin nested]]",
            40
        )
    );
    assert_snapshot!(
        "mfm_cjk",
        render(
            "<center>日本語のテキスト</center>\n@alice@misskey.io さん、#日本語 の投稿ありがとう！長い文章は正しく折り返されるべきです。",
            24
        )
    );
    assert_snapshot!(
        "mfm_blocks",
        render(
            "> quoted line\n>> deeper\n```\nfn main() {}\n```\n[label](https://example.com) and https://plain.example/path.",
            40
        )
    );
}

#[test]
fn mfm_mentions_link_to_the_server() {
    let rich = mfm::to_rich_text("@bob@remote.example", "misskey.example");
    assert_eq!(
        rich.blocks[0].inlines[0].link,
        Some(Link::Mention {
            acct: "bob@remote.example".into(),
            url: "https://misskey.example/@bob@remote.example".into()
        })
    );
}

#[tokio::test]
async fn a_note_whose_author_rejects_quotes_is_not_quoted() {
    let mut data = common::fixed_data();
    let author = data.statuses[0]["account"].as_str().unwrap().to_owned();
    data.statuses[0]["reblog"] = serde_json::Value::Null;
    for account in &mut data.accounts {
        if account["id"] == author.as_str() {
            account["reject_quotes"] = serde_json::json!(true);
        }
    }
    let mut h = common::Harness::misskey(data, (80, 24)).await;
    h.press("Q").await;
    let screen = h.screen();
    assert!(
        screen.contains("its author does not let you quote this note"),
        "{screen}"
    );
    assert!(!screen.contains("New post"), "{screen}");
}

#[tokio::test]
async fn a_warning_the_server_puts_on_every_note_is_said_while_writing() {
    let mut data = common::fixed_data();
    let mine = data.me.clone();
    if let Some(me) = data.accounts.iter_mut().find(|a| a["id"] == mine.as_str()) {
        me["mandatory_cw"] = "\u{1b}[31mpolitics".into();
    }
    let mut h = common::Harness::misskey(data, (80, 24)).await;
    h.press("n").await;
    let screen = h.screen();
    assert!(
        screen.contains("(the server adds “") && screen.contains("politics”)"),
        "{screen}"
    );
    assert!(!screen.contains('\u{1b}'), "{screen:?}");
    // Without one, nothing is said.
    let mut plain = common::Harness::misskey(common::fixed_data(), (80, 24)).await;
    plain.press("n").await;
    assert!(
        !plain.screen().contains("the server adds"),
        "{}",
        plain.screen()
    );
}

/// Who the user is and how they set skua's server up (`i`) is read by the login check, the
/// muted words and the compose rules, all at start: one answer serves them all.
#[tokio::test]
async fn the_start_asks_who_the_user_is_once() {
    let mut h = common::Harness::misskey(common::fixed_data(), (80, 24)).await;
    h.press("n").await;
    assert!(h.screen().contains("Visibility"), "{}", h.screen());
    h.press("<esc>").await;
    let asked = h.server.requests_to("/api/i").len();
    assert_eq!(asked, 1);
}
