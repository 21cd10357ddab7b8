//! Completion while writing a post: accounts after `@`, hashtags after `#`, the server's
//! emoji after `:`; offered as typed, the server asked once typing pauses; Tab takes one, Esc
//! closes the offer alone; on both server families against the local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use jiff::{SignedDuration, Timestamp};

const SMALL: (u16, u16) = (80, 24);

fn searches(h: &Harness) -> Vec<String> {
    h.server
        .requests()
        .iter()
        .filter(|r| {
            r.path.contains("search")
                || r.path.ends_with("/search-by-username-and-host")
                || r.path.ends_with("custom_emojis")
                || r.path == "/api/emojis"
        })
        .map(|r| r.path.clone())
        .collect()
}

fn query<'a>(request: &'a skua::demo::RecordedRequest, name: &str) -> Option<&'a str> {
    request
        .query
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn compose_text(h: &Harness) -> String {
    let tab = h.app.state.active_tab().unwrap();
    match tab.stack.last() {
        Some(skua::state::View::Compose(compose)) => compose.text.text(),
        _ => panic!("not writing: {}", h.screen()),
    }
}

/// Lets typing pause long enough for the server to be asked, and its answer to arrive.
async fn pause(h: &mut Harness) {
    h.tick(Timestamp::now() + SignedDuration::from_millis(300));
    h.settle().await;
}

#[tokio::test]
async fn typing_at_al_offers_alice_and_tab_takes_her() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("hello @al").await;
    // Offered at once from the accounts in the timelines, before any search.
    assert!(h.screen().contains("@alice"), "{}", h.screen());
    assert!(searches(&h).is_empty(), "{:?}", searches(&h));
    assert_snapshot!("accounts_offered_80x24", h.screen());
    h.press("<tab>").await;
    assert_eq!(compose_text(&h), "hello @alice ");
    assert!(!h.screen().contains("Accounts"), "the offer closed");
    // Enter stays a new line while something is offered.
    h.press("#ru<enter>").await;
    assert_eq!(compose_text(&h), "hello @alice #ru\n");
}

#[tokio::test]
async fn typing_fast_sends_one_search_per_pause_and_esc_leaves_the_text_as_typed() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("@r").await;
    h.press("u").await;
    h.press("s").await;
    assert!(searches(&h).is_empty(), "nothing asked while typing");
    pause(&mut h).await;
    assert_eq!(searches(&h), ["/api/v1/accounts/search"]);
    let asked = h.server.requests();
    let search = asked.iter().rfind(|r| r.path.contains("search")).unwrap();
    assert_eq!(query(search, "q"), Some("rus"));
    // The server's answer joins what was offered.
    assert!(
        h.screen().contains("@rust_lang@fosstodon.example"),
        "{}",
        h.screen()
    );
    // The same word is not asked again.
    pause(&mut h).await;
    assert_eq!(searches(&h).len(), 1);
    // Esc closes the offer and nothing else: the text stays, the post stays open.
    h.press("<esc>").await;
    assert_eq!(compose_text(&h), "@rus");
    assert!(!h.screen().contains("Accounts"), "{}", h.screen());
    assert!(h.screen().contains("New post"), "{}", h.screen());
    // It stays closed while the cursor moves on the same word; a new word offers again.
    h.press("<left><right>").await;
    assert!(!h.screen().contains("Accounts"), "{}", h.screen());
    h.press(" @al").await;
    assert!(h.screen().contains("Accounts"), "{}", h.screen());
}

#[tokio::test]
async fn hashtags_offer_followed_ones_first_and_the_servers_after_a_pause() {
    let mut data = common::fixed_data();
    data.followed_tags = vec!["cycling".into()];
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut config = skua::config::Config::defaults();
    config.tabs = vec![
        skua::api::TimelineKind::Home,
        skua::api::TimelineKind::Hashtag("cycling".into()),
    ];
    let mut h = Harness::with_server(server, config, SMALL).await;
    h.press("n").await;
    h.press("#c").await;
    let screen = h.screen();
    // The followed hashtag first, then those in the timelines.
    let followed = screen.find("#cycling  followed").expect(&screen);
    let seen = screen.find("#opensource").expect(&screen);
    assert!(followed < seen, "{screen}");
    pause(&mut h).await;
    let asked = h.server.requests();
    let search = asked.iter().rfind(|r| r.path == "/api/v2/search").unwrap();
    assert_eq!(query(search, "type"), Some("hashtags"));
    h.press("<tab>").await;
    assert_eq!(compose_text(&h), "#cycling ");
}

#[tokio::test]
async fn emoji_come_from_the_servers_list_asked_once() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("so :bl").await;
    h.settle().await;
    h.press("o").await;
    assert!(h.screen().contains(":blobcat:"), "{}", h.screen());
    assert_eq!(searches(&h), ["/api/v1/custom_emojis"]);
    h.press("<tab>").await;
    assert_eq!(compose_text(&h), "so :blobcat: ");
    // Asked once per account.
    h.press(":sk").await;
    h.settle().await;
    assert!(h.screen().contains(":skua:"), "{}", h.screen());
    assert_eq!(searches(&h).len(), 1);
}

#[tokio::test]
async fn misskey_completes_accounts_hashtags_and_emoji_too() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("n").await;
    h.press("@bo").await;
    pause(&mut h).await;
    assert!(
        searches(&h).contains(&"/api/users/search-by-username-and-host".to_owned()),
        "{:?}",
        searches(&h)
    );
    h.press("<tab>").await;
    assert!(compose_text(&h).starts_with("@bob"), "{}", compose_text(&h));
    h.press("#term").await;
    pause(&mut h).await;
    assert!(searches(&h).contains(&"/api/hashtags/search".to_owned()));
    assert!(h.screen().contains("#terminal"), "{}", h.screen());
    h.press("<tab>:part").await;
    h.settle().await;
    assert!(h.screen().contains(":party_parrot:"), "{}", h.screen());
    h.press("<down><up><tab>").await;
    assert_eq!(compose_text(&h), "@bob #terminal :party_parrot: ");
}

#[tokio::test]
async fn the_hashtag_prompt_offers_hashtags_and_tab_takes_one() {
    let mut h = Harness::start(SMALL).await;
    h.press("#").await;
    // Those in the timelines at once.
    h.press("ru").await;
    assert_snapshot!("hashtag_prompt_offered_80x24", h.screen());
    // Those the server finds after a pause.
    h.press("<bs><bs>key").await;
    pause(&mut h).await;
    let asked = h.server.requests();
    let search = asked
        .iter()
        .rfind(|r| r.path == "/api/v2/search")
        .expect("asked");
    assert_eq!(query(search, "q"), Some("key"));
    // Tab takes it whole; Enter opens its tab.
    assert!(h.screen().contains("Tab take"), "{}", h.screen());
    h.press("<tab>").await;
    assert!(h.screen().contains("│#keyboards"), "{}", h.screen());
    assert!(
        !h.screen().contains("Tab take"),
        "the offer closed: {}",
        h.screen()
    );
    h.press("<enter>").await;
    assert!(
        h.screen().lines().next().unwrap().contains("#keyboards"),
        "{}",
        h.screen()
    );
    // Esc closes the offer first, then the prompt.
    h.press("#rus").await;
    assert!(h.screen().contains("Tab take"), "{}", h.screen());
    h.press("<esc>").await;
    assert!(
        h.screen().contains("│#rus "),
        "the prompt stays: {}",
        h.screen()
    );
    assert!(!h.screen().contains("Tab take"), "{}", h.screen());
    h.press("<esc>").await;
    assert!(h.app.state.popup.is_none());
}

/// Data where the user follows someone who has posted nothing any timeline shows.
fn with_quiet_follow() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    data.accounts.push(serde_json::json!({
        "id": "190001", "username": "zoe", "acct": "zoe@far.example", "display_name": "Zoë Quiet",
        "url": "https://far.example/@zoe", "bot": false, "avatar": "", "note": "", "emojis": [],
    }));
    data.following.push("190001".into());
    data
}

#[tokio::test]
async fn accounts_you_follow_are_offered_first_even_when_no_timeline_shows_them() {
    for misskey in [false, true] {
        let mut h = match misskey {
            false => {
                let server = skua::demo::DemoServer::start(with_quiet_follow())
                    .await
                    .unwrap();
                Harness::with_server(server, skua::config::Config::defaults(), SMALL).await
            }
            true => Harness::misskey(with_quiet_follow(), SMALL).await,
        };
        h.press("n").await;
        h.press("@zo").await;
        // Offered from the follows (read once, when an account is first completed), before
        // any search.
        assert!(
            h.screen().contains("@zoe@far.example"),
            "{misskey}: {}",
            h.screen()
        );
        assert!(searches(&h).is_empty(), "{:?}", searches(&h));
        let asked = h
            .server
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/following"))
            .count();
        assert_eq!(asked, 1, "read once");
        h.press("<tab> @al").await;
        let again = h
            .server
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/following"))
            .count();
        assert_eq!(again, 1, "not read again");
        assert!(
            compose_text(&h).starts_with("@zoe@far.example "),
            "{}",
            compose_text(&h)
        );
    }
}
