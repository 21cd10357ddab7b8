//! `cargo bench --bench live`: a soak of 100,000 streamed posts into the home tab as fast as
//! the app takes them (time per event, peak memory), the frame cost with 10 versus 100,000
//! posts received, and key-to-frame time for `G` then `g` after them. Medians, in-process.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use skua::api::stream::StreamEvent;
use skua::api::{Entry, Post, RichText, TimelineKind};
use skua::fetcher::NetEvent;
use skua::live::LiveEvent;

const EVENTS: usize = 100_000;
const BATCH: usize = 1_000;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Peak resident memory of this process so far, in MiB.
fn peak_rss() -> f64 {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid out-pointer for our own process.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

/// Microseconds per frame drawn, median of batches.
fn frame_cost(h: &common::Harness) -> f64 {
    let samples: Vec<f64> = (0..11)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..50 {
                std::hint::black_box(h.screen());
            }
            start.elapsed().as_secs_f64() * 1e6 / 50.0
        })
        .collect();
    median(samples)
}

fn key(h: &mut common::Harness, c: char) -> f64 {
    let start = Instant::now();
    h.app
        .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    std::hint::black_box(h.screen());
    start.elapsed().as_secs_f64() * 1000.0
}

/// Streams posts `from..from + count` into home, each a copy of `template` with a new id.
fn stream(h: &mut common::Harness, template: &Post, from: usize, count: usize) {
    let base: u128 = template.id.parse().unwrap();
    for n in from..from + count {
        let mut post = template.clone();
        post.id = (base + 1 + n as u128).to_string();
        post.content = RichText::plain(&format!("streamed post {n}, with a few words to wrap"));
        let event = StreamEvent::Entry {
            kind: TimelineKind::Home,
            entry: Box::new(Entry::of(post)),
        };
        h.app
            .handle_net(NetEvent::Live(LiveEvent::Events(vec![event])));
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut h = common::Harness::start((80, 24)).await;
        let template = {
            let tab = &h.app.state.tabs[0].timeline;
            let id = tab.entries().next().unwrap().post.clone().unwrap();
            h.app.state.posts.get(&id).unwrap().clone()
        };
        stream(&mut h, &template, 0, 10);
        let rss_start = peak_rss();
        let small = frame_cost(&h);
        let mut per_event = Vec::new();
        for batch in 0..EVENTS / BATCH {
            let start = Instant::now();
            stream(&mut h, &template, 10 + batch * BATCH, BATCH);
            per_event.push(start.elapsed().as_secs_f64() * 1e6 / BATCH as f64);
        }
        let rss_end = peak_rss();
        let large = frame_cost(&h);
        let rows = h.app.state.tabs[0].timeline.rows.len();
        let posts = h.app.state.posts.len();
        let mut bottom = Vec::new();
        let mut top = Vec::new();
        for _ in 0..5 {
            bottom.push(key(&mut h, 'G'));
            top.push(key(&mut h, 'g'));
        }
        let slowest = per_event.iter().copied().fold(0.0, f64::max);
        println!(
            "soak: {EVENTS} streamed posts, median {:.1} µs per event (max batch {slowest:.1} µs)",
            median(per_event)
        );
        println!(
            "soak: peak RSS {rss_start:.1} MiB after 10 posts, {rss_end:.1} MiB after {EVENTS}; \
             home keeps {rows} rows, the store {posts} posts"
        );
        println!(
            "frame 80x24: {small:.1} µs with 10 posts received, {large:.1} µs with {EVENTS} \
             (ratio {:.2})",
            large / small
        );
        println!(
            "key to frame after {EVENTS}: G median {:.2} ms, g median {:.2} ms",
            median(bottom),
            median(top)
        );
    });
}
