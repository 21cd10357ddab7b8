//! The viewer's muted words on Misskey (`mutedWords` fold a note, `hardMutedWords` hide it),
//! shown and edited as filters: each entry is one, words that must all occur or a
//! `/regular expression/`. Misskey keeps them as two lists on the user (`i`, `i/update`).

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::{Value, json};

use super::Misskey;
use crate::api::{
    ApiError, Filter, FilterAction, FilterContext, FilterSet, Filters, Rule, entry_regex,
};
use crate::sanitize;

/// The user's two lists of muted words, as the server has them.
#[derive(Debug, Default, Deserialize)]
struct MutedWords {
    #[serde(default, rename = "mutedWords")]
    soft: Vec<Value>,
    #[serde(default, rename = "hardMutedWords")]
    hard: Vec<Value>,
}

/// An entry as it is written: its words with spaces between, or the expression.
fn entry_text(entry: &Value) -> Option<String> {
    match entry {
        Value::Array(words) => {
            let words: Vec<&str> = words.iter().filter_map(Value::as_str).collect();
            Some(words.join(" ")).filter(|w| !w.trim().is_empty())
        }
        Value::String(expression) => Some(expression.clone()),
        _ => None,
    }
}

/// A filter's id: which list the entry is on, and the entry.
fn entry_id(hard: bool, entry: &str) -> String {
    format!("{}:{entry}", if hard { "hard" } else { "soft" })
}

impl MutedWords {
    fn into_filters(self) -> Vec<Filter> {
        let soft = self.soft.iter().map(|e| (false, e));
        let hard = self.hard.iter().map(|e| (true, e));
        soft.chain(hard)
            .filter_map(|(hard, entry)| {
                let text = sanitize::owned_line(&entry_text(entry)?);
                Some(Filter {
                    id: entry_id(hard, &text),
                    title: format!("muted word “{text}”"),
                    rule: Rule::Entry(text),
                    contexts: FilterContext::ALL.to_vec(),
                    action: if hard {
                        FilterAction::Hide
                    } else {
                        FilterAction::Warn
                    },
                    expires_at: None,
                    post_ids: Vec::new(),
                })
            })
            .collect()
    }

    /// Takes out the entry a filter id names.
    fn remove(&mut self, id: &str) {
        let (list, entry) = match id.split_once(':') {
            Some(("hard", entry)) => (&mut self.hard, entry),
            Some((_, entry)) => (&mut self.soft, entry),
            None => return,
        };
        list.retain(|e| entry_text(e).is_none_or(|text| sanitize::owned_line(&text) != entry));
    }
}

impl Misskey {
    /// The muted words to judge notes with, read the first time they are needed.
    pub(super) async fn filter_set(&self) -> Arc<FilterSet> {
        self.judge.filters(self.read_filters()).await
    }

    async fn muted_words(&self) -> Result<MutedWords, ApiError> {
        self.me().await?.json()
    }

    /// Read now, before they are written: a word muted elsewhere moments ago stays.
    async fn muted_words_now(&self) -> Result<MutedWords, ApiError> {
        self.me_now().await?.json()
    }

    async fn read_filters(&self) -> Result<Vec<Filter>, ApiError> {
        Ok(self.muted_words().await?.into_filters())
    }

    /// Writes both lists; judges with what the server answers from now on.
    async fn write(&self, muted: MutedWords) -> Result<Vec<Filter>, ApiError> {
        let body = json!({ "mutedWords": muted.soft, "hardMutedWords": muted.hard });
        let filters = self
            .call("i/update", body)
            .await?
            .json::<MutedWords>()?
            .into_filters();
        self.judge.keep(filters.clone());
        Ok(filters)
    }
}

#[async_trait]
impl Filters for Misskey {
    async fn filters(&self) -> Result<Vec<Filter>, ApiError> {
        let filters = self.read_filters().await?;
        self.judge.keep(filters.clone());
        Ok(filters)
    }

    async fn save_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError> {
        let entry = match &filter.rule {
            Rule::Entry(entry) => entry.trim(),
            Rule::AnyKeyword(_) => filter.title.trim(),
        };
        let value = match entry_regex(entry) {
            Some(Ok(_)) => Value::String(entry.to_owned()),
            Some(Err(error)) => {
                return Err(ApiError::Invalid(format!(
                    "“{entry}” is not a regular expression skua can read: {error}"
                )));
            }
            None => Value::from(entry.split_whitespace().collect::<Vec<_>>()),
        };
        if value.as_array().is_some_and(Vec::is_empty) {
            return Err(ApiError::Invalid("a muted word needs a word".into()));
        }
        let mut muted = self.muted_words_now().await?;
        muted.remove(&filter.id);
        match filter.action {
            FilterAction::Hide => muted.hard.push(value),
            FilterAction::Warn | FilterAction::Blur => muted.soft.push(value),
        }
        self.write(muted).await
    }

    async fn delete_filter(&self, filter: &Filter) -> Result<Vec<Filter>, ApiError> {
        let mut muted = self.muted_words_now().await?;
        muted.remove(&filter.id);
        self.write(muted).await
    }
}
