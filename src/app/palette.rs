//! The command line's keys: typing narrows the actions, the arrows move among them, Tab
//! completes a name, Enter runs the action as its key would, Esc closes.

use super::App;
use crate::action::Action;
use crate::state::palette::Palette;
use crate::state::{Popup, cursor};

impl App {
    pub(super) fn open_palette(&mut self) {
        let context = self.state.focused_view();
        self.state.popup = Some(Popup::Palette(Palette::new(context)));
    }

    pub(super) fn palette_action(&mut self, action: Action) {
        let Some(Popup::Palette(palette)) = &mut self.state.popup else {
            return;
        };
        match action {
            moving if cursor::is_move(moving) => palette.step(moving),
            Action::NextTab => palette.complete(),
            Action::Confirm => match palette.chosen() {
                Some(chosen) => {
                    self.state.popup = None;
                    self.handle_action(chosen);
                }
                None => {
                    let typed = palette.input.text();
                    self.say(format!("no action is called “{typed}”"), true);
                }
            },
            Action::Cancel | Action::Palette => self.state.popup = None,
            _ => {}
        }
    }
}
