use super::*;

#[test]
fn a_theme_changes_colours_by_role_and_names_a_wrong_one() {
    use ratatui::style::Color;
    let path = Path::new("config.toml");
    let config = Config::parse(
        "[theme]\naccent = \"blue\"\ndim = \"#808080\"\nattention = \"208\"\n",
        path,
    )
    .unwrap();
    assert_eq!(
        config.palette,
        [
            (Color::Cyan, Color::Blue),
            (Color::Yellow, Color::Indexed(208)),
            (Color::DarkGray, Color::Rgb(128, 128, 128)),
        ]
    );
    let wrong = Config::parse("[theme]\n\naccent = \"blurple\"\n", path).unwrap_err();
    assert_eq!(
        (wrong.line, wrong.key.as_deref()),
        (Some(3), Some("theme.accent"))
    );
    assert!(
        wrong.message.contains("`blurple` is not a colour"),
        "{}",
        wrong.message
    );
    let role = Config::parse("[theme]\nbackground = \"red\"\n", path).unwrap_err();
    assert!(
        role.message.contains("the roles are accent"),
        "{}",
        role.message
    );
}

#[test]
fn embedded_example_parses_and_sets_every_option() {
    let mut problems = Problems {
        text: EXAMPLE,
        path: Path::new("config.example.toml"),
        found: Vec::new(),
    };
    let example = parse_file(EXAMPLE, Path::new("config.example.toml"), &mut problems).unwrap();
    assert!(problems.found.is_empty(), "{:?}", problems.found);
    assert!(example.general.tabs.is_some());
    assert!(example.general.page_size.is_some());
    assert!(example.general.timeout_secs.is_some());
    assert!(example.general.esc_timeout_ms.is_some());
    assert!(example.account.server.is_some());
    assert!(example.account.token.is_some());
    let config = Config::defaults();
    assert_eq!(
        config.tabs,
        [
            TimelineKind::Home,
            TimelineKind::Local,
            TimelineKind::Federated,
            TimelineKind::Notifications {
                mentions_only: false
            },
        ]
    );
    assert!(example.live.streaming.is_some() && example.live.notify.is_some());
    assert!(example.live.poll_secs.is_some() && example.live.timeline_cap.is_some());
    // Every action has at least one key by default, but those reached by name alone.
    let by_name_alone = [
        crate::action::Action::Translate,
        crate::action::Action::SaveMedia,
        crate::action::Action::TogglePreviews,
        crate::action::Action::FollowTag,
        crate::action::Action::FeatureTag,
        crate::action::Action::FollowedTags,
        crate::action::Action::HideBoosts,
        crate::action::Action::HideReplies,
        crate::action::Action::NotificationRequests,
        crate::action::Action::NotificationPolicy,
        crate::action::Action::Filters,
        crate::action::Action::EditProfile,
        crate::action::Action::Antennas,
        crate::action::Action::Channels,
        crate::action::Action::Clips,
        crate::action::Action::Clip,
        crate::action::Action::Followers,
        crate::action::Action::Following,
        crate::action::Action::BoostedBy,
        crate::action::Action::FavouritedBy,
        crate::action::Action::Mutes,
        crate::action::Action::Blocks,
        crate::action::Action::DomainBlocks,
        crate::action::Action::FollowRequests,
        crate::action::Action::SentRequests,
        crate::action::Action::FilterPost,
        crate::action::Action::Scheduled,
        crate::action::Action::PrivateNote,
        crate::action::Action::Pin,
        crate::action::Action::Report,
    ];
    for (action, _, _) in crate::action::ACTIONS {
        assert_eq!(
            config.keymap.keys_for(*action).is_empty(),
            by_name_alone.contains(action),
            "{action:?}"
        );
    }
}

#[test]
fn user_values_override_defaults() {
    let config = Config::parse(
        "[general]\ntabs = [\"#rust\", \"list:42\"]\npage_size = 40\n[keys]\nquit = [\"Q\"]\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(config.tabs[0], TimelineKind::Hashtag("rust".into()));
    assert!(matches!(&config.tabs[1], TimelineKind::List { id, .. } if id == "42"));
    assert_eq!(config.page_size, 40);
    assert_eq!(config.keymap.label(crate::action::Action::Quit), "Q");
}

#[test]
fn each_familys_names_for_a_timeline_are_tabs() {
    let config = Config::parse(
        "[general]\ntabs = [\"federated\", \"global\", \"public\", \"social\", \"hybrid\"]\n",
        Path::new("c.toml"),
    )
    .unwrap();
    use TimelineKind::{Federated, Social};
    assert_eq!(
        config.tabs,
        [Federated, Federated, Federated, Social, Social]
    );
}

fn error_of(text: &str) -> ConfigError {
    Config::parse(text, Path::new("/home/u/.config/skua/config.toml")).unwrap_err()
}

#[test]
fn errors_name_file_line_and_key() {
    let e = error_of("[general]\n\npage_size = \"many\"\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(3), Some("general.page_size"))
    );
    assert!(
        e.to_string()
            .starts_with("/home/u/.config/skua/config.toml, line 3, key `general.page_size`")
    );

    let e = error_of("[general]\ncolour = 1\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("general.colour"))
    );
    assert!(e.message.contains("unknown field"), "{}", e.message);

    let e = error_of("[general]\npage_size = 99\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("general.page_size"))
    );

    let e = error_of("[account]\nserver = \"http://mastodon.example\"\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("account.server"))
    );
    assert!(e.message.contains("HTTPS"));

    let e = error_of("[keys]\nup = [\"k\"]\nquit = [\"hyper-q\"]\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("keys.quit")));

    let e = error_of("[general]\ntabs = [\"home\", \"timeline\"]\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("general.tabs")));

    let e = error_of("[general]\nesc_timeout_ms = 5000\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("general.esc_timeout_ms"))
    );
    assert!(e.message.contains("at most 1000"), "{}", e.message);
    let quick = Config::parse("[general]\nesc_timeout_ms = 0\n", Path::new("c.toml")).unwrap();
    assert_eq!(quick.esc_timeout, std::time::Duration::ZERO);

    let e = error_of("[general]\ntranslate_into = \"German\"\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("general.translate_into"))
    );
    assert!(e.message.contains("\"pt-BR\""), "{}", e.message);
    let language = |text: &str| {
        Config::parse(text, Path::new("c.toml"))
            .unwrap()
            .translate_into
    };
    assert_eq!(
        language("[general]\ntranslate_into = \" pt-BR \"\n").as_deref(),
        Some("pt-BR")
    );
    assert_eq!(language("[general]\ntranslate_into = \"\"\n"), None);
    assert_eq!(language(""), None, "the locale's by default");

    let e = error_of("[general\n");
    assert_eq!(e.line, Some(1));

    let e = error_of("[general]\npage_size = \"many\"\n");
    assert!(
        e.message.contains("expected a whole number"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("u32"), "{}", e.message);
}

#[test]
fn mistakes_of_every_kind_are_reported_in_one_run_in_the_files_order() {
    let e = error_of(
        "[general]\npage_size = \"many\"\n\n[nonsense]\nx = 1\n\n[theme]\nname = \"purple\"\n\n[live]\nstreaming = \"yes\"\n",
    );
    let all: Vec<(Option<usize>, Option<&str>)> = std::iter::once(&e)
        .chain(&e.also)
        .map(|e| (e.line, e.key.as_deref()))
        .collect();
    assert_eq!(
        all,
        [
            (Some(2), Some("general.page_size")),
            (Some(4), Some("nonsense")),
            (Some(8), Some("theme.name")),
            (Some(11), Some("live.streaming")),
        ],
        "{e}"
    );
    assert!(e.also[2].message.contains("expected true or false"), "{e}");
    // A bare word is a TOML syntax error, said in words.
    let e = error_of("[live]\nstreaming = yes\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("live.streaming"))
    );
    assert!(e.message.contains("write true or false"), "{}", e.message);
    let e = error_of("page_size = 3\n");
    assert!(
        e.message.contains("belongs inside a section"),
        "{}",
        e.message
    );
}

#[test]
fn every_mistake_in_the_file_is_reported_at_once() {
    let e = error_of(
        "[general]\ntabs = [\"home\", \"timeline\"]\npage_size = 99\n[keys]\nquit = [\"hyper-q\"]\n",
    );
    let text = e.to_string();
    for needle in [
        "line 2, key `general.tabs`",
        "line 3, key `general.page_size`",
        "key `keys.quit`",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert!(
        text.contains("\"social\""),
        "the tab names include social: {text}"
    );
}

#[test]
fn server_urls() {
    assert_eq!(
        parse_server_url("mastodon.example").unwrap().as_str(),
        "https://mastodon.example/"
    );
    assert!(parse_server_url("http://127.0.0.1:8080").is_ok());
    assert!(parse_server_url("http://[::1]:8080").is_ok());
    assert!(parse_server_url("http://localhost:3000").is_ok());
    assert!(parse_server_url("http://10.0.0.1").is_err());
    assert!(parse_server_url("ftp://x.example").is_err());
    for local in ["127.0.0.1:4000", "localhost:4000", "[::1]:4000"] {
        assert_eq!(parse_server_url(local).unwrap().scheme(), "http", "{local}");
    }
    assert_eq!(parse_server_url("example.org").unwrap().scheme(), "https");
    assert_eq!(
        parse_server_url("example.org/social/").unwrap().as_str(),
        "https://example.org/social/"
    );
    // A handle, with or without its first `@`, names its server.
    for handle in ["@alice@mastodon.example", "alice@mastodon.example"] {
        assert_eq!(
            parse_server_url(handle).unwrap().as_str(),
            "https://mastodon.example/",
            "{handle}"
        );
    }
    assert!(parse_server_url("@alice@").is_err());
    // No user name or password travels in the server's address.
    for with_user in [
        "https://alice@mastodon.example",
        "https://a:b@mastodon.example",
    ] {
        assert_eq!(
            parse_server_url(with_user).unwrap().as_str(),
            "https://mastodon.example/",
            "{with_user}"
        );
    }
}

#[test]
fn layout_mistakes_name_their_line() {
    let e = error_of("[layout]\ncolumns = [[\"home\"], [\"timeline\"]]\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("layout.columns"))
    );
    let e = error_of("[layout]\ncolumns = [[\"home\"], [\"local\"]]\nwidths = [1]\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("layout.widths")));
    assert!(
        e.message.contains("1 widths for 2 columns"),
        "{}",
        e.message
    );
    let e = error_of("[layout]\ncolumns = [[\"home\"], [[\"local\"], \"#rust\"]]\n");
    assert!(
        e.message.contains("or of panes stacked in it"),
        "{}",
        e.message
    );
}

#[test]
fn a_column_stacks_panes_given_as_lists_of_tabs() {
    let text = "[layout]\ncolumns = [[\"home\"], [[\"local\", \"#rust\"], [\"notifications\"]]]\n";
    let config = Config::parse(text, std::path::Path::new("c.toml")).unwrap();
    assert_eq!(config.layout.rows, [1, 2]);
    assert_eq!(config.layout.widths, [1, 1]);
    assert_eq!(config.layout.panes.len(), 3);
    assert_eq!(
        config.layout.panes[1].len(),
        2,
        "local and #rust share a pane"
    );
}

#[test]
fn media_programs_folders_and_limits_are_checked() {
    let e = error_of("[media]\nmax_mib = 25\nimage = []\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("media.image")));
    assert!(e.message.contains("needs a program first"), "{}", e.message);

    let e = error_of("[media]\nvideo = \"mpv\"\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("media.video")));
    assert!(e.message.contains("list in brackets"), "{}", e.message);

    let e = error_of("[media]\ndownloads = \"Downloads\"\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("media.downloads"))
    );
    assert!(e.message.contains("not a full path"), "{}", e.message);

    let e = error_of("[media]\n\nmax_mib = 0\n");
    assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("media.max_mib")));

    let e = error_of("[media]\nmemory_mib = 2\n");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("media.memory_mib"))
    );
    assert!(e.message.contains("between 4 and 1024"), "{}", e.message);

    let config = Config::parse(
        "[media]\naudio = [\"mpv\", \"--no-video\"]\ndownloads = \"/srv/in\"\nmax_mib = 50\n",
        Path::new("config.toml"),
    )
    .unwrap();
    assert_eq!(
        config.media.programs.audio,
        Some(vec!["mpv".to_owned(), "--no-video".to_owned()])
    );
    assert_eq!(config.media.programs.image, None);
    assert_eq!(config.media.downloads, Some("/srv/in".into()));
    assert_eq!(config.media.max_bytes, 50 << 20);
    assert_eq!(config.media.memory_bytes, 32 << 20, "the default");
    assert_eq!(Config::defaults().media.max_bytes, 25 << 20);
}
