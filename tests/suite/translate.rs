//! Translating a post, and the command line (`:`) that reaches it and every other action by
//! name, on both server families against the local demo server.
use crate::common;

use common::Harness;
use insta::assert_snapshot;
use skua::demo::Fault;

const SMALL: (u16, u16) = (80, 24);

const COFFEE: &str = "朝のコーヒーと、静かな時間。";
const IN_ENGLISH: &str = "Morning coffee and a quiet moment.";

fn translations_asked(h: &Harness) -> usize {
    h.server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/translate"))
        .count()
}

async fn on_the_coffee_post(mut h: Harness) -> Harness {
    h.select_first(|post, _| common_text(post).contains(COFFEE))
        .await;
    h
}

fn common_text(post: &skua::api::Post) -> String {
    post.content
        .blocks
        .iter()
        .flat_map(|b| b.inlines.iter().map(|i| i.text.as_str()))
        .collect()
}

#[tokio::test]
async fn a_post_is_translated_under_its_text_by_name_and_shown_as_written_again() {
    let mut h = on_the_coffee_post(Harness::start(SMALL).await).await;
    // The first time, skua asks whether the server translates, then translates.
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("⇄ translated from ja by the skua demo"),
        "{screen}"
    );
    assert!(
        screen.contains(IN_ENGLISH) && screen.contains(COFFEE),
        "{screen}"
    );
    assert_eq!(translations_asked(&h), 1);
    // A fresher copy of the post (a refresh) keeps it.
    h.press("r").await;
    assert!(h.screen().contains(IN_ENGLISH), "{}", h.screen());

    // Again: the text as written, without asking the server.
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert!(!screen.contains(IN_ENGLISH), "{screen}");
    assert!(screen.contains(COFFEE) && screen.contains("shown as written"));
    assert_eq!(translations_asked(&h), 1);
}

/// The reader moved on before the server said whether it translates: the post they left is
/// not translated behind their back.
#[tokio::test]
async fn a_translation_waiting_on_the_server_is_dropped_when_the_reader_moves_on() {
    let mut h = on_the_coffee_post(Harness::start(SMALL).await).await;
    h.app.handle_action(skua::action::Action::Translate);
    assert!(
        h.screen()
            .contains("asking the server whether it translates…"),
        "{}",
        h.screen()
    );
    h.press("j").await;
    assert_eq!(translations_asked(&h), 0);
    assert!(!h.screen().contains("⇄ translated"), "{}", h.screen());
}

#[tokio::test]
async fn misskey_translates_too() {
    let h = Harness::misskey(common::fixed_data(), SMALL).await;
    let mut h = on_the_coffee_post(h).await;
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert!(screen.contains("⇄ translated from ja"), "{screen}");
    assert!(screen.contains(IN_ENGLISH), "{screen}");
    let asked = h.server.requests();
    let call = asked
        .iter()
        .find(|r| r.path == "/api/notes/translate")
        .expect("notes/translate");
    let body = call.body.as_ref().expect("a body");
    assert!(body["targetLang"].is_string(), "{body}");
}

/// A post its author marked as written in the reader's language (`en` against `en-GB`) is
/// not sent: Mastodon refuses to translate a post into its own language.
#[tokio::test]
async fn a_post_already_in_the_readers_language_is_not_sent_to_the_translator() {
    let config = skua::config::Config::parse(
        "[general]\ntranslate_into = \"en-GB\"\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = Harness::with_server(common::server().await, config, SMALL).await;
    h.press("n").await;
    h.press("Tea at four, as ever.<c-s>").await;
    h.press("g").await;
    assert_eq!(h.newest_home_post().language.as_deref(), Some("en"));
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("this post is in en, your language already (from [general]"),
        "{screen}"
    );
    assert_eq!(translations_asked(&h), 0);
}

/// Mastodon refuses (403) to translate a followers-only or direct post: said in those terms.
#[tokio::test]
async fn mastodon_says_which_posts_it_translates_when_it_refuses_one() {
    let mut h = Harness::start(SMALL).await;
    h.select_first(|post, _| {
        post.visibility == skua::api::Visibility::Private && !post.content.is_empty()
    })
    .await;
    h.press(":translate<enter>").await;
    let screen = h.screen();
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(translations_asked(&h), 1);
    assert!(
        words.contains("Mastodon translates public and unlisted posts only"),
        "{screen}"
    );
    assert!(!screen.contains("⇄ translated"), "{screen}");
}

/// Newer Misskey lets the admins keep the translator from some roles: said so, not "turned
/// off".
#[tokio::test]
async fn misskey_says_when_the_translator_is_not_open_to_the_users_role() {
    let mut h = on_the_coffee_post(Harness::misskey(common::fixed_data(), SMALL).await).await;
    h.server.fail(
        "/api/notes/translate",
        Fault::Respond {
            status: 400,
            body: r#"{"error":{"message":"Translate of notes unavailable.","code":"UNAVAILABLE","id":"50a70314-2d8a-431b-b433-efa5cc56444c"}}"#.into(),
            headers: vec![],
        },
    );
    h.press(":translate<enter>").await;
    let screen = h.screen();
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("translator is not open to your account"),
        "{screen}"
    );
    assert!(!screen.contains("⇄ translated"), "{screen}");
}

/// A post of pictures alone: Misskey would answer as if it had no translator.
#[tokio::test]
async fn a_post_without_text_is_not_sent_to_the_translator() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|post, _| common_text(post).starts_with("Hot take"))
        .await;
    let id = h.selected_post().unwrap().id.clone();
    h.server.edit_status(&id, "");
    h.press("r").await;
    h.select_first(|post, _| post.id == id).await;
    assert!(h.selected_post().unwrap().content.is_empty());
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("this note has no text to translate"),
        "{screen}"
    );
    assert_eq!(translations_asked(&h), 0);
}

/// A post that says nothing of its language, which the translator hands back as it was: it
/// is said, and no copy of the same words is put under it.
#[tokio::test]
async fn a_translation_that_gives_the_text_back_unchanged_is_said_not_shown() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|post, _| common_text(post).starts_with("Hot take"))
        .await;
    h.press(":translate<enter>").await;
    let screen = h.screen();
    assert_eq!(translations_asked(&h), 1);
    assert!(
        screen.contains("nothing to translate: the translator reads it as en"),
        "{screen}"
    );
    assert!(!screen.contains("⇄ translated"), "{screen}");
}

#[tokio::test]
async fn a_server_without_a_translator_is_said_and_not_asked() {
    let server = common::server().await;
    server.fail(
        "/api/v2/instance",
        Fault::Respond {
            status: 200,
            body: r#"{"domain":"demo.example","configuration":{"translation":{"enabled":false}}}"#
                .into(),
            headers: vec![],
        },
    );
    let h = Harness::with_server(server, skua::config::Config::defaults(), SMALL).await;
    let mut h = on_the_coffee_post(h).await;
    h.press(":translate<enter>").await;
    assert!(
        h.screen().contains("this server has no translator set up"),
        "{}",
        h.screen()
    );
    assert_eq!(translations_asked(&h), 0);
}

#[tokio::test]
async fn the_command_line_finds_actions_by_part_of_their_name_and_runs_them() {
    let mut h = Harness::start(SMALL).await;
    h.press(":fav").await;
    assert_snapshot!("command_line_80x24", h.screen());
    // The first match is the selected post's favourite, as `f` would do it.
    let post = h.selected_post().unwrap().id.clone();
    h.press("<enter>").await;
    assert!(h.screen().contains("favourited"), "{}", h.screen());
    assert!(
        h.app
            .state
            .posts
            .get(&post)
            .is_some_and(|p| p.mine.favourited)
    );
    // Letters in order find a name; Tab completes it; Esc closes without running anything.
    h.press(":mthr<tab>").await;
    assert!(h.screen().contains(":mute_thread"), "{}", h.screen());
    h.press("<esc>").await;
    assert!(!h.screen().contains("Run an action"));
    // Nothing matches: said, and nothing runs.
    h.press(":zzz").await;
    assert!(h.screen().contains("no action matches"));
    h.press("<enter>").await;
    assert!(h.screen().contains("no action is called “zzz”"));
    // An action of another view, named in full, says where it works.
    h.press("<esc>:members<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("works on the lists screen") && !screen.contains("Run an action"),
        "{screen}"
    );
    // One that works from the timelines, named on the lists screen, says so too.
    h.press("A:followed_tags<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("<followed_tags> works in a timeline"),
        "{screen}"
    );
}

#[tokio::test]
async fn help_shows_how_to_run_an_action_without_a_key_by_name() {
    let mut h = Harness::start(SMALL).await;
    h.press("?").await;
    // Help is long: look through all of it.
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&h.screen());
        h.press("<pgdn>").await;
    }
    assert!(seen.contains(":translate"), "{seen}");
    assert!(
        seen.contains("run any action by its name"),
        "the command key is listed: {seen}"
    );
}

/// `,` shows what has no key of its own, each a letter away: `t` there translates, as
/// `:translate` does; a letter that stands for nothing does nothing, and Esc closes.
#[tokio::test]
async fn the_menu_of_more_actions_runs_one_by_its_letter() {
    let mut h = on_the_coffee_post(Harness::start(SMALL).await).await;
    h.press(",").await;
    assert_snapshot!("more_actions_80x24", h.screen());
    let screen = h.screen();
    assert!(screen.contains("More actions"), "{screen}");
    assert!(screen.contains("t  translate"), "{screen}");
    // Bound actions are not in it: `f` favourites without it.
    let menu: String = screen.lines().filter(|l| l.contains('│')).collect();
    assert!(!menu.contains("favourite "), "{screen}");
    h.press("<esc>").await;
    assert!(!h.screen().contains("More actions"), "{}", h.screen());

    // The first time, skua asks whether the server translates, then translates.
    h.press(",t").await;
    let screen = h.screen();
    assert!(
        !screen.contains("More actions"),
        "closed by the letter: {screen}"
    );
    assert!(
        screen.contains("⇄ translated from ja by the skua demo"),
        "{screen}"
    );
    assert_eq!(translations_asked(&h), 1);
    // `?` over the menu says how it works.
    h.press(",?").await;
    assert!(
        h.screen().contains("In the menu of more actions"),
        "{}",
        h.screen()
    );
}

/// A letter the menu does not list is answered, not ignored: the menu stays for another try.
#[tokio::test]
async fn a_letter_the_menu_does_not_list_says_so_and_the_menu_stays() {
    let mut h = Harness::start(SMALL).await;
    h.press(",").await;
    let Some(skua::state::Popup::Menu(menu)) = &h.app.state.popup else {
        panic!("no menu: {}", h.screen());
    };
    let free = ('a'..='z')
        .chain('A'..='Z')
        .find(|c| menu.action_for(*c).is_none())
        .expect("a letter the menu leaves free");
    h.press(&free.to_string()).await;
    let screen = h.screen();
    assert!(screen.contains("More actions"), "still open: {screen}");
    let status = screen.lines().last().unwrap_or_default().to_owned();
    assert!(
        status.contains(&format!("nothing on {free} here")),
        "{screen}"
    );
}

/// On a small terminal the menu takes more columns, its names cut, so every letter shows.
#[tokio::test]
async fn on_a_small_terminal_every_letter_of_the_menu_shows() {
    let mut h = Harness::start((50, 14)).await;
    h.press(",").await;
    let screen = h.screen();
    let Some(skua::state::Popup::Menu(menu)) = &h.app.state.popup else {
        panic!("no menu: {screen}");
    };
    let shown: String = screen.lines().filter(|l| l.contains('│')).collect();
    assert!(menu.entries.len() > 20, "{:?}", menu.entries);
    for (letter, action) in &menu.entries {
        let start = format!("{letter}  {}", &action.name()[..2]);
        assert!(shown.contains(&start), "{start}: {screen}");
    }
}

/// The names the menu of more actions offers, as it is open now.
fn menu_names(h: &Harness) -> Vec<&'static str> {
    match &h.app.state.popup {
        Some(skua::state::Popup::Menu(menu)) => menu
            .entries
            .iter()
            .map(|(_, action)| action.name())
            .collect(),
        other => panic!("no menu but {other:?}: {}", h.screen()),
    }
}

/// Help, all of it, over what is on screen.
async fn all_of_help(h: &mut Harness) -> String {
    h.press("?").await;
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&h.screen());
        h.press("<pgdn>").await;
    }
    h.press("<esc>").await;
    seen
}

/// The menu, the command line and help offer only what the server can do: Misskey's
/// antennas, channels and clips are not listed on Mastodon, nor Mastodon's hashtag follows on
/// Misskey. Named in full on the command line, one of them still says why it does nothing.
#[tokio::test]
async fn only_what_the_server_can_do_is_offered() {
    let mut mastodon = Harness::start(SMALL).await;
    mastodon.press(",").await;
    let offered = menu_names(&mastodon);
    assert!(offered.contains(&"followed_tags"), "{offered:?}");
    for misskeys in ["antennas", "channels", "clips", "clip"] {
        assert!(!offered.contains(&misskeys), "{misskeys}: {offered:?}");
    }
    mastodon.press("<esc>:clip").await;
    let Some(skua::state::Popup::Palette(palette)) = &mastodon.app.state.popup else {
        panic!("no command line: {}", mastodon.screen());
    };
    let found = palette.matches();
    assert!(
        !found.contains(&skua::action::Action::Clip)
            && !found.contains(&skua::action::Action::Clips),
        "{found:?}"
    );
    mastodon.press("s<enter>").await;
    let said = mastodon.screen();
    assert!(said.contains("clips are a Misskey feature"), "{said}");
    let help = all_of_help(&mut mastodon).await;
    assert!(help.contains("the hashtags you follow"), "{help}");
    assert!(!help.contains("your antennas"), "{help}");

    let mut misskey = Harness::misskey(common::fixed_data(), SMALL).await;
    misskey.press(",").await;
    let offered = menu_names(&misskey);
    assert!(
        offered.contains(&"antennas") && offered.contains(&"clip"),
        "{offered:?}"
    );
    for mastodons in ["followed_tags", "follow_tag", "feature_tag", "favourites"] {
        assert!(!offered.contains(&mastodons), "{mastodons}: {offered:?}");
    }
    misskey.press("<esc>").await;
    let help = all_of_help(&mut misskey).await;
    assert!(help.contains("your antennas"), "{help}");
    assert!(!help.contains("the hashtags you follow"), "{help}");
}

/// Help, the hint bar, the tabs and the command line speak the server's words: Misskey
/// renotes notes and keeps favorites where Mastodon boosts posts and keeps bookmarks, and
/// neither is told of the other.
#[tokio::test]
async fn help_says_each_servers_own_words() {
    let mut mastodon = Harness::start(SMALL).await;
    let help = all_of_help(&mut mastodon).await;
    says_only(
        &help,
        &[
            "boost the selected post, or take it back",
            "bookmark the selected post, or take it back",
            "show your bookmarks",
            "the domains you blocked, to unblock",
        ],
        &["Misskey", "renote"],
    );
    says_only(
        &mastodon.screen(),
        &["f favourite", "b boost", "3 Federated"],
        &[],
    );

    says_no_word(&help, &["note", "notes", "Note", "Notes"]);

    let mut misskey = Harness::misskey(common::fixed_data(), SMALL).await;
    let help = all_of_help(&mut misskey).await;
    says_only(
        &help,
        &[
            "renote the selected note, or take it back",
            "like the selected note (the ❤ reaction), or take it back",
            "add the selected note to your favorites, or take it back",
            "show your favorites",
            "the servers you muted, to unmute",
            "your muted words",
        ],
        &["Misskey", "boost the", "bookmark", "(Mastodon"],
    );
    // Misskey calls a post a note, everywhere in help; Mastodon never says note.
    says_no_word(&help, &["post", "posts", "Post", "Posts"]);
    says_only(&help, &["select the next note", "load newer notes"], &[]);
    says_only(&misskey.screen(), &["f like", "b renote", "3 Global"], &[]);
    // Either family's word finds the action.
    misskey.press("<esc>:boost").await;
    says_only(&misskey.screen(), &["renote the selected note"], &[]);
}

/// Asserts that `text` holds none of `words` as a whole word ("posted" is not "post", nor is
/// the action name "filter_post").
fn says_no_word(text: &str, words: &[&str]) {
    let said: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|word| words.contains(word))
        .collect();
    assert!(said.is_empty(), "{said:?}: {text}");
}

/// Asserts that `text` holds each of `said` and none of `unsaid`.
fn says_only(text: &str, said: &[&str], unsaid: &[&str]) {
    for words in said {
        assert!(text.contains(words), "{words}: {text}");
    }
    for words in unsaid {
        assert!(!text.contains(words), "{words}: {text}");
    }
}

/// Once the server's rules are known, help and the menu leave out what its version cannot
/// do: upstream Misskey edits no note, so neither editing nor a note's edit history is listed
/// there after the rules arrived (they are before: the key then asks the server first).
#[tokio::test]
async fn editing_is_not_offered_once_the_server_said_it_cannot_edit() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let help = all_of_help(&mut h).await;
    assert!(help.contains("edit your selected note"), "{help}");
    // Writing a note asks the server's rules.
    h.press("n").await;
    h.press("a note<c-s>").await;
    assert!(
        h.app
            .state
            .compose_rules
            .as_ref()
            .is_some_and(|r| !r.can_edit),
        "{:?}",
        h.app.state.compose_rules
    );
    let help = all_of_help(&mut h).await;
    assert!(!help.contains("edit your selected note"), "{help}");
    assert!(!help.contains(":history"), "{help}");
    // Its key on the note just sent still says why.
    h.press("e").await;
    let screen = h.screen();
    assert!(screen.contains("this server cannot edit notes"), "{screen}");
    // On the lists screen the same key opens a list's options, which every server has.
    h.press("A").await;
    let help = all_of_help(&mut h).await;
    assert!(help.contains("the selected list's options"), "{help}");
}
