//! Rough edges a new user tripped on (issue 25), each checked as the user met it.
use crate::common;

use common::Harness;
use skua::app::Effect;

const SMALL: (u16, u16) = (80, 24);

fn quits(h: &Harness) -> bool {
    h.app.effects.iter().any(|e| matches!(e, Effect::Quit))
}

#[tokio::test]
async fn posting_keeps_the_unread_count_of_everyone_else_s_posts() {
    let mut h = Harness::start(SMALL).await;
    h.press("jj").await;
    h.server.post_as("100002", "news from Bob");
    h.press("r").await;
    assert!(h.screen().contains("1 unread ↑"), "{}", h.screen());
    let seen = h.app.state.tabs[0].timeline.newest_seen.clone();
    h.press("nmine<c-s>").await;
    let screen = h.screen();
    assert!(screen.contains("posted"), "{screen}");
    // The user's own post is not news, and Bob's is still unread.
    assert!(screen.contains("1 unread ↑"), "{screen}");
    assert!(screen.starts_with(" 1 Home (1)"), "{screen}");
    assert_eq!(
        h.app.state.tabs[0].timeline.newest_seen, seen,
        "nothing marked read"
    );
}

#[tokio::test]
async fn q_goes_back_from_a_thread_a_profile_and_search_and_quits_only_from_a_timeline() {
    let mut h = Harness::start(SMALL).await;
    h.press("<enter>").await;
    assert!(h.screen().starts_with(" 1 Home › thread"), "{}", h.screen());
    h.press("q").await;
    assert!(!quits(&h), "a thread goes back");
    assert!(h.app.state.tabs[0].stack.is_empty());

    h.press("p").await;
    assert!(!h.app.state.tabs[0].stack.is_empty(), "a profile is open");
    h.press("q").await;
    assert!(!quits(&h), "a profile goes back");
    assert!(h.app.state.tabs[0].stack.is_empty());

    h.press("s").await;
    h.app.paste("rust");
    h.press("<enter>").await;
    assert!(h.screen().starts_with(" 1 Home › search"), "{}", h.screen());
    h.press("q").await;
    assert!(!quits(&h), "search results go back");
    assert!(h.app.state.tabs[0].stack.is_empty());

    // Help says so on each of them.
    h.press("<enter>?").await;
    let mut help = String::new();
    for _ in 0..8 {
        help.push_str(&h.screen());
        h.press("<pgdn>").await;
    }
    assert!(
        help.contains("go back (skua quits from a timeline)"),
        "{help}"
    );
    h.press("<esc><esc>").await;

    h.press("q").await;
    assert!(quits(&h), "a timeline quits");
}

#[tokio::test]
async fn renaming_a_list_is_confirmed_as_creating_and_deleting_are() {
    let mut h = Harness::start(SMALL).await;
    h.press("A").await;
    h.press("R<bs><bs><bs><bs><bs><bs><bs>Pals<enter>").await;
    assert!(
        h.screen().contains("renamed “Friends” to “Pals”"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn a_hidden_post_counts_its_attachments_in_words() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|post, _| post.spoiler.is_some() && post.media.len() == 1)
        .await;
    let screen = h.screen();
    assert!(screen.contains("show post and 1 attachment"), "{screen}");
    assert!(!screen.contains("attachment(s)"), "{screen}");
}

#[test]
fn poll_options_without_a_poll_are_an_error_not_ignored() {
    let home = tempfile::tempdir().unwrap();
    for flag in [&["--poll-expires", "3d"][..], &["--poll-multiple"]] {
        let output = common::skua_cmd(home.path())
            .args(["--demo", "post", "hello"])
            .args(flag)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{flag:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--poll <OPTION>"), "{flag:?}: {stderr}");
        assert!(output.stdout.is_empty(), "nothing was posted");
    }
}

#[test]
fn login_to_a_server_that_never_answers_says_at_once_what_it_is_doing() {
    use std::io::BufRead;
    // A server that takes the connection and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", silent.local_addr().unwrap());
    let held = std::thread::spawn(move || {
        let kept: Vec<_> = silent.incoming().take(4).collect();
        std::thread::sleep(std::time::Duration::from_secs(20));
        drop(kept);
    });
    let home = tempfile::tempdir().unwrap();
    let mut child = common::skua_cmd(home.path())
        .args(["login", &address])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stderr).read_line(&mut line);
        let _ = tx.send(line);
    });
    // Long before any timeout: the server has not answered, and will not.
    let said = rx.recv_timeout(std::time::Duration::from_secs(5));
    let _ = child.kill();
    let _ = child.wait();
    drop(held);
    let said = said.expect("something is said while waiting");
    assert!(
        said.contains("asking 127.0.0.1 which software it runs"),
        "{said}"
    );
}

#[tokio::test]
async fn a_status_message_ages_out_errors_later() {
    let mut h = Harness::start(SMALL).await;
    h.press("w").await;
    assert!(
        h.screen().contains("w works on a profile"),
        "{}",
        h.screen()
    );
    h.advance(5).await;
    assert!(
        h.screen().contains("w works on a profile"),
        "still there after 5 s"
    );
    h.advance(6).await;
    assert!(
        !h.screen().contains("w works on a profile"),
        "{}",
        h.screen()
    );
    // An error stays longer, to be read.
    h.app.say("could not load: the server said no", true);
    h.advance(11).await;
    assert!(h.screen().contains("could not load"), "{}", h.screen());
    h.advance(20).await;
    assert!(!h.screen().contains("could not load"), "{}", h.screen());
}

#[test]
fn logging_out_of_the_default_account_makes_the_remaining_one_the_default() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".local/share/skua/accounts.toml");
    let mut store = skua::accounts::AccountStore::load(&path).unwrap();
    for name in ["one@a.example", "two@b.example"] {
        store
            .add(skua::accounts::SavedAccount::new(
                name.into(),
                "http://127.0.0.1:9/".into(),
                skua::api::detect::Flavor::Mastodon,
                &skua::api::http::Token::new("t"),
            ))
            .unwrap();
    }
    let run = |args: &[&str]| {
        let output = common::skua_cmd(home.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run(&["accounts"]).contains("* two@b.example"));
    run(&["logout", "two@b.example"]);
    let listed = run(&["accounts"]);
    assert!(listed.contains("* one@a.example"), "{listed}");
}

#[test]
fn posting_on_the_demo_says_the_demo_forgets_it() {
    let home = tempfile::tempdir().unwrap();
    let output = common::skua_cmd(home.path())
        .args(["--demo", "post", "hello from the demo"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was posted anywhere"), "{stderr}");
}

#[tokio::test]
async fn every_message_of_the_session_is_read_in_full_one_key_away() {
    let mut h = Harness::start(SMALL).await;
    let long = "this server cannot quote posts (Mastodon 4.5 and later can; this one says it runs an older version)";
    h.app.say(long, false);
    h.press("w").await;
    h.press("<c-g>").await;
    let screen = h.screen();
    assert!(screen.contains("Messages"), "{screen}");
    // In full (wrapped), with its time, the newest last.
    let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("runs an older version"), "{screen}");
    assert!(
        flat.find("cannot quote") < flat.find("works on a profile"),
        "{screen}"
    );
    assert!(screen.contains(':'), "a time: {screen}");
    h.press("<esc>").await;
    assert!(!h.screen().contains("Messages"), "{}", h.screen());
}

/// Messages that wrap: scrolling back reaches the first of them, and stops there, so the first
/// key forward moves at once. (It stopped after as many rows as messages, short of the first
/// of 40 that take two rows each, and keys past the end of shorter logs were counted.)
#[tokio::test]
async fn the_message_log_scrolls_back_to_the_first_message_and_no_further() {
    let mut h = Harness::start(SMALL).await;
    for n in 0..40 {
        h.app.say(
            format!("message {n:02}: {}", "words that wrap ".repeat(5)),
            false,
        );
    }
    h.press("<c-g>").await;
    for _ in 0..200 {
        h.press("k").await;
    }
    let first = h.screen();
    assert!(first.contains("message 00"), "{first}");
    assert!(first.contains("└ j/k scroll · Esc close"), "{first}");
    h.press("j").await;
    assert!(!h.screen().contains("message 00"), "{}", h.screen());
}

/// A log of two messages is a box of two rows, not one as tall as the screen: what it was
/// opened over stays in sight, and its footer offers no scrolling where there is none.
#[tokio::test]
async fn a_short_message_log_is_a_box_its_size() {
    let mut h = Harness::start(SMALL).await;
    h.app.say("first words", false);
    h.app.say("second words", false);
    h.press("<c-g>").await;
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows.iter().position(|l| l.contains("┌ Messages")).unwrap();
    assert!(rows[top + 1].contains("first words"), "{screen}");
    assert!(rows[top + 2].contains("second words"), "{screen}");
    assert!(rows[top + 3].starts_with("  └ Esc close ─"), "{screen}");
    assert!(
        screen.contains("Priya Sharma"),
        "the timeline still shows: {screen}"
    );
}

#[tokio::test]
async fn clearing_the_list_filter_keeps_the_list_it_had_selected() {
    let mut h = Harness::start(SMALL).await;
    h.press("A/news").await;
    h.press("<esc>").await;
    let screen = h.screen();
    let selected: Vec<&str> = screen.lines().filter(|l| l.starts_with('›')).collect();
    assert!(
        selected.iter().any(|l| l.contains("News & Weather")),
        "{screen}"
    );
    assert!(screen.contains("Friends"), "every list again: {screen}");
}

#[tokio::test]
async fn a_profile_s_hints_say_what_the_keys_would_do_now() {
    let mut h = Harness::start((120, 24)).await;
    // Alice is followed in the demo.
    h.select_first(|p, e| p.author.acct == "alice" && e.boosted_by.is_none())
        .await;
    h.press("p").await;
    let hints = h.screen().lines().last().unwrap().to_owned();
    assert!(hints.contains("w unfollow"), "{hints}");
    assert!(
        hints.contains("Z mute") && hints.contains("X block"),
        "{hints}"
    );
}

#[tokio::test]
async fn a_language_that_is_no_language_is_said_before_sending() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    // Text → warning → visibility → language.
    h.press("hello<tab><tab><tab><c-a><c-k>xx<c-s>").await;
    assert!(
        h.screen().contains("`xx` is not a language code"),
        "{}",
        h.screen()
    );
    let sent = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v1/statuses")
        .count();
    assert_eq!(sent, 0, "nothing was sent");
    // A real code, with a stray space, goes.
    h.press("<c-a><c-k>de <c-s>").await;
    assert!(h.screen().contains("posted"), "{}", h.screen());
}

#[tokio::test]
async fn letters_on_a_choice_say_which_keys_change_it() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    // Text → warning → visibility, then letters that are not typed there.
    h.press("hello<tab><tab>u").await;
    assert!(
        h.screen().contains("on a choice, j/k or Space change it"),
        "{}",
        h.screen()
    );
    h.press("x").await;
    assert!(h.screen().contains("on a choice"), "{}", h.screen());
}

#[tokio::test]
async fn a_deck_too_wide_for_the_window_says_why_it_shows_tabs() {
    use skua::api::TimelineKind;
    let mut config = skua::config::Config::defaults();
    config.layout = skua::config::Layout::columns(
        vec![
            vec![TimelineKind::Home],
            vec![TimelineKind::Local],
            vec![TimelineKind::Federated],
        ],
        60,
        16,
    );
    let h = Harness::with_server(common::server().await, config, (120, 40)).await;
    let screen = h.screen();
    assert!(
        screen.contains("3 panes show apart from a 180x17 window; folded into tabs until then"),
        "{screen}"
    );
}

#[tokio::test]
async fn a_thread_opened_from_a_notification_shows_its_root_from_the_first_line() {
    let mut h = Harness::start(SMALL).await;
    h.press("4").await;
    h.press("jjjjjj").await;
    let screen = h.screen();
    assert!(
        screen.contains("Dmitri Volkov boosted your post"),
        "{screen}"
    );
    h.press("<enter>").await;
    let root = {
        let tab = &h.app.state.tabs[h.app.state.active];
        let Some(skua::state::View::Thread(thread)) = tab.stack.last() else {
            panic!("a thread is open:\n{}", h.screen());
        };
        let skua::state::thread::ThreadRow::Post { post, .. } = &thread.rows[0] else {
            panic!("the thread starts with a post");
        };
        h.app.state.posts.get(post).unwrap().content.to_plain()
    };
    let first_line: String = root.lines().next().unwrap().chars().take(30).collect();
    let screen = h.screen();
    assert!(
        screen.contains(first_line.trim()),
        "the root's first line ({first_line}) is on screen:\n{screen}"
    );
}

#[tokio::test]
async fn copying_inside_tmux_says_what_tmux_needs_for_it() {
    let mut h = Harness::start(SMALL).await;
    h.press("y").await;
    assert!(matches!(&h.app.effects[..], [Effect::Copy(url)] if url.starts_with("http")));
    let screen = h.screen();
    assert!(screen.contains("copied the post's address"), "{screen}");
    assert!(!screen.contains("set-clipboard"), "{screen}");
    h.app.state.in_tmux = true;
    h.press("y").await;
    let said = &h.app.state.said.back().unwrap().text;
    assert!(said.contains("in tmux: set -g set-clipboard on"), "{said}");
}

#[test]
fn every_alt_key_action_has_another_key_or_a_name_on_the_command_line() {
    // macOS terminals send Option as Alt only when asked to.
    let config = skua::config::Config::defaults();
    for (action, _, _) in skua::action::ACTIONS {
        let keys = config.keymap.keys_for(*action);
        if !keys.iter().any(|key| key.alt) || keys.iter().any(|key| !key.alt) {
            continue;
        }
        let named = skua::action::ViewKind::ALL.iter().any(|view| {
            let every = skua::state::available::actions_where(*view, |_| true);
            skua::state::palette::Palette::new(*view, &every)
                .matches()
                .contains(action)
        });
        assert!(
            named,
            "{action:?} has only Alt keys and no name to reach it by"
        );
    }
}

#[tokio::test]
async fn a_server_that_answers_410_gone_says_so() {
    let mut h = Harness::start(SMALL).await;
    h.server.fail(
        "/api/v1/timelines/home",
        skua::demo::Fault::status(410, r#"{"error":"This server is shutting down"}"#),
    );
    h.press("r").await;
    let screen = h.screen();
    assert!(
        screen.contains("gone for good, the server says (410)"),
        "{screen}"
    );
    // With what the server said.
    let error = h.app.state.tabs[0]
        .timeline
        .error
        .clone()
        .unwrap_or_default();
    assert!(error.contains("This server is shutting down"), "{error}");
}

#[tokio::test]
async fn misskey_speaks_of_notes_renotes_and_favorites() {
    let mut m = Harness::misskey(common::fixed_data(), SMALL).await;
    let me = m.app.state.me.clone().expect("who the user is").id;
    m.select_first(|p, e| p.author.id != me && e.boosted_by.is_none())
        .await;
    // Someone else's note: not the user's to edit, and no redraft is offered for it.
    m.press("e").await;
    let said = m.app.state.said.back().unwrap().text.clone();
    assert_eq!(said, "you can edit only your own notes");
    m.press("b").await;
    assert_eq!(m.app.state.said.back().unwrap().text, "renoted");
    m.press("B").await;
    assert_eq!(m.app.state.said.back().unwrap().text, "added to favorites");
    let screen = m.screen();
    assert!(screen.contains("you renoted, favorited"), "{screen}");
}

#[tokio::test]
async fn what_a_refresh_brought_is_said_for_a_while_and_posts_above_are_unread_everywhere() {
    let mut h = Harness::start(SMALL).await;
    h.advance(1).await; // the first tick polls once
    // A poll nobody asked for that finds nothing says nothing.
    assert!(!h.screen().contains("no new posts"), "{}", h.screen());
    h.press("r").await;
    assert!(h.screen().contains("no new posts"), "{}", h.screen());
    h.advance(9).await;
    assert!(h.screen().contains("no new posts"), "{}", h.screen());
    h.advance(2).await;
    let screen = h.screen();
    assert!(!screen.contains("no new posts"), "it ages out:\n{screen}");
    // Local keeps no reading position, yet what is above the reader is "unread" as on Home.
    h.press("2").await;
    h.press("jjj").await;
    h.server.post_as("100002", "fresh on local");
    h.press("r").await;
    let screen = h.screen();
    assert!(screen.contains("1 unread ↑"), "{screen}");
    assert!(!screen.contains(" new ↑"), "{screen}");
}

#[tokio::test]
async fn a_narrow_compose_view_keeps_its_buttons_and_the_count() {
    let mut h = Harness::start((40, 12)).await;
    h.press("n").await;
    h.press("hello").await;
    let screen = h.screen();
    for shown in ["Visibility public", "+file", "+poll", "5/500"] {
        assert!(screen.contains(shown), "{shown} at 40x12:\n{screen}");
    }
    // At 80 columns it is one line, as before.
    let mut wide = Harness::start(SMALL).await;
    wide.press("n").await;
    let screen = wide.screen();
    let line = screen.lines().find(|l| l.contains("+file")).unwrap();
    assert!(
        line.contains("Visibility") && line.contains("0/500"),
        "{screen}"
    );
}

/// On a narrow terminal a message is read whole: what always shows on the status line (live,
/// DEMO, the account) gives way to it, and comes back with the next key.
#[tokio::test]
async fn a_narrow_status_line_shows_a_message_whole() {
    let mut h = Harness::start((40, 12)).await;
    h.select_first(|post, _| post.tags.is_empty()).await;
    h.press("t").await;
    let screen = h.screen();
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("this post has no hashtags"), "{screen}");
    h.press("j").await;
    let screen = h.screen();
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("@demo"), "{screen}");
}

#[tokio::test]
async fn the_lists_of_an_account_never_show_counts_that_will_not_come() {
    let mut h = Harness::start(SMALL).await;
    h.press("M").await;
    let screen = h.screen();
    assert!(screen.contains("[✓]") || screen.contains("[ ]"), "{screen}");
    assert!(!screen.contains("… members"), "{screen}");
}

#[tokio::test]
async fn the_unread_badge_never_runs_into_a_header() {
    for width in [50u16, 60, 70, 80] {
        let mut h = Harness::start((width, 24)).await;
        h.press("jjj").await;
        h.server.post_as("100002", "one more");
        h.press("r").await;
        let screen = h.screen();
        let row = screen
            .lines()
            .find(|l| l.contains("1 unread ↑"))
            .unwrap_or_else(|| panic!("a badge at {width} columns:\n{screen}"));
        let before: Vec<char> = row[..row.find(" 1 unread ↑").unwrap()].chars().collect();
        let last = before.last().copied().unwrap_or(' ');
        assert!(
            last == ' ' || last == '…',
            "at {width} columns the badge runs into {row:?}"
        );
    }
}

#[test]
fn the_demo_counts_and_dates_what_it_holds() {
    let data = skua::demo::DemoData::bundled();
    let status = |id: &str| data.statuses.iter().find(|s| s["id"] == id);
    for post in data.statuses.iter().filter(|s| s["reblog"].is_null()) {
        let replies = data
            .statuses
            .iter()
            .filter(|s| s["in_reply_to_id"] == post["id"])
            .count();
        assert_eq!(
            post["replies_count"].as_u64(),
            Some(replies as u64),
            "post {} says ↩ {} but its thread holds {replies}",
            post["id"],
            post["replies_count"]
        );
        // What a post answers is another post of the same thread of talk: its author's own
        // thread, or the demo's thread of answers (whose posts say so).
        if let Some(parent) = post["in_reply_to_id"].as_str().and_then(status) {
            let own_thread = parent["account"] == post["account"];
            let answers = parent["replies_count"].as_u64() > Some(1)
                || post["content"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("nswer");
            assert!(
                own_thread || answers,
                "{} answers {}",
                post["content"],
                parent["content"]
            );
        }
    }
    for notice in data.notifications.iter().filter(|n| n["type"] == "mention") {
        let post = status(notice["status"].as_str().unwrap()).unwrap();
        assert_eq!(
            notice["created_at"], post["created_at"],
            "a mention is as old as its post"
        );
    }
}

fn asks_for_a_server(contents: &str) -> bool {
    contents
        .trim_end()
        .ends_with("Server (e.g. mastodon.social):")
}

#[test]
fn a_first_run_asks_which_server_to_log_in_to_and_opens_it() {
    // The demo approves a MiAuth login by itself after a moment.
    let (server, _runtime) = common::server_apart(skua::api::detect::Flavor::Misskey);
    let mut session = crate::pty::Session::start(&[]);
    let screen = session.wait_for("the question", asks_for_a_server);
    assert!(screen.contains("No account is saved yet"), "{screen}");
    // A typo is said, and asked again.
    session.press("not a server\r");
    let screen = session.wait_for("the second question", |c| {
        c.matches("Server (e.g.").count() == 2 && asks_for_a_server(c)
    });
    assert!(
        screen.contains("`not a server` is not a server address: an address has no spaces"),
        "{screen}"
    );
    // So is a server that cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let unreachable = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    session.press(&format!("{unreachable}\r"));
    let screen = session.wait_for("the third question", |c| {
        c.matches("Server (e.g.").count() == 3 && asks_for_a_server(c)
    });
    assert!(
        screen.contains(&format!("could not connect to {unreachable}/")),
        "{screen}"
    );
    // A handle names its server.
    let host = server.url().authority().to_owned();
    session.press(&format!("@demo@{host}\r"));
    session.wait_for("the address to approve", |c| c.contains("/miauth/"));
    session.wait_for("the timeline", |c| {
        c.contains("· public") && c.contains("↩ ")
    });
    session.press("q");
    assert!(session.wait_exit().success());
    let saved = session.home.path().join(".local/share/skua/accounts.toml");
    let saved = std::fs::read_to_string(saved).unwrap();
    assert!(saved.contains("flavor = \"misskey\""), "{saved}");
}

#[test]
fn a_first_run_with_a_configured_server_and_no_token_logs_in_there() {
    let (server, _runtime) = common::server_apart(skua::api::detect::Flavor::Misskey);
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        &config,
        format!("[account]\nserver = \"{}\"\n", server.url()),
    )
    .unwrap();
    let config = config.path().to_str().unwrap().to_owned();
    let mut session = crate::pty::Session::start(&["--config", &config]);
    let screen = session.wait_for("the address to approve", |c| c.contains("/miauth/"));
    assert!(
        screen.contains(&format!(
            "logging in to {}, the config file's server",
            server.url()
        )),
        "{screen}"
    );
    session.wait_for("the timeline", |c| {
        c.contains("· public") && c.contains("↩ ")
    });
    session.press("q");
    assert!(session.wait_exit().success());
    let saved = session.home.path().join(".local/share/skua/accounts.toml");
    assert!(
        std::fs::read_to_string(saved)
            .unwrap()
            .contains("flavor = \"misskey\"")
    );
}

#[test]
fn a_first_run_left_with_enter_says_how_to_start_and_saves_nothing() {
    let mut session = crate::pty::Session::start(&[]);
    session.wait_for("the question", asks_for_a_server);
    session.press("\r");
    session.wait_for("the hint", |c| {
        c.contains("no account yet: try `skua --demo`, `skua login")
    });
    assert!(!session.wait_exit().success());
    assert!(
        !session
            .home
            .path()
            .join(".local/share/skua")
            .join("accounts.toml")
            .exists()
    );
}

#[test]
fn without_a_terminal_a_first_run_only_says_how_to_start() {
    let home = tempfile::tempdir().unwrap();
    let output = common::skua_cmd(home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no account yet: try `skua --demo`"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Server"));
}
