//! `skua lists …` as a script uses it: the real binary against the local demo server, with
//! the server's state checked after each command.

use crate::common;

use std::process::{Command, Output};

use serde_json::Value;
use skua::api::detect::Flavor;
use skua::demo::{self, DemoServer};

struct Cli {
    server: DemoServer,
    home: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

impl Cli {
    fn start(flavor: Flavor) -> Cli {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime
            .block_on(DemoServer::start_as(common::fixed_data(), flavor))
            .unwrap();
        Cli {
            server,
            home: tempfile::tempdir().unwrap(),
            _runtime: runtime,
        }
    }

    /// Runs `skua --server URL lists ARGS` with the token in the environment, stdin not a terminal.
    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["lists"];
        all.extend_from_slice(args);
        self.command(&all, "")
    }

    /// Runs `skua --server URL ARGS` with the token in the environment and `input` piped in.
    fn command(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let url = self.server.url().to_string();
        let mut child = common::skua_cmd(self.home.path())
            .args(["--server", &url])
            .args(args)
            .env("SKUA_TOKEN", demo::TOKEN)
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("skua runs");
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        child.wait_with_output().expect("skua runs")
    }

    /// `skua post ARGS` that must succeed; its standard output.
    fn post(&self, args: &[&str], input: &str) -> String {
        let mut all = vec!["post"];
        all.extend_from_slice(args);
        let output = self.command(&all, input);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// `skua post ARGS` that must fail; its one line.
    fn post_fails(&self, args: &[&str]) -> String {
        let mut all = vec!["post"];
        all.extend_from_slice(args);
        let output = self.command(&all, "");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        stderr
    }

    /// The bodies of the posts the server was sent.
    fn sent(&self, path: &str) -> Vec<Value> {
        self.server
            .requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path == path)
            .filter_map(|r| r.body)
            .collect()
    }

    /// Runs a command that must succeed; returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its one-line explanation.
    fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        stderr
    }

    fn list(&self, title: &str) -> Option<ServerList> {
        self.server.with_data(|d| {
            d.lists
                .iter()
                .find(|l| l.title == title)
                .map(|l| ServerList {
                    id: l.id.clone(),
                    members: l.members.clone(),
                    exclusive: l.exclusive,
                    public: l.public,
                })
        })
    }
}

/// A list as the server holds it.
#[derive(Debug)]
struct ServerList {
    id: String,
    members: Vec<String>,
    exclusive: Option<bool>,
    public: bool,
}

#[test]
fn every_list_operation_from_the_command_line_on_both() {
    for flavor in [Flavor::Mastodon, Flavor::Misskey] {
        let cli = Cli::start(flavor);
        let ls = cli.ok(&["ls"]);
        assert!(ls.contains("1  Friends  (5 members"), "{ls}");
        assert_eq!(ls.lines().count(), 4);

        let created = cli.ok(&["create", "Birders"]);
        let id = cli.list("Birders").expect("created").id;
        assert_eq!(created, format!("Created the list “Birders” (id {id}).\n"));

        cli.ok(&["rename", "birders", "Bird watchers"]); // titles match case-insensitively
        assert!(cli.list("Bird watchers").is_some());
        match flavor {
            Flavor::Mastodon => {
                cli.ok(&["set", &id, "--exclusive", "true"]);
                assert_eq!(cli.list("Bird watchers").unwrap().exclusive, Some(true));
            }
            Flavor::Misskey => {
                cli.ok(&["set", &id, "--public", "true"]);
                assert!(cli.list("Bird watchers").unwrap().public);
            }
        }

        let added = cli.ok(&["add", "Bird watchers", "@alice", "@hana@mstdn.example.jp"]);
        assert_eq!(added.lines().count(), 2, "{added}");
        assert_eq!(
            cli.list("Bird watchers").unwrap().members,
            ["100001", "100008"]
        );

        let shown: Value = serde_json::from_str(&cli.ok(&["show", &id, "--json"])).unwrap();
        assert_eq!(shown["title"], "Bird watchers");
        let accts: Vec<&str> = shown["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["acct"].as_str().unwrap())
            .collect();
        assert_eq!(accts.len(), 2);
        assert!(accts.contains(&"alice") && accts.contains(&"hana@mstdn.example.jp"));

        let of: Value = serde_json::from_str(&cli.ok(&["--json", "of", "@alice"])).unwrap();
        let ids: Vec<&str> = of
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["1", id.as_str()]);

        cli.ok(&["remove", &id, "@alice"]);
        assert_eq!(cli.list("Bird watchers").unwrap().members, ["100008"]);

        let listed: Value = serde_json::from_str(&cli.ok(&["ls", "--json"])).unwrap();
        let mine = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id.as_str())
            .unwrap();
        assert_eq!(mine["member_count"], 1);

        cli.ok(&["delete", "Bird watchers", "--yes"]);
        assert!(cli.list("Bird watchers").is_none());
    }
}

#[test]
fn failures_exit_non_zero_with_one_line_that_says_why() {
    let cli = Cli::start(Flavor::Mastodon);
    let refused = cli.fails(&["add", "Friends", "@uma"]);
    assert_eq!(
        refused,
        "skua: could not add @uma: you do not follow @uma, and Mastodon only puts accounts you follow on lists; add --follow to follow them first\n"
    );
    cli.ok(&["add", "Friends", "@uma", "--follow"]);
    assert!(
        cli.list("Friends")
            .unwrap()
            .members
            .contains(&"100023".to_owned())
    );

    let unconfirmed = cli.fails(&["delete", "Friends"]);
    assert!(unconfirmed.contains("add --yes"), "{unconfirmed}");
    assert!(
        cli.list("Friends").is_some(),
        "nothing deleted without a yes"
    );

    assert!(
        cli.fails(&["show", "Nope"])
            .contains("you have no list called “Nope”")
    );
    assert!(cli.fails(&["create", " "]).contains("a list needs a title"));
    assert!(
        cli.fails(&["set", "1", "--public", "true"])
            .contains("no --public option")
    );
    let missing = cli.fails(&["add", "1", "@nobody@nowhere.example"]);
    assert!(
        missing.contains("no account @nobody@nowhere.example"),
        "{missing}"
    );

    // A title another list has but for case is asked about first (no terminal: --yes).
    let similar = cli.fails(&["create", "friends"]);
    assert!(
        similar.contains("You have a list called “Friends”") && similar.contains("add --yes"),
        "{similar}"
    );
    assert!(cli.list("friends").is_none());

    // Two lists with one title: the id is asked for.
    cli.ok(&["create", "Friends", "--yes"]);
    assert!(
        cli.fails(&["show", "friends"])
            .contains("name one by its id: 1, 5")
    );
}

#[test]
fn a_saved_account_is_chosen_with_dash_dash_account_or_else_the_last_used() {
    use skua::accounts::{AccountStore, SavedAccount};
    use skua::api::http::Token;
    let mastodon = Cli::start(Flavor::Mastodon);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let misskey = runtime
        .block_on(DemoServer::start_as(common::fixed_data(), Flavor::Misskey))
        .unwrap();
    let path = mastodon.home.path().join(".local/share/skua/accounts.toml");
    let mut store = AccountStore::load(&path).unwrap();
    for (name, server, flavor) in [
        ("me@misskey", misskey.url().to_string(), Flavor::Misskey),
        (
            "me@mastodon",
            mastodon.server.url().to_string(),
            Flavor::Mastodon,
        ),
    ] {
        store
            .add(SavedAccount::new(
                name.into(),
                server,
                flavor,
                &Token::new(demo::TOKEN),
            ))
            .unwrap();
    }

    let run = |args: &[&str]| {
        common::skua_cmd(mastodon.home.path())
            .args(args)
            .output()
            .unwrap()
    };
    let created_on = |args: &[&str], title: &str| {
        let output = run(args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let on_misskey = misskey.with_data(|d| d.lists.iter().any(|l| l.title == title));
        let on_mastodon = mastodon.list(title).is_some();
        match (on_misskey, on_mastodon) {
            (true, false) => "misskey",
            (false, true) => "mastodon",
            other => panic!("{title}: {other:?}"),
        }
    };
    // The last used (saved last), then the one named, which is remembered for next time.
    assert_eq!(
        created_on(&["lists", "create", "First"], "First"),
        "mastodon"
    );
    assert_eq!(
        created_on(
            &["--account", "me@misskey", "lists", "create", "Second"],
            "Second"
        ),
        "misskey"
    );
    assert_eq!(
        created_on(&["lists", "create", "Third"], "Third"),
        "misskey"
    );

    // Logging out forgets the account's reading positions too; the other account keeps its.
    let positions = mastodon.home.path().join("state/skua/positions");
    std::fs::create_dir_all(&positions).unwrap();
    for name in ["me@misskey", "me@mastodon"] {
        std::fs::write(positions.join(format!("{name}.toml")), "home = \"1\"\n").unwrap();
    }
    let output = run(&["logout", "me@misskey"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!positions.join("me@misskey.toml").exists());
    assert!(positions.join("me@mastodon.toml").exists());
}

#[test]
fn lists_against_either_demo_print_only_json_on_stdout() {
    let home = tempfile::tempdir().unwrap();
    for demo in ["--demo", "--demo=misskey"] {
        let output = common::skua_cmd(home.path())
            .args([demo, "lists", "ls", "--json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{demo}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lists: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{demo}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        });
        assert!(
            lists.as_array().is_some_and(|l| !l.is_empty()),
            "{demo}: {lists}"
        );
    }
}

#[test]
fn a_log_past_its_cap_is_moved_aside_at_start() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let logs = state.join("skua");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(logs.join("skua.log"), vec![b'x'; 9 << 20]).unwrap();
    let output = common::skua_cmd(home.path())
        .arg("accounts")
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let old = std::fs::metadata(logs.join("skua.log.old")).unwrap().len();
    assert_eq!(old, 9 << 20, "the big log was moved aside");
    let new = std::fs::metadata(logs.join("skua.log")).map_or(0, |m| m.len());
    assert!(new < 1 << 20, "and a fresh one started ({new} bytes)");
}

#[test]
fn posting_from_the_command_line_with_every_option() {
    let cli = Cli::start(Flavor::Mastodon);
    let printed = cli.post(
        &[
            "hello from a script",
            "--cw",
            "testing",
            "--visibility",
            "followers",
            "--language",
            "de",
            "--json",
        ],
        "",
    );
    let posted: Value = serde_json::from_str(&printed).expect("only JSON on stdout");
    assert_eq!(posted["text"], "hello from a script");
    assert_eq!(posted["spoiler"], "testing");
    assert_eq!(posted["visibility"], "followers");
    let sent = cli.sent("/api/v1/statuses");
    assert_eq!(sent[0]["status"], "hello from a script");
    assert_eq!(sent[0]["spoiler_text"], "testing");
    assert_eq!(sent[0]["visibility"], "private");
    assert_eq!(sent[0]["language"], "de");

    // Standard input: piped, or asked for with `-`.
    let printed = cli.post(&[], "piped in\nover two lines\n");
    assert!(printed.starts_with("Posted: https://"), "{printed}");
    cli.post(&["-", "--visibility", "unlisted"], "asked for");
    let sent = cli.sent("/api/v1/statuses");
    assert_eq!(sent[1]["status"], "piped in\nover two lines");
    assert_eq!(sent[1]["language"], "en", "the user's default language");
    assert_eq!(sent[2]["status"], "asked for");
    assert_eq!(sent[2]["visibility"], "unlisted");

    // A reply to a post named by its address.
    let (id, url) = cli.server.with_data(|d| {
        let status = d.statuses.iter().find(|s| s["reblog"].is_null()).unwrap();
        (
            status["id"].as_str().unwrap().to_owned(),
            status["url"].as_str().unwrap().to_owned(),
        )
    });
    cli.post(&["agreed", "--reply-to", &url], "");
    assert_eq!(
        cli.sent("/api/v1/statuses")[3]["in_reply_to_id"],
        id.as_str()
    );

    // Media with descriptions in order, then a poll.
    let folder = tempfile::tempdir().unwrap();
    let (one, two) = (folder.path().join("one.png"), folder.path().join("two.jpg"));
    std::fs::write(&one, b"png").unwrap();
    std::fs::write(&two, b"jpg").unwrap();
    cli.post(
        &[
            "two pictures",
            "--media",
            one.to_str().unwrap(),
            "--alt",
            "the first",
            "--media",
            two.to_str().unwrap(),
            "--alt",
            "the second",
            "--sensitive",
        ],
        "",
    );
    let media = cli.server.with_data(|d| d.media.clone());
    assert_eq!(media[0]["description"], "the first");
    assert_eq!(media[1]["description"], "the second");
    let sent = cli.sent("/api/v1/statuses");
    assert_eq!(
        sent[4]["media_ids"],
        serde_json::json!([media[0]["id"], media[1]["id"]])
    );
    assert_eq!(sent[4]["sensitive"], true);
    cli.post(
        &[
            "lunch?",
            "--poll",
            "soup",
            "--poll",
            "salad",
            "--poll-expires",
            "6h",
        ],
        "",
    );
    let poll = &cli.sent("/api/v1/statuses")[5]["poll"];
    assert_eq!(poll["options"], serde_json::json!(["soup", "salad"]));
    assert_eq!(poll["expires_in"], 21_600);
}

#[test]
fn a_retried_post_command_never_posts_twice_on_either_server() {
    for flavor in [Flavor::Mastodon, Flavor::Misskey] {
        let cli = Cli::start(flavor);
        let count = |cli: &Cli| {
            cli.server.with_data(|d| {
                d.statuses
                    .iter()
                    .filter(|s| s["content"].as_str().unwrap_or("").contains("only once"))
                    .count()
            })
        };
        let first = cli.post(&["only once"], "");
        let again = cli.post(&["only once"], "");
        assert_eq!(first, again, "{flavor:?}: the same post both times");
        assert_eq!(count(&cli), 1, "{flavor:?}");
    }
}

#[test]
fn post_failures_are_one_line_and_a_non_zero_exit() {
    let cli = Cli::start(Flavor::Mastodon);
    let nothing = cli.post_fails(&[]);
    assert!(nothing.contains("nothing to post"), "{nothing}");
    let alt = cli.post_fails(&["x", "--alt", "no file for this"]);
    assert!(alt.contains("1 --alt for 0 --media"), "{alt}");
    let long = "a".repeat(501);
    let over = cli.post_fails(&[&long]);
    assert!(
        over.contains("1 characters over this server's limit of 500"),
        "{over}"
    );
    let folder = tempfile::tempdir().unwrap();
    let picture = folder.path().join("p.png");
    std::fs::write(&picture, b"png").unwrap();
    let both = cli.post_fails(&[
        "x",
        "--media",
        picture.to_str().unwrap(),
        "--poll",
        "a",
        "--poll",
        "b",
    ]);
    assert!(both.contains("a poll or media, not both"), "{both}");
    let missing = cli.post_fails(&["x", "--media", "/no/such/file.png"]);
    assert!(missing.contains("/no/such/file.png"), "{missing}");
    cli.server.fail(
        "/api/v1/statuses",
        skua::demo::Fault::Respond {
            status: 422,
            body: r#"{"error":"Validation failed: Text is spam"}"#.into(),
            headers: vec![],
        },
    );
    let refused = cli.post_fails(&["buy now"]);
    assert!(
        refused.contains("not posted") && refused.contains("spam"),
        "{refused}"
    );
}

#[test]
fn completions_for_each_shell_and_a_man_page_come_from_the_options() {
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_skua"))
            .args(args)
            .env_clear()
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    for (shell, marker) in [
        ("bash", "complete -F _skua"),
        ("zsh", "#compdef skua"),
        ("fish", "complete -c skua"),
    ] {
        let script = run(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        for word in ["lists", "login", "--demo", "--account", "completions"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    // What completes is what --help documents: no hidden option is offered.
    let help = run(&["--help"]);
    let bash = run(&["completions", "bash"]);
    let options = bash
        .lines()
        .find_map(|line| line.trim().strip_prefix("opts=\"-h -V "))
        .unwrap();
    for option in options.split(' ').filter(|word| word.starts_with("--")) {
        assert!(
            help.contains(option),
            "{option} completes but --help does not say it"
        );
    }
    let man = run(&["man"]);
    assert!(man.contains(".TH skua 1"), "{man}");
    assert!(man.contains("keyboard\\-driven terminal client") && man.contains("\\-\\-demo"));
}

#[test]
fn the_log_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let cli = Cli::start(Flavor::Mastodon);
    let log = cli.home.path().join("state/skua/skua.log");
    // As an older skua left it.
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(&log, "an older line\n").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = cli.run(&["ls"]);
    assert!(output.status.success());
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

#[test]
fn only_regular_files_are_attached_and_none_is_read_whole() {
    let cli = Cli::start(Flavor::Mastodon);
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("pipe.png");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let zero = folder.path().join("zero.png");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let sparse = folder.path().join("huge.png");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    for (file, says) in [
        (&fifo, "not a regular file"),
        (&zero, "not a regular file"),
        (&sparse, "skua sends files of up to"),
    ] {
        // Before, a FIFO hung here and /dev/zero was read past a gigabyte.
        let output = cli.command(
            &["post", "a picture", "--media", file.to_str().unwrap()],
            "",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(stderr.contains(says), "{}: {stderr}", file.display());
    }
    assert!(
        cli.sent("/api/v1/statuses").is_empty(),
        "nothing was posted"
    );
}

#[test]
fn a_picture_uploaded_again_on_misskey_gets_the_new_description() {
    let cli = Cli::start(Flavor::Misskey);
    let folder = tempfile::tempdir().unwrap();
    let picture = folder.path().join("pic.png");
    std::fs::write(&picture, b"png").unwrap();
    let path = picture.to_str().unwrap();
    cli.post(&["first", "--media", path, "--alt", "old words"], "");
    // The drive folds the same picture into the earlier file, description and all.
    cli.post(&["second", "--media", path, "--alt", "new words"], "");
    let media = cli.server.with_data(|d| d.media.clone());
    assert_eq!(media.len(), 1, "one drive file: {media:?}");
    assert_eq!(media[0]["description"], "new words");
}

#[test]
fn a_retried_post_is_found_as_the_server_keeps_it_and_not_posted_again() {
    let count = |cli: &Cli, text: &str| {
        cli.server.with_data(|d| {
            d.statuses
                .iter()
                .filter(|s| s["content"].as_str().unwrap_or("").contains(text))
                .count()
        })
    };
    // Misskey keeps the text trimmed: the look-back compares it so.
    let misskey = Cli::start(Flavor::Misskey);
    misskey.post(&["with a space "], "");
    misskey.post(&["with a space "], "");
    misskey.post(&[], "ends in a newline\n\n");
    misskey.post(&[], "ends in a newline\n\n");
    assert_eq!(count(&misskey, "with a space"), 1);
    assert_eq!(count(&misskey, "ends in a newline"), 1);
    // A Mastodon-API server that ignores the Idempotency-Key, as GoToSocial does.
    let gotosocial = Cli::start(Flavor::Mastodon);
    gotosocial
        .server
        .with_data(|d| d.ignore_idempotency_keys = true);
    let first = gotosocial.post(&["said once "], "");
    let again = gotosocial.post(&["said once "], "");
    assert_eq!(first, again);
    assert_eq!(count(&gotosocial, "said once"), 1);
}

#[test]
fn a_config_that_is_not_a_small_regular_file_is_refused_without_reading_it_whole() {
    let home = tempfile::tempdir().unwrap();
    let huge = home.path().join("huge.toml");
    std::fs::write(&huge, "# padding\n".repeat(500_000)).unwrap();
    for (config, says) in [
        ("/dev/zero", "not a regular file"),
        (huge.to_str().unwrap(), "larger than 4096 KiB"),
    ] {
        // /dev/zero never ends: it is refused before it is read.
        let out = common::skua_cmd(home.path())
            .args(["--config", config, "lists", "ls"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{config}");
        assert!(stderr.contains(says), "{config}: {stderr}");
    }
}

#[test]
fn post_dash_dash_at_schedules_on_both_and_a_bad_time_is_one_line() {
    for flavor in [Flavor::Mastodon, Flavor::Misskey] {
        let cli = Cli::start(flavor);
        let out = cli.post(&["see you tomorrow", "--at", "+2h"], "");
        assert!(out.starts_with("Scheduled for "), "{out}");
        let waiting = cli.server.with_data(|d| d.scheduled.clone());
        assert_eq!(waiting.len(), 1, "{flavor:?}");
        let at: jiff::Timestamp = waiting[0]["at"].as_str().unwrap().parse().unwrap();
        let ahead = at.duration_since(jiff::Timestamp::now()).as_secs();
        assert!((7100..=7200).contains(&ahead), "{flavor:?}: {ahead}");
        // Nothing was posted now.
        let posted = cli.sent(match flavor {
            Flavor::Mastodon => "/api/v1/statuses",
            Flavor::Misskey => "/api/notes/create",
        });
        assert!(
            posted.iter().all(|b| b.get("scheduled_at").is_some()),
            "{posted:?}"
        );
        let json = cli.post(&["in JSON", "--at", "tomorrow 9:00", "--json"], "");
        let json: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["text"], "in JSON");
        let bad = cli.post_fails(&["x", "--at", "someday"]);
        assert!(
            bad.contains("--at “someday” is not a time skua reads"),
            "{bad}"
        );
        let past = cli.post_fails(&["x", "--at", "2020-01-01 10:00"]);
        assert!(past.contains("has passed"), "{past}");
    }
    let soon = Cli::start(Flavor::Mastodon).post_fails(&["x", "--at", "+1m"]);
    assert!(soon.contains("5 minutes ahead at the soonest"), "{soon}");
}
