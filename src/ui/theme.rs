//! Colours and emphasis, in one place. Only the 16 base colours, so every terminal shows them.

use ratatui::style::{Color, Modifier, Style};

// Every style here is made of the colours of `config::THEME_ROLES` (and white and black, which
// a theme leaves alone), so a theme reaches all of them.

/// Puts the theme's colours where the default ones were drawn (one pass over the frame, so
/// no view needs to know about themes).
pub fn recolour(buffer: &mut ratatui::buffer::Buffer, palette: &[(Color, Color)]) {
    let swap = |colour: &mut Color| {
        if let Some((_, to)) = palette.iter().find(|(from, _)| from == colour) {
            *colour = *to;
        }
    };
    for cell in &mut buffer.content {
        swap(&mut cell.fg);
        swap(&mut cell.bg);
    }
}

/// NO_COLOR (no-color.org): every colour goes; what stood out by its background (the demo
/// badge, the unread badge) stands out reversed instead. Bold, reversed and the selection bar
/// stay.
pub fn without_colour(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const NAME: Style = Style::new().add_modifier(Modifier::BOLD);
pub const ACCT: Style = Style::new().fg(Color::Cyan);
pub const LINK: Style = Style::new()
    .fg(Color::Blue)
    .add_modifier(Modifier::UNDERLINED);
pub const MENTION: Style = Style::new().fg(Color::Cyan);
pub const HASHTAG: Style = Style::new().fg(Color::Magenta);
pub const CODE: Style = Style::new().fg(Color::Yellow);
pub const QUOTE: Style = Style::new().fg(Color::Green);
pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const BOOST: Style = Style::new().fg(Color::Green);
pub const BADGE_BOX: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
pub const LIVE: Style = Style::new().fg(Color::Green);
pub const NOTICE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const FAVOURITE: Style = Style::new().fg(Color::Yellow);
pub const SELECTED_BAR: Style = Style::new().fg(Color::Cyan);
/// The post a thread was opened on.
pub const FOCUSED_BAR: Style = Style::new().fg(Color::Yellow);
/// What the viewer did to a post (favourited, boosted...).
pub const MINE: Style = Style::new().fg(Color::Yellow);
pub const ACTIVE_TAB: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
pub const TAB: Style = Style::new();
/// The tab a pane without the focus shows.
pub const SHOWN_TAB: Style = Style::new()
    .fg(Color::Cyan)
    .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));
pub const BADGE: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const STATUS: Style = Style::new().fg(Color::Gray);
pub const HIGHLIGHT: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const DEMO: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
/// QR codes: light modules drawn in white on black, whatever the terminal's colours.
pub const QR: Style = Style::new().fg(Color::White).bg(Color::Black);
/// The cursor of a field being typed in.
pub const CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);
