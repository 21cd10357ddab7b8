//! Snapshots of the real app (demo server → fetcher → app → ui) after key presses.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::Post;

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

fn has_cjk(post: &Post) -> bool {
    let mut inlines = post.content.blocks.iter().flat_map(|b| &b.inlines);
    inlines.any(|i| i.text.chars().any(|c| c > '\u{3000}'))
}

#[tokio::test]
async fn home_at_80x24_and_120x40() {
    let mut h = Harness::start(SMALL).await;
    assert_snapshot!("home_80x24", h.screen());
    h.resize(LARGE);
    assert_snapshot!("home_120x40", h.screen());
}

#[tokio::test]
async fn content_warning_collapsed_then_revealed() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.spoiler.is_some()).await;
    let collapsed = h.screen();
    assert!(collapsed.contains("[c] show post"), "{collapsed}");
    assert_snapshot!("cw_collapsed_80x24", collapsed);
    h.press("c").await;
    assert_snapshot!("cw_revealed_80x24", h.screen());
}

#[tokio::test]
async fn boosts_media_and_cjk_at_120x40() {
    let mut h = Harness::start(LARGE).await;
    h.select_first(|p, e| e.boosted_by.is_some() && has_cjk(p))
        .await;
    assert_snapshot!("boost_cjk_120x40", h.screen());
    h.select_first(|p, _| p.media.len() > 1).await;
    assert_snapshot!("media_120x40", h.screen());
}

#[tokio::test]
async fn a_long_post_is_wrapped_and_scrolls() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| p.content.blocks.len() >= 4).await;
    assert_snapshot!("long_post_80x24", h.screen());
    let first_line = "Some notes after a year of running a small Mastodon server";
    // Down: the long post scrolls up out of the way, its end still above the next post.
    h.press("j").await;
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        !screen.contains(first_line),
        "its top scrolled away:\n{screen}"
    );
    let end = rows
        .iter()
        .position(|r| r.contains("#selfhosting #mastodon"));
    let next = rows.iter().position(|r| r.starts_with('▌'));
    assert!(
        matches!((end, next), (Some(end), Some(next)) if end < next),
        "its end above the selected next post:\n{screen}"
    );
    // And back up: the whole post again, selected from its first line.
    h.press("k").await;
    let screen = h.screen();
    let top = screen.lines().nth(2).unwrap_or_default();
    assert!(top.starts_with('▌') && top.contains(first_line), "{screen}");
}

#[tokio::test]
async fn help_is_generated_from_the_keymap() {
    let mut h = Harness::start(SMALL).await;
    h.press("?").await;
    assert_snapshot!("help_80x24", h.screen());
    h.press("<esc>").await;
    assert!(!h.screen().contains("Keys"));
}

#[tokio::test]
async fn every_timeline_kind_is_reachable_by_keys() {
    let mut h = Harness::start(SMALL).await;
    h.press("2").await;
    assert_snapshot!("local_80x24", h.screen());
    h.press("<tab>").await;
    assert!(h.screen().lines().next().unwrap().contains("3 Federated"));
    h.press("#Rust").await;
    assert_snapshot!("hashtag_prompt_80x24", h.screen());
    h.press("<enter>").await;
    assert_snapshot!("hashtag_80x24", h.screen());
    h.press("a").await;
    assert_snapshot!("list_picker_80x24", h.screen());
    h.press("日本<enter>").await;
    assert_snapshot!("list_80x24", h.screen());
    h.press("x<s-tab>1").await;
    assert!(
        h.screen()
            .lines()
            .next()
            .unwrap()
            .starts_with(" 1 Home  2 Local  3 Federated  4 Notifications  5 #Rust ")
    );
}

#[tokio::test]
async fn reaching_the_bottom_loads_older_posts() {
    let mut h = Harness::start(SMALL).await;
    let first_page = h.app.state.active_tab().unwrap().timeline.entries().count();
    h.press("G").await;
    let loaded = h.app.state.active_tab().unwrap().timeline.entries().count();
    assert!(
        loaded > first_page,
        "{loaded} posts after G, {first_page} before"
    );
    let older = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.param("max_id").is_some())
        .count();
    assert_eq!(older, 1);
}

#[tokio::test]
async fn tiny_terminals_render_without_panicking() {
    let mut h = Harness::start(SMALL).await;
    h.resize((20, 5));
    assert_snapshot!("tiny_20x5", h.screen());
    for width in 1..=30 {
        for height in 1..=8 {
            h.resize((width, height));
            let _ = h.screen();
        }
    }
    h.press("?").await;
    h.resize((20, 5));
    let _ = h.screen();
}

/// Adds `count` posts newer than everything on the server, as if just published.
fn publish(h: &Harness, count: usize) {
    h.server.with_data(|data| {
        let newest = data.statuses[0].clone();
        let base: u128 = newest["id"].as_str().unwrap().parse().unwrap();
        for n in 1..=count {
            let mut status = newest.clone();
            status["id"] = format!("{}", base + n as u128).into();
            status["content"] = format!("<p>fresh post number {n}</p>").into();
            data.statuses.insert(0, status);
        }
    });
}

fn selected_row(screen: &str) -> usize {
    screen
        .lines()
        .position(|l| l.starts_with('▌'))
        .expect("a selected post is on screen")
}

#[tokio::test]
async fn refresh_adds_newer_posts_without_moving_the_selection() {
    let mut h = Harness::start(SMALL).await;
    h.press("jj").await;
    let before = h.screen();
    let row = selected_row(&before);
    let selected_line = before.lines().nth(row).unwrap().to_owned();
    // More than a page (20), so the refresh needs a follow-up request to close the gap.
    publish(&h, 27);
    h.press("r").await;
    let after = h.screen();
    assert_eq!(selected_row(&after), row);
    assert_eq!(after.lines().nth(row).unwrap(), selected_line);
    assert!(
        after.lines().next().unwrap().contains("1 Home (27)"),
        "{after}"
    );
    let timeline = &h.app.state.active_tab().unwrap().timeline;
    let posts = &h.app.state.posts;
    let fresh = timeline
        .entries()
        .filter(|e| {
            format!(
                "{:?}",
                posts.get(e.post.as_deref().unwrap()).unwrap().content
            )
            .contains("fresh post")
        })
        .count();
    assert_eq!(fresh, 27, "no gap, no duplicates");
    let ids: std::collections::HashSet<_> = timeline.entries().map(|p| &p.id).collect();
    assert_eq!(ids.len(), timeline.entries().count());
    assert_eq!(timeline.gaps().count(), 0);
    assert_snapshot!("refreshed_80x24", after);
    h.press("g").await;
    assert!(
        !h.screen().lines().next().unwrap().contains("(27)"),
        "seen posts are no longer new"
    );
}

#[tokio::test]
async fn a_regenerating_home_feed_is_retried_until_it_is_ready() {
    let server = common::server().await;
    server.fail_times(
        "/api/v1/timelines/home",
        skua::demo::Fault::status(206, "[]"),
        2,
    );
    let h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    let homes = h
        .server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/home"))
        .count();
    assert_eq!(homes, 3);
    assert!(!h.app.state.active_tab().unwrap().timeline.is_empty());
}

#[tokio::test]
async fn a_refused_token_is_said_plainly_and_the_app_keeps_running() {
    let server = common::server().await;
    server.fail(
        "/api/",
        skua::demo::Fault::status(401, r#"{"error":"The access token is invalid"}"#),
    );
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    assert_snapshot!("unauthorized_80x24", h.screen());
    h.server.clear_faults();
    h.press("r").await;
    assert!(
        !h.app.state.active_tab().unwrap().timeline.is_empty(),
        "a refresh recovers"
    );
}

/// Who the user is may be refused after the page is: the way to log in again is still what
/// the status line says, not the bare refusal.
#[tokio::test]
async fn a_refused_token_is_said_plainly_whichever_answer_comes_last() {
    let server = common::server().await;
    server.fail(
        "/api/v1/accounts/verify_credentials",
        skua::demo::Fault::Delay(std::time::Duration::from_millis(200)),
    );
    let backend = skua::api::mastodon::Mastodon::new(
        skua::api::http::client(std::time::Duration::from_secs(5)),
        server.url().clone(),
        Some(skua::api::http::Token::new("a-token-the-server-forgot")),
        20,
    );
    let h = Harness::with(
        server,
        std::sync::Arc::new(backend),
        skua::config::Config::defaults(),
        SMALL,
    )
    .await;
    let status = h.app.state.message.as_ref().map(|m| m.text.clone());
    assert!(
        status
            .as_deref()
            .is_some_and(|s| s.contains("no longer accepts skua's access")),
        "{status:?}"
    );
}

#[tokio::test]
async fn an_address_no_browser_could_open_is_shown_and_copied_with_one_key() {
    let mut h = Harness::start(SMALL).await;
    h.press("o").await;
    let Some(skua::app::Effect::OpenUrl(url)) = h.app.effects.pop() else {
        panic!("o opens the post")
    };
    // Through the event loop's own effect function, on a machine with no browser.
    h.apply(skua::app::Effect::OpenUrl(url.clone()));
    let screen = h.screen();
    assert!(
        screen.contains("No browser could be opened here") && screen.contains("y copy"),
        "{screen}"
    );
    h.press("y").await;
    assert_eq!(h.app.effects.pop(), Some(skua::app::Effect::Copy(url)));
}

#[tokio::test]
async fn an_address_that_is_not_a_web_address_is_shown_not_opened() {
    let mut h = Harness::start(SMALL).await;
    let url = "file:///etc/passwd";
    let reason = skua::browser::open(url).unwrap_err();
    h.app.show_url(url.into(), reason);
    let screen = h.screen();
    assert!(
        screen.contains("skua opens only web addresses") && screen.contains("file:///etc/passwd"),
        "{screen}"
    );
}

#[tokio::test]
async fn the_copy_key_copies_the_selected_posts_address() {
    let mut h = Harness::start(SMALL).await;
    h.press("y").await;
    let url = h.selected_post().unwrap().url.clone().unwrap();
    assert_eq!(h.app.effects.pop(), Some(skua::app::Effect::Copy(url)));
    assert!(h.screen().contains("copied the post's address"));
}

#[tokio::test]
async fn a_pasted_newline_never_confirms_a_prompt() {
    let mut h = Harness::start(SMALL).await;
    let tabs = h.app.state.tabs.len();
    h.press("#").await;
    h.app.paste("rust\n");
    h.app.paste("lang\r\nextra");
    let Some(skua::state::Popup::Prompt(prompt)) = &h.app.state.popup else {
        panic!("the prompt is still open: {}", h.screen());
    };
    assert_eq!(prompt.input.text(), "rustlang extra");
    assert_eq!(h.app.state.tabs.len(), tabs, "nothing was opened");
    h.press("<esc>").await;
    h.app.paste("ignored");
    assert!(
        h.screen()
            .contains("paste into a prompt, a post or a filter")
    );
}

#[tokio::test]
async fn a_refresh_after_a_long_absence_shows_a_gap_row_that_enter_loads() {
    let mut h = Harness::start(SMALL).await;
    publish(&h, 150);
    h.press("r").await;
    h.press("k").await; // from the post that was selected, up onto the gap row
    assert!(h.app.state.active_tab().unwrap().timeline.gap_selected());
    assert_snapshot!("gap_row_80x24", h.screen());
    h.press("<enter>").await;
    let timeline = &h.app.state.active_tab().unwrap().timeline;
    let posts = &h.app.state.posts;
    assert_eq!(timeline.gaps().count(), 0, "the rest (50) fit in one load");
    assert_eq!(
        timeline
            .entries()
            .filter(|e| format!(
                "{:?}",
                posts.get(e.post.as_deref().unwrap()).unwrap().content
            )
            .contains("fresh post"))
            .count(),
        150
    );
}

#[tokio::test]
async fn help_belongs_to_the_view_wraps_at_80_and_scrolls_within_its_content() {
    let mut h = Harness::start((120, 40)).await;
    h.press("?").await;
    let wide = h.screen();
    assert_snapshot!("help_120x40", wide);
    let inside = |line: &str| -> String {
        let start = line.find('│').map_or(0, |i| i + '│'.len_utf8());
        let end = line.rfind('│').unwrap_or(line.len()).max(start);
        line[start..end].to_owned()
    };
    assert!(
        wide.lines().all(|l| !inside(l).contains('…')),
        "nothing cut at 120 columns:\n{wide}"
    );
    assert!(wide.contains("In a timeline"), "{wide}");
    // Space is described as it works here: in a timeline it scrolls (it marks members only
    // on a list's members, whose help says so).
    let space = wide
        .lines()
        .find(|l| inside(l).starts_with("Space"))
        .unwrap();
    assert!(space.contains("scroll one screen down"), "{space}");
    assert!(!wide.contains("mark a member"), "{wide}");
    h.press("<esc>").await;
    h.resize(SMALL);
    // On a profile, its own keys come first.
    h.select_first(|p, e| p.author.acct == "alice" && e.boosted_by.is_none())
        .await;
    h.press("p?").await;
    let profile_help = h.screen();
    assert!(profile_help.contains("On a profile"), "{profile_help}");
    for key in ["w  ", "Z  ", "X  ", "v  "] {
        assert!(
            profile_help.contains(&format!("│{key}")),
            "{key} in {profile_help}"
        );
    }
    // Scrolling stops at the end: the last key shows, and one step up moves at once.
    for _ in 0..200 {
        h.press("j").await;
    }
    let end = h.screen();
    // The last key of a profile's help: q goes back there.
    assert!(
        end.contains("Everywhere") || end.contains("skua quits from a timeline"),
        "{end}"
    );
    assert!(end.contains("· end"), "{end}");
    h.press("k").await;
    assert_ne!(h.screen(), end, "one step up scrolls back at once");
}

#[tokio::test]
async fn no_color_draws_without_colours_and_keeps_what_stands_out() {
    use ratatui::style::{Color, Modifier};
    let mut h = Harness::start(SMALL).await;
    h.press("j").await;
    let draw = |h: &Harness| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(SMALL.0, SMALL.1)).unwrap();
        terminal
            .draw(|frame| skua::ui::draw(frame, &h.app.state, &mut h.panes.borrow_mut()))
            .unwrap();
        terminal.backend().buffer().clone()
    };
    let coloured = draw(&h);
    assert!(
        coloured.content.iter().any(|c| c.fg != Color::Reset),
        "colours by default"
    );
    h.app.state.no_color = true;
    let plain = draw(&h);
    assert!(
        plain
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    let text =
        |b: &ratatui::buffer::Buffer| b.content.iter().map(|c| c.symbol()).collect::<String>();
    assert_eq!(text(&plain), text(&coloured), "the same text");
    let demo = plain
        .content
        .iter()
        .position(|c| c.symbol() == "D" && c.modifier.contains(Modifier::REVERSED));
    assert!(demo.is_some(), "the DEMO badge stands out reversed");
}

#[tokio::test]
async fn a_theme_recolours_every_view_by_role() {
    use ratatui::style::Color;
    let config = skua::config::Config::parse(
        "[theme]\naccent = \"blue\"\ndim = \"#8a8a8a\"\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = Harness::with_server(common::server().await, config, SMALL).await;
    for keys in ["j", "<enter>", "<esc>p", "<esc>?"] {
        h.press(keys).await;
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(SMALL.0, SMALL.1)).unwrap();
        terminal
            .draw(|frame| skua::ui::draw(frame, &h.app.state, &mut h.panes.borrow_mut()))
            .unwrap();
        let cells = &terminal.backend().buffer().content;
        assert!(
            !cells
                .iter()
                .any(|c| c.fg == Color::Cyan || c.fg == Color::DarkGray),
            "{keys}"
        );
        assert!(
            cells.iter().any(|c| c.fg == Color::Blue),
            "{keys}: the accent is blue"
        );
        assert!(
            cells.iter().any(|c| c.fg == Color::Rgb(0x8a, 0x8a, 0x8a)),
            "{keys}: dim is grey"
        );
    }
}

/// The screen as the terminal shows it: a cell written with a forced width (a hyperlink run)
/// stands for the cells it covers; OSC sequences are not shown.
fn shown(buffer: &ratatui::buffer::Buffer) -> (String, Vec<String>) {
    use ratatui::buffer::CellDiffOption;
    let mut text = String::new();
    let mut links = Vec::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let cell = &buffer[(x, y)];
            let mut symbol = cell.symbol().to_owned();
            while let Some(start) = symbol.find("\x1b]8;;") {
                let end = start + symbol[start..].find("\x1b\\").expect("a terminated OSC 8");
                let url = &symbol[start + 5..end];
                if !url.is_empty() {
                    links.push(url.to_owned());
                }
                symbol.replace_range(start..end + 2, "");
            }
            text.push_str(&symbol);
            x += match cell.diff_option {
                CellDiffOption::ForcedWidth(width) => width.get(),
                _ => unicode_width::UnicodeWidthStr::width(symbol.as_str()).max(1) as u16,
            };
        }
        text.push('\n');
    }
    (text, links)
}

fn draw(h: &Harness) -> ratatui::buffer::Buffer {
    let backend = ratatui::backend::TestBackend::new(h.size.0, h.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal
        .draw(|frame| skua::ui::draw(frame, &h.app.state, &mut h.panes.borrow_mut()))
        .unwrap();
    terminal.backend().buffer().clone()
}

#[tokio::test]
async fn links_become_hyperlinks_without_changing_what_is_shown() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|p, _| {
        p.content
            .blocks
            .iter()
            .flat_map(|b| &b.inlines)
            .any(|i| matches!(i.link, Some(skua::api::Link::Url(_))))
    })
    .await;
    let (plain, none) = shown(&draw(&h));
    assert!(none.is_empty(), "hyperlinks are off unless asked for");
    h.app.state.hyperlinks = true;
    let (linked, links) = shown(&draw(&h));
    assert_eq!(linked, plain, "the same text on the same cells");
    let post = h.selected_post().unwrap();
    let urls: Vec<&str> = post
        .content
        .blocks
        .iter()
        .flat_map(|b| &b.inlines)
        .filter_map(|i| match &i.link {
            Some(skua::api::Link::Url(url)) => Some(url.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        urls.iter().any(|u| links.iter().any(|l| l == u)),
        "the selected post's link {urls:?} is one of {links:?}"
    );
    assert!(links.iter().all(|l| l.starts_with("http")), "{links:?}");
}

#[tokio::test]
async fn an_age_is_drawn_again_the_second_it_reads_differently() {
    let mut data = skua::demo::DemoData::bundled();
    let now = common::fixed_now();
    data.rebase(now, jiff::SignedDuration::from_secs(12));
    let server = skua::demo::DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    assert!(h.screen().contains(" · 12s"), "{}", h.screen());
    // The event loop draws again on a tick when the kept panes are out of date.
    let outdated = |h: &Harness| h.panes.borrow().outdated(h.app.state.now);
    h.app.tick(now + jiff::SignedDuration::from_millis(500));
    assert!(!outdated(&h), "still 12s");
    h.app.tick(now + jiff::SignedDuration::from_secs(1));
    assert!(outdated(&h), "13s now");
    assert!(h.screen().contains(" · 13s"), "{}", h.screen());
    assert!(!outdated(&h));
    // Ages in hours stay as they read for the rest of the hour.
    h.app.tick(now + jiff::SignedDuration::from_hours(2));
    h.screen();
    h.app
        .tick(now + jiff::SignedDuration::from_hours(2) + jiff::SignedDuration::from_secs(59));
    assert!(!outdated(&h), "{}", h.screen());
}

#[tokio::test]
async fn the_message_log_names_the_keys_that_scroll_it() {
    let config = skua::config::Config::parse(
        "[keys]\ndown = [\"down\"]\nup = [\"up\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = Harness::with_server(common::server().await, config, SMALL).await;
    // More than shows: the footer names the keys that scroll.
    for n in 0..40 {
        h.app.say(format!("message {n}"), false);
    }
    h.press("<c-g>").await;
    let footer = h.screen();
    assert!(footer.contains("↓/↑ scroll"), "{footer}");
    assert!(!footer.contains("j/k"), "{footer}");
}
