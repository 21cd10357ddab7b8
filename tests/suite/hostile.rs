//! Every string a server sends is untrusted. Here every displayed field carries escape sequences,
//! C1 controls and bidi overrides, and nothing of them may reach the screen; answers past every
//! server's limits (sizes, counts) are kept within bounds.

use crate::common;

use common::Harness;
use serde_json::Value;
use skua::app::Effect;
use skua::config::Config;
use skua::demo::DemoServer;

const HOSTILE: &str = "A\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}P+q\u{1b}\\\u{9b}31m\u{202e}evil\u{2066}\u{0}\r\u{8}Z";

fn hostile(value: &mut Value) {
    *value = Value::String(format!("{}{HOSTILE}", value.as_str().unwrap_or_default()));
}

async fn hostile_server() -> DemoServer {
    DemoServer::start(hostile_data()).await.unwrap()
}

fn hostile_data() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    for account in &mut data.accounts {
        hostile(&mut account["display_name"]);
        hostile(&mut account["acct"]);
        hostile(&mut account["username"]);
    }
    for status in &mut data.statuses {
        for field in ["spoiler_text", "url"] {
            hostile(&mut status[field]);
        }
        let content = status["content"].as_str().unwrap_or_default().to_owned();
        // Raw, and as HTML character references, which must not be decoded into controls.
        status["content"] = Value::String(format!(
            "<p>{HOSTILE} &#27;[31m &#x9b;2J &#x202e;</p>{content}"
        ));
        for media in status["media_attachments"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            hostile(&mut media["description"]);
            hostile(&mut media["url"]);
        }
        for tag in status["tags"].as_array_mut().into_iter().flatten() {
            hostile(&mut tag["name"]);
        }
    }
    for list in &mut data.lists {
        list.title.push_str(HOSTILE);
    }
    for status in data.statuses.iter_mut().take(10) {
        status["reactions"] = serde_json::json!({ format!(":x{HOSTILE}:"): 2, HOSTILE: 1 });
    }
    data
}

fn assert_clean(screen: &str) {
    for (row, line) in screen.lines().enumerate() {
        let bad: Vec<char> = line
            .chars()
            .filter(|&c| {
                c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            })
            .collect();
        assert!(bad.is_empty(), "row {row} carries {bad:?}: {line}");
    }
}

#[tokio::test]
async fn no_control_or_bidi_character_reaches_the_screen() {
    let mut h = Harness::with_server(hostile_server().await, Config::defaults(), (120, 40)).await;
    // The model the UI draws from is clean, whatever the renderer would make of it.
    for tab in &h.app.state.tabs {
        // Debug escapes non-printing characters; emoji joiners are the only legitimate ones.
        let debug = format!("{:?}", tab.timeline.rows)
            .replace("\\u{fe0f}", "")
            .replace("\\u{200d}", "");
        for escaped in ["\\u{", "\\r", "\\t", "\\0"] {
            if let Some(at) = debug.find(escaped) {
                panic!(
                    "{escaped} in the model: …{}…",
                    &debug[at.saturating_sub(200)..at + 20]
                );
            }
        }
    }
    let home = h.screen();
    assert!(
        home.contains("evil"),
        "the hostile text is shown, defused: {home}"
    );
    assert_clean(&home);
    // Content warnings revealed, posts further down, tags, links and lists.
    for keys in [
        "c",
        "jjjc",
        "G",
        "t",
        "<esc>O",
        "<esc>a",
        "<down><enter>",
        "?",
    ] {
        h.press(keys).await;
        assert_clean(&h.screen());
    }
    let lists = format!("{:?}", h.app.state.lists);
    assert!(lists.contains("evil") && !lists.contains("\\u{"), "{lists}");
    h.press("<esc>1go").await;
    let Some(Effect::OpenUrl(url)) = h.app.effects.pop() else {
        panic!("o opens the post")
    };
    assert!(!url.chars().any(char::is_control), "{url:?}");
    let reason = skua::browser::open("javascript:\u{1b}]0;x\u{7}").unwrap_err();
    h.app.show_url(url, reason);
    assert_clean(&h.screen());

    // List management: the lists and members screens, completions, "lists for this account".
    h.press("<esc>").await;
    for keys in ["A", "m", "nal", "<esc>M", "<esc><esc>", "<esc>M"] {
        h.press(keys).await;
        let screen = h.screen();
        assert!(screen.contains("evil"), "{keys}: {screen}");
        assert_clean(&screen);
    }
}

#[tokio::test]
async fn misskey_fields_server_errors_and_the_login_popup_stay_clean() {
    use skua::demo::Fault;

    let mut h = Harness::misskey(hostile_data(), (120, 40)).await;
    let home = h.screen();
    assert!(
        home.contains("evil") && home.contains(":x"),
        "CW, names, reactions: {home}"
    );
    assert_clean(&home);
    for keys in ["c", "jc", "4", "A", "m"] {
        h.press(keys).await;
        assert_clean(&h.screen());
    }

    // A server's error text, on a timeline and in the login popup.
    h.press("<esc><esc>").await;
    let message =
        serde_json::json!({ "error": { "message": HOSTILE, "code": HOSTILE, "id": "x" } });
    h.server.fail(
        "/api/notes/local-timeline",
        Fault::status(400, &message.to_string()),
    );
    h.press("2").await;
    let screen = h.screen();
    assert!(
        screen.contains("evil"),
        "the server's words are shown: {screen}"
    );
    assert_clean(&screen);

    let mastodon = DemoServer::start(hostile_data()).await.unwrap();
    mastodon.fail(
        "/api/v1/apps",
        Fault::status(422, &serde_json::json!({ "error": HOSTILE }).to_string()),
    );
    h.press("Un").await;
    h.press(&format!("{}<enter>", mastodon.url())).await;
    let screen = h.screen();
    assert!(screen.contains("evil"), "{screen}");
    assert_clean(&screen);
}

#[test]
fn the_command_line_prints_no_control_characters() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(hostile_server());
    let home = tempfile::tempdir().unwrap();
    for args in [&["ls"][..], &["show", "1"], &["ls", "--json"]] {
        let output = common::skua_cmd(home.path())
            .args(["--server", server.url().as_str(), "lists"])
            .args(args)
            .env("SKUA_TOKEN", skua::demo::TOKEN)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("evil"), "{args:?}: {stdout}");
        let bad: Vec<char> = stdout
            .chars()
            .filter(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
            .collect();
        assert!(bad.is_empty(), "{args:?} prints {bad:?}");
    }
}

/// The status line (the screen's last row).
fn status_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn renoting_then_reloading_on_misskey_keeps_every_timeline_readable() {
    // The demo's renote once carried `repliesCount: null`, and one such note failed the page.
    let mut h = Harness::misskey(common::fixed_data(), (80, 24)).await;
    h.press("jb").await;
    h.press("r").await;
    let tab = h.app.state.active_tab().unwrap();
    assert!(tab.timeline.error.is_none(), "{:?}", tab.timeline.error);
    assert!(!status_line(&h).contains("could not"), "{}", h.screen());
}

/// The app at 80x24 on the demo serving `data` as Mastodon or Misskey, its first answers taken.
async fn settled(data: skua::demo::DemoData, misskey: bool) -> Harness {
    let mut h = match misskey {
        true => Harness::misskey(data, (80, 24)).await,
        false => {
            let server = DemoServer::start(data).await.unwrap();
            Harness::with_server(server, Config::defaults(), (80, 24)).await
        }
    };
    h.settle().await;
    h
}

#[tokio::test]
async fn one_unreadable_post_is_left_out_and_counted_not_the_whole_page() {
    for misskey in [false, true] {
        let mut data = common::fixed_data();
        // A count of the wrong type (the Misskey demo serves the same field as its note's).
        data.statuses[2]["replies_count"] = Value::String("many".into());
        let bad = data.statuses[2]["id"].as_str().unwrap().to_owned();
        // A count sent as null reads as unknown, not as an error.
        data.statuses[3]["reblogs_count"] = Value::Null;
        let h = settled(data, misskey).await;
        let tab = h.app.state.active_tab().unwrap();
        assert!(tab.timeline.error.is_none(), "{:?}", tab.timeline.error);
        let ids: Vec<String> = tab.timeline.entries().map(|e| e.id.clone()).collect();
        assert!(ids.len() > 5, "the rest of the page shows: {ids:?}");
        assert!(!ids.contains(&bad), "the unreadable post is left out");
        let said = match misskey {
            false => "1 post could not be read",
            true => "1 note could not be read",
        };
        assert!(
            status_line(&h).contains(said),
            "misskey {misskey}: {}",
            h.screen()
        );
    }
}

/// A post past every server's limits: a content warning of two megabytes, 20,000 attachments,
/// 10,000 poll options and kinds of reaction, a description and an option of a megabyte. Each is kept within a
/// bound (cut with …, the rest left out): they would otherwise be laid out at every frame.
#[tokio::test]
async fn a_post_past_every_servers_limits_is_kept_within_bounds() {
    use skua::api::{MAX_LINE_CHARS, MAX_PARTS};
    let huge = "word ".repeat(400_000);
    for misskey in [false, true] {
        let mut data = common::fixed_data();
        let status = &mut data.statuses[0];
        let id = status["id"].as_str().unwrap().to_owned();
        status["spoiler_text"] = huge.clone().into();
        let media: Vec<Value> = (0..20_000)
            .map(|n| {
                let description = if n == 0 {
                    huge.clone()
                } else {
                    format!("picture {n}")
                };
                serde_json::json!({
                    "id": format!("m{n}"),
                    "type": "image",
                    "url": format!("http://127.0.0.1:9/{n}.png"),
                    "description": description,
                })
            })
            .collect();
        status["media_attachments"] = media.into();
        let options: Vec<Value> = (0..10_000)
            .map(|n| {
                let title = if n == 0 {
                    huge.clone()
                } else {
                    format!("option {n}")
                };
                serde_json::json!({ "title": title, "votes_count": 0 })
            })
            .collect();
        // Misskey's reactions (the Misskey demo serves those given).
        let reactions: serde_json::Map<String, Value> = (0..10_000)
            .map(|n| (format!(":e{n}:"), Value::from(n)))
            .collect();
        status["reactions"] = reactions.into();
        status["poll"] = serde_json::json!({
            "id": "poll", "expires_at": null, "expired": false, "multiple": false,
            "votes_count": 0, "options": options, "own_votes": [],
        });
        let h = settled(data, misskey).await;
        let post = h.app.state.posts.get(&id).expect("the post is shown");
        let spoiler = post.spoiler.as_deref().unwrap();
        assert_eq!(
            spoiler.chars().count(),
            MAX_LINE_CHARS + 1,
            "misskey {misskey}"
        );
        assert!(spoiler.starts_with("word word") && spoiler.ends_with('…'));
        assert_eq!(post.media.len(), MAX_PARTS, "misskey {misskey}");
        let description = post.media[0].description.as_deref().unwrap();
        assert_eq!(description.chars().count(), MAX_LINE_CHARS + 1);
        let poll = post.poll.as_ref().unwrap();
        assert_eq!(poll.options.len(), MAX_PARTS, "misskey {misskey}");
        assert_eq!(poll.options[0].title.chars().count(), MAX_LINE_CHARS + 1);
        if misskey {
            let kept = &post.counts.reactions;
            assert_eq!(kept.len(), MAX_PARTS);
            assert_eq!(
                kept[0],
                (":e9999:".to_owned(), 9_999),
                "the most given kept"
            );
        }
        assert!(h.screen().contains("⚠ word word"), "{}", h.screen());
    }
}

/// A served answer of `body` for `path`.
fn answer(method: &str, path: &str, body: Value) -> crate::replay::Recorded {
    crate::replay::Recorded {
        method: method.into(),
        path: path.into(),
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string(),
        origin: None,
    }
}

/// Notifications naming endlessly many people and reactions, as no server groups them: each
/// is read in linear time, names a sample of the people (all counted) and a bounded number of
/// reactions. (Each reaction used to be compared with every other, and every sample id copied
/// an account: a 16 MB page can name one account with a long name a million times.)
#[tokio::test]
async fn notifications_naming_endless_people_and_reactions_are_read_within_bounds() {
    use skua::api::{Backend, MAX_PARTS, NOTICE_SAMPLE, PageRequest, TimelineKind};
    let notifications = TimelineKind::Notifications {
        mentions_only: false,
    };
    let user = |n: usize| serde_json::json!({ "id": format!("u{n}"), "username": format!("u{n}"), "name": null, "host": null });
    let reacted: Vec<Value> = (0..30_000)
        .map(|n| serde_json::json!({ "user": user(n), "reaction": format!(":e{n}:") }))
        .collect();
    let grouped = serde_json::json!([{
        "id": "n1", "createdAt": "2026-12-01T00:00:00Z", "type": "reaction:grouped",
        "reactions": reacted,
    }]);
    let replay = crate::replay::Replay::serve(vec![answer(
        "POST",
        "/api/i/notifications-grouped",
        grouped,
    )])
    .await;
    let misskey = crate::common::misskey_at(&replay.url);
    let page = misskey
        .timeline(&notifications, &PageRequest::Latest)
        .await
        .unwrap();
    let notice = page.entries[0].notice.as_ref().unwrap();
    assert_eq!(notice.count, 30_000);
    assert_eq!(notice.accounts.len(), NOTICE_SAMPLE);
    assert_eq!(notice.reactions.len(), MAX_PARTS);

    let name = "long name ".repeat(100);
    let account = serde_json::json!({
        "id": "1", "username": "a", "acct": "a", "display_name": name, "url": "http://127.0.0.1/@a",
        "note": "", "avatar": "", "followers_count": 0, "following_count": 0, "statuses_count": 0,
        "created_at": "2026-01-01T00:00:00Z",
    });
    let groups: Vec<Value> = (0..10)
        .map(|n| serde_json::json!({
            "group_key": format!("favourite-{n}"), "notifications_count": 200_000, "type": "follow",
            "most_recent_notification_id": format!("{}", 1_000 + n),
            "latest_page_notification_at": "2026-12-01T00:00:00Z",
            "sample_account_ids": vec!["1"; 20_000],
        }))
        .collect();
    let body =
        serde_json::json!({ "accounts": [account], "statuses": [], "notification_groups": groups });
    let replay =
        crate::replay::Replay::serve(vec![answer("GET", "/api/v2/notifications", body)]).await;
    let mastodon = crate::common::mastodon_at(&replay.url);
    let page = mastodon
        .timeline(&notifications, &PageRequest::Latest)
        .await
        .unwrap();
    assert_eq!(page.entries.len(), 10);
    for entry in &page.entries {
        let notice = entry.notice.as_ref().unwrap();
        assert_eq!(notice.count, 200_000);
        assert_eq!(notice.accounts.len(), NOTICE_SAMPLE);
    }
}

/// A followed hashtag the server describes in a way skua cannot read is left out, and the
/// others are listed: one bad entry never fails the list (it failed it whole).
#[tokio::test]
async fn a_followed_hashtag_that_cannot_be_read_leaves_the_others_listed() {
    use skua::api::Tags;
    let tags = serde_json::json!([
        { "name": "rust", "following": true },
        { "name": null },
        { "name": "zig" },
    ]);
    let replay =
        crate::replay::Replay::serve(vec![answer("GET", "/api/v1/followed_tags", tags)]).await;
    let followed = crate::common::mastodon_at(&replay.url)
        .followed_tags()
        .await
        .unwrap();
    let names: Vec<(&str, bool)> = followed
        .iter()
        .map(|t| (t.name.as_str(), t.following))
        .collect();
    assert_eq!(names, [("rust", true), ("zig", true)]);
}

/// One account a server describes in a way skua cannot read (a number for a name) is left
/// out of a search or a list's members, on both families, and the others are shown: it
/// failed the whole answer.
#[tokio::test]
async fn an_account_that_cannot_be_read_leaves_the_others_in_search_and_members() {
    use skua::api::{Lists, People};
    let user =
        |id: &str, name: Value| serde_json::json!({ "id": id, "username": name, "host": null });
    let users = serde_json::json!([
        user("1", "ana".into()),
        user("2", 42.into()),
        user("3", "bo".into())
    ]);
    let misskey = crate::replay::Replay::serve(vec![answer(
        "POST",
        "/api/users/search-by-username-and-host",
        users,
    )])
    .await;
    let found = crate::common::misskey_at(&misskey.url)
        .search_accounts("a")
        .await
        .unwrap();
    let names: Vec<&str> = found.iter().map(|a| a.acct.as_str()).collect();
    assert_eq!(names, ["ana", "bo"]);

    let account = |id: &str, acct: Value| serde_json::json!({ "id": id, "username": acct.clone(), "acct": acct });
    let accounts = serde_json::json!([
        account("1", "ana".into()),
        account("2", 42.into()),
        account("3", "bo".into())
    ]);
    let mastodon =
        crate::replay::Replay::serve(vec![answer("GET", "/api/v1/lists/7/accounts", accounts)])
            .await;
    let members = crate::common::mastodon_at(&mastodon.url)
        .list_members("7", None)
        .await
        .unwrap();
    let names: Vec<&str> = members.accounts.iter().map(|a| a.acct.as_str()).collect();
    assert_eq!(names, ["ana", "bo"]);
}

/// A filter the server describes in a way skua cannot read is left out and the others still
/// filter: one bad entry failed them all (and then none was applied).
#[tokio::test]
async fn a_filter_that_cannot_be_read_leaves_the_others_in_force() {
    use skua::api::Filters;
    let filter = |id: &str, title: Value| {
        serde_json::json!({ "id": id, "title": title, "context": ["home"], "filter_action": "hide",
            "keywords": [{ "id": id, "keyword": "spoilers", "whole_word": true }] })
    };
    let filters = serde_json::json!([
        filter("1", "films".into()),
        filter("2", 42.into()),
        filter("3", "games".into()),
    ]);
    let replay =
        crate::replay::Replay::serve(vec![answer("GET", "/api/v2/filters", filters)]).await;
    let read = crate::common::mastodon_at(&replay.url)
        .filters()
        .await
        .unwrap();
    let titles: Vec<&str> = read.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["films", "games"]);
}
