//! The user's filters (Misskey: muted words): listed in a popup, made, changed and deleted in
//! a form, one made from a post's hashtags. A change applies at once to every post on
//! screen: each is judged again, and a tab whose hidden posts may show again reloads.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Filter, FilterAction, FilterSet};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::filters::FilterForm;
use crate::state::{Confirmed, Popup, cursor};

/// Reads the filters (at the view's opening, and when the server says they changed).
#[derive(Debug)]
pub struct AskFilters;

#[async_trait]
impl Call for AskFilters {
    type Output = Vec<Filter>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Filter>, ApiError> {
        net.backend.filters().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Filter>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(filters) => app.filters_changed(filters),
            Err(error) => {
                tracing::warn!(%error, "could not read the filters");
                if matches!(app.state.popup, Some(Popup::Filters { .. })) {
                    app.state.popup = None;
                    app.say_refusal("could not read the filters", error);
                }
            }
        })
    }
}

/// Saves a filter made or changed in the form; deletes one (`delete`).
#[derive(Debug)]
struct SaveFilter {
    filter: Filter,
    delete: bool,
}

#[async_trait]
impl Call for SaveFilter {
    type Output = Vec<Filter>;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Filter>, ApiError> {
        match self.delete {
            true => net.backend.delete_filter(&self.filter).await,
            false => net.backend.save_filter(&self.filter).await,
        }
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Filter>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(filters) => {
                let title = self.filter.title.clone();
                // The saved one is chosen in the list (a new one found by its title).
                let selected = filters
                    .iter()
                    .position(|f| {
                        (!self.filter.id.is_empty() && f.id == self.filter.id)
                            || f.title == title
                            || f.title.ends_with(&format!("“{title}”"))
                    })
                    .unwrap_or(0);
                app.filters_changed(filters);
                match self.delete {
                    true => app.say(format!("filter “{title}” deleted"), false),
                    false => {
                        app.state.popup = Some(Popup::Filters { selected });
                        app.say(format!("filter “{title}” saved"), false)
                    }
                }
            }
            Err(error) => match &mut app.state.popup {
                // The form stays as typed, saying why.
                Some(Popup::FilterForm(form)) if !self.delete => {
                    form.saving = false;
                    form.error = Some(error.to_string());
                }
                _ => app.say_refusal("could not change the filters", error),
            },
        })
    }
}

impl App {
    pub(in crate::app) fn open_filters(&mut self) {
        self.state.popup = Some(Popup::Filters { selected: 0 });
        self.call(AskFilters);
    }

    /// A filter made from the selected post: its hashtags as the keywords.
    pub(in crate::app) fn filter_from_post(&mut self) {
        let Some(post) = self.selected_post() else {
            return self.say_in_words("select a post first", false);
        };
        let words = post
            .tags
            .iter()
            .map(|tag| format!("#{tag}"))
            .collect::<Vec<_>>()
            .join(if self.is_misskey() { " " } else { ", " });
        let form = FilterForm::new(self.is_misskey(), &words);
        self.state.popup = Some(Popup::FilterForm(form));
        if self.state.filters.is_none() {
            self.call(AskFilters);
        }
    }

    /// The filters as they are now: kept, and every post on screen judged again.
    fn filters_changed(&mut self, filters: Vec<Filter>) {
        let before = self.state.filters.take().unwrap_or_default();
        // A post a filter hid never reached its tab: where one that hid may hide less now,
        // the tabs load again.
        let hid_less = before
            .iter()
            .filter(|f| f.action == FilterAction::Hide)
            .any(|f| !filters.contains(f));
        if let Some(Popup::Filters { selected }) = &mut self.state.popup {
            *selected = (*selected).min(filters.len().saturating_sub(1));
        }
        self.judge_again(&FilterSet::new(filters.clone()));
        self.state.filters = Some(filters);
        if hid_less {
            for index in 0..self.state.tabs.len() {
                self.state.tabs[index].timeline.reset();
                self.refresh(index);
            }
        }
    }

    /// Judges every post kept with `filters`: by the place of the tab that shows it (a post
    /// only in a thread, profile or search, as in a thread), and takes those now hidden out
    /// of the tabs.
    fn judge_again(&mut self, filters: &FilterSet) {
        let mut places = std::collections::HashMap::new();
        for tab in &self.state.tabs {
            let Some(place) = tab.timeline.kind.filter_context() else {
                continue;
            };
            for id in tab.timeline.entries().filter_map(|e| e.post.as_deref()) {
                places.entry(id.to_owned()).or_insert(place);
            }
        }
        let now = jiff::Timestamp::now();
        self.state.posts.judge(|post| {
            let place = places
                .get(&post.id)
                .copied()
                .unwrap_or(crate::api::FilterContext::Thread);
            filters.judge(post, place, now)
        });
        let posts = &self.state.posts;
        for tab in &mut self.state.tabs {
            tab.timeline.drop_hidden(posts);
        }
    }

    pub(in crate::app) fn filters_action(&mut self, action: Action) {
        let Some(Popup::Filters { selected }) = &mut self.state.popup else {
            return;
        };
        let chosen = cursor::choose(self.state.filters.as_deref(), selected, action);
        match action {
            action if cursor::is_move(action) => {}
            Action::New => {
                self.state.popup = Some(Popup::FilterForm(FilterForm::new(self.is_misskey(), "")))
            }
            Action::Confirm | Action::Edit => {
                if let Some(filter) = chosen {
                    let form = FilterForm::editing(&filter, self.is_misskey());
                    self.state.popup = Some(Popup::FilterForm(form));
                }
            }
            Action::Delete => {
                if let Some(filter) = chosen {
                    self.ask(
                        format!("Delete the filter “{}”?", filter.title),
                        Confirmed::DeleteFilter(filter),
                    );
                }
            }
            Action::Cancel | Action::Filters => self.state.popup = None,
            _ => {}
        }
    }

    pub(in crate::app) fn delete_filter(&mut self, filter: Filter) {
        self.call(SaveFilter {
            filter,
            delete: true,
        });
    }

    pub(in crate::app) fn filter_form_action(&mut self, action: Action) {
        let Some(Popup::FilterForm(form)) = &mut self.state.popup else {
            return;
        };
        if form.saving {
            return;
        }
        match action {
            Action::NextTab | Action::Down => form.move_focus(true),
            Action::PrevTab | Action::Up => form.move_focus(false),
            Action::Toggle => form.toggle(),
            Action::Confirm => match form.filter(&crate::when::now()) {
                Ok(filter) => {
                    form.error = None;
                    form.saving = true;
                    self.call(SaveFilter {
                        filter,
                        delete: false,
                    });
                }
                Err(why) => form.error = Some(why),
            },
            Action::Cancel => {
                let selected = form
                    .original
                    .as_ref()
                    .and_then(|f| {
                        self.state
                            .filters
                            .iter()
                            .flatten()
                            .position(|g| g.id == f.id)
                    })
                    .unwrap_or(0);
                self.state.popup = Some(Popup::Filters { selected });
            }
            _ => {}
        }
    }
}
