//! Misskey's antennas: listed in a popup, opened as tabs, made, changed and deleted in a
//! form (one made from a hashtag tab's tag). Mastodon says it has none.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{Antenna, ApiError, TimelineKind};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::antennas::AntennaForm;
use crate::state::{Confirmed, Popup, cursor};

#[derive(Debug)]
struct AskAntennas;

#[async_trait]
impl Call for AskAntennas {
    type Output = Vec<Antenna>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Antenna>, ApiError> {
        net.backend.antennas().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Antenna>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(antennas) => app.antennas_changed(antennas),
            Err(error) => {
                if matches!(app.state.popup, Some(Popup::Antennas { .. })) {
                    app.state.popup = None;
                }
                app.say_refusal("could not read your antennas", error);
            }
        })
    }
}

/// Saves an antenna made or changed in the form; deletes one (`delete`).
#[derive(Debug)]
struct SaveAntenna {
    antenna: Antenna,
    delete: bool,
}

#[async_trait]
impl Call for SaveAntenna {
    /// The antennas after the change (the saved one as the server has it).
    type Output = (Option<Antenna>, Vec<Antenna>);
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Self::Output, ApiError> {
        let saved = match self.delete {
            true => {
                net.backend.delete_antenna(&self.antenna.id).await?;
                None
            }
            false => Some(net.backend.save_antenna(&self.antenna).await?),
        };
        Ok((saved, net.backend.antennas().await?))
    }

    fn arrived(self: Box<Self>, result: Result<Self::Output, ApiError>) -> Landed {
        land(move |app| {
            let name = self.antenna.name.clone();
            match result {
                Ok((saved, antennas)) => {
                    let selected = saved
                        .and_then(|s| antennas.iter().position(|a| a.id == s.id))
                        .unwrap_or(0);
                    app.antennas_changed(antennas);
                    if !self.delete {
                        app.state.popup = Some(Popup::Antennas { selected });
                    }
                    let done = if self.delete { "deleted" } else { "saved" };
                    app.say(format!("antenna “{name}” {done}"), false);
                }
                Err(error) => match &mut app.state.popup {
                    // The form stays as typed, saying why.
                    Some(Popup::AntennaForm(form)) if !self.delete => {
                        form.saving = false;
                        form.error = Some(error.to_string());
                    }
                    _ => app.say_refusal("could not change the antennas", error),
                },
            }
        })
    }
}

impl App {
    pub(in crate::app) fn open_antennas(&mut self) {
        if !self.is_misskey() {
            return self.say(
                "antennas are a Misskey feature; this server has none",
                false,
            );
        }
        self.state.popup = Some(Popup::Antennas { selected: 0 });
        self.call(AskAntennas);
        if self.state.lists.is_none() {
            self.ask_lists();
        }
    }

    fn antennas_changed(&mut self, antennas: Vec<Antenna>) {
        if let Some(Popup::Antennas { selected }) = &mut self.state.popup {
            *selected = (*selected).min(antennas.len().saturating_sub(1));
        }
        self.state.antennas = Some(antennas);
    }

    pub(in crate::app) fn antennas_action(&mut self, action: Action) {
        let Some(Popup::Antennas { selected }) = &mut self.state.popup else {
            return;
        };
        let chosen = cursor::choose(self.state.antennas.as_deref(), selected, action);
        match action {
            action if cursor::is_move(action) => {}
            Action::Confirm => {
                if let Some(antenna) = chosen {
                    self.state.popup = None;
                    self.open_tab(TimelineKind::Antenna {
                        id: antenna.id,
                        name: antenna.name,
                    });
                }
            }
            Action::New => {
                // A hashtag tab's tag is the first thing to catch.
                let tag = match self.state.active_tab().map(|t| &t.timeline.kind) {
                    Some(TimelineKind::Hashtag(tag)) => format!("#{tag}"),
                    _ => String::new(),
                };
                let form = AntennaForm::new(&tag);
                self.state.popup = Some(Popup::AntennaForm(Box::new(form)));
            }
            Action::Edit => {
                if let Some(antenna) = chosen {
                    let form = AntennaForm::editing(&antenna);
                    self.state.popup = Some(Popup::AntennaForm(Box::new(form)));
                }
            }
            Action::Delete => {
                if let Some(antenna) = chosen {
                    self.ask(
                        format!("Delete the antenna “{}”?", antenna.name),
                        Confirmed::DeleteAntenna(antenna),
                    );
                }
            }
            Action::Cancel | Action::Antennas => self.state.popup = None,
            _ => {}
        }
    }

    pub(in crate::app) fn delete_antenna(&mut self, antenna: Antenna) {
        self.call(SaveAntenna {
            antenna,
            delete: true,
        });
    }

    pub(in crate::app) fn antenna_form_action(&mut self, action: Action) {
        let lists = self.state.lists.clone().unwrap_or_default();
        let Some(Popup::AntennaForm(form)) = &mut self.state.popup else {
            return;
        };
        if form.saving {
            return;
        }
        match action {
            Action::NextTab | Action::Down => form.move_focus(true),
            Action::PrevTab | Action::Up => form.move_focus(false),
            Action::Toggle => form.toggle(&lists),
            Action::Confirm => match form.antenna() {
                Ok(antenna) => {
                    form.error = None;
                    form.saving = true;
                    self.call(SaveAntenna {
                        antenna,
                        delete: false,
                    });
                }
                Err(why) => form.error = Some(why),
            },
            Action::Cancel => {
                let id = form.id.clone();
                let selected = self
                    .state
                    .antennas
                    .iter()
                    .flatten()
                    .position(|a| a.id == id)
                    .unwrap_or(0);
                self.state.popup = Some(Popup::Antennas { selected });
            }
            _ => {}
        }
    }
}
