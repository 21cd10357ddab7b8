//! Drafts the server keeps (Misskey 2025.x `notes/drafts`): a draft kept here is kept there
//! too when the user says so, follows later changes, and goes when sent; the server's drafts
//! are offered at start beside those kept here. Against the local demo server.

use crate::common;

use common::Harness;
use serde_json::json;

const SMALL: (u16, u16) = (80, 24);

/// A Misskey session whose drafts are kept in a folder of their own (returned), at the point
/// where those kept here and on the server are offered.
async fn drafts_offered_at_start(data: skua::demo::DemoData) -> (Harness, tempfile::TempDir) {
    let mut h = Harness::misskey(data, SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    h.app
        .set_saved_accounts(Ok(Vec::new()), Some("demo".into()));
    h.settle().await;
    (h, drafts)
}

fn on_server(h: &Harness) -> Vec<serde_json::Value> {
    h.server.with_data(|d| d.note_drafts.clone())
}

#[tokio::test]
async fn a_draft_kept_here_goes_to_the_server_when_asked_follows_changes_and_goes_when_sent() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    // At start: the server is asked for its drafts (it has none yet).
    h.app
        .set_saved_accounts(Ok(Vec::new()), Some("demo".into()));
    h.settle().await;
    h.press("n").await;
    h.press("plans for the weekend<esc>").await;
    let screen = h.screen();
    assert!(screen.contains("draft kept"), "{screen}");
    assert!(
        screen.contains("Keep this draft on the server too"),
        "{screen}"
    );
    h.press("y").await;
    let kept = on_server(&h);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["body"]["text"], "plans for the weekend");
    assert!(
        h.screen().contains("the draft is on the server too"),
        "{}",
        h.screen()
    );
    let store = skua::drafts::DraftStore::new(drafts.path(), "demo");
    let here = store.load().0;
    assert_eq!(here.len(), 1);
    assert_eq!(here[0].server_id.as_deref(), Some("d1"));
    // Changed here: its copy there follows, without asking again.
    h.press("D").await;
    assert!(
        h.screen()
            .contains("plans for the weekend (also on the server)"),
        "{}",
        h.screen()
    );
    h.press("<enter>").await;
    h.press(", and the hike<esc>").await;
    assert!(!h.screen().contains("Keep this draft"), "{}", h.screen());
    assert_eq!(
        on_server(&h)[0]["body"]["text"],
        "plans for the weekend, and the hike"
    );
    // Sent: gone here and there.
    h.press("D").await;
    h.press("<enter><c-s>").await;
    assert!(h.screen().contains("posted"), "{}", h.screen());
    assert!(on_server(&h).is_empty(), "{:?}", on_server(&h));
    assert!(store.load().0.is_empty());
    // Asked once a draft: "no" is not asked again for it.
    h.press("n").await;
    h.press("only here<esc>").await;
    assert!(h.screen().contains("Keep this draft"), "{}", h.screen());
    h.press("n").await;
    h.press("D<enter>").await;
    h.press(" still<esc>").await;
    assert!(!h.screen().contains("Keep this draft"), "{}", h.screen());
    assert!(on_server(&h).is_empty());
}

#[tokio::test]
async fn the_servers_drafts_are_offered_at_start_beside_those_kept_here() {
    let mut data = common::fixed_data();
    data.note_drafts = vec![json!({
        "id": "d7", "saved": "2026-11-22T11:00:00Z",
        "body": { "text": "written on my phone", "visibility": "home" }
    })];
    let (mut h, drafts) = drafts_offered_at_start(data).await;
    let screen = h.screen();
    assert!(screen.contains("Unsent drafts (1)"), "{screen}");
    assert!(
        screen.contains("written on my phone (on the server)"),
        "{screen}"
    );
    // Written on here, it is the server's draft still: closing updates it, asks nothing.
    h.press("<enter>").await;
    assert!(h.screen().contains("Visibility home"), "{}", h.screen());
    h.press(" and finished here<esc>").await;
    assert!(!h.screen().contains("Keep this draft"), "{}", h.screen());
    let kept = h.server.with_data(|d| d.note_drafts.clone());
    assert_eq!(kept.len(), 1, "no second copy: {kept:?}");
    assert_eq!(
        kept[0]["body"]["text"],
        "written on my phone and finished here"
    );
    // Deleted from the list: gone from the server too.
    h.press("D<del>y").await;
    assert!(h.server.with_data(|d| d.note_drafts.is_empty()));
    assert!(
        skua::drafts::DraftStore::new(drafts.path(), "demo")
            .load()
            .0
            .is_empty()
    );
}

#[tokio::test]
async fn where_the_server_keeps_no_drafts_closing_one_asks_nothing() {
    // Mastodon keeps drafts on the device only.
    let mut h = Harness::start(SMALL).await;
    let drafts = tempfile::tempdir().unwrap();
    h.app.keep_drafts_in(drafts.path().to_owned());
    h.press("n").await;
    h.press("an idea<esc>").await;
    assert!(!h.screen().contains("Keep this draft"), "{}", h.screen());
    assert!(h.app.state.popup.is_none());
}

/// A draft written on another device for a channel, with a picture, in reply to a post: its
/// channel and its file are named as the server names them, and the post it replies to is
/// shown by its author and its first words.
#[tokio::test]
async fn a_servers_draft_names_its_channel_its_file_and_what_it_replies_to() {
    let mut data = common::fixed_data();
    data.add_channels();
    let parent = data.statuses[3].clone();
    let author = data.account(parent["account"].as_str().unwrap()).unwrap();
    let parent_author = author["acct"].as_str().unwrap().to_owned();
    let channel = data
        .channels
        .iter()
        .find(|c| c["name"] == "Photo walk")
        .unwrap()["id"]
        .clone();
    data.media.push(json!({
        "id": "drive9", "type": "image", "url": "https://example.com/files/drive9",
        "description": "gulls over the harbour", "sensitive": false,
        "meta": { "size": 1000, "mime": "image/png", "name": "../harbour.png" },
    }));
    data.note_drafts = vec![json!({
        "id": "d8", "saved": "2026-11-22T11:00:00Z",
        "body": { "text": "walk notes", "channelId": channel, "fileIds": ["drive9"],
                  "replyId": parent["id"] }
    })];
    let (mut h, _drafts) = drafts_offered_at_start(data).await;
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("walk notes"), "{screen}");
    assert!(screen.contains("channel Photo walk"), "{screen}");
    assert!(screen.contains("harbour.png"), "{screen}");
    assert!(screen.contains("gulls over the harbour"), "{screen}");
    assert!(!screen.contains("../"), "{screen}");
    assert!(
        screen.contains(&format!("Replying to @{parent_author}: ")),
        "{screen}"
    );
}
