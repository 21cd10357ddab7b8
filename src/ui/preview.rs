//! A post's attachments drawn under its text in half blocks (`▀`: the upper half in the text
//! colour, the lower in the background), side by side. Until a picture arrives (or where it
//! is hidden or cannot be shown) a box of the same size keeps the layout still.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::theme;
use super::words::Label;
use crate::api::Post;
use crate::media::Thumb;
use crate::state::previews::{self, Previews, Shown};

/// The rows of `post`'s previews, `width` columns wide; none where it has no previews or no
/// room for them. `hidden`: the media are behind a click (sensitive, or a content warning).
pub fn lines(
    post: &Post,
    previews: &Previews,
    hidden: bool,
    cw_key: &str,
    width: u16,
) -> Vec<Line<'static>> {
    let Some((rows, each)) = previews::band(post, width) else {
        return Vec::new();
    };
    let boxes: Vec<Box_> = previews::previewed(post)
        .map(|(media, url)| {
            if let Some(shown) = previews.kept(url).filter(|_| !hidden) {
                return Box_::of(shown, previews);
            }
            let label = if hidden {
                Some(format!("{}: {cw_key} shows it", media.kind.label()))
            } else if previews.failed(url) {
                Some("cannot be shown".to_owned())
            } else {
                None // on its way
            };
            match previews.blur(url) {
                Some(blur) => Box_::Picture(blur, label),
                None => Box_::Placeholder(label.unwrap_or_else(|| media.kind.label().to_owned())),
            }
        })
        .collect();
    side_by_side(&boxes, (each, rows), previews.indexed_colours)
}

/// The picture at `url` in a box of `size` cells (an avatar): a box saying `label` until it
/// arrives, or where it cannot be shown.
pub fn picture_box(
    url: &str,
    previews: &Previews,
    label: &str,
    (columns, rows): (u16, u16),
) -> Vec<Line<'static>> {
    let shown = match previews.kept(url) {
        Some(shown) => Box_::of(shown, previews),
        None => Box_::Placeholder(label.to_owned()),
    };
    side_by_side(&[shown], (columns, rows), previews.indexed_colours)
}

/// The pictures attached to a post being written, side by side: `rows` high, at most
/// `MAX_COLUMNS` each; a box saying what is there until one is read (or for a file that is not
/// a picture).
pub fn attached_lines(
    paths: &[&std::path::Path],
    previews: &Previews,
    width: u16,
    rows: u16,
) -> Vec<Line<'static>> {
    let count = paths.len() as u16;
    if count == 0 {
        return Vec::new();
    }
    let each = (width.saturating_sub(count - 1) / count).min(previews::MAX_COLUMNS);
    if each < 6 {
        return Vec::new();
    }
    let boxes: Vec<Box_> = paths
        .iter()
        .map(|path| match previews.kept(&previews::file_key(path)) {
            Some(shown) => Box_::of(shown, previews),
            None => Box_::Placeholder("file".to_owned()),
        })
        .collect();
    side_by_side(&boxes, (each, rows), previews.indexed_colours)
}

/// `boxes`, each `columns` by `rows` cells, one column apart.
fn side_by_side(boxes: &[Box_], (columns, rows): (u16, u16), indexed: bool) -> Vec<Line<'static>> {
    (0..rows)
        .map(|row| {
            let mut spans = Vec::new();
            for (index, shown) in boxes.iter().enumerate() {
                if index > 0 {
                    spans.push(Span::raw(" "));
                }
                match shown {
                    Box_::Picture(thumb, label) => {
                        let from = spans.len();
                        picture_row(&mut spans, thumb, row, (columns, rows), indexed);
                        if let Some(label) = label.as_deref().filter(|_| row == rows / 2) {
                            write_over(&mut spans[from..], label);
                        }
                    }
                    Box_::Placeholder(label) => {
                        placeholder_row(&mut spans, label, row, (columns, rows))
                    }
                    Box_::Graphic(number) => spans.extend(
                        (0..columns).map(|column| marker(*number, (column, row), (columns, rows))),
                    ),
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// Writes `label` over the middle of a row of picture cells (one span each), readable on it.
fn write_over(cells: &mut [Span<'static>], label: &str) {
    let width = cells.iter().filter(|c| c.content == "▀").count();
    let label: Vec<char> = label
        .chars()
        .filter(|c| unicode_width::UnicodeWidthChar::width(*c) == Some(1))
        .take(width.saturating_sub(2))
        .collect();
    let start = (width - label.len()) / 2;
    let style = Style::new().fg(Color::White).bg(Color::Black);
    for (cell, c) in cells[start..].iter_mut().zip(label) {
        *cell = Span::styled(c.to_string(), style);
    }
}

/// What stands in a preview's place: a picture (the real one, or a blurred stand-in with
/// what to say over it), the picture in the terminal's own graphics (by its number), or a box
/// saying what is there.
enum Box_<'a> {
    Picture(&'a Thumb, Option<String>),
    Graphic(u32),
    Placeholder(String),
}

impl<'a> Box_<'a> {
    /// A picture arrived: in the terminal's graphics where it has them, else in half blocks.
    fn of(shown: &'a Shown, previews: &Previews) -> Box_<'a> {
        match previews.graphics.is_some() && shown.picture.source.is_some() {
            true => Box_::Graphic(shown.number),
            false => Box_::Picture(&shown.picture.thumb, None),
        }
    }
}

/// `shown` as large as fits `columns` by `rows` cells, keeping its shape, in the middle of
/// them: `rows` lines (of marker cells, for the terminal's own graphics).
pub fn shown_lines(
    shown: &Shown,
    previews: &Previews,
    (columns, rows): (u16, u16),
) -> Vec<Line<'static>> {
    match Box_::of(shown, previews) {
        Box_::Graphic(number) => (0..rows)
            .map(|row| {
                Line::from(
                    (0..columns)
                        .map(|column| marker(number, (column, row), (columns, rows)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
        _ => picture_lines(
            &shown.picture.thumb,
            (columns, rows),
            previews.indexed_colours,
        ),
    }
}

/// Cell (`column`, `row`) of `thumb` drawn as large as fits `columns` by `rows` cells, in the
/// middle of them.
pub fn centred_cell(
    thumb: &Thumb,
    (column, row): (u16, u16),
    (columns, rows): (u16, u16),
    indexed: bool,
) -> Span<'static> {
    let (width, height) = fitted(thumb, (columns, rows * 2));
    let (left, top) = ((columns - width) / 2, (rows - height.div_ceil(2)) / 2);
    if column < left || column >= left + width || row < top {
        return Span::raw(" ");
    }
    let (x, y) = (column - left, (row - top) * 2);
    let colour = |y: u16| (y < height).then(|| colour_of(thumb.at(x, y, width, height), indexed));
    match (colour(y), colour(y + 1)) {
        (Some(top), Some(bottom)) => Span::styled("▀", Style::new().fg(top).bg(bottom)),
        (Some(top), None) => Span::styled("▀", Style::new().fg(top)),
        (None, _) => Span::raw(" "),
    }
}

/// `thumb` as large as fits `columns` by `rows` cells, keeping its shape, in the middle of
/// them: `rows` lines.
fn picture_lines(thumb: &Thumb, (columns, rows): (u16, u16), indexed: bool) -> Vec<Line<'static>> {
    let (width, height) = fitted(thumb, (columns, rows * 2));
    let used = height.div_ceil(2);
    let left = " ".repeat(usize::from((columns - width) / 2));
    let mut lines = vec![Line::default(); usize::from((rows - used) / 2)];
    for row in 0..used {
        let mut spans = vec![Span::raw(left.clone())];
        picture_row(&mut spans, thumb, row, (width, used), indexed);
        lines.push(Line::from(spans));
    }
    lines.resize(usize::from(rows), Line::default());
    lines
}

/// The size (columns, pixel rows) of `thumb` scaled to fit `columns` by `pixel_rows`.
fn fitted(thumb: &Thumb, (columns, pixel_rows): (u16, u16)) -> (u16, u16) {
    let scale = (f64::from(columns) / f64::from(thumb.width))
        .min(f64::from(pixel_rows) / f64::from(thumb.height));
    let width = ((f64::from(thumb.width) * scale).round() as u16).clamp(1, columns.max(1));
    let height = ((f64::from(thumb.height) * scale).round() as u16).clamp(1, pixel_rows.max(1));
    (width, height)
}

/// Row `row` of `thumb` fitted into `columns` by `rows` cells, keeping its shape.
fn picture_row(
    spans: &mut Vec<Span<'static>>,
    thumb: &Thumb,
    row: u16,
    (columns, rows): (u16, u16),
    indexed: bool,
) {
    let (width, height) = fitted(thumb, (columns, rows * 2));
    let colour =
        |x: u16, y: u16| (y < height).then(|| colour_of(thumb.at(x, y, width, height), indexed));
    for x in 0..width {
        let (top, bottom) = (colour(x, row * 2), colour(x, row * 2 + 1));
        spans.push(match (top, bottom) {
            (Some(top), Some(bottom)) => Span::styled("▀", Style::new().fg(top).bg(bottom)),
            (Some(top), None) => Span::styled("▀", Style::new().fg(top)),
            (None, _) => Span::raw(" "),
        });
    }
    spans.push(Span::raw(" ".repeat(usize::from(columns - width))));
}

/// Row `row` of a box that stands for a picture: blank, with `‹label›` in the middle.
fn placeholder_row(
    spans: &mut Vec<Span<'static>>,
    label: &str,
    row: u16,
    (columns, rows): (u16, u16),
) {
    let columns = usize::from(columns);
    if row != rows / 2 || columns < 3 {
        spans.push(Span::raw(" ".repeat(columns)));
        return;
    }
    let label: String = format!("‹{label}›").chars().take(columns).collect();
    let width = unicode_width::UnicodeWidthStr::width(label.as_str());
    let before = (columns - width) / 2;
    spans.push(Span::raw(" ".repeat(before)));
    spans.push(Span::styled(label, theme::DIM));
    spans.push(Span::raw(" ".repeat(columns - width - before)));
}

/// A pixel's colour: exact, or the nearest of the 256-colour palette's cube.
fn colour_of([r, g, b]: [u8; 3], indexed: bool) -> Color {
    if !indexed {
        return Color::Rgb(r, g, b);
    }
    let step = |c: u8| (u16::from(c) * 5 + 127) / 255;
    Color::Indexed((16 + 36 * step(r) + 6 * step(g) + step(b)) as u8)
}

/// What a marker cell holds; never left on screen (kitty's own placeholder character, which
/// other terminals draw as nothing in particular).
pub const MARKER: &str = "\u{10EEEE}";

/// The cell at (`column`, `row`) of picture `number`'s box of `columns` by `rows` cells
/// (`number` below 2^16, sizes below 256).
pub fn marker(
    number: u32,
    (column, row): (u16, u16),
    (columns, rows): (u16, u16),
) -> Span<'static> {
    let [.., high, low] = number.to_be_bytes();
    let byte = |n: u16| n.min(255) as u8;
    Span::styled(
        MARKER,
        Style::new()
            .fg(Color::Rgb(high, low, byte(rows)))
            .bg(Color::Rgb(byte(row), byte(column), byte(columns))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_fall_into_the_palette_cube_without_true_colour() {
        assert_eq!(colour_of([255, 0, 0], true), Color::Indexed(196));
        assert_eq!(colour_of([0, 0, 0], true), Color::Indexed(16));
        assert_eq!(colour_of([255, 255, 255], true), Color::Indexed(231));
        assert_eq!(colour_of([1, 2, 3], false), Color::Rgb(1, 2, 3));
    }
}
