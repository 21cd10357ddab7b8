//! Pictures in the terminal's own graphics (kitty, Sixel, iTerm2, through ratatui-image).
//!
//! Views lay a picture out as text ([`super::preview::marker`]): a box of marker cells, each naming the picture, the box's
//! size and its own place in it, so a picture scrolls, is cut at a pane's edge and is covered
//! by a popup like any text. Once the frame is drawn, each box is found again and drawn over:
//! in the terminal's graphics where the picture is encoded for a box of that size and nothing
//! covers it, else in half blocks (and the app is told, to encode it).

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect};
use ratatui::style::Color;
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage};

use super::preview::MARKER;
use crate::state::previews::{Drawn, Previews};

/// A marker cell read back.
struct Mark {
    number: u32,
    at: (u16, u16),
    size: (u16, u16),
}

fn read(cell: &Cell) -> Option<Mark> {
    if cell.symbol() != MARKER {
        return None;
    }
    match (cell.fg, cell.bg) {
        (Color::Rgb(high, low, rows), Color::Rgb(row, column, columns)) => Some(Mark {
            number: u32::from(u16::from_be_bytes([high, low])),
            at: (u16::from(column), u16::from(row)),
            size: (u16::from(columns), u16::from(rows)),
        }),
        _ => None,
    }
}

/// One picture's box as found on screen.
struct Found {
    number: u32,
    /// Where its top left cell is (or would be: above the screen, where scrolled off it).
    origin: (i32, i32),
    size: (u16, u16),
    /// The box's rows on screen, the first and the last.
    rows: (u16, u16),
    cells: usize,
}

/// Draws every picture laid out in `buffer` over its marker cells; says what was drawn how.
pub fn draw(buffer: &mut Buffer, previews: &Previews) -> Drawn {
    let mut found: Vec<Found> = Vec::new();
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let Some(mark) = read(&buffer[(x, y)]) else {
                continue;
            };
            let origin = (
                i32::from(x) - i32::from(mark.at.0),
                i32::from(y) - i32::from(mark.at.1),
            );
            match found
                .iter_mut()
                .find(|f| f.number == mark.number && f.origin == origin)
            {
                Some(seen) => {
                    seen.rows.1 = mark.at.1;
                    seen.cells += 1;
                }
                None => found.push(Found {
                    number: mark.number,
                    origin,
                    size: mark.size,
                    rows: (mark.at.1, mark.at.1),
                    cells: 1,
                }),
            }
        }
    }
    let mut drawn = Drawn::default();
    for picture in found {
        let encoding = draw_one(buffer, previews, &picture);
        drawn.boxes.push((picture.number, picture.size, encoding));
    }
    drawn
}

/// Draws one picture over its box: in the terminal's graphics where it can be (the id of the
/// encoding drawn), else in half blocks (`None`).
fn draw_one(buffer: &mut Buffer, previews: &Previews, picture: &Found) -> Option<u32> {
    let (columns, rows) = picture.size;
    let (first, last) = picture.rows;
    let whole = picture.cells == usize::from(columns) * usize::from(last - first + 1);
    let shown = previews.numbered(picture.number);
    let screen = buffer.area;
    let cell_at = |column: u16, row: u16| {
        let x = u16::try_from(picture.origin.0 + i32::from(column)).ok()?;
        let y = u16::try_from(picture.origin.1 + i32::from(row)).ok()?;
        screen
            .contains(Position::new(x, y))
            .then_some(Position::new(x, y))
    };
    // The box's cells still on screen (not covered), cleared first: the picture may not fill
    // the box.
    let marked: Vec<((u16, u16), Position)> = (first..=last)
        .flat_map(|row| (0..columns).map(move |column| (column, row)))
        .filter_map(|at| {
            let position = cell_at(at.0, at.1)?;
            read(&buffer[position]).map(|_| (at, position))
        })
        .collect();
    for (_, position) in &marked {
        buffer[*position].reset();
    }
    let shown = shown?;
    if let Some(encoded) = shown
        .encoded
        .iter()
        .find(|e| whole && e.cells == picture.size)
    {
        let (width, height) = encoded.size;
        let left = (columns - width.min(columns)) / 2;
        let top = (rows - height.min(rows)) / 2;
        // The picture's rows on screen.
        let from = first.max(top);
        let to = last.min(top + height - 1);
        if from <= to
            && let Some(corner) = cell_at(left, from)
        {
            let area: Rect = Rect::new(corner.x, corner.y, width, to - from + 1);
            let skipped = i16::try_from(from - top).unwrap_or(i16::MAX);
            SlicedImage::new(&encoded.sliced, SignedPosition::from((0, -skipped)))
                .render(area, buffer);
        }
        return Some(encoded.id);
    }
    let thumb = &shown.picture.thumb;
    for (at, position) in marked {
        let span = super::preview::centred_cell(thumb, at, picture.size, previews.indexed_colours);
        buffer[position]
            .set_symbol(&span.content)
            .set_style(span.style);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::graphics::{Graphics, Protocol};
    use crate::media::{Picture, Thumb};

    /// A 10 by 2 box of picture 1's marker cells at the top left of a 20 by 4 buffer, the
    /// picture encoded for Sixel.
    fn laid_out() -> (Buffer, Previews) {
        let sixel = Graphics {
            protocol: Protocol::Sixel,
            cell: (10, 20),
            tmux: false,
            compressed: false,
        };
        let source = image::RgbaImage::from_pixel(100, 40, image::Rgba([200, 30, 30, 255]));
        let thumb = Thumb {
            width: 10,
            height: 4,
            pixels: vec![[200, 30, 30]; 40],
        };
        let mut previews = Previews::default();
        previews.graphics = Some(sixel);
        let picture = Picture {
            thumb,
            source: Some(std::sync::Arc::new(source.clone())),
        };
        previews.arrived("picture", Some(picture));
        let number = previews.kept("picture").unwrap().number;
        previews.encoded(
            number,
            (10, 2),
            crate::media::encode(&source, (10, 2), sixel, number),
        );
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 4));
        for row in 0..2 {
            for column in 0..10 {
                let span = super::super::preview::marker(number, (column, row), (10, 2));
                buffer[(column, row)]
                    .set_symbol(&span.content)
                    .set_style(span.style);
            }
        }
        (buffer, previews)
    }

    fn sixels(buffer: &Buffer) -> usize {
        buffer
            .content
            .iter()
            .filter(|c| c.symbol().contains("\x1bP"))
            .count()
    }

    #[test]
    fn a_whole_box_is_drawn_in_graphics_and_a_covered_one_in_half_blocks() {
        let (mut buffer, previews) = laid_out();
        let drawn = draw(&mut buffer, &previews);
        assert_eq!(drawn.boxes.len(), 1);
        assert!(drawn.boxes[0].2.is_some(), "not drawn in graphics");
        assert_eq!(sixels(&buffer), 1);
        // A popup's corner over one of its cells: never drawn through, half blocks instead.
        let (mut buffer, previews) = laid_out();
        buffer[(9, 1)].set_symbol("│");
        let drawn = draw(&mut buffer, &previews);
        assert_eq!(drawn.boxes[0].2, None);
        assert_eq!(sixels(&buffer), 0);
        assert_eq!(buffer[(9, 1)].symbol(), "│");
        assert_eq!(buffer[(3, 0)].symbol(), "▀");
    }

    #[test]
    fn a_marker_reads_back_as_written() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        let span = super::super::preview::marker(0xBEEF, (3, 5), (48, 6));
        buffer[(1, 0)]
            .set_symbol(&span.content)
            .set_style(span.style);
        let mark = read(&buffer[(1, 0)]).unwrap();
        assert_eq!((mark.number, mark.at, mark.size), (0xBEEF, (3, 5), (48, 6)));
        assert!(read(&buffer[(0, 0)]).is_none());
    }
}
