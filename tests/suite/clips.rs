//! Misskey's clips: a note put in a new clip and taken out again from the picker, clips listed
//! (the user's and those favourited), opened as a tab, renamed, deleted and no longer
//! favourited; Mastodon says it has none. Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::json;
use skua::api::TimelineKind;

const SMALL: (u16, u16) = (80, 24);

fn clips(h: &Harness) -> Vec<serde_json::Value> {
    h.server.with_data(|d| d.clips.clone())
}

#[tokio::test]
async fn a_note_goes_into_a_new_clip_and_comes_out_again() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let note = h.newest_home_post().id.clone();
    h.select_first(|p, _| p.id == note).await;
    h.press(":clip<enter>").await;
    assert!(h.screen().contains("+ a new clip…"), "{}", h.screen());
    h.press("<enter>").await;
    h.press("Birds<tab>seen from the window<enter>").await;
    let saved = clips(&h);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0]["name"], "Birds");
    assert_eq!(saved[0]["description"], "seen from the window");
    assert_eq!(saved[0]["isPublic"], false);
    assert_eq!(saved[0]["noteIds"], json!([note]));
    assert!(
        h.screen().contains("clipped to the new “Birds”"),
        "{}",
        h.screen()
    );
    // The picker marks the clip holding it; Enter takes it out.
    h.press(":clip<enter>").await;
    assert_snapshot!("clip_picker_80x24", h.screen());
    h.press("<enter>").await;
    assert_eq!(clips(&h)[0]["noteIds"], json!([]));
    assert!(
        h.screen().contains("taken out of “Birds”"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn clips_are_listed_opened_renamed_deleted_and_unfavourited() {
    let mut data = common::fixed_data();
    let notes: Vec<String> = data
        .statuses
        .iter()
        .filter(|s| s["visibility"] == "public" && s["reblog"].is_null())
        .take(2)
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    data.clips = vec![
        json!({ "id": "clip1", "name": "Birds", "description": "", "isPublic": true, "noteIds": notes }),
        json!({ "id": "clip9", "name": "Bob's best", "description": "", "isPublic": true,
                "noteIds": [], "userId": "100002", "isFavorited": true }),
    ];
    let mut h = Harness::misskey(data, SMALL).await;
    h.press(":clips<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("Birds  public · 2 notes"), "{screen}");
    assert!(screen.contains("Bob's best  ★ @bob's"), "{screen}");
    // Opened as a tab of its notes.
    h.press("<enter>").await;
    let tab = &h.app.state.tabs[h.app.state.active];
    assert!(matches!(&tab.timeline.kind, TimelineKind::Clip { id, .. } if id == "clip1"));
    assert_eq!(tab.timeline.entries().count(), 2);
    assert!(h.screen().contains("clip Birds"), "{}", h.screen());
    assert_snapshot!("clip_tab_80x24", h.screen());
    // Renamed and described.
    h.press(":clips<enter>e").await;
    for _ in 0.."Birds".len() {
        h.press("<bs>").await;
    }
    h.press("Bird club<tab>the good ones<enter>").await;
    assert_eq!(clips(&h)[0]["name"], "Bird club");
    assert_eq!(clips(&h)[0]["description"], "the good ones");
    // Another's clip is not changed, only no longer favourited.
    h.press("je").await;
    assert!(h.screen().contains("is @bob's clip"), "{}", h.screen());
    h.press("dy").await;
    assert_eq!(clips(&h)[1]["isFavorited"], false);
    // Back on the list, where it is no more; one's own is deleted after asking.
    let screen = h.screen();
    assert!(
        screen.contains("“Bob's best” is no longer a favorite"),
        "{screen}"
    );
    assert!(!screen.contains("★ @bob's"), "{screen}");
    h.press("d").await;
    assert!(
        h.screen().contains("Delete the clip “Bird club”?"),
        "{}",
        h.screen()
    );
    h.press("y").await;
    assert!(clips(&h).iter().all(|c| c["id"] != "clip1"));
}

#[tokio::test]
async fn mastodon_says_clips_are_a_misskey_feature() {
    let mut h = Harness::start(SMALL).await;
    h.press(":clips<enter>").await;
    assert!(
        h.screen().contains("clips are a Misskey feature"),
        "{}",
        h.screen()
    );
    h.press(":clip<enter>").await;
    assert!(h.app.state.popup.is_none());
}
