//! Misskey chat: chats with users and rooms among the direct messages (unread marked), a chat
//! opened with its messages oldest at the top, a message written and sent, a reaction given,
//! one's own message deleted, messages arriving live; Mastodon keeps its direct posts.
//! Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::config::Config;
use skua::live::LiveStatus;

const SMALL: (u16, u16) = (80, 24);

fn data() -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    data.add_chats();
    data
}

/// The app on the demo's chats with its stream up (and where it keeps reading positions).
async fn live() -> (Harness, tempfile::TempDir) {
    let server = skua::demo::DemoServer::start_as(data(), skua::api::detect::Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::live(server, backend, Config::defaults(), dir.path()).await;
    h.wait_until("the stream", |h| {
        matches!(h.app.state.live, Some(LiveStatus::Live { .. }))
    })
    .await;
    (h, dir)
}

fn messages(h: &Harness) -> Vec<serde_json::Value> {
    h.server.with_data(|d| d.chat_messages.clone())
}

/// The text of every line of the screen from `first` down, in order.
fn order_of(screen: &str, texts: &[&str]) -> Vec<usize> {
    texts
        .iter()
        .map(|t| {
            screen
                .find(t)
                .unwrap_or_else(|| panic!("{t} missing:\n{screen}"))
        })
        .collect()
}

#[tokio::test]
async fn a_chat_opens_from_the_direct_messages_oldest_first_and_takes_a_message_and_a_reaction() {
    let mut h = Harness::misskey(data(), SMALL).await;
    let who_am_i = |h: &Harness| h.server.requests_to("/api/i").len();
    let asked_at_start = who_am_i(&h);
    h.press("C").await;
    let screen = h.screen();
    assert!(screen.contains("✉ chat with @ivan · unread"), "{screen}");
    assert!(screen.contains("✉ room Photo walkers"), "{screen}");
    assert!(screen.contains("✉ chat with @bob"), "{screen}");
    h.select_first(|p, _| p.content.to_plain().contains("see you there"))
        .await;
    h.press("<enter>").await;
    let screen = h.screen();
    let at = order_of(
        &screen,
        &["Are you coming", "I'll bring the stickers", "see you there"],
    );
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "oldest at the top:\n{screen}"
    );
    assert_snapshot!("chat_80x24", screen);
    // Written and sent with Enter; it shows at the bottom.
    h.press("i").await;
    h.press("Thursday it is<enter>").await;
    let sent = messages(&h);
    let last = sent.last().unwrap();
    assert_eq!(last["text"], "Thursday it is");
    assert_eq!(last["toUserId"], "100002");
    let screen = h.screen();
    let at = order_of(&screen, &["see you there", "Thursday it is"]);
    assert!(at[0] < at[1], "{screen}");
    // A reaction to Bob's last message.
    h.press("<esc>k+").await;
    h.press("👍<enter>").await;
    let reacted = h.server.with_data(|d| {
        d.chat_messages
            .iter()
            .find(|m| m["text"] == "Great, see you there 🚲")
            .unwrap()["reactions"]
            .clone()
    });
    assert_eq!(reacted[0]["reaction"], "👍", "{reacted}");
    assert!(h.screen().contains("[👍 1]"), "{}", h.screen());
    // One's own message deleted (asks first); another's cannot be.
    h.press("d").await;
    assert!(
        h.screen().contains("only your own messages"),
        "{}",
        h.screen()
    );
    h.press("jdy").await;
    assert!(!messages(&h).iter().any(|m| m["text"] == "Thursday it is"));
    assert!(!h.screen().contains("Thursday it is"), "{}", h.screen());
    // Back to the direct messages.
    h.press("<esc>").await;
    assert!(
        h.screen().contains("✉ room Photo walkers"),
        "{}",
        h.screen()
    );
    // Who the user is (whose messages and reactions are theirs) was known from the start.
    assert_eq!(who_am_i(&h), asked_at_start);
}

#[tokio::test]
async fn a_message_arrives_live_in_an_open_chat_and_a_refused_one_stays_typed() {
    let (mut h, _positions) = live().await;
    h.press("C").await;
    h.select_first(|p, _| p.content.to_plain().contains("release notes"))
        .await;
    h.press("<enter>").await;
    assert!(h.screen().contains("Chat @ivan"), "{}", h.screen());
    h.wait_until("the chat's channel", |h| {
        h.server.streams_channel("chatUser")
    })
    .await;
    h.server.chat_as("100009", "They look good to me");
    h.wait_until("the live message", |h| {
        h.screen().contains("They look good to me")
    })
    .await;
    // A message the server refuses stays typed, with why.
    h.server.fail(
        "/api/chat/messages/create-to-user",
        skua::demo::Fault::status(
            400,
            r#"{"error":{"message":"Content required.","code":"CONTENT_REQUIRED"}}"#,
        ),
    );
    h.press("ithanks<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("not sent"), "{screen}");
    assert!(screen.contains("› thanks"), "{screen}");
}

#[tokio::test]
async fn a_chat_message_arriving_puts_its_chat_on_top_of_the_direct_messages_unread() {
    let (mut h, _positions) = live().await;
    h.press("C").await;
    assert!(
        h.screen().contains("✉ chat with @bob · 29m"),
        "{}",
        h.screen()
    );
    h.server.chat_as("100002", "one more thing: bring a lamp");
    // It comes in above what is read, which stays where it is.
    h.wait_until("the new row above", |h| h.screen().contains("1 unread ↑"))
        .await;
    h.press("g").await;
    let screen = h.screen();
    assert!(screen.contains("✉ chat with @bob · unread"), "{screen}");
    assert!(screen.contains("one more thing: bring a lamp"), "{screen}");
    // One row a chat: bob's last one is gone from below.
    assert!(!screen.contains("Great, see you there"), "{screen}");
    assert_eq!(screen.matches("✉ chat with @bob").count(), 1, "{screen}");
}

#[tokio::test]
async fn a_room_shows_who_says_what_and_takes_a_message() {
    let mut h = Harness::misskey(data(), SMALL).await;
    h.press("C").await;
    h.select_first(|p, _| p.content.to_plain().contains("if it does not rain"))
        .await;
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Chat Photo walkers"), "{screen}");
    assert!(screen.contains("Who is up for a photo walk"), "{screen}");
    h.press("iCount me in<enter>").await;
    let last = messages(&h).last().cloned().unwrap();
    assert_eq!(last["toRoomId"], "chat-room1");
    assert_eq!(last["text"], "Count me in");
    // A room of one's own with no message yet is listed too, and takes the first.
    h.press("<esc><esc>").await;
    assert!(
        h.screen().contains("✉ room Rust learners"),
        "{}",
        h.screen()
    );
    let quiet = h.app.state.tabs[h.app.state.active]
        .timeline
        .entries()
        .position(|e| e.id == "chat-room2")
        .unwrap();
    h.press("g").await;
    for _ in 0..quiet {
        h.press("j").await;
    }
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Chat Rust learners"), "{screen}");
    assert!(screen.contains("No messages yet"), "{screen}");
    h.press("iHello, learners<enter>").await;
    let last = messages(&h).last().cloned().unwrap();
    assert_eq!(last["toRoomId"], "chat-room2");
}

#[tokio::test]
async fn a_message_takes_one_file_uploaded_first() {
    let mut h = Harness::misskey(data(), SMALL).await;
    let folder = tempfile::tempdir().unwrap();
    let photo = folder.path().join("lamp.png");
    std::fs::write(&photo, vec![7u8; 2_000]).unwrap();
    h.press("C").await;
    h.select_first(|p, _| p.content.to_plain().contains("see you there"))
        .await;
    h.press("<enter><tab>").await;
    assert!(h.screen().contains("Attach a file"), "{}", h.screen());
    h.app.paste(photo.to_str().unwrap());
    h.press("<enter>").await;
    assert!(
        h.screen().contains("▣ lamp.png goes with it"),
        "{}",
        h.screen()
    );
    h.press("this one?<enter>").await;
    let uploads = h.server.requests_to("/api/drive/files/create");
    assert_eq!(uploads.len(), 1);
    let last = messages(&h).last().cloned().unwrap();
    assert_eq!(last["text"], "this one?");
    assert!(last["fileId"].is_string(), "{last}");
    assert!(!h.screen().contains("goes with it"), "{}", h.screen());
}

#[tokio::test]
async fn without_chat_the_direct_messages_are_the_notes_addressed_to_the_user() {
    // No chat on this server: the tab is as it was.
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press("C").await;
    assert!(!h.screen().contains("✉ chat"), "{}", h.screen());
    // On Mastodon, a chat is a Misskey thing.
    let mut h = Harness::start(SMALL).await;
    h.press(":direct<enter>").await;
    assert!(!h.screen().contains("✉ chat"), "{}", h.screen());
}

#[tokio::test]
async fn a_login_without_the_chat_permission_shows_the_notes_and_is_offered_it() {
    let mut h = Harness::misskey(data(), SMALL).await;
    let name = format!("demo@{}", h.server.url().authority());
    h.app.set_saved_accounts(
        Ok(vec![skua::state::AccountEntry {
            name: name.clone(),
            server: h.server.url().to_string(),
            flavor: skua::api::detect::Flavor::Misskey,
            saved: true,
            permissions: Vec::new(),
        }]),
        Some(name),
    );
    h.settle().await;
    // A token from before skua read chats.
    h.server.withhold(&["read:chat"]);
    h.press("C").await;
    let screen = h.screen();
    assert!(
        screen.contains("did not give skua the read:chat permission"),
        "{screen}"
    );
    h.press("n").await;
    let screen = h.screen();
    assert!(
        screen.contains("are you coming to the meetup"),
        "the notes: {screen}"
    );
    assert!(!screen.contains("✉ chat"), "{screen}");
}
