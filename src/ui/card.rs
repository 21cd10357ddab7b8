//! A link's card under a post: the page's title, a line of what it says and where it is, as
//! the server fetched them; beside the page's picture where previews are shown.

use ratatui::text::{Line, Span};

use super::text::truncate;
use super::theme;
use crate::api::Card;
use crate::state::previews::Previews;

/// The picture's box: the shape of most pages' pictures (about 2:1) in half blocks.
const PICTURE: (u16, u16) = (12, 3);

/// The card's lines, `width` columns wide; its picture from `previews`, where they are shown
/// and the post's media are not `hidden`.
pub fn lines(
    card: &Card,
    previews: Option<&Previews>,
    hidden: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let picture = previews
        .zip(card.image.as_deref())
        .filter(|_| !hidden && width >= usize::from(PICTURE.0) * 4);
    let gutter = 2 + picture.map_or(0, |_| usize::from(PICTURE.0) + 1);
    let room = width.saturating_sub(gutter).max(1);
    let mut text = vec![Line::from(truncate(
        vec![Span::styled(card.title.clone(), theme::NAME)],
        room,
    ))];
    if !card.description.is_empty() {
        text.push(Line::from(truncate(
            vec![Span::raw(card.description.clone())],
            room,
        )));
    }
    let place = card.provider.clone().unwrap_or_else(|| host_of(&card.url));
    text.push(Line::from(truncate(
        vec![Span::styled(format!("↗ {place}"), theme::DIM)],
        room,
    )));
    let boxed = picture
        .map(|(previews, url)| super::preview::picture_box(url, previews, "link", PICTURE))
        .unwrap_or_default();
    text.resize(text.len().max(boxed.len()), Line::default());
    text.into_iter()
        .enumerate()
        .map(|(row, line)| {
            let mut spans = vec![Span::styled("▏ ", theme::DIM)];
            if picture.is_some() {
                match boxed.get(row) {
                    Some(picture) => spans.extend(picture.spans.iter().cloned()),
                    None => spans.push(Span::raw(" ".repeat(usize::from(PICTURE.0)))),
                }
                spans.push(Span::raw(" "));
            }
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}

/// The host in `url`, for where a page is.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned())
}
