//! Profiles on both server families against the local demo server: who, how the viewer
//! relates, their posts; following, muting, blocking; hostile bios.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::demo::DemoServer;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

/// Opens the profile of the first post's author named `acct` on Home.
async fn open_profile(h: &mut Harness, acct: &str) {
    h.select_first(|p, e| {
        p.author.acct == acct && e.boosted_by.is_none() && p.mentions().is_empty()
    })
    .await;
    h.press("p").await;
    assert!(
        h.screen().starts_with(&format!(" 1 Home › @{acct}")),
        "{}",
        h.screen()
    );
}

fn account_id(h: &Harness, acct: &str) -> String {
    h.server.with_data(|d| {
        d.accounts
            .iter()
            .find(|a| a["acct"] == acct)
            .and_then(|a| a["id"].as_str())
            .unwrap()
            .to_owned()
    })
}

fn relation(h: &Harness, acct: &str) -> serde_json::Value {
    let id = account_id(h, acct);
    h.server.with_data(|d| d.relationship(&id))
}

#[tokio::test]
async fn a_profile_shows_who_they_are_how_you_relate_and_their_posts_pinned_first() {
    let mut h = Harness::start(SMALL).await;
    open_profile(&mut h, "alice").await;
    let screen = h.screen();
    assert_snapshot!("profile_80x24", screen);
    assert!(
        screen.contains("you follow them · they follow you"),
        "{screen}"
    );
    assert!(
        screen.contains("Website: alice.example ✓ verified"),
        "{screen}"
    );
    assert!(screen.contains("📌 pinned"), "{screen}");
    h.resize(LARGE);
    assert_snapshot!("profile_120x40", h.screen());
    h.resize(SMALL);
    // Posts and replies, then media only, then posts again.
    h.press("v").await;
    assert!(h.screen().contains("showing posts and replies"));
    let replies = h
        .server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/statuses"));
    assert_eq!(replies.unwrap().param("exclude_replies"), None);
    h.press("v").await;
    let media = h
        .server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/statuses"));
    assert_eq!(media.unwrap().param("only_media"), Some("true"));
}

#[tokio::test]
async fn follow_unfollow_and_a_locked_account_on_mastodon() {
    let mut h = Harness::start(SMALL).await;
    h.press("F").await; // the federated timeline has accounts the demo user does not follow
    open_profile_in_tab(&mut h, "uma", 3).await;
    assert!(
        h.screen().contains("you do not follow them"),
        "{}",
        h.screen()
    );
    h.press("w").await;
    assert_eq!(relation(&h, "uma")["following"], true);
    assert!(h.screen().contains("followed @uma"), "{}", h.screen());
    assert!(h.screen().contains("you follow them"), "{}", h.screen());
    // Unfollowing asks; n keeps following.
    h.press("w").await;
    assert!(h.screen().contains("Unfollow @uma?"));
    h.press("n").await;
    assert_eq!(relation(&h, "uma")["following"], true);
    h.press("wy").await;
    assert_eq!(relation(&h, "uma")["following"], false);
    assert!(
        h.screen().contains("you do not follow them"),
        "{}",
        h.screen()
    );
}

/// Opens `acct`'s profile from tab `tab`.
async fn open_profile_in_tab(h: &mut Harness, acct: &str, tab: usize) {
    h.select_first(|p, e| {
        p.author.acct == acct && e.boosted_by.is_none() && p.mentions().is_empty()
    })
    .await;
    h.press("p").await;
    assert!(
        h.screen().contains(&format!("{tab} Federated › @{acct}"))
            || h.screen().contains(&format!("@{acct}")),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn a_locked_account_shows_requested_after_follow() {
    let mut h = Harness::start(SMALL).await;
    let tomas = h
        .server
        .with_data(|d| d.account("100022").cloned().unwrap());
    assert_eq!(tomas["acct"], "tomas@mastodon.example");
    h.app.handle_key(common::parse_keys("F")[0]);
    h.settle().await;
    open_profile_in_tab(&mut h, "tomas@mastodon.example", 3).await;
    h.press("w").await;
    let screen = h.screen();
    assert!(screen.contains("follow requested"), "{screen}");
    assert!(
        screen.contains("they approve followers by hand"),
        "{screen}"
    );
    assert_eq!(relation(&h, "tomas@mastodon.example")["requested"], true);
    assert_eq!(relation(&h, "tomas@mastodon.example")["following"], false);
}

#[tokio::test]
async fn mute_for_a_day_and_block_after_asking() {
    let mut h = Harness::start(SMALL).await;
    open_profile(&mut h, "bob").await;
    h.press("Z").await;
    assert_snapshot!("mute_for_80x24", h.screen());
    h.press("<down><down><enter>").await;
    let muted = h
        .server
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/mute"))
        .unwrap();
    assert_eq!(muted.param("duration"), Some("86400"), "1 day");
    assert_eq!(relation(&h, "bob")["muting"], true);
    assert!(h.screen().contains("· muted"), "{}", h.screen());
    let bobs = |h: &Harness| {
        let posts = &h.app.state.posts;
        h.app.state.tabs[0]
            .timeline
            .post_ids()
            .filter(|id| posts.get(id).is_some_and(|p| p.author.acct == "bob"))
            .count()
    };
    assert_eq!(bobs(&h), 0, "a muted account's posts leave the timelines");
    h.press("Z").await;
    assert_eq!(
        relation(&h, "bob")["muting"],
        false,
        "pressed again, unmuted"
    );
    h.press("X").await;
    assert!(h.screen().contains("Block @bob?"));
    h.press("y").await;
    assert_eq!(relation(&h, "bob")["blocking"], true);
    assert!(h.screen().contains("· blocked"), "{}", h.screen());
    h.press("X").await;
    assert_eq!(
        relation(&h, "bob")["blocking"],
        false,
        "unblocking does not ask"
    );
}

#[tokio::test]
async fn on_misskey_profiles_come_from_users_show_and_relations_change_by_its_calls() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    open_profile(&mut h, "alice").await;
    let screen = h.screen();
    assert_snapshot!("misskey_profile_80x24", screen);
    assert!(screen.contains("you follow them"), "{screen}");
    assert!(screen.contains("📌 pinned"), "{screen}");
    h.press("wy").await;
    assert_eq!(relation(&h, "alice")["following"], false);
    assert!(
        h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/following/delete"),
        "unfollowed by following/delete"
    );
    h.press("Z<down><enter>").await;
    let mute = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/mute/create")
        .unwrap();
    let until = mute.body.unwrap()["expiresAt"].as_i64().expect("an expiry");
    let in_an_hour = jiff::Timestamp::now().as_millisecond() + 3_600_000;
    assert!(
        (until - in_an_hour).abs() < 60_000,
        "about an hour from now"
    );
    assert_eq!(relation(&h, "alice")["muting"], true);
}

#[tokio::test]
async fn esc_from_a_profile_opened_on_a_members_screen_goes_back_there() {
    let mut h = Harness::start(SMALL).await;
    h.press("A").await;
    h.press("m").await;
    let members = h.screen();
    assert!(members.contains("Members of"), "{members}");
    h.press("p").await;
    assert!(h.screen().contains("› @"), "{}", h.screen());
    h.press("<esc>").await;
    assert_eq!(h.screen(), members);
}

#[tokio::test]
async fn hostile_bios_and_fields_put_no_controls_on_screen() {
    const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{9b}31m\u{202e}evil\u{0}\r";
    let mut data = common::fixed_data();
    for account in &mut data.accounts {
        account["note"] = format!("<p>bio {HOSTILE} &#27;[31m</p>").into();
        account["fields"] = serde_json::json!([{ "name": format!("n{HOSTILE}"), "value": format!("v{HOSTILE}"), "verified_at": null }]);
        account["display_name"] = format!("Name{HOSTILE}").into();
    }
    let server = DemoServer::start(data.clone()).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.select_first(|p, _| p.author.acct == "alice").await;
    h.press("p").await;
    let screen = h.screen();
    assert_snapshot!("hostile_profile_80x24", screen);
    let mut misskey = Harness::misskey(data, SMALL).await;
    misskey.select_first(|p, _| p.author.acct == "alice").await;
    misskey.press("p").await;
    for screen in [screen, misskey.screen()] {
        assert!(screen.contains("bio"), "{screen}");
        for line in screen.lines() {
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || c == '\u{202e}' || c == '\u{9b}'),
                "{line:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_moved_account_says_where_it_went() {
    let mut h = Harness::start(SMALL).await;
    let new_home = h.server.with_data(|d| {
        let to = d
            .accounts
            .iter()
            .find(|a| a["acct"] != "alice")
            .cloned()
            .unwrap();
        let alice = d
            .accounts
            .iter_mut()
            .find(|a| a["acct"] == "alice")
            .unwrap();
        alice["moved"] = to.clone();
        to["acct"].as_str().unwrap().to_owned()
    });
    open_profile(&mut h, "alice").await;
    let screen = h.screen();
    assert!(
        screen.contains(&format!("has moved to @{new_home}")),
        "{screen}"
    );
}

#[tokio::test]
async fn a_private_note_is_written_on_a_profile_and_kept_on_both_families() {
    for misskey in [false, true] {
        let mut h = match misskey {
            false => Harness::start(SMALL).await,
            true => Harness::misskey(common::fixed_data(), SMALL).await,
        };
        open_profile(&mut h, "alice").await;
        h.press(":private_note<enter>").await;
        assert!(h.screen().contains("Your note on them"), "{}", h.screen());
        h.press("met at RustConf<enter>").await;
        let screen = h.screen();
        assert!(screen.contains("Your note: met at RustConf"), "{screen}");
        assert!(screen.contains("only you see it"), "{screen}");
        let id = account_id(&h, "alice");
        let kept = h.server.with_data(|d| d.private_notes.get(&id).cloned());
        assert_eq!(
            kept.as_deref(),
            Some("met at RustConf"),
            "misskey: {misskey}"
        );
        let sent = h
            .server
            .requests()
            .into_iter()
            .find(|r| r.path.ends_with("/note") || r.path == "/api/users/update-memo")
            .unwrap();
        let body = sent.body.unwrap();
        match misskey {
            false => assert_eq!(body["comment"], "met at RustConf"),
            true => assert_eq!(
                (body["userId"].as_str(), body["memo"].as_str()),
                (Some(id.as_str()), Some("met at RustConf"))
            ),
        }
        // Opened again, the note comes from the server, the prompt holds it to change.
        h.press("<esc>").await;
        open_profile(&mut h, "alice").await;
        assert!(
            h.screen().contains("Your note: met at RustConf"),
            "{}",
            h.screen()
        );
    }
}

#[tokio::test]
async fn a_refused_note_is_taken_back_with_a_sentence() {
    let mut h = Harness::start(SMALL).await;
    open_profile(&mut h, "alice").await;
    let id = account_id(&h, "alice");
    h.server.fail(
        &format!("/api/v1/accounts/{id}/note"),
        skua::demo::Fault::status(422, r#"{"error":"Validation failed: Comment is too long"}"#),
    );
    h.press(":private_note<enter>too long<enter>").await;
    let screen = h.screen();
    assert!(!screen.contains("Your note: too long"), "{screen}");
    assert!(screen.contains("could not keep the note"), "{screen}");
    assert!(screen.contains("Comment is too long"), "{screen}");
}

#[tokio::test]
async fn familiar_followers_show_on_a_mastodon_profile() {
    let mut h = Harness::start(SMALL).await;
    open_profile(&mut h, "alice").await;
    let screen = h.screen();
    assert!(screen.contains("followed by "), "{screen}");
    assert!(screen.contains(" you follow"), "{screen}");
    assert!(
        h.server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/accounts/familiar_followers"
                && r.param("id[]") == Some(account_id(&h, "alice").as_str())),
    );
}

#[tokio::test]
async fn your_own_post_is_pinned_and_unpinned_on_both_families() {
    for misskey in [false, true] {
        let mut h = match misskey {
            false => Harness::start(SMALL).await,
            true => Harness::misskey(common::fixed_data(), SMALL).await,
        };
        // Someone else's post cannot be.
        h.press(":pin<enter>").await;
        let said = match misskey {
            false => "only your own posts can be pinned",
            true => "only your own notes can be pinned",
        };
        assert!(h.screen().contains(said), "{}", h.screen());
        h.press("n").await;
        h.press("worth pinning<c-s>").await;
        let me = h.server.with_data(|d| d.me.clone());
        h.select_first(|p, _| p.author.id == me).await;
        let id = h.newest_home_post().id.clone();
        h.press(":pin<enter>").await;
        assert!(
            h.screen()
                .contains("pinned: it shows first on your profile"),
            "{}",
            h.screen()
        );
        let pinned = h.server.with_data(|d| {
            d.account(&d.me).unwrap()["pinned"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        });
        assert_eq!(pinned.first().and_then(|p| p.as_str()), Some(id.as_str()));
        // Pressed again: unpinned.
        h.press(":pin<enter>").await;
        assert!(
            h.screen().contains("unpinned from your profile"),
            "{}",
            h.screen()
        );
        let paths: Vec<String> = h
            .server
            .requests()
            .into_iter()
            .map(|r| r.path)
            .filter(|p| p.contains("pin"))
            .collect();
        let expected = match misskey {
            false => vec![
                format!("/api/v1/statuses/{id}/pin"),
                format!("/api/v1/statuses/{id}/unpin"),
            ],
            true => vec!["/api/i/pin".to_owned(), "/api/i/unpin".to_owned()],
        };
        assert_eq!(paths, expected);
    }
}

#[tokio::test]
async fn a_note_of_several_lines_confirmed_unchanged_keeps_its_lines() {
    let mut h = Harness::start(SMALL).await;
    let id = account_id(&h, "alice");
    h.server.with_data(|d| {
        d.private_notes
            .insert(id.clone(), "met at RustConf\nlikes ferries".into())
    });
    open_profile(&mut h, "alice").await;
    h.press(":private_note<enter><enter>").await;
    assert!(
        h.screen().contains("the note is unchanged"),
        "{}",
        h.screen()
    );
    let kept = h.server.with_data(|d| d.private_notes.get(&id).cloned());
    assert_eq!(kept.as_deref(), Some("met at RustConf\nlikes ferries"));
    assert!(
        !h.server
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/note")),
        "nothing sent"
    );
}
