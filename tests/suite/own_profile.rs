//! Changing one's own profile on both families: name, bio, fields (the server's limits
//! checked before anything is sent), switches, and an avatar uploaded from a path; the open
//! profile shows the change at once. Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::Value;

const SMALL: (u16, u16) = (80, 24);

fn me(h: &Harness) -> Value {
    h.server
        .with_data(|d| d.account(&d.me).cloned().expect("the demo's own account"))
}

/// A picture to upload, in a folder that goes when the test ends.
fn picture() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("me.png");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\nnot really a picture").unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

async fn on_own_profile(h: &mut Harness) {
    let mine = h.server.with_data(|d| d.me.clone());
    h.select_first(|p, e| p.author.id == mine && e.boosted_by.is_none())
        .await;
    h.press("p").await;
    let screen = h.screen();
    assert!(screen.contains("Demo User"), "{screen}");
    // Nobody "you follow" is named as following yourself.
    assert!(!screen.contains("others you follow"), "{screen}");
}

#[tokio::test]
async fn the_profile_is_changed_with_a_field_a_switch_and_an_avatar_and_shows_at_once() {
    let mut h = Harness::start(SMALL).await;
    let (_dir, avatar) = picture();
    on_own_profile(&mut h).await;
    h.press(":edit_profile<enter>").await;
    assert_snapshot!("profile_form_80x24", h.screen());
    // The name, a field, locked, and the avatar.
    for _ in 0.."Demo User".len() {
        h.press("<bs>").await;
    }
    h.press("Skua Tester<tab><tab>Pronouns<tab>they/them<tab><tab><tab> ")
        .await;
    h.press(&format!("<tab><tab><tab>{avatar}")).await;
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("profile saved"), "{screen}");
    let account = me(&h);
    assert_eq!(account["display_name"], "Skua Tester");
    assert_eq!(account["locked"], true);
    assert_eq!(account["fields"][0]["name"], "Pronouns");
    assert_eq!(account["fields"][0]["source_value"], "they/them");
    assert!(
        account["avatar"].as_str().unwrap().ends_with("/me.png"),
        "{account}"
    );
    // The bio, not touched, stays as it was.
    assert!(account.get("source_note").is_some());
    // The profile open under the form shows it without asking again.
    assert!(screen.contains("Skua Tester"), "{screen}");
    assert!(screen.contains("Pronouns"), "{screen}");
    let saves = h
        .server
        .requests_to("/api/v1/accounts/update_credentials")
        .len();
    assert_eq!(saves, 1);
}

#[tokio::test]
async fn what_the_server_would_refuse_is_said_before_anything_is_sent() {
    let mut h = Harness::start(SMALL).await;
    h.press(":edit_profile<enter>").await;
    // A field value longer than the server takes.
    h.press(&format!("<tab><tab>Site<tab>{}", "x".repeat(256)))
        .await;
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("the value of field 1 is 256 characters; this server takes 255"),
        "{screen}"
    );
    assert!(screen.contains("Your profile"), "the form stays: {screen}");
    // A picture that is not there.
    for _ in 0..256 {
        h.press("<bs>").await;
    }
    h.press("ok").await;
    h.press("<tab><tab><tab><tab><tab><tab>/nowhere/me.png<enter>")
        .await;
    assert!(
        h.screen()
            .contains("/nowhere/me.png is not a file skua can read"),
        "{}",
        h.screen()
    );
    assert!(
        !h.server
            .requests()
            .iter()
            .any(|r| r.path.ends_with("update_credentials")),
        "nothing was sent"
    );
    // A refusal by the server keeps the form and says why.
    for _ in 0.."/nowhere/me.png".len() {
        h.press("<bs>").await;
    }
    h.server.fail(
        "/api/v1/accounts/update_credentials",
        skua::demo::Fault::status(
            422,
            r#"{"error":"Validation failed: Display name is reserved"}"#,
        ),
    );
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("not saved"), "{screen}");
    assert!(
        screen.contains("Validation failed: Display name"),
        "{screen}"
    );
}

#[tokio::test]
async fn misskey_uploads_the_avatar_to_the_drive_then_names_it() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let (_dir, avatar) = picture();
    h.press(":edit_profile<enter>").await;
    assert!(h.screen().contains("up to 16 fields"), "{}", h.screen());
    h.press("<tab>").await;
    for _ in 0..300 {
        h.press("<bs>").await;
    }
    h.press("Notes from a terminal").await;
    // Past the fields (one free row), the switches, to the avatar.
    h.press(&format!("<tab><tab><tab><tab><tab><tab>{avatar}<enter>"))
        .await;
    assert!(h.screen().contains("profile saved"), "{}", h.screen());
    let asked: Vec<String> = h
        .server
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p == "/api/drive/files/create" || p == "/api/i/update")
        .collect();
    assert_eq!(asked, ["/api/drive/files/create", "/api/i/update"]);
    let update = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/i/update")
        .unwrap();
    let body = update.body.expect("a JSON body");
    assert!(body["avatarId"].is_string(), "{body}");
    assert_eq!(body["description"], "Notes from a terminal");
    let account = me(&h);
    assert_eq!(account["source_note"], "Notes from a terminal");
    assert!(account["avatar"].as_str().unwrap().ends_with("/me.png"));
}

#[tokio::test]
async fn hostile_text_in_ones_own_profile_is_shown_as_text_in_the_form() {
    let mut data = common::fixed_data();
    let mine = data.me.clone();
    if let Some(account) = data.accounts.iter_mut().find(|a| a["id"] == mine.as_str()) {
        account["display_name"] = "\u{1b}[2JDemo\u{7}".into();
        account["fields"] = serde_json::json!([
            { "name": "\u{1b}]0;title\u{7}", "value": "\u{9b}31mred", "verified_at": null }
        ]);
    }
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":edit_profile<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Your profile"), "{screen}");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(
            !screen.contains(bad),
            "{bad:?} reached the screen: {screen:?}"
        );
    }
}

/// A bio of several lines is shown and edited with its lines: Enter starts a new one, and the
/// save key sends it with every line in place.
#[tokio::test]
async fn a_bio_of_several_lines_keeps_its_lines_when_edited() {
    let mut data = common::fixed_data();
    let mine = data.me.clone();
    if let Some(account) = data.accounts.iter_mut().find(|a| a["id"] == mine.as_str()) {
        account["source_note"] = "Writes in the terminal.\nLikes birds.".into();
    }
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    h.press(":edit_profile<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("│Bio       Writes in the terminal."),
        "{screen}"
    );
    assert!(screen.contains("│          Likes birds."), "{screen}");
    // To the bio (the cursor at its end), a word, a new line, and saved from there.
    h.press("<tab> And boats.<enter>Posts daily.").await;
    let screen = h.screen();
    assert!(screen.contains("Enter new line"), "{screen}");
    assert!(screen.contains("│          Posts daily."), "{screen}");
    h.press("<c-s>").await;
    assert!(h.screen().contains("profile saved"), "{}", h.screen());
    assert_eq!(
        me(&h)["source_note"],
        "Writes in the terminal.\nLikes birds. And boats.\nPosts daily."
    );
}
