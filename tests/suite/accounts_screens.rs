//! The accounts screen and logging in from inside the TUI, on the real app with the real
//! fetcher against local demo servers. (Saving and switching are the event loop's part; the
//! pseudo-terminal test in pty.rs covers those end to end.)

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::api::detect::Flavor;
use skua::app::Effect;
use skua::demo::{DemoServer, OAUTH_CODE};
use skua::state::AccountEntry;
use skua::ui::words::{Title, Words};

const SMALL: (u16, u16) = (80, 24);

fn entry(name: &str, server: &str, flavor: Flavor) -> AccountEntry {
    AccountEntry {
        name: name.into(),
        server: server.into(),
        flavor,
        saved: true,
        permissions: Vec::new(),
    }
}

async fn with_saved_accounts() -> Harness {
    let mut h = Harness::start(SMALL).await;
    h.app.set_saved_accounts(
        Ok(vec![
            entry(
                "alice@misskey.example",
                "https://misskey.example/",
                Flavor::Misskey,
            ),
            entry(
                "bob@mastodon.example",
                "https://mastodon.example/",
                Flavor::Mastodon,
            ),
        ]),
        Some("bob@mastodon.example".into()),
    );
    h
}

/// Lets the clock run `seconds` further, a tick at a time, answering requests as they go.
async fn wait(h: &mut Harness, seconds: i64) {
    for _ in 0..seconds * 2 {
        let now = h.app.state.now + jiff::SignedDuration::from_millis(500);
        h.app.tick(now);
        h.settle().await;
    }
}

#[tokio::test]
async fn the_accounts_screen_switches_and_removes_by_keys() {
    let mut h = with_saved_accounts().await;
    h.press("U").await;
    assert_eq!(
        h.app.effects,
        [Effect::ReloadAccounts],
        "opening the screen reads the file again"
    );
    h.app.effects.clear();
    assert_snapshot!("accounts_80x24", h.screen());
    h.press("d").await;
    assert!(h.screen().contains("that account is in use"));
    h.press("k<enter>").await;
    assert_eq!(
        h.app.effects,
        [Effect::SwitchAccount("alice@misskey.example".into())]
    );
    h.app.effects.clear();
    h.press("d").await;
    assert!(h.screen().contains("Forget @alice@misskey.example?"));
    h.press("<enter>").await;
    assert_eq!(
        h.app.effects,
        [Effect::ForgetAccount("alice@misskey.example".into())]
    );
}

#[tokio::test]
async fn a_misskey_login_shows_address_and_qr_polls_and_hands_over_the_account() {
    let mut h = with_saved_accounts().await;
    let misskey = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    h.press("Un").await;
    assert_snapshot!("login_server_prompt_80x24", h.screen());
    h.press("not a server<enter>").await;
    assert!(
        h.screen().contains("not a server"),
        "the error names the input"
    );
    for _ in 0.."not a server".len() {
        h.press("<bs>").await;
    }
    h.press(&format!("{}<enter>", misskey.url())).await;
    let screen = h.screen();
    assert!(screen.contains("Waiting for approval"), "{screen}");
    // At 80x24 the whole address shows, and beside it a QR code of it that scans.
    let address = common::address_and_code(&screen);
    assert!(address.contains("/miauth/"), "{screen}");
    // A terminal too small for it says what size shows it, and that size does.
    h.resize((50, 24));
    let screen = h.screen();
    assert_eq!(common::read_qr(&screen, (9, 19)), None, "{screen}");
    assert_eq!(common::shown_address(&screen), Some(address.clone()));
    let needed = screen
        .lines()
        .find_map(|l| {
            let size = l.split("(a terminal of ").nth(1)?.split(' ').next()?;
            let (columns, rows) = size.split_once('×')?;
            Some((columns.parse::<u16>().ok()?, rows.parse::<u16>().ok()?))
        })
        .unwrap_or_else(|| panic!("the size a QR code needs:\n{screen}"));
    h.resize(needed);
    assert_eq!(common::address_and_code(&h.screen()), address);
    h.resize((80, 24));
    assert!(
        h.app
            .effects
            .iter()
            .any(|e| matches!(e, Effect::OpenQuietly(url) if url.contains("/miauth/"))),
        "a browser is tried where one can appear"
    );
    h.app.effects.clear();
    h.press("y").await;
    assert!(matches!(&h.app.effects[..], [Effect::Copy(url)] if url.contains("/miauth/")));
    h.app.effects.clear();

    // The demo approves on the third check, about every two seconds.
    wait(&mut h, 3).await;
    assert!(h.app.effects.is_empty(), "not approved yet");
    wait(&mut h, 4).await;
    let host = misskey.url().authority().to_owned();
    match &h.app.effects[..] {
        [Effect::AddAccount(account)] => assert_eq!(account.name, format!("demo@{host}")),
        other => panic!("{other:?}"),
    }
    let checks = misskey
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/check"))
        .count();
    assert_eq!(checks, 3);
}

#[tokio::test]
async fn esc_cancels_a_login_and_a_passed_deadline_says_so() {
    let mut h = with_saved_accounts().await;
    let misskey = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    misskey.set_miauth_approval(None);
    h.press("Un").await;
    h.press(&format!("{}<enter>", misskey.url())).await;
    wait(&mut h, 3).await;
    h.press("<esc>").await;
    assert!(h.screen().contains("login cancelled; nothing was saved"));
    wait(&mut h, 3).await;
    assert!(
        !h.app
            .effects
            .iter()
            .any(|e| matches!(e, Effect::AddAccount(_)))
    );

    h.press("n").await;
    h.press(&format!("{}<enter>", misskey.url())).await;
    wait(&mut h, 301).await;
    let screen = h.screen();
    assert!(
        screen.contains("no approval within 300 s; nothing was saved"),
        "{screen}"
    );
    assert!(
        !h.app
            .effects
            .iter()
            .any(|e| matches!(e, Effect::AddAccount(_)))
    );
}

#[tokio::test]
async fn a_mastodon_login_takes_the_pasted_code() {
    let mut h = with_saved_accounts().await;
    let mastodon = DemoServer::start(common::fixed_data()).await.unwrap();
    h.press("Un").await;
    h.press(&format!("{}<enter>", mastodon.url())).await;
    // At 80x24 the address and a QR code of it, which scans.
    let screen = h.screen();
    let address = common::address_and_code(&screen);
    assert!(address.contains("/oauth/authorize?"), "{screen}");
    h.press("<enter>").await;
    h.press(&format!("{OAUTH_CODE}<enter>")).await;
    let host = mastodon.url().authority().to_owned();
    match &h.app.effects[..] {
        [
            Effect::ReloadAccounts,
            Effect::OpenQuietly(_),
            Effect::AddAccount(account),
        ] => {
            assert_eq!(account.name, format!("demo@{host}"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_damaged_accounts_file_is_said_with_its_path_not_as_no_accounts() {
    let mut h = Harness::start(SMALL).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.toml");
    std::fs::write(&path, "accounts = [ {name = ").unwrap();
    let error = skua::accounts::AccountStore::load(&path).unwrap_err();
    h.app.set_saved_accounts(Err(format!("{error:#}")), None);
    h.press("U").await;
    let screen = h.screen().replace('\n', "");
    assert!(screen.contains("is damaged"), "{screen}");
    assert!(screen.contains("accounts.toml"), "{screen}");
    assert!(!screen.contains("No saved accounts yet"), "{screen}");
}

#[tokio::test]
async fn a_failed_approval_check_is_asked_again_and_a_late_answer_to_an_old_attempt_is_dropped() {
    let mut h = with_saved_accounts().await;
    let misskey = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    h.press("Un").await;
    h.press(&format!("{}<enter>", misskey.url())).await;
    misskey.fail_times(
        "/api/miauth/",
        skua::demo::Fault::status(502, "Bad Gateway"),
        1,
    );
    wait(&mut h, 3).await;
    let screen = h.screen();
    assert!(screen.contains("nothing was saved; asking"), "{screen}");
    assert!(
        screen.contains("Waiting for approval"),
        "still waiting: {screen}"
    );
    wait(&mut h, 6).await;
    assert!(
        h.app
            .effects
            .iter()
            .any(|e| matches!(e, Effect::AddAccount(_))),
        "approved after the failed check"
    );

    // A new login; an answer from the attempt before arrives late and is ignored.
    h.press("Un").await;
    h.app.effects.clear();
    let attempt = match &h.app.state.popup {
        Some(skua::state::Popup::Login(flow)) => flow.attempt,
        _ => panic!("the login popup is open"),
    };
    h.app.login_event(
        attempt - 1,
        skua::login::LoginEvent::Done(Err("old failure".into())),
    );
    let screen = h.screen();
    assert!(!screen.contains("old failure"), "{screen}");
    assert!(h.app.effects.is_empty());
}

#[tokio::test]
async fn an_unreachable_server_at_start_is_said_once_with_the_way_out() {
    let server = DemoServer::start(common::fixed_data()).await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = url::Url::parse(&format!("http://{}/", closed.local_addr().unwrap())).unwrap();
    drop(closed);
    let backend = std::sync::Arc::new(skua::api::mastodon::Mastodon::new(
        skua::api::http::client(std::time::Duration::from_secs(2)),
        gone,
        None,
        20,
    ));
    let h = Harness::with_backend(server, backend, SMALL).await;
    assert_eq!(h.app.in_flight(), 0, "nothing retried forever");
    let screen = h.screen();
    assert!(screen.contains("connection was refused"), "{screen}");
    assert!(screen.contains("U to switch accounts"), "{screen}");
    assert!(screen.contains("skua logout"), "{screen}");
}

#[tokio::test]
async fn switching_or_adding_an_account_opens_the_configured_tabs() {
    let config = skua::config::Config::parse(
        "[general]\ntabs = [\"home\", \"#rust\", \"local\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let server = DemoServer::start(common::fixed_data()).await.unwrap();
    let mut h = Harness::with_server(server, config, SMALL).await;
    let titles = |h: &Harness| -> Vec<String> {
        h.app
            .state
            .tabs
            .iter()
            .map(|t| t.timeline.kind.title(Words::of(&h.app.state)))
            .collect()
    };
    let configured = titles(&h);
    assert_eq!(configured.len(), 3);
    h.press("x").await; // the user closes a tab before switching
    let other = DemoServer::start(common::fixed_data()).await.unwrap();
    h.reconnect(&other, "other", None);
    h.settle().await;
    assert_eq!(
        titles(&h),
        configured,
        "the configured tabs, not what was left"
    );
}

#[test]
fn login_codes_scan_in_half_blocks_and_sextants() {
    use skua::qr::{Density, lines};
    let server = url::Url::parse("https://misskey.example.social/").unwrap();
    let miauth = skua::login::miauth_url(&server, &uuid_like(), &[]);
    let oauth = format!(
        "https://mastodon.example.social/oauth/authorize?response_type=code&client_id={}\
         &redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write&code_challenge={}\
         &code_challenge_method=S256",
        "c".repeat(43),
        "C".repeat(43)
    );
    for address in [miauth.as_str(), &oauth] {
        for density in [Density::Half, Density::Sextant] {
            let code = lines(address, density).unwrap().join("\n");
            // Cells of common terminal fonts, in pixels: 1:2 to 1:2.3.
            for cell in [(8, 16), (9, 19), (10, 23)] {
                assert_eq!(
                    common::read_qr(&code, cell).as_deref(),
                    Some(address),
                    "{density:?} at {cell:?}:\n{code}"
                );
            }
        }
    }
}

fn uuid_like() -> String {
    "8f0c2b1e-4a7d-4c3e-9b5a-2d6e1f0a7c94".to_owned()
}

#[tokio::test]
async fn where_the_terminal_takes_links_each_piece_of_the_login_address_opens_it_whole() {
    let mut h = with_saved_accounts().await;
    h.app.state.hyperlinks = true;
    let misskey = DemoServer::start_as(common::fixed_data(), Flavor::Misskey)
        .await
        .unwrap();
    h.press("Un").await;
    h.press(&format!("{}<enter>", misskey.url())).await;
    let address = h
        .app
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::OpenQuietly(url) => Some(url.clone()),
            _ => None,
        })
        .expect("the address");
    let drawn = common::render(&h.app, SMALL, &mut Default::default());
    // Each row's run of the address, written inside a link to the whole of it.
    let opening = format!("\x1b]8;;{address}\x1b\\");
    let pieces: Vec<&str> = drawn
        .split(&opening)
        .skip(1)
        .map(|rest| rest.split("\x1b]8;;\x1b\\").next().unwrap())
        .collect();
    assert!(pieces.len() > 1, "cut into rows at 80x24: {drawn}");
    assert_eq!(pieces.concat(), address);
}
