//! `cargo bench --bench startup`: how long `skua --demo` takes from start to the first posts on
//! screen, its peak memory, and how long one frame takes to draw. Medians of several runs.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

const RUNS: usize = 11;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn shows_posts(contents: &str) -> bool {
    contents.contains("DEMO") && contents.contains("· public") && contents.contains("↩ ")
}

/// One run: milliseconds to the first posts, and peak resident memory in MiB.
fn startup_run() -> (f64, f64) {
    let start = Instant::now();
    let mut session = pty::Session::start(&["--demo", "--demo-every=0"]);
    while !shows_posts(&session.contents()) {
        assert!(
            start.elapsed() < pty::WAIT,
            "no posts after {:?}",
            pty::WAIT
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let to_posts = start.elapsed().as_secs_f64() * 1000.0;
    // Scroll through a few pages so memory includes loaded pages and drawing, then quit.
    for _ in 0..5 {
        session.press("G");
        std::thread::sleep(Duration::from_millis(100));
    }
    session.press("q");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid out-pointers.
    let pid = unsafe { libc::wait4(session.child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0, "{}", std::io::Error::last_os_error());
    (to_posts, usage.ru_maxrss as f64 / 1024.0)
}

/// Milliseconds from pressing the send key to the post showing in home, one per post, on the
/// demo in a pseudo-terminal.
fn send_to_home_times() -> Vec<f64> {
    let mut session = pty::Session::start(&["--demo", "--demo-every=0"]);
    let wait = |session: &pty::Session, what: &str, done: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        while !done(&session.contents()) {
            assert!(
                start.elapsed() < pty::WAIT,
                "no {what}:\n{}",
                session.contents()
            );
            std::thread::sleep(Duration::from_micros(200));
        }
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
        wait(&session, "the post in home", &in_home);
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    session.press("q");
    samples
}

fn frame_times(size: (u16, u16), loaded_pages: usize) -> f64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut h = common::Harness::start(size).await;
        for _ in 0..loaded_pages {
            h.press("G").await;
        }
        let mut samples = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            for _ in 0..100 {
                std::hint::black_box(h.screen());
            }
            samples.push(start.elapsed().as_secs_f64() * 1000.0 / 100.0);
        }
        median(samples)
    })
}

fn main() {
    // Criterion-style filters and --bench flags from cargo are ignored: this runs everything.
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
    let sends = send_to_home_times();
    println!(
        "send key to the post in home (demo): median {:.1} ms (min {:.1}, max {:.1}) over {RUNS} posts",
        median(sends.clone()),
        sends.iter().copied().fold(f64::INFINITY, f64::min),
        sends.iter().copied().fold(0.0, f64::max),
    );
    let small = frame_times((80, 24), 0);
    let large = frame_times((200, 60), 0);
    let deep = frame_times((80, 24), 15);
    println!("frame draw 80x24, one page: median {small:.3} ms");
    println!("frame draw 200x60, one page: median {large:.3} ms");
    println!(
        "frame draw 80x24, all pages loaded: median {deep:.3} ms (ratio to one page {:.2})",
        deep / small
    );
}
