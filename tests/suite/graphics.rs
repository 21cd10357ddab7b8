//! Pictures in the terminal's own graphics, on the demo, through the bytes a real frame writes
//! to the terminal (ratatui sends only the cells that changed): kitty's picture is sent once,
//! placed as text cells, and forgotten when its post leaves the screen; Sixel's sequence starts
//! and ends where it should and the cells under it are left alone; tmux gets every sequence
//! wrapped to pass through; and a picture covered by a popup is not drawn over it.

use crate::common;

use std::cell::RefCell;
use std::rc::Rc;

use common::Harness;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use skua::graphics::{Graphics, Protocol};

const SIZE: (u16, u16) = (80, 24);

/// What the terminal was sent, kept where the test can read it.
#[derive(Clone, Default)]
struct Sent(Rc<RefCell<Vec<u8>>>);

impl std::io::Write for Sent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The terminal the frames are written to, kept across frames as the event loop keeps it.
struct Screen {
    terminal: Terminal<CrosstermBackend<Sent>>,
    sent: Sent,
    panes: skua::ui::PaneCache,
}

impl Screen {
    fn new() -> Screen {
        let viewport = Viewport::Fixed(Rect::new(0, 0, SIZE.0, SIZE.1));
        let sent = Sent::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(sent.clone()),
            TerminalOptions { viewport },
        )
        .unwrap();
        Screen {
            terminal,
            sent,
            panes: Default::default(),
        }
    }

    /// Draws a frame, then the pictures' upkeep, as the event loop does; the bytes written and
    /// the cells drawn.
    fn frame(&mut self, h: &mut Harness) -> (String, Buffer) {
        let panes = &mut self.panes;
        let buffer = self
            .terminal
            .draw(|frame| skua::ui::draw(frame, &h.app.state, panes))
            .unwrap()
            .buffer
            .clone();
        h.app.pictures_drawn(&self.panes.pictures);
        let written = std::mem::take(&mut *self.sent.0.borrow_mut());
        (String::from_utf8_lossy(&written).into_owned(), buffer)
    }

    /// Frames until the pictures on screen are encoded for the terminal: the last frame's bytes.
    async fn settled(&mut self, h: &mut Harness) -> (String, Buffer) {
        let mut written = String::new();
        for _ in 0..5 {
            let (bytes, buffer) = self.frame(h);
            written.push_str(&bytes);
            if h.app.in_flight() == 0 {
                return (written, buffer);
            }
            h.settle().await;
        }
        panic!("the pictures were never encoded");
    }
}

fn is_picture(post: &skua::api::Post) -> bool {
    post.media
        .first()
        .is_some_and(|m| m.kind == skua::api::MediaKind::Image)
}

/// The demo, previews shown, on a terminal that answered it has `protocol`, on the first post
/// with a picture, its pictures fetched.
async fn on(protocol: Protocol, tmux: bool) -> Harness {
    let mut h = Harness::start(SIZE).await;
    h.app.show_previews(true, false);
    h.app.terminal_draws(Some(Graphics {
        protocol,
        cell: (10, 20),
        tmux,
        compressed: false,
    }));
    h.select_first(|post, _| is_picture(post)).await;
    h.settle().await;
    h
}

/// The kitty pictures sent in `written`: each one's id (they are sent in chunks; the first
/// names it), in order.
fn kitty_sent(written: &str) -> Vec<u32> {
    written
        .match_indices("\x1b_Gq=2,i=")
        .map(|(at, found)| {
            let rest = &written[at + found.len()..];
            let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
            assert!(
                rest[id.len()..].starts_with(",a=T,U=1,f=32,"),
                "a transmission that places no virtual picture: {:?}",
                &rest[..40.min(rest.len())]
            );
            id.parse().unwrap()
        })
        .collect()
}

/// The ids kitty's placeholder cells in `buffer` name (their colour), each once.
fn kitty_placed(buffer: &Buffer) -> Vec<u32> {
    let mut ids = Vec::new();
    for cell in &buffer.content {
        if cell.symbol().contains('\u{10EEEE}')
            && let ratatui::style::Color::Rgb(r, g, b) = cell.fg
        {
            let id = u32::from_be_bytes([0, r, g, b]);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

#[tokio::test]
async fn kitty_is_sent_each_picture_once_and_forgets_it_when_its_post_leaves_the_screen() {
    let mut h = on(Protocol::Kitty, false).await;
    let mut screen = Screen::new();
    let (written, buffer) = screen.settled(&mut h).await;
    let sent = kitty_sent(&written);
    let placed = kitty_placed(&buffer);
    assert!(!placed.is_empty(), "no picture placed");
    for id in &placed {
        assert!(sent.contains(id), "#{id} placed but never sent");
    }
    // Each transmission ends where kitty expects: its last chunk says so and is closed.
    assert_eq!(
        written.matches("m=0;").count(),
        sent.len(),
        "every picture's last chunk"
    );
    // No marker of skua's own (kitty's character on a coloured ground) is left to draw.
    assert!(buffer.content.iter().all(
        |c| !c.symbol().contains('\u{10EEEE}') || matches!(c.bg, ratatui::style::Color::Reset)
    ));
    // The next frames send nothing again.
    let (again, _) = screen.frame(&mut h);
    assert!(kitty_sent(&again).is_empty(), "sent again: {again:?}");

    // Far down: the pictures left the screen, and kitty is told to forget them.
    h.press(&"j".repeat(30)).await;
    let (_, buffer) = screen.frame(&mut h);
    let now = kitty_placed(&buffer);
    let effects = std::mem::take(&mut h.app.effects);
    for effect in effects {
        h.apply(effect);
    }
    for id in placed.iter().filter(|id| !now.contains(id)) {
        assert!(
            h.written
                .contains(&format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\")),
            "#{id} was not forgotten: {:?}",
            h.written
        );
    }
    // Back up: sent again, since kitty forgot it.
    h.press(&"k".repeat(30)).await;
    let (written, buffer) = screen.settled(&mut h).await;
    let sent = kitty_sent(&written);
    for id in kitty_placed(&buffer) {
        assert!(sent.contains(&id), "#{id} placed but not sent again");
    }
}

#[tokio::test]
async fn a_sixel_picture_is_one_sequence_with_the_cells_under_it_left_alone() {
    let mut h = on(Protocol::Sixel, false).await;
    let mut screen = Screen::new();
    let (written, buffer) = screen.settled(&mut h).await;
    let starts: Vec<usize> = buffer
        .content
        .iter()
        .enumerate()
        .filter(|(_, c)| c.symbol().contains("\x1bP"))
        .map(|(at, _)| at)
        .collect();
    assert!(!starts.is_empty(), "no Sixel picture drawn");
    for at in &starts {
        let symbol = buffer.content[*at].symbol();
        let sixel = &symbol[symbol.find("\x1bP").unwrap()..];
        // Device control string, Sixel's `q`, a palette, then its end.
        assert!(sixel[2..].split_once('q').is_some(), "{sixel:.40?}");
        assert!(sixel.contains("#0;2;"), "no palette: {sixel:.60?}");
        assert!(
            sixel.ends_with("\x1b\\"),
            "unfinished: …{:?}",
            &sixel[sixel.len() - 10..]
        );
        // The cell to its right is the picture's: the terminal is not written there.
        let right = &buffer.content[at + 1];
        assert_eq!(
            right.diff_option,
            ratatui::buffer::CellDiffOption::Skip,
            "{right:?}"
        );
        assert!(
            written.contains(sixel),
            "the sequence never reached the terminal"
        );
    }
    // A frame where nothing moved writes no picture again.
    let (again, _) = screen.frame(&mut h);
    assert!(
        !again.contains("\x1bP"),
        "drawn again: {} bytes",
        again.len()
    );
}

/// The pixel sizes (width, height) of the Sixel pictures in `written`, from their raster
/// attributes (`"1;1;W;H`).
fn sixel_sizes(written: &str) -> Vec<(u32, u32)> {
    written
        .split("\x1bP")
        .skip(1)
        .filter_map(|sixel| {
            let attributes = sixel.split_once("q\"")?.1;
            let numbers: Vec<u32> = attributes
                .split(|c: char| !c.is_ascii_digit())
                .take(4)
                .filter_map(|n| n.parse().ok())
                .collect();
            (numbers.len() == 4).then(|| (numbers[2], numbers[3]))
        })
        .collect()
}

/// A font zoom changes the window's cells: Sixel pictures, made in pixels, are made again
/// for the new cells, so they neither spill over the text around their box nor fill a part.
#[tokio::test]
async fn after_a_font_zoom_sixel_pictures_are_made_for_the_new_cells() {
    let mut h = on(Protocol::Sixel, false).await;
    h.app.window_measured(Some((10, 20)));
    let mut screen = Screen::new();
    let (written, _) = screen.settled(&mut h).await;
    let before = sixel_sizes(&written);
    assert!(!before.is_empty(), "no Sixel picture drawn");
    // Zoomed out: cells half as large, in pixels.
    h.app.window_measured(Some((5, 10)));
    let mut screen = Screen::new();
    let (written, _) = screen.settled(&mut h).await;
    let after = sixel_sizes(&written);
    assert!(!after.is_empty(), "no Sixel picture drawn again");
    let largest = |sizes: &[(u32, u32)]| sizes.iter().copied().max().unwrap();
    let ((w0, h0), (w1, h1)) = (largest(&before), largest(&after));
    assert!(
        w1 * 2 <= w0 + 2 && h1 * 2 <= h0 + 12,
        "{before:?} then {after:?}"
    );
}

#[tokio::test]
async fn in_tmux_every_picture_passes_through_to_the_terminal_around_it() {
    let mut h = on(Protocol::Kitty, true).await;
    let mut screen = Screen::new();
    let (written, _) = screen.settled(&mut h).await;
    assert!(
        written.contains("\x1bPtmux;\x1b\x1b_Gq=2,i="),
        "{:.80?}",
        written
    );
    // Every kitty sequence has its escape doubled inside tmux's.
    assert_eq!(
        written.matches("\x1b_G").count(),
        written.matches("\x1b\x1b_G").count(),
        "a sequence tmux would swallow"
    );
}

#[tokio::test]
async fn a_popup_over_a_picture_is_never_drawn_over_and_half_blocks_stand_in_until_encoded() {
    let mut h = on(Protocol::Sixel, false).await;
    let mut screen = Screen::new();
    // Before any encoding: half blocks where the picture goes, and the encoding asked for.
    let (_, buffer) = screen.frame(&mut h);
    assert!(buffer.content.iter().any(|c| c.symbol() == "▀"));
    assert!(h.app.in_flight() > 0, "nothing asked to be encoded");
    let (_, buffer) = screen.settled(&mut h).await;
    assert!(buffer.content.iter().any(|c| c.symbol().contains("\x1bP")));
    // Help over the timeline: the picture under it is not drawn through it.
    h.press("?").await;
    let (written, buffer) = screen.frame(&mut h);
    let help: String = buffer.content.iter().map(|c| c.symbol()).collect();
    assert!(help.contains("Keys"), "{help}");
    assert!(!written.contains("\x1bP"), "a picture drawn over the popup");
}

#[tokio::test]
async fn pictures_wait_for_the_terminals_answer_and_are_fetched_once() {
    let mut h = Harness::start(SIZE).await;
    h.select_first(|post, _| is_picture(post)).await;
    // Asked at start; the answer (100 ms at most) not in yet: nothing is fetched.
    h.app.state.previews.awaiting_terminal = true;
    h.app.show_previews(true, false);
    h.settle().await;
    let media = |h: &Harness| {
        h.server
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/media/"))
            .map(|r| r.path)
            .collect::<Vec<_>>()
    };
    assert!(media(&h).is_empty(), "{:?}", media(&h));
    h.app.terminal_draws(Some(Graphics {
        protocol: Protocol::Kitty,
        cell: (10, 20),
        tmux: false,
        compressed: false,
    }));
    h.settle().await;
    let asked = media(&h);
    assert!(!asked.is_empty());
    let mut once = asked.clone();
    once.sort();
    once.dedup();
    assert_eq!(asked.len(), once.len(), "fetched twice: {asked:?}");
}

#[tokio::test]
async fn an_iterm2_picture_is_one_inline_file_sequence_ended_by_bel() {
    let mut h = on(Protocol::Iterm2, false).await;
    let mut screen = Screen::new();
    let (written, buffer) = screen.settled(&mut h).await;
    let pictures: Vec<&str> = buffer
        .content
        .iter()
        .map(|c| c.symbol())
        .filter(|s| s.contains("\x1b]1337;File="))
        .collect();
    assert!(!pictures.is_empty(), "no iTerm2 picture drawn");
    for symbol in pictures {
        let file = &symbol[symbol.find("\x1b]1337;File=").unwrap()..];
        let (arguments, rest) = file.split_once(':').expect("arguments, then the picture");
        assert!(arguments.contains("inline=1"), "{arguments}");
        assert!(arguments.contains("doNotMoveCursor=1"), "{arguments}");
        // Base64 of a PNG (it starts "\x89PNG"), then BEL ends it.
        assert!(rest.starts_with("iVBORw0KGgo"), "{:.20}", rest);
        assert!(rest.ends_with('\x07'), "unfinished");
        assert!(written.contains(file), "never reached the terminal");
    }
}

#[tokio::test]
async fn in_tmux_without_passthrough_the_status_line_says_why_pictures_are_in_half_blocks() {
    let said = "tmux passes no pictures through (allow-passthrough is off)";
    // tmux answers before the terminal does, then the other way round: said once both are in.
    for tmux_first in [true, false] {
        let mut h = Harness::start(SIZE).await;
        h.app.state.previews.awaiting_terminal = true;
        h.app.show_previews(true, false);
        if tmux_first {
            h.app.tmux_passes_through(false);
            assert!(!h.screen().contains(said));
            h.app.terminal_draws(None);
        } else {
            h.app.terminal_draws(None);
            assert!(!h.screen().contains(said));
            h.app.tmux_passes_through(false);
        }
        let screen = h.screen();
        assert!(screen.contains(said), "{screen}");
    }
    // Passing through, or a terminal drawing pictures anyway (tmux's own Sixel): nothing said.
    let mut h = Harness::start(SIZE).await;
    h.app.state.previews.awaiting_terminal = true;
    h.app.show_previews(true, false);
    h.app.tmux_passes_through(true);
    h.app.terminal_draws(None);
    assert!(!h.screen().contains(said));
    let mut h = Harness::start(SIZE).await;
    h.app.state.previews.awaiting_terminal = true;
    h.app.show_previews(true, false);
    h.app.tmux_passes_through(false);
    h.app.terminal_draws(Some(Graphics {
        protocol: Protocol::Sixel,
        cell: (10, 20),
        tmux: true,
        compressed: false,
    }));
    assert!(!h.screen().contains(said));
}
