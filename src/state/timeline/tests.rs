use super::*;
use crate::api::{Account, Counts, Mine, Post, RichText, Visibility};

/// The notice of a load that ended with `count` new entries and no gap left.
fn arrived(count: usize) -> Option<LoadNotice> {
    Some(LoadNotice::Arrived { count, gaps: false })
}

fn post(id: u64) -> Post {
    Post {
        id: id.to_string(),
        author: Account {
            id: "1".into(),
            username: "a".into(),
            acct: "a".into(),
            display_name: "A".into(),
            url: None,
            bot: false,
        },
        created_at: jiff::Timestamp::UNIX_EPOCH,
        visibility: Visibility::Public,
        content: RichText::plain("x"),
        spoiler: None,
        media: vec![],
        tags: vec![],
        url: None,
        counts: Counts::default(),
        in_reply_to: None,
        parent: None,
        quote: None,
        poll: None,
        edited_at: None,
        quotable: None,
        language: None,
        sensitive: false,
        filtered: None,
        mine: Mine::default(),
        card: None,
        channel: None,
        translation: None,
    }
}

fn page(ids: impl IntoIterator<Item = u64>) -> Page {
    let entries: Vec<Entry> = ids.into_iter().map(|id| Entry::of(post(id))).collect();
    let oldest = entries
        .iter()
        .map(|e| &e.id)
        .min_by(|a, b| compare_ids(a, b));
    Page {
        lacking: None,
        older: oldest.cloned(),
        entries,
        unreadable: 0,
    }
}

fn ids(t: &Timeline) -> Vec<u64> {
    t.rows
        .iter()
        .map(|row| match row {
            Row::Entry(e) => e.id.parse().unwrap(),
            Row::Gap(_) => 0,
        })
        .collect()
}

const HEIGHT: PostHeight = &|_, _| 4;

/// Applies a page with a throwaway store.
fn apply(t: &mut Timeline, request: &PageRequest, page: Page, size: u32) -> Option<PageRequest> {
    t.apply(request, page, size, &mut PostStore::default())
}

#[test]
fn older_pages_append_and_dedupe() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    let req = t.refresh_request().unwrap();
    assert_eq!(req, PageRequest::Latest);
    apply(&mut t, &req, page([100, 99, 98]), 3);
    assert_eq!(
        t.older_request_if_due(),
        Some(PageRequest::Older("98".into()))
    );
    // The server repeats 98 at a page edge: it must appear once.
    apply(
        &mut t,
        &PageRequest::Older("98".into()),
        page([98, 97, 95]),
        3,
    );
    assert_eq!(ids(&t), [100, 99, 98, 97, 95]);
    assert_eq!(t.older.as_deref(), Some("95"));
    t.older_request_if_due();
    apply(&mut t, &PageRequest::Older("95".into()), page([]), 3);
    assert!(t.reached_end);
    assert_eq!(t.older_request_if_due(), None);
}

#[test]
fn a_server_repeating_a_page_does_not_make_skua_ask_forever() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([100, 99]), 2);
    let older = t.older_request_if_due().unwrap();
    apply(&mut t, &older, page([100, 99]), 2);
    assert!(t.reached_end);
    assert_eq!(t.older_request_if_due(), None);
    let newer = t.refresh_request().unwrap();
    assert_eq!(
        apply(&mut t, &newer, page([100, 99]), 2),
        None,
        "a full page of nothing new ends the refresh"
    );
    assert_eq!(t.notice, arrived(0));
}

#[test]
fn a_refresh_that_meets_the_loaded_posts_leaves_no_gap_and_keeps_the_view() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([10, 9, 8, 7]), 4);
    t.select(2, HEIGHT, 20);
    assert_eq!((t.scroll.selected, t.scroll.selected_row), (2, 8));
    assert_eq!(t.refresh_request(), Some(PageRequest::Latest));
    // The newest page overlaps what is loaded: nothing is missing.
    assert_eq!(
        apply(&mut t, &PageRequest::Latest, page([12, 11, 10, 9]), 4),
        None
    );
    assert!(!t.loading.newer);
    assert_eq!(ids(&t), [12, 11, 10, 9, 8, 7]);
    assert_eq!(t.selected_entry().unwrap().id, "8");
    assert_eq!(t.scroll.selected_row, 8, "still post 8, still on row 8");
    assert_eq!(t.new_count(), 2);
    assert_eq!(t.notice, arrived(2));
}

#[test]
fn catching_up_asks_only_for_posts_newer_than_the_newest_and_says_only_what_came() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    assert_eq!(
        t.catch_up_request(),
        Some(PageRequest::Latest),
        "nothing to page from"
    );
    apply(&mut t, &PageRequest::Latest, page([10, 9, 8]), 3);
    let since = PageRequest::Newer("10".into());
    assert_eq!(t.catch_up_request(), Some(since.clone()));
    assert_eq!(t.catch_up_request(), None, "one at a time");
    assert_eq!(apply(&mut t, &since, page([]), 3), None);
    assert!(!t.loading.newer);
    assert_eq!(ids(&t), [10, 9, 8]);
    // Nobody asked: a poll or the stream coming back finding nothing says nothing.
    assert_eq!(t.notice, None);
    // Newer posts than a page holds: the gap under them is filled downward, as by a refresh.
    let since = t.catch_up_request().unwrap();
    let fill = PageRequest::Between {
        max: "13".into(),
        since: "10".into(),
    };
    assert_eq!(
        apply(&mut t, &since, page([15, 14, 13]), 3),
        Some(fill.clone())
    );
    assert_eq!(apply(&mut t, &fill, page([12, 11]), 3), None);
    assert_eq!(ids(&t), [15, 14, 13, 12, 11, 10, 9, 8]);
    assert_eq!(t.notice, arrived(5));
}

#[test]
fn a_refresh_of_the_notifications_counts_notifications_not_posts() {
    let notifications = TimelineKind::Notifications {
        mentions_only: false,
    };
    let mut t = Timeline::new(1, notifications);
    apply(&mut t, &PageRequest::Latest, page([10, 9]), 3);
    let refresh = t.refresh_request().unwrap();
    apply(&mut t, &refresh, page([10, 9]), 3);
    assert_eq!(t.notice, arrived(0));
    let refresh = t.refresh_request().unwrap();
    apply(&mut t, &refresh, page([11, 10, 9]), 3);
    assert_eq!(t.notice, arrived(1));
}

#[test]
fn a_post_a_filter_hides_or_a_quiet_boost_is_no_news() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([10, 9]), 3);
    t.quieten(
        crate::api::Quiet {
            boosts: true,
            replies: false,
        },
        &PostStore::default(),
    );
    let mut newer = page([12, 11]);
    newer.entries[0].post.as_mut().unwrap().filtered = Some(Filtered::Hide);
    newer.entries[1].boosted_by = Some(post(1).author);
    let since = t.catch_up_request().unwrap();
    assert_eq!(apply(&mut t, &since, newer, 3), None);
    assert_eq!(ids(&t), [10, 9]);
    // Counted as news, they would be said ("2 new posts") even by a poll.
    assert_eq!(t.notice, None, "nothing shows");
    assert_eq!(t.new_count(), 0);
}

#[test]
fn conversations_lists_in_the_servers_order_and_cached_rows_are_caught_up_by_a_refresh() {
    for kind in [TimelineKind::Direct, TimelineKind::Bookmarks] {
        let mut t = Timeline::new(1, kind);
        apply(&mut t, &PageRequest::Latest, page([10, 9]), 3);
        assert_eq!(t.catch_up_request(), Some(PageRequest::Latest));
    }
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([10, 9]), 3);
    t.cached_at = Some(jiff::Timestamp::UNIX_EPOCH);
    assert_eq!(t.catch_up_request(), Some(PageRequest::Latest));
}

#[test]
fn a_full_page_that_does_not_reach_the_loaded_posts_is_filled_downward() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([10, 9]), 2);
    t.refresh_request();
    let next = apply(&mut t, &PageRequest::Latest, page([20, 19]), 2);
    let fill = PageRequest::Between {
        max: "19".into(),
        since: "10".into(),
    };
    assert_eq!(next, Some(fill.clone()));
    assert_eq!(ids(&t), [20, 19, 0, 10, 9], "a gap row between");
    assert!(t.loading.newer);
    // The next page below the gap's top edge, then the last, short one closes it.
    let next = apply(&mut t, &fill, page([18, 17]), 2);
    let fill = PageRequest::Between {
        max: "17".into(),
        since: "10".into(),
    };
    assert_eq!(next, Some(fill.clone()));
    assert_eq!(apply(&mut t, &fill, page([11]), 2), None);
    assert_eq!(
        ids(&t),
        [20, 19, 18, 17, 11, 10, 9],
        "no hole, no duplicate"
    );
    assert!(!t.loading.newer);
    assert_eq!(t.notice, arrived(5));
}

#[test]
fn a_refresh_stops_after_its_page_budget_and_the_gap_row_loads_the_rest() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page([1]), 2);
    let mut request = t.refresh_request();
    let mut top = 1000;
    let mut pages = 0;
    while let Some(r) = request {
        pages += 1;
        request = apply(&mut t, &r, page([top, top - 1]), 2);
        top -= 2;
    }
    assert_eq!(pages, MAX_REFRESH_PAGES as usize);
    assert_eq!(t.gaps().count(), 1);
    assert!(!t.is_loading());
    assert!(
        matches!(t.notice, Some(LoadNotice::Arrived { gaps: true, .. })),
        "{:?}",
        t.notice
    );
    let gap_at = t
        .rows
        .iter()
        .position(|r| matches!(r, Row::Gap(_)))
        .unwrap();
    t.select(gap_at, HEIGHT, 20);
    assert!(t.selected_entry().is_none());
    let fill = t.gap_request().unwrap();
    assert_eq!(
        fill,
        PageRequest::Between {
            max: "991".into(),
            since: "1".into()
        }
    );
    assert_eq!(t.gap_request(), None, "one load per gap at a time");
    assert_eq!(apply(&mut t, &fill, page([990]), 2), None);
    assert_eq!(t.gaps().count(), 0);
    assert_eq!(ids(&t).len(), 12);
    assert_eq!(
        t.selected_entry().unwrap().id,
        "990",
        "the first post that came in where the gap was"
    );
}

#[test]
fn selection_stays_on_screen() {
    let mut t = Timeline::new(1, TimelineKind::Home);
    apply(&mut t, &PageRequest::Latest, page((1..=20).rev()), 20);
    for _ in 0..10 {
        t.select(t.scroll.selected + 1, HEIGHT, 10);
        assert!(
            t.scroll.selected_row + 4 <= 10,
            "row {}",
            t.scroll.selected_row
        );
    }
    assert_eq!(t.scroll.selected, 10);
    t.select(0, HEIGHT, 10);
    assert_eq!(t.scroll.selected_row, 0);
    t.page_down(HEIGHT, 10);
    assert_eq!((t.scroll.selected, t.scroll.selected_row), (3, 0));
    t.page_up(HEIGHT, 10);
    assert_eq!(t.scroll.selected, 0);
}

#[test]
fn bookmarks_keep_the_servers_order_and_a_refresh_loads_them_again() {
    let mut t = Timeline::new(1, TimelineKind::Bookmarks);
    let request = t.refresh_request().unwrap();
    // Bookmarked most recently first, whatever the posts' ids.
    apply(&mut t, &request, page([5, 9, 1]), 3);
    let older = t.older_request_if_due().unwrap();
    apply(&mut t, &older, page([7, 2]), 3);
    assert_eq!(ids(&t), [5, 9, 1, 7, 2]);
    assert_eq!(t.new_count(), 0);
    let again = t.refresh_request().unwrap();
    assert_eq!(again, PageRequest::Latest);
    assert!(t.is_empty(), "loaded again from the top");
    apply(&mut t, &again, page([3, 5, 9]), 3);
    assert_eq!(ids(&t), [3, 5, 9]);
    assert_eq!(t.gaps().count(), 0);
}

#[test]
fn the_cap_lets_go_far_from_the_reader_and_leaves_a_way_back() {
    let mut store = PostStore::default();
    let mut t = Timeline::new(1, TimelineKind::Home);
    t.apply(&PageRequest::Latest, page((1..=100).rev()), 100, &mut store);
    for id in 101..=120 {
        assert!(t.arrive(Entry::of(post(id)), &mut store));
    }
    // Reading at the top: the oldest go, and scrolling down loads them again.
    assert!(t.trim_to(100));
    assert_eq!(ids(&t).len(), 100);
    assert_eq!(ids(&t)[0], 120);
    assert_eq!(t.older.as_deref(), Some("21"));
    assert!(!t.reached_end);
    // Reading far down: the newest go but the top one, and a gap row loads them again.
    t.select(90, HEIGHT, 20);
    for id in 121..=140 {
        t.arrive(Entry::of(post(id)), &mut store);
    }
    let reading = t.selected_entry().unwrap().id.clone();
    assert!(t.trim_to(100));
    assert_eq!(
        t.selected_entry().unwrap().id,
        reading,
        "the reader stays put"
    );
    assert_eq!(ids(&t)[0], 140);
    let gap = t.gaps().next().expect("a gap row under the newest");
    assert_eq!(gap.max, "140");
    assert!(t.rows.len() <= 101);
}

#[test]
fn failed_older_load_is_not_retried_on_every_move() {
    let mut t = Timeline::new(1, TimelineKind::Local);
    apply(&mut t, &PageRequest::Latest, page([3, 2, 1]), 3);
    let req = t.older_request_if_due().unwrap();
    t.fail(&req, "boom".into());
    assert_eq!(t.error.as_deref(), Some("boom"));
    assert_eq!(t.older_request_if_due(), None);
    t.refresh_request();
    apply(&mut t, &PageRequest::Latest, page([]), 3);
    assert!(t.older_request_if_due().is_some());
}
