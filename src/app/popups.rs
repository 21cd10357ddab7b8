//! The popups' keys: pickers, menus, prompts and questions over the view.

use super::*;
use crate::action::PopupKind;
use crate::state::cursor;

impl App {
    /// A choice of the selected post's hashtags or links; on a profile, its own address
    /// comes first among the links.
    pub(super) fn pick_from_post(&mut self, purpose: PickerPurpose) {
        let profile_url = match self.state.active_tab().and_then(|t| t.stack.last()) {
            Some(crate::state::View::Profile(profile)) if purpose == PickerPurpose::Link => {
                profile.account().and_then(|a| a.url.clone())
            }
            _ => None,
        };
        let post = self.selected_post();
        let mut values: Vec<String> = match (&purpose, post) {
            (
                PickerPurpose::Tag | PickerPurpose::FollowTag | PickerPurpose::FeatureTag,
                Some(post),
            ) => post.tags.clone(),
            (_, Some(post)) => profile_url.into_iter().chain(post.links()).collect(),
            (_, None) => profile_url.into_iter().collect(),
        };
        let mut seen = std::collections::HashSet::new();
        values.retain(|v| seen.insert(v.clone()));
        match values.len() {
            0 if purpose.is_tag() => self.say_in_words("this post has no hashtags", false),
            0 => self.say_in_words("this post has no links", false),
            1 => self.choose(&purpose, values[0].clone()),
            _ => {
                let items = values
                    .into_iter()
                    .map(|value| PickerItem {
                        label: if purpose.is_tag() {
                            format!("#{value}")
                        } else {
                            value.clone()
                        },
                        value,
                    })
                    .collect();
                let title = match purpose {
                    PickerPurpose::FollowTag => "Follow which hashtag?",
                    PickerPurpose::FeatureTag => "Feature which hashtag?",
                    PickerPurpose::Tag => "Hashtags",
                    _ => "Links",
                };
                self.state.popup = Some(Popup::Picker(Picker {
                    title: title.into(),
                    purpose,
                    items,
                    filter: String::new(),
                    selected: 0,
                    loading: false,
                }));
            }
        }
    }

    pub(super) fn open_list_picker(&mut self) {
        let items = self
            .state
            .lists
            .as_deref()
            .map(list_items)
            .unwrap_or_default();
        self.state.popup = Some(Popup::Picker(Picker {
            title: "Lists".into(),
            purpose: PickerPurpose::List,
            items,
            filter: String::new(),
            selected: 0,
            loading: true,
        }));
        // Always ask again: lists may have changed elsewhere.
        self.ask_lists();
    }

    pub(super) fn choose(&mut self, purpose: &PickerPurpose, value: String) {
        match purpose {
            PickerPurpose::Tag | PickerPurpose::FollowedTags => {
                self.open_tab(TimelineKind::Hashtag(value))
            }
            PickerPurpose::FollowTag => self.toggle_tag_follow(value),
            PickerPurpose::AnnouncementReaction(id) => self.react_to_announcement(id, value),
            PickerPurpose::NotificationRequests => self.answer_notification_request(value, true),
            PickerPurpose::FeatureTag => self.toggle_tag_featured(value),
            PickerPurpose::Clip(note) => self.clip_chosen(&note.clone(), value),
            PickerPurpose::ChatReaction { view, message } => {
                let (view, message) = (*view, message.clone());
                self.react_in_chat(view, message, value);
            }
            PickerPurpose::Link => self.effects.push(Effect::OpenUrl(value)),
            PickerPurpose::Profile(known) => {
                let account = known.iter().find(|a| a.acct == value).cloned();
                self.open_profile(account, &value);
            }
            PickerPurpose::MuteFor(view, account) => self.mute_for(*view, account.clone(), &value),
            PickerPurpose::Draft => self.open_draft(&value),
            PickerPurpose::SaveMedia(media) => {
                if let Some(media) = value.parse::<usize>().ok().and_then(|i| media.get(i)) {
                    self.download(&media.clone());
                }
            }
            PickerPurpose::React(post) => {
                let reaction = (!value.is_empty()).then_some(value);
                self.react(post, reaction);
            }
            PickerPurpose::List => {
                let title = self
                    .state
                    .lists
                    .iter()
                    .flatten()
                    .find(|l| l.id == value)
                    .map_or_else(|| value.clone(), |l| l.title.clone());
                self.open_tab(TimelineKind::List { id: value, title });
            }
        }
    }

    /// A key's action, for the popup on top: each popup takes its own.
    pub(super) fn popup_action(&mut self, action: Action) {
        let Some(popup) = &self.state.popup else {
            return;
        };
        if popup.opens_timelines() {
            match action {
                Action::NewPane | Action::NewPaneBelow => return self.deck_action(action),
                // The first Esc takes back the new pane, the next closes the popup.
                Action::Cancel if self.state.deck.opening.is_some() => {
                    self.state.deck.opening = None;
                    return;
                }
                _ => {}
            }
        }
        let kind = popup.kind();
        // Help over a popup lists the popup's own keys; closing it goes back to the popup.
        if action == Action::Help && kind != PopupKind::Help {
            let over = self.state.popup.take().map(Box::new);
            self.state.popup = Some(Popup::Help { scroll: 0, over });
            return;
        }
        // A popup takes only the keys its help lists.
        if !kind.offers(action) {
            return;
        }
        match popup {
            Popup::Palette(_) => self.palette_action(action),
            // Its letters come as text; the keys left close it.
            Popup::Menu(_) => self.state.popup = None,
            Popup::Help { .. } => self.help_action(action),
            Popup::Url { .. } => self.url_action(action),
            Popup::Prompt(_) => self.prompt_action(action),
            Popup::AccountLists(_) => self.account_lists_action(action),
            Popup::Vote(_) => self.ballot_action(action),
            Popup::Messages { .. } => self.messages_action(action),
            Popup::Announcements { .. } => self.announcements_action(action),
            Popup::NotificationPolicy { .. } => self.policy_action(action),
            Popup::Filters { .. } => self.filters_action(action),
            Popup::FilterForm(_) => self.filter_form_action(action),
            Popup::Scheduled { .. } => self.scheduled_action(action),
            Popup::Report(_) => self.report_action(action),
            Popup::ProfileForm(_) => self.profile_form_action(action),
            Popup::Antennas { .. } => self.antennas_action(action),
            Popup::AntennaForm(_) => self.antenna_form_action(action),
            Popup::Channels { .. } => self.channels_action(action),
            Popup::Clips { .. } => self.clips_action(action),
            Popup::ClipForm(_) => self.clip_form_action(action),
            Popup::History { .. } => self.history_action(action),
            Popup::Login(_) => self.login_action(action),
            Popup::ListOptions(_) => self.list_options_action(action),
            Popup::Confirm { .. } => self.confirm_action(action),
            Popup::Picker(_) => self.picker_action(action),
            Popup::Viewer(_) => self.viewer_action(action),
        }
    }

    /// Help scrolls, and stops at the end of what it says.
    fn help_action(&mut self, action: Action) {
        let page = self.state.size.1.saturating_sub(4);
        let width = usize::from(
            self.state
                .size
                .0
                .min(crate::ui::popup::HELP_WIDTH)
                .saturating_sub(2),
        );
        let last = self.furthest_scroll(crate::ui::popup::help_lines(&self.state, width).len());
        let Some(Popup::Help { scroll, over }) = &mut self.state.popup else {
            return;
        };
        let moved = match action {
            Action::Down => scroll.saturating_add(1),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown | Action::Toggle => scroll.saturating_add(page),
            Action::PageUp => scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => u16::MAX,
            Action::Cancel | Action::Help | Action::Confirm => {
                self.state.popup = over.take().map(|popup| *popup);
                return;
            }
            _ => *scroll,
        };
        *scroll = moved.min(last);
    }

    /// How far a popup as tall as the screen scrolls over `lines` lines: until its last line
    /// shows at the bottom.
    fn furthest_scroll(&self, lines: usize) -> u16 {
        let page = usize::from(self.state.size.1.saturating_sub(4));
        u16::try_from(lines.saturating_sub(page)).unwrap_or(u16::MAX)
    }

    /// A link the browser could not open: copied, or closed.
    fn url_action(&mut self, action: Action) {
        let Some(Popup::Url { url, .. }) = &self.state.popup else {
            return;
        };
        match action {
            Action::Copy => {
                let url = url.clone();
                self.copy(url, "the address");
            }
            Action::Cancel | Action::Confirm => self.state.popup = None,
            _ => {}
        }
    }

    /// A prompt: its suggestions chosen from, completed (a file's path), confirmed or left.
    fn prompt_action(&mut self, action: Action) {
        let Some(Popup::Prompt(prompt)) = &mut self.state.popup else {
            return;
        };
        match action {
            Action::NextTab if matches!(prompt.purpose, PromptPurpose::Attach { .. }) => {
                self.complete_path()
            }
            Action::Down | Action::NextTab if !prompt.suggestions.is_empty() => {
                let last = prompt.suggestions.len() - 1;
                prompt.suggestion = Some(prompt.suggestion.map_or(0, |s| (s + 1).min(last)));
            }
            Action::Up | Action::PrevTab => {
                prompt.suggestion = prompt.suggestion.and_then(|s| s.checked_sub(1));
            }
            Action::Cancel => {
                self.state.popup = match &prompt.purpose {
                    PromptPurpose::NewList {
                        for_account: Some(popup),
                    } => Some(Popup::AccountLists(popup.clone())),
                    _ => None,
                }
            }
            Action::Confirm => {
                let prompt = prompt.clone();
                self.prompt_confirmed(prompt);
            }
            _ => {}
        }
    }

    /// The message log scrolls from its end (the newest): up goes back in time.
    fn messages_action(&mut self, action: Action) {
        let width = crate::ui::popup::text_width(self.state.size.0);
        let most = self.furthest_scroll(crate::ui::popup::message_lines(&self.state, width).len());
        let Some(Popup::Messages { scroll }) = &mut self.state.popup else {
            return;
        };
        match action {
            Action::Up => *scroll = scroll.saturating_add(1).min(most),
            Action::Down => *scroll = scroll.saturating_sub(1),
            Action::PageUp => *scroll = scroll.saturating_add(10).min(most),
            Action::PageDown | Action::Toggle => *scroll = scroll.saturating_sub(10),
            Action::Cancel | Action::Confirm | Action::Messages => self.state.popup = None,
            _ => {}
        }
    }

    /// An edit history scrolls from the newest version down, and stops at the oldest one's end.
    fn history_action(&mut self, action: Action) {
        let Some(Popup::History { versions, scroll }) = &self.state.popup else {
            return;
        };
        let wanted = match action {
            Action::Down => scroll.saturating_add(1),
            Action::Up => scroll.saturating_sub(1),
            Action::PageDown | Action::Toggle => scroll.saturating_add(10),
            Action::PageUp => scroll.saturating_sub(10),
            Action::Cancel | Action::Confirm => {
                self.state.popup = None;
                return;
            }
            _ => return,
        };
        let width = crate::ui::popup::text_width(self.state.size.0);
        // Laid out only as far as the wanted scroll needs: one more page.
        let rows = usize::from(wanted) + usize::from(self.state.size.1);
        let laid_out = crate::ui::popup::history_lines(self.state.now, versions, width, rows);
        let last = self.furthest_scroll(laid_out.len());
        if let Some(Popup::History { scroll, .. }) = &mut self.state.popup {
            *scroll = wanted.min(last);
        }
    }

    /// Asks a yes/no question over whatever popup is open, which comes back once it is
    /// answered.
    pub(in crate::app) fn ask(&mut self, question: impl Into<String>, on_yes: Confirmed) {
        let back = self.state.popup.take().map(Box::new);
        self.state.popup = Some(Popup::Confirm {
            question: question.into(),
            on_yes,
            back,
        });
    }

    /// A question: yes does what it asked about; either answer goes back to the popup it
    /// was asked from.
    fn confirm_action(&mut self, action: Action) {
        let Some(Popup::Confirm { on_yes, back, .. }) = &mut self.state.popup else {
            return;
        };
        match action {
            Action::Confirm => {
                let on_yes = on_yes.clone();
                self.state.popup = back.take().map(|b| *b);
                self.confirmed(on_yes);
            }
            Action::Cancel => self.state.popup = back.take().map(|b| *b),
            _ => {}
        }
    }

    /// A picker: moved through, filtered (typed letters come as text), chosen from; a draft
    /// in the drafts list can be deleted.
    fn picker_action(&mut self, action: Action) {
        let Some(Popup::Picker(picker)) = &mut self.state.popup else {
            return;
        };
        match action {
            Action::Down | Action::NextTab | Action::Up | Action::PrevTab => {
                let step = match action {
                    Action::Down | Action::NextTab => Action::Down,
                    _ => Action::Up,
                };
                let count = picker.visible().len();
                picker.selected = cursor::moved(picker.selected, step, count, cursor::PAGE);
            }
            Action::DeleteChar => {
                picker.filter.pop();
                picker.selected = 0;
            }
            Action::Cancel => self.state.popup = None,
            Action::Delete if picker.purpose == PickerPurpose::Draft => {
                if let Some(item) = picker.visible().get(picker.selected) {
                    let id = item.value.clone();
                    self.ask_delete_draft(id);
                }
            }
            Action::Delete | Action::Confirm
                if picker.purpose == PickerPurpose::NotificationRequests =>
            {
                if let Some(item) = picker.visible().get(picker.selected) {
                    let id = item.value.clone();
                    self.answer_notification_request(id, action == Action::Confirm);
                }
            }
            Action::Delete if picker.purpose == PickerPurpose::FollowedTags => {
                if let Some(item) = picker.visible().get(picker.selected) {
                    let name = item.value.clone();
                    self.unfollow_tag(name);
                }
            }
            Action::Confirm => {
                let chosen = picker
                    .visible()
                    .get(picker.selected)
                    .map(|item| item.value.clone());
                let purpose = picker.purpose.clone();
                if let Some(value) = chosen {
                    self.state.popup = None;
                    self.choose(&purpose, value);
                }
            }
            _ => {}
        }
    }

    /// Does what a confirmation popup asked about.
    pub(super) fn confirmed(&mut self, on_yes: Confirmed) {
        match on_yes {
            Confirmed::DeleteList(list) => {
                let index = self
                    .state
                    .lists
                    .iter()
                    .flatten()
                    .position(|l| l.id == list.id)
                    .unwrap_or(0);
                self.change(ListChange::Delete { list, index });
            }
            Confirmed::FollowAndAdd { list, account } => self.change(ListChange::Add {
                list,
                account,
                follow_first: true,
            }),
            Confirmed::RemoveMembers { list, accounts } => {
                self.change(ListChange::Remove { list, accounts })
            }
            Confirmed::ForgetAccount(name) => self.effects.push(Effect::ForgetAccount(name)),
            Confirmed::Approve(permission) => self.approve_permission(permission),
            Confirmed::DeletePost(post) => self.delete_post(post),
            Confirmed::Redraft(post) => {
                self.say("deleting it to write it again…", false);
                self.call(calls::Redraft { post });
            }
            Confirmed::DeleteDraft(id) => self.delete_draft(&id),
            Confirmed::DeleteChatMessage { view, message } => self.delete_in_chat(view, message),
            Confirmed::KeepDraftOnServer(draft) => self.call(super::calls::KeepServerDraft(draft)),
            Confirmed::DeleteFilter(filter) => self.delete_filter(filter),
            Confirmed::DeleteAntenna(antenna) => self.delete_antenna(antenna),
            Confirmed::DeleteClip(clip) => self.delete_clip(clip),
            Confirmed::CancelScheduled(id) => self.cancel_scheduled(id),
            Confirmed::SendWithoutDescription => self.send_draft_unless(false),
            Confirmed::Relate {
                view,
                account,
                change,
            } => self.relate(view, account, change),
        }
    }
}

pub(super) fn list_items(lists: &[crate::api::List]) -> Vec<PickerItem> {
    lists
        .iter()
        .filter(|l| !crate::state::lists::is_placeholder(&l.id))
        .map(|l| PickerItem {
            label: l.title.clone(),
            value: l.id.clone(),
        })
        .collect()
}
