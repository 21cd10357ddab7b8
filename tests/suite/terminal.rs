//! The real binary in a pseudo-terminal against `--demo`: what a user sees and what their
//! terminal is left like afterwards.

use crate::common;
use crate::pty;

use std::process::Command;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use pty::Session;

/// Whether a tab title shows the loading spinner (the catch-up after the stream connects).
fn loading(contents: &str) -> bool {
    first_line(contents)
        .chars()
        .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
}

fn first_line(contents: &str) -> &str {
    contents.lines().next().unwrap_or_default()
}

fn shows_posts(contents: &str) -> bool {
    contents.contains("DEMO") && contents.contains("· public") && contents.contains("↩ ")
}

#[test]
fn browses_every_timeline_kind_and_quits_cleanly() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    // Settled: the live stream's first catch-up may still be loading when posts first show.
    let home = s.wait_for("the home timeline", |c| shows_posts(c) && !loading(c));
    assert!(
        first_line(&home).contains("1 Home  2 Local  3 Federated"),
        "{home}"
    );
    assert!(
        s.original
            .local_flags
            .contains(nix::sys::termios::LocalFlags::ECHO)
    );

    s.press("2");
    s.wait_for("the local timeline", |c| c != home && shows_posts(c));
    let local = s.contents();
    s.press("3");
    s.wait_for("the federated timeline", |c| c != local && shows_posts(c));

    // A paste with a newline (bracketed) does not confirm the prompt; Enter does.
    assert!(s.bracketed_paste(), "bracketed paste is on");
    s.press("#\x1b[200~ru\r\x1b[201~");
    s.wait_for("the pasted text in the prompt", |c| c.contains("#ru"));
    s.press("st\r");
    s.wait_for("the #rust timeline", |c| {
        first_line(c).contains("5 #rust") && c.contains("#rust") && shows_posts(c)
    });

    s.press("a");
    s.wait_for("the list picker", |c| {
        c.contains("Lists") && c.contains("Rustaceans")
    });
    s.press("Friends\r");
    s.wait_for("the Friends list", |c| {
        first_line(c).contains("6 Friends") && shows_posts(c)
    });

    // Older posts load by themselves at the bottom: a second G lands on an older post.
    s.press("1");
    s.wait_for("home again", |c| c.contains("Hot take") && shows_posts(c));
    s.press("G");
    std::thread::sleep(Duration::from_millis(300));
    let bottom = s.wait_for("the bottom of the first pages", |c| {
        shows_posts(c) && !c.contains("Hot take")
    });
    s.press("G");
    s.wait_for("older posts", |c| c != bottom && shows_posts(c));

    // Ctrl-L repaints; a resized terminal is filled, status line at the new bottom.
    s.press("\u{c}");
    s.wait_for("a repaint", shows_posts);
    s.resize(30, 100);
    s.wait_for("the resized screen", |c| {
        c.lines().nth(29).is_some_and(|l| l.contains("DEMO"))
    });

    s.press("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

fn stops_cleanly_on(signal: Signal) {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("the home timeline", shows_posts);
    kill(s.pid(), signal).unwrap();
    let status = s.wait_exit();
    assert!(status.success(), "{signal}: {status:?}");
    s.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    stops_cleanly_on(Signal::SIGHUP);
}

#[test]
fn sigterm_restores_the_terminal() {
    stops_cleanly_on(Signal::SIGTERM);
}

#[test]
fn an_invalid_config_is_reported_before_the_terminal_is_touched() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("bad.toml");
    std::fs::write(
        &path,
        "[general]\npage_size = 20\ntabs = [\"home\", \"#\"]\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_skua"))
        .args(["--demo", "--demo-every=0", "--config"])
        .arg(&path)
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml, line 3, key `general.tabs`"),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "nothing drawn: {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_token_is_never_taken_from_the_command_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_skua"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("SKUA_TOKEN") && !help.contains("--token"),
        "{help}"
    );
    assert!(help.contains("Log file:"), "{help}");
}

/// Ctrl-Z is only meaningful under a shell with job control, so this one runs skua from bash.
#[test]
fn ctrl_z_hands_the_terminal_back_and_fg_takes_it_again() {
    let mut s = Session::start_with("bash", &["--norc", "--noprofile", "-i"]);
    s.wait_for("the shell prompt", |c| c.contains('$') || c.contains('#'));
    s.press("PS1='ready> '; \"$SKUA\" --demo\r");
    s.wait_for("the home timeline", shows_posts);
    s.press("\u{1a}");
    s.wait_for("the shell", |c| {
        c.contains("Stopped") && c.contains("ready> ")
    });
    {
        let parser = s.screen.lock().unwrap();
        assert!(!parser.screen().alternate_screen() && !parser.screen().hide_cursor());
    }
    s.press("fg\r");
    s.wait_for("the timeline again", shows_posts);
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    s.press("q");
    s.wait_for("the shell again", |c| c.trim_end().ends_with("ready>"));
    s.press("exit\r");
    s.wait_exit();
}

/// `--server URL` with SKUA_TOKEN: the server's software is detected and its API used.
fn connects_to_a_server(flavor: skua::api::detect::Flavor) -> Vec<skua::demo::RecordedRequest> {
    let (server, _runtime) = common::server_apart(flavor);
    let url = server.url().to_string();
    let mut s = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &["--server", &url],
        &[("SKUA_TOKEN", skua::demo::TOKEN), ("SKUA_LOG", "debug")],
    );
    let home = s.wait_for("the home timeline", |c| {
        c.contains("· public") && c.contains("@demo@127.0.0.1")
    });
    assert!(
        !home.contains("DEMO"),
        "a real server is not labelled as the demo"
    );
    s.press("a");
    s.wait_for("the list picker", |c| c.contains("Rustaceans"));
    s.press("\u{1b}");
    s.wait_for("the picker to close", |c| !c.contains("Rustaceans"));
    s.press("S");
    if flavor == skua::api::detect::Flavor::Misskey {
        s.wait_for("the social timeline", |c| {
            first_line(c).contains("5 Social") && c.contains("· public")
        });
    } else {
        s.wait_for("the explanation", |c| {
            c.contains("only Misskey servers have a social timeline")
        });
    }
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    let requests = server.requests();
    for request in &requests {
        // The stream gets the token in its header, never in its (logged) address.
        let stream = request.path == "/streaming" || request.path == "/api/v1/streaming";
        let api = request.path.starts_with("/api/") && request.path != "/api/meta";
        let expected = (api || stream).then_some(skua::demo::TOKEN);
        assert_eq!(request.bearer.as_deref(), expected, "{request:?}");
        assert!(
            request
                .query
                .iter()
                .all(|(k, _)| k != "i" && k != "access_token")
        );
    }
    let log = std::fs::read_to_string(s.home.path().join("state/skua/skua.log")).unwrap();
    assert!(log.contains("timeline"), "the log has the requests: {log}");
    assert!(
        !log.contains(skua::demo::TOKEN),
        "the token leaked into the log"
    );
    requests
}

#[test]
fn a_mastodon_server_with_a_token_from_the_environment() {
    let requests = connects_to_a_server(skua::api::detect::Flavor::Mastodon);
    assert!(requests.iter().any(|r| r.path == "/api/v1/lists"));
    assert!(requests.iter().any(|r| r.path == "/nodeinfo/2.1"));
}

#[test]
fn a_misskey_server_with_a_token_from_the_environment() {
    let requests = connects_to_a_server(skua::api::detect::Flavor::Misskey);
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    for path in [
        "/api/notes/timeline",
        "/api/users/lists/list",
        "/api/notes/hybrid-timeline",
        "/api/i",
    ] {
        assert!(paths.contains(&path), "{path} not in {paths:?}");
    }
    assert!(
        requests.iter().all(|r| r.query.is_empty()),
        "no token or parameter in a Misskey URL"
    );
}

/// `skua login` against a local Misskey server in a terminal with no browser.
struct Login {
    session: Session,
    server: skua::demo::DemoServer,
    _runtime: tokio::runtime::Runtime,
}

fn login(timeout: &str, prepare: impl FnOnce(&skua::demo::DemoServer)) -> Login {
    login_with_env(timeout, &[], prepare)
}

fn login_with_env(
    timeout: &str,
    env: &[(&str, &str)],
    prepare: impl FnOnce(&skua::demo::DemoServer),
) -> Login {
    let (server, runtime) = common::server_apart(skua::api::detect::Flavor::Misskey);
    prepare(&server);
    let url = server.url().to_string();
    let args = ["login", &url, "--timeout", timeout];
    let session = Session::start_with_env(env!("CARGO_BIN_EXE_skua"), &args, env);
    Login {
        session,
        server,
        _runtime: runtime,
    }
}

fn accounts_file(session: &Session) -> std::path::PathBuf {
    session.home.path().join(".local/share/skua/accounts.toml")
}

fn shows_the_address(contents: &str) -> bool {
    contents.contains("No browser can be opened here")
}

#[test]
fn the_login_address_is_a_link_unless_the_config_turns_links_off() {
    for hyperlinks in [true, false] {
        let config = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(&config, format!("[general]\nhyperlinks = {hyperlinks}\n")).unwrap();
        let config = config.path().to_str().unwrap().to_owned();
        let (server, _runtime) = common::server_apart(skua::api::detect::Flavor::Misskey);
        let url = server.url().to_string();
        let session = Session::start(&["--config", &config, "login", &url]);
        session.wait_for("the address", shows_the_address);
        let written = String::from_utf8_lossy(&session.written.lock().unwrap()).into_owned();
        let link = format!("\x1b]8;;{url}miauth/");
        assert_eq!(written.contains(&link), hyperlinks, "{written:?}");
    }
}

#[test]
fn miauth_login_without_a_browser_completes_and_opens_the_timeline() {
    use std::os::unix::fs::PermissionsExt;
    let mut l = login("60", |_| {});
    let screen = l.session.wait_for("the address", shows_the_address);
    // At 80x24 the whole address and a QR code of it show at once.
    let address = common::address_and_code(&screen);
    assert!(
        address.contains("/miauth/")
            && address.ends_with("?name=skua&permission=read:account,write:account,write:notes,write:reactions,read:favorites,write:favorites,read:following,write:following,write:mutes,write:blocks,read:notifications,write:notifications,write:drive,write:votes"),
        "{address}"
    );
    l.session.wait_for("the timeline", |c| {
        c.contains("· public") && c.contains("↩ ")
    });
    let path = accounts_file(&l.session);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mode = std::fs::metadata(path.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("name = \"demo@127.0.0.1:")
    );
    let checks = l
        .server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/check"))
        .count();
    assert_eq!(checks, 3, "{{ok: false}} twice, then the token");
    l.session.press("q");
    assert!(l.session.wait_exit().success());
    l.session.assert_restored();

    // The saved account is used from now on, and can be listed and forgotten.
    let skua = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_skua"))
            .args(args)
            .env("HOME", l.session.home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_STATE_HOME")
            .output()
            .unwrap()
    };
    let listed = skua(&["accounts"]);
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains("* demo@127.0.0.1:"),
        "{listed:?}"
    );
    let out = skua(&["logout"]);
    assert!(out.status.success(), "{out:?}");
    let listed = skua(&["accounts"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("No saved accounts"));
}

#[test]
fn the_linux_console_gets_no_sextants_it_cannot_draw() {
    let l = login_with_env("60", &[("TERM", "linux")], |_| {});
    let screen = l.session.wait_for("the address", shows_the_address);
    assert!(
        !screen
            .chars()
            .any(|c| ('\u{1FB00}'..='\u{1FB3B}').contains(&c)),
        "{screen}"
    );
    // The half-block code does not fit 80x24: the size it needs is said instead.
    assert!(
        screen.contains("A QR code of the address needs a terminal of"),
        "{screen}"
    );
    let address = common::shown_address(&screen).unwrap_or_else(|| panic!("{screen}"));
    assert!(address.ends_with("write:drive,write:votes"), "{address}");
}

#[test]
fn miauth_deadline_passing_saves_nothing() {
    let mut l = login("3", |server| server.set_miauth_approval(None));
    l.session.wait_for("the address", shows_the_address);
    let screen = l.session.wait_for("the message", |c| {
        c.contains("no approval within 3 s; nothing was saved")
    });
    assert!(!l.session.wait_exit().success(), "{screen}");
    assert!(!accounts_file(&l.session).exists());
}

#[test]
fn miauth_ctrl_c_cancels() {
    let mut l = login("60", |server| server.set_miauth_approval(None));
    // The moment the address shows: a Ctrl-C that quick is a cancel too.
    l.session.when("the address", shows_the_address);
    l.session.press("\u{3}");
    l.session.wait_for("the message", |c| {
        c.contains("login cancelled; nothing was saved")
    });
    assert!(!l.session.wait_exit().success());
    assert!(!accounts_file(&l.session).exists());
}

#[test]
fn miauth_check_answering_garbage_or_errors_is_explained() {
    for (fault, message) in [
        (
            skua::demo::Fault::status(200, "<html>oops"),
            "a login check answer skua cannot read",
        ),
        (
            skua::demo::Fault::status(500, "{}"),
            "answered the login check with 500",
        ),
    ] {
        let mut l = login("60", |server| server.fail("/api/miauth/", fault));
        l.session.wait_for("the message", |c| c.contains(message));
        assert!(!l.session.wait_exit().success());
        assert!(!accounts_file(&l.session).exists());
    }
}

fn oauth_login(code: &str) -> (Session, skua::demo::DemoServer, tokio::runtime::Runtime) {
    let (server, runtime) = common::server_apart(skua::api::detect::Flavor::Mastodon);
    let url = server.url().to_string();
    let mut session = Session::start(&["login", &url]);
    let screen = session.wait_for("the code prompt", |c| c.contains("paste the code"));
    let address = common::address_and_code(&screen);
    assert!(address.contains("/oauth/authorize?"), "{address}");
    assert!(address.contains("scope=read+write&"), "{address}");
    assert!(address.ends_with("code_challenge_method=S256"), "{address}");
    session.press(&format!("{code}\r"));
    (session, server, runtime)
}

#[test]
fn mastodon_oauth_login_with_a_pasted_code() {
    let (mut session, server, _runtime) = oauth_login(skua::demo::OAUTH_CODE);
    session.wait_for("the timeline", |c| {
        c.contains("· public") && c.contains("↩ ")
    });
    session.press("q");
    assert!(session.wait_exit().success());
    let saved = std::fs::read_to_string(accounts_file(&session)).unwrap();
    assert!(saved.contains("flavor = \"mastodon\""), "{saved}");
    let apps = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/v1/apps")
        .unwrap();
    assert_eq!(apps.body.unwrap()["scopes"], skua::login::OAUTH_SCOPES);
}

#[test]
fn mastodon_oauth_wrong_code_saves_nothing() {
    let (mut session, _server, _runtime) = oauth_login("not-the-code");
    session.wait_for("the message", |c| {
        c.contains("did not accept that code") && c.contains("nothing was saved")
    });
    assert!(!session.wait_exit().success());
    assert!(!accounts_file(&session).exists());
}

#[test]
fn the_misskey_demo_shows_the_miauth_flow_then_its_timelines() {
    let mut s = Session::start(&["--demo=misskey", "--demo-every=0"]);
    s.wait_for("the address", shows_the_address);
    s.wait_for("the timeline", |c| shows_posts(c) && c.contains("❤"));
    s.press("S");
    s.wait_for("the social timeline", |c| {
        first_line(c).contains("5 Social")
    });
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    assert!(!accounts_file(&s).exists(), "the demo saves no account");
}

/// A demo server the test can inspect, and skua connected to it with `--server`.
fn against_a_server(args: &[&str]) -> (Session, skua::demo::DemoServer, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    let url = server.url().to_string();
    let mut all = vec!["--server", url.as_str()];
    all.extend_from_slice(args);
    let session = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &all,
        &[("SKUA_TOKEN", skua::demo::TOKEN)],
    );
    (session, server, runtime)
}

fn members_of(server: &skua::demo::DemoServer, title: &str) -> Option<Vec<String>> {
    server.with_data(|d| {
        d.lists
            .iter()
            .find(|l| l.title == title)
            .map(|l| l.members.clone())
    })
}

/// What skua shows at once (a list change, cached posts) is sent or asked after: waits (a
/// bounded time) until the server has `what`.
fn server_follows(what: &str, done: impl Fn() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < pty::WAIT, "the server never had {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn lists_are_curated_from_the_keyboard_and_the_server_follows_each_step() {
    let (mut s, server, _runtime) = against_a_server(&[]);
    s.wait_for("the home timeline", |c| c.contains("@priya@tech.example"));

    // Create a list and put the selected post's author on it: M, n, title, Enter.
    s.press("M");
    s.wait_for("the author's lists", |c| {
        c.contains("Lists for @priya@tech.example")
    });
    s.press("n");
    s.wait_for("the title prompt", |c| c.contains("New list"));
    s.press("Birders\r");
    s.wait_for("the new list, checked", |c| c.contains("[✓] Birders"));
    server_follows("the new list with its member", || {
        members_of(&server, "Birders").is_some_and(|m| m == ["100018"])
    });

    // A second author, from the next post.
    s.press("\u{1b}");
    s.wait_for("the popup to close", |c| !c.contains("Lists for"));
    s.press("j");
    s.press("M");
    s.wait_for("the next author's lists", |c| {
        c.contains("Lists for @gen@mstdn.example.jp")
    });
    s.wait_for("their memberships", |c| !c.contains("[…]"));
    s.press("G ");
    s.wait_for("the second member", |c| {
        c.contains("[✓] Birders  2 members")
    });
    server_follows("the second member", || {
        members_of(&server, "Birders").is_some_and(|m| m == ["100018", "100007"])
    });
    s.press("\u{1b}");
    s.wait_for("the popup to close", |c| !c.contains("Lists for"));

    // Rename it.
    s.press("A");
    s.wait_for("the lists screen", |c| {
        c.contains("Lists (5)") && c.contains("Birders")
    });
    s.press("GR");
    s.wait_for("the rename prompt", |c| c.contains("Rename list"));
    s.press(&"\u{7f}".repeat(7));
    s.press("Bird club\r");
    s.wait_for("the new title", |c| c.contains("› Bird club"));
    server_follows("the new title", || {
        members_of(&server, "Bird club").is_some()
    });

    // Open its timeline.
    s.press("\r");
    s.wait_for("its tab and posts", |c| {
        first_line(c).contains("5 Bird club") && c.contains("@gen@mstdn.example.jp")
    });

    // Remove a member.
    s.press("A");
    s.wait_for("the lists screen", |c| {
        c.contains("› Bird club") || c.contains("Lists (5)")
    });
    s.press("Gm");
    // The rows, not only the count the lists screen knew: `d` needs a member selected.
    s.wait_for("the members", |c| {
        c.contains("Members of “Bird club” (2)") && c.contains("› [ ]")
    });
    s.press("d");
    s.wait_for("one member left", |c| {
        c.contains("Members of “Bird club” (1)")
    });
    server_follows("one member left", || {
        members_of(&server, "Bird club").is_some_and(|m| m.len() == 1)
    });

    // Delete the list: its tab closes.
    s.press("\u{1b}");
    s.wait_for("the lists screen", |c| c.contains("Lists (5)"));
    s.press("Gd");
    s.wait_for("the question", |c| {
        c.contains("Delete the list “Bird club”")
    });
    s.press("\r");
    s.wait_for("the list gone", |c| {
        c.contains("deleted the list") && !first_line(c).contains("Bird club")
    });
    server_follows("the list deleted", || {
        members_of(&server, "Bird club").is_none()
    });

    // q goes back from the lists screen, and quits from the timelines.
    s.press("q");
    s.wait_for("the timelines", |c| {
        !c.contains("Lists (") && c.contains("followed you")
    });
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn deleting_from_the_command_line_asks_on_a_terminal() {
    let (mut s, server, _runtime) = against_a_server(&["lists", "delete", "Friends"]);
    s.wait_for("the question", |c| {
        c.contains("Delete the list “Friends”? It cannot be undone. [y/N]")
    });
    s.press("n\r");
    assert!(!s.wait_exit().success());
    assert!(members_of(&server, "Friends").is_some());

    let (mut s, server, _runtime) = against_a_server(&["lists", "delete", "Friends"]);
    s.wait_for("the question", |c| c.contains("[y/N]"));
    s.press("y\r");
    assert!(s.wait_exit().success());
    // Its last words may still be on their way through the pseudo-terminal.
    s.wait_for("the answer", |c| c.contains("Deleted the list “Friends”."));
    assert!(members_of(&server, "Friends").is_none());
}

#[test]
fn accounts_are_added_switched_and_removed_inside_the_tui() {
    use std::os::unix::fs::PermissionsExt;
    // skua starts on a Mastodon server given with --server; two more servers to log in to.
    let (mut s, _first, runtime) = against_a_server(&[]);
    let misskey = runtime
        .block_on(skua::demo::DemoServer::start_as(
            skua::demo::DemoData::bundled(),
            skua::api::detect::Flavor::Misskey,
        ))
        .unwrap();
    let mastodon = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    let misskey_host = misskey.url().authority().to_owned();
    let mastodon_host = mastodon.url().authority().to_owned();
    s.wait_for("the home timeline", |c| c.contains("@priya@tech.example"));

    // Add a Misskey account: MiAuth with its address and QR code shown, no browser needed.
    s.press("U");
    // The connection skua started with is listed (not saved), to come back to.
    s.wait_for("the accounts screen", |c| c.contains("(not saved)"));
    s.press("n");
    s.wait_for("the server prompt", |c| c.contains("Its server's address"));
    s.press(&format!("{}\r", misskey.url()));
    // Drawn whole (the code arrives in pieces through the pseudo-terminal).
    let shown = s.wait_for("the MiAuth address and its code", |c| {
        c.contains("Waiting for approval") && common::read_qr(c, (9, 19)).is_some()
    });
    assert!(
        common::address_and_code(&shown).contains("/miauth/"),
        "{shown}"
    );
    // A terminal too narrow for the code says what size shows it.
    s.resize(24, 50);
    s.wait_for("the smaller screen", |c| {
        c.contains("shows a QR code of it")
    });
    s.resize(24, 80);
    s.wait_for("the code again", |c| common::read_qr(c, (9, 19)).is_some());
    s.press("y"); // copy: must not disturb the flow
    s.wait_for("the login to finish", |c| {
        c.contains(&format!("logged in as @demo@{misskey_host}"))
    });
    s.wait_for("the Misskey timelines", |c| {
        c.contains(&format!("@demo@{misskey_host}")) && c.contains("❤")
    });
    let file = accounts_file(&s);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        misskey
            .requests()
            .iter()
            .any(|r| r.path == "/api/notes/timeline"
                && r.bearer.as_deref() == Some(skua::demo::TOKEN))
    );

    // Add a Mastodon account: OAuth with a pasted code.
    s.press("U");
    s.wait_for("the saved account", |c| {
        c.contains(&format!("● @demo@{misskey_host}"))
    });
    s.press("n");
    s.wait_for("the server prompt", |c| c.contains("Its server's address"));
    s.press(&format!("{}\r", mastodon.url()));
    s.wait_for("the authorization address", |c| {
        c.contains("/oauth/authorize")
    });
    s.press("\r");
    s.wait_for("the code prompt", |c| c.contains("Paste the code"));
    s.press("wrong\r");
    s.wait_for("the refusal", |c| c.contains("did not accept that code"));
    s.press("\r");
    s.wait_for("a fresh address", |c| c.contains("/oauth/authorize"));
    s.press("\r");
    s.wait_for("the code prompt", |c| c.contains("Paste the code"));
    s.press(&format!("{}\r", skua::demo::OAUTH_CODE));
    s.wait_for("the second login", |c| {
        c.contains(&format!("logged in as @demo@{mastodon_host}"))
    });

    // Switch back to the Misskey account without restarting.
    s.press("U");
    s.wait_for("both accounts", |c| {
        c.contains(&format!("● @demo@{mastodon_host}"))
            && c.contains(&format!("@demo@{misskey_host}"))
    });
    let before = misskey.requests().len();
    s.press("gj\r"); // the first saved account, below the --server connection
    s.wait_for("the Misskey account again", |c| {
        c.contains(&format!("now using @demo@{misskey_host}")) && c.contains("❤")
    });
    // Its cached posts are painted at once; the server is asked for new ones meanwhile.
    server_follows("the Misskey account's timeline asked for again", || {
        misskey.requests().len() > before
    });

    // Remove the Mastodon account; the one in use cannot be removed.
    s.press("U");
    s.wait_for("the accounts screen", |c| c.contains("Accounts (3)"));
    s.press("d");
    s.wait_for("the refusal", |c| {
        c.contains("that account is in use; switch to another first")
    });
    s.press("G");
    s.press("d");
    s.wait_for("the question", |c| {
        c.contains(&format!("Forget @demo@{mastodon_host}?"))
    });
    s.press("\r");
    s.wait_for("one account left", |c| c.contains("Accounts (2)"));
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains(&misskey_host) && !saved.contains(&mastodon_host),
        "{saved}"
    );

    // Back to the server skua started with, which was never saved.
    s.press("g\r");
    s.wait_for("the first server again", |c| {
        c.contains("now using 127.0.0.1") && c.contains("@priya@tech.example")
    });
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("not saved")
    );
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// The screen row of the selected post's first line (its bar) and that line.
fn selected_row(screen: &str) -> Option<(usize, String)> {
    screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with('▌'))
        .map(|(row, line)| (row, line.to_owned()))
}

#[test]
fn favourite_thread_profile_follow_and_back_to_the_same_post_and_row() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("the home timeline", shows_posts);
    // Down to a post by someone the demo user does not follow yet.
    let mut screen = s.contents();
    for _ in 0..120 {
        if selected_row(&screen).is_some_and(|(_, l)| l.contains("@uma")) {
            break;
        }
        s.press("j");
        let before = screen.clone();
        screen = s.wait_for("the selection to move", |c| c != before);
    }
    let (row, line) = selected_row(&screen).expect("a post by @uma is selected");
    assert!(line.contains("@uma"), "{screen}");
    s.press("f");
    let favourited = s.wait_for("the favourite mark", |c| c.contains("you favourited"));
    s.press("\r");
    s.wait_for("its thread", |c| first_line(c).contains("› thread"));
    s.press("p");
    s.wait_for("the author's profile", |c| {
        first_line(c).contains("› @uma") && c.contains("you do not follow them")
    });
    s.press("w");
    s.wait_for("following", |c| {
        c.contains("you follow them") && c.contains("followed @uma")
    });
    s.press("\x1b");
    s.wait_for("the thread again", |c| {
        first_line(c).contains("› thread") && !first_line(c).contains("@uma")
    });
    s.press("\x1b");
    let back = s.wait_for("the timeline again", |c| !first_line(c).contains("›"));
    let (back_row, back_line) = selected_row(&back).unwrap();
    assert_eq!(
        (back_row, back_line.as_str()),
        (row, line.as_str()),
        "the same post on the same row:\nbefore:\n{favourited}\nafter:\n{back}"
    );
    assert!(back.contains("you favourited"), "{back}");
    s.press("q");
    s.wait_exit();
}

#[test]
fn a_draft_survives_a_dropped_link_and_is_offered_at_the_next_start() {
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut s = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &env,
    );
    s.wait_for("the home timeline", shows_posts);
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("New post"));
    s.press("words typed over a flaky link");
    s.wait_for("the text", |c| c.contains("words typed over a flaky link"));
    // The SSH connection drops: the terminal hangs up at once, before any pause in typing.
    kill(s.pid(), Signal::SIGHUP).unwrap();
    assert!(s.wait_exit().success());
    let again = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &env,
    );
    let offered = again.wait_for("the unsent draft offered", |c| {
        c.contains("Unsent drafts (1)")
    });
    assert!(
        offered.contains("words typed over a flaky link"),
        "{offered}"
    );
    let mut again = again;
    again.press("\r");
    again.wait_for("the draft open again", |c| {
        c.contains("New post") && c.contains("words typed over a flaky link")
    });
}

#[test]
fn the_external_editor_edits_a_private_file_and_the_text_comes_back() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("editor.sh");
    let report = home.path().join("mode");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstat -c %a \"$1\" > '{}'\nprintf 'written in the editor\\n' >> \"$1\"\n",
            report.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor = script.to_str().unwrap();
    let mut s = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &[("VISUAL", editor)],
    );
    s.wait_for("the home timeline", shows_posts);
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("New post"));
    s.press("first line: ");
    s.wait_for("the text", |c| c.contains("first line:"));
    s.press("\x18"); // Ctrl-X
    // The file ended with a newline, so the editor's line is a line of its own.
    s.wait_for("the edited text back in skua", |c| {
        c.contains("New post") && c.contains("written in the editor")
    });
    assert!(
        !s.contents().contains("first line: written"),
        "{}",
        s.contents()
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap().trim(), "600");
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("skua-draft"))
        .collect();
    assert!(leftovers.is_empty(), "the temporary file is removed");
    s.press("\x13"); // Ctrl-S
    s.wait_for("the post in home", |c| {
        c.contains("posted") && c.contains("written in the editor")
    });
}

#[test]
fn a_post_the_server_refuses_keeps_the_draft_with_the_reason() {
    let (mut s, server, _runtime) = against_a_server(&[]);
    s.wait_for("the home timeline", |c| c.contains("@priya@tech.example"));
    server.fail(
        "/api/v1/statuses",
        skua::demo::Fault::Respond {
            status: 422,
            body: r#"{"error":"Validation failed: Text contains a word this server blocks"}"#
                .into(),
            headers: vec![],
        },
    );
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("New post"));
    s.press("a post the server will refuse\x13");
    let screen = s.wait_for("the refusal", |c| {
        c.contains("not posted: the server refused")
    });
    assert!(screen.contains("a post the server will refuse"), "{screen}");
    assert!(screen.contains("New post"), "still writing:\n{screen}");
    s.press("\x1b");
    s.wait_for("the draft kept", |c| c.contains("draft kept"));
    s.press("D");
    s.wait_for("the drafts list", |c| {
        c.contains("Unsent drafts (1)") && c.contains("a post the server will refuse")
    });
}

/// The rows of the selected post (its bar) on screen: where the reader is looking.
fn selected_rows(contents: &str) -> Vec<(usize, String)> {
    contents
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with('▌'))
        .map(|(row, line)| (row, line.trim_end().to_owned()))
        .collect()
}

/// Presses `j` `times`, one key at a time, each time waiting until the selection has moved
/// down, so no screen from half-way is taken for the end; returns the last screen.
fn select_down(s: &mut Session, times: usize) -> String {
    let mut screen = s.wait_for("a selected post", |c| !selected_rows(c).is_empty());
    for _ in 0..times {
        let row = selected_rows(&screen)[0].0;
        s.press("j");
        screen = s.wait_for("the next post selected", |c| {
            selected_rows(c)
                .first()
                .is_some_and(|(next, _)| *next > row)
        });
    }
    screen
}

#[test]
fn on_the_live_demo_new_posts_arrive_without_moving_the_post_being_read() {
    let mut s = Session::start(&["--demo", "--demo-every=1"]);
    s.wait_for("the home timeline, live and caught up", |c| {
        shows_posts(c) && c.contains("● live") && !loading(c)
    });
    let reading = select_down(&mut s, 2);
    let before = selected_rows(&reading);
    let after = s.wait_for("a live post above", |c| {
        c.contains("new ↑") || c.contains("unread ↑")
    });
    assert_eq!(
        selected_rows(&after),
        before,
        "the same post on the same rows:\n{after}"
    );
    assert!(
        first_line(&after).contains("1 Home ("),
        "the tab counts it: {after}"
    );
    // g goes up to it.
    s.press("g");
    s.wait_for("the newest post", |c| {
        selected_rows(c).first().is_some_and(|(row, _)| *row == 1)
    });
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn the_last_sessions_posts_show_at_once_and_fresh_ones_merge_without_moving_the_reader() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    let (_home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let skua = env!("CARGO_BIN_EXE_skua");
    let posts = |c: &str| c.contains("· public") && c.contains("↩ ");

    let mut s = Session::start_with_env(skua, &[], &env);
    s.wait_for("the home timeline", posts);
    let read = select_down(&mut s, 3);
    s.press("q");
    assert!(s.wait_exit().success());

    // The next start: the server is slow, and has more to say than one page.
    for n in 0..25 {
        server.post_as("100002", &format!("posted while you were away {n}"));
    }
    server.set_latency(Duration::from_millis(1500));
    let mut s = Session::start_with_env(skua, &[], &env);
    let cached = s.wait_for("the cached posts", |c| c.contains("cached just now"));
    assert_eq!(
        selected_rows(&cached),
        selected_rows(&read),
        "the same post on the same rows:\n{cached}"
    );
    assert!(!cached.contains("while you were away"), "{cached}");
    let fresh = s.wait_for("the fresh posts", |c| c.contains("25 new posts"));
    assert!(!fresh.contains("cached"), "{fresh}");
    assert_eq!(
        selected_rows(&fresh),
        selected_rows(&read),
        "the fresh posts went in above the reader:\n{fresh}"
    );
    s.press("q");
    assert!(s.wait_exit().success());

    // --no-cache shows nothing before the server answers.
    let mut s = Session::start_with_env(skua, &["--no-cache"], &env);
    let first = s.wait_for("the status line", |c| c.contains("127.0.0.1"));
    assert!(
        !first.contains("cached") && selected_rows(&first).is_empty(),
        "{first}"
    );
    s.wait_for("the fresh posts", posts);
    s.press("q");
    assert!(s.wait_exit().success());
}

#[test]
fn logging_out_in_another_terminal_is_not_undone_when_the_tui_quits() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    let (home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let cache = home.path().join("cache/skua/demo@127.0.0.1.json");
    let skua = env!("CARGO_BIN_EXE_skua");
    let mut s = Session::start_with_env(skua, &[], &env);
    s.wait_for("the home timeline", |c| c.contains("↩ "));
    let logout = Command::new(skua)
        .args(["logout", "demo@127.0.0.1"])
        .env_clear()
        .env("HOME", s.home.path())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(logout.status.success(), "{logout:?}");
    // The reading position rests (3 s) and would be saved while the TUI runs.
    std::thread::sleep(std::time::Duration::from_secs(4));
    let positions = home.path().join("state/skua/positions/demo@127.0.0.1.toml");
    assert!(
        !positions.exists(),
        "the TUI wrote the logged-out account's reading position back"
    );
    s.press("q");
    assert!(s.wait_exit().success());
    assert!(
        !cache.exists(),
        "the TUI wrote the logged-out account's posts back"
    );
    // Still logged in, quitting keeps the cache.
    pty::save_account(home.path(), server.url());
    let mut s = Session::start_with_env(skua, &[], &env);
    s.wait_for("the home timeline", |c| c.contains("↩ "));
    s.press("q");
    assert!(s.wait_exit().success());
    assert!(cache.exists());
}

#[test]
fn the_accounts_screen_lists_an_account_another_skua_saved_meanwhile() {
    let (server, _runtime) = common::server_apart(skua::api::detect::Flavor::Mastodon);
    let (home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut s = Session::start_with_env(env!("CARGO_BIN_EXE_skua"), &[], &env);
    s.wait_for("the home timeline", |c| c.contains("↩ "));
    // `skua login` in another terminal.
    let mut store =
        skua::accounts::AccountStore::load(&home.path().join("data/skua/accounts.toml")).unwrap();
    store
        .add(skua::accounts::SavedAccount::new(
            "carol@elsewhere.example".into(),
            "https://elsewhere.example/".into(),
            skua::api::detect::Flavor::Misskey,
            &skua::api::http::Token::new("another token"),
        ))
        .unwrap();
    s.press("U");
    s.wait_for("the other skua's account", |c| {
        c.contains("carol@elsewhere.example") && c.contains("demo@127.0.0.1")
    });
    s.press("q");
    s.press("q");
    assert!(s.wait_exit().success());
}

/// The screen's columns `from..to` above the status line, post ages ("5m") masked: the
/// demo's clock runs while the test does.
fn screen_columns(screen: &str, from: usize, to: usize) -> String {
    let age = |word: &str| {
        let digits = word.trim_end_matches(['s', 'm', 'h', 'd']);
        word == "now" || (digits.len() < word.len() && digits.parse::<u32>().is_ok())
    };
    let lines = common::screen_columns(screen, from, to);
    let masked = lines.lines().map(|line| {
        let words = line.split(' ').map(|w| if age(w) { "·" } else { w });
        words.collect::<Vec<_>>().join(" ")
    });
    masked.collect::<Vec<_>>().join("\n")
}

#[test]
fn on_the_demo_deck_the_second_pane_opens_a_thread_and_the_first_is_untouched() {
    let mut s = Session::start_sized(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0", "--layout", "deck"],
        &[],
        (200, 50),
    );
    let deck = s.wait_for("three panes", |c| {
        first_line(c).contains("1 Home")
            && first_line(c).contains("│ 2 Local")
            && first_line(c).contains("│ 3 #rust")
            && c.matches("↩ ").count() > 20
            && c.contains("● live")
            && !loading(c)
            // Every preview on screen arrived (a shaded box names one on its way).
            && !["‹image›", "‹video›", "‹gif›"].iter().any(|waiting| c.contains(waiting))
    });
    let home = screen_columns(&deck, 0, 66);
    s.press("\x1bl"); // Alt-l: the focus to Local
    s.press("j\r");
    let thread = s.wait_for("a thread in the second pane", |c| {
        first_line(c).contains("2 Local › thread")
    });
    assert_eq!(screen_columns(&thread, 0, 66), home, "{thread}");
    s.press("\x1b");
    let back = s.wait_for("the second pane's timeline again", |c| {
        !first_line(c).contains("› thread")
    });
    assert_eq!(screen_columns(&back, 0, 66), home, "{back}");
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn the_panes_left_open_come_back_at_the_next_start() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    let (_home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let skua = env!("CARGO_BIN_EXE_skua");
    let three = |c: &str| {
        first_line(c).contains("│ 2 Local") && first_line(c).contains("│ 3 Notifications")
    };
    let mut s = Session::start_sized(skua, &["--layout", "deck"], &env, (200, 50));
    s.wait_for("three panes", three);
    s.press("\x1bl>"); // Local moves into the notifications pane
    s.wait_for("two panes", |c| {
        first_line(c).matches('│').count() == 1 && first_line(c).contains("2 Local")
    });
    s.press("q");
    assert!(s.wait_exit().success());
    let mut s = Session::start_sized(skua, &[], &env, (200, 50));
    let again = s.wait_for("the two panes again", |c| {
        first_line(c).matches('│').count() == 1
    });
    assert!(
        first_line(&again).contains("1 Home") && first_line(&again).contains("3 Notifications"),
        "{again}"
    );
    s.press("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_dropped_terminal_ends_skua_without_a_panic() {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let size = nix::pty::Winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = nix::pty::openpty(Some(&size), None).unwrap();
    // Only this test holds the terminal's far end: skua must not inherit it, or closing it
    // here would not close it.
    for fd in [pty.master.as_raw_fd(), pty.slave.as_raw_fd()] {
        // SAFETY: setting a flag on a descriptor this test owns.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let home = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_skua"));
    command
        .args(["--demo", "--demo-every=1"])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::from(pty.slave.try_clone().unwrap()))
        .stdout(std::process::Stdio::from(pty.slave.try_clone().unwrap()))
        .stderr(std::process::Stdio::from(pty.slave.try_clone().unwrap()));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().unwrap();
    drop(pty.slave);
    let mut master = std::fs::File::from(pty.master);
    // Read until the timeline is drawn (the demo keeps posting: the screen stays busy).
    let mut seen = Vec::new();
    let start = std::time::Instant::now();
    while !String::from_utf8_lossy(&seen).contains("↩ ") {
        assert!(start.elapsed() < Duration::from_secs(30), "no timeline");
        let mut poll = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut poll, 1, 100) } > 0 {
            let mut buffer = [0u8; 8192];
            let n = master.read(&mut buffer).unwrap();
            seen.extend_from_slice(&buffer[..n]);
        }
    }
    // The terminal goes away (a closed window, a dropped SSH link).
    drop(master);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "skua goes on without its terminal"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let log = std::fs::read_to_string(home.path().join("state/skua/skua.log")).unwrap_or_default();
    assert_ne!(status.code(), Some(101), "a panic: {status:?}\n{log}");
    assert!(!log.contains("panic"), "{log}");
}

#[test]
fn esc_then_q_typed_apart_are_two_keys_even_while_skua_is_busy() {
    // A large terminal whose output is not read: each full repaint fills the pseudo-terminal,
    // so skua's loop waits on its writes while the keys arrive.
    let mut s = Session::start_sized(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &[],
        (250, 80),
    );
    s.wait_for("the home timeline", |c| shows_posts(c) && !loading(c));
    let screen = s.screen.clone();
    let held = screen.lock().unwrap();
    s.press(&"\u{c}".repeat(12));
    std::thread::sleep(Duration::from_millis(700));
    s.press("\u{1b}");
    std::thread::sleep(Duration::from_millis(300));
    s.press("q");
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    // Esc does nothing on a timeline, and q then quits; an Alt-q would not.
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn alt_b_arrives_as_one_key_from_either_kind_of_terminal() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("the home timeline", shows_posts);
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("Ctrl-s"));
    s.press("one two");
    s.wait_for("the words typed", |c| c.contains("one two"));
    // Esc and b written together (a terminal without the kitty protocol), then the kitty
    // protocol's own Alt-b: each moves back one word.
    s.press("\u{1b}b");
    s.press("X");
    s.wait_for("X before the second word", |c| c.contains("one Xtwo"));
    s.press("\u{1b}[98;3u");
    s.press("Y");
    s.wait_for("Y at the start of that word", |c| c.contains("one YXtwo"));
}

/// tmux within its escape-time (500 ms unless set), or a link that bunched them, hands an
/// Esc and the key typed after it over as one Alt key: where that Alt key means nothing, it
/// is the two keys.
#[test]
fn an_esc_and_a_key_arriving_together_are_both_taken() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("the home timeline", shows_posts);
    s.press("p");
    s.wait_for("a profile", |c| c.contains("Home › @"));
    s.press("\u{1b}4");
    s.wait_for("the notifications, the profile closed", |c| {
        c.starts_with(" 1 Home  2 Local") && c.contains("mentioned you")
    });
    // Alt-j moves the focus to the pane below, and with one pane there is none: Esc (the
    // profile closes) then `j` (the next post).
    s.press("1p");
    s.wait_for("a profile", |c| c.contains("Home › @"));
    s.press("\u{1b}j");
    s.wait_for("the profile closed, the second post selected", |c| {
        let rows: Vec<&str> = c.lines().collect();
        shows_posts(c) && !c.contains("Home › @") && !rows[1].starts_with('▌')
    });
}

#[test]
fn keys_typed_while_waiting_for_approval_neither_echo_nor_reach_the_timeline() {
    let mut s = Session::start(&["--demo=misskey", "--demo-every=0"]);
    s.wait_for("the address", shows_the_address);
    // Ctrl-s would stop the terminal's output (XON/XOFF) in a cooked terminal.
    s.press("nmk post\u{13}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let waiting = s.contents();
    assert!(
        !waiting.contains("mk post"),
        "typed keys echoed:\n{waiting}"
    );
    let timeline = s.wait_for("the timeline", |c| shows_posts(c) && c.contains("❤"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let after = s.contents();
    assert!(
        !after.contains("New post") && !after.contains("mk post"),
        "the keys typed while waiting reached the timeline:\n{after}\n(first:\n{timeline})"
    );
    s.press("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn esc_cancels_waiting_for_approval() {
    let mut l = login("60", |server| server.set_miauth_approval(None));
    l.session.wait_for("the address", shows_the_address);
    l.session.press("\u{1b}");
    l.session.wait_for("the message", |c| {
        c.contains("login cancelled; nothing was saved")
    });
    assert!(!l.session.wait_exit().success());
    assert!(!accounts_file(&l.session).exists());
    l.session.assert_restored();
}

/// A terminal that draws emoji sequences part by part (as tmux and VTE do, and vt100 here):
/// skua asks it how wide `❄️` is and lines text up with what it draws, with neither a gap nor
/// a stray character after the emoji; also where the answer comes after the first frame.
#[test]
fn emoji_sequences_line_up_with_what_the_terminal_draws() {
    for late in [Duration::ZERO, Duration::from_millis(300)] {
        emoji_sequences_line_up_answering(late);
    }
}

fn emoji_sequences_line_up_answering(late: Duration) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(
            skua::demo::DemoData::bundled(),
        ))
        .unwrap();
    server.post_as("100002", "\u{2744}\u{FE0F} snow day 👍🏽 yes");
    let (_home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut s =
        Session::start_answering_late(env!("CARGO_BIN_EXE_skua"), &["--no-cache"], &env, late);
    // The first frame never waits long for the terminal's answer: the post may show with the
    // guess first, then lined up once the answer is in.
    s.wait_for(&format!("the snowy post, lined up ({late:?} late)"), |c| {
        c.contains("\u{2744} snow day 👍 yes")
    });
    s.press("q");
    assert!(s.wait_exit().success());
    // Answered at once, the first page waited for the answer rather than being fetched
    // again (later pages, from the stream's catch-up, ask for what is newer).
    let first_pages = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v1/timelines/home")
        .filter(|r| r.query.iter().all(|(key, _)| key == "limit"))
        .count();
    if late.is_zero() {
        assert_eq!(first_pages, 1, "the first page, once");
    }
}

/// On a terminal that draws emoji sequences part by part (vt100 here, tmux and VTE too), what
/// the user writes keeps its sequences, typed a character at a time: the post goes out as
/// written, and compose shows a stand-in as wide as each, so the line stays in place.
#[test]
fn ones_own_emoji_are_posted_as_written_where_the_terminal_draws_them_apart() {
    let (mut s, server, _runtime) = against_a_server(&[]);
    s.wait_for("the home timeline", |c| c.contains("@priya@tech.example"));
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("New post"));
    s.press("ok 👍🏽 🏳\u{FE0F}\u{200D}🌈 end");
    s.wait_for("the text, lined up", |c| c.contains("ok 👍 🌈 end"));
    s.press("\x13"); // Ctrl-S
    s.wait_for("posted", |c| c.contains("posted"));
    let sent: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v1/statuses")
        .filter_map(|r| r.body)
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["status"], "ok 👍🏽 🏳\u{FE0F}\u{200D}🌈 end");
}

/// Until the demo's first post with two pictures is selected (`j` at a time).
fn select_the_two_pictures(s: &mut Session) -> String {
    for _ in 0..40 {
        let screen = s.contents();
        let selected: Vec<&str> = screen.lines().filter(|l| l.starts_with('▌')).collect();
        if selected
            .iter()
            .filter(|l| l.contains("▣ image: Rain-streaked"))
            .count()
            == 2
        {
            return screen;
        }
        s.press("j");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("no post with two pictures: {}", s.contents());
}

#[test]
fn on_the_demo_previews_arrive_without_moving_the_selection_and_the_viewer_opens_and_closes() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("posts", |c| c.contains("↩ ") && !loading(c));
    select_the_two_pictures(&mut s);
    let drawn = s.wait_for("the previews", |c| {
        c.lines().filter(|l| l.starts_with("▌ ▀▀▀▀")).count() >= 3
            && !["‹image›", "‹video›"].iter().any(|w| c.contains(w))
    });
    // Still the post with the two pictures, its text above them.
    let selected: Vec<&str> = drawn.lines().filter(|l| l.starts_with('▌')).collect();
    assert!(
        selected.iter().any(|l| l.contains("Released v0.4")),
        "{drawn}"
    );
    s.press("E");
    s.wait_for("the viewer", |c| {
        c.contains("image 1 of 2") && c.contains("Rain-streaked") && c.contains("▀▀▀▀▀▀▀▀")
    });
    s.press("\t");
    s.wait_for("the second picture", |c| c.contains("image 2 of 2"));
    s.press("\x1b");
    s.wait_for("the timeline again", |c| {
        !c.contains("of 2") && c.contains("Released v0.4")
    });
    s.press("q");
    assert!(s.wait_exit().success());
}

#[test]
fn with_previews_off_only_the_alt_text_line_shows() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("config.toml");
    std::fs::write(&path, "[media]\npreviews = \"off\"\n").unwrap();
    let path = path.to_str().unwrap();
    let mut s = Session::start(&["--demo", "--demo-every=0", "--config", path]);
    s.wait_for("posts", |c| c.contains("↩ ") && !loading(c));
    let screen = select_the_two_pictures(&mut s);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let later = s.contents();
    for screen in [&screen, &later] {
        assert!(
            !screen.contains('▀') && !screen.contains("‹image›"),
            "{screen}"
        );
    }
    s.press("q");
    assert!(s.wait_exit().success());
}

/// What skua wrote to the terminal so far.
fn written(s: &Session) -> String {
    String::from_utf8_lossy(&s.written.lock().unwrap()).into_owned()
}

#[test]
fn on_a_kitty_terminal_pictures_are_sent_once_and_its_answers_are_never_read_as_keys() {
    let mut s = Session::start_with_env(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &[("TERM", "xterm-kitty")],
    );
    let first = s.wait_for("posts", |c| c.contains("↩ ") && !loading(c));
    // kitty's answer (Esc _ G i = 3 1 ; O K Esc \) taken as keys would have moved to the
    // oldest post (G) and opened a reply (i): the first post is still selected, nothing open.
    let selected = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .filter(|l| l.starts_with('▌'))
            .map(str::to_owned)
            .collect()
    };
    assert!(!first.contains("Reply to"), "{first}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = s.contents();
    assert_eq!(selected(&screen)[..1], selected(&first)[..1], "{screen}");
    select_the_two_pictures(&mut s);
    s.wait_for("the pictures sent to kitty", |_| {
        written(&s).contains("\x1b_Gq=2,i=")
    });
    // Each picture is sent once, however often the screen is drawn again.
    let sent = |text: &str| text.matches(",a=T,U=1,").count();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = sent(&written(&s));
    s.press("jk");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        sent(&written(&s)),
        before,
        "sent again without leaving the screen"
    );
    // Far down, the first pictures are forgotten.
    s.press(&"j".repeat(25));
    s.wait_for("kitty told to forget a picture", |_| {
        written(&s).contains("\x1b_Ga=d,d=I,i=")
    });
    s.press("q");
    assert!(s.wait_exit().success());
}

/// Over a slow link (the answers come 1.5 s after the question) kitty's answers are still
/// heeded and never read as keys: read as keys they would move to the oldest post (`G`),
/// open a reply (`i`) and arm a new pane (`|`, in the name kitty gives).
#[test]
fn over_a_slow_link_kitty_answers_late_and_its_answers_are_still_never_keys() {
    let late = std::time::Duration::from_millis(1500);
    let mut s = Session::start_answering_late(
        env!("CARGO_BIN_EXE_skua"),
        &["--demo", "--demo-every=0"],
        &[("TERM", "xterm-kitty")],
        late,
    );
    let first = s.wait_for("posts", |c| c.contains("↩ ") && !loading(c));
    std::thread::sleep(late + std::time::Duration::from_millis(700));
    let screen = s.contents();
    let selected = |screen: &str| {
        screen
            .lines()
            .find(|l| l.starts_with('▌'))
            .map(str::to_owned)
    };
    assert_eq!(selected(&screen), selected(&first), "{screen}");
    assert!(
        !screen.contains("Reply to") && !screen.contains("new pane"),
        "{screen}"
    );
    select_the_two_pictures(&mut s);
    s.wait_for("the pictures sent to kitty", |_| {
        written(&s).contains("\x1b_Gq=2,i=")
    });
    s.press("q");
    assert!(s.wait_exit().success());
}

/// A terminal that stops taking output (a frozen link) leaves skua waiting in a write:
/// SIGTERM still ends it, soon, and the words being written are kept.
#[test]
fn sigterm_ends_skua_even_when_the_terminal_takes_no_more_output() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("posts", |c| c.contains("↩ ") && !loading(c));
    s.press("n");
    s.wait_for("the compose view", |c| c.contains("Visibility"));
    s.press("kept through a frozen link");
    s.wait_for("the words", |c| c.contains("kept through a frozen link"));
    s.stop_reading();
    // Each letter is a frame: enough to fill the terminal's buffer.
    for _ in 0..300 {
        s.press(" more words");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(500));
    kill(s.pid(), Signal::SIGTERM).unwrap();
    let start = std::time::Instant::now();
    while s.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "skua did not end after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    s.assert_modes_restored();
    let drafts = s.home.path().join("state/skua/drafts");
    let kept: Vec<String> = std::fs::read_dir(&drafts)
        .unwrap()
        .flatten()
        .flat_map(|account| std::fs::read_dir(account.path()).unwrap().flatten())
        .map(|draft| std::fs::read_to_string(draft.path()).unwrap())
        .collect();
    assert!(
        kept.iter()
            .any(|d| d.contains("kept through a frozen link")),
        "{kept:?}"
    );
}

/// Each thread of `pid` with the times it has given up the processor to wait (its wake-ups).
fn wake_ups(pid: nix::unistd::Pid) -> std::collections::HashMap<String, u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
    tasks
        .filter_map(|task| {
            let task = task.ok()?.path();
            let status = std::fs::read_to_string(task.join("status")).ok()?;
            let count = status
                .lines()
                .find_map(|line| line.strip_prefix("voluntary_ctxt_switches:"))?;
            let name = std::fs::read_to_string(task.join("comm")).unwrap_or_default();
            let task = format!("{} {}", task.display(), name.trim());
            Some((task, count.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn an_idle_skua_sleeps_until_something_happens_and_still_answers_at_once() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    let home = s.wait_for("the home timeline", |c| shows_posts(c) && !loading(c));
    // Past the quick ticks that follow the last event.
    std::thread::sleep(Duration::from_secs(4));
    let before = wake_ups(s.pid());
    std::thread::sleep(Duration::from_secs(3));
    let after = wake_ups(s.pid());
    // Threads that lived through both looks (a helper thread may come or go).
    let woke: u64 = after
        .iter()
        .filter_map(|(task, now)| Some(now.saturating_sub(*before.get(task)?)))
        .sum();
    // It woke about 190 times in these 3 s when its input thread looked at the terminal every
    // 50 ms and its clock ticked every 120 ms; now about 16 (the clock on each second).
    assert!(
        woke < 60,
        "{woke} wake-ups in 3 s with nothing to do: {before:?} then {after:?}"
    );
    s.press("j");
    s.wait_for("the next post selected", |c| {
        c != home && c.contains("▌ 源 ゲン")
    });
    s.press("q");
    assert!(s.wait_exit().success());
}

/// Each frame goes out as one synchronized update (mode 2026): a terminal that knows the mode
/// never shows half a frame, however a slow link splits it. No post's counts are drawn outside
/// one, and every one begun is ended.
#[test]
fn every_frame_is_one_synchronized_update() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    let home = s.wait_for("the home timeline", shows_posts);
    s.press("G");
    s.wait_for("the selection at the bottom", |c| {
        c != home && shows_posts(c)
    });
    s.press("q");
    assert!(s.wait_exit().success());
    let written = String::from_utf8_lossy(&s.written.lock().unwrap()).into_owned();
    let frames: Vec<&str> = written.split("\x1b[?2026h").skip(1).collect();
    assert!(frames.len() >= 2, "{} frames", frames.len());
    let mut outside = written
        .split("\x1b[?2026h")
        .next()
        .unwrap_or_default()
        .to_owned();
    for frame in &frames {
        let (_, after) = frame
            .split_once("\x1b[?2026l")
            .unwrap_or_else(|| panic!("a frame never ended: {frame:?}"));
        outside.push_str(after);
    }
    assert!(
        !outside.contains("↩ "),
        "drawn outside a frame: {outside:?}"
    );
    assert!(frames.iter().any(|f| f.contains("↩ ")));
}

/// A key pressed as the window is resized is taken at once. crossterm's reader wakes only
/// when bytes arrive, and a resize heard in the same wake-up left the key unread until the
/// next key came: `?` did not open help (in 17 of 60 tries, `q` did not quit).
#[test]
fn a_key_pressed_as_the_window_is_resized_is_taken_at_once() {
    let mut s = Session::start(&["--demo", "--demo-every=0"]);
    s.wait_for("the home timeline", shows_posts);
    for round in 0..10 {
        let (rows, columns) = if round % 2 == 0 { (30, 100) } else { (24, 80) };
        s.resize(rows, columns);
        s.press("?");
        let help = |c: &str| c.contains("select the previous post");
        s.wait_for("help, opened as the window was resized", help);
        s.press("\x1b");
        s.wait_for("help closed", |c| !help(c) && shows_posts(c));
    }
    s.press("q");
    assert!(s.wait_exit().success());
}
