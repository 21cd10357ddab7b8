//! Pictures of attachments: which previews are wanted (those of the posts on screen, or about
//! to be, in every pane shown, with their links' pictures, and the avatar of a profile shown),
//! fetched a few at a time, never for media behind a click; and the media viewer, a post's
//! attachments full-screen one at a time.

use std::collections::HashSet;

use super::calls::{Encode, Preview};
use super::{App, Effect};
use crate::action::Action;
use crate::api::Media;
use crate::fetcher::Owner;
use crate::state::previews::{self, Viewer, media_hidden};
use crate::state::{Popup, Tab, Timeline, View};

/// Pictures fetched at once at most; the others wait their turn. Those scrolled away before
/// they arrive are dropped, on their way or waiting.
const AT_ONCE: usize = 3;

/// Posts before and after the selected one whose pictures are wanted.
const BEFORE: usize = 3;
const AFTER: usize = 8;

impl App {
    /// The terminal can draw pictures (in the 256 colours of its palette, or in true colour);
    /// previews are `shown` under posts or not (`[media] previews`, and the toggle).
    pub fn show_previews(&mut self, shown: bool, indexed_colours: bool) {
        self.state.previews.drawable = true;
        self.state.previews.shown = shown;
        self.state.previews.indexed_colours = indexed_colours;
        // Measured and laid out again, which asks for the pictures now on screen.
        self.previews_changed();
    }

    /// What the terminal answered it draws pictures with (`None`: half blocks).
    pub fn terminal_draws(&mut self, graphics: Option<crate::graphics::Graphics>) {
        let previews = &mut self.state.previews;
        // Answers that came late may say no more of pictures than those in time did.
        let told_before = !std::mem::replace(&mut previews.awaiting_terminal, false);
        if !previews.drawable || (told_before && previews.graphics == graphics) {
            return;
        }
        tracing::info!(?graphics, "pictures are drawn with");
        previews.graphics = graphics;
        // Those already here (asked for before the terminal was) are fetched again, in the
        // terminal's pixels too.
        if graphics.is_some() {
            self.state.previews.forget_pictures();
        }
        self.want_previews();
        self.say_if_tmux_holds_pictures_back();
    }

    /// A cell's size in pixels as the window reports it now (at start and after each
    /// resize). Where it changed (a font zoom), the pictures in the terminal's own graphics
    /// are made again at the new size: a Sixel picture made for the old cells would spill
    /// over the text around its box, or fill only part of it.
    pub fn window_measured(&mut self, cell: Option<(u16, u16)>) {
        let previews = &mut self.state.previews;
        let before = std::mem::replace(&mut previews.window_cell, cell);
        let (Some(before), Some(now)) = (before, cell) else {
            return;
        };
        let Some(graphics) = previews.graphics.filter(|_| before != now) else {
            return;
        };
        tracing::info!(?now, "the terminal's cells changed size");
        previews.graphics = Some(crate::graphics::Graphics {
            cell: now,
            ..graphics
        });
        previews.forget_pictures();
        self.want_previews();
    }

    /// Whether tmux, which skua runs in, passes pictures through to the terminal around it
    /// (its `allow-passthrough`).
    pub fn tmux_passes_through(&mut self, passes: bool) {
        tracing::info!(passes, "tmux passes pictures through");
        self.state.previews.tmux_passthrough = Some(passes);
        self.say_if_tmux_holds_pictures_back();
    }

    /// Says so where pictures are in half blocks because tmux passes none through: once both
    /// the terminal's answer and tmux's are in, whichever comes last.
    fn say_if_tmux_holds_pictures_back(&mut self) {
        let previews = &self.state.previews;
        if previews.tmux_passthrough == Some(false)
            && !previews.awaiting_terminal
            && previews.graphics.is_none()
            && previews.drawable
            && previews.shown
        {
            self.say(
                "tmux passes no pictures through (allow-passthrough is off)",
                false,
            );
        }
    }

    /// After a frame: pictures drawn in half blocks get encoded for the terminal's graphics;
    /// kitty forgets those no longer on screen.
    pub fn pictures_drawn(&mut self, drawn: &previews::Drawn) {
        let upkeep = self.state.previews.upkeep(drawn);
        for encoding in upkeep.encode {
            self.call(Encode(encoding));
        }
        if !upkeep.forget.is_empty() {
            self.effects.push(Effect::TellTerminal(upkeep.forget));
        }
    }

    /// `toggle_previews`: previews on or off for this session.
    pub(super) fn toggle_previews(&mut self) {
        if self.state.no_color {
            return self.say("previews need colours, and NO_COLOR is set", false);
        }
        if !self.state.previews.drawable {
            return self.say(
                "this terminal cannot draw pictures ([media] previews)",
                false,
            );
        }
        let shown = !self.state.previews.shown;
        let indexed = self.state.previews.indexed_colours;
        self.show_previews(shown, indexed);
        self.say(
            if shown {
                "previews shown"
            } else {
                "previews hidden"
            },
            false,
        );
    }

    /// Posts change height: measured again, drawn again, the selection kept in view.
    fn previews_changed(&mut self) {
        self.state.posts.measure_again();
        let (columns, rows) = self.state.size;
        self.resize(columns, rows);
    }

    /// Asks for the pictures of the posts around the selection of every pane shown, a few at
    /// a time.
    pub(super) fn want_previews(&mut self) {
        let previews = &self.state.previews;
        if !previews.shown || previews.awaiting_terminal || self.state.no_color {
            return;
        }
        let mut tabs: Vec<usize> = (0..self.state.deck.panes())
            .filter_map(|pane| self.state.pane_tab(pane))
            .collect();
        tabs.push(self.state.active);
        tabs.sort_unstable();
        tabs.dedup();
        let mut wanted: Vec<String> = Vec::new();
        for tab in tabs.iter().filter_map(|&index| self.state.tabs.get(index)) {
            // A profile's picture, in its header.
            if let Some(View::Profile(profile)) = tab.stack.last()
                && let Some(avatar) = profile.profile.as_ref().and_then(|p| p.avatar.as_ref())
            {
                wanted.push(avatar.clone());
            }
            let Some((ids, revealed)) = near_selection(tab) else {
                continue;
            };
            for id in ids {
                let Some(post) = self.state.posts.get(&id) else {
                    continue;
                };
                for (media, url) in previews::previewed(post) {
                    self.state.previews.blur_for(url, media);
                }
                if media_hidden(post, revealed.contains(&id)) {
                    continue;
                }
                let card = post.card.as_ref().filter(|_| post.media.is_empty());
                let card_picture = card.and_then(|card| card.image.as_deref());
                for url in previews::previewed(post)
                    .map(|(_, url)| url)
                    .chain(card_picture)
                {
                    if !wanted.iter().any(|w| w == url) {
                        wanted.push(url.to_owned());
                    }
                }
            }
        }
        // The pictures attached to a post being written, or chosen for the profile, read
        // from the disk.
        let attached: Vec<std::path::PathBuf> = match (
            &self.state.popup,
            self.state.active_tab().and_then(|t| t.stack.last()),
        ) {
            (Some(crate::state::Popup::ProfileForm(form)), _) => form.pictures(),
            (_, Some(View::Compose(compose))) => {
                compose.attached_pictures().map(Into::into).collect()
            }
            _ => Vec::new(),
        };
        for path in &attached {
            let key = previews::file_key(path);
            if self.state.previews.needs(&key) {
                self.state.previews.asked(key.clone());
                self.call(Preview::of_file(
                    path.clone(),
                    key.clone(),
                    self.media.max_bytes,
                    self.state.previews.graphics,
                ));
            }
            wanted.push(key);
        }
        let previews = &mut self.state.previews;
        previews.wanted(wanted.iter().map(String::as_str));
        // Scrolled away before they arrived: dropped, so the next ones go first.
        for asked in previews.unwanted(&wanted) {
            self.cancel(Owner::Preview(asked));
        }
        let limit = self.media.max_bytes;
        for url in wanted {
            if self.state.previews.pending() >= AT_ONCE {
                break;
            }
            if self.state.previews.needs(&url) {
                let asked = self.state.previews.asked(url.clone());
                let graphics = self.state.previews.graphics;
                self.call(Preview::new(url, limit, Owner::Preview(asked), graphics));
            }
        }
    }

    /// A picture arrived, or could not be shown (said in the log, and in its box).
    pub(super) fn preview_arrived(&mut self, url: &str, picture: Option<crate::media::Picture>) {
        self.state.previews.arrived(url, picture);
        // Drawn again where it shows: every pane's tab takes a new revision.
        for tab in &mut self.state.tabs {
            let _: &mut Tab = tab;
        }
        self.want_previews();
    }
}

impl App {
    /// Opens the media viewer on `media`, the first shown.
    pub(super) fn view_media(&mut self, media: Vec<Media>) {
        self.state.popup = Some(Popup::Viewer(Viewer { media, index: 0 }));
        self.want_viewed();
    }

    /// Keys in the media viewer: the next or previous attachment, hand it to its program,
    /// download it, copy its address, close.
    pub(super) fn viewer_action(&mut self, action: Action) {
        let Some(Popup::Viewer(viewer)) = &mut self.state.popup else {
            return;
        };
        let last = viewer.media.len() - 1;
        match action {
            Action::Down | Action::NextTab | Action::PageDown | Action::Toggle => {
                viewer.index = (viewer.index + 1).min(last);
                self.want_viewed();
            }
            Action::Up | Action::PrevTab | Action::PageUp => {
                viewer.index = viewer.index.saturating_sub(1);
                self.want_viewed();
            }
            Action::Confirm | Action::OpenMedia => {
                let media = viewer.shown().clone();
                self.hand_off(&media);
            }
            Action::SaveMedia => self.save_media(),
            Action::Copy => {
                let url = viewer.shown().url.clone();
                self.copy(url, "the attachment's address");
            }
            Action::Cancel => {
                self.state.popup = None;
                self.state.previews.viewed = None;
            }
            // The command line, over the post the viewer was opened on.
            Action::Palette => {
                self.state.previews.viewed = None;
                self.open_palette();
            }
            _ => {}
        }
    }

    /// Asks for the picture the viewer shows, at the screen's size, unless it is there.
    fn want_viewed(&mut self) {
        let Some(Popup::Viewer(viewer)) = &self.state.popup else {
            return;
        };
        let Some(url) = viewer.picture_url().map(str::to_owned) else {
            self.state.previews.viewed = None;
            return;
        };
        let previews = &mut self.state.previews;
        if !previews.drawable
            || previews
                .viewed
                .as_ref()
                .is_some_and(|(shown, _)| *shown == url)
        {
            return;
        }
        previews.viewed = Some((url.clone(), None));
        let (columns, rows) = crate::ui::popup::viewer_cells(self.state.size);
        let limit = self.media.max_bytes;
        let graphics = previews.graphics;
        self.call(Preview::viewed(url, limit, (columns, rows), graphics));
    }

    /// The viewer's picture arrived, or why it cannot be shown; dropped if the viewer moved on.
    pub(super) fn viewed(&mut self, url: &str, picture: Result<crate::media::Picture, String>) {
        let previews = &mut self.state.previews;
        if previews
            .viewed
            .as_ref()
            .is_some_and(|(shown, _)| shown == url)
        {
            let picture = picture.map(|picture| previews.number(picture));
            previews.viewed = Some((url.to_owned(), Some(picture)));
        }
    }
}

/// A timeline's rows (their posts), its selection and the posts it shows revealed.
fn of_timeline(timeline: &Timeline) -> (Vec<Option<&str>>, usize, &HashSet<String>) {
    let rows = timeline.entries().map(|e| e.post.as_deref()).collect();
    (rows, timeline.scroll.selected, &timeline.revealed)
}

/// The posts of the view on top of `tab` from a few before its selection to some after,
/// and the posts that view shows revealed; none for a view without posts.
fn near_selection(tab: &Tab) -> Option<(Vec<String>, &HashSet<String>)> {
    let (rows, selected, revealed): (Vec<Option<&str>>, usize, &HashSet<String>) =
        match tab.stack.last() {
            None => of_timeline(&tab.timeline),
            Some(View::Profile(profile)) => of_timeline(&profile.posts),
            Some(View::Thread(thread)) => {
                let rows = thread
                    .rows
                    .iter()
                    .map(|row| match row {
                        crate::state::thread::ThreadRow::Post { post, .. } => Some(post.as_str()),
                        _ => None,
                    })
                    .collect();
                (rows, thread.scroll.selected, &thread.revealed)
            }
            Some(View::Search(search)) => {
                let rows = search
                    .rows
                    .iter()
                    .map(|row| match row {
                        crate::state::search::SearchRow::Post(post) => Some(post.as_str()),
                        _ => None,
                    })
                    .collect();
                (rows, search.scroll.selected, &search.revealed)
            }
            Some(View::Compose(_) | View::Screen(_)) => return None,
        };
    let from = selected.saturating_sub(BEFORE);
    let ids = rows
        .into_iter()
        .skip(from)
        .take(BEFORE + AFTER + 1)
        .flatten()
        .map(str::to_owned)
        .collect();
    Some((ids, revealed))
}
