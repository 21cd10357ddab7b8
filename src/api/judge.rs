//! The viewer's filters as a backend keeps them: read once with the first timeline, kept again
//! whenever they are read or changed, and used to judge every post read or streamed where the
//! server did not judge it already (Misskey's muted words; GoToSocial sends no `filtered`).

use std::future::Future;
use std::sync::{Arc, RwLock};

use jiff::Timestamp;

use super::{ApiError, Entry, Filter, FilterContext, FilterSet, TimelineKind};

/// How long a page waits for the filters read alongside it: a server slow to answer them
/// must not hold the posts back (the next page asks for them again).
const FILTERS_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, Default)]
pub struct Judge {
    set: RwLock<Option<Arc<FilterSet>>>,
}

impl Judge {
    /// The filters, read with `load` the first time (and again after a failure, said in the
    /// log). A server without filters has none.
    pub async fn filters(
        &self,
        load: impl Future<Output = Result<Vec<Filter>, ApiError>>,
    ) -> Arc<FilterSet> {
        if let Some(set) = self.set.read().ok().and_then(|set| set.clone()) {
            return set;
        }
        let Ok(loaded) = tokio::time::timeout(FILTERS_WAIT, load).await else {
            tracing::warn!("the filters are slow to come; this page is shown without them");
            return Arc::default();
        };
        match loaded {
            Ok(filters) => self.keep(filters),
            Err(ApiError::NotFound(_) | ApiError::Unsupported(_)) => self.keep(Vec::new()),
            Err(error) => {
                tracing::warn!(%error, "could not read the filters");
                Arc::default()
            }
        }
    }

    /// The filters as last read (none before they were).
    pub fn current(&self) -> Arc<FilterSet> {
        self.set
            .read()
            .ok()
            .and_then(|set| set.clone())
            .unwrap_or_default()
    }

    /// Judges with `filters` from now on.
    pub fn keep(&self, filters: Vec<Filter>) -> Arc<FilterSet> {
        let set = Arc::new(FilterSet::new(filters));
        if let Ok(mut kept) = self.set.write() {
            *kept = Some(set.clone());
        }
        set
    }
}

/// Judges the posts of a page of `kind` that the server left unjudged.
pub fn judge_page(set: &FilterSet, entries: &mut [Entry], kind: &TimelineKind) {
    let Some(context) = kind.filter_context() else {
        return;
    };
    if set.is_empty() {
        return;
    }
    let now = Timestamp::now();
    for post in entries.iter_mut().filter_map(|e| e.post.as_mut()) {
        if post.filtered.is_none() {
            post.filtered = set.judge(post, context, now);
        }
    }
}

impl TimelineKind {
    /// Which filters apply to it (Mastodon's contexts); `None` where none do.
    pub fn filter_context(&self) -> Option<FilterContext> {
        match self {
            TimelineKind::Home | TimelineKind::List { .. } | TimelineKind::Social => {
                Some(FilterContext::Home)
            }
            TimelineKind::Local | TimelineKind::Federated | TimelineKind::Hashtag(_) => {
                Some(FilterContext::Public)
            }
            TimelineKind::Notifications { .. } => Some(FilterContext::Notifications),
            TimelineKind::Account { .. } => Some(FilterContext::Account),
            TimelineKind::Bookmarks | TimelineKind::Favourites | TimelineKind::Direct => None,
        }
    }
}
