//! Writing posts: the compose view's keys and fields, what the server receives, where the post
//! shows afterwards, and drafts that are never lost, on both server families against the local
//! demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::demo::{DemoServer, Fault, RecordedRequest};

const SMALL: (u16, u16) = (80, 24);

/// Dmitri's public post mentioning @bob and @carol@fosstodon.example.
const MENTIONING: &str = "117643002839040319";
/// Dmitri's public post behind a content warning.
const WARNED: &str = "117643162288128324";
/// Ivan's followers-only post.
const FOLLOWERS_ONLY: &str = "117642499260416308";

fn posts_sent(server: &DemoServer, path: &str) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .collect()
}

fn body_str<'a>(request: &'a RecordedRequest, name: &str) -> Option<&'a str> {
    request.body.as_ref()?[name].as_str()
}

#[tokio::test]
async fn a_reply_mentions_everyone_keeps_the_warning_and_shows_at_once_in_its_thread_and_home() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == WARNED).await;
    h.press("<enter>").await; // its thread
    h.press("i").await;
    let screen = h.screen();
    assert_snapshot!("reply_80x24", screen);
    assert!(
        screen.contains("Replying to @dmitri@mastodon.example"),
        "{screen}"
    );
    assert!(
        screen.contains("CW › spoilers: the new season finale"),
        "{screen}"
    );
    h.press("no spoilers here").await;
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(
        body_str(request, "status"),
        Some("@dmitri@mastodon.example no spoilers here")
    );
    assert_eq!(body_str(request, "in_reply_to_id"), Some(WARNED));
    assert_eq!(
        body_str(request, "spoiler_text"),
        Some("spoilers: the new season finale")
    );
    assert_eq!(body_str(request, "visibility"), Some("public"));
    assert_eq!(
        body_str(request, "language"),
        Some("en"),
        "the user's default"
    );
    let key = request.idempotency_key.clone().expect("an Idempotency-Key");
    assert!(!key.is_empty());
    // Back in the thread, the reply is under the post without a refresh.
    let thread = h.screen();
    assert!(thread.starts_with(" 1 Home › thread"), "{thread}");
    assert!(thread.contains("Demo User"), "{thread}");
    assert!(h.screen().contains("posted"));
    h.press("<esc>g").await;
    let post = h.newest_home_post();
    assert_eq!(post.in_reply_to.as_deref(), Some(WARNED));
    assert_eq!(
        post.spoiler.as_deref(),
        Some("spoilers: the new season finale")
    );
}

#[tokio::test]
async fn reply_to_all_or_to_the_author_only_and_never_wider_than_the_parent() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == MENTIONING).await;
    h.press("i").await;
    let text = |h: &Harness| match h.app.state.active_tab().unwrap().stack.last() {
        Some(skua::state::View::Compose(c)) => (c.text.text(), c.draft.visibility),
        _ => panic!("not composing: {}", h.screen()),
    };
    assert_eq!(
        text(&h).0,
        "@dmitri@mastodon.example @bob @carol@fosstodon.example "
    );
    h.press("<esc>").await;
    h.press("I").await;
    assert_eq!(text(&h).0, "@dmitri@mastodon.example ");
    h.press("<esc>").await;
    h.select_first(|p, _| p.id == FOLLOWERS_ONLY).await;
    h.press("i").await;
    assert_eq!(
        text(&h).1,
        skua::api::Visibility::Private,
        "a reply to a followers-only post is followers-only"
    );
}

#[tokio::test]
async fn fields_are_one_key_away_and_reach_the_server() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    // The language comes from the user's preferences (en): replaced with de.
    h.press("hello <tab>careful<tab>j<tab><c-a><c-k>de<tab> ")
        .await;
    let screen = h.screen();
    assert_snapshot!("new_post_fields_80x24", screen);
    // Help while writing: F1, since letters are typed; the tab keys move between fields.
    assert!(screen.contains("F1 help"), "{screen}");
    h.press("<f1>").await;
    assert_snapshot!("help_while_writing_80x24", h.screen());
    h.press("<esc>").await;
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    let request = sent.last().expect("a post was sent");
    assert_eq!(body_str(request, "status"), Some("hello "));
    assert_eq!(body_str(request, "spoiler_text"), Some("careful"));
    assert_eq!(body_str(request, "visibility"), Some("unlisted"));
    assert_eq!(body_str(request, "language"), Some("de"));
    assert_eq!(request.body.as_ref().unwrap()["sensitive"], true);
}

#[tokio::test]
async fn the_counter_uses_the_servers_rules_and_refuses_an_over_long_post_locally() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    let long_url = format!("https://example.com/{}", "a".repeat(200));
    h.app.paste(&format!("see {long_url} @bob@far.example"));
    h.settle().await;
    // 4 + 23 for the URL + 1 + "@bob" (4).
    assert!(h.screen().contains("32/500"), "{}", h.screen());
    h.app.paste(&format!(" {}", "x".repeat(469)));
    h.settle().await;
    assert!(h.screen().contains("502/500"), "{}", h.screen());
    h.press("<c-s>").await;
    assert!(
        h.screen()
            .contains("2 characters over this server's limit of 500")
    );
    assert!(posts_sent(&h.server, "/api/v1/statuses").is_empty());
}

#[tokio::test]
async fn a_refused_post_keeps_the_draft_with_the_reason_and_a_retry_reuses_its_key() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    h.server.fail_times(
        "/api/v1/statuses",
        Fault::Respond {
            status: 422,
            body: r#"{"error":"Validation failed: Text contains a forbidden word"}"#.into(),
            headers: vec![],
        },
        1,
    );
    h.press("n").await;
    h.press("first try<c-s>").await;
    let screen = h.screen();
    assert!(screen.contains("New post"), "still writing:\n{screen}");
    assert!(screen.contains("forbidden word"), "{screen}");
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    let (saved, _) = store.load();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].text, "first try");
    assert!(
        saved[0]
            .failed
            .as_deref()
            .unwrap()
            .contains("forbidden word")
    );
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].idempotency_key, sent[1].idempotency_key);
    assert!(store.load().0.is_empty(), "a sent draft is gone");
}

#[tokio::test]
async fn the_same_idempotency_key_never_posts_twice() {
    let server = common::server().await;
    let client = common::client(&server, std::time::Duration::from_secs(5), 20);
    use skua::api::Posts;
    let post = skua::api::NewPost {
        idempotency_key: "draft-1".into(),
        maybe_sent: true,
        ..common::new_post("only once")
    };
    let first = client.post(&post).await.unwrap();
    let second = client.post(&post).await.unwrap();
    assert_eq!(first.id, second.id);
    let count = server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| s["content"].as_str().unwrap_or("").contains("only once"))
            .count()
    });
    assert_eq!(count, 1);
}

#[tokio::test]
async fn misskey_quotes_and_local_only_notes_and_a_retry_finds_the_earlier_attempt() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, _| p.id == MENTIONING).await;
    h.press("Q").await;
    let screen = h.screen();
    assert!(
        screen.contains("Quoting @dmitri@mastodon.example"),
        "{screen}"
    );
    assert!(screen.contains("Local only [ ]"), "{screen}");
    h.press("worth reading<tab><tab>j<tab> <c-s>").await;
    let sent = posts_sent(&h.server, "/api/notes/create");
    let request = sent.last().expect("a note was created");
    assert_eq!(body_str(request, "text"), Some("worth reading"));
    assert_eq!(body_str(request, "renoteId"), Some(MENTIONING));
    assert_eq!(body_str(request, "visibility"), Some("home"));
    assert_eq!(request.body.as_ref().unwrap()["localOnly"], true);
    assert!(h.screen().contains("posted"), "{}", h.screen());

    // An attempt that may have gone through is looked for before sending again.
    use skua::api::Posts;
    let client = common::misskey_client(&h.server, std::time::Duration::from_secs(5), 20);
    let post = skua::api::NewPost {
        visibility: skua::api::Visibility::Home,
        local_only: true,
        quote: Some(MENTIONING.into()),
        idempotency_key: "draft-2".into(),
        maybe_sent: true,
        ..common::new_post("worth reading")
    };
    let found = client.post(&post).await.unwrap();
    assert_eq!(
        found.quote.as_ref().map(|q| q.id.as_str()),
        Some(MENTIONING)
    );
    assert_eq!(
        posts_sent(&h.server, "/api/notes/create").len(),
        1,
        "not sent again"
    );
}

#[tokio::test]
async fn quoting_says_why_not_on_an_older_mastodon_or_a_direct_post() {
    let mut h = Harness::start(SMALL).await;
    h.press("Q").await;
    assert!(
        h.screen()
            .contains("this server cannot quote posts (Mastodon 4.5 and later can)"),
        "{}",
        h.screen()
    );

    // Misskey quotes, but not a direct note: it says so and opens no compose view.
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("C").await;
    h.select_first(|p, _| p.visibility == skua::api::Visibility::Specified)
        .await;
    h.press("Q").await;
    let screen = h.screen();
    assert!(screen.contains("direct notes cannot be quoted"), "{screen}");
    assert!(!screen.contains("Quoting"), "no compose view:\n{screen}");
}

#[tokio::test]
async fn closing_keeps_the_draft_and_the_drafts_list_opens_or_deletes_it() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    h.press("n").await;
    h.press("an idea for later<esc>").await;
    assert!(h.screen().contains("draft kept"), "{}", h.screen());
    h.press("n<esc>").await; // an empty one is not kept
    h.press("D").await;
    let screen = h.screen();
    assert!(screen.contains("Unsent drafts (1)"), "{screen}");
    assert!(screen.contains("an idea for later"), "{screen}");
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("an idea for later"), "{screen}");
    assert!(screen.contains("New post"), "{screen}");
    h.press("<esc>D<del>y").await;
    assert!(h.screen().contains("draft deleted"), "{}", h.screen());
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    assert!(store.load().0.is_empty());
}

/// A small file to attach, in a folder of its own.
fn file(folder: &std::path::Path, name: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, vec![7u8; 100_000]).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test]
async fn media_are_uploaded_with_their_descriptions_and_a_processing_video_is_waited_for() {
    let mut h = Harness::start(SMALL).await;
    let folder = tempfile::tempdir().unwrap();
    let photo = file(folder.path(), "heron.png");
    let clip = file(folder.path(), "river.mp4");
    h.press("n").await;
    h.press("by the river").await;
    // Text → warning → visibility → language → sensitive → attach.
    h.press("<tab><tab><tab><tab><tab><enter>").await;
    h.app.paste(&photo);
    h.press("<enter>").await;
    assert!(h.screen().contains("alt text"), "{}", h.screen());
    h.press("a grey heron on one leg<enter>").await;
    h.press("<tab><enter>").await; // the attach field again
    h.app.paste(&clip);
    h.press("<enter>the river at dusk<enter>").await;
    let screen = h.screen();
    assert_snapshot!("two_files_80x24", screen);
    h.press("<c-s>").await;
    let uploads = posts_sent(&h.server, "/api/v2/media");
    assert_eq!(uploads.len(), 2);
    let checks: Vec<_> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/media/"))
        .collect();
    assert!(!checks.is_empty(), "the processing video was asked about");
    let stored = h.server.with_data(|d| d.media.clone());
    assert_eq!(stored[0]["description"], "a grey heron on one leg");
    assert_eq!(stored[0]["meta"]["mime"], "image/png");
    assert_eq!(stored[1]["description"], "the river at dusk");
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    let body = sent[0].body.as_ref().unwrap();
    assert_eq!(
        body["media_ids"],
        serde_json::json!([stored[0]["id"], stored[1]["id"]])
    );
    let post = h.newest_home_post();
    assert_eq!(post.media.len(), 2);
    assert_eq!(
        post.media[0].description.as_deref(),
        Some("a grey heron on one leg")
    );
}

#[tokio::test]
async fn posting_a_picture_without_a_description_asks_first_unless_the_config_says_not_to() {
    let folder = tempfile::tempdir().unwrap();
    let photo = file(folder.path(), "heron.png");
    let write_undescribed = async |h: &mut Harness| {
        h.press("n").await;
        h.press("by the river").await;
        h.press("<tab><tab><tab><tab><tab><enter>").await;
        h.app.paste(&photo);
        // The alt text prompt, left empty.
        h.press("<enter><enter>").await;
    };
    let mut h = Harness::start(SMALL).await;
    write_undescribed(&mut h).await;
    h.press("<c-s>").await;
    let screen = h.screen();
    assert!(
        screen.contains("The attachment has no description for people who cannot see it."),
        "{screen}"
    );
    // No: back to writing, nothing sent.
    h.press("n").await;
    assert!(posts_sent(&h.server, "/api/v2/media").is_empty());
    assert!(h.screen().contains("by the river"), "{}", h.screen());
    // Yes: posted as it is.
    h.press("<c-s>y").await;
    assert_eq!(posts_sent(&h.server, "/api/v2/media").len(), 1);
    assert_eq!(posts_sent(&h.server, "/api/v1/statuses").len(), 1);

    let config = skua::config::Config::parse(
        "[media]\nask_for_descriptions = false\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = Harness::with_server(common::server().await, config, SMALL).await;
    write_undescribed(&mut h).await;
    h.press("<c-s>").await;
    assert_eq!(posts_sent(&h.server, "/api/v1/statuses").len(), 1);
}

#[tokio::test]
async fn an_attached_picture_shows_in_the_compose_view_where_previews_are_shown() {
    let folder = tempfile::tempdir().unwrap();
    let photo = folder.path().join("heron.png");
    image::RgbImage::from_pixel(64, 48, image::Rgb([40, 90, 200]))
        .save(&photo)
        .unwrap();
    let notes = file(folder.path(), "notes.txt");
    let mut h = Harness::start(SMALL).await;
    h.app.show_previews(true, false);
    h.press("n").await;
    h.press("by the river").await;
    h.press("<tab><tab><tab><tab><tab><enter>").await;
    h.app.paste(photo.to_str().unwrap());
    h.press("<enter>a heron<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("▀▀▀▀▀▀▀▀"), "{screen}");
    assert!(screen.contains("heron.png"), "{screen}");
    // A file that is not a picture gets no box.
    h.press("<tab><enter>").await;
    h.app.paste(&notes);
    h.press("<enter>some notes<enter>").await;
    let screen = h.screen();
    let boxed = screen.lines().filter(|l| l.contains('▀')).count();
    assert_eq!(boxed, 4, "{screen}");
    assert!(screen.contains("notes.txt"), "{screen}");
}

#[tokio::test]
async fn a_poll_is_written_from_the_keyboard_and_mastodon_refuses_it_beside_media() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("what do you drink?").await;
    // Text → warning → visibility → language → sensitive → attach → poll.
    h.press("<tab><tab><tab><tab><tab><tab><enter>").await;
    h.press("tea<enter>coffee<enter>water<tab>j").await;
    assert_snapshot!("poll_80x24", h.screen());
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    let poll = &sent[0].body.as_ref().unwrap()["poll"];
    assert_eq!(
        poll["options"],
        serde_json::json!(["tea", "coffee", "water"])
    );
    assert_eq!(poll["expires_in"], 3 * 24 * 60 * 60);
    assert_eq!(poll["multiple"], false);
    // Open for three days: it says so, not "2d", seconds after it is posted (by the server's
    // clock, which is the real one).
    h.app.state.now = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(5);
    let screen = h.screen();
    assert!(screen.contains("ends in 3d"), "{screen}");

    let folder = tempfile::tempdir().unwrap();
    let photo = file(folder.path(), "cup.png");
    h.press("n").await;
    h.press("again<tab><tab><tab><tab><tab><enter>").await;
    h.app.paste(&photo);
    h.press("<enter><enter><tab><tab><enter>yes<enter>no<c-s>")
        .await;
    assert!(
        h.screen()
            .contains("a post here has a poll or media, not both"),
        "{}",
        h.screen()
    );
    assert_eq!(posts_sent(&h.server, "/api/v1/statuses").len(), 1);
}

#[tokio::test]
async fn misskey_uploads_to_the_drive_and_sends_a_poll_with_files() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let folder = tempfile::tempdir().unwrap();
    let photo = file(folder.path(), "moss.jpg");
    h.press("n").await;
    // Text → warning → visibility → local only → attach.
    h.press("moss season<tab><tab><tab><tab><enter>").await;
    h.app.paste(&photo);
    h.press("<enter>green moss on a stone<enter>").await;
    h.press("<tab><tab><enter>yes<enter>no<tab><tab> <c-s>")
        .await;
    let stored = h.server.with_data(|d| d.media.clone());
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["description"], "green moss on a stone");
    let sent = posts_sent(&h.server, "/api/notes/create");
    let body = sent.last().unwrap().body.as_ref().unwrap();
    assert_eq!(body["fileIds"], serde_json::json!([stored[0]["id"]]));
    assert_eq!(body["poll"]["choices"], serde_json::json!(["yes", "no"]));
    assert_eq!(body["poll"]["multiple"], true);
    assert_eq!(body["poll"]["expiredAfter"], 24 * 60 * 60 * 1000);
    assert!(h.screen().contains("posted"), "{}", h.screen());
}

#[tokio::test]
async fn tab_completes_the_path_of_a_file_to_attach() {
    let mut h = Harness::start(SMALL).await;
    let folder = tempfile::tempdir().unwrap();
    file(folder.path(), "holiday-one.jpg");
    file(folder.path(), "holiday-two.jpg");
    std::fs::create_dir(folder.path().join("holidays")).unwrap();
    h.press("n<tab><tab><tab><tab><tab><enter>").await;
    h.app.paste(&format!("{}/ho", folder.path().display()));
    h.press("<tab>").await;
    let prompt = |h: &Harness| match &h.app.state.popup {
        Some(skua::state::Popup::Prompt(p)) => (p.input.text(), p.error.clone()),
        _ => panic!("no prompt: {}", h.screen()),
    };
    let (typed, listed) = prompt(&h);
    assert_eq!(typed, format!("{}/holiday", folder.path().display()));
    let listed = listed.unwrap();
    assert!(
        listed.contains("holiday-one.jpg") && listed.contains("holidays/"),
        "{listed}"
    );
    h.press("-t<tab>").await;
    assert_eq!(
        prompt(&h).0,
        format!("{}/holiday-two.jpg", folder.path().display())
    );
}

/// Oscar's post with a poll in the demo.
const POLL: &str = "117642406789120307";

#[tokio::test]
async fn voting_from_the_timeline_shows_the_results_and_your_choice() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.id == POLL).await;
    let before = h.screen();
    assert!(before.contains("○ Keychron"), "{before}");
    assert!(before.contains("48% (18)"), "{before}");
    assert!(before.contains("37 voted"), "{before}");
    h.press("P").await;
    assert_snapshot!("ballot_80x24", h.screen());
    h.press("j<enter>").await;
    let sent = h.server.requests_to(&format!("/api/v1/polls/{POLL}/votes"));
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body.as_ref().unwrap()["choices"],
        serde_json::json!([1])
    );
    let after = h.screen();
    assert!(after.contains("● A used IBM Model M"), "{after}");
    assert!(
        after.contains("(12)") && after.contains("38 voted · "),
        "{after}"
    );
    assert!(after.contains("you voted"), "{after}");
    h.press("P").await;
    assert!(h.screen().contains("you voted in this poll already"));
}

#[tokio::test]
async fn misskey_votes_once_per_choice_in_a_poll_of_several_and_a_closed_poll_says_so() {
    let mut data = common::fixed_data();
    let status = data.statuses.iter_mut().find(|s| s["id"] == POLL).unwrap();
    status["poll"]["multiple"] = true.into();
    let mut h = Harness::misskey(data, SMALL).await;
    h.select_first(|p, _| p.id == POLL).await;
    h.press("P").await;
    assert!(
        h.screen().contains("Vote (several choices)"),
        "{}",
        h.screen()
    );
    h.press(" jj <enter>").await;
    let votes: Vec<_> = posts_sent(&h.server, "/api/notes/polls/vote")
        .iter()
        .map(|r| r.body.as_ref().unwrap()["choice"].clone())
        .collect();
    assert_eq!(votes, vec![serde_json::json!(0), serde_json::json!(2)]);
    let screen = h.screen();
    assert!(
        screen.contains("● Keychron") && screen.contains("● Build your own"),
        "{screen}"
    );

    let mut data = common::fixed_data();
    let status = data.statuses.iter_mut().find(|s| s["id"] == POLL).unwrap();
    status["poll"]["expires_at"] = "2026-11-21T00:00:00Z".into();
    let mut h = Harness::start(SMALL).await;
    drop(data);
    h.select_first(|p, _| p.id == POLL).await;
    h.app.state.now = "2026-12-30T00:00:00Z".parse().unwrap();
    h.press("P").await;
    assert!(h.screen().contains("this poll is closed"), "{}", h.screen());
}

#[tokio::test]
async fn an_own_post_is_edited_in_place_and_its_versions_shown_on_request() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("first vesion<c-s>").await;
    let id = h.selected_post().unwrap().id.clone();
    // The server's rules are asked for first: the post opens once they arrive.
    h.press("e").await;
    let screen = h.screen();
    assert!(screen.contains("Editing your post"), "{screen}");
    assert!(screen.contains("first vesion"), "{screen}");
    // Visibility cannot change in an edit: Tab skips it.
    h.press("<c-a><a-f><c-k>version<tab><tab>").await;
    assert!(
        matches!(
            h.app.state.active_tab().unwrap().stack.last(),
            Some(skua::state::View::Compose(c)) if c.focus == skua::state::compose::Field::Language
        ),
        "{}",
        h.screen()
    );
    h.press("<c-s>").await;
    let puts: Vec<_> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path == format!("/api/v1/statuses/{id}"))
        .collect();
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0].body.as_ref().unwrap()["status"], "first version");
    let home = h.screen();
    assert!(
        home.contains("first version") && home.contains("edited"),
        "{home}"
    );
    assert_eq!(h.selected_post().unwrap().id, id, "the same post, changed");
    h.press("T").await;
    let history = h.screen();
    assert_snapshot!("history_80x24", history);
    assert!(history.contains("first vesion") && history.contains("first version"));
}

/// A post edited many times: its history scrolls to the oldest version and stops there, so
/// the first key back goes back (it used to count keys past the end, each to be undone).
#[tokio::test]
async fn an_edit_history_stops_at_its_end_and_the_first_key_back_scrolls_back() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("version 0<c-s>").await;
    h.press("e").await;
    h.press("<c-a><c-k>version 1<c-s>").await;
    let id = h.selected_post().unwrap().id.clone();
    h.server.with_data(|d| {
        let status = d.statuses.iter_mut().find(|s| s["id"] == id).unwrap();
        let history = status["history"].as_array_mut().unwrap();
        let first = history[0].clone();
        for n in 2..40 {
            let mut older = first.clone();
            older["content"] = format!("<p>older version {n}</p>").into();
            history.insert(0, older);
        }
    });
    h.press("T").await;
    assert!(h.screen().contains("40 versions"), "{}", h.screen());
    for _ in 0..300 {
        h.press("j").await;
    }
    let end = h.screen();
    assert!(end.contains("As first posted"), "{end}");
    h.press("k").await;
    assert_ne!(h.screen(), end, "the first key back scrolls back");
}

#[tokio::test]
async fn redrafting_deletes_the_post_and_opens_it_again_with_what_it_had() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("typo'd post<tab>careful<c-s>").await;
    let id = h.selected_post().unwrap().id.clone();
    h.press("W").await;
    assert!(h.screen().contains("Delete this post and write it again?"));
    h.press("y").await;
    let screen = h.screen();
    assert!(
        screen.contains("New post") && screen.contains("typo'd post"),
        "{screen}"
    );
    assert!(screen.contains("CW › careful"), "{screen}");
    assert!(
        h.server.with_data(|d| d.status(&id).is_none()),
        "deleted on the server"
    );
    assert!(h.app.state.posts.get(&id).is_none(), "and here");
    h.press("<c-s>").await;
    assert!(h.screen().contains("posted"));
}

#[tokio::test]
async fn a_redrafted_poll_keeps_a_duration_one_can_choose() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("which way?<tab><tab><tab><tab><tab><tab><enter>")
        .await;
    h.press("left<enter>right<tab>j<c-s>").await;
    // An hour later it is redrafted: three days (as it was chosen), not the 71 hours left.
    h.app.state.now = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    h.press("W").await;
    h.press("y").await;
    let screen = h.screen();
    assert!(screen.contains("open 3 days"), "{screen}");
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    let poll = &sent.last().unwrap().body.as_ref().unwrap()["poll"];
    assert_eq!(poll["options"], serde_json::json!(["left", "right"]));
    assert_eq!(poll["expires_in"], 3 * 24 * 60 * 60);
}

#[tokio::test]
async fn misskey_says_why_it_cannot_edit_and_redrafts_instead() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("n").await;
    h.press("a note<c-s>").await;
    h.press("e").await;
    assert!(
        h.screen()
            .contains("this server cannot edit notes (W: delete and redraft)"),
        "{}",
        h.screen()
    );
    h.press("Wy").await;
    // Written again as a new note, in Misskey's words.
    assert!(h.screen().contains("a note") && h.screen().contains("New note"));
}

#[tokio::test]
async fn mastodon_quotes_where_the_server_and_the_posts_policy_allow() {
    let mut data = common::fixed_data();
    data.mastodon_api_version = Some(7);
    let status = data
        .statuses
        .iter_mut()
        .find(|s| s["id"] == WARNED)
        .unwrap();
    status["quote_approval"] = serde_json::json!({ "current_user": "denied" });
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press("n<esc>").await; // the server's rules arrive
    h.select_first(|p, _| p.id == WARNED).await;
    h.press("Q").await;
    assert!(
        h.screen()
            .contains("its author does not let you quote this post"),
        "{}",
        h.screen()
    );
    h.select_first(|p, _| p.id == MENTIONING).await;
    h.press("Q").await;
    h.press("see this<c-s>").await;
    let sent = posts_sent(&h.server, "/api/v1/statuses");
    assert_eq!(body_str(&sent[0], "quoted_status_id"), Some(MENTIONING));
    h.press("g").await;
    let newest = h.selected_post().unwrap();
    assert_eq!(
        newest.quote.as_ref().map(|q| q.id.as_str()),
        Some(MENTIONING),
        "shown as a quote, not a boost"
    );
}

#[tokio::test]
async fn a_misskey_reply_to_a_followers_only_note_stays_followers_only() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, _| p.id == FOLLOWERS_ONLY).await;
    h.press("i").await;
    h.press("same here<c-s>").await;
    let sent = posts_sent(&h.server, "/api/notes/create");
    let request = sent.last().expect("a note was created");
    assert_eq!(body_str(request, "replyId"), Some(FOLLOWERS_ONLY));
    assert_eq!(body_str(request, "visibility"), Some("followers"));
    assert_eq!(body_str(request, "text"), Some("@ivan same here"));
    assert!(
        request.idempotency_key.is_none(),
        "Misskey has none: it looks first"
    );
}

#[tokio::test]
async fn a_draft_is_written_to_disk_once_typing_pauses() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    h.press("n").await;
    h.press("still typing").await;
    let now = jiff::Timestamp::now();
    h.tick(now);
    assert!(store.load().0.is_empty(), "not while the keys keep coming");
    h.tick(now + jiff::SignedDuration::from_secs(1));
    let (saved, _) = store.load();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].text, "still typing");
}

#[tokio::test]
async fn a_new_post_shows_at_once_on_your_own_profile() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.author.acct == "demo").await;
    h.press("p").await;
    assert!(h.screen().contains("Demo User"), "{}", h.screen());
    h.press("n").await;
    h.press("fresh from my profile<c-s>").await;
    let tab = h.app.state.active_tab().unwrap();
    let Some(skua::state::View::Profile(profile)) = tab.stack.last() else {
        panic!("back on the profile: {}", h.screen());
    };
    let newest = profile.posts.entries().find(|e| !e.pinned).unwrap();
    let post = h
        .app
        .state
        .posts
        .get(newest.post.as_deref().unwrap())
        .unwrap();
    assert!(text_of(post).contains("fresh from my profile"));
}

fn text_of(post: &skua::api::Post) -> String {
    post.content.to_plain()
}

#[tokio::test]
async fn a_reply_closed_with_only_its_mentions_keeps_nothing_but_a_written_one_is_kept() {
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    h.select_first(|p, _| p.id == MENTIONING).await;
    h.press("i<esc>").await;
    assert!(store.load().0.is_empty(), "changed my mind: nothing kept");
    h.press("iagreed<esc>").await;
    assert_eq!(store.load().0.len(), 1);
    // Opened again from the list and closed unchanged, it stays.
    h.press("D<enter><esc>").await;
    assert_eq!(store.load().0.len(), 1);
}

#[tokio::test]
async fn a_misskey_note_to_specified_users_names_everyone_it_mentions() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, _| p.id == MENTIONING).await;
    // Reply to all, then specified (direct): public → home → followers → specified.
    h.press("i<tab><tab>jjj").await;
    h.press("<c-s>").await;
    let sent = posts_sent(&h.server, "/api/notes/create");
    let body = sent.last().unwrap().body.as_ref().unwrap();
    assert_eq!(body["visibility"], "specified");
    let ids = |acct: &str| {
        h.server.with_data(|d| {
            d.accounts
                .iter()
                .find(|a| a["acct"] == acct)
                .map(|a| a["id"].clone())
                .unwrap()
        })
    };
    assert_eq!(
        body["visibleUserIds"],
        serde_json::json!([
            ids("dmitri@mastodon.example"),
            ids("bob"),
            ids("carol@fosstodon.example")
        ])
    );
}

#[tokio::test]
async fn many_files_and_options_keep_the_focused_one_and_the_fields_on_an_80x24_screen() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let folder = tempfile::tempdir().unwrap();
    h.press("n").await;
    h.press("lots<tab><tab><tab><tab>").await; // the attach field
    for n in 0..12 {
        let path = file(folder.path(), &format!("file-{n:02}.png"));
        h.press("<enter>").await;
        h.app.paste(&path);
        h.press(&format!("<enter>picture {n}<enter><tab>")).await;
    }
    h.press("<tab><enter>a<enter>b<enter>c<enter>d<enter>e")
        .await;
    let screen = h.screen();
    assert!(
        screen.contains("5. e"),
        "the focused option shows:\n{screen}"
    );
    assert!(
        screen.contains("Visibility"),
        "the fields line stays:\n{screen}"
    );
    assert!(
        screen.contains("lots"),
        "the text keeps its rows:\n{screen}"
    );
    assert_eq!(screen.lines().count(), 24);
}

#[tokio::test]
async fn ctrl_c_or_q_while_writing_closes_the_post_not_skua_and_other_keys_say_what_works() {
    let mut h = Harness::start(SMALL).await;
    h.press("nhello<tab><tab>").await; // on the visibility choice
    h.press("f").await;
    assert!(
        h.screen().contains("writing a post: Ctrl-s sends"),
        "{}",
        h.screen()
    );
    h.press("q").await;
    assert!(h.app.effects.is_empty(), "skua keeps running");
    assert!(h.screen().contains("draft kept"), "{}", h.screen());
    assert!(h.app.state.active_tab().unwrap().stack.is_empty());
}

#[tokio::test]
async fn a_draft_that_cannot_be_written_is_kept_in_memory_and_offered_again() {
    let mut h = Harness::start(SMALL).await;
    // A state folder that cannot take the draft (as on a full disk): a file where the
    // account's drafts folder would go.
    let state = tempfile::tempdir().unwrap();
    let root = state.path().join("drafts");
    std::fs::write(&root, "in the way").unwrap();
    h.app.keep_drafts_in(root);
    h.press("n").await;
    h.press("precious words").await;
    h.press("<esc>").await;
    let screen = h.screen();
    assert!(
        !screen.contains("draft kept;"),
        "nothing claims to be saved:\n{screen}"
    );
    assert!(screen.contains("could not save the draft"), "{screen}");
    assert!(screen.contains("kept in memory"), "{screen}");
    h.press("D").await;
    assert!(h.screen().contains("in memory only"), "{}", h.screen());
    h.press("<enter>").await;
    assert!(h.screen().contains("precious words"), "{}", h.screen());
}

#[tokio::test]
async fn a_gateway_timeout_after_posting_is_checked_before_sending_again() {
    let mut h = Harness::start(SMALL).await;
    // As GoToSocial: the key does not stop a second post, so only the look-back can.
    h.server.with_data(|d| d.ignore_idempotency_keys = true);
    h.server
        .fail_times("/api/v1/statuses", Fault::AfterProcessing(504), 1);
    h.press("n").await;
    h.press("went through after all<c-s>").await;
    assert!(h.screen().contains("not posted"), "{}", h.screen());
    h.press("<c-s>").await;
    let posted = h.server.with_data(|d| {
        d.statuses
            .iter()
            .filter(|s| {
                s["content"]
                    .as_str()
                    .unwrap_or("")
                    .contains("went through after all")
            })
            .count()
    });
    assert_eq!(posted, 1, "{}", h.screen());
}
