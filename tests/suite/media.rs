//! A post's attachments handed to the user's own programs (`E`) and downloaded (`:save_media`),
//! with the attachments on a second local server standing for a media host: the program gets
//! one argument per part (no shell), a viewer that reads files gets a private copy, nothing is
//! fetched with the account's token, and what cannot be shown or fetched is said.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Harness;
use serde_json::{Value, json};
use skua::api::detect::Flavor;
use skua::config::Config;
use skua::demo::{DemoServer, Fault};

const SMALL: (u16, u16) = (80, 24);

/// What the media host serves for a picture.
const PICTURE: &str = "not really a PNG, but bytes all the same";

/// The demo's statuses with attachments, their addresses moved to `host`: the first of each
/// status is a picture, a second (where there is one) a video, both under `/media/`.
fn with_media_on(host: &DemoServer) -> skua::demo::DemoData {
    let mut data = common::fixed_data();
    for status in &mut data.statuses {
        let Some(media) = status["media_attachments"].as_array_mut() else {
            continue;
        };
        for (index, attachment) in media.iter_mut().enumerate() {
            let (kind, name) = match index {
                0 => ("image", "cat.png"),
                _ => ("video", "walk.mp4"),
            };
            let url = json!(host.url().join(&format!("media/{name}")).unwrap().as_str());
            attachment["type"] = json!(kind);
            attachment["url"] = url.clone();
            attachment["preview_url"] = match kind {
                "image" => url,
                _ => Value::Null,
            };
        }
    }
    data
}

/// A program that writes the arguments it was given to `args`, one per line.
fn fake_program(dir: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let args = dir.join("args");
    let program = dir.join("viewer");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}.part' && mv '{0}.part' '{0}'\n",
            args.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    (program, args)
}

/// The lines the fake program wrote, once it has run.
async fn arguments_given(args: &Path) -> Vec<String> {
    for _ in 0..500 {
        if let Ok(text) = std::fs::read_to_string(args) {
            return text.lines().map(str::to_owned).collect();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the program was never started");
}

fn config(media: &str) -> Config {
    Config::parse(media, Path::new("config.toml")).unwrap()
}

/// Everything a test holds on to: dropping the host stops it, dropping `dir` removes the
/// program and the folders.
struct Setup {
    h: Harness,
    host: DemoServer,
    dir: tempfile::TempDir,
    args: PathBuf,
}

/// The app with `[media]` set by `media` (`PROGRAM` and `DIR` stand for the fake program and
/// a download folder), a desktop where programs' windows appear, on a post with `attachments`.
async fn setup(media: &str, attachments: usize) -> Setup {
    setup_on(Flavor::Mastodon, media, attachments).await
}

async fn setup_on(flavor: Flavor, media: &str, attachments: usize) -> Setup {
    let host = common::server().await;
    host.fail(
        "/media/cat.png",
        Fault::Respond {
            status: 200,
            body: PICTURE.into(),
            headers: vec![("Content-Type".into(), "image/png".into())],
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let (program, args) = fake_program(dir.path());
    let media = media
        .replace("PROGRAM", &program.display().to_string())
        .replace("DIR", &dir.path().join("downloads").display().to_string());
    let server = DemoServer::start_as(with_media_on(&host), flavor)
        .await
        .unwrap();
    let backend: std::sync::Arc<dyn skua::api::Backend> = match flavor {
        Flavor::Misskey => Harness::misskey_backend(&server),
        Flavor::Mastodon => {
            std::sync::Arc::new(common::client(&server, Duration::from_secs(5), 20))
        }
    };
    let mut h = Harness::with(server, backend, config(&media), SMALL).await;
    h.desktop = Some(dir.path().join("desktop"));
    h.select_first(|post, _| post.media.len() == attachments)
        .await;
    Setup { h, host, dir, args }
}

/// Carries out what the keys asked for outside skua, and what that asked for in turn (a copy
/// fetched, then the viewer started), as the event loop does.
async fn carry_out(h: &mut Harness) {
    loop {
        let effects = std::mem::take(&mut h.app.effects);
        if effects.is_empty() {
            break;
        }
        for effect in effects {
            h.apply(effect);
        }
        h.settle().await;
    }
}

const VIEWER: &str = r#"
[media]
image = ["PROGRAM", "--", "{file}"]
video = ["PROGRAM", "--title={url}"]
downloads = "DIR"
max_mib = 1
"#;

#[tokio::test]
async fn a_picture_opens_in_the_configured_viewer_on_a_private_copy_fetched_without_the_token() {
    let Setup {
        mut h,
        host,
        dir,
        args,
    } = setup(VIEWER, 1).await;
    h.press("E<enter>").await;
    carry_out(&mut h).await;
    let given = arguments_given(&args).await;
    assert_eq!(given.len(), 2, "{given:?}");
    assert_eq!(given[0], "--");
    let copy = PathBuf::from(&given[1]);
    assert!(
        copy.starts_with(dir.path().join("desktop/opened")),
        "{copy:?}"
    );
    assert_eq!(copy.file_name().unwrap(), "cat.png");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), PICTURE);
    let status = h.screen();
    assert!(status.contains("opened in"), "{status}");
    // The media host never heard the account's token.
    let asked = host.requests_to("/media/cat.png");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].bearer, None);
}

#[tokio::test]
async fn a_player_gets_the_address_as_one_argument_and_nothing_is_downloaded() {
    let Setup {
        mut h,
        args,
        host,
        dir: _dir,
    } = setup(VIEWER, 2).await;
    h.press("E").await;
    // Several attachments: the viewer shows the first, and moves to the second.
    assert!(h.screen().contains("image 1 of 2"), "{}", h.screen());
    h.press("l").await;
    let screen = h.screen();
    assert!(screen.contains("video 2 of 2"), "{screen}");
    assert!(screen.contains("play"), "{screen}");
    h.press("<enter>").await;
    carry_out(&mut h).await;
    let given = arguments_given(&args).await;
    assert_eq!(given.len(), 1, "{given:?}");
    assert!(
        given[0].starts_with("--title=http://127.0.0.1:") && given[0].ends_with("/media/walk.mp4"),
        "{given:?}"
    );
    assert!(
        host.requests()
            .iter()
            .all(|r| !r.path.starts_with("/media"))
    );
}

#[tokio::test]
async fn on_misskey_the_same_keys_open_and_download_a_notes_files() {
    let Setup {
        mut h,
        host,
        dir,
        args,
    } = setup_on(Flavor::Misskey, VIEWER, 1).await;
    h.press("E<enter>").await;
    carry_out(&mut h).await;
    let given = arguments_given(&args).await;
    assert_eq!(
        std::fs::read_to_string(&given[1]).unwrap(),
        PICTURE,
        "{given:?}"
    );
    h.press("<esc>:save_media<enter>").await;
    carry_out(&mut h).await;
    let saved = dir.path().join("downloads/cat.png");
    assert_eq!(std::fs::read_to_string(saved).unwrap(), PICTURE);
    assert!(host.requests().iter().all(|r| r.bearer.is_none()));
}

#[tokio::test]
async fn without_a_display_the_address_is_shown_to_copy_and_no_program_starts() {
    let Setup {
        mut h,
        host,
        args,
        dir: _dir,
    } = setup(VIEWER, 1).await;
    h.desktop = None;
    h.press("E<enter>").await;
    carry_out(&mut h).await;
    let screen = h.screen();
    assert!(screen.contains("No window can appear here"), "{screen}");
    assert!(screen.contains("/media/cat.png"), "{screen}");
    h.press("y").await;
    assert!(h.screen().contains("copied the address"), "{}", h.screen());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!args.exists());
    assert!(
        host.requests()
            .iter()
            .all(|r| !r.path.starts_with("/media"))
    );
}

#[tokio::test]
async fn a_download_lands_in_the_download_folder_under_a_new_name_each_time() {
    let Setup {
        mut h,
        dir,
        host: _host,
        ..
    } = setup(VIEWER, 1).await;
    let downloads = dir.path().join("downloads");
    for _ in 0..2 {
        h.press(":save_media<enter>").await;
        carry_out(&mut h).await;
    }
    let first = downloads.join("cat.png");
    let second = downloads.join("cat-1.png");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), PICTURE);
    assert_eq!(std::fs::read_to_string(&second).unwrap(), PICTURE);
    let screen = h.screen();
    assert!(
        screen.contains("saved") && screen.contains("cat-1.png"),
        "{screen}"
    );
}

#[tokio::test]
async fn media_hosts_may_redirect_anywhere_but_a_file_over_the_limit_is_refused() {
    let Setup {
        mut h, host, dir, ..
    } = setup(VIEWER, 1).await;
    // The picture moved to another host (a CDN): followed, since no credential travels.
    let cdn = common::server().await;
    cdn.fail("/media/cat.png", Fault::status(200, PICTURE));
    host.clear_faults();
    host.fail(
        "/media/cat.png",
        Fault::Respond {
            status: 302,
            body: String::new(),
            headers: vec![(
                "Location".into(),
                cdn.url().join("media/cat.png").unwrap().to_string(),
            )],
        },
    );
    h.press(":save_media<enter>").await;
    carry_out(&mut h).await;
    let saved = dir.path().join("downloads/cat.png");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), PICTURE);
    assert!(cdn.requests().iter().all(|r| r.bearer.is_none()));

    // Over `max_mib` (1 MiB): refused, and nothing is written.
    host.clear_faults();
    host.fail("/media/cat.png", Fault::status(200, &"x".repeat(2 << 20)));
    h.press(":save_media<enter>").await;
    carry_out(&mut h).await;
    let screen = h.screen();
    assert!(
        screen.contains("could not fetch the attachment: the attachment is larger than 1 MiB"),
        "{screen}"
    );
    assert!(!dir.path().join("downloads/cat-1.png").exists());
}

#[tokio::test]
async fn an_attachment_that_is_not_a_web_address_is_never_handed_on() {
    let host = common::server().await;
    let mut data = with_media_on(&host);
    for status in &mut data.statuses {
        for attachment in status["media_attachments"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            attachment["url"] = json!("file:///etc/passwd");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.desktop = Some(dir.path().to_owned());
    h.select_first(|post, _| post.media.len() == 1).await;
    h.press("E<enter>").await;
    carry_out(&mut h).await;
    let screen = h.screen();
    assert!(screen.contains("only web addresses"), "{screen}");
    h.press("<esc>:save_media<enter>").await;
    carry_out(&mut h).await;
    let screen = h.screen();
    assert!(screen.contains("only over http(s)"), "{screen}");
}

#[tokio::test]
async fn the_demo_draws_its_own_pictures_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let (program, args) = fake_program(dir.path());
    let media = format!(
        "[media]\nimage = [\"{}\", \"{{file}}\"]\n",
        program.display()
    );
    let mut h = Harness::with_server(common::server().await, config(&media), SMALL).await;
    h.desktop = Some(dir.path().join("desktop"));
    h.select_first(|post, _| {
        post.media
            .first()
            .is_some_and(|m| m.kind == skua::api::MediaKind::Image)
    })
    .await;
    h.press("E<enter>").await;
    carry_out(&mut h).await;
    let given = arguments_given(&args).await;
    let picture = std::fs::read(&given[0]).unwrap();
    assert!(picture.starts_with(b"\x89PNG\r\n\x1a\n"), "{given:?}");
    assert!(given[0].ends_with(".png"), "{given:?}");
}

#[tokio::test]
async fn the_viewer_shows_each_attachment_full_screen_with_what_it_shows() {
    let mut h = Harness::start(SMALL).await;
    h.app.show_previews(false, false);
    h.select_first(|post, _| post.media.len() == 2 && is_picture(post))
        .await;
    // The viewer opens at once; its picture follows.
    h.app.handle_key(common::parse_keys("E")[0]);
    let loading = h.screen();
    assert!(loading.contains("loading…"), "{loading}");
    h.settle().await;
    let screen = h.screen();
    assert!(screen.contains("image 1 of 2"), "{screen}");
    assert!(
        screen.contains("▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀"),
        "{screen}"
    );
    assert!(screen.contains("Rain-streaked train window"), "{screen}");
    insta::assert_snapshot!("viewer_80x24", screen);
    // The picture itself, not its preview, fetched once, without the token.
    let asked = media_asked(&h);
    assert_eq!(asked.len(), 1, "{asked:?}");
    h.press("l").await;
    assert!(h.screen().contains("image 2 of 2"), "{}", h.screen());
    h.press("l").await; // the last stays
    assert!(h.screen().contains("image 2 of 2"), "{}", h.screen());
    h.press("hq").await;
    assert!(!h.screen().contains("of 2"), "{}", h.screen());
    // The command line works from the viewer too.
    h.press("E:save_media<enter>").await;
    assert!(
        h.screen().contains("Download which attachment?"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn the_viewer_says_when_nobody_described_an_attachment_or_pictures_cannot_be_drawn() {
    let mut data = common::fixed_data();
    for status in &mut data.statuses {
        for attachment in status["media_attachments"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            attachment["description"] = Value::Null;
        }
    }
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.select_first(|post, _| is_picture(post)).await;
    // A terminal that cannot draw pictures: nothing is fetched.
    h.press("E").await;
    let screen = h.screen();
    assert!(screen.contains("No description"), "{screen}");
    assert!(screen.contains("cannot draw pictures"), "{screen}");
    assert!(media_asked(&h).is_empty());
}

#[tokio::test]
async fn a_post_without_attachments_says_so() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|post, _| post.media.is_empty()).await;
    h.press("E").await;
    assert!(h.app.effects.is_empty());
    assert!(h.screen().contains("this post has no attachments"));
}

fn is_picture(post: &skua::api::Post) -> bool {
    post.media
        .first()
        .is_some_and(|m| m.kind == skua::api::MediaKind::Image)
}

/// The app on the demo with previews shown, on the first post with a picture.
async fn with_previews(size: (u16, u16)) -> Harness {
    let mut h = Harness::start(size).await;
    h.app.show_previews(true, false);
    h.select_first(|post, _| is_picture(post)).await;
    h
}

fn media_asked(h: &Harness) -> Vec<skua::demo::RecordedRequest> {
    h.server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/media/"))
        .collect()
}

#[tokio::test]
async fn pictures_are_drawn_under_posts_in_half_blocks_and_keep_their_place_while_loading() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|post, _| is_picture(post)).await;
    let selected = h.selected_post().unwrap().id.clone();
    h.app.show_previews(true, false);
    // Before the pictures arrive: boxes of their size.
    let waiting = h.screen();
    assert!(waiting.contains("‹image›"), "{waiting}");
    h.settle().await;
    let drawn = h.screen();
    assert!(drawn.contains("▀▀▀▀▀▀"), "{drawn}");
    assert!(!drawn.contains("‹image›"), "{drawn}");
    // The same rows, the same post selected: nothing moved when they arrived.
    let rows = |screen: &str| -> Vec<usize> {
        screen
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with('▌'))
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(rows(&waiting), rows(&drawn));
    assert_eq!(h.selected_post().unwrap().id, selected);
    insta::assert_snapshot!("previews_80x24", drawn);
    // Pictures are fetched without the token, only for posts near the selection.
    let asked = media_asked(&h);
    assert!(!asked.is_empty() && asked.len() <= 12, "{}", asked.len());
    assert!(asked.iter().all(|r| r.bearer.is_none()));
}

#[tokio::test]
async fn previews_are_at_most_six_rows_and_side_by_side() {
    let mut h = with_previews((120, 40)).await;
    h.settle().await;
    let screen = h.screen();
    let band: Vec<&str> = screen.lines().filter(|l| l.contains('▀')).collect();
    assert!(!band.is_empty() && band.len() <= 6 * 3, "{screen}");
    insta::assert_snapshot!("previews_120x40", screen);
}

#[tokio::test]
async fn previews_toggle_off_and_on_by_name_and_nothing_is_fetched_while_off() {
    let mut h = Harness::start(SMALL).await;
    h.app.show_previews(false, false);
    h.select_first(|post, _| is_picture(post)).await;
    let without = h.screen();
    assert!(
        media_asked(&h).is_empty(),
        "nothing is fetched while previews are off"
    );
    h.press(":toggle_previews<enter>").await;
    assert!(h.screen().contains("previews shown"), "{}", h.screen());
    assert!(h.screen().contains('▀'), "{}", h.screen());
    h.press(":toggle_previews<enter>").await;
    let hidden = h.screen();
    assert!(
        hidden.contains("previews hidden") && !hidden.contains('▀'),
        "{hidden}"
    );
    assert!(without.contains("▣ image") && hidden.contains("▣ image"));
    let asked = media_asked(&h).len();
    h.press("jjjjjjjjjj").await;
    assert_eq!(media_asked(&h).len(), asked, "nothing more while off");
}

#[tokio::test]
async fn a_sensitive_picture_is_blurred_and_not_fetched_until_revealed() {
    let mut data = common::fixed_data();
    for status in &mut data.statuses {
        if let Some(media) = status["media_attachments"].as_array_mut()
            && !media.is_empty()
        {
            for attachment in media {
                attachment["blurhash"] = json!("LEHV6nWB2yk8pyo0adR*.7kCMdnj");
            }
            status["sensitive"] = json!(true);
        }
    }
    let server = DemoServer::start(data).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.app.show_previews(true, false);
    h.select_first(|post, _| post.sensitive && post.spoiler.is_none() && is_picture(post))
        .await;
    h.settle().await;
    assert!(media_asked(&h).is_empty());
    let screen = h.screen();
    // Blurred, from the server's BlurHash, with what hides it said over it.
    assert!(screen.contains("image: c shows it"), "{screen}");
    assert!(
        screen.contains("▀▀▀▀") && !screen.contains("‹image"),
        "{screen}"
    );
    h.press("c").await;
    assert!(!media_asked(&h).is_empty());
    assert!(h.screen().contains('▀'), "{}", h.screen());
}

#[tokio::test]
async fn what_is_not_a_picture_is_said_in_its_box() {
    let host = common::server().await;
    host.fail(
        "/media/cat.png",
        Fault::Respond {
            status: 200,
            body: "<html>surprise</html>".into(),
            headers: vec![("Content-Type".into(), "image/png".into())],
        },
    );
    let server = DemoServer::start(with_media_on(&host)).await.unwrap();
    let mut h = Harness::with_server(server, Config::defaults(), SMALL).await;
    h.select_first(|post, _| post.media.len() == 1).await;
    h.app.show_previews(true, false);
    h.settle().await;
    let screen = h.screen();
    assert!(screen.contains("cannot be shown"), "{screen}");
}

#[tokio::test]
async fn on_misskey_a_notes_pictures_are_previewed_from_their_thumbnails() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.app.show_previews(true, false);
    h.select_first(|post, _| is_picture(post)).await;
    h.settle().await;
    assert!(h.screen().contains('▀'), "{}", h.screen());
    assert!(media_asked(&h).iter().all(|r| r.bearer.is_none()));
}

#[tokio::test]
async fn pictures_scrolled_away_before_they_arrive_are_dropped() {
    let mut h = Harness::start((80, 24)).await;
    h.select_first(|post, _| is_picture(post)).await;
    let first: Vec<String> = h
        .selected_post()
        .unwrap()
        .media
        .iter()
        .filter_map(|m| m.preview_url.clone())
        .collect();
    h.server.set_latency(Duration::from_millis(300));
    h.app.show_previews(true, false);
    assert!(h.app.state.previews.pending() > 0);
    // Far down before they arrive: the first ones are dropped, the new ones asked for.
    for key in common::parse_keys(&"j".repeat(25)) {
        h.app.handle_key(key);
    }
    assert!(h.app.state.previews.pending() <= 3);
    h.settle().await;
    for url in &first {
        assert!(h.app.state.previews.kept(url).is_none(), "{url} was kept");
    }
    assert_eq!(h.app.state.previews.pending(), 0);
}

#[tokio::test]
async fn a_profile_shows_its_avatar_beside_who_it_is_without_moving_its_posts() {
    let mut h = Harness::start(SMALL).await;
    h.app.show_previews(true, false);
    h.settle().await;
    // The author's profile; its picture not arrived yet.
    h.server.set_latency(Duration::from_millis(300));
    for key in common::parse_keys("p") {
        h.app.handle_key(key);
    }
    while h
        .app
        .state
        .active_tab()
        .and_then(|t| t.stack.last())
        .is_some_and(|v| matches!(v, skua::state::View::Profile(p) if p.profile.is_none()))
    {
        let event = h.net.recv().await.unwrap();
        h.app.handle_net(event);
    }
    let waiting = h.screen();
    assert!(waiting.contains("‹avatar›"), "{waiting}");
    h.server.set_latency(Duration::ZERO);
    h.settle().await;
    let drawn = h.screen();
    assert!(!drawn.contains("‹avatar›"), "{drawn}");
    // The picture's box is where the label was, beside the name; nothing moved: the text
    // beside it and the rule above the posts are where they were.
    let header = |screen: &str| -> Vec<String> {
        let rule = screen.lines().position(|l| l.starts_with("── ")).unwrap();
        // Below the tabs (whose spinner turns).
        screen
            .lines()
            .take(rule + 1)
            .skip(1)
            .map(|l| l.chars().skip(9).collect())
            .collect()
    };
    assert_eq!(header(&waiting), header(&drawn));
    let header: Vec<&str> = drawn.lines().skip(1).take(4).collect();
    assert!(
        header
            .iter()
            .all(|l| l.starts_with('▀') || l.starts_with(' ')),
        "{drawn}"
    );
    assert!(
        header.iter().filter(|l| l.contains("▀▀▀▀")).count() >= 3,
        "{drawn}"
    );
    insta::assert_snapshot!("profile_avatar_80x24", drawn);
    // Fetched without the token, from the demo's own pictures.
    let asked = media_asked(&h);
    assert!(asked.iter().any(|r| r.path.starts_with("/media/avatar-")));
    assert!(asked.iter().all(|r| r.bearer.is_none()));
}

#[tokio::test]
async fn a_links_card_shows_its_page_and_with_previews_its_picture() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|post, _| post.card.is_some()).await;
    // Without previews: the page's title, what it says and where, under the text.
    let text = h.screen();
    assert!(
        text.contains("▏ Regional trains every 15 minutes"),
        "{text}"
    );
    assert!(text.contains("▏ ↗ News Example"), "{text}");
    assert!(media_asked(&h).is_empty());
    // With them: the page's picture beside, fetched without the token; nothing moves once
    // it arrives.
    h.server.set_latency(Duration::from_millis(200));
    h.app.show_previews(true, false);
    let waiting = h.screen();
    assert!(waiting.contains("‹link›"), "{waiting}");
    h.server.set_latency(Duration::ZERO);
    h.settle().await;
    let drawn = h.screen();
    let card_rows = |screen: &str| -> Vec<usize> {
        screen
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("▏ "))
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(card_rows(&waiting), card_rows(&drawn));
    let beside: Vec<&str> = drawn.lines().filter(|l| l.contains("▏ ▀▀▀▀")).collect();
    assert!(
        beside.iter().any(|l| l.contains("Regional trains")),
        "{drawn}"
    );
    insta::assert_snapshot!("card_80x24", drawn);
    let asked = media_asked(&h);
    assert!(asked.iter().any(|r| r.path == "/media/card-trains.png"));
    assert!(asked.iter().all(|r| r.bearer.is_none()));
}
