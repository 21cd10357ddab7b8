//! Hashtags the user follows (their posts come to Home) or features on their profile: follow
//! or unfollow the hashtag of a tab or of a post, the followed hashtags in a picker (open,
//! unfollow), and a hashtag tab's mark for being followed.

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, Tag, TimelineKind};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};
use crate::state::{Picker, PickerItem, PickerPurpose, Popup};

/// Whether the user follows a hashtag, for its tab's mark.
#[derive(Debug)]
pub struct TagFollowed {
    name: String,
}

#[async_trait]
impl Call for TagFollowed {
    type Output = Tag;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Tag, ApiError> {
        net.backend.tag(&self.name).await
    }

    fn arrived(self: Box<Self>, result: Result<Tag, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(tag) => app.state.set_tag_followed(&self.name, tag.following),
            // Only a mark is missing: the tab itself works.
            Err(error) => {
                tracing::warn!(tag = %self.name, %error, "could not ask whether a hashtag is followed")
            }
        })
    }
}

#[derive(Debug)]
pub struct FollowTag {
    name: String,
    follow: bool,
}

#[async_trait]
impl Call for FollowTag {
    type Output = Tag;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<Tag, ApiError> {
        net.backend.follow_tag(&self.name, self.follow).await
    }

    fn arrived(self: Box<Self>, result: Result<Tag, ApiError>) -> Landed {
        land(move |app| {
            let name = &self.name;
            match result {
                Ok(tag) => {
                    app.state.set_tag_followed(name, tag.following);
                    if let Some(picker) = app.state.picker_for(&PickerPurpose::FollowedTags)
                        && !tag.following
                    {
                        picker.remove_items(|value| value.eq_ignore_ascii_case(name));
                    }
                    app.say(
                        if tag.following {
                            format!("following #{name}: its posts come to Home")
                        } else {
                            format!("no longer following #{name}")
                        },
                        false,
                    );
                }
                Err(error) => {
                    let verb = if self.follow { "follow" } else { "unfollow" };
                    app.say_refusal(&format!("could not {verb} #{name}"), error);
                }
            }
        })
    }
}

#[derive(Debug)]
pub struct FollowedTags;

#[async_trait]
impl Call for FollowedTags {
    type Output = Vec<Tag>;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Tag>, ApiError> {
        net.backend.followed_tags().await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Tag>, ApiError>) -> Landed {
        land(move |app| {
            let picker = app.state.picker_for(&PickerPurpose::FollowedTags);
            match result {
                Ok(tags) => {
                    if let Some(picker) = picker {
                        picker.items = tag_items(&tags);
                        picker.loading = false;
                    }
                    for tag in &tags {
                        app.state.set_tag_followed(&tag.name, true);
                    }
                }
                Err(error) => {
                    if picker.is_some() {
                        app.state.popup = None;
                    }
                    app.say_refusal("could not list your followed hashtags", error);
                }
            }
        })
    }
}

#[derive(Debug)]
pub struct FeatureTag {
    name: String,
}

#[async_trait]
impl Call for FeatureTag {
    type Output = bool;
    const RETRIED: bool = false;

    async fn fetch(&self, net: &Net<'_>) -> Result<bool, ApiError> {
        net.backend.toggle_featured_tag(&self.name).await
    }

    fn arrived(self: Box<Self>, result: Result<bool, ApiError>) -> Landed {
        land(move |app| {
            let name = &self.name;
            match result {
                Ok(true) => app.say(format!("#{name} is featured on your profile"), false),
                Ok(false) => app.say(
                    format!("#{name} is no longer featured on your profile"),
                    false,
                ),
                Err(error) => app.say_refusal(&format!("could not feature #{name}"), error),
            }
        })
    }
}

fn tag_items(tags: &[Tag]) -> Vec<PickerItem> {
    tags.iter()
        .map(|tag| PickerItem {
            label: format!("#{}", tag.name),
            value: tag.name.clone(),
        })
        .collect()
}

impl App {
    /// The hashtag a tag action is about: the tab's, on a hashtag tab; else one of the
    /// selected post's (asked for when it has several) through `purpose`.
    pub(in crate::app) fn on_a_tag(&mut self, purpose: PickerPurpose) {
        match self.shown_hashtag() {
            Some(name) => self.choose(&purpose, name),
            None => self.pick_from_post(purpose),
        }
    }

    /// The hashtag of the timeline on screen, when a hashtag tab shows itself (nothing
    /// opened over it).
    fn shown_hashtag(&self) -> Option<String> {
        let tab = self.state.active_tab()?;
        match (&tab.timeline.kind, tab.stack.last()) {
            (TimelineKind::Hashtag(name), None) => Some(name.clone()),
            _ => None,
        }
    }

    /// Follows the hashtag, or unfollows it if the user follows it.
    pub(in crate::app) fn toggle_tag_follow(&mut self, name: String) {
        let follow = !self.state.follows_tag(&name);
        self.say(
            if follow {
                format!("following #{name}…")
            } else {
                format!("unfollowing #{name}…")
            },
            false,
        );
        self.call(FollowTag { name, follow });
    }

    pub(in crate::app) fn unfollow_tag(&mut self, name: String) {
        self.say(format!("unfollowing #{name}…"), false);
        self.call(FollowTag {
            name,
            follow: false,
        });
    }

    pub(in crate::app) fn toggle_tag_featured(&mut self, name: String) {
        self.say(format!("featuring #{name}…"), false);
        self.call(FeatureTag { name });
    }

    /// The followed hashtags, in a picker that opens them (and unfollows them).
    pub(in crate::app) fn open_followed_tags(&mut self) {
        self.state.popup = Some(Popup::Picker(Picker {
            title: "Followed hashtags".into(),
            purpose: PickerPurpose::FollowedTags,
            items: Vec::new(),
            filter: String::new(),
            selected: 0,
            loading: true,
        }));
        self.call(FollowedTags);
    }

    /// Asks once whether the user follows the hashtag of a tab (for its mark).
    pub(in crate::app) fn ask_tag_followed(&mut self, kind: &TimelineKind) {
        if let TimelineKind::Hashtag(name) = kind
            && !self.state.knows_tag(name)
        {
            // Not followed until the answer says otherwise: asked once.
            self.state.set_tag_followed(name, false);
            self.call(TagFollowed { name: name.clone() });
        }
    }
}
