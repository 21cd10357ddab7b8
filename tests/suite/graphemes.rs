//! Text is measured by grapheme cluster: family (ZWJ) emoji, skin tones, flags and combining
//! marks in names, posts, list titles and addresses never split across lines and never push a
//! border out of place, on the real app at 80x24.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::Value;
use skua::config::Config;
use skua::demo::DemoServer;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const SMALL: (u16, u16) = (80, 24);
const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";
const THUMB: &str = "👍🏽";
const FLAG: &str = "🇯🇵";
const ZOE: &str = "Zoe\u{308}";

fn emoji_run(n: usize) -> String {
    [FAMILY, THUMB, FLAG, ZOE]
        .iter()
        .cycle()
        .take(n)
        .copied()
        .collect()
}

async fn emoji_server() -> DemoServer {
    let mut data = common::fixed_data();
    for account in &mut data.accounts {
        let name = account["display_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        account["display_name"] = Value::String(format!("{ZOE} {FAMILY}{THUMB}{FLAG} {name}"));
    }
    // Posts only: a boost has no text of its own (with text it would be a quote).
    for status in data
        .statuses
        .iter_mut()
        .filter(|s| s["reblog"].is_null())
        .take(6)
    {
        status["content"] = Value::String(format!("<p>{}</p>", emoji_run(60)));
    }
    for list in &mut data.lists {
        list.title = format!("{FAMILY}{THUMB}{FLAG}{ZOE} {}", emoji_run(40));
    }
    DemoServer::start(data).await.unwrap()
}

/// Every row is exactly as wide as the terminal, and no cluster is cut in two.
fn assert_whole(screen: &str) {
    for (row, line) in screen.lines().enumerate() {
        assert_eq!(
            line.width(),
            80,
            "row {row} is {} wide: {line}",
            line.width()
        );
        for g in line.graphemes(true) {
            assert!(
                !g.starts_with(['\u{200D}', '\u{308}', '\u{1F3FD}']),
                "row {row} starts a cluster with a joiner or mark: {line}"
            );
            assert!(
                !g.ends_with('\u{200D}'),
                "row {row} cuts a ZWJ sequence: {line}"
            );
        }
    }
}

#[tokio::test]
async fn emoji_clusters_stay_whole_in_posts_borders_and_popups() {
    let mut h = Harness::with_server(emoji_server().await, Config::defaults(), SMALL).await;
    let home = h.screen();
    assert_whole(&home);
    assert!(home.contains(FAMILY) && home.contains(THUMB) && home.contains(FLAG));
    assert_snapshot!("emoji_home_80x24", home);

    h.press("a").await; // the list picker: a bordered popup with emoji titles
    let picker = h.screen();
    assert_whole(&picker);
    assert_snapshot!("emoji_list_picker_80x24", picker);
    h.press("<esc>A").await; // the lists screen
    assert_whole(&h.screen());

    let url = format!("https://example.org/{}", emoji_run(50));
    h.app
        .show_url(url, "No browser could be opened here.".into());
    let popup = h.screen();
    assert_whole(&popup);
    assert_snapshot!("emoji_url_popup_80x24", popup);
}
