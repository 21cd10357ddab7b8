use super::*;

fn texts(rich: &RichText) -> Vec<String> {
    rich.blocks
        .iter()
        .map(|b| b.inlines.iter().map(|i| i.text.as_str()).collect())
        .collect()
}

/// The first block's linked runs: their text and link.
fn links(rich: &RichText) -> Vec<(&str, &Link)> {
    rich.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| Some((i.text.as_str(), i.link.as_ref()?)))
        .collect()
}

fn styled(rich: &RichText, text: &str) -> TextStyle {
    rich.blocks
        .iter()
        .flat_map(|b| &b.inlines)
        .find(|i| i.text == text)
        .unwrap_or_else(|| panic!("no inline {text:?} in {rich:?}"))
        .style
}

#[test]
fn styles_nest() {
    let rich = to_rich_text(
        "**bold <i>both</i>** ~~gone~~ <small>tiny</small>",
        "h.example",
    );
    assert!(styled(&rich, "bold ").bold);
    let both = styled(&rich, "both");
    assert!(both.bold && both.italic);
    assert!(styled(&rich, "gone").strike);
    assert!(styled(&rich, "tiny").small);
}

#[test]
fn unclosed_and_unknown_markup_stays_text() {
    let rich = to_rich_text("**open and $[unknown.fn inner] and $[x] `tick", "h.example");
    assert_eq!(texts(&rich), ["**open and inner and $[x] `tick"]);
}

#[test]
fn functions_keep_their_inner_text_even_nested() {
    let rich = to_rich_text(
        "$[spin.speed=2s $[x2 **big**] [a](https://a.example)]",
        "h.example",
    );
    assert_eq!(texts(&rich), ["big a"]);
    assert!(styled(&rich, "big").bold);
}

#[test]
fn links_mentions_and_hashtags() {
    let rich = to_rich_text(
        "hi @alice and @bob@remote.example. see https://x.example/a?b=1, [label](https://l.example) #rust!",
        "misskey.example",
    );
    let links: Vec<&Link> = rich.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| i.link.as_ref())
        .collect();
    assert_eq!(
        links,
        [
            &Link::Mention {
                acct: "alice".into(),
                url: "https://misskey.example/@alice".into()
            },
            &Link::Mention {
                acct: "bob@remote.example".into(),
                url: "https://misskey.example/@bob@remote.example".into()
            },
            &Link::Url("https://x.example/a?b=1".into()),
            &Link::Url("https://l.example".into()),
            &Link::Hashtag {
                tag: "rust".into(),
                url: "https://misskey.example/tags/rust".into()
            },
        ]
    );
    assert_eq!(
        texts(&rich),
        ["hi @alice and @bob@remote.example. see https://x.example/a?b=1, label #rust!"]
    );
}

#[test]
fn no_mention_inside_an_address_and_plain_is_literal() {
    let rich = to_rich_text(
        "mail me@example.com <plain>**not bold** #notag</plain>",
        "h",
    );
    assert!(rich.blocks[0].inlines.iter().all(|i| i.link.is_none()));
    assert_eq!(texts(&rich), ["mail me@example.com **not bold** #notag"]);
}

#[test]
fn blocks_quotes_code_and_center() {
    let rich = to_rich_text(
        "first\nline\n\n> quoted **x**\n> more\n```\nlet a = 1;\n  b\n```\n<center>mid\ndle</center>\nafter",
        "h",
    );
    assert_eq!(
        crate::api::block_kinds(&rich),
        [
            (BlockKind::Paragraph, 0),
            (BlockKind::Paragraph, 1),
            (BlockKind::Code, 0),
            (BlockKind::Center, 0),
            (BlockKind::Paragraph, 0),
        ]
    );
    assert_eq!(
        texts(&rich),
        [
            "first\nline",
            "quoted x\nmore",
            "let a = 1;\n  b",
            "mid\ndle",
            "after"
        ]
    );
}

#[test]
fn cjk_hashtags_run_as_on_misskey_and_underscores_need_words() {
    // Misskey files the note under the tag its parser reads (mfm-js 0.25: "日本語、ok",
    // Japanese punctuation included, and brackets that close in it), so the link opens it.
    let rich = to_rich_text("#日本語、ok 今日の#ミスキー「x」 snake_case_name _it_", "h");
    let first = &rich.blocks[0].inlines[0];
    assert_eq!(first.text, "#日本語、ok");
    let tags: Vec<&Link> = rich.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| i.link.as_ref())
        .collect();
    let tag = |tag: &str| Link::Hashtag {
        tag: tag.into(),
        url: format!("https://h/tags/{tag}"),
    };
    assert_eq!(tags, [&tag("日本語、ok"), &tag("ミスキー「x」")]);
    assert!(styled(&rich, "it").italic);
    assert!(texts(&rich)[0].contains("snake_case_name"));
}

#[test]
fn hostile_text_is_sanitized() {
    let rich = to_rich_text("a\u{1b}[31m**b\u{9b}**\u{202e}", "h");
    let all = texts(&rich).join("");
    assert!(
        !all.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{all:?}"
    );
}

#[test]
fn never_panics_on_fragments_next_to_wide_characters() {
    let pieces = [
        "`",
        "**",
        "__",
        "*",
        "_",
        "~~",
        "$[",
        "$[x ",
        "]",
        "[",
        "?[",
        "](",
        ")",
        "<b>",
        "</b>",
        "<",
        ">",
        "@",
        "#",
        "https://",
        "\\(",
        "\\)",
        "<plain>",
        "<center>",
        "</center>",
        "```",
        "\n",
        "> ",
        "日本",
        "😀",
        "a",
        " ",
    ];
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let text = format!("{a}{b}{c}{a}語");
                let _ = to_rich_text(&text, "h");
            }
        }
    }
}

/// Adversarial notes of `n` repetitions of a piece (a suffix may close them).
fn hostile_notes(n: usize) -> Vec<String> {
    vec![
        "$[x2 ".repeat(n),
        format!("{}hi{}", "$[x2 ".repeat(n), "]".repeat(n)),
        "<b>".repeat(n) + &"</i>".repeat(n),
        "<plain>".repeat(n),
        "<small><i><s>**~~".repeat(n),
        "\\(".repeat(n) + "\n\\)",
        "~~a\n".repeat(n) + "~~",
        "[a".repeat(n) + "](https://x.example/ a)",
        "?[".repeat(n) + "b](https://x.example/)",
        "<https://".repeat(n) + ">",
        // Each `<https://` reaches the one space only at the end.
        "<https://".repeat(n) + " >",
        // Fences that nothing closes.
        "```a\n".repeat(n),
        // Brackets an address or a tag never closes.
        "https://a(".repeat(n),
        "#a(".repeat(n),
        "`".repeat(n),
        "$[".repeat(n) + " ]",
        "*a".repeat(n) + " *",
        "<center>\n".repeat(n) + "x</center>",
        "x".repeat(n * 8),
    ]
}

#[test]
fn nesting_thousands_deep_cannot_overflow_the_stack() {
    // 2,800 deep crashed skua; a thread with a small stack shows no recursion follows it.
    let deep = format!("{}deep{}", "$[x2 ".repeat(6_000), "]".repeat(6_000));
    let rich = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || to_rich_text(&deep, "h"))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(texts(&rich), ["deep"]);
}

#[test]
fn work_grows_linearly_with_hostile_input() {
    for (small, large) in hostile_notes(2_000).iter().zip(hostile_notes(4_000)) {
        let (_, steps_small) = to_rich_text_counting(small, "h");
        let (_, steps_large) = to_rich_text_counting(&large, "h");
        assert!(
            steps_large <= steps_small * 5 / 2,
            "{steps_small} steps, then {steps_large} for twice the input: {:?}…",
            &small[..small.len().min(40)]
        );
    }
}

#[test]
fn text_over_64_kib_is_cut_and_says_so() {
    let word = "a".repeat(5 << 20);
    let rich = to_rich_text(&word, "h");
    let all = texts(&rich);
    assert_eq!(all[0].len(), model::MAX_TEXT_BYTES);
    assert!(all[1].contains("KiB more not shown"), "{:?}", all[1]);
    let short = to_rich_text("short", "h");
    assert_eq!(texts(&short), ["short"]);
}

#[test]
fn big_text_a_lone_quote_mark_and_an_empty_function_read_as_on_misskey() {
    let rich = to_rich_text("a ***big*** b", "h.example");
    assert_eq!(texts(&rich), ["a big b"]);
    assert!(styled(&rich, "big").bold);
    // Nothing quoted, nothing in the function: the marks are the text.
    assert_eq!(texts(&to_rich_text(">", "h.example")), [">"]);
    assert_eq!(texts(&to_rich_text("$[x2 ]", "h.example")), ["$[x2 ]"]);
    // A quote of one line, and one whose first line is empty, are quotes still.
    let rich = to_rich_text("> a", "h.example");
    assert_eq!(
        (texts(&rich), rich.blocks[0].quote_depth),
        (vec!["a".to_owned()], 1)
    );
    assert_eq!(to_rich_text(">\n> b", "h.example").blocks[0].quote_depth, 1);
}

#[test]
fn mentions_and_addresses_read_as_on_misskey() {
    // (Each checked with mfm-js 0.25.) Japanese runs straight into a mention and an address;
    // an ASCII letter before `@` makes no mention; `.` and `-` belong to names but not at
    // their ends; a mention Misskey cannot read is text.
    let rich = to_rich_text(
        "語@a.b 詳細はhttps://a.example/x x@y @c.d@e.example. @-f @g.@h.example",
        "h.example",
    );
    let links = links(&rich);
    let mention = |acct: &str| Link::Mention {
        acct: acct.into(),
        url: format!("https://h.example/@{acct}"),
    };
    assert_eq!(
        links,
        [
            ("@a.b", &mention("a.b")),
            (
                "https://a.example/x",
                &Link::Url("https://a.example/x".into())
            ),
            ("@c.d@e.example", &mention("c.d@e.example")),
        ]
    );
    assert_eq!(
        texts(&rich),
        ["語@a.b 詳細はhttps://a.example/x x@y @c.d@e.example. @-f @g.@h.example"]
    );
    // An address is ASCII (Japanese after it is not part of it) with brackets that close in
    // it, a final `.` left to the sentence; a tag takes such brackets too.
    let rich = to_rich_text(
        "見てhttps://a.example/wiki/(x)東京 と https://b.example/p. #t(a)(b",
        "h.example",
    );
    let links: Vec<&str> = rich.blocks[0]
        .inlines
        .iter()
        .filter(|i| i.link.is_some())
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(
        links,
        ["https://a.example/wiki/(x)", "https://b.example/p", "#t(a)"]
    );
}

#[test]
fn a_labelled_link_reads_its_address_as_misskey_does() {
    // (Each checked with mfm-js 0.25.)
    let url = |url: &str| Link::Url(url.into());
    let rich = to_rich_text(
        "[a](https://x.example/(y)) [b](<https://x.example/z>)",
        "h.example",
    );
    assert_eq!(texts(&rich), ["a b"]);
    assert_eq!(
        links(&rich),
        [
            ("a", &url("https://x.example/(y)")),
            ("b", &url("https://x.example/z"))
        ]
    );
    // A `.` before the `)` or Japanese in the address: no labelled link, the address alone.
    let note = "[a](https://x.example/y.) [b](https://x.example/東京)";
    let rich = to_rich_text(note, "h.example");
    assert_eq!(texts(&rich), [note]);
    assert_eq!(
        links(&rich),
        [
            ("https://x.example/y", &url("https://x.example/y")),
            ("https://x.example/", &url("https://x.example/"))
        ]
    );
}

#[test]
fn underscores_and_asterisks_style_ascii_words_as_misskey_does() {
    // Italics hold ASCII letters, digits and spaces, and start after no such letter; the
    // double underscore bolds even inside a word.
    // (Checked against Misskey's own parser, mfm-js 0.25.)
    let rich = to_rich_text("語*x* *語*, a*b* x__y__", "h.example");
    assert_eq!(texts(&rich), ["語x *語*, a*b* xy"]);
    assert!(styled(&rich, "x").italic);
    assert!(styled(&rich, "y").bold);
}

#[test]
fn a_fence_nothing_closes_is_text_and_loses_nothing() {
    let rich = to_rich_text("```rust\nfn main() {}", "h.example");
    assert_eq!(texts(&rich), ["```rust\nfn main() {}"]);
    assert!(!rich.blocks.iter().any(|b| b.kind == BlockKind::Code));
    // Closed, it is a code block (its language is not shown), and what follows is text.
    let rich = to_rich_text("a\n```rust\nfn main() {}\n```\nafter", "h.example");
    assert_eq!(texts(&rich), ["a", "fn main() {}", "after"]);
    assert_eq!(rich.blocks[1].kind, BlockKind::Code);
}

#[test]
fn an_address_in_angle_brackets_holds_no_space() {
    let rich = to_rich_text(
        "see <https://a.example/x> and <https://b.example and more> end",
        "h.example",
    );
    let links = links(&rich);
    assert_eq!(
        links,
        [
            (
                "https://a.example/x",
                &Link::Url("https://a.example/x".into())
            ),
            ("https://b.example", &Link::Url("https://b.example".into())),
        ]
    );
    assert_eq!(
        texts(&rich),
        ["see https://a.example/x and <https://b.example and more> end"]
    );
}

#[test]
fn random_fragments_never_panic_and_keep_their_letters() {
    let pieces = [
        "$[x2 ",
        "]",
        "[",
        "](",
        "https://a.example",
        ")",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "**",
        "~~",
        "`",
        "\\(",
        "\\)",
        "_",
        "*",
        "<plain>",
        "</plain>",
        "\n",
        "> ",
        "@a",
        "#t",
        "語",
        " ",
        "<center>",
        "</center>",
        "?[",
        "<",
        ">",
        "<https://b.example/",
        "https://c.example/(x)",
        "\t",
        "\u{3000}",
        "\u{1b}[2J",
        "\u{9b}",
        "\r",
        "```",
        "$[fg.color=f00 ",
        ":e:",
    ];
    for mut note in crate::api::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 2_000, 40) {
        note.push('Z');
        let rich = to_rich_text(&note, "h");
        let all = texts(&rich).concat();
        assert!(all.contains('Z'), "{note:?}");
        // Nothing that moves the cursor or starts a sequence reaches the screen.
        assert!(
            !all.chars().any(|c| c.is_control() && c != '\n'),
            "{note:?}: {all:?}"
        );
    }
}
