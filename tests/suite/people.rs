//! Lists of people on both families: followers and following of a profile or of the user,
//! who boosted or favourited (reacted to) a post, mutes, blocks, blocked domains and follow
//! requests, each paged to the end, with follow, mute, block and undo from a row shown at once
//! and taken back with a sentence when the server refuses. Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::json;
use skua::api::Someone;
use skua::demo::{DemoData, Fault};
use skua::state::Screen;
use skua::state::people::PeopleScreen;

const SMALL: (u16, u16) = (80, 24);

fn people(h: &Harness) -> &PeopleScreen {
    match h.app.state.screen() {
        Some(Screen::People(screen)) => screen,
        _ => panic!("a list of people is on screen:\n{}", h.screen()),
    }
}

fn handles(h: &Harness) -> Vec<String> {
    people(h)
        .rows
        .iter()
        .map(|row| match row {
            Someone::Person(p) => p.account.acct.clone(),
            Someone::Domain(d) => d.clone(),
        })
        .collect()
}

/// `count` more accounts following the user, `fan0`… (the newest last).
fn with_fans(mut data: DemoData, count: usize) -> DemoData {
    for i in 0..count {
        let id = format!("{}", 400_000 + i);
        data.accounts.push(json!({
            "id": id, "username": format!("fan{i}"), "acct": format!("fan{i}@many.example"),
            "display_name": format!("Fan {i}"), "url": "", "bot": false,
            "note": format!("<p>fan number {i}</p>")
        }));
        data.followers.push(id);
    }
    data
}

/// Down until the list says it has everyone (a page is asked as the cursor nears the end).
async fn to_the_end(h: &mut Harness) {
    for _ in 0..20 {
        if people(h).next.is_none() && !people(h).is_loading() {
            return;
        }
        h.press("G").await;
    }
    panic!("the list never ended");
}

#[tokio::test]
async fn the_users_followers_load_page_by_page_to_the_end() {
    let server = skua::demo::DemoServer::start(with_fans(common::fixed_data(), 95))
        .await
        .unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":followers<enter>").await;
    assert_eq!(people(&h).rows.len(), 40, "one page at first");
    assert!(
        h.screen().contains("Your followers (40+)"),
        "{}",
        h.screen()
    );
    to_the_end(&mut h).await;
    let handles = handles(&h);
    assert_eq!(handles.len(), 98, "the 3 of the demo and 95 fans");
    assert!(handles.contains(&"fan94@many.example".to_owned()));
    assert!(h.screen().contains("Your followers (98)"), "{}", h.screen());
    let pages = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/followers"))
        .count();
    assert_eq!(pages, 3, "40 + 40 + 18");
}

#[tokio::test]
async fn who_boosted_a_post_one_of_them_opened_and_followed() {
    let server = common::server().await;
    // Someone the user does not follow boosted the newest post.
    let stranger = "100004";
    server.with_data(|d| d.following.retain(|f| f != stranger));
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    let post = h.newest_home_post().id.clone();
    h.select_first(|p, _| p.id == post).await;
    h.press(":boosted_by<enter>").await;
    assert!(
        h.screen().contains("Who boosted the post"),
        "{}",
        h.screen()
    );
    let at = people(&h)
        .rows
        .iter()
        .position(|r| matches!(r, Someone::Person(p) if p.account.id == stranger))
        .expect("the stranger boosted it");
    h.press(&"j".repeat(at)).await;
    h.press("<enter>").await;
    h.press("w").await;
    let relationship = h.server.with_data(|d| d.relationship(stranger));
    assert_eq!(relationship["following"], true);
    // Back on the list, their row says so.
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(screen.contains("Who boosted the post"), "{screen}");
    let asked = h.server.requests();
    assert!(
        asked
            .iter()
            .any(|r| r.path == format!("/api/v1/statuses/{post}/reblogged_by"))
    );
}

#[tokio::test]
async fn a_follow_from_a_row_shows_at_once_and_is_taken_back_if_refused() {
    let server = common::server().await;
    let stranger = "100004";
    server.with_data(|d| {
        d.following.retain(|f| f != stranger);
        d.followers.push(stranger.into());
    });
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":followers<enter>").await;
    let at = handles(&h).len() - 1;
    h.press(&"j".repeat(at)).await;
    let row = |h: &Harness| {
        h.screen()
            .lines()
            .find(|l| l.contains('›'))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(!row(&h).contains("following"), "{}", h.screen());
    h.server.fail(
        &format!("/api/v1/accounts/{stranger}/follow"),
        Fault::status(500, r#"{"error":"boom"}"#),
    );
    h.press("w").await;
    let screen = h.screen();
    assert!(screen.contains("could not follow @"), "{screen}");
    assert!(!row(&h).contains("following"), "taken back: {screen}");
    h.server.clear_faults();
    h.press("w").await;
    assert!(row(&h).contains("· following"), "{}", h.screen());
    let relationship = h.server.with_data(|d| d.relationship(stranger));
    assert_eq!(relationship["following"], true);
}

#[tokio::test]
async fn muted_and_blocked_accounts_are_listed_and_undone_from_their_rows() {
    let server = common::server().await;
    server.with_data(|d| {
        d.muting = vec!["100003".into()];
        d.blocking = vec!["100006".into(), "100007".into()];
    });
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":mutes<enter>").await;
    assert_eq!(people(&h).rows.len(), 1);
    assert!(h.screen().contains("· muted"), "{}", h.screen());
    h.press("Z").await;
    assert!(h.server.with_data(|d| d.muting.is_empty()));
    assert!(!h.screen().contains("· muted"), "{}", h.screen());
    // The blocks are the list beside, the blocked domains after them, and back.
    h.press("<tab>").await;
    h.press("<tab>").await;
    assert!(
        h.screen().contains("Domains you blocked (0)"),
        "{}",
        h.screen()
    );
    h.press("<s-tab>").await;
    assert!(
        h.screen().contains("Accounts you blocked (2)"),
        "{}",
        h.screen()
    );
    h.press("X").await;
    let blocking = h.server.with_data(|d| d.blocking.clone());
    assert_eq!(blocking.len(), 1, "one unblocked: {blocking:?}");
    assert!(h.screen().contains("unblocked @"), "{}", h.screen());
}

#[tokio::test]
async fn a_blocked_domain_is_unblocked_and_comes_back_if_refused() {
    let server = common::server().await;
    server.with_data(|d| d.domain_blocks = vec!["spam.example".into(), "bad.example".into()]);
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":domain_blocks<enter>").await;
    assert_eq!(handles(&h), ["spam.example", "bad.example"]);
    h.press("<enter>").await;
    assert!(
        h.screen()
            .contains("spam.example is a server, not an account: d unblocks it"),
        "{}",
        h.screen()
    );
    h.server.fail(
        "/api/v1/domain_blocks",
        Fault::status(503, r#"{"error":"try later"}"#),
    );
    h.press("d").await;
    assert_eq!(handles(&h), ["spam.example", "bad.example"], "back");
    assert!(
        h.screen().contains("could not unblock spam.example"),
        "{}",
        h.screen()
    );
    h.server.clear_faults();
    h.press("d").await;
    assert_eq!(handles(&h), ["bad.example"]);
    assert_eq!(
        h.server.with_data(|d| d.domain_blocks.clone()),
        ["bad.example"]
    );
}

#[tokio::test]
async fn follow_requests_are_accepted_from_the_list_and_sent_ones_are_explained() {
    let mut h = Harness::start(SMALL).await;
    let waiting = h.server.with_data(|d| d.follow_requests.clone());
    assert!(!waiting.is_empty(), "the demo has a request waiting");
    h.press(":follow_requests<enter>").await;
    assert!(
        h.screen().contains("Asking to follow you"),
        "{}",
        h.screen()
    );
    assert_eq!(people(&h).rows.len(), waiting.len());
    h.press("Y").await;
    assert_eq!(people(&h).rows.len(), waiting.len() - 1);
    assert!(
        !h.server
            .with_data(|d| d.follow_requests.contains(&waiting[0]))
    );
    // Mastodon has no list of the requests the user sent: it says so.
    h.press(":sent_requests<enter>").await;
    assert!(
        h.screen()
            .contains("Mastodon does not list the follow requests you sent"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn a_profile_that_counts_followers_but_shows_none_hides_them() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, e| e.boosted_by.is_none() && p.author.acct == "bob")
        .await;
    h.press("p").await;
    h.server.fail(
        "/api/v1/accounts/100002/followers",
        Fault::status(200, "[]"),
    );
    h.press(":followers<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Followers of @bob (0)"), "{screen}");
    assert!(screen.contains("@bob keeps this list private"), "{screen}");
}

#[tokio::test]
async fn hostile_names_and_bios_are_drawn_as_text() {
    let mut data = common::fixed_data();
    data.accounts.push(json!({
        "id": "666", "username": "evil", "acct": "evil@bad.example",
        "display_name": "\u{1b}]0;pwned\u{7}Evil\u{1b}[2J", "url": "", "bot": false,
        "note": "<p>\u{1b}[31mred\u{9b}1m<script>x</script> \u{202e}reversed</p>"
    }));
    data.followers.push("666".into());
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":followers<enter>G").await;
    let screen = h.screen();
    assert!(screen.contains("@evil@bad.example"), "{screen}");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(
            !screen.contains(bad),
            "{bad:?} reached the screen: {screen:?}"
        );
    }
}

#[tokio::test]
async fn the_list_of_followers_at_80x24() {
    let mut h = Harness::start(SMALL).await;
    h.press(":following<enter>").await;
    assert_snapshot!("following_80x24", h.screen());
}

fn misskey_handles(h: &Harness) -> Vec<(String, Option<String>)> {
    people(h)
        .rows
        .iter()
        .filter_map(|row| match row {
            Someone::Person(p) => Some((p.account.acct.clone(), p.reaction.clone())),
            Someone::Domain(_) => None,
        })
        .collect()
}

#[tokio::test]
async fn misskey_lists_who_reacted_by_reaction_and_who_renoted() {
    let mut data = common::fixed_data();
    let post = data
        .statuses
        .iter()
        .find(|s| s["reblog"].is_null() && s["favourites_count"].as_u64().unwrap_or(0) >= 6)
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .expect("a post favourited by several");
    let favourites = data.status(&post).unwrap()["favourites_count"]
        .as_u64()
        .unwrap() as usize;
    data.statuses
        .retain(|s| s["id"] == post.as_str() || s["reblog"] != post.as_str());
    let mut h = Harness::misskey(data, SMALL).await;
    h.select_first(|p, _| p.id == post).await;
    h.press(":favourited_by<enter>").await;
    assert!(
        h.screen().contains("Who reacted to the note"),
        "{}",
        h.screen()
    );
    for _ in 0..5 {
        h.press("G").await;
    }
    let rows = misskey_handles(&h);
    let others = h.server.with_data(|d| d.accounts.len()) - 2;
    assert_eq!(
        rows.len(),
        favourites.min(others),
        "paged to the end: {rows:?}"
    );
    // Grouped: once a reaction's rows end, it does not come again.
    let mut seen = Vec::new();
    for (_, reaction) in &rows {
        let reaction = reaction.clone().expect("each row shows its reaction");
        if seen.last() != Some(&reaction) {
            assert!(!seen.contains(&reaction), "{reaction} split: {rows:?}");
            seen.push(reaction);
        }
    }
    assert!(
        seen.contains(&":blobcat:".to_owned()),
        "custom emoji named: {seen:?}"
    );
    h.press("g").await;
    assert_snapshot!("misskey_reactions_80x24", h.screen());
    h.press("<esc>:boosted_by<enter>").await;
    assert!(
        h.screen().contains("Who renoted or quoted the note"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn misskey_followers_page_to_the_end_and_a_sent_request_is_taken_back() {
    let mut data = with_fans(common::fixed_data(), 45);
    let locked = "100009";
    data.following.retain(|f| f != locked);
    data.requested.push(locked.into());
    let mut h = Harness::misskey(data, SMALL).await;
    h.press(":followers<enter>").await;
    to_the_end(&mut h).await;
    assert_eq!(people(&h).rows.len(), 48, "{:?}", handles(&h));
    assert!(h.screen().contains("Your followers (48)"), "{}", h.screen());
    h.press("G").await;
    // Detailed users come with their relation: the demo's three (the oldest) are followed back.
    assert!(
        h.screen().contains("· following · follows you"),
        "{}",
        h.screen()
    );
    h.press(":sent_requests<enter>").await;
    assert_eq!(people(&h).rows.len(), 1);
    assert!(h.screen().contains("· requested"), "{}", h.screen());
    h.press("w").await;
    assert!(
        h.screen().contains("Take back your request to follow"),
        "{}",
        h.screen()
    );
    h.press("y").await;
    assert!(h.server.with_data(|d| d.requested.is_empty()));
    assert!(!h.screen().contains("· requested"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_muted_servers_stand_for_blocked_domains() {
    let mut data = common::fixed_data();
    data.domain_blocks = vec!["noisy.example".into(), "spam.example".into()];
    let mut h = Harness::misskey(data, SMALL).await;
    h.press(":domain_blocks<enter>").await;
    assert!(
        h.screen().contains("Servers you muted (2)"),
        "{}",
        h.screen()
    );
    h.press("jd").await;
    assert_eq!(
        h.server.with_data(|d| d.domain_blocks.clone()),
        ["noisy.example"]
    );
    assert_eq!(handles(&h), ["noisy.example"]);
}

#[tokio::test]
async fn a_permission_the_login_lacks_is_named_and_added_by_a_second_approval() {
    use skua::app::Effect;
    use skua::state::AccountEntry;
    let mut data = common::fixed_data();
    data.muting = vec!["100003".into()];
    let mut h = Harness::misskey(data, SMALL).await;
    let host = h.server.url().authority().to_owned();
    let name = format!("demo@{host}");
    h.app.set_saved_accounts(
        Ok(vec![AccountEntry {
            name: name.clone(),
            server: h.server.url().to_string(),
            flavor: skua::api::detect::Flavor::Misskey,
            saved: true,
            permissions: Vec::new(),
        }]),
        Some(name.clone()),
    );
    // A token from before skua listed mutes.
    h.server.withhold(&["read:mutes"]);
    h.press(":mutes<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("did not give skua the read:mutes permission"),
        "the offer names it: {screen}"
    );
    assert!(
        screen.contains("lacks the read:mutes permission"),
        "the list says why it is empty: {screen}"
    );
    h.press("y").await;
    // The address and its QR code, as at login, at 80x24; it asks for the new permission
    // besides every login's.
    let screen = h.screen();
    assert!(
        screen.contains(&format!("Approve a permission for @{name}")),
        "{screen}"
    );
    let address = common::address_and_code(&screen);
    assert!(
        address.contains("read:mutes") && address.contains("write:notes"),
        "{address}"
    );
    // The user opens it (a browser here), and approves.
    skua::api::http::client(std::time::Duration::from_secs(5))
        .get(&address)
        .send()
        .await
        .unwrap();
    for _ in 0..10 {
        let now = h.app.state.now + jiff::SignedDuration::from_secs(1);
        h.app.tick(now);
        h.settle().await;
    }
    let renewed = h
        .app
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::AddAccount(account) => Some(account.clone()),
            _ => None,
        })
        .expect("the approved token is saved");
    // The same account (its name keys its cache, drafts and reading positions), with the
    // permission it now has, asked for again at the next approval.
    assert_eq!(renewed.name, name);
    assert_eq!(renewed.permissions(), ["read:mutes"]);
    // The new token lists the mutes.
    h.press(":mutes<enter>").await;
    assert_eq!(people(&h).rows.len(), 1, "{}", h.screen());
    // Once offered, a refusal again only says so.
    h.server.withhold(&["read:mutes"]);
    h.press(":mutes<enter>").await;
    assert!(h.app.state.popup.is_none());
    assert!(
        h.screen().contains("lacks the read:mutes permission"),
        "{}",
        h.screen()
    );
}

/// The demo's notifications tell of favourites and a boost of the user's post: the post counts
/// them, and who favourited and boosted it are the people the notifications name.
#[tokio::test]
async fn the_demos_notifications_agree_with_the_post_they_are_about() {
    let mut h = Harness::start(SMALL).await;
    let noticed = |kind: &str| {
        let mut accounts: Vec<(String, String)> = h.server.with_data(|d| {
            d.notifications
                .iter()
                .filter(|n| n["type"] == kind)
                .map(|n| {
                    let account = n["account"].as_str().unwrap().to_owned();
                    (n["status"].as_str().unwrap().to_owned(), account)
                })
                .collect()
        });
        accounts.sort();
        accounts
    };
    let favourites = noticed("favourite");
    let boosts = noticed("reblog");
    assert_eq!((favourites.len(), boosts.len()), (3, 1));
    let post = boosts[0].0.clone();
    assert!(favourites.iter().all(|(about, _)| *about == post));
    h.press("4").await;
    h.select_first(|p, _| p.id == post).await;
    assert!(h.screen().contains("⟳ 1  ★ 3"), "{}", h.screen());
    let ids = |h: &Harness| {
        let mut ids: Vec<String> = people(h)
            .rows
            .iter()
            .filter_map(|row| match row {
                Someone::Person(p) => Some(p.account.id.clone()),
                Someone::Domain(_) => None,
            })
            .collect();
        ids.sort();
        ids
    };
    h.press(":favourited_by<enter>").await;
    let favouriters: Vec<String> = favourites.into_iter().map(|(_, a)| a).collect();
    assert_eq!(ids(&h), favouriters);
    h.press("<esc>:boosted_by<enter>").await;
    assert_eq!(ids(&h), [boosts[0].1.clone()]);
}
