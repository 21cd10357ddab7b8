//! The viewer's filters on a Mastodon-API server (v2 filters): read, made, changed, deleted,
//! and kept to judge posts the server sent unjudged.

use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::*;
use crate::api::{
    ApiError, Filter, FilterAction, FilterContext, FilterSet, Filters, Keyword, Rule,
};
use crate::sanitize;

#[derive(Deserialize)]
struct WireFilter {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    context: Vec<String>,
    expires_at: Option<jiff::Timestamp>,
    #[serde(default)]
    filter_action: String,
    #[serde(default)]
    keywords: Vec<WireKeyword>,
    #[serde(default)]
    statuses: Vec<WireFilterStatus>,
}

#[derive(Deserialize)]
struct WireKeyword {
    id: String,
    keyword: String,
    #[serde(default)]
    whole_word: bool,
}

#[derive(Deserialize)]
struct WireFilterStatus {
    status_id: String,
}

impl WireFilter {
    fn into_filter(self) -> Filter {
        Filter {
            id: sanitize::owned_line(&self.id),
            title: sanitize::owned_line(&self.title),
            rule: Rule::AnyKeyword(
                self.keywords
                    .into_iter()
                    .map(|k| Keyword {
                        id: Some(sanitize::owned_line(&k.id)),
                        text: sanitize::owned_line(&k.keyword),
                        whole_word: k.whole_word,
                    })
                    .collect(),
            ),
            contexts: self
                .context
                .iter()
                .filter_map(|c| FilterContext::from_wire(c))
                .collect(),
            action: FilterAction::from_wire(&self.filter_action),
            expires_at: self.expires_at,
            post_ids: self.statuses.into_iter().map(|s| s.status_id).collect(),
        }
    }
}

impl Mastodon {
    /// The filters to judge posts with, read the first time they are needed.
    pub(super) async fn filter_set(&self) -> Arc<FilterSet> {
        self.judge.filters(self.read_filters()).await
    }

    async fn read_filters(&self) -> Result<Vec<Filter>, ApiError> {
        let filters: Vec<WireFilter> = self
            .get(self.url(&["api", "v2", "filters"]), &[])
            .await?
            .items()?;
        Ok(filters.into_iter().map(WireFilter::into_filter).collect())
    }

    /// What to send for `filter`: its keywords (those of `before` no longer there removed).
    fn filter_body(filter: &Filter, before: Option<&Filter>) -> Value {
        let keywords = match &filter.rule {
            Rule::AnyKeyword(keywords) => keywords.as_slice(),
            Rule::Entry(_) => &[],
        };
        let mut attributes: Vec<Value> = keywords
            .iter()
            .map(|k| match &k.id {
                Some(id) => json!({ "id": id, "keyword": k.text, "whole_word": k.whole_word }),
                None => json!({ "keyword": k.text, "whole_word": k.whole_word }),
            })
            .collect();
        if let Some(Rule::AnyKeyword(old)) = before.map(|b| &b.rule) {
            attributes.extend(
                old.iter()
                    .filter_map(|k| k.id.as_ref())
                    .filter(|id| !keywords.iter().any(|k| k.id.as_ref() == Some(*id)))
                    .map(|id| json!({ "id": id, "_destroy": true })),
            );
        }
        let expires_in = filter
            .expires_at
            .map(|at| (at - jiff::Timestamp::now()).get_seconds().max(1));
        json!({
            "title": filter.title,
            "context": filter.contexts.iter().map(|c| c.wire()).collect::<Vec<_>>(),
            "filter_action": filter.action.wire(),
            "expires_in": expires_in,
            "keywords_attributes": attributes,
        })
    }

    /// Reads the filters after a change, and judges with them from now on.
    async fn filters_after(&self) -> Result<Vec<Filter>, ApiError> {
        let filters = self.read_filters().await?;
        self.judge.keep(filters.clone());
        Ok(filters)
    }
}

#[async_trait]
impl Filters for Mastodon {
    async fn filters(&self) -> Result<Vec<Filter>, ApiError> {
        self.filters_after().await
    }

    async fn save_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError> {
        if filter.id.is_empty() {
            let body = Self::filter_body(filter, None);
            let url = self.url(&["api", "v2", "filters"]);
            self.call(Method::POST, url, &[], Some(body)).await?;
        } else {
            let url = self.url(&["api", "v2", "filters", &filter.id]);
            let before: WireFilter = self.get(url.clone(), &[]).await?.json()?;
            let body = Self::filter_body(filter, Some(&before.into_filter()));
            self.call(Method::PUT, url, &[], Some(body)).await?;
        }
        self.filters_after().await
    }

    async fn delete_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError> {
        let url = self.url(&["api", "v2", "filters", &filter.id]);
        self.call(Method::DELETE, url, &[], None).await?;
        self.filters_after().await
    }
}
