//! Keys and typed text into actions: the keymap, the field being typed in, the focused view
//! (or popup) and, for a key it does not take, where that key works.

use super::*;

impl App {
    pub fn handle_key(&mut self, key: KeyEvent) {
        self.take_key(key);
        // What is on screen may have moved: its pictures are wanted.
        self.want_previews();
    }

    fn take_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.state.message = None;
        let plain_char = match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        };
        // A yes/no question takes y and n as well as Enter and Esc.
        if let (Some(Popup::Confirm { .. }), Some(answer @ ('y' | 'n'))) =
            (&self.state.popup, plain_char)
        {
            let action = match answer {
                'y' => Action::Confirm,
                _ => Action::Cancel,
            };
            return self.handle_action(action);
        }
        // A field being typed in takes its editing keys before the keymap does; pickers and
        // filters take typed characters.
        if key.code == KeyCode::Backspace
            && self.state.popup.is_none()
            && self.compose_mut().is_some_and(|c| c.remove_empty_option())
        {
            return self.text_edited();
        }
        // While accounts, hashtags or emoji are offered, Tab, ↓ ↑ and Esc are the offer's
        // (letters go on typing).
        if plain_char.is_none() && self.offer_key(&key) {
            return;
        }
        if let Some(editor) = self.focused_editor()
            && editor.key(&key)
        {
            return self.text_edited();
        }
        if let Some(c) = plain_char
            && self.type_text(c.encode_utf8(&mut [0; 4]))
        {
            return;
        }
        let action = self.state.keymap.action(&key);
        // An Alt key that does nothing here was an Esc and a key typed quickly: tmux (within
        // its escape-time, 500 ms unless set) and a link that bunched them send the two as one.
        // (Only letters and the like: Option-arrows on a Mac send Alt-arrows of their own.)
        if !action.is_some_and(|a| self.would_act(a))
            && let KeyCode::Char(_) = key.code
            && key.modifiers.contains(KeyModifiers::ALT)
            && !key.modifiers.contains(KeyModifiers::CONTROL)
        {
            self.take_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            return self.take_key(KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT));
        }
        // The menu of more actions answers a letter it does not list (its own keys go on).
        if let (Some(Popup::Menu(_)), Some(letter)) = (&self.state.popup, plain_char)
            && letter.is_ascii_alphanumeric()
            && !action.is_some_and(|a| crate::action::PopupKind::Menu.offers(self.arriving(a)))
        {
            return self.say(
                format!("nothing on {letter} here; Esc closes the menu"),
                false,
            );
        }
        // On a form's choice (a place, a rule, what to do), a letter is not a command: `q`
        // must not close what is half filled in.
        let on_form = self
            .state
            .popup
            .as_ref()
            .is_some_and(|p| p.kind().is_form());
        if on_form
            && plain_char.is_some()
            && !matches!(
                action,
                Some(Action::Toggle | Action::Down | Action::Up | Action::Help)
            )
        {
            return;
        }
        match action {
            Some(action) => self.handle_action(action),
            // A letter with no key of its own, on a field of a post that is not typed in.
            None if plain_char.is_some()
                && self.state.popup.is_none()
                && self.compose_mut().is_some() =>
            {
                self.say_how_to_write()
            }
            None => {}
        }
    }

    /// Pasted text (bracketed paste) goes into the field being typed in; a one-line field
    /// takes it as one line, so a pasted newline never confirms a prompt.
    pub fn paste(&mut self, text: &str) {
        self.state.message = None;
        if let Some(editor) = self.focused_editor() {
            editor.paste(text);
            return self.text_edited();
        }
        let line = crate::sanitize::line(text.trim_end_matches(['\r', '\n']));
        if !self.type_text(&line) {
            self.say_in_words("paste into a prompt, a post or a filter", false);
        }
    }

    /// The field being typed in, if any.
    fn focused_editor(&mut self) -> Option<&mut crate::state::Editor> {
        if self.state.popup.is_none() {
            if matches!(self.state.screen(), Some(Screen::Chat(_))) {
                return match crate::state::screen_in(&mut self.state.tabs, self.state.active) {
                    Some(Screen::Chat(chat)) if chat.writing && !chat.sending => {
                        Some(&mut chat.input)
                    }
                    _ => None,
                };
            }
            return self.compose_mut().and_then(|c| c.editor_mut());
        }
        match &mut self.state.popup {
            Some(Popup::Prompt(prompt)) => Some(&mut prompt.input),
            Some(Popup::Palette(palette)) => Some(&mut palette.input),
            Some(Popup::Login(flow)) => flow.stage.input_mut(),
            Some(Popup::FilterForm(form)) if !form.saving => form.editor_mut(),
            Some(Popup::Report(form)) if !form.sending => form.editor_mut(),
            Some(Popup::ProfileForm(form)) if !form.saving => form.editor_mut(),
            Some(Popup::AntennaForm(form)) if !form.saving => form.editor_mut(),
            Some(Popup::ClipForm(form)) if !form.saving => form.editor_mut(),
            _ => None,
        }
    }

    /// After the focused field's text changed.
    pub(super) fn text_edited(&mut self) {
        match &mut self.state.popup {
            Some(Popup::Prompt(_)) => self.prompt_edited(),
            Some(Popup::Login(flow)) => flow.error = None,
            Some(Popup::Palette(palette)) => palette.selected = 0,
            Some(_) => {}
            None => self.compose_edited(),
        }
    }

    /// Adds text to the picker or filter being typed in, or runs the menu's action for the
    /// letter typed; `false` if there is none.
    fn type_text(&mut self, text: &str) -> bool {
        if let Some(Popup::Menu(_)) = &self.state.popup {
            return text.chars().next().is_some_and(|c| self.menu_letter(c));
        }
        let screen = crate::state::screen_in(&mut self.state.tabs, self.state.active);
        match (&mut self.state.popup, screen) {
            (Some(Popup::Picker(picker)), _) => {
                picker.filter.push_str(text);
                picker.selected = 0;
            }
            (None, Some(Screen::Lists(screen))) if screen.filtering => {
                screen.filter.push_str(text);
                screen.selected = 0;
            }
            _ => return false,
        }
        true
    }

    pub fn handle_action(&mut self, action: Action) {
        let owner_before = screen_owner(self.state.screen());
        self.act(action);
        // Leaving a screen cancels what it asked for.
        if let Some(owner) = owner_before
            && screen_owner(self.state.screen()) != Some(owner)
        {
            self.cancel(owner);
        }
    }

    /// What `action` is here: quitting is for a timeline; anywhere else there is somewhere to
    /// go back to (a popup, a screen, a thread, profile or search results over a timeline, a
    /// post being written: Ctrl-C closes it, the draft kept), and the quit keys (`q`, Ctrl-C)
    /// go back there.
    fn arriving(&self, action: Action) -> Action {
        let elsewhere = self.state.popup.is_some()
            || !matches!(
                self.state.focused_view(),
                ViewKind::Timeline | ViewKind::Notifications
            );
        match action {
            Action::Quit if elsewhere => Action::Cancel,
            other => other,
        }
    }

    /// Whether a key for `action` does something where it is pressed: what the popup or
    /// focused view offers, and for a focus move, where there is another pane.
    fn would_act(&self, action: Action) -> bool {
        let action = self.arriving(action);
        let offered = match &self.state.popup {
            Some(popup) => popup.kind().offers(action),
            None => self.state.focused_view().offers(action),
        };
        offered && self.deck_would_act(action)
    }

    fn act(&mut self, action: Action) {
        tracing::debug!(?action);
        let action = self.arriving(action);
        match action {
            Action::Suspend => return self.effects.push(Effect::Suspend),
            Action::Redraw => return self.effects.push(Effect::Redraw),
            _ => {}
        }
        if self.state.popup.is_some() {
            return self.popup_action(action);
        }
        // A key does what the focused view's help says, or says where it works.
        match self.state.focused_view() {
            view if view.offers(action) => {}
            ViewKind::Compose => return self.say_how_to_write(),
            _ => {
                self.say_where_it_works(action);
                return;
            }
        }
        match (self.state.screen(), action) {
            (_, Action::Help) => {
                self.state.popup = Some(Popup::Help {
                    scroll: 0,
                    over: None,
                })
            }
            (_, Action::Palette) => self.open_palette(),
            (_, Action::More) => self.open_menu(),
            (_, Action::Messages) => self.state.popup = Some(Popup::Messages { scroll: 0 }),
            (_, Action::Quit) => self.effects.push(Effect::Quit),
            (_, Action::ManageLists) => self.open_lists_screen(),
            (_, Action::Accounts) => self.open_accounts_screen(),
            (Some(Screen::Accounts(_)), _) => self.accounts_action(action),
            (Some(Screen::Lists(_)), _) => self.lists_screen_action(action),
            (
                _,
                Action::Followers
                | Action::Following
                | Action::Mutes
                | Action::Blocks
                | Action::DomainBlocks
                | Action::FollowRequests
                | Action::SentRequests,
            ) => self.open_people(action),
            (Some(Screen::Members(_)), _) => self.members_action(action),
            (Some(Screen::People(_)), _) => self.people_action(action),
            (Some(Screen::Chat(_)), _) => self.chat_action(action),
            (None, _) => self.view_action(action),
        }
    }

    /// For a key the view on screen does not take: which view does, and how to get there;
    /// `false` where no view takes it (nothing said).
    pub(super) fn say_where_it_works(&mut self, action: Action) -> bool {
        // A view's own keys first, then those that work from timelines and the like.
        let takes = |view: &ViewKind| view.actions().any(|a| a == action);
        let reaches = |view: &ViewKind| view.everywhere().contains(&action);
        let first = |found: &dyn Fn(&ViewKind) -> bool| ViewKind::ALL.into_iter().find(found);
        let Some(place) = first(&takes).or_else(|| first(&reaches)) else {
            return false;
        };
        let label = |action| self.state.keymap.label(action);
        let how = match place {
            ViewKind::Profile => format!("; {} opens the author's", label(Action::Profile)),
            ViewKind::Lists => format!("; {} opens it", label(Action::ManageLists)),
            ViewKind::Members => format!(
                "; {} on the lists screen shows them",
                label(Action::Members)
            ),
            ViewKind::Accounts => format!("; {} opens it", label(Action::Accounts)),
            ViewKind::People => format!(
                "; {} shows the accounts you muted, for one",
                label(Action::Mutes)
            ),
            ViewKind::Notifications => format!("; {} opens them", label(Action::Notifications)),
            ViewKind::Chat => format!(
                "; {} on a chat in the direct messages opens it",
                label(Action::Confirm)
            ),
            ViewKind::Compose => {
                format!("; {} writes a {}", label(Action::New), self.words().post())
            }
            ViewKind::Thread => format!("; {} opens one", label(Action::Confirm)),
            ViewKind::Timeline | ViewKind::Search => String::new(),
        };
        let title = place.title();
        let place = title[..1].to_lowercase() + &title[1..];
        self.say(format!("{} works {place}{how}", label(action)), false);
        true
    }
}
