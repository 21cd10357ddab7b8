//! Previews of attachments under posts: whether they are shown, the small pictures fetched so
//! far (by address, the least recently wanted dropped past a memory cap), those on their way
//! and those that could not be shown.

use std::collections::{HashMap, HashSet};

use crate::api::{Media, MediaKind, Post};
use crate::graphics::{Graphics, Protocol};
use crate::media::{Encoded, Picture, Thumb};

/// Rows a preview takes at most (a third of an 80x24 screen's timeline).
pub const MAX_ROWS: u16 = 6;
/// Columns a preview takes at most; the pictures are fetched at this size.
pub const MAX_COLUMNS: u16 = 48;
/// Rows of a preview whose picture's size the server did not say.
const UNKNOWN_ROWS: u16 = 4;
/// The fewest columns a preview is drawn in; narrower, the alt-text line is enough.
const MIN_COLUMNS: u16 = 6;
/// The most the kept pictures take in memory (with what they are encoded as for the terminal)
/// where `[media] memory_mib` does not say.
const MEMORY_CAP: usize = 32 << 20;
/// Blurred stand-ins kept at most (about 600 bytes each).
const MAX_BLURS: usize = 4096;

#[derive(Debug, Clone, Default)]
pub struct Previews {
    /// The terminal can draw pictures (in half blocks, in colour).
    pub drawable: bool,
    /// Shown under posts (`[media] previews`, toggled by `toggle_previews`).
    pub shown: bool,
    /// Drawn in the terminal's 256 colours, where it has no true colour.
    pub indexed_colours: bool,
    /// The terminal's own graphics, where it answered that it has them.
    pub graphics: Option<Graphics>,
    /// The terminal was asked what graphics it has and has not answered yet: pictures wait
    /// for it (100 ms at most) rather than be fetched twice.
    pub awaiting_terminal: bool,
    /// Whether tmux passes pictures through to the terminal around it, where skua runs in
    /// tmux and it said.
    pub tmux_passthrough: Option<bool>,
    /// A cell's size in pixels as the window last reported it, where it does: a change (a
    /// font zoom) makes the pictures again at the new size.
    pub window_cell: Option<(u16, u16)>,
    thumbs: HashMap<String, (Shown, u64)>,
    /// The last number given to a picture.
    numbered: u32,
    /// The last id given to an encoding (kitty keeps a picture's pixels under it).
    encoded_last: u32,
    /// The encodings drawn in the last frame, by id.
    on_screen: Vec<u32>,
    /// The pictures being encoded for the terminal, each for a box of its size.
    encoding: HashSet<(u32, (u16, u16))>,
    /// The pictures that could not be encoded for a box of that size (half blocks there).
    refused: HashSet<(u32, (u16, u16))>,
    /// The pictures' memory, summed.
    bytes: usize,
    /// The most it may be (`[media] memory_mib`); `None`: [`MEMORY_CAP`].
    cap: Option<usize>,
    /// Counts the times the wanted pictures were named, to tell the least recent.
    clock: u64,
    /// The pictures on their way, each with the number it was asked under.
    pending: HashMap<String, u64>,
    asked: u64,
    failed: HashSet<String>,
    /// Blurred stand-ins (from the servers' BlurHash) of the pictures wanted, by address.
    blurs: HashMap<String, Thumb>,
    /// The picture the media viewer shows, at the viewer's size: asked for, arrived (or why
    /// not), by address. One at a time, dropped when the viewer moves on.
    pub viewed: Option<(String, Option<Result<Shown, String>>)>,
}

/// A picture kept to be drawn, under the number its cells on screen carry (see
/// [`crate::ui::pictures`]), with its encodings for the terminal's graphics once made: one
/// for each size of box it is drawn in (a deck's panes may differ).
#[derive(Debug)]
pub struct Shown {
    pub picture: Picture,
    pub number: u32,
    pub encoded: Vec<Encoded>,
}

impl Clone for Shown {
    /// A copy to be encoded again (an encoding is the terminal's, and is not copied).
    fn clone(&self) -> Shown {
        Shown {
            picture: self.picture.clone(),
            number: self.number,
            encoded: Vec::new(),
        }
    }
}

impl Shown {
    fn bytes(&self) -> usize {
        self.picture.bytes() + self.encoded.iter().map(|e| e.bytes).sum::<usize>()
    }
}

/// What a frame drew of the pictures: for each on screen, its number, the box it was drawn
/// in, and the encoding it was drawn with in the terminal's graphics (`None`: in half blocks,
/// until encoded for it).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub boxes: Vec<(u32, (u16, u16), Option<u32>)>,
}

/// Work the pictures need after a frame: encodings to make, and what tells the terminal to
/// forget the pictures no longer shown.
#[derive(Default)]
pub struct Upkeep {
    pub encode: Vec<Encoding>,
    pub forget: String,
}

/// A picture to encode for the terminal's graphics, to fill a box of `cells`, known to the
/// terminal as `id`.
pub struct Encoding {
    pub number: u32,
    pub id: u32,
    pub source: std::sync::Arc<image::RgbaImage>,
    pub cells: (u16, u16),
    pub graphics: Graphics,
}

/// The media viewer: a post's attachments full-screen, one at a time.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub media: Vec<Media>,
    pub index: usize,
}

impl Viewer {
    pub fn shown(&self) -> &Media {
        &self.media[self.index]
    }

    /// The address of the picture that shows the attachment: the picture itself, or a
    /// video's or GIF's first frame.
    pub fn picture_url(&self) -> Option<&str> {
        let media = self.shown();
        match media.kind {
            MediaKind::Image => Some(media.url.as_str()),
            _ => preview_url(media),
        }
    }
}

impl Previews {
    pub fn kept(&self, url: &str) -> Option<&Shown> {
        self.thumbs.get(url).map(|(shown, _)| shown)
    }

    /// The picture whose cells carry `number`: under a post, or in the viewer.
    pub fn numbered(&self, number: u32) -> Option<&Shown> {
        let viewed = match &self.viewed {
            Some((_, Some(Ok(shown)))) => Some(shown),
            _ => None,
        };
        viewed
            .into_iter()
            .chain(self.thumbs.values().map(|(shown, _)| shown))
            .find(|shown| shown.number == number)
    }

    fn numbered_mut(&mut self, number: u32) -> Option<&mut Shown> {
        self.kept_mut().find(|shown| shown.number == number)
    }

    /// Every picture kept: the viewer's, and those under posts.
    fn kept_mut(&mut self) -> impl Iterator<Item = &mut Shown> {
        let viewed = match &mut self.viewed {
            Some((_, Some(Ok(shown)))) => Some(shown),
            _ => None,
        };
        viewed
            .into_iter()
            .chain(self.thumbs.values_mut().map(|(shown, _)| shown))
    }

    /// `picture` under a new number (never 0, below 2^16; kitty keeps it under that number).
    pub fn number(&mut self, picture: Picture) -> Shown {
        self.numbered = (self.numbered % 0xFFFF) + 1;
        Shown {
            picture,
            number: self.numbered,
            encoded: Vec::new(),
        }
    }

    /// After a frame: the pictures drawn in half blocks for want of an encoding get one made
    /// (where the terminal has graphics); kitty forgets those that left the screen (sent
    /// again, encoded anew, when they come back).
    pub fn upkeep(&mut self, drawn: &Drawn) -> Upkeep {
        let mut upkeep = Upkeep::default();
        let Some(graphics) = self.graphics else {
            return upkeep;
        };
        for &(number, cells, id) in &drawn.boxes {
            let key = (number, cells);
            if id.is_some() || self.encoding.contains(&key) || self.refused.contains(&key) {
                continue;
            }
            if let Some(source) = self
                .numbered(number)
                .and_then(|shown| shown.picture.source.clone())
            {
                self.encoding.insert(key);
                // Ids fit the 24 bits kitty's placeholder cells carry in their colour.
                self.encoded_last = (self.encoded_last % 0xFF_FFFF) + 1;
                upkeep.encode.push(Encoding {
                    number,
                    id: self.encoded_last,
                    source,
                    cells,
                    graphics,
                });
            }
        }
        if graphics.protocol == Protocol::Kitty {
            let now: Vec<u32> = drawn.boxes.iter().filter_map(|(_, _, id)| *id).collect();
            for gone in std::mem::take(&mut self.on_screen) {
                if now.contains(&gone) {
                    continue;
                }
                upkeep
                    .forget
                    .push_str(&crate::graphics::kitty_forget(gone, graphics.tmux));
                self.drop_encoding(gone);
            }
            self.on_screen = now;
        }
        upkeep
    }

    /// Lets go of encoding `id` (kitty forgot it).
    fn drop_encoding(&mut self, id: u32) {
        let dropped = self.kept_mut().find_map(|shown| {
            let at = shown.encoded.iter().position(|e| e.id == id)?;
            Some(shown.encoded.remove(at).bytes)
        });
        self.bytes -= dropped.unwrap_or(0);
    }

    /// Picture `number` is encoded for a box of `cells` (or could not be: drawn in half blocks
    /// there).
    pub fn encoded(&mut self, number: u32, cells: (u16, u16), encoded: Result<Encoded, String>) {
        self.encoding.remove(&(number, cells));
        let encoded = match encoded {
            Ok(encoded) => encoded,
            Err(error) => {
                tracing::info!(%error, "a picture is drawn in half blocks");
                self.refused.insert((number, cells));
                return;
            }
        };
        let added = encoded.bytes;
        let Some(shown) = self.numbered_mut(number) else {
            return;
        };
        let replaced = match shown.encoded.iter().position(|e| e.cells == cells) {
            Some(at) => std::mem::replace(&mut shown.encoded[at], encoded).bytes,
            None => {
                shown.encoded.push(encoded);
                0
            }
        };
        self.bytes = self.bytes + added - replaced;
        self.drop_past_cap();
    }

    pub fn blur(&self, url: &str) -> Option<&Thumb> {
        self.blurs.get(url)
    }

    /// Keeps the blurred stand-in of the picture at `url`, made from `media`'s BlurHash (once).
    pub fn blur_for(&mut self, url: &str, media: &Media) {
        if self.blurs.contains_key(url) || self.blurs.len() >= MAX_BLURS {
            return;
        }
        let Some(hash) = &media.blurhash else {
            return;
        };
        // A few pixels, in the picture's shape.
        let height = match media.size {
            Some((w, h)) => (16 * h / w.max(1)).clamp(2, 24) as u16,
            None => 12,
        };
        if let Some(thumb) = crate::media::blurred(hash, 16, height) {
            self.blurs.insert(url.to_owned(), thumb);
        }
    }

    pub fn failed(&self, url: &str) -> bool {
        self.failed.contains(url)
    }

    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Whether `url` still needs fetching: not kept, not on its way, not failed.
    pub fn needs(&self, url: &str) -> bool {
        !self.thumbs.contains_key(url)
            && !self.pending.contains_key(url)
            && !self.failed.contains(url)
    }

    /// `urls` are wanted now: they are the last to be dropped.
    pub fn wanted<'a>(&mut self, urls: impl IntoIterator<Item = &'a str>) {
        self.clock += 1;
        for url in urls {
            if let Some((_, used)) = self.thumbs.get_mut(url) {
                *used = self.clock;
            }
        }
    }

    /// `url` is asked for: the number it goes under.
    pub fn asked(&mut self, url: String) -> u64 {
        self.asked += 1;
        self.pending.insert(url, self.asked);
        self.asked
    }

    /// The pictures on their way that are not among `wanted` any more: no longer on their
    /// way (their requests are to be dropped), with the numbers they were asked under.
    pub fn unwanted(&mut self, wanted: &[String]) -> Vec<u64> {
        let gone: Vec<String> = self
            .pending
            .keys()
            .filter(|url| !wanted.contains(url))
            .cloned()
            .collect();
        gone.iter()
            .filter_map(|url| self.pending.remove(url))
            .collect()
    }

    /// A picture arrived (or could not be shown: `None`); past the memory cap, the least
    /// recently wanted are dropped (fetched again if wanted again).
    pub fn arrived(&mut self, url: &str, picture: Option<Picture>) {
        self.pending.remove(url);
        let Some(picture) = picture else {
            self.failed.insert(url.to_owned());
            return;
        };
        if self.graphics.is_some() && picture.source.is_none() {
            // Asked for before the terminal said it has graphics: asked for again.
            return;
        }
        let shown = self.number(picture);
        self.bytes += shown.bytes();
        if let Some((old, _)) = self.thumbs.insert(url.to_owned(), (shown, self.clock)) {
            self.bytes -= old.bytes();
        }
        self.drop_past_cap();
    }

    /// Keeps the pictures within `bytes` of memory.
    pub fn cap_memory(&mut self, bytes: usize) {
        self.cap = Some(bytes);
        self.drop_past_cap();
    }

    fn drop_past_cap(&mut self) {
        while self.bytes > self.cap.unwrap_or(MEMORY_CAP) {
            let Some(oldest) = self
                .thumbs
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(url, _)| url.clone())
            else {
                break;
            };
            if let Some((old, _)) = self.thumbs.remove(&oldest) {
                self.bytes -= old.bytes();
            }
        }
    }

    /// Every picture kept is dropped, to be fetched again when wanted (the terminal can draw
    /// them better now).
    pub fn forget_pictures(&mut self) {
        self.thumbs.clear();
        self.bytes = 0;
        self.viewed = None;
    }

    /// A new connection: nothing is on its way any more, and what failed may work now.
    pub fn reconnected(&mut self) {
        self.pending.clear();
        self.failed.clear();
    }
}

/// What a file being attached is kept under among the pictures.
pub fn file_key(path: &std::path::Path) -> String {
    format!("file:{}", path.display())
}

/// The address of the picture that previews `media`: its preview, or a picture itself.
pub fn preview_url(media: &Media) -> Option<&str> {
    match media.kind {
        MediaKind::Image | MediaKind::Gifv | MediaKind::Video => {}
        MediaKind::Audio | MediaKind::Other => return None,
    }
    media
        .preview_url
        .as_deref()
        .or((media.kind == MediaKind::Image).then_some(media.url.as_str()))
}

/// A post's attachments that have a preview, with its address.
pub fn previewed(post: &Post) -> impl Iterator<Item = (&Media, &str)> {
    post.media
        .iter()
        .filter_map(|media| Some((media, preview_url(media)?)))
}

/// Whether a post's attachments are shown behind a click: marked sensitive, or behind a
/// content warning, until revealed.
pub fn media_hidden(post: &Post, revealed: bool) -> bool {
    !revealed && (post.sensitive || post.spoiler.is_some())
}

/// Where a post's previews go: the rows they take and the columns each has, where they are
/// shown and there is room (one column between two).
pub fn band(post: &Post, width: u16) -> Option<(u16, u16)> {
    let count = previewed(post).count() as u16;
    if count == 0 || count > 8 {
        return None;
    }
    let each = (width.saturating_sub(count - 1) / count).min(MAX_COLUMNS);
    if each < MIN_COLUMNS {
        return None;
    }
    let rows = previewed(post)
        .map(|(media, _)| match media.size {
            // Half-block pixels are about square: two to a row.
            Some((w, h)) => {
                let scale =
                    (f64::from(each) / f64::from(w)).min(f64::from(MAX_ROWS * 2) / f64::from(h));
                ((f64::from(h) * scale / 2.0).ceil() as u16).clamp(1, MAX_ROWS)
            }
            None => UNKNOWN_ROWS,
        })
        .max()?;
    Some((rows, each))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture() -> Picture {
        Picture {
            thumb: Thumb {
                width: 100,
                height: 100,
                pixels: vec![[0, 0, 0]; 10_000],
            },
            source: None,
        }
    }

    /// A picture kept, with pixels to encode, on a kitty terminal: its number.
    fn on_kitty(previews: &mut Previews) -> u32 {
        previews.graphics = Some(Graphics {
            protocol: Protocol::Kitty,
            cell: (10, 20),
            tmux: false,
            compressed: false,
        });
        let source = image::RgbaImage::from_pixel(480, 120, image::Rgba([9, 9, 9, 255]));
        let mut kept = picture();
        kept.source = Some(std::sync::Arc::new(source));
        previews.arrived("a", Some(kept));
        previews.kept("a").unwrap().number
    }

    #[test]
    fn a_picture_in_boxes_of_two_sizes_is_encoded_once_for_each_and_forgotten_by_id() {
        let mut previews = Previews::default();
        let number = on_kitty(&mut previews);
        // Two panes of a deck, one narrower: half blocks in both, an encoding asked for each.
        let both = Drawn {
            boxes: vec![(number, (48, 6), None), (number, (30, 6), None)],
        };
        let upkeep = previews.upkeep(&both);
        assert_eq!(upkeep.encode.len(), 2);
        let ids: Vec<u32> = upkeep.encode.iter().map(|e| e.id).collect();
        assert_ne!(
            ids[0], ids[1],
            "one id for two sizes: kitty would keep only one"
        );
        // Asked once: the next frames ask for nothing more while they are on their way.
        assert!(previews.upkeep(&both).encode.is_empty());
        for encoding in upkeep.encode {
            let encoded = crate::media::encode(
                &encoding.source,
                encoding.cells,
                encoding.graphics,
                encoding.id,
            );
            previews.encoded(number, encoding.cells, encoded);
        }
        assert_eq!(previews.kept("a").unwrap().encoded.len(), 2);
        // Drawn in the terminal's graphics in both: nothing to encode, nothing to forget.
        let drawn = Drawn {
            boxes: vec![
                (number, (48, 6), Some(ids[0])),
                (number, (30, 6), Some(ids[1])),
            ],
        };
        let upkeep = previews.upkeep(&drawn);
        assert!(upkeep.encode.is_empty() && upkeep.forget.is_empty());
        // The narrow pane closed: kitty forgets that one only, and it is let go.
        let wide = Drawn {
            boxes: vec![(number, (48, 6), Some(ids[0]))],
        };
        let upkeep = previews.upkeep(&wide);
        assert_eq!(
            upkeep.forget,
            format!("\x1b_Ga=d,d=I,i={},q=2\x1b\\", ids[1])
        );
        let kept = previews.kept("a").unwrap();
        assert_eq!(kept.encoded.len(), 1);
        assert_eq!(kept.encoded[0].id, ids[0]);
    }

    #[test]
    fn a_picture_that_cannot_be_encoded_is_not_asked_again() {
        let mut previews = Previews::default();
        let number = on_kitty(&mut previews);
        let drawn = Drawn {
            boxes: vec![(number, (48, 6), None)],
        };
        assert_eq!(previews.upkeep(&drawn).encode.len(), 1);
        previews.encoded(number, (48, 6), Err("no".into()));
        assert!(previews.upkeep(&drawn).encode.is_empty(), "asked again");
    }

    #[test]
    fn past_the_memory_cap_the_least_recently_wanted_pictures_go_first() {
        let mut previews = Previews::default();
        // Room for two of these (30 KB each).
        previews.cap_memory(70_000);
        previews.arrived("a", Some(picture()));
        previews.arrived("b", Some(picture()));
        previews.wanted(["a"]);
        previews.arrived("c", Some(picture()));
        assert!(previews.kept("a").is_some(), "wanted last: kept");
        assert!(
            previews.kept("b").is_none(),
            "wanted least recently: dropped"
        );
        assert!(previews.kept("c").is_some());
        // A smaller cap lets go at once.
        previews.cap_memory(40_000);
        assert_eq!(
            ["a", "c"]
                .iter()
                .filter(|u| previews.kept(u).is_some())
                .count(),
            1
        );
    }
}
