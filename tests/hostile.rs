//! Every string a server sends is untrusted. Here every displayed field carries escape sequences,
//! C1 controls and bidi overrides, and nothing of them may reach the screen.

mod common;

use common::Harness;
use serde_json::Value;
use skua::app::Effect;
use skua::config::Config;
use skua::demo::DemoServer;

const HOSTILE: &str = "A\u{1b}[2J\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}P+q\u{1b}\\\u{9b}31m\u{202e}evil\u{2066}\u{0}\r\u{8}Z";

fn hostile(value: &mut Value) {
    *value = Value::String(format!("{}{HOSTILE}", value.as_str().unwrap_or_default()));
}

async fn hostile_server() -> DemoServer {
    let mut data = common::fixed_data();
    for account in &mut data.accounts {
        hostile(&mut account["display_name"]);
        hostile(&mut account["acct"]);
        hostile(&mut account["username"]);
    }
    for status in &mut data.statuses {
        for field in ["spoiler_text", "url"] {
            hostile(&mut status[field]);
        }
        let content = status["content"].as_str().unwrap_or_default().to_owned();
        // Raw, and as HTML character references, which must not be decoded into controls.
        status["content"] = Value::String(format!(
            "<p>{HOSTILE} &#27;[31m &#x9b;2J &#x202e;</p>{content}"
        ));
        for media in status["media_attachments"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            hostile(&mut media["description"]);
            hostile(&mut media["url"]);
        }
        for tag in status["tags"].as_array_mut().into_iter().flatten() {
            hostile(&mut tag["name"]);
        }
    }
    for list in &mut data.lists {
        list.title.push_str(HOSTILE);
    }
    DemoServer::start(data).await.unwrap()
}

fn assert_clean(screen: &str) {
    for (row, line) in screen.lines().enumerate() {
        let bad: Vec<char> = line
            .chars()
            .filter(|&c| {
                c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            })
            .collect();
        assert!(bad.is_empty(), "row {row} carries {bad:?}: {line}");
    }
}

#[tokio::test]
async fn no_control_or_bidi_character_reaches_the_screen() {
    let mut h = Harness::with_server(hostile_server().await, Config::defaults(), (120, 40)).await;
    // The model the UI draws from is clean, whatever the renderer would make of it.
    for tab in &h.app.state.tabs {
        // Debug escapes non-printing characters; emoji joiners are the only legitimate ones.
        let debug = format!("{:?}", tab.timeline.rows)
            .replace("\\u{fe0f}", "")
            .replace("\\u{200d}", "");
        for escaped in ["\\u{", "\\r", "\\t", "\\0"] {
            if let Some(at) = debug.find(escaped) {
                panic!(
                    "{escaped} in the model: …{}…",
                    &debug[at.saturating_sub(200)..at + 20]
                );
            }
        }
    }
    let home = h.screen();
    assert!(
        home.contains("evil"),
        "the hostile text is shown, defused: {home}"
    );
    assert_clean(&home);
    // Content warnings revealed, posts further down, tags, links and lists.
    for keys in [
        "c",
        "jjjc",
        "G",
        "t",
        "<esc>O",
        "<esc>a",
        "<down><enter>",
        "?",
    ] {
        h.press(keys).await;
        assert_clean(&h.screen());
    }
    let lists = format!("{:?}", h.app.state.lists);
    assert!(lists.contains("evil") && !lists.contains("\\u{"), "{lists}");
    h.press("<esc>1go").await;
    let Some(Effect::OpenUrl(url)) = h.app.effects.pop() else {
        panic!("o opens the post")
    };
    assert!(!url.chars().any(char::is_control), "{url:?}");
    let reason = skua::browser::open("javascript:\u{1b}]0;x\u{7}").unwrap_err();
    h.app.show_url(url, reason);
    assert_clean(&h.screen());

    // List management: the lists and members screens, completions, "lists for this account".
    h.press("<esc>").await;
    for keys in ["A", "m", "nal", "<esc>M", "<esc><esc>", "<esc>M"] {
        h.press(keys).await;
        let screen = h.screen();
        assert!(screen.contains("evil"), "{keys}: {screen}");
        assert_clean(&screen);
    }
}
