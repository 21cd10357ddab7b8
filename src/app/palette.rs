//! Actions by name. The command line's keys: typing narrows the actions, the arrows move
//! among them, Tab completes a name, Enter runs the action as its key would, Esc closes. The
//! menu of more actions: a letter runs the action it stands for.

use super::App;
use crate::action::Action;
use crate::state::available::actions_where;
use crate::state::menu::Menu;
use crate::state::palette::Palette;
use crate::state::{Popup, cursor};

impl App {
    pub(super) fn open_palette(&mut self) {
        let context = self.state.focused_view();
        let palette = Palette::new(context, &self.state.actions_in(context));
        self.state.popup = Some(Popup::Palette(palette));
    }

    /// The menu of the actions here with no key of their own.
    pub(super) fn open_menu(&mut self) {
        let offered = self.state.actions_in(self.state.focused_view());
        let menu = Menu::new(&offered, &self.state.keymap);
        if menu.entries.is_empty() {
            return self.say(
                "every action here has a key of its own (? lists them)",
                false,
            );
        }
        self.state.popup = Some(Popup::Menu(menu));
    }

    /// A letter typed in the menu: the action it stands for, run as its key would be; `false`
    /// for a letter that stands for none (it goes on as a key).
    pub(super) fn menu_letter(&mut self, letter: char) -> bool {
        let Some(Popup::Menu(menu)) = &self.state.popup else {
            return false;
        };
        let Some(action) = menu.action_for(letter) else {
            return false;
        };
        self.state.popup = None;
        self.handle_action(action);
        true
    }

    pub(super) fn palette_action(&mut self, action: Action) {
        let Some(Popup::Palette(palette)) = &mut self.state.popup else {
            return;
        };
        match action {
            moving if cursor::is_move(moving) => palette.step(moving),
            Action::NextTab => palette.complete(),
            Action::Confirm => {
                let typed = palette.input.text().trim().to_owned();
                // A name typed in full that is not offered here runs nothing else: one this
                // server cannot do says why, as its key would; one of another view says where
                // it works.
                let elsewhere = Action::from_name(&typed).filter(|named| !palette.offers(*named));
                let context = palette.context;
                match (elsewhere, palette.chosen()) {
                    (Some(named), _) => {
                        self.state.popup = None;
                        if actions_where(context, |_| true).contains(&named) {
                            self.handle_action(named);
                        } else if !self.say_where_it_works(named) {
                            self.say(format!("{typed} does nothing here"), true);
                        }
                    }
                    (None, Some(chosen)) => {
                        self.state.popup = None;
                        self.handle_action(chosen);
                    }
                    (None, None) => self.say(format!("no action is called “{typed}”"), true),
                }
            }
            Action::Cancel | Action::Palette => self.state.popup = None,
            _ => {}
        }
    }
}
