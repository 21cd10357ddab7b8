//! A post's attachments: opened in the media viewer (`open_media`), handed from there to the
//! user's own program, downloaded to their download folder (`save_media`), and the pictures
//! fetched for previews and the viewer. Which program, and whether it needs a copy on disk
//! first, is worked out where programs are started ([`crate::effects`]); every fetch is a call.

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, Media};
use crate::app::{App, Effect};
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::graphics::Graphics;
use crate::media::{Download, Encoded, Picture};
use crate::state::previews;
use crate::state::{Picker, PickerItem, PickerPurpose, Popup};
use crate::ui::words::Label;

/// What a fetched attachment is for.
#[derive(Debug)]
enum Then {
    /// Run `command` on a private copy.
    View { command: Vec<String> },
    /// Keep it in `dir` under `name`.
    Save {
        dir: std::path::PathBuf,
        name: String,
    },
}

/// Fetches an attachment (never with the account's token: see [`crate::api::media`]).
#[derive(Debug)]
pub struct FetchMedia {
    url: String,
    limit: u64,
    then: Then,
}

#[async_trait]
impl Call for FetchMedia {
    type Output = Vec<u8>;
    const RETRIED: bool = false;

    async fn fetch(&self, _: &Net<'_>) -> Result<Vec<u8>, ApiError> {
        crate::api::media::download(&self.url, self.limit).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<u8>, ApiError>) -> Landed {
        let FetchMedia { url, then, .. } = *self;
        land(move |app| match result {
            Ok(bytes) => app.effects.push(match then {
                Then::View { command } => Effect::ViewCopy {
                    command,
                    url,
                    bytes: Download(bytes),
                },
                Then::Save { dir, name } => Effect::SaveMedia {
                    dir,
                    name,
                    bytes: Download(bytes),
                },
            }),
            Err(error) => app.say(format!("could not fetch the attachment: {error}"), true),
        })
    }
}

/// Fetches a picture and makes it small enough for `cells` (columns, rows), off the loop: a
/// preview under a post, or the media viewer's picture.
#[derive(Debug)]
pub struct Preview {
    url: String,
    /// A file to read instead (a picture being attached); `url` is what it is kept under.
    file: Option<std::path::PathBuf>,
    limit: u64,
    cells: (u16, u16),
    for_viewer: bool,
    owner: Option<Owner>,
    /// The terminal's own graphics, for which the picture is kept in pixels too.
    graphics: Option<Graphics>,
}

impl Preview {
    /// A preview under a post, dropped with `owner` when scrolled away.
    pub fn new(url: String, limit: u64, owner: Owner, graphics: Option<Graphics>) -> Preview {
        let cells = (previews::MAX_COLUMNS, previews::MAX_ROWS);
        Preview {
            url,
            file: None,
            limit,
            cells,
            for_viewer: false,
            owner: Some(owner),
            graphics,
        }
    }

    /// A picture being attached, read from `path` (at most `limit` bytes), kept under `key`.
    pub fn of_file(
        path: std::path::PathBuf,
        key: String,
        limit: u64,
        graphics: Option<Graphics>,
    ) -> Preview {
        Preview {
            url: key,
            file: Some(path),
            limit,
            cells: (previews::MAX_COLUMNS, previews::MAX_ROWS),
            for_viewer: false,
            owner: None,
            graphics,
        }
    }

    /// The media viewer's picture, to fill `cells`.
    pub fn viewed(
        url: String,
        limit: u64,
        cells: (u16, u16),
        graphics: Option<Graphics>,
    ) -> Preview {
        Preview {
            url,
            file: None,
            limit,
            cells,
            for_viewer: true,
            owner: None,
            graphics,
        }
    }
}

#[async_trait]
impl Call for Preview {
    type Output = Picture;
    const RETRIED: bool = false;

    fn owner(&self) -> Option<Owner> {
        self.owner
    }

    async fn fetch(&self, _: &Net<'_>) -> Result<Picture, ApiError> {
        let bytes = match self.file.clone() {
            None => crate::api::media::download(&self.url, self.limit).await?,
            Some(path) => {
                let limit = self.limit;
                off_the_loop(move || {
                    crate::files::read_bounded(&path, limit)
                        .map_err(|e| format!("{}: {e}", path.display()))
                })
                .await?
            }
        };
        let (cells, graphics) = (self.cells, self.graphics);
        off_the_loop(move || crate::media::picture(&bytes, cells, graphics)).await
    }

    fn arrived(self: Box<Self>, result: Result<Picture, ApiError>) -> Landed {
        let (url, for_viewer) = (self.url, self.for_viewer);
        land(move |app| {
            if let Err(error) = &result {
                tracing::info!(%error, "a picture cannot be shown");
            }
            match for_viewer {
                true => app.viewed(&url, result.map_err(|e| e.to_string())),
                false => app.preview_arrived(&url, result.ok()),
            }
        })
    }
}

/// Encodes a picture for the terminal's own graphics, off the loop.
pub struct Encode(pub previews::Encoding);

impl std::fmt::Debug for Encode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encode(#{} in {:?})", self.0.number, self.0.cells)
    }
}

#[async_trait]
impl Call for Encode {
    type Output = Encoded;
    const RETRIED: bool = false;

    async fn fetch(&self, _: &Net<'_>) -> Result<Encoded, ApiError> {
        let previews::Encoding {
            id,
            ref source,
            cells,
            graphics,
            ..
        } = self.0;
        let source = source.clone();
        off_the_loop(move || crate::media::encode(&source, cells, graphics, id)).await
    }

    fn arrived(self: Box<Self>, result: Result<Encoded, ApiError>) -> Landed {
        let (number, cells) = (self.0.number, self.0.cells);
        land(move |app| {
            app.state
                .previews
                .encoded(number, cells, result.map_err(|e| e.to_string()))
        })
    }
}

/// Runs `work` on a thread for blocking work (reading a file, decoding a picture).
async fn off_the_loop<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Unsupported(e.to_string()))?
        .map_err(ApiError::Unsupported)
}

impl App {
    /// `open_media`: the selected post's attachments in the media viewer, the first shown.
    pub(in crate::app) fn open_media(&mut self) {
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post first", false);
        };
        if post.media.is_empty() {
            return self.say_in_words("this post has no attachments", false);
        }
        let media = post.media.clone();
        self.view_media(media);
    }

    /// `save_media`: the selected post's attachment downloaded (asks which, if several; in
    /// the viewer, the one shown).
    pub(in crate::app) fn save_media(&mut self) {
        if let Some(Popup::Viewer(viewer)) = &self.state.popup {
            let media = viewer.shown().clone();
            return self.download(&media);
        }
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post first", false);
        };
        let media = post.media.clone();
        match media.len() {
            0 => self.say_in_words("this post has no attachments", false),
            1 => self.download(&media[0]),
            count => {
                let items = media
                    .iter()
                    .enumerate()
                    .map(|(index, media)| PickerItem {
                        label: format!(
                            "{} of {count}, {}: {}",
                            index + 1,
                            media.kind.label(),
                            media.description.as_deref().unwrap_or("no description")
                        ),
                        value: index.to_string(),
                    })
                    .collect();
                self.state.popup = Some(Popup::Picker(Picker {
                    title: "Download which attachment?".into(),
                    purpose: PickerPurpose::SaveMedia(media),
                    items,
                    filter: String::new(),
                    selected: 0,
                    loading: false,
                }));
            }
        }
    }

    /// Hands the attachment to the user's program for its kind.
    pub(in crate::app) fn hand_off(&mut self, media: &Media) {
        self.effects.push(Effect::OpenMedia {
            kind: media.kind,
            url: media.url.clone(),
            programs: self.media.programs.clone(),
        });
    }

    /// Downloads the attachment to the download folder.
    pub(in crate::app) fn download(&mut self, media: &Media) {
        let Some(dir) = self
            .media
            .downloads
            .clone()
            .or_else(crate::media::downloads_dir)
        else {
            return self.say(
                "no download folder is known here; set [media] downloads in the config",
                true,
            );
        };
        let name =
            crate::media::file_name(&media.url, &format!("{}-{}", media.kind.label(), media.id));
        self.say(format!("downloading {name}…"), false);
        self.fetch_media(media.url.clone(), Then::Save { dir, name });
    }

    /// Fetches a copy of the attachment at `url` for a viewer that reads files, then runs
    /// `command` on it.
    pub fn view_a_copy(&mut self, command: Vec<String>, url: String) {
        self.say("fetching the attachment…", false);
        self.fetch_media(url, Then::View { command });
    }

    fn fetch_media(&mut self, url: String, then: Then) {
        let limit = self.media.max_bytes;
        self.call(FetchMedia { url, limit, then });
    }
}
