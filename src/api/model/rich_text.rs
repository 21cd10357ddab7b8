//! Styled text, independent of the wire format.

use super::*;

/// Styled text, independent of the wire format (HTML on Mastodon, MFM on Misskey).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RichText {
    pub blocks: Vec<Block>,
}

impl RichText {
    pub fn plain(text: &str) -> Self {
        RichText {
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                quote_depth: 0,
                inlines: vec![Inline::plain(text)],
            }],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.blocks
            .iter()
            .all(|b| b.inlines.iter().all(|i| i.text.trim().is_empty()))
    }

    /// Ends a text that [`cut_long`] shortened with a line saying so and where to read it whole.
    pub fn note_cut(&mut self, full_bytes: usize) {
        let more = full_bytes.saturating_sub(MAX_TEXT_BYTES).div_ceil(1024);
        self.blocks.push(Block {
            kind: BlockKind::Paragraph,
            quote_depth: 0,
            inlines: vec![Inline {
                text: format!("[{more} KiB more not shown: open the post to read it whole]"),
                style: TextStyle {
                    italic: true,
                    ..TextStyle::default()
                },
                link: None,
            }],
        });
    }

    /// The text without styles, a line per block.
    pub fn to_plain(&self) -> String {
        let blocks: Vec<String> = self
            .blocks
            .iter()
            .map(|b| b.inlines.iter().map(|i| i.text.as_str()).collect())
            .collect();
        blocks.join("\n")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockKind {
    Paragraph,
    /// Preformatted text: not re-wrapped at word boundaries.
    Code,
    /// A list item with its marker ("•" or "3.").
    ListItem(String),
    /// Misskey's `<center>`: each line centred.
    Center,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub quote_depth: u8,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TextStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// Misskey's `<small>`: drawn dimmed.
    pub small: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Link {
    Url(String),
    Mention { acct: String, url: String },
    Hashtag { tag: String, url: String },
}

/// A run of text with one style. `text` may contain `\n` (a hard line break).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Inline {
    pub text: String,
    pub style: TextStyle,
    pub link: Option<Link>,
}

impl Inline {
    pub fn plain(text: &str) -> Self {
        Inline {
            text: text.to_owned(),
            style: TextStyle::default(),
            link: None,
        }
    }
}
