//! `cargo bench --bench startup`: how long `skua --demo` takes from start to the first posts on
//! screen, its peak memory, and how long one frame takes to draw. Medians of several runs.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/pty.rs"]
mod pty;
#[path = "common/release.rs"]
mod release;

use release::skua;

use std::time::{Duration, Instant};

const RUNS: usize = 11;

/// A runtime on this thread, as the harness tests use.
fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn shows_posts(contents: &str) -> bool {
    contents.contains("DEMO") && contents.contains("· public") && contents.contains("↩ ")
}

/// Its peak resident memory in MiB, read just before it is told to quit (`q`); then waits for
/// it to end. Read from the process itself (VmHWM): the peak `wait4` reports also counts what
/// the bench process held when it forked the child, which grows as the bench runs.
fn quit_for_peak_memory(mut session: pty::Session) -> f64 {
    let pid = session.child.id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak_kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status");
    session.press("q");
    let mut code = 0;
    // SAFETY: waiting for our own child with a valid out-pointer.
    let waited = unsafe { libc::waitpid(pid as i32, &mut code, 0) };
    assert!(waited > 0, "{}", std::io::Error::last_os_error());
    peak_kib / 1024.0
}

/// Reads the file at `path` wholly into the page cache (`whole`), or drops it from there so
/// the next start reads only what it runs.
fn page_cache(path: &str, whole: bool) {
    use std::os::fd::AsRawFd;
    if whole {
        std::fs::read(path).unwrap();
        return;
    }
    let file = std::fs::File::open(path).unwrap();
    file.sync_all().unwrap(); // written pages are dropped only once on disk
    // SAFETY: advice about an open file's cached pages; no memory is touched.
    let advised = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    assert_eq!(advised, 0, "posix_fadvise");
}

/// One run: milliseconds to the first posts, and peak resident memory in MiB.
fn startup_run() -> (f64, f64) {
    let mut session = pty::Session::start_with(skua(), &["--demo", "--demo-every=0"]);
    let (shown, _) = session.when("posts", shows_posts);
    let to_posts = (shown - session.exec_at).as_secs_f64() * 1000.0;
    // Scroll through a few pages so memory includes loaded pages and drawing, then quit.
    for _ in 0..5 {
        session.press("G");
        std::thread::sleep(Duration::from_millis(100));
    }
    (to_posts, quit_for_peak_memory(session))
}

/// Milliseconds from pressing the send key to the post showing in home, one per post, on the
/// demo in a pseudo-terminal.
fn send_to_home_times() -> Vec<f64> {
    let mut session = pty::Session::start_with(skua(), &["--demo", "--demo-every=0"]);
    let wait = |session: &pty::Session, what: &str, done: &dyn Fn(&str) -> bool| {
        session.when(what, done).0
    };
    wait(&session, "posts", &shows_posts);
    let mut samples = Vec::new();
    for run in 0..RUNS {
        let text = format!("bench post number {run}");
        session.press("n");
        session.press(&text);
        wait(&session, "draft", &|c: &str| c.contains(&text));
        let start = Instant::now();
        session.press("\x13"); // Ctrl-S
        let in_home = |c: &str| {
            c.lines().next().is_some_and(|l| !l.contains('›'))
                && c.lines().any(|l| l.contains(&text))
        };
        let shown = wait(&session, "the post in home", &in_home);
        samples.push((shown - start).as_secs_f64() * 1000.0);
    }
    session.press("q");
    samples
}

/// A link as the proxy makes it: a round trip, and optionally a bandwidth (bits a second,
/// each way); the bytes that crossed to the client are counted.
#[derive(Clone)]
struct Link {
    rtt: Duration,
    bits_per_second: Option<u64>,
    received: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Link {
    fn new(rtt: Duration, bits_per_second: Option<u64>) -> Link {
        Link {
            rtt,
            bits_per_second,
            received: Default::default(),
        }
    }

    fn take_received(&self) -> u64 {
        self.received.swap(0, std::sync::atomic::Ordering::Relaxed)
    }
}

/// A TCP proxy that makes a loopback server look `rtt` away: connecting costs a round trip
/// (the handshake), and every chunk crosses in half of one, each way.
async fn delaying_proxy(upstream: std::net::SocketAddr, rtt: Duration) -> std::net::SocketAddr {
    link_proxy(upstream, Link::new(rtt, None)).await
}

/// [`delaying_proxy`] over `link`: with its bandwidth, chunks queue behind each other.
async fn link_proxy(upstream: std::net::SocketAddr, link: Link) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let link = link.clone();
            tokio::spawn(async move {
                tokio::time::sleep(link.rtt).await;
                let Ok(server) = tokio::net::TcpStream::connect(upstream).await else {
                    return;
                };
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                let half = link.rtt / 2;
                tokio::join!(
                    delayed_pipe(client_read, server_write, half, link.bits_per_second, None),
                    delayed_pipe(
                        server_read,
                        client_write,
                        half,
                        link.bits_per_second,
                        Some(link.received.clone())
                    )
                );
            });
        }
    });
    address
}

/// Copies `from` to `to`, each chunk `delay` after it was read, no faster than
/// `bits_per_second` when given; counts the bytes into `counted`.
async fn delayed_pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    delay: Duration,
    bits_per_second: Option<u64>,
    counted: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (chunks, mut arriving) =
        tokio::sync::mpsc::unbounded_channel::<(tokio::time::Instant, Vec<u8>)>();
    let writer = tokio::spawn(async move {
        while let Some((due, chunk)) = arriving.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                break;
            }
        }
        let _ = to.shutdown().await;
    });
    let mut buffer = vec![0; 16 * 1024];
    // When the link is free again: a chunk waits for those before it to cross.
    let mut free_at = tokio::time::Instant::now();
    while let Ok(n @ 1..) = from.read(&mut buffer).await {
        if let Some(counted) = &counted {
            counted.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        }
        let now = tokio::time::Instant::now();
        let crossing = bits_per_second.map_or(Duration::ZERO, |bits| {
            Duration::from_secs_f64(n as f64 * 8.0 / bits as f64)
        });
        free_at = free_at.max(now) + crossing;
        let due = free_at + delay;
        if chunks.send((due, buffer[..n].to_vec())).is_err() {
            break;
        }
    }
    drop(chunks);
    let _ = writer.await;
}

/// One start of skua on a saved account: milliseconds to the first posts on screen, to the
/// server's own posts (no "cached" mark), and the peak resident memory in MiB after paging
/// through a few pages.
fn saved_account_run(env: &[(String, String)], args: &[&str]) -> (f64, f64, f64) {
    saved_account_run_of(skua(), env, args)
}

/// As [`saved_account_run`], of the skua binary at `program`.
fn saved_account_run_of(program: &str, env: &[(String, String)], args: &[&str]) -> (f64, f64, f64) {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Any post's counts line (a warm cache may open far down, where the reader was).
    let posts = |c: &str| c.contains("↩ ");
    let mut session = pty::Session::start_with_env(program, args, &env);
    let wait = |session: &pty::Session, done: &dyn Fn(&str) -> bool| {
        (session.when("posts", done).0 - session.exec_at).as_secs_f64() * 1000.0
    };
    let first = wait(&session, &posts);
    let fresh = wait(&session, &|c: &str| posts(c) && !c.contains("cached"));
    for _ in 0..5 {
        session.press("G");
        std::thread::sleep(Duration::from_millis(100));
    }
    (first, fresh, quit_for_peak_memory(session))
}

/// Starts on a saved account: on loopback without a cache, and 100 ms away with and without
/// a warm cache.
fn saved_account_starts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(common::fixed_data()))
        .unwrap();
    let upstream = server.url().socket_addrs(|| None).unwrap()[0];
    let far = runtime.block_on(delaying_proxy(upstream, Duration::from_millis(100)));
    let far = url::Url::parse(&format!("http://{far}/")).unwrap();
    let report = |what: &str, runs: Vec<(f64, f64, f64)>| {
        let first = median(runs.iter().map(|r| r.0).collect());
        let fresh = median(runs.iter().map(|r| r.1).collect());
        let memory = median(runs.iter().map(|r| r.2).collect());
        println!(
            "{what}: first posts median {first:.1} ms, the server's posts {fresh:.1} ms, peak RSS {memory:.1} MiB ({RUNS} runs)"
        );
        first
    };
    let laid_out: Vec<String> = release::section_sizes(skua(), ".text")
        .iter()
        .map(|(name, size)| format!("{name} {:.2} MB", *size as f64 / 1e6))
        .collect();
    println!("code (release build): {}", laid_out.join(", "));
    let (_home, near_env) = pty::saved_account_home(server.url());
    let memory_runs = || {
        median(
            (0..RUNS)
                .map(|_| saved_account_run(&near_env, &["--no-cache"]).2)
                .collect(),
        )
    };
    // The kernel maps the code around each page run only where it is in the page cache: a
    // binary wholly cached (just built) counts more than one read on demand (after a reboot).
    page_cache(skua(), true);
    let skua_memory = memory_runs();
    page_cache(skua(), false);
    let on_demand_memory = memory_runs();
    let toot_first = match toot() {
        Ok(toot) => {
            let runs: Vec<(f64, f64)> = (0..5).map(|_| toot_run(&toot, server.url())).collect();
            let toot_memory = median(runs.iter().map(|r| r.1).collect());
            let toot_first = median(runs.iter().map(|r| r.0).collect());
            println!(
                "toot 0.52.1 tui, same server and account: first posts median {toot_first:.0} ms, peak RSS {toot_memory:.1} MiB (5 runs); skua {skua_memory:.2} MiB = {:.3} of toot's with its binary wholly in the page cache, {on_demand_memory:.2} MiB = {:.3} with it read on demand",
                skua_memory / toot_memory,
                on_demand_memory / toot_memory
            );
            Some(toot_first)
        }
        Err(why) => {
            println!(
                "toot 0.52.1 could not be installed ({}); skua's peak RSS {skua_memory:.2} MiB (binary wholly in the page cache), {on_demand_memory:.2} MiB (read on demand) against the 47 MiB measured for toot before",
                why.trim()
            );
            None
        }
    };
    let near = report(
        "saved account, loopback, no cache",
        (0..RUNS)
            .map(|_| saved_account_run(&near_env, &["--no-cache"]))
            .collect(),
    );
    if let Some(toot_first) = toot_first {
        println!(
            "loopback, no cache: skua's first posts in 1/{:.0} of toot's time ({near:.1} ms against {toot_first:.0} ms)",
            toot_first / near
        );
    }
    let (_far_home, far_env) = pty::saved_account_home(&far);
    let cold = report(
        "saved account, 100 ms away, no cache",
        (0..RUNS)
            .map(|_| saved_account_run(&far_env, &["--no-cache"]))
            .collect(),
    );
    saved_account_run(&far_env, &[]); // fills the cache
    let warm = report(
        "saved account, 100 ms away, warm cache",
        (0..RUNS)
            .map(|_| saved_account_run(&far_env, &[]))
            .collect(),
    );
    println!(
        "100 ms away: warm cache / no cache = {:.3}; warm cache 100 ms away / loopback without = {:.2}",
        warm / cold,
        warm / near
    );
}

/// The demo's posts grown to the size of a busy public server's (about 4.7 KB of JSON each,
/// as a 40-post Mastodon home page of 190 KB): the custom emoji and link card such posts carry.
fn busy_server_data() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    for (n, status) in data.statuses.iter_mut().enumerate() {
        let emojis: Vec<serde_json::Value> = (0..12)
            .map(|e| {
                // Names and addresses as varied as real ones (they do not repeat).
                let code = format!("{:x}", (n * 131 + e * 7919) * 2_654_435_761 % 4_294_967_291);
                serde_json::json!({
                    "shortcode": format!("blob_{code}"),
                    "url": format!("https://files.example/custom_emojis/images/000/{code}/original/{code}.png"),
                    "static_url": format!("https://files.example/custom_emojis/images/000/{code}/static/{code}.png"),
                    "visible_in_picker": true,
                    "category": format!("set {}", code.len()),
                })
            })
            .collect();
        status["emojis"] = serde_json::Value::Array(emojis);
        status["card"] = serde_json::json!({
            "url": format!("https://news.example/articles/{n}"),
            "title": format!("Article number {n} about something that happened today"),
            "description": format!("A summary of article {n}, two sentences long as most are. It says what the article says, in short, and a little more of it {}.", n * 7),
            "type": "link",
            // On the demo server (it draws it), so a picture never leaves loopback.
            "image": format!("https://{}/media/card-{n}.png", data.host),
            "blurhash": format!("UFC$sNIo0KxZ{n:04}Rjt7M{{WCrq9ZIpM{n}Wx"),
            "width": 400, "height": 210,
        });
    }
    data
}

/// One start over `link`: milliseconds to the first posts and the bytes received by then.
fn slow_link_run(link: &Link, env: &[(String, String)], args: &[&str]) -> (f64, f64) {
    slow_link_run_of(skua(), link, env, args)
}

/// As [`slow_link_run`], of the skua binary at `program`.
fn slow_link_run_of(
    program: &str,
    link: &Link,
    env: &[(String, String)],
    args: &[&str],
) -> (f64, f64) {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    link.take_received();
    let session = pty::Session::start_with_env(program, args, &env);
    let (shown, _) = session.when("posts", |c| c.contains("↩ "));
    let first = (shown - session.exec_at).as_secs_f64() * 1000.0;
    let bytes = link.take_received() as f64;
    quit_for_peak_memory(session);
    (first, bytes)
}

/// Starts through a 2 Mbit/s link 100 ms away, with posts of a busy server's size: the time
/// to the first posts and the bytes received, without and with a warm cache, beside toot's.
fn slow_link_starts() {
    const SLOW_RUNS: usize = 5;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_server, link, far) = slow_link(&runtime);
    let (_home, env) = pty::saved_account_home(&far);
    let summary = |runs: &[(f64, f64)]| {
        (
            median(runs.iter().map(|r| r.0).collect()),
            median(runs.iter().map(|r| r.1).collect()) / 1024.0,
        )
    };
    let cold: Vec<(f64, f64)> = (0..SLOW_RUNS)
        .map(|_| slow_link_run(&link, &env, &["--no-cache"]))
        .collect();
    slow_link_run(&link, &env, &[]); // fills the cache
    let warm: Vec<(f64, f64)> = (0..SLOW_RUNS)
        .map(|_| slow_link_run(&link, &env, &[]))
        .collect();
    let (cold_ms, cold_kib) = summary(&cold);
    let (warm_ms, warm_kib) = summary(&warm);
    println!(
        "2 Mbit/s, 100 ms away, busy-server posts: first posts median {cold_ms:.0} ms, {cold_kib:.1} KiB received (no cache); {warm_ms:.0} ms, {warm_kib:.1} KiB (warm cache) ({SLOW_RUNS} runs)"
    );
    match toot() {
        Ok(toot) => {
            let toot_runs: Vec<(f64, f64)> = (0..SLOW_RUNS)
                .map(|_| {
                    link.take_received();
                    let (ms, _) = toot_run(&toot, &far);
                    (ms, link.take_received() as f64)
                })
                .collect();
            let (toot_ms, toot_kib) = summary(&toot_runs);
            println!(
                "  toot 0.52.1 over the same link: {toot_ms:.0} ms, {toot_kib:.1} KiB (received until it quit); skua/toot time {:.2} (no cache), {:.2} (warm); bytes {:.2}",
                cold_ms / toot_ms,
                warm_ms / toot_ms,
                cold_kib / toot_kib
            );
        }
        Err(why) => println!("  toot 0.52.1 could not be installed ({})", why.trim()),
    }
}

/// A demo server with posts of a busy server's size, behind a 2 Mbit/s link 100 ms away: the
/// server (kept while it is used), the link, and its address.
fn slow_link(runtime: &tokio::runtime::Runtime) -> (skua::demo::DemoServer, Link, url::Url) {
    let server = runtime
        .block_on(skua::demo::DemoServer::start(busy_server_data()))
        .unwrap();
    let upstream = server.url().socket_addrs(|| None).unwrap()[0];
    let link = Link::new(Duration::from_millis(100), Some(2_000_000));
    let far = runtime.block_on(link_proxy(upstream, link.clone()));
    let far = url::Url::parse(&format!("http://{far}/")).unwrap();
    (server, link, far)
}

/// toot 0.52.1 in a virtual environment of its own (installed from PyPI on first use), or
/// why it could not be.
fn toot() -> Result<std::path::PathBuf, String> {
    let venv = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("toot-0.52.1");
    let toot = venv.join("bin/toot");
    if toot.exists() {
        return Ok(toot);
    }
    let run = |program: &std::path::Path, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .map_err(|e| e.to_string())
            .and_then(|out| match out.status.success() {
                true => Ok(()),
                false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
            })
    };
    run("python3".as_ref(), &["-m", "venv", venv.to_str().unwrap()])?;
    run(
        &venv.join("bin/pip"),
        &["install", "--quiet", "toot==0.52.1"],
    )?;
    Ok(toot)
}

/// toot's TUI on the same server and account: milliseconds to its first posts and its peak
/// resident memory in MiB.
fn toot_run(toot: &std::path::Path, server: &url::Url) -> (f64, f64) {
    let config = tempfile::tempdir().unwrap();
    let instance = format!("{}:{}", server.host_str().unwrap(), server.port().unwrap());
    let settings = serde_json::json!({
        "apps": { &instance: {
            "instance": &instance,
            "base_url": server.as_str().trim_end_matches('/'),
            "client_id": "bench",
            "client_secret": "bench",
        }},
        "users": { format!("demo@{instance}"): {
            "instance": &instance,
            "username": "demo",
            "access_token": skua::demo::TOKEN,
        }},
        "active_user": format!("demo@{instance}"),
    });
    std::fs::create_dir_all(config.path().join("toot")).unwrap();
    std::fs::write(config.path().join("toot/config.json"), settings.to_string()).unwrap();
    let env = [
        ("XDG_CONFIG_HOME", config.path().to_str().unwrap()),
        ("LANG", "C.UTF-8"),
    ];
    let mut session = pty::Session::start_with_env(toot.to_str().unwrap(), &["tui"], &env);
    let start = session.exec_at;
    // toot asks once that its deprecation notice be read: the time spent waiting on that
    // question is not counted.
    let (asked, _) = session.when("toot's notice", |c| c.contains("press Enter to continue"));
    let answered = Instant::now();
    session.press("\r");
    let (shown, _) = session.when("toot's home timeline", |c| c.contains("status 1 of"));
    let to_posts = ((asked - start) + (shown - answered)).as_secs_f64() * 1000.0;
    std::thread::sleep(Duration::from_millis(500));
    (to_posts, quit_for_peak_memory(session))
}

fn frame_times(size: (u16, u16), loaded_pages: usize, hyperlinks: bool) -> f64 {
    frame_times_of(common::fixed_data(), size, loaded_pages, hyperlinks)
}

fn frame_times_of(
    data: skua::demo::DemoData,
    size: (u16, u16),
    loaded_pages: usize,
    hyperlinks: bool,
) -> f64 {
    current_thread().block_on(async {
        let server = skua::demo::DemoServer::start(data).await.unwrap();
        let config = skua::config::Config::defaults();
        let mut h = common::Harness::with_server(server, config, size).await;
        h.app.state.hyperlinks = hyperlinks;
        for _ in 0..loaded_pages {
            h.press("G").await;
        }
        let mut samples = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            for _ in 0..100 {
                // A fresh pane cache: every frame lays everything out.
                let panes = &mut skua::ui::PaneCache::default();
                std::hint::black_box(common::render(&h.app, size, panes));
            }
            samples.push(start.elapsed().as_secs_f64() * 1000.0 / 100.0);
        }
        median(samples)
    })
}

/// Counts the bytes written to it.
#[derive(Clone, Default)]
struct Tally(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Tally {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Costs of a key press moving in home at 200x50 on the demo's data, with the first
/// `widths.len()` of home, local and #rust as panes.
struct DeckCosts {
    /// Milliseconds a frame, unchanged panes put back (as the app draws).
    kept: f64,
    /// Milliseconds a frame with every pane laid out, measured alongside.
    all: f64,
    /// Bytes sent to the terminal a frame.
    bytes: f64,
}

/// Medians over `RUNS` samples, each the mean of 20 frames after `j` or `k` (alternating, so
/// the selection stays among the loaded posts); the two ways of drawing take turns, so the
/// machine's noise falls on both.
fn deck_costs(widths: &[u16]) -> DeckCosts {
    let panes = widths.len();
    use skua::api::TimelineKind;
    current_thread().block_on(async {
        let mut config = skua::config::Config::defaults();
        let columns = [
            TimelineKind::Home,
            TimelineKind::Local,
            TimelineKind::Hashtag("rust".into()),
        ];
        config.layout = skua::config::Layout {
            widths: widths.to_vec(),
            ..skua::config::Layout::columns(
                columns[..panes].iter().map(|k| vec![k.clone()]).collect(),
                60,
                16,
            )
        };
        let mut h = common::Harness::with_server(common::server().await, config, (200, 50)).await;
        let area = ratatui::layout::Rect::new(0, 0, 200, 50);
        let sent = Tally::default();
        let backend = ratatui::backend::CrosstermBackend::new(sent.clone());
        let options = ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(area),
        };
        let mut terminal = ratatui::Terminal::with_options(backend, options).unwrap();
        const FRAMES: usize = 20;
        let (mut kept, mut all, mut bytes) = (Vec::new(), Vec::new(), Vec::new());
        let mut panes = skua::ui::PaneCache::default();
        terminal
            .draw(|f| skua::ui::draw(f, &h.app.state, &mut panes))
            .unwrap();
        sent.0.set(0);
        for _ in 0..RUNS {
            let (mut kept_ms, mut all_ms) = (0.0, 0.0);
            for frame in 0..FRAMES {
                h.press(if frame % 2 == 0 { "j" } else { "k" }).await;
                let start = Instant::now();
                terminal
                    .draw(|f| skua::ui::draw(f, &h.app.state, &mut panes))
                    .unwrap();
                kept_ms += start.elapsed().as_secs_f64() * 1000.0;
                assert_eq!(panes.laid_out(), 1, "only home is laid out again");
                bytes.push(sent.0.replace(0) as f64);
                // The same frame again with nothing kept (sends nothing new).
                let start = Instant::now();
                terminal
                    .draw(|f| skua::ui::draw(f, &h.app.state, &mut Default::default()))
                    .unwrap();
                all_ms += start.elapsed().as_secs_f64() * 1000.0;
                sent.0.set(0);
            }
            kept.push(kept_ms / FRAMES as f64);
            all.push(all_ms / FRAMES as f64);
        }
        DeckCosts {
            kept: median(kept),
            all: median(all),
            bytes: median(bytes),
        }
    })
}

/// How pictures are drawn in a measure.
#[derive(Clone, Copy, PartialEq)]
enum Drawn {
    Off,
    HalfBlocks,
    Kitty,
}

/// What scrolling home costs where every post has a picture.
struct PictureCosts {
    /// Milliseconds a frame (`j`/`k`, as the app draws: unchanged panes put back, then the
    /// pictures' upkeep).
    frame: f64,
    /// Bytes sent to the terminal a frame.
    bytes: f64,
    /// Bytes sent for the first screen, from its first frame until every picture on it is
    /// drawn (kitty: each sent once).
    first_screen: f64,
}

/// Scrolling home where every post has a picture, with previews off, in half blocks or in
/// the kitty protocol (every picture near the selection arrived).
fn scrolling_with_pictures(size: (u16, u16), drawn: Drawn) -> PictureCosts {
    let data = every_post_with_a_picture();
    current_thread().block_on(async {
        let server = skua::demo::DemoServer::start(data).await.unwrap();
        let config = skua::config::Config::defaults();
        let mut h = common::Harness::with_server(server, config, size).await;
        h.app.show_previews(drawn != Drawn::Off, false);
        if drawn == Drawn::Kitty {
            h.app.terminal_draws(Some(skua::graphics::Graphics {
                protocol: skua::graphics::Protocol::Kitty,
                cell: (10, 20),
                tmux: false,
                compressed: true,
            }));
        }
        h.settle().await;
        let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
        let sent = Tally::default();
        let backend = ratatui::backend::CrosstermBackend::new(sent.clone());
        let options = ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(area),
        };
        let mut terminal = ratatui::Terminal::with_options(backend, options).unwrap();
        let mut panes = skua::ui::PaneCache::default();
        // A frame as the event loop draws it; what the upkeep tells the terminal is sent too.
        let mut frame = |h: &mut common::Harness| {
            terminal
                .draw(|f| skua::ui::draw(f, &h.app.state, &mut panes))
                .unwrap();
            h.app.pictures_drawn(&panes.pictures);
            for effect in std::mem::take(&mut h.app.effects) {
                if let skua::app::Effect::TellTerminal(text) = effect {
                    sent.0.set(sent.0.get() + text.len());
                }
            }
        };
        for _ in 0..5 {
            frame(&mut h);
            h.settle().await;
        }
        let first_screen = sent.0.get() as f64;
        const FRAMES: usize = 20;
        let (mut times, mut bytes) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let mut ms = 0.0;
            for step in 0..FRAMES {
                h.press(if step % 4 < 2 { "j" } else { "k" }).await;
                sent.0.set(0);
                let start = Instant::now();
                frame(&mut h);
                ms += start.elapsed().as_secs_f64() * 1000.0;
                bytes.push(sent.0.get() as f64);
            }
            times.push(ms / FRAMES as f64);
        }
        PictureCosts {
            frame: median(times),
            bytes: median(bytes),
            first_screen,
        }
    })
}

/// Milliseconds from a key (`j`/`k`) to its frame drawn, in home where every post has a
/// picture: with previews shown but none arrived (the server answers in 10 s), and not shown.
/// The two take turns, run by run, so the machine's noise falls on both.
fn key_to_frame_while_loading() -> (f64, f64) {
    let size = (80, 24);
    current_thread().block_on(async {
        let mut sides = Vec::new();
        for previews in [true, false] {
            let mut h = common::Harness::with_server(
                skua::demo::DemoServer::start(every_post_with_a_picture())
                    .await
                    .unwrap(),
                skua::config::Config::defaults(),
                size,
            )
            .await;
            h.server.set_latency(Duration::from_secs(10));
            h.app.show_previews(previews, false);
            let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
            let backend = ratatui::backend::CrosstermBackend::new(Tally::default());
            let options = ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(area),
            };
            let terminal = ratatui::Terminal::with_options(backend, options).unwrap();
            sides.push((h, terminal, skua::ui::PaneCache::default(), Vec::new()));
        }
        let keys = common::parse_keys("jk");
        const FRAMES: usize = 20;
        for _ in 0..RUNS {
            for (h, terminal, panes, samples) in &mut sides {
                let start = Instant::now();
                for frame in 0..FRAMES {
                    h.app.handle_key(keys[usize::from(frame % 4 >= 2)]);
                    terminal
                        .draw(|f| skua::ui::draw(f, &h.app.state, panes))
                        .unwrap();
                }
                samples.push(start.elapsed().as_secs_f64() * 1000.0 / FRAMES as f64);
            }
        }
        let mut medians = sides.into_iter().map(|(_, _, _, samples)| median(samples));
        (medians.next().unwrap(), medians.next().unwrap())
    })
}

/// The demo's data with one picture on every post.
fn every_post_with_a_picture() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    for (index, status) in data.statuses.iter_mut().enumerate() {
        let url = format!("https://{}/media/{}.jpg", data.host, 100_000 + index);
        status["media_attachments"] = serde_json::json!([{
            "id": format!("m{index}"), "type": "image", "url": url, "description": "a picture",
        }]);
    }
    data
}

/// The demo's data and at least `count` posts more, each with a picture of its own, its text
/// saying its number ("Picture post 7").
fn many_posts_with_pictures(count: usize) -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    let template = data.statuses[0].clone();
    for n in 0..count {
        let mut status = template.clone();
        // Older than the demo's own, in order.
        status["id"] = serde_json::json!(format!("{}", 100_000_000_000_000_000u64 - n as u64));
        status["created_at"] = serde_json::json!("2020-01-01T00:00:00.000Z");
        status["reblog"] = serde_json::Value::Null;
        status["spoiler_text"] = serde_json::json!("");
        status["sensitive"] = serde_json::json!(false);
        status["content"] = serde_json::json!(format!("<p>Picture post {n}</p>"));
        let url = format!("https://{}/media/many-{n}.png", data.host);
        status["media_attachments"] = serde_json::json!([{
            "id": format!("many{n}"), "type": "image", "url": url, "preview_url": url,
            "description": "a picture",
        }]);
        data.statuses.push(status);
    }
    data
}

/// One run: skua on a saved account whose home has a picture on every post, paged down one
/// screen at a time (about a reader's pace) through `posts` posts: its peak resident memory in
/// MiB, and the furthest picture post it showed.
fn scroll_far_run(env: &[(String, String)], args: &[&str], posts: usize) -> (f64, usize) {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut session = pty::Session::start_with_env(skua(), args, &env);
    session.wait_for("posts", |c| c.contains("↩ "));
    let furthest = |screen: &str| {
        screen
            .split("Picture post ")
            .skip(1)
            .filter_map(|rest| {
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse::<usize>()
                    .ok()
            })
            .max()
            .unwrap_or(0)
    };
    let start = Instant::now();
    let mut seen = 0;
    while seen + 1 < posts && start.elapsed() < Duration::from_secs(120) {
        session.press(" ");
        std::thread::sleep(Duration::from_millis(40));
        seen = seen.max(furthest(&session.contents()));
    }
    (quit_for_peak_memory(session), seen)
}

/// Peak memory after paging through 1,000 posts that each have a picture, previews shown (in
/// half blocks) and off.
fn memory_with_pictures() {
    const POSTS: usize = 1000;
    const MEMORY_RUNS: usize = 3;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(many_posts_with_pictures(
            POSTS,
        )))
        .unwrap();
    let (home, env) = pty::saved_account_home(server.url());
    let off = home.path().join("off.toml");
    std::fs::write(&off, "[media]\npreviews = \"off\"\n").unwrap();
    let off = off.to_str().unwrap();
    let report = |what: &str, args: &[&str], term: &str| {
        let mut env = env.clone();
        env.push(("TERM".to_owned(), term.to_owned()));
        let runs: Vec<(f64, usize)> = (0..MEMORY_RUNS)
            .map(|_| scroll_far_run(&env, args, POSTS))
            .collect();
        let memory = median(runs.iter().map(|r| r.0).collect());
        let reached = runs.iter().map(|r| r.1).min().unwrap_or(0);
        println!(
            "paged through {reached}+ posts each with a picture, {what}: peak RSS {memory:.1} MiB ({MEMORY_RUNS} runs)"
        );
        memory
    };
    let text = report(
        "previews off",
        &["--no-cache", "--config", off],
        "xterm-256color",
    );
    for (what, term) in [
        ("previews in half blocks", "xterm-256color"),
        // The harness's terminal answers as kitty does (see tests/common/pty.rs).
        ("previews in the kitty protocol", "xterm-kitty"),
    ] {
        let shown = report(what, &["--no-cache"], term);
        println!(
            "  {:.1} MiB over text alone (the pictures' memory is capped at 32 MiB)",
            shown - text
        );
    }
}

fn previews() {
    let (loading, text) = key_to_frame_while_loading();
    println!(
        "80x24, key to frame in home, every post with a picture: previews shown, none arrived {loading:.3} ms; previews off {text:.3} ms (ratio {:.2})",
        loading / text
    );
    for size in [(80, 24), (200, 50)] {
        let off = scrolling_with_pictures(size, Drawn::Off);
        for (name, drawn) in [("half blocks", Drawn::HalfBlocks), ("kitty", Drawn::Kitty)] {
            let on = scrolling_with_pictures(size, drawn);
            println!(
                "{}x{}, j/k in home, every post with a picture: previews in {name} {:.3} ms a frame, {:.0} bytes (first screen {:.0} bytes); off {:.3} ms, {:.0} bytes (ratio {:.2})",
                size.0,
                size.1,
                on.frame,
                on.bytes,
                on.first_screen,
                off.frame,
                off.bytes,
                on.frame / off.frame
            );
        }
    }
}

fn main() {
    // `cargo bench --bench startup -- previews` runs only the previews' figures, `-- memory`
    // only the memory after 1,000 posts with pictures, `-- starts` only the starts, `-- frames`
    // only the frames' costs; cargo's own flags are ignored.
    let only = |name: &str| std::env::args().skip(1).any(|arg| arg == name);
    if only("previews") {
        return previews();
    }
    if only("memory") {
        return memory_with_pictures();
    }
    if let Ok(before) = std::env::var("SKUA_BEFORE") {
        return before_and_after(&before);
    }
    if only("frames") {
        return frames();
    }
    if only("starts") {
        saved_account_starts();
        return demo_starts();
    }
    previews();
    memory_with_pictures();
    saved_account_starts();
    slow_link_starts();
    demo_starts();
    frames();
}

/// `SKUA_BEFORE=path/to/an/older/skua cargo bench --bench startup`: that binary and this
/// build started in turn on the same saved account on loopback, without a cache and with a
/// warm one, many times: the medians and quartiles of both, so a change of a millisecond shows
/// through the noise; then over the slow link (2 Mbit/s, 100 ms away), time and bytes.
fn before_and_after(before: &str) {
    const PAIRS: usize = 41;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(skua::demo::DemoServer::start(common::fixed_data()))
        .unwrap();
    let (_home, env) = pty::saved_account_home(server.url());
    let after = skua();
    let quartiles = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let at = |q: usize| values[(values.len() - 1) * q / 4];
        (at(1), at(2), at(3))
    };
    let compare = |what: &str, args: &[&str]| {
        let (mut old, mut new) = (Vec::new(), Vec::new());
        for _ in 0..PAIRS {
            old.push(saved_account_run_of(before, &env, args));
            new.push(saved_account_run_of(after, &env, args));
        }
        let first_posts = |runs: &[(f64, f64, f64)]| quartiles(runs.iter().map(|r| r.0).collect());
        let memory = |runs: &[(f64, f64, f64)]| quartiles(runs.iter().map(|r| r.2).collect());
        let (old_memory, new_memory) = (memory(&old), memory(&new));
        let (old, new) = (first_posts(&old), first_posts(&new));
        println!(
            "saved account, loopback, {what}, {PAIRS} runs each in turn: first posts before {:.1} ms (quartiles {:.1}–{:.1}), after {:.1} ms ({:.1}–{:.1}); after/before {:.2}; peak RSS before {:.2} MiB ({:.2}–{:.2}), after {:.2} MiB ({:.2}–{:.2})",
            old.1,
            old.0,
            old.2,
            new.1,
            new.0,
            new.2,
            new.1 / old.1,
            old_memory.1,
            old_memory.0,
            old_memory.2,
            new_memory.1,
            new_memory.0,
            new_memory.2,
        );
    };
    compare("no cache", &["--no-cache"]);
    saved_account_run_of(after, &env, &[]); // fills the cache
    compare("warm cache", &[]);

    // Over a slow link, where requests share the bandwidth.
    const SLOW_PAIRS: usize = 11;
    let (_server, link, far) = slow_link(&runtime);
    let (_far_home, far_env) = pty::saved_account_home(&far);
    let (mut old, mut new) = (Vec::new(), Vec::new());
    for _ in 0..SLOW_PAIRS {
        old.push(slow_link_run_of(before, &link, &far_env, &["--no-cache"]));
        new.push(slow_link_run_of(after, &link, &far_env, &["--no-cache"]));
    }
    let time = |runs: &[(f64, f64)]| quartiles(runs.iter().map(|r| r.0).collect());
    let kib = |runs: &[(f64, f64)]| median(runs.iter().map(|r| r.1 / 1024.0).collect());
    let (old_time, new_time) = (time(&old), time(&new));
    println!(
        "2 Mbit/s, 100 ms away, busy-server posts, no cache, {SLOW_PAIRS} runs each in turn: first posts before {:.0} ms (quartiles {:.0}–{:.0}), {:.1} KiB received; after {:.0} ms ({:.0}–{:.0}), {:.1} KiB; after/before {:.2}",
        old_time.1,
        old_time.0,
        old_time.2,
        kib(&old),
        new_time.1,
        new_time.0,
        new_time.2,
        kib(&new),
        new_time.1 / old_time.1,
    );
}

/// `skua --demo`: time to the first posts and peak memory.
fn demo_starts() {
    let (times, memory): (Vec<f64>, Vec<f64>) = (0..RUNS).map(|_| startup_run()).unzip();
    println!(
        "startup to first posts: median {:.0} ms (min {:.0}, max {:.0}) over {RUNS} runs",
        median(times.clone()),
        times.iter().copied().fold(f64::INFINITY, f64::min),
        times.iter().copied().fold(0.0, f64::max),
    );
    println!(
        "peak memory (max RSS): median {:.1} MiB (min {:.1}, max {:.1})",
        median(memory.clone()),
        memory.iter().copied().fold(f64::INFINITY, f64::min),
        memory.iter().copied().fold(0.0, f64::max),
    );
}

/// Sending, and drawing frames: the deck, pages, hyperlinks, a huge word.
fn frames() {
    let sends = send_to_home_times();
    println!(
        "send key to the post in home (demo): median {:.1} ms (min {:.1}, max {:.1}) over {RUNS} posts",
        median(sends.clone()),
        sends.iter().copied().fold(f64::INFINITY, f64::min),
        sends.iter().copied().fold(0.0, f64::max),
    );
    let one = deck_costs(&[1]);
    // Home is 66 columns wide in both: only the number of unchanged panes differs.
    let two = deck_costs(&[1, 2]);
    let three = deck_costs(&[1, 1, 1]);
    for (name, costs) in [
        ("one pane", &one),
        ("two panes, home as wide as among three", &two),
        ("three panes", &three),
    ] {
        println!(
            "200x50, j/k in home, {name}: {:.3} ms a frame ({:.3} ms with every pane laid out, ratio {:.2}), {:.0} bytes",
            costs.kept,
            costs.all,
            costs.kept / costs.all,
            costs.bytes
        );
    }
    println!(
        "200x50, three panes / one pane: frame time {:.2}, bytes {:.2}",
        three.kept / one.kept,
        three.bytes / one.bytes
    );
    let small = frame_times((80, 24), 0, false);
    let large = frame_times((200, 60), 0, false);
    let deep = frame_times((80, 24), 15, false);
    let linked = frame_times((80, 24), 0, true);
    println!("frame draw 80x24, one page: median {small:.3} ms");
    println!("frame draw 200x60, one page: median {large:.3} ms");
    println!(
        "frame draw 80x24, one page, hyperlinks on: median {linked:.3} ms (ratio {:.2})",
        linked / small
    );
    println!(
        "frame draw 80x24, all pages loaded: median {deep:.3} ms (ratio to one page {:.2})",
        deep / small
    );
    // A post of one 5 MB word at the top: shown cut at 64 KiB.
    let mut data = common::fixed_data();
    data.statuses[0]["content"] = format!("<p>{}</p>", "w".repeat(5 << 20)).into();
    let huge = frame_times_of(data, (80, 24), 0, false);
    println!(
        "frame draw 80x24, a 5 MB word in the first post: median {huge:.3} ms (ratio to one page {:.2})",
        huge / small
    );
}
