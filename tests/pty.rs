//! The real binary in a pseudo-terminal against `--demo`: what a user sees and what their
//! terminal is left like afterwards.

#[path = "common/pty.rs"]
mod pty;

use std::process::Command;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use pty::Session;

fn first_line(contents: &str) -> &str {
    contents.lines().next().unwrap_or_default()
}

fn shows_posts(contents: &str) -> bool {
    contents.contains("DEMO") && contents.contains("· public") && contents.contains("↩ ")
}

#[test]
fn browses_every_timeline_kind_and_quits_cleanly() {
    let mut s = Session::start(&["--demo"]);
    let home = s.wait_for("the home timeline", shows_posts);
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

    s.press("#rust\r");
    s.wait_for("the #rust timeline", |c| {
        first_line(c).contains("4 #rust") && c.contains("#rust") && shows_posts(c)
    });

    s.press("a");
    s.wait_for("the list picker", |c| {
        c.contains("Lists") && c.contains("Rustaceans")
    });
    s.press("Friends\r");
    s.wait_for("the Friends list", |c| {
        first_line(c).contains("5 Friends") && shows_posts(c)
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
    let mut s = Session::start(&["--demo"]);
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
        .args(["--demo", "--config"])
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
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let data = skua::demo::DemoData::bundled();
    let server = runtime
        .block_on(skua::demo::DemoServer::start_as(data, flavor))
        .unwrap();
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
            first_line(c).contains("4 Social") && c.contains("· public")
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
        let api = request.path.starts_with("/api/") && request.path != "/api/meta";
        let expected = api.then_some(skua::demo::TOKEN);
        assert_eq!(request.bearer.as_deref(), expected, "{request:?}");
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
