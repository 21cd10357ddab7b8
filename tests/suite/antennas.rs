//! Misskey's antennas: made, changed and deleted from a form, opened as a tab of the notes
//! they catch, named in the config's tabs; Mastodon says it has none. Against the local demo
//! server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::json;
use skua::api::TimelineKind;

const SMALL: (u16, u16) = (80, 24);

fn antennas(h: &Harness) -> Vec<serde_json::Value> {
    h.server.with_data(|d| d.antennas.clone())
}

fn asked(h: &Harness, path: &str) -> Vec<serde_json::Value> {
    h.server
        .requests_to(path)
        .into_iter()
        .filter_map(|r| r.body)
        .collect()
}

#[tokio::test]
async fn an_antenna_is_made_in_the_form_and_opens_as_a_tab_of_what_it_catches() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.press(":antennas<enter>").await;
    assert!(h.screen().contains("None yet"), "{}", h.screen());
    h.press("n").await;
    // Words are required where it looks at all notes.
    h.press("Terminals<enter>").await;
    assert!(
        h.screen().contains("give it words to catch"),
        "{}",
        h.screen()
    );
    assert!(asked(&h, "/api/antennas/create").is_empty(), "nothing sent");
    // Words to catch, words to leave out, and two switches.
    h.press("<tab><tab>terminal, tmux ssh<tab>rant<tab><tab> <tab><tab><tab> ")
        .await;
    assert_snapshot!("antenna_form_80x24", h.screen());
    h.press("<enter>").await;
    let created = asked(&h, "/api/antennas/create");
    assert_eq!(created.len(), 1);
    let body = &created[0];
    assert_eq!(body["name"], "Terminals");
    assert_eq!(body["src"], "all");
    assert_eq!(body["keywords"], json!([["terminal"], ["tmux", "ssh"]]));
    assert_eq!(body["excludeKeywords"], json!([["rant"]]));
    assert_eq!(body["withReplies"], true);
    assert_eq!(body["excludeBots"], true);
    assert_eq!(body["caseSensitive"], false);
    let screen = h.screen();
    assert!(screen.contains("antenna “Terminals” saved"), "{screen}");
    assert!(
        screen.contains("Terminals  all notes · terminal, tmux ssh"),
        "{screen}"
    );
    // Enter opens it as a tab, with the notes it catches.
    h.press("<enter>").await;
    let tab = &h.app.state.tabs[h.app.state.active];
    assert!(matches!(
        &tab.timeline.kind,
        TimelineKind::Antenna { name, id } if name == "Terminals" && !id.is_empty()
    ));
    assert!(h.screen().contains("antenna Terminals"), "{}", h.screen());
    let shown = h.newest_home_post().clone();
    assert!(
        shown.content.to_plain().to_lowercase().contains("terminal"),
        "{shown:?}"
    );
    let id = antennas(&h)[0]["id"].clone();
    assert!(
        asked(&h, "/api/antennas/notes")
            .iter()
            .any(|b| b["antennaId"] == id)
    );
}

#[tokio::test]
async fn an_antenna_is_changed_to_a_lists_members_and_deleted() {
    let mut data = common::fixed_data();
    data.antennas = vec![json!({
        "id": "antenna1", "name": "Rust", "src": "all", "keywords": [["rust"]],
        "excludeKeywords": [], "users": [], "userListId": null, "caseSensitive": false,
        "withReplies": false, "withFile": false, "localOnly": false, "excludeBots": false
    })];
    let list = data.lists[0].id.clone();
    let title = data.lists[0].title.clone();
    let mut h = Harness::misskey(data, SMALL).await;
    h.press(":antennas<enter>").await;
    h.press("e").await;
    // Catches: all → home → accounts → a list; the list chosen with Space.
    h.press("<tab>   <tab> ").await;
    assert!(h.screen().contains(&format!("“{title}”")), "{}", h.screen());
    h.press("<enter>").await;
    let updated = asked(&h, "/api/antennas/update");
    assert_eq!(updated.len(), 1, "{updated:?}");
    assert_eq!(updated[0]["antennaId"], "antenna1");
    assert_eq!(updated[0]["src"], "list");
    assert_eq!(updated[0]["userListId"], list.as_str());
    assert_eq!(antennas(&h)[0]["src"], "list");
    h.press("dy").await;
    assert!(antennas(&h).is_empty());
    assert!(
        h.screen().contains("antenna “Rust” deleted"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn an_antenna_named_in_the_config_is_a_tab_at_start() {
    let mut data = common::fixed_data();
    data.antennas = vec![json!({
        "id": "antenna7", "name": "Coffee", "src": "all", "keywords": [["coffee"]],
        "excludeKeywords": [], "users": [], "caseSensitive": false
    })];
    let server = skua::demo::DemoServer::start_as(data, skua::api::detect::Flavor::Misskey)
        .await
        .unwrap();
    let backend = Harness::misskey_backend(&server);
    let config = skua::config::Config::parse(
        "[general]\ntabs = [\"home\", \"antenna:coffee\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = Harness::with(server, backend, config, SMALL).await;
    h.press("2").await;
    let screen = h.screen();
    assert!(screen.contains("antenna coffee"), "{screen}");
    assert!(screen.contains("Coffee count"), "{screen}");
    // Found by its name, case aside.
    assert!(
        asked(&h, "/api/antennas/notes")
            .iter()
            .any(|b| b["antennaId"] == "antenna7")
    );
}

#[tokio::test]
async fn mastodon_says_antennas_are_a_misskey_feature() {
    let mut h = Harness::start(SMALL).await;
    h.press(":antennas<enter>").await;
    assert!(
        h.screen()
            .contains("antennas are a Misskey feature; this server has none"),
        "{}",
        h.screen()
    );
    assert!(h.app.state.popup.is_none());
}

/// The whole round a reader makes: an antenna for a hashtag, files only, opened in a pane of
/// its own beside the timelines, chosen from the antennas' list.
#[tokio::test]
async fn an_antenna_for_a_hashtag_with_files_only_opens_in_a_new_pane() {
    let mut h = Harness::misskey(common::fixed_data(), (120, 40)).await;
    h.press("#rust<enter>").await;
    h.press(":antennas<enter>n").await;
    // The tag's tab gave the words; six fields down is "only notes with files".
    h.press("<tab><tab><tab><tab><tab><tab> <enter>").await;
    let created = asked(&h, "/api/antennas/create");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["keywords"], json!([["#rust"]]));
    assert_eq!(created[0]["withFile"], true);
    let screen = h.screen();
    assert!(
        screen.contains("| new pane"),
        "the list names the key: {screen}"
    );

    // The pane key works in the list; Esc takes it back before it closes the list.
    h.press("|").await;
    let screen = h.screen();
    assert!(
        screen.contains("Enter opens it in a new pane on the right; Esc cancels"),
        "{screen}"
    );
    h.press("<esc>").await;
    assert!(h.app.state.deck.opening.is_none());
    assert!(h.screen().contains("Antennas"), "{}", h.screen());
    h.press("|<enter>").await;

    assert_eq!(h.app.state.deck.panes(), 2);
    let tab = &h.app.state.tabs[h.app.state.active];
    assert_eq!(tab.pane, 1, "in the new pane");
    assert!(matches!(
        &tab.timeline.kind,
        TimelineKind::Antenna { name, .. } if name == "#rust"
    ));
    let shown: Vec<_> = tab
        .timeline
        .entries()
        .filter_map(|e| e.post.as_deref())
        .filter_map(|id| h.app.state.posts.get(id))
        .collect();
    assert!(!shown.is_empty());
    for post in shown {
        let text = post.content.to_plain().to_lowercase();
        assert!(text.contains("#rust") && !post.media.is_empty(), "{post:?}");
    }
    // The hashtag's tab stays where it was, in the first pane.
    assert!(
        h.app.state.tabs.iter().any(|t| t.pane == 0
            && matches!(&t.timeline.kind, TimelineKind::Hashtag(tag) if tag == "rust"))
    );
}
