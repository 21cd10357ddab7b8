//! Handing a post's media to the user's own programs: which program opens each kind (the one
//! configured, else the first of the usual ones found on `PATH`, the desktop's opener last),
//! the command line it gets (an argument list, never a shell), and the files kept for it: a
//! private copy for a program that cannot read a web address, or a download in the user's
//! download folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::api::MediaKind;
use crate::graphics::{Graphics, Protocol};

/// Stands for the address of the attachment in a configured command line.
pub const URL: &str = "{url}";
/// Stands for a downloaded copy of the attachment in a configured command line.
pub const FILE: &str = "{file}";

/// An attachment's bytes, fetched; shown in logs by its size alone.
#[derive(Clone, PartialEq, Eq)]
pub struct Download(pub Vec<u8>);

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Download({} bytes)", self.0.len())
    }
}

/// The programs the user configured (`[media]`), by kind; `None` picks one found on `PATH`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Programs {
    pub image: Option<Vec<String>>,
    pub video: Option<Vec<String>>,
    pub audio: Option<Vec<String>>,
}

/// The usual programs for each kind, best first. Picture viewers read files, players read
/// addresses; `mpv` gets a window for sound too, so it can be stopped.
const IMAGE_VIEWERS: &[&[&str]] = &[
    &["imv", FILE],
    &["nsxiv", FILE],
    &["sxiv", FILE],
    &["feh", FILE],
    &["eog", FILE],
];
const VIDEO_PLAYERS: &[&[&str]] = &[&["mpv", "--", URL], &["vlc", URL]];
const AUDIO_PLAYERS: &[&[&str]] = &[&["mpv", "--force-window", "--", URL], &["vlc", URL]];
/// The desktop's own opener, tried last for every kind.
const OPENER: &[&str] = if cfg!(target_os = "macos") {
    &["open", URL]
} else {
    &["xdg-open", URL]
};

impl Programs {
    /// The command line for `kind`: the configured one, else the first usual program that
    /// `installed` finds, else the desktop's opener.
    pub fn command(&self, kind: MediaKind, installed: impl Fn(&str) -> bool) -> Vec<String> {
        let (configured, usual) = match kind {
            MediaKind::Image => (&self.image, IMAGE_VIEWERS),
            MediaKind::Video | MediaKind::Gifv => (&self.video, VIDEO_PLAYERS),
            MediaKind::Audio => (&self.audio, AUDIO_PLAYERS),
            MediaKind::Other => (&None, &[] as &[&[&str]]),
        };
        if let Some(command) = configured {
            return command.clone();
        }
        let found = usual.iter().find(|command| installed(command[0]));
        found
            .copied()
            .unwrap_or(OPENER)
            .iter()
            .map(|part| (*part).to_owned())
            .collect()
    }
}

/// Whether `command` needs a downloaded copy rather than the address.
pub fn needs_file(command: &[String]) -> bool {
    command.iter().any(|part| part.contains(FILE))
}

/// The argument list to run: `{url}` and `{file}` replaced, or the address added at the end
/// where the command names neither. Each part stays one argument, whatever it holds.
pub fn arguments(command: &[String], url: &str, file: Option<&Path>) -> Vec<String> {
    let file = file.map(|path| path.to_string_lossy().into_owned());
    let names_it = command
        .iter()
        .any(|part| part.contains(URL) || part.contains(FILE));
    let mut arguments: Vec<String> = command
        .iter()
        .map(|part| {
            let part = part.replace(URL, url);
            match &file {
                Some(file) => part.replace(FILE, file),
                None => part,
            }
        })
        .collect();
    if !names_it {
        arguments.push(url.to_owned());
    }
    arguments
}

/// Whether a program named `name` is on `PATH` (or is a path to one) and can be run.
pub fn installed(name: &str) -> bool {
    let runnable = |path: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if name.contains('/') {
        return runnable(Path::new(name));
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| runnable(&dir.join(name))))
}

/// Starts `arguments` without waiting for it, apart from the terminal (no input, output
/// discarded, its own process group so the terminal's Ctrl-C does not reach it).
pub fn launch(arguments: &[String]) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let (program, rest) = arguments.split_first().ok_or("no program is configured")?;
    let mut child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", crate::sanitize::line(program)))?;
    // Reaped when it ends, so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// A file name for an attachment that is safe on any disk and in any shell: the last part of
/// its address in letters, digits, `.`, `-` and `_` (nothing hidden, nothing that climbs out of
/// the folder, at most 80 characters), else `fallback`.
pub fn file_name(url: &str, fallback: &str) -> String {
    let last = url::Url::parse(url)
        .ok()
        .and_then(|url| {
            url.path_segments()
                .and_then(|mut segments| segments.next_back().map(str::to_owned))
        })
        .unwrap_or_default();
    let last = percent_decoded(&last);
    let safe: String = last
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' => c,
            _ => '_',
        })
        .collect();
    let safe = safe.trim_start_matches(['.', '-', '_']);
    // Keep the end, where the extension is.
    let safe: String = {
        let chars: Vec<char> = safe.chars().collect();
        chars[chars.len().saturating_sub(80)..].iter().collect()
    };
    match safe.trim_start_matches(['.', '-', '_']) {
        "" => fallback.to_owned(),
        name => name.to_owned(),
    }
}

fn percent_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Writes `bytes` as a new file named after `name` in `dir` (which is made if missing),
/// never over an existing one: `cat.png`, then `cat-1.png`, `cat-2.png`… Returns its path.
pub fn save_new(dir: &Path, name: &str, bytes: &[u8], private: bool) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::create_dir_all(dir)?;
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (name, String::new()),
    };
    for attempt in 0..1000 {
        let candidate = match attempt {
            0 => dir.join(name),
            n => dir.join(format!("{stem}-{n}{extension}")),
        };
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(if private { 0o600 } else { 0o644 })
            .open(&candidate);
        match opened {
            Ok(mut file) => {
                file.write_all(bytes)?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("too many files named like {name}"),
    ))
}

/// A picture made small for the terminal's cells: `width` columns by `height` pixel rows, two
/// to a row of cells (drawn as half blocks, where each half of a cell is about square).
#[derive(Clone, PartialEq, Eq)]
pub struct Thumb {
    pub width: u16,
    pub height: u16,
    /// Row by row, red, green, blue.
    pub pixels: Vec<[u8; 3]>,
}

impl std::fmt::Debug for Thumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Thumb({}x{})", self.width, self.height)
    }
}

impl Thumb {
    /// The colour at (`x`, `y`) of this picture drawn `width` by `height` (nearest pixel).
    pub fn at(&self, x: u16, y: u16, width: u16, height: u16) -> [u8; 3] {
        let sx = u32::from(x) * u32::from(self.width) / u32::from(width.max(1));
        let sy = u32::from(y) * u32::from(self.height) / u32::from(height.max(1));
        let index = sy.min(u32::from(self.height) - 1) * u32::from(self.width)
            + sx.min(u32::from(self.width) - 1);
        self.pixels[index as usize]
    }
}

/// The picture a BlurHash stands for, `width` by `height` pixels (a few: it is blurred);
/// `None` for a hash that is not one.
pub fn blurred(hash: &str, width: u16, height: u16) -> Option<Thumb> {
    let rgba = blurhash::decode(hash, u32::from(width), u32::from(height), 1.0).ok()?;
    Some(Thumb {
        width,
        height,
        pixels: rgba.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect(),
    })
}

/// Pictures larger than this are refused unread: a small file can claim to be huge (a
/// "decompression bomb") and take gigabytes once decoded.
pub const MAX_PIXELS: u64 = 40_000_000;

/// A picture fetched for the terminal: small, for half blocks, and where the terminal draws
/// pictures itself, the pixels it is drawn from (shared with the work that encodes them).
#[derive(Debug, Clone)]
pub struct Picture {
    pub thumb: Thumb,
    pub source: Option<std::sync::Arc<image::RgbaImage>>,
}

impl Picture {
    /// The memory it takes.
    pub fn bytes(&self) -> usize {
        self.thumb.pixels.len() * 3 + self.source.as_ref().map_or(0, |s| s.as_raw().len()) + 64
    }
}

/// The picture in `bytes` (PNG, JPEG, WebP or GIF, its first frame) made small enough to fit
/// `columns` by `rows` cells, keeping its shape: in half blocks, and with `graphics`, in the
/// terminal's pixels too. Slow for large pictures: run it off the loop.
pub fn picture(
    bytes: &[u8],
    (columns, rows): (u16, u16),
    graphics: Option<Graphics>,
) -> Result<Picture, String> {
    let decoded = decode(bytes)?;
    let small = decoded
        .thumbnail(u32::from(columns), u32::from(rows) * 2)
        .to_rgb8();
    let (width, height) = small.dimensions();
    let thumb = Thumb {
        width: width.max(1) as u16,
        height: height.max(1) as u16,
        pixels: small.pixels().map(|p| p.0).collect(),
    };
    let source = graphics.map(|graphics| {
        let (cell_width, cell_height) = graphics.cell;
        let fitted = decoded.thumbnail(
            u32::from(columns) * u32::from(cell_width),
            u32::from(rows) * u32::from(cell_height),
        );
        std::sync::Arc::new(fitted.to_rgba8())
    });
    Ok(Picture { thumb, source })
}

/// The picture in `bytes`, refused unread where it is not a kind skua knows or would be too
/// large once decoded.
fn decode(bytes: &[u8]) -> Result<image::DynamicImage, String> {
    use image::{ImageFormat, ImageReader};
    let reader = || {
        ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())
    };
    let known = [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::WebP,
        ImageFormat::Gif,
    ];
    if !reader()?.format().is_some_and(|f| known.contains(&f)) {
        return Err("not a picture skua can show (PNG, JPEG, WebP, GIF)".into());
    }
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|e| format!("the picture cannot be read: {e}"))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width == 0 || height == 0 {
        return Err(format!(
            "the picture is too large to show ({width}x{height})"
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    let mut reader = reader()?;
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("the picture cannot be read: {e}"))
}

/// A picture encoded for the terminal's own graphics, to fill a box of `cells`.
pub struct Encoded {
    /// What the terminal knows the picture by (kitty keeps its pixels under it).
    pub id: u32,
    /// The box it was made for (columns, rows).
    pub cells: (u16, u16),
    /// The cells it covers, at most the box.
    pub size: (u16, u16),
    pub sliced: ratatui_image::sliced::SlicedProtocol,
    /// Its escape sequences' length: the memory it takes, and the bytes it costs to send.
    pub bytes: usize,
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Encoded(#{} {:?} in {:?})",
            self.id, self.size, self.cells
        )
    }
}

/// `source` encoded for `graphics` as large as fits `cells`, keeping its shape; known to the
/// terminal as `id`. Slow (Sixel above all): run it off the loop.
pub fn encode(
    source: &image::RgbaImage,
    cells: (u16, u16),
    graphics: Graphics,
    id: u32,
) -> Result<Encoded, String> {
    use ratatui::layout::Size;
    use ratatui_image::sliced::SlicedProtocol;
    use ratatui_image::{FontSize, Resize};
    let font = FontSize::new(graphics.cell.0.max(1), graphics.cell.1.max(1));
    let image = image::DynamicImage::ImageRgba8(source.clone());
    let fit = Resize::Fit(None);
    let size = fit.size_for(&image, font, Size::new(cells.0, cells.1));
    let failed = |e: ratatui_image::errors::Errors| format!("the picture cannot be encoded: {e}");
    let sliced = match graphics.protocol {
        Protocol::Kitty => {
            let image = fit.resize(&image, font, size, None);
            let kitty = ratatui_image::protocol::kitty::Kitty::new(
                image,
                size,
                id,
                graphics.tmux,
                graphics.compressed,
            )
            .map_err(failed)?;
            SlicedProtocol::Kitty(kitty)
        }
        Protocol::Sixel | Protocol::Iterm2 => {
            // The picker is only how the crate is told the cell size, tmux and the protocol.
            #[allow(deprecated)]
            let mut picker = ratatui_image::picker::Picker::from_fontsize(font);
            picker.set_protocol_type(match graphics.protocol {
                Protocol::Sixel => ratatui_image::picker::ProtocolType::Sixel,
                _ => ratatui_image::picker::ProtocolType::Iterm2,
            });
            SlicedProtocol::new_with_resize(&picker, image, size, fit).map_err(failed)?
        }
    };
    let size = sliced.size();
    // An estimate: the sequences hold the pixels at most about as large as four bytes each.
    let bytes = usize::from(size.width)
        * usize::from(size.height)
        * usize::from(font.width)
        * usize::from(font.height)
        * 4;
    Ok(Encoded {
        id,
        cells,
        size: (size.width, size.height),
        sliced,
        bytes,
    })
}

/// Copies handed to viewers are kept this long, then removed when the next one is written.
const OPENED_KEPT: Duration = Duration::from_secs(3600);

/// Where private copies for viewers are kept: `opened/` in skua's cache folder.
pub fn opened_dir() -> Option<PathBuf> {
    crate::files::cache_dir().map(|cache| cache.join("opened"))
}

/// Keeps a private copy of an attachment for a viewer in `dir`, removing the copies older
/// than an hour (their viewers have read them), so the folder stays small.
pub fn keep_for_viewer(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| now.duration_since(at).unwrap_or_default() > OPENED_KEPT);
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    save_new(dir, name, bytes, true)
}

/// The user's download folder (XDG), else their home folder.
pub fn downloads_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.download_dir()
            .map_or_else(|| dirs.home_dir().to_owned(), Path::to_owned),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn the_configured_program_wins_then_the_first_installed_then_the_opener() {
        let configured = Programs {
            image: Some(strings(&["my-viewer", "--fit"])),
            ..Programs::default()
        };
        assert_eq!(
            configured.command(MediaKind::Image, |_| true),
            strings(&["my-viewer", "--fit"])
        );
        let none = Programs::default();
        assert_eq!(
            none.command(MediaKind::Image, |name| name == "feh"),
            strings(&["feh", FILE])
        );
        assert_eq!(
            none.command(MediaKind::Gifv, |name| name == "mpv"),
            strings(&["mpv", "--", URL])
        );
        assert_eq!(none.command(MediaKind::Audio, |_| false)[0], OPENER[0]);
        assert_eq!(none.command(MediaKind::Other, |_| true)[0], OPENER[0]);
    }

    #[test]
    fn each_part_of_a_command_stays_one_argument() {
        let url = "https://example.org/a b;rm -rf ~.png";
        let command = strings(&["mpv", "--"]);
        assert_eq!(
            arguments(&command, url, None),
            strings(&["mpv", "--", url]),
            "the address is added at the end, whole"
        );
        let command = strings(&["viewer", "--title={url}", FILE]);
        let file = Path::new("/tmp/x y.png");
        assert_eq!(
            arguments(&command, url, Some(file)),
            strings(&["viewer", &format!("--title={url}"), "/tmp/x y.png"])
        );
        assert!(needs_file(&command) && !needs_file(&strings(&["mpv"])));
    }

    #[test]
    fn file_names_never_hide_or_climb_out() {
        let fallback = "attachment";
        assert_eq!(
            file_name("https://h/media/a1/cat.png?x=1", fallback),
            "cat.png"
        );
        assert_eq!(
            file_name("https://h/media/..%2F..%2Fbashrc", fallback),
            "bashrc"
        );
        assert_eq!(file_name("https://h/.hidden", fallback), "hidden");
        assert_eq!(file_name("https://h/", fallback), fallback);
        assert_eq!(file_name("https://h/%E2%80%AEgpj.exe", fallback), "gpj.exe");
        assert_eq!(file_name("https://h/a%20b%00c.jpg", fallback), "a_b_c.jpg");
        let long = format!("https://h/{}.webp", "x".repeat(500));
        let name = file_name(&long, fallback);
        assert!(name.len() <= 80 && name.ends_with(".webp"), "{name}");
    }

    #[test]
    fn a_download_never_writes_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_new(dir.path(), "cat.png", b"one", false).unwrap();
        let second = save_new(dir.path(), "cat.png", b"two", false).unwrap();
        let bare = save_new(dir.path(), "README", b"three", false).unwrap();
        assert_eq!(first, dir.path().join("cat.png"));
        assert_eq!(second, dir.path().join("cat-1.png"));
        assert_eq!(bare, dir.path().join("README"));
        assert_eq!(std::fs::read(first).unwrap(), b"one");
        assert_eq!(std::fs::read(second).unwrap(), b"two");
    }

    /// A PNG of `width` by `height` in one colour.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 10]))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }

    #[test]
    fn a_picture_is_made_small_keeping_its_shape() {
        let thumb = picture(&png(400, 100), (40, 6), None)
            .map(|p| p.thumb)
            .unwrap();
        assert_eq!((thumb.width, thumb.height), (40, 10));
        assert_eq!(thumb.at(0, 0, 20, 5), [200, 40, 10]);
        let tall = picture(&png(100, 400), (40, 6), None)
            .map(|p| p.thumb)
            .unwrap();
        assert_eq!((tall.width, tall.height), (3, 12));
    }

    #[test]
    fn every_format_servers_send_is_read() {
        let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            30,
            20,
            image::Rgb([10, 200, 90]),
        ));
        for format in [
            image::ImageFormat::Png,
            image::ImageFormat::Jpeg,
            image::ImageFormat::WebP,
            image::ImageFormat::Gif,
        ] {
            let mut bytes = Vec::new();
            let written = match format {
                // GIF and WebP keep an alpha channel.
                image::ImageFormat::Gif | image::ImageFormat::WebP => {
                    image::DynamicImage::ImageRgba8(picture.to_rgba8())
                        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
                }
                _ => picture.write_to(&mut std::io::Cursor::new(&mut bytes), format),
            };
            written.unwrap_or_else(|e| panic!("{format:?}: {e}"));
            let thumb = super::picture(&bytes, (15, 5), None)
                .map(|p| p.thumb)
                .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            assert_eq!((thumb.width, thumb.height), (15, 10), "{format:?}");
            let [r, g, b] = thumb.at(7, 5, 15, 10);
            assert!(
                r < 40 && g > 170 && b > 60 && b < 120,
                "{format:?}: {r} {g} {b}"
            );
        }
    }

    #[test]
    fn what_is_not_a_picture_or_claims_to_be_huge_is_refused_unread() {
        assert!(
            picture(b"<html>not found</html>", (40, 6), None)
                .map(|p| p.thumb)
                .unwrap_err()
                .contains("not a picture")
        );
        // A PNG header claiming 100,000 x 100,000 pixels, and nothing behind it.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        let refused = picture(&bomb, (40, 6), None).map(|p| p.thumb).unwrap_err();
        assert!(refused.contains("too large"), "{refused}");
        let mut cut = png(50, 50);
        cut.truncate(cut.len() / 2);
        assert!(
            picture(&cut, (40, 6), None)
                .map(|p| p.thumb)
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn a_blurhash_is_a_few_pixels_and_garbage_is_none() {
        let hash = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
        let thumb = blurred(hash, 8, 6).unwrap();
        assert_eq!((thumb.width, thumb.height, thumb.pixels.len()), (8, 6, 48));
        for garbage in [
            "",
            "abc",
            "LEHV6nWB2yk8pyo0adR*.7kCMdn",
            "ÿÿÿÿÿÿÿÿ",
            &"~".repeat(200),
        ] {
            assert!(blurred(garbage, 8, 6).is_none(), "{garbage}");
        }
    }

    #[test]
    fn copies_for_viewers_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = keep_for_viewer(dir.path(), "cat.png", b"png").unwrap();
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
