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
    /// The filters, read with `load` the first time (and again after a failure to reach the
    /// server, said in the log). A server that answers without them (none, a refusal, an
    /// answer skua cannot read) has none: it is not asked again with every page.
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
            Err(error) if error.is_transient() => {
                tracing::warn!(%error, "could not read the filters; asked again with the next page");
                Arc::default()
            }
            Err(error) => {
                tracing::warn!(%error, "the server gives no filters; judged without");
                self.keep(Vec::new())
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
            TimelineKind::Home
            | TimelineKind::List { .. }
            | TimelineKind::Social
            | TimelineKind::Antenna { .. }
            | TimelineKind::Clip { .. }
            | TimelineKind::Channel { .. } => Some(FilterContext::Home),
            TimelineKind::Local | TimelineKind::Federated | TimelineKind::Hashtag(_) => {
                Some(FilterContext::Public)
            }
            TimelineKind::Notifications { .. } => Some(FilterContext::Notifications),
            TimelineKind::Account { .. } => Some(FilterContext::Account),
            TimelineKind::Bookmarks
            | TimelineKind::Favourites
            | TimelineKind::Direct
            | TimelineKind::Chat(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_server_that_refuses_the_filters_is_not_asked_with_every_page() {
        let judge = Judge::default();
        let asked = AtomicUsize::new(0);
        let load = |error: ApiError| {
            let asked = &asked;
            async move {
                asked.fetch_add(1, Ordering::Relaxed);
                Err::<Vec<Filter>, _>(error)
            }
        };
        // Unreachable: asked again next time.
        judge.filters(load(ApiError::Timeout)).await;
        judge.filters(load(ApiError::Forbidden("no".into()))).await;
        // Refused: kept as none, not asked again.
        judge.filters(load(ApiError::Forbidden("no".into()))).await;
        assert_eq!(asked.load(Ordering::Relaxed), 2);
        assert!(judge.current().is_empty());
    }
}
