//! The demo's pictures: every image attachment of the demo's posts, the preview of every
//! video, every link card's picture and every account's avatar is a small PNG drawn from its
//! name (a sky, a sun and hills in colours picked by a seed; an avatar square), served by the
//! demo server itself, so pictures can be tried without an account.

use std::io::Write;
use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::DemoData;
use super::server::{Shared, error};

/// Pictures are this size: small to send, large enough to look at.
const WIDTH: u32 = 240;
const HEIGHT: u32 = 160;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/media/{name}", get(picture))
}

/// Avatars are square, this many pixels a side.
const AVATAR: u32 = 96;

/// `GET /media/NAME.png`: the picture drawn for NAME (square for `avatar-…`).
async fn picture(Path(name): Path<String>) -> Response {
    match name.strip_suffix(".png") {
        Some(stem) if !stem.is_empty() => {
            let (width, height) = match stem.starts_with("avatar-") {
                true => (AVATAR, AVATAR),
                false => (WIDTH, HEIGHT),
            };
            (
                [(header::CONTENT_TYPE, "image/png")],
                draw(seed_of(stem), width, height),
            )
                .into_response()
        }
        _ => error(StatusCode::NOT_FOUND, "Record not found"),
    }
}

/// Points the attachments of `data`'s posts at pictures the server at `base` draws: a picture
/// itself, and the preview (first frame) of every kind; and the accounts' avatars.
pub(super) fn serve_from(data: &mut DemoData, base: &url::Url) {
    let avatars = format!("https://{}/avatars/", data.host);
    for account in &mut data.accounts {
        let Some(name) = account["avatar"]
            .as_str()
            .and_then(|url| url.strip_prefix(&avatars))
        else {
            continue;
        };
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        if let Ok(url) = base.join(&format!("media/avatar-{stem}.png")) {
            account["avatar"] = json!(url.to_string());
            account["avatar_static"] = json!(url.to_string());
        }
    }
    let ours = format!("https://{}/media/", data.host);
    let drawn = |url: &Value| {
        let name = url.as_str()?.strip_prefix(&ours)?;
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let stem = stem.strip_suffix("_small").unwrap_or(stem);
        Some(base.join(&format!("media/{stem}.png")).ok()?.to_string())
    };
    for status in &mut data.statuses {
        if let Some(image) = drawn(&status["card"]["image"]) {
            status["card"]["image"] = json!(image);
        }
        let Some(media) = status["media_attachments"].as_array_mut() else {
            continue;
        };
        for attachment in media {
            if let Some(preview) = drawn(&attachment["preview_url"]) {
                attachment["preview_url"] = json!(preview);
            }
            if attachment["type"] == "image"
                && let Some(url) = drawn(&attachment["url"])
            {
                attachment["url"] = json!(url);
                let size = json!({ "width": WIDTH, "height": HEIGHT });
                attachment["meta"] = json!({ "original": size, "small": size });
            }
        }
    }
}

/// A stable number for a name (FNV-1a).
fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A landscape for `seed` as a PNG: a sky fading to the horizon, a sun, hills.
fn draw(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let byte = |shift: u32| ((seed >> shift) & 0xff) as f32;
    let sky = [byte(0) * 0.3, byte(8) * 0.5 + 60.0, byte(16) * 0.3 + 150.0];
    let horizon = [byte(24) * 0.2 + 200.0, byte(32) * 0.3 + 150.0, 120.0];
    let land = [byte(40) * 0.2 + 30.0, byte(48) * 0.3 + 90.0, 40.0];
    let sun = (
        (byte(56) / 255.0 * 0.6 + 0.2) * width as f32,
        height as f32 * 0.35,
    );
    let radius = height as f32 * 0.12;
    let hills = byte(4) / 255.0 * 6.0 + 2.0;
    encode(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let ground = height as f32 * (0.68 + 0.08 * (fx / width as f32 * hills).sin());
        let colour = if fy > ground {
            land.map(|c| c * (1.0 - (fy - ground) / height as f32))
        } else if (fx - sun.0).hypot(fy - sun.1) < radius {
            [250.0, 230.0, 150.0]
        } else {
            let t = fy / ground;
            [0, 1, 2].map(|i| sky[i] + (horizon[i] - sky[i]) * t)
        };
        // In steps of 8, so the picture packs into a few KiB.
        colour.map(|c| (c.clamp(0.0, 255.0) as u8) & 0xf8)
    })
}

/// An 8-bit RGB PNG of `pixel`s, row by row.
fn encode(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut rows = Vec::with_capacity((height * (1 + width * 3)) as usize);
    for y in 0..height {
        rows.push(0); // no filter
        for x in 0..width {
            rows.extend_from_slice(&pixel(x, y));
        }
    }
    let mut packed = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    packed.write_all(&rows).expect("writing to memory");
    let packed = packed.finish().expect("writing to memory");
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &header),
        (b"IDAT", &packed),
        (b"IEND", &Vec::new()),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    }
    png
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunks of a PNG, each checked against its CRC.
    fn chunks(png: &[u8]) -> Vec<(String, Vec<u8>)> {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut rest = &png[8..];
        let mut found = Vec::new();
        while !rest.is_empty() {
            let length = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            let (kind, data) = (&rest[4..8], &rest[8..8 + length]);
            let crc = u32::from_be_bytes(rest[8 + length..12 + length].try_into().unwrap());
            let mut expected = flate2::Crc::new();
            expected.update(kind);
            expected.update(data);
            assert_eq!(crc, expected.sum());
            found.push((String::from_utf8(kind.to_vec()).unwrap(), data.to_vec()));
            rest = &rest[12 + length..];
        }
        found
    }

    #[test]
    fn pictures_are_valid_small_pngs_that_differ_by_name() {
        use std::io::Read;
        let png = draw(seed_of("606357662"), WIDTH, HEIGHT);
        assert!(png.len() < 16 * 1024, "{} bytes", png.len());
        let found = chunks(&png);
        let kinds: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
        assert_eq!(&found[0].1[..8], &[0, 0, 0, 240, 0, 0, 0, 160]);
        let mut rows = Vec::new();
        flate2::read::ZlibDecoder::new(&found[1].1[..])
            .read_to_end(&mut rows)
            .unwrap();
        assert_eq!(rows.len(), (HEIGHT * (1 + WIDTH * 3)) as usize);
        assert_ne!(png, draw(seed_of("474949879"), WIDTH, HEIGHT));
        assert_eq!(png, draw(seed_of("606357662"), WIDTH, HEIGHT));
    }
}
