//! `cargo bench --bench startup_order`: records which functions skua runs as it starts and
//! writes them to `assets/startup-order.txt`, from which `build.rs` lays them out together in
//! release builds. Run it after changing dependencies, the Rust release or the release profile
//! (their symbol names change); needs valgrind (`apt install valgrind`).
//!
//! Each run is the release executable under callgrind in a pseudo-terminal, which lists every
//! function that ran, however briefly. The starts measured come first, so they stay together:
//! a saved account on loopback without a cache, then with a warm one, then the demo (also as
//! under tmux), then the views a session opens next.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/pty.rs"]
mod pty;
#[path = "common/release.rs"]
mod release;

use std::collections::HashSet;
use std::time::Duration;

const ORDER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/startup-order.txt");

/// Under callgrind skua runs some fifty times slower: time for each key to take effect.
const SETTLE: Duration = Duration::from_secs(2);

fn main() {
    if std::process::Command::new("valgrind")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("valgrind is needed to record the functions a start runs: apt install valgrind");
        std::process::exit(1);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(common::fixed_data()))
        .unwrap();
    let (_home, env) = pty::saved_account_home(server.url());
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let scroll = ["G", "G", "k", "j"];
    let demo = ["--demo", "--demo-every=0"];
    let tmux = [("TMUX", "/tmp/tmux-0/default,1,0")];
    let runs = [
        Run::on("saved account, no cache", &["--no-cache"], &env, &scroll),
        Run::on("saved account, filling the cache", &[], &env, &scroll),
        Run::on("saved account, warm cache", &[], &env, &scroll),
        Run::on("demo", &demo, &[], &scroll),
        // Under tmux queries are wrapped and tmux is asked whether it passes them through.
        Run::on("demo in tmux", &demo, &tmux, &scroll),
        Run::on(
            "thread, notifications, help, compose",
            &demo,
            &[],
            &["\r", "\x1b", "4", "?", "\x1b", "1", "n", "hello", "\x1b"],
        ),
    ];
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    for run in runs {
        let ran = functions_run(run.args, run.env, run.keys);
        let mut new: Vec<String> = ran.into_iter().filter(|f| seen.insert(f.clone())).collect();
        new.sort();
        println!("{}: {} functions, {} new", run.what, seen.len(), new.len());
        order.extend(new);
    }
    let header = "# The functions skua runs as it starts, in the order build.rs lays them out (release\n\
        # builds). Written by `cargo bench --bench startup_order`; see there.\n";
    std::fs::write(ORDER, format!("{header}{}\n", order.join("\n"))).unwrap();
    println!("{} functions written to {ORDER}", order.len());
}

/// One session recorded: skua's arguments and environment, and the keys pressed once the
/// first posts show.
struct Run<'a> {
    what: &'a str,
    args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
    keys: &'a [&'a str],
}

impl<'a> Run<'a> {
    fn on(
        what: &'a str,
        args: &'a [&'a str],
        env: &'a [(&'a str, &'a str)],
        keys: &'a [&'a str],
    ) -> Self {
        Run {
            what,
            args,
            env,
            keys,
        }
    }
}

/// The functions of skua's executable that ran in one session with `args`, pressing `keys`
/// once the first posts show, then `q`.
fn functions_run(args: &[&str], env: &[(&str, &str)], keys: &[&str]) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let profile = out.path().join("callgrind.out");
    let mut valgrind_args = vec![
        "--tool=callgrind".to_owned(),
        "--demangle=no".to_owned(),
        "--compress-strings=no".to_owned(),
        format!("--callgrind-out-file={}", profile.display()),
        format!("--log-file={}", out.path().join("valgrind.log").display()),
        release::skua().to_owned(),
    ];
    valgrind_args.extend(args.iter().map(|arg| arg.to_string()));
    let valgrind_args: Vec<&str> = valgrind_args.iter().map(String::as_str).collect();
    let mut session = pty::Session::start_with_env("valgrind", &valgrind_args, env);
    session.wait_for("posts", |screen| screen.contains("↩ "));
    for key in keys {
        session.press(key);
        std::thread::sleep(SETTLE);
    }
    session.press("q");
    assert!(session.wait_exit().success(), "{}", session.contents());
    executed(&std::fs::read_to_string(&profile).unwrap(), release::skua())
}

/// The functions with costs of their own in a callgrind profile (`--compress-strings=no`)
/// that belong to the object at `program`, as symbol names a linker script can hold.
fn executed(profile: &str, program: &str) -> Vec<String> {
    let mut object = "";
    let mut functions = Vec::new();
    for line in profile.lines() {
        if let Some(name) = line.strip_prefix("ob=") {
            object = name;
        } else if let Some(name) = line.strip_prefix("fn=") {
            // Valgrind names an object it cannot place `???`; its symbols are still read.
            let ours = object == program || object == "???";
            // `'2` marks a second context of the same function.
            let name = name.split('\'').next().unwrap_or_default();
            let symbol = !name.starts_with("0x")
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_$.".contains(&b));
            if ours && symbol && !name.is_empty() {
                functions.push(name.to_owned());
            }
        }
    }
    functions
}
