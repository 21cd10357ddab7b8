//! Explore: what is popular on the server (trending posts, hashtags and links) and the
//! accounts it suggests following, in the form of search results over the tab.

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, Trends};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net, Owner};
use crate::state::search::SearchView;
use crate::state::{View, ViewId};

#[derive(Debug)]
pub struct Explore {
    view: ViewId,
}

#[async_trait]
impl Call for Explore {
    type Output = Trends;
    const RETRIED: bool = true;

    fn owner(&self) -> Option<Owner> {
        Some(Owner::View(self.view))
    }

    async fn fetch(&self, net: &Net<'_>) -> Result<Trends, ApiError> {
        net.backend.trends().await
    }

    fn arrived(self: Box<Self>, result: Result<Trends, ApiError>) -> Landed {
        land(move |app| {
            let Some(search) = crate::state::search_in(&mut app.state.tabs, self.view) else {
                return;
            };
            match result {
                Ok(trends) => search.apply_trends(trends, &mut app.state.posts),
                Err(error) => search.failed(format!("could not ask what is popular: {error}")),
            }
        })
    }
}

impl App {
    pub(in crate::app) fn open_explore(&mut self) {
        let id = self.new_view_id();
        self.push_view(View::Search(Box::new(SearchView::explore(id))));
        self.call(Explore { view: id });
    }
}
