//! Misskey's clips: listed in a popup (the user's, then those they favourited), opened as
//! tabs, made, changed and deleted in a form; the selected note put in a clip (or a new one)
//! or taken out from a picker that marks the clips holding it. Mastodon says it has none.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Clip, TimelineKind};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::clips::ClipForm;
use crate::state::{Confirmed, Picker, PickerItem, PickerPurpose, Popup, cursor};

/// The user's clips; with a note's id, also which of them hold it (for the picker).
#[derive(Debug)]
struct AskClips {
    note: Option<String>,
}

#[async_trait]
impl Call for AskClips {
    type Output = (Vec<Clip>, Vec<String>);
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Self::Output, ApiError> {
        let holding = match &self.note {
            Some(note) => net.backend.clips_of(note).await?,
            None => Vec::new(),
        };
        Ok((net.backend.clips().await?, holding))
    }

    fn arrived(self: Box<Self>, result: Result<Self::Output, ApiError>) -> Landed {
        land(move |app| match result {
            Ok((clips, holding)) => {
                app.clips_changed(clips);
                if let Some(note) = self.note {
                    app.offer_clips(note, &holding);
                }
            }
            Err(error) => {
                if matches!(
                    app.state.popup,
                    Some(Popup::Clips { .. } | Popup::Picker(_))
                ) {
                    app.state.popup = None;
                }
                app.say_refusal("could not read your clips", error);
            }
        })
    }
}

/// A change to the clips: one saved (then a note put in it), deleted, or a note put in or
/// taken out.
#[derive(Debug)]
enum ClipChange {
    Save {
        clip: Clip,
        then_add: Option<String>,
    },
    Delete(Clip),
    Note {
        clip: Clip,
        note: String,
        add: bool,
    },
}

#[async_trait]
impl Call for ClipChange {
    type Output = Vec<Clip>;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Clip>, ApiError> {
        let backend = net.backend;
        match self {
            ClipChange::Save { clip, then_add } => {
                let saved = backend.save_clip(clip).await?;
                if let Some(note) = then_add {
                    backend.clip_note(&saved.id, note, true).await?;
                }
            }
            ClipChange::Delete(clip) => backend.delete_clip(clip).await?,
            ClipChange::Note { clip, note, add } => backend.clip_note(&clip.id, note, *add).await?,
        }
        backend.clips().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Clip>, ApiError>) -> Landed {
        land(move |app| {
            let clips = match result {
                Ok(clips) => clips,
                Err(error) => {
                    return match &mut app.state.popup {
                        // The form stays as typed, saying why.
                        Some(Popup::ClipForm(form)) => {
                            form.saving = false;
                            form.error = Some(error.to_string());
                        }
                        _ => app.say_refusal("could not change the clips", error),
                    };
                }
            };
            let said = match &*self {
                ClipChange::Save {
                    clip,
                    then_add: Some(_),
                } => format!("clipped to the new “{}”", clip.name),
                ClipChange::Save { clip, .. } => format!("clip “{}” saved", clip.name),
                ClipChange::Delete(clip) if clip.mine => format!("clip “{}” deleted", clip.name),
                ClipChange::Delete(clip) => format!("“{}” is no longer a favorite", clip.name),
                ClipChange::Note {
                    clip, add: true, ..
                } => format!("clipped to “{}”", clip.name),
                ClipChange::Note { clip, .. } => format!("taken out of “{}”", clip.name),
            };
            // A clip saved from the list goes back to it, chosen.
            if let ClipChange::Save {
                clip,
                then_add: None,
            } = &*self
            {
                let selected = clips.iter().position(|c| c.name == clip.name).unwrap_or(0);
                app.state.popup = Some(Popup::Clips { selected });
            } else if matches!(app.state.popup, Some(Popup::ClipForm(_))) {
                app.state.popup = None;
            }
            app.clips_changed(clips);
            app.say(said, false);
        })
    }
}

impl App {
    pub(in crate::app) fn open_clips(&mut self) {
        if !self.is_misskey() {
            return self.say(
                "clips are a Misskey feature; on Mastodon, bookmarks are the nearest",
                false,
            );
        }
        self.state.popup = Some(Popup::Clips { selected: 0 });
        self.call(AskClips { note: None });
    }

    fn clips_changed(&mut self, clips: Vec<Clip>) {
        if let Some(Popup::Clips { selected }) = &mut self.state.popup {
            *selected = (*selected).min(clips.len().saturating_sub(1));
        }
        self.state.clips = Some(clips);
    }

    /// `:clip` on a note: which clip to put it in, those holding it marked.
    pub(in crate::app) fn clip_post(&mut self) {
        if !self.is_misskey() {
            return self.say(
                "clips are a Misskey feature; on Mastodon, bookmarks are the nearest",
                false,
            );
        }
        let Some(note) = self.selected_post_id() else {
            return self.say("select a note first", false);
        };
        self.state.popup = Some(Popup::Picker(Picker {
            title: "Clip it".into(),
            purpose: PickerPurpose::Clip(note.clone()),
            items: Vec::new(),
            filter: String::new(),
            selected: 0,
            loading: true,
        }));
        self.call(AskClips { note: Some(note) });
    }

    /// The clip picker's choices, once the clips holding `note` are known.
    fn offer_clips(&mut self, note: String, holding: &[String]) {
        let mine: Vec<&Clip> = self
            .state
            .clips
            .iter()
            .flatten()
            .filter(|c| c.mine)
            .collect();
        let mut items: Vec<PickerItem> = mine
            .iter()
            .map(|clip| match holding.contains(&clip.id) {
                true => PickerItem {
                    label: format!("[x] {} (Enter takes it out)", clip.name),
                    value: format!("out:{}", clip.id),
                },
                false => PickerItem {
                    label: format!("[ ] {}", clip.name),
                    value: format!("in:{}", clip.id),
                },
            })
            .collect();
        items.push(PickerItem {
            label: "+ a new clip…".into(),
            value: String::new(),
        });
        if let Some(picker) = self.state.picker_for(&PickerPurpose::Clip(note)) {
            picker.items = items;
            picker.loading = false;
        }
    }

    /// A clip chosen in the picker (`in:ID` puts the note in, `out:ID` takes it out of one
    /// holding it); an empty value makes a new clip for it.
    pub(in crate::app) fn clip_chosen(&mut self, note: &str, value: String) {
        let Some((way, id)) = value.split_once(':') else {
            let form = ClipForm::new(Some(note.to_owned()));
            self.state.popup = Some(Popup::ClipForm(Box::new(form)));
            return;
        };
        let chosen = self.state.clips.iter().flatten().find(|c| c.id == id);
        if let Some(clip) = chosen.cloned() {
            self.call(ClipChange::Note {
                clip,
                note: note.to_owned(),
                add: way == "in",
            });
        }
    }

    pub(in crate::app) fn clips_action(&mut self, action: Action) {
        let Some(Popup::Clips { selected }) = &mut self.state.popup else {
            return;
        };
        let chosen = cursor::choose(self.state.clips.as_deref(), selected, action);
        match action {
            action if cursor::is_move(action) => {}
            Action::Confirm => {
                if let Some(clip) = chosen {
                    self.state.popup = None;
                    self.open_tab(TimelineKind::Clip {
                        id: clip.id,
                        name: clip.name,
                    });
                }
            }
            Action::New => {
                self.state.popup = Some(Popup::ClipForm(Box::new(ClipForm::new(None))));
            }
            Action::Edit => match chosen {
                Some(clip) if clip.mine => {
                    self.state.popup = Some(Popup::ClipForm(Box::new(ClipForm::editing(&clip))));
                }
                Some(clip) => self.say(format!("“{}” is @{}'s clip", clip.name, clip.owner), false),
                None => {}
            },
            Action::Delete => {
                if let Some(clip) = chosen {
                    let question = match clip.mine {
                        true => format!("Delete the clip “{}”? Its notes stay.", clip.name),
                        false => format!("Stop favoriting “{}”?", clip.name),
                    };
                    self.ask(question, Confirmed::DeleteClip(clip));
                }
            }
            Action::Cancel | Action::Clips => self.state.popup = None,
            _ => {}
        }
    }

    pub(in crate::app) fn delete_clip(&mut self, clip: Clip) {
        self.call(ClipChange::Delete(clip));
    }

    pub(in crate::app) fn clip_form_action(&mut self, action: Action) {
        let Some(Popup::ClipForm(form)) = &mut self.state.popup else {
            return;
        };
        if form.saving {
            return;
        }
        match action {
            Action::NextTab | Action::Down => form.move_focus(true),
            Action::PrevTab | Action::Up => form.move_focus(false),
            Action::Toggle => form.toggle(),
            Action::Confirm => match form.clip() {
                Ok(clip) => {
                    form.error = None;
                    form.saving = true;
                    let then_add = form.then_add.clone();
                    self.call(ClipChange::Save { clip, then_add });
                }
                Err(why) => form.error = Some(why),
            },
            Action::Cancel => self.state.popup = None,
            _ => {}
        }
    }
}
