//! QR codes drawn with block characters: the light modules are the glyphs (callers draw them
//! white on black, whatever the terminal's colours), with a one-module light margin.
//!
//! Half blocks draw two modules per character cell, one above the other, so the modules come
//! out square. Where that is too tall (a login address of 250–300 characters needs 30 rows),
//! sextants (U+1FB00–U+1FB3B) draw two by three, which fits 80x24 beside the address; their
//! modules are a third taller than wide, which phone scanners read (the tests decode both).

/// How many modules a character cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Density {
    /// One across, two down: square modules.
    Half,
    /// Two across, three down: for a code that must fit fewer rows.
    Sextant,
}

impl Density {
    /// Modules per cell, across and down.
    fn cell(self) -> (usize, usize) {
        match self {
            Density::Half => (1, 2),
            Density::Sextant => (2, 3),
        }
    }
}

/// Light modules around the code.
const MARGIN: usize = 1;

/// `text` as a QR code, one string per terminal row, or `None` if it is too long for one.
pub fn lines(text: &str, density: Density) -> Option<Vec<String>> {
    Some(draw(&encode(text)?, density))
}

/// The code of `text` with low error correction: the smallest code, and a screen, unlike paper,
/// is not smudged or torn.
fn encode(text: &str) -> Option<qrcode::QrCode> {
    qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L).ok()
}

fn draw(code: &qrcode::QrCode, density: Density) -> Vec<String> {
    let size = code.width();
    let colors = code.to_colors();
    let padded = size + 2 * MARGIN;
    let light = |x: usize, y: usize| {
        let inside = (MARGIN..MARGIN + size).contains(&x) && (MARGIN..MARGIN + size).contains(&y);
        // Past the margin is the terminal's own dark background.
        if x >= padded || y >= padded {
            return false;
        }
        !inside || colors[(y - MARGIN) * size + (x - MARGIN)] == qrcode::Color::Light
    };
    let (across, down) = density.cell();
    (0..padded)
        .step_by(down)
        .map(|y| {
            (0..padded)
                .step_by(across)
                .map(|x| {
                    // Bit 0 is the top left module, then left to right, top to bottom.
                    let mut bits = 0u8;
                    for row in 0..down {
                        for column in 0..across {
                            if light(x + column, y + row) {
                                bits |= 1 << (row * across + column);
                            }
                        }
                    }
                    glyph(density, bits)
                })
                .collect()
        })
        .collect()
}

/// The character that lights the modules set in `bits`.
fn glyph(density: Density, bits: u8) -> char {
    match (density, bits) {
        (_, 0) => ' ',
        (Density::Half, 1) => '▀',
        (Density::Half, 2) => '▄',
        (Density::Half, _) => '█',
        (Density::Sextant, 63) => '█',
        // The two half blocks Unicode already had are left out of the sextant range.
        (Density::Sextant, 21) => '▌',
        (Density::Sextant, 42) => '▐',
        (Density::Sextant, bits) => {
            let skipped = u32::from(bits > 21) + u32::from(bits > 42);
            char::from_u32(0x1FB00 + u32::from(bits) - 1 - skipped).unwrap_or('█')
        }
    }
}

/// Where a code goes beside the text that explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Above the text, which has the whole width.
    Above,
    /// On the left, the text in the columns right of it.
    Beside,
}

/// Columns between a code and the text beside it.
pub const GAP: usize = 2;
/// The narrowest text worth putting beside a code.
const NARROWEST_TEXT: usize = 24;

/// The densities this terminal shows: the Linux console's fonts have no sextants.
fn densities() -> &'static [Density] {
    static LINUX_CONSOLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    match LINUX_CONSOLE.get_or_init(|| std::env::var("TERM").is_ok_and(|term| term == "linux")) {
        true => &[Density::Half],
        false => &[Density::Half, Density::Sextant],
    }
}

/// A code of `text` with the text that explains it, placed to fit `columns` x `rows`:
/// `text_rows(width)` says how many rows the text takes at a width. Square half blocks are
/// preferred, above the text or beside it; sextants only where those do not fit.
pub fn place(
    text: &str,
    (columns, rows): (usize, usize),
    text_rows: impl Fn(usize) -> usize,
) -> Option<(Vec<String>, Placement)> {
    let encoded = encode(text)?;
    for &density in densities() {
        let code = draw(&encoded, density);
        let (width, height) = (code[0].chars().count(), code.len());
        if width <= columns && height + 1 + text_rows(columns) <= rows {
            return Some((code, Placement::Above));
        }
        let beside = columns.saturating_sub(width + GAP);
        if beside >= NARROWEST_TEXT && height <= rows && text_rows(beside) <= rows {
            return Some((code, Placement::Beside));
        }
    }
    None
}

/// The columns and rows `place` needs to show a code of `text`: the smallest code the
/// terminal shows, with room beside it for the text.
pub fn needed(text: &str, text_rows: impl Fn(usize) -> usize) -> Option<(usize, usize)> {
    let code = lines(text, *densities().last()?)?;
    let text_width = 40;
    Some((
        code[0].chars().count() + GAP + text_width,
        code.len().max(text_rows(text_width)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_square_with_their_margin() {
        let lines = lines("https://m.example/miauth/abc", Density::Half).unwrap();
        let width = lines[0].chars().count();
        assert_eq!(
            (width - 2 - 21) % 4,
            0,
            "versions grow by 4 modules from 21"
        );
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(
            lines[0].chars().all(|c| c == '▀' || c == '█'),
            "the margin is light"
        );
    }

    #[test]
    fn sextants_cover_every_pattern_once() {
        let glyphs: std::collections::HashSet<char> =
            (0..64).map(|bits| glyph(Density::Sextant, bits)).collect();
        assert_eq!(glyphs.len(), 64);
        assert_eq!(glyph(Density::Sextant, 1), '\u{1FB00}', "top left");
        assert_eq!(glyph(Density::Sextant, 62), '\u{1FB3B}', "all but top left");
        assert_eq!(
            glyph(Density::Sextant, 22),
            '\u{1FB14}',
            "after the left half"
        );
    }
}
