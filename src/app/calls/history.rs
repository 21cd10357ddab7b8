//! The earlier versions of an edited post, shown in a popup.

use async_trait::async_trait;

use super::land;
use crate::action::Action;
use crate::api::{ApiError, Version};
use crate::fetcher::{Call, Landed, Net};
use crate::state::Popup;

#[derive(Debug)]
pub struct History {
    pub post: String,
}

#[async_trait]
impl Call for History {
    type Output = Vec<Version>;
    const RETRIED: bool = true;

    /// Sharkey keeps the versions of an edited note; other Misskeys that edit do not.
    fn serves(&self) -> &'static [Action] {
        &[Action::History]
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Vec<Version>, ApiError> {
        net.backend.history(&self.post).await
    }

    fn arrived(self: Box<Self>, result: Result<Vec<Version>, ApiError>) -> Landed {
        land(move |app| match result {
            Ok(mut versions) if versions.len() > 1 => {
                versions.reverse();
                app.state.popup = Some(Popup::History {
                    versions,
                    scroll: 0,
                });
            }
            Ok(_) => app.say_in_words("this post was never edited", false),
            Err(error) => app.say(format!("could not show the versions: {error}"), true),
        })
    }
}
