//! Tabs that leave boosts or replies out: set in the config, changed with a key, kept in the
//! saved layout, and what arrives live left out too; against the local demo server.
use crate::common;

use common::Harness;
use skua::api::{Quiet, TimelineKind};

const SMALL: (u16, u16) = (80, 24);

fn boosts_in(h: &Harness, tab: usize) -> usize {
    h.app.state.tabs[tab]
        .timeline
        .entries()
        .filter(|e| e.boosted_by.is_some())
        .count()
}

fn replies_in(h: &Harness, tab: usize) -> usize {
    h.app.state.tabs[tab]
        .timeline
        .entries()
        .filter_map(|e| e.post.as_deref())
        .filter_map(|id| h.app.state.posts.get(id))
        .filter(|post| post.in_reply_to.is_some())
        .count()
}

#[tokio::test]
async fn boosts_leave_a_tab_at_once_come_back_with_a_reload_and_the_choice_is_kept() {
    let mut h = Harness::start(SMALL).await;
    assert!(boosts_in(&h, 0) > 0, "home has boosts");
    h.press(":hide_boosts<enter>").await;
    assert_eq!(boosts_in(&h, 0), 0);
    assert!(
        h.screen().contains("boosts left out of Home"),
        "{}",
        h.screen()
    );
    assert!(!h.screen().contains("boosted"), "{}", h.screen());
    // The tab says so.
    assert!(
        h.screen()
            .lines()
            .next()
            .unwrap()
            .starts_with(" 1 Home -⟳ "),
        "{}",
        h.screen()
    );
    // Kept in the layout saved for the next start.
    assert_eq!(
        h.app.layout().quiet,
        [(
            TimelineKind::Home,
            Quiet {
                boosts: true,
                replies: false
            }
        )]
    );
    // A refresh brings none back.
    h.press("r").await;
    assert_eq!(boosts_in(&h, 0), 0);

    h.press(":hide_boosts<enter>").await;
    assert!(boosts_in(&h, 0) > 0, "a reload brought them back");
    assert!(
        h.screen().contains("boosts shown again in Home"),
        "{}",
        h.screen()
    );
    assert!(h.app.layout().quiet.is_empty());
    assert!(h.screen().lines().next().unwrap().starts_with(" 1 Home "));
    assert!(!h.screen().lines().next().unwrap().contains("-⟳"));
}

#[tokio::test]
async fn the_config_leaves_replies_out_of_a_tab_from_the_start() {
    // The two newest posts answer older ones.
    let mut data = common::fixed_data();
    let older = data.statuses[10]["id"].clone();
    for status in data.statuses.iter_mut().take(2) {
        status["in_reply_to_id"] = older.clone();
    }
    let everything = Harness::with_server(
        skua::demo::DemoServer::start(data.clone()).await.unwrap(),
        skua::config::Config::defaults(),
        SMALL,
    )
    .await;
    let replies = replies_in(&everything, 0);
    assert!(replies > 0);
    let config = skua::config::Config::parse(
        "[general]\nhide_replies = [\"home\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let h = Harness::with_server(server, config, SMALL).await;
    assert_eq!(replies_in(&h, 0), 0, "home leaves replies out");
    assert_eq!(
        h.app.state.tabs[0].timeline.entries().count(),
        everything.app.state.tabs[0].timeline.entries().count() - replies,
        "the rest is there"
    );
}

#[tokio::test]
async fn a_tab_that_is_not_one_is_said_with_its_key() {
    let error = skua::config::Config::parse(
        "[general]\nhide_boosts = [\"homme\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("general.hide_boosts"), "{error}");
    assert!(error.contains("`homme` is not a tab"), "{error}");
}

/// Opens the profile of someone whose boost is in home; answers their `acct`.
async fn booster_profile(h: &mut Harness) -> String {
    let booster = h.app.state.tabs[0]
        .timeline
        .entries()
        .find_map(|e| e.boosted_by.clone())
        .expect("a boost in home")
        .acct;
    h.select_first(|p, e| {
        p.author.acct == booster && e.boosted_by.is_none() && p.mentions().is_empty()
    })
    .await;
    h.press("p").await;
    assert!(
        h.screen().contains(&format!("› @{booster}")),
        "{}",
        h.screen()
    );
    booster
}

#[tokio::test]
async fn an_accounts_boosts_are_left_out_of_home_from_its_profile() {
    let mut h = Harness::start(SMALL).await;
    let booster = booster_profile(&mut h).await;
    h.press(":hide_boosts<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains(&format!("boosts left out of Home from @{booster}")),
        "{screen}"
    );
    assert!(screen.contains("their boosts left out"), "{screen}");
    let followed = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/follow"))
        .expect("followed again");
    assert_eq!(followed.param("reblogs"), Some("false"));
    // Home, loaded again, has none of their boosts.
    h.press("<esc>r").await;
    assert!(
        h.app.state.tabs[0]
            .timeline
            .entries()
            .all(|e| e.boosted_by.as_ref().is_none_or(|b| b.acct != booster)),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn misskey_mutes_an_accounts_renotes() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let booster = booster_profile(&mut h).await;
    h.press(":hide_boosts<enter>").await;
    assert!(
        h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/renote-mute/create"),
        "{:?}",
        h.server
            .requests()
            .iter()
            .map(|r| &r.path)
            .collect::<Vec<_>>()
    );
    // In Misskey's words.
    assert!(
        h.screen().contains("their renotes left out"),
        "{}",
        h.screen()
    );
    h.press(":hide_boosts<enter>").await;
    assert!(
        h.screen()
            .contains(&format!("renotes shown again from @{booster}")),
        "{}",
        h.screen()
    );
}
