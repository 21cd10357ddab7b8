//! Hashtags the user follows or features on their profile: from a hashtag tab or a post, the
//! followed hashtags' picker, the tab's mark, and Misskey saying it has neither; against the
//! local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;

const SMALL: (u16, u16) = (80, 24);

/// The requests the server received for hashtags, as "METHOD path".
fn tag_requests(h: &Harness) -> Vec<String> {
    h.server
        .requests()
        .iter()
        .filter(|r| r.path.contains("tags"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn tab_bar(h: &Harness) -> String {
    h.screen().lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_hashtag_tab_is_followed_marked_and_unfollowed_from_the_followed_hashtags() {
    let mut h = Harness::start(SMALL).await;
    h.press("#rust<enter>").await;
    assert!(tab_bar(&h).contains(" 5 #rust "), "{}", tab_bar(&h));
    assert!(!tab_bar(&h).contains('✓'), "not followed yet");
    // Opening the tab asked once whether it is followed.
    assert_eq!(tag_requests(&h), ["GET /api/v1/tags/rust"]);

    h.press(":follow_tag<enter>").await;
    assert!(
        tag_requests(&h).contains(&"POST /api/v1/tags/rust/follow".to_owned()),
        "{:?}",
        tag_requests(&h)
    );
    assert!(
        h.screen()
            .contains("following #rust: its posts come to Home"),
        "{}",
        h.screen()
    );
    assert!(tab_bar(&h).contains(" 5 #rust ✓ "), "{}", tab_bar(&h));

    h.press(":followed_tags<enter>").await;
    assert_snapshot!("followed_hashtags_80x24", h.screen());
    // Del unfollows the selected one (letters filter): it leaves the list, the mark goes.
    h.press("<del>").await;
    assert!(
        tag_requests(&h).contains(&"POST /api/v1/tags/rust/unfollow".to_owned()),
        "{:?}",
        tag_requests(&h)
    );
    let screen = h.screen();
    assert!(screen.contains("no longer following #rust"), "{screen}");
    assert!(screen.contains("Nothing to choose from."), "{screen}");
    h.press("<esc>").await;
    assert!(!tab_bar(&h).contains('✓'), "{}", tab_bar(&h));
}

#[tokio::test]
async fn a_followed_hashtag_opens_from_the_list_and_its_tab_is_marked_from_the_start() {
    let mut data = common::fixed_data();
    data.followed_tags = vec!["cycling".into(), "terminal".into()];
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut config = skua::config::Config::defaults();
    config.tabs = vec![
        skua::api::TimelineKind::Home,
        skua::api::TimelineKind::Hashtag("terminal".into()),
    ];
    let mut h = Harness::with_server(server, config, SMALL).await;
    assert!(tab_bar(&h).contains(" 2 #terminal ✓ "), "{}", tab_bar(&h));

    h.press(":followed_tags<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("#cycling") && screen.contains("#terminal"),
        "{screen}"
    );
    // Typing filters; Enter opens the hashtag's tab.
    h.press("cyc<enter>").await;
    assert!(tab_bar(&h).contains(" 3 #cycling ✓ "), "{}", tab_bar(&h));
    assert!(h.screen().contains("#cycling"));
}

#[tokio::test]
async fn a_posts_hashtag_is_followed_and_one_of_several_is_chosen_first() {
    let mut h = Harness::start(SMALL).await;
    // A post with one hashtag: followed at once.
    h.select_first(|post, _| post.tags.len() == 1).await;
    let tag = h.selected_post().unwrap().tags[0].clone();
    h.press(":follow_tag<enter>").await;
    let followed = format!("POST /api/v1/tags/{tag}/follow");
    assert!(
        tag_requests(&h).contains(&followed),
        "{:?}",
        tag_requests(&h)
    );

    // A post with several: skua asks which.
    h.select_first(|post, _| post.tags.len() > 1).await;
    let tags = h.selected_post().unwrap().tags.clone();
    h.press(":follow_tag<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Follow which hashtag?"), "{screen}");
    for tag in &tags {
        assert!(screen.contains(&format!("#{tag}")), "{screen}");
    }
    let asked = tag_requests(&h).len();
    h.press("<enter>").await;
    let requests = tag_requests(&h);
    assert_eq!(requests.len(), asked + 1, "{requests:?}");
    assert!(
        requests.last().unwrap().starts_with("POST /api/v1/tags/"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_hashtag_is_featured_on_the_profile_and_taken_off_again() {
    let mut h = Harness::start(SMALL).await;
    h.press("#rust<enter>").await;
    h.press(":feature_tag<enter>").await;
    assert!(
        h.screen().contains("#rust is featured on your profile"),
        "{}",
        h.screen()
    );
    let posted = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/api/v1/featured_tags")
        .expect("featured");
    assert_eq!(posted.body.unwrap()["name"], "rust");

    h.press(":feature_tag<enter>").await;
    assert!(
        h.screen()
            .contains("#rust is no longer featured on your profile"),
        "{}",
        h.screen()
    );
    assert!(
        tag_requests(&h).contains(&"DELETE /api/v1/featured_tags/1".to_owned()),
        "{:?}",
        tag_requests(&h)
    );
}

#[tokio::test]
async fn misskey_says_it_has_no_hashtag_follows_without_asking_the_server() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("#rust<enter>").await;
    h.press(":follow_tag<enter>").await;
    assert!(
        h.screen().contains("Misskey has no hashtag follows"),
        "{}",
        h.screen()
    );
    h.press(":followed_tags<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("Misskey has no hashtag follows"),
        "{screen}"
    );
    assert!(
        !screen.contains("Followed hashtags"),
        "no empty picker: {screen}"
    );
    h.press(":feature_tag<enter>").await;
    assert!(
        h.screen()
            .contains("Misskey profiles have no featured hashtags"),
        "{}",
        h.screen()
    );
    assert!(tag_requests(&h).is_empty(), "{:?}", tag_requests(&h));
}
