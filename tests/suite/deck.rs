//! Panes side by side: a deck of timelines on a wide terminal, folded into tabs on a small one.

use crate::common;

use common::{Harness, server};
use insta::assert_snapshot;
use skua::api::TimelineKind;
use skua::config::{Config, Layout};
use skua::ui::words::{Title, Words};

const WIDE: (u16, u16) = (200, 50);
const SMALL: (u16, u16) = (80, 24);

fn three_panes() -> Layout {
    Layout::columns(
        vec![
            vec![TimelineKind::Home],
            vec![TimelineKind::Local],
            vec![TimelineKind::Hashtag("rust".into())],
        ],
        60,
        16,
    )
}

async fn deck(size: (u16, u16)) -> Harness {
    let mut config = Config::defaults();
    config.layout = three_panes();
    Harness::with_server(server().await, config, size).await
}

/// The tab titles of each pane, left to right, and the focused pane.
fn panes(h: &Harness) -> (Vec<Vec<String>>, usize) {
    let state = &h.app.state;
    let panes = (0..state.deck.panes())
        .map(|pane| {
            let tabs = state.tabs.iter().filter(|t| t.pane == pane);
            tabs.map(|t| t.timeline.kind.title(Words::of(state)))
                .collect()
        })
        .collect();
    (panes, state.focused_pane())
}

use common::screen_columns as columns;

#[tokio::test]
async fn three_panes_side_by_side_at_200x50_and_folded_into_tabs_at_80x24() {
    let mut h = deck(WIDE).await;
    h.press("jj<a-l>j").await;
    let wide = h.screen();
    assert_snapshot!("deck_200x50", wide);
    assert!(wide.lines().next().unwrap().contains("│ 2 Local"), "{wide}");
    // Each pane loaded its own timeline and scrolls on its own.
    let timelines: Vec<_> = h.app.state.tabs.iter().map(|t| &t.timeline).collect();
    assert!(timelines.iter().all(|t| t.loaded));
    assert_eq!(
        timelines
            .iter()
            .map(|t| t.scroll.selected)
            .collect::<Vec<_>>(),
        [2, 1, 0]
    );
    h.resize(SMALL);
    let folded = h.screen();
    assert_snapshot!("deck_folded_80x24", folded);
    assert!(
        folded
            .lines()
            .next()
            .unwrap()
            .starts_with(" 1 Home  2 Local  3 #rust"),
        "{folded}"
    );
    assert!(!folded.contains('│'), "no pane borders when folded");
    // Tab goes through every tab while folded, as on the single screen.
    h.press("<tab>").await;
    assert_eq!(h.app.state.active, 2);
    h.resize(WIDE);
    assert!(h.screen().lines().next().unwrap().contains("│ 3 #rust"));
    assert_eq!(panes(&h).1, 2, "the focus followed the tab");
}

#[tokio::test]
async fn focus_moves_between_panes_and_stops_at_the_edges() {
    let mut h = deck(WIDE).await;
    assert_eq!(panes(&h).1, 0);
    h.press("<a-h>").await;
    assert!(h.screen().contains("no pane on the left"));
    h.press("<a-l><a-l>").await;
    assert_eq!(panes(&h).1, 2);
    h.press("<a-l>").await;
    assert!(h.screen().contains("no pane on the right"));
    assert_eq!(panes(&h).1, 2);
    h.press("<a-h>").await;
    assert_eq!(panes(&h).1, 1);
}

#[tokio::test]
async fn acting_in_one_pane_leaves_the_others_untouched() {
    let mut h = deck(WIDE).await;
    let before = columns(&h.screen(), 0, 66);
    h.press("<a-l>j<enter>").await;
    let thread = h.screen();
    assert!(
        thread.lines().next().unwrap().contains("2 Local › thread"),
        "{thread}"
    );
    assert_eq!(columns(&thread, 0, 66), before, "home as it was:\n{thread}");
    h.press("<esc>").await;
    assert_eq!(columns(&h.screen(), 0, 66), before);
}

#[tokio::test]
async fn tabs_move_between_panes_and_panes_open_close_and_resize() {
    let mut h = deck(WIDE).await;
    // Local moves on to the #rust pane; its own pane goes.
    h.press("<a-l>>").await;
    assert_eq!(
        panes(&h),
        (
            vec![vec!["Home".into()], vec!["Local".into(), "#rust".into()]],
            1
        )
    );
    // A new pane opens with the timeline chosen next.
    h.press("|").await;
    assert!(
        h.screen()
            .contains("new pane on the right: open a timeline"),
        "{}",
        h.screen()
    );
    h.press("N").await;
    assert_eq!(
        panes(&h),
        (
            vec![
                vec!["Home".into()],
                vec!["Local".into(), "#rust".into()],
                vec!["Notifications".into()],
            ],
            2
        )
    );
    // Esc forgets a new pane asked for.
    h.press("|<esc>F").await;
    assert_eq!(h.app.state.deck.panes(), 3);
    assert_eq!(h.app.state.tabs[h.app.state.active].pane, 2);
    // Wider, narrower: the focused pane's share.
    h.press("}}").await;
    assert_eq!(h.app.state.deck.widths, [1, 1, 3]);
    h.press("{").await;
    assert_eq!(h.app.state.deck.widths, [1, 1, 2]);
    // Closing the last pane: its tabs join the pane on its left.
    h.press("<a-x>").await;
    assert_eq!(
        panes(&h),
        (
            vec![
                vec!["Home".into()],
                vec![
                    "Local".into(),
                    "#rust".into(),
                    "Notifications".into(),
                    "Federated".into()
                ],
            ],
            1
        )
    );
    // Closing the first: into the one on its right; one pane left, which stays.
    h.press("<a-h><a-x>").await;
    assert_eq!(h.app.state.deck.panes(), 1);
    h.press("<a-x>").await;
    assert!(h.screen().contains("one pane only"), "{}", h.screen());
    // From one pane, a tab moves into a new one.
    h.press(">").await;
    assert_eq!(h.app.state.deck.panes(), 2);
}

#[tokio::test]
async fn the_layout_in_use_is_opened_again_unless_the_config_changed() {
    let mut h = deck(WIDE).await;
    h.press("<a-l>>}").await;
    let current = h.app.layout();
    assert_eq!(current.widths, [1, 2]);
    let dir = tempfile::tempdir().unwrap();
    let path = skua::layouts::path(dir.path(), "ana@demo.example");
    skua::layouts::write(
        &path,
        &skua::layouts::encode(&three_panes(), &current).unwrap(),
    );
    assert_eq!(
        skua::layouts::read(&path, &three_panes()),
        Some(current.clone())
    );
    let mut changed = three_panes();
    changed.panes.pop();
    changed.rows.pop();
    changed.widths.pop();
    assert_eq!(
        skua::layouts::read(&path, &changed),
        None,
        "the config wins"
    );

    // Opened again: the same panes and tabs.
    let mut config = Config::defaults();
    config.layout = current;
    let again = Harness::with_server(server().await, config, WIDE).await;
    assert_eq!(
        panes(&again).0,
        [
            vec!["Home".to_owned()],
            vec!["Local".into(), "#rust".into()]
        ]
    );
}

#[tokio::test]
async fn each_account_opens_the_panes_it_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = deck(WIDE).await;
    h.app.keep_layouts_in(
        dir.path().to_owned(),
        three_panes(),
        Some("ana@demo.example".into()),
    );
    h.press("<a-l>>").await;
    let anas = panes(&h).0;
    assert_eq!(anas.len(), 2);
    let other = skua::demo::DemoServer::start(common::fixed_data())
        .await
        .unwrap();
    // Bob has left nothing: the config's three panes.
    h.reconnect(&other, "demo", Some("bob@demo.example"));
    h.settle().await;
    assert_eq!(panes(&h).0.len(), 3);
    h.press("<a-x>").await;
    // Back to Ana: her two panes; and Bob's two are kept for him.
    h.reconnect(&other, "demo", Some("ana@demo.example"));
    h.settle().await;
    assert_eq!(panes(&h).0, anas);
    h.reconnect(&other, "demo", Some("bob@demo.example"));
    h.settle().await;
    assert_eq!(panes(&h).0.len(), 2);
}

/// Home on the left; local above #rust on the right.
fn stacked() -> Layout {
    let text = "[layout]\ncolumns = [[\"home\"], [[\"local\"], [\"#rust\"]]]\n";
    Config::parse(text, std::path::Path::new("config.toml"))
        .unwrap()
        .layout
}

async fn stacked_deck(size: (u16, u16)) -> Harness {
    let mut config = Config::defaults();
    config.layout = stacked();
    Harness::with_server(server().await, config, size).await
}

#[tokio::test]
async fn a_column_stacks_panes_and_the_focus_moves_up_and_down() {
    let mut h = stacked_deck(WIDE).await;
    h.press("<a-l>j").await;
    let screen = h.screen();
    assert_snapshot!("deck_stacked_200x50", screen);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].contains("│ 2 Local"), "{screen}");
    assert!(
        lines[24].contains("│ 3 #rust"),
        "#rust's tabs halfway down:\n{screen}"
    );
    assert!(
        lines[24].starts_with("  "),
        "home goes on beside it:\n{screen}"
    );
    // Local (pane 1) scrolled; #rust below it did not.
    assert_eq!(h.app.state.tabs[1].timeline.scroll.selected, 1);
    assert_eq!(h.app.state.tabs[2].timeline.scroll.selected, 0);
    // Each pane's views have its own rows: half the screen's.
    assert_eq!(h.app.state.active_size(), (100, 23));

    h.press("<a-j>").await;
    assert_eq!(panes(&h).1, 2, "down to #rust");
    h.press("<a-j>").await;
    assert!(h.screen().contains("no pane below"), "{}", h.screen());
    h.press("<a-h>").await;
    assert_eq!(panes(&h).1, 0, "left to home");
    h.press("<a-l>").await;
    assert_eq!(
        panes(&h).1,
        1,
        "right from home: the pane level with its middle's top"
    );
    h.press("<a-k>").await;
    assert!(h.screen().contains("no pane above"), "{}", h.screen());

    // A new pane below the focused one, with the timeline chosen next.
    h.press("_").await;
    assert!(h.screen().contains("new pane below: open a timeline"));
    h.press("N").await;
    assert_eq!(
        panes(&h),
        (
            vec![
                vec!["Home".into()],
                vec!["Local".into()],
                vec!["Notifications".into()],
                vec!["#rust".into()],
            ],
            2
        )
    );
    assert_eq!(h.app.state.deck.rows, [1, 3]);
    // Closing a stacked pane: its tabs join the pane above.
    h.press("<a-x>").await;
    assert_eq!(
        panes(&h).0,
        [
            vec!["Home".to_owned()],
            vec!["Local".into(), "Notifications".into()],
            vec!["#rust".into()],
        ]
    );
    assert_eq!(h.app.state.deck.rows, [1, 2]);
    // The top pane's tabs move on to the one below it; the column keeps one pane.
    h.press("<a-k>>").await;
    h.press("<a-k>>").await;
    assert_eq!(h.app.state.deck.rows, [1, 1]);
    assert_eq!(panes(&h).0[1].len(), 3);

    // The layout in use keeps its rows.
    let mut h = stacked_deck(WIDE).await;
    h.press("<a-l>_N").await;
    let saved = h.app.layout();
    assert_eq!(saved.rows, [1, 3]);
    let mut config = Config::defaults();
    config.layout = saved;
    let again = Harness::with_server(server().await, config, WIDE).await;
    assert_eq!(again.app.state.deck.rows, [1, 3]);
}

#[tokio::test]
async fn stacked_panes_fold_into_tabs_when_the_window_is_too_short() {
    let mut h = stacked_deck((200, 32)).await;
    let short = h.screen();
    assert!(
        short
            .lines()
            .next()
            .unwrap()
            .starts_with(" 1 Home  2 Local  3 #rust"),
        "{short}"
    );
    h.resize((200, 33));
    let tall = h.screen();
    assert!(
        tall.lines().nth(16).unwrap().contains("│ 3 #rust"),
        "{tall}"
    );
    h.press("<a-l>_").await;
    h.press("N").await;
    assert!(
        h.screen()
            .contains("4 panes show apart from a 120x49 window; folded into tabs until then"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn a_pane_whose_content_did_not_change_is_not_laid_out_again() {
    let mut h = deck(WIDE).await;
    // Links in panes put back keep their addresses (numbered anew in each frame).
    h.app.state.hyperlinks = true;
    let laid_out = |h: &Harness| {
        h.screen();
        h.panes.borrow().laid_out()
    };
    assert_eq!(laid_out(&h), 3, "the first frame lays out every pane");
    assert_eq!(laid_out(&h), 0, "nothing changed");
    let before = h.screen();
    h.press("j").await;
    assert_eq!(laid_out(&h), 1, "j moves in home only");
    // What was put back is what laying it out again shows.
    let fresh = common::render(&h.app, WIDE, &mut Default::default());
    assert_eq!(h.screen(), fresh);
    assert_ne!(before, fresh);
    assert!(
        fresh.contains("\x1b]8;;https://blog.example.org/"),
        "#rust's links"
    );
    // The clock ticking while no time shown reads differently changes nothing drawn (once
    // the first tick's poll of every timeline is answered).
    let start = h.app.state.now;
    h.app.tick(start + jiff::SignedDuration::from_secs(1));
    h.settle().await;
    h.screen();
    h.app.tick(start + jiff::SignedDuration::from_secs(2));
    assert_eq!(laid_out(&h), 0);

    // Moving the focus lays out the pane entered only (its tab was activated).
    h.press("<a-l>").await;
    assert_eq!(laid_out(&h), 1);
    // Favouriting local's first post, which home shows too (at its foot): those two are laid
    // out again, #rust is not.
    let before = h.screen();
    h.press("f").await;
    let after = h.screen();
    assert_eq!(h.panes.borrow().laid_out(), 2);
    assert_ne!(columns(&before, 0, 66), columns(&after, 0, 66));
    assert!(
        columns(&after, 0, 66).contains("★ 109  · you favourited"),
        "{after}"
    );
    assert_eq!(columns(&before, 134, 200), columns(&after, 134, 200));
    assert_eq!(after, common::render(&h.app, WIDE, &mut Default::default()));

    // Three hours on, every pane's ages read differently.
    let later = h.app.state.now + jiff::SignedDuration::from_hours(3);
    h.app.tick(later);
    assert_eq!(laid_out(&h), 3);
    assert_eq!(
        h.screen(),
        common::render(&h.app, WIDE, &mut Default::default())
    );
}

#[tokio::test]
async fn a_pane_grows_and_shrinks_within_its_column_and_keeps_its_height() {
    let mut h = stacked_deck(WIDE).await;
    // Home has its column to itself: nothing to share.
    h.press(")").await;
    assert!(
        h.screen().contains("the only pane in its column"),
        "{}",
        h.screen()
    );
    assert_eq!(h.app.state.deck.heights, [1, 1, 1]);
    // Local, above #rust: three times as tall as #rust, then twice.
    h.press("<a-l>))").await;
    assert_eq!(h.app.state.deck.heights, [1, 3, 1]);
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[36].contains("│ 3 #rust"),
        "#rust's tabs three quarters down:\n{screen}"
    );
    assert_eq!(h.app.state.active_size(), (100, 35));
    h.press("(").await;
    assert_eq!(h.app.state.deck.heights, [1, 2, 1]);
    assert!(h.screen().lines().nth(32).unwrap().contains("│ 3 #rust"));
    // A pane opened below and closed again leaves the others' heights as they were.
    h.press("_N").await;
    assert_eq!(h.app.state.deck.heights, [1, 2, 1, 1]);
    h.press("<a-x>").await;
    assert_eq!(h.app.state.deck.heights, [1, 2, 1]);
    // The layout in use keeps the heights.
    let saved = h.app.layout();
    assert_eq!(saved.heights, [1, 2, 1]);
    let mut config = Config::defaults();
    config.layout = saved;
    let again = Harness::with_server(server().await, config, WIDE).await;
    assert_eq!(again.app.state.deck.heights, [1, 2, 1]);

    // The config sets them pane by pane, and says what is wrong with them.
    let text =
        "[layout]\ncolumns = [[\"home\"], [[\"local\"], [\"#rust\"]]]\nheights = [1, 2, 1]\n";
    let config = Config::parse(text, std::path::Path::new("config.toml")).unwrap();
    assert_eq!(config.layout.heights, [1, 2, 1]);
    for (heights, says) in [
        ("[1, 2]", "2 heights for 3 panes"),
        ("[1, 0, 1]", "each height is 1 to 9"),
    ] {
        let text = text.replace("[1, 2, 1]", heights);
        let error = Config::parse(&text, std::path::Path::new("config.toml")).unwrap_err();
        let error = format!("{error:#}");
        assert!(error.contains(says) && error.contains("line 3"), "{error}");
    }
}

#[tokio::test]
async fn folded_panes_take_the_focus_keys_as_tabs_of_their_panes() {
    let mut h = deck(SMALL).await;
    assert!(!h.app.state.deck_unfolded(), "80x24 folds three panes");
    assert_eq!(h.app.state.active, 0);
    h.press("<a-l>").await;
    let screen = h.screen();
    assert!(!screen.contains("no pane on the right"), "{screen}");
    assert_eq!(
        panes(&h).1,
        1,
        "the focus moved to the next pane's tab:\n{screen}"
    );
    h.press("<a-l>").await;
    assert_eq!(panes(&h).1, 2);
    h.press("<a-h>").await;
    assert_eq!(panes(&h).1, 1);
}
