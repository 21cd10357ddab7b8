use super::*;

fn convert(html: &str) -> RichText {
    to_rich_text(html, &|url| {
        url.rsplit("/@")
            .next()
            .map(|u| format!("{u}@remote.example"))
    })
}

fn texts(rich: &RichText) -> Vec<String> {
    rich.blocks
        .iter()
        .map(|b| b.inlines.iter().map(|i| i.text.as_str()).collect())
        .collect()
}

#[test]
fn paragraphs_and_line_breaks() {
    let rich = convert("<p>Hello<br>world &amp; <b>friends</b></p><p>second</p>");
    assert_eq!(texts(&rich), ["Hello\nworld & friends", "second"]);
    assert!(rich.blocks[0].inlines[1].style.bold);
}

#[test]
fn a_quotes_inline_fallback_is_left_out() {
    let text = to_rich_text(
        r#"<p class="quote-inline">RE: <a href="https://a.example/@b/1">https://a.example/@b/1</a></p><p>my comment</p>"#,
        &|_| None,
    );
    assert_eq!(text.to_plain(), "my comment");
}

#[test]
fn invisible_spans_are_hidden_and_ellipsis_shown() {
    let rich = convert(
        r#"<p><a href="https://example.com/a/very/long/path" rel="nofollow"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very</span><span class="invisible">/long/path</span></a></p>"#,
    );
    assert_eq!(texts(&rich), ["example.com/a/very…"]);
    assert_eq!(
        rich.blocks[0].inlines[0].link,
        Some(Link::Url("https://example.com/a/very/long/path".into()))
    );
}

#[test]
fn mentions_and_hashtags_become_links() {
    let rich = convert(
        r#"<p><span class="h-card"><a href="https://remote.example/@alice" class="u-url mention">@<span>alice</span></a></span> see <a href="https://x.example/tags/Rust" class="mention hashtag" rel="tag">#<span>Rust</span></a></p>"#,
    );
    assert_eq!(texts(&rich), ["@alice see #Rust"]);
    let links: Vec<_> = rich.blocks[0]
        .inlines
        .iter()
        .filter_map(|i| i.link.clone())
        .collect();
    assert_eq!(
        links,
        [
            Link::Mention {
                acct: "alice@remote.example".into(),
                url: "https://remote.example/@alice".into()
            },
            Link::Hashtag {
                tag: "Rust".into(),
                url: "https://x.example/tags/Rust".into()
            },
        ]
    );
}

#[test]
fn quotes_lists_and_code_blocks() {
    let rich = convert(
        "<blockquote><p>quoted</p></blockquote><ol><li>one</li><li>two</li></ol><ul><li>dot</li></ul><pre><code>fn  main() {\n}</code></pre>",
    );
    assert_eq!(
        crate::api::block_kinds(&rich),
        [
            (BlockKind::Paragraph, 1),
            (BlockKind::ListItem("1.".into()), 0),
            (BlockKind::ListItem("2.".into()), 0),
            (BlockKind::ListItem("•".into()), 0),
            (BlockKind::Code, 0),
        ]
    );
    assert_eq!(texts(&rich)[4], "fn  main() {\n}");
}

#[test]
fn malformed_and_hostile_input_degrades_to_text() {
    let rich = convert("<p>a < b <unclosed <i>x &#27;[31m &bogus; &#x9b;2J</p");
    let all = texts(&rich).join("");
    assert!(!all.chars().any(|c| c.is_control()), "{all:?}");
    assert!(all.contains("a < b"));
}

#[test]
fn text_starting_with_wide_characters() {
    let rich = convert("<p>朝のコーヒー</p>日本<b>語</b>");
    assert_eq!(texts(&rich).join("|"), "朝のコーヒー|日本語");
}

fn hostile_html(n: usize) -> Vec<String> {
    vec![
        "<b>".repeat(n) + &"</i>".repeat(n),
        "<p><span>".repeat(n) + &"</p>".repeat(n),
        "&".repeat(n * 4),
        "&amp".repeat(n),
        "<!--".repeat(n),
        "<a href=\"".repeat(n),
        "<".repeat(n),
        "<b x".repeat(n),
    ]
}

#[test]
fn work_grows_linearly_with_hostile_input() {
    for (small, large) in hostile_html(20_000).iter().zip(hostile_html(40_000)) {
        let (_, steps_small) = to_rich_text_counting(small, &|_| None);
        let (_, steps_large) = to_rich_text_counting(&large, &|_| None);
        assert!(
            steps_large <= steps_small * 5 / 2,
            "{steps_small} steps, then {steps_large}: {:?}…",
            &small[..40]
        );
    }
}

#[test]
fn deep_nesting_needs_no_stack() {
    let deep = "<blockquote><b>".repeat(4_000) + "x";
    let rich = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || convert(&deep))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(texts(&rich), ["x"]);
}

#[test]
fn random_fragments_never_panic_nor_reach_the_terminal_raw() {
    let pieces = [
        "<p>",
        "</p>",
        "<br>",
        "<a href=\"https://x.example/@u\" class=\"u-url mention\">",
        "<a href=\"https://t.example/tags/x\" class=\"mention hashtag\">",
        "</a>",
        "<span class=\"invisible\">",
        "<span class=\"ellipsis\">",
        "</span>",
        "<b>",
        "</i>",
        "<pre>",
        "<code>",
        "</pre>",
        "<blockquote>",
        "</blockquote>",
        "<ol start=\"99999999999999999999\">",
        "<li>",
        "</li>",
        "&amp;",
        "&#27;",
        "&#x9b;",
        "&#1114112;",
        "&#xD800;",
        "&#0;",
        "&",
        "<",
        ">",
        "<!--",
        "-->",
        "\u{1b}[31m",
        "\r",
        "\t",
        "語",
        " ",
        "\n",
        "<a href='https://b.example/&#27;x'>",
        "<p attr='a>b'>",
        "</",
        "\"",
    ];
    for html in crate::api::random_texts(&pieces, 0x2545_f491_4f6c_dd1d, 2_000, 40) {
        let rich = convert(&html);
        for block in &rich.blocks {
            let marker = match &block.kind {
                BlockKind::ListItem(marker) => marker.as_str(),
                _ => "",
            };
            let link_texts = block.inlines.iter().flat_map(|i| match &i.link {
                Some(Link::Mention { acct: text, .. } | Link::Hashtag { tag: text, .. }) => {
                    Some(text.as_str())
                }
                _ => None,
            });
            for text in block
                .inlines
                .iter()
                .map(|i| i.text.as_str())
                .chain(link_texts)
                .chain([marker])
            {
                // Only line breaks: nothing that moves the cursor or starts a sequence.
                assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n'),
                    "{html:?}: {text:?}"
                );
            }
        }
    }
}

#[test]
fn html_over_64_kib_is_cut_and_says_so() {
    let rich = convert(&format!("<p>{}</p>", "w".repeat(3 << 20)));
    let all = texts(&rich);
    assert!(all[0].len() <= model::MAX_TEXT_BYTES);
    assert!(all[1].contains("KiB more not shown"));
}
